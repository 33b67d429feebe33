//! The language toggle: one button that offers the other language by its own name.

use leptos::prelude::*;

use crate::i18n::{Msg, use_i18n};

/// Shows "English" while the interface is Indonesian and "Bahasa Indonesia" while it is English.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let offered = move || i18n.lang().other();
    view! {
        <button
            type="button"
            class="lang-switch"
            data-testid="lang-switch"
            // The button's text is in the language it offers, so screen readers pronounce it right.
            lang=move || offered().code()
            title=i18n.tr(Msg::SwitchLanguageHint)
            on:click=move |_| i18n.set_lang(i18n.lang().other())
        >
            {move || offered().endonym()}
        </button>
    }
}
