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

/// A stage's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageStatus {
    Belum,
    Proses,
    Selesai,
}

impl StageStatus {
    pub fn parse(code: &str) -> Option<StageStatus> {
        match code {
            "belum" => Some(StageStatus::Belum),
            "proses" => Some(StageStatus::Proses),
            "selesai" => Some(StageStatus::Selesai),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            StageStatus::Belum => "belum",
            StageStatus::Proses => "proses",
            StageStatus::Selesai => "selesai",
        }
    }

    /// A symbol with text, so that the matrix never relies on colour alone.
    pub fn symbol_text(self) -> &'static str {
        match self {
            StageStatus::Belum => "○ belum",
            StageStatus::Proses => "◐ proses",
            StageStatus::Selesai => "● selesai",
        }
    }
}

/// An action's stored status (`terlambat` is computed, never stored).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionStatus {
    Rencana,
    Berjalan,
    Selesai,
}

impl ActionStatus {
    pub fn parse(code: &str) -> Option<ActionStatus> {
        match code {
            "rencana" => Some(ActionStatus::Rencana),
            "berjalan" => Some(ActionStatus::Berjalan),
            "selesai" => Some(ActionStatus::Selesai),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ActionStatus::Rencana => "rencana",
            ActionStatus::Berjalan => "berjalan",
            ActionStatus::Selesai => "selesai",
        }
    }
}

/// Whether an action with this stored status and due day is overdue on `today`.
pub fn is_overdue(status: &str, due_date: &str, today: &str) -> bool {
    status != ActionStatus::Selesai.code()
        && matches!((Day::parse(due_date), Day::parse(today)), (Some(due), Some(now)) if due < now)
}

/// The status shown for an action: `terlambat` when overdue, else the stored one.
pub fn effective_action_status<'a>(status: &'a str, due_date: &str, today: &str) -> &'a str {
    if is_overdue(status, due_date, today) { "terlambat" } else { status }
}

/// The wire body of a stage change.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageInput {
    pub status: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub evidence_url: Option<String>,
}

/// A stage change that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedStage {
    pub status: StageStatus,
    pub date: Option<String>,
    pub reference: Option<String>,
    pub note: Option<String>,
    pub evidence_url: Option<String>,
}

/// The wire body of an action (create and replace).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionInput {
    pub title: String,
    pub owner: String,
    pub due_date: String,
    pub status: String,
    #[serde(default)]
    pub evidence_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedAction {
    pub title: String,
    pub owner: String,
    pub due_date: String,
    pub status: ActionStatus,
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
        None if status == Some(StageStatus::Selesai) => problems.push(Problem::new(
            "date_required",
            "Tahapan yang selesai harus diberi tanggal.",
            Some("date".to_owned()),
        )),
        _ => {}
    }
    let reference = trimmed(input.reference.as_ref());
    if stage.needs_reference && status == Some(StageStatus::Selesai) && reference.is_none() {
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
    match status {
        Some(status) if problems.is_empty() => Ok(CheckedStage { status, date, reference, note, evidence_url }),
        _ => Err(problems),
    }
}

/// Checks an action.
///
/// # Errors
/// Every problem, each naming its field.
pub fn check_action(input: &ActionInput) -> Result<CheckedAction, Vec<Problem>> {
    let mut problems = Vec::new();
    let title = input.title.trim().to_owned();
    let owner = input.owner.trim().to_owned();
    for (value, field, what) in [(&title, "title", "Nama aksi"), (&owner, "owner", "Penanggung jawab")] {
        if value.is_empty() {
            problems.push(Problem::new("required", format!("{what} wajib diisi."), Some(field.to_owned())));
        }
    }
    check_length(&mut problems, Some(&title), 300, "title");
    check_length(&mut problems, Some(&owner), 200, "owner");
    let due_date = input.due_date.trim().to_owned();
    if Day::parse(&due_date).is_none() {
        problems.push(Problem::new(
            "invalid_date",
            format!("Tenggat `{due_date}` tidak valid: tulis TTTT-BB-HH, misalnya 2024-09-30."),
            Some("due_date".to_owned()),
        ));
    }
    let status = ActionStatus::parse(input.status.trim());
    if status.is_none() {
        problems.push(Problem::new(
            "invalid_status",
            format!(
                "Status `{}` tidak dikenal: pilih rencana, berjalan atau selesai (terlambat dihitung otomatis).",
                input.status
            ),
            Some("status".to_owned()),
        ));
    }
    let evidence_url = trimmed(input.evidence_url.as_ref());
    check_url(&mut problems, evidence_url.as_deref());
    match status {
        Some(status) if problems.is_empty() => Ok(CheckedAction { title, owner, due_date, status, evidence_url }),
        _ => Err(problems),
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
    /// The latest `updated_at` of any of its stage or action records (RFC 3339), if any.
    pub last_change: Option<String>,
}

impl GovernmentProgress {
    /// How many stages are finished in order from the first (the stage the government is at).
    pub fn reached(&self) -> usize {
        self.statuses.iter().take_while(|status| **status == StageStatus::Selesai).count()
    }

    pub fn all_done(&self) -> bool {
        self.statuses.iter().all(|status| *status == StageStatus::Selesai)
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

/// Counts per stage: `(finished, in progress)`.
pub fn stage_counts(governments: &[GovernmentProgress], n_stages: usize) -> Vec<(usize, usize)> {
    (0..n_stages)
        .map(|stage_idx| {
            let count = |wanted: StageStatus| {
                governments.iter().filter(|government| government.statuses[stage_idx] == wanted).count()
            };
            (count(StageStatus::Selesai), count(StageStatus::Proses))
        })
        .collect()
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
        assert_eq!(ok.expect("valid").status, StageStatus::Selesai);
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
        assert!(is_overdue("berjalan", "2024-05-31", "2024-06-01"));
        assert!(!is_overdue("berjalan", "2024-06-01", "2024-06-01"), "due today is not late yet");
        assert!(!is_overdue("selesai", "2024-01-01", "2024-06-01"));
        assert_eq!(effective_action_status("rencana", "2024-01-01", "2024-06-01"), "terlambat");
    }

    #[test]
    fn stalled_means_unfinished_and_quiet_for_long_enough() {
        let government = |statuses: Vec<StageStatus>, last: Option<&str>| GovernmentProgress {
            code: "kota-batu".into(),
            name: "Kota Batu".into(),
            population: "kabkota".into(),
            statuses,
            last_change: last.map(str::to_owned),
        };
        let today = Day::parse("2024-06-01").expect("valid");
        let quiet = government(vec![StageStatus::Selesai, StageStatus::Belum], Some("2024-04-01T03:00:00.000Z"));
        assert_eq!(quiet.days_since_change(today), Some(61));
        assert!(quiet.is_stalled(today, 60));
        assert!(!quiet.is_stalled(today, 62));
        assert_eq!(quiet.reached(), 1);
        assert!(government(vec![StageStatus::Belum, StageStatus::Belum], None).is_stalled(today, 60));
        assert!(!government(vec![StageStatus::Selesai, StageStatus::Selesai], None).is_stalled(today, 60));
        let counts = stage_counts(&[quiet, government(vec![StageStatus::Proses, StageStatus::Belum], None)], 2);
        assert_eq!(counts, [(1, 1), (0, 0)]);
    }
}
