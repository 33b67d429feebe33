//! `GET /api/v1/periods/{period}/units/{unit}`: one unit's stored raw values and official result.
//!
//! Mirrors the server's `UnitDetail`, `UnitInPopulation`, `EntryView` and `OfficialResult`
//! (`server/src/routes/assessment.rs`). A value stays raw JSON text (`85`, `"WTP"`, `true`):
//! the simulator reads it with the rubric's rule, exactly as the server does.

use std::collections::BTreeMap;

use engine::wire::WireNumber;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::ApiError;
use super::cache::get_json;
use super::periods::Population;
use crate::simulation::encode_query_value;

#[derive(Clone, Debug, Deserialize)]
pub struct UnitDetail {
    pub period: super::periods::Period,
    pub unit: UnitInPopulation,
    pub rubric_version_id: String,
    pub values: BTreeMap<String, Entry>,
    pub result: Option<OfficialResult>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct UnitInPopulation {
    pub code: String,
    pub name: String,
    pub population: Population,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Entry {
    pub value: Box<RawValue>,
    pub status: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct OfficialResult {
    pub rank: i64,
    pub total: WireNumber,
    pub grade: String,
}

/// One unit of a published period.
///
/// # Errors
/// As [`super::cache::get_json`]; an unknown unit is [`ApiError::Status`] 404.
pub async fn fetch_unit(period_id: &str, unit_code: &str) -> Result<(UnitDetail, bool), ApiError> {
    get_json(&format!(
        "/api/v1/periods/{}/units/{}",
        encode_query_value(period_id),
        encode_query_value(unit_code)
    ))
    .await
}
