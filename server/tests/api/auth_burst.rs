//! Bursts of parallel wrong logins: throttled before the password check, bounded by the password
//! gate (503 with `Retry-After` at once when it is full), and the server keeps answering.

use reqwest::Method;
use serde_json::json;

use crate::auth_helpers::{AuthTestApp, DEMO_PASSWORD, error_of, spawn_auth_app, spawn_demo_app};

fn wrong_login(app: &AuthTestApp, username: &str, address: Option<String>) -> reqwest::RequestBuilder {
    let request = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": username, "password": "salah-sekali-123"}));
    match address {
        Some(address) => request.header("x-forwarded-for", address),
        None => request,
    }
}

async fn health(app: &AuthTestApp) -> u16 {
    app.send(None, Method::GET, "/api/v1/health", None).await.status().as_u16()
}

#[tokio::test]
async fn a_parallel_burst_on_one_user_reaches_the_password_check_only_five_times() {
    let app = spawn_demo_app().await;
    let burst = (0..60).map(|_| wrong_login(&app, "viewer.demo", None));
    let (answers, health_during) = tokio::join!(all_at_once(burst), health(&app));
    assert_eq!(health_during, 200);
    let statuses: Vec<u16> = answers.iter().map(|response| response.status().as_u16()).collect();
    let wrong = statuses.iter().filter(|&&status| status == 401).count();
    let throttled = statuses.iter().filter(|&&status| status == 429).count();
    assert_eq!((wrong, throttled), (5, 55), "{statuses:?}");
    // The lock holds for the right password too, and the server still answers.
    assert_eq!(app.login("viewer.demo", DEMO_PASSWORD).await.status(), 429);
    assert_eq!(health(&app).await, 200);
}

#[tokio::test]
async fn a_burst_past_the_password_gate_is_answered_503_at_once() {
    // One worker, one waiting place, real argon2 cost; addresses from a trusted proxy so that no
    // throttle key reaches its limit: only the gate stands in the burst's way.
    let app = spawn_auth_app(false, |auth| {
        auth.password_hashing = server::configuration::PasswordHashing::Standard;
        auth.password_workers = 1;
        auth.password_queue = 1;
        auth.trusted_proxies = server::configuration::TrustedProxies::Networks(vec![
            server::configuration::Network::parse("127.0.0.1").expect("an address"),
        ]);
    })
    .await;
    let burst = (0..40).map(|index| wrong_login(&app, &format!("tamu{index}"), Some(format!("10.1.0.{index}"))));
    let (answers, health_during) = tokio::join!(all_at_once(burst), health(&app));
    assert_eq!(health_during, 200);
    let mut busy = 0;
    for response in answers {
        match response.status().as_u16() {
            401 => {}
            503 => {
                busy += 1;
                let retry_after = response.headers()[reqwest::header::RETRY_AFTER].to_str().expect("ascii").to_owned();
                assert_eq!(retry_after, "2");
                let (code, message) = error_of(response).await;
                assert_eq!(code, "server_busy");
                assert!(message.contains("sibuk"), "{message}");
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert!(busy > 0, "a burst of 40 over two places is refused in part");
    // After the burst the gate is free again.
    let again = wrong_login(&app, "tamu0", Some("10.1.0.0".to_owned())).send().await.expect("sent");
    assert_eq!(again.status(), 401, "after the burst, a login is checked as usual");
}

/// Sends every request at once (each on its own task) and waits for all the answers.
async fn all_at_once(requests: impl Iterator<Item = reqwest::RequestBuilder>) -> Vec<reqwest::Response> {
    let tasks: Vec<_> = requests.map(|request| tokio::spawn(request.send())).collect();
    let mut answers = Vec::with_capacity(tasks.len());
    for task in tasks {
        answers.push(task.await.expect("the task ran").expect("request is sent"));
    }
    answers
}
