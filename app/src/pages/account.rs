//! "Ganti kata sandi" (`/akun/kata-sandi`) and the one-time set-up link page (`/setup/{token}`).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::auth::{SessionAnswer, SetupInfo, change_password, setup_info, use_setup_link};
use crate::api::send::Answer;
use crate::auth::{login_url, use_auth};
use crate::i18n::{Lang, Msg, use_document_title, use_i18n};

/// The message of a refused form: the server's (Indonesian) message, or a network message.
fn failure_text(answer: Option<&Answer>, lang: Lang) -> String {
    match answer {
        None => crate::auth::LoginFailure::Network.message(lang),
        Some(answer) => {
            let error = answer.error();
            if error.message.is_empty() { format!("HTTP {}", answer.status) } else { error.message }
        }
    }
}

/// A labelled password input bound to a signal.
#[component]
fn PasswordField(
    label: Msg,
    value: RwSignal<String>,
    autocomplete: &'static str,
    test_id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="form__field">
            <span>{i18n.tr(label)}</span>
            <input
                type="password"
                autocomplete=autocomplete
                required
                data-testid=test_id
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
            />
        </label>
    }
}

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    use_document_title(Msg::AuthChangePassword);
    let current = RwSignal::new(String::new());
    let new_password = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);

    Effect::new(move |_| {
        if auth.checked() && auth.user().is_none() {
            navigate(&login_url("/akun/kata-sandi"), Default::default());
        }
    });

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let lang = i18n.lang_untracked();
        if new_password.get_untracked() != repeat.get_untracked() {
            message.set(Some((false, i18n.t(Msg::AuthPasswordsDiffer).to_string())));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = change_password(&current.get_untracked(), &new_password.get_untracked()).await;
            let _ = busy.try_set(false);
            let outcome = match &answer {
                Ok(answer) if answer.ok() => {
                    current.set(String::new());
                    new_password.set(String::new());
                    repeat.set(String::new());
                    (true, crate::i18n::t(lang, Msg::AuthPasswordChanged).to_string())
                }
                other => (false, failure_text(other.as_ref().ok(), lang)),
            };
            let _ = message.try_set(Some(outcome));
        });
    };

    view! {
        <article class="page page--narrow">
            <h1 data-testid="page-title">{i18n.tr(Msg::AuthChangePassword)}</h1>
            <p>{i18n.tr(Msg::AuthPasswordRules)}</p>
            <form class="form" on:submit=submit>
                <PasswordField label=Msg::AuthCurrentPassword value=current autocomplete="current-password" test_id="password-current"/>
                <PasswordField label=Msg::AuthNewPassword value=new_password autocomplete="new-password" test_id="password-new"/>
                <PasswordField label=Msg::AuthRepeatPassword value=repeat autocomplete="new-password" test_id="password-repeat"/>
                {move || message.get().map(|(ok, text)| {
                    view! {
                        <p class=if ok { "form__success" } else { "form__error" } role="alert" data-testid="password-message">{text}</p>
                    }
                })}
                <button type="submit" class="button button--primary" data-testid="password-submit" disabled=move || busy.get()>
                    {i18n.tr(Msg::AuthSavePassword)}
                </button>
            </form>
        </article>
    }
}

#[component]
pub fn SetupLinkPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    use_document_title(Msg::AuthSetupTitle);
    let token = use_params_map().get_untracked().get("token").unwrap_or_default();
    let info = RwSignal::new(None::<Result<SetupInfo, String>>);
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);

    {
        let token = token.clone();
        leptos::task::spawn_local(async move {
            let lang = i18n.lang_untracked();
            let answer = setup_info(&token).await;
            let loaded = match &answer {
                Ok(answer) if answer.ok() => {
                    crate::api::json::from_str::<SetupInfo>(&answer.text).map_err(|e| e.message())
                }
                other => Err(failure_text(other.as_ref().ok(), lang)),
            };
            let _ = info.try_set(Some(loaded));
        });
    }

    let first_admin = move || info.with(|info| matches!(info, Some(Ok(info)) if info.purpose == "first_admin"));
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let lang = i18n.lang_untracked();
        if password.get_untracked() != repeat.get_untracked() {
            message.set(Some((false, i18n.t(Msg::AuthPasswordsDiffer).to_string())));
            return;
        }
        busy.set(true);
        let token = token.clone();
        let navigate = navigate.clone();
        let first_admin = first_admin();
        leptos::task::spawn_local(async move {
            let (name, display) = (username.get_untracked(), display_name.get_untracked());
            let answer = use_setup_link(
                &token,
                first_admin.then_some(name.as_str()),
                (first_admin && !display.trim().is_empty()).then_some(display.as_str()),
                &password.get_untracked(),
            )
            .await;
            let _ = busy.try_set(false);
            match &answer {
                Ok(answer) if answer.status == 200 => {
                    if let Ok(session) = crate::api::json::from_str::<SessionAnswer>(&answer.text) {
                        auth.sign_in(session.user, session.csrf_token);
                        navigate("/penilaian", Default::default());
                    }
                }
                Ok(answer) if answer.ok() => {
                    let _ = message.try_set(Some((true, crate::i18n::t(lang, Msg::AuthSetupInactive).to_string())));
                }
                other => {
                    let _ = message.try_set(Some((false, failure_text(other.as_ref().ok(), lang))));
                }
            }
        });
    };

    view! {
        <article class="page page--narrow">
            <h1 data-testid="page-title">{i18n.tr(Msg::AuthSetupTitle)}</h1>
            {move || match info.get() {
                None => view! { <p role="status">{i18n.tr(Msg::AuthSetupChecking)}</p> }.into_any(),
                Some(Err(text)) => view! { <p class="form__error" role="alert" data-testid="setup-error">{text}</p> }.into_any(),
                Some(Ok(link)) => {
                    let is_first_admin = link.purpose == "first_admin";
                    view! {
                        <p>{if is_first_admin { i18n.t(Msg::AuthSetupFirstAdmin) } else { i18n.t(Msg::AuthSetupLead) }}</p>
                        <form class="form" on:submit=submit.clone()>
                            {if is_first_admin {
                                view! {
                                    <label class="form__field">
                                        <span>{i18n.tr(Msg::AuthUsername)}</span>
                                        <input type="text" autocomplete="username" required data-testid="setup-username"
                                            prop:value=move || username.get()
                                            on:input=move |event| username.set(event_target_value(&event))/>
                                    </label>
                                    <label class="form__field">
                                        <span>{i18n.tr(Msg::AuthDisplayName)}</span>
                                        <input type="text" autocomplete="name" data-testid="setup-display-name"
                                            prop:value=move || display_name.get()
                                            on:input=move |event| display_name.set(event_target_value(&event))/>
                                    </label>
                                }.into_any()
                            } else {
                                view! {
                                    <p>{i18n.tr(Msg::AuthUsername)} ": " <strong data-testid="setup-for">{link.username.clone().unwrap_or_default()}</strong></p>
                                }.into_any()
                            }}
                            <p class="form__hint">{i18n.tr(Msg::AuthPasswordRules)}</p>
                            <PasswordField label=Msg::AuthNewPassword value=password autocomplete="new-password" test_id="setup-password"/>
                            <PasswordField label=Msg::AuthRepeatPassword value=repeat autocomplete="new-password" test_id="setup-repeat"/>
                            {move || message.get().map(|(ok, text)| {
                                view! { <p class=if ok { "form__success" } else { "form__error" } role="alert" data-testid="setup-message">{text}</p> }
                            })}
                            <button type="submit" class="button button--primary" data-testid="setup-submit" disabled=move || busy.get()>
                                {i18n.tr(Msg::AuthSavePassword)}
                            </button>
                        </form>
                    }.into_any()
                }
            }}
        </article>
    }
}
