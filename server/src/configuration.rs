//! Typed settings, read from the environment with defaults.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, Result};

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
    /// Reads `SIBEKISAR_ADDR`, `DATABASE_URL`, `SIBEKISAR_DEMO` and `SIBEKISAR_SITE_DIR`.
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
            Ok(value) => parse_flag(&value).with_context(|| format!("SIBEKISAR_DEMO `{value}` is not 1/0/true/false"))?,
            Err(_) => false,
        };
        let site_dir = std::env::var_os("SIBEKISAR_SITE_DIR").map(PathBuf::from);
        Ok(Self { address, database_url, load_demo_data, site_dir })
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
