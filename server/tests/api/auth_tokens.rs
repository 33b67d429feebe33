//! API tokens for other agencies' systems, and the guards that handlers use for scopes.

use reqwest::Method;
use serde_json::{Value, json};
use server::auth::{IndicatorCode, Principal, Role, Scope, SignedInUser, TokenClient, UnitCode};
use server::error::ApiError;

use crate::auth_helpers::{error_of, spawn_demo_app};

#[tokio::test]
async fn a_token_is_shown_once_works_as_bearer_without_csrf_and_stops_when_revoked() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let response = app
        .send(
            Some(&admin),
            Method::POST,
            "/api/v1/admin/tokens",
            Some(json!({"name": "BPKAD — Opini BPK", "indicator_codes": ["OPINI_BPK"]})),
        )
        .await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.expect("JSON");
    let id = created["token"]["id"].as_str().expect("id").to_owned();
    let secret = created["secret"].as_str().expect("secret").to_owned();
    assert!(secret.starts_with(&format!("sbk_{id}_")), "{secret}");
    assert_eq!(secret.len(), "sbk_".len() + 16 + 1 + 43);

    let listed = app.send(Some(&admin), Method::GET, "/api/v1/admin/tokens", None).await.text().await.expect("text");
    assert!(!listed.contains(&secret[secret.len() - 43..]), "the secret is shown only once: {listed}");
    let listed: Value = serde_json::from_str(&listed).expect("JSON");
    assert_eq!(listed["tokens"][0]["last_used_at"], Value::Null);

    let me: Value = app
        .client
        .get(app.url("/api/v1/auth/me"))
        .bearer_auth(&secret)
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("JSON");
    assert_eq!(me["user"], Value::Null);
    assert_eq!(me["token"]["id"], id.as_str());
    assert_eq!(me["token"]["indicator_codes"], json!(["OPINI_BPK"]));
    let listed: Value =
        app.send(Some(&admin), Method::GET, "/api/v1/admin/tokens", None).await.json().await.expect("JSON");
    assert!(listed["tokens"][0]["last_used_at"].is_string(), "last use is recorded: {listed}");

    // A token is not a user: no admin endpoints, no password change.
    let response = app.client.get(app.url("/api/v1/admin/users")).bearer_auth(&secret).send().await.expect("sent");
    assert_eq!(response.status(), 403);
    let response = app
        .client
        .post(app.url("/api/v1/auth/password"))
        .bearer_auth(&secret)
        .json(&json!({}))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 403);
    // State-changing requests with a token need no CSRF token, even from another origin.
    let response = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .bearer_auth(&secret)
        .header("origin", "https://sistem-bpkad.example")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 204);

    // Wrong, malformed or revoked tokens are refused, never treated as anonymous.
    let mut wrong = secret.clone();
    wrong.replace_range(secret.len() - 1.., if secret.ends_with('A') { "B" } else { "A" });
    for presented in [wrong.as_str(), "sbk_nope", "bukan-token"] {
        let response = app.client.get(app.url("/api/v1/auth/me")).bearer_auth(presented).send().await.expect("sent");
        assert_eq!(response.status(), 401, "{presented}");
        assert_eq!(error_of(response).await.0, "invalid_token");
    }
    let response = app
        .client
        .get(app.url("/api/v1/auth/me"))
        .header("authorization", format!("Basic {secret}"))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 401);
    assert_eq!(app.send(Some(&admin), Method::DELETE, &format!("/api/v1/admin/tokens/{id}"), None).await.status(), 204);
    let response = app.client.get(app.url("/api/v1/auth/me")).bearer_auth(&secret).send().await.expect("sent");
    assert_eq!(response.status(), 401);
    assert_eq!(app.send(Some(&admin), Method::DELETE, &format!("/api/v1/admin/tokens/{id}"), None).await.status(), 404);
    let listed: Value =
        app.send(Some(&admin), Method::GET, "/api/v1/admin/tokens", None).await.json().await.expect("JSON");
    assert!(listed["tokens"][0]["revoked_at"].is_string());
}

#[tokio::test]
async fn a_token_needs_a_name_and_valid_indicator_codes() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let response = app
        .send(
            Some(&admin),
            Method::POST,
            "/api/v1/admin/tokens",
            Some(json!({"name": " ", "indicator_codes": ["SAKIP", "sakip"]})),
        )
        .await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.expect("JSON");
    let fields: Vec<&str> =
        body["error"]["problems"].as_array().expect("problems").iter().filter_map(|p| p["field"].as_str()).collect();
    assert_eq!(fields, ["name", "indicator_codes[1]"]);
    let response = app
        .send(
            Some(&admin),
            Method::POST,
            "/api/v1/admin/tokens",
            Some(json!({"name": "Diskominfo", "indicator_codes": []})),
        )
        .await;
    assert_eq!(error_of(response).await.0, "indicator_codes_required");
}

fn status(result: Result<(), ApiError>) -> u16 {
    match result {
        Ok(()) => 200,
        Err(ApiError::BadRequest { status, .. }) => status.as_u16(),
        Err(other) => panic!("unexpected {other:?}"),
    }
}

fn codes(codes: &[&str]) -> Vec<IndicatorCode> {
    codes.iter().map(|code| IndicatorCode::parse(code).expect("valid")).collect()
}

fn user(role: Role, scope: Scope) -> Principal {
    Principal::User(SignedInUser {
        id: "usr_1".into(),
        username: "budi".into(),
        display_name: "Budi".into(),
        role,
        scope,
        session_token_sha256: String::new(),
    })
}

/// The entry endpoints do not exist yet; they will call these guards, tested here directly.
#[test]
fn a_token_or_owner_for_one_indicator_is_refused_another() {
    use server::auth::{require_indicator_write, require_unit_access, require_unit_read};
    let token = Principal::Token(TokenClient {
        id: "0123456789abcdef".into(),
        name: "BPKAD".into(),
        indicator_codes: codes(&["OPINI_BPK"]),
    });
    assert_eq!(status(require_indicator_write(&token, "OPINI_BPK")), 200);
    assert_eq!(status(require_indicator_write(&token, "SAKIP")), 403);
    let owner = user(Role::Owner, Scope::Indicators(codes(&["SAKIP", "ZONA_INTEGRITAS"])));
    assert_eq!(status(require_indicator_write(&owner, "SAKIP")), 200);
    assert_eq!(status(require_indicator_write(&owner, "OPINI_BPK")), 403);
    assert_eq!(status(require_indicator_write(&user(Role::Viewer, Scope::Everything), "SAKIP")), 403);
    assert_eq!(status(require_indicator_write(&Principal::Anonymous, "SAKIP")), 401);

    let unit = user(Role::UnitAdmin, Scope::Unit(UnitCode::parse("kabupaten-banyuwangi").expect("valid")));
    assert_eq!(status(require_unit_access(&unit, "kabupaten-banyuwangi")), 200);
    assert_eq!(status(require_unit_access(&unit, "kota-surabaya")), 403);
    assert_eq!(status(require_unit_read(&unit, "kota-surabaya")), 403);
    assert_eq!(status(require_unit_read(&owner, "kota-surabaya")), 200);
    assert_eq!(status(require_unit_read(&token, "kota-surabaya")), 403);
}
