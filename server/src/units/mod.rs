//! The unit registry: units (OPD, UOBK, kabupaten/kota, …) and populations, registered by
//! administrators so that an installation without demo data can be adopted.
//!
//! - `GET /units?include_inactive=true&population=kabkota` → `[{"code","name","population",
//!   "active","parent","created_at","former_names":[{"name","until"}]}]`, by population (in the
//!   populations' order) then name; active units only unless `include_inactive=true`.
//! - `POST /units` `{"code","name","population","parent"?}` → 201 the unit (and `rescored`: the
//!   open periods it joined); 409 `unit_exists`; 422 listing every problem (`invalid_code`,
//!   `invalid_name`, `unknown_population`, `unknown_parent`, `duplicate_name`).
//! - `PATCH /units/{unit_code}` `{"name"?, "active"?, "parent"?}` (`parent: null` removes it) →
//!   200 the unit with `changed`; 404 `unit_not_found`; 422 listing every problem (also
//!   `parent_cycle`). The code and the population never change; no unit is ever deleted
//!   (deactivate it: entries reference units, so the database refuses deleting one with values).
//! - `POST /units/import?dry_run=true|false` (default `true`) with a CSV or XLSX body, header
//!   `code,name,population[,parent]` or `kode,nama,populasi[,induk]` → 200 `{"dry_run","ok",
//!   "rows","summary":{"new","changed","unchanged"},"problems":[{"row","column","code",
//!   "message"}],"units":[{"row","code","name","population","parent","outcome","changes"}]}`.
//!   An existing code updates its name (and its parent when the file has that column), so the
//!   same file twice changes nothing. With `dry_run=false` a file with any problem is refused
//!   whole (422 `import_invalid`, each problem with its row and column); otherwise everything
//!   is written in one transaction.
//! - `POST /populations` `{"code","name","name_en","sort_order"?}` → 201; 409
//!   `population_exists`; 422 listing every problem.
//!
//! - `GET /setup` → `{"show","steps":[{"key","done"}]}`: the first-run "Mulai" checklist
//!   (populations → units → rubric → period → indicator owners → open the period), each step
//!   done from real data, `show` until the first CETTAR period is opened.
//!
//! Membership stays the scoring's rule: a period scores the active units of its populations
//! and every unit with values in it. Every registry write scores the open periods of the
//! touched populations again in its transaction, so a new unit takes part in them at once and
//! a deactivated unit leaves those where it has no values; closed and published periods keep
//! their official results. A rename keeps the old name for closed and published periods
//! (`unit_period_names`), so a past ranking and report show the name the unit had then. Every
//! change is appended to `registry_audit` (append-only by trigger).
//!
//! - [`model`]: the pure decisions (codes, names, one unit's change, the import plan, which
//!   periods to score again), unit-tested.
//! - [`storage`]: the SQL, both engines, one text per query.
//! - [`routes`]: the handlers.

pub mod model;
pub mod routes;
pub mod storage;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, patch, post};

use crate::openapi;
use crate::startup::AppState;

/// The registry's routes, relative to `/api/v1` (merged by `crate::http::api_router`).
pub fn router() -> Router<AppState> {
    Router::new()
        .route(openapi::route("list_units"), get(routes::list))
        .route(openapi::route("create_unit"), post(routes::create))
        .route(openapi::route("update_unit"), patch(routes::patch))
        .route(
            openapi::route("import_units"),
            post(routes::import).layer(DefaultBodyLimit::max(routes::MAX_UNIT_IMPORT_BYTES)),
        )
        .route(openapi::route("create_population"), post(routes::create_population))
        .route(openapi::route("setup_checklist"), get(routes::setup))
}
