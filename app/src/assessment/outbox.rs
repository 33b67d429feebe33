//! Nothing is lost: the assessor's drafts and the changes waiting to be sent, as plain data that
//! the browser keeps in `localStorage` (see `assessment::sync`) and that these functions update.
//!
//! # How a change travels
//! 1. Typing writes a **draft** (cell → text), saved at once; a reload shows it again.
//! 2. "Kirim" turns each valid changed draft into a [`Change`] in the [`Outbox`], with a fresh
//!    random idempotency key and the entry's `base_version` (the version the assessor saw, 0 for
//!    a new entry), and removes the draft.
//! 3. The sync loop sends [`Outbox::batch`] (at most one change per cell, so a cell's second
//!    change waits for the first's new version) to `POST …/entries/batch`; a request that gets no
//!    answer is retried with the same keys, so the server applies each change once.
//! 4. [`Outbox::apply`] reads the per-change outcomes: applied and duplicate changes leave the
//!    outbox (the next change of the same cell gets the new version as its base); a
//!    `version_conflict` becomes a [`Conflict`] the assessor resolves (keep mine: sent again on the
//!    server's version; take theirs: dropped); an invalid or forbidden change becomes a
//!    [`Rejected`] note with the server's reason.
//!
//! A change that was never attempted may still be edited in place (same key: the server has not
//! seen it). One that was attempted is never altered, because the server may have applied it.

use std::collections::BTreeMap;

use crate::api::entries::{BatchResult, Entry, RawJson};
use crate::api::json::{self, Fields, FromJson, Json, Object, ShapeError, array};

/// Most changes sent in one batch request.
pub const MAX_BATCH: usize = 100;

/// One cell of one period.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellKey {
    pub period: String,
    pub unit: String,
    pub indicator: String,
}

impl CellKey {
    pub fn new(period: &str, unit: &str, indicator: &str) -> CellKey {
        CellKey { period: period.into(), unit: unit.into(), indicator: indicator.into() }
    }

    /// `period/unit/indicator`, the drafts' map key (codes never contain `/`).
    pub fn path(&self) -> String {
        format!("{}/{}/{}", self.period, self.unit, self.indicator)
    }
}

/// A change waiting to be sent.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The idempotency key: the server applies a key once, however often it is sent.
    pub key: String,
    pub cell: CellKey,
    /// The raw value (`85.5`, `"WTP"`, `true`, `null` to clear).
    pub value: RawJson,
    /// The entry version this change was made on (0 for a new entry).
    pub base_version: i64,
    /// How many times it has been sent without a definite answer.
    pub attempts: u32,
}

/// The server had changed the cell since the assessor saw it.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub cell: CellKey,
    /// The assessor's value.
    pub mine: RawJson,
    /// The entry as the server holds it (value, version, who changed it and when).
    pub current: Entry,
}

/// A change the server refused (invalid value, no permission, period locked).
#[derive(Clone, Debug, PartialEq)]
pub struct Rejected {
    pub cell: CellKey,
    pub value: RawJson,
    pub message: String,
}

/// Everything waiting to be sent or decided, for one signed-in user.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outbox {
    pub changes: Vec<Change>,
    pub conflicts: Vec<Conflict>,
    pub rejected: Vec<Rejected>,
    /// When the last batch got an answer (milliseconds since 1970, the browser's clock).
    pub last_sync_ms: Option<f64>,
    /// Entries the server returned to batches (cell path → entry), kept so that a page read from
    /// the offline copy still knows the versions the assessor's own changes created.
    pub known: BTreeMap<String, Entry>,
}

// The stored form is the one serde's derive wrote before (members in declaration order, `null`
// for an absent option); the readers accept everything it wrote, and the tests below hold
// documents written by that version. Required members are the ones serde required.

impl FromJson for CellKey {
    fn from_json(value: &Json) -> Result<CellKey, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(CellKey { period: fields.req("period")?, unit: fields.req("unit")?, indicator: fields.req("indicator")? })
    }
}

impl CellKey {
    fn to_json(&self) -> String {
        Object::new()
            .string("period", &self.period)
            .string("unit", &self.unit)
            .string("indicator", &self.indicator)
            .finish()
    }
}

impl FromJson for Change {
    fn from_json(value: &Json) -> Result<Change, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(Change {
            key: fields.req("key")?,
            cell: fields.req("cell")?,
            value: fields.req("value")?,
            base_version: fields.req("base_version")?,
            attempts: fields.or_default("attempts")?,
        })
    }
}

impl Change {
    fn to_json(&self) -> String {
        Object::new()
            .string("key", &self.key)
            .raw("cell", &self.cell.to_json())
            .raw("value", self.value.text())
            .integer("base_version", self.base_version)
            .integer("attempts", i64::from(self.attempts))
            .finish()
    }
}

impl FromJson for Conflict {
    fn from_json(value: &Json) -> Result<Conflict, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(Conflict { cell: fields.req("cell")?, mine: fields.req("mine")?, current: fields.req("current")? })
    }
}

impl Conflict {
    fn to_json(&self) -> String {
        Object::new()
            .raw("cell", &self.cell.to_json())
            .raw("mine", self.mine.text())
            .raw("current", &self.current.to_json())
            .finish()
    }
}

impl FromJson for Rejected {
    fn from_json(value: &Json) -> Result<Rejected, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(Rejected { cell: fields.req("cell")?, value: fields.req("value")?, message: fields.req("message")? })
    }
}

impl Rejected {
    fn to_json(&self) -> String {
        Object::new()
            .raw("cell", &self.cell.to_json())
            .raw("value", self.value.text())
            .string("message", &self.message)
            .finish()
    }
}

impl FromJson for Outbox {
    fn from_json(value: &Json) -> Result<Outbox, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(Outbox {
            changes: fields.or_default("changes")?,
            conflicts: fields.or_default("conflicts")?,
            rejected: fields.or_default("rejected")?,
            // Only shown as a clock time: a number it cannot read is "never", not a lost outbox.
            last_sync_ms: match fields.get("last_sync_ms") {
                Some(Json::Number(text)) => millis_from_text(text),
                _ => None,
            },
            known: fields.or_default("known")?,
        })
    }
}

/// Milliseconds written as `1732451234567.0` (serde) or `1732451234567` (this version), read
/// without a float parser (it would add its code to the wasm). Exponents are not written for
/// such numbers and are not read.
fn millis_from_text(text: &str) -> Option<f64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() || whole.len() > 16 || fraction.len() > 9 {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let fraction_value = if fraction.is_empty() { 0 } else { fraction.parse::<i64>().ok()? };
    let value = whole as f64 + fraction_value as f64 / 10f64.powi(fraction.len() as i32);
    Some(if negative { -value } else { value })
}

/// Milliseconds as JSON: whole ones as an integer, otherwise to the microsecond.
fn millis_text(millis: f64) -> String {
    if !millis.is_finite() || millis.abs() >= 1e15 {
        return "null".to_owned();
    }
    let micros = (millis * 1000.0).round() as i128;
    if micros % 1000 == 0 {
        (micros / 1000).to_string()
    } else {
        engine::decimal::format_scaled(micros, 3).trim_end_matches('0').to_owned()
    }
}

impl Outbox {
    /// Reads a stored outbox; `None` when it cannot be read (see `sync`, which then keeps the
    /// unreadable text aside rather than overwrite it).
    pub fn from_json(text: &str) -> Option<Outbox> {
        json::from_str(text).ok()
    }

    pub fn to_json(&self) -> String {
        let changes: Vec<String> = self.changes.iter().map(Change::to_json).collect();
        let conflicts: Vec<String> = self.conflicts.iter().map(Conflict::to_json).collect();
        let rejected: Vec<String> = self.rejected.iter().map(Rejected::to_json).collect();
        let known = self.known.iter().fold(Object::new(), |object, (path, entry)| object.raw(path, &entry.to_json()));
        Object::new()
            .raw("changes", &array(&changes))
            .raw("conflicts", &array(&conflicts))
            .raw("rejected", &array(&rejected))
            .raw("last_sync_ms", &self.last_sync_ms.map_or_else(|| "null".to_owned(), millis_text))
            .raw("known", &known.finish())
            .finish()
    }

    /// Changes waiting to be sent.
    pub fn pending_count(&self) -> usize {
        self.changes.len()
    }

    /// Queues a value for a cell. `new_key` is used only if a new change is needed.
    ///
    /// An open conflict on the cell takes the value as "mine" instead (the assessor decides);
    /// a change not yet attempted is updated in place.
    pub fn enqueue(&mut self, cell: CellKey, value: RawJson, base_version: i64, new_key: String) {
        if let Some(conflict) = self.conflicts.iter_mut().find(|conflict| conflict.cell == cell) {
            conflict.mine = value;
            return;
        }
        self.rejected.retain(|rejected| rejected.cell != cell);
        if let Some(last) = self.changes.iter_mut().rev().find(|change| change.cell == cell) {
            if last.attempts == 0 {
                last.value = value;
                return;
            }
            // Its base is fixed when the earlier change is answered (see `apply`).
            let base_version = last.base_version;
            self.changes.push(Change { key: new_key, cell, value, base_version, attempts: 0 });
            return;
        }
        self.changes.push(Change { key: new_key, cell, value, base_version, attempts: 0 });
    }

    /// The next changes to send: of one period (the oldest change's), at most one per cell (the
    /// oldest), at most [`MAX_BATCH`].
    pub fn batch(&self) -> Vec<Change> {
        let Some(first) = self.changes.first() else { return Vec::new() };
        let period = first.cell.period.clone();
        let mut seen = std::collections::BTreeSet::new();
        self.changes
            .iter()
            .filter(|change| change.cell.period == period && seen.insert(change.cell.clone()))
            .take(MAX_BATCH)
            .cloned()
            .collect()
    }

    /// Notes that these changes are being sent (from now on they are never edited in place).
    pub fn mark_attempted(&mut self, keys: &[String]) {
        for change in &mut self.changes {
            if keys.contains(&change.key) {
                change.attempts += 1;
            }
        }
    }

    /// Applies the server's answer to a batch; returns the entries now known to be on the server
    /// (for the grid to show).
    pub fn apply(&mut self, results: &[BatchResult], now_ms: f64) -> Vec<Entry> {
        let mut known = Vec::new();
        for result in results {
            let Some(index) = self.changes.iter().position(|change| change.key == result.idempotency_key) else {
                continue;
            };
            match result.outcome.as_str() {
                "applied" | "duplicate" => {
                    let change = self.changes.remove(index);
                    if let Some(entry) = &result.entry {
                        for later in self.changes.iter_mut().filter(|later| later.cell == change.cell) {
                            later.base_version = entry.version;
                        }
                        self.known.insert(change.cell.path(), entry.clone());
                        known.push(entry.clone());
                    }
                }
                "conflict" => {
                    let change = self.changes.remove(index);
                    // The assessor's latest value for the cell is what they would keep.
                    let mine = self
                        .changes
                        .iter()
                        .rev()
                        .find(|later| later.cell == change.cell)
                        .map_or(change.value.clone(), |later| later.value.clone());
                    self.changes.retain(|later| later.cell != change.cell);
                    let current = result.current.clone().unwrap_or_else(|| Entry::empty(&change.cell));
                    self.known.insert(change.cell.path(), current.clone());
                    known.push(current.clone());
                    self.conflicts.retain(|conflict| conflict.cell != change.cell);
                    self.conflicts.push(Conflict { cell: change.cell, mine, current });
                }
                _ => {
                    // "invalid", "forbidden" and anything unknown: the server will not take it as is.
                    let change = self.changes.remove(index);
                    let message = error_message(result.error.as_ref()).unwrap_or_else(|| result.outcome.clone());
                    self.rejected.retain(|rejected| rejected.cell != change.cell);
                    self.rejected.push(Rejected { cell: change.cell, value: change.value, message });
                }
            }
        }
        self.last_sync_ms = Some(now_ms);
        known
    }

    /// Every waiting change of a period is refused for one reason (the period was locked).
    pub fn reject_period(&mut self, period: &str, message: &str) {
        let (refused, kept): (Vec<Change>, Vec<Change>) =
            std::mem::take(&mut self.changes).into_iter().partition(|change| change.cell.period == period);
        self.changes = kept;
        for change in refused {
            self.rejected.retain(|rejected| rejected.cell != change.cell);
            self.rejected.push(Rejected { cell: change.cell, value: change.value, message: message.to_string() });
        }
    }

    /// Keep mine: send my value again, on the server's current version.
    pub fn keep_mine(&mut self, cell: &CellKey, new_key: String) {
        if let Some(index) = self.conflicts.iter().position(|conflict| &conflict.cell == cell) {
            let conflict = self.conflicts.remove(index);
            self.changes.push(Change {
                key: new_key,
                cell: conflict.cell,
                value: conflict.mine,
                base_version: conflict.current.version,
                attempts: 0,
            });
        }
    }

    /// Take theirs: drop my value; returns the server's entry for the grid.
    pub fn take_theirs(&mut self, cell: &CellKey) -> Option<Entry> {
        let index = self.conflicts.iter().position(|conflict| &conflict.cell == cell)?;
        Some(self.conflicts.remove(index).current)
    }

    /// Remembers an entry the server returned to a direct write (a note, a workflow step), so the
    /// grid's next change of the cell is based on its version.
    pub fn remember(&mut self, cell: &CellKey, entry: Entry) {
        self.known.insert(cell.path(), entry);
    }

    /// The newer of the page's entry and the one a batch returned.
    pub fn server_entry<'a>(&'a self, cell: &CellKey, from_page: Option<&'a Entry>) -> Option<&'a Entry> {
        match (self.known.get(&cell.path()), from_page) {
            (Some(known), Some(page)) if page.version >= known.version => Some(page),
            (Some(known), _) => Some(known),
            (None, page) => page,
        }
    }

    /// Forgets returned entries of a period that a freshly loaded page already holds.
    pub fn forget_known_in(&mut self, period: &str, page_version: impl Fn(&str, &str) -> Option<i64>) {
        self.known.retain(|path, entry| {
            let in_period = path.split('/').next() == Some(period);
            !(in_period && page_version(&entry.unit, &entry.indicator).is_some_and(|version| version >= entry.version))
        });
    }

    pub fn dismiss_rejected(&mut self, cell: &CellKey) {
        self.rejected.retain(|rejected| &rejected.cell != cell);
    }

    /// The value the assessor last chose for a cell and that is not yet on the server.
    pub fn unsent_value(&self, cell: &CellKey) -> Option<&RawJson> {
        self.changes
            .iter()
            .rev()
            .find(|change| &change.cell == cell)
            .map(|change| &change.value)
            .or_else(|| self.conflicts.iter().find(|conflict| &conflict.cell == cell).map(|conflict| &conflict.mine))
    }
}

/// The message of a per-change error: `{"code","message"}` or a plain string.
fn error_message(error: Option<&Json>) -> Option<String> {
    match error? {
        Json::String(text) => Some(text.clone()),
        object @ Json::Object(_) => match object.get("message") {
            Some(Json::String(message)) => Some(message.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// What the assessor typed but has not sent: cell path → text. Saved on every keystroke.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drafts(pub BTreeMap<String, String>);

impl Drafts {
    pub fn from_json(text: &str) -> Drafts {
        json::from_str(text).map(Drafts).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        let object = self.0.iter().fold(Object::new(), |object, (path, text)| object.string(path, text));
        object.finish()
    }

    pub fn get(&self, cell: &CellKey) -> Option<&str> {
        self.0.get(&cell.path()).map(String::as_str)
    }

    /// Records the text of a cell; text equal to what the server holds removes the draft.
    pub fn set(&mut self, cell: &CellKey, text: &str, server_text: &str) {
        if text.trim() == server_text.trim() {
            self.0.remove(&cell.path());
        } else {
            self.0.insert(cell.path(), text.to_string());
        }
    }

    pub fn remove(&mut self, cell: &CellKey) {
        self.0.remove(&cell.path());
    }

    /// Drafts of one period.
    pub fn count_in(&self, period: &str) -> usize {
        let prefix = format!("{period}/");
        self.0.keys().filter(|path| path.starts_with(&prefix)).count()
    }
}

/// How long to wait before sending again after `attempts` failed tries: 2 s, 4 s, 8 s … at most
/// 60 s, spread by `jitter` (0–1, random) by up to a quarter so many browsers do not retry in step.
pub fn retry_delay_ms(attempts: u32, jitter: f64) -> u32 {
    let base = 2_000u32.saturating_mul(1u32 << attempts.saturating_sub(1).min(10)).min(60_000);
    let spread = (f64::from(base) * 0.25 * jitter.clamp(0.0, 1.0)) as u32;
    base + spread
}

/// An idempotency key from 16 random bytes: 32 lowercase hex digits.
pub fn idempotency_key(random_bytes: &[u8; 16]) -> String {
    random_bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "outbox_model_tests.rs"]
mod model_tests;

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> RawJson {
        RawJson::new(text)
    }

    fn cell(unit: &str) -> CellKey {
        CellKey::new("2024-q1", unit, "SAKIP")
    }

    fn entry(unit: &str, value: RawJson, version: i64) -> Entry {
        Entry { value, version, updated_by: Some("lain".into()), ..Entry::empty(&cell(unit)) }
    }

    fn result(key: &str, outcome: &str, entry: Option<Entry>, current: Option<Entry>) -> BatchResult {
        BatchResult { idempotency_key: key.into(), outcome: outcome.into(), entry, current, error: None }
    }

    #[test]
    fn an_unsent_change_is_edited_in_place_and_a_sent_one_never() {
        let mut outbox = Outbox::default();
        outbox.enqueue(cell("a"), json("80"), 0, "k1".into());
        outbox.enqueue(cell("a"), json("81"), 0, "k2".into());
        assert_eq!(outbox.changes.len(), 1);
        assert_eq!((outbox.changes[0].key.as_str(), &outbox.changes[0].value), ("k1", &json("81")));
        outbox.mark_attempted(&["k1".into()]);
        outbox.enqueue(cell("a"), json("82"), 0, "k3".into());
        assert_eq!(outbox.changes.len(), 2);
        assert_eq!(outbox.changes[0].value, json("81"), "the attempted change is untouched");
        // Only one change per cell goes in a batch: the second waits for the first's version.
        assert_eq!(outbox.batch().iter().map(|c| c.key.as_str()).collect::<Vec<_>>(), vec!["k1"]);
        let known = outbox.apply(&[result("k1", "applied", Some(entry("a", json("81"), 1)), None)], 5.0);
        assert_eq!(known.len(), 1);
        assert_eq!(outbox.changes.len(), 1);
        assert_eq!((outbox.changes[0].key.as_str(), outbox.changes[0].base_version), ("k3", 1));
        assert_eq!(outbox.last_sync_ms, Some(5.0));
        // The returned version is remembered for a page read from the offline copy …
        let stale = entry("a", json("70"), 0);
        assert_eq!(outbox.server_entry(&cell("a"), Some(&stale)).map(|e| e.version), Some(1));
        // … until a fresh page holds it.
        outbox.forget_known_in("2024-q1", |_, _| Some(1));
        assert!(outbox.known.is_empty());
        assert_eq!(outbox.server_entry(&cell("a"), Some(&stale)).map(|e| e.version), Some(0));
    }

    #[test]
    fn a_retried_batch_keeps_its_keys_and_duplicates_count_as_done() {
        let mut outbox = Outbox::default();
        outbox.enqueue(cell("a"), json("80"), 0, "k1".into());
        outbox.enqueue(cell("b"), json("70"), 3, "k2".into());
        let first: Vec<String> = outbox.batch().into_iter().map(|c| c.key).collect();
        outbox.mark_attempted(&first);
        // No answer: the same keys go again.
        let again: Vec<String> = outbox.batch().into_iter().map(|c| c.key).collect();
        assert_eq!(first, again);
        outbox.mark_attempted(&again);
        assert_eq!(outbox.changes[0].attempts, 2);
        outbox.apply(
            &[
                result("k1", "duplicate", Some(entry("a", json("80"), 1)), None),
                result("k2", "applied", Some(entry("b", json("70"), 4)), None),
            ],
            1.0,
        );
        assert_eq!(outbox.pending_count(), 0);
        assert!(outbox.conflicts.is_empty() && outbox.rejected.is_empty());
    }

    #[test]
    fn a_conflict_is_kept_for_the_assessor_to_decide() {
        let mut outbox = Outbox::default();
        outbox.enqueue(cell("a"), json("80"), 1, "k1".into());
        outbox.mark_attempted(&["k1".into()]);
        outbox.enqueue(cell("a"), json("85"), 1, "k2".into());
        outbox.apply(&[result("k1", "conflict", None, Some(entry("a", json("60"), 2)))], 1.0);
        assert_eq!(outbox.pending_count(), 0, "the cell's later change is folded into the conflict");
        assert_eq!(outbox.conflicts.len(), 1);
        assert_eq!(outbox.conflicts[0].mine, json("85"));
        assert_eq!(outbox.conflicts[0].current.value, json("60"));
        assert_eq!(outbox.unsent_value(&cell("a")), Some(&json("85")));
        // Typing again while the conflict is open changes "mine", nothing is sent behind its back.
        outbox.enqueue(cell("a"), json("86"), 1, "k3".into());
        assert_eq!((outbox.pending_count(), &outbox.conflicts[0].mine), (0, &json("86")));
        // Keep mine: sent again on the server's version, with a new key.
        outbox.keep_mine(&cell("a"), "k4".into());
        assert!(outbox.conflicts.is_empty());
        assert_eq!(outbox.changes[0].key, "k4");
        assert_eq!((outbox.changes[0].base_version, &outbox.changes[0].value), (2, &json("86")));
    }

    #[test]
    fn take_theirs_drops_mine() {
        let mut outbox = Outbox::default();
        outbox.enqueue(cell("a"), json("80"), 1, "k1".into());
        outbox.apply(&[result("k1", "conflict", None, Some(entry("a", json("60"), 2)))], 1.0);
        let theirs = outbox.take_theirs(&cell("a")).expect("a conflict");
        assert_eq!(theirs.value, json("60"));
        assert_eq!((outbox.pending_count(), outbox.conflicts.len()), (0, 0));
        assert_eq!(outbox.unsent_value(&cell("a")), None);
    }

    #[test]
    fn refused_changes_are_kept_with_the_reason_until_dismissed() {
        let mut outbox = Outbox::default();
        outbox.enqueue(cell("a"), json("180"), 0, "k1".into());
        let refused = BatchResult {
            error: Some(
                json::parse(r#"{"code": "indicator_out_of_range", "message": "Nilai di luar rentang."}"#).unwrap(),
            ),
            ..result("k1", "invalid", None, None)
        };
        outbox.apply(&[refused], 1.0);
        assert_eq!(outbox.rejected[0].message, "Nilai di luar rentang.");
        outbox.dismiss_rejected(&cell("a"));
        assert!(outbox.rejected.is_empty());
        outbox.enqueue(cell("b"), json("1"), 0, "k2".into());
        outbox.reject_period("2024-q1", "Periode dikunci.");
        assert_eq!((outbox.pending_count(), outbox.rejected.len()), (0, 1));
    }

    #[test]
    fn batches_hold_one_period_and_unknown_answers_change_nothing() {
        let mut outbox = Outbox::default();
        outbox.enqueue(cell("a"), json("1"), 0, "k1".into());
        outbox.enqueue(CellKey::new("2024-q2", "a", "SAKIP"), json("2"), 0, "k2".into());
        outbox.enqueue(cell("b"), json("3"), 0, "k3".into());
        let keys: Vec<String> = outbox.batch().into_iter().map(|c| c.key).collect();
        assert_eq!(keys, vec!["k1", "k3"]);
        outbox.apply(&[result("nope", "applied", None, None)], 1.0);
        assert_eq!(outbox.pending_count(), 3);
    }

    #[test]
    fn the_outbox_survives_a_round_trip_through_storage() {
        let mut outbox = Outbox::default();
        outbox.enqueue(cell("a"), json("\"WTP\""), 2, "k1".into());
        outbox.apply(&[], 7.0);
        let text = outbox.to_json();
        assert_eq!(Outbox::from_json(&text), Some(outbox));
        assert_eq!(Outbox::from_json("{}"), Some(Outbox::default()));
        assert_eq!(Outbox::from_json("not json"), None);
    }

    /// Outboxes and drafts written by the serde version of the app (captured from it before the
    /// change): every queued change must still load, and is written back in the same shape.
    const STORED_BY_SERDE: &str = r#"{"changes":[{"key":"k1","cell":{"period":"2024-q1","unit":"a","indicator":"SAKIP"},"value":85.50,"base_version":0,"attempts":0},{"key":"k2","cell":{"period":"2024-q1","unit":"b","indicator":"SAKIP"},"value":"WTP","base_version":3,"attempts":2},{"key":"k3","cell":{"period":"2024-q1","unit":"c","indicator":"SAKIP"},"value":true,"base_version":1,"attempts":1},{"key":"k4","cell":{"period":"2024-q1","unit":"d","indicator":"SAKIP"},"value":null,"base_version":7,"attempts":0},{"key":"k5","cell":{"period":"2024-q1","unit":"e","indicator":"SAKIP"},"value":1e2,"base_version":0,"attempts":0}],"conflicts":[{"cell":{"period":"2024-q1","unit":"kota-batu","indicator":"SAKIP"},"mine":"WDP","current":{"unit":"kota-batu","indicator":"OPINI_BPK","value":"W\"TP é","status":"submitted","version":4,"updated_at":"2024-04-01T08:00:00Z","updated_by":"pengampu.demo","note":"Catatan\nbaris dua","recommendation":null,"evidence_link":"https://contoh.go.id/bukti?a=1&b=2","evidence":[{"id":"ev_1","name":"bukti \"final\".pdf","size":12345,"sha256":"abababababababababababababababababababababababababababababababab","uploaded_by":"pengampu.demo","uploaded_at":"2024-04-01T08:01:00Z"}]}},{"cell":{"period":"2024-q1","unit":"f","indicator":"SAKIP"},"mine":60,"current":{"unit":"f","indicator":"SAKIP","value":null,"status":"","version":0,"updated_at":null,"updated_by":null,"note":null,"recommendation":null,"evidence_link":null,"evidence":[]}}],"rejected":[{"cell":{"period":"2024-q1","unit":"g","indicator":"SAKIP"},"value":180,"message":"Nilai di luar rentang \"0–100\"."}],"last_sync_ms":1732451234567.0,"known":{"2024-q1/h/SAKIP":{"unit":"h","indicator":"SAKIP","value":-0.25,"status":"","version":2,"updated_at":null,"updated_by":null,"note":null,"recommendation":null,"evidence_link":null,"evidence":[]},"2024-q1/kota-batu/SAKIP":{"unit":"kota-batu","indicator":"OPINI_BPK","value":"W\"TP é","status":"submitted","version":4,"updated_at":"2024-04-01T08:00:00Z","updated_by":"pengampu.demo","note":"Catatan\nbaris dua","recommendation":null,"evidence_link":"https://contoh.go.id/bukti?a=1&b=2","evidence":[{"id":"ev_1","name":"bukti \"final\".pdf","size":12345,"sha256":"abababababababababababababababababababababababababababababababab","uploaded_by":"pengampu.demo","uploaded_at":"2024-04-01T08:01:00Z"}]}}}"#;
    const STORED_BY_SERDE_EMPTY: &str = r#"{"changes":[],"conflicts":[],"rejected":[],"last_sync_ms":null,"known":{}}"#;
    const STORED_BY_SERDE_FRACTION: &str =
        r#"{"changes":[],"conflicts":[],"rejected":[],"last_sync_ms":5.5,"known":{}}"#;
    const DRAFTS_BY_SERDE: &str = r#"{"2024-q1/a/SAKIP":"85,5","2024-q1/b/SAKIP":"W\"T\\P é\t"}"#;

    #[test]
    fn outboxes_stored_by_the_serde_version_load_and_keep_their_shape() {
        let outbox = Outbox::from_json(STORED_BY_SERDE).expect("the stored outbox is read");
        let keys: Vec<&str> = outbox.changes.iter().map(|change| change.key.as_str()).collect();
        assert_eq!(keys, ["k1", "k2", "k3", "k4", "k5"], "no queued change is lost");
        let values: Vec<&str> = outbox.changes.iter().map(|change| change.value.text()).collect();
        assert_eq!(values, ["85.50", "\"WTP\"", "true", "null", "1e2"], "values keep their exact text");
        assert_eq!((outbox.changes[1].base_version, outbox.changes[1].attempts), (3, 2));
        assert_eq!(outbox.changes[0].cell, cell("a"));
        assert_eq!(outbox.conflicts.len(), 2);
        let current = &outbox.conflicts[0].current;
        assert_eq!((outbox.conflicts[0].mine.text(), current.value.text()), ("\"WDP\"", r#""W\"TP é""#));
        assert_eq!((current.version, current.note.as_deref()), (4, Some("Catatan\nbaris dua")));
        assert_eq!(current.evidence[0].name, "bukti \"final\".pdf");
        assert_eq!(outbox.rejected[0].message, "Nilai di luar rentang \"0–100\".");
        assert_eq!(outbox.last_sync_ms, Some(1732451234567.0));
        assert_eq!(outbox.known.len(), 2);
        assert_eq!(outbox.known["2024-q1/h/SAKIP"].value.text(), "-0.25");
        // The same document back; serde wrote the whole milliseconds as a float (`.0`).
        assert_eq!(outbox.to_json(), STORED_BY_SERDE.replace("1732451234567.0", "1732451234567"));
        assert_eq!(Outbox::from_json(&outbox.to_json()), Some(outbox));

        let empty = Outbox::from_json(STORED_BY_SERDE_EMPTY).expect("an empty outbox");
        assert_eq!((empty.to_json().as_str(), empty), (STORED_BY_SERDE_EMPTY, Outbox::default()));
        let fraction = Outbox::from_json(STORED_BY_SERDE_FRACTION).expect("an outbox");
        assert_eq!((fraction.last_sync_ms, fraction.to_json().as_str()), (Some(5.5), STORED_BY_SERDE_FRACTION));
        // A clock it cannot read is "never synced", not a lost outbox.
        let odd = Outbox::from_json(
            r#"{"changes":[{"key":"k","cell":{"period":"p","unit":"u","indicator":"i"},"value":1,"base_version":0}],"last_sync_ms":1e3}"#,
        );
        assert_eq!(odd.map(|outbox| (outbox.changes.len(), outbox.last_sync_ms)), Some((1, None)));
        // A change without its value cannot be sent: the outbox is unreadable (and kept aside by `sync`), as before.
        assert_eq!(
            Outbox::from_json(
                r#"{"changes":[{"key":"k","cell":{"period":"p","unit":"u","indicator":"i"},"base_version":0}]}"#
            ),
            None
        );
    }

    #[test]
    fn drafts_stored_by_the_serde_version_load_and_keep_their_shape() {
        let drafts = Drafts::from_json(DRAFTS_BY_SERDE);
        assert_eq!(drafts.get(&cell("b")), Some("W\"T\\P é\t"));
        assert_eq!(drafts.to_json(), DRAFTS_BY_SERDE);
        assert_eq!(Drafts::from_json("{}").to_json(), "{}");
        assert_eq!(Drafts::from_json("not json"), Drafts::default());
    }

    #[test]
    fn millis_are_written_exactly() {
        assert_eq!(millis_text(1732451234567.0), "1732451234567");
        assert_eq!(millis_text(5.25), "5.25");
        assert_eq!(millis_from_text("1732451234567.0"), Some(1732451234567.0));
        assert_eq!(millis_from_text("-2.5"), Some(-2.5));
        assert_eq!(millis_from_text("1e3"), None);
    }

    #[test]
    fn drafts_forget_text_equal_to_the_server() {
        let mut drafts = Drafts::default();
        drafts.set(&cell("a"), "85,5", "80");
        drafts.set(&cell("b"), "70", "70");
        assert_eq!(drafts.get(&cell("a")), Some("85,5"));
        assert_eq!(drafts.get(&cell("b")), None);
        assert_eq!(drafts.count_in("2024-q1"), 1);
        assert_eq!(Drafts::from_json(&drafts.to_json()), drafts);
        drafts.set(&cell("a"), "80 ", "80");
        assert_eq!(drafts.count_in("2024-q1"), 0);
    }

    #[test]
    fn retries_back_off_up_to_a_minute() {
        assert_eq!(retry_delay_ms(1, 0.0), 2_000);
        assert_eq!(retry_delay_ms(2, 0.0), 4_000);
        assert_eq!(retry_delay_ms(3, 1.0), 10_000);
        assert_eq!(retry_delay_ms(30, 0.0), 60_000);
        assert_eq!(retry_delay_ms(0, 0.0), 2_000);
    }

    #[test]
    fn keys_are_32_hex_digits() {
        let key = idempotency_key(&[0xab; 16]);
        assert_eq!(key.len(), 32);
        assert!(key.starts_with("abab"));
    }
}
