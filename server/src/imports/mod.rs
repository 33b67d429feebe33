//! Reading a spreadsheet of indicator values (CSV or XLSX) and checking every cell, before
//! anything is stored. The edge where CSV and XLSX become domain values.
//!
//! Accepted layouts (the first non-empty row is the header):
//! - **grid**: first column the unit (its code, e.g. `kabupaten-banyuwangi`, or its name), then one
//!   column per indicator code (`SAKIP`, `OPINI_BPK`, …); one column alone is fine. Columns named
//!   like those of our own export (`nama_unit`, `peringkat`, `nilai_total`, `predikat`) are
//!   skipped, so an export can be edited and imported again.
//! - **long**: `unit,indicator,value` (also `score`/`nilai`; `indikator`): one value per row.
//!
//! An empty cell means "no value" and is skipped. Every problem is reported with its row number
//! as a spreadsheet shows it (the header is row 1) and its column (the header text).

use std::collections::HashMap;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::openapi;
use crate::results::scoring::ValueChecker;
use crate::startup::AppState;
use crate::storage::{ImportValue, UnitRow};

// The one-import-per-period lease, shared by every process on the database.
mod lease;
#[cfg(test)]
mod read_tests;
// `POST …/import` (dry run, then apply) and the CSV/XLSX export of a period's values.
pub(crate) mod routes;
mod xlsx;

pub use routes::MAX_IMPORT_BYTES;

/// The import/export routes, relative to `/api/v1` (merged by `crate::http::api_router`).
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            openapi::route("import_entries"),
            post(routes::import).layer(DefaultBodyLimit::max(routes::MAX_IMPORT_BYTES)),
        )
        .route(openapi::route("export_entries_csv"), get(routes::export_csv))
        .route(openapi::route("export_entries_xlsx"), get(routes::export_xlsx))
}

/// A sheet: `(row number, cells)` of the non-empty rows, header first.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub rows: Vec<(usize, Vec<String>)>,
}

/// One problem in an import file (the contract's type: the answer lists them as they are).
pub use contract::imports::ImportProblem;

/// A problem at `row` (0: the whole file), in `column` when it is in one.
pub(crate) fn problem(row: usize, column: Option<&str>, code: &str, message: String) -> ImportProblem {
    ImportProblem { row, column: column.map(str::to_owned), code: code.to_owned(), message }
}

/// What a file holds once checked.
#[derive(Clone, Debug, Default)]
pub struct ImportPlan {
    /// Data rows read (without the header).
    pub n_rows: usize,
    pub values: Vec<ImportValue>,
    pub problems: Vec<ImportProblem>,
}

/// Most cells a file may hold, counting each row's columns up to its last value. A national
/// grid (22,000 units × 25 indicators) is 0.6 million cells, and 1.7 million in the long
/// layout (`unit,indicator,value`); beyond this a file is refused before it costs memory.
pub const MAX_CELLS: usize = 2_000_000;
/// Columns read (`A` to `ALL`): a value further right is refused by name, so a stray cell far
/// away (Excel's last is `XFD1048576`) costs one sentence, never a grid.
pub const MAX_COLUMNS: usize = 1_000;
/// Longest text of one cell, in characters (Excel's own limit).
pub const MAX_CELL_CHARS: usize = 32_767;

/// Reads an XLSX (by its ZIP signature) or a UTF-8 CSV file (comma or semicolon separated),
/// within [`MAX_CELLS`], [`MAX_COLUMNS`] and [`MAX_CELL_CHARS`] (and, for XLSX, the archive
/// limits of `imports/xlsx.rs`).
///
/// # Errors
/// The file cannot be read at all (`unreadable_file`), is over a limit (`file_too_large`), or
/// holds a value beyond the last column read (`cell_out_of_range`).
pub fn read_sheet(bytes: &[u8]) -> Result<Sheet, ImportProblem> {
    if bytes.starts_with(b"PK\x03\x04") { xlsx::read_xlsx(bytes) } else { read_csv(bytes) }
}

/// A column's spreadsheet name: 0 → `A`, 26 → `AA`.
pub fn column_name(column: u64) -> String {
    let mut name = Vec::new();
    let mut rest = column + 1;
    while rest > 0 {
        let letter = u8::try_from((rest - 1) % 26).expect("a remainder of 26 fits a byte");
        name.push(b'A' + letter);
        rest = (rest - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

fn too_many_cells() -> ImportProblem {
    problem(
        0,
        None,
        "file_too_large",
        format!(
            "Berkas berisi lebih dari {} sel. Batas ini cukup untuk 22.000 unit × 25 indikator; pecah berkas menjadi beberapa bagian.",
            thousands(MAX_CELLS)
        ),
    )
}

/// `2000000` → `2.000.000` (Indonesian digit grouping).
fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    grouped
}

fn read_csv(bytes: &[u8]) -> Result<Sheet, ImportProblem> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| problem(0, None, "unreadable_file", "Berkas bukan CSV UTF-8 atau XLSX.".to_owned()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.contains(';') && !first_line.contains(',') { b';' } else { b',' };
    // The CSV reader keeps one position per field of a record: a file of nothing but
    // delimiters must be refused before it is read, not after.
    if bytecount(text.as_bytes(), delimiter) > 2 * MAX_CELLS {
        return Err(too_many_cells());
    }
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut sheet = Sheet::default();
    let mut n_cells = 0_usize;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => {
                let row = error.position().map_or(0, |position| usize::try_from(position.line()).unwrap_or(0));
                return Err(problem(row, None, "unreadable_file", format!("CSV tidak dapat dibaca: {error}")));
            }
        }
        let row = record.position().map_or(0, |position| usize::try_from(position.line()).unwrap_or(0));
        let Some(last) = (0..record.len()).rev().find(|&index| !record[index].trim().is_empty()) else { continue };
        if last >= MAX_COLUMNS {
            return Err(problem(
                row,
                None,
                "cell_out_of_range",
                format!(
                    "Baris {row} berisi nilai di kolom ke-{} (paling jauh kolom ke-{}). Hapus isi sel itu lalu unggah lagi.",
                    thousands(last + 1),
                    thousands(MAX_COLUMNS)
                ),
            ));
        }
        n_cells += last + 1;
        if n_cells > MAX_CELLS {
            return Err(too_many_cells());
        }
        if record.iter().any(|cell| cell.chars().count() > MAX_CELL_CHARS) {
            return Err(problem(
                row,
                None,
                "file_too_large",
                format!("Baris {row} berisi teks lebih dari {} karakter dalam satu sel.", thousands(MAX_CELL_CHARS)),
            ));
        }
        sheet.rows.push((row, record.iter().take(last + 1).map(|cell| cell.trim().to_owned()).collect()));
    }
    Ok(sheet)
}

fn bytecount(bytes: &[u8], wanted: u8) -> usize {
    bytes.iter().filter(|&&byte| byte == wanted).count()
}

/// Headers skipped in a grid (columns of our own export).
const SKIPPED_COLUMNS: &[&str] =
    &["nama_unit", "nama", "name", "unit_name", "peringkat", "rank", "nilai_total", "total", "predikat", "grade"];

/// Matches every row to a unit of the population and checks every value with the engine.
/// `may_write(indicator)` says whether the caller may write that indicator.
pub fn plan_import(
    sheet: &Sheet,
    units: &[UnitRow],
    checker: &ValueChecker,
    may_write: &dyn Fn(&str) -> bool,
) -> ImportPlan {
    let mut plan = ImportPlan::default();
    let Some(((header_row, header), records)) = sheet.rows.split_first() else {
        plan.problems.push(problem(0, None, "empty_file", "Berkas tidak berisi data.".to_owned()));
        return plan;
    };
    plan.n_rows = records.len();
    let by_code: HashMap<&str, &UnitRow> = units.iter().map(|unit| (unit.code.as_str(), unit)).collect();
    let by_name: HashMap<String, &UnitRow> = units.iter().map(|unit| (unit.name.trim().to_lowercase(), unit)).collect();
    let find_unit = |text: &str| -> Option<&UnitRow> {
        by_code
            .get(text)
            .or_else(|| by_name.get(&text.trim().to_lowercase()))
            .or_else(|| by_code.get(crate::demo::slug(text).as_str()))
            .copied()
    };
    let lower: Vec<String> = header.iter().map(|cell| cell.trim().to_lowercase()).collect();
    let is_long = lower.len() >= 3
        && matches!(lower[1].as_str(), "indicator" | "indikator")
        && matches!(lower[2].as_str(), "value" | "nilai" | "score" | "skor");
    let unit_column = header.first().cloned().unwrap_or_default();
    // (unit id, indicator) → first row
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut forbidden_reported: Vec<String> = Vec::new();
    let mut check = |plan: &mut ImportPlan, row: usize, unit: &UnitRow, indicator: &str, column: &str, text: &str| {
        if text.trim().is_empty() {
            return;
        }
        if !may_write(indicator) {
            if !forbidden_reported.iter().any(|code| code == indicator) {
                forbidden_reported.push(indicator.to_owned());
                plan.problems.push(problem(
                    row,
                    Some(column),
                    "indicator_not_in_scope",
                    format!("Anda tidak berwenang mengisi indikator {indicator}."),
                ));
            }
            return;
        }
        let key = (unit.id.clone(), indicator.to_owned());
        if let Some(first) = seen.get(&key) {
            plan.problems.push(problem(
                row,
                Some(column),
                "duplicate_row",
                format!("{} / {indicator} sudah diisi pada baris {first}.", unit.name),
            ));
            return;
        }
        seen.insert(key, row);
        match checker.check_cell(indicator, text) {
            Ok(Some(value_json)) => {
                plan.values.push(ImportValue {
                    unit_id: unit.id.clone(),
                    indicator_code: indicator.to_owned(),
                    value_json,
                });
            }
            Ok(None) => {}
            Err(refused) => plan.problems.push(problem(row, Some(column), &refused.code, refused.message)),
        }
    };
    if is_long {
        for (row, cells) in records {
            let cell = |index: usize| cells.get(index).map_or("", String::as_str);
            let Some(unit) = find_unit(cell(0)) else {
                plan.problems.push(unknown_unit(*row, &unit_column, cell(0)));
                continue;
            };
            let indicator = cell(1).trim();
            if !checker.has_indicator(indicator) {
                plan.problems.push(problem(
                    *row,
                    Some(&header[1]),
                    "unknown_indicator",
                    format!("Indikator `{indicator}` tidak ada pada rubrik periode ini."),
                ));
                continue;
            }
            check(&mut plan, *row, unit, indicator, &header[2], cell(2));
        }
    } else {
        let mut columns: Vec<(usize, String)> = Vec::new();
        for (index, title) in header.iter().enumerate().skip(1) {
            let code = title.trim();
            if code.is_empty() || SKIPPED_COLUMNS.contains(&code.to_lowercase().as_str()) {
                continue;
            }
            if checker.has_indicator(code) {
                columns.push((index, code.to_owned()));
            } else {
                plan.problems.push(problem(
                    *header_row,
                    Some(code),
                    "unknown_indicator",
                    format!("Kolom `{code}` bukan kode indikator rubrik periode ini."),
                ));
            }
        }
        if columns.is_empty() && plan.problems.is_empty() {
            plan.problems.push(problem(
                *header_row,
                None,
                "no_indicator_columns",
                "Baris judul harus berisi kode unit lalu kode indikator (contoh: unit,SAKIP,OPINI_BPK), atau unit,indicator,value.".to_owned(),
            ));
        }
        for (row, cells) in records {
            let unit_text = cells.first().map_or("", String::as_str);
            let Some(unit) = find_unit(unit_text) else {
                plan.problems.push(unknown_unit(*row, &unit_column, unit_text));
                continue;
            };
            for (index, code) in &columns {
                check(&mut plan, *row, unit, code, code, cells.get(*index).map_or("", String::as_str));
            }
        }
    }
    plan
}

fn unknown_unit(row: usize, column: &str, text: &str) -> ImportProblem {
    problem(
        row,
        Some(column),
        "unknown_unit",
        format!("Unit `{}` tidak dikenal pada populasi ini.", text.chars().take(80).collect::<String>()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUBRIC: &str = r#"{"schema":"sibekisar.rubric/v1","id":"d","name":"D",
      "spirits":[{"code":"C","name":"Cepat","weight":100}],
      "indicators":[{"code":"IKM","name":"IKM","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":100}},
                    {"code":"OPINI","name":"Opini","spirit":"C","weight":1,"rule":{"kind":"category","points":{"WTP":100,"WDP":50}}}]}"#;

    fn unit(code: &str, name: &str) -> UnitRow {
        UnitRow {
            id: format!("id-{code}"),
            code: code.to_owned(),
            name: name.to_owned(),
            population: "p".to_owned(),
            active: true,
        }
    }

    fn plan(csv: &str) -> ImportPlan {
        let checker = ValueChecker::new(RUBRIC).expect("valid rubric");
        let units = [unit("kota-batu", "Kota Batu"), unit("kota-malang", "Kota Malang")];
        plan_import(&read_sheet(csv.as_bytes()).expect("readable"), &units, &checker, &|_| true)
    }

    #[test]
    fn grids_and_long_files_are_read_and_every_problem_is_named() {
        let good = plan("unit,IKM,OPINI\nkota-batu,85.5,WTP\nKota Malang,70,\n");
        assert!(good.problems.is_empty(), "{:?}", good.problems);
        assert_eq!((good.n_rows, good.values.len()), (2, 3));
        assert_eq!(good.values[0].value_json, "85.5");
        assert_eq!(good.values[1].value_json, "\"WTP\"");
        let long = plan("unit,indicator,value\nKota Batu,IKM,90\n");
        assert_eq!(long.values.len(), 1);
        let bad = plan("unit,IKM,NOPE\nkota-batu,101,1\nkota-entah,1,1\nkota-batu,2,\nkota-malang,\"8,5\",\n");
        let found: Vec<(usize, Option<&str>, &str)> =
            bad.problems.iter().map(|p| (p.row, p.column.as_deref(), p.code.as_str())).collect();
        assert_eq!(
            found,
            [
                (1, Some("NOPE"), "unknown_indicator"),
                (2, Some("IKM"), "indicator_out_of_range"),
                (3, Some("unit"), "unknown_unit"),
                (4, Some("IKM"), "duplicate_row"),
            ]
        );
        // A quoted decimal comma reads like the assessment grid reads it.
        assert!(
            bad.values.iter().any(|value| value.unit_id == "id-kota-malang" && value.value_json == "8.5"),
            "{:?}",
            bad.values
        );
    }

    #[test]
    fn semicolons_and_byte_order_marks_are_understood() {
        let plan = plan("\u{feff}unit;IKM\nkota-batu;85\n");
        assert!(plan.problems.is_empty(), "{:?}", plan.problems);
        assert_eq!(plan.values.len(), 1);
    }
}
