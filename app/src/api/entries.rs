//! The assessor's data: `GET /api/v1/periods/{period}/entries`, `POST …/entries/batch`,
//! `GET …/entries/{unit}/{indicator}/history`, one entry's note and recommendation (`PUT`), its
//! workflow steps, evidence uploads, and imports (see `server/src/routes/entries.rs` and
//! `server/src/routes/imports.rs`). Every write carries an `Idempotency-Key`.
//! Only the fields the app reads are declared; unknown ones are ignored.

use gloo_net::http::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::ApiError;
use super::cache::get_text;
use super::send::{Answer, send, send_object};
use crate::assessment::outbox::{CellKey, Change};
use crate::simulation::encode_query_value;

/// A period as signed-in users see it (with its state: `draft`, `open`, `locked`, `published`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct AssessPeriod {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub state: String,
    /// The populations the period scores (see `super::periods::Period::scores`).
    #[serde(default)]
    pub populations: Option<Vec<String>>,
}

/// A JSON value kept as its exact text (`85.5`, `"WTP"`, `true`, `null`): raw values pass
/// through the app unchanged, with no float conversion on the way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawJson(pub String);

impl RawJson {
    pub fn new(text: &str) -> RawJson {
        RawJson(text.trim().to_string())
    }

    pub fn null() -> RawJson {
        RawJson("null".to_string())
    }

    pub fn text(&self) -> &str {
        &self.0
    }

    pub fn is_null(&self) -> bool {
        self.0 == "null"
    }
}

impl Default for RawJson {
    fn default() -> RawJson {
        RawJson::null()
    }
}

impl Serialize for RawJson {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde_json::value::RawValue::from_string(self.0.clone())
            .map_err(serde::ser::Error::custom)?
            .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<RawJson, D::Error> {
        let raw = Box::<serde_json::value::RawValue>::deserialize(deserializer)?;
        Ok(RawJson(raw.get().to_string()))
    }
}

/// One stored entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub unit: String,
    pub indicator: String,
    /// The raw value (`null` for none).
    #[serde(default)]
    pub value: RawJson,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub version: i64,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub updated_by: Option<String>,
    /// The owner's note and recommendation to the unit (plain text).
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub recommendation: Option<String>,
    /// An http(s) address of evidence (checked by the server).
    #[serde(default)]
    pub evidence_link: Option<String>,
    /// Evidence files (only in the entries page; write answers leave them out).
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// An evidence file's description.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub id: String,
    pub name: String,
    pub size: i64,
    pub sha256: String,
    #[serde(default)]
    pub uploaded_by: String,
    #[serde(default)]
    pub uploaded_at: String,
}

impl Entry {
    /// No entry yet (version 0).
    pub fn empty(cell: &CellKey) -> Entry {
        Entry {
            unit: cell.unit.clone(),
            indicator: cell.indicator.clone(),
            value: RawJson::null(),
            status: String::new(),
            version: 0,
            updated_at: None,
            updated_by: None,
            note: None,
            recommendation: None,
            evidence_link: None,
            evidence: Vec::new(),
        }
    }
}

/// A unit row of the grid.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct UnitRef {
    pub code: String,
    pub name: String,
}

/// The answer of `GET /api/v1/periods/{period}/entries?population=…`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct EntriesPage {
    pub period: AssessPeriod,
    /// The rubric document, exactly as stored (read by `engine::Rubric::parse_json`).
    pub rubric: RawJson,
    pub units: Vec<UnitRef>,
    #[serde(default)]
    pub entries: Vec<Entry>,
}

/// One change's outcome in a batch answer.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct BatchResult {
    pub idempotency_key: String,
    pub outcome: String,
    #[serde(default)]
    pub entry: Option<Entry>,
    #[serde(default)]
    pub current: Option<Entry>,
    #[serde(default)]
    pub error: Option<Value>,
}

#[derive(Deserialize)]
struct BatchAnswer {
    results: Vec<BatchResult>,
}

#[derive(Serialize)]
struct BatchChange<'a> {
    unit: &'a str,
    indicator: &'a str,
    value: &'a RawJson,
    base_version: i64,
    idempotency_key: &'a str,
}

/// The periods the signed-in user may see (open ones included), as the server orders them.
///
/// # Errors
/// As [`super::cache::get_text`]; [`ApiError::Format`] for an unexpected body.
pub async fn fetch_periods() -> Result<Vec<AssessPeriod>, ApiError> {
    let url = "/api/v1/periods";
    let fetched = get_text(url).await?;
    serde_json::from_str(&fetched.text).map_err(|error| format_error(url, &error))
}

/// A period's entries for one population; the flag says the answer came from the local copy.
///
/// # Errors
/// As [`super::cache::get_text`]; [`ApiError::Format`] for an unexpected body.
pub async fn fetch_entries(period: &str, population: &str) -> Result<(EntriesPage, bool), ApiError> {
    let url = entries_url(period, population);
    let fetched = get_text(&url).await?;
    let page = serde_json::from_str(&fetched.text).map_err(|error| format_error(&url, &error))?;
    Ok((page, fetched.from_cache))
}

/// The address of a period's entries for one population.
pub fn entries_url(period: &str, population: &str) -> String {
    format!(
        "/api/v1/periods/{}/entries?population={}",
        encode_query_value(period),
        encode_query_value(population)
    )
}

/// The request body of a batch.
pub fn batch_body(changes: &[Change]) -> String {
    let changes: Vec<BatchChange<'_>> = changes
        .iter()
        .map(|change| BatchChange {
            unit: &change.cell.unit,
            indicator: &change.cell.indicator,
            value: &change.value,
            base_version: change.base_version,
            idempotency_key: &change.key,
        })
        .collect();
    #[derive(Serialize)]
    struct Body<'a> {
        changes: Vec<BatchChange<'a>>,
    }
    serde_json::to_string(&Body { changes }).unwrap_or_default()
}

/// Sends a batch of one period's changes.
///
/// # Errors
/// The browser's message when no answer came.
pub async fn send_batch(period: &str, changes: &[Change]) -> Result<Answer, String> {
    let url = format!("/api/v1/periods/{}/entries/batch", encode_query_value(period));
    send(Method::POST, &url, Some(&batch_body(changes)), None).await
}

/// Reads the per-change results of a successful batch answer.
pub fn batch_results(text: &str) -> Option<Vec<BatchResult>> {
    serde_json::from_str::<BatchAnswer>(text).ok().map(|answer| answer.results)
}

/// One audit record of a cell (`GET …/history`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct HistoryRecord {
    #[serde(default)]
    pub changed_at: String,
    #[serde(default)]
    pub changed_by: String,
    #[serde(default)]
    pub old_value: RawJson,
    #[serde(default)]
    pub new_value: RawJson,
    #[serde(default)]
    pub old_status: Option<String>,
    #[serde(default)]
    pub new_status: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    /// The entry's note and recommendation after this change.
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub recommendation: Option<String>,
}

/// The audit records of one cell, newest first.
///
/// # Errors
/// The browser's message, or the server's when it refuses.
pub async fn fetch_history(cell: &CellKey) -> Result<Vec<HistoryRecord>, String> {
    let url = format!(
        "/api/v1/periods/{}/entries/{}/{}/history",
        encode_query_value(&cell.period),
        encode_query_value(&cell.unit),
        encode_query_value(&cell.indicator)
    );
    let answer = super::send::get(&url).await?;
    if !answer.ok() {
        return Err(answer.error().message);
    }
    serde_json::from_str(&answer.text).map_err(|error| error.to_string())
}

/// A refused write: the server's message and, for a conflict, the entry as it is now.
#[derive(Clone, Debug, PartialEq)]
pub struct WriteError {
    pub message: String,
    pub current: Option<Box<Entry>>,
}

impl WriteError {
    fn from_answer(answer: &Answer) -> WriteError {
        #[derive(Deserialize)]
        struct WithCurrent {
            #[serde(default)]
            current: Option<Entry>,
        }
        let current = serde_json::from_str::<WithCurrent>(&answer.text).ok().and_then(|body| body.current).map(Box::new);
        let error = answer.error();
        WriteError { message: if error.message.is_empty() { error.code } else { error.message }, current }
    }

    fn offline(message: String) -> WriteError {
        WriteError { message, current: None }
    }
}

#[derive(Deserialize)]
struct EntryAnswer {
    entry: Entry,
}

fn entry_answer(answer: Result<Answer, String>) -> Result<Entry, WriteError> {
    let answer = answer.map_err(WriteError::offline)?;
    if !answer.ok() {
        return Err(WriteError::from_answer(&answer));
    }
    serde_json::from_str::<EntryAnswer>(&answer.text).map(|body| body.entry).map_err(|error| WriteError::offline(error.to_string()))
}

/// The owner's texts of an entry: `""` clears one.
pub struct EntryTexts<'a> {
    pub note: &'a str,
    pub recommendation: &'a str,
    pub evidence_link: &'a str,
}

/// Saves the note, recommendation and evidence link of an entry (its value unchanged, on
/// `entry.version`).
///
/// # Errors
/// The server's refusal (a conflict carries the current entry) or the browser's message.
pub async fn save_note(cell: &CellKey, entry: &Entry, texts: &EntryTexts<'_>, key: &str) -> Result<Entry, WriteError> {
    let body = serde_json::json!({
        "value": serde_json::value::RawValue::from_string(entry.value.text().to_string()).ok(),
        "base_version": entry.version,
        "note": texts.note,
        "recommendation": texts.recommendation,
        "evidence_link": texts.evidence_link.trim(),
    });
    entry_answer(send(Method::PUT, &entry_path(cell), Some(&body.to_string()), Some(key)).await)
}

/// A workflow step: `verify` (admin), `dispute` (the unit, with a reason) or `resolve` (the owner,
/// with a resolution), on `base_version`.
///
/// # Errors
/// As [`save_note`].
pub async fn workflow_step(cell: &CellKey, step: &str, reason: &str, base_version: i64, key: &str) -> Result<Entry, WriteError> {
    let mut body = serde_json::json!({ "base_version": base_version });
    if !reason.trim().is_empty() {
        body["reason"] = serde_json::Value::String(reason.to_string());
    }
    entry_answer(send(Method::POST, &format!("{}/{step}", entry_path(cell)), Some(&body.to_string()), Some(key)).await)
}

/// Uploads an evidence file (multipart, field `file`).
///
/// # Errors
/// As [`save_note`].
pub async fn upload_evidence(cell: &CellKey, file: &web_sys::File, key: &str) -> Result<Evidence, WriteError> {
    let form = web_sys::FormData::new().map_err(|_| WriteError::offline("FormData".into()))?;
    form.append_with_blob_and_filename("file", file, &file.name()).map_err(|_| WriteError::offline("FormData".into()))?;
    let answer = send_object(&format!("{}/evidence", entry_path(cell)), &form.into(), None, Some(key))
        .await
        .map_err(WriteError::offline)?;
    if !answer.ok() {
        return Err(WriteError::from_answer(&answer));
    }
    #[derive(Deserialize)]
    struct Uploaded {
        evidence: Evidence,
    }
    serde_json::from_str::<Uploaded>(&answer.text).map(|body| body.evidence).map_err(|error| WriteError::offline(error.to_string()))
}

/// Where an evidence file is downloaded (an attachment, for signed-in readers).
pub fn evidence_url(evidence_id: &str) -> String {
    format!("/api/v1/evidence/{}", encode_query_value(evidence_id))
}

fn entry_path(cell: &CellKey) -> String {
    format!(
        "/api/v1/periods/{}/entries/{}/{}",
        encode_query_value(&cell.period),
        encode_query_value(&cell.unit),
        encode_query_value(&cell.indicator)
    )
}

/// One problem of an import file: its row as the spreadsheet shows it (the header is row 1; 0
/// for the whole file) and its column.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ImportProblem {
    #[serde(default)]
    pub row: usize,
    #[serde(default)]
    pub column: Option<String>,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ImportSummary {
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
}

/// The answer of an import (a dry run or the commit).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ImportReport {
    pub dry_run: bool,
    pub ok: bool,
    pub rows: usize,
    pub values: usize,
    #[serde(default)]
    pub summary: ImportSummary,
    #[serde(default)]
    pub problems: Vec<ImportProblem>,
}

/// Reads an import answer: a report, or a refused commit (422 `import_invalid`) turned into a
/// report of its problems; anything else is the server's message.
pub fn import_report(answer: &Answer, dry_run: bool) -> Result<ImportReport, String> {
    if answer.ok() {
        return serde_json::from_str(&answer.text).map_err(|error| error.to_string());
    }
    #[derive(Deserialize)]
    struct Refused {
        error: RefusedError,
    }
    #[derive(Deserialize)]
    struct RefusedError {
        code: String,
        #[serde(default)]
        problems: Vec<ImportProblem>,
    }
    match serde_json::from_str::<Refused>(&answer.text) {
        Ok(refused) if refused.error.code == "import_invalid" => Ok(ImportReport {
            dry_run,
            ok: false,
            rows: 0,
            values: 0,
            summary: ImportSummary::default(),
            problems: refused.error.problems,
        }),
        _ => Err(WriteError::from_answer(answer).message),
    }
}

/// Sends an import file: a dry run (nothing written) or the commit (all rows or none).
///
/// # Errors
/// The server's message, or the browser's when no answer came.
///
/// The server does not take an `Idempotency-Key` for imports: a repeated commit finds the same
/// values stored and changes nothing.
pub async fn send_import(period: &str, population: &str, file: &web_sys::File, dry_run: bool) -> Result<ImportReport, String> {
    let url = format!(
        "/api/v1/periods/{}/imports?population={}&dry_run={dry_run}",
        encode_query_value(period),
        encode_query_value(population)
    );
    let content_type = if file.name().to_lowercase().ends_with(".csv") {
        "text/csv"
    } else {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    };
    let answer = send_object(&url, &file.clone().into(), Some(content_type), None).await?;
    import_report(&answer, dry_run)
}

fn format_error(url: &str, error: &serde_json::Error) -> ApiError {
    ApiError::Format { url: url.to_string(), line: error.line(), column: error.column() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_batch_body_carries_key_and_base_version_of_each_change() {
        let change = Change {
            key: "k1".into(),
            cell: CellKey::new("2024-q1", "kota-batu", "SAKIP"),
            value: RawJson::new("85.5"),
            base_version: 3,
            attempts: 1,
        };
        assert_eq!(
            batch_body(&[change]),
            r#"{"changes":[{"unit":"kota-batu","indicator":"SAKIP","value":85.5,"base_version":3,"idempotency_key":"k1"}]}"#
        );
    }

    #[test]
    fn a_refused_import_becomes_a_report_of_its_problems() {
        let refused = Answer {
            status: 422,
            text: r#"{"error":{"code":"import_invalid","message":"x","field":null,"problems":[
                {"code":"indicator_out_of_range","message":"Nilai di luar rentang","field":"rows[3].SAKIP","row":3,"column":"SAKIP"}]}}"#.into(),
            retry_after_seconds: None,
        };
        let report = import_report(&refused, false).expect("a report");
        assert!(!report.ok);
        assert_eq!((report.problems[0].row, report.problems[0].column.as_deref()), (3, Some("SAKIP")));
        let locked = Answer {
            status: 409,
            text: r#"{"error":{"code":"period_locked","message":"Periode sudah dikunci."}}"#.into(),
            retry_after_seconds: None,
        };
        assert_eq!(import_report(&locked, false), Err("Periode sudah dikunci.".to_string()));
        let dry = Answer {
            status: 200,
            text: r#"{"dry_run":true,"ok":true,"rows":38,"values":836,"summary":{"new":836,"changed":0,"unchanged":0},"problems":[]}"#.into(),
            retry_after_seconds: None,
        };
        assert_eq!(import_report(&dry, true).map(|report| (report.values, report.summary.new)), Ok((836, 836)));
    }

    #[test]
    fn batch_results_read_entries_and_conflicts() {
        let text = r#"{"results":[
            {"idempotency_key":"k1","outcome":"applied","entry":{"unit":"a","indicator":"SAKIP","value":80,"version":1,"status":"draft","updated_at":"2024-04-01T08:00:00Z","updated_by":"pengampu.demo"}},
            {"idempotency_key":"k2","outcome":"conflict","current":{"unit":"b","indicator":"SAKIP","value":60,"version":4}}]}"#;
        let results = batch_results(text).expect("a batch answer");
        assert_eq!(results[0].entry.as_ref().map(|e| e.version), Some(1));
        assert_eq!(results[1].current.as_ref().map(|e| e.value.clone()), Some(RawJson::new("60")));
        assert_eq!(batch_results("{}"), None);
    }
}
