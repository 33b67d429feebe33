//! "Token API": tokens for other agencies' systems, scoped to indicator codes. A new token's
//! secret is shown once; revoking asks first.

use std::collections::BTreeMap;

use gloo_net::http::Method;
use leptos::prelude::*;

use super::{Outcome, confirmed, indicator_picker, one_time_secret, outcome_view, short_time};
use crate::api::admin::{
    ApiToken, ApiTokens, CreatedToken, NewToken, accepted, indicator_catalog, load, refusal, write,
};
use crate::i18n::{Msg, t, use_i18n};

#[component]
pub fn TokensTab() -> impl IntoView {
    let i18n = use_i18n();
    let tokens = RwSignal::new(None::<Vec<ApiToken>>);
    let name = RwSignal::new(String::new());
    let codes = RwSignal::new(Vec::<String>::new());
    let catalog = RwSignal::new(BTreeMap::<String, String>::new());
    let outcome = RwSignal::<Outcome>::new(None);
    let secret = RwSignal::new(None::<(String, String)>);

    let reload = move || {
        leptos::task::spawn_local(async move {
            match load::<ApiTokens>("/api/v1/admin/tokens", i18n.lang_untracked()).await {
                Ok(list) => _ = tokens.try_set(Some(list.tokens)),
                Err(problems) => _ = outcome.try_set(Some(Err(problems))),
            }
        });
    };
    reload();
    leptos::task::spawn_local(async move {
        let found = indicator_catalog().await;
        let _ = catalog.try_set(found);
    });

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let lang = i18n.lang_untracked();
        let (token_name, chosen) = (name.get_untracked(), codes.get_untracked());
        outcome.set(None);
        secret.set(None);
        leptos::task::spawn_local(async move {
            let body = NewToken { name: token_name.trim().to_owned(), indicator_codes: chosen };
            let answer = write(Method::POST, "/api/v1/admin/tokens", Some(&body)).await;
            match accepted::<CreatedToken>(&answer, lang) {
                Ok(created) => {
                    let _ = secret.try_set(Some((token_name.trim().to_string(), created.secret)));
                    let _ = name.try_set(String::new());
                    let _ = codes.try_set(Vec::new());
                    reload();
                }
                Err(problems) => _ = outcome.try_set(Some(Err(problems))),
            }
        });
    };

    let revoke = move |token: ApiToken| {
        let lang = i18n.lang_untracked();
        if !confirmed(&format!(
            "{} «{}»\n\n{}",
            t(lang, Msg::AdminRevoke),
            token.name,
            t(lang, Msg::AdminRevokeConfirm)
        )) {
            return;
        }
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let url = format!("/api/v1/admin/tokens/{}", crate::simulation::encode_query_value(&token.id));
            let answer = write::<()>(Method::DELETE, &url, None).await;
            let result = match &answer {
                Ok(ok) if ok.ok() => Ok(format!("{}: {}", t(lang, Msg::AdminRevoked), token.name)),
                _ => Err(refusal(&answer, lang)),
            };
            let _ = outcome.try_set(Some(result));
            reload();
        });
    };

    view! {
        {move || secret.get().map(|(token_name, value)| {
            one_time_secret(format!("{}: {token_name}", i18n.t(Msg::AdminTokenSecret)), value, Msg::AdminTokenWarning)
        })}
        {outcome_view(outcome)}
        <form class="form admin-form" on:submit=submit data-testid="admin-token-form">
            <h2>{i18n.tr(Msg::AdminCreateToken)}</h2>
            <label class="form__field">
                <span>{i18n.tr(Msg::AdminTokenName)}</span>
                <input type="text" required maxlength="100" placeholder="BPKAD — Opini BPK" data-testid="admin-token-name"
                    prop:value=move || name.get()
                    on:input=move |event| name.set(event_target_value(&event))/>
            </label>
            {indicator_picker(Msg::AdminTokenIndicators, catalog, codes)}
            <div class="admin-form__actions">
                <button type="submit" class="button button--primary" data-testid="admin-token-submit">{i18n.tr(Msg::AdminCreateToken)}</button>
            </div>
        </form>
        <div class="table-scroll" tabindex="0">
            <table class="data-table admin-table" data-testid="admin-tokens">
                <caption>{i18n.tr(Msg::AdminTabTokens)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr(Msg::AdminName)}</th>
                        <th scope="col">{i18n.tr(Msg::AdminScope)}</th>
                        <th scope="col">{i18n.tr(Msg::AdminCreated)}</th>
                        <th scope="col">{i18n.tr(Msg::AdminLastUsed)}</th>
                        <th scope="col">{i18n.tr(Msg::AdminStatus)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || tokens.get().map(|list| list.into_iter().map(|token| {
                        let revoked_at = token.revoked_at.clone();
                        let revoked = token.clone();
                        view! {
                            <tr data-testid=format!("admin-token-{}", token.id)>
                                <th scope="row">{token.name.clone()}<br/><code class="admin-muted">{token.id.clone()}</code></th>
                                <td>{token.indicator_codes.join(", ")}</td>
                                <td>{short_time(&token.created_at)}<br/><span class="admin-muted">{token.created_by.clone()}</span></td>
                                <td>{match &token.last_used_at {
                                    Some(time) => short_time(time).into_any(),
                                    None => i18n.tr(Msg::AdminNever).into_any(),
                                }}</td>
                                <td>{match revoked_at {
                                    Some(time) => view! { {i18n.tr(Msg::AdminRevoked)} " " {short_time(&time)} }.into_any(),
                                    None => view! {
                                        <button type="button" class="button button--small button--danger" data-testid="admin-token-revoke"
                                            on:click=move |_| revoke(revoked.clone())>{i18n.tr(Msg::AdminRevoke)}</button>
                                    }.into_any(),
                                }}</td>
                            </tr>
                        }
                    }).collect_view())}
                </tbody>
            </table>
        </div>
    }
}
