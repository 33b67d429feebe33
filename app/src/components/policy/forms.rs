//! The forms of a government's checklist: the plan (coordinator), a proposed target change (the
//! government), a stage (with the out-of-order confirmation), an agency's element, the guideline's
//! contents, an action (with cancel) and the Van Meter & Van Horn assessment. Each form builds a
//! contract request and hands it to the page's one [`Write`] callback, which sends it, uploads the
//! chosen file, shows the outcome and reloads the checklist. The server checks every write again.

use std::collections::BTreeMap;

use contract::json::{RawJson, ToJson};
use contract::policy::{
    ActionCancel, ActionInput, ActionStatus, ActorRole, AssessmentInput, ElementInput, GuidelineInput, PlanInput,
    PolicyChecklist, ProposalInput, StageInput, StageStatus, TargetInput,
};
use gloo_net::http::Method;
use leptos::prelude::*;

use super::{W, actor_role_text, choice, field, pick, stage_status_text, w};
use crate::i18n::{Lang, Msg, t};

/// Where a write's evidence file goes once the write succeeded.
pub enum Upload {
    None,
    /// To `{unit}/{path}/evidence`.
    To(String, web_sys::File),
    /// To the evidence of the action the write created (its id is in the answer).
    ToCreatedAction(web_sys::File),
}

/// One write of the checklist page: `method` on `{unit}/{path}` with a JSON body.
pub struct Write {
    pub method: Method,
    pub path: String,
    pub body: String,
    pub upload: Upload,
}

impl Write {
    pub fn new(method: Method, path: String, body: &impl ToJson) -> Write {
        Write { method, path, body: body.to_json(), upload: Upload::None }
    }
}

/// A trimmed text, or `None` when it is empty.
pub fn some(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The file chosen in a file input, if any.
fn chosen_file(input: NodeRef<leptos::html::Input>) -> Option<web_sys::File> {
    input.get_untracked().and_then(|input| input.files()).and_then(|files| files.get(0))
}

fn file_input(lang: Lang, node: NodeRef<leptos::html::Input>, test_id: &'static str) -> impl IntoView {
    view! {
        <label class="form__field">
            <span>{w(lang, W::EvidenceFile)}</span>
            <input type="file" accept=".pdf,.png,.jpg,.jpeg,.xlsx" node_ref=node data-testid=test_id/>
        </label>
    }
}

fn submit_button(lang: Lang, test_id: &'static str) -> impl IntoView {
    view! { <button type="submit" class="button button--primary" data-testid=test_id>{t(lang, Msg::PolicySave)}</button> }
}

fn stage_options(checklist: &PolicyChecklist, lang: Lang) -> Vec<(String, String)> {
    checklist
        .stages
        .iter()
        .map(|stage| (stage.code.clone(), pick(lang, &stage.name, &stage.name_en).to_owned()))
        .collect()
}

fn status_options(lang: Lang) -> Vec<(String, String)> {
    StageStatus::ALL
        .iter()
        .map(|status| (status.code().to_owned(), stage_status_text(*status, lang).to_owned()))
        .collect()
}

/// `PUT …/plan` with every stage's target (an empty date removes it).
pub fn plan_body(targets: &[(String, String)]) -> PlanInput {
    PlanInput {
        targets: targets
            .iter()
            .map(|(stage_code, date)| TargetInput { stage_code: stage_code.clone(), target_date: some(date) })
            .collect(),
        checkpoints: None,
    }
}

/// The coordinator's plan: a target date per stage, and a checkpoint to add.
pub fn plan_form(checklist: &PolicyChecklist, lang: Lang, submit: Callback<Write>) -> AnyView {
    let targets: Vec<(String, String, RwSignal<String>)> = checklist
        .stages
        .iter()
        .map(|stage| {
            let name = pick(lang, &stage.short, &stage.short).to_owned();
            (stage.code.clone(), name, RwSignal::new(stage.target_date.clone().unwrap_or_default()))
        })
        .collect();
    let inputs = targets
        .iter()
        .map(|(code, name, value)| {
            let value = *value;
            view! {
                <label class="form__field">
                    <span>{format!("{} — {name}", w(lang, W::Target))}</span>
                    <input type="date" data-testid=format!("plan-target-{code}") prop:value=move || value.get()
                        on:input=move |event| value.set(event_target_value(&event))/>
                </label>
            }
        })
        .collect_view();
    let targets = StoredValue::new(targets);
    let save_targets = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let chosen: Vec<(String, String)> = targets.with_value(|targets| {
            targets.iter().map(|(code, _, value)| (code.clone(), value.get_untracked())).collect()
        });
        submit.run(Write::new(Method::PUT, "plan".to_owned(), &plan_body(&chosen)));
    };
    let existing: Vec<contract::policy::CheckpointInput> = checklist
        .checkpoints
        .iter()
        .map(|checkpoint| contract::policy::CheckpointInput {
            stage_code: checkpoint.stage_code.clone(),
            date: checkpoint.date.clone(),
            title: checkpoint.title.clone(),
        })
        .collect();
    let existing = StoredValue::new(existing);
    let first_stage = checklist.stages.first().map(|stage| stage.code.clone()).unwrap_or_default();
    let (stage, date, title) =
        (RwSignal::new(first_stage), RwSignal::new(checklist.today.clone()), RwSignal::new(String::new()));
    let add_checkpoint = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut checkpoints = existing.get_value();
        checkpoints.push(contract::policy::CheckpointInput {
            stage_code: stage.get_untracked(),
            date: date.get_untracked(),
            title: title.get_untracked().trim().to_owned(),
        });
        let body = PlanInput { targets: Vec::new(), checkpoints: Some(checkpoints) };
        submit.run(Write::new(Method::PUT, "plan".to_owned(), &body));
    };
    view! {
        <form class="form" on:submit=save_targets data-testid="plan-form">
            <h3>{w(lang, W::Plan)}</h3>
            <p class="results-footnote">{w(lang, W::PlanLead)}</p>
            {inputs}
            {submit_button(lang, "plan-submit")}
        </form>
        <form class="form" on:submit=add_checkpoint>
            <h3>{w(lang, W::AddCheckpoint)}</h3>
            {choice(w(lang, W::Stage), stage, stage_options(checklist, lang), "checkpoint-form-stage")}
            {field(w(lang, W::Date), date, "date", "checkpoint-form-date")}
            {field(w(lang, W::Checkpoint), title, "text", "checkpoint-form-title")}
            {submit_button(lang, "checkpoint-form-submit")}
        </form>
    }
    .into_any()
}

/// The checkpoints without the one at `index` (the coordinator's "remove").
pub fn plan_without_checkpoint(checklist: &PolicyChecklist, index: usize) -> PlanInput {
    let checkpoints = checklist
        .checkpoints
        .iter()
        .enumerate()
        .filter(|(at, _)| *at != index)
        .map(|(_, checkpoint)| contract::policy::CheckpointInput {
            stage_code: checkpoint.stage_code.clone(),
            date: checkpoint.date.clone(),
            title: checkpoint.title.clone(),
        })
        .collect();
    PlanInput { targets: Vec::new(), checkpoints: Some(checkpoints) }
}

/// The government's proposal to move a stage's target date.
pub fn proposal_form(checklist: &PolicyChecklist, lang: Lang, submit: Callback<Write>) -> AnyView {
    let first_stage = checklist.stages.first().map(|stage| stage.code.clone()).unwrap_or_default();
    let (stage, date, reason) =
        (RwSignal::new(first_stage), RwSignal::new(checklist.today.clone()), RwSignal::new(String::new()));
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = ProposalInput {
            stage_code: stage.get_untracked(),
            proposed_date: date.get_untracked(),
            reason: reason.get_untracked().trim().to_owned(),
        };
        submit.run(Write::new(Method::POST, "proposals".to_owned(), &body));
    };
    view! {
        <form class="form" on:submit=save data-testid="proposal-form">
            <h3>{w(lang, W::Propose)}</h3>
            <p class="results-footnote">{w(lang, W::ProposeLead)}</p>
            {choice(w(lang, W::Stage), stage, stage_options(checklist, lang), "proposal-form-stage")}
            {field(w(lang, W::ProposedDate), date, "date", "proposal-form-date")}
            {field(w(lang, W::Reason), reason, "text", "proposal-form-reason")}
            {submit_button(lang, "proposal-form-submit")}
        </form>
    }
    .into_any()
}

/// The names of the stages before `stage_code` that are not done (empty: in order).
pub fn earlier_not_done(checklist: &PolicyChecklist, stage_code: &str, lang: Lang) -> Vec<String> {
    let Some(position) = checklist.stages.iter().position(|stage| stage.code == stage_code) else {
        return Vec::new();
    };
    checklist.stages[..position]
        .iter()
        .filter(|stage| stage.status != StageStatus::Done)
        .map(|stage| pick(lang, &stage.name, &stage.name_en).to_owned())
        .collect()
}

/// Recording a stage. Done while an earlier stage is not opens a confirmation (an
/// `alertdialog`: focus on its reason, Escape or "Batal" closes it) that sends the stage as
/// confirmed out of order with the reason.
pub fn stage_form(checklist: &PolicyChecklist, lang: Lang, submit: Callback<Write>) -> AnyView {
    let first_stage = checklist.stages.first().map(|stage| stage.code.clone()).unwrap_or_default();
    let (stage, status, date) =
        (RwSignal::new(first_stage), RwSignal::new("selesai".to_owned()), RwSignal::new(checklist.today.clone()));
    let (reference, note, url) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let file = NodeRef::<leptos::html::Input>::new();
    let confirming = RwSignal::new(None::<Vec<String>>);
    let reason = RwSignal::new(String::new());
    let reason_box = NodeRef::<leptos::html::Textarea>::new();
    let submit_ref = NodeRef::<leptos::html::Button>::new();
    let earlier = StoredValue::new(checklist.clone());
    let send = move |confirmed: bool| {
        let body = StageInput {
            status: status.get_untracked(),
            date: some(&date.get_untracked()),
            reference: some(&reference.get_untracked()),
            note: some(&note.get_untracked()),
            evidence_url: some(&url.get_untracked()),
            confirm_out_of_order: confirmed,
            order_reason: if confirmed { some(&reason.get_untracked()) } else { None },
        };
        let path = format!("stages/{}", stage.get_untracked());
        let mut write = Write::new(Method::PUT, path.clone(), &body);
        if let Some(chosen) = chosen_file(file) {
            write.upload = Upload::To(path, chosen);
        }
        submit.run(write);
    };
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let names = earlier.with_value(|checklist| earlier_not_done(checklist, &stage.get_untracked(), lang));
        if status.get_untracked() == StageStatus::Done.code() && !names.is_empty() {
            reason.set(String::new());
            confirming.set(Some(names));
        } else {
            confirming.set(None);
            send(false);
        }
    };
    // The confirmation takes the focus when it opens.
    Effect::new(move |_| {
        if confirming.get().is_some()
            && let Some(area) = reason_box.get()
        {
            let _ = area.focus();
        }
    });
    let close = move || {
        confirming.set(None);
        if let Some(button) = submit_ref.get_untracked() {
            let _ = button.focus();
        }
    };
    let dialog = move || {
        confirming.get().map(|names| {
            view! {
                <div class="policy-confirm" role="alertdialog" aria-labelledby="policy-order-title" aria-describedby="policy-order-lead"
                    data-testid="order-confirm"
                    on:keydown=move |event: leptos::ev::KeyboardEvent| if event.key() == "Escape" { close(); }>
                    <h3 id="policy-order-title">{w(lang, W::OrderConfirmTitle)}</h3>
                    <p id="policy-order-lead">{format!("{} {}.", w(lang, W::OrderConfirmLead), names.join(", "))}</p>
                    <label class="form__field">
                        <span>{w(lang, W::OrderReason)}</span>
                        <textarea node_ref=reason_box data-testid="order-reason" prop:value=move || reason.get()
                            on:input=move |event| reason.set(event_target_value(&event))></textarea>
                    </label>
                    <button type="button" class="button button--primary" data-testid="order-confirm-submit"
                        on:click=move |_| { confirming.set(None); send(true); }>{w(lang, W::ConfirmOutOfOrder)}</button>
                    " "
                    <button type="button" class="button" data-testid="order-confirm-cancel" on:click=move |_| close()>{w(lang, W::Cancel)}</button>
                </div>
            }
        })
    };
    view! {
        <form class="form" on:submit=save>
            <h3>{t(lang, Msg::PolicyRecordStage)}</h3>
            {choice(w(lang, W::Stage), stage, stage_options(checklist, lang), "stage-form-stage")}
            {choice(w(lang, W::Status), status, status_options(lang), "stage-form-status")}
            {field(w(lang, W::Date), date, "date", "stage-form-date")}
            {field(w(lang, W::Reference), reference, "text", "stage-form-reference")}
            {field(w(lang, W::Note), note, "text", "stage-form-note")}
            {field(t(lang, Msg::PolicyColEvidence), url, "url", "stage-form-url")}
            {file_input(lang, file, "stage-form-file")}
            <button type="submit" class="button button--primary" node_ref=submit_ref data-testid="stage-form-submit">{t(lang, Msg::PolicySave)}</button>
            {dialog}
        </form>
    }
    .into_any()
}

/// Recording one element of one agency.
pub fn element_form(checklist: &PolicyChecklist, lang: Lang, submit: Callback<Write>) -> Option<AnyView> {
    let first_agency = checklist.agencies.first()?.code.clone();
    let first_element = checklist.elements.first().map(|element| element.code.clone()).unwrap_or_default();
    let agency_options = checklist.agencies.iter().map(|agency| (agency.code.clone(), agency.name.clone())).collect();
    let element_options = checklist
        .elements
        .iter()
        .map(|element| (element.code.clone(), pick(lang, &element.name, &element.name_en).to_owned()))
        .collect();
    let (agency, element, status) =
        (RwSignal::new(first_agency), RwSignal::new(first_element), RwSignal::new("selesai".to_owned()));
    let (note, url) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let file = NodeRef::<leptos::html::Input>::new();
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = ElementInput {
            status: status.get_untracked(),
            note: some(&note.get_untracked()),
            evidence_url: some(&url.get_untracked()),
        };
        let path = format!("agencies/{}/elements/{}", agency.get_untracked(), element.get_untracked());
        let mut write = Write::new(Method::PUT, path.clone(), &body);
        if let Some(chosen) = chosen_file(file) {
            write.upload = Upload::To(path, chosen);
        }
        submit.run(write);
    };
    Some(
        view! {
            <form class="form" on:submit=save data-testid="element-form">
                <h3>{w(lang, W::RecordElement)}</h3>
                {choice(w(lang, W::Agency), agency, agency_options, "element-form-agency")}
                {choice(w(lang, W::Element), element, element_options, "element-form-element")}
                {choice(w(lang, W::Status), status, status_options(lang), "element-form-status")}
                {field(w(lang, W::Note), note, "text", "element-form-note")}
                {field(t(lang, Msg::PolicyColEvidence), url, "url", "element-form-url")}
                {file_input(lang, file, "element-form-file")}
                {submit_button(lang, "element-form-submit")}
            </form>
        }
        .into_any(),
    )
}

/// The guideline's regulation and its contents, ticked.
pub fn guideline_form(checklist: &PolicyChecklist, lang: Lang, submit: Callback<Write>) -> AnyView {
    let guideline = &checklist.guideline;
    let number = RwSignal::new(guideline.regulation_number.clone().unwrap_or_default());
    let date = RwSignal::new(guideline.regulation_date.clone().unwrap_or_default());
    let checked = RwSignal::new(
        guideline.items.iter().filter(|item| item.checked).map(|item| item.code.clone()).collect::<Vec<String>>(),
    );
    let boxes = guideline
        .items
        .iter()
        .map(|item| {
            let code = item.code.clone();
            let is_checked = item.checked;
            view! {
                <label class="form__check">
                    <input type="checkbox" checked=is_checked data-testid=format!("guideline-check-{code}")
                        on:change=move |event| {
                            let on = event_target_checked(&event);
                            checked.update(|checked| {
                                checked.retain(|other| other != &code);
                                if on { checked.push(code.clone()); }
                            });
                        }/>
                    " "{pick(lang, &item.text, &item.text_en).to_owned()}
                </label>
            }
        })
        .collect_view();
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = GuidelineInput {
            regulation_number: some(&number.get_untracked()),
            regulation_date: some(&date.get_untracked()),
            checked: checked.get_untracked(),
        };
        submit.run(Write::new(Method::PUT, "guideline".to_owned(), &body));
    };
    view! {
        <form class="form" on:submit=save data-testid="guideline-form">
            <h3>{w(lang, W::Guideline)}</h3>
            {field(w(lang, W::RegulationNumber), number, "text", "guideline-form-number")}
            {field(w(lang, W::RegulationDate), date, "date", "guideline-form-date")}
            <fieldset class="policy-checks"><legend>{w(lang, W::Guideline)}</legend>{boxes}</fieldset>
            {submit_button(lang, "guideline-form-submit")}
        </form>
    }
    .into_any()
}

/// An action: new or an existing one chosen (filled in to change it), its owner by role, its
/// link to a stage or variable, evidence; an existing one can be cancelled with a reason.
pub fn action_form(checklist: &PolicyChecklist, lang: Lang, submit: Callback<Write>) -> AnyView {
    let (action, title, owner) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (due, status, url) =
        (RwSignal::new(checklist.today.clone()), RwSignal::new("rencana".to_owned()), RwSignal::new(String::new()));
    let (role, stage, variable) = (
        RwSignal::new(ActorRole::TransformationTeam.code().to_owned()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let cancel_reason = RwSignal::new(String::new());
    let file = NodeRef::<leptos::html::Input>::new();
    let actions = StoredValue::new(checklist.actions.clone());
    let mut action_options = vec![(String::new(), w(lang, W::NewAction).to_owned())];
    action_options.extend(
        checklist
            .actions
            .iter()
            .filter(|action| action.status != ActionStatus::Cancelled)
            .map(|action| (action.id.clone(), action.title.clone())),
    );
    // Choosing an existing action fills the form with it.
    Effect::new(move |_| {
        let chosen = action.get();
        actions.with_value(|actions| {
            if let Some(found) = actions.iter().find(|candidate| candidate.id == chosen) {
                title.set(found.title.clone());
                owner.set(found.owner.clone());
                role.set(found.owner_role.code().to_owned());
                due.set(found.due_date.clone());
                status.set(found.status.code().to_owned());
                stage.set(found.stage_code.clone().unwrap_or_default());
                variable.set(found.variable_code.clone().unwrap_or_default());
                url.set(found.evidence_url.clone().unwrap_or_default());
            }
        });
    });
    let role_options =
        ActorRole::ALL.iter().map(|role| (role.code().to_owned(), actor_role_text(*role, lang).to_owned())).collect();
    let status_options = [ActionStatus::Planned, ActionStatus::Running, ActionStatus::Done]
        .iter()
        .map(|status| (status.code().to_owned(), super::action_status_text(display(*status), lang).to_owned()))
        .collect();
    let mut stage_choices = vec![(String::new(), w(lang, W::NoLink).to_owned())];
    stage_choices.extend(stage_options(checklist, lang));
    let mut variable_choices = vec![(String::new(), w(lang, W::NoLink).to_owned())];
    variable_choices.extend(checklist.rubric.spirits.iter().map(|spirit| (spirit.code.clone(), spirit.name.clone())));
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = ActionInput {
            title: title.get_untracked().trim().to_owned(),
            owner_role: role.get_untracked(),
            owner: some(&owner.get_untracked()),
            due_date: due.get_untracked(),
            status: status.get_untracked(),
            stage_code: some(&stage.get_untracked()),
            variable_code: some(&variable.get_untracked()),
            evidence_url: some(&url.get_untracked()),
        };
        let chosen = chosen_file(file);
        let write = match action.get_untracked() {
            id if id.is_empty() => {
                let mut write = Write::new(Method::POST, "actions".to_owned(), &body);
                if let Some(chosen) = chosen {
                    write.upload = Upload::ToCreatedAction(chosen);
                }
                write
            }
            id => {
                let path = format!("actions/{id}");
                let mut write = Write::new(Method::PUT, path.clone(), &body);
                if let Some(chosen) = chosen {
                    write.upload = Upload::To(path, chosen);
                }
                write
            }
        };
        submit.run(write);
    };
    let cancel = move |_| {
        let id = action.get_untracked();
        if !id.is_empty() {
            let body = ActionCancel { reason: cancel_reason.get_untracked().trim().to_owned() };
            submit.run(Write::new(Method::POST, format!("actions/{id}/cancel"), &body));
        }
    };
    view! {
        <form class="form" on:submit=save data-testid="action-form">
            <h3>{w(lang, W::Actions)}</h3>
            {choice(w(lang, W::ChooseAction), action, action_options, "action-form-id")}
            {field(w(lang, W::ActionTitle), title, "text", "action-form-title")}
            {choice(w(lang, W::OwnerRole), role, role_options, "action-form-role")}
            {field(w(lang, W::OwnerName), owner, "text", "action-form-owner")}
            {field(w(lang, W::Due), due, "date", "action-form-due")}
            {choice(w(lang, W::Status), status, status_options, "action-form-status")}
            {choice(w(lang, W::Stage), stage, stage_choices, "action-form-stage")}
            {choice(w(lang, W::Variable), variable, variable_choices, "action-form-variable")}
            {field(t(lang, Msg::PolicyColEvidence), url, "url", "action-form-url")}
            {file_input(lang, file, "action-form-file")}
            {submit_button(lang, "action-form-submit")}
            <fieldset class="policy-cancel" hidden=move || action.get().is_empty()>
                <legend>{w(lang, W::CancelAction)}</legend>
                {field(w(lang, W::CancelReason), cancel_reason, "text", "action-cancel-reason")}
                <button type="button" class="button" data-testid="action-cancel" on:click=cancel>{w(lang, W::CancelAction)}</button>
            </fieldset>
        </form>
    }
    .into_any()
}

fn display(status: ActionStatus) -> contract::policy::ActionDisplayStatus {
    use contract::policy::ActionDisplayStatus as Display;
    match status {
        ActionStatus::Planned => Display::Planned,
        ActionStatus::Running => Display::Running,
        ActionStatus::Done => Display::Done,
        ActionStatus::Cancelled => Display::Cancelled,
    }
}

/// `PUT …/assessment`: the chosen labels (an empty choice is no value and is left out).
pub fn assessment_body(chosen: &BTreeMap<String, String>) -> AssessmentInput {
    AssessmentInput {
        values: chosen
            .iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(code, value)| (code.clone(), RawJson::new(&contract::json::string_literal(value))))
            .collect(),
    }
}

/// The Van Meter & Van Horn assessment: one label per indicator.
pub fn assessment_form(
    checklist: &PolicyChecklist,
    values: BTreeMap<String, String>,
    lang: Lang,
    submit: Callback<Write>,
) -> AnyView {
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
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submit.run(Write::new(Method::PUT, "assessment".to_owned(), &assessment_body(&chosen.get_untracked())));
    };
    view! {
        <form class="form" on:submit=save>
            <h3>{t(lang, Msg::PolicyAssessment)}</h3>
            {selects}
            {submit_button(lang, "vmvh-submit")}
        </form>
    }
    .into_any()
}
