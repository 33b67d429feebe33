//! Property tests: laws of scoring, ranking, what-if and goal-seek.
#![cfg(not(target_arch = "wasm32"))]

use engine::{
    Cents, Decimal, Exact, Goal, GoalSeekOptions, GoalSeekOutcome, RawValue, Rubric, UnitValues, goal_seek,
    score_total, score_unit, what_if,
};
use proptest::prelude::*;

const KABKOTA: &str = include_str!("../../public/rubrics/rubric-kabkota-2023.json");

fn kabkota() -> Rubric {
    Rubric::parse_json(KABKOTA).expect("kab/kota rubric parses")
}

fn hundredths(value: u32) -> Decimal {
    Decimal::from_micros(i64::from(value) * 10_000).expect("small values fit")
}

/// Values 0.00–100.00 (or missing) for the 22 kab/kota indicators.
fn kabkota_values() -> impl Strategy<Value = Vec<Option<u32>>> {
    proptest::collection::vec(proptest::option::weighted(0.9, 0u32..=10_000), 22)
}

fn build(rubric: &Rubric, values: &[Option<u32>]) -> UnitValues {
    let mut unit = UnitValues::empty(rubric);
    for (position, value) in values.iter().enumerate() {
        if let Some(value) = value {
            unit.set(rubric, position, RawValue::Number(hundredths(*value))).expect("0-100 fits the scales");
        }
    }
    unit
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn scores_stay_within_0_and_100(values in kabkota_values()) {
        let rubric = kabkota();
        let result = score_unit(&rubric, &build(&rubric, &values));
        let zero = Exact::new_for_tests(0);
        let hundred = Exact::new_for_tests(100);
        for indicator in &result.indicators {
            prop_assert!(indicator.score >= zero && indicator.score <= hundred);
        }
        for spirit in &result.spirits {
            prop_assert!(spirit.score >= zero && spirit.score <= hundred);
        }
        prop_assert!((0..=10_000).contains(&result.total.hundredths()));
        prop_assert!(result.range.min <= result.range.max && result.range.max.hundredths() <= 10_000);
        prop_assert_eq!(result.total, score_total(&rubric, &build(&rubric, &values)));
    }

    #[test]
    fn raising_a_value_never_lowers_the_total(values in kabkota_values(), position in 0usize..22, raise in 0u32..=10_000) {
        let rubric = kabkota();
        let before = score_total(&rubric, &build(&rubric, &values));
        let mut raised = values.clone();
        raised[position] = Some(raised[position].unwrap_or(0).saturating_add(raise).min(10_000));
        prop_assert!(score_total(&rubric, &build(&rubric, &raised)) >= before);
    }

    #[test]
    fn lower_is_better_scales_reward_lower_values(a in 0u32..=1_000, b in 0u32..=1_000) {
        let rubric = Rubric::parse_json(r#"{"schema":"sibekisar.rubric/v1","id":"l","name":"L",
          "spirits":[{"code":"C","name":"C","weight":100}],
          "indicators":[{"code":"DAYS","name":"Days","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":10,"target":2,"direction":"lower"}}]}"#).unwrap();
        let total = |v: u32| {
            let unit = UnitValues::from_pairs(&rubric, [("DAYS", RawValue::Number(hundredths(v)))]).unwrap();
            score_total(&rubric, &unit)
        };
        let (low, high) = (a.min(b), a.max(b));
        prop_assert!(total(low) >= total(high));
    }

    #[test]
    fn indicator_order_in_the_rubric_does_not_matter(values in kabkota_values(), seed in any::<u64>()) {
        let rubric = kabkota();
        let document: serde_json::Value = serde_json::from_str(KABKOTA).unwrap();
        let mut shuffled = document.clone();
        let indicators = shuffled["indicators"].as_array_mut().unwrap();
        // Fisher-Yates with a simple LCG driven by the seed.
        let mut state = seed | 1;
        for i in (1..indicators.len()).rev() {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            indicators.swap(i, (state >> 33) as usize % (i + 1));
        }
        let shuffled_rubric = Rubric::parse_json(&shuffled.to_string()).unwrap();
        let pairs: Vec<(String, Decimal)> = values.iter().enumerate().filter_map(|(p, v)| {
            v.map(|v| (rubric.indicators()[p].code().as_str().to_string(), hundredths(v)))
        }).collect();
        let unit = |r: &Rubric| UnitValues::from_pairs(r, pairs.iter().map(|(c, d)| (c.as_str(), RawValue::Number(*d)))).unwrap();
        prop_assert_eq!(score_total(&rubric, &unit(&rubric)), score_total(&shuffled_rubric, &unit(&shuffled_rubric)));
    }

    #[test]
    fn what_if_without_changes_equals_the_baseline(values in kabkota_values(), peers in proptest::collection::vec(0i64..=10_000, 0..40)) {
        let rubric = kabkota();
        let baseline = build(&rubric, &values);
        let peers: Vec<Cents> = peers.into_iter().map(Cents::new).collect();
        let answer = what_if(&rubric, &baseline, &[], &peers).unwrap();
        prop_assert_eq!(&answer.baseline, &answer.scenario);
        prop_assert_eq!(answer.total_delta, 0);
        prop_assert!(answer.spirit_deltas.iter().all(|&d| d == 0));
        prop_assert_eq!(answer.rank_before, answer.rank_after);
        prop_assert!(!answer.grade_changed());
    }
}

/// A small rubric: two spirits, integer scales 0–10, for exhaustive goal-seek comparisons.
fn small_rubric(weights: &[u32], spirit_weight: u32) -> Rubric {
    let indicators: Vec<String> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let spirit = if i % 2 == 0 { "C" } else { "A" };
            format!(r#"{{"code":"I{i}","name":"I{i}","spirit":"{spirit}","weight":{w},"rule":{{"kind":"scale","min":0,"max":10}}}}"#)
        })
        .collect();
    Rubric::parse_json(&format!(
        r#"{{"schema":"sibekisar.rubric/v1","id":"s","name":"S","spirits":[{{"code":"C","name":"C","weight":{spirit_weight}}},{{"code":"A","name":"A","weight":{}}}],"indicators":[{}]}}"#,
        100 - spirit_weight,
        indicators.join(",")
    ))
    .unwrap()
}

/// Cheapest cost (in score points × effort) over every raise on the integer grid, by brute force.
fn exhaustive_cheapest(
    rubric: &Rubric,
    start: &[u32],
    efforts: &[u32],
    locked: &[bool],
    target: Cents,
) -> Option<Exact> {
    let count = start.len();
    let mut best: Option<(i64, Cents)> = None;
    let mut current = start.to_vec();
    loop {
        let mut unit = UnitValues::empty(rubric);
        for (p, v) in current.iter().enumerate() {
            unit.set(rubric, p, RawValue::Number(Decimal::from_integer(i64::from(*v)).unwrap())).unwrap();
        }
        let total = score_total(rubric, &unit);
        if total >= target {
            // Raising a 0–10 scale by one raw unit raises the score by 10 points.
            let cost: i64 = (0..count).map(|p| i64::from(efforts[p]) * i64::from(current[p] - start[p]) * 10).sum();
            if best.is_none_or(|(b, _)| cost < b) {
                best = Some((cost, total));
            }
        }
        // Next combination (odometer over unlocked indicators from their start to 10).
        let mut position = 0;
        loop {
            if position == count {
                return best.map(|(c, _)| Exact::new_for_tests(c));
            }
            if !locked[position] && current[position] < 10 {
                current[position] += 1;
                break;
            }
            current[position] = start[position];
            position += 1;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn goal_seek_reaches_the_target_and_no_cheaper_plan_exists(
        weights in proptest::collection::vec(1u32..=5, 3..=5),
        spirit_weight in 1u32..=99,
        start in proptest::collection::vec(0u32..=10, 5),
        efforts in proptest::collection::vec(1u32..=3, 5),
        locked in proptest::collection::vec(proptest::bool::weighted(0.2), 5),
        target in 0i64..=10_000,
    ) {
        let count = weights.len();
        let rubric = small_rubric(&weights, spirit_weight);
        let start = &start[..count];
        let locked = &locked[..count];
        let efforts = &efforts[..count];
        let mut unit = UnitValues::empty(&rubric);
        for (p, v) in start.iter().enumerate() {
            unit.set(&rubric, p, RawValue::Number(Decimal::from_integer(i64::from(*v)).unwrap())).unwrap();
        }
        let options = GoalSeekOptions {
            locked: (0..count).filter(|&p| locked[p]).collect(),
            efforts: (0..count).map(|p| (p, Decimal::from_integer(i64::from(efforts[p])).unwrap())).collect(),
            raw_decimals: Some(0),
        };
        let target = Cents::new(target);
        let outcome = goal_seek(&rubric, &unit, Goal::Total(target), &options).unwrap();
        let cheapest = exhaustive_cheapest(&rubric, start, efforts, locked, target);
        match outcome {
            GoalSeekOutcome::AlreadyReached { total } => {
                prop_assert!(total >= target);
                prop_assert_eq!(cheapest, Some(Exact::new_for_tests(0)));
            }
            GoalSeekOutcome::NotReachable { best_total } => {
                prop_assert!(best_total < target);
                prop_assert_eq!(cheapest, None);
            }
            GoalSeekOutcome::Plan { steps, total, cost } => {
                prop_assert!(total >= target);
                // Applying the plan reproduces its total, and no locked indicator moves.
                let mut planned = unit.clone();
                for step in &steps {
                    prop_assert!(!locked[step.position]);
                    planned.set(&rubric, step.position, engine::step_raw_value(&rubric, step)).unwrap();
                }
                prop_assert_eq!(score_total(&rubric, &planned), total);
                let cheapest = cheapest.expect("a plan exists, so brute force finds one");
                prop_assert_eq!(cost, cheapest, "plan {:?} is not the cheapest", steps);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The non-exhaustive searches against brute force: small rubrics with 2–4 indicators over 2–3
// spirits (scales 0–10 on the integer grid, booleans, categories), either rounding rule, random
// starts, efforts and locks. Every score is a multiple of 10, so costs are whole numbers.

use engine::goal_seek::{Strategy as Search, goal_seek_with_strategy};

const LABELS: [(&str, u32); 4] = [("L0", 0), ("L1", 30), ("L2", 70), ("L3", 90)];

#[derive(Clone, Copy, Debug)]
enum Kind {
    Scale,
    Boolean,
    Category,
}

#[derive(Clone, Debug)]
struct Case {
    kinds: Vec<Kind>,
    indicator_weights: Vec<u32>,
    spirit_weights: Vec<u32>,
    total_rounding: bool,
    /// Start option index per indicator (scale value, 0/1, label index).
    start: Vec<usize>,
    efforts: Vec<u32>,
    locked: Vec<bool>,
    /// Where the target lies between the current total (0) and the best total (1000); above
    /// 1000 it is out of reach.
    target_permille: i64,
}

fn case() -> impl Strategy<Value = Case> {
    (2usize..=4, 2usize..=3).prop_flat_map(|(count, spirits)| {
        let spirits = spirits.min(count);
        (
            proptest::collection::vec(
                prop_oneof![6 => Just(Kind::Scale), 1 => Just(Kind::Boolean), 1 => Just(Kind::Category)],
                count,
            ),
            proptest::collection::vec(1u32..=5, count),
            proptest::collection::vec(1u32..=60, spirits),
            any::<bool>(),
            proptest::collection::vec(0usize..=10, count),
            proptest::collection::vec(1u32..=4, count),
            proptest::collection::vec(proptest::bool::weighted(0.2), count),
            0i64..=1_100,
        )
            .prop_map(
                |(
                    kinds,
                    indicator_weights,
                    raw_spirit_weights,
                    total_rounding,
                    start,
                    efforts,
                    locked,
                    target_permille,
                )| {
                    // Spirit weights summing to exactly 100.
                    let sum: u32 = raw_spirit_weights.iter().sum();
                    let mut spirit_weights: Vec<u32> = raw_spirit_weights.iter().map(|w| w * 100 / sum).collect();
                    let assigned: u32 = spirit_weights.iter().sum();
                    spirit_weights[0] += 100 - assigned;
                    let start = start
                        .iter()
                        .zip(&kinds)
                        .map(|(&s, kind)| match kind {
                            Kind::Scale => s,
                            Kind::Boolean => s % 2,
                            Kind::Category => s % LABELS.len(),
                        })
                        .collect();
                    Case {
                        kinds,
                        indicator_weights,
                        spirit_weights,
                        total_rounding,
                        start,
                        efforts,
                        locked,
                        target_permille,
                    }
                },
            )
    })
}

impl Case {
    fn rubric(&self) -> Rubric {
        let spirit_count = self.spirit_weights.len();
        let spirits: Vec<String> = self
            .spirit_weights
            .iter()
            .enumerate()
            .map(|(s, w)| format!(r#"{{"code":"S{s}","name":"S{s}","weight":{w}}}"#))
            .collect();
        let indicators: Vec<String> = self
            .kinds
            .iter()
            .enumerate()
            .map(|(i, kind)| {
                let rule = match kind {
                    Kind::Scale => r#"{"kind":"scale","min":0,"max":10}"#.to_string(),
                    Kind::Boolean => r#"{"kind":"boolean"}"#.to_string(),
                    Kind::Category => format!(
                        r#"{{"kind":"category","points":{{{}}}}}"#,
                        LABELS.iter().map(|(l, p)| format!(r#""{l}":{p}"#)).collect::<Vec<_>>().join(",")
                    ),
                };
                format!(
                    r#"{{"code":"I{i}","name":"I{i}","spirit":"S{}","weight":{},"rule":{rule}}}"#,
                    i % spirit_count,
                    self.indicator_weights[i]
                )
            })
            .collect();
        let rounding = if self.total_rounding { "total" } else { "spirit" };
        Rubric::parse_json(&format!(
            r#"{{"schema":"sibekisar.rubric/v1","id":"b","name":"B","rounding":"{rounding}","spirits":[{}],"indicators":[{}]}}"#,
            spirits.join(","),
            indicators.join(",")
        ))
        .expect("generated rubrics are valid")
    }

    /// Option `k` of indicator `i`: its raw value and score.
    fn option(&self, i: usize, k: usize) -> (RawValue<'static>, u32) {
        match self.kinds[i] {
            Kind::Scale => (RawValue::Number(Decimal::from_integer(k as i64).unwrap()), 10 * k as u32),
            Kind::Boolean => (RawValue::Boolean(k == 1), 100 * k as u32),
            Kind::Category => (RawValue::Label(LABELS[k].0), LABELS[k].1),
        }
    }

    fn option_count(&self, i: usize) -> usize {
        match self.kinds[i] {
            Kind::Scale => 11,
            Kind::Boolean => 2,
            Kind::Category => LABELS.len(),
        }
    }

    fn unit(&self, rubric: &Rubric, choice: &[usize]) -> UnitValues {
        let mut unit = UnitValues::empty(rubric);
        for (i, &k) in choice.iter().enumerate() {
            unit.set(rubric, i, self.option(i, k).0).unwrap();
        }
        unit
    }

    fn options(&self) -> GoalSeekOptions {
        let count = self.kinds.len();
        GoalSeekOptions {
            locked: (0..count).filter(|&p| self.locked[p]).collect(),
            efforts: (0..count).map(|p| (p, Decimal::from_integer(i64::from(self.efforts[p])).unwrap())).collect(),
            raw_decimals: Some(0),
        }
    }

    /// Brute force over every raising choice: the cheapest cost reaching the target (if any)
    /// and the best total.
    fn brute_force(&self, rubric: &Rubric, target: Cents) -> (Option<i64>, Cents) {
        let count = self.kinds.len();
        let start_score: Vec<u32> = (0..count).map(|i| self.option(i, self.start[i]).1).collect();
        let mut choice = self.start.clone();
        let (mut cheapest, mut best_total): (Option<i64>, Cents) = (None, Cents::new(0));
        loop {
            let scores: Vec<u32> = (0..count).map(|i| self.option(i, choice[i]).1).collect();
            if scores.iter().zip(&start_score).all(|(s, s0)| s >= s0) {
                let total = score_total(rubric, &self.unit(rubric, &choice));
                best_total = best_total.max(total);
                if total >= target {
                    let cost: i64 =
                        (0..count).map(|i| i64::from(self.efforts[i]) * i64::from(scores[i] - start_score[i])).sum();
                    cheapest = Some(cheapest.map_or(cost, |c: i64| c.min(cost)));
                }
            }
            let mut i = 0;
            loop {
                if i == count {
                    return (cheapest, best_total);
                }
                if !self.locked[i] && choice[i] + 1 < self.option_count(i) {
                    choice[i] += 1;
                    break;
                }
                choice[i] = self.start[i];
                i += 1;
            }
        }
    }
}

/// Whether `a + b ≥ c`: exactly while the cross products fit 128 bits, else to 12 decimals.
fn sum_at_least(a: Exact, b: Exact, c: Exact) -> bool {
    let exact = (|| {
        let left = a.numerator().checked_mul(b.denominator())?.checked_mul(c.denominator())?;
        let left = left.checked_add(b.numerator().checked_mul(a.denominator())?.checked_mul(c.denominator())?)?;
        Some(left >= c.numerator().checked_mul(a.denominator())?.checked_mul(b.denominator())?)
    })();
    exact.unwrap_or_else(|| {
        let twelve = |e: Exact| e.rounded(12).expect("test costs fit twelve decimals");
        twelve(a) + twelve(b) + 2 >= twelve(c)
    })
}

/// Runs one strategy on a case and checks the plan against brute force; returns the plan's cost
/// (`None` when no plan was needed or possible) with the report and the brute-force optimum.
fn check_against_brute_force(
    case: &Case,
    strategy: Search,
) -> Result<Option<(Exact, engine::goal_seek::GoalSeekReport, i64)>, TestCaseError> {
    let rubric = case.rubric();
    let unit = case.unit(&rubric, &case.start);
    let current = score_total(&rubric, &unit).hundredths();
    let best: Vec<usize> =
        (0..case.kinds.len()).map(|i| if case.locked[i] { case.start[i] } else { case.option_count(i) - 1 }).collect();
    let best = score_total(&rubric, &case.unit(&rubric, &best)).hundredths();
    let target = Cents::new((current + ((best - current) * case.target_permille + 999) / 1000).min(10_000));
    let report = goal_seek_with_strategy(&rubric, &unit, Goal::Total(target), &case.options(), strategy).unwrap();
    let (cheapest, best_total) = case.brute_force(&rubric, target);
    match &report.outcome {
        GoalSeekOutcome::AlreadyReached { total } => {
            prop_assert!(*total >= target);
            prop_assert_eq!(cheapest, Some(0));
            Ok(None)
        }
        GoalSeekOutcome::NotReachable { best_total: reported } => {
            prop_assert_eq!(cheapest, None);
            prop_assert_eq!(*reported, best_total);
            Ok(None)
        }
        GoalSeekOutcome::Plan { steps, total, cost } => {
            prop_assert!(*total >= target);
            let mut planned = unit.clone();
            for step in steps {
                prop_assert!(!case.locked[step.position], "locked indicator {} moved", step.position);
                prop_assert!(step.score_to > step.score_from);
                // `set` rejects values beyond the rule's range or labels it does not know.
                planned.set(&rubric, step.position, engine::step_raw_value(&rubric, step)).unwrap();
            }
            prop_assert_eq!(score_total(&rubric, &planned), *total, "the exact scorer confirms the plan");
            let cheapest = cheapest.expect("a plan exists, so brute force finds one");
            prop_assert!(*cost >= Exact::new_for_tests(cheapest), "a plan cheaper than brute force is impossible");
            Ok(Some((*cost, report, cheapest)))
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// The allocation alone: `LB ≤ brute-force optimum ≤ plan cost ≤ LB + slack` (the guarantee
    /// of the module documentation), and optimal whenever the plan costs exactly `LB`.
    #[test]
    fn allocation_is_bounded_by_its_certificate_against_brute_force(case in case()) {
        if let Some((cost, report, cheapest)) = check_against_brute_force(&case, Search::Allocation)? {
            let lower_bound = report.lower_bound.expect("every category/boolean combination is enumerated here");
            let slack = report.slack.expect("a slack comes with the lower bound");
            prop_assert!(Exact::new_for_tests(cheapest) >= lower_bound, "the continuous optimum bounds the grid optimum");
            prop_assert!(sum_at_least(lower_bound, slack, cost), "cost {:?} beyond {:?} + {:?}", cost, lower_bound, slack);
            if cost == lower_bound {
                prop_assert_eq!(cost, Exact::new_for_tests(cheapest));
            }
        }
    }

    /// The branch and bound (what `goal_seek` runs above the exhaustive limit) is exactly optimal
    /// on the raw grid.
    #[test]
    fn branch_and_bound_equals_brute_force(case in case()) {
        if let Some((cost, _, cheapest)) = check_against_brute_force(&case, Search::BranchAndBound)? {
            prop_assert_eq!(cost, Exact::new_for_tests(cheapest));
        }
    }

    /// `goal_seek` itself on the same cases.
    #[test]
    fn goal_seek_equals_brute_force(case in case()) {
        if let Some((cost, _, cheapest)) = check_against_brute_force(&case, Search::Auto)? {
            prop_assert_eq!(cost, Exact::new_for_tests(cheapest));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// On the real kab/kota rubric (0.01 grid, far beyond brute force) the plan reaches the goal,
    /// and its certificate leaves a gap below 0.01 score point × effort per spirit.
    #[test]
    fn kabkota_plans_are_within_a_hundredth_per_spirit_of_optimal(values in kabkota_values(), target in 0i64..=10_000) {
        let rubric = kabkota();
        let unit = build(&rubric, &values);
        let options = GoalSeekOptions { raw_decimals: Some(2), ..GoalSeekOptions::default() };
        let report = goal_seek_with_strategy(&rubric, &unit, Goal::Total(Cents::new(target)), &options, Search::Auto).unwrap();
        if let GoalSeekOutcome::Plan { steps, total, cost } = &report.outcome {
            prop_assert!(total.hundredths() >= target);
            let mut planned = unit.clone();
            for step in steps {
                planned.set(&rubric, step.position, engine::step_raw_value(&rubric, step)).unwrap();
            }
            prop_assert_eq!(score_total(&rubric, &planned), *total);
            let (lower_bound, slack) = (report.lower_bound.unwrap(), report.slack.unwrap());
            prop_assert!(*cost >= lower_bound);
            prop_assert!(slack.numerator() * 100 <= 6 * slack.denominator(), "one 0.01 step for each of the six spirits at most");
            prop_assert!(sum_at_least(lower_bound, slack, *cost));
        }
    }
}
