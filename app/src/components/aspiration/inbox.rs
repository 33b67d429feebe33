//! The staff inbox (`/kotak-aspirasi`): administrators moderate every unit's messages (publish,
//! hide with a reason, mark as spam); a unit's admin answers the messages of their unit. Each
//! message shows its private contact (while kept) and its whole history.

use leptos::prelude::*;

use super::{
    AspText, TEXT_LIMIT, category_label, char_count, counter_text, failure_message, msg, status_label, wib_time,
};
use crate::api::aspirations::{
    self as api, AspirationAction, AspirationEvent, AspirationModerationItem, AspirationStatus, Failure,
};
use crate::i18n::{Lang, use_i18n};

/// An event of the history in words.
pub fn event_label(event: AspirationEvent, lang: Lang) -> &'static str {
    let (id, en) = match event {
        AspirationEvent::Submitted => ("Dikirim", "Sent"),
        AspirationEvent::Published => ("Dipublikasikan", "Published"),
        AspirationEvent::Hidden => ("Disembunyikan", "Hidden"),
        AspirationEvent::Spam => ("Ditandai spam", "Marked as spam"),
        AspirationEvent::Answered => ("Dijawab", "Answered"),
    };
    if lang == Lang::Id { id } else { en }
}

/// The inbox. `moderator`: the signed-in user is an administrator (may publish, hide, mark spam).
#[component]
pub fn Inbox(moderator: bool) -> impl IntoView {
    let i18n = use_i18n();
    let filter = RwSignal::new(if moderator { Some(AspirationStatus::Pending) } else { None });
    let items = RwSignal::new(None::<Result<Vec<AspirationModerationItem>, Failure>>);
    Effect::new(move |_| {
        let status = filter.get();
        items.set(None);
        leptos::task::spawn_local(async move {
            let loaded = api::inbox(status).await.map(|list| list.items);
            let _ = items.try_set(Some(loaded));
        });
    });
    // The last action's outcome sits above the list: the list is drawn again with the changed
    // message, so focus moves to this notice.
    let notice = RwSignal::new(None::<Result<AspText, String>>);
    let report = Callback::new(move |outcome: Result<AspText, String>| {
        notice.set(Some(outcome));
        request_animation_frame(|| {
            use wasm_bindgen::JsCast;
            let element = web_sys::window()
                .and_then(|window| window.document())
                .and_then(|document| document.get_element_by_id("asp-inbox-notice"))
                .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(element) = element {
                let _ = element.focus();
            }
        });
    });
    let replace = move |item: AspirationModerationItem| {
        items.update(|loaded| {
            if let Some(Ok(list)) = loaded
                && let Some(slot) = list.iter_mut().find(|known| known.code == item.code)
            {
                *slot = item;
            }
        });
    };

    view! {
        <div class="form__field form__field--inline asp-filter">
            <label for="asp-filter">{i18n.tr(msg(AspText::InboxFilter))}</label>
            <select id="asp-filter" data-testid="asp-inbox-filter" on:change=move |event| {
                filter.set(AspirationStatus::parse(&event_target_value(&event)));
            }>
                <option value="" prop:selected=move || filter.get().is_none()>{i18n.tr(msg(AspText::InboxAll))}</option>
                {AspirationStatus::ALL.iter().map(|status| {
                    let status = *status;
                    view! {
                        <option value=status.code() prop:selected=move || filter.get() == Some(status)>
                            {move || status_label(status, i18n.lang())}
                        </option>
                    }
                }).collect_view()}
            </select>
        </div>
        {move || notice.get().map(|outcome| match outcome {
            Ok(done) => view! { <p class="form__success" role="status" id="asp-inbox-notice" tabindex="-1" data-testid="asp-inbox-done">{i18n.tr(msg(done))}</p> }.into_any(),
            Err(text) => view! { <p class="form__error" role="alert" id="asp-inbox-notice" tabindex="-1" data-testid="asp-inbox-error">{text}</p> }.into_any(),
        })}
        {move || match items.get() {
            None => view! { <p class="loading" role="status">{i18n.tr(msg(AspText::UnitsLoading))}</p> }.into_any(),
            Some(Err(failure)) => view! { <p class="alert" role="alert">{failure_message(&failure, i18n.lang())}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => {
                view! { <p class="asp-muted" data-testid="asp-inbox-empty">{i18n.tr(msg(AspText::InboxEmpty))}</p> }.into_any()
            }
            Some(Ok(list)) => view! {
                <ul class="asp-list asp-inbox" data-testid="asp-inbox">
                    {list.into_iter().map(|item| view! { <InboxItem item=item moderator=moderator on_changed=Callback::new(replace) report=report/> }).collect_view()}
                </ul>
            }
            .into_any(),
        }}
    }
}

#[component]
fn InboxItem(
    item: AspirationModerationItem,
    moderator: bool,
    on_changed: Callback<AspirationModerationItem>,
    report: Callback<Result<AspText, String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = item.code.clone();
    let status = item.status;
    let category = item.category;
    let busy = RwSignal::new(false);
    let draft = RwSignal::new(item.answer.clone().unwrap_or_default());
    let answer_problem = RwSignal::new(None::<String>);

    let act = {
        let code = code.clone();
        move |action: AspirationAction| {
            let reason = if action == AspirationAction::Hide {
                let asked = web_sys::window().and_then(|window| {
                    window.prompt_with_message(i18n.t(msg(AspText::HideReasonPrompt))).ok().flatten()
                });
                match asked.map(|reason| reason.trim().to_owned()) {
                    None => return,
                    Some(reason) if reason.is_empty() => {
                        report.run(Err(i18n.t(msg(AspText::ReasonRequired)).to_owned()));
                        return;
                    }
                    Some(reason) => Some(reason),
                }
            } else {
                None
            };
            let code = code.clone();
            busy.set(true);
            leptos::task::spawn_local(async move {
                let done = match action {
                    AspirationAction::Publish => AspText::DonePublished,
                    AspirationAction::Hide => AspText::DoneHidden,
                    AspirationAction::Spam => AspText::DoneSpam,
                };
                let result = api::moderate(&code, action, reason).await;
                let _ = busy.try_set(false);
                match result {
                    Ok(item) => {
                        on_changed.run(item);
                        report.run(Ok(done));
                    }
                    Err(failure) => report.run(Err(failure_message(&failure, i18n.lang_untracked()))),
                }
            });
        }
    };
    let send_answer = {
        let code = code.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let text = draft.get_untracked();
            if text.trim().is_empty() {
                answer_problem.set(Some(i18n.t(msg(AspText::AnswerEmpty)).to_owned()));
                return;
            }
            if char_count(&text) > TEXT_LIMIT {
                answer_problem.set(Some(counter_text(char_count(&text), i18n.lang_untracked())));
                return;
            }
            answer_problem.set(None);
            let code = code.clone();
            busy.set(true);
            leptos::task::spawn_local(async move {
                let result = api::answer(&code, text).await;
                let _ = busy.try_set(false);
                match result {
                    Ok(item) => {
                        on_changed.run(item);
                        report.run(Ok(AspText::DoneAnswered));
                    }
                    Err(failure) => {
                        let _ = answer_problem.try_set(Some(failure_message(&failure, i18n.lang_untracked())));
                    }
                }
            });
        }
    };
    let (publish, hide, spam) = (act.clone(), act.clone(), act);
    let answer_id = format!("asp-answer-{code}");
    let answer_error_id = format!("asp-answer-error-{code}");
    let answerable = status != AspirationStatus::Spam;
    let history = item.history.clone();

    view! {
        <li class="asp-item" data-testid="asp-inbox-item" data-code=code.clone() data-status=status.code()>
            <p class="asp-item__meta">
                <strong class="asp-code">{code.clone()}</strong>
                " · " {item.unit_name.clone()}
                " · " <span class="asp-tag">{move || category_label(category, i18n.lang())}</span>
                " · " {wib_time(&item.submitted_at)}
                " · " <span class=super::status_class(status) data-testid="asp-inbox-status">{move || status_label(status, i18n.lang())}</span>
            </p>
            <blockquote class="asp-text" data-testid="asp-inbox-text">{item.text.clone()}</blockquote>
            <p class="asp-private">
                {i18n.tr(msg(AspText::InboxContact))} ": "
                <span data-testid="asp-inbox-contact">{match item.contact.clone() {
                    Some(contact) => contact.into_any(),
                    None => view! { <span class="asp-muted">{i18n.tr(msg(AspText::InboxNoContact))}</span> }.into_any(),
                }}</span>
            </p>
            {item.self_post.then(|| view! { <p class="asp-muted">{i18n.tr(msg(AspText::InboxStaffPost))}</p> })}
            {item.hidden_reason.clone().map(|reason| view! {
                <p><strong>{i18n.tr(msg(AspText::HiddenReason))} ": "</strong>{reason}</p>
            })}
            {moderator.then(|| view! {
                <p class="asp-actions">
                    <button type="button" class="button button--primary button--small" data-testid="asp-publish"
                        disabled=move || busy.get() || status == AspirationStatus::Published
                        on:click=move |_| publish(AspirationAction::Publish)>{i18n.tr(msg(AspText::Publish))}</button>
                    <button type="button" class="button button--secondary button--small" data-testid="asp-hide"
                        disabled=move || busy.get() || status == AspirationStatus::Hidden
                        on:click=move |_| hide(AspirationAction::Hide)>{i18n.tr(msg(AspText::Hide))}</button>
                    <button type="button" class="button button--danger button--small" data-testid="asp-spam"
                        disabled=move || busy.get() || status == AspirationStatus::Spam
                        on:click=move |_| spam(AspirationAction::Spam)>{i18n.tr(msg(AspText::MarkSpam))}</button>
                </p>
            })}
            {answerable.then(|| view! {
                <form class="form asp-answer-form" on:submit=send_answer novalidate>
                    <div class="form__field">
                        <label for=answer_id.clone()>{i18n.tr(msg(AspText::AnswerLabel))}</label>
                        <textarea id=answer_id.clone() rows="3" data-testid="asp-answer-text"
                            aria-invalid=move || answer_problem.with(Option::is_some).then_some("true")
                            aria-describedby={
                                let id = answer_error_id.clone();
                                move || if answer_problem.with(Option::is_some) { id.clone() } else { String::new() }
                            }
                            prop:value=move || draft.get()
                            on:input=move |event| draft.set(event_target_value(&event))></textarea>
                        {
                            let id = answer_error_id.clone();
                            move || answer_problem.get().map(|text| view! {
                                <p class="asp-field-error" id=id.clone() data-testid="asp-answer-error">{text}</p>
                            })
                        }
                    </div>
                    <p><button type="submit" class="button button--secondary button--small" data-testid="asp-answer-send"
                        disabled=move || busy.get()>{i18n.tr(msg(AspText::AnswerSend))}</button></p>
                </form>
            })}
            <details class="asp-history" data-testid="asp-history">
                <summary>{i18n.tr(msg(AspText::InboxHistory))} " (" {history.len()} ")"</summary>
                <ol>
                    {history.into_iter().map(|record| {
                        let event = record.event;
                        view! {
                            <li data-event=event.code()>
                                {wib_time(&record.at)} " — " <strong>{move || event_label(event, i18n.lang())}</strong>
                                {record.actor.map(|actor| view! { " · " {actor} })}
                                {record.note.map(|note| view! { <span class="asp-history__note">{note}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </details>
        </li>
    }
}
