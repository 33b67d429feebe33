//! Work-system policy monitor (issue 8: Sistem Kerja, Permenpan RB 7/2022).
//!
//! Per government — the units of the `kabkota` population and the province's own unit
//! (population `provinsi`) — the status of each implementation stage, the action plan (*rencana
//! aksi*) and a Van Meter & Van Horn assessment scored by the same engine with a rubric in the
//! same `sibekisar.rubric/v1` format; and the provincial roll-up (JSON and XLSX).
//!
//! - [`model`]: the stage definitions (data: `public/policy/stages-sistem-kerja.json`), dates,
//!   input checks and the roll-up arithmetic — pure and unit-tested.
//! - [`storage`]: the SQL (both engines, one text per query); changes are audited in
//!   `entry_audit`, the one append-only audit of assessment data.
//! - [`routes`]: the `/api/v1/policy/*` handlers; [`xlsx`]: the roll-up workbook;
//!   [`demo`]: the labelled demo state.
//! - [`period`]: the Van Meter & Van Horn assessment is an ordinary period (kind `sistem-kerja`)
//!   whose values are entries, so rankings, report cards and the simulator show it.
//!
//! Reused, not copied: units and populations, accounts and roles (`crate::auth` guards), the
//! audit table, periods, entries and official results (the assessment), rubric versions and the
//! engine (through `crate::results::scoring`), `rust_xlsxwriter`.
//! Evidence of a stage is a link or a file; files are kept in the entries' evidence store (read
//! and checked by the same `crate::http::read_evidence_upload`) under the `sistem-kerja`
//! period, with `indicator_code` `STAGE:<code>`.
//!
//! Writes are all or nothing and serialised: a stage or action write locks its government's unit
//! row first, the assessment is one `import_values` transaction that locks the period first.
//! Plan against actual: the provincial coordinator (administrator) sets target days per stage
//! and a monitoring plan of dated checkpoints (`PUT …/plan`); the government proposes changes
//! (`…/proposals`) that the coordinator accepts or rejects. A stage is `terlambat` when past its
//! target on the server's today (WIB) and not done. A stage recorded done while an earlier one is
//! not needs a confirmation with a reason and counts apart from the in-order "done".
//! A government's agencies are units whose parent is its unit (in a population no CETTAR
//! period binds); each has the six work-system elements (`public/policy/elements-sistem-kerja.json`).
//! The guideline's contents are ticked against `public/policy/guideline-contents.json`.
//! Not here: optimistic versions on stage and action writes (the last write wins, every write
//! is audited).

pub mod demo;
pub mod model;
pub mod period;
pub mod routes;
pub mod storage;
pub mod xlsx;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};

use crate::openapi;
use crate::startup::AppState;

/// The policy routes, relative to `/api/v1` (merged by `crate::http::api_router`).
pub fn router() -> Router<AppState> {
    Router::new()
        .route(openapi::route("policy_stages"), get(routes::definitions))
        .route(openapi::route("policy_rollup"), get(routes::rollup))
        .route(openapi::route("policy_rollup_xlsx"), get(routes::rollup_xlsx))
        .route(openapi::route("policy_set_publication"), put(routes::set_publication))
        .route(openapi::route("policy_checklist"), get(routes::checklist))
        .route(openapi::route("policy_history"), get(routes::history))
        .route(openapi::route("policy_put_stage"), put(routes::put_stage))
        .route(
            openapi::route("policy_upload_stage_evidence"),
            post(routes::upload_stage_evidence)
                .layer(DefaultBodyLimit::max(crate::http::MAX_EVIDENCE_BYTES + 64 * 1024)),
        )
        .route(openapi::route("policy_create_action"), post(routes::create_action))
        .route(openapi::route("policy_update_action"), put(routes::update_action))
        .route(openapi::route("policy_cancel_action"), post(routes::cancel_action))
        .route(
            openapi::route("policy_upload_action_evidence"),
            post(routes::upload_action_evidence)
                .layer(DefaultBodyLimit::max(crate::http::MAX_EVIDENCE_BYTES + 64 * 1024)),
        )
        .route(openapi::route("policy_put_plan"), put(routes::put_plan))
        .route(openapi::route("policy_create_proposal"), post(routes::create_proposal))
        .route(openapi::route("policy_decide_proposal"), post(routes::decide_proposal))
        .route(openapi::route("policy_put_element"), put(routes::put_element))
        .route(
            openapi::route("policy_upload_element_evidence"),
            post(routes::upload_element_evidence)
                .layer(DefaultBodyLimit::max(crate::http::MAX_EVIDENCE_BYTES + 64 * 1024)),
        )
        .route(openapi::route("policy_put_guideline"), put(routes::put_guideline))
        .route(openapi::route("policy_put_assessment"), put(routes::put_assessment))
}
