//! Scenarios saved on the server for signed-in users (`/api/v1/scenarios`). The browser keeps its
//! own copy too (`simulation::ScenarioBook`), so a scenario saved offline is not lost; the server
//! copy follows the user to another browser.

use gloo_net::http::Method;
use serde::{Deserialize, Serialize};

use super::send::{Answer, get, send};
use crate::simulation::encode_query_value;

/// A scenario as the server keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ServerScenario {
    pub id: String,
    pub name: String,
    pub code: String,
}

#[derive(Deserialize)]
struct List {
    scenarios: Vec<ServerScenario>,
}

#[derive(Serialize)]
struct Input<'a> {
    period_id: &'a str,
    unit_code: &'a str,
    name: &'a str,
    code: &'a str,
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
        Ok(answer) if answer.ok() => serde_json::from_str::<List>(&answer.text)
            .map(|list| list.scenarios)
            .map_err(|error| error.to_string()),
        other => Err(failure(other)),
    }
}

/// Saves (or replaces, by name) a scenario.
///
/// # Errors
/// The server's message (e.g. a value the rubric refuses) or the network error.
pub async fn save(period_id: &str, unit_code: &str, name: &str, code: &str) -> Result<ServerScenario, String> {
    let body = serde_json::to_string(&Input { period_id, unit_code, name, code }).unwrap_or_default();
    match send(Method::PUT, "/api/v1/scenarios", Some(&body), None).await {
        Ok(answer) if answer.ok() => serde_json::from_str(&answer.text).map_err(|error| error.to_string()),
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
