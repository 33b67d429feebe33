//! Scenarios saved on the server for signed-in users (`/api/v1/scenarios`). The browser keeps its
//! own copy too (`simulation::ScenarioBook`), so a scenario saved offline is not lost; the server
//! copy follows the user to another browser.

use gloo_net::http::Method;

use super::json::{self, ToJson};
use super::send::{Answer, get, send};
use crate::simulation::encode_query_value;

/// A scenario as the server keeps it.
pub use contract::Scenario as ServerScenario;

/// `{"scenarios":[…]}`.
fn read_list(text: &str) -> Result<Vec<ServerScenario>, String> {
    json::from_str::<contract::Scenarios>(text).map(|list| list.scenarios).map_err(|error| error.message())
}

fn input_body(period_id: &str, unit_code: &str, name: &str, code: &str) -> String {
    contract::mentoring::ScenarioSave {
        period_id: period_id.to_owned(),
        unit_code: unit_code.to_owned(),
        name: name.to_owned(),
        code: code.to_owned(),
    }
    .to_json()
}

/// Why the server did not do it: its own message (Indonesian), or the browser's network error.
fn failure(answer: Result<Answer, String>) -> String {
    match answer {
        Ok(answer) => {
            let error = answer.error();
            if error.message.is_empty() { error.code } else { error.message }
        }
        Err(network) => network,
    }
}

/// The signed-in user's scenarios for a unit and period.
///
/// # Errors
/// The server's message or the network error.
pub async fn list(period_id: &str, unit_code: &str) -> Result<Vec<ServerScenario>, String> {
    let url = format!(
        "/api/v1/scenarios?period_id={}&unit_code={}",
        encode_query_value(period_id),
        encode_query_value(unit_code)
    );
    match get(&url).await {
        Ok(answer) if answer.ok() => read_list(&answer.text),
        other => Err(failure(other)),
    }
}

/// Saves (or replaces, by name) a scenario.
///
/// # Errors
/// The server's message (e.g. a value the rubric refuses) or the network error.
pub async fn save(period_id: &str, unit_code: &str, name: &str, code: &str) -> Result<ServerScenario, String> {
    let body = input_body(period_id, unit_code, name, code);
    match send(Method::PUT, "/api/v1/scenarios", Some(&body), None).await {
        Ok(answer) if answer.ok() => json::from_str(&answer.text).map_err(|error| error.message()),
        other => Err(failure(other)),
    }
}

/// Deletes a saved scenario (a 404, already deleted, counts as done).
///
/// # Errors
/// The server's message or the network error.
pub async fn delete(scenario_id: &str) -> Result<(), String> {
    let url = format!("/api/v1/scenarios/{}", encode_query_value(scenario_id));
    match send(Method::DELETE, &url, None, None).await {
        Ok(answer) if answer.ok() || answer.status == 404 => Ok(()),
        other => Err(failure(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_and_the_body_keep_the_servers_shape() {
        let list = read_list(
            r#"{"scenarios":[{"id":"sc_1","name":"Skenario 1","code":"IKM:90","period_id":"p","unit_code":"u","updated_at":"x"}]}"#,
        );
        assert_eq!(
            list,
            Ok(vec![ServerScenario {
                id: "sc_1".into(),
                period_id: "p".into(),
                unit_code: "u".into(),
                name: "Skenario 1".into(),
                code: "IKM:90".into(),
                updated_at: "x".into(),
            }])
        );
        assert!(read_list("{}").is_err());
        assert_eq!(
            input_body("2023-annual", "kota-batu", "A \"b\"", "IKM:90"),
            r#"{"period_id":"2023-annual","unit_code":"kota-batu","name":"A \"b\"","code":"IKM:90"}"#
        );
    }
}
