//! Accounts and sessions: `/api/v1/auth/*` and `/api/v1/admin/users`.

crate::enumeration! {
    /// An account's role; what it may do is decided by the server (`server/src/auth/roles.rs`).
    pub enum Role {
        /// Biro Organisasi: units, periods, rubric versions, users and tokens; verifies, publishes.
        Admin = "admin",
        /// Pengampu indikator: enters its indicators for every unit while a period is open.
        Owner = "owner",
        /// Admin perangkat daerah: one unit's entries, evidence, disputes, simulation.
        UnitAdmin = "unit_admin",
        /// Reads everything, changes nothing.
        Viewer = "viewer",
    }
}

crate::object! {
    /// What an account may touch beyond its role: an owner's indicators or a unit admin's unit
    /// (empty for administrators and viewers).
    pub struct Scope {
        /// A unit admin's unit code; `null` otherwise.
        pub unit_code: Option<String>,
        /// An owner's indicator codes; empty otherwise.
        pub indicator_codes: Vec<String> = default,
    }
}

#[expect(clippy::derivable_impls, reason = "`object!` declares the struct, so it cannot carry a derive")]
impl Default for Scope {
    fn default() -> Scope {
        Scope { unit_code: None, indicator_codes: Vec::new() }
    }
}

crate::object! {
    /// A signed-in user.
    pub struct User {
        pub username: String,
        pub display_name: String,
        pub role: Role,
        /// The role's name in Indonesian, as the server shows it (always sent by the server; the
        /// browser's stored copy may lack it).
        pub role_label: Option<String> = omit_none,
        pub scope: Scope = default,
    }
}

crate::object! {
    /// An account as administrators list it (`GET /api/v1/admin/users`).
    pub struct Account {
        pub username: String,
        pub display_name: String,
        pub role: Role,
        pub role_label: String,
        pub scope: Scope,
        /// False once deactivated: the account cannot sign in.
        pub active: bool,
        /// False until the person has used their set-up link.
        pub has_password: bool,
        pub created_at: String,
        pub last_login_at: Option<String>,
    }
}

crate::object! {
    /// `GET /api/v1/admin/users`: every account, by username.
    pub struct Accounts {
        pub users: Vec<Account>,
    }
}

crate::object! {
    /// The answer of a login or a used set-up link: the session's user and its CSRF token (sent
    /// back in `X-CSRF-Token` on every state-changing request).
    pub struct Session {
        pub user: User,
        pub csrf_token: String,
    }
}

crate::object! {
    /// An API token as it identifies itself.
    pub struct TokenIdentity {
        pub id: String,
        pub name: String,
        /// The indicators it may write.
        pub indicator_codes: Vec<String>,
    }
}

crate::object! {
    /// `GET /api/v1/auth/me`: who is asking; every member is `null` for an anonymous caller.
    pub struct Me {
        pub user: Option<User>,
        pub csrf_token: Option<String>,
        /// The API token, when the caller sent one.
        pub token: Option<TokenIdentity>,
    }
}

crate::object! {
    /// One demo account (demo mode only; they share one password).
    pub struct DemoAccount {
        pub username: String,
        pub role: Role,
        /// What the account shows.
        pub label: String,
    }
}

crate::object! {
    /// `GET /api/v1/auth/demo-accounts` (empty outside demo mode).
    pub struct DemoAccounts {
        pub accounts: Vec<DemoAccount>,
    }
}

crate::object! {
    /// `GET /api/v1/auth/setup/{token}`: what a set-up link is for.
    pub struct SetupLinkInfo {
        /// `first_admin` (the person chooses a username too) or `password` (for `username`).
        pub purpose: String,
        pub username: Option<String>,
        pub expires_at: Option<String>,
    }
}

/// A password as sent in a request: read and written like a string, but never printed (`Debug`
/// shows `[redacted]`), so a logged request cannot reveal it.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Password(pub String);

impl std::fmt::Debug for Password {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("[redacted]")
    }
}

impl crate::json::FromJson for Password {
    fn from_json(value: &crate::json::Json) -> Result<Password, crate::json::ShapeError> {
        String::from_json(value).map(Password)
    }
}

impl crate::json::ToJson for Password {
    fn write_json(&self, out: &mut String) {
        self.0.write_json(out);
    }
}

impl crate::schema::Schema for Password {
    fn write_schema(out: &mut String) {
        String::write_schema(out);
    }
}

crate::object! {
    /// `POST /api/v1/auth/login`.
    pub struct Login {
        pub username: String,
        pub password: Password,
    }
}

crate::object! {
    /// `POST /api/v1/auth/password`: the signed-in user changes their password; their other
    /// sessions end.
    pub struct PasswordChange {
        pub current_password: Password,
        pub new_password: Password,
    }
}

crate::object! {
    /// `POST /api/v1/auth/setup/{token}`: a set-up link used. `username` and `display_name` are
    /// for the first administrator's link only.
    pub struct SetupUse {
        pub username: Option<String>,
        pub display_name: Option<String>,
        pub password: Password,
    }
}

crate::object! {
    /// `POST /api/v1/admin/users`: a new account (it gets a set-up link, no password).
    pub struct NewAccount {
        pub username: String,
        /// The username when absent.
        pub display_name: Option<String>,
        /// A [`Role`] code; an unknown one is refused with the roles named.
        pub role: String,
        pub scope: Scope = default,
    }
}

crate::object! {
    /// `PATCH /api/v1/admin/users/{username}`: what changes; an absent member stays.
    pub struct AccountChange {
        pub display_name: Option<String>,
        /// A [`Role`] code. A new role without a new scope clears the scope.
        pub role: Option<String>,
        pub scope: Option<Scope>,
        /// False deactivates the account (its sessions end); the last active administrator stays.
        pub active: Option<bool>,
    }
}

crate::object! {
    /// A one-time set-up (or password reset) link.
    pub struct SetupLink {
        /// The app's page, `/setup/<token>`.
        pub path: String,
        /// The full address, when the server knows its public host.
        pub url: Option<String>,
        pub expires_at: String,
    }
}

crate::object! {
    /// The answer of `POST /api/v1/admin/users`.
    pub struct CreatedAccount {
        pub user: Account,
        pub setup_link: SetupLink,
    }
}

crate::object! {
    /// `POST /api/v1/admin/tokens`: a token for another agency's system, limited to indicators.
    pub struct NewToken {
        /// Who uses it (`BPKAD — Opini BPK`), at most 100 characters.
        pub name: String,
        pub indicator_codes: Vec<String>,
    }
}

crate::object! {
    /// An API token as administrators list it; the secret is never listed.
    pub struct ApiToken {
        pub id: String,
        pub name: String,
        pub indicator_codes: Vec<String>,
        pub created_by: String,
        pub created_at: String,
        pub last_used_at: Option<String>,
        pub revoked_at: Option<String>,
    }
}

crate::object! {
    /// `GET /api/v1/admin/tokens`.
    pub struct ApiTokens {
        pub tokens: Vec<ApiToken>,
    }
}

crate::object! {
    /// The answer of `POST /api/v1/admin/tokens`: the only time the secret is shown.
    pub struct CreatedToken {
        pub token: ApiToken,
        /// `Authorization: Bearer <secret>`.
        pub secret: String,
        pub note: String,
    }
}

crate::object! {
    /// One event of the security log.
    pub struct SecurityEvent {
        pub id: i64,
        pub occurred_at: String,
        /// `login_failed`, `user_created`, `token_revoked`…
        pub event: String,
        pub actor: Option<String>,
        pub subject: Option<String>,
        pub ip: Option<String>,
        pub detail: Option<String>,
    }
}

crate::object! {
    /// `GET /api/v1/admin/audit?before=&limit=`: newest first.
    pub struct AuditPage {
        pub events: Vec<SecurityEvent>,
        /// Set when older events remain: the next page's `before`.
        pub next_before: Option<i64>,
    }
}
