//! Imports of spreadsheets (CSV or XLSX): `POST /api/v1/periods/{id}/imports?dry_run=` (values)
//! and `POST /api/v1/units/import?dry_run=` (the unit registry). Both answer an [`ImportReport`];
//! a commit with problems is refused whole (422 `import_invalid`, the problems listed with their
//! `row` and `column`).

crate::object! {
    /// One problem of an import file.
    pub struct ImportProblem {
        /// The row as a spreadsheet shows it (the header is row 1); 0 for the file as a whole.
        pub row: usize,
        /// The column's header text, when the problem is in one column.
        pub column: Option<String>,
        pub code: String,
        /// In Indonesian.
        pub message: String,
    }
}

crate::object! {
    /// How many values (or units) an import adds, changes and leaves as they are.
    pub struct ImportSummary {
        pub new: usize,
        pub changed: usize,
        pub unchanged: usize,
    }
}

#[expect(clippy::derivable_impls, reason = "`object!` declares the struct, so it cannot carry a derive")]
impl Default for ImportSummary {
    fn default() -> ImportSummary {
        ImportSummary { new: 0, changed: 0, unchanged: 0 }
    }
}

crate::enumeration! {
    /// What becomes of one data row of a unit import.
    pub enum RowOutcome {
        /// A unit registered.
        New = "new",
        /// An existing unit renamed or re-parented.
        Changed = "changed",
        Unchanged = "unchanged",
    }
}

crate::object! {
    /// One data row of a unit import, as understood.
    pub struct ImportedUnit {
        pub row: usize,
        pub code: String,
        pub name: String,
        pub population: String,
        pub parent: Option<String>,
        pub outcome: RowOutcome,
        /// What an existing unit's row changes: `name`, `parent`.
        pub changes: Vec<String>,
    }
}

crate::object! {
    /// The answer of an import, a dry run (nothing written) or the commit (every row or none).
    pub struct ImportReport {
        pub dry_run: bool,
        /// No problem found.
        pub ok: bool,
        /// Data rows read (without the header).
        pub rows: usize,
        /// Values read (a values import only).
        pub values: Option<usize> = omit_none,
        pub summary: ImportSummary,
        pub problems: Vec<ImportProblem>,
        /// Each row as understood (a unit import only).
        pub units: Option<Vec<ImportedUnit>> = omit_none,
        /// The periods and populations re-scored by a committed unit import.
        pub rescored: Option<Vec<crate::units::Rescored>> = omit_none,
    }
}
