//! `cargo xtask test`: installs what the tests need, runs the gates (formatting, clippy, docs;
//! also `cargo xtask check`), then every test — native (cargo test), wasm in Chromium
//! (wasm-bindgen-test), and end-to-end (the real server driven in Chromium).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::{postgres, site, tools};

pub fn run_all_tests(root: &Path) -> Result<()> {
    let started = std::time::Instant::now();
    tools::ensure_build_tools(root)?;
    step("formatting, lints and docs", || run_gates(root))?;
    tools::ensure_chromium()?;
    let runner = tools::ensure_wasm_bindgen_test_runner()?;

    step("native tests", || tools::cargo(root, &["test", "--workspace", "--all-targets"]))?;
    step("server tests on PostgreSQL", || {
        let cluster = postgres::Cluster::start()?;
        tools::run_with_env(
            root,
            &tools::cargo_program(),
            &["test", "-p", "server", "--test", "api"],
            &[("SIBEKISAR_TEST_POSTGRES_URL", cluster.url.as_str())],
        )
    })?;
    step("wasm tests in Chromium", || run_wasm_tests(root, &runner.to_string_lossy(), &[]))?;
    let site_dir = step("web app build", || site::build_site(root))?;
    step("end-to-end tests in Chromium", || {
        tools::cargo(root, &["build", "-p", "server", "--bin", "sibekisar"])?;
        run_end_to_end_tests(root, &site_dir)
    })?;
    println!("xtask: every test passed in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// The checks that are cheap to fail, run before any test: the formatting of `rustfmt.toml`,
/// clippy with every warning an error (natively for the whole workspace, and for wasm32 on what
/// the browser runs: `app`, and `engine` with its browser tests; `clippy.toml` refuses the
/// standard sorts there), and the docs without a broken link or tag.
pub fn run_gates(root: &Path) -> Result<()> {
    tools::ensure_rust_components()?;
    tools::cargo(root, &["fmt", "--all", "--check"]).context("the code is not formatted; run `cargo fmt --all`")?;
    tools::cargo(root, &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])?;
    // The browser tests name their cases file at compile time, so clippy needs one too.
    let cases = write_agreement_cases(root)?;
    tools::run_with_env(
        root,
        &tools::cargo_program(),
        &[
            "clippy",
            "-p",
            "app",
            "-p",
            "engine",
            "--target",
            tools::WASM_TARGET,
            "--lib",
            "--tests",
            "--",
            "-D",
            "warnings",
        ],
        &[("SIBEKISAR_AGREEMENT_CASES", cases.to_string_lossy().as_ref())],
    )?;
    tools::run_with_env(
        root,
        &tools::cargo_program(),
        &["doc", "--workspace", "--no-deps"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )
}

fn step<T>(name: &str, action: impl FnOnce() -> Result<T>) -> Result<T> {
    println!("xtask: ── {name} ──");
    let started = std::time::Instant::now();
    let result = action().with_context(|| format!("{name} failed"));
    println!("xtask: {name}: {:.0} s", started.elapsed().as_secs_f64());
    result
}

/// Generates the browser/native agreement cases natively, then runs the engine's wasm tests in
/// Chromium, which score the same cases and compare byte for byte.
pub fn run_wasm_tests(root: &Path, runner: &str, extra_env: &[(&str, &str)]) -> Result<()> {
    let cases = write_agreement_cases(root)?.to_string_lossy().into_owned();
    let mut env = vec![
        ("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", runner),
        ("CHROMEDRIVER", tools::chromedriver_path()),
        ("SIBEKISAR_AGREEMENT_CASES", cases.as_str()),
        ("WASM_BINDGEN_TEST_TIMEOUT", "300"),
    ];
    env.extend_from_slice(extra_env);
    // Only the tests written for the browser run there; the others read files or use proptest.
    let bench = extra_env.iter().any(|(key, _)| *key == "SIBEKISAR_WASM_BENCH");
    let args: &[&str] = if bench {
        &[
            "test",
            "-p",
            "engine",
            "--target",
            tools::WASM_TARGET,
            "--release",
            "--test",
            "wasm_bench",
            "--",
            "--nocapture",
        ]
    } else {
        &["test", "-p", "engine", "--target", tools::WASM_TARGET, "--test", "wasm_agreement"]
    };
    tools::run_with_env(root, &tools::cargo_program(), args, &env)
}

/// Generates the browser/native agreement cases natively into `target/agreement-cases.jsonl`.
fn write_agreement_cases(root: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(root.join("target")).context("cannot create target/")?;
    let cases = root.join("target/agreement-cases.jsonl");
    let output = std::process::Command::new(tools::cargo_program())
        .args(["run", "--quiet", "-p", "engine", "--example", "agreement_cases"])
        .current_dir(root)
        .output()
        .context("cannot run the agreement case generator")?;
    if !output.status.success() {
        anyhow::bail!("the agreement case generator failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    std::fs::write(&cases, &output.stdout).context("cannot write the agreement cases")?;
    Ok(cases)
}

fn run_end_to_end_tests(root: &Path, site_dir: &Path) -> Result<()> {
    let binary = root.join("target/debug/sibekisar");
    let binary = binary.to_string_lossy();
    let site_dir = site_dir.to_string_lossy();
    tools::run_with_env(
        root,
        "node",
        &["--test", "--test-concurrency=1", "tests/e2e/"],
        &[
            ("SIBEKISAR_BIN", binary.as_ref()),
            ("SIBEKISAR_SITE_DIR", site_dir.as_ref()),
            ("CHROMIUM", tools::chromium_path()),
        ],
    )
}
