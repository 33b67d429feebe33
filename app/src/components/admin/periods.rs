//! "Periode": every period with its state; create a period (year, kind, a rubric version per
//! population); move it draft → open → closed → published, each step confirmed with its
//! consequence; reopen a closed period with a reason. A Sistem Kerja period (the policy
//! monitor's Van Meter & Van Horn assessment) binds only the governments' populations, to a
//! Van Meter & Van Horn rubric (none chosen: the server binds the shipped one).

use std::collections::BTreeMap;

use gloo_net::http::Method;
use leptos::prelude::*;

use super::{Outcome, confirmed, outcome_view};
use crate::api::admin::{NewPeriod, PeriodStateChange, RubricVersion, accepted, load, write};
use crate::api::entries::AssessPeriod;
use crate::api::periods::{PeriodState, Population};
use crate::i18n::{Lang, Msg, period_state_label, t, use_i18n};
use contract::periods::{CreatedPeriod, PeriodAnswer};

/// The period kinds the server accepts, with their names.
const KINDS: [(&str, &str, &str); 6] = [
    ("annual", "Tahunan", "Annual"),
    ("q1", "Triwulan I", "Quarter I"),
    ("q2", "Triwulan II", "Quarter II"),
    ("q3", "Triwulan III", "Quarter III"),
    ("q4", "Triwulan IV", "Quarter IV"),
    (POLICY_KIND, "Sistem Kerja (Van Meter & Van Horn)", "Work system (Van Meter & Van Horn)"),
];

/// The kind of the policy monitor's assessment periods.
const POLICY_KIND: &str = "sistem-kerja";
/// The populations a Sistem Kerja period assesses: the governments.
const GOVERNMENT_POPULATIONS: [&str; 2] = ["provinsi", "kabkota"];

/// Whether a rubric version is a Van Meter & Van Horn one (document id `sistem-kerja-…`).
fn is_policy_rubric(version: &RubricVersion) -> bool {
    version.rubric_id.starts_with(POLICY_KIND)
}

/// Whether a period of `kind` assesses `population`.
fn assesses(kind: &str, population: &str) -> bool {
    kind != POLICY_KIND || GOVERNMENT_POPULATIONS.contains(&population)
}

/// The rubric preselected for each population (versions newest first): for a Sistem Kerja period
/// the newest Van Meter & Van Horn rubric for each government population; otherwise each
/// population's newest rubric made for it.
fn default_bindings(kind: &str, versions: &[RubricVersion], populations: &[Population]) -> BTreeMap<String, String> {
    populations
        .iter()
        .filter(|population| assesses(kind, &population.code))
        .filter_map(|population| {
            let fits = |version: &&RubricVersion| match kind {
                POLICY_KIND => is_policy_rubric(version),
                _ => !is_policy_rubric(version) && version.population.as_deref() == Some(population.code.as_str()),
            };
            versions.iter().find(fits).map(|version| (population.code.clone(), version.id.clone()))
        })
        .collect()
}

#[derive(Clone, Debug, PartialEq)]
struct PeriodForm {
    year: String,
    kind: String,
    /// Population code → rubric version id (absent: the population is not assessed).
    bindings: BTreeMap<String, String>,
}

/// The step a period in `state` may take next: (new state, button, consequence to confirm).
fn next_step(state: PeriodState) -> Option<(PeriodState, Msg, Msg)> {
    match state {
        PeriodState::Draft => Some((PeriodState::Open, Msg::AdminOpen, Msg::AdminConfirmOpen)),
        PeriodState::Open => Some((PeriodState::Closed, Msg::AdminClose, Msg::AdminConfirmClose)),
        PeriodState::Closed => Some((PeriodState::Published, Msg::AdminPublish, Msg::AdminConfirmPublish)),
        PeriodState::Published => None,
    }
}

#[component]
pub fn PeriodsTab() -> impl IntoView {
    let i18n = use_i18n();
    let periods = RwSignal::new(Vec::<AssessPeriod>::new());
    let rubrics = RwSignal::new(Vec::<RubricVersion>::new());
    let populations = RwSignal::new(Vec::<Population>::new());
    let form = RwSignal::new(PeriodForm { year: String::new(), kind: "q1".into(), bindings: BTreeMap::new() });
    let outcome = RwSignal::<Outcome>::new(None);
    // The kind alone, so that typing the year does not rebuild the rubric choices.
    let kind = Memo::new(move |_| form.with(|fields| fields.kind.clone()));

    let reload = move || {
        leptos::task::spawn_local(async move {
            match load::<Vec<AssessPeriod>>("/api/v1/periods", i18n.lang_untracked()).await {
                Ok(list) => _ = periods.try_set(list),
                Err(problems) => _ = outcome.try_set(Some(Err(problems))),
            }
        });
    };
    reload();
    leptos::task::spawn_local(async move {
        let lang = i18n.lang_untracked();
        let found: Vec<RubricVersion> = load("/api/v1/rubrics", lang).await.unwrap_or_default();
        let found_populations: Vec<Population> = load("/api/v1/populations", lang).await.unwrap_or_default();
        let year =
            found.iter().filter_map(|version| version.year).max().map(|year| year.to_string()).unwrap_or_default();
        let _ = form.try_update(|fields| {
            fields.bindings = default_bindings(&fields.kind, &found, &found_populations);
            fields.year = year;
        });
        let _ = rubrics.try_set(found);
        let _ = populations.try_set(found_populations);
    });

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let lang = i18n.lang_untracked();
        let fields = form.get_untracked();
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let body = NewPeriod {
                year: fields.year.trim().parse().unwrap_or(0),
                kind: fields.kind.clone(),
                bindings: fields.bindings.clone(),
            };
            let answer = write(Method::POST, "/api/v1/periods", Some(&body)).await;
            let result = accepted::<CreatedPeriod>(&answer, lang).map(|created| {
                format!("{} {} ({})", t(lang, Msg::AdminPeriodCreated), created.period.label, created.period.id)
            });
            if result.is_ok() {
                reload();
            }
            let _ = outcome.try_set(Some(result));
        });
    };

    // Moves a period to `state`; reopening asks for the reason the server records.
    let change = move |period: AssessPeriod, state: PeriodState, consequence: Msg| {
        let lang = i18n.lang_untracked();
        let title = format!("{} ({})", period.label, period.id);
        let reason = if state == PeriodState::Open && period.state == PeriodState::Closed {
            let asked = web_sys::window().and_then(|window| {
                window.prompt_with_message(&format!("{title}\n\n{}", t(lang, Msg::AdminReopenReason))).ok().flatten()
            });
            match asked.map(|text| text.trim().to_string()).filter(|text| !text.is_empty()) {
                Some(reason) => Some(reason),
                None => return,
            }
        } else {
            if !confirmed(&format!("{title}\n\n{}", t(lang, consequence))) {
                return;
            }
            None
        };
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let url = format!("/api/v1/periods/{}/state", crate::simulation::encode_query_value(&period.id));
            let change = PeriodStateChange { state: state.code().to_owned(), reason };
            let answer = write(Method::POST, &url, Some(&change)).await;
            let result = accepted::<PeriodAnswer>(&answer, lang)
                .map(|_| format!("{} {title} → {}", t(lang, Msg::AdminPeriodChanged), period_state_label(lang, state)));
            let _ = outcome.try_set(Some(result));
            reload();
        });
    };

    view! {
        {outcome_view(outcome)}
        <div class="table-scroll" tabindex="0">
            <table class="data-table admin-table" data-testid="admin-periods">
                <caption>{i18n.tr(Msg::AdminTabPeriods)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr(Msg::AdminTabPeriods)}</th>
                        <th scope="col">{i18n.tr(Msg::AdminStatus)}</th>
                        <th scope="col">{i18n.tr(Msg::AdminActions)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || periods.get().into_iter().rev().map(|period| {
                        let state = period.state;
                        let step = next_step(state);
                        let (stepped, reopened) = (period.clone(), period.clone());
                        view! {
                            <tr data-testid=format!("admin-period-{}", period.id)>
                                <th scope="row">{period.label.clone()}<br/><code class="admin-muted">{period.id.clone()}</code></th>
                                <td><span class=format!("admin-state admin-state--{}", period.state) data-testid="admin-period-state">
                                    {move || period_state_label(i18n.lang(), state)}
                                </span></td>
                                <td class="admin-table__actions">
                                    {step.map(|(target, label, consequence)| view! {
                                        <button type="button" class="button button--small" data-testid=format!("admin-period-to-{}", target.code())
                                            on:click=move |_| change(stepped.clone(), target, consequence)>{i18n.tr(label)}</button>
                                    })}
                                    {(period.state == PeriodState::Closed).then(|| view! {
                                        <button type="button" class="button button--small" data-testid="admin-period-reopen"
                                            on:click=move |_| change(reopened.clone(), PeriodState::Open, Msg::AdminReopen)>{i18n.tr(Msg::AdminReopen)}</button>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <form class="form admin-form" on:submit=submit data-testid="admin-period-form">
            <h2>{i18n.tr(Msg::AdminNewPeriod)}</h2>
            <div class="admin-form__row">
                <label class="form__field">
                    <span>{i18n.tr(Msg::AdminYear)}</span>
                    <input type="number" min="2000" max="2999" required inputmode="numeric" data-testid="admin-period-year"
                        prop:value=move || form.with(|fields| fields.year.clone())
                        on:input=move |event| form.update(|fields| fields.year = event_target_value(&event))/>
                </label>
                <label class="form__field">
                    <span>{i18n.tr(Msg::AdminKind)}</span>
                    <select data-testid="admin-period-kind"
                        prop:value=move || form.with(|fields| fields.kind.clone())
                        on:change=move |event| form.update(|fields| {
                            fields.kind = event_target_value(&event);
                            fields.bindings = default_bindings(&fields.kind, &rubrics.get_untracked(), &populations.get_untracked());
                        })>
                        {KINDS.map(|(code, name, name_en)| view! {
                            <option value=code selected=move || form.with(|fields| fields.kind == code)>
                                {move || if i18n.lang() == Lang::En { name_en } else { name }}
                            </option>
                        })}
                    </select>
                </label>
            </div>
            <Show when=move || kind.get() == POLICY_KIND>
                <p class="admin-muted" data-testid="admin-period-policy-hint">{i18n.tr(Msg::AdminPolicyPeriodHint)}</p>
            </Show>
            <fieldset class="admin-codes">
                <legend>{i18n.tr(Msg::AdminRubricFor)}</legend>
                {move || populations.get().into_iter().filter(|population| assesses(&kind.get(), &population.code)).map(|population| {
                    let code = population.code.clone();
                    let (value_code, change_code) = (code.clone(), code.clone());
                    view! {
                        <label class="form__field">
                            <span>{move || if i18n.lang() == Lang::En { population.name_en.clone() } else { population.name.clone() }}</span>
                            <select data-testid=format!("admin-period-rubric-{code}")
                                prop:value=move || form.with(|fields| fields.bindings.get(&value_code).cloned().unwrap_or_default())
                                on:change=move |event| {
                                    let chosen = event_target_value(&event);
                                    form.update(|fields| {
                                        if chosen.is_empty() {
                                            fields.bindings.remove(&change_code);
                                        } else {
                                            fields.bindings.insert(change_code.clone(), chosen);
                                        }
                                    });
                                }>
                                <option value="">{i18n.tr(Msg::AdminNoRubric)}</option>
                                // Van Meter & Van Horn rubrics for a Sistem Kerja period, CETTAR ones otherwise.
                                {rubrics.get().into_iter().filter(|version| is_policy_rubric(version) == (kind.get() == POLICY_KIND)).map(|version| {
                                    let id = version.id.clone();
                                    let selected_id = id.clone();
                                    let selected_code = code.clone();
                                    view! {
                                        <option value=id.clone() selected=move || form.with(|fields| fields.bindings.get(&selected_code) == Some(&selected_id))>
                                            {format!("{id} — {}", version.name.unwrap_or_default())}
                                        </option>
                                    }
                                }).collect_view()}
                            </select>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <div class="admin-form__actions">
                <button type="submit" class="button button--primary" data-testid="admin-period-submit">{i18n.tr(Msg::AdminCreatePeriod)}</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(id: &str, rubric_id: &str, population: Option<&str>) -> RubricVersion {
        RubricVersion {
            id: id.into(),
            rubric_id: rubric_id.into(),
            version: 1,
            name: None,
            year: Some(2024),
            population: population.map(Into::into),
            content_sha256: String::new(),
            created_at: String::new(),
        }
    }

    #[test]
    fn a_sistem_kerja_period_binds_the_governments_to_the_van_meter_van_horn_rubric() {
        let population = |code: &str| Population { code: code.into(), name: code.into(), name_en: code.into() };
        let populations = [population("opd"), population("kabkota"), population("provinsi")];
        // Newest first.
        let versions = [
            version("sistem-kerja-2024", "sistem-kerja-2024", None),
            version("cettar-2023-kabkota", "cettar-2023-kabkota", Some("kabkota")),
            version("cettar-2023-opd", "cettar-2023-opd", Some("opd")),
        ];
        let text = |pairs: &[(&str, &str)]| {
            pairs.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect::<BTreeMap<_, _>>()
        };
        assert_eq!(
            default_bindings("sistem-kerja", &versions, &populations),
            text(&[("kabkota", "sistem-kerja-2024"), ("provinsi", "sistem-kerja-2024")])
        );
        assert_eq!(
            default_bindings("q2", &versions, &populations),
            text(&[("kabkota", "cettar-2023-kabkota"), ("opd", "cettar-2023-opd")]),
            "a CETTAR period never gets the Van Meter & Van Horn rubric"
        );
        // Not stored yet: no choice, the server binds the shipped rubric.
        assert!(default_bindings("sistem-kerja", &versions[1..], &populations).is_empty());
        assert!(!assesses("sistem-kerja", "opd") && assesses("sistem-kerja", "provinsi") && assesses("annual", "opd"));
    }

    #[test]
    fn periods_move_forward_one_step_at_a_time() {
        assert_eq!(next_step(PeriodState::Draft).map(|step| step.0), Some(PeriodState::Open));
        assert_eq!(next_step(PeriodState::Open).map(|step| step.0), Some(PeriodState::Closed));
        assert_eq!(next_step(PeriodState::Closed).map(|step| step.0), Some(PeriodState::Published));
        assert_eq!(next_step(PeriodState::Published), None);
    }
}
