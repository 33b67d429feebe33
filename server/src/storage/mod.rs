//! Storage: SQLite by default, PostgreSQL when `DATABASE_URL` says so. Only this module (and
//! modules below it) knows SQL.
//!
//! # Conventions (both engines)
//! - One SQL text per query, run on either engine: placeholders are `$1`, `$2`, … (SQLite accepts
//!   them too) and only portable SQL is used. The queries are written once, in `queries.rs`, and
//!   compiled once per engine by a macro; [`Database`] picks the engine at run time.
//! - Ids are TEXT. Timestamps are TEXT, RFC 3339 UTC with milliseconds (`2024-01-31T08:00:00.000Z`),
//!   written by the server so both engines hold identical values. Storage never reads the system
//!   clock: every write takes `now` ([`format_timestamp`] of the application's one clock,
//!   `AppState::now`) from its caller, so tests that move the clock see it in stored times.
//! - Integers are read as `i64` (INTEGER on SQLite, BIGINT on PostgreSQL); booleans are INTEGER
//!   0/1 on SQLite and BOOLEAN on PostgreSQL (sqlx maps both to `bool`).
//! - Decimals (totals) are TEXT with two decimals, never a float column; raw indicator values
//!   are JSON text exactly as accepted.
//! - Rubric versions and the entry audit are never updated (database triggers refuse it).

pub(crate) mod dispatch;
pub(crate) mod queries;
mod types;

/// The assessment's queries of each engine, for a feature module whose own transactions must
/// score open periods again (the unit registry, `crate::units`).
pub(crate) mod engines {
    pub(crate) use super::queries::{postgres, sqlite};
}

pub use crate::entries::storage::*;
pub use types::*;

use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

use crate::configuration::{DatabaseUrl, Limits};
use dispatch::{in_transaction, on_connection};

/// The schema migrations of each engine. A migration applied by a newer release that this binary
/// does not know is no error (`ignore_missing`): schema changes are written expand-then-contract
/// (see `docs/operations.md`), so the previous release still runs against the newer schema.
fn migrator(engine: &str) -> sqlx::migrate::Migrator {
    let mut migrator = if engine == "sqlite" {
        sqlx::migrate!("./migrations/sqlite")
    } else {
        sqlx::migrate!("./migrations/postgres")
    };
    migrator.set_ignore_missing(true);
    migrator
}

/// A connection pool to one of the two supported databases.
#[derive(Clone, Debug)]
pub enum Database {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Database {
    /// Connects (creating a SQLite file and its folder if missing) and runs the migrations.
    ///
    /// # Errors
    /// An unsupported URL scheme, an unreachable database or a failed migration.
    pub async fn connect_and_migrate(url: &DatabaseUrl) -> Result<Self> {
        Self::connect_and_migrate_with(url, &Limits::default()).await
    }

    /// [`Database::connect_and_migrate`] with the pool size and PostgreSQL timeouts of `limits`.
    ///
    /// # Errors
    /// As [`Database::connect_and_migrate`].
    pub async fn connect_and_migrate_with(url: &DatabaseUrl, limits: &Limits) -> Result<Self> {
        let database = Self::connect_with(url, limits).await?;
        database.migrate().await?;
        Ok(database)
    }

    /// Connects (creating a SQLite file and its folder if missing) without touching the schema.
    ///
    /// # Errors
    /// An unsupported URL scheme or an unreachable database.
    pub async fn connect(url: &DatabaseUrl) -> Result<Self> {
        Self::connect_with(url, &Limits::default()).await
    }

    /// [`Database::connect`] with the pool size of `limits` and, on PostgreSQL, its
    /// `lock_timeout` and `statement_timeout`, set on every connection of the pool (a statement
    /// that hits one fails, and its request is answered 503 `database_busy`, see
    /// [`is_database_busy`]).
    ///
    /// # Errors
    /// As [`Database::connect`].
    pub async fn connect_with(url: &DatabaseUrl, limits: &Limits) -> Result<Self> {
        let raw = url.expose();
        let database = if raw.starts_with("sqlite:") {
            Self::Sqlite(
                connect_sqlite(raw, limits.database_pool_size.unwrap_or(8), limits.database_lock_timeout).await?,
            )
        } else if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            let milliseconds = |duration: Duration| format!("{}ms", duration.as_millis());
            let options = PgConnectOptions::from_str(raw).context("invalid PostgreSQL URL")?.options([
                ("lock_timeout", milliseconds(limits.database_lock_timeout)),
                ("statement_timeout", milliseconds(limits.database_statement_timeout)),
            ]);
            let pool = PgPoolOptions::new()
                .max_connections(limits.database_pool_size.unwrap_or(10))
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await
                .context("cannot connect to PostgreSQL")?;
            Self::Postgres(pool)
        } else {
            bail!("DATABASE_URL must start with sqlite:// or postgres:// (got {url:?})");
        };
        Ok(database)
    }

    /// Applies the migrations the database lacks (each in its own transaction, under sqlx's
    /// migration lock, so two processes starting at once apply each migration once).
    ///
    /// # Errors
    /// A migration fails, or one already applied was changed since.
    pub async fn migrate(&self) -> Result<()> {
        let migrator = migrator(self.kind());
        match self {
            Self::Sqlite(pool) => migrator.run(pool).await.context("SQLite migrations failed"),
            Self::Postgres(pool) => migrator.run(pool).await.context("PostgreSQL migrations failed"),
        }
    }

    /// The versions of this binary's migrations that the database has not applied.
    ///
    /// # Errors
    /// The database cannot be read.
    pub async fn pending_migrations(&self) -> Result<Vec<i64>> {
        const TABLE_EXISTS_SQLITE: &str =
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'";
        const TABLE_EXISTS_POSTGRES: &str =
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = '_sqlx_migrations'";
        const APPLIED: &str = "SELECT version FROM _sqlx_migrations WHERE success";
        let applied: Vec<i64> = match self {
            Self::Sqlite(pool) => {
                let exists: i64 = sqlx::query_scalar(TABLE_EXISTS_SQLITE).fetch_one(pool).await?;
                if exists == 0 { Vec::new() } else { sqlx::query_scalar(APPLIED).fetch_all(pool).await? }
            }
            Self::Postgres(pool) => {
                let exists: i64 = sqlx::query_scalar(TABLE_EXISTS_POSTGRES).fetch_one(pool).await?;
                if exists == 0 { Vec::new() } else { sqlx::query_scalar(APPLIED).fetch_all(pool).await? }
            }
        };
        Ok(migrator(self.kind())
            .iter()
            .map(|migration| migration.version)
            .filter(|version| !applied.contains(version))
            .collect())
    }

    /// The engine's name as reported by the health check.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgresql",
        }
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> Result<()> {
        match self {
            Self::Sqlite(pool) => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()),
            Self::Postgres(pool) => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()),
        }
        .context("database ping failed")
    }

    /// Every population, in display order.
    #[tracing::instrument(skip(self))]
    pub async fn populations(&self) -> Result<Vec<PopulationRow>> {
        on_connection!(self, queries, |connection, q| q::populations(&mut connection).await)
    }

    /// Periods, oldest first, optionally only those in one state.
    #[tracing::instrument(skip(self))]
    pub async fn periods(&self, state: Option<PeriodState>) -> Result<Vec<PeriodRow>> {
        on_connection!(self, queries, |connection, q| q::periods(&mut connection, state).await)
    }

    #[tracing::instrument(skip(self))]
    pub async fn period(&self, period_id: &str) -> Result<Option<PeriodRow>> {
        on_connection!(self, queries, |connection, q| q::period(&mut connection, period_id).await)
    }

    #[tracing::instrument(skip(self))]
    pub async fn rubric_version(&self, rubric_version_id: &str) -> Result<Option<RubricVersionRow>> {
        on_connection!(self, queries, |connection, q| q::rubric_version(&mut connection, rubric_version_id).await)
    }

    /// Whether some period binds this rubric version (what makes a rubric visible to the public
    /// is decided by the caller).
    #[tracing::instrument(skip(self))]
    pub async fn periods_using_rubric(&self, rubric_version_id: &str) -> Result<Vec<PeriodRow>> {
        on_connection!(self, queries, |connection, q| q::periods_using_rubric(&mut connection, rubric_version_id).await)
    }

    /// The rubric version scoring `population` in `period_id`.
    #[tracing::instrument(skip(self))]
    pub async fn period_rubric(&self, period_id: &str, population: &str) -> Result<Option<String>> {
        on_connection!(self, queries, |connection, q| q::period_rubric(&mut connection, period_id, population).await)
    }

    #[tracing::instrument(skip(self))]
    pub async fn unit_by_code(&self, unit_code: &str) -> Result<Option<UnitRow>> {
        on_connection!(self, queries, |connection, q| q::unit_by_code(&mut connection, unit_code).await)
    }

    /// Official results of a population in a period, by rank then name.
    #[tracing::instrument(skip(self))]
    pub async fn results(&self, period_id: &str, population: &str) -> Result<Vec<ResultRow>> {
        on_connection!(self, queries, |connection, q| q::results(&mut connection, period_id, population).await)
    }

    /// Rows `offset..offset + limit` of a population's ranking (from `offset` to the end
    /// without a limit), ranked over the whole population and cut in SQL, and the number of
    /// rows of the whole ranking, read in one transaction so that they agree.
    #[tracing::instrument(skip(self))]
    pub async fn results_page(
        &self,
        period_id: &str,
        population: &str,
        offset: usize,
        limit: Option<usize>,
    ) -> Result<(Vec<ResultRow>, usize)> {
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let limit = limit.map(|limit| i64::try_from(limit).unwrap_or(i64::MAX));
        let (rows, n_rows) = on_connection!(self, queries, |connection, q| {
            let n_rows = q::results_count(&mut connection, period_id, population).await?;
            let rows = q::results_page(&mut connection, period_id, population, offset, limit).await?;
            anyhow::Ok((rows, n_rows))
        })?;
        Ok((rows, usize::try_from(n_rows).context("a count is not negative")?))
    }

    /// One unit's official result in a period.
    #[tracing::instrument(skip(self))]
    pub async fn unit_result(&self, period_id: &str, unit_id: &str) -> Result<Option<ResultRow>> {
        on_connection!(self, queries, |connection, q| q::unit_result(&mut connection, period_id, unit_id).await)
    }

    /// One unit's stored raw values in a period, by indicator code.
    #[tracing::instrument(skip(self))]
    pub async fn entries(&self, period_id: &str, unit_id: &str) -> Result<Vec<EntryRow>> {
        on_connection!(self, queries, |connection, q| q::entries(&mut connection, period_id, unit_id).await)
    }

    /// The audit trail of one unit's entries in a period, oldest first.
    #[tracing::instrument(skip(self))]
    pub async fn entry_audit(&self, period_id: &str, unit_id: &str) -> Result<Vec<AuditRow>> {
        on_connection!(self, queries, |connection, q| q::entry_audit(&mut connection, period_id, unit_id).await)
    }

    /// Stores a rubric document as a new immutable version, or returns the existing version with
    /// the same content.
    ///
    /// # Errors
    /// The rubric is invalid (with the engine's problems) or the database fails.
    #[tracing::instrument(skip(self, document))]
    pub async fn store_rubric_version(&self, document: &str, now: &str) -> Result<String> {
        in_transaction!(self, queries, |transaction, q| q::store_rubric_version(&mut transaction, document, now).await)
    }

    /// Scores every unit of `population` in `period_id` with the engine from the stored raw values,
    /// ranks them, and replaces the stored results, all in one transaction.
    ///
    /// # Errors
    /// No rubric is bound, a stored value does not fit the rubric, or the database fails; then
    /// nothing is changed.
    #[tracing::instrument(skip(self))]
    pub async fn recompute(&self, period_id: &str, population: &str, now: &str) -> Result<usize> {
        in_transaction!(self, queries, |transaction, q| q::recompute(&mut transaction, period_id, population, now)
            .await)
    }

    /// Loads a seed data set (units, rubrics, periods, entries) and computes the results of its
    /// scored periods, in one transaction, only into a database that holds no assessment data and
    /// no record of a previous seed under `marker`.
    ///
    /// Returns `false` (and changes nothing) when the database is not empty or was seeded before.
    ///
    /// # Errors
    /// Invalid seed data or a database failure; then nothing is changed.
    #[tracing::instrument(skip(self, seed), fields(marker = seed.marker))]
    pub async fn load_seed(&self, seed: &Seed, now: &str) -> Result<bool> {
        in_transaction!(self, queries, |transaction, q| q::load_seed(&mut transaction, seed, now).await)
    }

    /// A fact recorded in `app_meta`.
    #[tracing::instrument(skip(self))]
    pub async fn meta(&self, key: &str) -> Result<Option<String>> {
        on_connection!(self, queries, |connection, q| q::meta(&mut connection, key).await)
    }

    /// Open and idle connections of the pool (for the metrics).
    pub fn pool_state(&self) -> (u32, usize) {
        match self {
            Self::Sqlite(pool) => (pool.size(), pool.num_idle()),
            Self::Postgres(pool) => (pool.size(), pool.num_idle()),
        }
    }

    pub async fn close(&self) {
        match self {
            Self::Sqlite(pool) => pool.close().await,
            Self::Postgres(pool) => pool.close().await,
        }
    }
}

/// Whether `error` is the database refusing to wait any longer: a PostgreSQL `lock_timeout`
/// (SQLSTATE 55P03) or `statement_timeout` (57014), SQLite's busy timeout (`SQLITE_BUSY`, 5), or
/// no pooled connection free in time. Such a request is answered 503 `database_busy` (the client
/// may retry) instead of 500.
pub fn is_database_busy(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| match cause.downcast_ref::<sqlx::Error>() {
        Some(sqlx::Error::PoolTimedOut) => true,
        Some(sqlx::Error::Database(database_error)) => {
            matches!(database_error.code().as_deref(), Some("55P03" | "57014" | "5"))
        }
        _ => false,
    })
}

/// Populations at least this large are scored off the async threads.
const UNITS_SCORED_INLINE: usize = 64;

/// Runs CPU-heavy scoring of `n_units` units where it does not stall other requests: a whole
/// population (an import, a re-publication, a registry change) is scored with
/// `tokio::task::block_in_place`, which hands this worker's other tasks to another thread while
/// it computes; a few units (an entry write) are scored in place. The transaction's connection
/// stays with the caller, which is why this is not `spawn_blocking`. On a single-threaded
/// runtime (tests) there is no other thread to hand work to, and it runs in place.
pub fn score_off_the_async_threads<T>(n_units: usize, score: impl FnOnce() -> T) -> T {
    let multi_threaded = tokio::runtime::Handle::try_current()
        .is_ok_and(|handle| handle.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread);
    if multi_threaded && n_units >= UNITS_SCORED_INLINE { tokio::task::block_in_place(score) } else { score() }
}

/// Formats milliseconds since the Unix epoch (UTC) as stored: RFC 3339 with milliseconds,
/// `2024-01-31T08:00:00.000Z`, which sorts like time as text.
pub fn format_timestamp(millis_since_epoch: u128) -> String {
    let millis = millis_since_epoch % 1000;
    let seconds = millis_since_epoch / 1000;
    let days = i64::try_from(seconds / 86_400).unwrap_or(i64::MAX / 2);
    let second_of_day = seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60
    )
}

/// Gregorian date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = u32::try_from(day_of_year - (153 * month_index + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if month_index < 10 { month_index + 3 } else { month_index - 9 }).unwrap_or(1);
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A new opaque id such as `u_3f9a0c1d2e4b5a69`: unique within this process and, with the time
/// and process id mixed in, across processes.
pub fn new_id(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let counter = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos();
    let hash = crate::results::scoring::content_sha256(&format!("{nanos}-{counter}-{}", std::process::id()));
    format!("{prefix}_{}", &hash[..16])
}

/// `lock_wait` is SQLite's busy timeout: how long a transaction waits for another's write lock.
async fn connect_sqlite(url: &str, pool_size: u32, lock_wait: Duration) -> Result<SqlitePool> {
    let options = SqliteConnectOptions::from_str(url)
        .with_context(|| format!("invalid SQLite URL `{url}`"))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .foreign_keys(true)
        .busy_timeout(lock_wait);
    let path = options.get_filename().to_path_buf();
    if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create the database folder {}", parent.display()))?;
    }
    SqlitePoolOptions::new()
        .max_connections(pool_size)
        .connect_with(options)
        .await
        .with_context(|| format!("cannot open the SQLite database {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc3339_utc_with_milliseconds() {
        assert_eq!(format_timestamp(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_timestamp(951_782_400_123), "2000-02-29T00:00:00.123Z");
        assert_eq!(format_timestamp(1_706_659_200_000 + 8 * 3_600_000), "2024-01-31T08:00:00.000Z");
    }

    #[test]
    fn period_labels_are_in_bahasa_indonesia() {
        let period = |year, kind: PeriodKind| PeriodRow {
            id: PeriodRow::id_for(year, kind),
            year,
            kind: kind.code().to_owned(),
            state: PeriodState::Open,
        };
        assert_eq!(period(2023, PeriodKind::Annual).label(), "Tahunan 2023");
        assert_eq!(period(2024, PeriodKind::Q1).label(), "Triwulan I 2024");
        assert_eq!(period(2024, PeriodKind::Q4).label(), "Triwulan IV 2024");
        assert_eq!(period(2024, PeriodKind::Q3).id, "2024-q3");
        assert!(!period(2024, PeriodKind::Q3).is_published());
        assert_eq!(PeriodState::parse("published"), Some(PeriodState::Published));
        assert_eq!(PeriodKind::parse("q5"), None);
    }

    /// States and statuses are parsed where a row is read: a code this release does not know is
    /// an error there, not a string that later comparisons silently miss.
    #[tokio::test]
    async fn stored_states_are_parsed_when_the_row_is_read() {
        let pool = SqlitePool::connect("sqlite::memory:").await.expect("an in-memory SQLite database");
        let period = |state: &str| format!("SELECT '2024-q1' AS id, 2024 AS year, 'q1' AS kind, '{state}' AS state");
        let open = sqlx::query_as::<_, PeriodRow>(&period("open")).fetch_one(&pool).await.expect("a known state");
        assert_eq!(open.state, PeriodState::Open);
        assert!(sqlx::query_as::<_, PeriodRow>(&period("frozen")).fetch_one(&pool).await.is_err());
        let entry = |status: &str| {
            format!(
                "SELECT 'SAKIP' AS indicator_code, '80' AS value_json, '{status}' AS status, 1 AS version, \
                 '2024-01-31T08:00:00.000Z' AS updated_at, 'demo' AS updated_by"
            )
        };
        let verified =
            sqlx::query_as::<_, EntryRow>(&entry("verified")).fetch_one(&pool).await.expect("a known status");
        assert_eq!(verified.status, EntryStatus::Verified);
        assert!(sqlx::query_as::<_, EntryRow>(&entry("approved")).fetch_one(&pool).await.is_err());
    }

    #[test]
    fn ids_do_not_repeat() {
        let ids: std::collections::BTreeSet<String> = (0..1000).map(|_| new_id("u")).collect();
        assert_eq!(ids.len(), 1000);
        assert!(ids.iter().all(|id| id.starts_with("u_") && id.len() == 18));
    }
}
