//! Simulator scenarios saved on the server by signed-in users (issue 6).
//!
//! - `GET /scenarios?period_id=…&unit_code=…` → `{"scenarios":[Scenario]}`: the caller's own
//!   scenarios for that unit and period, by name.
//! - `PUT /scenarios` with `{"period_id","unit_code","name","code"}` → 200 `Scenario`: saves under
//!   the name (replacing the caller's scenario of that name for the unit and period). The code
//!   is checked with the engine against the rubric of the unit's population in that period, the
//!   same decoder the browser uses; the period must be visible to the caller.
//! - `DELETE /scenarios/{id}` → 204; 404 when the caller has no scenario with that id.
//!
//! Scenarios are private (other users, even administrators, never see them) and never change
//! official data. API tokens cannot use these routes (the gate admits signed-in users only).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use contract::{Scenario, Scenarios};
use engine::scenario::ShareProblem;
use serde::Deserialize;

use super::storage::{MAX_SCENARIOS_PER_USER, SaveRefusal, ScenarioRow};
use crate::auth::{Principal, require_user};
use crate::error::{ApiError, Problem};
use crate::http::{ApiJson, ApiPath, ApiQuery};
use crate::results::{MAX_ID_LENGTH, shorten, visible_period_for};
use crate::startup::AppState;
use crate::storage::UnitRow;

/// Longest scenario name, in characters (the browser's field has the same limit).
pub const MAX_NAME_CHARS: usize = 80;
/// Longest share code, in bytes (every indicator of a rubric changed fits many times over).
pub const MAX_CODE_BYTES: usize = 4000;

#[derive(Debug, Deserialize)]
pub struct ScenarioQuery {
    pub period_id: Option<String>,
    pub unit_code: Option<String>,
}

/// A saved scenario as answered.
fn scenario_view(row: ScenarioRow) -> Scenario {
    let ScenarioRow { id, period_id, unit_code, name, code, updated_at } = row;
    Scenario { id, period_id, unit_code, name, code, updated_at }
}

fn required(field: &'static str, message: &str) -> ApiError {
    ApiError::Invalid(vec![Problem::new(format!("{field}_required"), message, Some(field.to_owned()))])
}

/// The unit, checked to be active and scored in the period (visible to the caller).
async fn scenario_unit(
    state: &AppState,
    principal: &Principal,
    period_id: &str,
    unit_code: &str,
) -> Result<(UnitRow, String), ApiError> {
    let period = visible_period_for(state, principal, period_id, Some(unit_code)).await?;
    let missing_unit = || ApiError::Missing {
        code: "unit_not_found",
        message: format!("Unit `{}` tidak ditemukan.", shorten(unit_code)),
    };
    if unit_code.len() > MAX_ID_LENGTH {
        return Err(missing_unit());
    }
    let Some(unit) = state.database.unit_by_code(unit_code).await?.filter(|unit| unit.active) else {
        return Err(missing_unit());
    };
    let Some(rubric_id) = state.database.period_rubric(&period.id, &unit.population).await? else {
        return Err(ApiError::Missing {
            code: "unit_not_in_period",
            message: format!("Unit `{}` tidak dinilai pada periode `{}`.", shorten(unit_code), period.id),
        });
    };
    Ok((unit, rubric_id))
}

/// `GET /api/v1/scenarios`.
#[tracing::instrument(skip(state, principal))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<ScenarioQuery>,
) -> Result<Json<Scenarios>, ApiError> {
    let user = require_user(&principal)?;
    let period_id = query.period_id.filter(|text| !text.is_empty());
    let Some(period_id) = period_id else { return Err(required("period_id", "Pilih periode (period_id).")) };
    let unit_code = query.unit_code.filter(|text| !text.is_empty());
    let Some(unit_code) = unit_code else { return Err(required("unit_code", "Pilih unit (unit_code).")) };
    let (unit, _) = scenario_unit(&state, &principal, &period_id, &unit_code).await?;
    let rows = state.database.scenarios(&user.id, &period_id, &unit.id).await?;
    Ok(Json(Scenarios { scenarios: rows.into_iter().map(scenario_view).collect() }))
}

/// `PUT /api/v1/scenarios`.
#[tracing::instrument(skip(state, principal, input))]
pub async fn save(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(input): ApiJson<contract::mentoring::ScenarioSave>,
) -> Result<Json<Scenario>, ApiError> {
    let user = require_user(&principal)?;
    let name = input.name.trim();
    let mut problems = Vec::new();
    if name.is_empty() {
        problems.push(Problem::new("name_required", "Beri nama skenario.", Some("name".to_owned())));
    } else if name.chars().count() > MAX_NAME_CHARS {
        problems.push(Problem::new(
            "name_too_long",
            format!("Nama skenario paling banyak {MAX_NAME_CHARS} karakter."),
            Some("name".to_owned()),
        ));
    } else if name.chars().any(char::is_control) {
        problems.push(Problem::new("name_invalid", "Nama skenario memuat karakter kendali.", Some("name".to_owned())));
    }
    if input.code.len() > MAX_CODE_BYTES {
        problems.push(Problem::new(
            "code_too_long",
            format!("Kode skenario paling banyak {MAX_CODE_BYTES} byte."),
            Some("code".to_owned()),
        ));
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    let (unit, rubric_id) = scenario_unit(&state, &principal, &input.period_id, &input.unit_code).await?;
    let rubric = state
        .database
        .rubric_version(&rubric_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("period {} binds missing rubric {rubric_id}", input.period_id))?;
    let refused = crate::results::scoring::scenario_problems(&rubric.document, &input.code)?;
    if !refused.is_empty() {
        let problems = refused
            .iter()
            .map(|problem| {
                let (code, message) = match problem {
                    ShareProblem::UnknownIndicator(indicator) => (
                        "scenario_unknown_indicator",
                        format!("Indikator `{}` tidak ada dalam rubrik periode ini.", shorten(indicator)),
                    ),
                    ShareProblem::BadValue(indicator) => (
                        "scenario_value_refused",
                        format!("Nilai untuk indikator `{}` tidak sesuai aturan indikatornya.", shorten(indicator)),
                    ),
                    ShareProblem::Malformed(part) => {
                        ("scenario_malformed", format!("Bagian `{}` tidak berbentuk KODE:nilai.", shorten(part)))
                    }
                };
                Problem::new(code, message, Some("code".to_owned()))
            })
            .collect();
        return Err(ApiError::Invalid(problems));
    }
    match state.database.save_scenario(&user.id, &input.period_id, &unit.id, name, &input.code, &state.now()).await? {
        Ok(row) => Ok(Json(scenario_view(row))),
        Err(SaveRefusal::TooMany) => Err(ApiError::Invalid(vec![Problem::new(
            "too_many_scenarios",
            format!("Anda sudah menyimpan {MAX_SCENARIOS_PER_USER} skenario; hapus yang tidak dipakai lagi."),
            None,
        )])),
    }
}

/// `DELETE /api/v1/scenarios/{scenario_id}`.
#[tracing::instrument(skip(state, principal))]
pub async fn delete(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(scenario_id): ApiPath<String>,
) -> Result<Response, ApiError> {
    let user = require_user(&principal)?;
    let deleted = scenario_id.len() <= MAX_ID_LENGTH && state.database.delete_scenario(&user.id, &scenario_id).await?;
    if deleted {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::Missing {
            code: "scenario_not_found",
            message: format!("Skenario `{}` tidak ditemukan.", shorten(&scenario_id)),
        })
    }
}
