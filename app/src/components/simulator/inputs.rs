//! One input per indicator, grouped by spirit, each fitting its rule: a slider with a number
//! field for scales, a choice for categories, a switch for yes/no; plus the goal-seek lock.

use engine::{Direction, IndicatorValue, Rule};
use leptos::prelude::*;

use super::{display_text, flag, text, use_sim, value_label};
use crate::i18n::{Msg, format_fixed, use_i18n};
use crate::simulation::{exact_scaled, format_cents, format_decimal};

#[component]
pub fn IndicatorInputs() -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    // Indicators the server computes from the aspiration service: still tried here like any
    // other, only labelled (a comfort: nothing is marked when the list cannot be read).
    let computed = RwSignal::new(Vec::<String>::new());
    {
        let (period_id, population) = (sim.model.period_id.clone(), sim.model.population.code.clone());
        leptos::task::spawn_local(async move {
            if let Ok(list) = crate::api::aspirations::bindings(&period_id).await {
                let codes = list
                    .bindings
                    .into_iter()
                    .filter(|binding| binding.population == population)
                    .map(|binding| binding.indicator)
                    .collect();
                let _ = computed.try_set(codes);
            }
        });
    }
    let rubric = &sim.model.rubric;
    let groups = rubric
        .spirits()
        .iter()
        .enumerate()
        .map(|(spirit_position, spirit)| {
            let sim_for_contribution = sim.clone();
            let contribution = move || {
                let lang = i18n.lang();
                let before = sim_for_contribution.baseline_result.spirits[spirit_position].contribution;
                let after = sim_for_contribution.result.with(|r| r.spirits[spirit_position].contribution);
                if before == after {
                    format_cents(after, lang)
                } else {
                    format!("{} → {}", format_cents(before, lang), format_cents(after, lang))
                }
            };
            let weight = spirit.weight().value();
            let rows = spirit
                .indicator_positions()
                .iter()
                .map(|&position| view! { <IndicatorRow position=position computed=computed/> })
                .collect_view();
            view! {
                <fieldset class="sim-spirit" data-spirit=spirit.code().as_str().to_string()>
                    <legend>
                        <span class="spirit-code">{spirit.code().as_str().to_string()}</span>
                        " " <span class="sim-spirit__name">{spirit.name().to_string()}</span>
                        <span class="sim-spirit__meta">
                            {i18n.tr(Msg::RulesSpiritWeight)} " " {text(move || format_decimal(weight, i18n.lang()))}
                            " · " {i18n.tr(Msg::SimContribution)} " " {text(contribution)}
                        </span>
                    </legend>
                    {rows}
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <section class="sim-inputs" aria-labelledby="sim-inputs-heading">
            <h2 id="sim-inputs-heading">{i18n.tr(Msg::SimInputsHeading)}</h2>
            <p class="sim-hint">{i18n.tr(Msg::SimInputsHint)}</p>
            {groups}
        </section>
    }
}

/// One indicator: name, owner, official value, the control, score and the lock.
#[component]
fn IndicatorRow(position: usize, computed: RwSignal<Vec<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let model = sim.model.clone();
    let indicator = &model.rubric.indicators()[position];
    let code = indicator.code().as_str().to_string();
    let input_id = format!("sim-in-{code}");
    let hint_id = format!("sim-hint-{code}");
    let name = indicator.name().to_string();
    let owner = indicator.owner().map(str::to_string);
    let input = sim.inputs[position];
    let baseline_value = sim.model.baseline.get(position);

    let official = {
        let sim = sim.clone();
        move || value_label(&sim.model.rubric, position, baseline_value, i18n.lang())
    };
    let score = {
        let sim = sim.clone();
        move || {
            let lang = i18n.lang();
            let before = exact_scaled(sim.baseline_result.indicators[position].score, 2);
            let after = sim.result.with(|r| exact_scaled(r.indicators[position].score, 2));
            if before == after {
                format_fixed(after, 2, lang)
            } else {
                format!("{} → {}", format_fixed(before, 2, lang), format_fixed(after, 2, lang))
            }
        }
    };
    let changed = {
        let sim = sim.clone();
        move || sim.changed(position)
    };

    let control = match indicator.rule() {
        Rule::Scale(scale) => {
            let (min, max, target) = (scale.min(), scale.max(), scale.target());
            let direction = scale.direction();
            let zero_point = scale.zero_point();
            // Slider steps of 1/100 of the range: arrows move in useful steps; the number field
            // takes any value with up to six decimals.
            let step_micros = (scale.max().micros() - scale.min().micros()) / 100;
            let step = engine::Decimal::from_micros(step_micros.max(1)).unwrap_or(engine::Decimal::ZERO).to_string();
            let invalid = RwSignal::new(false);
            let slider_label = format!("{name} ({})", i18n.t(Msg::SimSlider));
            let range_text = move || {
                let lang = i18n.lang();
                let direction_text = match direction {
                    Direction::Higher => i18n.t(Msg::SimHigherBetter),
                    Direction::Lower => i18n.t(Msg::SimLowerBetter),
                };
                format!(
                    "{} {}–{}, {} {} ({direction_text})",
                    i18n.t(Msg::SimRange),
                    format_decimal(min, lang),
                    format_decimal(max, lang),
                    i18n.t(Msg::SimTarget),
                    format_decimal(target, lang)
                )
            };
            let on_text = move |event: leptos::ev::Event| {
                let text = event_target_value(&event);
                input.text.set(text.clone());
                if text.trim().is_empty() {
                    invalid.set(false);
                    input.value.set(None);
                    return;
                }
                match engine::input::read_number(&text).ok() {
                    Some(number) if number >= min && number <= max => {
                        invalid.set(false);
                        input.value.set(Some(IndicatorValue::Number(number)));
                    }
                    _ => invalid.set(true),
                }
            };
            let on_slider = move |event: leptos::ev::Event| {
                if let Some(number) = engine::Decimal::parse(&event_target_value(&event)).ok().filter(|n| *n >= min && *n <= max) {
                    invalid.set(false);
                    input.value.set(Some(IndicatorValue::Number(number)));
                    input.text.set(display_text(Some(IndicatorValue::Number(number)), i18n.lang_untracked()));
                }
            };
            let slider_value = move || match input.value.get() {
                Some(IndicatorValue::Number(number)) => number.to_string(),
                _ => zero_point.to_string(),
            };
            let error_id = format!("sim-err-{code}");
            let error_id_ref = error_id.clone();
            view! {
                <div class="sim-control sim-control--scale">
                    <input
                        type="range"
                        class="sim-slider"
                        min=min.to_string()
                        max=max.to_string()
                        step=step
                        aria-label=slider_label
                        aria-describedby=hint_id.clone()
                        prop:value=text(slider_value)
                        on:input=on_slider
                    />
                    <input
                        type="text"
                        inputmode="decimal"
                        class="sim-number"
                        id=input_id.clone()
                        data-testid=format!("sim-input-{code}")
                        aria-describedby=format!("{hint_id} {error_id}")
                        aria-invalid=text(move || if invalid.get() { "true" } else { "false" })
                        autocomplete="off"
                        prop:value=text(move || input.text.get())
                        on:input=on_text
                    />
                </div>
                <p class="sim-indicator__hint" id=hint_id.clone()>{text(range_text)}</p>
                <p class="sim-indicator__error" id=error_id_ref role="alert">
                    {text(move || if invalid.get() {
                        let lang = i18n.lang();
                        format!("{} {}–{}.", i18n.t(Msg::SimOutOfRange), format_decimal(min, lang), format_decimal(max, lang))
                    } else {
                        String::new()
                    })}
                </p>
            }
            .into_any()
        }
        Rule::Category(category) => {
            let options = category
                .labels()
                .iter()
                .enumerate()
                .map(|(index, label)| {
                    let points = label.points;
                    let label_text = label.label.clone();
                    view! {
                        <option value=index.to_string() prop:selected=flag(move || input.value.get() == Some(IndicatorValue::Label(index)))>
                            {text(move || format!("{label_text} ({} {})", format_decimal(points, i18n.lang()), i18n.t(Msg::SimPoints)))}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <div class="sim-control">
                    <select
                        id=input_id.clone()
                        data-testid=format!("sim-input-{code}")
                        aria-describedby=hint_id.clone()
                        on:change=move |event| {
                            let chosen = event_target_value(&event);
                            input.value.set(chosen.parse::<usize>().ok().map(IndicatorValue::Label));
                        }
                    >
                        <option value="" prop:selected=flag(move || input.value.get().is_none())>{i18n.tr(Msg::SimNoValue)}</option>
                        {options}
                    </select>
                </div>
                <p class="sim-indicator__hint" id=hint_id.clone()>{i18n.tr(Msg::SimCategoryHint)}</p>
            }
            .into_any()
        }
        Rule::Boolean => view! {
            <div class="sim-control">
                <label class="sim-switch">
                    <input
                        type="checkbox"
                        role="switch"
                        id=input_id.clone()
                        data-testid=format!("sim-input-{code}")
                        aria-describedby=hint_id.clone()
                        prop:checked=flag(move || input.value.get() == Some(IndicatorValue::Boolean(true)))
                        on:change=move |event| input.value.set(Some(IndicatorValue::Boolean(event_target_checked(&event))))
                    />
                    <span>{text(move || if input.value.get() == Some(IndicatorValue::Boolean(true)) { i18n.t(Msg::SimYes) } else { i18n.t(Msg::SimNo) })}</span>
                </label>
            </div>
            <p class="sim-indicator__hint" id=hint_id.clone()>{i18n.tr(Msg::SimBooleanHint)}</p>
        }
        .into_any(),
    };

    let lock_label = format!("{} {name}", i18n.t(Msg::SimLockFor));
    view! {
        <div class="sim-indicator" class:sim-indicator--changed=flag(changed) data-indicator=code.clone()>
            <div class="sim-indicator__head">
                <label for=input_id.clone() class="sim-indicator__name">{name.clone()}</label>
                {owner.map(|owner| view! { <span class="sim-indicator__owner">{i18n.tr(Msg::SimOwner)} ": " {owner}</span> })}
                {
                    let code = code.clone();
                    move || computed.with(|codes| codes.contains(&code)).then(|| view! {
                        <span class="sim-indicator__computed" data-testid=format!("sim-computed-{code}")>
                            {i18n.tr(Msg::Asp(crate::components::aspiration::AspText::ComputedSimulator))}
                        </span>
                    })
                }
            </div>
            {control}
            <div class="sim-indicator__meta">
                <span>{i18n.tr(Msg::SimOfficial)} ": " <strong>{text(official)}</strong></span>
                <span>{i18n.tr(Msg::SimScore)} ": " {text(score)}</span>
                <label class="sim-lock">
                    <input
                        type="checkbox"
                        aria-label=lock_label
                        data-testid=format!("sim-lock-{code}")
                        prop:checked=flag(move || input.locked.get())
                        on:change=move |event| input.locked.set(event_target_checked(&event))
                    />
                    <span aria-hidden="true">{i18n.tr(Msg::SimLock)}</span>
                </label>
            </div>
        </div>
    }
}
