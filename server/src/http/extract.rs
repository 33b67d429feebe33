//! A JSON extractor whose rejections use the API's error shape (axum's own answer plain text).

use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, Problem};

/// What a client is told when its body is not declared as JSON (both extractors below).
const SEND_AS_JSON: &str = "Kirim data sebagai JSON dengan header Content-Type: application/json.";

/// A JSON request body read as a contract type (`contract::json::from_request_str`): the one
/// definition the app writes it with. Bad syntax is 400 `malformed_json`; a wrong shape, a body
/// that is not an object or a member the type does not declare is 422 `invalid_json_shape`,
/// naming the member.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: contract::json::FromJson,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let JsonText(text) = JsonText::from_request(request, state).await?;
        parse_request(&text).map(Self)
    }
}

/// Reads a request body already taken as text (handlers that check who is asking before they
/// read the body), as [`ApiJson`] does.
pub(crate) fn parse_request<T: contract::json::FromJson>(text: &str) -> Result<T, ApiError> {
    contract::json::from_request_str(text).map_err(|error| match error {
        contract::json::ReadError::Syntax { .. } => ApiError::BadRequest {
            status: StatusCode::BAD_REQUEST,
            code: "malformed_json",
            message: format!("Data bukan JSON yang valid: {}", error.message()),
        },
        contract::json::ReadError::Shape(_) => ApiError::BadRequest {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid_json_shape",
            message: format!("Struktur data tidak sesuai: {}", error.message()),
        },
    })
}

/// The innermost error message (serde's, with line and column), without axum's prefix.
fn source_text(error: &dyn std::error::Error) -> String {
    let mut innermost: &dyn std::error::Error = error;
    while let Some(source) = innermost.source() {
        innermost = source;
    }
    innermost.to_string()
}

/// The raw text of a JSON body, for handlers whose parser needs the exact number text (the
/// engine reads decimals from their text, never through binary floating point).
pub struct JsonText(pub String);

impl<S> FromRequest<S> for JsonText
where
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
            });
        if !is_json {
            return Err(ApiError::BadRequest {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                code: "unsupported_media_type",
                message: SEND_AS_JSON.to_owned(),
            });
        }
        let bytes = axum::body::Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::BadRequest {
                    status: StatusCode::PAYLOAD_TOO_LARGE,
                    code: "payload_too_large",
                    message: "Data terlalu besar untuk dikirim sekaligus.".to_owned(),
                }
            } else {
                ApiError::BadRequest {
                    status: StatusCode::BAD_REQUEST,
                    code: "unreadable_body",
                    message: "Isi permintaan tidak dapat dibaca.".to_owned(),
                }
            }
        })?;
        String::from_utf8(bytes.to_vec()).map(Self).map_err(|_| ApiError::BadRequest {
            status: StatusCode::BAD_REQUEST,
            code: "malformed_json",
            message: "Data bukan teks UTF-8 yang valid.".to_owned(),
        })
    }
}

/// A path extractor whose rejections use the API's error shape: a path segment that cannot be
/// decoded names nothing that exists, so it is a 404.
pub struct ApiPath<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for ApiPath<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        // A NUL byte names nothing, and PostgreSQL refuses it in TEXT (which would be a 500).
        if parts.uri.path().to_ascii_lowercase().contains("%00") {
            return Err(ApiError::NotFound);
        }
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(rejection) => {
                tracing::debug!(%rejection, "undecodable path");
                Err(ApiError::NotFound)
            }
        }
    }
}

/// A query-string extractor whose rejections use the API's error shape (422).
pub struct ApiQuery<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for ApiQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(rejection) => Err(ApiError::Invalid(vec![crate::error::Problem::new(
                "invalid_query",
                format!("Parameter alamat tidak valid: {}", source_text(&rejection)),
                None,
            )])),
        }
    }
}

/// A JSON response from text already serialised.
pub struct JsonReply(pub String);

impl IntoResponse for JsonReply {
    fn into_response(self) -> Response {
        ([(header::CONTENT_TYPE, "application/json")], self.0).into_response()
    }
}

/// Plain text as stored: CRLF to LF, control characters (but line breaks and tabs) removed,
/// trimmed, at most `max_chars`. `None` stays `None`; `""` stays `""` (it clears a note).
pub(crate) fn clean_text(text: Option<String>, max_chars: usize, field: &str) -> Result<Option<String>, ApiError> {
    let Some(text) = text else { return Ok(None) };
    let cleaned: String = text
        .replace("\r\n", "\n")
        .chars()
        .filter(|character| !character.is_control() || *character == '\n' || *character == '\t')
        .collect();
    let cleaned = cleaned.trim().to_owned();
    if cleaned.chars().count() > max_chars {
        return Err(ApiError::Invalid(vec![Problem::new(
            "text_too_long",
            format!("Teks terlalu panjang: paling banyak {max_chars} karakter."),
            Some(field.to_owned()),
        )]));
    }
    Ok(Some(cleaned))
}

#[cfg(test)]
mod text_tests {
    use super::clean_text;

    #[test]
    fn notes_are_plain_text_without_control_characters() {
        let cleaned = clean_text(Some(" a\r\nb\u{0}\u{7}<b>c</b>\t ".to_owned()), 100, "note").expect("short");
        assert_eq!(cleaned.as_deref(), Some("a\nb<b>c</b>"));
        assert!(clean_text(Some("x".repeat(101)), 100, "note").is_err());
    }
}
