//! The administrator's home: which period is open and, per owner, what is still missing, what
//! awaits verification and what is disputed; per population a link into the grid narrowed to
//! the units still missing a value.

use leptos::prelude::*;

use super::completeness::{by_owner, total};
use super::missing_class;
use super::{Load, PopulationCounts, load_open_period, load_status, missing_url, population_name};
use crate::api::periods::Period;
use crate::i18n::{Msg, use_i18n};

#[component]
pub fn AdminHome() -> impl IntoView {
    let i18n = use_i18n();
    let load = RwSignal::new(Load::<Option<(Period, Vec<PopulationCounts>)>>::Loading);
    leptos::task::spawn_local(async move {
        let loaded = load_open_period(|_| true, i18n.lang_untracked()).await;
        let _ = load.try_set(match loaded {
            Ok(value) => Load::Ready(value),
            Err(detail) => Load::Failed(detail),
        });
    });

    let body = move || {
        let lang = i18n.lang();
        let loaded = match load_status(load.get()) {
            Ok(loaded) => loaded,
            Err(view) => return view,
        };
        let Some((period, populations)) = loaded else {
            return view! {
                <p class="notice" data-testid="home-no-open-period">{i18n.tr(Msg::HomeNoOpenPeriod)}</p>
                <p><a href="/admin/periode" data-testid="home-manage-periods">{i18n.tr(Msg::HomeManagePeriods)}</a></p>
            }
            .into_any();
        };
        let all_rows = populations.iter().flat_map(|counted| counted.rows.iter());
        let owners = by_owner(all_rows);
        let unnamed = i18n.t(Msg::HomeNoOwner);
        let owner_rows = owners
            .iter()
            .map(|owner| {
                let counts = owner.counts;
                let name = owner.owner.clone().unwrap_or_else(|| unnamed.to_string());
                view! {
                    <tr data-testid="home-owner-row">
                        <th scope="row">{name}</th>
                        <td class="num">{counts.filled.to_string()}</td>
                        <td class=missing_class(counts.missing)>{counts.missing.to_string()}</td>
                        <td class="num">{counts.unverified.to_string()}</td>
                        <td class="num">{counts.disputed.to_string()}</td>
                    </tr>
                }
            })
            .collect_view();
        let sum = total(owners.iter().map(|owner| &owner.counts));
        let population_items = populations
            .iter()
            .map(|counted| {
                let counts = total(counted.rows.iter().map(|row| &row.counts));
                let name = population_name(&counted.population, lang);
                let link = missing_url(&period.id, &counted.population.code, None);
                view! {
                    <li data-testid=format!("home-population-{}", counted.population.code)>
                        <strong>{name}</strong>
                        {format!(
                            ": {} {} · {} {} · {} {} · ",
                            counts.missing,
                            i18n.t(Msg::HomeColMissing).to_lowercase(),
                            counts.unverified,
                            i18n.t(Msg::HomeColUnverified).to_lowercase(),
                            counts.disputed,
                            i18n.t(Msg::HomeColDisputed).to_lowercase(),
                        )}
                        <a href=link>{i18n.t(Msg::HomeOpenGrid)}</a>
                    </li>
                }
            })
            .collect_view();
        let caption = format!("{} · {}", i18n.t(Msg::HomeAdminPerOwner), period.label);
        view! {
            <p data-testid="home-open-period">
                {format!("{}: {} · ", i18n.t(Msg::HomeOpenPeriod), period.label)}
                <a href="/admin/periode" data-testid="home-manage-periods">{i18n.tr(Msg::HomeManagePeriods)}</a>
            </p>
            <ul class="home-summary" data-testid="home-admin-summary">
                <li><strong data-testid="home-total-missing">{sum.missing.to_string()}</strong> " " {i18n.t(Msg::HomeColMissing).to_lowercase()}</li>
                <li><strong data-testid="home-total-unverified">{sum.unverified.to_string()}</strong> " " {i18n.t(Msg::HomeColUnverified).to_lowercase()}</li>
                <li><strong data-testid="home-total-disputed">{sum.disputed.to_string()}</strong> " " {i18n.t(Msg::HomeColDisputed).to_lowercase()}</li>
            </ul>
            <div class="table-scroll" tabindex="0" role="region" aria-label=caption.clone()>
                <table class="home-table" data-testid="home-admin-owners">
                    <caption>{caption.clone()}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t(Msg::HomeColOwner)}</th>
                            <th scope="col" class="num">{i18n.t(Msg::HomeColFilled)}</th>
                            <th scope="col" class="num">{i18n.t(Msg::HomeColMissing)}</th>
                            <th scope="col" class="num">{i18n.t(Msg::HomeColUnverified)}</th>
                            <th scope="col" class="num">{i18n.t(Msg::HomeColDisputed)}</th>
                        </tr>
                    </thead>
                    <tbody>{owner_rows}</tbody>
                </table>
            </div>
            <h2>{i18n.tr(Msg::HomeAdminPerPopulation)}</h2>
            <ul class="home-populations">{population_items}</ul>
        }
        .into_any()
    };

    view! {
        <section class="role-home" data-testid="home-admin" aria-labelledby="home-role-title">
            <h1 id="home-role-title" data-testid="page-title">{i18n.tr(Msg::HomeAdminTitle)}</h1>
            <p class="lead">{i18n.tr(Msg::HomeAdminIntro)}</p>
            {body}
        </section>
    }
}
