//! `GET /api/v1/periods` (published periods) and `GET /api/v1/populations`.
//!
//! The answers are the contract's [`Period`] and [`Population`].

use super::ApiError;
use super::cache::get_json;

pub use contract::{Period, PeriodState, Population};

/// The published periods, oldest first. The flag says the answer came from the local copy.
///
/// # Errors
/// As [`super::cache::get_json`].
pub async fn fetch_periods() -> Result<(Vec<Period>, bool), ApiError> {
    get_json("/api/v1/periods").await
}

/// The populations (groups of units ranked separately).
///
/// # Errors
/// As [`super::cache::get_json`].
pub async fn fetch_populations() -> Result<(Vec<Population>, bool), ApiError> {
    get_json("/api/v1/populations").await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(text: &str) -> Period {
        crate::api::json::from_str(text).expect("a period")
    }

    #[test]
    fn only_published_periods_count_as_published() {
        let base = r#""id":"2024-q1","year":2024,"kind":"q1","label":"Triwulan I 2024""#;
        assert!(!period(&format!(r#"{{{base},"state":"open"}}"#)).is_published());
        assert!(period(&format!(r#"{{{base},"state":"published"}}"#)).is_published());
    }
}
