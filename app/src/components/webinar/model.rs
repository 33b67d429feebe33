//! The webinar's pure logic, unit-tested natively: the guided walk-through of how one unit's
//! score is built (indicator raw value → indicator score → spirit score → contribution → total →
//! grade, every number from `engine::score_unit`), and the sandbox (a copy of a published
//! population's raw values with the trainer's changes on top, re-scored and re-ranked by the
//! engine; the changes serialise to a small JSON kept only in the browser).

use std::collections::BTreeMap;

use crate::api::json::{self, Fields, Json, Object};
use crate::assessment::cell::stored_text;
use crate::i18n::{Lang, format_fixed, format_fixed_trimmed};
use crate::simulation::{baseline_from_entries, exact_scaled, format_decimal};
use engine::{Cents, Exact, Grade, Rounding, Rubric, UnitValues};

/// Raw values of one unit: indicator code → the stored JSON text (`85`, `"WTP"`, `true`, `null`).
pub type RawValues = BTreeMap<String, String>;

/// One indicator line of a spirit step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalkIndicator {
    pub code: String,
    pub name: String,
    /// The raw value as entered (`WTP`, `94,16`), empty when missing.
    pub raw: String,
    /// The converted 0–100 score, two decimals.
    pub score: String,
    pub weight: String,
}

/// One spirit: its indicators, their weighted average (the spirit score) and its contribution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalkSpirit {
    pub code: String,
    pub name: String,
    /// The spirit's weight (percent or points).
    pub weight: String,
    pub indicators: Vec<WalkIndicator>,
    pub weight_sum: String,
    /// Σ wᵢ·sᵢ / Σ wᵢ.
    pub score: String,
    /// score × weight / 100, exact (up to six decimals; `≈` when it has more).
    pub exact_contribution: String,
    /// Rounded half-up to two decimals (per-spirit rounding) in cents.
    pub contribution_cents: i64,
}

/// The whole walk-through of one unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Walk {
    pub spirits: Vec<WalkSpirit>,
    /// Whether the rubric rounds each contribution (the product rule) or only the total.
    pub rounds_per_spirit: bool,
    /// The exact sum of the unrounded contributions.
    pub exact_sum: String,
    pub total_cents: i64,
    pub grade: Grade,
    /// Indicator codes with no value (they count as 0).
    pub missing: Vec<String>,
}

/// An exact engine number: trimmed to at least two decimals when it has at most six, else `≈` and
/// six decimals.
pub fn exact_text(value: Exact, lang: Lang) -> String {
    if value.is_exact_at(6) {
        format_fixed_trimmed(exact_scaled(value, 6), 6, 2, lang)
    } else {
        format!("≈{}", format_fixed(exact_scaled(value, 6), 6, lang))
    }
}

/// Builds the walk-through from the rubric and the unit's raw values, scoring with the engine.
pub fn build_walk(rubric: &Rubric, raw: &RawValues, lang: Lang) -> Walk {
    let (values, _) = baseline_from_entries(rubric, raw.iter().map(|(code, json)| (code.as_str(), json.as_str())));
    let result = engine::score_unit(rubric, &values);
    let indicators = rubric.indicators();
    let spirits = rubric
        .spirits()
        .iter()
        .zip(&result.spirits)
        .map(|(spirit, spirit_result)| {
            let positions = spirit.indicator_positions();
            let weight_micros: i64 =
                positions.iter().map(|&position| indicators[position].weight().value().micros()).sum();
            WalkSpirit {
                code: spirit.code().as_str().to_owned(),
                name: spirit.name().to_owned(),
                weight: format_decimal(spirit.weight().value(), lang),
                indicators: positions
                    .iter()
                    .map(|&position| {
                        let indicator = &indicators[position];
                        let code = indicator.code().as_str();
                        WalkIndicator {
                            code: code.to_owned(),
                            name: indicator.name().to_owned(),
                            raw: raw
                                .get(code)
                                .map(|json| stored_text(rubric, position, json, lang))
                                .unwrap_or_default(),
                            score: format_fixed(exact_scaled(result.indicators[position].score, 2), 2, lang),
                            weight: format_decimal(indicator.weight().value(), lang),
                        }
                    })
                    .collect(),
                weight_sum: format_fixed_trimmed(weight_micros, 6, 0, lang),
                score: exact_text(spirit_result.score, lang),
                exact_contribution: exact_text(spirit_result.exact_contribution, lang),
                contribution_cents: spirit_result.contribution.hundredths(),
            }
        })
        .collect();
    let exact_sum = sum_exact(result.spirits.iter().map(|spirit| spirit_result_exact(spirit.exact_contribution)));
    Walk {
        spirits,
        rounds_per_spirit: rubric.rounding() == Rounding::PerSpirit,
        exact_sum: exact_sum
            .map_or_else(String::new, |(numerator, denominator)| exact_fraction_text(numerator, denominator, lang)),
        total_cents: result.total.hundredths(),
        grade: result.grade,
        missing: result.missing.iter().map(|&position| indicators[position].code().as_str().to_owned()).collect(),
    }
}

fn spirit_result_exact(value: Exact) -> (i128, i128) {
    (value.numerator(), value.denominator())
}

/// Σ of fractions, exactly (`None` on overflow, which rubric validation rules out).
fn sum_exact(fractions: impl Iterator<Item = (i128, i128)>) -> Option<(i128, i128)> {
    fractions.into_iter().try_fold((0i128, 1i128), |(numerator, denominator), (n, d)| {
        let common = engine::decimal::checked_lcm(denominator, d)?;
        let left = numerator.checked_mul(common / denominator)?;
        let right = n.checked_mul(common / d)?;
        Some((left.checked_add(right)?, common))
    })
}

fn exact_fraction_text(numerator: i128, denominator: i128, lang: Lang) -> String {
    let scaled = numerator.checked_mul(1_000_000).map(|n| engine::decimal::div_round_half_up(n, denominator));
    let Some(scaled) = scaled.and_then(|value| i64::try_from(value).ok()) else {
        return String::new();
    };
    let exact = numerator.checked_mul(1_000_000).is_some_and(|n| n % denominator == 0);
    let text = format_fixed_trimmed(scaled, 6, 2, lang);
    if exact { text } else { format!("≈{text}") }
}

/// The trainer's changes: unit code → indicator code → raw JSON text (`null` clears a value).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SandboxChanges {
    pub period: String,
    pub population: String,
    pub units: BTreeMap<String, RawValues>,
}

impl SandboxChanges {
    /// Reads stored changes; anything unreadable is no change at all.
    pub fn from_json(text: &str) -> SandboxChanges {
        let read = |document: &Json| {
            let fields = Fields::new(document)?;
            Ok::<_, json::ShapeError>(SandboxChanges {
                period: fields.req("period")?,
                population: fields.req("population")?,
                units: fields.or_default("units")?,
            })
        };
        json::parse(text).ok().and_then(|document| read(&document).ok()).unwrap_or_default()
    }

    /// `{"period":…,"population":…,"units":{"unit":{"CODE":"raw JSON text"}}}`.
    pub fn to_json(&self) -> String {
        let units = self.units.iter().fold(Object::new(), |object, (unit, values)| object.string_map(unit, values));
        Object::new()
            .string("period", &self.period)
            .string("population", &self.population)
            .raw("units", &units.finish())
            .finish()
    }

    /// Whether these changes belong to this period and population.
    pub fn is_for(&self, period: &str, population: &str) -> bool {
        self.period == period && self.population == population
    }

    /// Sets one value (raw JSON text, `null` to clear it); setting the official value again
    /// removes the change.
    pub fn set(&mut self, unit_code: &str, indicator_code: &str, raw_json: String, official: &RawValues) {
        let official_json = official.get(indicator_code).map_or("null", String::as_str);
        let unit = self.units.entry(unit_code.to_owned()).or_default();
        if raw_json == official_json {
            unit.remove(indicator_code);
        } else {
            unit.insert(indicator_code.to_owned(), raw_json);
        }
        if unit.is_empty() {
            self.units.remove(unit_code);
        }
    }

    /// The unit's raw values with the changes on top.
    pub fn values_of(&self, unit_code: &str, official: &RawValues) -> RawValues {
        let mut values = official.clone();
        if let Some(changes) = self.units.get(unit_code) {
            values.extend(changes.iter().map(|(code, json)| (code.clone(), json.clone())));
        }
        values
    }
}

/// One unit held by the sandbox: the official raw values and the official total (API text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SandboxUnit {
    pub code: String,
    pub name: String,
    pub official: RawValues,
    pub official_total: Cents,
    pub official_rank: i64,
}

/// One line of the sandbox ranking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SandboxLine {
    pub unit_idx: usize,
    pub rank: usize,
    pub total: Cents,
    pub grade: Grade,
    pub changed: bool,
}

/// Scores every unit with the changes applied and ranks them (engine ranking: ties share a rank).
pub fn sandbox_ranking(rubric: &Rubric, units: &[SandboxUnit], changes: &SandboxChanges) -> Vec<SandboxLine> {
    let scored: Vec<(&str, UnitValues)> = units
        .iter()
        .map(|unit| {
            let raw = changes.values_of(&unit.code, &unit.official);
            let (values, _) =
                baseline_from_entries(rubric, raw.iter().map(|(code, json)| (code.as_str(), json.as_str())));
            (unit.name.as_str(), values)
        })
        .collect();
    engine::score_and_rank(rubric, &scored)
        .into_iter()
        .map(|ranked| SandboxLine {
            unit_idx: ranked.input_index,
            rank: ranked.rank,
            total: ranked.total,
            grade: ranked.grade,
            changed: changes.units.contains_key(&units[ranked.input_index].code),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUBRIC: &str = r#"{"schema":"sibekisar.rubric/v1","id":"t","name":"T",
        "spirits":[{"code":"C","name":"Cepat","weight":20},{"code":"A","name":"Akuntabel","weight":80}],
        "indicators":[
          {"code":"IKM","name":"IKM","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":100}},
          {"code":"KIPP","name":"KIPP","spirit":"C","weight":2,"rule":{"kind":"scale","min":0,"max":100}},
          {"code":"OPINI","name":"Opini BPK","spirit":"A","weight":1,
           "rule":{"kind":"category","points":{"WTP":100,"WDP":70}}}]}"#;

    fn rubric() -> Rubric {
        Rubric::parse_json(RUBRIC).expect("the test rubric is valid")
    }

    fn raw(pairs: &[(&str, &str)]) -> RawValues {
        pairs.iter().map(|(code, json)| ((*code).to_owned(), (*json).to_owned())).collect()
    }

    #[test]
    fn the_walk_through_shows_each_step_with_the_engines_numbers() {
        let rubric = rubric();
        let walk = build_walk(&rubric, &raw(&[("IKM", "85.5"), ("KIPP", "70"), ("OPINI", "\"WDP\"")]), Lang::Id);
        let cepat = &walk.spirits[0];
        assert_eq!(cepat.indicators[0].raw, "85,5");
        assert_eq!(cepat.indicators[0].score, "85,50");
        assert_eq!(cepat.weight_sum, "3");
        // (1 × 85.5 + 2 × 70) / 3 = 75.1666…; × 20 / 100 = 15.0333… → 15.03.
        assert_eq!(cepat.score, "≈75,166667");
        assert_eq!(cepat.exact_contribution, "≈15,033333");
        assert_eq!(cepat.contribution_cents, 1503);
        let akuntabel = &walk.spirits[1];
        assert_eq!(akuntabel.indicators[0].raw, "WDP");
        assert_eq!(akuntabel.exact_contribution, "56,00");
        assert_eq!(walk.total_cents, 7103);
        assert_eq!(walk.grade, Grade::B);
        assert_eq!(walk.exact_sum, "≈71,033333");
        assert!(walk.rounds_per_spirit);
        assert!(walk.missing.is_empty());
        let total = engine::score_total(
            &rubric,
            &baseline_from_entries(&rubric, [("IKM", "85.5"), ("KIPP", "70"), ("OPINI", "\"WDP\"")]).0,
        );
        assert_eq!(walk.total_cents, total.hundredths(), "the walk-through total is the engine's");
    }

    #[test]
    fn a_missing_value_counts_as_zero_and_is_named() {
        let walk = build_walk(&rubric(), &raw(&[("IKM", "100"), ("OPINI", "null")]), Lang::En);
        assert_eq!(walk.missing, ["KIPP", "OPINI"]);
        assert_eq!(walk.spirits[1].indicators[0].raw, "");
        assert_eq!(walk.total_cents, 667);
        assert_eq!(walk.grade, Grade::E);
    }

    #[test]
    fn sandbox_changes_rescore_and_rerank_and_reverting_a_value_removes_the_change() {
        let rubric = rubric();
        let unit = |code: &str, ikm: &str, rank: i64| SandboxUnit {
            code: code.to_owned(),
            name: code.to_owned(),
            official: raw(&[("IKM", ikm), ("KIPP", "50"), ("OPINI", "\"WTP\"")]),
            official_total: Cents::new(0),
            official_rank: rank,
        };
        let units = vec![unit("a", "90", 1), unit("b", "60", 2)];
        let mut changes = SandboxChanges { period: "p".into(), population: "x".into(), ..SandboxChanges::default() };
        let before = sandbox_ranking(&rubric, &units, &changes);
        assert_eq!((before[0].unit_idx, before[0].rank, before[0].changed), (0, 1, false));

        changes.set("b", "IKM", "100".into(), &units[1].official);
        let after = sandbox_ranking(&rubric, &units, &changes);
        assert_eq!((after[0].unit_idx, after[0].rank, after[0].changed), (1, 1, true));
        assert!(after[0].total > before[1].total);

        let stored = SandboxChanges::from_json(&changes.to_json());
        assert_eq!(stored, changes);
        assert!(stored.is_for("p", "x") && !stored.is_for("p", "y"));

        changes.set("b", "IKM", "60".into(), &units[1].official);
        assert!(changes.units.is_empty(), "the official value again is no change");
        assert_eq!(SandboxChanges::from_json("not json"), SandboxChanges::default());
    }

    /// Written by the serde version of the app (captured from it before the change).
    const SANDBOX_BY_SERDE: &str = r#"{"period":"2023-annual","population":"kabkota","units":{"kab-x":{"IKM":"null","ZI":"true"},"kota-batu":{"IKM":"90.5","OPINI_BPK":"\"WTP\""}}}"#;

    #[test]
    fn sandboxes_stored_by_the_serde_version_load_and_keep_their_shape() {
        let changes = SandboxChanges::from_json(SANDBOX_BY_SERDE);
        assert!(changes.is_for("2023-annual", "kabkota"));
        assert_eq!(changes.units["kota-batu"]["OPINI_BPK"], "\"WTP\"");
        assert_eq!(changes.units["kab-x"]["IKM"], "null");
        assert_eq!(changes.to_json(), SANDBOX_BY_SERDE);
    }
}
