//! Goal-seek: the cheapest set of indicator improvements that reaches a target total or grade.
//!
//! Cost of raising an indicator = its effort (default 1) × score points raised. Because every
//! spirit is rounded, the problem is not purely linear; the engine uses a greedy by payoff
//! (points of total per unit of cost, best first), verifies every step with the exact total, and
//! finishes with a "minimal raise" pass that lowers each chosen raise to the smallest value that
//! still reaches the goal. Raised values are sensible for the rule: a category label, `true`, or
//! the smallest scale value on the raw grid (see [`GoalSeekOptions::raw_decimals`]).

use crate::decimal::{gcd, Decimal, Exact};
use crate::error::{ErrorKind, Errors, FieldError};
use crate::rubric::{Direction, Rubric, Rule};
use crate::score::{total_cents, Cents, Grade};
use crate::values::{IndicatorValue, RawValue, UnitValues};

/// What to reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    /// A total of at least this much.
    Total(Cents),
    /// At least this grade.
    Grade(Grade),
}

/// Constraints of a goal-seek.
#[derive(Clone, Debug, Default)]
pub struct GoalSeekOptions {
    /// Positions of indicators that must stay unchanged.
    pub locked: Vec<usize>,
    /// `(position, effort)`: cost per score point raised (default 1; must be positive).
    pub efforts: Vec<(usize, Decimal)>,
    /// Decimals of the raw grid for scale values; by default the most decimals among the rule's
    /// min, max, target and the current value.
    pub raw_decimals: Option<u32>,
}

/// One improvement of a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanStep {
    /// Indicator position.
    pub position: usize,
    /// Current value (`None` if missing).
    pub from: Option<IndicatorValue>,
    /// Raised value.
    pub to: IndicatorValue,
    /// Current score.
    pub score_from: Exact,
    /// Raised score.
    pub score_to: Exact,
    /// Effort × score points raised.
    pub cost: Exact,
}

/// The outcome of a goal-seek.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GoalSeekOutcome {
    /// The current values already reach the goal.
    AlreadyReached {
        /// Current total.
        total: Cents,
    },
    /// The improvements that reach the goal.
    Plan {
        /// Improvements in rubric order.
        steps: Vec<PlanStep>,
        /// Total after the plan.
        total: Cents,
        /// Sum of the steps' costs.
        cost: Exact,
    },
    /// Even full marks on every unlocked indicator fall short.
    NotReachable {
        /// Total with every unlocked indicator at its best value.
        best_total: Cents,
    },
}

/// Finds the cheapest improvements that reach `goal`.
///
/// # Errors
/// [`ErrorKind::InvalidTarget`] for a total outside 0–100; [`ErrorKind::NonPositiveEffort`] for an
/// effort ≤ 0; [`ErrorKind::UnknownIndicator`] for a locked or effort position outside the rubric.
///
/// ```
/// # let rubric = engine::Rubric::parse_json(r#"{"schema":"sibekisar.rubric/v1","id":"d","name":"D",
/// #  "spirits":[{"code":"C","name":"Cepat","weight":100}],
/// #  "indicators":[{"code":"IKM","name":"IKM","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":100}},
/// #                {"code":"ZI","name":"ZI","spirit":"C","weight":1,"rule":{"kind":"boolean"}}]}"#).unwrap();
/// use engine::{goal_seek, Decimal, Goal, GoalSeekOptions, GoalSeekOutcome, Grade, RawValue, UnitValues};
/// let values = UnitValues::from_pairs(&rubric, [
///     ("IKM", RawValue::Number(Decimal::parse("60").unwrap())), ("ZI", RawValue::Boolean(true))]).unwrap();
/// let outcome = goal_seek(&rubric, &values, Goal::Grade(Grade::A), &GoalSeekOptions::default()).unwrap();
/// let GoalSeekOutcome::Plan { steps, total, .. } = outcome else { panic!("reachable") };
/// assert_eq!(total.to_string(), "81.00");
/// assert_eq!(steps[0].to, engine::IndicatorValue::Number(Decimal::parse("62").unwrap()));
/// ```
///
/// # Panics
/// If `values` were built for another rubric (a programming error).
pub fn goal_seek(
    rubric: &Rubric,
    values: &UnitValues,
    goal: Goal,
    options: &GoalSeekOptions,
) -> Result<GoalSeekOutcome, Errors> {
    values.assert_shape(rubric);
    let count = rubric.indicators().len();
    let mut errors = Vec::new();
    let target = match goal {
        Goal::Total(total) if (0..=10_000).contains(&total.hundredths()) => total,
        Goal::Total(_) => {
            errors.push(FieldError::new("target", ErrorKind::InvalidTarget));
            Cents::new(0)
        }
        Goal::Grade(grade) => grade.threshold(),
    };
    let mut locked = vec![false; count];
    for (i, &position) in options.locked.iter().enumerate() {
        match locked.get_mut(position) {
            Some(slot) => *slot = true,
            None => errors.push(FieldError::new(
                format!("locked[{i}]"),
                ErrorKind::UnknownIndicator { code: format!("#{position}") },
            )),
        }
    }
    let mut efforts = vec![Decimal::parse("1").unwrap_or(Decimal::ZERO); count];
    for (i, &(position, effort)) in options.efforts.iter().enumerate() {
        if effort <= Decimal::ZERO {
            errors.push(FieldError::new(format!("efforts[{i}]"), ErrorKind::NonPositiveEffort));
        } else if position >= count {
            errors.push(FieldError::new(
                format!("efforts[{i}]"),
                ErrorKind::UnknownIndicator { code: format!("#{position}") },
            ));
        } else {
            efforts[position] = effort;
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }

    let current_total = total_cents(rubric, values.numerators(), None);
    if current_total >= target {
        return Ok(GoalSeekOutcome::AlreadyReached { total: current_total });
    }
    let ladders: Vec<Option<Ladder>> = (0..count)
        .map(|position| if locked[position] { None } else { Ladder::new(rubric, values, position, options.raw_decimals) })
        .collect();

    // Best possible: every unlocked indicator at its best value.
    let mut numerators = values.numerators().to_vec();
    for (position, ladder) in ladders.iter().enumerate() {
        if let Some(ladder) = ladder {
            numerators[position] = ladder.numerator(rubric, position, ladder.top());
        }
    }
    let best_total = total_cents(rubric, &numerators, None);
    if best_total < target {
        return Ok(GoalSeekOutcome::NotReachable { best_total });
    }

    // Small search spaces are searched exhaustively, which is exactly optimal; larger ones use
    // the greedy below (optimal for the linear part, not proven optimal under per-spirit rounding
    // and coarse raw grids).
    let options_per_indicator: Vec<i128> = ladders
        .iter()
        .map(|ladder| ladder.as_ref().map_or(1, |l| l.top() - l.bottom() + 2))
        .collect();
    let space = options_per_indicator.iter().try_fold(1i128, |acc, &n| acc.checked_mul(n).filter(|&p| p <= EXHAUSTIVE_LIMIT));
    let levels = match space {
        Some(_) => exhaustive_levels(rubric, values, &ladders, &efforts, target),
        None => greedy_levels(rubric, values, &ladders, &efforts, target),
    };
    let numerators: Vec<i128> = (0..count)
        .map(|p| match (levels[p], ladders[p].as_ref()) {
            (Some(level), Some(ladder)) => ladder.numerator(rubric, p, level),
            _ => values.numerators()[p],
        })
        .collect();
    let total = total_cents(rubric, &numerators, None);
    let mut steps = Vec::new();
    let mut cost = Exact::new(0, 1);
    for position in 0..count {
        let (Some(level), Some(ladder)) = (levels[position], ladders[position].as_ref()) else { continue };
        let indicator = &rubric.indicators()[position];
        let to_numerator = ladder.numerator(rubric, position, level);
        let from_numerator = values.numerators()[position];
        if to_numerator <= from_numerator {
            continue;
        }
        let step_cost = Exact::new(
            i128::from(efforts[position].micros()) * (to_numerator - from_numerator),
            indicator.score_denominator * 1_000_000,
        );
        cost = add(cost, step_cost);
        steps.push(PlanStep {
            position,
            from: values.get(position),
            to: ladder.value(level),
            score_from: Exact::new(from_numerator, indicator.score_denominator),
            score_to: Exact::new(to_numerator, indicator.score_denominator),
            cost: step_cost,
        });
    }
    Ok(GoalSeekOutcome::Plan { steps, total, cost })
}

/// Largest number of combinations searched exhaustively.
const EXHAUSTIVE_LIMIT: i128 = 50_000;

fn step_cost(rubric: &Rubric, values: &UnitValues, efforts: &[Decimal], position: usize, to_numerator: i128) -> Exact {
    let indicator = &rubric.indicators()[position];
    let raised = (to_numerator - values.numerators()[position]).max(0);
    Exact::new(i128::from(efforts[position].micros()) * raised, indicator.score_denominator * 1_000_000)
}

/// Every combination of raises (`None` = unchanged); the cheapest that reaches the target wins,
/// ties going to the combination found first (fewer and earlier raises).
fn exhaustive_levels(
    rubric: &Rubric,
    values: &UnitValues,
    ladders: &[Option<Ladder>],
    efforts: &[Decimal],
    target: Cents,
) -> Vec<Option<i128>> {
    let count = ladders.len();
    let mut choice: Vec<Option<i128>> = vec![None; count];
    let mut numerators = values.numerators().to_vec();
    let mut best: Option<(Exact, Vec<Option<i128>>)> = None;
    loop {
        if total_cents(rubric, &numerators, None) >= target {
            let cost = (0..count)
                .filter(|&p| choice[p].is_some())
                .fold(Exact::new(0, 1), |acc, p| add(acc, step_cost(rubric, values, efforts, p, numerators[p])));
            if best.as_ref().is_none_or(|(best_cost, _)| cost < *best_cost) {
                best = Some((cost, choice.clone()));
            }
        }
        // Advance the odometer.
        let mut position = 0;
        loop {
            if position == count {
                return best.map(|(_, levels)| levels).unwrap_or_else(|| vec![None; count]);
            }
            if let Some(ladder) = &ladders[position] {
                let next = match choice[position] {
                    None => Some(ladder.bottom()),
                    Some(level) if level < ladder.top() => Some(level + 1),
                    Some(_) => None,
                };
                if let Some(level) = next {
                    choice[position] = Some(level);
                    numerators[position] = ladder.numerator(rubric, position, level);
                    break;
                }
            }
            choice[position] = None;
            numerators[position] = values.numerators()[position];
            position += 1;
        }
    }
}

/// Greedy by payoff with exact verification and a final minimal-raise pass.
fn greedy_levels(
    rubric: &Rubric,
    values: &UnitValues,
    ladders: &[Option<Ladder>],
    efforts: &[Decimal],
    target: Cents,
) -> Vec<Option<i128>> {
    let count = ladders.len();
    // Greedy by payoff: points of total per unit of cost, best first (ties by rubric order).
    let mut order: Vec<usize> = (0..count).filter(|&p| ladders[p].is_some()).collect();
    let payoff = |position: usize| {
        let indicator = &rubric.indicators()[position];
        let plan = &rubric.spirits()[indicator.spirit_position()].plan;
        Exact::new(
            plan.multiplier * indicator.factor * indicator.score_denominator * 1_000_000,
            100 * plan.divisor * i128::from(efforts[position].micros()),
        )
    };
    order.sort_by(|&a, &b| payoff(b).cmp(&payoff(a)).then(a.cmp(&b)));

    let mut numerators = values.numerators().to_vec();
    let mut levels: Vec<Option<i128>> = vec![None; count];
    let mut chosen = Vec::new();
    for &position in &order {
        let ladder = ladders[position].as_ref().expect("order holds only positions with a ladder");
        chosen.push(position);
        if let Some(level) = lowest_reaching(rubric, &mut numerators, position, ladder, target) {
            levels[position] = Some(level);
            numerators[position] = ladder.numerator(rubric, position, level);
            break;
        }
        levels[position] = Some(ladder.top());
        numerators[position] = ladder.numerator(rubric, position, ladder.top());
    }
    // Minimal raise: lower each earlier raise as far as the goal allows (possibly back to the start).
    for &position in chosen.iter().rev().skip(1) {
        let ladder = ladders[position].as_ref().expect("chosen positions have a ladder");
        match lowest_reaching(rubric, &mut numerators, position, ladder, target) {
            Some(level) => {
                levels[position] = Some(level);
                numerators[position] = ladder.numerator(rubric, position, level);
            }
            None => {
                levels[position] = None;
                numerators[position] = values.numerators()[position];
            }
        }
    }
    levels
}

/// Smallest level of `position` that reaches the target with the other numerators as they are
/// (the caller's value at `position` is ignored and restored).
fn lowest_reaching(rubric: &Rubric, numerators: &mut [i128], position: usize, ladder: &Ladder, target: Cents) -> Option<i128> {
    let saved = numerators[position];
    let mut reaches = |level: i128| {
        numerators[position] = ladder.numerator(rubric, position, level);
        total_cents(rubric, numerators, None) >= target
    };
    let result = if !reaches(ladder.top()) {
        None
    } else {
        // Levels are ordered by score, and the total never falls when a score rises.
        let (mut low, mut high) = (ladder.bottom(), ladder.top());
        while low < high {
            let middle = low + (high - low) / 2;
            if reaches(middle) { high = middle } else { low = middle + 1 }
        }
        Some(low)
    };
    numerators[position] = saved;
    result
}

fn add(left: Exact, right: Exact) -> Exact {
    let denominator_gcd = gcd(left.denominator(), right.denominator()).max(1);
    let scaled = (
        left.numerator().checked_mul(right.denominator() / denominator_gcd),
        right.numerator().checked_mul(left.denominator() / denominator_gcd),
        left.denominator().checked_mul(right.denominator() / denominator_gcd),
    );
    match scaled {
        (Some(a), Some(b), Some(denominator)) => {
            let numerator = a + b;
            let reduction = gcd(numerator, denominator).max(1);
            Exact::new(numerator / reduction, denominator / reduction)
        }
        // Far beyond realistic efforts: keep twelve decimals.
        _ => {
            let micro = |e: Exact| e.rounded(12).unwrap_or(0);
            Exact::new(micro(left) + micro(right), 1_000_000_000_000)
        }
    }
}

/// The raises possible for one indicator, as integer levels `bottom..=top` ordered by score.
enum Ladder {
    /// Raw grid: level `k` is the raw value `k × 10^-decimals` (higher) or its mirror (lower).
    Scale { direction: Direction, unit_micros: i64, bottom: i128, top: i128 },
    /// Label indices ordered by points, strictly above the current score.
    Category { labels: Vec<usize> },
    /// `true`.
    Boolean,
}

impl Ladder {
    fn new(rubric: &Rubric, values: &UnitValues, position: usize, raw_decimals: Option<u32>) -> Option<Ladder> {
        let indicator = &rubric.indicators()[position];
        let current = values.numerators()[position];
        if current >= indicator.full_numerator() && !matches!(indicator.rule(), Rule::Category(_)) {
            return None;
        }
        match indicator.rule() {
            Rule::Scale(scale) => {
                let start = match values.get(position) {
                    Some(IndicatorValue::Number(number)) => number,
                    _ => scale.zero_point(),
                };
                let decimals = raw_decimals.unwrap_or_else(|| {
                    [scale.min(), scale.max(), scale.target(), start].iter().map(|d| d.decimals()).max().unwrap_or(0)
                });
                let unit_micros = 10i64.pow(6 - decimals.min(6));
                // Levels count grid steps in the good direction; the start may be off the grid.
                let (bottom, top) = match scale.direction() {
                    Direction::Higher => (
                        i128::from(start.micros().div_euclid(unit_micros)),
                        i128::from((scale.target().micros() + unit_micros - 1).div_euclid(unit_micros)),
                    ),
                    Direction::Lower => (
                        i128::from((-start.micros()).div_euclid(unit_micros)),
                        i128::from((-scale.target().micros() + unit_micros - 1).div_euclid(unit_micros)),
                    ),
                };
                (top > bottom || values.get(position).is_none()).then_some(Ladder::Scale {
                    direction: scale.direction(),
                    unit_micros,
                    bottom,
                    top,
                })
            }
            Rule::Category(category) => {
                let mut labels: Vec<usize> = (0..category.labels().len())
                    .filter(|&i| rubric.numerator(position, IndicatorValue::Label(i)) > current)
                    .collect();
                labels.sort_by_key(|&i| (category.labels()[i].points, i));
                labels.dedup_by_key(|i| category.labels()[*i].points);
                (!labels.is_empty()).then_some(Ladder::Category { labels })
            }
            Rule::Boolean => Some(Ladder::Boolean),
        }
    }

    fn bottom(&self) -> i128 {
        match self {
            Ladder::Scale { bottom, .. } => *bottom,
            Ladder::Category { .. } | Ladder::Boolean => 0,
        }
    }

    fn top(&self) -> i128 {
        match self {
            Ladder::Scale { top, .. } => *top,
            Ladder::Category { labels } => labels.len() as i128 - 1,
            Ladder::Boolean => 0,
        }
    }

    fn value(&self, level: i128) -> IndicatorValue {
        match self {
            Ladder::Scale { direction, unit_micros, .. } => {
                let micros = level as i64 * unit_micros;
                let micros = if *direction == Direction::Higher { micros } else { -micros };
                IndicatorValue::Number(Decimal::from_micros(micros).unwrap_or(Decimal::ZERO))
            }
            Ladder::Category { labels } => IndicatorValue::Label(labels[level.clamp(0, labels.len() as i128 - 1) as usize]),
            Ladder::Boolean => IndicatorValue::Boolean(true),
        }
    }

    fn numerator(&self, rubric: &Rubric, position: usize, level: i128) -> i128 {
        let value = self.value(level);
        // A grid value may sit just outside [min, max] when the target is off the grid; clamp
        // it to the range through the rule so the score stays within 0–100.
        match (value, rubric.indicators()[position].rule()) {
            (IndicatorValue::Number(number), Rule::Scale(scale)) => {
                let clamped = number.clamp(scale.min(), scale.max());
                rubric.numerator(position, IndicatorValue::Number(clamped))
            }
            _ => rubric.numerator(position, value),
        }
    }
}

/// Converts a plan's raw value back to a raw input (for what-if with the plan).
pub fn step_raw_value<'a>(rubric: &'a Rubric, step: &PlanStep) -> RawValue<'a> {
    match (step.to, rubric.indicators()[step.position].rule()) {
        (IndicatorValue::Number(number), _) => RawValue::Number(number),
        (IndicatorValue::Boolean(flag), _) => RawValue::Boolean(flag),
        (IndicatorValue::Label(i), Rule::Category(category)) => {
            RawValue::Label(category.labels().get(i).map(|l| l.label.as_str()).unwrap_or(""))
        }
        (IndicatorValue::Label(_), _) => RawValue::Boolean(true),
    }
}
