//! Login throttling with back-off, per username and per client address, kept in memory.
//!
//! In memory is deliberate: it needs no table and no clean-up job, and it is only lost on a
//! restart (which an attacker cannot trigger). With several server processes each counts on its
//! own, which multiplies an attacker's budget by the number of processes; fine for one provincial
//! server, to revisit if the server is ever replicated.
//!
//! Rules: each key (`user:<username>`, `ip:<address>`) may fail [`FREE_FAILURES_PER_USER`] (or
//! [`FREE_FAILURES_PER_ADDRESS`]) times; the failure that reaches the limit locks the key for
//! [`FIRST_LOCK`], and every further failure after a lock has passed locks it twice as long, up
//! to [`LONGEST_LOCK`]. A key's count is forgotten [`FORGET_AFTER`] after its last failure, and
//! a successful login clears the username's count. The address limit is higher than the user
//! limit because many staff of one office share a NAT address.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

pub const FREE_FAILURES_PER_USER: u32 = 5;
pub const FREE_FAILURES_PER_ADDRESS: u32 = 20;
pub const FIRST_LOCK: Duration = Duration::from_secs(30);
pub const LONGEST_LOCK: Duration = Duration::from_secs(15 * 60);
pub const FORGET_AFTER: Duration = Duration::from_secs(60 * 60);
/// Above this many keys, forgotten ones are swept out (bounds memory under a spray of names).
const SWEEP_ABOVE_KEYS: usize = 10_000;

#[derive(Clone, Copy, Debug)]
struct Record {
    failures: u32,
    last_failure_millis: u64,
    locked_until_millis: u64,
}

/// The in-memory failure counts.
#[derive(Debug, Default)]
pub struct Throttle {
    records: Mutex<HashMap<String, Record>>,
}

/// What a failure did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterFailure {
    StillFree,
    /// This failure locked a key (for the audit: logged once per lock, not per refused attempt).
    Locked,
}

impl Throttle {
    /// Milliseconds until the first of `keys` is unlocked, or `None` when none is locked.
    pub fn locked_for(&self, keys: &[String], now_millis: u64) -> Option<u64> {
        let records = self.records.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        keys.iter()
            .filter_map(|key| records.get(key))
            .filter(|record| record.locked_until_millis > now_millis)
            .map(|record| record.locked_until_millis - now_millis)
            .max()
    }

    /// Counts a failed login against every key.
    pub fn record_failure(&self, keys: &[(String, u32)], now_millis: u64) -> AfterFailure {
        let mut records = self.records.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if records.len() > SWEEP_ABOVE_KEYS {
            let forget = super::clock::millis(FORGET_AFTER);
            records.retain(|_, record| record.last_failure_millis.saturating_add(forget) > now_millis);
        }
        let mut outcome = AfterFailure::StillFree;
        for (key, free_failures) in keys {
            let record = records.entry(key.clone()).or_insert(Record {
                failures: 0,
                last_failure_millis: now_millis,
                locked_until_millis: 0,
            });
            if record.last_failure_millis.saturating_add(super::clock::millis(FORGET_AFTER)) <= now_millis {
                record.failures = 0;
            }
            record.failures += 1;
            record.last_failure_millis = now_millis;
            if record.failures >= *free_failures {
                let doublings = (record.failures - free_failures).min(10);
                let lock = FIRST_LOCK.saturating_mul(1 << doublings).min(LONGEST_LOCK);
                record.locked_until_millis = now_millis.saturating_add(super::clock::millis(lock));
                outcome = AfterFailure::Locked;
            }
        }
        outcome
    }

    /// Forgets a key's failures (a username after a successful login).
    pub fn clear(&self, key: &str) {
        self.records.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(key);
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

    #[test]
    fn five_failures_lock_then_each_later_failure_doubles_the_lock() {
        let throttle = Throttle::default();
        let keys = vec![(user_key("budi"), FREE_FAILURES_PER_USER)];
        let names = vec![user_key("budi")];
        let mut now = 1_000_000;
        for _ in 0..4 {
            assert_eq!(throttle.record_failure(&keys, now), AfterFailure::StillFree);
            assert_eq!(throttle.locked_for(&names, now), None);
        }
        assert_eq!(throttle.record_failure(&keys, now), AfterFailure::Locked);
        assert_eq!(throttle.locked_for(&names, now), Some(30 * SECOND));
        now += 30 * SECOND;
        assert_eq!(throttle.locked_for(&names, now), None);
        throttle.record_failure(&keys, now);
        assert_eq!(throttle.locked_for(&names, now), Some(60 * SECOND));
        now += 60 * SECOND;
        throttle.record_failure(&keys, now);
        assert_eq!(throttle.locked_for(&names, now), Some(120 * SECOND));
        for _ in 0..20 {
            throttle.record_failure(&keys, now);
        }
        assert_eq!(throttle.locked_for(&names, now), Some(15 * 60 * SECOND));
        throttle.clear(&user_key("BUDI"));
        assert_eq!(throttle.locked_for(&names, now), None);
    }

    #[test]
    fn failures_are_forgotten_after_an_hour() {
        let throttle = Throttle::default();
        let keys = vec![(user_key("budi"), FREE_FAILURES_PER_USER)];
        for _ in 0..4 {
            throttle.record_failure(&keys, 0);
        }
        assert_eq!(throttle.record_failure(&keys, 3600 * SECOND), AfterFailure::StillFree);
    }
}
