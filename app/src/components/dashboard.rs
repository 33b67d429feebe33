//! The province's dashboard on "Beranda": grade distribution per population, average per
//! spirit, a heat-map of units × spirits, the indicators with the lowest average (where the
//! province should help), and the trend of the average total across published periods.
//!
//! Charts are inline SVG with a `<title>`, a legend and the numbers written next to the marks,
//! scaled by `viewBox` so they stay readable on a phone. All numbers come from the public API
//! (published periods only) and are exact: averages are computed in integers (`crate::ranking`)
//! or by the server (`indicator-averages`).

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ApiError;
use crate::api::periods::{Period, Population};
use crate::api::published::{IndicatorAverages, fetch_indicator_averages, fetch_ranking, unit_page_url};
use crate::components::published::{Load, ResultsLoadError, cents_text, decimal_text, grade_category, score_text};
use crate::i18n::{Lang, Msg, format_integer, use_i18n};
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
    let mut catalog = load_catalog().await?;
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
    let selected = RwSignal::new(
        data.populations.iter().position(|population| population.code == "kabkota").unwrap_or(0),
    );
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

    let population_name = {
        let populations = data.populations.clone();
        move |population_idx: usize| {
            populations
                .get(population_idx)
                .map(|p| if i18n.lang() == Lang::En { p.name_en.clone() } else { p.name.clone() })
                .unwrap_or_default()
        }
    };

    // Grade distribution: one small SVG bar chart per population.
    let distribution = {
        let data = data.clone();
        let population_name = population_name.clone();
        move || {
            let lang = i18n.lang();
            data.rankings
                .iter()
                .enumerate()
                .filter(|(_, rows)| !rows.is_empty())
                .map(|(population_idx, rows)| {
                    let counts = grade_distribution(rows);
                    let name = population_name(population_idx);
                    let title = format!("{} — {} ({} {})", i18n.t(Msg::ResDistributionTitle), name, format_integer(rows.len() as i64, lang), i18n.t(Msg::ResUnits));
                    view! { <GradeBars title=title counts=counts/> }
                })
                .collect_view()
        }
    };

    let selector = {
        let data = data.clone();
        let population_name = population_name.clone();
        move || {
            data.populations
                .iter()
                .enumerate()
                .filter(|(population_idx, _)| !data.rankings[*population_idx].is_empty())
                .map(|(population_idx, population)| {
                    let name = population_name.clone();
                    view! {
                        <button
                            type="button"
                            class="tab"
                            data-testid=format!("dashboard-population-{}", population.code)
                            aria-pressed=move || (selected.get() == population_idx).to_string()
                            on:click=move |_| selected.set(population_idx)
                        >
                            {move || name(population_idx)}
                        </button>
                    }
                })
                .collect_view()
        }
    };

    let spirits_chart = {
        let data = data.clone();
        move || {
            let rows = data.rankings.get(selected.get()).cloned().unwrap_or_default();
            let averages = spirit_averages(&rows);
            view! { <SpiritBars averages=averages/> }
        }
    };

    let heat_map = {
        let data = data.clone();
        let period_id = data.period.id.clone();
        move || {
            let lang = i18n.lang();
            let rows = data.rankings.get(selected.get()).cloned().unwrap_or_default();
            let codes: Vec<String> =
                rows.first().map(|row| row.spirits.iter().map(|s| s.code.clone()).collect()).unwrap_or_default();
            let head = codes
                .iter()
                .map(|code| view! { <th scope="col"><abbr title=spirit_name(code).to_owned()>{code.clone()}</abbr></th> })
                .collect_view();
            let body = rows
                .iter()
                .map(|row| {
                    let cells = row
                        .spirits
                        .iter()
                        .map(|spirit| {
                            let class = format!("num heat heat--{}", score_band(spirit.score));
                            view! { <td class=class>{score_text(spirit.score, lang)}</td> }
                        })
                        .collect_view();
                    view! {
                        <tr>
                            <td class="num">{row.rank}</td>
                            <th scope="row"><a href=unit_page_url(&period_id, &row.code)>{row.name.clone()}</a></th>
                            {cells}
                            <td class="num"><strong>{cents_text(row.total, lang)}</strong></td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="table-scroll heat-scroll" tabindex="0" role="region" aria-label=i18n.t(Msg::ResHeatTitle)>
                    <table class="data-table heat-table" data-testid="dashboard-heatmap">
                        <caption>{i18n.t(Msg::ResHeatTitle)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{i18n.t(Msg::ResColRank)}</th>
                                <th scope="col">{i18n.t(Msg::ResColUnit)}</th>
                                {head}
                                <th scope="col">{i18n.t(Msg::ResColTotal)}</th>
                            </tr>
                        </thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
                <p class="heat-legend" aria-hidden="true">
                    {GRADES.iter().map(|grade| view! {
                        <span class=format!("heat heat--{}", grade.to_ascii_lowercase())>{*grade}</span>
                    }).collect_view()}
                </p>
                <p class="results-footnote">{i18n.t(Msg::ResHeatLegend)}</p>
            }
        }
    };

    let lowest = move || match averages.get() {
        Load::Idle | Load::Loading => view! { <p class="loading" role="status">{i18n.t(Msg::ResLoading)}</p> }.into_any(),
        Load::Failed(error) => view! { <ResultsLoadError error=error on_retry=move || selected.update(|_| {})/> }.into_any(),
        Load::Ready(loaded) => {
            let lang = i18n.lang();
            let mut indicators = loaded.indicators.clone();
            indicators.sort_by_key(|indicator| parse_scaled(indicator.average_score.as_str(), 2).unwrap_or(0));
            let lines = indicators
                .iter()
                .take(5)
                .map(|indicator| {
                    view! {
                        <tr data-testid="lowest-indicator">
                            <th scope="row">{indicator.name.clone()}</th>
                            <td>{format!("{} ({})", spirit_name(&indicator.spirit), indicator.spirit)}</td>
                            <td>{if indicator.owner.is_empty() { "—".to_owned() } else { indicator.owner.clone() }}</td>
                            <td class="num"><strong>{decimal_text(indicator.average_score.as_str(), lang)}</strong></td>
                            <td class="num">{format!("{} – {}", decimal_text(indicator.min_score.as_str(), lang), decimal_text(indicator.max_score.as_str(), lang))}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="table-scroll">
                    <table class="data-table" data-testid="dashboard-lowest">
                        <caption>{format!("{} ({} {})", i18n.t(Msg::ResLowestCaption), format_integer(loaded.n_units, lang), i18n.t(Msg::ResUnits))}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{i18n.t(Msg::RulesColumnIndicator)}</th>
                                <th scope="col">{i18n.t(Msg::RulesColumnSpirit)}</th>
                                <th scope="col">{i18n.t(Msg::RulesColumnOwner)}</th>
                                <th scope="col">{i18n.t(Msg::ResColAverage)}</th>
                                <th scope="col">{i18n.t(Msg::ResColRange)}</th>
                            </tr>
                        </thead>
                        <tbody>{lines}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }
    };

    let trend = {
        let data = data.clone();
        move || {
            let population_code = data.populations.get(selected.get()).map(|p| p.code.clone()).unwrap_or_default();
            let points: Vec<(String, i64)> = data
                .trend
                .iter()
                .filter(|(_, code, _)| *code == population_code)
                .map(|(label, _, average)| (label.clone(), *average))
                .collect();
            view! { <TrendChart points=points/> }
        }
    };

    let period_label = data.period.label.clone();
    view! {
        <section class="dashboard" aria-labelledby="dashboard-heading" data-testid="dashboard">
            <h2 id="dashboard-heading">{move || format!("{} — {}", i18n.t(Msg::ResDashboardHeading), period_label)}</h2>
            <p>{i18n.tr(Msg::ResDashboardIntro)} " " <A href="/peringkat">{i18n.tr(Msg::ResSeeRankings)}</A></p>
            <div class="chart-grid" data-testid="dashboard-distribution">{distribution}</div>
            <div class="population-tabs" role="group" aria-label=i18n.tr(Msg::ResPopulation)>{selector}</div>
            <div class="chart-grid chart-grid--two">
                <div>{spirits_chart}</div>
                <div>{trend}</div>
            </div>
            <h3>{i18n.tr(Msg::ResLowestHeading)}</h3>
            <p class="results-footnote">{i18n.tr(Msg::ResLowestNote)}</p>
            {lowest}
            <h3>{i18n.tr(Msg::ResHeatTitle)}</h3>
            {heat_map}
        </section>
    }
}

/// Grade colours, matching the grade badges.
fn grade_colour(grade_idx: usize) -> &'static str {
    ["#1e7b34", "#1f6fb2", "#8a6100", "#b4451f", "#a51d2d"][grade_idx.min(4)]
}

/// Vertical bars A–E with the count above each bar and the letter below it.
#[component]
fn GradeBars(title: String, counts: [usize; 5]) -> impl IntoView {
    let i18n = use_i18n();
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    let (width, height, base) = (260.0_f64, 170.0_f64, 140.0_f64);
    let bar_width = 36.0;
    let bars = counts
        .iter()
        .enumerate()
        .map(|(grade_idx, &count)| {
            let bar_height = 110.0 * count as f64 / max as f64;
            let x = 20.0 + grade_idx as f64 * 48.0;
            let label = format!("{}: {count}", GRADES[grade_idx]);
            view! {
                <g>
                    <title>{label}</title>
                    <rect x=x y=base - bar_height width=bar_width height=bar_height fill=grade_colour(grade_idx)/>
                    <text x=x + bar_width / 2.0 y=base - bar_height - 6.0 text-anchor="middle" class="chart-number">{count}</text>
                    <text x=x + bar_width / 2.0 y=base + 20.0 text-anchor="middle" class="chart-axis">{GRADES[grade_idx]}</text>
                </g>
            }
        })
        .collect_view();
    let legend = GRADES
        .iter()
        .enumerate()
        .map(|(grade_idx, grade)| {
            let category = grade_category(grade);
            view! {
                <li><span class="legend-swatch" style=format!("background:{}", grade_colour(grade_idx))></span>
                    {*grade} " " {move || i18n.t(category)} ": " {counts[grade_idx]}</li>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" data-testid="grade-chart">
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label=title.clone() class="chart-svg">
                <title>{title.clone()}</title>
                <line x1="10" y1=base x2=width - 10.0 y2=base class="chart-baseline"/>
                {bars}
            </svg>
            <figcaption>{title}</figcaption>
            <ul class="chart-legend">{legend}</ul>
        </figure>
    }
}

/// Horizontal bars of the average spirit scores (0–100), with the numbers.
#[component]
fn SpiritBars(averages: Vec<(String, i64)>) -> impl IntoView {
    let i18n = use_i18n();
    let row_height = 30.0_f64;
    let height = 20.0 + row_height * averages.len() as f64;
    let bars = averages
        .iter()
        .enumerate()
        .map(|(spirit_idx, (code, average))| {
            let y = 10.0 + spirit_idx as f64 * row_height;
            let width = 200.0 * (*average as f64) / 10000.0;
            let code = code.clone();
            let average = *average;
            view! {
                <g>
                    <title>{format!("{}: {}", spirit_name(&code), crate::i18n::format_fixed(average, 2, i18n.lang_untracked()))}</title>
                    <text x="0" y=y + 18.0 class="chart-axis">{code.clone()}</text>
                    <rect x="40" y=y + 4.0 width=width height="18" class="chart-bar"/>
                    <text x=44.0 + width y=y + 18.0 class="chart-number">{move || crate::i18n::format_fixed(average, 2, i18n.lang())}</text>
                </g>
            }
        })
        .collect_view();
    let title = move || i18n.t(Msg::ResSpiritAverageTitle);
    view! {
        <figure class="chart" data-testid="spirit-chart">
            <svg viewBox=format!("0 0 320 {height}") role="img" aria-label=title class="chart-svg">
                <title>{title}</title>
                <line x1="40" y1="5" x2="40" y2=height - 5.0 class="chart-baseline"/>
                <line x1="240" y1="5" x2="240" y2=height - 5.0 class="chart-gridline"/>
                {bars}
            </svg>
            <figcaption>{title}</figcaption>
            <p class="results-footnote">{i18n.tr(Msg::ResSpiritAverageNote)}</p>
        </figure>
    }
}

/// The average total per published period, as points joined by a line. With one period, one
/// point and a sentence saying so.
#[component]
fn TrendChart(points: Vec<(String, i64)>) -> impl IntoView {
    let i18n = use_i18n();
    let n_points = points.len();
    let (width, height) = (320.0_f64, 180.0_f64);
    let x_of = |point_idx: usize| if n_points <= 1 { width / 2.0 } else { 40.0 + (width - 80.0) * point_idx as f64 / (n_points - 1) as f64 };
    let y_of = |cents: i64| 150.0 - 130.0 * cents as f64 / 10000.0;
    let path: String = points
        .iter()
        .enumerate()
        .map(|(point_idx, (_, cents))| format!("{}{:.1},{:.1}", if point_idx == 0 { "M" } else { " L" }, x_of(point_idx), y_of(*cents)))
        .collect();
    let marks = points
        .iter()
        .enumerate()
        .map(|(point_idx, (label, cents))| {
            let (x, y) = (x_of(point_idx), y_of(*cents));
            let cents = *cents;
            view! {
                <g>
                    <title>{format!("{label}: {}", cents_text(cents, i18n.lang_untracked()))}</title>
                    <circle cx=x cy=y r="5" class="chart-point"/>
                    <text x=x y=y - 10.0 text-anchor="middle" class="chart-number">{move || cents_text(cents, i18n.lang())}</text>
                    <text x=x y="172" text-anchor="middle" class="chart-axis">{label.clone()}</text>
                </g>
            }
        })
        .collect_view();
    let title = move || i18n.t(Msg::ResTrendTitle);
    view! {
        <figure class="chart" data-testid="trend-chart">
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label=title class="chart-svg">
                <title>{title}</title>
                <line x1="20" y1="150" x2=width - 20.0 y2="150" class="chart-baseline"/>
                <path d=path class="chart-line"/>
                {marks}
            </svg>
            <figcaption>{title}</figcaption>
            {(n_points <= 1).then(|| view! { <p class="results-footnote" data-testid="trend-single">{i18n.tr(Msg::ResTrendSingle)}</p> })}
        </figure>
    }
}
