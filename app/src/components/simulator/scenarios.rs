//! Named scenarios saved in this browser (`localStorage`), loaded back, deleted, and compared
//! side by side (up to three). For a signed-in user they are also saved on the server
//! (`api::scenarios`), private to the account: the browser copy is written first, so nothing is
//! lost offline, and scenarios the server does not have yet are uploaded when the page opens.

use engine::score_unit;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::html::{Table, escape};
use super::{flag, text, use_sim};
use crate::api::scenarios as server;
use crate::auth::use_auth;
use crate::i18n::{Msg, use_i18n};
use crate::simulation::{
    MAX_COMPARED, SCENARIOS_STORAGE_KEY, SavedScenario, ScenarioBook, decode_scenario, format_cents,
    next_scenario_name, rank_text,
};

#[component]
pub fn Scenarios() -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let period = sim.model.period_id.clone();
    let unit = sim.model.unit_code.clone();
    let book = RwSignal::new(load_book());
    let compared = RwSignal::new(Vec::<String>::new());
    let name_text = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let auth = use_auth();
    let signed_in = move || auth.user().is_some();

    // Once the user is known to be signed in: take in the server's scenarios, then upload the
    // ones only this browser has.
    {
        let (period, unit) = (period.clone(), unit.clone());
        Effect::new(move |synced: Option<bool>| {
            if synced == Some(true) || auth.user().is_none() {
                return synced.unwrap_or(false);
            }
            let (period, unit) = (period.clone(), unit.clone());
            spawn_local(async move {
                match server::list(&period, &unit).await {
                    Ok(list) => {
                        let list: Vec<_> = list.into_iter().map(|s| (s.id, s.name, s.code)).collect();
                        let mut upload = Vec::new();
                        book.update(|b| upload = b.merge_server(&period, &unit, &list));
                        store_book(&book.get_untracked());
                        for local in upload {
                            if let Ok(saved) = server::save(&period, &unit, &local.name, &local.code).await {
                                book.update(|b| b.set_server_id(&period, &unit, &local.name, saved.id));
                                store_book(&book.get_untracked());
                            }
                        }
                    }
                    Err(reason) => message.set(format!("{} {reason}", i18n.t(Msg::SimServerListFailed))),
                }
            });
            true
        });
    }

    let saved_names = {
        let (period, unit) = (period.clone(), unit.clone());
        move || book.with(|b| b.for_unit(&period, &unit).map(|s| s.name.clone()).collect::<Vec<_>>())
    };

    let save = {
        let sim = sim.clone();
        let (period, unit) = (period.clone(), unit.clone());
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let lang = i18n.lang_untracked();
            let typed = name_text.get_untracked().trim().to_string();
            let name = if typed.is_empty() {
                book.with_untracked(|b| next_scenario_name(b, &period, &unit, lang))
            } else {
                typed
            };
            let scenario = SavedScenario {
                name: name.clone(),
                period: period.clone(),
                unit: unit.clone(),
                code: sim.share_code.get_untracked(),
                server_id: None,
            };
            let code = scenario.code.clone();
            book.update(|b| b.save(scenario));
            store_book(&book.get_untracked());
            sim.name.set(name.clone());
            name_text.set(String::new());
            message.set(i18n.t(if store_ok() { Msg::SimSaved } else { Msg::SimSaveFailed }).to_string());
            if auth.user_untracked().is_some() {
                let (period, unit) = (period.clone(), unit.clone());
                spawn_local(async move {
                    match server::save(&period, &unit, &name, &code).await {
                        Ok(saved) => {
                            book.update(|b| b.set_server_id(&period, &unit, &name, saved.id));
                            store_book(&book.get_untracked());
                            message.set(i18n.t(Msg::SimSavedServer).to_string());
                        }
                        Err(reason) => message.set(format!("{} {reason}", i18n.t(Msg::SimSavedLocalOnly))),
                    }
                });
            }
        }
    };

    let list = {
        let sim = sim.clone();
        let (period, unit) = (period.clone(), unit.clone());
        move || {
            let names = saved_names();
            if names.is_empty() {
                return view! { <p class="sim-hint" data-testid="sim-saved-empty">{i18n.t(Msg::SimNoSaved)}</p> }
                    .into_any();
            }
            let items = names
                .into_iter()
                .map(|name| {
                    let code = book.with_untracked(|b| {
                        b.for_unit(&period, &unit).find(|s| s.name == name).map(|s| s.code.clone()).unwrap_or_default()
                    });
                    let sim_load = sim.clone();
                    let load_name = name.clone();
                    let load = move |_| {
                        sim_load.apply_code(&code, i18n.lang_untracked());
                        sim_load.name.set(load_name.clone());
                    };
                    let (period_del, unit_del, name_del) = (period.clone(), unit.clone(), name.clone());
                    let delete = move |_| {
                        let server_id = book.with_untracked(|b| {
                            b.for_unit(&period_del, &unit_del).find(|s| s.name == name_del).and_then(|s| s.server_id.clone())
                        });
                        book.update(|b| b.remove(&period_del, &unit_del, &name_del));
                        store_book(&book.get_untracked());
                        compared.update(|c| c.retain(|n| n != &name_del));
                        if let Some(id) = server_id.filter(|_| auth.user_untracked().is_some()) {
                            spawn_local(async move {
                                if let Err(reason) = server::delete(&id).await {
                                    message.set(format!("{} {reason}", i18n.t(Msg::SimServerDeleteFailed)));
                                }
                            });
                        }
                    };
                    let name_cmp = name.clone();
                    let name_cmp2 = name.clone();
                    let compare_disabled = move || {
                        compared.with(|c| c.len() >= MAX_COMPARED && !c.contains(&name_cmp2))
                    };
                    let compare_label = format!("{} {name}", i18n.t(Msg::SimCompareWith));
                    let load_label = format!("{} {name}", i18n.t(Msg::SimLoad));
                    let delete_label = format!("{} {name}", i18n.t(Msg::SimDelete));
                    view! {
                        <li class="sim-saved__item" data-testid="sim-saved-item">
                            <label class="sim-saved__compare">
                                <input
                                    type="checkbox"
                                    aria-label=compare_label
                                    prop:checked={
                                        let name = name.clone();
                                        flag(move || compared.with(|c| c.contains(&name)))
                                    }
                                    prop:disabled=flag(compare_disabled)
                                    on:change=move |event| {
                                        let on = event_target_checked(&event);
                                        compared.update(|c| {
                                            c.retain(|n| n != &name_cmp);
                                            if on && c.len() < MAX_COMPARED {
                                                c.push(name_cmp.clone());
                                            }
                                        });
                                    }
                                />
                                <span class="sim-saved__name">{name.clone()}</span>
                            </label>
                            <button type="button" class="button button--small button--secondary" aria-label=load_label on:click=load>
                                {i18n.t(Msg::SimLoad)}
                            </button>
                            <button type="button" class="button button--small button--danger" aria-label=delete_label on:click=delete>
                                {i18n.t(Msg::SimDelete)}
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="sim-saved" data-testid="sim-saved">{items}</ul> }.into_any()
        }
    };

    let comparison = {
        let sim = sim.clone();
        let (period, unit) = (period.clone(), unit.clone());
        move || {
            let names = compared.get();
            if names.is_empty() {
                return String::new();
            }
            let lang = i18n.lang();
            let rubric = &sim.model.rubric;
            let baseline = &sim.model.baseline;
            // Columns: the official values, the current scenario, then the chosen saved ones.
            let mut columns = vec![
                (i18n.t(Msg::SimLegendOfficial).to_string(), baseline.clone()),
                (i18n.t(Msg::SimCurrent).to_string(), sim.scenario.get()),
            ];
            book.with(|b| {
                for name in &names {
                    if let Some(saved) = b.for_unit(&period, &unit).find(|s| &s.name == name) {
                        columns.push((name.clone(), decode_scenario(rubric, baseline, &saved.code).0));
                    }
                }
            });
            let results: Vec<_> = columns.iter().map(|(_, values)| score_unit(rubric, values)).collect();
            let baseline_rank = sim.baseline_rank;
            let count = sim.unit_count();
            let mut rows = vec![
                (escape(i18n.t(Msg::SimTotal)), results.iter().map(|r| format_cents(r.total, lang)).collect(), ""),
                (
                    escape(i18n.t(Msg::GradeColumnGrade)),
                    results
                        .iter()
                        .map(|r| {
                            let letter = r.grade.letter();
                            format!(
                                r#"<span class="grade-badge grade-badge--{}">{letter}</span>"#,
                                letter.to_ascii_lowercase()
                            )
                        })
                        .collect(),
                    "",
                ),
                (
                    escape(i18n.t(Msg::SimRank)),
                    results
                        .iter()
                        .map(|r| {
                            rank_text(baseline_rank, engine::rank_among(r.total, &sim.model.peer_totals), count, lang)
                        })
                        .collect(),
                    "",
                ),
            ];
            for (position, spirit) in rubric.spirits().iter().enumerate() {
                rows.push((
                    escape(&format!("{} · {}", spirit.code().as_str(), spirit.name())),
                    results.iter().map(|r| format_cents(r.spirits[position].contribution, lang)).collect(),
                    "",
                ));
            }
            rows.push((
                escape(i18n.t(Msg::SimChangedCount)),
                columns
                    .iter()
                    .map(|(_, values)| {
                        (0..values.len()).filter(|&p| values.get(p) != baseline.get(p)).count().to_string()
                    })
                    .collect(),
                "",
            ));
            let mut head = vec![String::new()];
            head.extend(columns.iter().map(|(name, _)| escape(name)));
            Table { class: "sim-compare", test_id: "sim-compare", caption: i18n.t(Msg::SimCompareCaption), head, rows }
                .to_html()
        }
    };

    let current_name = sim.name;
    view! {
        <section class="sim-scenarios" aria-labelledby="sim-scenarios-heading">
            <h2 id="sim-scenarios-heading">{i18n.tr(Msg::SimScenariosHeading)}</h2>
            <p class="sim-hint">{i18n.tr(Msg::SimScenariosIntro)}</p>
            <Show when=signed_in>
                <p class="sim-hint" data-testid="sim-scenarios-server">{i18n.tr(Msg::SimScenariosSignedIn)}</p>
            </Show>
            <p class="sim-scenarios__current">
                {i18n.tr(Msg::SimCurrentName)} ": "
                <strong data-testid="sim-scenario-current">
                    {text(move || {
                        let name = current_name.get();
                        if name.is_empty() { i18n.t(Msg::SimUnnamed).to_string() } else { name }
                    })}
                </strong>
            </p>
            <form class="sim-save" on:submit=save>
                <label for="sim-scenario-name">{i18n.tr(Msg::SimScenarioName)}</label>
                <input
                    id="sim-scenario-name"
                    type="text"
                    data-testid="sim-scenario-name"
                    maxlength="80"
                    prop:value=text(move || name_text.get())
                    on:input=move |event| name_text.set(event_target_value(&event))
                />
                <button type="submit" class="button" data-testid="sim-save">{i18n.tr(Msg::SimSave)}</button>
            </form>
            <p class="sim-hint" role="status">{move || message.get()}</p>
            {list}
            <p class="sim-hint">{i18n.tr(Msg::SimCompareHint)}</p>
            <div class="table-scroll" tabindex="0" inner_html=text(comparison)></div>
        </section>
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn load_book() -> ScenarioBook {
    storage()
        .and_then(|s| s.get_item(SCENARIOS_STORAGE_KEY).ok().flatten())
        .map(|text| ScenarioBook::from_json(&text))
        .unwrap_or_default()
}

fn store_book(book: &ScenarioBook) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(SCENARIOS_STORAGE_KEY, &book.to_json());
    }
}

fn store_ok() -> bool {
    storage().is_some()
}
