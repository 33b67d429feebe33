//! The banner: product name, subtitle, language switch and main navigation.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{lang_switch::LangSwitch, main_nav::MainNav};
use crate::i18n::{Msg, use_i18n};

#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <div class="site-header__bar">
                <A href="/" exact=true attr:class="brand">
                    <span class="brand__mark" aria-hidden="true">"S"</span>
                    <span class="brand__text">
                        <span class="brand__name">"Sibekisar"</span>
                        <span class="brand__subtitle">{i18n.tr(Msg::ProductSubtitle)}</span>
                    </span>
                </A>
                <LangSwitch/>
            </div>
            <MainNav/>
        </header>
    }
}
