//! "Penilaian" (`/penilaian?periode=<id>&populasi=<code>&indikator=<code>&kosong=1`): the
//! assessor's grid (`indikator` and `kosong` narrow it to one column and to missing values).
//!
//! Signed-in users only (visitors are sent to "Masuk"). Choose a period and a population; the
//! grid shows every unit of the population against the indicators the user works on: an owner's
//! own indicators (editable), everything for an admin (editable) and for viewers and unit admins
//! (read only; a unit admin sees its own unit). The data comes from
//! `GET /api/v1/periods/{id}/entries`, through the offline copy of `api::cache`, so the grid also
//! opens without a network; changes go through `assessment::sync`.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::ApiError;
use crate::api::entries::{AssessPeriod, Entry, UnitRef, fetch_entries, fetch_periods};
use crate::api::periods::{PeriodState, Population, fetch_populations};
use crate::assessment::outbox::CellKey;
use crate::assessment::sync::use_sync;
use crate::auth::Permissions;
use crate::auth::{login_url, use_auth};
use crate::components::assessment::{AssessmentGrid, SyncStatus};
use crate::components::import::{ImportPanel, ImportTarget};
use crate::i18n::{Msg, use_document_title, use_i18n};

/// One period's entries for one population, ready for the grid.
pub struct Sheet {
    pub period: AssessPeriod,
    pub rubric: engine::Rubric,
    pub units: Vec<UnitRef>,
    pub entries: HashMap<(String, String), Entry>,
    pub from_cache: bool,
    /// Indicators computed from the aspiration service: shown, never edited here.
    pub computed: Vec<String>,
}

impl Sheet {
    pub fn is_open(&self) -> bool {
        self.period.state == PeriodState::Open
    }

    pub fn entry(&self, cell: &CellKey) -> Option<&Entry> {
        self.entries.get(&(cell.unit.clone(), cell.indicator.clone()))
    }
}

#[derive(Clone)]
enum Load<T> {
    Idle,
    Loading,
    Ready(T),
    Failed(String),
}

fn load_error(error: &ApiError, lang: crate::i18n::Lang) -> String {
    error.detail(lang)
}

#[component]
pub fn AssessmentPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let sync = use_sync();
    let navigate = use_navigate();
    use_document_title(Msg::NavAssessment);

    // Visitors go to "Masuk". Someone who signs out here is sent home by the user menu instead.
    Effect::new(move |was_signed_in: Option<bool>| {
        let signed_in = auth.user().is_some();
        if auth.checked() && !signed_in && was_signed_in != Some(true) {
            navigate(&login_url("/penilaian"), NavigateOptions { replace: true, ..Default::default() });
        }
        signed_in
    });

    let query = use_query_map().get_untracked();
    let period = RwSignal::new(query.get("periode").filter(|value| !value.is_empty()));
    let population = RwSignal::new(Some(
        query.get("populasi").filter(|value| !value.is_empty()).unwrap_or_else(|| "kabkota".into()),
    ));
    // `indikator=<code>` opens the grid on that column; `kosong=1` keeps only the units still
    // missing a value in the shown columns (the links of an owner's and an administrator's home).
    // Read from the address as it changes: "show every unit" drops them without a reload.
    let query_map = use_query_map();
    let only_indicator =
        Memo::new(move |_| query_map.with(|query| query.get("indikator").filter(|value| !value.is_empty())));
    let only_missing =
        Memo::new(move |_| query_map.with(|query| query.get("kosong").is_some_and(|value| value == "1")));
    let periods = RwSignal::new(Load::<Vec<AssessPeriod>>::Idle);
    let populations = RwSignal::new(Vec::<Population>::new());
    let sheet = RwSignal::new(Load::<Arc<Sheet>>::Idle);
    let signed_in = Memo::new(move |_| auth.user().is_some());

    // The catalog, once somebody is signed in (again after a confirmed session: open periods).
    Effect::new(move |_| {
        if !signed_in.get() {
            return;
        }
        auth.confirmed();
        periods.set(Load::Loading);
        leptos::task::spawn_local(async move {
            let lang = i18n.lang_untracked();
            if let Ok((list, _)) = fetch_populations().await {
                let _ = populations.try_set(list);
            }
            match fetch_periods().await {
                Ok(list) => {
                    let known = period.get_untracked().filter(|id| list.iter().any(|p| &p.id == id));
                    if known.is_none() {
                        let default = list
                            .iter()
                            .rev()
                            .find(|p| p.state == PeriodState::Open)
                            .or(list.last())
                            .map(|p| p.id.clone());
                        let _ = period.try_set(default);
                    }
                    let _ = periods.try_set(Load::Ready(list));
                }
                Err(error) => {
                    let _ = periods.try_set(Load::Failed(load_error(&error, lang)));
                }
            }
        });
    });

    // The sheet of the chosen period and population.
    let generation = StoredValue::new(0u32);
    let load_sheet = move || {
        let (Some(period_id), Some(population_code)) = (period.get_untracked(), population.get_untracked()) else {
            return;
        };
        if !signed_in.get_untracked() {
            return;
        }
        let current = generation.get_value() + 1;
        generation.set_value(current);
        sheet.set(Load::Loading);
        leptos::task::spawn_local(async move {
            let lang = i18n.lang_untracked();
            let loaded = match fetch_entries(&period_id, &population_code).await {
                Ok((page, from_cache)) => match engine::Rubric::parse_json(page.rubric.text()) {
                    Ok(rubric) => {
                        let entries = page
                            .entries
                            .into_iter()
                            .map(|entry| ((entry.unit.clone(), entry.indicator.clone()), entry))
                            .collect::<HashMap<_, _>>();
                        if !from_cache {
                            sync.update_outbox(|outbox| {
                                outbox.forget_known_in(&page.period.id, |unit, indicator| {
                                    entries.get(&(unit.to_string(), indicator.to_string())).map(|entry| entry.version)
                                });
                            });
                        }
                        Load::Ready(Arc::new(Sheet {
                            period: page.period,
                            rubric,
                            units: page.units,
                            entries,
                            from_cache,
                            computed: page.computed,
                        }))
                    }
                    Err(_) => Load::Failed(crate::i18n::t(lang, Msg::AssessRubricBroken).to_string()),
                },
                Err(error) => Load::Failed(load_error(&error, lang)),
            };
            if generation.try_get_value() == Some(current) {
                let _ = sheet.try_set(loaded);
            }
        });
    };
    Effect::new(move |_| {
        period.track();
        population.track();
        signed_in.track();
        load_sheet();
    });

    view! {
        <article class="page page--wide assessment">
            <h1 data-testid="page-title">{i18n.tr(Msg::NavAssessment)}</h1>
            <p>{i18n.tr(Msg::AssessIntro)}</p>
            <Show when=move || signed_in.get() fallback=move || view! { <p role="status">{i18n.tr(Msg::AuthChecking)}</p> }>
                <div class="assessment__controls">
                    <label class="form__field form__field--inline">
                        <span>{i18n.tr(Msg::SimPeriod)}</span>
                        <select data-testid="assess-period" on:change=move |event| period.set(Some(event_target_value(&event)))>
                            {move || match periods.get() {
                                Load::Ready(list) => list
                                    .into_iter()
                                    .map(|p| {
                                        let selected = period.get_untracked().as_deref() == Some(p.id.as_str());
                                        let state = crate::i18n::period_state_label(i18n.lang(), p.state);
                                        view! { <option value=p.id.clone() selected=selected>{format!("{} ({state})", p.label)}</option> }
                                    })
                                    .collect_view()
                                    .into_any(),
                                _ => ().into_any(),
                            }}
                        </select>
                    </label>
                    <label class="form__field form__field--inline">
                        <span>{i18n.tr(Msg::SimPopulation)}</span>
                        <select data-testid="assess-population" on:change=move |event| population.set(Some(event_target_value(&event)))>
                            {move || populations.get()
                                .into_iter()
                                .map(|p| {
                                    let selected = population.get_untracked().as_deref() == Some(p.code.as_str());
                                    let name = match i18n.lang() { crate::i18n::Lang::Id => p.name.clone(), crate::i18n::Lang::En => p.name_en.clone() };
                                    view! { <option value=p.code.clone() selected=selected>{name}</option> }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <SyncStatus/>
                </div>
                {move || match periods.get() {
                    Load::Failed(text) => view! { <p class="form__error" role="alert">{text}</p> }.into_any(),
                    _ => ().into_any(),
                }}
                {move || {
                    // Imports: admins and owners, into an open period (the server checks each column).
                    let may_import = auth.user().is_some_and(|user| !user.is_read_only());
                    let (Some(period_id), Some(population_code)) = (period.get(), population.get()) else { return ().into_any() };
                    let open = periods.with(|loaded| match loaded {
                        Load::Ready(list) => list.iter().any(|p| p.id == period_id && p.state == PeriodState::Open),
                        _ => false,
                    });
                    (may_import && open)
                        .then(|| view! { <ImportPanel target=ImportTarget::Values { period_id, population: population_code } on_imported=Callback::new(move |()| load_sheet())/> })
                        .into_any()
                }}
                {move || match sheet.get() {
                    Load::Idle => ().into_any(),
                    Load::Loading => view! { <p role="status" data-testid="assess-loading">{i18n.tr(Msg::SimLoading)}</p> }.into_any(),
                    Load::Failed(text) => view! {
                        <div class="form__error" role="alert" data-testid="assess-error">
                            <p>{i18n.tr(Msg::AssessLoadError)}</p>
                            <p class="detail">{text}</p>
                            <button type="button" class="button" on:click=move |_| load_sheet()>{i18n.tr(Msg::RulesRetry)}</button>
                        </div>
                    }.into_any(),
                    Load::Ready(sheet) => {
                        let user = auth.user_untracked();
                        let (only_indicator, only_missing) = (only_indicator.get(), only_missing.get());
                        let show_all_url = format!(
                            "/penilaian?periode={}&populasi={}",
                            crate::simulation::encode_query_value(&sheet.period.id),
                            crate::simulation::encode_query_value(&population.get_untracked().unwrap_or_default())
                        );
                        view! {
                            <AssessmentGrid sheet=sheet user=user only_indicator=only_indicator only_missing=only_missing show_all_url=show_all_url/>
                        }
                        .into_any()
                    }
                }}
            </Show>
        </article>
    }
}
