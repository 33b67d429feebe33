//! `GET /api/v1/periods/{period}/units/{unit}`: one unit's stored raw values and official result.
//!
//! The answers are the contract's (`contract::results`).

use super::ApiError;
use super::cache::get_json;
use crate::simulation::encode_query_value;

/// One unit's stored raw values and official result, as the contract defines it. A value stays
/// raw JSON text (`85`, `"WTP"`, `true`): the simulator reads it with the rubric's rule, exactly
/// as the server does.
pub type UnitDetail = contract::UnitDetail;

/// One unit of a published period.
///
/// # Errors
/// As [`super::cache::get_json`]; an unknown unit is [`ApiError::Status`] 404.
pub async fn fetch_unit(period_id: &str, unit_code: &str) -> Result<(UnitDetail, bool), ApiError> {
    get_json(&format!("/api/v1/periods/{}/units/{}", encode_query_value(period_id), encode_query_value(unit_code)))
        .await
}

/// The raw values of every unit of a population, in one answer (`GET …/values?population=`).
pub type PopulationValues = contract::PopulationValues;

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
