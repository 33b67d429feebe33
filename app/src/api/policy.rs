//! The work-system policy monitor (`/api/v1/policy/*`, `server/src/policy/routes.rs`): the
//! roll-up and one government's checklist, and the writes of its stages, actions and assessment.
//! Reads go around the offline cache (`send::get`): this data is only useful fresh.

use std::collections::BTreeMap;

use gloo_net::http::Method;

use crate::api::json::{self, Fields, FromJson, Json, ShapeError};
use crate::api::send::{Answer, get, send, send_object};

#[derive(Clone, Debug)]
pub struct StageSummary {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub short: String,
    pub done: usize,
    pub percent_done: String,
}

impl FromJson for StageSummary {
    fn from_json(value: &Json) -> Result<StageSummary, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(StageSummary {
            code: fields.req("code")?,
            name: fields.req("name")?,
            name_en: fields.req("name_en")?,
            short: fields.req("short")?,
            done: fields.req("done")?,
            percent_done: fields.req("percent_done")?,
        })
    }
}

#[derive(Clone, Debug)]
pub struct GovernmentLine {
    pub code: String,
    pub name: String,
    pub statuses: Vec<String>,
    pub days_since_change: Option<i64>,
    pub stalled: bool,
    pub overdue_actions: usize,
    pub vmvh_grade: Option<String>,
}

impl FromJson for GovernmentLine {
    fn from_json(value: &Json) -> Result<GovernmentLine, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(GovernmentLine {
            code: fields.req("code")?,
            name: fields.req("name")?,
            statuses: fields.req("statuses")?,
            days_since_change: fields.opt("days_since_change")?,
            stalled: fields.req("stalled")?,
            overdue_actions: fields.req("overdue_actions")?,
            vmvh_grade: fields.opt("vmvh_grade")?,
        })
    }
}

#[derive(Clone, Debug)]
pub struct OverdueAction {
    pub unit_code: String,
    pub unit_name: String,
    pub title: String,
    pub owner: String,
    pub due_date: String,
    pub days_overdue: i64,
}

impl FromJson for OverdueAction {
    fn from_json(value: &Json) -> Result<OverdueAction, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(OverdueAction {
            unit_code: fields.req("unit_code")?,
            unit_name: fields.req("unit_name")?,
            title: fields.req("title")?,
            owner: fields.req("owner")?,
            due_date: fields.req("due_date")?,
            days_overdue: fields.req("days_overdue")?,
        })
    }
}

#[derive(Clone, Debug)]
pub struct Rollup {
    pub today: String,
    pub demo: bool,
    pub stall_days: i64,
    pub n_governments: usize,
    pub stages: Vec<StageSummary>,
    pub governments: Vec<GovernmentLine>,
    pub overdue_actions: Vec<OverdueAction>,
}

impl FromJson for Rollup {
    fn from_json(value: &Json) -> Result<Rollup, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(Rollup {
            today: fields.req("today")?,
            demo: fields.req("demo")?,
            stall_days: fields.req("stall_days")?,
            n_governments: fields.req("n_governments")?,
            stages: fields.req("stages")?,
            governments: fields.req("governments")?,
            overdue_actions: fields.req("overdue_actions")?,
        })
    }
}

#[derive(Clone, Debug)]
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
    pub files: Vec<StageFile>,
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
}

impl FromJson for Stage {
    fn from_json(value: &Json) -> Result<Stage, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(Stage {
            code: fields.req("code")?,
            name: fields.req("name")?,
            name_en: fields.req("name_en")?,
            hint: fields.req("hint")?,
            status: fields.req("status")?,
            date: fields.opt("date")?,
            reference: fields.opt("reference")?,
            note: fields.opt("note")?,
            evidence_url: fields.opt("evidence_url")?,
            files: fields.or_default("files")?,
            updated_at: fields.opt("updated_at")?,
            updated_by: fields.opt("updated_by")?,
        })
    }
}

/// An evidence file of a stage, downloaded from `GET /evidence/{id}`.
#[derive(Clone, Debug)]
pub struct StageFile {
    pub id: String,
    pub name: String,
    pub size: u64,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

impl FromJson for StageFile {
    fn from_json(value: &Json) -> Result<StageFile, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(StageFile {
            id: fields.req("id")?,
            name: fields.req("name")?,
            size: fields.req("size")?,
            uploaded_by: fields.req("uploaded_by")?,
            uploaded_at: fields.req("uploaded_at")?,
        })
    }
}

/// The largest evidence file the server takes (`MAX_EVIDENCE_BYTES`).
pub const MAX_FILE_BYTES: f64 = 10.0 * 1024.0 * 1024.0;

#[derive(Clone, Debug)]
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

impl FromJson for Action {
    fn from_json(value: &Json) -> Result<Action, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(Action {
            id: fields.req("id")?,
            title: fields.req("title")?,
            owner: fields.req("owner")?,
            due_date: fields.req("due_date")?,
            status: fields.req("status")?,
            effective_status: fields.req("effective_status")?,
            overdue: fields.req("overdue")?,
            evidence_url: fields.opt("evidence_url")?,
        })
    }
}

#[derive(Clone, Debug)]
pub struct RubricIndicator {
    pub code: String,
    pub name: String,
    pub spirit: String,
    pub labels: Vec<String>,
}

impl FromJson for RubricIndicator {
    fn from_json(value: &Json) -> Result<RubricIndicator, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(RubricIndicator {
            code: fields.req("code")?,
            name: fields.req("name")?,
            spirit: fields.req("spirit")?,
            labels: fields.req("labels")?,
        })
    }
}

#[derive(Clone, Debug)]
pub struct RubricSpirit {
    pub code: String,
    pub name: String,
}

impl FromJson for RubricSpirit {
    fn from_json(value: &Json) -> Result<RubricSpirit, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(RubricSpirit { code: fields.req("code")?, name: fields.req("name")? })
    }
}

#[derive(Clone, Debug)]
pub struct Rubric {
    pub description: String,
    pub spirits: Vec<RubricSpirit>,
    pub indicators: Vec<RubricIndicator>,
}

impl FromJson for Rubric {
    fn from_json(value: &Json) -> Result<Rubric, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(Rubric {
            description: fields.req("description")?,
            spirits: fields.req("spirits")?,
            indicators: fields.req("indicators")?,
        })
    }
}

#[derive(Clone, Debug)]
pub struct Assessment {
    /// Raw values as JSON (labels for the shipped rubric).
    pub values: BTreeMap<String, Json>,
    pub total: String,
    pub grade: String,
    pub complete: bool,
}

impl FromJson for Assessment {
    fn from_json(value: &Json) -> Result<Assessment, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(Assessment {
            values: fields.req("values")?,
            total: fields.req("total")?,
            grade: fields.req("grade")?,
            complete: fields.req("complete")?,
        })
    }
}

#[derive(Clone, Debug)]
pub struct GovernmentRef {
    pub code: String,
    pub name: String,
    pub population: String,
}

impl FromJson for GovernmentRef {
    fn from_json(value: &Json) -> Result<GovernmentRef, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(GovernmentRef {
            code: fields.req("code")?,
            name: fields.req("name")?,
            population: fields.req("population")?,
        })
    }
}

/// The `sistem-kerja` period holding the assessment (ranked and simulated like any period).
#[derive(Clone, Debug)]
pub struct PeriodRef {
    pub id: String,
    pub label: String,
    pub state: contract::PeriodState,
}

impl FromJson for PeriodRef {
    fn from_json(value: &Json) -> Result<PeriodRef, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(PeriodRef { id: fields.req("id")?, label: fields.req("label")?, state: fields.req("state")? })
    }
}

#[derive(Clone, Debug)]
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

impl FromJson for Checklist {
    fn from_json(value: &Json) -> Result<Checklist, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(Checklist {
            unit: fields.req("unit")?,
            today: fields.req("today")?,
            demo: fields.req("demo")?,
            may_edit: fields.req("may_edit")?,
            stages: fields.req("stages")?,
            actions: fields.req("actions")?,
            rubric: fields.req("rubric")?,
            period: fields.opt("period")?,
            assessment: fields.opt("assessment")?,
        })
    }
}

/// One audited change of a government (`GET /policy/units/{code}/history`, newest first):
/// `subject` is `STAGE:<code>`, `ACTION:<id>` or `VMVH:<indicator>`; `old`/`new` are the stage or
/// action as recorded (objects) or the assessment's raw values.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub subject: String,
    pub old: Json,
    pub new: Json,
    pub changed_by: String,
    pub changed_at: String,
}

impl FromJson for Change {
    fn from_json(value: &Json) -> Result<Change, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(Change {
            subject: fields.req("subject")?,
            old: fields.get("old").cloned().unwrap_or(Json::Null),
            new: fields.get("new").cloned().unwrap_or(Json::Null),
            changed_by: fields.req("changed_by")?,
            changed_at: fields.req("changed_at")?,
        })
    }
}

#[derive(Clone, Debug)]
pub struct History {
    pub changes: Vec<Change>,
}

impl FromJson for History {
    fn from_json(value: &Json) -> Result<History, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(History { changes: fields.req("changes")? })
    }
}

/// What a read answered: the data, or the HTTP status (0: no answer) with the server's message.
pub type Loaded<T> = Result<T, (u16, String)>;

fn read<T: FromJson>(answer: Result<Answer, String>) -> Loaded<T> {
    match answer {
        Err(network) => Err((0, network)),
        Ok(answer) if answer.ok() => json::from_str(&answer.text).map_err(|error| (answer.status, error.message())),
        Ok(answer) => Err((answer.status, answer.error().message)),
    }
}

pub fn rollup_url(stall_days: i64, xlsx: bool) -> String {
    format!("/api/v1/policy/rollup{}?stall_days={stall_days}", if xlsx { ".xlsx" } else { "" })
}

pub async fn fetch_rollup(stall_days: i64) -> Loaded<Rollup> {
    read(get(&rollup_url(stall_days, false)).await)
}

/// Whether the roll-up is published (`GET /policy/stages`, public); `None` when that cannot be
/// read (then the roll-up itself is asked for and answers for itself).
pub async fn rollup_published() -> Option<bool> {
    let answer = get("/api/v1/policy/stages").await.ok().filter(Answer::ok)?;
    let document = json::parse(&answer.text).ok()?;
    Fields::new(&document).ok()?.req::<bool>("published").ok()
}

pub async fn fetch_checklist(unit_code: &str) -> Loaded<Checklist> {
    read(get(&format!("/api/v1/policy/units/{unit_code}")).await)
}

/// A government's change history (signed-in users only).
pub async fn fetch_history(unit_code: &str) -> Loaded<History> {
    read(get(&format!("/api/v1/policy/units/{unit_code}/history")).await)
}

/// Sends one write (`PUT` or `POST` with a JSON body); `Err` holds the message to show.
pub async fn write(method: Method, path: &str, body: &str) -> Result<(), String> {
    let url = format!("/api/v1/policy/units/{path}");
    outcome(send(method, &url, Some(body), None).await)
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
