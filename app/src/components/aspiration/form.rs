//! The public aspiration form: unit, category, text with a live counter, an optional private
//! contact, a honeypot people never see, and the challenge the page solves in the background
//! (in slices, so typing stays smooth) before the message is sent. The receipt code is shown
//! large with a link to follow it.
//!
//! Every refusal is shown next to the field it is about (`aria-invalid`, `aria-describedby`),
//! and focus moves to the first such field; the server's messages are Indonesian as it wrote them.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{
    AspText, ChallengeStep, Field, TEXT_LIMIT, category_label, challenge_step, char_count, check_form, counter_text,
    failure_message, failure_problems, msg, wib_time,
};
use crate::api::aspirations::{
    self as api, AspirationCategory, AspirationReceipt, AspirationSubmission, AspirationUnit, Failure,
};
use crate::i18n::use_i18n;

/// Counters tried between two looks at the event loop.
const SLICE: u64 = 2048;

/// Where the challenge of the next submission stands.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Challenge {
    Working,
    Ready { nonce: String, counter: u64 },
    Failed(Failure),
}

/// The form. `preset_unit` preselects a unit (the unit's own page); the list is still offered.
#[component]
pub fn AspirationForm(#[prop(optional, into)] preset_unit: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let units = RwSignal::new(None::<Result<Vec<AspirationUnit>, Failure>>);
    let unit = RwSignal::new(preset_unit.unwrap_or_default());
    let category = RwSignal::new(None::<AspirationCategory>);
    let text = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let website = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<(Field, String)>::new());
    let busy = RwSignal::new(false);
    let send_when_ready = RwSignal::new(false);
    let retried = StoredValue::new(false);
    let receipt = RwSignal::new(None::<AspirationReceipt>);
    let challenge = RwSignal::new(Challenge::Working);
    let generation = StoredValue::new(0u32);

    leptos::task::spawn_local(async move {
        let loaded = api::units().await;
        let _ = units.try_set(Some(loaded));
    });

    let send_now = move || {
        let Challenge::Ready { nonce, counter } = challenge.get_untracked() else { return };
        let Some(category_chosen) = category.get_untracked() else { return };
        let contact_text = contact.get_untracked().trim().to_owned();
        let honeypot = website.get_untracked();
        let submission = AspirationSubmission {
            unit_code: unit.get_untracked(),
            category: category_chosen,
            text: text.get_untracked(),
            contact: (!contact_text.is_empty()).then_some(contact_text),
            website: (!honeypot.is_empty()).then_some(honeypot),
            nonce,
            counter,
        };
        busy.set(true);
        send_when_ready.set(false);
        // A challenge serves one message: the next one starts from a fresh challenge either way.
        challenge.set(Challenge::Working);
        leptos::task::spawn_local(async move {
            let outcome = api::submit(&submission).await;
            start_challenge(challenge, generation);
            let _ = busy.try_set(false);
            match outcome {
                Ok(answer) => {
                    retried.set_value(false);
                    let _ = receipt.try_set(Some(answer));
                    focus_by_id("asp-receipt");
                }
                Err(failure) if failure.code == "aspiration_challenge_invalid" && !retried.get_value() => {
                    // Expired while the page stayed open: solve a new one and send once more.
                    retried.set_value(true);
                    busy.set(true);
                    send_when_ready.set(true);
                }
                Err(failure) => {
                    retried.set_value(false);
                    let found = failure_problems(&failure, i18n.lang_untracked());
                    if let Some((field, _)) = found.first() {
                        focus_by_id(field_id(*field));
                    }
                    problems.set(found);
                }
            }
        });
    };
    start_challenge(challenge, generation);
    // A submission waiting for its challenge goes as soon as it is solved.
    Effect::new(move |_| {
        if send_when_ready.get() && matches!(challenge.get(), Challenge::Ready { .. }) {
            send_now();
        }
    });
    Effect::new(move |_| {
        if let Challenge::Failed(failure) = challenge.get()
            && send_when_ready.get_untracked()
        {
            send_when_ready.set(false);
            busy.set(false);
            problems.set(vec![(Field::Form, failure_message(&failure, i18n.lang_untracked()))]);
        }
    });

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let found = check_form(&unit.get_untracked(), category.get_untracked(), &text.get_untracked(), i18n.lang());
        if let Some((field, _)) = found.first() {
            focus_by_id(field_id(*field));
            problems.set(found);
            return;
        }
        problems.set(Vec::new());
        match challenge.get_untracked() {
            Challenge::Ready { .. } => send_now(),
            Challenge::Working => {
                busy.set(true);
                send_when_ready.set(true);
            }
            Challenge::Failed(_) => {
                busy.set(true);
                send_when_ready.set(true);
                start_challenge(challenge, generation);
            }
        }
    };
    let another = move |_| {
        receipt.set(None);
        text.set(String::new());
        contact.set(String::new());
        category.set(None);
        problems.set(Vec::new());
        focus_by_id("asp-unit");
    };

    let problem_of = move |field: Field| {
        problems.with(|found| found.iter().find(|(at, _)| *at == field).map(|(_, text)| text.clone()))
    };
    let error_line = move |field: Field| {
        move || {
            problem_of(field).map(|text| {
                view! { <p class="asp-field-error" id=error_id(field) data-testid=format!("asp-error-{}", field_key(field))>{text}</p> }
            })
        }
    };
    let invalid = move |field: Field| move || problem_of(field).is_some().then_some("true");
    let described = move |field: Field, hint: &'static str| {
        move || match problem_of(field) {
            Some(_) => format!("{} {hint}", error_id(field)).trim().to_owned(),
            None => hint.to_owned(),
        }
    };

    let unit_options = move || match units.get() {
        None => view! { <option value="" disabled=true>{i18n.tr(msg(AspText::UnitsLoading))}</option> }.into_any(),
        Some(Err(_)) | Some(Ok(_)) => {
            let list = units.get().and_then(Result::ok).unwrap_or_default();
            view! {
                <option value="">{i18n.tr(msg(AspText::UnitChoose))}</option>
                {list.into_iter().map(|choice| {
                    let selected_code = choice.code.clone();
                    view! {
                        <option value=choice.code.clone() prop:selected=move || unit.with(|chosen| chosen == &selected_code)>
                            {choice.name}
                        </option>
                    }
                }).collect_view()}
            }
            .into_any()
        }
    };
    let units_failed = move || {
        units.get().and_then(Result::err).map(|failure| {
            view! { <p class="asp-field-error" role="alert">{failure_message(&failure, i18n.lang())}</p> }
        })
    };

    let form = move || {
        view! {
            <form class="form asp-form" on:submit=submit novalidate data-testid="asp-form">
                <div class="form__field">
                    <label for="asp-unit">{i18n.tr(msg(AspText::Unit))}</label>
                    <select id="asp-unit" name="unit" required data-testid="asp-unit"
                        aria-invalid=invalid(Field::Unit) aria-describedby=described(Field::Unit, "")
                        on:change=move |event| unit.set(event_target_value(&event))>
                        {unit_options}
                    </select>
                    {units_failed}
                    {error_line(Field::Unit)}
                </div>
                <fieldset class="asp-categories" id="asp-category" tabindex="-1" data-testid="asp-category"
                    aria-invalid=invalid(Field::Category) aria-describedby=described(Field::Category, "")>
                    <legend>{i18n.tr(msg(AspText::Category))}</legend>
                    {AspirationCategory::ALL.iter().map(|choice| {
                        let choice = *choice;
                        view! {
                            <label class="asp-category">
                                <input type="radio" name="category" value=choice.code()
                                    data-testid=format!("asp-category-{}", choice.code())
                                    prop:checked=move || category.get() == Some(choice)
                                    on:change=move |_| category.set(Some(choice))/>
                                " " {move || category_label(choice, i18n.lang())}
                            </label>
                        }
                    }).collect_view()}
                    {error_line(Field::Category)}
                </fieldset>
                <div class="form__field">
                    <label for="asp-text">{i18n.tr(msg(AspText::Text))}</label>
                    <p class="asp-hint" id="asp-text-hint">{i18n.tr(msg(AspText::TextHint))}</p>
                    <textarea id="asp-text" name="text" rows="7" required data-testid="asp-text"
                        aria-invalid=invalid(Field::Text) aria-describedby=described(Field::Text, "asp-text-hint asp-counter")
                        prop:value=move || text.get()
                        on:input=move |event| text.set(event_target_value(&event))></textarea>
                    <p id="asp-counter" class="asp-counter" data-testid="asp-counter"
                        class:asp-counter--over=move || text.with(|typed| char_count(typed) > TEXT_LIMIT)>
                        {move || text.with(|typed| counter_text(char_count(typed), i18n.lang()))}
                    </p>
                    {error_line(Field::Text)}
                </div>
                <div class="form__field">
                    <label for="asp-contact">{i18n.tr(msg(AspText::Contact))}</label>
                    <p class="asp-hint asp-private" id="asp-contact-hint">{i18n.tr(msg(AspText::ContactHint))}</p>
                    <input id="asp-contact" type="text" name="contact" autocomplete="email" inputmode="email"
                        data-testid="asp-contact" maxlength="200"
                        aria-invalid=invalid(Field::Contact) aria-describedby=described(Field::Contact, "asp-contact-hint")
                        prop:value=move || contact.get()
                        on:input=move |event| contact.set(event_target_value(&event))/>
                    {error_line(Field::Contact)}
                </div>
                // The honeypot: off-screen, out of the tab order and hidden from assistive
                // technology; only programs that fill every field fill it.
                <div class="asp-honeypot" aria-hidden="true">
                    <label>
                        {i18n.tr(msg(AspText::Honeypot))}
                        <input type="text" name="website" tabindex="-1" autocomplete="off" data-testid="asp-website"
                            prop:value=move || website.get()
                            on:input=move |event| website.set(event_target_value(&event))/>
                    </label>
                </div>
                {move || problem_of(Field::Form).map(|text| view! {
                    <p class="form__error" role="alert" id=error_id(Field::Form) tabindex="-1" data-testid="asp-error-form">{text}</p>
                })}
                <p class="asp-actions">
                    <button type="submit" class="button button--primary" data-testid="asp-send" aria-disabled=move || busy.get().then_some("true")>
                        {move || if busy.get() { i18n.t(msg(AspText::Sending)) } else { i18n.t(msg(AspText::Send)) }}
                    </button>
                    <span class="asp-status" role="status" data-testid="asp-challenge">
                        {move || (busy.get() && send_when_ready.get()).then(|| i18n.t(msg(AspText::Checking)))}
                    </span>
                </p>
            </form>
        }
    };

    view! {
        {move || match receipt.get() {
            None => form().into_any(),
            Some(answer) => {
                let follow = format!("/aspirasi/{}", answer.code);
                view! {
                    <section class="asp-receipt" id="asp-receipt" tabindex="-1" data-testid="asp-receipt" aria-labelledby="asp-receipt-title">
                        <h2 id="asp-receipt-title">{i18n.tr(msg(AspText::ReceivedHeading))}</h2>
                        <p class="asp-receipt__label">{i18n.tr(msg(AspText::ReceiptCode))}</p>
                        <p class="asp-receipt__code" data-testid="asp-receipt-code">{answer.code.clone()}</p>
                        <p class="asp-receipt__time">{i18n.tr(msg(AspText::Submitted))} ": " {wib_time(&answer.submitted_at)}</p>
                        <p>{i18n.tr(msg(AspText::ReceiptHint))}</p>
                        <p class="asp-actions">
                            <a class="button button--primary" href=follow data-testid="asp-follow-link">{i18n.tr(msg(AspText::FollowLink))}</a>
                            <button type="button" class="button button--secondary" data-testid="asp-another" on:click=another>
                                {i18n.tr(msg(AspText::SendAnother))}
                            </button>
                        </p>
                    </section>
                }
                .into_any()
            }
        }}
    }
}

/// Fetches a fresh challenge and solves it in slices; a newer start abandons an older one.
fn start_challenge(challenge: RwSignal<Challenge>, generation: StoredValue<u32>) {
    let current = generation.get_value().wrapping_add(1);
    generation.set_value(current);
    let _ = challenge.try_set(Challenge::Working);
    leptos::task::spawn_local(async move {
        match api::challenge().await {
            Ok(given) => solve_slice(given.nonce, given.difficulty, 0, challenge, generation, current),
            Err(failure) => {
                if generation.try_get_value() == Some(current) {
                    let _ = challenge.try_set(Challenge::Failed(failure));
                }
            }
        }
    });
}

fn solve_slice(
    nonce: String,
    difficulty: u32,
    start: u64,
    challenge: RwSignal<Challenge>,
    generation: StoredValue<u32>,
    current: u32,
) {
    if generation.try_get_value() != Some(current) {
        return;
    }
    match challenge_step(&nonce, difficulty, start, SLICE) {
        ChallengeStep::Solved(counter) => {
            let _ = challenge.try_set(Challenge::Ready { nonce, counter });
        }
        ChallengeStep::Continue(next) => {
            set_timeout(move || solve_slice(nonce, difficulty, next, challenge, generation, current), Duration::ZERO)
        }
    }
}

fn field_key(field: Field) -> &'static str {
    match field {
        Field::Unit => "unit",
        Field::Category => "category",
        Field::Text => "text",
        Field::Contact => "contact",
        Field::Form => "form",
    }
}

fn field_id(field: Field) -> &'static str {
    match field {
        Field::Unit => "asp-unit",
        Field::Category => "asp-category",
        Field::Text => "asp-text",
        Field::Contact => "asp-contact",
        Field::Form => "asp-error-form",
    }
}

fn error_id(field: Field) -> String {
    format!("asp-error-{}", field_key(field))
}

/// Moves focus to an element once the view shows it.
fn focus_by_id(id: &'static str) {
    request_animation_frame(move || {
        let element = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.get_element_by_id(id))
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
}
