//! A read-only view of a rubric file (`public/rubrics/*.json`, schema `sibekisar.rubric/v1`) for
//! the explanatory pages.
//!
//! These serde structs are deliberately local and minimal: the `engine` crate's wire types
//! (`engine::wire`) are being written concurrently, and later pages will parse rubrics with them
//! and score with `engine`. Nothing here computes an official score.

use serde::Deserialize;

/// The parts of a rubric file the "Cara Penilaian" page shows. Unknown fields are ignored.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct RubricFile {
    pub id: String,
    pub name: String,
    pub year: i32,
    pub population: String,
    pub spirits: Vec<SpiritEntry>,
    pub indicators: Vec<IndicatorEntry>,
    /// `"spirit"` (round each spirit's contribution, the 2023 practice) or `"total"`.
    #[serde(default)]
    pub rounding: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SpiritEntry {
    pub code: String,
    pub name: String,
    pub weight: f64,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct IndicatorEntry {
    pub code: String,
    pub name: String,
    pub spirit: String,
    pub weight: f64,
    #[serde(default)]
    pub owner: Option<String>,
}

impl RubricFile {
    /// Parses the JSON text of a rubric file.
    ///
    /// # Errors
    /// Returns serde_json's error (with line and column) when the text is not a rubric.
    pub fn parse(json_text: &str) -> Result<RubricFile, serde_json::Error> {
        serde_json::from_str(json_text)
    }

    /// The spirit with this code, if the rubric has it.
    pub fn spirit(&self, spirit_code: &str) -> Option<&SpiritEntry> {
        self.spirits
            .iter()
            .find(|spirit| spirit.code == spirit_code)
    }

    /// The indicators of one spirit, in file order.
    pub fn indicators_of<'a>(
        &'a self,
        spirit_code: &'a str,
    ) -> impl Iterator<Item = &'a IndicatorEntry> + 'a {
        self.indicators
            .iter()
            .filter(move |indicator| indicator.spirit == spirit_code)
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
        let spirit_indicator_weight: f64 = self
            .indicators_of(&indicator.spirit)
            .map(|other| other.weight)
            .sum();
        (spirit_indicator_weight > 0.0)
            .then(|| spirit.weight * indicator.weight / spirit_indicator_weight)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KABKOTA_2023: &str = include_str!("../../public/rubrics/rubric-kabkota-2023.json");
    const OPD_2023: &str = include_str!("../../public/rubrics/rubric-opd-2023.json");

    fn spirit_weights(rubric: &RubricFile) -> Vec<(String, f64)> {
        rubric
            .spirits
            .iter()
            .map(|spirit| (spirit.code.clone(), spirit.weight))
            .collect()
    }

    fn expected(weights: [f64; 6]) -> Vec<(String, f64)> {
        ["C", "E", "T", "TR", "A", "R"]
            .iter()
            .zip(weights)
            .map(|(code, weight)| (code.to_string(), weight))
            .collect()
    }

    #[test]
    fn shipped_kabkota_rubric_has_the_2023_weights() {
        let rubric = RubricFile::parse(KABKOTA_2023).unwrap();
        assert_eq!(rubric.year, 2023);
        assert_eq!(rubric.population, "kabkota");
        assert_eq!(
            spirit_weights(&rubric),
            expected([20.0, 20.0, 15.0, 5.0, 25.0, 15.0])
        );
        assert_eq!(rubric.total_spirit_weight(), 100.0);
    }

    #[test]
    fn shipped_opd_rubric_has_the_2023_weights() {
        let rubric = RubricFile::parse(OPD_2023).unwrap();
        assert_eq!(rubric.population, "opd");
        assert_eq!(
            spirit_weights(&rubric),
            expected([20.0, 15.0, 10.0, 10.0, 30.0, 15.0])
        );
    }

    #[test]
    fn every_indicator_has_an_owner_and_max_points_sum_to_100() {
        for text in [KABKOTA_2023, OPD_2023] {
            let rubric = RubricFile::parse(text).unwrap();
            assert!((21..=28).contains(&rubric.indicators.len()));
            let mut total_points = 0.0;
            for indicator in &rubric.indicators {
                assert!(
                    indicator
                        .owner
                        .as_deref()
                        .is_some_and(|owner| !owner.is_empty())
                );
                total_points += rubric.indicator_max_points(indicator).unwrap();
            }
            assert!(
                (total_points - 100.0).abs() < 1e-9,
                "{} sums to {total_points}",
                rubric.id
            );
        }
    }

    #[test]
    fn max_points_of_one_indicator() {
        let rubric = RubricFile::parse(KABKOTA_2023).unwrap();
        let mcp = rubric
            .indicators
            .iter()
            .find(|indicator| indicator.code == "MCP_KPK")
            .unwrap();
        // Tanggap weighs 15 and MCP KPK is 60 of its 100 indicator weight: 9 points.
        assert_eq!(rubric.indicator_max_points(mcp), Some(9.0));
    }

    #[test]
    fn malformed_text_is_an_error_not_a_panic() {
        assert!(RubricFile::parse("{}").is_err());
        assert!(RubricFile::parse("<html>").is_err());
    }
}
