//! One module per page (route).

pub mod account;
pub mod admin;
// The citizens' aspiration service (issue 23).
pub mod aspiration;
pub mod assessment;
pub mod home;
pub mod login;
pub mod mentoring;
pub mod not_found;
// Work-system policy monitor (issue 8).
pub mod policy;
pub mod rankings;
pub mod scoring_rules;
pub mod simulator;
pub mod unit_report;
// Webinar walk-through and sandbox (issue 7).
pub mod webinar;
