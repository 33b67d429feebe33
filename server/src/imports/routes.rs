//! Bulk import of indicator values (CSV or XLSX) and the entries export (CSV, XLSX).
//!
//! - `POST /periods/{period_id}/imports?population=kabkota&dry_run=true|false[&reason=…]` with the
//!   file as the body (`text/csv` or the XLSX type; the content decides). Admins, and owners for
//!   their own indicators. `dry_run` defaults to `true`. Layouts: see `crate::imports`.
//!   → 200 `{"dry_run","ok","rows","values","summary":{"new","changed","unchanged"},
//!   "problems":[{"row","column","code","message"}]}`; a dry run writes nothing and lists every
//!   problem. A file that cannot be read at all, or is over a limit of `crate::imports` (cells,
//!   columns, archive size), is 422 `import_invalid` even in a dry run. With `dry_run=false` a
//!   file with any problem is refused whole: 422 `import_invalid` (the error shape; each problem
//!   also carries `row` and `column`, and `field` is `rows[<row>].<column>`); otherwise every
//!   value is written in one transaction (all or none), audited (reason `impor: …`), and the
//!   results are recomputed. 409 `period_locked` when the period is not open; 409
//!   `import_running` while another import of the period is read or written.
//! - `GET /periods/{period_id}/entries.csv?population=` and `entries.xlsx`: one row per unit by
//!   rank: `unit,nama_unit,peringkat,nilai_total,predikat,<indicator codes…>` (raw values). The
//!   CSV can be edited and imported again. Admins, owners and viewers.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::{Principal, Role, require_indicator_write, require_role};
use crate::entries::{MAX_REASON_CHARS, period_locked};
use crate::error::ApiError;
use crate::http::{ApiPath, ApiQuery, clean_text};
use crate::imports::{ImportPlan, ImportProblem, plan_import, read_sheet};
use crate::results::scoring::ValueChecker;
use crate::results::{XLSX_CONTENT_TYPE, scored_population, visible_period_for};
use crate::startup::AppState;
use crate::storage::{ImportOutcome, ImportSummary, PeriodRow, PopulationRow};
use contract::imports::ImportReport;

/// Largest import file: a national-scale grid (22,000 units × 20 indicators) fits.
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;

/// How long a lease outlives the request deadline before another import may take it over: a
/// lease is only left behind when its process was killed.
const LEASE_MARGIN: std::time::Duration = std::time::Duration::from_secs(60);

/// One import at a time per period, across every process on the database: a lease row taken
/// before the file is read and ended when the answer is ready (or, if the request is cut, by a
/// task spawned on drop; if the process dies, the lease expires after the request deadline).
/// Two national files for one period thus never take both cores and the write lock at once.
#[derive(Debug)]
pub struct ImportLease {
    database: crate::storage::Database,
    period_id: String,
    holder: String,
    ended: bool,
}

impl ImportLease {
    /// The period's lease, or `None` while another import of that period runs on any process.
    async fn take(state: &AppState, period_id: &str) -> Result<Option<Self>, ApiError> {
        let holder = crate::storage::new_id("imp");
        let now = state.clock.now_millis();
        let lifetime = crate::auth::clock::millis(state.settings.limits.handler + LEASE_MARGIN);
        let expires_at = crate::auth::clock::timestamp(now.saturating_add(lifetime));
        let taken = state
            .database
            .take_import_lease(period_id, &holder, &crate::auth::clock::timestamp(now), &expires_at)
            .await?;
        Ok(taken.then(|| Self {
            database: state.database.clone(),
            period_id: period_id.to_owned(),
            holder,
            ended: false,
        }))
    }

    /// Ends the lease before the answer leaves, so that the caller's next import finds it free.
    async fn end(mut self) -> Result<(), ApiError> {
        self.ended = true;
        self.database.end_import_lease(&self.period_id, &self.holder).await?;
        Ok(())
    }
}

impl Drop for ImportLease {
    fn drop(&mut self) {
        if self.ended {
            return;
        }
        let (database, period_id, holder) = (self.database.clone(), self.period_id.clone(), self.holder.clone());
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(error) = database.end_import_lease(&period_id, &holder).await {
                    tracing::warn!(error = format!("{error:#}"), "an import lease is left to expire");
                }
            });
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct ImportQuery {
    pub population: Option<String>,
    pub dry_run: Option<String>,
    pub reason: Option<String>,
}

async fn period_and_rubric(
    state: &AppState,
    principal: &Principal,
    period_id: &str,
    population: Option<&str>,
) -> Result<(PeriodRow, PopulationRow, String), ApiError> {
    let period = visible_period_for(state, principal, period_id, None).await?;
    let (population, rubric_version_id) = scored_population(state, &period, population).await?;
    let rubric = state
        .database
        .rubric_version(&rubric_version_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("rubric version {rubric_version_id} is missing"))?;
    Ok((period, population, rubric.document))
}

/// `POST /api/v1/periods/{period_id}/imports`.
#[tracing::instrument(skip(state, principal, body), fields(bytes = body.len()))]
pub async fn import(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(period_id): ApiPath<String>,
    ApiQuery(query): ApiQuery<ImportQuery>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let user = require_role(&principal, &[Role::Admin, Role::Owner])?.clone();
    let dry_run = match query.dry_run.as_deref().map(str::trim) {
        None | Some("" | "true" | "1") => true,
        Some("false" | "0") => false,
        Some(_) => {
            return Err(ApiError::Invalid(vec![crate::error::Problem::new(
                "invalid_query",
                "dry_run harus true atau false.",
                Some("dry_run".to_owned()),
            )]));
        }
    };
    let reason = clean_text(query.reason.clone(), MAX_REASON_CHARS, "reason")?.filter(|reason| !reason.is_empty());
    let (period, population, rubric) =
        period_and_rubric(&state, &principal, &period_id, query.population.as_deref()).await?;
    if period.is_published() || (!dry_run && period.state != crate::storage::PeriodState::Open) {
        return Err(period_locked());
    }
    let Some(lease) = ImportLease::take(&state, &period.id).await? else {
        return Err(ApiError::BadRequest {
            status: StatusCode::CONFLICT,
            code: "import_running",
            message: "Impor lain untuk periode ini sedang berjalan. Tunggu sampai selesai, lalu coba lagi.".to_owned(),
        });
    };
    let answer =
        import_holding_lease(&state, &principal, &user, &period, &population, rubric, body, dry_run, reason).await;
    lease.end().await?;
    answer
}

/// The import once its lease is held: check the file, then report (dry run) or write it.
#[allow(clippy::too_many_arguments)]
async fn import_holding_lease(
    state: &AppState,
    principal: &Principal,
    user: &crate::auth::SignedInUser,
    period: &PeriodRow,
    population: &PopulationRow,
    rubric: String,
    body: axum::body::Bytes,
    dry_run: bool,
    reason: Option<String>,
) -> Result<Response, ApiError> {
    let units = state.database.population_units(&period.id, &population.code).await?;
    let checker_principal = principal.clone();
    // Reading and checking a national-scale file takes CPU time: keep it off the async workers.
    let plan = tokio::task::spawn_blocking(move || -> anyhow::Result<Result<ImportPlan, ImportProblem>> {
        let checker = ValueChecker::new(&rubric)?;
        let may_write = |indicator: &str| require_indicator_write(&checker_principal, indicator).is_ok();
        Ok(read_sheet(&body).map(|sheet| plan_import(&sheet, &units, &checker, &may_write)))
    })
    .await
    .map_err(|error| anyhow::anyhow!("import check task failed: {error}"))??;
    // A file that cannot be read within the limits is refused whole, dry run or not: there is
    // nothing to report row by row.
    let plan = match plan {
        Ok(plan) => plan,
        Err(problem) => return Ok(invalid(&[problem])),
    };
    // Indicators computed from the aspiration service are not imported (see `without_computed`).
    let plan = crate::aspirations::without_computed(state, &period.id, &population.code, plan).await?;
    let may_edit_verified = user.role == Role::Admin;
    if dry_run {
        let mut summary = ImportSummary::default();
        let mut problems = plan.problems.clone();
        let stored: std::collections::HashMap<(String, String), crate::storage::EntryRecord> = state
            .database
            .population_entries(&period.id, &population.code)
            .await?
            .into_iter()
            .map(|entry| ((entry.unit_id.clone(), entry.indicator_code.clone()), entry))
            .collect();
        for value in &plan.values {
            match stored.get(&(value.unit_id.clone(), value.indicator_code.clone())) {
                Some(entry) if entry.value_json == value.value_json => summary.unchanged += 1,
                Some(entry) if entry.status == crate::storage::EntryStatus::Verified && !may_edit_verified => problems
                    .push(ImportProblem {
                        row: 0,
                        column: Some(value.indicator_code.clone()),
                        code: "entry_verified".to_owned(),
                        message: format!("Nilai {} unit {} sudah diverifikasi.", value.indicator_code, entry.unit_code),
                    }),
                Some(_) => summary.changed += 1,
                None => summary.new += 1,
            }
        }
        return Ok(report(true, &plan, &summary, &problems));
    }
    if !plan.problems.is_empty() {
        return Ok(invalid(&plan.problems));
    }
    let reason = format!(
        "impor: {} nilai{}",
        plan.values.len(),
        reason.map(|reason| format!(" — {reason}")).unwrap_or_default()
    );
    match state
        .database
        .import_values(
            &period.id,
            &population.code,
            &plan.values,
            &user.username,
            &reason,
            may_edit_verified,
            &state.now(),
        )
        .await?
    {
        ImportOutcome::Done(summary) => {
            state.metrics.count_import();
            Ok(report(false, &plan, &summary, &[]))
        }
        ImportOutcome::Locked { .. } => Err(period_locked()),
        ImportOutcome::Verified(list) => {
            let problems: Vec<ImportProblem> = list
                .into_iter()
                .map(|(_, indicator)| ImportProblem {
                    row: 0,
                    column: Some(indicator.clone()),
                    code: "entry_verified".to_owned(),
                    message: format!("Nilai {indicator} sudah diverifikasi dan tidak dapat diubah."),
                })
                .collect();
            Ok(invalid(&problems))
        }
    }
}

fn report(dry_run: bool, plan: &ImportPlan, summary: &ImportSummary, problems: &[ImportProblem]) -> Response {
    let summary =
        contract::imports::ImportSummary { new: summary.new, changed: summary.changed, unchanged: summary.unchanged };
    let report = ImportReport {
        dry_run,
        ok: problems.is_empty(),
        rows: plan.n_rows,
        values: Some(plan.values.len()),
        summary,
        problems: problems.to_vec(),
        units: None,
        rescored: None,
    };
    axum::Json(report).into_response()
}

/// A file with problems, refused whole: 422 `import_invalid` listing each problem with its row and
/// column (`field` is `rows[<row>].<column>`). Shared by every import (values, units).
pub(crate) fn invalid(problems: &[ImportProblem]) -> Response {
    let listed: Vec<Value> = problems
        .iter()
        .map(|problem| {
            json!({
                "code": problem.code,
                "message": problem.message,
                "field": format!("rows[{}].{}", problem.row, problem.column.as_deref().unwrap_or("")),
                "row": problem.row,
                "column": problem.column,
            })
        })
        .collect();
    let body = json!({"error": {
        "request_id": crate::observe::current_request_id(),
        "code": "import_invalid",
        "message": format!("Berkas impor memiliki {} masalah; tidak ada yang disimpan.", problems.len()),
        "field": null,
        "problems": listed,
    }});
    (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(body)).into_response()
}

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    pub population: Option<String>,
}

/// The export table: header and one row of cells per unit (by rank, then name).
async fn export_table(
    state: &AppState,
    principal: &Principal,
    period_id: &str,
    population: Option<&str>,
) -> Result<(PeriodRow, PopulationRow, Vec<String>, Vec<Vec<Cell>>), ApiError> {
    let (period, population, rubric) = period_and_rubric(state, principal, period_id, population).await?;
    let codes = ValueChecker::new(&rubric)?.indicator_codes();
    let units = state.database.population_units(&period.id, &population.code).await?;
    let results = state.database.results(&period.id, &population.code).await?;
    let entries = state.database.population_entries(&period.id, &population.code).await?;
    let mut values: std::collections::HashMap<(&str, &str), &str> = std::collections::HashMap::new();
    for entry in &entries {
        values.insert((entry.unit_id.as_str(), entry.indicator_code.as_str()), entry.value_json.as_str());
    }
    let mut header: Vec<String> =
        ["unit", "nama_unit", "peringkat", "nilai_total", "predikat"].iter().map(|&title| title.to_owned()).collect();
    header.extend(codes.iter().cloned());
    let mut ordered: Vec<(Option<&crate::storage::ResultRow>, &crate::storage::UnitRow)> =
        units.iter().map(|unit| (results.iter().find(|result| result.unit_id == unit.id), unit)).collect();
    ordered.sort_by(|a, b| {
        let rank =
            |row: &(Option<&crate::storage::ResultRow>, &crate::storage::UnitRow)| row.0.map_or(i64::MAX, |r| r.rank);
        rank(a).cmp(&rank(b)).then_with(|| a.1.name.cmp(&b.1.name))
    });
    let rows = ordered
        .into_iter()
        .map(|(result, unit)| {
            let mut cells = vec![
                Cell::Text(unit.code.clone()),
                Cell::Text(unit.name.clone()),
                result.map_or(Cell::Empty, |result| Cell::Number(result.rank.to_string(), false)),
                result.map_or(Cell::Empty, |result| Cell::Number(result.total.clone(), true)),
                result.map_or(Cell::Empty, |result| Cell::Text(result.grade.clone())),
            ];
            for code in &codes {
                cells.push(match values.get(&(unit.id.as_str(), code.as_str())) {
                    None => Cell::Empty,
                    Some(json) => match serde_json::from_str::<Value>(json) {
                        Ok(Value::String(label)) => Cell::Text(label),
                        Ok(Value::Bool(flag)) => Cell::Text(flag.to_string()),
                        Ok(Value::Null) | Err(_) => Cell::Empty,
                        Ok(_) => Cell::Number((*json).to_owned(), false),
                    },
                });
            }
            cells
        })
        .collect();
    Ok((period, population, header, rows))
}

enum Cell {
    Empty,
    Text(String),
    /// Decimal text; `true` for a two-decimal score.
    Number(String, bool),
}

impl Cell {
    fn text(&self) -> &str {
        match self {
            Cell::Empty => "",
            Cell::Text(text) | Cell::Number(text, _) => text,
        }
    }
}

/// `GET /api/v1/periods/{period_id}/entries.csv`.
#[tracing::instrument(skip(state, principal))]
pub async fn export_csv(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(period_id): ApiPath<String>,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> Result<Response, ApiError> {
    let (period, population, header, rows) =
        export_table(&state, &principal, &period_id, query.population.as_deref()).await?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).map_err(|error| anyhow::anyhow!("csv: {error}"))?;
    for row in &rows {
        writer.write_record(row.iter().map(Cell::text)).map_err(|error| anyhow::anyhow!("csv: {error}"))?;
    }
    let bytes = writer.into_inner().map_err(|error| anyhow::anyhow!("csv: {error}"))?;
    Ok(attachment("text/csv; charset=utf-8", &format!("nilai-{}-{}.csv", period.id, population.code), bytes))
}

/// `GET /api/v1/periods/{period_id}/entries.xlsx`.
#[tracing::instrument(skip(state, principal))]
pub async fn export_xlsx(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(period_id): ApiPath<String>,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> Result<Response, ApiError> {
    let (period, population, header, rows) =
        export_table(&state, &principal, &period_id, query.population.as_deref()).await?;
    let bytes = workbook(&period, &population, &header, &rows).map_err(|error| anyhow::anyhow!("xlsx: {error}"))?;
    Ok(attachment(XLSX_CONTENT_TYPE, &format!("nilai-{}-{}.xlsx", period.id, population.code), bytes))
}

fn workbook(
    period: &PeriodRow,
    population: &PopulationRow,
    header: &[String],
    rows: &[Vec<Cell>],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold().set_background_color("#E7EDF5");
    let two_decimals = Format::new().set_num_format("0.00");
    let sheet = workbook.add_worksheet();
    sheet.set_name("Nilai")?;
    for (column, title) in header.iter().enumerate() {
        sheet.write_string_with_format(0, u16::try_from(column).unwrap_or(u16::MAX), title, &bold)?;
    }
    for (row_index, row) in rows.iter().enumerate() {
        let line = u32::try_from(row_index + 1).unwrap_or(u32::MAX);
        for (column, cell) in row.iter().enumerate() {
            let column = u16::try_from(column).unwrap_or(u16::MAX);
            match cell {
                Cell::Empty => {}
                Cell::Text(text) => {
                    sheet.write_string(line, column, text)?;
                }
                // Display only: the exact decimal text is what the CSV carries.
                Cell::Number(text, two) => match text.parse::<f64>() {
                    Ok(number) if *two => {
                        sheet.write_number_with_format(line, column, number, &two_decimals)?;
                    }
                    Ok(number) => {
                        sheet.write_number(line, column, number)?;
                    }
                    Err(_) => {
                        sheet.write_string(line, column, text)?;
                    }
                },
            }
        }
    }
    sheet.set_column_width(1, 40)?;
    sheet.set_freeze_panes(1, 2)?;
    let notes = workbook.add_worksheet();
    notes.set_name("Keterangan")?;
    notes.write_string_with_format(0, 0, "Sibekisar — nilai indikator", &bold)?;
    notes.write_string(1, 0, "Periode")?;
    notes.write_string(1, 1, period.label())?;
    notes.write_string(2, 0, "Kelompok")?;
    notes.write_string(2, 1, &population.name)?;
    notes.write_string(3, 0, "Nilai mentah seperti dimasukkan; nilai total dihitung server dengan mesin penilaian.")?;
    workbook.save_to_buffer()
}

fn attachment(content_type: &str, file_name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
        ],
        bytes,
    )
        .into_response()
}
