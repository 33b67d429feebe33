//! Text → value, as people type it: the one reading of a typed or imported text for every rule
//! kind, shared by the assessment grid, spreadsheet paste, the simulator's number fields and the
//! server's CSV/XLSX import. The accepted spellings are listed in `docs/rubric-format.md`
//! ("Typed and imported values"); the JSON API and share codes keep their own stricter syntax.
//!
//! - **Numbers** (scale rules): one decimal separator, either `.` or `,` (`85.5`, `85,5`, `1,234`
//!   is 1.234); leading zeros and a missing integer part are fine (`05`, `,5`); `−` is a minus; an
//!   exponent is read as JSON reads it (`1e2`). Thousands separators are refused, because
//!   `1.234,5` and `1,234.5` mean the same number in two locales and `1.234.567` is not a score:
//!   [`InputError::ThousandsSeparator`].
//! - **Labels** (category rules): the rule's label, without regard to ASCII case (`wtp` is `WTP`).
//! - **Yes/no** (boolean rules): [`YES`] and [`NO`], without regard to case.
//!
//! Blanks around the text are ignored; a blank text is "no value".

use crate::decimal::{Decimal, DecimalError};
use crate::rubric::{Rubric, Rule};
use crate::values::{IndicatorValue, RawValue};

/// Texts read as "yes" (compared without regard to case).
pub const YES: [&str; 7] = ["ya", "y", "yes", "1", "true", "benar", "ada"];

/// Texts read as "no" (compared without regard to case).
pub const NO: [&str; 8] = ["tidak", "t", "no", "n", "0", "false", "salah", "tidak ada"];

/// Why a text is not a value of its indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputError {
    /// The text is not a number (the rule is a scale).
    NotANumber,
    /// The number is written with thousands separators (`1.234,5`, `1,234.5`, `1.234.567`),
    /// which read differently in Indonesian and English spreadsheets.
    ThousandsSeparator,
    /// More than six significant decimals.
    TooManyDecimals {
        /// Significant decimals found.
        decimals: u32,
    },
    /// Beyond ±10^12.
    NumberOutOfRange,
    /// A number outside the scale's `[min, max]`.
    ValueOutOfRange {
        /// Lower bound of the scale.
        min: Decimal,
        /// Upper bound of the scale.
        max: Decimal,
    },
    /// Not one of the category's labels.
    UnknownLabel,
    /// Not one of the yes/no spellings ([`YES`], [`NO`]).
    NotYesNo,
}

impl InputError {
    /// Stable machine code (`indicator_out_of_range`), the same as the engine's value errors
    /// where one exists.
    pub fn code(self) -> &'static str {
        match self {
            InputError::NotANumber | InputError::NotYesNo => "wrong_value_type",
            InputError::ThousandsSeparator => "ambiguous_number",
            InputError::TooManyDecimals { .. } => "too_many_decimals",
            InputError::NumberOutOfRange => "number_out_of_range",
            InputError::ValueOutOfRange { .. } => "indicator_out_of_range",
            InputError::UnknownLabel => "unknown_label",
        }
    }

    /// The refusal in Bahasa Indonesia, naming the text (`text`) and, for a category, the labels
    /// of the indicator at `position`.
    pub fn message_id(self, rubric: &Rubric, position: usize, text: &str) -> String {
        let text = text.trim();
        match self {
            InputError::NotANumber => format!("Nilai `{text}` bukan angka (contoh: 85,5 atau 85.5)."),
            InputError::ThousandsSeparator => format!(
                "Nilai `{text}` memakai pemisah ribuan; tulis tanpa pemisah ribuan dengan satu tanda desimal (contoh: 1234,5)."
            ),
            InputError::TooManyDecimals { decimals } => {
                format!("Nilai `{text}` memiliki {decimals} angka desimal; paling banyak 6.")
            }
            InputError::NumberOutOfRange => format!("Nilai `{text}` di luar batas yang diterima."),
            InputError::ValueOutOfRange { min, max } => {
                format!("Nilai `{text}` di luar rentang {min} sampai {max}.")
            }
            InputError::UnknownLabel => {
                let labels = match rubric.indicators()[position].rule() {
                    Rule::Category(category) => {
                        category.labels().iter().map(|label| label.label.as_str()).collect::<Vec<_>>().join(", ")
                    }
                    _ => String::new(),
                };
                format!("Label `{text}` tidak dikenal; pilihan yang ada: {labels}.")
            }
            InputError::NotYesNo => format!("Nilai `{text}` bukan ya/tidak."),
        }
    }
}

/// Reads a typed or imported text as a value of the indicator at `position`: `Ok(None)` for a
/// blank text, otherwise a value its rule accepts.
///
/// # Errors
/// The [`InputError`] saying why the text is not a value of this indicator.
///
/// # Panics
/// If `position` is not an indicator position of this rubric (a programming error).
///
/// ```
/// # let rubric = engine::Rubric::parse_json(r#"{"schema":"sibekisar.rubric/v1","id":"d","name":"D",
/// #  "spirits":[{"code":"C","name":"Cepat","weight":100}],
/// #  "indicators":[{"code":"IKM","name":"IKM","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":100}}]}"#).unwrap();
/// use engine::input::{InputError, read_value};
/// use engine::{Decimal, IndicatorValue};
/// let value = Decimal::parse("85.5").unwrap();
/// assert_eq!(read_value(&rubric, 0, " 85,5 "), Ok(Some(IndicatorValue::Number(value))));
/// assert_eq!(read_value(&rubric, 0, ""), Ok(None));
/// assert_eq!(read_value(&rubric, 0, "1.234,5"), Err(InputError::ThousandsSeparator));
/// ```
pub fn read_value(rubric: &Rubric, position: usize, text: &str) -> Result<Option<IndicatorValue>, InputError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let raw = match rubric.indicators()[position].rule() {
        Rule::Scale(scale) => {
            let number = read_number(text)?;
            if number < scale.min() || number > scale.max() {
                return Err(InputError::ValueOutOfRange { min: scale.min(), max: scale.max() });
            }
            RawValue::Number(number)
        }
        Rule::Category(category) => {
            let labels = category.labels();
            // The exact label first, so that labels differing only in case stay reachable.
            let exact = labels.iter().find(|label| label.label == text);
            match exact.or_else(|| labels.iter().find(|label| label.label.eq_ignore_ascii_case(text))) {
                Some(label) => RawValue::Label(&label.label),
                None => return Err(InputError::UnknownLabel),
            }
        }
        Rule::Boolean => RawValue::Boolean(read_yes_no(text).ok_or(InputError::NotYesNo)?),
    };
    // The reading above already applied the rule; this cannot refuse what it accepted.
    rubric.check_value(position, raw).map(Some).map_err(|_| InputError::NotANumber)
}

/// Reads a yes/no text ([`YES`], [`NO`], without regard to case and surrounding blanks).
///
/// ```
/// assert_eq!(engine::input::read_yes_no(" Ya "), Some(true));
/// assert_eq!(engine::input::read_yes_no("TIDAK ADA"), Some(false));
/// assert_eq!(engine::input::read_yes_no("mungkin"), None);
/// ```
pub fn read_yes_no(text: &str) -> Option<bool> {
    let text = text.trim();
    if YES.iter().any(|word| word.eq_ignore_ascii_case(text)) {
        Some(true)
    } else if NO.iter().any(|word| word.eq_ignore_ascii_case(text)) {
        Some(false)
    } else {
        None
    }
}

/// Reads a number as people type it: `85`, `85,5`, `85.5`, `,5`, `05`, `−3`, `1e2`.
///
/// # Errors
/// [`InputError::ThousandsSeparator`] for `1.234,5`-like text, [`InputError::NotANumber`] for
/// anything else that is not a number, [`InputError::TooManyDecimals`] and
/// [`InputError::NumberOutOfRange`] as [`Decimal::parse`].
///
/// ```
/// use engine::input::{InputError, read_number};
/// assert_eq!(read_number("85,5").map(|n| n.to_string()), Ok("85.5".to_string()));
/// assert_eq!(read_number("1,234").map(|n| n.to_string()), Ok("1.234".to_string()));
/// assert_eq!(read_number("1,234.5"), Err(InputError::ThousandsSeparator));
/// assert_eq!(read_number("8,5,5"), Err(InputError::NotANumber));
/// ```
pub fn read_number(text: &str) -> Result<Decimal, InputError> {
    let text = text.trim();
    let (negative, unsigned) = match text.strip_prefix('-').or_else(|| text.strip_prefix('−')) {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    // The mantissa ends where an exponent starts; separators only count before it.
    let mantissa_end = unsigned.find(['e', 'E']).unwrap_or(unsigned.len());
    let (mantissa, exponent) = unsigned.split_at(mantissa_end);
    if !mantissa.bytes().any(|byte| byte.is_ascii_digit()) {
        return Err(InputError::NotANumber);
    }
    let n_separators = mantissa.matches(['.', ',']).count();
    if n_separators > 1 {
        return Err(if is_thousands_grouping(mantissa) {
            InputError::ThousandsSeparator
        } else {
            InputError::NotANumber
        });
    }
    let mantissa = mantissa.replace(',', ".");
    // JSON number syntax refuses "05" and ".5"; people type both.
    let mantissa = mantissa.trim_start_matches('0');
    let mut json_text = String::with_capacity(text.len() + 2);
    if negative {
        json_text.push('-');
    }
    if mantissa.is_empty() || mantissa.starts_with('.') {
        json_text.push('0');
    }
    json_text.push_str(mantissa);
    json_text.push_str(exponent);
    Decimal::parse(&json_text).map_err(|error| match error {
        DecimalError::Syntax => InputError::NotANumber,
        DecimalError::TooManyDecimals { decimals } => InputError::TooManyDecimals { decimals },
        DecimalError::OutOfRange => InputError::NumberOutOfRange,
    })
}

/// Whether digits with two or more separators read as thousands grouping: 1–3 digits, groups of
/// exactly three after one separator character, then optionally the other separator and decimals
/// (`1.234.567`, `1,234.5`, `12.345,67`).
fn is_thousands_grouping(mantissa: &str) -> bool {
    let Some(group_separator) = mantissa.chars().find(|c| matches!(c, '.' | ',')) else {
        return false;
    };
    let decimal_separator = if group_separator == '.' { ',' } else { '.' };
    let (grouped, decimals) = match mantissa.split_once(decimal_separator) {
        Some((grouped, decimals)) => (grouped, Some(decimals)),
        None => (mantissa, None),
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit());
    let mut groups = grouped.split(group_separator);
    let first_ok = groups.next().is_some_and(|first| all_digits(first) && first.len() <= 3);
    first_ok
        && groups.all(|group| all_digits(group) && group.len() == 3)
        && decimals.is_none_or(all_digits)
        && grouped.contains(group_separator)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_number(text: &str, expected: Result<&str, InputError>) {
        assert_eq!(read_number(text).map(|number| number.to_string()), expected.map(str::to_string), "{text:?}");
    }

    #[test]
    fn numbers_take_one_decimal_separator_of_either_kind() {
        check_number("85", Ok("85"));
        check_number(" 85,5 ", Ok("85.5"));
        check_number("85.5", Ok("85.5"));
        check_number("1,234", Ok("1.234"));
        check_number("1.234", Ok("1.234"));
        check_number(",5", Ok("0.5"));
        check_number(".5", Ok("0.5"));
        check_number("05", Ok("5"));
        check_number("007,50", Ok("7.5"));
        check_number("0", Ok("0"));
        check_number("000", Ok("0"));
        check_number("-1,5", Ok("-1.5"));
        check_number("−2", Ok("-2"));
        check_number("1e2", Ok("100"));
        check_number("1,5E2", Ok("150"));
        check_number("\u{a0}90\u{a0}", Ok("90"));
    }

    #[test]
    fn thousands_separators_are_refused_as_ambiguous() {
        for text in ["1.234,5", "1,234.5", "1.234.567", "1,234,567", "12.345,67", "-1.234,5"] {
            check_number(text, Err(InputError::ThousandsSeparator));
        }
    }

    #[test]
    fn other_text_is_not_a_number() {
        for text in ["", " ", "abc", "8,5,5", "5.", "5,", ",", "-", "1 234", "85%", "+5", "1e", "1,2.3.4", "e5", "0x10"]
        {
            check_number(text, Err(InputError::NotANumber));
        }
        check_number("0,1234567", Err(InputError::TooManyDecimals { decimals: 7 }));
        check_number("1e13", Err(InputError::NumberOutOfRange));
    }

    #[test]
    fn yes_and_no_have_one_list_each() {
        for word in YES {
            assert_eq!(read_yes_no(&word.to_uppercase()), Some(true), "{word}");
        }
        for word in NO {
            assert_eq!(read_yes_no(word), Some(false), "{word}");
        }
        assert_eq!(read_yes_no("mungkin"), None);
        assert_eq!(read_yes_no(""), None);
    }

    fn rubric() -> Rubric {
        Rubric::parse_json(
            r#"{"schema":"sibekisar.rubric/v1","id":"t","name":"T",
            "spirits":[{"code":"C","name":"Cepat","weight":100}],
            "indicators":[
              {"code":"IKM","name":"IKM","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":100}},
              {"code":"OPINI","name":"Opini","spirit":"C","weight":1,"rule":{"kind":"category","points":{"WTP":100,"wtp":90,"WDP":70}}},
              {"code":"PPID","name":"PPID","spirit":"C","weight":1,"rule":{"kind":"boolean"}}]}"#,
        )
        .expect("the test rubric is valid")
    }

    #[test]
    fn values_are_read_with_the_indicators_rule() {
        let rubric = rubric();
        let number = |text: &str| Ok(Some(IndicatorValue::Number(Decimal::parse(text).expect("test number"))));
        assert_eq!(read_value(&rubric, 0, "85,5"), number("85.5"));
        assert_eq!(read_value(&rubric, 0, "  "), Ok(None));
        assert_eq!(
            read_value(&rubric, 0, "100,5"),
            Err(InputError::ValueOutOfRange { min: Decimal::ZERO, max: Decimal::HUNDRED })
        );
        assert_eq!(read_value(&rubric, 0, "ya"), Err(InputError::NotANumber));
        assert_eq!(read_value(&rubric, 1, "WTP"), Ok(Some(IndicatorValue::Label(0))));
        assert_eq!(read_value(&rubric, 1, "wtp"), Ok(Some(IndicatorValue::Label(1))));
        assert_eq!(read_value(&rubric, 1, "wdp"), Ok(Some(IndicatorValue::Label(2))));
        assert_eq!(read_value(&rubric, 1, "TW"), Err(InputError::UnknownLabel));
        assert_eq!(read_value(&rubric, 2, "Ada"), Ok(Some(IndicatorValue::Boolean(true))));
        assert_eq!(read_value(&rubric, 2, "false"), Ok(Some(IndicatorValue::Boolean(false))));
        assert_eq!(read_value(&rubric, 2, "2"), Err(InputError::NotYesNo));
    }

    #[test]
    fn refusals_have_stable_codes_and_indonesian_messages() {
        let rubric = rubric();
        assert_eq!(InputError::ThousandsSeparator.code(), "ambiguous_number");
        assert_eq!(
            InputError::UnknownLabel.message_id(&rubric, 1, " TW "),
            "Label `TW` tidak dikenal; pilihan yang ada: WTP, wtp, WDP."
        );
        let out_of_range = InputError::ValueOutOfRange { min: Decimal::ZERO, max: Decimal::HUNDRED };
        assert_eq!(out_of_range.code(), "indicator_out_of_range");
        assert_eq!(out_of_range.message_id(&rubric, 0, "101"), "Nilai `101` di luar rentang 0 sampai 100.");
    }
}
