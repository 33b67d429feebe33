//! The public, read-only assessment API: populations, published periods, rankings, a unit's
//! values and explained result, and rubric versions.
//!
//! Anonymous callers (and API tokens) see only published periods: a draft, open or closed period
//! answers them exactly like a period that does not exist. Signed-in administrators, owners and
//! viewers see periods in every state; a unit admin sees the list of every period, published
//! rankings, and its own unit's page in any period. A rubric version is visible to everyone when a
//! published period uses it, and to every signed-in user always.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use contract::json::RawJson;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::conditional;
use crate::auth::{Principal, Role, Scope};
use crate::error::{ApiError, Problem};
use crate::http::{ApiPath, ApiQuery};
use crate::results::scoring;
use contract::{
    EntryView, OfficialResult, Period, Population, PopulationValues, RankingRow, ScoreRange, SpiritResult, UnitDetail,
    UnitInPopulation, UnitRef, UnitValues,
};

use crate::startup::AppState;
use crate::storage::{PeriodRow, PopulationRow, ResultRow};

/// Longest id the API looks up; anything longer names nothing.
pub(crate) const MAX_ID_LENGTH: usize = 200;

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ResultsQuery {
    pub population: Option<String>,
    /// A page of the ranking (`GET …/results` only): rows skipped, and rows answered at most.
    pub offset: Option<String>,
    pub limit: Option<String>,
}

/// The most rows one page of a ranking answers.
pub const MAX_PAGE_ROWS: usize = 1000;

/// A page of a ranking: `offset` rows skipped, at most `limit` answered (all without a limit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub offset: usize,
    pub limit: Option<usize>,
}

impl Page {
    /// Reads `?offset=&limit=` (absent or empty: from the first row, every row).
    ///
    /// # Errors
    /// Each malformed one, at its field, in the API's one error shape.
    pub fn parse(offset: Option<&str>, limit: Option<&str>) -> Result<Self, ApiError> {
        fn present(text: Option<&str>) -> Option<&str> {
            text.map(str::trim).filter(|text| !text.is_empty())
        }
        let mut problems = Vec::new();
        let offset = match present(offset) {
            None => 0,
            Some(text) => text.parse::<u32>().map(|offset| offset as usize).unwrap_or_else(|_| {
                problems.push(Problem::new(
                    "invalid_query",
                    "`offset` harus berupa bilangan bulat 0 atau lebih (contoh: offset=100).",
                    Some("offset".to_owned()),
                ));
                0
            }),
        };
        let limit = match present(limit) {
            None => None,
            Some(text) => match text.parse::<usize>() {
                Ok(limit) if (1..=MAX_PAGE_ROWS).contains(&limit) => Some(limit),
                _ => {
                    problems.push(Problem::new(
                        "invalid_query",
                        format!("`limit` harus berupa bilangan bulat antara 1 dan {MAX_PAGE_ROWS}."),
                        Some("limit".to_owned()),
                    ));
                    None
                }
            },
        };
        if problems.is_empty() { Ok(Self { offset, limit }) } else { Err(ApiError::Invalid(problems)) }
    }

    /// What tells pages apart in a cache tag.
    fn key(self) -> String {
        format!("{}+{}", self.offset, self.limit.map_or_else(|| "all".to_owned(), |limit| limit.to_string()))
    }
}

/// `GET /api/v1/populations`.
#[tracing::instrument(skip(state))]
pub async fn populations(State(state): State<AppState>) -> Result<Json<Vec<Population>>, ApiError> {
    let populations = state.database.populations().await?;
    Ok(Json(populations.into_iter().map(population_view).collect()))
}

/// `GET /api/v1/periods`: published periods, oldest first (signed-in users also see the others,
/// privately; the public list carries a cache tag).
#[tracing::instrument(skip(state, headers))]
pub async fn periods(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let signed_in = principal.user().is_some();
    let validator = if signed_in { None } else { Some(conditional::published_list_validator(&state).await?) };
    if let Some(answer) = validator.as_ref().and_then(|validator| validator.not_modified(&headers)) {
        return Ok(vary_on_credentials(answer));
    }
    let only = if signed_in { None } else { Some(crate::storage::PeriodState::Published) };
    let periods = state.database.periods(only).await?;
    let mut views = Vec::with_capacity(periods.len());
    for period in &periods {
        let bindings = state.database.period_bindings(&period.id).await?;
        views.push(Period {
            populations: Some(bindings.into_iter().map(|(population, _)| population).collect()),
            ..period_view(period)
        });
    }
    Ok(vary_on_credentials(conditional::with_validator(validator.as_ref(), Json(views))))
}

/// The list of periods depends on who asks: a shared cache keeps one copy per credential.
fn vary_on_credentials(mut response: Response) -> Response {
    response.headers_mut().insert(header::VARY, HeaderValue::from_static("cookie, authorization"));
    response
}

/// `GET /api/v1/periods/{period_id}/results?population=kabkota`: the whole ranking, by rank then
/// name, as anyone may see it (the reports use this one).
#[tracing::instrument(skip_all)]
pub async fn results(
    State(state): State<AppState>,
    ApiPath(period_id): ApiPath<String>,
    ApiQuery(query): ApiQuery<ResultsQuery>,
) -> Result<Json<Vec<RankingRow>>, ApiError> {
    let period = visible_period_for(&state, &Principal::Anonymous, &period_id, None).await?;
    let (population, _) = scored_population(&state, &period, query.population.as_deref()).await?;
    let rows = state.database.results(&period.id, &population.code).await?;
    let ranking = rows.iter().map(ranking_row).collect::<Result<Vec<_>, anyhow::Error>>()?;
    Ok(Json(ranking))
}

/// The route of [`results`]: as `principal` may see them (signed-in admins, owners and viewers
/// also see periods that are not published yet, privately), optionally one page
/// (`?offset=&limit=`, the total in `X-Total-Count`), with a cache tag when published.
#[tracing::instrument(skip(state, principal, headers))]
pub async fn results_for(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    ApiPath(period_id): ApiPath<String>,
    ApiQuery(query): ApiQuery<ResultsQuery>,
) -> Result<Response, ApiError> {
    let page = Page::parse(query.offset.as_deref(), query.limit.as_deref())?;
    let period = visible_period_for(&state, &principal, &period_id, None).await?;
    let (population, _) = scored_population(&state, &period, query.population.as_deref()).await?;
    let validator =
        conditional::published_validator(&state, &period, &["results", &population.code, &page.key()]).await?;
    if let Some(answer) = validator.as_ref().and_then(|validator| validator.not_modified(&headers)) {
        return Ok(answer);
    }
    let kept_answer = || validator.as_ref().and_then(|validator| state.published_answers.get(validator));
    let kept_response = |kept: conditional::KeptAnswer| {
        let mut answer = conditional::json_with_validator(validator.as_ref(), kept.body);
        answer.headers_mut().insert(TOTAL_COUNT, HeaderValue::from(kept.total_count.unwrap_or_default()));
        answer
    };
    if let Some(kept) = kept_answer() {
        return Ok(kept_response(kept));
    }
    // A published answer is made by one request at a time; those that waited find it kept.
    let _making = match &validator {
        Some(_) => Some(state.published_answers.making().await),
        None => None,
    };
    if let Some(kept) = kept_answer() {
        return Ok(kept_response(kept));
    }
    let (rows, n_rows) = state.database.results_page(&period.id, &population.code, page.offset, page.limit).await?;
    let ranking = rows.iter().map(ranking_row).collect::<Result<Vec<_>, anyhow::Error>>()?;
    let body = axum::body::Bytes::from(serde_json::to_vec(&ranking).map_err(anyhow::Error::from)?);
    if let Some(validator) = &validator {
        let kept = conditional::KeptAnswer { body: body.clone(), total_count: Some(n_rows) };
        state.published_answers.keep(validator, kept);
    }
    let mut answer = conditional::json_with_validator(validator.as_ref(), body);
    answer.headers_mut().insert(TOTAL_COUNT, HeaderValue::from(n_rows));
    Ok(answer)
}

/// The number of rows of the whole ranking, answered with every page of it.
const TOTAL_COUNT: header::HeaderName = header::HeaderName::from_static("x-total-count");

/// `GET /api/v1/periods/{period_id}/units/{unit_code}`: the unit, its raw values and its
/// official result with the engine's explanation, as anyone may see it (the reports use this one).
#[tracing::instrument(skip_all)]
pub async fn unit(
    State(state): State<AppState>,
    ApiPath((period_id, unit_code)): ApiPath<(String, String)>,
) -> Result<Json<UnitDetail>, ApiError> {
    let period = visible_period_for(&state, &Principal::Anonymous, &period_id, Some(&unit_code)).await?;
    Ok(Json(unit_detail(&state, period, &unit_code).await?))
}

/// The route of [`unit`]: as `principal` may see it (signed-in admins, owners and viewers, and
/// the unit's own unit admin, also see periods that are not published yet, privately), with a
/// cache tag when published.
#[tracing::instrument(skip(state, principal, headers))]
pub async fn unit_for(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    ApiPath((period_id, unit_code)): ApiPath<(String, String)>,
) -> Result<Response, ApiError> {
    let period = visible_period_for(&state, &principal, &period_id, Some(&unit_code)).await?;
    let validator = conditional::published_validator(&state, &period, &["unit", &unit_code]).await?;
    if let Some(answer) = validator.as_ref().and_then(|validator| validator.not_modified(&headers)) {
        return Ok(answer);
    }
    let detail = unit_detail(&state, period, &unit_code).await?;
    Ok(conditional::with_validator(validator.as_ref(), Json(detail)))
}

async fn unit_detail(state: &AppState, period: PeriodRow, unit_code: &str) -> Result<UnitDetail, ApiError> {
    let unit_not_found = || ApiError::Missing {
        code: "unit_not_found",
        message: format!("Unit dengan kode `{}` tidak ditemukan pada periode ini.", shorten(unit_code)),
    };
    if unit_code.len() > MAX_ID_LENGTH {
        return Err(unit_not_found());
    }
    let unit = state.database.unit_by_code(unit_code).await?.ok_or_else(unit_not_found)?;
    let Some(rubric_version_id) = state.database.period_rubric(&period.id, &unit.population).await? else {
        return Err(unit_not_found());
    };
    let population = state
        .database
        .populations()
        .await?
        .into_iter()
        .find(|population| population.code == unit.population)
        .ok_or_else(|| anyhow::anyhow!("unit {} has unknown population {}", unit.code, unit.population))?;
    let entries = state.database.entries(&period.id, &unit.id).await?;
    let mut notes: BTreeMap<String, crate::storage::UnitNote> = state
        .database
        .unit_notes(&period.id, &unit.id)
        .await?
        .into_iter()
        .map(|note| (note.indicator_code.clone(), note))
        .collect();
    let mut values = BTreeMap::new();
    for entry in entries {
        let note = notes.remove(&entry.indicator_code);
        let value = stored_raw(&entry.indicator_code, entry.value_json)?;
        values.insert(
            entry.indicator_code,
            EntryView {
                value,
                status: entry.status,
                version: entry.version,
                updated_at: entry.updated_at,
                note: note.as_ref().and_then(|note| note.note.clone()),
                recommendation: note.and_then(|note| note.recommendation),
            },
        );
    }
    let result_row = state.database.unit_result(&period.id, &unit.id).await?;
    let result = result_row.as_ref().map(official_result).transpose()?;
    // The name the unit had in this period (a later rename keeps it for closed periods).
    let name = result_row.map_or(unit.name, |row| row.unit_name);
    Ok(UnitDetail {
        period: period_view(&period),
        unit: UnitInPopulation { code: unit.code, name, population: population_view(population) },
        rubric_version_id,
        values,
        result,
    })
}

/// `GET /api/v1/periods/{period_id}/values?population=kabkota`: the raw values of every unit of
/// a population in one request, for clients that score or compare many units (the webinar
/// sandbox, other agencies' systems). Visible exactly like the population's ranking, and cached
/// like it.
#[tracing::instrument(skip(state, principal, headers))]
pub async fn values_for(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    ApiPath(period_id): ApiPath<String>,
    ApiQuery(query): ApiQuery<ResultsQuery>,
) -> Result<Response, ApiError> {
    let period = visible_period_for(&state, &principal, &period_id, None).await?;
    let (population, rubric_version_id) = scored_population(&state, &period, query.population.as_deref()).await?;
    let validator = conditional::published_validator(&state, &period, &["values", &population.code]).await?;
    if let Some(answer) = validator.as_ref().and_then(|validator| validator.not_modified(&headers)) {
        return Ok(answer);
    }
    let mut values: BTreeMap<String, BTreeMap<String, RawJson>> = BTreeMap::new();
    for entry in state.database.population_entries(&period.id, &population.code).await? {
        let value = stored_raw(&entry.indicator_code, entry.value_json)?;
        values.entry(entry.unit_code).or_default().insert(entry.indicator_code, value);
    }
    let units = state
        .database
        .population_units(&period.id, &population.code)
        .await?
        .into_iter()
        .map(|unit| UnitValues {
            values: values.remove(&unit.code).unwrap_or_default(),
            code: unit.code,
            name: unit.name,
        })
        .collect();
    let answer = PopulationValues {
        period: period_view(&period),
        population: population_view(population),
        rubric_version_id,
        units,
    };
    Ok(conditional::with_validator(validator.as_ref(), Json(answer)))
}

/// `GET /api/v1/rubrics/{rubric_version_id}`: the rubric document exactly as stored.
#[tracing::instrument(skip(state))]
pub async fn rubric(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(rubric_version_id): ApiPath<String>,
) -> Result<Response, ApiError> {
    let not_found = || ApiError::Missing {
        code: "rubric_not_found",
        message: format!("Rubrik `{}` tidak ditemukan.", shorten(&rubric_version_id)),
    };
    if rubric_version_id.len() > MAX_ID_LENGTH {
        return Err(not_found());
    }
    let Some(rubric) = state.database.rubric_version(&rubric_version_id).await? else {
        return Err(not_found());
    };
    let periods = state.database.periods_using_rubric(&rubric.id).await?;
    if principal.user().is_none() && !periods.iter().any(PeriodRow::is_published) {
        return Err(not_found());
    }
    let etag = format!("\"{}\"", rubric.content_sha256);
    Ok(([(header::CONTENT_TYPE, "application/json".to_owned()), (header::ETAG, etag)], rubric.document).into_response())
}

pub(crate) async fn visible_period(state: &AppState, period_id: &str) -> Result<PeriodRow, ApiError> {
    let not_found = || ApiError::Missing {
        code: "period_not_found",
        message: format!("Periode `{}` tidak ditemukan atau belum diumumkan.", shorten(period_id)),
    };
    if period_id.len() > MAX_ID_LENGTH {
        return Err(not_found());
    }
    match state.database.period(period_id).await? {
        Some(period) if period.is_published() => Ok(period),
        _ => Err(not_found()),
    }
}

/// A period as `principal` may see it: published for everyone; any state for signed-in admins,
/// owners and viewers; any state for a unit admin when `unit_code` is its own unit.
pub(crate) async fn visible_period_for(
    state: &AppState,
    principal: &Principal,
    period_id: &str,
    unit_code: Option<&str>,
) -> Result<PeriodRow, ApiError> {
    let not_found = || ApiError::Missing {
        code: "period_not_found",
        message: format!("Periode `{}` tidak ditemukan atau belum diumumkan.", shorten(period_id)),
    };
    if period_id.len() > MAX_ID_LENGTH {
        return Err(not_found());
    }
    let Some(period) = state.database.period(period_id).await? else { return Err(not_found()) };
    let sees_unpublished = match principal.user() {
        Some(user) => match (&user.role, &user.scope) {
            (Role::Admin | Role::Owner | Role::Viewer, _) => true,
            (Role::UnitAdmin, Scope::Unit(own)) => unit_code == Some(own.as_str()),
            (Role::UnitAdmin, _) => false,
        },
        None => false,
    };
    if period.is_published() || sees_unpublished { Ok(period) } else { Err(not_found()) }
}

/// A stored raw value (`85`, `"WTP"`, `true`) as JSON to answer with; stored text that is not
/// JSON is a server fault, never the caller's.
pub(crate) fn stored_value(indicator_code: &str, value_json: String) -> anyhow::Result<Box<RawValue>> {
    RawValue::from_string(value_json)
        .map_err(|error| anyhow::anyhow!("stored value of {indicator_code} is not JSON: {error}"))
}

/// A stored raw value as the contract carries it (checked to be JSON like [`stored_value`]).
fn stored_raw(indicator_code: &str, value_json: String) -> anyhow::Result<RawJson> {
    Ok(RawJson(stored_value(indicator_code, value_json)?.get().to_owned()))
}

/// The population a request names and the rubric version `period` scores it with. A population
/// the period does not score is a 404 `population_not_in_period`.
pub(crate) async fn scored_population(
    state: &AppState,
    period: &PeriodRow,
    requested: Option<&str>,
) -> Result<(PopulationRow, String), ApiError> {
    let population = requested_population(state, requested).await?;
    match state.database.period_rubric(&period.id, &population.code).await? {
        Some(rubric_version_id) => Ok((population, rubric_version_id)),
        None => Err(ApiError::Missing {
            code: "population_not_in_period",
            message: format!("{} tidak dinilai pada periode {}.", population.name, period.label()),
        }),
    }
}

async fn requested_population(state: &AppState, requested: Option<&str>) -> Result<PopulationRow, ApiError> {
    let populations = state.database.populations().await?;
    let known = populations.iter().map(|population| population.code.as_str()).collect::<Vec<_>>().join(", ");
    let Some(requested) = requested.filter(|code| !code.is_empty()) else {
        return Err(ApiError::Invalid(vec![Problem::new(
            "population_required",
            format!("Pilih populasi: population={known}."),
            Some("population".to_owned()),
        )]));
    };
    populations.iter().find(|population| population.code == requested).cloned().ok_or_else(|| {
        ApiError::Invalid(vec![Problem::new(
            "unknown_population",
            format!("Populasi `{}` tidak dikenal; pilihan: {known}.", shorten(requested)),
            Some("population".to_owned()),
        )])
    })
}

fn population_view(population: PopulationRow) -> Population {
    Population { code: population.code, name: population.name, name_en: population.name_en }
}

pub(crate) fn period_view(period: &PeriodRow) -> Period {
    Period {
        id: period.id.clone(),
        year: period.year,
        kind: period.kind.clone(),
        state: period.state,
        label: period.label(),
        populations: None,
    }
}

/// The grade's name as the engine wrote it with the result (the rubric's own name, such as the
/// Van Meter & Van Horn rubric's `Efektif`; CETTAR's by default).
fn category_of(row: &ResultRow, explanation: &scoring::Explanation) -> String {
    if explanation.category.is_empty() {
        scoring::grade_category(&row.grade).to_owned()
    } else {
        explanation.category.clone()
    }
}

fn ranking_row(row: &ResultRow) -> anyhow::Result<RankingRow> {
    let explanation = scoring::explanation(&row.result_json)?;
    Ok(RankingRow {
        rank: row.rank,
        unit: UnitRef { code: row.unit_code.clone(), name: row.unit_name.clone() },
        total: scoring::wire_number(&row.total)?,
        grade: row.grade.clone(),
        category: category_of(row, &explanation),
        complete: row.complete,
        spirits: explanation
            .spirits
            .into_iter()
            .map(|spirit| SpiritResult {
                code: spirit.code,
                score: spirit.score,
                weight: spirit.weight,
                contribution: spirit.contribution,
            })
            .collect(),
    })
}

fn official_result(row: &ResultRow) -> anyhow::Result<OfficialResult> {
    let explanation = scoring::explanation(&row.result_json)?;
    Ok(OfficialResult {
        rank: row.rank,
        total: scoring::wire_number(&row.total)?,
        grade: row.grade.clone(),
        category: category_of(row, &explanation),
        complete: row.complete,
        range: ScoreRange { min: scoring::wire_number(&row.range_min)?, max: scoring::wire_number(&row.range_max)? },
        rubric_version_id: row.rubric_version_id.clone(),
        computed_at: row.computed_at.clone(),
        explanation,
    })
}

/// An id as echoed in a message: at most 60 characters.
pub(crate) fn shorten(text: &str) -> String {
    if text.chars().count() <= 60 {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(60).collect::<String>())
    }
}
