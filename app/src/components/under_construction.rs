//! The honest placeholder for areas later issues will build.

use leptos::prelude::*;

use crate::i18n::{Msg, use_document_title, use_i18n};

/// A page with its heading, what it will offer, and the plain statement that it is being built.
#[component]
pub fn UnderConstruction(title: Msg, lead: Msg) -> impl IntoView {
    let i18n = use_i18n();
    use_document_title(title);
    view! {
        <article class="page">
            <h1 data-testid="page-title">{i18n.tr(title)}</h1>
            <p class="notice" role="status">{i18n.tr(Msg::UnderConstruction)}</p>
            <p>{i18n.tr(lead)}</p>
        </article>
    }
}
