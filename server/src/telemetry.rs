//! Logging set-up.

use tracing_subscriber::EnvFilter;

/// Logs to stderr; `RUST_LOG` overrides the default level (info for this crate, warn elsewhere).
/// `SIBEKISAR_LOG_FORMAT=json` writes one JSON object per line (with the request's span, so its
/// `request_id`), for a log collector; anything else writes plain text.
pub fn init_tracing() {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn,server=info,tower_http=warn"));
    let json = std::env::var("SIBEKISAR_LOG_FORMAT").is_ok_and(|format| format.trim().eq_ignore_ascii_case("json"));
    // A second initialisation (tests start many apps in one process) is harmless.
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ =
        if json { builder.json().with_current_span(true).with_span_list(false).try_init() } else { builder.try_init() };
}
