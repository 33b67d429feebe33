//! Spreadsheet-like movement between cells and the fill counter.

/// A move of the focused cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
    Left,
    Right,
    /// Tab: right, then the first column of the next row.
    Next,
    /// Shift+Tab: left, then the last column of the previous row.
    Previous,
}

/// The move a key asks for. Left and right arrows move only when the caret is at the start or end
/// of the text (`caret_at_start`, `caret_at_end`), so editing inside a value still works.
pub fn key_move(key: &str, shift: bool, caret_at_start: bool, caret_at_end: bool) -> Option<Move> {
    match key {
        "ArrowUp" => Some(Move::Up),
        "ArrowDown" => Some(Move::Down),
        "ArrowLeft" if caret_at_start => Some(Move::Left),
        "ArrowRight" if caret_at_end => Some(Move::Right),
        "Enter" if shift => Some(Move::Up),
        "Enter" => Some(Move::Down),
        "Tab" if shift => Some(Move::Previous),
        "Tab" => Some(Move::Next),
        _ => None,
    }
}

/// The cell a move lands on in a grid of `n_rows` × `n_columns`; `None` at the grid's edge for
/// Tab (so the focus can leave the grid) and the same cell for the arrows.
pub fn move_focus(row: usize, column: usize, step: Move, n_rows: usize, n_columns: usize) -> Option<(usize, usize)> {
    if n_rows == 0 || n_columns == 0 {
        return None;
    }
    let last_row = n_rows - 1;
    let last_column = n_columns - 1;
    match step {
        Move::Up => Some((row.saturating_sub(1), column)),
        Move::Down => Some(((row + 1).min(last_row), column)),
        Move::Left => Some((row, column.saturating_sub(1))),
        Move::Right => Some((row, (column + 1).min(last_column))),
        Move::Next if column < last_column => Some((row, column + 1)),
        Move::Next if row < last_row => Some((row + 1, 0)),
        Move::Next => None,
        Move::Previous if column > 0 => Some((row, column - 1)),
        Move::Previous if row > 0 => Some((row - 1, last_column)),
        Move::Previous => None,
    }
}

/// "37/38 terisi" (or "37/38 filled").
pub fn filled_text(filled: usize, total: usize, lang: crate::i18n::Lang) -> String {
    match lang {
        crate::i18n::Lang::Id => format!("{filled}/{total} terisi"),
        crate::i18n::Lang::En => format!("{filled}/{total} filled"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_moves_like_a_spreadsheet() {
        assert_eq!(key_move("ArrowDown", false, false, false), Some(Move::Down));
        assert_eq!(key_move("Enter", false, false, false), Some(Move::Down));
        assert_eq!(key_move("Enter", true, false, false), Some(Move::Up));
        assert_eq!(key_move("Tab", false, false, false), Some(Move::Next));
        assert_eq!(key_move("Tab", true, false, false), Some(Move::Previous));
        assert_eq!(key_move("ArrowLeft", false, false, true), None, "caret inside the text");
        assert_eq!(key_move("ArrowLeft", false, true, true), Some(Move::Left));
        assert_eq!(key_move("ArrowRight", false, false, true), Some(Move::Right));
        assert_eq!(key_move("a", false, true, true), None);
    }

    #[test]
    fn moves_stay_inside_the_grid_and_tab_wraps_rows() {
        assert_eq!(move_focus(0, 0, Move::Up, 3, 2), Some((0, 0)));
        assert_eq!(move_focus(2, 1, Move::Down, 3, 2), Some((2, 1)));
        assert_eq!(move_focus(1, 0, Move::Down, 3, 2), Some((2, 0)));
        assert_eq!(move_focus(1, 1, Move::Right, 3, 2), Some((1, 1)));
        assert_eq!(move_focus(0, 1, Move::Next, 3, 2), Some((1, 0)));
        assert_eq!(move_focus(1, 0, Move::Previous, 3, 2), Some((0, 1)));
        assert_eq!(move_focus(2, 1, Move::Next, 3, 2), None);
        assert_eq!(move_focus(0, 0, Move::Previous, 3, 2), None);
        assert_eq!(move_focus(0, 0, Move::Down, 0, 2), None);
    }

    #[test]
    fn the_counter_reads_filled_of_total() {
        assert_eq!(filled_text(37, 38, crate::i18n::Lang::Id), "37/38 terisi");
        assert_eq!(filled_text(0, 38, crate::i18n::Lang::En), "0/38 filled");
    }
}
