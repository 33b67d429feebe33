//! The JSON API under `/api/v1`.

mod assessment;
mod conditional;
mod entries;
mod extract;
mod health;
pub mod imports;
mod periods_admin;
mod reports;
mod score;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};

pub use assessment::{
    EntryView, OfficialResult, PeriodView, PopulationValues, PopulationView, RangeView, RankingRow, SpiritView,
    UnitDetail, UnitInPopulation, UnitRef, UnitValues,
};
pub(crate) use assessment::{MAX_ID_LENGTH, shorten, visible_period_for};
pub use extract::{ApiJson, ApiPath, ApiQuery, JsonText};
pub use reports::{IndicatorAverage, IndicatorAverages, SpiritAverage, XLSX_CONTENT_TYPE};
// Evidence uploads, shared with the policy monitor's stage evidence (issue 8).
pub(crate) use entries::{
    EvidenceView, MAX_EVIDENCE_BYTES, UploadedFile, evidence_view, key_reused, optional_idempotency, parse_body,
    read_evidence_upload, replayed,
};

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
        .route(openapi::route("populations"), get(assessment::populations))
        .route(openapi::route("periods"), get(assessment::periods))
        .route(openapi::route("period_results"), get(assessment::results_for))
        .route(openapi::route("unit_result"), get(assessment::unit_for))
        .route(openapi::route("population_values"), get(assessment::values_for))
        .route(openapi::route("rubric_version"), get(assessment::rubric))
        // Reports on published results (issue 7).
        .route(openapi::route("period_results_xlsx"), get(reports::results_xlsx))
        .route(openapi::route("unit_report_xlsx"), get(reports::unit_report_xlsx))
        .route(openapi::route("indicator_averages"), get(reports::indicator_averages))
        // Assessment data, write side (issue 4): see routes/entries.rs for the contract.
        .route(openapi::route("create_period"), post(periods_admin::create_period))
        .route(openapi::route("set_period_state"), post(periods_admin::set_state))
        .route(openapi::route("list_rubric_versions"), get(periods_admin::list_rubrics))
        .route(openapi::route("upload_rubric"), post(periods_admin::upload_rubric))
        .route(openapi::route("period_entries"), get(entries::list_entries))
        .route(
            openapi::route("entries_batch"),
            post(entries::batch).layer(DefaultBodyLimit::max(entries::MAX_BATCH_BODY_BYTES)),
        )
        .route(openapi::route("put_entry"), put(entries::put_entry))
        .route(openapi::route("entry_history"), get(entries::history))
        .route(openapi::route("verify_entry"), post(entries::verify))
        .route(openapi::route("dispute_entry"), post(entries::dispute))
        .route(openapi::route("resolve_entry"), post(entries::resolve))
        .route(
            openapi::route("upload_evidence"),
            post(entries::upload_evidence).layer(DefaultBodyLimit::max(entries::MAX_EVIDENCE_BYTES + 64 * 1024)),
        )
        .route(openapi::route("download_evidence"), get(entries::download_evidence))
        .route(
            openapi::route("import_entries"),
            post(imports::import).layer(DefaultBodyLimit::max(imports::MAX_IMPORT_BYTES)),
        )
        .route(openapi::route("export_entries_csv"), get(imports::export_csv))
        .route(openapi::route("export_entries_xlsx"), get(imports::export_xlsx))
        .route(openapi::route("score"), post(score::score_one))
        .route(
            openapi::route("score_batch"),
            post(score::score_batch).layer(DefaultBodyLimit::max(score::MAX_BATCH_BODY_BYTES)),
        )
        .merge(crate::auth::routes::router())
        // Mentoring status and notes on the watch-list: see src/mentoring/.
        .merge(crate::mentoring::router())
        // Simulator scenarios saved by signed-in users: see src/scenarios/.
        .merge(crate::scenarios::router())
        // Work-system policy monitor (issue 8): see src/policy/.
        .merge(crate::policy::router())
        // The unit registry and populations (issue 17): see src/units/.
        .merge(crate::units::router())
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
