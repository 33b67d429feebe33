use reqwest::header;

use crate::helpers::{HASHED_WASM, error_code, spawn_app};

#[tokio::test]
async fn unknown_api_paths_are_json_404_not_the_app() {
    let app = spawn_app().await;
    for path in ["/api/v1/nope", "/api/v1/", "/api/v2/health", "/api", "/api/x/y/z"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(error_code(response).await, "not_found", "{path}");
    }
}

#[tokio::test]
async fn wrong_method_on_an_api_path_is_a_json_error() {
    let app = spawn_app().await;
    let response = app.client.delete(format!("{}/api/v1/health", app.address)).send().await.expect("sent");
    assert_eq!(response.status(), 405);
    assert_eq!(error_code(response).await, "method_not_allowed");
}

#[tokio::test]
async fn deep_links_get_index_html_so_a_reload_works() {
    let app = spawn_app().await;
    for path in ["/", "/peringkat", "/simulasi/kabkota/2023?unit=1", "/no/such/page"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache", "{path}");
        let body = response.text().await.expect("text");
        assert!(body.contains("Sibekisar test"), "{path}: {body}");
    }
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_wasm_has_its_type() {
    let app = spawn_app().await;
    let response = app.get(&format!("/{HASHED_WASM}")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(response.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    assert_eq!(response.bytes().await.expect("bytes").as_ref(), b"\0asm\x01\0\0\0");
}

#[tokio::test]
async fn precompressed_files_are_sent_when_the_browser_accepts_them() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/{HASHED_WASM}", app.address))
        .header(header::ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(response.bytes().await.expect("bytes").as_ref(), b"gzip bytes");
}

#[tokio::test]
async fn static_files_of_public_are_served() {
    let app = spawn_app().await;
    let response = app.get("/rubrics/rubric-x.json").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()[header::CONTENT_TYPE].to_str().expect("ascii").starts_with("application/json"));
}

#[tokio::test]
async fn security_headers_are_on_every_response() {
    let app = spawn_app().await;
    for path in ["/", "/api/v1/health", "/api/v1/nope"] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().expect("ascii");
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"), "{path}: {csp}");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert!(headers.contains_key(header::REFERRER_POLICY), "{path}");
    }
}
