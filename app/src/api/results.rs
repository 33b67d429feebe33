//! `GET /api/v1/periods/{period}/results?population=…`: the official ranking of a population.
//!
//! Mirrors the server's `RankingRow` and `UnitRef` (`server/src/routes/assessment.rs`), reading
//! only what the simulator needs: who is in the population and their official totals.

use super::ApiError;
use super::cache::get_json;
use super::json::{Fields, FromJson, Json, ShapeError};
use crate::simulation::encode_query_value;
use engine::wire::WireNumber;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitRef {
    pub code: String,
    pub name: String,
}

impl FromJson for UnitRef {
    fn from_json(value: &Json) -> Result<UnitRef, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(UnitRef { code: fields.req("code")?, name: fields.req("name")? })
    }
}

/// One line of the ranking; `total` keeps its exact decimal text (`84.15`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RankingRow {
    pub rank: i64,
    pub unit: UnitRef,
    pub total: WireNumber,
    pub grade: String,
}

impl FromJson for RankingRow {
    fn from_json(value: &Json) -> Result<RankingRow, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(RankingRow {
            rank: fields.req("rank")?,
            unit: fields.req("unit")?,
            total: fields.req("total")?,
            grade: fields.req("grade")?,
        })
    }
}

/// The ranking of one population in one published period.
///
/// # Errors
/// As [`super::cache::get_json`].
pub async fn fetch_results(period_id: &str, population: &str) -> Result<(Vec<RankingRow>, bool), ApiError> {
    get_json(&format!(
        "/api/v1/periods/{}/results?population={}",
        encode_query_value(period_id),
        encode_query_value(population)
    ))
    .await
}
