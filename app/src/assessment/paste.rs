//! Reading a block copied from a spreadsheet (Excel, Google Sheets, LibreOffice): rows separated
//! by line breaks, cells by tabs; a cell holding a tab, a line break or a quote is written in
//! double quotes with inner quotes doubled. Where the block lands in the grid is
//! [`paste_targets`]. Each pasted cell is then read like a typed one ([`super::cell::check_cell`]).

/// The rows and cells of a copied block. A trailing line break (spreadsheets add one) does not
/// make an empty last row; cells are trimmed.
pub fn parse_clipboard(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut in_quotes = false;
    let mut cell_started = false;
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => in_quotes = false,
                other => cell.push(other),
            }
            continue;
        }
        match c {
            '"' if !cell_started => {
                in_quotes = true;
                cell_started = true;
            }
            '\t' => {
                row.push(cell.trim().to_string());
                cell.clear();
                cell_started = false;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                row.push(cell.trim().to_string());
                rows.push(std::mem::take(&mut row));
                cell.clear();
                cell_started = false;
            }
            other => {
                if !other.is_whitespace() {
                    cell_started = true;
                }
                cell.push(other);
            }
        }
    }
    if cell_started || !cell.trim().is_empty() || !row.is_empty() {
        row.push(cell.trim().to_string());
        rows.push(row);
    }
    rows
}

/// One cell a paste writes: grid row, grid column, text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasteTarget {
    pub row: usize,
    pub column: usize,
    pub text: String,
}

/// Where a copied block lands when pasted at (`start_row`, `start_column`): downward and to the
/// right, clipped to the grid (`n_rows` × `n_columns`), skipping columns that may not be edited.
/// The second value counts the pasted cells that fell outside the grid or on a read-only column.
pub fn paste_targets(
    block: &[Vec<String>],
    start_row: usize,
    start_column: usize,
    n_rows: usize,
    n_columns: usize,
    editable: impl Fn(usize) -> bool,
) -> (Vec<PasteTarget>, usize) {
    let mut targets = Vec::new();
    let mut dropped = 0;
    for (row_offset, cells) in block.iter().enumerate() {
        for (column_offset, text) in cells.iter().enumerate() {
            let row = start_row + row_offset;
            let column = start_column + column_offset;
            if row < n_rows && column < n_columns && editable(column) {
                targets.push(PasteTarget { row, column, text: text.clone() });
            } else {
                dropped += 1;
            }
        }
    }
    (targets, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&[&str]]) {
        let expected: Vec<Vec<String>> =
            expected.iter().map(|row| row.iter().map(|cell| cell.to_string()).collect()).collect();
        assert_eq!(parse_clipboard(text), expected, "{text:?}");
    }

    #[test]
    fn a_column_from_excel_is_one_cell_per_line() {
        check("85,5\r\n90\r\n77,25\r\n", &[&["85,5"], &["90"], &["77,25"]]);
        check("85,5\n90\n77,25", &[&["85,5"], &["90"], &["77,25"]]);
    }

    #[test]
    fn tabs_separate_columns_and_empty_cells_are_kept() {
        check("1\t2\n\t4\n5\t\n", &[&["1", "2"], &["", "4"], &["5", ""]]);
        check("\n\n", &[&[""], &[""]]);
        check("", &[]);
    }

    #[test]
    fn quoted_cells_keep_tabs_line_breaks_and_quotes() {
        check("\"a\tb\"\t\"say \"\"hi\"\"\"\n\"two\nlines\"\n", &[&["a\tb", "say \"hi\""], &["two\nlines"]]);
    }

    #[test]
    fn blanks_around_cells_are_trimmed() {
        check(" 85 \t 90,5 \n", &[&["85", "90,5"]]);
    }

    #[test]
    fn a_block_fills_downward_and_right_clipped_to_the_grid() {
        let block = parse_clipboard("1\t2\n3\t4\n5\t6\n");
        let (targets, dropped) = paste_targets(&block, 1, 1, 3, 3, |_| true);
        let cells: Vec<(usize, usize, &str)> = targets.iter().map(|t| (t.row, t.column, t.text.as_str())).collect();
        assert_eq!(cells, vec![(1, 1, "1"), (1, 2, "2"), (2, 1, "3"), (2, 2, "4")]);
        assert_eq!(dropped, 2);
    }

    #[test]
    fn read_only_columns_are_skipped() {
        let block = parse_clipboard("1\t2\n");
        let (targets, dropped) = paste_targets(&block, 0, 0, 5, 2, |column| column == 0);
        assert_eq!(targets, vec![PasteTarget { row: 0, column: 0, text: "1".into() }]);
        assert_eq!(dropped, 1);
    }
}
