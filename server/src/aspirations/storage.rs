//! The aspiration service's tables (migration 0800): messages, their append-only history, the
//! private contact data kept apart for retention, holidays, indicator bindings and the frozen
//! responses of closed periods. Queries are written once and compiled per engine
//! (`crate::storage::dispatch`); the period close hook (`crate::entries`' state change) calls
//! [`queries`]' `freeze` and `write_bound_values` inside its own transaction.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Result;

use super::measures;
use crate::storage::Database;
use crate::storage::dispatch::{in_transaction, on_connection};

/// The system actor that writes computed entries (shown as the entry's `updated_by`).
pub const COMPUTED_BY: &str = "aspirasi";

/// One message as stored, with its unit; `contact` only in staff reads.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AspirationRow {
    pub seq: i64,
    pub code: String,
    pub unit_id: String,
    pub unit_code: String,
    pub unit_name: String,
    pub category: String,
    pub text: String,
    pub status: String,
    pub self_post: bool,
    pub submitted_at: String,
    pub submitted_ms: i64,
    pub published_at: Option<String>,
    pub hidden_reason: Option<String>,
    pub answer: Option<String>,
    pub answered_at: Option<String>,
    pub answered_by: Option<String>,
    pub first_answered_ms: Option<i64>,
    pub contact: Option<String>,
}

/// One history record.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AspirationHistoryRow {
    pub event: String,
    pub actor: Option<String>,
    pub note: Option<String>,
    pub at: String,
}

/// A binding as stored.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct BindingRow {
    pub period_id: String,
    pub population: String,
    pub indicator_code: String,
    pub measure: String,
    pub working_days: i64,
}

/// A message to store.
#[derive(Clone, Debug)]
pub struct NewAspiration<'a> {
    pub code: &'a str,
    pub unit_id: &'a str,
    pub category: &'a str,
    pub text: &'a str,
    pub text_key: &'a str,
    pub self_post: bool,
    pub submitted_at: &'a str,
    pub submitted_ms: i64,
    pub nonce: &'a str,
    pub contact: Option<&'a str>,
    pub client_address: Option<&'a str>,
}

/// What became of a message to store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreOutcome {
    Stored,
    /// The unit already received this (normalised) text.
    Duplicate,
    /// The challenge was already used for another message.
    ChallengeUsed,
}

/// A moderation or answer step.
#[derive(Clone, Debug)]
pub enum Step<'a> {
    /// A new status (`diterbitkan`, `disembunyikan`, `spam`) with the hide reason.
    Status {
        status: &'a str,
        reason: Option<&'a str>,
    },
    Answer {
        text: &'a str,
        now_millis: i64,
    },
}

/// The counted messages' responses of a period, per unit id, and whether they are frozen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeriodResponses {
    pub frozen: bool,
    pub window: (i64, i64),
    pub by_unit: BTreeMap<String, Vec<Option<u32>>>,
}

/// The rate-limit record of one client address in `login_throttle`: the submissions counted in
/// the current hour and when that hour began.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Window {
    pub count: u32,
    pub started_millis: u64,
}

/// One hour.
pub const HOUR_MILLIS: u64 = 3_600_000;

/// One more submission in `window` at `now`: the window after it, or the milliseconds until the
/// next is allowed when `limit` is reached (nothing counted then).
pub fn count_submission(window: Window, limit: u32, now_millis: u64) -> Result<Window, u64> {
    let ends = window.started_millis.saturating_add(HOUR_MILLIS);
    if window.count == 0 || ends <= now_millis {
        return Ok(Window { count: 1, started_millis: now_millis });
    }
    if window.count >= limit {
        return Err(ends - now_millis);
    }
    Ok(Window { count: window.count + 1, started_millis: window.started_millis })
}

impl Database {
    /// The secret that signs challenges (made by the migration).
    pub async fn aspiration_secret(&self) -> Result<String> {
        on_connection!(self, queries, |connection, q| q::secret(&mut connection).await)
    }

    /// Counts one submission of `key` (an address key) against `limit` per hour, in the login
    /// throttle's table: `Ok(Err(wait))` when refused.
    pub async fn count_aspiration_submission(&self, key: &str, limit: u32, now_millis: u64) -> Result<Result<(), u64>> {
        in_transaction!(self, queries, |transaction, q| q::count_submission(&mut transaction, key, limit, now_millis)
            .await)
    }

    /// Stores a message, its first history record and its private data; deletes private data
    /// stored before `retention_before_ms`.
    pub async fn store_aspiration(&self, new: &NewAspiration<'_>, retention_before_ms: i64) -> Result<StoreOutcome> {
        in_transaction!(self, queries, |transaction, q| {
            async {
                q::delete_expired_private(&mut transaction, retention_before_ms).await?;
                q::store(&mut transaction, new).await
            }
            .await
        })
    }

    pub async fn aspiration_by_code(&self, code: &str, with_contact: bool) -> Result<Option<AspirationRow>> {
        on_connection!(self, queries, |connection, q| q::by_code(&mut connection, code, with_contact).await)
    }

    /// A message's history, oldest first.
    pub async fn aspiration_history(&self, seq: i64) -> Result<Vec<AspirationHistoryRow>> {
        on_connection!(self, queries, |connection, q| q::history(&mut connection, seq).await)
    }

    /// Messages for moderation, newest first (at most 500), with contacts.
    pub async fn aspirations_for_staff(
        &self,
        unit_id: Option<&str>,
        status: Option<&str>,
    ) -> Result<Vec<AspirationRow>> {
        on_connection!(self, queries, |connection, q| q::for_staff(&mut connection, unit_id, status).await)
    }

    /// A unit's published messages, newest first, without contacts.
    pub async fn published_aspirations(&self, unit_id: &str) -> Result<Vec<AspirationRow>> {
        on_connection!(self, queries, |connection, q| q::published(&mut connection, unit_id).await)
    }

    /// Applies a moderation or answer step and appends it to the history; then refreshes the
    /// computed values of the open periods. Deletes expired private data.
    pub async fn step_aspiration(
        &self,
        seq: i64,
        step: &Step<'_>,
        actor: &str,
        now: &str,
        retention_before_ms: i64,
    ) -> Result<()> {
        in_transaction!(self, queries, |transaction, q| {
            async {
                q::delete_expired_private(&mut transaction, retention_before_ms).await?;
                q::step(&mut transaction, seq, step, actor, now).await?;
                q::refresh_open_periods(&mut transaction, now).await
            }
            .await
        })
    }

    /// Deletes contact data and client addresses stored before `before_ms`; returns how many.
    pub async fn delete_expired_aspiration_contacts(&self, before_ms: i64) -> Result<u64> {
        in_transaction!(self, queries, |transaction, q| q::delete_expired_private(&mut transaction, before_ms).await)
    }

    /// The holidays, by date: `(YYYY-MM-DD, name)`.
    pub async fn aspiration_holidays(&self) -> Result<Vec<(String, String)>> {
        on_connection!(self, queries, |connection, q| q::holidays(&mut connection).await)
    }

    /// Replaces the holiday list and refreshes the computed values of the open periods.
    pub async fn replace_aspiration_holidays(&self, holidays: &[(String, String)], now: &str) -> Result<()> {
        in_transaction!(self, queries, |transaction, q| {
            async {
                q::replace_holidays(&mut transaction, holidays).await?;
                q::refresh_open_periods(&mut transaction, now).await
            }
            .await
        })
    }

    pub async fn aspiration_bindings(&self, period_id: &str) -> Result<Vec<BindingRow>> {
        on_connection!(self, queries, |connection, q| q::bindings(&mut connection, period_id).await)
    }

    /// Binds (or re-binds) an indicator and writes its computed values.
    pub async fn put_aspiration_binding(&self, binding: &BindingRow, actor: &str, now: &str) -> Result<()> {
        in_transaction!(self, queries, |transaction, q| {
            async {
                q::put_binding(&mut transaction, binding, actor, now).await?;
                q::refresh_period(&mut transaction, &binding.period_id, now).await
            }
            .await
        })
    }

    /// Unbinds an indicator (its last computed entries stay, now editable); `false` when it was
    /// not bound.
    pub async fn delete_aspiration_binding(&self, period_id: &str, population: &str, indicator: &str) -> Result<bool> {
        in_transaction!(self, queries, |transaction, q| q::delete_binding(
            &mut transaction,
            period_id,
            population,
            indicator
        )
        .await)
    }

    /// Every active unit, by name.
    pub async fn aspiration_active_units(&self) -> Result<Vec<crate::storage::UnitRow>> {
        on_connection!(self, queries, |connection, q| q::active_units(&mut connection).await)
    }

    /// The active units of a population, by name.
    pub async fn aspiration_population_units(&self, population: &str) -> Result<Vec<crate::storage::UnitRow>> {
        on_connection!(self, queries, |connection, q| q::population_units(&mut connection, population).await)
    }

    /// The counted responses of a period's units of `population` (frozen ones once it closed).
    pub async fn aspiration_responses(&self, period_id: &str, population: &str) -> Result<PeriodResponses> {
        on_connection!(self, queries, |connection, q| q::responses(&mut connection, period_id, population).await)
    }
}

/// The holiday days of stored `(date, name)` rows.
fn holiday_days(rows: &[(String, String)]) -> BTreeSet<i64> {
    rows.iter().filter_map(|(day, _)| measures::parse_day(day)).collect()
}

/// The value of a measure as JSON text (`null` when missing).
pub fn measure_value_json(measure: &str, unit: &measures::UnitMeasure) -> String {
    let value = match measure {
        "tingkat_tanggapan" => unit.rate_hundredths.map(measures::format_hundredths),
        _ => unit.median_halves.map(measures::format_halves),
    };
    value.unwrap_or_else(|| "null".to_owned())
}

pub mod queries {
    macro_rules! define_queries {
        ($engine:ty, $module:ident) => {
            use std::collections::BTreeMap;

            use anyhow::{Context, Result};

            use super::super::{
                AspirationHistoryRow, AspirationRow, BindingRow, COMPUTED_BY, NewAspiration, PeriodResponses, Step,
                StoreOutcome, Window, count_submission as decide, holiday_days, measure_value_json,
            };
            use crate::aspirations::measures;
            use crate::results::scoring::ValueChecker;
            use crate::storage::queries::$module as storage_queries;
            use crate::storage::{PeriodRow, PeriodState};

            type Connection = <$engine as sqlx::Database>::Connection;

            const COLUMNS: &str = "a.seq, a.code, a.unit_id, u.code AS unit_code, u.name AS unit_name, a.category, \
                 a.text, a.status, a.self_post, a.submitted_at, a.submitted_ms, a.published_at, a.hidden_reason, \
                 a.answer, a.answered_at, a.answered_by, a.first_answered_ms";

            pub async fn secret(connection: &mut Connection) -> Result<String> {
                sqlx::query_scalar::<_, String>("SELECT secret FROM aspiration_keys WHERE id = 1")
                    .fetch_one(&mut *connection)
                    .await
                    .context("cannot read the aspiration key")
            }

            pub async fn count_submission(
                connection: &mut Connection,
                key: &str,
                limit: u32,
                now_millis: u64,
            ) -> Result<Result<(), u64>> {
                let now = i64::try_from(now_millis).unwrap_or(i64::MAX);
                sqlx::query("DELETE FROM login_throttle WHERE throttle_key LIKE 'aspirasi:%' AND last_failure_ms <= $1")
                    .bind(now.saturating_sub(2 * 3_600_000))
                    .execute(&mut *connection)
                    .await
                    .context("cannot sweep the aspiration rate limit")?;
                let (count, started) = sqlx::query_as::<_, (i64, i64)>(
                    "INSERT INTO login_throttle (throttle_key, failures, last_failure_ms, locked_until_ms) \
                     VALUES ($1, 0, $2, 0) ON CONFLICT (throttle_key) DO UPDATE SET failures = login_throttle.failures \
                     RETURNING failures, last_failure_ms",
                )
                .bind(key)
                .bind(now)
                .fetch_one(&mut *connection)
                .await
                .context("cannot lock an aspiration rate-limit key")?;
                let window = Window {
                    count: u32::try_from(count).unwrap_or(u32::MAX),
                    started_millis: u64::try_from(started).unwrap_or(0),
                };
                let after = match decide(window, limit, now_millis) {
                    Ok(after) => after,
                    Err(wait) => return Ok(Err(wait)),
                };
                let started = i64::try_from(after.started_millis).unwrap_or(i64::MAX);
                // The row's lock marks the end of the hour once the limit is reached, so the
                // login throttle's sweep keeps it until then.
                let locked_until = if after.count >= limit { started.saturating_add(3_600_000) } else { 0 };
                sqlx::query(
                    "UPDATE login_throttle SET failures = $2, last_failure_ms = $3, locked_until_ms = $4 \
                     WHERE throttle_key = $1",
                )
                .bind(key)
                .bind(i64::from(after.count))
                .bind(started)
                .bind(locked_until)
                .execute(&mut *connection)
                .await
                .context("cannot store an aspiration rate-limit key")?;
                Ok(Ok(()))
            }

            pub async fn delete_expired_private(connection: &mut Connection, before_ms: i64) -> Result<u64> {
                let done = sqlx::query("DELETE FROM aspiration_private WHERE stored_ms < $1")
                    .bind(before_ms)
                    .execute(&mut *connection)
                    .await
                    .context("cannot delete expired aspiration contacts")?;
                Ok(done.rows_affected())
            }

            pub async fn store(connection: &mut Connection, new: &NewAspiration<'_>) -> Result<StoreOutcome> {
                let done = sqlx::query(
                    "INSERT INTO aspirations (code, unit_id, category, text, text_key, status, self_post, submitted_at, \
                     submitted_ms, challenge_nonce) VALUES ($1, $2, $3, $4, $5, 'menunggu', $6, $7, $8, $9) \
                     ON CONFLICT DO NOTHING",
                )
                .bind(new.code)
                .bind(new.unit_id)
                .bind(new.category)
                .bind(new.text)
                .bind(new.text_key)
                .bind(new.self_post)
                .bind(new.submitted_at)
                .bind(new.submitted_ms)
                .bind(new.nonce)
                .execute(&mut *connection)
                .await
                .context("cannot store an aspiration")?;
                if done.rows_affected() == 0 {
                    let duplicate = sqlx::query_scalar::<_, i64>(
                        "SELECT seq FROM aspirations WHERE unit_id = $1 AND text_key = $2",
                    )
                    .bind(new.unit_id)
                    .bind(new.text_key)
                    .fetch_optional(&mut *connection)
                    .await
                    .context("cannot look for a duplicate aspiration")?;
                    if duplicate.is_some() {
                        return Ok(StoreOutcome::Duplicate);
                    }
                    let used = sqlx::query_scalar::<_, i64>("SELECT seq FROM aspirations WHERE challenge_nonce = $1")
                        .bind(new.nonce)
                        .fetch_optional(&mut *connection)
                        .await
                        .context("cannot look for a used challenge")?;
                    if used.is_some() {
                        return Ok(StoreOutcome::ChallengeUsed);
                    }
                    anyhow::bail!("receipt code collision");
                }
                let seq = sqlx::query_scalar::<_, i64>("SELECT seq FROM aspirations WHERE code = $1")
                    .bind(new.code)
                    .fetch_one(&mut *connection)
                    .await
                    .context("cannot read a stored aspiration back")?;
                append_history(&mut *connection, seq, "dikirim", None, None, new.submitted_at).await?;
                if new.contact.is_some() || new.client_address.is_some() {
                    sqlx::query(
                        "INSERT INTO aspiration_private (aspiration_seq, contact, client_address, stored_ms) \
                         VALUES ($1, $2, $3, $4)",
                    )
                    .bind(seq)
                    .bind(new.contact)
                    .bind(new.client_address)
                    .bind(new.submitted_ms)
                    .execute(&mut *connection)
                    .await
                    .context("cannot store an aspiration's contact")?;
                }
                Ok(StoreOutcome::Stored)
            }

            async fn append_history(
                connection: &mut Connection,
                seq: i64,
                event: &str,
                actor: Option<&str>,
                note: Option<&str>,
                at: &str,
            ) -> Result<()> {
                sqlx::query("INSERT INTO aspiration_history (aspiration_seq, event, actor, note, at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(seq)
                    .bind(event)
                    .bind(actor)
                    .bind(note)
                    .bind(at)
                    .execute(&mut *connection)
                    .await
                    .context("cannot append to an aspiration's history")?;
                Ok(())
            }

            pub async fn by_code(connection: &mut Connection, code: &str, with_contact: bool) -> Result<Option<AspirationRow>> {
                let contact = if with_contact {
                    "(SELECT p.contact FROM aspiration_private p WHERE p.aspiration_seq = a.seq) AS contact"
                } else {
                    "CAST(NULL AS TEXT) AS contact"
                };
                sqlx::query_as::<_, AspirationRow>(&format!(
                    "SELECT {COLUMNS}, {contact} FROM aspirations a JOIN units u ON u.id = a.unit_id WHERE a.code = $1"
                ))
                .bind(code)
                .fetch_optional(&mut *connection)
                .await
                .context("cannot read an aspiration")
            }

            pub async fn history(connection: &mut Connection, seq: i64) -> Result<Vec<AspirationHistoryRow>> {
                sqlx::query_as::<_, AspirationHistoryRow>(
                    "SELECT event, actor, note, at FROM aspiration_history WHERE aspiration_seq = $1 ORDER BY seq",
                )
                .bind(seq)
                .fetch_all(&mut *connection)
                .await
                .context("cannot read an aspiration's history")
            }

            pub async fn for_staff(
                connection: &mut Connection,
                unit_id: Option<&str>,
                status: Option<&str>,
            ) -> Result<Vec<AspirationRow>> {
                sqlx::query_as::<_, AspirationRow>(&format!(
                    "SELECT {COLUMNS}, (SELECT p.contact FROM aspiration_private p WHERE p.aspiration_seq = a.seq) \
                     AS contact FROM aspirations a JOIN units u ON u.id = a.unit_id \
                     WHERE ($1 IS NULL OR a.unit_id = $1) AND ($2 IS NULL OR a.status = $2) \
                     ORDER BY a.seq DESC LIMIT 500"
                ))
                .bind(unit_id)
                .bind(status)
                .fetch_all(&mut *connection)
                .await
                .context("cannot list aspirations")
            }

            pub async fn published(connection: &mut Connection, unit_id: &str) -> Result<Vec<AspirationRow>> {
                sqlx::query_as::<_, AspirationRow>(&format!(
                    "SELECT {COLUMNS}, CAST(NULL AS TEXT) AS contact FROM aspirations a JOIN units u ON u.id = a.unit_id \
                     WHERE a.unit_id = $1 AND a.status = 'diterbitkan' ORDER BY a.seq DESC LIMIT 500"
                ))
                .bind(unit_id)
                .fetch_all(&mut *connection)
                .await
                .context("cannot list published aspirations")
            }

            pub async fn step(connection: &mut Connection, seq: i64, step: &Step<'_>, actor: &str, now: &str) -> Result<()> {
                match step {
                    Step::Status { status, reason } => {
                        sqlx::query(
                            "UPDATE aspirations SET status = $2, hidden_reason = $3, \
                             published_at = CASE WHEN $2 = 'diterbitkan' THEN COALESCE(published_at, $4) ELSE published_at END \
                             WHERE seq = $1",
                        )
                        .bind(seq)
                        .bind(*status)
                        .bind(*reason)
                        .bind(now)
                        .execute(&mut *connection)
                        .await
                        .context("cannot moderate an aspiration")?;
                        append_history(&mut *connection, seq, status, Some(actor), *reason, now).await
                    }
                    Step::Answer { text, now_millis } => {
                        sqlx::query(
                            "UPDATE aspirations SET answer = $2, answered_at = $3, answered_by = $4, \
                             first_answered_ms = COALESCE(first_answered_ms, $5) WHERE seq = $1",
                        )
                        .bind(seq)
                        .bind(*text)
                        .bind(now)
                        .bind(actor)
                        .bind(*now_millis)
                        .execute(&mut *connection)
                        .await
                        .context("cannot answer an aspiration")?;
                        append_history(&mut *connection, seq, "dijawab", Some(actor), Some(text), now).await
                    }
                }
            }

            pub async fn population_units(connection: &mut Connection, population: &str) -> Result<Vec<crate::storage::UnitRow>> {
                sqlx::query_as::<_, crate::storage::UnitRow>(
                    "SELECT id, code, name, population, active FROM units WHERE population = $1 AND active ORDER BY name, id",
                )
                .bind(population)
                .fetch_all(&mut *connection)
                .await
                .context("cannot read the units of a population")
            }

            pub async fn active_units(connection: &mut Connection) -> Result<Vec<crate::storage::UnitRow>> {
                sqlx::query_as::<_, crate::storage::UnitRow>(
                    "SELECT id, code, name, population, active FROM units WHERE active ORDER BY name, id",
                )
                .fetch_all(&mut *connection)
                .await
                .context("cannot read the active units")
            }

            pub async fn holidays(connection: &mut Connection) -> Result<Vec<(String, String)>> {
                sqlx::query_as::<_, (String, String)>("SELECT day, name FROM aspiration_holidays ORDER BY day")
                    .fetch_all(&mut *connection)
                    .await
                    .context("cannot read the holidays")
            }

            pub async fn replace_holidays(connection: &mut Connection, holidays: &[(String, String)]) -> Result<()> {
                sqlx::query("DELETE FROM aspiration_holidays")
                    .execute(&mut *connection)
                    .await
                    .context("cannot clear the holidays")?;
                for (day, name) in holidays {
                    sqlx::query("INSERT INTO aspiration_holidays (day, name) VALUES ($1, $2)")
                        .bind(day)
                        .bind(name)
                        .execute(&mut *connection)
                        .await
                        .context("cannot store a holiday")?;
                }
                Ok(())
            }

            pub async fn bindings(connection: &mut Connection, period_id: &str) -> Result<Vec<BindingRow>> {
                sqlx::query_as::<_, BindingRow>(
                    "SELECT period_id, population, indicator_code, measure, working_days FROM aspiration_bindings \
                     WHERE period_id = $1 ORDER BY population, indicator_code",
                )
                .bind(period_id)
                .fetch_all(&mut *connection)
                .await
                .context("cannot read the aspiration bindings")
            }

            pub async fn put_binding(connection: &mut Connection, binding: &BindingRow, actor: &str, now: &str) -> Result<()> {
                sqlx::query(
                    "INSERT INTO aspiration_bindings (period_id, population, indicator_code, measure, working_days, \
                     updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                     ON CONFLICT (period_id, population, indicator_code) DO UPDATE SET measure = $4, working_days = $5, \
                     updated_by = $6, updated_at = $7",
                )
                .bind(&binding.period_id)
                .bind(&binding.population)
                .bind(&binding.indicator_code)
                .bind(&binding.measure)
                .bind(binding.working_days)
                .bind(actor)
                .bind(now)
                .execute(&mut *connection)
                .await
                .context("cannot store an aspiration binding")?;
                Ok(())
            }

            pub async fn delete_binding(
                connection: &mut Connection,
                period_id: &str,
                population: &str,
                indicator: &str,
            ) -> Result<bool> {
                let done = sqlx::query(
                    "DELETE FROM aspiration_bindings WHERE period_id = $1 AND population = $2 AND indicator_code = $3",
                )
                .bind(period_id)
                .bind(population)
                .bind(indicator)
                .execute(&mut *connection)
                .await
                .context("cannot delete an aspiration binding")?;
                Ok(done.rows_affected() > 0)
            }

            async fn period(connection: &mut Connection, period_id: &str) -> Result<Option<PeriodRow>> {
                storage_queries::period(&mut *connection, period_id).await
            }

            /// The live counted responses of a period's units of `population`.
            async fn live_responses(
                connection: &mut Connection,
                window: (i64, i64),
                population: &str,
            ) -> Result<BTreeMap<String, Vec<(i64, Option<u32>)>>> {
                let holidays = holiday_days(&holidays(&mut *connection).await?);
                let from = measures::wib_day_start_millis(window.0);
                let to = measures::wib_day_start_millis(window.1 + 1);
                let rows = sqlx::query_as::<_, (i64, String, i64, Option<i64>, String, bool)>(
                    "SELECT a.seq, a.unit_id, a.submitted_ms, a.first_answered_ms, a.status, a.self_post \
                     FROM aspirations a JOIN units u ON u.id = a.unit_id \
                     WHERE u.population = $1 AND a.submitted_ms >= $2 AND a.submitted_ms < $3 ORDER BY a.seq",
                )
                .bind(population)
                .bind(from)
                .bind(to)
                .fetch_all(&mut *connection)
                .await
                .context("cannot read the counted aspirations")?;
                let mut by_unit: BTreeMap<String, Vec<(i64, Option<u32>)>> = BTreeMap::new();
                for (seq, unit_id, submitted_ms, answered_ms, status, self_post) in rows {
                    let facts =
                        measures::MessageFacts { published: status == "diterbitkan", self_post, submitted_millis: submitted_ms };
                    if measures::counts(facts, window) {
                        by_unit
                            .entry(unit_id)
                            .or_default()
                            .push((seq, measures::response_days(submitted_ms, answered_ms, &holidays)));
                    }
                }
                Ok(by_unit)
            }

            fn window_of(period: &PeriodRow) -> Result<(i64, i64)> {
                measures::period_window(period.year, &period.kind)
                    .with_context(|| format!("period {} has no calendar window", period.id))
            }

            /// The counted responses of a period's units of `population`: the frozen ones once the
            /// period closed, else the live ones.
            pub async fn responses(connection: &mut Connection, period_id: &str, population: &str) -> Result<PeriodResponses> {
                let Some(period) = period(&mut *connection, period_id).await? else {
                    return Ok(PeriodResponses::default());
                };
                let window = window_of(&period)?;
                let frozen = sqlx::query_scalar::<_, String>("SELECT frozen_at FROM aspiration_frozen WHERE period_id = $1")
                    .bind(period_id)
                    .fetch_optional(&mut *connection)
                    .await
                    .context("cannot read whether a period is frozen")?
                    .is_some();
                let mut by_unit: BTreeMap<String, Vec<Option<u32>>> = BTreeMap::new();
                if frozen {
                    let rows = sqlx::query_as::<_, (String, Option<i64>)>(
                        "SELECT f.unit_id, f.response_days FROM aspiration_frozen_messages f JOIN units u ON u.id = f.unit_id \
                         WHERE f.period_id = $1 AND u.population = $2 ORDER BY f.aspiration_seq",
                    )
                    .bind(period_id)
                    .bind(population)
                    .fetch_all(&mut *connection)
                    .await
                    .context("cannot read the frozen aspirations")?;
                    for (unit_id, days) in rows {
                        by_unit.entry(unit_id).or_default().push(days.and_then(|days| u32::try_from(days).ok()));
                    }
                } else {
                    for (unit_id, responses) in live_responses(&mut *connection, window, population).await? {
                        by_unit.insert(unit_id, responses.into_iter().map(|(_, days)| days).collect());
                    }
                }
                Ok(PeriodResponses { frozen, window, by_unit })
            }

            /// Freezes the counted responses of a closing period (inside the close transaction).
            pub async fn freeze(connection: &mut Connection, period_id: &str, now: &str) -> Result<()> {
                let Some(period) = period(&mut *connection, period_id).await? else { return Ok(()) };
                let Some(window) = measures::period_window(period.year, &period.kind) else { return Ok(()) };
                unfreeze(&mut *connection, period_id).await?;
                let populations = sqlx::query_scalar::<_, String>("SELECT DISTINCT population FROM units ORDER BY population")
                    .fetch_all(&mut *connection)
                    .await
                    .context("cannot read the populations")?;
                for population in populations {
                    for (unit_id, responses) in live_responses(&mut *connection, window, &population).await? {
                        for (seq, days) in responses {
                            sqlx::query(
                                "INSERT INTO aspiration_frozen_messages (period_id, aspiration_seq, unit_id, response_days) \
                                 VALUES ($1, $2, $3, $4)",
                            )
                            .bind(period_id)
                            .bind(seq)
                            .bind(&unit_id)
                            .bind(days.map(i64::from))
                            .execute(&mut *connection)
                            .await
                            .context("cannot freeze an aspiration")?;
                        }
                    }
                }
                sqlx::query("INSERT INTO aspiration_frozen (period_id, frozen_at) VALUES ($1, $2)")
                    .bind(period_id)
                    .bind(now)
                    .execute(&mut *connection)
                    .await
                    .context("cannot mark a period frozen")?;
                Ok(())
            }

            /// Forgets a period's frozen responses (it was reopened).
            pub async fn unfreeze(connection: &mut Connection, period_id: &str) -> Result<()> {
                for table in ["aspiration_frozen_messages", "aspiration_frozen"] {
                    sqlx::query(&format!("DELETE FROM {table} WHERE period_id = $1"))
                        .bind(period_id)
                        .execute(&mut *connection)
                        .await
                        .context("cannot unfreeze a period")?;
                }
                Ok(())
            }

            /// Writes the computed entries of every bound indicator of a period and answers the
            /// populations whose entries changed, with the changed units' ids (the caller
            /// re-scores them).
            pub async fn write_bound_values(
                connection: &mut Connection,
                period_id: &str,
                now: &str,
            ) -> Result<Vec<(String, Vec<String>)>> {
                let bindings = bindings(&mut *connection, period_id).await?;
                let mut changed_populations = Vec::new();
                let mut by_population: BTreeMap<String, Vec<BindingRow>> = BTreeMap::new();
                for binding in bindings {
                    by_population.entry(binding.population.clone()).or_default().push(binding);
                }
                for (population, bindings) in by_population {
                    let Some(rubric_version_id) = storage_queries::period_rubric(&mut *connection, period_id, &population).await?
                    else {
                        continue;
                    };
                    let rubric = storage_queries::rubric_version(&mut *connection, &rubric_version_id)
                        .await?
                        .with_context(|| format!("rubric version {rubric_version_id} is missing"))?;
                    let checker = ValueChecker::new(&rubric.document)?;
                    let responses = responses(&mut *connection, period_id, &population).await?;
                    let units = sqlx::query_scalar::<_, String>(
                        "SELECT id FROM units WHERE population = $1 AND active ORDER BY id",
                    )
                    .bind(&population)
                    .fetch_all(&mut *connection)
                    .await
                    .context("cannot read the units of a population")?;
                    let mut changed_units: Vec<String> = Vec::new();
                    for binding in &bindings {
                        if !checker.has_indicator(&binding.indicator_code) {
                            continue;
                        }
                        let working_days = u32::try_from(binding.working_days).unwrap_or(5);
                        for unit_id in &units {
                            let unit_responses = responses.by_unit.get(unit_id).map(Vec::as_slice).unwrap_or(&[]);
                            let measure = measures::unit_measure(unit_responses, working_days);
                            let value = measure_value_json(&binding.measure, &measure);
                            let value = if value == "null" {
                                None
                            } else {
                                match checker.check_json(&binding.indicator_code, &value) {
                                    Ok(value) => Some(value),
                                    Err(problem) => {
                                        tracing::warn!(
                                            indicator = %binding.indicator_code,
                                            %value,
                                            message = %problem.message,
                                            "a computed aspiration value does not fit the rubric; left empty"
                                        );
                                        None
                                    }
                                }
                            };
                            let indicator = &binding.indicator_code;
                            let written =
                                write_entry(&mut *connection, period_id, unit_id, indicator, value.as_deref(), now).await?;
                            if written {
                                changed_units.push(unit_id.clone());
                            }
                        }
                    }
                    if !changed_units.is_empty() {
                        changed_units.sort();
                        changed_units.dedup();
                        changed_populations.push((population, changed_units));
                    }
                }
                Ok(changed_populations)
            }

            /// Writes (or, for a missing value, deletes) one computed entry with its audit;
            /// `true` when it changed.
            async fn write_entry(
                connection: &mut Connection,
                period_id: &str,
                unit_id: &str,
                indicator: &str,
                value: Option<&str>,
                now: &str,
            ) -> Result<bool> {
                let before = sqlx::query_as::<_, (String, String)>(
                    "SELECT value_json, status FROM entries WHERE period_id = $1 AND unit_id = $2 AND indicator_code = $3",
                )
                .bind(period_id)
                .bind(unit_id)
                .bind(indicator)
                .fetch_optional(&mut *connection)
                .await
                .context("cannot read a computed entry")?;
                let (old_value, old_status) = match &before {
                    Some((value, status)) => (Some(value.as_str()), Some(status.as_str())),
                    None => (None, None),
                };
                if old_value == value && (value.is_none() || old_status == Some("verified")) {
                    return Ok(false);
                }
                match (&before, value) {
                    (None, None) => return Ok(false),
                    (Some(_), None) => {
                        sqlx::query("DELETE FROM entries WHERE period_id = $1 AND unit_id = $2 AND indicator_code = $3")
                            .bind(period_id)
                            .bind(unit_id)
                            .bind(indicator)
                            .execute(&mut *connection)
                            .await
                            .context("cannot delete a computed entry")?;
                    }
                    (None, Some(value)) => {
                        sqlx::query(
                            "INSERT INTO entries (period_id, unit_id, indicator_code, value_json, status, version, \
                             updated_at, updated_by) VALUES ($1, $2, $3, $4, 'verified', 1, $5, $6)",
                        )
                        .bind(period_id)
                        .bind(unit_id)
                        .bind(indicator)
                        .bind(value)
                        .bind(now)
                        .bind(COMPUTED_BY)
                        .execute(&mut *connection)
                        .await
                        .context("cannot insert a computed entry")?;
                    }
                    (Some(_), Some(value)) => {
                        sqlx::query(
                            "UPDATE entries SET value_json = $4, status = 'verified', version = version + 1, \
                             updated_at = $5, updated_by = $6 WHERE period_id = $1 AND unit_id = $2 AND indicator_code = $3",
                        )
                        .bind(period_id)
                        .bind(unit_id)
                        .bind(indicator)
                        .bind(value)
                        .bind(now)
                        .bind(COMPUTED_BY)
                        .execute(&mut *connection)
                        .await
                        .context("cannot update a computed entry")?;
                    }
                }
                sqlx::query(
                    "INSERT INTO entry_audit (period_id, unit_id, indicator_code, old_value_json, new_value_json, \
                     old_status, new_status, changed_by, changed_at, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(period_id)
                .bind(unit_id)
                .bind(indicator)
                .bind(old_value)
                .bind(value)
                .bind(old_status)
                .bind(value.map(|_| "verified"))
                .bind(COMPUTED_BY)
                .bind(now)
                .bind("dihitung dari layanan aspirasi")
                .execute(&mut *connection)
                .await
                .context("cannot audit a computed entry")?;
                Ok(true)
            }

            /// Refreshes the computed values of one period while it is open, and re-scores.
            pub async fn refresh_period(connection: &mut Connection, period_id: &str, now: &str) -> Result<()> {
                sqlx::query("UPDATE periods SET updated_at = updated_at WHERE id = $1")
                    .bind(period_id)
                    .execute(&mut *connection)
                    .await
                    .with_context(|| format!("cannot lock period {period_id}"))?;
                let Some(period) = period(&mut *connection, period_id).await? else { return Ok(()) };
                if period.state != PeriodState::Open {
                    return Ok(());
                }
                // Only the units whose computed value changed are scored again (ranks are computed
                // when read), so a moderation step costs a few units, not a population.
                for (population, unit_ids) in write_bound_values(&mut *connection, period_id, now).await? {
                    let unit_ids: Vec<&str> = unit_ids.iter().map(String::as_str).collect();
                    storage_queries::rescore_units(&mut *connection, period_id, &population, &unit_ids, now).await?;
                }
                Ok(())
            }

            /// Refreshes every open period that has a binding.
            pub async fn refresh_open_periods(connection: &mut Connection, now: &str) -> Result<()> {
                let periods = sqlx::query_scalar::<_, String>(
                    "SELECT DISTINCT b.period_id FROM aspiration_bindings b JOIN periods p ON p.id = b.period_id \
                     WHERE p.state = 'open' ORDER BY b.period_id",
                )
                .fetch_all(&mut *connection)
                .await
                .context("cannot read the bound periods")?;
                for period_id in periods {
                    refresh_period(&mut *connection, &period_id, now).await?;
                }
                Ok(())
            }
        };
    }

    crate::storage::dispatch::for_each_engine!(define_queries);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_admits_the_limit_per_hour_then_waits_for_its_end() {
        let mut window = Window::default();
        for _ in 0..20 {
            window = count_submission(window, 20, 1_000).expect("under the limit");
        }
        assert_eq!(window.count, 20);
        assert_eq!(count_submission(window, 20, 1_000 + 60_000), Err(HOUR_MILLIS - 60_000));
        let next = count_submission(window, 20, 1_000 + HOUR_MILLIS).expect("a new hour");
        assert_eq!(next, Window { count: 1, started_millis: 1_000 + HOUR_MILLIS });
    }

    #[test]
    fn a_missing_measure_is_null() {
        let none = measures::unit_measure(&[], 5);
        assert_eq!(measure_value_json("tingkat_tanggapan", &none), "null");
        let some = measures::unit_measure(&[Some(1), Some(8)], 5);
        assert_eq!(measure_value_json("tingkat_tanggapan", &some), "50.00");
        assert_eq!(measure_value_json("median_hari_tanggapan", &some), "4.5");
    }
}
