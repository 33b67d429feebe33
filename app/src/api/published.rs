//! Published results in full, for "Peringkat", the unit report card and the dashboard:
//! `GET /api/v1/periods/{p}/results` (with spirits), `GET /api/v1/periods/{p}/units/{u}` (with
//! the engine's explanation), `GET /api/v1/periods/{p}/indicator-averages` and the rubric
//! version's names and owners (`GET /api/v1/rubrics/{id}`).
//!
//! `api::results` and `api::units` (the simulator's) read only what the simulator needs; these
//! structs mirror more of the server's types (`server/src/routes/{assessment,reports}.rs`) and are
//! converted right here into the exact scaled integers of [`crate::ranking`].

use engine::wire::{ScoreResponse, WireNumber};
use serde::Deserialize;

use super::ApiError;
use super::cache::{get_json, get_text};
use super::periods::{Period, Population};
use crate::ranking::{RankedUnit, SpiritCell, parse_scaled};
use crate::rubric::RubricFile;
use crate::simulation::encode_query_value;

#[derive(Clone, Debug, Deserialize)]
struct WireUnitRef {
    code: String,
    name: String,
}

#[derive(Clone, Debug, Deserialize)]
struct WireSpiritView {
    code: String,
    score: WireNumber,
    contribution: WireNumber,
}

#[derive(Clone, Debug, Deserialize)]
struct WireRankingRow {
    rank: i64,
    unit: WireUnitRef,
    total: WireNumber,
    grade: String,
    category: String,
    complete: bool,
    spirits: Vec<WireSpiritView>,
}

/// The address of a period's ranking of one population.
pub fn results_url(period_id: &str, population: &str) -> String {
    format!(
        "/api/v1/periods/{}/results?population={}",
        encode_query_value(period_id),
        encode_query_value(population)
    )
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
    format!(
        "/api/v1/periods/{}/units/{}/report.xlsx",
        encode_query_value(period_id),
        encode_query_value(unit_code)
    )
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
    let (rows, _): (Vec<WireRankingRow>, bool) = get_json(&url).await?;
    rows.into_iter().map(|row| ranked_unit(row).ok_or(ApiError::Format { url: url.clone(), line: 0, column: 0 })).collect()
}

fn ranked_unit(row: WireRankingRow) -> Option<RankedUnit> {
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

/// A unit's official result with the engine's explanation.
#[derive(Clone, Debug, Deserialize)]
pub struct UnitReport {
    pub period: Period,
    pub unit: ReportUnit,
    pub rubric_version_id: String,
    pub result: Option<ReportResult>,
    /// Per indicator code: the owner's note and recommendation to the unit (issue 4).
    #[serde(default)]
    pub values: std::collections::BTreeMap<String, ReportNote>,
}

/// An indicator owner's words to the unit (plain text, shown as text).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ReportNote {
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub recommendation: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ReportUnit {
    pub code: String,
    pub name: String,
    pub population: Population,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ReportResult {
    pub rank: i64,
    pub total: WireNumber,
    pub grade: String,
    pub category: String,
    pub complete: bool,
    pub computed_at: String,
    pub explanation: ScoreResponse,
}

/// One unit of a published period.
///
/// # Errors
/// As [`get_json`]; an unknown unit or unpublished period is [`ApiError::Status`] 404.
pub async fn fetch_unit_report(period_id: &str, unit_code: &str) -> Result<UnitReport, ApiError> {
    let url =
        format!("/api/v1/periods/{}/units/{}", encode_query_value(period_id), encode_query_value(unit_code));
    Ok(get_json(&url).await?.0)
}

/// The names, spirits and owners of a stored rubric version.
///
/// # Errors
/// As [`get_text`]; [`ApiError::Format`] when the document is not a rubric.
pub async fn fetch_rubric_labels(rubric_version_id: &str) -> Result<RubricFile, ApiError> {
    let url = format!("/api/v1/rubrics/{}", encode_query_value(rubric_version_id));
    let fetched = get_text(&url).await?;
    RubricFile::parse(&fetched.text).map_err(|error| ApiError::Format { url, line: error.line(), column: error.column() })
}

/// `GET /api/v1/periods/{p}/indicator-averages?population=…`.
#[derive(Clone, Debug, Deserialize)]
pub struct IndicatorAverages {
    pub n_units: i64,
    pub indicators: Vec<IndicatorAverage>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct IndicatorAverage {
    pub code: String,
    pub name: String,
    pub spirit: String,
    pub owner: String,
    pub average_score: WireNumber,
    pub min_score: WireNumber,
    pub max_score: WireNumber,
    pub n_missing: i64,
}

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
        assert_eq!(
            results_xlsx_url("2023-annual", "opd"),
            "/api/v1/periods/2023-annual/results.xlsx?population=opd"
        );
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
        let rows: Vec<WireRankingRow> = serde_json::from_str(text).expect("valid JSON");
        let unit = ranked_unit(rows[0].clone()).expect("valid numbers");
        assert_eq!((unit.rank, unit.total, unit.grade.as_str()), (1, 8415, "A"));
        assert_eq!(unit.spirits[0], SpiritCell { code: "C".into(), score: 851234, contribution: 1702 });
    }
}
