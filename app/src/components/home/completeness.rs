//! What is filled, missing, not yet verified and disputed in an open period: per indicator (the
//! owner's home) and per owner (the administrator's home). Plain counting over the entries page
//! of `GET /periods/{id}/entries`, unit tested natively.

use std::collections::HashMap;

use contract::EntryStatus;

use crate::api::entries::{Entry, UnitRef};

/// How many units of a population stand where for one indicator (or a sum of indicators).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Units with a value.
    pub filled: usize,
    /// Units without a value (counted as 0 in the score until entered).
    pub missing: usize,
    /// Filled values an administrator has not verified yet (and that nobody disputes).
    pub unverified: usize,
    /// Values the unit disputes.
    pub disputed: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.filled += other.filled;
        self.missing += other.missing;
        self.unverified += other.unverified;
        self.disputed += other.disputed;
    }
}

/// One indicator's counts in one population.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndicatorCounts {
    pub code: String,
    pub name: String,
    /// The rubric's owner of the indicator, if it names one.
    pub owner: Option<String>,
    pub counts: Counts,
}

/// One owner's counts over their indicators (and over populations, when added up).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnerCounts {
    /// `None`: indicators whose rubric names no owner.
    pub owner: Option<String>,
    pub counts: Counts,
}

/// Counts every indicator of `rubric` that `keep` accepts (by code), in rubric order, over the
/// population's `units`. An entry without a value counts as missing, like no entry at all.
pub fn count_indicators(
    rubric: &engine::Rubric,
    units: &[UnitRef],
    entries: &[Entry],
    keep: impl Fn(&str) -> bool,
) -> Vec<IndicatorCounts> {
    let by_cell: HashMap<(&str, &str), &Entry> =
        entries.iter().map(|entry| ((entry.unit.as_str(), entry.indicator.as_str()), entry)).collect();
    rubric
        .indicators()
        .iter()
        .filter(|indicator| keep(indicator.code().as_str()))
        .map(|indicator| {
            let code = indicator.code().as_str();
            let mut counts = Counts::default();
            for unit in units {
                match by_cell.get(&(unit.code.as_str(), code)).filter(|entry| !entry.value.is_null()) {
                    None => counts.missing += 1,
                    Some(entry) => {
                        counts.filled += 1;
                        match EntryStatus::parse(&entry.status) {
                            Some(EntryStatus::Verified) => {}
                            Some(EntryStatus::Disputed) => counts.disputed += 1,
                            _ => counts.unverified += 1,
                        }
                    }
                }
            }
            IndicatorCounts {
                code: code.to_string(),
                name: indicator.name().to_string(),
                owner: indicator.owner().map(str::to_string),
                counts,
            }
        })
        .collect()
}

/// Adds indicator counts up per owner: most missing first, then by name (unowned last on ties).
pub fn by_owner<'a>(rows: impl IntoIterator<Item = &'a IndicatorCounts>) -> Vec<OwnerCounts> {
    let mut owners: Vec<OwnerCounts> = Vec::new();
    for row in rows {
        match owners.iter_mut().find(|owner| owner.owner == row.owner) {
            Some(owner) => owner.counts.add(row.counts),
            None => owners.push(OwnerCounts { owner: row.owner.clone(), counts: row.counts }),
        }
    }
    engine::order::sort_by(&mut owners, |a, b| {
        b.counts
            .missing
            .cmp(&a.counts.missing)
            .then_with(|| a.owner.is_none().cmp(&b.owner.is_none()))
            .then_with(|| a.owner.cmp(&b.owner))
    });
    owners
}

/// The sum of several counts.
pub fn total<'a>(counts: impl IntoIterator<Item = &'a Counts>) -> Counts {
    let mut sum = Counts::default();
    counts.into_iter().for_each(|counts| sum.add(*counts));
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::entries::RawJson;
    use crate::assessment::outbox::CellKey;

    const RUBRIC: &str = include_str!("../../../../public/rubrics/rubric-kabkota-2023.json");

    fn rubric() -> engine::Rubric {
        engine::Rubric::parse_json(RUBRIC).expect("the shipped kab/kota 2023 rubric is valid")
    }

    fn unit(code: &str) -> UnitRef {
        crate::api::json::from_str(&format!(r#"{{"code":"{code}","name":"{code}"}}"#)).expect("a unit")
    }

    fn entry(unit: &str, indicator: &str, value: &str, status: &str) -> Entry {
        let mut entry = Entry::empty(&CellKey::new("2024-q1", unit, indicator));
        entry.value = RawJson::new(value);
        entry.status = status.to_string();
        entry.version = 1;
        entry
    }

    fn check(entries: &[Entry], code: &str, expected: Counts) {
        let units = [unit("a"), unit("b"), unit("c"), unit("d")];
        let rows = count_indicators(&rubric(), &units, entries, |c| c == code);
        assert_eq!(rows.len(), 1, "{code} is one row");
        assert_eq!(rows[0].counts, expected, "{code}");
    }

    #[test]
    fn counts_filled_missing_unverified_and_disputed_per_indicator() {
        let entries = [
            entry("a", "SAKIP", "80", "verified"),
            entry("b", "SAKIP", "70", "submitted"),
            entry("c", "SAKIP", "60", "disputed"),
            // An entry whose value was cleared counts as missing.
            entry("d", "SAKIP", "null", "submitted"),
            entry("a", "OPINI_BPK", "100", "resolved"),
            // Another population's unit is not counted.
            entry("z", "OPINI_BPK", "100", "verified"),
        ];
        check(&entries, "SAKIP", Counts { filled: 3, missing: 1, unverified: 1, disputed: 1 });
        check(&entries, "OPINI_BPK", Counts { filled: 1, missing: 3, unverified: 1, disputed: 0 });
        check(&[], "ZONA_INTEGRITAS", Counts { filled: 0, missing: 4, unverified: 0, disputed: 0 });
    }

    #[test]
    fn keeps_only_the_chosen_indicators_in_rubric_order() {
        let wanted = ["ZONA_INTEGRITAS", "SAKIP", "NOT_IN_RUBRIC"];
        let rows = count_indicators(&rubric(), &[unit("a")], &[], |code| wanted.contains(&code));
        let codes: Vec<_> = rows.iter().map(|row| row.code.as_str()).collect();
        let mut expected = vec!["SAKIP", "ZONA_INTEGRITAS"];
        let position = |code: &str| rubric().indicator_position(code).expect("in the rubric");
        engine::order::sort_by_key(&mut expected, |code| position(code));
        assert_eq!(codes, expected);
    }

    #[test]
    fn adds_up_per_owner_most_missing_first() {
        let row = |code: &str, owner: Option<&str>, missing: usize| IndicatorCounts {
            code: code.into(),
            name: code.into(),
            owner: owner.map(str::to_string),
            counts: Counts { filled: 4 - missing, missing, unverified: 1, disputed: 0 },
        };
        let rows = [
            row("SAKIP", Some("Biro Organisasi"), 1),
            row("ZI", Some("Biro Organisasi"), 2),
            row("OPINI", Some("BPKAD"), 4),
            row("X", None, 4),
        ];
        let owners = by_owner(&rows);
        let summary: Vec<_> =
            owners.iter().map(|o| (o.owner.as_deref(), o.counts.missing, o.counts.unverified)).collect();
        assert_eq!(summary, vec![(Some("BPKAD"), 4, 1), (None, 4, 1), (Some("Biro Organisasi"), 3, 2)]);
        assert_eq!(total(owners.iter().map(|o| &o.counts)).missing, 11);
    }
}
