//! "Peringkat" (`/peringkat?periode=…&populasi=…`): the published ranking of one population in
//! one period — rank, unit, total, grade, the six spirits, movement since the previous published
//! period and completeness — sortable, filterable by grade and searchable; each row opens the
//! unit's report card.
//!
//! This page is also Sibekisar's **public transparency page** (issue 7): it needs no login and
//! shows only what the public API shows, i.e. published periods (never drafts, evidence files
//! or personal data), with a link to the rules ("Cara Penilaian") and the XLSX download.
//!
//! The table is HTML text re-written as a whole when the sort, filter or data change: no
//! per-row component or signal, so 600 rows stay cheap to scroll and cost no view code.

use std::fmt::Write as _;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::ApiError;
use crate::api::periods::{Period, Population, fetch_periods, fetch_populations};
use crate::api::published::{fetch_ranking, results_url, results_xlsx_url, unit_page_url};
use crate::auth::use_auth;
use crate::components::html::{escape, event_closest, place_html, push_option};
use crate::components::published::{
    Load, ResultsLoadError, cents_text, grade_badge_class, grade_category, grade_category_text, score_text,
    signed_cents_text,
};
use crate::i18n::{Lang, Msg, format_integer, t, use_document_title, use_i18n};
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

/// Loads the periods whose results the user may see and the populations. The server lists open
/// periods to every signed-in user (for the assessment), but ranks a population in an unpublished
/// period only for those who [`sees_unpublished_results`](crate::auth::Auth::sees_unpublished_results).
pub async fn load_catalog(sees_unpublished: bool) -> Result<Catalog, ApiError> {
    let (mut periods, _) = fetch_periods().await?;
    periods.retain(|period| sees_unpublished || period.is_published());
    let (populations, _) = fetch_populations().await?;
    Ok(Catalog { periods, populations })
}

/// The period a results page opens on: the newest published one, else the newest listed.
pub fn default_period(periods: &[Period]) -> Option<&Period> {
    periods.iter().rev().find(|period| period.is_published()).or(periods.last())
}

/// Loads a ranking and, when an earlier published period ranks the same population, the movement
/// since that period.
pub async fn load_ranking(
    periods: Vec<Period>,
    period_id: String,
    population: String,
) -> Result<RankingData, ApiError> {
    let position = periods.iter().position(|period| period.id == period_id);
    let current = position.and_then(|index| periods.get(index));
    // A population the period does not score has no ranking: answered here as the server would
    // (404), without a request that the browser would log as failed.
    if current.is_some_and(|period| !period.scores(&population)) {
        return Err(ApiError::Status { status: 404, url: results_url(&period_id, &population) });
    }
    let rows = fetch_ranking(&period_id, &population).await?;
    // Movement only against a period of the same kind of evaluation (CETTAR, or Sistem Kerja).
    let previous_period =
        position.and_then(|position| position.checked_sub(1)).and_then(|index| periods.get(index)).filter(|previous| {
            current.is_some_and(|current| current.is_policy() == previous.is_policy()) && previous.scores(&population)
        });
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
    let population = RwSignal::new(
        query.get(PARAM_POPULATION).filter(|value| !value.is_empty()).unwrap_or_else(|| "kabkota".to_owned()),
    );

    let catalog = RwSignal::new(Load::<Catalog>::Loading);
    let data = RwSignal::new(Load::<Arc<RankingData>>::Idle);
    let sort = RwSignal::new(Sort::default());
    let grade_filter = RwSignal::new(None::<String>);
    let search = RwSignal::new(String::new());

    let auth = use_auth();
    let fetch_catalog = move || {
        catalog.set(Load::Loading);
        leptos::task::spawn_local(async move {
            let loaded = load_catalog(auth.sees_unpublished_results()).await;
            if let Ok(loaded) = &loaded {
                let known = period.get_untracked().filter(|id| loaded.periods.iter().any(|p| &p.id == id));
                if known.is_none() {
                    // Default: the newest published period (staff may pick an open one).
                    let _ = period.try_set(default_period(&loaded.periods).map(|p| p.id.clone()));
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

    let controls = move || {
        match catalog.get() {
        Load::Idle | Load::Loading => {
            view! { <p class="loading" role="status">{i18n.t(Msg::ResLoading)}</p> }.into_any()
        }
        Load::Failed(error) => view! { <ResultsLoadError error=error on_retry=fetch_catalog/> }.into_any(),
        Load::Ready(loaded) => view! {
            <RankingControls catalog=loaded period=period population=population grade_filter=grade_filter search=search/>
        }
        .into_any(),
    }
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

/// Population tabs, the period select, the grade filter and the search box. The tabs and the
/// selects' options are HTML text (see `components::html`); the tabs are real buttons read by one
/// delegated click handler, and keep the focus when they are re-written.
#[component]
fn RankingControls(
    catalog: Catalog,
    period: RwSignal<Option<String>>,
    population: RwSignal<String>,
    grade_filter: RwSignal<Option<String>>,
    search: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Catalog { periods, populations } = catalog;
    place_html(TABS_ID, Signal::derive(move || population_tabs_html(&populations, &population.get(), i18n.lang())));
    let on_tab = move |event: leptos::ev::MouseEvent| {
        if let Some(code) =
            event_closest(&event, r#"[data-action="population"]"#).and_then(|tab| tab.get_attribute("data-code"))
        {
            population.set(code);
        }
    };
    let period_options = Signal::derive(move || period_options_html(&periods, period.get().as_deref()));
    let grade_options = Signal::derive(move || grade_options_html(grade_filter.get().as_deref(), i18n.lang()));
    view! {
        <div id=TABS_ID class="population-tabs" role="group" aria-label=i18n.tr(Msg::ResPopulation) on:click=on_tab></div>
        <form class="results-filters" on:submit=|event| event.prevent_default() aria-label=i18n.tr(Msg::ResFilters)>
            <div class="field">
                <label for="ranking-period">{i18n.tr(Msg::ResPeriod)}</label>
                <select
                    id="ranking-period"
                    data-testid="ranking-period-select"
                    inner_html=period_options
                    on:change=move |event| period.set(Some(event_target_value(&event)).filter(|v| !v.is_empty()))
                ></select>
            </div>
            <div class="field">
                <label for="ranking-grade">{i18n.tr(Msg::ResGradeFilter)}</label>
                <select
                    id="ranking-grade"
                    data-testid="ranking-grade-filter"
                    inner_html=grade_options
                    on:change=move |event| grade_filter.set(Some(event_target_value(&event)).filter(|v| !v.is_empty()))
                ></select>
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

/// The id of the element the population tabs are written into.
const TABS_ID: &str = "ranking-population-tabs";

/// One toggle button per population, the selected one pressed.
fn population_tabs_html(populations: &[Population], selected: &str, lang: Lang) -> String {
    let mut html = String::new();
    for population in populations {
        let code = escape(&population.code);
        let name = if lang == Lang::En { &population.name_en } else { &population.name };
        let _ = write!(
            html,
            r#"<button type="button" class="tab" data-testid="population-{code}" aria-pressed="{}" data-action="population" data-code="{code}" data-keep="population-{code}">{}</button>"#,
            population.code == selected,
            escape(name)
        );
    }
    html
}

/// The published periods, newest first, the selected one marked.
fn period_options_html(periods: &[Period], selected: Option<&str>) -> String {
    let mut html = String::new();
    for period in periods.iter().rev() {
        push_option(&mut html, &period.id, &period.label, selected == Some(period.id.as_str()));
    }
    html
}

/// "Every grade", then each grade with its category, the selected one marked.
fn grade_options_html(selected: Option<&str>, lang: Lang) -> String {
    let mut html = String::new();
    push_option(&mut html, "", t(lang, Msg::ResAllGrades), selected.is_none());
    for grade in GRADES {
        push_option(
            &mut html,
            grade,
            &format!("{grade} — {}", t(lang, grade_category(grade))),
            selected == Some(grade),
        );
    }
    html
}

/// The ranking table with sortable headers: HTML text (see `components::html`) re-written as a
/// whole when the sort, filter, period or language change. One delegated click handler sorts
/// (a header's `<button data-action="sort">`) or opens a row's report card.
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
    let columns = sort_columns(data.rows.first().map_or(0, |row| row.spirits.len()));

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

    let table_data = data.clone();
    place_html(
        TABLE_REGION_ID,
        Signal::derive(move || {
            let filter = Filter { grade: grade_filter.get(), search: search.get() };
            let period_id = period.get().unwrap_or_default();
            ranking_table_html(
                &table_data,
                &TableView { lang: i18n.lang(), sort: sort.get(), filter: &filter, period_id: &period_id },
            )
        }),
    );

    let on_click = move |event: leptos::ev::MouseEvent| {
        if let Some(button) = event_closest(&event, r#"[data-action="sort"]"#) {
            let key = button.get_attribute("data-key").and_then(|key| key.parse::<usize>().ok());
            if let Some(&key) = key.and_then(|column_idx| columns.get(column_idx)) {
                sort.update(|sort| *sort = sort.toggled(key));
            }
            return;
        }
        // A click on the link itself is the router's; anywhere else on the row opens it too.
        if event_closest(&event, "a").is_some() {
            return;
        }
        if let Some(href) = event_closest(&event, "tr[data-href]").and_then(|row| row.get_attribute("data-href")) {
            navigate(&href, Default::default());
        }
    };

    let previous_label = data.previous_label.clone();
    let footnote = move || {
        let previous = match &previous_label {
            Some(label) => format!("{} {label}.", i18n.t(Msg::ResComparedWith)),
            None => i18n.t(Msg::ResNoPreviousNote).to_owned(),
        };
        format!("{previous} {}", i18n.t(Msg::ResTiesNote))
    };

    view! {
        <p class="results-count" role="status" aria-live="polite" data-testid="ranking-count">{count_line}</p>
        <div id=TABLE_REGION_ID class="table-scroll" tabindex="0" role="region" aria-label=i18n.tr(Msg::ResTableLabel) on:click=on_click></div>
        <p class="results-footnote">{footnote}</p>
    }
}

/// The id of the element the table is written into.
const TABLE_REGION_ID: &str = "ranking-table-region";

/// What the table shows of the data.
pub struct TableView<'a> {
    pub lang: Lang,
    pub sort: Sort,
    pub filter: &'a Filter,
    /// The period the rows link to.
    pub period_id: &'a str,
}

/// The sortable columns in table order; a header's `data-key` is its position here.
fn sort_columns(spirit_count: usize) -> Vec<SortKey> {
    let mut columns = vec![SortKey::Rank, SortKey::Unit, SortKey::Total, SortKey::Grade];
    columns.extend((0..spirit_count).map(SortKey::Spirit));
    columns.extend([SortKey::Movement, SortKey::Complete]);
    columns
}

/// The ranking table: caption, sortable headers and the rows that pass the filter, in the sort's
/// order. A header is a real button (keyboard-operable) inside a `<th>` carrying `aria-sort`.
pub fn ranking_table_html(data: &RankingData, view: &TableView<'_>) -> String {
    let lang = view.lang;
    let spirit_codes: Vec<&str> = data
        .rows
        .first()
        .map(|row| row.spirits.iter().map(|spirit| spirit.code.as_str()).collect())
        .unwrap_or_default();
    let mut html = format!(
        r#"<table class="data-table ranking-table" data-testid="ranking-table"><caption>{}</caption><thead><tr>"#,
        escape(t(lang, Msg::ResTableCaption))
    );
    for (column_idx, key) in sort_columns(spirit_codes.len()).into_iter().enumerate() {
        let (label, title) = match key {
            SortKey::Rank => (t(lang, Msg::ResColRank), None),
            SortKey::Unit => (t(lang, Msg::ResColUnit), None),
            SortKey::Total => (t(lang, Msg::ResColTotal), None),
            SortKey::Grade => (t(lang, Msg::ResColGrade), None),
            SortKey::Spirit(spirit_idx) => (spirit_codes[spirit_idx], Some(spirit_name(spirit_codes[spirit_idx]))),
            SortKey::Movement => (t(lang, Msg::ResColMovement), None),
            SortKey::Complete => (t(lang, Msg::ResColComplete), None),
        };
        let aria_sort = view.sort.aria_sort(key);
        let icon = match aria_sort {
            "ascending" => "▲",
            "descending" => "▼",
            _ => "↕",
        };
        let title = title.map(|title| format!(r#" title="{}""#, escape(title))).unwrap_or_default();
        let _ = write!(
            html,
            r#"<th scope="col" aria-sort="{aria_sort}" class="sortable"><button type="button" class="sort-button" data-action="sort" data-key="{column_idx}" data-keep="sort-{column_idx}"{title}>{}<span class="sort-button__icon" aria-hidden="true">{icon}</span></button></th>"#,
            escape(label)
        );
    }
    html.push_str("</tr></thead><tbody>");
    for row_idx in sorted_indices(&data.rows, &data.movements, view.sort) {
        let row = &data.rows[row_idx];
        if view.filter.matches(row) {
            ranking_row_html(&mut html, row, data.movements[row_idx], view);
        }
    }
    html.push_str("</tbody></table>");
    html
}

/// One unit's row; a click anywhere on it opens the report card (see [`RankingTable`]).
fn ranking_row_html(html: &mut String, row: &RankedUnit, moved: Movement, view: &TableView<'_>) {
    let lang = view.lang;
    let href = escape(&unit_page_url(view.period_id, &row.code));
    let grade = escape(&row.grade);
    let _ = write!(
        html,
        r#"<tr data-testid="ranking-row" data-unit="{}" data-href="{href}"><td class="num" data-testid="ranking-rank">{}</td><th scope="row" data-testid="ranking-unit"><a href="{href}">{}</a></th><td class="num" data-testid="ranking-total">{}</td><td class="grade-cell"><span class="{}" data-testid="ranking-grade">{grade}</span> <span class="grade-cell__category">{}</span></td>"#,
        escape(&row.code),
        row.rank,
        escape(&row.name),
        cents_text(row.total, lang),
        escape(&grade_badge_class(&row.grade)),
        escape(&grade_category_text(lang, &row.grade, &row.category)),
    );
    for spirit in &row.spirits {
        let _ = write!(html, r#"<td class="num">{}</td>"#, score_text(spirit.score, lang));
    }
    html.push_str(r#"<td class="num">"#);
    match moved {
        Movement::NoPrevious => {
            let _ = write!(html, r#"<span title="{}">—</span>"#, escape(t(lang, Msg::ResNoPrevious)));
        }
        Movement::New => {
            let _ = write!(html, "<span>{}</span>", escape(t(lang, Msg::ResNew)));
        }
        Movement::Moved { places, points } => {
            let class = match places {
                p if p > 0 => "movement movement--up",
                p if p < 0 => "movement movement--down",
                _ => "movement",
            };
            let label = escape(&format!(
                "{} {} {}, {} {}",
                t(lang, if places >= 0 { Msg::ResMovedUp } else { Msg::ResMovedDown }),
                places.abs(),
                t(lang, Msg::ResPlaces),
                signed_cents_text(points, lang),
                t(lang, Msg::ResPoints)
            ));
            let _ = write!(
                html,
                r#"<span class="{class}" aria-label="{label}" title="{label}">{} {}<small> ({})</small></span>"#,
                moved.arrow(),
                places.abs(),
                signed_cents_text(points, lang)
            );
        }
    }
    let complete = t(lang, if row.complete { Msg::ResComplete } else { Msg::ResIncomplete });
    let _ = write!(html, "</td><td>{}</td></tr>", escape(complete));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::periods::PeriodState;
    use crate::ranking::test_unit;

    fn unit(rank: i64, code: &str, name: &str, total: i64, grade: &str) -> RankedUnit {
        RankedUnit {
            complete: rank == 1,
            ..test_unit(rank, code, name, total, grade, &[("C", 85_1250), ("E", 85_1250)])
        }
    }

    fn period(id: &str, state: &str) -> Period {
        Period {
            id: id.to_owned(),
            year: 2024,
            kind: "q1".to_owned(),
            label: id.to_owned(),
            state: PeriodState::parse(state).expect("a period state"),
            populations: None,
        }
    }

    #[test]
    fn results_open_on_the_newest_published_period() {
        let periods = [period("2023-annual", "published"), period("2024-q1", "open")];
        assert_eq!(default_period(&periods).map(|p| p.id.as_str()), Some("2023-annual"));
        let only_open = [period("2024-q1", "open")];
        assert_eq!(default_period(&only_open).map(|p| p.id.as_str()), Some("2024-q1"));
        assert_eq!(default_period(&[]), None);
    }

    fn data() -> RankingData {
        RankingData {
            rows: vec![
                unit(1, "kota-a", "Kota <A> & Co", 84_15, "A"),
                unit(2, "kabupaten-b", "Kabupaten B", 72_34, "B"),
            ],
            movements: vec![Movement::Moved { places: 2, points: 125 }, Movement::NoPrevious],
            previous_label: None,
        }
    }

    fn html(sort: Sort, filter: &Filter) -> String {
        ranking_table_html(&data(), &TableView { lang: Lang::Id, sort, filter, period_id: "2023-annual" })
    }

    #[test]
    fn a_row_shows_rank_escaped_name_link_total_grade_spirits_and_movement() {
        let html = html(Sort::default(), &Filter::default());
        assert!(html.contains(r#"data-testid="ranking-table""#));
        assert_eq!(html.matches(r#"data-testid="ranking-row""#).count(), 2);
        assert!(
            html.contains(
                r#"<tr data-testid="ranking-row" data-unit="kota-a" data-href="/unit/kota-a?periode=2023-annual"><td class="num" data-testid="ranking-rank">1</td><th scope="row" data-testid="ranking-unit"><a href="/unit/kota-a?periode=2023-annual">Kota &lt;A&gt; &amp; Co</a></th><td class="num" data-testid="ranking-total">84,15</td><td class="grade-cell"><span class="grade-badge grade-badge--a" data-testid="ranking-grade">A</span> <span class="grade-cell__category">Sangat Cettar</span></td><td class="num">85,13</td><td class="num">85,13</td><td class="num"><span class="movement movement--up" aria-label="naik 2 peringkat, +1,25 poin" title="naik 2 peringkat, +1,25 poin">▲ 2<small> (+1,25)</small></span></td><td>Lengkap</td></tr>"#
            ),
            "{html}"
        );
        assert!(
            html.contains(r#"<span title="Belum ada periode sebelumnya yang diumumkan untuk dibandingkan">—</span>"#)
        );
    }

    #[test]
    fn headers_are_sort_buttons_with_aria_sort() {
        let total = Sort::default().toggled(SortKey::Total);
        let html = html(total, &Filter::default());
        assert_eq!(html.matches(r#"data-action="sort""#).count(), 8, "4 columns, 2 spirits, movement, completeness");
        assert!(html.contains(
            r#"<th scope="col" aria-sort="descending" class="sortable"><button type="button" class="sort-button" data-action="sort" data-key="2" data-keep="sort-2">Nilai total<span class="sort-button__icon" aria-hidden="true">▼</span></button></th>"#
        ), "{html}");
        assert!(html.contains(r#"data-key="4" data-keep="sort-4" title="Cepat">C<span"#), "{html}");
        assert_eq!(sort_columns(2)[2], SortKey::Total);
        // Descending by total: the lower total comes last.
        assert!(html.find("kota-a").unwrap() < html.find("kabupaten-b").unwrap());
        let ascending = self::html(total.toggled(SortKey::Total), &Filter::default());
        assert!(ascending.find("kota-a").unwrap() > ascending.find("kabupaten-b").unwrap());
    }

    #[test]
    fn controls_mark_the_selection() {
        let population = |code: &str, name: &str| Population {
            code: code.to_owned(),
            name: name.to_owned(),
            name_en: format!("{name} (en)"),
        };
        let tabs = population_tabs_html(
            &[population("kabkota", "Kabupaten/Kota"), population("opd", "OPD & UPT")],
            "opd",
            Lang::Id,
        );
        assert_eq!(
            tabs,
            r#"<button type="button" class="tab" data-testid="population-kabkota" aria-pressed="false" data-action="population" data-code="kabkota" data-keep="population-kabkota">Kabupaten/Kota</button><button type="button" class="tab" data-testid="population-opd" aria-pressed="true" data-action="population" data-code="opd" data-keep="population-opd">OPD &amp; UPT</button>"#
        );
        let grades = grade_options_html(Some("B"), Lang::Id);
        assert!(grades.starts_with(r#"<option value="">Semua predikat</option>"#), "{grades}");
        assert!(grades.contains(r#"<option value="B" selected>B — Cettar</option>"#), "{grades}");
        assert!(grade_options_html(None, Lang::Id).starts_with(r#"<option value="" selected>"#));
    }

    #[test]
    fn the_filter_leaves_out_rows() {
        let filter = Filter { grade: Some("B".to_owned()), search: String::new() };
        let html = html(Sort::default(), &filter);
        assert_eq!(html.matches(r#"data-testid="ranking-row""#).count(), 1);
        assert!(html.contains("Kabupaten B") && !html.contains("kota-a"));
    }
}
