//! The API's one registry of operations, and the OpenAPI 3.1 document built from it
//! (`GET /api/v1/openapi.json`).
//!
//! The registry is binding, not decorative: the auth gate (`crate::auth::gate`, a route layer on
//! every `/api/v1` route) looks each request's route up here, answers 500 `undocumented_route`
//! when it is missing, and enforces the operation's [`Access`] rule. So a route cannot work
//! without being documented here, and its documented access is the access it has. The other
//! direction (a documented operation with no route) is caught by the authorization-matrix test,
//! which calls every operation and expects the gate's `x-sibekisar-operation` header.
//!
//! The path of each operation is written here only: the routers take it by operation id
//! ([`route`]). Adding an endpoint: add one [`Operation`] here (with `{param}` segments and, when
//! the answer is a contract type, `answering`), route the handler with
//! `.route(openapi::route("<operation_id>"), …)`, and add its row to `tests/api/auth_matrix.rs`.

use axum::http::Method;
use contract::schema::Schema;
use serde_json::{Map, Value, json};

use crate::auth::{ALL_ROLES, Access, Role};

/// One documented API operation.
#[derive(Clone, Copy, Debug)]
pub struct Operation {
    pub method: &'static str,
    /// The full path as routed, e.g. `/api/v1/admin/users/{username}`.
    pub path: &'static str,
    pub operation_id: &'static str,
    pub tag: &'static str,
    pub summary: &'static str,
    pub access: Access,
    /// Login and set-up links create a session: they are checked by `Origin` only, since the
    /// caller may hold a stale cookie and no CSRF token yet.
    pub establishes_session: bool,
    /// Stores nothing and answers the same whoever asks (the public score API): a signed-in
    /// browser need not send its CSRF token (the `Origin` check still applies).
    pub stores_nothing: bool,
    /// The success answer's schema, from its contract type (`answering`); `None`: not yet in the
    /// contract, described as any JSON.
    pub answer: Option<WriteSchema>,
    /// The request body's schema, from its contract type (`.reading(…)`): the type the handler
    /// reads it as, refusing undeclared members.
    pub request: Option<WriteSchema>,
}

/// Appends a contract type's JSON schema (`<T as contract::schema::Schema>::write_schema`).
pub type WriteSchema = fn(&mut String);

const fn operation(
    method: &'static str,
    path: &'static str,
    operation_id: &'static str,
    tag: &'static str,
    summary: &'static str,
    access: Access,
) -> Operation {
    Operation {
        method,
        path,
        operation_id,
        tag,
        summary,
        access,
        establishes_session: false,
        stores_nothing: false,
        answer: None,
        request: None,
    }
}

impl Operation {
    /// The operation reads its body as the contract type whose schema `request` writes.
    const fn reading(self, request: WriteSchema) -> Operation {
        Operation { request: Some(request), ..self }
    }

    /// The operation answers with the contract type whose schema `answer` writes.
    const fn answering(self, answer: WriteSchema) -> Operation {
        Operation { answer: Some(answer), ..self }
    }
}

/// The operation answers with the contract type whose schema `answer` writes.
const fn answering(operation: Operation, answer: WriteSchema) -> Operation {
    Operation { answer: Some(answer), ..operation }
}

const fn session_starting(operation: Operation) -> Operation {
    Operation { establishes_session: true, ..operation }
}

const fn storing_nothing(operation: Operation) -> Operation {
    Operation { stores_nothing: true, ..operation }
}

const ADMIN: Access = Access::Users(&[Role::Admin]);
const PUBLIC: Access = Access::Public;
/// Signed-in administrators, owners and viewers.
const READERS: Access = Access::Users(&[Role::Admin, Role::Owner, Role::Viewer]);
/// Who enters values: administrators, owners, and API tokens (scope checked by the handler).
const WRITERS: Access = Access::UsersOrToken(&[Role::Admin, Role::Owner]);

/// Every operation of `/api/v1`.
pub const OPERATIONS: &[Operation] = &[
    operation("GET", "/api/v1/health", "health", "system", "Server and database health", PUBLIC),
    operation("GET", "/api/v1/health/live", "health_live", "system", "Liveness: the process answers", PUBLIC),
    operation(
        "GET",
        "/api/v1/health/ready",
        "health_ready",
        "system",
        "Readiness: the database answers (503 when it does not)",
        PUBLIC,
    ),
    operation("GET", "/api/v1/openapi.json", "openapi", "system", "This OpenAPI document", PUBLIC),
    answering(
        operation(
            "GET",
            "/api/v1/populations",
            "populations",
            "results",
            "The populations ranked separately (OPD, UOBK, kabupaten/kota)",
            PUBLIC,
        ),
        <Vec<contract::Population> as Schema>::write_schema,
    ),
    answering(
        operation(
            "GET",
            "/api/v1/periods",
            "periods",
            "results",
            "Periods, oldest first: the published ones; signed-in users also see the others",
            PUBLIC,
        ),
        <Vec<contract::Period> as Schema>::write_schema,
    ),
    answering(
        operation(
            "GET",
            "/api/v1/periods/{period_id}/results",
            "period_results",
            "results",
            "A published period's ranking of one population (query: population; optional page: offset ≥ 0, \
             limit 1–1000, the whole count in X-Total-Count). A published period's answers carry a strong ETag \
             (If-None-Match: 304) and Cache-Control: public, max-age=60, must-revalidate; others are private, no-store",
            PUBLIC,
        ),
        <Vec<contract::RankingRow> as Schema>::write_schema,
    ),
    operation(
        "GET",
        "/api/v1/periods/{period_id}/units/{unit_code}",
        "unit_result",
        "results",
        "One unit's raw values and official result in a published period",
        PUBLIC,
    ),
    operation(
        "GET",
        "/api/v1/periods/{period_id}/values",
        "population_values",
        "results",
        "Every unit's raw values of one population in a published period, in one answer (query: population)",
        PUBLIC,
    ),
    operation(
        "GET",
        "/api/v1/rubrics/{rubric_version_id}",
        "rubric_version",
        "results",
        "A rubric version used by a published period, exactly as stored",
        PUBLIC,
    ),
    // Reports on published results (issue 7).
    operation(
        "GET",
        "/api/v1/periods/{period_id}/results.xlsx",
        "period_results_xlsx",
        "results",
        "A published period's ranking of one population as an XLSX workbook (query: population)",
        PUBLIC,
    ),
    operation(
        "GET",
        "/api/v1/periods/{period_id}/units/{unit_code}/report.xlsx",
        "unit_report_xlsx",
        "results",
        "One unit's report card (spirits, indicators, owners) as an XLSX workbook",
        PUBLIC,
    ),
    operation(
        "GET",
        "/api/v1/periods/{period_id}/indicator-averages",
        "indicator_averages",
        "results",
        "Average score per indicator and per spirit of one population in a published period (query: population)",
        PUBLIC,
    ),
    // Mentoring (pendampingan) on the watch-list (issue 7): internal follow-up, never public.
    answering(
        operation(
            "GET",
            "/api/v1/periods/{period_id}/mentoring",
            "mentoring_list",
            "results",
            "Mentoring status and dated notes per unit of a period (administrators and viewers)",
            Access::Users(&[Role::Admin, Role::Viewer]),
        ),
        <contract::MentoringList as Schema>::write_schema,
    ),
    answering(
        operation(
            "POST",
            "/api/v1/periods/{period_id}/mentoring/{unit_code}",
            "mentoring_record",
            "results",
            "Record a unit's new mentoring status and/or a note (append-only; optional Idempotency-Key)",
            ADMIN,
        )
        .reading(<contract::mentoring::MentoringChange as Schema>::write_schema),
        <contract::MentoringUnit as Schema>::write_schema,
    ),
    // Assessment data, write side (issue 4; contract in routes/entries.rs).
    operation(
        "POST",
        "/api/v1/periods",
        "create_period",
        "assessment",
        "Create a period (draft) binding a rubric version to each population",
        ADMIN,
    )
    .reading(<contract::periods::NewPeriod as Schema>::write_schema)
    .answering(<contract::periods::CreatedPeriod as Schema>::write_schema),
    operation(
        "POST",
        "/api/v1/periods/{period_id}/state",
        "set_period_state",
        "assessment",
        "Open, close, reopen (with a reason) or publish a period; audited",
        ADMIN,
    )
    .reading(<contract::periods::PeriodStateChange as Schema>::write_schema)
    .answering(<contract::periods::PeriodAnswer as Schema>::write_schema),
    operation(
        "GET",
        "/api/v1/rubrics",
        "list_rubric_versions",
        "assessment",
        "Every stored rubric version, newest first",
        READERS,
    )
    .answering(<Vec<contract::periods::RubricVersion> as Schema>::write_schema),
    // The unit registry and populations (issue 17; src/units/).
    answering(
        operation(
            "GET",
            "/api/v1/units",
            "list_units",
            "registry",
            "Units with population, parent and former names, by population then name (query: include_inactive, population)",
            ADMIN,
        ),
        <Vec<contract::RegisteredUnit> as Schema>::write_schema,
    ),
    answering(
        operation(
            "POST",
            "/api/v1/units",
            "create_unit",
            "registry",
            "Register a unit {code, name, population, parent?}; it joins the open periods of its population; audited",
            ADMIN,
        )
        .reading(<contract::units::NewUnit as Schema>::write_schema),
        <contract::UnitWritten as Schema>::write_schema,
    ),
    answering(
        operation(
            "PATCH",
            "/api/v1/units/{unit_code}",
            "update_unit",
            "registry",
            "Rename (past periods keep the old name), deactivate or re-parent a unit; audited",
            ADMIN,
        )
        .reading(<contract::units::UnitChange as Schema>::write_schema),
        <contract::UnitWritten as Schema>::write_schema,
    ),
    operation(
        "POST",
        "/api/v1/units/import",
        "import_units",
        "registry",
        "Register or update units from CSV or XLSX (code,name,population[,parent]; query: dry_run, default true); all or nothing",
        ADMIN,
    )
    .answering(<contract::imports::ImportReport as Schema>::write_schema),
    operation(
        "POST",
        "/api/v1/populations",
        "create_population",
        "registry",
        "Add a population {code, name, name_en, sort_order?}; audited",
        ADMIN,
    )
    .reading(<contract::units::NewPopulation as Schema>::write_schema)
    .answering(<contract::Population as Schema>::write_schema),
    answering(
        operation(
            "GET",
            "/api/v1/setup",
            "setup_checklist",
            "registry",
            "The first-run checklist: which set-up steps are done, shown until the first period is opened",
            ADMIN,
        ),
        <contract::SetupStatus as Schema>::write_schema,
    ),
    operation(
        "POST",
        "/api/v1/rubrics",
        "upload_rubric",
        "assessment",
        "Store a rubric document as a new immutable version (every problem listed)",
        ADMIN,
    )
    .answering(<contract::periods::StoredRubric as Schema>::write_schema),
    operation(
        "GET",
        "/api/v1/periods/{period_id}/entries",
        "period_entries",
        "assessment",
        "A population's entries in a period, with the rubric and units (unit admins: own unit only)",
        Access::Users(ALL_ROLES),
    )
    .answering(<contract::EntriesPage as Schema>::write_schema),
    operation(
        "POST",
        "/api/v1/periods/{period_id}/entries/batch",
        "entries_batch",
        "assessment",
        "Apply many entry changes (the offline queue), each with its own outcome",
        WRITERS,
    )
    .reading(<contract::entries::Batch as Schema>::write_schema)
    .answering(<contract::BatchAnswer as Schema>::write_schema),
    operation(
        "PUT",
        "/api/v1/periods/{period_id}/entries/{unit_code}/{indicator}",
        "put_entry",
        "assessment",
        "Enter or change one raw value (Idempotency-Key and base_version required; open period)",
        WRITERS,
    )
    .reading(<contract::entries::EntryChange as Schema>::write_schema)
    .answering(<contract::entries::EntryAnswer as Schema>::write_schema),
    operation(
        "GET",
        "/api/v1/periods/{period_id}/entries/{unit_code}/{indicator}/history",
        "entry_history",
        "assessment",
        "An entry's audit trail, newest first",
        Access::Users(ALL_ROLES),
    ),
    operation(
        "POST",
        "/api/v1/periods/{period_id}/entries/{unit_code}/{indicator}/verify",
        "verify_entry",
        "assessment",
        "Mark an entry verified (read-only for owners from then on)",
        ADMIN,
    )
    .reading(<contract::entries::StatusStep as Schema>::write_schema)
    .answering(<contract::entries::EntryAnswer as Schema>::write_schema),
    operation(
        "POST",
        "/api/v1/periods/{period_id}/entries/{unit_code}/{indicator}/dispute",
        "dispute_entry",
        "assessment",
        "Dispute an entry of one's own unit (reason required)",
        Access::Users(&[Role::Admin, Role::UnitAdmin]),
    )
    .reading(<contract::entries::StatusStep as Schema>::write_schema)
    .answering(<contract::entries::EntryAnswer as Schema>::write_schema),
    operation(
        "POST",
        "/api/v1/periods/{period_id}/entries/{unit_code}/{indicator}/resolve",
        "resolve_entry",
        "assessment",
        "Resolve a disputed entry, optionally with a corrected value (reason required)",
        Access::Users(&[Role::Admin, Role::Owner]),
    )
    .reading(<contract::entries::StatusStep as Schema>::write_schema)
    .answering(<contract::entries::EntryAnswer as Schema>::write_schema),
    operation(
        "POST",
        "/api/v1/periods/{period_id}/entries/{unit_code}/{indicator}/evidence",
        "upload_evidence",
        "assessment",
        "Attach an evidence file (multipart field `file`; PDF, PNG, JPEG or XLSX; at most 10 MB)",
        Access::Users(&[Role::Admin, Role::Owner, Role::UnitAdmin]),
    ),
    operation(
        "GET",
        "/api/v1/evidence/{evidence_id}",
        "download_evidence",
        "assessment",
        "An evidence file, as an attachment",
        Access::Users(ALL_ROLES),
    ),
    operation(
        "POST",
        "/api/v1/periods/{period_id}/imports",
        "import_entries",
        "assessment",
        "Import values from CSV or XLSX (query: population, dry_run); all or nothing",
        Access::Users(&[Role::Admin, Role::Owner]),
    )
    .answering(<contract::imports::ImportReport as Schema>::write_schema),
    operation(
        "GET",
        "/api/v1/periods/{period_id}/entries.csv",
        "export_entries_csv",
        "assessment",
        "A population's raw values, totals and ranks as CSV (query: population)",
        READERS,
    ),
    operation(
        "GET",
        "/api/v1/periods/{period_id}/entries.xlsx",
        "export_entries_xlsx",
        "assessment",
        "A population's raw values, totals and ranks as an XLSX workbook (query: population)",
        READERS,
    ),
    answering(
        operation(
            "GET",
            "/api/v1/scenarios",
            "list_scenarios",
            "simulation",
            "The caller's own saved what-if scenarios for one unit and period",
            Access::Users(ALL_ROLES),
        ),
        <contract::Scenarios as Schema>::write_schema,
    ),
    answering(
        operation(
            "PUT",
            "/api/v1/scenarios",
            "save_scenario",
            "simulation",
            "Save a what-if scenario under a name (checked with the engine; never changes official data)",
            Access::Users(ALL_ROLES),
        )
        .reading(<contract::mentoring::ScenarioSave as Schema>::write_schema),
        <contract::Scenario as Schema>::write_schema,
    ),
    operation(
        "DELETE",
        "/api/v1/scenarios/{scenario_id}",
        "delete_scenario",
        "simulation",
        "Delete one of the caller's saved scenarios",
        Access::Users(ALL_ROLES),
    ),
    storing_nothing(operation(
        "POST",
        "/api/v1/score",
        "score",
        "score",
        "Score one unit's values with a rubric sent along (stores nothing)",
        PUBLIC,
    )),
    storing_nothing(operation(
        "POST",
        "/api/v1/score/batch",
        "score_batch",
        "score",
        "Score and rank many units with one rubric (stores nothing)",
        PUBLIC,
    )),
    answering(
        session_starting(
            operation(
                "POST",
                "/api/v1/auth/login",
                "login",
                "auth",
                "Sign in with username and password; sets the session cookie and returns the CSRF token",
                PUBLIC,
            )
            .reading(<contract::auth::Login as Schema>::write_schema),
        ),
        <contract::Session as Schema>::write_schema,
    ),
    operation("POST", "/api/v1/auth/logout", "logout", "auth", "End the current session", PUBLIC),
    answering(
        operation(
            "GET",
            "/api/v1/auth/me",
            "me",
            "auth",
            "Who is signed in (user null when anonymous), with the CSRF token",
            PUBLIC,
        ),
        <contract::Me as Schema>::write_schema,
    ),
    operation(
        "POST",
        "/api/v1/auth/password",
        "change_password",
        "auth",
        "Change one's password (needs the current one; ends one's other sessions)",
        Access::Users(ALL_ROLES),
    )
    .reading(<contract::auth::PasswordChange as Schema>::write_schema),
    answering(
        operation(
            "GET",
            "/api/v1/auth/setup/{token}",
            "setup_link",
            "auth",
            "What a one-time set-up link is for, if it is still valid",
            PUBLIC,
        ),
        <contract::SetupLinkInfo as Schema>::write_schema,
    ),
    answering(
        session_starting(
            operation(
                "POST",
                "/api/v1/auth/setup/{token}",
                "use_setup_link",
                "auth",
                "Use a one-time set-up link: set a password (and create the first administrator)",
                PUBLIC,
            )
            .reading(<contract::auth::SetupUse as Schema>::write_schema),
        ),
        <contract::Session as Schema>::write_schema,
    ),
    answering(
        operation(
            "GET",
            "/api/v1/auth/demo-accounts",
            "demo_accounts",
            "auth",
            "The demo accounts, only in demo mode (404 otherwise)",
            PUBLIC,
        ),
        <contract::DemoAccounts as Schema>::write_schema,
    ),
    answering(
        operation("GET", "/api/v1/admin/users", "list_users", "admin", "Every account", ADMIN),
        <contract::Accounts as Schema>::write_schema,
    ),
    operation(
        "POST",
        "/api/v1/admin/users",
        "create_user",
        "admin",
        "Create an account; returns its one-time set-up link",
        ADMIN,
    )
    .reading(<contract::auth::NewAccount as Schema>::write_schema)
    .answering(<contract::auth::CreatedAccount as Schema>::write_schema),
    answering(
        operation(
            "PATCH",
            "/api/v1/admin/users/{username}",
            "update_user",
            "admin",
            "Change an account's name, role, scope or active flag",
            ADMIN,
        )
        .reading(<contract::auth::AccountChange as Schema>::write_schema),
        <contract::Account as Schema>::write_schema,
    ),
    operation(
        "POST",
        "/api/v1/admin/users/{username}/reset-link",
        "create_reset_link",
        "admin",
        "A new one-time link (72 h) to set the account's password",
        ADMIN,
    )
    .answering(<contract::auth::SetupLink as Schema>::write_schema),
    operation("GET", "/api/v1/admin/tokens", "list_tokens", "admin", "Every API token (never their secrets)", ADMIN)
        .answering(<contract::auth::ApiTokens as Schema>::write_schema),
    operation(
        "POST",
        "/api/v1/admin/tokens",
        "create_token",
        "admin",
        "Create an API token for another agency's system; its secret is shown once",
        ADMIN,
    )
    .reading(<contract::auth::NewToken as Schema>::write_schema)
    .answering(<contract::auth::CreatedToken as Schema>::write_schema),
    operation("DELETE", "/api/v1/admin/tokens/{id}", "revoke_token", "admin", "Revoke an API token", ADMIN),
    operation(
        "GET",
        "/api/v1/admin/audit",
        "security_audit",
        "admin",
        "Security events, newest first (query: before, limit)",
        ADMIN,
    )
    .answering(<contract::auth::AuditPage as Schema>::write_schema),
    // Work-system policy monitor (issues 8 and 24; src/policy/). Reads are public at the gate: the
    // handlers answer anonymous callers 404 unless an administrator published the monitor.
    operation(
        "GET",
        "/api/v1/policy/stages",
        "policy_stages",
        "policy",
        "The implementation stages, work-system elements, guideline contents and actor roles of the work-system policy, and the Van Meter & Van Horn rubric with its grade names (data)",
        PUBLIC,
    )
    .answering(<contract::policy::PolicyDefinitions as Schema>::write_schema),
    operation(
        "GET",
        "/api/v1/policy/rollup",
        "policy_rollup",
        "policy",
        "Provincial roll-up: per stage done in order / out of order / in progress / not started / late / currently here, agencies' elements, stage × government matrix, stalled governments, overdue actions (query: stall_days)",
        PUBLIC,
    )
    .answering(<contract::policy::PolicyRollup as Schema>::write_schema),
    operation(
        "GET",
        "/api/v1/policy/rollup.xlsx",
        "policy_rollup_xlsx",
        "policy",
        "The provincial roll-up as an XLSX workbook (query: stall_days)",
        PUBLIC,
    ),
    operation(
        "PUT",
        "/api/v1/policy/publication",
        "policy_set_publication",
        "policy",
        "Publish (or withdraw) the policy monitor for anonymous readers; audited",
        ADMIN,
    )
    .reading(<contract::policy::PolicyPublication as Schema>::write_schema)
    .answering(<contract::policy::PolicyPublication as Schema>::write_schema),
    operation(
        "GET",
        "/api/v1/policy/units/{unit_code}",
        "policy_checklist",
        "policy",
        "One government's checklist: plan and stages, checkpoints, proposals, agencies' elements, guideline contents, action plan and assessment, with the server's today",
        PUBLIC,
    )
    .answering(<contract::policy::PolicyChecklist as Schema>::write_schema),
    operation(
        "GET",
        "/api/v1/policy/units/{unit_code}/history",
        "policy_history",
        "policy",
        "One government's audited policy changes, newest first",
        Access::Users(ALL_ROLES),
    )
    .answering(<contract::policy::PolicyHistory as Schema>::write_schema),
    operation(
        "PUT",
        "/api/v1/policy/units/{unit_code}/stages/{stage_code}",
        "policy_put_stage",
        "policy",
        "Record a stage's status, date, regulation number and evidence link; done before an earlier stage needs a confirmation with a reason (409 stage_out_of_order otherwise; own government or admin); audited",
        Access::Users(&[Role::Admin, Role::UnitAdmin]),
    )
    .reading(<contract::policy::StageInput as Schema>::write_schema)
    .answering(<contract::policy::StageView as Schema>::write_schema),
    operation(
        "POST",
        "/api/v1/policy/units/{unit_code}/stages/{stage_code}/evidence",
        "policy_upload_stage_evidence",
        "policy",
        "Upload an evidence file of a stage (multipart `file`, ≤ 10 MB, PDF/PNG/JPEG/XLSX by content; own government or admin)",
        Access::Users(&[Role::Admin, Role::UnitAdmin]),
    )
    .answering(<contract::policy::EvidenceUploaded as Schema>::write_schema),
    operation(
        "POST",
        "/api/v1/policy/units/{unit_code}/actions",
        "policy_create_action",
        "policy",
        "Add an action to the government's action plan: owner role, due date, linked stage or variable (own government or admin); audited",
        Access::Users(&[Role::Admin, Role::UnitAdmin]),
    )
    .reading(<contract::policy::ActionInput as Schema>::write_schema)
    .answering(<contract::policy::ActionView as Schema>::write_schema),
    operation(
        "PUT",
        "/api/v1/policy/units/{unit_code}/actions/{action_id}",
        "policy_update_action",
        "policy",
        "Change an action of the action plan (not a cancelled one; own government or admin); audited",
        Access::Users(&[Role::Admin, Role::UnitAdmin]),
    )
    .reading(<contract::policy::ActionInput as Schema>::write_schema)
    .answering(<contract::policy::ActionView as Schema>::write_schema),
    operation(
        "POST",
        "/api/v1/policy/units/{unit_code}/actions/{action_id}/cancel",
        "policy_cancel_action",
        "policy",
        "Cancel an action with a reason (kept as `dibatalkan`, history kept; own government or admin); audited",
        Access::Users(&[Role::Admin, Role::UnitAdmin]),
    )
    .reading(<contract::policy::ActionCancel as Schema>::write_schema)
    .answering(<contract::policy::ActionView as Schema>::write_schema),
    operation(
        "POST",
        "/api/v1/policy/units/{unit_code}/actions/{action_id}/evidence",
        "policy_upload_action_evidence",
        "policy",
        "Upload an evidence file of an action (multipart `file`, ≤ 10 MB, PDF/PNG/JPEG/XLSX by content; own government or admin)",
        Access::Users(&[Role::Admin, Role::UnitAdmin]),
    )
    .answering(<contract::policy::EvidenceUploaded as Schema>::write_schema),
    operation(
        "PUT",
        "/api/v1/policy/units/{unit_code}/plan",
        "policy_put_plan",
        "policy",
        "Set a government's target dates per stage and its monitoring checkpoints (the provincial coordinator); audited",
        ADMIN,
    )
    .reading(<contract::policy::PlanInput as Schema>::write_schema)
    .answering(<contract::policy::PolicyChecklist as Schema>::write_schema),
    operation(
        "POST",
        "/api/v1/policy/units/{unit_code}/proposals",
        "policy_create_proposal",
        "policy",
        "Propose a new target date for a stage, with a reason (own government or admin); audited",
        Access::Users(&[Role::Admin, Role::UnitAdmin]),
    )
    .reading(<contract::policy::ProposalInput as Schema>::write_schema)
    .answering(<contract::policy::TargetProposal as Schema>::write_schema),
    operation(
        "POST",
        "/api/v1/policy/units/{unit_code}/proposals/{proposal_id}/decision",
        "policy_decide_proposal",
        "policy",
        "Accept (the target moves) or reject a proposed target date (the provincial coordinator); audited",
        ADMIN,
    )
    .reading(<contract::policy::ProposalDecision as Schema>::write_schema)
    .answering(<contract::policy::TargetProposal as Schema>::write_schema),
    operation(
        "PUT",
        "/api/v1/policy/units/{unit_code}/agencies/{agency_code}/elements/{element_code}",
        "policy_put_element",
        "policy",
        "Record an agency's work-system element: status, note, evidence link (own government or admin); audited",
        Access::Users(&[Role::Admin, Role::UnitAdmin]),
    )
    .reading(<contract::policy::ElementInput as Schema>::write_schema)
    .answering(<contract::policy::AgencyElement as Schema>::write_schema),
    operation(
        "POST",
        "/api/v1/policy/units/{unit_code}/agencies/{agency_code}/elements/{element_code}/evidence",
        "policy_upload_element_evidence",
        "policy",
        "Upload an evidence file of an agency's work-system element (multipart `file`; own government or admin)",
        Access::Users(&[Role::Admin, Role::UnitAdmin]),
    )
    .answering(<contract::policy::EvidenceUploaded as Schema>::write_schema),
    operation(
        "PUT",
        "/api/v1/policy/units/{unit_code}/guideline",
        "policy_put_guideline",
        "policy",
        "Record the guideline regulation's number and date and tick its contents (own government or admin); audited",
        Access::Users(&[Role::Admin, Role::UnitAdmin]),
    )
    .reading(<contract::policy::GuidelineInput as Schema>::write_schema)
    .answering(<contract::policy::GuidelineView as Schema>::write_schema),
    operation(
        "PUT",
        "/api/v1/policy/units/{unit_code}/assessment",
        "policy_put_assessment",
        "policy",
        "Record the Van Meter & Van Horn assessment values as entries of the open `sistem-kerja` period; scored by the engine (own government or admin); audited",
        Access::Users(&[Role::Admin, Role::UnitAdmin]),
    )
    .reading(<contract::policy::AssessmentInput as Schema>::write_schema)
    .answering(<contract::policy::AssessmentWritten as Schema>::write_schema),
    answering(
        operation(
            "GET",
            "/api/v1/aspirations/units",
            "aspiration_units",
            "aspirations",
            "Every active unit a citizen may write to, by name",
            PUBLIC,
        ),
        <contract::aspirations::AspirationUnits as Schema>::write_schema,
    ),
    answering(
        operation(
            "GET",
            "/api/v1/aspirations/challenge",
            "aspiration_challenge",
            "aspirations",
            "A signed challenge for one message: find a counter so that SHA-256(nonce:counter) starts with `difficulty` zero bits",
            PUBLIC,
        ),
        <contract::aspirations::AspirationChallenge as Schema>::write_schema,
    ),
    answering(
        operation(
            "POST",
            "/api/v1/aspirations",
            "aspiration_submit",
            "aspirations",
            "Send a message to a unit without an account (201 with a receipt code). Limited per client address and hour \
             (429 with Retry-After); a filled honeypot `website` is answered alike but stores nothing; the same text to \
             the same unit is refused (409)",
            PUBLIC,
        ),
        <contract::aspirations::AspirationReceipt as Schema>::write_schema,
    )
    .reading(<contract::aspirations::AspirationSubmission as Schema>::write_schema),
    answering(
        operation(
            "GET",
            "/api/v1/aspirations/{code}",
            "aspiration_follow",
            "aspirations",
            "Follow a message by its receipt code: status, answer, times (never the contact)",
            PUBLIC,
        ),
        <contract::aspirations::AspirationPublic as Schema>::write_schema,
    ),
    answering(
        operation(
            "GET",
            "/api/v1/aspirations/units/{unit_code}",
            "aspiration_unit_list",
            "aspirations",
            "A unit's published messages and answers, anonymised, with response times",
            PUBLIC,
        ),
        <contract::aspirations::AspirationPublicList as Schema>::write_schema,
    ),
    answering(
        operation(
            "GET",
            "/api/v1/admin/aspirations",
            "aspiration_moderation_list",
            "aspirations",
            "Messages to moderate and answer, with contact and history (query: status, unit_code; a unit admin: own unit)",
            Access::Users(&[Role::Admin, Role::UnitAdmin]),
        ),
        <contract::aspirations::AspirationModerationList as Schema>::write_schema,
    ),
    answering(
        operation(
            "POST",
            "/api/v1/admin/aspirations/{code}/moderation",
            "aspiration_moderate",
            "aspirations",
            "Publish, hide (with a reason) or mark a message as spam; kept in its history",
            ADMIN,
        ),
        <contract::aspirations::AspirationModerationItem as Schema>::write_schema,
    )
    .reading(<contract::aspirations::AspirationModerationRequest as Schema>::write_schema),
    answering(
        operation(
            "POST",
            "/api/v1/admin/aspirations/{code}/answer",
            "aspiration_answer",
            "aspirations",
            "Answer a message (the unit's admin or an administrator); kept in its history",
            Access::Users(&[Role::Admin, Role::UnitAdmin]),
        ),
        <contract::aspirations::AspirationModerationItem as Schema>::write_schema,
    )
    .reading(<contract::aspirations::AspirationAnswerRequest as Schema>::write_schema),
    answering(
        operation(
            "GET",
            "/api/v1/admin/aspiration-holidays",
            "aspiration_holidays",
            "aspirations",
            "The holidays that are not working days for the response measures",
            Access::Users(ALL_ROLES),
        ),
        <contract::aspirations::AspirationHolidays as Schema>::write_schema,
    ),
    answering(
        operation(
            "PUT",
            "/api/v1/admin/aspiration-holidays",
            "aspiration_holidays_replace",
            "aspirations",
            "Replace the holiday list (open periods' computed values follow)",
            ADMIN,
        ),
        <contract::aspirations::AspirationHolidays as Schema>::write_schema,
    )
    .reading(<contract::aspirations::AspirationHolidays as Schema>::write_schema),
    answering(
        operation(
            "GET",
            "/api/v1/periods/{period_id}/aspiration-measures",
            "aspiration_measures",
            "aspirations",
            "Per unit of a population: response rate within N working days and median response time (query: \
             population, working_days 1–60, default 5); frozen once the period closed",
            PUBLIC,
        ),
        <contract::aspirations::AspirationMeasures as Schema>::write_schema,
    ),
    answering(
        operation(
            "GET",
            "/api/v1/periods/{period_id}/aspiration-bindings",
            "aspiration_bindings",
            "aspirations",
            "The indicators of a period whose values are computed from the aspiration service",
            PUBLIC,
        ),
        <contract::aspirations::AspirationBindings as Schema>::write_schema,
    ),
    answering(
        operation(
            "PUT",
            "/api/v1/periods/{period_id}/aspiration-bindings/{population}/{indicator}",
            "aspiration_binding_put",
            "aspirations",
            "Bind an indicator of a draft or open period to a measure; the server writes its values",
            ADMIN,
        ),
        <contract::aspirations::AspirationBinding as Schema>::write_schema,
    )
    .reading(<contract::aspirations::AspirationBindingRequest as Schema>::write_schema),
    operation(
        "DELETE",
        "/api/v1/periods/{period_id}/aspiration-bindings/{population}/{indicator}",
        "aspiration_binding_delete",
        "aspirations",
        "Unbind an indicator (its last values stay, editable again)",
        ADMIN,
    ),
];

/// The path of the operation `operation_id` below `/api/v1`, as the routers take it: a path is
/// written once, in [`OPERATIONS`], and the routers name the operation
/// (`.route(openapi::route("list_units"), get(routes::list))`).
///
/// # Panics
/// When no operation has that id. The routers are built when the application starts, so every
/// test that starts it catches a wrong id.
pub fn route(operation_id: &str) -> &'static str {
    let operation = OPERATIONS
        .iter()
        .find(|operation| operation.operation_id == operation_id)
        .unwrap_or_else(|| panic!("no API operation `{operation_id}` in openapi::OPERATIONS"));
    operation.path.strip_prefix("/api/v1").expect("every operation's path starts with /api/v1")
}

/// The operation of a routed request (`HEAD` is served by `GET`).
pub fn find(method: &Method, matched_path: Option<&str>) -> Option<&'static Operation> {
    let path = matched_path?;
    let method = if *method == Method::HEAD { "GET" } else { method.as_str() };
    OPERATIONS.iter().find(|operation| operation.method == method && operation.path == path)
}

/// The OpenAPI 3.1 document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for operation in OPERATIONS {
        let entry = paths.entry(operation.path).or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(methods) = entry {
            methods.insert(operation.method.to_ascii_lowercase(), describe(operation));
        }
    }
    let mut schemas = Map::new();
    for (name, schema) in contract::all_schemas() {
        let schema = serde_json::from_str(&schema).expect("a contract schema is JSON (tested in contract)");
        schemas.insert(name.to_owned(), schema);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Sibekisar API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "JSON API of Sibekisar (CETTAR work-culture scoring). Errors share one shape: \
    {\"error\":{\"code\",\"message\",\"field\",\"problems\"}} with Indonesian messages and stable codes. \
    Browsers authenticate with the `sibekisar_session` cookie and send the CSRF token in `X-CSRF-Token` \
    on state-changing requests; other agencies' systems send `Authorization: Bearer sbk_<id>_<secret>`. \
    `x-sibekisar-access` states who may call each operation.",
        },
        "servers": [{"url": "/"}],
        "tags": [
            {"name": "system", "description": "Health and documentation"},
            {"name": "results", "description": "Published periods, rankings and rubrics (public)"},
            {"name": "score", "description": "Public scoring: stores nothing"},
            {"name": "simulation", "description": "What-if scenarios saved by signed-in users (private to each user)"},
            {"name": "auth", "description": "Sessions, passwords and set-up links"},
            {"name": "assessment", "description": "Entering, checking, importing and exporting assessment data (signed in)"},
            {"name": "admin", "description": "Accounts, API tokens and the security audit (administrators)"},
            {"name": "registry", "description": "Units and populations (administrators)"},
            {"name": "policy", "description": "Work-system policy monitor (Permenpan RB 7/2022): stages, action plans, roll-up"},
            {"name": "aspirations", "description": "Citizens' aspiration service: messages, moderation, answers and responsiveness measures"},
        ],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "sibekisar_session"},
                "token": {"type": "http", "scheme": "bearer", "description": "sbk_<id>_<secret>"},
            },
            "schemas": schemas,
            "responses": {
                "Error": {
                    "description": "An error in the API's one shape",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
                },
            },
        },
    })
}

fn describe(operation: &Operation) -> Value {
    let parameters: Vec<Value> = operation
        .path
        .split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
        .collect();
    let security = match operation.access {
        Access::Public => json!([]),
        Access::Users(_) => json!([{"session": []}]),
        Access::UsersOrToken(_) => json!([{"session": []}, {"token": []}]),
    };
    let roles: Vec<&str> = operation.access.roles().iter().map(|role| role.code()).collect();
    let mut described = json!({
        "operationId": operation.operation_id,
        "summary": operation.summary,
        "tags": [operation.tag],
        "security": security,
        "x-sibekisar-access": {
            "public": operation.access == Access::Public,
            "roles": roles,
            "api_tokens": operation.access.admits_tokens(),
        },
        "responses": {
            "2XX": {"description": "Success", "content": {"application/json": answer_content(operation)}},
            "4XX": {"$ref": "#/components/responses/Error"},
        },
    });
    if !parameters.is_empty() {
        described["parameters"] = Value::Array(parameters);
    }
    if let Some(write_schema) = operation.request {
        let mut schema = String::new();
        write_schema(&mut schema);
        let schema = serde_json::from_str::<Value>(&schema).expect("a contract schema is JSON");
        described["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": schema}}});
    } else if matches!(operation.method, "POST" | "PUT" | "PATCH") {
        described["requestBody"] =
            json!({"required": true, "content": {"application/json": {"schema": {"type": "object"}}}});
    }
    described
}

/// The success answer's media type object: its contract schema when it has one.
fn answer_content(operation: &Operation) -> Value {
    match operation.answer {
        Some(write_schema) => {
            let mut schema = String::new();
            write_schema(&mut schema);
            json!({"schema": serde_json::from_str::<Value>(&schema).expect("a contract schema is JSON")})
        }
        None => json!({}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_are_unique_and_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        let mut ids = std::collections::BTreeSet::new();
        for operation in OPERATIONS {
            assert!(seen.insert((operation.method, operation.path)), "{} {} twice", operation.method, operation.path);
            assert!(ids.insert(operation.operation_id), "{} twice", operation.operation_id);
            assert!(operation.path.starts_with("/api/v1/"), "{}", operation.path);
            assert!(["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&operation.method));
        }
    }

    #[test]
    fn head_is_found_as_get_and_unknown_routes_are_not_found() {
        assert!(find(&Method::HEAD, Some("/api/v1/health")).is_some());
        assert!(find(&Method::POST, Some("/api/v1/health")).is_none());
        assert!(find(&Method::GET, None).is_none());
    }

    #[test]
    fn the_document_lists_every_operation_with_its_access() {
        let document = document();
        assert_eq!(document["openapi"], "3.1.0");
        for operation in OPERATIONS {
            let described = &document["paths"][operation.path][operation.method.to_ascii_lowercase()];
            assert_eq!(described["operationId"], operation.operation_id);
            assert!(described["x-sibekisar-access"]["roles"].is_array());
        }
        // Answers in the contract refer to its schemas, each listed once in the components.
        let periods = &document["paths"]["/api/v1/periods"]["get"]["responses"]["2XX"]["content"]["application/json"];
        assert_eq!(periods["schema"], json!({"type": "array", "items": {"$ref": "#/components/schemas/Period"}}));
        let period = &document["components"]["schemas"]["Period"];
        assert_eq!(period["properties"]["state"]["allOf"][0]["$ref"], "#/components/schemas/PeriodState");
        assert_eq!(
            document["components"]["schemas"]["PeriodState"]["enum"],
            json!(["draft", "open", "closed", "published"])
        );
        assert!(document["components"]["schemas"]["ErrorBody"]["properties"]["error"].is_object());
        let patch = &document["paths"]["/api/v1/admin/users/{username}"]["patch"];
        assert_eq!(patch["parameters"][0]["name"], "username");
        assert_eq!(patch["x-sibekisar-access"]["roles"], json!(["admin"]));
    }
}
