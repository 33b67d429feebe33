//! "Simulasi" (`/simulasi`) — filled by a later issue; for now an honest placeholder.

use leptos::prelude::*;

use crate::components::under_construction::UnderConstruction;
use crate::i18n::Msg;

#[component]
pub fn SimulatorPage() -> impl IntoView {
    view! { <UnderConstruction title=Msg::NavSimulator lead=Msg::SimulatorLead/> }
}
