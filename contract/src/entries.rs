//! Entered indicator values: the entries pages and the write answers.

use crate::json::{Json, RawJson};

crate::enumeration! {
    /// Where an entered value is in its verification.
    pub enum EntryStatus {
        /// Entered or changed by its owner; not yet checked.
        Submitted = "submitted",
        /// Checked by an administrator; only an administrator changes it now.
        Verified = "verified",
        /// The unit disputes the value; an administrator resolves it.
        Disputed = "disputed",
        /// A dispute was resolved (the value kept or corrected).
        Resolved = "resolved",
    }
}

crate::object! {
    /// An evidence file's description (never its content; download it by its `id`).
    pub struct Evidence {
        pub id: String,
        /// The file name as uploaded (last path part, control characters removed).
        pub name: String,
        /// Bytes.
        pub size: i64,
        pub sha256: String,
        /// `application/pdf`, `image/png`, `image/jpeg` or the XLSX type, by content.
        pub content_type: String,
        pub uploaded_by: String,
        pub uploaded_at: String,
    }
}

crate::object! {
    /// One stored entry: a unit's raw value of one indicator in a period.
    pub struct Entry {
        /// The unit's code.
        pub unit: String,
        /// The indicator's code.
        pub indicator: String,
        /// The value exactly as entered: a number, a label or a yes/no.
        pub value: RawJson,
        pub status: EntryStatus,
        /// Incremented by every change; a write names the version it changed (`base_version`).
        pub version: i64,
        pub updated_at: String,
        pub updated_by: String,
        /// The owner's note (plain text).
        pub note: Option<String>,
        /// The owner's recommendation to the unit (plain text).
        pub recommendation: Option<String>,
        /// An http(s) address of evidence.
        pub evidence_link: Option<String>,
        /// Evidence files (in the entries page only; write answers leave them out).
        pub evidence: Option<Vec<Evidence>> = omit_none,
    }
}

crate::object! {
    /// `GET /api/v1/periods/{period_id}/entries?population=`: what a signed-in user may see of a
    /// period's values for one population (a unit admin: their unit; `?indicator=` narrows).
    pub struct EntriesPage {
        pub period: crate::Period,
        /// The population's code.
        pub population: String,
        pub rubric_version_id: String,
        /// The rubric document exactly as stored (a `sibekisar.rubric/v1` file).
        pub rubric: Json,
        pub units: Vec<crate::UnitRef>,
        pub entries: Vec<Entry>,
        /// Indicators whose value the server computes from the aspiration service (owners cannot
        /// write them; show "dihitung dari layanan aspirasi").
        pub computed: Vec<crate::aspirations::AspirationBinding> = default,
    }
}

crate::object! {
    /// Why one change of a batch was not applied.
    pub struct ChangeError {
        /// A stable code (`version_conflict`, `entry_verified`, `period_locked`, `forbidden`, …).
        pub code: String,
        /// The reason in Indonesian, for people.
        pub message: String,
        /// The request member at fault (`changes[3].value`), when there is one.
        pub field: Option<String>,
    }
}

crate::object! {
    /// One change's outcome in a batch answer.
    pub struct ChangeResult {
        /// The change's `Idempotency-Key`, as sent.
        pub idempotency_key: String,
        /// `applied`, `duplicate` (already applied with this key: the entry as it was then),
        /// `conflict` (changed by someone else since `base_version`: see `current`), `invalid` or
        /// `forbidden` (see `error`). Clients treat an unknown outcome as refused.
        pub outcome: String,
        /// The entry after the change (`applied`, `duplicate`).
        pub entry: Option<Entry> = omit_none,
        /// The entry as it is now (`conflict`, and a change refused because it is verified).
        pub current: Option<Entry> = omit_none,
        pub error: Option<ChangeError> = omit_none,
    }
}

crate::object! {
    /// `POST /api/v1/periods/{period_id}/entries/batch`: one outcome per change, in order.
    pub struct BatchAnswer {
        pub results: Vec<ChangeResult>,
    }
}

crate::object! {
    /// One audit record of an entry (`GET …/entries/{unit}/{indicator}/history`, newest first).
    pub struct HistoryRecord {
        pub changed_at: String,
        pub changed_by: String,
        /// The raw value before and after (`null` for none).
        pub old_value: RawJson,
        pub new_value: RawJson,
        pub old_status: Option<String>,
        pub new_status: Option<String>,
        /// The reason given with a workflow step (dispute, resolve).
        pub reason: Option<String>,
        /// The entry's note and recommendation after this change.
        pub note: Option<String>,
        pub recommendation: Option<String>,
    }
}

crate::object! {
    /// `PUT /api/v1/periods/{period_id}/entries/{unit_code}/{indicator}` (with an
    /// `Idempotency-Key`): a value and the owner's texts, on the version the writer saw. `""`
    /// clears a text; an absent one stays.
    pub struct EntryChange {
        /// The raw value (`null` clears it).
        pub value: crate::json::RawJson,
        /// The entry's version the writer saw (0: none yet); another one is a 409 conflict.
        pub base_version: i64,
        /// Why a verified value is changed (administrators).
        pub reason: Option<String> = omit_none,
        pub note: Option<String> = omit_none,
        pub recommendation: Option<String> = omit_none,
        /// An `http(s)` address of the evidence.
        pub evidence_link: Option<String> = omit_none,
    }
}

crate::object! {
    /// One change of a batch: an [`EntryChange`] naming its cell, with its own idempotency key.
    pub struct BatchChange {
        pub unit: String,
        pub indicator: String,
        pub value: crate::json::RawJson,
        pub base_version: i64,
        /// 1–200 visible ASCII characters; a retried change with the same key is applied once.
        pub idempotency_key: String,
        pub reason: Option<String> = omit_none,
        pub note: Option<String> = omit_none,
        pub recommendation: Option<String> = omit_none,
        pub evidence_link: Option<String> = omit_none,
    }
}

crate::object! {
    /// `POST /api/v1/periods/{period_id}/entries/batch`: at most 5,000 changes, each applied or
    /// refused on its own.
    pub struct Batch {
        pub changes: Vec<BatchChange>,
    }
}

crate::object! {
    /// `POST …/{indicator}/verify`, `…/dispute` (a reason), `…/resolve` (a reason, maybe a new
    /// value). The body may be empty for `verify`.
    pub struct StatusStep {
        /// The version the caller saw; another one is a 409 conflict.
        pub base_version: Option<i64> = omit_none,
        pub reason: Option<String> = omit_none,
        /// A resolution's new value.
        pub value: Option<crate::json::RawJson> = omit_none,
    }
}

crate::object! {
    /// The answer of a write to one entry (a value, a note, a workflow step): the entry as stored.
    pub struct EntryAnswer {
        pub entry: Entry,
    }
}

crate::object! {
    /// A refused write to one entry that names the entry as it is now (409 `version_conflict`,
    /// `entry_verified`…): the error shape with `current` beside it (`null` when there is none).
    pub struct ConflictAnswer {
        pub error: crate::error::ErrorDetail,
        pub current: Option<Entry>,
    }
}
