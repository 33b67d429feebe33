//! `GET /api/v1/periods` (published periods) and `GET /api/v1/populations`.
//!
//! The structs mirror the server's `PeriodView` and `PopulationView`
//! (`server/src/routes/assessment.rs`); only the fields the app reads are declared.

use super::ApiError;
use super::cache::get_json;
use super::json::{Fields, FromJson, Json, ShapeError};

/// `{"id":"2023-annual","year":2023,"kind":"annual","state":"published","label":"Tahunan 2023"}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub id: String,
    pub year: i64,
    pub kind: String,
    pub label: String,
    /// `draft`, `open`, `closed` or `published` (absent in answers cached by older versions).
    pub state: Option<String>,
    /// The populations the period scores (absent in answers cached by older versions).
    pub populations: Option<Vec<String>>,
}

impl FromJson for Period {
    fn from_json(value: &Json) -> Result<Period, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(Period {
            id: fields.req("id")?,
            year: fields.req("year")?,
            kind: fields.req("kind")?,
            label: fields.req("label")?,
            state: fields.opt("state")?,
            populations: fields.opt("populations")?,
        })
    }
}

impl Period {
    /// Whether the period ranks `population` (unknown: assume it does).
    pub fn scores(&self, population: &str) -> bool {
        self.populations.as_ref().is_none_or(|codes| codes.iter().any(|code| code == population))
    }

    /// Whether this is a Van Meter & Van Horn evaluation of the work-system policy (issue 8)
    /// rather than a CETTAR period: its scores are not comparable with CETTAR totals.
    pub fn is_policy(&self) -> bool {
        self.kind == "sistem-kerja"
    }

    /// Whether the period's results are published (unknown: the public list had only those).
    pub fn is_published(&self) -> bool {
        self.state.as_deref().is_none_or(|state| state == "published")
    }
}

/// `{"code":"kabkota","name":"Kabupaten/Kota","name_en":"Regencies and cities"}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Population {
    pub code: String,
    pub name: String,
    pub name_en: String,
}

impl FromJson for Population {
    fn from_json(value: &Json) -> Result<Population, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(Population { code: fields.req("code")?, name: fields.req("name")?, name_en: fields.req("name_en")? })
    }
}

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
        Period::from_json(&engine::json::parse(text).expect("test JSON")).expect("a period")
    }

    #[test]
    fn only_published_periods_count_as_published() {
        let base = r#""id":"2024-q1","year":2024,"kind":"q1","label":"Triwulan I 2024""#;
        assert!(!period(&format!(r#"{{{base},"state":"open"}}"#)).is_published());
        assert!(period(&format!(r#"{{{base},"state":"published"}}"#)).is_published());
        // Answers cached by versions that did not read the state came from the public list.
        assert!(period(&format!("{{{base}}}")).is_published());
    }
}
