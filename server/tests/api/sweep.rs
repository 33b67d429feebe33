//! Every documented operation, called with strange path parameters, strange queries and malformed
//! bodies, by an anonymous caller, a signed-in administrator and an API token (another agency's
//! system): never a 5xx, every refusal in
//! the API's one error shape, and the published results and the open period's entries unchanged
//! afterwards.
//!
//! The operations come from the served OpenAPI document, so a new endpoint is swept without
//! touching this file.

use reqwest::Method;
use serde_json::{Value, json};

use crate::auth_helpers::{AuthTestApp, Session, spawn_demo_app};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Caller {
    Anonymous,
    Admin,
    Token,
}

/// Path parameter values: real ones (so handlers get past the lookup), unknown, undecodable,
/// traversal-like, quoting, very long and non-ASCII.
fn parameter_values(parameter: &str) -> Vec<String> {
    let real = match parameter {
        "period_id" => "2024-q1",
        "unit_code" => "kabupaten-banyuwangi",
        "indicator" => "SAKIP",
        "rubric_version_id" => "cettar-2023-kabkota",
        "username" => "pengampu.demo",
        "stage_code" => "ident",
        _ => "tidak-ada",
    };
    vec![
        real.to_owned(),
        "%FF%FE".to_owned(),
        "..%2F..%2Fetc".to_owned(),
        "x'%20OR%201=1--".to_owned(),
        "x".repeat(3000),
        "%C3%B1%F0%9F%98%80".to_owned(),
    ]
}

/// Request bodies: none, broken JSON, wrong shapes, numbers out of range, deep nesting.
fn bodies() -> Vec<String> {
    vec![
        String::new(),
        "{".to_owned(),
        "[]".to_owned(),
        "null".to_owned(),
        "\"x\"".to_owned(),
        r#"{"value": 1e999, "base_version": -1, "name": 7, "state": [], "username": {}, "role": null}"#.to_owned(),
        format!("{}{}", "[".repeat(2000), "]".repeat(2000)),
        format!(r#"{{"name": "{}"}}"#, "n".repeat(200_000)),
    ]
}

/// Operations that read no JSON body: logout and a reset link take none, an import reads a file.
const IGNORE_BODY: [&str; 3] = ["/auth/logout", "/reset-link", "/imports"];

/// Queries a client might send by mistake.
const QUERIES: [&str; 4] = [
    "",
    "?population=%FF&population=x",
    "?population=kabkota&stall_days=-99999999999999999999&limit=abc&dry_run=maybe",
    "?population=kabkota&since=9999-99-99T99:99:99Z&cursor=%00",
];

fn concrete_paths(path: &str) -> Vec<String> {
    let parameters: Vec<&str> =
        path.split('/').filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}')).collect();
    let Some(&varied) = parameters.first() else {
        return vec![path.to_owned()];
    };
    // The first parameter takes every strange value; the others keep their real one.
    parameter_values(varied)
        .into_iter()
        .map(|value| {
            path.split('/')
                .map(|segment| match segment.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')) {
                    Some(name) if name == varied => value.clone(),
                    Some(name) => parameter_values(name).swap_remove(0),
                    None => segment.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect()
}

async fn documented(app: &AuthTestApp) -> Vec<(Method, String)> {
    let document: Value =
        app.client.get(app.url("/api/v1/openapi.json")).send().await.expect("sent").json().await.expect("JSON");
    let mut operations = Vec::new();
    for (path, methods) in document["paths"].as_object().expect("paths") {
        for method in methods.as_object().expect("methods").keys() {
            operations
                .push((Method::from_bytes(method.to_ascii_uppercase().as_bytes()).expect("a method"), path.clone()));
        }
    }
    operations
}

/// What the stored results look like from outside: every published ranking and the audit size.
async fn stored_state(app: &AuthTestApp, admin: &Session) -> Vec<String> {
    let mut state = Vec::new();
    for population in ["kabkota", "opd", "uobk"] {
        let path = format!("/api/v1/periods/2023-annual/results?population={population}");
        state.push(app.send(None, Method::GET, &path, None).await.text().await.expect("text"));
    }
    let entries = app.send(Some(admin), Method::GET, "/api/v1/periods/2024-q1/entries?population=kabkota", None).await;
    state.push(entries.text().await.expect("text"));
    state
}

#[tokio::test]
async fn no_documented_operation_answers_5xx_to_strange_input_and_no_result_or_entry_changes() {
    let app = spawn_demo_app().await;
    let mut admin = app.sign_in_demo("admin.demo").await;
    let created: Value = app
        .send(
            Some(&admin),
            Method::POST,
            "/api/v1/admin/tokens",
            Some(json!({"name": "Uji sapu", "indicator_codes": ["SAKIP"]})),
        )
        .await
        .json()
        .await
        .expect("JSON");
    let token = created["secret"].as_str().expect("a token secret").to_owned();
    let before = stored_state(&app, &admin).await;
    let mut failures = Vec::new();
    let mut calls = 0;
    for (method, path) in documented(&app).await {
        let writes = matches!(method, Method::POST | Method::PUT | Method::PATCH | Method::DELETE);
        let bodies = if writes { bodies() } else { vec![String::new()] };
        for concrete in concrete_paths(&path) {
            for query in QUERIES {
                for body in &bodies {
                    for caller in [Caller::Anonymous, Caller::Admin, Caller::Token] {
                        let target = format!("{concrete}{query}");
                        let mut request =
                            app.request((caller == Caller::Admin).then_some(&admin), method.clone(), &target);
                        if caller == Caller::Token {
                            request = request.bearer_auth(&token);
                        }
                        let request = request
                            .header("content-type", "application/json")
                            .header("idempotency-key", format!("sweep-{calls}"))
                            .body(body.clone());
                        let response = request.send().await.expect("sent");
                        calls += 1;
                        let status = response.status().as_u16();
                        let short = &target[..target.len().min(80)];
                        let body_start: String = body.chars().take(30).collect();
                        let is_json = response
                            .headers()
                            .get(reqwest::header::CONTENT_TYPE)
                            .is_some_and(|value| value.to_str().unwrap_or("").starts_with("application/json"));
                        let text = response.text().await.unwrap_or_default();
                        // Only operations that read no JSON body may accept one that is not an object.
                        let reads_json = !IGNORE_BODY.iter().any(|end| path.ends_with(end));
                        if reads_json && status < 300 && !body.starts_with('{') && !body.is_empty() {
                            failures.push(format!("{method} {short} accepted the body {body_start:?}: {status}"));
                        }
                        if status >= 500 {
                            failures.push(format!("{method} {short} body {body_start:?} {caller:?}: {status} {text}"));
                        } else if status >= 400 {
                            let code = serde_json::from_str::<Value>(&text)
                                .ok()
                                .and_then(|error| error["error"]["code"].as_str().map(str::to_owned));
                            if !is_json || code.is_none() {
                                failures.push(format!(
                                    "{method} {short} {caller:?}: {status} not in the error shape: {text:.120}"
                                ));
                            }
                        }
                        // Ending the session (logout) must not end the sweep's signed-in half.
                        if caller == Caller::Admin && path.ends_with("/auth/logout") {
                            admin = app.sign_in_demo("admin.demo").await;
                        }
                    }
                }
            }
        }
    }
    assert!(calls > 10_000, "the sweep made only {calls} calls");
    assert!(
        failures.is_empty(),
        "{} of {calls} calls failed:\n{}",
        failures.len(),
        failures[..failures.len().min(30)].join("\n")
    );
    assert_eq!(stored_state(&app, &admin).await, before, "strange input changed stored data");
}
