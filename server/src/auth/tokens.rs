//! Random secrets and their hashes: session tokens, set-up links and API tokens.
//!
//! A secret is 256 random bits from the operating system, written in unpadded base64url (43
//! characters). The database stores only its SHA-256 (hex), so a copy of the database lets nobody
//! sign in; the secret itself is given out once.

use anyhow::{Context, Result};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// A value that must never be printed: `Debug` shows `[redacted]` and it is not `Serialize`.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, to hash it, verify it or give it out once.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<contract::auth::Password> for Secret {
    fn from(password: contract::auth::Password) -> Self {
        Self(password.0)
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("[redacted]")
    }
}

/// 32 random bytes from the operating system.
///
/// # Errors
/// The operating system's random source fails (then nothing secret can be made).
pub fn random_bytes() -> Result<[u8; 32]> {
    let mut bytes = [0_u8; 32];
    getrandom::getrandom(&mut bytes).context("the operating system's random source failed")?;
    Ok(bytes)
}

/// A new random secret: 256 bits in base64url without padding.
///
/// # Errors
/// The operating system's random source fails.
pub fn new_secret() -> Result<Secret> {
    Ok(Secret(URL_SAFE_NO_PAD.encode(random_bytes()?)))
}

/// A new random id of 16 hex digits (64 bits), not secret.
///
/// # Errors
/// The operating system's random source fails.
pub fn new_token_id() -> Result<String> {
    Ok(hex(&random_bytes()?[..8]))
}

/// SHA-256 of a secret's text, in hex: what the database stores.
pub fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

/// SHA-256 in unpadded base64url.
pub fn sha256_base64url(text: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(text.as_bytes()))
}

/// Compares without stopping at the first difference, so the time taken does not tell how much
/// of a guessed secret was right.
pub fn constant_time_eq(left: &[u8], right: &[u8]) -> bool {
    if left.len() != right.len() {
        return false;
    }
    left.iter().zip(right).fold(0_u8, |difference, (a, b)| difference | (a ^ b)) == 0
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut text, byte| {
        let _ = write!(text, "{byte:02x}");
        text
    })
}

/// Whether text looks like one of our secrets (43 base64url characters); anything else is
/// refused before touching the database.
pub fn is_secret_shaped(text: &str) -> bool {
    text.len() == 43 && text.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
}

/// The prefix of every API token, so that leaked tokens are easy to recognise in code or logs.
pub const API_TOKEN_PREFIX: &str = "sbk_";

/// An API token as presented: `sbk_<16 hex id>_<secret>`.
pub struct PresentedApiToken {
    pub id: String,
    pub secret: Secret,
}

impl std::fmt::Debug for PresentedApiToken {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "PresentedApiToken({}, [redacted])", self.id)
    }
}

impl PresentedApiToken {
    /// Reads `sbk_<id>_<secret>`; `None` when it has another shape.
    pub fn parse(text: &str) -> Option<Self> {
        let rest = text.strip_prefix(API_TOKEN_PREFIX)?;
        let (id, secret) = rest.split_once('_')?;
        let id_ok = id.len() == 16 && id.bytes().all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'));
        (id_ok && is_secret_shaped(secret)).then(|| Self { id: id.to_owned(), secret: Secret::new(secret) })
    }

    /// The full text handed to the agency once.
    pub fn format(id: &str, secret: &Secret) -> Secret {
        Secret::new(format!("{API_TOKEN_PREFIX}{id}_{}", secret.expose()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_random_and_never_printed() {
        let first = new_secret().expect("random");
        let second = new_secret().expect("random");
        assert_ne!(first, second);
        assert!(is_secret_shaped(first.expose()), "{}", first.expose());
        assert_eq!(format!("{first:?}"), "[redacted]");
    }

    #[test]
    fn sha256_is_the_standard_one() {
        assert_eq!(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn api_tokens_round_trip_and_odd_shapes_are_refused() {
        let id = new_token_id().expect("random");
        let secret = new_secret().expect("random");
        let text = PresentedApiToken::format(&id, &secret);
        let parsed = PresentedApiToken::parse(text.expose()).expect("parses");
        assert_eq!(parsed.id, id);
        assert_eq!(parsed.secret, secret);
        assert!(!format!("{parsed:?}").contains(secret.expose()));
        for bad in
            ["", "sbk_", "sbk_123_abc", "xyz_0123456789abcdef_", &text.expose()[1..], &format!("{}x", text.expose())]
        {
            assert!(PresentedApiToken::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn constant_time_eq_compares_whole_values() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
