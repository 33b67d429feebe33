//! A rubric may name its own grade categories (`grade_labels`); CETTAR's stay the default.

use engine::{Grade, Rubric};

const BASE: &str = r#"{"schema":"sibekisar.rubric/v1","id":"demo","name":"Demo",LABELS
  "spirits":[{"code":"C","name":"Cepat","weight":100}],
  "indicators":[{"code":"IKM","name":"IKM","spirit":"C","weight":1,"rule":{"kind":"scale","min":0,"max":100}}]}"#;

fn rubric_with(labels: &str) -> Result<Rubric, Vec<(String, String)>> {
    Rubric::parse_json(&BASE.replace("LABELS", labels)).map_err(|errors| {
        errors.problems().iter().map(|problem| (problem.field.clone(), problem.kind.code().to_owned())).collect()
    })
}

fn check(labels: &str, expected: Result<[&str; 5], &[(&str, &str)]>) {
    let found = rubric_with(labels).map(|rubric| Grade::ALL.map(|grade| rubric.grade_label(grade).to_owned()));
    match expected {
        Ok(names) => assert_eq!(found.expect(labels), names.map(str::to_owned), "{labels}"),
        Err(problems) => {
            let problems: Vec<(String, String)> =
                problems.iter().map(|(field, code)| ((*field).to_owned(), (*code).to_owned())).collect();
            assert_eq!(found.expect_err(labels), problems, "{labels}");
        }
    }
}

#[test]
fn grade_labels_are_the_rubrics_own_or_cettars() {
    check("", Ok(["Sangat Cettar", "Cettar", "Cukup Cettar", "Kurang Cettar", "Tidak Cettar"]));
    check(
        r#""grade_labels":{"A":"Sangat efektif","B":"Efektif","C":"Cukup efektif","D":"Kurang efektif","E":"Tidak efektif"},"#,
        Ok(["Sangat efektif", "Efektif", "Cukup efektif", "Kurang efektif", "Tidak efektif"]),
    );
    check(r#""grade_labels":{"A":"a","B":"b","C":"c","D":"d"},"#, Err(&[("grade_labels.E", "missing_field")]));
    check(
        r#""grade_labels":{"A":"a","B":"b","C":"c","D":"d","E":"e","F":"f"},"#,
        Err(&[("grade_labels.F", "unknown_field")]),
    );
    check(r#""grade_labels":["a"],"#, Err(&[("grade_labels", "wrong_type")]));
}

#[test]
fn the_score_answer_names_the_grade_with_the_rubrics_label() {
    let labels = r#""grade_labels":{"A":"Sangat efektif","B":"Efektif","C":"Cukup efektif","D":"Kurang efektif","E":"Tidak efektif"},"#;
    let rubric = BASE.replace("LABELS", labels);
    let answer =
        engine::wire::score_request(&format!(r#"{{"rubric":{rubric},"values":{{"IKM":90}}}}"#)).expect("valid");
    assert_eq!((answer.grade.as_str(), answer.category.as_str()), ("A", "Sangat efektif"));
    let plain = BASE.replace("LABELS", "");
    let answer = engine::wire::score_request(&format!(r#"{{"rubric":{plain},"values":{{"IKM":90}}}}"#)).expect("valid");
    assert_eq!(answer.category, "Sangat Cettar");
}
