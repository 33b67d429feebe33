//! The API's one error shape:
//! `{"error":{"code":"…","message":"…","field":"…"|null,"problems":[{"code","message","field"}]}}`.
//! User mistakes are 4xx with an Indonesian message and a stable code; anything unexpected is a
//! 500 whose cause is logged and never shown.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// One thing wrong with a request, with where it was (a JSON path such as `values.IPASN`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub code: String,
    pub message: String,
    pub field: Option<String>,
}

impl Problem {
    pub fn new(code: impl Into<String>, message: impl Into<String>, field: Option<String>) -> Self {
        Self { code: code.into(), message: message.into(), field }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request was understood but its content is wrong; every problem is listed.
    #[error("invalid request: {} problem(s)", .0.len())]
    Invalid(Vec<Problem>),
    /// The request could not be read at all (not JSON, wrong content type, too large).
    #[error("{message}")]
    BadRequest { status: StatusCode, code: &'static str, message: String },
    #[error("not found")]
    NotFound,
    /// A resource the caller asked for does not exist, or is not visible to them (a period that
    /// is not published answers exactly like one that does not exist).
    #[error("{code}: {message}")]
    Missing { code: &'static str, message: String },
    /// The server is at capacity for this kind of work (e.g. password checks); the client may try
    /// again after `retry_after_secs`. Answered at once, never queued.
    #[error("busy, retry after {retry_after_secs} s")]
    Busy { retry_after_secs: u64 },
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Marks a response as a refusal for lack of capacity (counted by `crate::observe`).
#[derive(Clone, Copy, Debug)]
pub struct BusyRefusal;

pub fn error_response(
    status: StatusCode,
    code: &str,
    message: &str,
    field: Option<&str>,
    problems: &[Problem],
) -> Response {
    let problems = problems
        .iter()
        .map(|problem| contract::error::ProblemDetail {
            code: problem.code.clone(),
            message: problem.message.clone(),
            field: problem.field.clone(),
        })
        .collect();
    let error = contract::error::ErrorDetail {
        code: code.to_owned(),
        message: message.to_owned(),
        field: field.map(str::to_owned),
        problems,
        request_id: crate::observe::current_request_id(),
    };
    (status, Json(contract::error::ErrorBody { error })).into_response()
}

/// The generic 500: the cause is logged by the caller and never shown.
pub fn internal_error_response() -> Response {
    error_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal_error",
        "Terjadi kesalahan pada server. Silakan coba lagi.",
        None,
        &[],
    )
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            Self::Invalid(problems) => {
                let (code, message, field) = match problems.as_slice() {
                    [only] => (only.code.as_str(), only.message.clone(), only.field.as_deref()),
                    _ => ("invalid_request", format!("Permintaan tidak valid: ada {} masalah.", problems.len()), None),
                };
                error_response(StatusCode::UNPROCESSABLE_ENTITY, code, &message, field, &problems)
            }
            Self::BadRequest { status, code, message } => error_response(status, code, &message, None, &[]),
            Self::NotFound => {
                error_response(StatusCode::NOT_FOUND, "not_found", "Alamat API tidak ditemukan.", None, &[])
            }
            Self::Missing { code, message } => error_response(StatusCode::NOT_FOUND, code, &message, None, &[]),
            Self::Busy { retry_after_secs } => {
                let mut response = error_response(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "server_busy",
                    "Server sedang sibuk melayani permintaan masuk. Coba lagi dalam beberapa detik.",
                    None,
                    &[],
                );
                response.headers_mut().insert(axum::http::header::RETRY_AFTER, retry_after_secs.max(1).into());
                response.extensions_mut().insert(BusyRefusal);
                response
            }
            Self::Unexpected(error) if crate::storage::is_database_busy(&error) => {
                tracing::warn!(error = ?error, "database busy");
                let mut response = error_response(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "database_busy",
                    "Basis data sedang sibuk; permintaan ini tidak diproses dan tidak ada yang berubah. Coba lagi dalam beberapa detik.",
                    None,
                    &[],
                );
                response.headers_mut().insert(axum::http::header::RETRY_AFTER, 5.into());
                response
            }
            Self::Unexpected(error) => {
                tracing::error!(error = ?error, "unexpected error");
                internal_error_response()
            }
        }
    }
}
