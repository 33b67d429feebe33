//! Writes cost what they change: an entry write re-scores only the units it touches, and the
//! ranks computed when results are read (from the stored totals) equal a full recomputation by
//! the engine, ties included, on both engines.

use std::collections::BTreeMap;
use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use server::storage::{Database, ResultRow};

use crate::auth_helpers::{AuthTestApp, Session, spawn_demo_app};
use crate::entries_write::{OPEN, UNIT, entry_path, json_of, put};

/// A unit's stored result as a write may change it: total, explanation and when it was computed.
type Stored = (String, String, String);

async fn stored_results(database: &Database) -> BTreeMap<String, Stored> {
    database
        .results(OPEN, "kabkota")
        .await
        .expect("results read")
        .into_iter()
        .map(|row| (row.unit_code, (row.total, row.result_json, row.computed_at)))
        .collect()
}

/// The units whose stored result differs between `before` and `after`.
fn changed(before: &BTreeMap<String, Stored>, after: &BTreeMap<String, Stored>) -> Vec<String> {
    assert_eq!(before.len(), after.len(), "a write neither adds nor removes results");
    after.iter().filter(|(code, row)| before.get(*code) != Some(row)).map(|(code, _)| code.clone()).collect()
}

async fn batch(app: &AuthTestApp, session: &Session, changes: Value) -> Value {
    let response =
        app.send(Some(session), Method::POST, &format!("/api/v1/periods/{OPEN}/entries/batch"), Some(changes)).await;
    assert_eq!(response.status(), 200);
    json_of(response).await
}

#[tokio::test]
async fn a_write_re_scores_and_stores_only_the_units_it_touches() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let database = Database::connect(&app.database_url).await.expect("the test database");
    // The population's first write scores it whole: every active unit gets its row.
    let first =
        put(&app, &admin, &entry_path(OPEN, UNIT, "SAKIP"), "w1", json!({"value": 50, "base_version": 0})).await;
    assert_eq!(first.status(), 200);
    let before = stored_results(&database).await;
    assert_eq!(before.len(), 38);

    // One PUT: one unit's row changes, every other row (computed stamp included) stays.
    app.advance(Duration::from_secs(60));
    let path = entry_path(OPEN, "kota-malang", "IKM");
    assert_eq!(put(&app, &admin, &path, "w2", json!({"value": 90, "base_version": 0})).await.status(), 200);
    let after_put = stored_results(&database).await;
    assert_eq!(changed(&before, &after_put), ["kota-malang"]);
    assert_eq!(after_put["kota-malang"].0, "4.50");

    // A batch over two units: those two.
    app.advance(Duration::from_secs(60));
    let body = batch(
        &app,
        &admin,
        json!({"changes": [
            {"unit": "kota-batu", "indicator": "SAKIP", "value": 80, "base_version": 0, "idempotency_key": "b1"},
            {"unit": "kota-batu", "indicator": "IKM", "value": 70, "base_version": 0, "idempotency_key": "b2"},
            {"unit": UNIT, "indicator": "IKM", "value": 60, "base_version": 0, "idempotency_key": "b3"},
            {"unit": "kota-blitar", "indicator": "IKM", "value": 101, "base_version": 0, "idempotency_key": "b4"},
        ]}),
    )
    .await;
    assert_eq!(body["results"][3]["outcome"], "invalid");
    let after_batch = stored_results(&database).await;
    assert_eq!(changed(&after_put, &after_batch), ["kabupaten-banyuwangi", "kota-batu"]);

    // A status step that keeps the value re-scores nothing; resolving with a new value, its unit.
    app.advance(Duration::from_secs(60));
    let unit_admin = app.sign_in_demo("unit.demo").await;
    let step = |action: &str| format!("{}/{action}", entry_path(OPEN, UNIT, "SAKIP"));
    assert_eq!(app.send(Some(&admin), Method::POST, &step("verify"), Some(json!({}))).await.status(), 200);
    assert_eq!(stored_results(&database).await, after_batch);
    let disputed =
        app.send(Some(&unit_admin), Method::POST, &step("dispute"), Some(json!({"reason": "LHE terbaru"}))).await;
    assert_eq!(disputed.status(), 200);
    assert_eq!(stored_results(&database).await, after_batch);
    let resolved =
        app.send(Some(&admin), Method::POST, &step("resolve"), Some(json!({"reason": "dikoreksi", "value": 20}))).await;
    assert_eq!(resolved.status(), 200);
    let after_resolve = stored_results(&database).await;
    assert_eq!(changed(&after_batch, &after_resolve), [UNIT]);
}

/// A small deterministic pseudo-random sequence (64-bit LCG), so a failure replays.
struct Sequence(u64);

impl Sequence {
    fn below(&mut self, bound: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        usize::try_from((self.0 >> 33) % bound as u64).expect("below a usize bound")
    }
}

fn ranking_summary(rows: &[ResultRow]) -> Vec<(String, i64, String, String)> {
    rows.iter().map(|row| (row.unit_code.clone(), row.rank, row.total.clone(), row.result_json.clone())).collect()
}

#[tokio::test]
async fn ranks_read_after_many_random_writes_equal_the_full_recomputation_ties_included() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let database = Database::connect(&app.database_url).await.expect("the test database");
    let units: Vec<String> =
        database.population_units(OPEN, "kabkota").await.expect("units").into_iter().map(|unit| unit.code).collect();
    // Few indicators and few values, so that many units tie.
    let indicators = ["SAKIP", "IKM", "OPINI_BPK"];
    let values = [0, 40, 80, 100];
    let mut versions: BTreeMap<(String, &str), i64> = BTreeMap::new();
    let mut sequence = Sequence(19);
    for round in 0..12 {
        let mut changes = Vec::new();
        let mut in_batch = std::collections::BTreeSet::new();
        for change in 0..1 + sequence.below(6) {
            let unit = units[sequence.below(units.len())].clone();
            let indicator = indicators[sequence.below(indicators.len())];
            if !in_batch.insert((unit.clone(), indicator)) {
                continue;
            }
            let base_version = versions.get(&(unit.clone(), indicator)).copied().unwrap_or(0);
            changes.push(json!({"unit": unit, "indicator": indicator, "value": values[sequence.below(values.len())],
                "base_version": base_version, "idempotency_key": format!("r{round}-{change}")}));
            versions.insert((unit, indicator), base_version + 1);
        }
        let body = batch(&app, &admin, json!({ "changes": changes })).await;
        for outcome in body["results"].as_array().expect("results") {
            assert_eq!(outcome["outcome"], "applied", "{outcome}");
        }
    }

    let read = database.results(OPEN, "kabkota").await.expect("results");
    assert_eq!(read.len(), units.len());
    let totals: Vec<i64> = read
        .iter()
        .map(|row| {
            let (points, hundredths) = row.total.split_once('.').expect("two decimals");
            points.parse::<i64>().expect("points") * 100 + hundredths.parse::<i64>().expect("hundredths")
        })
        .collect();
    let engine_ranks = server::results::scoring::competition_ranks(&totals);
    let read_ranks: Vec<i64> = read.iter().map(|row| row.rank).collect();
    assert_eq!(read_ranks, engine_ranks);
    let n_tied = read_ranks.windows(2).filter(|pair| pair[0] == pair[1]).count();
    assert!(n_tied >= 5, "the writes leave ties to check ({n_tied})");
    assert!(read_ranks.iter().any(|&rank| rank > 1), "the writes leave more than one rank");
    // Listed by rank, then name.
    for pair in read.windows(2) {
        assert!((pair[0].rank, &pair[0].unit_name) <= (pair[1].rank, &pair[1].unit_name));
    }

    // The public answer, whole and a page at a time, agrees.
    let whole = json_of(
        app.send(Some(&admin), Method::GET, &format!("/api/v1/periods/{OPEN}/results?population=kabkota"), None).await,
    )
    .await;
    let whole_ranks: Vec<(String, i64)> = whole
        .as_array()
        .expect("a ranking")
        .iter()
        .map(|row| (row["unit"]["code"].as_str().expect("code").to_owned(), row["rank"].as_i64().expect("rank")))
        .collect();
    assert_eq!(whole_ranks, read.iter().map(|row| (row.unit_code.clone(), row.rank)).collect::<Vec<_>>());
    let mut paged = Vec::new();
    for offset in (0..units.len() + 5).step_by(5) {
        let response = app
            .send(
                Some(&admin),
                Method::GET,
                &format!("/api/v1/periods/{OPEN}/results?population=kabkota&offset={offset}&limit=5"),
                None,
            )
            .await;
        assert_eq!(response.headers().get("x-total-count").and_then(|v| v.to_str().ok()), Some("38"));
        for row in json_of(response).await.as_array().expect("a page") {
            paged.push((row["unit"]["code"].as_str().expect("code").to_owned(), row["rank"].as_i64().expect("rank")));
        }
    }
    assert_eq!(paged, whole_ranks);

    // One unit read alone carries the same rank.
    for row in read.iter().step_by(7) {
        let unit = database.unit_by_code(&row.unit_code).await.expect("unit").expect("a known unit");
        let alone = database.unit_result(OPEN, &unit.id).await.expect("result").expect("a stored result");
        assert_eq!((alone.rank, &alone.total), (row.rank, &row.total), "{}", row.unit_code);
    }

    // A full recomputation by the engine stores exactly what the writes left.
    let written = ranking_summary(&read);
    database.recompute(OPEN, "kabkota", "2024-02-01T00:00:00.000Z").await.expect("recompute");
    assert_eq!(ranking_summary(&database.results(OPEN, "kabkota").await.expect("results")), written);
}

#[tokio::test]
async fn a_write_that_waits_too_long_for_a_lock_is_answered_503_and_changes_nothing() {
    let limits = server::configuration::Limits {
        database_lock_timeout: Duration::from_millis(300),
        ..server::configuration::Limits::default()
    };
    let app = crate::auth_helpers::spawn_limited_app(limits).await;
    let admin = app.sign_in_demo("admin.demo").await;
    let path = entry_path(OPEN, UNIT, "SAKIP");
    let lock = app.hold_writes().await;
    let response = put(&app, &admin, &path, "late", json!({"value": 50, "base_version": 0})).await;
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key("retry-after"));
    let body = json_of(response).await;
    assert_eq!(body["error"]["code"], "database_busy");
    assert!(body["error"]["message"].as_str().expect("a message").starts_with("Basis data sedang sibuk"), "{body}");
    lock.release().await;
    let listed =
        app.send(Some(&admin), Method::GET, &format!("/api/v1/periods/{OPEN}/entries?population=kabkota"), None).await;
    assert_eq!(json_of(listed).await["entries"].as_array().map(Vec::len), Some(0), "nothing was stored");
    // Once the lock is gone the same write goes through.
    assert_eq!(put(&app, &admin, &path, "again", json!({"value": 50, "base_version": 0})).await.status(), 200);
}

#[tokio::test]
async fn a_kept_published_ranking_is_the_ranking_as_computed() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let path = entry_path(OPEN, "kota-malang", "SAKIP");
    assert_eq!(put(&app, &admin, &path, "k1", json!({"value": 100, "base_version": 0})).await.status(), 200);
    let set_state = |state: &'static str| {
        let (app, admin) = (&app, admin.clone());
        async move {
            let path = format!("/api/v1/periods/{OPEN}/state");
            let response = app.send(Some(&admin), Method::POST, &path, Some(json!({ "state": state }))).await;
            assert_eq!(response.status(), 200, "{state}");
        }
    };
    let ranking = |session: Option<Session>| {
        let app = &app;
        async move {
            let path = format!("/api/v1/periods/{OPEN}/results?population=kabkota&offset=1&limit=3");
            let response = app.send(session.as_ref(), Method::GET, &path, None).await;
            assert_eq!(response.status(), 200);
            assert_eq!(response.headers().get("x-total-count").and_then(|v| v.to_str().ok()), Some("38"));
            response.text().await.expect("a body")
        }
    };
    set_state("closed").await;
    // Staff read a closed period privately: computed, never kept.
    let computed = ranking(Some(admin.clone())).await;
    set_state("published").await;
    let first = ranking(None).await;
    assert_eq!(first, computed);
    assert_eq!(ranking(None).await, computed, "the kept answer");
    let whole: Value =
        json_of(app.send(None, Method::GET, &format!("/api/v1/periods/{OPEN}/results?population=kabkota"), None).await)
            .await;
    assert_eq!(whole[0]["unit"]["code"], "kota-malang");
    let page: Value = serde_json::from_str(&first).expect("JSON");
    assert_eq!(page.as_array().map(Vec::len), Some(3));
    assert_eq!(page[0], whole[1], "a page is cut from the same ranking");
}
