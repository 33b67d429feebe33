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

crate::object! {
    /// `POST /api/v1/periods`: a new period in `draft`.
    pub struct NewPeriod {
        pub year: i64,
        /// `annual`, `q1`…`q4` or `sistem-kerja`.
        pub kind: String,
        /// Rubric version id per population code (a `sistem-kerja` period without bindings binds
        /// the shipped Van Meter & Van Horn rubric to the governments' populations).
        pub bindings: std::collections::BTreeMap<String, String> = default,
    }
}

crate::object! {
    /// The answer of `POST /api/v1/periods`.
    pub struct CreatedPeriod {
        pub period: Period,
        pub bindings: std::collections::BTreeMap<String, String>,
    }
}

crate::object! {
    /// `POST /api/v1/periods/{id}/state`.
    pub struct PeriodStateChange {
        /// `open`, `closed` or `published` (not `draft`).
        pub state: String,
        /// Required to reopen a closed period.
        pub reason: Option<String>,
    }
}

crate::object! {
    /// A period, as a state change answers it.
    pub struct PeriodAnswer {
        pub period: Period,
    }
}

crate::object! {
    /// A stored rubric version (`GET /api/v1/rubrics`, newest first). Versions are immutable.
    pub struct RubricVersion {
        pub id: String,
        /// The document's `id` (`cettar-2023-kabkota`), shared by its versions.
        pub rubric_id: String,
        pub version: i64,
        pub name: Option<String>,
        pub year: Option<i64>,
        pub population: Option<String>,
        pub content_sha256: String,
        pub created_at: String,
    }
}

crate::object! {
    /// The answer of `POST /api/v1/rubrics` (201 stored, 200 when the same text already was).
    pub struct StoredRubric {
        pub id: String,
        pub rubric_id: String,
        pub version: i64,
        pub content_sha256: String,
        pub created: bool,
    }
}
