//! Rows read from storage and data written to it. Plain data: no SQL and no serde here.

/// A group of units ranked separately (`opd`, `uobk`, `kabkota`).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct PopulationRow {
    pub code: String,
    /// Label in Bahasa Indonesia (`Kabupaten/Kota`).
    pub name: String,
    pub name_en: String,
}

/// A government unit.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct UnitRow {
    pub id: String,
    /// Slug of the name, unique: `kabupaten-banyuwangi`.
    pub code: String,
    pub name: String,
    pub population: String,
    pub active: bool,
}

/// One stored, immutable rubric version.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct RubricVersionRow {
    /// `cettar-2023-kabkota` for a document's first version, `cettar-2023-kabkota.v2` after.
    pub id: String,
    /// The document's own `id`.
    pub rubric_id: String,
    pub version: i64,
    /// The rubric JSON text exactly as given.
    pub document: String,
    pub content_sha256: String,
    pub created_at: String,
}

/// What kind of period: the year, one quarter (*triwulan*), or the yearly Van Meter & Van Horn
/// evaluation of the work-system policy (issue 8, `crate::policy`), which binds the policy rubric
/// instead of a CETTAR one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodKind {
    Annual,
    Q1,
    Q2,
    Q3,
    Q4,
    SistemKerja,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 6] =
        [PeriodKind::Annual, PeriodKind::Q1, PeriodKind::Q2, PeriodKind::Q3, PeriodKind::Q4, PeriodKind::SistemKerja];

    /// The stored code (`annual`, `q1`…`q4`, `sistem-kerja`).
    pub fn code(self) -> &'static str {
        match self {
            PeriodKind::Annual => "annual",
            PeriodKind::Q1 => "q1",
            PeriodKind::Q2 => "q2",
            PeriodKind::Q3 => "q3",
            PeriodKind::Q4 => "q4",
            PeriodKind::SistemKerja => "sistem-kerja",
        }
    }

    pub fn parse(code: &str) -> Option<PeriodKind> {
        PeriodKind::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// Label in Bahasa Indonesia (`Tahunan`, `Triwulan I`).
    pub fn label(self) -> &'static str {
        match self {
            PeriodKind::Annual => "Tahunan",
            PeriodKind::Q1 => "Triwulan I",
            PeriodKind::Q2 => "Triwulan II",
            PeriodKind::Q3 => "Triwulan III",
            PeriodKind::Q4 => "Triwulan IV",
            PeriodKind::SistemKerja => "Sistem Kerja",
        }
    }
}

/// Where a period is in its life (the contract's enum; the database checks the codes).
pub use contract::PeriodState;

/// Where an entered value is in its verification (the contract's enum; the database checks the
/// codes).
pub use contract::EntryStatus;

/// An evaluation period, as stored (`kind` holds a code above; the database checks it). The
/// state is parsed where the row is read: a code this release does not know (written by a newer
/// one) is an error reading the row, never a string compared deeper in.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct PeriodRow {
    /// `2023-annual`, `2024-q1`.
    pub id: String,
    pub year: i64,
    pub kind: String,
    #[sqlx(try_from = "String")]
    pub state: PeriodState,
}

impl PeriodRow {
    /// The period's id for a year and kind.
    pub fn id_for(year: i64, kind: PeriodKind) -> String {
        format!("{year}-{}", kind.code())
    }

    pub fn is_published(&self) -> bool {
        self.state == PeriodState::Published
    }

    /// `Tahunan 2023`, `Triwulan I 2024`.
    pub fn label(&self) -> String {
        let kind: &str = match PeriodKind::parse(&self.kind) {
            Some(kind) => kind.label(),
            None => &self.kind,
        };
        format!("{kind} {}", self.year)
    }
}

/// One unit's official result, with the unit.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ResultRow {
    pub unit_id: String,
    pub unit_code: String,
    pub unit_name: String,
    pub population: String,
    pub rubric_version_id: String,
    pub rank: i64,
    /// Two decimals, `81.00`.
    pub total: String,
    pub grade: String,
    pub complete: bool,
    pub range_min: String,
    pub range_max: String,
    /// The engine's explanation (JSON text).
    pub result_json: String,
    pub computed_at: String,
}

/// One stored raw value.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct EntryRow {
    pub indicator_code: String,
    /// JSON text: `85`, `"WTP"`, `true`.
    pub value_json: String,
    #[sqlx(try_from = "String")]
    pub status: EntryStatus,
    pub version: i64,
    pub updated_at: String,
    pub updated_by: String,
}

/// One change of an entry (append-only).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditRow {
    pub indicator_code: String,
    pub old_value_json: Option<String>,
    pub new_value_json: Option<String>,
    pub old_status: Option<String>,
    pub new_status: Option<String>,
    pub changed_by: String,
    pub changed_at: String,
    pub reason: Option<String>,
}

/// A data set to load into an empty database (the demo data; later, an installation's start).
#[derive(Clone, Debug, Default)]
pub struct Seed {
    /// The `app_meta` key recording that this seed was loaded.
    pub marker: &'static str,
    /// Who the entries are recorded as entered by.
    pub entered_by: String,
    /// Rubric documents, verbatim.
    pub rubrics: Vec<String>,
    pub units: Vec<SeedUnit>,
    pub periods: Vec<SeedPeriod>,
}

#[derive(Clone, Debug)]
pub struct SeedUnit {
    pub code: String,
    pub name: String,
    pub population: String,
}

#[derive(Clone, Debug)]
pub struct SeedPeriod {
    pub year: i64,
    pub kind: PeriodKind,
    pub state: PeriodState,
    /// `(population, rubric document id)`: which of the seed's rubrics scores whom.
    pub rubrics: Vec<(String, String)>,
    /// Raw values, all entered with this status.
    pub entry_status: EntryStatus,
    pub entries: Vec<SeedEntry>,
    /// Whether to compute official results for every bound population.
    pub compute_results: bool,
}

#[derive(Clone, Debug)]
pub struct SeedEntry {
    pub unit_code: String,
    pub indicator_code: String,
    /// JSON text.
    pub value_json: String,
    /// The owner's note and recommendation to the unit, if any.
    pub note: Option<String>,
    pub recommendation: Option<String>,
}
