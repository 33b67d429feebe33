//! The agreement generator produces valid, varied requests (checked natively).
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/agreement_generator.rs"]
mod agreement_generator;

#[test]
fn generated_requests_are_valid_and_deterministic() {
    let cases = agreement_generator::cases(1000);
    assert_eq!(cases, agreement_generator::cases(1000), "same seed, same cases");
    let mut incomplete = 0;
    let mut grades = std::collections::BTreeSet::new();
    for request in &cases {
        let response = engine::wire::score_request(request)
            .unwrap_or_else(|errors| panic!("generated request rejected: {errors:?}\n{request}"));
        if !response.complete {
            incomplete += 1;
        }
        grades.insert(response.grade.clone());
        // The response survives a round trip through its serde types byte for byte.
        let text = engine::wire::to_json(&response);
        let again: engine::wire::ScoreResponse = serde_json::from_str(&text).expect("response reads back");
        assert_eq!(engine::wire::to_json(&again), text);
    }
    assert!(incomplete > 50, "cases exercise missing values");
    assert!(grades.len() >= 4, "cases cover several grades: {grades:?}");
}
