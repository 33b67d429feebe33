//! Entering assessment data (issue 4): PUT with versions, idempotency keys, locks and recompute;
//! the batch; the status workflow; period and rubric administration; visibility.

use reqwest::Method;
use serde_json::{Value, json};

use crate::auth_helpers::{AuthTestApp, Session, error_of, spawn_demo_app};

/// The demo's open quarter (2023 rubrics bound, no values yet).
pub const OPEN: &str = "2024-q1";
pub const UNIT: &str = "kabupaten-banyuwangi";

pub fn entry_path(period: &str, unit: &str, indicator: &str) -> String {
    format!("/api/v1/periods/{period}/entries/{unit}/{indicator}")
}

/// `PUT` one value as a session (with CSRF) and an Idempotency-Key.
pub async fn put(app: &AuthTestApp, session: &Session, path: &str, key: &str, body: Value) -> reqwest::Response {
    app.request(Some(session), Method::PUT, path).header("idempotency-key", key).json(&body).send().await.expect("sent")
}

pub async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.expect("JSON body")
}

/// The unit's official total in a period, as an admin sees it.
pub async fn total_of(app: &AuthTestApp, admin: &Session, period: &str, unit: &str) -> String {
    let response = app.send(Some(admin), Method::GET, &format!("/api/v1/periods/{period}/units/{unit}"), None).await;
    assert_eq!(response.status(), 200);
    let body = json_of(response).await;
    body["result"]["total"].to_string()
}

async fn history(app: &AuthTestApp, session: &Session, period: &str, unit: &str, indicator: &str) -> Vec<Value> {
    let response =
        app.send(Some(session), Method::GET, &format!("{}/history", entry_path(period, unit, indicator)), None).await;
    assert_eq!(response.status(), 200);
    json_of(response).await.as_array().expect("a list").clone()
}

async fn entries(app: &AuthTestApp, session: &Session, period: &str, query: &str) -> Value {
    let response = app
        .send(Some(session), Method::GET, &format!("/api/v1/periods/{period}/entries?population=kabkota{query}"), None)
        .await;
    assert_eq!(response.status(), 200);
    json_of(response).await
}

async fn token(app: &AuthTestApp, admin: &Session, codes: &[&str]) -> String {
    let created = json_of(
        app.send(
            Some(admin),
            Method::POST,
            "/api/v1/admin/tokens",
            Some(json!({"name": "BPKAD", "indicator_codes": codes})),
        )
        .await,
    )
    .await;
    created["secret"].as_str().expect("secret").to_owned()
}

#[tokio::test]
async fn an_owner_writes_in_scope_and_the_change_is_audited_and_scored() {
    let app = spawn_demo_app().await;
    let owner = app.sign_in_demo("pengampu.demo").await;
    let admin = app.sign_in_demo("admin.demo").await;
    assert_eq!(total_of(&app, &admin, OPEN, UNIT).await, "null", "no result before any value");

    let path = entry_path(OPEN, UNIT, "SAKIP");
    let response =
        put(&app, &owner, &path, "k-1", json!({"value": 80.50, "base_version": 0, "note": "Lihat LHE SAKIP"})).await;
    assert_eq!(response.status(), 200);
    let body = json_of(response).await;
    let entry = &body["entry"];
    assert_eq!((entry["version"].as_i64(), entry["status"].as_str()), (Some(1), Some("submitted")));
    assert_eq!(entry["value"].to_string(), "80.5");
    assert_eq!(entry["updated_by"], "pengampu.demo");
    assert_eq!(entry["note"], "Lihat LHE SAKIP");

    let total = total_of(&app, &admin, OPEN, UNIT).await;
    assert_ne!(total, "null");
    assert_ne!(total, "0.00", "the official result was recomputed with the new value");

    let response = put(&app, &owner, &path, "k-2", json!({"value": 90, "base_version": 1, "reason": "Koreksi"})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(json_of(response).await["entry"]["version"], 2);
    assert_ne!(total_of(&app, &admin, OPEN, UNIT).await, total);

    let records = history(&app, &owner, OPEN, UNIT, "SAKIP").await;
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["new_value"], 90);
    assert_eq!(records[0]["old_value"].to_string(), "80.5");
    assert_eq!(records[0]["reason"], "Koreksi");
    assert_eq!(records[1]["changed_by"], "pengampu.demo");
    assert_eq!(records[1]["old_value"], Value::Null);

    let page = entries(&app, &admin, OPEN, "").await;
    assert_eq!(page["period"]["state"], "open");
    assert_eq!(page["units"].as_array().map(Vec::len), Some(38));
    assert_eq!(page["rubric"]["id"], "cettar-2023-kabkota");
    let listed = &page["entries"][0];
    assert_eq!((listed["unit"].as_str(), listed["indicator"].as_str()), (Some(UNIT), Some("SAKIP")));
    assert_eq!(listed["note"], "Lihat LHE SAKIP");
    assert_eq!(listed["evidence"], json!([]));
}

#[tokio::test]
async fn writes_are_refused_out_of_scope_anonymous_and_without_csrf() {
    let app = spawn_demo_app().await;
    let owner = app.sign_in_demo("pengampu.demo").await;
    let admin = app.sign_in_demo("admin.demo").await;
    let body = json!({"value": 70, "base_version": 0});

    let response = put(&app, &owner, &entry_path(OPEN, UNIT, "IKM"), "a", body.clone()).await;
    assert_eq!(response.status(), 403);
    for username in ["viewer.demo", "unit.demo"] {
        let session = app.sign_in_demo(username).await;
        assert_eq!(put(&app, &session, &entry_path(OPEN, UNIT, "SAKIP"), "b", body.clone()).await.status(), 403);
    }

    let anonymous = app
        .client
        .put(app.url(&entry_path(OPEN, UNIT, "SAKIP")))
        .header("idempotency-key", "c")
        .json(&body)
        .send()
        .await
        .expect("sent");
    assert_eq!(anonymous.status(), 401);

    let without_csrf = app
        .client
        .put(app.url(&entry_path(OPEN, UNIT, "SAKIP")))
        .header(reqwest::header::COOKIE, &owner.cookie)
        .header("idempotency-key", "d")
        .json(&body)
        .send()
        .await
        .expect("sent");
    assert_eq!(without_csrf.status(), 403);
    assert_eq!(error_of(without_csrf).await.0, "csrf_failed");

    let secret = token(&app, &admin, &["SAKIP"]).await;
    let as_token = |indicator: &str, key: &str| {
        app.client
            .put(app.url(&entry_path(OPEN, UNIT, indicator)))
            .bearer_auth(&secret)
            .header("idempotency-key", key.to_owned())
            .json(&body)
    };
    assert_eq!(as_token("IKM", "e").send().await.expect("sent").status(), 403);
    let response = as_token("SAKIP", "f").send().await.expect("sent");
    assert_eq!(response.status(), 200);
    assert!(json_of(response).await["entry"]["updated_by"].as_str().is_some_and(|by| by.starts_with("token:")));

    let page = entries(&app, &admin, OPEN, "").await;
    assert_eq!(page["entries"].as_array().map(Vec::len), Some(1), "only the token's SAKIP value was stored");
}

#[tokio::test]
async fn locked_periods_bad_values_and_stale_versions_change_nothing() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let owner = app.sign_in_demo("pengampu.demo").await;

    // The published 2023 period is locked.
    let before = total_of(&app, &admin, "2023-annual", UNIT).await;
    let response =
        put(&app, &owner, &entry_path("2023-annual", UNIT, "SAKIP"), "l1", json!({"value": 1, "base_version": 1}))
            .await;
    assert_eq!(response.status(), 409);
    let (code, message) = error_of(response).await;
    assert_eq!(code, "period_locked");
    assert_eq!(message, "Periode sudah dikunci; nilai tidak dapat diubah.");
    assert_eq!(total_of(&app, &admin, "2023-annual", UNIT).await, before);

    let path = entry_path(OPEN, UNIT, "SAKIP");
    let response = put(&app, &owner, &path, "v1", json!({"value": 101, "base_version": 0})).await;
    assert_eq!(response.status(), 422);
    let body = json_of(response).await;
    assert_eq!(body["error"]["code"], "indicator_out_of_range");
    assert_eq!(body["error"]["field"], "value");
    assert!(body["error"]["message"].as_str().is_some_and(|message| message.contains("di luar rentang")));
    let response = put(&app, &owner, &path, "v2", json!({"value": "WTP", "base_version": 0})).await;
    assert_eq!(error_of(response).await.0, "wrong_value_type");
    let response =
        put(&app, &owner, &entry_path(OPEN, UNIT, "NOPE"), "v3", json!({"value": 1, "base_version": 0})).await;
    assert_eq!(response.status(), 403, "an indicator outside the owner's scope is refused before anything else");
    let response =
        put(&app, &admin, &entry_path(OPEN, UNIT, "NOPE"), "v3", json!({"value": 1, "base_version": 0})).await;
    assert_eq!(error_of(response).await.0, "unknown_indicator");
    let response =
        put(&app, &admin, &entry_path(OPEN, "kota-entah", "SAKIP"), "v4", json!({"value": 1, "base_version": 0})).await;
    assert_eq!(response.status(), 404);
    let missing_key = app
        .request(Some(&owner), Method::PUT, &path)
        .json(&json!({"value": 1, "base_version": 0}))
        .send()
        .await
        .expect("sent");
    assert_eq!(missing_key.status(), 422);
    assert_eq!(error_of(missing_key).await.0, "idempotency_key_required");
    assert!(entries(&app, &admin, OPEN, "").await["entries"].as_array().is_some_and(Vec::is_empty));

    assert_eq!(put(&app, &owner, &path, "s1", json!({"value": 60, "base_version": 0})).await.status(), 200);
    let response = put(&app, &admin, &path, "s2", json!({"value": 70, "base_version": 0})).await;
    assert_eq!(response.status(), 409);
    let body = json_of(response).await;
    assert_eq!(body["error"]["code"], "version_conflict");
    assert_eq!(body["current"]["value"], 60);
    assert_eq!(body["current"]["version"], 1);

    // Closing the period locks it too.
    let closed = app
        .send(Some(&admin), Method::POST, &format!("/api/v1/periods/{OPEN}/state"), Some(json!({"state": "closed"})))
        .await;
    assert_eq!(closed.status(), 200);
    let response = put(&app, &owner, &path, "s3", json!({"value": 75, "base_version": 1})).await;
    assert_eq!(response.status(), 409);
    assert_eq!(error_of(response).await.0, "period_locked");
    assert_eq!(entries(&app, &admin, OPEN, "").await["entries"][0]["value"], 60);
}

#[tokio::test]
async fn the_same_idempotency_key_is_applied_once_and_answers_the_same() {
    let app = spawn_demo_app().await;
    let owner = app.sign_in_demo("pengampu.demo").await;
    let path = entry_path(OPEN, UNIT, "OPINI_BPK");
    let body = json!({"value": 100, "base_version": 0, "reason": "LHP BPK 2023"});
    let first = put(&app, &owner, &path, "3f1c2a54-0000-4000-8000-000000000001", body.clone()).await;
    assert_eq!(first.status(), 200);
    let first = first.text().await.expect("text");
    let second = put(&app, &owner, &path, "3f1c2a54-0000-4000-8000-000000000001", body.clone()).await;
    assert_eq!(second.status(), 200);
    assert_eq!(second.headers().get("idempotency-replayed").and_then(|value| value.to_str().ok()), Some("true"));
    assert_eq!(second.text().await.expect("text"), first, "the same response as the first time");
    assert_eq!(history(&app, &owner, OPEN, UNIT, "OPINI_BPK").await.len(), 1, "applied once");

    let other =
        put(&app, &owner, &path, "3f1c2a54-0000-4000-8000-000000000001", json!({"value": 90, "base_version": 1})).await;
    assert_eq!(other.status(), 422);
    assert_eq!(error_of(other).await.0, "idempotency_key_reused");
    assert_eq!(history(&app, &owner, OPEN, UNIT, "OPINI_BPK").await.len(), 1);
}

#[tokio::test]
async fn a_batch_gives_each_change_its_own_outcome() {
    let app = spawn_demo_app().await;
    let owner = app.sign_in_demo("pengampu.demo").await;
    let admin = app.sign_in_demo("admin.demo").await;
    assert_eq!(
        put(&app, &owner, &entry_path(OPEN, UNIT, "SAKIP"), "early", json!({"value": 50, "base_version": 0}))
            .await
            .status(),
        200
    );
    let changes = json!({"changes": [
        {"unit": "kota-malang", "indicator": "SAKIP", "value": 77.5, "base_version": 0, "idempotency_key": "b1"},
        {"unit": UNIT, "indicator": "SAKIP", "value": 50, "base_version": 0, "idempotency_key": "early"},
        {"unit": UNIT, "indicator": "SAKIP", "value": 55, "base_version": 0, "idempotency_key": "b3"},
        {"unit": "kota-batu", "indicator": "SAKIP", "value": 150, "base_version": 0, "idempotency_key": "b4"},
        {"unit": "kota-batu", "indicator": "IKM", "value": 80, "base_version": 0, "idempotency_key": "b5"},
        {"unit": "kota-entah", "indicator": "SAKIP", "value": 80, "base_version": 0, "idempotency_key": "b6"},
        {"unit": "kota-batu", "indicator": "ZONA_INTEGRITAS", "value": 50, "base_version": 0, "idempotency_key": "b7"},
    ]});
    let response = app
        .send(Some(&owner), Method::POST, &format!("/api/v1/periods/{OPEN}/entries/batch"), Some(changes.clone()))
        .await;
    assert_eq!(response.status(), 200);
    let body = json_of(response).await;
    let outcomes: Vec<&str> =
        body["results"].as_array().expect("results").iter().map(|r| r["outcome"].as_str().expect("outcome")).collect();
    assert_eq!(outcomes, ["applied", "duplicate", "conflict", "invalid", "forbidden", "invalid", "applied"]);
    let results = &body["results"];
    assert_eq!(results[0]["entry"]["version"], 1);
    assert_eq!(results[1]["entry"]["value"], 50);
    assert_eq!(results[2]["current"]["value"], 50);
    assert_eq!(results[3]["error"]["code"], "indicator_out_of_range");
    assert_eq!(results[5]["error"]["code"], "unit_not_found");
    assert_ne!(total_of(&app, &admin, OPEN, "kota-malang").await, "0.00");

    // Replaying the whole batch applies nothing twice.
    let again = json_of(
        app.send(Some(&owner), Method::POST, &format!("/api/v1/periods/{OPEN}/entries/batch"), Some(changes)).await,
    )
    .await;
    assert_eq!(again["results"][0]["outcome"], "duplicate");
    assert_eq!(again["results"][6]["outcome"], "duplicate");
    assert_eq!(entries(&app, &admin, OPEN, "").await["entries"].as_array().map(Vec::len), Some(3));
}

#[tokio::test]
async fn verify_dispute_and_resolve_follow_the_workflow_and_its_permissions() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let owner = app.sign_in_demo("pengampu.demo").await;
    let unit_admin = app.sign_in_demo("unit.demo").await;
    let viewer = app.sign_in_demo("viewer.demo").await;
    let path = entry_path(OPEN, UNIT, "SAKIP");
    assert_eq!(put(&app, &owner, &path, "w1", json!({"value": 60, "base_version": 0})).await.status(), 200);
    let app = &app;
    let step = |session: &Session, action: &str, body: Value| {
        let session = session.clone();
        let url = format!("{path}/{action}");
        async move { app.send(Some(&session), Method::POST, &url, Some(body)).await }
    };

    assert_eq!(step(&viewer, "verify", json!({})).await.status(), 403);
    assert_eq!(step(&owner, "verify", json!({})).await.status(), 403);
    let verified = step(&admin, "verify", json!({"base_version": 1})).await;
    assert_eq!(verified.status(), 200);
    assert_eq!(json_of(verified).await["entry"]["status"], "verified");

    let response = put(app, &owner, &path, "w2", json!({"value": 65, "base_version": 2})).await;
    assert_eq!(response.status(), 409);
    let body = json_of(response).await;
    assert_eq!(body["error"]["code"], "entry_verified");
    assert_eq!(body["current"]["status"], "verified");

    assert_eq!(step(&owner, "dispute", json!({"reason": "x"})).await.status(), 403);
    let other_unit = app
        .send(
            Some(&unit_admin),
            Method::POST,
            &format!("{}/dispute", entry_path(OPEN, "kota-malang", "SAKIP")),
            Some(json!({"reason": "x"})),
        )
        .await;
    assert_eq!(other_unit.status(), 403, "a unit admin disputes only its own unit");
    let no_reason = step(&unit_admin, "dispute", json!({})).await;
    assert_eq!(no_reason.status(), 422);
    assert_eq!(error_of(no_reason).await.0, "reason_required");
    let disputed = step(&unit_admin, "dispute", json!({"reason": "LHE terbaru menyatakan nilai 72"})).await;
    assert_eq!(disputed.status(), 200);
    assert_eq!(json_of(disputed).await["entry"]["status"], "disputed");
    let twice = step(&unit_admin, "dispute", json!({"reason": "lagi"})).await;
    assert_eq!(twice.status(), 409);
    assert_eq!(error_of(twice).await.0, "invalid_transition");

    assert_eq!(step(&unit_admin, "resolve", json!({"reason": "x"})).await.status(), 403);
    let bad = step(&owner, "resolve", json!({"reason": "dikoreksi", "value": 720})).await;
    assert_eq!(bad.status(), 422);
    let resolved = step(&owner, "resolve", json!({"reason": "dikoreksi", "value": 72})).await;
    assert_eq!(resolved.status(), 200);
    let entry = json_of(resolved).await["entry"].clone();
    assert_eq!(
        (entry["status"].as_str(), entry["value"].as_i64(), entry["version"].as_i64()),
        (Some("resolved"), Some(72), Some(4))
    );

    let records = history(app, &unit_admin, OPEN, UNIT, "SAKIP").await;
    let statuses: Vec<&str> = records.iter().map(|r| r["new_status"].as_str().expect("status")).collect();
    assert_eq!(statuses, ["resolved", "disputed", "verified", "submitted"]);
    assert_eq!(records[1]["reason"], "LHE terbaru menyatakan nilai 72");
    assert_eq!(records[1]["changed_by"], "unit.demo");
}

#[tokio::test]
async fn periods_are_created_opened_closed_reopened_and_published_by_admins() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let owner = app.sign_in_demo("pengampu.demo").await;

    let invalid = app
        .send(Some(&admin), Method::POST, "/api/v1/rubrics", Some(json!({"schema": "sibekisar.rubric/v1", "id": "x"})))
        .await;
    assert_eq!(invalid.status(), 422);
    let body = json_of(invalid).await;
    assert!(body["error"]["problems"].as_array().is_some_and(|problems| problems.len() >= 2), "{body}");

    let document =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../public/rubrics/rubric-kabkota-2023.json"))
            .expect("rubric file")
            .replace("\"cettar-2023-kabkota\"", "\"cettar-2025-kabkota\"");
    let upload = |text: String| {
        app.request(Some(&admin), Method::POST, "/api/v1/rubrics")
            .header("content-type", "application/json")
            .body(text)
            .send()
    };
    let created = upload(document.clone()).await.expect("sent");
    assert_eq!(created.status(), 201);
    let created = json_of(created).await;
    assert_eq!((created["id"].as_str(), created["created"].as_bool()), (Some("cettar-2025-kabkota"), Some(true)));
    let again = upload(document.clone()).await.expect("sent");
    assert_eq!(again.status(), 200);
    assert_eq!(json_of(again).await["created"], false);
    let changed = json_of(upload(format!("{document} ")).await.expect("sent")).await;
    assert_eq!(changed["id"], "cettar-2025-kabkota.v2", "a changed document is a new version");
    let listed = json_of(app.send(Some(&owner), Method::GET, "/api/v1/rubrics", None).await).await;
    // Both uploaded versions are listed, beside whatever rubrics the demo data ships.
    let versions: Vec<&str> = listed
        .as_array()
        .expect("a list")
        .iter()
        .filter(|rubric| rubric["rubric_id"] == "cettar-2025-kabkota")
        .filter_map(|rubric| rubric["id"].as_str())
        .collect();
    assert_eq!(versions.len(), 2, "{listed}");
    assert!(versions.contains(&"cettar-2025-kabkota") && versions.contains(&"cettar-2025-kabkota.v2"), "{listed}");

    let period = json!({"year": 2025, "kind": "annual", "bindings": {"kabkota": "cettar-2025-kabkota"}});
    assert_eq!(app.send(Some(&owner), Method::POST, "/api/v1/periods", Some(period.clone())).await.status(), 403);
    let response = app.send(Some(&admin), Method::POST, "/api/v1/periods", Some(period.clone())).await;
    assert_eq!(response.status(), 201);
    assert_eq!(json_of(response).await["period"]["state"], "draft");
    assert_eq!(app.send(Some(&admin), Method::POST, "/api/v1/periods", Some(period)).await.status(), 409);
    let bad = app
        .send(
            Some(&admin),
            Method::POST,
            "/api/v1/periods",
            Some(json!({"year": 2026, "kind": "q5", "bindings": {"nope": "x"}})),
        )
        .await;
    assert_eq!(bad.status(), 422);

    let path = entry_path("2025-annual", UNIT, "SAKIP");
    assert_eq!(
        error_of(put(&app, &owner, &path, "p1", json!({"value": 1, "base_version": 0})).await).await.0,
        "period_locked"
    );
    let state = |to: &str, reason: Option<&str>| {
        app.send(
            Some(&admin),
            Method::POST,
            "/api/v1/periods/2025-annual/state",
            Some(json!({"state": to, "reason": reason})),
        )
    };
    assert_eq!(state("published", None).await.status(), 409);
    assert_eq!(state("open", None).await.status(), 200);
    assert_eq!(put(&app, &owner, &path, "p2", json!({"value": 88, "base_version": 0})).await.status(), 200);
    assert_eq!(state("closed", None).await.status(), 200);
    let reopen = state("open", None).await;
    assert_eq!(reopen.status(), 422);
    assert_eq!(error_of(reopen).await.0, "reason_required");
    assert_eq!(state("open", Some("Koreksi data BKD")).await.status(), 200);
    assert_eq!(state("closed", None).await.status(), 200);
    assert_eq!(state("published", None).await.status(), 200);
    let illegal = state("open", Some("x")).await;
    assert_eq!(illegal.status(), 409);
    assert_eq!(error_of(illegal).await.0, "illegal_transition");

    // Published: now public, with the recomputed result.
    let public =
        app.client.get(app.url(&format!("/api/v1/periods/2025-annual/units/{UNIT}"))).send().await.expect("sent");
    assert_eq!(public.status(), 200);
    assert_eq!(json_of(public).await["values"]["SAKIP"]["value"], 88);
}

#[tokio::test]
async fn signed_in_roles_see_unpublished_periods_and_unit_admins_only_their_unit() {
    let app = spawn_demo_app().await;
    let periods = |session: Option<Session>| {
        let app = &app;
        async move {
            let body = json_of(app.send(session.as_ref(), Method::GET, "/api/v1/periods", None).await).await;
            body.as_array().expect("list").iter().map(|p| p["id"].as_str().expect("id").to_owned()).collect::<Vec<_>>()
        }
    };
    assert_eq!(periods(None).await, ["2023-annual"]);
    let viewer = app.sign_in_demo("viewer.demo").await;
    // The demo's policy monitor assessment is seeded at start-up with the rest of the demo data.
    assert_eq!(periods(Some(viewer.clone())).await, ["2024-sistem-kerja", "2023-annual", "2024-q1"]);
    let results =
        app.send(Some(&viewer), Method::GET, &format!("/api/v1/periods/{OPEN}/results?population=kabkota"), None).await;
    assert_eq!(results.status(), 200);
    let anonymous =
        app.send(None, Method::GET, &format!("/api/v1/periods/{OPEN}/results?population=kabkota"), None).await;
    assert_eq!(anonymous.status(), 404);

    let owner = app.sign_in_demo("pengampu.demo").await;
    for (unit, indicator, value) in [(UNIT, "SAKIP", 70), ("kota-malang", "SAKIP", 71)] {
        assert_eq!(
            put(&app, &owner, &entry_path(OPEN, unit, indicator), unit, json!({"value": value, "base_version": 0}))
                .await
                .status(),
            200
        );
    }
    let unit_admin = app.sign_in_demo("unit.demo").await;
    let own = entries(&app, &unit_admin, OPEN, "").await;
    assert_eq!(own["units"].as_array().map(Vec::len), Some(1));
    assert_eq!(own["entries"].as_array().map(Vec::len), Some(1));
    assert_eq!(own["entries"][0]["unit"], UNIT);
    let page = app.send(Some(&unit_admin), Method::GET, &format!("/api/v1/periods/{OPEN}/units/{UNIT}"), None).await;
    assert_eq!(page.status(), 200);
    let other =
        app.send(Some(&unit_admin), Method::GET, &format!("/api/v1/periods/{OPEN}/units/kota-malang"), None).await;
    assert_eq!(other.status(), 404);
    let history = app
        .send(Some(&unit_admin), Method::GET, &format!("{}/history", entry_path(OPEN, "kota-malang", "SAKIP")), None)
        .await;
    assert_eq!(history.status(), 403);
    // An owner sees its own indicators unless it asks for others.
    let admin = app.sign_in_demo("admin.demo").await;
    assert_eq!(
        put(&app, &admin, &entry_path(OPEN, UNIT, "IKM"), "ikm", json!({"value": 90, "base_version": 0}))
            .await
            .status(),
        200
    );
    assert_eq!(entries(&app, &owner, OPEN, "").await["entries"].as_array().map(Vec::len), Some(2));
    assert_eq!(entries(&app, &owner, OPEN, "&indicator=IKM").await["entries"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn malformed_requests_never_get_a_server_error() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let path = entry_path(OPEN, UNIT, "SAKIP");
    let bodies: [&str; 9] = [
        "",
        "{",
        "[]",
        "null",
        r#"{"value": 1}"#,
        r#"{"value": {"a": 1}, "base_version": 0}"#,
        r#"{"value": 1, "base_version": "x"}"#,
        r#"{"value": 1e999, "base_version": 0}"#,
        r#"{"value": 1, "base_version": 0, "extra": true}"#,
    ];
    let targets = [
        (Method::PUT, path.clone()),
        (Method::POST, format!("/api/v1/periods/{OPEN}/entries/batch")),
        (Method::POST, format!("{path}/verify")),
        (Method::POST, format!("{path}/resolve")),
        (Method::POST, "/api/v1/periods".to_owned()),
        (Method::POST, format!("/api/v1/periods/{OPEN}/state")),
        (Method::POST, "/api/v1/rubrics".to_owned()),
        (Method::POST, format!("/api/v1/periods/{OPEN}/imports?population=kabkota&dry_run=false")),
        (Method::POST, format!("{path}/evidence")),
    ];
    for (method, target) in &targets {
        for (index, body) in bodies.iter().enumerate() {
            let response = app
                .request(Some(&admin), method.clone(), target)
                .header("idempotency-key", format!("m-{index}"))
                .header("content-type", "application/json")
                .body(*body)
                .send()
                .await
                .expect("sent");
            let status = response.status().as_u16();
            assert!((400..500).contains(&status), "{method} {target} with {body:?}: {status}");
        }
    }
    let strange = [
        format!("/api/v1/periods/{OPEN}/entries?population=nope"),
        format!("/api/v1/periods/{OPEN}/entries"),
        format!("/api/v1/periods/{}/entries?population=kabkota", "x".repeat(300)),
        "/api/v1/evidence/%FF".to_owned(),
        format!("/api/v1/periods/{OPEN}/entries.csv?population=%FF"),
    ];
    for target in &strange {
        let status = app.send(Some(&admin), Method::GET, target, None).await.status().as_u16();
        assert!((400..500).contains(&status), "GET {target}: {status}");
    }
    // NUL bytes (which PostgreSQL refuses in TEXT) name nothing.
    let nul = json!({"changes": [{"unit": "a\u{0}b", "indicator": "SAKIP", "value": 1, "base_version": 0, "idempotency_key": "n1"}]});
    let response =
        app.send(Some(&admin), Method::POST, &format!("/api/v1/periods/{OPEN}/entries/batch"), Some(nul)).await;
    assert_eq!(response.status(), 200);
    assert_eq!(json_of(response).await["results"][0]["error"]["code"], "unit_not_found");
    let response =
        app.send(Some(&admin), Method::GET, &format!("{}/history", entry_path(OPEN, "%00", "SAKIP")), None).await;
    assert_eq!(response.status(), 404);
    let period = json!({"year": 2026, "kind": "annual", "bindings": {"kabkota": "x\u{0}"}});
    assert_eq!(app.send(Some(&admin), Method::POST, "/api/v1/periods", Some(period)).await.status(), 422);
    assert!(entries(&app, &admin, OPEN, "").await["entries"].as_array().is_some_and(Vec::is_empty));
}

/// Stored times come from the application's one clock (the one sessions read), so moving it moves
/// them: storage never reads the machine's clock on its own.
#[tokio::test]
async fn stored_times_come_from_the_application_clock() {
    use server::auth::Clock;
    let app = spawn_demo_app().await;
    let owner = app.sign_in_demo("pengampu.demo").await;
    let path = entry_path(OPEN, UNIT, "SAKIP");
    let stored_now = || server::storage::format_timestamp(u128::from(app.clock.now_millis()));
    let first = json_of(put(&app, &owner, &path, "clock-1", json!({"value": 70, "base_version": 0})).await).await;
    assert_eq!(first["entry"]["updated_at"], stored_now());
    app.advance(std::time::Duration::from_secs(90));
    let second = json_of(put(&app, &owner, &path, "clock-2", json!({"value": 71, "base_version": 1})).await).await;
    assert_eq!(second["entry"]["updated_at"], stored_now());
    let changes = history(&app, &owner, OPEN, UNIT, "SAKIP").await;
    let times: Vec<&str> = changes.iter().filter_map(|change| change["changed_at"].as_str()).collect();
    assert!(times.contains(&stored_now().as_str()), "{times:?}");
}
