//! Password hashing with argon2id (RustCrypto `argon2`), run off the async worker threads.
//!
//! Hashes are PHC strings (`$argon2id$v=19$m=19456,t=2,p=1$…`) that carry their own parameters,
//! so a hash made with other settings still verifies. [`PasswordHashing::FastForTestsOnly`]
//! exists so the test suite does not spend seconds per login; `Settings::from_env` never picks it.

use anyhow::{Context, Result, anyhow};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use super::tokens::{Secret, random_bytes};
use crate::configuration::PasswordHashing;
use crate::error::Problem;

/// Shortest accepted password, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest accepted password, in characters (argon2 accepts more; this bounds the work per request).
pub const MAX_PASSWORD_CHARS: usize = 256;

fn hasher(cost: PasswordHashing) -> Argon2<'static> {
    let params = match cost {
        PasswordHashing::Standard => Params::default(),
        PasswordHashing::FastForTestsOnly => {
            Params::new(Params::MIN_M_COST, 1, 1, None).expect("the minimum argon2 parameters are valid")
        }
    };
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password with a fresh random salt.
///
/// # Errors
/// The random source or the hashing fails (neither depends on the password).
pub async fn hash_password(password: Secret, cost: PasswordHashing) -> Result<String> {
    tokio::task::spawn_blocking(move || hash_password_now(password.expose(), cost))
        .await
        .context("the password hashing task failed")?
}

/// The blocking part of [`hash_password`].
///
/// # Errors
/// As [`hash_password`].
pub fn hash_password_now(password: &str, cost: PasswordHashing) -> Result<String> {
    let salt_bytes = random_bytes()?;
    let salt = SaltString::encode_b64(&salt_bytes[..16]).map_err(|error| anyhow!("cannot encode a salt: {error}"))?;
    let hash = hasher(cost)
        .hash_password(password.as_bytes(), &salt)
        .map_err(|error| anyhow!("argon2 hashing failed: {error}"))?;
    Ok(hash.to_string())
}

/// Whether `password` matches the stored PHC string. A malformed stored hash counts as a mismatch
/// (and is logged), never as a match.
///
/// # Errors
/// Only if the blocking task cannot run.
pub async fn verify_password(password: Secret, stored_hash: String) -> Result<bool> {
    tokio::task::spawn_blocking(move || {
        let parsed = match PasswordHash::new(&stored_hash) {
            Ok(parsed) => parsed,
            Err(error) => {
                tracing::error!(%error, "a stored password hash cannot be read");
                return false;
            }
        };
        // The stored string names the algorithm and parameters; the hasher's own are not used.
        Argon2::default().verify_password(password.expose().as_bytes(), &parsed).is_ok()
    })
    .await
    .context("the password verification task failed")
}

/// Checks a new password; problems name `field`.
pub fn check_new_password(password: &Secret, username: &str, field: &str) -> Result<(), Problem> {
    let chars = password.expose().chars().count();
    let problem = |code: &str, message: &str| Err(Problem::new(code, message, Some(field.to_owned())));
    if chars < MIN_PASSWORD_CHARS {
        return problem("password_too_short", &format!("Kata sandi minimal {MIN_PASSWORD_CHARS} karakter."));
    }
    if chars > MAX_PASSWORD_CHARS {
        return problem("password_too_long", &format!("Kata sandi paling banyak {MAX_PASSWORD_CHARS} karakter."));
    }
    if password.expose().trim().to_lowercase() == username.to_lowercase() {
        return problem("password_is_username", "Kata sandi tidak boleh sama dengan nama pengguna.");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let hash =
            hash_password(Secret::new("kata-sandi-rahasia"), PasswordHashing::FastForTestsOnly).await.expect("hashes");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(!hash.contains("kata-sandi-rahasia"));
        assert!(verify_password(Secret::new("kata-sandi-rahasia"), hash.clone()).await.expect("runs"));
        assert!(!verify_password(Secret::new("kata-sandi-rahasiA"), hash).await.expect("runs"));
        assert!(!verify_password(Secret::new("x"), "not a hash".into()).await.expect("runs"));
    }

    #[test]
    fn standard_hashing_uses_argon2id_defaults() {
        let hash = hash_password_now("kata-sandi-rahasia", PasswordHashing::Standard).expect("hashes");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
    }

    #[test]
    fn new_passwords_are_checked_with_indonesian_messages() {
        let check = |password: &str| check_new_password(&Secret::new(password), "budi", "new_password");
        assert_eq!(check("pendek").expect_err("short").code, "password_too_short");
        assert_eq!(check(&"x".repeat(257)).expect_err("long").code, "password_too_long");
        assert!(check("panjang-sekali-2024").is_ok());
        let problem = check("123456789").expect_err("short");
        assert_eq!(problem.message, "Kata sandi minimal 10 karakter.");
        assert_eq!(problem.field.as_deref(), Some("new_password"));
    }
}
