//! Published results: the official scores and ranks of a period's population, a unit's report
//! card and values, the reports built on them (XLSX, indicator averages), and the stateless scorer
//! (`POST /score`). `scoring` is where the server calls the engine for official results.
//!
//! Published answers never change until re-published, so anonymous reads carry a strong `ETag`
//! and `Cache-Control` (`conditional`), and a published ranking, once made, is kept in memory
//! under its tag ([`PublishedAnswers`]).

mod conditional;
mod reports;
mod routes;
mod score;
pub mod scoring;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

pub use conditional::PublishedAnswers;
pub use reports::XLSX_CONTENT_TYPE;
pub(crate) use routes::{MAX_ID_LENGTH, period_view, scored_population, shorten, stored_value, visible_period_for};

use crate::openapi;
use crate::startup::AppState;

/// The results routes, relative to `/api/v1` (merged by `crate::http::api_router`).
pub fn router() -> Router<AppState> {
    Router::new()
        .route(openapi::route("populations"), get(routes::populations))
        .route(openapi::route("periods"), get(routes::periods))
        .route(openapi::route("period_results"), get(routes::results_for))
        .route(openapi::route("unit_result"), get(routes::unit_for))
        .route(openapi::route("population_values"), get(routes::values_for))
        .route(openapi::route("rubric_version"), get(routes::rubric))
        .route(openapi::route("period_results_xlsx"), get(reports::results_xlsx))
        .route(openapi::route("unit_report_xlsx"), get(reports::unit_report_xlsx))
        .route(openapi::route("indicator_averages"), get(reports::indicator_averages))
        .route(openapi::route("score"), post(score::score_one))
        .route(
            openapi::route("score_batch"),
            post(score::score_batch).layer(DefaultBodyLimit::max(score::MAX_BATCH_BODY_BYTES)),
        )
}
