//! Mentoring status and notes kept by Biro Organisasi (`/api/v1/periods/{p}/mentoring`, see
//! `server/src/routes/mentoring.rs`): administrators and viewers read, administrators record.
//! Never cached locally: notes are internal and must not outlive the session in the browser.

use gloo_net::http::Method;
use serde::{Deserialize, Serialize};

use super::send::{Answer, get, send};
use crate::simulation::encode_query_value;

/// The statuses in their usual order (`belum_ditindaklanjuti` first).
pub const STATUSES: [&str; 4] = [
    "belum_ditindaklanjuti",
    "dijadwalkan",
    "sedang_didampingi",
    "selesai",
];

/// One recorded change: a new status, a note, or both.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct MentoringEvent {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub author_name: String,
    pub created_at: String,
}

/// A unit's mentoring record: its current status and its events, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct MentoringUnit {
    pub unit_code: String,
    pub status: String,
    pub events: Vec<MentoringEvent>,
}

impl MentoringUnit {
    /// The newest event that carries a note.
    pub fn latest_note(&self) -> Option<&MentoringEvent> {
        self.events.iter().find(|event| event.note.is_some())
    }
}

#[derive(Deserialize)]
struct List {
    units: Vec<MentoringUnit>,
}

#[derive(Serialize)]
struct Input<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
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
            MentoringError::Message(if error.message.is_empty() {
                error.code
            } else {
                error.message
            })
        }
        Err(network) => MentoringError::Message(network),
    }
}

fn url(period_id: &str) -> String {
    format!(
        "/api/v1/periods/{}/mentoring",
        encode_query_value(period_id)
    )
}

/// Every unit with a mentoring record in the period.
///
/// # Errors
/// [`MentoringError::Status`] 401/403 for callers who may not read; otherwise the message.
pub async fn list(period_id: &str) -> Result<Vec<MentoringUnit>, MentoringError> {
    match get(&url(period_id)).await {
        Ok(answer) if answer.ok() => serde_json::from_str::<List>(&answer.text)
            .map(|list| list.units)
            .map_err(|error| MentoringError::Message(error.to_string())),
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
    let body = serde_json::to_string(&Input { status, note }).unwrap_or_default();
    let url = format!("{}/{}", url(period_id), encode_query_value(unit_code));
    match send(Method::POST, &url, Some(&body), Some(idempotency_key)).await {
        Ok(answer) if answer.ok() => serde_json::from_str(&answer.text)
            .map_err(|error| MentoringError::Message(error.to_string())),
        other => Err(failure(other)),
    }
}
