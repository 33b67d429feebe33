//! A throw-away PostgreSQL cluster on 127.0.0.1 for the server tests, from Debian's `postgresql`
//! package. PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` user.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::tools;

pub struct Cluster {
    bin_dir: PathBuf,
    data_dir: PathBuf,
    base_dir: PathBuf,
    as_root: bool,
    pub url: String,
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

fn find_bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| entry.ok().map(|entry| entry.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop()
}

/// Installs Debian's PostgreSQL when missing (as root), or says what to install.
fn ensure_installed() -> Result<PathBuf> {
    if let Some(bin) = find_bin_dir() {
        return Ok(bin);
    }
    if !is_root() {
        bail!("the PostgreSQL tests need Debian's server: `sudo apt-get install -y postgresql`, then run again");
    }
    println!("xtask: installing postgresql with apt-get");
    tools::run_with_env(
        Path::new("."),
        "apt-get",
        &["install", "-y", "-q", "postgresql"],
        &[("DEBIAN_FRONTEND", "noninteractive")],
    )?;
    find_bin_dir().context("postgresql was installed but initdb is not under /usr/lib/postgresql")
}

fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("cannot find a free port")?;
    Ok(listener.local_addr()?.port())
}

impl Cluster {
    /// Creates and starts a cluster with trust authentication for user `sib`.
    pub fn start() -> Result<Self> {
        let bin_dir = ensure_installed()?;
        let as_root = is_root();
        let base_dir = std::env::temp_dir().join(format!("sibekisar-pg-{}", std::process::id()));
        if base_dir.exists() {
            std::fs::remove_dir_all(&base_dir).ok();
        }
        std::fs::create_dir_all(&base_dir).context("cannot create the PostgreSQL folder")?;
        if as_root {
            tools::run(Path::new("."), "chown", &["postgres", &base_dir.to_string_lossy()])?;
        }
        let data_dir = base_dir.join("data");
        let port = free_port()?;
        let cluster =
            Self { bin_dir, data_dir, base_dir, as_root, url: format!("postgres://sib@127.0.0.1:{port}/postgres") };
        cluster.pg(&format!("initdb -D {} -A trust -U sib --no-sync -E UTF8", cluster.data_dir.display()))?;
        cluster.pg(&format!(
            "pg_ctl -D {} -w -l {}/log -o \"-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off\" start",
            cluster.data_dir.display(),
            cluster.base_dir.display(),
            cluster.base_dir.display()
        ))?;
        Ok(cluster)
    }

    fn pg(&self, command_line: &str) -> Result<()> {
        let full = format!("{}/{command_line} > /dev/null", self.bin_dir.display());
        let status = if self.as_root {
            Command::new("su").args(["postgres", "-s", "/bin/sh", "-c", &full]).status()
        } else {
            Command::new("sh").args(["-c", &full]).status()
        }
        .context("cannot run a PostgreSQL command")?;
        if !status.success() {
            bail!("PostgreSQL command failed: {command_line}");
        }
        Ok(())
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.pg(&format!("pg_ctl -D {} -m immediate stop", self.data_dir.display()));
        let _ = std::fs::remove_dir_all(&self.base_dir);
    }
}
