//! Building and running the application (zero2prod's `Application`).

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context, Result};
use axum::Router;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::Response;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::configuration::Settings;
use crate::error::error_response;
use crate::storage::Database;

/// Shared state handed to every handler.
#[derive(Clone)]
pub struct AppState {
    pub database: Database,
    pub settings: Arc<Settings>,
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    database: Database,
}

/// The Content-Security-Policy: the app's own scripts and wasm, nothing from elsewhere.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; \
object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

impl Application {
    /// Connects to the database, runs migrations, loads the demo data when asked (into an empty
    /// database only) and binds the listener (port 0 picks a free port).
    ///
    /// # Errors
    /// The database cannot be opened or migrated, or the address cannot be bound.
    pub async fn build(settings: Settings) -> Result<Self> {
        let database = Database::connect_and_migrate(&settings.database_url).await?;
        if settings.load_demo_data {
            crate::demo::load_demo_data(&database).await?;
        }
        let listener = TcpListener::bind(settings.address)
            .await
            .with_context(|| format!("cannot listen on {}", settings.address))?;
        let state = AppState { database: database.clone(), settings: Arc::new(settings) };
        let router = build_router(state);
        Ok(Self { listener, router, database })
    }

    pub fn address(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has a local address")
    }

    pub fn port(&self) -> u16 {
        self.address().port()
    }

    /// Serves until SIGTERM or Ctrl-C, then lets requests in flight finish and closes the pool.
    ///
    /// # Errors
    /// The server fails while running.
    pub async fn run_until_stopped(self) -> Result<()> {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown_signal())
            .await
            .context("the server stopped with an error")?;
        self.database.close().await;
        tracing::info!("server stopped");
        Ok(())
    }
}

pub fn build_router(state: AppState) -> Router {
    let site = crate::site::site_router(state.settings.site_dir.as_deref());
    let api = crate::routes::api_router();
    Router::new()
        .nest("/api/v1", api)
        .route("/api", axum::routing::any(crate::routes::not_found))
        .route("/api/{*rest}", axum::routing::any(crate::routes::not_found))
        .merge(site)
        .with_state(state)
        .layer(security_headers())
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(TraceLayer::new_for_http())
}

fn security_headers() -> tower::layer::util::Stack<
    SetResponseHeaderLayer<HeaderValue>,
    tower::layer::util::Stack<
        SetResponseHeaderLayer<HeaderValue>,
        tower::layer::util::Stack<SetResponseHeaderLayer<HeaderValue>, SetResponseHeaderLayer<HeaderValue>>,
    >,
> {
    tower::layer::util::Stack::new(
        SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ),
        tower::layer::util::Stack::new(
            SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
            tower::layer::util::Stack::new(
                SetResponseHeaderLayer::if_not_present(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("strict-origin-when-cross-origin"),
                ),
                SetResponseHeaderLayer::if_not_present(
                    HeaderName::from_static("x-frame-options"),
                    HeaderValue::from_static("DENY"),
                ),
            ),
        ),
    )
}

fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    error_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal_error",
        "Terjadi kesalahan pada server. Silakan coba lagi.",
        None,
        &[],
    )
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
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
