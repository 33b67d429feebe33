use server::configuration::{DatabaseUrl, Settings};
use server::startup::Application;

/// A running application and what a test needs to talk to it.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// `sqlite` or `postgresql`.
    pub database_kind: &'static str,
    /// Kept so the database and site folders live as long as the test.
    pub _dir: tempfile::TempDir,
}

pub const HASHED_WASM: &str = "app-0123456789abcdef.wasm";

/// Starts the real application on a free port with a fresh empty database and a small site.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(false).await
}

/// Like [`spawn_app`], with the demo data (East Java 2023) loaded.
pub async fn spawn_app_with_demo() -> TestApp {
    spawn_app_with(true).await
}

async fn spawn_app_with(load_demo_data: bool) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder can be created");
    let site_dir = dir.path().join("site");
    std::fs::create_dir_all(site_dir.join("rubrics")).expect("site folder");
    std::fs::write(site_dir.join("index.html"), "<!doctype html><title>Sibekisar test</title>").expect("index");
    std::fs::write(site_dir.join(HASHED_WASM), b"\0asm\x01\0\0\0").expect("wasm");
    std::fs::write(site_dir.join(format!("{HASHED_WASM}.gz")), b"gzip bytes").expect("wasm.gz");
    std::fs::write(site_dir.join("rubrics/rubric-x.json"), "{}").expect("json");
    let database_url = fresh_database_url(&dir).await;
    let database_kind = database_kind(&database_url);
    let settings = Settings {
        address: "127.0.0.1:0".parse().expect("a valid address"),
        database_url,
        load_demo_data,
        site_dir: Some(site_dir),
        auth: server::configuration::AuthSettings::for_tests(),
        metrics_address: None,
        migrate_on_start: true,
        limits: server::configuration::Limits::default(),
    };
    let application = Application::build(settings).await.expect("the application builds");
    let address = format!("http://127.0.0.1:{}", application.port());
    tokio::spawn(application.run_until_stopped());
    let client =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("an HTTP client");
    TestApp { address, client, database_kind, _dir: dir }
}

/// The environment variable naming a PostgreSQL server for the tests
/// (`postgres://sib@127.0.0.1:55432/postgres`, trust authentication).
pub const POSTGRES_URL_VARIABLE: &str = "SIBEKISAR_TEST_POSTGRES_URL";

/// A URL to a new, empty database: a fresh PostgreSQL database when
/// `SIBEKISAR_TEST_POSTGRES_URL` is set, else a SQLite file (not yet created) in `dir`.
pub async fn fresh_database_url(dir: &tempfile::TempDir) -> DatabaseUrl {
    match std::env::var(POSTGRES_URL_VARIABLE) {
        Ok(server_url) if !server_url.trim().is_empty() => create_postgres_database(server_url.trim()).await,
        _ => DatabaseUrl::new(format!("sqlite://{}", dir.path().join("db/sibekisar.db").display())),
    }
}

/// `sqlite` or `postgresql`, as the health check reports it.
pub fn database_kind(url: &DatabaseUrl) -> &'static str {
    if url.expose().starts_with("sqlite:") { "sqlite" } else { "postgresql" }
}

/// Creates a database with a name unique to this process, moment and call, and returns its URL.
/// Test databases are not dropped: the server is a throw-away cluster.
async fn create_postgres_database(server_url: &str) -> DatabaseUrl {
    use sqlx::{Connection, Executor};
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let counter = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("the clock is after 1970").as_nanos();
    let name = format!("sibekisar_test_{}_{nanos}_{counter}", std::process::id());
    let mut connection = sqlx::PgConnection::connect(server_url)
        .await
        .unwrap_or_else(|error| panic!("{POSTGRES_URL_VARIABLE} must name a reachable PostgreSQL server: {error}"));
    connection.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("a test database can be created");
    let _ = connection.close().await;
    DatabaseUrl::new(replace_database_name(server_url, &name))
}

/// `postgres://u@h:1/postgres?x=y` with the database name replaced.
fn replace_database_name(url: &str, name: &str) -> String {
    let (without_query, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let after_scheme = without_query.find("://").map_or(0, |position| position + 3);
    let base = match without_query[after_scheme..].find('/') {
        Some(slash) => &without_query[..after_scheme + slash],
        None => without_query,
    };
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{path}", self.address)).send().await.expect("request is sent")
    }
}

/// Reads a success answer with the contract's reader, as the app does: a member missing, renamed
/// or of another type than the contract says fails the test with its path.
pub async fn read_answer<T: contract::json::FromJson>(response: reqwest::Response) -> T {
    let status = response.status();
    let text = response.text().await.expect("an answer body");
    assert!(status.is_success(), "{status}: {text}");
    contract::json::from_str(&text)
        .unwrap_or_else(|error| panic!("the answer breaks the contract: {}\n{text}", error.message()))
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
