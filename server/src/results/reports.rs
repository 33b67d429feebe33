//! Reports on published results (issue 7): spreadsheet exports of a ranking and of one unit's
//! report card, and the per-indicator averages the province's dashboard shows.
//!
//! Everything here reads what the public API already shows (published periods only: an open,
//! closed or draft period answers like an unknown one) and reuses its handlers, so an export can
//! never say more than `GET …/results` or `GET …/units/{code}` do. The spreadsheets are real XLSX
//! files (`rust_xlsxwriter`): a header row, frozen panes, and numbers stored as numbers with a
//! two-decimal format. XLSX numbers are IEEE doubles by definition of the format; a two-decimal
//! total such as `84.15` converts to the double nearest to it and displays exactly, and nothing
//! is computed from the spreadsheet's numbers here.

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::routes::{self as assessment, ResultsQuery, scored_population, visible_period};

use crate::error::ApiError;
use crate::http::{ApiPath, ApiQuery};
use crate::results::scoring::{self, WireNumber};
use contract::{IndicatorAverage, IndicatorAverages, RankingRow, SpiritAverage, UnitDetail};

use crate::startup::AppState;

/// The MIME type of an XLSX workbook.
pub const XLSX_CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `GET /api/v1/periods/{period_id}/results.xlsx?population=kabkota`: the ranking as a workbook.
#[tracing::instrument(skip(state))]
pub async fn results_xlsx(
    State(state): State<AppState>,
    ApiPath(period_id): ApiPath<String>,
    ApiQuery(query): ApiQuery<ResultsQuery>,
) -> Result<Response, ApiError> {
    let period = visible_period(&state, &period_id).await?;
    let (population, rubric_version_id) = scored_population(&state, &period, query.population.as_deref()).await?;
    let Json(rows) =
        assessment::results(State(state.clone()), ApiPath(period_id.clone()), ApiQuery(query.clone())).await?;
    let labels = rubric_labels(&state, &rubric_version_id).await?;
    let bytes = ranking_workbook(&period.label(), &population.name, &rows, &labels)
        .map_err(|error| anyhow::anyhow!("cannot write the ranking workbook: {error}"))?;
    Ok(xlsx_attachment(&format!("sibekisar-peringkat-{}-{}.xlsx", period.id, population.code), bytes))
}

/// `GET /api/v1/periods/{period_id}/units/{unit_code}/report.xlsx`: one unit's report card.
#[tracing::instrument(skip(state))]
pub async fn unit_report_xlsx(
    State(state): State<AppState>,
    ApiPath((period_id, unit_code)): ApiPath<(String, String)>,
) -> Result<Response, ApiError> {
    let Json(detail) = assessment::unit(State(state.clone()), ApiPath((period_id, unit_code))).await?;
    let labels = rubric_labels(&state, &detail.rubric_version_id).await?;
    let bytes = unit_workbook(&detail, &labels)
        .map_err(|error| anyhow::anyhow!("cannot write the report workbook: {error}"))?;
    Ok(xlsx_attachment(&format!("sibekisar-rapor-{}-{}.xlsx", detail.period.id, detail.unit.code), bytes))
}

/// `GET /api/v1/periods/{period_id}/indicator-averages?population=kabkota`: where the
/// population scores lowest, computed from the stored explanations of the official results.
#[tracing::instrument(skip(state, headers))]
pub async fn indicator_averages(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    ApiPath(period_id): ApiPath<String>,
    ApiQuery(query): ApiQuery<ResultsQuery>,
) -> Result<Response, ApiError> {
    let period = visible_period(&state, &period_id).await?;
    let (population, rubric_version_id) = scored_population(&state, &period, query.population.as_deref()).await?;
    let validator =
        super::conditional::published_validator(&state, &period, &["indicator-averages", &population.code]).await?;
    if let Some(answer) = validator.as_ref().and_then(|validator| validator.not_modified(&headers)) {
        return Ok(answer);
    }
    let labels = rubric_labels(&state, &rubric_version_id).await?;
    let rows = state.database.results(&period.id, &population.code).await?;
    let mut spirit_scores: HashMap<String, Vec<i64>> = HashMap::new();
    let mut indicator_scores: HashMap<String, Vec<i64>> = HashMap::new();
    let mut indicator_missing: HashMap<String, i64> = HashMap::new();
    for row in &rows {
        let explanation = scoring::explanation(&row.result_json)?;
        for spirit in &explanation.spirits {
            let score = scaled(spirit.score.as_str(), 4)
                .ok_or_else(|| anyhow::anyhow!("stored spirit score {} is not a decimal", spirit.score.as_str()))?;
            spirit_scores.entry(spirit.code.clone()).or_default().push(score);
        }
        for indicator in &explanation.indicators {
            let score = scaled(indicator.score.as_str(), 4).ok_or_else(|| {
                anyhow::anyhow!("stored indicator score {} is not a decimal", indicator.score.as_str())
            })?;
            indicator_scores.entry(indicator.code.clone()).or_default().push(score);
            if indicator.missing {
                *indicator_missing.entry(indicator.code.clone()).or_default() += 1;
            }
        }
    }
    let spirits = labels
        .spirits
        .iter()
        .map(|spirit| {
            let scores = spirit_scores.get(&spirit.code).map(Vec::as_slice).unwrap_or_default();
            Ok(SpiritAverage {
                code: spirit.code.clone(),
                name: spirit.name.clone(),
                weight: scoring::wire_number(&spirit.weight)?,
                average_score: scoring::wire_number(&mean_to_cents_text(scores))?,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let indicators = labels
        .indicators
        .iter()
        .map(|indicator| {
            let scores = indicator_scores.get(&indicator.code).map(Vec::as_slice).unwrap_or_default();
            let min = scores.iter().copied().min().unwrap_or(0);
            let max = scores.iter().copied().max().unwrap_or(0);
            Ok(IndicatorAverage {
                code: indicator.code.clone(),
                name: indicator.name.clone(),
                spirit: indicator.spirit.clone(),
                owner: indicator.owner.clone(),
                average_score: scoring::wire_number(&mean_to_cents_text(scores))?,
                min_score: scoring::wire_number(&fixed_text(round_half_up(i128::from(min), 100), 2))?,
                max_score: scoring::wire_number(&fixed_text(round_half_up(i128::from(max), 100), 2))?,
                n_missing: indicator_missing.get(&indicator.code).copied().unwrap_or(0),
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let averages = IndicatorAverages {
        period_id: period.id,
        population: population.code,
        rubric_version_id,
        n_units: i64::try_from(rows.len()).unwrap_or(i64::MAX),
        spirits,
        indicators,
    };
    Ok(super::conditional::with_validator(validator.as_ref(), Json(averages)))
}

/// The names a rubric document gives its spirits and indicators (with owners), for labels.
#[derive(Clone, Debug, Default)]
pub struct RubricLabels {
    pub spirits: Vec<SpiritLabel>,
    pub indicators: Vec<IndicatorLabel>,
}

#[derive(Clone, Debug)]
pub struct SpiritLabel {
    pub code: String,
    pub name: String,
    /// The weight's decimal text as written in the rubric (`20`, `2.5`).
    pub weight: String,
}

#[derive(Clone, Debug)]
pub struct IndicatorLabel {
    pub code: String,
    pub name: String,
    pub spirit: String,
    pub owner: String,
}

impl RubricLabels {
    /// Reads the labels of a stored (hence already valid) rubric document.
    ///
    /// # Errors
    /// The document is not JSON or lacks the `spirits`/`indicators` arrays (corrupt storage).
    pub fn from_document(document: &str) -> anyhow::Result<RubricLabels> {
        let value: serde_json::Value = serde_json::from_str(document)?;
        let text = |item: &serde_json::Value, key: &str| match &item[key] {
            serde_json::Value::String(text) => text.clone(),
            serde_json::Value::Number(number) => number.to_string(),
            _ => String::new(),
        };
        let list = |key: &str| {
            value[key].as_array().cloned().ok_or_else(|| anyhow::anyhow!("stored rubric has no `{key}` array"))
        };
        Ok(RubricLabels {
            spirits: list("spirits")?
                .iter()
                .map(|spirit| SpiritLabel {
                    code: text(spirit, "code"),
                    name: text(spirit, "name"),
                    weight: text(spirit, "weight"),
                })
                .collect(),
            indicators: list("indicators")?
                .iter()
                .map(|indicator| IndicatorLabel {
                    code: text(indicator, "code"),
                    name: text(indicator, "name"),
                    spirit: text(indicator, "spirit"),
                    owner: text(indicator, "owner"),
                })
                .collect(),
        })
    }

    fn spirit_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.spirits.iter().find(|spirit| spirit.code == code).map_or(code, |spirit| spirit.name.as_str())
    }

    fn indicator(&self, code: &str) -> Option<&IndicatorLabel> {
        self.indicators.iter().find(|indicator| indicator.code == code)
    }
}

async fn rubric_labels(state: &AppState, rubric_version_id: &str) -> Result<RubricLabels, ApiError> {
    let rubric = state
        .database
        .rubric_version(rubric_version_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("rubric version {rubric_version_id} bound to a period is missing"))?;
    Ok(RubricLabels::from_document(&rubric.document)?)
}

fn xlsx_attachment(file_name: &str, bytes: Vec<u8>) -> Response {
    let safe_name: String = file_name
        .chars()
        .map(|character| if character.is_ascii_alphanumeric() || "-_.".contains(character) { character } else { '_' })
        .collect();
    (
        [
            (header::CONTENT_TYPE, XLSX_CONTENT_TYPE.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{safe_name}\"")),
            (header::CACHE_CONTROL, "no-cache".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// The ranking workbook: sheet "Peringkat" (header row, one row per unit, spirit scores and
/// contributions) and sheet "Keterangan" (what the file is).
///
/// # Errors
/// The XLSX writer fails (it does not for valid input; surfaced as a 500).
pub fn ranking_workbook(
    period_label: &str,
    population_name: &str,
    rows: &[RankingRow],
    labels: &RubricLabels,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let header = Format::new().set_bold().set_background_color("#E7EDF5").set_text_wrap();
    let two_decimals = Format::new().set_num_format("0.00");
    let four_decimals = Format::new().set_num_format("0.0000");
    let sheet = workbook.add_worksheet();
    sheet.set_name("Peringkat")?;
    let mut headers: Vec<String> =
        ["Peringkat", "Kode", "Unit", "Nilai total", "Predikat", "Kategori", "Lengkap"].map(str::to_owned).to_vec();
    for spirit in &labels.spirits {
        headers.push(format!("{} — nilai", spirit.name));
        headers.push(format!("{} — kontribusi", spirit.name));
    }
    write_header(sheet, &headers, &header)?;
    for (row_idx, row) in rows.iter().enumerate() {
        let line = u32::try_from(row_idx + 1).unwrap_or(u32::MAX);
        sheet.write_number(line, 0, row.rank as f64)?;
        sheet.write_string(line, 1, &row.unit.code)?;
        sheet.write_string(line, 2, &row.unit.name)?;
        write_decimal(sheet, line, 3, &row.total, &two_decimals)?;
        sheet.write_string(line, 4, &row.grade)?;
        sheet.write_string(line, 5, &row.category)?;
        sheet.write_string(line, 6, if row.complete { "Ya" } else { "Tidak" })?;
        for (spirit_idx, label) in labels.spirits.iter().enumerate() {
            let column = u16::try_from(7 + 2 * spirit_idx).unwrap_or(u16::MAX - 1);
            if let Some(spirit) = row.spirits.iter().find(|spirit| spirit.code == label.code) {
                write_decimal(sheet, line, column, &spirit.score, &four_decimals)?;
                write_decimal(sheet, line, column + 1, &spirit.contribution, &two_decimals)?;
            }
        }
    }
    sheet.set_column_width(2, 40)?;
    sheet.set_column_width(5, 16)?;
    sheet.set_freeze_panes(1, 3)?;
    let last_column = u16::try_from(headers.len().saturating_sub(1)).unwrap_or(0);
    sheet.autofilter(0, 0, u32::try_from(rows.len()).unwrap_or(0), last_column)?;

    let notes = workbook.add_worksheet();
    notes.set_name("Keterangan")?;
    let lines = [
        ("Sibekisar — peringkat CETTAR", String::new()),
        ("Periode", period_label.to_owned()),
        ("Kelompok", population_name.to_owned()),
        ("Jumlah unit", rows.len().to_string()),
        (
            "Aturan",
            "Kontribusi setiap semangat dibulatkan setengah ke atas menjadi dua desimal; nilai total adalah \
             jumlah kontribusi yang sudah dibulatkan. Predikat: ≥ 81,00 A, ≥ 61,00 B, ≥ 41,00 C, ≥ 21,00 D, \
             selebihnya E. Unit dengan nilai sama berbagi peringkat."
                .to_owned(),
        ),
    ];
    write_notes(notes, &lines, &header)?;
    workbook.save_to_buffer()
}

/// The report-card workbook: "Ringkasan" (the unit's result), "Semangat" (per spirit) and
/// "Indikator" (raw value, score and points of every indicator, with its owner).
///
/// # Errors
/// The XLSX writer fails (it does not for valid input; surfaced as a 500).
pub fn unit_workbook(detail: &UnitDetail, labels: &RubricLabels) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let header = Format::new().set_bold().set_background_color("#E7EDF5").set_text_wrap();
    let two_decimals = Format::new().set_num_format("0.00");
    let four_decimals = Format::new().set_num_format("0.0000");

    let summary = workbook.add_worksheet();
    summary.set_name("Ringkasan")?;
    summary.write_string_with_format(0, 0, "Rapor CETTAR", &header)?;
    summary.write_string_with_format(0, 1, "", &header)?;
    let mut line = 1;
    for (key, value) in [
        ("Unit", detail.unit.name.clone()),
        ("Kode", detail.unit.code.clone()),
        ("Kelompok", detail.unit.population.name.clone()),
        ("Periode", detail.period.label.clone()),
        ("Versi rubrik", detail.rubric_version_id.clone()),
    ] {
        summary.write_string(line, 0, key)?;
        summary.write_string(line, 1, &value)?;
        line += 1;
    }
    if let Some(result) = &detail.result {
        summary.write_string(line, 0, "Nilai total")?;
        write_decimal(summary, line, 1, &result.total, &two_decimals)?;
        summary.write_string(line + 1, 0, "Predikat")?;
        summary.write_string(line + 1, 1, &result.grade)?;
        summary.write_string(line + 2, 0, "Kategori")?;
        summary.write_string(line + 2, 1, &result.category)?;
        summary.write_string(line + 3, 0, "Peringkat")?;
        summary.write_number(line + 3, 1, result.rank as f64)?;
        summary.write_string(line + 4, 0, "Lengkap")?;
        summary.write_string(line + 4, 1, if result.complete { "Ya" } else { "Tidak" })?;
    } else {
        summary.write_string(line, 0, "Nilai total")?;
        summary.write_string(line, 1, "Belum dihitung")?;
    }
    summary.set_column_width(0, 18)?;
    summary.set_column_width(1, 48)?;

    let mut spirits = Worksheet::new();
    spirits.set_name("Semangat")?;
    write_header(&mut spirits, &["Kode", "Semangat", "Bobot", "Nilai", "Kontribusi"].map(str::to_owned), &header)?;
    let mut indicators = Worksheet::new();
    indicators.set_name("Indikator")?;
    write_header(
        &mut indicators,
        &[
            "Kode",
            "Indikator",
            "Semangat",
            "Pengampu",
            "Nilai mentah",
            "Skor",
            "Poin",
            "Keterangan",
            "Catatan pengampu",
            "Rekomendasi",
        ]
        .map(str::to_owned),
        &header,
    )?;
    if let Some(result) = &detail.result {
        for (spirit_idx, spirit) in result.explanation.spirits.iter().enumerate() {
            let line = u32::try_from(spirit_idx + 1).unwrap_or(u32::MAX);
            spirits.write_string(line, 0, &spirit.code)?;
            spirits.write_string(line, 1, labels.spirit_name(&spirit.code))?;
            write_decimal(&mut spirits, line, 2, &spirit.weight, &two_decimals)?;
            write_decimal(&mut spirits, line, 3, &spirit.score, &four_decimals)?;
            write_decimal(&mut spirits, line, 4, &spirit.contribution, &two_decimals)?;
        }
        for (indicator_idx, indicator) in result.explanation.indicators.iter().enumerate() {
            let line = u32::try_from(indicator_idx + 1).unwrap_or(u32::MAX);
            let label = labels.indicator(&indicator.code);
            indicators.write_string(line, 0, &indicator.code)?;
            indicators.write_string(line, 1, label.map_or(indicator.code.as_str(), |label| label.name.as_str()))?;
            indicators.write_string(line, 2, label.map_or("", |label| labels.spirit_name(&label.spirit)))?;
            indicators.write_string(line, 3, label.map_or("", |label| label.owner.as_str()))?;
            match &indicator.value {
                Some(engine::wire::WireValue::Number(number)) => {
                    write_decimal(&mut indicators, line, 4, number, &Format::new())?;
                }
                Some(engine::wire::WireValue::Label(text)) => {
                    indicators.write_string(line, 4, text)?;
                }
                Some(engine::wire::WireValue::Boolean(flag)) => {
                    indicators.write_string(line, 4, if *flag { "Ya" } else { "Tidak" })?;
                }
                None => {}
            }
            write_decimal(&mut indicators, line, 5, &indicator.score, &four_decimals)?;
            write_decimal(&mut indicators, line, 6, &indicator.points, &four_decimals)?;
            if indicator.missing {
                indicators.write_string(line, 7, "Tidak ada nilai (dihitung 0)")?;
            }
            if let Some(entry) = detail.values.get(&indicator.code) {
                if let Some(note) = &entry.note {
                    indicators.write_string(line, 8, note)?;
                }
                if let Some(recommendation) = &entry.recommendation {
                    indicators.write_string(line, 9, recommendation)?;
                }
            }
        }
    }
    spirits.set_column_width(1, 24)?;
    indicators.set_column_width(1, 40)?;
    indicators.set_column_width(3, 28)?;
    indicators.set_column_width(8, 40)?;
    indicators.set_column_width(9, 48)?;
    indicators.set_freeze_panes(1, 2)?;
    workbook.push_worksheet(spirits);
    workbook.push_worksheet(indicators);
    workbook.save_to_buffer()
}

fn write_header(sheet: &mut Worksheet, headers: &[String], format: &Format) -> Result<(), XlsxError> {
    for (column_idx, text) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, u16::try_from(column_idx).unwrap_or(u16::MAX), text, format)?;
    }
    Ok(())
}

fn write_notes(sheet: &mut Worksheet, lines: &[(&str, String)], header: &Format) -> Result<(), XlsxError> {
    for (line_idx, (key, value)) in lines.iter().enumerate() {
        let line = u32::try_from(line_idx).unwrap_or(u32::MAX);
        if line_idx == 0 {
            sheet.write_string_with_format(line, 0, *key, header)?;
        } else {
            sheet.write_string(line, 0, *key)?;
            sheet.write_string(line, 1, value)?;
        }
    }
    sheet.set_column_width(0, 16)?;
    sheet.set_column_width(1, 90)?;
    Ok(())
}

/// Writes a decimal as a spreadsheet number (with `format`), or as text if it is not a number.
fn write_decimal(
    sheet: &mut Worksheet,
    line: u32,
    column: u16,
    number: &WireNumber,
    format: &Format,
) -> Result<(), XlsxError> {
    match number.as_str().parse::<f64>() {
        Ok(value) => sheet.write_number_with_format(line, column, value, format).map(|_| ()),
        Err(_) => sheet.write_string(line, column, number.as_str()).map(|_| ()),
    }
}

/// A plain decimal text (`84.15`, `-3`, `100.0000`) times `10^decimals`, when it has at most
/// `decimals` decimals.
pub fn scaled(text: &str, decimals: u32) -> Option<i64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty()
        || fraction.len() > decimals as usize
        || !whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let padded = format!("{whole}{fraction:0<width$}", width = decimals as usize);
    let magnitude: i64 = padded.parse().ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

/// `value / divisor` rounded half-up (away from zero for the non-negative scores used here).
fn round_half_up(value: i128, divisor: i128) -> i64 {
    let rounded = if value >= 0 { (value + divisor / 2) / divisor } else { (value - divisor / 2) / divisor };
    i64::try_from(rounded).unwrap_or(i64::MAX)
}

/// The mean of four-decimal scores as two-decimal text, half-up; `0.00` for no scores.
pub fn mean_to_cents_text(scores_ten_thousandths: &[i64]) -> String {
    if scores_ten_thousandths.is_empty() {
        return "0.00".to_owned();
    }
    let sum: i128 = scores_ten_thousandths.iter().map(|&score| i128::from(score)).sum();
    let count = i128::try_from(scores_ten_thousandths.len()).unwrap_or(i128::MAX);
    fixed_text(round_half_up(sum, count * 100), 2)
}

fn fixed_text(scaled_value: i64, decimals: u32) -> String {
    let divisor = 10_i64.pow(decimals);
    let sign = if scaled_value < 0 { "-" } else { "" };
    let magnitude = scaled_value.unsigned_abs();
    format!(
        "{sign}{}.{:0width$}",
        magnitude / divisor.unsigned_abs(),
        magnitude % divisor.unsigned_abs(),
        width = decimals as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_text_scales_exactly_or_not_at_all() {
        assert_eq!(scaled("84.15", 2), Some(8415));
        assert_eq!(scaled("100", 4), Some(1_000_000));
        assert_eq!(scaled("0.5", 4), Some(5000));
        assert_eq!(scaled("-3.25", 2), Some(-325));
        assert_eq!(scaled("1.234", 2), None);
        assert_eq!(scaled("8,5", 2), None);
        assert_eq!(scaled("", 2), None);
        assert_eq!(scaled(".5", 2), None);
    }

    #[test]
    fn means_round_half_up_to_cents() {
        assert_eq!(mean_to_cents_text(&[]), "0.00");
        assert_eq!(mean_to_cents_text(&[800_000, 900_000]), "85.00");
        // (10.0050 + 10.0000) / 2 = 10.0025 → 10.00; (10.0050 + 10.0050) / 2 = 10.005 → 10.01.
        assert_eq!(mean_to_cents_text(&[100_050, 100_000]), "10.00");
        assert_eq!(mean_to_cents_text(&[100_050, 100_050]), "10.01");
        assert_eq!(mean_to_cents_text(&[1, 0, 0]), "0.00");
    }

    #[test]
    fn rubric_labels_read_names_weights_and_owners() {
        let labels = RubricLabels::from_document(
            r#"{"spirits":[{"code":"C","name":"Cepat","weight":20}],
                "indicators":[{"code":"KIPP","name":"KIPP","spirit":"C","weight":1,"owner":"Biro Organisasi"},
                              {"code":"X","name":"Tanpa pengampu","spirit":"C","weight":1}]}"#,
        )
        .expect("valid labels");
        assert_eq!(labels.spirits[0].weight, "20");
        assert_eq!(labels.spirit_name("C"), "Cepat");
        assert_eq!(labels.spirit_name("Z"), "Z");
        assert_eq!(labels.indicator("KIPP").map(|label| label.owner.as_str()), Some("Biro Organisasi"));
        assert_eq!(labels.indicator("X").map(|label| label.owner.as_str()), Some(""));
        assert!(RubricLabels::from_document("{}").is_err());
    }
}
