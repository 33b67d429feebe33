//! Two server processes on one database behind a load balancer: nothing a request depends on is
//! kept in only one of them. Each `Application` here has its own state (pools, clock, password
//! gate, metrics) and shares nothing with the other but the database, as two `sibekisar`
//! processes do. On PostgreSQL when `SIBEKISAR_TEST_POSTGRES_URL` is set, else on one SQLite
//! file (two pools on one file behave like two processes on it).

use std::time::Duration;

use reqwest::Method;
use serde_json::json;

use crate::auth_helpers::{AuthTestApp, DEMO_PASSWORD, error_of, spawn_app_on};
use crate::entries_write::{OPEN, UNIT, entry_path, put};
use crate::helpers::fresh_database_url;

async fn two_apps() -> (AuthTestApp, AuthTestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = fresh_database_url(&dir).await;
    // The first loads the demo data into the empty database; the second finds it there.
    let first = spawn_app_on(url.clone(), true).await;
    let second = spawn_app_on(url, true).await;
    // One time on both, as on real machines: the second clock started later (by as long as the
    // first start took), so the first catches up; a lock then ends on both at one advance.
    let behind = {
        use server::auth::Clock;
        second.clock.now_millis().saturating_sub(first.clock.now_millis())
    };
    first.advance(Duration::from_millis(behind));
    (first, second, dir)
}

#[tokio::test]
async fn a_session_and_a_write_on_one_process_are_seen_by_the_other() {
    let (one, other, _dir) = two_apps().await;
    let owner = one.sign_in_demo("pengampu.demo").await;
    let me = other.me(&owner).await;
    assert_eq!(me["user"]["username"], "pengampu.demo", "the session of one process works on the other");

    let path = entry_path(OPEN, UNIT, "OPINI_BPK");
    let written = put(&other, &owner, &path, "dua-proses-1", json!({"value": 100, "base_version": 0})).await;
    assert_eq!(written.status(), 200, "a write through the other process with the first one's session");
    let read = one.send(Some(&owner), Method::GET, &format!("/api/v1/periods/{OPEN}/units/{UNIT}"), None).await;
    assert_eq!(read.status(), 200);
    let body: serde_json::Value = read.json().await.expect("JSON");
    assert_eq!(body["values"]["OPINI_BPK"]["value"], 100, "{body}");
}

#[tokio::test]
async fn failures_split_between_processes_lock_the_account_on_both() {
    let (one, other, _dir) = two_apps().await;
    for app in [&one, &other, &one, &other] {
        assert_eq!(app.login("viewer.demo", "salah-sekali-123").await.status(), 401);
    }
    assert_eq!(other.login("viewer.demo", "salah-sekali-123").await.status(), 401, "the fifth failure");
    for app in [&one, &other] {
        let locked = app.login("viewer.demo", DEMO_PASSWORD).await;
        assert_eq!(locked.status(), 429, "locked on both, even with the right password");
        assert_eq!(error_of(locked).await.0, "too_many_attempts");
    }
    // The lock ends on both processes' clocks; a right password then clears the count.
    one.advance(Duration::from_secs(31));
    other.advance(Duration::from_secs(31));
    assert_eq!(one.login("viewer.demo", DEMO_PASSWORD).await.status(), 200);
    for app in [&other, &one, &other, &one] {
        assert_eq!(app.login("viewer.demo", "salah-sekali-123").await.status(), 401, "counted afresh");
    }
}

#[tokio::test]
async fn an_idempotency_key_holds_across_processes() {
    let (one, other, _dir) = two_apps().await;
    let owner = one.sign_in_demo("pengampu.demo").await;
    let path = entry_path(OPEN, UNIT, "SAKIP");
    let key = "3f1c2a54-0000-4000-8000-0000000000a1";
    let body = json!({"value": 80, "base_version": 0, "reason": "LKE 2023"});
    let first = put(&one, &owner, &path, key, body.clone()).await;
    assert_eq!(first.status(), 200);
    let first = first.text().await.expect("text");
    let replay = put(&other, &owner, &path, key, body).await;
    assert_eq!(replay.status(), 200);
    assert_eq!(replay.headers().get("idempotency-replayed").and_then(|value| value.to_str().ok()), Some("true"));
    assert_eq!(replay.text().await.expect("text"), first, "the other process answers the first answer");
    let reused = put(&other, &owner, &path, key, json!({"value": 70, "base_version": 1})).await;
    assert_eq!(reused.status(), 422);
    assert_eq!(error_of(reused).await.0, "idempotency_key_reused");
}

#[tokio::test]
async fn an_import_running_on_one_process_refuses_an_import_of_that_period_on_the_other() {
    let (one, other, _dir) = two_apps().await;
    let admin = other.sign_in_demo("admin.demo").await;
    let import = |app: &AuthTestApp| {
        app.request(Some(&admin), Method::POST, &format!("/api/v1/periods/{OPEN}/imports?population=kabkota"))
            .header("content-type", "text/csv")
            .body("unit,SAKIP\nkabupaten-banyuwangi,80\n")
            .send()
    };
    // The first process holds the period's lease, as it does while it reads and writes a file;
    // the lease outlives the request deadline (120 s) by a minute in case that process dies.
    let expires_at = server::auth::clock::timestamp({
        use server::auth::Clock;
        one.clock.now_millis() + 180_000
    });
    hold_import_lease(&one, OPEN, &expires_at).await;
    for app in [&one, &other] {
        let refused = import(app).await.expect("sent");
        assert_eq!(refused.status(), 409);
        assert_eq!(error_of(refused).await.0, "import_running");
    }
    // A lease left behind by a process that died is taken over once it has expired.
    other.advance(Duration::from_secs(181));
    assert_eq!(import(&other).await.expect("sent").status(), 200);
    assert_eq!(import(&other).await.expect("sent").status(), 200, "an ended import leaves the period free");
}

/// Writes an import lease of `period_id` as another process would, straight into the database.
async fn hold_import_lease(app: &AuthTestApp, period_id: &str, expires_at: &str) {
    use sqlx::Connection;
    let sql = "INSERT INTO import_leases (period_id, holder, started_at, expires_at) VALUES ($1, 'elsewhere', $2, $2)";
    let url = app.database_url.expose();
    let done = if url.starts_with("sqlite:") {
        let mut connection = sqlx::SqliteConnection::connect(url).await.expect("a SQLite connection");
        sqlx::query(sql)
            .bind(period_id)
            .bind(expires_at)
            .execute(&mut connection)
            .await
            .map(|done| done.rows_affected())
    } else {
        let mut connection = sqlx::PgConnection::connect(url).await.expect("a PostgreSQL connection");
        sqlx::query(sql)
            .bind(period_id)
            .bind(expires_at)
            .execute(&mut connection)
            .await
            .map(|done| done.rows_affected())
    };
    assert_eq!(done.expect("the lease is written"), 1);
}
