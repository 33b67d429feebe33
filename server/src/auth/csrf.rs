//! Cross-site request forgery defences for cookie sessions.
//!
//! 1. **Synchronizer token.** Each session has a CSRF token derived from its secret session token
//!    (`base64url(SHA-256("sibekisar-csrf:" + session token))`): nothing more to store, the
//!    token dies with the session, and knowing it reveals nothing about the session token. The
//!    login response and `GET /auth/me` return it; every state-changing request authenticated by
//!    the cookie must send it back in `X-CSRF-Token`.
//! 2. **Origin check.** A state-changing request that is not authenticated by an API token must
//!    not come from another site: `Origin` (when present) must be this server's origin and
//!    `Sec-Fetch-Site` (when present) must be `same-origin` or `none`. This also guards login and
//!    set-up links against login CSRF, where there is no session yet.
//! 3. The cookie itself is `SameSite=Lax`, so browsers do not send it on cross-site POSTs.
//!
//! Requests with `Authorization: Bearer` are exempt: browsers never add that header on their own.

use axum::http::{HeaderMap, Method, StatusCode, header};

use super::tokens::{constant_time_eq, sha256_base64url};
use crate::error::ApiError;

pub const CSRF_HEADER: &str = "x-csrf-token";

/// The CSRF token of a session.
pub fn csrf_token_for(session_token: &str) -> String {
    sha256_base64url(&format!("sibekisar-csrf:{session_token}"))
}

/// 403 `csrf_failed`.
pub fn csrf_failed() -> ApiError {
    ApiError::BadRequest {
        status: StatusCode::FORBIDDEN,
        code: "csrf_failed",
        message: "Sesi formulir tidak valid. Muat ulang halaman lalu coba lagi.".to_owned(),
    }
}

/// Methods that change state.
pub fn is_state_changing(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE)
}

/// Checks `X-CSRF-Token` against the session's token.
///
/// # Errors
/// `csrf_failed` when the header is missing or wrong.
pub fn check_token(headers: &HeaderMap, session_token: &str) -> Result<(), ApiError> {
    let expected = csrf_token_for(session_token);
    let sent = headers.get(CSRF_HEADER).and_then(|value| value.to_str().ok()).unwrap_or("");
    if constant_time_eq(sent.as_bytes(), expected.as_bytes()) { Ok(()) } else { Err(csrf_failed()) }
}

/// Checks that a state-changing request comes from this site.
///
/// `public_url` is the configured public origin (also accepted); otherwise the origin must name
/// the `Host` the request was sent to.
///
/// # Errors
/// `csrf_failed` for another origin, an opaque (`null`) origin, or `Sec-Fetch-Site: cross-site`
/// or `same-site`.
pub fn check_origin(headers: &HeaderMap, public_url: Option<&str>) -> Result<(), ApiError> {
    if let Some(site) = headers.get("sec-fetch-site") {
        let site = site.to_str().unwrap_or("");
        if !(site.eq_ignore_ascii_case("same-origin") || site.eq_ignore_ascii_case("none")) {
            return Err(csrf_failed());
        }
    }
    let Some(origin) = headers.get(header::ORIGIN) else { return Ok(()) };
    let origin = origin.to_str().unwrap_or("null").trim_end_matches('/');
    if public_url.is_some_and(|public| origin.eq_ignore_ascii_case(public.trim_end_matches('/'))) {
        return Ok(());
    }
    let host = headers.get(header::HOST).and_then(|value| value.to_str().ok()).unwrap_or("");
    let authority = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
    match authority {
        Some(authority) if !host.is_empty() && authority.eq_ignore_ascii_case(host) => Ok(()),
        _ => Err(csrf_failed()),
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn origin_must_be_this_host_or_the_public_url() {
        let ok = |pairs: &[(&'static str, &'static str)], public: Option<&str>| {
            check_origin(&headers(pairs), public).is_ok()
        };
        assert!(ok(&[("host", "127.0.0.1:3000")], None));
        assert!(ok(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")], None));
        assert!(!ok(&[("host", "127.0.0.1:3000"), ("origin", "http://evil.example")], None));
        assert!(!ok(&[("host", "127.0.0.1:3000"), ("origin", "null")], None));
        assert!(!ok(&[("host", "127.0.0.1:3000"), ("sec-fetch-site", "cross-site")], None));
        assert!(ok(&[("host", "127.0.0.1:3000"), ("sec-fetch-site", "same-origin")], None));
        assert!(ok(
            &[("host", "internal:3000"), ("origin", "https://sibekisar.jatimprov.go.id")],
            Some("https://sibekisar.jatimprov.go.id")
        ));
    }

    #[test]
    fn the_csrf_header_must_match_the_session() {
        let token = csrf_token_for("session-a");
        assert_ne!(token, csrf_token_for("session-b"));
        let mut sent = HeaderMap::new();
        sent.insert(CSRF_HEADER, HeaderValue::from_str(&token).expect("ascii"));
        assert!(check_token(&sent, "session-a").is_ok());
        assert!(check_token(&sent, "session-b").is_err());
        assert!(check_token(&HeaderMap::new(), "session-a").is_err());
    }
}
