//! The assessor's data: `GET /api/v1/periods/{period}/entries`, `POST …/entries/batch`,
//! `GET …/entries/{unit}/{indicator}/history`, one entry's note and recommendation (`PUT`), its
//! workflow steps, evidence uploads, and imports (see `server/src/routes/entries.rs` and
//! `server/src/routes/imports.rs`). Every write carries an `Idempotency-Key`.
//! Only the fields the app reads are declared; unknown ones are ignored.

use super::ApiError;
use super::cache::get_text;
use super::json::{self, Fields, FromJson, Json, Object, ShapeError, ToJson};
use super::send::{Answer, send, send_object};
use crate::assessment::outbox::{CellKey, Change};
use crate::simulation::encode_query_value;
use gloo_net::http::Method;

/// A period as signed-in users see it (with its state), as the contract defines it.
pub type AssessPeriod = contract::Period;

pub use super::json::RawJson;

/// One stored entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub unit: String,
    pub indicator: String,
    /// The raw value (`null` for none).
    pub value: RawJson,
    pub status: String,
    pub version: i64,
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
    /// The owner's note and recommendation to the unit (plain text).
    pub note: Option<String>,
    pub recommendation: Option<String>,
    /// An http(s) address of evidence (checked by the server).
    pub evidence_link: Option<String>,
    /// Evidence files (only in the entries page; write answers leave them out).
    pub evidence: Vec<Evidence>,
}

impl FromJson for Entry {
    fn from_json(value: &Json) -> Result<Entry, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(Entry {
            unit: fields.req("unit")?,
            indicator: fields.req("indicator")?,
            // A missing value is `null`, as a present `null` is.
            value: fields.get("value").map_or_else(RawJson::null, |value| RawJson(json::json_text(value))),
            status: fields.or_default("status")?,
            version: fields.or_default("version")?,
            updated_at: fields.opt("updated_at")?,
            updated_by: fields.opt("updated_by")?,
            note: fields.opt("note")?,
            recommendation: fields.opt("recommendation")?,
            evidence_link: fields.opt("evidence_link")?,
            evidence: fields.or_default("evidence")?,
        })
    }
}

impl Entry {
    /// The entry as the outbox stores it: every member, in declaration order, `null` for none
    /// (the shape serde's derive wrote, so stored outboxes read the same either way).
    pub fn to_json(&self) -> String {
        let evidence: Vec<String> = self.evidence.iter().map(Evidence::to_json).collect();
        Object::new()
            .string("unit", &self.unit)
            .string("indicator", &self.indicator)
            .raw("value", self.value.text())
            .string("status", &self.status)
            .integer("version", self.version)
            .string_or_null("updated_at", self.updated_at.as_deref())
            .string_or_null("updated_by", self.updated_by.as_deref())
            .string_or_null("note", self.note.as_deref())
            .string_or_null("recommendation", self.recommendation.as_deref())
            .string_or_null("evidence_link", self.evidence_link.as_deref())
            .raw("evidence", &json::array(&evidence))
            .finish()
    }
}

/// An evidence file's description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub id: String,
    pub name: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

impl FromJson for Evidence {
    fn from_json(value: &Json) -> Result<Evidence, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(Evidence {
            id: fields.req("id")?,
            name: fields.req("name")?,
            size: fields.req("size")?,
            sha256: fields.req("sha256")?,
            uploaded_by: fields.or_default("uploaded_by")?,
            uploaded_at: fields.or_default("uploaded_at")?,
        })
    }
}

impl Evidence {
    fn to_json(&self) -> String {
        Object::new()
            .string("id", &self.id)
            .string("name", &self.name)
            .integer("size", self.size)
            .string("sha256", &self.sha256)
            .string("uploaded_by", &self.uploaded_by)
            .string("uploaded_at", &self.uploaded_at)
            .finish()
    }
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

/// A unit row of the grid: the same `{code, name}` as a ranking's.
pub use super::results::UnitRef;

/// The answer of `GET /api/v1/periods/{period}/entries?population=…`.
#[derive(Clone, Debug, PartialEq)]
pub struct EntriesPage {
    pub period: AssessPeriod,
    /// The rubric document as compact JSON text, numbers as stored (read by
    /// `engine::Rubric::parse_json`).
    pub rubric: RawJson,
    pub units: Vec<UnitRef>,
    pub entries: Vec<Entry>,
    /// The indicators whose values the server computes from the aspiration service (read-only).
    pub computed: Vec<String>,
}

/// Read with the contract's reader ([`contract::EntriesPage`]), then kept in the app's own
/// [`Entry`] (the shape the outbox stores).
impl FromJson for EntriesPage {
    fn from_json(value: &Json) -> Result<EntriesPage, ShapeError> {
        let page = contract::EntriesPage::from_json(value)?;
        Ok(EntriesPage {
            period: page.period,
            rubric: RawJson(json::json_text(&page.rubric)),
            units: page.units,
            entries: page.entries.into_iter().map(Entry::from).collect(),
            computed: page.computed.into_iter().map(|binding| binding.indicator).collect(),
        })
    }
}

impl From<contract::Entry> for Entry {
    fn from(entry: contract::Entry) -> Entry {
        Entry {
            unit: entry.unit,
            indicator: entry.indicator,
            value: entry.value,
            status: entry.status.code().to_owned(),
            version: entry.version,
            updated_at: Some(entry.updated_at),
            updated_by: Some(entry.updated_by),
            note: entry.note,
            recommendation: entry.recommendation,
            evidence_link: entry.evidence_link,
            evidence: entry.evidence.unwrap_or_default().into_iter().map(Evidence::from).collect(),
        }
    }
}

impl From<contract::Evidence> for Evidence {
    fn from(file: contract::Evidence) -> Evidence {
        Evidence {
            id: file.id,
            name: file.name,
            size: file.size,
            sha256: file.sha256,
            uploaded_by: file.uploaded_by,
            uploaded_at: file.uploaded_at,
        }
    }
}

/// One change's outcome in a batch answer.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchResult {
    pub idempotency_key: String,
    pub outcome: String,
    pub entry: Option<Entry>,
    pub current: Option<Entry>,
    /// The per-change error: `{"code","message"}` or a plain string.
    pub error: Option<Json>,
}

/// Read with the contract's reader ([`contract::ChangeResult`]); the error is kept as JSON for
/// the outbox, which shows its message.
impl FromJson for BatchResult {
    fn from_json(value: &Json) -> Result<BatchResult, ShapeError> {
        let result = contract::ChangeResult::from_json(value)?;
        Ok(BatchResult {
            idempotency_key: result.idempotency_key,
            outcome: result.outcome,
            entry: result.entry.map(Entry::from),
            current: result.current.map(Entry::from),
            error: result.error.map(|error| json::parse(&json::ToJson::to_json(&error)).unwrap_or(Json::Null)),
        })
    }
}

/// The periods the signed-in user may see (open ones included), as the server orders them.
///
/// # Errors
/// As [`super::cache::get_text`]; [`ApiError::Format`] for an unexpected body.
pub async fn fetch_periods() -> Result<Vec<AssessPeriod>, ApiError> {
    let url = "/api/v1/periods";
    let fetched = get_text(url).await?;
    json::from_str(&fetched.text).map_err(|error| ApiError::unreadable(url, error))
}

/// A period's entries for one population; the flag says the answer came from the local copy.
///
/// # Errors
/// As [`super::cache::get_text`]; [`ApiError::Format`] for an unexpected body.
pub async fn fetch_entries(period: &str, population: &str) -> Result<(EntriesPage, bool), ApiError> {
    let url = entries_url(period, population);
    let fetched = get_text(&url).await?;
    let page = json::from_str(&fetched.text).map_err(|error| ApiError::unreadable(&url, error))?;
    Ok((page, fetched.from_cache))
}

/// The address of a period's entries for one population.
pub fn entries_url(period: &str, population: &str) -> String {
    format!("/api/v1/periods/{}/entries?population={}", encode_query_value(period), encode_query_value(population))
}

/// The request body of a batch.
pub fn batch_body(changes: &[Change]) -> String {
    let changes = changes
        .iter()
        .map(|change| contract::entries::BatchChange {
            unit: change.cell.unit.clone(),
            indicator: change.cell.indicator.clone(),
            value: change.value.clone(),
            base_version: change.base_version,
            idempotency_key: change.key.clone(),
            reason: None,
            note: None,
            recommendation: None,
            evidence_link: None,
        })
        .collect();
    contract::entries::Batch { changes }.to_json()
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
    let document = json::parse(text).ok()?;
    Fields::new(&document).and_then(|answer| answer.req("results")).ok()
}

/// One audit record of a cell (`GET …/history`), as the contract defines it.
pub type HistoryRecord = contract::HistoryRecord;

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
    json::from_str(&answer.text).map_err(|error| error.message())
}

/// A refused write: the server's message and, for a conflict, the entry as it is now.
#[derive(Clone, Debug, PartialEq)]
pub struct WriteError {
    pub message: String,
    pub current: Option<Box<Entry>>,
}

impl WriteError {
    fn from_answer(answer: &Answer) -> WriteError {
        let current = json::from_str::<contract::entries::ConflictAnswer>(&answer.text)
            .ok()
            .and_then(|conflict| conflict.current)
            .map(|entry| Box::new(Entry::from(entry)));
        let error = answer.error();
        WriteError { message: if error.message.is_empty() { error.code } else { error.message }, current }
    }

    fn offline(message: String) -> WriteError {
        WriteError { message, current: None }
    }
}

/// Reads `{"<name>": T}` from a successful answer's text.
fn member_of<T: FromJson>(text: &str, name: &str) -> Result<T, String> {
    let document = json::parse(text).map_err(|error| error.message())?;
    Fields::new(&document).and_then(|body| body.req(name)).map_err(|error| json::ReadError::Shape(error).message())
}

fn entry_answer(answer: Result<Answer, String>) -> Result<Entry, WriteError> {
    let answer = answer.map_err(WriteError::offline)?;
    if !answer.ok() {
        return Err(WriteError::from_answer(&answer));
    }
    member_of(&answer.text, "entry").map_err(WriteError::offline)
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
    entry_answer(send(Method::PUT, &entry_path(cell), Some(&note_body(entry, texts)), Some(key)).await)
}

/// The body of [`save_note`]; the value goes back exactly as the entry holds it.
fn note_body(entry: &Entry, texts: &EntryTexts<'_>) -> String {
    // The value was read from JSON (or checked by the engine), so it is JSON; serde's
    // `RawValue::from_string(…).ok()` sent `null` for anything else, and so does this.
    let value = if json::parse(entry.value.text()).is_ok() { entry.value.clone() } else { RawJson::null() };
    contract::entries::EntryChange {
        value,
        base_version: entry.version,
        reason: None,
        note: Some(texts.note.to_owned()),
        recommendation: Some(texts.recommendation.to_owned()),
        evidence_link: Some(texts.evidence_link.trim().to_owned()),
    }
    .to_json()
}

/// A workflow step: `verify` (admin), `dispute` (the unit, with a reason) or `resolve` (the owner,
/// with a resolution), on `base_version`.
///
/// # Errors
/// As [`save_note`].
pub async fn workflow_step(
    cell: &CellKey,
    step: &str,
    reason: &str,
    base_version: i64,
    key: &str,
) -> Result<Entry, WriteError> {
    let body = workflow_body(reason, base_version);
    entry_answer(send(Method::POST, &format!("{}/{step}", entry_path(cell)), Some(&body), Some(key)).await)
}

/// The body of [`workflow_step`]: the reason only when there is one.
fn workflow_body(reason: &str, base_version: i64) -> String {
    let reason = Some(reason).filter(|reason| !reason.trim().is_empty()).map(str::to_owned);
    contract::entries::StatusStep { base_version: Some(base_version), reason, value: None }.to_json()
}

/// Uploads an evidence file (multipart, field `file`).
///
/// # Errors
/// As [`save_note`].
pub async fn upload_evidence(cell: &CellKey, file: &web_sys::File, key: &str) -> Result<Evidence, WriteError> {
    let form = web_sys::FormData::new().map_err(|_| WriteError::offline("FormData".into()))?;
    form.append_with_blob_and_filename("file", file, &file.name())
        .map_err(|_| WriteError::offline("FormData".into()))?;
    let answer = send_object(&format!("{}/evidence", entry_path(cell)), &form.into(), None, Some(key))
        .await
        .map_err(WriteError::offline)?;
    if !answer.ok() {
        return Err(WriteError::from_answer(&answer));
    }
    member_of(&answer.text, "evidence").map_err(WriteError::offline)
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

/// The answer of an import (a dry run or the commit), and its parts.
pub use contract::imports::{ImportProblem, ImportReport, ImportSummary};

/// Reads an import answer: a report, or a refused commit (422 `import_invalid`) turned into a
/// report of its problems; anything else is the server's message.
pub fn import_report(answer: &Answer, dry_run: bool) -> Result<ImportReport, String> {
    if answer.ok() {
        return json::from_str(&answer.text).map_err(|error| error.message());
    }
    // `{"error":{"code":"import_invalid",…,"problems":[…]}}`
    let refused_problems = |text: &str| -> Option<Vec<ImportProblem>> {
        let document = json::parse(text).ok()?;
        let error = Fields::new(Fields::new(&document).ok()?.get("error")?).ok()?;
        match error.req::<String>("code") {
            Ok(code) if code == "import_invalid" => error.or_default("problems").ok(),
            _ => None,
        }
    };
    match refused_problems(&answer.text) {
        Some(problems) => Ok(ImportReport {
            dry_run,
            ok: false,
            rows: 0,
            values: None,
            summary: ImportSummary::default(),
            problems,
            units: None,
            rescored: None,
        }),
        None => Err(WriteError::from_answer(answer).message),
    }
}

/// Sends an import file: a dry run (nothing written) or the commit (all rows or none).
///
/// # Errors
/// The server's message, or the browser's when no answer came.
///
/// The server does not take an `Idempotency-Key` for imports: a repeated commit finds the same
/// values stored and changes nothing.
pub async fn send_import(
    period: &str,
    population: &str,
    file: &web_sys::File,
    dry_run: bool,
) -> Result<ImportReport, String> {
    let url = format!(
        "/api/v1/periods/{}/imports?population={}&dry_run={dry_run}",
        encode_query_value(period),
        encode_query_value(population)
    );
    send_spreadsheet(&url, file, dry_run).await
}

/// Sends a CSV or XLSX file (by its name) to an import `url` and reads the report: every import
/// of the API (values, units) answers in the same shape.
///
/// # Errors
/// The server's message, or the browser's when no answer came.
pub async fn send_spreadsheet(url: &str, file: &web_sys::File, dry_run: bool) -> Result<ImportReport, String> {
    let content_type = if file.name().to_lowercase().ends_with(".csv") {
        "text/csv"
    } else {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    };
    let answer = send_object(url, &file.clone().into(), Some(content_type), None).await?;
    import_report(&answer, dry_run)
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
    fn note_and_workflow_bodies_keep_the_value_exact_and_leave_out_no_reason() {
        let entry =
            Entry { value: RawJson::new("85.50"), version: 4, ..Entry::empty(&CellKey::new("p", "u", "SAKIP")) };
        let texts = EntryTexts { note: "Catatan \"x\"", recommendation: "", evidence_link: " https://a.go.id/b " };
        assert_eq!(
            note_body(&entry, &texts),
            r#"{"value":85.50,"base_version":4,"note":"Catatan \"x\"","recommendation":"","evidence_link":"https://a.go.id/b"}"#
        );
        let broken = Entry { value: RawJson::new("85,5"), ..entry };
        assert!(note_body(&broken, &texts).starts_with(r#"{"value":null,"#));
        assert_eq!(workflow_body("  ", 3), r#"{"base_version":3}"#);
        assert_eq!(workflow_body("Data salah", 3), r#"{"base_version":3,"reason":"Data salah"}"#);
    }

    #[test]
    fn an_entries_page_keeps_values_and_the_rubric_exact() {
        let rubric = r#"{"schema":"sibekisar.rubric/v1","id":"d","name":"D",
            "spirits":[{"code":"C","name":"Cepat","weight":100}],
            "indicators":[{"code":"IKM","name":"IKM","spirit":"C","weight":1.50,"rule":{"kind":"scale","min":0,"max":100}}]}"#;
        let text = format!(
            r#"{{"period":{{"id":"2024-q1","year":2024,"label":"Triwulan I 2024","state":"open","kind":"q1"}},"rubric":{rubric},
                "units":[{{"code":"kota-batu","name":"Kota Batu","population":"kabkota"}}],
                "population":"kabkota","rubric_version_id":"rv_1",
                "entries":[{{"unit":"kota-batu","indicator":"IKM","value":85.50,"status":"submitted","version":2,
                  "updated_at":"2024-02-01T00:00:00Z","updated_by":"pengampu","note":null,"recommendation":null,
                  "evidence_link":null,
                  "evidence":[{{"id":"e","name":"a.pdf","size":10,"sha256":"00","content_type":"application/pdf",
                    "uploaded_by":"pengampu","uploaded_at":"2024-02-01T00:00:00Z"}}]}}]}}"#
        );
        let page: EntriesPage = json::from_str(&text).expect("an entries page");
        assert_eq!((page.period.state, page.period.populations.as_ref()), (contract::PeriodState::Open, None));
        assert_eq!(page.entries[0].value.text(), "85.50");
        assert_eq!(page.entries[0].evidence[0].uploaded_by, "pengampu");
        assert_eq!(page.entries[0].status, "submitted");
        assert!(page.rubric.text().contains(r#""weight":1.50"#));
        assert!(engine::Rubric::parse_json(page.rubric.text()).is_ok());
        let wrong = json::from_str::<EntriesPage>(&text.replace(r#""version":2"#, r#""version":"2""#));
        assert_eq!(
            wrong.map_err(|error| error.message()).err().as_deref(),
            Some("entries[0].version: expected integer")
        );
        let history: Vec<HistoryRecord> = json::from_str(
            r#"[{"changed_at":"t","changed_by":"a","old_value":null,"new_value":"WTP","old_status":null,"new_status":"draft","reason":null}]"#,
        )
        .unwrap();
        assert_eq!((history[0].old_value.text(), history[0].new_value.text()), ("null", r#""WTP""#));
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
        assert_eq!(import_report(&dry, true).map(|report| (report.values, report.summary.new)), Ok((Some(836), 836)));
    }

    #[test]
    fn batch_results_read_entries_and_conflicts() {
        let text = r#"{"results":[
            {"idempotency_key":"k1","outcome":"applied","entry":{"unit":"a","indicator":"SAKIP","value":80,"version":1,"status":"submitted","updated_at":"2024-04-01T08:00:00Z","updated_by":"pengampu.demo","note":null,"recommendation":null,"evidence_link":null}},
            {"idempotency_key":"k2","outcome":"conflict","current":{"unit":"b","indicator":"SAKIP","value":60,"version":4,"status":"verified","updated_at":"2024-04-01T08:00:00Z","updated_by":"admin","note":null,"recommendation":null,"evidence_link":null},
             "error":{"code":"version_conflict","message":"Nilai ini sudah diubah orang lain.","field":"changes[1].base_version"}},
            {"idempotency_key":"k3","outcome":"later-outcome"}]}"#;
        let results = batch_results(text).expect("a batch answer");
        assert_eq!(results[0].entry.as_ref().map(|e| e.version), Some(1));
        assert_eq!(results[1].current.as_ref().map(|e| e.value.clone()), Some(RawJson::new("60")));
        assert_eq!(
            results[1].error.as_ref().and_then(|error| error.get("message")),
            Some(&Json::String("Nilai ini sudah diubah orang lain.".into()))
        );
        // An outcome this app does not know is read (the outbox treats it as refused).
        assert_eq!(results[2].outcome, "later-outcome");
        assert_eq!(batch_results("{}"), None);
    }
}
