//! The page footer.

use leptos::prelude::*;

use crate::i18n::{Msg, use_i18n};

#[component]
pub fn SiteFooter() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <p>{i18n.tr(Msg::FooterText)}</p>
        </footer>
    }
}
