//! `GET /api/v1/periods/{period}/results?population=…`: the official ranking of a population.
//!
//! Mirrors the server's `RankingRow` and `UnitRef` (`server/src/routes/assessment.rs`), reading
//! only what the simulator needs: who is in the population and their official totals.

use engine::wire::WireNumber;
use serde::Deserialize;

use super::ApiError;
use super::cache::get_json;
use crate::simulation::encode_query_value;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct UnitRef {
    pub code: String,
    pub name: String,
}

/// One line of the ranking; `total` keeps its exact decimal text (`84.15`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct RankingRow {
    pub rank: i64,
    pub unit: UnitRef,
    pub total: WireNumber,
    pub grade: String,
}

/// The ranking of one population in one published period.
///
/// # Errors
/// As [`super::cache::get_json`].
pub async fn fetch_results(
    period_id: &str,
    population: &str,
) -> Result<(Vec<RankingRow>, bool), ApiError> {
    get_json(&format!(
        "/api/v1/periods/{}/results?population={}",
        encode_query_value(period_id),
        encode_query_value(population)
    ))
    .await
}
