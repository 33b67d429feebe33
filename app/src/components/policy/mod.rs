//! The work-system policy monitor's pieces (`pages::policy` wires them): read-only blocks as HTML
//! text ([`blocks`]), the forms of a government's checklist ([`forms`]) and the monitor's words.
//!
//! The monitor's words live here, in one table of their own ([`W`], [`w`]), rather than in the
//! shared `i18n::Msg` table: they are many, used nowhere else, and kept beside the code that shows
//! them. Page titles and words shared with other pages stay in `i18n`.

pub mod blocks;
pub mod forms;

use contract::policy::{ActionDisplayStatus, ActorRole, PlanStatus, StageStatus};
use leptos::prelude::*;

use crate::i18n::Lang;

/// The Indonesian or the English text of a pair.
pub fn pick<'a>(lang: Lang, indonesian: &'a str, english: &'a str) -> &'a str {
    if lang == Lang::En && !english.is_empty() { english } else { indonesian }
}

/// A stage's (or an agency element's) status as a symbol and a word: never colour alone.
pub fn stage_status_text(status: StageStatus, lang: Lang) -> &'static str {
    match (status, lang) {
        (StageStatus::Done, Lang::Id) => "● selesai",
        (StageStatus::InProgress, Lang::Id) => "◐ proses",
        (StageStatus::NotStarted, Lang::Id) => "○ belum",
        (StageStatus::Done, Lang::En) => "● done",
        (StageStatus::InProgress, Lang::En) => "◐ in progress",
        (StageStatus::NotStarted, Lang::En) => "○ not started",
    }
}

/// A stage's status against its plan (`⚠ terlambat` when past its target and not done).
pub fn plan_status_text(status: PlanStatus, lang: Lang) -> &'static str {
    match (status, lang) {
        (PlanStatus::Late, Lang::Id) => "⚠ terlambat",
        (PlanStatus::Late, Lang::En) => "⚠ late",
        (PlanStatus::Done, _) => stage_status_text(StageStatus::Done, lang),
        (PlanStatus::InProgress, _) => stage_status_text(StageStatus::InProgress, lang),
        (PlanStatus::NotStarted, _) => stage_status_text(StageStatus::NotStarted, lang),
    }
}

pub fn action_status_text(status: ActionDisplayStatus, lang: Lang) -> &'static str {
    match (status, lang) {
        (ActionDisplayStatus::Late, Lang::Id) => "⚠ terlambat",
        (ActionDisplayStatus::Late, Lang::En) => "⚠ overdue",
        (ActionDisplayStatus::Done, Lang::Id) => "selesai",
        (ActionDisplayStatus::Done, Lang::En) => "done",
        (ActionDisplayStatus::Running, Lang::Id) => "berjalan",
        (ActionDisplayStatus::Running, Lang::En) => "in progress",
        (ActionDisplayStatus::Planned, Lang::Id) => "rencana",
        (ActionDisplayStatus::Planned, Lang::En) => "planned",
        (ActionDisplayStatus::Cancelled, Lang::Id) => "✕ dibatalkan",
        (ActionDisplayStatus::Cancelled, Lang::En) => "✕ cancelled",
    }
}

/// Who owns an action, by role.
pub fn actor_role_text(role: ActorRole, lang: Lang) -> &'static str {
    match (role, lang) {
        (ActorRole::TransformationTeam, Lang::Id) => "Tim transformasi",
        (ActorRole::TransformationTeam, Lang::En) => "Transformation team",
        (ActorRole::OrganisationBureau, _) => "Bagian Organisasi",
        (ActorRole::Bkpsdm, _) => "BKPSDM",
        (ActorRole::Bappeda, _) => "Bappeda",
        (ActorRole::Diskominfo, _) => "Diskominfo",
        (ActorRole::Other, Lang::Id) => "Lainnya",
        (ActorRole::Other, Lang::En) => "Other",
    }
}

/// A labelled text-like input bound to a signal.
pub fn field(label: &'static str, value: RwSignal<String>, kind: &'static str, test_id: &'static str) -> impl IntoView {
    view! {
        <label class="form__field">
            <span>{label}</span>
            <input type=kind data-testid=test_id prop:value=move || value.get() on:input=move |event| value.set(event_target_value(&event))/>
        </label>
    }
}

/// A labelled select of `(value, text)` options bound to a signal.
pub fn choice(
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
            <select data-testid=test_id prop:value=move || value.get() on:change=move |event| value.set(event_target_value(&event))>{options}</select>
        </label>
    }
}

/// The monitor's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum W {
    Absent,
    Accept,
    Action,
    ActionTitle,
    Actions,
    AddCheckpoint,
    Agencies,
    AgenciesDone,
    AgenciesHeading,
    AgenciesLead,
    Agency,
    AgencyShare,
    AllDoneLead,
    AllStagesDone,
    Cancel,
    CancelAction,
    CancelReason,
    ChooseAction,
    Checkpoint,
    Checkpoints,
    CheckpointsCount,
    ConfirmOutOfOrder,
    CurrentStage,
    CurrentlyHere,
    Date,
    Days,
    DaysLate,
    DaysSince,
    DecisionNote,
    Done,
    DoneInOrder,
    DoneInOrderColumn,
    DoneOutOfOrderApart,
    Due,
    Element,
    Evidence,
    EvidenceFile,
    Government,
    GovernmentsWord,
    Guideline,
    GuidelineLead,
    InProgress,
    InProgressShare,
    ItemsPresent,
    Late,
    LateColumn,
    LinkedTo,
    Matrix,
    Met,
    NeverRecorded,
    NewAction,
    NoAgencies,
    NoCheckpoints,
    NoLink,
    NotStarted,
    Note,
    OrderConfirmLead,
    OrderConfirmTitle,
    OrderReason,
    Of,
    OutOfOrder,
    OutOfOrderColumn,
    OverdueHeading,
    OverdueReason,
    Owner,
    OwnerName,
    OwnerRole,
    Plan,
    PlanLead,
    PlanVsActual,
    Present,
    Propose,
    ProposeLead,
    ProposedBy,
    ProposedDate,
    ProposalAccepted,
    ProposalProposed,
    ProposalRejected,
    Proposals,
    Reason,
    RecordElement,
    RecordedBy,
    Reference,
    Regulation,
    RegulationDate,
    RegulationNumber,
    Reject,
    Remove,
    ShareDone,
    Stage,
    Status,
    Target,
    Upcoming,
    Variable,
}

/// The text of a word in `lang`.
pub fn w(lang: Lang, word: W) -> &'static str {
    let (indonesian, english) = match word {
        W::Absent => ("belum ada", "missing"),
        W::Accept => ("Terima", "Accept"),
        W::Action => ("Aksi", "Action"),
        W::ActionTitle => ("Judul aksi", "Action title"),
        W::Actions => ("Rencana aksi", "Action plan"),
        W::AddCheckpoint => ("Tambah titik pantau", "Add a checkpoint"),
        W::Agencies => ("Perangkat daerah", "Agencies"),
        W::AgenciesDone => ("Perangkat daerah selesai", "Agencies done"),
        W::AgenciesHeading => ("Perangkat daerah × unsur sistem kerja", "Agencies × work-system elements"),
        W::AgenciesLead => (
            "Bukti penerapan di tiap perangkat daerah: pola kerja tim dalam SKP, proses bisnis dan SOP yang diperbarui, jangkauan sosialisasi.",
            "Evidence of implementation in each agency: team-based assignments in SKP, updated business processes and SOPs, reach of socialisation.",
        ),
        W::Agency => ("Perangkat daerah", "Agency"),
        W::AgencyShare => ("Perangkat daerah yang selesai per unsur", "Agencies done per element"),
        W::AllDoneLead => (
            "Pemerintah daerah yang menyelesaikan semua tahap secara berurutan:",
            "Governments with every stage done in order:",
        ),
        W::AllStagesDone => ("semua tahap selesai", "all stages done"),
        W::Cancel => ("Batal", "Cancel"),
        W::CancelAction => ("Batalkan aksi", "Cancel the action"),
        W::CancelReason => ("Alasan pembatalan", "Reason for cancelling"),
        W::ChooseAction => ("Aksi yang diubah (atau aksi baru)", "Action to change (or a new one)"),
        W::Checkpoint => ("Titik pantau", "Checkpoint"),
        W::Checkpoints => ("Rencana pemantauan", "Monitoring plan"),
        W::CheckpointsCount => ("titik pantau", "checkpoints"),
        W::ConfirmOutOfOrder => ("Tetap tandai selesai", "Mark done anyway"),
        W::CurrentStage => ("Tahap saat ini", "Current stage"),
        W::CurrentlyHere => ("Sedang di tahap ini", "Currently at this stage"),
        W::Date => ("Tanggal", "Date"),
        W::Days => ("hari", "days"),
        W::DaysLate => ("hari terlambat", "days late"),
        W::DaysSince => ("hari tanpa perubahan", "days without change"),
        W::DecisionNote => ("Catatan keputusan (opsional)", "Decision note (optional)"),
        W::Done => ("Selesai", "Done"),
        W::DoneInOrder => ("selesai berurutan", "done in order"),
        W::DoneInOrderColumn => ("Selesai berurutan", "Done in order"),
        W::DoneOutOfOrderApart => ("selesai di luar urutan, tidak dihitung", "done out of order, not counted"),
        W::Due => ("Tenggat", "Due date"),
        W::Element => ("Unsur sistem kerja", "Work-system element"),
        W::Evidence => ("Bukti", "Evidence"),
        W::EvidenceFile => {
            ("Berkas bukti (PDF, PNG, JPG, XLSX; maks. 10 MB)", "Evidence file (PDF, PNG, JPG, XLSX; max. 10 MB)")
        }
        W::Government => ("Pemerintah daerah", "Government"),
        W::GovernmentsWord => ("pemerintah daerah", "governments"),
        W::Guideline => ("Isi pedoman sistem kerja", "Contents of the work-system guideline"),
        W::GuidelineLead => (
            "Yang diharapkan Permenpan RB 7/2022 termuat dalam pedoman daerah, dicentang sesuai regulasi yang ditetapkan.",
            "What Permenpan RB 7/2022 expects a local guideline to contain, ticked against the regulation issued.",
        ),
        W::InProgress => ("Proses", "In progress"),
        W::InProgressShare => ("dalam proses", "in progress"),
        W::ItemsPresent => ("isi termuat", "contents present"),
        W::Late => ("terlambat", "late"),
        W::LateColumn => ("Terlambat", "Late"),
        W::LinkedTo => ("Terkait", "Linked to"),
        W::Matrix => ("Tahapan per pemerintah daerah", "Stages per government"),
        W::Met => ("tercapai", "met"),
        W::NeverRecorded => ("belum ada isian", "nothing recorded yet"),
        W::NewAction => ("(aksi baru)", "(new action)"),
        W::NoAgencies => (
            "Belum ada perangkat daerah terdaftar untuk pemerintah daerah ini. Daftarkan unitnya dengan kolom induk berisi kode pemerintah daerah ini (Admin → Unit → impor).",
            "No agency is registered for this government yet. Register its units with the parent column holding this government's code (Admin → Units → import).",
        ),
        W::NoCheckpoints => ("Belum ada titik pantau.", "No checkpoint yet."),
        W::NoLink => ("(tidak terkait)", "(not linked)"),
        W::NotStarted => ("Belum", "Not started"),
        W::Note => ("Catatan", "Note"),
        W::OrderConfirmLead => ("Tahap sebelumnya belum selesai:", "Earlier stages are not done:"),
        W::OrderConfirmTitle => ("Tandai selesai di luar urutan?", "Mark done out of order?"),
        W::OrderReason => (
            "Alasan (wajib; tahap ini akan ditandai di luar urutan dan tidak dihitung sebagai selesai berurutan)",
            "Reason (required; the stage is marked out of order and not counted as done in order)",
        ),
        W::Of => ("dari", "of"),
        W::OutOfOrder => ("di luar urutan", "out of order"),
        W::OutOfOrderColumn => ("Di luar urutan", "Out of order"),
        W::OverdueHeading => ("Rencana aksi terlambat", "Overdue actions"),
        W::OverdueReason => ("rencana aksi terlambat", "overdue actions"),
        W::Owner => ("Penanggung jawab", "Owner"),
        W::OwnerName => ("Nama penanggung jawab (wajib untuk Lainnya)", "Owner's name (required for Other)"),
        W::OwnerRole => ("Peran penanggung jawab", "Owner's role"),
        W::Plan => ("Target tahapan dan titik pantau", "Stage targets and checkpoints"),
        W::PlanLead => (
            "Ditetapkan oleh koordinator provinsi. Kosongkan tanggal untuk menghapus target.",
            "Set by the provincial coordinator. Clear a date to remove its target.",
        ),
        W::PlanVsActual => ("Tahapan: rencana dan realisasi", "Stages: plan and actual"),
        W::Present => ("termuat", "present"),
        W::Propose => ("Usulkan perubahan target", "Propose a new target date"),
        W::ProposeLead => (
            "Target ditetapkan koordinator provinsi; usulan perubahan menunggu keputusannya.",
            "Targets are set by the provincial coordinator; a proposed change waits for their decision.",
        ),
        W::ProposedBy => ("Diusulkan oleh", "Proposed by"),
        W::ProposedDate => ("Tanggal usulan", "Proposed date"),
        W::ProposalAccepted => ("diterima", "accepted"),
        W::ProposalProposed => ("menunggu keputusan", "awaiting decision"),
        W::ProposalRejected => ("ditolak", "rejected"),
        W::Proposals => ("Usulan perubahan target", "Proposed target changes"),
        W::Reason => ("Alasan", "Reason"),
        W::RecordElement => ("Catat unsur perangkat daerah", "Record an agency's element"),
        W::RecordedBy => ("Dicatat oleh", "Recorded by"),
        W::Reference => ("Nomor regulasi", "Regulation number"),
        W::Regulation => ("Regulasi pedoman", "Guideline regulation"),
        W::RegulationDate => ("Tanggal regulasi", "Regulation date"),
        W::RegulationNumber => ("Nomor regulasi (mis. Perbup 9/2024)", "Regulation number (e.g. Perbup 9/2024)"),
        W::Reject => ("Tolak", "Reject"),
        W::Remove => ("Hapus", "Remove"),
        W::ShareDone => ("% selesai", "% done"),
        W::Stage => ("Tahap", "Stage"),
        W::Status => ("Status", "Status"),
        W::Target => ("Target", "Target"),
        W::Upcoming => ("menunggu", "upcoming"),
        W::Variable => ("Variabel", "Variable"),
    };
    pick(lang, indonesian, english)
}
