//! The unit page and report card (`/unit/{code}?periode=…`): a unit's official total, grade,
//! rank, per-spirit scores and contributions, and every indicator's raw value, score and points
//! from the stored explanation, with the owner (*pengampu*) named by the rubric version. It
//! prints as an A4 report card ("Simpan PDF" calls `window.print()`, see `style/90-print.css`)
//! and downloads as XLSX from the server. Published periods only, like the whole public API.
//!
//! "Catatan dan rekomendasi pengampu" lists what the indicator owners wrote to the unit (plain
//! text, rendered as text), on screen and on the printed card.
//!
//! "Bagaimana nilai ini dihitung" walks through the real numbers, indicator → spirit → total →
//! grade: the same walk-through trainers show in webinars.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::ApiError;
use crate::api::periods::fetch_periods;
use crate::api::published::{ReportNote, UnitReport, fetch_rubric_labels, fetch_unit_report, unit_report_xlsx_url};
use crate::components::published::{
    Load, ResultsLoadError, cents_text, decimal_text, grade_badge_class, grade_category,
};
use crate::i18n::{Lang, Msg, use_document_title, use_i18n};
use crate::ranking::{parse_scaled, spirit_name};
use crate::rubric::RubricFile;
use crate::simulation::simulator_url;

/// The report and the rubric's names and owners.
#[derive(Clone)]
struct Loaded {
    report: UnitReport,
    rubric: Option<RubricFile>,
}

async fn load(period_id: Option<String>, unit_code: String) -> Result<Loaded, ApiError> {
    let period_id = match period_id {
        Some(period_id) => period_id,
        None => {
            // No period in the address: the newest published one.
            let (periods, _) = fetch_periods().await?;
            match periods.last() {
                Some(period) => period.id.clone(),
                None => return Err(ApiError::Status { status: 404, url: "/api/v1/periods".to_owned() }),
            }
        }
    };
    let report = fetch_unit_report(&period_id, &unit_code).await?;
    // Names and owners are a comfort: the card still shows codes if the rubric cannot be read.
    let rubric = fetch_rubric_labels(&report.rubric_version_id).await.ok();
    Ok(Loaded { report, rubric })
}

#[component]
pub fn UnitReportPage() -> impl IntoView {
    let i18n = use_i18n();
    use_document_title(Msg::ResUnitTitle);
    let params = use_params_map();
    let query = use_query_map();
    let state = RwSignal::new(Load::<Loaded>::Loading);
    let generation = StoredValue::new(0u32);
    let fetch = move || {
        let unit_code = params.get().get("code").unwrap_or_default();
        let period_id = query.get().get("periode").filter(|value| !value.is_empty());
        let current = generation.get_value() + 1;
        generation.set_value(current);
        state.set(Load::Loading);
        leptos::task::spawn_local(async move {
            let loaded = load(period_id, unit_code).await;
            if generation.try_get_value() == Some(current) {
                let _ = state.try_set(match loaded {
                    Ok(loaded) => Load::Ready(loaded),
                    Err(error) => Load::Failed(error),
                });
            }
        });
    };
    Effect::new(move |_| fetch());

    let content = move || match state.get() {
        Load::Idle | Load::Loading => {
            view! { <p class="loading" role="status">{i18n.t(Msg::ResLoading)}</p> }.into_any()
        }
        Load::Failed(ApiError::Status { status: 404, .. }) => view! {
            <h1 data-testid="page-title">{i18n.t(Msg::ResUnitTitle)}</h1>
            <p class="alert" role="alert" data-testid="unit-not-found">{i18n.t(Msg::ResUnitNotFound)}</p>
        }
        .into_any(),
        Load::Failed(error) => view! { <ResultsLoadError error=error on_retry=fetch/> }.into_any(),
        Load::Ready(loaded) => view! { <ReportCard loaded=loaded/> }.into_any(),
    };

    view! {
        <article class="page page--unit">
            <p class="back-link no-print"><A href="/peringkat">{i18n.tr(Msg::ResBackToRankings)}</A></p>
            {content}
        </article>
    }
}

#[component]
fn ReportCard(loaded: Loaded) -> impl IntoView {
    let i18n = use_i18n();
    let Loaded { report, rubric } = loaded;
    let unit_name = report.unit.name.clone();
    let population = report.unit.population.clone();
    let period_label = report.period.label.clone();
    let xlsx = unit_report_xlsx_url(&report.period.id, &report.unit.code);
    let simulator = simulator_url(&report.period.id, &population.code, &report.unit.code, "", "");
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    let population_name = move || if i18n.lang() == Lang::En { population.name_en.clone() } else { population.name.clone() };
    let notes = notes_section(&report, rubric.as_ref());

    let Some(result) = report.result.clone() else {
        return view! {
            <h1 data-testid="page-title">{unit_name}</h1>
            <p class="note">{i18n.tr(Msg::ResNoResult)}</p>
            {notes}
        }
        .into_any();
    };
    let total_cents = parse_scaled(result.total.as_str(), 2).unwrap_or(0);
    let grade = result.grade.clone();
    let explanation = result.explanation.clone();
    let rubric_for_spirit = rubric.clone();
    let spirit_label = move |code: &str| -> String {
        rubric_for_spirit
            .as_ref()
            .and_then(|rubric| rubric.spirit(code).map(|spirit| spirit.name.clone()))
            .unwrap_or_else(|| spirit_name(code).to_owned())
    };

    let spirit_rows = {
        let explanation = explanation.clone();
        let spirit_label = spirit_label.clone();
        move || {
            let lang = i18n.lang();
            explanation
                .spirits
                .iter()
                .map(|spirit| {
                    view! {
                        <tr>
                            <th scope="row"><abbr title=spirit_name(&spirit.code).to_owned()>{spirit.code.clone()}</abbr> " " {spirit_label(&spirit.code)}</th>
                            <td class="num">{decimal_text(spirit.weight.as_str(), lang)}</td>
                            <td class="num">{decimal_text(spirit.score.as_str(), lang)}</td>
                            <td class="num" data-testid="unit-spirit-contribution">{decimal_text(spirit.contribution.as_str(), lang)}</td>
                        </tr>
                    }
                })
                .collect_view()
        }
    };

    let indicator_sections = {
        let explanation = explanation.clone();
        let rubric = rubric.clone();
        let spirit_label = spirit_label.clone();
        move || {
            let lang = i18n.lang();
            explanation
                .spirits
                .iter()
                .map(|spirit| {
                    let lines = explanation
                        .indicators
                        .iter()
                        .filter(|indicator| {
                            rubric.as_ref().and_then(|rubric| rubric.indicators.iter().find(|i| i.code == indicator.code)).map(|i| i.spirit == spirit.code).unwrap_or(false)
                        })
                        .map(|indicator| {
                            let entry = rubric.as_ref().and_then(|rubric| rubric.indicators.iter().find(|i| i.code == indicator.code));
                            let name = entry.map_or(indicator.code.clone(), |entry| entry.name.clone());
                            let owner = entry.and_then(|entry| entry.owner.clone()).unwrap_or_else(|| "—".to_owned());
                            let raw = match &indicator.value {
                                Some(engine::wire::WireValue::Number(number)) => decimal_text(number.as_str(), lang),
                                Some(engine::wire::WireValue::Label(label)) => label.clone(),
                                Some(engine::wire::WireValue::Boolean(flag)) => {
                                    i18n.t(if *flag { Msg::ResYes } else { Msg::ResNo }).to_owned()
                                }
                                None => i18n.t(Msg::ResMissingValue).to_owned(),
                            };
                            let class = if indicator.missing { "missing" } else { "" };
                            view! {
                                <tr class=class data-testid="unit-indicator">
                                    <th scope="row">{name}</th>
                                    <td>{owner}</td>
                                    <td class="num">{raw}</td>
                                    <td class="num">{decimal_text(indicator.score.as_str(), lang)}</td>
                                    <td class="num">{decimal_text(indicator.points.as_str(), lang)}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        <section class="report-section">
                            <h3>{format!("{} — {}", spirit.code, spirit_label(&spirit.code))}</h3>
                            <div class="table-scroll">
                                <table class="data-table report-table">
                                    <thead>
                                        <tr>
                                            <th scope="col">{i18n.t(Msg::RulesColumnIndicator)}</th>
                                            <th scope="col">{i18n.t(Msg::RulesColumnOwner)}</th>
                                            <th scope="col" class="num">{i18n.t(Msg::ResColRawValue)}</th>
                                            <th scope="col" class="num">{i18n.t(Msg::ResColScore)}</th>
                                            <th scope="col" class="num">{i18n.t(Msg::ResColPoints)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{lines}</tbody>
                                </table>
                            </div>
                        </section>
                    }
                })
                .collect_view()
        }
    };

    // The walk-through: each spirit's contribution, their sum, and the grade it earns.
    let walkthrough = {
        let explanation = explanation.clone();
        let grade = grade.clone();
        move || {
            let lang = i18n.lang();
            let steps = explanation
                .spirits
                .iter()
                .map(|spirit| {
                    format!(
                        "{} ({}): {} × {} ÷ 100 = {} {}",
                        spirit_name(&spirit.code),
                        spirit.code,
                        decimal_text(spirit.score.as_str(), lang),
                        decimal_text(spirit.weight.as_str(), lang),
                        decimal_text(spirit.contribution.as_str(), lang),
                        i18n.t(Msg::ResPoints)
                    )
                })
                .map(|line| view! { <li>{line}</li> })
                .collect_view();
            let sum = explanation
                .spirits
                .iter()
                .map(|spirit| decimal_text(spirit.contribution.as_str(), lang))
                .collect::<Vec<_>>()
                .join(" + ");
            view! {
                <ol class="walkthrough" data-testid="unit-walkthrough">
                    <li>{i18n.t(Msg::ResWalkIndicators)}</li>
                    {steps}
                    <li>{format!("{} {sum} = {}", i18n.t(Msg::ResWalkTotal), cents_text(total_cents, lang))}</li>
                    <li>{format!("{} {} ({})", i18n.t(Msg::ResWalkGrade), grade, i18n.t(grade_category(&grade)))}</li>
                </ol>
            }
        }
    };

    let missing_count = explanation.missing.len();
    view! {
        <header class="report-header">
            <p class="print-only report-brand">"Sibekisar · " {i18n.tr(Msg::ResReportCard)}</p>
            <h1 data-testid="page-title">{unit_name}</h1>
            <p class="report-meta">{population_name} " · " {period_label}</p>
        </header>
        <section class="report-summary" aria-label=i18n.tr(Msg::ResReportCard)>
            <div class="report-summary__total">
                <span class="report-summary__label">{i18n.tr(Msg::ResColTotal)}</span>
                <strong data-testid="unit-total">{move || cents_text(total_cents, i18n.lang())}</strong>
            </div>
            <div class="report-summary__grade">
                <span class="report-summary__label">{i18n.tr(Msg::ResColGrade)}</span>
                <span class=grade_badge_class(&grade) data-testid="unit-grade">{grade.clone()}</span>
                " " <span>{move || i18n.t(grade_category(&result.grade))}</span>
            </div>
            <div>
                <span class="report-summary__label">{i18n.tr(Msg::ResColRank)}</span>
                <strong data-testid="unit-rank">{result.rank}</strong>
            </div>
            <div>
                <span class="report-summary__label">{i18n.tr(Msg::ResColComplete)}</span>
                <span>{move || if missing_count == 0 {
                    i18n.t(Msg::ResComplete).to_owned()
                } else {
                    format!("{} ({missing_count})", i18n.t(Msg::ResIncomplete))
                }}</span>
            </div>
        </section>
        <p class="results-actions no-print">
            <button type="button" class="button" data-testid="unit-print" on:click=print>{i18n.tr(Msg::ResSavePdf)}</button>
            <a class="button button--secondary" href=xlsx download="" data-testid="unit-xlsx">{i18n.tr(Msg::ResDownloadXlsx)}</a>
            <a class="button button--secondary" href=simulator>{i18n.tr(Msg::ResTryInSimulator)}</a>
        </p>
        <section class="report-section">
            <h2>{i18n.tr(Msg::ResSpiritsHeading)}</h2>
            <div class="table-scroll">
                <table class="data-table report-table" data-testid="unit-spirits">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.tr(Msg::RulesColumnSpirit)}</th>
                            <th scope="col" class="num">{i18n.tr(Msg::RulesColumnWeight)}</th>
                            <th scope="col" class="num">{i18n.tr(Msg::ResColScore)}</th>
                            <th scope="col" class="num">{i18n.tr(Msg::ResColContribution)}</th>
                        </tr>
                    </thead>
                    <tbody>{spirit_rows}</tbody>
                    <tfoot>
                        <tr>
                            <th scope="row" colspan="3">{i18n.tr(Msg::ResColTotal)}</th>
                            <td class="num"><strong>{move || cents_text(total_cents, i18n.lang())}</strong></td>
                        </tr>
                    </tfoot>
                </table>
            </div>
        </section>
        <section class="report-section">
            <h2>{i18n.tr(Msg::ResIndicatorsHeading)}</h2>
            <p class="results-footnote">{i18n.tr(Msg::ResIndicatorsNote)}</p>
            {indicator_sections}
        </section>
        {notes}
        <section class="report-section walkthrough-section">
            <h2>{i18n.tr(Msg::ResWalkHeading)}</h2>
            {walkthrough}
            <p class="results-footnote">{i18n.tr(Msg::ResWalkRounding)} " " <A href="/cara-penilaian" attr:class="no-print">{i18n.tr(Msg::ResRulesLink)}</A></p>
        </section>
        <p class="print-only results-footnote">{format!("{}: {}", i18n.t(Msg::ResComputedAt), result.computed_at)}</p>
    }
    .into_any()
}

/// The owners' notes and recommendations, by indicator in the rubric's order (none: no section).
fn notes_section(report: &UnitReport, rubric: Option<&RubricFile>) -> Option<impl IntoView + use<>> {
    let i18n = use_i18n();
    // (rubric order, code, indicator name, words)
    let mut lines: Vec<(usize, &String, String, &ReportNote)> = report
        .values
        .iter()
        .filter(|(_, words)| words.note.is_some() || words.recommendation.is_some())
        .map(|(code, words)| {
            let (order, name) = rubric
                .and_then(|rubric| rubric.indicators.iter().enumerate().find(|(_, indicator)| &indicator.code == code))
                .map_or((usize::MAX, code.clone()), |(order, indicator)| (order, indicator.name.clone()));
            (order, code, name, words)
        })
        .collect();
    if lines.is_empty() {
        return None;
    }
    lines.sort_by_key(|line| (line.0, line.1));
    let items = lines
        .into_iter()
        .map(|(_, code, name, words)| {
            view! {
                <li data-testid=format!("unit-note-{code}")>
                    <h3>{name}</h3>
                    {words.recommendation.clone().map(|text| view! {
                        <p><b>{i18n.tr(Msg::EntryRecommendation)} ": "</b><span class="entry-text" data-testid="unit-recommendation">{text}</span></p>
                    })}
                    {words.note.clone().map(|text| view! { <p><b>{i18n.tr(Msg::EntryNote)} ": "</b><span class="entry-text">{text}</span></p> })}
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <section class="report-section" data-testid="unit-notes">
            <h2>{i18n.tr(Msg::ResNotesHeading)}</h2>
            <ul class="unit-notes">{items}</ul>
        </section>
    })
}
