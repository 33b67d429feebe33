//! The unit registry: `GET /api/v1/units`, the answers of `POST /api/v1/units` and
//! `PATCH /api/v1/units/{code}`, and the first-run checklist `GET /api/v1/setup`.

crate::object! {
    /// A name a unit had before a rename.
    pub struct FormerName {
        pub name: String,
        /// When the unit stopped using it (RFC 3339 UTC).
        pub until: String,
    }
}

crate::object! {
    /// A registered unit (perangkat daerah, UOBK, kabupaten/kota…).
    pub struct RegisteredUnit {
        /// Stable lower-case code (`kota-batu`); never changes.
        pub code: String,
        /// The current name, unique within the population.
        pub name: String,
        /// The population the unit is ranked in; never changes.
        pub population: String,
        /// False once dissolved or merged: it leaves the periods where it has no values.
        pub active: bool,
        /// The code of the unit it belongs to (a kabupaten's own agencies), if any.
        pub parent: Option<String>,
        /// When it was registered (RFC 3339 UTC).
        pub created_at: String,
        /// Names it had before, oldest first.
        pub former_names: Vec<FormerName> = default,
    }
}

crate::object! {
    /// A period whose population was scored again after a registry change.
    pub struct Rescored {
        pub period: String,
        pub population: String,
    }
}

crate::object! {
    /// The answer of a unit's registration or change: the unit as stored now.
    pub struct UnitWritten {
        pub code: String,
        pub name: String,
        pub population: String,
        pub active: bool,
        pub parent: Option<String>,
        pub created_at: String,
        pub former_names: Vec<FormerName> = default,
        /// For a change: whether anything changed (an identical change is accepted and changes
        /// nothing).
        pub changed: Option<bool> = omit_none,
        /// The open periods scored again because of this change.
        pub rescored: Vec<Rescored>,
    }
}

impl UnitWritten {
    /// The answer for `unit` after a write.
    pub fn new(unit: RegisteredUnit, changed: Option<bool>, rescored: Vec<Rescored>) -> UnitWritten {
        let RegisteredUnit { code, name, population, active, parent, created_at, former_names } = unit;
        UnitWritten { code, name, population, active, parent, created_at, former_names, changed, rescored }
    }
}

crate::object! {
    /// One step of the first-run checklist.
    pub struct SetupStep {
        /// `populations`, `units`, `rubric`, `period`, `owners` or `open`, in this order.
        pub key: String,
        /// Whether its data exists.
        pub done: bool,
    }
}

crate::object! {
    /// The first-run "Mulai" checklist.
    pub struct SetupStatus {
        /// Shown until the first CETTAR period is opened.
        pub show: bool,
        pub steps: Vec<SetupStep>,
    }
}

crate::object! {
    /// `POST /api/v1/units`: registers a unit.
    pub struct NewUnit {
        /// Lower-case letters, digits and `-` (`kabupaten-banyuwangi`).
        pub code: String,
        pub name: String,
        /// A population code.
        pub population: String,
        /// The code of the unit it belongs to (a kabupaten's own agency), if any.
        pub parent: Option<String>,
    }
}

crate::object! {
    /// `PATCH /api/v1/units/{unit_code}`: an absent member keeps its value; a new name keeps the
    /// old one among the unit's former names.
    pub struct UnitChange {
        pub name: Option<String>,
        /// False retires the unit from future periods (its history stays).
        pub active: Option<bool>,
        /// `null` removes the parent.
        pub parent: crate::json::Change<String> = omit_none,
    }
}

crate::object! {
    /// `POST /api/v1/populations`: a new group of units ranked separately.
    pub struct NewPopulation {
        pub code: String,
        /// The name in Indonesian.
        pub name: String,
        /// The name in English.
        pub name_en: String,
        /// Where it is listed (smaller first).
        pub sort_order: Option<i64>,
    }
}
