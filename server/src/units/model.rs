//! The unit registry's pure decisions: what a code and a name may be, what a change to one unit
//! does, what an import file changes, and which open periods must be scored again. No I/O: the
//! storage reads the registry inside its transaction, calls these, and writes what they decide.

use std::collections::{BTreeSet, HashMap};

use crate::imports::{ImportProblem, Sheet};

/// Longest unit or population code, in characters.
pub const MAX_CODE_CHARS: usize = 64;
/// Longest unit or population name, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// A unit or population code: a lower-case slug (`kabupaten-banyuwangi`): ASCII letters and
/// digits in groups joined by single hyphens.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code(String);

impl Code {
    /// # Errors
    /// The text is empty, too long, or not a lower-case slug; the message is in Indonesian.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("Kode wajib diisi.".to_owned());
        }
        if text.chars().count() > MAX_CODE_CHARS {
            return Err(format!("Kode paling panjang {MAX_CODE_CHARS} karakter."));
        }
        let slug_like = text.split('-').all(|group| {
            !group.is_empty()
                && group.chars().all(|character| character.is_ascii_lowercase() || character.is_ascii_digit())
        });
        if !slug_like {
            return Err(format!(
                "Kode `{}` tidak sah: gunakan huruf kecil, angka dan tanda hubung, misalnya `{}`.",
                text.chars().take(MAX_CODE_CHARS).collect::<String>(),
                suggested_code(text)
            ));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A slug suggested for a text that is not one (`Kab. Banyuwangi` → `kab-banyuwangi`).
fn suggested_code(text: &str) -> String {
    let slug = crate::demo::slug(text);
    if slug.is_empty() { "kabupaten-contoh".to_owned() } else { slug.chars().take(MAX_CODE_CHARS).collect() }
}

/// A unit or population name: trimmed, 1 to [`MAX_NAME_CHARS`] characters, no control
/// characters, inner runs of white space as one space.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name(String);

impl Name {
    /// # Errors
    /// The text is empty, too long, or holds control characters; the message is in Indonesian.
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.chars().any(|character| character.is_control() && !character.is_whitespace()) {
            return Err("Nama tidak boleh berisi karakter kendali.".to_owned());
        }
        let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err("Nama wajib diisi.".to_owned());
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(format!("Nama paling panjang {MAX_NAME_CHARS} karakter."));
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form names are compared in (imports match units by name, without regard to case).
    pub fn key(text: &str) -> String {
        text.trim().to_lowercase()
    }
}

/// A unit as the registry holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisteredUnit {
    pub code: String,
    pub name: String,
    pub population: String,
    pub active: bool,
    pub parent: Option<String>,
}

/// One change the storage applies, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnitWrite {
    /// A new active unit (its parent is set by a following [`UnitWrite::Update`] when it has
    /// one, so that units of one file may name each other in any order).
    Create {
        code: String,
        name: String,
        population: String,
    },
    Update {
        code: String,
        name: Option<String>,
        active: Option<bool>,
        parent: Option<Option<String>>,
    },
}

/// A problem with one field of a request (the API lists them all in one 422).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    pub code: &'static str,
    pub message: String,
    pub field: &'static str,
}

impl FieldProblem {
    fn new(code: &'static str, message: String, field: &'static str) -> Self {
        Self { code, message, field }
    }
}

/// Why a single-unit request is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A unit with this code exists already.
    Exists,
    /// No unit has this code.
    Missing,
    Invalid(Vec<FieldProblem>),
}

/// A new unit as requested (`POST /units`), not yet checked.
#[derive(Clone, Debug, Default)]
pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub population: String,
    pub parent: Option<String>,
}

/// A change to one unit as requested (`PATCH /units/{code}`), not yet checked. `parent`:
/// `None` leaves it, `Some(None)` removes it.
#[derive(Clone, Debug, Default)]
pub struct UnitPatch {
    pub name: Option<String>,
    pub active: Option<bool>,
    pub parent: Option<Option<String>>,
}

/// Decides a new unit against the registry: the writes, or every problem.
///
/// # Errors
/// [`Refusal::Exists`] when the code is taken; [`Refusal::Invalid`] listing every problem.
pub fn decide_create(
    request: &NewUnit,
    units: &[RegisteredUnit],
    populations: &[String],
) -> Result<Vec<UnitWrite>, Refusal> {
    let mut problems = Vec::new();
    let code =
        Code::parse(&request.code).map_err(|message| problems.push(FieldProblem::new("invalid_code", message, "code")));
    let name =
        Name::parse(&request.name).map_err(|message| problems.push(FieldProblem::new("invalid_name", message, "name")));
    if !populations.iter().any(|population| population == request.population.trim()) {
        problems.push(unknown_population(request.population.trim()));
    }
    if let Ok(code) = &code
        && units.iter().any(|unit| unit.code == code.as_str())
    {
        return Err(Refusal::Exists);
    }
    let population = request.population.trim().to_owned();
    if let Ok(name) = &name
        && let Some(other) = name_taken(units, &population, name.as_str(), None)
    {
        problems.push(duplicate_name(name.as_str(), &other.code));
    }
    let parent = request.parent.as_deref().map(str::trim).filter(|parent| !parent.is_empty());
    if let Some(parent) = parent
        && !units.iter().any(|unit| unit.code == parent)
    {
        problems.push(unknown_parent(parent));
    }
    let (Ok(code), Ok(name)) = (code, name) else { return Err(Refusal::Invalid(problems)) };
    if !problems.is_empty() {
        return Err(Refusal::Invalid(problems));
    }
    let mut writes = vec![UnitWrite::Create { code: code.0.clone(), name: name.0, population }];
    if let Some(parent) = parent {
        writes.push(UnitWrite::Update {
            code: code.0,
            name: None,
            active: None,
            parent: Some(Some(parent.to_owned())),
        });
    }
    Ok(writes)
}

/// Decides a change to the unit `code`: the writes (none when nothing changes), or every problem.
///
/// # Errors
/// [`Refusal::Missing`] for an unknown code; [`Refusal::Invalid`] listing every problem.
pub fn decide_patch(code: &str, patch: &UnitPatch, units: &[RegisteredUnit]) -> Result<Vec<UnitWrite>, Refusal> {
    let Some(unit) = units.iter().find(|unit| unit.code == code) else { return Err(Refusal::Missing) };
    let mut problems = Vec::new();
    let mut name = None;
    if let Some(requested) = &patch.name {
        match Name::parse(requested) {
            Ok(parsed) if parsed.as_str() == unit.name => {}
            Ok(parsed) => {
                if let Some(other) = name_taken(units, &unit.population, parsed.as_str(), Some(code)) {
                    problems.push(duplicate_name(parsed.as_str(), &other.code));
                }
                name = Some(parsed.0);
            }
            Err(message) => problems.push(FieldProblem::new("invalid_name", message, "name")),
        }
    }
    let mut parent = None;
    if let Some(requested) = &patch.parent {
        let requested = requested.as_deref().map(str::trim).filter(|parent| !parent.is_empty());
        if requested != unit.parent.as_deref() {
            match requested {
                Some(parent_code) if !units.iter().any(|other| other.code == parent_code) => {
                    problems.push(unknown_parent(parent_code));
                }
                Some(parent_code) => {
                    let parents: HashMap<&str, Option<&str>> =
                        units.iter().map(|other| (other.code.as_str(), other.parent.as_deref())).collect();
                    if creates_cycle(code, parent_code, &parents) {
                        problems.push(parent_cycle(code, parent_code, "parent"));
                    }
                }
                None => {}
            }
            parent = Some(requested.map(str::to_owned));
        }
    }
    let active = patch.active.filter(|&active| active != unit.active);
    if !problems.is_empty() {
        return Err(Refusal::Invalid(problems));
    }
    if name.is_none() && active.is_none() && parent.is_none() {
        return Ok(Vec::new());
    }
    Ok(vec![UnitWrite::Update { code: code.to_owned(), name, active, parent }])
}

/// What became of one data row of an import file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowOutcome {
    New,
    Changed,
    Unchanged,
}

/// One data row of an import file, as understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedUnit {
    pub row: usize,
    pub code: String,
    pub name: String,
    pub population: String,
    pub parent: Option<String>,
    pub outcome: RowOutcome,
    /// What an existing unit's row changes: `name`, `parent`.
    pub changes: Vec<&'static str>,
}

/// What a unit import file would do, once checked against the registry.
#[derive(Clone, Debug, Default)]
pub struct UnitImportPlan {
    /// Data rows read (without the header).
    pub n_rows: usize,
    pub units: Vec<ImportedUnit>,
    pub writes: Vec<UnitWrite>,
    pub problems: Vec<ImportProblem>,
}

impl UnitImportPlan {
    pub fn count(&self, outcome: RowOutcome) -> usize {
        self.units.iter().filter(|unit| unit.outcome == outcome).count()
    }
}

/// The columns of a unit import file, in English or Indonesian.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Code,
    Name,
    Population,
    Parent,
}

fn column_of(header: &str) -> Option<Column> {
    match header.trim().to_lowercase().as_str() {
        "code" | "kode" => Some(Column::Code),
        "name" | "nama" => Some(Column::Name),
        "population" | "populasi" => Some(Column::Population),
        "parent" | "induk" => Some(Column::Parent),
        _ => None,
    }
}

fn problem(row: usize, column: Option<&str>, code: &str, message: String) -> ImportProblem {
    ImportProblem { row, column: column.map(str::to_owned), code: code.to_owned(), message }
}

/// Checks every row of a unit import file (header `code,name,population[,parent]` or
/// `kode,nama,populasi[,induk]`, in any order) against the registry, and decides the writes:
/// a new code is a new unit; an existing code updates its name and, when the file has a parent
/// column, its parent (an empty cell removes it). Every problem is listed by row and column; the
/// caller writes nothing when there is one.
pub fn plan_unit_import(sheet: &Sheet, units: &[RegisteredUnit], populations: &[String]) -> UnitImportPlan {
    let mut plan = UnitImportPlan::default();
    let Some(((header_row, header), records)) = sheet.rows.split_first() else {
        plan.problems.push(problem(0, None, "empty_file", "Berkas tidak berisi data.".to_owned()));
        return plan;
    };
    plan.n_rows = records.len();
    let mut columns: HashMap<usize, Column> = HashMap::new();
    for (index, title) in header.iter().enumerate() {
        if title.trim().is_empty() {
            continue;
        }
        match column_of(title) {
            Some(column) if columns.values().any(|seen| *seen == column) => plan.problems.push(problem(
                *header_row,
                Some(title),
                "duplicate_column",
                format!("Kolom `{title}` muncul lebih dari sekali."),
            )),
            Some(column) => {
                columns.insert(index, column);
            }
            None => plan.problems.push(problem(
                *header_row,
                Some(title),
                "unknown_column",
                format!("Kolom `{title}` tidak dikenal: gunakan code, name, population, parent (atau kode, nama, populasi, induk)."),
            )),
        }
    }
    let index_of = |wanted: Column| columns.iter().find(|(_, column)| **column == wanted).map(|(index, _)| *index);
    let (Some(code_index), Some(name_index), Some(population_index)) =
        (index_of(Column::Code), index_of(Column::Name), index_of(Column::Population))
    else {
        plan.problems.push(problem(
            *header_row,
            None,
            "missing_column",
            "Baris judul harus memuat kolom code, name dan population (atau kode, nama dan populasi).".to_owned(),
        ));
        return plan;
    };
    let parent_index = index_of(Column::Parent);
    let title = |index: usize| header[index].trim().to_owned();

    let existing: HashMap<&str, &RegisteredUnit> = units.iter().map(|unit| (unit.code.as_str(), unit)).collect();
    // Code → first row, for duplicates within the file.
    let mut rows_by_code: HashMap<String, usize> = HashMap::new();
    let mut accepted: Vec<ImportedUnit> = Vec::new();
    for (row, cells) in records {
        let cell = |index: usize| cells.get(index).map_or("", |text| text.trim());
        let mut row_ok = true;
        let code = match Code::parse(cell(code_index)) {
            Ok(code) => Some(code.0),
            Err(message) => {
                plan.problems.push(problem(*row, Some(&title(code_index)), "invalid_code", message));
                row_ok = false;
                None
            }
        };
        let name = match Name::parse(cell(name_index)) {
            Ok(name) => Some(name.0),
            Err(message) => {
                plan.problems.push(problem(*row, Some(&title(name_index)), "invalid_name", message));
                row_ok = false;
                None
            }
        };
        let population = cell(population_index).to_owned();
        if !populations.contains(&population) {
            let unknown = unknown_population(&population);
            plan.problems.push(problem(*row, Some(&title(population_index)), unknown.code, unknown.message));
            row_ok = false;
        }
        let parent = parent_index.map(|index| Some(cell(index).to_owned()).filter(|parent| !parent.is_empty()));
        let Some(code) = code else { continue };
        if let Some(first) = rows_by_code.get(&code) {
            plan.problems.push(problem(
                *row,
                Some(&title(code_index)),
                "duplicate_code",
                format!("Kode `{code}` sudah dipakai pada baris {first}."),
            ));
            continue;
        }
        rows_by_code.insert(code.clone(), *row);
        if let Some(unit) = existing.get(code.as_str())
            && row_ok
            && unit.population != population
        {
            plan.problems.push(problem(
                *row,
                Some(&title(population_index)),
                "population_fixed",
                format!(
                    "Unit `{code}` terdaftar pada populasi `{}`; populasi unit tidak dapat diubah.",
                    unit.population
                ),
            ));
            row_ok = false;
        }
        let (Some(name), true) = (name, row_ok) else { continue };
        let previous = existing.get(code.as_str());
        let parent = match (parent, previous) {
            (Some(parent), _) => parent,
            (None, Some(unit)) => unit.parent.clone(),
            (None, None) => None,
        };
        let (outcome, changes) = match previous {
            None => (RowOutcome::New, Vec::new()),
            Some(unit) => {
                let mut changes = Vec::new();
                if unit.name != name {
                    changes.push("name");
                }
                if unit.parent != parent {
                    changes.push("parent");
                }
                (if changes.is_empty() { RowOutcome::Unchanged } else { RowOutcome::Changed }, changes)
            }
        };
        accepted.push(ImportedUnit { row: *row, code, name, population, parent, outcome, changes });
    }

    // The registry as it would be: existing units overlaid with the file's rows.
    let mut after: HashMap<&str, (&str, &str, Option<&str>)> = units
        .iter()
        .map(|unit| (unit.code.as_str(), (unit.population.as_str(), unit.name.as_str(), unit.parent.as_deref())))
        .collect();
    for unit in &accepted {
        after.insert(&unit.code, (&unit.population, &unit.name, unit.parent.as_deref()));
    }
    let mut holders: HashMap<(&str, String), Vec<&str>> = HashMap::new();
    for (code, (population, name, _)) in &after {
        holders.entry((population, Name::key(name))).or_default().push(code);
    }
    let parents: HashMap<&str, Option<&str>> = after.iter().map(|(code, (_, _, parent))| (*code, *parent)).collect();
    let name_column = title(name_index);
    let parent_column = parent_index.map(title);
    for unit in &accepted {
        let mut others: Vec<&str> = holders[&(unit.population.as_str(), Name::key(&unit.name))]
            .iter()
            .copied()
            .filter(|code| *code != unit.code)
            .collect();
        others.sort_unstable();
        if let Some(other) = others.first() {
            let place = rows_by_code.get(*other).map_or(String::new(), |row| format!(" (baris {row})"));
            plan.problems.push(problem(
                unit.row,
                Some(&name_column),
                "duplicate_name",
                format!("Nama `{}` sudah dipakai unit `{other}`{place} pada populasi yang sama.", unit.name),
            ));
        }
        if let Some(parent) = unit.parent.as_deref() {
            let column = parent_column.as_deref();
            if !parents.contains_key(parent) {
                plan.problems.push(problem(
                    unit.row,
                    column,
                    "unknown_parent",
                    format!("Unit induk `{parent}` tidak terdaftar dan tidak ada di berkas ini."),
                ));
            } else if parent == unit.code || creates_cycle(&unit.code, parent, &parents) {
                plan.problems.push(problem(
                    unit.row,
                    column,
                    "parent_cycle",
                    parent_cycle(&unit.code, parent, "parent").message,
                ));
            }
        }
    }
    plan.problems.sort_by_key(|problem| problem.row);

    for unit in &accepted {
        let previous = existing.get(unit.code.as_str());
        match previous {
            None => {
                plan.writes.push(UnitWrite::Create {
                    code: unit.code.clone(),
                    name: unit.name.clone(),
                    population: unit.population.clone(),
                });
            }
            Some(_) if unit.changes.contains(&"name") => plan.writes.push(UnitWrite::Update {
                code: unit.code.clone(),
                name: Some(unit.name.clone()),
                active: None,
                parent: None,
            }),
            Some(_) => {}
        }
    }
    // Parents after every unit exists, so that a file may name a parent further down.
    for unit in &accepted {
        let previous_parent = existing.get(unit.code.as_str()).and_then(|previous| previous.parent.clone());
        if unit.parent != previous_parent {
            plan.writes.push(UnitWrite::Update {
                code: unit.code.clone(),
                name: None,
                active: None,
                parent: Some(unit.parent.clone()),
            });
        }
    }
    plan.units = accepted;
    plan
}

/// Whether making `parent` the parent of `code` closes a loop (`parent` descends from `code`).
fn creates_cycle(code: &str, parent: &str, parents: &HashMap<&str, Option<&str>>) -> bool {
    let mut current = Some(parent);
    // The chain is at most as long as the registry; a longer walk means a loop above `code`.
    for _ in 0..=parents.len() {
        match current {
            None => return false,
            Some(ancestor) if ancestor == code => return true,
            Some(ancestor) => current = parents.get(ancestor).copied().flatten(),
        }
    }
    true
}

/// The unit of `population` other than `except` whose name is `name` without regard to case.
fn name_taken<'a>(
    units: &'a [RegisteredUnit],
    population: &str,
    name: &str,
    except: Option<&str>,
) -> Option<&'a RegisteredUnit> {
    let key = Name::key(name);
    units.iter().find(|unit| {
        unit.population == population && Some(unit.code.as_str()) != except && Name::key(&unit.name) == key
    })
}

fn unknown_population(population: &str) -> FieldProblem {
    let shown: String = population.chars().take(MAX_CODE_CHARS).collect();
    FieldProblem::new(
        "unknown_population",
        if shown.is_empty() {
            "Populasi wajib diisi.".to_owned()
        } else {
            format!("Populasi `{shown}` tidak terdaftar: tambahkan dulu populasinya.")
        },
        "population",
    )
}

fn unknown_parent(parent: &str) -> FieldProblem {
    let shown: String = parent.chars().take(MAX_CODE_CHARS).collect();
    FieldProblem::new("unknown_parent", format!("Unit induk `{shown}` tidak terdaftar."), "parent")
}

fn duplicate_name(name: &str, other: &str) -> FieldProblem {
    FieldProblem::new(
        "duplicate_name",
        format!("Nama `{name}` sudah dipakai unit `{other}` pada populasi yang sama."),
        "name",
    )
}

fn parent_cycle(code: &str, parent: &str, field: &'static str) -> FieldProblem {
    FieldProblem::new(
        "parent_cycle",
        format!("Unit `{parent}` tidak dapat menjadi induk `{code}`: ia berada di bawah `{code}` atau sama dengannya."),
        field,
    )
}

/// A population of a period and the period's state, as bound in the registry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodBinding {
    pub period_id: String,
    pub state: crate::storage::PeriodState,
    pub population: String,
}

/// Which `(period, population)` to score again after units of `populations` changed: the open
/// periods that score those populations. Membership itself is the scoring's rule (a period
/// scores the active units of its populations and every unit with values in it), so a new unit
/// joins these periods and a deactivated one leaves those where it has no values; closed and
/// published periods keep their official results (and publishing scores the units a period held
/// when it closed, see `storage::queries::recompute`).
pub fn periods_to_rescore(bindings: &[PeriodBinding], populations: &BTreeSet<String>) -> Vec<(String, String)> {
    let mut chosen: Vec<(String, String)> = bindings
        .iter()
        .filter(|binding| {
            binding.state == crate::storage::PeriodState::Open && populations.contains(&binding.population)
        })
        .map(|binding| (binding.period_id.clone(), binding.population.clone()))
        .collect();
    chosen.sort();
    chosen.dedup();
    chosen
}

/// One step of the first-run "Mulai" checklist, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SetupStep {
    pub key: &'static str,
    pub done: bool,
}

/// The first-run checklist from what the database holds: shown until the first CETTAR period is
/// opened; each step is done when its data exists.
pub fn setup_checklist(counts: &super::storage::SetupCounts) -> (bool, Vec<SetupStep>) {
    let steps = vec![
        SetupStep { key: "populations", done: counts.populations > 0 },
        SetupStep { key: "units", done: counts.units > 0 },
        SetupStep { key: "rubric", done: counts.rubric_versions > 0 },
        SetupStep { key: "period", done: counts.periods > 0 },
        SetupStep { key: "owners", done: counts.owners > 0 },
        SetupStep { key: "open", done: counts.periods_opened > 0 },
    ];
    (counts.periods_opened == 0, steps)
}

/// The populations a list of writes touches.
pub fn touched_populations(writes: &[UnitWrite], units: &[RegisteredUnit]) -> BTreeSet<String> {
    writes
        .iter()
        .filter_map(|write| match write {
            UnitWrite::Create { population, .. } => Some(population.clone()),
            UnitWrite::Update { code, .. } => {
                units.iter().find(|unit| &unit.code == code).map(|unit| unit.population.clone())
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(code: &str, name: &str, population: &str, parent: Option<&str>) -> RegisteredUnit {
        RegisteredUnit {
            code: code.to_owned(),
            name: name.to_owned(),
            population: population.to_owned(),
            active: true,
            parent: parent.map(str::to_owned),
        }
    }

    fn populations() -> Vec<String> {
        vec!["kabkota".to_owned(), "opd".to_owned()]
    }

    fn sheet(text: &str) -> Sheet {
        Sheet {
            rows: text
                .lines()
                .enumerate()
                .map(|(index, line)| (index + 1, line.split(',').map(str::to_owned).collect()))
                .collect(),
        }
    }

    fn codes(plan: &UnitImportPlan) -> Vec<(usize, Option<&str>, &str)> {
        plan.problems.iter().map(|problem| (problem.row, problem.column.as_deref(), problem.code.as_str())).collect()
    }

    #[test]
    fn codes_are_lower_case_slugs() {
        assert_eq!(Code::parse(" kabupaten-banyuwangi ").map(|code| code.0), Ok("kabupaten-banyuwangi".to_owned()));
        assert!(Code::parse("dinas-2").is_ok());
        for bad in ["", "Kab", "kab--x", "-kab", "kab-", "kab x", "kab_x", "kabupatén"] {
            assert!(Code::parse(bad).is_err(), "{bad}");
        }
        assert!(Code::parse("Kab. Banyuwangi").unwrap_err().contains("`kab-banyuwangi`"));
        assert!(Code::parse(&"a".repeat(65)).is_err());
    }

    #[test]
    fn names_are_trimmed_and_single_spaced() {
        assert_eq!(Name::parse("  Kabupaten   Banyuwangi ").map(|name| name.0), Ok("Kabupaten Banyuwangi".to_owned()));
        assert!(Name::parse("   ").is_err());
        assert!(Name::parse("a\u{0}b").is_err());
        assert!(Name::parse(&"n".repeat(201)).is_err());
    }

    #[test]
    fn a_new_unit_lists_every_problem_or_is_created_with_its_parent() {
        let units = vec![unit("kab-a", "Kabupaten A", "kabkota", None)];
        let request = |code: &str, name: &str, population: &str, parent: Option<&str>| NewUnit {
            code: code.to_owned(),
            name: name.to_owned(),
            population: population.to_owned(),
            parent: parent.map(str::to_owned),
        };
        assert_eq!(
            decide_create(&request("kab-a", "Lain", "kabkota", None), &units, &populations()),
            Err(Refusal::Exists)
        );
        let Err(Refusal::Invalid(problems)) =
            decide_create(&request("Kab B", "", "kecamatan", Some("tidak-ada")), &units, &populations())
        else {
            panic!("refused")
        };
        let codes: Vec<&str> = problems.iter().map(|problem| problem.code).collect();
        assert_eq!(codes, ["invalid_code", "invalid_name", "unknown_population", "unknown_parent"]);
        let Err(Refusal::Invalid(problems)) =
            decide_create(&request("kab-b", "kabupaten a", "kabkota", None), &units, &populations())
        else {
            panic!("refused")
        };
        assert_eq!(problems[0].code, "duplicate_name");
        // The same name in another population is fine.
        assert!(
            decide_create(&request("dinas-a", "Kabupaten A", "opd", Some("kab-a")), &units, &populations()).is_ok()
        );
        assert_eq!(
            decide_create(&request("dinas-a", "Dinas A", "opd", Some("kab-a")), &units, &populations()),
            Ok(vec![
                UnitWrite::Create { code: "dinas-a".into(), name: "Dinas A".into(), population: "opd".into() },
                UnitWrite::Update {
                    code: "dinas-a".into(),
                    name: None,
                    active: None,
                    parent: Some(Some("kab-a".into()))
                },
            ])
        );
    }

    #[test]
    fn a_patch_changes_only_what_differs_and_refuses_loops() {
        let units = vec![
            unit("kab-a", "Kabupaten A", "kabkota", None),
            unit("kab-b", "Kabupaten B", "kabkota", None),
            unit("dinas-a", "Dinas A", "opd", Some("kab-a")),
        ];
        let patch = |name: Option<&str>, active: Option<bool>, parent: Option<Option<&str>>| UnitPatch {
            name: name.map(str::to_owned),
            active,
            parent: parent.map(|parent| parent.map(str::to_owned)),
        };
        assert_eq!(decide_patch("x", &patch(None, None, None), &units), Err(Refusal::Missing));
        assert_eq!(decide_patch("kab-a", &patch(Some(" Kabupaten  A"), Some(true), None), &units), Ok(vec![]));
        assert_eq!(
            decide_patch("kab-a", &patch(Some("Kabupaten Baru"), Some(false), None), &units),
            Ok(vec![UnitWrite::Update {
                code: "kab-a".into(),
                name: Some("Kabupaten Baru".into()),
                active: Some(false),
                parent: None
            }])
        );
        let refused = |result: Result<Vec<UnitWrite>, Refusal>| match result {
            Err(Refusal::Invalid(problems)) => problems.iter().map(|problem| problem.code).collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert_eq!(refused(decide_patch("kab-a", &patch(Some("KABUPATEN B"), None, None), &units)), ["duplicate_name"]);
        assert_eq!(refused(decide_patch("kab-a", &patch(None, None, Some(Some("dinas-a"))), &units)), ["parent_cycle"]);
        assert_eq!(refused(decide_patch("kab-a", &patch(None, None, Some(Some("kab-a"))), &units)), ["parent_cycle"]);
        assert_eq!(refused(decide_patch("kab-a", &patch(None, None, Some(Some("zz"))), &units)), ["unknown_parent"]);
        assert_eq!(
            decide_patch("dinas-a", &patch(None, None, Some(None)), &units),
            Ok(vec![UnitWrite::Update { code: "dinas-a".into(), name: None, active: None, parent: Some(None) }])
        );
    }

    #[test]
    fn an_import_creates_changes_and_leaves_alone_by_code() {
        let units = vec![unit("kab-a", "Kabupaten A", "kabkota", None), unit("kab-b", "Kabupaten B", "kabkota", None)];
        let plan = plan_unit_import(
            &sheet(
                "kode,nama,populasi,induk\nkab-a,Kabupaten A,kabkota,\nkab-b,Kabupaten Bee,kabkota,\ndinas-c,Dinas C,opd,kab-c\nkab-c,Kabupaten C,kabkota,",
            ),
            &units,
            &populations(),
        );
        assert!(plan.problems.is_empty(), "{:?}", plan.problems);
        assert_eq!(plan.n_rows, 4);
        let outcomes: Vec<(&str, RowOutcome)> =
            plan.units.iter().map(|unit| (unit.code.as_str(), unit.outcome)).collect();
        assert_eq!(
            outcomes,
            [
                ("kab-a", RowOutcome::Unchanged),
                ("kab-b", RowOutcome::Changed),
                ("dinas-c", RowOutcome::New),
                ("kab-c", RowOutcome::New)
            ]
        );
        assert_eq!(plan.units[1].changes, ["name"]);
        // Creations first, the parent once both units exist.
        assert_eq!(plan.writes.len(), 4);
        assert!(
            matches!(plan.writes.last(), Some(UnitWrite::Update { code, parent: Some(Some(parent)), .. }) if code == "dinas-c" && parent == "kab-c")
        );
    }

    #[test]
    fn the_same_file_twice_changes_nothing() {
        let file = "code,name,population,parent\nkab-a,Kabupaten A,kabkota,\ndinas-a,Dinas A,opd,kab-a";
        let first = plan_unit_import(&sheet(file), &[], &populations());
        assert!(first.problems.is_empty(), "{:?}", first.problems);
        let registered: Vec<RegisteredUnit> = first
            .units
            .iter()
            .map(|row| RegisteredUnit {
                code: row.code.clone(),
                name: row.name.clone(),
                population: row.population.clone(),
                active: true,
                parent: row.parent.clone(),
            })
            .collect();
        let second = plan_unit_import(&sheet(file), &registered, &populations());
        assert!(second.writes.is_empty(), "{:?}", second.writes);
        assert_eq!(second.count(RowOutcome::Unchanged), 2);
    }

    #[test]
    fn every_bad_row_is_reported_by_row_and_column() {
        let units = vec![unit("kab-a", "Kabupaten A", "kabkota", None)];
        let plan = plan_unit_import(
            &sheet(
                "code,name,population\nKab X,Kab X,kabkota\nkab-y,,kabkota\nkab-z,Kab Z,kecamatan\nkab-a,Kabupaten A,opd\nkab-w,kabupaten a,kabkota\nkab-v,Kab V,kabkota\nkab-v,Kab V2,kabkota",
            ),
            &units,
            &populations(),
        );
        assert_eq!(
            codes(&plan),
            [
                (2, Some("code"), "invalid_code"),
                (3, Some("name"), "invalid_name"),
                (4, Some("population"), "unknown_population"),
                (5, Some("population"), "population_fixed"),
                (6, Some("name"), "duplicate_name"),
                (8, Some("code"), "duplicate_code"),
            ]
        );
    }

    #[test]
    fn headers_are_checked_and_parents_must_exist_without_loops() {
        let plan = plan_unit_import(&sheet("kode,nama\nkab-a,A"), &[], &populations());
        assert_eq!(codes(&plan), [(1, None, "missing_column")]);
        let plan = plan_unit_import(&sheet("kode,nama,populasi,warna\nkab-a,A,kabkota,merah"), &[], &populations());
        assert_eq!(codes(&plan), [(1, Some("warna"), "unknown_column")]);
        let plan = plan_unit_import(&sheet(""), &[], &populations());
        assert_eq!(codes(&plan), [(0, None, "empty_file")]);
        let plan = plan_unit_import(
            &sheet("code,name,population,parent\na,A,opd,b\nb,B,opd,a\nc,C,opd,tidak-ada"),
            &[],
            &populations(),
        );
        assert_eq!(
            codes(&plan),
            [
                (2, Some("parent"), "parent_cycle"),
                (3, Some("parent"), "parent_cycle"),
                (4, Some("parent"), "unknown_parent")
            ]
        );
    }

    #[test]
    fn the_checklist_follows_the_data_and_ends_once_a_period_was_opened() {
        use super::super::storage::SetupCounts;
        let (show, steps) = setup_checklist(&SetupCounts { populations: 3, ..SetupCounts::default() });
        assert!(show);
        let done: Vec<(&str, bool)> = steps.iter().map(|step| (step.key, step.done)).collect();
        assert_eq!(
            done,
            [
                ("populations", true),
                ("units", false),
                ("rubric", false),
                ("period", false),
                ("owners", false),
                ("open", false)
            ]
        );
        let (show, _) = setup_checklist(&SetupCounts { periods_opened: 1, ..SetupCounts::default() });
        assert!(!show);
    }

    #[test]
    fn only_open_periods_of_the_touched_populations_are_scored_again() {
        let binding = |period: &str, state: &str, population: &str| PeriodBinding {
            period_id: period.to_owned(),
            state: crate::storage::PeriodState::parse(state).expect("a period state"),
            population: population.to_owned(),
        };
        let bindings = [
            binding("2023-annual", "published", "kabkota"),
            binding("2024-q1", "open", "kabkota"),
            binding("2024-q1", "open", "opd"),
            binding("2024-q2", "draft", "kabkota"),
            binding("2024-q3", "closed", "kabkota"),
        ];
        let touched: BTreeSet<String> = ["kabkota".to_owned()].into();
        assert_eq!(periods_to_rescore(&bindings, &touched), [("2024-q1".to_owned(), "kabkota".to_owned())]);
        assert!(periods_to_rescore(&bindings, &BTreeSet::new()).is_empty());
    }
}
