//! `cargo xtask bench --national`: the national data set (22,000 units × 25 indicators, 4
//! periods) served by the real binary on SQLite and on a throw-away PostgreSQL cluster, measured
//! with `wrk` (`server/benches/national.rs` prints the figures).

use std::path::Path;

use anyhow::Result;

use crate::{postgres, tools};

pub fn run_national_bench(root: &Path) -> Result<()> {
    ensure_wrk()?;
    let cluster = postgres::Cluster::start()?;
    println!("xtask: ── server: national data set on SQLite and PostgreSQL (wrk, taskset -c 0,1) ──");
    tools::run_with_env(
        root,
        &tools::cargo_program(),
        &["bench", "-p", "server", "--bench", "national"],
        &[("SIBEKISAR_BENCH_POSTGRES_URL", cluster.url.as_str())],
    )
}

/// `wrk` from Debian's package, installed when missing (as root).
fn ensure_wrk() -> Result<()> {
    let found = std::process::Command::new("wrk").arg("--version").output().is_ok();
    if found {
        return Ok(());
    }
    println!("xtask: installing wrk with apt-get");
    tools::run_with_env(
        Path::new("."),
        "apt-get",
        &["install", "-y", "-q", "wrk"],
        &[("DEBIAN_FRONTEND", "noninteractive")],
    )
}
