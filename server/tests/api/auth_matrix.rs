//! The authorization matrix: every operation of the OpenAPI document, called as every kind of
//! caller, must be allowed or denied exactly as the table below says.
//!
//! "Allowed" means the gate let the request through: any answer but 401/403 (a 404 for an id
//! that does not exist, or a 422 for the empty body sent, counts as allowed). Every answer must
//! also carry the gate's `x-sibekisar-operation` header naming the operation, which proves the
//! documented operation is really routed. An operation missing from the table, or a table row
//! that is no longer documented, fails the test: a new endpoint needs a new row.

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::{Value, json};

use crate::auth_helpers::{AuthTestApp, spawn_demo_app};

/// The callers, in the order of the table's columns.
const CALLERS: [&str; 6] = ["anonymous", "admin", "owner", "unit_admin", "viewer", "token"];

/// `A` allowed, `D` denied, per caller in [`CALLERS`] order.
const EVERYONE: &str = "AAAAAA";
const ADMIN_ONLY: &str = "DADDDD";
const SIGNED_IN_USERS: &str = "DAAAAD";
/// Signed-in administrators, owners and viewers.
const READERS: &str = "DAADAD";
/// Administrators, owners and API tokens (the token's scope, SAKIP, holds the sample indicator).
const WRITERS: &str = "DAADDA";

const EXPECTED: &[(&str, &str, &str)] = &[
    ("GET", "/api/v1/health", EVERYONE),
    ("GET", "/api/v1/health/live", EVERYONE),
    ("GET", "/api/v1/health/ready", EVERYONE),
    ("GET", "/api/v1/openapi.json", EVERYONE),
    ("GET", "/api/v1/populations", EVERYONE),
    ("GET", "/api/v1/periods", EVERYONE),
    ("GET", "/api/v1/periods/{period_id}/results", EVERYONE),
    ("GET", "/api/v1/periods/{period_id}/units/{unit_code}", EVERYONE),
    ("GET", "/api/v1/periods/{period_id}/values", EVERYONE),
    ("GET", "/api/v1/rubrics/{rubric_version_id}", EVERYONE),
    // Reports on published results (issue 7).
    ("GET", "/api/v1/periods/{period_id}/results.xlsx", EVERYONE),
    ("GET", "/api/v1/periods/{period_id}/units/{unit_code}/report.xlsx", EVERYONE),
    ("GET", "/api/v1/periods/{period_id}/indicator-averages", EVERYONE),
    // Mentoring status and notes (issue 7): administrators write, administrators and viewers read.
    ("GET", "/api/v1/periods/{period_id}/mentoring", "DADDAD"),
    ("POST", "/api/v1/periods/{period_id}/mentoring/{unit_code}", ADMIN_ONLY),
    ("POST", "/api/v1/score", EVERYONE),
    ("POST", "/api/v1/score/batch", EVERYONE),
    // Saved simulator scenarios (issue 6).
    ("GET", "/api/v1/scenarios", SIGNED_IN_USERS),
    ("PUT", "/api/v1/scenarios", SIGNED_IN_USERS),
    ("DELETE", "/api/v1/scenarios/{scenario_id}", SIGNED_IN_USERS),
    ("POST", "/api/v1/auth/login", EVERYONE),
    ("POST", "/api/v1/auth/logout", EVERYONE),
    ("GET", "/api/v1/auth/me", EVERYONE),
    ("POST", "/api/v1/auth/password", SIGNED_IN_USERS),
    ("GET", "/api/v1/auth/setup/{token}", EVERYONE),
    ("POST", "/api/v1/auth/setup/{token}", EVERYONE),
    ("GET", "/api/v1/auth/demo-accounts", EVERYONE),
    ("GET", "/api/v1/admin/users", ADMIN_ONLY),
    ("POST", "/api/v1/admin/users", ADMIN_ONLY),
    ("PATCH", "/api/v1/admin/users/{username}", ADMIN_ONLY),
    ("POST", "/api/v1/admin/users/{username}/reset-link", ADMIN_ONLY),
    ("GET", "/api/v1/admin/tokens", ADMIN_ONLY),
    ("POST", "/api/v1/admin/tokens", ADMIN_ONLY),
    ("DELETE", "/api/v1/admin/tokens/{id}", ADMIN_ONLY),
    ("GET", "/api/v1/admin/audit", ADMIN_ONLY),
    // Assessment data, write side (issue 4).
    ("POST", "/api/v1/periods", ADMIN_ONLY),
    ("POST", "/api/v1/periods/{period_id}/state", ADMIN_ONLY),
    ("GET", "/api/v1/rubrics", READERS),
    ("POST", "/api/v1/rubrics", ADMIN_ONLY),
    // The unit registry and populations (issue 17).
    ("GET", "/api/v1/units", ADMIN_ONLY),
    ("POST", "/api/v1/units", ADMIN_ONLY),
    ("PATCH", "/api/v1/units/{unit_code}", ADMIN_ONLY),
    ("POST", "/api/v1/units/import", ADMIN_ONLY),
    ("POST", "/api/v1/populations", ADMIN_ONLY),
    ("GET", "/api/v1/setup", ADMIN_ONLY),
    ("GET", "/api/v1/periods/{period_id}/entries", SIGNED_IN_USERS),
    ("POST", "/api/v1/periods/{period_id}/entries/batch", WRITERS),
    ("PUT", "/api/v1/periods/{period_id}/entries/{unit_code}/{indicator}", WRITERS),
    ("GET", "/api/v1/periods/{period_id}/entries/{unit_code}/{indicator}/history", SIGNED_IN_USERS),
    ("POST", "/api/v1/periods/{period_id}/entries/{unit_code}/{indicator}/verify", ADMIN_ONLY),
    ("POST", "/api/v1/periods/{period_id}/entries/{unit_code}/{indicator}/dispute", "DADADD"),
    ("POST", "/api/v1/periods/{period_id}/entries/{unit_code}/{indicator}/resolve", "DAADDD"),
    ("POST", "/api/v1/periods/{period_id}/entries/{unit_code}/{indicator}/evidence", "DAAADD"),
    ("GET", "/api/v1/evidence/{evidence_id}", SIGNED_IN_USERS),
    ("POST", "/api/v1/periods/{period_id}/imports", "DAADDD"),
    ("GET", "/api/v1/periods/{period_id}/entries.csv", READERS),
    ("GET", "/api/v1/periods/{period_id}/entries.xlsx", READERS),
    // Work-system policy monitor (issue 8). Public reads answer anonymous callers 404 while
    // unpublished (allowed by the gate); writes: administrators and the government's own unit
    // admin (the sample unit is the demo unit admin's).
    ("GET", "/api/v1/policy/stages", EVERYONE),
    ("GET", "/api/v1/policy/rollup", EVERYONE),
    ("GET", "/api/v1/policy/rollup.xlsx", EVERYONE),
    ("PUT", "/api/v1/policy/publication", ADMIN_ONLY),
    ("GET", "/api/v1/policy/units/{unit_code}", EVERYONE),
    ("GET", "/api/v1/policy/units/{unit_code}/history", SIGNED_IN_USERS),
    ("PUT", "/api/v1/policy/units/{unit_code}/stages/{stage_code}", "DADADD"),
    ("POST", "/api/v1/policy/units/{unit_code}/stages/{stage_code}/evidence", "DADADD"),
    ("POST", "/api/v1/policy/units/{unit_code}/actions", "DADADD"),
    ("PUT", "/api/v1/policy/units/{unit_code}/actions/{action_id}", "DADADD"),
    ("PUT", "/api/v1/policy/units/{unit_code}/assessment", "DADADD"),
];

/// A syntactically valid value for a path parameter (it may name nothing).
fn sample(parameter: &str) -> String {
    match parameter {
        "token" => "A".repeat(43),
        "username" => "tidak.ada".to_owned(),
        "id" => "0123456789abcdef".to_owned(),
        // The demo unit admin's own unit, so unit-scoped operations reach their handler.
        "unit_code" => "kabupaten-banyuwangi".to_owned(),
        // In the demo owner's and the test token's scope.
        "indicator" => "SAKIP".to_owned(),
        "period_id" => "2099-annual".to_owned(),
        _ => "tidak-ada".to_owned(),
    }
}

fn concrete(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')) {
            Some(parameter) => sample(parameter),
            None => segment.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The documented operations: `(METHOD, path) → operationId`.
async fn documented(app: &AuthTestApp) -> BTreeMap<(String, String), String> {
    let document: Value =
        app.client.get(app.url("/api/v1/openapi.json")).send().await.expect("sent").json().await.expect("JSON");
    assert_eq!(document["openapi"], "3.1.0");
    let mut operations = BTreeMap::new();
    for (path, methods) in document["paths"].as_object().expect("paths") {
        for (method, operation) in methods.as_object().expect("methods") {
            let id = operation["operationId"].as_str().expect("operationId").to_owned();
            operations.insert((method.to_ascii_uppercase(), path.clone()), id);
        }
    }
    operations
}

async fn call(app: &AuthTestApp, caller: &str, token: &str, method: &str, path: &str) -> reqwest::Response {
    let method = Method::from_bytes(method.as_bytes()).expect("a method");
    let body = matches!(method, Method::POST | Method::PUT | Method::PATCH).then(|| json!({}));
    match caller {
        "anonymous" => app.send(None, method, path, body).await,
        "token" => {
            let mut request = app.client.request(method, app.url(path)).bearer_auth(token);
            if let Some(body) = body {
                request = request.json(&body);
            }
            request.send().await.expect("sent")
        }
        role => {
            // A fresh session per call: some operations (logout, password) end sessions.
            let username = match role {
                "admin" => "admin.demo",
                "owner" => "pengampu.demo",
                "unit_admin" => "unit.demo",
                _ => "viewer.demo",
            };
            let session = app.sign_in_demo(username).await;
            app.send(Some(&session), method, path, body).await
        }
    }
}

#[tokio::test]
async fn every_documented_operation_allows_and_denies_exactly_as_the_table_says() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let created: Value = app
        .send(
            Some(&admin),
            Method::POST,
            "/api/v1/admin/tokens",
            Some(json!({"name": "Uji matriks", "indicator_codes": ["SAKIP"]})),
        )
        .await
        .json()
        .await
        .expect("JSON");
    let token = created["secret"].as_str().expect("secret").to_owned();

    let operations = documented(&app).await;
    let table: BTreeMap<(String, String), &str> =
        EXPECTED.iter().map(|(method, path, row)| (((*method).to_owned(), (*path).to_owned()), *row)).collect();
    let mut failures = Vec::new();
    for key in table.keys().filter(|key| !operations.contains_key(*key)) {
        failures.push(format!("{} {}: in the table but not documented", key.0, key.1));
    }
    for ((method, path), operation_id) in &operations {
        let Some(row) = table.get(&(method.clone(), path.clone())) else {
            failures.push(format!("{method} {path}: documented but missing from the matrix table"));
            continue;
        };
        assert_eq!(row.len(), CALLERS.len(), "{method} {path}: one letter per caller");
        let concrete_path = concrete(path);
        for (caller, expected) in CALLERS.iter().zip(row.chars()) {
            let response = call(&app, caller, &token, method, &concrete_path).await;
            let status = response.status().as_u16();
            let routed = response
                .headers()
                .get("x-sibekisar-operation")
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned);
            let allowed = !matches!(status, 401 | 403);
            if allowed != (expected == 'A') {
                let body = response.text().await.unwrap_or_default();
                failures
                    .push(format!("{method} {concrete_path} as {caller}: expected {expected}, got {status} {body}"));
            } else if status >= 500 {
                failures.push(format!("{method} {concrete_path} as {caller}: server error {status}"));
            } else if routed.as_deref() != Some(operation_id.as_str()) {
                failures
                    .push(format!("{method} {concrete_path} as {caller}: answered by {routed:?}, not {operation_id}"));
            }
        }
    }
    assert!(failures.is_empty(), "authorization matrix:\n{}", failures.join("\n"));
}

#[tokio::test]
async fn the_openapi_document_is_public_and_states_each_operations_access() {
    let app = spawn_demo_app().await;
    let document: Value =
        app.client.get(app.url("/api/v1/openapi.json")).send().await.expect("sent").json().await.expect("JSON");
    let users = &document["paths"]["/api/v1/admin/users"]["get"];
    assert_eq!(users["x-sibekisar-access"]["roles"], json!(["admin"]));
    assert_eq!(users["security"], json!([{"session": []}]));
    let score = &document["paths"]["/api/v1/score"]["post"];
    assert_eq!(score["x-sibekisar-access"]["public"], true);
    assert_eq!(document["components"]["securitySchemes"]["token"]["scheme"], "bearer");
}
