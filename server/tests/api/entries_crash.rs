//! Crash safety of imports: the real `sibekisar` binary is killed (SIGKILL) while a national-scale
//! import (22,000 units × 20 indicators = 440,000 values) is being written; after a restart the
//! database holds either every value or none. SQLite only (the file is the point).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use server::configuration::DatabaseUrl;
use server::storage::{Database, PeriodKind, PeriodState, Seed, SeedPeriod, SeedUnit};

const N_UNITS: usize = 22_000;
const N_INDICATORS: usize = 20;

/// A rubric of `N_INDICATORS` 0–100 scales in one spirit.
pub fn generated_rubric(id: &str) -> String {
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

/// The grid CSV of every unit and indicator.
fn grid_csv() -> String {
    let mut csv = String::from("unit");
    for index in 1..=N_INDICATORS {
        csv.push_str(&format!(",I{index:02}"));
    }
    csv.push('\n');
    for unit in 0..N_UNITS {
        csv.push_str(&format!("unit-{unit:05}"));
        for index in 0..N_INDICATORS {
            csv.push_str(&format!(",{}", (unit * 7 + index * 13) % 101));
        }
        csv.push('\n');
    }
    csv
}

async fn seed(url: &DatabaseUrl) {
    let database = Database::connect_and_migrate(url).await.expect("database");
    let seed = Seed {
        marker: "crash_test",
        entered_by: "test".to_owned(),
        rubrics: vec![generated_rubric("uji-20")],
        units: (0..N_UNITS)
            .map(|unit| SeedUnit {
                code: format!("unit-{unit:05}"),
                name: format!("Unit {unit:05}"),
                population: "opd".to_owned(),
            })
            .collect(),
        periods: vec![SeedPeriod {
            year: 2030,
            kind: PeriodKind::Annual,
            state: PeriodState::Open,
            rubrics: vec![("opd".to_owned(), "uji-20".to_owned())],
            entry_status: server::storage::EntryStatus::Submitted,
            entries: Vec::new(),
            compute_results: false,
        }],
    };
    assert!(
        database.load_seed(&seed, "2030-01-02T08:00:00.000Z").await.expect("seed"),
        "an empty database takes the seed"
    );
    database.close().await;
}

/// Starts the binary in demo mode (demo accounts; the demo data is not loaded into a database
/// that holds data) and returns it with its address.
fn start(url: &DatabaseUrl) -> (Child, String, BufReader<std::process::ChildStderr>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sibekisar"))
        .env("DATABASE_URL", url.expose())
        .env("SIBEKISAR_ADDR", "127.0.0.1:0")
        .env("SIBEKISAR_DEMO", "1")
        .env("RUST_LOG", "warn,server=info")
        .env_remove("SIBEKISAR_SITE_DIR")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    let address = loop {
        line.clear();
        assert!(stdout.read_line(&mut line).expect("stdout") > 0, "the server exited before listening");
        if let Some(position) = line.find("http://") {
            break line[position..].trim().to_owned();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let stderr = BufReader::new(child.stderr.take().expect("stderr"));
    (child, address, stderr)
}

async fn count(url: &DatabaseUrl, table: &str) -> i64 {
    let database = Database::connect_and_migrate(url).await.expect("database reopens");
    let Database::Sqlite(pool) = &database else { panic!("SQLite") };
    let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE period_id = '2030-annual'"))
        .fetch_one(pool)
        .await
        .expect("count");
    database.close().await;
    n
}

#[tokio::test]
async fn an_import_killed_mid_way_leaves_all_rows_or_none() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = DatabaseUrl::new(format!("sqlite://{}", dir.path().join("crash.db").display()));
    seed(&url).await;
    let (mut child, address, mut stderr) = start(&url);
    let client = reqwest::Client::new();
    let login = client
        .post(format!("{address}/api/v1/auth/login"))
        .json(&serde_json::json!({"username": "admin.demo", "password": crate::auth_helpers::DEMO_PASSWORD}))
        .send()
        .await
        .expect("login");
    assert_eq!(login.status(), 200);
    let session = crate::auth_helpers::session_of(login).await;
    let request = client
        .post(format!("{address}/api/v1/periods/2030-annual/imports?population=opd&dry_run=false"))
        .header(reqwest::header::COOKIE, &session.cookie)
        .header("x-csrf-token", &session.csrf_token)
        .header("content-type", "text/csv")
        .body(grid_csv());
    let in_flight = tokio::spawn(async move { request.send().await.map(|response| response.status().as_u16()) });

    // The server logs `import: writing rows` after its first chunk of rows is written, inside the
    // transaction: kill it then (no sleeps; the log line is the synchronisation).
    let saw_writing = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        loop {
            line.clear();
            if stderr.read_line(&mut line).unwrap_or(0) == 0 {
                return false;
            }
            if line.contains("import: writing rows") {
                return true;
            }
        }
    })
    .await
    .expect("reader");
    assert!(saw_writing, "the import started writing before the server exited");
    child.kill().expect("SIGKILL");
    child.wait().expect("the process is reaped");
    let outcome = in_flight.await.expect("task");
    assert!(
        outcome.as_ref().map_or(true, |status| *status == 200),
        "the request died with the process or had finished: {outcome:?}"
    );

    let entries = count(&url, "entries").await;
    let audit = count(&url, "entry_audit").await;
    eprintln!("entries after the kill: {entries} (request outcome {outcome:?})");
    let expected = i64::try_from(N_UNITS * N_INDICATORS).expect("fits");
    assert!(entries == 0 || entries == expected, "all or none, found {entries} entries");
    assert_eq!(audit, entries, "every stored entry has its audit record, and no other");

    // The server starts again on the same file.
    let (mut child, address, _stderr) = start(&url);
    let health = client.get(format!("{address}/api/v1/health")).send().await.expect("health");
    assert_eq!(health.status(), 200);
    child.kill().expect("stop");
    child.wait().expect("reaped");
}
