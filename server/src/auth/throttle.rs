//! Login throttling with back-off, per username and per client address, kept in the database so
//! that every server process on it counts the same failures and a restart forgets nothing.
//!
//! An attempt is counted as a failure *before* its password is checked, in the same transaction
//! as the lock check ([`Throttle::begin`]): a burst of parallel wrong logins, on one process or
//! spread over several, is refused once the limit is reached, without any of the refused ones
//! reaching the (costly) password check. A right password gives the attempt back
//! ([`Throttle::succeeded`]).
//!
//! Rules: each key (`user:<username>`, `ip:<address>`) may fail [`FREE_FAILURES_PER_USER`] (or
//! [`FREE_FAILURES_PER_ADDRESS`]) times; the failure that reaches the limit locks the key for
//! [`FIRST_LOCK`], and every further failure after a lock has passed locks it twice as long, up
//! to [`LONGEST_LOCK`]. A key's count is forgotten [`FORGET_AFTER`] after its last failure, and
//! a successful login clears the username's count and gives its attempt back to the address.
//! The address limit is higher than the user limit because many staff of one office share a NAT
//! address.
//!
//! What a failure or a give-back does to a key's [`Record`] is plain code ([`count_failure`],
//! [`give_back_one`], [`wait_millis`]); the storage only locks the keys' rows (in key order, so
//! two attempts on the same keys never deadlock), reads them, and writes the decision back.
//! Forgotten rows are swept by every attempt, which keeps the table bounded under a spray of
//! names.

use anyhow::Result;
use std::time::Duration;

use crate::storage::Database;
use crate::storage::dispatch::in_transaction;

pub const FREE_FAILURES_PER_USER: u32 = 5;
pub const FREE_FAILURES_PER_ADDRESS: u32 = 20;
pub const FIRST_LOCK: Duration = Duration::from_secs(30);
pub const LONGEST_LOCK: Duration = Duration::from_secs(15 * 60);
pub const FORGET_AFTER: Duration = Duration::from_secs(60 * 60);

/// One key's failures as stored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Record {
    pub failures: u32,
    pub last_failure_millis: u64,
    /// 0 when the key was never locked.
    pub locked_until_millis: u64,
}

/// The throttle of one database.
#[derive(Clone, Debug)]
pub struct Throttle {
    database: Database,
}

/// A login attempt, counted as a failure against its keys before its password was checked.
#[derive(Debug)]
#[must_use = "an attempt that succeeds must be given back with `Throttle::succeeded`"]
pub struct Attempt {
    /// Each key with its lock before this attempt counted, and whether this attempt locked it.
    counted: Vec<(String, u64, bool)>,
    locked: bool,
}

impl Attempt {
    /// Whether counting this attempt locked a key (for the audit: logged once per lock, not per
    /// refused attempt).
    pub fn locked_a_key(&self) -> bool {
        self.locked
    }
}

/// The milliseconds until the last locked record among `records` unlocks, if any is locked.
pub fn wait_millis(records: &[Record], now_millis: u64) -> Option<u64> {
    records
        .iter()
        .filter(|record| record.locked_until_millis > now_millis)
        .map(|record| record.locked_until_millis - now_millis)
        .max()
}

/// A key's record after one more failure at `now_millis`, and whether this failure locked it.
pub fn count_failure(record: Record, free_failures: u32, now_millis: u64) -> (Record, bool) {
    let forgotten = record.last_failure_millis.saturating_add(super::clock::millis(FORGET_AFTER)) <= now_millis;
    let failures = if forgotten { 1 } else { record.failures.saturating_add(1) };
    let mut after =
        Record { failures, last_failure_millis: now_millis, locked_until_millis: record.locked_until_millis };
    let locks = failures >= free_failures;
    if locks {
        let doublings = (failures - free_failures).min(10);
        let lock = FIRST_LOCK.saturating_mul(1 << doublings).min(LONGEST_LOCK);
        after.locked_until_millis = now_millis.saturating_add(super::clock::millis(lock));
    }
    (after, locks)
}

/// A key's record with one counted failure given back (and the lock it set, if it set one);
/// `None` when nothing is left to remember.
pub fn give_back_one(record: Record, lock_before: u64, locked_it: bool) -> Option<Record> {
    let mut after = record;
    after.failures = after.failures.saturating_sub(1);
    if locked_it {
        after.locked_until_millis = lock_before;
    }
    (after.failures > 0 || after.locked_until_millis > 0).then_some(after)
}

macro_rules! define_queries {
    ($engine:ty, $engine_module:ident) => {
        use anyhow::{Context, Result};

        use super::super::Record;

        type Connection = <$engine as sqlx::Database>::Connection;

        fn stored(millis: u64) -> i64 {
            i64::try_from(millis).unwrap_or(i64::MAX)
        }

        /// Locks a key's row until the transaction ends (creating an empty one when there is
        /// none, so that two first failures of one key cannot both miss it) and reads it.
        pub async fn lock_key(connection: &mut Connection, key: &str, now_millis: u64) -> Result<Record> {
            let (failures, last_failure, locked_until) = sqlx::query_as::<_, (i64, i64, i64)>(
                "INSERT INTO login_throttle (throttle_key, failures, last_failure_ms, locked_until_ms) \
                 VALUES ($1, 0, $2, 0) ON CONFLICT (throttle_key) DO UPDATE SET failures = login_throttle.failures \
                 RETURNING failures, last_failure_ms, locked_until_ms",
            )
            .bind(key)
            .bind(stored(now_millis))
            .fetch_one(&mut *connection)
            .await
            .context("cannot lock a login throttle key")?;
            Ok(Record {
                failures: u32::try_from(failures).unwrap_or(u32::MAX),
                last_failure_millis: u64::try_from(last_failure).unwrap_or(0),
                locked_until_millis: u64::try_from(locked_until).unwrap_or(0),
            })
        }

        pub async fn store_key(connection: &mut Connection, key: &str, record: &Record) -> Result<()> {
            sqlx::query(
                "UPDATE login_throttle SET failures = $2, last_failure_ms = $3, locked_until_ms = $4 \
                 WHERE throttle_key = $1",
            )
            .bind(key)
            .bind(i64::from(record.failures))
            .bind(stored(record.last_failure_millis))
            .bind(stored(record.locked_until_millis))
            .execute(&mut *connection)
            .await
            .context("cannot store a login throttle key")?;
            Ok(())
        }

        pub async fn forget_key(connection: &mut Connection, key: &str) -> Result<()> {
            sqlx::query("DELETE FROM login_throttle WHERE throttle_key = $1")
                .bind(key)
                .execute(&mut *connection)
                .await
                .context("cannot forget a login throttle key")?;
            Ok(())
        }

        /// Deletes the keys whose last failure is older than `forget_before` and whose lock has
        /// passed.
        pub async fn sweep(connection: &mut Connection, forget_before: u64, now_millis: u64) -> Result<()> {
            sqlx::query("DELETE FROM login_throttle WHERE last_failure_ms <= $1 AND locked_until_ms <= $2")
                .bind(stored(forget_before))
                .bind(stored(now_millis))
                .execute(&mut *connection)
                .await
                .context("cannot sweep the login throttle")?;
            Ok(())
        }
    };
}

mod queries {
    crate::storage::dispatch::for_each_engine!(define_queries);
}

impl Throttle {
    pub fn new(database: Database) -> Self {
        Self { database }
    }

    /// Starts a login attempt. In one transaction, with the keys' rows locked: refuses it when a
    /// key is locked (`Ok(Err(wait))` with the milliseconds until the last of them unlocks;
    /// nothing is counted), or counts it as a failure against every key, so that a burst of
    /// parallel attempts on any number of processes is throttled before any of them reaches the
    /// password check. An attempt whose password turns out right is given back with
    /// [`Throttle::succeeded`].
    ///
    /// # Errors
    /// The database fails.
    pub async fn begin(&self, keys: &[(String, u32)], now_millis: u64) -> Result<Result<Attempt, u64>> {
        let mut keys = keys.to_vec();
        keys.sort();
        keys.dedup_by(|a, b| a.0 == b.0);
        let forget_before = now_millis.saturating_sub(super::clock::millis(FORGET_AFTER));
        in_transaction!(&self.database, queries, |transaction, q| {
            async {
                q::sweep(&mut transaction, forget_before, now_millis).await?;
                let mut records = Vec::with_capacity(keys.len());
                for (key, _) in &keys {
                    records.push(q::lock_key(&mut transaction, key, now_millis).await?);
                }
                if let Some(wait) = wait_millis(&records, now_millis) {
                    return Ok::<_, anyhow::Error>(Err(wait));
                }
                let mut attempt = Attempt { counted: Vec::with_capacity(keys.len()), locked: false };
                for ((key, free_failures), record) in keys.iter().zip(records) {
                    let (after, locked_it) = count_failure(record, *free_failures, now_millis);
                    q::store_key(&mut transaction, key, &after).await?;
                    attempt.locked |= locked_it;
                    attempt.counted.push((key.clone(), record.locked_until_millis, locked_it));
                }
                Ok(Ok(attempt))
            }
            .await
        })
    }

    /// The attempt's password was right: `cleared` (the username's key) forgets its failures,
    /// and every other key gets this attempt's count back (and any lock it set), so that an
    /// office's many good logins never lock its shared address.
    ///
    /// # Errors
    /// The database fails.
    pub async fn succeeded(&self, attempt: Attempt, cleared: &str, now_millis: u64) -> Result<()> {
        self.undo(attempt, Some(cleared), now_millis).await
    }

    /// The attempt's password could not be checked (the server was busy): it counts against no
    /// key.
    ///
    /// # Errors
    /// The database fails.
    pub async fn give_back(&self, attempt: Attempt, now_millis: u64) -> Result<()> {
        self.undo(attempt, None, now_millis).await
    }

    async fn undo(&self, attempt: Attempt, cleared: Option<&str>, now_millis: u64) -> Result<()> {
        in_transaction!(&self.database, queries, |transaction, q| {
            async {
                for (key, lock_before, locked_it) in &attempt.counted {
                    if Some(key.as_str()) == cleared {
                        q::forget_key(&mut transaction, key).await?;
                        continue;
                    }
                    let record = q::lock_key(&mut transaction, key, now_millis).await?;
                    match give_back_one(record, *lock_before, *locked_it) {
                        Some(after) => q::store_key(&mut transaction, key, &after).await?,
                        None => q::forget_key(&mut transaction, key).await?,
                    }
                }
                Ok::<(), anyhow::Error>(())
            }
            .await
        })
    }
}

pub fn user_key(username: &str) -> String {
    format!("user:{}", username.to_lowercase())
}

pub fn address_key(address: &str) -> String {
    format!("ip:{address}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: u64 = 1000;

    /// One failure against `record` as `begin` decides it: refused while locked, else counted.
    fn fail(record: &mut Record, free: u32, now: u64) -> Result<bool, u64> {
        if let Some(wait) = wait_millis(&[*record], now) {
            return Err(wait);
        }
        let (after, locked) = count_failure(*record, free, now);
        *record = after;
        Ok(locked)
    }

    #[test]
    fn five_failures_lock_then_each_later_failure_doubles_the_lock() {
        let mut record = Record::default();
        let mut now = 1_000_000;
        for _ in 0..4 {
            assert_eq!(fail(&mut record, FREE_FAILURES_PER_USER, now), Ok(false));
        }
        assert_eq!(fail(&mut record, FREE_FAILURES_PER_USER, now), Ok(true), "the fifth attempt locks");
        assert_eq!(fail(&mut record, FREE_FAILURES_PER_USER, now), Err(30 * SECOND), "refused, not counted");
        now += 30 * SECOND;
        assert_eq!(fail(&mut record, FREE_FAILURES_PER_USER, now), Ok(true));
        assert_eq!(fail(&mut record, FREE_FAILURES_PER_USER, now), Err(60 * SECOND));
        now += 60 * SECOND;
        assert_eq!(fail(&mut record, FREE_FAILURES_PER_USER, now), Ok(true));
        assert_eq!(fail(&mut record, FREE_FAILURES_PER_USER, now), Err(120 * SECOND));
        for _ in 0..20 {
            now += 15 * 60 * SECOND;
            let _ = fail(&mut record, FREE_FAILURES_PER_USER, now);
        }
        assert_eq!(fail(&mut record, FREE_FAILURES_PER_USER, now), Err(15 * 60 * SECOND), "at most fifteen minutes");
    }

    #[test]
    fn a_give_back_undoes_the_count_and_the_lock_it_set() {
        let mut record = Record::default();
        assert_eq!(fail(&mut record, 2, 0), Ok(false));
        let before = record;
        assert_eq!(fail(&mut record, 2, 0), Ok(true));
        let after = give_back_one(record, before.locked_until_millis, true).expect("one failure is left");
        assert_eq!(after.failures, 1);
        assert_eq!(after.locked_until_millis, 0, "the lock this attempt set is given back");
        assert_eq!(give_back_one(after, 0, false), None, "nothing left to remember");
    }

    #[test]
    fn failures_are_forgotten_after_an_hour() {
        let mut record = Record::default();
        for _ in 0..4 {
            assert_eq!(fail(&mut record, FREE_FAILURES_PER_USER, 0), Ok(false));
        }
        assert_eq!(fail(&mut record, FREE_FAILURES_PER_USER, 3600 * SECOND), Ok(false));
        assert_eq!(record.failures, 1);
    }

    #[test]
    fn the_longest_wait_of_several_locked_keys_is_answered() {
        let records = [
            Record { failures: 5, last_failure_millis: 0, locked_until_millis: 10 * SECOND },
            Record { failures: 20, last_failure_millis: 0, locked_until_millis: 40 * SECOND },
            Record::default(),
        ];
        assert_eq!(wait_millis(&records, 5 * SECOND), Some(35 * SECOND));
        assert_eq!(wait_millis(&records, 40 * SECOND), None);
    }
}
