//! Accounts, roles and security.
//!
//! # How a request is authorised
//! Every route under `/api/v1` passes through [`gate`] (a route layer set in `startup.rs`):
//! 1. it finds the route's operation in the one registry, `crate::openapi::OPERATIONS`; a route
//!    that is not there answers 500 `undocumented_route`, so no endpoint exists undocumented;
//! 2. it works out the [`Principal`]: `Authorization: Bearer sbk_…` (an API token; a bad one is a
//!    401), else the `sibekisar_session` cookie (an expired or unknown one counts as anonymous),
//!    else anonymous;
//! 3. for state-changing methods it applies the CSRF defences of [`csrf`];
//! 4. it checks the operation's coarse [`Access`] rule (401/403);
//! 5. it hands the principal to the handler through the request's extensions.
//!
//! Handlers take `principal: Principal` as an extractor and add the fine checks with
//! [`require_role`], [`require_indicator_write`], [`require_unit_read`] and
//! [`require_unit_access`].
//!
//! # Modules
//! [`password`] (argon2id), [`session`] (cookie sessions), [`tokens`] (random secrets, API token
//! format), [`csrf`], [`throttle`] (login back-off), [`roles`] (roles, scopes, guards), [`store`]
//! (SQL), [`audit`] (security events), [`routes`] (the `/auth` and `/admin` endpoints).

pub mod audit;
pub mod clock;
pub mod csrf;
pub mod password;
pub mod roles;
pub mod routes;
pub mod session;
pub mod store;
pub mod throttle;
pub mod tokens;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use anyhow::{Context, Result};
use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub use clock::{Clock, ManualClock, SystemClock};
pub use roles::{
    ALL_ROLES, Access, IndicatorCode, Principal, Role, Scope, SignedInUser, TokenClient, UnitCode, forbidden,
    require_indicator_write, require_role, require_unit_access, require_unit_read, require_user, unauthenticated,
};

use crate::configuration::AuthSettings;
use crate::error::{ApiError, error_response};
use crate::startup::AppState;
use store::{AuthStore, NewSecurityEvent, UserRow};
use tokens::{PresentedApiToken, Secret, constant_time_eq, sha256_hex};

/// Shared state of the auth code: settings, the clock and the password gate (the login throttle
/// is in the database, [`throttle::Throttle`]).
#[derive(Clone)]
pub struct AuthState {
    inner: Arc<AuthInner>,
}

struct AuthInner {
    settings: AuthSettings,
    clock: Arc<dyn Clock>,
    /// Bounds the argon2 work of the process (see [`password::PasswordGate`]).
    passwords: password::PasswordGate,
    /// A hash of a random password, verified against when the username does not exist, so that
    /// an unknown user takes as long to refuse as a wrong password.
    dummy_hash: String,
}

impl AuthState {
    /// # Errors
    /// The random source or hashing fails.
    pub fn new(settings: AuthSettings, clock: Arc<dyn Clock>) -> Result<Self> {
        let random = tokens::new_secret()?;
        let dummy_hash = password::hash_password_now(random.expose(), settings.password_hashing)?;
        let passwords = password::PasswordGate::new(settings.password_workers, settings.password_queue);
        let inner = AuthInner { settings, clock, passwords, dummy_hash };
        Ok(Self { inner: Arc::new(inner) })
    }

    pub fn settings(&self) -> &AuthSettings {
        &self.inner.settings
    }

    pub fn now_millis(&self) -> u64 {
        self.inner.clock.now_millis()
    }

    /// Now as stored (RFC 3339 UTC with milliseconds).
    pub fn now(&self) -> String {
        clock::timestamp(self.now_millis())
    }

    pub(crate) fn passwords(&self) -> &password::PasswordGate {
        &self.inner.passwords
    }

    pub(crate) fn dummy_hash(&self) -> &str {
        &self.inner.dummy_hash
    }
}

/// The client's address: the peer's, or the one trusted proxies name in `X-Forwarded-For`
/// (`crate::configuration::TrustedProxies`).
#[derive(Clone, Debug)]
pub struct ClientAddress(pub Option<String>);

fn client_address(request: &Request, settings: &AuthSettings) -> ClientAddress {
    let Some(peer) = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip()) else {
        return ClientAddress(None);
    };
    let forwarded: Vec<&str> =
        request.headers().get_all("x-forwarded-for").iter().filter_map(|value| value.to_str().ok()).collect();
    ClientAddress(Some(settings.trusted_proxies.client_address(peer, &forwarded).to_string()))
}

/// 401 for a malformed, unknown or revoked API token.
fn invalid_token() -> ApiError {
    ApiError::BadRequest {
        status: StatusCode::UNAUTHORIZED,
        code: "invalid_token",
        message: "Token API tidak valid atau sudah dicabut.".to_owned(),
    }
}

/// How the request authenticated, with the session token when it came with a cookie (for the
/// CSRF check).
enum Credential {
    Token(TokenClient),
    Session { user: SignedInUser, token: Secret },
    None,
}

async fn authenticate(state: &AppState, headers: &HeaderMap, address: &ClientAddress) -> Result<Credential, ApiError> {
    let store = AuthStore::new(state.database.clone());
    if let Some(authorization) = headers.get(header::AUTHORIZATION) {
        let presented = authorization
            .to_str()
            .ok()
            .and_then(|value| value.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .and_then(|(_, token)| PresentedApiToken::parse(token.trim()))
            .ok_or_else(invalid_token)?;
        return token_client(&store, &state.auth, presented, address).await.map(Credential::Token);
    }
    let Some(token) = session::session_token_from(headers, &state.auth) else { return Ok(Credential::None) };
    let Some((token_sha256, row)) = session::live_session(&store, &state.auth, &token).await? else {
        return Ok(Credential::None);
    };
    let user = signed_in_user(&row.user, token_sha256)?;
    Ok(Credential::Session { user, token })
}

async fn token_client(
    store: &AuthStore,
    auth: &AuthState,
    presented: PresentedApiToken,
    address: &ClientAddress,
) -> Result<TokenClient, ApiError> {
    let row = store.token(&presented.id).await?.filter(|row| row.revoked_at.is_none());
    let Some(row) = row else { return Err(invalid_token()) };
    if !constant_time_eq(sha256_hex(presented.secret.expose()).as_bytes(), row.secret_sha256.as_bytes()) {
        tracing::warn!(token = %row.id, "an API token was presented with a wrong secret");
        return Err(invalid_token());
    }
    let indicator_codes: Vec<String> =
        serde_json::from_str(&row.indicator_codes).context("a stored token scope is not a JSON list")?;
    let indicator_codes = indicator_codes.iter().filter_map(|code| IndicatorCode::parse(code)).collect();
    let now = auth.now_millis();
    let stale = |cutoff_millis: u64| {
        row.last_used_at.as_ref().is_none_or(|used| *used <= clock::timestamp(now.saturating_sub(cutoff_millis)))
    };
    if stale(60_000) {
        store.touch_token(&row.id, &clock::timestamp(now)).await?;
    }
    if stale(3_600_000) {
        let event = NewSecurityEvent {
            event: audit::events::TOKEN_USED,
            actor: Some(format!("token:{}", row.id)),
            subject: Some(row.id.clone()),
            ip: address.0.clone(),
            detail: Some(row.name.clone()),
        };
        audit::record(store, auth, event).await;
    }
    Ok(TokenClient { id: row.id, name: row.name, indicator_codes })
}

/// The domain view of a stored user.
///
/// # Errors
/// A stored role or scope that the code does not know (a database edited by hand).
pub(crate) fn signed_in_user(row: &UserRow, session_token_sha256: String) -> Result<SignedInUser, ApiError> {
    let role = row.role;
    Ok(SignedInUser {
        id: row.id.clone(),
        username: row.username.clone(),
        display_name: row.display_name.clone(),
        role,
        scope: stored_scope(row, role)?,
        session_token_sha256,
    })
}

pub(crate) fn stored_scope(row: &UserRow, role: Role) -> Result<Scope, ApiError> {
    let indicator_codes: Vec<String> = serde_json::from_str(&row.indicator_codes)
        .with_context(|| format!("user {} has a scope that is not a JSON list", row.username))?;
    let wire = contract::Scope { unit_code: row.unit_code.clone(), indicator_codes };
    Scope::for_role(role, &wire, "scope").map_err(|_| {
        ApiError::Unexpected(anyhow::anyhow!("user {} has a scope that does not fit its role", row.username))
    })
}

/// The route layer that authorises every API request; see the module documentation.
pub async fn gate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let matched = request.extensions().get::<MatchedPath>().map(|path| path.as_str().to_owned());
    let Some(operation) = crate::openapi::find(request.method(), matched.as_deref()) else {
        if crate::openapi::OPERATIONS.iter().any(|operation| Some(operation.path) == matched.as_deref()) {
            // A documented path with another method: what axum would answer, without running
            // anything undocumented.
            return error_response(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "Metode HTTP ini tidak didukung untuk alamat tersebut.",
                None,
                &[],
            );
        }
        tracing::error!(method = %request.method(), path = ?matched, "a route is missing from crate::openapi::OPERATIONS");
        return error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "undocumented_route",
            "Alamat API ini belum terdokumentasi; laporkan ke pengembang.",
            None,
            &[],
        );
    };
    let mut response = authorise_and_run(&state, operation, request, next).await;
    let headers = response.headers_mut();
    if let Ok(id) = HeaderValue::from_str(operation.operation_id) {
        headers.insert(OPERATION_HEADER, id);
    }
    if operation.access != Access::Public || operation.path.starts_with("/api/v1/auth/") {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

async fn authorise_and_run(
    state: &AppState,
    operation: &crate::openapi::Operation,
    mut request: Request,
    next: Next,
) -> Response {
    let address = client_address(&request, state.auth.settings());
    let credential = match authenticate(state, request.headers(), &address).await {
        Ok(credential) => credential,
        Err(error) => return error.into_response(),
    };
    if csrf::is_state_changing(request.method()) {
        let public_url = state.auth.settings().public_url.as_deref();
        let checked = match &credential {
            Credential::Token(_) => Ok(()),
            Credential::Session { token, .. } if !operation.establishes_session && !operation.stores_nothing => {
                csrf::check_origin(request.headers(), public_url)
                    .and_then(|()| csrf::check_token(request.headers(), token.expose()))
            }
            _ => csrf::check_origin(request.headers(), public_url),
        };
        if let Err(error) = checked {
            return error.into_response();
        }
    }
    let principal = match credential {
        Credential::Token(token) => Principal::Token(token),
        Credential::Session { user, .. } => Principal::User(user),
        Credential::None => Principal::Anonymous,
    };
    if let Err(error) = operation.access.check(&principal) {
        return error.into_response();
    }
    if operation.operation_id == "score_batch" && matches!(principal, Principal::Anonymous) {
        match limit_anonymous_body(request) {
            Ok(limited) => request = limited,
            Err(refusal) => return refusal,
        }
    }
    request.extensions_mut().insert(principal);
    request.extensions_mut().insert(address);
    next.run(request).await
}

/// Largest batch an anonymous caller may send to the public scoring API; API tokens may send up
/// to the route's own limit (a national batch).
pub const ANONYMOUS_BATCH_BYTES: usize = 2 * 1024 * 1024;

/// Refuses an anonymous body over [`ANONYMOUS_BATCH_BYTES`] by its `Content-Length` before reading
/// it, and cuts a body without one at that size (the extractor then answers 413).
// The refusal is the answer itself, returned once straight to the client; boxing it would only
// add an allocation on the refused path.
#[allow(clippy::result_large_err)]
fn limit_anonymous_body(request: Request) -> Result<Request, Response> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok());
    if declared.is_some_and(|bytes| bytes > ANONYMOUS_BATCH_BYTES as u64) {
        return Err(error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "Tanpa token API, satu batch paling besar 2 MB. Kirim dalam beberapa bagian, atau gunakan token API.",
            None,
            &[],
        ));
    }
    Ok(request.map(|body| axum::body::Body::new(http_body_util::Limited::new(body, ANONYMOUS_BATCH_BYTES))))
}

/// Names the operation that answered (its OpenAPI `operationId`); lets tests prove that every
/// documented operation is routed.
pub const OPERATION_HEADER: &str = "x-sibekisar-operation";

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &AppState) -> Result<Self, Self::Rejection> {
        // Fail closed: a handler outside the gate must not guess who is asking.
        parts.extensions.get::<Principal>().cloned().ok_or_else(|| {
            ApiError::Unexpected(anyhow::anyhow!("Principal extracted on a route that the auth gate does not cover"))
        })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<ClientAddress>().cloned().unwrap_or(ClientAddress(None)))
    }
}

/// A demo account (created only when `Settings.load_demo_data` is on).
#[derive(Clone, Copy, Debug)]
pub struct DemoAccount {
    pub username: &'static str,
    pub display_name: &'static str,
    pub role: Role,
    pub unit_code: Option<&'static str>,
    pub indicator_codes: &'static [&'static str],
    pub label: &'static str,
}

/// The shared password of every demo account; documented, so never use demo mode in production.
pub const DEMO_PASSWORD: &str = "cettar-demo-2023";

pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        username: "admin.demo",
        display_name: "Admin Biro Organisasi (demo)",
        role: Role::Admin,
        unit_code: None,
        indicator_codes: &[],
        label: "Administrator Biro Organisasi",
    },
    DemoAccount {
        username: "pengampu.demo",
        display_name: "Pengampu Indikator (demo)",
        role: Role::Owner,
        unit_code: None,
        indicator_codes: &["OPINI_BPK", "SAKIP", "ZONA_INTEGRITAS"],
        label: "Pengampu indikator SAKIP, Opini BPK dan Zona Integritas",
    },
    DemoAccount {
        username: "unit.demo",
        display_name: "Admin Kabupaten Banyuwangi (demo)",
        role: Role::UnitAdmin,
        unit_code: Some("kabupaten-banyuwangi"),
        indicator_codes: &[],
        label: "Admin perangkat daerah Kabupaten Banyuwangi",
    },
    DemoAccount {
        username: "viewer.demo",
        display_name: "Peninjau (demo)",
        role: Role::Viewer,
        unit_code: None,
        indicator_codes: &[],
        label: "Peninjau (hanya baca)",
    },
];

/// How long a set-up or reset link stays valid.
pub const SETUP_LINK_LIFETIME: std::time::Duration = std::time::Duration::from_secs(72 * 3600);

/// What [`prepare_accounts`] did at start.
#[derive(Debug, Default)]
pub struct StartupAccounts {
    /// The first administrator's one-time set-up link (full URL), when the database has no account
    /// and demo mode is off. Printed to stdout; never logged.
    pub first_admin_link: Option<Secret>,
    /// Demo accounts created now (empty when they existed already or demo mode is off).
    pub demo_accounts_created: Vec<&'static str>,
}

/// First start and demo mode: in demo mode, creates the missing demo accounts; otherwise, when no
/// account exists, creates a one-time link (72 h) for the first administrator and replaces any
/// earlier unused one. Prints what it did to stdout (the link included: that is how the operator
/// gets it), never to the log.
///
/// # Errors
/// The database or the random source fails.
pub async fn prepare_accounts(state: &AppState, listening: SocketAddr) -> Result<StartupAccounts> {
    let store = AuthStore::new(state.database.clone());
    let auth = &state.auth;
    let mut outcome = StartupAccounts::default();
    if state.settings.load_demo_data {
        for account in DEMO_ACCOUNTS {
            if store.user_by_username(account.username).await?.is_some() {
                continue;
            }
            let hash = auth.passwords().hash(Secret::new(DEMO_PASSWORD), auth.settings().password_hashing).await?;
            let now = auth.now();
            let codes: Vec<&str> = account.indicator_codes.to_vec();
            store
                .insert_user(&UserRow {
                    id: crate::storage::new_id("usr"),
                    username: account.username.to_owned(),
                    display_name: account.display_name.to_owned(),
                    role: account.role,
                    unit_code: account.unit_code.map(str::to_owned),
                    indicator_codes: serde_json::to_string(&codes).context("codes serialise")?,
                    password_hash: Some(hash),
                    active: true,
                    created_at: now.clone(),
                    updated_at: now,
                    last_login_at: None,
                })
                .await?;
            outcome.demo_accounts_created.push(account.username);
        }
        if !outcome.demo_accounts_created.is_empty() {
            let event = NewSecurityEvent {
                event: audit::events::DEMO_ACCOUNTS_CREATED,
                detail: Some(outcome.demo_accounts_created.join(", ")),
                ..NewSecurityEvent::default()
            };
            audit::record(&store, auth, event).await;
        }
        println!("Mode demo: akun demo (kata sandi bersama `{DEMO_PASSWORD}`) / demo accounts (shared password):");
        for account in DEMO_ACCOUNTS {
            println!("  {:<14} {:<11} {}", account.username, account.role.code(), account.label);
        }
        return Ok(outcome);
    }
    if store.count_users().await? > 0 {
        return Ok(outcome);
    }
    let token = tokens::new_secret()?;
    let now = auth.now_millis();
    let expires_at = clock::timestamp(now.saturating_add(clock::millis(SETUP_LINK_LIFETIME)));
    store.replace_setup_link(&sha256_hex(token.expose()), None, None, &clock::timestamp(now), &expires_at).await?;
    let event = NewSecurityEvent {
        event: audit::events::FIRST_ADMIN_LINK_CREATED,
        detail: Some(format!("berlaku sampai {expires_at}")),
        ..NewSecurityEvent::default()
    };
    audit::record(&store, auth, event).await;
    let link = Secret::new(format!("{}/setup/{}", base_url_for_listening(auth.settings(), listening), token.expose()));
    println!("Buat akun administrator pertama (tautan sekali pakai, berlaku 72 jam): {}", link.expose());
    println!("Create the first administrator account (one-time link, valid 72 h): {}", link.expose());
    outcome.first_admin_link = Some(link);
    Ok(outcome)
}

/// The public URL, or the listening address (an unspecified address becomes the loopback one).
fn base_url_for_listening(settings: &AuthSettings, listening: SocketAddr) -> String {
    if let Some(url) = &settings.public_url {
        return url.clone();
    }
    let mut address = listening;
    if address.ip().is_unspecified() {
        address.set_ip(match address.ip() {
            IpAddr::V4(_) => IpAddr::from([127, 0, 0, 1]),
            IpAddr::V6(_) => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        });
    }
    let scheme = if settings.cookies_secure() { "https" } else { "http" };
    format!("{scheme}://{address}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_up_links_use_the_listening_address_or_the_public_url() {
        let mut settings = AuthSettings::for_tests();
        let any: SocketAddr = "0.0.0.0:3000".parse().expect("address");
        assert_eq!(base_url_for_listening(&settings, any), "http://127.0.0.1:3000");
        let local: SocketAddr = "127.0.0.1:8080".parse().expect("address");
        assert_eq!(base_url_for_listening(&settings, local), "http://127.0.0.1:8080");
        settings.public_url = Some("https://sibekisar.example".into());
        assert_eq!(base_url_for_listening(&settings, local), "https://sibekisar.example");
    }

    #[test]
    fn demo_accounts_cover_every_role_with_valid_scopes() {
        for role in ALL_ROLES {
            assert!(DEMO_ACCOUNTS.iter().any(|account| account.role == *role), "{role:?}");
        }
        for account in DEMO_ACCOUNTS {
            let wire = contract::Scope {
                unit_code: account.unit_code.map(str::to_owned),
                indicator_codes: account.indicator_codes.iter().map(|code| (*code).to_owned()).collect(),
            };
            assert!(Scope::for_role(account.role, &wire, "scope").is_ok(), "{}", account.username);
        }
    }
}
