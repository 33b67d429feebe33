//! The assessor's data: `GET /api/v1/periods/{period}/entries`, `POST …/entries/batch` and
//! `GET …/entries/{unit}/{indicator}/history` (see `server/src/routes/entries.rs`).
//! Only the fields the app reads are declared; unknown ones are ignored.

use gloo_net::http::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::ApiError;
use super::cache::get_text;
use super::send::{Answer, send};
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
    pub new_status: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
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
