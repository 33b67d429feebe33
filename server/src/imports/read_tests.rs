//! `read_sheet` on real and hostile files: our XLSX reader against calamine (an independent
//! reader) on ordinary workbooks, and every limit on files that break it.

use std::io::{Cursor, Write};

use super::*;

/// An XLSX built by `rust_xlsxwriter` from `(row, column, cell)`, zero-based.
fn workbook(cells: &[(u32, u16, Cell)]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, column, cell) in cells {
        match cell {
            Cell::Text(text) => sheet.write_string(*row, *column, *text).map(|_| ()),
            Cell::Number(number) => sheet.write_number(*row, *column, *number).map(|_| ()),
            Cell::Flag(flag) => sheet.write_boolean(*row, *column, *flag).map(|_| ()),
        }
        .expect("a cell inside Excel's grid");
    }
    workbook.add_worksheet().write_string(0, 0, "lembar kedua tidak dibaca").expect("a cell");
    workbook.save_to_buffer().expect("a workbook")
}

enum Cell {
    Text(&'static str),
    Number(f64),
    Flag(bool),
}

/// The rows calamine reads from the same bytes, in `Sheet`'s form (trailing empty cells dropped).
fn calamine_rows(bytes: &[u8]) -> Vec<(usize, Vec<String>)> {
    use calamine::{Data, Reader, Xlsx};
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("calamine reads it");
    let range = workbook.worksheet_range_at(0).expect("a first sheet").expect("readable");
    let (first_row, first_column) = range.start().map_or((0, 0), |(row, column)| (row as usize, column as usize));
    let mut rows = Vec::new();
    for (index, row) in range.rows().enumerate() {
        let mut cells: Vec<String> = vec![String::new(); first_column];
        cells.extend(row.iter().map(|cell| match cell {
            Data::Empty => String::new(),
            Data::String(text) => text.trim().to_owned(),
            Data::Float(number) => number.to_string(),
            Data::Int(number) => number.to_string(),
            Data::Bool(flag) => flag.to_string(),
            other => other.to_string(),
        }));
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        if !cells.is_empty() {
            rows.push((first_row + index + 1, cells));
        }
    }
    rows
}

fn refusal(bytes: &[u8]) -> ImportProblem {
    read_sheet(bytes).expect_err("the file is refused")
}

#[test]
fn ordinary_workbooks_read_exactly_as_calamine_reads_them() {
    use Cell::{Flag, Number, Text};
    let cases: Vec<Vec<(u32, u16, Cell)>> = vec![
        vec![(0, 0, Text("unit")), (0, 1, Text("SAKIP")), (1, 0, Text("kota-batu")), (1, 1, Number(72.34))],
        // Starts away from A1, with gaps, entities, non-ASCII text, booleans and whole numbers.
        vec![
            (2, 1, Text("unit")),
            (2, 2, Text("indicator")),
            (2, 3, Text("value")),
            (3, 1, Text("Kota Batu & Malang <uji>")),
            (3, 2, Text("OPINI_BPK")),
            (3, 3, Text("  WTP ")),
            (5, 1, Text("Kabupaten Pasuruan — ñ")),
            (5, 3, Number(85.0)),
            (6, 1, Flag(true)),
            (6, 4, Number(0.1 + 0.2)),
        ],
    ];
    for cells in cases {
        let bytes = workbook(&cells);
        let ours = read_sheet(&bytes).expect("our reader reads it");
        assert_eq!(ours.rows, calamine_rows(&bytes));
    }
}

#[test]
fn a_stray_value_far_right_is_refused_by_name_not_read_as_a_grid() {
    use Cell::{Number, Text};
    let bytes = workbook(&[
        (0, 0, Text("unit")),
        (0, 1, Text("SAKIP")),
        (1, 0, Text("kota-batu")),
        (1, 1, Number(80.0)),
        (1_048_575, 16_383, Text("x")),
    ]);
    let problem = refusal(&bytes);
    assert_eq!(problem.code, "cell_out_of_range");
    assert_eq!(problem.row, 1_048_576);
    assert!(problem.message.starts_with("Sel XFD1048576 berisi nilai"), "{}", problem.message);
    // Far down but within the columns read: a sparse row costs one row.
    let far_down = workbook(&[(0, 0, Text("unit")), (1_048_575, 1, Number(1.0))]);
    let sheet = read_sheet(&far_down).expect("a far row is fine");
    assert_eq!(sheet.rows[1], (1_048_576, vec![String::new(), "1".to_owned()]));
}

/// A ZIP archive of `parts` (name, bytes), deflated.
fn archive(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        writer.start_file(*name, options).expect("a part");
        writer.write_all(bytes).expect("written");
    }
    writer.finish().expect("an archive").into_inner()
}

fn sheet_xml(rows: &str) -> Vec<u8> {
    format!(r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#).into_bytes()
}

#[test]
fn a_zip_bomb_is_refused_from_its_directory_before_it_is_expanded() {
    let mut padding = sheet_xml(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>unit</t></is></c></row>"#);
    padding.splice(padding.len() - 12..padding.len() - 12, std::iter::repeat_n(b' ', 16 * 1024 * 1024));
    let bytes = archive(&[("xl/worksheets/sheet1.xml", &padding)]);
    assert!(bytes.len() < 100 * 1024, "{} bytes", bytes.len());
    let problem = refusal(&bytes);
    assert_eq!(problem.code, "file_too_large");
    assert!(problem.message.contains("mengembang"), "{}", problem.message);
}

#[test]
fn a_part_that_lies_about_its_size_is_refused_while_it_is_read() {
    let rows: String =
        (1..=2000).map(|row| format!(r#"<row r="{row}"><c r="A{row}"><v>{row}</v></c></row>"#)).collect();
    let mut bytes = archive(&[("xl/worksheets/sheet1.xml", &sheet_xml(&rows))]);
    // Declare 100 bytes in the central directory entry (uncompressed size at offset 24).
    let entry = bytes.windows(4).position(|window| window == [0x50, 0x4b, 0x01, 0x02]).expect("a directory entry");
    bytes[entry + 24..entry + 28].copy_from_slice(&100_u32.to_le_bytes());
    let problem = refusal(&bytes);
    assert_eq!(problem.code, "unreadable_file", "{}", problem.message);
    assert!(problem.message.contains("lebih besar daripada ukuran yang dinyatakannya"), "{}", problem.message);
}

#[test]
fn too_many_shared_strings_or_cells_are_refused() {
    let items: String = "<si><t>x</t></si>".repeat(MAX_CELLS + 1);
    let strings = format!(r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{items}</sst>"#);
    let bytes = archive(&[("xl/sharedStrings.xml", strings.as_bytes()), ("xl/worksheets/sheet1.xml", &sheet_xml(""))]);
    assert_eq!(refusal(&bytes).code, "file_too_large");
    // One value at the last column read, in more rows than the cell cap allows.
    let rows = MAX_CELLS / MAX_COLUMNS + 1;
    let xml: String = (1..=rows).map(|row| format!(r#"<row r="{row}"><c r="ALL{row}"><v>1</v></c></row>"#)).collect();
    let bytes = archive(&[("xl/worksheets/sheet1.xml", &sheet_xml(&xml))]);
    let problem = refusal(&bytes);
    assert_eq!(problem.code, "file_too_large");
    assert!(problem.message.contains("2.000.000 sel"), "{}", problem.message);
}

#[test]
fn csv_files_have_the_same_limits() {
    let commas = ",".repeat(2 * MAX_CELLS + 1);
    assert_eq!(refusal(commas.as_bytes()).code, "file_too_large");
    let far = format!("unit,SAKIP\nkota-batu,80{}x\n", ",".repeat(MAX_COLUMNS - 1));
    let problem = refusal(far.as_bytes());
    assert_eq!((problem.code.as_str(), problem.row), ("cell_out_of_range", 2));
    let long_text = format!("unit,SAKIP\n{},1\n", "a".repeat(MAX_CELL_CHARS + 1));
    assert_eq!(refusal(long_text.as_bytes()).code, "file_too_large");
    // Trailing empty cells cost nothing.
    let trailing = format!("unit,SAKIP{}\nkota-batu,80\n", ",".repeat(MAX_COLUMNS * 2));
    assert_eq!(read_sheet(trailing.as_bytes()).expect("read").rows[0].1, ["unit", "SAKIP"]);
}

#[test]
fn a_national_grid_passes_in_either_layout() {
    const N_UNITS: u32 = 22_000;
    const N_INDICATORS: u16 = 25;
    let mut grid = rust_xlsxwriter::Workbook::new();
    let sheet = grid.add_worksheet();
    sheet.write_string(0, 0, "unit").expect("a cell");
    for indicator in 1..=N_INDICATORS {
        sheet.write_string(0, indicator, format!("I{indicator:02}")).expect("a cell");
    }
    for unit in 1..=N_UNITS {
        sheet.write_string(unit, 0, format!("unit-{unit:05}")).expect("a cell");
        for indicator in 1..=N_INDICATORS {
            sheet.write_number(unit, indicator, f64::from((unit + u32::from(indicator)) % 100) + 0.25).expect("a cell");
        }
    }
    let grid = grid.save_to_buffer().expect("a workbook");
    let read = read_sheet(&grid).expect("the national grid is read");
    assert_eq!(read.rows.len(), N_UNITS as usize + 1);
    assert_eq!(read.rows[1].1[1], "2.25");

    let mut long = rust_xlsxwriter::Workbook::new();
    let sheet = long.add_worksheet();
    for (column, title) in ["unit", "indicator", "value"].iter().enumerate() {
        sheet.write_string(0, u16::try_from(column).expect("3 columns"), *title).expect("a cell");
    }
    let mut row = 1_u32;
    for unit in 1..=N_UNITS {
        for indicator in 1..=N_INDICATORS {
            sheet.write_string(row, 0, format!("unit-{unit:05}")).expect("a cell");
            sheet.write_string(row, 1, format!("I{indicator:02}")).expect("a cell");
            sheet.write_number(row, 2, f64::from(indicator)).expect("a cell");
            row += 1;
        }
    }
    let long = long.save_to_buffer().expect("a workbook");
    let read = read_sheet(&long).expect("the national long file is read");
    assert_eq!(read.rows.len(), (N_UNITS * u32::from(N_INDICATORS)) as usize + 1);
    assert_eq!(read.rows.last().expect("rows").1, ["unit-22000", "I25", "25"]);
}
