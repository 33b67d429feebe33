//! Goal-seek: the cheapest set of indicator improvements that reaches a target total or grade.
//!
//! # The problem
//! Each unlocked indicator `i` may be raised (never lowered) from its current score `cᵢ` to a
//! score `sᵢ ≤ bestᵢ` (100, or the best label's points for a category). The cost of a plan is
//! `Σ effortᵢ × (sᵢ − cᵢ)`; the plan must reach the target with the exact scorer of
//! [`crate::score_total`]. What values an indicator may take decides what "cheapest" means:
//!
//! * **the raw grid** (what a plan contains): a scale value is a multiple of
//!   `10^-raw_decimals` (see [`GoalSeekOptions::raw_decimals`]) in the good direction, clamped to
//!   `[min, max]`; a category takes one of its labels, a boolean `true`. One grid step of a scale
//!   indicator is `δᵢ = 100 × 10^-raw_decimals / span` score points.
//! * **the continuous model** (what the allocation solves exactly): the same, except that a scale
//!   score may take *any* exact rational value in `[cᵢ, 100]`. Every grid plan is also a plan of
//!   the continuous model, so its optimum `LB` is a lower bound of the grid optimum.
//!
//! # Three searches
//! **Exhaustive** (at most [`EXHAUSTIVE_LIMIT`] combinations of grid levels): every combination
//! is scored exactly; the cheapest reaching one wins. Exactly optimal on the raw grid.
//!
//! **Allocation** (everything larger, e.g. a real rubric with a 0.01 grid). For each combination
//! of category/boolean choices (enumerated, at most [`DISCRETE_COMBINATION_LIMIT`]), the scale
//! indicators are solved exactly in the continuous model:
//!
//! 1. A *pool* is one spirit (`"rounding":"spirit"`) or the whole rubric (`"rounding":"total"`),
//!    with exact integer numerator `N = Σ kᵢ·pᵢ` and rounded value `r(N) = round½↑(M·N/E)` cents
//!    (the exact scorer's own arithmetic). The total is `Σ r(N_pool)`.
//! 2. Half-up rounding gives `r(N) ≥ r ⇔ N ≥ (2r − 1)·E / 2M`, so reaching `r` cents costs
//!    `f(r) = cost(max(0, (2r − 1)·E/2M − N₀))`, where `cost(x)` is the cheapest way to raise `N`
//!    by `x`: a fractional knapsack, filled in order of cost per unit of `N`
//!    (`effortᵢ / (qᵢ·kᵢ)`). `cost` is convex, piecewise linear and non-decreasing, so `f` is
//!    convex in `r`.
//! 3. The target asks `Σ r_pool ≥ T`: a separable convex resource allocation over whole cents.
//!    Taking the `T − total` cheapest cent increments over all pools (each pool's marginal costs
//!    are non-decreasing, so the cheapest increments of a pool are always its first ones) is
//!    optimal by the usual exchange argument. Marginals are constant along a knapsack segment,
//!    so they are handled as runs: `O(n log n)` per combination, independent of the deficit.
//!
//! The continuous optimum is realised on the raw grid: fully raised indicators go to full marks,
//! and each pool's single partially raised indicator goes to the smallest grid value whose score
//! reaches the needed numerator (ceiling in the good direction). Scores only rise, so the exact
//! scorer confirms the target; a final pass lowers each raise to the smallest grid level that
//! still reaches the target, which can only lower the cost.
//!
//! **Branch and bound** (after an allocation whose cost is above its lower bound, when the grid
//! has at most [`BRANCH_AND_BOUND_SPACE_LIMIT`] combinations): depth-first over the indicators'
//! grid levels, each subtree bounded below by the allocation's continuous optimum of its free
//! indicators (a relaxation, so a valid bound) and pruned when that bound is not below the best
//! plan found. It stops after [`BRANCH_AND_BOUND_NODE_LIMIT`] nodes, keeping the allocation.
//!
//! # Guarantee
//! * Exhaustive, or a branch and bound that completes: a cheapest plan on the raw grid.
//! * Allocation, when every category/boolean combination is enumerated: `LB` (the exact
//!   continuous optimum) `≤` the grid optimum `≤` the plan's cost `< LB + Σ_pools effortⱼ × δⱼ`,
//!   where `j` is the pool's partially raised indicator: the plan is within one raw grid step
//!   per pool of the optimum, and exactly optimal whenever the continuous optimum lies on the
//!   grid (cost = `LB`). With a 0.01 grid on 0–100 scales the gap is below 0.01 × effort per
//!   spirit. This is what real rubrics get (22 indicators × 10,000 grid levels is far beyond
//!   the branch and bound): a grid coarse enough to matter turns the problem into a knapsack,
//!   NP-hard in general, which only the two exact searches solve.
//! * Allocation with more than [`DISCRETE_COMBINATION_LIMIT`] category/boolean combinations:
//!   only {unchanged, best label} per indicator is tried, and beyond 12 such indicators only the
//!   prefixes of their payoff order; no optimality is claimed then (unless the branch and bound
//!   completes).
//! * `NotReachable` is exact: its `best_total` is every unlocked indicator at its best value.
//!
//! Tests (`tests/properties.rs`) compare each search with brute force over the same raw grid.
//!
//! Ratios are exact (128-bit numerators, 256-bit comparisons); only costs whose reduced
//! denominators overflow 128 bits (never for real rubrics and efforts) are approximated.

use crate::decimal::div_round_half_up;
use crate::decimal::{Decimal, Exact, gcd};
use crate::error::{ErrorKind, Errors, FieldError};
use crate::order::{sort_by, sort_by_key};
use crate::rubric::{Direction, Rounding, Rubric, Rule};
use crate::score::{Cents, Grade, spirit_numerator, total_cents};
use crate::values::{IndicatorValue, RawValue, UnitValues, scale_step};

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
    goal_seek_with_strategy(rubric, values, goal, options, Strategy::Auto).map(|report| report.outcome)
}

/// Which search [`goal_seek_with_strategy`] runs (tests force one; [`goal_seek`] uses `Auto`).
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// Exhaustive up to [`EXHAUSTIVE_LIMIT`] combinations, allocation above.
    Auto,
    /// Always exhaustive (exponential; for tests).
    Exhaustive,
    /// Always the allocation alone.
    Allocation,
    /// The allocation, then the branch and bound without a node limit (exact on the raw grid).
    BranchAndBound,
}

/// A goal-seek outcome with the allocation's certificate (see the module documentation).
#[doc(hidden)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalSeekReport {
    /// What [`goal_seek`] returns.
    pub outcome: GoalSeekOutcome,
    /// Allocation only, when every category/boolean combination was enumerated: the exact
    /// optimum of the continuous model, a lower bound of every plan's cost.
    pub lower_bound: Option<Exact>,
    /// With `lower_bound`: the plan's cost is below `lower_bound + slack` (one raw grid step of
    /// each pool's partially raised indicator, times its effort).
    pub slack: Option<Exact>,
}

/// [`goal_seek`] with a chosen search and the allocation's certificate, for tests.
///
/// # Errors
/// As [`goal_seek`].
///
/// # Panics
/// As [`goal_seek`].
#[doc(hidden)]
pub fn goal_seek_with_strategy(
    rubric: &Rubric,
    values: &UnitValues,
    goal: Goal,
    options: &GoalSeekOptions,
    strategy: Strategy,
) -> Result<GoalSeekReport, Errors> {
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
        return Ok(GoalSeekReport {
            outcome: GoalSeekOutcome::AlreadyReached { total: current_total },
            lower_bound: None,
            slack: None,
        });
    }
    let ladders: Vec<Option<Ladder>> = (0..count)
        .map(
            |position| {
                if locked[position] { None } else { Ladder::new(rubric, values, position, options.raw_decimals) }
            },
        )
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
        return Ok(GoalSeekReport {
            outcome: GoalSeekOutcome::NotReachable { best_total },
            lower_bound: None,
            slack: None,
        });
    }

    // Small search spaces are searched exhaustively (exactly optimal on the raw grid); larger
    // ones by the allocation (exactly optimal in the continuous model, see the module docs).
    let options_per_indicator: Vec<i128> =
        ladders.iter().map(|ladder| ladder.as_ref().map_or(1, |l| l.top() - l.bottom() + 2)).collect();
    let exhaustive = match strategy {
        Strategy::Auto => space_within(&options_per_indicator, EXHAUSTIVE_LIMIT),
        Strategy::Exhaustive => true,
        Strategy::Allocation | Strategy::BranchAndBound => false,
    };
    let (levels, lower_bound, slack) = if exhaustive {
        (exhaustive_levels(rubric, values, &ladders, &efforts, target), None, None)
    } else {
        let allocation = allocation_levels(rubric, values, &ladders, &efforts, target);
        let cost =
            levels_cost(rubric, values, &efforts, &applied_numerators(rubric, values, &ladders, &allocation.levels));
        let proven = allocation.certificate.is_some_and(|(bound, _)| bound == cost);
        let node_limit = match strategy {
            Strategy::Auto if !proven && space_within(&options_per_indicator, BRANCH_AND_BOUND_SPACE_LIMIT) => {
                Some(BRANCH_AND_BOUND_NODE_LIMIT)
            }
            Strategy::BranchAndBound => Some(usize::MAX),
            _ => None,
        };
        let certificate = allocation.certificate.map(|(bound, slack)| (bound.to_exact(), slack.to_exact()));
        let levels = node_limit
            .and_then(|limit| {
                branch_and_bound(rubric, values, &ladders, &efforts, target, allocation.levels.clone(), limit)
            })
            .unwrap_or(allocation.levels);
        (levels, certificate.map(|c| c.0), certificate.map(|c| c.1))
    };
    let numerators = applied_numerators(rubric, values, &ladders, &levels);
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
    Ok(GoalSeekReport { outcome: GoalSeekOutcome::Plan { steps, total, cost }, lower_bound, slack })
}

/// Whether the product of the options per indicator is at most `limit`.
fn space_within(options_per_indicator: &[i128], limit: i128) -> bool {
    options_per_indicator.iter().try_fold(1i128, |acc, &n| acc.checked_mul(n).filter(|&p| p <= limit)).is_some()
}

/// Largest number of combinations of grid levels searched exhaustively.
pub const EXHAUSTIVE_LIMIT: i128 = 50_000;

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
                    numerators[position] = ladder.numerator(rubric, position, level).max(values.numerators()[position]);
                    break;
                }
            }
            choice[position] = None;
            numerators[position] = values.numerators()[position];
            position += 1;
        }
    }
}

/// Numerators after applying `levels` (a level never lowers a score: a start value off the raw
/// grid keeps its own score rather than falling to the grid value below it).
fn applied_numerators(
    rubric: &Rubric,
    values: &UnitValues,
    ladders: &[Option<Ladder>],
    levels: &[Option<i128>],
) -> Vec<i128> {
    (0..ladders.len())
        .map(|p| {
            let current = values.numerators()[p];
            match (levels[p], ladders[p].as_ref()) {
                (Some(level), Some(ladder)) => ladder.numerator(rubric, p, level).max(current),
                _ => current,
            }
        })
        .collect()
}

/// Search spaces (combinations of grid levels) up to which `Auto` runs the branch and bound
/// after an allocation that is not proven optimal.
pub const BRANCH_AND_BOUND_SPACE_LIMIT: i128 = 1_000_000_000_000;
/// Nodes the branch and bound of `Auto` may visit before it gives up (keeping the allocation).
pub const BRANCH_AND_BOUND_NODE_LIMIT: usize = 20_000;

/// Exact optimum on the raw grid by depth-first branch and bound, or `None` when the node limit
/// stops it first. Each node fixes the levels of a prefix of the indicators (best payoff first)
/// and bounds its subtree by the allocation's continuous optimum of the rest, which is a valid
/// lower bound (it allows a superset of the subtree's plans); every relaxation is also realised
/// on the grid as a candidate plan. A subtree is pruned when its bound is not below the best
/// plan found, so a completed search returns a cheapest grid plan.
fn branch_and_bound(
    rubric: &Rubric,
    values: &UnitValues,
    ladders: &[Option<Ladder>],
    efforts: &[Decimal],
    target: Cents,
    incumbent: Vec<Option<i128>>,
    node_limit: usize,
) -> Option<Vec<Option<i128>>> {
    let mut order: Vec<usize> = (0..ladders.len()).filter(|&p| ladders[p].is_some()).collect();
    sort_by(&mut order, |&a, &b| payoff(rubric, efforts, b).cmp(&payoff(rubric, efforts, a)).then(a.cmp(&b)));
    let best_cost = levels_cost(rubric, values, efforts, &applied_numerators(rubric, values, ladders, &incumbent));
    let mut search = Search {
        rubric,
        values,
        ladders,
        efforts,
        target,
        order,
        nodes: 0,
        node_limit,
        best_cost,
        best_levels: incumbent,
        levels: vec![None; ladders.len()],
        numerators: values.numerators().to_vec(),
    };
    search.visit(0, Ratio::ZERO).then_some(search.best_levels)
}

struct Search<'a> {
    rubric: &'a Rubric,
    values: &'a UnitValues,
    ladders: &'a [Option<Ladder>],
    efforts: &'a [Decimal],
    target: Cents,
    order: Vec<usize>,
    nodes: usize,
    node_limit: usize,
    best_cost: Ratio,
    best_levels: Vec<Option<i128>>,
    /// Levels fixed on the path to the current node.
    levels: Vec<Option<i128>>,
    numerators: Vec<i128>,
}

impl Search<'_> {
    /// Explores the subtree whose first `depth` indicators are fixed at cost `cost`; `false` if
    /// the node limit was hit.
    fn visit(&mut self, depth: usize, cost: Ratio) -> bool {
        self.nodes += 1;
        if self.nodes > self.node_limit {
            return false;
        }
        let free = &self.order[depth..];
        let Some(relaxed) =
            allocate_continuous(self.rubric, &self.numerators, self.ladders, self.efforts, free, self.target)
        else {
            return true;
        };
        if cost.add(relaxed.cost) >= self.best_cost {
            return true;
        }
        let mut candidate = self.levels.clone();
        for &(position, level) in &relaxed.levels {
            candidate[position] = Some(level);
        }
        let numerators = applied_numerators(self.rubric, self.values, self.ladders, &candidate);
        if total_cents(self.rubric, &numerators, None) >= self.target {
            let candidate_cost = levels_cost(self.rubric, self.values, self.efforts, &numerators);
            if candidate_cost < self.best_cost {
                self.best_cost = candidate_cost;
                self.best_levels = candidate;
            }
        }
        let Some(&position) = self.order.get(depth) else { return true };
        if !self.visit(depth + 1, cost) {
            return false;
        }
        let ladder = self.ladders[position].as_ref().expect("ordered positions have a ladder");
        let current = self.numerators[position];
        for level in ladder.bottom()..=ladder.top() {
            let numerator = ladder.numerator(self.rubric, position, level);
            if numerator <= current {
                continue;
            }
            let child_cost = cost.add(raise_cost(self.rubric, self.efforts, position, numerator - current));
            // Higher levels cost more still, and a subtree never costs less than its fixed part.
            if child_cost >= self.best_cost {
                break;
            }
            self.numerators[position] = numerator;
            self.levels[position] = Some(level);
            let completed = self.visit(depth + 1, child_cost);
            self.numerators[position] = current;
            self.levels[position] = None;
            if !completed {
                return false;
            }
        }
        true
    }
}

/// Most combinations of category and boolean choices the allocation enumerates.
pub const DISCRETE_COMBINATION_LIMIT: usize = 4_096;

/// The allocation's answer: grid levels, and `(lower bound, slack)` when the guarantee holds.
struct Allocation {
    levels: Vec<Option<i128>>,
    certificate: Option<(Ratio, Ratio)>,
}

/// The allocation search (see the module documentation).
fn allocation_levels(
    rubric: &Rubric,
    values: &UnitValues,
    ladders: &[Option<Ladder>],
    efforts: &[Decimal],
    target: Cents,
) -> Allocation {
    let count = ladders.len();
    let is_scale = |p: usize| matches!(rubric.indicators()[p].rule(), Rule::Scale(_));
    let discrete: Vec<usize> = (0..count).filter(|&p| ladders[p].is_some() && !is_scale(p)).collect();
    let scale: Vec<usize> = (0..count).filter(|&p| ladders[p].is_some() && is_scale(p)).collect();
    let (combinations, complete) = discrete_combinations(rubric, ladders, efforts, &discrete);

    let mut best: Option<(Ratio, Vec<Option<i128>>)> = None;
    let mut certificate: Option<(Ratio, Ratio)> = None;
    for combination in &combinations {
        let mut levels: Vec<Option<i128>> = vec![None; count];
        let mut numerators = values.numerators().to_vec();
        let mut lower_bound = Ratio::ZERO;
        for (&position, &level) in discrete.iter().zip(combination) {
            let (Some(level), Some(ladder)) = (level, ladders[position].as_ref()) else { continue };
            let numerator = ladder.numerator(rubric, position, level);
            if numerator > numerators[position] {
                lower_bound = lower_bound.add(raise_cost(rubric, efforts, position, numerator - numerators[position]));
                levels[position] = Some(level);
                numerators[position] = numerator;
            }
        }
        let Some(continuous) = allocate_continuous(rubric, &numerators, ladders, efforts, &scale, target) else {
            continue;
        };
        lower_bound = lower_bound.add(continuous.cost);
        for &(position, level) in &continuous.levels {
            levels[position] = Some(level);
        }
        let numerators = applied_numerators(rubric, values, ladders, &levels);
        if total_cents(rubric, &numerators, None) < target {
            // Unreachable: realised scores are at least the continuous ones, and the total never
            // falls when a score rises. Skipping keeps a wrong plan out even if that ever broke.
            debug_assert!(false, "the realised allocation must reach the target");
            continue;
        }
        if certificate.is_none_or(|(bound, _)| lower_bound.cmp(&bound).is_lt()) {
            certificate = Some((lower_bound, continuous.slack));
        }
        let cost = levels_cost(rubric, values, efforts, &numerators);
        if best.as_ref().is_none_or(|(best_cost, _)| cost.cmp(best_cost).is_lt()) {
            best = Some((cost, levels));
        }
    }
    // The caller checked that full marks reach the target, and every enumeration includes the
    // combination with every category and boolean at its best, so `best` is set; full marks
    // everywhere is the safe answer otherwise.
    let mut levels =
        best.map(|(_, levels)| levels).unwrap_or_else(|| ladders.iter().map(|l| l.as_ref().map(Ladder::top)).collect());
    trim(rubric, values, ladders, efforts, target, &mut levels);
    Allocation { levels, certificate: certificate.filter(|_| complete) }
}

/// Combinations of category/boolean levels (`None` = unchanged), and whether they are all of them.
fn discrete_combinations(
    rubric: &Rubric,
    ladders: &[Option<Ladder>],
    efforts: &[Decimal],
    discrete: &[usize],
) -> (Vec<Vec<Option<i128>>>, bool) {
    let all_levels = |p: usize| {
        let ladder = ladders[p].as_ref().expect("discrete positions have a ladder");
        std::iter::once(None).chain((ladder.bottom()..=ladder.top()).map(Some)).collect::<Vec<_>>()
    };
    let best_only = |p: usize| vec![None, ladders[p].as_ref().map(Ladder::top)];
    let fits = |options: &[Vec<Option<i128>>]| {
        options
            .iter()
            .try_fold(1usize, |acc, o| acc.checked_mul(o.len()).filter(|&n| n <= DISCRETE_COMBINATION_LIMIT))
            .is_some()
    };
    let cartesian = |options: &[Vec<Option<i128>>]| {
        options.iter().fold(vec![Vec::new()], |partial: Vec<Vec<Option<i128>>>, choices| {
            partial
                .iter()
                .flat_map(|prefix| choices.iter().map(move |&c| prefix.iter().copied().chain([c]).collect()))
                .collect()
        })
    };
    let options: Vec<Vec<Option<i128>>> = discrete.iter().map(|&p| all_levels(p)).collect();
    if fits(&options) {
        return (cartesian(&options), true);
    }
    let options: Vec<Vec<Option<i128>>> = discrete.iter().map(|&p| best_only(p)).collect();
    if fits(&options) {
        return (cartesian(&options), false);
    }
    // Prefixes of the payoff order: the best-paying indicators raised to their best label first.
    let mut order: Vec<usize> = (0..discrete.len()).collect();
    sort_by(&mut order, |&a, &b| {
        payoff(rubric, efforts, discrete[b]).cmp(&payoff(rubric, efforts, discrete[a])).then(a.cmp(&b))
    });
    let combinations = (0..=order.len())
        .map(|raised| {
            let mut combination = vec![None; discrete.len()];
            for &i in &order[..raised] {
                combination[i] = ladders[discrete[i]].as_ref().map(Ladder::top);
            }
            combination
        })
        .collect();
    (combinations, false)
}

/// Points of total (before rounding) per unit of cost.
fn payoff(rubric: &Rubric, efforts: &[Decimal], position: usize) -> Ratio {
    let indicator = &rubric.indicators()[position];
    let plan = &rubric.spirits()[indicator.spirit_position()].plan;
    Ratio::new(
        unsigned(plan.multiplier).saturating_mul(unsigned(indicator.factor * indicator.score_denominator)),
        unsigned(plan.divisor).saturating_mul(unsigned(i128::from(efforts[position].micros()))),
    )
}

/// Cost of raising the numerator of `position` by `raise`: `effort × raise / q`.
fn raise_cost(rubric: &Rubric, efforts: &[Decimal], position: usize, raise: i128) -> Ratio {
    let indicator = &rubric.indicators()[position];
    Ratio::new(
        unsigned(i128::from(efforts[position].micros())).saturating_mul(unsigned(raise)),
        unsigned(indicator.score_denominator) * 1_000_000,
    )
}

fn levels_cost(rubric: &Rubric, values: &UnitValues, efforts: &[Decimal], numerators: &[i128]) -> Ratio {
    (0..numerators.len())
        .filter(|&p| numerators[p] > values.numerators()[p])
        .fold(Ratio::ZERO, |acc, p| acc.add(raise_cost(rubric, efforts, p, numerators[p] - values.numerators()[p])))
}

fn unsigned(value: i128) -> u128 {
    value.max(0).unsigned_abs()
}

/// One scale indicator in a pool.
struct Item {
    position: usize,
    /// `c`: pool numerator per score numerator unit.
    coefficient: i128,
    /// Score numerator left to full marks.
    headroom: i128,
    /// Cost per unit of pool numerator: `effort / (q·c)`.
    rate: Ratio,
}

/// A spirit (per-spirit rounding) or the whole rubric (total rounding): rounded value
/// `round½↑(multiplier·N / divisor)` cents.
struct Pool {
    multiplier: i128,
    divisor: i128,
    /// `N₀`, the numerator with the current (and chosen category/boolean) values.
    base: i128,
    /// Cheapest per unit of `N` first.
    items: Vec<Item>,
}

impl Pool {
    fn cents(&self, numerator: i128) -> i128 {
        div_round_half_up(self.multiplier * numerator, self.divisor)
    }
    fn capacity(&self) -> i128 {
        self.items.iter().map(|item| item.coefficient * item.headroom).sum()
    }
    /// `2M·X(r)`: how far `N` must rise to round to `r` cents, times `2M`.
    fn scaled_need(&self, cents: i128) -> i128 {
        (2 * cents - 1) * self.divisor - 2 * self.multiplier * self.base
    }
}

/// A run of equal marginal costs: `cents` consecutive cents of one pool, each costing `marginal`.
struct Run {
    marginal: Ratio,
    pool: usize,
    order: usize,
    cents: i128,
}

/// The continuous optimum for the scale indicators, realised on the raw grid.
struct Continuous {
    /// Exact continuous optimum.
    cost: Ratio,
    /// Realised grid levels.
    levels: Vec<(usize, i128)>,
    /// `Σ effort × δ` over the pools' partially raised indicators.
    slack: Ratio,
}

fn build_pools(
    rubric: &Rubric,
    numerators: &[i128],
    ladders: &[Option<Ladder>],
    efforts: &[Decimal],
    scale: &[usize],
) -> Vec<Pool> {
    let item = |position: usize, coefficient: i128| {
        let indicator = &rubric.indicators()[position];
        let best = ladders[position].as_ref().map_or(0, |ladder| ladder.numerator(rubric, position, ladder.top()));
        Item {
            position,
            coefficient,
            headroom: best - numerators[position],
            rate: Ratio::new(
                unsigned(i128::from(efforts[position].micros())),
                unsigned(indicator.score_denominator).saturating_mul(unsigned(coefficient)).saturating_mul(1_000_000),
            ),
        }
    };
    let sort = |items: &mut Vec<Item>| sort_by(items, |a, b| a.rate.cmp(&b.rate).then(a.position.cmp(&b.position)));
    let spirit_of = |p: usize| rubric.indicators()[p].spirit_position();
    match rubric.rounding() {
        Rounding::PerSpirit => rubric
            .spirits()
            .iter()
            .enumerate()
            .map(|(s, spirit)| {
                let mut items: Vec<Item> = scale
                    .iter()
                    .filter(|&&p| spirit_of(p) == s && spirit.plan.multiplier > 0)
                    .map(|&p| item(p, rubric.indicators()[p].factor))
                    .filter(|item| item.headroom > 0)
                    .collect();
                sort(&mut items);
                Pool {
                    multiplier: spirit.plan.multiplier,
                    divisor: spirit.plan.divisor,
                    base: spirit_numerator(rubric, s, numerators, None),
                    items,
                }
            })
            .collect(),
        Rounding::Total => {
            let plans: Vec<_> = rubric.spirits().iter().map(|spirit| &spirit.plan).collect();
            let mut items: Vec<Item> = scale
                .iter()
                .filter(|&&p| plans[spirit_of(p)].total_multiplier > 0)
                .map(|&p| item(p, plans[spirit_of(p)].total_multiplier * rubric.indicators()[p].factor))
                .filter(|item| item.headroom > 0)
                .collect();
            sort(&mut items);
            let base = (0..plans.len())
                .map(|s| plans[s].total_multiplier * spirit_numerator(rubric, s, numerators, None))
                .sum();
            vec![Pool { multiplier: 1, divisor: rubric.total_divisor, base, items }]
        }
    }
}

/// Appends the runs of marginal costs of one pool, from its current cents to its best.
fn pool_runs(pool: &Pool, pool_index: usize, runs: &mut Vec<Run>) {
    if pool.multiplier == 0 || pool.items.is_empty() {
        return;
    }
    let double_multiplier = 2 * pool.multiplier;
    // Segment ends in `2M·N` units: item j is filled between ends[j−1] and ends[j].
    let ends: Vec<i128> = pool
        .items
        .iter()
        .scan(0i128, |sum, item| {
            *sum += item.coefficient * item.headroom;
            Some(*sum * double_multiplier)
        })
        .collect();
    let start = |j: usize| if j == 0 { 0 } else { ends[j - 1] };
    let per_cent = Ratio::new(unsigned(pool.divisor), unsigned(pool.multiplier));
    let (mut cents, best) = (pool.cents(pool.base), pool.cents(pool.base + pool.capacity()));
    let (mut segment, mut order) = (0usize, 0usize);
    while cents < best {
        let need = pool.scaled_need(cents);
        let (low, high) = (need.max(0), pool.scaled_need(cents + 1));
        // `high ≤ 2M·capacity` because the pool reaches `best`, so a segment always remains.
        while segment + 1 < ends.len() && low >= ends[segment] {
            segment += 1;
        }
        if need >= start(segment) && high <= ends[segment] {
            // Every cent up to `last` lies inside this segment: same marginal cost.
            let last =
                ((ends[segment] + double_multiplier * pool.base - pool.divisor) / (2 * pool.divisor)).min(best - 1);
            runs.push(Run {
                marginal: pool.items[segment].rate.mul(per_cent),
                pool: pool_index,
                order,
                cents: last - cents + 1,
            });
            cents = last + 1;
        } else {
            // A cent that starts below the current value or straddles segment ends.
            let mut marginal = Ratio::ZERO;
            for (j, item) in pool.items.iter().enumerate().skip(segment) {
                let (from, to) = (low.max(start(j)), high.min(ends[j]));
                if to > from {
                    marginal =
                        marginal.add(item.rate.mul(Ratio::new(unsigned(to - from), unsigned(double_multiplier))));
                }
                if ends[j] >= high {
                    break;
                }
            }
            runs.push(Run { marginal, pool: pool_index, order, cents: 1 });
            cents += 1;
        }
        order += 1;
    }
}

/// Exact continuous optimum of the `free` indicators (scores anywhere between their current
/// numerator and their best) given the other numerators, realised on the raw grid; `None` if the
/// best of every free indicator still falls short.
fn allocate_continuous(
    rubric: &Rubric,
    numerators: &[i128],
    ladders: &[Option<Ladder>],
    efforts: &[Decimal],
    free: &[usize],
    target: Cents,
) -> Option<Continuous> {
    let pools = build_pools(rubric, numerators, ladders, efforts, free);
    let current: i128 = pools.iter().map(|pool| pool.cents(pool.base)).sum();
    let best: i128 = pools.iter().map(|pool| pool.cents(pool.base + pool.capacity())).sum();
    let target = i128::from(target.hundredths());
    if best < target {
        return None;
    }
    let mut continuous = Continuous { cost: Ratio::ZERO, levels: Vec::new(), slack: Ratio::ZERO };
    if current >= target {
        return Some(continuous);
    }
    // Separable convex allocation: the cheapest `target − current` cent increments over all pools.
    let mut runs = Vec::new();
    for (pool_index, pool) in pools.iter().enumerate() {
        pool_runs(pool, pool_index, &mut runs);
    }
    sort_by(&mut runs, |a, b| a.marginal.cmp(&b.marginal).then(a.pool.cmp(&b.pool)).then(a.order.cmp(&b.order)));
    let mut extra = vec![0i128; pools.len()];
    let mut missing = target - current;
    for run in &runs {
        let taken = run.cents.min(missing);
        extra[run.pool] += taken;
        continuous.cost = continuous.cost.add(run.marginal.mul(Ratio::new(unsigned(taken), 1)));
        missing -= taken;
        if missing == 0 {
            break;
        }
    }
    debug_assert_eq!(missing, 0, "the pools reach `best ≥ target`");

    // Realise: fill each pool's items in order; the last one to the smallest sufficient grid level.
    for (pool, extra) in pools.iter().zip(extra) {
        if extra == 0 {
            continue;
        }
        let scaled_need = pool.scaled_need(pool.cents(pool.base) + extra);
        let double_multiplier = 2 * pool.multiplier;
        // Whole numerator units: capacities are integers, so the ceiling never crosses a segment end.
        let mut need = (scaled_need + double_multiplier - 1) / double_multiplier;
        for item in &pool.items {
            let ladder = ladders[item.position].as_ref().expect("pool items have a ladder");
            if item.coefficient * item.headroom <= need {
                continuous.levels.push((item.position, ladder.top()));
                need -= item.coefficient * item.headroom;
            } else {
                let raise = (need + item.coefficient - 1) / item.coefficient;
                let wanted = numerators[item.position] + raise;
                let level = lowest_level_at_least(rubric, item.position, ladder, wanted);
                continuous.levels.push((item.position, level));
                continuous.slack =
                    continuous.slack.add(raise_cost(rubric, efforts, item.position, ladder.step_numerator()));
                need = 0;
            }
            if need == 0 {
                break;
            }
        }
    }
    Some(continuous)
}

/// Smallest level whose score numerator is at least `wanted` (levels are ordered by score and
/// the top level is full marks, which is at least any `wanted` the allocation asks for).
fn lowest_level_at_least(rubric: &Rubric, position: usize, ladder: &Ladder, wanted: i128) -> i128 {
    let (mut low, mut high) = (ladder.bottom(), ladder.top());
    while low < high {
        let middle = low + (high - low) / 2;
        if ladder.numerator(rubric, position, middle) >= wanted { high = middle } else { low = middle + 1 }
    }
    low
}

/// Lowers each raise, most expensive per point of total first, to the smallest grid level (or no
/// raise) that still reaches the target with the others as they are.
fn trim(
    rubric: &Rubric,
    values: &UnitValues,
    ladders: &[Option<Ladder>],
    efforts: &[Decimal],
    target: Cents,
    levels: &mut [Option<i128>],
) {
    let mut numerators = applied_numerators(rubric, values, ladders, levels);
    let mut raised: Vec<usize> = (0..levels.len()).filter(|&p| levels[p].is_some()).collect();
    sort_by(&mut raised, |&a, &b| payoff(rubric, efforts, a).cmp(&payoff(rubric, efforts, b)).then(b.cmp(&a)));
    for position in raised {
        let ladder = ladders[position].as_ref().expect("raised positions have a ladder");
        let current = values.numerators()[position];
        numerators[position] = current;
        if total_cents(rubric, &numerators, None) >= target {
            levels[position] = None;
            continue;
        }
        if let Some(level) = lowest_reaching(rubric, &mut numerators, position, ladder, target) {
            levels[position] = Some(level);
            numerators[position] = ladder.numerator(rubric, position, level).max(current);
        } else {
            numerators[position] =
                ladder.numerator(rubric, position, levels[position].unwrap_or(ladder.top())).max(current);
        }
    }
}

/// An exact non-negative rational for costs and marginal costs: reduced, compared with 256-bit
/// products so comparisons never overflow.
#[derive(Clone, Copy, Debug)]
struct Ratio {
    numerator: u128,
    denominator: u128,
}

impl Ratio {
    const ZERO: Ratio = Ratio { numerator: 0, denominator: 1 };

    fn new(numerator: u128, denominator: u128) -> Ratio {
        let divisor = gcd_u128(numerator, denominator).max(1);
        Ratio { numerator: numerator / divisor, denominator: (denominator / divisor).max(1) }
    }

    fn add(self, other: Ratio) -> Ratio {
        let divisor = gcd_u128(self.denominator, other.denominator).max(1);
        let (left_scale, right_scale) = (other.denominator / divisor, self.denominator / divisor);
        let exact = (|| {
            let numerator =
                self.numerator.checked_mul(left_scale)?.checked_add(other.numerator.checked_mul(right_scale)?)?;
            Some(Ratio::new(numerator, self.denominator.checked_mul(left_scale)?))
        })();
        // Far beyond real rubrics and efforts: drop low bits of both terms until the sum fits.
        exact.unwrap_or_else(|| match (self.denominator, other.denominator) {
            (1, 1) => Ratio { numerator: self.numerator.saturating_add(other.numerator), denominator: 1 },
            _ => self.coarser().add(other.coarser()),
        })
    }

    fn mul(self, other: Ratio) -> Ratio {
        let first = gcd_u128(self.numerator, other.denominator).max(1);
        let second = gcd_u128(other.numerator, self.denominator).max(1);
        let (a, d) = (self.numerator / first, other.denominator / first);
        let (c, b) = (other.numerator / second, self.denominator / second);
        match (a.checked_mul(c), b.checked_mul(d)) {
            (Some(numerator), Some(denominator)) => Ratio::new(numerator, denominator),
            _ if b == 1 && d == 1 => Ratio { numerator: a.saturating_mul(c), denominator: 1 },
            _ => self.coarser().mul(other.coarser()),
        }
    }

    /// Nearly the same value with a smaller denominator (only for overflowing, unrealistic costs).
    fn coarser(self) -> Ratio {
        if self.denominator > u128::from(u32::MAX) {
            Ratio::new(self.numerator >> 32, self.denominator >> 32)
        } else {
            Ratio { numerator: self.numerator / self.denominator, denominator: 1 }
        }
    }

    fn to_exact(self) -> Exact {
        let mut ratio = self;
        while ratio.numerator > i128::MAX as u128 || ratio.denominator > i128::MAX as u128 {
            ratio = Ratio::new(ratio.numerator >> 1, (ratio.denominator >> 1).max(1));
        }
        Exact::new(ratio.numerator as i128, ratio.denominator as i128)
    }
}

impl PartialEq for Ratio {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Ratio {}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ratio {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        wide_mul(self.numerator, other.denominator).cmp(&wide_mul(other.numerator, self.denominator))
    }
}

/// `a × b` as `(high, low)` 128-bit halves.
fn wide_mul(a: u128, b: u128) -> (u128, u128) {
    const LOW: u128 = u64::MAX as u128;
    let (a_high, a_low, b_high, b_low) = (a >> 64, a & LOW, b >> 64, b & LOW);
    let (low_low, high_low, low_high, high_high) = (a_low * b_low, a_high * b_low, a_low * b_high, a_high * b_high);
    let middle = (low_low >> 64) + (high_low & LOW) + (low_high & LOW);
    let low = (low_low & LOW) | (middle << 64);
    let high = high_high + (high_low >> 64) + (low_high >> 64) + (middle >> 64);
    (high, low)
}

fn gcd_u128(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Smallest level of `position` that reaches the target with the other numerators as they are
/// (the caller's value at `position` is ignored and restored).
fn lowest_reaching(
    rubric: &Rubric,
    numerators: &mut [i128],
    position: usize,
    ladder: &Ladder,
    target: Cents,
) -> Option<i128> {
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
    Scale {
        direction: Direction,
        unit_micros: i64,
        bottom: i128,
        top: i128,
        min_micros: i64,
        max_micros: i64,
        step: i128,
    },
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
                    min_micros: scale.min().micros(),
                    max_micros: scale.max().micros(),
                    step: scale_step(scale) * i128::from(unit_micros),
                })
            }
            Rule::Category(category) => {
                let mut labels: Vec<usize> = (0..category.labels().len())
                    .filter(|&i| rubric.numerator(position, IndicatorValue::Label(i)) > current)
                    .collect();
                sort_by_key(&mut labels, |&i| (category.labels()[i].points, i));
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
            Ladder::Scale { direction, unit_micros, min_micros, max_micros, .. } => {
                let micros = level as i64 * unit_micros;
                let micros = if *direction == Direction::Higher { micros } else { -micros };
                // The grid value past an off-grid target may lie beyond the range: the range's end
                // still earns full marks and is a value the rule accepts.
                let micros = micros.clamp(*min_micros, *max_micros);
                IndicatorValue::Number(Decimal::from_micros(micros).unwrap_or(Decimal::ZERO))
            }
            Ladder::Category { labels } => {
                IndicatorValue::Label(labels[level.clamp(0, labels.len() as i128 - 1) as usize])
            }
            Ladder::Boolean => IndicatorValue::Boolean(true),
        }
    }

    /// Score numerator of one raw grid step (scale rules; 0 otherwise).
    fn step_numerator(&self) -> i128 {
        match self {
            Ladder::Scale { step, .. } => *step,
            Ladder::Category { .. } | Ladder::Boolean => 0,
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
