//! `/api/v1/auth/*`: login, logout, the current session, password change, set-up links and the
//! demo accounts (see `server/src/auth/routes.rs`).

use gloo_net::http::Method;

use contract::auth::{Login, Password, PasswordChange, SetupUse};

use super::json::{self, ToJson};
use super::send::{Answer, get, send};
use crate::simulation::encode_query_value;

/// One demo account (demo mode only).
pub use contract::DemoAccount;
/// `GET /auth/me`: `user` is `null` when nobody is signed in.
pub use contract::Me as MeAnswer;
/// The answer of a login or a used set-up link.
pub use contract::Session as SessionAnswer;
/// What a set-up link is for: `first_admin` (choose a username too) or a password for `username`.
pub use contract::SetupLinkInfo as SetupInfo;

fn credentials_body(username: &str, password: &str) -> String {
    Login { username: username.to_owned(), password: Password(password.to_owned()) }.to_json()
}

fn password_change_body(current_password: &str, new_password: &str) -> String {
    PasswordChange {
        current_password: Password(current_password.to_owned()),
        new_password: Password(new_password.to_owned()),
    }
    .to_json()
}

fn setup_body(username: Option<&str>, display_name: Option<&str>, password: &str) -> String {
    SetupUse {
        username: username.map(str::to_owned),
        display_name: display_name.map(str::to_owned),
        password: Password(password.to_owned()),
    }
    .to_json()
}

/// `POST /auth/login`.
///
/// # Errors
/// The browser's message when no answer came; the caller reads a non-2xx [`Answer`].
pub async fn login(username: &str, password: &str) -> Result<Answer, String> {
    send(Method::POST, "/api/v1/auth/login", Some(&credentials_body(username, password)), None).await
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
    json::from_str(&answer.text).map_err(|error| error.message())
}

/// `POST /auth/password`.
///
/// # Errors
/// The browser's message when no answer came.
pub async fn change_password(current_password: &str, new_password: &str) -> Result<Answer, String> {
    let body = password_change_body(current_password, new_password);
    send(Method::POST, "/api/v1/auth/password", Some(&body), None).await
}

/// `GET /auth/demo-accounts`: empty when the server is not in demo mode.
pub async fn demo_accounts() -> Vec<DemoAccount> {
    match get("/api/v1/auth/demo-accounts").await {
        Ok(answer) if answer.ok() => {
            json::from_str::<contract::DemoAccounts>(&answer.text).map(|list| list.accounts).unwrap_or_default()
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
    let body = setup_body(username, display_name, password);
    send(Method::POST, &setup_url(token), Some(&body), None).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_bodies_are_read_by_the_server_as_written() {
        let login: Login = json::from_request_str(&credentials_body("budi", "rahasia \"1\"")).unwrap();
        assert_eq!((login.username.as_str(), login.password.0.as_str()), ("budi", "rahasia \"1\""));
        assert_eq!(format!("{:?}", login.password), "[redacted]");
        let change: PasswordChange = json::from_request_str(&password_change_body("a", "b")).unwrap();
        assert_eq!((change.current_password.0.as_str(), change.new_password.0.as_str()), ("a", "b"));
        let setup: SetupUse = json::from_request_str(&setup_body(None, None, "p")).unwrap();
        assert_eq!((setup.username, setup.password.0.as_str()), (None, "p"));
        let setup: SetupUse = json::from_request_str(&setup_body(Some("admin"), Some("Admin"), "p")).unwrap();
        assert_eq!((setup.username.as_deref(), setup.display_name.as_deref()), (Some("admin"), Some("Admin")));
    }

    #[test]
    fn session_answers_are_read() {
        let me: MeAnswer = json::from_str(r#"{"user":null}"#).unwrap();
        assert_eq!(me, MeAnswer { user: None, csrf_token: None, token: None });
        let session: SessionAnswer = json::from_str(
            r#"{"user":{"username":"a","display_name":"A","role":"admin","role_label":"Administrator","scope":{"unit_code":null,"indicator_codes":[]}},"csrf_token":"t"}"#,
        )
        .unwrap();
        assert_eq!((session.user.username.as_str(), session.csrf_token.as_str()), ("a", "t"));
        let setup: SetupInfo =
            json::from_str(r#"{"purpose":"first_admin","expires_at":"2024-01-01T00:00:00Z"}"#).unwrap();
        assert_eq!((setup.purpose.as_str(), setup.username), ("first_admin", None));
    }
}
