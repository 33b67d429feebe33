//! `GET /api/v1/periods/{period}/units/{unit}`: one unit's stored raw values and official result.
//!
//! Mirrors the server's `UnitDetail`, `UnitInPopulation`, `EntryView` and `OfficialResult`
//! (`server/src/routes/assessment.rs`). A value stays raw JSON text (`85`, `"WTP"`, `true`):
//! the simulator reads it with the rubric's rule, exactly as the server does.

use std::collections::BTreeMap;

use engine::wire::WireNumber;

use super::ApiError;
use super::cache::get_json;
use super::entries::RawJson;
use super::json::{Fields, FromJson, Json, ShapeError};
use super::periods::Population;
use crate::simulation::encode_query_value;

#[derive(Clone, Debug)]
pub struct UnitDetail {
    pub period: super::periods::Period,
    pub unit: UnitInPopulation,
    pub rubric_version_id: String,
    pub values: BTreeMap<String, Entry>,
    pub result: Option<OfficialResult>,
}

impl FromJson for UnitDetail {
    fn from_json(value: &Json) -> Result<UnitDetail, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(UnitDetail {
            period: fields.req("period")?,
            unit: fields.req("unit")?,
            rubric_version_id: fields.req("rubric_version_id")?,
            values: fields.req("values")?,
            result: fields.opt("result")?,
        })
    }
}

#[derive(Clone, Debug)]
pub struct UnitInPopulation {
    pub code: String,
    pub name: String,
    pub population: Population,
}

impl FromJson for UnitInPopulation {
    fn from_json(value: &Json) -> Result<UnitInPopulation, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(UnitInPopulation {
            code: fields.req("code")?,
            name: fields.req("name")?,
            population: fields.req("population")?,
        })
    }
}

#[derive(Clone, Debug)]
pub struct Entry {
    /// The raw value as JSON text; `value.get()` reads it as `RawValue::get` did.
    pub value: RawJson,
    pub status: String,
}

impl FromJson for Entry {
    fn from_json(value: &Json) -> Result<Entry, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(Entry { value: fields.req("value")?, status: fields.req("status")? })
    }
}

#[derive(Clone, Debug)]
pub struct OfficialResult {
    pub rank: i64,
    pub total: WireNumber,
    pub grade: String,
}

impl FromJson for OfficialResult {
    fn from_json(value: &Json) -> Result<OfficialResult, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(OfficialResult { rank: fields.req("rank")?, total: fields.req("total")?, grade: fields.req("grade")? })
    }
}

/// One unit of a published period.
///
/// # Errors
/// As [`super::cache::get_json`]; an unknown unit is [`ApiError::Status`] 404.
pub async fn fetch_unit(period_id: &str, unit_code: &str) -> Result<(UnitDetail, bool), ApiError> {
    get_json(&format!("/api/v1/periods/{}/units/{}", encode_query_value(period_id), encode_query_value(unit_code)))
        .await
}

/// The raw values of every unit of a population, in one answer (`GET …/values?population=`).
#[derive(Clone, Debug)]
pub struct PopulationValues {
    pub rubric_version_id: String,
    pub units: Vec<UnitValues>,
}

impl FromJson for PopulationValues {
    fn from_json(value: &Json) -> Result<PopulationValues, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(PopulationValues { rubric_version_id: fields.req("rubric_version_id")?, units: fields.req("units")? })
    }
}

/// One unit's raw values (JSON text by indicator code).
#[derive(Clone, Debug)]
pub struct UnitValues {
    pub code: String,
    pub values: BTreeMap<String, RawJson>,
}

impl FromJson for UnitValues {
    fn from_json(value: &Json) -> Result<UnitValues, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(UnitValues { code: fields.req("code")?, values: fields.req("values")? })
    }
}

/// Every unit's raw values of a population in a period, in one request.
///
/// # Errors
/// As [`super::cache::get_json`]; a period the caller may not see is [`ApiError::Status`] 404.
pub async fn fetch_population_values(period_id: &str, population: &str) -> Result<(PopulationValues, bool), ApiError> {
    get_json(&format!(
        "/api/v1/periods/{}/values?population={}",
        encode_query_value(period_id),
        encode_query_value(population)
    ))
    .await
}
