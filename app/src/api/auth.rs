//! `/api/v1/auth/*`: login, logout, the current session, password change, set-up links and the
//! demo accounts (see `server/src/auth/routes.rs`).

use gloo_net::http::Method;
use serde::{Deserialize, Serialize};

use super::send::{Answer, get, send};
use crate::auth::User;
use crate::simulation::encode_query_value;

/// The answer of a login or a used set-up link.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct SessionAnswer {
    pub user: User,
    pub csrf_token: String,
}

/// `GET /auth/me`: `user` is `null` when nobody is signed in.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct MeAnswer {
    pub user: Option<User>,
    #[serde(default)]
    pub csrf_token: Option<String>,
}

/// One demo account (demo mode only).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct DemoAccount {
    pub username: String,
    pub role: String,
    pub label: String,
}

#[derive(Deserialize)]
struct DemoAccounts {
    accounts: Vec<DemoAccount>,
}

/// What a set-up link is for: `first_admin` (choose a username too) or a password for `username`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct SetupInfo {
    pub purpose: String,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub expires_at: Option<String>,
}

#[derive(Serialize)]
struct Credentials<'a> {
    username: &'a str,
    password: &'a str,
}

#[derive(Serialize)]
struct PasswordChange<'a> {
    current_password: &'a str,
    new_password: &'a str,
}

#[derive(Serialize)]
struct SetupRequest<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    username: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_name: Option<&'a str>,
    password: &'a str,
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// `POST /auth/login`.
///
/// # Errors
/// The browser's message when no answer came; the caller reads a non-2xx [`Answer`].
pub async fn login(username: &str, password: &str) -> Result<Answer, String> {
    send(Method::POST, "/api/v1/auth/login", Some(&json(&Credentials { username, password })), None).await
}

/// `POST /auth/logout`.
///
/// # Errors
/// The browser's message when no answer came.
pub async fn logout() -> Result<Answer, String> {
    send(Method::POST, "/api/v1/auth/logout", None, None).await
}

/// `GET /auth/me`.
///
/// # Errors
/// The browser's message when no answer came, or the status as text for a non-2xx answer.
pub async fn me() -> Result<MeAnswer, String> {
    let answer = get("/api/v1/auth/me").await?;
    if !answer.ok() {
        return Err(format!("HTTP {}", answer.status));
    }
    serde_json::from_str(&answer.text).map_err(|error| error.to_string())
}

/// `POST /auth/password`.
///
/// # Errors
/// The browser's message when no answer came.
pub async fn change_password(current_password: &str, new_password: &str) -> Result<Answer, String> {
    let body = json(&PasswordChange { current_password, new_password });
    send(Method::POST, "/api/v1/auth/password", Some(&body), None).await
}

/// `GET /auth/demo-accounts`: empty when the server is not in demo mode.
pub async fn demo_accounts() -> Vec<DemoAccount> {
    match get("/api/v1/auth/demo-accounts").await {
        Ok(answer) if answer.ok() => {
            serde_json::from_str::<DemoAccounts>(&answer.text).map(|list| list.accounts).unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

fn setup_url(token: &str) -> String {
    format!("/api/v1/auth/setup/{}", encode_query_value(token))
}

/// `GET /auth/setup/{token}`.
///
/// # Errors
/// The browser's message when no answer came.
pub async fn setup_info(token: &str) -> Result<Answer, String> {
    get(&setup_url(token)).await
}

/// `POST /auth/setup/{token}`.
///
/// # Errors
/// The browser's message when no answer came.
pub async fn use_setup_link(
    token: &str,
    username: Option<&str>,
    display_name: Option<&str>,
    password: &str,
) -> Result<Answer, String> {
    let body = json(&SetupRequest { username, display_name, password });
    send(Method::POST, &setup_url(token), Some(&body), None).await
}
