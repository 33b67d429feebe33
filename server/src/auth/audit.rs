//! The security audit: who signed in, failed, changed what about accounts and tokens.
//!
//! Events go to the append-only `security_audit` table and are read by administrators
//! (`GET /api/v1/admin/audit`). Nothing secret is ever written: no password, hash, session token,
//! link or API token secret; a failed login records the username *attempted*.
//!
//! Recording never makes a request fail: if the database refuses the event, the error is logged
//! and the request goes on (refusing logins because the audit is down would be worse).

use super::AuthState;
use super::store::{AuthStore, NewSecurityEvent};

/// The event names, stable (the admin UI translates them).
pub mod events {
    pub const LOGIN_SUCCEEDED: &str = "login_succeeded";
    pub const LOGIN_FAILED: &str = "login_failed";
    /// A failure reached the throttling limit (recorded once per lock, not per refused attempt).
    pub const LOGIN_LOCKED: &str = "login_locked";
    pub const LOGOUT: &str = "logout";
    pub const PASSWORD_CHANGED: &str = "password_changed";
    pub const USER_CREATED: &str = "user_created";
    pub const ROLE_CHANGED: &str = "role_changed";
    pub const SCOPE_CHANGED: &str = "scope_changed";
    pub const USER_DEACTIVATED: &str = "user_deactivated";
    pub const USER_ACTIVATED: &str = "user_activated";
    pub const SETUP_LINK_CREATED: &str = "setup_link_created";
    pub const SETUP_LINK_USED: &str = "setup_link_used";
    pub const FIRST_ADMIN_LINK_CREATED: &str = "first_admin_link_created";
    pub const DEMO_ACCOUNTS_CREATED: &str = "demo_accounts_created";
    pub const TOKEN_CREATED: &str = "token_created";
    /// An API token authenticated a request: recorded on first use and then at most hourly per
    /// token, so that a busy integration does not flood the audit (each use updates
    /// `api_tokens.last_used_at`).
    pub const TOKEN_USED: &str = "token_used";
    pub const TOKEN_REVOKED: &str = "token_revoked";
}

/// Records one event; failures are logged, never returned.
pub async fn record(store: &AuthStore, auth: &AuthState, event: NewSecurityEvent) {
    let now = auth.now();
    if let Err(error) = store.insert_event(&event, &now).await {
        tracing::error!(error = ?error, event = event.event, "cannot record a security event");
    } else {
        tracing::info!(event = event.event, actor = ?event.actor, subject = ?event.subject, ip = ?event.ip, "security event");
    }
}
