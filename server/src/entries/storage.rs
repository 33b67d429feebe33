//! The write side of assessment data (issue 4): entry changes with versions, idempotency keys and
//! audit; the status workflow; period administration; evidence files; bulk imports.
//!
//! # Consistency
//! Every write to a period's data begins its transaction with a no-op `UPDATE` of the period's
//! row ([`lock_period`]). On PostgreSQL that takes the row lock; on SQLite it takes the database's
//! write lock before anything is read (so a deferred transaction never has to upgrade a stale
//! read snapshot, which SQLite refuses with `SQLITE_BUSY`). Writes to one period are therefore
//! serialised, and a state change (close, publish) cannot interleave with an entry write: an
//! entry is written only while the period it reads as `open` is still open.
//!
//! Official results of every unit touched are re-scored by the engine inside the same
//! transaction, so stored values and stored results never disagree. An entry write or status
//! step re-scores only the units it changed (a unit's result depends on its own values alone;
//! ranks are computed when read); an import re-scores its whole population.

use std::collections::HashMap;

use anyhow::Result;

use crate::error::Problem;
use crate::results::scoring::ValueChecker;
use crate::storage::dispatch::{in_transaction, on_connection};
use crate::storage::{AuditRow, Database, EntryStatus, PeriodRow, PeriodState, RubricVersionRow, UnitRow};

/// One stored entry with its unit (what the entries API shows).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct EntryRecord {
    pub unit_id: String,
    pub unit_code: String,
    pub indicator_code: String,
    /// JSON text: `85`, `"WTP"`, `true`, `null`.
    pub value_json: String,
    #[sqlx(try_from = "String")]
    pub status: EntryStatus,
    pub version: i64,
    pub updated_at: String,
    pub updated_by: String,
    pub note: Option<String>,
    pub recommendation: Option<String>,
    /// An http(s) address of evidence (signed-in readers only).
    pub evidence_link: Option<String>,
}

/// An evidence file's description (never its content).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct EvidenceMeta {
    pub id: String,
    pub period_id: String,
    pub unit_code: String,
    pub indicator_code: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

/// A new evidence file.
#[derive(Clone, Debug)]
pub struct NewEvidence {
    pub period_id: String,
    pub unit_id: String,
    pub indicator_code: String,
    pub file_name: String,
    pub content_type: String,
    pub sha256: String,
    pub content: Vec<u8>,
    pub uploaded_by: String,
}

/// A write that carries a client-generated `Idempotency-Key`: the key and the SHA-256 of the
/// request's canonical form (the same key with another hash is a reuse).
#[derive(Clone, Debug)]
pub struct IdempotentRequest {
    pub key: String,
    pub request_sha256: String,
}

/// The owner's note and recommendation on one entry of a unit.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct UnitNote {
    pub indicator_code: String,
    pub note: Option<String>,
    pub recommendation: Option<String>,
}

/// One audit record of an entry with the note and recommendation the entry had after it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct HistoryRow {
    #[sqlx(flatten)]
    pub audit: AuditRow,
    pub note: Option<String>,
    pub recommendation: Option<String>,
}

/// One change of one entry, as asked (the value is not checked yet).
#[derive(Clone, Debug)]
pub struct ChangeRequest {
    pub unit_code: String,
    pub indicator_code: String,
    /// The raw value as JSON text, exactly as sent.
    pub value_json: String,
    /// The version the client changed; 0 for an entry it believes new.
    pub base_version: i64,
    pub idempotency_key: String,
    /// SHA-256 of the change's canonical form: the same key with another hash is a reuse.
    pub request_sha256: String,
    pub reason: Option<String>,
    /// `None` keeps the stored note; `Some("")` clears it (likewise the other texts).
    pub note: Option<String>,
    pub recommendation: Option<String>,
    pub evidence_link: Option<String>,
    /// Whether the caller may write this indicator (decided by the route from the principal).
    pub allowed: bool,
}

/// What became of one [`ChangeRequest`].
#[derive(Clone, Debug)]
pub enum ChangeOutcome {
    /// Written (version + 1, status `submitted`, audited); the key is recorded with `response`.
    Applied {
        entry: EntryRecord,
        population: String,
    },
    /// The key was used before for the same change: the response recorded then.
    Duplicate {
        status: i64,
        body: String,
    },
    /// The key was used before for another change.
    KeyReused,
    Forbidden,
    /// The period is not open.
    Locked {
        state: PeriodState,
    },
    UnknownUnit,
    /// The value or indicator does not fit the period's rubric (the engine's problem).
    Invalid(Problem),
    /// `base_version` is not the stored version.
    Conflict {
        current: Option<EntryRecord>,
    },
    /// The entry is verified and the caller may not change verified entries.
    Verified {
        current: EntryRecord,
    },
}

/// How the route renders an applied change: `(HTTP status, JSON body)`, recorded with its key.
pub type Renderer<'a> = &'a (dyn Fn(&EntryRecord) -> (i64, String) + Sync);

/// A status-workflow step.
#[derive(Clone, Debug)]
pub enum StatusAction {
    /// Admin: `submitted`/`resolved` → `verified`.
    Verify,
    /// Unit admin: `submitted`/`verified`/`resolved` → `disputed`.
    Dispute,
    /// Owner or admin: `disputed` → `resolved`, optionally with a corrected raw value (JSON text).
    Resolve { value_json: Option<String> },
}

impl StatusAction {
    pub fn new_status(&self) -> EntryStatus {
        match self {
            Self::Verify => EntryStatus::Verified,
            Self::Dispute => EntryStatus::Disputed,
            Self::Resolve { .. } => EntryStatus::Resolved,
        }
    }

    fn allowed_from(&self) -> &'static [EntryStatus] {
        match self {
            Self::Verify => &[EntryStatus::Submitted, EntryStatus::Resolved],
            Self::Dispute => &[EntryStatus::Submitted, EntryStatus::Verified, EntryStatus::Resolved],
            Self::Resolve { .. } => &[EntryStatus::Disputed],
        }
    }
}

#[derive(Clone, Debug)]
pub enum StatusOutcome {
    Done(EntryRecord),
    /// The idempotency key was used before for the same step: the response recorded then.
    Duplicate {
        status: i64,
        body: String,
    },
    /// The idempotency key was used before for another request.
    KeyReused,
    Missing,
    Locked {
        state: PeriodState,
    },
    InvalidTransition {
        current: EntryRecord,
    },
    Conflict {
        current: EntryRecord,
    },
    Invalid(Problem),
}

/// What became of an evidence upload.
#[derive(Clone, Debug)]
pub enum EvidenceOutcome {
    Stored(EvidenceMeta),
    Duplicate { status: i64, body: String },
    KeyReused,
}

/// How the route renders a stored evidence file: `(HTTP status, JSON body)`, recorded with its key.
pub type EvidenceRenderer<'a> = &'a (dyn Fn(&EvidenceMeta) -> (i64, String) + Sync);

#[derive(Clone, Debug)]
pub enum PeriodCreation {
    Created(PeriodRow),
    Exists,
    Invalid(Vec<Problem>),
}

#[derive(Clone, Debug)]
pub enum StateChange {
    Done(PeriodRow),
    Missing,
    Illegal { from: PeriodState },
}

/// One value of an import, already matched and checked.
#[derive(Clone, Debug)]
pub struct ImportValue {
    pub unit_id: String,
    pub indicator_code: String,
    /// Canonical JSON text.
    pub value_json: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
}

#[derive(Clone, Debug)]
pub enum ImportOutcome {
    Done(ImportSummary),
    Locked {
        state: PeriodState,
    },
    /// Verified entries the caller may not change: `(unit_id, indicator_code)`.
    Verified(Vec<(String, String)>),
}

/// Whether a period in `state` takes entry writes.
pub fn is_open(state: PeriodState) -> bool {
    state == PeriodState::Open
}

/// The legal period transitions: draft → open → closed → published, and closed → open (reopen).
pub fn legal_transition(from: PeriodState, to: PeriodState) -> bool {
    use PeriodState::{Closed, Draft, Open, Published};
    matches!((from, to), (Draft, Open) | (Open, Closed) | (Closed, Open) | (Closed, Published))
}

impl Database {
    /// Units of a population (active ones and those with values in `period_id`), by name.
    pub async fn population_units(&self, period_id: &str, population: &str) -> Result<Vec<UnitRow>> {
        on_connection!(self, write, |connection, q| q::population_units(&mut connection, period_id, population).await)
    }

    /// Every entry of a population in a period, by unit name then indicator.
    pub async fn population_entries(&self, period_id: &str, population: &str) -> Result<Vec<EntryRecord>> {
        on_connection!(self, write, |connection, q| q::population_entries(&mut connection, period_id, population).await)
    }

    pub async fn entry(&self, period_id: &str, unit_id: &str, indicator_code: &str) -> Result<Option<EntryRecord>> {
        on_connection!(self, write, |connection, q| q::entry(&mut connection, period_id, unit_id, indicator_code).await)
    }

    /// One entry's audit trail, newest first.
    pub async fn entry_history(&self, period_id: &str, unit_id: &str, indicator_code: &str) -> Result<Vec<HistoryRow>> {
        on_connection!(self, write, |connection, q| q::entry_history(
            &mut connection,
            period_id,
            unit_id,
            indicator_code
        )
        .await)
    }

    /// The notes and recommendations of one unit's entries in a period:
    /// `(indicator code, note, recommendation)` of entries that have either.
    pub async fn unit_notes(&self, period_id: &str, unit_id: &str) -> Result<Vec<UnitNote>> {
        on_connection!(self, write, |connection, q| q::unit_notes(&mut connection, period_id, unit_id).await)
    }

    /// `(population, rubric version)` bound to a period.
    pub async fn period_bindings(&self, period_id: &str) -> Result<Vec<(String, String)>> {
        on_connection!(self, write, |connection, q| q::period_bindings(&mut connection, period_id).await)
    }

    /// Every stored rubric version, newest first.
    pub async fn rubric_versions(&self) -> Result<Vec<RubricVersionRow>> {
        on_connection!(self, write, |connection, q| q::rubric_versions(&mut connection).await)
    }

    /// Applies entry changes in one transaction: each change has its own outcome; the results of
    /// every population with an applied change are recomputed once, at the end.
    ///
    /// # Errors
    /// The database fails (then nothing is changed).
    #[tracing::instrument(skip(self, changes, render), fields(n_changes = changes.len()))]
    pub async fn apply_changes(
        &self,
        period_id: &str,
        actor: &str,
        may_edit_verified: bool,
        changes: &[ChangeRequest],
        render: Renderer<'_>,
        now: &str,
    ) -> Result<Option<Vec<ChangeOutcome>>> {
        in_transaction!(self, write, |transaction, q| q::apply_changes(
            &mut transaction,
            period_id,
            actor,
            may_edit_verified,
            changes,
            render,
            now
        )
        .await)
    }

    /// A status-workflow step on one entry, audited and versioned. With an idempotency key, a
    /// repeated step answers the recorded response (only a step that was done records its key).
    #[allow(clippy::too_many_arguments)]
    #[tracing::instrument(skip(self, render))]
    pub async fn change_status(
        &self,
        period_id: &str,
        unit: &UnitRow,
        indicator_code: &str,
        action: &StatusAction,
        base_version: Option<i64>,
        actor: &str,
        reason: Option<&str>,
        idempotency: Option<&IdempotentRequest>,
        render: Renderer<'_>,
        now: &str,
    ) -> Result<StatusOutcome> {
        in_transaction!(self, write, |transaction, q| q::change_status(
            &mut transaction,
            period_id,
            unit,
            indicator_code,
            action,
            base_version,
            actor,
            reason,
            idempotency,
            render,
            now
        )
        .await)
    }

    #[tracing::instrument(skip(self))]
    pub async fn create_period(
        &self,
        year: i64,
        kind: &str,
        bindings: &[(String, String)],
        actor: &str,
        now: &str,
    ) -> Result<PeriodCreation> {
        in_transaction!(self, write, |transaction, q| q::create_period(
            &mut transaction,
            year,
            kind,
            bindings,
            actor,
            now
        )
        .await)
    }

    /// Moves a period to `new_state` if the transition is legal; audited. Closing and publishing
    /// recompute every bound population.
    #[tracing::instrument(skip(self))]
    pub async fn set_period_state(
        &self,
        period_id: &str,
        new_state: PeriodState,
        actor: &str,
        reason: Option<&str>,
        now: &str,
    ) -> Result<StateChange> {
        in_transaction!(self, write, |transaction, q| q::set_period_state(
            &mut transaction,
            period_id,
            new_state,
            actor,
            reason,
            now
        )
        .await)
    }

    /// Stores an evidence file; with an idempotency key, a repeated upload answers the recorded
    /// response instead of storing the file twice.
    #[tracing::instrument(skip(self, evidence, render), fields(size = evidence.content.len()))]
    pub async fn store_evidence(
        &self,
        evidence: &NewEvidence,
        idempotency: Option<&IdempotentRequest>,
        render: EvidenceRenderer<'_>,
        now: &str,
    ) -> Result<EvidenceOutcome> {
        in_transaction!(self, write, |transaction, q| q::store_evidence(
            &mut transaction,
            evidence,
            idempotency,
            render,
            now
        )
        .await)
    }

    /// Evidence descriptions of a population's entries in a period.
    pub async fn population_evidence(&self, period_id: &str, population: &str) -> Result<Vec<EvidenceMeta>> {
        on_connection!(self, write, |connection, q| q::population_evidence(&mut connection, period_id, population)
            .await)
    }

    /// One evidence file's description and size in bytes, without its content.
    pub async fn evidence_size(&self, evidence_id: &str) -> Result<Option<(EvidenceMeta, i64)>> {
        on_connection!(self, write, |connection, q| q::evidence_size(&mut connection, evidence_id).await)
    }

    /// Up to `length` bytes of an evidence file from `offset` (0-based): a download is streamed in
    /// such pieces, so it never holds a whole file in memory. Stored files are never changed.
    pub async fn evidence_chunk(&self, evidence_id: &str, offset: i64, length: i32) -> Result<Vec<u8>> {
        on_connection!(self, write, |connection, q| q::evidence_chunk(&mut connection, evidence_id, offset, length)
            .await)
    }

    /// Writes checked import values in one transaction (all or none), audited with `reason`,
    /// then recomputes the population's results in the same transaction.
    #[allow(clippy::too_many_arguments)]
    #[tracing::instrument(skip(self, values), fields(n_values = values.len()))]
    pub async fn import_values(
        &self,
        period_id: &str,
        population: &str,
        values: &[ImportValue],
        actor: &str,
        reason: &str,
        may_edit_verified: bool,
        now: &str,
    ) -> Result<ImportOutcome> {
        in_transaction!(self, write, |transaction, q| q::import_values(
            &mut transaction,
            period_id,
            population,
            values,
            actor,
            reason,
            may_edit_verified,
            now
        )
        .await)
    }
}

/// A batch's view of the database: read up front in a few statements, decided in
/// memory change by change (in request order, as if each were written at once), and
/// written at the end in multi-row statements — the same outcome as one change after
/// the other, without a round trip per change.
#[derive(Default)]
struct BatchState {
    /// Idempotency keys of the actor: key → (request hash, response status, body),
    /// those recorded before and those this batch records.
    keys: HashMap<String, (String, i64, String)>,
    units: HashMap<String, UnitRow>,
    checkers: HashMap<String, Option<ValueChecker>>,
    /// Entries as they stand, by (unit id, indicator); absent: none stored.
    entries: HashMap<(String, String), EntryRecord>,
    /// Applied changes in order: (the entry after, the entry before, the reason).
    writes: Vec<(EntryRecord, Option<EntryRecord>, Option<String>)>,
    /// Keys to record: (key, request hash, response status, body).
    new_keys: Vec<(String, String, i64, String)>,
}

/// One change decided against the batch's state (and applied to it when it is taken).
#[allow(clippy::too_many_arguments)]
fn decide_one(
    period: &PeriodRow,
    actor: &str,
    may_edit_verified: bool,
    change: &ChangeRequest,
    render: Renderer<'_>,
    now: &str,
    state: &mut BatchState,
) -> ChangeOutcome {
    if !change.allowed {
        return ChangeOutcome::Forbidden;
    }
    if let Some((sha256, status, body)) = state.keys.get(&change.idempotency_key) {
        if sha256 != &change.request_sha256 {
            return ChangeOutcome::KeyReused;
        }
        return ChangeOutcome::Duplicate { status: *status, body: body.clone() };
    }
    if !is_open(period.state) {
        return ChangeOutcome::Locked { state: period.state };
    }
    let Some(unit) = state.units.get(&change.unit_code).cloned() else {
        return ChangeOutcome::UnknownUnit;
    };
    let Some(checker) = state.checkers.get(&unit.population).and_then(Option::as_ref) else {
        return ChangeOutcome::Invalid(Problem::new(
            "population_not_in_period",
            format!("{} tidak dinilai pada periode {}.", unit.name, period.label()),
            Some("unit".to_owned()),
        ));
    };
    let value_json = match checker.check_json(&change.indicator_code, &change.value_json) {
        Ok(value_json) => value_json,
        Err(mut problem) => {
            problem.field = Some(if problem.code == "unknown_indicator" { "indicator" } else { "value" }.to_owned());
            return ChangeOutcome::Invalid(problem);
        }
    };
    let cell = (unit.id.clone(), change.indicator_code.clone());
    let current = state.entries.get(&cell).cloned();
    let current_version = current.as_ref().map_or(0, |entry| entry.version);
    if change.base_version != current_version {
        return ChangeOutcome::Conflict { current };
    }
    if let Some(existing) = &current
        && existing.status == EntryStatus::Verified
        && !may_edit_verified
    {
        return ChangeOutcome::Verified { current: existing.clone() };
    }
    let keep_or_set = |given: &Option<String>, stored: Option<&String>| match given {
        Some(text) if text.is_empty() => None,
        Some(text) => Some(text.clone()),
        None => stored.cloned(),
    };
    let updated = EntryRecord {
        unit_id: unit.id.clone(),
        unit_code: unit.code.clone(),
        indicator_code: change.indicator_code.clone(),
        value_json,
        status: EntryStatus::Submitted,
        version: current_version + 1,
        updated_at: now.to_owned(),
        updated_by: actor.to_owned(),
        note: keep_or_set(&change.note, current.as_ref().and_then(|entry| entry.note.as_ref())),
        recommendation: keep_or_set(
            &change.recommendation,
            current.as_ref().and_then(|entry| entry.recommendation.as_ref()),
        ),
        evidence_link: keep_or_set(
            &change.evidence_link,
            current.as_ref().and_then(|entry| entry.evidence_link.as_ref()),
        ),
    };
    let (status, body) = render(&updated);
    state.keys.insert(change.idempotency_key.clone(), (change.request_sha256.clone(), status, body.clone()));
    state.new_keys.push((change.idempotency_key.clone(), change.request_sha256.clone(), status, body));
    state.entries.insert(cell, updated.clone());
    state.writes.push((updated.clone(), current, change.reason.clone()));
    ChangeOutcome::Applied { entry: updated, population: unit.population }
}

/// Whether a period in `state` takes status-workflow steps: entry is over once it closes, but
/// verification and disputes go on until it is published.
fn takes_status_steps(state: PeriodState) -> bool {
    matches!(state, PeriodState::Open | PeriodState::Closed)
}

/// Why a status step may not be taken on an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StatusRefusal {
    /// The step was based on another version than the stored one.
    Conflict,
    /// The entry's status is not one the step starts from.
    InvalidTransition,
}

/// Why `action` may not be taken on `current`, if it may not: a `base_version` that is not the
/// stored one, or a status the step does not start from.
fn status_step_refusal(
    action: &StatusAction,
    base_version: Option<i64>,
    current: &EntryRecord,
) -> Option<StatusRefusal> {
    if base_version.is_some_and(|version| version != current.version) {
        return Some(StatusRefusal::Conflict);
    }
    if !action.allowed_from().contains(&current.status) {
        return Some(StatusRefusal::InvalidTransition);
    }
    None
}

/// The entry after a status step: the step's status, `value_json` (the stored value, or the
/// correction a resolution brings), one version more, by `actor` at `now`.
fn after_status_step(
    current: &EntryRecord,
    action: &StatusAction,
    value_json: String,
    actor: &str,
    now: &str,
) -> EntryRecord {
    EntryRecord {
        value_json,
        status: action.new_status(),
        version: current.version + 1,
        updated_at: now.to_owned(),
        updated_by: actor.to_owned(),
        ..current.clone()
    }
}

/// An import's writes: each value with the stored entry it replaces.
type ImportWrites<'a> = Vec<(&'a ImportValue, Option<&'a EntryRecord>)>;

/// An import's checked values against the stored entries (by unit id and indicator): what is
/// new, changed and unchanged, and the writes with the entry each replaces, in the values'
/// order. `Err` lists the verified entries it would change when the caller may not change them
/// (then nothing may be written).
fn plan_import_writes<'a>(
    existing: &'a HashMap<(String, String), EntryRecord>,
    values: &'a [ImportValue],
    may_edit_verified: bool,
) -> Result<(ImportSummary, ImportWrites<'a>), Vec<(String, String)>> {
    let mut summary = ImportSummary::default();
    let mut verified = Vec::new();
    let mut writes = Vec::new();
    for value in values {
        match existing.get(&(value.unit_id.clone(), value.indicator_code.clone())) {
            Some(stored) if stored.value_json == value.value_json => summary.unchanged += 1,
            Some(stored) if stored.status == EntryStatus::Verified && !may_edit_verified => {
                verified.push((value.unit_id.clone(), value.indicator_code.clone()));
            }
            Some(stored) => {
                summary.changed += 1;
                writes.push((value, Some(stored)));
            }
            None => {
                summary.new += 1;
                writes.push((value, None));
            }
        }
    }
    if verified.is_empty() { Ok((summary, writes)) } else { Err(verified) }
}

mod write {
    macro_rules! define_queries {
        ($engine:ty, $module:ident) => {
            use std::collections::HashMap;

            use anyhow::{Context, Result};
            use sqlx::Row;

            use super::super::{
                ChangeOutcome, ChangeRequest, EntryRecord, EvidenceMeta, EvidenceOutcome, EvidenceRenderer, HistoryRow,
                IdempotentRequest, ImportOutcome, UnitNote, ImportValue, NewEvidence, PeriodCreation, Renderer,
                StateChange, StatusAction, StatusOutcome, is_open, legal_transition, EntryStatus, PeriodState,
                BatchState, StatusRefusal, after_status_step, decide_one, status_step_refusal, plan_import_writes, takes_status_steps,
            };
            use crate::error::Problem;
            use crate::results::scoring::ValueChecker;
            use crate::storage::queries::$module as queries;
            use crate::storage::{PeriodRow, RubricVersionRow, UnitRow, new_id};

            type Connection = <$engine as sqlx::Database>::Connection;

            /// Rows per multi-row INSERT: 1,000 × 12 columns stays under both engines' limits.
            const ROWS_PER_INSERT: usize = 1000;

            const ENTRY_COLUMNS: &str = "e.unit_id, u.code AS unit_code, e.indicator_code, e.value_json, e.status, \
                 e.version, e.updated_at, e.updated_by, e.note, e.recommendation, e.evidence_link";

            /// Takes the period's write lock (see the module documentation) and reads it.
            async fn lock_period(connection: &mut Connection, period_id: &str) -> Result<Option<PeriodRow>> {
                sqlx::query("UPDATE periods SET updated_at = updated_at WHERE id = $1")
                    .bind(period_id)
                    .execute(&mut *connection)
                    .await
                    .with_context(|| format!("cannot lock period {period_id}"))?;
                queries::period(&mut *connection, period_id).await
            }

            pub async fn population_units(
                connection: &mut Connection,
                period_id: &str,
                population: &str,
            ) -> Result<Vec<UnitRow>> {
                sqlx::query_as::<_, UnitRow>(
                    "SELECT u.id, u.code, u.name, u.population, u.active FROM units u WHERE u.population = $2 \
                     AND (u.active OR EXISTS (SELECT 1 FROM entries e WHERE e.period_id = $1 AND e.unit_id = u.id)) \
                     ORDER BY u.name, u.code",
                )
                .bind(period_id)
                .bind(population)
                .fetch_all(&mut *connection)
                .await
                .with_context(|| format!("cannot read the units of {population}"))
            }

            pub async fn population_entries(
                connection: &mut Connection,
                period_id: &str,
                population: &str,
            ) -> Result<Vec<EntryRecord>> {
                sqlx::query_as::<_, EntryRecord>(&format!(
                    "SELECT {ENTRY_COLUMNS} FROM entries e JOIN units u ON u.id = e.unit_id \
                     WHERE e.period_id = $1 AND u.population = $2 ORDER BY u.name, u.code, e.indicator_code"
                ))
                .bind(period_id)
                .bind(population)
                .fetch_all(&mut *connection)
                .await
                .with_context(|| format!("cannot read the entries of {population} in {period_id}"))
            }

            pub async fn entry(
                connection: &mut Connection,
                period_id: &str,
                unit_id: &str,
                indicator_code: &str,
            ) -> Result<Option<EntryRecord>> {
                sqlx::query_as::<_, EntryRecord>(&format!(
                    "SELECT {ENTRY_COLUMNS} FROM entries e JOIN units u ON u.id = e.unit_id \
                     WHERE e.period_id = $1 AND e.unit_id = $2 AND e.indicator_code = $3"
                ))
                .bind(period_id)
                .bind(unit_id)
                .bind(indicator_code)
                .fetch_optional(&mut *connection)
                .await
                .with_context(|| format!("cannot read entry {indicator_code} of {unit_id} in {period_id}"))
            }

            pub async fn entry_history(
                connection: &mut Connection,
                period_id: &str,
                unit_id: &str,
                indicator_code: &str,
            ) -> Result<Vec<HistoryRow>> {
                sqlx::query_as::<_, HistoryRow>(
                    "SELECT indicator_code, old_value_json, new_value_json, old_status, new_status, changed_by, \
                     changed_at, reason, note, recommendation FROM entry_audit WHERE period_id = $1 AND unit_id = $2 AND indicator_code = $3 \
                     ORDER BY id DESC",
                )
                .bind(period_id)
                .bind(unit_id)
                .bind(indicator_code)
                .fetch_all(&mut *connection)
                .await
                .with_context(|| format!("cannot read the history of {indicator_code} of {unit_id}"))
            }

            pub async fn unit_notes(connection: &mut Connection, period_id: &str, unit_id: &str) -> Result<Vec<UnitNote>> {
                sqlx::query_as::<_, UnitNote>(
                    "SELECT indicator_code, note, recommendation FROM entries WHERE period_id = $1 AND unit_id = $2 \
                     AND (note IS NOT NULL OR recommendation IS NOT NULL) ORDER BY indicator_code",
                )
                .bind(period_id)
                .bind(unit_id)
                .fetch_all(&mut *connection)
                .await
                .with_context(|| format!("cannot read the notes of {unit_id}"))
            }

            pub async fn period_bindings(connection: &mut Connection, period_id: &str) -> Result<Vec<(String, String)>> {
                let rows = sqlx::query(
                    "SELECT population, rubric_version_id FROM period_rubrics WHERE period_id = $1 ORDER BY population",
                )
                .bind(period_id)
                .fetch_all(&mut *connection)
                .await
                .with_context(|| format!("cannot read the rubrics of {period_id}"))?;
                rows.iter()
                    .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
                    .collect::<Result<_, sqlx::Error>>()
                    .context("bindings are TEXT")
            }

            pub async fn rubric_versions(connection: &mut Connection) -> Result<Vec<RubricVersionRow>> {
                sqlx::query_as::<_, RubricVersionRow>(
                    "SELECT id, rubric_id, version, document, content_sha256, created_at FROM rubric_versions \
                     ORDER BY created_at DESC, rubric_id, version DESC",
                )
                .fetch_all(&mut *connection)
                .await
                .context("cannot read rubric versions")
            }

            #[allow(clippy::too_many_arguments)]
            async fn insert_audit(
                connection: &mut Connection,
                period_id: &str,
                unit_id: &str,
                indicator_code: &str,
                old: Option<&EntryRecord>,
                new: &EntryRecord,
                reason: Option<&str>,
            ) -> Result<()> {
                sqlx::query(
                    "INSERT INTO entry_audit (period_id, unit_id, indicator_code, old_value_json, new_value_json, \
                     old_status, new_status, changed_by, changed_at, reason, note, recommendation) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(period_id)
                .bind(unit_id)
                .bind(indicator_code)
                .bind(old.map(|entry| entry.value_json.clone()))
                .bind(&new.value_json)
                .bind(old.map(|entry| entry.status.code()))
                .bind(new.status.code())
                .bind(&new.updated_by)
                .bind(&new.updated_at)
                .bind(reason)
                .bind(&new.note)
                .bind(&new.recommendation)
                .execute(&mut *connection)
                .await
                .with_context(|| format!("cannot audit {indicator_code} of {unit_id}"))?;
                Ok(())
            }

            async fn write_entry(connection: &mut Connection, period_id: &str, entry: &EntryRecord) -> Result<()> {
                sqlx::query(
                    "INSERT INTO entries (period_id, unit_id, indicator_code, value_json, status, version, updated_at, \
                     updated_by, note, recommendation, evidence_link) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
                     ON CONFLICT (period_id, unit_id, indicator_code) DO UPDATE SET value_json = excluded.value_json, \
                     status = excluded.status, version = excluded.version, updated_at = excluded.updated_at, \
                     updated_by = excluded.updated_by, note = excluded.note, recommendation = excluded.recommendation, \
                     evidence_link = excluded.evidence_link",
                )
                .bind(period_id)
                .bind(&entry.unit_id)
                .bind(&entry.indicator_code)
                .bind(&entry.value_json)
                .bind(entry.status.code())
                .bind(entry.version)
                .bind(&entry.updated_at)
                .bind(&entry.updated_by)
                .bind(&entry.note)
                .bind(&entry.recommendation)
                .bind(&entry.evidence_link)
                .execute(&mut *connection)
                .await
                .with_context(|| format!("cannot write entry {} of {}", entry.indicator_code, entry.unit_id))?;
                Ok(())
            }

            /// What an idempotency key recorded before says about a request.
            enum Recorded {
                /// The same request: its recorded response.
                Same { status: i64, body: String },
                /// Another request used the key.
                Other,
            }

            async fn recorded_response(
                connection: &mut Connection,
                actor: &str,
                request: &IdempotentRequest,
            ) -> Result<Option<Recorded>> {
                let recorded = sqlx::query(
                    "SELECT request_sha256, response_status, response_body FROM idempotency_keys \
                     WHERE actor = $1 AND idempotency_key = $2",
                )
                .bind(actor)
                .bind(&request.key)
                .fetch_optional(&mut *connection)
                .await
                .context("cannot read idempotency keys")?;
                let Some(row) = recorded else { return Ok(None) };
                let sha256: String = row.try_get(0).context("request_sha256 is TEXT")?;
                if sha256 != request.request_sha256 {
                    return Ok(Some(Recorded::Other));
                }
                Ok(Some(Recorded::Same {
                    status: row.try_get(1).context("response_status is an integer")?,
                    body: row.try_get(2).context("response_body is TEXT")?,
                }))
            }

            async fn record_response(
                connection: &mut Connection,
                actor: &str,
                request: &IdempotentRequest,
                (status, body): (i64, String),
                now: &str,
            ) -> Result<()> {
                sqlx::query(
                    "INSERT INTO idempotency_keys (actor, idempotency_key, request_sha256, response_status, \
                     response_body, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(actor)
                .bind(&request.key)
                .bind(&request.request_sha256)
                .bind(status)
                .bind(body)
                .bind(now)
                .execute(&mut *connection)
                .await
                .context("cannot record an idempotency key")?;
                Ok(())
            }

            /// Largest `IN (…)` list of one read.
            const IDS_PER_READ: usize = 500;


            /// `None` when the period does not exist.
            pub async fn apply_changes(
                connection: &mut Connection,
                period_id: &str,
                actor: &str,
                may_edit_verified: bool,
                changes: &[ChangeRequest],
                render: Renderer<'_>,
                now: &str,
            ) -> Result<Option<Vec<ChangeOutcome>>> {
                let Some(period) = lock_period(&mut *connection, period_id).await? else { return Ok(None) };
                let mut state = read_batch_state(&mut *connection, &period, actor, changes).await?;
                // The units each population's applied changes touched, each once.
                let mut touched: Vec<(String, Vec<String>)> = Vec::new();
                let mut outcomes = Vec::with_capacity(changes.len());
                for change in changes {
                    let outcome = decide_one(&period, actor, may_edit_verified, change, render, now, &mut state);
                    if let ChangeOutcome::Applied { population, entry } = &outcome {
                        let index = match touched.iter().position(|(known, _)| known == population) {
                            Some(index) => index,
                            None => {
                                touched.push((population.clone(), Vec::new()));
                                touched.len() - 1
                            }
                        };
                        if !touched[index].1.contains(&entry.unit_id) {
                            touched[index].1.push(entry.unit_id.clone());
                        }
                    }
                    outcomes.push(outcome);
                }
                write_batch(&mut *connection, &period.id, actor, &state, now).await?;
                for (population, unit_ids) in &touched {
                    let unit_ids: Vec<&str> = unit_ids.iter().map(String::as_str).collect();
                    queries::rescore_units(&mut *connection, period_id, population, &unit_ids, now).await?;
                }
                Ok(Some(outcomes))
            }

            /// Reads the keys, units, rubric checkers and stored entries the changes refer to.
            async fn read_batch_state(
                connection: &mut Connection,
                period: &PeriodRow,
                actor: &str,
                changes: &[ChangeRequest],
            ) -> Result<BatchState> {
                let mut state = BatchState::default();
                let mut keys: Vec<&str> = changes.iter().filter(|c| c.allowed).map(|c| c.idempotency_key.as_str()).collect();
                keys.sort_unstable();
                keys.dedup();
                for chunk in keys.chunks(IDS_PER_READ) {
                    let mut builder = sqlx::QueryBuilder::<$engine>::new(
                        "SELECT idempotency_key, request_sha256, response_status, response_body FROM idempotency_keys \
                         WHERE actor = ",
                    );
                    builder.push_bind(actor).push(" AND idempotency_key IN (");
                    let mut list = builder.separated(", ");
                    chunk.iter().for_each(|key| {
                        list.push_bind(*key);
                    });
                    builder.push(")");
                    for row in builder.build().fetch_all(&mut *connection).await.context("cannot read idempotency keys")? {
                        let key: String = row.try_get(0).context("idempotency_key is TEXT")?;
                        let sha256: String = row.try_get(1).context("request_sha256 is TEXT")?;
                        let status: i64 = row.try_get(2).context("response_status is an integer")?;
                        let body: String = row.try_get(3).context("response_body is TEXT")?;
                        state.keys.insert(key, (sha256, status, body));
                    }
                }
                // PostgreSQL refuses NUL in TEXT; such a code names no unit.
                let mut codes: Vec<&str> = changes
                    .iter()
                    .filter(|c| c.allowed && !c.unit_code.contains('\0'))
                    .map(|c| c.unit_code.as_str())
                    .collect();
                codes.sort_unstable();
                codes.dedup();
                for chunk in codes.chunks(IDS_PER_READ) {
                    let mut builder = sqlx::QueryBuilder::<$engine>::new(
                        "SELECT id, code, name, population, active FROM units WHERE code IN (",
                    );
                    let mut list = builder.separated(", ");
                    chunk.iter().for_each(|code| {
                        list.push_bind(*code);
                    });
                    builder.push(")");
                    let units = builder.build_query_as::<UnitRow>().fetch_all(&mut *connection).await.context("cannot read units")?;
                    for unit in units {
                        state.units.insert(unit.code.clone(), unit);
                    }
                }
                let mut populations: Vec<String> = state.units.values().map(|unit| unit.population.clone()).collect();
                populations.sort_unstable();
                populations.dedup();
                for population in populations {
                    let checker = match queries::period_rubric(&mut *connection, &period.id, &population).await? {
                        Some(rubric_version_id) => {
                            let rubric = queries::rubric_version(&mut *connection, &rubric_version_id)
                                .await?
                                .with_context(|| format!("rubric version {rubric_version_id} is missing"))?;
                            Some(ValueChecker::new(&rubric.document)?)
                        }
                        None => None,
                    };
                    state.checkers.insert(population, checker);
                }
                let unit_ids: Vec<String> = state.units.values().map(|unit| unit.id.clone()).collect();
                for chunk in unit_ids.chunks(IDS_PER_READ) {
                    let mut builder = sqlx::QueryBuilder::<$engine>::new(format!(
                        "SELECT {ENTRY_COLUMNS} FROM entries e JOIN units u ON u.id = e.unit_id WHERE e.period_id = "
                    ));
                    builder.push_bind(&period.id).push(" AND e.unit_id IN (");
                    let mut list = builder.separated(", ");
                    chunk.iter().for_each(|id| {
                        list.push_bind(id);
                    });
                    builder.push(")");
                    let stored =
                        builder.build_query_as::<EntryRecord>().fetch_all(&mut *connection).await.context("cannot read entries")?;
                    for entry in stored {
                        state.entries.insert((entry.unit_id.clone(), entry.indicator_code.clone()), entry);
                    }
                }
                Ok(state)
            }


            /// Writes a batch's applied changes: each cell's final entry, every audit record in
            /// order, every recorded key.
            async fn write_batch(
                connection: &mut Connection,
                period_id: &str,
                actor: &str,
                state: &BatchState,
                now: &str,
            ) -> Result<()> {
                // One row per cell (an upsert may not touch a row twice in one statement).
                let mut last: HashMap<(&str, &str), usize> = HashMap::new();
                for (index, (entry, ..)) in state.writes.iter().enumerate() {
                    last.insert((entry.unit_id.as_str(), entry.indicator_code.as_str()), index);
                }
                let finals: Vec<&EntryRecord> = state
                    .writes
                    .iter()
                    .enumerate()
                    .filter(|(index, (entry, ..))| last.get(&(entry.unit_id.as_str(), entry.indicator_code.as_str())) == Some(index))
                    .map(|(_, (entry, ..))| entry)
                    .collect();
                for chunk in finals.chunks(ROWS_PER_INSERT) {
                    let mut builder = sqlx::QueryBuilder::<$engine>::new(
                        "INSERT INTO entries (period_id, unit_id, indicator_code, value_json, status, version, updated_at, \
                         updated_by, note, recommendation, evidence_link) ",
                    );
                    builder.push_values(chunk, |mut row, entry| {
                        row.push_bind(period_id)
                            .push_bind(&entry.unit_id)
                            .push_bind(&entry.indicator_code)
                            .push_bind(&entry.value_json)
                            .push_bind(entry.status.code())
                            .push_bind(entry.version)
                            .push_bind(&entry.updated_at)
                            .push_bind(&entry.updated_by)
                            .push_bind(&entry.note)
                            .push_bind(&entry.recommendation)
                            .push_bind(&entry.evidence_link);
                    });
                    builder.push(
                        " ON CONFLICT (period_id, unit_id, indicator_code) DO UPDATE SET value_json = excluded.value_json, \
                         status = excluded.status, version = excluded.version, updated_at = excluded.updated_at, \
                         updated_by = excluded.updated_by, note = excluded.note, recommendation = excluded.recommendation, \
                         evidence_link = excluded.evidence_link",
                    );
                    builder.build().execute(&mut *connection).await.context("cannot write entries")?;
                }
                for chunk in state.writes.chunks(ROWS_PER_INSERT) {
                    let mut builder = sqlx::QueryBuilder::<$engine>::new(
                        "INSERT INTO entry_audit (period_id, unit_id, indicator_code, old_value_json, new_value_json, \
                         old_status, new_status, changed_by, changed_at, reason, note, recommendation) ",
                    );
                    builder.push_values(chunk, |mut row, (new, old, reason)| {
                        row.push_bind(period_id)
                            .push_bind(&new.unit_id)
                            .push_bind(&new.indicator_code)
                            .push_bind(old.as_ref().map(|entry| entry.value_json.clone()))
                            .push_bind(&new.value_json)
                            .push_bind(old.as_ref().map(|entry| entry.status.code()))
                            .push_bind(new.status.code())
                            .push_bind(&new.updated_by)
                            .push_bind(&new.updated_at)
                            .push_bind(reason)
                            .push_bind(&new.note)
                            .push_bind(&new.recommendation);
                    });
                    builder.build().execute(&mut *connection).await.context("cannot audit entries")?;
                }
                for chunk in state.new_keys.chunks(ROWS_PER_INSERT) {
                    let mut builder = sqlx::QueryBuilder::<$engine>::new(
                        "INSERT INTO idempotency_keys (actor, idempotency_key, request_sha256, response_status, \
                         response_body, created_at) ",
                    );
                    builder.push_values(chunk, |mut row, (key, sha256, status, body)| {
                        row.push_bind(actor).push_bind(key).push_bind(sha256).push_bind(*status).push_bind(body).push_bind(now);
                    });
                    builder.build().execute(&mut *connection).await.context("cannot record idempotency keys")?;
                }
                Ok(())
            }

            #[allow(clippy::too_many_arguments)]
            pub async fn change_status(
                connection: &mut Connection,
                period_id: &str,
                unit: &UnitRow,
                indicator_code: &str,
                action: &StatusAction,
                base_version: Option<i64>,
                actor: &str,
                reason: Option<&str>,
                idempotency: Option<&IdempotentRequest>,
                render: Renderer<'_>,
                now: &str,
            ) -> Result<StatusOutcome> {
                let Some(period) = lock_period(&mut *connection, period_id).await? else {
                    return Ok(StatusOutcome::Missing);
                };
                if let Some(request) = idempotency {
                    match recorded_response(&mut *connection, actor, request).await? {
                        Some(Recorded::Same { status, body }) => return Ok(StatusOutcome::Duplicate { status, body }),
                        Some(Recorded::Other) => return Ok(StatusOutcome::KeyReused),
                        None => {}
                    }
                }
                if !takes_status_steps(period.state) {
                    return Ok(StatusOutcome::Locked { state: period.state });
                }
                let Some(current) = entry(&mut *connection, period_id, &unit.id, indicator_code).await? else {
                    return Ok(StatusOutcome::Missing);
                };
                match status_step_refusal(action, base_version, &current) {
                    Some(StatusRefusal::Conflict) => return Ok(StatusOutcome::Conflict { current }),
                    Some(StatusRefusal::InvalidTransition) => return Ok(StatusOutcome::InvalidTransition { current }),
                    None => {}
                }
                let mut value_json = current.value_json.clone();
                if let StatusAction::Resolve { value_json: Some(new_value) } = action {
                    let Some(rubric_version_id) = queries::period_rubric(&mut *connection, period_id, &unit.population).await?
                    else {
                        return Ok(StatusOutcome::Missing);
                    };
                    let rubric = queries::rubric_version(&mut *connection, &rubric_version_id)
                        .await?
                        .with_context(|| format!("rubric version {rubric_version_id} is missing"))?;
                    match ValueChecker::new(&rubric.document)?.check_json(indicator_code, new_value) {
                        Ok(checked) => value_json = checked,
                        Err(mut problem) => {
                            problem.field = Some("value".to_owned());
                            return Ok(StatusOutcome::Invalid(problem));
                        }
                    }
                }
                let value_changed = value_json != current.value_json;
                let updated = after_status_step(&current, action, value_json, actor, now);
                write_entry(&mut *connection, period_id, &updated).await?;
                insert_audit(&mut *connection, period_id, &unit.id, indicator_code, Some(&current), &updated, reason).await?;
                if value_changed {
                    queries::rescore_units(&mut *connection, period_id, &unit.population, &[unit.id.as_str()], now).await?;
                }
                if let Some(request) = idempotency {
                    record_response(&mut *connection, actor, request, render(&updated), now).await?;
                }
                Ok(StatusOutcome::Done(updated))
            }

            pub async fn create_period(
                connection: &mut Connection,
                year: i64,
                kind: &str,
                bindings: &[(String, String)],
                actor: &str,
                now: &str,
            ) -> Result<PeriodCreation> {
                let id = format!("{year}-{kind}");
                if queries::period(&mut *connection, &id).await?.is_some() {
                    return Ok(PeriodCreation::Exists);
                }
                let populations: Vec<String> =
                    queries::populations(&mut *connection).await?.into_iter().map(|population| population.code).collect();
                let mut problems = Vec::new();
                for (population, rubric_version_id) in bindings {
                    let field = Some(format!("bindings.{population}"));
                    if !populations.contains(population) {
                        problems.push(Problem::new(
                            "unknown_population",
                            format!("Populasi `{population}` tidak dikenal; pilihan: {}.", populations.join(", ")),
                            field,
                        ));
                    } else if rubric_version_id.contains('\0')
                        || queries::rubric_version(&mut *connection, rubric_version_id).await?.is_none()
                    {
                        problems.push(Problem::new(
                            "rubric_not_found",
                            format!("Versi rubrik `{rubric_version_id}` tidak ditemukan."),
                            field,
                        ));
                    }
                }
                if !problems.is_empty() {
                    return Ok(PeriodCreation::Invalid(problems));
                }
                sqlx::query(
                    "INSERT INTO periods (id, year, kind, state, created_at, updated_at) VALUES ($1, $2, $3, 'draft', $4, $4)",
                )
                .bind(&id)
                .bind(year)
                .bind(kind)
                .bind(now)
                .execute(&mut *connection)
                .await
                .with_context(|| format!("cannot create period {id}"))?;
                for (population, rubric_version_id) in bindings {
                    sqlx::query("INSERT INTO period_rubrics (period_id, population, rubric_version_id) VALUES ($1, $2, $3)")
                        .bind(&id)
                        .bind(population)
                        .bind(rubric_version_id)
                        .execute(&mut *connection)
                        .await
                        .with_context(|| format!("cannot bind {rubric_version_id} to {population} in {id}"))?;
                }
                insert_period_audit(&mut *connection, &id, None, PeriodState::Draft, actor, now, None).await?;
                let period = queries::period(&mut *connection, &id).await?.context("the period was just created")?;
                Ok(PeriodCreation::Created(period))
            }

            async fn insert_period_audit(
                connection: &mut Connection,
                period_id: &str,
                old_state: Option<PeriodState>,
                new_state: PeriodState,
                actor: &str,
                now: &str,
                reason: Option<&str>,
            ) -> Result<()> {
                sqlx::query(
                    "INSERT INTO period_audit (period_id, old_state, new_state, changed_by, changed_at, reason) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(period_id)
                .bind(old_state.map(PeriodState::code))
                .bind(new_state.code())
                .bind(actor)
                .bind(now)
                .bind(reason)
                .execute(&mut *connection)
                .await
                .with_context(|| format!("cannot audit the state of {period_id}"))?;
                Ok(())
            }

            pub async fn set_period_state(
                connection: &mut Connection,
                period_id: &str,
                new_state: PeriodState,
                actor: &str,
                reason: Option<&str>,
                now: &str,
            ) -> Result<StateChange> {
                let Some(period) = lock_period(&mut *connection, period_id).await? else {
                    return Ok(StateChange::Missing);
                };
                if !legal_transition(period.state, new_state) {
                    return Ok(StateChange::Illegal { from: period.state });
                }
                sqlx::query("UPDATE periods SET state = $2, updated_at = $3 WHERE id = $1")
                    .bind(period_id)
                    .bind(new_state.code())
                    .bind(now)
                    .execute(&mut *connection)
                    .await
                    .with_context(|| format!("cannot change the state of {period_id}"))?;
                insert_period_audit(&mut *connection, period_id, Some(period.state), new_state, actor, now, reason)
                    .await?;
                // The aspiration service's measures freeze when the period closes (and thaw when it
                // opens again); the bound indicators' entries take their final values before the
                // official results are computed below.
                match new_state {
                    PeriodState::Closed => {
                        crate::aspirations::storage::queries::$module::freeze(&mut *connection, period_id, now).await?;
                        crate::aspirations::storage::queries::$module::write_bound_values(&mut *connection, period_id, now)
                            .await?;
                    }
                    PeriodState::Open => {
                        // Opened (or reopened): bindings made while it was a draft, or answers
                        // given while it was closed, count from now on.
                        crate::aspirations::storage::queries::$module::unfreeze(&mut *connection, period_id).await?;
                        let changed =
                            crate::aspirations::storage::queries::$module::write_bound_values(&mut *connection, period_id, now)
                                .await?;
                        for (population, _) in changed {
                            queries::recompute(&mut *connection, period_id, &population, now).await?;
                        }
                    }
                    _ => {}
                }
                if matches!(new_state, PeriodState::Closed | PeriodState::Published) {
                    for (population, _) in period_bindings(&mut *connection, period_id).await? {
                        queries::recompute(&mut *connection, period_id, &population, now).await?;
                    }
                }
                let period = queries::period(&mut *connection, period_id).await?.context("the period exists")?;
                Ok(StateChange::Done(period))
            }

            const EVIDENCE_COLUMNS: &str = "v.id, v.period_id, u.code AS unit_code, v.indicator_code, v.file_name, \
                 v.content_type, v.size, v.sha256, v.uploaded_by, v.uploaded_at";

            pub async fn store_evidence(
                connection: &mut Connection,
                evidence: &NewEvidence,
                idempotency: Option<&IdempotentRequest>,
                render: EvidenceRenderer<'_>,
                now: &str,
            ) -> Result<EvidenceOutcome> {
                if let Some(request) = idempotency {
                    match recorded_response(&mut *connection, &evidence.uploaded_by, request).await? {
                        Some(Recorded::Same { status, body }) => return Ok(EvidenceOutcome::Duplicate { status, body }),
                        Some(Recorded::Other) => return Ok(EvidenceOutcome::KeyReused),
                        None => {}
                    }
                }
                let id = new_id("ev");
                let size = i64::try_from(evidence.content.len()).context("a file size fits in i64")?;
                sqlx::query(
                    "INSERT INTO evidence (id, period_id, unit_id, indicator_code, file_name, content_type, size, sha256, \
                     content, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(&id)
                .bind(&evidence.period_id)
                .bind(&evidence.unit_id)
                .bind(&evidence.indicator_code)
                .bind(&evidence.file_name)
                .bind(&evidence.content_type)
                .bind(size)
                .bind(&evidence.sha256)
                .bind(&evidence.content)
                .bind(&evidence.uploaded_by)
                .bind(now)
                .execute(&mut *connection)
                .await
                .context("cannot store an evidence file")?;
                let meta = sqlx::query_as::<_, EvidenceMeta>(&format!(
                    "SELECT {EVIDENCE_COLUMNS} FROM evidence v JOIN units u ON u.id = v.unit_id WHERE v.id = $1"
                ))
                .bind(&id)
                .fetch_one(&mut *connection)
                .await
                .context("cannot read back an evidence file")?;
                if let Some(request) = idempotency {
                    record_response(&mut *connection, &evidence.uploaded_by, request, render(&meta), now).await?;
                }
                Ok(EvidenceOutcome::Stored(meta))
            }

            pub async fn population_evidence(
                connection: &mut Connection,
                period_id: &str,
                population: &str,
            ) -> Result<Vec<EvidenceMeta>> {
                sqlx::query_as::<_, EvidenceMeta>(&format!(
                    "SELECT {EVIDENCE_COLUMNS} FROM evidence v JOIN units u ON u.id = v.unit_id \
                     WHERE v.period_id = $1 AND u.population = $2 ORDER BY v.uploaded_at, v.id"
                ))
                .bind(period_id)
                .bind(population)
                .fetch_all(&mut *connection)
                .await
                .context("cannot read evidence descriptions")
            }

            pub async fn evidence_size(
                connection: &mut Connection,
                evidence_id: &str,
            ) -> Result<Option<(EvidenceMeta, i64)>> {
                let meta = sqlx::query_as::<_, EvidenceMeta>(&format!(
                    "SELECT {EVIDENCE_COLUMNS} FROM evidence v JOIN units u ON u.id = v.unit_id WHERE v.id = $1"
                ))
                .bind(evidence_id)
                .fetch_optional(&mut *connection)
                .await
                .context("cannot read an evidence description")?;
                let Some(meta) = meta else { return Ok(None) };
                let size: i64 = sqlx::query("SELECT CAST(length(content) AS BIGINT) FROM evidence WHERE id = $1")
                    .bind(evidence_id)
                    .fetch_one(&mut *connection)
                    .await
                    .context("cannot read an evidence file's size")?
                    .try_get(0)
                    .context("a size is a whole number")?;
                Ok(Some((meta, size)))
            }

            pub async fn evidence_chunk(
                connection: &mut Connection,
                evidence_id: &str,
                offset: i64,
                length: i32,
            ) -> Result<Vec<u8>> {
                // `substr` counts from 1 on both engines; its start is an INTEGER (int4 on PostgreSQL).
                let start = i32::try_from(offset + 1).context("an evidence file is below 2 GB")?;
                sqlx::query("SELECT substr(content, $2, $3) FROM evidence WHERE id = $1")
                    .bind(evidence_id)
                    .bind(start)
                    .bind(length)
                    .fetch_one(&mut *connection)
                    .await
                    .context("cannot read a piece of an evidence file")?
                    .try_get(0)
                    .context("evidence content is bytes")
            }

            #[allow(clippy::too_many_arguments)]
            pub async fn import_values(
                connection: &mut Connection,
                period_id: &str,
                population: &str,
                values: &[ImportValue],
                actor: &str,
                reason: &str,
                may_edit_verified: bool,
                now: &str,
            ) -> Result<ImportOutcome> {
                let period = lock_period(&mut *connection, period_id).await?.context("the period exists")?;
                if !is_open(period.state) {
                    return Ok(ImportOutcome::Locked { state: period.state });
                }
                let existing: HashMap<(String, String), EntryRecord> = population_entries(&mut *connection, period_id, population)
                    .await?
                    .into_iter()
                    .map(|entry| ((entry.unit_id.clone(), entry.indicator_code.clone()), entry))
                    .collect();
                let (summary, writes) = match plan_import_writes(&existing, values, may_edit_verified) {
                    Ok(plan) => plan,
                    Err(verified) => return Ok(ImportOutcome::Verified(verified)),
                };
                for (chunk_index, chunk) in writes.chunks(ROWS_PER_INSERT).enumerate() {
                    let mut builder = sqlx::QueryBuilder::<$engine>::new(
                        "INSERT INTO entries (period_id, unit_id, indicator_code, value_json, status, version, \
                         updated_at, updated_by, note, recommendation) ",
                    );
                    builder.push_values(chunk, |mut row, (value, stored)| {
                        row.push_bind(period_id)
                            .push_bind(&value.unit_id)
                            .push_bind(&value.indicator_code)
                            .push_bind(&value.value_json)
                            .push_bind(EntryStatus::Submitted.code())
                            .push_bind(stored.map_or(1, |entry| entry.version + 1))
                            .push_bind(now)
                            .push_bind(actor)
                            .push_bind(stored.and_then(|entry| entry.note.clone()))
                            .push_bind(stored.and_then(|entry| entry.recommendation.clone()));
                    });
                    builder.push(
                        " ON CONFLICT (period_id, unit_id, indicator_code) DO UPDATE SET value_json = excluded.value_json, \
                         status = excluded.status, version = excluded.version, updated_at = excluded.updated_at, \
                         updated_by = excluded.updated_by",
                    );
                    builder.build().execute(&mut *connection).await.context("cannot write imported entries")?;
                    let mut audit = sqlx::QueryBuilder::<$engine>::new(
                        "INSERT INTO entry_audit (period_id, unit_id, indicator_code, old_value_json, new_value_json, \
                         old_status, new_status, changed_by, changed_at, reason, note, recommendation) ",
                    );
                    audit.push_values(chunk, |mut row, (value, stored)| {
                        row.push_bind(period_id)
                            .push_bind(&value.unit_id)
                            .push_bind(&value.indicator_code)
                            .push_bind(stored.map(|entry| entry.value_json.clone()))
                            .push_bind(&value.value_json)
                            .push_bind(stored.map(|entry| entry.status.code()))
                            .push_bind(EntryStatus::Submitted.code())
                            .push_bind(actor)
                            .push_bind(now)
                            .push_bind(reason)
                            .push_bind(stored.and_then(|entry| entry.note.clone()))
                            .push_bind(stored.and_then(|entry| entry.recommendation.clone()));
                    });
                    audit.build().execute(&mut *connection).await.context("cannot audit imported entries")?;
                    if chunk_index == 0 {
                        // Tests of crash safety wait for this line before killing the process.
                        tracing::info!(period_id, population, n_rows = writes.len(), "import: writing rows");
                    }
                }
                if !writes.is_empty() {
                    queries::recompute(&mut *connection, period_id, population, now).await?;
                }
                tracing::info!(period_id, population, n_rows = writes.len(), "import: written");
                Ok(ImportOutcome::Done(summary))
            }
        };
    }

    crate::storage::dispatch::for_each_engine!(define_queries);
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUBRIC_KABKOTA_2023: &str = include_str!("../../../public/rubrics/rubric-kabkota-2023.json");
    const NOW: &str = "2024-01-31T08:00:00.000Z";

    fn period(state: PeriodState) -> PeriodRow {
        PeriodRow { id: "2024-q1".to_owned(), year: 2024, kind: "q1".to_owned(), state }
    }

    fn unit(code: &str, population: &str) -> UnitRow {
        UnitRow {
            id: format!("u_{code}"),
            code: code.to_owned(),
            name: format!("Unit {code}"),
            population: population.to_owned(),
            active: true,
        }
    }

    /// A batch that knows one kabkota unit (`kota-batu`, scored by the 2023 rubric) and one
    /// `uobk` unit whose population the period does not score.
    fn batch() -> BatchState {
        let mut state = BatchState::default();
        for unit in [unit("kota-batu", "kabkota"), unit("rsud-a", "uobk")] {
            state.units.insert(unit.code.clone(), unit);
        }
        let checker = ValueChecker::new(RUBRIC_KABKOTA_2023).expect("the 2023 kab/kota rubric is valid");
        state.checkers.insert("kabkota".to_owned(), Some(checker));
        state.checkers.insert("uobk".to_owned(), None);
        state
    }

    fn stored(version: i64, status: EntryStatus) -> EntryRecord {
        EntryRecord {
            unit_id: "u_kota-batu".to_owned(),
            unit_code: "kota-batu".to_owned(),
            indicator_code: "SAKIP".to_owned(),
            value_json: "60".to_owned(),
            status,
            version,
            updated_at: "2024-01-01T00:00:00.000Z".to_owned(),
            updated_by: "pengampu".to_owned(),
            note: Some("catatan".to_owned()),
            recommendation: Some("saran".to_owned()),
            evidence_link: None,
        }
    }

    fn change(key: &str, value_json: &str, base_version: i64) -> ChangeRequest {
        ChangeRequest {
            unit_code: "kota-batu".to_owned(),
            indicator_code: "SAKIP".to_owned(),
            value_json: value_json.to_owned(),
            base_version,
            idempotency_key: key.to_owned(),
            request_sha256: format!("sha-{key}-{value_json}"),
            reason: None,
            note: None,
            recommendation: None,
            evidence_link: None,
            allowed: true,
        }
    }

    fn render(entry: &EntryRecord) -> (i64, String) {
        (200, format!("{}@{}", entry.indicator_code, entry.version))
    }

    fn decide(
        state: &mut BatchState,
        period_state: PeriodState,
        may_edit_verified: bool,
        change: &ChangeRequest,
    ) -> ChangeOutcome {
        decide_one(&period(period_state), "pengampu", may_edit_verified, change, &render, NOW, state)
    }

    #[test]
    fn a_change_to_an_open_period_is_applied_and_the_batch_sees_it() {
        let mut state = batch();
        let outcome = decide(&mut state, PeriodState::Open, false, &change("k1", "70", 0));
        let ChangeOutcome::Applied { entry, population } = outcome else { panic!("applied: {outcome:?}") };
        assert_eq!((entry.version, entry.status, entry.value_json.as_str()), (1, EntryStatus::Submitted, "70"));
        assert_eq!(
            (entry.updated_at.as_str(), entry.updated_by.as_str(), population.as_str()),
            (NOW, "pengampu", "kabkota")
        );
        assert_eq!(state.writes.len(), 1);
        assert_eq!(state.new_keys, [("k1".to_owned(), "sha-k1-70".to_owned(), 200, "SAKIP@1".to_owned())]);
        // The next change of the same batch is based on the first one.
        assert!(matches!(
            decide(&mut state, PeriodState::Open, false, &change("k2", "71", 0)),
            ChangeOutcome::Conflict { current: Some(_) }
        ));
        let second = decide(&mut state, PeriodState::Open, false, &change("k3", "72", 1));
        assert!(matches!(second, ChangeOutcome::Applied { ref entry, .. } if entry.version == 2), "{second:?}");
    }

    #[test]
    fn a_repeated_key_answers_the_recorded_response_and_a_reused_one_is_refused() {
        let mut state = batch();
        assert!(matches!(
            decide(&mut state, PeriodState::Open, false, &change("k1", "70", 0)),
            ChangeOutcome::Applied { .. }
        ));
        let replay = decide(&mut state, PeriodState::Open, false, &change("k1", "70", 0));
        assert!(
            matches!(replay, ChangeOutcome::Duplicate { status: 200, ref body } if body == "SAKIP@1"),
            "{replay:?}"
        );
        assert!(matches!(
            decide(&mut state, PeriodState::Open, false, &change("k1", "99", 0)),
            ChangeOutcome::KeyReused
        ));
        // A replay is answered even once the period has closed: the key is checked first.
        assert!(matches!(
            decide(&mut state, PeriodState::Closed, false, &change("k1", "70", 0)),
            ChangeOutcome::Duplicate { .. }
        ));
        assert_eq!(state.writes.len(), 1);
    }

    #[test]
    fn refused_changes_leave_the_batch_untouched() {
        let mut state = batch();
        let forbidden = ChangeRequest { allowed: false, ..change("k1", "70", 0) };
        assert!(matches!(decide(&mut state, PeriodState::Open, true, &forbidden), ChangeOutcome::Forbidden));
        for closed in [PeriodState::Draft, PeriodState::Closed, PeriodState::Published] {
            let outcome = decide(&mut state, closed, true, &change("k2", "70", 0));
            assert!(matches!(outcome, ChangeOutcome::Locked { state } if state == closed), "{closed:?}");
        }
        let stranger = ChangeRequest { unit_code: "kota-entah".to_owned(), ..change("k3", "70", 0) };
        assert!(matches!(decide(&mut state, PeriodState::Open, true, &stranger), ChangeOutcome::UnknownUnit));
        let unscored = ChangeRequest { unit_code: "rsud-a".to_owned(), ..change("k4", "70", 0) };
        let outcome = decide(&mut state, PeriodState::Open, true, &unscored);
        assert!(
            matches!(outcome, ChangeOutcome::Invalid(ref problem) if problem.code == "population_not_in_period"),
            "{outcome:?}"
        );
        let out_of_range = decide(&mut state, PeriodState::Open, true, &change("k5", "150", 0));
        assert!(
            matches!(out_of_range, ChangeOutcome::Invalid(ref problem) if problem.field.as_deref() == Some("value")),
            "{out_of_range:?}"
        );
        let unknown = ChangeRequest { indicator_code: "NOPE".to_owned(), ..change("k6", "70", 0) };
        let outcome = decide(&mut state, PeriodState::Open, true, &unknown);
        assert!(
            matches!(outcome, ChangeOutcome::Invalid(ref problem) if problem.field.as_deref() == Some("indicator")),
            "{outcome:?}"
        );
        assert!(state.writes.is_empty() && state.new_keys.is_empty() && state.entries.is_empty());
    }

    #[test]
    fn a_verified_entry_is_changed_only_by_whoever_may_and_texts_are_kept_or_cleared() {
        let mut state = batch();
        let cell = ("u_kota-batu".to_owned(), "SAKIP".to_owned());
        state.entries.insert(cell.clone(), stored(3, EntryStatus::Verified));
        assert!(matches!(
            decide(&mut state, PeriodState::Open, false, &change("k1", "70", 3)),
            ChangeOutcome::Verified { .. }
        ));
        assert!(matches!(
            decide(&mut state, PeriodState::Open, true, &change("k2", "70", 2)),
            ChangeOutcome::Conflict { .. }
        ));
        let cleared = ChangeRequest { note: Some(String::new()), ..change("k3", "70", 3) };
        let ChangeOutcome::Applied { entry, .. } = decide(&mut state, PeriodState::Open, true, &cleared) else {
            panic!("applied")
        };
        assert_eq!((entry.version, entry.status), (4, EntryStatus::Submitted));
        assert_eq!((entry.note, entry.recommendation.as_deref()), (None, Some("saran")));
        assert_eq!(state.writes[0].1.as_ref().map(|before| before.version), Some(3));
    }

    #[test]
    fn a_status_step_checks_the_version_and_where_it_starts_from() {
        assert!(takes_status_steps(PeriodState::Open) && takes_status_steps(PeriodState::Closed));
        assert!(!takes_status_steps(PeriodState::Draft) && !takes_status_steps(PeriodState::Published));
        let verify = StatusAction::Verify;
        assert_eq!(status_step_refusal(&verify, None, &stored(2, EntryStatus::Submitted)), None);
        assert_eq!(status_step_refusal(&verify, Some(2), &stored(2, EntryStatus::Resolved)), None);
        assert_eq!(
            status_step_refusal(&verify, Some(1), &stored(2, EntryStatus::Submitted)),
            Some(StatusRefusal::Conflict)
        );
        assert_eq!(
            status_step_refusal(&verify, None, &stored(2, EntryStatus::Disputed)),
            Some(StatusRefusal::InvalidTransition)
        );
        // A base version is checked before the status: a stale view is a conflict either way.
        assert_eq!(
            status_step_refusal(&verify, Some(1), &stored(2, EntryStatus::Disputed)),
            Some(StatusRefusal::Conflict)
        );
        let resolve = StatusAction::Resolve { value_json: Some("80".to_owned()) };
        let after = after_status_step(&stored(2, EntryStatus::Disputed), &resolve, "80".to_owned(), "admin", NOW);
        assert_eq!((after.status, after.version, after.value_json.as_str()), (EntryStatus::Resolved, 3, "80"));
        assert_eq!(
            (after.updated_by.as_str(), after.updated_at.as_str(), after.note.as_deref()),
            ("admin", NOW, Some("catatan"))
        );
    }

    #[test]
    fn an_import_counts_new_changed_and_unchanged_values_and_stops_at_verified_ones() {
        let value = |unit_id: &str, value_json: &str| ImportValue {
            unit_id: unit_id.to_owned(),
            indicator_code: "SAKIP".to_owned(),
            value_json: value_json.to_owned(),
        };
        let mut existing = HashMap::new();
        existing.insert(("u_kota-batu".to_owned(), "SAKIP".to_owned()), stored(1, EntryStatus::Verified));
        let values = [value("u_kota-batu", "60"), value("u_new", "70")];
        let (summary, writes) =
            plan_import_writes(&existing, &values, false).expect("an unchanged verified value is fine");
        assert_eq!(summary, ImportSummary { new: 1, changed: 0, unchanged: 1 });
        assert_eq!(writes.len(), 1);
        let values = [value("u_kota-batu", "65"), value("u_new", "70")];
        assert_eq!(
            plan_import_writes(&existing, &values, false).map(|_| ()),
            Err(vec![("u_kota-batu".to_owned(), "SAKIP".to_owned())])
        );
        let (summary, writes) = plan_import_writes(&existing, &values, true).expect("an administrator may");
        assert_eq!(summary, ImportSummary { new: 1, changed: 1, unchanged: 0 });
        assert_eq!(writes[0].1.map(|before| before.version), Some(1));
    }

    #[test]
    fn period_transitions_follow_the_life_cycle() {
        use PeriodState::{Closed, Draft, Open, Published};
        assert!(legal_transition(Draft, Open));
        assert!(legal_transition(Open, Closed));
        assert!(legal_transition(Closed, Open));
        assert!(legal_transition(Closed, Published));
        assert!(!legal_transition(Draft, Published));
        assert!(!legal_transition(Open, Published));
        assert!(!legal_transition(Published, Open));
        assert!(!legal_transition(Open, Open));
    }

    #[test]
    fn statuses_move_only_along_the_workflow() {
        assert!(StatusAction::Verify.allowed_from().contains(&EntryStatus::Submitted));
        assert!(!StatusAction::Verify.allowed_from().contains(&EntryStatus::Disputed));
        assert!(StatusAction::Dispute.allowed_from().contains(&EntryStatus::Verified));
        assert_eq!(StatusAction::Resolve { value_json: None }.allowed_from(), [EntryStatus::Disputed]);
    }
}
