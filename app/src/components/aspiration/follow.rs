//! Following a message by its receipt code: the code field (any case, with or without the
//! dash) and the follow view (status, the unit's answer, the times in WIB).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::{AspText, category_label, msg, status_label, wib_time, working_days_text};
use crate::api::aspirations::{self as api, AspirationPublic, Failure};
use crate::i18n::use_i18n;

/// "Sudah mengirim aspirasi?": a receipt code field that opens `/aspirasi/<code>`.
#[component]
pub fn FollowForm(
    /// Shown under a followed message: the heading says "another".
    #[prop(optional)]
    another: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let typed = RwSignal::new(String::new());
    let wrong = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match contract::aspirations::normalise_receipt(&typed.get_untracked()) {
            Some(code) => {
                wrong.set(false);
                navigate(&format!("/aspirasi/{code}"), Default::default());
            }
            None => wrong.set(true),
        }
    };
    view! {
        <section class="asp-follow-form" aria-labelledby="asp-follow-title">
            <h2 id="asp-follow-title">{i18n.tr(msg(if another { AspText::FollowAnother } else { AspText::FollowHeading }))}</h2>
            <form class="form asp-follow-form__row" on:submit=submit novalidate>
                <div class="form__field">
                    <label for="asp-follow-code">{i18n.tr(msg(AspText::FollowLead))}</label>
                    <input id="asp-follow-code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false"
                        placeholder="XXXXX-XXXXX" data-testid="asp-follow-code"
                        aria-invalid=move || wrong.get().then_some("true")
                        aria-describedby=move || if wrong.get() { "asp-follow-error" } else { "" }
                        prop:value=move || typed.get()
                        on:input=move |event| typed.set(event_target_value(&event))/>
                    {move || wrong.get().then(|| view! {
                        <p class="asp-field-error" id="asp-follow-error" data-testid="asp-follow-error">{i18n.tr(msg(AspText::FollowNotFound))}</p>
                    })}
                </div>
                <p><button type="submit" class="button button--secondary" data-testid="asp-follow-show">{i18n.tr(msg(AspText::FollowShow))}</button></p>
            </form>
        </section>
    }
}

/// The follow view of one message.
#[component]
pub fn FollowView(#[prop(into)] code: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(None::<Result<AspirationPublic, Failure>>);
    Effect::new(move |_| {
        let code = code.get();
        state.set(None);
        leptos::task::spawn_local(async move {
            let loaded = api::follow(&code).await;
            let _ = state.try_set(Some(loaded));
        });
    });
    move || match state.get() {
        None => view! { <p class="loading" role="status">{i18n.tr(msg(AspText::UnitsLoading))}</p> }.into_any(),
        Some(Err(failure)) if failure.status == 404 => view! {
            <p class="alert" role="alert" data-testid="asp-follow-missing">{i18n.tr(msg(AspText::FollowNotFound))}</p>
        }
        .into_any(),
        Some(Err(failure)) => view! {
            <p class="alert" role="alert">{super::failure_message(&failure, i18n.lang())}</p>
        }
        .into_any(),
        Some(Ok(message)) => message_view(message).into_any(),
    }
}

fn message_view(message: AspirationPublic) -> impl IntoView {
    let i18n = use_i18n();
    let status = message.status;
    let status_class = super::status_class(status);
    let category = message.category;
    let unit_link = format!("/unit/{}", message.unit_code);
    let submitted = wib_time(&message.submitted_at);
    let published = message.published_at.as_deref().map(wib_time);
    let answered = message.answered_at.as_deref().map(wib_time);
    let days = message.response_working_days;
    let answer = message.answer.clone();
    let reason = message.hidden_reason.clone();
    view! {
        <section class="asp-message" data-testid="asp-follow-view" aria-labelledby="asp-follow-code-title">
            <h2 id="asp-follow-code-title">
                {i18n.tr(msg(AspText::ReceiptCode))} " " <span class="asp-code" data-testid="asp-follow-view-code">{message.code.clone()}</span>
            </h2>
            <dl class="asp-facts">
                <dt>{i18n.tr(msg(AspText::Status))}</dt>
                <dd><span class=status_class data-testid="asp-follow-status" data-status=status.code()>{move || status_label(status, i18n.lang())}</span></dd>
                {reason.map(|reason| view! {
                    <dt>{i18n.tr(msg(AspText::HiddenReason))}</dt>
                    <dd data-testid="asp-follow-reason">{reason}</dd>
                })}
                <dt>{i18n.tr(msg(AspText::Unit))}</dt>
                <dd><a href=unit_link>{message.unit_name.clone()}</a></dd>
                <dt>{i18n.tr(msg(AspText::Category))}</dt>
                <dd>{move || category_label(category, i18n.lang())}</dd>
                <dt>{i18n.tr(msg(AspText::Submitted))}</dt>
                <dd data-testid="asp-follow-submitted">{submitted}</dd>
                {published.map(|at| view! {
                    <dt>{i18n.tr(msg(AspText::Published))}</dt>
                    <dd>{at}</dd>
                })}
                {answered.map(|at| view! {
                    <dt>{i18n.tr(msg(AspText::Answered))}</dt>
                    <dd data-testid="asp-follow-answered">{at}</dd>
                })}
                {days.map(|days| view! {
                    <dt>{i18n.tr(msg(AspText::ResponseTime))}</dt>
                    <dd data-testid="asp-follow-days">{move || working_days_text(days, i18n.lang())}</dd>
                })}
            </dl>
            <blockquote class="asp-text" data-testid="asp-follow-text">{message.text.clone()}</blockquote>
            <h3>{i18n.tr(msg(AspText::Answer))}</h3>
            {match answer {
                Some(answer) => view! { <blockquote class="asp-text asp-text--answer" data-testid="asp-follow-answer">{answer}</blockquote> }.into_any(),
                None => view! { <p class="asp-muted" data-testid="asp-follow-no-answer">{i18n.tr(msg(AspText::NoAnswerYet))}</p> }.into_any(),
            }}
        </section>
    }
}
