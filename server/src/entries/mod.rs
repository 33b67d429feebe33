//! Assessment data, write side: an entry per unit × indicator × period, written by its owner
//! (`PUT`, batches from the offline queue), verified, disputed and resolved, with evidence files,
//! versions, idempotency keys and audit. `routes` holds the HTTP contract; `storage` the
//! transactions (one lock per period, official results re-scored inside it).

mod routes;
pub(crate) mod storage;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};

pub use routes::{EntriesPage, EntryOut, EvidenceView, MAX_BATCH_BODY_BYTES, MAX_BATCH_CHANGES, MAX_NOTE_CHARS};
pub(crate) use routes::{MAX_REASON_CHARS, evidence_view, period_locked, period_not_found};

use crate::http::MAX_EVIDENCE_BYTES;
use crate::openapi;
use crate::startup::AppState;

/// The entries routes, relative to `/api/v1` (merged by `crate::http::api_router`).
pub fn router() -> Router<AppState> {
    Router::new()
        .route(openapi::route("period_entries"), get(routes::list_entries))
        .route(openapi::route("entries_batch"), post(routes::batch).layer(DefaultBodyLimit::max(MAX_BATCH_BODY_BYTES)))
        .route(openapi::route("put_entry"), put(routes::put_entry))
        .route(openapi::route("entry_history"), get(routes::history))
        .route(openapi::route("verify_entry"), post(routes::verify))
        .route(openapi::route("dispute_entry"), post(routes::dispute))
        .route(openapi::route("resolve_entry"), post(routes::resolve))
        .route(
            openapi::route("upload_evidence"),
            post(routes::upload_evidence).layer(DefaultBodyLimit::max(MAX_EVIDENCE_BYTES + 64 * 1024)),
        )
        .route(openapi::route("download_evidence"), get(routes::download_evidence))
}
