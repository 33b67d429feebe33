//! Evaluation periods and populations: `GET /api/v1/periods`, `GET /api/v1/populations`.

crate::enumeration! {
    /// Where a period is in its life: only `published` periods are public.
    pub enum PeriodState {
        /// Being prepared: rubrics bound, nothing entered yet.
        Draft = "draft",
        /// Owners enter values.
        Open = "open",
        /// Entry is over; administrators verify and resolve disputes.
        Closed = "closed",
        /// The results are final and public.
        Published = "published",
    }
}

crate::object! {
    /// An evaluation period.
    pub struct Period {
        /// `2023-annual`, `2024-q1`.
        pub id: String,
        pub year: i64,
        /// `annual`, `q1`…`q4`, or `sistem-kerja` (a work-system policy evaluation).
        pub kind: String,
        pub state: PeriodState,
        /// The period's name as shown (`Tahunan 2023`).
        pub label: String,
        /// The populations this period scores (those with a rubric bound); only in the list of
        /// periods: a population not listed has no ranking in the period.
        pub populations: Option<Vec<String>> = omit_none,
    }
}

impl Period {
    /// Whether the period ranks `population` (unknown: assume it does).
    pub fn scores(&self, population: &str) -> bool {
        self.populations.as_ref().is_none_or(|codes| codes.iter().any(|code| code == population))
    }

    /// Whether this is a Van Meter & Van Horn evaluation of the work-system policy rather than a
    /// CETTAR period: its scores are not comparable with CETTAR totals.
    pub fn is_policy(&self) -> bool {
        self.kind == "sistem-kerja"
    }

    pub fn is_published(&self) -> bool {
        self.state == PeriodState::Published
    }
}

crate::object! {
    /// A group of units ranked separately (`opd`, `kabkota`, `uobk`…).
    pub struct Population {
        pub code: String,
        /// The name in Indonesian.
        pub name: String,
        /// The name in English.
        pub name_en: String,
    }
}
