//! "Beranda" (`/`): each role's home first (a unit admin's "Unit saya", an owner's completeness,
//! the administrator's period state), then the province's dashboard of published results, the
//! areas, and the grades. Visitors and viewers see what Sibekisar is instead of a role's home.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::auth::{Role, use_auth};
use crate::components::dashboard::Dashboard;
use crate::components::grade_table::GradeTable;
use crate::components::home::admin::AdminHome;
use crate::components::home::owner::OwnerHome;
use crate::components::home::unit::UnitHome;
use crate::components::setup_checklist::SetupChecklist;
use crate::i18n::{Msg, use_document_title, use_i18n};

/// One card on the home page: an area and what it offers.
struct AreaCard {
    path: &'static str,
    title: Msg,
    text: Msg,
}

const AREA_CARDS: [AreaCard; 4] = [
    AreaCard { path: "/simulasi", title: Msg::NavSimulator, text: Msg::HomeCardSimulator },
    AreaCard { path: "/penilaian", title: Msg::NavAssessment, text: Msg::HomeCardAssessment },
    AreaCard { path: "/peringkat", title: Msg::NavRankings, text: Msg::HomeCardRankings },
    AreaCard { path: "/cara-penilaian", title: Msg::NavScoringRules, text: Msg::HomeCardScoringRules },
];

/// Which home the signed-in person gets; compared, so that confirming the same session again
/// does not load the home a second time.
#[derive(Clone, Debug, PartialEq, Eq)]
enum RoleHome {
    Public,
    Unit(Option<String>),
    Owner(Vec<String>),
    Admin,
}

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    use_document_title(Msg::NavHome);
    let role_home = Memo::new(move |_| match auth.user() {
        Some(user) => match user.role {
            Role::UnitAdmin => RoleHome::Unit(user.scope.unit_code),
            Role::Owner => RoleHome::Owner(user.scope.indicator_codes),
            Role::Admin => RoleHome::Admin,
            Role::Viewer => RoleHome::Public,
        },
        None => RoleHome::Public,
    });
    let top = move || match role_home.get() {
        RoleHome::Public => view! {
            <section class="hero">
                <h1 data-testid="page-title">{i18n.tr(Msg::HomeTitle)}</h1>
                <p class="lead">{i18n.tr(Msg::HomeIntro)}</p>
                <p>{i18n.tr(Msg::HomeIntroPopulations)}</p>
            </section>
        }
        .into_any(),
        RoleHome::Unit(unit_code) => view! { <UnitHome unit_code=unit_code/> }.into_any(),
        RoleHome::Owner(indicator_codes) => view! { <OwnerHome indicator_codes=indicator_codes/> }.into_any(),
        RoleHome::Admin => view! { <AdminHome/> }.into_any(),
    };
    view! {
        <article class="page page--home">
            {top}
            <SetupChecklist/>
            <Dashboard/>
            <section aria-labelledby="home-areas">
                <h2 id="home-areas">{i18n.tr(Msg::HomeAreasHeading)}</h2>
                <ul class="cards">
                    {AREA_CARDS
                        .iter()
                        .map(|card| {
                            view! {
                                <li class="card">
                                    <h3 class="card__title">
                                        // The link stretches over the whole card (CSS), while its
                                        // accessible name stays the short area name.
                                        <A href=card.path attr:class="card__link">{i18n.tr(card.title)}</A>
                                    </h3>
                                    <p class="card__text">{i18n.tr(card.text)}</p>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
            <section aria-labelledby="home-grades">
                <h2 id="home-grades">{i18n.tr(Msg::HomeGradesHeading)}</h2>
                <p>{i18n.tr(Msg::HomeGradesText)}</p>
                <GradeTable/>
            </section>
        </article>
    }
}
