//! The responsiveness measures, as plain functions of plain data (no clock, no storage): calendar
//! days in WIB (UTC+7), working days (Monday–Friday minus holidays), a period's window, and a
//! unit's response rate and median response time.
//!
//! Rules:
//! - A message's response time is the number of working days after the day (WIB) it was
//!   submitted, up to and including the day of its first answer: answered the same day is 0,
//!   submitted on Friday and answered on Monday is 1.
//! - Counted messages: published, submitted inside the period's calendar window (WIB), not sent
//!   by the unit's own staff ([`counts`]).
//! - Response rate: the percentage of counted messages answered within N working days, with two
//!   decimals rounded half up; the median: over the counted messages that are answered (an even
//!   count takes the mean of the two middle ones, so it may end in `.5`). Nothing counted (or, for
//!   the median, nothing answered): no value.

use std::collections::BTreeSet;

/// Milliseconds in a day.
const DAY_MILLIS: i64 = 86_400_000;
/// WIB is UTC+7 all year.
const WIB_OFFSET_MILLIS: i64 = 7 * 3_600_000;

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The civil date `(year, month, day)` of a day number.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, u32::try_from(month).unwrap_or(1), u32::try_from(day).unwrap_or(1))
}

/// `YYYY-MM-DD` as a day number, if it is a real date between 2000 and 2999.
pub fn parse_day(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year: i64 = text[0..4].parse().ok()?;
    let month: u32 = text[5..7].parse().ok()?;
    let day: u32 = text[8..10].parse().ok()?;
    if !(2000..=2999).contains(&year) || !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    (civil_from_days(days) == (year, month, day)).then_some(days)
}

/// A day number as `YYYY-MM-DD`.
pub fn format_day(days: i64) -> String {
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The WIB calendar day of a moment (milliseconds since the epoch).
pub fn wib_day(millis: i64) -> i64 {
    (millis + WIB_OFFSET_MILLIS).div_euclid(DAY_MILLIS)
}

/// The first moment (milliseconds since the epoch) of a WIB day.
pub fn wib_day_start_millis(days: i64) -> i64 {
    days * DAY_MILLIS - WIB_OFFSET_MILLIS
}

/// Monday–Friday and not a holiday.
pub fn is_working_day(days: i64, holidays: &BTreeSet<i64>) -> bool {
    // 1970-01-01 was a Thursday: weekday 0 is Monday.
    let weekday = (days + 3).rem_euclid(7);
    weekday < 5 && !holidays.contains(&days)
}

/// Working days `d` with `from < d <= to` (0 when `to <= from`).
pub fn working_days_between(from: i64, to: i64, holidays: &BTreeSet<i64>) -> u32 {
    let count = ((from + 1)..=to).filter(|day| is_working_day(*day, holidays)).count();
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// A message's response time in working days, if answered.
pub fn response_days(
    submitted_millis: i64,
    first_answered_millis: Option<i64>,
    holidays: &BTreeSet<i64>,
) -> Option<u32> {
    first_answered_millis.map(|answered| working_days_between(wib_day(submitted_millis), wib_day(answered), holidays))
}

/// A period's calendar window, first and last day (WIB): the year for `annual` and
/// `sistem-kerja`, the quarter for `q1`…`q4`; `None` for an unknown kind.
pub fn period_window(year: i64, kind: &str) -> Option<(i64, i64)> {
    let (first_month, last_month) = match kind {
        "annual" | "sistem-kerja" => (1, 12),
        "q1" => (1, 3),
        "q2" => (4, 6),
        "q3" => (7, 9),
        "q4" => (10, 12),
        _ => return None,
    };
    let start = days_from_civil(year, first_month, 1);
    let end = if last_month == 12 { days_from_civil(year + 1, 1, 1) } else { days_from_civil(year, last_month + 1, 1) };
    Some((start, end - 1))
}

/// What decides whether a message is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageFacts {
    pub published: bool,
    pub self_post: bool,
    pub submitted_millis: i64,
}

/// Whether a message counts in a window `(first day, last day)`.
pub fn counts(message: MessageFacts, window: (i64, i64)) -> bool {
    let day = wib_day(message.submitted_millis);
    message.published && !message.self_post && window.0 <= day && day <= window.1
}

/// One unit's measures from its counted messages' response times (`None`: unanswered).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnitMeasure {
    pub counted: u32,
    pub answered_in_time: u32,
    /// The response rate in hundredths of a percent (`8333` is 83.33%).
    pub rate_hundredths: Option<u64>,
    /// The median in half working days (`5` is 2.5).
    pub median_halves: Option<u64>,
}

/// The measures of one unit, answered "in time" meaning within `working_days`.
pub fn unit_measure(responses: &[Option<u32>], working_days: u32) -> UnitMeasure {
    let counted = u32::try_from(responses.len()).unwrap_or(u32::MAX);
    let answered_in_time =
        u32::try_from(responses.iter().filter(|response| response.is_some_and(|days| days <= working_days)).count())
            .unwrap_or(u32::MAX);
    let rate_hundredths = (counted > 0)
        .then(|| (u64::from(answered_in_time) * 10_000 * 2 + u64::from(counted)) / (2 * u64::from(counted)));
    let mut answered: Vec<u64> = responses.iter().flatten().map(|days| u64::from(*days)).collect();
    answered.sort_unstable();
    let median_halves = match answered.len() {
        0 => None,
        n if n % 2 == 1 => Some(answered[n / 2] * 2),
        n => Some(answered[n / 2 - 1] + answered[n / 2]),
    };
    UnitMeasure { counted, answered_in_time, rate_hundredths, median_halves }
}

/// Hundredths as a decimal with two places: `8333` → `83.33`.
pub fn format_hundredths(hundredths: u64) -> String {
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// Halves as a decimal: `5` → `2.5`, `4` → `2`.
pub fn format_halves(halves: u64) -> String {
    if halves.is_multiple_of(2) { (halves / 2).to_string() } else { format!("{}.5", halves / 2) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> i64 {
        parse_day(text).expect("a date")
    }

    /// 08:00 WIB of a day, in milliseconds.
    fn morning(text: &str) -> i64 {
        wib_day_start_millis(day(text)) + 8 * 3_600_000
    }

    #[test]
    fn civil_dates_round_trip_and_bad_dates_are_refused() {
        assert_eq!(day("2000-01-01"), 10_957);
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(format_day(day("2024-02-29")), "2024-02-29");
        assert_eq!(parse_day("2023-02-29"), None);
        assert_eq!(parse_day("2024-13-01"), None);
        assert_eq!(parse_day("24-01-01"), None);
        for days in [day("2000-01-01"), day("2026-12-03"), day("2099-12-31")] {
            assert_eq!(parse_day(&format_day(days)), Some(days));
        }
    }

    #[test]
    fn the_wib_day_starts_at_17_utc_the_day_before() {
        // 2026-12-31 17:00 UTC is 2027-01-01 00:00 WIB.
        let utc = wib_day_start_millis(day("2027-01-01"));
        assert_eq!(wib_day(utc), day("2027-01-01"));
        assert_eq!(wib_day(utc - 1), day("2026-12-31"));
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let holidays: BTreeSet<i64> = [day("2026-12-25")].into();
        // 2026-12-04 is a Friday.
        assert_eq!(working_days_between(day("2026-12-04"), day("2026-12-07"), &holidays), 1);
        assert_eq!(working_days_between(day("2026-12-04"), day("2026-12-04"), &holidays), 0);
        // Mon 21 … Mon 28: 22, 23, 24, (25 holiday), 28 → 4.
        assert_eq!(working_days_between(day("2026-12-21"), day("2026-12-28"), &holidays), 4);
        assert_eq!(working_days_between(day("2026-12-21"), day("2026-12-28"), &BTreeSet::new()), 5);
    }

    #[test]
    fn windows_follow_the_period_kind() {
        assert_eq!(period_window(2026, "annual"), Some((day("2026-01-01"), day("2026-12-31"))));
        assert_eq!(period_window(2024, "q1"), Some((day("2024-01-01"), day("2024-03-31"))));
        assert_eq!(period_window(2026, "q4"), Some((day("2026-10-01"), day("2026-12-31"))));
        assert_eq!(period_window(2026, "weekly"), None);
    }

    #[test]
    fn only_published_messages_of_others_inside_the_window_count() {
        let window = period_window(2026, "q4").expect("a window");
        let base = MessageFacts { published: true, self_post: false, submitted_millis: morning("2026-11-02") };
        assert!(counts(base, window));
        assert!(!counts(MessageFacts { published: false, ..base }, window));
        assert!(!counts(MessageFacts { self_post: true, ..base }, window));
        // 2026-09-30 23:30 WIB is outside Q4; 2026-10-01 00:30 WIB (17:30 UTC on 30 September) is in.
        let start = wib_day_start_millis(day("2026-10-01"));
        assert!(!counts(MessageFacts { submitted_millis: start - 1_800_000, ..base }, window));
        assert!(counts(MessageFacts { submitted_millis: start + 1_800_000, ..base }, window));
    }

    #[test]
    fn a_hand_counted_unit() {
        // Five counted messages: answered after 0, 1, 3 and 7 working days, one never.
        let responses = [Some(0), Some(1), Some(3), Some(7), None];
        let measure = unit_measure(&responses, 3);
        assert_eq!(measure.counted, 5);
        assert_eq!(measure.answered_in_time, 3);
        assert_eq!(measure.rate_hundredths, Some(6000));
        assert_eq!(measure.median_halves, Some(4), "median of 0, 1, 3, 7 is 2");
        assert_eq!(format_hundredths(6000), "60.00");
        assert_eq!(format_halves(4), "2");
        let thirds = unit_measure(&[Some(0), Some(9), None], 5);
        assert_eq!(format_hundredths(thirds.rate_hundredths.expect("counted")), "33.33");
        assert_eq!(format_halves(unit_measure(&[Some(2), Some(3)], 5).median_halves.expect("answered")), "2.5");
        assert_eq!(unit_measure(&[Some(2), Some(3), Some(9)], 5).rate_hundredths, Some(6667), "rounded half up");
    }

    #[test]
    fn nothing_counted_or_nothing_answered_has_no_value() {
        let empty = unit_measure(&[], 5);
        assert_eq!((empty.counted, empty.rate_hundredths, empty.median_halves), (0, None, None));
        let unanswered = unit_measure(&[None, None], 5);
        assert_eq!((unanswered.rate_hundredths, unanswered.median_halves), (Some(0), None));
    }

    #[test]
    fn response_days_count_from_the_wib_day_of_submission() {
        let holidays = BTreeSet::new();
        // Submitted Friday 2026-12-04 23:00 WIB, answered Monday 09:00 WIB: 1 working day.
        let submitted = wib_day_start_millis(day("2026-12-04")) + 23 * 3_600_000;
        assert_eq!(response_days(submitted, Some(morning("2026-12-07")), &holidays), Some(1));
        assert_eq!(response_days(submitted, None, &holidays), None);
    }
}
