//! The entry detail of the assessor's screen (issue 4): workflow steps and evidence uploads honour
//! an `Idempotency-Key` like entry writes do; notes and recommendations reach the entry's history
//! and the unit's page (the published one for everybody), evidence files never the anonymous.

use reqwest::Method;
use serde_json::{Value, json};

use crate::auth_helpers::{AuthTestApp, Session, error_of, spawn_demo_app};
use crate::entries_import::upload_request;
use crate::entries_write::{OPEN, UNIT, entry_path, json_of, put};

async fn step_with_key(
    app: &AuthTestApp,
    session: &Session,
    action: &str,
    key: &str,
    body: Value,
) -> reqwest::Response {
    app.request(Some(session), Method::POST, &format!("{}/{action}", entry_path(OPEN, UNIT, "SAKIP")))
        .header("idempotency-key", key)
        .json(&body)
        .send()
        .await
        .expect("sent")
}

async fn history(app: &AuthTestApp, session: &Session) -> Vec<Value> {
    let path = format!("{}/history", entry_path(OPEN, UNIT, "SAKIP"));
    json_of(app.send(Some(session), Method::GET, &path, None).await).await.as_array().expect("a list").clone()
}

#[tokio::test]
async fn a_repeated_workflow_step_with_its_key_is_applied_once() {
    let app = spawn_demo_app().await;
    let owner = app.sign_in_demo("pengampu.demo").await;
    let unit_admin = app.sign_in_demo("unit.demo").await;
    let path = entry_path(OPEN, UNIT, "SAKIP");
    assert_eq!(put(&app, &owner, &path, "w1", json!({"value": 60, "base_version": 0})).await.status(), 200);

    let body = json!({"reason": "LHE menyatakan 72", "base_version": 1});
    let first = step_with_key(&app, &unit_admin, "dispute", "d1", body.clone()).await;
    assert_eq!(first.status(), 200);
    let first = json_of(first).await;
    let again = step_with_key(&app, &unit_admin, "dispute", "d1", body).await;
    assert_eq!(again.status(), 200, "a retried step answers what the first one answered");
    assert_eq!(again.headers().get("idempotency-replayed").map(|v| v.to_str().ok()), Some(Some("true")));
    assert_eq!(json_of(again).await, first);
    let records = history(&app, &owner).await;
    assert_eq!(records.len(), 2, "one dispute audited, not two: {records:?}");

    let other = step_with_key(&app, &unit_admin, "dispute", "d1", json!({"reason": "lain"})).await;
    assert_eq!(other.status(), 422);
    assert_eq!(error_of(other).await.0, "idempotency_key_reused");
    let bad_key = step_with_key(&app, &owner, "resolve", "", json!({"reason": "x"})).await;
    assert_eq!(bad_key.status(), 422);
    assert_eq!(error_of(bad_key).await.0, "idempotency_key_required");

    // A refused step records nothing: the same key works once the step is allowed.
    let early = step_with_key(&app, &owner, "resolve", "r1", json!({"reason": "dikoreksi", "base_version": 9})).await;
    assert_eq!(early.status(), 409);
    let resolved =
        step_with_key(&app, &owner, "resolve", "r1", json!({"reason": "dikoreksi", "base_version": 9})).await;
    assert_eq!(resolved.status(), 409, "still the stale version");
    let resolved =
        step_with_key(&app, &owner, "resolve", "r2", json!({"reason": "dikoreksi", "base_version": 2})).await;
    assert_eq!(resolved.status(), 200);
    assert_eq!(history(&app, &owner).await.len(), 3);
}

async fn upload_with_key(app: &AuthTestApp, session: &Session, key: &str, bytes: &[u8]) -> reqwest::Response {
    upload_request(app, session, "SAKIP", "lhe.pdf", bytes).header("idempotency-key", key).send().await.expect("sent")
}

async fn evidence_count(app: &AuthTestApp, admin: &Session) -> usize {
    let page = json_of(
        app.send(Some(admin), Method::GET, &format!("/api/v1/periods/{OPEN}/entries?population=kabkota"), None).await,
    )
    .await;
    page["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|entry| entry["unit"] == UNIT && entry["indicator"] == "SAKIP")
        .map(|entry| entry["evidence"].as_array().map_or(0, Vec::len))
        .sum()
}

#[tokio::test]
async fn a_retried_evidence_upload_stores_the_file_once() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let owner = app.sign_in_demo("pengampu.demo").await;
    assert_eq!(
        put(&app, &owner, &entry_path(OPEN, UNIT, "SAKIP"), "w1", json!({"value": 60, "base_version": 0}))
            .await
            .status(),
        200
    );
    let pdf = b"%PDF-1.4\n%%EOF\n";
    let first = upload_with_key(&app, &owner, "e1", pdf).await;
    assert_eq!(first.status(), 201);
    let first = json_of(first).await;
    let again = upload_with_key(&app, &owner, "e1", pdf).await;
    assert_eq!(again.status(), 201);
    assert_eq!(json_of(again).await, first, "the replay names the same stored file");
    assert_eq!(evidence_count(&app, &admin).await, 1);
    let other = upload_with_key(&app, &owner, "e1", b"%PDF-1.4\nanother\n%%EOF\n").await;
    assert_eq!(other.status(), 422);
    assert_eq!(evidence_count(&app, &admin).await, 1, "a reused key stores nothing");
}

#[tokio::test]
async fn notes_and_recommendations_reach_the_history_and_the_units_page() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let owner = app.sign_in_demo("pengampu.demo").await;
    let unit_admin = app.sign_in_demo("unit.demo").await;
    let path = entry_path(OPEN, UNIT, "SAKIP");
    let body = json!({"value": 60, "base_version": 0, "note": "LHE 2024 diterima.", "recommendation": "<b>Perbaiki</b> cascading kinerja."});
    assert_eq!(put(&app, &owner, &path, "n1", body).await.status(), 200);
    // An evidence link must be a web address: anything else (a script URL) changes nothing.
    for (index, bad) in ["javascript:alert(1)", "https://", "https://a b", "ftp://x/y"].into_iter().enumerate() {
        let body = json!({"value": 60, "base_version": 1, "evidence_link": bad});
        let refused = put(&app, &owner, &path, &format!("bad-{index}"), body).await;
        assert_eq!(refused.status(), 422, "{bad}");
        assert_eq!(error_of(refused).await.0, "invalid_link");
    }
    let link = json!({"value": 60, "base_version": 1, "evidence_link": "https://jdih.jatimprov.go.id/lhe-2024.pdf"});
    let linked = json_of(put(&app, &owner, &path, "l1", link).await).await;
    assert_eq!(linked["entry"]["evidence_link"], "https://jdih.jatimprov.go.id/lhe-2024.pdf");
    assert_eq!(linked["entry"]["note"], "LHE 2024 diterima.", "absent texts are kept");
    let cleared = json!({"value": 60, "base_version": 2, "note": ""});
    assert_eq!(put(&app, &owner, &path, "n2", cleared).await.status(), 200);

    let records = history(&app, &unit_admin).await;
    assert_eq!(records[0]["note"], Value::Null, "the newest record: note cleared");
    assert_eq!(records[0]["recommendation"], "<b>Perbaiki</b> cascading kinerja.", "kept as plain text");
    assert_eq!(records[1]["note"], "LHE 2024 diterima.");
    let page = json_of(
        app.send(Some(&unit_admin), Method::GET, &format!("/api/v1/periods/{OPEN}/entries?population=kabkota"), None)
            .await,
    )
    .await;
    assert_eq!(
        page["entries"][0]["evidence_link"], "https://jdih.jatimprov.go.id/lhe-2024.pdf",
        "signed-in readers see the link"
    );
    assert_eq!(page["entries"][0]["note"], Value::Null);

    let unit_page =
        json_of(app.send(Some(&unit_admin), Method::GET, &format!("/api/v1/periods/{OPEN}/units/{UNIT}"), None).await)
            .await;
    assert_eq!(unit_page["values"]["SAKIP"]["recommendation"], "<b>Perbaiki</b> cascading kinerja.");
    assert_eq!(unit_page["values"]["SAKIP"].get("note"), None);
    assert_eq!(unit_page["values"]["SAKIP"].get("evidence"), None);

    // Published: the public sees the recommendation, never an evidence file.
    for state in ["closed", "published"] {
        let response = app
            .send(Some(&admin), Method::POST, &format!("/api/v1/periods/{OPEN}/state"), Some(json!({"state": state})))
            .await;
        assert_eq!(response.status(), 200, "{state}");
    }
    let public = app.send(None, Method::GET, &format!("/api/v1/periods/{OPEN}/units/{UNIT}"), None).await;
    assert_eq!(public.status(), 200);
    let public = json_of(public).await;
    assert_eq!(public["values"]["SAKIP"]["recommendation"], "<b>Perbaiki</b> cascading kinerja.");
    assert!(!public.to_string().contains("evidence") && !public.to_string().contains("jdih"), "{public}");
}

#[tokio::test]
async fn a_batch_decides_its_changes_in_order_as_if_sent_one_by_one() {
    let app = spawn_demo_app().await;
    let owner = app.sign_in_demo("pengampu.demo").await;
    let changes = json!({"changes": [
        {"unit": UNIT, "indicator": "SAKIP", "value": 50, "base_version": 0, "idempotency_key": "s1", "note": "awal"},
        {"unit": UNIT, "indicator": "SAKIP", "value": 55, "base_version": 1, "idempotency_key": "s2", "reason": "koreksi"},
        {"unit": UNIT, "indicator": "SAKIP", "value": 56, "base_version": 1, "idempotency_key": "s3"},
        {"unit": UNIT, "indicator": "SAKIP", "value": 55, "base_version": 1, "idempotency_key": "s2", "reason": "koreksi"},
        {"unit": UNIT, "indicator": "SAKIP", "value": 60, "base_version": 2, "idempotency_key": "s2"},
        {"unit": "kota-batu", "indicator": "SAKIP", "value": 70, "base_version": 0, "idempotency_key": "s6"},
    ]});
    let path = format!("/api/v1/periods/{OPEN}/entries/batch");
    let body = json_of(app.send(Some(&owner), Method::POST, &path, Some(changes)).await).await;
    let results = body["results"].as_array().expect("results");
    let outcomes: Vec<&str> = results.iter().map(|r| r["outcome"].as_str().expect("outcome")).collect();
    assert_eq!(outcomes, ["applied", "applied", "conflict", "duplicate", "invalid", "applied"]);
    assert_eq!(results[1]["entry"]["version"], 2);
    assert_eq!(results[1]["entry"]["note"], "awal", "the second change keeps the first one's note");
    assert_eq!(results[2]["current"]["value"], 55, "the conflict names the batch's own earlier change");
    assert_eq!(results[3]["entry"], results[1]["entry"], "a key repeated in the batch answers the first answer");
    assert_eq!(results[4]["error"]["code"], "idempotency_key_reused");

    let records = history(&app, &owner).await;
    let values: Vec<Value> = records.iter().map(|r| r["new_value"].clone()).collect();
    assert_eq!(values, [json!(55), json!(50)], "two changes audited, newest first");
    assert_eq!(records[0]["old_value"], 50);
    assert_eq!(records[0]["reason"], "koreksi");
    let page = json_of(
        app.send(Some(&owner), Method::GET, &format!("/api/v1/periods/{OPEN}/entries?population=kabkota"), None).await,
    )
    .await;
    let stored: Vec<(String, i64)> = page["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| (e["unit"].as_str().expect("unit").to_owned(), e["version"].as_i64().expect("version")))
        .collect();
    assert_eq!(stored, [(UNIT.to_owned(), 2), ("kota-batu".to_owned(), 1)]);
}
