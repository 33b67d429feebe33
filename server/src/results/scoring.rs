//! The server's one door to the `engine` crate.
//!
//! Every use of the engine's API (rubric parsing, value checking, scoring, ranking, wire types)
//! goes through this module, so that a change in the engine is a change here only. Official
//! scores are always computed here from stored raw values; the server never accepts a score from
//! a client.

use anyhow::{Context, Result, anyhow};
use sha2::{Digest, Sha256};

use crate::error::Problem;

/// A JSON number written verbatim from its decimal text (`81.00` stays `81.00`).
pub type WireNumber = engine::wire::WireNumber;

/// A unit's full result as the engine explains it (total, spirits, indicators, range).
pub type Explanation = engine::wire::ScoreResponse;

/// A rubric checked by the engine, with the few facts storage needs.
pub struct CheckedRubric {
    rubric: engine::Rubric,
}

impl CheckedRubric {
    /// The document's own id, e.g. `cettar-2023-kabkota`.
    pub fn id(&self) -> &str {
        self.rubric.id()
    }

    /// Indicator codes in rubric order.
    pub fn indicator_codes(&self) -> Vec<String> {
        self.rubric.indicators().iter().map(|indicator| indicator.code().as_str().to_owned()).collect()
    }
}

/// Parses and checks a rubric document.
///
/// # Errors
/// Every problem the engine finds, with its path inside the rubric (`indicators[2].weight`).
pub fn check_rubric(text: &str) -> Result<CheckedRubric, Vec<Problem>> {
    engine::wire::parse_rubric(text).map(|rubric| CheckedRubric { rubric }).map_err(|errors| {
        errors.into_iter().map(|error| Problem::new(error.code, error.message, Some(error.field))).collect()
    })
}

/// Lower-case hex SHA-256 of a rubric document's exact text (a stored version's identity).
pub fn content_sha256(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The stored JSON text of a plain decimal number (`75.4` from a CSV cell), or `None` when the
/// text is not a decimal the engine accepts.
pub fn number_value_json(text: &str) -> Option<String> {
    engine::Decimal::parse(text.trim()).ok().map(|number| number.to_string())
}

/// One unit's stored raw values: `(indicator code, value as JSON text)`.
pub struct UnitInput {
    /// Names the unit in the error of a stored value that does not fit.
    pub name: String,
    pub values: Vec<(String, String)>,
}

/// One unit's official result, ready to store. Its rank is not part of it: ranks are computed
/// when results are read, from the stored totals (`storage::queries`), by the engine's rule
/// ([`engine::rank_by_total`]: standard competition ranking on the rounded total).
#[derive(Clone, Debug)]
pub struct UnitScore {
    /// Exactly two decimals, `81.00`.
    pub total: String,
    /// The same total in hundredths (`8100`), what ranks are computed from.
    pub total_cents: i64,
    pub grade: String,
    pub complete: bool,
    pub range_min: String,
    pub range_max: String,
    /// The engine's [`Explanation`] as JSON text.
    pub result_json: String,
}

/// Scores units of one population: results in the order of `units`. A unit's score depends on
/// its own values only, so a write scores just the units it touched.
///
/// # Errors
/// The rubric does not parse, or a stored value does not fit its indicator (unknown code, wrong
/// type, out of range): stored data that the write path should never have accepted.
pub fn score_units(rubric_text: &str, units: &[UnitInput]) -> Result<Vec<UnitScore>> {
    let rubric = engine::Rubric::parse_json(rubric_text)
        .map_err(|errors| anyhow!("stored rubric does not parse: {:?}", errors.problems()))?;
    let mut all_values = Vec::with_capacity(units.len());
    for unit in units {
        let parsed: Vec<(&str, engine::json::Json)> = unit
            .values
            .iter()
            .map(|(code, text)| {
                engine::json::parse(text)
                    .map(|json| (code.as_str(), json))
                    .map_err(|error| anyhow!("stored value of {code} for {} is not JSON: {error:?}", unit.name))
            })
            .collect::<Result<_>>()?;
        let mut pairs = Vec::with_capacity(parsed.len());
        for (code, json) in &parsed {
            let raw = match json {
                engine::json::Json::Null => continue,
                engine::json::Json::Number(text) => engine::RawValue::Number(
                    engine::Decimal::parse(text)
                        .map_err(|error| anyhow!("stored value {text} of {code} for {}: {error:?}", unit.name))?,
                ),
                engine::json::Json::String(label) => engine::RawValue::Label(label),
                engine::json::Json::Bool(flag) => engine::RawValue::Boolean(*flag),
                other => return Err(anyhow!("stored value of {code} for {} is a {}", unit.name, other.type_name())),
            };
            pairs.push((*code, raw));
        }
        let values = engine::UnitValues::from_pairs(&rubric, pairs).map_err(|errors| {
            anyhow!("stored values of {} do not fit the rubric: {:?}", unit.name, errors.problems())
        })?;
        all_values.push(values);
    }
    Ok(all_values
        .iter()
        .map(|values| {
            let result = engine::score_unit(&rubric, values);
            let explanation = engine::wire::to_response(&rubric, &result);
            UnitScore {
                total: result.total.to_string(),
                total_cents: result.total.hundredths(),
                grade: result.grade.letter().to_owned(),
                complete: result.is_complete(),
                range_min: result.range.min.to_string(),
                range_max: result.range.max.to_string(),
                result_json: engine::wire::to_json(&explanation),
            }
        })
        .collect())
}

/// Standard competition ranks (1, 2, 2, 4) of totals in hundredths, in input order: the
/// engine's ranking rule, which the ranks computed in SQL on reading reproduce.
pub fn competition_ranks(totals_cents: &[i64]) -> Vec<i64> {
    let totals: Vec<(&str, engine::Cents)> =
        totals_cents.iter().map(|&cents| ("", engine::Cents::new(cents))).collect();
    let mut ranks = vec![0_i64; totals.len()];
    for ranked in engine::rank_by_total(&totals) {
        ranks[ranked.input_index] = i64::try_from(ranked.rank).unwrap_or(i64::MAX);
    }
    ranks
}

/// A stored decimal text (`81.00`) as a JSON number written verbatim.
///
/// # Errors
/// The text is not a JSON number (corrupt storage).
pub fn wire_number(text: &str) -> Result<WireNumber> {
    serde_json::from_str(text).with_context(|| format!("stored decimal `{text}` is not a number"))
}

/// Reads a stored explanation.
///
/// # Errors
/// The stored JSON is not an explanation (corrupt storage or an incompatible engine version).
pub fn explanation(result_json: &str) -> Result<Explanation> {
    serde_json::from_str(result_json).context("stored result is not an engine explanation")
}

/// The grade's category in Bahasa Indonesia (`Sangat Cettar`), empty for an unknown letter.
pub fn grade_category(letter: &str) -> &'static str {
    engine::Grade::from_letter(letter).map(engine::Grade::category).unwrap_or("")
}

/// What in a scenario share code (`engine::scenario`) does not apply to this rubric, decoded
/// exactly as the browser decodes it.
///
/// # Errors
/// The stored rubric does not parse (corrupt storage).
pub fn scenario_problems(rubric_text: &str, code: &str) -> Result<Vec<engine::scenario::ShareProblem>> {
    let rubric = engine::Rubric::parse_json(rubric_text)
        .map_err(|errors| anyhow!("stored rubric does not parse: {:?}", errors.problems()))?;
    Ok(engine::scenario::decode_scenario(&rubric, &engine::UnitValues::empty(&rubric), code).1)
}

/// A stored rubric ready to check raw values one indicator at a time (the write path: entry
/// edits, batches and imports). Built once per request and population.
pub struct ValueChecker {
    rubric: engine::Rubric,
}

impl ValueChecker {
    /// # Errors
    /// The stored rubric does not parse (corrupt storage).
    pub fn new(rubric_text: &str) -> Result<Self> {
        let rubric = engine::Rubric::parse_json(rubric_text)
            .map_err(|errors| anyhow!("stored rubric does not parse: {:?}", errors.problems()))?;
        Ok(Self { rubric })
    }

    pub fn has_indicator(&self, indicator_code: &str) -> bool {
        self.rubric.indicator_position(indicator_code).is_some()
    }

    /// Indicator codes in rubric order.
    pub fn indicator_codes(&self) -> Vec<String> {
        self.rubric.indicators().iter().map(|indicator| indicator.code().as_str().to_owned()).collect()
    }

    /// Checks a raw value given as JSON text against the indicator's rule with the engine and
    /// returns its canonical JSON text (`75.40` → `75.4`); `null` (no value) is accepted as is.
    ///
    /// # Errors
    /// The engine's problem (code and Indonesian message), without a field.
    pub fn check_json(&self, indicator_code: &str, value_json: &str) -> Result<String, Problem> {
        let position = self.position(indicator_code)?;
        let json = engine::json::parse(value_json).map_err(|_| {
            Problem::new("invalid_value", "Nilai harus berupa angka, teks, true/false atau null.", None)
        })?;
        let raw = match &json {
            engine::json::Json::Null => return Ok("null".to_owned()),
            engine::json::Json::Number(text) => engine::RawValue::Number(decimal(text)?),
            engine::json::Json::String(label) => engine::RawValue::Label(label),
            engine::json::Json::Bool(flag) => engine::RawValue::Boolean(*flag),
            _ => {
                return Err(Problem::new(
                    "invalid_value",
                    "Nilai harus berupa angka, teks, true/false atau null.",
                    None,
                ));
            }
        };
        self.check_raw(position, raw)
    }

    /// Checks a spreadsheet cell's text against the indicator's rule with the engine's one
    /// reading of typed text (`engine::input`: the spellings of `docs/rubric-format.md`, the same
    /// the assessment grid accepts, decimal comma included). Returns the canonical JSON text, or
    /// `None` for an empty cell.
    ///
    /// # Errors
    /// The engine's refusal (code and Indonesian message), without a field.
    pub fn check_cell(&self, indicator_code: &str, text: &str) -> Result<Option<String>, Problem> {
        let position = self.position(indicator_code)?;
        match engine::input::read_value(&self.rubric, position, text) {
            Ok(Some(accepted)) => Ok(Some(self.rubric.value_json(position, accepted))),
            Ok(None) => Ok(None),
            Err(error) => Err(Problem::new(error.code(), error.message_id(&self.rubric, position, text), None)),
        }
    }

    fn position(&self, indicator_code: &str) -> Result<usize, Problem> {
        self.rubric.indicator_position(indicator_code).ok_or_else(|| {
            Problem::new(
                "unknown_indicator",
                format!("Indikator `{indicator_code}` tidak ada pada rubrik periode ini."),
                None,
            )
        })
    }

    fn check_raw(&self, position: usize, raw: engine::RawValue<'_>) -> Result<String, Problem> {
        let accepted = self
            .rubric
            .check_value(position, raw)
            .map_err(|kind| Problem::new(kind.code(), capitalise(&kind.message_id()), None))?;
        Ok(self.rubric.value_json(position, accepted))
    }
}

fn decimal(text: &str) -> Result<engine::Decimal, Problem> {
    engine::Decimal::parse(text).map_err(|error| match error {
        engine::DecimalError::TooManyDecimals { decimals } => Problem::new(
            "too_many_decimals",
            format!("Nilai `{text}` memiliki {decimals} angka desimal; paling banyak 6."),
            None,
        ),
        engine::DecimalError::OutOfRange => {
            Problem::new("number_out_of_range", format!("Nilai `{text}` di luar batas yang diterima."), None)
        }
        engine::DecimalError::Syntax => Problem::new("wrong_value_type", format!("Nilai `{text}` bukan angka."), None),
    })
}

/// The engine writes messages to go after a field name; a message on its own starts upper-case.
fn capitalise(message: &str) -> String {
    let mut characters = message.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUBRIC: &str = r#"{"schema":"sibekisar.rubric/v1","id":"d","name":"D",
      "spirits":[{"code":"C","name":"Cepat","weight":100}],
      "indicators":[{"code":"IKM","name":"IKM","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":100}}]}"#;

    fn unit(name: &str, values: &[(&str, &str)]) -> UnitInput {
        UnitInput {
            name: name.to_owned(),
            values: values.iter().map(|(code, value)| ((*code).to_owned(), (*value).to_owned())).collect(),
        }
    }

    #[test]
    fn units_are_scored_in_input_order() {
        let scores = score_units(RUBRIC, &[unit("B", &[("IKM", "70")]), unit("A", &[("IKM", "90.5")]), unit("C", &[])])
            .expect("valid input");
        let summary: Vec<(i64, &str, &str, bool)> =
            scores.iter().map(|s| (s.total_cents, s.total.as_str(), s.grade.as_str(), s.complete)).collect();
        assert_eq!(summary, [(7000, "70.00", "B", true), (9050, "90.50", "A", true), (0, "0.00", "E", false)]);
        assert_eq!(competition_ranks(&[7000, 9050, 0, 7000, 9050]), [3, 1, 5, 3, 1]);
        assert_eq!((scores[2].range_min.as_str(), scores[2].range_max.as_str()), ("0.00", "100.00"));
        let explanation = explanation(&scores[1].result_json).expect("stored explanation reads back");
        assert_eq!(explanation.total.as_str(), "90.50");
    }

    #[test]
    fn stored_values_that_do_not_fit_are_an_error_not_a_score() {
        assert!(score_units(RUBRIC, &[unit("A", &[("IKM", "101")])]).is_err());
        assert!(score_units(RUBRIC, &[unit("A", &[("NOPE", "1")])]).is_err());
        assert!(score_units(RUBRIC, &[unit("A", &[("IKM", "\"WTP\"")])]).is_err());
    }

    #[test]
    fn numbers_from_csv_become_canonical_json() {
        assert_eq!(number_value_json("75.40").as_deref(), Some("75.4"));
        assert_eq!(number_value_json(" 85 ").as_deref(), Some("85"));
        assert_eq!(number_value_json("8,5"), None);
    }

    #[test]
    fn rubric_problems_carry_their_path() {
        let problems = check_rubric(&RUBRIC.replace("\"max\":100", "\"max\":0")).err().expect("invalid");
        assert_eq!(problems[0].field.as_deref(), Some("indicators[0].rule.max"));
        assert_eq!(content_sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn values_are_checked_by_the_rule_and_made_canonical() {
        let checker = ValueChecker::new(RUBRIC).expect("valid rubric");
        assert_eq!(checker.check_json("IKM", "75.40"), Ok("75.4".to_owned()));
        assert_eq!(checker.check_json("IKM", "null"), Ok("null".to_owned()));
        assert_eq!(checker.check_json("IKM", "101").expect_err("out of range").code, "indicator_out_of_range");
        assert_eq!(checker.check_json("IKM", "true").expect_err("wrong type").code, "wrong_value_type");
        assert_eq!(checker.check_json("NOPE", "1").expect_err("unknown").code, "unknown_indicator");
        assert_eq!(checker.check_cell("IKM", " 85 "), Ok(Some("85".to_owned())));
        assert_eq!(checker.check_cell("IKM", ""), Ok(None));
        assert_eq!(checker.check_cell("IKM", "8,5"), Ok(Some("8.5".to_owned())));
        assert_eq!(checker.check_cell("IKM", "1.234,5").expect_err("thousands").code, "ambiguous_number");
        assert!(checker.check_json("IKM", "101").expect_err("message").message.starts_with("Nilai 101"));
    }

    /// A rubric with one rule of each kind for the spelling table.
    const SPELLING_RUBRIC: &str = r#"{"schema":"sibekisar.rubric/v1","id":"s","name":"S",
      "spirits":[{"code":"C","name":"Cepat","weight":100}],
      "indicators":[
        {"code":"IKM","name":"IKM","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":100}},
        {"code":"BESAR","name":"Besar","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":5000}},
        {"code":"OPINI","name":"Opini","spirit":"C","weight":1,"rule":{"kind":"category","points":{"WTP":100,"WDP":70,"Tidak Wajar":0}}},
        {"code":"PPID","name":"PPID","spirit":"C","weight":1,"rule":{"kind":"boolean"}}]}"#;

    /// What a text becomes: the stored JSON text, no value, or the refusal's code.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Outcome {
        Stored(&'static str),
        NoValue,
        Refused(&'static str),
    }

    /// `(indicator, text as typed or written in a cell, outcome)`: every spelling of
    /// `docs/rubric-format.md` and the refusals around them.
    const SPELLINGS: &[(&str, &str, Outcome)] = {
        use Outcome::{NoValue, Refused, Stored};
        &[
            ("IKM", "85", Stored("85")),
            ("IKM", "85.5", Stored("85.5")),
            ("IKM", "85,5", Stored("85.5")),
            ("IKM", " 85,50 ", Stored("85.5")),
            ("IKM", "0,125", Stored("0.125")),
            ("IKM", "1,234", Stored("1.234")),
            ("IKM", "1.234", Stored("1.234")),
            ("IKM", ",5", Stored("0.5")),
            ("IKM", ".5", Stored("0.5")),
            ("IKM", "05", Stored("5")),
            ("IKM", "0", Stored("0")),
            ("IKM", "1e2", Stored("100")),
            ("IKM", "9,5E1", Stored("95")),
            ("IKM", "", NoValue),
            ("IKM", "   ", NoValue),
            ("IKM", "100,5", Refused("indicator_out_of_range")),
            ("IKM", "-1", Refused("indicator_out_of_range")),
            ("IKM", "−1", Refused("indicator_out_of_range")),
            ("IKM", "abc", Refused("wrong_value_type")),
            ("IKM", "8,5,5", Refused("wrong_value_type")),
            ("IKM", "85%", Refused("wrong_value_type")),
            ("IKM", "8 5", Refused("wrong_value_type")),
            ("IKM", "ya", Refused("wrong_value_type")),
            ("IKM", "0,1234567", Refused("too_many_decimals")),
            ("IKM", "1e13", Refused("number_out_of_range")),
            ("BESAR", "1234,5", Stored("1234.5")),
            ("BESAR", "1.234,5", Refused("ambiguous_number")),
            ("BESAR", "1,234.5", Refused("ambiguous_number")),
            ("BESAR", "1.234.567", Refused("ambiguous_number")),
            ("BESAR", "1,234,567", Refused("ambiguous_number")),
            ("OPINI", "WTP", Stored(r#""WTP""#)),
            ("OPINI", "wdp", Stored(r#""WDP""#)),
            ("OPINI", "tidak wajar", Stored(r#""Tidak Wajar""#)),
            ("OPINI", "TW", Refused("unknown_label")),
            ("OPINI", "85", Refused("unknown_label")),
            ("PPID", "ya", Stored("true")),
            ("PPID", "Y", Stored("true")),
            ("PPID", "yes", Stored("true")),
            ("PPID", "1", Stored("true")),
            ("PPID", "TRUE", Stored("true")),
            ("PPID", "benar", Stored("true")),
            ("PPID", "Ada", Stored("true")),
            ("PPID", "tidak", Stored("false")),
            ("PPID", "t", Stored("false")),
            ("PPID", "no", Stored("false")),
            ("PPID", "N", Stored("false")),
            ("PPID", "0", Stored("false")),
            ("PPID", "false", Stored("false")),
            ("PPID", "salah", Stored("false")),
            ("PPID", "tidak ada", Stored("false")),
            ("PPID", "mungkin", Refused("wrong_value_type")),
            ("PPID", "2", Refused("wrong_value_type")),
        ]
    };

    /// A one-cell sheet (header `unit,<indicator>`) as a CSV with `delimiter`, quoting the cell
    /// as a spreadsheet would when it holds the delimiter.
    fn csv_file(delimiter: char, indicator: &str, text: &str) -> Vec<u8> {
        let cell = if text.contains([delimiter, '"']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_owned()
        };
        format!("unit{delimiter}{indicator}\r\nkota-batu{delimiter}{cell}\r\n").into_bytes()
    }

    /// The same sheet as an XLSX file, the cell written by `write` (text, number or boolean).
    fn xlsx_file(
        indicator: &str,
        write: impl FnOnce(&mut rust_xlsxwriter::Worksheet) -> Result<(), rust_xlsxwriter::XlsxError>,
    ) -> Vec<u8> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "unit").expect("header cell");
        sheet.write_string(0, 1, indicator).expect("header cell");
        sheet.write_string(1, 0, "kota-batu").expect("unit cell");
        write(sheet).expect("value cell");
        workbook.save_to_buffer().expect("an XLSX file in memory")
    }

    /// What the import makes of a file: the stored JSON text, no value, or the refusal (code and
    /// message).
    fn import_outcome(checker: &ValueChecker, file: &[u8]) -> Result<Option<String>, (String, String)> {
        let units = [crate::storage::UnitRow {
            id: "id-kota-batu".to_owned(),
            code: "kota-batu".to_owned(),
            name: "Kota Batu".to_owned(),
            population: "kabkota".to_owned(),
            active: true,
        }];
        let sheet = crate::imports::read_sheet(file).expect("a readable file");
        let plan = crate::imports::plan_import(&sheet, &units, checker, &|_| true);
        match (plan.values.as_slice(), plan.problems.as_slice()) {
            ([value], []) => Ok(Some(value.value_json.clone())),
            ([], []) => Ok(None),
            ([], [problem]) => Err((problem.code.clone(), problem.message.clone())),
            other => panic!("one value or one problem expected, found {other:?}"),
        }
    }

    #[test]
    fn the_grid_and_every_import_read_each_spelling_alike() {
        let rubric = engine::Rubric::parse_json(SPELLING_RUBRIC).expect("valid rubric");
        let checker = ValueChecker::new(SPELLING_RUBRIC).expect("valid rubric");
        for &(indicator, text, expected) in SPELLINGS {
            let position = rubric.indicator_position(indicator).expect("the table names the rubric's indicators");
            // The grid's reading (app/src/assessment/cell.rs calls exactly this).
            let grid = engine::input::read_value(&rubric, position, text)
                .map(|value| value.map(|value| rubric.value_json(position, value)))
                .map_err(|error| (error.code().to_owned(), error.message_id(&rubric, position, text)));
            let grid_summary = match &grid {
                Ok(stored) => Ok(stored.as_deref()),
                Err((code, _)) => Err(code.as_str()),
            };
            let expected = match expected {
                Outcome::Stored(json) => Ok(Some(json)),
                Outcome::NoValue => Ok(None),
                Outcome::Refused(code) => Err(code),
            };
            assert_eq!(grid_summary, expected, "grid {indicator} {text:?}");
            let files = [
                ("CSV with commas", csv_file(',', indicator, text)),
                ("CSV with semicolons", csv_file(';', indicator, text)),
                ("XLSX text cell", xlsx_file(indicator, |sheet| sheet.write_string(1, 1, text).map(|_| ()))),
            ];
            for (format, file) in files {
                assert_eq!(import_outcome(&checker, &file), grid, "{format}: {indicator} {text:?}");
            }
            // A spreadsheet keeps numbers and yes/no as typed cells; they read as the same value.
            if let Ok(Some(json)) = &grid {
                let typed = match rubric.indicators()[position].rule() {
                    engine::Rule::Scale(_) => {
                        let number: f64 = json.parse().expect("a stored number");
                        Some(xlsx_file(indicator, |sheet| sheet.write_number(1, 1, number).map(|_| ())))
                    }
                    engine::Rule::Boolean => {
                        let flag = json == "true";
                        Some(xlsx_file(indicator, |sheet| sheet.write_boolean(1, 1, flag).map(|_| ())))
                    }
                    engine::Rule::Category(_) => None,
                };
                if let Some(file) = typed {
                    assert_eq!(import_outcome(&checker, &file), grid, "XLSX typed cell: {indicator} {text:?}");
                }
            }
        }
    }
}
