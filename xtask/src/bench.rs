//! `cargo xtask bench`: prints benchmark figures, natively (criterion) and in wasm in Chromium.

use std::path::Path;

use anyhow::Result;

use crate::{national, site, test, tools};

pub fn run_benches(root: &Path) -> Result<()> {
    if std::env::args().any(|arg| arg == "--national") {
        return national::run_national_bench(root);
    }
    tools::ensure_build_tools(root)?;
    tools::ensure_chromium()?;
    let runner = tools::ensure_wasm_bindgen_test_runner()?;
    println!("xtask: ── native benchmarks (criterion) ──");
    tools::cargo(root, &["bench", "-p", "engine"])?;
    println!("xtask: ── server: bulk import and queue sync (SQLite) ──");
    tools::cargo(root, &["bench", "-p", "server", "--bench", "import"])?;
    national::run_national_bench(root)?;
    println!("xtask: ── server: 500 parallel wrong logins (release binary, standard argon2) ──");
    tools::cargo(root, &["bench", "-p", "server", "--bench", "logins"])?;
    println!("xtask: ── wasm benchmarks in Chromium ──");
    test::run_wasm_tests(root, &runner.to_string_lossy(), &[("SIBEKISAR_WASM_BENCH", "1")])?;
    println!("xtask: ── app size ──");
    let site_dir = site::build_site(root)?;
    println!("xtask: ── UI in Chromium ──");
    tools::cargo(root, &["build", "-p", "server", "--bin", "sibekisar"])?;
    let binary = root.join("target/debug/sibekisar");
    tools::run_with_env(
        root,
        "node",
        &["tests/bench/ui.mjs"],
        &[
            ("SIBEKISAR_BIN", binary.to_string_lossy().as_ref()),
            ("SIBEKISAR_SITE_DIR", site_dir.to_string_lossy().as_ref()),
            ("CHROMIUM", tools::chromium_path()),
        ],
    )?;
    println!("xtask: ── public pages on a phone-class link (time to use, bundle sizes) ──");
    tools::run_with_env(
        root,
        "node",
        &["tests/bench/phone.mjs"],
        &[
            ("SIBEKISAR_BIN", binary.to_string_lossy().as_ref()),
            ("SIBEKISAR_SITE_DIR", site_dir.to_string_lossy().as_ref()),
            ("CHROMIUM", tools::chromium_path()),
        ],
    )
}
