//! Figures for a national data set (not a test; prints, asserts nothing): ≈ 22,000 units,
//! 25 indicators, 4 periods, served by the real `sibekisar` binary pinned to two cores
//! (`taskset -c 0,1` where available), on SQLite and, when `SIBEKISAR_BENCH_POSTGRES_URL` names a
//! PostgreSQL server (trust authentication; `cargo xtask bench --national` starts a throw-away
//! one), on PostgreSQL too:
//! - p50 of one `PUT` of a value in a population of 50 units (the demo's OPD) and of 22,000;
//! - the import of 22,000 × 25 values (`POST /imports`, one CSV);
//! - `wrk` (Debian package) against `/api/v1/health`, the published results of the 38
//!   kabupaten/kota, a 100-row page of the 22,000-unit published results and the whole of them
//!   (requests/s, p99, MB/s);
//! - the server's peak memory (`VmHWM` of `/proc/<pid>/status`).
//!
//! Run: `cargo bench -p server --bench national` (a few minutes on 2 cores; `wrk` must be on PATH).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use server::configuration::DatabaseUrl;
use server::storage::{Database, EntryStatus, PeriodKind, PeriodState, SeedEntry, SeedPeriod, SeedUnit};

const N_UNITS: usize = 22_000;
const N_INDICATORS: usize = 25;
const POPULATION: &str = "nasional";
const YEAR: i64 = 2030;
/// Published, with values: what the public reads.
const PUBLISHED: &str = "2030-q1";
/// Open, with values: where one PUT is timed.
const OPEN_FULL: &str = "2030-q2";
/// Open, empty: where the import is timed.
const OPEN_EMPTY: &str = "2030-q3";
const DEMO_PASSWORD: &str = "cettar-demo-2023";
const N_PUTS: usize = 200;
/// Spirit codes and weights (the kab/kota weights of 2023).
const SPIRITS: [(&str, u32); 6] = [("C", 20), ("E", 20), ("T", 15), ("TR", 5), ("A", 25), ("R", 15)];

fn rubric() -> String {
    let spirits: Vec<String> = SPIRITS
        .iter()
        .map(|(code, weight)| format!(r#"{{"code":"{code}","name":"Semangat {code}","weight":{weight}}}"#))
        .collect();
    let indicators: Vec<String> = (1..=N_INDICATORS)
        .map(|index| {
            let spirit = SPIRITS[index % SPIRITS.len()].0;
            format!(
                r#"{{"code":"I{index:02}","name":"Indikator {index}","spirit":"{spirit}","weight":1,"rule":{{"kind":"scale","min":0,"max":100}}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"schema":"sibekisar.rubric/v1","id":"nasional-2030","name":"Rubrik nasional (uji beban)","spirits":[{}],"indicators":[{}]}}"#,
        spirits.join(","),
        indicators.join(",")
    )
}

fn unit_code(unit: usize) -> String {
    format!("unit-{unit:05}")
}

/// A value 0.00–100.00 that depends on the unit, indicator and period (many ties on totals).
fn value(unit: usize, indicator: usize, salt: usize) -> String {
    let hundredths = (unit * 7919 + indicator * 104_729 + salt * 1299) % 10_001;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

fn seed_period(kind: PeriodKind, state: PeriodState, salt: Option<usize>) -> SeedPeriod {
    let entries = match salt {
        None => Vec::new(),
        Some(salt) => (0..N_UNITS)
            .flat_map(|unit| {
                (1..=N_INDICATORS).map(move |indicator| SeedEntry {
                    unit_code: unit_code(unit),
                    indicator_code: format!("I{indicator:02}"),
                    value_json: value(unit, indicator, salt),
                    note: None,
                    recommendation: None,
                })
            })
            .collect(),
    };
    SeedPeriod {
        year: YEAR,
        kind,
        state,
        rubrics: vec![(POPULATION.to_owned(), "nasional-2030".to_owned())],
        entry_status: EntryStatus::Submitted,
        compute_results: salt.is_some(),
        entries,
    }
}

fn import_csv() -> String {
    let mut csv = String::from("unit");
    for indicator in 1..=N_INDICATORS {
        csv.push_str(&format!(",I{indicator:02}"));
    }
    csv.push('\n');
    for unit in 0..N_UNITS {
        csv.push_str(&unit_code(unit));
        for indicator in 1..=N_INDICATORS {
            csv.push(',');
            csv.push_str(&value(unit, indicator, 3));
        }
        csv.push('\n');
    }
    csv
}

/// A fresh empty database: a SQLite file in `dir`, or a new database on the PostgreSQL server.
async fn fresh_database(dir: &std::path::Path, postgres: Option<&str>) -> Result<DatabaseUrl> {
    let Some(server_url) = postgres else {
        return Ok(DatabaseUrl::new(format!("sqlite://{}", dir.join("national.db").display())));
    };
    use sqlx::{Connection, Executor};
    let name = format!("sibekisar_national_{}", std::process::id());
    let mut connection = sqlx::PgConnection::connect(server_url).await.context("the bench's PostgreSQL server")?;
    connection.execute(format!("DROP DATABASE IF EXISTS {name}").as_str()).await?;
    connection.execute(format!("CREATE DATABASE {name}").as_str()).await?;
    let base = server_url.rsplit_once('/').map_or(server_url, |(base, _)| base);
    Ok(DatabaseUrl::new(format!("{base}/{name}")))
}

/// Loads the demo data and the national data set into an empty database, in one seed.
async fn load(url: &DatabaseUrl) -> Result<()> {
    let database = Database::connect_and_migrate(url).await?;
    let add_population = "INSERT INTO populations (code, name, name_en, sort_order) \
                          VALUES ('nasional', 'Nasional (uji beban)', 'National (load test)', 99)";
    match &database {
        Database::Sqlite(pool) => sqlx::query(add_population).execute(pool).await.map(|_| ())?,
        Database::Postgres(pool) => sqlx::query(add_population).execute(pool).await.map(|_| ())?,
    }
    let mut seed = server::demo::demo_seed()?;
    seed.rubrics.push(rubric());
    seed.units.extend((0..N_UNITS).map(|unit| SeedUnit {
        code: unit_code(unit),
        name: format!("Unit Nasional {unit:05}"),
        population: POPULATION.to_owned(),
    }));
    seed.periods.push(seed_period(PeriodKind::Q1, PeriodState::Published, Some(1)));
    seed.periods.push(seed_period(PeriodKind::Q2, PeriodState::Open, Some(2)));
    seed.periods.push(seed_period(PeriodKind::Q3, PeriodState::Open, None));
    seed.periods.push(seed_period(PeriodKind::Q4, PeriodState::Draft, None));
    let started = Instant::now();
    let loaded = database.load_seed(&seed, "2030-01-01T00:00:00.000Z").await?;
    anyhow::ensure!(loaded, "the bench database was not empty");
    println!(
        "  data set: {N_UNITS} units × {N_INDICATORS} indicators, 4 periods ({} values) seeded in {:.1} s",
        2 * N_UNITS * N_INDICATORS,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn taskset_available() -> bool {
    Command::new("taskset").args(["-c", "0,1", "true"]).status().is_ok_and(|status| status.success())
}

/// `program args…`, under `taskset -c 0,1` when it exists.
fn pinned(program: &str, args: &[&str]) -> Command {
    if taskset_available() {
        let mut command = Command::new("taskset");
        command.args(["-c", "0,1", program]).args(args);
        command
    } else {
        let mut command = Command::new(program);
        command.args(args);
        command
    }
}

struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(url: &DatabaseUrl) -> Result<Self> {
        let port = free_port()?;
        let mut command = pinned(env!("CARGO_BIN_EXE_sibekisar"), &[]);
        command
            .env("DATABASE_URL", url.expose())
            .env("SIBEKISAR_ADDR", format!("127.0.0.1:{port}"))
            .env("SIBEKISAR_DEMO", "1")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = command.spawn().context("cannot start sibekisar")?;
        let stderr = child.stderr.take().context("stderr is piped")?;
        // Keep reading the log so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in BufReader::new(stderr).lines() {});
        Ok(Self { child, base: format!("http://127.0.0.1:{port}") })
    }

    /// The server process's pid (the child of `taskset`, which execs it, keeps the pid).
    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn peak_memory_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).ok()?;
        status.lines().find_map(|line| line.strip_prefix("VmHWM:")?.trim().strip_suffix("kB")?.trim().parse().ok())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Session {
    client: reqwest::Client,
    base: String,
    cookie: String,
    csrf_token: String,
}

impl Session {
    async fn sign_in(base: &str) -> Result<Self> {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(120);
        while client.get(format!("{base}/api/v1/health")).send().await.map_or(true, |r| !r.status().is_success()) {
            if Instant::now() > deadline {
                bail!("the server did not answer its health check within two minutes");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let response = client
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({"username": "admin.demo", "password": DEMO_PASSWORD}))
            .send()
            .await?;
        anyhow::ensure!(response.status().is_success(), "login: {}", response.status());
        let cookie = response
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find(|value| value.starts_with("sibekisar_session="))
            .and_then(|value| value.split(';').next())
            .context("a session cookie")?
            .to_owned();
        let body: Value = response.json().await?;
        let csrf_token = body["csrf_token"].as_str().context("a CSRF token")?.to_owned();
        Ok(Self { client, base: base.to_owned(), cookie, csrf_token })
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.base))
            .header(reqwest::header::COOKIE, &self.cookie)
            .header("x-csrf-token", &self.csrf_token)
    }

    async fn first_unit(&self, period: &str, population: &str) -> Result<(String, usize)> {
        let response = self
            .request(reqwest::Method::GET, &format!("/api/v1/periods/{period}/results?population={population}"))
            .send()
            .await?;
        let rows: Value = response.json().await?;
        let rows = rows.as_array().context("a ranking")?;
        Ok((rows.first().context("a unit")?["unit"]["code"].as_str().context("a code")?.to_owned(), rows.len()))
    }

    /// Median time of `N_PUTS` PUTs of one cell (after one to warm up), in milliseconds.
    async fn put_p50(&self, period: &str, unit: &str, indicator: &str) -> Result<f64> {
        let path = format!("/api/v1/periods/{period}/entries/{unit}/{indicator}");
        let current: Value = self
            .request(reqwest::Method::GET, &format!("/api/v1/periods/{period}/entries/{unit}/{indicator}/history"))
            .send()
            .await?
            .json()
            .await?;
        let mut version = current.as_array().map_or(0, |history| history.len() as i64);
        let mut times = Vec::with_capacity(N_PUTS);
        for attempt in 0..=N_PUTS {
            let started = Instant::now();
            let response = self
                .request(reqwest::Method::PUT, &path)
                .header("idempotency-key", format!("bench-{period}-{attempt}"))
                .json(&json!({"value": 40 + attempt % 50, "base_version": version}))
                .send()
                .await?;
            let status = response.status();
            let body: Value = response.json().await?;
            let elapsed = started.elapsed();
            anyhow::ensure!(status.is_success(), "PUT {path}: {status} {body}");
            version = body["entry"]["version"].as_i64().context("the entry's version")?;
            if attempt > 0 {
                times.push(elapsed.as_secs_f64() * 1000.0);
            }
        }
        times.sort_by(f64::total_cmp);
        Ok(times[times.len() / 2])
    }
}

/// What `wrk` says: requests/s, p99 latency (ms), transfer (MB/s), non-2xx answers.
struct WrkFigures {
    requests_per_second: f64,
    p99_ms: f64,
    megabytes_per_second: f64,
    errors: String,
}

fn wrk(url: &str, connections: u32, seconds: u32) -> Result<WrkFigures> {
    wrk_with(url, connections, seconds, None)
}

/// `wrk` with each connection pausing `pause_ms` after every answer, so the offered load stays
/// below `connections × 1000 / pause_ms` requests/s (wrk has no fixed rate; its Lua `delay`
/// hook paces it). The p99 is then the latency at that rate, not at saturation.
fn wrk_paced(url: &str, connections: u32, seconds: u32, pause_ms: u32) -> Result<WrkFigures> {
    let script = std::env::temp_dir().join(format!("sibekisar-wrk-pace-{}.lua", std::process::id()));
    std::fs::write(&script, format!("function delay()\n  return {pause_ms}\nend\n"))
        .context("cannot write the wrk pacing script")?;
    let figures = wrk_with(url, connections, seconds, Some(&script));
    let _ = std::fs::remove_file(&script);
    figures
}

fn wrk_with(url: &str, connections: u32, seconds: u32, script: Option<&std::path::Path>) -> Result<WrkFigures> {
    let (connections, duration) = (format!("-c{connections}"), format!("-d{seconds}s"));
    let mut args = vec!["-t2", connections.as_str(), duration.as_str(), "--latency"];
    let script_text = script.map(|path| path.to_string_lossy().into_owned());
    if let Some(path) = &script_text {
        args.extend(["-s", path.as_str()]);
    }
    args.push(url);
    let output = pinned("wrk", &args).output().context("cannot run wrk (Debian package `wrk`)")?;
    let text = String::from_utf8_lossy(&output.stdout);
    let field = |prefix: &str| -> Option<&str> {
        text.lines().find_map(|line| line.trim().strip_prefix(prefix)).map(str::trim)
    };
    let duration_ms = |text: &str| -> f64 {
        let (number, factor) = if let Some(number) = text.strip_suffix("us") {
            (number, 0.001)
        } else if let Some(number) = text.strip_suffix("ms") {
            (number, 1.0)
        } else if let Some(number) = text.strip_suffix('s') {
            (number, 1000.0)
        } else {
            (text, 1.0)
        };
        number.parse::<f64>().unwrap_or(f64::NAN) * factor
    };
    let size_mb = |text: &str| -> f64 {
        let (number, factor) = if let Some(number) = text.strip_suffix("GB") {
            (number, 1024.0)
        } else if let Some(number) = text.strip_suffix("MB") {
            (number, 1.0)
        } else if let Some(number) = text.strip_suffix("KB") {
            (number, 1.0 / 1024.0)
        } else if let Some(number) = text.strip_suffix('B') {
            (number, 1.0 / 1024.0 / 1024.0)
        } else {
            (text, 1.0)
        };
        number.parse::<f64>().unwrap_or(f64::NAN) * factor
    };
    let requests_per_second = field("Requests/sec:").and_then(|v| v.parse().ok()).context(format!("wrk: {text}"))?;
    Ok(WrkFigures {
        requests_per_second,
        p99_ms: field("99%").map_or(f64::NAN, duration_ms),
        megabytes_per_second: field("Transfer/sec:").map_or(f64::NAN, size_mb),
        errors: field("Non-2xx or 3xx responses:").map_or_else(String::new, |n| format!(", {n} non-2xx answers")),
    })
}

fn print_wrk(label: &str, figures: &WrkFigures) {
    println!(
        "  wrk {label}: {:.0} requests/s, p99 {:.1} ms, {:.1} MB/s{}",
        figures.requests_per_second, figures.p99_ms, figures.megabytes_per_second, figures.errors
    );
}

async fn run(engine: &str, postgres: Option<&str>) -> Result<()> {
    println!("national bench: {engine}{}", if taskset_available() { " (taskset -c 0,1)" } else { "" });
    let dir = tempfile::tempdir()?;
    let url = fresh_database(dir.path(), postgres).await?;
    load(&url).await?;
    let server = Server::start(&url)?;
    let session = Session::sign_in(&server.base).await?;

    // The demo's open quarter has no values yet: its OPD come from the demo data set. The first
    // write of a population never scored scores it whole; the timed ones follow it.
    let demo_opd: Vec<String> = server::demo::demo_seed()?
        .units
        .into_iter()
        .filter(|unit| unit.population == "opd")
        .map(|unit| unit.code)
        .collect();
    let (small_unit, n_small) = (demo_opd.first().context("the demo has OPD")?.clone(), demo_opd.len());
    let small = session.put_p50("2024-q1", &small_unit, "SAKIP").await?;
    let (large_unit, n_large) = session.first_unit(OPEN_FULL, POPULATION).await?;
    let large = session.put_p50(OPEN_FULL, &large_unit, "I01").await?;
    println!(
        "  one PUT, p50 of {N_PUTS}: {small:.2} ms at {n_small} units, {large:.2} ms at {n_large} units (ratio {:.2}; target ≤ 3)",
        large / small
    );

    let csv = import_csv();
    let started = Instant::now();
    let response = session
        .request(
            reqwest::Method::POST,
            &format!("/api/v1/periods/{OPEN_EMPTY}/imports?population={POPULATION}&dry_run=false"),
        )
        .header("content-type", "text/csv")
        .body(csv.clone())
        .send()
        .await?;
    let status = response.status();
    let body: Value = response.json().await?;
    anyhow::ensure!(status.is_success(), "import: {status} {body}");
    println!(
        "  import of {N_UNITS} × {N_INDICATORS} values ({:.1} MB CSV): {:.1} s ({} new)",
        csv.len() as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        body["summary"]["new"]
    );

    let base = &server.base;
    let health = wrk(&format!("{base}/api/v1/health"), 32, 8)?;
    print_wrk("/api/v1/health (32 connections)", &health);
    let kabkota = wrk(&format!("{base}/api/v1/periods/2023-annual/results?population=kabkota"), 32, 8)?;
    print_wrk("38 kab/kota published results (32 connections)", &kabkota);
    println!(
        "  38 kab/kota results at {:.1}% of the health rate (target ≥ 25%)",
        100.0 * kabkota.requests_per_second / health.requests_per_second
    );
    let page_url = format!("{base}/api/v1/periods/{PUBLISHED}/results?population={POPULATION}&offset=11000&limit=100");
    let page = wrk(&page_url, 32, 8)?;
    print_wrk(&format!("100-row page of {N_UNITS} published results (32 connections)"), &page);
    let page_light = wrk(&page_url, 4, 8)?;
    print_wrk("the same page (4 connections)", &page_light);
    // 8 connections pausing 40 ms: at most 200 requests/s offered.
    let page_paced = wrk_paced(&page_url, 8, 10, 40)?;
    print_wrk("the same page, paced to ≤ 200 requests/s (8 connections, 40 ms pause)", &page_paced);
    println!("  (target: p99 < 50 ms at 200 requests/s)");
    let whole = wrk(&format!("{base}/api/v1/periods/{PUBLISHED}/results?population={POPULATION}"), 4, 10)?;
    print_wrk(&format!("whole published results of {N_UNITS} units (4 connections)"), &whole);
    match server.peak_memory_kib() {
        Some(kib) => println!("  server peak memory (VmHWM): {:.0} MiB", kib as f64 / 1024.0),
        None => println!("  server peak memory: /proc not readable"),
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("national bench: skipped (run it with `cargo bench -p server --bench national`)");
        return Ok(());
    }
    run("SQLite", None).await?;
    match std::env::var("SIBEKISAR_BENCH_POSTGRES_URL") {
        Ok(url) if !url.trim().is_empty() => run("PostgreSQL", Some(url.trim())).await?,
        _ => println!("national bench: PostgreSQL skipped (set SIBEKISAR_BENCH_POSTGRES_URL)"),
    }
    Ok(())
}
