//! `POST /api/v1/score` and `POST /api/v1/score/batch`: public scoring of values sent with their
//! rubric. They store nothing, so they need no login; the work is done by `engine::wire`, the same
//! code the browser runs.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, Problem};
use crate::http::JsonText;

/// Largest batch body: a national-scale batch (22,000 units × 20 indicators) fits.
pub const MAX_BATCH_BODY_BYTES: usize = 32 * 1024 * 1024;

#[tracing::instrument(skip_all)]
pub async fn score_one(JsonText(body): JsonText) -> Result<Response, ApiError> {
    let response = engine::wire::score_request(&body).map_err(to_api_error)?;
    Ok(json_response(engine::wire::to_json(&response)))
}

#[tracing::instrument(skip_all, fields(bytes = body.len()))]
pub async fn score_batch(JsonText(body): JsonText) -> Result<Response, ApiError> {
    // A large batch takes milliseconds of CPU: keep it off the async worker threads.
    let outcome = tokio::task::spawn_blocking(move || engine::wire::score_batch_request(&body))
        .await
        .map_err(|error| ApiError::Unexpected(anyhow::anyhow!("scoring task failed: {error}")))?;
    let response = outcome.map_err(to_api_error)?;
    Ok(json_response(engine::wire::to_json(&response)))
}

/// The engine's serializer keeps totals as numbers with exactly two decimals (`81.00`).
fn json_response(body: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn to_api_error(errors: Vec<engine::wire::FieldError>) -> ApiError {
    ApiError::Invalid(
        errors
            .into_iter()
            .map(|error| {
                let field = (!error.field.is_empty()).then_some(error.field);
                Problem::new(error.code, error.message, field)
            })
            .collect(),
    )
}
