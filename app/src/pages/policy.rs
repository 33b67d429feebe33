//! "Sistem Kerja": the provincial roll-up of the work-system policy monitor (`/sistem-kerja`) and
//! one government's checklist (`/sistem-kerja/{unit_code}`): stages, action plan (rencana aksi),
//! the Van Meter & Van Horn assessment and, for signed-in users, the change history of all three.
//!
//! Kept lean on purpose (the app is over its size budget): plain tables, one form per kind of
//! record, no component of its own. Everything computed — shares, stalled governments, overdue
//! actions, the score — comes from the server, including "today" (the app reads no clock).
//! Controls to record anything appear only when the server says `may_edit`; the server checks
//! every write again.

use std::collections::BTreeMap;

use gloo_net::http::Method;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::entries::evidence_url;
use crate::api::json::{Json, Object, json_text};
use crate::api::policy::{
    Change, Checklist, History, Loaded, MAX_FILE_BYTES, Rollup, fetch_checklist, fetch_history, fetch_rollup,
    rollup_url, upload_file, write,
};
use crate::auth::use_auth;
use crate::components::admin::short_time;
use crate::components::published::decimal_text;
use crate::i18n::{Lang, Msg, period_state_label, t, use_document_title, use_i18n};
use crate::simulation::{encode_query_value, simulator_url};

/// A stage status as a symbol and a word: never colour alone.
fn stage_status_text(code: &str, lang: Lang) -> &'static str {
    match (code, lang) {
        ("selesai", Lang::Id) => "● selesai",
        ("proses", Lang::Id) => "◐ proses",
        ("selesai", Lang::En) => "● done",
        ("proses", Lang::En) => "◐ in progress",
        (_, Lang::Id) => "○ belum",
        (_, Lang::En) => "○ not started",
    }
}

fn action_status_text(code: &str, lang: Lang) -> &'static str {
    match (code, lang) {
        ("terlambat", Lang::Id) => "⚠ terlambat",
        ("terlambat", Lang::En) => "⚠ overdue",
        ("selesai", Lang::Id) => "selesai",
        ("selesai", Lang::En) => "done",
        ("berjalan", Lang::Id) => "berjalan",
        ("berjalan", Lang::En) => "in progress",
        (_, Lang::Id) => "rencana",
        (_, Lang::En) => "planned",
    }
}

/// A string member of a recorded object (`None` when it is absent or not a string).
fn member_text<'a>(value: &'a Json, name: &str) -> Option<&'a str> {
    match value.get(name) {
        Some(Json::String(text)) => Some(text),
        _ => None,
    }
}

/// A raw value as text: a label as it is, anything else as its JSON.
fn value_text(value: &Json) -> String {
    match value {
        Json::String(text) => text.clone(),
        other => json_text(other),
    }
}

/// What a history row shows — what changed, and how (`old → new`) — in the checklist's words.
fn change_text(change: &Change, checklist: &Checklist, lang: Lang) -> (String, String) {
    let (kind, key) = change.subject.split_once(':').unwrap_or((change.subject.as_str(), ""));
    let status = |value: &Json, words: fn(&str, Lang) -> &'static str| {
        member_text(value, "status").map_or("—", |code| words(code, lang))
    };
    let raw = |value: &Json| match value {
        Json::Null => "—".to_owned(),
        other => value_text(other),
    };
    match kind {
        "STAGE" => {
            let name = checklist.stages.iter().find(|stage| stage.code == key).map_or_else(
                || key.to_owned(),
                |stage| if lang == Lang::En { stage.name_en.clone() } else { stage.name.clone() },
            );
            let mut how =
                format!("{} → {}", status(&change.old, stage_status_text), status(&change.new, stage_status_text));
            let details: Vec<&str> =
                ["date", "reference"].iter().filter_map(|field| member_text(&change.new, field)).collect();
            if !details.is_empty() {
                how = format!("{how} ({})", details.join(", "));
            }
            (name, how)
        }
        "ACTION" => {
            let title = member_text(&change.new, "title").unwrap_or(key);
            let how =
                format!("{} → {}", status(&change.old, action_status_text), status(&change.new, action_status_text));
            (format!("{}: {title}", t(lang, Msg::PolicyColAction)), how)
        }
        "VMVH" => {
            let name = checklist
                .rubric
                .indicators
                .iter()
                .find(|indicator| indicator.code == key)
                .map_or(key, |indicator| &indicator.name);
            (format!("VMVH · {name}"), format!("{} → {}", raw(&change.old), raw(&change.new)))
        }
        _ => (change.subject.clone(), format!("{} → {}", raw(&change.old), raw(&change.new))),
    }
}

/// The change history of a checklist (signed-in users; nothing when it cannot be read).
fn history_view(history: Loaded<History>, checklist: &Checklist, lang: Lang) -> Option<AnyView> {
    let rows = history.map(|history| {
        if history.changes.is_empty() {
            return view! { <p data-testid="policy-history-empty">{t(lang, Msg::AssessHistoryEmpty)}</p> }.into_any();
        }
        let rows = history
            .changes
            .iter()
            .map(|change| {
                let (what, how) = change_text(change, checklist, lang);
                view! {
                    <tr data-testid="history-row">
                        <td>{short_time(&change.changed_at)}</td>
                        <td>{change.changed_by.clone()}</td>
                        <td>{what}</td>
                        <td>{how}</td>
                    </tr>
                }
            })
            .collect_view();
        let columns = [Msg::PolicyColWhen, Msg::PolicyColRecordedBy, Msg::PolicyColSubject, Msg::PolicyColChange];
        data_table("policy-history", lang, &columns, rows).into_any()
    });
    rows.ok().map(|rows| view! { <h2>{t(lang, Msg::PolicyHistory)}</h2> {rows} }.into_any())
}

/// The message for a failed load: not published (404 while signed out), or the server's words.
fn load_failure(failure: (u16, String), lang: Lang) -> impl IntoView {
    let text = match failure.0 {
        404 | 401 => format!("{} {}", t(lang, Msg::PolicyNotAvailable), failure.1),
        _ => format!("{} {}", t(lang, Msg::PolicyLoadFailed), failure.1),
    };
    view! { <p class="form__error" role="alert" data-testid="policy-error">{text}</p> }
}

fn demo_note(demo: bool, lang: Lang) -> impl IntoView {
    demo.then(
        || view! { <p class="policy-demo" role="note" data-testid="policy-demo">{t(lang, Msg::PolicyDemoNote)}</p> },
    )
}

/// `/sistem-kerja`: the provincial roll-up.
#[component]
pub fn PolicyRollupPage() -> impl IntoView {
    let i18n = use_i18n();
    use_document_title(Msg::PolicyTitle);
    let stall_days = RwSignal::new(60_i64);
    let state = RwSignal::new(None::<Loaded<Rollup>>);
    let auth = crate::auth::use_auth();
    Effect::new(move |_| {
        let days = stall_days.get();
        let anonymous = auth.user_untracked().is_none();
        leptos::task::spawn_local(async move {
            // An anonymous visitor sees the roll-up only once it is published: ask first, so the
            // page says so without a refused request.
            if anonymous && crate::api::policy::rollup_published().await == Some(false) {
                let _ = state.try_set(Some(Err((404, String::new()))));
                return;
            }
            let _ = state.try_set(Some(fetch_rollup(days).await));
        });
    });
    let content = move || {
        let lang = i18n.lang();
        match state.get()? {
            Err(failure) => Some(load_failure(failure, lang).into_any()),
            Ok(rollup) => Some(rollup_view(&rollup, lang).into_any()),
        }
    };
    view! {
        <article class="page policy">
            <h1 data-testid="page-title">{i18n.tr(Msg::PolicyTitle)}</h1>
            <p>{i18n.tr(Msg::PolicyLead)}</p>
            <label class="form__field policy-days">
                <span>{i18n.tr(Msg::PolicyStallDays)}</span>
                <input type="number" min="1" max="3650" data-testid="policy-stall-days" prop:value=move || stall_days.get().to_string()
                    on:change=move |event| {
                        if let Ok(days) = event_target_value(&event).trim().parse::<i64>() {
                            stall_days.set(days.clamp(1, 3650));
                        }
                    }/>
            </label>
            {content}
        </article>
    }
}

fn rollup_view(rollup: &Rollup, lang: Lang) -> impl IntoView {
    let n = rollup.n_governments;
    let shares = rollup
        .stages
        .iter()
        .map(|stage| {
            let name = if lang == Lang::En { &stage.name_en } else { &stage.name };
            let text = format!(
                "{}% — {} {} {n} {}: {name}",
                decimal_text(&stage.percent_done, lang),
                stage.done,
                t(lang, Msg::PolicyOf),
                t(lang, Msg::PolicyGovernments)
            );
            view! { <li data-testid=format!("stage-share-{}", stage.code)>{text}</li> }
        })
        .collect_view();
    let header = rollup.stages.iter().map(|stage| view! { <th scope="col">{stage.short.clone()}</th> }).collect_view();
    let rows = rollup
        .governments
        .iter()
        .map(|line| {
            let cells = line
                .statuses
                .iter()
                .map(|status| view! { <td class=format!("policy-{status}")>{stage_status_text(status, lang)}</td> })
                .collect_view();
            view! {
                <tr data-testid=format!("matrix-{}", line.code)>
                    <th scope="row"><a href=format!("/sistem-kerja/{}", line.code)>{line.name.clone()}</a></th>
                    {cells}
                    <td>{line.vmvh_grade.clone().unwrap_or_else(|| "—".to_owned())}</td>
                </tr>
            }
        })
        .collect_view();
    // Stalled: no progress for the chosen number of days, or an action past its due date.
    let stalled = rollup
        .governments
        .iter()
        .filter(|line| line.stalled || line.overdue_actions > 0)
        .map(|line| {
            let mut since = match (line.stalled, line.days_since_change) {
                (false, _) => String::new(),
                (true, Some(days)) => format!("{days} {}", t(lang, Msg::PolicyDaysSince)),
                (true, None) => t(lang, Msg::PolicyNeverRecorded).to_owned(),
            };
            if line.overdue_actions > 0 {
                let separator = if since.is_empty() { "" } else { "; " };
                since = format!("{since}{separator}⚠ {} {}", line.overdue_actions, t(lang, Msg::PolicyOverdueReason));
            }
            view! { <li data-testid=format!("stalled-{}", line.code)><a href=format!("/sistem-kerja/{}", line.code)>{line.name.clone()}</a>{format!(" — {since}")}</li> }
        })
        .collect_view();
    let overdue = rollup
        .overdue_actions
        .iter()
        .map(|action| {
            view! {
                <tr data-testid=format!("overdue-{}", action.unit_code)>
                    <td>{action.unit_name.clone()}</td>
                    <td>{action.title.clone()}</td>
                    <td>{action.owner.clone()}</td>
                    <td>{action.due_date.clone()}</td>
                    <td>{format!("⚠ {} {}", action.days_overdue, t(lang, Msg::PolicyDaysLate))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {demo_note(rollup.demo, lang)}
        <p class="results-footnote" data-testid="policy-today">{format!("{} {}", t(lang, Msg::PolicyAsOf), rollup.today)}</p>
        <ul class="policy-shares">{shares}</ul>
        <p><a class="button" href=rollup_url(rollup.stall_days, true) download data-testid="policy-xlsx">{t(lang, Msg::PolicyDownload)}</a></p>
        <h2>{t(lang, Msg::PolicyMatrix)}</h2>
        <div class="table-scroll" tabindex="0">
            <table class="data-table policy-matrix" data-testid="policy-matrix">
                <thead><tr><th scope="col">{t(lang, Msg::PolicyColGovernment)}</th>{header}<th scope="col">"VMVH"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <h2>{format!("{} ({} {})", t(lang, Msg::PolicyStalledHeading), rollup.stall_days, t(lang, Msg::PolicyDays))}</h2>
        <p class="results-footnote">{t(lang, Msg::PolicyStalledLead)}</p>
        <ul data-testid="policy-stalled">{stalled}</ul>
        <h2>{t(lang, Msg::PolicyOverdueHeading)}</h2>
        {data_table("policy-overdue", lang, &[Msg::PolicyColGovernment, Msg::PolicyColAction, Msg::PolicyColOwner, Msg::PolicyColDue, Msg::PolicyColStatus], overdue)}
    }
}

/// The columns of a checklist's stages and of its action plan.
const STAGE_COLUMNS: [Msg; 7] = [
    Msg::PolicyStages,
    Msg::PolicyColStatus,
    Msg::PolicyColDate,
    Msg::PolicyColReference,
    Msg::PolicyColNote,
    Msg::PolicyColEvidence,
    Msg::PolicyColRecordedBy,
];
const ACTION_COLUMNS: [Msg; 5] =
    [Msg::PolicyColAction, Msg::PolicyColOwner, Msg::PolicyColDue, Msg::PolicyColStatus, Msg::PolicyColEvidence];

/// A scrolling data table with one header row of `columns`.
fn data_table<R: IntoView + 'static>(
    test_id: &'static str,
    lang: Lang,
    columns: &[Msg],
    rows: R,
) -> impl IntoView + use<R> {
    let header = columns.iter().map(|column| view! { <th scope="col">{t(lang, *column)}</th> }).collect_view();
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="data-table" data-testid=test_id>
                <thead><tr>{header}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// A labelled text-like input bound to a signal.
fn field(label: &'static str, value: RwSignal<String>, kind: &'static str, test_id: &'static str) -> impl IntoView {
    view! {
        <label class="form__field">
            <span>{label}</span>
            <input type=kind data-testid=test_id prop:value=move || value.get() on:input=move |event| value.set(event_target_value(&event))/>
        </label>
    }
}

/// A labelled select of `(value, text)` options bound to a signal.
fn choice(
    label: &'static str,
    value: RwSignal<String>,
    options: Vec<(String, String)>,
    test_id: &'static str,
) -> impl IntoView {
    let options = options
        .into_iter()
        .map(|(code, text)| view! { <option value=code.clone() selected=move || value.get() == code>{text}</option> })
        .collect_view();
    view! {
        <label class="form__field">
            <span>{label}</span>
            <select data-testid=test_id on:change=move |event| value.set(event_target_value(&event))>{options}</select>
        </label>
    }
}

/// `/sistem-kerja/{unit_code}`: one government's checklist.
#[component]
pub fn PolicyChecklistPage() -> impl IntoView {
    let i18n = use_i18n();
    use_document_title(Msg::PolicyTitle);
    let params = use_params_map();
    let code = Signal::derive(move || params.with(|params| params.get("code").unwrap_or_default()));
    let state = RwSignal::new(None::<Loaded<Checklist>>);
    let history = RwSignal::new(None::<Loaded<History>>);
    let reload = RwSignal::new(0_u32);
    let message = RwSignal::new(None::<(bool, String)>);
    let auth = use_auth();
    Effect::new(move |_| {
        reload.track();
        let code = code.get();
        let signed_in = auth.user().is_some();
        leptos::task::spawn_local(async move {
            let _ = state.try_set(Some(fetch_checklist(&code).await));
            // The history is for signed-in users only (the server answers others 401).
            let _ = history.try_set(if signed_in { Some(fetch_history(&code).await) } else { None });
        });
    });
    // Sends one write, then the evidence file if one was chosen (to `{path}/evidence`); on
    // success shows "saved" and reloads the checklist.
    let submit = move |method: Method, path: String, body: String, file: Option<web_sys::File>| {
        let lang = i18n.lang_untracked();
        message.set(None);
        if file.as_ref().is_some_and(|file| file.size() > MAX_FILE_BYTES) {
            message.set(Some((false, t(lang, Msg::EntryTooLarge).to_owned())));
            return;
        }
        leptos::task::spawn_local(async move {
            let path = format!("{}/{path}", code.get_untracked());
            let written = match write(method, &path, &body).await {
                Ok(()) => match &file {
                    Some(file) => upload_file(&path, file).await,
                    None => Ok(()),
                },
                Err(text) => Err(text),
            };
            let outcome = match written {
                Ok(()) => {
                    reload.update(|n| *n += 1);
                    (true, t(lang, Msg::PolicySaved).to_owned())
                }
                Err(text) => (false, text),
            };
            let _ = message.try_set(Some(outcome));
        });
    };
    let content = move || {
        let lang = i18n.lang();
        match state.get()? {
            // A page without its checklist (not published, unknown) still has its heading.
            Err(failure) => Some(
                view! { <h1 data-testid="page-title">{t(lang, Msg::PolicyTitle)}</h1> {load_failure(failure, lang)} }
                    .into_any(),
            ),
            Ok(checklist) => {
                let changes = history.get().map(|history| history_view(history, &checklist, lang));
                Some(view! { {checklist_view(checklist, lang, submit)} {changes} }.into_any())
            }
        }
    };
    view! {
        <article class="page policy">
            <p><a href="/sistem-kerja">{i18n.tr(Msg::PolicyBack)}</a></p>
            {move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "form__success" } else { "form__error" } role="alert" data-testid="policy-message">{text}</p>
            })}
            {content}
        </article>
    }
}

fn checklist_view(
    checklist: Checklist,
    lang: Lang,
    submit: impl Fn(Method, String, String, Option<web_sys::File>) + Copy + 'static,
) -> impl IntoView {
    let link = |url: &Option<String>| {
        url.clone().map(|url| {
            let text = url.clone();
            view! { <a href=url rel="noopener noreferrer" target="_blank">{text}</a> }
        })
    };
    let stage_rows = checklist
        .stages
        .iter()
        .map(|stage| {
            let name = if lang == Lang::En { &stage.name_en } else { &stage.name };
            view! {
                <tr data-testid=format!("stage-{}", stage.code)>
                    <th scope="row">{name.clone()}<br/><small>{stage.hint.clone()}</small></th>
                    <td class=format!("policy-{}", stage.status) data-testid=format!("stage-status-{}", stage.code)>{stage_status_text(&stage.status, lang)}</td>
                    <td>{stage.date.clone()}</td>
                    <td>{stage.reference.clone()}</td>
                    <td>{stage.note.clone()}</td>
                    <td>
                        {link(&stage.evidence_url)}
                        {stage.files.iter().map(|file| view! {
                            <br/><a href=evidence_url(&file.id) download="" data-testid="stage-file">{file.name.clone()}</a>
                            {format!(" ({} KB, {})", file.size.div_ceil(1024), file.uploaded_by)}
                        }).collect_view()}
                    </td>
                    <td>{stage.updated_by.clone().map(|by| format!("{by}, {}", stage.updated_at.clone().unwrap_or_default()))}</td>
                </tr>
            }
        })
        .collect_view();
    let action_rows = checklist
        .actions
        .iter()
        .map(|action| {
            view! {
                <tr data-testid="action-row" class:policy-overdue=action.overdue>
                    <td>{action.title.clone()}</td>
                    <td>{action.owner.clone()}</td>
                    <td>{action.due_date.clone()}</td>
                    <td>{action_status_text(&action.effective_status, lang)}</td>
                    <td>{link(&action.evidence_url)}</td>
                </tr>
            }
        })
        .collect_view();
    let values: BTreeMap<String, String> = checklist
        .assessment
        .as_ref()
        .map(|assessment| assessment.values.iter().map(|(code, value)| (code.clone(), value_text(value))).collect())
        .unwrap_or_default();
    // The assessment is a period like any other: its ranking and the simulator read it.
    let period_links = checklist.period.as_ref().map(|period| {
        let ranking = format!(
            "/peringkat?periode={}&populasi={}",
            encode_query_value(&period.id),
            encode_query_value(&checklist.unit.population)
        );
        let simulate = simulator_url(&period.id, &checklist.unit.population, &checklist.unit.code, "", "");
        view! {
            <p data-testid="policy-period">
                {format!("{}: {} ({}) — ", t(lang, Msg::PolicyPeriod), period.label, period_state_label(lang, period.state))}
                <a href=ranking data-testid="policy-ranking-link">{t(lang, Msg::PolicySeeRanking)}</a>
                " · "
                <a href=simulate data-testid="policy-simulate-link">{t(lang, Msg::PolicySimulate)}</a>
            </p>
        }
    });
    let score = checklist.assessment.as_ref().map(|assessment| {
        let incomplete =
            if assessment.complete { String::new() } else { format!(" ({})", t(lang, Msg::PolicyIncomplete)) };
        format!(
            "{} {} — {}{incomplete}",
            t(lang, Msg::PolicyScore),
            decimal_text(&assessment.total, lang),
            assessment.grade
        )
    });
    let may_edit = checklist.may_edit;
    let forms = may_edit.then(|| edit_forms(&checklist, lang, values.clone(), submit));
    let read_only = (!may_edit)
        .then(|| view! { <p class="note" data-testid="policy-read-only">{t(lang, Msg::PolicyReadOnly)}</p> });
    let assessment_rows = checklist
        .rubric
        .indicators
        .iter()
        .map(|indicator| {
            let spirit = checklist.rubric.spirits.iter().find(|spirit| spirit.code == indicator.spirit).map(|spirit| spirit.name.clone());
            view! {
                <tr><td>{spirit}</td><td>{indicator.name.clone()}</td><td>{values.get(&indicator.code).cloned().unwrap_or_else(|| "—".to_owned())}</td></tr>
            }
        })
        .collect_view();
    view! {
        <h1 data-testid="page-title">{checklist.unit.name.clone()}</h1>
        {demo_note(checklist.demo, lang)}
        <p class="results-footnote">{format!("{} {}", t(lang, Msg::PolicyAsOf), checklist.today)}</p>
        {read_only}
        <h2>{t(lang, Msg::PolicyStages)}</h2>
        {data_table("policy-stages", lang, &STAGE_COLUMNS, stage_rows)}
        <h2>{t(lang, Msg::PolicyActions)}</h2>
        {data_table("policy-actions", lang, &ACTION_COLUMNS, action_rows)}
        <h2>{t(lang, Msg::PolicyAssessment)}</h2>
        <p><small>{checklist.rubric.description.clone()}</small></p>
        <p data-testid="policy-score"><strong>{score}</strong></p>
        {period_links}
        <div class="table-scroll" tabindex="0">
            <table class="data-table">
                <tbody>{assessment_rows}</tbody>
            </table>
        </div>
        {forms}
    }
}

/// The three forms of a government that the caller may edit.
fn edit_forms(
    checklist: &Checklist,
    lang: Lang,
    values: BTreeMap<String, String>,
    submit: impl Fn(Method, String, String, Option<web_sys::File>) + Copy + 'static,
) -> AnyView {
    let first_stage = checklist.stages.first().map(|stage| stage.code.clone()).unwrap_or_default();
    let (stage, status, date) =
        (RwSignal::new(first_stage), RwSignal::new("selesai".to_owned()), RwSignal::new(checklist.today.clone()));
    let (reference, note, url) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let stage_file = NodeRef::<leptos::html::Input>::new();
    let stage_options = checklist
        .stages
        .iter()
        .map(|stage| (stage.code.clone(), if lang == Lang::En { stage.name_en.clone() } else { stage.name.clone() }))
        .collect();
    let status_options =
        ["belum", "proses", "selesai"].map(|code| (code.to_owned(), stage_status_text(code, lang).to_owned())).to_vec();
    let save_stage = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = stage_body(
            &status.get_untracked(),
            &date.get_untracked(),
            &reference.get_untracked(),
            &note.get_untracked(),
            &url.get_untracked(),
        );
        let file = stage_file.get_untracked().and_then(|input| input.files()).and_then(|files| files.get(0));
        submit(Method::PUT, format!("stages/{}", stage.get_untracked()), body, file);
    };

    let (action, title, owner) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (due, action_status, action_url) =
        (RwSignal::new(checklist.today.clone()), RwSignal::new("rencana".to_owned()), RwSignal::new(String::new()));
    let actions = StoredValue::new(checklist.actions.clone());
    let mut action_options = vec![(String::new(), t(lang, Msg::PolicyNewAction).to_owned())];
    action_options.extend(checklist.actions.iter().map(|action| (action.id.clone(), action.title.clone())));
    // Choosing an existing action fills the form with it, to change its status or evidence.
    Effect::new(move |_| {
        let chosen = action.get();
        actions.with_value(|actions| {
            if let Some(found) = actions.iter().find(|candidate| candidate.id == chosen) {
                title.set(found.title.clone());
                owner.set(found.owner.clone());
                due.set(found.due_date.clone());
                action_status.set(found.status.clone());
                action_url.set(found.evidence_url.clone().unwrap_or_default());
            }
        });
    });
    let action_status_options = ["rencana", "berjalan", "selesai"]
        .map(|code| (code.to_owned(), action_status_text(code, lang).to_owned()))
        .to_vec();
    let save_action = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = action_body(
            &title.get_untracked(),
            &owner.get_untracked(),
            &due.get_untracked(),
            &action_status.get_untracked(),
            &action_url.get_untracked(),
        );
        match action.get_untracked() {
            id if id.is_empty() => submit(Method::POST, "actions".to_owned(), body, None),
            id => submit(Method::PUT, format!("actions/{id}"), body, None),
        }
    };

    let chosen = RwSignal::new(values);
    let selects = checklist
        .rubric
        .indicators
        .iter()
        .map(|indicator| {
            let code = indicator.code.clone();
            let options = std::iter::once((String::new(), "—".to_owned()))
                .chain(indicator.labels.iter().map(|label| (label.clone(), label.clone())))
                .map(|(value, text)| {
                    let code = code.clone();
                    let selected =
                        chosen.with_untracked(|chosen| chosen.get(&code).cloned().unwrap_or_default()) == value;
                    view! { <option value=value selected=selected>{text}</option> }
                })
                .collect_view();
            view! {
                <label class="form__field">
                    <span>{indicator.name.clone()}</span>
                    <select data-testid=format!("vmvh-{code}") on:change=move |event| {
                        let value = event_target_value(&event);
                        chosen.update(|chosen| { chosen.insert(code.clone(), value); });
                    }>{options}</select>
                </label>
            }
        })
        .collect_view();
    let save_assessment = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submit(Method::PUT, "assessment".to_owned(), assessment_body(&chosen.get_untracked()), None);
    };

    view! {
        <section class="policy-forms" data-testid="policy-edit">
            <form class="form" on:submit=save_stage>
                <h2>{t(lang, Msg::PolicyRecordStage)}</h2>
                {choice(t(lang, Msg::PolicyStages), stage, stage_options, "stage-form-stage")}
                {choice(t(lang, Msg::PolicyColStatus), status, status_options, "stage-form-status")}
                {field(t(lang, Msg::PolicyColDate), date, "date", "stage-form-date")}
                {field(t(lang, Msg::PolicyColReference), reference, "text", "stage-form-reference")}
                {field(t(lang, Msg::PolicyColNote), note, "text", "stage-form-note")}
                {field(t(lang, Msg::PolicyColEvidence), url, "url", "stage-form-url")}
                <label class="form__field">
                    <span>{t(lang, Msg::PolicyColFile)}</span>
                    <input type="file" accept=".pdf,.png,.jpg,.jpeg,.xlsx" node_ref=stage_file data-testid="stage-form-file"/>
                </label>
                <button type="submit" class="button button--primary" data-testid="stage-form-submit">{t(lang, Msg::PolicySave)}</button>
            </form>
            <form class="form" on:submit=save_action>
                <h2>{t(lang, Msg::PolicyActions)}</h2>
                {choice(t(lang, Msg::PolicyColAction), action, action_options, "action-form-id")}
                {field(t(lang, Msg::PolicyColAction), title, "text", "action-form-title")}
                {field(t(lang, Msg::PolicyColOwner), owner, "text", "action-form-owner")}
                {field(t(lang, Msg::PolicyColDue), due, "date", "action-form-due")}
                {choice(t(lang, Msg::PolicyColStatus), action_status, action_status_options, "action-form-status")}
                {field(t(lang, Msg::PolicyColEvidence), action_url, "url", "action-form-url")}
                <button type="submit" class="button button--primary" data-testid="action-form-submit">{t(lang, Msg::PolicySave)}</button>
            </form>
            <form class="form" on:submit=save_assessment>
                <h2>{t(lang, Msg::PolicyAssessment)}</h2>
                {selects}
                <button type="submit" class="button button--primary" data-testid="vmvh-submit">{t(lang, Msg::PolicySave)}</button>
            </form>
        </section>
    }
    .into_any()
}

/// `PUT …/stages/{code}`.
fn stage_body(status: &str, date: &str, reference: &str, note: &str, evidence_url: &str) -> String {
    Object::new()
        .string("date", date)
        .string("evidence_url", evidence_url)
        .string("note", note)
        .string("reference", reference)
        .string("status", status)
        .finish()
}

/// `POST …/actions` and `PUT …/actions/{id}`.
fn action_body(title: &str, owner: &str, due_date: &str, status: &str, evidence_url: &str) -> String {
    Object::new()
        .string("due_date", due_date)
        .string("evidence_url", evidence_url)
        .string("owner", owner)
        .string("status", status)
        .string("title", title)
        .finish()
}

/// `PUT …/assessment`: the chosen labels (an empty choice is no value and is left out).
fn assessment_body(chosen: &BTreeMap<String, String>) -> String {
    let values: BTreeMap<String, String> = chosen
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(code, value)| (code.clone(), value.clone()))
        .collect();
    Object::new().string_map("values", &values).finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::json::{from_str, parse};

    fn checklist() -> Checklist {
        from_str(
            r#"{
            "unit": {"code": "kabupaten-banyuwangi", "name": "Kabupaten Banyuwangi", "population": "kabkota"},
            "today": "2024-06-01", "demo": false, "may_edit": true,
            "stages": [{"code": "PEDOMAN", "name": "Penetapan pedoman", "name_en": "Guideline issued", "hint": "",
                        "status": "selesai", "date": null, "reference": null, "note": null, "evidence_url": null,
                        "updated_at": null, "updated_by": null}],
            "actions": [],
            "rubric": {"description": "", "spirits": [], "indicators": [
                {"code": "SS_TUJUAN", "name": "Tujuan kebijakan jelas", "spirit": "SS", "labels": []}]},
            "period": null, "assessment": null
        }"#,
        )
        .expect("a checklist")
    }

    fn json(text: &str) -> Json {
        parse(text).expect("JSON")
    }

    fn change(subject: &str, old: Json, new: Json) -> Change {
        Change {
            subject: subject.into(),
            old,
            new,
            changed_by: "unit.demo".into(),
            changed_at: "2024-06-01T02:00:00.000Z".into(),
        }
    }

    #[test]
    fn write_bodies_have_the_fields_the_server_reads() {
        assert_eq!(
            stage_body("selesai", "2024-03-25", "Perbup 9/2024", "", "https://x.go.id/a?b=1"),
            r#"{"date":"2024-03-25","evidence_url":"https://x.go.id/a?b=1","note":"","reference":"Perbup 9/2024","status":"selesai"}"#
        );
        assert_eq!(
            action_body("Bimtek \"SK\"", "Bagian Organisasi", "2024-07-01", "rencana", ""),
            r#"{"due_date":"2024-07-01","evidence_url":"","owner":"Bagian Organisasi","status":"rencana","title":"Bimtek \"SK\""}"#
        );
        let chosen = BTreeMap::from([("SS_TUJUAN".to_owned(), "mapan".to_owned()), ("SS_X".to_owned(), String::new())]);
        assert_eq!(assessment_body(&chosen), r#"{"values":{"SS_TUJUAN":"mapan"}}"#);
        let history: crate::api::policy::History = from_str(
            r#"{"changes":[{"subject":"VMVH:SS_TUJUAN","old":null,"new":"awal","changed_by":"a","changed_at":"t"},
                           {"subject":"STAGE:PEDOMAN","new":{"status":"proses","score":3.50},"changed_by":"a","changed_at":"t"}]}"#,
        )
        .expect("a history");
        assert_eq!(
            (&history.changes[1].old, value_text(&history.changes[1].new).as_str()),
            (&Json::Null, r#"{"status":"proses","score":3.50}"#)
        );
    }

    #[test]
    fn history_rows_name_what_changed_in_the_checklists_words() {
        let checklist = checklist();
        let stage = change(
            "STAGE:PEDOMAN",
            Json::Null,
            json(r#"{"status": "selesai", "date": "2024-03-25", "reference": "Perbup 9/2024"}"#),
        );
        assert_eq!(
            change_text(&stage, &checklist, Lang::Id),
            ("Penetapan pedoman".to_owned(), "— → ● selesai (2024-03-25, Perbup 9/2024)".to_owned())
        );
        assert_eq!(change_text(&stage, &checklist, Lang::En).0, "Guideline issued");
        let action = change(
            "ACTION:act-1",
            json(r#"{"title": "Bimtek", "status": "rencana"}"#),
            json(r#"{"title": "Bimtek", "status": "selesai"}"#),
        );
        assert_eq!(
            change_text(&action, &checklist, Lang::Id),
            ("Aksi: Bimtek".to_owned(), "rencana → selesai".to_owned())
        );
        let value = change("VMVH:SS_TUJUAN", json(r#""awal""#), json(r#""mapan""#));
        assert_eq!(
            change_text(&value, &checklist, Lang::Id),
            ("VMVH · Tujuan kebijakan jelas".to_owned(), "awal → mapan".to_owned())
        );
        let cleared = change("VMVH:XX", json(r#""mapan""#), Json::Null);
        assert_eq!(change_text(&cleared, &checklist, Lang::Id), ("VMVH · XX".to_owned(), "mapan → —".to_owned()));
    }
}
