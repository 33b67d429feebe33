//! The administrator's calls: accounts, API tokens and the security log (`/api/v1/admin/*`,
//! `server/src/auth/routes.rs`), periods and rubric versions (`server/src/routes/periods_admin.rs`).
//!
//! Writes go through [`super::send::send`] (CSRF header). Reads are never taken from the offline
//! copy: an administrator must see the server's current state.

use std::collections::BTreeMap;

use gloo_net::http::Method;

use super::json::{self, Fields, FromJson, Json, Object, ShapeError, ToJson};
use super::send::{Answer, get, send};
use crate::auth::UserScope;
use crate::i18n::{Lang, Msg, t};
use crate::simulation::encode_query_value;

/// One account as `GET /admin/users` lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct AdminUser {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub scope: UserScope,
    pub active: bool,
    /// False until the person has used their set-up link.
    pub has_password: bool,
}

impl FromJson for AdminUser {
    fn from_json(value: &Json) -> Result<AdminUser, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(AdminUser {
            username: fields.req("username")?,
            display_name: fields.req("display_name")?,
            role: fields.req("role")?,
            scope: fields.or_default("scope")?,
            active: fields.req("active")?,
            has_password: fields.or_default("has_password")?,
        })
    }
}

pub struct Users {
    pub users: Vec<AdminUser>,
}

impl FromJson for Users {
    fn from_json(value: &Json) -> Result<Users, ShapeError> {
        Ok(Users { users: Fields::new(value)?.req("users")? })
    }
}

/// A one-time set-up (or reset) link: the app path, the full address when the server knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupLink {
    pub path: String,
    pub url: Option<String>,
    pub expires_at: String,
}

impl FromJson for SetupLink {
    fn from_json(value: &Json) -> Result<SetupLink, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(SetupLink { path: fields.req("path")?, url: fields.opt("url")?, expires_at: fields.req("expires_at")? })
    }
}

/// The answer of `POST /admin/users`.
pub struct CreatedUser {
    pub setup_link: SetupLink,
}

impl FromJson for CreatedUser {
    fn from_json(value: &Json) -> Result<CreatedUser, ShapeError> {
        Ok(CreatedUser { setup_link: Fields::new(value)?.req("setup_link")? })
    }
}

/// The body of `POST /admin/users` (with `username`) and `PATCH /admin/users/{username}`
/// (without `username`, with `active`); the server refuses unknown fields.
pub struct UserChange<'a> {
    pub username: Option<&'a str>,
    pub display_name: Option<&'a str>,
    pub role: &'a str,
    pub scope: UserScope,
    pub active: Option<bool>,
}

impl ToJson for UserChange<'_> {
    fn to_json(&self) -> String {
        let object = Object::new()
            .string_if("username", self.username)
            .string_if("display_name", self.display_name)
            .string("role", self.role)
            .raw("scope", &self.scope.to_json());
        match self.active {
            Some(active) => object.boolean("active", active),
            None => object,
        }
        .finish()
    }
}

/// One API token (`GET /admin/tokens`); the secret is never listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    pub indicator_codes: Vec<String>,
    pub created_by: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

impl FromJson for ApiToken {
    fn from_json(value: &Json) -> Result<ApiToken, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(ApiToken {
            id: fields.req("id")?,
            name: fields.req("name")?,
            indicator_codes: fields.req("indicator_codes")?,
            created_by: fields.req("created_by")?,
            created_at: fields.req("created_at")?,
            last_used_at: fields.opt("last_used_at")?,
            revoked_at: fields.opt("revoked_at")?,
        })
    }
}

pub struct Tokens {
    pub tokens: Vec<ApiToken>,
}

impl FromJson for Tokens {
    fn from_json(value: &Json) -> Result<Tokens, ShapeError> {
        Ok(Tokens { tokens: Fields::new(value)?.req("tokens")? })
    }
}

/// The answer of `POST /admin/tokens`: the only time the secret is shown.
pub struct CreatedToken {
    pub secret: String,
}

impl FromJson for CreatedToken {
    fn from_json(value: &Json) -> Result<CreatedToken, ShapeError> {
        Ok(CreatedToken { secret: Fields::new(value)?.req("secret")? })
    }
}

pub struct NewToken<'a> {
    pub name: &'a str,
    pub indicator_codes: &'a [String],
}

impl ToJson for NewToken<'_> {
    fn to_json(&self) -> String {
        Object::new().string("name", self.name).strings("indicator_codes", self.indicator_codes).finish()
    }
}

/// One row of the security audit, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecurityEvent {
    pub id: i64,
    pub occurred_at: String,
    pub event: String,
    pub actor: Option<String>,
    pub subject: Option<String>,
    pub ip: Option<String>,
    pub detail: Option<String>,
}

impl FromJson for SecurityEvent {
    fn from_json(value: &Json) -> Result<SecurityEvent, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(SecurityEvent {
            id: fields.req("id")?,
            occurred_at: fields.req("occurred_at")?,
            event: fields.req("event")?,
            actor: fields.opt("actor")?,
            subject: fields.opt("subject")?,
            ip: fields.opt("ip")?,
            detail: fields.opt("detail")?,
        })
    }
}

/// A page of the security audit; `next_before` is set when older events remain.
pub struct AuditPage {
    pub events: Vec<SecurityEvent>,
    pub next_before: Option<i64>,
}

impl FromJson for AuditPage {
    fn from_json(value: &Json) -> Result<AuditPage, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(AuditPage { events: fields.req("events")?, next_before: fields.opt("next_before")? })
    }
}

/// A stored rubric version (`GET /rubrics`), newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RubricVersion {
    pub id: String,
    /// The document's `id` (`cettar-2023-kabkota`, `sistem-kerja-2024`), shared by its versions.
    pub rubric_id: Option<String>,
    pub version: i64,
    pub name: Option<String>,
    pub year: Option<i64>,
    pub population: Option<String>,
    pub created_at: String,
}

impl FromJson for RubricVersion {
    fn from_json(value: &Json) -> Result<RubricVersion, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(RubricVersion {
            id: fields.req("id")?,
            rubric_id: fields.opt("rubric_id")?,
            version: fields.req("version")?,
            name: fields.opt("name")?,
            year: fields.opt("year")?,
            population: fields.opt("population")?,
            created_at: fields.req("created_at")?,
        })
    }
}

/// The answer of `POST /rubrics`.
pub struct StoredRubric {
    pub id: String,
    pub created: bool,
}

impl FromJson for StoredRubric {
    fn from_json(value: &Json) -> Result<StoredRubric, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(StoredRubric { id: fields.req("id")?, created: fields.req("created")? })
    }
}

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

pub struct NewPeriod<'a> {
    pub year: i64,
    pub kind: &'a str,
    pub bindings: &'a BTreeMap<String, String>,
}

impl ToJson for NewPeriod<'_> {
    fn to_json(&self) -> String {
        Object::new()
            .integer("year", self.year)
            .string("kind", self.kind)
            .string_map("bindings", self.bindings)
            .finish()
    }
}

pub struct NewState<'a> {
    pub state: &'a str,
    pub reason: Option<&'a str>,
}

impl ToJson for NewState<'_> {
    fn to_json(&self) -> String {
        Object::new().string("state", self.state).string_if("reason", self.reason).finish()
    }
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
    struct Item(Problem);
    impl FromJson for Item {
        fn from_json(value: &Json) -> Result<Item, ShapeError> {
            let fields = Fields::new(value)?;
            let field: Option<String> = fields.opt("field")?;
            Ok(Item((field.filter(|field| !field.is_empty()), fields.req("message")?)))
        }
    }
    // `{"error":{"message":"…","problems":[{"message":"…","field":"…"}]}}`
    fn read(text: &str) -> Option<(String, Vec<Item>)> {
        let document = json::parse(text).ok()?;
        let error = Fields::new(Fields::new(&document).ok()?.get("error")?).ok()?;
        Some((error.or_default("message").ok()?, error.or_default("problems").ok()?))
    }
    let answer = match answer {
        Ok(answer) => answer,
        Err(_) => return vec![(None, crate::auth::LoginFailure::Network.message(lang))],
    };
    match read(&answer.text) {
        Some((_, problems)) if !problems.is_empty() => problems.into_iter().map(|Item(problem)| problem).collect(),
        Some((message, _)) if !message.is_empty() => vec![(None, message)],
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

    #[test]
    fn a_new_user_body_has_only_the_fields_the_server_reads() {
        let scope = UserScope { unit_code: None, indicator_codes: vec!["SAKIP".into()] };
        let body = UserChange { username: Some("budi"), display_name: None, role: "owner", scope, active: None };
        assert_eq!(
            body.to_json(),
            r#"{"username":"budi","role":"owner","scope":{"unit_code":null,"indicator_codes":["SAKIP"]}}"#
        );
        let scope = UserScope { unit_code: Some("kota-batu".into()), indicator_codes: vec![] };
        let change =
            UserChange { username: None, display_name: Some("Budi"), role: "unit_admin", scope, active: Some(false) };
        assert_eq!(
            change.to_json(),
            r#"{"display_name":"Budi","role":"unit_admin","scope":{"unit_code":"kota-batu","indicator_codes":[]},"active":false}"#
        );
    }

    #[test]
    fn token_period_and_state_bodies_keep_their_shape() {
        let codes = vec!["SAKIP".to_owned(), "IKM".to_owned()];
        assert_eq!(
            NewToken { name: "BPS", indicator_codes: &codes }.to_json(),
            r#"{"name":"BPS","indicator_codes":["SAKIP","IKM"]}"#
        );
        let bindings =
            BTreeMap::from([("opd".to_owned(), "rv_2".to_owned()), ("kabkota".to_owned(), "rv_1".to_owned())]);
        assert_eq!(
            NewPeriod { year: 2025, kind: "q1", bindings: &bindings }.to_json(),
            r#"{"year":2025,"kind":"q1","bindings":{"kabkota":"rv_1","opd":"rv_2"}}"#
        );
        assert_eq!(NewState { state: "open", reason: None }.to_json(), r#"{"state":"open"}"#);
        assert_eq!(
            NewState { state: "draft", reason: Some("salah") }.to_json(),
            r#"{"state":"draft","reason":"salah"}"#
        );
    }

    #[test]
    fn answers_are_read_and_a_wrong_one_names_its_field() {
        let users = r#"{"users":[{"username":"a","display_name":"A","role":"owner","role_label":"x","active":true,
            "scope":{"unit_code":null,"indicator_codes":["SAKIP"]}}]}"#;
        let read: Users = accepted(&answer(200, users), Lang::Id).unwrap_or_else(|_| panic!("users"));
        assert_eq!((read.users[0].has_password, read.users[0].scope.indicator_codes.len()), (false, 1));
        let wrong = accepted::<Users>(&answer(200, r#"{"users":[{"username":1}]}"#), Lang::Id).err();
        assert_eq!(wrong, Some(vec![(None, "users[0].username: expected string".to_owned())]));
        let page: AuditPage =
            accepted(&answer(200, r#"{"events":[],"next_before":null}"#), Lang::Id).unwrap_or_else(|_| panic!("page"));
        assert_eq!(page.next_before, None);
    }
}
