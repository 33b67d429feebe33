//! The work-system policy monitor (`/api/v1/policy/*`): the stage and element definitions, one
//! government's checklist (plan against actual, its agencies' work-system elements, its guideline's
//! contents, its action plan and its Van Meter & Van Horn assessment), the provincial roll-up,
//! and the write requests.

use std::collections::BTreeMap;

use crate::entries::Evidence;
use crate::json::RawJson;

crate::enumeration! {
    /// Where a stage (or an agency's work-system element) stands, as recorded.
    pub enum StageStatus {
        /// Not started (every stage starts here).
        NotStarted = "belum",
        /// In progress.
        InProgress = "proses",
        /// Done (with its date).
        Done = "selesai",
    }
}

crate::enumeration! {
    /// Where a stage stands against its plan: its recorded status, or `terlambat` when its target
    /// date has passed (on the server's today, WIB) and it is not done.
    pub enum PlanStatus {
        NotStarted = "belum",
        InProgress = "proses",
        Done = "selesai",
        /// Past its target date and not done.
        Late = "terlambat",
    }
}

crate::enumeration! {
    /// An action's stored status (`terlambat` is computed, never stored).
    pub enum ActionStatus {
        /// Planned.
        Planned = "rencana",
        /// Under way.
        Running = "berjalan",
        /// Done.
        Done = "selesai",
        /// Cancelled, with a reason (kept in the history; a cancelled action is never late).
        Cancelled = "dibatalkan",
    }
}

crate::enumeration! {
    /// What an action shows: its stored status, or `terlambat` when past due and not done or
    /// cancelled.
    pub enum ActionDisplayStatus {
        Planned = "rencana",
        Running = "berjalan",
        Done = "selesai",
        Cancelled = "dibatalkan",
        /// Past its due date, neither done nor cancelled.
        Late = "terlambat",
    }
}

crate::enumeration! {
    /// Who in a local government owns an action.
    pub enum ActorRole {
        /// The transformation team (tim transformasi / tim reformasi birokrasi).
        TransformationTeam = "tim_transformasi",
        /// Bagian Organisasi of the regional secretariat.
        OrganisationBureau = "bagian_organisasi",
        /// The personnel agency (BKPSDM / BKD).
        Bkpsdm = "bkpsdm",
        /// The planning agency.
        Bappeda = "bappeda",
        /// The communications and informatics agency (SPBE).
        Diskominfo = "diskominfo",
        /// Someone else, named in `owner`.
        Other = "lainnya",
    }
}

crate::enumeration! {
    /// Where a government's proposal to change a stage's target date stands.
    pub enum ProposalStatus {
        /// Waiting for the provincial coordinator.
        Proposed = "diajukan",
        /// Accepted: the target date was changed to the proposed one.
        Accepted = "diterima",
        /// Rejected: the target date stays.
        Rejected = "ditolak",
    }
}

crate::object! {
    /// One implementation stage as defined (`public/policy/stages-sistem-kerja.json`), in order.
    pub struct StageDefinition {
        /// `PEDOMAN`.
        pub code: String,
        pub name: String,
        pub name_en: String,
        /// A column header: `Pedoman`.
        pub short: String,
        /// Whether finishing the stage needs a regulation number.
        pub needs_reference: bool,
        pub hint: String,
    }
}

crate::object! {
    /// One of the six work-system elements checked in every agency
    /// (`public/policy/elements-sistem-kerja.json`).
    pub struct ElementDefinition {
        /// `JABATAN`.
        pub code: String,
        pub name: String,
        pub name_en: String,
        /// What counts as evidence of the element in an agency.
        pub hint: String,
    }
}

crate::object! {
    /// One thing a local work-system guideline is expected to contain
    /// (`public/policy/guideline-contents.json`).
    pub struct GuidelineItemDefinition {
        pub code: String,
        pub text: String,
        pub text_en: String,
    }
}

crate::object! {
    /// One indicator of the Van Meter & Van Horn rubric, as the assessment form needs it.
    pub struct PolicyRubricIndicator {
        pub code: String,
        pub name: String,
        pub spirit: String,
        /// The category labels in rubric order (`belum`, `awal`, `berkembang`, `mapan`).
        pub labels: Vec<String>,
    }
}

crate::object! {
    /// A variable (spirit) of the Van Meter & Van Horn rubric.
    pub struct PolicyRubricSpirit {
        pub code: String,
        pub name: String,
    }
}

crate::object! {
    /// A grade of the rubric with the rubric's own name for it.
    pub struct GradeLabel {
        /// `A` … `E`.
        pub grade: String,
        /// The rubric's name (`Sangat efektif`; CETTAR's `Sangat Cettar` when the rubric names none).
        pub label: String,
        /// The lowest total that earns it (`81.00`).
        pub min_total: String,
    }
}

crate::object! {
    /// The Van Meter & Van Horn rubric, summarised.
    pub struct PolicyRubric {
        pub id: String,
        pub name: String,
        pub description: String,
        pub spirits: Vec<PolicyRubricSpirit>,
        pub indicators: Vec<PolicyRubricIndicator>,
        /// Best first.
        pub grades: Vec<GradeLabel>,
    }
}

crate::object! {
    /// `GET /api/v1/policy/stages`: the definitions, and whether the monitor is published.
    pub struct PolicyDefinitions {
        pub published: bool,
        pub id: String,
        pub name: String,
        pub name_en: String,
        pub description: String,
        pub stall_days_default: i64,
        pub stages: Vec<StageDefinition>,
        pub elements: Vec<ElementDefinition>,
        pub guideline_items: Vec<GuidelineItemDefinition>,
        /// The owner roles of an action, in display order.
        pub actor_roles: Vec<ActorRole>,
        pub rubric: PolicyRubric,
    }
}

crate::object! {
    /// A government (a unit of the `kabkota` or `provinsi` population).
    pub struct GovernmentRef {
        pub code: String,
        pub name: String,
        pub population: String,
    }
}

crate::object! {
    /// A government's proposal to move a stage's target date.
    pub struct TargetProposal {
        pub id: String,
        pub stage_code: String,
        /// The target date when proposed (`null`: none was set).
        pub current_target: Option<String>,
        pub proposed_date: String,
        pub reason: String,
        pub status: ProposalStatus,
        pub proposed_by: String,
        pub proposed_at: String,
        pub decided_by: Option<String>,
        pub decided_at: Option<String>,
        /// The coordinator's note on the decision.
        pub decision_note: Option<String>,
    }
}

crate::object! {
    /// One stage of one government: the definition, the plan and the record.
    pub struct StageView {
        pub code: String,
        pub name: String,
        pub name_en: String,
        pub short: String,
        pub needs_reference: bool,
        pub hint: String,
        pub status: StageStatus,
        /// `status`, or `terlambat` when past `target_date` and not done.
        pub plan_status: PlanStatus,
        /// Set by the provincial coordinator (`YYYY-MM-DD`).
        pub target_date: Option<String>,
        /// Days past the target (0 unless `plan_status` is `terlambat`).
        pub days_late: i64,
        /// Recorded done while an earlier stage was not (confirmed with `order_reason`).
        pub out_of_order: bool,
        pub order_reason: Option<String>,
        pub date: Option<String>,
        pub reference: Option<String>,
        pub note: Option<String>,
        pub evidence_url: Option<String>,
        /// Evidence files, oldest first (`GET /evidence/{id}`); signed-in readers only.
        pub files: Vec<Evidence>,
        pub version: i64,
        pub updated_at: Option<String>,
        pub updated_by: Option<String>,
    }
}

crate::object! {
    /// A dated checkpoint of the monitoring plan, tied to a stage.
    pub struct Checkpoint {
        pub stage_code: String,
        /// `YYYY-MM-DD`.
        pub date: String,
        pub title: String,
        /// Its stage is done.
        pub met: bool,
        /// Its date has passed and its stage is not done.
        pub late: bool,
    }
}

crate::object! {
    /// One action of the action plan.
    pub struct ActionView {
        pub id: String,
        pub title: String,
        /// Who owns it.
        pub owner_role: ActorRole,
        /// The owner's name or unit (required when `owner_role` is `lainnya`).
        pub owner: String,
        pub due_date: String,
        pub status: ActionStatus,
        /// What to show: `terlambat` when overdue on the server's today, else `status`.
        pub effective_status: ActionDisplayStatus,
        pub overdue: bool,
        /// The stage it serves.
        pub stage_code: Option<String>,
        /// The Van Meter & Van Horn variable (spirit) it addresses.
        pub variable_code: Option<String>,
        pub evidence_url: Option<String>,
        /// Evidence files, oldest first; signed-in readers only.
        pub files: Vec<Evidence>,
        /// Why it was cancelled (when `status` is `dibatalkan`).
        pub cancel_reason: Option<String>,
        pub version: i64,
        pub updated_at: String,
        pub updated_by: String,
    }
}

crate::object! {
    /// One work-system element of one agency.
    pub struct AgencyElement {
        pub code: String,
        pub status: StageStatus,
        pub note: Option<String>,
        pub evidence_url: Option<String>,
        /// Evidence files, oldest first; signed-in readers only.
        pub files: Vec<Evidence>,
        pub version: i64,
        pub updated_at: Option<String>,
        pub updated_by: Option<String>,
    }
}

crate::object! {
    /// An agency (perangkat daerah) of a government: a unit whose `parent` is the government's unit.
    pub struct AgencyView {
        pub code: String,
        pub name: String,
        /// Every element in definition order.
        pub elements: Vec<AgencyElement>,
        /// How many of the elements are done.
        pub n_done: i64,
    }
}

crate::object! {
    /// One element over a set of agencies (a government's, or every government's in the roll-up).
    pub struct ElementSummary {
        pub code: String,
        pub name: String,
        pub name_en: String,
        pub n_agencies: i64,
        pub done: i64,
        pub in_progress: i64,
        pub not_started: i64,
        /// Share of agencies done, one decimal (`"66.7"`; `"0.0"` with no agency).
        pub percent_done: String,
    }
}

crate::object! {
    /// One item of the guideline's contents, ticked or not.
    pub struct GuidelineItemView {
        pub code: String,
        pub text: String,
        pub text_en: String,
        pub checked: bool,
    }
}

crate::object! {
    /// What the government's guideline regulation contains.
    pub struct GuidelineView {
        /// `Perbup Paser 9/2024`.
        pub regulation_number: Option<String>,
        /// `YYYY-MM-DD`.
        pub regulation_date: Option<String>,
        pub items: Vec<GuidelineItemView>,
        pub n_checked: i64,
        pub updated_at: Option<String>,
        pub updated_by: Option<String>,
    }
}

crate::object! {
    /// The `sistem-kerja` period holding the Van Meter & Van Horn values.
    pub struct PolicyPeriodRef {
        pub id: String,
        pub label: String,
        /// `open` takes values; `published` makes the ranking public.
        pub state: String,
    }
}

crate::object! {
    /// A government's Van Meter & Van Horn values and official result.
    pub struct PolicyAssessment {
        pub rubric_version_id: String,
        /// Stored raw values by indicator code (no `null`s).
        pub values: RawJson,
        pub total: String,
        /// `A` … `E`.
        pub grade: String,
        /// The rubric's name for the grade (`Efektif`).
        pub grade_label: String,
        pub complete: bool,
        /// Rank among the population's governments in the period.
        pub rank: i64,
        /// The engine's explanation (spirits with score and contribution, indicators).
        pub result: RawJson,
        pub updated_at: String,
        pub updated_by: String,
    }
}

crate::object! {
    /// `PUT /api/v1/policy/units/{unit_code}/assessment`'s answer.
    pub struct AssessmentWritten {
        pub period: PolicyPeriodRef,
        pub assessment: Option<PolicyAssessment>,
    }
}

crate::object! {
    /// `GET /api/v1/policy/units/{unit_code}`: one government's checklist.
    pub struct PolicyChecklist {
        pub unit: GovernmentRef,
        /// The server's today in WIB (`YYYY-MM-DD`); the app computes nothing from its own clock.
        pub today: String,
        /// The data includes the demo state ("data contoh"), never real facts.
        pub demo: bool,
        pub published: bool,
        /// Whether the caller may record stages, agencies, the guideline, actions and the assessment.
        pub may_edit: bool,
        /// Whether the caller may set the plan (targets, checkpoints) and decide proposals
        /// (administrators: the provincial coordinator).
        pub may_plan: bool,
        /// The first stage not done in order (`null` when all are done).
        pub current_stage: Option<String>,
        pub stages: Vec<StageView>,
        /// Oldest date first.
        pub checkpoints: Vec<Checkpoint>,
        /// Newest first.
        pub proposals: Vec<TargetProposal>,
        pub agencies: Vec<AgencyView>,
        /// The agencies aggregated per element.
        pub elements: Vec<ElementSummary>,
        pub guideline: GuidelineView,
        pub actions: Vec<ActionView>,
        pub rubric: PolicyRubric,
        /// `null` until the first assessment is recorded.
        pub period: Option<PolicyPeriodRef>,
        pub assessment: Option<PolicyAssessment>,
    }
}

crate::object! {
    /// One stage over every government.
    pub struct StageSummary {
        pub code: String,
        pub name: String,
        pub name_en: String,
        pub short: String,
        /// Done in order (every earlier stage done too): the headline figure.
        pub done: i64,
        /// Recorded done while an earlier stage is not: shown apart, not in `done`.
        pub done_out_of_order: i64,
        pub in_progress: i64,
        pub not_started: i64,
        /// Not done and past its target date (a part of `in_progress` + `not_started`).
        pub late: i64,
        /// Governments whose first stage not done in order is this one.
        pub currently_here: i64,
        /// `done` over every government, one decimal (`"90.9"`).
        pub percent_done: String,
        /// `in_progress` over every government, one decimal.
        pub percent_in_progress: String,
    }
}

crate::object! {
    /// One government in the roll-up.
    pub struct GovernmentLine {
        pub code: String,
        pub name: String,
        pub population: String,
        /// Recorded stage statuses in stage order.
        pub statuses: Vec<StageStatus>,
        /// Against the plan, in stage order (`terlambat` where late).
        pub plan_statuses: Vec<PlanStatus>,
        /// Stages done in order from the first.
        pub reached: i64,
        /// The first stage not done in order (`null` when all are done).
        pub current_stage: Option<String>,
        /// Codes of the stages done out of order.
        pub out_of_order: Vec<String>,
        /// Codes of the late stages.
        pub late_stages: Vec<String>,
        pub last_change: Option<String>,
        pub days_since_change: Option<i64>,
        pub stalled: bool,
        pub overdue_actions: i64,
        pub n_agencies: i64,
        /// Agencies done per element, in element order.
        pub agencies_done: Vec<i64>,
        pub vmvh_total: Option<String>,
        pub vmvh_grade: Option<String>,
        /// The rubric's name for `vmvh_grade`.
        pub vmvh_grade_label: Option<String>,
    }
}

crate::object! {
    /// An overdue action in the roll-up.
    pub struct OverdueAction {
        pub unit_code: String,
        pub unit_name: String,
        pub id: String,
        pub title: String,
        pub owner_role: ActorRole,
        pub owner: String,
        pub due_date: String,
        pub days_overdue: i64,
    }
}

crate::object! {
    /// `GET /api/v1/policy/rollup`: the provincial roll-up.
    pub struct PolicyRollup {
        pub today: String,
        pub demo: bool,
        pub published: bool,
        pub stall_days: i64,
        pub n_governments: i64,
        /// Governments with every stage done in order.
        pub all_done: i64,
        pub stages: Vec<StageSummary>,
        /// Every government's agencies aggregated per element.
        pub elements: Vec<ElementSummary>,
        pub governments: Vec<GovernmentLine>,
        pub overdue_actions: Vec<OverdueAction>,
    }
}

crate::object! {
    /// One audited change in a government's history.
    pub struct PolicyChange {
        /// `STAGE:PEDOMAN`, `ACTION:<id>`, `PLAN`, `PROPOSAL:<id>`, `AGENCY:<code>:<element>`,
        /// `GUIDELINE` or `VMVH:<indicator>`.
        pub subject: String,
        /// The `sistem-kerja` period of a `VMVH:` change.
        pub period: Option<String> = omit_none,
        pub old: Option<RawJson>,
        pub new: Option<RawJson>,
        pub changed_by: String,
        pub changed_at: String,
    }
}

crate::object! {
    /// `GET /api/v1/policy/units/{unit_code}/history`: newest first.
    pub struct PolicyHistory {
        pub unit: String,
        pub changes: Vec<PolicyChange>,
    }
}

crate::object! {
    /// `PUT /api/v1/policy/publication` (request and answer).
    pub struct PolicyPublication {
        pub published: bool,
    }
}

crate::object! {
    /// `PUT /api/v1/policy/units/{unit_code}/stages/{stage_code}`.
    pub struct StageInput {
        /// `belum`, `proses` or `selesai`.
        pub status: String,
        /// Required when done; never after today.
        pub date: Option<String>,
        /// Required when a stage that needs a reference is done.
        pub reference: Option<String>,
        pub note: Option<String>,
        pub evidence_url: Option<String>,
        /// Done while an earlier stage is not: `true` with `order_reason`, else 409
        /// `stage_out_of_order` naming the earlier stages.
        pub confirm_out_of_order: bool = default,
        pub order_reason: Option<String>,
    }
}

crate::object! {
    /// A target date in a plan.
    pub struct TargetInput {
        pub stage_code: String,
        /// `YYYY-MM-DD`; `null` removes the target.
        pub target_date: Option<String>,
    }
}

crate::object! {
    /// A checkpoint in a plan.
    pub struct CheckpointInput {
        pub stage_code: String,
        pub date: String,
        pub title: String,
    }
}

crate::object! {
    /// `PUT /api/v1/policy/units/{unit_code}/plan` (administrators): targets listed are set or
    /// removed (others kept); `checkpoints`, when present, replaces the whole list.
    pub struct PlanInput {
        pub targets: Vec<TargetInput> = default,
        pub checkpoints: Option<Vec<CheckpointInput>>,
    }
}

crate::object! {
    /// `POST /api/v1/policy/units/{unit_code}/proposals` (the government): move a target date.
    pub struct ProposalInput {
        pub stage_code: String,
        pub proposed_date: String,
        pub reason: String,
    }
}

crate::object! {
    /// `POST /api/v1/policy/units/{unit_code}/proposals/{proposal_id}/decision` (administrators).
    pub struct ProposalDecision {
        pub accept: bool,
        pub note: Option<String>,
    }
}

crate::object! {
    /// `PUT /api/v1/policy/units/{unit_code}/agencies/{agency_code}/elements/{element_code}`.
    pub struct ElementInput {
        /// `belum`, `proses` or `selesai`.
        pub status: String,
        pub note: Option<String>,
        pub evidence_url: Option<String>,
    }
}

crate::object! {
    /// `PUT /api/v1/policy/units/{unit_code}/guideline`.
    pub struct GuidelineInput {
        pub regulation_number: Option<String>,
        pub regulation_date: Option<String>,
        /// Codes of the items the guideline contains (the others are unticked).
        pub checked: Vec<String> = default,
    }
}

crate::object! {
    /// `POST /api/v1/policy/units/{unit_code}/actions` and `PUT …/actions/{action_id}`.
    pub struct ActionInput {
        pub title: String,
        pub owner_role: String,
        /// The owner's name; required when `owner_role` is `lainnya`.
        pub owner: Option<String>,
        pub due_date: String,
        /// `rencana`, `berjalan` or `selesai` (cancel with `…/cancel`).
        pub status: String,
        pub stage_code: Option<String>,
        pub variable_code: Option<String>,
        pub evidence_url: Option<String>,
    }
}

crate::object! {
    /// `POST /api/v1/policy/units/{unit_code}/actions/{action_id}/cancel`.
    pub struct ActionCancel {
        pub reason: String,
    }
}

crate::object! {
    /// `PUT /api/v1/policy/units/{unit_code}/assessment`: the whole assessment (an indicator left
    /// out is cleared).
    pub struct AssessmentInput {
        pub values: BTreeMap<String, RawJson>,
    }
}

crate::object! {
    /// An evidence upload's answer (201).
    pub struct EvidenceUploaded {
        pub evidence: Evidence,
    }
}
