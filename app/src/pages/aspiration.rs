//! The citizens' aspiration service: `/aspirasi` (the public form and the receipt-code field),
//! `/aspirasi/{code}` (following one message) and `/kotak-aspirasi` (the staff inbox:
//! administrators moderate, a unit's admin answers).

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::auth::{Permissions, Role, login_url, use_auth};
use crate::components::aspiration::follow::{FollowForm, FollowView};
use crate::components::aspiration::form::AspirationForm;
use crate::components::aspiration::inbox::Inbox;
use crate::components::aspiration::{AspText, msg};
use crate::i18n::{Msg, use_document_title, use_i18n};

/// `/aspirasi`.
#[component]
pub fn AspirationPage() -> impl IntoView {
    let i18n = use_i18n();
    use_document_title(msg(AspText::Title));
    view! {
        <article class="page page--narrow asp-page">
            <h1 data-testid="page-title">{i18n.tr(msg(AspText::Title))}</h1>
            <p class="lead">{i18n.tr(msg(AspText::Lead))}</p>
            <section aria-labelledby="asp-form-title">
                <h2 id="asp-form-title">{i18n.tr(msg(AspText::FormHeading))}</h2>
                <AspirationForm/>
            </section>
            <FollowForm/>
        </article>
    }
}

/// `/aspirasi/{code}`.
#[component]
pub fn AspirationFollowPage() -> impl IntoView {
    let i18n = use_i18n();
    use_document_title(msg(AspText::FollowHeading));
    let params = use_params_map();
    let code = Signal::derive(move || {
        let typed = params.with(|params| params.get("code")).unwrap_or_default();
        contract::aspirations::normalise_receipt(&typed).unwrap_or(typed)
    });
    view! {
        <article class="page page--narrow asp-page">
            <p class="back-link"><a href="/aspirasi">{i18n.tr(msg(AspText::Title))}</a></p>
            <h1 data-testid="page-title">{i18n.tr(msg(AspText::FollowHeading))}</h1>
            <FollowView code=code/>
            <FollowForm another=true/>
        </article>
    }
}

/// Who opened the inbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    Checking,
    Anonymous,
    Forbidden,
    Moderator,
    UnitAdmin,
}

/// `/kotak-aspirasi`.
#[component]
pub fn AspirationInboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    use_document_title(msg(AspText::InboxTitle));
    let access = Memo::new(move |_| match auth.user() {
        Some(user) if user.is_admin() => Access::Moderator,
        Some(user) if user.role() == Some(Role::UnitAdmin) => Access::UnitAdmin,
        Some(_) => Access::Forbidden,
        None if auth.checked() => Access::Anonymous,
        None => Access::Checking,
    });
    Effect::new(move |_| {
        if access.get() == Access::Anonymous {
            navigate(&login_url("/kotak-aspirasi"), NavigateOptions { replace: true, ..Default::default() });
        }
    });
    view! {
        <article class="page asp-page">
            <h1 data-testid="page-title">{i18n.tr(msg(AspText::InboxTitle))}</h1>
            {move || match access.get() {
                Access::Checking | Access::Anonymous => view! { <p role="status">{i18n.tr(Msg::AuthChecking)}</p> }.into_any(),
                Access::Forbidden => view! {
                    <p class="form__error" role="alert" data-testid="asp-inbox-forbidden">{i18n.tr(msg(AspText::InboxForbidden))}</p>
                }
                .into_any(),
                Access::Moderator => view! {
                    <p class="lead">{i18n.tr(msg(AspText::InboxLeadAdmin))}</p>
                    <Inbox moderator=true/>
                }
                .into_any(),
                Access::UnitAdmin => view! {
                    <p class="lead">{i18n.tr(msg(AspText::InboxLeadUnit))}</p>
                    <Inbox moderator=false/>
                }
                .into_any(),
            }}
        </article>
    }
}
