//! The work-system policy monitor (`/api/v1/policy/*`, `server/src/policy/routes.rs`): the
//! roll-up, one government's checklist and history, and the writes of its plan, stages, agencies,
//! guideline, actions and assessment. Every answer and request is a contract type
//! (`contract::policy`). Reads go around the offline cache (`send::get`): this data is only
//! useful fresh.

use gloo_net::http::Method;

use crate::api::json::{self, FromJson, ToJson};
use crate::api::send::{Answer, get, send, send_object};

pub use contract::policy::{
    ActionCancel, ActionDisplayStatus, ActionInput, ActionStatus, ActionView, ActorRole, AgencyView, ElementInput,
    ElementSummary, GovernmentLine, GuidelineInput, PlanInput, PlanStatus, PolicyChange, PolicyChecklist,
    PolicyDefinitions, PolicyHistory, PolicyRollup, ProposalDecision, ProposalInput, ProposalStatus, StageInput,
    StageStatus, StageSummary, StageView, TargetInput,
};

/// The largest evidence file the server takes (`MAX_EVIDENCE_BYTES`).
pub const MAX_FILE_BYTES: f64 = 10.0 * 1024.0 * 1024.0;

/// What a read answered: the data, or the HTTP status (0: no answer) with the server's message.
pub type Loaded<T> = Result<T, (u16, String)>;

/// A refused or failed write: the server's machine code (`stage_out_of_order`; empty without an
/// answer) and the message to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub code: String,
    pub message: String,
}

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

pub async fn fetch_rollup(stall_days: i64) -> Loaded<PolicyRollup> {
    read(get(&rollup_url(stall_days, false)).await)
}

/// Whether the roll-up is published (`GET /policy/stages`, public); `None` when that cannot be
/// read (then the roll-up itself is asked for and answers for itself).
pub async fn rollup_published() -> Option<bool> {
    let answer = get("/api/v1/policy/stages").await.ok().filter(Answer::ok)?;
    json::from_str::<PolicyDefinitions>(&answer.text).ok().map(|definitions| definitions.published)
}

pub async fn fetch_checklist(unit_code: &str) -> Loaded<PolicyChecklist> {
    read(get(&format!("/api/v1/policy/units/{unit_code}")).await)
}

/// A government's change history (signed-in users only).
pub async fn fetch_history(unit_code: &str) -> Loaded<PolicyHistory> {
    read(get(&format!("/api/v1/policy/units/{unit_code}/history")).await)
}

/// Sends one write (`PUT` or `POST`) with a contract request as its body to
/// `/api/v1/policy/units/{path}`; `Ok` holds the answer's text.
pub async fn write(method: Method, path: &str, body: &impl ToJson) -> Result<String, Refusal> {
    let url = format!("/api/v1/policy/units/{path}");
    outcome(send(method, &url, Some(&body.to_json()), None).await)
}

/// Uploads an evidence file to `{path}/evidence` (a stage: `<unit>/stages/<code>`) as multipart
/// field `file`, with a fresh idempotency key (a retried upload is stored once).
pub async fn upload_file(path: &str, file: &web_sys::File) -> Result<(), Refusal> {
    let refusal = || Refusal { code: String::new(), message: "FormData".to_owned() };
    let form = web_sys::FormData::new().map_err(|_| refusal())?;
    form.append_with_blob_and_filename("file", file, &file.name()).map_err(|_| refusal())?;
    let mut random = [0_u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|window| window.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut random);
    }
    let key = crate::assessment::outbox::idempotency_key(&random);
    let url = format!("/api/v1/policy/units/{path}/evidence");
    outcome(send_object(&url, &form.into(), None, Some(&key)).await).map(|_| ())
}

/// A write's answer: its text, or what to show.
fn outcome(answer: Result<Answer, String>) -> Result<String, Refusal> {
    match answer {
        Err(network) => Err(Refusal { code: String::new(), message: network }),
        Ok(answer) if answer.ok() => Ok(answer.text),
        Ok(answer) => {
            let error = answer.error();
            let message = if error.message.is_empty() { format!("HTTP {}", answer.status) } else { error.message };
            Err(Refusal { code: error.code, message })
        }
    }
}
