//! A unit's published messages and answers on its public page (anonymised: the server never
//! sends a contact), with each one's response time, and the form with the unit preselected.

use leptos::prelude::*;

use super::form::AspirationForm;
use super::{AspText, category_label, msg, wib_time, working_days_text};
use crate::api::aspirations::{self as api, AspirationPublic, AspirationPublicList, Failure};
use crate::i18n::{format_integer, use_i18n};

/// The "Aspirasi masyarakat" section of `/unit/{code}`.
#[component]
pub fn UnitMessages(#[prop(into)] unit_code: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(None::<Result<AspirationPublicList, Failure>>);
    let opened = RwSignal::new(false);
    Effect::new(move |_| {
        let code = unit_code.get();
        state.set(None);
        leptos::task::spawn_local(async move {
            let loaded = api::unit_messages(&code).await;
            let _ = state.try_set(Some(loaded));
        });
    });
    let list = move || match state.get() {
        None => view! { <p class="loading" role="status">{i18n.tr(msg(AspText::UnitsLoading))}</p> }.into_any(),
        Some(Err(failure)) => {
            view! { <p class="asp-muted">{super::failure_message(&failure, i18n.lang())}</p> }.into_any()
        }
        Some(Ok(list)) if list.messages.is_empty() => {
            view! { <p class="asp-muted" data-testid="unit-asp-none">{i18n.tr(msg(AspText::UnitNone))}</p> }.into_any()
        }
        Some(Ok(list)) => {
            let count = list.messages.len();
            let answered = list.answered;
            let median = list.median_response_working_days;
            view! {
                <p class="asp-summary" data-testid="unit-asp-summary">
                    {move || format!(
                        "{} {}, {} {}",
                        format_integer(i64::try_from(count).unwrap_or(0), i18n.lang()),
                        i18n.t(msg(AspText::PublishedCount)),
                        format_integer(i64::from(answered), i18n.lang()),
                        i18n.t(msg(AspText::AnsweredCount)),
                    )}
                    {median.map(|days| view! {
                        " · " {i18n.tr(msg(AspText::MedianResponse))} ": "
                        <span data-testid="unit-asp-median">{move || working_days_text(days, i18n.lang())}</span>
                    })}
                </p>
                <ul class="asp-list" data-testid="unit-asp-list">
                    {list.messages.into_iter().map(message_item).collect_view()}
                </ul>
            }
            .into_any()
        }
    };
    view! {
        <section class="report-section asp-unit no-print" data-testid="unit-aspirations" aria-labelledby="unit-asp-title">
            <h2 id="unit-asp-title">{i18n.tr(msg(AspText::UnitHeading))}</h2>
            <p class="asp-hint">{i18n.tr(msg(AspText::UnitLead))}</p>
            {list}
            // The form (and its challenge) starts only when opened.
            <details class="asp-unit-form" data-testid="unit-asp-form" on:toggle=move |event| {
                use wasm_bindgen::JsCast;
                let open = event
                    .target()
                    .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|details| details.has_attribute("open"));
                opened.set(open || opened.get_untracked());
            }>
                <summary data-testid="unit-asp-form-open">{i18n.tr(msg(AspText::UnitSendToThis))}</summary>
                {move || opened.get().then(|| view! { <AspirationForm preset_unit=unit_code.get()/> })}
            </details>
        </section>
    }
}

fn message_item(message: AspirationPublic) -> impl IntoView {
    let i18n = use_i18n();
    let category = message.category;
    let days = message.response_working_days;
    view! {
        <li class="asp-item" data-testid="unit-asp-item" data-code=message.code.clone()>
            <p class="asp-item__meta">
                <span class="asp-tag">{move || category_label(category, i18n.lang())}</span>
                " · " {wib_time(&message.submitted_at)}
            </p>
            <blockquote class="asp-text">{message.text.clone()}</blockquote>
            {match message.answer.clone() {
                Some(answer) => view! {
                    <div class="asp-answer">
                        <p class="asp-item__meta">
                            <strong>{i18n.tr(msg(AspText::Answer))}</strong>
                            {days.map(|days| view! {
                                " · " {i18n.tr(msg(AspText::AnsweredIn))} " "
                                <span data-testid="unit-asp-days">{move || working_days_text(days, i18n.lang())}</span>
                            })}
                        </p>
                        <blockquote class="asp-text asp-text--answer" data-testid="unit-asp-answer">{answer}</blockquote>
                    </div>
                }
                .into_any(),
                None => view! { <p class="asp-muted">{i18n.tr(msg(AspText::NotAnswered))}</p> }.into_any(),
            }}
        </li>
    }
}
