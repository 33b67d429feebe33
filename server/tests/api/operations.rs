//! Operating the binary: `sibekisar migrate` then a server with `SIBEKISAR_MIGRATE=off`, and
//! `sibekisar backup` taken while writes arrive, restored into a new database (SQLite).

use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use reqwest::Method;
use serde_json::json;

use crate::auth_helpers::spawn_app_on;
use crate::entries_write::{OPEN, UNIT, entry_path, json_of, put};
use server::configuration::DatabaseUrl;

fn sibekisar(args: &[&str], database_url: &str, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sibekisar"));
    command.args(args).env("DATABASE_URL", database_url).env("SIBEKISAR_ADDR", "127.0.0.1:0").env_remove("RUST_LOG");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("the binary runs")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[test]
fn migrate_is_a_step_of_its_own_and_a_server_without_it_refuses_an_old_schema() {
    let dir = tempfile::tempdir().expect("a folder");
    let url = format!("sqlite://{}", dir.path().join("langkah.db").display());
    // With SIBEKISAR_MIGRATE=off, an unmigrated database is refused before anything listens.
    let refused = sibekisar(&[], &url, &[("SIBEKISAR_MIGRATE", "off")]);
    assert!(!refused.status.success());
    assert!(text(&refused).contains("run `sibekisar migrate` first"), "{}", text(&refused));
    let migrated = sibekisar(&["migrate"], &url, &[]);
    assert!(migrated.status.success(), "{}", text(&migrated));
    assert!(text(&migrated).contains("Migrasi selesai"), "{}", text(&migrated));
    let again = sibekisar(&["migrate"], &url, &[]);
    assert!(again.status.success() && text(&again).contains("[]"), "nothing left to apply: {}", text(&again));
    let bad_mode = sibekisar(&[], &url, &[("SIBEKISAR_MIGRATE", "kadang")]);
    assert!(!bad_mode.status.success() && text(&bad_mode).contains("must be auto or off"), "{}", text(&bad_mode));
}

#[tokio::test]
async fn a_server_with_migrations_off_starts_on_a_migrated_database() {
    let dir = tempfile::tempdir().expect("a folder");
    let url = DatabaseUrl::new(format!("sqlite://{}", dir.path().join("siap.db").display()));
    let settings = |migrate_on_start| server::configuration::Settings {
        address: "127.0.0.1:0".parse().expect("an address"),
        database_url: url.clone(),
        load_demo_data: false,
        site_dir: None,
        auth: server::configuration::AuthSettings::for_tests(),
        metrics_address: None,
        limits: server::configuration::Limits::default(),
        migrate_on_start,
    };
    let refused = server::startup::Application::build(settings(false)).await.err().expect("an empty database");
    assert!(refused.to_string().contains("sibekisar migrate"), "{refused}");
    server::storage::Database::connect_and_migrate(&url).await.expect("migrated").close().await;
    let application = server::startup::Application::build(settings(false)).await.expect("starts on a ready schema");
    assert!(application.port() > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_writes_arrive_holds_every_write_acknowledged_before_it_began() {
    let dir = tempfile::tempdir().expect("a folder");
    let live = format!("sqlite://{}", dir.path().join("langsung.db").display());
    let app = Arc::new(spawn_app_on(DatabaseUrl::new(live.clone()), true).await);
    let owner = app.sign_in_demo("pengampu.demo").await;
    let path = entry_path(OPEN, UNIT, "SAKIP");
    // The writer enters 1, 2, 3 … as versions 1, 2, 3 … and records each acknowledged value.
    let acknowledged = Arc::new(Mutex::new(Vec::<i64>::new()));
    let (progress, mut progressed) = tokio::sync::watch::channel(0_usize);
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (app, acknowledged, stop, path) = (app.clone(), acknowledged.clone(), stop.clone(), path.clone());
        tokio::spawn(async move {
            for value in 1..=90_i64 {
                if stop.load(std::sync::atomic::Ordering::Acquire) {
                    break;
                }
                let body = json!({"value": value, "base_version": value - 1});
                let response = put(&app, &owner, &path, &format!("cadangan-{value}"), body).await;
                assert_eq!(response.status(), 200, "write {value}");
                let mut done = acknowledged.lock().expect("not poisoned");
                done.push(value);
                progress.send_replace(done.len());
            }
        })
    };
    progressed.wait_for(|count| *count >= 5).await.expect("the writer runs");
    let before: Vec<i64> = acknowledged.lock().expect("not poisoned").clone();
    let file = dir.path().join("cadangan.db");
    let file_text = file.display().to_string();
    let live_for_backup = live.clone();
    let backup = tokio::task::spawn_blocking(move || sibekisar(&["backup", &file_text], &live_for_backup, &[]))
        .await
        .expect("ran");
    assert!(backup.status.success(), "{}", text(&backup));
    let after_backup = acknowledged.lock().expect("not poisoned").len();
    stop.store(true, std::sync::atomic::Ordering::Release);
    writer.await.expect("the writer finished");

    // A backup never overwrites; a restore never replaces a non-empty database unless forced.
    let file_text = file.display().to_string();
    let overwrite = sibekisar(&["backup", &file_text], &live, &[]);
    assert!(!overwrite.status.success() && text(&overwrite).contains("exists already"), "{}", text(&overwrite));
    let onto_live = sibekisar(&["restore", &file_text], &live, &[]);
    assert!(!onto_live.status.success() && text(&onto_live).contains("not empty"), "{}", text(&onto_live));

    let restored = format!("sqlite://{}", dir.path().join("pulih/pulih.db").display());
    let restore = sibekisar(&["restore", &file_text], &restored, &[]);
    assert!(restore.status.success(), "{}", text(&restore));
    let copy = spawn_app_on(DatabaseUrl::new(restored), false).await;
    let admin = copy.sign_in_demo("admin.demo").await;
    let history = json_of(copy.send(Some(&admin), Method::GET, &format!("{path}/history"), None).await).await;
    let values: Vec<i64> =
        history.as_array().expect("a list").iter().filter_map(|record| record["new_value"].as_i64()).collect();
    for value in &before {
        assert!(values.contains(value), "acknowledged write {value} is in the backup: {values:?}");
    }
    assert!(values.len() >= before.len() && values.len() <= after_backup, "{} of {after_backup}", values.len());
}

#[test]
fn on_sigterm_a_request_in_flight_gets_the_grace_time_then_the_process_exits() {
    use std::io::{BufRead, BufReader, Write};
    let dir = tempfile::tempdir().expect("a folder");
    let url = format!("sqlite://{}", dir.path().join("henti.db").display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_sibekisar"))
        .env("DATABASE_URL", &url)
        .env("SIBEKISAR_ADDR", "127.0.0.1:0")
        .env("SIBEKISAR_SHUTDOWN_GRACE_SECS", "1")
        // The slow request below would otherwise last an hour.
        .env("SIBEKISAR_BODY_TIMEOUT_SECS", "3600")
        .env("SIBEKISAR_REQUEST_TIMEOUT_SECS", "3600")
        .env_remove("RUST_LOG")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the binary starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let address = loop {
        let line = lines.next().expect("the server prints its address").expect("a line");
        if let Some((_, address)) = line.split_once("listening on http://") {
            break address.trim().to_owned();
        }
    };
    // A request whose body never comes: without a grace limit, shutdown would wait for it.
    let mut slow = std::net::TcpStream::connect(&address).expect("connects");
    let head =
        "POST /api/v1/score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";
    slow.write_all(head.as_bytes()).expect("written");
    let health = "GET /api/v1/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    let mut probe = std::net::TcpStream::connect(&address).expect("connects");
    probe.write_all(health.as_bytes()).expect("written");
    let mut answer = String::new();
    std::io::Read::read_to_string(&mut probe, &mut answer).expect("answered");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let signal = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill runs");
    assert!(signal.success());
    // The grace time (1 s) ends the slow request; the bound here only keeps a broken shutdown
    // from hanging the suite.
    let (exited, exit) = std::sync::mpsc::channel();
    std::thread::spawn(move || exited.send(child.wait().expect("waited")));
    let status = exit.recv_timeout(std::time::Duration::from_secs(30)).expect("the process exits after the grace time");
    assert!(status.success(), "{status}");
    drop(slow);
}
