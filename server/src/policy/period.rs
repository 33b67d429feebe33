//! The Van Meter & Van Horn assessment as an ordinary evaluation period (kind `sistem-kerja`,
//! id `2024-sistem-kerja`): the policy rubric bound to the governments' populations (`kabkota`,
//! and `provinsi` once it exists), the values stored as `entries` through the same write path as
//! every assessment (versions, audit, recomputed official results), and so the rankings, the
//! report card, the simulator, exports and the period workflow (open → closed → published) work
//! for it with no copy of any of them.
//!
//! The monitor creates its period (state `open`) on the first assessment write, or when the demo
//! state is loaded; an administrator may also create it with `POST /periods` (kind
//! `sistem-kerja`). Whether the public sees it follows the period's state, like every period.

use anyhow::{Context, Result};

use super::model;
use super::storage::{GOVERNMENT_POPULATIONS, PolicyStore};
use crate::storage::{Database, PeriodCreation, PeriodKind, PeriodRow, PeriodState, StateChange};

/// Who the monitor records as creating its period.
const SYSTEM_ACTOR: &str = "sistem";

/// The newest period of kind `sistem-kerja`, if any.
///
/// # Errors
/// Storage fails.
pub async fn current(database: &Database) -> Result<Option<PeriodRow>> {
    let periods = database.periods(None).await?;
    Ok(periods
        .into_iter()
        .filter(|period| period.kind == PeriodKind::SistemKerja.code())
        .max_by_key(|period| period.year))
}

/// The current `sistem-kerja` period, created (and opened) for the shipped rubric's year when
/// there is none; every existing government population is bound in it.
///
/// # Errors
/// Storage fails.
pub async fn ensure(database: &Database, now: &str) -> Result<PeriodRow> {
    let rubric_version_id = database.store_rubric_version(model::RUBRIC_DOCUMENT, now).await?;
    let existing: Vec<String> = database.populations().await?.into_iter().map(|population| population.code).collect();
    let populations: Vec<&str> =
        GOVERNMENT_POPULATIONS.iter().copied().filter(|code| existing.iter().any(|known| known == code)).collect();
    let period = match current(database).await? {
        Some(period) => period,
        None => {
            let year = rubric_year()?;
            let bindings: Vec<(String, String)> =
                populations.iter().map(|population| ((*population).to_owned(), rubric_version_id.clone())).collect();
            match database.create_period(year, PeriodKind::SistemKerja.code(), &bindings, SYSTEM_ACTOR, now).await? {
                PeriodCreation::Created(period) => open_created(database, period, now).await?,
                // Created meanwhile by a concurrent first request, which may not have opened it yet.
                PeriodCreation::Exists => {
                    let period = current(database).await?.context("the sistem-kerja period exists")?;
                    if period.state == PeriodState::Draft { open_created(database, period, now).await? } else { period }
                }
                PeriodCreation::Invalid(problems) => {
                    anyhow::bail!("cannot create the sistem-kerja period: {problems:?}")
                }
            }
        }
    };
    // A population added after the period was created (the province's own, in the demo).
    let bound = database.period_bindings(&period.id).await?;
    for population in populations {
        if !bound.iter().any(|(code, _)| code == population) {
            let version = bound.first().map_or(rubric_version_id.as_str(), |(_, version)| version.as_str());
            PolicyStore::new(database).bind_population(&period.id, population, version).await?;
            database.recompute(&period.id, population, now).await?;
        }
    }
    Ok(period)
}

/// Opens the period the monitor created (still `draft`); an illegal transition means a
/// concurrent request opened it first, and the period is read again.
async fn open_created(database: &Database, period: PeriodRow, now: &str) -> Result<PeriodRow> {
    match database.set_period_state(&period.id, PeriodState::Open, SYSTEM_ACTOR, Some("sistem kerja"), now).await? {
        StateChange::Done(period) => Ok(period),
        StateChange::Missing | StateChange::Illegal { .. } => Ok(database.period(&period.id).await?.unwrap_or(period)),
    }
}

/// The `year` of the shipped rubric document.
fn rubric_year() -> Result<i64> {
    let document: serde_json::Value =
        serde_json::from_str(model::RUBRIC_DOCUMENT).context("the shipped rubric is JSON")?;
    document["year"].as_i64().context("the shipped rubric has a year")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_period_is_named_after_the_rubric_year() {
        assert_eq!(super::rubric_year().unwrap(), 2024);
        let id = crate::storage::PeriodRow::id_for(2024, crate::storage::PeriodKind::SistemKerja);
        assert_eq!(id, "2024-sistem-kerja");
    }
}
