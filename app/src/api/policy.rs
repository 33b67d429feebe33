//! The work-system policy monitor (`/api/v1/policy/*`, `server/src/policy/routes.rs`): the
//! roll-up and one government's checklist, and the writes of its stages, actions and assessment.
//! Reads go around the offline cache (`send::get`): this data is only useful fresh.

use std::collections::BTreeMap;

use gloo_net::http::Method;
use serde::Deserialize;

use crate::api::send::{Answer, get, send, send_object};

#[derive(Clone, Debug, Deserialize)]
pub struct StageSummary {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub short: String,
    pub done: usize,
    pub percent_done: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GovernmentLine {
    pub code: String,
    pub name: String,
    pub statuses: Vec<String>,
    pub days_since_change: Option<i64>,
    pub stalled: bool,
    pub overdue_actions: usize,
    pub vmvh_grade: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct OverdueAction {
    pub unit_code: String,
    pub unit_name: String,
    pub title: String,
    pub owner: String,
    pub due_date: String,
    pub days_overdue: i64,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Rollup {
    pub today: String,
    pub demo: bool,
    pub stall_days: i64,
    pub n_governments: usize,
    pub stages: Vec<StageSummary>,
    pub governments: Vec<GovernmentLine>,
    pub overdue_actions: Vec<OverdueAction>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Stage {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub hint: String,
    pub status: String,
    pub date: Option<String>,
    pub reference: Option<String>,
    pub note: Option<String>,
    pub evidence_url: Option<String>,
    /// Evidence files (signed-in readers only; the public gets none).
    #[serde(default)]
    pub files: Vec<StageFile>,
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
}

/// An evidence file of a stage, downloaded from `GET /evidence/{id}`.
#[derive(Clone, Debug, Deserialize)]
pub struct StageFile {
    pub id: String,
    pub name: String,
    pub size: u64,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

/// The largest evidence file the server takes (`MAX_EVIDENCE_BYTES`).
pub const MAX_FILE_BYTES: f64 = 10.0 * 1024.0 * 1024.0;

#[derive(Clone, Debug, Deserialize)]
pub struct Action {
    pub id: String,
    pub title: String,
    pub owner: String,
    pub due_date: String,
    pub status: String,
    pub effective_status: String,
    pub overdue: bool,
    pub evidence_url: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct RubricIndicator {
    pub code: String,
    pub name: String,
    pub spirit: String,
    pub labels: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct RubricSpirit {
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Rubric {
    pub description: String,
    pub spirits: Vec<RubricSpirit>,
    pub indicators: Vec<RubricIndicator>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Assessment {
    /// Raw values as JSON (labels for the shipped rubric).
    pub values: BTreeMap<String, serde_json::Value>,
    pub total: String,
    pub grade: String,
    pub complete: bool,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GovernmentRef {
    pub code: String,
    pub name: String,
    pub population: String,
}

/// The `sistem-kerja` period holding the assessment (ranked and simulated like any period).
#[derive(Clone, Debug, Deserialize)]
pub struct PeriodRef {
    pub id: String,
    pub label: String,
    pub state: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Checklist {
    pub unit: GovernmentRef,
    pub today: String,
    pub demo: bool,
    pub may_edit: bool,
    pub stages: Vec<Stage>,
    pub actions: Vec<Action>,
    pub rubric: Rubric,
    pub period: Option<PeriodRef>,
    pub assessment: Option<Assessment>,
}

/// One audited change of a government (`GET /policy/units/{code}/history`, newest first):
/// `subject` is `STAGE:<code>`, `ACTION:<id>` or `VMVH:<indicator>`; `old`/`new` are the stage or
/// action as recorded (objects) or the assessment's raw values.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Change {
    pub subject: String,
    #[serde(default)]
    pub old: serde_json::Value,
    #[serde(default)]
    pub new: serde_json::Value,
    pub changed_by: String,
    pub changed_at: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct History {
    pub changes: Vec<Change>,
}

/// What a read answered: the data, or the HTTP status (0: no answer) with the server's message.
pub type Loaded<T> = Result<T, (u16, String)>;

fn read<T: serde::de::DeserializeOwned>(answer: Result<Answer, String>) -> Loaded<T> {
    match answer {
        Err(network) => Err((0, network)),
        Ok(answer) if answer.ok() => serde_json::from_str(&answer.text).map_err(|error| (answer.status, error.to_string())),
        Ok(answer) => Err((answer.status, answer.error().message)),
    }
}

pub fn rollup_url(stall_days: i64, xlsx: bool) -> String {
    format!("/api/v1/policy/rollup{}?stall_days={stall_days}", if xlsx { ".xlsx" } else { "" })
}

pub async fn fetch_rollup(stall_days: i64) -> Loaded<Rollup> {
    read(get(&rollup_url(stall_days, false)).await)
}

pub async fn fetch_checklist(unit_code: &str) -> Loaded<Checklist> {
    read(get(&format!("/api/v1/policy/units/{unit_code}")).await)
}

/// A government's change history (signed-in users only).
pub async fn fetch_history(unit_code: &str) -> Loaded<History> {
    read(get(&format!("/api/v1/policy/units/{unit_code}/history")).await)
}

/// Sends one write (`PUT` or `POST` with a JSON body); `Err` holds the message to show.
pub async fn write(method: Method, path: &str, body: &serde_json::Value) -> Result<(), String> {
    let url = format!("/api/v1/policy/units/{path}");
    outcome(send(method, &url, Some(&body.to_string()), None).await)
}

/// Uploads an evidence file to `{path}/evidence` (a stage: `<unit>/stages/<code>`) as multipart
/// field `file`, with a fresh idempotency key (a retried upload is stored once).
pub async fn upload_file(path: &str, file: &web_sys::File) -> Result<(), String> {
    let form = web_sys::FormData::new().map_err(|_| "FormData".to_owned())?;
    form.append_with_blob_and_filename("file", file, &file.name()).map_err(|_| "FormData".to_owned())?;
    let mut random = [0_u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|window| window.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut random);
    }
    let key = crate::assessment::outbox::idempotency_key(&random);
    let url = format!("/api/v1/policy/units/{path}/evidence");
    outcome(send_object(&url, &form.into(), None, Some(&key)).await)
}

/// A write's answer: `Ok`, or the message to show.
fn outcome(answer: Result<Answer, String>) -> Result<(), String> {
    match answer {
        Err(network) => Err(network),
        Ok(answer) if answer.ok() => Ok(()),
        Ok(answer) => {
            let error = answer.error();
            Err(if error.message.is_empty() { format!("HTTP {}", answer.status) } else { error.message })
        }
    }
}
