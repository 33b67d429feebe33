//! The header's account area: "Masuk" for visitors; the signed-in user's name and role, a link to
//! change the password and "Keluar" otherwise.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::assessment::sync::use_sync;
use crate::auth::Permissions;
use crate::auth::{RoleLabel, use_auth};
use crate::i18n::{Msg, use_i18n};

#[component]
pub fn UserMenu() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let sync = use_sync();
    let navigate = use_navigate();
    let sign_out = move |_| {
        let pending = sync.outbox.with_untracked(|outbox| outbox.pending_count());
        if pending > 0 {
            // The changes stay in this browser under the user's name and are sent at the next
            // sign-in; say so before leaving.
            let question =
                format!("{} {pending}. {}", i18n.t(Msg::AuthSignOutPending), i18n.t(Msg::AuthSignOutPendingKept));
            let confirmed =
                web_sys::window().is_some_and(|window| window.confirm_with_message(&question).unwrap_or(true));
            if !confirmed {
                return;
            }
        }
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let _ = crate::api::auth::logout().await;
            auth.sign_out();
            navigate("/", Default::default());
        });
    };
    view! {
        <div class="user-menu">
            {move || match auth.user() {
                None => view! {
                    <A href="/masuk" attr:class="user-menu__sign-in" attr:data-testid="nav-masuk">{i18n.tr(Msg::AuthSignIn)}</A>
                }.into_any(),
                Some(user) => {
                    let role = user.role();
                    view! {
                        <span class="user-menu__who">
                            <span class="user-menu__name" data-testid="user-name">{user.display_name.clone()}</span>
                            <span class="user-menu__role" data-testid="user-role">{move || role.map(|role| role.label(i18n.lang()))}</span>
                        </span>
                        <A href="/akun/kata-sandi" attr:class="user-menu__link" attr:data-testid="nav-kata-sandi">{i18n.tr(Msg::AuthChangePassword)}</A>
                        <button type="button" class="user-menu__sign-out" data-testid="logout" on:click=sign_out.clone()>
                            {i18n.tr(Msg::AuthSignOut)}
                        </button>
                    }.into_any()
                }
            }}
        </div>
    }
}
