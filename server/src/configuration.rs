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
    /// The database connections one process keeps open at most: `SIBEKISAR_DATABASE_POOL_SIZE`
    /// (10 on PostgreSQL, 8 on SQLite). On PostgreSQL the sum over every process must stay under
    /// the server's `max_connections`.
    pub database_pool_size: Option<u32>,
    /// A statement waits at most this long for a lock (PostgreSQL's `lock_timeout`, SQLite's
    /// busy timeout on the write lock), then the request is answered 503 `database_busy`:
    /// `SIBEKISAR_DATABASE_LOCK_TIMEOUT_MS` (5000).
    pub database_lock_timeout: Duration,
    /// PostgreSQL: a statement runs at most this long (`statement_timeout`), then the request
    /// is answered 503 `database_busy`: `SIBEKISAR_DATABASE_STATEMENT_TIMEOUT_MS` (30000). A
    /// national import's statements each take well under a second.
    pub database_statement_timeout: Duration,
    /// The aspiration service keeps a sender's contact and client address this long, then
    /// deletes them: `SIBEKISAR_ASPIRATION_RETENTION_DAYS` (365).
    pub aspiration_retention_days: u32,
    /// Aspiration submissions one client address may make per hour (offices and mobile carriers
    /// share addresses, so it is generous): `SIBEKISAR_ASPIRATION_PER_HOUR` (20).
    pub aspiration_submissions_per_hour: u32,
    /// Leading zero bits the submission challenge asks for (about 2^n hashes in the page):
    /// `SIBEKISAR_ASPIRATION_DIFFICULTY` (16, at most 24).
    pub aspiration_challenge_difficulty: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_read: Duration::from_secs(10),
            body_read: Duration::from_secs(60),
            handler: Duration::from_secs(120),
            max_concurrent_requests: 1024,
            shutdown_grace: Duration::from_secs(30),
            database_pool_size: None,
            database_lock_timeout: Duration::from_secs(5),
            database_statement_timeout: Duration::from_secs(30),
            aspiration_retention_days: 365,
            aspiration_submissions_per_hour: 20,
            aspiration_challenge_difficulty: 16,
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
            database_pool_size: match env_number("SIBEKISAR_DATABASE_POOL_SIZE")? {
                Some(size) => Some(u32::try_from(size).context("SIBEKISAR_DATABASE_POOL_SIZE is too large")?),
                None => defaults.database_pool_size,
            },
            database_lock_timeout: env_number("SIBEKISAR_DATABASE_LOCK_TIMEOUT_MS")?
                .map_or(defaults.database_lock_timeout, Duration::from_millis),
            database_statement_timeout: env_number("SIBEKISAR_DATABASE_STATEMENT_TIMEOUT_MS")?
                .map_or(defaults.database_statement_timeout, Duration::from_millis),
            aspiration_retention_days: small_number(
                "SIBEKISAR_ASPIRATION_RETENTION_DAYS",
                defaults.aspiration_retention_days,
                36_500,
            )?,
            aspiration_submissions_per_hour: small_number(
                "SIBEKISAR_ASPIRATION_PER_HOUR",
                defaults.aspiration_submissions_per_hour,
                100_000,
            )?,
            aspiration_challenge_difficulty: small_number(
                "SIBEKISAR_ASPIRATION_DIFFICULTY",
                defaults.aspiration_challenge_difficulty,
                24,
            )?,
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
    /// Which peers may say who the client is in `X-Forwarded-For` (see [`TrustedProxies`]):
    /// `SIBEKISAR_TRUSTED_PROXIES` (addresses or networks) or `SIBEKISAR_TRUSTED_PROXY_HOPS` (a
    /// count; `SIBEKISAR_TRUST_PROXY=1` means one hop). Used for login throttling and the audit.
    pub trusted_proxies: TrustedProxies,
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

/// The reverse proxies in front of the server, which alone may name the client in
/// `X-Forwarded-For` (each proxy appends the address that connected to it, so the header is read
/// from the right).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum TrustedProxies {
    /// No proxy: the client is the peer, `X-Forwarded-For` is ignored (the default).
    #[default]
    None,
    /// Every request passes exactly this many proxies (1 to 10): the client is the address this
    /// many places from the right of `X-Forwarded-For` (with one proxy, the last one; with fewer
    /// addresses, the first). Only when nothing can reach the server around the proxies: any peer
    /// is taken for the nearest proxy.
    Hops(usize),
    /// Proxies by address or network (`10.0.0.0/8`, `192.168.1.5`, `::1`): the header is read
    /// only when the peer is one of them, and the client is the first address from the right that
    /// is not one of them.
    Networks(Vec<Network>),
}

/// An address network, `10.0.0.0/8`; a plain address is a network of that one address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Network {
    address: std::net::IpAddr,
    prefix: u8,
}

impl Network {
    /// # Errors
    /// Not an IPv4/IPv6 address with an optional `/prefix` within the address's length.
    pub fn parse(text: &str) -> Result<Self> {
        let text = text.trim();
        let (address, prefix) = text.split_once('/').map_or((text, None), |(address, prefix)| (address, Some(prefix)));
        let address: std::net::IpAddr =
            address.parse().with_context(|| format!("`{text}` is not an IP address or network"))?;
        let bits = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => bits,
            Some(prefix) => prefix
                .parse::<u8>()
                .ok()
                .filter(|prefix| *prefix <= bits)
                .with_context(|| format!("`{text}`: the prefix must be 0 to {bits}"))?,
        };
        Ok(Self { address, prefix })
    }

    pub fn contains(&self, candidate: std::net::IpAddr) -> bool {
        let candidate = match candidate {
            std::net::IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(candidate, std::net::IpAddr::V4),
            std::net::IpAddr::V4(_) => candidate,
        };
        let (network, candidate, bits) = match (self.address, candidate) {
            (std::net::IpAddr::V4(network), std::net::IpAddr::V4(candidate)) => {
                (u128::from(u32::from(network)) << 96, u128::from(u32::from(candidate)) << 96, 32)
            }
            (std::net::IpAddr::V6(network), std::net::IpAddr::V6(candidate)) => {
                (u128::from(network), u128::from(candidate), 128)
            }
            _ => return false,
        };
        let shift = 128 - u32::from(self.prefix.min(bits));
        let mask = if shift == 128 { 0 } else { u128::MAX << shift };
        network & mask == candidate & mask
    }
}

impl TrustedProxies {
    /// The client's address: the peer, or what the trusted proxies say in `X-Forwarded-For`
    /// (its values in order, comma-separated lists allowed). An entry that is not an address
    /// stops the reading there: the last hop that could be read is the client.
    pub fn client_address(&self, peer: std::net::IpAddr, forwarded_for: &[&str]) -> std::net::IpAddr {
        let mut hops = forwarded_for.iter().flat_map(|value| value.split(',')).map(str::trim).rev();
        let mut client = peer;
        match self {
            Self::None => {}
            Self::Hops(count) => {
                for _ in 0..*count {
                    match hops.next().map(str::parse) {
                        Some(Ok(address)) => client = address,
                        _ => break,
                    }
                }
            }
            Self::Networks(networks) => {
                let trusted = |address: std::net::IpAddr| networks.iter().any(|network| network.contains(address));
                while trusted(client) {
                    match hops.next().map(str::parse) {
                        Some(Ok(address)) => client = address,
                        _ => break,
                    }
                }
            }
        }
        client
    }

    fn from_env() -> Result<Self> {
        let networks = std::env::var("SIBEKISAR_TRUSTED_PROXIES").ok().filter(|value| !value.trim().is_empty());
        let hops = env_number("SIBEKISAR_TRUSTED_PROXY_HOPS")?;
        let one_hop = env_flag("SIBEKISAR_TRUST_PROXY")?.unwrap_or(false);
        match (networks, hops, one_hop) {
            (Some(_), Some(_), _) | (Some(_), _, true) | (_, Some(_), true) => bail!(
                "set only one of SIBEKISAR_TRUSTED_PROXIES, SIBEKISAR_TRUSTED_PROXY_HOPS and SIBEKISAR_TRUST_PROXY"
            ),
            (Some(list), None, false) => {
                let networks = list
                    .split(',')
                    .filter(|item| !item.trim().is_empty())
                    .map(Network::parse)
                    .collect::<Result<Vec<_>>>()
                    .context("SIBEKISAR_TRUSTED_PROXIES")?;
                Ok(Self::Networks(networks))
            }
            (None, Some(0), false) => Ok(Self::None),
            (None, Some(hops @ 1..=10), false) => Ok(Self::Hops(usize::try_from(hops).unwrap_or(1))),
            (None, Some(_), false) => bail!("SIBEKISAR_TRUSTED_PROXY_HOPS must be 0 to 10"),
            (None, None, true) => Ok(Self::Hops(1)),
            (None, None, false) => Ok(Self::None),
        }
    }
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
            trusted_proxies: TrustedProxies::None,
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
        let trusted_proxies = TrustedProxies::from_env()?;
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
            trusted_proxies,
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

/// A positive number from the environment, at most `most`, or `default`.
fn small_number(name: &str, default: u32, most: u32) -> Result<u32> {
    match env_number(name)? {
        Some(number) => u32::try_from(number)
            .ok()
            .filter(|number| *number <= most)
            .with_context(|| format!("{name} must be at most {most}")),
        None => Ok(default),
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

    fn client(proxies: &TrustedProxies, peer: &str, forwarded_for: &[&str]) -> String {
        proxies.client_address(peer.parse().expect("an address"), forwarded_for).to_string()
    }

    #[test]
    fn forwarded_for_is_read_only_from_trusted_proxies() {
        let none = TrustedProxies::None;
        assert_eq!(client(&none, "203.0.113.9", &["10.9.9.9"]), "203.0.113.9", "no proxy: the header is ignored");
        let networks = TrustedProxies::Networks(vec![
            Network::parse("10.0.0.0/8").expect("a network"),
            Network::parse("192.168.1.5").expect("an address"),
        ]);
        // An untrusted peer is the client whatever it claims.
        assert_eq!(client(&networks, "203.0.113.9", &["1.2.3.4"]), "203.0.113.9");
        // Through two trusted proxies; what the client itself wrote on the left is not believed.
        assert_eq!(client(&networks, "10.0.0.2", &["6.6.6.6, 198.51.100.7", "192.168.1.5"]), "198.51.100.7");
        assert_eq!(client(&networks, "::ffff:10.0.0.2", &["198.51.100.7"]), "198.51.100.7", "IPv4-mapped peer");
        // All trusted: the leftmost address; garbage stops the reading at the last good hop.
        assert_eq!(client(&networks, "10.0.0.2", &["10.1.1.1"]), "10.1.1.1");
        assert_eq!(client(&networks, "10.0.0.2", &["bukan-alamat"]), "10.0.0.2");
        assert_eq!(client(&networks, "10.0.0.2", &[]), "10.0.0.2");
        let two_hops = TrustedProxies::Hops(2);
        assert_eq!(client(&two_hops, "10.0.0.2", &["6.6.6.6, 198.51.100.7, 10.0.0.3"]), "198.51.100.7");
        assert_eq!(client(&TrustedProxies::Hops(1), "10.0.0.2", &["6.6.6.6, 198.51.100.7"]), "198.51.100.7");
        assert_eq!(client(&two_hops, "10.0.0.2", &["198.51.100.7"]), "198.51.100.7", "fewer hops: the first");
    }

    #[test]
    fn networks_parse_with_prefixes_within_the_address_length() {
        assert!(Network::parse("10.0.0.0/8").expect("v4").contains("10.200.3.4".parse().expect("ip")));
        assert!(!Network::parse("10.0.0.0/8").expect("v4").contains("11.0.0.1".parse().expect("ip")));
        assert!(Network::parse("fd00::/8").expect("v6").contains("fd12::1".parse().expect("ip")));
        assert!(Network::parse("0.0.0.0/0").expect("all").contains("8.8.8.8".parse().expect("ip")));
        for bad in ["10.0.0.0/33", "proxy.local", "10.0.0.0/x", "::/129"] {
            assert!(Network::parse(bad).is_err(), "{bad}");
        }
    }

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
