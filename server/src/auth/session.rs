//! Cookie sessions: `sibekisar_session` holds a random 256-bit token; the database holds only its
//! SHA-256, with an absolute end (`expires_at`, set at login) and an idle end (`last_seen_at` +
//! the configured idle time). Requests extend `last_seen_at` at most once a minute, which saves a
//! write per request and costs at most a minute of idle time.

use anyhow::Result;
use axum::http::{HeaderMap, header};

use super::AuthState;
use super::store::{AuthStore, SessionUserRow};
use super::tokens::{Secret, is_secret_shaped, new_secret, sha256_hex};

pub const SESSION_COOKIE: &str = "sibekisar_session";
/// The cookie's name when it is `Secure`: the `__Host-` prefix makes browsers refuse it unless it
/// is `Secure`, has `Path=/` and no `Domain`, so no other host can set or overwrite it.
pub const SECURE_SESSION_COOKIE: &str = "__Host-sibekisar_session";

/// The session cookie's name under these settings.
pub fn session_cookie_name(auth: &AuthState) -> &'static str {
    if auth.settings().cookies_secure() { SECURE_SESSION_COOKIE } else { SESSION_COOKIE }
}

/// How stale `last_seen_at` may get before a request writes it again.
const TOUCH_EVERY_MILLIS: u64 = 60_000;

/// The `Set-Cookie` value that stores a session in the browser.
pub fn session_cookie(token: &Secret, auth: &AuthState) -> String {
    let max_age = auth.settings().session_absolute.as_secs();
    let secure = if auth.settings().cookies_secure() { "; Secure" } else { "" };
    let name = session_cookie_name(auth);
    format!("{name}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}", token.expose())
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn removal_cookie(auth: &AuthState) -> String {
    let secure = if auth.settings().cookies_secure() { "; Secure" } else { "" };
    format!("{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}", session_cookie_name(auth))
}

/// The session token sent in `Cookie` under this server's cookie name, if it has the right shape.
pub fn session_token_from(headers: &HeaderMap, auth: &AuthState) -> Option<Secret> {
    let name = session_cookie_name(auth);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(found, _)| *found == name)
        .map(|(_, value)| value.trim())
        .filter(|value| is_secret_shaped(value))
        .map(Secret::new)
}

/// Starts a session for a user; returns its token (for the cookie) once.
///
/// # Errors
/// The random source or the database fails.
pub async fn start_session(store: &AuthStore, auth: &AuthState, user_id: &str, ip: Option<&str>) -> Result<Secret> {
    let token = new_secret()?;
    let now = auth.now_millis();
    let expires_at = now.saturating_add(super::clock::millis(auth.settings().session_absolute));
    let now_text = super::clock::timestamp(now);
    store
        .insert_session(&sha256_hex(token.expose()), user_id, &now_text, &super::clock::timestamp(expires_at), ip)
        .await?;
    // Old sessions are swept at each login rather than by a background job.
    let idle_cutoff = super::clock::timestamp(now.saturating_sub(super::clock::millis(auth.settings().session_idle)));
    store.delete_stale_sessions(&now_text, &idle_cutoff).await?;
    Ok(token)
}

/// The live session of a token, extended if due; `None` when unknown, ended, or its user is
/// inactive (an ended session is deleted).
///
/// # Errors
/// The database fails.
pub async fn live_session(
    store: &AuthStore,
    auth: &AuthState,
    token: &Secret,
) -> Result<Option<(String, SessionUserRow)>> {
    let token_sha256 = sha256_hex(token.expose());
    let Some(row) = store.session_user(&token_sha256).await? else { return Ok(None) };
    let now = auth.now_millis();
    let now_text = super::clock::timestamp(now);
    let idle_cutoff = super::clock::timestamp(now.saturating_sub(super::clock::millis(auth.settings().session_idle)));
    if row.expires_at <= now_text || row.last_seen_at <= idle_cutoff || !row.user.active {
        store.delete_session(&token_sha256).await?;
        return Ok(None);
    }
    let touch_cutoff = super::clock::timestamp(now.saturating_sub(TOUCH_EVERY_MILLIS));
    if row.last_seen_at <= touch_cutoff {
        store.touch_session(&token_sha256, &now_text).await?;
    }
    Ok(Some((token_sha256, row)))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn the_session_token_is_found_among_other_cookies_and_odd_values_are_ignored() {
        let plain = AuthState::new(
            crate::configuration::AuthSettings::for_tests(),
            std::sync::Arc::new(super::super::SystemClock),
        )
        .expect("auth state");
        let token = new_secret().expect("random");
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("theme=dark; lang=id"));
        headers.append(
            header::COOKIE,
            HeaderValue::from_str(&format!("a=b; {SESSION_COOKIE}={}", token.expose())).expect("ascii"),
        );
        assert_eq!(session_token_from(&headers, &plain), Some(token.clone()));
        let mut odd = HeaderMap::new();
        odd.insert(header::COOKIE, HeaderValue::from_static("sibekisar_session=../../etc"));
        assert_eq!(session_token_from(&odd, &plain), None);
        // Served over https, only the `__Host-` cookie counts.
        let settings = crate::configuration::AuthSettings {
            public_url: Some("https://sibekisar.example".to_owned()),
            ..crate::configuration::AuthSettings::for_tests()
        };
        let https = AuthState::new(settings, std::sync::Arc::new(super::super::SystemClock)).expect("auth state");
        assert_eq!(session_token_from(&headers, &https), None);
        let mut secure = HeaderMap::new();
        secure.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("{SECURE_SESSION_COOKIE}={}", token.expose())).expect("ascii"),
        );
        assert_eq!(session_token_from(&secure, &https), Some(token));
    }
}
