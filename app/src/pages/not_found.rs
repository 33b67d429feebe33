//! The page for any unknown path.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Msg, use_document_title, use_i18n};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    use_document_title(Msg::NotFoundTitle);
    view! {
        <article class="page">
            <h1 data-testid="page-title">{i18n.tr(Msg::NotFoundTitle)}</h1>
            <p>{i18n.tr(Msg::NotFoundText)}</p>
            <p>
                <A href="/" attr:class="button" attr:data-testid="not-found-home">
                    {i18n.tr(Msg::NotFoundBackHome)}
                </A>
            </p>
        </article>
    }
}
