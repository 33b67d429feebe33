//! Mentoring status and notes on the watch-list (issue 7): administrators record, administrators
//! and viewers read, nobody else; history is append-only; bad input is refused with a reason and
//! nothing is stored; a retried request (same Idempotency-Key) is recorded once.

use reqwest::Method;
use serde_json::{Value, json};

use crate::auth_helpers::{AuthTestApp, Session, error_of, spawn_demo_app};

const LIST: &str = "/api/v1/periods/2023-annual/mentoring";
const BANYUWANGI: &str = "/api/v1/periods/2023-annual/mentoring/kabupaten-banyuwangi";

async fn mentoring(app: &AuthTestApp, session: &Session) -> Value {
    let response = app.send(Some(session), Method::GET, LIST, None).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("JSON")
}

#[tokio::test]
async fn an_administrator_sets_a_status_and_adds_dated_notes_that_viewers_read() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    assert_eq!(mentoring(&app, &admin).await["units"], json!([]));

    let scheduled = app.send(Some(&admin), Method::POST, BANYUWANGI, Some(json!({"status": "dijadwalkan"}))).await;
    assert_eq!(scheduled.status(), 200);
    let scheduled: Value = scheduled.json().await.expect("JSON");
    assert_eq!(scheduled["unit_code"], "kabupaten-banyuwangi");
    assert_eq!(scheduled["status"], "dijadwalkan");
    assert_eq!(scheduled["events"].as_array().expect("events").len(), 1);

    let noted = app
        .send(
            Some(&admin),
            Method::POST,
            BANYUWANGI,
            Some(json!({"note": "  Kunjungan 12 Maret: SAKIP perlu bukti.  "})),
        )
        .await;
    assert_eq!(noted.status(), 200);
    let both = app
        .send(
            Some(&admin),
            Method::POST,
            BANYUWANGI,
            Some(json!({"status": "sedang_didampingi", "note": "Pendampingan dimulai"})),
        )
        .await;
    assert_eq!(both.status(), 200);

    // A viewer reads the same record: latest status, newest event first, author and date.
    let viewer = app.sign_in_demo("viewer.demo").await;
    let list = mentoring(&app, &viewer).await;
    assert_eq!(list["period_id"], "2023-annual");
    let units = list["units"].as_array().expect("units");
    assert_eq!(units.len(), 1);
    let unit = &units[0];
    assert_eq!(unit["status"], "sedang_didampingi");
    let events = unit["events"].as_array().expect("events");
    assert_eq!(events.len(), 3);
    assert_eq!(events[0]["note"], "Pendampingan dimulai");
    assert_eq!(events[1]["note"], "Kunjungan 12 Maret: SAKIP perlu bukti.", "notes are trimmed");
    assert!(events[1].get("status").is_none(), "a note alone does not change the status");
    assert_eq!(events[2]["status"], "dijadwalkan");
    for event in events {
        assert_eq!(event["author"], "admin.demo");
        assert!(event["created_at"].as_str().expect("a date").ends_with('Z'));
    }
    assert_eq!(unit["status_by"], events[0]["author_name"]);

    // Another period keeps its own record.
    let other = app.send(Some(&viewer), Method::GET, "/api/v1/periods/2024-q1/mentoring", None).await;
    assert_eq!(other.status(), 200);
    assert_eq!(other.json::<Value>().await.expect("JSON")["units"], json!([]));
}

#[tokio::test]
async fn a_retried_request_with_the_same_idempotency_key_is_recorded_once() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    for _ in 0..2 {
        let response = app
            .request(Some(&admin), Method::POST, BANYUWANGI)
            .header("idempotency-key", "mentoring-key-1")
            .json(&json!({"note": "Satu kali saja"}))
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.expect("JSON");
        assert_eq!(body["events"].as_array().expect("events").len(), 1);
    }
    let list = mentoring(&app, &admin).await;
    assert_eq!(list["units"][0]["events"].as_array().expect("events").len(), 1);
}

/// The retries meet at the database: the test holds its write lock until every one of them waits
/// for it, so they all look the key up before any of them has recorded it.
#[tokio::test]
async fn simultaneous_retries_with_one_idempotency_key_record_once_and_never_fail() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let n_retries = 6;
    let lock = app.hold_writes().await;
    let requests: Vec<_> = (0..n_retries)
        .map(|_| {
            let request = app
                .request(Some(&admin), Method::POST, BANYUWANGI)
                .header("idempotency-key", "mentoring-key-race")
                .json(&json!({"status": "dijadwalkan", "note": "Serentak"}));
            tokio::spawn(request.send())
        })
        .collect();
    app.wait_until_waiting_on_the_database(n_retries).await;
    assert!(requests.iter().all(|request| !request.is_finished()), "no retry gets past the lock");
    lock.release().await;
    for request in requests {
        assert_eq!(request.await.expect("joined").expect("sent").status(), 200);
    }
    let list = mentoring(&app, &admin).await;
    assert_eq!(list["units"][0]["events"].as_array().expect("events").len(), 1, "{list}");
}

#[tokio::test]
async fn bad_changes_are_refused_with_a_reason_and_nothing_is_stored() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let cases = [
        (BANYUWANGI, json!({}), 422, "mentoring_change_empty"),
        (BANYUWANGI, json!({"status": " ", "note": "   "}), 422, "mentoring_change_empty"),
        (BANYUWANGI, json!({"status": "dihukum"}), 422, "mentoring_status_unknown"),
        (BANYUWANGI, json!({"note": "x".repeat(2001)}), 422, "note_too_long"),
        (BANYUWANGI, json!({"note": "a\u{7}b"}), 422, "note_invalid"),
        (BANYUWANGI, json!({"status": 3}), 422, ""),
        (BANYUWANGI, json!({"note": "a", "total": 99}), 422, ""),
        ("/api/v1/periods/1999-annual/mentoring/kabupaten-banyuwangi", json!({"note": "a"}), 404, "period_not_found"),
        ("/api/v1/periods/2023-annual/mentoring/kabupaten-atlantis", json!({"note": "a"}), 404, "unit_not_found"),
    ];
    for (path, body, status, code) in cases {
        let response = app.send(Some(&admin), Method::POST, path, Some(body.clone())).await;
        assert_eq!(response.status(), status, "{body}");
        let (error_code, message) = error_of(response).await;
        assert!(!message.is_empty());
        if !code.is_empty() {
            assert_eq!(error_code, code, "{body}");
        }
    }
    let not_json = app.request(Some(&admin), Method::POST, BANYUWANGI).body("{").send().await.expect("sent");
    assert!(not_json.status().is_client_error());
    assert_eq!(mentoring(&app, &admin).await["units"], json!([]), "nothing was stored");
}

#[tokio::test]
async fn only_administrators_write_and_only_administrators_and_viewers_read() {
    let app = spawn_demo_app().await;
    let note = || Some(json!({"status": "dijadwalkan", "note": "rahasia"}));
    assert_eq!(app.send(None, Method::POST, BANYUWANGI, note()).await.status(), 401);
    assert_eq!(app.send(None, Method::GET, LIST, None).await.status(), 401);
    for username in ["viewer.demo", "pengampu.demo", "unit.demo"] {
        let session = app.sign_in_demo(username).await;
        assert_eq!(app.send(Some(&session), Method::POST, BANYUWANGI, note()).await.status(), 403, "{username}");
    }
    for username in ["pengampu.demo", "unit.demo"] {
        let session = app.sign_in_demo(username).await;
        assert_eq!(app.send(Some(&session), Method::GET, LIST, None).await.status(), 403, "{username}");
    }
    let admin = app.sign_in_demo("admin.demo").await;
    assert_eq!(mentoring(&app, &admin).await["units"], json!([]), "refused writes stored nothing");

    // The public results never carry mentoring notes.
    app.send(Some(&admin), Method::POST, BANYUWANGI, note()).await;
    let public = app.send(None, Method::GET, "/api/v1/periods/2023-annual/units/kabupaten-banyuwangi", None).await;
    assert_eq!(public.status(), 200);
    assert!(!public.text().await.expect("text").contains("rahasia"));
}
