//! Published results as the "Peringkat", unit and dashboard pages use them: exact fixed-point
//! numbers, rank movement since the previous published period, sorting, filtering, and the
//! read-only mentoring views (watch-list and reward list). Pure: no DOM, no network; the pages
//! only wire signals to these functions (`cargo test -p app`).
//!
//! Numbers are kept as scaled integers read from the API's decimal text (a total `84.15` is
//! `8415` cents, a spirit score `85.1234` is `851234` ten-thousandths), so nothing displayed or
//! compared here drifts through binary floating point.

use std::cmp::Ordering;
use std::collections::HashMap;

/// The CETTAR spirits' own names by rubric code (DOMAIN.md section 2). They are the domain's
/// words and stay Indonesian in both languages; an unknown code (a future rubric) shows its code.
pub fn spirit_name(code: &str) -> &str {
    match code {
        "C" => "Cepat",
        "E" => "Efektif & Efisien",
        "T" => "Tanggap",
        "TR" => "Transparan",
        "A" => "Akuntabel",
        "R" => "Responsif",
        other => other,
    }
}

/// The grade letters, best first.
pub const GRADES: [&str; 5] = ["A", "B", "C", "D", "E"];

/// A plain decimal text (`84.15`, `100`, `-0.5`) times `10^decimals`; `None` when it is not a
/// decimal or has more than `decimals` decimals.
pub fn parse_scaled(text: &str, decimals: u32) -> Option<i64> {
    let (negative, digits) = match text.trim().strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.trim()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty()
        || fraction.len() > decimals as usize
        || !whole.bytes().chain(fraction.bytes()).all(|byte| byte.is_ascii_digit())
    {
        return None;
    }
    let magnitude: i64 = format!("{whole}{fraction:0<width$}", width = decimals as usize).parse().ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

/// One spirit of a ranked unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpiritCell {
    pub code: String,
    /// Spirit score 0–100 in ten-thousandths (`85.1234` → `851234`).
    pub score: i64,
    /// Points of the total in cents.
    pub contribution: i64,
}

/// One line of a published ranking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RankedUnit {
    pub rank: i64,
    pub code: String,
    pub name: String,
    /// Total in cents (`84.15` → `8415`).
    pub total: i64,
    pub grade: String,
    pub category: String,
    pub complete: bool,
    pub spirits: Vec<SpiritCell>,
}

impl RankedUnit {
    /// The score of one spirit, if the unit has it.
    pub fn spirit_score(&self, spirit_idx: usize) -> Option<i64> {
        self.spirits.get(spirit_idx).map(|spirit| spirit.score)
    }
}

/// How a unit moved since the previous published period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Movement {
    /// There is no previous published period for this population: nothing to compare.
    NoPrevious,
    /// The previous period exists but did not rank this unit.
    New,
    /// `places` > 0: up that many ranks; < 0: down; 0: same rank. `points` is the change of the
    /// total in cents.
    Moved { places: i64, points: i64 },
}

impl Movement {
    /// The arrow shown (text, never colour alone): ▲ up, ▼ down, ＝ same, — nothing to compare.
    pub fn arrow(self) -> &'static str {
        match self {
            Movement::NoPrevious => "—",
            Movement::New => "",
            Movement::Moved { places, .. } if places > 0 => "▲",
            Movement::Moved { places, .. } if places < 0 => "▼",
            Movement::Moved { .. } => "＝",
        }
    }

    /// Sort value: better movement is larger; units without a comparison sort last either way.
    fn sort_value(self) -> Option<(i64, i64)> {
        match self {
            Movement::Moved { places, points } => Some((places, points)),
            _ => None,
        }
    }
}

/// The rank and total (cents) of every unit in the previous published period, by unit code.
pub type PreviousRanking = HashMap<String, (i64, i64)>;

/// Builds the previous-period lookup from its ranking.
pub fn previous_ranking(rows: &[RankedUnit]) -> PreviousRanking {
    rows.iter().map(|row| (row.code.clone(), (row.rank, row.total))).collect()
}

/// A unit's movement against the previous period (`None`: there is no previous period).
pub fn movement(row: &RankedUnit, previous: Option<&PreviousRanking>) -> Movement {
    match previous {
        None => Movement::NoPrevious,
        Some(previous) => match previous.get(&row.code) {
            None => Movement::New,
            Some(&(previous_rank, previous_total)) => {
                Movement::Moved { places: previous_rank - row.rank, points: row.total - previous_total }
            }
        },
    }
}

/// A sortable column of the ranking table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    Rank,
    Unit,
    Total,
    Grade,
    /// The spirit at this position (rubric order).
    Spirit(usize),
    Movement,
    Complete,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Ascending,
    Descending,
}

/// The current sort of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub direction: Direction,
}

impl Default for Sort {
    /// The official order: by rank (ties by name, as the server lists them).
    fn default() -> Sort {
        Sort { key: SortKey::Rank, direction: Direction::Ascending }
    }
}

impl Sort {
    /// The sort after activating a column header: the same column flips direction; another
    /// column starts in its natural direction (best first for numbers, A→Z for names).
    pub fn toggled(self, key: SortKey) -> Sort {
        if self.key == key {
            let direction = match self.direction {
                Direction::Ascending => Direction::Descending,
                Direction::Descending => Direction::Ascending,
            };
            return Sort { key, direction };
        }
        let direction = match key {
            SortKey::Rank | SortKey::Unit | SortKey::Grade => Direction::Ascending,
            SortKey::Total | SortKey::Spirit(_) | SortKey::Movement | SortKey::Complete => Direction::Descending,
        };
        Sort { key, direction }
    }

    /// The `aria-sort` value of a column header.
    pub fn aria_sort(self, key: SortKey) -> &'static str {
        match (self.key == key, self.direction) {
            (false, _) => "none",
            (true, Direction::Ascending) => "ascending",
            (true, Direction::Descending) => "descending",
        }
    }
}

/// Orders row indices by `sort`; ties keep the official order (rank, then name).
pub fn sorted_indices(rows: &[RankedUnit], movements: &[Movement], sort: Sort) -> Vec<usize> {
    let official =
        |a: usize, b: usize| rows[a].rank.cmp(&rows[b].rank).then_with(|| compare_names(&rows[a].name, &rows[b].name));
    engine::order::sorted_indices(rows.len(), &mut |a, b| {
        let ordering = match sort.key {
            SortKey::Rank => rows[a].rank.cmp(&rows[b].rank),
            SortKey::Unit => compare_names(&rows[a].name, &rows[b].name),
            SortKey::Total => rows[a].total.cmp(&rows[b].total),
            SortKey::Grade => rows[a].grade.cmp(&rows[b].grade),
            SortKey::Spirit(spirit_idx) => rows[a].spirit_score(spirit_idx).cmp(&rows[b].spirit_score(spirit_idx)),
            SortKey::Complete => rows[a].complete.cmp(&rows[b].complete),
            SortKey::Movement => {
                let (left, right) =
                    (movements.get(a).and_then(|m| m.sort_value()), movements.get(b).and_then(|m| m.sort_value()));
                // Units without a comparison go last in both directions.
                match (left, right) {
                    (Some(left), Some(right)) => left.cmp(&right),
                    (Some(_), None) => return Ordering::Less,
                    (None, Some(_)) => return Ordering::Greater,
                    (None, None) => Ordering::Equal,
                }
            }
        };
        let ordering = match sort.direction {
            Direction::Ascending => ordering,
            Direction::Descending => ordering.reverse(),
        };
        ordering.then_with(|| official(a, b))
    })
}

/// Case-insensitive comparison of unit names (so "kota Batu" sorts with "Kota Blitar").
pub fn compare_names(left: &str, right: &str) -> Ordering {
    left.to_lowercase().cmp(&right.to_lowercase()).then_with(|| left.cmp(right))
}

/// What the table shows: one grade (or all) and a search text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// A grade letter, or `None` for every grade.
    pub grade: Option<String>,
    /// Words that must all appear in the unit's name or code (case-insensitive).
    pub search: String,
}

impl Filter {
    pub fn matches(&self, row: &RankedUnit) -> bool {
        if let Some(grade) = &self.grade
            && &row.grade != grade
        {
            return false;
        }
        let haystack = format!("{} {}", row.name, row.code).to_lowercase();
        self.search.to_lowercase().split_whitespace().all(|word| haystack.contains(word))
    }
}

/// Number of units per grade, in [`GRADES`] order.
pub fn grade_distribution(rows: &[RankedUnit]) -> [usize; 5] {
    let mut counts = [0; 5];
    for row in rows {
        if let Some(grade_idx) = GRADES.iter().position(|grade| *grade == row.grade) {
            counts[grade_idx] += 1;
        }
    }
    counts
}

/// The mean of each spirit's score over the units, in hundredths (half-up), in the spirit order
/// of the first unit: `(code, mean)`.
pub fn spirit_averages(rows: &[RankedUnit]) -> Vec<(String, i64)> {
    let Some(first) = rows.first() else { return Vec::new() };
    first
        .spirits
        .iter()
        .enumerate()
        .map(|(spirit_idx, spirit)| {
            let scores: Vec<i64> = rows.iter().filter_map(|row| row.spirit_score(spirit_idx)).collect();
            (spirit.code.clone(), mean_half_up(&scores, 100))
        })
        .collect()
}

/// The mean of the totals (cents), half-up; `None` for no units.
pub fn average_total(rows: &[RankedUnit]) -> Option<i64> {
    if rows.is_empty() {
        return None;
    }
    let totals: Vec<i64> = rows.iter().map(|row| row.total).collect();
    Some(mean_half_up(&totals, 1))
}

/// `Σ values / len / divisor`, rounded half-up (values are non-negative scores).
fn mean_half_up(values: &[i64], divisor: i64) -> i64 {
    if values.is_empty() {
        return 0;
    }
    let sum: i128 = values.iter().map(|&value| i128::from(value)).sum();
    let denominator = i128::try_from(values.len()).unwrap_or(i128::MAX) * i128::from(divisor);
    i64::try_from((2 * sum + denominator).div_euclid(2 * denominator)).unwrap_or(0)
}

/// Why a unit is on the mentoring watch-list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WatchReason {
    /// Graded C or below (*Cukup Cettar* or lower).
    LowGrade,
    /// The total fell by more than the threshold since the previous period (cents fallen).
    Falling { points: i64 },
}

/// A unit on the watch-list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WatchEntry {
    pub row_idx: usize,
    pub reasons: Vec<WatchReason>,
}

/// Units graded C, D or E, or whose total fell by more than `fall_threshold` cents since the
/// previous period, lowest total first.
pub fn watch_list(rows: &[RankedUnit], movements: &[Movement], fall_threshold: i64) -> Vec<WatchEntry> {
    let mut entries: Vec<WatchEntry> = rows
        .iter()
        .enumerate()
        .filter_map(|(row_idx, row)| {
            let mut reasons = Vec::new();
            if matches!(row.grade.as_str(), "C" | "D" | "E") {
                reasons.push(WatchReason::LowGrade);
            }
            if let Some(Movement::Moved { points, .. }) = movements.get(row_idx)
                && -points > fall_threshold
            {
                reasons.push(WatchReason::Falling { points: -points });
            }
            (!reasons.is_empty()).then_some(WatchEntry { row_idx, reasons })
        })
        .collect();
    engine::order::sort_by(&mut entries, |a, b| {
        rows[a.row_idx]
            .total
            .cmp(&rows[b.row_idx].total)
            .then_with(|| compare_names(&rows[a.row_idx].name, &rows[b.row_idx].name))
    });
    entries
}

/// The units ranked `top_n` or better (ties at the cut are all included), by rank then name.
pub fn reward_list(rows: &[RankedUnit], top_n: i64) -> Vec<usize> {
    let mut indices: Vec<usize> = (0..rows.len()).filter(|&row_idx| rows[row_idx].rank <= top_n).collect();
    engine::order::sort_by(&mut indices, |&a, &b| {
        rows[a].rank.cmp(&rows[b].rank).then_with(|| compare_names(&rows[a].name, &rows[b].name))
    });
    indices
}

/// A four-decimal score (ten-thousandths) rounded half-up to hundredths, for a compact display.
pub fn score_hundredths(score_ten_thousandths: i64) -> i64 {
    (2 * score_ten_thousandths + 100).div_euclid(200)
}

/// A band of the 0–100 scale for colouring a heat-map cell, named after the grade it would
/// earn (`a`…`e`); the number is always printed in the cell as well.
pub fn score_band(score_ten_thousandths: i64) -> &'static str {
    match score_ten_thousandths {
        score if score >= 81_0000 => "a",
        score if score >= 61_0000 => "b",
        score if score >= 41_0000 => "c",
        score if score >= 21_0000 => "d",
        _ => "e",
    }
}

/// A ranked unit for tests of the ranking functions and of the pages that show them.
#[cfg(test)]
pub(crate) fn test_unit(
    rank: i64,
    code: &str,
    name: &str,
    total: i64,
    grade: &str,
    spirits: &[(&str, i64)],
) -> RankedUnit {
    RankedUnit {
        rank,
        code: code.to_owned(),
        name: name.to_owned(),
        total,
        grade: grade.to_owned(),
        category: String::new(),
        complete: true,
        spirits: spirits
            .iter()
            .map(|&(code, score)| SpiritCell { code: code.to_owned(), score, contribution: 0 })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(rank: i64, name: &str, total: i64, grade: &str, spirit_scores: &[i64]) -> RankedUnit {
        let spirits: Vec<(&str, i64)> = ["C", "E"].into_iter().zip(spirit_scores.iter().copied()).collect();
        test_unit(rank, &name.to_lowercase().replace(' ', "-"), name, total, grade, &spirits)
    }

    /// Ties share a rank (1, 2, 2, 4), as the engine ranks them; the tie is listed by name.
    fn sample() -> Vec<RankedUnit> {
        vec![
            unit(1, "Kabupaten Banyuwangi", 8415, "A", &[90_0000, 80_0000]),
            unit(2, "Kota Batu", 7882, "B", &[70_0000, 85_0000]),
            unit(2, "Kota Malang", 7882, "B", &[75_0000, 60_0000]),
            unit(4, "Kabupaten Sampang", 5500, "C", &[50_0000, 55_0000]),
        ]
    }

    fn names(rows: &[RankedUnit], indices: &[usize]) -> Vec<String> {
        indices.iter().map(|&row_idx| rows[row_idx].name.clone()).collect()
    }

    #[test]
    fn decimal_text_becomes_exact_scaled_integers() {
        for (text, decimals, expected) in [
            ("84.15", 2, Some(8415)),
            ("72.34", 2, Some(7234)),
            ("100", 2, Some(10000)),
            ("85.1234", 4, Some(851234)),
            ("0.5", 4, Some(5000)),
            ("-1.25", 2, Some(-125)),
            ("1.234", 2, None),
            ("8,5", 2, None),
            ("", 2, None),
            ("abc", 2, None),
        ] {
            assert_eq!(parse_scaled(text, decimals), expected, "{text}");
        }
    }

    #[test]
    fn the_default_sort_is_the_official_order_with_ties_by_name() {
        let rows = sample();
        let indices = sorted_indices(&rows, &[], Sort::default());
        assert_eq!(names(&rows, &indices), ["Kabupaten Banyuwangi", "Kota Batu", "Kota Malang", "Kabupaten Sampang"]);
    }

    #[test]
    fn sorting_by_a_column_and_flipping_it() {
        let rows = sample();
        let by_total = Sort::default().toggled(SortKey::Total);
        assert_eq!(by_total.direction, Direction::Descending, "numbers start best first");
        assert_eq!(names(&rows, &sorted_indices(&rows, &[], by_total))[0], "Kabupaten Banyuwangi");
        let ascending = by_total.toggled(SortKey::Total);
        assert_eq!(ascending.direction, Direction::Ascending);
        // Ties keep the official order (by name) whichever way the column is sorted.
        assert_eq!(
            names(&rows, &sorted_indices(&rows, &[], ascending)),
            ["Kabupaten Sampang", "Kota Batu", "Kota Malang", "Kabupaten Banyuwangi"]
        );
        let by_name = Sort::default().toggled(SortKey::Unit);
        assert_eq!(
            names(&rows, &sorted_indices(&rows, &[], by_name)),
            ["Kabupaten Banyuwangi", "Kabupaten Sampang", "Kota Batu", "Kota Malang"]
        );
        let by_spirit_e = Sort::default().toggled(SortKey::Spirit(1));
        assert_eq!(names(&rows, &sorted_indices(&rows, &[], by_spirit_e))[0], "Kota Batu");
    }

    #[test]
    fn aria_sort_names_only_the_active_column() {
        let sort = Sort::default().toggled(SortKey::Total);
        assert_eq!(sort.aria_sort(SortKey::Total), "descending");
        assert_eq!(sort.aria_sort(SortKey::Rank), "none");
        assert_eq!(Sort::default().aria_sort(SortKey::Rank), "ascending");
    }

    #[test]
    fn filters_by_grade_and_by_every_search_word() {
        let rows = sample();
        let kept = |filter: &Filter| {
            rows.iter().filter(|row| filter.matches(row)).map(|row| row.name.as_str()).collect::<Vec<_>>()
        };
        assert_eq!(kept(&Filter::default()).len(), 4);
        assert_eq!(kept(&Filter { grade: Some("B".into()), search: String::new() }), ["Kota Batu", "Kota Malang"]);
        assert_eq!(kept(&Filter { grade: None, search: "  kota   MAL ".into() }), ["Kota Malang"]);
        assert_eq!(kept(&Filter { grade: Some("A".into()), search: "kota".into() }), Vec::<&str>::new());
        assert_eq!(
            kept(&Filter { grade: None, search: "kabupaten-sampang".into() }),
            ["Kabupaten Sampang"],
            "codes match too"
        );
    }

    #[test]
    fn movement_compares_rank_and_total_with_the_previous_period() {
        let rows = sample();
        assert_eq!(movement(&rows[0], None), Movement::NoPrevious);
        assert_eq!(Movement::NoPrevious.arrow(), "—");
        let previous: PreviousRanking = [
            ("kabupaten-banyuwangi".to_owned(), (3, 8000)),
            ("kota-batu".to_owned(), (1, 8000)),
            ("kota-malang".to_owned(), (2, 7882)),
        ]
        .into_iter()
        .collect();
        let moved: Vec<Movement> = rows.iter().map(|row| movement(row, Some(&previous))).collect();
        assert_eq!(moved[0], Movement::Moved { places: 2, points: 415 });
        assert_eq!(moved[1], Movement::Moved { places: -1, points: -118 });
        assert_eq!(moved[2], Movement::Moved { places: 0, points: 0 });
        assert_eq!(moved[3], Movement::New);
        assert_eq!(moved.iter().map(|m| m.arrow()).collect::<Vec<_>>(), ["▲", "▼", "＝", ""]);
        // Best movement first; units without a comparison last.
        let indices = sorted_indices(&rows, &moved, Sort::default().toggled(SortKey::Movement));
        assert_eq!(names(&rows, &indices), ["Kabupaten Banyuwangi", "Kota Malang", "Kota Batu", "Kabupaten Sampang"]);
        let indices =
            sorted_indices(&rows, &moved, Sort::default().toggled(SortKey::Movement).toggled(SortKey::Movement));
        assert_eq!(names(&rows, &indices).last().map(String::as_str), Some("Kabupaten Sampang"));
    }

    #[test]
    fn watch_list_takes_low_grades_and_falls_beyond_the_threshold() {
        let rows = sample();
        let none = vec![Movement::NoPrevious; rows.len()];
        let entries = watch_list(&rows, &none, 200);
        assert_eq!(entries, [WatchEntry { row_idx: 3, reasons: vec![WatchReason::LowGrade] }]);
        let moved = vec![
            Movement::Moved { places: 0, points: -201 },
            Movement::Moved { places: 0, points: -200 },
            Movement::New,
            Movement::Moved { places: -2, points: -500 },
        ];
        let entries = watch_list(&rows, &moved, 200);
        assert_eq!(
            entries,
            [
                WatchEntry { row_idx: 3, reasons: vec![WatchReason::LowGrade, WatchReason::Falling { points: 500 }] },
                WatchEntry { row_idx: 0, reasons: vec![WatchReason::Falling { points: 201 }] },
            ],
            "a fall of exactly the threshold is not 'more than' it; lowest total first"
        );
    }

    #[test]
    fn reward_list_includes_ties_at_the_cut() {
        let rows = sample();
        assert_eq!(names(&rows, &reward_list(&rows, 2)), ["Kabupaten Banyuwangi", "Kota Batu", "Kota Malang"]);
        assert_eq!(names(&rows, &reward_list(&rows, 1)), ["Kabupaten Banyuwangi"]);
        assert!(reward_list(&rows, 0).is_empty());
    }

    #[test]
    fn dashboard_aggregates_are_exact() {
        let rows = sample();
        assert_eq!(grade_distribution(&rows), [1, 2, 1, 0, 0]);
        assert_eq!(spirit_averages(&rows), [("C".to_owned(), 7125), ("E".to_owned(), 7000)]);
        // (8415 + 7882 + 7882 + 5500) / 4 = 7419.75 → 7420 cents.
        assert_eq!(average_total(&rows), Some(7420));
        assert_eq!(average_total(&[]), None);
        assert!(spirit_averages(&[]).is_empty());
        assert_eq!(
            (score_hundredths(85_1250), score_hundredths(85_1249), score_hundredths(100_0000)),
            (8513, 8512, 10000)
        );
        assert_eq!(
            (score_band(81_0000), score_band(80_9999), score_band(41_0000), score_band(0)),
            ("a", "b", "c", "e")
        );
    }
}
