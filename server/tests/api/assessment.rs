//! The read-only assessment API over the demo data (East Java 2023), and the storage rules
//! behind it (one transaction per load, immutable rubric versions, append-only audit).

use std::collections::BTreeMap;

use contract::{PopulationValues, RankingRow, UnitDetail};
use server::demo::{DEMO_MARKER, demo_seed};
use server::storage::Database;

use crate::helpers::{error_code, fresh_database_url, read_answer, spawn_app, spawn_app_with_demo};

const REFERENCE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/demo/sibekisar-2023");
const RUBRIC_KABKOTA_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/rubrics/rubric-kabkota-2023.json");
/// The time the storage-level tests write with: storage takes "now" from its caller.
const NOW: &str = "2024-01-31T08:00:00.000Z";

/// The two stored 2023 totals that the source's single-precision FLOAT rounded down by 0.01
/// (see `public/demo/sibekisar-2023/README.md`): `(unit, our exact total, stored total)`.
const SINGLE_PRECISION_BUG: [(&str, &str, &str); 2] =
    [("Kabupaten Lumajang", "72.34", "72.33"), ("Kabupaten Mojokerto", "77.57", "77.56")];

/// `unit,total,grade,rank` rows of an expected-*.csv file, by unit name.
fn expected_totals(population: &str) -> BTreeMap<String, (String, String, i64)> {
    let path = format!("{REFERENCE_DIR}/expected-{population}-2023.csv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    let rows = server::demo::parse_csv(&text).expect("the reference CSV is valid RFC 4180");
    assert_eq!(rows[0], ["unit", "total", "grade", "rank"], "{path}");
    rows[1..]
        .iter()
        .map(|row| (row[0].clone(), (row[1].clone(), row[2].clone(), row[3].parse().expect("rank is an integer"))))
        .collect()
}

async fn ranking(app: &crate::helpers::TestApp, population: &str) -> Vec<RankingRow> {
    let response = app.get(&format!("/api/v1/periods/2023-annual/results?population={population}")).await;
    assert_eq!(response.status(), 200, "{population}");
    let text = response.text().await.expect("text");
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{population}: {error}: {text}"))
}

#[tokio::test]
async fn demo_kabkota_2023_totals_equal_the_official_ones_except_the_two_float_errors() {
    let app = spawn_app_with_demo().await;
    let ranking = ranking(&app, "kabkota").await;
    let expected = expected_totals("kabkota");
    assert_eq!(ranking.len(), 38);
    assert_eq!(ranking.len(), expected.len());
    for row in &ranking {
        let (stored_total, stored_grade, stored_rank) =
            expected.get(&row.unit.name).unwrap_or_else(|| panic!("{} is not in the reference", row.unit.name));
        match SINGLE_PRECISION_BUG.iter().find(|(name, _, _)| *name == row.unit.name) {
            Some((_, ours, stored)) => {
                assert_eq!(stored_total, stored, "reference file changed for {}", row.unit.name);
                assert_eq!(row.total.as_str(), *ours, "{}", row.unit.name);
            }
            None => assert_eq!(row.total.as_str(), stored_total, "{}", row.unit.name),
        }
        assert_eq!(&row.grade, stored_grade, "{}", row.unit.name);
        assert_eq!(row.rank, *stored_rank, "{}", row.unit.name);
        assert!(row.complete, "{}", row.unit.name);
    }
}

#[tokio::test]
async fn demo_opd_and_uobk_2023_totals_equal_the_official_ones() {
    let app = spawn_app_with_demo().await;
    for (population, count) in [("opd", 50), ("uobk", 6)] {
        let ranking = ranking(&app, population).await;
        let expected = expected_totals(population);
        assert_eq!(ranking.len(), count, "{population}");
        for row in &ranking {
            let (total, grade, rank) = &expected[&row.unit.name];
            assert_eq!((row.total.as_str(), &row.grade, row.rank), (total.as_str(), grade, *rank), "{}", row.unit.name);
        }
    }
}

#[tokio::test]
async fn a_ranking_is_ordered_by_rank_then_name_with_two_decimal_totals_and_spirits() {
    let app = spawn_app_with_demo().await;
    let response = app.get("/api/v1/periods/2023-annual/results?population=kabkota").await;
    let text = response.text().await.expect("text");
    assert!(text.starts_with(r#"[{"rank":1,"unit":{"code":"kabupaten-banyuwangi","name":"Kabupaten Banyuwangi"},"total":84.15,"grade":"A","category":"Sangat Cettar","complete":true,"spirits":[{"code":"C","#), "{}", &text[..300]);
    let ranking: Vec<RankingRow> = serde_json::from_str(&text).expect("a ranking");
    for pair in ranking.windows(2) {
        assert!(
            (pair[0].rank, &pair[0].unit.name) < (pair[1].rank, &pair[1].unit.name),
            "{} before {}",
            pair[0].unit.name,
            pair[1].unit.name
        );
    }
    // Kabupaten Gresik and Kabupaten Probolinggo share rank 11 (76.14).
    let tied: Vec<&str> = ranking.iter().filter(|row| row.rank == 11).map(|row| row.unit.name.as_str()).collect();
    assert_eq!(tied, ["Kabupaten Gresik", "Kabupaten Probolinggo"]);
    let first = &ranking[0];
    let codes: Vec<&str> = first.spirits.iter().map(|spirit| spirit.code.as_str()).collect();
    assert_eq!(codes, ["C", "E", "T", "TR", "A", "R"]);
    let sum: i64 = first
        .spirits
        .iter()
        .map(|spirit| spirit.contribution.as_str().replace('.', "").parse::<i64>().expect("two decimals"))
        .sum();
    assert_eq!(sum, 8415, "per-spirit contributions add up to the total");
}

#[tokio::test]
async fn populations_are_listed_with_indonesian_names() {
    let app = spawn_app().await;
    let populations: Vec<contract::Population> = read_answer(app.get("/api/v1/populations").await).await;
    let pairs: Vec<(&str, &str)> =
        populations.iter().map(|population| (population.code.as_str(), population.name.as_str())).collect();
    assert_eq!(pairs, [("opd", "Perangkat Daerah"), ("uobk", "UOBK (Rumah Sakit)"), ("kabkota", "Kabupaten/Kota")]);
}

#[tokio::test]
async fn only_published_periods_are_listed() {
    let app = spawn_app_with_demo().await;
    let periods: Vec<contract::Period> = read_answer(app.get("/api/v1/periods").await).await;
    assert_eq!(
        periods,
        [contract::Period {
            id: "2023-annual".into(),
            year: 2023,
            kind: "annual".into(),
            state: contract::PeriodState::Published,
            label: "Tahunan 2023".into(),
            populations: Some(vec!["kabkota".into(), "opd".into(), "uobk".into()]),
        }]
    );
    let empty = spawn_app().await;
    let periods: Vec<contract::Period> = read_answer(empty.get("/api/v1/periods").await).await;
    assert!(periods.is_empty());
}

#[tokio::test]
async fn an_open_period_is_invisible_like_a_missing_one() {
    let app = spawn_app_with_demo().await;
    for path in [
        "/api/v1/periods/2024-q1/results?population=kabkota",
        "/api/v1/periods/2024-q1/units/kabupaten-banyuwangi",
        "/api/v1/periods/1999-annual/results?population=kabkota",
        "/api/v1/periods/nope/units/kota-batu",
        "/api/v1/periods/2024-q1/values?population=kabkota",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(error_code(response).await, "period_not_found", "{path}");
    }
}

#[tokio::test]
async fn malformed_ids_and_populations_are_clear_errors_never_500() {
    let app = spawn_app_with_demo().await;
    let long = "x".repeat(5000);
    let cases: Vec<(String, u16, &str)> = vec![
        ("/api/v1/periods/2023-annual/results".to_owned(), 422, "population_required"),
        ("/api/v1/periods/2023-annual/results?population=".to_owned(), 422, "population_required"),
        ("/api/v1/periods/2023-annual/results?population=desa".to_owned(), 422, "unknown_population"),
        ("/api/v1/periods/2023-annual/results?population=%FF".to_owned(), 422, "unknown_population"),
        ("/api/v1/periods/2023-annual/results?population=opd&population=uobk".to_owned(), 422, "invalid_query"),
        ("/api/v1/periods/%FF/results?population=opd".to_owned(), 404, "not_found"),
        (format!("/api/v1/periods/{long}/results?population=opd"), 404, "period_not_found"),
        ("/api/v1/periods/2023-annual'%20OR%201=1--/results?population=opd".to_owned(), 404, "period_not_found"),
        ("/api/v1/periods/2023-annual/units/nope".to_owned(), 404, "unit_not_found"),
        ("/api/v1/periods/2023-annual/units/%FF%FE".to_owned(), 404, "not_found"),
        (format!("/api/v1/periods/2023-annual/units/{long}"), 404, "unit_not_found"),
        ("/api/v1/rubrics/nope".to_owned(), 404, "rubric_not_found"),
        (format!("/api/v1/rubrics/{long}"), 404, "rubric_not_found"),
        ("/api/v1/periods/2023-annual/results/extra".to_owned(), 404, "not_found"),
        ("/api/v1/periods/2023-annual/values".to_owned(), 422, "population_required"),
        ("/api/v1/periods/2023-annual/values?population=desa".to_owned(), 422, "unknown_population"),
        ("/api/v1/periods/2023-annual/values?population=opd&population=uobk".to_owned(), 422, "invalid_query"),
        (format!("/api/v1/periods/{long}/values?population=opd"), 404, "period_not_found"),
        ("/api/v1/periods/%FF/values?population=opd".to_owned(), 404, "not_found"),
    ];
    for (path, status, code) in cases {
        let response = app.get(&path).await;
        assert_eq!(response.status(), status, "{}", &path[..path.len().min(90)]);
        assert_eq!(error_code(response).await, code, "{}", &path[..path.len().min(90)]);
    }
}

#[tokio::test]
async fn a_unit_shows_its_raw_values_and_explained_official_result() {
    let app = spawn_app_with_demo().await;
    let response = app.get("/api/v1/periods/2023-annual/units/kabupaten-lumajang").await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.expect("text");
    let detail: UnitDetail = contract::json::from_str(&text).expect("a unit detail");
    assert_eq!((detail.unit.code.as_str(), detail.unit.name.as_str()), ("kabupaten-lumajang", "Kabupaten Lumajang"));
    assert_eq!(detail.unit.population.code, "kabkota");
    assert_eq!(detail.period.label, "Tahunan 2023");
    assert_eq!(detail.rubric_version_id, "cettar-2023-kabkota");
    assert_eq!(detail.values.len(), 22);
    assert!(detail.values.values().all(|entry| entry.status == contract::EntryStatus::Verified && entry.version == 1));
    let result = detail.result.expect("an official result");
    assert_eq!((result.total.as_str(), result.grade.as_str(), result.rank), ("72.34", "B", 24));
    assert_eq!((result.range.min.as_str(), result.range.max.as_str()), ("72.34", "72.34"));
    assert_eq!(result.category, "Cettar");
    let explanation = &result.explanation;
    assert_eq!(explanation.indicators.len(), 22);
    assert_eq!(explanation.total.as_str(), "72.34");
    // Raw values are shown exactly as stored, as JSON numbers.
    for indicator in &explanation.indicators {
        let stored = &detail.values[&indicator.code].value;
        assert_eq!(
            Some(stored.get()),
            indicator.value.as_ref().map(|v| serde_json::to_string(v).expect("value")).as_deref()
        );
    }
    assert!(text.contains(r#""total":72.34"#), "{}", &text[..200]);
}

#[tokio::test]
async fn a_population_s_values_in_one_answer_equal_each_unit_s_own() {
    let app = spawn_app_with_demo().await;
    let response = app.get("/api/v1/periods/2023-annual/values?population=kabkota").await;
    assert_eq!(response.status(), 200);
    let all: PopulationValues = read_answer(response).await;
    assert_eq!((all.period.id.as_str(), all.population.code.as_str()), ("2023-annual", "kabkota"));
    assert_eq!(all.rubric_version_id, "cettar-2023-kabkota");
    // Every unit of the ranking, and for each exactly what its own page shows.
    let ranked: std::collections::BTreeSet<String> =
        ranking(&app, "kabkota").await.into_iter().map(|row| row.unit.code).collect();
    let listed: std::collections::BTreeSet<String> = all.units.iter().map(|unit| unit.code.clone()).collect();
    assert_eq!(listed, ranked);
    assert_eq!(all.units.len(), 38);
    for unit in &all.units {
        let detail: UnitDetail =
            read_answer(app.get(&format!("/api/v1/periods/2023-annual/units/{}", unit.code)).await).await;
        assert_eq!(unit.name, detail.unit.name);
        let own: BTreeMap<&str, &str> =
            detail.values.iter().map(|(code, entry)| (code.as_str(), entry.value.get())).collect();
        let bulk: BTreeMap<&str, &str> = unit.values.iter().map(|(code, value)| (code.as_str(), value.get())).collect();
        assert_eq!(bulk, own, "{}", unit.code);
    }
}

#[tokio::test]
async fn a_hospital_is_scored_with_the_opd_rubric() {
    let app = spawn_app_with_demo().await;
    let detail: UnitDetail = read_answer(app.get("/api/v1/periods/2023-annual/units/rsud-haji").await).await;
    assert_eq!(detail.unit.population.name, "UOBK (Rumah Sakit)");
    assert_eq!(detail.rubric_version_id, "cettar-2023-opd");
    assert_eq!(detail.result.expect("a result").total.as_str(), "87.50");
}

#[tokio::test]
async fn a_rubric_version_is_served_exactly_as_stored() {
    let app = spawn_app_with_demo().await;
    let response = app.get("/api/v1/rubrics/cettar-2023-kabkota").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()[reqwest::header::CONTENT_TYPE].to_str().expect("ascii").starts_with("application/json"));
    assert!(response.headers().contains_key(reqwest::header::ETAG));
    let expected = std::fs::read_to_string(RUBRIC_KABKOTA_FILE).expect("rubric file");
    assert_eq!(response.text().await.expect("text"), expected);
    // Without the demo data nothing is published, so no rubric is visible.
    let empty = spawn_app().await;
    let response = empty.get("/api/v1/rubrics/cettar-2023-kabkota").await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn the_demo_data_is_loaded_once_and_never_into_a_database_with_data() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = fresh_database_url(&dir).await;
    let database = Database::connect_and_migrate(&url).await.expect("database");
    let seed = demo_seed().expect("demo seed");
    assert!(database.load_seed(&seed, NOW).await.expect("first load"));
    assert!(database.meta(DEMO_MARKER).await.expect("meta").is_some());
    assert!(!database.load_seed(&seed, NOW).await.expect("second load is refused quietly"));
    assert_eq!(database.results("2023-annual", "kabkota").await.expect("results").len(), 38);
    // Migrating again (a restart) keeps everything.
    database.close().await;
    let database = Database::connect_and_migrate(&url).await.expect("database again");
    assert!(!database.load_seed(&seed, NOW).await.expect("third load"));
    assert_eq!(database.results("2023-annual", "opd").await.expect("results").len(), 50);

    let dir = tempfile::tempdir().expect("temporary folder");
    let other = Database::connect_and_migrate(&fresh_database_url(&dir).await).await.expect("database");
    let rubric = std::fs::read_to_string(RUBRIC_KABKOTA_FILE).expect("rubric file");
    other.store_rubric_version(&rubric, NOW).await.expect("a rubric is stored");
    assert!(!other.load_seed(&seed, NOW).await.expect("refused"));
    assert!(other.meta(DEMO_MARKER).await.expect("meta").is_none());
    assert!(other.unit_by_code("kota-batu").await.expect("query").is_none());
}

#[tokio::test]
async fn recomputing_gives_the_same_results_and_a_failure_changes_nothing() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let database = Database::connect_and_migrate(&fresh_database_url(&dir).await).await.expect("database");
    assert!(database.load_seed(&demo_seed().expect("seed"), NOW).await.expect("load"));
    let before = database.results("2023-annual", "kabkota").await.expect("results");
    assert_eq!(database.recompute("2023-annual", "kabkota", NOW).await.expect("recompute"), 38);
    let after = database.results("2023-annual", "kabkota").await.expect("results");
    let strip = |rows: &[server::storage::ResultRow]| -> Vec<(String, i64, String, String)> {
        rows.iter().map(|r| (r.unit_code.clone(), r.rank, r.total.clone(), r.result_json.clone())).collect()
    };
    assert_eq!(strip(&before), strip(&after));
    // The open quarter binds rubrics but has no values: everyone scores 0, incomplete.
    assert_eq!(database.recompute("2024-q1", "uobk", NOW).await.expect("recompute"), 6);
    let quarter = database.results("2024-q1", "uobk").await.expect("results");
    assert!(quarter.iter().all(|r| r.total == "0.00" && !r.complete && r.range_max == "100.00" && r.rank == 1));
    // No rubric bound: an error, and the published results are untouched.
    assert!(database.recompute("2023-annual", "desa", NOW).await.is_err());
    assert!(database.recompute("1999-annual", "kabkota", NOW).await.is_err());
    assert_eq!(strip(&database.results("2023-annual", "kabkota").await.expect("results")), strip(&before));
}

#[tokio::test]
async fn rubric_versions_and_the_entry_audit_cannot_be_rewritten() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let database = Database::connect_and_migrate(&fresh_database_url(&dir).await).await.expect("database");
    assert!(database.load_seed(&demo_seed().expect("seed"), NOW).await.expect("load"));
    let unit = database.unit_by_code("kota-batu").await.expect("query").expect("Kota Batu");
    let audit = database.entry_audit("2023-annual", &unit.id).await.expect("audit");
    assert_eq!(audit.len(), 22);
    assert!(audit.iter().all(|row| row.changed_by == "demo" && row.old_value_json.is_none()));

    let statements = [
        "UPDATE rubric_versions SET document = '{}'",
        "UPDATE entry_audit SET changed_by = 'someone else'",
        "DELETE FROM entry_audit",
    ];
    for statement in statements {
        let outcome = match &database {
            Database::Sqlite(pool) => sqlx::query(statement).execute(pool).await.map(|_| ()),
            Database::Postgres(pool) => sqlx::query(statement).execute(pool).await.map(|_| ()),
        };
        assert!(outcome.is_err(), "{statement} must be refused");
    }
    let rubric = std::fs::read_to_string(RUBRIC_KABKOTA_FILE).expect("rubric file");
    // The same content is the same version; changed content is a new version.
    assert_eq!(database.store_rubric_version(&rubric, NOW).await.expect("same"), "cettar-2023-kabkota");
    let changed = rubric.replace("\"name\": \"KIPP\"", "\"name\": \"KIPP (baru)\"");
    assert_ne!(changed, rubric);
    assert_eq!(database.store_rubric_version(&changed, NOW).await.expect("new version"), "cettar-2023-kabkota.v2");
    let stored = database.rubric_version("cettar-2023-kabkota").await.expect("query").expect("v1");
    assert_eq!(stored.document, rubric);
    assert!(database.store_rubric_version("{\"schema\":\"nope\"}", NOW).await.is_err());
}
