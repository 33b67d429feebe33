//! "Pendampingan dan penghargaan" (`/pendampingan`): a read-only view computed from published
//! results — the watch-list (units graded C or below, or whose total fell by more than a chosen
//! number of points since the previous published period) and the reward list (the top units of
//! each population, for the Festival Birokrasi).
//!
//! Not here yet: the mentoring status and notes kept by Biro Organisasi. They need signed-in
//! write endpoints (issue 7 leaves them for after the accounts work); the page says so.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::published::unit_page_url;
use crate::components::published::{Load, ResultsLoadError, cents_text, grade_badge_class, signed_cents_text};
use crate::i18n::{Lang, Msg, use_document_title, use_i18n};
use crate::pages::rankings::{Catalog, RankingData, load_catalog, load_ranking};
use crate::ranking::{WatchReason, reward_list, watch_list};

/// Default fall (in points) that puts a unit on the watch-list.
const DEFAULT_FALL_POINTS: i64 = 5;
/// How many places the reward list shows per population.
const REWARD_TOP: i64 = 3;

#[component]
pub fn MentoringPage() -> impl IntoView {
    let i18n = use_i18n();
    use_document_title(Msg::ResMentoringTitle);
    let state = RwSignal::new(Load::<Arc<(Catalog, Vec<RankingData>)>>::Loading);
    let fall_points = RwSignal::new(DEFAULT_FALL_POINTS);
    let fetch = move || {
        state.set(Load::Loading);
        leptos::task::spawn_local(async move {
            let loaded = async {
                let catalog = load_catalog().await?;
                let mut rankings = Vec::new();
                if let Some(period) = catalog.periods.last() {
                    for population in &catalog.populations {
                        match load_ranking(catalog.periods.clone(), period.id.clone(), population.code.clone()).await {
                            Ok(data) => rankings.push(data),
                            Err(crate::api::ApiError::Status { status: 404, .. }) => {
                                rankings.push(RankingData { rows: Vec::new(), movements: Vec::new(), previous_label: None })
                            }
                            Err(error) => return Err(error),
                        }
                    }
                }
                Ok::<_, crate::api::ApiError>((catalog, rankings))
            }
            .await;
            let _ = state.try_set(match loaded {
                Ok(loaded) => Load::Ready(Arc::new(loaded)),
                Err(error) => Load::Failed(error),
            });
        });
    };
    fetch();

    let content = move || match state.get() {
        Load::Idle | Load::Loading => view! { <p class="loading" role="status">{i18n.t(Msg::ResLoading)}</p> }.into_any(),
        Load::Failed(error) => view! { <ResultsLoadError error=error on_retry=fetch/> }.into_any(),
        Load::Ready(loaded) => {
            let (catalog, rankings) = &*loaded;
            let Some(period) = catalog.periods.last() else {
                return view! { <p class="note">{i18n.t(Msg::ResNoPeriods)}</p> }.into_any();
            };
            let lang = i18n.lang();
            let threshold = fall_points.get() * 100;
            let sections = catalog
                .populations
                .iter()
                .zip(rankings)
                .filter(|(_, data)| !data.rows.is_empty())
                .map(|(population, data)| {
                    let name = if lang == Lang::En { population.name_en.clone() } else { population.name.clone() };
                    let watch = watch_list(&data.rows, &data.movements, threshold);
                    let watch_lines = watch
                        .iter()
                        .map(|entry| {
                            let row = &data.rows[entry.row_idx];
                            let reasons = entry
                                .reasons
                                .iter()
                                .map(|reason| match reason {
                                    WatchReason::LowGrade => i18n.t(Msg::ResWatchLowGrade).to_owned(),
                                    WatchReason::Falling { points } => {
                                        format!("{} {}", i18n.t(Msg::ResWatchFalling), signed_cents_text(-points, lang))
                                    }
                                })
                                .collect::<Vec<_>>()
                                .join("; ");
                            view! {
                                <tr data-testid="watch-row">
                                    <td class="num">{row.rank}</td>
                                    <th scope="row"><a href=unit_page_url(&period.id, &row.code)>{row.name.clone()}</a></th>
                                    <td class="num">{cents_text(row.total, lang)}</td>
                                    <td><span class=grade_badge_class(&row.grade)>{row.grade.clone()}</span></td>
                                    <td>{reasons}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    let rewards = reward_list(&data.rows, REWARD_TOP)
                        .into_iter()
                        .map(|row_idx| {
                            let row = &data.rows[row_idx];
                            view! {
                                <li data-testid="reward-row">
                                    <strong>{format!("#{} ", row.rank)}</strong>
                                    <a href=unit_page_url(&period.id, &row.code)>{row.name.clone()}</a>
                                    {format!(" — {} ", cents_text(row.total, lang))}
                                    <span class=grade_badge_class(&row.grade)>{row.grade.clone()}</span>
                                </li>
                            }
                        })
                        .collect_view();
                    let empty = watch.is_empty();
                    view! {
                        <section class="report-section">
                            <h2>{name}</h2>
                            <h3>{i18n.t(Msg::ResRewardHeading)}</h3>
                            <ol class="reward-list">{rewards}</ol>
                            <h3>{i18n.t(Msg::ResWatchHeading)}</h3>
                            {if empty {
                                view! { <p>{i18n.t(Msg::ResWatchEmpty)}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-scroll">
                                        <table class="data-table">
                                            <thead><tr>
                                                <th scope="col">{i18n.t(Msg::ResColRank)}</th>
                                                <th scope="col">{i18n.t(Msg::ResColUnit)}</th>
                                                <th scope="col">{i18n.t(Msg::ResColTotal)}</th>
                                                <th scope="col">{i18n.t(Msg::ResColGrade)}</th>
                                                <th scope="col">{i18n.t(Msg::ResColReason)}</th>
                                            </tr></thead>
                                            <tbody>{watch_lines}</tbody>
                                        </table>
                                    </div>
                                }.into_any()
                            }}
                        </section>
                    }
                })
                .collect_view();
            view! {
                <p class="results-footnote">{format!("{}: {}", i18n.t(Msg::ResPeriod), period.label)}</p>
                {sections}
            }
            .into_any()
        }
    };

    view! {
        <article class="page page--mentoring">
            <h1 data-testid="page-title">{i18n.tr(Msg::ResMentoringTitle)}</h1>
            <p class="lead">{i18n.tr(Msg::ResMentoringLead)}</p>
            <p class="note">{i18n.tr(Msg::ResMentoringNotYet)}</p>
            <div class="results-filters">
                <div class="field">
                    <label for="fall-points">{i18n.tr(Msg::ResFallThreshold)}</label>
                    <input
                        id="fall-points"
                        type="number"
                        min="0"
                        max="100"
                        step="1"
                        prop:value=move || fall_points.get().to_string()
                        on:input=move |event| {
                            if let Ok(points) = event_target_value(&event).trim().parse::<i64>() {
                                fall_points.set(points.clamp(0, 100));
                            }
                        }
                    />
                </div>
            </div>
            {content}
            <p><A href="/peringkat">{i18n.tr(Msg::ResBackToRankings)}</A></p>
        </article>
    }
}
