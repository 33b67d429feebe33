//! "Pendampingan dan penghargaan" (`/pendampingan`): computed from published results — the
//! watch-list (units graded C or below, or whose total fell by more than a chosen number of points
//! since the previous published period) and the reward list (the top units of each population,
//! for the Festival Birokrasi) — and, beside the watch-list, the mentoring status and dated notes
//! kept by Biro Organisasi (`api::mentoring`): administrators record them, viewers read them, and
//! nobody else (nor the public) sees them.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::mentoring::{self, MentoringError, MentoringUnit, STATUSES};
use crate::api::periods::Period;
use crate::api::published::unit_page_url;
use crate::auth::{Role, use_auth};
use crate::components::published::{
    Load, ResultsLoadError, cents_text, grade_badge_class, signed_cents_text,
};
use crate::i18n::{Lang, Msg, use_document_title, use_i18n};
use crate::pages::rankings::{Catalog, RankingData, load_catalog, load_ranking};
use crate::ranking::{WatchReason, reward_list, watch_list};

/// Default fall (in points) that puts a unit on the watch-list.
const DEFAULT_FALL_POINTS: i64 = 5;
/// How many places the reward list shows per population.
const REWARD_TOP: i64 = 3;

/// The label of a mentoring status code.
pub fn status_msg(status: &str) -> Msg {
    match status {
        "dijadwalkan" => Msg::MenStatusScheduled,
        "sedang_didampingi" => Msg::MenStatusInProgress,
        "selesai" => Msg::MenStatusDone,
        _ => Msg::MenStatusOpen,
    }
}

/// `2024-03-12T08:05:00.000Z` as `12-03-2024 08.05 UTC` (Indonesian) or `2024-03-12 08:05 UTC`.
pub fn stamp_text(timestamp: &str, lang: Lang) -> String {
    let (Some(date), Some(time)) = (timestamp.get(..10), timestamp.get(11..16)) else {
        return timestamp.to_owned();
    };
    match lang {
        Lang::Id => format!(
            "{}-{}-{} {} UTC",
            &date[8..10],
            &date[5..7],
            &date[..4],
            time.replace(':', ".")
        ),
        Lang::En => format!("{date} {time} UTC"),
    }
}

/// The latest CETTAR period with results (for signed-in readers an open period may already have
/// some), with every population's ranking; no period when none has results.
struct Loaded {
    catalog: Catalog,
    period: Option<Period>,
    rankings: Vec<RankingData>,
}

async fn load_latest_results() -> Result<Loaded, crate::api::ApiError> {
    let catalog = load_catalog().await?;
    for period in catalog
        .periods
        .iter()
        .rev()
        .filter(|period| !period.is_policy())
    {
        let mut rankings = Vec::new();
        for population in &catalog.populations {
            match load_ranking(
                catalog.periods.clone(),
                period.id.clone(),
                population.code.clone(),
            )
            .await
            {
                Ok(data) => rankings.push(data),
                Err(crate::api::ApiError::Status { status: 404, .. }) => {
                    rankings.push(RankingData {
                        rows: Vec::new(),
                        movements: Vec::new(),
                        previous_label: None,
                    })
                }
                Err(error) => return Err(error),
            }
        }
        if rankings.iter().any(|data| !data.rows.is_empty()) {
            return Ok(Loaded {
                period: Some(period.clone()),
                catalog,
                rankings,
            });
        }
    }
    Ok(Loaded {
        catalog,
        period: None,
        rankings: Vec::new(),
    })
}

/// What the signed-in user may do with mentoring records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    Hidden,
    Read,
    Write,
}

#[component]
pub fn MentoringPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    use_document_title(Msg::ResMentoringTitle);
    let state = RwSignal::new(Load::<Arc<Loaded>>::Loading);
    let fall_points = RwSignal::new(DEFAULT_FALL_POINTS);
    // Mentoring records of the shown period (only for administrators and viewers).
    let records = RwSignal::new(Vec::<MentoringUnit>::new());
    let records_problem = RwSignal::new(None::<String>);
    let access = Memo::new(move |_| match auth.user().and_then(|user| user.role()) {
        Some(Role::Admin) => Access::Write,
        Some(Role::Viewer) => Access::Read,
        _ => Access::Hidden,
    });
    let fetch = move || {
        state.set(Load::Loading);
        leptos::task::spawn_local(async move {
            let loaded = load_latest_results().await;
            let _ = state.try_set(match loaded {
                Ok(loaded) => Load::Ready(Arc::new(loaded)),
                Err(error) => Load::Failed(error),
            });
        });
    };
    fetch();
    let period_id = Memo::new(move |_| match state.get() {
        Load::Ready(loaded) => loaded.period.as_ref().map(|period| period.id.clone()),
        _ => None,
    });
    // Loads the records once the period is known and the session allows it (again after sign-in).
    Effect::new(move |_| {
        let (Some(period_id), true) = (period_id.get(), access.get() != Access::Hidden) else {
            return;
        };
        leptos::task::spawn_local(async move {
            match mentoring::list(&period_id).await {
                Ok(units) => {
                    records.set(units);
                    records_problem.set(None);
                }
                Err(MentoringError::Status(_)) => records.set(Vec::new()),
                Err(MentoringError::Message(message)) => records_problem.set(Some(message)),
            }
        });
    });

    // The follow-up form: which unit, the new status (empty: unchanged), the note.
    let chosen_unit = RwSignal::new(String::new());
    let new_status = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let saving = RwSignal::new(false);
    let form_message = RwSignal::new(None::<(bool, String)>);
    let status_ref = NodeRef::<leptos::html::Select>::new();
    let record_of = move |code: &str| {
        records.with(|units| units.iter().find(|unit| unit.unit_code == code).cloned())
    };
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (Some(period_id), unit_code) = (period_id.get_untracked(), chosen_unit.get_untracked())
        else {
            return;
        };
        let status = new_status.get_untracked();
        let text = note.get_untracked();
        if unit_code.is_empty() || (status.is_empty() && text.trim().is_empty()) {
            form_message.set(Some((false, i18n.t(Msg::MenFormEmpty).to_owned())));
            return;
        }
        saving.set(true);
        form_message.set(None);
        let key = crate::assessment::sync::use_sync().new_key();
        leptos::task::spawn_local(async move {
            let status = (!status.is_empty()).then_some(status.as_str());
            let text = (!text.trim().is_empty()).then_some(text.as_str());
            let answer = mentoring::record(&period_id, &unit_code, status, text, &key).await;
            saving.set(false);
            match answer {
                Ok(unit) => {
                    records.update(|units| {
                        match units
                            .iter_mut()
                            .find(|known| known.unit_code == unit.unit_code)
                        {
                            Some(known) => *known = unit,
                            None => units.push(unit),
                        }
                    });
                    new_status.set(String::new());
                    note.set(String::new());
                    form_message.set(Some((true, i18n.t(Msg::MenFormSaved).to_owned())));
                }
                Err(MentoringError::Status(_)) => {
                    form_message.set(Some((false, i18n.t(Msg::MenNoAccess).to_owned())))
                }
                Err(MentoringError::Message(message)) => form_message.set(Some((false, message))),
            }
        });
    };

    let content = move || match state.get() {
        Load::Idle | Load::Loading => {
            view! { <p class="loading" role="status">{i18n.t(Msg::ResLoading)}</p> }.into_any()
        }
        Load::Failed(error) => view! { <ResultsLoadError error=error on_retry=fetch/> }.into_any(),
        Load::Ready(loaded) => {
            let Loaded {
                catalog,
                period,
                rankings,
            } = &*loaded;
            let Some(period) = period else {
                return view! { <p class="note">{i18n.t(Msg::ResNoPeriods)}</p> }.into_any();
            };
            let lang = i18n.lang();
            let threshold = fall_points.get() * 100;
            let shows_records = access.get() != Access::Hidden;
            let writes = access.get() == Access::Write;
            let mut watched = Vec::new();
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
                            watched.push((row.code.clone(), row.name.clone()));
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
                            let code = row.code.clone();
                            let follow_up = move |_| {
                                chosen_unit.set(code.clone());
                                form_message.set(None);
                                if let Some(select) = status_ref.get() {
                                    let _ = select.focus();
                                }
                            };
                            let code = row.code.clone();
                            let record_cells = shows_records.then(|| {
                                let code_for_note = code.clone();
                                let status = move || {
                                    let status = record_of(&code).map_or_else(|| STATUSES[0].to_owned(), |record| record.status);
                                    i18n.t(status_msg(&status))
                                };
                                let latest = move || {
                                    let record = record_of(&code_for_note)?;
                                    let event = record.latest_note()?;
                                    let note = event.note.clone().unwrap_or_default();
                                    Some(format!("{note} — {}, {}", event.author_name, stamp_text(&event.created_at, i18n.lang())))
                                };
                                view! {
                                    <td data-testid="mentoring-status">{status}</td>
                                    <td data-testid="mentoring-note">{latest}</td>
                                    {writes.then(|| view! {
                                        <td><button type="button" class="button button--small" on:click=follow_up.clone()>
                                            {i18n.t(Msg::MenFollowUp)}
                                        </button></td>
                                    })}
                                }
                            });
                            view! {
                                <tr data-testid="watch-row" data-unit=row.code.clone()>
                                    <td class="num">{row.rank}</td>
                                    <th scope="row"><a href=unit_page_url(&period.id, &row.code)>{row.name.clone()}</a></th>
                                    <td class="num">{cents_text(row.total, lang)}</td>
                                    <td><span class=grade_badge_class(&row.grade)>{row.grade.clone()}</span></td>
                                    <td>{reasons}</td>
                                    {record_cells}
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
                                                {shows_records.then(|| view! {
                                                    <th scope="col">{i18n.t(Msg::MenColStatus)}</th>
                                                    <th scope="col">{i18n.t(Msg::MenColNote)}</th>
                                                })}
                                                {writes.then(|| view! { <th scope="col"><span class="visually-hidden">{i18n.t(Msg::MenFollowUp)}</span></th> })}
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
            let access_note = match access.get() {
                Access::Hidden if auth.user().is_none() => Some(i18n.t(Msg::MenSignInToSee)),
                Access::Hidden => Some(i18n.t(Msg::MenNoAccess)),
                Access::Read => Some(i18n.t(Msg::MenReadOnly)),
                Access::Write => None,
            };
            let form = writes.then(|| {
                let options = watched
                    .into_iter()
                    .map(|(code, name)| view! { <option value=code>{name}</option> })
                    .collect_view();
                let history = move || {
                    record_of(&chosen_unit.get()).map(|record| {
                        record
                            .events
                            .into_iter()
                            .map(|event| {
                                let status = event.status.as_deref().map(|status| format!("{} ", i18n.t(status_msg(status))));
                                view! {
                                    <li data-testid="mentoring-event">
                                        <strong>{stamp_text(&event.created_at, lang)}</strong>
                                        {format!(" · {}: ", event.author_name)}
                                        {status.map(|status| view! { <span class="chip">{status}</span> })}
                                        {event.note}
                                    </li>
                                }
                            })
                            .collect_view()
                    })
                };
                view! {
                    <section class="report-section" aria-labelledby="mentoring-form-heading">
                        <h2 id="mentoring-form-heading">{i18n.t(Msg::MenFormHeading)}</h2>
                        <form class="form" on:submit=save data-testid="mentoring-form">
                            <div class="form__field">
                                <label for="mentoring-unit">{i18n.t(Msg::MenFormUnit)}</label>
                                <select id="mentoring-unit" prop:value=move || chosen_unit.get()
                                    on:change=move |event| chosen_unit.set(event_target_value(&event))>
                                    <option value="">"—"</option>
                                    {options}
                                </select>
                            </div>
                            <div class="form__field">
                                <label for="mentoring-status">{i18n.t(Msg::MenFormStatus)}</label>
                                <select id="mentoring-status" node_ref=status_ref prop:value=move || new_status.get()
                                    on:change=move |event| new_status.set(event_target_value(&event))>
                                    <option value="">{i18n.t(Msg::MenFormKeepStatus)}</option>
                                    {STATUSES.iter().map(|status| view! { <option value=*status>{i18n.t(status_msg(status))}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="form__field">
                                <label for="mentoring-note">{i18n.t(Msg::MenFormNote)}</label>
                                <textarea id="mentoring-note" rows="3" maxlength="2000" prop:value=move || note.get()
                                    on:input=move |event| note.set(event_target_value(&event))></textarea>
                            </div>
                            <p><button type="submit" class="button" disabled=move || saving.get()>
                                {move || i18n.t(if saving.get() { Msg::MenFormSaving } else { Msg::MenFormSave })}
                            </button></p>
                            <p role="status" data-testid="mentoring-message">{move || form_message.get().map(|(ok, text)| view! {
                                <span class=if ok { "form__success" } else { "form__error" }>{text}</span>
                            })}</p>
                        </form>
                        <h3>{i18n.t(Msg::MenHistory)}</h3>
                        <ol class="mentoring-history">{history}</ol>
                    </section>
                }
            });
            view! {
                <p class="results-footnote">{format!("{}: {}", i18n.t(Msg::ResPeriod), period.label)}</p>
                {access_note.map(|text| view! { <p class="note" data-testid="mentoring-access">{text}</p> })}
                {move || records_problem.get().map(|problem| view! {
                    <p class="alert" role="alert">{format!("{} {problem}", i18n.t(Msg::MenLoadFailed))}</p>
                })}
                {sections}
                {form}
            }
            .into_any()
        }
    };

    view! {
        <article class="page page--mentoring">
            <h1 data-testid="page-title">{i18n.tr(Msg::ResMentoringTitle)}</h1>
            <p class="lead">{i18n.tr(Msg::ResMentoringLead)}</p>
            <div class="results-filters">
                <div class="field">
                    <label for="fall-points">{i18n.tr(Msg::ResFallThreshold)}</label>
                    <input
                        id="fall-points"
                        data-testid="fall-points"
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_read_as_dates_in_each_language() {
        assert_eq!(
            stamp_text("2024-03-12T08:05:00.000Z", Lang::Id),
            "12-03-2024 08.05 UTC"
        );
        assert_eq!(
            stamp_text("2024-03-12T08:05:00.000Z", Lang::En),
            "2024-03-12 08:05 UTC"
        );
        assert_eq!(stamp_text("kemarin", Lang::Id), "kemarin");
    }

    #[test]
    fn every_status_has_its_own_label() {
        let labels: Vec<Msg> = STATUSES.iter().map(|status| status_msg(status)).collect();
        assert_eq!(
            labels,
            [
                Msg::MenStatusOpen,
                Msg::MenStatusScheduled,
                Msg::MenStatusInProgress,
                Msg::MenStatusDone
            ]
        );
    }
}
