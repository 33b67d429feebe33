//! The citizens' aspiration service in the app: the public form (on `/aspirasi` and on each
//! unit's page), a unit's published messages, the follow view, and the staff inbox.
//!
//! The decisions a test can reach are plain functions here (what the form refuses before
//! sending, where a server's refusal is shown, the counter, the challenge's steps); the
//! components in `form`, `follow`, `unit_messages` and `inbox` only wire signals to them.

pub mod follow;
pub mod form;
pub mod inbox;
pub mod text;
pub mod unit_messages;

use contract::aspirations::{AspirationCategory, AspirationStatus, challenge_solved};

use crate::api::aspirations::Failure;
use crate::i18n::{Lang, Msg, format_integer, t};
pub use text::AspText;

/// The most characters a message (and an answer) may have, as the server counts them.
pub const TEXT_LIMIT: usize = 2000;

/// `Msg` of an aspiration text.
pub const fn msg(text: AspText) -> Msg {
    Msg::Asp(text)
}

/// A text in a language.
pub fn tx(lang: Lang, text: AspText) -> &'static str {
    t(lang, Msg::Asp(text))
}

/// The characters of a text as the server counts them (Unicode scalar values, not bytes).
pub fn char_count(text: &str) -> usize {
    text.chars().count()
}

/// The live counter under the text: `120 dari 2.000 karakter`, or how many to remove.
pub fn counter_text(count: usize, lang: Lang) -> String {
    let number = |value: usize| format_integer(i64::try_from(value).unwrap_or(i64::MAX), lang);
    if count > TEXT_LIMIT {
        format!("{} {} {}", tx(lang, AspText::TooLongBy), number(count - TEXT_LIMIT), tx(lang, AspText::Characters))
    } else {
        format!(
            "{} {} {} {}",
            number(count),
            tx(lang, AspText::CharactersOf),
            number(TEXT_LIMIT),
            tx(lang, AspText::Characters)
        )
    }
}

/// A category's name.
pub fn category_label(category: AspirationCategory, lang: Lang) -> &'static str {
    tx(
        lang,
        match category {
            AspirationCategory::Service => AspText::CategoryPelayanan,
            AspirationCategory::Information => AspText::CategoryInformasi,
            AspirationCategory::Complaint => AspText::CategoryPengaduan,
            AspirationCategory::Suggestion => AspText::CategorySaran,
        },
    )
}

/// A status in words.
pub fn status_label(status: AspirationStatus, lang: Lang) -> &'static str {
    tx(
        lang,
        match status {
            AspirationStatus::Pending => AspText::StatusReceived,
            AspirationStatus::Published => AspText::StatusPublished,
            AspirationStatus::Hidden => AspText::StatusHidden,
            AspirationStatus::Spam => AspText::StatusSpam,
        },
    )
}

/// The badge's class of a status.
pub fn status_class(status: AspirationStatus) -> &'static str {
    match status {
        AspirationStatus::Published => "asp-status-badge asp-status-badge--published",
        AspirationStatus::Pending => "asp-status-badge",
        AspirationStatus::Hidden | AspirationStatus::Spam => "asp-status-badge asp-status-badge--hidden",
    }
}

/// `3 hari kerja`.
pub fn working_days_text(days: u32, lang: Lang) -> String {
    format!("{} {}", format_integer(i64::from(days), lang), tx(lang, AspText::WorkingDays))
}

/// `2024-05-01T03:04:05Z` → `2024-05-01 10:04 WIB`: the service counts days in WIB (UTC+7), so
/// its times are shown there. Anything unreadable is shown as it came.
pub fn wib_time(timestamp: &str) -> String {
    let parts = (
        timestamp.get(0..4).and_then(|year| year.parse::<i32>().ok()),
        timestamp.get(5..7).and_then(|month| month.parse::<u32>().ok()),
        timestamp.get(8..10).and_then(|day| day.parse::<u32>().ok()),
        timestamp.get(11..13).and_then(|hour| hour.parse::<u32>().ok()),
        timestamp.get(14..16),
    );
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute)) = parts else {
        return timestamp.to_owned();
    };
    if !timestamp.ends_with('Z') || month == 0 || month > 12 || day == 0 {
        return timestamp.to_owned();
    }
    let (mut year, mut month, mut day, mut hour) = (year, month, day, hour + 7);
    if hour >= 24 {
        hour -= 24;
        day += 1;
        if day > days_in_month(year, month) {
            day = 1;
            month += 1;
            if month > 12 {
                month = 1;
                year += 1;
            }
        }
    }
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute} WIB")
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Where the form shows a message: next to one of its fields, or above the button.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Unit,
    Category,
    Text,
    Contact,
    Form,
}

impl Field {
    /// The field a server's refusal names (its `field`, or failing that its code).
    pub fn of_failure(failure: &Failure) -> Field {
        Field::of(failure.field_name(), &failure.code)
    }

    /// The field a problem's member (`text`, `body.contact`) or code (`aspiration_text_empty`)
    /// is about.
    pub fn of(field: Option<&str>, code: &str) -> Field {
        let named = field.map(|field| field.rsplit('.').next().unwrap_or(field)).unwrap_or_default();
        let about = |word: &str| named == word || code.contains(word);
        if about("unit_code") || about("unit") {
            Field::Unit
        } else if about("category") {
            Field::Category
        } else if about("contact") {
            Field::Contact
        } else if about("text") || code.contains("duplicate") || (named.is_empty() && code.contains("nonce")) {
            Field::Text
        } else {
            Field::Form
        }
    }
}

/// The form's own checks before anything is sent, in field order: what is missing or too long.
pub fn check_form(
    unit_code: &str,
    category: Option<AspirationCategory>,
    text: &str,
    lang: Lang,
) -> Vec<(Field, String)> {
    let mut problems = Vec::new();
    if unit_code.trim().is_empty() {
        problems.push((Field::Unit, tx(lang, AspText::NeedUnit).to_owned()));
    }
    if category.is_none() {
        problems.push((Field::Category, tx(lang, AspText::NeedCategory).to_owned()));
    }
    if text.trim().is_empty() {
        problems.push((Field::Text, tx(lang, AspText::NeedText).to_owned()));
    } else if char_count(text) > TEXT_LIMIT {
        problems.push((Field::Text, tx(lang, AspText::TextTooLong).to_owned()));
    }
    problems
}

/// Where each of a refusal's problems is shown, with its message: every listed problem next
/// to its field, or the one message where the failure points.
pub fn failure_problems(failure: &Failure, lang: Lang) -> Vec<(Field, String)> {
    if failure.problems.is_empty() {
        return vec![(Field::of_failure(failure), failure_message(failure, lang))];
    }
    failure.problems.iter().map(|(field, message)| (Field::of(field.as_deref(), ""), message.clone())).collect()
}

/// The message a refusal shows: the server's own (Indonesian) text, or a general one.
pub fn failure_message(failure: &Failure, lang: Lang) -> String {
    if failure.message.is_empty() {
        let base = tx(lang, AspText::NotSent);
        if failure.status == 0 { format!("{base} {}", t(lang, Msg::ErrorNetwork)) } else { base.to_owned() }
    } else {
        failure.message.clone()
    }
}

/// One step of solving the challenge: the counter found, or where to go on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChallengeStep {
    Solved(u64),
    Continue(u64),
}

/// Tries `budget` counters from `start` with the contract's check (the one the server runs), so
/// the page can solve the challenge in slices and stay responsive.
pub fn challenge_step(nonce: &str, difficulty: u32, start: u64, budget: u64) -> ChallengeStep {
    let end = start.saturating_add(budget);
    match (start..end).find(|counter| challenge_solved(nonce, *counter, difficulty)) {
        Some(counter) => ChallengeStep::Solved(counter),
        None => ChallengeStep::Continue(end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counter_counts_characters_and_says_how_many_to_remove() {
        assert_eq!(char_count("ĳä😀"), 3);
        assert_eq!(counter_text(120, Lang::Id), "120 dari 2.000 karakter");
        assert_eq!(counter_text(2000, Lang::En), "2,000 of 2,000 characters");
        assert_eq!(counter_text(2003, Lang::Id), "Terlalu panjang, kurangi 3 karakter");
    }

    #[test]
    fn the_form_refuses_what_is_missing_or_too_long_before_sending() {
        let problems = check_form("", None, "  ", Lang::Id);
        assert_eq!(
            problems.iter().map(|(field, _)| *field).collect::<Vec<_>>(),
            [Field::Unit, Field::Category, Field::Text]
        );
        assert_eq!(problems[2].1, "Isi aspirasi tidak boleh kosong.");
        let long = "a".repeat(TEXT_LIMIT + 1);
        assert_eq!(
            check_form("dinas-x", Some(AspirationCategory::Complaint), &long, Lang::En),
            [(Field::Text, "The message has at most 2,000 characters.".to_owned())]
        );
        assert!(
            check_form("dinas-x", Some(AspirationCategory::Suggestion), &"a".repeat(TEXT_LIMIT), Lang::Id).is_empty()
        );
    }

    fn failure(code: &str, field: Option<&str>) -> Failure {
        Failure {
            status: 400,
            code: code.into(),
            message: "Pesan server.".into(),
            field: field.map(str::to_owned),
            retry_after_seconds: None,
            problems: Vec::new(),
        }
    }

    #[test]
    fn a_refusal_is_shown_next_to_the_field_it_names() {
        assert_eq!(Field::of_failure(&failure("invalid", Some("contact"))), Field::Contact);
        assert_eq!(Field::of_failure(&failure("unknown_unit", None)), Field::Unit);
        assert_eq!(Field::of_failure(&failure("duplicate_aspiration", None)), Field::Text);
        assert_eq!(Field::of_failure(&failure("invalid", Some("body.category"))), Field::Category);
        assert_eq!(Field::of_failure(&failure("too_many_requests", None)), Field::Form);
        assert_eq!(failure_message(&failure("x", None), Lang::En), "Pesan server.");
    }

    #[test]
    fn every_listed_problem_goes_to_its_own_field() {
        let mut several = failure("invalid_input", None);
        several.problems = vec![
            (Some("text".into()), "Isi aspirasi tidak boleh kosong.".into()),
            (Some("contact".into()), "Kontak tidak valid.".into()),
            (Some("nonce".into()), "Tantangan kedaluwarsa.".into()),
        ];
        assert_eq!(
            failure_problems(&several, Lang::Id),
            [
                (Field::Text, "Isi aspirasi tidak boleh kosong.".to_owned()),
                (Field::Contact, "Kontak tidak valid.".to_owned()),
                (Field::Form, "Tantangan kedaluwarsa.".to_owned()),
            ]
        );
        assert_eq!(
            failure_problems(&failure("aspiration_rate_limited", None), Lang::Id),
            [(Field::Form, "Pesan server.".to_owned())]
        );
    }

    #[test]
    fn the_challenge_is_solved_in_slices_with_the_servers_check() {
        let whole = contract::aspirations::solve_challenge("nonce-1", 8);
        let mut start = 0;
        let found = loop {
            match challenge_step("nonce-1", 8, start, 16) {
                ChallengeStep::Solved(counter) => break counter,
                ChallengeStep::Continue(next) => start = next,
            }
        };
        assert_eq!(found, whole);
    }

    #[test]
    fn times_are_shown_in_wib() {
        assert_eq!(wib_time("2026-12-03T01:02:03Z"), "2026-12-03 08:02 WIB");
        assert_eq!(wib_time("2024-02-28T20:00:00.5Z"), "2024-02-29 03:00 WIB");
        assert_eq!(wib_time("2026-12-31T17:30:00Z"), "2027-01-01 00:30 WIB");
        assert_eq!(wib_time("kemarin"), "kemarin");
    }

    #[test]
    fn statuses_and_categories_have_names_in_both_languages() {
        for category in AspirationCategory::ALL {
            assert!(!category_label(*category, Lang::Id).is_empty());
        }
        assert_eq!(status_label(AspirationStatus::Pending, Lang::Id), "Diterima, menunggu moderasi");
        assert_eq!(working_days_text(3, Lang::En), "3 working days");
    }
}
