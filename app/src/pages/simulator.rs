//! "Simulasi" (`/simulasi`): what-if for one unit, computed in the browser by `engine`.
//!
//! # Address
//! `/simulasi?periode=<period id>&populasi=<population code>&unit=<unit code>&s=<scenario>&nama=<name>`
//! — every part optional. Query parameters (not path segments) so one route serves every
//! combination and a half-filled selection is still a valid link. `s` is the share code of
//! [`crate::simulation`] (changed indicators only, absolute values); `nama` the scenario's name.
//! While a unit is open the page keeps the address equal to the scenario (`history.replaceState`),
//! so the address bar is always a link that reproduces what is on screen.
//!
//! # Data
//! Public, published data only, no login: the published periods and populations, the
//! population's official ranking (peers' totals), the unit's stored values and its rubric
//! version, all through `api::*`, which keeps a copy in `localStorage` so the simulator still
//! opens offline with what it loaded last.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::ApiError;
use crate::api::results::{RankingRow, fetch_results};
use crate::api::rubrics::fetch_rubric_version;
use crate::api::units::fetch_unit;
use crate::components::simulator::{SimModel, SimWorkspace, flag, text};
use crate::i18n::{Lang, Msg, use_document_title, use_i18n};
use crate::pages::rankings::{self, Catalog, default_period};
use crate::simulation::{
    PARAM_NAME, PARAM_PERIOD, PARAM_POPULATION, PARAM_SCENARIO, PARAM_UNIT, baseline_from_entries, cents_from_text,
    simulator_url,
};

/// Where a load stands.
#[derive(Clone)]
enum Load<T> {
    Idle,
    Loading,
    Ready(T),
    Failed(ApiError),
}

#[component]
pub fn SimulatorPage() -> impl IntoView {
    let i18n = use_i18n();
    use_document_title(Msg::NavSimulator);
    let query = use_query_map().get_untracked();
    let param = |name: &str| query.get(name).filter(|value| !value.is_empty());

    let period = RwSignal::new(param(PARAM_PERIOD));
    let population = RwSignal::new(param(PARAM_POPULATION));
    let unit = RwSignal::new(param(PARAM_UNIT));
    // The shared scenario applies once, to the unit of the link.
    let pending_share =
        StoredValue::new(param(PARAM_UNIT).map(|unit| (unit, param(PARAM_SCENARIO), param(PARAM_NAME))));

    let catalog = RwSignal::new(Load::<Catalog>::Loading);
    let ranking = RwSignal::new(Load::<Arc<Vec<RankingRow>>>::Idle);
    let model = RwSignal::new(Load::<Arc<SimModel>>::Idle);
    let unit_filter = RwSignal::new(String::new());

    let auth = crate::auth::use_auth();
    let load_catalog = move || {
        let sees_unpublished = auth.sees_unpublished_results();
        catalog.set(Load::Loading);
        leptos::task::spawn_local(async move {
            // Peers' totals of an unpublished period are not shown to a unit admin.
            let loaded = rankings::load_catalog(sees_unpublished).await;
            if let Ok(catalog) = &loaded {
                // Default: the latest published period, and kab/kota (the largest population).
                let known_period = period.get_untracked().filter(|id| catalog.periods.iter().any(|p| &p.id == id));
                if known_period.is_none() {
                    let _ = period.try_set(default_period(&catalog.periods).map(|p| p.id.clone()));
                }
                // A unit admin opens on their own unit (its population follows from it).
                let own_unit = auth
                    .user_untracked()
                    .filter(|user| user.role == crate::auth::Role::UnitAdmin)
                    .and_then(|user| user.scope.unit_code);
                if let Some(own_unit) = own_unit
                    && population.get_untracked().is_none()
                    && unit.get_untracked().is_none()
                {
                    let _ = unit.try_set(Some(own_unit));
                }
                if population.get_untracked().is_none() && unit.get_untracked().is_none() {
                    let default = catalog
                        .populations
                        .iter()
                        .find(|p| p.code == "kabkota")
                        .or(catalog.populations.first())
                        .map(|p| p.code.clone());
                    let _ = population.try_set(default);
                }
            }
            let _ = catalog.try_set(match loaded {
                Ok(catalog) => Load::Ready(catalog),
                Err(error) => Load::Failed(error),
            });
        });
    };
    load_catalog();

    // The population's ranking: the unit list and the peers' totals.
    let ranking_generation = StoredValue::new(0u32);
    Effect::new(move |_| {
        let (Some(period_id), Some(population_code)) = (period.get(), population.get()) else {
            ranking.set(Load::Idle);
            return;
        };
        let generation = ranking_generation.get_value() + 1;
        ranking_generation.set_value(generation);
        ranking.set(Load::Loading);
        leptos::task::spawn_local(async move {
            let loaded = fetch_results(&period_id, &population_code).await;
            if ranking_generation.try_get_value() == Some(generation) {
                let _ = ranking.try_set(match loaded {
                    Ok((rows, _)) => Load::Ready(Arc::new(rows)),
                    Err(error) => Load::Failed(error),
                });
            }
        });
    });

    // The unit: values, rubric and peers, then the workspace.
    let model_generation = StoredValue::new(0u32);
    Effect::new(move |_| {
        let (Some(period_id), Some(unit_code)) = (period.get(), unit.get()) else {
            model.set(Load::Idle);
            return;
        };
        let generation = model_generation.get_value() + 1;
        model_generation.set_value(generation);
        model.set(Load::Loading);
        leptos::task::spawn_local(async move {
            let loaded = load_model(period_id, unit_code).await;
            if model_generation.try_get_value() != Some(generation) {
                return;
            }
            if let Ok(model) = &loaded
                && population.get_untracked().as_deref() != Some(model.population.code.as_str())
            {
                let _ = population.try_set(Some(model.population.code.clone()));
            }
            let _ = model.try_set(match loaded {
                Ok(loaded) => Load::Ready(Arc::new(loaded)),
                Err(error) => Load::Failed(error),
            });
        });
    });

    // With no unit open, the address still records the selection.
    Effect::new(move |_| {
        if unit.get().is_none()
            && let Some(period_id) = period.get()
        {
            let url = simulator_url(&period_id, &population.get().unwrap_or_default(), "", "", "");
            if let Some(window) = web_sys::window()
                && let Ok(history) = window.history()
            {
                let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
            }
        }
    });

    let selectors = move || match catalog.get() {
        Load::Idle | Load::Loading => view! {
            <p class="loading" role="status" data-testid="sim-loading">{i18n.t(Msg::SimLoading)}</p>
        }
        .into_any(),
        Load::Failed(error) => view! { <LoadError error=error on_retry=load_catalog/> }.into_any(),
        Load::Ready(catalog) => view! {
            <Selectors
                catalog=catalog
                period=period
                population=population
                unit=unit
                ranking=ranking
                unit_filter=unit_filter
                model=model
            />
        }
        .into_any(),
    };

    let workspace = move || match model.get() {
        Load::Idle => {
            view! { <p class="sim-hint sim-pick" data-testid="sim-pick">{i18n.t(Msg::SimPickUnit)}</p> }.into_any()
        }
        Load::Loading => view! {
            <p class="loading" role="status" data-testid="sim-loading">{i18n.t(Msg::SimLoadingUnit)}</p>
        }
        .into_any(),
        Load::Failed(error) => {
            let retry = move || unit.update(|_| {});
            view! { <LoadError error=error on_retry=retry/> }.into_any()
        }
        Load::Ready(loaded) => {
            let (code, name) = match pending_share.get_value() {
                Some((share_unit, code, name)) if share_unit == loaded.unit_code => {
                    pending_share.set_value(None);
                    (code, name)
                }
                _ => (None, None),
            };
            let cached = loaded.from_cache;
            let heading = format!("{} · {}", loaded.unit_name, loaded.period_label);
            view! {
                <h2 class="sim-unit-heading" data-testid="sim-unit-name">{heading}</h2>
                {cached.then(|| view! {
                    <p class="notice" role="status" data-testid="sim-offline">{i18n.t(Msg::SimFromCache)}</p>
                })}
                <SimWorkspace model=loaded initial_code=code initial_name=name/>
            }
            .into_any()
        }
    };

    view! {
        <article class="page page--simulator">
            <div class="sim-banner" role="note" data-testid="sim-banner">
                <strong>{i18n.tr(Msg::SimBannerTitle)}</strong>
                " " {i18n.tr(Msg::SimBannerText)}
            </div>
            <h1 data-testid="page-title">{i18n.tr(Msg::NavSimulator)}</h1>
            <p class="lead">{i18n.tr(Msg::SimIntro)}</p>
            {selectors}
            {workspace}
            // Signed-in users read where their scenarios go next to the scenario list.
            {move || {
                auth.user()
                    .is_none()
                    .then(|| view! { <p class="sim-hint sim-footnote" data-testid="sim-accounts-note">{i18n.tr(Msg::SimAccountsNote)}</p> })
            }}
        </article>
    }
}

/// Period, population and unit (with a search box that narrows the unit list).
#[component]
fn Selectors(
    catalog: Catalog,
    period: RwSignal<Option<String>>,
    population: RwSignal<Option<String>>,
    unit: RwSignal<Option<String>>,
    ranking: RwSignal<Load<Arc<Vec<RankingRow>>>>,
    unit_filter: RwSignal<String>,
    model: RwSignal<Load<Arc<SimModel>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let period_options = catalog
        .periods
        .iter()
        .rev()
        .map(|p| {
            let id = p.id.clone();
            let id_selected = p.id.clone();
            view! { <option value=id prop:selected=flag(move || period.get().as_deref() == Some(id_selected.as_str()))>{p.label.clone()}</option> }
        })
        .collect_view();
    let population_options = catalog
        .populations
        .iter()
        .map(|p| {
            let code = p.code.clone();
            let code_selected = p.code.clone();
            let (name, name_en) = (p.name.clone(), p.name_en.clone());
            view! {
                <option value=code prop:selected=flag(move || population.get().as_deref() == Some(code_selected.as_str()))>
                    {text(move || if i18n.lang() == Lang::En { name_en.clone() } else { name.clone() })}
                </option>
            }
        })
        .collect_view();
    let no_periods = catalog.periods.is_empty();

    let unit_options = move || {
        let filter = unit_filter.get().to_lowercase();
        let selected = unit.get();
        match ranking.get() {
            Load::Ready(rows) => {
                let mut units: Vec<(String, String)> = rows
                    .iter()
                    .filter(|row| {
                        filter.is_empty()
                            || row.unit.name.to_lowercase().contains(&filter)
                            || selected.as_deref() == Some(row.unit.code.as_str())
                    })
                    .map(|row| (row.unit.code.clone(), row.unit.name.clone()))
                    .collect();
                engine::order::sort_by(&mut units, |a, b| a.1.cmp(&b.1));
                let count = units.len();
                let options = units
                    .into_iter()
                    .map(|(code, name)| {
                        let is_selected = selected.as_deref() == Some(code.as_str());
                        view! { <option value=code prop:selected=is_selected>{name}</option> }
                    })
                    .collect_view();
                view! {
                    <option value="" prop:selected=selected.is_none()>
                        {format!("— {} ({count}) —", i18n.t(Msg::SimChooseUnit))}
                    </option>
                    {options}
                }
                .into_any()
            }
            Load::Failed(_) => view! { <option value="">{i18n.t(Msg::SimUnitsFailed)}</option> }.into_any(),
            _ => view! { <option value="">{i18n.t(Msg::SimLoading)}</option> }.into_any(),
        }
    };

    view! {
        <form class="sim-select" on:submit=|event| event.prevent_default() aria-label=i18n.tr(Msg::SimSelectLabel)>
            {no_periods.then(|| view! { <p class="alert" role="alert">{i18n.t(Msg::SimNoPeriods)}</p> })}
            <div class="sim-select__field">
                <label for="sim-period">{i18n.tr(Msg::SimPeriod)}</label>
                <select
                    id="sim-period"
                    data-testid="sim-period-select"
                    on:change=move |event| period.set(Some(event_target_value(&event)).filter(|v| !v.is_empty()))
                >
                    {period_options}
                </select>
            </div>
            <div class="sim-select__field">
                <label for="sim-population">{i18n.tr(Msg::SimPopulation)}</label>
                <select
                    id="sim-population"
                    data-testid="sim-population-select"
                    on:change=move |event| {
                        population.set(Some(event_target_value(&event)).filter(|v| !v.is_empty()));
                        unit.set(None);
                        model.set(Load::Idle);
                        unit_filter.set(String::new());
                    }
                >
                    {population_options}
                </select>
            </div>
            <div class="sim-select__field">
                <label for="sim-unit-search">{i18n.tr(Msg::SimSearchUnit)}</label>
                <input
                    id="sim-unit-search"
                    type="search"
                    data-testid="sim-unit-search"
                    autocomplete="off"
                    placeholder=i18n.tr(Msg::SimSearchPlaceholder)
                    prop:value=text(move || unit_filter.get())
                    on:input=move |event| unit_filter.set(event_target_value(&event))
                />
            </div>
            <div class="sim-select__field sim-select__field--unit">
                <label for="sim-unit">{i18n.tr(Msg::SimUnit)}</label>
                <select
                    id="sim-unit"
                    data-testid="sim-unit-select"
                    on:change=move |event| unit.set(Some(event_target_value(&event)).filter(|v| !v.is_empty()))
                >
                    {unit_options}
                </select>
            </div>
        </form>
    }
}

/// The friendly error with a retry button, and the technical detail underneath.
#[component]
fn LoadError(error: ApiError, on_retry: impl Fn() + 'static) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="alert" role="alert" data-testid="sim-error">
            <p class="alert__message">{i18n.tr(Msg::SimLoadError)}</p>
            <p class="alert__detail">{i18n.tr(Msg::RulesErrorDetail)} ": " {text(move || error.detail(i18n.lang()))}</p>
            <button type="button" class="button" on:click=move |_| on_retry()>{i18n.tr(Msg::RulesRetry)}</button>
        </div>
    }
}

/// Loads one unit, its rubric version and its population's official totals.
pub async fn load_model(period_id: String, unit_code: String) -> Result<SimModel, ApiError> {
    let (detail, unit_cached) = fetch_unit(&period_id, &unit_code).await?;
    let (rubric, rubric_cached) = fetch_rubric_version(&detail.rubric_version_id).await?;
    let (rows, rows_cached) = fetch_results(&period_id, &detail.unit.population.code).await?;
    let (baseline, baseline_problems) =
        baseline_from_entries(&rubric, detail.values.iter().map(|(code, entry)| (code.as_str(), entry.value.get())));
    let peer_totals = rows
        .iter()
        .filter(|row| row.unit.code != detail.unit.code)
        .filter_map(|row| cents_from_text(row.total.as_str()))
        .collect();
    let official = detail
        .result
        .as_ref()
        .and_then(|result| cents_from_text(result.total.as_str()).map(|total| (total, result.rank)));
    Ok(SimModel {
        period_id,
        period_label: detail.period.label,
        unit_code: detail.unit.code,
        unit_name: detail.unit.name,
        population: detail.unit.population,
        rubric,
        baseline,
        baseline_problems,
        peer_totals,
        official,
        from_cache: unit_cached || rubric_cached || rows_cached,
    })
}
