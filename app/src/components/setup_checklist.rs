//! "Mulai": the first-run checklist on "Beranda" for administrators of a new installation —
//! populations → units (import) → rubric (upload, or the shipped 2023 templates) → period →
//! indicator owners invited with set-up links → open the period. Each step shows done/not done
//! from the server's data (`GET /api/v1/setup`); the list disappears once the first period is
//! open.

use leptos::prelude::*;

use crate::api::admin::load;
use crate::api::registry::SetupStatus;
use crate::auth::Permissions;
use crate::auth::use_auth;
use crate::i18n::{Msg, use_i18n};

/// A step's key, its text and where it is done.
const STEPS: [(&str, Msg, &str); 6] = [
    ("populations", Msg::SetupPopulations, "/admin/unit"),
    ("units", Msg::SetupUnits, "/admin/unit"),
    ("rubric", Msg::SetupRubric, "/admin/rubrik"),
    ("period", Msg::SetupPeriod, "/admin/periode"),
    ("owners", Msg::SetupOwners, "/admin/pengguna"),
    ("open", Msg::SetupOpen, "/admin/periode"),
];

#[component]
pub fn SetupChecklist() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let status = RwSignal::new(None::<SetupStatus>);
    Effect::new(move |_| {
        if auth.user().is_some_and(|user| user.is_admin()) {
            leptos::task::spawn_local(async move {
                if let Ok(found) = load::<SetupStatus>("/api/v1/setup", i18n.lang_untracked()).await {
                    let _ = status.try_set(Some(found));
                }
            });
        }
    });
    move || {
        let found = status.get().filter(|found| found.show)?;
        let items = STEPS
            .iter()
            .map(|(key, text, path)| {
                let done = found.steps.iter().any(|step| step.key == *key && step.done);
                let templates = (*key == "rubric").then(|| {
                    view! {
                        <span class="setup__templates">
                            " " {i18n.tr(Msg::SetupTemplates)} " "
                            <a href="/rubrics/rubric-kabkota-2023.json" download data-testid="setup-template-kabkota">
                                {i18n.tr(Msg::SetupTemplateKabkota)}</a>
                            ", "
                            <a href="/rubrics/rubric-opd-2023.json" download data-testid="setup-template-opd">
                                {i18n.tr(Msg::SetupTemplateOpd)}</a>
                        </span>
                    }
                });
                view! {
                    <li class=if done { "setup__step setup__step--done" } else { "setup__step" }
                        data-testid=format!("setup-step-{key}") data-done=done.to_string()>
                        <span class="setup__mark" aria-hidden="true">{if done { "✓" } else { "○" }}</span>
                        " " <a href=*path>{i18n.tr(*text)}</a>
                        " — " <strong>{i18n.tr(if done { Msg::SetupDone } else { Msg::SetupNotDone })}</strong>
                        {templates}
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <section class="setup" aria-labelledby="setup-title" data-testid="setup-checklist">
                <h2 id="setup-title">{i18n.tr(Msg::SetupTitle)}</h2>
                <p>{i18n.tr(Msg::SetupLead)}</p>
                <ol class="setup__steps">{items}</ol>
            </section>
        })
    }
}
