//! Scenario share codes: a what-if scenario written as the indicators whose value differs from
//! the unit's baseline. The browser puts them in share links and saved scenarios; the server
//! checks a saved scenario with the same decoder, so both read a code the same way.
//!
//! Grammar: `CODE:VALUE,CODE:VALUE` (e.g. `IKM:90,SAKIP:A,ZI:1,KIPP:`) where a number is written as
//! the engine writes it (`90.5`, dot decimal), a category label as its text, a yes/no as `1`/`0`,
//! and an empty value means "no value". Characters that could break the list (`,` `:` `~` `%`
//! `&` `#` `+` `=` space, anything not ASCII) are written `~XX` (hex of each UTF-8 byte): `~` is
//! never decoded by URL parsers, so the code survives chat apps and routers that percent-decode
//! the query once.

use crate::{Decimal, ErrorKind, IndicatorValue, RawValue, Rubric, Rule, UnitValues};

/// Sets (or clears) one indicator of `values` from an accepted value.
///
/// # Errors
/// The engine's reason when the value does not fit the indicator's rule.
pub fn set_value(
    rubric: &Rubric,
    values: &mut UnitValues,
    position: usize,
    value: Option<IndicatorValue>,
) -> Result<(), ErrorKind> {
    match value {
        None => {
            values.clear(position);
            Ok(())
        }
        Some(value) => {
            let label_text;
            let raw = match (value, rubric.indicators()[position].rule()) {
                (IndicatorValue::Number(number), _) => RawValue::Number(number),
                (IndicatorValue::Boolean(flag), _) => RawValue::Boolean(flag),
                (IndicatorValue::Label(index), Rule::Category(category)) => {
                    label_text = category.labels().get(index).map(|l| l.label.clone()).unwrap_or_default();
                    RawValue::Label(&label_text)
                }
                (IndicatorValue::Label(_), _) => {
                    return Err(ErrorKind::WrongValueType { expected: "a label" });
                }
            };
            values.set(rubric, position, raw)
        }
    }
}

/// The share code of a scenario: the indicators whose value differs from the baseline.
pub fn encode_scenario(rubric: &Rubric, baseline: &UnitValues, scenario: &UnitValues) -> String {
    let mut parts = Vec::new();
    for (position, indicator) in rubric.indicators().iter().enumerate() {
        let value = scenario.get(position);
        if value == baseline.get(position) {
            continue;
        }
        let token = match (value, indicator.rule()) {
            (None, _) => String::new(),
            (Some(IndicatorValue::Number(number)), _) => number.to_string(),
            (Some(IndicatorValue::Boolean(flag)), _) => if flag { "1" } else { "0" }.to_string(),
            (Some(IndicatorValue::Label(index)), Rule::Category(category)) => {
                escape(category.labels().get(index).map(|l| l.label.as_str()).unwrap_or(""))
            }
            (Some(IndicatorValue::Label(index)), _) => index.to_string(),
        };
        parts.push(format!("{}:{token}", escape(indicator.code().as_str())));
    }
    parts.join(",")
}

/// Why part of a share code was not applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareProblem {
    /// The code names an indicator this rubric does not have.
    UnknownIndicator(String),
    /// The value does not fit the indicator's rule (out of range, unknown label, bad syntax).
    BadValue(String),
    /// A part without `:`.
    Malformed(String),
}

/// Applies a share code to the baseline. Parts that cannot be applied are skipped and reported,
/// so a link made for an older rubric still opens with everything that fits.
pub fn decode_scenario(rubric: &Rubric, baseline: &UnitValues, code: &str) -> (UnitValues, Vec<ShareProblem>) {
    let mut values = baseline.clone();
    let mut problems = Vec::new();
    for part in code.split(',').filter(|part| !part.is_empty()) {
        let Some((raw_code, raw_token)) = part.split_once(':') else {
            problems.push(ShareProblem::Malformed(part.to_string()));
            continue;
        };
        let indicator_code = unescape(raw_code);
        let token = unescape(raw_token);
        let Some(position) = rubric.indicator_position(&indicator_code) else {
            problems.push(ShareProblem::UnknownIndicator(indicator_code));
            continue;
        };
        let value = if token.is_empty() {
            Ok(None)
        } else {
            let raw = match rubric.indicators()[position].rule() {
                Rule::Scale(_) => Decimal::parse(&token).map(RawValue::Number).ok(),
                Rule::Boolean => match token.as_str() {
                    "1" => Some(RawValue::Boolean(true)),
                    "0" => Some(RawValue::Boolean(false)),
                    _ => None,
                },
                Rule::Category(_) => Some(RawValue::Label(&token)),
            };
            match raw {
                Some(raw) => rubric.check_value(position, raw).map(Some).map_err(|_| Refused),
                None => Err(Refused),
            }
        };
        match value {
            Ok(value) if set_value(rubric, &mut values, position, value).is_ok() => {}
            _ => problems.push(ShareProblem::BadValue(indicator_code)),
        }
    }
    (values, problems)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        let plain = byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-');
        if plain {
            out.push(byte as char);
        } else {
            out.push_str(&format!("~{byte:02X}"));
        }
    }
    out
}

fn unescape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'~'
            && index + 2 < bytes.len()
            && let Ok(byte) = u8::from_str_radix(text.get(index + 1..index + 3).unwrap_or("zz"), 16)
        {
            out.push(byte);
            index += 3;
            continue;
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A value the indicator's rule refuses (inside [`decode_scenario`] only).
struct Refused;
