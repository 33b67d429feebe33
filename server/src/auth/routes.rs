//! The `/api/v1/auth/*` and `/api/v1/admin/*` endpoints (and `/openapi.json`, served here so that
//! `routes/mod.rs` needs a single line to include all of this). Their access rules live in
//! `crate::openapi::OPERATIONS`; handlers here add what depends on the data.

use anyhow::Context;
use axum::Json;
use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post};
use contract::auth::{
    AccountChange, ApiToken, ApiTokens, AuditPage, CreatedAccount, CreatedToken, Login, NewAccount, NewToken,
    PasswordChange, SecurityEvent, SetupLink, SetupUse,
};
use contract::{Account, Accounts, DemoAccount, DemoAccounts, Me, Session, SetupLinkInfo, TokenIdentity, User};
use serde_json::Value;

use super::audit::{self, events};
use super::password::check_new_password;
use super::roles::{IndicatorCode, RoleLabel, parse_indicator_codes};
use super::session::{removal_cookie, session_cookie, session_token_from, start_session};
use super::store::{AuthStore, LinkUse, NewSecurityEvent, SecurityEventRow, TokenRow, UserRow};
use super::throttle::{FREE_FAILURES_PER_ADDRESS, FREE_FAILURES_PER_USER, Throttle, address_key, user_key};
use super::tokens::{PresentedApiToken, Secret, is_secret_shaped, new_secret, new_token_id, sha256_hex};
use super::{
    AuthState, ClientAddress, DEMO_ACCOUNTS, Principal, Role, SETUP_LINK_LIFETIME, Scope, clock, csrf, require_role,
    require_user, stored_scope,
};
use crate::error::{ApiError, Problem, error_response};
use crate::http::ApiJson;
use crate::openapi;
use crate::startup::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(openapi::route("openapi"), get(openapi_document))
        .route(openapi::route("login"), post(login))
        .route(openapi::route("logout"), post(logout))
        .route(openapi::route("me"), get(me))
        .route(openapi::route("change_password"), post(change_password))
        .route(openapi::route("setup_link"), get(setup_link_info))
        .route(openapi::route("use_setup_link"), post(use_setup_link))
        .route(openapi::route("demo_accounts"), get(demo_accounts))
        .route(openapi::route("list_users"), get(list_users))
        .route(openapi::route("create_user"), post(create_user))
        .route(openapi::route("update_user"), patch(update_user))
        .route(openapi::route("create_reset_link"), post(create_reset_link))
        .route(openapi::route("list_tokens"), get(list_tokens))
        .route(openapi::route("create_token"), post(create_token))
        .route(openapi::route("revoke_token"), delete(revoke_token))
        .route(openapi::route("security_audit"), get(security_audit))
}

// ---------------------------------------------------------------------------------------------
// Wire types

// ---------------------------------------------------------------------------------------------
// Helpers

fn user_view(row: &UserRow) -> Result<User, ApiError> {
    let role = row.role;
    Ok(User {
        username: row.username.clone(),
        display_name: row.display_name.clone(),
        role,
        role_label: Some(role.label().to_owned()),
        scope: stored_scope(row, role)?.to_wire(),
    })
}

fn admin_user_view(row: &UserRow) -> Result<Account, ApiError> {
    let User { username, display_name, role, role_label, scope } = user_view(row)?;
    Ok(Account {
        username,
        display_name,
        role,
        role_label: role_label.unwrap_or_default(),
        scope,
        active: row.active,
        has_password: row.password_hash.is_some(),
        created_at: row.created_at.clone(),
        last_login_at: row.last_login_at.clone(),
    })
}

fn token_view(row: TokenRow) -> ApiToken {
    let indicator_codes = serde_json::from_str(&row.indicator_codes).unwrap_or_default();
    ApiToken {
        id: row.id,
        name: row.name,
        indicator_codes,
        created_by: row.created_by,
        created_at: row.created_at,
        last_used_at: row.last_used_at,
        revoked_at: row.revoked_at,
    }
}

fn invalid(code: &str, message: impl Into<String>, field: &str) -> ApiError {
    ApiError::Invalid(vec![Problem::new(code, message, Some(field.to_owned()))])
}

fn invalid_credentials() -> ApiError {
    ApiError::BadRequest {
        status: StatusCode::UNAUTHORIZED,
        code: "invalid_credentials",
        message: "Nama pengguna atau kata sandi salah.".to_owned(),
    }
}

fn too_many_attempts(wait_millis: u64) -> Response {
    let mut response = error_response(
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_attempts",
        "Terlalu banyak percobaan masuk yang gagal. Tunggu beberapa saat, lalu coba lagi.",
        None,
        &[],
    );
    let seconds = wait_millis.div_ceil(1000).max(1);
    if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

fn setup_link_invalid() -> ApiError {
    ApiError::BadRequest {
        status: StatusCode::NOT_FOUND,
        code: "setup_link_invalid",
        message:
            "Tautan ini tidak berlaku: mungkin sudah dipakai atau kedaluwarsa. Minta tautan baru kepada administrator."
                .to_owned(),
    }
}

fn user_not_found() -> ApiError {
    ApiError::BadRequest {
        status: StatusCode::NOT_FOUND,
        code: "user_not_found",
        message: "Pengguna tidak ditemukan.".to_owned(),
    }
}

/// A path parameter; a malformed one is a 404 in the API's shape.
fn path_value(path: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    path.map(|Path(value)| value).map_err(|_| ApiError::NotFound)
}

/// Login names are compared in lower case, without surrounding blanks; bounded so that the
/// throttle's keys stay small.
fn normalise_username(text: &str) -> String {
    text.trim().to_lowercase().chars().take(64).collect()
}

/// A new username: 3–40 of a-z 0-9 `.` `_` `-`, starting with a letter or digit.
fn parse_new_username(text: &str, field: &str) -> Result<String, Problem> {
    let username = text.trim().to_lowercase();
    let valid = (3..=40).contains(&username.len())
        && username.bytes().next().is_some_and(|byte| byte.is_ascii_alphanumeric())
        && username.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || b"._-".contains(&byte));
    if valid {
        Ok(username)
    } else {
        Err(Problem::new(
            "invalid_username",
            "Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung (contoh: budi.santoso).",
            Some(field.to_owned()),
        ))
    }
}

fn parse_display_name(text: Option<&str>, fallback: &str, field: &str) -> Result<String, Problem> {
    let name = text.map_or(fallback, str::trim);
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(Problem::new(
            "invalid_display_name",
            "Nama tampilan wajib diisi, paling banyak 100 karakter.",
            Some(field.to_owned()),
        ));
    }
    Ok(name.to_owned())
}

fn parse_role(text: &str, field: &str) -> Result<Role, Problem> {
    Role::parse(text).ok_or_else(|| {
        Problem::new(
            "invalid_role",
            "Peran harus salah satu dari: admin, owner, unit_admin, viewer.",
            Some(field.to_owned()),
        )
    })
}

/// A unit admin's unit must exist and be active (the scope's syntax is checked by `Scope::for_role`).
async fn require_known_unit(state: &AppState, scope: &Scope) -> Result<(), ApiError> {
    let Scope::Unit(unit) = scope else { return Ok(()) };
    match state.database.unit_by_code(unit.as_str()).await? {
        Some(row) if row.active => Ok(()),
        _ => Err(ApiError::Invalid(vec![Problem::new(
            "unknown_unit",
            format!("Unit `{}` tidak dikenal atau tidak aktif.", unit.as_str()),
            Some("scope.unit_code".to_owned()),
        )])),
    }
}

fn scope_columns(scope: &Scope) -> Result<(Option<String>, String), ApiError> {
    let wire = scope.to_wire();
    let codes = serde_json::to_string(&wire.indicator_codes).context("codes serialise")?;
    Ok((wire.unit_code, codes))
}

/// `https://host` from the configured public URL or the request's `Host`.
fn base_url(auth: &AuthState, headers: &HeaderMap) -> Option<String> {
    if let Some(url) = &auth.settings().public_url {
        return Some(url.clone());
    }
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let scheme = if auth.settings().cookies_secure() { "https" } else { "http" };
    Some(format!("{scheme}://{host}"))
}

/// Creates a one-time link for a user (replacing its unused ones) and records it.
async fn new_password_link(
    state: &AppState,
    store: &AuthStore,
    headers: &HeaderMap,
    user: &UserRow,
    admin: &str,
    address: &ClientAddress,
) -> Result<SetupLink, ApiError> {
    let token = new_secret()?;
    let now = state.auth.now_millis();
    let expires_at = clock::timestamp(now.saturating_add(clock::millis(SETUP_LINK_LIFETIME)));
    store
        .replace_setup_link(
            &sha256_hex(token.expose()),
            Some(&user.id),
            Some(admin),
            &clock::timestamp(now),
            &expires_at,
        )
        .await?;
    let event = NewSecurityEvent {
        event: events::SETUP_LINK_CREATED,
        actor: Some(admin.to_owned()),
        subject: Some(user.username.clone()),
        ip: address.0.clone(),
        detail: Some(format!("berlaku sampai {expires_at}")),
    };
    audit::record(store, &state.auth, event).await;
    let path = format!("/setup/{}", token.expose());
    let url = base_url(&state.auth, headers).map(|base| format!("{base}{path}"));
    Ok(SetupLink { path, url, expires_at })
}

/// The 200 answer of a successful login or set-up: the session cookie and the CSRF token.
fn session_response(auth: &AuthState, token: &Secret, user: &UserRow) -> Result<Response, ApiError> {
    let body = Session { user: user_view(user)?, csrf_token: csrf::csrf_token_for(token.expose()) };
    let cookie = HeaderValue::from_str(&session_cookie(token, auth)).context("a session cookie is ASCII")?;
    Ok(([(header::SET_COOKIE, cookie)], Json(body)).into_response())
}

// ---------------------------------------------------------------------------------------------
// Handlers

async fn openapi_document() -> Json<Value> {
    Json(crate::openapi::document())
}

#[tracing::instrument(skip_all)]
async fn login(
    State(state): State<AppState>,
    address: ClientAddress,
    headers: HeaderMap,
    ApiJson(request): ApiJson<Login>,
) -> Result<Response, ApiError> {
    let auth = &state.auth;
    let store = AuthStore::new(state.database.clone());
    let username = normalise_username(&request.username);
    if username.is_empty() || request.password.0.is_empty() {
        return Err(invalid("credentials_required", "Isi nama pengguna dan kata sandi.", "username"));
    }
    let mut keys = vec![(user_key(&username), FREE_FAILURES_PER_USER)];
    if let Some(address) = &address.0 {
        keys.push((address_key(address), FREE_FAILURES_PER_ADDRESS));
    }
    // Counted as a failure now, before the password is checked: a parallel burst stops at the limit.
    let throttle = Throttle::new(state.database.clone());
    let attempt = match throttle.begin(&keys, auth.now_millis()).await? {
        Ok(attempt) => attempt,
        Err(wait) => {
            state.metrics.count_throttled_login();
            return Ok(too_many_attempts(wait));
        }
    };
    let user = store.user_by_username(&username).await?;
    let (stored_hash, reason) = match &user {
        None => (None, "pengguna tidak dikenal"),
        Some(user) if !user.active => (None, "akun nonaktif"),
        Some(user) if user.password_hash.is_none() => (None, "akun belum diaktifkan"),
        Some(user) => (user.password_hash.clone(), "kata sandi salah"),
    };
    let usable = stored_hash.is_some();
    // Always verify something, so that unknown users take as long as wrong passwords.
    let hash = stored_hash.unwrap_or_else(|| auth.dummy_hash().to_owned());
    let matches = match auth.passwords().verify(Secret::from(request.password), hash).await {
        Ok(matches) => matches && usable,
        Err(error) => {
            // Not checked (the server is busy): not a failure of this user or address.
            throttle.give_back(attempt, auth.now_millis()).await?;
            return Err(error);
        }
    };
    let (Some(user), true) = (user, matches) else {
        let failed = NewSecurityEvent {
            event: events::LOGIN_FAILED,
            actor: None,
            subject: Some(username.clone()),
            ip: address.0.clone(),
            detail: Some(reason.to_owned()),
        };
        audit::record(&store, auth, failed.clone()).await;
        if attempt.locked_a_key() {
            let locked = NewSecurityEvent { event: events::LOGIN_LOCKED, detail: None, ..failed };
            audit::record(&store, auth, locked).await;
        }
        return Err(invalid_credentials());
    };
    throttle.succeeded(attempt, &user_key(&username), auth.now_millis()).await?;
    // A new session on every login (no session fixation); a previous one from this browser ends.
    if let Some(old) = session_token_from(&headers, &state.auth) {
        store.delete_session(&sha256_hex(old.expose())).await?;
    }
    let token = start_session(&store, auth, &user.id, address.0.as_deref()).await?;
    store.record_login(&user.id, &auth.now()).await?;
    let event = NewSecurityEvent {
        event: events::LOGIN_SUCCEEDED,
        actor: Some(user.username.clone()),
        subject: Some(user.username.clone()),
        ip: address.0.clone(),
        detail: None,
    };
    audit::record(&store, auth, event).await;
    session_response(auth, &token, &user)
}

#[tracing::instrument(skip_all)]
async fn logout(
    State(state): State<AppState>,
    principal: Principal,
    address: ClientAddress,
) -> Result<Response, ApiError> {
    let store = AuthStore::new(state.database.clone());
    if let Principal::User(user) = &principal {
        store.delete_session(&user.session_token_sha256).await?;
        let event = NewSecurityEvent {
            event: events::LOGOUT,
            actor: Some(user.username.clone()),
            subject: Some(user.username.clone()),
            ip: address.0,
            detail: None,
        };
        audit::record(&store, &state.auth, event).await;
    }
    let cookie = HeaderValue::from_str(&removal_cookie(&state.auth)).context("a cookie is ASCII")?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

#[tracing::instrument(skip_all)]
async fn me(State(state): State<AppState>, principal: Principal, headers: HeaderMap) -> Result<Json<Me>, ApiError> {
    match principal {
        Principal::Anonymous => Ok(Json(Me { user: None, csrf_token: None, token: None })),
        Principal::Token(token) => Ok(Json(Me {
            user: None,
            csrf_token: None,
            token: Some(TokenIdentity {
                id: token.id,
                name: token.name,
                indicator_codes: token.indicator_codes.iter().map(|code| code.as_str().to_owned()).collect(),
            }),
        })),
        Principal::User(user) => {
            let token = session_token_from(&headers, &state.auth).ok_or_else(super::unauthenticated)?;
            let view = User {
                username: user.username.clone(),
                display_name: user.display_name.clone(),
                role: user.role,
                role_label: Some(user.role.label().to_owned()),
                scope: user.scope.to_wire(),
            };
            Ok(Json(Me { user: Some(view), csrf_token: Some(csrf::csrf_token_for(token.expose())), token: None }))
        }
    }
}

#[tracing::instrument(skip_all)]
async fn change_password(
    State(state): State<AppState>,
    principal: Principal,
    address: ClientAddress,
    ApiJson(request): ApiJson<PasswordChange>,
) -> Result<Response, ApiError> {
    let current_password = Secret::from(request.current_password);
    let new_password = Secret::from(request.new_password);
    let user = require_user(&principal)?;
    let auth = &state.auth;
    let store = AuthStore::new(state.database.clone());
    let keys = vec![(user_key(&user.username), FREE_FAILURES_PER_USER)];
    let throttle = Throttle::new(state.database.clone());
    let attempt = match throttle.begin(&keys, auth.now_millis()).await? {
        Ok(attempt) => attempt,
        Err(wait) => {
            state.metrics.count_throttled_login();
            return Ok(too_many_attempts(wait));
        }
    };
    let row = store.user_by_username(&user.username).await?.ok_or_else(super::unauthenticated)?;
    let current_hash = row.password_hash.clone().unwrap_or_else(|| auth.dummy_hash().to_owned());
    let matches = match auth.passwords().verify(current_password.clone(), current_hash).await {
        Ok(matches) => matches,
        Err(error) => {
            throttle.give_back(attempt, auth.now_millis()).await?;
            return Err(error);
        }
    };
    if !matches {
        return Err(invalid("wrong_current_password", "Kata sandi saat ini salah.", "current_password"));
    }
    throttle.succeeded(attempt, &user_key(&user.username), auth.now_millis()).await?;
    check_new_password(&new_password, &user.username, "new_password")
        .map_err(|problem| ApiError::Invalid(vec![problem]))?;
    if new_password == current_password {
        return Err(invalid(
            "password_unchanged",
            "Kata sandi baru harus berbeda dari kata sandi saat ini.",
            "new_password",
        ));
    }
    let hash = auth.passwords().hash(new_password, auth.settings().password_hashing).await?;
    store.set_password_ending_other_sessions(&user.id, &hash, &user.session_token_sha256, &auth.now()).await?;
    let event = NewSecurityEvent {
        event: events::PASSWORD_CHANGED,
        actor: Some(user.username.clone()),
        subject: Some(user.username.clone()),
        ip: address.0,
        detail: Some("sesi lain diakhiri".to_owned()),
    };
    audit::record(&store, auth, event).await;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The stored link of a token from the URL, if it can still be used.
async fn usable_link(state: &AppState, store: &AuthStore, token: &str) -> Result<super::store::SetupLinkRow, ApiError> {
    if !is_secret_shaped(token) {
        return Err(setup_link_invalid());
    }
    let link = store.setup_link(&sha256_hex(token)).await?.ok_or_else(setup_link_invalid)?;
    let usable = link.used_at.is_none()
        && link.expires_at > state.auth.now()
        && (link.purpose != "first_admin" || store.count_users().await? == 0);
    if usable { Ok(link) } else { Err(setup_link_invalid()) }
}

#[tracing::instrument(skip_all)]
async fn setup_link_info(
    State(state): State<AppState>,
    token: Result<Path<String>, PathRejection>,
) -> Result<Json<SetupLinkInfo>, ApiError> {
    let token = path_value(token)?;
    let store = AuthStore::new(state.database.clone());
    let link = usable_link(&state, &store, &token).await?;
    Ok(Json(SetupLinkInfo { purpose: link.purpose, username: link.username, expires_at: Some(link.expires_at) }))
}

#[tracing::instrument(skip_all)]
async fn use_setup_link(
    State(state): State<AppState>,
    token: Result<Path<String>, PathRejection>,
    address: ClientAddress,
    ApiJson(request): ApiJson<SetupUse>,
) -> Result<Response, ApiError> {
    let password = Secret::from(request.password);
    let token = path_value(token)?;
    let auth = &state.auth;
    let store = AuthStore::new(state.database.clone());
    let link = usable_link(&state, &store, &token).await?;
    let token_sha256 = sha256_hex(&token);
    let now = auth.now();
    let user = if link.purpose == "first_admin" {
        let mut problems = Vec::new();
        let username = parse_new_username(request.username.as_deref().unwrap_or(""), "username")
            .map_err(|problem| problems.push(problem))
            .unwrap_or_default();
        let fallback_name = if username.is_empty() { "-" } else { username.as_str() };
        let display_name = parse_display_name(request.display_name.as_deref(), fallback_name, "display_name")
            .map_err(|problem| problems.push(problem))
            .unwrap_or_default();
        if let Err(problem) = check_new_password(&password, &username, "password") {
            problems.push(problem);
        }
        if !problems.is_empty() {
            return Err(ApiError::Invalid(problems));
        }
        let hash = state.auth.passwords().hash(password, state.auth.settings().password_hashing).await?;
        let admin = UserRow {
            id: crate::storage::new_id("usr"),
            username: username.clone(),
            display_name,
            role: Role::Admin,
            unit_code: None,
            indicator_codes: "[]".to_owned(),
            password_hash: Some(hash),
            active: true,
            created_at: now.clone(),
            updated_at: now.clone(),
            last_login_at: None,
        };
        if store.use_first_admin_link(&token_sha256, &admin, &now).await? == LinkUse::Invalid {
            return Err(setup_link_invalid());
        }
        let event = NewSecurityEvent {
            event: events::USER_CREATED,
            actor: Some(username.clone()),
            subject: Some(username.clone()),
            ip: address.0.clone(),
            detail: Some("administrator pertama".to_owned()),
        };
        audit::record(&store, auth, event).await;
        admin
    } else {
        let username = link.username.clone().ok_or_else(setup_link_invalid)?;
        check_new_password(&password, &username, "password").map_err(|problem| ApiError::Invalid(vec![problem]))?;
        let hash = state.auth.passwords().hash(password, state.auth.settings().password_hashing).await?;
        if store.use_password_link(&token_sha256, &hash, &now).await? == LinkUse::Invalid {
            return Err(setup_link_invalid());
        }
        store.user_by_username(&username).await?.ok_or_else(setup_link_invalid)?
    };
    let event = NewSecurityEvent {
        event: events::SETUP_LINK_USED,
        actor: Some(user.username.clone()),
        subject: Some(user.username.clone()),
        ip: address.0.clone(),
        detail: Some(link.purpose.clone()),
    };
    audit::record(&store, auth, event).await;
    if !user.active {
        // The password is set, but an inactive account does not get a session.
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    let session = start_session(&store, auth, &user.id, address.0.as_deref()).await?;
    store.record_login(&user.id, &now).await?;
    session_response(auth, &session, &user)
}

async fn demo_accounts(State(state): State<AppState>) -> Result<Json<DemoAccounts>, ApiError> {
    if !state.settings.load_demo_data {
        return Err(ApiError::NotFound);
    }
    let accounts = DEMO_ACCOUNTS
        .iter()
        .map(|account| DemoAccount {
            username: account.username.to_owned(),
            role: account.role,
            label: account.label.to_owned(),
        })
        .collect();
    Ok(Json(DemoAccounts { accounts }))
}

#[tracing::instrument(skip_all)]
async fn list_users(State(state): State<AppState>, principal: Principal) -> Result<Json<Accounts>, ApiError> {
    require_role(&principal, &[Role::Admin])?;
    let store = AuthStore::new(state.database.clone());
    let users = store.users().await?.iter().map(admin_user_view).collect::<Result<Vec<_>, _>>()?;
    Ok(Json(Accounts { users }))
}

#[tracing::instrument(skip_all)]
async fn create_user(
    State(state): State<AppState>,
    principal: Principal,
    address: ClientAddress,
    headers: HeaderMap,
    ApiJson(request): ApiJson<NewAccount>,
) -> Result<Response, ApiError> {
    let admin = require_role(&principal, &[Role::Admin])?;
    let store = AuthStore::new(state.database.clone());
    let mut problems = Vec::new();
    let username = parse_new_username(&request.username, "username").map_err(|problem| problems.push(problem)).ok();
    let display_name =
        parse_display_name(request.display_name.as_deref(), username.as_deref().unwrap_or("-"), "display_name")
            .map_err(|problem| problems.push(problem))
            .ok();
    let role = parse_role(&request.role, "role").map_err(|problem| problems.push(problem)).ok();
    let scope = role
        .and_then(|role| Scope::for_role(role, &request.scope, "scope").map_err(|found| problems.extend(found)).ok());
    let (Some(username), Some(display_name), Some(role), Some(scope), true) =
        (username, display_name, role, scope, problems.is_empty())
    else {
        return Err(ApiError::Invalid(problems));
    };
    if store.user_by_username(&username).await?.is_some() {
        return Err(ApiError::BadRequest {
            status: StatusCode::CONFLICT,
            code: "username_taken",
            message: format!("Nama pengguna `{username}` sudah dipakai."),
        });
    }
    require_known_unit(&state, &scope).await?;
    let (unit_code, indicator_codes) = scope_columns(&scope)?;
    let now = state.auth.now();
    let user = UserRow {
        id: crate::storage::new_id("usr"),
        username: username.clone(),
        display_name,
        role,
        unit_code,
        indicator_codes,
        password_hash: None,
        active: true,
        created_at: now.clone(),
        updated_at: now,
        last_login_at: None,
    };
    store.insert_user(&user).await?;
    let event = NewSecurityEvent {
        event: events::USER_CREATED,
        actor: Some(admin.username.clone()),
        subject: Some(username),
        ip: address.0.clone(),
        detail: Some(describe_role_and_scope(role, &scope)),
    };
    audit::record(&store, &state.auth, event).await;
    let link = new_password_link(&state, &store, &headers, &user, &admin.username, &address).await?;
    let body = CreatedAccount { user: admin_user_view(&user)?, setup_link: link };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

fn describe_role_and_scope(role: Role, scope: &Scope) -> String {
    match scope {
        Scope::Everything => role.code().to_owned(),
        Scope::Unit(unit) => format!("{} unit {}", role.code(), unit.as_str()),
        Scope::Indicators(codes) => {
            let codes: Vec<&str> = codes.iter().map(IndicatorCode::as_str).collect();
            format!("{} indikator {}", role.code(), codes.join(","))
        }
    }
}

#[tracing::instrument(skip_all)]
async fn update_user(
    State(state): State<AppState>,
    principal: Principal,
    address: ClientAddress,
    username: Result<Path<String>, PathRejection>,
    ApiJson(request): ApiJson<AccountChange>,
) -> Result<Json<Account>, ApiError> {
    let admin = require_role(&principal, &[Role::Admin])?;
    let username = normalise_username(&path_value(username)?);
    let store = AuthStore::new(state.database.clone());
    let before = store.user_by_username(&username).await?.ok_or_else(user_not_found)?;
    let old_role = before.role;
    let old_scope = stored_scope(&before, old_role)?;
    let mut problems = Vec::new();
    let role = match request.role.as_deref() {
        Some(text) => parse_role(text, "role").map_err(|problem| problems.push(problem)).unwrap_or(old_role),
        None => old_role,
    };
    let display_name = parse_display_name(request.display_name.as_deref(), &before.display_name, "display_name")
        .map_err(|problem| problems.push(problem))
        .unwrap_or_default();
    let scope = match (&request.scope, role == old_role) {
        (Some(wire), _) => Scope::for_role(role, wire, "scope").map_err(|found| problems.extend(found)).ok(),
        (None, true) => Some(old_scope.clone()),
        // A new role without a new scope: admins and viewers need none; others must say which.
        (None, false) => {
            Scope::for_role(role, &contract::Scope::default(), "scope").map_err(|found| problems.extend(found)).ok()
        }
    };
    let (Some(scope), true) = (scope, problems.is_empty()) else {
        return Err(ApiError::Invalid(problems));
    };
    require_known_unit(&state, &scope).await?;
    let (unit_code, indicator_codes) = scope_columns(&scope)?;
    let active = request.active.unwrap_or(before.active);
    let after = UserRow {
        display_name,
        role,
        unit_code,
        indicator_codes,
        active,
        updated_at: state.auth.now(),
        ..before.clone()
    };
    if !store.update_user(&after).await? {
        return Err(invalid("last_admin", "Harus ada setidaknya satu administrator aktif.", "role"));
    }
    let mut changes = Vec::new();
    if role != old_role {
        changes.push((events::ROLE_CHANGED, format!("{} → {}", old_role.code(), role.code())));
    }
    if scope != old_scope {
        changes.push((
            events::SCOPE_CHANGED,
            format!("{} → {}", describe_role_and_scope(old_role, &old_scope), describe_role_and_scope(role, &scope)),
        ));
    }
    if active != before.active {
        let event = if active { events::USER_ACTIVATED } else { events::USER_DEACTIVATED };
        changes.push((event, String::new()));
    }
    for (event, detail) in changes {
        let event = NewSecurityEvent {
            event,
            actor: Some(admin.username.clone()),
            subject: Some(username.clone()),
            ip: address.0.clone(),
            detail: (!detail.is_empty()).then_some(detail),
        };
        audit::record(&store, &state.auth, event).await;
    }
    Ok(Json(admin_user_view(&after)?))
}

#[tracing::instrument(skip_all)]
async fn create_reset_link(
    State(state): State<AppState>,
    principal: Principal,
    address: ClientAddress,
    headers: HeaderMap,
    username: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let admin = require_role(&principal, &[Role::Admin])?;
    let username = normalise_username(&path_value(username)?);
    let store = AuthStore::new(state.database.clone());
    let user = store.user_by_username(&username).await?.ok_or_else(user_not_found)?;
    let link = new_password_link(&state, &store, &headers, &user, &admin.username, &address).await?;
    Ok((StatusCode::CREATED, Json(link)).into_response())
}

#[tracing::instrument(skip_all)]
async fn list_tokens(State(state): State<AppState>, principal: Principal) -> Result<Json<ApiTokens>, ApiError> {
    require_role(&principal, &[Role::Admin])?;
    let store = AuthStore::new(state.database.clone());
    let tokens = store.tokens().await?.into_iter().map(token_view).collect();
    Ok(Json(ApiTokens { tokens }))
}

#[tracing::instrument(skip_all)]
async fn create_token(
    State(state): State<AppState>,
    principal: Principal,
    address: ClientAddress,
    ApiJson(request): ApiJson<NewToken>,
) -> Result<Response, ApiError> {
    let admin = require_role(&principal, &[Role::Admin])?;
    let mut problems = Vec::new();
    let name = request.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        problems.push(Problem::new(
            "invalid_token_name",
            "Nama token wajib diisi, paling banyak 100 karakter (contoh: BPKAD — Opini BPK).",
            Some("name".to_owned()),
        ));
    }
    let codes =
        parse_indicator_codes(&request.indicator_codes, "indicator_codes").map_err(|found| problems.extend(found)).ok();
    let (Some(codes), true) = (codes, problems.is_empty()) else {
        return Err(ApiError::Invalid(problems));
    };
    let store = AuthStore::new(state.database.clone());
    let id = new_token_id()?;
    let secret = new_secret()?;
    let codes: Vec<&str> = codes.iter().map(IndicatorCode::as_str).collect();
    let row = TokenRow {
        id: id.clone(),
        name: name.clone(),
        indicator_codes: serde_json::to_string(&codes).context("codes serialise")?,
        secret_sha256: sha256_hex(secret.expose()),
        created_by: admin.username.clone(),
        created_at: state.auth.now(),
        last_used_at: None,
        revoked_at: None,
    };
    store.insert_token(&row).await?;
    let event = NewSecurityEvent {
        event: events::TOKEN_CREATED,
        actor: Some(admin.username.clone()),
        subject: Some(id.clone()),
        ip: address.0,
        detail: Some(format!("{name}: {}", codes.join(","))),
    };
    audit::record(&store, &state.auth, event).await;
    let presented = PresentedApiToken::format(&id, &secret);
    let body = CreatedToken {
        token: token_view(row),
        secret: presented.expose().to_owned(),
        note: "Simpan token ini sekarang: token tidak dapat ditampilkan lagi.".to_owned(),
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

#[tracing::instrument(skip_all)]
async fn revoke_token(
    State(state): State<AppState>,
    principal: Principal,
    address: ClientAddress,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let admin = require_role(&principal, &[Role::Admin])?;
    let id = path_value(id)?;
    let store = AuthStore::new(state.database.clone());
    if !store.revoke_token(&id, &state.auth.now()).await? {
        return Err(ApiError::BadRequest {
            status: StatusCode::NOT_FOUND,
            code: "token_not_found",
            message: "Token tidak ditemukan atau sudah dicabut.".to_owned(),
        });
    }
    let event = NewSecurityEvent {
        event: events::TOKEN_REVOKED,
        actor: Some(admin.username.clone()),
        subject: Some(id),
        ip: address.0,
        detail: None,
    };
    audit::record(&store, &state.auth, event).await;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Largest page of the security audit.
const MAX_AUDIT_PAGE: i64 = 200;

#[tracing::instrument(skip_all)]
async fn security_audit(
    State(state): State<AppState>,
    principal: Principal,
    RawQuery(query): RawQuery,
) -> Result<Json<AuditPage>, ApiError> {
    require_role(&principal, &[Role::Admin])?;
    let mut before = i64::MAX;
    let mut limit = 50;
    for pair in query.as_deref().unwrap_or("").split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        match name {
            "before" => {
                before = value.parse().ok().filter(|before: &i64| *before > 0).ok_or_else(|| {
                    invalid(
                        "invalid_query",
                        "`before` harus berupa nomor peristiwa (bilangan bulat positif).",
                        "before",
                    )
                })?;
            }
            "limit" => {
                limit = value.parse().ok().filter(|limit| (1..=MAX_AUDIT_PAGE).contains(limit)).ok_or_else(|| {
                    invalid("invalid_query", format!("`limit` harus antara 1 dan {MAX_AUDIT_PAGE}."), "limit")
                })?;
            }
            _ => {}
        }
    }
    let store = AuthStore::new(state.database.clone());
    let rows: Vec<SecurityEventRow> = store.events(before, limit).await?;
    let next_before =
        (i64::try_from(rows.len()).unwrap_or(0) == limit).then(|| rows.last().map(|row| row.id)).flatten();
    let events = rows
        .into_iter()
        .map(|row| SecurityEvent {
            id: row.id,
            occurred_at: row.occurred_at,
            event: row.event,
            actor: row.actor,
            subject: row.subject,
            ip: row.ip,
            detail: row.detail,
        })
        .collect();
    Ok(Json(AuditPage { events, next_before }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_usernames_are_lower_case_and_plain() {
        assert_eq!(parse_new_username(" Budi.Santoso ", "username"), Ok("budi.santoso".to_owned()));
        for bad in ["ab", ".budi", "budi santoso", "budi@x", &"b".repeat(41)] {
            assert!(parse_new_username(bad, "username").is_err(), "{bad}");
        }
    }
}
