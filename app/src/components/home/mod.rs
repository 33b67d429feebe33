//! Each role's home on `/`: "Unit saya" for a unit admin, the completeness of an owner's
//! indicators, the open period's state for an administrator. Public visitors and viewers keep the
//! province's dashboard (`pages/home.rs` chooses).

pub mod admin;
pub mod completeness;
pub mod owner;
pub mod unit;

use contract::PeriodState;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::api::entries::fetch_entries;
use crate::api::periods::{Period, Population, fetch_periods, fetch_populations};
use crate::i18n::{Lang, Msg, use_i18n};
use crate::simulation::encode_query_value;
use completeness::{IndicatorCounts, count_indicators};

/// Where a home's data stands.
#[derive(Clone)]
pub enum Load<T> {
    Loading,
    Ready(T),
    Failed(String),
}

/// One population's counts in the open period.
#[derive(Clone)]
pub struct PopulationCounts {
    pub population: Population,
    pub rows: Vec<IndicatorCounts>,
}

/// The open period (the newest open CETTAR period) and its counts per population, for the
/// indicators `keep` accepts; `None` when no period is open.
///
/// # Errors
/// A request fails or a rubric cannot be read: the message in the UI's language.
pub async fn load_open_period(
    keep: impl Fn(&str) -> bool,
    lang: Lang,
) -> Result<Option<(Period, Vec<PopulationCounts>)>, String> {
    let (periods, _) = fetch_periods().await.map_err(|error| error.detail(lang))?;
    let Some(period) = periods.into_iter().rev().find(|p| !p.is_policy() && p.state == PeriodState::Open) else {
        return Ok(None);
    };
    let (populations, _) = fetch_populations().await.map_err(|error| error.detail(lang))?;
    let mut counted = Vec::new();
    for population in populations.into_iter().filter(|p| period.scores(&p.code)) {
        let page = match fetch_entries(&period.id, &population.code).await {
            Ok((page, _)) => page,
            // A population without a rubric for this period has nothing to enter.
            Err(ApiError::Status { status: 404, .. }) => continue,
            Err(error) => return Err(error.detail(lang)),
        };
        let rubric = engine::Rubric::parse_json(page.rubric.text())
            .map_err(|_| crate::i18n::t(lang, Msg::AssessRubricBroken).to_string())?;
        let rows = count_indicators(&rubric, &page.units, &page.entries, &keep);
        if !rows.is_empty() {
            counted.push(PopulationCounts { population, rows });
        }
    }
    Ok(Some((period, counted)))
}

/// The assessment grid of a period and population, narrowed to units still missing a value
/// (of `indicator` only, when given).
pub fn missing_url(period_id: &str, population: &str, indicator: Option<&str>) -> String {
    let mut url =
        format!("/penilaian?periode={}&populasi={}", encode_query_value(period_id), encode_query_value(population));
    if let Some(indicator) = indicator {
        url.push_str(&format!("&indikator={}", encode_query_value(indicator)));
    }
    url.push_str("&kosong=1");
    url
}

/// The class of a count of missing values (highlighted when there are any).
pub fn missing_class(missing: usize) -> &'static str {
    if missing > 0 { "num home-table__missing" } else { "num" }
}

/// A population's name in the UI's language.
pub fn population_name(population: &Population, lang: Lang) -> String {
    match lang {
        Lang::Id => population.name.clone(),
        Lang::En => population.name_en.clone(),
    }
}

/// The loading line and the error block every home shows the same way.
pub fn load_status<T: Clone + Send + Sync + 'static>(load: Load<T>) -> Result<T, AnyView> {
    let i18n = use_i18n();
    match load {
        Load::Loading => {
            Err(view! { <p class="loading" role="status" data-testid="home-loading">{i18n.tr(Msg::SimLoading)}</p> }
                .into_any())
        }
        Load::Failed(detail) => Err(view! {
            <div class="alert" role="alert" data-testid="home-error">
                <p class="alert__message">{i18n.tr(Msg::HomeLoadError)}</p>
                <p class="alert__detail">{detail}</p>
            </div>
        }
        .into_any()),
        Load::Ready(value) => Ok(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_url_narrows_the_grid_to_missing_values() {
        assert_eq!(
            missing_url("2024-q1", "kabkota", Some("SAKIP")),
            "/penilaian?periode=2024-q1&populasi=kabkota&indikator=SAKIP&kosong=1"
        );
        assert_eq!(missing_url("2024-q1", "opd", None), "/penilaian?periode=2024-q1&populasi=opd&kosong=1");
    }
}
