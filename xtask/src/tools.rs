//! Installing and calling the tools the pipeline needs.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// wasm-bindgen version pinned in Cargo.lock; the test runner must match it exactly.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Runs a command in `dir` and fails with its name when it does not succeed.
pub fn run(dir: &Path, program: &str, args: &[&str]) -> Result<()> {
    run_with_env(dir, program, args, &[])
}

pub fn run_with_env(dir: &Path, program: &str, args: &[&str], env: &[(&str, &str)]) -> Result<()> {
    let mut command = Command::new(program);
    command.args(args).current_dir(dir);
    for (key, value) in env {
        command.env(key, value);
    }
    let status = command.status().with_context(|| format!("cannot start `{program}` (is it installed?)"))?;
    if !status.success() {
        bail!("`{program} {}` failed with {status}", args.join(" "));
    }
    Ok(())
}

pub fn cargo(root: &Path, args: &[&str]) -> Result<()> {
    run(root, &cargo_program(), args)
}

pub fn cargo_program() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// What building the site needs: the wasm32 target and the npm packages (binaryen's wasm-opt).
pub fn ensure_build_tools(root: &Path) -> Result<()> {
    ensure_wasm_target()?;
    ensure_npm_packages(root)
}

/// The toolchain components the gates use (a minimal rustup profile has neither).
pub fn ensure_rust_components() -> Result<()> {
    let missing: Vec<&str> = [("clippy", "clippy"), ("fmt", "rustfmt")]
        .into_iter()
        .filter(|(subcommand, _)| output_of(&cargo_program(), &[subcommand, "--version"]).is_none())
        .map(|(_, component)| component)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    println!("xtask: installing {} with rustup", missing.join(" and "));
    let mut args = vec!["component", "add"];
    args.extend(missing);
    run(Path::new("."), "rustup", &args)
}

fn ensure_wasm_target() -> Result<()> {
    let installed = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        return Ok(());
    }
    println!("xtask: installing the {WASM_TARGET} target with rustup");
    run(Path::new("."), "rustup", &["target", "add", WASM_TARGET])
}

/// Installs the npm packages pinned in `package-lock.json` (`npm ci`) unless the installed set
/// already matches the lock file.
fn ensure_npm_packages(root: &Path) -> Result<()> {
    let lock = std::fs::read(root.join("package-lock.json")).context("cannot read package-lock.json")?;
    let stamp_path = root.join("node_modules/.sibekisar-lock-stamp");
    let up_to_date = std::fs::read(&stamp_path).is_ok_and(|stamp| stamp == lock) && wasm_opt_path(root).exists();
    if up_to_date {
        return Ok(());
    }
    println!("xtask: installing npm packages (npm ci)");
    run(root, "npm", &["ci", "--no-audit", "--no-fund"])?;
    std::fs::write(&stamp_path, lock).context("cannot write the npm stamp file")
}

/// Always the npm binaryen wasm-opt: Debian's older wasm-opt breaks the app (see TOOLCHAIN).
pub fn wasm_opt_path(root: &Path) -> PathBuf {
    root.join("node_modules/.bin/wasm-opt")
}

pub fn chromium_path() -> &'static str {
    "/usr/bin/chromium"
}

pub fn chromedriver_path() -> &'static str {
    "/usr/bin/chromedriver"
}

/// Debian Chromium and ChromeDriver for the browser tests, installed with apt when running as
/// root; otherwise a message that says what to install.
pub fn ensure_chromium() -> Result<()> {
    if Path::new(chromium_path()).exists() && Path::new(chromedriver_path()).exists() {
        return Ok(());
    }
    let is_root = output_of("id", &["-u"]).is_some_and(|uid| uid.trim() == "0");
    if !is_root {
        bail!(
            "the browser tests need Debian's Chromium and ChromeDriver; install them with \
             `sudo apt-get install -y chromium chromium-driver` and run again"
        );
    }
    println!("xtask: installing chromium and chromium-driver with apt-get");
    run(Path::new("."), "apt-get", &["update", "-q"])?;
    run_with_env(
        Path::new("."),
        "apt-get",
        &["install", "-y", "-q", "chromium", "chromium-driver"],
        &[("DEBIAN_FRONTEND", "noninteractive")],
    )
}

/// The wasm-bindgen test runner of exactly the version in Cargo.lock, built from crates.io.
pub fn ensure_wasm_bindgen_test_runner() -> Result<PathBuf> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .context("neither CARGO_HOME nor HOME is set")?;
    let runner = cargo_home.join("bin/wasm-bindgen-test-runner");
    let version = output_of(runner.to_string_lossy().as_ref(), &["--version"]).unwrap_or_default();
    if version.contains(WASM_BINDGEN_VERSION) {
        return Ok(runner);
    }
    println!("xtask: installing wasm-bindgen-cli {WASM_BINDGEN_VERSION} (test runner) from crates.io");
    run(
        Path::new("."),
        &cargo_program(),
        &["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN_VERSION, "--force"],
    )?;
    Ok(runner)
}
