//! The JSON API under `/api/v1`.

mod assessment;
mod entries;
mod extract;
mod health;
pub mod imports;
mod mentoring;
mod periods_admin;
mod reports;
mod scenarios;
mod score;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, post, put};

pub use assessment::{
    EntryView, OfficialResult, PeriodView, PopulationValues, PopulationView, RangeView, RankingRow, SpiritView,
    UnitDetail, UnitInPopulation, UnitRef, UnitValues,
};
pub use extract::{ApiJson, ApiPath, ApiQuery, JsonText};
pub use reports::{IndicatorAverage, IndicatorAverages, SpiritAverage, XLSX_CONTENT_TYPE};
// Evidence uploads, shared with the policy monitor's stage evidence (issue 8).
pub(crate) use entries::{
    EvidenceView, MAX_EVIDENCE_BYTES, UploadedFile, evidence_view, key_reused, optional_idempotency, parse_body,
    read_evidence_upload, replayed,
};

use crate::error::ApiError;
use crate::startup::AppState;

/// Largest JSON body the API reads; larger requests get a JSON 413.
pub const MAX_JSON_BODY_BYTES: usize = 2 * 1024 * 1024;

pub fn api_router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/health/live", get(health::live))
        .route("/health/ready", get(health::health))
        .route("/populations", get(assessment::populations))
        .route("/periods", get(assessment::periods))
        .route("/periods/{period_id}/results", get(assessment::results_for))
        .route("/periods/{period_id}/units/{unit_code}", get(assessment::unit_for))
        .route("/periods/{period_id}/values", get(assessment::values_for))
        .route("/rubrics/{rubric_version_id}", get(assessment::rubric))
        // Reports on published results (issue 7).
        .route("/periods/{period_id}/results.xlsx", get(reports::results_xlsx))
        .route("/periods/{period_id}/units/{unit_code}/report.xlsx", get(reports::unit_report_xlsx))
        .route("/periods/{period_id}/indicator-averages", get(reports::indicator_averages))
        // Mentoring status and notes on the watch-list (issue 7): see routes/mentoring.rs.
        .route("/periods/{period_id}/mentoring", get(mentoring::list))
        .route("/periods/{period_id}/mentoring/{unit_code}", post(mentoring::record))
        // Assessment data, write side (issue 4): see routes/entries.rs for the contract.
        .route("/periods", post(periods_admin::create_period))
        .route("/periods/{period_id}/state", post(periods_admin::set_state))
        .route("/rubrics", get(periods_admin::list_rubrics).post(periods_admin::upload_rubric))
        .route("/periods/{period_id}/entries", get(entries::list_entries))
        .route(
            "/periods/{period_id}/entries/batch",
            post(entries::batch).layer(DefaultBodyLimit::max(entries::MAX_BATCH_BODY_BYTES)),
        )
        .route("/periods/{period_id}/entries/{unit_code}/{indicator}", put(entries::put_entry))
        .route("/periods/{period_id}/entries/{unit_code}/{indicator}/history", get(entries::history))
        .route("/periods/{period_id}/entries/{unit_code}/{indicator}/verify", post(entries::verify))
        .route("/periods/{period_id}/entries/{unit_code}/{indicator}/dispute", post(entries::dispute))
        .route("/periods/{period_id}/entries/{unit_code}/{indicator}/resolve", post(entries::resolve))
        .route(
            "/periods/{period_id}/entries/{unit_code}/{indicator}/evidence",
            post(entries::upload_evidence).layer(DefaultBodyLimit::max(entries::MAX_EVIDENCE_BYTES + 64 * 1024)),
        )
        .route("/evidence/{evidence_id}", get(entries::download_evidence))
        .route(
            "/periods/{period_id}/imports",
            post(imports::import).layer(DefaultBodyLimit::max(imports::MAX_IMPORT_BYTES)),
        )
        .route("/periods/{period_id}/entries.csv", get(imports::export_csv))
        .route("/periods/{period_id}/entries.xlsx", get(imports::export_xlsx))
        .route("/score", post(score::score_one))
        .route("/score/batch", post(score::score_batch).layer(DefaultBodyLimit::max(score::MAX_BATCH_BODY_BYTES)))
        // Simulator scenarios saved by signed-in users (issue 6).
        .route("/scenarios", get(scenarios::list).put(scenarios::save))
        .route("/scenarios/{scenario_id}", delete(scenarios::delete))
        .merge(crate::auth::routes::router())
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
