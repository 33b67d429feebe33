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
    /// The document's `id` (`cettar-2023-kabkota`, `sistem-kerja-2024`), shared by its versions.
    #[serde(default)]
    pub rubric_id: Option<String>,
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

/// One group of the unit choice: a population's names and its active units `(code, name)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitGroup {
    pub name: String,
    pub name_en: String,
    pub units: Vec<(String, String)>,
}

/// One unit of `GET /units`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct UnitItem {
    pub code: String,
    pub name: String,
    pub population: String,
}

/// Every active unit (`GET /units`, the province's own included) grouped by population, for
/// choosing a unit admin's unit.
pub async fn unit_catalog() -> Vec<UnitGroup> {
    let units: Vec<UnitItem> = load("/api/v1/units", Lang::Id).await.unwrap_or_default();
    let populations = super::periods::fetch_populations().await.map(|(list, _)| list).unwrap_or_default();
    group_units(units, &populations)
}

/// Groups units listed population after population (the server's order) under their
/// population's names (its code when it is unknown).
fn group_units(units: Vec<UnitItem>, populations: &[super::periods::Population]) -> Vec<UnitGroup> {
    let mut groups: Vec<(String, UnitGroup)> = Vec::new();
    for unit in units {
        if groups.last().is_none_or(|(code, _)| *code != unit.population) {
            let known = populations.iter().find(|population| population.code == unit.population);
            let (name, name_en) = known.map_or_else(
                || (unit.population.clone(), unit.population.clone()),
                |population| (population.name.clone(), population.name_en.clone()),
            );
            groups.push((unit.population.clone(), UnitGroup { name, name_en, units: Vec::new() }));
        }
        if let Some((_, group)) = groups.last_mut() {
            group.units.push((unit.code, unit.name));
        }
    }
    groups.into_iter().map(|(_, group)| group).collect()
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
    fn units_are_grouped_by_population_in_the_servers_order() {
        let unit = |code: &str, population: &str| UnitItem {
            code: code.into(),
            name: code.to_uppercase(),
            population: population.into(),
        };
        let populations = [super::super::periods::Population {
            code: "provinsi".into(),
            name: "Pemerintah Provinsi".into(),
            name_en: "Provincial government".into(),
        }];
        let groups = group_units(
            vec![unit("dinas-a", "opd"), unit("dinas-b", "opd"), unit("provinsi-jawa-timur", "provinsi")],
            &populations,
        );
        assert_eq!(groups.len(), 2);
        assert_eq!((groups[0].name.as_str(), groups[0].units.len()), ("opd", 2), "an unknown population is named by its code");
        assert_eq!(groups[1].name, "Pemerintah Provinsi");
        assert_eq!(groups[1].units, vec![("provinsi-jawa-timur".to_owned(), "PROVINSI-JAWA-TIMUR".to_owned())]);
        assert!(group_units(Vec::new(), &populations).is_empty());
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
