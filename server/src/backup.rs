//! `sibekisar backup FILE` and `sibekisar restore FILE`, for the SQLite database (evidence files
//! included: they are stored in it). PostgreSQL has its own tools (`pg_dump`, point-in-time
//! recovery), documented in `docs/operations.md`.
//!
//! A backup is SQLite's `VACUUM INTO`: one read transaction copies a consistent state of the
//! database while the server goes on writing (copying the file of a live WAL database is not
//! safe). Every write acknowledged before the backup began is in it.

use std::path::Path;
use std::str::FromStr;

use anyhow::{Context, Result, bail};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

use crate::configuration::DatabaseUrl;
use crate::storage::Database;

const POSTGRES_ADVICE: &str = "backup and restore here are for SQLite; for PostgreSQL use pg_dump/pg_restore or \
point-in-time recovery (docs/operations.md)";

/// Writes a consistent copy of the SQLite database at `url` to `file` (which must not exist).
///
/// # Errors
/// PostgreSQL, a missing database, an existing `file`, or SQLite cannot write the copy.
pub async fn backup(url: &DatabaseUrl, file: &Path) -> Result<()> {
    let source = sqlite_path(url)?;
    if !source.is_file() {
        bail!("there is no database at {}", source.display());
    }
    if file.exists() {
        bail!("{} exists already: a backup never overwrites a file", file.display());
    }
    let target = file.to_str().context("the backup path must be UTF-8")?;
    let database = Database::connect(url).await?;
    let Database::Sqlite(pool) = &database else { bail!(POSTGRES_ADVICE) };
    sqlx::query("VACUUM INTO $1").bind(target).execute(pool).await.context("the backup copy failed")?;
    database.close().await;
    Ok(())
}

/// Restores the backup `file` into the SQLite database at `url`: refused when that database
/// holds any table unless `force` (the server must be stopped first). The copy is checked to be
/// a Sibekisar database before anything is replaced.
///
/// # Errors
/// PostgreSQL, an unreadable or foreign backup, a non-empty target without `force`, or the copy
/// fails.
pub async fn restore(file: &Path, url: &DatabaseUrl, force: bool) -> Result<()> {
    let target = sqlite_path(url)?;
    let backup = open_read_only(file).await?;
    let migrations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
        .fetch_one(&backup)
        .await
        .with_context(|| format!("{} is not a Sibekisar backup", file.display()))?;
    if migrations == 0 {
        bail!("{} is not a Sibekisar backup (no schema)", file.display());
    }
    if target.exists() {
        let tables = count_tables(&target).await?;
        if tables > 0 && !force {
            bail!(
                "the database {} is not empty ({tables} tables): stop the server and add --force to replace it",
                target.display()
            );
        }
        for suffix in ["", "-wal", "-shm"] {
            let path = format!("{}{suffix}", target.display());
            if Path::new(&path).exists() {
                std::fs::remove_file(&path).with_context(|| format!("cannot remove {path}"))?;
            }
        }
    }
    if let Some(parent) = target.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let target_text = target.to_str().context("the database path must be UTF-8")?;
    sqlx::query("VACUUM INTO $1").bind(target_text).execute(&backup).await.context("the restore copy failed")?;
    backup.close().await;
    Ok(())
}

/// The file of a `sqlite://` URL.
fn sqlite_path(url: &DatabaseUrl) -> Result<std::path::PathBuf> {
    if !url.expose().starts_with("sqlite:") {
        bail!(POSTGRES_ADVICE);
    }
    let options = SqliteConnectOptions::from_str(url.expose()).context("invalid SQLite URL")?;
    Ok(options.get_filename().to_path_buf())
}

async fn count_tables(path: &Path) -> Result<i64> {
    let pool = open_read_only(path).await?;
    let tables: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")
        .fetch_one(&pool)
        .await
        .context("cannot read the target database")?;
    pool.close().await;
    Ok(tables)
}

/// One read-only connection to a SQLite file.
async fn open_read_only(path: &Path) -> Result<sqlx::SqlitePool> {
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(SqliteConnectOptions::new().filename(path).read_only(true))
        .await
        .with_context(|| format!("cannot open {}", path.display()))
}
