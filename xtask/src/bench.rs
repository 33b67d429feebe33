//! `cargo xtask bench`: prints benchmark figures, natively (criterion) and in wasm in Chromium.

use std::path::Path;

use anyhow::Result;

use crate::{site, test, tools};

pub fn run_benches(root: &Path) -> Result<()> {
    tools::ensure_build_tools(root)?;
    tools::ensure_chromium()?;
    let runner = tools::ensure_wasm_bindgen_test_runner()?;
    println!("xtask: ── native benchmarks (criterion) ──");
    tools::cargo(root, &["bench", "-p", "engine"])?;
    println!("xtask: ── wasm benchmarks in Chromium ──");
    test::run_wasm_tests(root, &runner.to_string_lossy(), &[("SIBEKISAR_WASM_BENCH", "1")])?;
    println!("xtask: ── app size ──");
    site::build_site(root)?;
    Ok(())
}
