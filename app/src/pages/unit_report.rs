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
//!
//! The card is read-only, so it is HTML text written by plain functions (see `components::html`)
//! and re-written when the language changes; "Simpan PDF" is a `<button data-action="print">`
//! in it, handled by one delegated click handler.

use std::fmt::Write as _;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::ApiError;
use crate::api::periods::fetch_periods;
use crate::api::published::{ReportNote, UnitReport, fetch_rubric_labels, fetch_unit_report, unit_report_xlsx_url};
use crate::components::html::{column_headers, escape, event_closest};
use crate::components::published::{
    Load, ResultsLoadError, cents_text, decimal_text, grade_badge_class, grade_category_text,
};
use crate::i18n::{Lang, Msg, t, use_document_title, use_i18n};
use crate::ranking::{parse_scaled, spirit_name};
use crate::simulation::simulator_url;

/// The report and the rubric's names and owners.
#[derive(Clone)]
struct Loaded {
    report: UnitReport,
    rubric: Option<engine::Rubric>,
    /// The change since the previous published period, split into rubric and values.
    change: Option<(String, engine::impact::Decomposition)>,
    /// The indicators whose values the server computed from the aspiration service.
    computed: Vec<String>,
}

/// The raw values of a unit's published explanation, by indicator code.
fn explained_values(report: &UnitReport) -> Vec<(String, engine::impact::StoredValue)> {
    use engine::impact::StoredValue;
    use engine::wire::WireValue;
    let Some(result) = &report.result else { return Vec::new() };
    result
        .explanation
        .indicators
        .iter()
        .filter_map(|indicator| {
            let value = match indicator.value.as_ref()? {
                WireValue::Number(number) => StoredValue::Number(number.to_decimal()?),
                WireValue::Label(label) => StoredValue::Label(label.clone()),
                WireValue::Boolean(flag) => StoredValue::Boolean(*flag),
            };
            Some((indicator.code.clone(), value))
        })
        .collect()
}

fn borrowed(values: &[(String, engine::impact::StoredValue)]) -> Vec<(&str, engine::impact::StoredValue)> {
    values.iter().map(|(code, value)| (code.as_str(), value.clone())).collect()
}

/// The unit's change since the previous published period that ranks its population: the
/// earlier values scored under this period's rubric split the change in two parts.
async fn change_since_previous(
    report: &UnitReport,
    rubric: &engine::Rubric,
) -> Option<(String, engine::impact::Decomposition)> {
    report.result.as_ref()?;
    let (periods, _) = fetch_periods().await.ok()?;
    let population = &report.unit.population.code;
    let here = periods.iter().position(|period| period.id == report.period.id)?;
    let previous = periods[..here]
        .iter()
        .rev()
        .find(|period| period.is_published() && period.scores(population) && !period.is_policy())?;
    let earlier = fetch_unit_report(&previous.id, &report.unit.code).await.ok()?;
    earlier.result.as_ref()?;
    let earlier_rubric = fetch_rubric_labels(&earlier.rubric_version_id).await.ok()?;
    let (earlier_values, later_values) = (explained_values(&earlier), explained_values(report));
    let split =
        engine::impact::decompose(&earlier_rubric, &borrowed(&earlier_values), rubric, &borrowed(&later_values));
    Some((previous.label.clone(), split))
}

/// The year-over-year split as HTML text.
fn change_html(label: &str, split: &engine::impact::Decomposition, lang: Lang) -> String {
    let text = |msg: Msg| escape(t(lang, msg));
    let signed = |hundredths: i64| {
        let shown = cents_text(hundredths, lang);
        if hundredths > 0 { format!("+{shown}") } else { shown }
    };
    let mut html = format!(
        r#"<section class="report-section" data-testid="unit-yoy"><h2>{}</h2><p class="note">{} ({})</p><table class="data-table"><tbody>"#,
        text(Msg::YoyHeading),
        text(Msg::YoyLead),
        escape(label),
    );
    for (msg, value, id) in [
        (Msg::YoyFromRubric, split.rubric_effect(), "rubric"),
        (Msg::YoyFromValues, split.values_effect(), "values"),
        (Msg::YoyTotal, split.total_change(), "total"),
    ] {
        let _ = write!(
            html,
            r#"<tr><th scope="row">{}</th><td class="num" data-testid="unit-yoy-{id}" data-hundredths="{value}">{}</td></tr>"#,
            text(msg),
            signed(value)
        );
    }
    html.push_str("</tbody></table>");
    if !split.unmatched.is_empty() {
        let _ =
            write!(html, r#"<p class="note">{} {}</p>"#, text(Msg::YoyUnmatched), escape(&split.unmatched.join(", ")));
    }
    html.push_str("</section>");
    html
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
    let change = match &rubric {
        Some(rubric) => change_since_previous(&report, rubric).await,
        None => None,
    };
    // Which values the aspiration service computed: a comfort too, never a reason to fail.
    let computed = crate::api::aspirations::bindings(&report.period.id)
        .await
        .map(|list| {
            list.bindings
                .into_iter()
                .filter(|binding| binding.population == report.unit.population.code)
                .map(|binding| binding.indicator)
                .collect()
        })
        .unwrap_or_default();
    Ok(Loaded { report, rubric, change, computed })
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
            // The citizens' aspiration service: the unit's published messages and the form.
            <crate::components::aspiration::unit_messages::UnitMessages unit_code=Signal::derive(move || {
                params.with(|params| params.get("code")).unwrap_or_default()
            })/>
        </article>
    }
}

/// The report card: HTML text in the current language, and the print button's handler.
#[component]
fn ReportCard(loaded: Loaded) -> impl IntoView {
    let i18n = use_i18n();
    let html = Signal::derive(move || {
        let lang = i18n.lang();
        let mut html = report_card_html(&loaded.report, loaded.rubric.as_ref(), &loaded.computed, lang);
        if let Some((label, split)) = &loaded.change {
            html.push_str(&change_html(label, split, lang));
        }
        html
    });
    let on_click = move |event: leptos::ev::MouseEvent| {
        if event_closest(&event, r#"[data-action="print"]"#).is_some()
            && let Some(window) = web_sys::window()
        {
            let _ = window.print();
        }
    };
    view! { <div class="report-card" on:click=on_click inner_html=html></div> }
}

/// The whole report card (or, without a published result, the unit's name and the notes).
fn report_card_html(report: &UnitReport, rubric: Option<&engine::Rubric>, computed: &[String], lang: Lang) -> String {
    let text = |msg: Msg| escape(t(lang, msg));
    let unit_name = escape(&report.unit.name);
    let notes = notes_html(&note_lines(report, rubric), lang);
    let Some(result) = &report.result else {
        return format!(
            r#"<h1 data-testid="page-title">{unit_name}</h1><p class="note">{}</p>{notes}"#,
            text(Msg::ResNoResult)
        );
    };
    let total = cents_text(parse_scaled(result.total.as_str(), 2).unwrap_or(0), lang);
    let explanation = &result.explanation;
    let spirit_label = |code: &str| -> String {
        rubric
            .and_then(|rubric| rubric.spirits().iter().find(|spirit| spirit.code().as_str() == code))
            .map(|spirit| spirit.name().to_owned())
            .unwrap_or_else(|| spirit_name(code).to_owned())
    };
    let population = &report.unit.population;
    let population_name = if lang == Lang::En { &population.name_en } else { &population.name };
    let missing_count = explanation.missing.len();
    let complete = if missing_count == 0 {
        t(lang, Msg::ResComplete).to_owned()
    } else {
        format!("{} ({missing_count})", t(lang, Msg::ResIncomplete))
    };
    let xlsx = unit_report_xlsx_url(&report.period.id, &report.unit.code);
    let simulator = simulator_url(&report.period.id, &population.code, &report.unit.code, "", "");

    let mut html = String::new();
    let _ = write!(
        html,
        r#"<header class="report-header"><p class="print-only report-brand">Sibekisar · {report_card}</p><h1 data-testid="page-title">{unit_name}</h1><p class="report-meta">{} · {}</p></header>"#,
        escape(population_name),
        escape(&report.period.label),
        report_card = text(Msg::ResReportCard),
    );
    let _ = write!(
        html,
        r#"<section class="report-summary" aria-label="{report_card}"><div class="report-summary__total"><span class="report-summary__label">{total_label}</span><strong data-testid="unit-total">{total}</strong></div><div class="report-summary__grade"><span class="report-summary__label">{}</span><span class="{}" data-testid="unit-grade">{}</span> <span>{}</span></div><div><span class="report-summary__label">{}</span><strong data-testid="unit-rank">{}</strong></div><div><span class="report-summary__label">{}</span><span>{}</span></div></section>"#,
        text(Msg::ResColGrade),
        escape(&grade_badge_class(&result.grade)),
        escape(&result.grade),
        escape(&grade_category_text(lang, &result.grade, &result.category)),
        text(Msg::ResColRank),
        result.rank,
        text(Msg::ResColComplete),
        escape(&complete),
        report_card = text(Msg::ResReportCard),
        total_label = text(Msg::ResColTotal),
    );
    let _ = write!(
        html,
        r#"<p class="results-actions no-print"><button type="button" class="button" data-testid="unit-print" data-action="print">{}</button><a class="button button--secondary" href="{}" download="" data-testid="unit-xlsx">{}</a><a class="button button--secondary" href="{}">{}</a></p>"#,
        text(Msg::ResSavePdf),
        escape(&xlsx),
        text(Msg::ResDownloadXlsx),
        escape(&simulator),
        text(Msg::ResTryInSimulator),
    );

    // Spirits: weight, score and contribution, then the total.
    let _ = write!(
        html,
        r#"<section class="report-section"><h2>{}</h2><div class="table-scroll" tabindex="0"><table class="data-table report-table" data-testid="unit-spirits"><thead><tr>"#,
        text(Msg::ResSpiritsHeading)
    );
    column_headers(
        &mut html,
        &[
            (t(lang, Msg::RulesColumnSpirit), false),
            (t(lang, Msg::RulesColumnWeight), true),
            (t(lang, Msg::ResColScore), true),
            (t(lang, Msg::ResColContribution), true),
        ],
    );
    html.push_str("</tr></thead><tbody>");
    for spirit in &explanation.spirits {
        let _ = write!(
            html,
            r#"<tr><th scope="row"><abbr title="{}">{}</abbr> {}</th><td class="num">{}</td><td class="num">{}</td><td class="num" data-testid="unit-spirit-contribution">{}</td></tr>"#,
            escape(spirit_name(&spirit.code)),
            escape(&spirit.code),
            escape(&spirit_label(&spirit.code)),
            decimal_text(spirit.weight.as_str(), lang),
            decimal_text(spirit.score.as_str(), lang),
            decimal_text(spirit.contribution.as_str(), lang),
        );
    }
    let _ = write!(
        html,
        r#"</tbody><tfoot><tr><th scope="row" colspan="3">{}</th><td class="num"><strong>{total}</strong></td></tr></tfoot></table></div></section>"#,
        text(Msg::ResColTotal)
    );

    // Indicators per spirit: owner, raw value, score and points.
    let _ = write!(
        html,
        r#"<section class="report-section"><h2>{}</h2><p class="results-footnote">{}</p>"#,
        text(Msg::ResIndicatorsHeading),
        text(Msg::ResIndicatorsNote)
    );
    // The rubric's indicator of this code, if it belongs to the spirit `spirit_code`.
    let rubric_entry = |code: &str, spirit_code: &str| {
        let rubric = rubric?;
        let entry = &rubric.indicators()[rubric.indicator_position(code)?];
        (rubric.spirits()[entry.spirit_position()].code().as_str() == spirit_code).then_some(entry)
    };
    for spirit in &explanation.spirits {
        let _ = write!(
            html,
            r#"<section class="report-section"><h3>{}</h3><div class="table-scroll" tabindex="0"><table class="data-table report-table"><thead><tr>"#,
            escape(&format!("{} — {}", spirit.code, spirit_label(&spirit.code)))
        );
        column_headers(
            &mut html,
            &[
                (t(lang, Msg::RulesColumnIndicator), false),
                (t(lang, Msg::RulesColumnOwner), false),
                (t(lang, Msg::ResColRawValue), true),
                (t(lang, Msg::ResColScore), true),
                (t(lang, Msg::ResColPoints), true),
            ],
        );
        html.push_str("</tr></thead><tbody>");
        for indicator in &explanation.indicators {
            let Some(entry) = rubric_entry(&indicator.code, &spirit.code) else {
                continue;
            };
            let raw = match &indicator.value {
                Some(engine::wire::WireValue::Number(number)) => decimal_text(number.as_str(), lang),
                Some(engine::wire::WireValue::Label(label)) => label.clone(),
                Some(engine::wire::WireValue::Boolean(flag)) => {
                    t(lang, if *flag { Msg::ResYes } else { Msg::ResNo }).to_owned()
                }
                None => t(lang, Msg::ResMissingValue).to_owned(),
            };
            indicator_row_html(
                &mut html,
                &IndicatorLine {
                    code: &indicator.code,
                    computed: computed
                        .contains(&indicator.code)
                        .then(|| t(lang, Msg::Asp(crate::components::aspiration::AspText::Computed))),
                    name: entry.name(),
                    owner: entry.owner().unwrap_or("—"),
                    raw: &raw,
                    score: &decimal_text(indicator.score.as_str(), lang),
                    points: &decimal_text(indicator.points.as_str(), lang),
                    missing: indicator.missing,
                },
            );
        }
        html.push_str("</tbody></table></div></section>");
    }
    html.push_str("</section>");
    html.push_str(&notes);

    // The walk-through: each spirit's contribution, their sum, and the grade it earns.
    let _ = write!(
        html,
        r#"<section class="report-section walkthrough-section"><h2>{}</h2><ol class="walkthrough" data-testid="unit-walkthrough"><li>{}</li>"#,
        text(Msg::ResWalkHeading),
        text(Msg::ResWalkIndicators)
    );
    for spirit in &explanation.spirits {
        let step = format!(
            "{} ({}): {} × {} ÷ 100 = {} {}",
            spirit_name(&spirit.code),
            spirit.code,
            decimal_text(spirit.score.as_str(), lang),
            decimal_text(spirit.weight.as_str(), lang),
            decimal_text(spirit.contribution.as_str(), lang),
            t(lang, Msg::ResPoints)
        );
        let _ = write!(html, "<li>{}</li>", escape(&step));
    }
    let sum = explanation
        .spirits
        .iter()
        .map(|spirit| decimal_text(spirit.contribution.as_str(), lang))
        .collect::<Vec<_>>()
        .join(" + ");
    let _ = write!(
        html,
        r#"<li>{}</li><li>{}</li></ol><p class="results-footnote">{} <a href="/cara-penilaian" class="no-print">{}</a></p></section>"#,
        escape(&format!("{} {sum} = {total}", t(lang, Msg::ResWalkTotal))),
        escape(&format!(
            "{} {} ({})",
            t(lang, Msg::ResWalkGrade),
            result.grade,
            grade_category_text(lang, &result.grade, &result.category)
        )),
        text(Msg::ResWalkRounding),
        text(Msg::ResRulesLink),
    );
    let _ = write!(
        html,
        r#"<p class="print-only results-footnote">{}</p>"#,
        escape(&format!("{}: {}", t(lang, Msg::ResComputedAt), result.computed_at))
    );
    html
}

/// One indicator's line of the report card, as text.
struct IndicatorLine<'a> {
    code: &'a str,
    /// "dihitung dari layanan aspirasi" when the server computed the value.
    computed: Option<&'a str>,
    name: &'a str,
    owner: &'a str,
    raw: &'a str,
    score: &'a str,
    points: &'a str,
    missing: bool,
}

fn indicator_row_html(html: &mut String, line: &IndicatorLine<'_>) {
    let _ = write!(
        html,
        r#"<tr class="{}" data-testid="unit-indicator" data-code="{}"><th scope="row">{}</th><td>{}</td><td class="num">{}{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
        if line.missing { "missing" } else { "" },
        escape(line.code),
        escape(line.name),
        escape(line.owner),
        escape(line.raw),
        line.computed
            .map(|label| format!(r#"<span class="computed-tag">{}</span>"#, escape(label)))
            .unwrap_or_default(),
        escape(line.score),
        escape(line.points),
    );
}

/// An owner's words to the unit on one indicator: (code, indicator name, words).
type NoteLine<'a> = (&'a str, String, &'a ReportNote);

/// The owners' notes and recommendations, by indicator in the rubric's order.
fn note_lines<'a>(report: &'a UnitReport, rubric: Option<&engine::Rubric>) -> Vec<NoteLine<'a>> {
    // (rubric order, code, indicator name, words)
    let mut lines: Vec<(usize, &String, String, &ReportNote)> = report
        .values
        .iter()
        .filter(|(_, words)| words.note.is_some() || words.recommendation.is_some())
        .map(|(code, words)| {
            let (order, name) = rubric
                .and_then(|rubric| {
                    let position = rubric.indicator_position(code)?;
                    Some((position, rubric.indicators()[position].name().to_owned()))
                })
                .unwrap_or((usize::MAX, code.clone()));
            (order, code, name, words)
        })
        .collect();
    engine::order::sort_by_key(&mut lines, |line| (line.0, line.1));
    lines.into_iter().map(|(_, code, name, words)| (code.as_str(), name, words)).collect()
}

/// The notes section (none: no section). Owners' words are plain text, shown as text.
fn notes_html(lines: &[NoteLine<'_>], lang: Lang) -> String {
    if lines.is_empty() {
        return String::new();
    }
    let mut html = format!(
        r#"<section class="report-section" data-testid="unit-notes"><h2>{}</h2><ul class="unit-notes">"#,
        escape(t(lang, Msg::ResNotesHeading))
    );
    for (code, name, words) in lines {
        let _ = write!(html, r#"<li data-testid="unit-note-{}"><h3>{}</h3>"#, escape(code), escape(name));
        if let Some(text) = &words.recommendation {
            let _ = write!(
                html,
                r#"<p><b>{}: </b><span class="entry-text" data-testid="unit-recommendation">{}</span></p>"#,
                escape(t(lang, Msg::EntryRecommendation)),
                escape(text)
            );
        }
        if let Some(text) = &words.note {
            let _ = write!(
                html,
                r#"<p><b>{}: </b><span class="entry-text">{}</span></p>"#,
                escape(t(lang, Msg::EntryNote)),
                escape(text)
            );
        }
        html.push_str("</li>");
    }
    html.push_str("</ul></section>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_indicator_row_escapes_its_texts_and_marks_a_missing_value() {
        let mut html = String::new();
        let line = IndicatorLine {
            code: "OPINI_BPK",
            computed: None,
            name: "Opini <BPK>",
            owner: "Biro Organisasi & Tata Laksana",
            raw: "WTP",
            score: "100,00",
            points: "10,0000",
            missing: false,
        };
        indicator_row_html(&mut html, &line);
        assert_eq!(
            html,
            r#"<tr class="" data-testid="unit-indicator" data-code="OPINI_BPK"><th scope="row">Opini &lt;BPK&gt;</th><td>Biro Organisasi &amp; Tata Laksana</td><td class="num">WTP</td><td class="num">100,00</td><td class="num">10,0000</td></tr>"#
        );
        let mut missing = String::new();
        indicator_row_html(&mut missing, &IndicatorLine { missing: true, ..line });
        assert!(missing.starts_with(r#"<tr class="missing" data-testid="unit-indicator" data-code="OPINI_BPK">"#));
        let mut computed = String::new();
        indicator_row_html(
            &mut computed,
            &IndicatorLine { computed: Some("dihitung dari layanan aspirasi"), raw: "75,00", ..line },
        );
        assert!(
            computed.contains(
                r#"<td class="num">75,00<span class="computed-tag">dihitung dari layanan aspirasi</span></td>"#
            )
        );
    }

    #[test]
    fn notes_are_escaped_text_with_their_test_ids() {
        let words = ReportNote {
            value: crate::api::json::RawJson::new("85"),
            status: contract::EntryStatus::Verified,
            version: 1,
            updated_at: "2024-01-31 10:00:00".to_owned(),
            note: Some("Lihat <b>lampiran</b>".to_owned()),
            recommendation: Some("Tambah \"SOP\"".to_owned()),
        };
        let html = notes_html(&[("IKM", "Indeks Kepuasan Masyarakat".to_owned(), &words)], Lang::Id);
        assert!(html.starts_with(r#"<section class="report-section" data-testid="unit-notes"><h2>"#));
        assert!(html.contains(r#"<li data-testid="unit-note-IKM"><h3>Indeks Kepuasan Masyarakat</h3>"#));
        assert!(html.contains(r#"data-testid="unit-recommendation">Tambah &quot;SOP&quot;</span>"#), "{html}");
        assert!(html.contains("Lihat &lt;b&gt;lampiran&lt;/b&gt;"));
        assert_eq!(notes_html(&[], Lang::Id), "");
    }
}
