//! Password hashing with argon2id (RustCrypto `argon2`), run off the async worker threads behind
//! one [`PasswordGate`] per process.
//!
//! Hashes are PHC strings (`$argon2id$v=19$m=19456,t=2,p=1$…`) that carry their own parameters,
//! so a hash made with other settings still verifies. [`PasswordHashing::FastForTestsOnly`]
//! exists so the test suite does not spend seconds per login; `Settings::from_env` never picks it.

use std::sync::{Arc, Mutex};

use anyhow::{Context, Result, anyhow};
use argon2::password_hash::{PasswordHash, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use super::tokens::{Secret, random_bytes};
use crate::configuration::PasswordHashing;
use crate::error::{ApiError, Problem};

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

/// Bounds the password work of the whole process: argon2 runs on `workers` threads of its own
/// (each computation holds about 19 MiB while it runs) and at most `queue` more computations wait
/// for one; one more is refused at once with [`ApiError::Busy`] (503 with `Retry-After`), so a
/// burst of logins costs bounded memory and never makes other requests wait behind it.
///
/// Dedicated threads rather than the runtime's blocking pool: the allocator keeps an argon2
/// block's memory in the arena of the thread that freed it, so hashing on a few long-lived
/// threads keeps the resident memory at a few blocks, where hundreds of pool threads kept one each.
#[derive(Clone)]
pub struct PasswordGate {
    jobs: std::sync::mpsc::SyncSender<Job>,
}

type Job = Box<dyn FnOnce() + Send>;

/// Seconds a refused caller is told to wait: a queue's worth of argon2 work is well below this.
const BUSY_RETRY_AFTER_SECS: u64 = 2;

impl PasswordGate {
    /// A gate with `workers` threads (at least one) and `queue` computations waiting (at least
    /// one: a computation is handed over through the queue).
    ///
    /// # Panics
    /// When the operating system cannot start a thread (the server could not run anyway).
    pub fn new(workers: usize, queue: usize) -> Self {
        let (jobs, receiver) = std::sync::mpsc::sync_channel::<Job>(queue.max(1));
        let receiver = Arc::new(Mutex::new(receiver));
        for index in 0..workers.max(1) {
            let receiver = Arc::clone(&receiver);
            std::thread::Builder::new()
                .name(format!("password-{index}"))
                .spawn(move || {
                    loop {
                        // The lock is held only while waiting for a job, never while running one.
                        let job = receiver.lock().unwrap_or_else(std::sync::PoisonError::into_inner).recv();
                        match job {
                            Ok(job) => job(),
                            // Every sender is gone: the application has stopped.
                            Err(_) => return,
                        }
                    }
                })
                .expect("a password worker thread can be started");
        }
        Self { jobs }
    }

    /// Runs `work` on a password thread, or refuses at once when every thread is busy and the
    /// queue is full.
    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
        let answered = self.submit(work)?;
        Ok(answered.await.context("a password worker stopped while working")?)
    }

    /// Hands `work` to the threads (the non-waiting half of [`PasswordGate::run`]).
    fn submit<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<tokio::sync::oneshot::Receiver<T>, ApiError> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            // The caller may have gone (its request was dropped): nobody to answer then.
            let _ = answer.send(work());
        });
        match self.jobs.try_send(job) {
            Ok(()) => Ok(answered),
            Err(std::sync::mpsc::TrySendError::Full(_)) => {
                Err(ApiError::Busy { retry_after_secs: BUSY_RETRY_AFTER_SECS })
            }
            Err(std::sync::mpsc::TrySendError::Disconnected(_)) => {
                Err(anyhow!("the password workers have stopped").into())
            }
        }
    }

    /// Hashes a password with a fresh random salt.
    ///
    /// # Errors
    /// [`ApiError::Busy`] when the gate is full; the random source or the hashing fails (neither
    /// depends on the password).
    pub async fn hash(&self, password: Secret, cost: PasswordHashing) -> Result<String, ApiError> {
        Ok(self.run(move || hash_password_now(password.expose(), cost)).await??)
    }

    /// Whether `password` matches the stored PHC string. A malformed stored hash counts as a
    /// mismatch (and is logged), never as a match.
    ///
    /// # Errors
    /// [`ApiError::Busy`] when the gate is full, or the blocking task cannot run.
    pub async fn verify(&self, password: Secret, stored_hash: String) -> Result<bool, ApiError> {
        self.run(move || verify_password_now(password.expose(), &stored_hash)).await
    }
}

/// Hashes a password with a fresh random salt, on the calling thread (start-up and tests; request
/// handlers go through [`PasswordGate::hash`]).
///
/// # Errors
/// The random source or the hashing fails (neither depends on the password).
pub fn hash_password_now(password: &str, cost: PasswordHashing) -> Result<String> {
    let salt_bytes = random_bytes()?;
    let salt = SaltString::encode_b64(&salt_bytes[..16]).map_err(|error| anyhow!("cannot encode a salt: {error}"))?;
    let hash = hasher(cost)
        .hash_password(password.as_bytes(), &salt)
        .map_err(|error| anyhow!("argon2 hashing failed: {error}"))?;
    Ok(hash.to_string())
}

/// The blocking part of [`PasswordGate::verify`]: the stored PHC string names the algorithm,
/// version, parameters and salt; the hash is computed in this thread's reused memory (see
/// [`with_blocks`]) and compared in constant time. A malformed stored hash counts as a mismatch
/// (and is logged), never as a match.
fn verify_password_now(password: &str, stored_hash: &str) -> bool {
    let unreadable = |detail: &dyn std::fmt::Display| {
        tracing::error!(%detail, "a stored password hash cannot be read");
        false
    };
    let parsed = match PasswordHash::new(stored_hash) {
        Ok(parsed) => parsed,
        Err(error) => return unreadable(&error),
    };
    let algorithm = match Algorithm::try_from(parsed.algorithm) {
        Ok(algorithm) => algorithm,
        Err(error) => return unreadable(&error),
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(version) => version.unwrap_or_default(),
        Err(error) => return unreadable(&error),
    };
    let params = match Params::try_from(&parsed) {
        Ok(params) => params,
        Err(error) => return unreadable(&error),
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return unreadable(&"no salt or no hash");
    };
    let mut salt_buffer = [0_u8; 64];
    let salt = match salt.decode_b64(&mut salt_buffer) {
        Ok(salt) => salt,
        Err(error) => return unreadable(&error),
    };
    let mut computed = vec![0_u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params.clone());
    let hashed = with_blocks(params.block_count(), |blocks| {
        argon2.hash_password_into_with_memory(password.as_bytes(), salt, &mut computed, blocks)
    });
    match hashed {
        Ok(()) => super::tokens::constant_time_eq(&computed, expected.as_bytes()),
        Err(error) => unreadable(&error),
    }
}

thread_local! {
    /// argon2's working memory of this thread, kept between computations: allocating and freeing
    /// 19 MiB per login left the allocator holding that much per thread that ever hashed
    /// (measured: 228 MB resident after 20 logins, where one reused block of memory keeps it at
    /// the size of one computation per password thread).
    static BLOCKS: std::cell::RefCell<Vec<argon2::Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `work` on `count` blocks of this thread's argon2 memory.
fn with_blocks<T>(count: usize, work: impl FnOnce(&mut [argon2::Block]) -> T) -> T {
    BLOCKS.with(|blocks| {
        let mut blocks = blocks.borrow_mut();
        if blocks.len() < count {
            blocks.resize(count, argon2::Block::default());
        }
        work(&mut blocks[..count])
    })
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
        let gate = PasswordGate::new(1, 0);
        let hash =
            gate.hash(Secret::new("kata-sandi-rahasia"), PasswordHashing::FastForTestsOnly).await.expect("hashes");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(!hash.contains("kata-sandi-rahasia"));
        assert!(gate.verify(Secret::new("kata-sandi-rahasia"), hash.clone()).await.expect("runs"));
        assert!(!gate.verify(Secret::new("kata-sandi-rahasiA"), hash).await.expect("runs"));
        assert!(!gate.verify(Secret::new("x"), "not a hash".into()).await.expect("runs"));
    }

    #[tokio::test]
    async fn a_full_gate_refuses_at_once_and_frees_its_places() {
        let gate = PasswordGate::new(2, 1);
        // Two computations that run until released, then one waiting in the queue.
        let (started, started_rx) = std::sync::mpsc::channel();
        let mut releases = Vec::new();
        let mut answers = Vec::new();
        for index in 0..3 {
            let (release, released) = std::sync::mpsc::channel::<()>();
            releases.push(release);
            let started = started.clone();
            let answer = gate
                .submit(move || {
                    started.send(index).expect("the test listens");
                    released.recv().expect("released by the test");
                    index
                })
                .expect("a place");
            answers.push(answer);
            if index < 2 {
                started_rx.recv().expect("a thread took the job");
            }
        }
        // Every thread is busy and the queue holds one: the next caller is refused at once.
        let refused = gate.verify(Secret::new("x"), "not a hash".into()).await.expect_err("busy");
        assert!(matches!(refused, ApiError::Busy { retry_after_secs: 2 }), "{refused:?}");
        for release in releases {
            release.send(()).expect("the job waits");
        }
        for (index, answer) in answers.into_iter().enumerate() {
            assert_eq!(answer.await.expect("answered"), index);
        }
        assert!(!gate.verify(Secret::new("x"), "not a hash".into()).await.expect("free again"));
    }

    #[test]
    fn standard_hashing_uses_argon2id_defaults() {
        let hash = hash_password_now("kata-sandi-rahasia", PasswordHashing::Standard).expect("hashes");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        // Verified in this thread's reused memory, right and wrong alike, and again after a
        // cheaper hash used a smaller part of that memory.
        assert!(verify_password_now("kata-sandi-rahasia", &hash));
        assert!(!verify_password_now("kata-sandi-rahasiA", &hash));
        let cheap = hash_password_now("lain-lagi-sandi", PasswordHashing::FastForTestsOnly).expect("hashes");
        assert!(verify_password_now("lain-lagi-sandi", &cheap));
        assert!(verify_password_now("kata-sandi-rahasia", &hash));
        assert!(!verify_password_now("kata-sandi-rahasia", "$argon2id$v=19$m=8,t=1,p=1$bm9zYWx0$"));
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
