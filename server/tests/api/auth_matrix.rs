//! The authorization matrix: every operation of the OpenAPI document, called as every kind of
//! caller, must be allowed or denied exactly as the table below says.
//!
//! "Allowed" means the gate let the request through: any answer but 401/403 (a 404 for an id
//! that does not exist, or a 422 for the empty body sent, counts as allowed). Every answer must
//! also carry the gate's `x-sibekisar-operation` header naming the operation, which proves the
//! documented operation is really routed. An operation missing from the table, or a table row
//! that is no longer documented, fails the test: a new endpoint needs a new row.
//!
//! The table calls every operation on the demo's real open period, unit and indicator, so that
//! an allowed call reaches its handler. The guards inside the handlers (an owner's indicators, a
//! token's scope, a unit admin's unit) are tried below on the caller's own scope and on another's:
//! the first must pass and the second must be refused.

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
    ("POST", "/api/v1/policy/units/{unit_code}/actions/{action_id}/cancel", "DADADD"),
    ("POST", "/api/v1/policy/units/{unit_code}/actions/{action_id}/evidence", "DADADD"),
    ("PUT", "/api/v1/policy/units/{unit_code}/plan", ADMIN_ONLY),
    ("POST", "/api/v1/policy/units/{unit_code}/proposals", "DADADD"),
    ("POST", "/api/v1/policy/units/{unit_code}/proposals/{proposal_id}/decision", ADMIN_ONLY),
    ("PUT", "/api/v1/policy/units/{unit_code}/agencies/{agency_code}/elements/{element_code}", "DADADD"),
    ("POST", "/api/v1/policy/units/{unit_code}/agencies/{agency_code}/elements/{element_code}/evidence", "DADADD"),
    ("PUT", "/api/v1/policy/units/{unit_code}/guideline", "DADADD"),
    // The citizens' aspiration service (issue 23): sending, following and the measures are
    // public; administrators moderate; a unit's admin answers (the sample message is the demo
    // unit admin's unit's).
    ("GET", "/api/v1/aspirations/units", EVERYONE),
    ("GET", "/api/v1/aspirations/challenge", EVERYONE),
    ("POST", "/api/v1/aspirations", EVERYONE),
    ("GET", "/api/v1/aspirations/{code}", EVERYONE),
    ("GET", "/api/v1/aspirations/units/{unit_code}", EVERYONE),
    ("GET", "/api/v1/admin/aspirations", "DADADD"),
    ("POST", "/api/v1/admin/aspirations/{code}/moderation", ADMIN_ONLY),
    ("POST", "/api/v1/admin/aspirations/{code}/answer", "DADADD"),
    ("GET", "/api/v1/admin/aspiration-holidays", SIGNED_IN_USERS),
    ("PUT", "/api/v1/admin/aspiration-holidays", ADMIN_ONLY),
    ("GET", "/api/v1/periods/{period_id}/aspiration-measures", EVERYONE),
    ("GET", "/api/v1/periods/{period_id}/aspiration-bindings", EVERYONE),
    ("PUT", "/api/v1/periods/{period_id}/aspiration-bindings/{population}/{indicator}", ADMIN_ONLY),
    ("DELETE", "/api/v1/periods/{period_id}/aspiration-bindings/{population}/{indicator}", ADMIN_ONLY),
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
        // The demo's open period, so that writes reach storage and its checks.
        "period_id" => OPEN.to_owned(),
        // A demo aspiration to the demo unit admin's unit, and the population it is in.
        "code" => "DEMA2-CNTH2".to_owned(),
        "population" => "kabkota".to_owned(),
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

/// How a scoped caller is signed in.
#[derive(Clone, Copy, Debug)]
enum Scoped {
    /// `pengampu.demo`: SAKIP, OPINI_BPK and ZONA_INTEGRITAS.
    Owner,
    /// An API token scoped to SAKIP.
    Token,
    /// `unit.demo`: Kabupaten Banyuwangi.
    UnitAdmin,
}

/// What a request carries.
#[derive(Clone, Debug)]
enum Body {
    None,
    Json(Value),
    /// A small PDF as the multipart field `file`.
    Pdf,
}

/// The open demo period: writes reach storage, and unit admins see only their own unit in it.
const OPEN: &str = "2024-q1";
const OWN_UNIT: &str = "kabupaten-banyuwangi";
const OTHER_UNIT: &str = "kota-batu";
/// A kab/kota indicator outside the demo owner's and the test token's scope.
const OTHER_INDICATOR: &str = "IKM";

fn entry(unit: &str, indicator: &str) -> String {
    format!("/api/v1/periods/{OPEN}/entries/{unit}/{indicator}")
}

struct ScopeTest {
    app: AuthTestApp,
    owner: crate::auth_helpers::Session,
    unit_admin: crate::auth_helpers::Session,
    token: String,
    n_keys: std::sync::atomic::AtomicUsize,
}

impl ScopeTest {
    async fn send(&self, caller: Scoped, method: Method, path: &str, body: &Body) -> reqwest::Response {
        let key = format!("scope-{}", self.n_keys.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
        let mut request = match caller {
            Scoped::Owner => self.app.request(Some(&self.owner), method, path),
            Scoped::UnitAdmin => self.app.request(Some(&self.unit_admin), method, path),
            Scoped::Token => self.app.client.request(method, self.app.url(path)).bearer_auth(&self.token),
        };
        request = request.header("idempotency-key", key);
        request = match body {
            Body::None => request,
            Body::Json(value) => request.json(value),
            Body::Pdf => {
                let boundary = "sibekisar-scope-boundary";
                let mut bytes = format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bukti.pdf\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .into_bytes();
                bytes.extend_from_slice(b"%PDF-1.4\n%%EOF\n");
                bytes.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
                request.header("content-type", format!("multipart/form-data; boundary={boundary}")).body(bytes)
            }
        };
        request.send().await.expect("request is sent")
    }
}

/// An admin's write of a value, asserting success; returns the response body.
async fn admin_json(
    app: &AuthTestApp,
    admin: &crate::auth_helpers::Session,
    method: Method,
    path: &str,
    body: Body,
) -> Value {
    let mut request = app.request(Some(admin), method, path).header("idempotency-key", format!("admin-{path}"));
    request = match body {
        Body::Json(value) => request.json(&value),
        _ => request,
    };
    let response = request.send().await.expect("sent");
    let status = response.status();
    let text = response.text().await.expect("text");
    assert!(status.is_success(), "{path}: {status} {text}");
    serde_json::from_str(&text).expect("JSON")
}

/// An API token for `SAKIP` only (its secret), and an entry (version 1) on both units for both
/// indicators, written by the administrator.
async fn scoped_token_and_entries(app: &AuthTestApp, admin: &crate::auth_helpers::Session) -> String {
    let created = admin_json(
        app,
        admin,
        Method::POST,
        "/api/v1/admin/tokens",
        Body::Json(json!({"name": "Uji cakupan", "indicator_codes": ["SAKIP"]})),
    )
    .await;
    for unit in [OWN_UNIT, OTHER_UNIT] {
        for indicator in ["SAKIP", OTHER_INDICATOR] {
            let body = Body::Json(json!({"value": 60, "base_version": 0}));
            admin_json(app, admin, Method::PUT, &entry(unit, indicator), body).await;
        }
    }
    created["secret"].as_str().expect("secret").to_owned()
}

/// The guards inside the handlers, on the demo's real period, units and indicators: every
/// operation a scoped caller may use is tried on its own scope (it must get past every guard:
/// any answer but 401/403) and on somebody else's (it must be 403 `forbidden`). The pair makes
/// each 403 the scope's doing, not a missing entry's or a bad body's.
#[tokio::test]
async fn scoped_callers_are_refused_outside_their_scope_by_the_handlers_guards() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let token = scoped_token_and_entries(&app, &admin).await;
    // Evidence on both units, for both indicators.
    let mut evidence_ids = BTreeMap::new();
    for unit in [OWN_UNIT, OTHER_UNIT] {
        let response = app
            .request(Some(&admin), Method::POST, &format!("{}/evidence", entry(unit, "SAKIP")))
            .header("content-type", "multipart/form-data; boundary=b")
            .body(b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bukti.pdf\"\r\n\r\n%PDF-1.4\n%%EOF\n\r\n--b--\r\n".to_vec())
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), 201, "evidence of {unit}");
        let body: Value = response.json().await.expect("JSON");
        evidence_ids.insert(unit, body["evidence"]["id"].as_str().expect("an evidence id").to_owned());
    }
    // A question on the other unit's SAKIP value, for the owner to resolve.
    let dispute = Body::Json(json!({"reason": "LHE berbeda"}));
    admin_json(&app, &admin, Method::POST, &format!("{}/dispute", entry(OTHER_UNIT, "SAKIP")), dispute).await;
    // An action plan item on each unit, for the unit admin to change.
    let mut action_ids = BTreeMap::new();
    for unit in [OWN_UNIT, OTHER_UNIT] {
        let body = Body::Json(
            json!({"title": "Aksi", "owner_role": "bagian_organisasi", "due_date": "2024-09-30", "status": "rencana"}),
        );
        let created =
            admin_json(&app, &admin, Method::POST, &format!("/api/v1/policy/units/{unit}/actions"), body).await;
        let id = created["id"].as_str().or_else(|| created["action"]["id"].as_str()).map(str::to_owned);
        action_ids.insert(unit, id.unwrap_or_else(|| panic!("an action id in {created}")));
    }
    // An agency under each government (a population that no CETTAR period binds).
    let population = json!({"code": "pd-uji", "name": "Perangkat daerah uji", "name_en": "Test agencies"});
    admin_json(&app, &admin, Method::POST, "/api/v1/populations", Body::Json(population)).await;
    for unit in [OWN_UNIT, OTHER_UNIT] {
        let agency = json!({"code": format!("pd-{unit}"), "name": format!("Dinas uji {unit}"), "population": "pd-uji", "parent": unit});
        admin_json(&app, &admin, Method::POST, "/api/v1/units", Body::Json(agency)).await;
    }
    let owner = app.sign_in_demo("pengampu.demo").await;
    let unit_admin = app.sign_in_demo("unit.demo").await;
    let test = ScopeTest { app, owner, unit_admin, token, n_keys: 0.into() };

    let put_value = |version: i64| Body::Json(json!({"value": 70, "base_version": version}));
    let reason = Body::Json(json!({"reason": "Diperiksa ulang"}));
    let action = Body::Json(
        json!({"title": "Aksi", "owner_role": "bagian_organisasi", "due_date": "2024-09-30", "status": "rencana"}),
    );
    let policy = |unit: &str| format!("/api/v1/policy/units/{unit}");
    // (caller, method, own path and its answer, other path, body)
    let cases: Vec<(Scoped, Method, String, u16, String, Body)> = vec![
        // An owner writes, resolves and adds evidence to its own indicators only.
        (
            Scoped::Owner,
            Method::POST,
            format!("{}/resolve", entry(OTHER_UNIT, "SAKIP")),
            200,
            format!("{}/resolve", entry(OTHER_UNIT, OTHER_INDICATOR)),
            reason.clone(),
        ),
        // After the resolution the entry is at version 3.
        (Scoped::Owner, Method::PUT, entry(OTHER_UNIT, "SAKIP"), 200, entry(OTHER_UNIT, OTHER_INDICATOR), put_value(3)),
        (
            Scoped::Owner,
            Method::POST,
            format!("{}/evidence", entry(OTHER_UNIT, "SAKIP")),
            201,
            format!("{}/evidence", entry(OTHER_UNIT, OTHER_INDICATOR)),
            Body::Pdf,
        ),
        // A token writes the indicators of its scope only.
        (Scoped::Token, Method::PUT, entry(OWN_UNIT, "SAKIP"), 200, entry(OWN_UNIT, OTHER_INDICATOR), put_value(1)),
        // A unit admin reads and acts for its own unit only.
        (
            Scoped::UnitAdmin,
            Method::GET,
            format!("{}/history", entry(OWN_UNIT, "SAKIP")),
            200,
            format!("{}/history", entry(OTHER_UNIT, "SAKIP")),
            Body::None,
        ),
        (
            Scoped::UnitAdmin,
            Method::POST,
            format!("{}/dispute", entry(OWN_UNIT, OTHER_INDICATOR)),
            200,
            format!("{}/dispute", entry(OTHER_UNIT, OTHER_INDICATOR)),
            reason.clone(),
        ),
        (
            Scoped::UnitAdmin,
            Method::POST,
            format!("{}/evidence", entry(OWN_UNIT, "SAKIP")),
            201,
            format!("{}/evidence", entry(OTHER_UNIT, "SAKIP")),
            Body::Pdf,
        ),
        (
            Scoped::UnitAdmin,
            Method::GET,
            format!("/api/v1/evidence/{}", evidence_ids[OWN_UNIT]),
            200,
            format!("/api/v1/evidence/{}", evidence_ids[OTHER_UNIT]),
            Body::None,
        ),
        (
            Scoped::UnitAdmin,
            Method::PUT,
            format!("{}/stages/SOSIALISASI", policy(OWN_UNIT)),
            200,
            format!("{}/stages/SOSIALISASI", policy(OTHER_UNIT)),
            Body::Json(json!({"status": "proses"})),
        ),
        (
            Scoped::UnitAdmin,
            Method::POST,
            format!("{}/stages/SOSIALISASI/evidence", policy(OWN_UNIT)),
            201,
            format!("{}/stages/SOSIALISASI/evidence", policy(OTHER_UNIT)),
            Body::Pdf,
        ),
        (
            Scoped::UnitAdmin,
            Method::POST,
            format!("{}/actions", policy(OWN_UNIT)),
            201,
            format!("{}/actions", policy(OTHER_UNIT)),
            action.clone(),
        ),
        (
            Scoped::UnitAdmin,
            Method::PUT,
            format!("{}/actions/{}", policy(OWN_UNIT), action_ids[OWN_UNIT]),
            200,
            format!("{}/actions/{}", policy(OTHER_UNIT), action_ids[OTHER_UNIT]),
            action.clone(),
        ),
        (
            Scoped::UnitAdmin,
            Method::PUT,
            format!("{}/assessment", policy(OWN_UNIT)),
            200,
            format!("{}/assessment", policy(OTHER_UNIT)),
            Body::Json(json!({"values": {}})),
        ),
        (
            Scoped::UnitAdmin,
            Method::PUT,
            format!("{}/agencies/pd-{OWN_UNIT}/elements/JABATAN", policy(OWN_UNIT)),
            200,
            format!("{}/agencies/pd-{OTHER_UNIT}/elements/JABATAN", policy(OTHER_UNIT)),
            Body::Json(json!({"status": "proses"})),
        ),
        (
            Scoped::UnitAdmin,
            Method::POST,
            format!("{}/agencies/pd-{OWN_UNIT}/elements/JABATAN/evidence", policy(OWN_UNIT)),
            201,
            format!("{}/agencies/pd-{OTHER_UNIT}/elements/JABATAN/evidence", policy(OTHER_UNIT)),
            Body::Pdf,
        ),
        (
            Scoped::UnitAdmin,
            Method::PUT,
            format!("{}/guideline", policy(OWN_UNIT)),
            200,
            format!("{}/guideline", policy(OTHER_UNIT)),
            Body::Json(json!({"checked": ["TIM_KERJA"]})),
        ),
        (
            Scoped::UnitAdmin,
            Method::POST,
            format!("{}/proposals", policy(OWN_UNIT)),
            201,
            format!("{}/proposals", policy(OTHER_UNIT)),
            Body::Json(json!({"stage_code": "JUKNIS", "proposed_date": "2024-12-31", "reason": "Anggaran bergeser"})),
        ),
        (
            Scoped::UnitAdmin,
            Method::POST,
            format!("{}/actions/{}/evidence", policy(OWN_UNIT), action_ids[OWN_UNIT]),
            201,
            format!("{}/actions/{}/evidence", policy(OTHER_UNIT), action_ids[OTHER_UNIT]),
            Body::Pdf,
        ),
        // Last: a cancelled action is not changed again.
        (
            Scoped::UnitAdmin,
            Method::POST,
            format!("{}/actions/{}/cancel", policy(OWN_UNIT), action_ids[OWN_UNIT]),
            200,
            format!("{}/actions/{}/cancel", policy(OTHER_UNIT), action_ids[OTHER_UNIT]),
            Body::Json(json!({"reason": "Digabung dengan aksi lain"})),
        ),
    ];
    let mut failures = Vec::new();
    for (caller, method, own, own_status, other, body) in &cases {
        let response = test.send(*caller, method.clone(), own, body).await;
        let status = response.status().as_u16();
        if status != *own_status {
            let text = response.text().await.unwrap_or_default();
            failures
                .push(format!("{method} {own} as {caller:?} (own scope): expected {own_status}, got {status} {text}"));
        }
        let response = test.send(*caller, method.clone(), other, body).await;
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        let code = serde_json::from_str::<Value>(&text)
            .ok()
            .and_then(|body| body["error"]["code"].as_str().map(str::to_owned));
        if status != 403 || code.as_deref() != Some("forbidden") {
            failures.push(format!(
                "{method} {other} as {caller:?} (another's scope): expected 403 forbidden, got {status} {text}"
            ));
        }
    }
    assert!(failures.is_empty(), "scope guards:\n{}", failures.join("\n"));
}

/// The guards that filter rather than refuse: a batch answers each change out of scope as
/// `forbidden` (and applies the others), a unit admin's entries page holds only its own unit and
/// another unit's unpublished page is hidden from it, an owner's page holds only its indicators.
#[tokio::test]
async fn batches_and_pages_keep_scoped_callers_to_their_scope() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let token = scoped_token_and_entries(&app, &admin).await;
    let owner = app.sign_in_demo("pengampu.demo").await;
    let unit_admin = app.sign_in_demo("unit.demo").await;

    let batch_path = format!("/api/v1/periods/{OPEN}/entries/batch");
    let changes = |unit: &str, prefix: &str| {
        json!({"changes": [
            {"unit": unit, "indicator": "SAKIP", "value": 70, "base_version": 1, "idempotency_key": format!("{prefix}-1")},
            {"unit": unit, "indicator": OTHER_INDICATOR, "value": 70, "base_version": 1, "idempotency_key": format!("{prefix}-2")},
        ]})
    };
    let outcomes = |body: Value| -> Vec<String> {
        let results = body["results"].as_array().unwrap_or_else(|| panic!("results in {body}"));
        results.iter().map(|result| result["outcome"].as_str().expect("an outcome").to_owned()).collect()
    };
    let response = app.send(Some(&owner), Method::POST, &batch_path, Some(changes(OTHER_UNIT, "owner"))).await;
    assert_eq!(response.status(), 200);
    assert_eq!(outcomes(response.json().await.expect("JSON")), ["applied", "forbidden"], "the owner's batch");
    let response = app
        .client
        .post(app.url(&batch_path))
        .bearer_auth(&token)
        .json(&changes(OWN_UNIT, "token"))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 200);
    assert_eq!(outcomes(response.json().await.expect("JSON")), ["applied", "forbidden"], "the token's batch");
    let value_of = |page: &Value, unit: &str, indicator: &str| {
        page["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .find(|e| e["unit"] == unit && e["indicator"] == indicator)
            .map(|e| e["value"].clone())
    };
    let page_path = format!("/api/v1/periods/{OPEN}/entries?population=kabkota");
    let all = admin_json(&app, &admin, Method::GET, &page_path, Body::None).await;
    assert_eq!(value_of(&all, OTHER_UNIT, OTHER_INDICATOR), Some(json!(60)), "a forbidden change changed nothing");
    assert_eq!(value_of(&all, OWN_UNIT, OTHER_INDICATOR), Some(json!(60)), "a forbidden change changed nothing");
    assert_eq!(value_of(&all, OTHER_UNIT, "SAKIP"), Some(json!(70)));

    // The unit admin's page: its own unit only, though the admin's page holds both.
    let response = app.send(Some(&unit_admin), Method::GET, &page_path, None).await;
    assert_eq!(response.status(), 200);
    let page: Value = response.json().await.expect("JSON");
    let units: Vec<&str> = page["units"].as_array().expect("units").iter().filter_map(|u| u["code"].as_str()).collect();
    assert_eq!(units, [OWN_UNIT]);
    let entry_units: std::collections::BTreeSet<&str> =
        page["entries"].as_array().expect("entries").iter().filter_map(|e| e["unit"].as_str()).collect();
    assert_eq!(entry_units.into_iter().collect::<Vec<_>>(), [OWN_UNIT]);
    assert!(value_of(&all, OTHER_UNIT, "SAKIP").is_some() && value_of(&page, OTHER_UNIT, "SAKIP").is_none());
    // Its own unit's unpublished page, not another's (hidden as an unknown period).
    let own = app.send(Some(&unit_admin), Method::GET, &format!("/api/v1/periods/{OPEN}/units/{OWN_UNIT}"), None).await;
    assert_eq!(own.status(), 200);
    let other =
        app.send(Some(&unit_admin), Method::GET, &format!("/api/v1/periods/{OPEN}/units/{OTHER_UNIT}"), None).await;
    assert_eq!(other.status(), 404);
    assert_eq!(crate::auth_helpers::error_of(other).await.0, "period_not_found");

    // The owner's page: its own indicators only, unless it asks for others.
    let response = app.send(Some(&owner), Method::GET, &page_path, None).await;
    let page: Value = response.json().await.expect("JSON");
    assert!(value_of(&page, OTHER_UNIT, "SAKIP").is_some());
    assert_eq!(value_of(&page, OTHER_UNIT, OTHER_INDICATOR), None);
}
