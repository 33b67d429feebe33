//! The citizens' aspiration service (*layanan aspirasi masyarakat*, `/api/v1/aspirations`): a
//! citizen's message to a unit, its moderation and answer, the responsiveness measures computed
//! from them, and the binding of a rubric indicator to one measure.
//!
//! Also the one implementation of the submission challenge (a small proof of work the page
//! computes, [`solve_challenge`], and the server checks, [`challenge_solved`]).

use sha2::{Digest, Sha256};

crate::enumeration! {
    /// What a message is about.
    pub enum AspirationCategory {
        /// Public service (pelayanan).
        Service = "pelayanan",
        /// A request for information.
        Information = "informasi",
        /// A complaint (pengaduan).
        Complaint = "pengaduan",
        /// A suggestion (saran).
        Suggestion = "saran",
    }
}

crate::enumeration! {
    /// Where a message stands in moderation.
    pub enum AspirationStatus {
        /// Received, not moderated yet (shown only to its sender by receipt code and to staff).
        Pending = "menunggu",
        /// Published by an administrator: shown on the unit's public page and counted.
        Published = "diterbitkan",
        /// Hidden by an administrator, with a reason.
        Hidden = "disembunyikan",
        /// Marked as spam by an administrator.
        Spam = "spam",
    }
}

crate::enumeration! {
    /// A moderation decision (`POST /api/v1/admin/aspirations/{code}/moderation`).
    pub enum AspirationAction {
        Publish = "terbitkan",
        /// Needs a reason.
        Hide = "sembunyikan",
        Spam = "spam",
    }
}

crate::enumeration! {
    /// What one history record of a message says happened.
    pub enum AspirationEvent {
        Submitted = "dikirim",
        Published = "diterbitkan",
        Hidden = "disembunyikan",
        Spam = "spam",
        /// An answer was written (a later answer replaces the shown one; all stay in history).
        Answered = "dijawab",
    }
}

crate::enumeration! {
    /// A responsiveness measure computed per unit and period.
    pub enum AspirationMeasure {
        /// Percentage (0–100) of counted messages answered within N working days.
        ResponseRate = "tingkat_tanggapan",
        /// Median working days from submission to first answer (unanswered messages are left out).
        MedianResponseDays = "median_hari_tanggapan",
    }
}

crate::object! {
    /// `GET /api/v1/aspirations/challenge`: find a `counter` such that SHA-256 of
    /// `"<nonce>:<counter>"` starts with `difficulty` zero bits ([`solve_challenge`]), then send
    /// both with the message. Valid until `expires_at`, once.
    pub struct AspirationChallenge {
        pub nonce: String,
        pub difficulty: u32,
        pub expires_at: String,
    }
}

crate::object! {
    /// A unit a citizen may write to.
    pub struct AspirationUnit {
        pub code: String,
        pub name: String,
        /// The population's code (`opd`, `kabkota`…).
        pub population: String,
    }
}

crate::object! {
    /// `GET /api/v1/aspirations/units`: every active unit, by name (public, for the form's picker).
    pub struct AspirationUnits {
        pub units: Vec<AspirationUnit>,
    }
}

crate::object! {
    /// `POST /api/v1/aspirations`: a citizen's message (no account needed).
    pub struct AspirationSubmission {
        /// The unit's code.
        pub unit_code: String,
        pub category: AspirationCategory,
        /// The message, 1–2000 characters.
        pub text: String,
        /// An email address or phone number, kept private (never shown publicly, deleted after
        /// the retention period).
        pub contact: Option<String> = omit_none,
        /// The honeypot: a field hidden from people; must be absent or empty.
        pub website: Option<String> = omit_none,
        /// The challenge's nonce, as received.
        pub nonce: String,
        /// The counter found by [`solve_challenge`].
        pub counter: u64,
    }
}

crate::object! {
    /// The answer to a submission: the receipt code to follow the message with
    /// (`/aspirasi/<code>`).
    pub struct AspirationReceipt {
        /// Ten letters and digits in two groups (`7KQ2M-XR9PD`); case and the dash are ignored
        /// when read back.
        pub code: String,
        pub status: AspirationStatus,
        pub submitted_at: String,
    }
}

crate::object! {
    /// One message as the public sees it: anonymised (never the contact, never the address).
    pub struct AspirationPublic {
        pub code: String,
        pub unit_code: String,
        pub unit_name: String,
        pub category: AspirationCategory,
        pub text: String,
        pub status: AspirationStatus,
        pub submitted_at: String,
        pub published_at: Option<String>,
        /// The unit's published answer (the latest), if any.
        pub answer: Option<String>,
        pub answered_at: Option<String>,
        /// Working days (WIB, Monday–Friday minus holidays) from submission to the first answer.
        pub response_working_days: Option<u32>,
        /// Why an administrator hid it (only in the follow view, by receipt code).
        pub hidden_reason: Option<String> = omit_none,
    }
}

crate::object! {
    /// `GET /api/v1/aspirations/units/{unit_code}`: a unit's published messages, newest first.
    pub struct AspirationPublicList {
        pub unit_code: String,
        pub unit_name: String,
        pub messages: Vec<AspirationPublic>,
        /// How many of them are answered.
        pub answered: u32,
        /// Median working days to the first answer over the answered ones.
        pub median_response_working_days: Option<u32>,
    }
}

crate::object! {
    /// One record of a message's append-only history (staff only).
    pub struct AspirationHistoryRecord {
        pub event: AspirationEvent,
        /// Username; absent for the citizen's submission.
        pub actor: Option<String>,
        /// The hide reason, or the answer's text.
        pub note: Option<String>,
        pub at: String,
    }
}

crate::object! {
    /// A message as staff see it in moderation.
    pub struct AspirationModerationItem {
        pub code: String,
        pub unit_code: String,
        pub unit_name: String,
        pub category: AspirationCategory,
        pub text: String,
        pub status: AspirationStatus,
        pub submitted_at: String,
        /// The sender's contact, while kept (`None` when not given or deleted by retention).
        pub contact: Option<String>,
        /// Sent from a signed-in session of the unit's own staff: never counted in the measures.
        pub self_post: bool,
        pub answer: Option<String>,
        pub answered_at: Option<String>,
        pub answered_by: Option<String>,
        pub hidden_reason: Option<String>,
        /// Oldest first.
        pub history: Vec<AspirationHistoryRecord>,
    }
}

crate::object! {
    /// `GET /api/v1/admin/aspirations?status=&unit_code=`: newest first (administrators: every
    /// unit; a unit admin: their own unit).
    pub struct AspirationModerationList {
        pub items: Vec<AspirationModerationItem>,
    }
}

crate::object! {
    /// `POST /api/v1/admin/aspirations/{code}/moderation`.
    pub struct AspirationModerationRequest {
        pub action: AspirationAction,
        /// Required to hide (1–500 characters).
        pub reason: Option<String> = omit_none,
    }
}

crate::object! {
    /// `POST /api/v1/admin/aspirations/{code}/answer`.
    pub struct AspirationAnswerRequest {
        /// 1–2000 characters.
        pub text: String,
    }
}

crate::object! {
    /// A day that is not a working day.
    pub struct AspirationHoliday {
        /// `YYYY-MM-DD`.
        pub date: String,
        pub name: String,
    }
}

crate::object! {
    /// `GET`/`PUT /api/v1/admin/aspiration-holidays`: the whole list, by date (a PUT replaces it).
    pub struct AspirationHolidays {
        pub holidays: Vec<AspirationHoliday>,
    }
}

crate::object! {
    /// One unit's measures in a period.
    pub struct AspirationUnitMeasures {
        pub unit_code: String,
        pub unit_name: String,
        /// Messages counted: published, submitted inside the period's window, not self-posted.
        pub counted: u32,
        /// Of those, answered within `working_days`.
        pub answered_in_time: u32,
        /// Percentage with two decimals (`83.33`); `None` when nothing is counted.
        pub response_rate: Option<engine::wire::WireNumber>,
        /// Median working days to the first answer (a half when the count is even: `2.5`);
        /// `None` when no counted message is answered.
        pub median_response_days: Option<engine::wire::WireNumber>,
    }
}

crate::object! {
    /// `GET /api/v1/periods/{period_id}/aspiration-measures?population=&working_days=`.
    pub struct AspirationMeasures {
        pub period_id: String,
        pub population: String,
        /// The N of "answered within N working days".
        pub working_days: u32,
        /// First and last calendar day (WIB) of the period's window.
        pub window_start: String,
        pub window_end: String,
        /// The values were frozen when the period closed (they no longer change).
        pub frozen: bool,
        pub units: Vec<AspirationUnitMeasures>,
    }
}

crate::object! {
    /// A rubric indicator of a period × population whose value is computed from a measure.
    pub struct AspirationBinding {
        pub period_id: String,
        pub population: String,
        pub indicator: String,
        pub measure: AspirationMeasure,
        /// The N of the response rate (also kept for the median).
        pub working_days: u32,
    }
}

crate::object! {
    /// `PUT /api/v1/periods/{period_id}/aspiration-bindings/{population}/{indicator}`.
    pub struct AspirationBindingRequest {
        pub measure: AspirationMeasure,
        /// 1–60; absent: 5.
        pub working_days: Option<u32> = omit_none,
    }
}

crate::object! {
    /// `GET /api/v1/periods/{period_id}/aspiration-bindings`.
    pub struct AspirationBindings {
        pub bindings: Vec<AspirationBinding>,
    }
}

/// Seconds a challenge stays valid.
pub const CHALLENGE_VALID_SECONDS: u64 = 30 * 60;

/// The number of leading zero bits of `digest`.
///
/// ```
/// assert_eq!(contract::aspirations::leading_zero_bits(&[0, 0b0010_0000, 0xff]), 10);
/// ```
pub fn leading_zero_bits(digest: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in digest {
        if *byte == 0 {
            bits += 8;
        } else {
            return bits + byte.leading_zeros();
        }
    }
    bits
}

/// Whether SHA-256 of `"<nonce>:<counter>"` starts with at least `difficulty` zero bits.
pub fn challenge_solved(nonce: &str, counter: u64, difficulty: u32) -> bool {
    let digest = Sha256::digest(format!("{nonce}:{counter}").as_bytes());
    leading_zero_bits(&digest) >= difficulty
}

/// The smallest counter that solves the challenge (about 2^`difficulty` hashes on average).
///
/// ```
/// use contract::aspirations::{challenge_solved, solve_challenge};
/// let counter = solve_challenge("abc", 8);
/// assert!(challenge_solved("abc", counter, 8));
/// ```
pub fn solve_challenge(nonce: &str, difficulty: u32) -> u64 {
    let difficulty = difficulty.min(32);
    (0..u64::MAX).find(|counter| challenge_solved(nonce, *counter, difficulty)).unwrap_or(u64::MAX)
}

/// A receipt code as typed (any case, spaces or dashes) in its canonical form `XXXXX-XXXXX`, or
/// `None` when it cannot be one.
///
/// ```
/// assert_eq!(contract::aspirations::normalise_receipt(" 7kq2m xr9pd"), Some("7KQ2M-XR9PD".to_owned()));
/// assert_eq!(contract::aspirations::normalise_receipt("7KQ2M"), None);
/// ```
pub fn normalise_receipt(typed: &str) -> Option<String> {
    let characters: Vec<char> = typed
        .chars()
        .filter(|character| !character.is_whitespace() && *character != '-')
        .map(|character| character.to_ascii_uppercase())
        .collect();
    if characters.len() != 10 || !characters.iter().all(|character| RECEIPT_ALPHABET.contains(*character)) {
        return None;
    }
    let (first, second) = characters.split_at(5);
    Some(format!("{}-{}", first.iter().collect::<String>(), second.iter().collect::<String>()))
}

/// The characters of a receipt code: digits and capitals without the look-alikes 0, 1, I, O.
pub const RECEIPT_ALPHABET: &str = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{ToJson, from_str};

    #[test]
    fn a_solved_challenge_verifies_and_a_wrong_counter_does_not() {
        let counter = solve_challenge("1700000000000.abcdef.0123", 12);
        assert!(challenge_solved("1700000000000.abcdef.0123", counter, 12));
        assert!(!challenge_solved("another nonce", counter, 12) || solve_challenge("another nonce", 12) == counter);
        assert!(challenge_solved("x", 0, 0), "difficulty 0 accepts anything");
        assert_eq!(leading_zero_bits(&[0, 0, 0]), 24);
    }

    #[test]
    fn a_submission_reads_back_and_leaves_empty_options_out() {
        let text = r#"{"unit_code":"DISKOMINFO","category":"pengaduan","text":"Halo","nonce":"n","counter":42}"#;
        let submission: AspirationSubmission = from_str(text).unwrap();
        assert_eq!(submission.category, AspirationCategory::Complaint);
        assert_eq!(submission.to_json(), text);
    }
}
