//! "Beranda" (`/`): what Sibekisar is, the province's dashboard of published results, the
//! areas, and the grades.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::dashboard::Dashboard;
use crate::components::grade_table::GradeTable;
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

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    use_document_title(Msg::NavHome);
    view! {
        <article class="page page--home">
            <section class="hero">
                <h1 data-testid="page-title">{i18n.tr(Msg::HomeTitle)}</h1>
                <p class="lead">{i18n.tr(Msg::HomeIntro)}</p>
                <p>{i18n.tr(Msg::HomeIntroPopulations)}</p>
            </section>
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
