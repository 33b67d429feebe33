//! CETTAR scoring engine: rubrics, exact scores, grades, ranking, what-if and goal-seek.
//!
//! Pure Rust: no I/O, no async, no clock, no randomness. The same code runs on the server and,
//! compiled to `wasm32-unknown-unknown`, in the browser; both give byte-identical answers.
//!
//! # Exactness
//! Every number (raw values, bounds, weights, points) is read from its decimal text into a
//! [`Decimal`] (integer millionths). Each indicator score is an exact rational `pᵢ/qᵢ` whose
//! denominator depends only on the rule; at parse time every spirit gets a common denominator and
//! integer factors `kᵢ`, so scoring a unit is an integer multiply-add per indicator and one exact
//! half-up division per spirit. Rubrics whose arithmetic could overflow `i128` are refused at
//! parse time ([`ErrorKind::TooFineGrained`]). Binary floating point is used nowhere.
//!
//! # Product rule
//! Each spirit contribution `C_s = W_s × (Σ wᵢ·sᵢ / Σ wᵢ) / 100` is rounded half-up to two
//! decimals; the total is the sum of the rounded contributions (or, with `"rounding":"total"`,
//! the exact sum rounded once). Grades: ≥ 81.00 A, ≥ 61.00 B, ≥ 41.00 C, ≥ 21.00 D, else E.

pub mod analysis;
pub mod decimal;
pub mod draft;
pub mod error;
pub mod goal_seek;
pub mod impact;
pub mod input;
pub mod json;
pub mod order;
pub mod rank;
pub mod rubric;
pub mod scenario;
pub mod score;
pub mod values;
pub mod wire;

pub use analysis::{MarginalRow, ValueChange, WhatIf, marginal_table, what_if};
pub use decimal::{Decimal, DecimalError, Exact};
pub use error::{ErrorKind, Errors, FieldError};
pub use goal_seek::{Goal, GoalSeekOptions, GoalSeekOutcome, PlanStep, goal_seek, step_raw_value};
pub use rank::{RankedUnit, rank_among, rank_by_total, score_and_rank};
pub use rubric::{
    CategoryLabel, CategoryRule, Direction, Indicator, IndicatorCode, Rounding, Rubric, Rule, ScaleRule, Spirit,
    SpiritCode, Weight,
};
pub use score::{Cents, Grade, IndicatorResult, SpiritResult, TotalRange, UnitResult, score_total, score_unit};
pub use values::{IndicatorValue, RawValue, UnitValues};
