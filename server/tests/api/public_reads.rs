//! Cheap public reads: a published period's answers carry a strong `ETag` and public caching, and
//! answer 304 to `If-None-Match` until something they are made of changes; unpublished answers
//! seen by staff are private and never 304; the ranking can be read a page at a time.

use reqwest::Method;
use reqwest::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use serde_json::{Value, json};

use crate::auth_helpers::{AuthTestApp, Session, error_of, spawn_demo_app};

const PUBLISHED_CACHING: &str = "public, max-age=60, must-revalidate";

/// The demo's published period and its ranking of the 38 kabupaten/kota.
const RESULTS: &str = "/api/v1/periods/2023-annual/results?population=kabkota";

const PUBLISHED_ANSWERS: [&str; 5] = [
    RESULTS,
    "/api/v1/periods/2023-annual/units/kabupaten-banyuwangi",
    "/api/v1/periods/2023-annual/values?population=kabkota",
    "/api/v1/periods/2023-annual/indicator-averages?population=kabkota",
    "/api/v1/periods",
];

async fn get(
    app: &AuthTestApp,
    session: Option<&Session>,
    path: &str,
    if_none_match: Option<&str>,
) -> reqwest::Response {
    let mut request = app.request(session, Method::GET, path);
    if let Some(tag) = if_none_match {
        request = request.header(IF_NONE_MATCH, tag);
    }
    request.send().await.expect("request is sent")
}

fn header(response: &reqwest::Response, name: impl reqwest::header::AsHeaderName) -> Option<String> {
    response.headers().get(name).map(|value| value.to_str().expect("ascii").to_owned())
}

/// The answer's strong tag, checking its caching headers on the way.
async fn published_tag(app: &AuthTestApp, path: &str) -> String {
    let response = get(app, None, path, None).await;
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(header(&response, CACHE_CONTROL).as_deref(), Some(PUBLISHED_CACHING), "{path}");
    let tag = header(&response, ETAG).unwrap_or_else(|| panic!("{path} has an ETag"));
    assert!(tag.starts_with('"') && tag.ends_with('"'), "a strong tag: {tag}");
    tag
}

#[tokio::test]
async fn a_published_answer_is_answered_304_while_its_tag_is_current() {
    let app = spawn_demo_app().await;
    for path in PUBLISHED_ANSWERS {
        let tag = published_tag(&app, path).await;
        let again = published_tag(&app, path).await;
        assert_eq!(tag, again, "{path}: the same answer, the same tag");
        for presented in [tag.clone(), format!("\"lain\", W/{tag}"), "*".to_owned()] {
            let response = get(&app, None, path, Some(&presented)).await;
            assert_eq!(response.status(), 304, "{path} with {presented}");
            assert_eq!(header(&response, ETAG), Some(tag.clone()));
            assert_eq!(header(&response, CACHE_CONTROL).as_deref(), Some(PUBLISHED_CACHING));
            assert!(response.bytes().await.expect("body").is_empty(), "a 304 has no body");
        }
        let other = get(&app, None, path, Some("\"lain\"")).await;
        assert_eq!(other.status(), 200, "{path}: another tag gets the answer");
    }
    // Staff reading a published period get the same public answer and tag.
    let admin = app.sign_in_demo("admin.demo").await;
    let staff = get(&app, Some(&admin), RESULTS, None).await;
    assert_eq!(header(&staff, ETAG), Some(published_tag(&app, RESULTS).await));
}

#[tokio::test]
async fn unpublished_answers_for_staff_are_private_and_never_304() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    for path in [
        "/api/v1/periods/2024-q1/results?population=kabkota",
        "/api/v1/periods/2024-q1/units/kabupaten-banyuwangi",
        "/api/v1/periods/2024-q1/values?population=kabkota",
        "/api/v1/periods",
    ] {
        let response = get(&app, Some(&admin), path, Some("*")).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(header(&response, CACHE_CONTROL).as_deref(), Some("private, no-store"), "{path}");
        assert_eq!(header(&response, ETAG), None, "{path}");
    }
    let anonymous = get(&app, None, "/api/v1/periods/2024-q1/results?population=kabkota", None).await;
    assert_eq!(anonymous.status(), 404, "not published: not there for the public");
}

#[tokio::test]
async fn publishing_a_period_or_changing_the_registry_changes_the_tags() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let list_before = published_tag(&app, "/api/v1/periods").await;
    let results_before = published_tag(&app, RESULTS).await;
    for state in ["closed", "published"] {
        let response =
            app.send(Some(&admin), Method::POST, "/api/v1/periods/2024-q1/state", Some(json!({"state": state}))).await;
        assert_eq!(response.status(), 200, "{state}");
    }
    let list_after = published_tag(&app, "/api/v1/periods").await;
    assert_ne!(list_before, list_after, "a newly published period is in the list");
    assert_eq!(get(&app, None, "/api/v1/periods", Some(&list_before)).await.status(), 200);
    let newly_published = published_tag(&app, "/api/v1/periods/2024-q1/results?population=kabkota").await;
    assert_ne!(newly_published, results_before);

    // A unit registered in the population shows in the published values: every tag moves on.
    let response = app
        .send(
            Some(&admin),
            Method::POST,
            "/api/v1/units",
            Some(json!({"code": "kota-baru", "name": "Kota Baru", "population": "kabkota"})),
        )
        .await;
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap_or_default());
    let results_after = published_tag(&app, RESULTS).await;
    assert_ne!(results_before, results_after);
    assert_eq!(get(&app, None, RESULTS, Some(&results_before)).await.status(), 200, "the old tag is stale");
    assert_eq!(get(&app, None, RESULTS, Some(&results_after)).await.status(), 304);
}

#[tokio::test]
async fn the_ranking_is_read_a_page_at_a_time() {
    let app = spawn_demo_app().await;
    let whole: Vec<Value> = get(&app, None, RESULTS, None).await.json().await.expect("JSON");
    assert_eq!(whole.len(), 38);
    let page = get(&app, None, &format!("{RESULTS}&offset=5&limit=10"), None).await;
    assert_eq!(page.status(), 200);
    assert_eq!(header(&page, "x-total-count").as_deref(), Some("38"));
    let page_tag = header(&page, ETAG).expect("a page has its own tag");
    assert_ne!(Some(page_tag), header(&get(&app, None, RESULTS, None).await, ETAG));
    let rows: Vec<Value> = page.json().await.expect("JSON");
    assert_eq!(rows, whole[5..15].to_vec());
    let rows = crate::helpers::read_answer::<Vec<contract::RankingRow>>(
        get(&app, None, &format!("{RESULTS}&offset=36&limit=10"), None).await,
    )
    .await;
    assert_eq!(rows.len(), 2, "the last page holds what is left");
    let past_the_end: Vec<Value> =
        get(&app, None, &format!("{RESULTS}&offset=100"), None).await.json().await.expect("JSON");
    assert!(past_the_end.is_empty());

    for (query, fields) in [
        ("limit=0", vec!["limit"]),
        ("limit=1001", vec!["limit"]),
        ("limit=sepuluh", vec!["limit"]),
        ("offset=-1", vec!["offset"]),
        ("offset=1.5&limit=", vec!["offset"]),
        ("offset=x&limit=x", vec!["offset", "limit"]),
    ] {
        let response = get(&app, None, &format!("{RESULTS}&{query}"), None).await;
        assert_eq!(response.status(), 422, "{query}");
        let body: Value = response.json().await.expect("JSON");
        let expected_code = if fields.len() == 1 { "invalid_query" } else { "invalid_request" };
        assert_eq!(body["error"]["code"], expected_code, "{query}: {body}");
        let problems = body["error"]["problems"].as_array().expect("problems");
        assert!(problems.iter().all(|problem| problem["code"] == "invalid_query"), "{body}");
        let named: Vec<&str> = problems.iter().filter_map(|problem| problem["field"].as_str()).collect();
        assert_eq!(named, fields, "{query}: {body}");
        assert!(body["error"]["message"].as_str().is_some_and(|message| !message.is_empty()));
    }
    let unknown = get(&app, None, "/api/v1/periods/2023-annual/results?population=desa&limit=5", None).await;
    assert_eq!(error_of(unknown).await.0, "unknown_population");
}
