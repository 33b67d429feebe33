//! The tabs of the administrator's page (`pages/admin.rs`) and the few pieces they share.
//!
//! Deliberately plain: HTML tables and forms, one `RwSignal` per list and per form, native
//! `confirm`/`prompt` dialogs for irreversible steps (keyboard-usable and small). The server
//! decides every permission and validates every field; its messages are shown as they come.

// The aspiration service's holidays and indicator bindings (issue 23).
pub mod aspirations;
pub mod audit;
pub mod periods;
pub mod rubric_editor;
pub mod rubric_form;
pub mod rubric_impact;
pub mod rubrics;
pub mod tokens;
// The unit registry (issue 17).
pub mod units;
pub mod users;

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::api::admin::Problem;
use crate::i18n::{Msg, use_i18n};

/// The outcome of a tab's last action: a success message, or the server's problems.
pub type Outcome = Option<Result<String, Vec<Problem>>>;

/// Shows an [`Outcome`]; each problem with its field path when the server gave one.
pub fn outcome_view(outcome: RwSignal<Outcome>) -> impl IntoView {
    move || {
        outcome.get().map(|outcome| match outcome {
            Ok(text) => view! { <p class="form__success" role="status" data-testid="admin-success">{text}</p> }.into_any(),
            Err(problems) => view! {
                <ul class="form__error admin-problems" role="alert" data-testid="admin-problems">
                    {problems
                        .into_iter()
                        .map(|(field, message)| view! { <li>{field.map(|field| view! { <code>{field}</code> ": " })}{message}</li> })
                        .collect_view()}
                </ul>
            }
            .into_any(),
        })
    }
}

/// A secret shown once (a set-up link, an API token): a read-only field to select, a copy
/// button and the warning that it will not be shown again.
pub fn one_time_secret(heading: String, value: String, warning: Msg) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let copy_value = value.clone();
    view! {
        <section class="admin-secret" role="status" aria-labelledby="admin-secret-title" data-testid="admin-secret">
            <h3 id="admin-secret-title">{heading}</h3>
            <p class="admin-secret__warning"><strong>"⚠ "{i18n.tr(warning)}</strong></p>
            <div class="admin-secret__row">
                <input type="text" readonly aria-labelledby="admin-secret-title" data-testid="admin-secret-value" prop:value=value
                    on:focus=|event| { event_target::<web_sys::HtmlInputElement>(&event).select(); }/>
                <button type="button" class="button button--primary" data-testid="admin-secret-copy" on:click=move |_| {
                    if let Some(window) = web_sys::window() {
                        let _ = window.navigator().clipboard().write_text(&copy_value);
                    }
                    copied.set(true);
                }>
                    {move || if copied.get() { i18n.t(Msg::AdminCopied) } else { i18n.t(Msg::AdminCopy) }}
                </button>
            </div>
        </section>
    }
}

/// Checkboxes for choosing indicator codes from the stored rubrics.
pub fn indicator_picker(
    legend: Msg,
    catalog: RwSignal<BTreeMap<String, String>>,
    chosen: RwSignal<Vec<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="admin-codes">
            <legend>{i18n.tr(legend)}</legend>
            {move || {
                catalog
                    .get()
                    .into_iter()
                    .map(|(code, name)| {
                        let (checked_code, toggled_code) = (code.clone(), code.clone());
                        view! {
                            <label>
                                <input type="checkbox" data-testid=format!("admin-code-{code}")
                                    prop:checked=move || chosen.with(|codes| codes.contains(&checked_code))
                                    on:change=move |event| {
                                        let on = event_target_checked(&event);
                                        chosen.update(|codes| {
                                            codes.retain(|known| known != &toggled_code);
                                            if on {
                                                codes.push(toggled_code.clone());
                                            }
                                        });
                                    }/>
                                " " <span class="indicator-code">{code}</span> " " {name}
                            </label>
                        }
                    })
                    .collect_view()
            }}
        </fieldset>
    }
}

/// `2024-05-01T03:04:05.123Z` → `2024-05-01 03:04 UTC` (the server keeps UTC; no clock or time
/// zone database is needed in the browser for that).
pub fn short_time(timestamp: &str) -> String {
    match (timestamp.get(..10), timestamp.get(11..16)) {
        (Some(date), Some(time)) => format!("{date} {time} UTC"),
        _ => timestamp.to_string(),
    }
}

/// Asks the browser's own confirmation dialog (keyboard-usable, screen-reader friendly).
pub fn confirmed(question: &str) -> bool {
    web_sys::window().is_some_and(|window| window.confirm_with_message(question).unwrap_or(false))
}

#[cfg(test)]
mod tests {
    use super::short_time;

    #[test]
    fn times_are_shown_to_the_minute_in_utc() {
        assert_eq!(short_time("2024-05-01T03:04:05.123Z"), "2024-05-01 03:04 UTC");
        assert_eq!(short_time("kemarin"), "kemarin");
    }
}
