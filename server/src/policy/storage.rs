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
}

/// An action as written (already checked).
#[derive(Clone, Debug)]
pub struct ActionWrite<'a> {
    pub title: &'a str,
    pub owner: &'a str,
    pub due_date: &'a str,
    pub status: &'a str,
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
    })
    .to_string()
}

fn action_json(row: &ActionRow) -> String {
    serde_json::json!({
        "title": row.title, "owner": row.owner, "due_date": row.due_date,
        "status": row.status, "evidence_url": row.evidence_url,
    })
    .to_string()
}

macro_rules! define_queries {
    ($engine:ty, $engine_module:ident) => {
        use anyhow::{Context, Result};

        use super::super::{
            AUDIT_PERIOD, ActionRow, ActionWrite, ChangeRow, GovernmentRow, PUBLISHED_KEY, Stamp, StageRow, StageWrite,
            action_json, stage_json,
        };

        type Connection = <$engine as sqlx::Database>::Connection;

        const STAGE_COLUMNS: &str =
            "unit_id, stage_code, status, stage_date, reference, note, evidence_url, version, updated_at, updated_by";
        const ACTION_COLUMNS: &str =
            "id, unit_id, title, owner, due_date, status, evidence_url, version, updated_at, updated_by";

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
        pub async fn put_stage(connection: &mut Connection, write: &StageWrite<'_>, stamp: Stamp<'_>) -> Result<StageRow> {
            lock_government(&mut *connection, write.unit_id).await?;
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
                 updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                 ON CONFLICT (unit_id, stage_code) DO UPDATE SET status = $3, stage_date = $4, reference = $5, note = $6, \
                 evidence_url = $7, version = $8, updated_at = $9, updated_by = $10",
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
            };
            let old_audit = old.as_ref().map(|old| (old.status.as_str(), stage_json(old)));
            audit(connection, write.unit_id, &format!("STAGE:{}", write.stage_code), old_audit, (write.status, stage_json(&new)), stamp)
                .await?;
            Ok(new)
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
        ) -> Result<Option<ActionRow>> {
            lock_government(&mut *connection, unit_id).await?;
            let sql = format!("SELECT {ACTION_COLUMNS} FROM policy_actions WHERE id = $1 AND unit_id = $2");
            let old = sqlx::query_as::<_, ActionRow>(&sql)
                .bind(action_id)
                .bind(unit_id)
                .fetch_optional(&mut *connection)
                .await
                .context("cannot read the action before changing it")?;
            if old.is_none() && !create {
                return Ok(None);
            }
            let version = old.as_ref().map_or(1, |old| old.version + 1);
            // Both statements take the same ten parameters in the same order.
            let sql = if old.is_some() {
                "UPDATE policy_actions SET title = $3, owner = $4, due_date = $5, status = $6, evidence_url = $7, \
                 version = $8, updated_at = $9, updated_by = $10 WHERE id = $1 AND unit_id = $2"
            } else {
                "INSERT INTO policy_actions (id, unit_id, title, owner, due_date, status, evidence_url, version, created_at, \
                 updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)"
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
            };
            let old_audit = old.as_ref().map(|old| (old.status.as_str(), action_json(old)));
            audit(connection, unit_id, &format!("ACTION:{action_id}"), old_audit, (write.status, action_json(&new)), stamp).await?;
            Ok(Some(new))
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

    pub async fn put_stage(&self, write: &StageWrite<'_>, stamp: Stamp<'_>) -> Result<StageRow> {
        in_transaction!(self.database, queries, |transaction, q| q::put_stage(&mut transaction, write, stamp).await)
    }

    pub async fn put_action(
        &self,
        unit_id: &str,
        action_id: &str,
        create: bool,
        write: &ActionWrite<'_>,
        stamp: Stamp<'_>,
    ) -> Result<Option<ActionRow>> {
        in_transaction!(self.database, queries, |transaction, q| {
            q::put_action(&mut transaction, unit_id, action_id, create, write, stamp).await
        })
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
