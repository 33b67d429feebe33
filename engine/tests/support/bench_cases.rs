//! Inputs shared by the native benchmarks (`benches/scoring.rs`) and the wasm timing test
//! (`tests/wasm_bench.rs`), so both measure the same work.

use engine::{Decimal, RawValue, Rubric, UnitValues};

/// The real kab/kota 2023 rubric.
pub const KABKOTA_2023: &str = include_str!("../../../public/rubrics/rubric-kabkota-2023.json");

/// Units in the large ranking benchmark.
pub const POPULATION_UNITS: usize = 22_000;
/// Indicators of the synthetic rubric.
pub const SYNTHETIC_INDICATORS: usize = 20;

pub fn kabkota_rubric() -> Rubric {
    Rubric::parse_json(KABKOTA_2023).expect("the kab/kota 2023 rubric parses")
}

/// Deterministic values with two decimals, in 40.00–99.99.
fn value(seed: usize, position: usize) -> Decimal {
    let mixed = (seed as u64)
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add((position as u64).wrapping_mul(1_442_695_040_888_963_407));
    let hundredths = 4_000 + (mixed >> 33) % 6_000;
    Decimal::from_micros(hundredths as i64 * 10_000).expect("values are within range")
}

/// One kab/kota unit with every value present.
pub fn kabkota_unit(rubric: &Rubric, seed: usize) -> UnitValues {
    let mut values = UnitValues::empty(rubric);
    for position in 0..rubric.indicators().len() {
        values.set(rubric, position, RawValue::Number(value(seed, position))).expect("values fit the 0-100 scales");
    }
    values
}

/// A synthetic rubric: six spirits, 20 scale indicators with two-decimal weights.
pub fn synthetic_rubric() -> Rubric {
    let spirits = [("C", 20), ("E", 20), ("T", 15), ("TR", 5), ("A", 25), ("R", 15)];
    let spirit_json: Vec<String> = spirits
        .iter()
        .map(|(code, weight)| format!(r#"{{"code":"{code}","name":"{code}","weight":{weight}}}"#))
        .collect();
    let indicator_json: Vec<String> = (0..SYNTHETIC_INDICATORS)
        .map(|i| {
            let (spirit, _) = spirits[i % spirits.len()];
            format!(
                r#"{{"code":"IND_{i}","name":"Indikator {i}","spirit":"{spirit}","weight":{}.{:02},"rule":{{"kind":"scale","min":0,"max":{}}}}}"#,
                10 + i,
                (i * 7) % 100,
                if i % 3 == 0 { 5 } else { 100 }
            )
        })
        .collect();
    let text = format!(
        r#"{{"schema":"sibekisar.rubric/v1","id":"synthetic","name":"Synthetic","spirits":[{}],"indicators":[{}]}}"#,
        spirit_json.join(","),
        indicator_json.join(",")
    );
    Rubric::parse_json(&text).expect("the synthetic rubric parses")
}

/// The synthetic population, deterministic.
pub fn synthetic_population(rubric: &Rubric) -> Vec<(String, UnitValues)> {
    (0..POPULATION_UNITS)
        .map(|unit| {
            let mut values = UnitValues::empty(rubric);
            for (position, indicator) in rubric.indicators().iter().enumerate() {
                let raw = value(unit, position);
                let raw = match indicator.rule() {
                    engine::Rule::Scale(scale) if scale.max() < Decimal::HUNDRED => {
                        Decimal::from_micros(raw.micros() / 20).expect("in range")
                    }
                    _ => raw,
                };
                values.set(rubric, position, RawValue::Number(raw)).expect("values fit the scales");
            }
            (format!("Unit {unit:05}"), values)
        })
        .collect()
}

/// Indicators of the rubric-editor benchmark.
pub const EDITOR_INDICATORS: usize = 25;

/// The rubric editor's case: a draft of six spirits and 25 scale indicators, and 22,000 units'
/// stored values for it (as the Dampak panel holds them).
pub fn weight_edit_case() -> (engine::draft::RubricDraft, engine::impact::Population) {
    use engine::draft::{IndicatorDraft, RubricDraft, RuleDraft};
    let mut draft = RubricDraft::cettar();
    draft.id = "bench".into();
    draft.name = "Bench".into();
    draft.indicators = (0..EDITOR_INDICATORS)
        .map(|i| IndicatorDraft {
            code: format!("IND_{i}"),
            name: format!("Indikator {i}"),
            spirit: draft.spirits[i % draft.spirits.len()].code.clone(),
            weight: format!("{}.{:02}", 10 + i, (i * 7) % 100),
            rule: RuleDraft { min: "0".into(), max: "100".into(), ..RuleDraft::default() },
            ..IndicatorDraft::default()
        })
        .collect();
    let mut population = engine::impact::Population::new();
    let codes: Vec<String> = draft.indicators.iter().map(|i| i.code.clone()).collect();
    for unit in 0..POPULATION_UNITS {
        population.push_unit(
            &format!("u{unit}"),
            &format!("Unit {unit:05}"),
            codes.iter().enumerate().map(|(p, c)| (c.as_str(), engine::impact::StoredValue::Number(value(unit, p)))),
        );
    }
    (draft, population)
}

/// One weight edit in the editor: the draft is checked into a rubric, and every unit is
/// re-scored and re-ranked under it. `step` varies the edited weight.
/// The values checked once (when the panel loads) are reused: a weight edit changes no rule.
pub fn weight_edit(
    draft: &engine::draft::RubricDraft,
    population: &engine::impact::Population,
    cache: &mut engine::impact::ValuesCache,
    step: usize,
) -> engine::impact::Standing {
    let mut edited = draft.clone();
    edited.indicators[3].weight = format!("{}", 5 + step % 20);
    let rubric = edited.to_rubric().expect("the benchmark draft is valid");
    population.score_with(&rubric, cache)
}
