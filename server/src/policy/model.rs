//! The pure part of the policy monitor: the stage definitions (data), dates, the checked input of
//! a stage or an action, and the provincial roll-up. No SQL, no HTTP: unit-tested here.

use std::sync::LazyLock;

use serde::Deserialize;

use crate::error::Problem;

/// The stage definitions as shipped (`public/policy/stages-sistem-kerja.json`).
pub const STAGES_DOCUMENT: &str = include_str!("../../../public/policy/stages-sistem-kerja.json");

/// The Van Meter & Van Horn rubric (`sibekisar.rubric/v1`, scored by the same engine).
pub const RUBRIC_DOCUMENT: &str = include_str!("../../../public/policy/rubric-sistem-kerja-2024.json");

/// The populations whose units are governments followed by the monitor.
pub const GOVERNMENT_POPULATIONS: [&str; 2] = ["provinsi", "kabkota"];

/// One implementation stage.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageDefinition {
    pub code: String,
    pub name: String,
    pub name_en: String,
    /// A column header: `Pedoman`.
    pub short: String,
    /// Whether finishing the stage needs a regulation number (`Perbup Paser 9/2024`).
    pub needs_reference: bool,
    pub hint: String,
}

/// The stage definitions document.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageCatalog {
    pub schema: String,
    pub id: String,
    pub name: String,
    pub name_en: String,
    pub description: String,
    pub stall_days_default: i64,
    pub stages: Vec<StageDefinition>,
}

impl StageCatalog {
    /// Parses and checks a stage definitions document.
    ///
    /// # Errors
    /// Not JSON of the expected shape, another schema, no stage, or a repeated or malformed code.
    pub fn parse(text: &str) -> Result<StageCatalog, String> {
        let catalog: StageCatalog = serde_json::from_str(text).map_err(|error| error.to_string())?;
        if catalog.schema != "sibekisar.policy-stages/v1" {
            return Err(format!("unknown schema {}", catalog.schema));
        }
        if catalog.stages.is_empty() {
            return Err("no stage".to_owned());
        }
        if !(1..=3650).contains(&catalog.stall_days_default) {
            return Err("stall_days_default outside 1..=3650".to_owned());
        }
        for (index, stage) in catalog.stages.iter().enumerate() {
            let well_formed = (1..=40).contains(&stage.code.len())
                && stage.code.bytes().all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit() || byte == b'_');
            if !well_formed {
                return Err(format!("stages[{index}].code `{}` is not A-Z, 0-9, _", stage.code));
            }
            if catalog.stages[..index].iter().any(|earlier| earlier.code == stage.code) {
                return Err(format!("stages[{index}].code `{}` repeats", stage.code));
            }
        }
        Ok(catalog)
    }

    pub fn position(&self, code: &str) -> Option<usize> {
        self.stages.iter().position(|stage| stage.code == code)
    }
}

/// The shipped stage catalog.
pub fn stages() -> &'static StageCatalog {
    static CATALOG: LazyLock<StageCatalog> = LazyLock::new(|| {
        StageCatalog::parse(STAGES_DOCUMENT)
            .unwrap_or_else(|error| panic!("public/policy/stages-sistem-kerja.json is invalid: {error}"))
    });
    &CATALOG
}

/// A calendar day, `YYYY-MM-DD`, as days since 1970-01-01 (ordering and differences are exact).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day(i64);

impl Day {
    /// Parses `YYYY-MM-DD` (years 2000–2099: the regulation is from 2022).
    pub fn parse(text: &str) -> Option<Day> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<i64> {
            let part = &text[range];
            part.bytes().all(|byte| byte.is_ascii_digit()).then(|| part.parse().ok()).flatten()
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        if !(2000..=2099).contains(&year) || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        Some(Day(days_from_civil(year, month, day)))
    }

    /// The day of an RFC 3339 UTC timestamp shifted by `offset_hours` (WIB is +7).
    pub fn of_timestamp(timestamp: &str, offset_hours: i64) -> Option<Day> {
        let day = Day::parse(timestamp.get(..10)?)?;
        let hour: i64 = timestamp.get(11..13)?.parse().ok()?;
        Some(Day(day.0 + (hour + offset_hours).div_euclid(24)))
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Day) -> i64 {
        later.0 - self.0
    }
}

/// Today in East Java (WIB, UTC+7) from the server clock's milliseconds since the epoch. The app
/// never reads a clock: it gets this day from the server.
pub fn today_wib(now_millis: u64) -> String {
    let shifted = u128::from(now_millis) + 7 * 3_600_000;
    crate::storage::format_timestamp(shifted)[..10].to_owned()
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

pub use contract::policy::{
    ActionDisplayStatus, ActionInput, ActionStatus, ActorRole, PlanStatus, StageInput, StageStatus,
};

/// A symbol with text, so that the matrix never relies on colour alone.
pub fn symbol_text(status: PlanStatus) -> &'static str {
    match status {
        PlanStatus::NotStarted => "○ belum",
        PlanStatus::InProgress => "◐ proses",
        PlanStatus::Done => "● selesai",
        PlanStatus::Late => "◔ terlambat",
    }
}

/// A stage's status against its plan: `terlambat` when not done and `target` is before `today`.
pub fn plan_status(status: StageStatus, target: Option<&str>, today: &str) -> PlanStatus {
    match status {
        StageStatus::Done => PlanStatus::Done,
        _ if days_late(status, target, today) > 0 => PlanStatus::Late,
        StageStatus::InProgress => PlanStatus::InProgress,
        StageStatus::NotStarted => PlanStatus::NotStarted,
    }
}

/// Days a stage is past its target on `today` (0 when done, without a target, or not yet due).
pub fn days_late(status: StageStatus, target: Option<&str>, today: &str) -> i64 {
    match (status, target.and_then(Day::parse), Day::parse(today)) {
        (StageStatus::Done, _, _) => 0,
        (_, Some(target), Some(today)) => target.days_until(today).max(0),
        _ => 0,
    }
}

/// The positions of the stages before `position` that are not done: recording `position` done
/// while any remain is "out of order".
pub fn earlier_not_done(statuses: &[StageStatus], position: usize) -> Vec<usize> {
    statuses
        .iter()
        .take(position)
        .enumerate()
        .filter(|(_, status)| **status != StageStatus::Done)
        .map(|(index, _)| index)
        .collect()
}

/// Whether an action with this stored status and due day is overdue on `today` (a cancelled
/// action never is).
pub fn is_overdue(status: ActionStatus, due_date: &str, today: &str) -> bool {
    !matches!(status, ActionStatus::Done | ActionStatus::Cancelled)
        && matches!((Day::parse(due_date), Day::parse(today)), (Some(due), Some(now)) if due < now)
}

/// The status shown for an action: `terlambat` when overdue, else the stored one.
pub fn effective_action_status(status: ActionStatus, due_date: &str, today: &str) -> ActionDisplayStatus {
    if is_overdue(status, due_date, today) {
        return ActionDisplayStatus::Late;
    }
    match status {
        ActionStatus::Planned => ActionDisplayStatus::Planned,
        ActionStatus::Running => ActionDisplayStatus::Running,
        ActionStatus::Done => ActionDisplayStatus::Done,
        ActionStatus::Cancelled => ActionDisplayStatus::Cancelled,
    }
}

/// A stage change that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedStage {
    pub status: StageStatus,
    pub date: Option<String>,
    pub reference: Option<String>,
    pub note: Option<String>,
    pub evidence_url: Option<String>,
    /// Confirmed out of order (the storage refuses an unconfirmed one).
    pub confirm_out_of_order: bool,
    pub order_reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedAction {
    pub title: String,
    pub owner_role: ActorRole,
    pub owner: String,
    pub due_date: String,
    pub status: ActionStatus,
    pub stage_code: Option<String>,
    pub variable_code: Option<String>,
    pub evidence_url: Option<String>,
}

/// Blank text counts as absent.
fn trimmed(text: Option<&String>) -> Option<String> {
    text.map(|text| text.trim().to_owned()).filter(|text| !text.is_empty())
}

fn check_length(problems: &mut Vec<Problem>, value: Option<&str>, max: usize, field: &str) {
    if value.is_some_and(|value| value.chars().count() > max) {
        problems.push(Problem::new(
            "too_long",
            format!("Isian terlalu panjang: paling banyak {max} karakter."),
            Some(field.to_owned()),
        ));
    }
}

fn check_url(problems: &mut Vec<Problem>, url: Option<&str>) {
    let Some(url) = url else { return };
    let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
    let clean = !url.chars().any(|character| character.is_whitespace() || character.is_control());
    if !scheme_ok || !clean || url.len() > 500 || url.len() <= "https://".len() {
        problems.push(Problem::new(
            "invalid_url",
            "Tautan bukti harus berupa alamat http:// atau https:// tanpa spasi (paling banyak 500 karakter).",
            Some("evidence_url".to_owned()),
        ));
    }
}

/// Checks a stage change against its definition and today.
///
/// # Errors
/// Every problem, each naming its field: unknown status, a malformed or future date, a finished
/// stage without its date, a finished guideline without its regulation number, a bad link.
pub fn check_stage(stage: &StageDefinition, input: &StageInput, today: &str) -> Result<CheckedStage, Vec<Problem>> {
    let mut problems = Vec::new();
    let status = StageStatus::parse(input.status.trim());
    if status.is_none() {
        problems.push(Problem::new(
            "invalid_status",
            format!("Status `{}` tidak dikenal: pilih belum, proses atau selesai.", input.status),
            Some("status".to_owned()),
        ));
    }
    let date = trimmed(input.date.as_ref());
    match date.as_deref().map(|text| (text, Day::parse(text))) {
        Some((text, None)) => problems.push(Problem::new(
            "invalid_date",
            format!("Tanggal `{text}` tidak valid: tulis TTTT-BB-HH, misalnya 2024-03-25."),
            Some("date".to_owned()),
        )),
        Some((_, Some(day))) if Day::parse(today).is_some_and(|today| day > today) => problems.push(Problem::new(
            "date_in_future",
            "Tanggal tidak boleh melewati hari ini.",
            Some("date".to_owned()),
        )),
        None if status == Some(StageStatus::Done) => problems.push(Problem::new(
            "date_required",
            "Tahapan yang selesai harus diberi tanggal.",
            Some("date".to_owned()),
        )),
        _ => {}
    }
    let reference = trimmed(input.reference.as_ref());
    if stage.needs_reference && status == Some(StageStatus::Done) && reference.is_none() {
        problems.push(Problem::new(
            "reference_required",
            "Sebutkan nomor regulasi pedoman, misalnya Perbup Paser 9/2024.",
            Some("reference".to_owned()),
        ));
    }
    let note = trimmed(input.note.as_ref());
    let evidence_url = trimmed(input.evidence_url.as_ref());
    check_length(&mut problems, reference.as_deref(), 200, "reference");
    check_length(&mut problems, note.as_deref(), 2000, "note");
    check_url(&mut problems, evidence_url.as_deref());
    let order_reason = trimmed(input.order_reason.as_ref());
    check_length(&mut problems, order_reason.as_deref(), 1000, "order_reason");
    if input.confirm_out_of_order && order_reason.is_none() {
        problems.push(Problem::new(
            "order_reason_required",
            "Tuliskan alasan mencatat tahapan ini selesai sebelum tahapan sebelumnya selesai.",
            Some("order_reason".to_owned()),
        ));
    }
    match status {
        Some(status) if problems.is_empty() => Ok(CheckedStage {
            status,
            date,
            reference,
            note,
            evidence_url,
            confirm_out_of_order: input.confirm_out_of_order,
            order_reason,
        }),
        _ => Err(problems),
    }
}

/// Checks an action. `variables` are the codes of the Van Meter & Van Horn variables (spirits).
///
/// # Errors
/// Every problem, each naming its field.
pub fn check_action(input: &ActionInput, variables: &[String]) -> Result<CheckedAction, Vec<Problem>> {
    let mut problems = Vec::new();
    let title = input.title.trim().to_owned();
    if title.is_empty() {
        problems.push(Problem::new("required", "Nama aksi wajib diisi.", Some("title".to_owned())));
    }
    check_length(&mut problems, Some(&title), 300, "title");
    let owner_role = ActorRole::parse(input.owner_role.trim());
    if owner_role.is_none() {
        let known: Vec<&str> = ActorRole::ALL.iter().map(|role| role.code()).collect();
        problems.push(Problem::new(
            "invalid_owner_role",
            format!("Peran penanggung jawab `{}` tidak dikenal: pilih {}.", input.owner_role, known.join(", ")),
            Some("owner_role".to_owned()),
        ));
    }
    let owner = trimmed(input.owner.as_ref()).unwrap_or_default();
    if owner_role == Some(ActorRole::Other) && owner.is_empty() {
        problems.push(Problem::new(
            "required",
            "Penanggung jawab lainnya wajib disebutkan namanya.",
            Some("owner".to_owned()),
        ));
    }
    check_length(&mut problems, Some(&owner), 200, "owner");
    let due_date = input.due_date.trim().to_owned();
    if Day::parse(&due_date).is_none() {
        problems.push(Problem::new(
            "invalid_date",
            format!("Tenggat `{due_date}` tidak valid: tulis TTTT-BB-HH, misalnya 2024-09-30."),
            Some("due_date".to_owned()),
        ));
    }
    let status = ActionStatus::parse(input.status.trim()).filter(|status| *status != ActionStatus::Cancelled);
    if status.is_none() {
        problems.push(Problem::new(
            "invalid_status",
            format!(
                "Status `{}` tidak dikenal: pilih rencana, berjalan atau selesai (terlambat dihitung otomatis; \
                 pembatalan lewat tombol Batalkan dengan alasan).",
                input.status
            ),
            Some("status".to_owned()),
        ));
    }
    let stage_code = trimmed(input.stage_code.as_ref());
    if let Some(code) = &stage_code
        && stages().position(code).is_none()
    {
        problems.push(Problem::new(
            "unknown_stage",
            format!("Tahapan `{code}` tidak dikenal."),
            Some("stage_code".to_owned()),
        ));
    }
    let variable_code = trimmed(input.variable_code.as_ref());
    if let Some(code) = &variable_code
        && !variables.contains(code)
    {
        problems.push(Problem::new(
            "unknown_variable",
            format!("Variabel `{code}` tidak ada dalam rubrik Van Meter & Van Horn: pilih {}.", variables.join(", ")),
            Some("variable_code".to_owned()),
        ));
    }
    let evidence_url = trimmed(input.evidence_url.as_ref());
    check_url(&mut problems, evidence_url.as_deref());
    match (status, owner_role) {
        (Some(status), Some(owner_role)) if problems.is_empty() => {
            Ok(CheckedAction { title, owner_role, owner, due_date, status, stage_code, variable_code, evidence_url })
        }
        _ => Err(problems),
    }
}

/// Checks a cancellation's reason.
///
/// # Errors
/// A blank or too long reason.
pub fn check_reason(reason: &str, field: &str) -> Result<String, Vec<Problem>> {
    let reason = reason.trim().to_owned();
    let mut problems = Vec::new();
    if reason.is_empty() {
        problems.push(Problem::new("reason_required", "Alasan wajib diisi.", Some(field.to_owned())));
    }
    check_length(&mut problems, Some(&reason), 1000, field);
    if problems.is_empty() { Ok(reason) } else { Err(problems) }
}

/// Checks an optional day (`YYYY-MM-DD`); blank is absent.
///
/// # Errors
/// A malformed day.
pub fn check_day(text: Option<&String>, field: &str) -> Result<Option<String>, Problem> {
    match trimmed(text) {
        None => Ok(None),
        Some(text) if Day::parse(&text).is_some() => Ok(Some(text)),
        Some(text) => Err(Problem::new(
            "invalid_date",
            format!("Tanggal `{text}` tidak valid: tulis TTTT-BB-HH, misalnya 2024-09-30."),
            Some(field.to_owned()),
        )),
    }
}

/// One government as the roll-up needs it.
#[derive(Clone, Debug)]
pub struct GovernmentProgress {
    pub code: String,
    pub name: String,
    pub population: String,
    /// Status per stage, in catalog order.
    pub statuses: Vec<StageStatus>,
    /// Target day per stage, in catalog order.
    pub targets: Vec<Option<String>>,
    /// The latest `updated_at` of any of its stage or action records (RFC 3339), if any.
    pub last_change: Option<String>,
}

impl GovernmentProgress {
    /// How many stages are finished in order from the first (the stage the government is at).
    pub fn reached(&self) -> usize {
        self.statuses.iter().take_while(|status| **status == StageStatus::Done).count()
    }

    pub fn all_done(&self) -> bool {
        self.statuses.iter().all(|status| *status == StageStatus::Done)
    }

    /// Positions of the stages done while an earlier one is not.
    pub fn out_of_order(&self) -> Vec<usize> {
        let reached = self.reached();
        (reached..self.statuses.len()).filter(|index| self.statuses[*index] == StageStatus::Done).collect()
    }

    /// Status against the plan per stage.
    pub fn plan_statuses(&self, today: &str) -> Vec<PlanStatus> {
        self.statuses
            .iter()
            .zip(&self.targets)
            .map(|(status, target)| plan_status(*status, target.as_deref(), today))
            .collect()
    }

    /// Days since its last recorded change, on `today` (WIB).
    pub fn days_since_change(&self, today: Day) -> Option<i64> {
        let last = Day::of_timestamp(self.last_change.as_deref()?, 7)?;
        Some(last.days_until(today))
    }

    /// Stalled: not finished, and no change for at least `stall_days` (never any change counts).
    pub fn is_stalled(&self, today: Day, stall_days: i64) -> bool {
        !self.all_done() && self.days_since_change(today).is_none_or(|days| days >= stall_days)
    }
}

/// One stage over every government.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StageCounts {
    /// Done, every earlier stage done too.
    pub done: usize,
    /// Done while an earlier stage is not.
    pub done_out_of_order: usize,
    pub in_progress: usize,
    pub not_started: usize,
    /// Not done and past the target.
    pub late: usize,
    /// Governments whose first stage not done in order is this one.
    pub currently_here: usize,
}

/// Counts per stage on `today`.
pub fn stage_counts(governments: &[GovernmentProgress], n_stages: usize, today: &str) -> Vec<StageCounts> {
    let mut counts = vec![StageCounts::default(); n_stages];
    for government in governments {
        let reached = government.reached();
        if reached < n_stages {
            counts[reached].currently_here += 1;
        }
        for (index, plan) in government.plan_statuses(today).into_iter().enumerate() {
            let count = &mut counts[index];
            match government.statuses[index] {
                StageStatus::Done if index < reached => count.done += 1,
                StageStatus::Done => count.done_out_of_order += 1,
                StageStatus::InProgress => count.in_progress += 1,
                StageStatus::NotStarted => count.not_started += 1,
            }
            if plan == PlanStatus::Late {
                count.late += 1;
            }
        }
    }
    counts
}

/// One element over a set of agencies: `(done, in progress, not started)`.
pub fn element_counts(statuses: &[StageStatus]) -> (usize, usize, usize) {
    let count = |wanted: StageStatus| statuses.iter().filter(|status| **status == wanted).count();
    (count(StageStatus::Done), count(StageStatus::InProgress), count(StageStatus::NotStarted))
}

/// The work-system elements as shipped (`public/policy/elements-sistem-kerja.json`).
pub const ELEMENTS_DOCUMENT: &str = include_str!("../../../public/policy/elements-sistem-kerja.json");

/// The guideline's expected contents as shipped (`public/policy/guideline-contents.json`).
pub const GUIDELINE_DOCUMENT: &str = include_str!("../../../public/policy/guideline-contents.json");

/// One work-system element.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElementDefinition {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub hint: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElementCatalog {
    pub schema: String,
    pub id: String,
    pub name: String,
    pub name_en: String,
    pub description: String,
    pub elements: Vec<ElementDefinition>,
}

/// One item a guideline is expected to contain.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuidelineItem {
    pub code: String,
    pub text: String,
    pub text_en: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuidelineCatalog {
    pub schema: String,
    pub id: String,
    pub name: String,
    pub name_en: String,
    pub description: String,
    pub items: Vec<GuidelineItem>,
}

fn check_codes<'a>(codes: impl Iterator<Item = &'a str>, what: &str) -> Result<(), String> {
    let mut seen: Vec<&str> = Vec::new();
    for (index, code) in codes.enumerate() {
        let well_formed = (1..=40).contains(&code.len())
            && code.bytes().all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit() || byte == b'_');
        if !well_formed {
            return Err(format!("{what}[{index}].code `{code}` is not A-Z, 0-9, _"));
        }
        if seen.contains(&code) {
            return Err(format!("{what}[{index}].code `{code}` repeats"));
        }
        seen.push(code);
    }
    if seen.is_empty() {
        return Err(format!("no {what}"));
    }
    Ok(())
}

impl ElementCatalog {
    /// Parses and checks an elements document.
    ///
    /// # Errors
    /// Not JSON of the expected shape, another schema, no element, or a repeated or malformed code.
    pub fn parse(text: &str) -> Result<ElementCatalog, String> {
        let catalog: ElementCatalog = serde_json::from_str(text).map_err(|error| error.to_string())?;
        if catalog.schema != "sibekisar.policy-elements/v1" {
            return Err(format!("unknown schema {}", catalog.schema));
        }
        check_codes(catalog.elements.iter().map(|element| element.code.as_str()), "elements")?;
        Ok(catalog)
    }

    pub fn position(&self, code: &str) -> Option<usize> {
        self.elements.iter().position(|element| element.code == code)
    }
}

impl GuidelineCatalog {
    /// Parses and checks a guideline-contents document.
    ///
    /// # Errors
    /// Not JSON of the expected shape, another schema, no item, or a repeated or malformed code.
    pub fn parse(text: &str) -> Result<GuidelineCatalog, String> {
        let catalog: GuidelineCatalog = serde_json::from_str(text).map_err(|error| error.to_string())?;
        if catalog.schema != "sibekisar.policy-guideline/v1" {
            return Err(format!("unknown schema {}", catalog.schema));
        }
        check_codes(catalog.items.iter().map(|item| item.code.as_str()), "items")?;
        Ok(catalog)
    }
}

/// The shipped element catalog.
pub fn elements() -> &'static ElementCatalog {
    static CATALOG: LazyLock<ElementCatalog> = LazyLock::new(|| {
        ElementCatalog::parse(ELEMENTS_DOCUMENT)
            .unwrap_or_else(|error| panic!("public/policy/elements-sistem-kerja.json is invalid: {error}"))
    });
    &CATALOG
}

/// The shipped guideline contents.
pub fn guideline_items() -> &'static GuidelineCatalog {
    static CATALOG: LazyLock<GuidelineCatalog> = LazyLock::new(|| {
        GuidelineCatalog::parse(GUIDELINE_DOCUMENT)
            .unwrap_or_else(|error| panic!("public/policy/guideline-contents.json is invalid: {error}"))
    });
    &CATALOG
}

/// An agency element's change that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedElement {
    pub status: StageStatus,
    pub note: Option<String>,
    pub evidence_url: Option<String>,
}

/// Checks an agency element's change.
///
/// # Errors
/// Every problem, each naming its field.
pub fn check_element(input: &contract::policy::ElementInput) -> Result<CheckedElement, Vec<Problem>> {
    let mut problems = Vec::new();
    let status = StageStatus::parse(input.status.trim());
    if status.is_none() {
        problems.push(Problem::new(
            "invalid_status",
            format!("Status `{}` tidak dikenal: pilih belum, proses atau selesai.", input.status),
            Some("status".to_owned()),
        ));
    }
    let note = trimmed(input.note.as_ref());
    check_length(&mut problems, note.as_deref(), 2000, "note");
    let evidence_url = trimmed(input.evidence_url.as_ref());
    check_url(&mut problems, evidence_url.as_deref());
    match status {
        Some(status) if problems.is_empty() => Ok(CheckedElement { status, note, evidence_url }),
        _ => Err(problems),
    }
}

/// `part / whole` as a percentage with one decimal, half-up, in integer arithmetic (`"90.9"`).
pub fn percent_text(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "0.0".to_owned();
    }
    let (part, whole) = (part as u128, whole as u128);
    let tenths = (part * 2000 + whole) / (2 * whole);
    format!("{}.{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalog_and_rubric_are_valid() {
        let catalog = stages();
        assert_eq!(catalog.stages[0].code, "PEDOMAN");
        assert!(catalog.stages[0].needs_reference);
        assert_eq!(catalog.stages.len(), 6);
        assert!(crate::results::scoring::check_rubric(RUBRIC_DOCUMENT).is_ok());
    }

    #[test]
    fn days_parse_strictly_and_count_exactly() {
        assert_eq!(Day::parse("1970-01-01"), None, "years before 2000 are refused");
        assert_eq!(Day::parse("2024-02-29").map(|d| d.0), Some(19_782));
        assert_eq!(Day::parse("2023-02-29"), None);
        assert_eq!(Day::parse("2024-13-01"), None);
        assert_eq!(Day::parse("2024-3-25"), None);
        assert_eq!(Day::parse("25-03-2024"), None);
        let start = Day::parse("2024-03-25").expect("valid");
        assert_eq!(start.days_until(Day::parse("2024-05-24").expect("valid")), 60);
        assert_eq!(Day::of_timestamp("2024-03-24T17:30:00.000Z", 7), Some(start), "00:30 WIB is the next day");
        assert_eq!(today_wib(1_711_299_600_000), "2024-03-25", "2024-03-24T17:00Z is midnight WIB");
    }

    #[test]
    fn percentages_have_one_decimal_rounded_half_up() {
        assert_eq!(percent_text(10, 11), "90.9");
        assert_eq!(percent_text(10, 38), "26.3");
        assert_eq!(percent_text(1, 8), "12.5");
        assert_eq!(percent_text(1, 16), "6.3", "6.25 rounds up");
        assert_eq!(percent_text(0, 0), "0.0");
        assert_eq!(percent_text(39, 39), "100.0");
    }

    fn stage_input(status: &str, date: Option<&str>, reference: Option<&str>) -> StageInput {
        StageInput {
            status: status.into(),
            date: date.map(str::to_owned),
            reference: reference.map(str::to_owned),
            note: None,
            evidence_url: None,
            confirm_out_of_order: false,
            order_reason: None,
        }
    }

    fn codes(result: Result<CheckedStage, Vec<Problem>>) -> Vec<String> {
        result.err().unwrap_or_default().into_iter().map(|problem| problem.code).collect()
    }

    #[test]
    fn stage_changes_are_checked_field_by_field() {
        let pedoman = &stages().stages[0];
        let today = "2024-06-01";
        let ok = check_stage(pedoman, &stage_input("selesai", Some("2024-03-25"), Some("Perbup Paser 9/2024")), today);
        assert_eq!(ok.expect("valid").status, StageStatus::Done);
        assert_eq!(
            codes(check_stage(pedoman, &stage_input("selesai", None, None), today)),
            ["date_required", "reference_required"]
        );
        assert_eq!(
            codes(check_stage(pedoman, &stage_input("done", Some("2024-02-30"), None), today)),
            ["invalid_status", "invalid_date"]
        );
        assert_eq!(
            codes(check_stage(pedoman, &stage_input("proses", Some("2024-06-02"), None), today)),
            ["date_in_future"]
        );
        assert!(check_stage(pedoman, &stage_input("proses", None, None), today).is_ok());
        let mut with_link = stage_input("proses", None, None);
        with_link.evidence_url = Some("javascript:alert(1)".into());
        assert_eq!(codes(check_stage(pedoman, &with_link, today)), ["invalid_url"]);
    }

    #[test]
    fn overdue_is_computed_against_the_given_today() {
        assert!(is_overdue(ActionStatus::Running, "2024-05-31", "2024-06-01"));
        assert!(!is_overdue(ActionStatus::Running, "2024-06-01", "2024-06-01"), "due today is not late yet");
        assert!(!is_overdue(ActionStatus::Done, "2024-01-01", "2024-06-01"));
        assert!(!is_overdue(ActionStatus::Cancelled, "2024-01-01", "2024-06-01"), "a cancelled action is never late");
        assert_eq!(
            effective_action_status(ActionStatus::Planned, "2024-01-01", "2024-06-01"),
            ActionDisplayStatus::Late
        );
    }

    #[test]
    fn stalled_means_unfinished_and_quiet_for_long_enough() {
        let government = |statuses: Vec<StageStatus>, last: Option<&str>| GovernmentProgress {
            code: "kota-batu".into(),
            name: "Kota Batu".into(),
            population: "kabkota".into(),
            targets: vec![None; statuses.len()],
            statuses,
            last_change: last.map(str::to_owned),
        };
        let today = Day::parse("2024-06-01").expect("valid");
        let quiet = government(vec![StageStatus::Done, StageStatus::NotStarted], Some("2024-04-01T03:00:00.000Z"));
        assert_eq!(quiet.days_since_change(today), Some(61));
        assert!(quiet.is_stalled(today, 60));
        assert!(!quiet.is_stalled(today, 62));
        assert_eq!(quiet.reached(), 1);
        assert!(government(vec![StageStatus::NotStarted, StageStatus::NotStarted], None).is_stalled(today, 60));
        assert!(!government(vec![StageStatus::Done, StageStatus::Done], None).is_stalled(today, 60));
        let counts = stage_counts(
            &[quiet, government(vec![StageStatus::InProgress, StageStatus::NotStarted], None)],
            2,
            "2024-06-01",
        );
        assert_eq!((counts[0].done, counts[0].in_progress, counts[0].currently_here), (1, 1, 1));
        assert_eq!((counts[1].done, counts[1].not_started, counts[1].currently_here), (0, 2, 1));
    }

    #[test]
    fn a_stage_is_late_only_past_its_target_and_not_done() {
        let today = "2024-06-01";
        assert_eq!(plan_status(StageStatus::InProgress, Some("2024-05-31"), today), PlanStatus::Late);
        assert_eq!(days_late(StageStatus::NotStarted, Some("2024-05-22"), today), 10);
        assert_eq!(
            plan_status(StageStatus::InProgress, Some("2024-06-01"), today),
            PlanStatus::InProgress,
            "due today is on time"
        );
        assert_eq!(plan_status(StageStatus::Done, Some("2024-01-01"), today), PlanStatus::Done);
        assert_eq!(plan_status(StageStatus::NotStarted, None, today), PlanStatus::NotStarted);
    }

    #[test]
    fn headline_done_counts_only_stages_done_in_order() {
        use StageStatus::{Done, InProgress, NotStarted};
        assert_eq!(earlier_not_done(&[Done, NotStarted, InProgress, NotStarted], 3), [1, 2]);
        assert!(earlier_not_done(&[Done, Done, NotStarted], 2).is_empty());
        let government = GovernmentProgress {
            code: "kab-paser".into(),
            name: "Kabupaten Paser".into(),
            population: "kabkota".into(),
            statuses: vec![Done, NotStarted, Done],
            targets: vec![None, Some("2024-05-01".into()), None],
            last_change: None,
        };
        assert_eq!(government.out_of_order(), [2]);
        let counts = stage_counts(&[government], 3, "2024-06-01");
        assert_eq!(counts[0].done, 1);
        assert_eq!((counts[1].late, counts[1].currently_here), (1, 1));
        assert_eq!((counts[2].done, counts[2].done_out_of_order), (0, 1));
    }

    #[test]
    fn the_shipped_elements_and_guideline_contents_are_valid() {
        assert_eq!(elements().elements.len(), 6);
        assert!(guideline_items().items.len() >= 5);
        assert!(ElementCatalog::parse(&ELEMENTS_DOCUMENT.replace("\"TIK\"", "\"JABATAN\"")).is_err());
    }

    #[test]
    fn actions_name_a_known_role_stage_and_variable() {
        let input = |role: &str, owner: Option<&str>, stage: Option<&str>, variable: Option<&str>| ActionInput {
            title: "Sosialisasi".into(),
            owner_role: role.into(),
            owner: owner.map(str::to_owned),
            due_date: "2024-09-30".into(),
            status: "rencana".into(),
            stage_code: stage.map(str::to_owned),
            variable_code: variable.map(str::to_owned),
            evidence_url: None,
        };
        let variables = vec!["SS".to_owned()];
        let ok = check_action(&input("bkpsdm", None, Some("SOSIALISASI"), Some("SS")), &variables).expect("valid");
        assert_eq!(ok.owner_role, ActorRole::Bkpsdm);
        let codes = |result: Result<CheckedAction, Vec<Problem>>| -> Vec<String> {
            result.err().unwrap_or_default().into_iter().map(|problem| problem.code).collect()
        };
        assert_eq!(codes(check_action(&input("lainnya", None, None, None), &variables)), ["required"]);
        assert_eq!(
            codes(check_action(&input("bupati", None, Some("X"), Some("Y")), &variables)),
            ["invalid_owner_role", "unknown_stage", "unknown_variable"]
        );
        let mut cancelled = input("bkpsdm", None, None, None);
        cancelled.status = "dibatalkan".into();
        assert_eq!(codes(check_action(&cancelled, &variables)), ["invalid_status"]);
    }
}
