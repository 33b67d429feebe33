//! "Administrasi" (`/admin`, `/admin/{tab}`): Biro Organisasi's pages — users, API tokens, the
//! security log, the unit registry, periods and rubric versions (`components/admin/`).
//!
//! Administrators only: visitors are sent to "Masuk", other roles see a plain refusal (the
//! server refuses their requests with 403 anyway; this only decides what to show).

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::auth::Permissions;
use crate::auth::{login_url, use_auth};
use crate::components::admin::{
    aspirations::AspirationsTab, audit::AuditTab, periods::PeriodsTab, rubrics::RubricsTab, tokens::TokensTab,
    units::UnitsTab, users::UsersTab,
};
use crate::i18n::{Msg, use_document_title, use_i18n};

/// The tabs: path segment and name.
const TABS: [(&str, Msg); 7] = [
    ("pengguna", Msg::AdminTabUsers),
    ("unit", Msg::AdminTabUnits),
    ("token", Msg::AdminTabTokens),
    ("log", Msg::AdminTabAudit),
    ("periode", Msg::AdminTabPeriods),
    ("rubrik", Msg::AdminTabRubrics),
    ("aspirasi", Msg::Asp(crate::components::aspiration::AspText::AdminTab)),
];

/// What the signed-in person may see here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    Checking,
    Anonymous,
    Forbidden,
    Admin,
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    use_document_title(Msg::AdminTitle);
    let params = use_params_map();
    let tab = Memo::new(move |_| params.with(|params| params.get("tab")).unwrap_or_else(|| "pengguna".into()));
    let access = Memo::new(move |_| match auth.user() {
        Some(user) if user.is_admin() => Access::Admin,
        Some(_) => Access::Forbidden,
        None if auth.checked() => Access::Anonymous,
        None => Access::Checking,
    });
    Effect::new(move |_| {
        if access.get() == Access::Anonymous {
            let path = format!("/admin/{}", tab.get_untracked());
            navigate(&login_url(&path), NavigateOptions { replace: true, ..Default::default() });
        }
    });

    view! {
        <article class="page page--wide admin">
            {move || match access.get() {
                Access::Checking | Access::Anonymous => view! { <p role="status">{i18n.tr(Msg::AuthChecking)}</p> }.into_any(),
                Access::Forbidden => view! {
                    <h1 data-testid="page-title">{i18n.tr(Msg::AdminForbiddenTitle)}</h1>
                    <p class="form__error" role="alert" data-testid="admin-forbidden">{i18n.tr(Msg::AdminForbiddenText)}</p>
                    <p><a href="/">{i18n.tr(Msg::NotFoundBackHome)}</a></p>
                }
                .into_any(),
                Access::Admin => view! {
                    <h1 data-testid="page-title">{i18n.tr(Msg::AdminTitle)}</h1>
                    <nav class="admin-tabs" aria-label=i18n.tr(Msg::AdminTitle)>
                        {TABS.map(|(slug, label)| view! {
                            <a href=format!("/admin/{slug}") data-testid=format!("admin-tab-{slug}")
                                aria-current=move || (tab.get() == slug).then_some("page")>
                                {i18n.tr(label)}
                            </a>
                        })}
                    </nav>
                    {move || match tab.get().as_str() {
                        "token" => TokensTab().into_any(),
                        "log" => AuditTab().into_any(),
                        "periode" => PeriodsTab().into_any(),
                        "rubrik" => RubricsTab().into_any(),
                        "unit" => UnitsTab().into_any(),
                        "aspirasi" => AspirationsTab().into_any(),
                        _ => UsersTab().into_any(),
                    }}
                }
                .into_any(),
            }}
        </article>
    }
}
