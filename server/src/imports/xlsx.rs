//! A bounded XLSX reader: the first worksheet's non-empty cells as text, never a dense grid.
//!
//! An XLSX file is a ZIP archive of XML parts. Three things in it can cost far more than the
//! upload itself, and each is bounded here before or while it is read:
//! - **expansion:** the archive's directory is checked first (number of parts, declared sizes,
//!   compression ratio), and every part is read through a counter that stops at its declared size
//!   and at a cap, so a part that lies about its size is refused too;
//! - **the bounding box:** a cell's position costs nothing until it holds a value; a value past
//!   [`MAX_COLUMNS`] is refused by name (a stray cell at `XFD1048576` is one sentence, not a
//!   grid of billions of cells), and the cells kept are counted against [`MAX_CELLS`];
//! - **shared strings:** their number and their text are capped like cells.
//!
//! Only what an import needs is read: the workbook's first sheet, its shared strings, and the
//! two small parts that say where the first sheet is.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesRef, BytesStart, Event};
use zip::ZipArchive;

use super::{ImportProblem, MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, Sheet, column_name, too_many_cells};

/// Most parts an archive may list (a workbook has a dozen or two).
const MAX_PARTS: usize = 1_000;
/// Largest central directory read, in bytes (a thousand parts need about 100 KB).
const MAX_DIRECTORY_BYTES: u64 = 1024 * 1024;
/// Largest declared size of all parts together, uncompressed. A national grid (22,000 units ×
/// 25 indicators) in the long layout is about 60 MB of worksheet XML.
const MAX_UNCOMPRESSED_BYTES: u64 = 256 * 1024 * 1024;
/// Largest worksheet part read, uncompressed.
const MAX_SHEET_BYTES: u64 = 256 * 1024 * 1024;
/// Largest shared-strings part read, uncompressed.
const MAX_SHARED_STRINGS_BYTES: u64 = 64 * 1024 * 1024;
/// Largest workbook or relationships part read (they name the sheets).
const MAX_SMALL_PART_BYTES: u64 = 4 * 1024 * 1024;
/// Highest compression ratio accepted for a part larger than [`RATIO_FREE_BYTES`]. Spreadsheet
/// XML compresses 5–40 times; a zip bomb's parts reach a thousand.
const MAX_RATIO: u64 = 200;
/// Parts up to this size are not ratio-checked (a tiny part can compress very well).
const RATIO_FREE_BYTES: u64 = 1024 * 1024;

/// Reads the first worksheet of an XLSX file.
///
/// # Errors
/// The file is not a readable XLSX (`unreadable_file`), is larger than the caps allow
/// (`file_too_large`), or holds a value outside the accepted columns (`cell_out_of_range`).
pub fn read_xlsx(bytes: &[u8]) -> Result<Sheet, ImportProblem> {
    check_directory(bytes)?;
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|error| unreadable(&error.to_string()))?;
    check_parts(&mut archive)?;
    let sheet_path = first_sheet_path(&mut archive)?;
    let shared_strings = match find_part(&archive, "xl/sharedStrings.xml") {
        Some(name) => read_shared_strings(&read_part(&mut archive, &name, MAX_SHARED_STRINGS_BYTES)?)?,
        None => Vec::new(),
    };
    let name = find_part(&archive, &sheet_path).ok_or_else(|| unreadable("lembar kerja pertama tidak ditemukan"))?;
    let xml = read_part(&mut archive, &name, MAX_SHEET_BYTES)?;
    read_worksheet(&xml, &shared_strings)
}

fn unreadable(detail: &str) -> ImportProblem {
    super::problem(0, None, "unreadable_file", format!("XLSX tidak dapat dibaca: {detail}."))
}

fn too_large(detail: &str) -> ImportProblem {
    super::problem(
        0,
        None,
        "file_too_large",
        format!(
            "XLSX ditolak: {detail}. Simpan ulang berkas dari Excel tanpa lembar atau isi lain, atau pecah menjadi beberapa berkas."
        ),
    )
}

/// Checks the end-of-central-directory record before the ZIP reader allocates anything for the
/// directory: a bounded number of parts and a bounded directory size. ZIP64 archives (over 4 GB
/// or 65,535 parts) are never a spreadsheet of ours.
fn check_directory(bytes: &[u8]) -> Result<(), ImportProblem> {
    const RECORD: usize = 22;
    const SIGNATURE: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    // The record sits in the last 22 bytes plus a comment of at most 65,535 bytes.
    let search_from = bytes.len().saturating_sub(RECORD + usize::from(u16::MAX));
    let tail = &bytes[search_from..];
    let start = (0..tail.len().saturating_sub(RECORD - 1))
        .rev()
        .find(|&at| tail[at..at + 4] == SIGNATURE)
        .ok_or_else(|| unreadable("bukan arsip ZIP yang utuh"))?;
    let record = &tail[start..start + RECORD];
    let n_parts = u16::from_le_bytes([record[10], record[11]]);
    let directory_bytes = u32::from_le_bytes([record[12], record[13], record[14], record[15]]);
    if n_parts == u16::MAX || directory_bytes == u32::MAX {
        return Err(too_large("arsip ZIP64 tidak diterima"));
    }
    if usize::from(n_parts) > MAX_PARTS || u64::from(directory_bytes) > MAX_DIRECTORY_BYTES {
        return Err(too_large(&format!("arsip berisi {n_parts} bagian (paling banyak {MAX_PARTS})")));
    }
    Ok(())
}

/// The declared sizes of every part: each and all together, and each part's compression ratio.
fn check_parts(archive: &mut ZipArchive<Cursor<&[u8]>>) -> Result<(), ImportProblem> {
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let part = archive.by_index_raw(index).map_err(|error| unreadable(&error.to_string()))?;
        let (size, compressed) = (part.size(), part.compressed_size());
        total = total.saturating_add(size);
        if size > RATIO_FREE_BYTES && size / compressed.max(1) > MAX_RATIO {
            return Err(too_large(&format!(
                "bagian `{}` mengembang {}× saat dibuka (paling banyak {MAX_RATIO}×)",
                part.name().unwrap_or_default().chars().take(80).collect::<String>(),
                size / compressed.max(1)
            )));
        }
    }
    if total > MAX_UNCOMPRESSED_BYTES {
        return Err(too_large(&format!(
            "isinya {} MB setelah dibuka (paling banyak {} MB)",
            total / (1024 * 1024),
            MAX_UNCOMPRESSED_BYTES / (1024 * 1024)
        )));
    }
    Ok(())
}

/// The archive's name of a part, matched without regard to case (some writers differ).
fn find_part(archive: &ZipArchive<Cursor<&[u8]>>, path: &str) -> Option<String> {
    archive
        .file_names()
        .filter_map(Result::ok)
        .find(|name| name.eq_ignore_ascii_case(path))
        .map(std::borrow::Cow::into_owned)
}

/// A part's bytes, read through a counter: never more than its declared size nor than `cap`.
fn read_part(archive: &mut ZipArchive<Cursor<&[u8]>>, name: &str, cap: u64) -> Result<Vec<u8>, ImportProblem> {
    let part = archive.by_name(name).map_err(|error| unreadable(&error.to_string()))?;
    let declared = part.size();
    if declared > cap {
        return Err(too_large(&format!(
            "bagian `{name}` berukuran {} MB setelah dibuka (paling banyak {} MB)",
            declared / (1024 * 1024),
            cap / (1024 * 1024)
        )));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(declared.min(16 * 1024 * 1024)).unwrap_or(0));
    // The ZIP reader refuses a part that expands past its declared size or fails its checksum;
    // one byte more than declared is read so that this holds whatever the reader does.
    let damaged = || unreadable(&format!("bagian `{name}` rusak atau lebih besar daripada ukuran yang dinyatakannya"));
    part.take(declared + 1).read_to_end(&mut bytes).map_err(|_| damaged())?;
    if bytes.len() as u64 > declared {
        return Err(damaged());
    }
    Ok(bytes)
}

/// Where the workbook's first sheet is: `xl/workbook.xml` names it, `xl/_rels/workbook.xml.rels`
/// gives its path. Files without those parts fall back to the usual `xl/worksheets/sheet1.xml`.
fn first_sheet_path(archive: &mut ZipArchive<Cursor<&[u8]>>) -> Result<String, ImportProblem> {
    const FALLBACK: &str = "xl/worksheets/sheet1.xml";
    let (Some(workbook), Some(relationships)) =
        (find_part(archive, "xl/workbook.xml"), find_part(archive, "xl/_rels/workbook.xml.rels"))
    else {
        return Ok(FALLBACK.to_owned());
    };
    let workbook = read_part(archive, &workbook, MAX_SMALL_PART_BYTES)?;
    let Some(relationship_id) = first_attribute(&workbook, "sheet", "id")? else {
        return Err(unreadable("buku kerja tidak berisi lembar kerja"));
    };
    let relationships = read_part(archive, &relationships, MAX_SMALL_PART_BYTES)?;
    let mut reader = quick_xml::Reader::from_reader(relationships.as_slice());
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer).map_err(|error| unreadable(&error.to_string()))? {
            Event::Start(element) | Event::Empty(element)
                if element.local_name().as_ref() == "Relationship"
                    && attribute(&element, "Id")?.as_deref() == Some(relationship_id.as_str()) =>
            {
                let target = attribute(&element, "Target")?.unwrap_or_default();
                return Ok(match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_owned(),
                    None => format!("xl/{}", target.trim_start_matches("./")),
                });
            }
            Event::Eof => return Ok(FALLBACK.to_owned()),
            _ => {}
        }
        buffer.clear();
    }
}

/// The value of attribute `name` (local name, any prefix) on the first element named `element`.
fn first_attribute(xml: &[u8], element: &str, name: &str) -> Result<Option<String>, ImportProblem> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer).map_err(|error| unreadable(&error.to_string()))? {
            Event::Start(found) | Event::Empty(found) if found.local_name().as_ref() == element => {
                return attribute(&found, name);
            }
            Event::Eof => return Ok(None),
            _ => {}
        }
        buffer.clear();
    }
}

/// An attribute's unescaped value, by local name (so `r:id` is found as `id`).
fn attribute(element: &BytesStart<'_>, name: &str) -> Result<Option<String>, ImportProblem> {
    for found in element.attributes() {
        let found = found.map_err(|error| unreadable(&error.to_string()))?;
        if found.key.local_name().as_ref() == name {
            let value = found
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|error| unreadable(&error.to_string()))?;
            return Ok(Some(value.into_owned()));
        }
    }
    Ok(None)
}

/// Appends an entity or character reference (`&amp;`, `&#233;`) to `text`.
fn push_reference(reference: &BytesRef<'_>, text: &mut String) -> Result<(), ImportProblem> {
    if let Some(character) = reference.resolve_char_ref().map_err(|error| unreadable(&error.to_string()))? {
        text.push(character);
    } else if let Some(resolved) = quick_xml::escape::resolve_predefined_entity(reference) {
        text.push_str(resolved);
    } else {
        return Err(unreadable(&format!("entitas `&{};` tidak dikenal", &**reference)));
    }
    Ok(())
}

/// Appends to a cell's text, refusing a text longer than a spreadsheet cell can hold.
fn push_text(text: &mut String, more: &str) -> Result<(), ImportProblem> {
    if text.len() + more.len() > MAX_CELL_CHARS * 4 || text.chars().count() + more.chars().count() > MAX_CELL_CHARS {
        return Err(too_large(&format!("sebuah teks lebih dari {MAX_CELL_CHARS} karakter")));
    }
    text.push_str(more);
    Ok(())
}

/// The shared strings (`<si>` items: plain `<t>` or rich-text runs; phonetic runs left out).
fn read_shared_strings(xml: &[u8]) -> Result<Vec<String>, ImportProblem> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buffer = Vec::new();
    let mut strings = Vec::new();
    let mut current: Option<String> = None;
    let (mut in_text, mut in_phonetic) = (false, false);
    loop {
        match reader.read_event_into(&mut buffer).map_err(|error| unreadable(&error.to_string()))? {
            Event::Start(element) => match element.local_name().as_ref() {
                "si" => current = Some(String::new()),
                "t" => in_text = current.is_some() && !in_phonetic,
                "rPh" => in_phonetic = true,
                _ => {}
            },
            Event::Empty(element) if element.local_name().as_ref() == "si" => {
                strings.push(String::new());
            }
            Event::End(element) => match element.local_name().as_ref() {
                "si" => {
                    if strings.len() >= MAX_CELLS {
                        return Err(too_many_cells());
                    }
                    strings.push(current.take().unwrap_or_default());
                }
                "t" => in_text = false,
                "rPh" => in_phonetic = false,
                _ => {}
            },
            Event::Text(text) if in_text => {
                if let Some(current) = current.as_mut() {
                    push_text(current, &text.xml10_content())?;
                }
            }
            Event::CData(text) if in_text => {
                if let Some(current) = current.as_mut() {
                    push_text(current, &text.xml10_content())?;
                }
            }
            Event::GeneralRef(reference) if in_text => {
                if let Some(current) = current.as_mut() {
                    push_reference(&reference, current)?;
                }
            }
            Event::Eof => return Ok(strings),
            _ => {}
        }
        buffer.clear();
    }
}

/// A cell reference such as `AB12`: zero-based (column, row).
fn cell_position(reference: &str) -> Option<(u64, u64)> {
    let letters = reference.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (column, row) = reference.split_at(letters);
    if letters == 0 || letters > 3 || row.is_empty() || !row.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let column = column.bytes().fold(0_u64, |sum, letter| sum * 26 + u64::from(letter.to_ascii_uppercase() - b'A' + 1));
    let row: u64 = row.parse().ok()?;
    (row >= 1).then(|| (column - 1, row - 1))
}

/// The cell being read: its position, its type attribute and the text gathered so far.
struct OpenCell {
    column: u64,
    row: u64,
    kind: String,
    text: String,
}

impl OpenCell {
    /// The cell's value as the import reads it (see [`super::read_sheet`]).
    fn value(self, shared_strings: &[String]) -> Result<String, ImportProblem> {
        let raw = self.text;
        Ok(match self.kind.as_str() {
            "s" => {
                let index: usize = raw.trim().parse().map_err(|_| unreadable("indeks teks bersama tidak valid"))?;
                let text = shared_strings.get(index).ok_or_else(|| unreadable("indeks teks bersama di luar daftar"))?;
                text.trim().to_owned()
            }
            "b" => match raw.trim() {
                "1" => "true".to_owned(),
                "0" => "false".to_owned(),
                other => other.to_owned(),
            },
            "" | "n" => match raw.trim().parse::<f64>() {
                // The shortest text that reads back as the same double: 72.34 stays "72.34".
                Ok(number) if number.is_finite() => number.to_string(),
                _ => raw.trim().to_owned(),
            },
            // Inline strings, formula strings, errors (`#N/A`) and ISO dates: their text.
            _ => raw.trim().to_owned(),
        })
    }
}

/// The non-empty cells of a worksheet part, row by row.
fn read_worksheet(xml: &[u8], shared_strings: &[String]) -> Result<Sheet, ImportProblem> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buffer = Vec::new();
    let mut rows = RowsBuilder::default();
    // The position the next cell takes when its `r` attribute is missing.
    let (mut next_row, mut next_column) = (0_u64, 0_u64);
    let mut cell: Option<OpenCell> = None;
    // Inside `<v>`, or inside `<t>` of an inline string (phonetic runs left out).
    let (mut in_value, mut in_phonetic) = (false, false);
    loop {
        match reader.read_event_into(&mut buffer).map_err(|error| unreadable(&error.to_string()))? {
            Event::Start(element) => match element.local_name().as_ref() {
                "row" => {
                    next_row = row_number(&element)?.unwrap_or(next_row);
                    next_column = 0;
                }
                "c" => {
                    let (column, row) = match attribute(&element, "r")? {
                        Some(reference) => cell_position(&reference)
                            .ok_or_else(|| unreadable(&format!("alamat sel `{reference}` tidak valid")))?,
                        None => (next_column, next_row),
                    };
                    let kind = attribute(&element, "t")?.unwrap_or_default();
                    next_column = column + 1;
                    cell = Some(OpenCell { column, row, kind, text: String::new() });
                }
                "v" | "t" => in_value = cell.is_some() && !in_phonetic,
                "rPh" => in_phonetic = true,
                _ => {}
            },
            Event::Empty(element) => match element.local_name().as_ref() {
                "row" => next_row = row_number(&element)?.map_or(next_row + 1, |row| row + 1),
                "c" => {
                    next_column = match attribute(&element, "r")?.as_deref().and_then(cell_position) {
                        Some((column, _)) => column + 1,
                        None => next_column + 1,
                    };
                }
                _ => {}
            },
            Event::End(element) => match element.local_name().as_ref() {
                "row" => next_row += 1,
                "c" => {
                    if let Some(open) = cell.take() {
                        let (column, row) = (open.column, open.row);
                        let value = open.value(shared_strings)?;
                        if !value.is_empty() {
                            rows.push(row, column, value)?;
                        }
                    }
                }
                "v" | "t" => in_value = false,
                "rPh" => in_phonetic = false,
                "sheetData" => break,
                _ => {}
            },
            Event::Text(text) if in_value => {
                if let Some(open) = cell.as_mut() {
                    push_text(&mut open.text, &text.xml10_content())?;
                }
            }
            Event::CData(text) if in_value => {
                if let Some(open) = cell.as_mut() {
                    push_text(&mut open.text, &text.xml10_content())?;
                }
            }
            Event::GeneralRef(reference) if in_value => {
                if let Some(open) = cell.as_mut() {
                    push_reference(&reference, &mut open.text)?;
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    Ok(rows.finish())
}

/// A `<row r="12">` element's zero-based row.
fn row_number(element: &BytesStart<'_>) -> Result<Option<u64>, ImportProblem> {
    match attribute(element, "r")? {
        None => Ok(None),
        Some(text) => match text.trim().parse::<u64>() {
            Ok(row) if row >= 1 => Ok(Some(row - 1)),
            _ => Err(unreadable(&format!("nomor baris `{}` tidak valid", text.chars().take(20).collect::<String>()))),
        },
    }
}

/// Builds the sheet's rows from cells that arrive in reading order, counting every cell a row's
/// dense form holds (its columns up to its last value) against [`MAX_CELLS`].
#[derive(Default)]
struct RowsBuilder {
    sheet: Sheet,
    /// Zero-based row of the row being filled.
    current_row: Option<u64>,
    n_cells: usize,
}

impl RowsBuilder {
    fn push(&mut self, row: u64, column: u64, value: String) -> Result<(), ImportProblem> {
        if column >= MAX_COLUMNS as u64 {
            return Err(super::problem(
                usize::try_from(row + 1).unwrap_or(usize::MAX),
                None,
                "cell_out_of_range",
                format!(
                    "Sel {}{} berisi nilai di luar kolom yang dibaca (paling jauh kolom {}). Hapus isi sel itu lalu unggah lagi.",
                    column_name(column),
                    row + 1,
                    column_name(MAX_COLUMNS as u64 - 1),
                ),
            ));
        }
        if self.current_row.is_some_and(|current| row < current) {
            return Err(unreadable("baris-baris lembar kerja tidak berurutan"));
        }
        if self.current_row != Some(row) {
            self.current_row = Some(row);
            self.sheet.rows.push((usize::try_from(row + 1).unwrap_or(usize::MAX), Vec::new()));
        }
        let cells = &mut self.sheet.rows.last_mut().expect("a row was pushed for the current row").1;
        let column = usize::try_from(column).expect("a column below MAX_COLUMNS fits usize");
        if column < cells.len() {
            return Err(unreadable(&format!(
                "sel {}{} tidak berurutan atau berulang",
                column_name(column as u64),
                row + 1
            )));
        }
        self.n_cells += column + 1 - cells.len();
        if self.n_cells > MAX_CELLS {
            return Err(too_many_cells());
        }
        cells.resize(column, String::new());
        cells.push(value);
        Ok(())
    }

    fn finish(self) -> Sheet {
        self.sheet
    }
}
