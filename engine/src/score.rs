//! Exact scoring of one unit, and grades.

use std::fmt;

use crate::decimal::{Exact, div_round_half_up, format_scaled};
use crate::rubric::{Rounding, Rubric};
use crate::values::{IndicatorValue, UnitValues};

/// A total or contribution in hundredths of a point (`8100` is `81.00`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Cents(i64);

impl Cents {
    /// From hundredths.
    pub const fn new(hundredths: i64) -> Cents {
        Cents(hundredths)
    }
    /// Hundredths of a point.
    pub const fn hundredths(self) -> i64 {
        self.0
    }
}

impl fmt::Display for Cents {
    /// Always two decimals: `81.00`.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&format_scaled(i128::from(self.0), 2))
    }
}

/// Grade from the total (seed 000, section D.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grade {
    /// ≥ 81.00, *Sangat Cettar*.
    A,
    /// ≥ 61.00, *Cettar*.
    B,
    /// ≥ 41.00, *Cukup Cettar*.
    C,
    /// ≥ 21.00, *Kurang Cettar*.
    D,
    /// Below 21.00, *Tidak Cettar*.
    E,
}

impl Grade {
    /// All grades, best first.
    pub const ALL: [Grade; 5] = [Grade::A, Grade::B, Grade::C, Grade::D, Grade::E];

    /// Grade of a total.
    ///
    /// ```
    /// use engine::{Cents, Grade};
    /// assert_eq!(Grade::from_total(Cents::new(8100)), Grade::A);
    /// assert_eq!(Grade::from_total(Cents::new(8099)), Grade::B);
    /// ```
    pub fn from_total(total: Cents) -> Grade {
        match total.hundredths() {
            t if t >= 8100 => Grade::A,
            t if t >= 6100 => Grade::B,
            t if t >= 4100 => Grade::C,
            t if t >= 2100 => Grade::D,
            _ => Grade::E,
        }
    }

    /// Lowest total that earns this grade.
    pub fn threshold(self) -> Cents {
        Cents(match self {
            Grade::A => 8100,
            Grade::B => 6100,
            Grade::C => 4100,
            Grade::D => 2100,
            Grade::E => 0,
        })
    }

    /// The letter.
    pub fn letter(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
            Grade::E => "E",
        }
    }

    /// Parses a letter `A`–`E`.
    pub fn from_letter(letter: &str) -> Option<Grade> {
        Grade::ALL.into_iter().find(|grade| grade.letter() == letter)
    }

    /// Category name in Bahasa Indonesia (`Sangat Cettar`).
    pub fn category(self) -> &'static str {
        match self {
            Grade::A => "Sangat Cettar",
            Grade::B => "Cettar",
            Grade::C => "Cukup Cettar",
            Grade::D => "Kurang Cettar",
            Grade::E => "Tidak Cettar",
        }
    }
}

/// One indicator in a result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndicatorResult {
    /// Position in [`Rubric::indicators`].
    pub position: usize,
    /// The value, `None` if missing (scored 0).
    pub value: Option<IndicatorValue>,
    /// Exact score 0–100.
    pub score: Exact,
    /// Exact points of the total this indicator brings, before the spirit's rounding.
    pub points: Exact,
}

/// One spirit in a result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpiritResult {
    /// Position in [`Rubric::spirits`].
    pub position: usize,
    /// Exact spirit score 0–100: `Σ wᵢ·sᵢ / Σ wᵢ`.
    pub score: Exact,
    /// Exact contribution in points: `W_s × score / 100`.
    pub exact_contribution: Exact,
    /// Contribution rounded half-up to two decimals (what the per-spirit rule adds up).
    pub contribution: Cents,
}

/// What the total would be if every missing value were 0 (`min`) or full marks (`max`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TotalRange {
    /// Every missing value at 0 (equals the total).
    pub min: Cents,
    /// Every missing value at 100.
    pub max: Cents,
}

/// A unit's score, explaining itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitResult {
    /// Every indicator, in rubric order.
    pub indicators: Vec<IndicatorResult>,
    /// Every spirit, in rubric order.
    pub spirits: Vec<SpiritResult>,
    /// Total with two decimals.
    pub total: Cents,
    /// Grade of the total.
    pub grade: Grade,
    /// Positions of missing indicators.
    pub missing: Vec<usize>,
    /// Provisional range while values are missing (`min == max == total` when complete).
    pub range: TotalRange,
}

impl UnitResult {
    /// Whether every indicator had a value.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }
}

impl Rubric {
    /// The most points the indicator at `position` can add to the total (its score at 100),
    /// exactly: spirit weight × indicator weight ÷ the sum of the spirit's indicator weights.
    ///
    /// ```
    /// let rubric = engine::Rubric::parse_json(r#"{"schema":"sibekisar.rubric/v1","id":"d","name":"D",
    ///   "spirits":[{"code":"C","name":"Cepat","weight":100}],
    ///   "indicators":[{"code":"A","name":"A","spirit":"C","weight":1,"rule":{"kind":"boolean"}},
    ///                 {"code":"B","name":"B","spirit":"C","weight":2,"rule":{"kind":"boolean"}}]}"#).unwrap();
    /// assert_eq!(rubric.indicator_max_points(0).to_fixed(2), "33.33");
    /// assert_eq!(rubric.indicator_max_points(1).to_fixed(2), "66.67");
    /// ```
    ///
    /// # Panics
    /// If `position` is not an indicator position of this rubric (a programming error).
    pub fn indicator_max_points(&self, position: usize) -> Exact {
        let indicator = &self.indicators()[position];
        let plan = &self.spirits()[indicator.spirit_position()].plan;
        Exact::new(plan.multiplier * indicator.factor * indicator.full_numerator(), 100 * plan.divisor)
    }
}

/// Scores one unit with every explanation.
///
/// ```
/// let rubric = engine::Rubric::parse_json(r#"{"schema":"sibekisar.rubric/v1","id":"d","name":"D",
///   "spirits":[{"code":"C","name":"Cepat","weight":100}],
///   "indicators":[{"code":"IKM","name":"IKM","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":100}}]}"#).unwrap();
/// let values = engine::UnitValues::from_pairs(&rubric,
///     [("IKM", engine::RawValue::Number(engine::Decimal::parse("81").unwrap()))]).unwrap();
/// let result = engine::score_unit(&rubric, &values);
/// assert_eq!(result.total.to_string(), "81.00");
/// assert_eq!(result.grade.category(), "Sangat Cettar");
/// ```
///
/// # Panics
/// If `values` were built for another rubric (a programming error).
pub fn score_unit(rubric: &Rubric, values: &UnitValues) -> UnitResult {
    values.assert_shape(rubric);
    let numerators = values.numerators();
    let indicators = rubric
        .indicators()
        .iter()
        .enumerate()
        .map(|(position, indicator)| {
            let plan = &rubric.spirits()[indicator.spirit_position()].plan;
            let numerator = numerators[position];
            IndicatorResult {
                position,
                value: values.get(position),
                score: Exact::new(numerator, indicator.score_denominator),
                points: Exact::new(plan.multiplier * indicator.factor * numerator, 100 * plan.divisor),
            }
        })
        .collect();
    let spirits = rubric
        .spirits()
        .iter()
        .enumerate()
        .map(|(position, spirit)| {
            let numerator = spirit_numerator(rubric, position, numerators, None);
            let plan = &spirit.plan;
            SpiritResult {
                position,
                score: Exact::new(numerator, plan.score_denominator),
                exact_contribution: Exact::new(plan.multiplier * numerator, 100 * plan.divisor),
                contribution: Cents(div_round_half_up(plan.multiplier * numerator, plan.divisor) as i64),
            }
        })
        .collect();
    let missing: Vec<usize> = (0..values.len()).filter(|&p| values.get(p).is_none()).collect();
    let total = total_cents(rubric, numerators, None);
    let max = if missing.is_empty() { total } else { total_cents(rubric, numerators, Some(values)) };
    UnitResult {
        indicators,
        spirits,
        total,
        grade: Grade::from_total(total),
        missing,
        range: TotalRange { min: total, max },
    }
}

/// The total alone, without allocating: the fast path for ranking and searching.
///
/// ```
/// # let rubric = engine::Rubric::parse_json(r#"{"schema":"sibekisar.rubric/v1","id":"d","name":"D",
/// #  "spirits":[{"code":"C","name":"Cepat","weight":100}],
/// #  "indicators":[{"code":"IKM","name":"IKM","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":100}}]}"#).unwrap();
/// let values = engine::UnitValues::empty(&rubric);
/// assert_eq!(engine::score_total(&rubric, &values).hundredths(), 0);
/// ```
///
/// # Panics
/// If `values` were built for another rubric (a programming error).
pub fn score_total(rubric: &Rubric, values: &UnitValues) -> Cents {
    values.assert_shape(rubric);
    total_cents(rubric, values.numerators(), None)
}

/// `N_s = Σ kᵢ·pᵢ` for one spirit; with `fill_missing`, missing values count as full marks.
pub(crate) fn spirit_numerator(
    rubric: &Rubric,
    spirit_position: usize,
    numerators: &[i128],
    fill_missing: Option<&UnitValues>,
) -> i128 {
    let indicators = rubric.indicators();
    let mut sum: i128 = 0;
    for &position in rubric.spirits()[spirit_position].indicator_positions() {
        let indicator = &indicators[position];
        let numerator = match fill_missing {
            Some(values) if values.get(position).is_none() => indicator.full_numerator(),
            _ => numerators[position],
        };
        sum += indicator.factor * numerator;
    }
    sum
}

/// The total from dense numerators (exact; rounding per the rubric).
pub(crate) fn total_cents(rubric: &Rubric, numerators: &[i128], fill_missing: Option<&UnitValues>) -> Cents {
    match rubric.rounding() {
        Rounding::PerSpirit => {
            let mut total: i128 = 0;
            for (position, spirit) in rubric.spirits().iter().enumerate() {
                let numerator = spirit_numerator(rubric, position, numerators, fill_missing);
                total += div_round_half_up(spirit.plan.multiplier * numerator, spirit.plan.divisor);
            }
            Cents(total as i64)
        }
        Rounding::Total => {
            let mut sum: i128 = 0;
            for (position, spirit) in rubric.spirits().iter().enumerate() {
                let numerator = spirit_numerator(rubric, position, numerators, fill_missing);
                sum += spirit.plan.total_multiplier * numerator;
            }
            Cents(div_round_half_up(sum, rubric.total_divisor) as i64)
        }
    }
}
