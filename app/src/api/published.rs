//! Published results in full, for "Peringkat", the unit report card and the dashboard:
//! `GET /api/v1/periods/{p}/results` (with spirits), `GET /api/v1/periods/{p}/units/{u}` (with
//! the engine's explanation), `GET /api/v1/periods/{p}/indicator-averages` and the rubric
//! version's names and owners (`GET /api/v1/rubrics/{id}`).
//!
//! `api::results` and `api::units` (the simulator's) read only what the simulator needs; these
//! structs mirror more of the server's types (`server/src/routes/{assessment,reports}.rs`) and are
//! converted right here into the exact scaled integers of [`crate::ranking`].

use super::ApiError;
use super::cache::{get_json, get_text};
use crate::ranking::{RankedUnit, SpiritCell, parse_scaled};
use crate::simulation::encode_query_value;

/// The address of a period's ranking of one population.
pub fn results_url(period_id: &str, population: &str) -> String {
    format!("/api/v1/periods/{}/results?population={}", encode_query_value(period_id), encode_query_value(population))
}

/// The address of the ranking's XLSX export.
pub fn results_xlsx_url(period_id: &str, population: &str) -> String {
    format!(
        "/api/v1/periods/{}/results.xlsx?population={}",
        encode_query_value(period_id),
        encode_query_value(population)
    )
}

/// The address of a unit's report-card XLSX export.
pub fn unit_report_xlsx_url(period_id: &str, unit_code: &str) -> String {
    format!("/api/v1/periods/{}/units/{}/report.xlsx", encode_query_value(period_id), encode_query_value(unit_code))
}

/// The app's address of a unit's report card.
pub fn unit_page_url(period_id: &str, unit_code: &str) -> String {
    format!("/unit/{}?periode={}", encode_query_value(unit_code), encode_query_value(period_id))
}

/// One published ranking, in exact integers.
///
/// # Errors
/// As [`get_json`]; [`ApiError::Format`] when a number is not the expected decimal.
pub async fn fetch_ranking(period_id: &str, population: &str) -> Result<Vec<RankedUnit>, ApiError> {
    let url = results_url(period_id, population);
    let (rows, _): (Vec<contract::RankingRow>, bool) = get_json(&url).await?;
    rows.into_iter()
        .map(|row| ranked_unit(row).ok_or(ApiError::Format { url: url.clone(), line: 0, column: 0 }))
        .collect()
}

fn ranked_unit(row: contract::RankingRow) -> Option<RankedUnit> {
    Some(RankedUnit {
        rank: row.rank,
        code: row.unit.code,
        name: row.unit.name,
        total: parse_scaled(row.total.as_str(), 2)?,
        grade: row.grade,
        category: row.category,
        complete: row.complete,
        spirits: row
            .spirits
            .into_iter()
            .map(|spirit| {
                Some(SpiritCell {
                    code: spirit.code,
                    score: parse_scaled(spirit.score.as_str(), 4)?,
                    contribution: parse_scaled(spirit.contribution.as_str(), 2)?,
                })
            })
            .collect::<Option<Vec<_>>>()?,
    })
}

/// A unit's official result with the engine's explanation, the owners' notes and
/// recommendations (`values[code].note`), as the contract defines it.
pub type UnitReport = contract::UnitDetail;

/// An indicator owner's words to the unit (plain text, shown as text), with the stored value.
pub type ReportNote = contract::EntryView;

/// One unit of a published period.
///
/// # Errors
/// As [`get_json`]; an unknown unit or unpublished period is [`ApiError::Status`] 404.
pub async fn fetch_unit_report(period_id: &str, unit_code: &str) -> Result<UnitReport, ApiError> {
    let url = format!("/api/v1/periods/{}/units/{}", encode_query_value(period_id), encode_query_value(unit_code));
    Ok(get_json(&url).await?.0)
}

/// The names, spirits and owners of a stored rubric version.
///
/// # Errors
/// As [`get_text`]; [`ApiError::Format`] when the document is not a rubric.
pub async fn fetch_rubric_labels(rubric_version_id: &str) -> Result<engine::Rubric, ApiError> {
    let url = format!("/api/v1/rubrics/{}", encode_query_value(rubric_version_id));
    let fetched = get_text(&url).await?;
    super::rubrics::parse_rubric(&url, &fetched.text)
}

/// `GET /api/v1/periods/{p}/indicator-averages?population=…`, as the contract defines it.
pub type IndicatorAverages = contract::IndicatorAverages;
pub type IndicatorAverage = contract::IndicatorAverage;

/// Average scores per indicator of one population in a published period.
///
/// # Errors
/// As [`get_json`].
pub async fn fetch_indicator_averages(period_id: &str, population: &str) -> Result<IndicatorAverages, ApiError> {
    let url = format!(
        "/api/v1/periods/{}/indicator-averages?population={}",
        encode_query_value(period_id),
        encode_query_value(population)
    );
    Ok(get_json(&url).await?.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_encode_their_parts() {
        assert_eq!(results_url("2023-annual", "kabkota"), "/api/v1/periods/2023-annual/results?population=kabkota");
        assert_eq!(results_xlsx_url("2023-annual", "opd"), "/api/v1/periods/2023-annual/results.xlsx?population=opd");
        assert_eq!(
            unit_report_xlsx_url("2023-annual", "kota batu"),
            "/api/v1/periods/2023-annual/units/kota%20batu/report.xlsx"
        );
        assert_eq!(unit_page_url("2023-annual", "kota-batu"), "/unit/kota-batu?periode=2023-annual");
    }

    #[test]
    fn a_ranking_row_reads_into_exact_integers() {
        let text = r#"[{"rank":1,"unit":{"code":"kabupaten-banyuwangi","name":"Kabupaten Banyuwangi"},"total":84.15,
            "grade":"A","category":"Sangat Cettar","complete":true,
            "spirits":[{"code":"C","score":85.1234,"weight":20,"contribution":17.02}]}]"#;
        let rows: Vec<contract::RankingRow> = super::super::json::from_str(text).expect("valid JSON");
        let unit = ranked_unit(rows[0].clone()).expect("valid numbers");
        assert_eq!((unit.rank, unit.total, unit.grade.as_str()), (1, 8415, "A"));
        assert_eq!(unit.spirits[0], SpiritCell { code: "C".into(), score: 851234, contribution: 1702 });
    }

    #[test]
    fn a_unit_report_reads_the_engines_explanation_exactly() {
        let request = r#"{"rubric":{"schema":"sibekisar.rubric/v1","id":"d","name":"D",
            "spirits":[{"code":"C","name":"Cepat","weight":100}],
            "indicators":[{"code":"IKM","name":"IKM","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":100}},
                          {"code":"OPINI","name":"Opini","spirit":"C","weight":1,"rule":{"kind":"boolean"}}]},
            "values":{"IKM":81.5}}"#;
        // The server writes the explanation with engine::wire (serde, natively); the app reads it back.
        let explanation = engine::wire::score_request(request).expect("a valid request");
        let text = format!(
            r#"{{"period":{{"id":"2023-annual","year":2023,"kind":"annual","state":"published","label":"Tahunan 2023"}},
                "unit":{{"code":"kota-batu","name":"Kota Batu","population":{{"code":"kabkota","name":"Kabupaten/Kota","name_en":"Regencies and cities"}}}},
                "rubric_version_id":"rv_1",
                "values":{{"IKM":{{"value":81.5,"status":"verified","version":1,"updated_at":"t","note":"Baik"}}}},
                "result":{{"rank":1,"total":40.75,"grade":"D","category":"x","complete":false,"range":{{"min":40.75,"max":90.75}},
                  "rubric_version_id":"rv_1","computed_at":"t","explanation":{}}}}}"#,
            engine::wire::to_json(&explanation)
        );
        let report: UnitReport = super::super::json::from_str(&text).expect("a unit report");
        let result = report.result.expect("a result");
        assert_eq!(result.explanation, explanation);
        assert_eq!(result.explanation.indicators[1].value, None);
        assert_eq!(report.values["IKM"].note.as_deref(), Some("Baik"));
        assert_eq!(report.unit.population.name_en, "Regencies and cities");
        // The stored value keeps its text (the simulator reads it with the rubric's rule).
        assert_eq!(report.values["IKM"].value.get(), "81.5");
    }
}
