//! The assessor's screen (`/penilaian`): pure logic, unit-tested natively.
//!
//! - [`cell`]: a cell's text checked by the indicator's rule with `engine`, and its score;
//! - [`paste`]: a block copied from a spreadsheet, and where it lands;
//! - [`detail`]: what the entry detail panel offers each role (workflow steps, notes, uploads);
//! - [`grid`]: spreadsheet-like keyboard movement and the fill counter;
//! - [`outbox`]: drafts and the changes waiting to be sent (idempotency keys, base versions,
//!   conflicts), as plain data;
//! - [`sync`]: the browser side: keeps the outbox in `localStorage` and sends it.

pub mod cell;
pub mod detail;
pub mod grid;
pub mod outbox;
pub mod paste;
pub mod sync;
