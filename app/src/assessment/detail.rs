//! What the entry detail panel offers a user: which workflow steps, whether the note and
//! recommendation may be edited, whether evidence may be uploaded — the server's rules
//! (`server/src/routes/entries.rs`) mirrored so the panel shows only buttons that can work. The
//! server still decides; a refusal is shown with its message.

use crate::api::periods::PeriodState;
use crate::auth::Permissions;
use crate::auth::{Role, User};
use crate::i18n::{Lang, Msg, format_fixed};

/// Largest evidence file the server takes.
pub const MAX_EVIDENCE_BYTES: f64 = 10.0 * 1024.0 * 1024.0;

/// A workflow step (`POST …/{step}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Admin: submitted or resolved → verified.
    Verify,
    /// The unit (or an admin): submitted, verified or resolved → disputed; needs a reason.
    Dispute,
    /// The indicator's owner (or an admin): disputed → resolved; needs a resolution.
    Resolve,
}

impl Step {
    /// The path segment of the step.
    pub fn path(self) -> &'static str {
        match self {
            Step::Verify => "verify",
            Step::Dispute => "dispute",
            Step::Resolve => "resolve",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Step::Verify => Msg::EntryVerify,
            Step::Dispute => Msg::EntryDispute,
            Step::Resolve => Msg::EntryResolve,
        }
    }

    pub fn needs_reason(self) -> bool {
        self != Step::Verify
    }
}

/// The cell the panel shows, as far as permissions go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Situation<'a> {
    pub period_state: PeriodState,
    pub unit_code: &'a str,
    pub indicator_code: &'a str,
    /// The entry's status; `None` when nothing is stored yet.
    pub status: Option<&'a str>,
}

fn is_own_unit(user: &User, unit_code: &str) -> bool {
    user.role() == Some(Role::UnitAdmin) && user.scope.unit_code.as_deref() == Some(unit_code)
}

/// The workflow steps `user` may take now, in the order the panel shows them.
pub fn allowed_steps(user: &User, situation: &Situation<'_>) -> Vec<Step> {
    let Some(status) = situation.status else { return Vec::new() };
    if !matches!(situation.period_state, PeriodState::Open | PeriodState::Closed) {
        return Vec::new();
    }
    let mut steps = Vec::new();
    if user.is_admin() && matches!(status, "submitted" | "resolved") {
        steps.push(Step::Verify);
    }
    if (user.is_admin() || is_own_unit(user, situation.unit_code))
        && matches!(status, "submitted" | "verified" | "resolved")
    {
        steps.push(Step::Dispute);
    }
    if user.may_edit_indicator(situation.indicator_code) && status == "disputed" {
        steps.push(Step::Resolve);
    }
    steps
}

/// Whether `user` may edit the note and recommendation (a stored value in an open period). Not
/// while the unit disputes the value: saving resubmits the entry, which would set the dispute
/// aside without a resolution — the owner resolves first.
pub fn may_write_note(user: &User, situation: &Situation<'_>) -> bool {
    situation.period_state == PeriodState::Open
        && situation.status.is_some()
        && user.may_edit_indicator(situation.indicator_code)
        && (user.is_admin() || situation.status != Some("verified"))
        && situation.status != Some("disputed")
}

/// Whether `user` may upload evidence for the cell (any period not yet published).
pub fn may_upload(user: &User, situation: &Situation<'_>) -> bool {
    situation.period_state != PeriodState::Published
        && (user.may_edit_indicator(situation.indicator_code) || is_own_unit(user, situation.unit_code))
}

/// An entry status in words.
pub fn status_label(status: &str) -> Option<Msg> {
    match status {
        "submitted" => Some(Msg::EntryStatusSubmitted),
        "verified" => Some(Msg::EntryStatusVerified),
        "disputed" => Some(Msg::EntryStatusDisputed),
        "resolved" => Some(Msg::EntryStatusResolved),
        _ => None,
    }
}

/// A file size as people read it: `512 B`, `12,5 KB`, `3,2 MB` (decimal comma in Indonesian).
pub fn size_text(bytes: i64, lang: Lang) -> String {
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let (unit, divisor) = if bytes < 1024 * 1024 { ("KB", 1024) } else { ("MB", 1024 * 1024) };
    // Tenths, rounded half up, in integers.
    let tenths = (bytes * 10 + divisor / 2) / divisor;
    format!("{} {unit}", format_fixed(tenths, 1, lang))
}

/// An evidence link that is safe as a link target (`http(s)://` only; the server accepts nothing
/// else, but a stored copy could be older or altered).
pub fn safe_link(text: &str) -> Option<&str> {
    let lower = text.to_ascii_lowercase();
    ((lower.starts_with("https://") || lower.starts_with("http://")) && !text.contains(char::is_whitespace))
        .then_some(text)
}

/// Whether a key press in a grid cell opens the entry's detail (Ctrl/⌘/Alt + Enter; a plain
/// Enter moves down like a spreadsheet).
pub fn opens_detail(key: &str, ctrl: bool, meta: bool, alt: bool) -> bool {
    key == "Enter" && (ctrl || meta || alt)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::UserScope;

    fn user(role: &str, unit: Option<&str>, indicators: &[&str]) -> User {
        User {
            username: format!("{role}.test"),
            display_name: String::new(),
            role: crate::auth::Role::parse(role).expect("a role"),
            role_label: None,
            scope: UserScope {
                unit_code: unit.map(str::to_string),
                indicator_codes: indicators.iter().map(|code| code.to_string()).collect(),
            },
        }
    }

    fn situation<'a>(state: &str, status: Option<&'a str>) -> Situation<'a> {
        let period_state = PeriodState::parse(state).expect("a period state");
        Situation { period_state, unit_code: "kota-batu", indicator_code: "SAKIP", status }
    }

    #[test]
    fn each_role_gets_the_steps_the_server_allows() {
        let admin = user("admin", None, &[]);
        let owner = user("owner", None, &["SAKIP"]);
        let other_owner = user("owner", None, &["IKM"]);
        let unit = user("unit_admin", Some("kota-batu"), &[]);
        let other_unit = user("unit_admin", Some("kota-malang"), &[]);
        let viewer = user("viewer", None, &[]);
        let submitted = situation("open", Some("submitted"));
        assert_eq!(allowed_steps(&admin, &submitted), [Step::Verify, Step::Dispute]);
        assert_eq!(allowed_steps(&unit, &submitted), [Step::Dispute]);
        assert!(allowed_steps(&other_unit, &submitted).is_empty());
        assert!(allowed_steps(&owner, &submitted).is_empty());
        assert!(allowed_steps(&viewer, &submitted).is_empty());
        let disputed = situation("closed", Some("disputed"));
        assert_eq!(allowed_steps(&owner, &disputed), [Step::Resolve]);
        assert!(allowed_steps(&other_owner, &disputed).is_empty());
        assert!(allowed_steps(&unit, &disputed).is_empty());
        assert_eq!(allowed_steps(&admin, &situation("open", Some("resolved"))), [Step::Verify, Step::Dispute]);
        assert!(allowed_steps(&admin, &situation("published", Some("submitted"))).is_empty());
        assert!(allowed_steps(&admin, &situation("open", None)).is_empty());
    }

    #[test]
    fn notes_need_a_stored_value_an_open_period_and_the_indicator() {
        let owner = user("owner", None, &["SAKIP"]);
        let admin = user("admin", None, &[]);
        let unit = user("unit_admin", Some("kota-batu"), &[]);
        assert!(may_write_note(&owner, &situation("open", Some("submitted"))));
        assert!(!may_write_note(&owner, &situation("open", None)));
        assert!(!may_write_note(&owner, &situation("closed", Some("submitted"))));
        assert!(!may_write_note(&owner, &situation("open", Some("verified"))));
        assert!(may_write_note(&admin, &situation("open", Some("verified"))));
        assert!(!may_write_note(&owner, &situation("open", Some("disputed"))));
        assert!(!may_write_note(&admin, &situation("open", Some("disputed"))));
        assert!(!may_write_note(&unit, &situation("open", Some("submitted"))));
        assert!(may_upload(&unit, &situation("closed", None)));
        assert!(may_upload(&owner, &situation("open", None)));
        assert!(!may_upload(&owner, &situation("published", Some("verified"))));
        assert!(!may_upload(&user("viewer", None, &[]), &situation("open", None)));
    }

    #[test]
    fn sizes_and_shortcuts() {
        assert_eq!(size_text(512, Lang::Id), "512 B");
        assert_eq!(size_text(12_800, Lang::Id), "12,5 KB");
        assert_eq!(size_text(3_355_443, Lang::En), "3.2 MB");
        assert!(opens_detail("Enter", true, false, false));
        assert!(opens_detail("Enter", false, false, true));
        assert!(!opens_detail("Enter", false, false, false));
        assert!(!opens_detail("a", true, false, false));
        assert_eq!(status_label("disputed"), Some(Msg::EntryStatusDisputed));
        assert_eq!(safe_link("https://jdih.jatimprov.go.id/a.pdf"), Some("https://jdih.jatimprov.go.id/a.pdf"));
        assert_eq!(safe_link("javascript:alert(1)"), None);
        assert_eq!(safe_link("https://x y"), None);
    }
}
