//! The panel beside the grid for the focused cell: its stored value and status, and — opened with
//! "Rincian & tindak lanjut" or Ctrl+Enter — the owner's note and recommendation, evidence files,
//! the workflow steps the user's role allows (Verifikasi, Sanggah, Selesaikan) and the history.
//!
//! These writes need the network (the offline queue carries values only) and each carries its own
//! `Idempotency-Key`, kept across retries of the same click. Notes and recommendations are plain
//! text: the server strips control characters and the panel renders them as text (never HTML).

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::entries::{
    Entry, EntryTexts, HistoryRecord, RawJson, WriteError, evidence_url, fetch_history, save_note, upload_evidence,
    workflow_step,
};
use crate::assessment::cell::stored_text;
use crate::assessment::detail::{
    MAX_EVIDENCE_BYTES, Situation, Step, allowed_steps, may_upload, may_write_note, safe_link, size_text, status_label,
};
use crate::assessment::outbox::CellKey;
use crate::assessment::sync::{SyncState, use_sync};
use crate::auth::Permissions;
use crate::auth::User;
use crate::i18n::{Lang, Msg, use_i18n};
use crate::pages::assessment::Sheet;

/// A raw value (JSON text) as the grid shows it.
pub fn raw_text(sheet: &Sheet, position: usize, raw: &RawJson, lang: Lang) -> String {
    let text = stored_text(&sheet.rubric, position, raw.text(), lang);
    if text.is_empty() { "—".to_string() } else { text }
}

/// What the last action in the panel said.
#[derive(Clone, PartialEq)]
enum Said {
    Done(Msg),
    Failed(String),
}

/// One action's idempotency key, kept until the action succeeds: clicking again with the same
/// request (after a lost answer) is the same change; a changed request gets a new key.
#[derive(Clone, Copy)]
struct PendingKey {
    /// `(what the request asked, its key)`.
    slot: StoredValue<Option<(String, String)>>,
    sync: SyncState,
}

impl PendingKey {
    /// Made while the component is built (it reads the sync context there, not in a task).
    fn new() -> PendingKey {
        PendingKey { slot: StoredValue::new(None), sync: use_sync() }
    }

    fn get(self, request: String) -> String {
        if let Some((asked, key)) = self.slot.get_value()
            && asked == request
        {
            return key;
        }
        let key = self.sync.new_key();
        self.slot.set_value(Some((request, key.clone())));
        key
    }

    fn done(self) {
        self.slot.set_value(None);
    }
}

#[component]
pub fn EntryPanel(
    sheet: Arc<Sheet>,
    user: Arc<User>,
    cell_key: CellKey,
    position: usize,
    /// Whether the detail is open (else only the summary and the button that opens it).
    expanded: RwSignal<bool>,
    /// Closes the detail and gives the focus back to the cell.
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let lang = i18n.lang_untracked();
    let indicator = sheet.rubric.indicators()[position].name().to_string();
    let unit = sheet.units.iter().find(|u| u.code == cell_key.unit).map(|u| u.name.clone()).unwrap_or_default();
    let entry = RwSignal::new(
        sync.outbox.with_untracked(|outbox| outbox.server_entry(&cell_key, sheet.entry(&cell_key)).cloned()),
    );
    let said = RwSignal::new(None::<Said>);
    let busy = RwSignal::new(false);
    let history = RwSignal::new(None::<Result<Vec<HistoryRecord>, String>>);

    // Every write answers the entry as it is now: keep its evidence list and tell the grid.
    let accept = {
        let cell_key = cell_key.clone();
        move |result: Result<Entry, WriteError>, done: Msg| {
            busy.set(false);
            match result {
                Ok(mut updated) => {
                    updated.evidence =
                        entry.with_untracked(|old| old.as_ref().map(|old| old.evidence.clone()).unwrap_or_default());
                    sync.update_outbox(|outbox| outbox.remember(&cell_key, updated.clone()));
                    entry.set(Some(updated));
                    said.set(Some(Said::Done(done)));
                    history.set(None);
                }
                Err(error) => {
                    if let Some(current) = error.current {
                        entry.set(Some(*current));
                    }
                    said.set(Some(Said::Failed(error.message)));
                }
            }
        }
    };

    let load_history = {
        let cell_key = cell_key.clone();
        move |_| {
            let cell_key = cell_key.clone();
            leptos::task::spawn_local(async move {
                let loaded = fetch_history(&cell_key).await;
                let _ = history.try_set(Some(loaded));
            });
        }
    };

    let summary = {
        let sheet = sheet.clone();
        move || {
            match entry.get() {
            Some(entry) => view! {
                <dl class="cell-panel__facts">
                    <dt>{i18n.tr(Msg::AssessServerValue)}</dt>
                    <dd data-testid="panel-value">{raw_text(&sheet, position, &entry.value, lang)}</dd>
                    <dt>{i18n.tr(Msg::EntryStatus)}</dt>
                    <dd data-testid="panel-status">{status_label(&entry.status).map_or(entry.status.clone(), |msg| i18n.t(msg).to_string())}</dd>
                    <dt>{i18n.tr(Msg::AssessVersion)}</dt>
                    <dd data-testid="panel-version">{entry.version}</dd>
                    <dt>{i18n.tr(Msg::AssessChangedBy)}</dt>
                    <dd>{entry.updated_by.unwrap_or_default()} " · " {entry.updated_at.unwrap_or_default()}</dd>
                </dl>
            }
            .into_any(),
            None => view! { <p>{i18n.tr(Msg::AssessNoEntry)}</p> }.into_any(),
        }
        }
    };

    let situation_of = {
        let (period_state, cell_key) = (sheet.period.state, cell_key.clone());
        move |status: Option<String>, check: &dyn Fn(&Situation<'_>) -> bool| {
            check(&Situation {
                period_state,
                unit_code: &cell_key.unit,
                indicator_code: &cell_key.indicator,
                status: status.as_deref(),
            })
        }
    };
    let status_now = move || entry.with(|entry| entry.as_ref().map(|entry| entry.status.clone()));

    // The note and recommendation: editable by the indicator's owner, read by everyone else.
    let notes = {
        let (user, cell_key, situation_of, accept) =
            (user.clone(), cell_key.clone(), situation_of.clone(), accept.clone());
        let key = PendingKey::new();
        move || {
            let stored = entry.get();
            let note_text = stored.as_ref().and_then(|entry| entry.note.clone()).unwrap_or_default();
            let recommendation_text =
                stored.as_ref().and_then(|entry| entry.recommendation.clone()).unwrap_or_default();
            let editable = situation_of(status_now(), &|situation| may_write_note(&user, situation));
            if !editable {
                let needs_value = stored.is_none() && user.may_edit_indicator(&cell_key.indicator);
                return view! {
                    <div class="entry-texts">
                        {needs_value.then(|| view! { <p class="entry-hint">{i18n.tr(Msg::EntryNeedsValue)}</p> })}
                        {(!note_text.is_empty()).then(|| view! {
                            <h3>{i18n.tr(Msg::EntryNote)}</h3>
                            <p class="entry-text" data-testid="detail-note-text">{note_text.clone()}</p>
                        })}
                        {(!recommendation_text.is_empty()).then(|| view! {
                            <h3>{i18n.tr(Msg::EntryRecommendation)}</h3>
                            <p class="entry-text" data-testid="detail-recommendation-text">{recommendation_text.clone()}</p>
                        })}
                    </div>
                }
                .into_any();
            }
            let note = RwSignal::new(note_text);
            let recommendation = RwSignal::new(recommendation_text);
            let link = RwSignal::new(stored.as_ref().and_then(|entry| entry.evidence_link.clone()).unwrap_or_default());
            let (cell_key, accept) = (cell_key.clone(), accept.clone());
            let save = move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                let Some(current) = entry.get_untracked() else { return };
                let (cell_key, accept) = (cell_key.clone(), accept.clone());
                busy.set(true);
                leptos::task::spawn_local(async move {
                    let (note, recommendation, link) =
                        (note.get_untracked(), recommendation.get_untracked(), link.get_untracked());
                    let texts = EntryTexts { note: &note, recommendation: &recommendation, evidence_link: &link };
                    let asked = format!("{}\n{note}\n{recommendation}\n{link}", current.version);
                    let result = save_note(&cell_key, &current, &texts, &key.get(asked)).await;
                    if result.is_ok() {
                        key.done();
                    }
                    accept(result, Msg::EntrySaved);
                });
            };
            view! {
                <form class="entry-texts" novalidate on:submit=save>
                    <label class="form__field">
                        <span>{i18n.tr(Msg::EntryNote)}</span>
                        <textarea rows="2" maxlength="4000" data-testid="detail-note" prop:value=move || note.get()
                            on:input=move |event| note.set(event_target_value(&event))></textarea>
                    </label>
                    <label class="form__field">
                        <span>{i18n.tr(Msg::EntryRecommendation)}</span>
                        <textarea rows="3" maxlength="4000" data-testid="detail-recommendation" prop:value=move || recommendation.get()
                            on:input=move |event| recommendation.set(event_target_value(&event))></textarea>
                    </label>
                    <p class="entry-hint">{i18n.tr(Msg::EntryTextHint)}</p>
                    <label class="form__field">
                        <span>{i18n.tr(Msg::EntryLink)}</span>
                        <input type="url" inputmode="url" maxlength="2000" placeholder="https://" data-testid="detail-link" prop:value=move || link.get()
                            on:input=move |event| link.set(event_target_value(&event))/>
                    </label>
                    <button type="submit" class="button button--primary" data-testid="detail-save-note" disabled=move || busy.get()>
                        {i18n.tr(Msg::EntrySaveNote)}
                    </button>
                </form>
            }
            .into_any()
        }
    };

    // Evidence: the list (download links) and, for those allowed, an upload.
    let evidence = {
        let (user, cell_key, situation_of) = (user.clone(), cell_key.clone(), situation_of.clone());
        let key = PendingKey::new();
        let upload = move |event: leptos::ev::Event| {
            let Some(input) = event.target().and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
            if file.size() > MAX_EVIDENCE_BYTES {
                said.set(Some(Said::Failed(i18n.t(Msg::EntryTooLarge).to_string())));
                input.set_value("");
                return;
            }
            let cell_key = cell_key.clone();
            busy.set(true);
            said.set(Some(Said::Done(Msg::EntryUploading)));
            leptos::task::spawn_local(async move {
                let asked = format!("{}\n{}\n{}", file.name(), file.size(), file.last_modified());
                let result = upload_evidence(&cell_key, &file, &key.get(asked)).await;
                input.set_value("");
                busy.set(false);
                match result {
                    Ok(stored) => {
                        key.done();
                        entry.update(|entry| {
                            if let Some(entry) = entry {
                                entry.evidence.push(stored);
                            }
                        });
                        said.set(Some(Said::Done(Msg::EntryUploaded)));
                    }
                    Err(error) => said.set(Some(Said::Failed(error.message))),
                }
            });
        };
        move || {
            let allowed = situation_of(status_now(), &|situation| may_upload(&user, situation));
            let upload = upload.clone();
            view! {
                <section class="entry-section">
                    <h3>{i18n.tr(Msg::EntryEvidence)}</h3>
                    {move || {
                        let files = entry.with(|entry| entry.as_ref().map(|entry| entry.evidence.clone()).unwrap_or_default());
                        let link = entry.with(|entry| entry.as_ref().and_then(|entry| entry.evidence_link.clone()));
                        if files.is_empty() && link.is_none() {
                            return view! { <p class="entry-hint">{i18n.tr(Msg::EntryNoEvidence)}</p> }.into_any();
                        }
                        let link = link.map(|text| match safe_link(&text) {
                            Some(href) => view! {
                                <a href=href.to_string() target="_blank" rel="noopener noreferrer" data-testid="detail-link-out">{text.clone()}</a>
                            }.into_any(),
                            None => view! { <span>{text.clone()}</span> }.into_any(),
                        });
                        view! {
                            {link.map(|link| view! { <p class="evidence-link">{link}</p> })}
                            <ul class="evidence-list" data-testid="detail-evidence">
                                {files.into_iter().map(|file| view! {
                                    <li>
                                        <a href=evidence_url(&file.id) download="">{file.name.clone()}</a>
                                        " · " {size_text(file.size, i18n.lang())}
                                        <br/><code class="evidence-hash" title="SHA-256">{file.sha256.clone()}</code>
                                        <br/>{file.uploaded_by.clone()} " · " {file.uploaded_at.clone()}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    {allowed.then(|| view! {
                        <label class="form__field">
                            <span>{i18n.tr(Msg::EntryUpload)}</span>
                            <input type="file" accept=".pdf,.png,.jpg,.jpeg,.xlsx" data-testid="detail-upload" on:change=upload disabled=move || busy.get()/>
                        </label>
                    })}
                </section>
            }
        }
    };

    // The workflow steps the user may take in the entry's status.
    let workflow = {
        let (user, cell_key, accept) = (user.clone(), cell_key.clone(), accept.clone());
        let period_state = sheet.period.state;
        let key = PendingKey::new();
        move || {
            let status = status_now();
            let situation = Situation {
                period_state,
                unit_code: &cell_key.unit,
                indicator_code: &cell_key.indicator,
                status: status.as_deref(),
            };
            let steps = allowed_steps(&user, &situation);
            if steps.is_empty() {
                return ().into_any();
            }
            let reason = RwSignal::new(String::new());
            let reason_label =
                if steps.contains(&Step::Resolve) { Msg::EntryResolution } else { Msg::EntryDisputeReason };
            let needs_reason = steps.iter().any(|step| step.needs_reason());
            let buttons = steps
                .into_iter()
                .map(|step| {
                    let (cell_key, accept) = (cell_key.clone(), accept.clone());
                    let run = move |_| {
                        let text = reason.get_untracked();
                        if step.needs_reason() && text.trim().is_empty() {
                            said.set(Some(Said::Failed(i18n.t(Msg::EntryReasonRequired).to_string())));
                            return;
                        }
                        let Some(version) = entry.with_untracked(|entry| entry.as_ref().map(|entry| entry.version)) else { return };
                        let (cell_key, accept) = (cell_key.clone(), accept.clone());
                        busy.set(true);
                        leptos::task::spawn_local(async move {
                            let reason_sent = if step.needs_reason() { text } else { String::new() };
                            let asked = format!("{}\n{version}\n{reason_sent}", step.path());
                            let result = workflow_step(&cell_key, step.path(), &reason_sent, version, &key.get(asked)).await;
                            if result.is_ok() {
                                key.done();
                            }
                            accept(result, Msg::EntryStepDone);
                        });
                    };
                    view! {
                        <button type="button" class="button" data-testid=format!("detail-{}", step.path()) disabled=move || busy.get() on:click=run>
                            {i18n.tr(step.label())}
                        </button>
                    }
                })
                .collect_view();
            view! {
                <section class="entry-section">
                    <h3>{i18n.tr(Msg::EntryWorkflow)}</h3>
                    {needs_reason.then(|| view! {
                        <label class="form__field">
                            <span>{i18n.tr(reason_label)}</span>
                            <textarea rows="2" maxlength="1000" data-testid="detail-reason" prop:value=move || reason.get()
                                on:input=move |event| reason.set(event_target_value(&event))></textarea>
                        </label>
                    })}
                    <div class="entry-buttons">{buttons}</div>
                </section>
            }
            .into_any()
        }
    };

    let history_view = {
        let sheet = sheet.clone();
        move || {
            history.get().map(|loaded| match loaded {
                Err(text) => view! { <p class="form__error">{i18n.tr(Msg::AssessHistoryFailed)} " " {text}</p> }.into_any(),
                Ok(records) if records.is_empty() => view! { <p data-testid="history-empty">{i18n.tr(Msg::AssessHistoryEmpty)}</p> }.into_any(),
                Ok(records) => {
                    // A record shows a note or recommendation when it differs from the one before.
                    let older: Vec<(Option<String>, Option<String>)> =
                        records.iter().skip(1).map(|r| (r.note.clone(), r.recommendation.clone())).chain([(None, None)]).collect();
                    view! {
                        <ol class="history" data-testid="history-list">
                            {records.into_iter().zip(older).map(|(record, (old_note, old_recommendation))| {
                                let status = record.new_status.as_deref().and_then(status_label).map(|msg| i18n.t(msg));
                                let note = (record.note != old_note).then_some(record.note).flatten();
                                let recommendation = (record.recommendation != old_recommendation).then_some(record.recommendation).flatten();
                                view! {
                                    <li>
                                        <span class="history__when">{record.changed_at}</span> " · " {record.changed_by}
                                        <br/>
                                        {raw_text(&sheet, position, &record.old_value, lang)} " → " {raw_text(&sheet, position, &record.new_value, lang)}
                                        {status.map(|status| view! { " · " <b>{status}</b> })}
                                        {record.reason.map(|reason| view! { <em>" — " {reason}</em> })}
                                        {note.map(|note| view! { <p class="entry-text">{i18n.tr(Msg::EntryNote)} ": " {note}</p> })}
                                        {recommendation.map(|text| view! { <p class="entry-text">{i18n.tr(Msg::EntryRecommendation)} ": " {text}</p> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }
                    .into_any()
                }
            })
        }
    };

    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" && expanded.get_untracked() {
            event.prevent_default();
            on_close.run(());
        }
    };
    let details = move || {
        expanded.get().then(|| {
            view! {
                {notes.clone()}
                {evidence.clone()}
                {workflow.clone()}
                <button type="button" class="button button--small" data-testid="detail-close" on:click=move |_| on_close.run(())>
                    {i18n.tr(Msg::EntryDetailClose)}
                </button>
            }
        })
    };
    view! {
        <aside class="cell-panel" data-testid="cell-panel" aria-label=i18n.tr(Msg::AssessCellDetails) on:keydown=on_keydown>
            <h2 id="entry-detail-title" tabindex="-1">{indicator}</h2>
            <p>{unit}</p>
            {summary}
            {move || (!expanded.get()).then(|| view! {
                <button type="button" class="button button--primary" data-testid="detail-open" aria-keyshortcuts="Control+Enter"
                    on:click=move |_| {
                        expanded.set(true);
                        focus_detail_title();
                    }>
                    {i18n.tr(Msg::EntryDetailOpen)}
                </button>
                <p class="entry-hint">{i18n.tr(Msg::EntryDetailShortcut)}</p>
            })}
            {details}
            {move || said.get().map(|said| match said {
                Said::Done(msg) => view! { <p role="status" data-testid="detail-said">{i18n.tr(msg)}</p> }.into_any(),
                Said::Failed(text) => view! {
                    <p class="form__error" role="alert" data-testid="detail-error">{i18n.tr(Msg::EntryFailed)} " " {text}</p>
                }.into_any(),
            })}
            <button type="button" class="button" data-testid="history-button" on:click=load_history>{i18n.tr(Msg::AssessHistory)}</button>
            {history_view}
        </aside>
    }
}

/// Moves the focus to the panel's title once the detail is drawn (for keyboard and screen
/// reader users who opened it from the grid).
pub fn focus_detail_title() {
    set_timeout(
        || {
            let title = web_sys::window()
                .and_then(|window| window.document())
                .and_then(|document| document.get_element_by_id("entry-detail-title"))
                .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(title) = title {
                let _ = title.focus();
            }
        },
        std::time::Duration::ZERO,
    );
}
