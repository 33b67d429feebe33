//! Building and running the application (zero2prod's `Application`).

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context, Result};
use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::Response;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::configuration::Settings;
use crate::storage::Database;

/// Shared state handed to every handler.
#[derive(Clone)]
pub struct AppState {
    pub database: Database,
    pub settings: Arc<Settings>,
    /// The one clock of the process: every stored time and every expiry reads it (through
    /// [`AppState::now`] or `auth`, which holds the same clock), so tests move time by hand.
    pub clock: Arc<dyn crate::auth::Clock>,
    /// Accounts and sessions: the clock, settings and password gate (see `crate::auth`).
    pub auth: crate::auth::AuthState,
    /// Counters for `/metrics` (see `crate::observe`).
    pub metrics: Arc<crate::observe::Metrics>,
    /// The concurrency limit's permits (see `crate::limits`).
    pub request_permits: crate::limits::RequestPermits,
    /// Published rankings kept by their tag (see `crate::results::PublishedAnswers`).
    pub published_answers: Arc<crate::results::PublishedAnswers>,
}

impl AppState {
    /// Now as stored (RFC 3339 UTC with milliseconds), from the application's clock; storage
    /// takes it from here and never reads the system clock itself.
    pub fn now(&self) -> String {
        crate::auth::clock::timestamp(self.clock.now_millis())
    }
}

pub struct Application {
    listener: TcpListener,
    limits: crate::configuration::Limits,
    /// The metrics listener and its router, when `SIBEKISAR_METRICS_ADDR` is set.
    metrics: Option<(TcpListener, Router)>,
    router: Router,
    database: Database,
    accounts: crate::auth::StartupAccounts,
}

/// The Content-Security-Policy: the app's own scripts and wasm, nothing from elsewhere.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; \
object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Browser features the app never uses, switched off for it and anything it might embed.
const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

impl Application {
    /// Connects to the database, runs migrations, loads the demo data when asked (into an empty
    /// database only) and binds the listener (port 0 picks a free port).
    ///
    /// # Errors
    /// The database cannot be opened or migrated, or the address cannot be bound.
    pub async fn build(settings: Settings) -> Result<Self> {
        Self::build_with_clock(settings, Arc::new(crate::auth::SystemClock)).await
    }

    /// [`Application::build`] with the application's one clock: stored times, sessions and login
    /// throttling all read it (tests pass a `crate::auth::ManualClock` to move time without
    /// sleeping). Also prepares the accounts
    /// (`crate::auth::prepare_accounts`: demo accounts, or the first administrator's set-up link
    /// printed to stdout).
    ///
    /// # Errors
    /// As [`Application::build`], or the accounts cannot be prepared.
    pub async fn build_with_clock(settings: Settings, clock: Arc<dyn crate::auth::Clock>) -> Result<Self> {
        if settings.load_demo_data && settings.auth.serves_https() {
            anyhow::bail!(
                "refusing to load demo data (with its published demo passwords) on the public https address {}; \
                 set SIBEKISAR_DEMO=0",
                settings.auth.public_url.as_deref().unwrap_or_default()
            );
        }
        let database = if settings.migrate_on_start {
            Database::connect_and_migrate_with(&settings.database_url, &settings.limits).await?
        } else {
            let database = Database::connect_with(&settings.database_url, &settings.limits).await?;
            let pending = database.pending_migrations().await?;
            if !pending.is_empty() {
                anyhow::bail!(
                    "the database lacks the schema migrations {pending:?} that this release needs; \
                     run `sibekisar migrate` first (SIBEKISAR_MIGRATE is off)"
                );
            }
            database
        };
        if settings.load_demo_data {
            crate::demo::load_demo_data(&database, &crate::auth::clock::timestamp(clock.now_millis())).await?;
        }
        let listener = TcpListener::bind(settings.address)
            .await
            .with_context(|| format!("cannot listen on {}", settings.address))?;
        let auth = crate::auth::AuthState::new(settings.auth.clone(), Arc::clone(&clock))?;
        let metrics_listener = match settings.metrics_address {
            Some(address) => Some(
                TcpListener::bind(address).await.with_context(|| format!("cannot listen for metrics on {address}"))?,
            ),
            None => None,
        };
        let limits = settings.limits.clone();
        let state = AppState {
            database: database.clone(),
            request_permits: crate::limits::RequestPermits::new(settings.limits.max_concurrent_requests),
            settings: Arc::new(settings),
            clock,
            auth,
            metrics: Arc::new(crate::observe::Metrics::default()),
            published_answers: Arc::new(crate::results::PublishedAnswers::default()),
        };
        let metrics = metrics_listener.map(|listener| {
            let router =
                Router::new().route("/metrics", axum::routing::get(crate::observe::metrics)).with_state(state.clone());
            (listener, router)
        });
        // The policy monitor's demo state builds on the demo units and reads the injected clock.
        crate::policy::demo::ensure(&state).await.context("cannot load the policy monitor's demo state")?;
        // The aspiration service's retention, and its demo messages in demo mode.
        crate::aspirations::start(&state).await.context("cannot start the aspiration service")?;
        let address = listener.local_addr().context("a bound listener has a local address")?;
        let accounts = crate::auth::prepare_accounts(&state, address).await?;
        let router = build_router(state);
        Ok(Self { listener, limits, metrics, router, database, accounts })
    }

    pub fn address(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has a local address")
    }

    pub fn port(&self) -> u16 {
        self.address().port()
    }

    /// The metrics listener's address, when metrics are served.
    pub fn metrics_address(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().and_then(|(listener, _)| listener.local_addr().ok())
    }

    /// The first administrator's one-time set-up URL, when this start created one (it is also
    /// printed to stdout).
    pub fn first_admin_link(&self) -> Option<&str> {
        self.accounts.first_admin_link.as_ref().map(crate::auth::tokens::Secret::expose)
    }

    /// Serves until SIGTERM or Ctrl-C, then lets requests in flight finish and closes the pool.
    ///
    /// # Errors
    /// The server fails while running.
    pub async fn run_until_stopped(self) -> Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `shutdown` completes (see [`shutdown_signal`]), then as
    /// [`Application::run_until_stopped`].
    ///
    /// # Errors
    /// The server fails while running.
    pub async fn run_until(self, shutdown: impl Future<Output = ()>) -> Result<()> {
        if let Some((listener, router)) = self.metrics {
            tokio::spawn(async move {
                if let Err(error) = axum::serve(listener, router).await {
                    tracing::error!(%error, "the metrics listener stopped");
                }
            });
        }
        crate::serve::serve(self.listener, self.router, &self.limits, shutdown).await?;
        self.database.close().await;
        tracing::info!("server stopped");
        Ok(())
    }
}

/// Served over https: browsers use https only for this host for a year.
const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

pub fn build_router(state: AppState) -> Router {
    let https = state.auth.settings().serves_https();
    let observe = axum::middleware::from_fn_with_state(state.clone(), crate::observe::observe);
    let limit_requests = axum::middleware::from_fn_with_state(state.clone(), crate::limits::limit_requests);
    let site = crate::site::site_router(state.settings.site_dir.as_deref());
    // Every API route passes the auth gate: documented operation, principal, CSRF, access rule.
    let gate = axum::middleware::from_fn_with_state(state.clone(), crate::auth::gate);
    let api = crate::http::api_router().route_layer(gate);
    Router::new()
        .nest("/api/v1", api)
        .route("/api", axum::routing::any(crate::http::not_found))
        .route("/api/{*rest}", axum::routing::any(crate::http::not_found))
        .merge(site)
        .with_state(state)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(PERMISSIONS_POLICY),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(axum::middleware::map_response(move |mut response: Response| async move {
            if https {
                response
                    .headers_mut()
                    .insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(STRICT_TRANSPORT_SECURITY));
            }
            response
        }))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(limit_requests)
        .layer(TraceLayer::new_for_http())
        // Outermost: the request id covers everything above, error bodies and log lines included.
        .layer(observe)
}

fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    crate::error::internal_error_response()
}

/// Completes on SIGTERM or Ctrl-C. SIGTERM is listened for from the call on (not from the first
/// poll), so a process that announced its address before serving cannot be killed by a SIGTERM
/// that arrives in between.
pub fn shutdown_signal() -> impl Future<Output = ()> {
    #[cfg(unix)]
    let terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate());
    async move {
        wait_for_shutdown(
            #[cfg(unix)]
            terminate,
        )
        .await
    }
}

async fn wait_for_shutdown(#[cfg(unix)] terminate: std::io::Result<tokio::signal::unix::Signal>) {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match terminate {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received, finishing requests in flight");
}
