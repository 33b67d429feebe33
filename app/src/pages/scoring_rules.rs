//! "Cara Penilaian" (`/cara-penilaian`): the CETTAR rules, read from the shipped 2023 rubrics.
//!
//! The spirits, weights, indicators and owners come from the rubric files; the grade table and
//! the rounding rule are the fixed product rule (DOMAIN.md section 3) and do not wait for the
//! fetch. Every text and number is a small reactive closure, so switching the language keeps
//! the page (and any opened indicator section) in place.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::api::rubrics::{Rubrics2023, fetch_rubrics_2023};
use crate::components::grade_table::GradeTable;
use crate::i18n::{
    I18n, Msg, format_fixed, format_fixed_trimmed, format_trimmed, spirit_meaning,
    use_document_title, use_i18n,
};
use crate::rubric::RubricFile;
use crate::rules::worked_example;

/// Where the rubric fetch stands.
#[derive(Clone)]
enum LoadState {
    Loading,
    Loaded(Box<Rubrics2023>),
    Failed(ApiError),
}

#[component]
pub fn ScoringRulesPage() -> impl IntoView {
    let i18n = use_i18n();
    use_document_title(Msg::RulesTitle);
    // A plain signal and one spawned task (rather than a resource inside <Suspense>) keeps the
    // wasm small and lets "Coba lagi" show the loading state again while it retries.
    let load_state = RwSignal::new(LoadState::Loading);
    let load = move || {
        load_state.set(LoadState::Loading);
        leptos::task::spawn_local(async move {
            let next_state = match fetch_rubrics_2023().await {
                Ok(rubrics) => LoadState::Loaded(Box::new(rubrics)),
                Err(error) => LoadState::Failed(error),
            };
            // The page may have been left while the request ran; then there is nothing to update.
            let _ = load_state.try_set(next_state);
        });
    };
    load();

    view! {
        <article class="page page--rules">
            <h1 data-testid="page-title">{i18n.tr(Msg::RulesTitle)}</h1>
            <p class="lead">{i18n.tr(Msg::RulesIntro)}</p>

            {move || match load_state.get() {
                LoadState::Loading => {
                    view! {
                        <p class="loading" role="status" data-testid="rules-loading">
                            {i18n.tr(Msg::RulesLoading)}
                        </p>
                    }
                        .into_any()
                }
                LoadState::Loaded(rubrics) => view! { <RubricSections rubrics=*rubrics/> }.into_any(),
                LoadState::Failed(error) => view! { <LoadError error=error on_retry=load/> }.into_any(),
            }}

            <section aria-labelledby="rules-grades">
                <h2 id="rules-grades">{i18n.tr(Msg::RulesGradesHeading)}</h2>
                <p>{i18n.tr(Msg::RulesGradesText)}</p>
                <GradeTable/>
            </section>

            <section aria-labelledby="rules-rounding">
                <h2 id="rules-rounding">{i18n.tr(Msg::RulesRoundingHeading)}</h2>
                <ol class="steps">
                    <li>{i18n.tr(Msg::RulesRoundingStep1)}</li>
                    <li>{i18n.tr(Msg::RulesRoundingStep2)}</li>
                    <li>{i18n.tr(Msg::RulesRoundingStep3)}</li>
                    <li>{i18n.tr(Msg::RulesRoundingStep4)}</li>
                </ol>
                <p class="note" data-testid="missing-rule">{i18n.tr(Msg::RulesMissingNote)}</p>
                <p>{i18n.tr(Msg::RulesExactNote)}</p>
                <p>{i18n.tr(Msg::RulesTotalOnlyNote)}</p>

                <h3>{i18n.tr(Msg::RulesExampleHeading)}</h3>
                <p>{i18n.tr(Msg::RulesExampleIntro)}</p>
                <div class="example-grid">
                    <WorkedExampleTable akuntabel_value_cents=80_98 caption=Msg::RulesExampleCaseA test_id="example-a"/>
                    <WorkedExampleTable akuntabel_value_cents=80_94 caption=Msg::RulesExampleCaseB test_id="example-b"/>
                </div>
                <p class="note">{i18n.tr(Msg::RulesExampleConclusion)}</p>
            </section>
        </article>
    }
}

/// The friendly error with a retry button, and the technical detail underneath.
#[component]
fn LoadError(error: ApiError, on_retry: impl Fn() + 'static) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="alert" role="alert" data-testid="rules-error">
            <p class="alert__message">{i18n.tr(Msg::RulesLoadError)}</p>
            <p class="alert__detail">
                {i18n.tr(Msg::RulesErrorDetail)} ": " {move || error.detail(i18n.lang())}
            </p>
            <button type="button" class="button" data-testid="rules-retry" on:click=move |_| on_retry()>
                {i18n.tr(Msg::RulesRetry)}
            </button>
        </div>
    }
}

/// A number that re-formats when the language changes (weights, points: up to two decimals).
fn reactive_number(i18n: I18n, value: f64) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    move || format_trimmed(value, 2, i18n.lang())
}

/// The two data-driven sections: spirits with weights, then indicators per population.
#[component]
fn RubricSections(rubrics: Rubrics2023) -> impl IntoView {
    let i18n = use_i18n();
    let Rubrics2023 { kabkota, opd } = rubrics;

    // Spirit codes in kab/kota order, then any only the OPD rubric has.
    let mut spirit_codes: Vec<String> = kabkota
        .spirits
        .iter()
        .map(|spirit| spirit.code.clone())
        .collect();
    for spirit in &opd.spirits {
        if !spirit_codes.contains(&spirit.code) {
            spirit_codes.push(spirit.code.clone());
        }
    }
    let weight_cell = move |rubric: &RubricFile, code: &str| match rubric.spirit(code) {
        Some(spirit) => {
            view! { <td class="num">{reactive_number(i18n, spirit.weight)}</td> }.into_any()
        }
        None => view! { <td class="num">"–"</td> }.into_any(),
    };
    let spirit_rows = spirit_codes
        .iter()
        .map(|code| {
            let name = kabkota
                .spirit(code)
                .or_else(|| opd.spirit(code))
                .map(|spirit| spirit.name.clone())
                .unwrap_or_default();
            let meaning_code = code.clone();
            view! {
                <tr>
                    <td><span class="spirit-code">{code.clone()}</span></td>
                    <th scope="row">{name}</th>
                    <td>{move || spirit_meaning(i18n.lang(), &meaning_code).unwrap_or("–")}</td>
                    {weight_cell(&kabkota, code)}
                    {weight_cell(&opd, code)}
                </tr>
            }
        })
        .collect_view();

    view! {
        <section aria-labelledby="rules-spirits">
            <h2 id="rules-spirits">{i18n.tr(Msg::RulesSpiritsHeading)}</h2>
            <p>{i18n.tr(Msg::RulesSpiritsText)}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="rules-spirits">
                <table class="data-table spirit-table" data-testid="spirit-table">
                    <caption>{i18n.tr(Msg::RulesSpiritsCaption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.tr(Msg::RulesColumnCode)}</th>
                            <th scope="col">{i18n.tr(Msg::RulesColumnSpirit)}</th>
                            <th scope="col">{i18n.tr(Msg::RulesColumnMeaning)}</th>
                            <th scope="col" class="num">{i18n.tr(Msg::RulesColumnWeightKabkota)}</th>
                            <th scope="col" class="num">{i18n.tr(Msg::RulesColumnWeightOpd)}</th>
                        </tr>
                    </thead>
                    <tbody>{spirit_rows}</tbody>
                    <tfoot>
                        <tr>
                            <th scope="row" colspan="3">{i18n.tr(Msg::RulesTotal)}</th>
                            <td class="num">{reactive_number(i18n, kabkota.total_spirit_weight())}</td>
                            <td class="num">{reactive_number(i18n, opd.total_spirit_weight())}</td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            <p class="note">{i18n.tr(Msg::RulesUobkNote)}</p>
        </section>

        <section aria-labelledby="rules-indicators">
            <h2 id="rules-indicators">{i18n.tr(Msg::RulesIndicatorsHeading)}</h2>
            <p>{i18n.tr(Msg::RulesIndicatorsText)}</p>
            <RubricIndicators rubric=kabkota population=Msg::RulesPopulationKabkota test_id="indicators-kabkota"/>
            <RubricIndicators rubric=opd population=Msg::RulesPopulationOpd test_id="indicators-opd"/>
        </section>
    }
}

/// One population's indicators: a collapsible section per spirit.
#[component]
fn RubricIndicators(rubric: RubricFile, population: Msg, test_id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let rubric = Arc::new(rubric);
    let year = rubric.year;
    let spirit_sections = rubric
        .spirits
        .iter()
        .map(|spirit| {
            let indicator_count = rubric.indicators_of(&spirit.code).count();
            let rows = rubric
                .indicators_of(&spirit.code)
                .map(|indicator| {
                    let max_points = rubric.indicator_max_points(indicator);
                    view! {
                        <tr>
                            <th scope="row">
                                {indicator.name.clone()}
                                <span class="indicator-code">{indicator.code.clone()}</span>
                            </th>
                            <td class="num">{reactive_number(i18n, indicator.weight)}</td>
                            <td class="num">
                                {move || max_points.map(|points| format_trimmed(points, 2, i18n.lang())).unwrap_or_else(|| "–".into())}
                            </td>
                            <td>{indicator.owner.clone().unwrap_or_else(|| "–".into())}</td>
                        </tr>
                    }
                })
                .collect_view();
            let spirit_weight = spirit.weight;
            view! {
                <details class="spirit-details" data-spirit=spirit.code.clone()>
                    <summary>
                        <span class="spirit-code">{spirit.code.clone()}</span>
                        <span class="spirit-details__name">{spirit.name.clone()}</span>
                        <span class="spirit-details__meta">
                            {i18n.tr(Msg::RulesSpiritWeight)} " "
                            {reactive_number(i18n, spirit_weight)} " · "
                            {indicator_count} " " {i18n.tr(Msg::RulesIndicatorsCount)}
                        </span>
                    </summary>
                    <div class="table-scroll">
                        <table class="data-table indicator-table">
                            <thead>
                                <tr>
                                    <th scope="col">{i18n.tr(Msg::RulesColumnIndicator)}</th>
                                    <th scope="col" class="num">{i18n.tr(Msg::RulesColumnIndicatorWeight)}</th>
                                    <th scope="col" class="num">{i18n.tr(Msg::RulesColumnMaxPoints)}</th>
                                    <th scope="col">{i18n.tr(Msg::RulesColumnOwner)}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                </details>
            }
        })
        .collect_view();
    view! {
        <div class="population" data-testid=test_id>
            <h3>{i18n.tr(population)} " " {year}</h3>
            {spirit_sections}
        </div>
    }
}

/// The worked rounding example as a table, computed by `rules::worked_example`.
#[component]
fn WorkedExampleTable(
    akuntabel_value_cents: i64,
    caption: Msg,
    test_id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let example = worked_example(akuntabel_value_cents);
    let grade = example.grade();
    let total_cents = example.total_cents;
    let rows = example
        .rows
        .iter()
        .map(|row| {
            let row = *row;
            let highlighted = row.spirit_code == "A";
            view! {
                <tr class:highlight=highlighted>
                    <th scope="row">{row.spirit_name}</th>
                    <td class="num">{row.spirit_weight}</td>
                    <td class="num">{move || format_fixed(row.value_cents, 2, i18n.lang())}</td>
                    <td class="num">{move || format_fixed_trimmed(row.exact_contribution, 4, 2, i18n.lang())}</td>
                    <td class="num">{move || format_fixed(row.rounded_contribution_cents, 2, i18n.lang())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="data-table example-table" data-testid=test_id>
                <caption>{i18n.tr(caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr(Msg::RulesColumnSpirit)}</th>
                        <th scope="col" class="num">{i18n.tr(Msg::RulesColumnWeight)}</th>
                        <th scope="col" class="num">{i18n.tr(Msg::RulesColumnValue)}</th>
                        <th scope="col" class="num">{i18n.tr(Msg::RulesColumnExact)}</th>
                        <th scope="col" class="num">{i18n.tr(Msg::RulesColumnRounded)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr>
                        <th scope="row" colspan="4">{i18n.tr(Msg::RulesExampleTotal)}</th>
                        <td class="num total" data-testid=format!("{test_id}-total")>
                            {move || format_fixed(total_cents, 2, i18n.lang())}
                        </td>
                    </tr>
                    <tr>
                        <th scope="row" colspan="3">{i18n.tr(Msg::RulesExampleGrade)}</th>
                        <td class="num grade-cell" colspan="2">
                            <span class=format!("grade-badge grade-badge--{}", grade.letter.to_ascii_lowercase())>
                                {grade.letter}
                            </span>
                            " " {i18n.tr(grade.category)}
                        </td>
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}
