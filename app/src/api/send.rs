//! The one way the app changes anything on the server: [`send`] adds the session's CSRF token
//! (`X-CSRF-Token`) to every state-changing request, and the idempotency key when there is one.
//!
//! The token comes from the login answer or `GET /auth/me` and is held here, in memory only
//! (the auth context sets it with [`set_csrf_token`]); it is never written to storage.

use std::cell::RefCell;

use gloo_net::http::{Method, RequestBuilder};

use super::json;

thread_local! {
    static CSRF_TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Remembers (or forgets) the current session's CSRF token.
pub fn set_csrf_token(token: Option<String>) {
    CSRF_TOKEN.with(|slot| *slot.borrow_mut() = token);
}

/// Whether a CSRF token is known (a session was confirmed since the page loaded).
pub fn has_csrf_token() -> bool {
    CSRF_TOKEN.with(|slot| slot.borrow().is_some())
}

/// The server's answer to a sent request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub text: String,
    /// `Retry-After` in seconds (429 answers).
    pub retry_after_seconds: Option<u32>,
}

impl Answer {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The error the body describes (the API's one error shape), or a generic one.
    pub fn error(&self) -> ServerError {
        json::from_str::<contract::error::ErrorBody>(&self.text).map(|body| body.error).unwrap_or(ServerError {
            code: format!("http_{}", self.status),
            message: String::new(),
            field: None,
            problems: Vec::new(),
            request_id: None,
        })
    }
}

/// The API's one error shape (`{"error":{"code","message","field","problems"}}`).
pub use contract::error::ErrorDetail as ServerError;

/// Sends a request with a JSON body (or none) and reads the whole answer.
///
/// # Errors
/// The browser's message when no answer came (offline, server down).
pub async fn send(
    method: Method,
    url: &str,
    body: Option<&str>,
    idempotency_key: Option<&str>,
) -> Result<Answer, String> {
    let builder = prepare(method, url, idempotency_key);
    let request = match body {
        Some(body) => builder.header("Content-Type", "application/json").body(body.to_string()),
        None => builder.build(),
    }
    .map_err(|error| error.to_string())?;
    answer(request).await
}

/// `POST`s a browser object as the body (a `File` for an import, `FormData` for an upload) with
/// the same headers as [`send`]; `content_type` `None` lets the browser set it (multipart).
///
/// # Errors
/// As [`send`].
pub async fn send_object(
    url: &str,
    body: &wasm_bindgen::JsValue,
    content_type: Option<&str>,
    idempotency_key: Option<&str>,
) -> Result<Answer, String> {
    let mut builder = prepare(Method::POST, url, idempotency_key);
    if let Some(content_type) = content_type {
        builder = builder.header("Content-Type", content_type);
    }
    answer(builder.body(body.clone()).map_err(|error| error.to_string())?).await
}

fn prepare(method: Method, url: &str, idempotency_key: Option<&str>) -> RequestBuilder {
    let mut builder = RequestBuilder::new(url).method(method.clone()).header("Accept", "application/json");
    let token = if method == Method::GET { None } else { CSRF_TOKEN.with(|slot| slot.borrow().clone()) };
    if let Some(token) = token {
        builder = builder.header("X-CSRF-Token", &token);
    }
    if let Some(key) = idempotency_key {
        builder = builder.header("Idempotency-Key", key);
    }
    builder
}

async fn answer(request: gloo_net::http::Request) -> Result<Answer, String> {
    let response = request.send().await.map_err(|error| error.to_string())?;
    let retry_after_seconds = response.headers().get("retry-after").and_then(|value| value.trim().parse().ok());
    let status = response.status();
    let text = response.text().await.map_err(|error| error.to_string())?;
    Ok(Answer { status, text, retry_after_seconds })
}

/// `GET` through the same path (no CSRF header), for answers that must not come from a cache.
///
/// # Errors
/// As [`send`].
pub async fn get(url: &str) -> Result<Answer, String> {
    send(Method::GET, url, None, None).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_error_shape_is_read_and_anything_else_is_generic() {
        let answer = Answer {
            status: 401,
            text: r#"{"error":{"code":"invalid_credentials","message":"Nama pengguna atau kata sandi salah."}}"#.into(),
            retry_after_seconds: None,
        };
        assert_eq!(answer.error().code, "invalid_credentials");
        assert_eq!(answer.error().message, "Nama pengguna atau kata sandi salah.");
        let html = Answer { status: 502, text: "<html>".into(), retry_after_seconds: None };
        assert_eq!(html.error().code, "http_502");
        assert!(!html.ok());
    }
}
