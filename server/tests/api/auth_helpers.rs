//! Helpers for the account and security tests: an app with a hand-moved clock, sign-in, and
//! requests carrying a session cookie and its CSRF token.

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use server::auth::ManualClock;
use server::configuration::{AuthSettings, Settings};
use server::startup::Application;

use crate::helpers::fresh_database_url;

/// The shared password of the demo accounts.
pub const DEMO_PASSWORD: &str = "cettar-demo-2023";

pub struct AuthTestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// Sessions and throttling read this clock: move it instead of sleeping.
    pub clock: ManualClock,
    /// The printed first-administrator link (only without demo mode, on an empty database).
    pub first_admin_link: Option<String>,
    /// The database the app runs on, for a test that takes its write lock (see [`WriteLock`]).
    pub database_url: server::configuration::DatabaseUrl,
    /// `http://127.0.0.1:<port>/metrics`, served on a listener of its own.
    pub metrics_url: String,
    pub _dir: tempfile::TempDir,
}

/// A signed-in browser: its session cookie and CSRF token.
#[derive(Clone, Debug)]
pub struct Session {
    pub cookie: String,
    pub csrf_token: String,
}

/// An app with demo mode on (demo accounts for every role, and the demo data set).
pub async fn spawn_demo_app() -> AuthTestApp {
    spawn_auth_app(true, |_| {}).await
}

/// An app on an empty database without demo mode (so a first-administrator link is made).
pub async fn spawn_empty_app() -> AuthTestApp {
    spawn_auth_app(false, |_| {}).await
}

pub async fn spawn_auth_app(load_demo_data: bool, tweak: impl FnOnce(&mut AuthSettings)) -> AuthTestApp {
    spawn_configured_app(load_demo_data, tweak, server::configuration::Limits::default(), None).await
}

/// A demo app with other request limits (deadlines, concurrency).
pub async fn spawn_limited_app(limits: server::configuration::Limits) -> AuthTestApp {
    spawn_configured_app(true, |_| {}, limits, None).await
}

/// An app on the given database (whatever `SIBEKISAR_TEST_POSTGRES_URL` says).
pub async fn spawn_app_on(database_url: server::configuration::DatabaseUrl, load_demo_data: bool) -> AuthTestApp {
    spawn_configured_app(load_demo_data, |_| {}, server::configuration::Limits::default(), Some(database_url)).await
}

async fn spawn_configured_app(
    load_demo_data: bool,
    tweak: impl FnOnce(&mut AuthSettings),
    limits: server::configuration::Limits,
    database_url: Option<server::configuration::DatabaseUrl>,
) -> AuthTestApp {
    let dir = tempfile::tempdir().expect("a temporary folder can be created");
    let database_url = match database_url {
        Some(url) => url,
        None => fresh_database_url(&dir).await,
    };
    let mut auth = AuthSettings::for_tests();
    tweak(&mut auth);
    let settings = Settings {
        address: "127.0.0.1:0".parse().expect("a valid address"),
        database_url: database_url.clone(),
        load_demo_data,
        site_dir: None,
        auth,
        metrics_address: Some("127.0.0.1:0".parse().expect("a valid address")),
        migrate_on_start: true,
        limits,
    };
    let clock = ManualClock::starting_now();
    let application =
        Application::build_with_clock(settings, Arc::new(clock.clone())).await.expect("the application builds");
    let first_admin_link = application.first_admin_link().map(str::to_owned);
    let metrics_url = format!("http://{}/metrics", application.metrics_address().expect("a metrics listener"));
    let authority = format!("127.0.0.1:{}", application.port());
    tokio::spawn(application.run_until_stopped());
    let client =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("an HTTP client");
    AuthTestApp {
        address: format!("http://{authority}"),
        client,
        clock,
        first_admin_link,
        database_url,
        metrics_url,
        _dir: dir,
    }
}

impl AuthTestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
    }

    pub async fn login(&self, username: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({"username": username, "password": password}))
            .send()
            .await
            .expect("request is sent")
    }

    /// Signs in (asserting success) and returns the browser's session.
    pub async fn sign_in(&self, username: &str, password: &str) -> Session {
        let response = self.login(username, password).await;
        assert_eq!(response.status(), 200, "login of {username}");
        session_of(response).await
    }

    pub async fn sign_in_demo(&self, username: &str) -> Session {
        self.sign_in(username, DEMO_PASSWORD).await
    }

    /// A request with the session's cookie and, for state-changing methods, its CSRF token.
    pub fn request(&self, session: Option<&Session>, method: Method, path: &str) -> reqwest::RequestBuilder {
        let state_changing = !matches!(method, Method::GET | Method::HEAD);
        let mut request = self.client.request(method, self.url(path));
        if let Some(session) = session {
            request = request.header(reqwest::header::COOKIE, &session.cookie);
            if state_changing {
                request = request.header("x-csrf-token", &session.csrf_token);
            }
        }
        request
    }

    pub async fn send(
        &self,
        session: Option<&Session>,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> reqwest::Response {
        let mut request = self.request(session, method, path);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request is sent")
    }

    /// `GET /auth/me` as a session: the body, checked against the contract's `Me` first.
    pub async fn me(&self, session: &Session) -> Value {
        let response = self.send(Some(session), Method::GET, "/api/v1/auth/me", None).await;
        assert_eq!(response.status(), 200);
        let text = response.text().await.expect("a body");
        let me: contract::Me = contract::json::from_str(&text).expect("the answer is the contract's Me");
        assert_eq!(me.user.is_some(), me.csrf_token.is_some(), "a user comes with a CSRF token: {text}");
        serde_json::from_str(&text).expect("JSON")
    }

    /// Database connections the app has in use (open minus idle, from its metrics).
    pub async fn database_connections_in_use(&self) -> usize {
        let text = self.client.get(&self.metrics_url).send().await.expect("metrics").text().await.expect("text");
        let gauge = |name: &str| -> usize {
            text.lines()
                .find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
                .unwrap_or_else(|| panic!("the metrics hold {name}"))
        };
        gauge("sibekisar_db_pool_connections") - gauge("sibekisar_db_pool_idle_connections")
    }

    /// Takes the database's write lock on a connection of the test's own: every write the app
    /// begins from now on waits for [`WriteLock::release`].
    pub async fn hold_writes(&self) -> WriteLock {
        WriteLock::take(&self.database_url).await
    }

    /// Waits until `n_requests` requests hold a database connection each, that is, until all of
    /// them wait on a [`WriteLock`] together. Gives up well before the app's SQLite busy timeout
    /// (5 s), after which a waiting write would fail instead of waiting.
    pub async fn wait_until_waiting_on_the_database(&self, n_requests: usize) {
        let deadline = std::time::Instant::now() + Duration::from_secs(3);
        loop {
            let in_use = self.database_connections_in_use().await;
            if in_use >= n_requests {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{n_requests} requests should be waiting on the database, {in_use} are"
            );
            // Polls an observed state; nothing here waits for a guessed time.
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }

    /// The security events, newest first.
    pub async fn audit_events(&self, admin: &Session) -> Vec<Value> {
        let response = self.send(Some(admin), Method::GET, "/api/v1/admin/audit?limit=200", None).await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.expect("JSON");
        body["events"].as_array().expect("events").clone()
    }
}

/// The database's write lock held by a test, so that requests fired meanwhile run into it together
/// and go on at the same moment when it is released: on SQLite a `BEGIN IMMEDIATE` transaction,
/// on PostgreSQL every table locked against writes (reads go on, as they do on SQLite in WAL mode).
pub enum WriteLock {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

impl WriteLock {
    async fn take(url: &server::configuration::DatabaseUrl) -> WriteLock {
        use sqlx::{Connection, Executor};
        if url.expose().starts_with("sqlite:") {
            let mut connection = sqlx::SqliteConnection::connect(url.expose()).await.expect("a SQLite connection");
            connection.execute("BEGIN IMMEDIATE").await.expect("the write lock is taken");
            WriteLock::Sqlite(connection)
        } else {
            let mut connection = sqlx::PgConnection::connect(url.expose()).await.expect("a PostgreSQL connection");
            let tables: Vec<String> =
                sqlx::query_scalar("SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema()")
                    .fetch_all(&mut connection)
                    .await
                    .expect("the tables are listed");
            connection.execute("BEGIN").await.expect("a transaction");
            connection
                .execute(format!("LOCK TABLE {} IN EXCLUSIVE MODE", tables.join(", ")).as_str())
                .await
                .expect("the tables are locked against writes");
            WriteLock::Postgres(connection)
        }
    }

    /// Lets the waiting writes go, all at once.
    pub async fn release(self) {
        use sqlx::Executor;
        match self {
            WriteLock::Sqlite(mut connection) => connection.execute("COMMIT").await.map(|_| ()),
            WriteLock::Postgres(mut connection) => connection.execute("COMMIT").await.map(|_| ()),
        }
        .expect("the write lock is released");
    }
}

/// The session of a successful login or set-up response.
pub async fn session_of(response: reqwest::Response) -> Session {
    let cookie = session_cookie(&response).expect("a session cookie is set");
    // Read as the app reads it: the answer must be the contract's `Session`.
    let answer: contract::Session = crate::helpers::read_answer(response).await;
    Session { cookie, csrf_token: answer.csrf_token }
}

/// `sibekisar_session=<token>` from `Set-Cookie`.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("sibekisar_session="))
        .and_then(|value| value.split(';').next())
        .map(str::to_owned)
}

/// The first administrator the tests set up on an empty installation.
pub const FIRST_ADMIN: &str = "siti.admin";
pub const FIRST_ADMIN_PASSWORD: &str = "kata-sandi-kuat-1";

/// Sets up [`FIRST_ADMIN`] through the printed first-administrator link, as the person who
/// installed the app does; returns the answer (200 with a session, or why not).
pub async fn set_up_first_admin(app: &AuthTestApp) -> reqwest::Response {
    let link = app.first_admin_link.clone().expect("an empty database gets a first-administrator link");
    let token = link.rsplit("/setup/").next().expect("a token after /setup/");
    let account = json!({"username": FIRST_ADMIN, "display_name": "Siti", "password": FIRST_ADMIN_PASSWORD});
    app.send(None, Method::POST, &format!("/api/v1/auth/setup/{token}"), Some(account)).await
}

/// The first administrator of an empty installation, set up and signed in.
pub async fn first_admin(app: &AuthTestApp) -> Session {
    let response = set_up_first_admin(app).await;
    assert_eq!(response.status(), 200, "the first administrator is set up");
    session_of(response).await
}

/// The error's `(code, message)`.
pub async fn error_of(response: reqwest::Response) -> (String, String) {
    let body: Value = response.json().await.expect("error body is JSON");
    (
        body["error"]["code"].as_str().expect("a code").to_owned(),
        body["error"]["message"].as_str().expect("a message").to_owned(),
    )
}
