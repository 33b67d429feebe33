//! The time as the auth code sees it. Session expiry and login throttling read the clock through
//! this trait so that tests can move time forward instead of sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A source of "now", in milliseconds since the Unix epoch (UTC).
pub trait Clock: Send + Sync + 'static {
    fn now_millis(&self) -> u64;
}

/// The machine's clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_millis(&self) -> u64 {
        let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        u64::try_from(since_epoch.as_millis()).unwrap_or(u64::MAX)
    }
}

/// A clock that only moves when told to; clones share the same time. Meant for tests (it is
/// public because the integration tests link the library built without `cfg(test)`).
#[derive(Clone, Debug)]
pub struct ManualClock {
    millis: Arc<AtomicU64>,
}

impl ManualClock {
    /// Starts at the machine's current time, so that stored timestamps look real.
    pub fn starting_now() -> Self {
        Self { millis: Arc::new(AtomicU64::new(SystemClock.now_millis())) }
    }

    pub fn advance(&self, by: Duration) {
        let by = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        self.millis.fetch_add(by, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_millis(&self) -> u64 {
        self.millis.load(Ordering::SeqCst)
    }
}

/// Milliseconds as stored: RFC 3339 UTC with milliseconds, which sorts correctly as text.
pub fn timestamp(millis_since_epoch: u64) -> String {
    crate::storage::format_timestamp(u128::from(millis_since_epoch))
}

pub fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_advanced_and_clones_share_it() {
        let clock = ManualClock::starting_now();
        let copy = clock.clone();
        let start = clock.now_millis();
        assert_eq!(copy.now_millis(), start);
        copy.advance(Duration::from_secs(90));
        assert_eq!(clock.now_millis(), start + 90_000);
    }

    #[test]
    fn timestamps_sort_like_time() {
        assert!(timestamp(1_000) < timestamp(2_000));
        assert!(timestamp(999_999_999_999) < timestamp(1_000_000_000_000));
    }
}
