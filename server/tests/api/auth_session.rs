//! Sign-in, sessions, logout, password change, throttling, CSRF and the first start.

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use crate::auth_helpers::{
    DEMO_PASSWORD, error_of, session_cookie, session_of, set_up_first_admin, spawn_demo_app, spawn_empty_app,
};

#[tokio::test]
async fn login_sets_a_hardened_cookie_and_me_tells_who_is_signed_in() {
    let app = spawn_demo_app().await;
    let response = app.login("Admin.Demo ", DEMO_PASSWORD).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[reqwest::header::CACHE_CONTROL], "no-store");
    let set_cookie = response.headers()[reqwest::header::SET_COOKIE].to_str().expect("ascii").to_owned();
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=43200"] {
        assert!(set_cookie.contains(attribute), "{attribute} in {set_cookie}");
    }
    assert!(!set_cookie.contains("Secure"), "plain HTTP in tests: {set_cookie}");
    let token = set_cookie.split(';').next().and_then(|pair| pair.split_once('=')).expect("name=value").1.to_owned();
    assert_eq!(token.len(), 43, "256 random bits in base64url");
    let text = response.text().await.expect("text");
    assert!(!text.contains(&token), "the session token is only in the cookie: {text}");
    let body: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(body["user"]["username"], "admin.demo");
    assert_eq!(body["user"]["role"], "admin");
    let csrf_token = body["csrf_token"].as_str().expect("csrf").to_owned();

    let session =
        crate::auth_helpers::Session { cookie: format!("sibekisar_session={token}"), csrf_token: csrf_token.clone() };
    let me = app.me(&session).await;
    assert_eq!(me["user"]["username"], "admin.demo");
    assert_eq!(me["user"]["display_name"], "Admin Biro Organisasi (demo)");
    assert_eq!(me["csrf_token"], csrf_token.as_str());

    let owner = app.sign_in_demo("pengampu.demo").await;
    let me = app.me(&owner).await;
    assert_eq!(me["user"]["role"], "owner");
    assert_eq!(me["user"]["scope"]["indicator_codes"], json!(["OPINI_BPK", "SAKIP", "ZONA_INTEGRITAS"]));
    let unit = app.sign_in_demo("unit.demo").await;
    assert_eq!(app.me(&unit).await["user"]["scope"]["unit_code"], "kabupaten-banyuwangi");

    let anonymous: Value =
        app.client.get(app.url("/api/v1/auth/me")).send().await.expect("sent").json().await.expect("JSON");
    assert_eq!(anonymous["user"], Value::Null);
    let forged = crate::auth_helpers::Session {
        cookie: format!("sibekisar_session={}", "A".repeat(43)),
        csrf_token: String::new(),
    };
    assert_eq!(app.me(&forged).await["user"], Value::Null);
}

#[tokio::test]
async fn the_cookie_is_secure_when_configured() {
    let app = crate::auth_helpers::spawn_auth_app(true, |auth| auth.secure_cookies = true).await;
    let response = app.login("viewer.demo", DEMO_PASSWORD).await;
    assert_eq!(response.status(), 200);
    let set_cookie = response.headers()[reqwest::header::SET_COOKIE].to_str().expect("ascii").to_owned();
    assert!(set_cookie.ends_with("; Secure"), "{set_cookie}");
}

#[tokio::test]
async fn unknown_users_and_wrong_passwords_get_one_answer_and_five_failures_lock_with_backoff() {
    let app = spawn_demo_app().await;
    let mut answers = Vec::new();
    for username in ["viewer.demo", "tidak.ada"] {
        for attempt in 1..=5 {
            let response = app.login(username, "salah-sekali-123").await;
            assert_eq!(response.status(), 401, "{username} attempt {attempt}");
            answers.push(error_of(response).await);
        }
        // Locked now, even with the right password.
        let response = app.login(username, DEMO_PASSWORD).await;
        assert_eq!(response.status(), 429, "{username}");
        let retry_after: u64 =
            response.headers()[reqwest::header::RETRY_AFTER].to_str().expect("ascii").parse().expect("seconds");
        assert!((1..=30).contains(&retry_after), "{retry_after}");
        answers.push(error_of(response).await);
    }
    let (first_401, first_429) = (answers[0].clone(), answers[5].clone());
    assert_eq!(first_401, ("invalid_credentials".to_owned(), "Nama pengguna atau kata sandi salah.".to_owned()));
    assert_eq!(first_429.0, "too_many_attempts");
    for (index, answer) in answers.iter().enumerate() {
        let expected = if index % 6 == 5 { &first_429 } else { &first_401 };
        assert_eq!(answer, expected, "answer {index} differs between unknown user and wrong password");
    }
    // Another user from the same address is not locked (the address limit is higher).
    assert_eq!(app.login("admin.demo", DEMO_PASSWORD).await.status(), 200);

    // The lock lifts after 30 s; the next failure locks for twice as long.
    app.advance(Duration::from_secs(31));
    assert_eq!(app.login("viewer.demo", "salah-sekali-123").await.status(), 401);
    assert_eq!(app.login("viewer.demo", DEMO_PASSWORD).await.status(), 429);
    app.advance(Duration::from_secs(31));
    assert_eq!(app.login("viewer.demo", DEMO_PASSWORD).await.status(), 429, "locked for 60 s now");
    app.advance(Duration::from_secs(30));
    assert_eq!(app.login("viewer.demo", DEMO_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn a_session_ends_after_thirty_idle_minutes() {
    let app = spawn_demo_app().await;
    let session = app.sign_in_demo("viewer.demo").await;
    app.advance(Duration::from_secs(29 * 60));
    assert_eq!(app.me(&session).await["user"]["username"], "viewer.demo");
    app.advance(Duration::from_secs(29 * 60));
    assert_eq!(app.me(&session).await["user"]["username"], "viewer.demo", "a request restarts the idle time");
    app.advance(Duration::from_secs(31 * 60));
    assert_eq!(app.me(&session).await["user"], Value::Null);
    let response = app.send(Some(&session), Method::GET, "/api/v1/admin/users", None).await;
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn a_session_ends_twelve_hours_after_login_however_busy() {
    let app = spawn_demo_app().await;
    let session = app.sign_in_demo("viewer.demo").await;
    for _ in 0..28 {
        app.advance(Duration::from_secs(25 * 60));
        assert_eq!(app.me(&session).await["user"]["username"], "viewer.demo");
    }
    // 28 × 25 min = 11 h 40 min; 25 more minutes pass the 12 hours.
    app.advance(Duration::from_secs(25 * 60));
    assert_eq!(app.me(&session).await["user"], Value::Null);
}

#[tokio::test]
async fn logout_ends_the_session_and_clears_the_cookie() {
    let app = spawn_demo_app().await;
    let session = app.sign_in_demo("unit.demo").await;
    let response = app.send(Some(&session), Method::POST, "/api/v1/auth/logout", None).await;
    assert_eq!(response.status(), 204);
    let cleared = response.headers()[reqwest::header::SET_COOKIE].to_str().expect("ascii").to_owned();
    assert!(cleared.starts_with("sibekisar_session=;") && cleared.contains("Max-Age=0"), "{cleared}");
    assert_eq!(app.me(&session).await["user"], Value::Null);
    // Logging out again (no session any more) is harmless.
    assert_eq!(app.send(Some(&session), Method::POST, "/api/v1/auth/logout", None).await.status(), 204);
}

#[tokio::test]
async fn state_changing_requests_need_the_csrf_token_and_this_origin() {
    let app = spawn_demo_app().await;
    let session = app.sign_in_demo("viewer.demo").await;
    let logout = || app.client.post(app.url("/api/v1/auth/logout")).header(reqwest::header::COOKIE, &session.cookie);

    let response = logout().send().await.expect("sent");
    assert_eq!(response.status(), 403);
    let (code, message) = error_of(response).await;
    assert_eq!(code, "csrf_failed");
    assert_eq!(message, "Sesi formulir tidak valid. Muat ulang halaman lalu coba lagi.");
    let response = logout().header("x-csrf-token", "salah").send().await.expect("sent");
    assert_eq!(error_of(response).await.0, "csrf_failed");
    let other = app.sign_in_demo("admin.demo").await;
    let response = logout().header("x-csrf-token", &other.csrf_token).send().await.expect("sent");
    assert_eq!(error_of(response).await.0, "csrf_failed", "another session's token does not fit");
    let response = logout()
        .header("x-csrf-token", &session.csrf_token)
        .header("origin", "https://penipu.example")
        .send()
        .await
        .expect("sent");
    assert_eq!(error_of(response).await.0, "csrf_failed", "cross-origin even with the token");
    let response = logout()
        .header("x-csrf-token", &session.csrf_token)
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .expect("sent");
    assert_eq!(error_of(response).await.0, "csrf_failed");
    assert_eq!(app.me(&session).await["user"]["username"], "viewer.demo", "nothing was done");

    let response = logout()
        .header("x-csrf-token", &session.csrf_token)
        .header("origin", app.address.as_str())
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 204);

    // Login CSRF: a login posted from another site is refused; from this site it works.
    let login = |origin: &str| {
        app.client
            .post(app.url("/api/v1/auth/login"))
            .header("origin", origin)
            .json(&json!({"username": "viewer.demo", "password": DEMO_PASSWORD}))
            .send()
    };
    assert_eq!(error_of(login("https://penipu.example").await.expect("sent")).await.0, "csrf_failed");
    assert_eq!(login(&app.address).await.expect("sent").status(), 200);
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_other_sessions() {
    let app = spawn_demo_app().await;
    let session = app.sign_in_demo("pengampu.demo").await;
    let elsewhere = app.sign_in_demo("pengampu.demo").await;
    let change = |current: &str, new: &str| {
        app.send(
            Some(&session),
            Method::POST,
            "/api/v1/auth/password",
            Some(json!({"current_password": current, "new_password": new})),
        )
    };
    let response = change("bukan-kata-sandinya", "kata-sandi-baru-2024").await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        error_of(response).await,
        ("wrong_current_password".to_owned(), "Kata sandi saat ini salah.".to_owned())
    );
    let response = change(DEMO_PASSWORD, "pendek").await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["error"]["code"], "password_too_short");
    assert_eq!(body["error"]["message"], "Kata sandi minimal 10 karakter.");
    assert_eq!(body["error"]["field"], "new_password");
    let response = change(DEMO_PASSWORD, DEMO_PASSWORD).await;
    assert_eq!(error_of(response).await.0, "password_unchanged");

    assert_eq!(change(DEMO_PASSWORD, "kata-sandi-baru-2024").await.status(), 204);
    assert_eq!(app.me(&session).await["user"]["username"], "pengampu.demo", "this session stays");
    assert_eq!(app.me(&elsewhere).await["user"], Value::Null, "other sessions end");
    assert_eq!(app.login("pengampu.demo", DEMO_PASSWORD).await.status(), 401);
    assert_eq!(app.login("pengampu.demo", "kata-sandi-baru-2024").await.status(), 200);

    let anonymous = app.send(None, Method::POST, "/api/v1/auth/password", Some(json!({}))).await;
    assert_eq!(anonymous.status(), 401);
    assert_eq!(error_of(anonymous).await, ("unauthenticated".to_owned(), "Silakan masuk terlebih dahulu.".to_owned()));
}

#[tokio::test]
async fn the_first_start_prints_a_one_time_link_for_the_first_administrator() {
    let app = spawn_empty_app().await;
    let link = app.first_admin_link.clone().expect("an empty database gets a first-administrator link");
    let prefix = format!("{}/setup/", app.address);
    let token = link.strip_prefix(&prefix).unwrap_or_else(|| panic!("{link} starts with {prefix}")).to_owned();
    let path = format!("/api/v1/auth/setup/{token}");

    let info: Value = app.client.get(app.url(&path)).send().await.expect("sent").json().await.expect("JSON");
    assert_eq!(info["purpose"], "first_admin");

    let response = app.send(None, Method::POST, &path, Some(json!({"username": "Ad", "password": "pendek"}))).await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.expect("JSON");
    let fields: Vec<&str> =
        body["error"]["problems"].as_array().expect("problems").iter().filter_map(|p| p["field"].as_str()).collect();
    assert_eq!(fields, ["username", "password"]);

    let response = app
        .send(
            None,
            Method::POST,
            &path,
            Some(json!({"username": "siti.admin", "display_name": "Siti", "password": "kata-sandi-kuat-1"})),
        )
        .await;
    assert_eq!(response.status(), 200);
    let session = session_of(response).await;
    assert_eq!(app.me(&session).await["user"]["role"], "admin");

    // Single use.
    let again = app
        .send(None, Method::POST, &path, Some(json!({"username": "eko.admin", "password": "kata-sandi-kuat-2"})))
        .await;
    assert_eq!(again.status(), 404);
    assert_eq!(error_of(again).await.0, "setup_link_invalid");
    assert_eq!(app.client.get(app.url(&path)).send().await.expect("sent").status(), 404);
    assert_eq!(app.login("eko.admin", "kata-sandi-kuat-2").await.status(), 401);
    assert_eq!(app.login("siti.admin", "kata-sandi-kuat-1").await.status(), 200);

    // No demo accounts and no demo-account list without demo mode.
    assert_eq!(app.login("admin.demo", DEMO_PASSWORD).await.status(), 401);
    assert_eq!(app.client.get(app.url("/api/v1/auth/demo-accounts")).send().await.expect("sent").status(), 404);
}

#[tokio::test]
async fn an_unused_first_administrator_link_expires_after_72_hours() {
    let app = spawn_empty_app().await;
    app.advance(Duration::from_secs(72 * 3600 + 1));
    assert_eq!(set_up_first_admin(&app).await.status(), 404);
}

#[tokio::test]
async fn demo_mode_lists_its_accounts_and_makes_no_first_administrator_link() {
    let app = spawn_demo_app().await;
    assert!(app.first_admin_link.is_none());
    let body: Value =
        app.client.get(app.url("/api/v1/auth/demo-accounts")).send().await.expect("sent").json().await.expect("JSON");
    let accounts: Vec<(&str, &str)> = body["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .map(|account| (account["username"].as_str().expect("name"), account["role"].as_str().expect("role")))
        .collect();
    assert_eq!(
        accounts,
        [("admin.demo", "admin"), ("pengampu.demo", "owner"), ("unit.demo", "unit_admin"), ("viewer.demo", "viewer")]
    );
    assert!(!body.to_string().contains(DEMO_PASSWORD));
    for (username, _) in accounts {
        let response = app.login(username, DEMO_PASSWORD).await;
        assert_eq!(response.status(), 200, "{username}");
        assert!(session_cookie(&response).is_some());
    }
}

#[tokio::test]
async fn the_public_score_api_needs_no_csrf_token_from_a_signed_in_browser_but_still_this_origin() {
    let app = spawn_demo_app().await;
    let session = app.sign_in_demo("viewer.demo").await;
    let score = || {
        app.client
            .post(app.url("/api/v1/score"))
            .header(reqwest::header::COOKIE, &session.cookie)
            .header("content-type", "application/json")
            .body("{}")
    };
    let response = score().send().await.expect("sent");
    assert_eq!(response.status(), 422, "past the gate: the empty body is what is wrong");
    let response = score().header("origin", "https://penipu.example").send().await.expect("sent");
    assert_eq!(error_of(response).await.0, "csrf_failed");
}

#[tokio::test]
async fn responses_carry_a_permissions_policy_and_auth_answers_are_not_cached() {
    let app = spawn_demo_app().await;
    for path in ["/api/v1/health", "/api/v1/auth/me", "/nowhere"] {
        let response = app.client.get(app.url(path)).send().await.expect("sent");
        let policy = response.headers()["permissions-policy"].to_str().expect("ascii");
        assert!(policy.contains("camera=()"), "{path}: {policy}");
        assert_eq!(response.headers()["cross-origin-opener-policy"], "same-origin", "{path}");
    }
    let response = app.client.get(app.url("/api/v1/auth/me")).send().await.expect("sent");
    assert_eq!(response.headers()[reqwest::header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn an_https_public_url_makes_the_cookie_secure_and_host_only_and_sends_hsts() {
    let app = crate::auth_helpers::spawn_auth_app(false, |auth| {
        auth.public_url = Some("https://sibekisar.example".to_owned());
    })
    .await;
    let link = app.first_admin_link.clone().expect("an empty database gets a first-administrator link");
    assert!(link.starts_with("https://sibekisar.example/setup/"), "{link}");
    let response = set_up_first_admin(&app).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[reqwest::header::STRICT_TRANSPORT_SECURITY], "max-age=31536000");
    let set_cookie = response.headers()[reqwest::header::SET_COOKIE].to_str().expect("ascii").to_owned();
    assert!(set_cookie.starts_with("__Host-sibekisar_session="), "{set_cookie}");
    assert!(set_cookie.contains("; Path=/;") && set_cookie.ends_with("; Secure"), "{set_cookie}");
    assert!(!set_cookie.contains("Domain"), "{set_cookie}");
    let cookie = set_cookie.split(';').next().expect("name=value").to_owned();
    let me = |cookie: String| app.client.get(app.url("/api/v1/auth/me")).header(reqwest::header::COOKIE, cookie).send();
    let signed_in: Value = me(cookie.clone()).await.expect("sent").json().await.expect("JSON");
    assert_eq!(signed_in["user"]["username"], "siti.admin");
    // The same token under the plain name is not a session here.
    let plain = cookie.replace("__Host-", "");
    let anonymous: Value = me(plain).await.expect("sent").json().await.expect("JSON");
    assert_eq!(anonymous["user"], Value::Null);
    // Without an https public URL there is no HSTS.
    let local = spawn_demo_app().await;
    assert!(local.login("viewer.demo", DEMO_PASSWORD).await.headers().get("strict-transport-security").is_none());
}

#[tokio::test]
async fn demo_data_is_refused_on_an_https_public_url() {
    let dir = tempfile::tempdir().expect("a folder");
    let mut auth = server::configuration::AuthSettings::for_tests();
    auth.public_url = Some("https://sibekisar.example".to_owned());
    let settings = server::configuration::Settings {
        address: "127.0.0.1:0".parse().expect("an address"),
        database_url: crate::helpers::fresh_database_url(&dir).await,
        load_demo_data: true,
        site_dir: None,
        auth,
        metrics_address: None,
        migrate_on_start: true,
        limits: server::configuration::Limits::default(),
    };
    let refused = server::startup::Application::build(settings).await.err().expect("refused");
    assert!(refused.to_string().contains("SIBEKISAR_DEMO=0"), "{refused}");
}
