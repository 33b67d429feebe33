//! "Log keamanan": the append-only security audit, newest first, a page at a time.

use leptos::prelude::*;

use super::{Outcome, outcome_view, short_time};
use crate::api::admin::{AuditPage, SecurityEvent, load};
use crate::i18n::{Lang, Msg, use_i18n};

/// Rows per page.
const PAGE_SIZE: u32 = 50;

/// An event code of `server/src/auth/audit.rs` in words; unknown codes as they are.
pub fn event_label(lang: Lang, event: &str) -> String {
    let (id, en) = match event {
        "login_succeeded" => ("Berhasil masuk", "Signed in"),
        "login_failed" => ("Gagal masuk", "Sign-in failed"),
        "login_locked" => ("Masuk diblokir sementara", "Sign-in locked"),
        "logout" => ("Keluar", "Signed out"),
        "password_changed" => ("Kata sandi diganti", "Password changed"),
        "user_created" => ("Pengguna dibuat", "User created"),
        "role_changed" => ("Peran diubah", "Role changed"),
        "scope_changed" => ("Cakupan diubah", "Scope changed"),
        "user_deactivated" => ("Pengguna dinonaktifkan", "User deactivated"),
        "user_activated" => ("Pengguna diaktifkan", "User activated"),
        "setup_link_created" => ("Tautan sekali pakai dibuat", "One-time link created"),
        "setup_link_used" => ("Tautan sekali pakai dipakai", "One-time link used"),
        "first_admin_link_created" => ("Tautan administrator pertama dibuat", "First administrator link created"),
        "demo_accounts_created" => ("Akun demo dibuat", "Demo accounts created"),
        "token_created" => ("Token API dibuat", "API token created"),
        "token_used" => ("Token API dipakai", "API token used"),
        "token_revoked" => ("Token API dicabut", "API token revoked"),
        other => return other.to_string(),
    };
    match lang {
        Lang::Id => id.to_string(),
        Lang::En => en.to_string(),
    }
}

#[component]
pub fn AuditTab() -> impl IntoView {
    let i18n = use_i18n();
    let events = RwSignal::new(Vec::<SecurityEvent>::new());
    let next_before = RwSignal::new(None::<i64>);
    let outcome = RwSignal::<Outcome>::new(None);
    let busy = RwSignal::new(false);

    let load_page = move |before: Option<i64>| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let url = match before {
                Some(before) => format!("/api/v1/admin/audit?limit={PAGE_SIZE}&before={before}"),
                None => format!("/api/v1/admin/audit?limit={PAGE_SIZE}"),
            };
            match load::<AuditPage>(&url, i18n.lang_untracked()).await {
                Ok(page) => {
                    events.update(|list| list.extend(page.events));
                    let _ = next_before.try_set(page.next_before);
                }
                Err(problems) => _ = outcome.try_set(Some(Err(problems))),
            }
            let _ = busy.try_set(false);
        });
    };
    load_page(None);

    view! {
        {outcome_view(outcome)}
        <div class="table-scroll">
            <table class="data-table admin-table" data-testid="admin-audit">
                <caption>{i18n.tr(Msg::AdminTabAudit)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr(Msg::AdminTime)}</th>
                        <th scope="col">{i18n.tr(Msg::AdminEvent)}</th>
                        <th scope="col">{i18n.tr(Msg::AdminActor)}</th>
                        <th scope="col">{i18n.tr(Msg::AdminSubject)}</th>
                        <th scope="col">{i18n.tr(Msg::AdminDetail)}</th>
                        <th scope="col">{i18n.tr(Msg::AdminIp)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || events.get().into_iter().map(|event| {
                        let code = event.event.clone();
                        view! {
                            <tr data-testid="admin-audit-row" data-event=event.event>
                                <td class="admin-nowrap">{short_time(&event.occurred_at)}</td>
                                <td>{move || event_label(i18n.lang(), &code)}</td>
                                <td>{event.actor}</td>
                                <td>{event.subject}</td>
                                <td>{event.detail}</td>
                                <td>{event.ip}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <Show when=move || next_before.get().is_some()>
            <button type="button" class="button" data-testid="admin-audit-more" disabled=move || busy.get()
                on:click=move |_| load_page(next_before.get_untracked())>
                {i18n.tr(Msg::AdminLoadMore)}
            </button>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_named_in_both_languages_and_unknown_ones_kept() {
        assert_eq!(event_label(Lang::Id, "token_revoked"), "Token API dicabut");
        assert_eq!(event_label(Lang::En, "user_created"), "User created");
        assert_eq!(event_label(Lang::Id, "something_new"), "something_new");
    }
}
