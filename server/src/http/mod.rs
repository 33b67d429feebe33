//! The thin HTTP layer shared by every feature: the API router (built from the operations
//! registry in `crate::openapi`, one `router()` per feature folder), the error answers for unknown
//! paths and methods, the JSON extractors, idempotency keys and evidence uploads. Handlers live
//! with their feature (`crate::entries`, `crate::results`, …).

mod extract;
mod health;
mod idempotency;
mod upload;

pub use extract::{ApiJson, ApiPath, ApiQuery, JsonReply, JsonText};
pub(crate) use extract::{clean_text, parse_request};
pub(crate) use idempotency::{idempotency_key, key_reused, optional_idempotency, replayed};
pub use upload::{MAX_EVIDENCE_BYTES, sniff_file_type};
pub(crate) use upload::{UploadedFile, read_evidence_upload};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;

use crate::error::ApiError;
use crate::openapi;
use crate::startup::AppState;

/// Largest JSON body the API reads; larger requests get a JSON 413.
pub const MAX_JSON_BODY_BYTES: usize = 2 * 1024 * 1024;

pub fn api_router() -> Router<AppState> {
    Router::new()
        .route(openapi::route("health"), get(health::health))
        .route(openapi::route("health_live"), get(health::live))
        .route(openapi::route("health_ready"), get(health::health))
        // Published results, reports and the stateless scorer: see src/results/.
        .merge(crate::results::router())
        // Periods and rubric versions: see src/periods/.
        .merge(crate::periods::router())
        // Assessment data, write side: see src/entries/.
        .merge(crate::entries::router())
        // CSV/XLSX import and export of values: see src/imports/.
        .merge(crate::imports::router())
        .merge(crate::auth::routes::router())
        // Mentoring status and notes on the watch-list: see src/mentoring/.
        .merge(crate::mentoring::router())
        // Simulator scenarios saved by signed-in users: see src/scenarios/.
        .merge(crate::scenarios::router())
        // Work-system policy monitor (issue 8): see src/policy/.
        .merge(crate::policy::router())
        // The unit registry and populations (issue 17): see src/units/.
        .merge(crate::units::router())
        // The citizens' aspiration service (issue 23): see src/aspirations/.
        .merge(crate::aspirations::router())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_JSON_BODY_BYTES))
}

/// Unknown API paths answer in the API's error shape, never with the web app's HTML.
pub async fn not_found() -> ApiError {
    ApiError::NotFound
}

async fn method_not_allowed() -> ApiError {
    ApiError::BadRequest {
        status: axum::http::StatusCode::METHOD_NOT_ALLOWED,
        code: "method_not_allowed",
        message: "Metode HTTP ini tidak didukung untuk alamat tersebut.".to_owned(),
    }
}
