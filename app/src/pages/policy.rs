//! "Sistem Kerja": the provincial roll-up of the work-system policy monitor (`/sistem-kerja`) and
//! one government's checklist (`/sistem-kerja/{unit_code}`): stages against their plan, the
//! monitoring plan and proposed target changes, agencies × work-system elements, the guideline's
//! contents, the action plan, the Van Meter & Van Horn assessment and, for signed-in users, the
//! change history.
//!
//! Read-only blocks are HTML text (`components::policy::blocks`); the forms are in
//! `components::policy::forms`. Everything computed — shares, lateness, order, the current stage,
//! overdue actions, the score and its label — comes from the server, including "today" (the app
//! reads no clock). Controls appear only when the server says `may_edit` / `may_plan`; the server
//! checks every write again.

use std::collections::BTreeMap;

use gloo_net::http::Method;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::json::{self, Json, json_text};
use crate::api::policy::{
    Loaded, MAX_FILE_BYTES, PolicyChange, PolicyChecklist, PolicyHistory, PolicyRollup, ProposalDecision,
    fetch_checklist, fetch_history, fetch_rollup, rollup_url, upload_file, write,
};
use crate::auth::use_auth;
use crate::components::admin::short_time;
use crate::components::html::{action_of, escape};
use crate::components::policy::forms::{self, Upload, Write};
use crate::components::policy::{W, action_status_text, blocks, pick, stage_status_text, w};
use crate::components::published::decimal_text;
use crate::i18n::{Lang, Msg, t, use_document_title, use_i18n};
use crate::simulation::{encode_query_value, simulator_url};

/// A member of a recorded object (`None` when it is absent or the record is not an object).
fn member_text(value: &Json, name: &str) -> Option<String> {
    match value.get(name) {
        Some(Json::String(text)) => Some(text.clone()),
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

/// A recorded side of a change as JSON (`null` when absent or unreadable).
fn recorded(side: &Option<contract::json::RawJson>) -> Json {
    side.as_ref().and_then(|raw| json::parse(raw.text()).ok()).unwrap_or(Json::Null)
}

/// A recorded status as its words (`—` when absent).
fn status_word(value: &Json, lang: Lang) -> String {
    member_text(value, "status").map_or_else(
        || "—".to_owned(),
        |code| match contract::policy::StageStatus::parse(&code) {
            Some(status) => stage_status_text(status, lang).to_owned(),
            None => contract::policy::ActionDisplayStatus::parse(&code)
                .map_or(code, |status| action_status_text(status, lang).to_owned()),
        },
    )
}

/// What a history row shows — what changed, and how (`old → new`) — in the checklist's words.
fn change_text(change: &PolicyChange, checklist: &PolicyChecklist, lang: Lang) -> (String, String) {
    let (kind, key) = change.subject.split_once(':').unwrap_or((change.subject.as_str(), ""));
    let (old, new) = (recorded(&change.old), recorded(&change.new));
    let raw = |value: &Json| match value {
        Json::Null => "—".to_owned(),
        other => value_text(other),
    };
    let statuses = format!("{} → {}", status_word(&old, lang), status_word(&new, lang));
    match kind {
        "STAGE" => {
            let name = checklist
                .stages
                .iter()
                .find(|stage| stage.code == key)
                .map_or(key, |stage| pick(lang, &stage.name, &stage.name_en));
            let mut details: Vec<String> =
                ["date", "reference"].iter().filter_map(|field| member_text(&new, field)).collect();
            if new.get("out_of_order") == Some(&Json::Bool(true)) {
                details.push(w(lang, W::OutOfOrder).to_owned());
            }
            let how = if details.is_empty() { statuses } else { format!("{statuses} ({})", details.join(", ")) };
            (name.to_owned(), how)
        }
        "ACTION" => {
            let title = member_text(&new, "title").unwrap_or_else(|| key.to_owned());
            let mut how = statuses;
            if let Some(reason) = member_text(&new, "cancel_reason") {
                how = format!("{how}: {reason}");
            }
            (format!("{}: {title}", w(lang, W::Action)), how)
        }
        "AGENCY" => {
            let (agency, element) = key.split_once(':').unwrap_or((key, ""));
            let agency =
                checklist.agencies.iter().find(|found| found.code == agency).map_or(agency, |found| &found.name);
            let element = checklist
                .elements
                .iter()
                .find(|found| found.code == element)
                .map_or(element, |found| pick(lang, &found.name, &found.name_en));
            (format!("{agency} · {element}"), statuses)
        }
        "VMVH" => {
            let name = checklist
                .rubric
                .indicators
                .iter()
                .find(|indicator| indicator.code == key)
                .map_or(key, |indicator| &indicator.name);
            (format!("VMVH · {name}"), format!("{} → {}", raw(&old), raw(&new)))
        }
        "PLAN" => (w(lang, W::Plan).to_owned(), format!("{} → {}", plan_text(&old, lang), plan_text(&new, lang))),
        "PROPOSAL" => {
            let stage = member_text(&new, "stage_code").unwrap_or_default();
            let name = checklist
                .stages
                .iter()
                .find(|found| found.code == stage)
                .map_or(stage.as_str(), |found| pick(lang, &found.name, &found.name_en));
            let status = |value: &Json| {
                member_text(value, "status")
                    .and_then(|code| contract::policy::ProposalStatus::parse(&code))
                    .map_or("—", |status| blocks::proposal_status_text(status, lang))
            };
            let date = member_text(&new, "proposed_date").unwrap_or_default();
            (format!("{}: {name}", w(lang, W::Proposals)), format!("{date}: {} → {}", status(&old), status(&new)))
        }
        "GUIDELINE" => {
            let summary = |value: &Json| match value {
                Json::Null => "—".to_owned(),
                value => {
                    let checked = match value.get("checked") {
                        Some(Json::Array(items)) => items.len(),
                        _ => 0,
                    };
                    let number = member_text(value, "regulation_number").unwrap_or_else(|| "—".to_owned());
                    format!("{number}, {checked} {}", w(lang, W::ItemsPresent))
                }
            };
            (w(lang, W::Guideline).to_owned(), format!("{} → {}", summary(&old), summary(&new)))
        }
        _ => (change.subject.clone(), format!("{} → {}", raw(&old), raw(&new))),
    }
}

/// A recorded plan in a few words: its targets (`PEDOMAN 2024-03-31`) and how many checkpoints.
fn plan_text(value: &Json, lang: Lang) -> String {
    if *value == Json::Null {
        return "—".to_owned();
    }
    let targets: Vec<String> = match value.get("targets") {
        Some(Json::Array(targets)) => targets
            .iter()
            .filter_map(|target| {
                Some(format!("{} {}", member_text(target, "stage_code")?, member_text(target, "target_date")?))
            })
            .collect(),
        _ => Vec::new(),
    };
    let checkpoints = match value.get("checkpoints") {
        Some(Json::Array(checkpoints)) => checkpoints.len(),
        _ => 0,
    };
    let targets = if targets.is_empty() { "—".to_owned() } else { targets.join(", ") };
    format!("{targets}; {checkpoints} {}", w(lang, W::CheckpointsCount))
}

/// The change history of a checklist as HTML text (signed-in users; nothing when unreadable).
fn history_html(history: &PolicyHistory, checklist: &PolicyChecklist, lang: Lang) -> String {
    if history.changes.is_empty() {
        return format!(r#"<p data-testid="policy-history-empty">{}</p>"#, escape(t(lang, Msg::AssessHistoryEmpty)));
    }
    let mut html = format!(
        r#"<div class="table-scroll" tabindex="0"><table class="data-table" data-testid="policy-history"><caption>{}</caption><thead><tr>"#,
        escape(t(lang, Msg::PolicyHistory))
    );
    for column in [Msg::PolicyColWhen, Msg::PolicyColRecordedBy, Msg::PolicyColSubject, Msg::PolicyColChange] {
        html.push_str(&format!(r#"<th scope="col">{}</th>"#, escape(t(lang, column))));
    }
    html.push_str("</tr></thead><tbody>");
    for change in &history.changes {
        let (what, how) = change_text(change, checklist, lang);
        html.push_str(&format!(
            r#"<tr data-testid="history-row"><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            escape(&short_time(&change.changed_at)),
            escape(&change.changed_by),
            escape(&what),
            escape(&how)
        ));
    }
    html.push_str("</tbody></table></div>");
    html
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
    let state = RwSignal::new(None::<Loaded<PolicyRollup>>);
    let auth = use_auth();
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

fn rollup_view(rollup: &PolicyRollup, lang: Lang) -> impl IntoView {
    view! {
        {demo_note(rollup.demo, lang)}
        <p class="results-footnote" data-testid="policy-today">{format!("{} {}", t(lang, Msg::PolicyAsOf), rollup.today)}</p>
        <div inner_html=blocks::rollup_figures(rollup, lang)></div>
        <p><a class="button" href=rollup_url(rollup.stall_days, true) download data-testid="policy-xlsx">{t(lang, Msg::PolicyDownload)}</a></p>
        <h2>{w(lang, W::PlanVsActual)}</h2>
        <div inner_html=blocks::rollup_stage_table(rollup, lang)></div>
        <h2>{w(lang, W::Matrix)}</h2>
        <div inner_html=blocks::rollup_matrix(rollup, lang)></div>
        <h2>{w(lang, W::AgencyShare)}</h2>
        <div inner_html=blocks::element_table(&rollup.elements, "policy-elements", lang)></div>
        <h2>{format!("{} ({} {})", t(lang, Msg::PolicyStalledHeading), rollup.stall_days, w(lang, W::Days))}</h2>
        <p class="results-footnote">{t(lang, Msg::PolicyStalledLead)}</p>
        <div inner_html=blocks::rollup_stalled(rollup, lang)></div>
    }
}

/// `/sistem-kerja/{unit_code}`: one government's checklist.
#[component]
pub fn PolicyChecklistPage() -> impl IntoView {
    let i18n = use_i18n();
    use_document_title(Msg::PolicyTitle);
    let params = use_params_map();
    let code = Signal::derive(move || params.with(|params| params.get("code").unwrap_or_default()));
    let state = RwSignal::new(None::<Loaded<PolicyChecklist>>);
    let history = RwSignal::new(None::<Loaded<PolicyHistory>>);
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
    // Sends one write, then its evidence file if one was chosen; on success shows "saved" and
    // reloads the checklist.
    let submit = Callback::new(move |write_request: Write| {
        let lang = i18n.lang_untracked();
        message.set(None);
        let Write { method, path, body, upload } = write_request;
        let too_large = match &upload {
            Upload::To(_, file) | Upload::ToCreatedAction(file) => file.size() > MAX_FILE_BYTES,
            Upload::None => false,
        };
        if too_large {
            message.set(Some((false, t(lang, Msg::EntryTooLarge).to_owned())));
            return;
        }
        leptos::task::spawn_local(async move {
            let unit = code.get_untracked();
            let body = contract::json::RawJson::new(&body);
            let written = match write(method, &format!("{unit}/{path}"), &body).await {
                Ok(answer) => match upload {
                    Upload::None => Ok(()),
                    Upload::To(target, file) => upload_file(&format!("{unit}/{target}"), &file).await,
                    Upload::ToCreatedAction(file) => match json::from_str::<contract::policy::ActionView>(&answer) {
                        Ok(created) => upload_file(&format!("{unit}/actions/{}", created.id), &file).await,
                        Err(error) => {
                            Err(crate::api::policy::Refusal { code: String::new(), message: error.message() })
                        }
                    },
                },
                Err(refusal) => Err(refusal),
            };
            let outcome = match written {
                Ok(()) => {
                    reload.update(|n| *n += 1);
                    (true, t(lang, Msg::PolicySaved).to_owned())
                }
                Err(refusal) => {
                    // A half-done write (saved, but its file refused) still changed the checklist.
                    reload.update(|n| *n += 1);
                    (false, refusal.message)
                }
            };
            let _ = message.try_set(Some(outcome));
        });
    });
    let content = move || {
        let lang = i18n.lang();
        match state.get()? {
            // A page without its checklist (not published, unknown) still has its heading.
            Err(failure) => Some(
                view! { <h1 data-testid="page-title">{t(lang, Msg::PolicyTitle)}</h1> {load_failure(failure, lang)} }
                    .into_any(),
            ),
            Ok(checklist) => Some(checklist_view(checklist, lang, submit).into_any()),
        }
    };
    // The history arrives after the checklist: drawn apart, so that it never redraws the forms.
    let changes = move || {
        let lang = i18n.lang();
        let history = history.get()?.ok()?;
        let html = state.with(|state| match state {
            Some(Ok(checklist)) => Some(history_html(&history, checklist, lang)),
            _ => None,
        })?;
        Some(view! {
            <h2>{t(lang, Msg::PolicyHistory)}</h2>
            <div inner_html=html></div>
        })
    };
    view! {
        <article class="page policy">
            <p><a href="/sistem-kerja">{i18n.tr(Msg::PolicyBack)}</a></p>
            {move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "form__success" } else { "form__error" } role="alert" data-testid="policy-message">{text}</p>
            })}
            {content}
            {changes}
        </article>
    }
}

/// The coordinator's buttons inside the proposals block (accept/reject) and the checkpoints
/// block (remove), read by one delegated handler.
fn block_actions(
    checklist: StoredValue<PolicyChecklist>,
    decision_note: RwSignal<String>,
    submit: Callback<Write>,
) -> impl Fn(leptos::ev::MouseEvent) + Copy {
    move |event: leptos::ev::MouseEvent| {
        let Some((action, id)) = action_of(&event) else { return };
        match action.as_str() {
            "accept" | "reject" => {
                let body =
                    ProposalDecision { accept: action == "accept", note: forms::some(&decision_note.get_untracked()) };
                submit.run(Write::new(Method::POST, format!("proposals/{id}/decision"), &body));
            }
            "remove-checkpoint" => {
                if let Ok(index) = id.parse::<usize>() {
                    let body = checklist.with_value(|checklist| forms::plan_without_checkpoint(checklist, index));
                    submit.run(Write::new(Method::PUT, "plan".to_owned(), &body));
                }
            }
            _ => {}
        }
    }
}

fn checklist_view(checklist: PolicyChecklist, lang: Lang, submit: Callback<Write>) -> impl IntoView {
    let values: BTreeMap<String, String> = checklist
        .assessment
        .as_ref()
        .and_then(|assessment| json::parse(assessment.values.text()).ok())
        .and_then(|values| match values {
            Json::Object(members) => {
                Some(members.into_iter().map(|(code, value)| (code, value_text(&value))).collect())
            }
            _ => None,
        })
        .unwrap_or_default();
    // The assessment is a period like any other: its ranking and the simulator read it.
    let period_links = checklist.period.as_ref().map(|period| {
        let ranking = format!(
            "/peringkat?periode={}&populasi={}",
            encode_query_value(&period.id),
            encode_query_value(&checklist.unit.population)
        );
        let simulate = simulator_url(&period.id, &checklist.unit.population, &checklist.unit.code, "", "");
        let state = contract::PeriodState::parse(&period.state)
            .map_or_else(|| period.state.clone(), |state| crate::i18n::period_state_label(lang, state).to_owned());
        view! {
            <p data-testid="policy-period">
                {format!("{}: {} ({state}) — ", t(lang, Msg::PolicyPeriod), period.label)}
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
            "{} {} — {} ({}){incomplete}",
            t(lang, Msg::PolicyScore),
            decimal_text(&assessment.total, lang),
            assessment.grade,
            assessment.grade_label
        )
    });
    // The rubric's own grade names (not CETTAR's), best first.
    let grades = checklist
        .rubric
        .grades
        .iter()
        .map(|grade| format!("{} {} (≥ {})", grade.grade, grade.label, decimal_text(&grade.min_total, lang)))
        .collect::<Vec<_>>()
        .join(" · ");
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
    let (may_edit, may_plan) = (checklist.may_edit, checklist.may_plan);
    let read_only = (!may_edit)
        .then(|| view! { <p class="note" data-testid="policy-read-only">{t(lang, Msg::PolicyReadOnly)}</p> });
    let stored = StoredValue::new(checklist.clone());
    let decision_note = RwSignal::new(String::new());
    let on_block_click = block_actions(stored, decision_note, submit);
    let has_open_proposal =
        checklist.proposals.iter().any(|proposal| proposal.status == contract::policy::ProposalStatus::Proposed);
    let decision_field = (may_plan && has_open_proposal).then(|| {
        crate::components::policy::field(w(lang, W::DecisionNote), decision_note, "text", "proposal-decision-note")
    });
    let checkpoints = blocks::checkpoint_table(&checklist, lang);
    let plan_forms = if may_plan {
        Some(forms::plan_form(&checklist, lang, submit))
    } else if may_edit {
        Some(forms::proposal_form(&checklist, lang, submit))
    } else {
        None
    };
    let stage_form = may_edit.then(|| forms::stage_form(&checklist, lang, submit));
    let element_form = if may_edit { forms::element_form(&checklist, lang, submit) } else { None };
    let guideline_form = may_edit.then(|| forms::guideline_form(&checklist, lang, submit));
    let action_form = may_edit.then(|| forms::action_form(&checklist, lang, submit));
    let assessment_form = may_edit.then(|| forms::assessment_form(&checklist, values.clone(), lang, submit));
    view! {
        <h1 data-testid="page-title">{checklist.unit.name.clone()}</h1>
        {demo_note(checklist.demo, lang)}
        <p class="results-footnote">{format!("{} {}", t(lang, Msg::PolicyAsOf), checklist.today)}</p>
        {read_only}
        <h2>{w(lang, W::PlanVsActual)}</h2>
        <div inner_html=blocks::stage_table(&checklist, lang)></div>
        <h3>{w(lang, W::Checkpoints)}</h3>
        <div on:click=on_block_click inner_html=checkpoints></div>
        <div on:click=on_block_click inner_html=blocks::proposal_table(&checklist, lang)></div>
        {decision_field}
        {(may_plan || may_edit).then(|| view! { <section class="policy-forms" data-testid="policy-edit-plan">{plan_forms}{stage_form}</section> })}
        <h2>{w(lang, W::AgenciesHeading)}</h2>
        <p class="results-footnote">{w(lang, W::AgenciesLead)}</p>
        <div inner_html=blocks::agency_table(&checklist, lang)></div>
        <h2>{w(lang, W::Guideline)}</h2>
        <p class="results-footnote">{w(lang, W::GuidelineLead)}</p>
        <div inner_html=blocks::guideline_block(&checklist, lang)></div>
        {may_edit.then(|| view! { <section class="policy-forms" data-testid="policy-edit-agencies">{element_form}{guideline_form}</section> })}
        <h2>{t(lang, Msg::PolicyActions)}</h2>
        <div inner_html=blocks::action_table(&checklist, lang)></div>
        {may_edit.then(|| view! { <section class="policy-forms">{action_form}</section> })}
        <h2>{t(lang, Msg::PolicyAssessment)}</h2>
        <p><small>{checklist.rubric.description.clone()}</small></p>
        <p data-testid="policy-score"><strong>{score}</strong></p>
        <p class="results-footnote" data-testid="policy-grades">{grades}</p>
        {period_links}
        <div class="table-scroll" tabindex="0">
            <table class="data-table">
                <tbody>{assessment_rows}</tbody>
            </table>
        </div>
        {may_edit.then(|| view! { <section class="policy-forms" data-testid="policy-edit">{assessment_form}</section> })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::json::{from_str, parse};
    use contract::json::RawJson;

    fn checklist() -> PolicyChecklist {
        from_str(include_str!("../components/policy/sample_checklist.json")).expect("a checklist")
    }

    fn change(subject: &str, old: Option<&str>, new: Option<&str>) -> PolicyChange {
        PolicyChange {
            subject: subject.into(),
            period: None,
            old: old.map(RawJson::new),
            new: new.map(RawJson::new),
            changed_by: "unit.demo".into(),
            changed_at: "2024-06-01T02:00:00.000Z".into(),
        }
    }

    #[test]
    fn history_rows_name_what_changed_in_the_checklists_words() {
        let checklist = checklist();
        let stage = change(
            "STAGE:PEDOMAN",
            None,
            Some(r#"{"status": "selesai", "date": "2024-03-25", "reference": "Perbup 9/2024"}"#),
        );
        assert_eq!(
            change_text(&stage, &checklist, Lang::Id),
            ("Penetapan pedoman".to_owned(), "— → ● selesai (2024-03-25, Perbup 9/2024)".to_owned())
        );
        assert_eq!(change_text(&stage, &checklist, Lang::En).0, "Guideline issued");
        let late = change(
            "STAGE:SOSIALISASI",
            Some(r#"{"status":"belum"}"#),
            Some(r#"{"status":"selesai","out_of_order":true}"#),
        );
        assert_eq!(change_text(&late, &checklist, Lang::Id).1, "○ belum → ● selesai (di luar urutan)");
        let action = change(
            "ACTION:act-1",
            Some(r#"{"title": "Bimtek", "status": "rencana"}"#),
            Some(r#"{"title": "Bimtek", "status": "dibatalkan", "cancel_reason": "Anggaran dialihkan"}"#),
        );
        assert_eq!(
            change_text(&action, &checklist, Lang::Id),
            ("Aksi: Bimtek".to_owned(), "rencana → ✕ dibatalkan: Anggaran dialihkan".to_owned())
        );
        let element = change("AGENCY:dinas-kesehatan:JABATAN", None, Some(r#"{"status":"proses"}"#));
        assert_eq!(
            change_text(&element, &checklist, Lang::Id),
            ("Dinas Kesehatan · Jabatan".to_owned(), "— → ◐ proses".to_owned())
        );
        let value = change("VMVH:SS_TUJUAN", Some(r#""awal""#), Some(r#""mapan""#));
        assert_eq!(
            change_text(&value, &checklist, Lang::Id),
            ("VMVH · Tujuan kebijakan jelas".to_owned(), "awal → mapan".to_owned())
        );
        let plan = change(
            "PLAN",
            Some(r#"{"targets":[],"checkpoints":[]}"#),
            Some(
                r#"{"targets":[{"stage_code":"PEDOMAN","target_date":"2024-01-31"}],"checkpoints":[{"date":"2099-03-31"}]}"#,
            ),
        );
        assert_eq!(
            change_text(&plan, &checklist, Lang::Id).1,
            "—; 0 titik pantau → PEDOMAN 2024-01-31; 1 titik pantau"
        );
        let proposal = change(
            "PROPOSAL:p1",
            Some(r#"{"stage_code":"PEDOMAN","proposed_date":"2099-01-31","status":"diajukan"}"#),
            Some(r#"{"stage_code":"PEDOMAN","proposed_date":"2099-01-31","status":"diterima"}"#),
        );
        assert_eq!(
            change_text(&proposal, &checklist, Lang::Id),
            (
                "Usulan perubahan target: Penetapan pedoman".to_owned(),
                "2099-01-31: menunggu keputusan → diterima".to_owned()
            )
        );
        let guideline = change("GUIDELINE", None, Some(r#"{"regulation_number":"Perbup 9/2024","checked":["A","B"]}"#));
        assert_eq!(change_text(&guideline, &checklist, Lang::Id).1, "— → Perbup 9/2024, 2 isi termuat");
        let cleared = change("VMVH:XX", Some(r#""mapan""#), None);
        assert_eq!(change_text(&cleared, &checklist, Lang::Id), ("VMVH · XX".to_owned(), "mapan → —".to_owned()));
        assert_eq!(
            value_text(&parse(r#"{"status":"proses","score":3.50}"#).expect("JSON")),
            r#"{"status":"proses","score":3.50}"#
        );
    }
}
