//! "Log keamanan": the append-only security audit, newest first, a page at a time.

use std::fmt::Write as _;

use leptos::prelude::*;

use super::{Outcome, outcome_view, short_time};
use crate::api::admin::{AuditPage, SecurityEvent, load};
use crate::components::html::escape;
use crate::components::simulator::text;
use crate::i18n::{Lang, Msg, t, use_i18n};

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

    let table = text(move || events.with(|events| audit_table_html(events, i18n.lang())));
    view! {
        {outcome_view(outcome)}
        <div class="table-scroll" tabindex="0" inner_html=table></div>
        <Show when=move || next_before.get().is_some()>
            <button type="button" class="button" data-testid="admin-audit-more" disabled=move || busy.get()
                on:click=move |_| load_page(next_before.get_untracked())>
                {i18n.tr(Msg::AdminLoadMore)}
            </button>
        </Show>
    }
}

/// The audit table, newest first as the server sent it; every text from the log is escaped.
fn audit_table_html(events: &[SecurityEvent], lang: Lang) -> String {
    let mut html = String::new();
    let _ = write!(
        html,
        r#"<table class="data-table admin-table" data-testid="admin-audit"><caption>{}</caption><thead><tr>"#,
        escape(t(lang, Msg::AdminTabAudit))
    );
    for msg in [Msg::AdminTime, Msg::AdminEvent, Msg::AdminActor, Msg::AdminSubject, Msg::AdminDetail, Msg::AdminIp] {
        let _ = write!(html, r#"<th scope="col">{}</th>"#, escape(t(lang, msg)));
    }
    html.push_str("</tr></thead><tbody>");
    let optional = |value: &Option<String>| escape(value.as_deref().unwrap_or_default());
    for event in events {
        let _ = write!(
            html,
            r#"<tr data-testid="admin-audit-row" data-event="{}"><td class="admin-nowrap">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            escape(&event.event),
            escape(&short_time(&event.occurred_at)),
            escape(&event_label(lang, &event.event)),
            optional(&event.actor),
            optional(&event.subject),
            optional(&event.detail),
            optional(&event.ip),
        );
    }
    html.push_str("</tbody></table>");
    html
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

    #[test]
    fn audit_rows_escape_the_log_and_keep_their_test_ids() {
        let event = SecurityEvent {
            id: 7,
            occurred_at: "2024-03-12T08:05:00.000Z".to_owned(),
            event: "token_revoked".to_owned(),
            actor: Some("admin.demo".to_owned()),
            subject: None,
            ip: Some("127.0.0.1".to_owned()),
            detail: Some("<script>alert(1)</script>".to_owned()),
        };
        let html = audit_table_html(&[event], Lang::Id);
        assert!(html.contains(r#"data-testid="admin-audit""#));
        assert!(html.contains("<caption>Log keamanan</caption>"), "{html}");
        assert!(
            html.contains(r#"<tr data-testid="admin-audit-row" data-event="token_revoked"><td class="admin-nowrap">2024-03-12 08:05 UTC</td><td>Token API dicabut</td><td>admin.demo</td><td></td><td>&lt;script&gt;alert(1)&lt;/script&gt;</td><td>127.0.0.1</td></tr>"#),
            "{html}"
        );
    }
}
