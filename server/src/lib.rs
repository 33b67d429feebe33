//! Sibekisar server: the JSON API under `/api/v1`, storage and hosting of the web app.
//! `main.rs` stays a few lines; everything is reachable from here so integration tests can start
//! the real application on port 0.

// The citizens' aspiration service: messages, moderation, answers, computed indicator values.
pub mod aspirations;
pub mod auth;
// `sibekisar backup` and `sibekisar restore` (SQLite).
pub mod backup;
pub mod configuration;
pub mod demo;
// Assessment data, write side: entries, workflow, evidence.
pub mod entries;
pub mod error;
// The thin HTTP layer: API router, extractors, idempotency, uploads.
pub mod http;
pub mod imports;
// Deadlines and the concurrency limit of a request.
pub mod limits;
// Mentoring status and notes on the watch-list.
pub mod mentoring;
// Request ids, the access log and Prometheus metrics.
pub mod observe;
pub mod openapi;
// Periods and rubric versions.
pub mod periods;
// Work-system policy monitor (issue 8).
pub mod policy;
// Published results, reports and the stateless scorer.
pub mod results;
// What-if scenarios saved by signed-in users.
pub mod scenarios;
// The accept loop: header deadline, graceful shutdown with a time limit.
pub mod serve;
pub mod site;
pub mod startup;
pub mod storage;
pub mod telemetry;
// The unit registry and populations (issue 17).
pub mod units;
