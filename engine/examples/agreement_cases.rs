//! Prints 1,000 deterministic score requests with their native responses, one JSON line each:
//! `{"request": <score request>, "response": <serialized response>}`.
//!
//! `cargo run -p engine --example agreement_cases > cases.jsonl`; the wasm test
//! `tests/wasm_agreement.rs` reads the file through `SIBEKISAR_AGREEMENT_CASES` and asserts that
//! the engine compiled to wasm answers every request with the same bytes.

#[path = "../tests/support/agreement_generator.rs"]
mod agreement_generator;

use std::io::Write;

fn main() {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for request in agreement_generator::cases(1000) {
        let response = match engine::wire::score_request(&request) {
            Ok(response) => engine::wire::to_json(&response),
            Err(errors) => engine::wire::to_json(&errors),
        };
        if writeln!(out, r#"{{"request":{request},"response":{response}}}"#).is_err() {
            std::process::exit(1);
        }
    }
}
