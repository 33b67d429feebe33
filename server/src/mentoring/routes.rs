//! Mentoring (pendampingan) status and notes kept by Biro Organisasi for units on the watch-list
//! (issue 7). The watch-list itself is computed in the browser from published results; this is
//! the follow-up record beside it.
//!
//! - `GET /periods/{period_id}/mentoring` → `{"period_id","statuses":[…],"units":[MentoringUnit]}`:
//!   every unit of the period with at least one event, by unit code. A `MentoringUnit` is
//!   `{"unit_code","status","status_at","status_by","events":[{"status"?,"note"?,"author",
//!   "author_name","created_at"}]}` with the events newest first (`status` is the latest status
//!   set, `belum_ditindaklanjuti` when only notes exist).
//! - `POST /periods/{period_id}/mentoring/{unit_code}` with `{"status"?,"note"?}` (at least one)
//!   → 200 `MentoringUnit` after recording. An optional `Idempotency-Key` header makes a retried
//!   request record its change once (the replay answers the unit's current record).
//!
//! Access: administrators write; administrators and viewers read (notes name people and describe
//! internal follow-up, so owners, unit admins, API tokens and the public never see them; the
//! public pages show only published results). History is append-only (the table refuses UPDATE
//! and DELETE) and is itself the audit trail: who, when, what.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;

use contract::{MentoringEvent as MentoringEventView, MentoringList, MentoringStatus, MentoringUnit};

use super::storage::{MentoringChange, MentoringEventRow};
use crate::auth::{Principal, Role, require_role};
use crate::error::{ApiError, Problem};
use crate::http::{ApiJson, ApiPath};
use crate::results::{MAX_ID_LENGTH, shorten, visible_period_for};
use crate::startup::AppState;
use crate::storage::UnitRow;

/// The statuses in their usual order (a unit may move to any of them, e.g. back to scheduled).
pub const STATUSES: [&str; 4] = [
    MentoringStatus::NotFollowedUp.code(),
    MentoringStatus::Scheduled.code(),
    MentoringStatus::InProgress.code(),
    MentoringStatus::Done.code(),
];
/// Longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;

/// Groups a period's events (oldest first) per unit, by unit code, newest event first.
fn group(events: Vec<MentoringEventRow>) -> Vec<MentoringUnit> {
    let mut units: std::collections::BTreeMap<String, MentoringUnit> = std::collections::BTreeMap::new();
    for event in events {
        let unit = units.entry(event.unit_code.clone()).or_insert_with(|| MentoringUnit {
            unit_code: event.unit_code.clone(),
            status: STATUSES[0].to_owned(),
            status_at: None,
            status_by: None,
            events: Vec::new(),
        });
        if let Some(status) = &event.status {
            unit.status = status.clone();
            unit.status_at = Some(event.created_at.clone());
            unit.status_by = Some(event.author_name.clone());
        }
        unit.events.insert(
            0,
            MentoringEventView {
                status: event.status,
                note: event.note,
                author: event.author,
                author_name: event.author_name,
                created_at: event.created_at,
            },
        );
    }
    units.into_values().collect()
}

/// `GET /api/v1/periods/{period_id}/mentoring`.
#[tracing::instrument(skip(state, principal))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(period_id): ApiPath<String>,
) -> Result<Json<MentoringList>, ApiError> {
    require_role(&principal, &[Role::Admin, Role::Viewer])?;
    let period = visible_period_for(&state, &principal, &period_id, None).await?;
    let units = group(state.database.mentoring_events(&period.id).await?);
    Ok(Json(MentoringList { period_id: period.id, statuses: MentoringStatus::ALL.to_vec(), units }))
}

/// The checked change: `(status, note)`, at least one present.
fn checked_change(input: &contract::mentoring::MentoringChange) -> Result<(Option<&str>, Option<&str>), ApiError> {
    let mut problems = Vec::new();
    let status = input.status.as_deref().map(str::trim).filter(|status| !status.is_empty());
    if let Some(status) = status
        && !STATUSES.contains(&status)
    {
        problems.push(Problem::new(
            "mentoring_status_unknown",
            format!(
                "Status pendampingan `{}` tidak dikenal; pilih salah satu: {}.",
                shorten(status),
                STATUSES.join(", ")
            ),
            Some("status".to_owned()),
        ));
    }
    let note = input.note.as_deref().map(str::trim).filter(|note| !note.is_empty());
    if let Some(note) = note {
        if note.chars().count() > MAX_NOTE_CHARS {
            problems.push(Problem::new(
                "note_too_long",
                format!("Catatan paling banyak {MAX_NOTE_CHARS} karakter."),
                Some("note".to_owned()),
            ));
        } else if note.chars().any(|character| character.is_control() && character != '\n' && character != '\t') {
            problems.push(Problem::new("note_invalid", "Catatan memuat karakter kendali.", Some("note".to_owned())));
        }
    }
    if status.is_none() && note.is_none() && problems.is_empty() {
        problems.push(Problem::new("mentoring_change_empty", "Pilih status baru atau tulis catatan.", None));
    }
    if problems.is_empty() { Ok((status, note)) } else { Err(ApiError::Invalid(problems)) }
}

/// The unit, checked to be active and assessed in the period.
async fn mentored_unit(state: &AppState, period_id: &str, unit_code: &str) -> Result<UnitRow, ApiError> {
    let unit = if unit_code.len() > MAX_ID_LENGTH { None } else { state.database.unit_by_code(unit_code).await? };
    let Some(unit) = unit.filter(|unit| unit.active) else {
        return Err(ApiError::Missing {
            code: "unit_not_found",
            message: format!("Unit `{}` tidak ditemukan.", shorten(unit_code)),
        });
    };
    if state.database.period_rubric(period_id, &unit.population).await?.is_none() {
        return Err(ApiError::Missing {
            code: "unit_not_in_period",
            message: format!("Unit `{}` tidak dinilai pada periode `{period_id}`.", shorten(unit_code)),
        });
    }
    Ok(unit)
}

/// `POST /api/v1/periods/{period_id}/mentoring/{unit_code}`.
#[tracing::instrument(skip(state, principal, headers, input))]
pub async fn record(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    ApiPath((period_id, unit_code)): ApiPath<(String, String)>,
    ApiJson(input): ApiJson<contract::mentoring::MentoringChange>,
) -> Result<Json<MentoringUnit>, ApiError> {
    let user = require_role(&principal, &[Role::Admin])?;
    let period = visible_period_for(&state, &principal, &period_id, None).await?;
    let unit = mentored_unit(&state, &period.id, &unit_code).await?;
    let (status, note) = checked_change(&input)?;
    let idempotency_key = headers
        .get("idempotency-key")
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|key| !key.is_empty() && key.len() <= 200);
    let change = MentoringChange {
        period_id: &period.id,
        unit_id: &unit.id,
        status,
        note,
        author: &user.username,
        author_name: &user.display_name,
        idempotency_key,
    };
    state.database.add_mentoring_event(&change, &state.now()).await?;
    let events = state.database.mentoring_events(&period.id).await?;
    let record = group(events.into_iter().filter(|event| event.unit_code == unit.code).collect())
        .pop()
        .ok_or_else(|| anyhow::anyhow!("mentoring event of {} not read back", unit.code))?;
    Ok(Json(record))
}
