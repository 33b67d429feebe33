//! What-if scenarios saved by signed-in users, private to each account: the simulator keeps a
//! copy in the browser and this one follows the user to another browser. `routes.rs` holds the
//! handlers (and the contract in its module documentation), `storage.rs` the `saved_scenarios`
//! queries.

mod routes;
mod storage;

pub use routes::{MAX_CODE_BYTES, MAX_NAME_CHARS};
pub use storage::{MAX_SCENARIOS_PER_USER, SaveRefusal, ScenarioRow};

use axum::Router;
use axum::routing::{delete, get, put};

use crate::openapi;
use crate::startup::AppState;

/// The scenarios' routes below `/api/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(openapi::route("list_scenarios"), get(routes::list))
        .route(openapi::route("save_scenario"), put(routes::save))
        .route(openapi::route("delete_scenario"), delete(routes::delete))
}
