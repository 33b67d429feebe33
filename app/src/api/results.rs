//! `GET /api/v1/periods/{period}/results?population=…`: the official ranking of a population.
//!
//! The answer is the contract's [`RankingRow`]; the simulator uses who is in the population and
//! their official totals.

use super::ApiError;
use super::cache::get_json;
use crate::simulation::encode_query_value;

pub use contract::{RankingRow, UnitRef};

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
