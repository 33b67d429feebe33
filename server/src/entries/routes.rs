//! Entering assessment data (issue 4): the entries of a period, one entry's change with versions,
//! idempotency keys and period locks, the offline queue's batch, an entry's history, the status
//! workflow (verify, dispute, resolve) and evidence files.
//!
//! # Contract as built (for the app), all under `/api/v1`, errors in the one error shape
//! Extensions and decisions beyond the agreed contract are marked *(built)*.
//!
//! - `GET /periods/{period_id}/entries?population=kabkota[&indicator=SAKIP,OPINI_BPK]`
//!   → `{"period":{id,year,kind,state,label},"population","rubric_version_id","rubric":{…},
//!   "units":[{code,name}],"entries":[Entry]}`. Signed-in users only. An owner gets only its own
//!   indicators unless it names indicators in `indicator=` *(built: owners may read every
//!   indicator when they ask for it)*; a unit admin gets only its own unit (in any period state).
//! - `Entry` = `{"unit","indicator","value":<raw JSON>,"status","version","updated_at","updated_by",
//!   "note":string|null,"recommendation":string|null,"evidence_link":string|null,"evidence":[{id,name,size,sha256,content_type,
//!   uploaded_by,uploaded_at}]}`. In write responses (`PUT`, batch, workflow) `evidence` is absent.
//! - `PUT /periods/{period_id}/entries/{unit_code}/{indicator}` with `Idempotency-Key` (1–200
//!   visible ASCII characters, required: 422 `idempotency_key_required`) and body
//!   `{"value","base_version","reason"?,"note"?,"recommendation"?,"evidence_link"?}` → 200
//!   `{"entry":Entry}`. `evidence_link`: an absolute http(s) address (422 `invalid_link`), absent
//!   keeps it, `""` clears it; shown to signed-in readers only, like evidence files.
//!   `note`/`recommendation`: absent keeps the stored text, `""` clears it; at most 4,000
//!   characters (reason 1,000), control characters removed, stored and shown as plain text.
//!   Errors: 403 `forbidden` (indicator not in scope); 404 `period_not_found`/`unit_not_found`;
//!   409 `period_locked` (period not open); 422 with the engine's code (`indicator_out_of_range`,
//!   `unknown_label`, `wrong_value_type`, …) and `field: "value"`, or `unknown_indicator` with
//!   `field: "indicator"`; 409 `version_conflict` and 409 `entry_verified` (owners and tokens may
//!   not change a verified entry), both with a top-level `"current": Entry|null` next to `"error"`;
//!   422 `idempotency_key_reused`. A replayed key answers the recorded response with header
//!   `Idempotency-Replayed: true`. *(built)* Only applied changes record their key: a refused
//!   change changed nothing and may be retried with the same key.
//! - `POST /periods/{period_id}/entries/batch` `{"changes":[{unit,indicator,value,base_version,
//!   idempotency_key,reason?,note?,recommendation?}]}` (at most 5,000) → 200 `{"results":[{
//!   "idempotency_key","outcome":"applied"|"duplicate"|"conflict"|"invalid"|"forbidden",
//!   "entry"?,"current"?,"error"?:{code,message,field}}]}` in request order. `conflict` is a
//!   version conflict (with `current`); a locked period, a verified entry (with `current`), an
//!   unknown unit, a bad value and a reused key are `invalid` with their error code.
//! - `GET /periods/{period_id}/entries/{unit_code}/{indicator}/history` → `[{"changed_at",
//!   "changed_by","old_value","new_value","old_status","new_status","reason","note",
//!   "recommendation"}]`, newest first (`note`/`recommendation`: the entry's text after the change).
//! - `POST …/{indicator}/verify` (admin) `{"base_version"?,"reason"?}`; `POST …/dispute` (the
//!   unit's unit admin, or an admin) `{"reason","base_version"?}`; `POST …/resolve` (owner of the
//!   indicator or admin) `{"reason","value"?,"base_version"?}` → 200 `{"entry":Entry}`; 409
//!   `invalid_transition` (with `current`), 409 `version_conflict`, 409 `period_locked`
//!   (published period; workflow steps are allowed while open *and* closed), 404
//!   `entry_not_found`. Verify: submitted/resolved → verified; dispute: submitted/verified/resolved
//!   → disputed; resolve: disputed → resolved.
//! - `POST …/{indicator}/evidence` multipart, field `file`, ≤ 10 MB (413 `file_too_large`), PDF,
//!   PNG, JPEG or XLSX by content (415 `unsupported_file_type`) → 201 `{"evidence":{…}}`. Admin,
//!   the indicator's owner, or the unit's unit admin. `GET /evidence/{evidence_id}` → the file as
//!   an attachment (admin, owner, viewer, the unit's unit admin).
//! - Workflow steps and evidence uploads take an optional `Idempotency-Key` (the app always sends
//!   one): a repeated request answers the recorded response (`Idempotency-Replayed: true`) and
//!   is applied once; the same key for another request is 422 `idempotency_key_reused`.
//! - Disputed values still count in the official score until they are resolved (a dispute is a
//!   question about a value, not its removal).

use std::collections::HashMap;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use contract::json::RawJson;
use contract::{BatchAnswer, ChangeError, ChangeResult, HistoryRecord};
use serde::Deserialize;
use serde_json::json;

use crate::auth::{
    Principal, Role, Scope, forbidden, require_indicator_write, require_role, require_unit_access, require_unit_read,
};
use crate::error::{ApiError, Problem};
use crate::http::{
    ApiPath, ApiQuery, JsonReply, JsonText, UploadedFile, clean_text, idempotency_key, key_reused,
    optional_idempotency, parse_request, read_evidence_upload, replayed,
};
use crate::results::{MAX_ID_LENGTH, period_view, scored_population, shorten, stored_value, visible_period_for};
use crate::startup::AppState;
use crate::storage::{
    ChangeOutcome, ChangeRequest, EntryRecord, EvidenceMeta, EvidenceOutcome, NewEvidence, StatusAction, StatusOutcome,
    UnitRow,
};

/// Longest note or recommendation, in characters.
pub const MAX_NOTE_CHARS: usize = 4000;
/// Longest reason, in characters.
pub const MAX_REASON_CHARS: usize = 1000;
/// Most changes in one batch.
pub const MAX_BATCH_CHANGES: usize = 5000;
/// Largest batch body.
pub const MAX_BATCH_BODY_BYTES: usize = 8 * 1024 * 1024;
/// Size of the pieces an evidence download is read in.
const EVIDENCE_PIECE_BYTES: i32 = 256 * 1024;

/// An evidence file's description: the contract's [`contract::Evidence`].
pub type EvidenceView = contract::Evidence;
/// One stored entry: the contract's [`contract::Entry`].
pub type EntryOut = contract::Entry;
/// The entries page: the contract's [`contract::EntriesPage`].
pub type EntriesPage = contract::EntriesPage;

#[derive(Clone, Debug, Deserialize)]
pub struct EntriesQuery {
    pub population: Option<String>,
    pub indicator: Option<String>,
}

pub fn entry_out(entry: &EntryRecord, evidence: Option<Vec<EvidenceView>>) -> anyhow::Result<EntryOut> {
    let value = stored_value(&entry.indicator_code, entry.value_json.clone())?;
    Ok(EntryOut {
        unit: entry.unit_code.clone(),
        indicator: entry.indicator_code.clone(),
        value: RawJson(value.get().to_owned()),
        status: entry.status,
        version: entry.version,
        updated_at: entry.updated_at.clone(),
        updated_by: entry.updated_by.clone(),
        note: entry.note.clone(),
        recommendation: entry.recommendation.clone(),
        evidence_link: entry.evidence_link.clone(),
        evidence,
    })
}

pub fn evidence_view(meta: &EvidenceMeta) -> EvidenceView {
    EvidenceView {
        id: meta.id.clone(),
        name: meta.file_name.clone(),
        size: meta.size,
        sha256: meta.sha256.clone(),
        content_type: meta.content_type.clone(),
        uploaded_by: meta.uploaded_by.clone(),
        uploaded_at: meta.uploaded_at.clone(),
    }
}

/// `GET /api/v1/periods/{period_id}/entries`.
#[tracing::instrument(skip(state, principal))]
pub async fn list_entries(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(period_id): ApiPath<String>,
    ApiQuery(query): ApiQuery<EntriesQuery>,
) -> Result<JsonReply, ApiError> {
    let user = crate::auth::require_user(&principal)?;
    let own_unit = match (&user.role, &user.scope) {
        (Role::UnitAdmin, Scope::Unit(unit)) => Some(unit.as_str().to_owned()),
        (Role::UnitAdmin, _) => return Err(forbidden()),
        _ => None,
    };
    let period = visible_period_for(&state, &principal, &period_id, own_unit.as_deref()).await?;
    let (population, rubric_version_id) = scored_population(&state, &period, query.population.as_deref()).await?;
    let rubric = state
        .database
        .rubric_version(&rubric_version_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("rubric version {rubric_version_id} is missing"))?;
    let indicator_filter: Option<Vec<String>> = match query.indicator.as_deref().filter(|text| !text.trim().is_empty())
    {
        Some(text) => {
            Some(text.split(',').map(|code| code.trim().to_owned()).filter(|code| !code.is_empty()).collect())
        }
        None => match &user.scope {
            Scope::Indicators(codes) => Some(codes.iter().map(|code| code.as_str().to_owned()).collect()),
            _ => None,
        },
    };
    let mut units = state.database.population_units(&period.id, &population.code).await?;
    if let Some(own) = &own_unit {
        units.retain(|unit| &unit.code == own);
    }
    let mut evidence: HashMap<(String, String), Vec<EvidenceView>> = HashMap::new();
    for meta in state.database.population_evidence(&period.id, &population.code).await? {
        evidence.entry((meta.unit_code.clone(), meta.indicator_code.clone())).or_default().push(evidence_view(&meta));
    }
    let entries = state
        .database
        .population_entries(&period.id, &population.code)
        .await?
        .iter()
        .filter(|entry| own_unit.as_ref().is_none_or(|own| &entry.unit_code == own))
        .filter(|entry| indicator_filter.as_ref().is_none_or(|codes| codes.contains(&entry.indicator_code)))
        .map(|entry| {
            let files = evidence.remove(&(entry.unit_code.clone(), entry.indicator_code.clone())).unwrap_or_default();
            entry_out(entry, Some(files))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let computed = crate::aspirations::bindings_of(&state, &period.id, &population.code).await?;
    let page = EntriesPage {
        period: period_view(&period),
        population: population.code,
        rubric_version_id,
        rubric: contract::json::parse(&rubric.document).map_err(|error| anyhow::anyhow!("stored rubric: {error:?}"))?,
        units: units.into_iter().map(|unit| contract::UnitRef { code: unit.code, name: unit.name }).collect(),
        entries,
        computed,
    };
    Ok(JsonReply(contract::json::ToJson::to_json(&page)))
}

/// `PUT /api/v1/periods/{period_id}/entries/{unit_code}/{indicator}`.
#[tracing::instrument(skip(state, principal, headers, body))]
pub async fn put_entry(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((period_id, unit_code, indicator)): ApiPath<(String, String, String)>,
    headers: HeaderMap,
    JsonText(body): JsonText,
) -> Result<Response, ApiError> {
    require_indicator_write(&principal, &indicator)?;
    let key = idempotency_key(&headers)?;
    let body: contract::entries::EntryChange = parse_request(&body)?;
    let actor = principal.actor().ok_or_else(crate::auth::unauthenticated)?;
    let texts = [&body.reason, &body.note, &body.recommendation, &body.evidence_link];
    let change = ChangeRequest {
        request_sha256: change_sha256(&period_id, &unit_code, &indicator, body.value.get(), body.base_version, texts),
        unit_code,
        indicator_code: indicator,
        value_json: body.value.get().to_owned(),
        base_version: body.base_version,
        idempotency_key: key,
        reason: clean_text(body.reason, MAX_REASON_CHARS, "reason")?,
        note: clean_text(body.note, MAX_NOTE_CHARS, "note")?,
        recommendation: clean_text(body.recommendation, MAX_NOTE_CHARS, "recommendation")?,
        evidence_link: clean_link(body.evidence_link)?,
        allowed: true,
    };
    if period_id.len() <= MAX_ID_LENGTH {
        let bindings = state.database.aspiration_bindings(&period_id).await?;
        if crate::aspirations::is_computed(&state, &bindings, &change.unit_code, &change.indicator_code).await? {
            return Err(crate::aspirations::computed_refusal());
        }
    }
    let may_edit_verified = is_admin(&principal);
    let outcomes = state
        .database
        .apply_changes(
            &period_id,
            &actor,
            may_edit_verified,
            std::slice::from_ref(&change),
            &render_applied,
            &state.now(),
        )
        .await?
        .ok_or_else(|| period_not_found(&period_id))?;
    let outcome = outcomes.into_iter().next().ok_or_else(|| anyhow::anyhow!("one outcome per change"))?;
    outcome_response(outcome)
}

fn outcome_response(outcome: ChangeOutcome) -> Result<Response, ApiError> {
    Ok(match outcome {
        ChangeOutcome::Applied { entry, .. } => {
            let (_, body) = render_applied(&entry);
            JsonReply(body).into_response()
        }
        ChangeOutcome::Duplicate { status, body } => replayed(status, body),
        ChangeOutcome::KeyReused => key_reused().into_response(),
        ChangeOutcome::Forbidden => forbidden().into_response(),
        ChangeOutcome::Locked { .. } => period_locked().into_response(),
        ChangeOutcome::UnknownUnit => {
            ApiError::Missing { code: "unit_not_found", message: "Unit tidak ditemukan.".to_owned() }.into_response()
        }
        ChangeOutcome::Invalid(problem) => ApiError::Invalid(vec![problem]).into_response(),
        ChangeOutcome::Conflict { current } => with_current(
            StatusCode::CONFLICT,
            "version_conflict",
            "Nilai ini sudah diubah orang lain sejak Anda membukanya. Periksa nilai terbaru lalu simpan lagi.",
            current.as_ref(),
        )?,
        ChangeOutcome::Verified { current } => with_current(
            StatusCode::CONFLICT,
            "entry_verified",
            "Nilai ini sudah diverifikasi dan tidak dapat diubah lagi.",
            Some(&current),
        )?,
    })
}

/// `(200, {"entry": …})`: the response recorded with an applied change's idempotency key.
fn render_applied(entry: &EntryRecord) -> (i64, String) {
    let body = entry_out(entry, None)
        .map(|entry| contract::json::ToJson::to_json(&contract::entries::EntryAnswer { entry }))
        .unwrap_or_else(|error| {
            tracing::error!(%error, "cannot render an applied entry");
            "{}".to_owned()
        });
    (200, body)
}

/// An error in the one shape with `"current": Entry|null` next to it.
fn with_current(
    status: StatusCode,
    code: &str,
    message: &str,
    current: Option<&EntryRecord>,
) -> Result<Response, ApiError> {
    let current = current.map(|entry| entry_out(entry, None)).transpose()?;
    let error = contract::error::ErrorDetail {
        code: code.to_owned(),
        message: message.to_owned(),
        field: None,
        problems: Vec::new(),
        request_id: crate::observe::current_request_id(),
    };
    Ok((status, axum::Json(contract::entries::ConflictAnswer { error, current })).into_response())
}

pub(crate) fn period_locked() -> ApiError {
    ApiError::BadRequest {
        status: StatusCode::CONFLICT,
        code: "period_locked",
        message: "Periode sudah dikunci; nilai tidak dapat diubah.".to_owned(),
    }
}

pub(crate) fn period_not_found(period_id: &str) -> ApiError {
    ApiError::Missing {
        code: "period_not_found",
        message: format!("Periode `{}` tidak ditemukan atau belum diumumkan.", shorten(period_id)),
    }
}

fn is_admin(principal: &Principal) -> bool {
    principal.user().is_some_and(|user| user.role == Role::Admin)
}

/// Longest evidence link, in characters.
pub const MAX_LINK_CHARS: usize = 2000;

/// An evidence link as stored: an absolute `http(s)://` address without spaces (so that it is
/// safe as a link target: never `javascript:` or `data:`); `""` clears it.
fn clean_link(link: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(link) = clean_text(link, MAX_LINK_CHARS, "evidence_link")? else { return Ok(None) };
    let lower = link.to_ascii_lowercase();
    let web = (lower.starts_with("https://") || lower.starts_with("http://"))
        && link.len() > "https://".len()
        && !link.chars().any(char::is_whitespace);
    if link.is_empty() || web {
        return Ok(Some(link));
    }
    Err(ApiError::Invalid(vec![Problem::new(
        "invalid_link",
        "Tautan bukti harus alamat web lengkap, mis. https://jdih.jatimprov.go.id/…",
        Some("evidence_link".to_owned()),
    )]))
}

/// The identity of a change for its idempotency key (the same change through `PUT` or batch
/// hashes the same). `texts`: reason, note, recommendation and evidence link as sent.
fn change_sha256(
    period_id: &str,
    unit: &str,
    indicator: &str,
    value: &str,
    base_version: i64,
    texts: [&Option<String>; 4],
) -> String {
    let [reason, note, recommendation, evidence_link] = texts;
    // A change without a link hashes as before links existed (keys recorded then stay valid).
    let canonical = match evidence_link {
        None => json!([period_id, unit, indicator, value.trim(), base_version, reason, note, recommendation]),
        Some(_) => {
            json!([period_id, unit, indicator, value.trim(), base_version, reason, note, recommendation, evidence_link])
        }
    };
    crate::results::scoring::content_sha256(&canonical.to_string())
}

/// `POST /api/v1/periods/{period_id}/entries/batch`.
#[tracing::instrument(skip(state, principal, body), fields(bytes = body.len()))]
pub async fn batch(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(period_id): ApiPath<String>,
    JsonText(body): JsonText,
) -> Result<Response, ApiError> {
    let body: contract::entries::Batch = parse_request(&body)?;
    if body.changes.len() > MAX_BATCH_CHANGES {
        return Err(ApiError::Invalid(vec![Problem::new(
            "too_many_changes",
            format!("Paling banyak {MAX_BATCH_CHANGES} perubahan sekaligus."),
            Some("changes".to_owned()),
        )]));
    }
    let actor = principal.actor().ok_or_else(crate::auth::unauthenticated)?;
    // Indicators computed from the aspiration service are never written by hand.
    let bindings = if period_id.len() <= MAX_ID_LENGTH {
        state.database.aspiration_bindings(&period_id).await?
    } else {
        Vec::new()
    };
    // Problems found before storage (bad key, text too long) by change index.
    let mut early: HashMap<usize, Problem> = HashMap::new();
    let mut requests = Vec::with_capacity(body.changes.len());
    for (index, change) in body.changes.into_iter().enumerate() {
        let key = change.idempotency_key.trim().to_owned();
        if key.is_empty() || key.len() > 200 || !key.bytes().all(|byte| byte.is_ascii_graphic()) {
            early.insert(
                index,
                Problem::new(
                    "idempotency_key_required",
                    "Setiap perubahan memerlukan idempotency_key (1–200 karakter).",
                    Some(format!("changes[{index}].idempotency_key")),
                ),
            );
        }
        let texts = [&change.reason, &change.note, &change.recommendation, &change.evidence_link];
        let sha256 =
            change_sha256(&period_id, &change.unit, &change.indicator, change.value.get(), change.base_version, texts);
        let mut text = |value: Option<String>, max: usize, field: &str| match clean_text(value, max, field) {
            Ok(cleaned) => cleaned,
            Err(ApiError::Invalid(mut problems)) => {
                let mut problem = problems.remove(0);
                problem.field = Some(format!("changes[{index}].{field}"));
                early.entry(index).or_insert(problem);
                None
            }
            Err(_) => None,
        };
        let reason = text(change.reason, MAX_REASON_CHARS, "reason");
        let note = text(change.note, MAX_NOTE_CHARS, "note");
        let recommendation = text(change.recommendation, MAX_NOTE_CHARS, "recommendation");
        let evidence_link = match clean_link(change.evidence_link) {
            Ok(link) => link,
            Err(ApiError::Invalid(mut problems)) => {
                let mut problem = problems.remove(0);
                problem.field = Some(format!("changes[{index}].evidence_link"));
                early.entry(index).or_insert(problem);
                None
            }
            Err(_) => None,
        };
        if !bindings.is_empty()
            && crate::aspirations::is_computed(&state, &bindings, &change.unit, &change.indicator).await?
        {
            early.entry(index).or_insert_with(|| {
                Problem::new(
                    "indicator_computed",
                    crate::aspirations::COMPUTED_MESSAGE,
                    Some(format!("changes[{index}].value")),
                )
            });
        }
        let allowed = !early.contains_key(&index) && require_indicator_write(&principal, &change.indicator).is_ok();
        requests.push(ChangeRequest {
            unit_code: change.unit,
            indicator_code: change.indicator,
            value_json: change.value.get().to_owned(),
            base_version: change.base_version,
            idempotency_key: key,
            request_sha256: sha256,
            reason,
            note,
            recommendation,
            evidence_link,
            allowed,
        });
    }
    let outcomes = state
        .database
        .apply_changes(&period_id, &actor, is_admin(&principal), &requests, &render_applied, &state.now())
        .await?
        .ok_or_else(|| period_not_found(&period_id))?;
    let mut results = Vec::with_capacity(outcomes.len());
    for (index, (request, outcome)) in requests.iter().zip(outcomes).enumerate() {
        let key = &request.idempotency_key;
        let error = |code: &str, message: &str, field: Option<String>| {
            Some(ChangeError { code: code.to_owned(), message: message.to_owned(), field })
        };
        let answer = |outcome: &str| ChangeResult {
            idempotency_key: key.clone(),
            outcome: outcome.to_owned(),
            entry: None,
            current: None,
            error: None,
        };
        let result = if let Some(problem) = early.get(&index) {
            ChangeResult { error: error(&problem.code, &problem.message, problem.field.clone()), ..answer("invalid") }
        } else {
            match outcome {
                ChangeOutcome::Applied { entry, .. } => {
                    ChangeResult { entry: Some(entry_out(&entry, None)?), ..answer("applied") }
                }
                ChangeOutcome::Duplicate { body, .. } => {
                    // The answer recorded with the key: `{"entry": Entry}`.
                    let recorded = contract::json::parse(&body).ok();
                    let entry = recorded
                        .as_ref()
                        .and_then(|recorded| contract::json::Fields::new(recorded).ok())
                        .and_then(|fields| fields.opt::<EntryOut>("entry").ok().flatten());
                    ChangeResult { entry, ..answer("duplicate") }
                }
                ChangeOutcome::KeyReused => ChangeResult {
                    error: error(
                        "idempotency_key_reused",
                        "Kunci ini sudah dipakai untuk perubahan lain.",
                        Some(format!("changes[{index}].idempotency_key")),
                    ),
                    ..answer("invalid")
                },
                ChangeOutcome::Forbidden => ChangeResult {
                    error: error(
                        "forbidden",
                        "Anda tidak berwenang mengubah indikator ini.",
                        Some(format!("changes[{index}].indicator")),
                    ),
                    ..answer("forbidden")
                },
                ChangeOutcome::Locked { .. } => ChangeResult {
                    error: error("period_locked", "Periode sudah dikunci; nilai tidak dapat diubah.", None),
                    ..answer("invalid")
                },
                ChangeOutcome::UnknownUnit => ChangeResult {
                    error: error("unit_not_found", "Unit tidak ditemukan.", Some(format!("changes[{index}].unit"))),
                    ..answer("invalid")
                },
                ChangeOutcome::Invalid(problem) => {
                    let field = problem.field.as_ref().map(|field| format!("changes[{index}].{field}"));
                    ChangeResult { error: error(&problem.code, &problem.message, field), ..answer("invalid") }
                }
                ChangeOutcome::Conflict { current } => ChangeResult {
                    current: current.as_ref().map(|entry| entry_out(entry, None)).transpose()?,
                    error: error(
                        "version_conflict",
                        "Nilai ini sudah diubah orang lain sejak Anda membukanya.",
                        Some(format!("changes[{index}].base_version")),
                    ),
                    ..answer("conflict")
                },
                ChangeOutcome::Verified { current } => ChangeResult {
                    current: Some(entry_out(&current, None)?),
                    error: error("entry_verified", "Nilai ini sudah diverifikasi dan tidak dapat diubah lagi.", None),
                    ..answer("invalid")
                },
            }
        };
        results.push(result);
    }
    Ok(JsonReply(contract::json::ToJson::to_json(&BatchAnswer { results })).into_response())
}

/// The unit named in a path, or 404.
async fn path_unit(state: &AppState, unit_code: &str) -> Result<UnitRow, ApiError> {
    let not_found = || ApiError::Missing {
        code: "unit_not_found",
        message: format!("Unit dengan kode `{}` tidak ditemukan.", shorten(unit_code)),
    };
    if unit_code.len() > MAX_ID_LENGTH {
        return Err(not_found());
    }
    state.database.unit_by_code(unit_code).await?.ok_or_else(not_found)
}

/// `GET /api/v1/periods/{period_id}/entries/{unit_code}/{indicator}/history`.
#[tracing::instrument(skip(state, principal))]
pub async fn history(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((period_id, unit_code, indicator)): ApiPath<(String, String, String)>,
) -> Result<Response, ApiError> {
    require_unit_read(&principal, &unit_code)?;
    let period = visible_period_for(&state, &principal, &period_id, Some(&unit_code)).await?;
    let unit = path_unit(&state, &unit_code).await?;
    let records = state.database.entry_history(&period.id, &unit.id, &indicator).await?;
    // A stored value that is not JSON (never written by us) is shown as none.
    let raw = |text: &Option<String>| {
        text.as_deref()
            .filter(|text| contract::json::parse(text).is_ok())
            .map_or_else(RawJson::null, |text| RawJson(text.trim().to_owned()))
    };
    let body: Vec<HistoryRecord> = records
        .iter()
        .map(|row| {
            let record = &row.audit;
            HistoryRecord {
                changed_at: record.changed_at.clone(),
                changed_by: record.changed_by.clone(),
                old_value: raw(&record.old_value_json),
                new_value: raw(&record.new_value_json),
                old_status: record.old_status.clone(),
                new_status: record.new_status.clone(),
                reason: record.reason.clone(),
                note: row.note.clone(),
                recommendation: row.recommendation.clone(),
            }
        })
        .collect();
    Ok(JsonReply(contract::json::ToJson::to_json(&body)).into_response())
}

/// `POST …/verify`, `…/dispute`, `…/resolve`.
async fn status_step(
    state: AppState,
    principal: Principal,
    (period_id, unit_code, indicator): (String, String, String),
    headers: &HeaderMap,
    body: String,
    step: &str,
) -> Result<Response, ApiError> {
    match step {
        "verify" => require_role(&principal, &[Role::Admin]).map(|_| ())?,
        "dispute" => require_unit_access(&principal, &unit_code)?,
        _ => {
            require_role(&principal, &[Role::Admin, Role::Owner])?;
            require_indicator_write(&principal, &indicator)?;
        }
    }
    let idempotency = optional_idempotency(headers, &json!([step, period_id, unit_code, indicator, body.trim()]))?;
    let body: contract::entries::StatusStep = if body.trim().is_empty() {
        contract::entries::StatusStep { base_version: None, reason: None, value: None }
    } else {
        parse_request(&body)?
    };
    let reason = clean_text(body.reason, MAX_REASON_CHARS, "reason")?.filter(|reason| !reason.is_empty());
    if step != "verify" && reason.is_none() {
        return Err(ApiError::Invalid(vec![Problem::new(
            "reason_required",
            "Tuliskan alasannya.",
            Some("reason".to_owned()),
        )]));
    }
    let action = match step {
        "verify" => StatusAction::Verify,
        "dispute" => StatusAction::Dispute,
        _ => StatusAction::Resolve { value_json: body.value.map(|value| value.get().to_owned()) },
    };
    let actor = principal.actor().ok_or_else(crate::auth::unauthenticated)?;
    if state.database.period(&period_id).await?.is_none() || period_id.len() > MAX_ID_LENGTH {
        return Err(period_not_found(&period_id));
    }
    let unit = path_unit(&state, &unit_code).await?;
    let outcome = state
        .database
        .change_status(
            &period_id,
            &unit,
            &indicator,
            &action,
            body.base_version,
            &actor,
            reason.as_deref(),
            idempotency.as_ref(),
            &render_applied,
            &state.now(),
        )
        .await?;
    Ok(match outcome {
        StatusOutcome::Done(entry) => {
            axum::Json(contract::entries::EntryAnswer { entry: entry_out(&entry, None)? }).into_response()
        }
        StatusOutcome::Duplicate { status, body } => replayed(status, body),
        StatusOutcome::KeyReused => key_reused().into_response(),
        StatusOutcome::Missing => ApiError::Missing {
            code: "entry_not_found",
            message: "Belum ada nilai untuk indikator ini pada unit tersebut.".to_owned(),
        }
        .into_response(),
        StatusOutcome::Locked { .. } => period_locked().into_response(),
        StatusOutcome::InvalidTransition { current } => with_current(
            StatusCode::CONFLICT,
            "invalid_transition",
            &format!("Status `{}` tidak dapat diubah dengan langkah ini.", current.status),
            Some(&current),
        )?,
        StatusOutcome::Conflict { current } => with_current(
            StatusCode::CONFLICT,
            "version_conflict",
            "Nilai ini sudah diubah orang lain sejak Anda membukanya.",
            Some(&current),
        )?,
        StatusOutcome::Invalid(problem) => ApiError::Invalid(vec![problem]).into_response(),
    })
}

macro_rules! status_handler {
    ($name:ident, $step:literal) => {
        #[tracing::instrument(skip(state, principal, body))]
        pub async fn $name(
            State(state): State<AppState>,
            principal: Principal,
            ApiPath(path): ApiPath<(String, String, String)>,
            headers: HeaderMap,
            body: axum::body::Bytes,
        ) -> Result<Response, ApiError> {
            let body = String::from_utf8(body.to_vec()).map_err(|_| ApiError::BadRequest {
                status: StatusCode::BAD_REQUEST,
                code: "malformed_json",
                message: "Data bukan teks UTF-8 yang valid.".to_owned(),
            })?;
            status_step(state, principal, path, &headers, body, $step).await
        }
    };
}

status_handler!(verify, "verify");
status_handler!(dispute, "dispute");
status_handler!(resolve, "resolve");

/// `POST /api/v1/periods/{period_id}/entries/{unit_code}/{indicator}/evidence` (multipart).
#[tracing::instrument(skip(state, principal, request))]
pub async fn upload_evidence(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((period_id, unit_code, indicator)): ApiPath<(String, String, String)>,
    request: Request,
) -> Result<Response, ApiError> {
    let user = crate::auth::require_user(&principal)?;
    let allowed = require_unit_access(&principal, &unit_code).is_ok()
        || (user.role == Role::Owner && require_indicator_write(&principal, &indicator).is_ok());
    if !allowed {
        return Err(forbidden());
    }
    let actor = user.username.clone();
    let headers = request.headers().clone();
    let period = visible_period_for(&state, &principal, &period_id, Some(&unit_code)).await?;
    if period.is_published() {
        return Err(period_locked());
    }
    let unit = path_unit(&state, &unit_code).await?;
    let Some(rubric_version_id) = state.database.period_rubric(&period.id, &unit.population).await? else {
        return Err(ApiError::Missing {
            code: "unit_not_found",
            message: "Unit tidak dinilai pada periode ini.".to_owned(),
        });
    };
    let rubric =
        state.database.rubric_version(&rubric_version_id).await?.ok_or_else(|| anyhow::anyhow!("rubric missing"))?;
    if !crate::results::scoring::ValueChecker::new(&rubric.document)?.has_indicator(&indicator) {
        return Err(ApiError::Missing {
            code: "indicator_not_found",
            message: format!("Indikator `{}` tidak ada pada rubrik periode ini.", shorten(&indicator)),
        });
    }
    let UploadedFile { file_name, content_type, sha256, content } = read_evidence_upload(request, &state).await?;
    let idempotency =
        optional_idempotency(&headers, &json!(["evidence", period.id, unit.code, indicator, file_name, sha256]))?;
    let render = |meta: &EvidenceMeta| (201, json!({ "evidence": evidence_view(meta) }).to_string());
    let outcome = state
        .database
        .store_evidence(
            &NewEvidence {
                period_id: period.id.clone(),
                unit_id: unit.id.clone(),
                indicator_code: indicator.clone(),
                file_name,
                content_type: content_type.to_owned(),
                sha256,
                content,
                uploaded_by: actor,
            },
            idempotency.as_ref(),
            &render,
            &state.now(),
        )
        .await?;
    Ok(match outcome {
        EvidenceOutcome::Stored(meta) => {
            (StatusCode::CREATED, axum::Json(json!({ "evidence": evidence_view(&meta) }))).into_response()
        }
        EvidenceOutcome::Duplicate { status, body } => replayed(status, body),
        EvidenceOutcome::KeyReused => key_reused().into_response(),
    })
}

/// `GET /api/v1/evidence/{evidence_id}`: the file as an attachment.
#[tracing::instrument(skip(state, principal))]
pub async fn download_evidence(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(evidence_id): ApiPath<String>,
) -> Result<Response, ApiError> {
    crate::auth::require_user(&principal)?;
    let not_found =
        || ApiError::Missing { code: "evidence_not_found", message: "Berkas bukti tidak ditemukan.".to_owned() };
    if evidence_id.len() > MAX_ID_LENGTH {
        return Err(not_found());
    }
    let Some((meta, size)) = state.database.evidence_size(&evidence_id).await? else { return Err(not_found()) };
    require_unit_read(&principal, &meta.unit_code)?;
    // Streamed in pieces: a download holds one piece in memory, never the whole file.
    let database = state.database.clone();
    let pieces = futures_util::stream::try_unfold(0_i64, move |offset| {
        let (database, evidence_id) = (database.clone(), evidence_id.clone());
        async move {
            if offset >= size {
                return Ok(None);
            }
            let piece = database
                .evidence_chunk(&evidence_id, offset, EVIDENCE_PIECE_BYTES)
                .await
                .map_err(|error| std::io::Error::other(format!("{error:#}")))?;
            if piece.is_empty() {
                return Err(std::io::Error::other("an evidence file ended before its size"));
            }
            let next = offset + i64::try_from(piece.len()).unwrap_or(i64::MAX);
            Ok(Some((axum::body::Bytes::from(piece), next)))
        }
    });
    let ascii: String = meta
        .file_name
        .chars()
        .map(|character| if character.is_ascii_alphanumeric() || "-_.".contains(character) { character } else { '_' })
        .collect();
    let encoded: String = meta
        .file_name
        .bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || b"-_.".contains(&byte) {
                (byte as char).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, meta.content_type.clone()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
            (header::CONTENT_LENGTH, size.to_string()),
        ],
        axum::body::Body::from_stream(pieces),
    )
        .into_response())
}
