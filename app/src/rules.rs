//! The grade table (the engine's grades as intervals) and the worked rounding example shown on
//! "Cara Penilaian" and "Beranda".
//!
//! This is explanatory content, not the scoring engine: official scores come from the `engine`
//! crate. The worked example is computed here with the same exact integer arithmetic the rule
//! describes (values in cents, half-up rounding per spirit), and the tests pin it to the numbers
//! in DOMAIN.md, so the page cannot silently drift from the rule it explains.
//!
//! Amounts in cents are written `81_00` (81,00 points) so the decimal point is visible.
#![allow(clippy::inconsistent_digit_grouping)]

use engine::{Cents, Grade};

use crate::i18n::Msg;

/// One grade band: totals from `lower_cents` to `upper_cents` inclusive (hundredths of a point).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GradeBand {
    pub grade: Grade,
    pub lower_cents: i64,
    pub upper_cents: i64,
}

impl GradeBand {
    /// The grade's letter (`A`).
    pub fn letter(&self) -> &'static str {
        self.grade.letter()
    }

    /// The grade's category in the interface's message table (`Sangat Cettar`).
    pub fn category(&self) -> Msg {
        crate::components::published::grade_category(self.grade.letter())
    }
}

/// The grade table, best first, from the engine's thresholds: each band ends one cent below the
/// next better one, the best at 100,00.
pub fn grade_bands() -> impl Iterator<Item = GradeBand> {
    let mut upper_cents = 100_00;
    Grade::ALL.into_iter().map(move |grade| {
        let lower_cents = grade.threshold().hundredths();
        let band = GradeBand { grade, lower_cents, upper_cents };
        upper_cents = lower_cents - 1;
        band
    })
}

/// One row of the worked example: a spirit with a single indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExampleRow {
    pub spirit_code: &'static str,
    pub spirit_name: &'static str,
    /// The spirit's weight in points (percent).
    pub spirit_weight: i64,
    /// The indicator's value in cents (81,00 → 8100).
    pub value_cents: i64,
    /// weight × value ÷ 100, exactly, in ten-thousandths of a point (20,2450 → 202450).
    pub exact_contribution: i64,
    /// The contribution rounded half up to cents (20,25 → 2025).
    pub rounded_contribution_cents: i64,
}

/// The worked example: all six spirits at 81 except Akuntabel at `akuntabel_value_cents`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkedExample {
    pub rows: Vec<ExampleRow>,
    pub total_cents: i64,
}

impl WorkedExample {
    pub fn grade(&self) -> Grade {
        Grade::from_total(Cents::new(self.total_cents))
    }
}

/// Computes the worked example of DOMAIN.md section 3 (kab/kota 2023 weights 20/20/15/5/25/15).
pub fn worked_example(akuntabel_value_cents: i64) -> WorkedExample {
    const SPIRITS: [(&str, &str, i64); 6] = [
        ("C", "Cepat", 20),
        ("E", "Efektif dan Efisien", 20),
        ("T", "Tanggap", 15),
        ("TR", "Transparan", 5),
        ("A", "Akuntabel", 25),
        ("R", "Responsif", 15),
    ];
    let rows: Vec<ExampleRow> = SPIRITS
        .iter()
        .map(|&(spirit_code, spirit_name, spirit_weight)| {
            let value_cents = if spirit_code == "A" { akuntabel_value_cents } else { 81_00 };
            // weight [%] × value [cents] = contribution in ten-thousandths of a point.
            let exact_contribution = spirit_weight * value_cents;
            ExampleRow {
                spirit_code,
                spirit_name,
                spirit_weight,
                value_cents,
                exact_contribution,
                rounded_contribution_cents: round_half_up(exact_contribution, 100),
            }
        })
        .collect();
    let total_cents = rows.iter().map(|row| row.rounded_contribution_cents).sum();
    WorkedExample { rows, total_cents }
}

/// Divides a non-negative `value` by `divisor`, rounding half up.
fn round_half_up(value: i64, divisor: i64) -> i64 {
    (value + divisor / 2) / divisor
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grade_bands_follow_the_domain_table() {
        let bands: Vec<(&str, i64, i64)> =
            grade_bands().map(|band| (band.letter(), band.lower_cents, band.upper_cents)).collect();
        assert_eq!(
            bands,
            [("A", 81_00, 100_00), ("B", 61_00, 80_99), ("C", 41_00, 60_99), ("D", 21_00, 40_99), ("E", 0, 20_99)]
        );
        assert_eq!(grade_bands().next().map(|band| band.category()), Some(Msg::GradeCategoryA));
    }

    #[test]
    fn worked_example_8098_reaches_a() {
        let example = worked_example(80_98);
        let akuntabel = example.rows.iter().find(|row| row.spirit_code == "A").unwrap();
        assert_eq!(akuntabel.exact_contribution, 20_2450);
        assert_eq!(akuntabel.rounded_contribution_cents, 20_25);
        assert_eq!(example.total_cents, 81_00);
        assert_eq!(example.grade(), Grade::A);
    }

    #[test]
    fn worked_example_8094_falls_to_b() {
        let example = worked_example(80_94);
        let akuntabel = example.rows.iter().find(|row| row.spirit_code == "A").unwrap();
        assert_eq!(akuntabel.exact_contribution, 20_2350);
        assert_eq!(akuntabel.rounded_contribution_cents, 20_24);
        assert_eq!(example.total_cents, 80_99);
        assert_eq!(example.grade(), Grade::B);
    }

    #[test]
    fn worked_example_weights_sum_to_100() {
        let example = worked_example(81_00);
        assert_eq!(example.rows.iter().map(|row| row.spirit_weight).sum::<i64>(), 100);
        assert_eq!(example.total_cents, 81_00);
    }
}
