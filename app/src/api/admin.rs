//! The administrator's calls: accounts, API tokens and the security log (`/api/v1/admin/*`,
//! `server/src/auth/routes.rs`), periods and rubric versions (`server/src/routes/periods_admin.rs`).
//!
//! Writes go through [`super::send::send`] (CSRF header). Reads are never taken from the offline
//! copy: an administrator must see the server's current state.

use std::collections::BTreeMap;

use gloo_net::http::Method;

use super::json::{self, Fields, FromJson, Json, ShapeError, ToJson};
use super::send::{Answer, get, send};
use crate::i18n::{Lang, Msg, t};
use crate::simulation::encode_query_value;

pub use contract::auth::{
    AccountChange, ApiToken, ApiTokens, AuditPage, CreatedAccount, CreatedToken, NewAccount, NewToken, SecurityEvent,
    SetupLink,
};
pub use contract::periods::{NewPeriod, PeriodStateChange, RubricVersion, StoredRubric};
pub use contract::{Account, Accounts};

/// Stores a rubric version (`POST /rubrics`, the JSON text as written): the message to show
/// (stored, or already stored under that id), or the server's problems.
///
/// # Errors
/// The problems the server found, or the network failure as one problem.
pub async fn store_rubric(text: &str, lang: Lang) -> Result<String, Vec<Problem>> {
    let answer = send(Method::POST, "/api/v1/rubrics", Some(text), None).await;
    accepted::<StoredRubric>(&answer, lang).map(|stored| {
        let message = if stored.created { Msg::AdminRubricStored } else { Msg::AdminRubricExists };
        format!("{} {}", t(lang, message), stored.id)
    })
}

/// One problem of a refused request: the field's JSON path (when the server names one) and the
/// message (Indonesian, from the server).
pub type Problem = (Option<String>, String);

/// `GET` a JSON answer from the server itself (never the offline copy).
///
/// # Errors
/// Every problem, as [`refusal`] tells it.
pub async fn load<T: FromJson>(url: &str, lang: Lang) -> Result<T, Vec<Problem>> {
    accepted(&get(url).await, lang)
}

/// Sends a write with a JSON body (or none).
///
/// # Errors
/// The browser's message when no answer came.
pub async fn write<B: ToJson>(method: Method, url: &str, body: Option<&B>) -> Result<Answer, String> {
    send_text(method, url, body.map(ToJson::to_json)).await
}

/// [`write`] once the body is text (one copy of the request code for every body type).
async fn send_text(method: Method, url: &str, body: Option<String>) -> Result<Answer, String> {
    send(method, url, body.as_deref(), None).await
}

/// Reads a 2xx answer's body; anything else is the list of problems.
///
/// # Errors
/// As [`refusal`].
pub fn accepted<T: FromJson>(answer: &Result<Answer, String>, lang: Lang) -> Result<T, Vec<Problem>> {
    let document = accepted_json(answer, lang)?;
    T::from_json(&document).map_err(|error| vec![(None, json::ReadError::Shape(error).message())])
}

/// The JSON of a 2xx answer (the part of [`accepted`] that is the same for every type).
fn accepted_json(answer: &Result<Answer, String>, lang: Lang) -> Result<Json, Vec<Problem>> {
    match answer {
        Ok(ok) if ok.ok() => json::parse(&ok.text).map_err(|error| vec![(None, error.message())]),
        _ => Err(refusal(answer, lang)),
    }
}

/// Why a request failed: every problem the server listed with its field path (a broken rubric
/// has one per mistake), else its one message, else the status; no answer is the network message.
pub fn refusal(answer: &Result<Answer, String>, lang: Lang) -> Vec<Problem> {
    let answer = match answer {
        Ok(answer) => answer,
        Err(_) => return vec![(None, crate::auth::LoginFailure::Network.message(lang))],
    };
    match json::from_str::<contract::error::ErrorBody>(&answer.text).map(|body| body.error) {
        Ok(error) if !error.problems.is_empty() => error
            .problems
            .into_iter()
            .map(|problem| (problem.field.filter(|field| !field.is_empty()), problem.message))
            .collect(),
        Ok(error) if !error.message.is_empty() => vec![(None, error.message)],
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
            && let Ok(rubric) = engine::Rubric::parse_json(&answer.text)
        {
            for indicator in rubric.indicators() {
                catalog.entry(indicator.code().as_str().to_owned()).or_insert_with(|| indicator.name().to_owned());
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitItem {
    pub code: String,
    pub name: String,
    pub population: String,
}

impl FromJson for UnitItem {
    fn from_json(value: &Json) -> Result<UnitItem, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(UnitItem { code: fields.req("code")?, name: fields.req("name")?, population: fields.req("population")? })
    }
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
    use crate::auth::UserScope;

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
        assert_eq!(
            refusal(&answer(422, one), Lang::Id),
            vec![(None, "Harus ada setidaknya satu administrator aktif.".into())]
        );
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
        assert_eq!(
            (groups[0].name.as_str(), groups[0].units.len()),
            ("opd", 2),
            "an unknown population is named by its code"
        );
        assert_eq!(groups[1].name, "Pemerintah Provinsi");
        assert_eq!(groups[1].units, vec![("provinsi-jawa-timur".to_owned(), "PROVINSI-JAWA-TIMUR".to_owned())]);
        assert!(group_units(Vec::new(), &populations).is_empty());
    }

    /// Reads `body`'s text back as the server does (strictly: no undeclared member) and checks it
    /// equals what was written.
    fn read_as_the_server<T: json::FromJson + ToJson + PartialEq + std::fmt::Debug>(body: &T) -> String {
        let text = body.to_json();
        let read: T = json::from_request_str(&text).unwrap_or_else(|error| panic!("{text}: {error:?}"));
        assert_eq!(&read, body);
        text
    }

    #[test]
    fn every_body_the_administration_writes_is_read_back_by_the_server_unchanged() {
        let scope = UserScope { unit_code: None, indicator_codes: vec!["SAKIP".into()] };
        let account =
            NewAccount { username: "budi".into(), display_name: None, role: "owner".into(), scope: scope.clone() };
        assert!(read_as_the_server(&account).contains(r#""scope":{"unit_code":null,"indicator_codes":["SAKIP"]}"#));
        let change = AccountChange {
            display_name: Some("Budi".into()),
            role: Some("unit_admin".into()),
            scope: Some(UserScope { unit_code: Some("kota-batu".into()), indicator_codes: vec![] }),
            active: Some(false),
        };
        assert!(read_as_the_server(&change).ends_with(r#""active":false}"#));
        read_as_the_server(&NewToken { name: "BPS".into(), indicator_codes: vec!["SAKIP".into(), "IKM".into()] });
        let bindings =
            BTreeMap::from([("opd".to_owned(), "rv_2".to_owned()), ("kabkota".to_owned(), "rv_1".to_owned())]);
        assert_eq!(
            read_as_the_server(&NewPeriod { year: 2025, kind: "q1".into(), bindings }),
            r#"{"year":2025,"kind":"q1","bindings":{"kabkota":"rv_1","opd":"rv_2"}}"#
        );
        read_as_the_server(&PeriodStateChange { state: "open".into(), reason: Some("salah".into()) });
        // A misspelt member is refused by name, not ignored.
        let misspelt = json::from_request_str::<PeriodStateChange>(r#"{"state":"open","reasn":"x"}"#);
        assert!(matches!(misspelt, Err(json::ReadError::Shape(error)) if error.path == "reasn"));
    }

    #[test]
    fn answers_are_read_and_a_wrong_one_names_its_field() {
        let users = r#"{"users":[{"username":"a","display_name":"A","role":"owner","role_label":"x","active":true,
            "has_password":false,"created_at":"2024-01-01T00:00:00Z","last_login_at":null,
            "scope":{"unit_code":null,"indicator_codes":["SAKIP"]}}]}"#;
        let read: Accounts = accepted(&answer(200, users), Lang::Id).unwrap_or_else(|_| panic!("users"));
        assert_eq!((read.users[0].has_password, read.users[0].scope.indicator_codes.len()), (false, 1));
        let wrong = accepted::<Accounts>(&answer(200, r#"{"users":[{"username":1}]}"#), Lang::Id).err();
        assert_eq!(wrong, Some(vec![(None, "users[0].username: expected string".to_owned())]));
        let page: AuditPage =
            accepted(&answer(200, r#"{"events":[],"next_before":null}"#), Lang::Id).unwrap_or_else(|_| panic!("page"));
        assert_eq!(page.next_before, None);
    }
}
