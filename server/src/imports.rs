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
use std::io::Cursor;

use crate::scoring::ValueChecker;
use crate::storage::{ImportValue, UnitRow};

/// A sheet: `(row number, cells)` of the non-empty rows, header first.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub rows: Vec<(usize, Vec<String>)>,
}

/// One problem in an import file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ImportProblem {
    /// Row number as a spreadsheet shows it (the header is row 1); 0 for the file as a whole.
    pub row: usize,
    /// The column's header text, when the problem is in one column.
    pub column: Option<String>,
    pub code: String,
    pub message: String,
}

impl ImportProblem {
    fn new(row: usize, column: Option<&str>, code: &str, message: String) -> Self {
        Self { row, column: column.map(str::to_owned), code: code.to_owned(), message }
    }
}

/// What a file holds once checked.
#[derive(Clone, Debug, Default)]
pub struct ImportPlan {
    /// Data rows read (without the header).
    pub n_rows: usize,
    pub values: Vec<ImportValue>,
    pub problems: Vec<ImportProblem>,
}

/// Reads an XLSX (by its ZIP signature) or a UTF-8 CSV file (comma or semicolon separated).
///
/// # Errors
/// The file cannot be read at all.
pub fn read_sheet(bytes: &[u8]) -> Result<Sheet, ImportProblem> {
    if bytes.starts_with(b"PK\x03\x04") { read_xlsx(bytes) } else { read_csv(bytes) }
}

fn read_csv(bytes: &[u8]) -> Result<Sheet, ImportProblem> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ImportProblem::new(0, None, "unreadable_file", "Berkas bukan CSV UTF-8 atau XLSX.".to_owned()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.contains(';') && !first_line.contains(',') { b';' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut sheet = Sheet::default();
    for record in reader.records() {
        let record = record.map_err(|error| {
            let row = error.position().map_or(0, |position| usize::try_from(position.line()).unwrap_or(0));
            ImportProblem::new(row, None, "unreadable_file", format!("CSV tidak dapat dibaca: {error}"))
        })?;
        let row = record.position().map_or(0, |position| usize::try_from(position.line()).unwrap_or(0));
        let cells: Vec<String> = record.iter().map(|cell| cell.trim().to_owned()).collect();
        if cells.iter().any(|cell| !cell.is_empty()) {
            sheet.rows.push((row, cells));
        }
    }
    Ok(sheet)
}

fn read_xlsx(bytes: &[u8]) -> Result<Sheet, ImportProblem> {
    use calamine::{Data, Reader, Xlsx};
    let unreadable =
        |detail: String| ImportProblem::new(0, None, "unreadable_file", format!("XLSX tidak dapat dibaca: {detail}"));
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|error: calamine::XlsxError| unreadable(error.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable("tidak ada lembar kerja".to_owned()))?
        .map_err(|error| unreadable(error.to_string()))?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let first_column = range.start().map_or(0, |(_, column)| column as usize);
    let mut sheet = Sheet::default();
    for (index, row) in range.rows().enumerate() {
        let mut cells: Vec<String> = vec![String::new(); first_column];
        cells.extend(row.iter().map(|cell| match cell {
            Data::Empty => String::new(),
            Data::String(text) => text.trim().to_owned(),
            // The shortest text that reads back as the same double: 72.34 stays "72.34".
            Data::Float(number) => number.to_string(),
            Data::Int(number) => number.to_string(),
            Data::Bool(flag) => flag.to_string(),
            other => other.to_string(),
        }));
        if cells.iter().any(|cell| !cell.is_empty()) {
            sheet.rows.push((first_row + index + 1, cells));
        }
    }
    Ok(sheet)
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
        plan.problems.push(ImportProblem::new(0, None, "empty_file", "Berkas tidak berisi data.".to_owned()));
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
                plan.problems.push(ImportProblem::new(
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
            plan.problems.push(ImportProblem::new(
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
            Err(problem) => plan.problems.push(ImportProblem::new(row, Some(column), &problem.code, problem.message)),
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
                plan.problems.push(ImportProblem::new(
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
                plan.problems.push(ImportProblem::new(
                    *header_row,
                    Some(code),
                    "unknown_indicator",
                    format!("Kolom `{code}` bukan kode indikator rubrik periode ini."),
                ));
            }
        }
        if columns.is_empty() && plan.problems.is_empty() {
            plan.problems.push(ImportProblem::new(
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
    ImportProblem::new(
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
                (5, Some("IKM"), "decimal_comma"),
            ]
        );
    }

    #[test]
    fn semicolons_and_byte_order_marks_are_understood() {
        let plan = plan("\u{feff}unit;IKM\nkota-batu;85\n");
        assert!(plan.problems.is_empty(), "{:?}", plan.problems);
        assert_eq!(plan.values.len(), 1);
    }
}
