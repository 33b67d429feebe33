//! Mentoring (pendampingan) events kept by Biro Organisasi (`mentoring_events`, migration 0300):
//! append-only, one row per status change and/or note. Queries are written once and compiled per
//! engine (`crate::storage::dispatch`).

use anyhow::Result;

use crate::storage::Database;
use crate::storage::dispatch::{in_transaction, on_connection};

/// One mentoring event, oldest first when listed.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct MentoringEventRow {
    pub seq: i64,
    pub unit_code: String,
    pub status: Option<String>,
    pub note: Option<String>,
    pub author: String,
    pub author_name: String,
    pub created_at: String,
}

/// A change to record: a new status, a note, or both (the caller checked that one is present).
#[derive(Clone, Debug)]
pub struct MentoringChange<'a> {
    pub period_id: &'a str,
    pub unit_id: &'a str,
    pub status: Option<&'a str>,
    pub note: Option<&'a str>,
    pub author: &'a str,
    pub author_name: &'a str,
    pub idempotency_key: Option<&'a str>,
}

/// What became of a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentoringOutcome {
    Recorded,
    /// The author already recorded a change with this idempotency key; nothing new was stored.
    Replayed,
}

impl Database {
    /// Every mentoring event of a period, oldest first.
    pub async fn mentoring_events(&self, period_id: &str) -> Result<Vec<MentoringEventRow>> {
        on_connection!(self, queries, |connection, q| q::list(&mut connection, period_id).await)
    }

    /// Records one change (once per author and idempotency key).
    pub async fn add_mentoring_event(&self, change: &MentoringChange<'_>, now: &str) -> Result<MentoringOutcome> {
        in_transaction!(self, queries, |transaction, q| q::add(&mut transaction, change, now).await)
    }
}

mod queries {
    macro_rules! define_queries {
        ($engine:ty, $engine_module:ident) => {
            use anyhow::{Context, Result};

            use super::super::{MentoringChange, MentoringEventRow, MentoringOutcome};

            type Connection = <$engine as sqlx::Database>::Connection;

            pub async fn list(connection: &mut Connection, period_id: &str) -> Result<Vec<MentoringEventRow>> {
                sqlx::query_as::<_, MentoringEventRow>(
                    "SELECT m.seq, u.code AS unit_code, m.status, m.note, m.author, m.author_name, m.created_at \
                     FROM mentoring_events m JOIN units u ON u.id = m.unit_id WHERE m.period_id = $1 ORDER BY m.seq",
                )
                .bind(period_id)
                .fetch_all(&mut *connection)
                .await
                .context("cannot read mentoring events")
            }

            pub async fn add(connection: &mut Connection, change: &MentoringChange<'_>, now: &str) -> Result<MentoringOutcome> {
                // A key already recorded for this author (also by a simultaneous retry that
                // committed first) conflicts with the unique index: nothing is stored twice.
                let done = sqlx::query(
                    "INSERT INTO mentoring_events \
                     (period_id, unit_id, status, note, author, author_name, created_at, idempotency_key) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
                )
                .bind(change.period_id)
                .bind(change.unit_id)
                .bind(change.status)
                .bind(change.note)
                .bind(change.author)
                .bind(change.author_name)
                .bind(now)
                .bind(change.idempotency_key)
                .execute(&mut *connection)
                .await
                .context("cannot record a mentoring event")?;
                Ok(if done.rows_affected() == 1 { MentoringOutcome::Recorded } else { MentoringOutcome::Replayed })
            }
        };
    }

    crate::storage::dispatch::for_each_engine!(define_queries);
}
