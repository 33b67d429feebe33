//! The rubric: spirits, indicators, weights and the rules that turn raw values into scores.
//!
//! A [`Rubric`] can only be obtained from [`Rubric::parse_json`] (or [`Rubric::from_json`]), which
//! reports every problem at once; once it exists it is valid (parse, don't validate). Parsing also
//! prepares the integer arithmetic of exact scoring (see the crate documentation): each indicator
//! score is a rational `p / q` whose denominator `q` depends only on the rule, and each spirit
//! keeps a common denominator so that scoring is an integer multiply-add per indicator.

use std::collections::BTreeMap;

use crate::decimal::{Decimal, MICROS_PER_UNIT, checked_lcm, gcd};
use crate::error::{ErrorKind, Errors, FieldError};
use crate::json::{self, Json};
use crate::score::Grade;

/// The only schema this engine reads.
pub const RUBRIC_SCHEMA: &str = "sibekisar.rubric/v1";
/// Most spirits a rubric may have.
pub const MAX_SPIRITS: usize = 16;
/// Most indicators a rubric may have.
pub const MAX_INDICATORS: usize = 256;

/// A spirit code such as `C` or `TR`: 1–64 ASCII letters, digits, `_`, `-` or `.`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SpiritCode(String);

/// An indicator code such as `OPINI_BPK`: 1–64 ASCII letters, digits, `_`, `-` or `.`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IndicatorCode(String);

fn check_code(code: &str) -> Result<(), ErrorKind> {
    let valid = !code.is_empty()
        && code.len() <= 64
        && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.');
    if valid { Ok(()) } else { Err(ErrorKind::InvalidCode { code: code.to_string() }) }
}

impl SpiritCode {
    /// Parses a spirit code.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidCode`] unless the code is 1–64 letters, digits, `_`, `-` or `.`.
    ///
    /// ```
    /// assert!(engine::SpiritCode::parse("TR").is_ok());
    /// assert!(engine::SpiritCode::parse("T R").is_err());
    /// ```
    pub fn parse(code: &str) -> Result<SpiritCode, ErrorKind> {
        check_code(code).map(|()| SpiritCode(code.to_string()))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl IndicatorCode {
    /// Parses an indicator code.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidCode`] unless the code is 1–64 letters, digits, `_`, `-` or `.`.
    ///
    /// ```
    /// assert!(engine::IndicatorCode::parse("OPINI_BPK").is_ok());
    /// assert!(engine::IndicatorCode::parse("").is_err());
    /// ```
    pub fn parse(code: &str) -> Result<IndicatorCode, ErrorKind> {
        check_code(code).map(|()| IndicatorCode(code.to_string()))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A non-negative weight (percent of the total for spirits, relative within the spirit for indicators).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Weight(Decimal);

impl Weight {
    /// Parses a weight; zero is allowed here (a spirit may weigh nothing), indicators require more.
    ///
    /// # Errors
    /// [`ErrorKind::NonPositiveWeight`] for a negative weight.
    ///
    /// ```
    /// use engine::{Decimal, Weight};
    /// assert!(Weight::new(Decimal::parse("20").unwrap()).is_ok());
    /// assert!(Weight::new(Decimal::parse("-1").unwrap()).is_err());
    /// ```
    pub fn new(value: Decimal) -> Result<Weight, ErrorKind> {
        if value < Decimal::ZERO { Err(ErrorKind::NonPositiveWeight { weight: value }) } else { Ok(Weight(value)) }
    }

    /// The weight as a decimal.
    pub fn value(self) -> Decimal {
        self.0
    }
}

/// How the total is rounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Rounding {
    /// Round each spirit's contribution half-up to two decimals, then add (the product rule).
    #[default]
    PerSpirit,
    /// Add the exact contributions and round the total once, half-up to two decimals.
    Total,
}

/// Which way a scale rule rewards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Higher raw values score more (budget absorption).
    Higher,
    /// Lower raw values score more (days to respond).
    Lower,
}

/// A linear scale: `min` scores 0 and `target` 100 (direction higher), or `max` scores 0 and
/// `target` 100 (direction lower); full marks at and beyond the target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScaleRule {
    min: Decimal,
    max: Decimal,
    target: Decimal,
    direction: Direction,
    /// Score numerator per raw millionth: `100 / gcd(span, 100)`.
    step: i128,
}

impl ScaleRule {
    /// Lowest accepted raw value.
    pub fn min(&self) -> Decimal {
        self.min
    }
    /// Highest accepted raw value.
    pub fn max(&self) -> Decimal {
        self.max
    }
    /// Raw value that earns full marks.
    pub fn target(&self) -> Decimal {
        self.target
    }
    /// Which way the scale rewards.
    pub fn direction(&self) -> Direction {
        self.direction
    }
    /// The raw value that scores 0.
    pub fn zero_point(&self) -> Decimal {
        match self.direction {
            Direction::Higher => self.min,
            Direction::Lower => self.max,
        }
    }
    /// Distance in millionths between the zero point and the target (always positive).
    pub fn span_micros(&self) -> i64 {
        (self.target.micros() - self.zero_point().micros()).abs()
    }
}

/// One label of a category rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryLabel {
    /// The label as entered (`WTP`).
    pub label: String,
    /// Its score, 0–100.
    pub points: Decimal,
}

/// A category rule: each label earns fixed points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryRule {
    labels: Vec<CategoryLabel>,
    /// Every label's points in millionths is divisible by this (divides 10^6).
    divisor: i128,
}

impl CategoryRule {
    /// The labels in rubric order.
    pub fn labels(&self) -> &[CategoryLabel] {
        &self.labels
    }
    /// Position of a label.
    pub fn label_index(&self, label: &str) -> Option<usize> {
        self.labels.iter().position(|l| l.label == label)
    }
}

/// How an indicator's raw value becomes a 0–100 score.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Linear scale.
    Scale(ScaleRule),
    /// Fixed points per label.
    Category(CategoryRule),
    /// `true` scores 100, `false` 0.
    Boolean,
}

/// One of the six CETTAR spirits (or whatever the rubric defines).
#[derive(Clone, Debug)]
pub struct Spirit {
    code: SpiritCode,
    name: String,
    weight: Weight,
    description: Option<String>,
    indicator_positions: Vec<usize>,
    pub(crate) plan: SpiritPlan,
}

/// Integer arithmetic prepared for one spirit at parse time.
///
/// With `N = Σ kᵢ·pᵢ`, the spirit contribution in hundredths of a point is exactly `M·N / E`, the
/// spirit score is `N / (D·Σw)` and, in "total" rounding, the total in hundredths is
/// `Σ_s T_s·N_s / L`.
#[derive(Clone, Debug, Default)]
pub(crate) struct SpiritPlan {
    /// `D·Σw`: denominator of the spirit score.
    pub score_denominator: i128,
    /// `M`.
    pub multiplier: i128,
    /// `E`.
    pub divisor: i128,
    /// `T_s = M·L/E` (rounding "total").
    pub total_multiplier: i128,
    /// `N` when every indicator has full marks.
    pub full_numerator: i128,
}

impl Spirit {
    /// Spirit code.
    pub fn code(&self) -> &SpiritCode {
        &self.code
    }
    /// Spirit name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Weight in points of the total.
    pub fn weight(&self) -> Weight {
        self.weight
    }
    /// Free description, if given.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }
    /// Positions (in [`Rubric::indicators`]) of this spirit's indicators.
    pub fn indicator_positions(&self) -> &[usize] {
        &self.indicator_positions
    }
}

/// One indicator.
#[derive(Clone, Debug)]
pub struct Indicator {
    code: IndicatorCode,
    name: String,
    spirit: usize,
    weight: Weight,
    owner: Option<String>,
    source_note: Option<String>,
    description: Option<String>,
    rule: Rule,
    /// `qᵢ`: every score of this indicator is `pᵢ / qᵢ` for an integer `pᵢ`.
    pub(crate) score_denominator: i128,
    /// `kᵢ = w'ᵢ·D/qᵢ`.
    pub(crate) factor: i128,
}

impl Indicator {
    /// Indicator code.
    pub fn code(&self) -> &IndicatorCode {
        &self.code
    }
    /// Indicator name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Position of its spirit in [`Rubric::spirits`].
    pub fn spirit_position(&self) -> usize {
        self.spirit
    }
    /// Weight inside its spirit.
    pub fn weight(&self) -> Weight {
        self.weight
    }
    /// Unit that owns the indicator (*pengampu*), if given.
    pub fn owner(&self) -> Option<&str> {
        self.owner.as_deref()
    }
    /// Documentation note on the source of the values, if given.
    pub fn source_note(&self) -> Option<&str> {
        self.source_note.as_deref()
    }
    /// Free description, if given.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }
    /// The scoring rule.
    pub fn rule(&self) -> &Rule {
        &self.rule
    }
    /// Numerator of full marks: `100·qᵢ`.
    pub(crate) fn full_numerator(&self) -> i128 {
        100 * self.score_denominator
    }
}

/// A valid rubric, ready to score.
#[derive(Clone, Debug)]
pub struct Rubric {
    id: String,
    name: String,
    year: Option<u16>,
    population: Option<String>,
    rounding: Rounding,
    description: Option<String>,
    /// The rubric's own names of the grades A–E (`grade_labels`), if it names them.
    grade_labels: Option<[String; 5]>,
    spirits: Vec<Spirit>,
    indicators: Vec<Indicator>,
    positions_by_code: BTreeMap<String, usize>,
    /// `L`, the common divisor of all spirits in "total" rounding.
    pub(crate) total_divisor: i128,
}

impl Rubric {
    /// Parses a rubric document (`sibekisar.rubric/v1`), reporting every problem at once.
    ///
    /// # Errors
    /// [`Errors`] listing each problem with its JSON path, e.g. `indicators[3].rule.max`.
    ///
    /// ```
    /// let text = r#"{"schema":"sibekisar.rubric/v1","id":"demo","name":"Demo",
    ///   "spirits":[{"code":"C","name":"Cepat","weight":100}],
    ///   "indicators":[{"code":"IKM","name":"IKM","spirit":"C","weight":1,
    ///                  "rule":{"kind":"scale","min":0,"max":100}}]}"#;
    /// let rubric = engine::Rubric::parse_json(text).unwrap();
    /// assert_eq!(rubric.indicators().len(), 1);
    ///
    /// let broken = text.replace("\"max\":100", "\"max\":0");
    /// let errors = engine::Rubric::parse_json(&broken).unwrap_err();
    /// assert_eq!(errors.problems()[0].field, "indicators[0].rule.max");
    /// assert_eq!(errors.problems()[0].kind.code(), "min_not_below_max");
    /// ```
    pub fn parse_json(text: &str) -> Result<Rubric, Errors> {
        match json::parse(text) {
            Ok(document) => Rubric::from_json(&document),
            Err(error) => Err(Errors(vec![FieldError::new(
                "",
                ErrorKind::InvalidJson { line: error.line, column: error.column, expected: error.detail },
            )])),
        }
    }

    /// Builds a rubric from an already parsed JSON tree (used for rubrics embedded in requests).
    ///
    /// # Errors
    /// As [`Rubric::parse_json`].
    pub fn from_json(document: &Json) -> Result<Rubric, Errors> {
        let mut errors = Vec::new();
        let rubric = read_rubric(document, &mut errors);
        match rubric {
            Some(rubric) if errors.is_empty() => Ok(rubric),
            _ => Err(Errors(errors)),
        }
    }

    /// Rubric id, e.g. `cettar-2023-kabkota`.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The rubric's name for `grade`: its own (`grade_labels`) when it names them, else CETTAR's
    /// ([`Grade::category`]).
    ///
    /// ```
    /// use engine::Grade;
    /// let text = r#"{"schema":"sibekisar.rubric/v1","id":"demo","name":"Demo",
    ///   "grade_labels":{"A":"Sangat efektif","B":"Efektif","C":"Cukup efektif","D":"Kurang efektif","E":"Tidak efektif"},
    ///   "spirits":[{"code":"C","name":"Cepat","weight":100}],
    ///   "indicators":[{"code":"IKM","name":"IKM","spirit":"C","weight":1,
    ///                  "rule":{"kind":"scale","min":0,"max":100}}]}"#;
    /// let rubric = engine::Rubric::parse_json(text).unwrap();
    /// assert_eq!(rubric.grade_label(Grade::B), "Efektif");
    /// let plain = engine::Rubric::parse_json(&text.replace("\"grade_labels\"", "\"description\"").replace(
    ///     r#"{"A":"Sangat efektif","B":"Efektif","C":"Cukup efektif","D":"Kurang efektif","E":"Tidak efektif"}"#, r#""x""#)).unwrap();
    /// assert_eq!(plain.grade_label(Grade::B), "Cettar");
    /// ```
    pub fn grade_label(&self, grade: Grade) -> &str {
        match &self.grade_labels {
            Some(labels) => &labels[Grade::ALL.iter().position(|each| *each == grade).unwrap_or(0)],
            None => grade.category(),
        }
    }
    /// The rubric's own grade names, best first, if it names them.
    pub fn grade_labels(&self) -> Option<&[String; 5]> {
        self.grade_labels.as_ref()
    }
    /// Human name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Year, if given.
    pub fn year(&self) -> Option<u16> {
        self.year
    }
    /// Population (`kabkota`, `opd`, …), if given.
    pub fn population(&self) -> Option<&str> {
        self.population.as_deref()
    }
    /// Rounding rule.
    pub fn rounding(&self) -> Rounding {
        self.rounding
    }
    /// Free description, if given.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }
    /// Spirits in rubric order.
    pub fn spirits(&self) -> &[Spirit] {
        &self.spirits
    }
    /// Indicators in rubric order; their positions index [`crate::UnitValues`].
    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }
    /// Position of the indicator with this code.
    pub fn indicator_position(&self, code: &str) -> Option<usize> {
        self.positions_by_code.get(code).copied()
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the JSON tree. Each helper records problems and returns `None` when it cannot go on.

pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

pub(crate) fn index(path: &str, position: usize) -> String {
    format!("{path}[{position}]")
}

/// An object's members after checking for unknown and duplicate names.
pub(crate) struct Members<'a> {
    members: &'a [(String, Json)],
    path: String,
}

impl<'a> Members<'a> {
    pub(crate) fn read(
        value: &'a Json,
        path: &str,
        allowed: &[&str],
        errors: &mut Vec<FieldError>,
    ) -> Option<Members<'a>> {
        let Json::Object(members) = value else {
            errors.push(FieldError::new(path, wrong_type("object", value)));
            return None;
        };
        for (position, (name, _)) in members.iter().enumerate() {
            if !allowed.contains(&name.as_str()) {
                errors.push(FieldError::new(join(path, name), ErrorKind::UnknownField));
            } else if members[..position].iter().any(|(other, _)| other == name) {
                errors.push(FieldError::new(join(path, name), ErrorKind::DuplicateField));
            }
        }
        Some(Members { members, path: path.to_string() })
    }

    pub(crate) fn optional(&self, key: &str) -> Option<&'a Json> {
        self.members.iter().find(|(name, _)| name == key).map(|(_, value)| value)
    }

    pub(crate) fn required(&self, key: &str, errors: &mut Vec<FieldError>) -> Option<&'a Json> {
        let found = self.optional(key);
        if found.is_none() {
            errors.push(FieldError::new(self.path(key), ErrorKind::MissingField));
        }
        found
    }

    pub(crate) fn path(&self, key: &str) -> String {
        join(&self.path, key)
    }
}

pub(crate) fn wrong_type(expected: &'static str, found: &Json) -> ErrorKind {
    ErrorKind::WrongType { expected, found: found.type_name() }
}

pub(crate) fn read_text(value: &Json, path: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    match value {
        Json::String(text) => Some(text.clone()),
        other => {
            errors.push(FieldError::new(path, wrong_type("string", other)));
            None
        }
    }
}

fn read_name(value: &Json, path: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    let text = read_text(value, path, errors)?;
    if text.trim().is_empty() {
        errors.push(FieldError::new(path, ErrorKind::EmptyText));
        return None;
    }
    Some(text)
}

pub(crate) fn number_from_text(text: &str) -> Result<Decimal, ErrorKind> {
    Decimal::parse(text).map_err(|error| match error {
        crate::decimal::DecimalError::TooManyDecimals { decimals } => ErrorKind::TooManyDecimals { decimals },
        _ => ErrorKind::NumberOutOfRange,
    })
}

pub(crate) fn read_number(value: &Json, path: &str, errors: &mut Vec<FieldError>) -> Option<Decimal> {
    match value {
        Json::Number(text) => match number_from_text(text) {
            Ok(number) => Some(number),
            Err(kind) => {
                errors.push(FieldError::new(path, kind));
                None
            }
        },
        other => {
            errors.push(FieldError::new(path, wrong_type("number", other)));
            None
        }
    }
}

/// An optional text member; `null` reads as absent (`"owner": null` is "no owner").
fn read_optional_text(members: &Members<'_>, key: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    match members.optional(key) {
        None | Some(Json::Null) => None,
        Some(value) => read_text(value, &members.path(key), errors),
    }
}

struct SpiritDraft {
    code: SpiritCode,
    name: String,
    weight: Weight,
    description: Option<String>,
}

struct IndicatorDraft {
    code: IndicatorCode,
    name: String,
    spirit: usize,
    weight: Weight,
    owner: Option<String>,
    source_note: Option<String>,
    description: Option<String>,
    rule: Rule,
}

fn read_rubric(document: &Json, errors: &mut Vec<FieldError>) -> Option<Rubric> {
    let members = Members::read(
        document,
        "",
        &[
            "schema",
            "id",
            "name",
            "year",
            "population",
            "rounding",
            "description",
            "grade_labels",
            "spirits",
            "indicators",
        ],
        errors,
    )?;
    if let Some(schema) = members.required("schema", errors)
        && let Some(text) = read_text(schema, "schema", errors)
        && text != RUBRIC_SCHEMA
    {
        errors.push(FieldError::new("schema", ErrorKind::UnknownSchema { found: text }));
    }
    let id = members.required("id", errors).and_then(|v| read_name(v, "id", errors));
    let name = members.required("name", errors).and_then(|v| read_name(v, "name", errors));
    let year = members.optional("year").and_then(|value| match value {
        Json::Number(text) => match text.parse::<u16>() {
            Ok(year) if (1900..=9999).contains(&year) => Some(year),
            _ => {
                errors.push(FieldError::new("year", ErrorKind::InvalidYear));
                None
            }
        },
        other => {
            errors.push(FieldError::new("year", wrong_type("number", other)));
            None
        }
    });
    let population = members.optional("population").and_then(|v| read_name(v, "population", errors));
    let rounding = match members.optional("rounding") {
        None => Rounding::PerSpirit,
        Some(value) => match read_text(value, "rounding", errors).as_deref() {
            Some("spirit") => Rounding::PerSpirit,
            Some("total") => Rounding::Total,
            Some(other) => {
                errors.push(FieldError::new("rounding", ErrorKind::UnknownRounding { found: other.into() }));
                Rounding::PerSpirit
            }
            None => Rounding::PerSpirit,
        },
    };
    let description = read_optional_text(&members, "description", errors);
    let grade_labels = members.optional("grade_labels").and_then(|value| read_grade_labels(value, errors));

    // Spirits.
    let mut spirit_drafts: Vec<Option<SpiritDraft>> = Vec::new();
    let mut spirit_positions: BTreeMap<String, usize> = BTreeMap::new();
    let mut spirits_complete = false;
    if let Some(value) = members.required("spirits", errors) {
        match value {
            Json::Array(items) => {
                spirits_complete = true;
                if items.is_empty() {
                    errors.push(FieldError::new("spirits", ErrorKind::Empty { what: "spirit" }));
                    spirits_complete = false;
                }
                if items.len() > MAX_SPIRITS {
                    errors.push(FieldError::new(
                        "spirits",
                        ErrorKind::TooManySpirits { count: items.len(), max: MAX_SPIRITS },
                    ));
                    spirits_complete = false;
                }
                for (position, item) in items.iter().enumerate() {
                    let path = index("spirits", position);
                    let draft = read_spirit(item, &path, errors);
                    if let Some(draft) = &draft {
                        let code = draft.code.as_str().to_string();
                        match spirit_positions.entry(code) {
                            std::collections::btree_map::Entry::Occupied(entry) => errors.push(FieldError::new(
                                join(&path, "code"),
                                ErrorKind::DuplicateSpiritCode { code: entry.key().clone() },
                            )),
                            std::collections::btree_map::Entry::Vacant(entry) => {
                                entry.insert(position);
                            }
                        }
                    } else {
                        spirits_complete = false;
                    }
                    spirit_drafts.push(draft);
                }
                if spirits_complete {
                    let sum: i64 = spirit_drafts.iter().flatten().map(|s| s.weight.value().micros()).sum();
                    if sum != 100 * MICROS_PER_UNIT {
                        let sum = Decimal::from_micros(sum).unwrap_or(Decimal::ZERO);
                        errors.push(FieldError::new("spirits", ErrorKind::WeightsDoNotSumTo100 { sum }));
                    }
                }
            }
            other => errors.push(FieldError::new("spirits", wrong_type("array", other))),
        }
    }

    // Indicators.
    let mut indicator_drafts: Vec<Option<IndicatorDraft>> = Vec::new();
    let mut positions_by_code: BTreeMap<String, usize> = BTreeMap::new();
    if let Some(value) = members.required("indicators", errors) {
        match value {
            Json::Array(items) => {
                if items.is_empty() {
                    errors.push(FieldError::new("indicators", ErrorKind::Empty { what: "indicator" }));
                }
                if items.len() > MAX_INDICATORS {
                    errors.push(FieldError::new(
                        "indicators",
                        ErrorKind::TooManyIndicators { count: items.len(), max: MAX_INDICATORS },
                    ));
                }
                for (position, item) in items.iter().enumerate() {
                    let path = index("indicators", position);
                    let draft = read_indicator(item, &path, &spirit_positions, spirits_complete, errors);
                    if let Some(draft) = &draft {
                        let code = draft.code.as_str().to_string();
                        match positions_by_code.entry(code) {
                            std::collections::btree_map::Entry::Occupied(entry) => errors.push(FieldError::new(
                                join(&path, "code"),
                                ErrorKind::DuplicateIndicatorCode { code: entry.key().clone() },
                            )),
                            std::collections::btree_map::Entry::Vacant(entry) => {
                                entry.insert(position);
                            }
                        }
                    }
                    indicator_drafts.push(draft);
                }
            }
            other => errors.push(FieldError::new("indicators", wrong_type("array", other))),
        }
    }

    // Every spirit with weight needs an indicator.
    // (A duplicate spirit is already reported and owns no indicator; skip it here. When some
    // indicator could not be read, its spirit is unknown, so the check would only echo that.)
    if spirits_complete && indicator_drafts.iter().all(Option::is_some) {
        for (position, spirit) in spirit_drafts.iter().flatten().enumerate() {
            if spirit_positions.get(spirit.code.as_str()) != Some(&position) {
                continue;
            }
            let has_indicator = indicator_drafts.iter().flatten().any(|i| i.spirit == position);
            if spirit.weight.value() > Decimal::ZERO && !has_indicator {
                errors.push(FieldError::new(
                    index("spirits", position),
                    ErrorKind::SpiritWithoutIndicator { code: spirit.code.as_str().to_string() },
                ));
            }
        }
    }

    if !errors.is_empty() {
        return None;
    }
    let (id, name) = (id?, name?);
    let spirits: Vec<SpiritDraft> = spirit_drafts.into_iter().collect::<Option<Vec<_>>>()?;
    let indicators: Vec<IndicatorDraft> = indicator_drafts.into_iter().collect::<Option<Vec<_>>>()?;
    let header = Header { id, name, year, population, rounding, description, grade_labels };
    compile(header, spirits, indicators, positions_by_code, errors)
}

fn read_spirit(value: &Json, path: &str, errors: &mut Vec<FieldError>) -> Option<SpiritDraft> {
    let members = Members::read(value, path, &["code", "name", "weight", "description"], errors)?;
    let code = members.required("code", errors).and_then(|v| {
        let text = read_text(v, &members.path("code"), errors)?;
        SpiritCode::parse(&text).map_err(|kind| errors.push(FieldError::new(members.path("code"), kind))).ok()
    });
    let name = members.required("name", errors).and_then(|v| read_name(v, &members.path("name"), errors));
    let weight = members.required("weight", errors).and_then(|v| {
        let number = read_number(v, &members.path("weight"), errors)?;
        Weight::new(number).map_err(|kind| errors.push(FieldError::new(members.path("weight"), kind))).ok()
    });
    let description = read_optional_text(&members, "description", errors);
    Some(SpiritDraft { code: code?, name: name?, weight: weight?, description })
}

fn read_indicator(
    value: &Json,
    path: &str,
    spirit_positions: &BTreeMap<String, usize>,
    spirits_complete: bool,
    errors: &mut Vec<FieldError>,
) -> Option<IndicatorDraft> {
    let members = Members::read(
        value,
        path,
        &["code", "name", "spirit", "weight", "owner", "source_note", "description", "rule"],
        errors,
    )?;
    let code = members.required("code", errors).and_then(|v| {
        let text = read_text(v, &members.path("code"), errors)?;
        IndicatorCode::parse(&text).map_err(|kind| errors.push(FieldError::new(members.path("code"), kind))).ok()
    });
    let name = members.required("name", errors).and_then(|v| read_name(v, &members.path("name"), errors));
    let spirit = members.required("spirit", errors).and_then(|v| {
        let text = read_text(v, &members.path("spirit"), errors)?;
        match spirit_positions.get(&text) {
            Some(&position) => Some(position),
            None => {
                // When the spirit list itself is broken, an unknown name is probably a consequence.
                if spirits_complete {
                    errors.push(FieldError::new(members.path("spirit"), ErrorKind::UnknownSpirit { code: text }));
                }
                None
            }
        }
    });
    let weight = members.required("weight", errors).and_then(|v| {
        let number = read_number(v, &members.path("weight"), errors)?;
        if number <= Decimal::ZERO {
            errors.push(FieldError::new(members.path("weight"), ErrorKind::NonPositiveWeight { weight: number }));
            return None;
        }
        Weight::new(number).ok()
    });
    let owner = read_optional_text(&members, "owner", errors);
    let source_note = read_optional_text(&members, "source_note", errors);
    let description = read_optional_text(&members, "description", errors);
    let rule = members.required("rule", errors).and_then(|v| read_rule(v, &members.path("rule"), errors));
    Some(IndicatorDraft {
        code: code?,
        name: name?,
        spirit: spirit?,
        weight: weight?,
        owner,
        source_note,
        description,
        rule: rule?,
    })
}

fn read_rule(value: &Json, path: &str, errors: &mut Vec<FieldError>) -> Option<Rule> {
    let Json::Object(_) = value else {
        errors.push(FieldError::new(path, wrong_type("object", value)));
        return None;
    };
    let kind_path = join(path, "kind");
    let kind = match value.get("kind") {
        None => {
            errors.push(FieldError::new(&kind_path, ErrorKind::MissingField));
            return None;
        }
        Some(kind) => read_text(kind, &kind_path, errors)?,
    };
    match kind.as_str() {
        "scale" => {
            let members = Members::read(value, path, &["kind", "min", "max", "target", "direction"], errors)?;
            let min = members.required("min", errors).and_then(|v| read_number(v, &members.path("min"), errors));
            let max = members.required("max", errors).and_then(|v| read_number(v, &members.path("max"), errors));
            let target = members.optional("target").and_then(|v| read_number(v, &members.path("target"), errors));
            let direction = match members.optional("direction") {
                None => Some(Direction::Higher),
                Some(v) => match read_text(v, &members.path("direction"), errors).as_deref() {
                    Some("higher") => Some(Direction::Higher),
                    Some("lower") => Some(Direction::Lower),
                    Some(other) => {
                        errors.push(FieldError::new(
                            members.path("direction"),
                            ErrorKind::UnknownDirection { found: other.into() },
                        ));
                        None
                    }
                    None => None,
                },
            };
            let (min, max, direction) = (min?, max?, direction?);
            if min >= max {
                errors.push(FieldError::new(members.path("max"), ErrorKind::MinNotBelowMax { min, max }));
                return None;
            }
            let target = match (members.optional("target"), target) {
                (Some(_), None) => return None,
                (_, Some(target)) => target,
                (None, None) => match direction {
                    Direction::Higher => max,
                    Direction::Lower => min,
                },
            };
            let valid_target = match direction {
                Direction::Higher => min < target && target <= max,
                Direction::Lower => min <= target && target < max,
            };
            if !valid_target {
                errors
                    .push(FieldError::new(members.path("target"), ErrorKind::TargetOutsideRange { target, min, max }));
                return None;
            }
            let zero_point = match direction {
                Direction::Higher => min,
                Direction::Lower => max,
            };
            let span = (i128::from(target.micros()) - i128::from(zero_point.micros())).abs();
            let step = 100 / gcd(span, 100);
            Some(Rule::Scale(ScaleRule { min, max, target, direction, step }))
        }
        "category" => {
            let members = Members::read(value, path, &["kind", "points"], errors)?;
            let points_path = members.path("points");
            let points = members.required("points", errors)?;
            let Json::Object(entries) = points else {
                errors.push(FieldError::new(&points_path, wrong_type("object", points)));
                return None;
            };
            if entries.is_empty() {
                errors.push(FieldError::new(&points_path, ErrorKind::EmptyCategory));
                return None;
            }
            let mut labels = Vec::new();
            let mut valid = true;
            for (position, (label, value)) in entries.iter().enumerate() {
                let label_path = join(&points_path, label);
                if entries[..position].iter().any(|(other, _)| other == label) {
                    errors.push(FieldError::new(&label_path, ErrorKind::DuplicateField));
                    valid = false;
                    continue;
                }
                if label.trim().is_empty() {
                    errors.push(FieldError::new(&label_path, ErrorKind::EmptyText));
                    valid = false;
                    continue;
                }
                match read_number(value, &label_path, errors) {
                    Some(points) if points >= Decimal::ZERO && points <= Decimal::HUNDRED => {
                        labels.push(CategoryLabel { label: label.clone(), points });
                    }
                    Some(points) => {
                        errors.push(FieldError::new(&label_path, ErrorKind::PointsOutOfRange { points }));
                        valid = false;
                    }
                    None => valid = false,
                }
            }
            if !valid {
                return None;
            }
            let divisor = labels
                .iter()
                .fold(i128::from(MICROS_PER_UNIT), |acc, label| gcd(acc, i128::from(label.points.micros())));
            Some(Rule::Category(CategoryRule { labels, divisor }))
        }
        "boolean" => {
            Members::read(value, path, &["kind"], errors)?;
            Some(Rule::Boolean)
        }
        other => {
            errors.push(FieldError::new(kind_path, ErrorKind::UnknownRuleKind { kind: other.into() }));
            None
        }
    }
}

fn score_denominator(rule: &Rule) -> i128 {
    match rule {
        // Score = 100·(v − zero)/span = step·(v − zero)_micros / (span_micros/g) with g = gcd(span, 100).
        Rule::Scale(scale) => i128::from(scale.span_micros()) / (100 / scale.step),
        // Score = points_micros / 10^6 = (points_micros / divisor) / (10^6 / divisor).
        Rule::Category(category) => i128::from(MICROS_PER_UNIT) / category.divisor,
        Rule::Boolean => 1,
    }
}

/// The rubric's own members, read before its spirits and indicators.
struct Header {
    id: String,
    name: String,
    year: Option<u16>,
    population: Option<String>,
    rounding: Rounding,
    description: Option<String>,
    grade_labels: Option<[String; 5]>,
}

/// Reads `grade_labels`: an object naming every grade `A`–`E` with non-empty text.
fn read_grade_labels(value: &Json, errors: &mut Vec<FieldError>) -> Option<[String; 5]> {
    let members = Members::read(value, "grade_labels", &["A", "B", "C", "D", "E"], errors)?;
    let labels: Vec<Option<String>> = Grade::ALL
        .iter()
        .map(|grade| {
            let path = members.path(grade.letter());
            members.required(grade.letter(), errors).and_then(|label| read_name(label, &path, errors))
        })
        .collect();
    let labels: Vec<String> = labels.into_iter().collect::<Option<Vec<_>>>()?;
    labels.try_into().ok()
}

fn compile(
    header: Header,
    spirit_drafts: Vec<SpiritDraft>,
    indicator_drafts: Vec<IndicatorDraft>,
    positions_by_code: BTreeMap<String, usize>,
    errors: &mut Vec<FieldError>,
) -> Option<Rubric> {
    let mut indicators: Vec<Indicator> = indicator_drafts
        .into_iter()
        .map(|draft| {
            let score_denominator = score_denominator(&draft.rule);
            Indicator {
                code: draft.code,
                name: draft.name,
                spirit: draft.spirit,
                weight: draft.weight,
                owner: draft.owner,
                source_note: draft.source_note,
                description: draft.description,
                rule: draft.rule,
                score_denominator,
                factor: 0,
            }
        })
        .collect();
    let mut spirits = Vec::new();
    for (spirit_position, draft) in spirit_drafts.into_iter().enumerate() {
        let positions: Vec<usize> =
            (0..indicators.len()).filter(|&i| indicators[i].spirit == spirit_position).collect();
        let plan = plan_spirit(&mut indicators, &positions, draft.weight);
        if plan.is_none() {
            errors.push(FieldError::new(
                index("spirits", spirit_position),
                ErrorKind::TooFineGrained { spirit: draft.code.as_str().to_string() },
            ));
        }
        spirits.push(Spirit {
            code: draft.code,
            name: draft.name,
            weight: draft.weight,
            description: draft.description,
            indicator_positions: positions,
            plan: plan.unwrap_or_default(),
        });
    }
    if !errors.is_empty() {
        return None;
    }
    // "Total" rounding adds the exact contributions over a common divisor L = lcm(E_s).
    let total_plan = (|| {
        let mut total_divisor: i128 = 1;
        for spirit in &spirits {
            total_divisor = checked_lcm(total_divisor, spirit.plan.divisor)?;
        }
        let mut worst: i128 = 0;
        let mut multipliers = Vec::new();
        for spirit in &spirits {
            let multiplier = spirit.plan.multiplier.checked_mul(total_divisor / spirit.plan.divisor)?;
            worst = worst.checked_add(multiplier.checked_mul(spirit.plan.full_numerator)?.checked_mul(100)?)?;
            multipliers.push(multiplier);
        }
        Some((total_divisor, multipliers))
    })();
    let Header { id, name, year, population, rounding, description, grade_labels } = header;
    let total_divisor = match (rounding, total_plan) {
        (_, Some((total_divisor, multipliers))) => {
            for (spirit, multiplier) in spirits.iter_mut().zip(multipliers) {
                spirit.plan.total_multiplier = multiplier;
            }
            total_divisor
        }
        // Per-spirit rounding never needs L; only a "total" rubric is refused.
        (Rounding::PerSpirit, None) => 1,
        (Rounding::Total, None) => {
            errors.push(FieldError::new("rounding", ErrorKind::TooFineGrained { spirit: "*".to_string() }));
            return None;
        }
    };
    Some(Rubric {
        id,
        name,
        year,
        population,
        rounding,
        description,
        grade_labels,
        spirits,
        indicators,
        positions_by_code,
        total_divisor,
    })
}

/// Prepares one spirit's integer arithmetic, or `None` if any bound would overflow `i128`.
fn plan_spirit(indicators: &mut [Indicator], positions: &[usize], spirit_weight: Weight) -> Option<SpiritPlan> {
    let spirit_weight_micros = i128::from(spirit_weight.value().micros());
    if positions.is_empty() {
        // Only a weightless spirit can be empty (checked before); it always contributes 0.
        return Some(SpiritPlan {
            score_denominator: 1,
            multiplier: 0,
            divisor: 1,
            total_multiplier: 0,
            full_numerator: 0,
        });
    }
    // Indicator weights only matter relative to each other: divide them by their gcd.
    let weight_gcd =
        positions.iter().fold(0i128, |acc, &i| gcd(acc, i128::from(indicators[i].weight.value().micros())));
    let mut common_denominator: i128 = 1;
    for &i in positions {
        common_denominator = checked_lcm(common_denominator, indicators[i].score_denominator)?;
    }
    let mut weight_sum: i128 = 0;
    for &i in positions {
        let reduced_weight = i128::from(indicators[i].weight.value().micros()) / weight_gcd;
        weight_sum = weight_sum.checked_add(reduced_weight)?;
        indicators[i].factor = reduced_weight.checked_mul(common_denominator / indicators[i].score_denominator)?;
    }
    let score_denominator = common_denominator.checked_mul(weight_sum)?;
    // cents = W_micros · N / (D · Σw · 10^6), reduced.
    let raw_divisor = score_denominator.checked_mul(i128::from(MICROS_PER_UNIT))?;
    let reduction = gcd(spirit_weight_micros, raw_divisor).max(1);
    let multiplier = spirit_weight_micros / reduction;
    let divisor = raw_divisor / reduction;
    let full_numerator = score_denominator.checked_mul(100)?;
    // Headroom for the explanations: points with 4 decimals need M·N·100·10^4 and 100·E·10^4;
    // spirit scores with 4 decimals need N·10^4; indicator scores need 100·q·10^4.
    multiplier.checked_mul(full_numerator)?.checked_mul(1_000_000)?;
    divisor.checked_mul(1_000_000)?;
    full_numerator.checked_mul(10_000)?;
    for &i in positions {
        indicators[i].full_numerator().checked_mul(10_000)?;
    }
    Some(SpiritPlan { score_denominator, multiplier, divisor, total_multiplier: 0, full_numerator })
}
