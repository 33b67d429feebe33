//! Wasm timings of the benchmark operations, printed as `bench wasm <name>: <x> µs/iter`.
//!
//! Compiled on wasm32 only, and does work only when `SIBEKISAR_WASM_BENCH` was set at compile
//! time (the xtask's bench command); otherwise the test returns at once. Timing is measured, never
//! asserted.
#![cfg(target_arch = "wasm32")]

#[path = "support/bench_cases.rs"]
mod bench_cases;

use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Runs `operation` until at least 300 ms have passed and returns microseconds per iteration.
fn time_per_iteration(mut operation: impl FnMut()) -> f64 {
    // Timing is reporting only; floating point never touches a score.
    let start = js_sys::Date::now();
    let mut iterations = 0u64;
    loop {
        operation();
        iterations += 1;
        let elapsed = js_sys::Date::now() - start;
        if elapsed >= 300.0 {
            return elapsed * 1000.0 / iterations as f64;
        }
    }
}

#[wasm_bindgen_test]
fn wasm_bench() {
    if option_env!("SIBEKISAR_WASM_BENCH").is_none() {
        return;
    }
    let kabkota = bench_cases::kabkota_rubric();
    let unit = bench_cases::kabkota_unit(&kabkota, 7);
    let micros = time_per_iteration(|| {
        std::hint::black_box(engine::score_unit(&kabkota, std::hint::black_box(&unit)));
    });
    console_log!("bench wasm score_one_unit: {micros:.2} µs/iter");

    let synthetic = bench_cases::synthetic_rubric();
    let population = bench_cases::synthetic_population(&synthetic);
    let micros = time_per_iteration(|| {
        std::hint::black_box(engine::score_and_rank(&synthetic, std::hint::black_box(&population)));
    });
    console_log!("bench wasm score_and_rank_22000x20: {micros:.2} µs/iter");

    let (draft, values) = bench_cases::weight_edit_case();
    let mut step = 0;
    let mut cache = engine::impact::ValuesCache::default();
    let micros = time_per_iteration(|| {
        step += 1;
        std::hint::black_box(bench_cases::weight_edit(&draft, std::hint::black_box(&values), &mut cache, step));
    });
    console_log!("bench wasm rubric_weight_edit_rescore_rank_22000x25: {micros:.2} µs/iter");

    let options = engine::GoalSeekOptions::default();
    let micros = time_per_iteration(|| {
        std::hint::black_box(engine::goal_seek(&kabkota, &unit, engine::Goal::Grade(engine::Grade::A), &options)).ok();
    });
    console_log!("bench wasm goal_seek_one_unit: {micros:.2} µs/iter");
}
