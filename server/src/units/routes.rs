//! The `/api/v1/units*` and `POST /api/v1/populations` handlers (administrators). Each handler
//! reads the request, lets [`super::model`] decide inside a [`UnitStore::change`] transaction, and
//! answers; the contract is in the module documentation of [`super`].

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use contract::units::{FormerName, RegisteredUnit, Rescored, SetupStatus, SetupStep, UnitWritten};
use serde::Deserialize;

use super::model::{self, Code, FieldProblem, Name, NewUnit, Refusal, RowOutcome, UnitImportPlan, UnitPatch};
use super::storage::{NewPopulation, UnitListRow, UnitStore};
use crate::auth::{Principal, Role, require_role};
use crate::error::{ApiError, Problem};
use crate::http::{ApiPath, ApiQuery, JsonText, parse_request};
use crate::imports::read_sheet;
use crate::startup::AppState;
use contract::imports::{ImportReport, ImportSummary, ImportedUnit};
use contract::json::Change;

/// Largest unit import file (a national registry of some 100,000 units fits).
pub const MAX_UNIT_IMPORT_BYTES: usize = 16 * 1024 * 1024;
/// Longest unit code looked up in a path; anything longer names nothing.
const MAX_PATH_CODE_LENGTH: usize = 200;

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    pub include_inactive: Option<String>,
    pub population: Option<String>,
}

/// `GET /api/v1/units`.
#[tracing::instrument(skip(state, principal))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Response, ApiError> {
    require_role(&principal, &[Role::Admin])?;
    let include_inactive = flag(query.include_inactive.as_deref(), false, "include_inactive")?;
    let store = UnitStore::new(&state.database);
    let population = query.population.as_deref().map(str::trim).filter(|population| !population.is_empty());
    if let Some(population) = population
        && !state.database.populations().await?.iter().any(|known| known.code == population)
    {
        return Err(ApiError::Invalid(vec![problem(model_unknown_population(population))]));
    }
    let rows = store.list(include_inactive, population).await?;
    let former = former_names(&store).await?;
    let list: Vec<RegisteredUnit> = rows.iter().map(|row| unit_view(row, &former)).collect();
    Ok(Json(list).into_response())
}

/// `POST /api/v1/units`.
#[tracing::instrument(skip(state, principal, body))]
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    JsonText(body): JsonText,
) -> Result<Response, ApiError> {
    let user = require_role(&principal, &[Role::Admin])?;
    let request: contract::units::NewUnit = parse_request(&body)?;
    let request =
        NewUnit { code: request.code, name: request.name, population: request.population, parent: request.parent };
    let store = UnitStore::new(&state.database);
    let decided = store
        .change(&user.username, &state.auth.now(), |units, populations| {
            model::decide_create(&request, units, populations).map(|writes| (writes, ()))
        })
        .await?;
    let ((), applied) = decided.map_err(refusal)?;
    let code = Code::parse(&request.code).map_err(|message| anyhow::anyhow!("created with a bad code: {message}"))?;
    let unit = stored_view(&store, code.as_str()).await?;
    Ok((StatusCode::CREATED, Json(UnitWritten::new(unit, None, rescored_view(&applied.rescored)))).into_response())
}

/// `Some(value)` for a member that is present (also when it is `null`), `None` when absent.
/// `PATCH /api/v1/units/{unit_code}`.
#[tracing::instrument(skip(state, principal, body))]
pub async fn patch(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(unit_code): ApiPath<String>,
    JsonText(body): JsonText,
) -> Result<Response, ApiError> {
    let user = require_role(&principal, &[Role::Admin])?;
    if unit_code.len() > MAX_PATH_CODE_LENGTH {
        return Err(unit_not_found());
    }
    let request: contract::units::UnitChange = parse_request(&body)?;
    let parent = match request.parent {
        Change::Keep => None,
        Change::Clear => Some(None),
        Change::Set(code) => Some(Some(code)),
    };
    let request = UnitPatch { name: request.name, active: request.active, parent };
    let store = UnitStore::new(&state.database);
    let decided = store
        .change(&user.username, &state.auth.now(), |units, _| {
            model::decide_patch(&unit_code, &request, units).map(|writes| {
                let changed = !writes.is_empty();
                (writes, changed)
            })
        })
        .await?;
    let (changed, applied) = decided.map_err(refusal)?;
    let unit = stored_view(&store, &unit_code).await?;
    Ok(Json(UnitWritten::new(unit, Some(changed), rescored_view(&applied.rescored))).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ImportQuery {
    pub dry_run: Option<String>,
}

/// `POST /api/v1/units/import?dry_run=true|false` with a CSV or XLSX file as the body.
#[tracing::instrument(skip(state, principal, headers, body), fields(bytes = body.len()))]
pub async fn import(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<ImportQuery>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let user = require_role(&principal, &[Role::Admin])?;
    let dry_run = flag(query.dry_run.as_deref(), true, "dry_run")?;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or("");
    if content_type.trim().to_ascii_lowercase().starts_with("application/json") {
        return Err(ApiError::BadRequest {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code: "unsupported_media_type",
            message: "Kirim berkas CSV atau XLSX (kolom code, name, population, parent), bukan JSON.".to_owned(),
        });
    }
    // Reading a large XLSX takes CPU time: keep it off the async workers.
    let sheet = tokio::task::spawn_blocking(move || read_sheet(&body))
        .await
        .map_err(|error| anyhow::anyhow!("unit import reading task failed: {error}"))?;
    let sheet = match sheet {
        Ok(sheet) => sheet,
        Err(problem) => {
            let plan = UnitImportPlan { problems: vec![problem], ..UnitImportPlan::default() };
            return Ok(if dry_run { report(true, &plan) } else { crate::imports::routes::invalid(&plan.problems) });
        }
    };
    let store = UnitStore::new(&state.database);
    if dry_run {
        let (units, populations) = store.registry().await?;
        let plan = model::plan_unit_import(&sheet, &units, &populations);
        return Ok(report(true, &plan));
    }
    let decided = store
        .change(&user.username, &state.auth.now(), |units, populations| {
            let plan = model::plan_unit_import(&sheet, units, populations);
            if plan.problems.is_empty() { Ok((plan.writes.clone(), plan)) } else { Err(plan) }
        })
        .await?;
    match decided {
        Ok((plan, applied)) => {
            let answer =
                ImportReport { rescored: Some(rescored_view(&applied.rescored)), ..report_value(false, &plan) };
            Ok(Json(answer).into_response())
        }
        Err(plan) => Ok(crate::imports::routes::invalid(&plan.problems)),
    }
}

/// Largest `sort_order` of a population.
const MAX_SORT_ORDER: i64 = 1_000_000;

/// `POST /api/v1/populations`.
#[tracing::instrument(skip(state, principal, body))]
pub async fn create_population(
    State(state): State<AppState>,
    principal: Principal,
    JsonText(body): JsonText,
) -> Result<Response, ApiError> {
    let user = require_role(&principal, &[Role::Admin])?;
    let request: contract::units::NewPopulation = parse_request(&body)?;
    let mut problems = Vec::new();
    let code = Code::parse(&request.code)
        .map_err(|message| problems.push(Problem::new("invalid_code", message, Some("code".to_owned()))));
    let name = Name::parse(&request.name)
        .map_err(|message| problems.push(Problem::new("invalid_name", message, Some("name".to_owned()))));
    let name_en = Name::parse(&request.name_en)
        .map_err(|message| problems.push(Problem::new("invalid_name", message, Some("name_en".to_owned()))));
    if let Some(order) = request.sort_order
        && !(0..=MAX_SORT_ORDER).contains(&order)
    {
        problems.push(Problem::new(
            "invalid_sort_order",
            format!("Urutan harus antara 0 dan {MAX_SORT_ORDER}."),
            Some("sort_order".to_owned()),
        ));
    }
    let (Ok(code), Ok(name), Ok(name_en), true) = (code, name, name_en, problems.is_empty()) else {
        return Err(ApiError::Invalid(problems));
    };
    let population = NewPopulation {
        code: code.as_str(),
        name: name.as_str(),
        name_en: name_en.as_str(),
        sort_order: request.sort_order,
    };
    let store = UnitStore::new(&state.database);
    if !store.add_population(&population, &user.username, &state.auth.now()).await? {
        return Err(ApiError::BadRequest {
            status: StatusCode::CONFLICT,
            code: "population_exists",
            message: format!("Populasi dengan kode `{}` sudah ada.", code.as_str()),
        });
    }
    Ok((
        StatusCode::CREATED,
        Json(contract::Population {
            code: code.as_str().to_owned(),
            name: name.as_str().to_owned(),
            name_en: name_en.as_str().to_owned(),
        }),
    )
        .into_response())
}

/// `true`/`false` (also `1`/`0`); absent or empty is `default`.
fn flag(text: Option<&str>, default: bool, field: &str) -> Result<bool, ApiError> {
    match text.map(str::trim) {
        None | Some("") => Ok(default),
        Some("true" | "1") => Ok(true),
        Some("false" | "0") => Ok(false),
        Some(_) => Err(ApiError::Invalid(vec![Problem::new(
            "invalid_query",
            format!("{field} harus true atau false."),
            Some(field.to_owned()),
        )])),
    }
}

fn problem(problem: FieldProblem) -> Problem {
    Problem::new(problem.code, problem.message, Some(problem.field.to_owned()))
}

fn model_unknown_population(population: &str) -> FieldProblem {
    let shown: String = population.chars().take(model::MAX_CODE_CHARS).collect();
    FieldProblem {
        code: "unknown_population",
        message: format!("Populasi `{shown}` tidak terdaftar."),
        field: "population",
    }
}

fn refusal(refusal: Refusal) -> ApiError {
    match refusal {
        Refusal::Exists => ApiError::BadRequest {
            status: StatusCode::CONFLICT,
            code: "unit_exists",
            message: "Unit dengan kode ini sudah terdaftar.".to_owned(),
        },
        Refusal::Missing => unit_not_found(),
        Refusal::Invalid(problems) => ApiError::Invalid(problems.into_iter().map(problem).collect()),
    }
}

fn unit_not_found() -> ApiError {
    ApiError::Missing { code: "unit_not_found", message: "Unit tidak ditemukan.".to_owned() }
}

/// Former names per unit code, oldest first.
async fn former_names(store: &UnitStore<'_>) -> Result<HashMap<String, Vec<FormerName>>, ApiError> {
    let mut former: HashMap<String, Vec<FormerName>> = HashMap::new();
    for rename in store.renames().await? {
        former.entry(rename.code).or_default().push(FormerName { name: rename.old_name, until: rename.changed_at });
    }
    Ok(former)
}

fn unit_view(row: &UnitListRow, former: &HashMap<String, Vec<FormerName>>) -> RegisteredUnit {
    RegisteredUnit {
        code: row.code.clone(),
        name: row.name.clone(),
        population: row.population.clone(),
        active: row.active,
        parent: row.parent.clone(),
        created_at: row.created_at.clone(),
        former_names: former.get(&row.code).cloned().unwrap_or_default(),
    }
}

async fn stored_view(store: &UnitStore<'_>, code: &str) -> Result<RegisteredUnit, ApiError> {
    let rows = store.list(true, None).await?;
    let row = rows.iter().find(|row| row.code == code).ok_or_else(unit_not_found)?;
    Ok(unit_view(row, &former_names(store).await?))
}

fn rescored_view(rescored: &[(String, String)]) -> Vec<Rescored> {
    rescored
        .iter()
        .map(|(period, population)| Rescored { period: period.clone(), population: population.clone() })
        .collect()
}

/// The import report, the values import's shape with each row as understood (`units`).
fn report_value(dry_run: bool, plan: &UnitImportPlan) -> ImportReport {
    let outcome = |outcome: RowOutcome| match outcome {
        RowOutcome::New => contract::imports::RowOutcome::New,
        RowOutcome::Changed => contract::imports::RowOutcome::Changed,
        RowOutcome::Unchanged => contract::imports::RowOutcome::Unchanged,
    };
    let units = plan
        .units
        .iter()
        .map(|unit| ImportedUnit {
            row: unit.row,
            code: unit.code.clone(),
            name: unit.name.clone(),
            population: unit.population.clone(),
            parent: unit.parent.clone(),
            outcome: outcome(unit.outcome),
            changes: unit.changes.iter().map(|change| (*change).to_owned()).collect(),
        })
        .collect();
    ImportReport {
        dry_run,
        ok: plan.problems.is_empty(),
        rows: plan.n_rows,
        values: None,
        summary: ImportSummary {
            new: plan.count(RowOutcome::New),
            changed: plan.count(RowOutcome::Changed),
            unchanged: plan.count(RowOutcome::Unchanged),
        },
        problems: plan.problems.clone(),
        units: Some(units),
        rescored: None,
    }
}

fn report(dry_run: bool, plan: &UnitImportPlan) -> Response {
    Json(report_value(dry_run, plan)).into_response()
}

/// `GET /api/v1/setup`: the first-run "Mulai" checklist, `{"show","steps":[{"key","done"}]}`
/// (`show` stays true until the first CETTAR period is opened).
#[tracing::instrument(skip(state, principal))]
pub async fn setup(State(state): State<AppState>, principal: Principal) -> Result<Response, ApiError> {
    require_role(&principal, &[Role::Admin])?;
    let counts = UnitStore::new(&state.database).setup_counts().await?;
    let (show, steps) = model::setup_checklist(&counts);
    let steps = steps.into_iter().map(|step| SetupStep { key: step.key.to_owned(), done: step.done }).collect();
    Ok(Json(SetupStatus { show, steps }).into_response())
}
