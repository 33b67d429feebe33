//! Every SQL statement of the assessment data, written once and compiled for each engine.
//!
//! `define_queries!` expands to the same functions for `sqlx::Sqlite` and `sqlx::Postgres`
//! (`for_each_engine!` in `dispatch.rs`): the SQL is portable (see the conventions in
//! `storage/mod.rs`), only the Rust types differ. Each function takes a connection (a pooled one
//! or a transaction's), so callers decide what runs in one transaction.

macro_rules! define_queries {
    ($engine:ty, $engine_module:ident) => {
        use std::collections::HashMap;

        use anyhow::{Context, Result, anyhow, bail};
        use sqlx::Row;

        use crate::results::scoring;
        use crate::storage::{
            score_off_the_async_threads, AuditRow, EntryRow, PeriodRow, PeriodState, PopulationRow, ResultRow, RubricVersionRow, Seed, UnitRow,
            new_id,
        };

        type Connection = <$engine as sqlx::Database>::Connection;

        /// Rows per multi-row INSERT (well under both engines' limits on bound parameters).
        const ROWS_PER_INSERT: usize = 400;

        pub async fn populations(connection: &mut Connection) -> Result<Vec<PopulationRow>> {
            sqlx::query_as::<_, PopulationRow>(
                "SELECT code, name, name_en FROM populations ORDER BY sort_order, code",
            )
            .fetch_all(&mut *connection)
            .await
            .context("cannot read populations")
        }

        /// Periods, oldest first; the work-system policy's (`sistem-kerja`) before every CETTAR
        /// period, so that "the newest period" of the dashboard and the watch-list stays a CETTAR one.
        pub async fn periods(connection: &mut Connection, state: Option<PeriodState>) -> Result<Vec<PeriodRow>> {
            let query = match state {
                Some(state) => sqlx::query_as::<_, PeriodRow>(
                    "SELECT id, year, kind, state FROM periods WHERE state = $1 \
                     ORDER BY CASE kind WHEN 'sistem-kerja' THEN 0 ELSE 1 END, year, kind",
                )
                .bind(state.code()),
                None => sqlx::query_as::<_, PeriodRow>(
                    "SELECT id, year, kind, state FROM periods ORDER BY CASE kind WHEN 'sistem-kerja' THEN 0 ELSE 1 END, year, kind",
                ),
            };
            query.fetch_all(&mut *connection).await.context("cannot read periods")
        }

        pub async fn period(connection: &mut Connection, period_id: &str) -> Result<Option<PeriodRow>> {
            sqlx::query_as::<_, PeriodRow>("SELECT id, year, kind, state FROM periods WHERE id = $1")
                .bind(period_id)
                .fetch_optional(&mut *connection)
                .await
                .with_context(|| format!("cannot read period {period_id}"))
        }

        pub async fn rubric_version(
            connection: &mut Connection,
            rubric_version_id: &str,
        ) -> Result<Option<RubricVersionRow>> {
            sqlx::query_as::<_, RubricVersionRow>(
                "SELECT id, rubric_id, version, document, content_sha256, created_at FROM rubric_versions WHERE id = $1",
            )
            .bind(rubric_version_id)
            .fetch_optional(&mut *connection)
            .await
            .with_context(|| format!("cannot read rubric version {rubric_version_id}"))
        }

        pub async fn periods_using_rubric(
            connection: &mut Connection,
            rubric_version_id: &str,
        ) -> Result<Vec<PeriodRow>> {
            sqlx::query_as::<_, PeriodRow>(
                "SELECT DISTINCT p.id, p.year, p.kind, p.state FROM periods p \
                 JOIN period_rubrics b ON b.period_id = p.id WHERE b.rubric_version_id = $1 ORDER BY p.year, p.kind",
            )
            .bind(rubric_version_id)
            .fetch_all(&mut *connection)
            .await
            .with_context(|| format!("cannot read the periods using rubric version {rubric_version_id}"))
        }

        pub async fn period_rubric(
            connection: &mut Connection,
            period_id: &str,
            population: &str,
        ) -> Result<Option<String>> {
            let row = sqlx::query(
                "SELECT rubric_version_id FROM period_rubrics WHERE period_id = $1 AND population = $2",
            )
            .bind(period_id)
            .bind(population)
            .fetch_optional(&mut *connection)
            .await
            .with_context(|| format!("cannot read the rubric of {population} in {period_id}"))?;
            row.map(|row| row.try_get::<String, _>(0)).transpose().context("rubric_version_id is TEXT")
        }

        pub async fn unit_by_code(connection: &mut Connection, unit_code: &str) -> Result<Option<UnitRow>> {
            sqlx::query_as::<_, UnitRow>("SELECT id, code, name, population, active FROM units WHERE code = $1")
                .bind(unit_code)
                .fetch_optional(&mut *connection)
                .await
                .with_context(|| format!("cannot read unit {unit_code}"))
        }

        // A unit renamed after the period closed shows the name it had then (`unit_period_names`).
        // Ranks are not stored: they are computed here from the stored totals, as the engine's
        // `rank_by_total` does (standard competition ranking: one more than the number of units
        // of the population with a larger total), so a write stores only the units it re-scored.
        const RESULT_COLUMNS: &str = "r.unit_id, u.code AS unit_code, COALESCE(n.name, u.name) AS unit_name, r.population, \
             r.rubric_version_id, r.total, r.grade, r.complete, r.range_min, r.range_max, r.result_json, \
             r.computed_at";
        const KEPT_NAME: &str = "LEFT JOIN unit_period_names n ON n.period_id = r.period_id AND n.unit_id = r.unit_id";
        /// The ranking's window: `RANK()` is standard competition ranking (1, 2, 2, 4).
        const RANK_OVER_POPULATION: &str = "CAST(RANK() OVER (ORDER BY r.total_cents DESC) AS BIGINT) AS rank";
        /// The ranking's order: rank, then name, then code (the engine lists ties by name).
        const RANKING_ORDER: &str = "ORDER BY r.total_cents DESC, unit_name, u.code";

        /// The whole ranking of a population, by rank then name.
        pub async fn results(connection: &mut Connection, period_id: &str, population: &str) -> Result<Vec<ResultRow>> {
            results_page(&mut *connection, period_id, population, 0, None).await
        }

        /// Rows `offset..offset + limit` of a population's ranking (every row from `offset` without
        /// a limit): ranked over the whole population, cut in SQL.
        pub async fn results_page(
            connection: &mut Connection,
            period_id: &str,
            population: &str,
            offset: i64,
            limit: Option<i64>,
        ) -> Result<Vec<ResultRow>> {
            // `LIMIT -1` is "no limit" on SQLite and an error on PostgreSQL; a limit larger than
            // any population works on both.
            // The ranking is computed and cut on narrow rows (ids, totals, names); only the page's
            // rows are then read whole, so a 100-row page never carries 22,000 explanations
            // through the sort.
            sqlx::query_as::<_, ResultRow>(&format!(
                "WITH page AS (SELECT r.unit_id, u.code AS unit_code, COALESCE(n.name, u.name) AS unit_name, \
                 r.total_cents, {RANK_OVER_POPULATION} FROM results r JOIN units u ON u.id = r.unit_id {KEPT_NAME} \
                 WHERE r.period_id = $1 AND r.population = $2 {RANKING_ORDER} LIMIT $3 OFFSET $4) \
                 SELECT p.unit_id, p.unit_code, p.unit_name, r.population, r.rubric_version_id, r.total, r.grade, \
                 r.complete, r.range_min, r.range_max, r.result_json, r.computed_at, p.rank FROM page p \
                 JOIN results r ON r.period_id = $1 AND r.unit_id = p.unit_id \
                 ORDER BY p.total_cents DESC, p.unit_name, p.unit_code"
            ))
            .bind(period_id)
            .bind(population)
            .bind(limit.unwrap_or(i64::from(i32::MAX)))
            .bind(offset)
            .fetch_all(&mut *connection)
            .await
            .with_context(|| format!("cannot read the results of {population} in {period_id}"))
        }

        /// The number of units in a population's ranking.
        pub async fn results_count(connection: &mut Connection, period_id: &str, population: &str) -> Result<i64> {
            sqlx::query("SELECT COUNT(*) FROM results WHERE period_id = $1 AND population = $2")
                .bind(period_id)
                .bind(population)
                .fetch_one(&mut *connection)
                .await
                .with_context(|| format!("cannot count the results of {population} in {period_id}"))?
                .try_get::<i64, _>(0)
                .context("a count is an integer")
        }

        pub async fn unit_result(connection: &mut Connection, period_id: &str, unit_id: &str) -> Result<Option<ResultRow>> {
            sqlx::query_as::<_, ResultRow>(&format!(
                "SELECT {RESULT_COLUMNS}, (SELECT COUNT(*) FROM results h WHERE h.period_id = r.period_id \
                 AND h.population = r.population AND h.total_cents > r.total_cents) + 1 AS rank \
                 FROM results r JOIN units u ON u.id = r.unit_id {KEPT_NAME} WHERE r.period_id = $1 AND r.unit_id = $2"
            ))
            .bind(period_id)
            .bind(unit_id)
            .fetch_optional(&mut *connection)
            .await
            .with_context(|| format!("cannot read the result of unit {unit_id} in {period_id}"))
        }

        pub async fn entries(connection: &mut Connection, period_id: &str, unit_id: &str) -> Result<Vec<EntryRow>> {
            sqlx::query_as::<_, EntryRow>(
                "SELECT indicator_code, value_json, status, version, updated_at, updated_by FROM entries \
                 WHERE period_id = $1 AND unit_id = $2 ORDER BY indicator_code",
            )
            .bind(period_id)
            .bind(unit_id)
            .fetch_all(&mut *connection)
            .await
            .with_context(|| format!("cannot read the entries of unit {unit_id} in {period_id}"))
        }

        pub async fn entry_audit(connection: &mut Connection, period_id: &str, unit_id: &str) -> Result<Vec<AuditRow>> {
            sqlx::query_as::<_, AuditRow>(
                "SELECT indicator_code, old_value_json, new_value_json, old_status, new_status, changed_by, \
                 changed_at, reason FROM entry_audit WHERE period_id = $1 AND unit_id = $2 ORDER BY id",
            )
            .bind(period_id)
            .bind(unit_id)
            .fetch_all(&mut *connection)
            .await
            .with_context(|| format!("cannot read the entry audit of unit {unit_id} in {period_id}"))
        }

        pub async fn meta(connection: &mut Connection, key: &str) -> Result<Option<String>> {
            let row = sqlx::query("SELECT value FROM app_meta WHERE key = $1")
                .bind(key)
                .fetch_optional(&mut *connection)
                .await
                .with_context(|| format!("cannot read app_meta {key}"))?;
            row.map(|row| row.try_get::<String, _>(0)).transpose().context("app_meta.value is TEXT")
        }

        /// Stores a rubric as a new version (never updating an old one); the same content again
        /// returns the existing version.
        pub async fn store_rubric_version(connection: &mut Connection, document: &str, now: &str) -> Result<String> {
            let checked = scoring::check_rubric(document).map_err(|problems| {
                let details: Vec<String> =
                    problems.iter().map(|p| format!("{}: {}", p.field.as_deref().unwrap_or(""), p.code)).collect();
                anyhow!("invalid rubric: {}", details.join("; "))
            })?;
            let content_sha256 = scoring::content_sha256(document);
            let existing = sqlx::query("SELECT id FROM rubric_versions WHERE content_sha256 = $1")
                .bind(&content_sha256)
                .fetch_optional(&mut *connection)
                .await
                .context("cannot look up rubric versions by content")?;
            if let Some(row) = existing {
                return row.try_get::<String, _>(0).context("rubric_versions.id is TEXT");
            }
            let rubric_id = checked.id().to_owned();
            let version: i64 = sqlx::query("SELECT COALESCE(MAX(version), 0) + 1 FROM rubric_versions WHERE rubric_id = $1")
                .bind(&rubric_id)
                .fetch_one(&mut *connection)
                .await
                .context("cannot read the latest rubric version")?
                .try_get(0)
                .context("a version number is an integer")?;
            let id = if version == 1 { rubric_id.clone() } else { format!("{rubric_id}.v{version}") };
            sqlx::query(
                "INSERT INTO rubric_versions (id, rubric_id, version, document, content_sha256, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&id)
            .bind(&rubric_id)
            .bind(version)
            .bind(document)
            .bind(&content_sha256)
            .bind(now)
            .execute(&mut *connection)
            .await
            .with_context(|| format!("cannot store rubric version {id}"))?;
            Ok(id)
        }

        /// Scores and ranks one population of one period from its stored entries and replaces
        /// its stored results. Runs inside the caller's transaction.
        pub async fn recompute(connection: &mut Connection, period_id: &str, population: &str, now: &str) -> Result<usize> {
            let Some(rubric_version_id) = period_rubric(&mut *connection, period_id, population).await? else {
                bail!("no rubric is bound to {population} in period {period_id}");
            };
            let rubric = rubric_version(&mut *connection, &rubric_version_id)
                .await?
                .with_context(|| format!("rubric version {rubric_version_id} is missing"))?;
            // Every unit with values in this period; besides them, the active units — except when
            // the period is being published: then the units it held when it closed (its stored
            // results), so registering or deactivating a unit between closing and publishing
            // changes no closed period.
            let units: Vec<(String, String)> = sqlx::query(
                "SELECT u.id, u.name FROM units u WHERE u.population = $2 AND (EXISTS \
                 (SELECT 1 FROM entries e WHERE e.period_id = $1 AND e.unit_id = u.id) OR CASE \
                 WHEN (SELECT p.state FROM periods p WHERE p.id = $1) = 'published' \
                 THEN EXISTS (SELECT 1 FROM results r WHERE r.period_id = $1 AND r.unit_id = u.id) \
                 ELSE u.active END) ORDER BY u.name, u.id",
            )
            .bind(period_id)
            .bind(population)
            .fetch_all(&mut *connection)
            .await
            .with_context(|| format!("cannot read the units of {population}"))?
            .iter()
            .map(|row| Ok((row.try_get::<String, _>(0)?, row.try_get::<String, _>(1)?)))
            .collect::<Result<_, sqlx::Error>>()
            .context("unit id and name are TEXT")?;
            sqlx::query("DELETE FROM results WHERE period_id = $1 AND population = $2")
                .bind(period_id)
                .bind(population)
                .execute(&mut *connection)
                .await
                .with_context(|| format!("cannot clear the results of {population} in {period_id}"))?;
            let unit_ids: Vec<&str> = units.iter().map(|(id, _)| id.as_str()).collect();
            let names: HashMap<&str, &str> = units.iter().map(|(id, name)| (id.as_str(), name.as_str())).collect();
            score_and_store(&mut *connection, period_id, population, &rubric, &unit_ids, &names, now).await
        }

        /// Re-scores only `unit_ids` (units of `population`) from their stored entries and
        /// replaces their stored results: what a write of a few cells costs. Every other unit's
        /// stored result is a function of its own values only and stays as it is; ranks are
        /// computed when read. Runs inside the caller's transaction.
        pub async fn rescore_units(
            connection: &mut Connection,
            period_id: &str,
            population: &str,
            unit_ids: &[&str],
            now: &str,
        ) -> Result<usize> {
            if unit_ids.is_empty() {
                return Ok(0);
            }
            // A population never scored in this period (an open period before its first write)
            // gets its first ranking whole: every active unit, as a full recomputation makes it.
            // From then on the registry and rubric changes keep the set of scored units whole.
            let scored = sqlx::query("SELECT 1 FROM results WHERE period_id = $1 AND population = $2 LIMIT 1")
                .bind(period_id)
                .bind(population)
                .fetch_optional(&mut *connection)
                .await
                .with_context(|| format!("cannot look for results of {population} in {period_id}"))?;
            if scored.is_none() {
                return recompute(&mut *connection, period_id, population, now).await;
            }
            let Some(rubric_version_id) = period_rubric(&mut *connection, period_id, population).await? else {
                bail!("no rubric is bound to {population} in period {period_id}");
            };
            let rubric = rubric_version(&mut *connection, &rubric_version_id)
                .await?
                .with_context(|| format!("rubric version {rubric_version_id} is missing"))?;
            let names: HashMap<&str, &str> = unit_ids.iter().map(|id| (*id, *id)).collect();
            score_and_store(&mut *connection, period_id, population, &rubric, unit_ids, &names, now).await
        }

        /// Scores `unit_ids` from their stored entries and writes their results (a new row or
        /// over the stored one). `names` names units in errors.
        async fn score_and_store(
            connection: &mut Connection,
            period_id: &str,
            population: &str,
            rubric: &RubricVersionRow,
            unit_ids: &[&str],
            names: &HashMap<&str, &str>,
            now: &str,
        ) -> Result<usize> {
            let mut inputs: Vec<scoring::UnitInput> = unit_ids
                .iter()
                .map(|id| scoring::UnitInput { name: names.get(id).copied().unwrap_or(id).to_owned(), values: Vec::new() })
                .collect();
            let index_by_id: HashMap<&str, usize> =
                unit_ids.iter().enumerate().map(|(index, id)| (*id, index)).collect();
            // Every stored value counts, disputed ones too: a dispute questions a value but it
            // stays the official one until the owner resolves it (the unit sees it marked).
            // A whole population is read with `IN (subquery)`, which lets both engines walk the
            // entries' primary key per unit instead of reading every entry of the period; a few
            // units are read by their ids.
            let entry_rows = if unit_ids.len() > IDS_PER_READ {
                sqlx::query(
                    "SELECT e.unit_id, e.indicator_code, e.value_json FROM entries e \
                     WHERE e.period_id = $1 AND e.unit_id IN (SELECT u.id FROM units u WHERE u.population = $2)",
                )
                .bind(period_id)
                .bind(population)
                .fetch_all(&mut *connection)
                .await
                .with_context(|| format!("cannot read the entries of {population} in {period_id}"))?
            } else {
                let mut builder = sqlx::QueryBuilder::<$engine>::new(
                    "SELECT e.unit_id, e.indicator_code, e.value_json FROM entries e WHERE e.period_id = ",
                );
                builder.push_bind(period_id).push(" AND e.unit_id IN (");
                let mut separated = builder.separated(", ");
                for id in unit_ids {
                    separated.push_bind(*id);
                }
                builder.push(")");
                builder
                    .build()
                    .fetch_all(&mut *connection)
                    .await
                    .with_context(|| format!("cannot read the entries of {} units in {period_id}", unit_ids.len()))?
            };
            for row in &entry_rows {
                let unit_id: String = row.try_get(0).context("entries.unit_id is TEXT")?;
                // A whole-population read also sees units the caller left out (inactive ones
                // without values): they are not scored.
                let Some(&index) = index_by_id.get(unit_id.as_str()) else { continue };
                inputs[index].values.push((
                    row.try_get(1).context("entries.indicator_code is TEXT")?,
                    row.try_get(2).context("entries.value_json is TEXT")?,
                ));
            }
            let document = rubric.document.clone();
            let scores = score_off_the_async_threads(inputs.len(), move || scoring::score_units(&document, &inputs))
                .with_context(|| format!("cannot score {population} in {period_id}"))?;
            let rows: Vec<(&&str, &scoring::UnitScore)> = unit_ids.iter().zip(&scores).collect();
            for chunk in rows.chunks(ROWS_PER_INSERT) {
                let mut builder = sqlx::QueryBuilder::<$engine>::new(
                    "INSERT INTO results (period_id, unit_id, population, rubric_version_id, total, total_cents, grade, \
                     complete, range_min, range_max, result_json, computed_at) ",
                );
                builder.push_values(chunk, |mut values, (unit_id, score)| {
                    values
                        .push_bind(period_id.to_owned())
                        .push_bind((**unit_id).to_owned())
                        .push_bind(population.to_owned())
                        .push_bind(rubric.id.clone())
                        .push_bind(score.total.clone())
                        .push_bind(score.total_cents)
                        .push_bind(score.grade.clone())
                        .push_bind(score.complete)
                        .push_bind(score.range_min.clone())
                        .push_bind(score.range_max.clone())
                        .push_bind(score.result_json.clone())
                        .push_bind(now.to_owned());
                });
                builder.push(
                    " ON CONFLICT (period_id, unit_id) DO UPDATE SET population = excluded.population, \
                     rubric_version_id = excluded.rubric_version_id, total = excluded.total, \
                     total_cents = excluded.total_cents, grade = excluded.grade, complete = excluded.complete, \
                     range_min = excluded.range_min, range_max = excluded.range_max, \
                     result_json = excluded.result_json, computed_at = excluded.computed_at",
                );
                builder
                    .build()
                    .execute(&mut *connection)
                    .await
                    .with_context(|| format!("cannot store the results of {population} in {period_id}"))?;
            }
            Ok(scores.len())
        }

        /// Largest `IN (…)` list of one read.
        const IDS_PER_READ: usize = 500;

        /// Whether the database holds no assessment data at all.
        async fn holds_no_assessment_data(connection: &mut Connection) -> Result<bool> {
            let count: i64 = sqlx::query(
                "SELECT (SELECT COUNT(*) FROM units) + (SELECT COUNT(*) FROM periods) + \
                 (SELECT COUNT(*) FROM rubric_versions)",
            )
            .fetch_one(&mut *connection)
            .await
            .context("cannot count the stored assessment data")?
            .try_get(0)
            .context("a count is an integer")?;
            Ok(count == 0)
        }

        pub async fn load_seed(connection: &mut Connection, seed: &Seed, now: &str) -> Result<bool> {
            if meta(&mut *connection, seed.marker).await?.is_some() || !holds_no_assessment_data(&mut *connection).await? {
                return Ok(false);
            }
            let mut rubric_versions: HashMap<String, String> = HashMap::new();
            for document in &seed.rubrics {
                let rubric_id = scoring::check_rubric(document)
                    .map_err(|problems| anyhow!("invalid seed rubric: {problems:?}"))?
                    .id()
                    .to_owned();
                let version_id = store_rubric_version(&mut *connection, document, now).await?;
                rubric_versions.insert(rubric_id, version_id);
            }
            let mut unit_ids: HashMap<&str, String> = HashMap::new();
            for unit in &seed.units {
                unit_ids.insert(unit.code.as_str(), new_id("u"));
            }
            for chunk in seed.units.chunks(ROWS_PER_INSERT) {
                let mut builder = sqlx::QueryBuilder::<$engine>::new(
                    "INSERT INTO units (id, code, name, population, active, created_at) ",
                );
                builder.push_values(chunk, |mut values, unit| {
                    values
                        .push_bind(unit_ids[unit.code.as_str()].clone())
                        .push_bind(unit.code.clone())
                        .push_bind(unit.name.clone())
                        .push_bind(unit.population.clone())
                        .push_bind(true)
                        .push_bind(now.to_owned());
                });
                builder.build().execute(&mut *connection).await.context("cannot store the seed units")?;
            }
            for period in &seed.periods {
                let period_id = PeriodRow::id_for(period.year, period.kind);
                sqlx::query(
                    "INSERT INTO periods (id, year, kind, state, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)",
                )
                .bind(&period_id)
                .bind(period.year)
                .bind(period.kind.code())
                .bind(period.state.code())
                .bind(now)
                .execute(&mut *connection)
                .await
                .with_context(|| format!("cannot store period {period_id}"))?;
                for (population, rubric_id) in &period.rubrics {
                    let version_id = rubric_versions
                        .get(rubric_id)
                        .with_context(|| format!("period {period_id} names rubric {rubric_id}, which the seed lacks"))?;
                    sqlx::query(
                        "INSERT INTO period_rubrics (period_id, population, rubric_version_id) VALUES ($1, $2, $3)",
                    )
                    .bind(&period_id)
                    .bind(population)
                    .bind(version_id)
                    .execute(&mut *connection)
                    .await
                    .with_context(|| format!("cannot bind rubric {version_id} to {population} in {period_id}"))?;
                }
                let mut rows = Vec::with_capacity(period.entries.len());
                for entry in &period.entries {
                    let unit_id = unit_ids
                        .get(entry.unit_code.as_str())
                        .with_context(|| format!("seed entry for unknown unit {}", entry.unit_code))?;
                    rows.push((unit_id.clone(), entry));
                }
                for chunk in rows.chunks(ROWS_PER_INSERT) {
                    let mut builder = sqlx::QueryBuilder::<$engine>::new(
                        "INSERT INTO entries (period_id, unit_id, indicator_code, value_json, status, version, \
                         updated_at, updated_by, note, recommendation) ",
                    );
                    builder.push_values(chunk, |mut values, (unit_id, entry)| {
                        values
                            .push_bind(period_id.clone())
                            .push_bind(unit_id.clone())
                            .push_bind(entry.indicator_code.clone())
                            .push_bind(entry.value_json.clone())
                            .push_bind(period.entry_status.code())
                            .push_bind(1_i64)
                            .push_bind(now.to_owned())
                            .push_bind(seed.entered_by.clone())
                            .push_bind(entry.note.clone())
                            .push_bind(entry.recommendation.clone());
                    });
                    builder
                        .build()
                        .execute(&mut *connection)
                        .await
                        .with_context(|| format!("cannot store the seed entries of {period_id}"))?;
                    let mut audit = sqlx::QueryBuilder::<$engine>::new(
                        "INSERT INTO entry_audit (period_id, unit_id, indicator_code, old_value_json, new_value_json, \
                         old_status, new_status, changed_by, changed_at, reason, note, recommendation) ",
                    );
                    audit.push_values(chunk, |mut values, (unit_id, entry)| {
                        values
                            .push_bind(period_id.clone())
                            .push_bind(unit_id.clone())
                            .push_bind(entry.indicator_code.clone())
                            .push_bind(None::<String>)
                            .push_bind(entry.value_json.clone())
                            .push_bind(None::<String>)
                            .push_bind(period.entry_status.code())
                            .push_bind(seed.entered_by.clone())
                            .push_bind(now.to_owned())
                            .push_bind(format!("seed: {}", seed.marker))
                            .push_bind(entry.note.clone())
                            .push_bind(entry.recommendation.clone());
                    });
                    audit
                        .build()
                        .execute(&mut *connection)
                        .await
                        .with_context(|| format!("cannot store the seed entry audit of {period_id}"))?;
                }
                if period.compute_results {
                    for (population, _) in &period.rubrics {
                        recompute(&mut *connection, &period_id, population, now).await?;
                    }
                }
            }
            sqlx::query("INSERT INTO app_meta (key, value) VALUES ($1, $2)")
                .bind(seed.marker)
                .bind(now)
                .execute(&mut *connection)
                .await
                .with_context(|| format!("cannot record {} in app_meta", seed.marker))?;
            Ok(true)
        }
    };
}

super::dispatch::for_each_engine!(define_queries);
