//! Browser/native agreement: the engine compiled to wasm answers every generated request with
//! the same bytes as the native engine did.
//!
//! The cases file is made natively by `cargo run -p engine --example agreement_cases` and named
//! at compile time by `SIBEKISAR_AGREEMENT_CASES`; the test runs in Chromium under
//! wasm-bindgen-test-runner (see the xtask).
#![cfg(target_arch = "wasm32")]

use serde::Deserialize;
use serde_json::value::RawValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const CASES: &str = include_str!(env!("SIBEKISAR_AGREEMENT_CASES"));

#[derive(Deserialize)]
struct Case<'a> {
    #[serde(borrow)]
    request: &'a RawValue,
    #[serde(borrow)]
    response: &'a RawValue,
}

#[wasm_bindgen_test]
fn wasm_answers_every_case_byte_for_byte_like_native() {
    let mut checked = 0;
    for (line_number, line) in CASES.lines().enumerate().filter(|(_, line)| !line.trim().is_empty()) {
        let case: Case<'_> = serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", line_number + 1));
        let response = match engine::wire::score_request(case.request.get()) {
            Ok(response) => engine::wire::to_json(&response),
            Err(errors) => engine::wire::to_json(&errors),
        };
        assert_eq!(response, case.response.get(), "line {}: wasm and native differ", line_number + 1);
        checked += 1;
    }
    assert!(checked > 0, "the cases file is empty");
}
