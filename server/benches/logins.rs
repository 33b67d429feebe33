//! A burst of parallel wrong logins against the real `sibekisar` binary (release build, standard
//! argon2 cost), printing the server's peak resident memory and the slowest `/api/v1/health`
//! answer meanwhile. Not a test: `cargo bench -p server --bench logins` (run by `cargo xtask bench`).
//!
//! Two bursts of [`N_LOGINS`] unknown user names: from one address (the throttle refuses most of
//! them before any password check), and from as many addresses as attempts through a trusted
//! proxy (the throttle cannot help; the password gate alone bounds the work).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const N_LOGINS: usize = 500;

struct Server {
    child: Child,
    base: String,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary on a free port with an empty SQLite database; returns once it listens.
fn start_server(trust_proxy: bool) -> anyhow::Result<Server> {
    let dir = tempfile::tempdir()?;
    let mut child = Command::new(env!("CARGO_BIN_EXE_sibekisar"))
        .env("SIBEKISAR_ADDR", "127.0.0.1:0")
        .env("DATABASE_URL", format!("sqlite://{}", dir.path().join("bench.db").display()))
        .env("SIBEKISAR_DEMO", "0")
        .env("SIBEKISAR_TRUST_PROXY", if trust_proxy { "1" } else { "0" })
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let stdout = child.stdout.take().ok_or_else(|| anyhow::anyhow!("no stdout"))?;
    let mut lines = BufReader::new(stdout).lines();
    let base = loop {
        let line = lines.next().ok_or_else(|| anyhow::anyhow!("the server stopped before it listened"))??;
        // The line `… listening on http://127.0.0.1:PORT` (not the first-administrator link).
        if let Some((_, address)) = line.split_once("listening on ") {
            break address.trim().to_owned();
        }
    };
    // Keep reading stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Ok(Server { child, base, _dir: dir })
}

/// The process's peak resident memory (`VmHWM`), in MB.
fn peak_resident_mb(pid: u32) -> anyhow::Result<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:")).ok_or_else(|| anyhow::anyhow!("no VmHWM"))?;
    let kilobytes: f64 = line.split_whitespace().nth(1).unwrap_or("0").parse()?;
    Ok(kilobytes / 1024.0)
}

async fn burst(label: &str, trust_proxy: bool) -> anyhow::Result<()> {
    let server = start_server(trust_proxy)?;
    let client = reqwest::Client::builder().pool_max_idle_per_host(0).build()?;
    let before_mb = peak_resident_mb(server.child.id())?;
    let started = Instant::now();
    let logins: Vec<_> = (0..N_LOGINS)
        .map(|index| {
            let mut request = client
                .post(format!("{}/api/v1/auth/login", server.base))
                .json(&serde_json::json!({"username": format!("penyusup{index}"), "password": "salah-sekali-123"}));
            if trust_proxy {
                request = request
                    .header("x-forwarded-for", format!("10.{}.{}.{}", index / 65536, index / 256 % 256, index % 256));
            }
            tokio::spawn(request.send())
        })
        .collect();
    // Health checks every 20 ms while the burst runs.
    let health_client = reqwest::Client::new();
    let health_url = format!("{}/api/v1/health", server.base);
    let watcher = tokio::spawn(async move {
        let mut slowest = Duration::ZERO;
        let mut n_checks = 0_usize;
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline {
            let asked = Instant::now();
            let status = health_client.get(&health_url).send().await.map(|response| response.status().as_u16());
            slowest = slowest.max(asked.elapsed());
            n_checks += 1;
            if status.ok() != Some(200) {
                return (slowest, n_checks, false);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
            if n_checks > 5 && STOP.load(std::sync::atomic::Ordering::Acquire) {
                break;
            }
        }
        (slowest, n_checks, true)
    });
    let mut by_status = std::collections::BTreeMap::<u16, usize>::new();
    for login in logins {
        let status = login.await?.map_or(0, |response| response.status().as_u16());
        *by_status.entry(status).or_default() += 1;
    }
    let elapsed = started.elapsed();
    STOP.store(true, std::sync::atomic::Ordering::Release);
    let (slowest, n_checks, healthy) = watcher.await?;
    STOP.store(false, std::sync::atomic::Ordering::Release);
    let peak_mb = peak_resident_mb(server.child.id())?;
    let answers: Vec<String> = by_status.iter().map(|(status, count)| format!("{count}×{status}")).collect();
    anyhow::ensure!(
        by_status.keys().all(|status| matches!(status, 401 | 429 | 503)),
        "a wrong login got another answer: {answers:?}"
    );
    println!(
        "{N_LOGINS} parallel wrong logins, {label}: peak server memory {peak_mb:.0} MB (idle {before_mb:.0} MB, target < 500), \
         slowest /api/v1/health {:.0} ms of {n_checks} (target < 1000){}; answers {} in {:.2} s",
        slowest.as_secs_f64() * 1000.0,
        if healthy { "" } else { ", A HEALTH CHECK FAILED" },
        answers.join(", "),
        elapsed.as_secs_f64(),
    );
    Ok(())
}

static STOP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("logins bench: skipped (run it with `cargo bench -p server --bench logins`)");
        return Ok(());
    }
    burst("one address", false).await?;
    burst("500 addresses behind a trusted proxy", true).await?;
    Ok(())
}
