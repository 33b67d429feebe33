//! "Unit": the unit registry. A table with a filter (text, population, inactive ones too), a form
//! to register one unit, rename and deactivate/activate per row (the browser's own prompt and
//! confirm dialogs), the import of a CSV/XLSX file with its dry-run report (the values import's
//! panel), and a small form to add a population. The server checks every field.

use gloo_net::http::Method;
use leptos::prelude::*;

use super::{Outcome, confirmed, outcome_view};
use crate::api::admin::{accepted, load, refusal, write};
use crate::api::periods::{Population, fetch_populations};
use crate::api::registry::{NewPopulation, NewUnit, RegistryUnit, UnitChange, matches_filter, unit_url};
use crate::components::import::{ImportPanel, ImportTarget};
use crate::i18n::{Lang, Msg, t, use_i18n};

/// The browser's own text prompt (keyboard-usable); `None` when cancelled.
fn prompted(question: &str, default: &str) -> Option<String> {
    web_sys::window().and_then(|window| window.prompt_with_message_and_default(question, default).ok().flatten())
}

fn population_name(populations: &[Population], code: &str, lang: Lang) -> String {
    populations.iter().find(|population| population.code == code).map_or_else(
        || code.to_owned(),
        |population| if lang == Lang::En { population.name_en.clone() } else { population.name.clone() },
    )
}

#[component]
pub fn UnitsTab() -> impl IntoView {
    let i18n = use_i18n();
    let units = RwSignal::new(None::<Vec<RegistryUnit>>);
    let populations = RwSignal::new(Vec::<Population>::new());
    let outcome = RwSignal::<Outcome>::new(None);
    let filter = RwSignal::new(String::new());
    let filter_population = RwSignal::new(String::new());
    let show_inactive = RwSignal::new(false);
    let (code, name, population, parent) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let (new_population_code, new_population_name, new_population_name_en) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));

    let reload = move || {
        leptos::task::spawn_local(async move {
            if let Ok((list, _)) = fetch_populations().await {
                let _ = populations.try_set(list);
            }
            match load::<Vec<RegistryUnit>>("/api/v1/units?include_inactive=true", i18n.lang_untracked()).await {
                Ok(list) => _ = units.try_set(Some(list)),
                Err(problems) => _ = outcome.try_set(Some(Err(problems))),
            }
        });
    };
    reload();

    let register = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let lang = i18n.lang_untracked();
        let (unit_code, unit_name, unit_population, unit_parent) =
            (code.get_untracked(), name.get_untracked(), population.get_untracked(), parent.get_untracked());
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let parent_code = Some(unit_parent.trim().to_owned()).filter(|code| !code.is_empty());
            let body = NewUnit {
                code: unit_code.trim().to_owned(),
                name: unit_name,
                population: unit_population,
                parent: parent_code,
            };
            let answer = write(Method::POST, "/api/v1/units", Some(&body)).await;
            match accepted::<RegistryUnit>(&answer, lang) {
                Ok(created) => {
                    let _ = outcome.try_set(Some(Ok(format!(
                        "{}: {} ({})",
                        t(lang, Msg::UnitRegistered),
                        created.name,
                        created.code
                    ))));
                    let _ = code.try_set(String::new());
                    let _ = name.try_set(String::new());
                    let _ = parent.try_set(String::new());
                    reload();
                }
                Err(problems) => _ = outcome.try_set(Some(Err(problems))),
            }
        });
    };

    let change = move |unit: RegistryUnit, body_name: Option<String>, active: Option<bool>| {
        let lang = i18n.lang_untracked();
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let body = UnitChange { name: body_name, active, parent: contract::json::Change::Keep };
            let answer = write(Method::PATCH, &unit_url(&unit.code), Some(&body)).await;
            match accepted::<RegistryUnit>(&answer, lang) {
                Ok(changed) => {
                    let _ = outcome.try_set(Some(Ok(format!(
                        "{}: {} ({})",
                        t(lang, Msg::UnitSaved),
                        changed.name,
                        changed.code
                    ))));
                    reload();
                }
                Err(problems) => _ = outcome.try_set(Some(Err(problems))),
            }
        });
    };
    let rename = move |unit: RegistryUnit| {
        let lang = i18n.lang_untracked();
        if let Some(new_name) = prompted(&format!("{} «{}»", t(lang, Msg::UnitRenamePrompt), unit.name), &unit.name)
            && new_name.trim() != unit.name
        {
            change(unit, Some(new_name), None);
        }
    };
    let toggle = move |unit: RegistryUnit| {
        let lang = i18n.lang_untracked();
        let question = if unit.active { Msg::UnitDeactivateConfirm } else { Msg::UnitActivateConfirm };
        if confirmed(&format!("{} «{}»\n\n{}", unit.name, unit.code, t(lang, question))) {
            let active = !unit.active;
            change(unit, None, Some(active));
        }
    };

    let add_population = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let lang = i18n.lang_untracked();
        let (new_code, new_name, new_name_en) = (
            new_population_code.get_untracked(),
            new_population_name.get_untracked(),
            new_population_name_en.get_untracked(),
        );
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let body = NewPopulation {
                code: new_code.trim().to_owned(),
                name: new_name.clone(),
                name_en: new_name_en,
                sort_order: None,
            };
            let answer = write(Method::POST, "/api/v1/populations", Some(&body)).await;
            let result = match &answer {
                Ok(ok) if ok.ok() => Ok(format!("{}: {}", t(lang, Msg::UnitPopulationAdded), new_name.trim())),
                _ => Err(refusal(&answer, lang)),
            };
            if result.is_ok() {
                let _ = new_population_code.try_set(String::new());
                let _ = new_population_name.try_set(String::new());
                let _ = new_population_name_en.try_set(String::new());
                reload();
            }
            let _ = outcome.try_set(Some(result));
        });
    };

    let population_options = move || {
        populations
            .get()
            .into_iter()
            .map(|population| {
                let label = if i18n.lang() == Lang::En { population.name_en.clone() } else { population.name.clone() };
                view! { <option value=population.code.clone()>{label}</option> }
            })
            .collect_view()
    };

    let rows = move || {
        let lang = i18n.lang();
        let (text, chosen, inactive) = (filter.get(), filter_population.get(), show_inactive.get());
        let known = populations.get();
        units.get().map(|list| {
            let shown: Vec<RegistryUnit> = list
                .into_iter()
                .filter(|unit| (inactive || unit.active) && (chosen.is_empty() || unit.population == chosen))
                .filter(|unit| matches_filter(unit, &text))
                .collect();
            if shown.is_empty() {
                return view! { <tr><td colspan="6" data-testid="unit-empty">{t(lang, Msg::UnitNone)}</td></tr> }.into_any();
            }
            shown
                .into_iter()
                .map(|unit| {
                    let (renamed, toggled) = (unit.clone(), unit.clone());
                    let former = (!unit.former_names.is_empty())
                        .then(|| view! { <br/><span class="admin-muted">{format!("{} {}", t(lang, Msg::UnitFormerly), unit.former_names.iter().map(|former| former.name.as_str()).collect::<Vec<_>>().join(", "))}</span> });
                    view! {
                        <tr data-testid=format!("unit-row-{}", unit.code) class:admin-muted=!unit.active>
                            <td><code>{unit.code.clone()}</code></td>
                            <th scope="row">{unit.name.clone()}{former}</th>
                            <td>{population_name(&known, &unit.population, lang)}</td>
                            <td>{unit.parent.clone().map(|parent| view! { <code>{parent}</code> })}</td>
                            <td data-testid="unit-status">{t(lang, if unit.active { Msg::UnitActive } else { Msg::UnitInactive })}</td>
                            <td class="admin-actions">
                                <button type="button" class="button button--small" data-testid="unit-rename"
                                    aria-label=format!("{} {}", t(lang, Msg::UnitRename), unit.name)
                                    on:click=move |_| rename(renamed.clone())>{t(lang, Msg::UnitRename)}</button>
                                " "
                                <button type="button" class=if unit.active { "button button--small button--danger" } else { "button button--small" }
                                    data-testid="unit-toggle"
                                    aria-label=format!("{} {}", t(lang, if unit.active { Msg::UnitDeactivate } else { Msg::UnitActivate }), unit.name)
                                    on:click=move |_| toggle(toggled.clone())>
                                    {t(lang, if unit.active { Msg::UnitDeactivate } else { Msg::UnitActivate })}
                                </button>
                            </td>
                        </tr>
                    }
                })
                .collect_view()
                .into_any()
        })
    };
    let count = move || {
        units.with(|list| {
            let list = list.as_deref().unwrap_or_default();
            format!(
                "{} {} · {} {}",
                list.iter().filter(|unit| unit.active).count(),
                i18n.t(Msg::UnitActive).to_lowercase(),
                list.iter().filter(|unit| !unit.active).count(),
                i18n.t(Msg::UnitInactive).to_lowercase()
            )
        })
    };

    view! {
        {outcome_view(outcome)}
        <p class="entry-hint">{i18n.tr(Msg::UnitLead)}</p>
        <ImportPanel target=ImportTarget::Units on_imported=Callback::new(move |()| reload())/>
        <form class="form admin-form" on:submit=register data-testid="unit-form">
            <h2>{i18n.tr(Msg::UnitAdd)}</h2>
            <label class="form__field">
                <span>{i18n.tr(Msg::UnitCode)}</span>
                <input type="text" required maxlength="64" pattern="[a-z0-9]+(-[a-z0-9]+)*" placeholder="kabupaten-banyuwangi"
                    data-testid="unit-code" prop:value=move || code.get() on:input=move |event| code.set(event_target_value(&event))/>
            </label>
            <label class="form__field">
                <span>{i18n.tr(Msg::UnitName)}</span>
                <input type="text" required maxlength="200" placeholder="Kabupaten Banyuwangi" data-testid="unit-name"
                    prop:value=move || name.get() on:input=move |event| name.set(event_target_value(&event))/>
            </label>
            <label class="form__field">
                <span>{i18n.tr(Msg::UnitPopulation)}</span>
                <select required data-testid="unit-population" prop:value=move || population.get()
                    on:change=move |event| population.set(event_target_value(&event))>
                    <option value="">{i18n.tr(Msg::UnitChoose)}</option>
                    {population_options}
                </select>
            </label>
            <label class="form__field">
                <span>{i18n.tr(Msg::UnitParent)}</span>
                <input type="text" maxlength="64" list="unit-codes" data-testid="unit-parent"
                    prop:value=move || parent.get() on:input=move |event| parent.set(event_target_value(&event))/>
                <datalist id="unit-codes">
                    {move || units.get().unwrap_or_default().into_iter().map(|unit| view! { <option value=unit.code>{unit.name}</option> }).collect_view()}
                </datalist>
            </label>
            <div class="admin-form__actions">
                <button type="submit" class="button button--primary" data-testid="unit-submit">{i18n.tr(Msg::UnitAdd)}</button>
            </div>
        </form>
        <div class="admin-filter" role="search">
            <label class="form__field">
                <span>{i18n.tr(Msg::UnitFilter)}</span>
                <input type="search" data-testid="unit-filter" prop:value=move || filter.get()
                    on:input=move |event| filter.set(event_target_value(&event))/>
            </label>
            <label class="form__field">
                <span>{i18n.tr(Msg::UnitPopulation)}</span>
                <select data-testid="unit-filter-population" prop:value=move || filter_population.get()
                    on:change=move |event| filter_population.set(event_target_value(&event))>
                    <option value="">{i18n.tr(Msg::UnitAllPopulations)}</option>
                    {population_options}
                </select>
            </label>
            <label class="form__check">
                <input type="checkbox" data-testid="unit-show-inactive" prop:checked=move || show_inactive.get()
                    on:change=move |event| show_inactive.set(event_target_checked(&event))/>
                {i18n.tr(Msg::UnitShowInactive)}
            </label>
        </div>
        <div class="table-scroll" tabindex="0">
            <table class="data-table admin-table" data-testid="unit-table">
                <caption>{i18n.tr(Msg::AdminTabUnits)} " — " {count}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr(Msg::UnitCode)}</th>
                        <th scope="col">{i18n.tr(Msg::UnitName)}</th>
                        <th scope="col">{i18n.tr(Msg::UnitPopulation)}</th>
                        <th scope="col">{i18n.tr(Msg::UnitParentShort)}</th>
                        <th scope="col">{i18n.tr(Msg::AdminStatus)}</th>
                        <th scope="col">{i18n.tr(Msg::UnitActions)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <form class="form admin-form" on:submit=add_population data-testid="population-form">
            <h2>{i18n.tr(Msg::UnitAddPopulation)}</h2>
            <p class="entry-hint">{i18n.tr(Msg::UnitPopulationLead)}</p>
            <label class="form__field">
                <span>{i18n.tr(Msg::UnitCode)}</span>
                <input type="text" required maxlength="64" placeholder="kecamatan" data-testid="population-code"
                    prop:value=move || new_population_code.get() on:input=move |event| new_population_code.set(event_target_value(&event))/>
            </label>
            <label class="form__field">
                <span>{i18n.tr(Msg::UnitPopulationName)}</span>
                <input type="text" required maxlength="200" placeholder="Kecamatan" data-testid="population-name"
                    prop:value=move || new_population_name.get() on:input=move |event| new_population_name.set(event_target_value(&event))/>
            </label>
            <label class="form__field">
                <span>{i18n.tr(Msg::UnitPopulationNameEn)}</span>
                <input type="text" required maxlength="200" placeholder="Districts" data-testid="population-name-en"
                    prop:value=move || new_population_name_en.get() on:input=move |event| new_population_name_en.set(event_target_value(&event))/>
            </label>
            <div class="admin-form__actions">
                <button type="submit" class="button" data-testid="population-submit">{i18n.tr(Msg::UnitAddPopulation)}</button>
            </div>
        </form>
    }
}
