//! One grid cell: reading what the assessor typed with the indicator's rule (the same `engine`
//! check the server applies), the converted 0–100 score shown beside it, and the reverse —
//! showing a stored raw value as text to edit.

use engine::input::InputError;
use engine::{Decimal, IndicatorValue, Rubric, Rule, UnitValues};

use crate::i18n::{Lang, format_fixed};
use crate::simulation::{exact_scaled, format_decimal, set_value};

/// What a cell's text means for its indicator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CellCheck {
    /// Nothing typed: no value.
    Empty,
    /// Accepted: the raw value as the API takes it (JSON text: `85.5`, `"WTP"`, `true`) and the
    /// converted score in hundredths (`8550` is 85,50).
    Valid { raw_json: String, score_hundredths: i64 },
    /// Refused, with the reason in the interface language.
    Invalid(String),
}

impl CellCheck {
    pub fn is_invalid(&self) -> bool {
        matches!(self, CellCheck::Invalid(_))
    }
}

/// Checks the text typed in the cell of indicator `position` with the engine's one reading of
/// typed text (`engine::input`, the spellings listed in `docs/rubric-format.md`; the server's
/// CSV/XLSX import reads cells with the same function): numbers with either decimal separator
/// (`85,5`, `85.5`), category labels without regard to case (`wtp` is `WTP`), yes/no as
/// `ya`/`tidak`, `yes`/`no`, `1`/`0` and the other listed words.
pub fn check_cell(rubric: &Rubric, position: usize, text: &str, lang: Lang) -> CellCheck {
    let value = match engine::input::read_value(rubric, position, text) {
        Ok(Some(value)) => value,
        Ok(None) => return CellCheck::Empty,
        Err(error) => return CellCheck::Invalid(refusal(rubric, position, text.trim(), error, lang)),
    };
    let mut values = UnitValues::empty(rubric);
    if set_value(rubric, &mut values, position, Some(value)).is_err() {
        // `read_value` returns only values the rule accepts; this is only reached if they drift apart.
        return CellCheck::Invalid(not_a_number(text.trim(), lang));
    }
    let result = engine::score_unit(rubric, &values);
    let score_hundredths = exact_scaled(result.indicators[position].score, 2);
    CellCheck::Valid { raw_json: rubric.value_json(position, value), score_hundredths }
}

/// Why the text is refused, in the interface language.
fn refusal(rubric: &Rubric, position: usize, text: &str, error: InputError, lang: Lang) -> String {
    match error {
        InputError::ValueOutOfRange { min, max } => out_of_range(min, max, lang),
        InputError::UnknownLabel => {
            let choices = match rubric.indicators()[position].rule() {
                Rule::Category(category) => {
                    category.labels().iter().map(|label| label.label.as_str()).collect::<Vec<_>>().join(", ")
                }
                _ => String::new(),
            };
            unknown_label(text, &choices, lang)
        }
        InputError::NotYesNo => not_yes_no(text, lang),
        InputError::ThousandsSeparator => thousands_separator(text, lang),
        InputError::NotANumber | InputError::TooManyDecimals { .. } | InputError::NumberOutOfRange => {
            not_a_number(text, lang)
        }
    }
}

/// The text to show in a cell for a stored raw value (JSON text, `null` for none): `85,5` in
/// Indonesian, a label as itself, yes/no as words.
pub fn stored_text(rubric: &Rubric, position: usize, raw_json: &str, lang: Lang) -> String {
    match crate::simulation::value_from_json(rubric, position, raw_json) {
        Ok(Some(IndicatorValue::Number(number))) => format_decimal(number, lang),
        Ok(Some(value @ IndicatorValue::Label(_))) => rubric.value_text(position, value),
        Ok(Some(IndicatorValue::Boolean(flag))) => yes_no_word(flag, lang).to_string(),
        Ok(None) => String::new(),
        // A stored value the rubric refuses is shown as it is, so it can be seen and corrected.
        Err(_) => raw_json.trim_matches('"').to_string(),
    }
}

/// A converted score for the cell: `85,50`.
pub fn format_score(score_hundredths: i64, lang: Lang) -> String {
    format_fixed(score_hundredths, 2, lang)
}

/// A short hint of what the indicator accepts: `0–100`, `WTP, WDP, TW`, `ya/tidak`.
pub fn rule_hint(rubric: &Rubric, position: usize, lang: Lang) -> String {
    match rubric.indicators()[position].rule() {
        Rule::Scale(scale) => format!("{}–{}", format_decimal(scale.min(), lang), format_decimal(scale.max(), lang)),
        Rule::Category(category) => {
            category.labels().iter().map(|label| label.label.as_str()).collect::<Vec<_>>().join(", ")
        }
        Rule::Boolean => match lang {
            Lang::Id => "ya/tidak".to_string(),
            Lang::En => "yes/no".to_string(),
        },
    }
}

fn yes_no_word(flag: bool, lang: Lang) -> &'static str {
    match (flag, lang) {
        (true, Lang::Id) => "Ya",
        (false, Lang::Id) => "Tidak",
        (true, Lang::En) => "Yes",
        (false, Lang::En) => "No",
    }
}

fn out_of_range(min: Decimal, max: Decimal, lang: Lang) -> String {
    let (min, max) = (format_decimal(min, lang), format_decimal(max, lang));
    match lang {
        Lang::Id => format!("Di luar rentang: nilai harus antara {min} dan {max}."),
        Lang::En => format!("Out of range: the value must be between {min} and {max}."),
    }
}

fn not_a_number(text: &str, lang: Lang) -> String {
    match lang {
        Lang::Id => format!("«{text}» bukan angka. Contoh: 85,5"),
        Lang::En => format!("«{text}» is not a number. Example: 85.5"),
    }
}

fn thousands_separator(text: &str, lang: Lang) -> String {
    match lang {
        Lang::Id => format!("«{text}» memakai pemisah ribuan. Tulis tanpa pemisah ribuan, contoh: 1234,5"),
        Lang::En => format!("«{text}» has thousands separators. Write it without them, e.g. 1234.5"),
    }
}

fn unknown_label(text: &str, choices: &str, lang: Lang) -> String {
    match lang {
        Lang::Id => format!("Kategori «{text}» tidak dikenal. Pilihan: {choices}."),
        Lang::En => format!("Unknown category «{text}». Choices: {choices}."),
    }
}

fn not_yes_no(text: &str, lang: Lang) -> String {
    match lang {
        Lang::Id => format!("«{text}» bukan ya/tidak."),
        Lang::En => format!("«{text}» is not yes/no."),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A rubric with one rule of each kind: `IKM` scale 0–100, `OPINI` category, `PPID` yes/no,
    /// `SMERIT` scale 0–400 with target 400.
    pub(crate) fn rubric() -> Rubric {
        Rubric::parse_json(
            r#"{"schema":"sibekisar.rubric/v1","id":"t","name":"T",
            "spirits":[{"code":"C","name":"Cepat","weight":50},{"code":"A","name":"Akuntabel","weight":50}],
            "indicators":[
              {"code":"IKM","name":"IKM","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":100}},
              {"code":"SMERIT","name":"Sistem Merit","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":400}},
              {"code":"OPINI","name":"Opini BPK","spirit":"A","weight":1,"rule":{"kind":"category","points":{"WTP":100,"WDP":75,"TW":0}}},
              {"code":"PPID","name":"PPID","spirit":"A","weight":1,"rule":{"kind":"boolean"}}]}"#,
        )
        .expect("the test rubric is valid")
    }

    fn check(position: usize, text: &str, expected: CellCheck) {
        assert_eq!(check_cell(&rubric(), position, text, Lang::Id), expected, "{text:?}");
    }

    fn valid(raw_json: &str, score_hundredths: i64) -> CellCheck {
        CellCheck::Valid { raw_json: raw_json.to_string(), score_hundredths }
    }

    #[test]
    fn numbers_accept_comma_decimals_and_convert_with_the_rule() {
        check(0, "85,5", valid("85.5", 8550));
        check(0, " 85.5 ", valid("85.5", 8550));
        check(0, "100", valid("100", 10000));
        check(0, "0", valid("0", 0));
        check(1, "300", valid("300", 7500));
        check(0, "", CellCheck::Empty);
        check(0, "   ", CellCheck::Empty);
    }

    #[test]
    fn out_of_range_and_garbage_are_refused_with_the_reason_in_indonesian() {
        check(0, "100,5", CellCheck::Invalid("Di luar rentang: nilai harus antara 0 dan 100.".into()));
        check(0, "-1", CellCheck::Invalid("Di luar rentang: nilai harus antara 0 dan 100.".into()));
        check(0, "abc", CellCheck::Invalid("«abc» bukan angka. Contoh: 85,5".into()));
        check(0, "8,5,5", CellCheck::Invalid("«8,5,5» bukan angka. Contoh: 85,5".into()));
        check(
            1,
            "1.234,5",
            CellCheck::Invalid("«1.234,5» memakai pemisah ribuan. Tulis tanpa pemisah ribuan, contoh: 1234,5".into()),
        );
    }

    #[test]
    fn categories_match_without_case_and_unknown_ones_list_the_choices() {
        check(2, "wtp", valid("\"WTP\"", 10000));
        check(2, "WDP", valid("\"WDP\"", 7500));
        check(2, "BAIK", CellCheck::Invalid("Kategori «BAIK» tidak dikenal. Pilihan: WTP, WDP, TW.".into()));
    }

    #[test]
    fn yes_no_accepts_indonesian_and_english_words() {
        check(3, "Ya", valid("true", 10000));
        check(3, "tidak", valid("false", 0));
        check(3, "1", valid("true", 10000));
        check(3, "ADA", valid("true", 10000));
        check(3, "tidak ada", valid("false", 0));
        check(3, "mungkin", CellCheck::Invalid("«mungkin» bukan ya/tidak.".into()));
    }

    #[test]
    fn stored_values_show_as_the_assessor_would_type_them() {
        let rubric = rubric();
        assert_eq!(stored_text(&rubric, 0, "85.5", Lang::Id), "85,5");
        assert_eq!(stored_text(&rubric, 0, "85.5", Lang::En), "85.5");
        assert_eq!(stored_text(&rubric, 0, "null", Lang::Id), "");
        assert_eq!(stored_text(&rubric, 2, "\"WTP\"", Lang::Id), "WTP");
        assert_eq!(stored_text(&rubric, 3, "true", Lang::Id), "Ya");
        // What is shown reads back to the same value.
        for (position, raw) in [(0, "85.5"), (0, "1.125"), (2, "\"WDP\""), (3, "false")] {
            let text = stored_text(&rubric, position, raw, Lang::Id);
            assert!(
                matches!(check_cell(&rubric, position, &text, Lang::Id), CellCheck::Valid { raw_json, .. } if raw_json == raw)
            );
        }
    }

    #[test]
    fn rule_hints_name_the_accepted_values() {
        let rubric = rubric();
        assert_eq!(rule_hint(&rubric, 0, Lang::Id), "0–100");
        assert_eq!(rule_hint(&rubric, 2, Lang::Id), "WTP, WDP, TW");
        assert_eq!(rule_hint(&rubric, 3, Lang::Id), "ya/tidak");
        assert_eq!(format_score(8550, Lang::Id), "85,50");
    }
}
