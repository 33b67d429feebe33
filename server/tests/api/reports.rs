//! Reports on published results (issue 7): the XLSX exports read back with `calamine` and
//! compared with the JSON API, the per-indicator averages, and what stays hidden (unpublished
//! periods, unknown units, malformed ids).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use contract::{IndicatorAverages, RankingRow, UnitDetail};
use server::results::XLSX_CONTENT_TYPE;

use crate::helpers::{TestApp, error_code, read_answer, spawn_app_with_demo};

async fn json<T: serde::de::DeserializeOwned>(app: &TestApp, path: &str) -> T {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    let text = response.text().await.expect("text");
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{path}: {error}: {text}"))
}

/// A contract answer read with the contract's own reader.
async fn contract_json<T: contract::json::FromJson>(app: &TestApp, path: &str) -> T {
    read_answer(app.get(path).await).await
}

/// Downloads an XLSX export, checks it is served as an attachment, and opens it.
async fn workbook(app: &TestApp, path: &str, expected_file_name: &str) -> Xlsx<Cursor<Vec<u8>>> {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    let headers = response.headers().clone();
    assert_eq!(headers[reqwest::header::CONTENT_TYPE], XLSX_CONTENT_TYPE, "{path}");
    let disposition = headers[reqwest::header::CONTENT_DISPOSITION].to_str().expect("ASCII");
    assert_eq!(disposition, format!("attachment; filename=\"{expected_file_name}\""));
    let bytes = response.bytes().await.expect("body").to_vec();
    assert!(bytes.starts_with(b"PK"), "an XLSX file is a zip archive");
    Xlsx::new(Cursor::new(bytes)).expect("the export is a readable XLSX workbook")
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(text) => text.clone(),
        other => panic!("expected text, got {other:?}"),
    }
}

fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(value) => *value,
        Data::Int(value) => *value as f64,
        other => panic!("expected a number, got {other:?}"),
    }
}

/// A JSON two-decimal total as the spreadsheet double it must equal.
fn as_f64(number: &engine::wire::WireNumber) -> f64 {
    number.as_str().parse().expect("a decimal")
}

#[tokio::test]
async fn the_ranking_workbook_holds_the_same_ranking_as_the_json_api() {
    let app = spawn_app_with_demo().await;
    for (population, n_units) in [("kabkota", 38), ("opd", 50), ("uobk", 6)] {
        let rows: Vec<RankingRow> =
            json(&app, &format!("/api/v1/periods/2023-annual/results?population={population}")).await;
        let mut book = workbook(
            &app,
            &format!("/api/v1/periods/2023-annual/results.xlsx?population={population}"),
            &format!("sibekisar-peringkat-2023-annual-{population}.xlsx"),
        )
        .await;
        let sheet = book.worksheet_range("Peringkat").expect("sheet Peringkat");
        let lines: Vec<&[Data]> = sheet.rows().collect();
        assert_eq!(lines.len(), n_units + 1, "{population}: header and one line per unit");
        let header: Vec<String> = lines[0].iter().map(text).collect();
        assert_eq!(header[..7], ["Peringkat", "Kode", "Unit", "Nilai total", "Predikat", "Kategori", "Lengkap"]);
        assert_eq!(header.len(), 7 + 2 * 6, "six spirits, each with score and contribution");
        assert_eq!(header[7], "Cepat — nilai");
        for (line, row) in lines[1..].iter().zip(&rows) {
            assert_eq!(number(&line[0]) as i64, row.rank, "{}", row.unit.name);
            assert_eq!(text(&line[1]), row.unit.code);
            assert_eq!(text(&line[2]), row.unit.name);
            assert_eq!(number(&line[3]), as_f64(&row.total), "{}", row.unit.name);
            assert_eq!(format!("{:.2}", number(&line[3])), row.total.as_str(), "two decimals survive");
            assert_eq!(text(&line[4]), row.grade);
            assert_eq!(text(&line[5]), row.category);
            assert_eq!(text(&line[6]), if row.complete { "Ya" } else { "Tidak" });
            for (spirit_idx, spirit) in row.spirits.iter().enumerate() {
                assert_eq!(
                    number(&line[7 + 2 * spirit_idx]),
                    as_f64(&spirit.score),
                    "{} {}",
                    row.unit.name,
                    spirit.code
                );
                assert_eq!(number(&line[8 + 2 * spirit_idx]), as_f64(&spirit.contribution));
            }
        }
        let notes = book.worksheet_range("Keterangan").expect("sheet Keterangan");
        assert!(notes.rows().any(|line| line.iter().any(|cell| cell == &Data::String("Tahunan 2023".into()))));
    }
}

#[tokio::test]
async fn the_kabkota_workbook_keeps_the_exact_totals_the_source_stored_lower() {
    let app = spawn_app_with_demo().await;
    let mut book = workbook(
        &app,
        "/api/v1/periods/2023-annual/results.xlsx?population=kabkota",
        "sibekisar-peringkat-2023-annual-kabkota.xlsx",
    )
    .await;
    let sheet = book.worksheet_range("Peringkat").expect("sheet");
    let total_of = |name: &str| {
        sheet.rows().find(|line| line[2] == Data::String(name.into())).map(|line| format!("{:.2}", number(&line[3])))
    };
    assert_eq!(total_of("Kabupaten Lumajang").as_deref(), Some("72.34"));
    assert_eq!(total_of("Kabupaten Mojokerto").as_deref(), Some("77.57"));
    assert_eq!(total_of("Kabupaten Banyuwangi").as_deref(), Some("84.15"));
}

#[tokio::test]
async fn the_report_card_workbook_explains_every_indicator_like_the_json_api() {
    let app = spawn_app_with_demo().await;
    let rows: Vec<RankingRow> = json(&app, "/api/v1/periods/2023-annual/results?population=kabkota").await;
    let code = &rows[0].unit.code;
    let detail: UnitDetail = contract_json(&app, &format!("/api/v1/periods/2023-annual/units/{code}")).await;
    let result = detail.result.as_ref().expect("a published unit has a result");
    let explanation = &result.explanation;
    let mut book = workbook(
        &app,
        &format!("/api/v1/periods/2023-annual/units/{code}/report.xlsx"),
        &format!("sibekisar-rapor-2023-annual-{code}.xlsx"),
    )
    .await;
    assert_eq!(book.sheet_names(), ["Ringkasan", "Semangat", "Indikator"]);

    let summary = book.worksheet_range("Ringkasan").expect("summary");
    let value_of = |key: &str| {
        summary.rows().find(|line| line[0] == Data::String(key.into())).map(|line| line[1].clone()).expect(key)
    };
    assert_eq!(text(&value_of("Unit")), detail.unit.name);
    assert_eq!(text(&value_of("Periode")), "Tahunan 2023");
    assert_eq!(number(&value_of("Nilai total")), as_f64(&result.total));
    assert_eq!(text(&value_of("Predikat")), result.grade);
    assert_eq!(number(&value_of("Peringkat")) as i64, result.rank);

    let spirits = book.worksheet_range("Semangat").expect("spirits");
    let spirit_lines: Vec<&[Data]> = spirits.rows().skip(1).collect();
    assert_eq!(spirit_lines.len(), explanation.spirits.len());
    for (line, spirit) in spirit_lines.iter().zip(&explanation.spirits) {
        assert_eq!(text(&line[0]), spirit.code);
        assert_eq!(number(&line[3]), as_f64(&spirit.score));
        assert_eq!(number(&line[4]), as_f64(&spirit.contribution));
    }
    let contributions: i64 = spirit_lines.iter().map(|line| (number(&line[4]) * 100.0).round() as i64).sum();
    assert_eq!(
        format!("{}.{:02}", contributions / 100, contributions % 100),
        result.total.as_str(),
        "total = Σ contributions"
    );

    let indicators = book.worksheet_range("Indikator").expect("indicators");
    let indicator_lines: Vec<&[Data]> = indicators.rows().skip(1).collect();
    assert_eq!(indicator_lines.len(), explanation.indicators.len());
    for (line, indicator) in indicator_lines.iter().zip(&explanation.indicators) {
        assert_eq!(text(&line[0]), indicator.code);
        assert_eq!(number(&line[5]), as_f64(&indicator.score), "{}", indicator.code);
        assert_eq!(number(&line[6]), as_f64(&indicator.points), "{}", indicator.code);
    }
    // Owners come from the rubric: kab/kota 2023's KIPP is owned by Biro Organisasi.
    let kipp = indicator_lines.iter().find(|line| line[0] == Data::String("KIPP".into())).expect("KIPP");
    assert_eq!(text(&kipp[3]), "Biro Organisasi");
}

#[tokio::test]
async fn the_report_card_workbook_carries_the_owners_notes_and_recommendations() {
    let app = spawn_app_with_demo().await;
    let code = "kabupaten-bangkalan";
    let detail: UnitDetail = contract_json(&app, &format!("/api/v1/periods/2023-annual/units/{code}")).await;
    let merit = detail.values.get("SISTEM_MERIT").expect("a stored value");
    let recommendation = merit.recommendation.clone().expect("the demo's sample recommendation");
    let mut book = workbook(
        &app,
        &format!("/api/v1/periods/2023-annual/units/{code}/report.xlsx"),
        &format!("sibekisar-rapor-2023-annual-{code}.xlsx"),
    )
    .await;
    let indicators = book.worksheet_range("Indikator").expect("indicators");
    let mut lines = indicators.rows();
    let head = lines.next().expect("a header");
    assert_eq!((text(&head[8]), text(&head[9])), ("Catatan pengampu".to_owned(), "Rekomendasi".to_owned()));
    let line = lines.find(|line| line[0] == Data::String("SISTEM_MERIT".into())).expect("SISTEM_MERIT");
    assert_eq!(text(&line[8]), merit.note.clone().expect("a note"));
    assert_eq!(text(&line[9]), recommendation);
    let with_recommendation = indicators.rows().skip(1).filter(|line| line.len() > 9 && line[9] != Data::Empty).count();
    assert_eq!(with_recommendation, detail.values.values().filter(|entry| entry.recommendation.is_some()).count());
}

#[tokio::test]
async fn indicator_averages_match_the_mean_of_the_units_scores() {
    let app = spawn_app_with_demo().await;
    let averages: IndicatorAverages =
        contract_json(&app, "/api/v1/periods/2023-annual/indicator-averages?population=uobk").await;
    assert_eq!(
        (averages.period_id.as_str(), averages.population.as_str(), averages.n_units),
        ("2023-annual", "uobk", 6)
    );
    assert_eq!(averages.spirits.len(), 6);
    assert!(!averages.indicators.is_empty());
    // Recompute the means from the six units' explanations.
    let rows: Vec<RankingRow> = json(&app, "/api/v1/periods/2023-annual/results?population=uobk").await;
    let mut details = Vec::new();
    for row in &rows {
        let detail: UnitDetail =
            contract_json(&app, &format!("/api/v1/periods/2023-annual/units/{}", row.unit.code)).await;
        details.push(detail.result.expect("result").explanation);
    }
    for indicator in &averages.indicators {
        let scores: Vec<f64> = details
            .iter()
            .map(|explanation| {
                let found = explanation.indicators.iter().find(|i| i.code == indicator.code).expect("same rubric");
                as_f64(&found.score)
            })
            .collect();
        let mean = scores.iter().sum::<f64>() / scores.len() as f64;
        let average = as_f64(&indicator.average_score);
        assert!((average - mean).abs() <= 0.005 + 1e-9, "{}: {average} vs {mean}", indicator.code);
        assert_eq!(indicator.average_score.as_str().split('.').nth(1).map(str::len), Some(2), "two decimals");
        assert!(as_f64(&indicator.min_score) <= average && average <= as_f64(&indicator.max_score));
    }
    assert!(averages.indicators.iter().any(|indicator| !indicator.owner.is_empty()), "owners come from the rubric");
    for spirit in &averages.spirits {
        let mean = rows
            .iter()
            .map(|row| as_f64(&row.spirits.iter().find(|s| s.code == spirit.code).expect("spirit").score))
            .sum::<f64>()
            / rows.len() as f64;
        assert!((as_f64(&spirit.average_score) - mean).abs() <= 0.005 + 1e-9, "{}", spirit.code);
    }
}

#[tokio::test]
async fn unpublished_and_unknown_periods_and_units_are_404_never_5xx() {
    let app = spawn_app_with_demo().await;
    // The demo's open 2024-q1 exists but is not published: it answers like an unknown period.
    for path in [
        "/api/v1/periods/2024-q1/results.xlsx?population=kabkota",
        "/api/v1/periods/2024-q1/indicator-averages?population=kabkota",
        "/api/v1/periods/2024-q1/units/kabupaten-banyuwangi/report.xlsx",
        "/api/v1/periods/2099-annual/results.xlsx?population=kabkota",
        "/api/v1/periods/2099-annual/indicator-averages?population=kabkota",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(error_code(response).await, "period_not_found", "{path}");
    }
    let response = app.get("/api/v1/periods/2023-annual/units/no-such-unit/report.xlsx").await;
    assert_eq!(response.status(), 404);
    assert_eq!(error_code(response).await, "unit_not_found");
    let long = "x".repeat(5000);
    for path in [
        format!("/api/v1/periods/{long}/results.xlsx?population=kabkota"),
        format!("/api/v1/periods/2023-annual/units/{long}/report.xlsx"),
        "/api/v1/periods/%FF%FE/results.xlsx?population=kabkota".to_owned(),
        "/api/v1/periods/2023-annual/units/%00/report.xlsx".to_owned(),
        "/api/v1/periods/2023-annual/indicator-averages?population=%FF".to_owned(),
        "/api/v1/periods/2023-annual/indicator-averages?population=kabkota&population=opd".to_owned(),
        "/api/v1/periods/2023-annual/results.xlsx?population[]=x".to_owned(),
    ] {
        let response = app.get(&path).await;
        assert!(response.status().is_client_error(), "{path}: {}", response.status());
        error_code(response).await;
    }
    // A missing or unknown population is the caller's mistake, with the usual codes.
    for (path, code) in [
        ("/api/v1/periods/2023-annual/results.xlsx", "population_required"),
        ("/api/v1/periods/2023-annual/results.xlsx?population=dinas", "unknown_population"),
        ("/api/v1/periods/2023-annual/indicator-averages", "population_required"),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 422, "{path}");
        assert_eq!(error_code(response).await, code, "{path}");
    }
}

#[tokio::test]
async fn the_public_period_list_shows_the_published_period_and_hides_the_open_one() {
    let app = spawn_app_with_demo().await;
    let periods: Vec<serde_json::Value> = json(&app, "/api/v1/periods").await;
    let ids: Vec<&str> = periods.iter().filter_map(|period| period["id"].as_str()).collect();
    assert_eq!(ids, ["2023-annual"]);
    assert!(periods.iter().all(|period| period["state"] == "published"));
    let response = app.get("/api/v1/periods/2024-q1/results?population=kabkota").await;
    assert_eq!(response.status(), 404);
}
