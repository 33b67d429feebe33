//! Ranking a population on the rounded total.

use crate::rubric::Rubric;
use crate::score::{Cents, Grade, score_total};
use crate::values::UnitValues;

/// One unit's place in a ranking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RankedUnit {
    /// Position of the unit in the input.
    pub input_index: usize,
    /// Standard competition rank (1, 2, 2, 4).
    pub rank: usize,
    /// Rounded total.
    pub total: Cents,
    /// Grade of the total.
    pub grade: Grade,
}

/// Ranks units by total, best first, with standard competition ranking (1, 2, 2, 4).
///
/// Units with equal totals share a rank and are listed by name (byte order), then by input order.
///
/// ```
/// use engine::{rank_by_total, Cents};
/// let ranked = rank_by_total(&[("B", Cents::new(7000)), ("A", Cents::new(7000)), ("C", Cents::new(9000))]);
/// let order: Vec<(usize, usize)> = ranked.iter().map(|r| (r.input_index, r.rank)).collect();
/// assert_eq!(order, [(2, 1), (1, 2), (0, 2)]);
/// ```
pub fn rank_by_total<Name: AsRef<str>>(units: &[(Name, Cents)]) -> Vec<RankedUnit> {
    let order = crate::order::sorted_indices(units.len(), &mut |left, right| {
        units[right]
            .1
            .cmp(&units[left].1)
            .then_with(|| units[left].0.as_ref().cmp(units[right].0.as_ref()))
            .then_with(|| left.cmp(&right))
    });
    let mut ranked = Vec::with_capacity(order.len());
    let mut previous: Option<(Cents, usize)> = None;
    for (place, &input_index) in order.iter().enumerate() {
        let total = units[input_index].1;
        let rank = match previous {
            Some((previous_total, previous_rank)) if previous_total == total => previous_rank,
            _ => place + 1,
        };
        previous = Some((total, rank));
        ranked.push(RankedUnit { input_index, rank, total, grade: Grade::from_total(total) });
    }
    ranked
}

/// Scores every unit of a population (totals only, no explanations) and ranks them.
///
/// ```
/// # let rubric = engine::Rubric::parse_json(r#"{"schema":"sibekisar.rubric/v1","id":"d","name":"D",
/// #  "spirits":[{"code":"C","name":"Cepat","weight":100}],
/// #  "indicators":[{"code":"IKM","name":"IKM","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":100}}]}"#).unwrap();
/// use engine::{Decimal, RawValue, UnitValues};
/// let unit = |v: &str| UnitValues::from_pairs(&rubric, [("IKM", RawValue::Number(Decimal::parse(v).unwrap()))]).unwrap();
/// let units = vec![("Kab. A".to_string(), unit("70")), ("Kab. B".to_string(), unit("90"))];
/// let ranked = engine::score_and_rank(&rubric, &units);
/// assert_eq!((ranked[0].input_index, ranked[0].rank), (1, 1));
/// ```
///
/// # Panics
/// If some values were built for another rubric (a programming error).
pub fn score_and_rank<Name: AsRef<str>>(rubric: &Rubric, units: &[(Name, UnitValues)]) -> Vec<RankedUnit> {
    let totals: Vec<(&str, Cents)> =
        units.iter().map(|(name, values)| (name.as_ref(), score_total(rubric, values))).collect();
    rank_by_total(&totals)
}

/// Rank a total would have among peers' totals (1 + the number of peers strictly above it).
///
/// ```
/// use engine::{rank_among, Cents};
/// assert_eq!(rank_among(Cents::new(8000), &[Cents::new(9000), Cents::new(8000), Cents::new(7000)]), 2);
/// ```
pub fn rank_among(total: Cents, peer_totals: &[Cents]) -> usize {
    1 + peer_totals.iter().filter(|&&peer| peer > total).count()
}
