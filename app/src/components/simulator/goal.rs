//! "Jalan menuju nilai A": the engine's goal-seek on the current scenario, with the locks and
//! optional effort weights, applied in one click; and the marginal table sorted by payoff.

use engine::{Cents, Decimal, Goal, GoalSeekOptions, GoalSeekOutcome, Grade, goal_seek, marginal_table};
use leptos::prelude::*;

use super::html::{Table, escape};
use super::{flag, text, use_sim, value_label};
use crate::i18n::{Msg, format_fixed, format_fixed_trimmed, use_i18n};
use crate::simulation::{exact_product_scaled, exact_scaled, format_cents, format_decimal};

/// The target as chosen: a grade, or a total typed in the number field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Grade(Grade),
    Total,
}

#[component]
pub fn GoalSeek() -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    // The next grade up is the natural first target; A when already at A.
    let start_grade = match sim.baseline_result.grade {
        Grade::A | Grade::B => Grade::A,
        Grade::C => Grade::B,
        Grade::D => Grade::C,
        Grade::E => Grade::D,
    };
    // The select's value: a grade letter or "total".
    let target = RwSignal::new(start_grade.letter().to_string());
    let target_kind = move || match Grade::from_letter(&target.get()) {
        Some(grade) => Target::Grade(grade),
        None => Target::Total,
    };
    let total_text = RwSignal::new(String::new());

    let goal = move || match target_kind() {
        Target::Grade(grade) => Some(Goal::Grade(grade)),
        Target::Total => engine::input::read_number(&total_text.get())
            .ok()
            .filter(|total| total.micros() % 10_000 == 0 && *total >= Decimal::ZERO && *total <= Decimal::HUNDRED)
            .map(|total| Goal::Total(Cents::new(total.micros() / 10_000))),
    };

    let outcome = {
        let sim = sim.clone();
        Memo::new(move |_| {
            let goal = goal()?;
            let mut options = GoalSeekOptions::default();
            for (position, input) in sim.inputs.iter().enumerate() {
                if input.locked.get() {
                    options.locked.push(position);
                }
                if let Some(effort) =
                    engine::input::read_number(&input.effort.get()).ok().filter(|e| *e > Decimal::ZERO)
                {
                    options.efforts.push((position, effort));
                }
            }
            sim.scenario.with(|values| goal_seek(&sim.model.rubric, values, goal, &options).ok())
        })
    };
    let locked_count = {
        let sim = sim.clone();
        move || sim.inputs.iter().filter(|input| input.locked.get()).count()
    };

    let heading = move || {
        let lang = i18n.lang();
        match (target_kind(), goal()) {
            (Target::Grade(grade), _) => {
                format!("{} {}", i18n.t(Msg::SimGoalHeading), grade.letter())
            }
            (Target::Total, Some(Goal::Total(total))) => {
                format!("{} {}", i18n.t(Msg::SimGoalHeading), format_cents(total, lang))
            }
            _ => i18n.t(Msg::SimGoalHeadingAny).to_string(),
        }
    };

    let sim_plan = sim.clone();
    let plan_view = move || {
        let lang = i18n.lang();
        let rubric = &sim_plan.model.rubric;
        match outcome.get() {
            None => view! { <p class="sim-goal__status" data-testid="goal-status">{i18n.t(Msg::SimGoalInvalid)}</p> }.into_any(),
            Some(GoalSeekOutcome::AlreadyReached { total }) => view! {
                <p class="sim-goal__status sim-goal__status--ok" data-testid="goal-status">
                    {format!("{} ({})", i18n.t(Msg::SimGoalReached), format_cents(total, lang))}
                </p>
            }
            .into_any(),
            Some(GoalSeekOutcome::NotReachable { best_total }) => view! {
                <p class="sim-goal__status sim-goal__status--bad" data-testid="goal-status">
                    <strong>{i18n.t(Msg::SimGoalUnreachable)}</strong> " "
                    {format!("{} {} ({}).", i18n.t(Msg::SimGoalBest), format_cents(best_total, lang), Grade::from_total(best_total).letter())}
                </p>
            }
            .into_any(),
            Some(GoalSeekOutcome::Plan { steps, total, cost }) => {
                let items = steps
                    .iter()
                    .map(|step| {
                        let indicator = &rubric.indicators()[step.position];
                        let from = value_label(rubric, step.position, step.from, lang);
                        let to = value_label(rubric, step.position, Some(step.to), lang);
                        let score_from = format_fixed(exact_scaled(step.score_from, 2), 2, lang);
                        let score_to = format_fixed(exact_scaled(step.score_to, 2), 2, lang);
                        let owner = indicator.owner().map(|o| format!(" · {o}")).unwrap_or_default();
                        view! {
                            <li data-indicator=indicator.code().as_str().to_string()>
                                <strong>{indicator.name().to_string()}</strong>
                                {format!(": {from} → {to}")}
                                <span class="sim-goal__detail">
                                    {format!(" ({} {score_from} → {score_to}{owner})", i18n.t(Msg::SimScore))}
                                </span>
                            </li>
                        }
                    })
                    .collect_view();
                let steps_for_apply = steps.clone();
                let sim_apply = sim_plan.clone();
                let apply = move |_| {
                    let lang = i18n.lang_untracked();
                    for step in &steps_for_apply {
                        sim_apply.set(step.position, Some(step.to), lang);
                    }
                };
                view! {
                    <p class="sim-goal__status">
                        {format!(
                            "{} {} · {} {} ({})",
                            steps.len(),
                            i18n.t(Msg::SimGoalSteps),
                            i18n.t(Msg::SimGoalTotalAfter),
                            format_cents(total, lang),
                            Grade::from_total(total).letter()
                        )}
                    </p>
                    <ol class="sim-goal__plan" data-testid="goal-plan">{items}</ol>
                    <p class="sim-goal__cost">
                        {format!("{} {}", i18n.t(Msg::SimGoalCost), format_fixed_trimmed(exact_scaled(cost, 4), 4, 2, lang))}
                    </p>
                    <button type="button" class="button" data-testid="goal-apply" on:click=apply>
                        {i18n.t(Msg::SimGoalApply)}
                    </button>
                }
                .into_any()
            }
        }
    };

    let effort_rows = sim
        .model
        .rubric
        .indicators()
        .iter()
        .enumerate()
        .map(|(position, indicator)| {
            let input = sim.inputs[position];
            let id = format!("sim-effort-{}", indicator.code().as_str());
            view! {
                <div class="sim-effort">
                    <label for=id.clone()>{indicator.name().to_string()}</label>
                    <input
                        id=id
                        type="text"
                        inputmode="decimal"
                        placeholder="1"
                        class="sim-number sim-number--small"
                        prop:value=text(move || input.effort.get())
                        on:input=move |event| input.effort.set(event_target_value(&event))
                    />
                </div>
            }
        })
        .collect_view();

    view! {
        <section class="sim-goal" aria-labelledby="sim-goal-heading">
            <h2 id="sim-goal-heading">{text(heading)}</h2>
            <p class="sim-hint">{i18n.tr(Msg::SimGoalIntro)}</p>
            <div class="sim-goal__controls">
                <label for="sim-goal-target">{i18n.tr(Msg::SimGoalTarget)}</label>
                <select
                    id="sim-goal-target"
                    data-testid="goal-target"
                    on:change=move |event| {
                        let chosen = event_target_value(&event);
                        target.set(chosen);
                    }
                >
                    {[Grade::A, Grade::B, Grade::C, Grade::D]
                        .into_iter()
                        .map(|grade| view! {
                            <option value=grade.letter() prop:selected=flag(move || target_kind() == Target::Grade(grade))>
                                {text(move || format!(
                                    "{} {} (≥ {})",
                                    i18n.t(Msg::GradeColumnGrade),
                                    grade.letter(),
                                    format_cents(grade.threshold(), i18n.lang())
                                ))}
                            </option>
                        })
                        .collect_view()}
                    <option value="total" prop:selected=flag(move || target_kind() == Target::Total)>{i18n.tr(Msg::SimGoalCustom)}</option>
                </select>
                {move || (target_kind() == Target::Total).then(|| view! {
                    <label for="sim-goal-total">{i18n.tr(Msg::SimGoalTotalLabel)}</label>
                    <input
                        id="sim-goal-total"
                        type="text"
                        inputmode="decimal"
                        class="sim-number"
                        data-testid="goal-target-total"
                        placeholder="81,00"
                        prop:value=text(move || total_text.get())
                        on:input=move |event| total_text.set(event_target_value(&event))
                    />
                })}
            </div>
            <p class="sim-goal__locks">
                {text(move || format!("{} {}", locked_count(), i18n.t(Msg::SimGoalLocked)))}
            </p>
            <div class="sim-goal__result" aria-live="polite">{plan_view}</div>
            <details class="sim-efforts">
                <summary>{i18n.tr(Msg::SimEffortsHeading)}</summary>
                <p class="sim-hint">{i18n.tr(Msg::SimEffortsHint)}</p>
                <div class="sim-efforts__grid">{effort_rows}</div>
            </details>
        </section>
    }
}

/// "+1 poin pada X menambah +0,05 pada total", best payoff first.
#[component]
pub fn MarginalTable() -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let sim_rows = sim.clone();
    let rows = move || {
        let lang = i18n.lang();
        let rubric = &sim_rows.model.rubric;
        let mut table = sim_rows.scenario.with(|values| marginal_table(rubric, values));
        // Best payoff first; indicators already at full marks go last.
        let is_full = |row: &engine::MarginalRow| exact_scaled(row.score_headroom, 4) == 0;
        engine::order::sort_by(&mut table, |a, b| {
            is_full(a)
                .cmp(&is_full(b))
                .then(b.per_score_point.cmp(&a.per_score_point))
                .then(a.position.cmp(&b.position))
        });
        let rows = table
            .into_iter()
            .map(|row| {
                let indicator = &rubric.indicators()[row.position];
                let per_point = format_fixed_trimmed(exact_scaled(row.per_score_point, 4), 4, 2, lang);
                let per_raw = row
                    .per_raw_unit
                    .map(|e| format!("+{}", format_fixed_trimmed(exact_scaled(e, 4), 4, 2, lang)))
                    .unwrap_or_else(|| "–".into());
                let headroom = row
                    .raw_headroom
                    .map(|h| format_decimal(h, lang))
                    .unwrap_or_else(|| format_fixed_trimmed(exact_scaled(row.score_headroom, 2), 2, 0, lang));
                let potential = exact_product_scaled(row.per_score_point, row.score_headroom, 2);
                let header = format!(
                    r#"{}<span class="indicator-code">{}</span>"#,
                    escape(indicator.name()),
                    escape(indicator.code().as_str())
                );
                let cells =
                    vec![format!("+{per_point}"), per_raw, headroom, format!("+{}", format_fixed(potential, 2, lang))];
                (header, cells, if potential == 0 { "sim-marginal--full" } else { "" })
            })
            .collect();
        Table {
            class: "sim-marginal-table",
            test_id: "sim-marginal",
            caption: i18n.t(Msg::SimMarginalCaption),
            head: [
                Msg::RulesColumnIndicator,
                Msg::SimMarginalPerPoint,
                Msg::SimMarginalPerRaw,
                Msg::SimMarginalHeadroom,
                Msg::SimMarginalPotential,
            ]
            .iter()
            .map(|&msg| escape(i18n.t(msg)))
            .collect(),
            rows,
        }
        .to_html()
    };
    view! {
        <section class="sim-marginal" aria-labelledby="sim-marginal-heading">
            <h2 id="sim-marginal-heading">{i18n.tr(Msg::SimMarginalHeading)}</h2>
            <p class="sim-hint">{i18n.tr(Msg::SimMarginalIntro)}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="sim-marginal-heading" inner_html=text(rows)></div>
        </section>
    }
}
