//! "Cara Penilaian" (`/cara-penilaian`): the CETTAR rules, read from the shipped 2023 rubrics.
//!
//! The spirits, weights, indicators and owners come from the rubric files; the grade table and
//! the rounding rule are the fixed product rule (DOMAIN.md section 3) and do not wait for the
//! fetch. The page is read-only, so its blocks are HTML text written by plain functions (see
//! `components::html`) and re-written when the language changes; the rubric block keeps any
//! opened indicator section open across that (`place_html`).

use std::fmt::Write as _;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::api::rubrics::{Rubrics2023, fetch_rubrics_2023};
use crate::components::grade_table::grade_table_html;
use crate::components::html::{column_headers, escape, place_html};
use crate::i18n::{Lang, Msg, format_fixed, format_fixed_trimmed, spirit_meaning, t, use_document_title, use_i18n};
use crate::rules::worked_example;
use crate::simulation::{exact_scaled, format_decimal};

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
    let fixed_sections = Signal::derive(move || fixed_sections_html(i18n.lang()));

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

            <div inner_html=fixed_sections></div>
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

/// The id of the element the rubric sections are written into.
const RUBRICS_ID: &str = "rules-rubrics";

/// The two data-driven sections: spirits with weights, then indicators per population.
#[component]
fn RubricSections(rubrics: Rubrics2023) -> impl IntoView {
    let i18n = use_i18n();
    place_html(RUBRICS_ID, Signal::derive(move || rubric_sections_html(&rubrics, i18n.lang())));
    view! { <div id=RUBRICS_ID></div> }
}

/// The spirit with this code, if the rubric has it.
fn spirit_of<'a>(rubric: &'a engine::Rubric, spirit_code: &str) -> Option<&'a engine::Spirit> {
    rubric.spirits().iter().find(|spirit| spirit.code().as_str() == spirit_code)
}

/// Points with up to two decimals (rounded half-up) in the language's format.
fn points_text(points: engine::Exact, lang: Lang) -> String {
    format_fixed_trimmed(exact_scaled(points, 2), 2, 0, lang)
}

/// The spirits table (both populations' weights) and the indicators of each population.
fn rubric_sections_html(rubrics: &Rubrics2023, lang: Lang) -> String {
    let Rubrics2023 { kabkota, opd } = rubrics;
    let text = |msg: Msg| escape(t(lang, msg));
    // Spirit codes in kab/kota order, then any only the OPD rubric has.
    let mut spirit_codes: Vec<&str> = kabkota.spirits().iter().map(|spirit| spirit.code().as_str()).collect();
    for spirit in opd.spirits() {
        if !spirit_codes.contains(&spirit.code().as_str()) {
            spirit_codes.push(spirit.code().as_str());
        }
    }
    let weight = |rubric: &engine::Rubric, code: &str| {
        spirit_of(rubric, code).map_or_else(|| "–".to_owned(), |spirit| format_decimal(spirit.weight().value(), lang))
    };
    let total_weight = |rubric: &engine::Rubric| {
        let micros = rubric.spirits().iter().map(|spirit| spirit.weight().value().micros()).sum();
        format_decimal(engine::Decimal::from_micros(micros).unwrap_or_default(), lang)
    };

    let mut html = format!(
        r#"<section aria-labelledby="rules-spirits"><h2 id="rules-spirits">{}</h2><p>{}</p><div class="table-scroll" tabindex="0" role="region" aria-labelledby="rules-spirits"><table class="data-table spirit-table" data-testid="spirit-table"><caption>{}</caption><thead><tr>"#,
        text(Msg::RulesSpiritsHeading),
        text(Msg::RulesSpiritsText),
        text(Msg::RulesSpiritsCaption)
    );
    column_headers(
        &mut html,
        &[
            (t(lang, Msg::RulesColumnCode), false),
            (t(lang, Msg::RulesColumnSpirit), false),
            (t(lang, Msg::RulesColumnMeaning), false),
            (t(lang, Msg::RulesColumnWeightKabkota), true),
            (t(lang, Msg::RulesColumnWeightOpd), true),
        ],
    );
    html.push_str("</tr></thead><tbody>");
    for code in &spirit_codes {
        let name =
            spirit_of(kabkota, code).or_else(|| spirit_of(opd, code)).map(|spirit| spirit.name()).unwrap_or_default();
        let _ = write!(
            html,
            r#"<tr><td><span class="spirit-code">{}</span></td><th scope="row">{}</th><td>{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
            escape(code),
            escape(name),
            escape(spirit_meaning(lang, code).unwrap_or("–")),
            weight(kabkota, code),
            weight(opd, code),
        );
    }
    let _ = write!(
        html,
        r#"</tbody><tfoot><tr><th scope="row" colspan="3">{}</th><td class="num">{}</td><td class="num">{}</td></tr></tfoot></table></div><p class="note">{}</p></section>"#,
        text(Msg::RulesTotal),
        total_weight(kabkota),
        total_weight(opd),
        text(Msg::RulesUobkNote)
    );
    let _ = write!(
        html,
        r#"<section aria-labelledby="rules-indicators"><h2 id="rules-indicators">{}</h2><p>{}</p>"#,
        text(Msg::RulesIndicatorsHeading),
        text(Msg::RulesIndicatorsText)
    );
    rubric_indicators_html(&mut html, kabkota, Msg::RulesPopulationKabkota, "indicators-kabkota", lang);
    rubric_indicators_html(&mut html, opd, Msg::RulesPopulationOpd, "indicators-opd", lang);
    html.push_str("</section>");
    html
}

/// One population's indicators: a collapsible section per spirit. Each `<details>` carries a
/// `data-keep` key, so it stays open when the language changes.
fn rubric_indicators_html(html: &mut String, rubric: &engine::Rubric, population: Msg, test_id: &str, lang: Lang) {
    let _ = write!(
        html,
        r#"<div class="population" data-testid="{test_id}"><h3>{} {}</h3>"#,
        escape(t(lang, population)),
        rubric.year().map(|year| year.to_string()).unwrap_or_default()
    );
    for spirit in rubric.spirits() {
        let code = escape(spirit.code().as_str());
        let _ = write!(
            html,
            r#"<details class="spirit-details" data-spirit="{code}" data-keep="{test_id}-{code}"><summary><span class="spirit-code">{code}</span><span class="spirit-details__name">{}</span><span class="spirit-details__meta">{} {} · {} {}</span></summary><div class="table-scroll" tabindex="0"><table class="data-table indicator-table"><thead><tr>"#,
            escape(spirit.name()),
            escape(t(lang, Msg::RulesSpiritWeight)),
            format_decimal(spirit.weight().value(), lang),
            spirit.indicator_positions().len(),
            escape(t(lang, Msg::RulesIndicatorsCount)),
        );
        column_headers(
            html,
            &[
                (t(lang, Msg::RulesColumnIndicator), false),
                (t(lang, Msg::RulesColumnIndicatorWeight), true),
                (t(lang, Msg::RulesColumnMaxPoints), true),
                (t(lang, Msg::RulesColumnOwner), false),
            ],
        );
        html.push_str("</tr></thead><tbody>");
        for &position in spirit.indicator_positions() {
            let indicator = &rubric.indicators()[position];
            let _ = write!(
                html,
                r#"<tr><th scope="row">{}<span class="indicator-code">{}</span></th><td class="num">{}</td><td class="num">{}</td><td>{}</td></tr>"#,
                escape(indicator.name()),
                escape(indicator.code().as_str()),
                format_decimal(indicator.weight().value(), lang),
                points_text(rubric.indicator_max_points(position), lang),
                escape(indicator.owner().unwrap_or("–")),
            );
        }
        html.push_str("</tbody></table></div></details>");
    }
    html.push_str("</div>");
}

/// The sections that do not depend on the rubrics: the grade table, the rounding rule and the
/// worked example.
fn fixed_sections_html(lang: Lang) -> String {
    let text = |msg: Msg| escape(t(lang, msg));
    let mut html = format!(
        r#"<section aria-labelledby="rules-grades"><h2 id="rules-grades">{}</h2><p>{}</p>{}</section>"#,
        text(Msg::RulesGradesHeading),
        text(Msg::RulesGradesText),
        grade_table_html(lang)
    );
    let _ = write!(
        html,
        r#"<section aria-labelledby="rules-rounding"><h2 id="rules-rounding">{}</h2><ol class="steps"><li>{}</li><li>{}</li><li>{}</li><li>{}</li></ol><p class="note" data-testid="missing-rule">{}</p><p>{}</p><p>{}</p><h3>{}</h3><p>{}</p><div class="example-grid">"#,
        text(Msg::RulesRoundingHeading),
        text(Msg::RulesRoundingStep1),
        text(Msg::RulesRoundingStep2),
        text(Msg::RulesRoundingStep3),
        text(Msg::RulesRoundingStep4),
        text(Msg::RulesMissingNote),
        text(Msg::RulesExactNote),
        text(Msg::RulesTotalOnlyNote),
        text(Msg::RulesExampleHeading),
        text(Msg::RulesExampleIntro),
    );
    worked_example_html(&mut html, 80_98, Msg::RulesExampleCaseA, "example-a", lang);
    worked_example_html(&mut html, 80_94, Msg::RulesExampleCaseB, "example-b", lang);
    let _ = write!(html, r#"</div><p class="note">{}</p></section>"#, text(Msg::RulesExampleConclusion));
    html
}

/// The worked rounding example as a table, computed by `rules::worked_example`.
fn worked_example_html(html: &mut String, akuntabel_value_cents: i64, caption: Msg, test_id: &str, lang: Lang) {
    let example = worked_example(akuntabel_value_cents);
    let grade = example.grade();
    let _ = write!(
        html,
        r#"<div class="table-scroll" tabindex="0"><table class="data-table example-table" data-testid="{test_id}"><caption>{}</caption><thead><tr>"#,
        escape(t(lang, caption))
    );
    column_headers(
        html,
        &[
            (t(lang, Msg::RulesColumnSpirit), false),
            (t(lang, Msg::RulesColumnWeight), true),
            (t(lang, Msg::RulesColumnValue), true),
            (t(lang, Msg::RulesColumnExact), true),
            (t(lang, Msg::RulesColumnRounded), true),
        ],
    );
    html.push_str("</tr></thead><tbody>");
    for row in &example.rows {
        let highlight = if row.spirit_code == "A" { r#" class="highlight""# } else { "" };
        let _ = write!(
            html,
            r#"<tr{highlight}><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
            escape(row.spirit_name),
            row.spirit_weight,
            format_fixed(row.value_cents, 2, lang),
            format_fixed_trimmed(row.exact_contribution, 4, 2, lang),
            format_fixed(row.rounded_contribution_cents, 2, lang),
        );
    }
    let _ = write!(
        html,
        r#"</tbody><tfoot><tr><th scope="row" colspan="4">{}</th><td class="num total" data-testid="{test_id}-total">{}</td></tr><tr><th scope="row" colspan="3">{}</th><td class="num grade-cell" colspan="2"><span class="grade-badge grade-badge--{}">{}</span> {}</td></tr></tfoot></table></div>"#,
        escape(t(lang, Msg::RulesExampleTotal)),
        format_fixed(example.total_cents, 2, lang),
        escape(t(lang, Msg::RulesExampleGrade)),
        grade.letter().to_ascii_lowercase(),
        grade.letter(),
        escape(t(lang, crate::components::published::grade_category(grade.letter()))),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rubric(population: &str, spirit_weight: &str) -> engine::Rubric {
        let other_weight = 100.0 - spirit_weight.parse::<f64>().expect("a test weight");
        engine::Rubric::parse_json(&format!(
            r#"{{"schema":"sibekisar.rubric/v1","id":"{population}-2023","name":"CETTAR 2023","year":2023,
            "population":"{population}",
            "spirits":[{{"code":"C","name":"Cepat","weight":{spirit_weight}}},{{"code":"E","name":"Efektif","weight":{other_weight}}}],
            "indicators":[{{"code":"IKM","name":"Indeks <Kepuasan> & Mutu","spirit":"C","weight":100,"owner":"Biro Organisasi",
                           "rule":{{"kind":"scale","min":0,"max":100}}}},
                          {{"code":"X","name":"X","spirit":"E","weight":1,"rule":{{"kind":"boolean"}}}}]}}"#
        ))
        .expect("the test rubric is valid")
    }

    #[test]
    fn rubric_sections_show_weights_escaped_indicators_and_keepable_sections() {
        let rubrics = Rubrics2023 { kabkota: rubric("kabkota", "20"), opd: rubric("opd", "12.5") };
        let html = rubric_sections_html(&rubrics, Lang::Id);
        assert!(html.contains(r#"data-testid="spirit-table""#));
        assert!(
            html.contains(r#"<tr><td><span class="spirit-code">C</span></td><th scope="row">Cepat</th>"#),
            "{html}"
        );
        assert!(html.contains(r#"<td class="num">20</td><td class="num">12,5</td></tr>"#), "{html}");
        assert!(html.contains(r#"<div class="population" data-testid="indicators-opd"><h3>"#));
        assert!(html.contains(r#"<details class="spirit-details" data-spirit="C" data-keep="indicators-kabkota-C">"#));
        assert!(
            html.contains(r#"<th scope="row">Indeks &lt;Kepuasan&gt; &amp; Mutu<span class="indicator-code">IKM</span></th><td class="num">100</td><td class="num">20</td><td>Biro Organisasi</td>"#),
            "{html}"
        );
    }

    #[test]
    fn shipped_rubrics_give_every_indicator_its_share_of_100_points() {
        for text in [
            include_str!("../../../public/rubrics/rubric-kabkota-2023.json"),
            include_str!("../../../public/rubrics/rubric-opd-2023.json"),
        ] {
            let rubric = engine::Rubric::parse_json(text).expect("a shipped rubric is valid");
            let micros: i64 = (0..rubric.indicators().len())
                .map(|position| exact_scaled(rubric.indicator_max_points(position), 6))
                .sum();
            let n_indicators = rubric.indicators().len() as i64;
            assert!((micros - 100_000_000).abs() <= n_indicators, "{} sums to {micros} millionths", rubric.id());
        }
        let kabkota = engine::Rubric::parse_json(include_str!("../../../public/rubrics/rubric-kabkota-2023.json"))
            .expect("a shipped rubric is valid");
        let mcp = kabkota.indicator_position("MCP_KPK").expect("the 2023 rubric has MCP KPK");
        // Tanggap weighs 15 and MCP KPK is 60 of its 100 indicator weight: 9 points.
        assert_eq!(points_text(kabkota.indicator_max_points(mcp), Lang::Id), "9");
    }

    #[test]
    fn worked_examples_show_their_totals_and_grades() {
        let html = fixed_sections_html(Lang::Id);
        assert!(html.contains(r#"data-testid="grade-table""#));
        assert!(html.contains(r#"data-testid="missing-rule""#));
        assert!(html.contains(r#"<td class="num total" data-testid="example-a-total">81,00</td>"#), "{html}");
        assert!(html.contains(r#"<td class="num total" data-testid="example-b-total">80,99</td>"#), "{html}");
        assert_eq!(html.matches(r#"<tr class="highlight">"#).count(), 2);
        assert!(fixed_sections_html(Lang::En).contains(r#"data-testid="example-a-total">81.00<"#));
    }
}
