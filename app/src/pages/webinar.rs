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

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::api::periods::Period;
use crate::assessment::cell::{CellCheck, check_cell, rule_hint, stored_text};
use crate::components::published::{
    Load, ResultsLoadError, cents_text, grade_badge_class, grade_category, signed_cents_text,
};
use crate::components::webinar::model::{
    SandboxChanges, SandboxUnit, Walk, build_walk, sandbox_ranking,
};
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
    for period in periods
        .into_iter()
        .rev()
        .filter(|period| !period.is_policy() && period.scores(&population))
    {
        let (rows, _) = crate::api::results::fetch_results(&period.id, &population).await?;
        if !rows.is_empty() {
            found = Some((period, rows));
            break;
        }
    }
    let Some((period, rows)) = found else {
        return Err(ApiError::Status {
            status: 404,
            url: crate::api::published::results_url("-", &population),
        });
    };
    let mut units = Vec::with_capacity(rows.len());
    let mut rubric_id = None;
    for row in rows {
        let (detail, _) = crate::api::units::fetch_unit(&period.id, &row.unit.code).await?;
        rubric_id.get_or_insert(detail.rubric_version_id);
        let official = detail
            .values
            .into_iter()
            .map(|(code, entry)| (code, entry.value.get().to_owned()))
            .collect();
        units.push(SandboxUnit {
            code: row.unit.code,
            name: row.unit.name,
            official,
            official_total: cents_from_text(row.total.as_str()).unwrap_or_default(),
            official_rank: row.rank,
        });
    }
    let Some(rubric_id) = rubric_id else {
        return Err(ApiError::Status {
            status: 404,
            url: crate::api::published::results_url(&period.id, &population),
        });
    };
    let (rubric, _) = crate::api::rubrics::fetch_rubric_version(&rubric_id).await?;
    Ok(WebinarData {
        period_id: period.id,
        period_label: period.label,
        population,
        rubric,
        units,
    })
}

/// Whether some CETTAR period scores the population.
fn scored_in_some(catalog: &Catalog, population: &str) -> bool {
    catalog
        .periods
        .iter()
        .any(|period| !period.is_policy() && period.scores(population))
}

#[component]
pub fn WebinarPage() -> impl IntoView {
    let i18n = use_i18n();
    use_document_title(Msg::WebTitle);
    let catalog = RwSignal::new(Load::<Arc<Catalog>>::Loading);
    let population = RwSignal::new(String::new());
    let data = RwSignal::new(Load::<Arc<WebinarData>>::Idle);
    let fetch_catalog = move || {
        catalog.set(Load::Loading);
        leptos::task::spawn_local(async move {
            match load_catalog().await {
                Ok(loaded) => {
                    // The sandbox's population when it holds changes, else the first one scored.
                    let sandbox = stored_changes().map(|changes| changes.population);
                    let scored = || {
                        loaded
                            .populations
                            .iter()
                            .filter(|population| scored_in_some(&loaded, &population.code))
                    };
                    let kept = scored()
                        .find(|population| sandbox.as_deref() == Some(population.code.as_str()));
                    let first = kept
                        .or_else(|| scored().next())
                        .map(|population| population.code.clone());
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
            if population
                .try_get_untracked()
                .is_some_and(|current| current == chosen)
            {
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

    let picker = move || match catalog.get() {
        Load::Ready(loaded) => {
            let lang = i18n.lang();
            if !loaded.periods.iter().any(|period| !period.is_policy()) {
                return view! { <p class="note">{i18n.t(Msg::ResNoPeriods)}</p> }.into_any();
            }
            let options = loaded
                .populations
                .iter()
                .filter(|candidate| scored_in_some(&loaded, &candidate.code))
                .map(|candidate| {
                    let name = if lang == Lang::En {
                        candidate.name_en.clone()
                    } else {
                        candidate.name.clone()
                    };
                    view! { <option value=candidate.code.clone()>{name}</option> }
                })
                .collect_view();
            view! {
                <div class="results-filters">
                    <div class="field">
                        <label for="webinar-population">{i18n.t(Msg::WebPopulation)}</label>
                        <select id="webinar-population" data-testid="webinar-population" prop:value=move || population.get()
                            on:change=move |event| population.set(event_target_value(&event))>
                            {options}
                        </select>
                    </div>
                    <p class="results-footnote">{move || match data.get() {
                        Load::Ready(loaded) => Some(format!("{}: {}", i18n.t(Msg::ResPeriod), loaded.period_label)),
                        _ => None,
                    }}</p>
                </div>
            }
            .into_any()
        }
        Load::Failed(error) => {
            view! { <ResultsLoadError error=error on_retry=fetch_catalog/> }.into_any()
        }
        Load::Idle | Load::Loading => {
            view! { <p class="loading" role="status">{i18n.t(Msg::ResLoading)}</p> }.into_any()
        }
    };
    let body = move || match data.get() {
        Load::Ready(loaded) if !loaded.units.is_empty() => view! {
            <WalkThrough data=loaded.clone()/>
            <Sandbox data=loaded/>
        }
        .into_any(),
        Load::Ready(_) | Load::Idle => ().into_any(),
        Load::Loading => {
            view! { <p class="loading" role="status">{i18n.t(Msg::ResLoading)}</p> }.into_any()
        }
        Load::Failed(error) => {
            view! { <ResultsLoadError error=error on_retry=fetch_data/> }.into_any()
        }
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
    let walk_data = data.clone();
    let walk = Memo::new(move |_| {
        build_walk(
            &walk_data.rubric,
            &walk_data.units[unit_idx.get()].official,
            i18n.lang(),
        )
    });
    let step_count = move || walk.with(|walk| walk.spirits.len() + 3);
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
    let options = data
        .units
        .iter()
        .enumerate()
        .map(|(idx, unit)| view! { <option value=idx.to_string()>{unit.name.clone()}</option> })
        .collect_view();
    let step_data = data.clone();
    let current = move || {
        let unit = &step_data.units[unit_idx.get()];
        let at = step.get();
        walk.with(|walk| step_view(walk, at, unit, &step_data, i18n.lang()))
    };
    view! {
        <section class="report-section webinar-walk" aria-labelledby="walk-heading">
            <h2 id="walk-heading">{i18n.tr(Msg::WebWalkHeading)}</h2>
            <div class="results-filters">
                <div class="field">
                    <label for="walk-unit">{i18n.tr(Msg::ResColUnit)}</label>
                    <select id="walk-unit" data-testid="walk-unit" prop:value=move || unit_idx.get().to_string()
                        on:change=move |event| {
                            unit_idx.set(event_target_value(&event).parse().unwrap_or(0));
                            step.set(0);
                        }>
                        {options}
                    </select>
                </div>
            </div>
            <div class="walk" tabindex="0" on:keydown=on_key data-testid="walk" aria-describedby="walk-keys">
                <p class="walk__position" aria-live="polite" data-testid="walk-position">
                    {move || format!("{} {} {} {}", i18n.t(Msg::WebStep), step.get() + 1, i18n.t(Msg::WebOf), step_count())}
                </p>
                <div class="walk__step">{current}</div>
                <p class="walk__nav">
                    <button type="button" class="button" data-testid="walk-prev" disabled=move || step.get() == 0 on:click=move |_| go(-1)>
                        {i18n.tr(Msg::WebPrevious)}
                    </button>
                    " "
                    <button type="button" class="button" data-testid="walk-next" disabled=move || { step.get() + 1 >= step_count() }
                        on:click=move |_| go(1)>
                        {i18n.tr(Msg::WebNext)}
                    </button>
                </p>
                <p class="note" id="walk-keys">{i18n.tr(Msg::WebKeysHint)}</p>
            </div>
        </section>
    }
}

/// One step of the walk-through: 0 the unit, 1..=n one spirit each, then the contributions, then
/// the total and the grade.
fn step_view(
    walk: &Walk,
    at: usize,
    unit: &SandboxUnit,
    data: &WebinarData,
    lang: Lang,
) -> AnyView {
    let t = |msg| crate::i18n::t(lang, msg);
    let spirit_count = walk.spirits.len();
    if at == 0 {
        let missing = (!walk.missing.is_empty())
            .then(|| format!("{} {}", t(Msg::WebMissingList), walk.missing.join(", ")));
        return view! {
            <h3>{unit.name.clone()}</h3>
            <p>{format!("{} — {}", data.period_label, data.rubric.name())}</p>
            <p>{t(Msg::WebIntro)}</p>
            <p>{missing}</p>
        }
        .into_any();
    }
    if let Some(spirit) = walk.spirits.get(at - 1) {
        let lines = spirit
            .indicators
            .iter()
            .map(|indicator| {
                let raw = if indicator.raw.is_empty() {
                    t(Msg::WebMissingValue).to_owned()
                } else {
                    indicator.raw.clone()
                };
                view! {
                    <tr data-testid="walk-indicator">
                        <th scope="row">{format!("{} — {}", indicator.code, indicator.name)}</th>
                        <td>{raw}</td>
                        <td class="num">{indicator.score.clone()}</td>
                        <td class="num">{indicator.weight.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        return view! {
            <h3>{format!("{} {} — {} ({} {})", t(Msg::WebSpirit), spirit.code, spirit.name, t(Msg::WebWeight), spirit.weight)}</h3>
            <div class="table-scroll">
                <table class="data-table">
                    <thead><tr>
                        <th scope="col">{t(Msg::WebIndicator)}</th>
                        <th scope="col">{t(Msg::WebRawValue)}</th>
                        <th scope="col">{t(Msg::WebIndicatorScore)}</th>
                        <th scope="col">{t(Msg::WebWeight)}</th>
                    </tr></thead>
                    <tbody>{lines}</tbody>
                </table>
            </div>
            <p>{format!("{} = {} (Σ {} = {})", t(Msg::WebSpiritScoreRule), spirit.score, t(Msg::WebWeight), spirit.weight_sum)}</p>
            <p>{format!("{} = {} × {} ÷ 100 = {}", t(Msg::WebContributionRule), spirit.score, spirit.weight, spirit.exact_contribution)}</p>
            <p data-testid="walk-spirit-contribution">
                {format!("{} {}", t(Msg::WebRoundedTo), format_fixed(spirit.contribution_cents, 2, lang))}
            </p>
        }
        .into_any();
    }
    if at == spirit_count + 1 {
        let lines = walk
            .spirits
            .iter()
            .map(|spirit| {
                view! {
                    <tr>
                        <th scope="row">{format!("{} — {}", spirit.code, spirit.name)}</th>
                        <td class="num">{spirit.score.clone()}</td>
                        <td class="num">{spirit.weight.clone()}</td>
                        <td class="num">{spirit.exact_contribution.clone()}</td>
                        <td class="num" data-testid="walk-contribution">{format_fixed(spirit.contribution_cents, 2, lang)}</td>
                    </tr>
                }
            })
            .collect_view();
        let sum: i64 = walk
            .spirits
            .iter()
            .map(|spirit| spirit.contribution_cents)
            .sum();
        let rule = if walk.rounds_per_spirit {
            format!(
                "{} = {}",
                t(Msg::WebTotalPerSpirit),
                format_fixed(sum, 2, lang)
            )
        } else {
            format!(
                "{} = {} → {}",
                t(Msg::WebTotalOnce),
                walk.exact_sum,
                format_fixed(walk.total_cents, 2, lang)
            )
        };
        return view! {
            <h3>{t(Msg::WebContributionsHeading)}</h3>
            <div class="table-scroll">
                <table class="data-table">
                    <thead><tr>
                        <th scope="col">{t(Msg::WebSpirit)}</th>
                        <th scope="col">{t(Msg::WebSpiritScore)}</th>
                        <th scope="col">{t(Msg::WebWeight)}</th>
                        <th scope="col">{t(Msg::WebExactContribution)}</th>
                        <th scope="col">{t(Msg::WebRounded)}</th>
                    </tr></thead>
                    <tbody>{lines}</tbody>
                </table>
            </div>
            <p>{rule}</p>
        }
        .into_any();
    }
    let grade = walk.grade.letter();
    let matches = walk.total_cents == unit.official_total.hundredths();
    let thresholds = engine::Grade::ALL
        .iter()
        .map(|grade| {
            format!(
                "{} ≥ {}",
                grade.letter(),
                format_fixed(grade.threshold().hundredths(), 2, lang)
            )
        })
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <h3>{t(Msg::WebTotalHeading)}</h3>
        <p class="walk__total">
            {t(Msg::ResColTotal)} ": "
            <strong data-testid="walk-total">{format_fixed(walk.total_cents, 2, lang)}</strong>
            " → "
            <span class=grade_badge_class(grade) data-testid="walk-grade">{grade}</span>
            " " {t(grade_category(grade))}
        </p>
        <p>{format!("{}: {thresholds}", t(Msg::WebGradeRule))}</p>
        <p data-testid="walk-official">
            {format!(
                "{}: {} — {}",
                t(Msg::WebOfficialTotal),
                format_fixed(unit.official_total.hundredths(), 2, lang),
                t(if matches { Msg::WebMatches } else { Msg::WebDiffers })
            )}
        </p>
    }
    .into_any()
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn stored_changes() -> Option<SandboxChanges> {
    let text = local_storage()?
        .get_item(SANDBOX_STORAGE_KEY)
        .ok()
        .flatten()?;
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
    let stored =
        stored_changes().filter(|changes| changes.is_for(&data.period_id, &data.population));
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
    let ranking_data = data.clone();
    let ranking = Memo::new(move |_| {
        changes.with(|changes| sandbox_ranking(&ranking_data.rubric, &ranking_data.units, changes))
    });
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
                        <label for=id.clone()>{format!("{code} — {}", indicator.name())}</label>
                        <input id=id type="text" inputmode="decimal" data-testid=format!("sandbox-input-{code}") value=text
                            title=hint on:change=on_change/>
                    </div>
                }
            })
            .collect_view()
    };
    let unit_options = data
        .units
        .iter()
        .enumerate()
        .map(|(idx, unit)| view! { <option value=idx.to_string()>{unit.name.clone()}</option> })
        .collect_view();
    let rows_data = data.clone();
    let rows = move || {
        let lang = i18n.lang();
        ranking.with(|lines| {
            lines
                .iter()
                .map(|line| {
                    let unit = &rows_data.units[line.unit_idx];
                    let delta = line.total.hundredths() - unit.official_total.hundredths();
                    view! {
                        <tr data-testid="sandbox-row" data-unit=unit.code.clone() class:sandbox__changed=line.changed>
                            <td class="num" data-testid="sandbox-rank">{line.rank}</td>
                            <th scope="row">{unit.name.clone()}</th>
                            <td class="num" data-testid="sandbox-official">{cents_text(unit.official_total.hundredths(), lang)}</td>
                            <td class="num" data-testid="sandbox-total">{cents_text(line.total.hundredths(), lang)}</td>
                            <td class="num">{signed_cents_text(delta, lang)}</td>
                            <td><span class=grade_badge_class(line.grade.letter())>{line.grade.letter()}</span></td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="report-section sandbox" aria-labelledby="sandbox-heading">
            <h2 id="sandbox-heading">{i18n.tr(Msg::WebSandboxHeading)}</h2>
            <p class="sandbox__label" data-testid="sandbox-label"><strong>{i18n.tr(Msg::WebSandboxLabel)}</strong></p>
            <p>{i18n.tr(Msg::WebSandboxLead)}</p>
            <p>
                <button type="button" class="button" data-testid="sandbox-reset" on:click=reset>{i18n.tr(Msg::WebSandboxReset)}</button>
                " "
                <span role="status" data-testid="sandbox-changed">
                    {move || changes.with(|changes| format!("{} {}", i18n.t(Msg::WebSandboxChangedUnits), changes.units.len()))}
                </span>
            </p>
            <div class="results-filters">
                <div class="field">
                    <label for="sandbox-unit">{i18n.tr(Msg::WebSandboxEdit)}</label>
                    <select id="sandbox-unit" data-testid="sandbox-unit" prop:value=move || edit_idx.get().to_string()
                        on:change=move |event| {
                            edit_idx.set(event_target_value(&event).parse().unwrap_or(0));
                            problem.set(None);
                        }>
                        {unit_options}
                    </select>
                </div>
            </div>
            <p role="alert" class="form__error" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
            <div class="sandbox__inputs">{inputs}</div>
            <div class="table-scroll">
                <table class="data-table" data-testid="sandbox-table">
                    <thead><tr>
                        <th scope="col">{i18n.tr(Msg::ResColRank)}</th>
                        <th scope="col">{i18n.tr(Msg::ResColUnit)}</th>
                        <th scope="col">{i18n.tr(Msg::WebColOfficial)}</th>
                        <th scope="col">{i18n.tr(Msg::WebColSandbox)}</th>
                        <th scope="col">{i18n.tr(Msg::WebColChange)}</th>
                        <th scope="col">{i18n.tr(Msg::ResColGrade)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
