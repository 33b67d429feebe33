//! The main navigation: one link per area, the current one marked with `aria-current="page"`
//! (set by leptos_router's `<A>`).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

use crate::auth::Permissions;
use crate::components::aspiration::AspText;
use crate::i18n::{Msg, use_i18n};

/// One entry of the main navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NavItem {
    pub path: &'static str,
    /// The stable test id: `nav-<route-name>`.
    pub test_id: &'static str,
    pub label: Msg,
}

/// The main areas in menu order.
pub const NAV_ITEMS: [NavItem; 6] = [
    NavItem { path: "/", test_id: "nav-beranda", label: Msg::NavHome },
    NavItem { path: "/simulasi", test_id: "nav-simulasi", label: Msg::NavSimulator },
    NavItem { path: "/penilaian", test_id: "nav-penilaian", label: Msg::NavAssessment },
    NavItem { path: "/peringkat", test_id: "nav-peringkat", label: Msg::NavRankings },
    NavItem { path: "/cara-penilaian", test_id: "nav-cara-penilaian", label: Msg::NavScoringRules },
    NavItem { path: "/sistem-kerja", test_id: "nav-sistem-kerja", label: Msg::PolicyTitle },
];

#[component]
pub fn MainNav() -> impl IntoView {
    let i18n = use_i18n();
    let auth = crate::auth::use_auth();
    let list_ref = NodeRef::<leptos::html::Ul>::new();
    let pathname = use_location().pathname;
    // On a phone the menu scrolls sideways; keep the current area in view after each navigation.
    Effect::new(move |_| {
        pathname.track();
        if let Some(list) = list_ref.get() {
            scroll_current_into_view(&list);
        }
    });
    view! {
        <nav class="main-nav" aria-label=i18n.tr(Msg::MainNavigation)>
            <ul node_ref=list_ref>
                {NAV_ITEMS
                    .iter()
                    .map(|item| {
                        // Home is active only on "/" itself; other areas also for their sub-pages.
                        let exact = item.path == "/";
                        view! {
                            <li>
                                <A href=item.path exact=exact attr:data-testid=item.test_id>
                                    {i18n.tr(item.label)}
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
                // Webinar walk-through and sandbox for trainers (issue 7).
                <li><A href="/webinar" attr:data-testid="nav-webinar">{i18n.tr(Msg::WebNav)}</A></li>
                // The citizens' aspiration service: the public form for everyone, the inbox for the
                // staff who moderate or answer (issue 23).
                <li><A href="/aspirasi" attr:data-testid="nav-aspirasi">{i18n.tr(Msg::Asp(AspText::Nav))}</A></li>
                {move || auth.user().filter(|user| user.is_admin() || user.role() == Some(crate::auth::Role::UnitAdmin)).map(|_| view! {
                    <li><A href="/kotak-aspirasi" attr:data-testid="nav-kotak-aspirasi">{i18n.tr(Msg::Asp(AspText::InboxNav))}</A></li>
                })}
                // Administration, for administrators only (the page refuses everyone else too).
                {move || auth.user().filter(crate::auth::User::is_admin).map(|_| view! {
                    <li><A href="/admin" attr:data-testid="nav-admin">{i18n.tr(Msg::NavAdmin)}</A></li>
                })}
            </ul>
        </nav>
    }
}

/// Scrolls the menu list sideways so the link marked `aria-current="page"` is visible.
fn scroll_current_into_view(list: &web_sys::HtmlUListElement) {
    let current = list
        .query_selector("a[aria-current=\"page\"]")
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    let Some(current) = current else { return };
    let link_start = current.offset_left();
    let link_end = link_start + current.offset_width();
    let visible_start = list.scroll_left();
    let visible_end = visible_start + list.client_width();
    if link_start < visible_start {
        list.set_scroll_left(link_start - 12);
    } else if link_end > visible_end {
        list.set_scroll_left(link_end - list.client_width() + 12);
    }
}
