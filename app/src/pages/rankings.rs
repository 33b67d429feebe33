//! "Peringkat" (`/peringkat?periode=…&populasi=…`): the published ranking of one population in
//! one period — rank, unit, total, grade, the six spirits, movement since the previous published
//! period and completeness — sortable, filterable by grade and searchable; each row opens the
//! unit's report card.
//!
//! This page is also Sibekisar's **public transparency page** (issue 7): it needs no login and
//! shows only what the public API shows, i.e. published periods (never drafts, evidence files
//! or personal data), with a link to the rules ("Cara Penilaian") and the XLSX download.
//!
//! The table is a plain `<table>` re-rendered as a whole when the sort, filter or data change:
//! no per-row component or signal, so 600 rows stay cheap to scroll.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use wasm_bindgen::JsCast;

use crate::api::periods::{Period, Population, fetch_periods, fetch_populations};
use crate::api::published::{fetch_ranking, results_url, results_xlsx_url, unit_page_url};
use crate::api::ApiError;
use crate::components::published::{
    Load, ResultsLoadError, cents_text, grade_badge_class, grade_category, score_text, signed_cents_text,
};
use crate::i18n::{Lang, Msg, format_integer, use_document_title, use_i18n};
use crate::ranking::{
    Filter, GRADES, Movement, RankedUnit, Sort, SortKey, movement, previous_ranking, sorted_indices, spirit_name,
};
use crate::simulation::encode_query_value;

/// Query parameters of this page (shared with the simulator's names).
const PARAM_PERIOD: &str = "periode";
const PARAM_POPULATION: &str = "populasi";

/// The published periods and the populations.
#[derive(Clone)]
pub struct Catalog {
    pub periods: Vec<Period>,
    pub populations: Vec<Population>,
}

/// One population's ranking and its movement against the previous published period.
pub struct RankingData {
    pub rows: Vec<RankedUnit>,
    pub movements: Vec<Movement>,
    /// The label of the previous published period compared against, if any.
    pub previous_label: Option<String>,
}

/// Loads the published periods and populations.
pub async fn load_catalog() -> Result<Catalog, ApiError> {
    let (periods, _) = fetch_periods().await?;
    let (populations, _) = fetch_populations().await?;
    Ok(Catalog { periods, populations })
}

/// Loads a ranking and, when an earlier published period ranks the same population, the movement
/// since that period.
pub async fn load_ranking(periods: Vec<Period>, period_id: String, population: String) -> Result<RankingData, ApiError> {
    let position = periods.iter().position(|period| period.id == period_id);
    let current = position.and_then(|index| periods.get(index));
    // A population the period does not score has no ranking: answered here as the server would
    // (404), without a request that the browser would log as failed.
    if current.is_some_and(|period| !period.scores(&population)) {
        return Err(ApiError::Status { status: 404, url: results_url(&period_id, &population) });
    }
    let rows = fetch_ranking(&period_id, &population).await?;
    // Movement only against a period of the same kind of evaluation (CETTAR, or Sistem Kerja).
    let previous_period = position
        .and_then(|position| position.checked_sub(1))
        .and_then(|index| periods.get(index))
        .filter(|previous| current.is_some_and(|current| current.is_policy() == previous.is_policy()) && previous.scores(&population));
    let (previous, previous_label) = match previous_period {
        Some(previous_period) => match fetch_ranking(&previous_period.id, &population).await {
            Ok(previous_rows) => (Some(previous_ranking(&previous_rows)), Some(previous_period.label.clone())),
            // The population was not assessed in that period: nothing to compare with.
            Err(ApiError::Status { status: 404, .. }) => (None, None),
            Err(error) => return Err(error),
        },
        None => (None, None),
    };
    let movements = rows.iter().map(|row| movement(row, previous.as_ref())).collect();
    Ok(RankingData { rows, movements, previous_label })
}

#[component]
pub fn RankingsPage() -> impl IntoView {
    let i18n = use_i18n();
    use_document_title(Msg::NavRankings);
    let query = use_query_map().get_untracked();
    let period = RwSignal::new(query.get(PARAM_PERIOD).filter(|value| !value.is_empty()));
    let population =
        RwSignal::new(query.get(PARAM_POPULATION).filter(|value| !value.is_empty()).unwrap_or_else(|| "kabkota".to_owned()));

    let catalog = RwSignal::new(Load::<Catalog>::Loading);
    let data = RwSignal::new(Load::<Arc<RankingData>>::Idle);
    let sort = RwSignal::new(Sort::default());
    let grade_filter = RwSignal::new(None::<String>);
    let search = RwSignal::new(String::new());

    let fetch_catalog = move || {
        catalog.set(Load::Loading);
        leptos::task::spawn_local(async move {
            let loaded = load_catalog().await;
            if let Ok(loaded) = &loaded {
                let known = period.get_untracked().filter(|id| loaded.periods.iter().any(|p| &p.id == id));
                if known.is_none() {
                    // Default: the newest published period.
                    let _ = period.try_set(loaded.periods.last().map(|p| p.id.clone()));
                }
                if !loaded.populations.iter().any(|p| p.code == population.get_untracked())
                    && let Some(first) = loaded.populations.first()
                {
                    let _ = population.try_set(first.code.clone());
                }
            }
            let _ = catalog.try_set(match loaded {
                Ok(loaded) => Load::Ready(loaded),
                Err(error) => Load::Failed(error),
            });
        });
    };
    fetch_catalog();

    let generation = StoredValue::new(0u32);
    let fetch_data = move || {
        let Load::Ready(loaded) = catalog.get() else { return };
        let Some(period_id) = period.get() else {
            data.set(Load::Idle);
            return;
        };
        let population_code = population.get();
        replace_address(&period_id, &population_code);
        let current = generation.get_value() + 1;
        generation.set_value(current);
        data.set(Load::Loading);
        leptos::task::spawn_local(async move {
            let loaded = load_ranking(loaded.periods.clone(), period_id, population_code).await;
            if generation.try_get_value() == Some(current) {
                let _ = data.try_set(match loaded {
                    Ok(loaded) => Load::Ready(Arc::new(loaded)),
                    Err(error) => Load::Failed(error),
                });
            }
        });
    };
    Effect::new(move |_| fetch_data());

    let controls = move || match catalog.get() {
        Load::Idle | Load::Loading => {
            view! { <p class="loading" role="status">{i18n.t(Msg::ResLoading)}</p> }.into_any()
        }
        Load::Failed(error) => view! { <ResultsLoadError error=error on_retry=fetch_catalog/> }.into_any(),
        Load::Ready(loaded) => view! {
            <RankingControls catalog=loaded period=period population=population grade_filter=grade_filter search=search/>
        }
        .into_any(),
    };

    let table = move || match data.get() {
        Load::Idle => {
            let no_periods = matches!(catalog.get(), Load::Ready(loaded) if loaded.periods.is_empty());
            no_periods
                .then(|| view! { <p class="note" data-testid="ranking-no-periods">{i18n.t(Msg::ResNoPeriods)}</p> })
                .into_any()
        }
        Load::Loading => view! { <p class="loading" role="status">{i18n.t(Msg::ResLoading)}</p> }.into_any(),
        Load::Failed(error) => view! { <ResultsLoadError error=error on_retry=fetch_data/> }.into_any(),
        Load::Ready(loaded) => view! {
            <RankingTable data=loaded period=period sort=sort grade_filter=grade_filter search=search/>
        }
        .into_any(),
    };

    let xlsx_href = move || results_xlsx_url(&period.get().unwrap_or_default(), &population.get());

    view! {
        <article class="page page--rankings">
            <h1 data-testid="page-title">{i18n.tr(Msg::NavRankings)}</h1>
            <p class="lead">{i18n.tr(Msg::ResRankingsLead)}</p>
            <p class="note" data-testid="public-note">
                {i18n.tr(Msg::ResPublicNote)} " "
                <A href="/cara-penilaian">{i18n.tr(Msg::ResRulesLink)}</A>
            </p>
            {controls}
            <p class="results-actions">
                <a class="button button--secondary" href=xlsx_href download="" data-testid="ranking-xlsx">
                    {i18n.tr(Msg::ResDownloadXlsx)}
                </a>
                <A href="/pendampingan" attr:class="button button--secondary">{i18n.tr(Msg::ResMentoringLink)}</A>
            </p>
            {table}
        </article>
    }
}

/// Keeps the address equal to the selection, so it can be shared.
fn replace_address(period_id: &str, population: &str) {
    let url = format!(
        "/peringkat?{PARAM_PERIOD}={}&{PARAM_POPULATION}={}",
        encode_query_value(period_id),
        encode_query_value(population)
    );
    if let Some(window) = web_sys::window()
        && let Ok(history) = window.history()
    {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Population tabs, the period select, the grade filter and the search box.
#[component]
fn RankingControls(
    catalog: Catalog,
    period: RwSignal<Option<String>>,
    population: RwSignal<String>,
    grade_filter: RwSignal<Option<String>>,
    search: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let tabs = catalog
        .populations
        .iter()
        .map(|p| {
            let code = p.code.clone();
            let code_pressed = p.code.clone();
            let (name, name_en) = (p.name.clone(), p.name_en.clone());
            view! {
                <button
                    type="button"
                    class="tab"
                    data-testid=format!("population-{}", p.code)
                    aria-pressed=move || (population.get() == code_pressed).to_string()
                    on:click=move |_| population.set(code.clone())
                >
                    {move || if i18n.lang() == Lang::En { name_en.clone() } else { name.clone() }}
                </button>
            }
        })
        .collect_view();
    let period_options = catalog
        .periods
        .iter()
        .rev()
        .map(|p| {
            let id = p.id.clone();
            let selected_id = p.id.clone();
            view! { <option value=id prop:selected=move || period.get().as_deref() == Some(selected_id.as_str())>{p.label.clone()}</option> }
        })
        .collect_view();
    let grade_options = GRADES
        .iter()
        .map(|grade| {
            let category = grade_category(grade);
            view! { <option value=*grade>{move || format!("{grade} — {}", i18n.t(category))}</option> }
        })
        .collect_view();
    view! {
        <div class="population-tabs" role="group" aria-label=i18n.tr(Msg::ResPopulation)>{tabs}</div>
        <form class="results-filters" on:submit=|event| event.prevent_default() aria-label=i18n.tr(Msg::ResFilters)>
            <div class="field">
                <label for="ranking-period">{i18n.tr(Msg::ResPeriod)}</label>
                <select
                    id="ranking-period"
                    data-testid="ranking-period-select"
                    on:change=move |event| period.set(Some(event_target_value(&event)).filter(|v| !v.is_empty()))
                >
                    {period_options}
                </select>
            </div>
            <div class="field">
                <label for="ranking-grade">{i18n.tr(Msg::ResGradeFilter)}</label>
                <select
                    id="ranking-grade"
                    data-testid="ranking-grade-filter"
                    on:change=move |event| grade_filter.set(Some(event_target_value(&event)).filter(|v| !v.is_empty()))
                >
                    <option value="">{i18n.tr(Msg::ResAllGrades)}</option>
                    {grade_options}
                </select>
            </div>
            <div class="field field--grow">
                <label for="ranking-search">{i18n.tr(Msg::ResSearch)}</label>
                <input
                    id="ranking-search"
                    type="search"
                    data-testid="ranking-search"
                    autocomplete="off"
                    placeholder=i18n.tr(Msg::ResSearchPlaceholder)
                    prop:value=move || search.get()
                    on:input=move |event| search.set(event_target_value(&event))
                />
            </div>
        </form>
    }
}

/// The ranking table with sortable headers.
#[component]
fn RankingTable(
    data: Arc<RankingData>,
    period: RwSignal<Option<String>>,
    sort: RwSignal<Sort>,
    grade_filter: RwSignal<Option<String>>,
    search: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let spirit_codes: Vec<String> =
        data.rows.first().map(|row| row.spirits.iter().map(|spirit| spirit.code.clone()).collect()).unwrap_or_default();

    let spirit_headers = spirit_codes
        .iter()
        .enumerate()
        .map(|(spirit_idx, code)| {
            let label = code.clone();
            view! {
                <SortHeader sort=sort key=SortKey::Spirit(spirit_idx) label=Signal::derive(move || label.clone())
                    title=spirit_name(code).to_owned()/>
            }
        })
        .collect_view();

    let counts_data = data.clone();
    let count_line = move || {
        let lang = i18n.lang();
        let filter = Filter { grade: grade_filter.get(), search: search.get() };
        let shown = counts_data.rows.iter().filter(|row| filter.matches(row)).count();
        format!(
            "{} {} {} {} {}",
            i18n.t(Msg::ResShowing),
            format_integer(shown as i64, lang),
            i18n.t(Msg::ResOf),
            format_integer(counts_data.rows.len() as i64, lang),
            i18n.t(Msg::ResUnits)
        )
    };

    let body_data = data.clone();
    let body = move || {
        let lang = i18n.lang();
        let filter = Filter { grade: grade_filter.get(), search: search.get() };
        let period_id = period.get().unwrap_or_default();
        let indices = sorted_indices(&body_data.rows, &body_data.movements, sort.get());
        indices
            .into_iter()
            .filter(|&row_idx| filter.matches(&body_data.rows[row_idx]))
            .map(|row_idx| {
                let row = &body_data.rows[row_idx];
                let href = unit_page_url(&period_id, &row.code);
                let row_href = href.clone();
                let navigate = navigate.clone();
                let open_row = move |event: leptos::ev::MouseEvent| {
                    // A click on the link itself is the router's; anywhere else on the row opens it too.
                    let on_link = event
                        .target()
                        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                        .and_then(|element| element.closest("a").ok().flatten())
                        .is_some();
                    if !on_link {
                        navigate(&row_href, Default::default());
                    }
                };
                let spirits = row
                    .spirits
                    .iter()
                    .map(|spirit| view! { <td class="num">{score_text(spirit.score, lang)}</td> })
                    .collect_view();
                let moved = body_data.movements[row_idx];
                let movement_cell = match moved {
                    Movement::NoPrevious => view! { <span title=i18n.t(Msg::ResNoPrevious)>"—"</span> }.into_any(),
                    Movement::New => view! { <span>{i18n.t(Msg::ResNew)}</span> }.into_any(),
                    Movement::Moved { places, points } => {
                        let class = match places {
                            p if p > 0 => "movement movement--up",
                            p if p < 0 => "movement movement--down",
                            _ => "movement",
                        };
                        let label = format!(
                            "{} {} {}, {} {}",
                            i18n.t(if places >= 0 { Msg::ResMovedUp } else { Msg::ResMovedDown }),
                            places.abs(),
                            i18n.t(Msg::ResPlaces),
                            signed_cents_text(points, lang),
                            i18n.t(Msg::ResPoints)
                        );
                        view! {
                            <span class=class aria-label=label.clone() title=label>
                                {moved.arrow()} " " {places.abs()}
                                <small>" (" {signed_cents_text(points, lang)} ")"</small>
                            </span>
                        }
                        .into_any()
                    }
                };
                view! {
                    <tr data-testid="ranking-row" data-unit=row.code.clone() on:click=open_row>
                        <td class="num" data-testid="ranking-rank">{row.rank}</td>
                        <th scope="row" data-testid="ranking-unit"><a href=href>{row.name.clone()}</a></th>
                        <td class="num" data-testid="ranking-total">{cents_text(row.total, lang)}</td>
                        <td class="grade-cell">
                            <span class=grade_badge_class(&row.grade) data-testid="ranking-grade">{row.grade.clone()}</span>
                            " "
                            <span class="grade-cell__category">{i18n.t(grade_category(&row.grade))}</span>
                        </td>
                        {spirits}
                        <td class="num">{movement_cell}</td>
                        <td>{if row.complete { i18n.t(Msg::ResComplete) } else { i18n.t(Msg::ResIncomplete) }}</td>
                    </tr>
                }
            })
            .collect_view()
    };

    let previous_label = data.previous_label.clone();
    let previous_note = move || match &previous_label {
        Some(label) => format!("{} {label}.", i18n.t(Msg::ResComparedWith)),
        None => i18n.t(Msg::ResNoPreviousNote).to_owned(),
    };

    view! {
        <p class="results-count" role="status" aria-live="polite" data-testid="ranking-count">{count_line}</p>
        <div class="table-scroll" tabindex="0" role="region" aria-label=i18n.tr(Msg::ResTableLabel)>
            <table class="data-table ranking-table" data-testid="ranking-table">
                <caption>{i18n.tr(Msg::ResTableCaption)}</caption>
                <thead>
                    <tr>
                        <SortHeader sort=sort key=SortKey::Rank label=Signal::derive(move || i18n.t(Msg::ResColRank).to_owned())/>
                        <SortHeader sort=sort key=SortKey::Unit label=Signal::derive(move || i18n.t(Msg::ResColUnit).to_owned())/>
                        <SortHeader sort=sort key=SortKey::Total label=Signal::derive(move || i18n.t(Msg::ResColTotal).to_owned())/>
                        <SortHeader sort=sort key=SortKey::Grade label=Signal::derive(move || i18n.t(Msg::ResColGrade).to_owned())/>
                        {spirit_headers}
                        <SortHeader sort=sort key=SortKey::Movement label=Signal::derive(move || i18n.t(Msg::ResColMovement).to_owned())/>
                        <SortHeader sort=sort key=SortKey::Complete label=Signal::derive(move || i18n.t(Msg::ResColComplete).to_owned())/>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
        <p class="results-footnote">{previous_note} " " {i18n.tr(Msg::ResTiesNote)}</p>
    }
}

/// A column header that sorts the table: a real button (keyboard-operable) inside a `<th>`
/// carrying `aria-sort`.
#[component]
fn SortHeader(
    sort: RwSignal<Sort>,
    key: SortKey,
    label: Signal<String>,
    #[prop(optional, into)] title: Option<String>,
) -> impl IntoView {
    view! {
        <th scope="col" aria-sort=move || sort.get().aria_sort(key) class="sortable">
            <button type="button" class="sort-button" title=title on:click=move |_| sort.update(|s| *s = s.toggled(key))>
                {move || label.get()}
                <span class="sort-button__icon" aria-hidden="true">
                    {move || match sort.get().aria_sort(key) {
                        "ascending" => "▲",
                        "descending" => "▼",
                        _ => "↕",
                    }}
                </span>
            </button>
        </th>
    }
}
