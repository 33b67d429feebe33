//! Table tests: scoring rules, rounding, parse errors and ranking, each through one `check` helper.
#![cfg(not(target_arch = "wasm32"))]

use engine::wire::{score_batch_request, score_request};

/// Six one-indicator spirits weighted 20/20/15/5/25/15 with the given rule and rounding.
fn six_spirit_request(rounding: &str, values: &[(&str, &str)]) -> String {
    let spirits = [("C", 20), ("E", 20), ("T", 15), ("TR", 5), ("A", 25), ("R", 15)];
    let spirit_json: Vec<String> =
        spirits.iter().map(|(c, w)| format!(r#"{{"code":"{c}","name":"{c}","weight":{w}}}"#)).collect();
    let indicator_json: Vec<String> = spirits
        .iter()
        .map(|(c, _)| {
            format!(r#"{{"code":"X_{c}","name":"X {c}","spirit":"{c}","weight":1,"rule":{{"kind":"scale","min":0,"max":100}}}}"#)
        })
        .collect();
    let value_json: Vec<String> = values.iter().map(|(c, v)| format!(r#""X_{c}":{v}"#)).collect();
    format!(
        r#"{{"rubric":{{"schema":"sibekisar.rubric/v1","id":"t","name":"T"{rounding},"spirits":[{}],"indicators":[{}]}},"values":{{{}}}}}"#,
        spirit_json.join(","),
        indicator_json.join(","),
        value_json.join(",")
    )
}

/// Scores a request and compares `total grade` (or the first error `code@field`).
fn check(request: &str, expected: &str) {
    let got = match score_request(request) {
        Ok(response) => format!("{} {}", response.total.as_str(), response.grade),
        Err(errors) => errors.iter().map(|e| format!("{}@{}", e.code, e.field)).collect::<Vec<_>>().join(" "),
    };
    assert_eq!(got, expected, "request: {request}");
}

fn all_81_but_akuntabel(akuntabel: &str) -> Vec<(&'static str, String)> {
    ["C", "E", "T", "TR", "A", "R"]
        .iter()
        .map(|&c| (c, if c == "A" { akuntabel.to_string() } else { "81".into() }))
        .collect()
}

fn values_ref<'a>(values: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    values.iter().map(|(c, v)| (*c, v.as_str())).collect()
}

#[test]
fn per_spirit_rounding_decides_the_grade() {
    // Akuntabel 80.98 contributes 20.245 -> 20.25, total 81.00 -> A.
    check(&six_spirit_request("", &values_ref(&all_81_but_akuntabel("80.98"))), "81.00 A");
    // Akuntabel 80.94 contributes 20.235 -> 20.24, total 80.99 -> B.
    check(&six_spirit_request("", &values_ref(&all_81_but_akuntabel("80.94"))), "80.99 B");
    check(&six_spirit_request(r#","rounding":"spirit""#, &values_ref(&all_81_but_akuntabel("80.98"))), "81.00 A");
}

#[test]
fn total_rounding_rounds_once() {
    // Exact total 80.995 -> 81.00 with one rounding; per spirit it is 81.00 too (20.245 -> 20.25).
    check(&six_spirit_request(r#","rounding":"total""#, &values_ref(&all_81_but_akuntabel("80.98"))), "81.00 A");
    // Two spirits ending in .xx5 each: per spirit both round up, once they add to an exact cent.
    // C: 20 × 80.025/100 = 16.005 -> 16.01; E: 20 × 80.025/100 = 16.005 -> 16.01.
    let values = [("C", "80.025"), ("E", "80.025"), ("T", "0"), ("TR", "0"), ("A", "0"), ("R", "0")];
    check(&six_spirit_request("", &values), "32.02 D");
    check(&six_spirit_request(r#","rounding":"total""#, &values), "32.01 D");
}

#[test]
fn missing_values_count_as_zero_and_give_a_range() {
    let request = six_spirit_request("", &[("C", "100")]);
    let response = score_request(&request).unwrap();
    assert_eq!(response.total.as_str(), "20.00");
    assert!(!response.complete);
    assert_eq!(response.missing, ["X_E", "X_T", "X_TR", "X_A", "X_R"]);
    assert_eq!((response.range.min.as_str(), response.range.max.as_str()), ("20.00", "100.00"));
}

fn one_indicator_request(rule: &str, value: &str) -> String {
    format!(
        r#"{{"rubric":{{"schema":"sibekisar.rubric/v1","id":"t","name":"T","spirits":[{{"code":"C","name":"C","weight":100}}],
        "indicators":[{{"code":"X","name":"X","spirit":"C","weight":1,"rule":{rule}}}]}},"values":{{"X":{value}}}}}"#
    )
}

#[test]
fn each_rule_kind_scores_as_documented() {
    let scale = r#"{"kind":"scale","min":0,"max":5}"#;
    check(&one_indicator_request(scale, "3.37"), "67.40 B");
    check(&one_indicator_request(scale, "5"), "100.00 A");
    let target = r#"{"kind":"scale","min":0,"max":400,"target":320}"#;
    check(&one_indicator_request(target, "320"), "100.00 A");
    check(&one_indicator_request(target, "400"), "100.00 A");
    check(&one_indicator_request(target, "160"), "50.00 C");
    let lower = r#"{"kind":"scale","min":1,"max":11,"direction":"lower"}"#;
    check(&one_indicator_request(lower, "11"), "0.00 E");
    check(&one_indicator_request(lower, "3"), "80.00 B");
    check(&one_indicator_request(lower, "1"), "100.00 A");
    let lower_target = r#"{"kind":"scale","min":0,"max":30,"target":10,"direction":"lower"}"#;
    check(&one_indicator_request(lower_target, "5"), "100.00 A");
    check(&one_indicator_request(lower_target, "20"), "50.00 C");
    let thirds = r#"{"kind":"scale","min":0,"max":3}"#;
    check(&one_indicator_request(thirds, "1"), "33.33 D");
    check(&one_indicator_request(thirds, "2"), "66.67 B");
    let category = r#"{"kind":"category","points":{"WTP":100,"WDP":70,"TW":30,"TMP":0}}"#;
    check(&one_indicator_request(category, r#""WDP""#), "70.00 B");
    check(&one_indicator_request(category, r#""TMP""#), "0.00 E");
    check(&one_indicator_request(category, r#""XYZ""#), "unknown_label@values.X");
    check(&one_indicator_request(category, "70"), "wrong_value_type@values.X");
    check(&one_indicator_request(r#"{"kind":"boolean"}"#, "true"), "100.00 A");
    check(&one_indicator_request(r#"{"kind":"boolean"}"#, "false"), "0.00 E");
    check(&one_indicator_request(r#"{"kind":"boolean"}"#, r#""ya""#), "wrong_value_type@values.X");
    check(&one_indicator_request(scale, "5.01"), "indicator_out_of_range@values.X");
    check(&one_indicator_request(scale, "-1"), "indicator_out_of_range@values.X");
    check(&one_indicator_request(scale, r#""3""#), "wrong_value_type@values.X");
    check(&one_indicator_request(scale, "3.1234567"), "too_many_decimals@values.X");
    check(&one_indicator_request(scale, "null"), "0.00 E");
    check(&one_indicator_request(scale, "[1]"), "wrong_type@values.X");
}

#[test]
fn value_problems_are_all_reported_with_paths() {
    let request = r#"{"rubric":{"schema":"sibekisar.rubric/v1","id":"t","name":"T","spirits":[{"code":"C","name":"C","weight":100}],
      "indicators":[{"code":"X","name":"X","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":100}}]},
      "values":{"X":101,"IPASN":5,"X":3}}"#;
    check(request, "indicator_out_of_range@values.X unknown_indicator@values.IPASN duplicate_field@values.X");
    check("{", "invalid_json@");
    check(r#"{"values":{}}"#, "missing_field@rubric");
    check(
        r#"{"rubric":{},"values":{},"extra":1}"#,
        "unknown_field@extra missing_field@rubric.schema missing_field@rubric.id missing_field@rubric.name missing_field@rubric.spirits missing_field@rubric.indicators",
    );
}

/// Parses a rubric text with the given replacement applied and lists `code@field` problems.
fn check_rubric(replace_from: &str, replace_to: &str, expected: &str) {
    let base = r#"{"schema":"sibekisar.rubric/v1","id":"t","name":"T",
      "spirits":[{"code":"C","name":"Cepat","weight":40},{"code":"A","name":"Akuntabel","weight":60}],
      "indicators":[
        {"code":"IKM","name":"IKM","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":100}},
        {"code":"BPK","name":"Opini BPK","spirit":"A","weight":2,"rule":{"kind":"category","points":{"WTP":100,"WDP":70}}},
        {"code":"ZI","name":"ZI","spirit":"A","weight":1,"rule":{"kind":"boolean"}}]}"#;
    assert!(base.contains(replace_from), "replacement {replace_from:?} must apply");
    let text = base.replacen(replace_from, replace_to, 1);
    let got = match engine::wire::parse_rubric(&text) {
        Ok(_) => "ok".to_string(),
        Err(errors) => errors.iter().map(|e| format!("{}@{}", e.code, e.field)).collect::<Vec<_>>().join(" "),
    };
    assert_eq!(got, expected, "rubric: {text}");
}

#[test]
fn every_rubric_problem_is_reported_with_its_path() {
    check_rubric("", "", "ok");
    check_rubric("sibekisar.rubric/v1", "sibekisar.rubric/v2", "unknown_schema@schema");
    check_rubric(r#""weight":40"#, r#""weight":30"#, "weights_do_not_sum_to_100@spirits");
    check_rubric(
        r#""code":"A""#,
        r#""code":"C""#,
        "duplicate_spirit_code@spirits[1].code unknown_spirit@indicators[1].spirit unknown_spirit@indicators[2].spirit",
    );
    check_rubric(r#""code":"ZI""#, r#""code":"IKM""#, "duplicate_indicator_code@indicators[2].code");
    check_rubric(r#""spirit":"A","weight":1"#, r#""spirit":"R","weight":1"#, "unknown_spirit@indicators[2].spirit");
    check_rubric(r#""spirit":"C""#, r#""spirit":"A""#, "spirit_without_indicator@spirits[0]");
    check_rubric(r#""weight":2"#, r#""weight":0"#, "non_positive_weight@indicators[1].weight");
    check_rubric(r#""weight":2"#, r#""weight":-2"#, "non_positive_weight@indicators[1].weight");
    check_rubric(r#""max":100"#, r#""max":0"#, "min_not_below_max@indicators[0].rule.max");
    check_rubric(r#""max":100"#, r#""max":100,"target":120"#, "target_outside_range@indicators[0].rule.target");
    check_rubric(r#""max":100"#, r#""max":100,"target":0"#, "target_outside_range@indicators[0].rule.target");
    check_rubric(r#""max":100"#, r#""max":100,"direction":"up""#, "unknown_direction@indicators[0].rule.direction");
    check_rubric(r#""WDP":70"#, r#""WDP":170"#, "points_out_of_range@indicators[1].rule.points.WDP");
    check_rubric(r#"{"WTP":100,"WDP":70}"#, "{}", "empty_category@indicators[1].rule.points");
    check_rubric(r#""kind":"boolean""#, r#""kind":"yesno""#, "unknown_rule_kind@indicators[2].rule.kind");
    check_rubric(r#""weight":2"#, r#""weight":2.0000001"#, "too_many_decimals@indicators[1].weight");
    check_rubric(
        r#""weight":2"#,
        r#""wieght":2"#,
        "unknown_field@indicators[1].wieght missing_field@indicators[1].weight",
    );
    check_rubric(r#""name":"T""#, r#""name":"T","rounding":"cents""#, "unknown_rounding@rounding");
    check_rubric(r#""code":"IKM""#, r#""code":"I K M""#, "invalid_code@indicators[0].code");
    check_rubric(r#""name":"IKM""#, r#""name":"  ""#, "empty_text@indicators[0].name");
    check_rubric(r#""name":"IKM""#, r#""name":5"#, "wrong_type@indicators[0].name");
    // Several problems at once, in document order.
    check_rubric(
        r#"{"code":"ZI","name":"ZI","spirit":"A","weight":1,"rule":{"kind":"boolean"}}"#,
        r#"{"code":"ZI","name":"","spirit":"B","weight":0,"rule":{"kind":"boolean","x":1}}"#,
        "empty_text@indicators[2].name unknown_spirit@indicators[2].spirit non_positive_weight@indicators[2].weight unknown_field@indicators[2].rule.x",
    );
}

#[test]
fn points_mode_rubrics_score_with_the_same_formula() {
    // 2024 style: each spirit's weight equals the sum of its indicators' points.
    let request = r#"{"rubric":{"schema":"sibekisar.rubric/v1","id":"p","name":"P",
      "spirits":[{"code":"C","name":"C","weight":30},{"code":"A","name":"A","weight":70}],
      "indicators":[{"code":"X","name":"X","spirit":"C","weight":10,"rule":{"kind":"scale","min":0,"max":100}},
                    {"code":"Y","name":"Y","spirit":"C","weight":20,"rule":{"kind":"scale","min":0,"max":100}},
                    {"code":"Z","name":"Z","spirit":"A","weight":70,"rule":{"kind":"scale","min":0,"max":100}}]},
      "values":{"X":50,"Y":100,"Z":90}}"#;
    // 10×0.5 + 20×1 + 70×0.9 = 5 + 20 + 63 = 88.
    check(request, "88.00 A");
}

#[test]
fn ranking_is_standard_competition_with_ties_by_name() {
    let request = r#"{"rubric":{"schema":"sibekisar.rubric/v1","id":"t","name":"T","spirits":[{"code":"C","name":"C","weight":100}],
      "indicators":[{"code":"X","name":"X","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":100}}]},
      "units":[{"unit":"Kota Malang","values":{"X":70}},{"unit":"Kab. Gresik","values":{"X":80}},
               {"unit":"Kab. Blitar","values":{"X":80}},{"unit":"Kota Batu","values":{"X":90}},
               {"unit":"Kab. Ngawi","values":{"X":"a"}}]}"#;
    let errors = score_batch_request(request).unwrap_err();
    assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["units[4].values.X"]);
    let response = score_batch_request(&request.replace(r#"{"X":"a"}"#, r#"{"X":70}"#)).unwrap();
    let order: Vec<(usize, &str)> = response.units.iter().map(|u| (u.rank, u.unit.as_str())).collect();
    assert_eq!(
        order,
        [(1, "Kota Batu"), (2, "Kab. Blitar"), (2, "Kab. Gresik"), (4, "Kab. Ngawi"), (4, "Kota Malang")]
    );
}

#[test]
fn responses_serialize_totals_with_two_decimals() {
    let response = score_request(&one_indicator_request(r#"{"kind":"scale","min":0,"max":3}"#, "1")).unwrap();
    let text = engine::wire::to_json(&response);
    assert!(text.starts_with(r#"{"total":33.33,"grade":"D","category":"Kurang Cettar","complete":true,"missing":[],"range":{"min":33.33,"max":33.33},"spirits":[{"code":"C","score":33.3333,"weight":100,"contribution":33.33}],"indicators":[{"code":"X","value":1,"score":33.3333,"points":33.3333,"missing":false}]}"#), "{text}");
    let full = score_request(&one_indicator_request(r#"{"kind":"boolean"}"#, "true")).unwrap();
    assert!(engine::wire::to_json(&full).starts_with(r#"{"total":100.00,"#));
}
