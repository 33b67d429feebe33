//! Login throttling with back-off, per username and per client address, kept in memory.
//!
//! An attempt is counted as a failure *before* its password is checked, in the same step as the
//! lock check ([`Throttle::begin`]): a burst of parallel wrong logins is refused once the limit
//! is reached, without any of the refused ones reaching the (costly) password check. A right
//! password gives the attempt back ([`Throttle::succeeded`]).
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
//! a successful login clears the username's count and gives its attempt back to the address.
//! The address limit is higher than the user limit because many staff of one office share a NAT
//! address.

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

impl Throttle {
    /// Starts a login attempt. In one step under the lock: refuses it when a key is locked
    /// (`Err` with the milliseconds until the last of them unlocks; nothing is counted), or
    /// counts it as a failure against every key, so that a burst of parallel attempts is
    /// throttled before any of them reaches the password check. An attempt whose password turns
    /// out right is given back with [`Throttle::succeeded`].
    ///
    /// # Errors
    /// The milliseconds to wait when a key is locked.
    pub fn begin(&self, keys: &[(String, u32)], now_millis: u64) -> Result<Attempt, u64> {
        let mut records = self.records.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let wait = keys
            .iter()
            .filter_map(|(key, _)| records.get(key))
            .filter(|record| record.locked_until_millis > now_millis)
            .map(|record| record.locked_until_millis - now_millis)
            .max();
        if let Some(wait) = wait {
            return Err(wait);
        }
        if records.len() > SWEEP_ABOVE_KEYS {
            let forget = super::clock::millis(FORGET_AFTER);
            records.retain(|_, record| record.last_failure_millis.saturating_add(forget) > now_millis);
        }
        let mut attempt = Attempt { counted: Vec::with_capacity(keys.len()), locked: false };
        for (key, free_failures) in keys {
            let lock_before = records.get(key).map_or(0, |record| record.locked_until_millis);
            let mut locked_it = false;
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
                locked_it = true;
            }
            attempt.locked |= locked_it;
            attempt.counted.push((key.clone(), lock_before, locked_it));
        }
        Ok(attempt)
    }

    /// The attempt's password was right: `cleared` (the username's key) forgets its failures,
    /// and every other key gets this attempt's count back (and any lock it set), so that an
    /// office's many good logins never lock its shared address.
    pub fn succeeded(&self, attempt: Attempt, cleared: &str) {
        self.undo(attempt, Some(cleared));
    }

    /// The attempt's password could not be checked (the server was busy): it counts against no
    /// key.
    pub fn give_back(&self, attempt: Attempt) {
        self.undo(attempt, None);
    }

    fn undo(&self, attempt: Attempt, cleared: Option<&str>) {
        let mut records = self.records.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for (key, lock_before, locked_it) in attempt.counted {
            if Some(key.as_str()) == cleared {
                records.remove(&key);
                continue;
            }
            let Some(record) = records.get_mut(&key) else { continue };
            record.failures = record.failures.saturating_sub(1);
            if locked_it {
                record.locked_until_millis = lock_before;
            }
            if record.failures == 0 && record.locked_until_millis == 0 {
                records.remove(&key);
            }
        }
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

    fn fail(throttle: &Throttle, keys: &[(String, u32)], now: u64) -> Result<bool, u64> {
        throttle.begin(keys, now).map(|attempt| attempt.locked_a_key())
    }

    #[test]
    fn five_failures_lock_then_each_later_failure_doubles_the_lock() {
        let throttle = Throttle::default();
        let keys = vec![(user_key("budi"), FREE_FAILURES_PER_USER)];
        let mut now = 1_000_000;
        for _ in 0..4 {
            assert_eq!(fail(&throttle, &keys, now), Ok(false));
        }
        assert_eq!(fail(&throttle, &keys, now), Ok(true), "the fifth attempt locks");
        assert_eq!(fail(&throttle, &keys, now), Err(30 * SECOND), "refused, not counted");
        now += 30 * SECOND;
        assert_eq!(fail(&throttle, &keys, now), Ok(true));
        assert_eq!(fail(&throttle, &keys, now), Err(60 * SECOND));
        now += 60 * SECOND;
        assert_eq!(fail(&throttle, &keys, now), Ok(true));
        assert_eq!(fail(&throttle, &keys, now), Err(120 * SECOND));
        for _ in 0..20 {
            now += 15 * 60 * SECOND;
            let _ = fail(&throttle, &keys, now);
        }
        assert_eq!(fail(&throttle, &keys, now), Err(15 * 60 * SECOND), "at most fifteen minutes");
    }

    #[test]
    fn a_right_password_clears_the_user_and_gives_the_address_its_attempt_back() {
        let throttle = Throttle::default();
        let keys = |name: &str| vec![(user_key(name), FREE_FAILURES_PER_USER), (address_key("10.0.0.1"), 3)];
        // Two wrong passwords from the office address, then many good logins: never locked.
        for name in ["ani", "budi"] {
            assert_eq!(fail(&throttle, &keys(name), 0), Ok(false));
        }
        for _ in 0..10 {
            let attempt = throttle.begin(&keys("citra"), 0).expect("not locked");
            throttle.succeeded(attempt, &user_key("citra"));
        }
        // The attempt that reaches the address limit locks it; if its password is right, the
        // lock it set is given back.
        let attempt = throttle.begin(&keys("dewi"), 0).expect("not locked");
        assert!(attempt.locked_a_key());
        assert_eq!(fail(&throttle, &keys("eko"), 0), Err(30 * SECOND), "locked while it is checked");
        throttle.succeeded(attempt, &user_key("dewi"));
        assert_eq!(fail(&throttle, &keys("eko"), 0), Ok(true), "the third failure locks the address");
    }

    #[test]
    fn an_attempt_given_back_counts_against_no_key() {
        let throttle = Throttle::default();
        let keys = vec![(user_key("budi"), 2)];
        assert_eq!(fail(&throttle, &keys, 0), Ok(false));
        for _ in 0..5 {
            let attempt = throttle.begin(&keys, 0).expect("not locked");
            assert!(attempt.locked_a_key());
            throttle.give_back(attempt);
        }
        assert_eq!(fail(&throttle, &keys, 0), Ok(true), "still one free failure was left");
    }

    #[test]
    fn a_parallel_burst_is_refused_once_the_limit_is_counted() {
        let throttle = std::sync::Arc::new(Throttle::default());
        let keys = vec![(user_key("budi"), FREE_FAILURES_PER_USER)];
        let admitted: usize = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..64)
                .map(|_| {
                    let (throttle, keys) = (throttle.clone(), keys.clone());
                    scope.spawn(move || usize::from(throttle.begin(&keys, 0).is_ok()))
                })
                .collect();
            handles.into_iter().map(|handle| handle.join().expect("no panic")).sum()
        });
        assert_eq!(admitted, FREE_FAILURES_PER_USER as usize, "only the free attempts reach the password check");
    }

    #[test]
    fn failures_are_forgotten_after_an_hour() {
        let throttle = Throttle::default();
        let keys = vec![(user_key("budi"), FREE_FAILURES_PER_USER)];
        for _ in 0..4 {
            assert_eq!(fail(&throttle, &keys, 0), Ok(false));
        }
        assert_eq!(fail(&throttle, &keys, 3600 * SECOND), Ok(false));
    }
}
