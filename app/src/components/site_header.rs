//! The banner: product name, subtitle, language switch and main navigation.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{lang_switch::LangSwitch, main_nav::MainNav, user_menu::UserMenu};
/// The product's full name. It is a proper name (the acronym's expansion), so it stays in
/// Indonesian in both interface languages and is marked `lang="id"`.
pub const PRODUCT_SUBTITLE: &str = "Sistem Integrasi Bersama Kinerja Implementasi Budaya Cettar";

#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="site-header__bar">
                <A href="/" exact=true attr:class="brand">
                    <span class="brand__mark" aria-hidden="true">"S"</span>
                    <span class="brand__text">
                        <span class="brand__name">"Sibekisar"</span>
                        <span class="brand__subtitle" lang="id">{PRODUCT_SUBTITLE}</span>
                    </span>
                </A>
                <div class="site-header__tools">
                    <UserMenu/>
                    <super::webinar::WebinarToggle/>
                    <LangSwitch/>
                </div>
            </div>
            <MainNav/>
        </header>
    }
}
