//! Periods (create, open, close, publish) and rubric versions (list, upload an immutable new
//! version). The state machine itself is storage's (`crate::storage::StateChange`).

mod routes;

use axum::Router;
use axum::routing::{get, post};

use crate::openapi;
use crate::startup::AppState;

/// The period routes, relative to `/api/v1` (merged by `crate::http::api_router`).
pub fn router() -> Router<AppState> {
    Router::new()
        .route(openapi::route("create_period"), post(routes::create_period))
        .route(openapi::route("set_period_state"), post(routes::set_state))
        .route(openapi::route("list_rubric_versions"), get(routes::list_rubrics))
        .route(openapi::route("upload_rubric"), post(routes::upload_rubric))
}
