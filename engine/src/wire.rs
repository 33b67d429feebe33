//! JSON wire types shared by the server and the app, and the request functions behind the API.
//!
//! Domain types stay free of serde; this module converts by hand. Requests are read with the
//! engine's exact JSON reader ([`crate::json`]) so that numbers keep their decimal text and every
//! problem is reported at once with its path (`values.IPASN`, `units[3].values.X`,
//! `rubric.indicators[2].weight`). Responses are serde types whose numbers are [`WireNumber`]s:
//! decimal text written verbatim as a JSON number, so a total serializes as `81.00`, never `81.0`.
//!
//! The serde types that contain [`WireNumber`] must be read from JSON *text*
//! (`serde_json::from_str`/`from_slice`, as axum's `Json` and gloo-net's `json()` do): a number's
//! text is captured with `serde_json::value::RawValue`, which a `serde_json::Value` cannot provide.

use std::collections::BTreeMap;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::decimal::Decimal;
use crate::error::{ErrorKind, FieldError as EngineFieldError};
use crate::json::{self, Json};
use crate::rank::rank_by_total;
use crate::rubric::{Members, Rubric, index, join, number_from_text, read_text, wrong_type};
use crate::score::{Cents, UnitResult, score_unit};
use crate::values::{IndicatorValue, RawValue as EngineRawValue, UnitValues};

/// A JSON number kept as its decimal text (`81.00`), written verbatim.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WireNumber(String);

impl WireNumber {
    /// The number's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The exact decimal, if it has at most six decimals.
    pub fn to_decimal(&self) -> Option<Decimal> {
        Decimal::parse(&self.0).ok()
    }
    /// A number read by [`crate::json::parse`], as written; `None` for any other value. (The app
    /// reads answers this way, without serde.)
    ///
    /// ```
    /// let number = engine::json::parse("81.00").unwrap();
    /// assert_eq!(engine::wire::WireNumber::from_json(&number).map(|n| n.as_str().to_owned()), Some("81.00".into()));
    /// assert_eq!(engine::wire::WireNumber::from_json(&engine::json::Json::Null), None);
    /// ```
    pub fn from_json(value: &Json) -> Option<WireNumber> {
        match value {
            Json::Number(text) => Some(WireNumber(text.clone())),
            _ => None,
        }
    }
}

impl From<Decimal> for WireNumber {
    fn from(value: Decimal) -> WireNumber {
        WireNumber(value.to_string())
    }
}

impl From<Cents> for WireNumber {
    fn from(value: Cents) -> WireNumber {
        WireNumber(value.to_string())
    }
}

impl Serialize for WireNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw = RawValue::from_string(self.0.clone()).map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for WireNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<WireNumber, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        json::parse(raw.get())
            .ok()
            .as_ref()
            .and_then(WireNumber::from_json)
            .ok_or_else(|| D::Error::custom("expected a number"))
    }
}

/// A raw indicator value on the wire: a number, a label or a boolean.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WireValue {
    /// For scale rules.
    Number(WireNumber),
    /// For category rules.
    Label(String),
    /// For boolean rules.
    Boolean(bool),
}

impl WireValue {
    /// A value read by [`crate::json::parse`]; `None` for `null`, arrays and objects.
    ///
    /// ```
    /// use engine::wire::WireValue;
    /// let label = engine::json::parse(r#""WTP""#).unwrap();
    /// assert_eq!(WireValue::from_json(&label), Some(WireValue::Label("WTP".into())));
    /// assert_eq!(WireValue::from_json(&engine::json::parse("[]").unwrap()), None);
    /// ```
    pub fn from_json(value: &Json) -> Option<WireValue> {
        match value {
            Json::Number(text) => Some(WireValue::Number(WireNumber(text.clone()))),
            Json::String(text) => Some(WireValue::Label(text.clone())),
            Json::Bool(flag) => Some(WireValue::Boolean(*flag)),
            _ => None,
        }
    }
}

impl Serialize for WireValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            WireValue::Number(number) => number.serialize(serializer),
            WireValue::Label(label) => serializer.serialize_str(label),
            WireValue::Boolean(flag) => serializer.serialize_bool(*flag),
        }
    }
}

impl<'de> Deserialize<'de> for WireValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<WireValue, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        json::parse(raw.get())
            .ok()
            .as_ref()
            .and_then(WireValue::from_json)
            .ok_or_else(|| D::Error::custom("expected a number, a string or a boolean"))
    }
}

/// One problem in a request: `{"code":"indicator_out_of_range","message":"…","field":"values.IPASN"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// Stable machine code.
    pub code: String,
    /// Message in Bahasa Indonesia.
    pub message: String,
    /// The same message in English.
    pub message_en: String,
    /// JSON path of the field; empty for the whole document.
    pub field: String,
}

impl From<&EngineFieldError> for FieldError {
    fn from(error: &EngineFieldError) -> FieldError {
        FieldError {
            code: error.kind.code().to_string(),
            message: error.kind.message_id(),
            message_en: error.kind.to_string(),
            field: error.field.clone(),
        }
    }
}

/// Request to score one unit: `{"rubric": {…}, "values": {"CODE": 87.5, "OPINI_BPK": "WTP", "X": true}}`.
///
/// A `null` value means missing. Build it in the app and send it; the server reads the text with
/// [`score_request`].
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ScoreRequest {
    /// The rubric document (`sibekisar.rubric/v1`), verbatim.
    pub rubric: Box<RawValue>,
    /// Raw values by indicator code.
    pub values: BTreeMap<String, Option<WireValue>>,
}

/// Total range while values are missing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireRange {
    /// Every missing value at 0.
    pub min: WireNumber,
    /// Every missing value at 100.
    pub max: WireNumber,
}

/// One spirit of a score response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireSpirit {
    /// Spirit code.
    pub code: String,
    /// Spirit score 0–100, rounded half-up to 4 decimals for display.
    pub score: WireNumber,
    /// Spirit weight (points of the total).
    pub weight: WireNumber,
    /// Contribution rounded half-up to 2 decimals.
    pub contribution: WireNumber,
}

/// One indicator of a score response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireIndicator {
    /// Indicator code.
    pub code: String,
    /// Raw value as entered; `null` when missing.
    pub value: Option<WireValue>,
    /// Score 0–100, rounded half-up to 4 decimals for display (the total uses the exact score).
    pub score: WireNumber,
    /// Points of the total this indicator brings, rounded half-up to 4 decimals for display.
    pub points: WireNumber,
    /// Whether the value is missing (scored 0).
    pub missing: bool,
}

/// Response to a score request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreResponse {
    /// Total, exactly two decimals (`81.00`).
    pub total: WireNumber,
    /// Grade letter.
    pub grade: String,
    /// Grade category (`Sangat Cettar`).
    pub category: String,
    /// Whether every indicator has a value.
    pub complete: bool,
    /// Codes of missing indicators.
    pub missing: Vec<String>,
    /// Provisional range.
    pub range: WireRange,
    /// Spirits in rubric order.
    pub spirits: Vec<WireSpirit>,
    /// Indicators in rubric order.
    pub indicators: Vec<WireIndicator>,
}

/// One unit of a batch request.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BatchUnit {
    /// Unit name.
    pub unit: String,
    /// Raw values by indicator code.
    pub values: BTreeMap<String, Option<WireValue>>,
}

/// Request to score and rank a population: `{"rubric": {…}, "units": [{"unit": "…", "values": {…}}]}`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BatchRequest {
    /// The rubric document, verbatim.
    pub rubric: Box<RawValue>,
    /// The units.
    pub units: Vec<BatchUnit>,
}

/// One ranked unit of a batch response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchResult {
    /// Unit name.
    pub unit: String,
    /// Standard competition rank.
    pub rank: usize,
    /// The unit's full result.
    pub result: ScoreResponse,
}

/// Response to a batch request: units by rank, ties by name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchResponse {
    /// Ranked units.
    pub units: Vec<BatchResult>,
}

/// Scores one unit from request text.
///
/// # Errors
/// Every problem in the request, each with its path: `rubric.indicators[2].weight`,
/// `values.IPASN` (unknown code, wrong type, out of range, unknown label).
///
/// ```
/// let request = r#"{"rubric":{"schema":"sibekisar.rubric/v1","id":"d","name":"D",
///   "spirits":[{"code":"C","name":"Cepat","weight":100}],
///   "indicators":[{"code":"IKM","name":"IKM","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":100}}]},
///   "values":{"IKM":81}}"#;
/// let response = engine::wire::score_request(request).unwrap();
/// assert!(engine::wire::to_json(&response).starts_with(r#"{"total":81.00,"grade":"A""#));
///
/// let errors = engine::wire::score_request(&request.replace("81}", "181}")).unwrap_err();
/// assert_eq!((errors[0].code.as_str(), errors[0].field.as_str()), ("indicator_out_of_range", "values.IKM"));
/// ```
pub fn score_request(text: &str) -> Result<ScoreResponse, Vec<FieldError>> {
    let document = parse_document(text)?;
    let mut errors = Vec::new();
    let members = Members::read(&document, "", &["rubric", "values"], &mut errors);
    let rubric =
        members.as_ref().and_then(|m| m.required("rubric", &mut errors)).and_then(|r| read_rubric(r, &mut errors));
    let values_json = members.as_ref().and_then(|m| m.required("values", &mut errors));
    let values = match (&rubric, values_json) {
        (Some(rubric), Some(values)) => read_values(rubric, values, "values", &mut errors),
        _ => None,
    };
    match (rubric, values) {
        (Some(rubric), Some(values)) if errors.is_empty() => Ok(to_response(&rubric, &score_unit(&rubric, &values))),
        _ => Err(to_wire_errors(&errors)),
    }
}

/// Scores and ranks a population from request text.
///
/// # Errors
/// Every problem, each with its path: `units[3].values.X`, `units[0].unit`, `rubric.…`.
///
/// ```
/// let request = r#"{"rubric":{"schema":"sibekisar.rubric/v1","id":"d","name":"D",
///   "spirits":[{"code":"C","name":"Cepat","weight":100}],
///   "indicators":[{"code":"IKM","name":"IKM","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":100}}]},
///   "units":[{"unit":"Kab. A","values":{"IKM":70}},{"unit":"Kab. B","values":{"IKM":90}}]}"#;
/// let response = engine::wire::score_batch_request(request).unwrap();
/// assert_eq!((response.units[0].unit.as_str(), response.units[0].rank), ("Kab. B", 1));
/// ```
pub fn score_batch_request(text: &str) -> Result<BatchResponse, Vec<FieldError>> {
    let document = parse_document(text)?;
    let mut errors = Vec::new();
    let members = Members::read(&document, "", &["rubric", "units"], &mut errors);
    let rubric =
        members.as_ref().and_then(|m| m.required("rubric", &mut errors)).and_then(|r| read_rubric(r, &mut errors));
    let units_json = members.as_ref().and_then(|m| m.required("units", &mut errors));
    let mut units: Vec<(String, UnitValues)> = Vec::new();
    if let (Some(rubric), Some(units_json)) = (&rubric, units_json) {
        match units_json {
            Json::Array(items) => {
                for (position, item) in items.iter().enumerate() {
                    let path = index("units", position);
                    let Some(unit_members) = Members::read(item, &path, &["unit", "values"], &mut errors) else {
                        continue;
                    };
                    let name = unit_members
                        .required("unit", &mut errors)
                        .and_then(|v| read_text(v, &join(&path, "unit"), &mut errors));
                    let values = unit_members
                        .required("values", &mut errors)
                        .and_then(|v| read_values(rubric, v, &join(&path, "values"), &mut errors));
                    if let (Some(name), Some(values)) = (name, values) {
                        units.push((name, values));
                    }
                }
            }
            other => errors.push(EngineFieldError::new("units", wrong_type("array", other))),
        }
    }
    let Some(rubric) = rubric else { return Err(to_wire_errors(&errors)) };
    if !errors.is_empty() {
        return Err(to_wire_errors(&errors));
    }
    let totals: Vec<(&str, Cents)> =
        units.iter().map(|(name, values)| (name.as_str(), crate::score::score_total(&rubric, values))).collect();
    let ranked = rank_by_total(&totals);
    Ok(BatchResponse {
        units: ranked
            .iter()
            .map(|ranked_unit| {
                let (name, values) = &units[ranked_unit.input_index];
                BatchResult {
                    unit: name.clone(),
                    rank: ranked_unit.rank,
                    result: to_response(&rubric, &score_unit(&rubric, values)),
                }
            })
            .collect(),
    })
}

/// Like [`score_request`], for a request built in memory.
///
/// # Errors
/// As [`score_request`].
pub fn score(request: &ScoreRequest) -> Result<ScoreResponse, Vec<FieldError>> {
    score_request(&serde_json::to_string(request).map_err(|e| vec![serialization_error(&e)])?)
}

/// Parses a rubric document for the server and the app (errors with paths, no `rubric.` prefix).
///
/// # Errors
/// Every problem in the rubric.
pub fn parse_rubric(text: &str) -> Result<Rubric, Vec<FieldError>> {
    Rubric::parse_json(text).map_err(|errors| to_wire_errors(errors.problems()))
}

/// Serializes a response compactly; browser and server produce the same bytes.
pub fn to_json<T: Serialize>(response: &T) -> String {
    // Serializing these plain structs cannot fail: every map key is a string and every
    // WireNumber holds number text produced by the engine itself.
    serde_json::to_string(response).unwrap_or_else(|error| format!("{{\"error\":{:?}}}", error.to_string()))
}

/// Converts a domain result into its wire form.
pub fn to_response(rubric: &Rubric, result: &UnitResult) -> ScoreResponse {
    ScoreResponse {
        total: result.total.into(),
        grade: result.grade.letter().to_string(),
        category: rubric.grade_label(result.grade).to_string(),
        complete: result.is_complete(),
        missing: result.missing.iter().map(|&p| rubric.indicators()[p].code().as_str().to_string()).collect(),
        range: WireRange { min: result.range.min.into(), max: result.range.max.into() },
        spirits: result
            .spirits
            .iter()
            .map(|spirit| {
                let definition = &rubric.spirits()[spirit.position];
                WireSpirit {
                    code: definition.code().as_str().to_string(),
                    score: WireNumber(spirit.score.to_fixed(4)),
                    weight: definition.weight().value().into(),
                    contribution: spirit.contribution.into(),
                }
            })
            .collect(),
        indicators: result
            .indicators
            .iter()
            .map(|indicator| WireIndicator {
                code: rubric.indicators()[indicator.position].code().as_str().to_string(),
                value: indicator.value.map(|value| wire_value(rubric, indicator.position, value)),
                score: WireNumber(indicator.score.to_fixed(4)),
                points: WireNumber(indicator.points.to_fixed(4)),
                missing: indicator.value.is_none(),
            })
            .collect(),
    }
}

/// The wire form of an accepted value.
pub fn wire_value(rubric: &Rubric, position: usize, value: IndicatorValue) -> WireValue {
    match value {
        IndicatorValue::Number(number) => WireValue::Number(number.into()),
        IndicatorValue::Boolean(flag) => WireValue::Boolean(flag),
        IndicatorValue::Label(_) => WireValue::Label(rubric.value_text(position, value)),
    }
}

// ---------------------------------------------------------------------------------------------

pub(crate) fn to_wire_errors(errors: &[EngineFieldError]) -> Vec<FieldError> {
    errors.iter().map(FieldError::from).collect()
}

fn serialization_error(error: &serde_json::Error) -> FieldError {
    FieldError::from(&EngineFieldError::new(
        "",
        ErrorKind::InvalidJson { line: error.line(), column: error.column(), expected: "a serializable request" },
    ))
}

pub(crate) fn parse_document(text: &str) -> Result<Json, Vec<FieldError>> {
    json::parse(text).map_err(|error| {
        to_wire_errors(&[EngineFieldError::new(
            "",
            ErrorKind::InvalidJson { line: error.line, column: error.column, expected: error.detail },
        )])
    })
}

pub(crate) fn read_rubric(value: &Json, errors: &mut Vec<EngineFieldError>) -> Option<Rubric> {
    match Rubric::from_json(value) {
        Ok(rubric) => Some(rubric),
        Err(rubric_errors) => {
            errors.extend(rubric_errors.into_vec().into_iter().map(|e| e.prefixed("rubric")));
            None
        }
    }
}

/// Reads a `{"CODE": value}` object into checked values; `null` means missing.
pub(crate) fn read_values(
    rubric: &Rubric,
    value: &Json,
    path: &str,
    errors: &mut Vec<EngineFieldError>,
) -> Option<UnitValues> {
    let Json::Object(members) = value else {
        errors.push(EngineFieldError::new(path, wrong_type("object", value)));
        return None;
    };
    let errors_before = errors.len();
    let mut values = UnitValues::empty(rubric);
    for (member_index, (code, raw)) in members.iter().enumerate() {
        let field = join(path, code);
        let Some(position) = rubric.indicator_position(code) else {
            errors.push(EngineFieldError::new(field, ErrorKind::UnknownIndicator { code: code.clone() }));
            continue;
        };
        if members[..member_index].iter().any(|(other, _)| other == code) {
            errors.push(EngineFieldError::new(field, ErrorKind::DuplicateField));
            continue;
        }
        let raw_value = match raw {
            Json::Null => continue,
            Json::Number(text) => match number_from_text(text) {
                Ok(number) => EngineRawValue::Number(number),
                Err(kind) => {
                    errors.push(EngineFieldError::new(field, kind));
                    continue;
                }
            },
            Json::String(label) => EngineRawValue::Label(label),
            Json::Bool(flag) => EngineRawValue::Boolean(*flag),
            other => {
                errors.push(EngineFieldError::new(field, wrong_type("number, string or boolean", other)));
                continue;
            }
        };
        if let Err(kind) = values.set(rubric, position, raw_value) {
            errors.push(EngineFieldError::new(field, kind));
        }
    }
    if errors.len() == errors_before { Some(values) } else { None }
}
