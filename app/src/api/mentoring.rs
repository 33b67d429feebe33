//! Mentoring status and notes kept by Biro Organisasi (`/api/v1/periods/{p}/mentoring`, see
//! `server/src/routes/mentoring.rs`): administrators and viewers read, administrators record.
//! Never cached locally: notes are internal and must not outlive the session in the browser.

use gloo_net::http::Method;

use super::json::{self, Fields, FromJson, Json, Object, ShapeError};
use super::send::{Answer, get, send};
use crate::simulation::encode_query_value;

/// The statuses in their usual order (`belum_ditindaklanjuti` first).
pub const STATUSES: [&str; 4] = ["belum_ditindaklanjuti", "dijadwalkan", "sedang_didampingi", "selesai"];

/// One recorded change: a new status, a note, or both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentoringEvent {
    pub status: Option<String>,
    pub note: Option<String>,
    pub author_name: String,
    pub created_at: String,
}

impl FromJson for MentoringEvent {
    fn from_json(value: &Json) -> Result<MentoringEvent, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(MentoringEvent {
            status: fields.opt("status")?,
            note: fields.opt("note")?,
            author_name: fields.req("author_name")?,
            created_at: fields.req("created_at")?,
        })
    }
}

/// A unit's mentoring record: its current status and its events, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentoringUnit {
    pub unit_code: String,
    pub status: String,
    pub events: Vec<MentoringEvent>,
}

impl FromJson for MentoringUnit {
    fn from_json(value: &Json) -> Result<MentoringUnit, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(MentoringUnit {
            unit_code: fields.req("unit_code")?,
            status: fields.req("status")?,
            events: fields.req("events")?,
        })
    }
}

impl MentoringUnit {
    /// The newest event that carries a note.
    pub fn latest_note(&self) -> Option<&MentoringEvent> {
        self.events.iter().find(|event| event.note.is_some())
    }
}

/// `{"units":[…]}`.
fn read_list(text: &str) -> Result<Vec<MentoringUnit>, String> {
    let document = json::parse(text).map_err(|error| error.message())?;
    Fields::new(&document).and_then(|list| list.req("units")).map_err(|error| json::ReadError::Shape(error).message())
}

fn input_body(status: Option<&str>, note: Option<&str>) -> String {
    Object::new().string_if("status", status).string_if("note", note).finish()
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
            r#"{"units":[{"unit_code":"kota-batu","status":"dijadwalkan","events":[
                {"status":null,"note":"Kunjungan","author_name":"Admin","created_at":"2024-05-01T00:00:00Z"},
                {"status":"dijadwalkan","author_name":"Admin","created_at":"2024-04-01T00:00:00Z"}]}]}"#,
        )
        .unwrap();
        assert_eq!(units[0].latest_note().and_then(|event| event.note.as_deref()), Some("Kunjungan"));
        assert_eq!(units[0].events[1].status.as_deref(), Some("dijadwalkan"));
        assert_eq!(input_body(Some("selesai"), None), r#"{"status":"selesai"}"#);
        assert_eq!(input_body(None, Some("n")), r#"{"note":"n"}"#);
        assert_eq!(input_body(None, None), "{}");
    }
}
