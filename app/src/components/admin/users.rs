//! "Pengguna": every account with role, scope and status; one form creates a user (and shows the
//! one-time set-up link once) or edits the chosen one; a reset link per row. A unit admin's unit
//! is chosen among every active unit, grouped by population (the province's own unit included).

use std::collections::BTreeMap;

use gloo_net::http::Method;
use leptos::prelude::*;

use super::{Outcome, indicator_picker, one_time_secret, outcome_view, short_time};
use crate::api::admin::{
    Account, AccountChange, Accounts, CreatedAccount, NewAccount, SetupLink, UnitGroup, accepted, indicator_catalog,
    load, unit_catalog, user_url, write,
};
use crate::auth::{Role, RoleLabel, UserScope};
use crate::i18n::{Lang, Msg, t, use_i18n};

/// The form's fields; `editing` is the username being edited (none: a new user).
#[derive(Clone, Debug, Default, PartialEq)]
struct UserForm {
    editing: Option<String>,
    username: String,
    display_name: String,
    role: String,
    unit: String,
    active: bool,
}

const ROLES: [&str; 4] = ["admin", "owner", "unit_admin", "viewer"];

#[component]
pub fn UsersTab() -> impl IntoView {
    let i18n = use_i18n();
    let users = RwSignal::new(None::<Vec<Account>>);
    let form = RwSignal::new(UserForm { role: "owner".into(), active: true, ..Default::default() });
    let codes = RwSignal::new(Vec::<String>::new());
    let catalog = RwSignal::new(BTreeMap::<String, String>::new());
    let units = RwSignal::new(Vec::<UnitGroup>::new());
    let outcome = RwSignal::<Outcome>::new(None);
    let link = RwSignal::new(None::<(String, SetupLink)>);

    let reload = move || {
        leptos::task::spawn_local(async move {
            match load::<Accounts>("/api/v1/admin/users", i18n.lang_untracked()).await {
                Ok(list) => _ = users.try_set(Some(list.users)),
                Err(problems) => _ = outcome.try_set(Some(Err(problems))),
            }
        });
    };
    reload();
    leptos::task::spawn_local(async move {
        let found = indicator_catalog().await;
        let _ = catalog.try_set(found);
        let found = unit_catalog().await;
        let _ = units.try_set(found);
    });

    let show_link = move |username: String, answer_link: SetupLink| {
        let _ = link.try_set(Some((username, answer_link)));
    };

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let lang = i18n.lang_untracked();
        let fields = form.get_untracked();
        let chosen = codes.get_untracked();
        outcome.set(None);
        link.set(None);
        leptos::task::spawn_local(async move {
            let scope = UserScope {
                unit_code: (fields.role == "unit_admin" && !fields.unit.is_empty()).then(|| fields.unit.clone()),
                indicator_codes: if fields.role == "owner" { chosen } else { Vec::new() },
            };
            let display_name = Some(fields.display_name.trim().to_owned()).filter(|name| !name.is_empty());
            let role = fields.role.clone();
            let answer = match &fields.editing {
                Some(username) => {
                    let change = AccountChange {
                        display_name,
                        role: Some(role),
                        scope: Some(scope),
                        active: Some(fields.active),
                    };
                    write(Method::PATCH, &user_url(username), Some(&change)).await
                }
                None => {
                    let account = NewAccount { username: fields.username.trim().to_owned(), display_name, role, scope };
                    write(Method::POST, "/api/v1/admin/users", Some(&account)).await
                }
            };
            let result = match (&fields.editing, answer.as_ref().map(|a| a.ok())) {
                (None, Ok(true)) => accepted::<CreatedAccount>(&answer, lang).map(|created| {
                    show_link(fields.username.trim().to_lowercase(), created.setup_link);
                    String::new()
                }),
                (Some(_), Ok(true)) => Ok(t(lang, Msg::AdminUserSaved).to_string()),
                _ => Err(crate::api::admin::refusal(&answer, lang)),
            };
            if result.is_ok() {
                let _ = form.try_set(UserForm { role: "owner".into(), active: true, ..Default::default() });
                let _ = codes.try_set(Vec::new());
                reload();
            }
            let _ = outcome.try_set(Some(result).filter(|result| !matches!(result, Ok(text) if text.is_empty())));
        });
    };

    let reset_link = move |username: String| {
        let lang = i18n.lang_untracked();
        outcome.set(None);
        link.set(None);
        leptos::task::spawn_local(async move {
            let answer = write::<()>(Method::POST, &format!("{}/reset-link", user_url(&username)), None).await;
            match accepted::<SetupLink>(&answer, lang) {
                Ok(created) => show_link(username, created),
                Err(problems) => _ = outcome.try_set(Some(Err(problems))),
            }
        });
    };

    let edit = move |user: Account| {
        form.set(UserForm {
            editing: Some(user.username.clone()),
            username: user.username,
            display_name: user.display_name,
            role: user.role.code().to_owned(),
            unit: user.scope.unit_code.unwrap_or_default(),
            active: user.active,
        });
        codes.set(user.scope.indicator_codes);
        outcome.set(None);
        if let Some(element) =
            web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("admin-user-form"))
        {
            element.scroll_into_view();
        }
    };

    let role_is = move |role: &'static str| form.with(|fields| fields.role == role);
    let editing = move || form.with(|fields| fields.editing.is_some());

    view! {
        {move || link.get().map(|(username, link)| {
            let address = link.url.clone().unwrap_or_else(|| {
                let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
                format!("{origin}{}", link.path)
            });
            view! {
                {one_time_secret(format!("{} {username}", i18n.t(Msg::AdminLinkFor)), address, Msg::AdminLinkWarning)}
                <p class="admin-muted">{i18n.tr(Msg::AdminLinkExpires)} " " {short_time(&link.expires_at)}</p>
            }
        })}
        {outcome_view(outcome)}
        <form id="admin-user-form" class="form admin-form" on:submit=submit data-testid="admin-user-form">
            <h2>{move || if editing() { i18n.t(Msg::AdminEditUser) } else { i18n.t(Msg::AdminNewUser) }}</h2>
            <div class="admin-form__row">
                <label class="form__field">
                    <span>{i18n.tr(Msg::AuthUsername)}</span>
                    <input type="text" required autocapitalize="none" spellcheck="false" data-testid="admin-user-username"
                        readonly=editing
                        prop:value=move || form.with(|fields| fields.username.clone())
                        on:input=move |event| form.update(|fields| fields.username = event_target_value(&event))/>
                </label>
                <label class="form__field">
                    <span>{i18n.tr(Msg::AuthDisplayName)}</span>
                    <input type="text" data-testid="admin-user-display-name"
                        prop:value=move || form.with(|fields| fields.display_name.clone())
                        on:input=move |event| form.update(|fields| fields.display_name = event_target_value(&event))/>
                </label>
                <label class="form__field">
                    <span>{i18n.tr(Msg::AdminRole)}</span>
                    <select data-testid="admin-user-role"
                        prop:value=move || form.with(|fields| fields.role.clone())
                        on:change=move |event| form.update(|fields| fields.role = event_target_value(&event))>
                        {ROLES.map(|code| view! {
                            <option value=code selected=move || role_is(code)>
                                {move || Role::parse(code).map(|role| role.label(i18n.lang()))}
                            </option>
                        })}
                    </select>
                </label>
            </div>
            <Show when=move || role_is("owner")>
                {indicator_picker(Msg::AdminIndicators, catalog, codes)}
            </Show>
            <Show when=move || role_is("unit_admin")>
                <label class="form__field">
                    <span>{i18n.tr(Msg::AdminUnit)}</span>
                    <select data-testid="admin-user-unit"
                        prop:value=move || form.with(|fields| fields.unit.clone())
                        on:change=move |event| form.update(|fields| fields.unit = event_target_value(&event))>
                        <option value="">{i18n.tr(Msg::AdminChooseUnit)}</option>
                        // Every active unit by population: the province's own unit too.
                        {move || units.get().into_iter().map(|group| {
                            let label = if i18n.lang() == Lang::En { group.name_en } else { group.name };
                            let options = group.units.into_iter().map(|(code, name)| {
                                let selected_code = code.clone();
                                view! { <option value=code selected=move || form.with(|fields| fields.unit == selected_code)>{name}</option> }
                            }).collect_view();
                            view! { <optgroup label=label>{options}</optgroup> }
                        }).collect_view()}
                    </select>
                </label>
            </Show>
            <Show when=editing>
                <label class="admin-check">
                    <input type="checkbox" data-testid="admin-user-active"
                        prop:checked=move || form.with(|fields| fields.active)
                        on:change=move |event| form.update(|fields| fields.active = event_target_checked(&event))/>
                    " " {i18n.tr(Msg::AdminActive)}
                </label>
            </Show>
            <div class="admin-form__actions">
                <button type="submit" class="button button--primary" data-testid="admin-user-submit">
                    {move || if editing() { i18n.t(Msg::AdminSave) } else { i18n.t(Msg::AdminCreateUser) }}
                </button>
                <Show when=editing>
                    <button type="button" class="button" on:click=move |_| {
                        form.set(UserForm { role: "owner".into(), active: true, ..Default::default() });
                        codes.set(Vec::new());
                    }>{i18n.tr(Msg::AdminCancel)}</button>
                </Show>
            </div>
        </form>
        <div class="table-scroll" tabindex="0">
            <table class="data-table admin-table" data-testid="admin-users">
                <caption>{i18n.tr(Msg::AdminTabUsers)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr(Msg::AuthUsername)}</th>
                        <th scope="col">{i18n.tr(Msg::AdminRole)}</th>
                        <th scope="col">{i18n.tr(Msg::AdminScope)}</th>
                        <th scope="col">{i18n.tr(Msg::AdminStatus)}</th>
                        <th scope="col">{i18n.tr(Msg::AdminActions)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || users.get().map(|list| list.into_iter().map(|user| {
                        let role = user.role;
                        let scope = match (&user.scope.unit_code, user.scope.indicator_codes.is_empty()) {
                            (Some(unit), _) => unit.clone(),
                            (None, false) => user.scope.indicator_codes.join(", "),
                            (None, true) => String::new(),
                        };
                        let (edited, reset) = (user.clone(), user.username.clone());
                        view! {
                            <tr data-testid=format!("admin-user-{}", user.username)>
                                <th scope="row">{user.username.clone()}<br/><span class="admin-muted">{user.display_name.clone()}</span></th>
                                <td>{move || role.label(i18n.lang())}</td>
                                <td>{if scope.is_empty() { i18n.t(Msg::AdminScopeAll).to_string() } else { scope }}</td>
                                <td>
                                    {move || if user.active { i18n.t(Msg::AdminActive) } else { i18n.t(Msg::AdminInactive) }}
                                    {(!user.has_password).then(|| view! { <br/><span class="admin-muted">{i18n.tr(Msg::AdminNoPassword)}</span> })}
                                </td>
                                <td class="admin-table__actions">
                                    <button type="button" class="button button--small" data-testid="admin-user-edit"
                                        on:click=move |_| edit(edited.clone())>{i18n.tr(Msg::AdminEdit)}</button>
                                    <button type="button" class="button button--small" data-testid="admin-user-reset"
                                        on:click=move |_| reset_link(reset.clone())>{i18n.tr(Msg::AdminResetLink)}</button>
                                </td>
                            </tr>
                        }
                    }).collect_view())}
                </tbody>
            </table>
        </div>
    }
}
