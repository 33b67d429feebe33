//! The SQL of accounts, sessions, set-up links, API tokens and the security audit, written once
//! and compiled for each engine (the same pattern and conventions as `crate::storage`: `$n`
//! placeholders in order of appearance, portable SQL, TEXT timestamps compared as text).
//!
//! [`AuthStore`] picks the engine at run time; callers pass "now" (from the injected clock).

use anyhow::Result;

use super::Role;
use crate::storage::Database;
use crate::storage::dispatch::{in_transaction, on_connection};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
    /// Parsed when read: a stored role the code does not know is an error, not a string.
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub unit_code: Option<String>,
    /// JSON array text.
    pub indicator_codes: String,
    pub password_hash: Option<String>,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
    pub last_login_at: Option<String>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SessionUserRow {
    #[sqlx(flatten)]
    pub user: UserRow,
    pub last_seen_at: String,
    pub expires_at: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SetupLinkRow {
    pub purpose: String,
    pub user_id: Option<String>,
    pub username: Option<String>,
    pub expires_at: String,
    pub used_at: Option<String>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TokenRow {
    pub id: String,
    pub name: String,
    pub indicator_codes: String,
    pub secret_sha256: String,
    pub created_by: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SecurityEventRow {
    pub id: i64,
    pub occurred_at: String,
    pub event: String,
    pub actor: Option<String>,
    pub subject: Option<String>,
    pub ip: Option<String>,
    pub detail: Option<String>,
}

/// A security event to record.
#[derive(Clone, Debug, Default)]
pub struct NewSecurityEvent {
    pub event: &'static str,
    pub actor: Option<String>,
    pub subject: Option<String>,
    pub ip: Option<String>,
    pub detail: Option<String>,
}

const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.role, u.unit_code, u.indicator_codes, u.password_hash, \
u.active, u.created_at, u.updated_at, u.last_login_at";

macro_rules! define_queries {
    ($engine:ty, $engine_module:ident) => {
        use anyhow::{Context, Result};

        use super::super::{
            NewSecurityEvent, SecurityEventRow, SessionUserRow, SetupLinkRow, TokenRow, USER_COLUMNS, UserRow,
        };

        type Connection = <$engine as sqlx::Database>::Connection;

        pub async fn count_users(connection: &mut Connection) -> Result<i64> {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users")
                .fetch_one(&mut *connection)
                .await
                .context("cannot count users")
        }

        pub async fn count_active_admins(connection: &mut Connection) -> Result<i64> {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = $1")
                .bind(true)
                .fetch_one(&mut *connection)
                .await
                .context("cannot count administrators")
        }

        pub async fn user_by_username(connection: &mut Connection, username: &str) -> Result<Option<UserRow>> {
            sqlx::query_as::<_, UserRow>(&format!("SELECT {USER_COLUMNS} FROM users u WHERE u.username = $1"))
                .bind(username)
                .fetch_optional(&mut *connection)
                .await
                .context("cannot read a user")
        }

        pub async fn users(connection: &mut Connection) -> Result<Vec<UserRow>> {
            sqlx::query_as::<_, UserRow>(&format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.username"))
                .fetch_all(&mut *connection)
                .await
                .context("cannot read users")
        }

        pub async fn insert_user(connection: &mut Connection, user: &UserRow) -> Result<()> {
            sqlx::query(
                "INSERT INTO users (id, username, display_name, role, unit_code, indicator_codes, password_hash, \
                 active, created_at, updated_at, last_login_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(&user.id)
            .bind(&user.username)
            .bind(&user.display_name)
            .bind(user.role.code())
            .bind(&user.unit_code)
            .bind(&user.indicator_codes)
            .bind(&user.password_hash)
            .bind(user.active)
            .bind(&user.created_at)
            .bind(&user.updated_at)
            .bind(&user.last_login_at)
            .execute(&mut *connection)
            .await
            .with_context(|| format!("cannot create user {}", user.username))?;
            Ok(())
        }

        /// Writes role, scope, name and active flag of `user.id`.
        pub async fn update_user(connection: &mut Connection, user: &UserRow) -> Result<()> {
            sqlx::query(
                "UPDATE users SET display_name = $1, role = $2, unit_code = $3, indicator_codes = $4, active = $5, \
                 updated_at = $6 WHERE id = $7",
            )
            .bind(&user.display_name)
            .bind(user.role.code())
            .bind(&user.unit_code)
            .bind(&user.indicator_codes)
            .bind(user.active)
            .bind(&user.updated_at)
            .bind(&user.id)
            .execute(&mut *connection)
            .await
            .with_context(|| format!("cannot update user {}", user.username))?;
            Ok(())
        }

        pub async fn set_password(connection: &mut Connection, user_id: &str, hash: &str, now: &str) -> Result<()> {
            sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
                .bind(hash)
                .bind(now)
                .bind(user_id)
                .execute(&mut *connection)
                .await
                .context("cannot store a password hash")?;
            Ok(())
        }

        pub async fn record_login(connection: &mut Connection, user_id: &str, now: &str) -> Result<()> {
            sqlx::query("UPDATE users SET last_login_at = $1 WHERE id = $2")
                .bind(now)
                .bind(user_id)
                .execute(&mut *connection)
                .await
                .context("cannot record a login")?;
            Ok(())
        }

        pub async fn insert_session(
            connection: &mut Connection,
            token_sha256: &str,
            user_id: &str,
            now: &str,
            expires_at: &str,
            ip: Option<&str>,
        ) -> Result<()> {
            sqlx::query(
                "INSERT INTO sessions (token_sha256, user_id, created_at, last_seen_at, expires_at, ip) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(token_sha256)
            .bind(user_id)
            .bind(now)
            .bind(now)
            .bind(expires_at)
            .bind(ip)
            .execute(&mut *connection)
            .await
            .context("cannot create a session")?;
            Ok(())
        }

        pub async fn session_user(connection: &mut Connection, token_sha256: &str) -> Result<Option<SessionUserRow>> {
            sqlx::query_as::<_, SessionUserRow>(&format!(
                "SELECT {USER_COLUMNS}, s.last_seen_at, s.expires_at FROM sessions s \
                 JOIN users u ON u.id = s.user_id WHERE s.token_sha256 = $1"
            ))
            .bind(token_sha256)
            .fetch_optional(&mut *connection)
            .await
            .context("cannot read a session")
        }

        pub async fn touch_session(connection: &mut Connection, token_sha256: &str, now: &str) -> Result<()> {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_sha256 = $2")
                .bind(now)
                .bind(token_sha256)
                .execute(&mut *connection)
                .await
                .context("cannot extend a session")?;
            Ok(())
        }

        pub async fn delete_session(connection: &mut Connection, token_sha256: &str) -> Result<()> {
            sqlx::query("DELETE FROM sessions WHERE token_sha256 = $1")
                .bind(token_sha256)
                .execute(&mut *connection)
                .await
                .context("cannot end a session")?;
            Ok(())
        }

        /// Ends every session of a user except `keep` (a token hash, or "" to end all).
        pub async fn delete_sessions_of(connection: &mut Connection, user_id: &str, keep: &str) -> Result<u64> {
            let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_sha256 <> $2")
                .bind(user_id)
                .bind(keep)
                .execute(&mut *connection)
                .await
                .context("cannot end a user's sessions")?;
            Ok(done.rows_affected())
        }

        pub async fn delete_stale_sessions(connection: &mut Connection, now: &str, idle_cutoff: &str) -> Result<()> {
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
                .bind(now)
                .bind(idle_cutoff)
                .execute(&mut *connection)
                .await
                .context("cannot delete ended sessions")?;
            Ok(())
        }

        pub async fn insert_setup_link(
            connection: &mut Connection,
            token_sha256: &str,
            purpose: &str,
            user_id: Option<&str>,
            created_by: Option<&str>,
            now: &str,
            expires_at: &str,
        ) -> Result<()> {
            sqlx::query(
                "INSERT INTO setup_links (token_sha256, purpose, user_id, created_by, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(token_sha256)
            .bind(purpose)
            .bind(user_id)
            .bind(created_by)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *connection)
            .await
            .context("cannot create a set-up link")?;
            Ok(())
        }

        /// Deletes unused first-administrator links (`user_id` `None`) or a user's unused links.
        pub async fn delete_unused_links(connection: &mut Connection, user_id: Option<&str>) -> Result<()> {
            let query = match user_id {
                Some(user_id) => {
                    sqlx::query("DELETE FROM setup_links WHERE user_id = $1 AND used_at IS NULL").bind(user_id)
                }
                None => sqlx::query("DELETE FROM setup_links WHERE purpose = 'first_admin' AND used_at IS NULL"),
            };
            query.execute(&mut *connection).await.context("cannot delete old set-up links")?;
            Ok(())
        }

        pub async fn setup_link(connection: &mut Connection, token_sha256: &str) -> Result<Option<SetupLinkRow>> {
            sqlx::query_as::<_, SetupLinkRow>(
                "SELECT l.purpose, l.user_id, u.username, l.expires_at, l.used_at FROM setup_links l \
                 LEFT JOIN users u ON u.id = l.user_id WHERE l.token_sha256 = $1",
            )
            .bind(token_sha256)
            .fetch_optional(&mut *connection)
            .await
            .context("cannot read a set-up link")
        }

        /// Marks a link used if it is unused and unexpired; `false` when it was not (so two
        /// requests racing with one link cannot both use it).
        pub async fn consume_setup_link(connection: &mut Connection, token_sha256: &str, now: &str) -> Result<bool> {
            let done = sqlx::query(
                "UPDATE setup_links SET used_at = $1 WHERE token_sha256 = $2 AND used_at IS NULL AND expires_at > $3",
            )
            .bind(now)
            .bind(token_sha256)
            .bind(now)
            .execute(&mut *connection)
            .await
            .context("cannot use a set-up link")?;
            Ok(done.rows_affected() == 1)
        }

        pub async fn insert_token(connection: &mut Connection, token: &TokenRow) -> Result<()> {
            sqlx::query(
                "INSERT INTO api_tokens (id, name, indicator_codes, secret_sha256, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&token.id)
            .bind(&token.name)
            .bind(&token.indicator_codes)
            .bind(&token.secret_sha256)
            .bind(&token.created_by)
            .bind(&token.created_at)
            .execute(&mut *connection)
            .await
            .context("cannot create an API token")?;
            Ok(())
        }

        pub async fn tokens(connection: &mut Connection) -> Result<Vec<TokenRow>> {
            sqlx::query_as::<_, TokenRow>(
                "SELECT id, name, indicator_codes, secret_sha256, created_by, created_at, last_used_at, revoked_at \
                 FROM api_tokens ORDER BY created_at DESC, id",
            )
            .fetch_all(&mut *connection)
            .await
            .context("cannot read API tokens")
        }

        pub async fn token(connection: &mut Connection, id: &str) -> Result<Option<TokenRow>> {
            sqlx::query_as::<_, TokenRow>(
                "SELECT id, name, indicator_codes, secret_sha256, created_by, created_at, last_used_at, revoked_at \
                 FROM api_tokens WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(&mut *connection)
            .await
            .context("cannot read an API token")
        }

        /// `false` when there is no such unrevoked token.
        pub async fn revoke_token(connection: &mut Connection, id: &str, now: &str) -> Result<bool> {
            let done = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                .bind(now)
                .bind(id)
                .execute(&mut *connection)
                .await
                .context("cannot revoke an API token")?;
            Ok(done.rows_affected() == 1)
        }

        pub async fn touch_token(connection: &mut Connection, id: &str, now: &str) -> Result<()> {
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(now)
                .bind(id)
                .execute(&mut *connection)
                .await
                .context("cannot record an API token's use")?;
            Ok(())
        }

        pub async fn insert_event(connection: &mut Connection, event: &NewSecurityEvent, now: &str) -> Result<()> {
            sqlx::query(
                "INSERT INTO security_audit (occurred_at, event, actor, subject, ip, detail) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(now)
            .bind(event.event)
            .bind(&event.actor)
            .bind(&event.subject)
            .bind(&event.ip)
            .bind(&event.detail)
            .execute(&mut *connection)
            .await
            .context("cannot record a security event")?;
            Ok(())
        }

        /// Newest first, with ids below `before`.
        pub async fn events(connection: &mut Connection, before: i64, limit: i64) -> Result<Vec<SecurityEventRow>> {
            sqlx::query_as::<_, SecurityEventRow>(
                "SELECT id, occurred_at, event, actor, subject, ip, detail FROM security_audit \
                 WHERE id < $1 ORDER BY id DESC LIMIT $2",
            )
            .bind(before)
            .bind(limit)
            .fetch_all(&mut *connection)
            .await
            .context("cannot read the security audit")
        }
    };
}

mod queries {
    crate::storage::dispatch::for_each_engine!(define_queries);
}

/// The outcome of using a set-up link.
#[derive(Debug, PartialEq, Eq)]
pub enum LinkUse {
    /// Done; the user the link was for (or the new administrator).
    Used { user_id: String },
    /// Unknown, used, expired, or a first-administrator link after an account exists.
    Invalid,
}

/// Account storage on either engine.
#[derive(Clone, Debug)]
pub struct AuthStore {
    database: Database,
}

impl AuthStore {
    pub fn new(database: Database) -> Self {
        Self { database }
    }

    pub async fn count_users(&self) -> Result<i64> {
        on_connection!(&self.database, queries, |connection, q| q::count_users(&mut connection).await)
    }

    pub async fn count_active_admins(&self) -> Result<i64> {
        on_connection!(&self.database, queries, |connection, q| q::count_active_admins(&mut connection).await)
    }

    pub async fn user_by_username(&self, username: &str) -> Result<Option<UserRow>> {
        on_connection!(&self.database, queries, |connection, q| q::user_by_username(&mut connection, username).await)
    }

    pub async fn users(&self) -> Result<Vec<UserRow>> {
        on_connection!(&self.database, queries, |connection, q| q::users(&mut connection).await)
    }

    pub async fn insert_user(&self, user: &UserRow) -> Result<()> {
        on_connection!(&self.database, queries, |connection, q| q::insert_user(&mut connection, user).await)
    }

    /// Updates a user and, when it is deactivated, ends its sessions, in one transaction. Refuses
    /// (returns `false`, changing nothing) when that would leave no active administrator.
    pub async fn update_user(&self, user: &UserRow) -> Result<bool> {
        let stays_admin = user.active && user.role == Role::Admin;
        in_transaction!(&self.database, queries, |connection, q| {
            async {
                let before = q::user_by_username(&mut connection, &user.username).await?;
                let was_admin = before.is_some_and(|before| before.active && before.role == Role::Admin);
                if was_admin && !stays_admin && q::count_active_admins(&mut connection).await? <= 1 {
                    return Ok::<bool, anyhow::Error>(false);
                }
                q::update_user(&mut connection, user).await?;
                if !user.active {
                    q::delete_sessions_of(&mut connection, &user.id, "").await?;
                }
                Ok::<bool, anyhow::Error>(true)
            }
            .await
        })
    }

    pub async fn set_password_ending_other_sessions(
        &self,
        user_id: &str,
        hash: &str,
        keep_session: &str,
        now: &str,
    ) -> Result<()> {
        in_transaction!(&self.database, queries, |connection, q| {
            async {
                q::set_password(&mut connection, user_id, hash, now).await?;
                q::delete_sessions_of(&mut connection, user_id, keep_session).await?;
                Ok::<(), anyhow::Error>(())
            }
            .await
        })
    }

    pub async fn record_login(&self, user_id: &str, now: &str) -> Result<()> {
        on_connection!(&self.database, queries, |connection, q| q::record_login(&mut connection, user_id, now).await)
    }

    pub async fn insert_session(
        &self,
        token_sha256: &str,
        user_id: &str,
        now: &str,
        expires_at: &str,
        ip: Option<&str>,
    ) -> Result<()> {
        on_connection!(&self.database, queries, |connection, q| q::insert_session(
            &mut connection,
            token_sha256,
            user_id,
            now,
            expires_at,
            ip
        )
        .await)
    }

    pub async fn session_user(&self, token_sha256: &str) -> Result<Option<SessionUserRow>> {
        on_connection!(&self.database, queries, |connection, q| q::session_user(&mut connection, token_sha256).await)
    }

    pub async fn touch_session(&self, token_sha256: &str, now: &str) -> Result<()> {
        on_connection!(&self.database, queries, |connection, q| q::touch_session(&mut connection, token_sha256, now)
            .await)
    }

    pub async fn delete_session(&self, token_sha256: &str) -> Result<()> {
        on_connection!(&self.database, queries, |connection, q| q::delete_session(&mut connection, token_sha256).await)
    }

    pub async fn delete_stale_sessions(&self, now: &str, idle_cutoff: &str) -> Result<()> {
        on_connection!(&self.database, queries, |connection, q| q::delete_stale_sessions(
            &mut connection,
            now,
            idle_cutoff
        )
        .await)
    }

    /// Stores a new link for a user (or the first administrator when `user_id` is `None`),
    /// deleting that user's earlier unused links first.
    pub async fn replace_setup_link(
        &self,
        token_sha256: &str,
        user_id: Option<&str>,
        created_by: Option<&str>,
        now: &str,
        expires_at: &str,
    ) -> Result<()> {
        let purpose = if user_id.is_some() { "password" } else { "first_admin" };
        in_transaction!(&self.database, queries, |connection, q| {
            async {
                q::delete_unused_links(&mut connection, user_id).await?;
                q::insert_setup_link(&mut connection, token_sha256, purpose, user_id, created_by, now, expires_at).await
            }
            .await
        })
    }

    pub async fn setup_link(&self, token_sha256: &str) -> Result<Option<SetupLinkRow>> {
        on_connection!(&self.database, queries, |connection, q| q::setup_link(&mut connection, token_sha256).await)
    }

    /// Uses a first-administrator link: creates `admin` in the same transaction, only while no
    /// account exists.
    pub async fn use_first_admin_link(&self, token_sha256: &str, admin: &UserRow, now: &str) -> Result<LinkUse> {
        in_transaction!(&self.database, queries, |connection, q| {
            async {
                let link = q::setup_link(&mut connection, token_sha256).await?;
                if link.is_none_or(|link| link.purpose != "first_admin")
                    || !q::consume_setup_link(&mut connection, token_sha256, now).await?
                    || q::count_users(&mut connection).await? > 0
                {
                    return Ok::<LinkUse, anyhow::Error>(LinkUse::Invalid);
                }
                q::insert_user(&mut connection, admin).await?;
                Ok(LinkUse::Used { user_id: admin.id.clone() })
            }
            .await
        })
    }

    /// Uses a user's link: sets the password and ends every session of that user.
    pub async fn use_password_link(&self, token_sha256: &str, hash: &str, now: &str) -> Result<LinkUse> {
        in_transaction!(&self.database, queries, |connection, q| {
            async {
                let Some(user_id) = q::setup_link(&mut connection, token_sha256).await?.and_then(|link| link.user_id)
                else {
                    return Ok::<LinkUse, anyhow::Error>(LinkUse::Invalid);
                };
                if !q::consume_setup_link(&mut connection, token_sha256, now).await? {
                    return Ok::<LinkUse, anyhow::Error>(LinkUse::Invalid);
                }
                q::set_password(&mut connection, &user_id, hash, now).await?;
                q::delete_sessions_of(&mut connection, &user_id, "").await?;
                Ok(LinkUse::Used { user_id })
            }
            .await
        })
    }

    pub async fn insert_token(&self, token: &TokenRow) -> Result<()> {
        on_connection!(&self.database, queries, |connection, q| q::insert_token(&mut connection, token).await)
    }

    pub async fn tokens(&self) -> Result<Vec<TokenRow>> {
        on_connection!(&self.database, queries, |connection, q| q::tokens(&mut connection).await)
    }

    pub async fn token(&self, id: &str) -> Result<Option<TokenRow>> {
        on_connection!(&self.database, queries, |connection, q| q::token(&mut connection, id).await)
    }

    pub async fn revoke_token(&self, id: &str, now: &str) -> Result<bool> {
        on_connection!(&self.database, queries, |connection, q| q::revoke_token(&mut connection, id, now).await)
    }

    pub async fn touch_token(&self, id: &str, now: &str) -> Result<()> {
        on_connection!(&self.database, queries, |connection, q| q::touch_token(&mut connection, id, now).await)
    }

    pub async fn insert_event(&self, event: &NewSecurityEvent, now: &str) -> Result<()> {
        on_connection!(&self.database, queries, |connection, q| q::insert_event(&mut connection, event, now).await)
    }

    pub async fn events(&self, before: i64, limit: i64) -> Result<Vec<SecurityEventRow>> {
        on_connection!(&self.database, queries, |connection, q| q::events(&mut connection, before, limit).await)
    }
}
