//! Server integration tests: one binary, one module per area, each test with its own app on
//! port 0 and its own database.

mod aspirations;
mod assessment;
mod auth_admin;
// Bursts of parallel wrong logins: throttled first, then bounded by the password gate.
mod auth_burst;
mod auth_helpers;
mod auth_matrix;
mod auth_session;
mod auth_tokens;
mod entries_crash;
// The entry detail panel: idempotent workflow steps and uploads, notes in history (issue 4).
mod entries_detail;
mod entries_import;
mod entries_write;
mod health;
mod helpers;
mod hosting;
// Hostile import files: zip bombs, stray cells, delimiter floods.
mod imports_hostile;
// Slow and greedy clients: deadlines, the concurrency limit, the anonymous batch size.
mod limits;
// Mentoring status and notes on the watch-list (issue 7).
mod mentoring;
// Request ids, the JSON access log, metrics, liveness and readiness.
mod observability;
// The binary's operations: migrate as a step, backup while writing, restore.
mod operations;
// Work-system policy monitor (issue 8).
mod policy_monitor;
// Published answers: strong ETags, 304, public caching; the ranking a page at a time.
mod public_reads;
mod reports;
// Saved simulator scenarios (issue 6).
mod scenarios;
mod score;
// Every documented operation with strange input: never 5xx, nothing stored changes.
mod sweep;
// Two server processes on one database share sessions, writes, throttling, keys and imports.
mod two_processes;
// The unit registry and populations (issue 17).
mod units;
// Writes re-score only the units they touch; ranks read from stored totals equal a full recomputation.
mod write_costs;
