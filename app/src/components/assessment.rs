//! The assessor's grid and its panels. Thin: checking, pasting, moving and queueing are in
//! `crate::assessment`; this file wires inputs and signals to them.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::entries::RawJson;
use crate::assessment::cell::{CellCheck, check_cell, format_score, rule_hint, stored_text};
use crate::assessment::detail::opens_detail;
use crate::assessment::grid::{filled_text, key_move, move_focus};
use crate::assessment::outbox::CellKey;
use crate::assessment::paste::{parse_clipboard, paste_targets};
use crate::assessment::sync::{SyncProblem, SyncState, clock_text, use_sync};
use crate::auth::Permissions;
use crate::auth::User;
use crate::components::entry_detail::{EntryPanel, focus_detail_title, raw_text};
use crate::i18n::{Lang, Msg, use_i18n};
use crate::pages::assessment::Sheet;

/// One cell of the grid.
#[derive(Clone)]
struct CellModel {
    key: CellKey,
    position: usize,
    text: RwSignal<String>,
}

/// The server's value of a cell as text (the newer of the page's entry and a batch answer).
fn server_text(sync: SyncState, sheet: &Sheet, cell: &CellModel, lang: Lang) -> String {
    sync.outbox.with_untracked(|outbox| {
        outbox
            .server_entry(&cell.key, sheet.entry(&cell.key))
            .map(|entry| stored_text(&sheet.rubric, cell.position, entry.value.text(), lang))
            .unwrap_or_default()
    })
}

fn base_version(sync: SyncState, sheet: &Sheet, cell: &CellKey) -> i64 {
    sync.outbox.with_untracked(|outbox| outbox.server_entry(cell, sheet.entry(cell)).map_or(0, |entry| entry.version))
}

fn focus_cell(row: usize, column: usize) {
    let input = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(&format!("cell-{row}-{column}")))
        .and_then(|element| element.dyn_into::<web_sys::HtmlInputElement>().ok());
    if let Some(input) = input {
        let _ = input.focus();
        input.select();
    }
}

/// Whether a unit still misses a value in one of the columns at `positions`.
fn misses_a_value(sheet: &Sheet, period_id: &str, unit_code: &str, positions: &[usize]) -> bool {
    positions.iter().any(|&position| {
        let code = sheet.rubric.indicators()[position].code().as_str();
        sheet.entry(&CellKey::new(period_id, unit_code, code)).is_none_or(|entry| entry.value.is_null())
    })
}

/// The grid; `only_indicator` opens it on that one column (if the user works on it) and
/// `only_missing` keeps the units that miss a value in the opening columns, fixed while the page
/// is open so that a row does not vanish while its value is typed.
#[component]
pub fn AssessmentGrid(
    sheet: Arc<Sheet>,
    user: Option<User>,
    #[prop(default = None)] only_indicator: Option<String>,
    #[prop(optional)] only_missing: bool,
    /// The unnarrowed grid's address, linked while `only_missing` narrows it.
    #[prop(optional)]
    show_all_url: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang_untracked();
    let Some(user) = user else { return ().into_any() };
    let period_id = sheet.period.id.clone();

    // Columns: an owner's own indicators, everything for the others.
    let available: Vec<usize> = sheet
        .rubric
        .indicators()
        .iter()
        .enumerate()
        .filter(|(_, indicator)| {
            user.role() != Some(crate::auth::Role::Owner) || user.may_edit_indicator(indicator.code().as_str())
        })
        .map(|(position, _)| position)
        .collect();
    let opening: Vec<usize> = only_indicator
        .as_deref()
        .and_then(|code| sheet.rubric.indicator_position(code))
        .filter(|position| available.contains(position))
        .map_or_else(|| available.clone(), |position| vec![position]);
    let chosen = RwSignal::new(opening.clone());
    let units: Vec<_> = sheet
        .units
        .iter()
        .filter(|unit| user.may_read_unit(&unit.code))
        .filter(|unit| !only_missing || misses_a_value(&sheet, &period_id, &unit.code, &opening))
        .cloned()
        .collect();
    let narrowed = only_missing.then_some(show_all_url);
    let open = sheet.is_open();
    let user = Arc::new(user);

    let chooser = {
        let sheet = sheet.clone();
        available
            .iter()
            .map(|&position| {
                let indicator = &sheet.rubric.indicators()[position];
                let code = indicator.code().as_str().to_string();
                view! {
                    <label class="chip">
                        <input
                            type="checkbox"
                            data-testid=format!("choose-{code}")
                            prop:checked=move || chosen.with(|list| list.contains(&position))
                            on:change=move |event| {
                                let on = event_target_checked(&event);
                                chosen.update(|list| {
                                    list.retain(|&p| p != position);
                                    if on {
                                        list.push(position);
                                        engine::order::sort_by_key(list, |&p| p);
                                    }
                                });
                            }
                        />
                        {indicator.name().to_string()}
                    </label>
                }
            })
            .collect_view()
    };

    view! {
        <div class="assessment__sheet">
            {sheet.from_cache.then(|| view! { <p class="notice" data-testid="assess-from-cache">{i18n.tr(Msg::AssessFromCache)}</p> })}
            {(!open).then(|| view! { <p class="notice" data-testid="assess-closed">{i18n.tr(Msg::AssessPeriodClosed)}</p> })}
            {user.is_read_only().then(|| view! { <p class="notice" data-testid="assess-read-only">{i18n.tr(Msg::AssessReadOnly)}</p> })}
            {narrowed.map(|all| view! {
                <p class="notice" data-testid="assess-only-missing">
                    {i18n.tr(Msg::GridOnlyMissing)} " " <a href=all data-testid="assess-show-all">{i18n.tr(Msg::GridShowAll)}</a>
                </p>
            })}
            <fieldset class="assessment__chooser">
                <legend>{i18n.tr(Msg::AssessIndicators)}</legend>
                {chooser}
            </fieldset>
            {move || {
                let columns = chosen.get();
                let sheet = sheet.clone();
                let user = user.clone();
                let units = units.clone();
                let period_id = period_id.clone();
                view! { <GridTable sheet=sheet user=user units=units columns=columns period_id=period_id open=open lang=lang/> }
            }}
        </div>
    }
    .into_any()
}

#[component]
fn GridTable(
    sheet: Arc<Sheet>,
    user: Arc<User>,
    units: Vec<crate::api::entries::UnitRef>,
    columns: Vec<usize>,
    period_id: String,
    open: bool,
    lang: Lang,
) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let n_rows = units.len();
    let n_columns = columns.len();
    let editable: Arc<Vec<bool>> = Arc::new(
        columns
            .iter()
            .map(|&position| {
                let code = sheet.rubric.indicators()[position].code().as_str();
                open && user.may_edit_indicator(code) && !sheet.computed.iter().any(|computed| computed == code)
            })
            .collect(),
    );

    // Every cell's text: the draft, else the unsent value, else the server's.
    let cells: Arc<Vec<Vec<CellModel>>> = Arc::new(
        units
            .iter()
            .map(|unit| {
                columns
                    .iter()
                    .map(|&position| {
                        let key =
                            CellKey::new(&period_id, &unit.code, sheet.rubric.indicators()[position].code().as_str());
                        let draft = sync.drafts.with_untracked(|drafts| drafts.get(&key).map(str::to_string));
                        let unsent = sync.outbox.with_untracked(|outbox| outbox.unsent_value(&key).cloned());
                        let model = CellModel { key, position, text: RwSignal::new(String::new()) };
                        let text = draft
                            .or_else(|| unsent.map(|raw| stored_text(&sheet.rubric, position, raw.text(), lang)))
                            .unwrap_or_else(|| server_text(sync, &sheet, &model, lang));
                        model.text.set(text);
                        model
                    })
                    .collect()
            })
            .collect(),
    );
    let focused = RwSignal::new(None::<(usize, usize)>);
    let expanded = RwSignal::new(false);
    let note = RwSignal::new(None::<String>);

    let set_text = {
        let sheet = sheet.clone();
        move |cell: &CellModel, text: String| {
            let server = server_text(sync, &sheet, cell, lang);
            cell.text.set(text.clone());
            sync.update_drafts(|drafts| drafts.set(&cell.key, &text, &server));
        }
    };

    let submit = {
        let (sheet, cells, editable) = (sheet.clone(), cells.clone(), editable.clone());
        move |_| {
            let mut changes = Vec::new();
            let mut invalid = 0;
            for row in cells.iter() {
                for (column, cell) in row.iter().enumerate() {
                    if !editable[column] || sync.drafts.with_untracked(|drafts| drafts.get(&cell.key).is_none()) {
                        continue;
                    }
                    let raw = match check_cell(&sheet.rubric, cell.position, &cell.text.get_untracked(), lang) {
                        CellCheck::Valid { raw_json, .. } => RawJson(raw_json),
                        CellCheck::Empty => RawJson::null(),
                        CellCheck::Invalid(_) => {
                            invalid += 1;
                            continue;
                        }
                    };
                    changes.push((cell.key.clone(), raw, base_version(sync, &sheet, &cell.key), sync.new_key()));
                }
            }
            let count = changes.len();
            let sent: Vec<CellKey> = changes.iter().map(|(key, ..)| key.clone()).collect();
            sync.update_outbox(|outbox| {
                for (key, raw, base, idempotency) in changes {
                    outbox.enqueue(key, raw, base, idempotency);
                }
            });
            sync.update_drafts(|drafts| sent.iter().for_each(|key| drafts.remove(key)));
            let lang = i18n.lang_untracked();
            let mut text = format!("{count} {}", crate::i18n::t(lang, Msg::AssessQueued));
            if invalid > 0 {
                text.push_str(&format!(" {invalid} {}", crate::i18n::t(lang, Msg::AssessInvalidKept)));
            }
            note.set(Some(text));
            sync.flush();
        }
    };

    let header = columns
        .iter()
        .enumerate()
        .map(|(column, &position)| {
            let indicator = &sheet.rubric.indicators()[position];
            let code = indicator.code().as_str().to_string();
            let name = indicator.name().to_string();
            let hint = rule_hint(&sheet.rubric, position, lang);
            let computed = sheet.computed.contains(&code);
            let (cells, sheet) = (cells.clone(), sheet.clone());
            let filled = move || {
                let count = cells
                    .iter()
                    .filter(|row| {
                        matches!(
                            check_cell(&sheet.rubric, position, &row[column].text.get(), lang),
                            CellCheck::Valid { .. }
                        )
                    })
                    .count();
                filled_text(count, n_rows, i18n.lang())
            };
            view! {
                <th scope="col" class="grid__head">
                    <span class="grid__indicator">{name}</span>
                    <span class="grid__hint">{hint}</span>
                    // A value the server computes from the aspiration service (issue 23).
                    {computed.then(|| view! {
                        <span class="grid__computed" data-testid=format!("computed-{code}")
                            title=crate::i18n::t(lang, Msg::Asp(crate::components::aspiration::AspText::ComputedHint))>
                            {crate::i18n::t(lang, Msg::Asp(crate::components::aspiration::AspText::Computed))}
                        </span>
                    })}
                    <span class="grid__filled" data-testid=format!("filled-{code}")>{filled}</span>
                </th>
            }
        })
        .collect_view();

    let body = units
        .iter()
        .enumerate()
        .map(|(row, unit)| {
            let row_cells = cells[row]
                .iter()
                .enumerate()
                .map(|(column, cell)| {
                    let cell = cell.clone();
                    let (sheet, cells, editable_columns) = (sheet.clone(), cells.clone(), editable.clone());
                    let editable = editable_columns[column];
                    let check = {
                        let (sheet, text) = (sheet.clone(), cell.text);
                        Memo::new(move |_| check_cell(&sheet.rubric, cell.position, &text.get(), lang))
                    };
                    let key = cell.key.clone();
                    let class = move || {
                        let mut class = String::from("grid__cell");
                        if check.with(CellCheck::is_invalid) {
                            class.push_str(" grid__cell--invalid");
                        }
                        if sync.outbox.with(|outbox| outbox.conflicts.iter().any(|c| c.cell == key)) {
                            class.push_str(" grid__cell--conflict");
                        } else if sync.outbox.with(|outbox| outbox.changes.iter().any(|c| c.cell == key)) {
                            class.push_str(" grid__cell--pending");
                        } else if sync.drafts.with(|drafts| drafts.get(&key).is_some()) {
                            class.push_str(" grid__cell--draft");
                        }
                        class
                    };
                    let on_input = {
                        let (cell, set_text) = (cell.clone(), set_text.clone());
                        move |event: leptos::ev::Event| set_text(&cell, event_target_value(&event))
                    };
                    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
                        if opens_detail(&event.key(), event.ctrl_key(), event.meta_key(), event.alt_key()) {
                            event.prevent_default();
                            expanded.set(true);
                            focus_detail_title();
                            return;
                        }
                        let Some(input) = event.target().and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
                            return;
                        };
                        let length = input.value().encode_utf16().count() as u32;
                        let start = input.selection_start().ok().flatten().unwrap_or(0);
                        let end = input.selection_end().ok().flatten().unwrap_or(length);
                        let whole = start == 0 && end == length;
                        let step = key_move(&event.key(), event.shift_key(), whole || end == 0, whole || start == length);
                        if let Some(target) = step.and_then(|step| move_focus(row, column, step, n_rows, n_columns)) {
                            event.prevent_default();
                            focus_cell(target.0, target.1);
                        }
                    };
                    let on_paste = {
                        let (cells, editable_columns, set_text) = (cells.clone(), editable_columns.clone(), set_text.clone());
                        move |event: leptos::ev::ClipboardEvent| {
                            let Some(text) = event.clipboard_data().and_then(|data| data.get_data("text").ok()) else { return };
                            if !text.contains(['\t', '\n', '\r']) {
                                return;
                            }
                            event.prevent_default();
                            let block = parse_clipboard(&text);
                            let (targets, dropped) =
                                paste_targets(&block, row, column, n_rows, n_columns, |c| editable_columns[c]);
                            for target in &targets {
                                set_text(&cells[target.row][target.column], target.text.clone());
                            }
                            let lang = i18n.lang_untracked();
                            let mut text = format!("{} {}", targets.len(), crate::i18n::t(lang, Msg::AssessPasted));
                            if dropped > 0 {
                                text.push_str(&format!(" {dropped} {}", crate::i18n::t(lang, Msg::AssessPasteDropped)));
                            }
                            note.set(Some(text));
                        }
                    };
                    let label = format!("{} — {}", sheet.rubric.indicators()[cell.position].name(), unit.name);
                    view! {
                        <td class=class>
                            <input
                                id=format!("cell-{row}-{column}")
                                class="grid__input"
                                type="text"
                                inputmode="decimal"
                                autocomplete="off"
                                aria-label=label
                                aria-invalid=move || if check.with(CellCheck::is_invalid) { "true" } else { "false" }
                                data-testid=format!("cell-{}-{}", cell.key.unit, cell.key.indicator)
                                readonly=!editable
                                prop:value=move || cell.text.get()
                                on:input=on_input
                                on:keydown=on_keydown
                                on:paste=on_paste
                                on:focus=move |_| focused.set(Some((row, column)))
                            />
                            {move || match check.get() {
                                CellCheck::Valid { score_hundredths, .. } => view! {
                                    <span class="grid__score" title=i18n.t(Msg::AssessScore)>{format_score(score_hundredths, i18n.lang())}</span>
                                }.into_any(),
                                CellCheck::Invalid(reason) => view! { <span class="grid__error" data-testid="cell-error">{reason}</span> }.into_any(),
                                CellCheck::Empty => ().into_any(),
                            }}
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row" class="grid__unit">{unit.name.clone()}</th>
                    {row_cells}
                </tr>
            }
        })
        .collect_view();

    let any_editable = editable.iter().any(|&e| e);
    let (panel_sheet, panel_cells, conflict_sheet, conflict_cells) =
        (sheet.clone(), cells.clone(), sheet.clone(), cells.clone());
    let close_detail = Callback::new(move |()| {
        expanded.set(false);
        if let Some((row, column)) = focused.get_untracked() {
            focus_cell(row, column);
        }
    });
    let drafts_here = {
        let period_id = period_id.clone();
        move || sync.drafts.with(|drafts| drafts.count_in(&period_id))
    };
    view! {
        <ConflictPanel sheet=conflict_sheet cells=conflict_cells period_id=period_id.clone()/>
        <div class="assessment__actions">
            {any_editable.then(|| view! {
                <button type="button" class="button button--primary" data-testid="assess-submit" on:click=submit>
                    {i18n.tr(Msg::AssessSubmit)}
                </button>
            })}
            <span data-testid="assess-drafts">{move || format!("{} {}", drafts_here(), i18n.t(Msg::AssessDraftCount))}</span>
            {move || note.get().map(|text| view! { <span class="assessment__note" role="status" data-testid="assess-note">{text}</span> })}
        </div>
        <div class="assessment__layout">
            <div class="grid-scroll">
                <table class="grid" data-testid="assess-grid">
                    <thead>
                        <tr>
                            <th scope="col" class="grid__unit">{i18n.tr(Msg::SimUnit)}</th>
                            {header}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            {move || focused.get().map(|(row, column)| {
                let cell = panel_cells[row][column].clone();
                view! {
                    <EntryPanel sheet=panel_sheet.clone() user=user.clone() cell_key=cell.key position=cell.position expanded=expanded on_close=close_detail/>
                }
            })}
        </div>
    }
}

/// Changes the server refused because someone changed the cell first: both values side by side,
/// and the choice.
#[component]
fn ConflictPanel(sheet: Arc<Sheet>, cells: Arc<Vec<Vec<CellModel>>>, period_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let find_cell = {
        let cells = cells.clone();
        move |key: &CellKey| cells.iter().flatten().find(|cell| &cell.key == key).cloned()
    };
    let period_for_conflicts = period_id.clone();
    view! {
        {move || {
            let lang = i18n.lang();
            let conflicts: Vec<_> = sync.outbox.with(|outbox| {
                outbox.conflicts.iter().filter(|c| c.cell.period == period_for_conflicts).cloned().collect()
            });
            let rejected: Vec<_> = sync.outbox.with(|outbox| {
                outbox.rejected.iter().filter(|r| r.cell.period == period_for_conflicts).cloned().collect()
            });
            let name_of = |key: &CellKey| {
                let unit = sheet.units.iter().find(|u| u.code == key.unit).map_or(key.unit.clone(), |u| u.name.clone());
                let indicator = sheet.rubric.indicator_position(&key.indicator).map_or(key.indicator.clone(), |p| sheet.rubric.indicators()[p].name().to_string());
                (unit, indicator, sheet.rubric.indicator_position(&key.indicator))
            };
            let conflict_view = (!conflicts.is_empty()).then(|| {
                let items = conflicts.into_iter().map(|conflict| {
                    let (unit, indicator, position) = name_of(&conflict.cell);
                    let show = |raw: &RawJson| position.map_or(raw.text().to_string(), |p| raw_text(&sheet, p, raw, lang));
                    let key_mine = conflict.cell.clone();
                    let key_theirs = conflict.cell.clone();
                    let find_cell = find_cell.clone();
                    let sheet = sheet.clone();
                    view! {
                        <li data-testid=format!("conflict-{}-{}", conflict.cell.unit, conflict.cell.indicator)>
                            <strong>{unit} " · " {indicator}</strong>
                            <div class="conflict__values">
                                <span>{i18n.t(Msg::AssessMine)} ": " <b data-testid="conflict-mine">{show(&conflict.mine)}</b></span>
                                <span>
                                    {i18n.t(Msg::AssessTheirs)} ": " <b data-testid="conflict-theirs">{show(&conflict.current.value)}</b>
                                    " (" {i18n.t(Msg::AssessChangedBy)} " " {conflict.current.updated_by.clone().unwrap_or_default()}
                                    ", " {conflict.current.updated_at.clone().unwrap_or_default()} ")"
                                </span>
                            </div>
                            <button type="button" class="button button--primary" data-testid="conflict-keep-mine" on:click=move |_| {
                                let key = sync.new_key();
                                sync.update_outbox(|outbox| outbox.keep_mine(&key_mine, key));
                                sync.flush();
                            }>{i18n.t(Msg::AssessKeepMine)}</button>
                            <button type="button" class="button" data-testid="conflict-take-theirs" on:click=move |_| {
                                let mut theirs = None;
                                sync.update_outbox(|outbox| theirs = outbox.take_theirs(&key_theirs));
                                sync.update_drafts(|drafts| drafts.remove(&key_theirs));
                                if let (Some(entry), Some(cell)) = (theirs, find_cell(&key_theirs)) {
                                    cell.text.set(stored_text(&sheet.rubric, cell.position, entry.value.text(), lang));
                                }
                            }>{i18n.t(Msg::AssessTakeTheirs)}</button>
                        </li>
                    }
                }).collect_view();
                view! {
                    <section class="conflicts" role="alert" data-testid="conflict-panel">
                        <h2>{i18n.t(Msg::AssessConflictTitle)}</h2>
                        <p>{i18n.t(Msg::AssessConflictLead)}</p>
                        <ul>{items}</ul>
                    </section>
                }
            });
            let rejected_view = (!rejected.is_empty()).then(|| {
                let items = rejected.into_iter().map(|item| {
                    let (unit, indicator, _) = name_of(&item.cell);
                    let key = item.cell.clone();
                    view! {
                        <li>
                            <strong>{unit} " · " {indicator}</strong> ": " {item.message}
                            <button type="button" class="button button--small" on:click=move |_| sync.update_outbox(|outbox| outbox.dismiss_rejected(&key))>
                                {i18n.t(Msg::AssessDismiss)}
                            </button>
                        </li>
                    }
                }).collect_view();
                view! {
                    <section class="rejected" role="alert" data-testid="rejected-panel">
                        <h2>{i18n.t(Msg::AssessRejectedTitle)}</h2>
                        <ul>{items}</ul>
                    </section>
                }
            });
            (conflict_view, rejected_view)
        }}
    }
}

/// Online or not, how many changes wait, when the last batch was answered.
#[component]
pub fn SyncStatus() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let state = move || {
        if !sync.online.get() {
            ("sync-status__dot sync-status__dot--offline", i18n.t(Msg::AssessOffline))
        } else if sync.unreachable.get() {
            ("sync-status__dot sync-status__dot--offline", i18n.t(Msg::AssessUnreachable))
        } else {
            ("sync-status__dot sync-status__dot--online", i18n.t(Msg::AssessOnline))
        }
    };
    view! {
        <div class="sync-status" role="status" data-testid="sync-status">
            <span data-testid="sync-online" class=move || state().0>{move || state().1}</span>
            <span data-testid="sync-pending">
                {move || format!("{} {}", sync.outbox.with(|outbox| outbox.pending_count()), i18n.t(Msg::AssessPending))}
            </span>
            {move || sync.sending.get().then(|| view! { <span>{i18n.t(Msg::AssessSending)}</span> })}
            <span data-testid="sync-last">
                {move || match sync.outbox.with(|outbox| outbox.last_sync_ms) {
                    Some(ms) => format!("{} {}", i18n.t(Msg::AssessLastSync), clock_text(ms)),
                    None => i18n.t(Msg::AssessNeverSynced).to_string(),
                }}
            </span>
            {move || sync.problem.get().map(|problem| {
                let text = match problem {
                    SyncProblem::SignedOut => i18n.t(Msg::AssessSignedOut).to_string(),
                    SyncProblem::Server(message) => format!("{} {message}", i18n.t(Msg::AssessServerProblem)),
                };
                view! { <span class="sync-status__problem" data-testid="sync-problem">{text}</span> }
            })}
        </div>
    }
}
