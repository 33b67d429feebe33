//! The `/api/v1/policy/*` handlers. Access: the gate applies the coarse rule of
//! `crate::openapi::OPERATIONS`; here, reads by anonymous callers (and API tokens) answer 404
//! unless an administrator published the monitor, and writes need `require_unit_access` (the
//! government's own unit admin, or an administrator).

use std::collections::{BTreeMap, HashMap};

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::model::{self, Day, GovernmentProgress, StageStatus};
use super::storage::{
    ActionRow, ActionWrite, GOVERNMENT_POPULATIONS, GovernmentRow, PolicyStore, StageRow, StageWrite, Stamp,
};
use crate::auth::{Principal, Role, require_role, require_unit_access, require_user};
// `parse_body` is called only after the caller was authorised, so that a stranger learns nothing
// from a validation error.
use crate::entries::{EvidenceView, evidence_view};
use crate::error::{ApiError, Problem};
use crate::http::{
    ApiPath, ApiQuery, JsonText, UploadedFile, key_reused, optional_idempotency, parse_body, read_evidence_upload,
    replayed,
};
use crate::results::scoring;
use crate::startup::AppState;
use crate::storage::{EvidenceMeta, EvidenceOutcome, ImportOutcome, ImportValue, NewEvidence, PeriodKind, PeriodRow};

/// A stage definition merged with one government's record of it.
#[derive(Serialize)]
pub struct StageView {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub short: String,
    pub needs_reference: bool,
    pub hint: String,
    pub status: String,
    pub date: Option<String>,
    pub reference: Option<String>,
    pub note: Option<String>,
    pub evidence_url: Option<String>,
    /// Evidence files of the stage, oldest first (`GET /evidence/{id}`); signed-in readers only.
    pub files: Vec<EvidenceView>,
    pub version: i64,
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
}

#[derive(Serialize)]
pub struct ActionView {
    pub id: String,
    pub title: String,
    pub owner: String,
    pub due_date: String,
    /// As stored: `rencana`, `berjalan` or `selesai`.
    pub status: String,
    /// What to show: `terlambat` when overdue on the server's today, else `status`.
    pub effective_status: String,
    pub overdue: bool,
    pub evidence_url: Option<String>,
    pub version: i64,
    pub updated_at: String,
    pub updated_by: String,
}

/// One indicator of the Van Meter & Van Horn rubric, as the checklist form needs it.
#[derive(Clone, Serialize)]
pub struct RubricIndicatorView {
    pub code: String,
    pub name: String,
    pub spirit: String,
    /// The category labels in rubric order (`belum`, `awal`, `berkembang`, `mapan`).
    pub labels: Vec<String>,
}

#[derive(Clone, Serialize)]
pub struct RubricSpiritView {
    pub code: String,
    pub name: String,
}

#[derive(Clone, Serialize)]
pub struct RubricView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub spirits: Vec<RubricSpiritView>,
    pub indicators: Vec<RubricIndicatorView>,
}

/// The `sistem-kerja` period holding the Van Meter & Van Horn values (see `super::period`).
#[derive(Clone, Serialize)]
pub struct PeriodRef {
    pub id: String,
    pub label: String,
    /// `open` takes values; `published` makes the ranking public (`/peringkat`, `/simulasi`).
    pub state: String,
}

/// A government's Van Meter & Van Horn values (entries of the period) and its official result.
#[derive(Serialize)]
pub struct AssessmentView {
    pub rubric_version_id: String,
    /// Stored raw values by indicator code (no `null`s).
    pub values: Box<RawValue>,
    pub total: String,
    pub grade: String,
    pub complete: bool,
    /// Rank among the population's governments in the period.
    pub rank: i64,
    /// The engine's explanation (spirits with score and contribution, indicators).
    pub result: Box<RawValue>,
    pub updated_at: String,
    pub updated_by: String,
}

#[derive(Serialize)]
pub struct GovernmentRef {
    pub code: String,
    pub name: String,
    pub population: String,
}

/// `GET /policy/units/{unit_code}`: one government's checklist.
#[derive(Serialize)]
pub struct Checklist {
    pub unit: GovernmentRef,
    /// The server's today in WIB (`YYYY-MM-DD`); the app computes nothing from its own clock.
    pub today: String,
    /// The data includes the demo state ("data contoh"), never real facts.
    pub demo: bool,
    pub published: bool,
    /// Whether the caller may record stages, actions and the assessment of this government.
    pub may_edit: bool,
    pub stages: Vec<StageView>,
    pub actions: Vec<ActionView>,
    pub rubric: RubricView,
    /// The period of the assessment; `null` until the first assessment is recorded.
    pub period: Option<PeriodRef>,
    pub assessment: Option<AssessmentView>,
}

#[derive(Serialize)]
pub struct StageSummary {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub short: String,
    pub done: usize,
    pub in_progress: usize,
    pub not_started: usize,
    /// Share of governments that finished the stage, one decimal (`"90.9"`).
    pub percent_done: String,
}

#[derive(Serialize)]
pub struct GovernmentLine {
    pub code: String,
    pub name: String,
    pub population: String,
    /// Stage statuses in stage order.
    pub statuses: Vec<String>,
    /// Stages finished in order from the first.
    pub reached: usize,
    pub last_change: Option<String>,
    pub days_since_change: Option<i64>,
    pub stalled: bool,
    pub overdue_actions: usize,
    pub vmvh_total: Option<String>,
    pub vmvh_grade: Option<String>,
}

#[derive(Serialize)]
pub struct OverdueAction {
    pub unit_code: String,
    pub unit_name: String,
    pub id: String,
    pub title: String,
    pub owner: String,
    pub due_date: String,
    pub days_overdue: i64,
}

/// `GET /policy/rollup`: the provincial roll-up.
#[derive(Serialize)]
pub struct Rollup {
    pub today: String,
    pub demo: bool,
    pub published: bool,
    pub stall_days: i64,
    pub n_governments: usize,
    pub stages: Vec<StageSummary>,
    pub governments: Vec<GovernmentLine>,
    pub overdue_actions: Vec<OverdueAction>,
}

#[derive(Deserialize)]
pub struct RollupQuery {
    pub stall_days: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentInput {
    pub values: BTreeMap<String, Box<RawValue>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicationInput {
    pub published: bool,
}

/// A rubric document's indicators and labels, as the checklist form needs them.
fn rubric_view(document: &str) -> RubricView {
    {
        let document: serde_json::Value = serde_json::from_str(document).unwrap_or_default();
        let text = |value: &serde_json::Value| value.as_str().unwrap_or_default().to_owned();
        let list = |key: &str| document[key].as_array().cloned().unwrap_or_default();
        RubricView {
            id: text(&document["id"]),
            name: text(&document["name"]),
            description: text(&document["description"]),
            spirits: list("spirits")
                .iter()
                .map(|spirit| RubricSpiritView { code: text(&spirit["code"]), name: text(&spirit["name"]) })
                .collect(),
            indicators: list("indicators")
                .iter()
                .map(|indicator| RubricIndicatorView {
                    code: text(&indicator["code"]),
                    name: text(&indicator["name"]),
                    spirit: text(&indicator["spirit"]),
                    labels: indicator["rule"]["points"]
                        .as_object()
                        .map(|points| {
                            let mut pairs: Vec<(&String, i64)> =
                                points.iter().map(|(label, value)| (label, value.as_i64().unwrap_or(0))).collect();
                            pairs.sort_by_key(|(_, points)| *points);
                            pairs.into_iter().map(|(label, _)| label.clone()).collect()
                        })
                        .unwrap_or_default(),
                })
                .collect(),
        }
    }
}

fn not_published() -> ApiError {
    ApiError::Missing {
        code: "policy_not_published",
        message: "Data pemantauan sistem kerja belum dipublikasikan.".to_owned(),
    }
}

fn unknown_government(unit_code: &str) -> ApiError {
    ApiError::Missing {
        code: "government_not_found",
        message: format!("Pemerintah daerah `{unit_code}` tidak ditemukan (hanya kabupaten/kota dan provinsi)."),
    }
}

fn invalid(code: &str, message: impl Into<String>, field: &str) -> ApiError {
    ApiError::Invalid(vec![Problem::new(code, message, Some(field.to_owned()))])
}

/// Reads by anonymous callers and API tokens need the published switch; signed-in users read all.
async fn require_read(store: &PolicyStore<'_>, principal: &Principal) -> Result<bool, ApiError> {
    let published = store.published().await?;
    if require_user(principal).is_err() && !published {
        return Err(not_published());
    }
    Ok(published)
}

fn today(state: &AppState) -> String {
    model::today_wib(state.auth.now_millis())
}

async fn is_demo(store: &PolicyStore<'_>) -> Result<bool, ApiError> {
    Ok(store.meta_present(super::storage::DEMO_KEY).await?)
}

async fn writable_government(
    state: &AppState,
    principal: &Principal,
    unit_code: &str,
) -> Result<(GovernmentRow, String), ApiError> {
    require_unit_access(principal, unit_code)?;
    let government =
        PolicyStore::new(&state.database).government(unit_code).await?.ok_or_else(|| unknown_government(unit_code))?;
    let actor = principal.actor().ok_or_else(crate::auth::unauthenticated)?;
    Ok((government, actor))
}

fn stage_views(rows: &[StageRow], mut files: HashMap<String, Vec<EvidenceView>>) -> Vec<StageView> {
    model::stages()
        .stages
        .iter()
        .map(|stage| {
            let row = rows.iter().find(|row| row.stage_code == stage.code);
            let files = files.remove(&stage_subject(&stage.code)).unwrap_or_default();
            StageView {
                code: stage.code.clone(),
                name: stage.name.clone(),
                name_en: stage.name_en.clone(),
                short: stage.short.clone(),
                needs_reference: stage.needs_reference,
                hint: stage.hint.clone(),
                status: row.map_or(StageStatus::Belum.code(), |row| row.status.as_str()).to_owned(),
                date: row.and_then(|row| row.stage_date.clone()),
                reference: row.and_then(|row| row.reference.clone()),
                note: row.and_then(|row| row.note.clone()),
                evidence_url: row.and_then(|row| row.evidence_url.clone()),
                files,
                version: row.map_or(0, |row| row.version),
                updated_at: row.map(|row| row.updated_at.clone()),
                updated_by: row.map(|row| row.updated_by.clone()),
            }
        })
        .collect()
}

/// The `evidence.indicator_code` of a stage's files (and the subject of its audit records).
fn stage_subject(stage_code: &str) -> String {
    format!("STAGE:{stage_code}")
}

/// A government's stage evidence files by subject (`STAGE:<code>`), from every `sistem-kerja`
/// period (the file store is keyed to a period; stages are not).
async fn stage_files(
    state: &AppState,
    government: &GovernmentRow,
) -> Result<HashMap<String, Vec<EvidenceView>>, ApiError> {
    let mut files: HashMap<String, Vec<EvidenceView>> = HashMap::new();
    for period in
        state.database.periods(None).await?.iter().filter(|period| period.kind == PeriodKind::SistemKerja.code())
    {
        for meta in state.database.population_evidence(&period.id, &government.population).await? {
            if meta.unit_code == government.code && meta.indicator_code.starts_with("STAGE:") {
                files.entry(meta.indicator_code.clone()).or_default().push(evidence_view(&meta));
            }
        }
    }
    Ok(files)
}

fn action_view(row: ActionRow, today: &str) -> ActionView {
    let overdue = model::is_overdue(&row.status, &row.due_date, today);
    ActionView {
        effective_status: model::effective_action_status(&row.status, &row.due_date, today).to_owned(),
        overdue,
        id: row.id,
        title: row.title,
        owner: row.owner,
        due_date: row.due_date,
        status: row.status,
        evidence_url: row.evidence_url,
        version: row.version,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
    }
}

fn raw(text: String) -> Result<Box<RawValue>, ApiError> {
    RawValue::from_string(text)
        .map_err(|error| ApiError::Unexpected(anyhow::anyhow!("stored JSON is invalid: {error}")))
}

/// `GET /policy/stages`: the stage definitions, the rubric summary, and whether the roll-up is
/// published (so that an anonymous page asks for it only when it may see it).
pub async fn definitions(State(state): State<AppState>) -> Result<Response, ApiError> {
    let published = PolicyStore::new(&state.database).published().await?;
    Ok(Json(serde_json::json!({
        "published": published,
        "id": model::stages().id,
        "name": model::stages().name,
        "name_en": model::stages().name_en,
        "description": model::stages().description,
        "stall_days_default": model::stages().stall_days_default,
        "stages": model::stages().stages.iter().map(|stage| serde_json::json!({
            "code": stage.code, "name": stage.name, "name_en": stage.name_en, "short": stage.short,
            "needs_reference": stage.needs_reference, "hint": stage.hint,
        })).collect::<Vec<_>>(),
        "rubric": rubric_view(model::RUBRIC_DOCUMENT),
    }))
    .into_response())
}

/// `GET /policy/units/{unit_code}`.
pub async fn checklist(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(unit_code): ApiPath<String>,
) -> Result<Json<Checklist>, ApiError> {
    let store = PolicyStore::new(&state.database);
    let published = require_read(&store, &principal).await?;
    let government = store.government(&unit_code).await?.ok_or_else(|| unknown_government(&unit_code))?;
    let today = today(&state);
    let stages = store.stages(Some(&government.id)).await?;
    let actions = store.actions(Some(&government.id)).await?;
    // Evidence files are for signed-in readers only, never the public (as for entries).
    let files = if require_user(&principal).is_ok() { stage_files(&state, &government).await? } else { HashMap::new() };
    let period = super::period::current(&state.database).await?;
    let (rubric, assessment) = match &period {
        Some(period) => {
            let document = bound_rubric(&state, period, &government).await?;
            (rubric_view(&document), assessment_view(&state, period, &government).await?)
        }
        None => (rubric_view(model::RUBRIC_DOCUMENT), None),
    };
    Ok(Json(Checklist {
        may_edit: require_unit_access(&principal, &government.code).is_ok(),
        unit: GovernmentRef { code: government.code, name: government.name, population: government.population },
        demo: is_demo(&store).await?,
        published,
        stages: stage_views(&stages, files),
        actions: actions.into_iter().map(|row| action_view(row, &today)).collect(),
        rubric,
        period: period.as_ref().map(period_ref),
        assessment,
        today,
    }))
}

/// `GET /policy/units/{unit_code}/history`: every audited change of the government, newest
/// first — its stages and actions (`STAGE:<code>`, `ACTION:<id>`) and its Van Meter & Van Horn
/// values, read from the entry audit of the `sistem-kerja` periods (`VMVH:<indicator>`, with
/// `period`).
pub async fn history(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(unit_code): ApiPath<String>,
) -> Result<Response, ApiError> {
    require_user(&principal)?;
    let store = PolicyStore::new(&state.database);
    let government = store.government(&unit_code).await?.ok_or_else(|| unknown_government(&unit_code))?;
    let parse = |text: Option<String>| text.and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok());
    let mut changes: Vec<(String, serde_json::Value)> = store
        .history(&government.id)
        .await?
        .into_iter()
        .map(|change| {
            let json = serde_json::json!({
                "subject": change.subject, "old": parse(change.old_value_json), "new": parse(change.new_value_json),
                "changed_by": change.changed_by, "changed_at": change.changed_at,
            });
            (change.changed_at, json)
        })
        .collect();
    let periods = state.database.periods(None).await?;
    for period in periods.iter().filter(|period| period.kind == PeriodKind::SistemKerja.code()) {
        // Oldest first: reversed so that equal times stay newest first after the sort.
        for change in state.database.entry_audit(&period.id, &government.id).await?.into_iter().rev() {
            let (old, new) = (parse(change.old_value_json), parse(change.new_value_json));
            // A whole-assessment write also records "no value" for indicators it leaves empty.
            if old.as_ref().is_none_or(serde_json::Value::is_null)
                && new.as_ref().is_none_or(serde_json::Value::is_null)
            {
                continue;
            }
            let json = serde_json::json!({
                "subject": format!("VMVH:{}", change.indicator_code), "period": period.id, "old": old, "new": new,
                "changed_by": change.changed_by, "changed_at": change.changed_at,
            });
            changes.push((change.changed_at, json));
        }
    }
    // Stable: the policy rows (newest first by audit id) keep their order among equal times.
    changes.sort_by(|a, b| b.0.cmp(&a.0));
    let changes: Vec<serde_json::Value> = changes.into_iter().map(|(_, json)| json).collect();
    Ok(Json(serde_json::json!({"unit": government.code, "changes": changes})).into_response())
}

/// `PUT /policy/units/{unit_code}/stages/{stage_code}`.
pub async fn put_stage(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((unit_code, stage_code)): ApiPath<(String, String)>,
    JsonText(body): JsonText,
) -> Result<Response, ApiError> {
    let (government, actor) = writable_government(&state, &principal, &unit_code).await?;
    let catalog = model::stages();
    let position = stage_position(&stage_code)?;
    let input: model::StageInput = parse_body(&body)?;
    let today = today(&state);
    let checked = model::check_stage(&catalog.stages[position], &input, &today).map_err(ApiError::Invalid)?;
    let now = state.auth.now();
    let store = PolicyStore::new(&state.database);
    let write = StageWrite {
        unit_id: &government.id,
        stage_code: &stage_code,
        status: checked.status.code(),
        date: checked.date.as_deref(),
        reference: checked.reference.as_deref(),
        note: checked.note.as_deref(),
        evidence_url: checked.evidence_url.as_deref(),
    };
    let row = store.put_stage(&write, Stamp { actor: &actor, now: &now }).await?;
    let files = stage_files(&state, &government).await?;
    let view = stage_views(std::slice::from_ref(&row), files)
        .into_iter()
        .nth(position)
        .ok_or_else(|| anyhow::anyhow!("stage view"))?;
    Ok(Json(view).into_response())
}

/// The position of a stage in the catalog; 422 `unknown_stage` naming the known ones.
fn stage_position(stage_code: &str) -> Result<usize, ApiError> {
    let catalog = model::stages();
    catalog.position(stage_code).ok_or_else(|| {
        let known: Vec<&str> = catalog.stages.iter().map(|stage| stage.code.as_str()).collect();
        invalid("unknown_stage", format!("Tahapan `{stage_code}` tidak dikenal: {}.", known.join(", ")), "stage_code")
    })
}

/// `POST /policy/units/{unit_code}/stages/{stage_code}/evidence` (multipart, field `file`): an
/// evidence file of a stage, read and checked like the entries' evidence (≤ 10 MB, PDF, PNG,
/// JPEG or XLSX by content) and kept in the same store under the current `sistem-kerja` period
/// with `indicator_code` `STAGE:<code>` → 201 `{"evidence":{…}}`. An `Idempotency-Key` makes a
/// repeated upload answer the first response instead of storing the file twice.
pub async fn upload_stage_evidence(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((unit_code, stage_code)): ApiPath<(String, String)>,
    request: Request,
) -> Result<Response, ApiError> {
    let (government, actor) = writable_government(&state, &principal, &unit_code).await?;
    stage_position(&stage_code)?;
    let headers = request.headers().clone();
    let UploadedFile { file_name, content_type, sha256, content } = read_evidence_upload(request, &state).await?;
    let subject = stage_subject(&stage_code);
    let canonical = serde_json::json!(["policy-evidence", government.code, subject, file_name, sha256]);
    let idempotency = optional_idempotency(&headers, &canonical)?;
    let period = super::period::ensure(&state.database, &state.now()).await?;
    let render = |meta: &EvidenceMeta| (201, serde_json::json!({ "evidence": evidence_view(meta) }).to_string());
    let evidence = NewEvidence {
        period_id: period.id,
        unit_id: government.id,
        indicator_code: subject,
        file_name,
        content_type: content_type.to_owned(),
        sha256,
        content,
        uploaded_by: actor,
    };
    Ok(match state.database.store_evidence(&evidence, idempotency.as_ref(), &render, &state.now()).await? {
        EvidenceOutcome::Stored(meta) => {
            (StatusCode::CREATED, Json(serde_json::json!({ "evidence": evidence_view(&meta) }))).into_response()
        }
        EvidenceOutcome::Duplicate { status, body } => replayed(status, body),
        EvidenceOutcome::KeyReused => key_reused().into_response(),
    })
}

/// `POST /policy/units/{unit_code}/actions`: 201 with the new action.
pub async fn create_action(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(unit_code): ApiPath<String>,
    JsonText(body): JsonText,
) -> Result<Response, ApiError> {
    let (government, actor) = writable_government(&state, &principal, &unit_code).await?;
    let id = crate::storage::new_id("act");
    let row =
        write_action(&state, &government, &actor, &id, true, &body).await?.ok_or_else(|| anyhow::anyhow!("created"))?;
    Ok((StatusCode::CREATED, Json(action_view(row, &today(&state)))).into_response())
}

/// `PUT /policy/units/{unit_code}/actions/{action_id}`.
pub async fn update_action(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((unit_code, action_id)): ApiPath<(String, String)>,
    JsonText(body): JsonText,
) -> Result<Response, ApiError> {
    let (government, actor) = writable_government(&state, &principal, &unit_code).await?;
    let row = write_action(&state, &government, &actor, &action_id, false, &body).await?.ok_or_else(|| {
        ApiError::Missing {
            code: "action_not_found",
            message: "Rencana aksi tidak ditemukan pada pemerintah daerah ini.".to_owned(),
        }
    })?;
    Ok(Json(action_view(row, &today(&state))).into_response())
}

async fn write_action(
    state: &AppState,
    government: &GovernmentRow,
    actor: &str,
    action_id: &str,
    create: bool,
    body: &str,
) -> Result<Option<ActionRow>, ApiError> {
    let input: model::ActionInput = parse_body(body)?;
    let checked = model::check_action(&input).map_err(ApiError::Invalid)?;
    let now = state.auth.now();
    let write = ActionWrite {
        title: &checked.title,
        owner: &checked.owner,
        due_date: &checked.due_date,
        status: checked.status.code(),
        evidence_url: checked.evidence_url.as_deref(),
    };
    let stamp = Stamp { actor, now: &now };
    Ok(PolicyStore::new(&state.database).put_action(&government.id, action_id, create, &write, stamp).await?)
}

/// `PUT /policy/units/{unit_code}/assessment` `{"values":{"SS_TUJUAN":"mapan",…}}`: the whole
/// assessment (an indicator left out is cleared). Every value is checked with the engine first
/// (all problems at once, nothing stored); then the values are written as entries of the
/// `sistem-kerja` period with `Database::import_values` — one transaction that locks the period,
/// compares with the values stored then, versions and audits each changed entry and recomputes
/// the official results: all or nothing, the last of two concurrent writes wins entirely — and
/// the government's official result is answered.
pub async fn put_assessment(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(unit_code): ApiPath<String>,
    JsonText(body): JsonText,
) -> Result<Response, ApiError> {
    let (government, actor) = writable_government(&state, &principal, &unit_code).await?;
    let input: AssessmentInput = parse_body(&body)?;
    let period = super::period::ensure(&state.database, &state.now()).await?;
    if !crate::storage::is_open(period.state) {
        return Err(period_locked(&period));
    }
    let document = bound_rubric(&state, &period, &government).await?;
    let checker = scoring::ValueChecker::new(&document)?;
    let mut problems = Vec::new();
    let mut values = BTreeMap::new();
    for (code, value) in &input.values {
        let field = format!("values.{code}");
        if !checker.has_indicator(code) {
            problems.push(Problem::new(
                "unknown_indicator",
                format!("Indikator `{code}` tidak ada dalam rubrik."),
                Some(field),
            ));
            continue;
        }
        match checker.check_json(code, value.get()) {
            Ok(canonical) => {
                values.insert(code.clone(), canonical);
            }
            Err(mut problem) => {
                problem.field = Some(field);
                problems.push(problem);
            }
        }
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    // The whole assessment in one transaction that locks the period first and compares with the
    // values stored at that moment: concurrent writes apply one after the other, each entirely
    // (an indicator left out is cleared), and a refused write changes nothing.
    let writes: Vec<ImportValue> = checker
        .indicator_codes()
        .into_iter()
        .map(|code| ImportValue {
            unit_id: government.id.clone(),
            value_json: values.remove(&code).unwrap_or_else(|| "null".to_owned()),
            indicator_code: code,
        })
        .collect();
    let may_edit_verified = principal.user().is_some_and(|user| user.role == Role::Admin);
    let outcome = state
        .database
        .import_values(
            &period.id,
            &government.population,
            &writes,
            &actor,
            ASSESSMENT_REASON,
            may_edit_verified,
            &state.now(),
        )
        .await?;
    match outcome {
        ImportOutcome::Done(_) => {}
        ImportOutcome::Locked { state } => return Err(period_locked(&PeriodRow { state, ..period })),
        ImportOutcome::Verified(verified) => {
            let codes: Vec<&str> = verified.iter().map(|(_, code)| code.as_str()).collect();
            return Err(ApiError::BadRequest {
                status: StatusCode::CONFLICT,
                code: "entry_verified",
                message: format!(
                    "Nilai {} sudah diverifikasi; hanya administrator yang dapat mengubahnya. Tidak ada yang disimpan.",
                    codes.join(", ")
                ),
            });
        }
    }
    let view = assessment_view(&state, &period, &government).await?;
    Ok(Json(serde_json::json!({"period": period_ref(&period), "assessment": view})).into_response())
}

/// The `entry_audit.reason` of Van Meter & Van Horn values written by the monitor.
const ASSESSMENT_REASON: &str = "sistem kerja";

fn period_ref(period: &PeriodRow) -> PeriodRef {
    PeriodRef { id: period.id.clone(), label: period.label(), state: period.state.code().to_owned() }
}

fn period_locked(period: &PeriodRow) -> ApiError {
    ApiError::BadRequest {
        status: StatusCode::CONFLICT,
        code: "period_locked",
        message: format!(
            "Periode {} tidak terbuka (status: {}); penilaian Van Meter & Van Horn tidak dapat diubah.",
            period.label(),
            period.state
        ),
    }
}

/// The rubric document bound to the government's population in `period` (the shipped one when
/// that population is not bound).
async fn bound_rubric(state: &AppState, period: &PeriodRow, government: &GovernmentRow) -> Result<String, ApiError> {
    let Some(version_id) = state.database.period_rubric(&period.id, &government.population).await? else {
        return Ok(model::RUBRIC_DOCUMENT.to_owned());
    };
    let version = state
        .database
        .rubric_version(&version_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("rubric {version_id} is missing"))?;
    Ok(version.document)
}

/// A government's stored values and official result in `period`; `None` when it has no value.
async fn assessment_view(
    state: &AppState,
    period: &PeriodRow,
    government: &GovernmentRow,
) -> Result<Option<AssessmentView>, ApiError> {
    let entries: Vec<_> = state
        .database
        .entries(&period.id, &government.id)
        .await?
        .into_iter()
        .filter(|entry| entry.value_json != "null")
        .collect();
    let Some(latest) = entries.iter().max_by(|a, b| a.updated_at.cmp(&b.updated_at)).cloned() else { return Ok(None) };
    let Some(result) = state.database.unit_result(&period.id, &government.id).await? else { return Ok(None) };
    let values = format!(
        "{{{}}}",
        entries
            .iter()
            .map(|entry| format!("{}:{}", serde_json::Value::from(entry.indicator_code.as_str()), entry.value_json))
            .collect::<Vec<_>>()
            .join(",")
    );
    Ok(Some(AssessmentView {
        rubric_version_id: result.rubric_version_id,
        values: raw(values)?,
        total: result.total,
        grade: result.grade,
        complete: result.complete,
        rank: result.rank,
        result: raw(result.result_json)?,
        updated_at: latest.updated_at,
        updated_by: latest.updated_by,
    }))
}

/// `PUT /policy/publication`: administrators open (or close) the monitor to the public.
pub async fn set_publication(
    State(state): State<AppState>,
    principal: Principal,
    JsonText(body): JsonText,
) -> Result<Response, ApiError> {
    let user = require_role(&principal, &[Role::Admin])?;
    let input: PublicationInput = parse_body(&body)?;
    let now = state.auth.now();
    PolicyStore::new(&state.database)
        .set_published(input.published, Stamp { actor: &user.username, now: &now })
        .await?;
    Ok(Json(serde_json::json!({"published": input.published})).into_response())
}

/// The roll-up, computed from every government's stages and actions on the server's today.
///
/// # Errors
/// A malformed `stall_days`, or storage failing.
pub async fn compute_rollup(state: &AppState, stall_days: Option<&str>) -> Result<Rollup, ApiError> {
    let catalog = model::stages();
    let stall_days = match stall_days.map(str::trim).filter(|text| !text.is_empty()) {
        None => catalog.stall_days_default,
        Some(text) => text.parse::<i64>().ok().filter(|days| (1..=3650).contains(days)).ok_or_else(|| {
            invalid("invalid_stall_days", "stall_days harus bilangan bulat 1–3650 (hari).", "stall_days")
        })?,
    };
    let store = PolicyStore::new(&state.database);
    let governments = store.governments().await?;
    let stages = store.stages(None).await?;
    let actions = store.actions(None).await?;
    let today = today(state);
    let today_day = Day::parse(&today).ok_or_else(|| anyhow::anyhow!("today {today} is a day"))?;
    // The governments' official Van Meter & Van Horn results in the current period.
    let mut vmvh: HashMap<String, (String, String)> = HashMap::new();
    if let Some(period) = super::period::current(&state.database).await? {
        for population in GOVERNMENT_POPULATIONS {
            if state.database.period_rubric(&period.id, population).await?.is_some() {
                // Only governments with a value: the others are ranked too, at 0.
                let assessed: std::collections::HashSet<String> = state
                    .database
                    .population_entries(&period.id, population)
                    .await?
                    .into_iter()
                    .filter(|entry| entry.value_json != "null")
                    .map(|entry| entry.unit_code)
                    .collect();
                for row in state.database.results(&period.id, population).await? {
                    if assessed.contains(&row.unit_code) {
                        vmvh.insert(row.unit_code, (row.total, row.grade));
                    }
                }
            }
        }
    }
    let mut progress = Vec::with_capacity(governments.len());
    let mut overdue_actions = Vec::new();
    let mut lines = Vec::with_capacity(governments.len());
    for government in &governments {
        let own_stages: Vec<&StageRow> = stages.iter().filter(|row| row.unit_id == government.id).collect();
        let own_actions: Vec<&ActionRow> = actions.iter().filter(|row| row.unit_id == government.id).collect();
        let statuses = catalog
            .stages
            .iter()
            .map(|stage| {
                own_stages
                    .iter()
                    .find(|row| row.stage_code == stage.code)
                    .and_then(|row| StageStatus::parse(&row.status))
                    .unwrap_or(StageStatus::Belum)
            })
            .collect();
        let last_change = own_stages
            .iter()
            .map(|row| &row.updated_at)
            .chain(own_actions.iter().map(|row| &row.updated_at))
            .max()
            .cloned();
        let item = GovernmentProgress {
            code: government.code.clone(),
            name: government.name.clone(),
            population: government.population.clone(),
            statuses,
            last_change,
        };
        let mut n_overdue = 0;
        for action in own_actions.iter().filter(|action| model::is_overdue(&action.status, &action.due_date, &today)) {
            n_overdue += 1;
            overdue_actions.push(OverdueAction {
                unit_code: government.code.clone(),
                unit_name: government.name.clone(),
                id: action.id.clone(),
                title: action.title.clone(),
                owner: action.owner.clone(),
                due_date: action.due_date.clone(),
                days_overdue: Day::parse(&action.due_date).map_or(0, |due| due.days_until(today_day)),
            });
        }
        let assessment = vmvh.get(&government.code);
        lines.push(GovernmentLine {
            code: item.code.clone(),
            name: item.name.clone(),
            population: item.population.clone(),
            statuses: item.statuses.iter().map(|status| status.code().to_owned()).collect(),
            reached: item.reached(),
            last_change: item.last_change.clone(),
            days_since_change: item.days_since_change(today_day),
            stalled: item.is_stalled(today_day, stall_days),
            overdue_actions: n_overdue,
            vmvh_total: assessment.map(|(total, _)| total.clone()),
            vmvh_grade: assessment.map(|(_, grade)| grade.clone()),
        });
        progress.push(item);
    }
    overdue_actions.sort_by(|a, b| b.days_overdue.cmp(&a.days_overdue).then_with(|| a.unit_name.cmp(&b.unit_name)));
    let counts = model::stage_counts(&progress, catalog.stages.len());
    let n_governments = governments.len();
    Ok(Rollup {
        demo: is_demo(&store).await?,
        published: store.published().await?,
        stall_days,
        n_governments,
        stages: catalog
            .stages
            .iter()
            .zip(counts)
            .map(|(stage, (done, in_progress))| StageSummary {
                code: stage.code.clone(),
                name: stage.name.clone(),
                name_en: stage.name_en.clone(),
                short: stage.short.clone(),
                done,
                in_progress,
                not_started: n_governments - done - in_progress,
                percent_done: model::percent_text(done, n_governments),
            })
            .collect(),
        governments: lines,
        overdue_actions,
        today,
    })
}

/// `GET /policy/rollup?stall_days=60`.
pub async fn rollup(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<RollupQuery>,
) -> Result<Json<Rollup>, ApiError> {
    require_read(&PolicyStore::new(&state.database), &principal).await?;
    Ok(Json(compute_rollup(&state, query.stall_days.as_deref()).await?))
}

/// `GET /policy/rollup.xlsx?stall_days=60`: the same roll-up as a workbook.
pub async fn rollup_xlsx(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<RollupQuery>,
) -> Result<Response, ApiError> {
    require_read(&PolicyStore::new(&state.database), &principal).await?;
    let rollup = compute_rollup(&state, query.stall_days.as_deref()).await?;
    let bytes =
        super::xlsx::rollup_workbook(&rollup).map_err(|error| anyhow::anyhow!("cannot write the workbook: {error}"))?;
    let file_name = format!("sistem-kerja-{}.xlsx", rollup.today);
    Ok((
        [
            (header::CONTENT_TYPE, crate::results::XLSX_CONTENT_TYPE.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
        ],
        bytes,
    )
        .into_response())
}
