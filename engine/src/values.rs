//! A unit's indicator values, checked against a rubric.

use crate::decimal::Decimal;
use crate::error::{ErrorKind, Errors, FieldError};
use crate::rubric::{Direction, Rubric, Rule};

/// A raw value as entered, before it is checked against an indicator's rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawValue<'a> {
    /// A number, for scale rules.
    Number(Decimal),
    /// A label, for category rules.
    Label(&'a str),
    /// Yes or no, for boolean rules.
    Boolean(bool),
}

/// A value accepted by an indicator's rule (category labels are held by position in the rule).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndicatorValue {
    /// A number within the scale's `[min, max]`.
    Number(Decimal),
    /// Index of a label in [`crate::CategoryRule::labels`].
    Label(usize),
    /// Yes or no.
    Boolean(bool),
}

impl Rubric {
    /// Checks a raw value against the rule of the indicator at `position`.
    ///
    /// # Errors
    /// [`ErrorKind::WrongValueType`] when the kind does not fit the rule, [`ErrorKind::ValueOutOfRange`]
    /// for a number outside the scale, [`ErrorKind::UnknownLabel`] for a label the rule does not list.
    ///
    /// # Panics
    /// If `position` is not an indicator position of this rubric (a programming error).
    pub fn check_value(&self, position: usize, raw: RawValue<'_>) -> Result<IndicatorValue, ErrorKind> {
        match (&self.indicators()[position].rule(), raw) {
            (Rule::Scale(scale), RawValue::Number(value)) => {
                if value < scale.min() || value > scale.max() {
                    Err(ErrorKind::ValueOutOfRange { value, min: scale.min(), max: scale.max() })
                } else {
                    Ok(IndicatorValue::Number(value))
                }
            }
            (Rule::Scale(_), _) => Err(ErrorKind::WrongValueType { expected: "a number" }),
            (Rule::Category(category), RawValue::Label(label)) => match category.label_index(label) {
                Some(label_index) => Ok(IndicatorValue::Label(label_index)),
                None => Err(ErrorKind::UnknownLabel {
                    label: label.to_string(),
                    expected: category.labels().iter().map(|l| l.label.as_str()).collect::<Vec<_>>().join(", "),
                }),
            },
            (Rule::Category(_), _) => Err(ErrorKind::WrongValueType { expected: "a label (string)" }),
            (Rule::Boolean, RawValue::Boolean(flag)) => Ok(IndicatorValue::Boolean(flag)),
            (Rule::Boolean, _) => Err(ErrorKind::WrongValueType { expected: "true or false" }),
        }
    }

    /// The exact 0–100 score an accepted value earns at the indicator at `position`.
    ///
    /// # Panics
    /// If `position` is not an indicator position of this rubric (a programming error).
    pub fn indicator_score(&self, position: usize, value: IndicatorValue) -> crate::Exact {
        crate::Exact::new(self.numerator(position, value), self.indicators()[position].score_denominator)
    }

    /// Score numerator `pᵢ` (score = `pᵢ / qᵢ`) of an accepted value.
    pub(crate) fn numerator(&self, position: usize, value: IndicatorValue) -> i128 {
        let indicator = &self.indicators()[position];
        let full = indicator.full_numerator();
        match (indicator.rule(), value) {
            (Rule::Scale(scale), IndicatorValue::Number(value)) => {
                let distance = match scale.direction() {
                    Direction::Higher => i128::from(value.micros()) - i128::from(scale.min().micros()),
                    Direction::Lower => i128::from(scale.max().micros()) - i128::from(value.micros()),
                };
                let reached = match scale.direction() {
                    Direction::Higher => value >= scale.target(),
                    Direction::Lower => value <= scale.target(),
                };
                if reached { full } else { scale_step(scale) * distance }
            }
            (Rule::Category(category), IndicatorValue::Label(label_index)) => category
                .labels()
                .get(label_index)
                .map(|label| i128::from(label.points.micros()) * indicator.score_denominator / 1_000_000)
                .unwrap_or(0),
            (Rule::Boolean, IndicatorValue::Boolean(true)) => 100,
            _ => 0,
        }
    }

    /// Renders a value as text (`87.5`, `WTP`, `true`).
    pub fn value_text(&self, position: usize, value: IndicatorValue) -> String {
        match (self.indicators()[position].rule(), value) {
            (_, IndicatorValue::Number(number)) => number.to_string(),
            (Rule::Category(category), IndicatorValue::Label(label_index)) => {
                category.labels().get(label_index).map(|l| l.label.clone()).unwrap_or_default()
            }
            (_, IndicatorValue::Label(label_index)) => label_index.to_string(),
            (_, IndicatorValue::Boolean(flag)) => flag.to_string(),
        }
    }
}

impl Rubric {
    /// Renders an accepted value as the JSON text the API stores and answers (`87.5`, `"WTP"`,
    /// `true`): the one form of a raw value that the grid, the imports and the server share.
    ///
    /// ```
    /// # let rubric = engine::Rubric::parse_json(r#"{"schema":"sibekisar.rubric/v1","id":"d","name":"D",
    /// #  "spirits":[{"code":"C","name":"Cepat","weight":100}],
    /// #  "indicators":[{"code":"OPINI","name":"Opini","spirit":"C","weight":1,"rule":{"kind":"category","points":{"WTP":100}}}]}"#).unwrap();
    /// assert_eq!(rubric.value_json(0, engine::IndicatorValue::Label(0)), r#""WTP""#);
    /// ```
    pub fn value_json(&self, position: usize, value: IndicatorValue) -> String {
        match value {
            IndicatorValue::Label(_) => {
                let mut out = String::new();
                crate::json::write_string(&mut out, &self.value_text(position, value));
                out
            }
            IndicatorValue::Number(_) | IndicatorValue::Boolean(_) => self.value_text(position, value),
        }
    }
}

/// Score numerator per raw millionth of a scale rule: `100 / gcd(span, 100)`.
pub(crate) fn scale_step(scale: &crate::rubric::ScaleRule) -> i128 {
    100 / crate::decimal::gcd(i128::from(scale.span_micros()), 100)
}

/// One unit's values for one rubric, dense by indicator position; `None` is missing.
///
/// Each value has been checked against its rule, and its exact score numerator is kept next to it
/// so that scoring does no conversion and no allocation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitValues {
    values: Vec<Option<IndicatorValue>>,
    numerators: Vec<i128>,
}

impl UnitValues {
    /// All values missing.
    pub fn empty(rubric: &Rubric) -> UnitValues {
        let count = rubric.indicators().len();
        UnitValues { values: vec![None; count], numerators: vec![0; count] }
    }

    /// Builds values from `(indicator code, raw value)` pairs; paths in errors are `values.CODE`.
    ///
    /// # Errors
    /// Every unknown code, repeated code and rejected value, each with its path.
    ///
    /// ```
    /// # let rubric = engine::Rubric::parse_json(r#"{"schema":"sibekisar.rubric/v1","id":"d","name":"D",
    /// #  "spirits":[{"code":"C","name":"Cepat","weight":100}],
    /// #  "indicators":[{"code":"IKM","name":"IKM","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":100}}]}"#).unwrap();
    /// use engine::{Decimal, RawValue, UnitValues};
    /// let values = UnitValues::from_pairs(&rubric, [("IKM", RawValue::Number(Decimal::parse("87.5").unwrap()))]).unwrap();
    /// assert!(values.is_complete());
    /// let errors = UnitValues::from_pairs(&rubric, [("IKM", RawValue::Boolean(true))]).unwrap_err();
    /// assert_eq!(errors.problems()[0].field, "values.IKM");
    /// ```
    pub fn from_pairs<'a>(
        rubric: &Rubric,
        pairs: impl IntoIterator<Item = (&'a str, RawValue<'a>)>,
    ) -> Result<UnitValues, Errors> {
        let mut values = UnitValues::empty(rubric);
        let mut seen = vec![false; rubric.indicators().len()];
        let mut errors = Vec::new();
        for (code, raw) in pairs {
            let field = format!("values.{code}");
            match rubric.indicator_position(code) {
                None => errors.push(FieldError::new(field, ErrorKind::UnknownIndicator { code: code.into() })),
                Some(position) if seen[position] => errors.push(FieldError::new(field, ErrorKind::DuplicateField)),
                Some(position) => {
                    seen[position] = true;
                    if let Err(kind) = values.set(rubric, position, raw) {
                        errors.push(FieldError::new(field, kind));
                    }
                }
            }
        }
        if errors.is_empty() { Ok(values) } else { Err(Errors(errors)) }
    }

    /// Sets the value of the indicator at `position`.
    ///
    /// # Errors
    /// As [`Rubric::check_value`]; the stored value is unchanged on error.
    ///
    /// # Panics
    /// If these values or `position` belong to another rubric (a programming error).
    pub fn set(&mut self, rubric: &Rubric, position: usize, raw: RawValue<'_>) -> Result<(), ErrorKind> {
        self.assert_shape(rubric);
        let value = rubric.check_value(position, raw)?;
        self.numerators[position] = rubric.numerator(position, value);
        self.values[position] = Some(value);
        Ok(())
    }

    /// Marks the indicator at `position` as missing.
    pub fn clear(&mut self, position: usize) {
        if position < self.values.len() {
            self.values[position] = None;
            self.numerators[position] = 0;
        }
    }

    /// The value at `position`, `None` if missing.
    pub fn get(&self, position: usize) -> Option<IndicatorValue> {
        self.values.get(position).copied().flatten()
    }

    /// Number of indicator slots.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the rubric has no indicator (never true for a parsed rubric).
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Whether every indicator has a value.
    pub fn is_complete(&self) -> bool {
        self.values.iter().all(Option::is_some)
    }

    /// Exact score numerators, dense by position (0 for missing).
    pub(crate) fn numerators(&self) -> &[i128] {
        &self.numerators
    }

    pub(crate) fn assert_shape(&self, rubric: &Rubric) {
        assert_eq!(
            self.values.len(),
            rubric.indicators().len(),
            "UnitValues must be used with the rubric they were built for"
        );
    }
}
