//! The browser side of "nothing is lost": the signed-in user's [`Outbox`] and [`Drafts`] live in
//! `localStorage` (written after every change, so a reload, a closed tab or a browser restart
//! keeps them), and the outbox is sent whenever there is something to send and a way to send it:
//! at start, after "Kirim", when the browser says it is back `online`, and on a backoff timer
//! after a failure. Each batch is sent with the same idempotency keys until it gets an answer.

use std::time::Duration;

use leptos::prelude::*;

use super::outbox::{Drafts, Outbox, idempotency_key, retry_delay_ms};
use crate::api::entries::{batch_results, send_batch};
use crate::api::send::has_csrf_token;
use crate::auth::Auth;

const OUTBOX_KEY: &str = "sibekisar.outbox.v1:";
const DRAFTS_KEY: &str = "sibekisar.drafts.v1:";

/// A problem the sync loop reports on screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncProblem {
    /// The session ended: sign in again to send.
    SignedOut,
    /// The server answered with an error; retrying. The server's message (may be empty).
    Server(String),
}

/// The sync state shared by the app (provided at the root, so sending continues on every page).
#[derive(Clone, Copy)]
pub struct SyncState {
    pub outbox: RwSignal<Outbox>,
    pub drafts: RwSignal<Drafts>,
    /// What the browser says (`navigator.onLine`, `online`/`offline` events).
    pub online: RwSignal<bool>,
    /// Whether the last attempt to reach the server got no answer.
    pub unreachable: RwSignal<bool>,
    pub sending: RwSignal<bool>,
    pub problem: RwSignal<Option<SyncProblem>>,
    auth: Auth,
    username: StoredValue<Option<String>>,
    retry_scheduled: StoredValue<bool>,
    /// A flush was asked for (back online, "Kirim") while a send was in flight: flush again as
    /// soon as it ends instead of waiting for the backoff timer.
    flush_again: StoredValue<bool>,
}

impl SyncState {
    /// Changes the outbox and saves it at once.
    pub fn update_outbox(self, change: impl FnOnce(&mut Outbox)) {
        self.outbox.update(change);
        self.save();
    }

    /// Changes the drafts and saves them at once.
    pub fn update_drafts(self, change: impl FnOnce(&mut Drafts)) {
        self.drafts.update(change);
        self.save();
    }

    fn save(self) {
        let Some(username) = self.username.get_value() else { return };
        self.outbox.with_untracked(|outbox| browser::write(&format!("{OUTBOX_KEY}{username}"), &outbox.to_json()));
        self.drafts.with_untracked(|drafts| browser::write(&format!("{DRAFTS_KEY}{username}"), &drafts.to_json()));
    }

    /// Loads the stored outbox and drafts of the user now signed in (or empties them).
    fn load_for(self, username: Option<String>) {
        if self.username.get_value() == username {
            return;
        }
        self.username.set_value(username.clone());
        let (outbox, drafts) = match &username {
            Some(name) => {
                let outbox_key = format!("{OUTBOX_KEY}{name}");
                let outbox = match browser::read(&outbox_key) {
                    None => Outbox::default(),
                    Some(text) => Outbox::from_json(&text).unwrap_or_else(|| {
                        // Never overwrite what cannot be read: keep it aside for a person to see.
                        browser::write(&format!("{outbox_key}.unreadable"), &text);
                        Outbox::default()
                    }),
                };
                let drafts =
                    browser::read(&format!("{DRAFTS_KEY}{name}")).map(|t| Drafts::from_json(&t)).unwrap_or_default();
                (outbox, drafts)
            }
            None => (Outbox::default(), Drafts::default()),
        };
        self.outbox.set(outbox);
        self.drafts.set(drafts);
        self.problem.set(None);
    }

    /// A fresh idempotency key.
    pub fn new_key(self) -> String {
        idempotency_key(&browser::random_bytes())
    }

    /// Sends the next batch if there is one and nothing is being sent.
    pub fn flush(self) {
        if self.sending.get_untracked() {
            self.flush_again.set_value(true);
            return;
        }
        if self.username.get_value().is_none() || !self.online.get_untracked() {
            return;
        }
        let batch = self.outbox.with_untracked(Outbox::batch);
        let Some(period) = batch.first().map(|change| change.cell.period.clone()) else { return };
        self.sending.set(true);
        self.flush_again.set_value(false);
        leptos::task::spawn_local(async move {
            let signed_in = has_csrf_token() || self.auth.refresh().await;
            if !signed_in {
                let _ = self.sending.try_set(false);
                if self.auth.user_untracked().is_none() {
                    let _ = self.problem.try_set(Some(SyncProblem::SignedOut));
                } else {
                    // No answer from the server: try again later.
                    let _ = self.unreachable.try_set(true);
                    self.retry_after_failure(1);
                }
                return;
            }
            let keys: Vec<String> = batch.iter().map(|change| change.key.clone()).collect();
            self.update_outbox(|outbox| outbox.mark_attempted(&keys));
            let attempts = self
                .outbox
                .with_untracked(|outbox| {
                    outbox.changes.iter().filter(|c| keys.contains(&c.key)).map(|c| c.attempts).max()
                })
                .unwrap_or(1);
            let answer = send_batch(&period, &batch).await;
            let _ = self.sending.try_set(false);
            match answer {
                Err(_) => {
                    let _ = self.unreachable.try_set(true);
                    self.retry_after_failure(attempts);
                }
                Ok(answer) => {
                    let _ = self.unreachable.try_set(false);
                    let error = answer.error();
                    match (answer.status, batch_results(&answer.text)) {
                        (200..=299, Some(results)) => {
                            self.update_outbox(|outbox| {
                                outbox.apply(&results, js_sys::Date::now());
                            });
                            self.problem.set(None);
                            self.flush();
                        }
                        (401, _) => {
                            self.auth.sign_out();
                            self.problem.set(Some(SyncProblem::SignedOut));
                        }
                        (403, _) if error.code == "csrf_failed" => {
                            crate::api::send::set_csrf_token(None);
                            self.schedule_retry(attempts);
                        }
                        (409 | 423, _) if error.code == "period_locked" => {
                            self.update_outbox(|outbox| outbox.reject_period(&period, &error.message));
                            self.flush();
                        }
                        _ => {
                            self.problem.set(Some(SyncProblem::Server(error.message)));
                            self.schedule_retry(attempts);
                        }
                    }
                }
            }
        });
    }

    /// After no answer: at once if a flush was asked for meanwhile (the browser came back online
    /// during the attempt), else after the backoff.
    fn retry_after_failure(self, attempts: u32) {
        if self.flush_again.get_value() {
            self.flush_again.set_value(false);
            self.flush();
        } else {
            self.schedule_retry(attempts);
        }
    }

    fn schedule_retry(self, attempts: u32) {
        if self.retry_scheduled.get_value() {
            return;
        }
        self.retry_scheduled.set_value(true);
        let delay = retry_delay_ms(attempts, js_sys::Math::random());
        set_timeout(
            move || {
                self.retry_scheduled.set_value(false);
                self.flush();
            },
            Duration::from_millis(u64::from(delay)),
        );
    }
}

/// Creates the sync state for the signed-in user (following sign-in and sign-out), listens to
/// the browser's `online`/`offline` events, and provides it.
pub fn provide_sync(auth: Auth) -> SyncState {
    let sync = SyncState {
        outbox: RwSignal::new(Outbox::default()),
        drafts: RwSignal::new(Drafts::default()),
        online: RwSignal::new(browser::navigator_online()),
        unreachable: RwSignal::new(false),
        sending: RwSignal::new(false),
        problem: RwSignal::new(None),
        auth,
        username: StoredValue::new(None),
        retry_scheduled: StoredValue::new(false),
        flush_again: StoredValue::new(false),
    };
    // Once the first check with the server is over (confirmed or not: `flush` asks again and
    // backs off when there is no answer), send what waits.
    Effect::new(move |_| {
        let username = auth.user().map(|user| user.username);
        let ready = auth.checked();
        auth.confirmed();
        sync.load_for(username);
        if ready {
            sync.flush();
        }
    });
    let online = window_event_listener(leptos::ev::online, move |_| {
        sync.online.set(true);
        sync.flush();
    });
    let offline = window_event_listener(leptos::ev::offline, move |_| sync.online.set(false));
    on_cleanup(move || {
        online.remove();
        offline.remove();
    });
    provide_context(sync);
    sync
}

/// The sync state provided by [`provide_sync`].
pub fn use_sync() -> SyncState {
    expect_context::<SyncState>()
}

/// "HH:MM" in the browser's time zone, for "terakhir sinkron".
pub fn clock_text(epoch_ms: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(epoch_ms));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}

mod browser {
    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn read(key: &str) -> Option<String> {
        storage()?.get_item(key).ok().flatten()
    }

    pub fn write(key: &str, text: &str) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(key, text);
        }
    }

    pub fn navigator_online() -> bool {
        web_sys::window().is_none_or(|window| window.navigator().on_line())
    }

    /// 16 bytes from `crypto.getRandomValues`.
    pub fn random_bytes() -> [u8; 16] {
        let mut bytes = [0u8; 16];
        let filled = web_sys::window()
            .and_then(|window| window.crypto().ok())
            .is_some_and(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).is_ok());
        if !filled {
            // Every browser the app runs in has `crypto`; this only keeps keys distinct if not.
            for byte in &mut bytes {
                *byte = (js_sys::Math::random() * 256.0) as u8;
            }
        }
        bytes
    }
}
