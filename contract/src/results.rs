//! Official results: `GET /api/v1/periods/{period_id}/results?population=` (the ranking).

use engine::wire::WireNumber;

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
