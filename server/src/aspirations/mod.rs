//! The citizens' aspiration service (*layanan aspirasi masyarakat*): a citizen sends a message
//! to a unit without an account and follows it by receipt code; administrators moderate; the
//! unit's admin answers; every step is kept in an append-only history. The responsiveness
//! measures (`measures.rs`, pure) become the value of a rubric indicator an administrator binds,
//! written by the server as the indicator's entry and scored by the same engine.
//!
//! `routes.rs` holds the handlers, `storage.rs` the queries (and the hook the period close calls
//! to freeze the measures), `measures.rs` the calendar and the measures.

mod demo;
pub mod measures;
mod routes;
pub mod storage;

pub use demo::start;
pub use routes::{
    COMPUTED_MESSAGE, MAX_TEXT_CHARS, bindings_of, challenge_valid, computed_refusal, contact_looks_usable,
    is_computed, text_key, without_computed,
};
pub use storage::COMPUTED_BY;

use axum::Router;
use axum::routing::{get, post, put};

use crate::openapi;
use crate::startup::AppState;

/// The aspiration routes below `/api/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(openapi::route("aspiration_units"), get(routes::units))
        .route(openapi::route("aspiration_challenge"), get(routes::challenge))
        .route(openapi::route("aspiration_submit"), post(routes::submit))
        .route(openapi::route("aspiration_follow"), get(routes::follow))
        .route(openapi::route("aspiration_unit_list"), get(routes::unit_list))
        .route(openapi::route("aspiration_moderation_list"), get(routes::moderation_list))
        .route(openapi::route("aspiration_moderate"), post(routes::moderate))
        .route(openapi::route("aspiration_answer"), post(routes::answer))
        .route(openapi::route("aspiration_holidays"), get(routes::holidays).put(routes::replace_holidays))
        .route(openapi::route("aspiration_measures"), get(routes::measures))
        .route(openapi::route("aspiration_bindings"), get(routes::bindings))
        .route(openapi::route("aspiration_binding_put"), put(routes::put_binding).delete(routes::delete_binding))
}
