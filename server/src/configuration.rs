//! Typed settings, read from the environment with defaults.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail};

/// Everything the server needs to start.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Where to listen; port 0 picks a free port (used by tests).
    pub address: SocketAddr,
    /// `sqlite://path` (created if missing) or `postgres://…`.
    pub database_url: DatabaseUrl,
    /// Load the demo data set into an empty database.
    pub load_demo_data: bool,
    /// Folder with the built web app (`cargo xtask site`); `None` serves only the API.
    pub site_dir: Option<PathBuf>,
    /// Accounts, sessions and cookies (see `crate::auth`).
    pub auth: AuthSettings,
    /// Where Prometheus metrics are served (`GET /metrics`), apart from the public address:
    /// `SIBEKISAR_METRICS_ADDR` (none by default). Port 0 picks a free port.
    pub metrics_address: Option<SocketAddr>,
    /// What one request or client may take (see `crate::limits` and `crate::serve`).
    pub limits: Limits,
    /// Apply missing schema migrations at start (`SIBEKISAR_MIGRATE=auto`, the default), or
    /// refuse to start until `sibekisar migrate` has run (`off`: the migration is a deployment
    /// step of its own, and several processes start against a ready schema).
    pub migrate_on_start: bool,
}

/// Limits against slow or greedy clients.
#[derive(Clone, Debug)]
pub struct Limits {
    /// A client must send its request headers within this: `SIBEKISAR_HEADER_TIMEOUT_SECS` (10).
    pub header_read: Duration,
    /// A client must send its whole body within this: `SIBEKISAR_BODY_TIMEOUT_SECS` (60).
    pub body_read: Duration,
    /// A request must be answered within this: `SIBEKISAR_REQUEST_TIMEOUT_SECS` (120; a national
    /// import takes seconds).
    pub handler: Duration,
    /// Requests handled at once; one more is 503 at once: `SIBEKISAR_MAX_CONCURRENT_REQUESTS` (1024).
    pub max_concurrent_requests: usize,
    /// After SIGTERM, requests in flight get this long: `SIBEKISAR_SHUTDOWN_GRACE_SECS` (30).
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_read: Duration::from_secs(10),
            body_read: Duration::from_secs(60),
            handler: Duration::from_secs(120),
            max_concurrent_requests: 1024,
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

impl Limits {
    fn from_env() -> Result<Self> {
        let defaults = Self::default();
        let seconds = |name: &str, default: Duration| -> Result<Duration> {
            Ok(env_number(name)?.map_or(default, Duration::from_secs))
        };
        Ok(Self {
            header_read: seconds("SIBEKISAR_HEADER_TIMEOUT_SECS", defaults.header_read)?,
            body_read: seconds("SIBEKISAR_BODY_TIMEOUT_SECS", defaults.body_read)?,
            handler: seconds("SIBEKISAR_REQUEST_TIMEOUT_SECS", defaults.handler)?,
            max_concurrent_requests: match env_number("SIBEKISAR_MAX_CONCURRENT_REQUESTS")? {
                Some(limit) => usize::try_from(limit).context("SIBEKISAR_MAX_CONCURRENT_REQUESTS is too large")?,
                None => defaults.max_concurrent_requests,
            },
            shutdown_grace: seconds("SIBEKISAR_SHUTDOWN_GRACE_SECS", defaults.shutdown_grace)?,
        })
    }
}

/// Settings of accounts and sessions.
#[derive(Clone, Debug)]
pub struct AuthSettings {
    /// Mark the session cookie `Secure` even without an https public URL (which implies it, see
    /// [`AuthSettings::cookies_secure`]): `SIBEKISAR_SECURE_COOKIES`.
    pub secure_cookies: bool,
    /// A session ends after this long without a request: `SIBEKISAR_SESSION_IDLE_MINUTES` (30).
    pub session_idle: Duration,
    /// A session ends this long after login whatever happens: `SIBEKISAR_SESSION_MAX_HOURS` (12).
    pub session_absolute: Duration,
    /// Trust the last address of `X-Forwarded-For` as the client's (only behind one reverse proxy
    /// that sets it): `SIBEKISAR_TRUST_PROXY`. Used for login throttling and the security audit.
    pub trust_forwarded_for: bool,
    /// The public address of the app, e.g. `https://sibekisar.jatimprov.go.id`, used in set-up
    /// links and accepted as an `Origin`: `SIBEKISAR_PUBLIC_URL`. Without it, the listening address.
    pub public_url: Option<String>,
    /// Cost of password hashing. Only [`PasswordHashing::Standard`] is reachable from the
    /// environment; the cheap one exists so that tests stay fast.
    pub password_hashing: PasswordHashing,
    /// Password hashes computed at once: `SIBEKISAR_PASSWORD_WORKERS` (the number of cores).
    /// Each takes about 19 MiB while it runs, so this bounds their memory.
    pub password_workers: usize,
    /// Password checks that may wait for a worker: `SIBEKISAR_PASSWORD_QUEUE` (8 per worker).
    /// One more is answered 503 with `Retry-After` at once.
    pub password_queue: usize,
}

/// Argon2id parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordHashing {
    /// The `argon2` crate's defaults (argon2id, 19 MiB, 2 passes, 1 lane: OWASP's recommendation).
    Standard,
    /// 8 KiB, 1 pass: for tests only, never in production (a stolen hash would be cheap to attack).
    FastForTestsOnly,
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            session_idle: Duration::from_secs(30 * 60),
            session_absolute: Duration::from_secs(12 * 3600),
            trust_forwarded_for: false,
            public_url: None,
            password_hashing: PasswordHashing::Standard,
            password_workers: default_password_workers(),
            password_queue: 8 * default_password_workers(),
        }
    }
}

fn default_password_workers() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

impl AuthSettings {
    /// Whether the app is served over HTTPS: its public URL says so.
    pub fn serves_https(&self) -> bool {
        self.public_url.as_deref().is_some_and(|url| url.starts_with("https://"))
    }

    /// Whether the session cookie is `Secure` (and then named with the `__Host-` prefix): asked
    /// for with `SIBEKISAR_SECURE_COOKIES`, or implied by an https public URL.
    pub fn cookies_secure(&self) -> bool {
        self.secure_cookies || self.serves_https()
    }

    /// Defaults with cheap password hashing, for tests.
    pub fn for_tests() -> Self {
        Self { password_hashing: PasswordHashing::FastForTestsOnly, ..Self::default() }
    }

    fn from_env() -> Result<Self> {
        let defaults = Self::default();
        let secure_cookies = env_flag("SIBEKISAR_SECURE_COOKIES")?.unwrap_or(defaults.secure_cookies);
        let trust_forwarded_for = env_flag("SIBEKISAR_TRUST_PROXY")?.unwrap_or(defaults.trust_forwarded_for);
        let session_idle = env_number("SIBEKISAR_SESSION_IDLE_MINUTES")?
            .map_or(defaults.session_idle, |minutes| Duration::from_secs(minutes * 60));
        let session_absolute = env_number("SIBEKISAR_SESSION_MAX_HOURS")?
            .map_or(defaults.session_absolute, |hours| Duration::from_secs(hours * 3600));
        let public_url = match std::env::var("SIBEKISAR_PUBLIC_URL") {
            Ok(url) if url.trim().is_empty() => None,
            Ok(url) => {
                let url = url.trim().trim_end_matches('/').to_owned();
                if !(url.starts_with("http://") || url.starts_with("https://")) {
                    bail!("SIBEKISAR_PUBLIC_URL `{url}` must start with http:// or https://");
                }
                Some(url)
            }
            Err(_) => None,
        };
        let password_workers = match env_number("SIBEKISAR_PASSWORD_WORKERS")? {
            Some(workers) => usize::try_from(workers).context("SIBEKISAR_PASSWORD_WORKERS is too large")?,
            None => defaults.password_workers,
        };
        let password_queue = match env_number("SIBEKISAR_PASSWORD_QUEUE")? {
            Some(queue) => usize::try_from(queue).context("SIBEKISAR_PASSWORD_QUEUE is too large")?,
            None => 8 * password_workers,
        };
        Ok(Self {
            secure_cookies,
            session_idle,
            session_absolute,
            trust_forwarded_for,
            public_url,
            password_workers,
            password_queue,
            ..defaults
        })
    }
}

fn env_flag(name: &str) -> Result<Option<bool>> {
    match std::env::var(name) {
        Ok(value) => parse_flag(&value).map(Some).with_context(|| format!("{name} `{value}` is not 1/0/true/false")),
        Err(_) => Ok(None),
    }
}

fn env_number(name: &str) -> Result<Option<u64>> {
    match std::env::var(name) {
        Ok(value) => match value.trim().parse::<u64>() {
            Ok(number) if number > 0 => Ok(Some(number)),
            _ => bail!("{name} `{value}` is not a positive whole number"),
        },
        Err(_) => Ok(None),
    }
}

/// A database URL; it may hold a password, so `Debug` hides everything after the scheme.
#[derive(Clone)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    pub fn new(url: impl Into<String>) -> Self {
        Self(url.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scheme = self.0.split("://").next().unwrap_or("?");
        write!(formatter, "DatabaseUrl({scheme}://…)")
    }
}

pub const DEFAULT_ADDRESS: &str = "127.0.0.1:3000";
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/sibekisar.db";

impl Settings {
    /// Reads `SIBEKISAR_ADDR`, `DATABASE_URL`, `SIBEKISAR_DEMO`, `SIBEKISAR_SITE_DIR`,
    /// `SIBEKISAR_METRICS_ADDR` and the [`AuthSettings`] and [`Limits`] variables.
    ///
    /// # Errors
    /// When a variable is set to something that cannot be parsed.
    pub fn from_env() -> Result<Self> {
        let address = std::env::var("SIBEKISAR_ADDR").unwrap_or_else(|_| DEFAULT_ADDRESS.to_owned());
        let address: SocketAddr = address
            .parse()
            .with_context(|| format!("SIBEKISAR_ADDR `{address}` is not an address like 127.0.0.1:3000"))?;
        let database_url =
            DatabaseUrl::new(std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_DATABASE_URL.to_owned()));
        let load_demo_data = match std::env::var("SIBEKISAR_DEMO") {
            Ok(value) => {
                parse_flag(&value).with_context(|| format!("SIBEKISAR_DEMO `{value}` is not 1/0/true/false"))?
            }
            Err(_) => false,
        };
        let site_dir = std::env::var_os("SIBEKISAR_SITE_DIR").map(PathBuf::from);
        let auth = AuthSettings::from_env()?;
        let metrics_address =
            match std::env::var("SIBEKISAR_METRICS_ADDR") {
                Ok(text) if !text.trim().is_empty() => Some(text.trim().parse().with_context(|| {
                    format!("SIBEKISAR_METRICS_ADDR `{text}` is not an address like 127.0.0.1:9464")
                })?),
                _ => None,
            };
        let limits = Limits::from_env()?;
        let migrate_on_start = match std::env::var("SIBEKISAR_MIGRATE") {
            Err(_) => true,
            Ok(mode) => match mode.trim().to_ascii_lowercase().as_str() {
                "" | "auto" => true,
                "off" => false,
                _ => bail!("SIBEKISAR_MIGRATE `{mode}` must be auto or off"),
            },
        };
        Ok(Self { address, database_url, load_demo_data, site_dir, auth, metrics_address, limits, migrate_on_start })
    }
}

fn parse_flag(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" | "" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_parse_both_ways_and_reject_nonsense() {
        assert_eq!(parse_flag("1"), Some(true));
        assert_eq!(parse_flag("TRUE"), Some(true));
        assert_eq!(parse_flag("0"), Some(false));
        assert_eq!(parse_flag("maybe"), None);
    }

    #[test]
    fn database_url_debug_hides_credentials() {
        let url = DatabaseUrl::new("postgres://sib:secret@127.0.0.1/db");
        let shown = format!("{url:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("postgres"), "{shown}");
    }
}
