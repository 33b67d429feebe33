//! The `saved_scenarios` table (migration 0400). Queries are written once and compiled per engine
//! (`crate::storage::dispatch`).

use anyhow::Result;

use crate::storage::Database;
use crate::storage::dispatch::on_connection;

/// One saved scenario as listed to its owner.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct ScenarioRow {
    pub id: String,
    pub period_id: String,
    pub unit_code: String,
    pub name: String,
    pub code: String,
    pub updated_at: String,
}

/// What a user may keep at most, across periods and units (a saved scenario is a few hundred
/// bytes; the limit stops a runaway client, not a person).
pub const MAX_SCENARIOS_PER_USER: i64 = 200;

/// Why a scenario was not saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveRefusal {
    /// The user already keeps [`MAX_SCENARIOS_PER_USER`] scenarios.
    TooMany,
}

impl Database {
    /// The user's scenarios for a unit in a period, by name.
    pub async fn scenarios(&self, user_id: &str, period_id: &str, unit_id: &str) -> Result<Vec<ScenarioRow>> {
        on_connection!(self, queries, |connection, q| q::list(&mut connection, user_id, period_id, unit_id).await)
    }

    /// Saves a scenario under its name, replacing the user's scenario of that name for the same
    /// unit and period.
    pub async fn save_scenario(
        &self,
        user_id: &str,
        period_id: &str,
        unit_id: &str,
        name: &str,
        code: &str,
        now: &str,
    ) -> Result<Result<ScenarioRow, SaveRefusal>> {
        // No transaction: each statement commits on its own (a read-then-write transaction could
        // not wait for a simultaneous writer on SQLite); the upsert makes races harmless, and
        // the per-user limit may at worst be passed by the saves made at the same instant.
        on_connection!(self, queries, |connection, q| q::save(
            &mut connection,
            user_id,
            period_id,
            unit_id,
            name,
            code,
            now
        )
        .await)
    }

    /// Deletes one of the user's scenarios; `false` when the user has no scenario with this id.
    pub async fn delete_scenario(&self, user_id: &str, scenario_id: &str) -> Result<bool> {
        on_connection!(self, queries, |connection, q| q::delete(&mut connection, user_id, scenario_id).await)
    }
}

mod queries {
    macro_rules! define_queries {
        ($engine:ty, $engine_module:ident) => {
            use anyhow::{Context, Result};
            use sqlx::Row;

            use super::super::{MAX_SCENARIOS_PER_USER, SaveRefusal, ScenarioRow};
            use crate::storage::new_id;

            type Connection = <$engine as sqlx::Database>::Connection;

            const SELECT: &str = "SELECT s.id, s.period_id, u.code AS unit_code, s.name, s.code, s.updated_at \
                 FROM saved_scenarios s JOIN units u ON u.id = s.unit_id";

            pub async fn list(
                connection: &mut Connection,
                user_id: &str,
                period_id: &str,
                unit_id: &str,
            ) -> Result<Vec<ScenarioRow>> {
                let sql = format!("{SELECT} WHERE s.user_id = $1 AND s.period_id = $2 AND s.unit_id = $3 ORDER BY s.name");
                sqlx::query_as::<_, ScenarioRow>(&sql)
                    .bind(user_id)
                    .bind(period_id)
                    .bind(unit_id)
                    .fetch_all(&mut *connection)
                    .await
                    .context("cannot read saved scenarios")
            }

            pub async fn save(
                connection: &mut Connection,
                user_id: &str,
                period_id: &str,
                unit_id: &str,
                name: &str,
                code: &str,
                now: &str,
            ) -> Result<Result<ScenarioRow, SaveRefusal>> {
                let existing: Option<String> = sqlx::query(
                    "SELECT id FROM saved_scenarios WHERE user_id = $1 AND period_id = $2 AND unit_id = $3 AND name = $4",
                )
                .bind(user_id)
                .bind(period_id)
                .bind(unit_id)
                .bind(name)
                .fetch_optional(&mut *connection)
                .await
                .context("cannot look up a saved scenario")?
                .map(|row| row.get("id"));
                if existing.is_none() {
                    let count: i64 = sqlx::query("SELECT COUNT(*) AS n FROM saved_scenarios WHERE user_id = $1")
                        .bind(user_id)
                        .fetch_one(&mut *connection)
                        .await
                        .context("cannot count saved scenarios")?
                        .get("n");
                    if count >= MAX_SCENARIOS_PER_USER {
                        return Ok(Err(SaveRefusal::TooMany));
                    }
                }
                // An upsert, so that two simultaneous saves under one name both succeed.
                sqlx::query(
                    "INSERT INTO saved_scenarios (id, user_id, period_id, unit_id, name, code, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
                     ON CONFLICT (user_id, period_id, unit_id, name) \
                     DO UPDATE SET code = excluded.code, updated_at = excluded.updated_at",
                )
                .bind(existing.unwrap_or_else(|| new_id("sc")))
                .bind(user_id)
                .bind(period_id)
                .bind(unit_id)
                .bind(name)
                .bind(code)
                .bind(now)
                .execute(&mut *connection)
                .await
                .context("cannot save a scenario")?;
                let sql = format!("{SELECT} WHERE s.user_id = $1 AND s.period_id = $2 AND s.unit_id = $3 AND s.name = $4");
                let row = sqlx::query_as::<_, ScenarioRow>(&sql)
                    .bind(user_id)
                    .bind(period_id)
                    .bind(unit_id)
                    .bind(name)
                    .fetch_one(&mut *connection)
                    .await
                    .context("cannot read back a saved scenario")?;
                Ok(Ok(row))
            }

            pub async fn delete(connection: &mut Connection, user_id: &str, scenario_id: &str) -> Result<bool> {
                let done = sqlx::query("DELETE FROM saved_scenarios WHERE id = $1 AND user_id = $2")
                    .bind(scenario_id)
                    .bind(user_id)
                    .execute(&mut *connection)
                    .await
                    .context("cannot delete a saved scenario")?;
                Ok(done.rows_affected() == 1)
            }
        };
    }

    crate::storage::dispatch::for_each_engine!(define_queries);
}
