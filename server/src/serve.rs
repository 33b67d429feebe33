//! The HTTP/1.1 accept loop with the limits a public service needs against slow or greedy
//! clients: a deadline for the request headers (hyper's `header_read_timeout`), and a graceful
//! shutdown that gives requests in flight a bounded time (`Limits::shutdown_grace`). The body and
//! handler deadlines and the concurrency limit are middleware (`crate::limits`).
//!
//! HTTP/1.1 only: the app is served behind a TLS-terminating proxy that speaks HTTP/2 to browsers.

use std::future::Future;
use std::net::SocketAddr;

use anyhow::Result;
use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

use crate::configuration::Limits;

/// Serves `router` on `listener` until `shutdown` completes, then waits at most
/// `limits.shutdown_grace` for open connections to finish their requests.
///
/// # Errors
/// None today: accept errors (such as running out of file descriptors) are logged and retried.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: &Limits,
    shutdown: impl Future<Output = ()>,
) -> Result<()> {
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(error) => {
                    // Out of file descriptors and the like: back off briefly instead of spinning.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        // The peer address feeds login throttling and the security audit (`ConnectInfo`).
        let service = router.clone().map_request(move |mut request: axum::http::Request<hyper::body::Incoming>| {
            request.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            request
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "a connection ended with an error");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("every connection finished"),
        () = tokio::time::sleep(limits.shutdown_grace) => {
            tracing::warn!(grace_secs = limits.shutdown_grace.as_secs(), "connections still open after the grace time are cut");
        }
    }
    Ok(())
}
