//! The public score API: exact totals from the real 2023 rubric, every problem listed with its
//! path, and never a 5xx whatever the body.

use serde_json::{Value, json};

use crate::helpers::{error_code, spawn_app};

const KABKOTA_RUBRIC: &str = include_str!("../../../public/rubrics/rubric-kabkota-2023.json");
const KABKOTA_VALUES: &str = include_str!("../../../public/demo/sibekisar-2023/values-kabkota-2023.csv");
const KABKOTA_EXPECTED: &str = include_str!("../../../public/demo/sibekisar-2023/expected-kabkota-2023.csv");

/// `{"CODE": score, …}` for one kab/kota unit of the 2023 reference data (no names with commas
/// in this file).
fn reference_values(unit: &str) -> serde_json::Map<String, Value> {
    KABKOTA_VALUES
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.split(',');
            let (name, code, score) = (fields.next()?, fields.next()?, fields.next()?);
            (name == unit).then(|| (code.to_owned(), serde_json::from_str::<Value>(score).expect("a number")))
        })
        .collect()
}

fn expected_total(unit: &str) -> String {
    KABKOTA_EXPECTED
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{unit},")))
        .and_then(|rest| rest.split(',').next())
        .expect("unit is in the expected file")
        .to_owned()
}

async fn post_json(app: &crate::helpers::TestApp, path: &str, body: String) -> reqwest::Response {
    app.client
        .post(format!("{}{path}", app.address))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("request is sent")
}

fn request_for(unit: &str) -> String {
    format!(r#"{{"rubric":{KABKOTA_RUBRIC},"values":{}}}"#, Value::Object(reference_values(unit)))
}

#[tokio::test]
async fn scoring_a_real_2023_unit_gives_the_official_total_with_two_decimals() {
    let app = spawn_app().await;
    for unit in ["Kabupaten Banyuwangi", "Kota Surabaya", "Kabupaten Pacitan"] {
        let response = post_json(&app, "/api/v1/score", request_for(unit)).await;
        assert_eq!(response.status(), 200, "{unit}");
        let text = response.text().await.expect("text");
        let total = expected_total(unit);
        assert!(text.starts_with(&format!(r#"{{"total":{total},"#)), "{unit}: {}", &text[..60]);
        let body: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(body["complete"], true);
        assert_eq!(body["spirits"].as_array().map(Vec::len), Some(6));
        assert_eq!(body["indicators"].as_array().map(Vec::len), Some(22));
    }
}

#[tokio::test]
async fn missing_values_are_reported_with_a_provisional_range() {
    let app = spawn_app().await;
    let mut values = reference_values("Kabupaten Banyuwangi");
    values.remove("OPINI_BPK");
    let body = format!(r#"{{"rubric":{KABKOTA_RUBRIC},"values":{}}}"#, Value::Object(values));
    let response = post_json(&app, "/api/v1/score", body).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["complete"], false);
    assert_eq!(body["missing"], json!(["OPINI_BPK"]));
    let (min, max) = (body["range"]["min"].as_f64().expect("min"), body["range"]["max"].as_f64().expect("max"));
    assert!(min < max, "{min} < {max}");
    assert_eq!(body["total"].as_f64(), Some(min));
}

#[tokio::test]
async fn every_problem_is_listed_with_its_path_in_indonesian() {
    let app = spawn_app().await;
    let mut values = reference_values("Kabupaten Banyuwangi");
    values.insert("OPINI_BPK".into(), json!(140));
    values.insert("TIDAK_ADA".into(), json!(10));
    values.insert("SAKIP".into(), json!("A"));
    let body = format!(r#"{{"rubric":{KABKOTA_RUBRIC},"values":{}}}"#, Value::Object(values));
    let response = post_json(&app, "/api/v1/score", body).await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.expect("JSON");
    let problems = body["error"]["problems"].as_array().expect("problems");
    let fields: Vec<&str> = problems.iter().filter_map(|problem| problem["field"].as_str()).collect();
    for field in ["values.OPINI_BPK", "values.TIDAK_ADA", "values.SAKIP"] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
    assert!(problems.iter().all(|problem| problem["message"].as_str().is_some_and(|m| !m.is_empty())));
}

#[tokio::test]
async fn an_invalid_rubric_is_rejected_with_paths_into_the_rubric() {
    let app = spawn_app().await;
    let broken = KABKOTA_RUBRIC.replacen(r#""weight": 20"#, r#""weight": 21"#, 1);
    assert_ne!(broken, KABKOTA_RUBRIC, "the fixture has a spirit weighted 20");
    let response = post_json(&app, "/api/v1/score", format!(r#"{{"rubric":{broken},"values":{{}}}}"#)).await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.expect("JSON");
    let problems = body["error"]["problems"].as_array().expect("problems");
    assert!(
        problems.iter().any(|problem| problem["field"].as_str().is_some_and(|field| field.starts_with("rubric"))),
        "{body}"
    );
}

#[tokio::test]
async fn batch_scores_rank_with_shared_places() {
    let app = spawn_app().await;
    let units: Vec<Value> = ["Kabupaten Banyuwangi", "Kota Surabaya", "Kota Malang"]
        .iter()
        .map(|unit| json!({"unit": unit, "values": reference_values(unit)}))
        .chain(std::iter::once(json!({"unit": "Salinan Surabaya", "values": reference_values("Kota Surabaya")})))
        .collect();
    let body = format!(r#"{{"rubric":{KABKOTA_RUBRIC},"units":{}}}"#, Value::Array(units));
    let response = post_json(&app, "/api/v1/score/batch", body).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("JSON");
    let ranked: Vec<(String, u64)> = body["units"]
        .as_array()
        .expect("units")
        .iter()
        .map(|unit| (unit["unit"].as_str().expect("name").to_owned(), unit["rank"].as_u64().expect("rank")))
        .collect();
    assert_eq!(
        ranked,
        vec![
            ("Kabupaten Banyuwangi".to_owned(), 1),
            ("Kota Surabaya".to_owned(), 2),
            ("Salinan Surabaya".to_owned(), 2),
            ("Kota Malang".to_owned(), 4),
        ]
    );
}

#[tokio::test]
async fn unreadable_requests_get_clear_4xx_errors() {
    let app = spawn_app().await;
    let response = post_json(&app, "/api/v1/score", "{not json".into()).await;
    assert!(response.status().is_client_error());
    error_code(response).await;

    let response = app
        .client
        .post(format!("{}/api/v1/score", app.address))
        .header("content-type", "text/plain")
        .body(request_for("Kota Malang"))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 415);
    assert_eq!(error_code(response).await, "unsupported_media_type");

    let huge = format!(r#"{{"rubric":{KABKOTA_RUBRIC},"values":{{"KIPP":"{}"}}}}"#, "x".repeat(3 * 1024 * 1024));
    let response = post_json(&app, "/api/v1/score", huge).await;
    assert_eq!(response.status(), 413);
    assert_eq!(error_code(response).await, "payload_too_large");
}

#[tokio::test]
async fn no_truncated_or_mangled_body_produces_a_server_error() {
    let app = spawn_app().await;
    let valid = request_for("Kota Malang");
    let mut bodies: Vec<String> = (0..valid.len()).step_by(97).map(|end| valid[..end].to_owned()).collect();
    bodies.extend(
        ["null", "[]", "{}", "1", "\"x\"", r#"{"rubric":null,"values":null}"#, r#"{"rubric":{},"values":{}}"#]
            .map(str::to_owned),
    );
    bodies.push(valid.replace("85", "-1e400"));
    bodies.push(valid.replace("85", "85.0000000000000000001"));
    bodies.push(valid.replace(r#""weight": 25"#, r#""weight": "25""#));
    for body in bodies {
        for path in ["/api/v1/score", "/api/v1/score/batch"] {
            let response = post_json(&app, path, body.clone()).await;
            let status = response.status();
            assert!(status.is_client_error(), "{path} {status} for body starting {:?}", &body[..body.len().min(80)]);
            error_code(response).await;
        }
    }
}
