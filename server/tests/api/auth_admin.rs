//! Administration of accounts: roles and scopes, set-up and reset links, the security audit, and
//! that no secret ever appears in a response.

use reqwest::Method;
use serde_json::{Value, json};

use crate::auth_helpers::{
    AuthTestApp, DEMO_PASSWORD, Session, error_of, first_admin, session_of, spawn_demo_app, spawn_empty_app,
};

/// Uses a set-up link's path (`/setup/<token>`) with a password; returns the response.
async fn use_link(app: &AuthTestApp, link_path: &str, password: &str) -> reqwest::Response {
    let token = link_path.strip_prefix("/setup/").expect("a /setup/ path");
    app.send(None, Method::POST, &format!("/api/v1/auth/setup/{token}"), Some(json!({"password": password}))).await
}

async fn create_user(app: &AuthTestApp, admin: &Session, body: Value) -> reqwest::Response {
    app.send(Some(admin), Method::POST, "/api/v1/admin/users", Some(body)).await
}

#[tokio::test]
async fn anonymous_callers_get_401_and_other_roles_403_on_admin_endpoints() {
    let app = spawn_demo_app().await;
    let endpoints = [
        (Method::GET, "/api/v1/admin/users"),
        (Method::POST, "/api/v1/admin/users"),
        (Method::PATCH, "/api/v1/admin/users/viewer.demo"),
        (Method::POST, "/api/v1/admin/users/viewer.demo/reset-link"),
        (Method::GET, "/api/v1/admin/tokens"),
        (Method::POST, "/api/v1/admin/tokens"),
        (Method::DELETE, "/api/v1/admin/tokens/0123456789abcdef"),
        (Method::GET, "/api/v1/admin/audit"),
    ];
    for (method, path) in &endpoints {
        let response = app.send(None, method.clone(), path, Some(json!({}))).await;
        assert_eq!(response.status(), 401, "{method} {path}");
        assert_eq!(error_of(response).await.0, "unauthenticated");
    }
    for username in ["pengampu.demo", "unit.demo", "viewer.demo"] {
        let session = app.sign_in_demo(username).await;
        for (method, path) in &endpoints {
            let response = app.send(Some(&session), method.clone(), path, Some(json!({}))).await;
            assert_eq!(response.status(), 403, "{username}: {method} {path}");
            assert_eq!(
                error_of(response).await,
                ("forbidden".to_owned(), "Anda tidak berwenang melakukan tindakan ini.".to_owned())
            );
        }
    }
}

#[tokio::test]
async fn an_administrator_creates_an_account_whose_owner_sets_the_password_with_a_one_time_link() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let response = create_user(
        &app,
        &admin,
        json!({"username": "bpkad.sakip", "display_name": "Tim SAKIP", "role": "owner", "scope": {"indicator_codes": ["SAKIP"]}}),
    )
    .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["user"]["has_password"], false);
    assert_eq!(body["user"]["scope"]["indicator_codes"], json!(["SAKIP"]));
    let link_path = body["setup_link"]["path"].as_str().expect("a link").to_owned();
    assert_eq!(body["setup_link"]["url"], format!("{}{link_path}", app.address));
    assert_eq!(app.login("bpkad.sakip", "").await.status(), 422);

    let response = use_link(&app, &link_path, "pendek").await;
    assert_eq!(error_of(response).await.0, "password_too_short");
    let response = use_link(&app, &link_path, "kata-sandi-sakip-1").await;
    assert_eq!(response.status(), 200);
    let session = session_of(response).await;
    assert_eq!(app.me(&session).await["user"]["role"], "owner");
    assert_eq!(use_link(&app, &link_path, "kata-sandi-sakip-2").await.status(), 404, "a link works once");
    assert_eq!(app.login("bpkad.sakip", "kata-sandi-sakip-1").await.status(), 200);

    // Taken names, bad roles and scopes that do not fit the role are refused with their fields.
    let response = create_user(&app, &admin, json!({"username": "bpkad.sakip", "role": "viewer"})).await;
    assert_eq!(response.status(), 409);
    let response = create_user(&app, &admin, json!({"username": "x", "role": "raja", "scope": {}})).await;
    let body: Value = response.json().await.expect("JSON");
    let fields: Vec<&str> =
        body["error"]["problems"].as_array().expect("problems").iter().filter_map(|p| p["field"].as_str()).collect();
    assert_eq!(fields, ["username", "role"]);
    let response = create_user(&app, &admin, json!({"username": "unit.baru", "role": "unit_admin"})).await;
    assert_eq!(error_of(response).await.0, "unit_code_required");
    let response = create_user(
        &app,
        &admin,
        json!({"username": "unit.baru", "role": "unit_admin", "scope": {"unit_code": "Kota Malang"}}),
    )
    .await;
    assert_eq!(error_of(response).await.0, "invalid_unit_code");
    let response = create_user(
        &app,
        &admin,
        json!({"username": "unit.baru", "role": "unit_admin", "scope": {"unit_code": "kabupaten-atlantis"}}),
    )
    .await;
    assert_eq!(response.status(), 422);
    assert_eq!(error_of(response).await.0, "unknown_unit", "a unit admin's unit must exist");

    let listed: Value =
        app.send(Some(&admin), Method::GET, "/api/v1/admin/users", None).await.json().await.expect("JSON");
    let names: Vec<&str> =
        listed["users"].as_array().expect("users").iter().filter_map(|user| user["username"].as_str()).collect();
    assert_eq!(names, ["admin.demo", "bpkad.sakip", "pengampu.demo", "unit.demo", "viewer.demo"]);
}

#[tokio::test]
async fn role_and_scope_changes_apply_at_once_and_deactivation_ends_sessions() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let viewer = app.sign_in_demo("viewer.demo").await;
    let patch = |body: Value| app.send(Some(&admin), Method::PATCH, "/api/v1/admin/users/viewer.demo", Some(body));

    let response = patch(json!({"role": "unit_admin"})).await;
    assert_eq!(error_of(response).await.0, "unit_code_required", "a new role needs its scope");
    let response = patch(json!({"role": "unit_admin", "scope": {"unit_code": "kota-atlantis"}})).await;
    assert_eq!(error_of(response).await.0, "unknown_unit");
    assert_eq!(app.me(&viewer).await["user"]["role"], "viewer", "a refused change changes nothing");
    let response = patch(json!({"role": "unit_admin", "scope": {"unit_code": "kota-malang"}})).await;
    assert_eq!(response.status(), 200);
    let me = app.me(&viewer).await;
    assert_eq!(me["user"]["role"], "unit_admin");
    assert_eq!(me["user"]["scope"]["unit_code"], "kota-malang");

    let response = patch(json!({"active": false})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.me(&viewer).await["user"], Value::Null);
    let response = app.login("viewer.demo", DEMO_PASSWORD).await;
    assert_eq!(error_of(response).await.0, "invalid_credentials", "same answer as a wrong password");
    assert_eq!(patch(json!({"active": true})).await.status(), 200);
    assert_eq!(app.login("viewer.demo", DEMO_PASSWORD).await.status(), 200);

    let response =
        app.send(Some(&admin), Method::PATCH, "/api/v1/admin/users/tidak.ada", Some(json!({"active": false}))).await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn the_last_active_administrator_cannot_be_removed() {
    let app = spawn_empty_app().await;
    let admin = first_admin(&app).await;
    for change in [json!({"role": "viewer"}), json!({"active": false})] {
        let response = app.send(Some(&admin), Method::PATCH, "/api/v1/admin/users/siti.admin", Some(change)).await;
        assert_eq!(response.status(), 422);
        assert_eq!(error_of(response).await.0, "last_admin");
    }
    assert_eq!(app.me(&admin).await["user"]["role"], "admin");
}

#[tokio::test]
async fn a_reset_link_sets_a_new_password_once_and_ends_the_old_sessions() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let unit = app.sign_in_demo("unit.demo").await;
    let response = app.send(Some(&admin), Method::POST, "/api/v1/admin/users/unit.demo/reset-link", None).await;
    assert_eq!(response.status(), 201);
    let first: Value = response.json().await.expect("JSON");
    let response = app.send(Some(&admin), Method::POST, "/api/v1/admin/users/unit.demo/reset-link", None).await;
    let second: Value = response.json().await.expect("JSON");
    let (first, second) = (first["path"].as_str().expect("path"), second["path"].as_str().expect("path"));
    assert_eq!(use_link(&app, first, "kata-sandi-baru-1").await.status(), 404, "a newer link replaces the older");
    assert_eq!(app.me(&unit).await["user"]["username"], "unit.demo", "nothing changes until the link is used");

    let info: Value = app
        .client
        .get(app.url(&format!("/api/v1/auth/setup/{}", second.trim_start_matches("/setup/"))))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("JSON");
    assert_eq!(info["purpose"], "password");
    assert_eq!(info["username"], "unit.demo");
    assert_eq!(use_link(&app, second, "kata-sandi-baru-1").await.status(), 200);
    assert_eq!(app.me(&unit).await["user"], Value::Null, "old sessions end");
    assert_eq!(app.login("unit.demo", DEMO_PASSWORD).await.status(), 401);
    assert_eq!(app.login("unit.demo", "kata-sandi-baru-1").await.status(), 200);
    assert_eq!(use_link(&app, second, "kata-sandi-baru-2").await.status(), 404);

    let response = app.send(Some(&admin), Method::POST, "/api/v1/admin/users/tidak.ada/reset-link", None).await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn security_events_are_recorded_newest_first_and_paged() {
    let app = spawn_demo_app().await;
    assert_eq!(app.login("viewer.demo", "salah-sekali-123").await.status(), 401);
    let viewer = app.sign_in_demo("viewer.demo").await;
    let response = app
        .send(
            Some(&viewer),
            Method::POST,
            "/api/v1/auth/password",
            Some(json!({"current_password": DEMO_PASSWORD, "new_password": "kata-sandi-baru-1"})),
        )
        .await;
    assert_eq!(response.status(), 204);
    assert_eq!(app.send(Some(&viewer), Method::POST, "/api/v1/auth/logout", None).await.status(), 204);
    let admin = app.sign_in_demo("admin.demo").await;
    create_user_ok(&app, &admin, json!({"username": "tamu.baru", "role": "viewer"})).await;
    let patch = json!({"role": "owner", "scope": {"indicator_codes": ["SPBE"]}});
    assert_eq!(app.send(Some(&admin), Method::PATCH, "/api/v1/admin/users/tamu.baru", Some(patch)).await.status(), 200);
    let token: Value = app
        .send(
            Some(&admin),
            Method::POST,
            "/api/v1/admin/tokens",
            Some(json!({"name": "Diskominfo", "indicator_codes": ["SPBE"]})),
        )
        .await
        .json()
        .await
        .expect("JSON");
    let token_id = token["token"]["id"].as_str().expect("id").to_owned();
    let secret = token["secret"].as_str().expect("secret").to_owned();
    let used = app.client.get(app.url("/api/v1/auth/me")).bearer_auth(&secret).send().await.expect("sent");
    assert_eq!(used.status(), 200);
    let revoked = app.send(Some(&admin), Method::DELETE, &format!("/api/v1/admin/tokens/{token_id}"), None).await;
    assert_eq!(revoked.status(), 204);

    let events = app.audit_events(&admin).await;
    let names: Vec<&str> = events.iter().filter_map(|event| event["event"].as_str()).collect();
    let expected_oldest_first = [
        "demo_accounts_created",
        "login_failed",
        "login_succeeded",
        "password_changed",
        "logout",
        "login_succeeded",
        "user_created",
        "setup_link_created",
        "role_changed",
        "scope_changed",
        "token_created",
        "token_used",
        "token_revoked",
    ];
    let mut oldest_first = names.clone();
    oldest_first.reverse();
    assert_eq!(oldest_first, expected_oldest_first);
    let failed = events.iter().find(|event| event["event"] == "login_failed").expect("a failure");
    assert_eq!(failed["subject"], "viewer.demo");
    assert_eq!(failed["ip"], "127.0.0.1");
    let role_changed = events.iter().find(|event| event["event"] == "role_changed").expect("a role change");
    assert_eq!(role_changed["actor"], "admin.demo");
    assert_eq!(role_changed["detail"], "viewer → owner");
    let ids: Vec<i64> = events.iter().filter_map(|event| event["id"].as_i64()).collect();
    assert!(ids.windows(2).all(|pair| pair[0] > pair[1]), "newest first: {ids:?}");

    // Paging with `before`.
    let page: Value =
        app.send(Some(&admin), Method::GET, "/api/v1/admin/audit?limit=5", None).await.json().await.expect("JSON");
    assert_eq!(page["events"].as_array().map(Vec::len), Some(5));
    let next = page["next_before"].as_i64().expect("more pages");
    let page: Value = app
        .send(Some(&admin), Method::GET, &format!("/api/v1/admin/audit?limit=5&before={next}"), None)
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(page["events"][0]["id"].as_i64(), Some(ids[5]));
    let bad = app.send(Some(&admin), Method::GET, "/api/v1/admin/audit?limit=0", None).await;
    assert_eq!(bad.status(), 422);
}

async fn create_user_ok(app: &AuthTestApp, admin: &Session, body: Value) -> Value {
    let response = create_user(app, admin, body).await;
    assert_eq!(response.status(), 201);
    response.json().await.expect("JSON")
}

#[tokio::test]
async fn no_response_ever_contains_a_password_a_hash_or_a_token_secret() {
    let app = spawn_demo_app().await;
    let mut bodies: Vec<(String, String)> = Vec::new();
    let mut record = |label: &str, text: String| bodies.push((label.to_owned(), text));

    let response = app.login("admin.demo", DEMO_PASSWORD).await;
    let cookie = crate::auth_helpers::session_cookie(&response).expect("cookie");
    let session_token = cookie.trim_start_matches("sibekisar_session=").to_owned();
    let text = response.text().await.expect("text");
    let csrf_token =
        serde_json::from_str::<Value>(&text).expect("JSON")["csrf_token"].as_str().expect("csrf").to_owned();
    record("login", text);
    let admin = Session { cookie, csrf_token };
    record("wrong login", app.login("viewer.demo", "salah-sekali-123").await.text().await.expect("text"));

    let created = create_user_ok(&app, &admin, json!({"username": "tamu.baru", "role": "viewer"})).await;
    let link_token = created["setup_link"]["path"].as_str().expect("path").trim_start_matches("/setup/").to_owned();
    let response = use_link(&app, &format!("/setup/{link_token}"), "kata-sandi-tamu-1").await;
    record("setup", response.text().await.expect("text"));
    let token: Value = app
        .send(
            Some(&admin),
            Method::POST,
            "/api/v1/admin/tokens",
            Some(json!({"name": "BPKAD", "indicator_codes": ["OPINI_BPK"]})),
        )
        .await
        .json()
        .await
        .expect("JSON");
    let api_secret = token["secret"].as_str().expect("secret").to_owned();
    // `sbk_<16 hex id>_<secret>`: the secret may itself contain `_`, so split at the first two.
    let secret_part = api_secret.splitn(3, '_').nth(2).expect("secret part").to_owned();
    assert!(secret_part.len() >= 32, "the secret is long enough to be a meaningful needle");
    app.client.get(app.url("/api/v1/auth/me")).bearer_auth(&api_secret).send().await.expect("sent");
    for path in ["/api/v1/auth/me", "/api/v1/admin/users", "/api/v1/admin/tokens", "/api/v1/admin/audit?limit=200"] {
        let text = app.send(Some(&admin), Method::GET, path, None).await.text().await.expect("text");
        record(path, text);
    }
    let text = app
        .client
        .get(app.url("/api/v1/auth/me"))
        .bearer_auth(&api_secret)
        .send()
        .await
        .expect("sent")
        .text()
        .await
        .expect("text");
    record("me as token", text);

    let secrets = [
        ("the demo password", DEMO_PASSWORD.to_owned()),
        ("a wrong password", "salah-sekali-123".to_owned()),
        ("a set password", "kata-sandi-tamu-1".to_owned()),
        ("an argon2 hash", "$argon2".to_owned()),
        ("the session token", session_token),
        ("the set-up link token", link_token),
        ("the API token secret", secret_part),
        ("a hash column", "password_hash".to_owned()),
        ("a token hash column", "secret_sha256".to_owned()),
    ];
    for (label, body) in &bodies {
        for (what, secret) in &secrets {
            assert!(!body.contains(secret.as_str()), "{what} appears in the response of {label}: {body}");
        }
    }
}

/// "A government's admin edits its own" holds for the province too: the administrator finds the
/// province's own unit (population `provinsi`) among every active unit, makes it a unit admin's
/// unit, and that admin records the province's stages and nobody else's.
#[tokio::test]
async fn the_provinces_own_unit_can_have_a_unit_admin_who_edits_only_the_province() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let response = app.send(Some(&admin), Method::GET, "/api/v1/units", None).await;
    assert_eq!(response.status(), 200);
    let units: Vec<Value> = response.json().await.expect("JSON");
    let population_of = |code: &str| {
        units
            .iter()
            .find(|unit| unit["code"] == code)
            .map(|unit| unit["population"].as_str().expect("population").to_owned())
    };
    assert_eq!(population_of("provinsi-jawa-timur").as_deref(), Some("provinsi"), "the province's own unit is listed");
    assert_eq!(population_of("kabupaten-banyuwangi").as_deref(), Some("kabkota"));
    let populations: Vec<&str> = units.iter().map(|unit| unit["population"].as_str().expect("population")).collect();
    let mut grouped = populations.clone();
    grouped.dedup();
    let mut distinct = grouped.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(grouped.len(), distinct.len(), "units come grouped by population: {grouped:?}");
    let viewer = app.sign_in_demo("viewer.demo").await;
    assert_eq!(app.send(Some(&viewer), Method::GET, "/api/v1/units", None).await.status(), 403);

    let body = json!({"username": "admin.jatim", "display_name": "Admin Provinsi", "role": "unit_admin",
                      "scope": {"unit_code": "provinsi-jawa-timur"}});
    let created = create_user_ok(&app, &admin, body).await;
    let link_path = created["setup_link"]["path"].as_str().expect("a link").to_owned();
    let province_admin = session_of(use_link(&app, &link_path, "kata-sandi-jatim-1").await).await;
    let stage = json!({"status": "proses", "note": "Rapat koordinasi"});
    let own = "/api/v1/policy/units/provinsi-jawa-timur";
    assert_eq!(
        app.send(Some(&province_admin), Method::GET, own, None).await.json::<Value>().await.expect("JSON")["may_edit"],
        true
    );
    let response =
        app.send(Some(&province_admin), Method::PUT, &format!("{own}/stages/JUKNIS"), Some(stage.clone())).await;
    assert_eq!(response.status(), 200);
    let other = "/api/v1/policy/units/kabupaten-banyuwangi/stages/JUKNIS";
    assert_eq!(app.send(Some(&province_admin), Method::PUT, other, Some(stage)).await.status(), 403);
}
