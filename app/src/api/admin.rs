//! The administrator's calls: accounts, API tokens and the security log (`/api/v1/admin/*`,
//! `server/src/auth/routes.rs`), periods and rubric versions (`server/src/routes/periods_admin.rs`).
//!
//! Writes go through [`super::send::send`] (CSRF header). Reads are never taken from the offline
//! copy: an administrator must see the server's current state.

use std::collections::BTreeMap;

use gloo_net::http::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::send::{Answer, get, send};
use crate::auth::UserScope;
use crate::i18n::Lang;
use crate::simulation::encode_query_value;

/// One account as `GET /admin/users` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct AdminUser {
    pub username: String,
    pub display_name: String,
    pub role: String,
    #[serde(default)]
    pub scope: UserScope,
    pub active: bool,
    /// False until the person has used their set-up link.
    #[serde(default)]
    pub has_password: bool,
}

#[derive(Deserialize)]
pub struct Users {
    pub users: Vec<AdminUser>,
}

/// A one-time set-up (or reset) link: the app path, the full address when the server knows it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct SetupLink {
    pub path: String,
    #[serde(default)]
    pub url: Option<String>,
    pub expires_at: String,
}

/// The answer of `POST /admin/users`.
#[derive(Deserialize)]
pub struct CreatedUser {
    pub setup_link: SetupLink,
}

/// The body of `POST /admin/users` (with `username`) and `PATCH /admin/users/{username}`
/// (without `username`, with `active`); the server refuses unknown fields.
#[derive(Serialize)]
pub struct UserChange<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<&'a str>,
    pub role: &'a str,
    pub scope: UserScope,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

/// One API token (`GET /admin/tokens`); the secret is never listed.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    pub indicator_codes: Vec<String>,
    pub created_by: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

#[derive(Deserialize)]
pub struct Tokens {
    pub tokens: Vec<ApiToken>,
}

/// The answer of `POST /admin/tokens`: the only time the secret is shown.
#[derive(Deserialize)]
pub struct CreatedToken {
    pub secret: String,
}

#[derive(Serialize)]
pub struct NewToken<'a> {
    pub name: &'a str,
    pub indicator_codes: &'a [String],
}

/// One row of the security audit, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct SecurityEvent {
    pub id: i64,
    pub occurred_at: String,
    pub event: String,
    pub actor: Option<String>,
    pub subject: Option<String>,
    pub ip: Option<String>,
    pub detail: Option<String>,
}

/// A page of the security audit; `next_before` is set when older events remain.
#[derive(Deserialize)]
pub struct AuditPage {
    pub events: Vec<SecurityEvent>,
    pub next_before: Option<i64>,
}

/// A stored rubric version (`GET /rubrics`), newest first.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct RubricVersion {
    pub id: String,
    pub version: i64,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub year: Option<i64>,
    #[serde(default)]
    pub population: Option<String>,
    pub created_at: String,
}

/// The answer of `POST /rubrics`.
#[derive(Deserialize)]
pub struct StoredRubric {
    pub id: String,
    pub created: bool,
}

#[derive(Serialize)]
pub struct NewPeriod<'a> {
    pub year: i64,
    pub kind: &'a str,
    pub bindings: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
pub struct NewState<'a> {
    pub state: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'a str>,
}

/// One problem of a refused request: the field's JSON path (when the server names one) and the
/// message (Indonesian, from the server).
pub type Problem = (Option<String>, String);

/// `GET` a JSON answer from the server itself (never the offline copy).
///
/// # Errors
/// Every problem, as [`refusal`] tells it.
pub async fn load<T: DeserializeOwned>(url: &str, lang: Lang) -> Result<T, Vec<Problem>> {
    let answer = get(url).await;
    match &answer {
        Ok(ok) if ok.ok() => serde_json::from_str(&ok.text).map_err(|error| vec![(None, error.to_string())]),
        _ => Err(refusal(&answer, lang)),
    }
}

/// Sends a write with a JSON body (or none).
///
/// # Errors
/// The browser's message when no answer came.
pub async fn write<B: Serialize>(method: Method, url: &str, body: Option<&B>) -> Result<Answer, String> {
    let text = body.map(|body| serde_json::to_string(body).unwrap_or_default());
    send(method, url, text.as_deref(), None).await
}

/// Reads a 2xx answer's body; anything else is the list of problems.
///
/// # Errors
/// As [`refusal`].
pub fn accepted<T: DeserializeOwned>(answer: &Result<Answer, String>, lang: Lang) -> Result<T, Vec<Problem>> {
    match answer {
        Ok(ok) if ok.ok() => serde_json::from_str(&ok.text).map_err(|error| vec![(None, error.to_string())]),
        _ => Err(refusal(answer, lang)),
    }
}

/// Why a request failed: every problem the server listed with its field path (a broken rubric
/// has one per mistake), else its one message, else the status; no answer is the network message.
pub fn refusal(answer: &Result<Answer, String>, lang: Lang) -> Vec<Problem> {
    #[derive(Deserialize)]
    struct Body {
        error: Detail,
    }
    #[derive(Deserialize)]
    struct Detail {
        #[serde(default)]
        message: String,
        #[serde(default)]
        problems: Vec<Item>,
    }
    #[derive(Deserialize)]
    struct Item {
        message: String,
        #[serde(default)]
        field: Option<String>,
    }
    let answer = match answer {
        Ok(answer) => answer,
        Err(_) => return vec![(None, crate::auth::LoginFailure::Network.message(lang))],
    };
    match serde_json::from_str::<Body>(&answer.text) {
        Ok(body) if !body.error.problems.is_empty() => {
            body.error.problems.into_iter().map(|item| (item.field.filter(|f| !f.is_empty()), item.message)).collect()
        }
        Ok(body) if !body.error.message.is_empty() => vec![(None, body.error.message)],
        _ => vec![(None, format!("HTTP {}", answer.status))],
    }
}

pub fn user_url(username: &str) -> String {
    format!("/api/v1/admin/users/{}", encode_query_value(username))
}

/// The indicators of every stored rubric version (code → name), for choosing an owner's or a
/// token's scope. A version that cannot be read is skipped.
pub async fn indicator_catalog() -> BTreeMap<String, String> {
    let mut catalog = BTreeMap::new();
    let versions: Vec<RubricVersion> = load("/api/v1/rubrics", Lang::Id).await.unwrap_or_default();
    for version in versions {
        let url = format!("/api/v1/rubrics/{}", encode_query_value(&version.id));
        if let Ok(answer) = get(&url).await
            && let Ok(rubric) = crate::rubric::RubricFile::parse(&answer.text)
        {
            for indicator in rubric.indicators {
                catalog.entry(indicator.code).or_insert(indicator.name);
            }
        }
    }
    catalog
}

/// Every unit (code, name) of the newest period, for choosing a unit admin's unit.
pub async fn unit_catalog() -> Vec<(String, String)> {
    let Ok(periods) = super::entries::fetch_periods().await else { return Vec::new() };
    let Some(period) = periods.last() else { return Vec::new() };
    let populations = super::periods::fetch_populations().await.map(|(list, _)| list).unwrap_or_default();
    let mut units = Vec::new();
    let scored = |code: &str| period.populations.as_ref().is_none_or(|codes| codes.iter().any(|c| c == code));
    for population in populations.into_iter().filter(|population| scored(&population.code)) {
        if let Ok((page, _)) = super::entries::fetch_entries(&period.id, &population.code).await {
            units.extend(page.units.into_iter().map(|unit| (unit.code, unit.name)));
        }
    }
    units.sort_by(|a, b| a.1.cmp(&b.1));
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, text: &str) -> Result<Answer, String> {
        Ok(Answer { status, text: text.into(), retry_after_seconds: None })
    }

    #[test]
    fn every_problem_of_a_refused_rubric_is_listed_with_its_path() {
        let text = r#"{"error":{"code":"invalid_request","message":"Permintaan tidak valid: ada 2 masalah.","field":null,
            "problems":[{"code":"missing_field","message":"kolom wajib tidak ada","field":"indicators[0].weight"},
                        {"code":"x","message":"skema salah","field":""}]}}"#;
        assert_eq!(
            refusal(&answer(422, text), Lang::Id),
            vec![(Some("indicators[0].weight".into()), "kolom wajib tidak ada".into()), (None, "skema salah".into())]
        );
        let one = r#"{"error":{"code":"last_admin","message":"Harus ada setidaknya satu administrator aktif.","problems":[]}}"#;
        assert_eq!(refusal(&answer(422, one), Lang::Id), vec![(None, "Harus ada setidaknya satu administrator aktif.".into())]);
        assert_eq!(refusal(&answer(502, "<html>"), Lang::Id), vec![(None, "HTTP 502".into())]);
        assert_eq!(refusal(&Err("offline".into()), Lang::Id).len(), 1);
    }

    #[test]
    fn a_new_user_body_has_only_the_fields_the_server_reads() {
        let scope = UserScope { unit_code: None, indicator_codes: vec!["SAKIP".into()] };
        let body = UserChange { username: Some("budi"), display_name: None, role: "owner", scope, active: None };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"username":"budi","role":"owner","scope":{"unit_code":null,"indicator_codes":["SAKIP"]}}"#
        );
    }
}
