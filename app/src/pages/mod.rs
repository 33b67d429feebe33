//! One module per page (route).

pub mod account;
pub mod assessment;
pub mod home;
pub mod login;
pub mod mentoring;
pub mod not_found;
pub mod rankings;
pub mod scoring_rules;
pub mod simulator;
pub mod unit_report;
