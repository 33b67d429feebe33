//! SQL of the policy monitor, written once with `$N` placeholders and compiled for each engine by
//! `define_queries!` (the conventions of `crate::storage`).
//!
//! Every change is also appended to `entry_audit` (append-only by trigger) under the pseudo-period
//! [`AUDIT_PERIOD`], with `indicator_code` naming what changed: `STAGE:PEDOMAN`, `ACTION:<id>`,
//! or `PUBLISHED` (unit `*`). The Van Meter & Van Horn values are ordinary entries of the
//! `sistem-kerja` period (see `super::period`), audited there like every entry. Real period ids (`2024-q1`) never contain `:`, so the
//! assessment's own history readers never see these rows.

use anyhow::Result;

use crate::storage::Database;
use crate::storage::dispatch::{in_transaction, on_connection};

/// The `entry_audit.period_id` of policy changes.
pub const AUDIT_PERIOD: &str = "policy:sistem-kerja";
/// The `app_meta` key of the "published" switch (`1` or `0`).
pub const PUBLISHED_KEY: &str = "policy_published";
/// The `app_meta` key recording that the policy demo state was loaded.
pub const DEMO_KEY: &str = "policy_demo_loaded";
/// The populations whose units are governments, in display order.
pub const GOVERNMENT_POPULATIONS: [&str; 2] = ["provinsi", "kabkota"];

/// A government (a unit of the `provinsi` or `kabkota` population).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct GovernmentRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub population: String,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct StageRow {
    pub unit_id: String,
    pub stage_code: String,
    pub status: String,
    pub stage_date: Option<String>,
    pub reference: Option<String>,
    pub note: Option<String>,
    pub evidence_url: Option<String>,
    pub version: i64,
    pub updated_at: String,
    pub updated_by: String,
    pub out_of_order: bool,
    pub order_reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ActionRow {
    pub id: String,
    pub unit_id: String,
    pub title: String,
    pub owner: String,
    pub due_date: String,
    pub status: String,
    pub evidence_url: Option<String>,
    pub version: i64,
    pub updated_at: String,
    pub updated_by: String,
    pub owner_role: String,
    pub stage_code: Option<String>,
    pub variable_code: Option<String>,
    pub cancel_reason: Option<String>,
    pub cancelled_at: Option<String>,
    pub cancelled_by: Option<String>,
}

/// A stage's target day.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct TargetRow {
    pub unit_id: String,
    pub stage_code: String,
    pub target_date: String,
}

/// A checkpoint of a monitoring plan.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct CheckpointRow {
    pub stage_code: String,
    pub checkpoint_date: String,
    pub title: String,
}

/// A proposal to move a target day.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ProposalRow {
    pub id: String,
    pub unit_id: String,
    pub stage_code: String,
    pub current_target: Option<String>,
    pub proposed_date: String,
    pub reason: String,
    pub status: String,
    pub proposed_by: String,
    pub proposed_at: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub decision_note: Option<String>,
}

/// An agency: a unit whose parent is a government's unit.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AgencyRow {
    pub id: String,
    pub code: String,
    pub name: String,
    /// The government's unit id.
    pub parent_id: String,
}

/// One agency's element.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ElementRow {
    pub agency_id: String,
    pub element_code: String,
    pub status: String,
    pub note: Option<String>,
    pub evidence_url: Option<String>,
    pub version: i64,
    pub updated_at: String,
    pub updated_by: String,
}

/// A government's guideline contents.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct GuidelineRow {
    pub regulation_number: Option<String>,
    pub regulation_date: Option<String>,
    pub checked_json: String,
    pub updated_at: String,
    pub updated_by: String,
}

/// A plan as written (already checked): targets to set (`Some`) or remove (`None`), and the
/// checkpoints that replace the list when given.
#[derive(Clone, Debug)]
pub struct PlanWrite {
    pub targets: Vec<(String, Option<String>)>,
    pub checkpoints: Option<Vec<CheckpointRow>>,
}

/// An agency element as written (already checked).
#[derive(Clone, Debug)]
pub struct ElementWrite<'a> {
    pub government_id: &'a str,
    pub agency_id: &'a str,
    pub agency_code: &'a str,
    pub element_code: &'a str,
    pub status: &'a str,
    pub note: Option<&'a str>,
    pub evidence_url: Option<&'a str>,
}

/// What a stage write did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StageOutcome {
    Written(Box<StageRow>),
    /// Done while these earlier stages (codes) are not, and not confirmed: nothing stored.
    OutOfOrder(Vec<String>),
}

/// What an action write did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionOutcome {
    Written(Box<ActionRow>),
    /// The government has no such action.
    Missing,
    /// The action is cancelled: it is kept as it is.
    Cancelled,
}

/// What a proposal decision did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecisionOutcome {
    Decided(ProposalRow),
    Missing,
    /// Decided already (the row as it is).
    AlreadyDecided(ProposalRow),
}

/// One audited change (from `entry_audit`).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ChangeRow {
    pub subject: String,
    pub old_value_json: Option<String>,
    pub new_value_json: Option<String>,
    pub changed_by: String,
    pub changed_at: String,
}

/// A stage as written (already checked).
#[derive(Clone, Debug)]
pub struct StageWrite<'a> {
    pub unit_id: &'a str,
    pub stage_code: &'a str,
    pub status: &'a str,
    pub date: Option<&'a str>,
    pub reference: Option<&'a str>,
    pub note: Option<&'a str>,
    pub evidence_url: Option<&'a str>,
    /// The codes of the stages before this one, in order (checked when the status is done).
    pub earlier_stages: &'a [&'a str],
    /// Done out of order is confirmed (with `order_reason`).
    pub confirm_out_of_order: bool,
    pub order_reason: Option<&'a str>,
}

/// An action as written (already checked).
#[derive(Clone, Debug)]
pub struct ActionWrite<'a> {
    pub title: &'a str,
    pub owner_role: &'a str,
    pub owner: &'a str,
    pub due_date: &'a str,
    pub status: &'a str,
    pub stage_code: Option<&'a str>,
    pub variable_code: Option<&'a str>,
    pub evidence_url: Option<&'a str>,
}

/// Who did a change and when (RFC 3339).
#[derive(Clone, Copy, Debug)]
pub struct Stamp<'a> {
    pub actor: &'a str,
    pub now: &'a str,
}

fn stage_json(row: &StageRow) -> String {
    serde_json::json!({
        "status": row.status, "date": row.stage_date, "reference": row.reference,
        "note": row.note, "evidence_url": row.evidence_url,
        "out_of_order": row.out_of_order, "order_reason": row.order_reason,
    })
    .to_string()
}

fn action_json(row: &ActionRow) -> String {
    // A cancelled action keeps its last working status in its row; its history says `dibatalkan`.
    let status = if row.cancel_reason.is_some() { "dibatalkan" } else { row.status.as_str() };
    serde_json::json!({
        "title": row.title, "owner_role": row.owner_role, "owner": row.owner, "due_date": row.due_date,
        "status": status, "stage_code": row.stage_code, "variable_code": row.variable_code,
        "evidence_url": row.evidence_url, "cancel_reason": row.cancel_reason,
    })
    .to_string()
}

fn plan_json(targets: &[TargetRow], checkpoints: &[CheckpointRow]) -> String {
    serde_json::json!({
        "targets": targets.iter().map(|row| serde_json::json!({"stage_code": row.stage_code, "target_date": row.target_date})).collect::<Vec<_>>(),
        "checkpoints": checkpoints.iter().map(|row| serde_json::json!({
            "stage_code": row.stage_code, "date": row.checkpoint_date, "title": row.title,
        })).collect::<Vec<_>>(),
    })
    .to_string()
}

fn proposal_json(row: &ProposalRow) -> String {
    serde_json::json!({
        "stage_code": row.stage_code, "current_target": row.current_target, "proposed_date": row.proposed_date,
        "reason": row.reason, "status": row.status, "decision_note": row.decision_note,
    })
    .to_string()
}

fn element_json(row: &ElementRow) -> String {
    serde_json::json!({"status": row.status, "note": row.note, "evidence_url": row.evidence_url}).to_string()
}

fn guideline_json(row: &GuidelineRow) -> String {
    let checked: serde_json::Value = serde_json::from_str(&row.checked_json).unwrap_or_default();
    serde_json::json!({
        "regulation_number": row.regulation_number, "regulation_date": row.regulation_date, "checked": checked,
    })
    .to_string()
}

macro_rules! define_queries {
    ($engine:ty, $engine_module:ident) => {
        use anyhow::{Context, Result};

        use super::super::{
            AUDIT_PERIOD, ActionOutcome, ActionRow, ActionWrite, AgencyRow, ChangeRow, CheckpointRow, DecisionOutcome,
            ElementRow, ElementWrite, GovernmentRow, GuidelineRow, PUBLISHED_KEY, PlanWrite, ProposalRow, Stamp,
            StageOutcome, StageRow, StageWrite, TargetRow, action_json, element_json, guideline_json, plan_json,
            proposal_json, stage_json,
        };

        type Connection = <$engine as sqlx::Database>::Connection;

        const STAGE_COLUMNS: &str = "unit_id, stage_code, status, stage_date, reference, note, evidence_url, version, \
             updated_at, updated_by, out_of_order, order_reason";
        const ACTION_COLUMNS: &str = "id, unit_id, title, owner, due_date, status, evidence_url, version, updated_at, \
             updated_by, owner_role, stage_code, variable_code, cancel_reason, cancelled_at, cancelled_by";
        const PROPOSAL_COLUMNS: &str = "id, unit_id, stage_code, current_target, proposed_date, reason, status, \
             proposed_by, proposed_at, decided_by, decided_at, decision_note";
        const ELEMENT_COLUMNS: &str =
            "agency_id, element_code, status, note, evidence_url, version, updated_at, updated_by";

        pub async fn governments(connection: &mut Connection) -> Result<Vec<GovernmentRow>> {
            sqlx::query_as::<_, GovernmentRow>(
                "SELECT id, code, name, population FROM units WHERE active AND population IN ('provinsi', 'kabkota') \
                 ORDER BY CASE population WHEN 'provinsi' THEN 0 ELSE 1 END, name, code",
            )
            .fetch_all(&mut *connection)
            .await
            .context("cannot read the governments")
        }

        pub async fn government(connection: &mut Connection, unit_code: &str) -> Result<Option<GovernmentRow>> {
            sqlx::query_as::<_, GovernmentRow>(
                "SELECT id, code, name, population FROM units \
                 WHERE code = $1 AND active AND population IN ('provinsi', 'kabkota')",
            )
            .bind(unit_code)
            .fetch_optional(&mut *connection)
            .await
            .with_context(|| format!("cannot read government {unit_code}"))
        }

        pub async fn stages(connection: &mut Connection, unit_id: Option<&str>) -> Result<Vec<StageRow>> {
            let sql = format!("SELECT {STAGE_COLUMNS} FROM policy_stages WHERE ($1 IS NULL OR unit_id = $1)");
            sqlx::query_as::<_, StageRow>(&sql)
                .bind(unit_id)
                .fetch_all(&mut *connection)
                .await
                .context("cannot read policy stages")
        }

        pub async fn actions(connection: &mut Connection, unit_id: Option<&str>) -> Result<Vec<ActionRow>> {
            let sql = format!(
                "SELECT {ACTION_COLUMNS} FROM policy_actions WHERE ($1 IS NULL OR unit_id = $1) ORDER BY due_date, created_at, id"
            );
            sqlx::query_as::<_, ActionRow>(&sql)
                .bind(unit_id)
                .fetch_all(&mut *connection)
                .await
                .context("cannot read policy actions")
        }

        pub async fn history(connection: &mut Connection, unit_id: &str) -> Result<Vec<ChangeRow>> {
            sqlx::query_as::<_, ChangeRow>(
                "SELECT indicator_code AS subject, old_value_json, new_value_json, changed_by, changed_at FROM entry_audit \
                 WHERE period_id = $1 AND unit_id = $2 ORDER BY id DESC",
            )
            .bind(AUDIT_PERIOD)
            .bind(unit_id)
            .fetch_all(&mut *connection)
            .await
            .context("cannot read the policy history")
        }

        pub async fn published(connection: &mut Connection) -> Result<bool> {
            let row: Option<(String,)> = sqlx::query_as("SELECT value FROM app_meta WHERE key = $1")
                .bind(PUBLISHED_KEY)
                .fetch_optional(&mut *connection)
                .await
                .context("cannot read the policy publication switch")?;
            Ok(row.is_some_and(|(value,)| value == "1"))
        }

        pub async fn meta_present(connection: &mut Connection, key: &str) -> Result<bool> {
            let row: Option<(String,)> = sqlx::query_as("SELECT value FROM app_meta WHERE key = $1")
                .bind(key)
                .fetch_optional(&mut *connection)
                .await
                .with_context(|| format!("cannot read app_meta {key}"))?;
            Ok(row.is_some())
        }

        async fn audit(
            connection: &mut Connection,
            unit_id: &str,
            subject: &str,
            old: Option<(&str, String)>,
            new: (&str, String),
            stamp: Stamp<'_>,
        ) -> Result<()> {
            sqlx::query(
                "INSERT INTO entry_audit (period_id, unit_id, indicator_code, old_value_json, new_value_json, old_status, \
                 new_status, changed_by, changed_at, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(AUDIT_PERIOD)
            .bind(unit_id)
            .bind(subject)
            .bind(old.as_ref().map(|(_, json)| json.clone()))
            .bind(&new.1)
            .bind(old.as_ref().map(|(status, _)| (*status).to_owned()))
            .bind(new.0)
            .bind(stamp.actor)
            .bind(stamp.now)
            .bind("sistem kerja")
            .execute(&mut *connection)
            .await
            .with_context(|| format!("cannot audit {subject}"))?;
            Ok(())
        }

        /// Serialises the writes of one government's stages and actions until the transaction
        /// ends: a no-op `UPDATE` of its unit row takes the row lock on PostgreSQL and the write
        /// lock on SQLite before anything is read (as `lock_period` does for entries), so a
        /// concurrent write neither reads a stale version nor fails with `SQLITE_BUSY`.
        async fn lock_government(connection: &mut Connection, unit_id: &str) -> Result<()> {
            sqlx::query("UPDATE units SET active = active WHERE id = $1")
                .bind(unit_id)
                .execute(&mut *connection)
                .await
                .with_context(|| format!("cannot lock government {unit_id}"))?;
            Ok(())
        }

        /// Inserts or replaces one stage (version + 1) and audits old and new, in the caller's
        /// transaction.
        pub async fn put_stage(connection: &mut Connection, write: &StageWrite<'_>, stamp: Stamp<'_>) -> Result<StageOutcome> {
            lock_government(&mut *connection, write.unit_id).await?;
            let mut out_of_order = false;
            if write.status == "selesai" && !write.earlier_stages.is_empty() {
                let done: Vec<(String,)> =
                    sqlx::query_as("SELECT stage_code FROM policy_stages WHERE unit_id = $1 AND status = 'selesai'")
                        .bind(write.unit_id)
                        .fetch_all(&mut *connection)
                        .await
                        .context("cannot read the finished stages")?;
                let missing: Vec<String> = write
                    .earlier_stages
                    .iter()
                    .filter(|code| !done.iter().any(|(done,)| done == *code))
                    .map(|code| (*code).to_owned())
                    .collect();
                if !missing.is_empty() && !write.confirm_out_of_order {
                    return Ok(StageOutcome::OutOfOrder(missing));
                }
                out_of_order = !missing.is_empty();
            }
            let order_reason = if out_of_order { write.order_reason } else { None };
            let sql = format!("SELECT {STAGE_COLUMNS} FROM policy_stages WHERE unit_id = $1 AND stage_code = $2");
            let old = sqlx::query_as::<_, StageRow>(&sql)
                .bind(write.unit_id)
                .bind(write.stage_code)
                .fetch_optional(&mut *connection)
                .await
                .context("cannot read the stage before changing it")?;
            let version = old.as_ref().map_or(1, |old| old.version + 1);
            sqlx::query(
                "INSERT INTO policy_stages (unit_id, stage_code, status, stage_date, reference, note, evidence_url, version, \
                 updated_at, updated_by, out_of_order, order_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
                 ON CONFLICT (unit_id, stage_code) DO UPDATE SET status = $3, stage_date = $4, reference = $5, note = $6, \
                 evidence_url = $7, version = $8, updated_at = $9, updated_by = $10, out_of_order = $11, order_reason = $12",
            )
            .bind(write.unit_id)
            .bind(write.stage_code)
            .bind(write.status)
            .bind(write.date)
            .bind(write.reference)
            .bind(write.note)
            .bind(write.evidence_url)
            .bind(version)
            .bind(stamp.now)
            .bind(stamp.actor)
            .bind(out_of_order)
            .bind(order_reason)
            .execute(&mut *connection)
            .await
            .context("cannot store the stage")?;
            let new = StageRow {
                unit_id: write.unit_id.to_owned(),
                stage_code: write.stage_code.to_owned(),
                status: write.status.to_owned(),
                stage_date: write.date.map(str::to_owned),
                reference: write.reference.map(str::to_owned),
                note: write.note.map(str::to_owned),
                evidence_url: write.evidence_url.map(str::to_owned),
                version,
                updated_at: stamp.now.to_owned(),
                updated_by: stamp.actor.to_owned(),
                out_of_order,
                order_reason: order_reason.map(str::to_owned),
            };
            let old_audit = old.as_ref().map(|old| (old.status.as_str(), stage_json(old)));
            audit(connection, write.unit_id, &format!("STAGE:{}", write.stage_code), old_audit, (write.status, stage_json(&new)), stamp)
                .await?;
            Ok(StageOutcome::Written(Box::new(new)))
        }

        /// Creates (`action_id` new) or replaces an action of `unit_id` and audits it; `None` when
        /// replacing an action that this unit does not have.
        pub async fn put_action(
            connection: &mut Connection,
            unit_id: &str,
            action_id: &str,
            create: bool,
            write: &ActionWrite<'_>,
            stamp: Stamp<'_>,
        ) -> Result<ActionOutcome> {
            lock_government(&mut *connection, unit_id).await?;
            let sql = format!("SELECT {ACTION_COLUMNS} FROM policy_actions WHERE id = $1 AND unit_id = $2");
            let old = sqlx::query_as::<_, ActionRow>(&sql)
                .bind(action_id)
                .bind(unit_id)
                .fetch_optional(&mut *connection)
                .await
                .context("cannot read the action before changing it")?;
            if old.is_none() && !create {
                return Ok(ActionOutcome::Missing);
            }
            if old.as_ref().is_some_and(|old| old.cancel_reason.is_some()) {
                return Ok(ActionOutcome::Cancelled);
            }
            let version = old.as_ref().map_or(1, |old| old.version + 1);
            // Both statements take the same thirteen parameters in the same order.
            let sql = if old.is_some() {
                "UPDATE policy_actions SET title = $3, owner = $4, due_date = $5, status = $6, evidence_url = $7, \
                 version = $8, updated_at = $9, updated_by = $10, owner_role = $11, stage_code = $12, variable_code = $13 \
                 WHERE id = $1 AND unit_id = $2"
            } else {
                "INSERT INTO policy_actions (id, unit_id, title, owner, due_date, status, evidence_url, version, created_at, \
                 updated_at, updated_by, owner_role, stage_code, variable_code) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, $12, $13)"
            };
            sqlx::query(sql)
                .bind(action_id)
                .bind(unit_id)
                .bind(write.title)
                .bind(write.owner)
                .bind(write.due_date)
                .bind(write.status)
                .bind(write.evidence_url)
                .bind(version)
                .bind(stamp.now)
                .bind(stamp.actor)
                .bind(write.owner_role)
                .bind(write.stage_code)
                .bind(write.variable_code)
                .execute(&mut *connection)
                .await
                .context("cannot store the action")?;
            let new = ActionRow {
                id: action_id.to_owned(),
                unit_id: unit_id.to_owned(),
                title: write.title.to_owned(),
                owner: write.owner.to_owned(),
                due_date: write.due_date.to_owned(),
                status: write.status.to_owned(),
                evidence_url: write.evidence_url.map(str::to_owned),
                version,
                updated_at: stamp.now.to_owned(),
                updated_by: stamp.actor.to_owned(),
                owner_role: write.owner_role.to_owned(),
                stage_code: write.stage_code.map(str::to_owned),
                variable_code: write.variable_code.map(str::to_owned),
                cancel_reason: None,
                cancelled_at: None,
                cancelled_by: None,
            };
            let old_audit = old.as_ref().map(|old| (old.status.as_str(), action_json(old)));
            audit(connection, unit_id, &format!("ACTION:{action_id}"), old_audit, (write.status, action_json(&new)), stamp).await?;
            Ok(ActionOutcome::Written(Box::new(new)))
        }

        /// Cancels an action with a reason (kept; the audit keeps the action before).
        pub async fn cancel_action(
            connection: &mut Connection,
            unit_id: &str,
            action_id: &str,
            reason: &str,
            stamp: Stamp<'_>,
        ) -> Result<ActionOutcome> {
            lock_government(&mut *connection, unit_id).await?;
            let sql = format!("SELECT {ACTION_COLUMNS} FROM policy_actions WHERE id = $1 AND unit_id = $2");
            let Some(old) = sqlx::query_as::<_, ActionRow>(&sql)
                .bind(action_id)
                .bind(unit_id)
                .fetch_optional(&mut *connection)
                .await
                .context("cannot read the action before cancelling it")?
            else {
                return Ok(ActionOutcome::Missing);
            };
            if old.cancel_reason.is_some() {
                return Ok(ActionOutcome::Cancelled);
            }
            sqlx::query(
                "UPDATE policy_actions SET cancel_reason = $3, cancelled_at = $4, cancelled_by = $5, version = $6, \
                 updated_at = $4, updated_by = $5 WHERE id = $1 AND unit_id = $2",
            )
            .bind(action_id)
            .bind(unit_id)
            .bind(reason)
            .bind(stamp.now)
            .bind(stamp.actor)
            .bind(old.version + 1)
            .execute(&mut *connection)
            .await
            .context("cannot cancel the action")?;
            let new = ActionRow {
                cancel_reason: Some(reason.to_owned()),
                cancelled_at: Some(stamp.now.to_owned()),
                cancelled_by: Some(stamp.actor.to_owned()),
                version: old.version + 1,
                updated_at: stamp.now.to_owned(),
                updated_by: stamp.actor.to_owned(),
                ..old.clone()
            };
            audit(connection, unit_id, &format!("ACTION:{action_id}"), Some((old.status.as_str(), action_json(&old))), ("dibatalkan", action_json(&new)), stamp)
                .await?;
            Ok(ActionOutcome::Written(Box::new(new)))
        }

        pub async fn targets(connection: &mut Connection, unit_id: Option<&str>) -> Result<Vec<TargetRow>> {
            sqlx::query_as::<_, TargetRow>(
                "SELECT unit_id, stage_code, target_date FROM policy_targets WHERE ($1 IS NULL OR unit_id = $1)",
            )
            .bind(unit_id)
            .fetch_all(&mut *connection)
            .await
            .context("cannot read the target dates")
        }

        pub async fn checkpoints(connection: &mut Connection, unit_id: &str) -> Result<Vec<CheckpointRow>> {
            sqlx::query_as::<_, CheckpointRow>(
                "SELECT stage_code, checkpoint_date, title FROM policy_checkpoints WHERE unit_id = $1 \
                 ORDER BY checkpoint_date, position",
            )
            .bind(unit_id)
            .fetch_all(&mut *connection)
            .await
            .context("cannot read the checkpoints")
        }

        async fn set_target(
            connection: &mut Connection,
            unit_id: &str,
            stage_code: &str,
            target: Option<&str>,
            stamp: Stamp<'_>,
        ) -> Result<()> {
            match target {
                Some(target) => sqlx::query(
                    "INSERT INTO policy_targets (unit_id, stage_code, target_date, updated_at, updated_by) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (unit_id, stage_code) DO UPDATE SET target_date = $3, \
                     updated_at = $4, updated_by = $5",
                )
                .bind(unit_id)
                .bind(stage_code)
                .bind(target)
                .bind(stamp.now)
                .bind(stamp.actor)
                .execute(&mut *connection)
                .await
                .context("cannot store a target date")?,
                None => sqlx::query("DELETE FROM policy_targets WHERE unit_id = $1 AND stage_code = $2")
                    .bind(unit_id)
                    .bind(stage_code)
                    .execute(&mut *connection)
                    .await
                    .context("cannot remove a target date")?,
            };
            Ok(())
        }

        /// Sets the plan (targets listed, checkpoints when given) and audits it whole as `PLAN`.
        pub async fn put_plan(connection: &mut Connection, unit_id: &str, write: &PlanWrite, stamp: Stamp<'_>) -> Result<()> {
            lock_government(&mut *connection, unit_id).await?;
            let old_targets = targets(&mut *connection, Some(unit_id)).await?;
            let old_checkpoints = checkpoints(&mut *connection, unit_id).await?;
            for (stage_code, target) in &write.targets {
                set_target(&mut *connection, unit_id, stage_code, target.as_deref(), stamp).await?;
            }
            if let Some(list) = &write.checkpoints {
                sqlx::query("DELETE FROM policy_checkpoints WHERE unit_id = $1")
                    .bind(unit_id)
                    .execute(&mut *connection)
                    .await
                    .context("cannot clear the checkpoints")?;
                for (position, checkpoint) in list.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO policy_checkpoints (unit_id, position, stage_code, checkpoint_date, title) \
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(unit_id)
                    .bind(i64::try_from(position).context("position")?)
                    .bind(&checkpoint.stage_code)
                    .bind(&checkpoint.checkpoint_date)
                    .bind(&checkpoint.title)
                    .execute(&mut *connection)
                    .await
                    .context("cannot store a checkpoint")?;
                }
            }
            let new_targets = targets(&mut *connection, Some(unit_id)).await?;
            let new_checkpoints = checkpoints(&mut *connection, unit_id).await?;
            audit(
                connection,
                unit_id,
                "PLAN",
                Some(("", plan_json(&old_targets, &old_checkpoints))),
                ("", plan_json(&new_targets, &new_checkpoints)),
                stamp,
            )
            .await
        }

        pub async fn proposals(connection: &mut Connection, unit_id: &str) -> Result<Vec<ProposalRow>> {
            let sql = format!("SELECT {PROPOSAL_COLUMNS} FROM policy_proposals WHERE unit_id = $1 ORDER BY proposed_at DESC, id DESC");
            sqlx::query_as::<_, ProposalRow>(&sql)
                .bind(unit_id)
                .fetch_all(&mut *connection)
                .await
                .context("cannot read the proposals")
        }

        /// Stores a new proposal (its `current_target` read under the government's lock).
        pub async fn create_proposal(connection: &mut Connection, row: &ProposalRow, stamp: Stamp<'_>) -> Result<ProposalRow> {
            lock_government(&mut *connection, &row.unit_id).await?;
            let current: Option<(String,)> =
                sqlx::query_as("SELECT target_date FROM policy_targets WHERE unit_id = $1 AND stage_code = $2")
                    .bind(&row.unit_id)
                    .bind(&row.stage_code)
                    .fetch_optional(&mut *connection)
                    .await
                    .context("cannot read the target date")?;
            let row = ProposalRow { current_target: current.map(|(date,)| date), ..row.clone() };
            let sql = format!(
                "INSERT INTO policy_proposals ({PROPOSAL_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
            );
            sqlx::query(&sql)
                .bind(&row.id)
                .bind(&row.unit_id)
                .bind(&row.stage_code)
                .bind(&row.current_target)
                .bind(&row.proposed_date)
                .bind(&row.reason)
                .bind(&row.status)
                .bind(&row.proposed_by)
                .bind(&row.proposed_at)
                .bind(&row.decided_by)
                .bind(&row.decided_at)
                .bind(&row.decision_note)
                .execute(&mut *connection)
                .await
                .context("cannot store the proposal")?;
            audit(connection, &row.unit_id, &format!("PROPOSAL:{}", row.id), None, (row.status.as_str(), proposal_json(&row)), stamp)
                .await?;
            Ok(row)
        }

        /// Accepts (and moves the target) or rejects a proposal that is still open.
        pub async fn decide_proposal(
            connection: &mut Connection,
            unit_id: &str,
            proposal_id: &str,
            accept: bool,
            note: Option<&str>,
            stamp: Stamp<'_>,
        ) -> Result<DecisionOutcome> {
            lock_government(&mut *connection, unit_id).await?;
            let sql = format!("SELECT {PROPOSAL_COLUMNS} FROM policy_proposals WHERE id = $1 AND unit_id = $2");
            let Some(old) = sqlx::query_as::<_, ProposalRow>(&sql)
                .bind(proposal_id)
                .bind(unit_id)
                .fetch_optional(&mut *connection)
                .await
                .context("cannot read the proposal")?
            else {
                return Ok(DecisionOutcome::Missing);
            };
            if old.status != "diajukan" {
                return Ok(DecisionOutcome::AlreadyDecided(old));
            }
            let status = if accept { "diterima" } else { "ditolak" };
            sqlx::query(
                "UPDATE policy_proposals SET status = $3, decided_by = $4, decided_at = $5, decision_note = $6 \
                 WHERE id = $1 AND unit_id = $2",
            )
            .bind(proposal_id)
            .bind(unit_id)
            .bind(status)
            .bind(stamp.actor)
            .bind(stamp.now)
            .bind(note)
            .execute(&mut *connection)
            .await
            .context("cannot decide the proposal")?;
            if accept {
                let old_targets = targets(&mut *connection, Some(unit_id)).await?;
                let old_checkpoints = checkpoints(&mut *connection, unit_id).await?;
                set_target(&mut *connection, unit_id, &old.stage_code, Some(&old.proposed_date), stamp).await?;
                let new_targets = targets(&mut *connection, Some(unit_id)).await?;
                audit(
                    &mut *connection,
                    unit_id,
                    "PLAN",
                    Some(("", plan_json(&old_targets, &old_checkpoints))),
                    ("", plan_json(&new_targets, &old_checkpoints)),
                    stamp,
                )
                .await?;
            }
            let new = ProposalRow {
                status: status.to_owned(),
                decided_by: Some(stamp.actor.to_owned()),
                decided_at: Some(stamp.now.to_owned()),
                decision_note: note.map(str::to_owned),
                ..old.clone()
            };
            audit(connection, unit_id, &format!("PROPOSAL:{proposal_id}"), Some((old.status.as_str(), proposal_json(&old))), (status, proposal_json(&new)), stamp)
                .await?;
            Ok(DecisionOutcome::Decided(new))
        }

        /// The agencies of one government (`parent_id`) or of all: active units whose parent is
        /// a government's unit, in a population that no CETTAR period binds.
        pub async fn agencies(connection: &mut Connection, parent_id: Option<&str>) -> Result<Vec<AgencyRow>> {
            sqlx::query_as::<_, AgencyRow>(
                "SELECT u.id, u.code, u.name, u.parent_id FROM units u JOIN units g ON g.id = u.parent_id \
                 WHERE u.active AND g.population IN ('provinsi', 'kabkota') AND ($1 IS NULL OR u.parent_id = $1) \
                 AND u.population NOT IN (SELECT pr.population FROM period_rubrics pr JOIN periods p ON p.id = pr.period_id \
                 WHERE p.kind <> 'sistem-kerja') ORDER BY u.name, u.code",
            )
            .bind(parent_id)
            .fetch_all(&mut *connection)
            .await
            .context("cannot read the agencies")
        }

        pub async fn elements(connection: &mut Connection, parent_id: Option<&str>) -> Result<Vec<ElementRow>> {
            let sql = format!(
                "SELECT {ELEMENT_COLUMNS} FROM policy_agency_elements WHERE agency_id IN \
                 (SELECT id FROM units WHERE ($1 IS NULL OR parent_id = $1))"
            );
            sqlx::query_as::<_, ElementRow>(&sql)
                .bind(parent_id)
                .fetch_all(&mut *connection)
                .await
                .context("cannot read the agencies' elements")
        }

        /// Inserts or replaces one agency element (version + 1), audited under the government as
        /// `AGENCY:<agency code>:<element code>`.
        pub async fn put_element(connection: &mut Connection, write: &ElementWrite<'_>, stamp: Stamp<'_>) -> Result<ElementRow> {
            lock_government(&mut *connection, write.government_id).await?;
            let sql = format!("SELECT {ELEMENT_COLUMNS} FROM policy_agency_elements WHERE agency_id = $1 AND element_code = $2");
            let old = sqlx::query_as::<_, ElementRow>(&sql)
                .bind(write.agency_id)
                .bind(write.element_code)
                .fetch_optional(&mut *connection)
                .await
                .context("cannot read the element before changing it")?;
            let version = old.as_ref().map_or(1, |old| old.version + 1);
            sqlx::query(
                "INSERT INTO policy_agency_elements (agency_id, element_code, status, note, evidence_url, version, updated_at, \
                 updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (agency_id, element_code) DO UPDATE SET \
                 status = $3, note = $4, evidence_url = $5, version = $6, updated_at = $7, updated_by = $8",
            )
            .bind(write.agency_id)
            .bind(write.element_code)
            .bind(write.status)
            .bind(write.note)
            .bind(write.evidence_url)
            .bind(version)
            .bind(stamp.now)
            .bind(stamp.actor)
            .execute(&mut *connection)
            .await
            .context("cannot store the element")?;
            let new = ElementRow {
                agency_id: write.agency_id.to_owned(),
                element_code: write.element_code.to_owned(),
                status: write.status.to_owned(),
                note: write.note.map(str::to_owned),
                evidence_url: write.evidence_url.map(str::to_owned),
                version,
                updated_at: stamp.now.to_owned(),
                updated_by: stamp.actor.to_owned(),
            };
            let old_audit = old.as_ref().map(|old| (old.status.as_str(), element_json(old)));
            let subject = format!("AGENCY:{}:{}", write.agency_code, write.element_code);
            audit(connection, write.government_id, &subject, old_audit, (write.status, element_json(&new)), stamp).await?;
            Ok(new)
        }

        pub async fn guideline(connection: &mut Connection, unit_id: &str) -> Result<Option<GuidelineRow>> {
            sqlx::query_as::<_, GuidelineRow>(
                "SELECT regulation_number, regulation_date, checked_json, updated_at, updated_by FROM policy_guidelines \
                 WHERE unit_id = $1",
            )
            .bind(unit_id)
            .fetch_optional(&mut *connection)
            .await
            .context("cannot read the guideline")
        }

        pub async fn put_guideline(connection: &mut Connection, unit_id: &str, row: &GuidelineRow, stamp: Stamp<'_>) -> Result<()> {
            lock_government(&mut *connection, unit_id).await?;
            let old = guideline(&mut *connection, unit_id).await?;
            sqlx::query(
                "INSERT INTO policy_guidelines (unit_id, regulation_number, regulation_date, checked_json, updated_at, updated_by) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (unit_id) DO UPDATE SET regulation_number = $2, \
                 regulation_date = $3, checked_json = $4, updated_at = $5, updated_by = $6",
            )
            .bind(unit_id)
            .bind(&row.regulation_number)
            .bind(&row.regulation_date)
            .bind(&row.checked_json)
            .bind(stamp.now)
            .bind(stamp.actor)
            .execute(&mut *connection)
            .await
            .context("cannot store the guideline")?;
            let old_audit = old.as_ref().map(|old| ("", guideline_json(old)));
            audit(connection, unit_id, "GUIDELINE", old_audit, ("", guideline_json(row)), stamp).await
        }

        /// Binds `rubric_version_id` to `population` in `period_id` (no-op when bound).
        pub async fn bind_population(
            connection: &mut Connection,
            period_id: &str,
            population: &str,
            rubric_version_id: &str,
        ) -> Result<()> {
            sqlx::query(
                "INSERT INTO period_rubrics (period_id, population, rubric_version_id) VALUES ($1, $2, $3) \
                 ON CONFLICT (period_id, population) DO NOTHING",
            )
            .bind(period_id)
            .bind(population)
            .bind(rubric_version_id)
            .execute(&mut *connection)
            .await
            .with_context(|| format!("cannot bind {rubric_version_id} to {population} in {period_id}"))?;
            Ok(())
        }

        pub async fn set_published(connection: &mut Connection, published: bool, stamp: Stamp<'_>) -> Result<()> {
            // Takes the write lock before reading (see `lock_government`).
            sqlx::query("UPDATE app_meta SET value = value WHERE key = $1")
                .bind(PUBLISHED_KEY)
                .execute(&mut *connection)
                .await
                .context("cannot lock the policy publication switch")?;
            let old = published_value(&mut *connection).await?;
            let value = if published { "1" } else { "0" };
            sqlx::query(
                // `app_meta.updated_at` keeps its database default (a TIMESTAMPTZ on PostgreSQL);
                // when and by whom is in the audit.
                "INSERT INTO app_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = $2",
            )
            .bind(PUBLISHED_KEY)
            .bind(value)
            .execute(&mut *connection)
            .await
            .context("cannot store the policy publication switch")?;
            let old_audit = old.map(|old| ("", format!(r#"{{"published":{}}}"#, old == "1")));
            audit(connection, "*", "PUBLISHED", old_audit, ("", format!(r#"{{"published":{published}}}"#)), stamp).await
        }

        async fn published_value(connection: &mut Connection) -> Result<Option<String>> {
            let row: Option<(String,)> = sqlx::query_as("SELECT value FROM app_meta WHERE key = $1")
                .bind(PUBLISHED_KEY)
                .fetch_optional(&mut *connection)
                .await
                .context("cannot read the policy publication switch")?;
            Ok(row.map(|(value,)| value))
        }

        /// Records `key` in `app_meta`; `false` when it was there already (someone else won).
        pub async fn claim_meta(connection: &mut Connection, key: &str, now: &str) -> Result<bool> {
            let inserted = sqlx::query(
                "INSERT INTO app_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
            )
            .bind(key)
            .bind(now)
            .execute(&mut *connection)
            .await
            .with_context(|| format!("cannot record {key}"))?;
            Ok(inserted.rows_affected() == 1)
        }

        /// Adds a population and an agency unit under `parent_id` when missing (demo data), and
        /// answers the agency's id.
        pub async fn ensure_agency(
            connection: &mut Connection,
            unit_id: &str,
            code: &str,
            name: &str,
            population: (&str, &str, &str),
            parent_id: &str,
            now: &str,
        ) -> Result<String> {
            sqlx::query(
                "INSERT INTO populations (code, name, name_en, sort_order) VALUES ($1, $2, $3, 9) ON CONFLICT (code) DO NOTHING",
            )
            .bind(population.0)
            .bind(population.1)
            .bind(population.2)
            .execute(&mut *connection)
            .await
            .context("cannot add the agencies' population")?;
            sqlx::query(
                "INSERT INTO units (id, code, name, population, active, created_at, parent_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO NOTHING",
            )
            .bind(unit_id)
            .bind(code)
            .bind(name)
            .bind(population.0)
            .bind(true)
            .bind(now)
            .bind(parent_id)
            .execute(&mut *connection)
            .await
            .context("cannot add an agency")?;
            let (id,): (String,) = sqlx::query_as("SELECT id FROM units WHERE code = $1")
                .bind(code)
                .fetch_one(&mut *connection)
                .await
                .context("cannot read the agency")?;
            Ok(id)
        }

        /// Adds the `provinsi` population and the province's unit when missing.
        pub async fn ensure_province(connection: &mut Connection, unit_id: &str, code: &str, name: &str, now: &str) -> Result<()> {
            sqlx::query(
                "INSERT INTO populations (code, name, name_en, sort_order) VALUES ('provinsi', 'Pemerintah Provinsi', \
                 'Provincial government', 4) ON CONFLICT (code) DO NOTHING",
            )
            .execute(&mut *connection)
            .await
            .context("cannot add the provinsi population")?;
            sqlx::query(
                "INSERT INTO units (id, code, name, population, active, created_at) VALUES ($1, $2, $3, 'provinsi', $4, $5) \
                 ON CONFLICT (code) DO NOTHING",
            )
            .bind(unit_id)
            .bind(code)
            .bind(name)
            .bind(true)
            .bind(now)
            .execute(&mut *connection)
            .await
            .context("cannot add the province's unit")?;
            Ok(())
        }
    };
}

pub(crate) mod queries {
    crate::storage::dispatch::for_each_engine!(define_queries);
}

/// The policy monitor's view of the database.
#[derive(Clone, Debug)]
pub struct PolicyStore<'a> {
    database: &'a Database,
}

impl<'a> PolicyStore<'a> {
    pub fn new(database: &'a Database) -> Self {
        Self { database }
    }

    pub fn database(&self) -> &'a Database {
        self.database
    }

    pub async fn governments(&self) -> Result<Vec<GovernmentRow>> {
        on_connection!(self.database, queries, |connection, q| q::governments(&mut connection).await)
    }

    pub async fn government(&self, unit_code: &str) -> Result<Option<GovernmentRow>> {
        on_connection!(self.database, queries, |connection, q| q::government(&mut connection, unit_code).await)
    }

    pub async fn stages(&self, unit_id: Option<&str>) -> Result<Vec<StageRow>> {
        on_connection!(self.database, queries, |connection, q| q::stages(&mut connection, unit_id).await)
    }

    pub async fn actions(&self, unit_id: Option<&str>) -> Result<Vec<ActionRow>> {
        on_connection!(self.database, queries, |connection, q| q::actions(&mut connection, unit_id).await)
    }

    pub async fn history(&self, unit_id: &str) -> Result<Vec<ChangeRow>> {
        on_connection!(self.database, queries, |connection, q| q::history(&mut connection, unit_id).await)
    }

    pub async fn published(&self) -> Result<bool> {
        on_connection!(self.database, queries, |connection, q| q::published(&mut connection).await)
    }

    pub async fn meta_present(&self, key: &str) -> Result<bool> {
        on_connection!(self.database, queries, |connection, q| q::meta_present(&mut connection, key).await)
    }

    pub async fn put_stage(&self, write: &StageWrite<'_>, stamp: Stamp<'_>) -> Result<StageOutcome> {
        in_transaction!(self.database, queries, |transaction, q| q::put_stage(&mut transaction, write, stamp).await)
    }

    pub async fn put_action(
        &self,
        unit_id: &str,
        action_id: &str,
        create: bool,
        write: &ActionWrite<'_>,
        stamp: Stamp<'_>,
    ) -> Result<ActionOutcome> {
        in_transaction!(self.database, queries, |transaction, q| {
            q::put_action(&mut transaction, unit_id, action_id, create, write, stamp).await
        })
    }

    pub async fn cancel_action(
        &self,
        unit_id: &str,
        action_id: &str,
        reason: &str,
        stamp: Stamp<'_>,
    ) -> Result<ActionOutcome> {
        in_transaction!(self.database, queries, |transaction, q| {
            q::cancel_action(&mut transaction, unit_id, action_id, reason, stamp).await
        })
    }

    pub async fn targets(&self, unit_id: Option<&str>) -> Result<Vec<TargetRow>> {
        on_connection!(self.database, queries, |connection, q| q::targets(&mut connection, unit_id).await)
    }

    pub async fn checkpoints(&self, unit_id: &str) -> Result<Vec<CheckpointRow>> {
        on_connection!(self.database, queries, |connection, q| q::checkpoints(&mut connection, unit_id).await)
    }

    pub async fn put_plan(&self, unit_id: &str, write: &PlanWrite, stamp: Stamp<'_>) -> Result<()> {
        in_transaction!(self.database, queries, |transaction, q| q::put_plan(&mut transaction, unit_id, write, stamp)
            .await)
    }

    pub async fn proposals(&self, unit_id: &str) -> Result<Vec<ProposalRow>> {
        on_connection!(self.database, queries, |connection, q| q::proposals(&mut connection, unit_id).await)
    }

    pub async fn create_proposal(&self, row: &ProposalRow, stamp: Stamp<'_>) -> Result<ProposalRow> {
        in_transaction!(self.database, queries, |transaction, q| q::create_proposal(&mut transaction, row, stamp).await)
    }

    pub async fn decide_proposal(
        &self,
        unit_id: &str,
        proposal_id: &str,
        accept: bool,
        note: Option<&str>,
        stamp: Stamp<'_>,
    ) -> Result<DecisionOutcome> {
        in_transaction!(self.database, queries, |transaction, q| {
            q::decide_proposal(&mut transaction, unit_id, proposal_id, accept, note, stamp).await
        })
    }

    pub async fn agencies(&self, parent_id: Option<&str>) -> Result<Vec<AgencyRow>> {
        on_connection!(self.database, queries, |connection, q| q::agencies(&mut connection, parent_id).await)
    }

    pub async fn elements(&self, parent_id: Option<&str>) -> Result<Vec<ElementRow>> {
        on_connection!(self.database, queries, |connection, q| q::elements(&mut connection, parent_id).await)
    }

    pub async fn put_element(&self, write: &ElementWrite<'_>, stamp: Stamp<'_>) -> Result<ElementRow> {
        in_transaction!(self.database, queries, |transaction, q| q::put_element(&mut transaction, write, stamp).await)
    }

    pub async fn guideline(&self, unit_id: &str) -> Result<Option<GuidelineRow>> {
        on_connection!(self.database, queries, |connection, q| q::guideline(&mut connection, unit_id).await)
    }

    pub async fn put_guideline(&self, unit_id: &str, row: &GuidelineRow, stamp: Stamp<'_>) -> Result<()> {
        in_transaction!(self.database, queries, |transaction, q| q::put_guideline(
            &mut transaction,
            unit_id,
            row,
            stamp
        )
        .await)
    }

    pub async fn bind_population(&self, period_id: &str, population: &str, rubric_version_id: &str) -> Result<()> {
        in_transaction!(self.database, queries, |transaction, q| {
            q::bind_population(&mut transaction, period_id, population, rubric_version_id).await
        })
    }

    pub async fn set_published(&self, published: bool, stamp: Stamp<'_>) -> Result<()> {
        in_transaction!(self.database, queries, |transaction, q| q::set_published(&mut transaction, published, stamp)
            .await)
    }
}
