//! Sibekisar single-page app: Leptos 0.8, client-side rendered, compiled to wasm32.
//!
//! `start` is the wasm entry point; [`App`] is the shell (skip link, header with navigation and
//! language switch, routed main content, footer). Pure logic lives in `i18n`, `rules` and
//! `rubric` and is unit-tested natively (`cargo test -p app`); components only wire signals to it.

pub mod api;
pub mod assessment;
pub mod auth;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod ranking;
pub mod rules;
pub mod simulation;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use wasm_bindgen::prelude::wasm_bindgen;

use components::{site_footer::SiteFooter, site_header::SiteHeader};
use i18n::{Msg, provide_i18n};
use pages::{
    assessment::AssessmentPage, home::HomePage, not_found::NotFoundPage, rankings::RankingsPage,
    scoring_rules::ScoringRulesPage, simulator::SimulatorPage,
};

/// The wasm entry point: installs the panic hook and mounts the app on `<body>`.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// The app shell.
#[component]
pub fn App() -> impl IntoView {
    let i18n = provide_i18n();
    // The session (remembered user, then `/auth/me`) and the offline outbox that follows it.
    let auth = auth::provide_auth();
    assessment::sync::provide_sync(auth);
    let main_ref = NodeRef::<leptos::html::Main>::new();

    // The skip link moves focus itself: the router would otherwise treat "#main" as a navigation.
    // (Leptos attaches `on:click` to the element itself, so this runs before the router's
    // window-level handler, which then sees the default prevented and leaves the event alone.)
    let skip_to_main = move |event: leptos::ev::MouseEvent| {
        event.prevent_default();
        if let Some(main) = main_ref.get() {
            let _ = main.focus();
        }
    };

    view! {
        <Router>
            <a class="skip-link" href="#main" on:click=skip_to_main>
                {i18n.tr(Msg::SkipToContent)}
            </a>
            <SiteHeader/>
            <main id="main" class="site-main" tabindex="-1" node_ref=main_ref>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/simulasi") view=SimulatorPage/>
                    <Route path=path!("/penilaian") view=AssessmentPage/>
                    <Route path=path!("/peringkat") view=RankingsPage/>
                    <Route path=path!("/unit/:code") view=pages::unit_report::UnitReportPage/>
                    <Route path=path!("/pendampingan") view=pages::mentoring::MentoringPage/>
                    <Route path=path!("/webinar") view=pages::webinar::WebinarPage/>
                    <Route path=path!("/cara-penilaian") view=ScoringRulesPage/>
                    <Route path=path!("/masuk") view=pages::login::LoginPage/>
                    <Route path=path!("/akun/kata-sandi") view=pages::account::ChangePasswordPage/>
                    <Route path=path!("/setup/:token") view=pages::account::SetupLinkPage/>
                    // Work-system policy monitor (issue 8).
                    <Route path=path!("/sistem-kerja") view=pages::policy::PolicyRollupPage/>
                    <Route path=path!("/sistem-kerja/:code") view=pages::policy::PolicyChecklistPage/>
                    // The citizens' aspiration service (issue 23).
                    <Route path=path!("/aspirasi") view=pages::aspiration::AspirationPage/>
                    <Route path=path!("/aspirasi/:code") view=pages::aspiration::AspirationFollowPage/>
                    <Route path=path!("/kotak-aspirasi") view=pages::aspiration::AspirationInboxPage/>
                    <Route path=path!("/admin") view=pages::admin::AdminPage/>
                    <Route path=path!("/admin/:tab") view=pages::admin::AdminPage/>
                </Routes>
            </main>
            <SiteFooter/>
        </Router>
    }
}
