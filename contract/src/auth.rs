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
