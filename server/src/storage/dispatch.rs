//! The one dispatch between the two engines, used by every feature's storage.
//!
//! A feature writes its queries once, as the body of a macro that takes the engine's sqlx type
//! and module name, and [`for_each_engine!`] compiles that body into a `sqlite` and a `postgres`
//! module next to it. At run time [`on_connection!`] and [`in_transaction!`] look at the
//! [`Database`](crate::storage::Database) and run the caller's body with one engine's connection
//! and module:
//!
//! ```ignore
//! on_connection!(self.database, queries, |connection, q| q::units(&mut connection).await)
//! in_transaction!(self.database, queries, |transaction, q| {
//!     q::lock_period(&mut transaction, period_id).await?;
//!     q::write(&mut transaction, value).await
//! })
//! ```
//!
//! `queries` is the path of the module holding `sqlite` and `postgres`; `q` is the name the body
//! gives the chosen engine's module. The connection (a pooled connection or an open transaction)
//! dereferences to the engine's `Connection`, so `&mut connection` or `&mut *connection` is what a
//! query function takes. Both macros use `?` and so belong in functions returning
//! `anyhow::Result`; every failure to get a connection, begin or commit carries a context naming
//! the engine.
//!
//! On SQLite every transaction begins `IMMEDIATE`, because every transaction here writes: a
//! deferred transaction takes the write lock only at its first write, and if another connection
//! wrote in between, SQLite cannot let it wait (its snapshot would be stale) and fails at once
//! with "database is locked" — a 500 for a request that only had to queue. An immediate one takes
//! the write lock at `BEGIN`, where the busy timeout makes it wait behind the other writer.
//! PostgreSQL transactions need no such care: they lock rows, and every write transaction first
//! touches the row (period, unit, population) that serialises it.

/// Runs `$body` with `$connection` bound to a pooled connection of the database's engine and
/// `$q` to that engine's module under `$queries`; the body's value (an `anyhow::Result`) is the
/// macro's value.
macro_rules! on_connection {
    ($database:expr, $($queries:ident)::+, |$connection:ident, $q:ident| $body:expr) => {
        match $database {
            $crate::storage::Database::Sqlite(pool) => {
                #[allow(unused_mut)]
                let mut $connection =
                    ::anyhow::Context::context(pool.acquire().await, "no SQLite connection available")?;
                use $($queries)::+::sqlite as $q;
                $body
            }
            $crate::storage::Database::Postgres(pool) => {
                #[allow(unused_mut)]
                let mut $connection =
                    ::anyhow::Context::context(pool.acquire().await, "no PostgreSQL connection available")?;
                use $($queries)::+::postgres as $q;
                $body
            }
        }
    };
}

/// Like [`on_connection!`] inside one transaction (`BEGIN IMMEDIATE` on SQLite, see the module
/// documentation), committed when `$body` returns `Ok` and rolled back (dropped) when it returns
/// an error, which the macro returns.
macro_rules! in_transaction {
    ($database:expr, $($queries:ident)::+, |$transaction:ident, $q:ident| $body:expr) => {
        match $database {
            $crate::storage::Database::Sqlite(pool) => {
                let mut $transaction = ::anyhow::Context::context(
                    pool.begin_with("BEGIN IMMEDIATE").await,
                    "cannot begin a SQLite transaction",
                )?;
                use $($queries)::+::sqlite as $q;
                let value = $body?;
                ::anyhow::Context::context($transaction.commit().await, "cannot commit the SQLite transaction")?;
                Ok(value)
            }
            $crate::storage::Database::Postgres(pool) => {
                let mut $transaction =
                    ::anyhow::Context::context(pool.begin().await, "cannot begin a PostgreSQL transaction")?;
                use $($queries)::+::postgres as $q;
                let value = $body?;
                ::anyhow::Context::context($transaction.commit().await, "cannot commit the PostgreSQL transaction")?;
                Ok(value)
            }
        }
    };
}

/// Compiles a feature's query definitions once per engine: `for_each_engine!(define_queries)`
/// expands to `pub mod sqlite { define_queries!(sqlx::Sqlite, sqlite); }` and the same for
/// `postgres`, the pair of modules [`on_connection!`] and [`in_transaction!`] choose from. The
/// definitions macro takes the engine's sqlx type and the engine's module name (to reach another
/// feature's queries of the same engine, such as `crate::storage::queries::$engine_module`).
macro_rules! for_each_engine {
    ($define:ident) => {
        pub mod sqlite {
            $define!(sqlx::Sqlite, sqlite);
        }
        pub mod postgres {
            $define!(sqlx::Postgres, postgres);
        }
    };
}

pub(crate) use {for_each_engine, in_transaction, on_connection};
