//! "Aspirasi": the administrator's side of the aspiration service that is not the inbox — the
//! holiday list (working days are Monday–Friday minus these) and which rubric indicator of a
//! period × population is computed from a measure (the binding). The inbox itself is
//! `/kotak-aspirasi`, linked from here.

use leptos::prelude::*;

use super::{Outcome, confirmed, outcome_view};
use crate::api::aspirations::{
    self as api, AspirationBinding, AspirationBindingRequest, AspirationHoliday, AspirationHolidays, AspirationMeasure,
    AspirationMeasures, Failure,
};
use crate::api::periods::Population;
use crate::components::aspiration::{AspText, failure_message, msg, tx};
use crate::components::published::decimal_text;
use crate::i18n::{Lang, use_i18n};

/// A measure in words.
pub fn measure_label(measure: AspirationMeasure, lang: Lang) -> &'static str {
    tx(
        lang,
        match measure {
            AspirationMeasure::ResponseRate => AspText::MeasureResponseRate,
            AspirationMeasure::MedianResponseDays => AspText::MeasureMedianDays,
        },
    )
}

fn problems(failure: &Failure, lang: Lang) -> Outcome {
    Some(Err(vec![(failure.field.clone(), failure_message(failure, lang))]))
}

#[component]
pub fn AspirationsTab() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p>
            <a class="button button--secondary" href="/kotak-aspirasi" data-testid="admin-asp-inbox">{i18n.tr(msg(AspText::InboxTitle))}</a>
        </p>
        <HolidaysSection/>
        <BindingsSection/>
    }
}

/// Every unit's measures of the chosen period × population, as the binding would fill them.
fn measures_view(
    period: RwSignal<String>,
    population: RwSignal<String>,
    working_days: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let shown = RwSignal::new(None::<Result<AspirationMeasures, Failure>>);
    let show = move |_| {
        let (period_id, population_code) = (period.get_untracked(), population.get_untracked());
        let days = working_days.get_untracked().trim().parse::<u32>().unwrap_or(5);
        leptos::task::spawn_local(async move {
            let loaded = api::measures(&period_id, &population_code, days).await;
            let _ = shown.try_set(Some(loaded));
        });
    };
    let number = move |value: Option<engine::wire::WireNumber>| match value {
        Some(value) => decimal_text(value.as_str(), i18n.lang()),
        None => "—".to_owned(),
    };
    view! {
        <section class="admin-section" aria-labelledby="asp-measures-title" data-testid="admin-asp-measures">
            <h3 id="asp-measures-title">{i18n.tr(msg(AspText::MeasuresHeading))}</h3>
            <p class="asp-hint">{i18n.tr(msg(AspText::MeasuresLead))}</p>
            <p><button type="button" class="button button--secondary" data-testid="admin-asp-measures-show" on:click=show>
                {i18n.tr(msg(AspText::ShowMeasures))}
            </button></p>
            {move || shown.get().map(|loaded| match loaded {
                Err(failure) => view! { <p class="form__error" role="alert">{failure_message(&failure, i18n.lang())}</p> }.into_any(),
                Ok(measures) => view! {
                    <p class="asp-hint">
                        {format!("{} – {} (WIB), N = {}", measures.window_start, measures.window_end, measures.working_days)}
                        {measures.frozen.then(|| view! { " · " <strong>{i18n.tr(msg(AspText::MeasuresFrozen))}</strong> })}
                    </p>
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="asp-measures-title">
                        <table class="data-table">
                            <thead><tr>
                                <th scope="col">{i18n.tr(msg(AspText::Unit))}</th>
                                <th scope="col" class="num">{i18n.tr(msg(AspText::Counted))}</th>
                                <th scope="col" class="num">{i18n.tr(msg(AspText::AnsweredInTime))}</th>
                                <th scope="col" class="num">{i18n.tr(msg(AspText::ResponseRate))}</th>
                                <th scope="col" class="num">{i18n.tr(msg(AspText::MedianDays))}</th>
                            </tr></thead>
                            <tbody>
                                {measures.units.into_iter().map(|unit| {
                                    let missing = unit.response_rate.is_none();
                                    view! {
                                        <tr data-testid="admin-asp-measure" data-unit=unit.unit_code.clone()>
                                            <th scope="row">{unit.unit_name.clone()}</th>
                                            <td class="num">{unit.counted}</td>
                                            <td class="num">{unit.answered_in_time}</td>
                                            <td class="num" data-testid="admin-asp-rate">
                                                {number(unit.response_rate.clone())}
                                                {missing.then(|| view! { <span class="visually-hidden">" " {i18n.tr(msg(AspText::MeasureMissing))}</span> })}
                                            </td>
                                            <td class="num">{number(unit.median_response_days.clone())}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any(),
            })}
        </section>
    }
}

#[component]
fn HolidaysSection() -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(Vec::<AspirationHoliday>::new());
    let outcome = RwSignal::new(None as Outcome);
    let date = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    leptos::task::spawn_local(async move {
        match api::holidays().await {
            Ok(loaded) => {
                let _ = list.try_set(loaded.holidays);
            }
            Err(failure) => {
                let _ = outcome.try_set(problems(&failure, i18n.lang_untracked()));
            }
        }
    });
    let save = move |holidays: Vec<AspirationHoliday>| {
        leptos::task::spawn_local(async move {
            match api::save_holidays(&AspirationHolidays { holidays }).await {
                Ok(saved) => {
                    list.set(saved.holidays);
                    outcome.set(Some(Ok(i18n.t(msg(AspText::HolidaysSaved)).to_owned())));
                }
                Err(failure) => outcome.set(problems(&failure, i18n.lang_untracked())),
            }
        });
    };
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut holidays = list.get_untracked();
        holidays.push(AspirationHoliday {
            date: date.get_untracked().trim().to_owned(),
            name: name.get_untracked().trim().to_owned(),
        });
        engine::order::sort_by(&mut holidays, |left, right| left.date.cmp(&right.date));
        save(holidays);
        date.set(String::new());
        name.set(String::new());
    };
    view! {
        <section class="admin-section" aria-labelledby="asp-holidays-title" data-testid="admin-asp-holidays">
            <h2 id="asp-holidays-title">{i18n.tr(msg(AspText::HolidaysHeading))}</h2>
            <p class="asp-hint">{i18n.tr(msg(AspText::HolidaysLead))}</p>
            {move || {
                let holidays = list.get();
                if holidays.is_empty() {
                    return view! { <p class="asp-muted">{i18n.tr(msg(AspText::HolidaysNone))}</p> }.into_any();
                }
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="asp-holidays-title">
                        <table class="data-table">
                            <thead><tr>
                                <th scope="col">{i18n.tr(msg(AspText::HolidayDate))}</th>
                                <th scope="col">{i18n.tr(msg(AspText::HolidayName))}</th>
                                <th scope="col"><span class="visually-hidden">{i18n.tr(msg(AspText::HolidayRemove))}</span></th>
                            </tr></thead>
                            <tbody>
                                {holidays.into_iter().map(|holiday| {
                                    let removed = holiday.date.clone();
                                    let label = format!("{} {}", i18n.t(msg(AspText::HolidayRemove)), holiday.date);
                                    view! {
                                        <tr data-testid="admin-asp-holiday">
                                            <td>{holiday.date.clone()}</td>
                                            <td>{holiday.name.clone()}</td>
                                            <td>
                                                <button type="button" class="button button--small button--secondary" aria-label=label
                                                    on:click=move |_| {
                                                        let mut holidays = list.get_untracked();
                                                        holidays.retain(|known| known.date != removed);
                                                        save(holidays);
                                                    }>{i18n.tr(msg(AspText::HolidayRemove))}</button>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
            <form class="form asp-inline-form" on:submit=add>
                <div class="form__field">
                    <label for="asp-holiday-date">{i18n.tr(msg(AspText::HolidayDate))}</label>
                    <input id="asp-holiday-date" type="date" required data-testid="admin-asp-holiday-date"
                        prop:value=move || date.get() on:input=move |event| date.set(event_target_value(&event))/>
                </div>
                <div class="form__field">
                    <label for="asp-holiday-name">{i18n.tr(msg(AspText::HolidayName))}</label>
                    <input id="asp-holiday-name" type="text" required maxlength="200" data-testid="admin-asp-holiday-name"
                        prop:value=move || name.get() on:input=move |event| name.set(event_target_value(&event))/>
                </div>
                <p><button type="submit" class="button button--primary" data-testid="admin-asp-holiday-add">{i18n.tr(msg(AspText::HolidayAdd))}</button></p>
            </form>
            {outcome_view(outcome)}
        </section>
    }
}

#[component]
fn BindingsSection() -> impl IntoView {
    let i18n = use_i18n();
    let periods = RwSignal::new(Vec::<contract::Period>::new());
    let populations = RwSignal::new(Vec::<Population>::new());
    let period = RwSignal::new(String::new());
    let population = RwSignal::new(String::new());
    let indicators = RwSignal::new(Vec::<(String, String)>::new());
    let indicator = RwSignal::new(String::new());
    let measure = RwSignal::new(AspirationMeasure::ResponseRate);
    let working_days = RwSignal::new("5".to_owned());
    let bindings = RwSignal::new(Vec::<AspirationBinding>::new());
    let outcome = RwSignal::new(None as Outcome);

    leptos::task::spawn_local(async move {
        if let Ok(loaded) = crate::api::entries::fetch_periods().await {
            // Bindings are set while a period is still draft or open; the newest first.
            let mut loaded: Vec<_> = loaded.into_iter().filter(|period| !period.is_policy()).collect();
            loaded.reverse();
            if let Some(first) = loaded.iter().find(|period| !period.is_published()).or(loaded.first()) {
                period.set(first.id.clone());
            }
            periods.set(loaded);
        }
        if let Ok((loaded, _)) = crate::api::periods::fetch_populations().await {
            populations.set(loaded);
        }
    });
    let reload_bindings = move || {
        let period_id = period.get_untracked();
        if period_id.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            match api::bindings(&period_id).await {
                Ok(loaded) => bindings.set(loaded.bindings),
                Err(failure) => outcome.set(problems(&failure, i18n.lang_untracked())),
            }
        });
    };
    Effect::new(move |_| {
        period.track();
        reload_bindings();
    });
    // The indicators of the chosen period × population, from its rubric version.
    Effect::new(move |_| {
        let (period_id, population_code) = (period.get(), population.get());
        indicators.set(Vec::new());
        let scored =
            periods.with(|list| list.iter().any(|known| known.id == period_id && known.scores(&population_code)));
        if period_id.is_empty() || population_code.is_empty() || !scored {
            return;
        }
        leptos::task::spawn_local(async move {
            let Ok((page, _)) = crate::api::entries::fetch_entries(&period_id, &population_code).await else { return };
            let Ok(rubric) = engine::Rubric::parse_json(page.rubric.text()) else { return };
            let codes: Vec<(String, String)> = rubric
                .indicators()
                .iter()
                .map(|indicator| (indicator.code().as_str().to_owned(), indicator.name().to_owned()))
                .collect();
            if let Some((first, _)) = codes.first() {
                indicator.set(first.clone());
            }
            let _ = indicators.try_set(codes);
        });
    });

    let bind = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (period_id, population_code, indicator_code) =
            (period.get_untracked(), population.get_untracked(), indicator.get_untracked());
        let days = working_days.get_untracked().trim().parse::<u32>().ok();
        let request = AspirationBindingRequest { measure: measure.get_untracked(), working_days: days };
        leptos::task::spawn_local(async move {
            match api::bind(&period_id, &population_code, &indicator_code, &request).await {
                Ok(()) => {
                    outcome.set(Some(Ok(i18n.t(msg(AspText::Bound)).to_owned())));
                    reload_bindings();
                }
                Err(failure) => outcome.set(problems(&failure, i18n.lang_untracked())),
            }
        });
    };

    let select_of = move |id: &'static str,
                          label: AspText,
                          value: RwSignal<String>,
                          options: Signal<Vec<(String, String)>>| {
        view! {
            <div class="form__field">
                <label for=id>{i18n.tr(msg(label))}</label>
                <select id=id data-testid=format!("admin-{id}") on:change=move |event| value.set(event_target_value(&event))>
                    {move || options.get().into_iter().map(|(code, name)| {
                        let selected_code = code.clone();
                        view! { <option value=code prop:selected=move || value.with(|chosen| chosen == &selected_code)>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let period_options =
        Signal::derive(move || periods.get().into_iter().map(|period| (period.id, period.label)).collect::<Vec<_>>());
    // Only the populations the chosen period scores; the first of them is chosen when the
    // current one is not among them.
    Effect::new(move |_| {
        let period_id = period.get();
        let first = periods.with(|list| {
            let chosen = list.iter().find(|known| known.id == period_id)?;
            populations.with(|all| {
                let current = population.get_untracked();
                if all.iter().any(|known| known.code == current) && chosen.scores(&current) {
                    return None;
                }
                all.iter().find(|known| chosen.scores(&known.code)).map(|known| known.code.clone())
            })
        });
        if let Some(first) = first {
            population.set(first);
        }
    });
    let population_options = Signal::derive(move || {
        let lang = i18n.lang();
        let period_id = period.get();
        let scored = move |code: &str| {
            periods.with(|list| list.iter().find(|known| known.id == period_id).is_none_or(|known| known.scores(code)))
        };
        populations
            .get()
            .into_iter()
            .filter(|known| scored(&known.code))
            .map(|population| {
                let name = if lang == Lang::En { population.name_en } else { population.name };
                (population.code, name)
            })
            .collect::<Vec<_>>()
    });
    let indicator_options = Signal::derive(move || {
        indicators.get().into_iter().map(|(code, name)| (code.clone(), format!("{code} — {name}"))).collect::<Vec<_>>()
    });

    view! {
        <section class="admin-section" aria-labelledby="asp-bindings-title" data-testid="admin-asp-bindings">
            <h2 id="asp-bindings-title">{i18n.tr(msg(AspText::BindingsHeading))}</h2>
            <p class="asp-hint">{i18n.tr(msg(AspText::BindingsLead))}</p>
            <form class="form asp-inline-form" on:submit=bind>
                {select_of("asp-bind-period", AspText::Period, period, period_options)}
                {select_of("asp-bind-population", AspText::Population, population, population_options)}
                {select_of("asp-bind-indicator", AspText::Indicator, indicator, indicator_options)}
                <div class="form__field">
                    <label for="asp-bind-measure">{i18n.tr(msg(AspText::Measure))}</label>
                    <select id="asp-bind-measure" data-testid="admin-asp-bind-measure" on:change=move |event| {
                        if let Some(chosen) = AspirationMeasure::parse(&event_target_value(&event)) {
                            measure.set(chosen);
                        }
                    }>
                        {AspirationMeasure::ALL.iter().map(|choice| {
                            let choice = *choice;
                            view! { <option value=choice.code() prop:selected=move || measure.get() == choice>{move || measure_label(choice, i18n.lang())}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="form__field">
                    <label for="asp-bind-days">{i18n.tr(msg(AspText::WithinDays))}</label>
                    <input id="asp-bind-days" type="number" min="1" max="60" inputmode="numeric" data-testid="admin-asp-bind-days"
                        prop:value=move || working_days.get() on:input=move |event| working_days.set(event_target_value(&event))/>
                </div>
                <p><button type="submit" class="button button--primary" data-testid="admin-asp-bind">{i18n.tr(msg(AspText::Bind))}</button></p>
            </form>
            {outcome_view(outcome)}
            {measures_view(period, population, working_days)}
            {move || {
                let shown = bindings.get();
                if shown.is_empty() {
                    return view! { <p class="asp-muted" data-testid="admin-asp-bindings-none">{i18n.tr(msg(AspText::BindingsNone))}</p> }.into_any();
                }
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="asp-bindings-title">
                        <table class="data-table">
                            <thead><tr>
                                <th scope="col">{i18n.tr(msg(AspText::Population))}</th>
                                <th scope="col">{i18n.tr(msg(AspText::Indicator))}</th>
                                <th scope="col">{i18n.tr(msg(AspText::Measure))}</th>
                                <th scope="col">"N"</th>
                                <th scope="col"><span class="visually-hidden">{i18n.tr(msg(AspText::Unbind))}</span></th>
                            </tr></thead>
                            <tbody>
                                {shown.into_iter().map(|binding| {
                                    let measure_shown = binding.measure;
                                    let label = format!("{} {}", i18n.t(msg(AspText::Unbind)), binding.indicator);
                                    let (period_id, population_code, indicator_code) =
                                        (binding.period_id.clone(), binding.population.clone(), binding.indicator.clone());
                                    view! {
                                        <tr data-testid="admin-asp-binding">
                                            <td>{binding.population.clone()}</td>
                                            <td><span class="indicator-code">{binding.indicator.clone()}</span></td>
                                            <td>{move || measure_label(measure_shown, i18n.lang())}</td>
                                            <td class="num">{binding.working_days}</td>
                                            <td>
                                                <button type="button" class="button button--small button--secondary" aria-label=label.clone()
                                                    on:click=move |_| {
                                                        if !confirmed(&label) {
                                                            return;
                                                        }
                                                        let (period_id, population_code, indicator_code) =
                                                            (period_id.clone(), population_code.clone(), indicator_code.clone());
                                                        leptos::task::spawn_local(async move {
                                                            match api::unbind(&period_id, &population_code, &indicator_code).await {
                                                                Ok(()) => {
                                                                    outcome.set(Some(Ok(i18n.t(msg(AspText::Unbound)).to_owned())));
                                                                    reload_bindings();
                                                                }
                                                                Err(failure) => outcome.set(problems(&failure, i18n.lang_untracked())),
                                                            }
                                                        });
                                                    }>{i18n.tr(msg(AspText::Unbind))}</button>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </section>
    }
}
