//! Mentoring (pendampingan) of units on the watch-list: Biro Organisasi's status and dated notes
//! per unit and period, append-only. `routes.rs` holds the handlers (and the contract in its
//! module documentation), `storage.rs` the `mentoring_events` queries.

mod routes;
mod storage;

pub use routes::{MAX_NOTE_CHARS, STATUSES};
pub use storage::{MentoringChange, MentoringEventRow, MentoringOutcome};

use axum::Router;
use axum::routing::{get, post};

use crate::openapi;
use crate::startup::AppState;

/// The mentoring routes below `/api/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(openapi::route("mentoring_list"), get(routes::list))
        .route(openapi::route("mentoring_record"), post(routes::record))
}
