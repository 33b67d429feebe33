//! Saved simulator scenarios (issue 6): private to each user, checked with the engine's share-code
//! decoder against the period's rubric, refused with a clear message and nothing stored.

use reqwest::Method;
use serde_json::{Value, json};

use crate::auth_helpers::{AuthTestApp, Session, error_of, spawn_demo_app};

const LIST: &str = "/api/v1/scenarios?period_id=2023-annual&unit_code=kabupaten-banyuwangi";

fn scenario(name: &str, code: &str) -> Value {
    json!({"period_id": "2023-annual", "unit_code": "kabupaten-banyuwangi", "name": name, "code": code})
}

async fn names(app: &AuthTestApp, session: &Session) -> Vec<String> {
    let response = app.send(Some(session), Method::GET, LIST, None).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("JSON");
    body["scenarios"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|scenario| scenario["name"].as_str().expect("a name").to_owned())
        .collect()
}

#[tokio::test]
async fn a_user_saves_replaces_lists_and_deletes_own_scenarios() {
    let app = spawn_demo_app().await;
    let unit = app.sign_in_demo("unit.demo").await;

    let saved = app
        .send(Some(&unit), Method::PUT, "/api/v1/scenarios", Some(scenario(" SAKIP naik ", "SAKIP:90,IKM:85.5")))
        .await;
    assert_eq!(saved.status(), 200);
    let saved: Value = saved.json().await.expect("JSON");
    assert_eq!(saved["name"], "SAKIP naik", "the name is trimmed");
    assert_eq!(saved["code"], "SAKIP:90,IKM:85.5");

    // The same name again replaces the scenario instead of adding one.
    let again = app.send(Some(&unit), Method::PUT, "/api/v1/scenarios", Some(scenario("SAKIP naik", "SAKIP:95"))).await;
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.expect("JSON");
    assert_eq!(again["id"], saved["id"]);
    assert_eq!(again["code"], "SAKIP:95");
    let second =
        app.send(Some(&unit), Method::PUT, "/api/v1/scenarios", Some(scenario("Kosongkan KIPP", "KIPP:"))).await;
    assert_eq!(second.status(), 200);
    assert_eq!(names(&app, &unit).await, ["Kosongkan KIPP", "SAKIP naik"]);

    // Another user, even an administrator, sees none of them and cannot delete them.
    let admin = app.sign_in_demo("admin.demo").await;
    assert!(names(&app, &admin).await.is_empty());
    let id = saved["id"].as_str().expect("an id");
    let foreign = app.send(Some(&admin), Method::DELETE, &format!("/api/v1/scenarios/{id}"), None).await;
    assert_eq!(foreign.status(), 404);
    assert_eq!(names(&app, &unit).await.len(), 2);

    let deleted = app.send(Some(&unit), Method::DELETE, &format!("/api/v1/scenarios/{id}"), None).await;
    assert_eq!(deleted.status(), 204);
    assert_eq!(names(&app, &unit).await, ["Kosongkan KIPP"]);
    let twice = app.send(Some(&unit), Method::DELETE, &format!("/api/v1/scenarios/{id}"), None).await;
    assert_eq!(twice.status(), 404);
}

#[tokio::test]
async fn bad_scenarios_are_refused_with_a_reason_and_nothing_is_stored() {
    let app = spawn_demo_app().await;
    let viewer = app.sign_in_demo("viewer.demo").await;
    let cases = [
        (scenario("", "SAKIP:90"), 422, "name_required"),
        (scenario(&"x".repeat(81), "SAKIP:90"), 422, "name_too_long"),
        (scenario("a\u{7}", "SAKIP:90"), 422, "name_invalid"),
        (scenario("a", "NOPE:1"), 422, "scenario_unknown_indicator"),
        (scenario("a", "SAKIP:150"), 422, "scenario_value_refused"),
        (scenario("a", "SAKIP"), 422, "scenario_malformed"),
        (scenario("a", &"SAKIP:90,".repeat(500)), 422, "code_too_long"),
        (
            json!({"period_id": "1999-annual", "unit_code": "kabupaten-banyuwangi", "name": "a", "code": ""}),
            404,
            "period_not_found",
        ),
        (
            json!({"period_id": "2023-annual", "unit_code": "kabupaten-atlantis", "name": "a", "code": ""}),
            404,
            "unit_not_found",
        ),
        (json!({"period_id": "2023-annual", "unit_code": "kabupaten-banyuwangi", "name": "a"}), 422, ""),
        (
            json!({"period_id": "2023-annual", "unit_code": "kabupaten-banyuwangi", "name": "a", "code": "", "total": 99}),
            422,
            "",
        ),
    ];
    for (body, status, code) in cases {
        let response = app.send(Some(&viewer), Method::PUT, "/api/v1/scenarios", Some(body.clone())).await;
        assert_eq!(response.status(), status, "{body}");
        let (error_code, message) = error_of(response).await;
        assert!(!message.is_empty());
        if !code.is_empty() {
            assert_eq!(error_code, code, "{body}");
        }
    }
    let refused = app.send(Some(&viewer), Method::PUT, "/api/v1/scenarios", Some(scenario("a", "SAKIP:150"))).await;
    let body: Value = refused.json().await.expect("JSON");
    assert!(body["error"]["problems"][0]["message"].as_str().expect("a message").contains("SAKIP"), "{body}");

    let not_json = app.request(Some(&viewer), Method::PUT, "/api/v1/scenarios").body("{").send().await.expect("sent");
    assert!(not_json.status().is_client_error());
    let missing_query = app.send(Some(&viewer), Method::GET, "/api/v1/scenarios", None).await;
    assert_eq!(missing_query.status(), 422);
    assert!(names(&app, &viewer).await.is_empty(), "nothing was stored");
}

#[tokio::test]
async fn anonymous_callers_cannot_save_and_a_unit_admin_sees_only_published_or_own_periods() {
    let app = spawn_demo_app().await;
    let anonymous = app.send(None, Method::PUT, "/api/v1/scenarios", Some(scenario("a", "SAKIP:90"))).await;
    assert_eq!(anonymous.status(), 401);

    // 2024-q1 is open, not published: the unit admin of Banyuwangi may use it for its own unit only.
    let unit = app.sign_in_demo("unit.demo").await;
    let own = json!({"period_id": "2024-q1", "unit_code": "kabupaten-banyuwangi", "name": "a", "code": "SAKIP:90"});
    assert_eq!(app.send(Some(&unit), Method::PUT, "/api/v1/scenarios", Some(own)).await.status(), 200);
    let other = json!({"period_id": "2024-q1", "unit_code": "kabupaten-pacitan", "name": "a", "code": "SAKIP:90"});
    let response = app.send(Some(&unit), Method::PUT, "/api/v1/scenarios", Some(other)).await;
    assert_eq!(response.status(), 404);
    assert_eq!(error_of(response).await.0, "period_not_found");
}

/// The saves meet at the database: the test holds its write lock until every one of them waits
/// for it, so they all find the name free before any of them has stored it.
#[tokio::test]
async fn simultaneous_saves_under_one_name_all_succeed_and_keep_one_scenario() {
    let app = spawn_demo_app().await;
    let unit = app.sign_in_demo("unit.demo").await;
    let n_saves = 6;
    let lock = app.hold_writes().await;
    let requests: Vec<_> = (0..n_saves)
        .map(|index| {
            let request = app
                .request(Some(&unit), Method::PUT, "/api/v1/scenarios")
                .json(&scenario("Serentak", &format!("SAKIP:{}", 90 + index)));
            tokio::spawn(request.send())
        })
        .collect();
    app.wait_until_waiting_on_the_database(n_saves).await;
    assert!(requests.iter().all(|request| !request.is_finished()), "no save gets past the lock");
    lock.release().await;
    for request in requests {
        assert_eq!(request.await.expect("joined").expect("sent").status(), 200);
    }
    assert_eq!(names(&app, &unit).await, ["Serentak"]);
}
