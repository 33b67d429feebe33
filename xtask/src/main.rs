//! `cargo xtask run|check|test|build|bench|site`: the whole build and test pipeline.
//!
//! The only things a fresh machine needs are the stock toolchain (rustup, cargo), node/npm and
//! apt. Everything else (the wasm32 target, npm packages pinned in `package-lock.json`, Debian
//! Chromium for the browser tests, the wasm-bindgen test runner) is installed here when missing.

mod bench;
mod national;
mod postgres;
mod site;
mod test;
mod tools;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  run     build the app and the server, then serve http://127.0.0.1:3000 with demo data
  check   the gates alone: formatting, clippy (native and wasm32, warnings are errors), docs
  test    install what tests need, run the gates, then every test (native, wasm in Chromium, end-to-end)
  build   release build of the site (site/) and the server (target/release/sibekisar)
  bench   print benchmark figures (native and wasm in Chromium); --national: only the national data set
  site    build only the web app into site/
";

fn main() {
    if let Err(error) = run_cli() {
        eprintln!("xtask: error: {error:#}");
        std::process::exit(1);
    }
}

fn run_cli() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first() else {
        print!("{USAGE}");
        return Ok(());
    };
    let root = workspace_root();
    std::env::set_current_dir(&root).context("cannot enter the workspace root")?;
    match command.as_str() {
        "run" => run_app(&root),
        "check" => {
            tools::ensure_build_tools(&root)?;
            test::run_gates(&root)
        }
        "test" => test::run_all_tests(&root),
        "build" => build_release(&root),
        "bench" => bench::run_benches(&root),
        "site" => {
            tools::ensure_build_tools(&root)?;
            site::build_site(&root).map(|_| ())
        }
        "-h" | "--help" | "help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown command `{other}`\n{USAGE}"),
    }
}

/// The workspace root: the parent of this crate's manifest directory.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

fn run_app(root: &Path) -> Result<()> {
    tools::ensure_build_tools(root)?;
    let site_dir = site::build_site(root)?;
    tools::cargo(root, &["build", "-p", "server", "--bin", "sibekisar"])?;
    std::fs::create_dir_all(root.join("data")).context("cannot create data/")?;
    let binary = root.join("target/debug/sibekisar");
    println!("xtask: starting the server (Ctrl-C stops it)");
    let mut command = std::process::Command::new(&binary);
    command.env("SIBEKISAR_SITE_DIR", &site_dir);
    if std::env::var_os("SIBEKISAR_DEMO").is_none() {
        command.env("SIBEKISAR_DEMO", "1");
    }
    let status = command.status().with_context(|| format!("cannot start {}", binary.display()))?;
    if !status.success() {
        bail!("the server stopped with {status}");
    }
    Ok(())
}

fn build_release(root: &Path) -> Result<()> {
    tools::ensure_build_tools(root)?;
    let site_dir = site::build_site(root)?;
    tools::cargo(root, &["build", "--release", "-p", "server", "--bin", "sibekisar"])?;
    println!("xtask: built {} and {}", site_dir.display(), root.join("target/release/sibekisar").display());
    println!("xtask: serve with SIBEKISAR_SITE_DIR={} target/release/sibekisar", site_dir.display());
    Ok(())
}
