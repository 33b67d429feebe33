//! Model-based property test of the outbox: random sessions of typing, "Kirim", batches that are
//! answered or lost, other users' writes, conflict decisions and reloads, against a small model
//! of the server (per cell a version and a value; per idempotency key the change it was first
//! sent with).
//!
//! After every step:
//! - a key, once sent, is never sent again with another cell, value or base version (so the
//!   server's "once per key" really means "once per change"), and the server applies it once;
//! - every value the assessor sent that the server has not applied is still visible to them: a
//!   waiting change, the "mine" of a conflict, or a refusal with its reason;
//! - the outbox and the drafts read back from their stored text are the same as before.
//!
//! At the end, with the network back and no other writer, sending until the outbox is empty
//! leaves every value the assessor still stands by either applied or shown as a conflict or a
//! refusal.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::{CellKey, Drafts, Outbox};
use crate::api::entries::{BatchResult, Entry, RawJson};
use crate::api::json;

/// Cells of two periods, so that batches (one period each) leave some changes for later.
const CELLS: [(&str, &str); 3] = [("2024-q1", "a"), ("2024-q1", "b"), ("2024-q2", "a")];
const PERIODS: [&str; 2] = ["2024-q1", "2024-q2"];
/// Texts the assessor types: `999` passes the browser's check but the server refuses it, and an
/// empty cell clears the value.
const TEXTS: [&str; 4] = ["80", "85.5", "999", ""];

fn cell(index: usize) -> CellKey {
    CellKey::new(CELLS[index].0, CELLS[index].1, "SAKIP")
}

/// The raw value the grid sends for a typed text.
fn raw(text: &str) -> RawJson {
    if text.is_empty() { RawJson::null() } else { RawJson::new(text) }
}

/// The text the grid shows for a stored value.
fn shown(value: &RawJson) -> String {
    if value.text() == "null" { String::new() } else { value.text().to_string() }
}

#[derive(Clone, Copy, Debug)]
enum Delivery {
    /// The server answers.
    Answered,
    /// The request never reaches the server.
    LostOnTheWay,
    /// The server applies the batch but its answer is lost.
    AnswerLost,
}

#[derive(Clone, Debug)]
enum Step {
    Type {
        cell: usize,
        text: usize,
    },
    Kirim,
    Send(Delivery),
    OtherUserWrites {
        cell: usize,
        text: usize,
    },
    KeepMine {
        cell: usize,
    },
    TakeTheirs {
        cell: usize,
    },
    DismissRejected {
        cell: usize,
    },
    /// The tab is closed and opened again: outbox and drafts come back from their stored text.
    ReloadBrowser,
    /// The assessment page is loaded again from the server.
    ReloadPage,
}

fn step() -> impl Strategy<Value = Step> {
    let cell = 0..CELLS.len();
    let text = 0..TEXTS.len();
    prop_oneof![
        4 => (cell.clone(), text.clone()).prop_map(|(cell, text)| Step::Type { cell, text }),
        3 => Just(Step::Kirim),
        3 => Just(Step::Send(Delivery::Answered)),
        1 => Just(Step::Send(Delivery::LostOnTheWay)),
        2 => Just(Step::Send(Delivery::AnswerLost)),
        2 => (cell.clone(), text).prop_map(|(cell, text)| Step::OtherUserWrites { cell, text }),
        1 => cell.clone().prop_map(|cell| Step::KeepMine { cell }),
        1 => cell.clone().prop_map(|cell| Step::TakeTheirs { cell }),
        1 => cell.prop_map(|cell| Step::DismissRejected { cell }),
        1 => Just(Step::ReloadBrowser),
        1 => Just(Step::ReloadPage),
    ]
}

/// A change as the server first saw it under its key.
#[derive(Clone, Debug, PartialEq)]
struct SentChange {
    cell: CellKey,
    value: RawJson,
    base_version: i64,
}

/// The server: what each cell holds, and what each key was first sent with and answered.
#[derive(Default)]
struct Server {
    entries: BTreeMap<CellKey, Entry>,
    first_sent: BTreeMap<String, SentChange>,
    /// The entry an applied key produced (returned again as a duplicate).
    applied: BTreeMap<String, Entry>,
    n_applied: BTreeMap<String, usize>,
}

impl Server {
    fn entry(&self, cell: &CellKey) -> Entry {
        self.entries.get(cell).cloned().unwrap_or_else(|| Entry::empty(cell))
    }

    fn write(&mut self, cell: &CellKey, value: RawJson, by: &str) -> Entry {
        let current = self.entry(cell);
        let entry = Entry { value, version: current.version + 1, updated_by: Some(by.into()), ..current };
        self.entries.insert(cell.clone(), entry.clone());
        entry
    }

    fn receive(&mut self, change: &super::Change) -> Result<BatchResult, TestCaseError> {
        let sent =
            SentChange { cell: change.cell.clone(), value: change.value.clone(), base_version: change.base_version };
        let first = self.first_sent.entry(change.key.clone()).or_insert_with(|| sent.clone());
        prop_assert_eq!(&*first, &sent, "key {} was sent again with another change", change.key);
        let answer = |outcome: &str, entry: Option<Entry>, current: Option<Entry>, error: Option<&str>| BatchResult {
            idempotency_key: change.key.clone(),
            outcome: outcome.into(),
            entry,
            current,
            error: error.map(|text| json::parse(text).expect("the error is JSON")),
        };
        if let Some(entry) = self.applied.get(&change.key) {
            return Ok(answer("duplicate", Some(entry.clone()), None, None));
        }
        if change.value.text() == "999" {
            return Ok(answer(
                "invalid",
                None,
                None,
                Some(r#"{"code":"indicator_out_of_range","message":"Nilai di luar rentang."}"#),
            ));
        }
        let current = self.entry(&change.cell);
        if change.base_version != current.version {
            return Ok(answer("conflict", None, Some(current), Some(r#"{"code":"version_conflict","message":"x"}"#)));
        }
        let entry = self.write(&change.cell, change.value.clone(), "pengampu");
        self.applied.insert(change.key.clone(), entry.clone());
        let n_applied = self.n_applied.entry(change.key.clone()).or_default();
        *n_applied += 1;
        prop_assert_eq!(*n_applied, 1, "key {} applied twice", change.key);
        Ok(answer("applied", Some(entry), None, None))
    }
}

/// A value the assessor sent and still stands by, and whether the server has applied it.
#[derive(Clone, Debug)]
struct Intent {
    value: RawJson,
    applied: bool,
}

struct Session {
    server: Server,
    outbox: Outbox,
    drafts: Drafts,
    /// The entries of the page as last loaded.
    page: BTreeMap<CellKey, Entry>,
    intents: BTreeMap<CellKey, Intent>,
    n_keys: usize,
}

impl Session {
    fn new_key(&mut self) -> String {
        self.n_keys += 1;
        format!("k{}", self.n_keys)
    }

    /// What the grid believes the server holds (`base_version` and `server_text` of the grid).
    fn server_view(&self, cell: &CellKey) -> Option<&Entry> {
        self.outbox.server_entry(cell, self.page.get(cell))
    }

    fn send(&mut self, delivery: Delivery) -> Result<(), TestCaseError> {
        let batch = self.outbox.batch();
        if batch.is_empty() {
            return Ok(());
        }
        let keys: Vec<String> = batch.iter().map(|change| change.key.clone()).collect();
        self.outbox.mark_attempted(&keys);
        if let Delivery::LostOnTheWay = delivery {
            return Ok(());
        }
        let mut results = Vec::new();
        for change in &batch {
            let result = self.server.receive(change)?;
            if result.outcome == "applied"
                && let Some(intent) = self.intents.get_mut(&change.cell)
                && intent.value == change.value
            {
                intent.applied = true;
            }
            results.push(result);
        }
        if let Delivery::Answered = delivery {
            self.outbox.apply(&results, 1.0);
        }
        Ok(())
    }

    fn run(&mut self, step: &Step) -> Result<(), TestCaseError> {
        match *step {
            Step::Type { cell: index, text } => {
                let server_text = self.server_view(&cell(index)).map_or(String::new(), |entry| shown(&entry.value));
                self.drafts.set(&cell(index), TEXTS[text], &server_text);
            }
            Step::Kirim => {
                let drafts: Vec<(String, String)> =
                    self.drafts.0.iter().map(|(path, text)| (path.clone(), text.clone())).collect();
                for (path, text) in drafts {
                    let index = (0..CELLS.len()).find(|&index| cell(index).path() == path).expect("a draft of a cell");
                    let base_version = self.server_view(&cell(index)).map_or(0, |entry| entry.version);
                    let key = self.new_key();
                    self.outbox.enqueue(cell(index), raw(&text), base_version, key);
                    self.drafts.remove(&cell(index));
                    self.intents.insert(cell(index), Intent { value: raw(&text), applied: false });
                }
            }
            Step::Send(delivery) => self.send(delivery)?,
            Step::OtherUserWrites { cell: index, text } => {
                self.server.write(&cell(index), raw(TEXTS[text]), "lain");
            }
            Step::KeepMine { cell: index } => {
                if self.outbox.conflicts.iter().any(|conflict| conflict.cell == cell(index)) {
                    let key = self.new_key();
                    self.outbox.keep_mine(&cell(index), key);
                }
            }
            Step::TakeTheirs { cell: index } => {
                if self.outbox.take_theirs(&cell(index)).is_some() {
                    self.drafts.remove(&cell(index));
                    self.intents.remove(&cell(index));
                }
            }
            Step::DismissRejected { cell: index } => {
                if self.outbox.rejected.iter().any(|rejected| rejected.cell == cell(index)) {
                    self.outbox.dismiss_rejected(&cell(index));
                    self.intents.remove(&cell(index));
                }
            }
            Step::ReloadBrowser => {
                let outbox = Outbox::from_json(&self.outbox.to_json());
                prop_assert_eq!(outbox.as_ref(), Some(&self.outbox), "the stored outbox reads back");
                let drafts = Drafts::from_json(&self.drafts.to_json());
                prop_assert_eq!(&drafts, &self.drafts, "the stored drafts read back");
                self.outbox = outbox.expect("checked above");
                self.drafts = drafts;
            }
            Step::ReloadPage => {
                self.page = self.server.entries.clone();
                for period in PERIODS {
                    let page = &self.page;
                    self.outbox.forget_known_in(period, |unit, indicator| {
                        page.get(&CellKey::new(period, unit, indicator)).map(|entry| entry.version)
                    });
                }
            }
        }
        Ok(())
    }

    /// Every value sent and not applied is on screen: waiting, a conflict's "mine", or refused.
    fn check_nothing_is_lost(&self, after: &Step) -> Result<(), TestCaseError> {
        for (cell, intent) in &self.intents {
            if intent.applied {
                continue;
            }
            let visible = self.outbox.unsent_value(cell) == Some(&intent.value)
                || self.outbox.rejected.iter().any(|rejected| &rejected.cell == cell && rejected.value == intent.value);
            prop_assert!(
                visible,
                "after {:?}, {:?} of {} is neither applied nor shown",
                after,
                intent.value,
                cell.path()
            );
        }
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn no_sent_value_is_lost_or_applied_twice_and_drafts_survive_reloads(steps in proptest::collection::vec(step(), 1..40)) {
        let mut session = Session {
            server: Server::default(),
            outbox: Outbox::default(),
            drafts: Drafts::default(),
            page: BTreeMap::new(),
            intents: BTreeMap::new(),
            n_keys: 0,
        };
        for step in &steps {
            let drafts_before = session.drafts.clone();
            session.run(step)?;
            if let Step::ReloadBrowser | Step::Send(_) | Step::ReloadPage | Step::OtherUserWrites { .. } = step {
                prop_assert_eq!(&session.drafts, &drafts_before, "{:?} changed the drafts", step);
            }
            session.check_nothing_is_lost(step)?;
        }
        // The network is back and nobody else writes: everything waiting goes out.
        for _ in 0..2 * steps.len() + 2 {
            session.send(Delivery::Answered)?;
        }
        prop_assert!(session.outbox.changes.is_empty(), "still waiting: {:?}", session.outbox.changes);
        session.check_nothing_is_lost(&Step::Send(Delivery::Answered))?;
        for (cell, intent) in &session.intents {
            let settled = intent.applied
                || session.outbox.conflicts.iter().any(|conflict| &conflict.cell == cell && conflict.mine == intent.value)
                || session.outbox.rejected.iter().any(|rejected| &rejected.cell == cell && rejected.value == intent.value);
            prop_assert!(settled, "{:?} of {} did not settle", intent.value, cell.path());
        }
    }
}
