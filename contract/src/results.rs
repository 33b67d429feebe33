//! Official results: `GET /api/v1/periods/{period_id}/results?population=` (the ranking), one
//! unit's values and result, and a population's raw values.

use std::collections::BTreeMap;

use engine::wire::WireNumber;

use crate::json::RawJson;

crate::object! {
    /// A unit named in an answer.
    pub struct UnitRef {
        /// The unit's stable code (`kabupaten-banyuwangi`).
        pub code: String,
        /// Its name in that period.
        pub name: String,
    }
}

crate::object! {
    /// One spirit's part of a unit's result.
    pub struct SpiritResult {
        /// The spirit's code in the rubric (`C`, `E`, `T`, `T2`, `A`, `R`).
        pub code: String,
        /// The spirit's score, 0–100 with four decimals.
        pub score: WireNumber,
        /// The spirit's weight in the rubric (percent).
        pub weight: WireNumber,
        /// Points of the total, two decimals (score × weight, rounded half-up).
        pub contribution: WireNumber,
    }
}

crate::object! {
    /// One line of a ranking, ranked by total (equal totals share a rank).
    pub struct RankingRow {
        pub rank: i64,
        pub unit: UnitRef,
        /// The total with exactly two decimals (`84.15`), as the engine computed it.
        pub total: WireNumber,
        /// `A` (Sangat Cettar) to `E` (Tidak Cettar).
        pub grade: String,
        /// The grade's name (`Sangat Cettar`).
        pub category: String,
        /// Whether every indicator had a value.
        pub complete: bool,
        pub spirits: Vec<SpiritResult>,
    }
}

crate::object! {
    /// A unit with its population, as a unit's answers name it.
    pub struct UnitInPopulation {
        pub code: String,
        /// Its name in that period.
        pub name: String,
        pub population: crate::Population,
    }
}

crate::object! {
    /// One stored raw value of a published (or, for signed-in readers, visible) period.
    pub struct EntryView {
        /// The value exactly as entered: a number, a label or a yes/no.
        pub value: RawJson,
        pub status: crate::EntryStatus,
        /// Incremented by every change.
        pub version: i64,
        pub updated_at: String,
        /// The owner's note (plain text); public with the published period like the value.
        pub note: Option<String> = omit_none,
        /// The owner's recommendation to the unit (plain text).
        pub recommendation: Option<String> = omit_none,
    }
}

crate::object! {
    /// The lowest and highest total a unit could still reach while values are missing (both
    /// equal the total when complete).
    pub struct ScoreRange {
        pub min: WireNumber,
        pub max: WireNumber,
    }
}

crate::object! {
    /// A unit's official result as the server computed it.
    pub struct OfficialResult {
        pub rank: i64,
        /// The total with exactly two decimals.
        pub total: WireNumber,
        /// `A` (Sangat Cettar) to `E` (Tidak Cettar).
        pub grade: String,
        /// The grade's name.
        pub category: String,
        /// Whether every indicator had a value.
        pub complete: bool,
        pub range: ScoreRange,
        pub rubric_version_id: String,
        pub computed_at: String,
        /// The engine's explanation (the answer of `POST /api/v1/score`): every spirit and
        /// indicator with its score and points.
        pub explanation: engine::wire::ScoreResponse,
    }
}

crate::object! {
    /// `GET /api/v1/periods/{period_id}/units/{unit_code}`: one unit's stored raw values and
    /// official result.
    pub struct UnitDetail {
        pub period: crate::Period,
        pub unit: UnitInPopulation,
        pub rubric_version_id: String,
        /// Stored raw values by indicator code, exactly as entered.
        pub values: BTreeMap<String, EntryView>,
        /// The official result; `null` while none has been computed.
        pub result: Option<OfficialResult>,
    }
}

crate::object! {
    /// One unit's raw values (JSON text by indicator code).
    pub struct UnitValues {
        pub code: String,
        pub name: String,
        /// Stored raw values by indicator code, exactly as entered.
        pub values: BTreeMap<String, RawJson>,
    }
}

crate::object! {
    /// `GET /api/v1/periods/{period_id}/values?population=`: every unit's raw values of a
    /// population in one answer (the units active, and any with values in the period, by name).
    pub struct PopulationValues {
        pub period: crate::Period,
        pub population: crate::Population,
        pub rubric_version_id: String,
        pub units: Vec<UnitValues>,
    }
}

crate::object! {
    /// One spirit's mean over the units of a population.
    pub struct SpiritAverage {
        pub code: String,
        pub name: String,
        pub weight: WireNumber,
        /// Mean of the units' spirit scores (0–100), rounded half-up to two decimals.
        pub average_score: WireNumber,
    }
}

crate::object! {
    /// One indicator's mean, lowest and highest score over the units of a population.
    pub struct IndicatorAverage {
        pub code: String,
        pub name: String,
        /// The code of the indicator's spirit.
        pub spirit: String,
        /// The indicator's owner (*pengampu*) as the rubric names it; empty when it names none.
        pub owner: String,
        /// Mean of the units' indicator scores (0–100; a missing value counts as 0, as in the
        /// total), rounded half-up to two decimals.
        pub average_score: WireNumber,
        pub min_score: WireNumber,
        pub max_score: WireNumber,
        /// Units without a value for this indicator.
        pub n_missing: i64,
    }
}

crate::object! {
    /// `GET /api/v1/periods/{period_id}/indicator-averages?population=`: where a population is
    /// strong and weak.
    pub struct IndicatorAverages {
        pub period_id: String,
        pub population: String,
        pub rubric_version_id: String,
        /// Units with an official result in this period and population.
        pub n_units: i64,
        /// Spirits in rubric order.
        pub spirits: Vec<SpiritAverage>,
        /// Indicators in rubric order (the app sorts them).
        pub indicators: Vec<IndicatorAverage>,
    }
}
