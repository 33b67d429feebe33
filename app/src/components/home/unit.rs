//! "Unit saya", a unit admin's home: the unit's latest published total, grade and rank, the
//! change since the previous published period, the engine's goal-seek path to the next grade
//! (computed in the browser from the official values, as the simulator does) and a way into the
//! simulator opened on the unit.

use std::sync::Arc;

use contract::PeriodState;
use engine::{Cents, Goal, GoalSeekOptions, GoalSeekOutcome, Grade, goal_seek};
use leptos::prelude::*;

use super::{Load, load_status};
use crate::api::ApiError;
use crate::api::periods::{Period, fetch_periods};
use crate::api::units::fetch_unit;
use crate::components::published::grade_category;
use crate::components::simulator::{SimModel, value_label};
use crate::i18n::{Lang, Msg, format_fixed, use_i18n};
use crate::pages::simulator::load_model;
use crate::simulation::{cents_from_text, exact_scaled, format_cents, simulator_url};

/// The unit's published result in the previous period of its population.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Earlier {
    label: String,
    total: Cents,
    rank: i64,
}

struct UnitSummary {
    model: SimModel,
    earlier: Option<Earlier>,
    open_period: Option<Period>,
}

/// The grade a unit aims at next; `None` at A.
pub fn next_grade(grade: Grade) -> Option<Grade> {
    match grade {
        Grade::A => None,
        Grade::B => Some(Grade::A),
        Grade::C => Some(Grade::B),
        Grade::D => Some(Grade::C),
        Grade::E => Some(Grade::D),
    }
}

/// A signed difference with two decimals: `+3,20`, `−1,05`, `0,00`.
pub fn signed_cents(now: Cents, before: Cents, lang: Lang) -> String {
    let difference = now.hundredths() - before.hundredths();
    let sign = match difference.signum() {
        1 => "+",
        -1 => "−",
        _ => "",
    };
    format!("{sign}{}", format_fixed(difference.abs(), 2, lang))
}

/// Loads the newest published CETTAR period that ranks the unit, and the unit's result in the
/// previous published period of the same population. `None`: nothing published for the unit yet.
async fn load_summary(unit_code: String) -> Result<Option<UnitSummary>, ApiError> {
    let (periods, _) = fetch_periods().await?;
    let open_period = periods.iter().rev().find(|p| !p.is_policy() && p.state == PeriodState::Open).cloned();
    let published: Vec<&Period> = periods.iter().filter(|p| p.is_published() && !p.is_policy()).collect();
    let mut found = None;
    for (index, period) in published.iter().enumerate().rev() {
        match load_model(period.id.clone(), unit_code.clone()).await {
            Ok(model) => {
                found = Some((index, model));
                break;
            }
            // A unit registered after that period has no page there.
            Err(ApiError::Status { status: 404, .. }) => continue,
            Err(error) => return Err(error),
        }
    }
    let Some((index, model)) = found else { return Ok(None) };
    let mut earlier = None;
    for period in published[..index].iter().rev().filter(|p| p.scores(&model.population.code)) {
        match fetch_unit(&period.id, &unit_code).await {
            Ok((detail, _)) => {
                earlier = detail.result.and_then(|result| {
                    cents_from_text(result.total.as_str()).map(|total| Earlier {
                        label: detail.period.label.clone(),
                        total,
                        rank: result.rank,
                    })
                });
                break;
            }
            Err(ApiError::Status { status: 404, .. }) => continue,
            Err(error) => return Err(error),
        }
    }
    Ok(Some(UnitSummary { model, earlier, open_period }))
}

#[component]
pub fn UnitHome(unit_code: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let Some(unit_code) = unit_code else {
        return view! {
            <section class="role-home" data-testid="home-unit" aria-labelledby="home-role-title">
                <h1 id="home-role-title" data-testid="page-title">{i18n.tr(Msg::HomeUnitTitle)}</h1>
                <p class="notice">{i18n.tr(Msg::HomeUnitNoUnit)}</p>
            </section>
        }
        .into_any();
    };
    let load = RwSignal::new(Load::<Option<Arc<UnitSummary>>>::Loading);
    leptos::task::spawn_local(async move {
        let loaded = load_summary(unit_code).await;
        let lang = i18n.lang_untracked();
        let _ = load.try_set(match loaded {
            Ok(summary) => Load::Ready(summary.map(Arc::new)),
            Err(error) => Load::Failed(error.detail(lang)),
        });
    });
    let title = move || match load.get() {
        Load::Ready(Some(summary)) => format!("{}: {}", i18n.t(Msg::HomeUnitTitle), summary.model.unit_name),
        _ => i18n.t(Msg::HomeUnitTitle).to_string(),
    };
    let body = move || {
        // Drawn again in the other language on a switch (the figures' decimal separator too).
        let lang = i18n.lang();
        let summary = match load_status(load.get()) {
            Ok(Some(summary)) => summary,
            Ok(None) => {
                return view! { <p class="notice" data-testid="home-unit-none">{i18n.tr(Msg::HomeUnitNoResults)}</p> }
                    .into_any();
            }
            Err(view) => return view,
        };
        view! { <UnitSummaryView summary=summary lang=lang/> }.into_any()
    };
    view! {
        <section class="role-home" data-testid="home-unit" aria-labelledby="home-role-title">
            <h1 id="home-role-title" data-testid="page-title">{title}</h1>
            {body}
        </section>
    }
    .into_any()
}

#[component]
fn UnitSummaryView(summary: Arc<UnitSummary>, lang: Lang) -> impl IntoView {
    let i18n = use_i18n();
    let model = &summary.model;
    let n_units = model.peer_totals.len() + 1;
    let simulate = simulator_url(&model.period_id, &model.population.code, &model.unit_code, "", "");
    let report =
        format!("/unit/{}?periode={}", model.unit_code, crate::simulation::encode_query_value(&model.period_id));
    let open_link = summary.open_period.as_ref().map(|period| {
        let href = format!(
            "/penilaian?periode={}&populasi={}",
            crate::simulation::encode_query_value(&period.id),
            crate::simulation::encode_query_value(&model.population.code)
        );
        view! {
            <a href=href class="button button--secondary" data-testid="home-unit-open-period">
                {format!("{}: {}", i18n.t(Msg::HomeOpenPeriod), period.label)}
            </a>
        }
    });
    let Some((total, rank)) = model.official else {
        return view! {
            <p class="lead">{format!("{} · {}", super::population_name(&model.population, lang), model.period_label)}</p>
            <p class="notice" data-testid="home-unit-none">{i18n.tr(Msg::HomeUnitNoResults)}</p>
            <p class="home-actions">
                <a href=simulate class="button" data-testid="home-unit-simulate">{i18n.tr(Msg::HomeUnitOpenSimulator)}</a>
                {open_link}
            </p>
        }
        .into_any();
    };
    let grade = Grade::from_total(total);

    let figures = view! {
        <dl class="home-figures" data-testid="home-unit-figures">
            <div>
                <dt>{i18n.tr(Msg::HomeUnitTotal)}</dt>
                <dd data-testid="home-unit-total">{format_cents(total, lang)}</dd>
            </div>
            <div>
                <dt>{i18n.tr(Msg::GradeColumnGrade)}</dt>
                <dd data-testid="home-unit-grade">
                    {grade.letter()} " " <span class="home-figures__note">{i18n.tr(grade_category(grade.letter()))}</span>
                </dd>
            </div>
            <div>
                <dt>{i18n.tr(Msg::HomeUnitRank)}</dt>
                <dd data-testid="home-unit-rank">
                    {rank.to_string()} " " <span class="home-figures__note">{format!("{} {n_units}", i18n.t(Msg::HomeUnitRankOf))}</span>
                </dd>
            </div>
        </dl>
    };

    let change = match &summary.earlier {
        None => view! { <p data-testid="home-unit-change">{i18n.tr(Msg::HomeUnitChangeNone)}</p> }.into_any(),
        Some(earlier) => {
            let earlier_grade = Grade::from_total(earlier.total);
            view! {
                <ul class="home-change" data-testid="home-unit-change">
                    <li>{format!(
                        "{}: {} → {} ({})",
                        i18n.t(Msg::HomeUnitTotal),
                        format_cents(earlier.total, lang),
                        format_cents(total, lang),
                        signed_cents(total, earlier.total, lang)
                    )}</li>
                    <li>{format!("{}: {} → {}", i18n.t(Msg::GradeColumnGrade), earlier_grade.letter(), grade.letter())}</li>
                    <li>{format!("{}: {} → {}", i18n.t(Msg::HomeUnitRank), earlier.rank, rank)}</li>
                </ul>
                <p class="home-figures__note">{format!("{} {}", i18n.t(Msg::HomeUnitComparedWith), earlier.label)}</p>
            }
            .into_any()
        }
    };

    let path = match next_grade(grade) {
        None => view! { <p data-testid="home-unit-path">{i18n.tr(Msg::HomeUnitTopGrade)}</p> }.into_any(),
        Some(target) => {
            let rubric = &model.rubric;
            match goal_seek(rubric, &model.baseline, Goal::Grade(target), &GoalSeekOptions::default()) {
                Ok(GoalSeekOutcome::Plan { steps, total: after, .. }) => {
                    let items = steps
                        .iter()
                        .map(|step| {
                            let indicator = &rubric.indicators()[step.position];
                            let from = value_label(rubric, step.position, step.from, lang);
                            let to = value_label(rubric, step.position, Some(step.to), lang);
                            let owner = indicator.owner().map(|owner| format!(" · {owner}")).unwrap_or_default();
                            let scores = format!(
                                " ({} {} → {}{owner})",
                                i18n.t(Msg::SimScore),
                                format_fixed(exact_scaled(step.score_from, 2), 2, lang),
                                format_fixed(exact_scaled(step.score_to, 2), 2, lang)
                            );
                            view! {
                                <li data-indicator=indicator.code().as_str().to_string()>
                                    <strong>{indicator.name().to_string()}</strong>
                                    {format!(": {from} → {to}")}
                                    <span class="home-figures__note">{scores}</span>
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <p>{format!(
                            "{} {} · {} {} ({})",
                            steps.len(),
                            i18n.t(Msg::SimGoalSteps),
                            i18n.t(Msg::SimGoalTotalAfter),
                            format_cents(after, lang),
                            Grade::from_total(after).letter()
                        )}</p>
                        <ol class="home-path" data-testid="home-unit-path">{items}</ol>
                    }
                    .into_any()
                }
                Ok(GoalSeekOutcome::NotReachable { best_total }) => view! {
                    <p data-testid="home-unit-path">
                        {format!("{} {} {}.", i18n.t(Msg::SimGoalUnreachable), i18n.t(Msg::SimGoalBest), format_cents(best_total, lang))}
                    </p>
                }
                .into_any(),
                Ok(GoalSeekOutcome::AlreadyReached { .. }) | Err(_) => {
                    view! { <p data-testid="home-unit-path">{i18n.tr(Msg::SimGoalInvalid)}</p> }.into_any()
                }
            }
        }
    };
    let path_heading = match next_grade(grade) {
        Some(target) => format!("{} {}", i18n.t(Msg::SimGoalHeading), target.letter()),
        None => i18n.t(Msg::SimGoalHeadingAny).to_string(),
    };

    view! {
        <p class="lead" data-testid="home-unit-period">{format!("{} · {}", super::population_name(&model.population, lang), model.period_label)}</p>
        {figures}
        <p class="home-actions">
            <a href=simulate class="button" data-testid="home-unit-simulate">{i18n.tr(Msg::HomeUnitOpenSimulator)}</a>
            <a href=report class="button button--secondary" data-testid="home-unit-report">{i18n.tr(Msg::HomeUnitReport)}</a>
            {open_link}
        </p>
        <section aria-labelledby="home-unit-change-heading">
            <h2 id="home-unit-change-heading">{i18n.tr(Msg::HomeUnitChangeHeading)}</h2>
            {change}
        </section>
        <section aria-labelledby="home-unit-path-heading">
            <h2 id="home-unit-path-heading">{path_heading}</h2>
            <p class="sim-hint">{i18n.tr(Msg::HomeUnitPathIntro)}</p>
            {path}
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_grade_is_one_up_and_none_at_a() {
        assert_eq!(next_grade(Grade::E), Some(Grade::D));
        assert_eq!(next_grade(Grade::B), Some(Grade::A));
        assert_eq!(next_grade(Grade::A), None);
    }

    #[test]
    fn a_change_is_signed_with_two_decimals() {
        assert_eq!(signed_cents(Cents::new(8140), Cents::new(7820), Lang::Id), "+3,20");
        assert_eq!(signed_cents(Cents::new(7820), Cents::new(8140), Lang::En), "−3.20");
        assert_eq!(signed_cents(Cents::new(5000), Cents::new(5000), Lang::Id), "0,00");
    }
}
