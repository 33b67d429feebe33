//! Who is signed in, and what they may do.
//!
//! The pure part ([`User`], [`Role`], the permission checks, the login messages, [`safe_next`])
//! is unit-tested natively. The context part ([`provide_auth`], [`use_auth`]) holds the user in
//! a signal: from `localStorage` at once (so the assessor's screen opens offline), then confirmed
//! by `GET /auth/me`, which also gives the CSRF token that `api::send` adds to every write.
//! The server decides every permission again; these checks only decide what to show.

use leptos::prelude::*;

use crate::api::send::{Answer, set_csrf_token};
use crate::i18n::Lang;

/// The four account roles, as the contract defines them (the server decides what each may do).
pub use contract::Role;

/// A role's name in the UI's language.
pub trait RoleLabel {
    /// The role's name as the header shows it.
    fn label(self, lang: Lang) -> &'static str;
}

impl RoleLabel for Role {
    fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::Admin, Lang::Id) => "Administrator",
            (Role::Owner, Lang::Id) => "Pengampu indikator",
            (Role::UnitAdmin, Lang::Id) => "Admin perangkat daerah",
            (Role::Viewer, Lang::Id) => "Peninjau (hanya baca)",
            (Role::Admin, Lang::En) => "Administrator",
            (Role::Owner, Lang::En) => "Indicator owner",
            (Role::UnitAdmin, Lang::En) => "Unit administrator",
            (Role::Viewer, Lang::En) => "Viewer (read only)",
        }
    }
}

/// An owner's indicators or a unit admin's unit; empty for admins and viewers.
pub use contract::Scope as UserScope;
/// A signed-in user as `/auth/login` and `/auth/me` describe them (the contract's type; the
/// browser keeps it in `localStorage` in the same shape).
pub use contract::User;

/// What the UI offers a user; the server decides every permission again.
pub trait Permissions {
    fn role(&self) -> Option<Role>;
    fn is_admin(&self) -> bool;
    /// May open the assessment grid (every role reads it; what they may change differs).
    fn may_open_assessment(&self) -> bool;
    /// May enter values of this indicator (for any unit).
    fn may_edit_indicator(&self, indicator_code: &str) -> bool;
    /// May see this unit's unpublished entries.
    fn may_read_unit(&self, unit_code: &str) -> bool;
    /// Whether the user changes nothing in the grid.
    fn is_read_only(&self) -> bool;
}

impl Permissions for User {
    fn role(&self) -> Option<Role> {
        Some(self.role)
    }

    fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    fn may_open_assessment(&self) -> bool {
        true
    }

    fn may_edit_indicator(&self, indicator_code: &str) -> bool {
        match self.role() {
            Some(Role::Admin) => true,
            Some(Role::Owner) => self.scope.indicator_codes.iter().any(|code| code == indicator_code),
            _ => false,
        }
    }

    fn may_read_unit(&self, unit_code: &str) -> bool {
        match self.role() {
            Some(Role::UnitAdmin) => self.scope.unit_code.as_deref() == Some(unit_code),
            Some(_) => true,
            None => false,
        }
    }

    fn is_read_only(&self) -> bool {
        !matches!(self.role(), Some(Role::Admin | Role::Owner))
    }
}

/// Why a login failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoginFailure {
    WrongCredentials,
    /// Too many failed attempts; the wait in seconds when the server says it.
    TooManyAttempts(Option<u32>),
    MissingFields,
    /// No answer: offline or the server is down.
    Network,
    /// Anything else, with the server's message.
    Other(String),
}

impl LoginFailure {
    /// Reads the answer of a failed login (`None`: no answer came).
    pub fn from_answer(answer: Option<&Answer>) -> LoginFailure {
        let Some(answer) = answer else { return LoginFailure::Network };
        let error = answer.error();
        match (answer.status, error.code.as_str()) {
            (401, _) | (_, "invalid_credentials") => LoginFailure::WrongCredentials,
            (429, _) | (_, "too_many_attempts") => LoginFailure::TooManyAttempts(answer.retry_after_seconds),
            (_, "credentials_required") => LoginFailure::MissingFields,
            _ if error.message.is_empty() => LoginFailure::Other(format!("HTTP {}", answer.status)),
            _ => LoginFailure::Other(error.message),
        }
    }

    /// The message shown under the form.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (LoginFailure::WrongCredentials, Lang::Id) => "Nama pengguna atau kata sandi salah.".into(),
            (LoginFailure::WrongCredentials, Lang::En) => "Wrong username or password.".into(),
            (LoginFailure::TooManyAttempts(wait), Lang::Id) => format!(
                "Terlalu banyak percobaan masuk yang gagal. Coba lagi {}.",
                wait.map_or("beberapa saat lagi".to_string(), |seconds| format!("dalam {}", wait_text(seconds, lang)))
            ),
            (LoginFailure::TooManyAttempts(wait), Lang::En) => format!(
                "Too many failed sign-in attempts. Try again {}.",
                wait.map_or("in a while".to_string(), |seconds| format!("in {}", wait_text(seconds, lang)))
            ),
            (LoginFailure::MissingFields, Lang::Id) => "Isi nama pengguna dan kata sandi.".into(),
            (LoginFailure::MissingFields, Lang::En) => "Enter your username and password.".into(),
            (LoginFailure::Network, Lang::Id) => {
                "Server tidak dapat dihubungi. Periksa koneksi internet Anda, lalu coba lagi.".into()
            }
            (LoginFailure::Network, Lang::En) => {
                "The server cannot be reached. Check your internet connection, then try again.".into()
            }
            (LoginFailure::Other(message), _) => message.clone(),
        }
    }
}

/// "45 detik", "3 menit" (rounded up to whole minutes from two minutes on).
pub fn wait_text(seconds: u32, lang: Lang) -> String {
    let (second_word, minute_word) = match lang {
        Lang::Id => ("detik", "menit"),
        Lang::En => ("seconds", "minutes"),
    };
    if seconds < 120 { format!("{seconds} {second_word}") } else { format!("{} {minute_word}", seconds.div_ceil(60)) }
}

/// Where to go after signing in: only a path of this site (`/penilaian`), never another origin.
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let next = next?.trim();
    let local = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') && !next.contains(':');
    local.then(|| next.to_string())
}

/// The address of the login page that comes back to `path` afterwards.
pub fn login_url(path: &str) -> String {
    format!("/masuk?lanjut={}", crate::simulation::encode_query_value(path))
}

// ---------------------------------------------------------------------------------------------
// Context

/// The `localStorage` key of the last signed-in user (who they are, never a secret).
const USER_STORAGE_KEY: &str = "sibekisar.auth.user.v1";

/// The session state shared by the whole app, provided once at the root.
#[derive(Clone, Copy)]
pub struct Auth {
    user: RwSignal<Option<User>>,
    /// Whether `/auth/me` has answered (or failed) since the page loaded.
    checked: RwSignal<bool>,
    /// Whether the server confirmed the session since the page loaded (a CSRF token is known).
    confirmed: RwSignal<bool>,
}

impl Auth {
    /// The signed-in user (tracked).
    pub fn user(self) -> Option<User> {
        self.user.get()
    }

    pub fn user_untracked(self) -> Option<User> {
        self.user.get_untracked()
    }

    /// Whether the server shows this user the results of periods not yet published: signed-in
    /// administrators, owners and viewers. A unit admin sees only published results (and its own
    /// unit's report card), so pages that rank a population offer it published periods only.
    pub fn sees_unpublished_results(self) -> bool {
        self.user_untracked().is_some_and(|user| matches!(user.role(), Some(Role::Admin | Role::Owner | Role::Viewer)))
    }

    /// Whether the first check with the server is over (tracked).
    pub fn checked(self) -> bool {
        self.checked.get()
    }

    /// Whether the session is confirmed with a CSRF token (tracked).
    pub fn confirmed(self) -> bool {
        self.confirmed.get()
    }

    /// Records a session from a login or a set-up link.
    pub fn sign_in(self, user: User, csrf_token: String) {
        set_csrf_token(Some(csrf_token));
        browser::store_user(Some(&user));
        self.user.set(Some(user));
        self.confirmed.set(true);
        self.checked.set(true);
    }

    /// Forgets the session here (the caller has told the server, or the server said it ended).
    pub fn sign_out(self) {
        set_csrf_token(None);
        browser::store_user(None);
        browser::forget_entries_copies();
        self.user.set(None);
        self.confirmed.set(false);
    }

    /// Asks the server who is signed in; returns whether a session is confirmed. A network
    /// failure keeps the remembered user (offline work continues) and returns false.
    pub async fn refresh(self) -> bool {
        let confirmed = match crate::api::auth::me().await {
            Ok(me) => match (me.user, me.csrf_token) {
                (Some(user), Some(token)) => {
                    set_csrf_token(Some(token));
                    browser::store_user(Some(&user));
                    let _ = self.user.try_set(Some(user));
                    let _ = self.confirmed.try_set(true);
                    true
                }
                _ => {
                    if self.user.get_untracked().is_some() {
                        self.sign_out();
                    }
                    false
                }
            },
            Err(_) => false,
        };
        let _ = self.checked.try_set(true);
        confirmed
    }
}

/// Creates the session state (the remembered user at once, then the server's word) and provides it.
pub fn provide_auth() -> Auth {
    let auth = Auth {
        user: RwSignal::new(browser::stored_user()),
        checked: RwSignal::new(false),
        confirmed: RwSignal::new(false),
    };
    provide_context(auth);
    leptos::task::spawn_local(async move {
        auth.refresh().await;
    });
    auth
}

/// The session state provided by [`provide_auth`].
pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// The few browser calls the session needs; storage failures are ignored.
mod browser {
    use super::{USER_STORAGE_KEY, User};
    use crate::api::json::{self, ToJson};

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn stored_user() -> Option<User> {
        let text = storage()?.get_item(USER_STORAGE_KEY).ok().flatten()?;
        json::from_str(&text).ok()
    }

    pub fn store_user(user: Option<&User>) {
        let Some(storage) = storage() else { return };
        match user.map(User::to_json) {
            Some(text) => {
                let _ = storage.set_item(USER_STORAGE_KEY, &text);
            }
            None => {
                let _ = storage.remove_item(USER_STORAGE_KEY);
            }
        }
    }

    /// Removes the offline copies of unpublished entries, so the next person on this browser does
    /// not see them. (Each user's own outbox and drafts stay, under their username.)
    pub fn forget_entries_copies() {
        let Some(storage) = storage() else { return };
        let length = storage.length().unwrap_or(0);
        let keys: Vec<String> = (0..length)
            .filter_map(|index| storage.key(index).ok().flatten())
            .filter(|key| key.starts_with("sibekisar.cache.v1:/api/v1/periods") && key.contains("/entries"))
            .collect();
        for key in keys {
            let _ = storage.remove_item(&key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::json::ToJson;

    fn user(role: &str, unit: Option<&str>, codes: &[&str]) -> User {
        User {
            username: "u".into(),
            display_name: "U".into(),
            role: Role::parse(role).expect("a role"),
            role_label: None,
            scope: UserScope {
                unit_code: unit.map(str::to_string),
                indicator_codes: codes.iter().map(|code| code.to_string()).collect(),
            },
        }
    }

    #[test]
    fn each_role_may_do_what_the_server_allows() {
        let owner = user("owner", None, &["SAKIP", "OPINI_BPK"]);
        assert!(owner.may_edit_indicator("SAKIP") && !owner.may_edit_indicator("IKM"));
        assert!(owner.may_read_unit("kota-batu") && !owner.is_read_only() && !owner.is_admin());
        let admin = user("admin", None, &[]);
        assert!(admin.may_edit_indicator("IKM") && admin.is_admin());
        let unit = user("unit_admin", Some("kabupaten-banyuwangi"), &[]);
        assert!(!unit.may_edit_indicator("SAKIP") && unit.is_read_only());
        assert!(unit.may_read_unit("kabupaten-banyuwangi") && !unit.may_read_unit("kota-batu"));
        let viewer = user("viewer", None, &[]);
        assert!(!viewer.may_edit_indicator("SAKIP") && viewer.is_read_only() && viewer.may_open_assessment());
        // An unknown role is no user at all (a stored copy with one reads as signed out).
        let hacker = r#"{"username":"h","display_name":"H","role":"hacker"}"#;
        assert!(crate::api::json::from_str::<User>(hacker).is_err());
    }

    #[test]
    fn the_user_is_read_from_the_login_answer() {
        let text = r#"{"username":"pengampu.demo","display_name":"Pengampu Indikator (demo)","role":"owner",
            "role_label":"Pengampu indikator","scope":{"unit_code":null,"indicator_codes":["OPINI_BPK","SAKIP"]}}"#;
        let user: User = crate::api::json::from_str(text).unwrap();
        assert_eq!(user.role(), Some(Role::Owner));
        assert_eq!(user.scope.indicator_codes, vec!["OPINI_BPK", "SAKIP"]);
    }

    /// Users stored by the serde version of the app (fixtures written by it) still load, and are
    /// written back in the same shape.
    #[test]
    fn stored_users_from_the_serde_version_still_load() {
        for stored in [
            r#"{"username":"pengampu.demo","display_name":"Pengampu \"Demo\"","role":"owner","scope":{"unit_code":null,"indicator_codes":["OPINI_BPK","SAKIP"]}}"#,
            r#"{"username":"unit","display_name":"U","role":"unit_admin","scope":{"unit_code":"kota-batu","indicator_codes":[]}}"#,
        ] {
            let user: User = crate::api::json::from_str(stored).expect("a stored user");
            assert_eq!(user.to_json(), stored);
        }
        let user: User = crate::api::json::from_str(r#"{"username":"a","display_name":"A","role":"viewer"}"#).unwrap();
        assert_eq!(user.scope, UserScope::default());
    }

    fn answer(status: u16, body: &str, retry: Option<u32>) -> Answer {
        Answer { status, text: body.into(), retry_after_seconds: retry }
    }

    #[test]
    fn login_failures_are_told_in_indonesian() {
        let wrong = LoginFailure::from_answer(Some(&answer(
            401,
            r#"{"error":{"code":"invalid_credentials","message":"x"}}"#,
            None,
        )));
        assert_eq!(wrong.message(Lang::Id), "Nama pengguna atau kata sandi salah.");
        let locked = LoginFailure::from_answer(Some(&answer(
            429,
            r#"{"error":{"code":"too_many_attempts","message":"x"}}"#,
            Some(300),
        )));
        assert_eq!(locked.message(Lang::Id), "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 5 menit.");
        let soon = LoginFailure::TooManyAttempts(Some(45));
        assert_eq!(soon.message(Lang::Id), "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 45 detik.");
        assert_eq!(
            LoginFailure::from_answer(None).message(Lang::Id),
            "Server tidak dapat dihubungi. Periksa koneksi internet Anda, lalu coba lagi."
        );
        let missing = LoginFailure::from_answer(Some(&answer(
            422,
            r#"{"error":{"code":"credentials_required","message":"x"}}"#,
            None,
        )));
        assert_eq!(missing, LoginFailure::MissingFields);
        let other = LoginFailure::from_answer(Some(&answer(
            403,
            r#"{"error":{"code":"csrf_failed","message":"Sesi formulir tidak valid."}}"#,
            None,
        )));
        assert_eq!(other.message(Lang::Id), "Sesi formulir tidak valid.");
        assert_eq!(LoginFailure::from_answer(Some(&answer(502, "", None))).message(Lang::Id), "HTTP 502");
    }

    #[test]
    fn after_login_only_local_paths_are_followed() {
        assert_eq!(safe_next(Some("/penilaian")), Some("/penilaian".into()));
        assert_eq!(safe_next(Some("/penilaian?periode=2024-q1")), Some("/penilaian?periode=2024-q1".into()));
        assert_eq!(safe_next(Some("//evil.example")), None);
        assert_eq!(safe_next(Some("https://evil.example")), None);
        assert_eq!(safe_next(Some("/\\evil.example")), None);
        assert_eq!(safe_next(Some("javascript:alert(1)")), None);
        assert_eq!(safe_next(None), None);
        assert_eq!(login_url("/penilaian"), "/masuk?lanjut=%2Fpenilaian");
    }
}
