//! Request ids, the JSON access log, Prometheus metrics and the liveness/readiness checks, on the
//! real binary (its log is read from stderr) and in process.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use reqwest::Method;
use serde_json::Value;

use crate::auth_helpers::spawn_demo_app;

#[tokio::test]
async fn every_error_body_carries_the_request_id_of_its_header() {
    let app = spawn_demo_app().await;
    let chosen = app.client.get(app.url("/api/v1/tidak-ada")).header("x-request-id", "uji-123.a_b").send().await;
    let chosen = chosen.expect("sent");
    assert_eq!(chosen.status(), 404);
    assert_eq!(chosen.headers()["x-request-id"], "uji-123.a_b");
    let body: Value = chosen.json().await.expect("JSON");
    assert_eq!(body["error"]["request_id"], "uji-123.a_b");
    // An unsafe id is replaced by a new one, answered in the header and the body alike.
    let made = app.client.get(app.url("/api/v1/tidak-ada")).header("x-request-id", "a b<c>").send().await;
    let made = made.expect("sent");
    let header = made.headers()["x-request-id"].to_str().expect("ascii").to_owned();
    assert_eq!(header.len(), 32, "{header}");
    let body: Value = made.json().await.expect("JSON");
    assert_eq!(body["error"]["request_id"], header.as_str());
    // Refusals built elsewhere (a bad import) carry it too; successes carry it in the header.
    let admin = app.sign_in_demo("admin.demo").await;
    let refused = app
        .request(Some(&admin), Method::POST, "/api/v1/periods/2024-q1/imports?population=kabkota")
        .header("x-request-id", "impor-1")
        .header("content-type", "text/csv")
        .body(",".repeat(5_000_000))
        .send()
        .await
        .expect("sent");
    let body: Value = refused.json().await.expect("JSON");
    assert_eq!(body["error"]["request_id"], "impor-1", "{body}");
    let health = app.send(None, Method::GET, "/api/v1/health", None).await;
    assert!(health.headers().contains_key("x-request-id"));
}

#[tokio::test]
async fn liveness_asks_nothing_of_the_database_and_readiness_does() {
    let app = spawn_demo_app().await;
    let live: Value = app.send(None, Method::GET, "/api/v1/health/live", None).await.json().await.expect("JSON");
    assert_eq!((live["status"].as_str(), live["database"].as_str()), (Some("ok"), Some("not_checked")));
    let ready = app.send(None, Method::GET, "/api/v1/health/ready", None).await;
    assert_eq!(ready.status(), 200);
    let ready: Value = ready.json().await.expect("JSON");
    assert_eq!(ready["status"], "ok");
    assert!(matches!(ready["database"].as_str(), Some("sqlite" | "postgresql")), "{ready}");
}

/// Starts the real binary on free ports with an empty SQLite database, JSON logs and metrics;
/// returns it with its base URL and its metrics URL.
fn start_binary(dir: &tempfile::TempDir) -> (std::process::Child, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sibekisar"))
        .env("SIBEKISAR_ADDR", "127.0.0.1:0")
        .env("SIBEKISAR_METRICS_ADDR", "127.0.0.1:0")
        .env("DATABASE_URL", format!("sqlite://{}", dir.path().join("obs.db").display()))
        .env("SIBEKISAR_DEMO", "0")
        .env("SIBEKISAR_LOG_FORMAT", "json")
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let (mut base, mut metrics) = (None, None);
    while base.is_none() || metrics.is_none() {
        let line = lines.next().expect("the server prints its addresses").expect("a line");
        if let Some((_, address)) = line.split_once("listening on ") {
            base = Some(address.trim().to_owned());
        }
        if let Some((_, address)) = line.split_once("metrics on ") {
            metrics = Some(address.trim().to_owned());
        }
    }
    std::thread::spawn(move || for _ in lines {});
    (child, base.expect("base"), metrics.expect("metrics"))
}

#[tokio::test]
async fn the_json_log_has_one_access_line_per_request_with_its_id_and_metrics_are_scraped() {
    let dir = tempfile::tempdir().expect("a folder");
    let (mut child, base, metrics_url) = start_binary(&dir);
    let client = reqwest::Client::new();
    let answer = client.get(format!("{base}/api/v1/periods/tidak-ada/results")).header("x-request-id", "log-uji-7");
    assert_eq!(answer.send().await.expect("sent").status(), 404);
    for _ in 0..3 {
        assert_eq!(client.get(format!("{base}/api/v1/health")).send().await.expect("sent").status(), 200);
    }
    let scraped = client.get(&metrics_url).send().await.expect("sent");
    assert_eq!(scraped.status(), 200);
    let text = scraped.text().await.expect("text");
    assert!(text.contains("sibekisar_requests_total{operation=\"health\",status=\"200\"} 3\n"), "{text}");
    assert!(text.contains("sibekisar_requests_total{operation=\"period_results\",status=\"404\"} 1\n"), "{text}");
    assert!(text.contains("# TYPE sibekisar_request_duration_seconds histogram"), "{text}");
    assert!(text.contains("sibekisar_db_pool_connections "), "{text}");
    // The metrics are not on the public address.
    assert_eq!(client.get(format!("{base}/metrics")).send().await.expect("sent").status(), 200, "the SPA fallback");
    assert!(
        !client
            .get(format!("{base}/metrics"))
            .send()
            .await
            .expect("sent")
            .text()
            .await
            .expect("text")
            .contains("sibekisar_requests_total")
    );

    child.kill().expect("stopped");
    let mut log = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut log).expect("the log");
    child.wait().expect("waited");
    let access: Vec<Value> = log
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|entry| entry["target"] == "server::access")
        .collect();
    let ours = access
        .iter()
        .find(|entry| entry["span"]["request_id"] == "log-uji-7")
        .unwrap_or_else(|| panic!("an access line with the request id in:\n{log}"));
    assert_eq!(ours["fields"]["operation"], "period_results");
    assert_eq!(ours["fields"]["status"], 404);
    assert!(ours["fields"]["duration_ms"].as_f64().is_some(), "{ours}");
    assert_eq!(access.iter().filter(|entry| entry["fields"]["operation"] == "health").count(), 3);
}
