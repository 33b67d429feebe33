//! The `/api/v1/policy/*` handlers. Access: the gate applies the coarse rule of
//! `crate::openapi::OPERATIONS`; here, reads by anonymous callers (and API tokens) answer 404
//! unless an administrator published the monitor, and writes need `require_unit_access` (the
//! government's own unit admin, or an administrator).

use std::collections::{BTreeMap, HashMap};

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use contract::json::RawJson;
use contract::policy::{
    ActionCancel, ActionView, AgencyElement, AgencyView, AssessmentInput, AssessmentWritten, Checkpoint,
    ElementDefinition, ElementInput, ElementSummary, GovernmentLine, GovernmentRef, GradeLabel, GuidelineInput,
    GuidelineItemDefinition, GuidelineItemView, GuidelineView, OverdueAction, PlanInput, PlanStatus, PolicyAssessment,
    PolicyChange, PolicyChecklist, PolicyDefinitions, PolicyHistory, PolicyPeriodRef, PolicyPublication, PolicyRollup,
    PolicyRubric, PolicyRubricIndicator, PolicyRubricSpirit, ProposalDecision, ProposalInput, ProposalStatus,
    StageDefinition, StageSummary, StageView, TargetProposal,
};
use serde::Deserialize;

use super::model::{self, ActionStatus, ActorRole, Day, GovernmentProgress, StageStatus};
use super::storage::{
    ActionOutcome, ActionRow, ActionWrite, AgencyRow, CheckpointRow, DecisionOutcome, ElementRow, ElementWrite,
    GOVERNMENT_POPULATIONS, GovernmentRow, GuidelineRow, PlanWrite, PolicyStore, ProposalRow, StageOutcome, StageRow,
    StageWrite, Stamp, TargetRow,
};
use crate::auth::{Principal, Role, require_role, require_unit_access, require_user};
// `parse_request` is called only after the caller was authorised, so that a stranger learns nothing
// from a validation error.
use crate::entries::{EvidenceView, evidence_view};
use crate::error::{ApiError, Problem};
use crate::http::{
    ApiPath, ApiQuery, JsonText, UploadedFile, key_reused, optional_idempotency, parse_request, read_evidence_upload,
    replayed,
};
use crate::results::scoring;
use crate::startup::AppState;
use crate::storage::{EvidenceMeta, EvidenceOutcome, ImportOutcome, ImportValue, NewEvidence, PeriodKind, PeriodRow};

/// The roll-up's query.
#[derive(Deserialize)]
pub struct RollupQuery {
    pub stall_days: Option<String>,
}

/// The grade names of a rubric document, best first: its own `grade_labels` when it names them,
/// else CETTAR's (the engine's defaults).
pub fn grade_labels(document: &str) -> Vec<GradeLabel> {
    let rubric = engine::Rubric::parse_json(document).ok();
    engine::Grade::ALL
        .iter()
        .map(|grade| GradeLabel {
            grade: grade.letter().to_owned(),
            label: rubric.as_ref().map_or(grade.category(), |rubric| rubric.grade_label(*grade)).to_owned(),
            min_total: grade.threshold().to_string(),
        })
        .collect()
}

/// The rubric's name for the grade letter `grade` (the letter itself when unknown).
fn grade_label_of(labels: &[GradeLabel], grade: &str) -> String {
    labels.iter().find(|label| label.grade == grade).map_or_else(|| grade.to_owned(), |label| label.label.clone())
}

/// A rubric document's indicators and labels, as the checklist form needs them.
fn rubric_view(document: &str) -> PolicyRubric {
    let grades = grade_labels(document);
    let document: serde_json::Value = serde_json::from_str(document).unwrap_or_default();
    let text = |value: &serde_json::Value| value.as_str().unwrap_or_default().to_owned();
    let list = |key: &str| document[key].as_array().cloned().unwrap_or_default();
    PolicyRubric {
        id: text(&document["id"]),
        name: text(&document["name"]),
        description: text(&document["description"]),
        spirits: list("spirits")
            .iter()
            .map(|spirit| PolicyRubricSpirit { code: text(&spirit["code"]), name: text(&spirit["name"]) })
            .collect(),
        indicators: list("indicators")
            .iter()
            .map(|indicator| PolicyRubricIndicator {
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
        grades,
    }
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
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

fn conflict(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::BadRequest { status: StatusCode::CONFLICT, code, message: message.into() }
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

/// The government of a government-scoped write: its own unit admin or an administrator (403 for
/// anyone else, before anything is read).
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

/// The government of a plan write or decision: administrators (the provincial coordinator) only.
async fn planned_government(
    state: &AppState,
    principal: &Principal,
    unit_code: &str,
) -> Result<(GovernmentRow, String), ApiError> {
    let user = require_role(principal, &[Role::Admin])?;
    let government =
        PolicyStore::new(&state.database).government(unit_code).await?.ok_or_else(|| unknown_government(unit_code))?;
    Ok((government, user.username.clone()))
}

/// The recorded status of each stage, in catalog order.
fn stage_statuses(rows: &[&StageRow]) -> Vec<StageStatus> {
    model::stages()
        .stages
        .iter()
        .map(|stage| {
            rows.iter()
                .find(|row| row.stage_code == stage.code)
                .and_then(|row| StageStatus::parse(&row.status))
                .unwrap_or(StageStatus::NotStarted)
        })
        .collect()
}

/// The target of each stage, in catalog order.
fn stage_targets(rows: &[&TargetRow]) -> Vec<Option<String>> {
    model::stages()
        .stages
        .iter()
        .map(|stage| rows.iter().find(|row| row.stage_code == stage.code).map(|row| row.target_date.clone()))
        .collect()
}

fn stage_views(
    rows: &[StageRow],
    targets: &[TargetRow],
    files: &mut HashMap<String, Vec<EvidenceView>>,
    today: &str,
) -> Vec<StageView> {
    let statuses = stage_statuses(&rows.iter().collect::<Vec<_>>());
    let targets = stage_targets(&targets.iter().collect::<Vec<_>>());
    let reached = statuses.iter().take_while(|status| **status == StageStatus::Done).count();
    model::stages()
        .stages
        .iter()
        .enumerate()
        .map(|(index, stage)| {
            let row = rows.iter().find(|row| row.stage_code == stage.code);
            let status = statuses[index];
            let target = targets[index].clone();
            StageView {
                code: stage.code.clone(),
                name: stage.name.clone(),
                name_en: stage.name_en.clone(),
                short: stage.short.clone(),
                needs_reference: stage.needs_reference,
                hint: stage.hint.clone(),
                status,
                plan_status: model::plan_status(status, target.as_deref(), today),
                days_late: model::days_late(status, target.as_deref(), today),
                target_date: target,
                out_of_order: status == StageStatus::Done && index > reached,
                order_reason: row.and_then(|row| row.order_reason.clone()),
                date: row.and_then(|row| row.stage_date.clone()),
                reference: row.and_then(|row| row.reference.clone()),
                note: row.and_then(|row| row.note.clone()),
                evidence_url: row.and_then(|row| row.evidence_url.clone()),
                files: files.remove(&stage_subject(&stage.code)).unwrap_or_default(),
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

fn action_subject(action_id: &str) -> String {
    format!("ACTION:{action_id}")
}

fn element_subject(agency_code: &str, element_code: &str) -> String {
    format!("AGENCY:{agency_code}:{element_code}")
}

/// A government's evidence files by subject (`STAGE:<code>`, `ACTION:<id>`,
/// `AGENCY:<agency>:<element>`), from every `sistem-kerja` period (the file store is keyed to a
/// period; the monitor's records are not).
async fn government_files(
    state: &AppState,
    government: &GovernmentRow,
) -> Result<HashMap<String, Vec<EvidenceView>>, ApiError> {
    let mut files: HashMap<String, Vec<EvidenceView>> = HashMap::new();
    for period in
        state.database.periods(None).await?.iter().filter(|period| period.kind == PeriodKind::SistemKerja.code())
    {
        for meta in state.database.population_evidence(&period.id, &government.population).await? {
            if meta.unit_code == government.code && meta.indicator_code.contains(':') {
                files.entry(meta.indicator_code.clone()).or_default().push(evidence_view(&meta));
            }
        }
    }
    Ok(files)
}

fn stored_action_status(row: &ActionRow) -> ActionStatus {
    if row.cancel_reason.is_some() {
        ActionStatus::Cancelled
    } else {
        ActionStatus::parse(&row.status).unwrap_or(ActionStatus::Planned)
    }
}

fn action_view(row: ActionRow, today: &str, files: &mut HashMap<String, Vec<EvidenceView>>) -> ActionView {
    let status = stored_action_status(&row);
    ActionView {
        effective_status: model::effective_action_status(status, &row.due_date, today),
        overdue: model::is_overdue(status, &row.due_date, today),
        files: files.remove(&action_subject(&row.id)).unwrap_or_default(),
        owner_role: ActorRole::parse(&row.owner_role).unwrap_or(ActorRole::Other),
        id: row.id,
        title: row.title,
        owner: row.owner,
        due_date: row.due_date,
        status,
        stage_code: row.stage_code,
        variable_code: row.variable_code,
        evidence_url: row.evidence_url,
        cancel_reason: row.cancel_reason,
        version: row.version,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
    }
}

fn proposal_view(row: ProposalRow) -> TargetProposal {
    TargetProposal {
        status: ProposalStatus::parse(&row.status).unwrap_or(ProposalStatus::Proposed),
        id: row.id,
        stage_code: row.stage_code,
        current_target: row.current_target,
        proposed_date: row.proposed_date,
        reason: row.reason,
        proposed_by: row.proposed_by,
        proposed_at: row.proposed_at,
        decided_by: row.decided_by,
        decided_at: row.decided_at,
        decision_note: row.decision_note,
    }
}

fn element_view(code: &str, row: Option<&ElementRow>, files: Vec<EvidenceView>) -> AgencyElement {
    AgencyElement {
        code: code.to_owned(),
        status: row.and_then(|row| StageStatus::parse(&row.status)).unwrap_or(StageStatus::NotStarted),
        note: row.and_then(|row| row.note.clone()),
        evidence_url: row.and_then(|row| row.evidence_url.clone()),
        files,
        version: row.map_or(0, |row| row.version),
        updated_at: row.map(|row| row.updated_at.clone()),
        updated_by: row.map(|row| row.updated_by.clone()),
    }
}

fn agency_views(
    agencies: &[AgencyRow],
    elements: &[ElementRow],
    files: &mut HashMap<String, Vec<EvidenceView>>,
) -> Vec<AgencyView> {
    agencies
        .iter()
        .map(|agency| {
            let elements: Vec<AgencyElement> = model::elements()
                .elements
                .iter()
                .map(|element| {
                    let row =
                        elements.iter().find(|row| row.agency_id == agency.id && row.element_code == element.code);
                    let files = files.remove(&element_subject(&agency.code, &element.code)).unwrap_or_default();
                    element_view(&element.code, row, files)
                })
                .collect();
            AgencyView {
                code: agency.code.clone(),
                name: agency.name.clone(),
                n_done: count(elements.iter().filter(|element| element.status == StageStatus::Done).count()),
                elements,
            }
        })
        .collect()
}

/// The agencies' element rows by `(agency id, element code)`.
type ElementIndex<'a> = HashMap<(&'a str, &'a str), &'a ElementRow>;

fn element_index(elements: &[ElementRow]) -> ElementIndex<'_> {
    elements.iter().map(|row| ((row.agency_id.as_str(), row.element_code.as_str()), row)).collect()
}

/// Every element over `agencies` (statuses read from `elements`; no row is "belum").
fn element_summaries(agencies: &[AgencyRow], elements: &ElementIndex<'_>) -> Vec<ElementSummary> {
    model::elements()
        .elements
        .iter()
        .map(|element| {
            let statuses: Vec<StageStatus> = agencies
                .iter()
                .map(|agency| {
                    elements
                        .get(&(agency.id.as_str(), element.code.as_str()))
                        .and_then(|row| StageStatus::parse(&row.status))
                        .unwrap_or(StageStatus::NotStarted)
                })
                .collect();
            let (done, in_progress, not_started) = model::element_counts(&statuses);
            ElementSummary {
                code: element.code.clone(),
                name: element.name.clone(),
                name_en: element.name_en.clone(),
                n_agencies: count(agencies.len()),
                done: count(done),
                in_progress: count(in_progress),
                not_started: count(not_started),
                percent_done: model::percent_text(done, agencies.len()),
            }
        })
        .collect()
}

fn guideline_view(row: Option<GuidelineRow>) -> GuidelineView {
    let checked: Vec<String> =
        row.as_ref().and_then(|row| serde_json::from_str(&row.checked_json).ok()).unwrap_or_default();
    let items: Vec<GuidelineItemView> = model::guideline_items()
        .items
        .iter()
        .map(|item| GuidelineItemView {
            code: item.code.clone(),
            text: item.text.clone(),
            text_en: item.text_en.clone(),
            checked: checked.contains(&item.code),
        })
        .collect();
    GuidelineView {
        n_checked: count(items.iter().filter(|item| item.checked).count()),
        items,
        regulation_number: row.as_ref().and_then(|row| row.regulation_number.clone()),
        regulation_date: row.as_ref().and_then(|row| row.regulation_date.clone()),
        updated_at: row.as_ref().map(|row| row.updated_at.clone()),
        updated_by: row.map(|row| row.updated_by),
    }
}

/// `GET /policy/stages`: the definitions, the rubric summary, and whether the roll-up is
/// published (so that an anonymous page asks for it only when it may see it).
pub async fn definitions(State(state): State<AppState>) -> Result<Json<PolicyDefinitions>, ApiError> {
    let published = PolicyStore::new(&state.database).published().await?;
    let catalog = model::stages();
    Ok(Json(PolicyDefinitions {
        published,
        id: catalog.id.clone(),
        name: catalog.name.clone(),
        name_en: catalog.name_en.clone(),
        description: catalog.description.clone(),
        stall_days_default: catalog.stall_days_default,
        stages: catalog
            .stages
            .iter()
            .map(|stage| StageDefinition {
                code: stage.code.clone(),
                name: stage.name.clone(),
                name_en: stage.name_en.clone(),
                short: stage.short.clone(),
                needs_reference: stage.needs_reference,
                hint: stage.hint.clone(),
            })
            .collect(),
        elements: model::elements()
            .elements
            .iter()
            .map(|element| ElementDefinition {
                code: element.code.clone(),
                name: element.name.clone(),
                name_en: element.name_en.clone(),
                hint: element.hint.clone(),
            })
            .collect(),
        guideline_items: model::guideline_items()
            .items
            .iter()
            .map(|item| GuidelineItemDefinition {
                code: item.code.clone(),
                text: item.text.clone(),
                text_en: item.text_en.clone(),
            })
            .collect(),
        actor_roles: ActorRole::ALL.to_vec(),
        rubric: rubric_view(model::RUBRIC_DOCUMENT),
    }))
}

/// One government's checklist as `principal` may see it.
async fn build_checklist(
    state: &AppState,
    principal: &Principal,
    government: GovernmentRow,
    published: bool,
) -> Result<PolicyChecklist, ApiError> {
    let store = PolicyStore::new(&state.database);
    let today = today(state);
    let stages = store.stages(Some(&government.id)).await?;
    let targets = store.targets(Some(&government.id)).await?;
    let actions = store.actions(Some(&government.id)).await?;
    let agencies = store.agencies(Some(&government.id)).await?;
    let elements = store.elements(Some(&government.id)).await?;
    // Evidence files are for signed-in readers only, never the public (as for entries).
    let mut files =
        if require_user(principal).is_ok() { government_files(state, &government).await? } else { HashMap::new() };
    let period = super::period::current(&state.database).await?;
    let (rubric, assessment) = match &period {
        Some(period) => {
            let document = bound_rubric(state, period, &government).await?;
            (rubric_view(&document), assessment_view(state, period, &government).await?)
        }
        None => (rubric_view(model::RUBRIC_DOCUMENT), None),
    };
    let stage_list = stage_views(&stages, &targets, &mut files, &today);
    let current_stage =
        stage_list.iter().find(|stage| stage.status != StageStatus::Done).map(|stage| stage.code.clone());
    let done: Vec<&str> =
        stage_list.iter().filter(|stage| stage.status == StageStatus::Done).map(|stage| stage.code.as_str()).collect();
    let checkpoints = store
        .checkpoints(&government.id)
        .await?
        .into_iter()
        .map(|row| {
            let met = done.contains(&row.stage_code.as_str());
            Checkpoint {
                late: !met && row.checkpoint_date.as_str() < today.as_str(),
                met,
                stage_code: row.stage_code,
                date: row.checkpoint_date,
                title: row.title,
            }
        })
        .collect();
    Ok(PolicyChecklist {
        may_edit: require_unit_access(principal, &government.code).is_ok(),
        may_plan: require_role(principal, &[Role::Admin]).is_ok(),
        demo: is_demo(&store).await?,
        published,
        current_stage,
        checkpoints,
        proposals: store.proposals(&government.id).await?.into_iter().map(proposal_view).collect(),
        elements: element_summaries(&agencies, &element_index(&elements)),
        agencies: agency_views(&agencies, &elements, &mut files),
        guideline: guideline_view(store.guideline(&government.id).await?),
        actions: actions.into_iter().map(|row| action_view(row, &today, &mut files)).collect(),
        stages: stage_list,
        rubric,
        period: period.as_ref().map(period_ref),
        assessment,
        unit: GovernmentRef { code: government.code, name: government.name, population: government.population },
        today,
    })
}

/// `GET /policy/units/{unit_code}`.
pub async fn checklist(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(unit_code): ApiPath<String>,
) -> Result<Json<PolicyChecklist>, ApiError> {
    let store = PolicyStore::new(&state.database);
    let published = require_read(&store, &principal).await?;
    let government = store.government(&unit_code).await?.ok_or_else(|| unknown_government(&unit_code))?;
    Ok(Json(build_checklist(&state, &principal, government, published).await?))
}

/// Stored JSON text as it is (`null` when absent or not JSON).
fn stored_json(text: Option<String>) -> Option<RawJson> {
    text.filter(|text| serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()).map(RawJson)
}

/// `GET /policy/units/{unit_code}/history`: every audited change of the government, newest
/// first — its stages, actions, plan, proposals, agencies' elements and guideline (`STAGE:<code>`,
/// `ACTION:<id>`, `PLAN`, `PROPOSAL:<id>`, `AGENCY:<agency>:<element>`, `GUIDELINE`) and its Van
/// Meter & Van Horn values, read from the entry audit of the `sistem-kerja` periods
/// (`VMVH:<indicator>`, with `period`).
pub async fn history(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(unit_code): ApiPath<String>,
) -> Result<Json<PolicyHistory>, ApiError> {
    require_user(&principal)?;
    let store = PolicyStore::new(&state.database);
    let government = store.government(&unit_code).await?.ok_or_else(|| unknown_government(&unit_code))?;
    let mut changes: Vec<PolicyChange> = store
        .history(&government.id)
        .await?
        .into_iter()
        .map(|change| PolicyChange {
            subject: change.subject,
            period: None,
            old: stored_json(change.old_value_json),
            new: stored_json(change.new_value_json),
            changed_by: change.changed_by,
            changed_at: change.changed_at,
        })
        .collect();
    let periods = state.database.periods(None).await?;
    for period in periods.iter().filter(|period| period.kind == PeriodKind::SistemKerja.code()) {
        // Oldest first: reversed so that equal times stay newest first after the sort.
        for change in state.database.entry_audit(&period.id, &government.id).await?.into_iter().rev() {
            let (old, new) = (stored_json(change.old_value_json), stored_json(change.new_value_json));
            // A whole-assessment write also records "no value" for indicators it leaves empty.
            let empty = |value: &Option<RawJson>| value.as_ref().is_none_or(|value| value.0 == "null");
            if empty(&old) && empty(&new) {
                continue;
            }
            changes.push(PolicyChange {
                subject: format!("VMVH:{}", change.indicator_code),
                period: Some(period.id.clone()),
                old,
                new,
                changed_by: change.changed_by,
                changed_at: change.changed_at,
            });
        }
    }
    // Stable: the policy rows (newest first by audit id) keep their order among equal times.
    changes.sort_by(|a, b| b.changed_at.cmp(&a.changed_at));
    Ok(Json(PolicyHistory { unit: government.code, changes }))
}

/// `PUT /policy/units/{unit_code}/stages/{stage_code}`. Recording a stage done while an earlier
/// one is not needs `confirm_out_of_order` with `order_reason` (else 409 `stage_out_of_order`,
/// nothing stored); the check runs under the government's lock.
pub async fn put_stage(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((unit_code, stage_code)): ApiPath<(String, String)>,
    JsonText(body): JsonText,
) -> Result<Json<StageView>, ApiError> {
    let (government, actor) = writable_government(&state, &principal, &unit_code).await?;
    let catalog = model::stages();
    let position = stage_position(&stage_code)?;
    let input: model::StageInput = parse_request(&body)?;
    let today = today(&state);
    let checked = model::check_stage(&catalog.stages[position], &input, &today).map_err(ApiError::Invalid)?;
    let now = state.auth.now();
    let store = PolicyStore::new(&state.database);
    let earlier: Vec<&str> = catalog.stages[..position].iter().map(|stage| stage.code.as_str()).collect();
    let write = StageWrite {
        unit_id: &government.id,
        stage_code: &stage_code,
        status: checked.status.code(),
        date: checked.date.as_deref(),
        reference: checked.reference.as_deref(),
        note: checked.note.as_deref(),
        evidence_url: checked.evidence_url.as_deref(),
        earlier_stages: &earlier,
        confirm_out_of_order: checked.confirm_out_of_order,
        order_reason: checked.order_reason.as_deref(),
    };
    match store.put_stage(&write, Stamp { actor: &actor, now: &now }).await? {
        StageOutcome::Written(_) => {}
        StageOutcome::OutOfOrder(missing) => {
            let names: Vec<String> = missing
                .iter()
                .filter_map(|code| catalog.stages.iter().find(|stage| &stage.code == code))
                .map(|stage| format!("{} ({})", stage.short, stage.code))
                .collect();
            return Err(conflict(
                "stage_out_of_order",
                format!(
                    "Tahapan sebelumnya belum selesai: {}. Untuk tetap mencatat tahapan ini selesai, konfirmasi \
                     dengan alasan (confirm_out_of_order dan order_reason); tahapan akan ditandai di luar urutan. \
                     Tidak ada yang disimpan.",
                    names.join(", ")
                ),
            ));
        }
    }
    let stages = store.stages(Some(&government.id)).await?;
    let targets = store.targets(Some(&government.id)).await?;
    let mut files = government_files(&state, &government).await?;
    let view = stage_views(&stages, &targets, &mut files, &today)
        .into_iter()
        .nth(position)
        .ok_or_else(|| anyhow::anyhow!("stage view"))?;
    Ok(Json(view))
}

/// The position of a stage in the catalog; 422 `unknown_stage` naming the known ones.
fn stage_position(stage_code: &str) -> Result<usize, ApiError> {
    let catalog = model::stages();
    catalog.position(stage_code).ok_or_else(|| {
        let known: Vec<&str> = catalog.stages.iter().map(|stage| stage.code.as_str()).collect();
        invalid("unknown_stage", format!("Tahapan `{stage_code}` tidak dikenal: {}.", known.join(", ")), "stage_code")
    })
}

/// Stores an evidence file of `subject` for `government` (read and checked like the entries'
/// evidence: ≤ 10 MB, PDF, PNG, JPEG or XLSX by content) in the same store under the current
/// `sistem-kerja` period → 201 `{"evidence":{…}}`. An `Idempotency-Key` makes a repeated upload
/// answer the first response instead of storing the file twice.
async fn store_upload(
    state: &AppState,
    government: GovernmentRow,
    actor: String,
    subject: String,
    request: Request,
) -> Result<Response, ApiError> {
    let headers = request.headers().clone();
    let UploadedFile { file_name, content_type, sha256, content } = read_evidence_upload(request, state).await?;
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
            (StatusCode::CREATED, Json(contract::policy::EvidenceUploaded { evidence: evidence_view(&meta) }))
                .into_response()
        }
        EvidenceOutcome::Duplicate { status, body } => replayed(status, body),
        EvidenceOutcome::KeyReused => key_reused().into_response(),
    })
}

/// `POST /policy/units/{unit_code}/stages/{stage_code}/evidence` (multipart, field `file`), kept
/// with `indicator_code` `STAGE:<code>`.
pub async fn upload_stage_evidence(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((unit_code, stage_code)): ApiPath<(String, String)>,
    request: Request,
) -> Result<Response, ApiError> {
    let (government, actor) = writable_government(&state, &principal, &unit_code).await?;
    stage_position(&stage_code)?;
    store_upload(&state, government, actor, stage_subject(&stage_code), request).await
}

/// `POST /policy/units/{unit_code}/actions/{action_id}/evidence` (multipart, field `file`).
pub async fn upload_action_evidence(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((unit_code, action_id)): ApiPath<(String, String)>,
    request: Request,
) -> Result<Response, ApiError> {
    let (government, actor) = writable_government(&state, &principal, &unit_code).await?;
    let actions = PolicyStore::new(&state.database).actions(Some(&government.id)).await?;
    if !actions.iter().any(|action| action.id == action_id) {
        return Err(action_not_found());
    }
    store_upload(&state, government, actor, action_subject(&action_id), request).await
}

/// `POST /policy/units/{unit_code}/agencies/{agency_code}/elements/{element_code}/evidence`.
pub async fn upload_element_evidence(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((unit_code, agency_code, element_code)): ApiPath<(String, String, String)>,
    request: Request,
) -> Result<Response, ApiError> {
    let (government, actor) = writable_government(&state, &principal, &unit_code).await?;
    let agency = agency_of(&state, &government, &agency_code).await?;
    element_position(&element_code)?;
    store_upload(&state, government, actor, element_subject(&agency.code, &element_code), request).await
}

fn action_not_found() -> ApiError {
    ApiError::Missing {
        code: "action_not_found",
        message: "Rencana aksi tidak ditemukan pada pemerintah daerah ini.".to_owned(),
    }
}

fn action_cancelled() -> ApiError {
    conflict("action_cancelled", "Rencana aksi ini sudah dibatalkan; aksi yang dibatalkan tidak diubah lagi.")
}

/// The Van Meter & Van Horn variables (spirits) of the shipped rubric.
fn variable_codes() -> Vec<String> {
    rubric_view(model::RUBRIC_DOCUMENT).spirits.into_iter().map(|spirit| spirit.code).collect()
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
    let row = write_action(&state, &government, &actor, &id, true, &body).await?;
    Ok((StatusCode::CREATED, Json(action_view(row, &today(&state), &mut HashMap::new()))).into_response())
}

/// `PUT /policy/units/{unit_code}/actions/{action_id}`.
pub async fn update_action(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((unit_code, action_id)): ApiPath<(String, String)>,
    JsonText(body): JsonText,
) -> Result<Json<ActionView>, ApiError> {
    let (government, actor) = writable_government(&state, &principal, &unit_code).await?;
    let row = write_action(&state, &government, &actor, &action_id, false, &body).await?;
    let mut files = government_files(&state, &government).await?;
    Ok(Json(action_view(row, &today(&state), &mut files)))
}

/// `POST /policy/units/{unit_code}/actions/{action_id}/cancel` `{"reason"}`: the action stays,
/// marked `dibatalkan` with its reason; the audit keeps what it was.
pub async fn cancel_action(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((unit_code, action_id)): ApiPath<(String, String)>,
    JsonText(body): JsonText,
) -> Result<Json<ActionView>, ApiError> {
    let (government, actor) = writable_government(&state, &principal, &unit_code).await?;
    let input: ActionCancel = parse_request(&body)?;
    let reason = model::check_reason(&input.reason, "reason").map_err(ApiError::Invalid)?;
    let now = state.auth.now();
    let outcome = PolicyStore::new(&state.database)
        .cancel_action(&government.id, &action_id, &reason, Stamp { actor: &actor, now: &now })
        .await?;
    let row = match outcome {
        ActionOutcome::Written(row) => *row,
        ActionOutcome::Missing => return Err(action_not_found()),
        ActionOutcome::Cancelled => return Err(action_cancelled()),
    };
    let mut files = government_files(&state, &government).await?;
    Ok(Json(action_view(row, &today(&state), &mut files)))
}

async fn write_action(
    state: &AppState,
    government: &GovernmentRow,
    actor: &str,
    action_id: &str,
    create: bool,
    body: &str,
) -> Result<ActionRow, ApiError> {
    let input: model::ActionInput = parse_request(body)?;
    let checked = model::check_action(&input, &variable_codes()).map_err(ApiError::Invalid)?;
    let now = state.auth.now();
    let write = ActionWrite {
        title: &checked.title,
        owner_role: checked.owner_role.code(),
        owner: &checked.owner,
        due_date: &checked.due_date,
        status: checked.status.code(),
        stage_code: checked.stage_code.as_deref(),
        variable_code: checked.variable_code.as_deref(),
        evidence_url: checked.evidence_url.as_deref(),
    };
    let stamp = Stamp { actor, now: &now };
    match PolicyStore::new(&state.database).put_action(&government.id, action_id, create, &write, stamp).await? {
        ActionOutcome::Written(row) => Ok(*row),
        ActionOutcome::Missing => Err(action_not_found()),
        ActionOutcome::Cancelled => Err(action_cancelled()),
    }
}

/// `PUT /policy/units/{unit_code}/plan` (administrators): target days per stage and the
/// monitoring plan's checkpoints → the government's checklist.
pub async fn put_plan(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(unit_code): ApiPath<String>,
    JsonText(body): JsonText,
) -> Result<Json<PolicyChecklist>, ApiError> {
    let (government, actor) = planned_government(&state, &principal, &unit_code).await?;
    let input: PlanInput = parse_request(&body)?;
    let mut problems = Vec::new();
    let mut targets = Vec::new();
    for (index, target) in input.targets.iter().enumerate() {
        let field = format!("targets[{index}]");
        if model::stages().position(&target.stage_code).is_none() {
            problems.push(unknown_stage_problem(&target.stage_code, &format!("{field}.stage_code")));
        }
        if targets.iter().any(|(code, _)| code == &target.stage_code) {
            problems.push(Problem::new(
                "duplicate_stage",
                format!("Tahapan `{}` disebut lebih dari sekali.", target.stage_code),
                Some(format!("{field}.stage_code")),
            ));
        }
        match model::check_day(target.target_date.as_ref(), &format!("{field}.target_date")) {
            Ok(day) => targets.push((target.stage_code.clone(), day)),
            Err(problem) => problems.push(problem),
        }
    }
    let checkpoints = input.checkpoints.as_ref().map(|list| {
        list.iter()
            .enumerate()
            .filter_map(|(index, checkpoint)| {
                let field = format!("checkpoints[{index}]");
                let mut ok = true;
                if model::stages().position(&checkpoint.stage_code).is_none() {
                    problems.push(unknown_stage_problem(&checkpoint.stage_code, &format!("{field}.stage_code")));
                    ok = false;
                }
                let date = match model::check_day(Some(&checkpoint.date), &format!("{field}.date")) {
                    Ok(Some(date)) => date,
                    Ok(None) | Err(_) => {
                        problems.push(Problem::new(
                            "invalid_date",
                            format!("Tanggal `{}` tidak valid: tulis TTTT-BB-HH.", checkpoint.date),
                            Some(format!("{field}.date")),
                        ));
                        ok = false;
                        String::new()
                    }
                };
                let title = checkpoint.title.trim().to_owned();
                if title.is_empty() || title.chars().count() > 300 {
                    problems.push(Problem::new(
                        "invalid_title",
                        "Nama titik pantau wajib diisi (paling banyak 300 karakter).",
                        Some(format!("{field}.title")),
                    ));
                    ok = false;
                }
                ok.then_some(CheckpointRow { stage_code: checkpoint.stage_code.clone(), checkpoint_date: date, title })
            })
            .collect::<Vec<_>>()
    });
    if checkpoints.as_ref().is_some_and(|list| list.len() > 100) {
        problems.push(Problem::new("too_many", "Paling banyak 100 titik pantau.", Some("checkpoints".to_owned())));
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    let now = state.auth.now();
    PolicyStore::new(&state.database)
        .put_plan(&government.id, &PlanWrite { targets, checkpoints }, Stamp { actor: &actor, now: &now })
        .await?;
    let published = PolicyStore::new(&state.database).published().await?;
    Ok(Json(build_checklist(&state, &principal, government, published).await?))
}

fn unknown_stage_problem(stage_code: &str, field: &str) -> Problem {
    let known: Vec<&str> = model::stages().stages.iter().map(|stage| stage.code.as_str()).collect();
    Problem::new(
        "unknown_stage",
        format!("Tahapan `{stage_code}` tidak dikenal: {}.", known.join(", ")),
        Some(field.to_owned()),
    )
}

/// `POST /policy/units/{unit_code}/proposals` (the government): ask the coordinator to move a
/// stage's target date → 201 the proposal.
pub async fn create_proposal(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(unit_code): ApiPath<String>,
    JsonText(body): JsonText,
) -> Result<Response, ApiError> {
    let (government, actor) = writable_government(&state, &principal, &unit_code).await?;
    let input: ProposalInput = parse_request(&body)?;
    let mut problems = Vec::new();
    if model::stages().position(&input.stage_code).is_none() {
        problems.push(unknown_stage_problem(&input.stage_code, "stage_code"));
    }
    let proposed = match model::check_day(Some(&input.proposed_date), "proposed_date") {
        Ok(Some(day)) => day,
        Ok(None) => {
            problems.push(Problem::new(
                "invalid_date",
                "Tanggal usulan wajib diisi (TTTT-BB-HH).",
                Some("proposed_date".to_owned()),
            ));
            String::new()
        }
        Err(problem) => {
            problems.push(problem);
            String::new()
        }
    };
    let reason = model::check_reason(&input.reason, "reason").unwrap_or_else(|mut found| {
        problems.append(&mut found);
        String::new()
    });
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    let now = state.auth.now();
    let row = ProposalRow {
        id: crate::storage::new_id("prop"),
        unit_id: government.id.clone(),
        stage_code: input.stage_code,
        current_target: None,
        proposed_date: proposed,
        reason,
        status: ProposalStatus::Proposed.code().to_owned(),
        proposed_by: actor.clone(),
        proposed_at: now.clone(),
        decided_by: None,
        decided_at: None,
        decision_note: None,
    };
    let row = PolicyStore::new(&state.database).create_proposal(&row, Stamp { actor: &actor, now: &now }).await?;
    Ok((StatusCode::CREATED, Json(proposal_view(row))).into_response())
}

/// `POST /policy/units/{unit_code}/proposals/{proposal_id}/decision` (administrators): accept
/// (the stage's target becomes the proposed date) or reject.
pub async fn decide_proposal(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((unit_code, proposal_id)): ApiPath<(String, String)>,
    JsonText(body): JsonText,
) -> Result<Json<TargetProposal>, ApiError> {
    let (government, actor) = planned_government(&state, &principal, &unit_code).await?;
    let input: ProposalDecision = parse_request(&body)?;
    let note = input.note.as_deref().map(str::trim).filter(|note| !note.is_empty());
    if note.is_some_and(|note| note.chars().count() > 1000) {
        return Err(invalid("too_long", "Catatan paling banyak 1000 karakter.", "note"));
    }
    let now = state.auth.now();
    let outcome = PolicyStore::new(&state.database)
        .decide_proposal(&government.id, &proposal_id, input.accept, note, Stamp { actor: &actor, now: &now })
        .await?;
    match outcome {
        DecisionOutcome::Decided(row) => Ok(Json(proposal_view(row))),
        DecisionOutcome::Missing => Err(ApiError::Missing {
            code: "proposal_not_found",
            message: "Usulan perubahan target tidak ditemukan pada pemerintah daerah ini.".to_owned(),
        }),
        DecisionOutcome::AlreadyDecided(row) => Err(conflict(
            "proposal_decided",
            format!("Usulan ini sudah diputuskan ({}); tidak ada yang diubah.", row.status),
        )),
    }
}

/// An agency of `government` (404 `agency_not_found` otherwise).
async fn agency_of(state: &AppState, government: &GovernmentRow, agency_code: &str) -> Result<AgencyRow, ApiError> {
    PolicyStore::new(&state.database)
        .agencies(Some(&government.id))
        .await?
        .into_iter()
        .find(|agency| agency.code == agency_code)
        .ok_or_else(|| ApiError::Missing {
            code: "agency_not_found",
            message: format!(
                "Perangkat daerah `{agency_code}` tidak terdaftar di bawah {} (daftarkan unitnya dengan induk {}).",
                government.name, government.code
            ),
        })
}

fn element_position(element_code: &str) -> Result<usize, ApiError> {
    let catalog = model::elements();
    catalog.position(element_code).ok_or_else(|| {
        let known: Vec<&str> = catalog.elements.iter().map(|element| element.code.as_str()).collect();
        invalid(
            "unknown_element",
            format!("Elemen `{element_code}` tidak dikenal: {}.", known.join(", ")),
            "element_code",
        )
    })
}

/// `PUT /policy/units/{unit_code}/agencies/{agency_code}/elements/{element_code}`.
pub async fn put_element(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((unit_code, agency_code, element_code)): ApiPath<(String, String, String)>,
    JsonText(body): JsonText,
) -> Result<Json<AgencyElement>, ApiError> {
    let (government, actor) = writable_government(&state, &principal, &unit_code).await?;
    let agency = agency_of(&state, &government, &agency_code).await?;
    element_position(&element_code)?;
    let input: ElementInput = parse_request(&body)?;
    let checked = model::check_element(&input).map_err(ApiError::Invalid)?;
    let now = state.auth.now();
    let write = ElementWrite {
        government_id: &government.id,
        agency_id: &agency.id,
        agency_code: &agency.code,
        element_code: &element_code,
        status: checked.status.code(),
        note: checked.note.as_deref(),
        evidence_url: checked.evidence_url.as_deref(),
    };
    let row = PolicyStore::new(&state.database).put_element(&write, Stamp { actor: &actor, now: &now }).await?;
    let files = government_files(&state, &government)
        .await?
        .remove(&element_subject(&agency.code, &element_code))
        .unwrap_or_default();
    Ok(Json(element_view(&element_code, Some(&row), files)))
}

/// `PUT /policy/units/{unit_code}/guideline`: the regulation's number and date and the items it
/// contains.
pub async fn put_guideline(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(unit_code): ApiPath<String>,
    JsonText(body): JsonText,
) -> Result<Json<GuidelineView>, ApiError> {
    let (government, actor) = writable_government(&state, &principal, &unit_code).await?;
    let input: GuidelineInput = parse_request(&body)?;
    let mut problems = Vec::new();
    let catalog = model::guideline_items();
    for (index, code) in input.checked.iter().enumerate() {
        if !catalog.items.iter().any(|item| &item.code == code) {
            let known: Vec<&str> = catalog.items.iter().map(|item| item.code.as_str()).collect();
            problems.push(Problem::new(
                "unknown_item",
                format!("Butir pedoman `{code}` tidak dikenal: {}.", known.join(", ")),
                Some(format!("checked[{index}]")),
            ));
        }
    }
    let number = input.regulation_number.as_deref().map(str::trim).filter(|text| !text.is_empty()).map(str::to_owned);
    if number.as_ref().is_some_and(|number| number.chars().count() > 200) {
        problems.push(Problem::new(
            "too_long",
            "Nomor regulasi paling banyak 200 karakter.",
            Some("regulation_number".to_owned()),
        ));
    }
    let date = model::check_day(input.regulation_date.as_ref(), "regulation_date").unwrap_or_else(|problem| {
        problems.push(problem);
        None
    });
    if date.as_deref().is_some_and(|date| date > today(&state).as_str()) {
        problems.push(Problem::new(
            "date_in_future",
            "Tanggal penetapan tidak boleh melewati hari ini.",
            Some("regulation_date".to_owned()),
        ));
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    // In data-file order, each once.
    let checked: Vec<&str> =
        catalog.items.iter().filter(|item| input.checked.contains(&item.code)).map(|item| item.code.as_str()).collect();
    let now = state.auth.now();
    let row = GuidelineRow {
        regulation_number: number,
        regulation_date: date,
        checked_json: serde_json::to_string(&checked).map_err(|error| anyhow::anyhow!("{error}"))?,
        updated_at: now.clone(),
        updated_by: actor.clone(),
    };
    let store = PolicyStore::new(&state.database);
    store.put_guideline(&government.id, &row, Stamp { actor: &actor, now: &now }).await?;
    Ok(Json(guideline_view(store.guideline(&government.id).await?)))
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
    let input: AssessmentInput = parse_request(&body)?;
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
        match checker.check_json(code, &value.0) {
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
    Ok(Json(AssessmentWritten { period: period_ref(&period), assessment: view }).into_response())
}

/// The `entry_audit.reason` of Van Meter & Van Horn values written by the monitor.
const ASSESSMENT_REASON: &str = "sistem kerja";

fn period_ref(period: &PeriodRow) -> PolicyPeriodRef {
    PolicyPeriodRef { id: period.id.clone(), label: period.label(), state: period.state.code().to_owned() }
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
) -> Result<Option<PolicyAssessment>, ApiError> {
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
    let labels = grade_labels(&bound_rubric(state, period, government).await?);
    Ok(Some(PolicyAssessment {
        grade_label: grade_label_of(&labels, &result.grade),
        rubric_version_id: result.rubric_version_id,
        values: RawJson(values),
        total: result.total,
        grade: result.grade,
        complete: result.complete,
        rank: result.rank,
        result: RawJson(result.result_json),
        updated_at: latest.updated_at,
        updated_by: latest.updated_by,
    }))
}

/// `PUT /policy/publication`: administrators open (or close) the monitor to the public.
pub async fn set_publication(
    State(state): State<AppState>,
    principal: Principal,
    JsonText(body): JsonText,
) -> Result<Json<PolicyPublication>, ApiError> {
    let user = require_role(&principal, &[Role::Admin])?;
    let input: PolicyPublication = parse_request(&body)?;
    let now = state.auth.now();
    PolicyStore::new(&state.database)
        .set_published(input.published, Stamp { actor: &user.username, now: &now })
        .await?;
    Ok(Json(PolicyPublication { published: input.published }))
}

/// The roll-up, computed from every government's stages, targets, actions and agencies on the
/// server's today.
///
/// # Errors
/// A malformed `stall_days`, or storage failing.
pub async fn compute_rollup(state: &AppState, stall_days: Option<&str>) -> Result<PolicyRollup, ApiError> {
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
    let targets = store.targets(None).await?;
    let actions = store.actions(None).await?;
    let agencies = store.agencies(None).await?;
    let element_rows = store.elements(None).await?;
    let elements = element_index(&element_rows);
    let today = today(state);
    let today_day = Day::parse(&today).ok_or_else(|| anyhow::anyhow!("today {today} is a day"))?;
    // The governments' official Van Meter & Van Horn results in the current period, with the
    // bound rubric's name of the grade.
    let mut vmvh: HashMap<String, (String, String, String)> = HashMap::new();
    if let Some(period) = super::period::current(&state.database).await? {
        for population in GOVERNMENT_POPULATIONS {
            if let Some(version_id) = state.database.period_rubric(&period.id, population).await? {
                let labels = match state.database.rubric_version(&version_id).await? {
                    Some(version) => grade_labels(&version.document),
                    None => grade_labels(model::RUBRIC_DOCUMENT),
                };
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
                        let label = grade_label_of(&labels, &row.grade);
                        vmvh.insert(row.unit_code, (row.total, row.grade, label));
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
        let own_targets: Vec<&TargetRow> = targets.iter().filter(|row| row.unit_id == government.id).collect();
        let own_actions: Vec<&ActionRow> = actions.iter().filter(|row| row.unit_id == government.id).collect();
        let own_agencies: Vec<AgencyRow> =
            agencies.iter().filter(|agency| agency.parent_id == government.id).cloned().collect();
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
            statuses: stage_statuses(&own_stages),
            targets: stage_targets(&own_targets),
            last_change,
        };
        let mut n_overdue = 0;
        for action in own_actions
            .iter()
            .filter(|action| model::is_overdue(stored_action_status(action), &action.due_date, &today))
        {
            n_overdue += 1;
            overdue_actions.push(OverdueAction {
                unit_code: government.code.clone(),
                unit_name: government.name.clone(),
                id: action.id.clone(),
                title: action.title.clone(),
                owner_role: ActorRole::parse(&action.owner_role).unwrap_or(ActorRole::Other),
                owner: action.owner.clone(),
                due_date: action.due_date.clone(),
                days_overdue: Day::parse(&action.due_date).map_or(0, |due| due.days_until(today_day)),
            });
        }
        let plan_statuses = item.plan_statuses(&today);
        let reached = item.reached();
        let assessment = vmvh.get(&government.code);
        lines.push(GovernmentLine {
            code: item.code.clone(),
            name: item.name.clone(),
            population: item.population.clone(),
            statuses: item.statuses.clone(),
            reached: count(reached),
            current_stage: catalog.stages.get(reached).map(|stage| stage.code.clone()),
            out_of_order: item.out_of_order().into_iter().map(|index| catalog.stages[index].code.clone()).collect(),
            late_stages: plan_statuses
                .iter()
                .enumerate()
                .filter(|(_, status)| **status == PlanStatus::Late)
                .map(|(index, _)| catalog.stages[index].code.clone())
                .collect(),
            plan_statuses,
            last_change: item.last_change.clone(),
            days_since_change: item.days_since_change(today_day),
            stalled: item.is_stalled(today_day, stall_days),
            overdue_actions: n_overdue,
            n_agencies: count(own_agencies.len()),
            agencies_done: element_summaries(&own_agencies, &elements)
                .into_iter()
                .map(|summary| summary.done)
                .collect(),
            vmvh_total: assessment.map(|(total, _, _)| total.clone()),
            vmvh_grade: assessment.map(|(_, grade, _)| grade.clone()),
            vmvh_grade_label: assessment.map(|(_, _, label)| label.clone()),
        });
        progress.push(item);
    }
    overdue_actions.sort_by(|a, b| b.days_overdue.cmp(&a.days_overdue).then_with(|| a.unit_name.cmp(&b.unit_name)));
    let counts = model::stage_counts(&progress, catalog.stages.len(), &today);
    let n_governments = governments.len();
    // Agencies of the listed governments only (an inactive government's agencies are not counted).
    let listed_agencies: Vec<AgencyRow> = agencies
        .iter()
        .filter(|agency| governments.iter().any(|government| government.id == agency.parent_id))
        .cloned()
        .collect();
    Ok(PolicyRollup {
        demo: is_demo(&store).await?,
        published: store.published().await?,
        stall_days,
        n_governments: count(n_governments),
        all_done: count(progress.iter().filter(|item| item.all_done()).count()),
        stages: catalog
            .stages
            .iter()
            .zip(counts)
            .map(|(stage, counts)| StageSummary {
                code: stage.code.clone(),
                name: stage.name.clone(),
                name_en: stage.name_en.clone(),
                short: stage.short.clone(),
                done: count(counts.done),
                done_out_of_order: count(counts.done_out_of_order),
                in_progress: count(counts.in_progress),
                not_started: count(counts.not_started),
                late: count(counts.late),
                currently_here: count(counts.currently_here),
                percent_done: model::percent_text(counts.done, n_governments),
                percent_in_progress: model::percent_text(counts.in_progress, n_governments),
            })
            .collect(),
        elements: element_summaries(&listed_agencies, &elements),
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
) -> Result<Json<PolicyRollup>, ApiError> {
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
