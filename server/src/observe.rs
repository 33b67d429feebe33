//! What an operator sees: a request id on every request (accepted from `X-Request-Id` or made
//! here), carried by every log line of the request and every error body; one access-log line per
//! request; and Prometheus metrics, served on their own listen address
//! (`SIBEKISAR_METRICS_ADDR`), never on the public one.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use crate::startup::AppState;

/// The request id header, accepted from the client (or a proxy) and always answered.
pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

tokio::task_local! {
    /// The id of the request this task serves (read by `crate::error` for error bodies).
    static REQUEST_ID: String;
}

/// The current request's id, inside a request.
pub fn current_request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// A client's id is kept when it is 1–64 characters of `A-Z a-z 0-9 . _ -` (so it is safe in
/// logs and headers); otherwise a new one is made.
fn accepted_request_id(value: Option<&HeaderValue>) -> Option<String> {
    let text = value?.to_str().ok()?.trim();
    let valid = (1..=64).contains(&text.len())
        && text.bytes().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-'));
    valid.then(|| text.to_owned())
}

/// A new request id: 16 random bytes in hex; a counter if the random source fails.
fn new_request_id() -> String {
    static FALLBACK: AtomicU64 = AtomicU64::new(0);
    let mut bytes = [0_u8; 16];
    match getrandom::getrandom(&mut bytes) {
        Ok(()) => bytes.iter().fold(String::with_capacity(32), |mut text, byte| {
            let _ = write!(text, "{byte:02x}");
            text
        }),
        Err(_) => format!("local-{}", FALLBACK.fetch_add(1, Ordering::Relaxed)),
    }
}

/// Middleware: gives the request its id, runs it inside a span carrying that id, answers the id,
/// writes the access-log line and counts the request in the metrics.
pub async fn observe(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let request_id = accepted_request_id(request.headers().get(&REQUEST_ID_HEADER)).unwrap_or_else(new_request_id);
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        request.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let span = tracing::info_span!("request", request_id = %request_id, %method, path = %path);
    let mut response = REQUEST_ID.scope(request_id.clone(), next.run(request).instrument(span.clone())).await;
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    let operation = response
        .headers()
        .get(crate::auth::OPERATION_HEADER)
        .and_then(|value| value.to_str().ok())
        .map_or_else(|| if path.starts_with("/api/") { "unknown_api" } else { "site" }.to_owned(), str::to_owned);
    let status = response.status().as_u16();
    if response.extensions().get::<crate::error::BusyRefusal>().is_some() {
        state.metrics.count_busy_refusal();
    }
    let elapsed = started.elapsed();
    state.metrics.record_request(&operation, status, elapsed.as_secs_f64());
    span.in_scope(|| {
        tracing::info!(
            target: "server::access",
            operation = %operation,
            status,
            duration_ms = elapsed.as_secs_f64() * 1000.0,
            "request"
        );
    });
    response
}

/// Upper bounds of the latency histogram, in seconds.
const LATENCY_BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

#[derive(Default)]
struct OperationStats {
    /// Requests by status code.
    by_status: BTreeMap<u16, u64>,
    /// Requests at or under each bucket's bound (cumulative as Prometheus wants them).
    buckets: [u64; LATENCY_BUCKETS.len()],
    count: u64,
    sum_seconds: f64,
}

/// The process's counters. Cheap to update (one short lock per request); read only by a scrape.
#[derive(Default)]
pub struct Metrics {
    operations: Mutex<BTreeMap<String, OperationStats>>,
    imports: AtomicU64,
    throttled_logins: AtomicU64,
    busy_refusals: AtomicU64,
}

impl Metrics {
    fn record_request(&self, operation: &str, status: u16, seconds: f64) {
        let mut operations = self.operations.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if !operations.contains_key(operation) {
            operations.insert(operation.to_owned(), OperationStats::default());
        }
        let stats = operations.get_mut(operation).expect("inserted above");
        *stats.by_status.entry(status).or_default() += 1;
        for (bucket, bound) in stats.buckets.iter_mut().zip(LATENCY_BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
        stats.count += 1;
        stats.sum_seconds += seconds;
    }

    /// An import was written (not a dry run).
    pub fn count_import(&self) {
        self.imports.fetch_add(1, Ordering::Relaxed);
    }

    /// A login or password check was refused by the throttle.
    pub fn count_throttled_login(&self) {
        self.throttled_logins.fetch_add(1, Ordering::Relaxed);
    }

    /// A request was refused because the server was at capacity (503).
    pub fn count_busy_refusal(&self) {
        self.busy_refusals.fetch_add(1, Ordering::Relaxed);
    }

    /// The Prometheus text exposition of every counter, with the database pool's state.
    pub fn render(&self, pool_size: u32, pool_idle: usize) -> String {
        let mut out = String::new();
        let operations = self.operations.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        out.push_str("# HELP sibekisar_requests_total Requests answered, by operation and status.\n");
        out.push_str("# TYPE sibekisar_requests_total counter\n");
        for (operation, stats) in operations.iter() {
            for (status, count) in &stats.by_status {
                let _ =
                    writeln!(out, "sibekisar_requests_total{{operation=\"{operation}\",status=\"{status}\"}} {count}");
            }
        }
        out.push_str("# HELP sibekisar_request_duration_seconds Time to answer, by operation.\n");
        out.push_str("# TYPE sibekisar_request_duration_seconds histogram\n");
        for (operation, stats) in operations.iter() {
            for (bound, count) in LATENCY_BUCKETS.iter().zip(stats.buckets) {
                let _ = writeln!(
                    out,
                    "sibekisar_request_duration_seconds_bucket{{operation=\"{operation}\",le=\"{bound}\"}} {count}"
                );
            }
            let _ = writeln!(
                out,
                "sibekisar_request_duration_seconds_bucket{{operation=\"{operation}\",le=\"+Inf\"}} {}",
                stats.count
            );
            let _ = writeln!(
                out,
                "sibekisar_request_duration_seconds_sum{{operation=\"{operation}\"}} {}",
                stats.sum_seconds
            );
            let _ =
                writeln!(out, "sibekisar_request_duration_seconds_count{{operation=\"{operation}\"}} {}", stats.count);
        }
        drop(operations);
        let gauges: [(&str, &str, &str, String); 5] = [
            ("sibekisar_db_pool_connections", "gauge", "Open database connections.", pool_size.to_string()),
            ("sibekisar_db_pool_idle_connections", "gauge", "Idle database connections.", pool_idle.to_string()),
            (
                "sibekisar_imports_total",
                "counter",
                "Imports written.",
                self.imports.load(Ordering::Relaxed).to_string(),
            ),
            (
                "sibekisar_throttled_logins_total",
                "counter",
                "Login and password checks refused by the throttle.",
                self.throttled_logins.load(Ordering::Relaxed).to_string(),
            ),
            (
                "sibekisar_busy_refusals_total",
                "counter",
                "Requests refused with 503 because the server was at capacity.",
                self.busy_refusals.load(Ordering::Relaxed).to_string(),
            ),
        ];
        for (name, kind, help, value) in gauges {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}");
        }
        out
    }
}

/// `GET /metrics` on the metrics listener.
pub async fn metrics(State(state): State<AppState>) -> ([(axum::http::HeaderName, &'static str); 1], String) {
    let (size, idle) = state.database.pool_state();
    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], state.metrics.render(size, idle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_request_id_is_kept_only_when_it_is_safe() {
        let keep = |text: &str| accepted_request_id(Some(&HeaderValue::from_str(text).expect("a header value")));
        assert_eq!(keep("abc-123_x.y").as_deref(), Some("abc-123_x.y"));
        assert_eq!(keep("a b"), None);
        assert_eq!(keep(&"x".repeat(65)), None);
        assert_eq!(keep(""), None);
        assert_eq!(accepted_request_id(None), None);
        let made = new_request_id();
        assert_eq!(made.len(), 32);
        assert_ne!(made, new_request_id());
    }

    #[test]
    fn metrics_count_requests_by_operation_status_and_latency() {
        let metrics = Metrics::default();
        metrics.record_request("health", 200, 0.002);
        metrics.record_request("health", 200, 0.3);
        metrics.record_request("login", 429, 0.001);
        metrics.count_import();
        let text = metrics.render(3, 2);
        assert!(text.contains("sibekisar_requests_total{operation=\"health\",status=\"200\"} 2\n"), "{text}");
        assert!(text.contains("sibekisar_requests_total{operation=\"login\",status=\"429\"} 1\n"), "{text}");
        assert!(text.contains("sibekisar_request_duration_seconds_bucket{operation=\"health\",le=\"0.005\"} 1\n"));
        assert!(text.contains("sibekisar_request_duration_seconds_bucket{operation=\"health\",le=\"0.5\"} 2\n"));
        assert!(text.contains("sibekisar_request_duration_seconds_count{operation=\"health\"} 2\n"));
        assert!(text.contains("sibekisar_db_pool_connections 3\n") && text.contains("sibekisar_imports_total 1\n"));
    }
}
