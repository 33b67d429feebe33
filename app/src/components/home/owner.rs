//! An indicator owner's home: per indicator they own and per population in the open period, how
//! many units are filled, missing, not yet verified and disputed; the missing count opens the
//! grid narrowed to exactly those units.

use leptos::prelude::*;

use super::missing_class;
use super::{Load, PopulationCounts, load_open_period, load_status, missing_url, population_name};
use crate::api::periods::Period;
use crate::i18n::{Msg, use_i18n};

#[component]
pub fn OwnerHome(indicator_codes: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let load = RwSignal::new(Load::<Option<(Period, Vec<PopulationCounts>)>>::Loading);
    let owns_some = !indicator_codes.is_empty();
    leptos::task::spawn_local(async move {
        let lang = i18n.lang_untracked();
        let loaded = load_open_period(|code| indicator_codes.iter().any(|own| own == code), lang).await;
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
            return view! { <p class="notice" data-testid="home-no-open-period">{i18n.tr(Msg::HomeNoOpenPeriod)}</p> }
                .into_any();
        };
        if !owns_some || populations.is_empty() {
            return view! { <p class="notice" data-testid="home-owner-none">{i18n.tr(Msg::HomeOwnerNoIndicators)}</p> }
                .into_any();
        }
        let tables = populations
            .into_iter()
            .map(|counted| {
                let name = population_name(&counted.population, lang);
                let rows = counted
                    .rows
                    .iter()
                    .map(|row| {
                        let counts = row.counts;
                        let link = missing_url(&period.id, &counted.population.code, Some(&row.code));
                        let label = format!("{} {}: {}", counts.missing, i18n.t(Msg::HomeMissingLink), row.name);
                        let missing = if counts.missing > 0 {
                            view! {
                                <a href=link aria-label=label data-testid=format!("home-missing-{}-{}", counted.population.code, row.code)>
                                    {counts.missing.to_string()}
                                </a>
                            }
                            .into_any()
                        } else {
                            view! { <span>"0"</span> }.into_any()
                        };
                        view! {
                            <tr data-testid=format!("home-row-{}-{}", counted.population.code, row.code)>
                                <th scope="row">{row.name.clone()}</th>
                                <td class="num">{counts.filled.to_string()}</td>
                                <td class=missing_class(counts.missing)>{missing}</td>
                                <td class="num">{counts.unverified.to_string()}</td>
                                <td class="num">{counts.disputed.to_string()}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let caption = format!("{name} · {}", period.label);
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-label=caption.clone()>
                        <table class="home-table" data-testid=format!("home-owner-{}", counted.population.code)>
                            <caption>{caption.clone()}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{i18n.t(Msg::HomeColIndicator)}</th>
                                    <th scope="col" class="num">{i18n.t(Msg::HomeColFilled)}</th>
                                    <th scope="col" class="num">{i18n.t(Msg::HomeColMissing)}</th>
                                    <th scope="col" class="num">{i18n.t(Msg::HomeColUnverified)}</th>
                                    <th scope="col" class="num">{i18n.t(Msg::HomeColDisputed)}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
            })
            .collect_view();
        view! {
            <p data-testid="home-open-period">{format!("{}: {}", i18n.t(Msg::HomeOpenPeriod), period.label)}</p>
            {tables}
        }
        .into_any()
    };

    view! {
        <section class="role-home" data-testid="home-owner" aria-labelledby="home-role-title">
            <h1 id="home-role-title" data-testid="page-title">{i18n.tr(Msg::HomeOwnerTitle)}</h1>
            <p class="lead">{i18n.tr(Msg::HomeOwnerIntro)}</p>
            {body}
        </section>
    }
}
