//! The rubric editor of the "Rubrik" tab: a new version from a stored one, a shipped 2023
//! template or empty, edited in a form. The draft is the engine's [`RubricDraft`] (plain text
//! fields, nothing typed is lost while it is wrong, and it is kept in this browser across
//! reloads); every keystroke checks it with the same checks as a rubric file and each problem
//! is shown next to the field its path names. The form itself is HTML text (`rubric_form.rs`)
//! with one delegated handler per event kind.

use std::sync::Arc;

use engine::Rubric;
use engine::draft::{IndicatorDraft, RubricDraft, SpiritDraft, diff, rule_preview};
use leptos::prelude::*;

use super::rubric_form::{
    form_html, indicator_summary, is_structural_spirit_field, problems_in_slots, set_slot, weight_sum_text,
};
use super::rubric_impact::ImpactPanel;
use super::{Outcome, confirmed, outcome_view};
use crate::api::admin::{RubricVersion, store_rubric};
use crate::components::html::{action_of, escape, event_closest, place_html};
use crate::i18n::{Lang, Msg, t, use_i18n};

/// The text of the preview "raw value → score" of indicator `position`.
fn preview_text(draft: &RubricDraft, position: usize, text: &str, lang: Lang) -> String {
    let Some(rule) = draft.indicators.get(position).map(|i| &i.rule) else { return String::new() };
    if text.trim().is_empty() {
        return String::new();
    }
    match rule_preview(rule, text) {
        Ok(score) => format!("→ {}", crate::i18n::format_fixed(score.rounded(2).unwrap_or(0) as i64, 2, lang)),
        Err(errors) => errors
            .problems()
            .first()
            .map(|e| match (e.field.as_str(), lang) {
                ("value", Lang::Id) => e.kind.message_id(),
                ("value", Lang::En) => e.kind.to_string(),
                _ => t(lang, Msg::EdPreviewFixRule).to_string(),
            })
            .unwrap_or_default(),
    }
}

/// Writes the draft's problems into their lines (clearing those of `shown` first), marks their
/// fields invalid, opens the indicators that have one, and updates the sum and the summaries.
/// Returns the slots now showing a problem.
fn show_live(draft: &RubricDraft, errors: Option<&engine::Errors>, lang: Lang, shown: &[String]) -> Vec<String> {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return Vec::new() };
    let by_id = |id: &str| document.get_element_by_id(id);
    for slot in shown {
        if let Some(line) = by_id(&format!("ed-p-{slot}")) {
            line.set_text_content(None);
            let _ = line.set_attribute("hidden", "");
            let _ = line.remove_attribute("data-field");
        }
        if let Some(field) = by_id(&format!("ed-f-{slot}")) {
            let _ = field.remove_attribute("aria-invalid");
        }
    }
    let problems = problems_in_slots(draft, errors, lang);
    for (slot, (paths, texts)) in &problems {
        if let Some(line) = by_id(&format!("ed-p-{slot}")) {
            line.set_text_content(Some(&texts.join("; ")));
            let _ = line.remove_attribute("hidden");
            let _ = line.set_attribute("data-field", &paths.join(" "));
        }
        if let Some(field) = by_id(&format!("ed-f-{slot}")) {
            let _ = field.set_attribute("aria-invalid", "true");
        }
        if let Some(rest) = slot.strip_prefix('i')
            && let Some(number) = rest.split('-').next()
            && let Some(details) = by_id(&format!("ed-sum-{number}")).and_then(|s| s.parent_element())
        {
            let _ = details.set_attribute("open", "");
        }
    }
    if let Some(sum) = by_id("ed-sum") {
        let (text, wrong) = weight_sum_text(draft, lang);
        if sum.text_content().as_deref() != Some(text.as_str()) {
            sum.set_text_content(Some(&text));
        }
        let _ = sum.set_attribute("data-wrong", if wrong { "true" } else { "false" });
        let _ = sum.set_attribute("class", if wrong { "editor__sum editor__sum--wrong" } else { "editor__sum" });
    }
    for (position, indicator) in draft.indicators.iter().enumerate() {
        // Only a changed line is written: each write costs a style pass of the long form.
        if let Some(summary) = by_id(&format!("ed-sum-{position}")) {
            let text = indicator_summary(indicator, lang);
            if summary.text_content().as_deref() != Some(text.as_str()) {
                summary.set_text_content(Some(&text));
            }
        }
    }
    problems.into_keys().collect()
}

/// After an indicator moved: focuses the same button of its new row (so the keyboard can keep
/// moving it) and carries the open state of the two rows that swapped places.
fn follow_move(test_id: &str, moved_to: usize, moved_from: usize, open: (bool, bool)) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let details =
        |position: usize| document.query_selector(&format!("[data-testid=editor-indicator-{position}]")).ok().flatten();
    for (position, is_open) in [(moved_to, open.0), (moved_from, open.1)] {
        if let Some(element) = details(position) {
            let _ = if is_open { element.set_attribute("open", "") } else { element.remove_attribute("open") };
        }
    }
    // At the end of the list the same button is disabled: the other one takes the focus.
    let other = if test_id.contains("move-up") { "move-down" } else { "move-up" };
    for selector in [
        format!("[data-testid={test_id}]:not([disabled])"),
        format!("[data-testid=editor-{other}-{moved_to}]:not([disabled])"),
    ] {
        if let Some(button) = document
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = button.focus();
            return;
        }
    }
}

/// Whether the indicator row at `position` is open.
fn is_open(position: usize) -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&format!("[data-testid=editor-indicator-{position}]")).ok().flatten())
        .is_some_and(|e| e.has_attribute("open"))
}

/// The value of the input or select an event came from.
fn control_value(element: &web_sys::Element) -> String {
    js_sys::Reflect::get(element, &wasm_bindgen::JsValue::from_str("value"))
        .ok()
        .and_then(|value| value.as_string())
        .unwrap_or_default()
}

/// The difference from the starting rubric as HTML text.
fn changes_html(base: Option<&Rubric>, draft: Option<&Rubric>, lang: Lang) -> String {
    let (Some(base), Some(draft)) = (base, draft) else { return String::new() };
    let changes = diff(base, draft);
    if changes.is_empty() {
        return format!("<p>{}</p>", escape(t(lang, Msg::EdNoChanges)));
    }
    let mut html = String::from("<ul>");
    let mut line = |msg: Msg, items: Vec<String>| {
        if !items.is_empty() {
            html.push_str(&format!(
                "<li><strong>{}:</strong> {}</li>",
                escape(t(lang, msg)),
                escape(&items.join(", "))
            ));
        }
    };
    line(Msg::EdAdded, changes.added.clone());
    line(Msg::EdRemoved, changes.removed.clone());
    line(Msg::EdReweighted, changes.reweighted.iter().map(|(c, o, n)| format!("{c} {o} → {n}")).collect());
    line(Msg::EdRulesChanged, changes.rules_changed.clone());
    line(
        Msg::EdSpiritsReweighted,
        changes.spirits_reweighted.iter().map(|(c, o, n)| format!("{c} {o} → {n}")).collect(),
    );
    if changes.rounding_changed {
        line(Msg::EdRoundingChanged, vec![String::new()]);
    }
    html.push_str("</ul>");
    html
}

/// Offers the draft's JSON as a file download through a data URL (no extra web-sys features).
fn download(name: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(link) = document.create_element("a") else { return };
    let url = format!("data:application/json;charset=utf-8,{}", crate::simulation::encode_query_value(text));
    let _ = link.set_attribute("href", &url);
    let _ = link.set_attribute("download", &format!("{name}.json"));
    if let Some(body) = document.body() {
        let _ = body.append_child(&link);
        if let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(link.clone()) {
            element.click();
        }
        let _ = body.remove_child(&link);
    }
}

const DRAFT_KEY: &str = "sibekisar.rubric-editor.draft.v1";
const SOURCE_KEY: &str = "sibekisar.rubric-editor.source.v1";

fn stored(key: &str) -> Option<String> {
    web_sys::window()?.local_storage().ok()??.get_item(key).ok()?
}

fn store(key: &str, value: Option<&str>) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = match value {
            Some(value) => storage.set_item(key, value),
            None => storage.remove_item(key),
        };
    }
}

/// The rubric a draft starts from: a shipped template, a stored version, or none ("empty").
async fn fetch_source(source: &str) -> Result<Option<Rubric>, crate::api::ApiError> {
    use crate::api::rubrics::{KABKOTA_2023_URL, OPD_2023_URL, fetch_rubric, fetch_rubric_version};
    match source {
        "" | "empty" => Ok(None),
        "template:kabkota" => fetch_rubric(KABKOTA_2023_URL).await.map(Some),
        "template:opd" => fetch_rubric(OPD_2023_URL).await.map(Some),
        version => fetch_rubric_version(version).await.map(|(rubric, _)| Some(rubric)),
    }
}

#[component]
pub fn RubricEditor(versions: RwSignal<Vec<RubricVersion>>, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let draft = RwSignal::new(None::<RubricDraft>);
    // Bumped when the form's structure changes (rows, rule kinds, spirit lists): the form is
    // then written again; typing only updates the draft and the problem lines.
    let structure = RwSignal::new(0u32);
    let shown = StoredValue::new(Vec::<String>::new());
    // Set by a move: the button to focus and the rows whose open state to carry, once the form
    // is written again.
    let after_move = StoredValue::new(None::<(String, usize, usize, (bool, bool))>);
    let base = RwSignal::new(None::<Arc<Rubric>>);
    let source = RwSignal::new("template:kabkota".to_string());
    let outcome = RwSignal::<Outcome>::new(None);
    let busy = RwSignal::new(false);

    // The draft checked once per edit: the rubric, or every problem; the problem lines, the
    // status, the changes and Dampak all read this one answer.
    let validated = Memo::new_with_compare(
        move |_| draft.with(|d| d.as_ref().map(|d| d.to_rubric().map(Arc::new).map_err(Arc::new))),
        |_, _| true,
    );
    let checked = Memo::new_with_compare(
        move |_| validated.with(|v| v.as_ref().and_then(|result| result.as_ref().ok().cloned())),
        |_, _| true,
    );
    let problem_count = Memo::new(move |_| {
        validated.with(|v| v.as_ref().map_or(0, |r| r.as_ref().err().map_or(0, |e| e.problems().len())))
    });
    // Writes the problem lines of the current draft.
    let show_problems = move |lang: Lang| {
        let now = validated.with_untracked(|v| {
            draft.with_untracked(|d| {
                let errors = v.as_ref().and_then(|r| r.as_ref().err()).map(|e| &**e);
                d.as_ref().map(|d| show_live(d, errors, lang, &shown.get_value()))
            })
        });
        shown.set_value(now.unwrap_or_default());
    };

    // The draft is kept in this browser as typed, with where it started, so a reload or a
    // closed tab loses nothing; it is restored when the tab opens again.
    if let Some(saved) = stored(DRAFT_KEY).and_then(|text| RubricDraft::from_saved(&text)) {
        let started_from = stored(SOURCE_KEY).unwrap_or_default();
        draft.set(Some(saved));
        leptos::task::spawn_local(async move {
            if let Ok(Some(rubric)) = fetch_source(&started_from).await {
                let _ = base.try_set(Some(Arc::new(rubric)));
            }
        });
    }
    // Writing to localStorage takes milliseconds (it cost a third of each keystroke against 600
    // units), so the draft is written once typing pauses, and at once when the page is left.
    let pending_save = StoredValue::new(None::<TimeoutHandle>);
    let save_draft = move || {
        if let Some(handle) = pending_save.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        let _ = draft.try_with_untracked(|d| match d {
            Some(d) => store(DRAFT_KEY, Some(&d.to_saved())),
            None => store(DRAFT_KEY, None),
        });
    };
    Effect::new(move |first: Option<()>| {
        draft.track();
        if first.is_none() {
            return;
        }
        if let Some(handle) = pending_save.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(save_draft, std::time::Duration::from_millis(400)).ok();
        pending_save.set_value(handle);
    });
    let leaving = window_event_listener_untyped("pagehide", move |_| save_draft());
    on_cleanup(move || {
        save_draft();
        leaving.remove();
    });

    let form = Signal::derive(move || {
        structure.track();
        let lang = i18n.lang();
        draft.with_untracked(|d| d.as_ref().map(|d| form_html(d, lang)).unwrap_or_default())
    });
    place_html("ed-form", form);
    Effect::new(move |_| {
        structure.track();
        let lang = i18n.lang();
        let has_draft = draft.with(Option::is_some);
        // After the form above is (re)written in this same turn.
        leptos::task::spawn_local(async move {
            if has_draft {
                show_problems(lang);
            }
            if let Some((test_id, to, from, open)) = after_move.try_update_value(Option::take).flatten() {
                follow_move(&test_id, to, from, open);
            }
        });
    });

    let on_input = move |event: leptos::ev::Event| {
        if let Some(element) = event_closest(&event, "[data-preview]") {
            let position = element.get_attribute("data-preview").and_then(|p| p.parse().ok()).unwrap_or(0);
            let text = draft.with_untracked(|d| {
                d.as_ref().map(|d| preview_text(d, position, &control_value(&element), i18n.lang_untracked()))
            });
            if let Some(output) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&format!("ed-pv-{position}")))
            {
                output.set_text_content(text.as_deref());
            }
            return;
        }
        let Some(element) = event_closest(&event, "[data-slot]") else { return };
        let slot = element.get_attribute("data-slot").unwrap_or_default();
        let value = control_value(&element);
        let mut structural = false;
        draft.update(|d| {
            if let Some(d) = d {
                structural = set_slot(d, &slot, value);
            }
        });
        // A text field's structural change (a spirit's code) waits for `change`, so the caret stays.
        if structural && element.tag_name() == "SELECT" {
            structure.update(|n| *n += 1);
        } else {
            show_problems(i18n.lang_untracked());
        }
    };
    let on_change = move |event: leptos::ev::Event| {
        if let Some(element) = event_closest(&event, "[data-slot]")
            && element.tag_name() != "SELECT"
            && element.get_attribute("data-slot").is_some_and(|slot| {
                slot.strip_prefix('s')
                    .and_then(|rest| rest.split_once('-'))
                    .is_some_and(|(_, field)| is_structural_spirit_field(field))
            })
        {
            structure.update(|n| *n += 1);
        }
    };
    let on_click = move |event: leptos::ev::MouseEvent| {
        let Some((action, id)) = action_of(&event) else { return };
        let (first, second) = id.split_once('-').unwrap_or((&id, ""));
        let (first, second) = (first.parse::<usize>().ok(), second.parse::<usize>().ok());
        draft.update(|d| {
            let Some(d) = d else { return };
            match (action.as_str(), first) {
                ("add-spirit", _) => d.spirits.push(SpiritDraft::default()),
                ("remove-spirit", Some(i)) if i < d.spirits.len() => _ = d.spirits.remove(i),
                ("add-indicator", _) => {
                    let spirit = d.spirits.first().map(|s| s.code.clone()).unwrap_or_default();
                    d.indicators.push(IndicatorDraft { spirit, weight: "1".into(), ..IndicatorDraft::default() });
                }
                ("retire", Some(i)) if i < d.indicators.len() => _ = d.indicators.remove(i),
                ("move-up" | "move-down", Some(i)) => {
                    let open = is_open(i);
                    if let Some(to) = d.move_indicator(i, action == "move-up") {
                        let test_id = format!("editor-{action}-{to}");
                        after_move.set_value(Some((test_id, to, i, (open, is_open(to)))));
                    }
                }
                ("add-label", Some(i)) => {
                    if let Some(indicator) = d.indicators.get_mut(i) {
                        indicator.rule.labels.push(Default::default());
                    }
                }
                ("remove-label", Some(i)) => {
                    if let (Some(indicator), Some(j)) = (d.indicators.get_mut(i), second)
                        && j < indicator.rule.labels.len()
                    {
                        indicator.rule.labels.remove(j);
                    }
                }
                _ => {}
            }
        });
        structure.update(|n| *n += 1);
    };

    let start = move |_| {
        if draft.with_untracked(Option::is_some) && !confirmed(t(i18n.lang_untracked(), Msg::EdReplaceDraft)) {
            return;
        }
        let chosen = source.get_untracked();
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let fetched = fetch_source(&chosen).await;
            store(SOURCE_KEY, Some(&chosen));
            match fetched {
                Ok(Some(rubric)) => {
                    let mut started = RubricDraft::from_rubric(&rubric);
                    if let Some(year) = rubric.year() {
                        let (old, new) = (year.to_string(), (year + 1).to_string());
                        started.year = new.clone();
                        started.id = started.id.replace(&old, &new);
                        started.name = started.name.replace(&old, &new);
                    }
                    let _ = base.try_set(Some(Arc::new(rubric)));
                    let _ = draft.try_set(Some(started));
                }
                Ok(None) => {
                    let _ = base.try_set(None);
                    let _ = draft.try_set(Some(RubricDraft::cettar()));
                }
                Err(error) => {
                    let _ = outcome.try_set(Some(Err(vec![(None, error.detail(i18n.lang_untracked()))])));
                    return;
                }
            }
            structure.try_update(|n| *n += 1);
        });
    };

    let save = move |_| {
        let Some(text) = draft.with_untracked(|d| d.as_ref().map(RubricDraft::to_json)) else { return };
        let lang = i18n.lang_untracked();
        busy.set(true);
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let result = store_rubric(&text, lang).await;
            let _ = busy.try_set(false);
            if result.is_ok() {
                on_saved.run(());
            }
            let _ = outcome.try_set(Some(result));
        });
    };

    let sources = move || {
        let lang = i18n.lang();
        let chosen = source.get();
        let mut html = String::new();
        let push = |html: &mut String, value: &str, label: &str| {
            crate::components::html::push_option(html, value, label, value == chosen)
        };
        push(&mut html, "template:kabkota", t(lang, Msg::EdTemplateKabkota));
        push(&mut html, "template:opd", t(lang, Msg::EdTemplateOpd));
        push(&mut html, "empty", t(lang, Msg::EdEmpty));
        versions.with(|list| {
            for version in list {
                let year = version.year.map(|y| format!(" ({y})")).unwrap_or_default();
                let name = version.name.as_deref().unwrap_or("");
                push(&mut html, &version.id, &format!("{name}{year} — {}", version.id));
            }
        });
        html
    };
    let status = move || {
        let lang = i18n.lang();
        let count = problem_count.get();
        let (class, valid, text) = if count == 0 {
            ("form__success", "true", t(lang, Msg::EdValid).to_string())
        } else {
            ("form__error", "false", format!("{count} {}", t(lang, Msg::EdProblems)))
        };
        format!(r#"<p class="{class}" data-testid="editor-status" data-valid="{valid}">{}</p>"#, escape(&text))
    };
    let changes = move || {
        let lang = i18n.lang();
        base.with(|base| checked.with(|checked| changes_html(base.as_deref(), checked.as_deref(), lang)))
    };
    let impact_draft = Signal::derive(move || checked.get());
    let impact_population =
        Signal::derive(move || draft.with(|d| d.as_ref().map(|d| d.population.trim().to_string()).unwrap_or_default()));
    let has_draft = move || draft.with(Option::is_some);

    view! {
        <section class="editor" data-testid="rubric-editor" aria-labelledby="editor-title">
            <h2 id="editor-title">{i18n.tr(Msg::EdHeading)}</h2>
            <p class="admin-muted">{i18n.tr(Msg::EdLead)}</p>
            <div class="editor__row">
                <label class="editor__field editor__field--wide">
                    <span>{i18n.tr(Msg::EdStartFrom)}</span>
                    <select data-testid="editor-source" inner_html=sources
                        on:change=move |event| source.set(event_target_value(&event))></select>
                </label>
                <button type="button" class="button" data-testid="editor-start" on:click=start>{i18n.tr(Msg::EdStart)}</button>
            </div>
            <div id="ed-form" class="editor__form" on:input=on_input on:change=on_change on:click=on_click></div>
            <div hidden=move || !has_draft() class="editor__footer">
                <div inner_html=status></div>
                <section class="editor__changes" data-testid="editor-changes">
                    <h3>{i18n.tr(Msg::EdChanges)}</h3>
                    <div inner_html=changes></div>
                </section>
                <div class="admin-form__actions">
                    <button type="button" class="button button--primary" data-testid="editor-save"
                        disabled=move || busy.get() || checked.with(Option::is_none) on:click=save>
                        {i18n.tr(Msg::EdSave)}
                    </button>
                    <button type="button" class="button" data-testid="editor-download"
                        on:click=move |_| draft.with_untracked(|d| if let Some(d) = d { download(&d.id, &d.to_json()) })>
                        {i18n.tr(Msg::EdDownload)}
                    </button>
                </div>
                <ImpactPanel draft=impact_draft population=impact_population/>
            </div>
            {outcome_view(outcome)}
        </section>
    }
}
