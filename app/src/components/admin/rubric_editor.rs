//! The rubric editor of the "Rubrik" tab: a new version from a stored one, a shipped 2023
//! template or empty, edited in forms. The draft is the engine's [`RubricDraft`] (plain text
//! fields, nothing typed is lost while it is wrong); every keystroke checks it with the same
//! checks as a rubric file and each problem is shown next to the field its path names.

use std::collections::BTreeMap;
use std::sync::Arc;

use engine::draft::{IndicatorDraft, LabelDraft, RubricDraft, RuleKind, SpiritDraft, diff, rule_preview};
use engine::{Direction, Rounding, Rubric};
use gloo_net::http::Method;
use leptos::prelude::*;

use super::rubric_impact::ImpactPanel;
use super::{Outcome, confirmed, outcome_view};
use crate::api::admin::{RubricVersion, StoredRubric, accepted};
use crate::api::send::send;
use crate::components::html::escape;
use crate::i18n::{Lang, Msg, t, use_i18n};

/// Problems of the draft by field path, as texts in the current language.
type Problems = BTreeMap<String, Vec<String>>;

type Getter = Arc<dyn Fn(&RubricDraft) -> Option<String> + Send + Sync>;
type Setter = Arc<dyn Fn(&mut RubricDraft, String) + Send + Sync>;

/// The draft's problems by path, in `lang`.
pub fn problems_by_field(draft: &RubricDraft, lang: Lang) -> Problems {
    let mut problems = Problems::new();
    if let Err(errors) = draft.to_rubric() {
        for error in errors.into_vec() {
            let text = match lang {
                Lang::Id => error.kind.message_id(),
                Lang::En => error.kind.to_string(),
            };
            problems.entry(error.field).or_default().push(text);
        }
    }
    problems
}

/// The messages of one field (`role=alert` region next to it); empty when it has none.
fn field_problems(problems: Memo<Problems>, path: impl Fn() -> String + Send + Sync + 'static) -> impl IntoView {
    move || {
        let texts = problems.with(|p| p.get(&path()).cloned()).unwrap_or_default();
        (!texts.is_empty()).then(|| {
            view! { <span class="editor__problem" data-testid="editor-problem" data-field=path()>{texts.join("; ")}</span> }
        })
    }
}

/// One text input bound to a draft field, with its label and its problems.
fn text_input(
    draft: RwSignal<Option<RubricDraft>>,
    problems: Memo<Problems>,
    label: Msg,
    path: String,
    get: Getter,
    set: Setter,
    class: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let test_id = format!("editor-{}", path.replace(['[', ']', '.'], "-"));
    let error_path = path.clone();
    let invalid_path = path.clone();
    view! {
        <label class=format!("editor__field {class}")>
            <span>{i18n.tr(label)}</span>
            <input type="text" data-testid=test_id spellcheck="false"
                aria-invalid=move || problems.with(|p| p.contains_key(&invalid_path)).to_string()
                prop:value=move || draft.with(|d| d.as_ref().and_then(|d| get(d)).unwrap_or_default())
                on:input=move |event| {
                    let text = event_target_value(&event);
                    draft.update(|d| if let Some(d) = d { set(d, text) });
                }/>
            {field_problems(problems, move || error_path.clone())}
        </label>
    }
}

fn spirit_field(
    draft: RwSignal<Option<RubricDraft>>,
    problems: Memo<Problems>,
    position: usize,
    field: &'static str,
    label: Msg,
) -> impl IntoView {
    let pick = move |s: &SpiritDraft| -> String {
        match field {
            "code" => s.code.clone(),
            "name" => s.name.clone(),
            _ => s.weight.clone(),
        }
    };
    text_input(
        draft,
        problems,
        label,
        format!("spirits[{position}].{field}"),
        Arc::new(move |d| d.spirits.get(position).map(pick)),
        Arc::new(move |d, text| {
            if let Some(s) = d.spirits.get_mut(position) {
                match field {
                    "code" => s.code = text,
                    "name" => s.name = text,
                    _ => s.weight = text,
                }
            }
        }),
        if field == "name" { "editor__field--wide" } else { "editor__field--short" },
    )
}

fn indicator_text(i: &IndicatorDraft, field: &str) -> String {
    match field {
        "code" => i.code.clone(),
        "name" => i.name.clone(),
        "weight" => i.weight.clone(),
        "owner" => i.owner.clone(),
        "description" => i.description.clone(),
        "rule.min" => i.rule.min.clone(),
        "rule.max" => i.rule.max.clone(),
        _ => i.rule.target.clone(),
    }
}

fn set_indicator_text(i: &mut IndicatorDraft, field: &str, text: String) {
    match field {
        "code" => i.code = text,
        "name" => i.name = text,
        "weight" => i.weight = text,
        "owner" => i.owner = text,
        "description" => i.description = text,
        "rule.min" => i.rule.min = text,
        "rule.max" => i.rule.max = text,
        _ => i.rule.target = text,
    }
}

fn indicator_field(
    draft: RwSignal<Option<RubricDraft>>,
    problems: Memo<Problems>,
    position: usize,
    field: &'static str,
    label: Msg,
) -> impl IntoView {
    text_input(
        draft,
        problems,
        label,
        format!("indicators[{position}].{field}"),
        Arc::new(move |d| d.indicators.get(position).map(|i| indicator_text(i, field))),
        Arc::new(move |d, text| {
            if let Some(i) = d.indicators.get_mut(position) {
                set_indicator_text(i, field, text);
            }
        }),
        match field {
            "name" | "owner" | "description" => "editor__field--wide",
            _ => "editor__field--short",
        },
    )
}

/// A `<select>` bound to a draft field through its option values.
fn select_input(
    draft: RwSignal<Option<RubricDraft>>,
    problems: Memo<Problems>,
    label: Msg,
    path: String,
    options: Signal<Vec<(String, String)>>,
    get: Getter,
    set: Setter,
) -> impl IntoView {
    let i18n = use_i18n();
    let test_id = format!("editor-{}", path.replace(['[', ']', '.'], "-"));
    let error_path = path.clone();
    let get_html = get.clone();
    view! {
        <label class="editor__field">
            <span>{i18n.tr(label)}</span>
            <select data-testid=test_id
                prop:value=move || draft.with(|d| d.as_ref().and_then(|d| get(d)).unwrap_or_default())
                on:change=move |event| {
                    let value = event_target_value(&event);
                    draft.update(|d| if let Some(d) = d { set(d, value) });
                }
                inner_html=move || {
                    let chosen = draft.with(|d| d.as_ref().and_then(|d| get_html(d)).unwrap_or_default());
                    options.with(|options| {
                        let mut html = String::new();
                        for (value, text) in options {
                            crate::components::html::push_option(&mut html, value, text, *value == chosen);
                        }
                        html
                    })
                }>
            </select>
            {field_problems(problems, move || error_path.clone())}
        </label>
    }
}

fn rule_kind_value(kind: RuleKind) -> &'static str {
    match kind {
        RuleKind::Scale => "scale",
        RuleKind::Category => "category",
        RuleKind::Boolean => "boolean",
    }
}

/// The rule form of one indicator: kind, its fields, and the live preview "raw value → score".
fn rule_form(draft: RwSignal<Option<RubricDraft>>, problems: Memo<Problems>, position: usize) -> impl IntoView {
    let i18n = use_i18n();
    let kind =
        Memo::new(move |_| draft.with(|d| d.as_ref().and_then(|d| d.indicators.get(position)).map(|i| i.rule.kind)));
    let kinds = Signal::derive(move || {
        let lang = i18n.lang();
        vec![
            ("scale".to_string(), t(lang, Msg::EdScale).to_string()),
            ("category".to_string(), t(lang, Msg::EdCategory).to_string()),
            ("boolean".to_string(), t(lang, Msg::EdBoolean).to_string()),
        ]
    });
    let directions = Signal::derive(move || {
        let lang = i18n.lang();
        vec![
            ("higher".to_string(), t(lang, Msg::EdHigher).to_string()),
            ("lower".to_string(), t(lang, Msg::EdLower).to_string()),
        ]
    });
    let preview_text = RwSignal::new(String::new());
    let preview = move || {
        let text = preview_text.get();
        if text.trim().is_empty() {
            return String::new();
        }
        let lang = i18n.lang();
        draft.with(|d| {
            let Some(rule) = d.as_ref().and_then(|d| d.indicators.get(position)).map(|i| &i.rule) else {
                return String::new();
            };
            match rule_preview(rule, &text) {
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
        })
    };
    let rule_path = format!("indicators[{position}].rule");
    view! {
        <fieldset class="editor__rule">
            <legend>{i18n.tr(Msg::EdRule)}</legend>
            {select_input(draft, problems, Msg::EdRule, format!("{rule_path}.kind"), kinds,
                Arc::new(move |d| d.indicators.get(position).map(|i| rule_kind_value(i.rule.kind).to_string())),
                Arc::new(move |d, value| if let Some(i) = d.indicators.get_mut(position) {
                    i.rule.kind = match value.as_str() { "category" => RuleKind::Category, "boolean" => RuleKind::Boolean, _ => RuleKind::Scale };
                }))}
            {move || match kind.get() {
                Some(RuleKind::Scale) => view! {
                    <div class="editor__row">
                        {indicator_field(draft, problems, position, "rule.min", Msg::EdMin)}
                        {indicator_field(draft, problems, position, "rule.max", Msg::EdMax)}
                        {indicator_field(draft, problems, position, "rule.target", Msg::EdTarget)}
                        {select_input(draft, problems, Msg::EdDirection, format!("indicators[{position}].rule.direction"), directions,
                            Arc::new(move |d| d.indicators.get(position).map(|i| if i.rule.direction == Direction::Lower { "lower" } else { "higher" }.to_string())),
                            Arc::new(move |d, value| if let Some(i) = d.indicators.get_mut(position) {
                                i.rule.direction = if value == "lower" { Direction::Lower } else { Direction::Higher };
                            }))}
                    </div>
                }.into_any(),
                Some(RuleKind::Category) => labels_form(draft, problems, position).into_any(),
                _ => ().into_any(),
            }}
            <label class="editor__field editor__preview">
                <span>{i18n.tr(Msg::EdPreview)}</span>
                <input type="text" data-testid=format!("editor-preview-{position}") prop:value=move || preview_text.get()
                    on:input=move |event| preview_text.set(event_target_value(&event))/>
                <output data-testid=format!("editor-preview-score-{position}")>{preview}</output>
            </label>
        </fieldset>
    }
}

fn labels_form(draft: RwSignal<Option<RubricDraft>>, problems: Memo<Problems>, position: usize) -> impl IntoView {
    let i18n = use_i18n();
    let count = Memo::new(move |_| {
        draft.with(|d| d.as_ref().and_then(|d| d.indicators.get(position)).map_or(0, |i| i.rule.labels.len()))
    });
    let points_path = format!("indicators[{position}].rule.points");
    let list_path = points_path.clone();
    view! {
        <div class="editor__labels">
            <For each=move || 0..count.get() key=|row| *row let:row>
                {
                    let label_path = {
                        let points_path = points_path.clone();
                        move |d: &RubricDraft| d.indicators.get(position).and_then(|i| i.rule.labels.get(row)).map(|l| format!("{points_path}.{}", l.label))
                    };
                    let error_path = label_path.clone();
                    view! {
                        <div class="editor__row">
                            {text_input(draft, problems, Msg::EdLabel, format!("indicators[{position}].rule.labels[{row}].label"),
                                Arc::new(move |d| d.indicators.get(position).and_then(|i| i.rule.labels.get(row)).map(|l| l.label.clone())),
                                Arc::new(move |d, text| if let Some(l) = d.indicators.get_mut(position).and_then(|i| i.rule.labels.get_mut(row)) { l.label = text }),
                                "editor__field--short")}
                            {text_input(draft, problems, Msg::EdPoints, format!("indicators[{position}].rule.labels[{row}].points"),
                                Arc::new(move |d| d.indicators.get(position).and_then(|i| i.rule.labels.get(row)).map(|l| l.points.clone())),
                                Arc::new(move |d, text| if let Some(l) = d.indicators.get_mut(position).and_then(|i| i.rule.labels.get_mut(row)) { l.points = text }),
                                "editor__field--short")}
                            {field_problems(problems, move || draft.with(|d| d.as_ref().and_then(&error_path).unwrap_or_default()))}
                            <button type="button" class="button button--small" on:click=move |_| draft.update(|d| {
                                if let Some(i) = d.as_mut().and_then(|d| d.indicators.get_mut(position)) && row < i.rule.labels.len() {
                                    i.rule.labels.remove(row);
                                }
                            })>{i18n.tr(Msg::EdRemove)}</button>
                        </div>
                    }
                }
            </For>
            {field_problems(problems, move || list_path.clone())}
            <button type="button" class="button button--small" data-testid=format!("editor-add-label-{position}")
                on:click=move |_| draft.update(|d| if let Some(i) = d.as_mut().and_then(|d| d.indicators.get_mut(position)) {
                    i.rule.labels.push(LabelDraft::default());
                })>{i18n.tr(Msg::EdAddLabel)}</button>
        </div>
    }
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
    let base = RwSignal::new(None::<Arc<Rubric>>);
    let source = RwSignal::new("template:kabkota".to_string());
    let outcome = RwSignal::<Outcome>::new(None);
    let busy = RwSignal::new(false);

    let problems = Memo::new(move |_| {
        let lang = i18n.lang();
        draft.with(|d| d.as_ref().map(|d| problems_by_field(d, lang)).unwrap_or_default())
    });
    let checked = Memo::new_with_compare(
        move |_| draft.with(|d| d.as_ref().and_then(|d| d.to_rubric().ok()).map(Arc::new)),
        |_, _| true,
    );

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
    Effect::new(move |_| {
        draft.with(|d| match d {
            Some(d) => store(DRAFT_KEY, Some(&d.to_saved())),
            None => store(DRAFT_KEY, None),
        });
    });

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
                        started.year = (year + 1).to_string();
                        started.id = started.id.replace(&year.to_string(), &(year + 1).to_string());
                        started.name = started.name.replace(&year.to_string(), &(year + 1).to_string());
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
                }
            }
        });
    };

    let save = move |_| {
        let Some(text) = draft.with_untracked(|d| d.as_ref().map(RubricDraft::to_json)) else { return };
        let lang = i18n.lang_untracked();
        busy.set(true);
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let answer = send(Method::POST, "/api/v1/rubrics", Some(&text), None).await;
            let result = accepted::<StoredRubric>(&answer, lang).map(|stored| {
                let message = if stored.created { Msg::AdminRubricStored } else { Msg::AdminRubricExists };
                format!("{} {}", t(lang, message), stored.id)
            });
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
                push(
                    &mut html,
                    &version.id,
                    &format!("{}{year} — {}", version.name.as_deref().unwrap_or(""), version.id),
                );
            }
        });
        html
    };

    let spirit_count = Memo::new(move |_| draft.with(|d| d.as_ref().map_or(0, |d| d.spirits.len())));
    let indicator_count = Memo::new(move |_| draft.with(|d| d.as_ref().map_or(0, |d| d.indicators.len())));
    let spirit_options = Signal::derive(move || {
        draft.with(|d| {
            d.as_ref()
                .map(|d| d.spirits.iter().map(|s| (s.code.clone(), format!("{} — {}", s.code, s.name))).collect())
                .unwrap_or_default()
        })
    });
    let rounding_options = Signal::derive(move || {
        let lang = i18n.lang();
        vec![
            ("spirit".to_string(), t(lang, Msg::EdRoundingSpirit).to_string()),
            ("total".to_string(), t(lang, Msg::EdRoundingTotal).to_string()),
        ]
    });
    let weight_sum = move || {
        draft
            .with(|d| d.as_ref().and_then(RubricDraft::spirit_weight_sum))
            .map(|sum| sum.to_string())
            .unwrap_or("?".into())
    };
    let sum_wrong = move || weight_sum() != "100";
    let header_field = move |label: Msg, field: &'static str| {
        text_input(
            draft,
            problems,
            label,
            field.to_string(),
            Arc::new(move |d| {
                Some(match field {
                    "id" => d.id.clone(),
                    "name" => d.name.clone(),
                    "year" => d.year.clone(),
                    _ => d.population.clone(),
                })
            }),
            Arc::new(move |d, text| match field {
                "id" => d.id = text,
                "name" => d.name = text,
                "year" => d.year = text,
                _ => d.population = text,
            }),
            if field == "name" { "editor__field--wide" } else { "" },
        )
    };
    let status = move || {
        let lang = i18n.lang();
        let count: usize = problems.with(|p| p.values().map(Vec::len).sum());
        if count == 0 {
            view! { <p class="form__success" data-testid="editor-status" data-valid="true">{t(lang, Msg::EdValid)}</p> }
                .into_any()
        } else {
            view! { <p class="form__error" data-testid="editor-status" data-valid="false">{format!("{count} {}", t(lang, Msg::EdProblems))}</p> }.into_any()
        }
    };
    let changes = move || {
        let lang = i18n.lang();
        base.with(|base| checked.with(|checked| changes_html(base.as_deref(), checked.as_deref(), lang)))
    };
    let impact_draft = Signal::derive(move || checked.get());
    let impact_population =
        Signal::derive(move || draft.with(|d| d.as_ref().map(|d| d.population.trim().to_string()).unwrap_or_default()));

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
            {move || draft.with(Option::is_some).then(|| view! {
                <div class="editor__row">
                    {header_field(Msg::EdId, "id")}
                    {header_field(Msg::EdName, "name")}
                    {header_field(Msg::EdYear, "year")}
                    {header_field(Msg::EdPopulation, "population")}
                    {select_input(draft, problems, Msg::EdRounding, "rounding".into(), rounding_options,
                        Arc::new(|d| Some(if d.rounding == Rounding::Total { "total" } else { "spirit" }.to_string())),
                        Arc::new(|d, value| d.rounding = if value == "total" { Rounding::Total } else { Rounding::PerSpirit }))}
                </div>
                <fieldset class="editor__group">
                    <legend>{i18n.tr(Msg::EdSpirits)}</legend>
                    <For each=move || 0..spirit_count.get() key=|row| *row let:row>
                        <div class="editor__row" data-testid=format!("editor-spirit-{row}")>
                            {spirit_field(draft, problems, row, "code", Msg::EdCode)}
                            {spirit_field(draft, problems, row, "name", Msg::EdName)}
                            {spirit_field(draft, problems, row, "weight", Msg::EdWeight)}
                            {field_problems(problems, move || format!("spirits[{row}]"))}
                            <button type="button" class="button button--small" on:click=move |_| draft.update(|d| {
                                if let Some(d) = d && row < d.spirits.len() { d.spirits.remove(row); }
                            })>{i18n.tr(Msg::EdRemove)}</button>
                        </div>
                    </For>
                    <p class="editor__sum" data-testid="editor-weight-sum" data-wrong=move || sum_wrong().to_string()
                        class:editor__sum--wrong=sum_wrong>
                        {i18n.tr(Msg::EdWeightSum)} " " <strong>{weight_sum}</strong>
                        {move || sum_wrong().then(|| format!(" — {}", i18n.t(Msg::EdWeightSumWrong)))}
                    </p>
                    {field_problems(problems, || "spirits".to_string())}
                    <button type="button" class="button button--small" data-testid="editor-add-spirit"
                        on:click=move |_| draft.update(|d| if let Some(d) = d { d.spirits.push(SpiritDraft::default()) })>
                        {i18n.tr(Msg::EdAddSpirit)}
                    </button>
                </fieldset>
                <fieldset class="editor__group">
                    <legend>{i18n.tr(Msg::EdIndicators)}</legend>
                    <For each=move || 0..indicator_count.get() key=|row| *row let:row>
                        <details class="editor__indicator" data-testid=format!("editor-indicator-{row}")
                            open=move || problems.with(|p| p.keys().any(|k| k.starts_with(&format!("indicators[{row}]"))))>
                            <summary>
                                {move || draft.with(|d| d.as_ref().and_then(|d| d.indicators.get(row)).map(|i| format!("{} — {} ({}, {} {})", i.code, i.name, i.spirit, t(i18n.lang(), Msg::EdWeight).to_lowercase(), i.weight)).unwrap_or_default())}
                            </summary>
                            <div class="editor__row">
                                {indicator_field(draft, problems, row, "code", Msg::EdCode)}
                                {indicator_field(draft, problems, row, "name", Msg::EdName)}
                                {select_input(draft, problems, Msg::EdSpirit, format!("indicators[{row}].spirit"), spirit_options,
                                    Arc::new(move |d| d.indicators.get(row).map(|i| i.spirit.clone())),
                                    Arc::new(move |d, value| if let Some(i) = d.indicators.get_mut(row) { i.spirit = value }))}
                                {indicator_field(draft, problems, row, "weight", Msg::EdWeight)}
                            </div>
                            <div class="editor__row">
                                {indicator_field(draft, problems, row, "owner", Msg::EdOwner)}
                                {indicator_field(draft, problems, row, "description", Msg::EdDescription)}
                            </div>
                            {rule_form(draft, problems, row)}
                            {field_problems(problems, move || format!("indicators[{row}]"))}
                            <button type="button" class="button button--small" data-testid=format!("editor-retire-{row}")
                                on:click=move |_| draft.update(|d| if let Some(d) = d && row < d.indicators.len() { d.indicators.remove(row); })>
                                {i18n.tr(Msg::EdRetire)}
                            </button>
                        </details>
                    </For>
                    {field_problems(problems, || "indicators".to_string())}
                    <button type="button" class="button button--small" data-testid="editor-add-indicator"
                        on:click=move |_| draft.update(|d| if let Some(d) = d {
                            let spirit = d.spirits.first().map(|s| s.code.clone()).unwrap_or_default();
                            d.indicators.push(IndicatorDraft { spirit, weight: "1".into(), ..IndicatorDraft::default() });
                        })>
                        {i18n.tr(Msg::EdAddIndicator)}
                    </button>
                </fieldset>
                {status}
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
            })}
            {outcome_view(outcome)}
        </section>
    }
}
