//! Idempotency keys: a write sent twice (a retry after a lost answer, the offline queue sent
//! again) is applied once; the second request gets the recorded answer again.

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::JsonReply;
use crate::error::{ApiError, Problem};
use crate::storage::IdempotentRequest;

/// The response recorded with an idempotency key, answered again (`Idempotency-Replayed: true`).
pub(crate) fn replayed(status: i64, body: String) -> Response {
    let status = u16::try_from(status).ok().and_then(|code| StatusCode::from_u16(code).ok()).unwrap_or(StatusCode::OK);
    let mut response = (status, JsonReply(body)).into_response();
    response.headers_mut().insert("idempotency-replayed", HeaderValue::from_static("true"));
    response
}

/// The `Idempotency-Key` of a workflow step or an upload, when the client sent one (the app
/// always does; other clients may leave it out), with the hash of what the request asked.
pub(crate) fn optional_idempotency(
    headers: &HeaderMap,
    canonical: &Value,
) -> Result<Option<IdempotentRequest>, ApiError> {
    if !headers.contains_key("idempotency-key") {
        return Ok(None);
    }
    let key = idempotency_key(headers)?;
    Ok(Some(IdempotentRequest { key, request_sha256: crate::results::scoring::content_sha256(&canonical.to_string()) }))
}

pub(crate) fn key_reused() -> ApiError {
    ApiError::Invalid(vec![Problem::new(
        "idempotency_key_reused",
        "Idempotency-Key ini sudah dipakai untuk perubahan lain; buat kunci baru untuk setiap perubahan.",
        Some("Idempotency-Key".to_owned()),
    )])
}

pub(crate) fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let key = headers.get("idempotency-key").and_then(|value| value.to_str().ok()).map(str::trim).unwrap_or("");
    if key.is_empty() || key.len() > 200 || !key.bytes().all(|byte| byte.is_ascii_graphic()) {
        return Err(ApiError::Invalid(vec![Problem::new(
            "idempotency_key_required",
            "Sertakan header Idempotency-Key (mis. UUID acak) agar perubahan tidak tercatat dua kali.",
            Some("Idempotency-Key".to_owned()),
        )]));
    }
    Ok(key.to_owned())
}
