//! Period and rubric administration (administrators).
//!
//! - `POST /periods` `{"year":2025,"kind":"annual"|"q1".."q4"|"sistem-kerja","bindings":{"kabkota":
//!   "<rubric version id>",…}}` → 201 `{"period":{id,year,kind,state:"draft",label},"bindings":{…}}`;
//!   409 `period_exists`; 422 for an unknown kind, population or rubric version. A `sistem-kerja`
//!   period (the Van Meter & Van Horn assessment of the policy monitor, `crate::policy::period`)
//!   binds only the governments' populations (`provinsi`, `kabkota`); without bindings it binds
//!   the shipped Van Meter & Van Horn rubric to each of them that exists.
//! - `POST /periods/{period_id}/state` `{"state":"open"|"closed"|"published","reason"?}` → 200
//!   `{"period":{…}}`. Legal: draft→open→closed→published and closed→open (reopening needs a
//!   reason); anything else 409 `illegal_transition`. Every change is recorded in `period_audit`;
//!   closing and publishing recompute the official results.
//! - `POST /rubrics` with a rubric JSON document → 201 `{"id","rubric_id","version",
//!   "content_sha256","created":true}` (200 with `created:false` when the same text is already
//!   stored); every problem the engine finds is listed (422). Versions are immutable: a changed
//!   document is a new version, so a rubric bound to a period never changes.
//! - `GET /rubrics` *(built)* → `[{"id","rubric_id","version","name","year","population",
//!   "content_sha256","created_at"}]`, newest first (signed-in admins, owners and viewers).

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use contract::periods::{CreatedPeriod, NewPeriod, PeriodAnswer, PeriodStateChange, RubricVersion, StoredRubric};
use serde_json::Value;

use crate::auth::{Principal, Role, require_role};
use crate::entries::{MAX_REASON_CHARS, period_not_found};
use crate::error::{ApiError, Problem};
use crate::http::{ApiPath, JsonText, clean_text, parse_request};
use crate::policy::storage::GOVERNMENT_POPULATIONS;
use crate::results::{MAX_ID_LENGTH, period_view};
use crate::startup::AppState;
use crate::storage::{PeriodCreation, PeriodKind, PeriodState, StateChange};

/// `POST /api/v1/periods`.
#[tracing::instrument(skip(state, principal, body))]
pub async fn create_period(
    State(state): State<AppState>,
    principal: Principal,
    JsonText(body): JsonText,
) -> Result<Response, ApiError> {
    let user = require_role(&principal, &[Role::Admin])?;
    let request: NewPeriod = parse_request(&body)?;
    let mut problems = Vec::new();
    if !(2000..=2999).contains(&request.year) {
        problems.push(Problem::new("invalid_year", "Tahun harus antara 2000 dan 2999.", Some("year".to_owned())));
    }
    let kind = PeriodKind::parse(&request.kind);
    if kind.is_none() {
        problems.push(Problem::new(
            "invalid_kind",
            "Jenis periode harus annual, q1, q2, q3, q4 atau sistem-kerja.",
            Some("kind".to_owned()),
        ));
    }
    let mut bindings = request.bindings;
    if kind == Some(PeriodKind::SistemKerja) {
        for population in bindings.keys().filter(|code| !GOVERNMENT_POPULATIONS.contains(&code.as_str())) {
            problems.push(Problem::new(
                "population_not_government",
                format!(
                    "Periode Sistem Kerja hanya menilai pemerintah daerah (provinsi, kabkota), bukan populasi `{population}`."
                ),
                Some(format!("bindings.{population}")),
            ));
        }
        if bindings.is_empty() {
            bindings = shipped_policy_bindings(&state).await?;
        }
    }
    if bindings.is_empty() {
        problems.push(Problem::new(
            "bindings_required",
            "Pilih rubrik untuk setidaknya satu populasi.",
            Some("bindings".to_owned()),
        ));
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    let bindings: Vec<(String, String)> = bindings.into_iter().collect();
    match state.database.create_period(request.year, &request.kind, &bindings, &user.username, &state.now()).await? {
        PeriodCreation::Created(period) => {
            let bound: BTreeMap<String, String> = bindings.into_iter().collect();
            Ok((StatusCode::CREATED, Json(CreatedPeriod { period: period_view(&period), bindings: bound }))
                .into_response())
        }
        PeriodCreation::Exists => Err(ApiError::BadRequest {
            status: StatusCode::CONFLICT,
            code: "period_exists",
            message: "Periode untuk tahun dan jenis ini sudah ada.".to_owned(),
        }),
        PeriodCreation::Invalid(problems) => Err(ApiError::Invalid(problems)),
    }
}

/// The shipped Van Meter & Van Horn rubric (stored as a version if it is not yet) for each
/// government population that exists.
async fn shipped_policy_bindings(state: &AppState) -> Result<BTreeMap<String, String>, ApiError> {
    let version_id = state.database.store_rubric_version(crate::policy::model::RUBRIC_DOCUMENT, &state.now()).await?;
    let existing = state.database.populations().await?;
    Ok(existing
        .into_iter()
        .filter(|population| GOVERNMENT_POPULATIONS.contains(&population.code.as_str()))
        .map(|population| (population.code, version_id.clone()))
        .collect())
}

/// `POST /api/v1/periods/{period_id}/state`.
#[tracing::instrument(skip(state, principal, body))]
pub async fn set_state(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(period_id): ApiPath<String>,
    JsonText(body): JsonText,
) -> Result<Response, ApiError> {
    let user = require_role(&principal, &[Role::Admin])?;
    let request: PeriodStateChange = parse_request(&body)?;
    let Some(new_state) = PeriodState::parse(&request.state).filter(|new_state| *new_state != PeriodState::Draft)
    else {
        return Err(ApiError::Invalid(vec![Problem::new(
            "invalid_state",
            "Status periode harus open, closed atau published.",
            Some("state".to_owned()),
        )]));
    };
    let reason = clean_text(request.reason, MAX_REASON_CHARS, "reason")?.filter(|reason| !reason.is_empty());
    if period_id.len() > MAX_ID_LENGTH {
        return Err(period_not_found(&period_id));
    }
    let Some(current) = state.database.period(&period_id).await? else { return Err(period_not_found(&period_id)) };
    if current.state == PeriodState::Closed && new_state == PeriodState::Open && reason.is_none() {
        return Err(ApiError::Invalid(vec![Problem::new(
            "reason_required",
            "Tuliskan alasan membuka kembali periode ini.",
            Some("reason".to_owned()),
        )]));
    }
    match state
        .database
        .set_period_state(&period_id, new_state, &user.username, reason.as_deref(), &state.now())
        .await?
    {
        StateChange::Done(period) => Ok(Json(PeriodAnswer { period: period_view(&period) }).into_response()),
        StateChange::Missing => Err(period_not_found(&period_id)),
        StateChange::Illegal { from } => Err(ApiError::BadRequest {
            status: StatusCode::CONFLICT,
            code: "illegal_transition",
            message: format!("Periode berstatus `{from}` tidak dapat diubah menjadi `{}`.", request.state),
        }),
    }
}

/// `POST /api/v1/rubrics`: store a rubric document as a new immutable version.
#[tracing::instrument(skip(state, principal, body))]
pub async fn upload_rubric(
    State(state): State<AppState>,
    principal: Principal,
    JsonText(body): JsonText,
) -> Result<Response, ApiError> {
    require_role(&principal, &[Role::Admin])?;
    if body.contains('\0') || body.contains("\\u0000") {
        return Err(ApiError::Invalid(vec![Problem::new(
            "invalid_character",
            "Rubrik tidak boleh berisi karakter NUL.",
            Some("rubric".to_owned()),
        )]));
    }
    crate::results::scoring::check_rubric(&body).map_err(|problems| {
        ApiError::Invalid(
            problems
                .into_iter()
                .map(|mut problem| {
                    problem.field = problem.field.filter(|field| !field.is_empty()).or(Some("rubric".to_owned()));
                    problem
                })
                .collect(),
        )
    })?;
    let sha256 = crate::results::scoring::content_sha256(&body);
    let existed = state.database.rubric_versions().await?.into_iter().any(|row| row.content_sha256 == sha256);
    let id = state.database.store_rubric_version(&body, &state.now()).await?;
    let row = state.database.rubric_version(&id).await?.ok_or_else(|| anyhow::anyhow!("stored rubric {id} missing"))?;
    let status = if existed { StatusCode::OK } else { StatusCode::CREATED };
    Ok((
        status,
        Json(StoredRubric {
            id: row.id,
            rubric_id: row.rubric_id,
            version: row.version,
            content_sha256: row.content_sha256,
            created: !existed,
        }),
    )
        .into_response())
}

/// `GET /api/v1/rubrics`: every stored version, newest first.
#[tracing::instrument(skip(state, _principal))]
pub async fn list_rubrics(State(state): State<AppState>, _principal: Principal) -> Result<Response, ApiError> {
    let rows = state.database.rubric_versions().await?;
    let list: Vec<RubricVersion> = rows
        .into_iter()
        .map(|row| {
            let document: Value = serde_json::from_str(&row.document).unwrap_or(Value::Null);
            RubricVersion {
                name: document["name"].as_str().map(str::to_owned),
                year: document["year"].as_i64(),
                population: document["population"].as_str().map(str::to_owned),
                id: row.id,
                rubric_id: row.rubric_id,
                version: row.version,
                content_sha256: row.content_sha256,
                created_at: row.created_at,
            }
        })
        .collect();
    Ok(Json(list).into_response())
}
