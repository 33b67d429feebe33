//! Who is asking ([`Principal`]), what they may do ([`Role`], [`Scope`]), and the guards handlers
//! call before acting.
//!
//! Every API operation also carries a coarse [`Access`] rule in the one registry
//! (`crate::openapi::OPERATIONS`), enforced by the gate before the handler runs; handlers add the
//! fine, data-dependent checks (which indicator, which unit) with the `require_*` functions.

use axum::http::StatusCode;
use serde::Serialize;

use crate::error::{ApiError, Problem};

/// The four account roles, as the contract defines them; what each may do is decided here.
pub use contract::Role;

pub const ALL_ROLES: &[Role] = Role::ALL;

/// A role's Indonesian name, as the UI shows it.
pub trait RoleLabel {
    fn label(self) -> &'static str;
}

impl RoleLabel for Role {
    fn label(self) -> &'static str {
        match self {
            Self::Admin => "Administrator (Biro Organisasi)",
            Self::Owner => "Pengampu indikator",
            Self::UnitAdmin => "Admin perangkat daerah",
            Self::Viewer => "Peninjau (hanya baca)",
        }
    }
}

/// A unit's code as in `units.code`, e.g. `kabupaten-banyuwangi`: 1–80 of a-z 0-9 and `-`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct UnitCode(String);

impl UnitCode {
    pub fn parse(text: &str) -> Option<Self> {
        let ok = (1..=80).contains(&text.len())
            && text.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-');
        ok.then(|| Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An indicator's code as in rubric files, e.g. `OPINI_BPK`: 1–40 of A-Z 0-9 and `_`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct IndicatorCode(String);

impl IndicatorCode {
    pub fn parse(text: &str) -> Option<Self> {
        let ok = (1..=40).contains(&text.len())
            && text.bytes().all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit() || byte == b'_');
        ok.then(|| Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What part of the data an account is limited to; its shape follows the role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Admins and viewers: no limit.
    Everything,
    /// Unit admins: one unit.
    Unit(UnitCode),
    /// Owners and API tokens: these indicators, for every unit (never empty).
    Indicators(Vec<IndicatorCode>),
}

impl Scope {
    /// The scope as requests and answers write it.
    pub fn to_wire(&self) -> contract::Scope {
        match self {
            Self::Everything => contract::Scope::default(),
            Self::Unit(unit) => {
                contract::Scope { unit_code: Some(unit.as_str().to_owned()), indicator_codes: Vec::new() }
            }
            Self::Indicators(codes) => contract::Scope {
                unit_code: None,
                indicator_codes: codes.iter().map(|code| code.as_str().to_owned()).collect(),
            },
        }
    }

    /// The scope a role needs, from the wire form; problems name `field` (`scope`).
    ///
    /// # Errors
    /// A unit admin without a valid unit code, an owner without valid indicator codes, or a scope
    /// given to a role that has none.
    pub fn for_role(role: Role, wire: &contract::Scope, field: &str) -> Result<Self, Vec<Problem>> {
        let problem = |code: &str, message: String, subfield: &str| {
            vec![Problem::new(code, message, Some(format!("{field}.{subfield}")))]
        };
        match role {
            Role::Admin | Role::Viewer => {
                if wire.unit_code.is_some() || !wire.indicator_codes.is_empty() {
                    return Err(problem(
                        "scope_not_applicable",
                        format!(
                            "Peran {} tidak dibatasi pada unit atau indikator; kosongkan cakupannya.",
                            role.label()
                        ),
                        "unit_code",
                    ));
                }
                Ok(Self::Everything)
            }
            Role::UnitAdmin => {
                if !wire.indicator_codes.is_empty() {
                    return Err(problem(
                        "scope_not_applicable",
                        "Admin perangkat daerah dibatasi pada satu unit, bukan pada indikator.".to_owned(),
                        "indicator_codes",
                    ));
                }
                match wire.unit_code.as_deref().map(UnitCode::parse) {
                    Some(Some(unit)) => Ok(Self::Unit(unit)),
                    Some(None) => Err(problem(
                        "invalid_unit_code",
                        "Kode unit hanya boleh berisi huruf kecil, angka dan tanda hubung (contoh: kabupaten-banyuwangi).".to_owned(),
                        "unit_code",
                    )),
                    None => Err(problem(
                        "unit_code_required",
                        "Admin perangkat daerah harus dikaitkan dengan satu unit.".to_owned(),
                        "unit_code",
                    )),
                }
            }
            Role::Owner => {
                if wire.unit_code.is_some() {
                    return Err(problem(
                        "scope_not_applicable",
                        "Pengampu indikator dibatasi pada indikator, bukan pada satu unit.".to_owned(),
                        "unit_code",
                    ));
                }
                parse_indicator_codes(&wire.indicator_codes, &format!("{field}.indicator_codes")).map(Self::Indicators)
            }
        }
    }

    fn allows_indicator(&self, indicator_code: &str) -> bool {
        match self {
            Self::Everything => true,
            Self::Unit(_) => false,
            Self::Indicators(codes) => codes.iter().any(|code| code.as_str() == indicator_code),
        }
    }
}

/// A non-empty list of distinct, valid indicator codes (sorted).
///
/// # Errors
/// An empty list or an invalid code, with its index.
pub fn parse_indicator_codes(codes: &[String], field: &str) -> Result<Vec<IndicatorCode>, Vec<Problem>> {
    if codes.is_empty() {
        return Err(vec![Problem::new(
            "indicator_codes_required",
            "Pilih setidaknya satu kode indikator.",
            Some(field.to_owned()),
        )]);
    }
    let mut problems = Vec::new();
    let mut parsed = Vec::new();
    for (index, code) in codes.iter().enumerate() {
        match IndicatorCode::parse(code) {
            Some(code) => parsed.push(code),
            None => problems.push(Problem::new(
                "invalid_indicator_code",
                format!("Kode indikator `{code}` tidak valid: gunakan huruf kapital, angka dan garis bawah (contoh: OPINI_BPK)."),
                Some(format!("{field}[{index}]")),
            )),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    parsed.sort();
    parsed.dedup();
    Ok(parsed)
}

/// A signed-in person (cookie session).
#[derive(Clone, Debug)]
pub struct SignedInUser {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub scope: Scope,
    /// SHA-256 of the session token (which session this request came with).
    pub session_token_sha256: String,
}

/// Another agency's system, authenticated with an API token.
#[derive(Clone, Debug)]
pub struct TokenClient {
    pub id: String,
    pub name: String,
    pub indicator_codes: Vec<IndicatorCode>,
}

/// Who is making the request. Handlers take it as an extractor (`principal: Principal`).
#[derive(Clone, Debug)]
pub enum Principal {
    User(SignedInUser),
    Token(TokenClient),
    Anonymous,
}

impl Principal {
    /// The name written in audit trails: a username, `token:<id>`, or `None` for anonymous.
    pub fn actor(&self) -> Option<String> {
        match self {
            Self::User(user) => Some(user.username.clone()),
            Self::Token(token) => Some(format!("token:{}", token.id)),
            Self::Anonymous => None,
        }
    }

    pub fn user(&self) -> Option<&SignedInUser> {
        match self {
            Self::User(user) => Some(user),
            _ => None,
        }
    }
}

/// 401 `unauthenticated` in the API's error shape.
pub fn unauthenticated() -> ApiError {
    ApiError::BadRequest {
        status: StatusCode::UNAUTHORIZED,
        code: "unauthenticated",
        message: "Silakan masuk terlebih dahulu.".to_owned(),
    }
}

/// 403 `forbidden` in the API's error shape.
pub fn forbidden() -> ApiError {
    ApiError::BadRequest {
        status: StatusCode::FORBIDDEN,
        code: "forbidden",
        message: "Anda tidak berwenang melakukan tindakan ini.".to_owned(),
    }
}

/// A signed-in user of any role (not a token, not anonymous).
///
/// # Errors
/// 401 for anonymous, 403 for an API token.
pub fn require_user(principal: &Principal) -> Result<&SignedInUser, ApiError> {
    match principal {
        Principal::User(user) => Ok(user),
        Principal::Token(_) => Err(forbidden()),
        Principal::Anonymous => Err(unauthenticated()),
    }
}

/// A signed-in user with one of `roles`.
///
/// # Errors
/// 401 for anonymous; 403 for another role or an API token.
pub fn require_role<'a>(principal: &'a Principal, roles: &[Role]) -> Result<&'a SignedInUser, ApiError> {
    let user = require_user(principal)?;
    if roles.contains(&user.role) { Ok(user) } else { Err(forbidden()) }
}

/// May enter or change values of `indicator_code` (for any unit): an admin, an owner whose
/// scope holds the indicator, or an API token whose scope holds it. Whether the period is open is
/// the caller's business.
///
/// # Errors
/// 401 for anonymous; 403 for anyone else.
pub fn require_indicator_write(principal: &Principal, indicator_code: &str) -> Result<(), ApiError> {
    let allowed = match principal {
        Principal::Anonymous => return Err(unauthenticated()),
        Principal::User(user) => match user.role {
            Role::Admin => true,
            Role::Owner => user.scope.allows_indicator(indicator_code),
            Role::UnitAdmin | Role::Viewer => false,
        },
        Principal::Token(token) => token.indicator_codes.iter().any(|code| code.as_str() == indicator_code),
    };
    if allowed { Ok(()) } else { Err(forbidden()) }
}

/// May read a unit's unpublished data (entries, history, evidence): admins, viewers and owners
/// (who assess every unit) and the unit's own unit admin. API tokens only push values.
///
/// # Errors
/// 401 for anonymous; 403 for anyone else.
pub fn require_unit_read(principal: &Principal, unit_code: &str) -> Result<(), ApiError> {
    let user = require_user(principal)?;
    let allowed = match (&user.role, &user.scope) {
        (Role::Admin | Role::Viewer | Role::Owner, _) => true,
        (Role::UnitAdmin, Scope::Unit(unit)) => unit.as_str() == unit_code,
        (Role::UnitAdmin, _) => false,
    };
    if allowed { Ok(()) } else { Err(forbidden()) }
}

/// May act for a unit (add evidence, raise a dispute): the unit's own unit admin, or an admin.
///
/// # Errors
/// 401 for anonymous; 403 for anyone else.
pub fn require_unit_access(principal: &Principal, unit_code: &str) -> Result<(), ApiError> {
    let user = require_user(principal)?;
    let allowed = match (&user.role, &user.scope) {
        (Role::Admin, _) => true,
        (Role::UnitAdmin, Scope::Unit(unit)) => unit.as_str() == unit_code,
        _ => false,
    };
    if allowed { Ok(()) } else { Err(forbidden()) }
}

/// The coarse rule of one API operation, checked by the gate before its handler runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Signed-in users with one of these roles; API tokens are refused.
    Users(&'static [Role]),
    /// Signed-in users with one of these roles, or any API token (its scope is checked by the
    /// handler with [`require_indicator_write`]).
    UsersOrToken(&'static [Role]),
}

impl Access {
    /// # Errors
    /// 401 for anonymous on a non-public operation; 403 for a principal the rule does not admit.
    pub fn check(self, principal: &Principal) -> Result<(), ApiError> {
        match (self, principal) {
            (Self::Public, _) => Ok(()),
            (Self::Users(roles), _) => require_role(principal, roles).map(|_| ()),
            (Self::UsersOrToken(_), Principal::Token(_)) => Ok(()),
            (Self::UsersOrToken(roles), _) => require_role(principal, roles).map(|_| ()),
        }
    }

    /// Roles admitted (empty for public), for the OpenAPI document.
    pub fn roles(self) -> &'static [Role] {
        match self {
            Self::Public => &[],
            Self::Users(roles) | Self::UsersOrToken(roles) => roles,
        }
    }

    pub fn admits_tokens(self) -> bool {
        matches!(self, Self::Public | Self::UsersOrToken(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, scope: Scope) -> Principal {
        Principal::User(SignedInUser {
            id: "u".into(),
            username: "budi".into(),
            display_name: "Budi".into(),
            role,
            scope,
            session_token_sha256: "h".into(),
        })
    }

    fn indicators(codes: &[&str]) -> Vec<IndicatorCode> {
        codes.iter().map(|code| IndicatorCode::parse(code).expect("valid")).collect()
    }

    fn status(result: Result<(), ApiError>) -> u16 {
        match result {
            Ok(()) => 200,
            Err(ApiError::BadRequest { status, .. }) => status.as_u16(),
            Err(other) => panic!("unexpected error {other:?}"),
        }
    }

    #[test]
    fn indicator_write_follows_the_scope() {
        let owner = user(Role::Owner, Scope::Indicators(indicators(&["SAKIP", "OPINI_BPK"])));
        let token = Principal::Token(TokenClient {
            id: "t".into(),
            name: "BPKAD".into(),
            indicator_codes: indicators(&["OPINI_BPK"]),
        });
        let unit = user(Role::UnitAdmin, Scope::Unit(UnitCode::parse("kota-surabaya").expect("valid")));
        let cases = [
            (&owner, "SAKIP", 200),
            (&owner, "ZONA_INTEGRITAS", 403),
            (&token, "OPINI_BPK", 200),
            (&token, "SAKIP", 403),
            (&unit, "SAKIP", 403),
            (&user(Role::Viewer, Scope::Everything), "SAKIP", 403),
            (&user(Role::Admin, Scope::Everything), "SAKIP", 200),
            (&Principal::Anonymous, "SAKIP", 401),
        ];
        for (principal, code, expected) in cases {
            assert_eq!(status(require_indicator_write(principal, code)), expected, "{principal:?} {code}");
        }
    }

    #[test]
    fn unit_access_and_read_follow_the_unit() {
        let unit = user(Role::UnitAdmin, Scope::Unit(UnitCode::parse("kota-surabaya").expect("valid")));
        let owner = user(Role::Owner, Scope::Indicators(indicators(&["SAKIP"])));
        let viewer = user(Role::Viewer, Scope::Everything);
        let token =
            Principal::Token(TokenClient { id: "t".into(), name: "x".into(), indicator_codes: indicators(&["SAKIP"]) });
        assert_eq!(status(require_unit_access(&unit, "kota-surabaya")), 200);
        assert_eq!(status(require_unit_access(&unit, "kota-malang")), 403);
        assert_eq!(status(require_unit_access(&owner, "kota-surabaya")), 403);
        assert_eq!(status(require_unit_access(&viewer, "kota-surabaya")), 403);
        assert_eq!(status(require_unit_access(&Principal::Anonymous, "kota-surabaya")), 401);
        assert_eq!(status(require_unit_read(&unit, "kota-malang")), 403);
        assert_eq!(status(require_unit_read(&owner, "kota-malang")), 200);
        assert_eq!(status(require_unit_read(&viewer, "kota-malang")), 200);
        assert_eq!(status(require_unit_read(&token, "kota-malang")), 403);
    }

    #[test]
    fn roles_are_checked_and_tokens_are_not_users() {
        let token =
            Principal::Token(TokenClient { id: "t".into(), name: "x".into(), indicator_codes: indicators(&["SAKIP"]) });
        assert_eq!(status(require_role(&user(Role::Admin, Scope::Everything), &[Role::Admin]).map(|_| ())), 200);
        assert_eq!(status(require_role(&user(Role::Viewer, Scope::Everything), &[Role::Admin]).map(|_| ())), 403);
        assert_eq!(status(require_role(&token, &[Role::Admin]).map(|_| ())), 403);
        assert_eq!(status(require_role(&Principal::Anonymous, ALL_ROLES).map(|_| ())), 401);
        assert_eq!(status(Access::UsersOrToken(&[Role::Admin]).check(&token)), 200);
        assert_eq!(status(Access::Users(ALL_ROLES).check(&token)), 403);
    }

    #[test]
    fn scopes_must_fit_the_role() {
        let wire = |unit: Option<&str>, codes: &[&str]| contract::Scope {
            unit_code: unit.map(str::to_owned),
            indicator_codes: codes.iter().map(|code| (*code).to_owned()).collect(),
        };
        assert_eq!(Scope::for_role(Role::Admin, &wire(None, &[]), "scope"), Ok(Scope::Everything));
        assert!(Scope::for_role(Role::Viewer, &wire(Some("kota-malang"), &[]), "scope").is_err());
        assert!(Scope::for_role(Role::UnitAdmin, &wire(None, &[]), "scope").is_err());
        assert!(Scope::for_role(Role::UnitAdmin, &wire(Some("Kota Malang"), &[]), "scope").is_err());
        assert!(Scope::for_role(Role::Owner, &wire(None, &[]), "scope").is_err());
        let owner =
            Scope::for_role(Role::Owner, &wire(None, &["SAKIP", "OPINI_BPK", "SAKIP"]), "scope").expect("valid");
        assert_eq!(owner.to_wire().indicator_codes, vec!["OPINI_BPK", "SAKIP"]);
        let problems = Scope::for_role(Role::Owner, &wire(None, &["SAKIP", "sakip"]), "scope").expect_err("invalid");
        assert_eq!(problems[0].field.as_deref(), Some("scope.indicator_codes[1]"));
    }
}
