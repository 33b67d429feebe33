//! What-if simulations and the marginal table.

use crate::decimal::{Decimal, Exact};
use crate::error::{Errors, FieldError};
use crate::rank::rank_among;
use crate::rubric::{Direction, Rubric, Rule};
use crate::score::{Cents, Grade, UnitResult, score_unit};
use crate::values::{IndicatorValue, RawValue, UnitValues};

/// One change in a what-if: set an indicator to a value, or mark it missing (`value: None`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValueChange<'a> {
    /// Indicator position.
    pub position: usize,
    /// New raw value; `None` makes it missing.
    pub value: Option<RawValue<'a>>,
}

/// The answer to "what happens to our grade if…".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WhatIf {
    /// Result with the baseline values.
    pub baseline: UnitResult,
    /// Result with the changes applied.
    pub scenario: UnitResult,
    /// The changed values.
    pub scenario_values: UnitValues,
    /// Per spirit: scenario contribution minus baseline contribution, in hundredths.
    pub spirit_deltas: Vec<i64>,
    /// Scenario total minus baseline total, in hundredths.
    pub total_delta: i64,
    /// Rank of the baseline total among the peers' totals.
    pub rank_before: usize,
    /// Rank of the scenario total among the peers' totals.
    pub rank_after: usize,
}

impl WhatIf {
    /// Whether the grade changes.
    pub fn grade_changed(&self) -> bool {
        self.baseline.grade != self.scenario.grade
    }
    /// Baseline and scenario grades.
    pub fn grades(&self) -> (Grade, Grade) {
        (self.baseline.grade, self.scenario.grade)
    }
}

/// Applies changes to a unit's values and compares the results.
///
/// `peer_totals` are the other units' totals (without this unit); ranks are 1 + the number of
/// peers strictly above.
///
/// # Errors
/// Each rejected change, with path `changes[i]`; nothing is applied then.
///
/// ```
/// # let rubric = engine::Rubric::parse_json(r#"{"schema":"sibekisar.rubric/v1","id":"d","name":"D",
/// #  "spirits":[{"code":"C","name":"Cepat","weight":100}],
/// #  "indicators":[{"code":"IKM","name":"IKM","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":100}}]}"#).unwrap();
/// use engine::{what_if, Cents, Decimal, RawValue, UnitValues, ValueChange};
/// let baseline = UnitValues::from_pairs(&rubric, [("IKM", RawValue::Number(Decimal::parse("80").unwrap()))]).unwrap();
/// let change = ValueChange { position: 0, value: Some(RawValue::Number(Decimal::parse("85").unwrap())) };
/// let answer = what_if(&rubric, &baseline, &[change], &[Cents::new(8200)]).unwrap();
/// assert_eq!(answer.total_delta, 500);
/// assert_eq!((answer.rank_before, answer.rank_after), (2, 1));
/// assert!(answer.grade_changed());
/// ```
pub fn what_if(
    rubric: &Rubric,
    baseline: &UnitValues,
    changes: &[ValueChange<'_>],
    peer_totals: &[Cents],
) -> Result<WhatIf, Errors> {
    let mut scenario_values = baseline.clone();
    let mut errors = Vec::new();
    for (change_index, change) in changes.iter().enumerate() {
        let field = format!("changes[{change_index}]");
        if change.position >= rubric.indicators().len() {
            errors.push(FieldError::new(
                field,
                crate::ErrorKind::UnknownIndicator { code: format!("#{}", change.position) },
            ));
            continue;
        }
        match change.value {
            None => scenario_values.clear(change.position),
            Some(raw) => {
                if let Err(kind) = scenario_values.set(rubric, change.position, raw) {
                    errors.push(FieldError::new(field, kind));
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    let baseline_result = score_unit(rubric, baseline);
    let scenario = score_unit(rubric, &scenario_values);
    let spirit_deltas = baseline_result
        .spirits
        .iter()
        .zip(&scenario.spirits)
        .map(|(before, after)| after.contribution.hundredths() - before.contribution.hundredths())
        .collect();
    Ok(WhatIf {
        total_delta: scenario.total.hundredths() - baseline_result.total.hundredths(),
        rank_before: rank_among(baseline_result.total, peer_totals),
        rank_after: rank_among(scenario.total, peer_totals),
        spirit_deltas,
        baseline: baseline_result,
        scenario,
        scenario_values,
    })
}

/// One row of the marginal table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarginalRow {
    /// Indicator position.
    pub position: usize,
    /// Exact points of the total gained per +1 point of indicator score (before the spirit's rounding,
    /// which can move the total by ±0.01).
    pub per_score_point: Exact,
    /// Exact points of the total per +1 raw unit in the scale's good direction (scale rules only,
    /// while below the target).
    pub per_raw_unit: Option<Exact>,
    /// Score points left to the best value (full marks, or the best label's points for a category).
    pub score_headroom: Exact,
    /// Raw units left to the target (scale rules only).
    pub raw_headroom: Option<Decimal>,
    /// The raw value that earns full marks: the target, the best label, or `true`.
    pub best_value: IndicatorValue,
}

/// For each indicator: what +1 score point and +1 raw unit are worth, and the headroom left.
///
/// ```
/// # let rubric = engine::Rubric::parse_json(r#"{"schema":"sibekisar.rubric/v1","id":"d","name":"D",
/// #  "spirits":[{"code":"C","name":"Cepat","weight":20},{"code":"E","name":"Efektif","weight":80}],
/// #  "indicators":[{"code":"IKM","name":"IKM","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":5}},
/// #                {"code":"X","name":"X","spirit":"E","weight":1,"rule":{"kind":"boolean"}}]}"#).unwrap();
/// let values = engine::UnitValues::empty(&rubric);
/// let table = engine::marginal_table(&rubric, &values);
/// assert_eq!(table[0].per_score_point.to_fixed(2), "0.20"); // 20 points of spirit C per 100 score points
/// assert_eq!(table[0].per_raw_unit.unwrap().to_fixed(2), "4.00"); // one raw unit is 20 score points
/// ```
///
/// # Panics
/// If `values` were built for another rubric (a programming error).
pub fn marginal_table(rubric: &Rubric, values: &UnitValues) -> Vec<MarginalRow> {
    values.assert_shape(rubric);
    rubric
        .indicators()
        .iter()
        .enumerate()
        .map(|(position, indicator)| {
            let plan = &rubric.spirits()[indicator.spirit_position()].plan;
            let per_score_point_numerator = plan.multiplier * indicator.factor * indicator.score_denominator;
            let per_score_point = Exact::new(per_score_point_numerator, 100 * plan.divisor);
            let numerator = values.numerators()[position];
            let (per_raw_unit, raw_headroom, best_value) = match indicator.rule() {
                Rule::Scale(scale) => {
                    // d(score)/d(raw) = 100 / span, so points per raw unit = per_score_point · 100·10^6 / span_micros.
                    let span = i128::from(scale.span_micros());
                    let per_raw = per_score_point_numerator
                        .checked_mul(1_000_000)
                        .zip(plan.divisor.checked_mul(span))
                        .map(|(n, d)| Exact::new(n, d));
                    let current = match values.get(position) {
                        Some(IndicatorValue::Number(number)) => number,
                        _ => scale.zero_point(),
                    };
                    let left = match scale.direction() {
                        Direction::Higher => scale.target().micros() - current.micros(),
                        Direction::Lower => current.micros() - scale.target().micros(),
                    };
                    let headroom = Decimal::from_micros(left.max(0));
                    (per_raw, headroom, IndicatorValue::Number(scale.target()))
                }
                Rule::Category(category) => {
                    let best = category
                        .labels()
                        .iter()
                        .enumerate()
                        .max_by(|(ia, a), (ib, b)| a.points.cmp(&b.points).then(ib.cmp(ia)))
                        .map(|(i, _)| i)
                        .unwrap_or(0);
                    (None, None, IndicatorValue::Label(best))
                }
                Rule::Boolean => (None, None, IndicatorValue::Boolean(true)),
            };
            // Headroom is measured to the best reachable value: a category whose best label earns
            // less than 100 can never gain more than that label's points.
            let best_numerator = rubric.numerator(position, best_value);
            let score_headroom = Exact::new((best_numerator - numerator).max(0), indicator.score_denominator);
            MarginalRow { position, per_score_point, per_raw_unit, score_headroom, raw_headroom, best_value }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(category_value: Option<&str>, boolean_value: Option<bool>, expected_headroom: [i64; 2]) {
        let rubric = Rubric::parse_json(
            r#"{"schema":"sibekisar.rubric/v1","id":"m","name":"M",
                "spirits":[{"code":"A","name":"A","weight":100}],
                "indicators":[{"code":"ZI","name":"ZI","spirit":"A","weight":1,"rule":{"kind":"category","points":{"WBBM":90,"WBK":60,"none":0}}},
                              {"code":"B","name":"B","spirit":"A","weight":1,"rule":{"kind":"boolean"}}]}"#,
        )
        .expect("test rubric parses");
        let mut values = UnitValues::empty(&rubric);
        if let Some(label) = category_value {
            values.set(&rubric, 0, RawValue::Label(label)).expect("known label");
        }
        if let Some(flag) = boolean_value {
            values.set(&rubric, 1, RawValue::Boolean(flag)).expect("boolean");
        }
        let table = marginal_table(&rubric, &values);
        let headroom: Vec<Exact> = table.iter().map(|row| row.score_headroom).collect();
        assert_eq!(headroom, expected_headroom.map(Exact::new_for_tests), "{category_value:?} {boolean_value:?}");
        assert_eq!(table[0].best_value, IndicatorValue::Label(0));
    }

    #[test]
    fn category_headroom_stops_at_the_best_label() {
        check(None, None, [90, 100]);
        check(Some("WBK"), Some(false), [30, 100]);
        check(Some("WBBM"), Some(true), [0, 0]);
    }
}
