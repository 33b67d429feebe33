//! A read-only view of a rubric file (`public/rubrics/*.json`, schema `sibekisar.rubric/v1`) for
//! the explanatory pages.
//!
//! These structs are deliberately local and minimal, read by hand with `api::json` (no serde in
//! the app); scoring parses the rubric with `engine::Rubric`. Nothing here computes an official
//! score.

use crate::api::json::{self, Fields, FromJson, Json, ReadError, ShapeError};

/// The parts of a rubric file the "Cara Penilaian" page shows. Unknown fields are ignored.
#[derive(Clone, Debug, PartialEq)]
pub struct RubricFile {
    pub id: String,
    pub name: String,
    pub year: i32,
    pub population: String,
    pub spirits: Vec<SpiritEntry>,
    pub indicators: Vec<IndicatorEntry>,
    /// `"spirit"` (round each spirit's contribution, the 2023 practice) or `"total"`.
    pub rounding: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SpiritEntry {
    pub code: String,
    pub name: String,
    pub weight: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorEntry {
    pub code: String,
    pub name: String,
    pub spirit: String,
    pub weight: f64,
    pub owner: Option<String>,
}

impl FromJson for RubricFile {
    fn from_json(value: &Json) -> Result<RubricFile, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(RubricFile {
            id: fields.req("id")?,
            name: fields.req("name")?,
            year: fields.req::<i64>("year")?.try_into().map_err(|_| ShapeError::new("integer").in_member("year"))?,
            population: fields.req("population")?,
            spirits: fields.req("spirits")?,
            indicators: fields.req("indicators")?,
            rounding: fields.opt("rounding")?,
        })
    }
}

impl FromJson for SpiritEntry {
    fn from_json(value: &Json) -> Result<SpiritEntry, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(SpiritEntry { code: fields.req("code")?, name: fields.req("name")?, weight: weight(&fields)? })
    }
}

impl FromJson for IndicatorEntry {
    fn from_json(value: &Json) -> Result<IndicatorEntry, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(IndicatorEntry {
            code: fields.req("code")?,
            name: fields.req("name")?,
            spirit: fields.req("spirit")?,
            weight: weight(&fields)?,
            owner: fields.opt("owner")?,
        })
    }
}

/// A weight for display, through the engine's exact decimal (at most six decimals, as the engine
/// accepts) rather than a float parser, which would add its code to the wasm.
fn weight(fields: &Fields<'_>) -> Result<f64, ShapeError> {
    let error = || ShapeError::new("number").in_member("weight");
    match fields.get("weight") {
        Some(Json::Number(text)) => {
            let decimal = engine::decimal::Decimal::parse(text).map_err(|_| error())?;
            Ok(decimal.micros() as f64 / engine::decimal::MICROS_PER_UNIT as f64)
        }
        _ => Err(error()),
    }
}

impl RubricFile {
    /// Parses the JSON text of a rubric file.
    ///
    /// # Errors
    /// Where reading stopped (line and column) when the text is not JSON, or the path of the
    /// first value that is not what a rubric has there.
    pub fn parse(json_text: &str) -> Result<RubricFile, ReadError> {
        json::from_str(json_text)
    }

    /// The spirit with this code, if the rubric has it.
    pub fn spirit(&self, spirit_code: &str) -> Option<&SpiritEntry> {
        self.spirits.iter().find(|spirit| spirit.code == spirit_code)
    }

    /// The indicators of one spirit, in file order.
    pub fn indicators_of<'a>(&'a self, spirit_code: &'a str) -> impl Iterator<Item = &'a IndicatorEntry> + 'a {
        self.indicators.iter().filter(move |indicator| indicator.spirit == spirit_code)
    }

    /// The sum of spirit weights (100 for a valid rubric).
    pub fn total_spirit_weight(&self) -> f64 {
        self.spirits.iter().map(|spirit| spirit.weight).sum()
    }

    /// The most points an indicator can add to the total:
    /// spirit weight × indicator weight ÷ sum of the spirit's indicator weights.
    /// `None` when the indicator's spirit is unknown or its weights sum to zero.
    pub fn indicator_max_points(&self, indicator: &IndicatorEntry) -> Option<f64> {
        let spirit = self.spirit(&indicator.spirit)?;
        let spirit_indicator_weight: f64 = self.indicators_of(&indicator.spirit).map(|other| other.weight).sum();
        (spirit_indicator_weight > 0.0).then(|| spirit.weight * indicator.weight / spirit_indicator_weight)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KABKOTA_2023: &str = include_str!("../../public/rubrics/rubric-kabkota-2023.json");
    const OPD_2023: &str = include_str!("../../public/rubrics/rubric-opd-2023.json");

    fn spirit_weights(rubric: &RubricFile) -> Vec<(String, f64)> {
        rubric.spirits.iter().map(|spirit| (spirit.code.clone(), spirit.weight)).collect()
    }

    fn expected(weights: [f64; 6]) -> Vec<(String, f64)> {
        ["C", "E", "T", "TR", "A", "R"].iter().zip(weights).map(|(code, weight)| (code.to_string(), weight)).collect()
    }

    #[test]
    fn shipped_kabkota_rubric_has_the_2023_weights() {
        let rubric = RubricFile::parse(KABKOTA_2023).unwrap();
        assert_eq!(rubric.year, 2023);
        assert_eq!(rubric.population, "kabkota");
        assert_eq!(spirit_weights(&rubric), expected([20.0, 20.0, 15.0, 5.0, 25.0, 15.0]));
        assert_eq!(rubric.total_spirit_weight(), 100.0);
    }

    #[test]
    fn shipped_opd_rubric_has_the_2023_weights() {
        let rubric = RubricFile::parse(OPD_2023).unwrap();
        assert_eq!(rubric.population, "opd");
        assert_eq!(spirit_weights(&rubric), expected([20.0, 15.0, 10.0, 10.0, 30.0, 15.0]));
    }

    #[test]
    fn every_indicator_has_an_owner_and_max_points_sum_to_100() {
        for text in [KABKOTA_2023, OPD_2023] {
            let rubric = RubricFile::parse(text).unwrap();
            assert!((21..=28).contains(&rubric.indicators.len()));
            let mut total_points = 0.0;
            for indicator in &rubric.indicators {
                assert!(indicator.owner.as_deref().is_some_and(|owner| !owner.is_empty()));
                total_points += rubric.indicator_max_points(indicator).unwrap();
            }
            assert!((total_points - 100.0).abs() < 1e-9, "{} sums to {total_points}", rubric.id);
        }
    }

    #[test]
    fn max_points_of_one_indicator() {
        let rubric = RubricFile::parse(KABKOTA_2023).unwrap();
        let mcp = rubric.indicators.iter().find(|indicator| indicator.code == "MCP_KPK").unwrap();
        // Tanggap weighs 15 and MCP KPK is 60 of its 100 indicator weight: 9 points.
        assert_eq!(rubric.indicator_max_points(mcp), Some(9.0));
    }

    #[test]
    fn malformed_text_is_an_error_not_a_panic() {
        assert!(RubricFile::parse("{}").is_err());
        assert!(RubricFile::parse("<html>").is_err());
    }
}
