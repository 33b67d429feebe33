//! "Webinar" (`/webinar`): for trainers presenting Sibekisar in a sosialisasi. Two parts, both on
//! the latest published period, for one population:
//! - a guided walk-through of how one unit's official score is built, step by step (Next/Previous
//!   buttons and the arrow keys), every number computed by `engine` from the stored raw values;
//! - a sandbox: a copy of the population's raw values held only in this browser (localStorage,
//!   [`SANDBOX_STORAGE_KEY`]); the trainer changes values and the engine re-scores and re-ranks in
//!   wasm. Nothing is ever sent to the server (the page only reads); "Atur ulang sandbox" discards
//!   every change.
//!
//! The large-type, high-contrast switch itself is in the header (`components::webinar`).
//!
//! The walk-through's steps and the sandbox's ranking are read-only HTML text written by plain
//! functions and placed with `inner_html`; the sandbox's inputs and the buttons stay controls.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::api::entries::RawJson;
use crate::api::periods::Period;
use crate::assessment::cell::{CellCheck, check_cell, rule_hint, stored_text};
use crate::components::html::{escape, push_option};
use crate::components::published::{
    Load, ResultsLoadError, cents_text, grade_badge_class, grade_category, signed_cents_text,
};
use crate::components::simulator::{flag, text};
use crate::components::webinar::model::{SandboxChanges, SandboxLine, SandboxUnit, Walk, build_walk, sandbox_ranking};
use crate::i18n::{Lang, Msg, format_fixed, use_document_title, use_i18n};
use crate::pages::rankings::{Catalog, load_catalog};
use crate::simulation::cents_from_text;

/// Where the sandbox's changes are kept (this browser only).
pub const SANDBOX_STORAGE_KEY: &str = "sibekisar.webinar.sandbox.v1";

/// One population of a published period, with every unit's raw values and the rubric.
pub struct WebinarData {
    pub period_id: String,
    pub period_label: String,
    pub population: String,
    pub rubric: engine::Rubric,
    pub units: Vec<SandboxUnit>,
}

/// Loads the population in the latest CETTAR period that has results for it (for signed-in
/// readers an open period may already have some).
async fn load_data(periods: Vec<Period>, population: String) -> Result<WebinarData, ApiError> {
    let mut found = None;
    for period in periods.into_iter().rev().filter(|period| !period.is_policy() && period.scores(&population)) {
        let (rows, _) = crate::api::results::fetch_results(&period.id, &population).await?;
        if !rows.is_empty() {
            found = Some((period, rows));
            break;
        }
    }
    let Some((period, rows)) = found else {
        return Err(ApiError::Status { status: 404, url: crate::api::published::results_url("-", &population) });
    };
    // Every ranked unit's values in one request (not one per unit: a webinar venue's network
    // is often slow), in the ranking's order.
    let (all, _) = crate::api::units::fetch_population_values(&period.id, &population).await?;
    let mut values: BTreeMap<String, BTreeMap<String, RawJson>> =
        all.units.into_iter().map(|unit| (unit.code, unit.values)).collect();
    let units = rows
        .into_iter()
        .map(|row| SandboxUnit {
            official: values
                .remove(&row.unit.code)
                .unwrap_or_default()
                .into_iter()
                .map(|(code, value)| (code, value.get().to_owned()))
                .collect(),
            code: row.unit.code,
            name: row.unit.name,
            official_total: cents_from_text(row.total.as_str()).unwrap_or_default(),
            official_rank: row.rank,
        })
        .collect();
    let (rubric, _) = crate::api::rubrics::fetch_rubric_version(&all.rubric_version_id).await?;
    Ok(WebinarData { period_id: period.id, period_label: period.label, population, rubric, units })
}

/// Whether some CETTAR period scores the population.
fn scored_in_some(catalog: &Catalog, population: &str) -> bool {
    catalog.periods.iter().any(|period| !period.is_policy() && period.scores(population))
}

#[component]
pub fn WebinarPage() -> impl IntoView {
    let i18n = use_i18n();
    use_document_title(Msg::WebTitle);
    let catalog = RwSignal::new(Load::<Arc<Catalog>>::Loading);
    let population = RwSignal::new(String::new());
    let data = RwSignal::new(Load::<Arc<WebinarData>>::Idle);
    let auth = crate::auth::use_auth();
    let fetch_catalog = move || {
        catalog.set(Load::Loading);
        leptos::task::spawn_local(async move {
            match load_catalog(auth.sees_unpublished_results()).await {
                Ok(loaded) => {
                    // The sandbox's population when it holds changes, else the first one scored.
                    let sandbox = stored_changes().map(|changes| changes.population);
                    let scored =
                        || loaded.populations.iter().filter(|population| scored_in_some(&loaded, &population.code));
                    let kept = scored().find(|population| sandbox.as_deref() == Some(population.code.as_str()));
                    let first = kept.or_else(|| scored().next()).map(|population| population.code.clone());
                    let _ = catalog.try_set(Load::Ready(Arc::new(loaded)));
                    let _ = population.try_set(first.unwrap_or_default());
                }
                Err(error) => {
                    let _ = catalog.try_set(Load::Failed(error));
                }
            }
        });
    };
    fetch_catalog();
    let fetch_data = move || {
        let Load::Ready(loaded) = catalog.get_untracked() else {
            return;
        };
        let chosen = population.get_untracked();
        if chosen.is_empty() {
            return;
        }
        let periods = loaded.periods.clone();
        data.set(Load::Loading);
        leptos::task::spawn_local(async move {
            let loaded = load_data(periods, chosen.clone()).await;
            // A slower load of a population chosen earlier must not replace the current one.
            if population.try_get_untracked().is_some_and(|current| current == chosen) {
                let _ = data.try_set(match loaded {
                    Ok(loaded) => Load::Ready(Arc::new(loaded)),
                    Err(error) => Load::Failed(error),
                });
            }
        });
    };
    Effect::new(move |_| {
        population.track();
        fetch_data();
    });

    // The populations some CETTAR period scores, the chosen one selected.
    let population_options = text(move || match catalog.get() {
        Load::Ready(loaded) => {
            let lang = i18n.lang();
            let chosen = population.get();
            let options: Vec<(String, String)> = loaded
                .populations
                .iter()
                .filter(|candidate| scored_in_some(&loaded, &candidate.code))
                .map(|candidate| {
                    let name = if lang == Lang::En { &candidate.name_en } else { &candidate.name };
                    (candidate.code.clone(), name.clone())
                })
                .collect();
            options_html(&options, &chosen)
        }
        _ => String::new(),
    });
    let period_note = text(move || match data.get() {
        Load::Ready(loaded) => format!("{}: {}", i18n.t(Msg::ResPeriod), loaded.period_label),
        _ => String::new(),
    });
    let picker = move || match catalog.get() {
        Load::Ready(loaded) => {
            if !loaded.periods.iter().any(|period| !period.is_policy()) {
                return view! { <p class="note">{i18n.tr(Msg::ResNoPeriods)}</p> }.into_any();
            }
            view! {
                <div class="results-filters">
                    <div class="field">
                        <label for="webinar-population">{i18n.tr(Msg::WebPopulation)}</label>
                        <select id="webinar-population" data-testid="webinar-population" inner_html=population_options
                            on:change=move |event| population.set(event_target_value(&event))>
                        </select>
                    </div>
                    <p class="results-footnote">{period_note}</p>
                </div>
            }
            .into_any()
        }
        Load::Failed(error) => view! { <ResultsLoadError error=error on_retry=fetch_catalog/> }.into_any(),
        Load::Idle | Load::Loading => {
            view! { <p class="loading" role="status">{i18n.tr(Msg::ResLoading)}</p> }.into_any()
        }
    };
    let body = move || match data.get() {
        Load::Ready(loaded) if !loaded.units.is_empty() => view! {
            <WalkThrough data=loaded.clone()/>
            <Sandbox data=loaded/>
        }
        .into_any(),
        Load::Ready(_) | Load::Idle => ().into_any(),
        Load::Loading => view! { <p class="loading" role="status">{i18n.t(Msg::ResLoading)}</p> }.into_any(),
        Load::Failed(error) => view! { <ResultsLoadError error=error on_retry=fetch_data/> }.into_any(),
    };

    view! {
        <article class="page page--webinar">
            <h1 data-testid="page-title">{i18n.tr(Msg::WebTitle)}</h1>
            <p class="lead">{i18n.tr(Msg::WebLead)}</p>
            {picker}
            {body}
        </article>
    }
}

/// The guided walk-through of one unit.
#[component]
fn WalkThrough(data: Arc<WebinarData>) -> impl IntoView {
    let i18n = use_i18n();
    let unit_idx = RwSignal::new(0usize);
    let step = RwSignal::new(0usize);
    // Built again when read (a few microseconds of engine work) rather than kept in a memo: a
    // memo of a `Walk` would be one more signal type in the wasm.
    let walk_data = data.clone();
    let walk = move || build_walk(&walk_data.rubric, &walk_data.units[unit_idx.get()].official, i18n.lang());
    // Every unit has the rubric's spirits: the number of steps is the same for all of them.
    let steps = build_walk(&data.rubric, &data.units[0].official, i18n.lang_untracked()).spirits.len() + 3;
    let step_count = move || steps;
    let go = move |by: isize| {
        let last = step_count() - 1;
        step.update(|step| *step = step.saturating_add_signed(by).min(last));
    };
    let on_key = move |event: leptos::ev::KeyboardEvent| match event.key().as_str() {
        "ArrowRight" | "PageDown" => {
            event.prevent_default();
            go(1);
        }
        "ArrowLeft" | "PageUp" => {
            event.prevent_default();
            go(-1);
        }
        _ => {}
    };
    let names: Vec<(String, String)> =
        data.units.iter().enumerate().map(|(idx, unit)| (idx.to_string(), unit.name.clone())).collect();
    let options = text(move || options_html(&names, &unit_idx.get().to_string()));
    let step_data = data.clone();
    let current = text(move || {
        let unit = &step_data.units[unit_idx.get()];
        let at = step.get();
        let step = StepContext {
            unit_name: &unit.name,
            official_cents: unit.official_total.hundredths(),
            period_label: &step_data.period_label,
            rubric_name: step_data.rubric.name(),
        };
        step_html(&walk(), at, &step, i18n.lang())
    });
    view! {
        <section class="report-section webinar-walk" aria-labelledby="walk-heading">
            <h2 id="walk-heading">{i18n.tr(Msg::WebWalkHeading)}</h2>
            <div class="results-filters">
                <div class="field">
                    <label for="walk-unit">{i18n.tr(Msg::ResColUnit)}</label>
                    <select id="walk-unit" data-testid="walk-unit" inner_html=options
                        on:change=move |event| {
                            unit_idx.set(event_target_value(&event).parse().unwrap_or(0));
                            step.set(0);
                        }>
                    </select>
                </div>
            </div>
            <div class="walk" tabindex="0" on:keydown=on_key data-testid="walk" aria-describedby="walk-keys">
                <p class="walk__position" aria-live="polite" data-testid="walk-position">
                    {text(move || format!("{} {} {} {}", i18n.t(Msg::WebStep), step.get() + 1, i18n.t(Msg::WebOf), step_count()))}
                </p>
                <div class="walk__step" inner_html=current></div>
                <p class="walk__nav">
                    <button type="button" class="button" data-testid="walk-prev" disabled=flag(move || step.get() == 0) on:click=move |_| go(-1)>
                        {i18n.tr(Msg::WebPrevious)}
                    </button>
                    " "
                    <button type="button" class="button" data-testid="walk-next" disabled=flag(move || { step.get() + 1 >= step_count() })
                        on:click=move |_| go(1)>
                        {i18n.tr(Msg::WebNext)}
                    </button>
                </p>
                <p class="note" id="walk-keys">{i18n.tr(Msg::WebKeysHint)}</p>
            </div>
        </section>
    }
}

/// What a step shows of the unit besides its walk.
struct StepContext<'a> {
    unit_name: &'a str,
    official_cents: i64,
    period_label: &'a str,
    rubric_name: &'a str,
}

/// `<option>`s of `(value, label)`, the one whose value is `chosen` selected.
fn options_html(options: &[(String, String)], chosen: &str) -> String {
    let mut html = String::new();
    for (value, label) in options {
        push_option(&mut html, value, label, value == chosen);
    }
    html
}

/// One step of the walk-through: 0 the unit, 1..=n one spirit each, then the contributions, then
/// the total and the grade.
fn step_html(walk: &Walk, at: usize, unit: &StepContext<'_>, lang: Lang) -> String {
    let t = |msg| escape(crate::i18n::t(lang, msg));
    let spirit_count = walk.spirits.len();
    let mut html = String::new();
    if at == 0 {
        let _ = write!(
            html,
            "<h3>{}</h3><p>{} — {}</p><p>{}</p><p>",
            escape(unit.unit_name),
            escape(unit.period_label),
            escape(unit.rubric_name),
            t(Msg::WebIntro)
        );
        if !walk.missing.is_empty() {
            let _ = write!(html, "{} {}", t(Msg::WebMissingList), escape(&walk.missing.join(", ")));
        }
        html.push_str("</p>");
        return html;
    }
    if let Some(spirit) = walk.spirits.get(at - 1) {
        let _ = write!(
            html,
            r#"<h3>{} {} — {} ({} {})</h3><div class="table-scroll" tabindex="0"><table class="data-table"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
            t(Msg::WebSpirit),
            escape(&spirit.code),
            escape(&spirit.name),
            t(Msg::WebWeight),
            escape(&spirit.weight),
            t(Msg::WebIndicator),
            t(Msg::WebRawValue),
            t(Msg::WebIndicatorScore),
            t(Msg::WebWeight)
        );
        for indicator in &spirit.indicators {
            let raw = if indicator.raw.is_empty() { t(Msg::WebMissingValue) } else { escape(&indicator.raw) };
            let _ = write!(
                html,
                r#"<tr data-testid="walk-indicator"><th scope="row">{}</th><td>{raw}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
                escape(&code_and_name(&indicator.code, &indicator.name)),
                escape(&indicator.score),
                escape(&indicator.weight)
            );
        }
        let _ = write!(
            html,
            r#"</tbody></table></div><p>{} = {} (Σ {} = {})</p><p>{} = {} × {} ÷ 100 = {}</p><p data-testid="walk-spirit-contribution">{} {}</p>"#,
            t(Msg::WebSpiritScoreRule),
            escape(&spirit.score),
            t(Msg::WebWeight),
            escape(&spirit.weight_sum),
            t(Msg::WebContributionRule),
            escape(&spirit.score),
            escape(&spirit.weight),
            escape(&spirit.exact_contribution),
            t(Msg::WebRoundedTo),
            format_fixed(spirit.contribution_cents, 2, lang)
        );
        return html;
    }
    if at == spirit_count + 1 {
        let _ = write!(
            html,
            r#"<h3>{}</h3><div class="table-scroll" tabindex="0"><table class="data-table"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
            t(Msg::WebContributionsHeading),
            t(Msg::WebSpirit),
            t(Msg::WebSpiritScore),
            t(Msg::WebWeight),
            t(Msg::WebExactContribution),
            t(Msg::WebRounded)
        );
        for spirit in &walk.spirits {
            let _ = write!(
                html,
                r#"<tr><th scope="row">{} — {}</th><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num" data-testid="walk-contribution">{}</td></tr>"#,
                escape(&spirit.code),
                escape(&spirit.name),
                escape(&spirit.score),
                escape(&spirit.weight),
                escape(&spirit.exact_contribution),
                format_fixed(spirit.contribution_cents, 2, lang)
            );
        }
        let sum: i64 = walk.spirits.iter().map(|spirit| spirit.contribution_cents).sum();
        let rule = if walk.rounds_per_spirit {
            format!("{} = {}", t(Msg::WebTotalPerSpirit), format_fixed(sum, 2, lang))
        } else {
            format!(
                "{} = {} → {}",
                t(Msg::WebTotalOnce),
                escape(&walk.exact_sum),
                format_fixed(walk.total_cents, 2, lang)
            )
        };
        let _ = write!(html, "</tbody></table></div><p>{rule}</p>");
        return html;
    }
    let grade = walk.grade.letter();
    let matches = walk.total_cents == unit.official_cents;
    let thresholds = engine::Grade::ALL
        .iter()
        .map(|grade| format!("{} ≥ {}", grade.letter(), format_fixed(grade.threshold().hundredths(), 2, lang)))
        .collect::<Vec<_>>()
        .join(" · ");
    let _ = write!(
        html,
        r#"<h3>{}</h3><p class="walk__total">{}: <strong data-testid="walk-total">{}</strong> → <span class="{}" data-testid="walk-grade">{grade}</span> {}</p><p>{}: {thresholds}</p><p data-testid="walk-official">{}: {} — {}</p>"#,
        t(Msg::WebTotalHeading),
        t(Msg::ResColTotal),
        format_fixed(walk.total_cents, 2, lang),
        grade_badge_class(grade),
        t(grade_category(grade)),
        t(Msg::WebGradeRule),
        t(Msg::WebOfficialTotal),
        format_fixed(unit.official_cents, 2, lang),
        t(if matches { Msg::WebMatches } else { Msg::WebDiffers })
    );
    html
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn stored_changes() -> Option<SandboxChanges> {
    let text = local_storage()?.get_item(SANDBOX_STORAGE_KEY).ok().flatten()?;
    Some(SandboxChanges::from_json(&text))
}

/// The sandbox: the population's raw values with the trainer's changes, kept in this browser only.
#[component]
fn Sandbox(data: Arc<WebinarData>) -> impl IntoView {
    let i18n = use_i18n();
    let empty = SandboxChanges {
        period: data.period_id.clone(),
        population: data.population.clone(),
        ..SandboxChanges::default()
    };
    let stored = stored_changes().filter(|changes| changes.is_for(&data.period_id, &data.population));
    let changes = RwSignal::new(stored.unwrap_or_else(|| empty.clone()));
    // Written on every change (not on opening, so another population's sandbox is kept until the
    // trainer changes something here).
    Effect::watch(
        move || changes.get(),
        |changes, _, _| {
            let Some(storage) = local_storage() else {
                return;
            };
            let _ = if changes.units.is_empty() {
                storage.remove_item(SANDBOX_STORAGE_KEY)
            } else {
                storage.set_item(SANDBOX_STORAGE_KEY, &changes.to_json())
            };
        },
        false,
    );
    // Bumped by a reset so that the inputs show the official values again.
    let generation = RwSignal::new(0u32);
    let edit_idx = RwSignal::new(0usize);
    let problem = RwSignal::new(None::<String>);
    let reset = move |_| {
        changes.set(empty.clone());
        problem.set(None);
        generation.update(|generation| *generation += 1);
    };

    let inputs_data = data.clone();
    let inputs = move || {
        generation.track();
        let data = inputs_data.clone();
        let unit_idx = edit_idx.get();
        let lang = i18n.lang();
        let unit = &data.units[unit_idx];
        let raw = changes.with_untracked(|changes| changes.values_of(&unit.code, &unit.official));
        data.rubric
            .indicators()
            .iter()
            .enumerate()
            .map(|(position, indicator)| {
                let code = indicator.code().as_str().to_owned();
                let text = raw.get(&code).map(|json| stored_text(&data.rubric, position, json, lang)).unwrap_or_default();
                let id = format!("sandbox-{code}");
                let hint = rule_hint(&data.rubric, position, lang);
                let data = data.clone();
                let on_change = move |event: leptos::ev::Event| {
                    let unit = &data.units[unit_idx];
                    let code = data.rubric.indicators()[position].code().as_str();
                    let raw_json = match check_cell(&data.rubric, position, &event_target_value(&event), i18n.lang()) {
                        CellCheck::Empty => "null".to_owned(),
                        CellCheck::Valid { raw_json, .. } => raw_json,
                        CellCheck::Invalid(reason) => {
                            problem.set(Some(format!("{code}: {reason}")));
                            return;
                        }
                    };
                    problem.set(None);
                    changes.update(|changes| changes.set(&unit.code, code, raw_json, &unit.official));
                };
                view! {
                    <div class="form__field sandbox__field">
                        <label for=id.clone()>{code_and_name(&code, indicator.name())}</label>
                        <input id=id type="text" inputmode="decimal" data-testid=format!("sandbox-input-{code}") value=text
                            title=hint on:change=on_change/>
                    </div>
                }
            })
            .collect_view()
    };
    let names: Vec<(String, String)> =
        data.units.iter().enumerate().map(|(idx, unit)| (idx.to_string(), unit.name.clone())).collect();
    let unit_options = text(move || options_html(&names, &edit_idx.get().to_string()));
    let rows_data = data.clone();
    let table = text(move || {
        let lines = changes.with(|changes| sandbox_ranking(&rows_data.rubric, &rows_data.units, changes));
        sandbox_table_html(&lines, &rows_data.units, i18n.lang())
    });
    view! {
        <section class="report-section sandbox" aria-labelledby="sandbox-heading">
            <h2 id="sandbox-heading">{i18n.tr(Msg::WebSandboxHeading)}</h2>
            <p class="sandbox__label" data-testid="sandbox-label"><strong>{i18n.tr(Msg::WebSandboxLabel)}</strong></p>
            <p>{i18n.tr(Msg::WebSandboxLead)}</p>
            <p>
                <button type="button" class="button" data-testid="sandbox-reset" on:click=reset>{i18n.tr(Msg::WebSandboxReset)}</button>
                " "
                <span role="status" data-testid="sandbox-changed">
                    {text(move || changes.with(|changes| format!("{} {}", i18n.t(Msg::WebSandboxChangedUnits), changes.units.len())))}
                </span>
            </p>
            <div class="results-filters">
                <div class="field">
                    <label for="sandbox-unit">{i18n.tr(Msg::WebSandboxEdit)}</label>
                    <select id="sandbox-unit" data-testid="sandbox-unit" inner_html=unit_options
                        on:change=move |event| {
                            edit_idx.set(event_target_value(&event).parse().unwrap_or(0));
                            problem.set(None);
                        }>
                    </select>
                </div>
            </div>
            <p role="alert" class="form__error" hidden=flag(move || problem.with(Option::is_none))>{text(move || problem.get().unwrap_or_default())}</p>
            <div class="sandbox__inputs">{inputs}</div>
            <div class="table-scroll" tabindex="0" inner_html=table></div>
        </section>
    }
}

/// The sandbox's ranking: every unit with its official and sandbox totals, the change and the
/// grade; changed units marked.
fn sandbox_table_html(lines: &[SandboxLine], units: &[SandboxUnit], lang: Lang) -> String {
    let mut html = String::from(r#"<table class="data-table" data-testid="sandbox-table"><thead><tr>"#);
    for msg in
        [Msg::ResColRank, Msg::ResColUnit, Msg::WebColOfficial, Msg::WebColSandbox, Msg::WebColChange, Msg::ResColGrade]
    {
        let _ = write!(html, r#"<th scope="col">{}</th>"#, escape(crate::i18n::t(lang, msg)));
    }
    html.push_str("</tr></thead><tbody>");
    for line in lines {
        let unit = &units[line.unit_idx];
        let official = unit.official_total.hundredths();
        let total = line.total.hundredths();
        let grade = line.grade.letter();
        let _ = write!(
            html,
            r#"<tr data-testid="sandbox-row" data-unit="{}"{}><td class="num" data-testid="sandbox-rank">{}</td><th scope="row">{}</th><td class="num" data-testid="sandbox-official">{}</td><td class="num" data-testid="sandbox-total">{}</td><td class="num">{}</td><td><span class="{}">{grade}</span></td></tr>"#,
            escape(&unit.code),
            if line.changed { r#" class="sandbox__changed""# } else { "" },
            line.rank,
            escape(&unit.name),
            cents_text(official, lang),
            cents_text(total, lang),
            signed_cents_text(total - official, lang),
            grade_badge_class(grade)
        );
    }
    html.push_str("</tbody></table>");
    html
}

/// `SAKIP — Sistem Akuntabilitas …`; when the rubric's name only spells out the code (`KIPP`,
/// `Kualitas Pelayanan Publik` for `KUALITAS_PELAYANAN_PUBLIK`), the name alone.
fn code_and_name(code: &str, name: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        code.to_owned()
    } else if name.replace(' ', "_").eq_ignore_ascii_case(code) {
        name.to_owned()
    } else {
        format!("{code} — {name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::webinar::model::{WalkIndicator, WalkSpirit};

    fn walk() -> Walk {
        Walk {
            spirits: vec![WalkSpirit {
                code: "C".to_owned(),
                name: "Cepat".to_owned(),
                weight: "15".to_owned(),
                indicators: vec![
                    WalkIndicator {
                        code: "IKM".to_owned(),
                        name: "Indeks <Kepuasan>".to_owned(),
                        raw: "94,16".to_owned(),
                        score: "94,16".to_owned(),
                        weight: "10".to_owned(),
                    },
                    WalkIndicator {
                        code: "ZI".to_owned(),
                        name: "Zona Integritas".to_owned(),
                        raw: String::new(),
                        score: "0,00".to_owned(),
                        weight: "5".to_owned(),
                    },
                ],
                weight_sum: "15".to_owned(),
                score: "62,77".to_owned(),
                exact_contribution: "9,4155".to_owned(),
                contribution_cents: 942,
            }],
            rounds_per_spirit: true,
            exact_sum: "9,4155".to_owned(),
            total_cents: 942,
            grade: engine::Grade::E,
            missing: vec!["ZI".to_owned()],
        }
    }

    fn context() -> StepContext<'static> {
        StepContext {
            unit_name: "Kabupaten <Pacitan>",
            official_cents: 942,
            period_label: "Tahunan 2023",
            rubric_name: "CETTAR 2023",
        }
    }

    #[test]
    fn an_indicator_is_labelled_by_code_and_name_without_repeating_the_code() {
        assert_eq!(
            super::code_and_name("SAKIP", "Sistem Akuntabilitas Kinerja"),
            "SAKIP — Sistem Akuntabilitas Kinerja"
        );
        assert_eq!(super::code_and_name("KIPP", "KIPP"), "KIPP");
        assert_eq!(
            super::code_and_name("KUALITAS_PELAYANAN_PUBLIK", "Kualitas Pelayanan Publik"),
            "Kualitas Pelayanan Publik"
        );
        assert_eq!(super::code_and_name("IKM", " "), "IKM");
    }

    #[test]
    fn the_first_step_names_the_unit_and_what_is_missing() {
        let html = step_html(&walk(), 0, &context(), Lang::Id);
        assert!(html.starts_with("<h3>Kabupaten &lt;Pacitan&gt;</h3><p>Tahunan 2023 — CETTAR 2023</p>"), "{html}");
        assert!(html.ends_with(" ZI</p>"), "{html}");
    }

    #[test]
    fn a_spirit_step_lists_its_indicators() {
        let html = step_html(&walk(), 1, &context(), Lang::Id);
        assert_eq!(html.matches(r#"<tr data-testid="walk-indicator">"#).count(), 2);
        assert!(html.contains(r#"<th scope="row">IKM — Indeks &lt;Kepuasan&gt;</th><td>94,16</td><td class="num">94,16</td><td class="num">10</td>"#), "{html}");
        assert!(html.contains("<td>kosong (dihitung 0)</td>"), "{html}");
        assert!(
            html.contains(
                r#"<p data-testid="walk-spirit-contribution">Dibulatkan setengah ke atas ke dua desimal: 9,42</p>"#
            ),
            "{html}"
        );
    }

    #[test]
    fn the_last_steps_show_contributions_then_total_and_grade() {
        let contributions = step_html(&walk(), 2, &context(), Lang::En);
        assert!(
            contributions.contains(r#"<td class="num" data-testid="walk-contribution">9.42</td>"#),
            "{contributions}"
        );
        let total = step_html(&walk(), 3, &context(), Lang::Id);
        assert!(total.contains(r#"<strong data-testid="walk-total">9,42</strong> → <span class="grade-badge grade-badge--e" data-testid="walk-grade">E</span>"#), "{total}");
        assert!(
            total.contains(r#"<p data-testid="walk-official">Nilai resmi yang diumumkan: 9,42 — sama persis</p>"#),
            "{total}"
        );
    }

    #[test]
    fn options_escape_labels_and_select_the_chosen_value() {
        let options = [("0".to_owned(), "Kota <A>".to_owned()), ("1".to_owned(), "Kota B".to_owned())];
        assert_eq!(
            options_html(&options, "1"),
            r#"<option value="0">Kota &lt;A&gt;</option><option value="1" selected>Kota B</option>"#
        );
    }

    #[test]
    fn sandbox_rows_show_official_and_sandbox_totals_and_mark_changes() {
        let units = [SandboxUnit {
            code: "kabupaten-bangkalan".to_owned(),
            name: "Kabupaten <Bangkalan>".to_owned(),
            official: Default::default(),
            official_total: engine::Cents::new(6020),
            official_rank: 38,
        }];
        let lines = [SandboxLine {
            unit_idx: 0,
            rank: 37,
            total: engine::Cents::new(6145),
            grade: engine::Grade::B,
            changed: true,
        }];
        let html = sandbox_table_html(&lines, &units, Lang::Id);
        assert!(html.contains(r#"data-testid="sandbox-table""#));
        assert!(
            html.contains(r#"<tr data-testid="sandbox-row" data-unit="kabupaten-bangkalan" class="sandbox__changed"><td class="num" data-testid="sandbox-rank">37</td><th scope="row">Kabupaten &lt;Bangkalan&gt;</th><td class="num" data-testid="sandbox-official">60,20</td><td class="num" data-testid="sandbox-total">61,45</td><td class="num">+1,25</td><td><span class="grade-badge grade-badge--b">B</span></td></tr>"#),
            "{html}"
        );
    }
}
