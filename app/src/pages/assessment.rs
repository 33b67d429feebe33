//! "Penilaian" (`/penilaian`) — filled by a later issue; for now an honest placeholder.

use leptos::prelude::*;

use crate::components::under_construction::UnderConstruction;
use crate::i18n::Msg;

#[component]
pub fn AssessmentPage() -> impl IntoView {
    view! { <UnderConstruction title=Msg::NavAssessment lead=Msg::AssessmentLead/> }
}
