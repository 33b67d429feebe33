//! Property tests: laws of scoring, ranking, what-if and goal-seek.
#![cfg(not(target_arch = "wasm32"))]

use engine::{
    goal_seek, score_total, score_unit, what_if, Cents, Decimal, Exact, Goal, GoalSeekOptions, GoalSeekOutcome,
    RawValue, Rubric, UnitValues,
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
fn exhaustive_cheapest(rubric: &Rubric, start: &[u32], efforts: &[u32], locked: &[bool], target: Cents) -> Option<Exact> {
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
