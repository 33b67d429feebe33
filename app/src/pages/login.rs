//! "Masuk" (`/masuk?lanjut=<path>`): sign in with username and password; in demo mode the demo
//! accounts are listed (click to fill). After signing in the page goes to `lanjut` (a path of this
//! site only) or to the home page, where each role finds its own home.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::auth::{DemoAccount, SessionAnswer, demo_accounts, login};
use crate::auth::{LoginFailure, RoleLabel, safe_next, use_auth};
use crate::i18n::{Msg, use_document_title, use_i18n};

/// The shared password of the demo accounts (`server/src/auth/mod.rs`, demo mode only).
pub const DEMO_PASSWORD: &str = "cettar-demo-2023";

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    use_document_title(Msg::AuthSignIn);
    let next = safe_next(use_query_map().get_untracked().get("lanjut").as_deref());

    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<LoginFailure>);
    let busy = RwSignal::new(false);
    let demo = RwSignal::new(Vec::<DemoAccount>::new());
    leptos::task::spawn_local(async move {
        let accounts = demo_accounts().await;
        let _ = demo.try_set(accounts);
    });

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        let next = next.clone();
        leptos::task::spawn_local(async move {
            let answer = login(&username.get_untracked(), &password.get_untracked()).await;
            let _ = busy.try_set(false);
            let session = match &answer {
                Ok(answer) if answer.ok() => crate::api::json::from_str::<SessionAnswer>(&answer.text).ok(),
                _ => None,
            };
            match session {
                Some(session) => {
                    // Without a page to return to, every role lands on its home.
                    let target = next.unwrap_or_else(|| "/".into());
                    auth.sign_in(session.user, session.csrf_token);
                    navigate(&target, Default::default());
                }
                None => {
                    let _ = error.try_set(Some(LoginFailure::from_answer(answer.as_ref().ok())));
                }
            }
        });
    };

    view! {
        <article class="page page--narrow">
            <h1 data-testid="page-title">{i18n.tr(Msg::AuthSignIn)}</h1>
            <p>{i18n.tr(Msg::AuthSignInLead)}</p>
            {move || {
                auth.user()
                    .map(|user| {
                        view! {
                            <p class="notice" data-testid="login-already">
                                {i18n.tr(Msg::AuthAlreadySignedIn)} " " <strong>{user.display_name}</strong>
                            </p>
                        }
                    })
            }}
            <form class="form" on:submit=submit novalidate>
                <label class="form__field">
                    <span>{i18n.tr(Msg::AuthUsername)}</span>
                    <input
                        type="text"
                        name="username"
                        autocomplete="username"
                        autocapitalize="none"
                        spellcheck="false"
                        required
                        data-testid="login-username"
                        prop:value=move || username.get()
                        on:input=move |event| username.set(event_target_value(&event))
                    />
                </label>
                <label class="form__field">
                    <span>{i18n.tr(Msg::AuthPassword)}</span>
                    <input
                        type="password"
                        name="password"
                        autocomplete="current-password"
                        required
                        data-testid="login-password"
                        prop:value=move || password.get()
                        on:input=move |event| password.set(event_target_value(&event))
                    />
                </label>
                {move || {
                    error.get()
                        .map(|failure| {
                            view! {
                                <p class="form__error" role="alert" data-testid="login-error">
                                    {failure.message(i18n.lang())}
                                </p>
                            }
                        })
                }}
                <button type="submit" class="button button--primary" data-testid="login-submit" disabled=move || busy.get()>
                    {move || if busy.get() { i18n.t(Msg::AuthSigningIn) } else { i18n.t(Msg::AuthSignIn) }}
                </button>
            </form>
            <Show when=move || !demo.with(Vec::is_empty)>
                <section class="demo-accounts" data-testid="demo-accounts" aria-labelledby="demo-accounts-title">
                    <h2 id="demo-accounts-title">{i18n.tr(Msg::AuthDemoAccounts)}</h2>
                    <p>{i18n.tr(Msg::AuthDemoAccountsLead)} " " <code>{DEMO_PASSWORD}</code></p>
                    <ul class="demo-accounts__list">
                        {move || {
                            demo.get()
                                .into_iter()
                                .map(|account| {
                                    let fill_name = account.username.clone();
                                    let role = Some(account.role);
                                    view! {
                                        <li>
                                            <button
                                                type="button"
                                                class="demo-account"
                                                data-testid=format!("demo-account-{}", account.username)
                                                on:click=move |_| {
                                                    username.set(fill_name.clone());
                                                    password.set(DEMO_PASSWORD.to_string());
                                                }
                                            >
                                                <strong>{account.username.clone()}</strong>
                                                <span>{move || role.map(|role| role.label(i18n.lang()))}</span>
                                                <span class="demo-account__label">{account.label.clone()}</span>
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </section>
            </Show>
        </article>
    }
}
