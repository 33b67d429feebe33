//! Figures for the write side of assessment data (not a test; prints, asserts nothing):
//! 1. bulk import of 440,000 values (22,000 units × 20 indicators) into SQLite through the same
//!    code as `POST /imports` (read CSV → check every cell with the engine → one transaction with
//!    audit → recompute), in values per second, and its ratio to a plain SQLite insert of the
//!    same rows in one transaction (prepared single-row INSERTs, no audit, no checks);
//! 2. sync of 1,000 queued changes through the batch endpoint's storage function
//!    (`Database::apply_changes`: idempotency keys, versions, audit, one recompute).
//!
//! Run: `cargo bench -p server --bench import` (about a minute on 2 cores).

use std::time::Instant;

use server::configuration::DatabaseUrl;
use server::imports::{plan_import, read_sheet};
use server::results::scoring::ValueChecker;
use server::storage::{ChangeRequest, Database, EntryRecord, PeriodKind, PeriodState, Seed, SeedPeriod, SeedUnit};

const N_UNITS: usize = 22_000;
const N_INDICATORS: usize = 20;
const N_SMALL_UNITS: usize = 50;

fn rubric(id: &str) -> String {
    let indicators: Vec<String> = (1..=N_INDICATORS)
        .map(|index| {
            format!(r#"{{"code":"I{index:02}","name":"Indikator {index}","spirit":"C","weight":1,"rule":{{"kind":"scale","min":0,"max":100}}}}"#)
        })
        .collect();
    format!(
        r#"{{"schema":"sibekisar.rubric/v1","id":"{id}","name":"Rubrik uji","spirits":[{{"code":"C","name":"Cepat","weight":100}}],"indicators":[{}]}}"#,
        indicators.join(",")
    )
}

fn grid_csv(n_units: usize, prefix: &str, offset: usize) -> String {
    let mut csv = String::from("unit");
    for index in 1..=N_INDICATORS {
        csv.push_str(&format!(",I{index:02}"));
    }
    csv.push('\n');
    for unit in 0..n_units {
        csv.push_str(&format!("{prefix}-{unit:05}"));
        for index in 0..N_INDICATORS {
            csv.push_str(&format!(",{}.{}", (unit * 7 + index * 13 + offset) % 100, unit % 10));
        }
        csv.push('\n');
    }
    csv
}

fn period(year: i64, rubrics: Vec<(String, String)>) -> SeedPeriod {
    SeedPeriod {
        year,
        kind: PeriodKind::Annual,
        state: PeriodState::Open,
        rubrics,
        entry_status: server::storage::EntryStatus::Submitted,
        entries: Vec::new(),
        compute_results: false,
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it, and a
    // debug-build national import is no test: say so and stop (criterion benches do the same).
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("import bench: skipped (run it with `cargo bench -p server --bench import`)");
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let url = DatabaseUrl::new(format!("sqlite://{}", dir.path().join("bench.db").display()));
    let database = Database::connect_and_migrate(&url).await?;
    let mut units: Vec<SeedUnit> = (0..N_UNITS)
        .map(|unit| SeedUnit {
            code: format!("opd-{unit:05}"),
            name: format!("Unit {unit:05}"),
            population: "opd".to_owned(),
        })
        .collect();
    units.extend((0..N_SMALL_UNITS).map(|unit| SeedUnit {
        code: format!("kab-{unit:05}"),
        name: format!("Kabupaten {unit:05}"),
        population: "kabkota".to_owned(),
    }));
    let bindings = vec![("opd".to_owned(), "uji-20".to_owned()), ("kabkota".to_owned(), "uji-20".to_owned())];
    let seed = Seed {
        marker: "bench",
        entered_by: "bench".to_owned(),
        rubrics: vec![rubric("uji-20")],
        units,
        periods: vec![period(2030, bindings.clone()), period(2031, bindings)],
    };
    database.load_seed(&seed, &now()).await?;
    let rubric_text = rubric("uji-20");
    let n_values = N_UNITS * N_INDICATORS;

    // 1. Bulk import.
    let csv = grid_csv(N_UNITS, "opd", 0);
    let started = Instant::now();
    let units = database.population_units("2030-annual", "opd").await?;
    let checker = ValueChecker::new(&rubric_text)?;
    let plan =
        plan_import(&read_sheet(csv.as_bytes()).map_err(|p| anyhow::anyhow!("{p:?}"))?, &units, &checker, &|_| true);
    anyhow::ensure!(plan.problems.is_empty() && plan.values.len() == n_values, "the generated file is valid");
    let checked = started.elapsed();
    database.import_values("2030-annual", "opd", &plan.values, "bench", "impor: bench", true, &now()).await?;
    let import = started.elapsed();
    println!(
        "import {n_values} values ({} MB CSV): {:.2} s = {:.0} values/s (read + check {:.2} s; write + audit + recompute {:.2} s)",
        csv.len() / (1024 * 1024),
        import.as_secs_f64(),
        n_values as f64 / import.as_secs_f64(),
        checked.as_secs_f64(),
        (import - checked).as_secs_f64(),
    );

    // Baseline: the same rows inserted plainly into period 2031 in one transaction.
    let Database::Sqlite(pool) = &database else { anyhow::bail!("SQLite") };
    let started = Instant::now();
    let mut transaction = pool.begin().await?;
    for value in &plan.values {
        sqlx::query(
            "INSERT INTO entries (period_id, unit_id, indicator_code, value_json, status, version, updated_at, updated_by) \
             VALUES ($1, $2, $3, $4, 'submitted', 1, '2030-01-01T00:00:00.000Z', 'bench')",
        )
        .bind("2031-annual")
        .bind(&value.unit_id)
        .bind(&value.indicator_code)
        .bind(&value.value_json)
        .execute(&mut *transaction)
        .await?;
    }
    transaction.commit().await?;
    let plain = started.elapsed();
    println!(
        "plain SQLite insert of the same rows, one transaction: {:.2} s = {:.0} rows/s; import / plain = {:.2}×",
        plain.as_secs_f64(),
        n_values as f64 / plain.as_secs_f64(),
        import.as_secs_f64() / plain.as_secs_f64(),
    );

    // 2. Sync of 1,000 queued changes (50 units × 20 indicators), three rounds on the same entries.
    let render = |entry: &EntryRecord| (200_i64, format!("{{\"entry\":{{\"version\":{}}}}}", entry.version));
    for round in 0..3_i64 {
        let changes: Vec<ChangeRequest> = (0..N_SMALL_UNITS)
            .flat_map(|unit| (1..=N_INDICATORS).map(move |index| (unit, index)))
            .map(|(unit, index)| ChangeRequest {
                unit_code: format!("kab-{unit:05}"),
                indicator_code: format!("I{index:02}"),
                value_json: format!("{}", (unit + index + usize::try_from(round).unwrap_or(0)) % 100),
                base_version: round,
                idempotency_key: format!("bench-{round}-{unit}-{index}"),
                request_sha256: format!("{round}-{unit}-{index}"),
                reason: None,
                note: None,
                recommendation: None,
                evidence_link: None,
                allowed: true,
            })
            .collect();
        let started = Instant::now();
        let outcomes =
            database.apply_changes("2030-annual", "bench", true, &changes, &render, &now()).await?.unwrap_or_default();
        let elapsed = started.elapsed();
        let applied =
            outcomes.iter().filter(|outcome| matches!(outcome, server::storage::ChangeOutcome::Applied { .. })).count();
        println!(
            "sync of {} queued changes (round {}): {:.1} ms, {applied} applied, {:.0} changes/s",
            changes.len(),
            round + 1,
            elapsed.as_secs_f64() * 1000.0,
            changes.len() as f64 / elapsed.as_secs_f64(),
        );
    }
    database.close().await;
    Ok(())
}

/// Now as stored, from the machine's clock (storage takes "now" from its caller).
fn now() -> String {
    use server::auth::Clock;
    server::auth::clock::timestamp(server::auth::SystemClock.now_millis())
}
