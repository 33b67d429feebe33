//! The rubric as an editor holds it: plain, always editable data ([`RubricDraft`]) that becomes a
//! [`Rubric`] only through the same checks as a rubric file.
//!
//! Every field keeps the text as typed (`"12,5"`, `""`, `"abc"`), so nothing a person typed is
//! lost while it is still wrong, and switching a rule's kind keeps the other kinds' fields.
//! [`RubricDraft::to_rubric`] writes the draft as a `sibekisar.rubric/v1` document and reads it
//! with [`Rubric::parse_json`]; each problem carries the JSON path of the field it concerns
//! (`indicators[3].rule.max`), which is also the path the editor shows the message next to
//! ([`RubricDraft::field_paths`] lists them all). Texts that are not numbers are refused here,
//! before the reader, with [`ErrorKind::NotANumber`] at the same path.

use std::collections::BTreeSet;

use crate::decimal::Decimal;
use crate::error::{ErrorKind, Errors, FieldError};
use crate::input::{InputError, read_number};
use crate::json::write_string;
use crate::rubric::{Direction, RUBRIC_SCHEMA, Rounding, Rubric, Rule, index, join};

/// A rubric being edited.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RubricDraft {
    /// Rubric id (`cettar-2024-kabkota`).
    pub id: String,
    /// Human name.
    pub name: String,
    /// Year as typed; blank for none.
    pub year: String,
    /// Population code; blank for none.
    pub population: String,
    /// Rounding rule.
    pub rounding: Rounding,
    /// Free description; blank for none.
    pub description: String,
    /// The rubric's own names of the grades A–E (`grade_labels`); empty for CETTAR's.
    pub grade_labels: Vec<String>,
    /// Spirits in order.
    pub spirits: Vec<SpiritDraft>,
    /// Indicators in order.
    pub indicators: Vec<IndicatorDraft>,
}

/// A spirit being edited.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpiritDraft {
    /// Code (`C`).
    pub code: String,
    /// Name (`Cepat`).
    pub name: String,
    /// Weight in points of the total, as typed.
    pub weight: String,
    /// Free description; blank for none.
    pub description: String,
}

/// An indicator being edited.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndicatorDraft {
    /// Code (`OPINI_BPK`).
    pub code: String,
    /// Name.
    pub name: String,
    /// Code of its spirit.
    pub spirit: String,
    /// Weight inside its spirit, as typed.
    pub weight: String,
    /// Owning organisation (*pengampu*); blank for none.
    pub owner: String,
    /// Note on the source of the values; blank for none.
    pub source_note: String,
    /// Free description; blank for none.
    pub description: String,
    /// The scoring rule.
    pub rule: RuleDraft,
}

/// Which kind of rule an indicator uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RuleKind {
    /// A linear scale.
    #[default]
    Scale,
    /// Points per label.
    Category,
    /// Yes scores 100, no 0.
    Boolean,
}

/// A rule being edited; the fields of every kind are kept, only those of `kind` are written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleDraft {
    /// The kind in use.
    pub kind: RuleKind,
    /// Scale: lowest raw value, as typed.
    pub min: String,
    /// Scale: highest raw value, as typed.
    pub max: String,
    /// Scale: raw value earning full marks, as typed; blank for the default.
    pub target: String,
    /// Scale: which way it rewards.
    pub direction: Direction,
    /// Category: labels and their points.
    pub labels: Vec<LabelDraft>,
}

impl Default for RuleDraft {
    fn default() -> RuleDraft {
        RuleDraft {
            kind: RuleKind::Scale,
            min: "0".into(),
            max: "100".into(),
            target: String::new(),
            direction: Direction::Higher,
            labels: Vec::new(),
        }
    }
}

/// One label of a category rule being edited.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelDraft {
    /// The label (`WTP`).
    pub label: String,
    /// Its points, as typed.
    pub points: String,
}

/// Reads a number as people type it (decimal comma or point), with the error a rubric field gets.
///
/// # Errors
/// [`ErrorKind::NotANumber`] (also for thousands separators), [`ErrorKind::TooManyDecimals`],
/// [`ErrorKind::NumberOutOfRange`].
///
/// ```
/// assert_eq!(engine::draft::read_draft_number("12,5").unwrap().to_string(), "12.5");
/// assert_eq!(engine::draft::read_draft_number("dua").unwrap_err().code(), "not_a_number");
/// ```
pub fn read_draft_number(text: &str) -> Result<Decimal, ErrorKind> {
    read_number(text).map_err(|error| match error {
        InputError::TooManyDecimals { decimals } => ErrorKind::TooManyDecimals { decimals },
        InputError::NumberOutOfRange => ErrorKind::NumberOutOfRange,
        _ => ErrorKind::NotANumber { text: text.trim().to_string() },
    })
}

fn text_of(value: Option<&str>) -> String {
    value.unwrap_or_default().to_string()
}

impl RubricDraft {
    /// A draft with the six CETTAR spirits (the kab/kota 2023 weights) and no indicator yet.
    ///
    /// ```
    /// let draft = engine::draft::RubricDraft::cettar();
    /// assert_eq!(draft.spirit_weight_sum().unwrap().to_string(), "100");
    /// ```
    pub fn cettar() -> RubricDraft {
        let spirits = [
            ("C", "Cepat", "20"),
            ("E", "Efektif & Efisien", "20"),
            ("T", "Tanggap", "15"),
            ("TR", "Transparan", "5"),
            ("A", "Akuntabel", "25"),
            ("R", "Responsif", "15"),
        ];
        RubricDraft {
            spirits: spirits
                .iter()
                .map(|(code, name, weight)| SpiritDraft {
                    code: (*code).into(),
                    name: (*name).into(),
                    weight: (*weight).into(),
                    description: String::new(),
                })
                .collect(),
            ..RubricDraft::default()
        }
    }

    /// The draft of an existing rubric: every field, lossless
    /// (`RubricDraft::from_rubric(&r).to_rubric()` is `r` again).
    pub fn from_rubric(rubric: &Rubric) -> RubricDraft {
        RubricDraft {
            id: rubric.id().into(),
            name: rubric.name().into(),
            year: rubric.year().map(|year| year.to_string()).unwrap_or_default(),
            population: text_of(rubric.population()),
            rounding: rubric.rounding(),
            description: text_of(rubric.description()),
            grade_labels: rubric.grade_labels().map(|labels| labels.to_vec()).unwrap_or_default(),
            spirits: rubric
                .spirits()
                .iter()
                .map(|spirit| SpiritDraft {
                    code: spirit.code().as_str().into(),
                    name: spirit.name().into(),
                    weight: spirit.weight().value().to_string(),
                    description: text_of(spirit.description()),
                })
                .collect(),
            indicators: rubric
                .indicators()
                .iter()
                .map(|indicator| {
                    let mut rule = RuleDraft::default();
                    match indicator.rule() {
                        Rule::Scale(scale) => {
                            rule.min = scale.min().to_string();
                            rule.max = scale.max().to_string();
                            let default_target = match scale.direction() {
                                Direction::Higher => scale.max(),
                                Direction::Lower => scale.min(),
                            };
                            if scale.target() != default_target {
                                rule.target = scale.target().to_string();
                            }
                            rule.direction = scale.direction();
                        }
                        Rule::Category(category) => {
                            rule.kind = RuleKind::Category;
                            rule.labels = category
                                .labels()
                                .iter()
                                .map(|l| LabelDraft { label: l.label.clone(), points: l.points.to_string() })
                                .collect();
                        }
                        Rule::Boolean => rule.kind = RuleKind::Boolean,
                    }
                    IndicatorDraft {
                        code: indicator.code().as_str().into(),
                        name: indicator.name().into(),
                        spirit: rubric.spirits()[indicator.spirit_position()].code().as_str().into(),
                        weight: indicator.weight().value().to_string(),
                        owner: text_of(indicator.owner()),
                        source_note: text_of(indicator.source_note()),
                        description: text_of(indicator.description()),
                        rule,
                    }
                })
                .collect(),
        }
    }

    /// The sum of the spirit weights, or `None` while one of them is not a number.
    pub fn spirit_weight_sum(&self) -> Option<Decimal> {
        let mut micros: i64 = 0;
        for spirit in &self.spirits {
            micros = micros.checked_add(read_draft_number(&spirit.weight).ok()?.micros())?;
        }
        Decimal::from_micros(micros)
    }

    /// The rubric document (`sibekisar.rubric/v1`) this draft stands for, with the problems of
    /// fields whose text is not a number (those fields are written as `null`).
    fn write(&self) -> (String, Vec<FieldError>) {
        let mut writer = Writer { out: String::new(), problems: Vec::new() };
        let out = &mut writer;
        out.raw("{\"schema\":");
        out.string(RUBRIC_SCHEMA);
        out.raw(",\"id\":");
        out.string(&self.id);
        out.raw(",\"name\":");
        out.string(&self.name);
        let year = self.year.trim();
        if !year.is_empty() {
            if year.len() <= 4 && year.bytes().all(|b| b.is_ascii_digit()) {
                out.raw(",\"year\":");
                out.raw(year);
            } else {
                out.problems.push(FieldError::new("year", ErrorKind::InvalidYear));
            }
        }
        out.optional_text("population", &self.population);
        out.raw(",\"rounding\":");
        out.string(match self.rounding {
            Rounding::PerSpirit => "spirit",
            Rounding::Total => "total",
        });
        out.optional_text("description", &self.description);
        if !self.grade_labels.is_empty() {
            out.raw(",\"grade_labels\":{");
            for (position, (letter, label)) in ["A", "B", "C", "D", "E"].iter().zip(&self.grade_labels).enumerate() {
                out.raw(if position == 0 { "\"" } else { ",\"" });
                out.raw(letter);
                out.raw("\":");
                out.string(label);
            }
            out.raw("}");
        }
        out.raw(",\"spirits\":[");
        for (position, spirit) in self.spirits.iter().enumerate() {
            let path = index("spirits", position);
            out.raw(if position == 0 { "{" } else { ",{" });
            out.raw("\"code\":");
            out.string(spirit.code.trim());
            out.raw(",\"name\":");
            out.string(&spirit.name);
            out.number("weight", &spirit.weight, &path);
            out.optional_text("description", &spirit.description);
            out.raw("}");
        }
        out.raw("],\"indicators\":[");
        for (position, indicator) in self.indicators.iter().enumerate() {
            let path = index("indicators", position);
            out.raw(if position == 0 { "{" } else { ",{" });
            out.raw("\"code\":");
            out.string(indicator.code.trim());
            out.raw(",\"name\":");
            out.string(&indicator.name);
            out.raw(",\"spirit\":");
            out.string(&indicator.spirit);
            out.number("weight", &indicator.weight, &path);
            out.optional_text("owner", &indicator.owner);
            out.optional_text("source_note", &indicator.source_note);
            out.optional_text("description", &indicator.description);
            let rule = &indicator.rule;
            let rule_path = join(&path, "rule");
            out.raw(",\"rule\":{\"kind\":");
            match rule.kind {
                RuleKind::Scale => {
                    out.string("scale");
                    out.number("min", &rule.min, &rule_path);
                    out.number("max", &rule.max, &rule_path);
                    if !rule.target.trim().is_empty() {
                        out.number("target", &rule.target, &rule_path);
                    }
                    out.raw(",\"direction\":");
                    out.string(match rule.direction {
                        Direction::Higher => "higher",
                        Direction::Lower => "lower",
                    });
                }
                RuleKind::Category => {
                    out.string("category");
                    out.raw(",\"points\":{");
                    let points_path = join(&rule_path, "points");
                    for (label_position, label) in rule.labels.iter().enumerate() {
                        if label_position > 0 {
                            out.raw(",");
                        }
                        out.string(&label.label);
                        out.raw(":");
                        out.number_value(&label.points, &join(&points_path, &label.label));
                    }
                    out.raw("}");
                }
                RuleKind::Boolean => out.string("boolean"),
            }
            out.raw("}}");
        }
        out.raw("]}");
        (writer.out, writer.problems)
    }

    /// The rubric file of this draft (what "Unduh JSON" saves), whether or not it is valid;
    /// a field whose text is not a number is written as `null`.
    pub fn to_json(&self) -> String {
        self.write().0
    }

    /// The rubric, checked exactly as a rubric file is.
    ///
    /// # Errors
    /// Every problem, each with the path of its field ([`RubricDraft::field_paths`]).
    ///
    /// ```
    /// use engine::draft::RubricDraft;
    /// let mut draft = RubricDraft::cettar();
    /// draft.spirits[0].weight = "25".into();
    /// let errors = draft.to_rubric().unwrap_err();
    /// assert!(errors.problems().iter().any(|e| e.field == "spirits" && e.kind.code() == "weights_do_not_sum_to_100"));
    /// ```
    pub fn to_rubric(&self) -> Result<Rubric, Errors> {
        let (document, mut problems) = self.write();
        match Rubric::parse_json(&document) {
            Ok(rubric) if problems.is_empty() => Ok(rubric),
            Ok(_) => Err(Errors(problems)),
            Err(errors) => {
                // A field written as `null` has its own, better message already.
                let replaced: BTreeSet<String> = problems.iter().map(|p| p.field.clone()).collect();
                let mut all: Vec<FieldError> =
                    errors.into_vec().into_iter().filter(|e| !replaced.contains(&e.field)).collect();
                all.append(&mut problems);
                Err(Errors(all))
            }
        }
    }

    /// Every path the editor shows a message next to: the document's fields, each spirit and
    /// indicator (and their fields), each rule field and each category label.
    pub fn field_paths(&self) -> Vec<String> {
        let mut paths: Vec<String> =
            ["id", "name", "year", "population", "rounding", "description", "spirits", "indicators"]
                .iter()
                .map(|p| (*p).to_string())
                .collect();
        for position in 0..self.spirits.len() {
            let path = index("spirits", position);
            for field in ["code", "name", "weight", "description"] {
                paths.push(join(&path, field));
            }
            paths.push(path);
        }
        for (position, indicator) in self.indicators.iter().enumerate() {
            let path = index("indicators", position);
            for field in ["code", "name", "spirit", "weight", "owner", "source_note", "description", "rule"] {
                paths.push(join(&path, field));
            }
            let rule = join(&path, "rule");
            for field in ["kind", "min", "max", "target", "direction", "points"] {
                paths.push(join(&rule, field));
            }
            for label in &indicator.rule.labels {
                paths.push(join(&join(&rule, "points"), &label.label));
            }
            paths.push(path);
        }
        paths
    }
}

impl RubricDraft {
    /// Moves the indicator at `position` one place up (towards the first) or down, and returns
    /// its new position; `None` (and nothing changes) when it is already at that end or there is
    /// no such indicator. The order is the order of the file and of every list; scores do not
    /// depend on it.
    ///
    /// ```
    /// use engine::draft::{IndicatorDraft, RubricDraft};
    /// let mut draft = RubricDraft::cettar();
    /// for code in ["A", "B"] {
    ///     draft.indicators.push(IndicatorDraft { code: code.into(), ..IndicatorDraft::default() });
    /// }
    /// assert_eq!(draft.move_indicator(1, true), Some(0));
    /// assert_eq!(draft.indicators[0].code, "B");
    /// assert_eq!(draft.move_indicator(0, true), None);
    /// ```
    pub fn move_indicator(&mut self, position: usize, up: bool) -> Option<usize> {
        let target = if up { position.checked_sub(1)? } else { position.checked_add(1)? };
        if position >= self.indicators.len() || target >= self.indicators.len() {
            return None;
        }
        self.indicators.swap(position, target);
        Some(target)
    }
}

impl RubricDraft {
    /// The draft exactly as typed, every field as text, for keeping it in the browser between
    /// visits (a wrong number stays what was typed, unlike [`RubricDraft::to_json`]).
    pub fn to_saved(&self) -> String {
        let mut out = String::from("[1");
        let text = |out: &mut String, value: &str| {
            out.push(',');
            write_string(out, value);
        };
        let rounding = if self.rounding == Rounding::Total { "total" } else { "spirit" };
        for value in [&self.id, &self.name, &self.year, &self.population, rounding, &self.description] {
            text(&mut out, value);
        }
        out.push_str(",[");
        for (position, spirit) in self.spirits.iter().enumerate() {
            out.push_str(if position == 0 { "[0" } else { ",[0" });
            for value in [&spirit.code, &spirit.name, &spirit.weight, &spirit.description] {
                text(&mut out, value);
            }
            out.push(']');
        }
        out.push_str("],[");
        for (position, indicator) in self.indicators.iter().enumerate() {
            out.push_str(if position == 0 { "[0" } else { ",[0" });
            let rule = &indicator.rule;
            let kind = match rule.kind {
                RuleKind::Scale => "scale",
                RuleKind::Category => "category",
                RuleKind::Boolean => "boolean",
            };
            let direction = if rule.direction == Direction::Lower { "lower" } else { "higher" };
            for value in [
                &indicator.code,
                &indicator.name,
                &indicator.spirit,
                &indicator.weight,
                &indicator.owner,
                &indicator.source_note,
                &indicator.description,
                kind,
                &rule.min,
                &rule.max,
                &rule.target,
                direction,
            ] {
                text(&mut out, value);
            }
            for label in &rule.labels {
                text(&mut out, &label.label);
                text(&mut out, &label.points);
            }
            out.push(']');
        }
        out.push_str("]]");
        out
    }

    /// Reads what [`RubricDraft::to_saved`] wrote; `None` for anything else.
    ///
    /// ```
    /// let mut draft = engine::draft::RubricDraft::cettar();
    /// draft.spirits[0].weight = "dua puluh".into();
    /// assert_eq!(engine::draft::RubricDraft::from_saved(&draft.to_saved()), Some(draft));
    /// ```
    pub fn from_saved(text: &str) -> Option<RubricDraft> {
        use crate::json::{Json, parse};
        let document = parse(text).ok()?;
        let Json::Array(items) = document else { return None };
        let texts = |items: &[Json]| -> Option<Vec<String>> {
            items
                .iter()
                .map(|item| match item {
                    Json::String(text) => Some(text.clone()),
                    _ => None,
                })
                .collect()
        };
        let [version, head @ .., spirits, indicators] = items.as_slice() else { return None };
        if *version != Json::Number("1".into()) || head.len() != 6 {
            return None;
        }
        let head = texts(head)?;
        let rows = |list: &Json| -> Option<Vec<Vec<String>>> {
            let Json::Array(rows) = list else { return None };
            rows.iter()
                .map(|row| match row {
                    Json::Array(cells) if !cells.is_empty() => texts(&cells[1..]),
                    _ => None,
                })
                .collect()
        };
        let spirits = rows(spirits)?
            .into_iter()
            .map(|cells| match cells.as_slice() {
                [code, name, weight, description] => Some(SpiritDraft {
                    code: code.clone(),
                    name: name.clone(),
                    weight: weight.clone(),
                    description: description.clone(),
                }),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?;
        let indicators = rows(indicators)?
            .into_iter()
            .map(|cells| {
                let (fields, labels) = cells.split_at_checked(12)?;
                if labels.len() % 2 != 0 {
                    return None;
                }
                let rule = RuleDraft {
                    kind: match fields[7].as_str() {
                        "category" => RuleKind::Category,
                        "boolean" => RuleKind::Boolean,
                        _ => RuleKind::Scale,
                    },
                    min: fields[8].clone(),
                    max: fields[9].clone(),
                    target: fields[10].clone(),
                    direction: if fields[11] == "lower" { Direction::Lower } else { Direction::Higher },
                    labels: labels
                        .chunks(2)
                        .map(|pair| LabelDraft { label: pair[0].clone(), points: pair[1].clone() })
                        .collect(),
                };
                Some(IndicatorDraft {
                    code: fields[0].clone(),
                    name: fields[1].clone(),
                    spirit: fields[2].clone(),
                    weight: fields[3].clone(),
                    owner: fields[4].clone(),
                    source_note: fields[5].clone(),
                    description: fields[6].clone(),
                    rule,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(RubricDraft {
            id: head[0].clone(),
            name: head[1].clone(),
            year: head[2].clone(),
            population: head[3].clone(),
            rounding: if head[4] == "total" { Rounding::Total } else { Rounding::PerSpirit },
            description: head[5].clone(),
            // Not in the saved text: a saved draft keeps CETTAR's names.
            grade_labels: Vec::new(),
            spirits,
            indicators,
        })
    }
}

struct Writer {
    out: String,
    problems: Vec<FieldError>,
}

impl Writer {
    fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    fn string(&mut self, text: &str) {
        write_string(&mut self.out, text);
    }

    fn optional_text(&mut self, key: &str, text: &str) {
        if !text.trim().is_empty() {
            self.raw(",\"");
            self.raw(key);
            self.raw("\":");
            self.string(text);
        }
    }

    /// `,"key":number`; a blank text leaves the member out (the reader says it is missing).
    fn number(&mut self, key: &str, text: &str, path: &str) {
        if text.trim().is_empty() {
            return;
        }
        self.raw(",\"");
        self.raw(key);
        self.raw("\":");
        self.number_value(text, &join(path, key));
    }

    fn number_value(&mut self, text: &str, path: &str) {
        match read_draft_number(text) {
            Ok(number) => self.raw(&number.to_string()),
            Err(_) if text.trim().is_empty() => {
                self.problems.push(FieldError::new(path, ErrorKind::MissingField));
                self.raw("null");
            }
            Err(kind) => {
                self.problems.push(FieldError::new(path, kind));
                self.raw("null");
            }
        }
    }
}

/// What a draft changes against the rubric it started from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RubricDiff {
    /// Indicator codes the draft adds.
    pub added: Vec<String>,
    /// Indicator codes the draft retires.
    pub removed: Vec<String>,
    /// Indicators whose weight or spirit changed: code, old weight, new weight.
    pub reweighted: Vec<(String, Decimal, Decimal)>,
    /// Indicators whose rule changed.
    pub rules_changed: Vec<String>,
    /// Spirits whose weight changed (or that were added or removed, with 0 for absent).
    pub spirits_reweighted: Vec<(String, Decimal, Decimal)>,
    /// Whether the rounding rule changed.
    pub rounding_changed: bool,
}

impl RubricDiff {
    /// Whether nothing that affects a score changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.reweighted.is_empty()
            && self.rules_changed.is_empty()
            && self.spirits_reweighted.is_empty()
            && !self.rounding_changed
    }
}

/// The difference between two rubrics, by indicator and spirit code.
///
/// ```
/// use engine::draft::{RubricDraft, diff};
/// let text = r#"{"schema":"sibekisar.rubric/v1","id":"d","name":"D",
///   "spirits":[{"code":"C","name":"Cepat","weight":100}],
///   "indicators":[{"code":"IKM","name":"IKM","spirit":"C","weight":1,"rule":{"kind":"boolean"}}]}"#;
/// let base = engine::Rubric::parse_json(text).unwrap();
/// let mut draft = RubricDraft::from_rubric(&base);
/// draft.indicators[0].weight = "2".into();
/// let changes = diff(&base, &draft.to_rubric().unwrap());
/// assert_eq!(changes.reweighted.len(), 1);
/// ```
pub fn diff(base: &Rubric, draft: &Rubric) -> RubricDiff {
    let mut changes = RubricDiff { rounding_changed: base.rounding() != draft.rounding(), ..RubricDiff::default() };
    for indicator in draft.indicators() {
        let code = indicator.code().as_str();
        match base.indicator_position(code) {
            None => changes.added.push(code.into()),
            Some(position) => {
                let old = &base.indicators()[position];
                let old_spirit = base.spirits()[old.spirit_position()].code();
                let new_spirit = draft.spirits()[indicator.spirit_position()].code();
                if old.weight() != indicator.weight() || old_spirit != new_spirit {
                    changes.reweighted.push((code.into(), old.weight().value(), indicator.weight().value()));
                }
                if !same_rule(old.rule(), indicator.rule()) {
                    changes.rules_changed.push(code.into());
                }
            }
        }
    }
    for indicator in base.indicators() {
        if draft.indicator_position(indicator.code().as_str()).is_none() {
            changes.removed.push(indicator.code().as_str().into());
        }
    }
    let weight_of = |rubric: &Rubric, code: &str| {
        rubric.spirits().iter().find(|s| s.code().as_str() == code).map(|s| s.weight().value())
    };
    let mut codes: Vec<&str> = draft.spirits().iter().map(|s| s.code().as_str()).collect();
    codes.extend(base.spirits().iter().map(|s| s.code().as_str()).filter(|c| weight_of(draft, c).is_none()));
    for code in codes {
        let (old, new) = (weight_of(base, code), weight_of(draft, code));
        if old != new {
            changes.spirits_reweighted.push((code.into(), old.unwrap_or(Decimal::ZERO), new.unwrap_or(Decimal::ZERO)));
        }
    }
    changes
}

fn same_rule(left: &Rule, right: &Rule) -> bool {
    match (left, right) {
        (Rule::Scale(a), Rule::Scale(b)) => {
            a.min() == b.min() && a.max() == b.max() && a.target() == b.target() && a.direction() == b.direction()
        }
        (Rule::Category(a), Rule::Category(b)) => a.labels() == b.labels(),
        (Rule::Boolean, Rule::Boolean) => true,
        _ => false,
    }
}

/// The score a raw value typed as text earns under one rule alone: the editor's live preview
/// "raw value → score". The rule is checked as in a rubric file.
///
/// # Errors
/// The rule's own problems (paths relative to the rule: `min`, `points.WTP`), or the value's
/// refusal at path `value`.
///
/// ```
/// use engine::draft::{RuleDraft, rule_preview};
/// let rule = RuleDraft { min: "0".into(), max: "5".into(), ..RuleDraft::default() };
/// assert_eq!(rule_preview(&rule, "3,42").unwrap().to_fixed(2), "68.40");
/// ```
pub fn rule_preview(rule: &RuleDraft, raw_text: &str) -> Result<crate::Exact, Errors> {
    let draft = RubricDraft {
        id: "preview".into(),
        name: "preview".into(),
        spirits: vec![SpiritDraft {
            code: "S".into(),
            name: "S".into(),
            weight: "100".into(),
            ..SpiritDraft::default()
        }],
        indicators: vec![IndicatorDraft {
            code: "X".into(),
            name: "X".into(),
            spirit: "S".into(),
            weight: "1".into(),
            rule: rule.clone(),
            ..IndicatorDraft::default()
        }],
        ..RubricDraft::default()
    };
    let rubric = draft.to_rubric().map_err(|errors| {
        Errors(
            errors
                .into_vec()
                .into_iter()
                .map(|mut e| {
                    e.field = e.field.strip_prefix("indicators[0].rule.").unwrap_or(&e.field).to_string();
                    e
                })
                .collect(),
        )
    })?;
    let value = crate::input::read_value(&rubric, 0, raw_text)
        .map_err(|error| {
            let kind = match error {
                InputError::ValueOutOfRange { min, max } => {
                    ErrorKind::ValueOutOfRange { value: read_number(raw_text).unwrap_or(Decimal::ZERO), min, max }
                }
                InputError::UnknownLabel => ErrorKind::UnknownLabel {
                    label: raw_text.trim().into(),
                    expected: match rubric.indicators()[0].rule() {
                        Rule::Category(c) => c.labels().iter().map(|l| l.label.as_str()).collect::<Vec<_>>().join(", "),
                        _ => String::new(),
                    },
                },
                InputError::NotYesNo => ErrorKind::WrongValueType { expected: "true or false" },
                InputError::TooManyDecimals { decimals } => ErrorKind::TooManyDecimals { decimals },
                InputError::NumberOutOfRange => ErrorKind::NumberOutOfRange,
                InputError::NotANumber | InputError::ThousandsSeparator => {
                    ErrorKind::NotANumber { text: raw_text.trim().into() }
                }
            };
            Errors(vec![FieldError::new("value", kind)])
        })?
        .ok_or_else(|| Errors(vec![FieldError::new("value", ErrorKind::MissingField)]))?;
    Ok(rubric.indicator_score(0, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KABKOTA_2023: &str = include_str!("../../public/rubrics/rubric-kabkota-2023.json");
    const OPD_2023: &str = include_str!("../../public/rubrics/rubric-opd-2023.json");

    fn kabkota() -> RubricDraft {
        RubricDraft::from_rubric(&Rubric::parse_json(KABKOTA_2023).expect("the shipped rubric is valid"))
    }

    #[test]
    fn moving_an_indicator_changes_its_place_and_no_score() {
        let mut draft = kabkota();
        let last = draft.indicators.len() - 1;
        let first_code = draft.indicators[0].code.clone();
        assert_eq!(draft.move_indicator(0, true), None);
        assert_eq!(draft.move_indicator(last, false), None);
        assert_eq!(draft.move_indicator(last + 1, true), None);
        assert_eq!(draft.move_indicator(0, false), Some(1));
        assert_eq!(draft.indicators[1].code, first_code);
        assert_eq!(draft.move_indicator(1, true), Some(0));
        assert_eq!(draft, kabkota());
        draft.move_indicator(3, false);
        let moved = draft.to_rubric().expect("a reordered valid draft stays valid");
        assert_eq!(moved.indicators()[4].code().as_str(), kabkota().indicators[3].code);
        assert!(diff(&kabkota().to_rubric().expect("valid"), &moved).is_empty());
    }

    /// A small valid draft with one rule of each kind.
    fn small() -> RubricDraft {
        let mut draft = RubricDraft {
            id: "uji".into(),
            name: "Uji".into(),
            year: "2024".into(),
            spirits: vec![
                SpiritDraft { code: "C".into(), name: "Cepat".into(), weight: "60".into(), ..SpiritDraft::default() },
                SpiritDraft {
                    code: "A".into(),
                    name: "Akuntabel".into(),
                    weight: "40".into(),
                    ..SpiritDraft::default()
                },
            ],
            ..RubricDraft::default()
        };
        let indicator = |code: &str, spirit: &str, rule: RuleDraft| IndicatorDraft {
            code: code.into(),
            name: code.into(),
            spirit: spirit.into(),
            weight: "1".into(),
            rule,
            ..IndicatorDraft::default()
        };
        draft.indicators = vec![
            indicator("IKM", "C", RuleDraft::default()),
            indicator(
                "OPINI",
                "A",
                RuleDraft {
                    kind: RuleKind::Category,
                    labels: vec![
                        LabelDraft { label: "WTP".into(), points: "100".into() },
                        LabelDraft { label: "WDP".into(), points: "70".into() },
                    ],
                    ..RuleDraft::default()
                },
            ),
            indicator("ZI", "A", RuleDraft { kind: RuleKind::Boolean, ..RuleDraft::default() }),
        ];
        draft
    }

    /// Applies `change` to the small draft; every problem must sit at a path the editor shows, and
    /// the expected one must be among them.
    fn check(change: impl FnOnce(&mut RubricDraft), code: &str, field: &str) {
        let mut draft = small();
        change(&mut draft);
        let errors = draft.to_rubric().expect_err("the change breaks the draft").into_vec();
        let paths = draft.field_paths();
        for error in &errors {
            assert!(paths.contains(&error.field), "{} at {:?} is shown nowhere", error.kind.code(), error.field);
        }
        assert!(
            errors.iter().any(|e| e.kind.code() == code && e.field == field),
            "expected {code} at {field}, got {:?}",
            errors.iter().map(|e| (e.kind.code(), e.field.as_str())).collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_shipped_rubrics_survive_a_round_trip_through_the_draft() {
        for text in [KABKOTA_2023, OPD_2023] {
            let rubric = Rubric::parse_json(text).unwrap();
            let draft = RubricDraft::from_rubric(&rubric);
            let again = draft.to_rubric().unwrap();
            assert_eq!(RubricDraft::from_rubric(&again), draft);
            assert!(diff(&rubric, &again).is_empty());
            assert_eq!(Rubric::parse_json(&draft.to_json()).map(|r| RubricDraft::from_rubric(&r)).unwrap(), draft);
        }
        assert!(small().to_rubric().is_ok());
        assert!(RubricDraft::cettar().to_rubric().is_err(), "no indicator yet");
    }

    #[test]
    fn a_rubrics_own_grade_names_survive_the_draft() {
        let text = include_str!("../../public/policy/rubric-sistem-kerja-2024.json");
        let rubric = Rubric::parse_json(text).unwrap();
        let draft = RubricDraft::from_rubric(&rubric);
        assert_eq!(draft.grade_labels[1], "Efektif");
        let again = draft.to_rubric().unwrap();
        assert_eq!(again.grade_label(crate::Grade::B), "Efektif");
        let mut short = draft.clone();
        short.grade_labels.pop();
        let errors = short.to_rubric().unwrap_err();
        assert_eq!(errors.problems()[0].field, "grade_labels.E");
    }

    #[test]
    fn an_owner_of_null_reads_as_no_owner() {
        let document = crate::json::parse(KABKOTA_2023).unwrap();
        let crate::json::Json::Object(mut members) = document else { panic!("a rubric is an object") };
        for (key, value) in members.iter_mut() {
            if key == "indicators"
                && let crate::json::Json::Array(items) = value
                && let Some(crate::json::Json::Object(first)) = items.first_mut()
            {
                first.retain(|(k, _)| k != "owner");
                first.push(("owner".into(), crate::json::Json::Null));
            }
        }
        let rubric = Rubric::from_json(&crate::json::Json::Object(members)).unwrap();
        assert_eq!(rubric.indicators()[0].owner(), None);
        assert!(rubric.indicators()[1].owner().is_some());
    }

    #[test]
    fn every_engine_error_a_draft_can_cause_reaches_its_field() {
        check(|d| d.id = " ".into(), "empty_text", "id");
        check(|d| d.name = String::new(), "empty_text", "name");
        check(|d| d.year = "20x4".into(), "invalid_year", "year");
        check(|d| d.year = "1800".into(), "invalid_year", "year");
        check(|d| d.spirits.clear(), "empty_list", "spirits");
        check(|d| d.indicators.clear(), "empty_list", "indicators");
        check(
            |d| {
                d.spirits = (0..17)
                    .map(|i| SpiritDraft {
                        code: format!("S{i}"),
                        name: "S".into(),
                        weight: "0".into(),
                        ..SpiritDraft::default()
                    })
                    .collect()
            },
            "too_many_spirits",
            "spirits",
        );
        check(
            |d| {
                let first = d.indicators[0].clone();
                d.indicators = (0..257).map(|i| IndicatorDraft { code: format!("X{i}"), ..first.clone() }).collect();
            },
            "too_many_indicators",
            "indicators",
        );
        check(|d| d.spirits[1].code = "A B".into(), "invalid_code", "spirits[1].code");
        check(|d| d.spirits[1].code = "C".into(), "duplicate_spirit_code", "spirits[1].code");
        check(|d| d.spirits[0].name = String::new(), "empty_text", "spirits[0].name");
        check(|d| d.spirits[0].weight = String::new(), "missing_field", "spirits[0].weight");
        check(|d| d.spirits[0].weight = "enam puluh".into(), "not_a_number", "spirits[0].weight");
        check(|d| d.spirits[0].weight = "1.000,5".into(), "not_a_number", "spirits[0].weight");
        check(|d| d.spirits[0].weight = "-5".into(), "non_positive_weight", "spirits[0].weight");
        check(|d| d.spirits[0].weight = "61".into(), "weights_do_not_sum_to_100", "spirits");
        check(|d| d.spirits[0].weight = "60,0000001".into(), "too_many_decimals", "spirits[0].weight");
        check(|d| d.spirits[0].weight = "1e13".into(), "number_out_of_range", "spirits[0].weight");
        check(|d| d.indicators[0].spirit = "C".repeat(2), "unknown_spirit", "indicators[0].spirit");
        check(|d| d.indicators[0].spirit = "A".into(), "spirit_without_indicator", "spirits[0]");
        check(|d| d.indicators[1].code = String::new(), "invalid_code", "indicators[1].code");
        check(|d| d.indicators[1].code = "IKM".into(), "duplicate_indicator_code", "indicators[1].code");
        check(|d| d.indicators[1].name = "  ".into(), "empty_text", "indicators[1].name");
        check(|d| d.indicators[0].weight = "0".into(), "non_positive_weight", "indicators[0].weight");
        check(|d| d.indicators[0].weight = "x".into(), "not_a_number", "indicators[0].weight");
        check(|d| d.indicators[0].rule.min = "100".into(), "min_not_below_max", "indicators[0].rule.max");
        check(|d| d.indicators[0].rule.max = String::new(), "missing_field", "indicators[0].rule.max");
        check(|d| d.indicators[0].rule.min = "nol".into(), "not_a_number", "indicators[0].rule.min");
        check(|d| d.indicators[0].rule.target = "0".into(), "target_outside_range", "indicators[0].rule.target");
        check(
            |d| {
                d.indicators[0].rule.direction = Direction::Lower;
                d.indicators[0].rule.target = "100".into();
            },
            "target_outside_range",
            "indicators[0].rule.target",
        );
        check(|d| d.indicators[1].rule.labels.clear(), "empty_category", "indicators[1].rule.points");
        check(
            |d| d.indicators[1].rule.labels[1].points = "101".into(),
            "points_out_of_range",
            "indicators[1].rule.points.WDP",
        );
        check(
            |d| d.indicators[1].rule.labels[1].points = String::new(),
            "missing_field",
            "indicators[1].rule.points.WDP",
        );
        check(
            |d| d.indicators[1].rule.labels[1].label = "WTP".into(),
            "duplicate_field",
            "indicators[1].rule.points.WTP",
        );
        check(|d| d.indicators[1].rule.labels[1].label = " ".into(), "empty_text", "indicators[1].rule.points. ");
        check(
            |d| {
                d.indicators[0].rule.max = "0.000001".into();
                d.indicators[0].weight = "0.000001".into();
                d.indicators[0].rule.min = "-999999999999".into();
                let mut extra = d.indicators[0].clone();
                extra.code = "IKM2".into();
                extra.weight = "999999999999".into();
                extra.rule.min = "-999999999998.999999".into();
                d.indicators.push(extra);
                d.spirits[0].weight = "59.999999".into();
                d.spirits[1].weight = "40.000001".into();
            },
            "too_fine_grained",
            "spirits[0]",
        );
    }

    #[test]
    fn a_saved_draft_comes_back_exactly_as_typed() {
        let mut draft = kabkota();
        draft.rounding = Rounding::Total;
        draft.spirits[1].weight = "dua \"puluh\"".into();
        draft.indicators[2].rule.kind = RuleKind::Boolean;
        draft.indicators[3].rule.direction = Direction::Lower;
        draft.indicators[4].rule.labels.push(LabelDraft { label: "Ünïcode, \n".into(), points: String::new() });
        assert_eq!(RubricDraft::from_saved(&draft.to_saved()), Some(draft.clone()));
        assert_eq!(RubricDraft::from_saved(&small().to_saved()), Some(small()));
        assert_eq!(RubricDraft::from_saved("[2]"), None);
        assert_eq!(RubricDraft::from_saved(&draft.to_json()), None);
    }

    #[test]
    fn the_weight_sum_follows_the_typed_text() {
        let mut draft = kabkota();
        assert_eq!(draft.spirit_weight_sum().unwrap().to_string(), "100");
        draft.spirits[0].weight = "22,5".into();
        assert_eq!(draft.spirit_weight_sum().unwrap().to_string(), "102.5");
        draft.spirits[0].weight = "dua".into();
        assert_eq!(draft.spirit_weight_sum(), None);
    }

    #[test]
    fn switching_a_rule_kind_keeps_the_other_kinds_fields() {
        let mut draft = small();
        draft.indicators[1].rule.kind = RuleKind::Scale;
        assert!(draft.to_rubric().is_ok());
        draft.indicators[1].rule.kind = RuleKind::Category;
        assert_eq!(draft.to_rubric().map(|r| RubricDraft::from_rubric(&r)).unwrap(), small());
    }

    #[test]
    fn the_difference_names_added_removed_reweighted_and_changed_rules() {
        let base = small().to_rubric().unwrap();
        let mut draft = small();
        draft.indicators.remove(2);
        draft.indicators[0].weight = "2".into();
        draft.indicators[1].rule.labels[1].points = "60".into();
        let mut new = draft.indicators[0].clone();
        new.code = "BARU".into();
        draft.indicators.push(new);
        draft.spirits[0].weight = "50".into();
        draft.spirits[1].weight = "50".into();
        let changes = diff(&base, &draft.to_rubric().unwrap());
        assert_eq!(changes.added, ["BARU"]);
        assert_eq!(changes.removed, ["ZI"]);
        assert_eq!(changes.reweighted.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), ["IKM"]);
        assert_eq!(changes.rules_changed, ["OPINI"]);
        assert_eq!(changes.spirits_reweighted.len(), 2);
        assert!(!changes.rounding_changed);
    }

    #[test]
    fn the_preview_scores_one_raw_value_under_one_rule() {
        let scale = RuleDraft { min: "0".into(), max: "5".into(), target: "4".into(), ..RuleDraft::default() };
        assert_eq!(rule_preview(&scale, "2").unwrap().to_fixed(2), "50.00");
        assert_eq!(rule_preview(&scale, "4,5").unwrap().to_fixed(2), "100.00");
        assert_eq!(rule_preview(&scale, "6").unwrap_err().problems()[0].kind.code(), "indicator_out_of_range");
        let broken = RuleDraft { max: "-1".into(), ..RuleDraft::default() };
        assert_eq!(rule_preview(&broken, "1").unwrap_err().problems()[0].field, "max");
        let category = small().indicators[1].rule.clone();
        assert_eq!(rule_preview(&category, "wdp").unwrap().to_fixed(2), "70.00");
        assert_eq!(rule_preview(&category, "TW").unwrap_err().problems()[0].kind.code(), "unknown_label");
        let yes_no = RuleDraft { kind: RuleKind::Boolean, ..RuleDraft::default() };
        assert_eq!(rule_preview(&yes_no, "ya").unwrap().to_fixed(0), "100");
    }
}
