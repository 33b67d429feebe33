//! The simulator's pure logic: reading typed numbers, formatting deltas and ranks, building the
//! baseline from stored values, and encoding a scenario into a share link.
//!
//! Nothing here touches the DOM or the network, so all of it is unit-tested natively
//! (`cargo test -p app`). The page (`pages/simulator.rs`) and its components only wire signals
//! to these functions and to `engine`.
//!
//! # Share links
//! A scenario is the baseline (the unit's official values of a published period) plus the
//! indicators that differ from it, written as a share code (`engine::scenario`, shared with the
//! server, which checks saved scenarios with the same decoder):
//! `/simulasi?periode=2023-annual&unit=kabupaten-pacitan&s=IKM:90,SAKIP:A,ZI:1,KIPP:`.

use engine::{Cents, Decimal, IndicatorValue, RawValue, Rubric, UnitValues};

pub use engine::scenario::{ShareProblem, decode_scenario, encode_scenario, set_value};

use crate::api::json::{Fields, FromJson, Json, Object, ShapeError, array};
use crate::i18n::{Lang, format_fixed, format_fixed_trimmed};

/// Query parameter names of the simulator's address (see `pages/simulator.rs`).
pub const PARAM_PERIOD: &str = "periode";
pub const PARAM_POPULATION: &str = "populasi";
pub const PARAM_UNIT: &str = "unit";
pub const PARAM_SCENARIO: &str = "s";
pub const PARAM_NAME: &str = "nama";

/// Most saved scenarios compared side by side.
pub const MAX_COMPARED: usize = 3;

/// A raw value for people: trailing zeros dropped, the language's separators (`94,16`, `85`).
pub fn format_decimal(value: Decimal, lang: Lang) -> String {
    format_fixed_trimmed(value.micros(), 6, 0, lang)
}

/// A total or contribution in cents: `84,15`.
pub fn format_cents(cents: Cents, lang: Lang) -> String {
    format_fixed(cents.hundredths(), 2, lang)
}

/// Which way a number moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trend {
    Up,
    Down,
    Same,
}

impl Trend {
    pub fn of(delta: i64) -> Trend {
        match delta {
            d if d > 0 => Trend::Up,
            d if d < 0 => Trend::Down,
            _ => Trend::Same,
        }
    }

    /// The CSS modifier (`delta--up`).
    pub fn class(self) -> &'static str {
        match self {
            Trend::Up => "delta delta--up",
            Trend::Down => "delta delta--down",
            Trend::Same => "delta delta--same",
        }
    }
}

/// A change in hundredths with an arrow: `▲ +1,25`, `▼ −0,40`, `0,00`.
pub fn format_delta(hundredths: i64, lang: Lang) -> String {
    let magnitude = format_fixed(hundredths.abs(), 2, lang);
    match Trend::of(hundredths) {
        Trend::Up => format!("▲ +{magnitude}"),
        Trend::Down => format!("▼ −{magnitude}"),
        Trend::Same => magnitude,
    }
}

/// "peringkat 12 → 7 dari 38" (or "peringkat 7 dari 38" when unchanged).
pub fn rank_text(before: usize, after: usize, unit_count: usize, lang: Lang) -> String {
    let (rank_word, of_word) = match lang {
        Lang::Id => ("peringkat", "dari"),
        Lang::En => ("rank", "of"),
    };
    if before == after {
        format!("{rank_word} {after} {of_word} {unit_count}")
    } else {
        format!("{rank_word} {before} → {after} {of_word} {unit_count}")
    }
}

/// A two-decimal total as the API writes it (`84.15`) in cents; `None` for anything else.
pub fn cents_from_text(text: &str) -> Option<Cents> {
    let value = Decimal::parse(text).ok()?;
    (value.micros() % 10_000 == 0).then(|| Cents::new(value.micros() / 10_000))
}

/// An exact engine number rounded half-up to `decimals`, as a fixed-point integer.
pub fn exact_scaled(value: engine::Exact, decimals: u32) -> i64 {
    value.rounded(decimals).and_then(|v| i64::try_from(v).ok()).unwrap_or(0)
}

/// The product of two exact numbers rounded half-up to `decimals` (points per score point ×
/// score headroom = the most an indicator can still add).
pub fn exact_product_scaled(left: engine::Exact, right: engine::Exact, decimals: u32) -> i64 {
    let numerator = left.numerator().checked_mul(right.numerator()).and_then(|n| n.checked_mul(10i128.pow(decimals)));
    let denominator = left.denominator().checked_mul(right.denominator());
    match (numerator, denominator) {
        (Some(n), Some(d)) if d > 0 => i64::try_from(engine::decimal::div_round_half_up(n, d)).unwrap_or(0),
        _ => 0,
    }
}

/// A stored value the indicator's rule refuses (the caller names the indicator).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RefusedValue;

/// Reads one stored value (JSON text: `85`, `"WTP"`, `true`, `null`) for an indicator.
/// `Ok(None)` is a stored `null` (no value).
///
/// # Errors
/// [`RefusedValue`] when the text is not a value this indicator's rule accepts (the caller names the
/// indicator; the engine's message is not needed and would cost wasm size).
pub fn value_from_json(
    rubric: &Rubric,
    position: usize,
    json_text: &str,
) -> Result<Option<IndicatorValue>, RefusedValue> {
    let text = json_text.trim();
    let raw = if text == "null" {
        return Ok(None);
    } else if text == "true" || text == "false" {
        RawValue::Boolean(text == "true")
    } else if text.starts_with('"') {
        let label: String = crate::api::json::from_str(text).map_err(|_| RefusedValue)?;
        return rubric.check_value(position, RawValue::Label(&label)).map(Some).map_err(|_| RefusedValue);
    } else {
        RawValue::Number(Decimal::parse(text).map_err(|_| RefusedValue)?)
    };
    rubric.check_value(position, raw).map(Some).map_err(|_| RefusedValue)
}

/// The baseline from stored values `(indicator code, JSON text)`. Values the rubric does not know
/// or refuses are left out and named in the returned problems.
pub fn baseline_from_entries<'a>(
    rubric: &Rubric,
    entries: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> (UnitValues, Vec<String>) {
    let mut values = UnitValues::empty(rubric);
    let mut problems = Vec::new();
    for (code, json_text) in entries {
        let Some(position) = rubric.indicator_position(code) else {
            problems.push(code.to_string());
            continue;
        };
        match value_from_json(rubric, position, json_text) {
            Ok(value) => {
                if set_value(rubric, &mut values, position, value).is_err() {
                    problems.push(code.to_string());
                }
            }
            Err(_) => problems.push(code.to_string()),
        }
    }
    (values, problems)
}

/// Percent-encodes a query value (`encodeURIComponent` without the browser).
pub fn encode_query_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~' | b',' | b':') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The simulator's address for a unit, optionally with a scenario and its name.
pub fn simulator_url(period: &str, population: &str, unit: &str, scenario_code: &str, name: &str) -> String {
    let mut url = format!("/simulasi?{PARAM_PERIOD}={}", encode_query_value(period));
    if !population.is_empty() {
        url.push_str(&format!("&{PARAM_POPULATION}={}", encode_query_value(population)));
    }
    if !unit.is_empty() {
        url.push_str(&format!("&{PARAM_UNIT}={}", encode_query_value(unit)));
    }
    if !scenario_code.is_empty() {
        url.push_str(&format!("&{PARAM_SCENARIO}={}", encode_query_value(scenario_code)));
    }
    if !name.trim().is_empty() {
        url.push_str(&format!("&{PARAM_NAME}={}", encode_query_value(name.trim())));
    }
    url
}

/// A scenario saved in the browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedScenario {
    pub name: String,
    pub period: String,
    pub unit: String,
    /// The share code ([`encode_scenario`]).
    pub code: String,
    /// The id of the server's copy, once a signed-in user's scenario was saved there.
    pub server_id: Option<String>,
}

impl FromJson for SavedScenario {
    fn from_json(value: &Json) -> Result<SavedScenario, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(SavedScenario {
            name: fields.req("name")?,
            period: fields.req("period")?,
            unit: fields.req("unit")?,
            code: fields.req("code")?,
            server_id: fields.opt("server_id")?,
        })
    }
}

impl SavedScenario {
    /// As stored: `server_id` only when there is one.
    fn to_json(&self) -> String {
        Object::new()
            .string("name", &self.name)
            .string("period", &self.period)
            .string("unit", &self.unit)
            .string("code", &self.code)
            .string_if("server_id", self.server_id.as_deref())
            .finish()
    }
}

/// The saved scenarios, as stored under [`SCENARIOS_STORAGE_KEY`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScenarioBook {
    pub scenarios: Vec<SavedScenario>,
}

/// The `localStorage` key of the saved scenarios.
pub const SCENARIOS_STORAGE_KEY: &str = "sibekisar.simulasi.skenario";

impl ScenarioBook {
    /// Reads the stored JSON; anything unreadable is an empty book (never an error for the user).
    pub fn from_json(text: &str) -> ScenarioBook {
        let read = |document: &Json| Fields::new(document)?.req("scenarios");
        crate::api::json::parse(text)
            .ok()
            .and_then(|document| read(&document).ok())
            .map(|scenarios| ScenarioBook { scenarios })
            .unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        let scenarios: Vec<String> = self.scenarios.iter().map(SavedScenario::to_json).collect();
        Object::new().raw("scenarios", &array(&scenarios)).finish()
    }

    /// Saves a scenario; one with the same name for the same unit and period is replaced.
    pub fn save(&mut self, scenario: SavedScenario) {
        let name = scenario.name.trim().to_string();
        let scenario = SavedScenario { name, ..scenario };
        match self
            .scenarios
            .iter_mut()
            .find(|s| s.period == scenario.period && s.unit == scenario.unit && s.name == scenario.name)
        {
            Some(existing) => *existing = scenario,
            None => self.scenarios.push(scenario),
        }
    }

    pub fn remove(&mut self, period: &str, unit: &str, name: &str) {
        self.scenarios.retain(|s| !(s.period == period && s.unit == unit && s.name == name));
    }

    /// Takes in the server's scenarios of one unit and period (`(id, name, code)`): they replace
    /// local ones of the same name, and a local copy of a server scenario that is gone (deleted
    /// in another browser) goes too. Returns the local scenarios the server does not have yet
    /// (saved while offline or before signing in), to upload.
    pub fn merge_server(
        &mut self,
        period: &str,
        unit: &str,
        server: &[(String, String, String)],
    ) -> Vec<SavedScenario> {
        self.scenarios.retain(|s| {
            !(s.period == period
                && s.unit == unit
                && s.server_id.as_ref().is_some_and(|id| !server.iter().any(|(known, _, _)| known == id)))
        });
        for (id, name, code) in server {
            self.save(SavedScenario {
                name: name.clone(),
                period: period.to_string(),
                unit: unit.to_string(),
                code: code.clone(),
                server_id: Some(id.clone()),
            });
        }
        self.for_unit(period, unit).filter(|s| s.server_id.is_none()).cloned().collect()
    }

    /// Records the server's id of a scenario saved there.
    pub fn set_server_id(&mut self, period: &str, unit: &str, name: &str, id: String) {
        if let Some(scenario) =
            self.scenarios.iter_mut().find(|s| s.period == period && s.unit == unit && s.name == name)
        {
            scenario.server_id = Some(id);
        }
    }

    /// The scenarios of one unit in one period, in saving order.
    pub fn for_unit<'a>(&'a self, period: &'a str, unit: &'a str) -> impl Iterator<Item = &'a SavedScenario> + 'a {
        self.scenarios.iter().filter(move |s| s.period == period && s.unit == unit)
    }
}

/// A name for a new scenario that no saved one of this unit uses: "Skenario 1", "Skenario 2"…
pub fn next_scenario_name(book: &ScenarioBook, period: &str, unit: &str, lang: Lang) -> String {
    let word = match lang {
        Lang::Id => "Skenario",
        Lang::En => "Scenario",
    };
    (1..)
        .map(|n| format!("{word} {n}"))
        .find(|name| !book.for_unit(period, unit).any(|s| &s.name == name))
        .unwrap_or_else(|| word.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KABKOTA_2023: &str = include_str!("../../public/rubrics/rubric-kabkota-2023.json");

    const MIXED_RUBRIC: &str = r#"{"schema":"sibekisar.rubric/v1","id":"mixed","name":"Mixed",
      "spirits":[{"code":"C","name":"Cepat","weight":60},{"code":"A","name":"Akuntabel","weight":40}],
      "indicators":[
        {"code":"IKM","name":"IKM","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":5}},
        {"code":"ZI","name":"Zona Integritas","spirit":"C","weight":1,"rule":{"kind":"boolean"}},
        {"code":"OPINI","name":"Opini BPK","spirit":"A","weight":1,"rule":{"kind":"category","points":{
          "WTP":100,"WDP, catatan":60,"TW":0}}}]}"#;

    fn kabkota() -> Rubric {
        Rubric::parse_json(KABKOTA_2023).expect("the shipped rubric is valid")
    }

    fn mixed() -> Rubric {
        Rubric::parse_json(MIXED_RUBRIC).expect("the test rubric is valid")
    }

    fn number(text: &str) -> Decimal {
        Decimal::parse(text).unwrap()
    }

    #[test]
    fn raw_values_use_the_language_separators_without_trailing_zeros() {
        assert_eq!(format_decimal(number("94.16"), Lang::Id), "94,16");
        assert_eq!(format_decimal(number("94.16"), Lang::En), "94.16");
        assert_eq!(format_decimal(number("85"), Lang::Id), "85");
        assert_eq!(format_decimal(number("75.40"), Lang::Id), "75,4");
        assert_eq!(format_cents(Cents::new(8415), Lang::Id), "84,15");
    }

    #[test]
    fn deltas_carry_an_arrow_and_a_sign() {
        assert_eq!(format_delta(125, Lang::Id), "▲ +1,25");
        assert_eq!(format_delta(-40, Lang::Id), "▼ −0,40");
        assert_eq!(format_delta(-40, Lang::En), "▼ −0.40");
        assert_eq!(format_delta(0, Lang::Id), "0,00");
        assert_eq!(Trend::of(3).class(), "delta delta--up");
    }

    #[test]
    fn rank_text_shows_the_move_only_when_there_is_one() {
        assert_eq!(rank_text(12, 7, 38, Lang::Id), "peringkat 12 → 7 dari 38");
        assert_eq!(rank_text(7, 7, 38, Lang::Id), "peringkat 7 dari 38");
        assert_eq!(rank_text(3, 5, 50, Lang::En), "rank 3 → 5 of 50");
    }

    #[test]
    fn totals_from_the_api_become_cents_only_with_two_decimals() {
        assert_eq!(cents_from_text("84.15"), Some(Cents::new(8415)));
        assert_eq!(cents_from_text("81"), Some(Cents::new(8100)));
        assert_eq!(cents_from_text("81.005"), None);
        assert_eq!(cents_from_text("x"), None);
    }

    #[test]
    fn baseline_reads_numbers_labels_and_booleans_and_names_the_rest() {
        let rubric = mixed();
        let (values, problems) = baseline_from_entries(
            &rubric,
            [("IKM", "4.5"), ("ZI", "true"), ("OPINI", "\"WDP, catatan\""), ("XX", "1")],
        );
        assert_eq!(values.get(0), Some(IndicatorValue::Number(number("4.5"))));
        assert_eq!(values.get(1), Some(IndicatorValue::Boolean(true)));
        assert_eq!(values.get(2), Some(IndicatorValue::Label(1)));
        assert_eq!(problems, vec!["XX".to_string()]);

        let (values, problems) = baseline_from_entries(&rubric, [("IKM", "7"), ("OPINI", "\"??\""), ("ZI", "null")]);
        assert!(values.get(0).is_none() && values.get(1).is_none() && values.get(2).is_none());
        assert_eq!(problems, vec!["IKM".to_string(), "OPINI".to_string()]);
    }

    #[test]
    fn share_code_round_trips_every_kind_of_value() {
        let rubric = mixed();
        let (baseline, _) = baseline_from_entries(&rubric, [("IKM", "2.5"), ("ZI", "false"), ("OPINI", "\"TW\"")]);
        let mut scenario = baseline.clone();
        set_value(&rubric, &mut scenario, 0, Some(IndicatorValue::Number(number("4.75")))).unwrap();
        set_value(&rubric, &mut scenario, 1, Some(IndicatorValue::Boolean(true))).unwrap();
        set_value(&rubric, &mut scenario, 2, Some(IndicatorValue::Label(1))).unwrap();
        let code = encode_scenario(&rubric, &baseline, &scenario);
        assert_eq!(code, "IKM:4.75,ZI:1,OPINI:WDP~2C~20catatan");
        let (decoded, problems) = decode_scenario(&rubric, &baseline, &code);
        assert_eq!(decoded, scenario);
        assert!(problems.is_empty());

        // Clearing a value is part of a scenario too.
        let mut cleared = baseline.clone();
        cleared.clear(0);
        let code = encode_scenario(&rubric, &baseline, &cleared);
        assert_eq!(code, "IKM:");
        assert_eq!(decode_scenario(&rubric, &baseline, &code).0, cleared);

        // The unchanged scenario has an empty code.
        assert_eq!(encode_scenario(&rubric, &baseline, &baseline), "");
    }

    #[test]
    fn share_code_survives_one_round_of_percent_decoding() {
        let rubric = mixed();
        let (baseline, _) = baseline_from_entries(&rubric, [("OPINI", "\"TW\"")]);
        let mut scenario = baseline.clone();
        set_value(&rubric, &mut scenario, 2, Some(IndicatorValue::Label(1))).unwrap();
        let code = encode_scenario(&rubric, &baseline, &scenario);
        let in_url = encode_query_value(&code);
        // Nothing in the code needs percent-encoding, so a router decoding it once changes nothing.
        assert_eq!(in_url, code);
    }

    #[test]
    fn share_code_skips_and_reports_what_does_not_fit() {
        let rubric = kabkota();
        let (baseline, _) = baseline_from_entries(&rubric, [("IKM", "80")]);
        let (values, problems) = decode_scenario(&rubric, &baseline, "IKM:90,NOPE:1,KIPP:150,garbage,SAKIP:x");
        let ikm = rubric.indicator_position("IKM").unwrap();
        assert_eq!(values.get(ikm), Some(IndicatorValue::Number(number("90"))));
        assert_eq!(
            problems,
            vec![
                ShareProblem::UnknownIndicator("NOPE".into()),
                ShareProblem::BadValue("KIPP".into()),
                ShareProblem::Malformed("garbage".into()),
                ShareProblem::BadValue("SAKIP".into()),
            ]
        );
    }

    #[test]
    fn shared_scenario_scores_like_the_original() {
        let rubric = kabkota();
        let entries: Vec<(String, String)> =
            rubric.indicators().iter().map(|i| (i.code().as_str().to_string(), "70.5".to_string())).collect();
        let (baseline, problems) =
            baseline_from_entries(&rubric, entries.iter().map(|(c, v)| (c.as_str(), v.as_str())));
        assert!(problems.is_empty());
        let mut scenario = baseline.clone();
        set_value(&rubric, &mut scenario, 3, Some(IndicatorValue::Number(number("99.99")))).unwrap();
        let code = encode_scenario(&rubric, &baseline, &scenario);
        let (decoded, _) = decode_scenario(&rubric, &baseline, &code);
        assert_eq!(engine::score_total(&rubric, &decoded), engine::score_total(&rubric, &scenario));
        assert_ne!(engine::score_total(&rubric, &decoded), engine::score_total(&rubric, &baseline));
    }

    #[test]
    fn simulator_url_carries_unit_period_and_scenario() {
        assert_eq!(
            simulator_url("2023-annual", "kabkota", "kabupaten-pacitan", "IKM:90", "Rencana A & B"),
            "/simulasi?periode=2023-annual&populasi=kabkota&unit=kabupaten-pacitan&s=IKM:90&nama=Rencana%20A%20%26%20B"
        );
        assert_eq!(simulator_url("2023-annual", "", "", "", " "), "/simulasi?periode=2023-annual");
    }

    #[test]
    fn scenario_book_replaces_by_name_and_filters_by_unit() {
        let mut book = ScenarioBook::default();
        let scenario = |name: &str, unit: &str, code: &str| SavedScenario {
            name: name.into(),
            period: "2023-annual".into(),
            unit: unit.into(),
            code: code.into(),
            server_id: None,
        };
        book.save(scenario("Skenario 1", "a", "IKM:90"));
        book.save(scenario(" Skenario 1 ", "a", "IKM:95"));
        book.save(scenario("Skenario 1", "b", "IKM:10"));
        assert_eq!(book.for_unit("2023-annual", "a").count(), 1);
        assert_eq!(book.for_unit("2023-annual", "a").next().unwrap().code, "IKM:95");
        assert_eq!(next_scenario_name(&book, "2023-annual", "a", Lang::Id), "Skenario 2");
        let restored = ScenarioBook::from_json(&book.to_json());
        assert_eq!(restored, book);
        book.remove("2023-annual", "a", "Skenario 1");
        assert_eq!(book.for_unit("2023-annual", "a").count(), 0);
        assert_eq!(ScenarioBook::from_json("not json"), ScenarioBook::default());
    }

    /// Written by the serde version of the app (captured from it before the change).
    const BOOK_BY_SERDE: &str = r#"{"scenarios":[{"name":"Skenario \"1\"","period":"2023-annual","unit":"kota-batu","code":"IKM:90,SAKIP:A,ZI:1"},{"name":"Dari server","period":"2023-annual","unit":"kota-batu","code":"IKM:95.5","server_id":"sc_1"}]}"#;

    #[test]
    fn scenario_books_stored_by_the_serde_version_load_and_keep_their_shape() {
        let book = ScenarioBook::from_json(BOOK_BY_SERDE);
        assert_eq!(book.scenarios.len(), 2);
        assert_eq!((book.scenarios[0].name.as_str(), book.scenarios[0].server_id.as_deref()), ("Skenario \"1\"", None));
        assert_eq!(book.scenarios[1].server_id.as_deref(), Some("sc_1"));
        assert_eq!(book.to_json(), BOOK_BY_SERDE);
        assert_eq!(ScenarioBook::from_json(r#"{"scenarios":[]}"#).to_json(), r#"{"scenarios":[]}"#);
    }

    #[test]
    fn server_scenarios_replace_local_ones_and_local_only_ones_are_returned_for_upload() {
        let mut book = ScenarioBook::default();
        let local = |name: &str, code: &str, server_id: Option<&str>| SavedScenario {
            name: name.into(),
            period: "2023-annual".into(),
            unit: "a".into(),
            code: code.into(),
            server_id: server_id.map(str::to_string),
        };
        book.save(local("Offline", "IKM:70", None));
        book.save(local("Sama", "IKM:71", None));
        book.save(local("Dihapus di peramban lain", "IKM:72", Some("sc_gone")));
        book.save(SavedScenario { unit: "b".into(), ..local("Unit lain", "IKM:73", Some("sc_b")) });
        let server = [
            ("sc_1".to_string(), "Sama".to_string(), "IKM:99".to_string()),
            ("sc_2".to_string(), "Dari server".to_string(), "IKM:98".to_string()),
        ];
        let upload = book.merge_server("2023-annual", "a", &server);
        assert_eq!(upload, [local("Offline", "IKM:70", None)]);
        let names: Vec<_> = book.for_unit("2023-annual", "a").map(|s| (s.name.as_str(), s.code.as_str())).collect();
        assert_eq!(names, [("Offline", "IKM:70"), ("Sama", "IKM:99"), ("Dari server", "IKM:98")]);
        assert_eq!(book.for_unit("2023-annual", "b").count(), 1, "other units are untouched");
        book.set_server_id("2023-annual", "a", "Offline", "sc_3".into());
        // A scenario the server had (it has an id) but no longer lists was deleted elsewhere.
        assert!(book.merge_server("2023-annual", "a", &server).is_empty());
        assert_eq!(book.for_unit("2023-annual", "a").count(), 2);
    }

    #[test]
    fn exact_products_round_half_up() {
        let rubric = kabkota();
        let values = UnitValues::empty(&rubric);
        let table = engine::marginal_table(&rubric, &values);
        let ikm = rubric.indicator_position("IKM").unwrap();
        // IKM: Cepat weighs 20 and IKM is 25 of its 100: 0,05 total points per score point.
        assert_eq!(exact_scaled(table[ikm].per_score_point, 2), 5);
        // From 0 to 100 it can add 5 points.
        assert_eq!(exact_product_scaled(table[ikm].per_score_point, table[ikm].score_headroom, 2), 500);
    }
}
