//! One module per page (route).

pub mod assessment;
pub mod home;
pub mod not_found;
pub mod rankings;
pub mod scoring_rules;
pub mod simulator;
