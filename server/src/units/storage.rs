//! SQL of the unit registry, written once with `$N` placeholders and compiled for each engine
//! (the conventions of `crate::storage`).
//!
//! Every registry write runs in one transaction that first touches every population row, which
//! serialises registry writes on both engines (they are rare); the caller's pure decision runs
//! on the registry read inside that transaction, so two simultaneous imports cannot both take
//! one code or one name. Each change is appended to `registry_audit`; the open periods of the
//! touched populations are scored again before the commit, so a new unit takes part in them at
//! once and a deactivated one without values leaves them.

use anyhow::Result;

use super::model::{RegisteredUnit, UnitWrite};
use crate::storage::Database;
use crate::storage::dispatch::{in_transaction, on_connection};

/// A unit as listed.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct UnitListRow {
    pub code: String,
    pub name: String,
    pub population: String,
    pub active: bool,
    pub parent: Option<String>,
    pub created_at: String,
}

/// One rename recorded in the audit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rename {
    pub code: String,
    pub old_name: String,
    pub new_name: String,
    pub changed_at: String,
}

/// A new population (already checked).
#[derive(Clone, Debug)]
pub struct NewPopulation<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub name_en: &'a str,
    pub sort_order: Option<i64>,
}

/// Counts of what a new installation has set up (the "Mulai" checklist).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SetupCounts {
    pub populations: i64,
    pub units: i64,
    pub rubric_versions: i64,
    /// CETTAR periods (not the policy monitor's `sistem-kerja` ones).
    pub periods: i64,
    pub owners: i64,
    /// CETTAR periods that were ever opened (any state but draft).
    pub periods_opened: i64,
}

/// What a registry transaction did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// `(period, population)` scored again.
    pub rescored: Vec<(String, String)>,
}

fn unit_json(code: &str, name: &str, population: &str, active: bool, parent: Option<&str>) -> String {
    serde_json::json!({"code": code, "name": name, "population": population, "active": active, "parent": parent})
        .to_string()
}

macro_rules! define_queries {
    ($engine:ty, $engine_module:ident) => {
        use std::collections::BTreeSet;

        use anyhow::{Context, Result};
        use sqlx::Row;

        use super::super::{Applied, NewPopulation, Rename, SetupCounts, UnitListRow, unit_json};
        use crate::units::model::{PeriodBinding, RegisteredUnit, UnitWrite, periods_to_rescore};

        type Connection = <$engine as sqlx::Database>::Connection;

        const LIST: &str = "SELECT u.code, u.name, u.population, u.active, p.code AS parent, u.created_at \
             FROM units u JOIN populations o ON o.code = u.population LEFT JOIN units p ON p.id = u.parent_id";

        pub async fn list(
            connection: &mut Connection,
            include_inactive: bool,
            population: Option<&str>,
        ) -> Result<Vec<UnitListRow>> {
            sqlx::query_as::<_, UnitListRow>(&format!(
                "{LIST} WHERE (u.active OR $1) AND ($2 IS NULL OR u.population = $2) \
                 ORDER BY o.sort_order, o.code, u.name, u.code"
            ))
            .bind(include_inactive)
            .bind(population)
            .fetch_all(&mut *connection)
            .await
            .context("cannot read the units")
        }

        pub async fn renames(connection: &mut Connection) -> Result<Vec<Rename>> {
            let rows = sqlx::query(
                "SELECT subject_code, old_json, new_json, changed_at FROM registry_audit \
                 WHERE subject_kind = 'unit' AND event = 'unit_renamed' ORDER BY id",
            )
            .fetch_all(&mut *connection)
            .await
            .context("cannot read the unit renames")?;
            rows.iter()
                .map(|row| {
                    let name = |column: &str| -> Result<String> {
                        let text: Option<String> = row.try_get(column).context("audit JSON is TEXT")?;
                        let value: serde_json::Value =
                            serde_json::from_str(text.as_deref().unwrap_or("null")).context("audit JSON")?;
                        Ok(value["name"].as_str().unwrap_or_default().to_owned())
                    };
                    Ok(Rename {
                        code: row.try_get("subject_code").context("subject_code is TEXT")?,
                        old_name: name("old_json")?,
                        new_name: name("new_json")?,
                        changed_at: row.try_get("changed_at").context("changed_at is TEXT")?,
                    })
                })
                .collect()
        }

        pub async fn registry(connection: &mut Connection) -> Result<(Vec<RegisteredUnit>, Vec<String>)> {
            let units = list(&mut *connection, true, None)
                .await?
                .into_iter()
                .map(|row| RegisteredUnit {
                    code: row.code,
                    name: row.name,
                    population: row.population,
                    active: row.active,
                    parent: row.parent,
                })
                .collect();
            let populations = sqlx::query("SELECT code FROM populations ORDER BY sort_order, code")
                .fetch_all(&mut *connection)
                .await
                .context("cannot read the populations")?
                .iter()
                .map(|row| row.try_get::<String, _>(0))
                .collect::<Result<_, sqlx::Error>>()
                .context("populations.code is TEXT")?;
            Ok((units, populations))
        }

        /// Serialises registry writes: every population row is touched first.
        pub async fn lock(connection: &mut Connection) -> Result<()> {
            sqlx::query("UPDATE populations SET sort_order = sort_order")
                .execute(&mut *connection)
                .await
                .context("cannot lock the populations")?;
            Ok(())
        }

        /// Appends one event to `registry_audit`: `(subject kind, subject code, event, before, after)`.
        async fn audit(
            connection: &mut Connection,
            (kind, code, event, old_json, new_json): (&str, &str, &str, Option<&str>, Option<&str>),
            actor: &str,
            now: &str,
        ) -> Result<()> {
            sqlx::query(
                "INSERT INTO registry_audit (subject_kind, subject_code, event, old_json, new_json, changed_by, changed_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(kind)
            .bind(code)
            .bind(event)
            .bind(old_json)
            .bind(new_json)
            .bind(actor)
            .bind(now)
            .execute(&mut *connection)
            .await
            .with_context(|| format!("cannot audit {event} of {code}"))?;
            Ok(())
        }

        /// Applies `writes` (decided on `units`, read in this transaction), audits each change
        /// and scores the open periods of the touched populations again.
        pub async fn apply(
            connection: &mut Connection,
            units: &[RegisteredUnit],
            writes: &[UnitWrite],
            actor: &str,
            now: &str,
        ) -> Result<Applied> {
            let mut current: std::collections::HashMap<String, RegisteredUnit> =
                units.iter().map(|unit| (unit.code.clone(), unit.clone())).collect();
            for write in writes {
                match write {
                    UnitWrite::Create { code, name, population } => {
                        sqlx::query(
                            "INSERT INTO units (id, code, name, population, active, created_at) \
                             VALUES ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(crate::storage::new_id("u"))
                        .bind(code)
                        .bind(name)
                        .bind(population)
                        .bind(true)
                        .bind(now)
                        .execute(&mut *connection)
                        .await
                        .with_context(|| format!("cannot register unit {code}"))?;
                        let json = unit_json(code, name, population, true, None);
                        audit(&mut *connection, ("unit", code, "unit_created", None, Some(&json)), actor, now).await?;
                        current.insert(
                            code.clone(),
                            RegisteredUnit {
                                code: code.clone(),
                                name: name.clone(),
                                population: population.clone(),
                                active: true,
                                parent: None,
                            },
                        );
                    }
                    UnitWrite::Update { code, name, active, parent } => {
                        let before = current.get(code).cloned().with_context(|| format!("unit {code} was read"))?;
                        let mut after = before.clone();
                        if let Some(name) = name {
                            after.name = name.clone();
                        }
                        if let Some(active) = active {
                            after.active = *active;
                        }
                        if let Some(parent) = parent {
                            after.parent = parent.clone();
                        }
                        sqlx::query(
                            "UPDATE units SET name = $2, active = $3, \
                             parent_id = (SELECT p.id FROM units p WHERE p.code = $4) WHERE code = $1",
                        )
                        .bind(code)
                        .bind(&after.name)
                        .bind(after.active)
                        .bind(after.parent.as_deref())
                        .execute(&mut *connection)
                        .await
                        .with_context(|| format!("cannot change unit {code}"))?;
                        if after.name != before.name {
                            remember_period_names(&mut *connection, code, &before.name).await?;
                        }
                        let events = [
                            (after.name != before.name, "unit_renamed"),
                            (after.active != before.active, if after.active { "unit_activated" } else { "unit_deactivated" }),
                            (after.parent != before.parent, "unit_parent_changed"),
                        ];
                        let old_json =
                            unit_json(code, &before.name, &before.population, before.active, before.parent.as_deref());
                        let new_json =
                            unit_json(code, &after.name, &after.population, after.active, after.parent.as_deref());
                        for (_, event) in events.iter().filter(|(changed, _)| *changed) {
                            audit(&mut *connection, ("unit", code, event, Some(&old_json), Some(&new_json)), actor, now)
                                .await?;
                        }
                        current.insert(code.clone(), after);
                    }
                }
            }
            let touched: BTreeSet<String> = crate::units::model::touched_populations(writes, &current.values().cloned().collect::<Vec<_>>());
            let bindings = bindings(&mut *connection).await?;
            let rescored = periods_to_rescore(&bindings, &touched);
            for (period_id, population) in &rescored {
                crate::storage::engines::$engine_module::recompute(&mut *connection, period_id, population, now).await?;
            }
            Ok(Applied { rescored })
        }

        /// Keeps `old_name` as the unit's name in every closed or published period it has a
        /// result in (unless an earlier rename kept one already), and forgets kept names of
        /// periods that are not closed (they show the current name).
        async fn remember_period_names(connection: &mut Connection, code: &str, old_name: &str) -> Result<()> {
            sqlx::query(
                "INSERT INTO unit_period_names (period_id, unit_id, name) \
                 SELECT r.period_id, r.unit_id, $2 FROM results r JOIN units u ON u.id = r.unit_id \
                 JOIN periods p ON p.id = r.period_id \
                 WHERE u.code = $1 AND p.state IN ('closed', 'published') AND NOT EXISTS \
                 (SELECT 1 FROM unit_period_names n WHERE n.period_id = r.period_id AND n.unit_id = r.unit_id)",
            )
            .bind(code)
            .bind(old_name)
            .execute(&mut *connection)
            .await
            .with_context(|| format!("cannot keep the former name of {code}"))?;
            sqlx::query(
                "DELETE FROM unit_period_names WHERE unit_id = (SELECT id FROM units WHERE code = $1) \
                 AND period_id IN (SELECT id FROM periods WHERE state NOT IN ('closed', 'published'))",
            )
            .bind(code)
            .execute(&mut *connection)
            .await
            .with_context(|| format!("cannot forget the kept names of {code}"))?;
            Ok(())
        }

        pub async fn bindings(connection: &mut Connection) -> Result<Vec<PeriodBinding>> {
            sqlx::query(
                "SELECT b.period_id, p.state, b.population FROM period_rubrics b JOIN periods p ON p.id = b.period_id",
            )
            .fetch_all(&mut *connection)
            .await
            .context("cannot read the periods' populations")?
            .iter()
            .map(|row| {
                let state: String = row.try_get(1).context("a period's state is TEXT")?;
                Ok(PeriodBinding {
                    period_id: row.try_get(0).context("a period id is TEXT")?,
                    state: crate::storage::PeriodState::try_from(state)?,
                    population: row.try_get(2).context("a population code is TEXT")?,
                })
            })
            .collect::<Result<_>>()
        }

        /// What the first-run checklist needs: populations, units, rubric versions, CETTAR
        /// periods, indicator owners, and periods ever opened.
        pub async fn setup_counts(connection: &mut Connection) -> Result<SetupCounts> {
            let row = sqlx::query(
                "SELECT (SELECT COUNT(*) FROM populations), (SELECT COUNT(*) FROM units), \
                 (SELECT COUNT(*) FROM rubric_versions), \
                 (SELECT COUNT(*) FROM periods WHERE kind <> 'sistem-kerja'), \
                 (SELECT COUNT(*) FROM users WHERE role = 'owner'), \
                 (SELECT COUNT(*) FROM periods WHERE kind <> 'sistem-kerja' AND state <> 'draft')",
            )
            .fetch_one(&mut *connection)
            .await
            .context("cannot count the set-up steps")?;
            let count = |index: usize| row.try_get::<i64, _>(index).context("a count is an integer");
            Ok(SetupCounts {
                populations: count(0)?,
                units: count(1)?,
                rubric_versions: count(2)?,
                periods: count(3)?,
                owners: count(4)?,
                periods_opened: count(5)?,
            })
        }

        /// Adds a population; `false` when its code is taken.
        pub async fn add_population(
            connection: &mut Connection,
            population: &NewPopulation<'_>,
            actor: &str,
            now: &str,
        ) -> Result<bool> {
            lock(&mut *connection).await?;
            let sort_order = match population.sort_order {
                Some(order) => order,
                None => sqlx::query("SELECT COALESCE(MAX(sort_order), 0) + 1 FROM populations")
                    .fetch_one(&mut *connection)
                    .await
                    .context("cannot read the populations' order")?
                    .try_get::<i64, _>(0)
                    .context("sort_order is an integer")?,
            };
            let inserted = sqlx::query(
                "INSERT INTO populations (code, name, name_en, sort_order) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (code) DO NOTHING",
            )
            .bind(population.code)
            .bind(population.name)
            .bind(population.name_en)
            .bind(sort_order)
            .execute(&mut *connection)
            .await
            .with_context(|| format!("cannot add population {}", population.code))?
            .rows_affected();
            if inserted == 0 {
                return Ok(false);
            }
            let json = serde_json::json!({
                "code": population.code, "name": population.name, "name_en": population.name_en, "sort_order": sort_order,
            })
            .to_string();
            audit(&mut *connection, ("population", population.code, "population_created", None, Some(&json)), actor, now)
                .await?;
            Ok(true)
        }
    };
}

pub(crate) mod queries {
    crate::storage::dispatch::for_each_engine!(define_queries);
}

/// The registry's view of the database.
#[derive(Clone, Copy, Debug)]
pub struct UnitStore<'a> {
    database: &'a Database,
}

impl<'a> UnitStore<'a> {
    pub fn new(database: &'a Database) -> Self {
        Self { database }
    }

    /// Units by population (in the populations' order) then name.
    #[tracing::instrument(skip(self))]
    pub async fn list(&self, include_inactive: bool, population: Option<&str>) -> Result<Vec<UnitListRow>> {
        on_connection!(self.database, queries, |connection, q| q::list(&mut connection, include_inactive, population)
            .await)
    }

    /// Every rename, oldest first.
    #[tracing::instrument(skip(self))]
    pub async fn renames(&self) -> Result<Vec<Rename>> {
        on_connection!(self.database, queries, |connection, q| q::renames(&mut connection).await)
    }

    /// Every unit (inactive ones too) and every population code.
    #[tracing::instrument(skip(self))]
    pub async fn registry(&self) -> Result<(Vec<RegisteredUnit>, Vec<String>)> {
        on_connection!(self.database, queries, |connection, q| q::registry(&mut connection).await)
    }

    /// Reads the registry inside a write transaction, lets `decide` choose the writes, applies
    /// and audits them and scores the touched open periods again, all or nothing. A refusal
    /// (`Err(E)` from `decide`) writes nothing.
    ///
    /// # Errors
    /// The database fails; then nothing is changed.
    #[tracing::instrument(skip(self, decide))]
    pub async fn change<T, E>(
        &self,
        actor: &str,
        now: &str,
        decide: impl FnOnce(&[RegisteredUnit], &[String]) -> Result<(Vec<UnitWrite>, T), E>,
    ) -> Result<Result<(T, Applied), E>> {
        in_transaction!(self.database, queries, |transaction, q| {
            async {
                q::lock(&mut transaction).await?;
                let (units, populations) = q::registry(&mut transaction).await?;
                match decide(&units, &populations) {
                    Err(refusal) => Ok::<_, anyhow::Error>(Err(refusal)),
                    Ok((writes, value)) => {
                        let applied = q::apply(&mut transaction, &units, &writes, actor, now).await?;
                        Ok(Ok((value, applied)))
                    }
                }
            }
            .await
        })
    }

    #[tracing::instrument(skip(self))]
    pub async fn setup_counts(&self) -> Result<SetupCounts> {
        on_connection!(self.database, queries, |connection, q| q::setup_counts(&mut connection).await)
    }

    /// Adds a population; `false` (nothing written) when the code is taken.
    #[tracing::instrument(skip(self))]
    pub async fn add_population(&self, population: &NewPopulation<'_>, actor: &str, now: &str) -> Result<bool> {
        in_transaction!(self.database, queries, |transaction, q| q::add_population(
            &mut transaction,
            population,
            actor,
            now
        )
        .await)
    }
}
