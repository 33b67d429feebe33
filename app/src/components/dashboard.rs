//! The province's dashboard on "Beranda": grade distribution per population, average per
//! spirit, a heat-map of units × spirits, the indicators with the lowest average (where the
//! province should help), and the trend of the average total across published periods.
//!
//! Charts are inline SVG with a `<title>`, a legend and the numbers written next to the marks,
//! scaled by `viewBox` so they stay readable on a phone. All numbers come from the public API
//! (published periods only) and are exact: averages are computed in integers (`crate::ranking`)
//! or by the server (`indicator-averages`).
//!
//! The charts and tables are read-only, so they are written as HTML text by plain functions and
//! placed with `inner_html` (the pattern of `components::html`): one reactive text per
//! block instead of Leptos view code per element. Only the population tabs stay `view!` controls.

use std::fmt::Write as _;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ApiError;
use crate::api::periods::{Period, Population};
use crate::api::published::{IndicatorAverages, fetch_indicator_averages, fetch_ranking, unit_page_url};
use crate::components::html::{coordinate, escape};
use crate::components::published::{Load, ResultsLoadError, cents_text, decimal_text, grade_category, score_text};
use crate::components::simulator::text;
use crate::i18n::{Lang, Msg, format_fixed, format_integer, t, use_i18n};
use crate::pages::rankings::load_catalog;
use crate::ranking::{
    GRADES, RankedUnit, average_total, grade_distribution, parse_scaled, score_band, spirit_averages, spirit_name,
};

/// Everything the dashboard shows for the newest published period.
#[derive(Clone)]
struct DashboardData {
    period: Period,
    populations: Vec<Population>,
    /// One ranking per population (same order as `populations`); empty when not assessed.
    rankings: Vec<Arc<Vec<RankedUnit>>>,
    /// `(period label, population code, average total in cents)` for every published period.
    trend: Vec<(String, String, i64)>,
}

async fn load_dashboard() -> Result<Option<DashboardData>, ApiError> {
    // Published periods only, whoever is signed in: a signed-in user's list also holds open
    // periods, whose indicator averages are not public (they exist only for published periods).
    let mut catalog = load_catalog(false).await?;
    // CETTAR periods only (a work-system policy evaluation is on "Sistem Kerja"), and only the
    // rankings a period has: a population it does not score is skipped, never asked for.
    catalog.periods.retain(|period| !period.is_policy());
    let Some(period) = catalog.periods.last().cloned() else { return Ok(None) };
    let mut rankings = Vec::new();
    let mut trend = Vec::new();
    for population in &catalog.populations {
        if !period.scores(&population.code) {
            rankings.push(Arc::new(Vec::new()));
            continue;
        }
        let rows = match fetch_ranking(&period.id, &population.code).await {
            Ok(rows) => rows,
            Err(ApiError::Status { status: 404, .. }) => Vec::new(),
            Err(error) => return Err(error),
        };
        rankings.push(Arc::new(rows));
    }
    for past in &catalog.periods {
        for (population_idx, population) in catalog.populations.iter().enumerate() {
            let rows = if past.id == period.id {
                rankings[population_idx].as_ref().clone()
            } else if !past.scores(&population.code) {
                continue;
            } else {
                match fetch_ranking(&past.id, &population.code).await {
                    Ok(rows) => rows,
                    Err(ApiError::Status { status: 404, .. }) => continue,
                    Err(error) => return Err(error),
                }
            };
            if let Some(average) = average_total(&rows) {
                trend.push((past.label.clone(), population.code.clone(), average));
            }
        }
    }
    Ok(Some(DashboardData { period, populations: catalog.populations, rankings, trend }))
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(Load::<Option<DashboardData>>::Loading);
    let fetch = move || {
        state.set(Load::Loading);
        leptos::task::spawn_local(async move {
            let loaded = load_dashboard().await;
            let _ = state.try_set(match loaded {
                Ok(loaded) => Load::Ready(loaded),
                Err(error) => Load::Failed(error),
            });
        });
    };
    fetch();
    move || match state.get() {
        Load::Idle | Load::Loading => {
            view! { <p class="loading" role="status">{i18n.t(Msg::ResLoading)}</p> }.into_any()
        }
        Load::Failed(error) => view! { <ResultsLoadError error=error on_retry=fetch/> }.into_any(),
        Load::Ready(None) => view! { <p class="note">{i18n.t(Msg::ResNoPeriods)}</p> }.into_any(),
        Load::Ready(Some(data)) => view! { <DashboardBody data=data/> }.into_any(),
    }
}

#[component]
fn DashboardBody(data: DashboardData) -> impl IntoView {
    let i18n = use_i18n();
    let selected =
        RwSignal::new(data.populations.iter().position(|population| population.code == "kabkota").unwrap_or(0));
    let averages = RwSignal::new(Load::<Arc<IndicatorAverages>>::Idle);
    let period_id = data.period.id.clone();
    let populations = data.populations.clone();
    Effect::new(move |_| {
        let Some(population) = populations.get(selected.get()).cloned() else { return };
        let period_id = period_id.clone();
        averages.set(Load::Loading);
        leptos::task::spawn_local(async move {
            let loaded = fetch_indicator_averages(&period_id, &population.code).await;
            let _ = averages.try_set(match loaded {
                Ok(loaded) => Load::Ready(Arc::new(loaded)),
                Err(error) => Load::Failed(error),
            });
        });
    });
    let data = Arc::new(data);

    let distribution = {
        let data = data.clone();
        text(move || distribution_html(&data, i18n.lang()))
    };

    let selector = {
        let data = data.clone();
        move || {
            data.populations
                .iter()
                .enumerate()
                .filter(|(population_idx, _)| !data.rankings[*population_idx].is_empty())
                .map(|(population_idx, population)| {
                    let data = data.clone();
                    view! {
                        <button
                            type="button"
                            class="tab"
                            data-testid=format!("dashboard-population-{}", population.code)
                            aria-pressed=text(move || (selected.get() == population_idx).to_string())
                            on:click=move |_| selected.set(population_idx)
                        >
                            {text(move || population_name(&data, population_idx, i18n.lang()))}
                        </button>
                    }
                })
                .collect_view()
        }
    };

    let spirits_chart = {
        let data = data.clone();
        text(move || {
            let rows = data.rankings.get(selected.get()).cloned().unwrap_or_default();
            spirit_bars_html(&spirit_averages(&rows), i18n.lang())
        })
    };

    let trend = {
        let data = data.clone();
        text(move || {
            let population_code = data.populations.get(selected.get()).map(|p| p.code.as_str()).unwrap_or_default();
            let points: Vec<(String, i64)> = data
                .trend
                .iter()
                .filter(|(_, code, _)| code == population_code)
                .map(|(label, _, average)| (label.clone(), *average))
                .collect();
            trend_chart_html(&points, i18n.lang())
        })
    };

    let heat_map = {
        let data = data.clone();
        text(move || {
            let rows = data.rankings.get(selected.get()).cloned().unwrap_or_default();
            heat_table_html(&rows, &data.period.id, i18n.lang())
        })
    };

    // Loading and the table are text; a failure is the shared error box with its retry button.
    let lowest = text(move || match averages.get() {
        Load::Idle | Load::Loading => {
            format!(r#"<p class="loading" role="status">{}</p>"#, escape(i18n.t(Msg::ResLoading)))
        }
        Load::Failed(_) => String::new(),
        Load::Ready(loaded) => lowest_table(&loaded, i18n.lang()),
    });
    let lowest_error = move || match averages.get() {
        Load::Failed(error) => Some(view! { <ResultsLoadError error=error on_retry=move || selected.update(|_| {})/> }),
        _ => None,
    };

    let period_label = data.period.label.clone();
    view! {
        <section class="dashboard" aria-labelledby="dashboard-heading" data-testid="dashboard">
            <h2 id="dashboard-heading">{text(move || format!("{} — {}", i18n.t(Msg::ResDashboardHeading), period_label))}</h2>
            <p>{i18n.tr(Msg::ResDashboardIntro)} " " <A href="/peringkat">{i18n.tr(Msg::ResSeeRankings)}</A></p>
            <div class="chart-grid" data-testid="dashboard-distribution" inner_html=distribution></div>
            <div class="population-tabs" role="group" aria-label=i18n.tr(Msg::ResPopulation)>{selector}</div>
            <div class="chart-grid chart-grid--two">
                <div inner_html=spirits_chart></div>
                <div inner_html=trend></div>
            </div>
            <h3>{i18n.tr(Msg::ResLowestHeading)}</h3>
            <p class="results-footnote">{i18n.tr(Msg::ResLowestNote)}</p>
            <div inner_html=lowest></div>
            {lowest_error}
            <h3>{i18n.tr(Msg::ResHeatTitle)}</h3>
            <div class="table-scroll heat-scroll" tabindex="0" role="region" aria-label=i18n.tr(Msg::ResHeatTitle) inner_html=heat_map></div>
            <p class="heat-legend" aria-hidden="true" inner_html=heat_legend_html()></p>
            <p class="results-footnote">{i18n.tr(Msg::ResHeatLegend)}</p>
        </section>
    }
}

/// The population's name in the interface language.
fn population_name(data: &DashboardData, population_idx: usize, lang: Lang) -> String {
    data.populations
        .get(population_idx)
        .map(|p| if lang == Lang::En { p.name_en.clone() } else { p.name.clone() })
        .unwrap_or_default()
}

/// One grade chart per population that has results.
fn distribution_html(data: &DashboardData, lang: Lang) -> String {
    data.rankings
        .iter()
        .enumerate()
        .filter(|(_, rows)| !rows.is_empty())
        .map(|(population_idx, rows)| {
            let title = format!(
                "{} — {} ({} {})",
                t(lang, Msg::ResDistributionTitle),
                population_name(data, population_idx, lang),
                format_integer(rows.len() as i64, lang),
                t(lang, Msg::ResUnits)
            );
            grade_bars_html(&title, grade_distribution(rows), lang)
        })
        .collect()
}

/// Grade colours, matching the grade badges.
fn grade_colour(grade_idx: usize) -> &'static str {
    ["#1e7b34", "#1f6fb2", "#8a6100", "#b4451f", "#a51d2d"][grade_idx.min(4)]
}

/// Vertical bars A–E with the count above each bar and the letter below it.
fn grade_bars_html(title: &str, counts: [usize; 5], lang: Lang) -> String {
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    let (base, bar_width) = (140.0_f64, 36.0_f64);
    let title = escape(title);
    let mut html = String::new();
    let _ = write!(
        html,
        r#"<figure class="chart" data-testid="grade-chart"><svg viewBox="0 0 260 170" role="img" aria-label="{title}" class="chart-svg"><title>{title}</title><line x1="10" y1="140" x2="250" y2="140" class="chart-baseline"/>"#
    );
    for (grade_idx, &count) in counts.iter().enumerate() {
        let bar_height = 110.0 * count as f64 / max as f64;
        let x = 20.0 + grade_idx as f64 * 48.0;
        let grade = GRADES[grade_idx];
        let middle = coordinate(x + bar_width / 2.0);
        let _ = write!(
            html,
            r#"<g><title>{grade}: {count}</title><rect x="{}" y="{}" width="36" height="{}" fill="{}"/><text x="{middle}" y="{}" text-anchor="middle" class="chart-number">{count}</text><text x="{middle}" y="{}" text-anchor="middle" class="chart-axis">{grade}</text></g>"#,
            coordinate(x),
            coordinate(base - bar_height),
            coordinate(bar_height),
            grade_colour(grade_idx),
            coordinate(base - bar_height - 6.0),
            coordinate(base + 20.0),
        );
    }
    let _ = write!(html, r#"</svg><figcaption>{title}</figcaption><ul class="chart-legend">"#);
    for (grade_idx, grade) in GRADES.iter().enumerate() {
        let _ = write!(
            html,
            r#"<li><span class="legend-swatch" style="background:{}"></span>{grade} {}: {}</li>"#,
            grade_colour(grade_idx),
            escape(t(lang, grade_category(grade))),
            counts[grade_idx]
        );
    }
    html.push_str("</ul></figure>");
    html
}

/// Horizontal bars of the average spirit scores (0–100), with the numbers.
fn spirit_bars_html(averages: &[(String, i64)], lang: Lang) -> String {
    // Rows 30 high below a margin of 10, and 10 under the last one.
    let height = 20 + 30 * averages.len();
    let title = escape(t(lang, Msg::ResSpiritAverageTitle));
    let mut html = String::new();
    let _ = write!(
        html,
        r#"<figure class="chart" data-testid="spirit-chart"><svg viewBox="0 0 320 {height}" role="img" aria-label="{title}" class="chart-svg"><title>{title}</title><line x1="40" y1="5" x2="40" y2="{}" class="chart-baseline"/><line x1="240" y1="5" x2="240" y2="{}" class="chart-gridline"/>"#,
        height - 5,
        height - 5
    );
    for (spirit_idx, (code, average)) in averages.iter().enumerate() {
        let y = 10.0 + spirit_idx as f64 * 30.0;
        let width = 200.0 * (*average as f64) / 10000.0;
        let number = format_fixed(*average, 2, lang);
        let _ = write!(
            html,
            r#"<g><title>{}: {number}</title><text x="0" y="{}" class="chart-axis">{}</text><rect x="40" y="{}" width="{}" height="18" class="chart-bar"/><text x="{}" y="{}" class="chart-number">{number}</text></g>"#,
            escape(spirit_name(code)),
            coordinate(y + 18.0),
            escape(code),
            coordinate(y + 4.0),
            coordinate(width),
            coordinate(44.0 + width),
            coordinate(y + 18.0),
        );
    }
    let _ = write!(
        html,
        r#"</svg><figcaption>{title}</figcaption><p class="results-footnote">{}</p></figure>"#,
        escape(t(lang, Msg::ResSpiritAverageNote))
    );
    html
}

/// The average total per published period, as points joined by a line. With one period, one
/// point and a sentence saying so.
fn trend_chart_html(points: &[(String, i64)], lang: Lang) -> String {
    let n_points = points.len();
    let width = 320.0_f64;
    let x_of = |point_idx: usize| {
        if n_points <= 1 { width / 2.0 } else { 40.0 + (width - 80.0) * point_idx as f64 / (n_points - 1) as f64 }
    };
    let y_of = |cents: i64| 150.0 - 130.0 * cents as f64 / 10000.0;
    let path: String = points
        .iter()
        .enumerate()
        .map(|(point_idx, (_, cents))| {
            format!(
                "{}{},{}",
                if point_idx == 0 { "M" } else { " L" },
                coordinate(x_of(point_idx)),
                coordinate(y_of(*cents))
            )
        })
        .collect();
    let title = escape(t(lang, Msg::ResTrendTitle));
    let mut html = String::new();
    let _ = write!(
        html,
        r#"<figure class="chart" data-testid="trend-chart"><svg viewBox="0 0 320 180" role="img" aria-label="{title}" class="chart-svg"><title>{title}</title><line x1="20" y1="150" x2="300" y2="150" class="chart-baseline"/><path d="{path}" class="chart-line"/>"#
    );
    for (point_idx, (label, cents)) in points.iter().enumerate() {
        let (x, y) = (coordinate(x_of(point_idx)), y_of(*cents));
        let number = cents_text(*cents, lang);
        let label = escape(label);
        let _ = write!(
            html,
            r#"<g><title>{label}: {number}</title><circle cx="{x}" cy="{}" r="5" class="chart-point"/><text x="{x}" y="{}" text-anchor="middle" class="chart-number">{number}</text><text x="{x}" y="172" text-anchor="middle" class="chart-axis">{label}</text></g>"#,
            coordinate(y),
            coordinate(y - 10.0),
        );
    }
    let _ = write!(html, r#"</svg><figcaption>{title}</figcaption>"#);
    if n_points <= 1 {
        let _ = write!(
            html,
            r#"<p class="results-footnote" data-testid="trend-single">{}</p>"#,
            escape(t(lang, Msg::ResTrendSingle))
        );
    }
    html.push_str("</figure>");
    html
}

/// The heat map: one row per unit (rank, unit linked to its report card, each spirit's score on
/// its grade colour, total).
fn heat_table_html(rows: &[RankedUnit], period_id: &str, lang: Lang) -> String {
    let mut html = String::new();
    let _ = write!(
        html,
        r#"<table class="data-table heat-table" data-testid="dashboard-heatmap"><caption>{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th>"#,
        escape(t(lang, Msg::ResHeatTitle)),
        escape(t(lang, Msg::ResColRank)),
        escape(t(lang, Msg::ResColUnit))
    );
    for spirit in rows.first().map(|row| row.spirits.as_slice()).unwrap_or_default() {
        let _ = write!(
            html,
            r#"<th scope="col"><abbr title="{}">{}</abbr></th>"#,
            escape(spirit_name(&spirit.code)),
            escape(&spirit.code)
        );
    }
    let _ = write!(html, r#"<th scope="col">{}</th></tr></thead><tbody>"#, escape(t(lang, Msg::ResColTotal)));
    for row in rows {
        let _ = write!(
            html,
            r#"<tr><td class="num">{}</td><th scope="row"><a href="{}">{}</a></th>"#,
            row.rank,
            escape(&unit_page_url(period_id, &row.code)),
            escape(&row.name)
        );
        for spirit in &row.spirits {
            let _ = write!(
                html,
                r#"<td class="num heat heat--{}">{}</td>"#,
                score_band(spirit.score),
                score_text(spirit.score, lang)
            );
        }
        let _ = write!(html, r#"<td class="num"><strong>{}</strong></td></tr>"#, cents_text(row.total, lang));
    }
    html.push_str("</tbody></table>");
    html
}

/// The grade letters on their heat-map colours.
fn heat_legend_html() -> String {
    GRADES
        .iter()
        .map(|grade| format!(r#"<span class="heat heat--{}">{grade}</span>"#, grade.to_ascii_lowercase()))
        .collect()
}

/// The indices of the `count` smallest keys, smallest first, ties in their order (the head of the
/// shared stable sort).
fn lowest_first(keys: &[i64], count: usize) -> Vec<usize> {
    let mut order = engine::order::sorted_indices(keys.len(), &mut |left, right| keys[left].cmp(&keys[right]));
    order.truncate(count);
    order
}

/// One line of the table of the weakest indicators, as the API gave it (decimal texts).
struct LowestLine<'a> {
    name: &'a str,
    spirit: &'a str,
    owner: &'a str,
    average: &'a str,
    min: &'a str,
    max: &'a str,
}

/// The five indicators with the lowest average score, lowest first.
fn lowest_table(loaded: &IndicatorAverages, lang: Lang) -> String {
    let keys: Vec<i64> = loaded
        .indicators
        .iter()
        .map(|indicator| parse_scaled(indicator.average_score.as_str(), 2).unwrap_or(0))
        .collect();
    let lines: Vec<LowestLine<'_>> = lowest_first(&keys, 5)
        .into_iter()
        .map(|indicator_idx| {
            let indicator = &loaded.indicators[indicator_idx];
            LowestLine {
                name: &indicator.name,
                spirit: &indicator.spirit,
                owner: &indicator.owner,
                average: indicator.average_score.as_str(),
                min: indicator.min_score.as_str(),
                max: indicator.max_score.as_str(),
            }
        })
        .collect();
    lowest_table_html(loaded.n_units, &lines, lang)
}

fn lowest_table_html(n_units: i64, lines: &[LowestLine<'_>], lang: Lang) -> String {
    let mut html = String::new();
    let _ = write!(
        html,
        r#"<div class="table-scroll" tabindex="0"><table class="data-table" data-testid="dashboard-lowest"><caption>{} ({} {})</caption><thead><tr>"#,
        escape(t(lang, Msg::ResLowestCaption)),
        format_integer(n_units, lang),
        escape(t(lang, Msg::ResUnits))
    );
    for msg in
        [Msg::RulesColumnIndicator, Msg::RulesColumnSpirit, Msg::RulesColumnOwner, Msg::ResColAverage, Msg::ResColRange]
    {
        let _ = write!(html, r#"<th scope="col">{}</th>"#, escape(t(lang, msg)));
    }
    html.push_str("</tr></thead><tbody>");
    for line in lines {
        let owner = if line.owner.is_empty() { "—" } else { line.owner };
        let _ = write!(
            html,
            r#"<tr data-testid="lowest-indicator"><th scope="row">{}</th><td>{} ({})</td><td>{}</td><td class="num"><strong>{}</strong></td><td class="num">{} – {}</td></tr>"#,
            escape(line.name),
            escape(spirit_name(line.spirit)),
            escape(line.spirit),
            escape(owner),
            escape(&decimal_text(line.average, lang)),
            escape(&decimal_text(line.min, lang)),
            escape(&decimal_text(line.max, lang)),
        );
    }
    html.push_str("</tbody></table></div>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ranking::test_unit;

    fn unit(rank: i64, name: &str, scores: &[(&str, i64)], total: i64) -> RankedUnit {
        test_unit(rank, &name.to_lowercase().replace(' ', "-"), name, total, "B", scores)
    }

    #[test]
    fn heat_map_links_each_unit_and_colours_each_score() {
        let rows = [unit(1, "Kota <Batu>", &[("C", 92_5000), ("E", 55_1250)], 8415)];
        let html = heat_table_html(&rows, "2023-annual", Lang::Id);
        assert!(html.contains(r#"data-testid="dashboard-heatmap""#));
        assert!(html.contains(r#"<th scope="col"><abbr title="Cepat">C</abbr></th>"#), "{html}");
        assert!(
            html.contains(
                r#"<th scope="row"><a href="/unit/kota-%3Cbatu%3E?periode=2023-annual">Kota &lt;Batu&gt;</a></th>"#
            ),
            "{html}"
        );
        assert!(
            html.contains(r#"<td class="num heat heat--a">92,50</td><td class="num heat heat--c">55,13</td>"#),
            "{html}"
        );
        assert!(html.contains("<td class=\"num\"><strong>84,15</strong></td></tr>"));
        assert_eq!(html.matches("<tr>").count(), 2, "the head row and one unit");
    }

    #[test]
    fn grade_chart_has_a_bar_and_a_legend_entry_per_grade() {
        let html = grade_bars_html("Sebaran — A & B (38 unit)", [1, 35, 2, 0, 0], Lang::Id);
        assert!(html.contains(r#"data-testid="grade-chart""#));
        assert!(html.contains(r#"aria-label="Sebaran — A &amp; B (38 unit)""#));
        assert_eq!(html.matches("<rect ").count(), 5);
        // The tallest bar is 110 high on the base line at 140.
        assert!(html.contains(r##"<rect x="68.0" y="30.0" width="36" height="110.0" fill="#1f6fb2"/>"##), "{html}");
        assert!(
            html.contains(
                "<li><span class=\"legend-swatch\" style=\"background:#1e7b34\"></span>A Sangat Cettar: 1</li>"
            ),
            "{html}"
        );
    }

    #[test]
    fn spirit_and_trend_charts_write_their_numbers() {
        let spirits = spirit_bars_html(&[("C".to_owned(), 7941), ("<R>".to_owned(), 5918)], Lang::En);
        assert!(spirits.contains(r#"viewBox="0 0 320 80""#), "{spirits}");
        assert!(spirits.contains("<title>Cepat: 79.41</title>"));
        assert!(spirits.contains(">&lt;R&gt;</text>"));
        let trend = trend_chart_html(&[("Tahunan 2023".to_owned(), 7351)], Lang::Id);
        assert!(trend.contains(r#"data-testid="trend-single""#));
        assert!(trend.contains(r#"<path d="M160.0,54.4" class="chart-line"/>"#), "{trend}");
        assert!(trend.contains(">73,51</text>"));
        let two = trend_chart_html(&[("2022".to_owned(), 7000), ("2023".to_owned(), 8000)], Lang::Id);
        assert!(!two.contains("trend-single"));
        assert!(two.contains(r#"d="M40.0,59.0 L280.0,46.0""#), "{two}");
    }

    #[test]
    fn weakest_indicators_are_the_lowest_five_in_a_stable_order() {
        assert_eq!(lowest_first(&[50, 10, 30, 10, 90, 20, 40], 5), [1, 3, 5, 2, 6]);
        assert_eq!(lowest_first(&[3, 1], 5), [1, 0]);
        let html = lowest_table_html(
            38,
            &[LowestLine { name: "ASN <Award>", spirit: "R", owner: "", average: "34.56", min: "0", max: "97.64" }],
            Lang::Id,
        );
        assert!(html.contains("<caption>Lima indikator terlemah (38 unit)</caption>"), "{html}");
        assert!(
            html.contains(r#"<tr data-testid="lowest-indicator"><th scope="row">ASN &lt;Award&gt;</th><td>Responsif (R)</td><td>—</td><td class="num"><strong>34,56</strong></td><td class="num">0 – 97,64</td></tr>"#),
            "{html}"
        );
    }
}
