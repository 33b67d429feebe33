//! Mentoring status and notes kept by Biro Organisasi (`/api/v1/periods/{p}/mentoring`, see
//! `server/src/routes/mentoring.rs`): administrators and viewers read, administrators record.
//! Never cached locally: notes are internal and must not outlive the session in the browser.

use gloo_net::http::Method;

use super::json::{self, ToJson};
use super::send::{Answer, get, send};
use crate::simulation::encode_query_value;

/// The statuses in their usual order (`belum_ditindaklanjuti` first).
pub const STATUSES: [&str; 4] = [
    MentoringStatus::NotFollowedUp.code(),
    MentoringStatus::Scheduled.code(),
    MentoringStatus::InProgress.code(),
    MentoringStatus::Done.code(),
];

/// One recorded change and a unit's record: the contract's types.
pub use contract::{MentoringEvent, MentoringStatus, MentoringUnit};

/// The newest event that carries a note.
pub trait LatestNote {
    fn latest_note(&self) -> Option<&MentoringEvent>;
}

impl LatestNote for MentoringUnit {
    fn latest_note(&self) -> Option<&MentoringEvent> {
        self.events.iter().find(|event| event.note.is_some())
    }
}

/// `{"period_id","statuses","units":[…]}`.
fn read_list(text: &str) -> Result<Vec<MentoringUnit>, String> {
    json::from_str::<contract::MentoringList>(text).map(|list| list.units).map_err(|error| error.message())
}

fn input_body(status: Option<&str>, note: Option<&str>) -> String {
    contract::mentoring::MentoringChange { status: status.map(str::to_owned), note: note.map(str::to_owned) }.to_json()
}

/// Why it failed: `Err(status)` for an HTTP status (401/403 mean "not for you"), or the server's
/// message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MentoringError {
    Status(u16),
    Message(String),
}

fn failure(answer: Result<Answer, String>) -> MentoringError {
    match answer {
        Ok(answer) if matches!(answer.status, 401 | 403) => MentoringError::Status(answer.status),
        Ok(answer) => {
            let error = answer.error();
            MentoringError::Message(if error.message.is_empty() { error.code } else { error.message })
        }
        Err(network) => MentoringError::Message(network),
    }
}

fn url(period_id: &str) -> String {
    format!("/api/v1/periods/{}/mentoring", encode_query_value(period_id))
}

/// Every unit with a mentoring record in the period.
///
/// # Errors
/// [`MentoringError::Status`] 401/403 for callers who may not read; otherwise the message.
pub async fn list(period_id: &str) -> Result<Vec<MentoringUnit>, MentoringError> {
    match get(&url(period_id)).await {
        Ok(answer) if answer.ok() => read_list(&answer.text).map_err(MentoringError::Message),
        other => Err(failure(other)),
    }
}

/// Records a new status and/or a note for a unit; answers the unit's record.
///
/// # Errors
/// The server's message (e.g. an empty change) or the network error.
pub async fn record(
    period_id: &str,
    unit_code: &str,
    status: Option<&str>,
    note: Option<&str>,
    idempotency_key: &str,
) -> Result<MentoringUnit, MentoringError> {
    let body = input_body(status, note);
    let url = format!("{}/{}", url(period_id), encode_query_value(unit_code));
    match send(Method::POST, &url, Some(&body), Some(idempotency_key)).await {
        Ok(answer) if answer.ok() => {
            json::from_str(&answer.text).map_err(|error| MentoringError::Message(error.message()))
        }
        other => Err(failure(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_and_the_body_keep_the_servers_shape() {
        let units = read_list(
            r#"{"period_id":"2023-annual","statuses":["belum_ditindaklanjuti","dijadwalkan","sedang_didampingi","selesai"],
                "units":[{"unit_code":"kota-batu","status":"dijadwalkan","status_at":"2024-04-01T00:00:00Z","status_by":"Admin","events":[
                {"note":"Kunjungan","author":"admin","author_name":"Admin","created_at":"2024-05-01T00:00:00Z"},
                {"status":"dijadwalkan","author":"admin","author_name":"Admin","created_at":"2024-04-01T00:00:00Z"}]}]}"#,
        )
        .unwrap();
        assert_eq!(units[0].latest_note().and_then(|event| event.note.as_deref()), Some("Kunjungan"));
        assert_eq!(units[0].events[1].status.as_deref(), Some("dijadwalkan"));
        let read = |text: String| -> contract::mentoring::MentoringChange { json::from_request_str(&text).unwrap() };
        let change = read(input_body(Some("selesai"), None));
        assert_eq!((change.status.as_deref(), change.note), (Some("selesai"), None));
        let change = read(input_body(None, Some("n")));
        assert_eq!((change.status, change.note.as_deref()), (None, Some("n")));
    }
}
