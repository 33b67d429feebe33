//! The import lease: a row that says "this period's import is running", shared by every server process on
//! the database (one import per period at a time, `crate::imports::routes`).
//!
//! A lease is taken in one transaction: an expired lease of the period is deleted, then the new
//! one inserted unless a lease is still there. On PostgreSQL a second process inserting at the
//! same moment waits on the first's uncommitted row and then finds it; on SQLite the transaction
//! holds the write lock. A lease ends when its holder deletes it; one left behind by a killed
//! process is taken over once it has expired.

use anyhow::Result;

use crate::storage::Database;
use crate::storage::dispatch::{in_transaction, on_connection};

macro_rules! define_queries {
    ($engine:ty, $engine_module:ident) => {
        use anyhow::{Context, Result};

        type Connection = <$engine as sqlx::Database>::Connection;

        pub async fn delete_expired(connection: &mut Connection, period_id: &str, now: &str) -> Result<()> {
            sqlx::query("DELETE FROM import_leases WHERE period_id = $1 AND expires_at <= $2")
                .bind(period_id)
                .bind(now)
                .execute(&mut *connection)
                .await
                .context("cannot delete an expired import lease")?;
            Ok(())
        }

        pub async fn insert(
            connection: &mut Connection,
            period_id: &str,
            holder: &str,
            now: &str,
            expires_at: &str,
        ) -> Result<bool> {
            let done = sqlx::query(
                "INSERT INTO import_leases (period_id, holder, started_at, expires_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (period_id) DO NOTHING",
            )
            .bind(period_id)
            .bind(holder)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *connection)
            .await
            .context("cannot take an import lease")?;
            Ok(done.rows_affected() == 1)
        }

        pub async fn delete(connection: &mut Connection, period_id: &str, holder: &str) -> Result<()> {
            sqlx::query("DELETE FROM import_leases WHERE period_id = $1 AND holder = $2")
                .bind(period_id)
                .bind(holder)
                .execute(&mut *connection)
                .await
                .context("cannot end an import lease")?;
            Ok(())
        }
    };
}

mod queries {
    crate::storage::dispatch::for_each_engine!(define_queries);
}

impl Database {
    /// Takes the import lease of `period_id` for `holder` until `expires_at`; `false` while
    /// another holder's lease has not expired.
    ///
    /// # Errors
    /// The database fails.
    pub async fn take_import_lease(&self, period_id: &str, holder: &str, now: &str, expires_at: &str) -> Result<bool> {
        in_transaction!(self, queries, |transaction, q| {
            async {
                q::delete_expired(&mut transaction, period_id, now).await?;
                q::insert(&mut transaction, period_id, holder, now, expires_at).await
            }
            .await
        })
    }

    /// Ends `holder`'s lease of `period_id` (nothing when it expired and another took it over).
    ///
    /// # Errors
    /// The database fails.
    pub async fn end_import_lease(&self, period_id: &str, holder: &str) -> Result<()> {
        on_connection!(self, queries, |connection, q| q::delete(&mut connection, period_id, holder).await)
    }
}
