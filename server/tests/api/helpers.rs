

use server::configuration::{DatabaseUrl, Settings};
use server::startup::Application;

/// A running application and what a test needs to talk to it.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// Kept so the database and site folders live as long as the test.
    pub _dir: tempfile::TempDir,
}

pub const HASHED_WASM: &str = "app-0123456789abcdef.wasm";

/// Starts the real application on a free port with a fresh SQLite database and a small site.
pub async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder can be created");
    let site_dir = dir.path().join("site");
    std::fs::create_dir_all(site_dir.join("rubrics")).expect("site folder");
    std::fs::write(site_dir.join("index.html"), "<!doctype html><title>Sibekisar test</title>").expect("index");
    std::fs::write(site_dir.join(HASHED_WASM), b"\0asm\x01\0\0\0").expect("wasm");
    std::fs::write(site_dir.join(format!("{HASHED_WASM}.gz")), b"gzip bytes").expect("wasm.gz");
    std::fs::write(site_dir.join("rubrics/rubric-x.json"), "{}").expect("json");
    let database_url = format!("sqlite://{}", dir.path().join("db/sibekisar.db").display());
    let settings = Settings {
        address: "127.0.0.1:0".parse().expect("a valid address"),
        database_url: DatabaseUrl::new(database_url),
        load_demo_data: false,
        site_dir: Some(site_dir),
    };
    let application = Application::build(settings).await.expect("the application builds");
    let address = format!("http://127.0.0.1:{}", application.port());
    tokio::spawn(application.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTP client");
    TestApp { address, client, _dir: dir }
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{path}", self.address)).send().await.expect("request is sent")
    }
}

/// Asserts the API's one error shape and returns its `code`.
pub async fn error_code(response: reqwest::Response) -> String {
    let content_type = response.headers()[reqwest::header::CONTENT_TYPE].to_str().unwrap_or("").to_owned();
    assert!(content_type.starts_with("application/json"), "error is JSON, got {content_type}");
    let body: serde_json::Value = response.json().await.expect("error body is JSON");
    let error = &body["error"];
    assert!(error["message"].as_str().is_some_and(|message| !message.is_empty()), "{body}");
    assert!(error["problems"].is_array(), "{body}");
    error["code"].as_str().expect("error has a code").to_owned()
}
