//! Limits on what one request may take, as middleware: a deadline for reading the body and one for
//! the answer, and a bound on the requests handled at once (one more is 503 with `Retry-After`
//! at once, never queued). The header deadline lives in `crate::serve`.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

use crate::error::{ApiError, error_response};
use crate::startup::AppState;

/// The permits of the concurrency limit, shared by every request of the process.
#[derive(Clone)]
pub struct RequestPermits(Arc<Semaphore>);

impl RequestPermits {
    pub fn new(max_concurrent_requests: usize) -> Self {
        Self(Arc::new(Semaphore::new(max_concurrent_requests.max(1))))
    }
}

/// Middleware: refuses a request when the process already handles its maximum, bounds the time
/// to read its body, and answers 503 `request_timeout` when the handler takes too long (its work
/// is dropped: a transaction not yet committed is rolled back).
pub async fn limit_requests(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Ok(_permit) = state.request_permits.0.clone().try_acquire_owned() else {
        return ApiError::Busy { retry_after_secs: 1 }.into_response();
    };
    let limits = &state.settings.limits;
    let request =
        request.map(|body| axum::body::Body::new(tower_http::timeout::TimeoutBody::new(limits.body_read, body)));
    match tokio::time::timeout(limits.handler, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(limit_secs = limits.handler.as_secs(), "a request took too long and was stopped");
            error_response(
                StatusCode::SERVICE_UNAVAILABLE,
                "request_timeout",
                &format!(
                    "Permintaan dihentikan karena melebihi {} detik. Periksa hasilnya sebelum mencoba lagi.",
                    limits.handler.as_secs()
                ),
                None,
                &[],
            )
        }
    }
}
