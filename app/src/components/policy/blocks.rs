//! The monitor's read-only blocks as HTML text (see `components::html` for why): the roll-up's
//! figures, matrix and agency shares; a government's stages against their plan, checkpoints,
//! proposals, agencies × elements, guideline contents and action plan. Plain functions of the
//! contract's answers, tested natively.

use std::fmt::Write as _;

use crate::api::entries::evidence_url;
use crate::api::policy::{
    ActionView, ElementSummary, GovernmentLine, PlanStatus, PolicyChecklist, PolicyRollup, ProposalStatus, StageView,
};
use crate::components::html::escape;
use crate::components::published::decimal_text;
use crate::i18n::Lang;

use super::{W, action_status_text, actor_role_text, pick, plan_status_text, stage_status_text, w};

/// `<div class="table-scroll" tabindex="0">` around a table with a caption and header row.
fn open_table(html: &mut String, test_id: &str, caption: &str, columns: &[&str]) {
    let _ = write!(
        html,
        r#"<div class="table-scroll" tabindex="0"><table class="data-table {test_id}" data-testid="{test_id}"><caption>{}</caption><thead><tr>"#,
        escape(caption)
    );
    for column in columns {
        let _ = write!(html, r#"<th scope="col">{}</th>"#, escape(column));
    }
    html.push_str("</tr></thead><tbody>");
}

fn close_table(html: &mut String) {
    html.push_str("</tbody></table></div>");
}

/// A link to a government's checklist.
fn government_link(code: &str, name: &str) -> String {
    format!(r#"<a href="/sistem-kerja/{}">{}</a>"#, escape(code), escape(name))
}

/// A "terlambat" badge (symbol and word, never colour alone).
fn late_badge(days: i64, lang: Lang) -> String {
    format!(
        r#" <span class="policy-badge policy-badge--late">⚠ {} {days} {}</span>"#,
        w(lang, W::Late),
        w(lang, W::Days)
    )
}

fn out_of_order_badge(lang: Lang) -> String {
    format!(r#" <span class="policy-badge policy-badge--order">↯ {}</span>"#, w(lang, W::OutOfOrder))
}

/// The host of an address (`jdih.example.go.id`), or the address when it has none.
fn link_host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().filter(|host| !host.is_empty()).unwrap_or(url)
}

/// An evidence link and files (each file a download of `GET /evidence/{id}`).
fn evidence_html(url: Option<&str>, files: &[contract::Evidence], test_id: &str) -> String {
    let mut html = String::new();
    if let Some(url) = url.filter(|url| !url.is_empty()) {
        // The host names the link (a whole address would widen the table); the address is the title.
        let _ = write!(
            html,
            r#"<a href="{url}" title="{url}" rel="noopener noreferrer" target="_blank">🔗 {}</a>"#,
            escape(link_host(url)),
            url = escape(url)
        );
    }
    for file in files {
        if !html.is_empty() {
            html.push_str("<br>");
        }
        let _ = write!(
            html,
            r#"<a href="{}" download="" data-testid="{test_id}">{}</a> ({} KB, {})"#,
            escape(&evidence_url(&file.id)),
            escape(&file.name),
            (file.size.max(0) + 1023) / 1024,
            escape(&file.uploaded_by)
        );
    }
    html
}

/// The roll-up's headline: per stage, the share done in order and the share in progress, with
/// the ones done out of order counted apart.
pub fn rollup_figures(rollup: &PolicyRollup, lang: Lang) -> String {
    let n = rollup.n_governments;
    let mut html = format!(
        r#"<p data-testid="policy-all-done">{} <strong>{} {} {n}</strong></p><ul class="policy-shares">"#,
        w(lang, W::AllDoneLead),
        rollup.all_done,
        w(lang, W::Of)
    );
    for stage in &rollup.stages {
        let apart = if stage.done_out_of_order > 0 {
            format!(" (+{} {})", stage.done_out_of_order, w(lang, W::DoneOutOfOrderApart))
        } else {
            String::new()
        };
        let _ = write!(
            html,
            r#"<li data-testid="stage-share-{code}"><strong>{}%</strong> {} · <strong>{}%</strong> {} — {} {} {n} {}{apart}: {}</li>"#,
            decimal_text(&stage.percent_done, lang),
            w(lang, W::DoneInOrder),
            decimal_text(&stage.percent_in_progress, lang),
            w(lang, W::InProgressShare),
            stage.done,
            w(lang, W::Of),
            w(lang, W::GovernmentsWord),
            escape(pick(lang, &stage.name, &stage.name_en)),
            code = escape(&stage.code),
        );
    }
    html.push_str("</ul>");
    html
}

/// Per stage: done in order, done out of order, in progress, not started, late, currently here.
pub fn rollup_stage_table(rollup: &PolicyRollup, lang: Lang) -> String {
    let mut html = String::new();
    let columns = [
        w(lang, W::Stage),
        w(lang, W::DoneInOrderColumn),
        w(lang, W::OutOfOrderColumn),
        w(lang, W::InProgress),
        w(lang, W::NotStarted),
        w(lang, W::LateColumn),
        w(lang, W::CurrentlyHere),
    ];
    open_table(&mut html, "policy-stage-counts", w(lang, W::PlanVsActual), &columns);
    for stage in &rollup.stages {
        let late = if stage.late > 0 { format!("⚠ {}", stage.late) } else { "0".to_owned() };
        let _ = write!(
            html,
            r#"<tr data-testid="stage-counts-{}"><th scope="row" title="{}">{}</th><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{late}</td><td class="num">{}</td></tr>"#,
            escape(&stage.code),
            escape(pick(lang, &stage.name, &stage.name_en)),
            escape(&stage.short),
            stage.done,
            stage.done_out_of_order,
            stage.in_progress,
            stage.not_started,
            stage.currently_here,
        );
    }
    close_table(&mut html);
    html
}

/// One cell of the matrix: the status against the plan, marked when done out of order.
fn matrix_cell(line: &GovernmentLine, index: usize, code: &str, lang: Lang) -> String {
    let status = line.plan_statuses.get(index).copied().unwrap_or(PlanStatus::NotStarted);
    let order =
        if line.out_of_order.iter().any(|stage| stage == code) { out_of_order_badge(lang) } else { String::new() };
    format!(r#"<td class="policy-{}">{}{order}</td>"#, status.code(), plan_status_text(status, lang))
}

/// Governments × stages, with the current stage and the VMVH grade under the rubric's label.
pub fn rollup_matrix(rollup: &PolicyRollup, lang: Lang) -> String {
    let mut html = String::new();
    let mut columns = vec![w(lang, W::Government)];
    columns.extend(rollup.stages.iter().map(|stage| stage.short.as_str()));
    columns.extend([w(lang, W::CurrentStage), "VMVH"]);
    open_table(&mut html, "policy-matrix", w(lang, W::Matrix), &columns);
    for line in &rollup.governments {
        let _ = write!(
            html,
            r#"<tr data-testid="matrix-{}"><th scope="row">{}</th>"#,
            escape(&line.code),
            government_link(&line.code, &line.name)
        );
        for (index, stage) in rollup.stages.iter().enumerate() {
            html.push_str(&matrix_cell(line, index, &stage.code, lang));
        }
        let current = line
            .current_stage
            .as_ref()
            .and_then(|code| rollup.stages.iter().find(|stage| &stage.code == code))
            .map_or_else(|| w(lang, W::AllStagesDone).to_owned(), |stage| stage.short.clone());
        let grade = match (&line.vmvh_grade, &line.vmvh_grade_label) {
            (Some(grade), Some(label)) => format!("{grade} ({label})"),
            (Some(grade), None) => grade.clone(),
            _ => "—".to_owned(),
        };
        let _ = write!(html, "<td>{}</td><td>{}</td></tr>", escape(&current), escape(&grade));
    }
    close_table(&mut html);
    html
}

/// Agencies per element: done, in progress, not started and the share done.
pub fn element_table(elements: &[ElementSummary], test_id: &str, lang: Lang) -> String {
    let mut html = String::new();
    let columns = [
        w(lang, W::Element),
        w(lang, W::Agencies),
        w(lang, W::Done),
        w(lang, W::InProgress),
        w(lang, W::NotStarted),
        w(lang, W::ShareDone),
    ];
    open_table(&mut html, test_id, w(lang, W::AgencyShare), &columns);
    for element in elements {
        let _ = write!(
            html,
            r#"<tr data-testid="element-share-{}"><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}%</td></tr>"#,
            escape(&element.code),
            escape(pick(lang, &element.name, &element.name_en)),
            element.n_agencies,
            element.done,
            element.in_progress,
            element.not_started,
            decimal_text(&element.percent_done, lang),
        );
    }
    close_table(&mut html);
    html
}

/// Stalled governments (no change for the chosen days, or an overdue action) and the overdue actions.
pub fn rollup_stalled(rollup: &PolicyRollup, lang: Lang) -> String {
    let mut html = r#"<ul data-testid="policy-stalled">"#.to_owned();
    for line in rollup.governments.iter().filter(|line| line.stalled || line.overdue_actions > 0) {
        let mut since = match (line.stalled, line.days_since_change) {
            (false, _) => String::new(),
            (true, Some(days)) => format!("{days} {}", w(lang, W::DaysSince)),
            (true, None) => w(lang, W::NeverRecorded).to_owned(),
        };
        if line.overdue_actions > 0 {
            let separator = if since.is_empty() { "" } else { "; " };
            since = format!("{since}{separator}⚠ {} {}", line.overdue_actions, w(lang, W::OverdueReason));
        }
        let _ = write!(
            html,
            r#"<li data-testid="stalled-{}">{} — {}</li>"#,
            escape(&line.code),
            government_link(&line.code, &line.name),
            escape(&since)
        );
    }
    html.push_str("</ul>");
    let columns = [w(lang, W::Government), w(lang, W::Action), w(lang, W::Owner), w(lang, W::Due), w(lang, W::Status)];
    open_table(&mut html, "policy-overdue", w(lang, W::OverdueHeading), &columns);
    for action in &rollup.overdue_actions {
        let _ = write!(
            html,
            r#"<tr data-testid="overdue-{}"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>⚠ {} {}</td></tr>"#,
            escape(&action.unit_code),
            escape(&action.unit_name),
            escape(&action.title),
            escape(&owner_text(action.owner_role, &action.owner, lang)),
            escape(&action.due_date),
            action.days_overdue,
            w(lang, W::DaysLate),
        );
    }
    close_table(&mut html);
    html
}

/// An action's owner: the role, and the name when one is given (always for "other").
pub fn owner_text(role: contract::policy::ActorRole, owner: &str, lang: Lang) -> String {
    let role_text = actor_role_text(role, lang);
    match owner.trim() {
        "" => role_text.to_owned(),
        name if role == contract::policy::ActorRole::Other => name.to_owned(),
        name if name == role_text => name.to_owned(),
        name => format!("{role_text} — {name}"),
    }
}

/// The status cell of a stage: recorded status, late badge, out-of-order badge and its reason.
fn stage_status_cell(stage: &StageView, lang: Lang) -> String {
    let mut html = format!(
        r#"<td class="policy-{}" data-testid="stage-status-{}">{}"#,
        stage.status.code(),
        escape(&stage.code),
        stage_status_text(stage.status, lang)
    );
    if stage.plan_status == PlanStatus::Late {
        html.push_str(&late_badge(stage.days_late, lang));
    }
    if stage.out_of_order {
        html.push_str(&out_of_order_badge(lang));
        if let Some(reason) = &stage.order_reason {
            let _ = write!(html, "<br><small>{}</small>", escape(reason));
        }
    }
    html.push_str("</td>");
    html
}

/// A government's stages against their plan.
pub fn stage_table(checklist: &PolicyChecklist, lang: Lang) -> String {
    let mut html = String::new();
    let current = checklist
        .current_stage
        .as_ref()
        .and_then(|code| checklist.stages.iter().find(|stage| &stage.code == code))
        .map_or_else(
            || w(lang, W::AllStagesDone).to_owned(),
            |stage| pick(lang, &stage.name, &stage.name_en).to_owned(),
        );
    let _ = write!(
        html,
        r#"<p data-testid="policy-current-stage">{}: <strong>{}</strong></p>"#,
        w(lang, W::CurrentStage),
        escape(&current)
    );
    let columns = [
        w(lang, W::Stage),
        w(lang, W::Target),
        w(lang, W::Status),
        w(lang, W::Date),
        w(lang, W::Reference),
        w(lang, W::Note),
        w(lang, W::Evidence),
        w(lang, W::RecordedBy),
    ];
    open_table(&mut html, "policy-stages", w(lang, W::PlanVsActual), &columns);
    for stage in &checklist.stages {
        let recorded = match (&stage.updated_by, &stage.updated_at) {
            (Some(by), at) => {
                format!("{by}, {}", crate::components::admin::short_time(at.as_deref().unwrap_or_default()))
            }
            _ => String::new(),
        };
        let _ = write!(
            html,
            r#"<tr data-testid="stage-{code}"><th scope="row">{}<br><small>{}</small></th><td data-testid="stage-target-{code}">{}</td>{}<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            escape(pick(lang, &stage.name, &stage.name_en)),
            escape(&stage.hint),
            escape(stage.target_date.as_deref().unwrap_or("—")),
            stage_status_cell(stage, lang),
            escape(stage.date.as_deref().unwrap_or("")),
            escape(stage.reference.as_deref().unwrap_or("")),
            escape(stage.note.as_deref().unwrap_or("")),
            evidence_html(stage.evidence_url.as_deref(), &stage.files, "stage-file"),
            escape(&recorded),
            code = escape(&stage.code),
        );
    }
    close_table(&mut html);
    html
}

fn stage_name<'a>(checklist: &'a PolicyChecklist, code: &'a str, lang: Lang) -> &'a str {
    checklist
        .stages
        .iter()
        .find(|stage| stage.code == code)
        .map_or(code, |stage| pick(lang, &stage.name, &stage.name_en))
}

/// The monitoring plan's dated checkpoints.
pub fn checkpoint_table(checklist: &PolicyChecklist, lang: Lang) -> String {
    if checklist.checkpoints.is_empty() {
        return format!(r#"<p data-testid="policy-checkpoints-empty">{}</p>"#, w(lang, W::NoCheckpoints));
    }
    let mut html = String::new();
    let mut columns = vec![w(lang, W::Date), w(lang, W::Stage), w(lang, W::Checkpoint), w(lang, W::Status)];
    if checklist.may_plan {
        columns.push(w(lang, W::Remove));
    }
    open_table(&mut html, "policy-checkpoints", w(lang, W::Checkpoints), &columns);
    for (index, checkpoint) in checklist.checkpoints.iter().enumerate() {
        let state = match (checkpoint.met, checkpoint.late) {
            (true, _) => format!("● {}", w(lang, W::Met)),
            (false, true) => format!("⚠ {}", w(lang, W::Late)),
            (false, false) => format!("○ {}", w(lang, W::Upcoming)),
        };
        let _ = write!(
            html,
            r#"<tr data-testid="checkpoint-row"><td>{}</td><td>{}</td><td>{}</td><td>{state}</td>"#,
            escape(&checkpoint.date),
            escape(stage_name(checklist, &checkpoint.stage_code, lang)),
            escape(&checkpoint.title),
        );
        // The coordinator removes a checkpoint here (the page's click handler sends the plan without it).
        if checklist.may_plan {
            let _ = write!(
                html,
                r#"<td><button type="button" class="button" data-action="remove-checkpoint" data-id="{index}" aria-label="{} {}">{}</button></td>"#,
                w(lang, W::Remove),
                escape(&checkpoint.title),
                w(lang, W::Remove)
            );
        }
        html.push_str("</tr>");
    }
    close_table(&mut html);
    html
}

pub fn proposal_status_text(status: ProposalStatus, lang: Lang) -> &'static str {
    match status {
        ProposalStatus::Proposed => w(lang, W::ProposalProposed),
        ProposalStatus::Accepted => w(lang, W::ProposalAccepted),
        ProposalStatus::Rejected => w(lang, W::ProposalRejected),
    }
}

/// Proposals to move a target date; the coordinator gets accept/reject buttons on open ones
/// (`data-action="accept"|"reject"`, read by the block's one click handler).
pub fn proposal_table(checklist: &PolicyChecklist, lang: Lang) -> String {
    if checklist.proposals.is_empty() {
        return String::new();
    }
    let mut html = String::new();
    let columns = [
        w(lang, W::Stage),
        w(lang, W::Target),
        w(lang, W::ProposedDate),
        w(lang, W::Reason),
        w(lang, W::Status),
        w(lang, W::ProposedBy),
    ];
    open_table(&mut html, "policy-proposals", w(lang, W::Proposals), &columns);
    for proposal in &checklist.proposals {
        let mut status = proposal_status_text(proposal.status, lang).to_owned();
        if let Some(note) = proposal.decision_note.as_deref().filter(|note| !note.is_empty()) {
            status = format!("{status}: {}", escape(note));
        }
        if checklist.may_plan && proposal.status == ProposalStatus::Proposed {
            let id = escape(&proposal.id);
            let _ = write!(
                status,
                r#"<br><button type="button" class="button" data-action="accept" data-id="{id}" data-testid="proposal-accept">{}</button> <button type="button" class="button" data-action="reject" data-id="{id}" data-testid="proposal-reject">{}</button>"#,
                w(lang, W::Accept),
                w(lang, W::Reject)
            );
        }
        let _ = write!(
            html,
            r#"<tr data-testid="proposal-row"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{status}</td><td>{}, {}</td></tr>"#,
            escape(stage_name(checklist, &proposal.stage_code, lang)),
            escape(proposal.current_target.as_deref().unwrap_or("—")),
            escape(&proposal.proposed_date),
            escape(&proposal.reason),
            escape(&proposal.proposed_by),
            escape(&crate::components::admin::short_time(&proposal.proposed_at)),
        );
    }
    close_table(&mut html);
    html
}

/// Agencies × elements, with each government-wide element's share in the last row.
pub fn agency_table(checklist: &PolicyChecklist, lang: Lang) -> String {
    if checklist.agencies.is_empty() {
        return format!(r#"<p class="note" data-testid="policy-no-agencies">{}</p>"#, w(lang, W::NoAgencies));
    }
    let mut html = String::new();
    let mut columns = vec![w(lang, W::Agency)];
    columns.extend(checklist.elements.iter().map(|element| pick(lang, &element.name, &element.name_en)));
    columns.push(w(lang, W::Done));
    open_table(&mut html, "policy-agencies", w(lang, W::AgenciesHeading), &columns);
    let n_elements = checklist.elements.len();
    for agency in &checklist.agencies {
        let _ = write!(
            html,
            r#"<tr data-testid="agency-{}"><th scope="row">{}</th>"#,
            escape(&agency.code),
            escape(&agency.name)
        );
        for element in &agency.elements {
            let mut cell = stage_status_text(element.status, lang).to_owned();
            if let Some(note) = element.note.as_deref().filter(|note| !note.is_empty()) {
                let _ = write!(cell, "<br><small>{}</small>", escape(note));
            }
            let evidence = evidence_html(element.evidence_url.as_deref(), &element.files, "agency-file");
            if !evidence.is_empty() {
                let _ = write!(cell, "<br>{evidence}");
            }
            let _ = write!(
                html,
                r#"<td class="policy-{}" data-testid="agency-{}-{}">{cell}</td>"#,
                element.status.code(),
                escape(&agency.code),
                escape(&element.code)
            );
        }
        let _ = write!(html, r#"<td class="num">{} / {n_elements}</td></tr>"#, agency.n_done);
    }
    let _ = write!(
        html,
        r#"<tr class="policy-total" data-testid="agency-total"><th scope="row">{}</th>"#,
        w(lang, W::AgenciesDone)
    );
    for element in &checklist.elements {
        let _ = write!(
            html,
            r#"<td class="num">{} / {} ({}%)</td>"#,
            element.done,
            element.n_agencies,
            decimal_text(&element.percent_done, lang)
        );
    }
    html.push_str("<td></td></tr>");
    close_table(&mut html);
    html
}

/// The guideline's regulation and which of the expected contents it has.
pub fn guideline_block(checklist: &PolicyChecklist, lang: Lang) -> String {
    let guideline = &checklist.guideline;
    let regulation = match (&guideline.regulation_number, &guideline.regulation_date) {
        (Some(number), Some(date)) => format!("{number}, {date}"),
        (Some(number), None) => number.clone(),
        (None, Some(date)) => date.clone(),
        (None, None) => "—".to_owned(),
    };
    let mut html = format!(
        r#"<p data-testid="guideline-regulation">{}: <strong>{}</strong> · {} {} {} {}</p><ul class="policy-guideline" data-testid="guideline-items">"#,
        w(lang, W::Regulation),
        escape(&regulation),
        guideline.n_checked,
        w(lang, W::Of),
        guideline.items.len(),
        w(lang, W::ItemsPresent),
    );
    for item in &guideline.items {
        let mark = if item.checked { "☑" } else { "☐" };
        let word = if item.checked { w(lang, W::Present) } else { w(lang, W::Absent) };
        let _ = write!(
            html,
            r#"<li data-testid="guideline-{}">{mark} {} <span class="visually-hidden">({word})</span></li>"#,
            escape(&item.code),
            escape(pick(lang, &item.text, &item.text_en))
        );
    }
    html.push_str("</ul>");
    html
}

/// What an action is tied to: its stage, its assessment variable, both or neither.
fn action_link(action: &ActionView, checklist: &PolicyChecklist, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(code) = &action.stage_code {
        parts.push(format!("{}: {}", w(lang, W::Stage), stage_name(checklist, code, lang)));
    }
    if let Some(code) = &action.variable_code {
        let name = checklist
            .rubric
            .spirits
            .iter()
            .find(|spirit| &spirit.code == code)
            .map_or(code.as_str(), |spirit| &spirit.name);
        parts.push(format!("{}: {name}", w(lang, W::Variable)));
    }
    parts.join("; ")
}

/// The action plan; a cancelled action keeps its row with the reason.
pub fn action_table(checklist: &PolicyChecklist, lang: Lang) -> String {
    let mut html = String::new();
    let columns = [
        w(lang, W::Action),
        w(lang, W::LinkedTo),
        w(lang, W::Owner),
        w(lang, W::Due),
        w(lang, W::Status),
        w(lang, W::Evidence),
    ];
    open_table(&mut html, "policy-actions", w(lang, W::Actions), &columns);
    for action in &checklist.actions {
        let mut status = action_status_text(action.effective_status, lang).to_owned();
        if let Some(reason) = action.cancel_reason.as_deref().filter(|reason| !reason.is_empty()) {
            let _ = write!(status, "<br><small>{}</small>", escape(reason));
        }
        let class = match action.effective_status {
            contract::policy::ActionDisplayStatus::Late => "policy-overdue",
            contract::policy::ActionDisplayStatus::Cancelled => "policy-cancelled",
            _ => "",
        };
        let _ = write!(
            html,
            r#"<tr data-testid="action-row" class="{class}"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{status}</td><td>{}</td></tr>"#,
            escape(&action.title),
            escape(&action_link(action, checklist, lang)),
            escape(&owner_text(action.owner_role, &action.owner, lang)),
            escape(&action.due_date),
            evidence_html(action.evidence_url.as_deref(), &action.files, "action-file"),
        );
    }
    close_table(&mut html);
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::json::from_str;

    fn checklist() -> PolicyChecklist {
        from_str(include_str!("sample_checklist.json")).expect("a checklist")
    }

    fn rollup() -> PolicyRollup {
        from_str(
            r#"{"today": "2024-06-01", "demo": false, "published": true, "stall_days": 60, "n_governments": 4, "all_done": 1,
            "stages": [
              {"code": "PEDOMAN", "name": "Pedoman ditetapkan", "name_en": "Guideline issued", "short": "Pedoman", "done": 2,
               "done_out_of_order": 0, "in_progress": 1, "not_started": 1, "late": 1, "currently_here": 2,
               "percent_done": "50.0", "percent_in_progress": "25.0"},
              {"code": "SOSIALISASI", "name": "Sosialisasi", "name_en": "Socialisation", "short": "Sosialisasi", "done": 1,
               "done_out_of_order": 1, "in_progress": 0, "not_started": 2, "late": 0, "currently_here": 1,
               "percent_done": "25.0", "percent_in_progress": "0.0"}],
            "elements": [{"code": "JABATAN", "name": "Jabatan", "name_en": "Position", "n_agencies": 3, "done": 2,
               "in_progress": 1, "not_started": 0, "percent_done": "66.7"}],
            "governments": [
              {"code": "kota-batu", "name": "Kota <Batu>", "population": "kabkota", "statuses": ["belum", "selesai"],
               "plan_statuses": ["terlambat", "selesai"], "reached": 0, "current_stage": "PEDOMAN", "out_of_order": ["SOSIALISASI"],
               "late_stages": ["PEDOMAN"], "last_change": null, "days_since_change": 120, "stalled": true, "overdue_actions": 1,
               "n_agencies": 3, "agencies_done": [2], "vmvh_total": "70.00", "vmvh_grade": "B", "vmvh_grade_label": "Efektif"}],
            "overdue_actions": [{"unit_code": "kota-batu", "unit_name": "Kota Batu", "id": "a1", "title": "Bimtek",
               "owner_role": "bkpsdm", "owner": "", "due_date": "2024-05-01", "days_overdue": 31}]}"#,
        )
        .expect("a roll-up")
    }

    #[test]
    fn the_headline_gives_done_in_order_and_in_progress_with_out_of_order_apart() {
        let html = rollup_figures(&rollup(), Lang::Id);
        assert!(html.contains("<strong>1 dari 4</strong>"), "{html}");
        assert!(html.contains(
            r#"<li data-testid="stage-share-PEDOMAN"><strong>50,0%</strong> selesai berurutan · <strong>25,0%</strong> dalam proses — 2 dari 4 pemerintah daerah: Pedoman ditetapkan</li>"#
        ), "{html}");
        assert!(
            html.contains("1 dari 4 pemerintah daerah (+1 selesai di luar urutan, tidak dihitung): Sosialisasi"),
            "{html}"
        );
        let english = rollup_figures(&rollup(), Lang::En);
        assert!(
            english.contains("<strong>25.0%</strong> in progress — 2 of 4 governments: Guideline issued"),
            "{english}"
        );
    }

    #[test]
    fn the_roll_up_counts_late_stages_and_marks_the_matrix() {
        let rollup = rollup();
        let counts = rollup_stage_table(&rollup, Lang::Id);
        assert!(counts.contains(
            r#"<tr data-testid="stage-counts-PEDOMAN"><th scope="row" title="Pedoman ditetapkan">Pedoman</th><td class="num">2</td><td class="num">0</td><td class="num">1</td><td class="num">1</td><td class="num">⚠ 1</td><td class="num">2</td></tr>"#
        ), "{counts}");
        let matrix = rollup_matrix(&rollup, Lang::Id);
        assert!(matrix.contains(r#"<a href="/sistem-kerja/kota-batu">Kota &lt;Batu&gt;</a>"#), "{matrix}");
        assert!(matrix.contains(r#"<td class="policy-terlambat">⚠ terlambat</td>"#), "{matrix}");
        assert!(
            matrix.contains("● selesai <span class=\"policy-badge policy-badge--order\">↯ di luar urutan</span>"),
            "{matrix}"
        );
        assert!(matrix.contains("<td>Pedoman</td><td>B (Efektif)</td>"), "{matrix}");
        let elements = element_table(&rollup.elements, "policy-elements", Lang::Id);
        assert!(
            elements.contains(
                r#"<td class="num">2</td><td class="num">1</td><td class="num">0</td><td class="num">66,7%</td>"#
            ),
            "{elements}"
        );
        let stalled = rollup_stalled(&rollup, Lang::Id);
        assert!(stalled.contains("120 hari tanpa perubahan; ⚠ 1 rencana aksi terlambat"), "{stalled}");
        assert!(stalled.contains("<td>BKPSDM</td><td>2024-05-01</td><td>⚠ 31 hari terlambat</td>"), "{stalled}");
    }

    #[test]
    fn a_governments_stages_show_target_lateness_and_order() {
        let checklist = checklist();
        let html = stage_table(&checklist, Lang::Id);
        assert!(html.contains("Tahap saat ini: <strong>Sosialisasi</strong>"), "{html}");
        assert!(html.contains(r#"<td data-testid="stage-target-SOSIALISASI">2024-05-01</td>"#), "{html}");
        assert!(
            html.contains("○ belum <span class=\"policy-badge policy-badge--late\">⚠ terlambat 31 hari</span>"),
            "{html}"
        );
        assert!(html.contains("↯ di luar urutan</span><br><small>Juknis &lt;disusun&gt; lebih dulu</small>"), "{html}");
        let checkpoints = checkpoint_table(&checklist, Lang::Id);
        assert!(checkpoints.contains("<td>Sosialisasi ke seluruh OPD</td><td>⚠ terlambat</td>"), "{checkpoints}");
        assert!(!checkpoints.contains("remove-checkpoint"), "only the coordinator removes checkpoints");
        let proposals = proposal_table(&checklist, Lang::Id);
        assert!(proposals.contains("<td>Menunggu anggaran</td><td>menunggu keputusan</td>"), "{proposals}");
        assert!(!proposals.contains("data-action"), "only the coordinator decides");
        let mut coordinator = checklist.clone();
        coordinator.may_plan = true;
        assert!(proposal_table(&coordinator, Lang::Id).contains(r#"data-action="accept" data-id="p1""#));
        assert!(checkpoint_table(&coordinator, Lang::Id).contains(r#"data-action="remove-checkpoint" data-id="0""#));
    }

    #[test]
    fn agencies_guideline_and_actions_read_as_recorded() {
        let checklist = checklist();
        let agencies = agency_table(&checklist, Lang::Id);
        assert!(agencies.contains(r#"<td class="policy-selesai" data-testid="agency-dinas-kesehatan-JABATAN">● selesai<br><small>SK penyetaraan</small><br><a href="https://x.go.id/sk.pdf" title="https://x.go.id/sk.pdf" rel="noopener noreferrer" target="_blank">🔗 x.go.id</a>"#), "{agencies}");
        assert!(
            agencies.contains(r#"<td class="num">1 / 2 (50,0%)</td><td class="num">0 / 2 (0,0%)</td>"#),
            "{agencies}"
        );
        let mut none = checklist.clone();
        none.agencies.clear();
        assert!(agency_table(&none, Lang::Id).contains("policy-no-agencies"));
        let guideline = guideline_block(&checklist, Lang::Id);
        assert!(
            guideline.contains("Regulasi pedoman: <strong>Perbup 9/2024, 2024-03-25</strong> · 1 dari 2 isi termuat"),
            "{guideline}"
        );
        assert!(guideline.contains("☐ Pola kerja tim"), "{guideline}");
        let actions = action_table(&checklist, Lang::Id);
        assert!(actions.contains(r#"class="policy-overdue"><td>Bimtek SKP</td><td>Tahap: Sosialisasi; Variabel: Standar dan sasaran</td><td>BKPSDM</td>"#), "{actions}");
        assert!(actions.contains("<td>Inspektorat</td><td>2024-08-30</td><td>✕ dibatalkan<br><small>Digabung dengan aksi lain</small></td>"), "{actions}");
    }
}
