use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;

use crate::startup::AppState;

#[derive(Serialize)]
pub struct Health {
    status: &'static str,
    version: &'static str,
    database: &'static str,
}

/// `GET /api/v1/health/live`: 200 while the process can answer at all (it asks nothing of the
/// database, so a load balancer does not restart a process whose database is briefly away).
pub async fn live() -> (StatusCode, Json<Health>) {
    let health = Health { status: "ok", version: env!("CARGO_PKG_VERSION"), database: "not_checked" };
    (StatusCode::OK, Json(health))
}

/// `GET /api/v1/health` and `GET /api/v1/health/ready`: 200 when the database answers, 503 when
/// it does not (readiness: send no traffic here until it answers).
#[tracing::instrument(skip(state))]
pub async fn health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let database = state.database.kind();
    let version = env!("CARGO_PKG_VERSION");
    match state.database.ping().await {
        Ok(()) => (StatusCode::OK, Json(Health { status: "ok", version, database })),
        Err(error) => {
            tracing::warn!(error = ?error, "health check: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, Json(Health { status: "unavailable", version, database }))
        }
    }
}
