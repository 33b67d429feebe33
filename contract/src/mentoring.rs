//! Mentoring of units on the watch-list (`/api/v1/periods/{period_id}/mentoring`) and the
//! simulator's saved scenarios (`/api/v1/scenarios`): what signed-in staff keep about a unit.

crate::enumeration! {
    /// Where Biro Organisasi's mentoring of a unit stands.
    pub enum MentoringStatus {
        /// Not followed up yet (every unit starts here).
        NotFollowedUp = "belum_ditindaklanjuti",
        /// A mentoring session is scheduled.
        Scheduled = "dijadwalkan",
        /// Being mentored.
        InProgress = "sedang_didampingi",
        /// Mentoring finished.
        Done = "selesai",
    }
}

crate::object! {
    /// One recorded change: a new status, a note, or both.
    pub struct MentoringEvent {
        pub status: Option<String> = omit_none,
        /// Internal note (plain text).
        pub note: Option<String> = omit_none,
        /// The author's username.
        pub author: String,
        pub author_name: String,
        pub created_at: String,
    }
}

crate::object! {
    /// A unit's mentoring record.
    pub struct MentoringUnit {
        pub unit_code: String,
        /// The current status (`belum_ditindaklanjuti` until one is recorded).
        pub status: String,
        /// When and by whom the current status was recorded.
        pub status_at: Option<String>,
        pub status_by: Option<String>,
        /// Newest first.
        pub events: Vec<MentoringEvent>,
    }
}

crate::object! {
    /// `GET /api/v1/periods/{period_id}/mentoring`: every unit with a record.
    pub struct MentoringList {
        pub period_id: String,
        /// The statuses in their usual order.
        pub statuses: Vec<MentoringStatus>,
        pub units: Vec<MentoringUnit>,
    }
}

crate::object! {
    /// A what-if scenario saved on the server, private to its user.
    pub struct Scenario {
        pub id: String,
        pub period_id: String,
        pub unit_code: String,
        /// The user's name for it, unique per user, period and unit.
        pub name: String,
        /// The simulator's share code (`IKM:90,SAKIP:A`).
        pub code: String,
        pub updated_at: String,
    }
}

crate::object! {
    /// `GET /api/v1/scenarios?period_id=&unit_code=`.
    pub struct Scenarios {
        pub scenarios: Vec<Scenario>,
    }
}

crate::object! {
    /// `POST /api/v1/periods/{period_id}/mentoring/{unit_code}`: a new status, a note, or both.
    pub struct MentoringChange {
        /// A [`MentoringStatus`] code; an unknown one is refused with the statuses named.
        pub status: Option<String>,
        /// At most 2,000 characters of plain text.
        pub note: Option<String>,
    }
}

crate::object! {
    /// `PUT /api/v1/scenarios`: saves (or replaces, by name) a scenario of the caller's.
    pub struct ScenarioSave {
        pub period_id: String,
        pub unit_code: String,
        pub name: String,
        /// The simulator's share code; every part must fit the period's rubric.
        pub code: String,
    }
}
