//! What a rubric change does to a population ("Dampak"), and how much of a unit's change between
//! two periods comes from its values and how much from the rubric.
//!
//! A [`Population`] holds stored raw values by indicator code, not checked against any rubric, so
//! the same values can be scored under the period's rubric and under a draft: indicators the
//! draft adds count as missing, retired ones drop out, and a value the draft's rule refuses (a
//! number now outside the scale, a label no longer listed) counts as missing and is reported.
//! Scoring and ranking are the engine's own ([`crate::score_total`], [`crate::rank_by_total`]),
//! so the panel shows exactly what the server will compute once the draft is bound to a period.

use std::collections::BTreeMap;

use crate::decimal::Decimal;
use crate::rank::rank_by_total;
use crate::rubric::Rubric;
use crate::score::{Cents, Grade, score_total};
use crate::values::{RawValue, UnitValues};

/// A stored raw value, owned: a number, a label or yes/no.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoredValue {
    /// For scale rules.
    Number(Decimal),
    /// For category rules.
    Label(String),
    /// For boolean rules.
    Boolean(bool),
}

impl StoredValue {
    /// The value as the engine checks it.
    pub fn as_raw(&self) -> RawValue<'_> {
        match self {
            StoredValue::Number(number) => RawValue::Number(*number),
            StoredValue::Label(label) => RawValue::Label(label),
            StoredValue::Boolean(flag) => RawValue::Boolean(*flag),
        }
    }

    /// Reads a stored value's JSON text (`85.5`, `"WTP"`, `true`); `None` for `null` or anything
    /// else.
    ///
    /// ```
    /// use engine::impact::StoredValue;
    /// assert_eq!(StoredValue::from_json_text("\"WTP\""), Some(StoredValue::Label("WTP".into())));
    /// assert_eq!(StoredValue::from_json_text("null"), None);
    /// ```
    pub fn from_json_text(text: &str) -> Option<StoredValue> {
        match crate::json::parse(text).ok()? {
            crate::json::Json::Number(number) => Decimal::parse(&number).ok().map(StoredValue::Number),
            crate::json::Json::String(label) => Some(StoredValue::Label(label)),
            crate::json::Json::Bool(flag) => Some(StoredValue::Boolean(flag)),
            _ => None,
        }
    }
}

/// One unit of a population.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PopulationUnit {
    /// Unit code.
    pub code: String,
    /// Unit name (ties in the ranking are listed by name).
    pub name: String,
    /// `(index into [`Population::codes`], value)`.
    values: Vec<(usize, StoredValue)>,
}

/// The stored values of every unit of a population, by indicator code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Population {
    codes: Vec<String>,
    code_index: BTreeMap<String, usize>,
    units: Vec<PopulationUnit>,
}

impl Population {
    /// An empty population.
    pub fn new() -> Population {
        Population::default()
    }

    /// Adds a unit with its stored values `(indicator code, value)`.
    pub fn push_unit<'a>(&mut self, code: &str, name: &str, values: impl IntoIterator<Item = (&'a str, StoredValue)>) {
        let values = values
            .into_iter()
            .map(|(indicator_code, value)| {
                let next = self.codes.len();
                let at = *self.code_index.entry(indicator_code.to_string()).or_insert(next);
                if at == next {
                    self.codes.push(indicator_code.to_string());
                }
                (at, value)
            })
            .collect();
        self.units.push(PopulationUnit { code: code.into(), name: name.into(), values });
    }

    /// The units in the order they were added.
    pub fn units(&self) -> &[PopulationUnit] {
        &self.units
    }

    /// Every indicator code with a stored value in some unit.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    /// Each unit's values checked against `rubric`; the second list counts, per position in
    /// [`Population::codes`], the values the rubric's rule refuses (they count as missing).
    pub fn values_under(&self, rubric: &Rubric) -> (Vec<UnitValues>, Vec<usize>) {
        let positions: Vec<Option<usize>> = self.codes.iter().map(|code| rubric.indicator_position(code)).collect();
        let mut refused = vec![0; self.codes.len()];
        let values = self
            .units
            .iter()
            .map(|unit| {
                let mut values = UnitValues::empty(rubric);
                for (code_index, value) in &unit.values {
                    if let Some(position) = positions[*code_index]
                        && values.set(rubric, position, value.as_raw()).is_err()
                    {
                        refused[*code_index] += 1;
                    }
                }
                values
            })
            .collect();
        (values, refused)
    }

    /// Scores and ranks every unit under `rubric`.
    pub fn score(&self, rubric: &Rubric) -> Standing {
        self.score_with(rubric, &mut ValuesCache::default())
    }

    /// As [`Population::score`], reusing the values checked for the previous rubric when the
    /// indicators and their rules are the same (a weight edit re-checks nothing).
    pub fn score_with(&self, rubric: &Rubric, cache: &mut ValuesCache) -> Standing {
        let same = cache.values.len() == self.units.len()
            && cache.key.len() == rubric.indicators().len()
            && cache
                .key
                .iter()
                .zip(rubric.indicators())
                .all(|((code, rule), indicator)| code == indicator.code().as_str() && rule == indicator.rule());
        if !same {
            let (values, refused) = self.values_under(rubric);
            // Ties are listed by name, then by input order: that order is fixed, so it is sorted once.
            let name_order =
                crate::order::sorted_indices(self.units.len(), &mut |l, r| self.units[l].name.cmp(&self.units[r].name));
            *cache = ValuesCache {
                key: rubric.indicators().iter().map(|i| (i.code().as_str().to_string(), i.rule().clone())).collect(),
                values,
                refused,
                name_order,
            };
        }
        let (values, refused) = (&cache.values, cache.refused.clone());
        let totals: Vec<Cents> = values.iter().map(|values| score_total(rubric, values)).collect();
        let places = rank_totals(&totals, &cache.name_order).unwrap_or_else(|| {
            let named: Vec<(&str, Cents)> =
                self.units.iter().zip(&totals).map(|(unit, total)| (unit.name.as_str(), *total)).collect();
            let mut places = vec![Place { rank: 0, total: Cents::new(0), grade: Grade::E }; self.units.len()];
            for ranked in rank_by_total(&named) {
                places[ranked.input_index] = Place { rank: ranked.rank, total: ranked.total, grade: ranked.grade };
            }
            places
        });
        let refused = self.codes.iter().zip(refused).filter(|(_, n)| *n > 0).map(|(c, n)| (c.clone(), n)).collect();
        Standing { places, refused }
    }
}

/// The values of a population checked against the last rubric's rules ([`Population::score_with`]).
#[derive(Clone, Debug, Default)]
pub struct ValuesCache {
    key: Vec<(String, crate::Rule)>,
    values: Vec<UnitValues>,
    refused: Vec<usize>,
    name_order: Vec<usize>,
}

/// Ranks totals exactly as [`rank_by_total`] does (best first, ties by name, then input order)
/// without comparing: units taken in name order are dropped into one bucket per hundredth.
/// `None` if a total is outside 0–100.
fn rank_totals(totals: &[Cents], name_order: &[usize]) -> Option<Vec<Place>> {
    const BUCKETS: usize = 10_001;
    // Bucket b = 10000 − total in hundredths, so bucket 0 holds 100.00 (best first).
    let bucket_of =
        |total: Cents| usize::try_from(total.hundredths()).ok().filter(|&t| t < BUCKETS).map(|t| BUCKETS - 1 - t);
    let mut starts = vec![0usize; BUCKETS + 1];
    for &total in totals {
        starts[bucket_of(total)? + 1] += 1;
    }
    for bucket in 1..=BUCKETS {
        starts[bucket] += starts[bucket - 1];
    }
    // `starts[b]` is where bucket b begins; units taken in name order keep that order inside it.
    let mut order = vec![0usize; totals.len()];
    for &unit in name_order {
        let bucket = bucket_of(totals[unit])?;
        order[starts[bucket]] = unit;
        starts[bucket] += 1;
    }
    let mut places = vec![Place { rank: 0, total: Cents::new(0), grade: Grade::E }; totals.len()];
    let mut previous: Option<(Cents, usize)> = None;
    for (position, &unit) in order.iter().enumerate() {
        let total = totals[unit];
        let rank = match previous {
            Some((previous_total, previous_rank)) if previous_total == total => previous_rank,
            _ => position + 1,
        };
        previous = Some((total, rank));
        places[unit] = Place { rank, total, grade: Grade::from_total(total) };
    }
    Some(places)
}

/// A unit's place under one rubric.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// Standard competition rank.
    pub rank: usize,
    /// Total.
    pub total: Cents,
    /// Grade.
    pub grade: Grade,
}

/// Every unit's place under one rubric, in the population's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing {
    /// Places by unit, in [`Population::units`] order.
    pub places: Vec<Place>,
    /// Indicator codes whose stored values the rubric's rule refuses, with how many.
    pub refused: Vec<(String, usize)>,
}

impl Standing {
    /// How many units have each grade, A to E.
    pub fn grade_counts(&self) -> [usize; 5] {
        let mut counts = [0; 5];
        for place in &self.places {
            counts[grade_index(place.grade)] += 1;
        }
        counts
    }
}

/// The grades in the order of [`Standing::grade_counts`].
pub const GRADES: [Grade; 5] = [Grade::A, Grade::B, Grade::C, Grade::D, Grade::E];

fn grade_index(grade: Grade) -> usize {
    GRADES.iter().position(|g| *g == grade).unwrap_or(4)
}

/// One unit's change from one rubric to another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    /// Position in [`Population::units`].
    pub unit_index: usize,
    /// Place before.
    pub before: Place,
    /// Place after.
    pub after: Place,
}

impl Move {
    /// Change of the total in hundredths.
    pub fn total_change(&self) -> i64 {
        self.after.total.hundredths() - self.before.total.hundredths()
    }

    /// Places gained (positive) or lost (negative).
    pub fn rank_change(&self) -> i64 {
        self.before.rank as i64 - self.after.rank as i64
    }
}

/// What a rubric change does to a population.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Impact {
    /// Places under the base rubric.
    pub before: Standing,
    /// Places under the draft.
    pub after: Standing,
    /// Units whose total or rank changes, the largest change of the total first (then the
    /// largest change of rank, then the new rank).
    pub movers: Vec<Move>,
}

impl Impact {
    /// Units whose grade changes, in [`Impact::movers`] order.
    pub fn grade_changes(&self) -> impl Iterator<Item = &Move> {
        self.movers.iter().filter(|m| m.before.grade != m.after.grade)
    }

    /// The `n` largest gains of the total, largest first.
    pub fn gainers(&self, n: usize) -> Vec<&Move> {
        self.movers.iter().filter(|m| m.total_change() > 0).take(n).collect()
    }

    /// The `n` largest losses of the total, largest first.
    pub fn losers(&self, n: usize) -> Vec<&Move> {
        self.movers.iter().filter(|m| m.total_change() < 0).take(n).collect()
    }
}

/// Scores and ranks a population under the base rubric and under a draft, and lists the movers.
///
/// ```
/// use engine::impact::{Population, StoredValue, impact};
/// let rubric = |w: &str| engine::Rubric::parse_json(&format!(r#"{{"schema":"sibekisar.rubric/v1","id":"d","name":"D",
///   "spirits":[{{"code":"C","name":"C","weight":100}}],
///   "indicators":[{{"code":"A","name":"A","spirit":"C","weight":{w},"rule":{{"kind":"boolean"}}}},
///                 {{"code":"B","name":"B","spirit":"C","weight":1,"rule":{{"kind":"boolean"}}}}]}}"#)).unwrap();
/// let mut population = Population::new();
/// population.push_unit("x", "X", [("A", StoredValue::Boolean(true)), ("B", StoredValue::Boolean(false))]);
/// population.push_unit("y", "Y", [("A", StoredValue::Boolean(false)), ("B", StoredValue::Boolean(true))]);
/// let result = impact(&rubric("1"), &rubric("3"), &population);
/// assert_eq!(result.movers.len(), 2);
/// assert_eq!(result.gainers(1)[0].after.total.to_string(), "75.00");
/// assert_eq!(result.losers(1)[0].after.rank, 2);
/// ```
pub fn impact(base: &Rubric, draft: &Rubric, population: &Population) -> Impact {
    let before = population.score(base);
    let after = population.score(draft);
    let movers = movers(&before, &after);
    Impact { before, after, movers }
}

/// The units whose total or rank differs between two standings of one population, the largest
/// change of the total first (then the largest change of rank, then the new rank).
pub fn movers(before: &Standing, after: &Standing) -> Vec<Move> {
    let mut movers: Vec<Move> = before
        .places
        .iter()
        .zip(&after.places)
        .enumerate()
        .filter(|(_, (b, a))| b.total != a.total || b.rank != a.rank)
        .map(|(unit_index, (b, a))| Move { unit_index, before: *b, after: *a })
        .collect();
    crate::order::sort_by(&mut movers, |left, right| {
        right
            .total_change()
            .abs()
            .cmp(&left.total_change().abs())
            .then_with(|| right.rank_change().abs().cmp(&left.rank_change().abs()))
            .then_with(|| left.after.rank.cmp(&right.after.rank))
    });
    movers
}

/// How a unit's total changed between two periods: `rubric_effect + values_effect` is exactly
/// `later_total − earlier_total`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decomposition {
    /// The earlier total, under the earlier rubric.
    pub earlier_total: Cents,
    /// The earlier values scored under the later rubric (indicators matched by code).
    pub earlier_under_later: Cents,
    /// The later total, under the later rubric.
    pub later_total: Cents,
    /// Later indicators that had no earlier value (new indicators, or missing then).
    pub unmatched: Vec<String>,
    /// Earlier values the later rule refuses (scored as missing).
    pub refused: Vec<String>,
}

impl Decomposition {
    /// The whole change, in hundredths.
    pub fn total_change(&self) -> i64 {
        self.later_total.hundredths() - self.earlier_total.hundredths()
    }

    /// The part that comes from the rubric (same values, new rubric), in hundredths.
    pub fn rubric_effect(&self) -> i64 {
        self.earlier_under_later.hundredths() - self.earlier_total.hundredths()
    }

    /// The part that comes from the unit's values (same rubric, new values), in hundredths.
    pub fn values_effect(&self) -> i64 {
        self.later_total.hundredths() - self.earlier_under_later.hundredths()
    }
}

/// Splits the change of one unit's total between two periods into a rubric part and a values
/// part, scoring the earlier values under the later rubric where the indicator codes match.
///
/// ```
/// use engine::impact::{StoredValue, decompose};
/// let rubric = |w: &str| engine::Rubric::parse_json(&format!(r#"{{"schema":"sibekisar.rubric/v1","id":"d","name":"D",
///   "spirits":[{{"code":"C","name":"C","weight":100}}],
///   "indicators":[{{"code":"A","name":"A","spirit":"C","weight":{w},"rule":{{"kind":"boolean"}}}},
///                 {{"code":"B","name":"B","spirit":"C","weight":1,"rule":{{"kind":"boolean"}}}}]}}"#)).unwrap();
/// let earlier = [("A", StoredValue::Boolean(true)), ("B", StoredValue::Boolean(false))];
/// let later = [("A", StoredValue::Boolean(true)), ("B", StoredValue::Boolean(true))];
/// let split = decompose(&rubric("1"), &earlier, &rubric("3"), &later);
/// assert_eq!((split.rubric_effect(), split.values_effect(), split.total_change()), (2500, 2500, 5000));
/// ```
pub fn decompose(
    earlier_rubric: &Rubric,
    earlier_values: &[(&str, StoredValue)],
    later_rubric: &Rubric,
    later_values: &[(&str, StoredValue)],
) -> Decomposition {
    let score = |rubric: &Rubric, values: &[(&str, StoredValue)]| {
        let mut population = Population::new();
        population.push_unit("", "", values.iter().map(|(code, value)| (*code, value.clone())));
        let (mut all, refused) = population.values_under(rubric);
        let refused: Vec<String> =
            population.codes().iter().zip(refused).filter(|(_, n)| *n > 0).map(|(c, _)| c.clone()).collect();
        let values = all.pop().unwrap_or_else(|| UnitValues::empty(rubric));
        (score_total(rubric, &values), values, refused)
    };
    let (earlier_total, _, _) = score(earlier_rubric, earlier_values);
    let (earlier_under_later, values, refused) = score(later_rubric, earlier_values);
    let (later_total, _, _) = score(later_rubric, later_values);
    let unmatched = (0..values.len())
        .filter(|&p| values.get(p).is_none())
        .map(|p| later_rubric.indicators()[p].code().as_str().to_string())
        .filter(|code| !refused.contains(code))
        .collect();
    Decomposition { earlier_total, earlier_under_later, later_total, unmatched, refused }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::RubricDraft;

    const KABKOTA_2023: &str = include_str!("../../public/rubrics/rubric-kabkota-2023.json");

    fn kabkota() -> Rubric {
        Rubric::parse_json(KABKOTA_2023).expect("the shipped rubric is valid")
    }

    /// A population of `n` units with varied values for every kab/kota indicator.
    fn population(rubric: &Rubric, n: usize) -> Population {
        let mut population = Population::new();
        for unit in 0..n {
            let values: Vec<(&str, StoredValue)> = rubric
                .indicators()
                .iter()
                .enumerate()
                .map(|(position, indicator)| {
                    let seed = (unit * 31 + position * 17) % 101;
                    let value = match indicator.rule() {
                        crate::Rule::Scale(scale) => {
                            let span = scale.max().micros() - scale.min().micros();
                            StoredValue::Number(
                                Decimal::from_micros(scale.min().micros() + span / 100 * seed as i64).unwrap(),
                            )
                        }
                        crate::Rule::Category(category) => {
                            StoredValue::Label(category.labels()[seed % category.labels().len()].label.clone())
                        }
                        crate::Rule::Boolean => StoredValue::Boolean(seed % 2 == 0),
                    };
                    (indicator.code().as_str(), value)
                })
                .collect();
            population.push_unit(&format!("u{unit}"), &format!("Unit {unit:02}"), values);
        }
        population
    }

    #[test]
    fn the_same_rubric_moves_nobody_and_ranks_like_the_engine() {
        let rubric = kabkota();
        let units = population(&rubric, 38);
        let result = impact(&rubric, &rubric, &units);
        assert!(result.movers.is_empty());
        let (values, refused) = units.values_under(&rubric);
        assert!(refused.iter().all(|&n| n == 0));
        let named: Vec<(String, UnitValues)> = units.units().iter().map(|u| u.name.clone()).zip(values).collect();
        for ranked in crate::score_and_rank(&rubric, &named) {
            assert_eq!(result.before.places[ranked.input_index].rank, ranked.rank);
            assert_eq!(result.before.places[ranked.input_index].total, ranked.total);
        }
        assert_eq!(result.before.grade_counts().iter().sum::<usize>(), 38);
    }

    #[test]
    fn bucket_ranking_agrees_with_the_engine_ranking_on_ties() {
        let names = ["B", "A", "B", "C", "A"];
        let mut seed = 7u64;
        for _ in 0..200 {
            let totals: Vec<Cents> = (0..40)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    Cents::new([0, 10_000, 8_100, 8_099, 5_000][(seed >> 60) as usize % 5])
                })
                .collect();
            let named: Vec<(&str, Cents)> = totals.iter().enumerate().map(|(i, t)| (names[i % 5], *t)).collect();
            let name_order = crate::order::sorted_indices(40, &mut |l, r| names[l % 5].cmp(names[r % 5]));
            let places = rank_totals(&totals, &name_order).unwrap();
            let mut expected_order = Vec::new();
            for ranked in rank_by_total(&named) {
                assert_eq!(places[ranked.input_index].rank, ranked.rank);
                expected_order.push(ranked.input_index);
            }
            let mut order: Vec<usize> = (0..40).collect();
            crate::order::sort_by_key(&mut order, |&u| (places[u].rank, name_order.iter().position(|&n| n == u)));
            assert_eq!(order, expected_order);
        }
        assert_eq!(rank_totals(&[Cents::new(-1)], &[0]), None);
    }

    #[test]
    fn a_weight_edit_moves_units_largest_change_first() {
        let rubric = kabkota();
        let units = population(&rubric, 38);
        let mut draft = RubricDraft::from_rubric(&rubric);
        draft.spirits[0].weight = "30".into();
        draft.spirits[4].weight = "15".into();
        let edited = draft.to_rubric().unwrap();
        let result = impact(&rubric, &edited, &units);
        assert!(!result.movers.is_empty());
        let changes: Vec<i64> = result.movers.iter().map(|m| m.total_change().abs()).collect();
        assert!(changes.windows(2).all(|w| w[0] >= w[1]), "largest change first");
        for mover in &result.movers {
            assert_eq!(mover.after, result.after.places[mover.unit_index]);
        }
        assert!(result.gainers(5).iter().all(|m| m.total_change() > 0));
        assert!(result.losers(5).iter().all(|m| m.total_change() < 0));
        assert_eq!(result.after.grade_counts().iter().sum::<usize>(), 38);
    }

    #[test]
    fn added_indicators_count_as_missing_retired_ones_drop_out_refused_values_are_counted() {
        let rubric = kabkota();
        let units = population(&rubric, 5);
        let mut draft = RubricDraft::from_rubric(&rubric);
        let retired = draft.indicators.remove(0);
        let mut added = draft.indicators[0].clone();
        added.code = "BARU".into();
        draft.indicators.push(added);
        let scale = draft.indicators.iter().position(|i| i.rule.kind == crate::draft::RuleKind::Scale).unwrap();
        let squeezed = draft.indicators[scale].code.clone();
        draft.indicators[scale].rule.max = {
            let max = crate::draft::read_draft_number(&draft.indicators[scale].rule.max).unwrap();
            let min = crate::draft::read_draft_number(&draft.indicators[scale].rule.min).unwrap();
            Decimal::from_micros((max.micros() + min.micros()) / 2).unwrap().to_string()
        };
        draft.indicators[scale].rule.target = String::new();
        let edited = draft.to_rubric().unwrap();
        let standing = units.score(&edited);
        assert!(standing.refused.iter().any(|(code, n)| *code == squeezed && *n > 0));
        assert!(standing.refused.iter().all(|(code, _)| *code != retired.code));
        let (values, _) = units.values_under(&edited);
        let new_position = edited.indicator_position("BARU").unwrap();
        assert!(values.iter().all(|v| v.get(new_position).is_none()));
    }

    #[test]
    fn the_decomposition_adds_up_to_the_total_change() {
        let earlier = kabkota();
        let units = population(&earlier, 40);
        let mut draft = RubricDraft::from_rubric(&earlier);
        draft.spirits[1].weight = "10".into();
        draft.spirits[3].weight = "15".into();
        draft.indicators.remove(3);
        let later = draft.to_rubric().unwrap();
        let pairs = |unit: &PopulationUnit| -> Vec<(&str, StoredValue)> {
            unit.values.iter().map(|(i, v)| (units.codes()[*i].as_str(), v.clone())).collect()
        };
        for pair in units.units().windows(2) {
            let split = decompose(&earlier, &pairs(&pair[0]), &later, &pairs(&pair[1]));
            assert_eq!(split.rubric_effect() + split.values_effect(), split.total_change());
        }
        let same = decompose(&earlier, &pairs(&units.units()[0]), &earlier, &pairs(&units.units()[0]));
        assert_eq!((same.rubric_effect(), same.values_effect()), (0, 0));
        let first = &units.units()[0];
        let split = decompose(&earlier, &pairs(first), &later, &pairs(first));
        assert_eq!(split.values_effect(), 0, "same values: the whole change is the rubric's");
        assert!(split.unmatched.is_empty());
    }
}
