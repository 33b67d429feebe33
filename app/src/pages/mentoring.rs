//! "Pendampingan dan penghargaan" (`/pendampingan`): computed from published results — the
//! watch-list (units graded C or below, or whose total fell by more than a chosen number of points
//! since the previous published period) and the reward list (the top units of each population,
//! for the Festival Birokrasi) — and, beside the watch-list, the mentoring status and dated notes
//! kept by Biro Organisasi (`api::mentoring`): administrators record them, viewers read them, and
//! nobody else (nor the public) sees them.
//!
//! The lists and the history are HTML text (plain functions, placed with `inner_html`); the rows'
//! "Tindak lanjuti" buttons are real buttons inside that text, handled by one delegated click on
//! their container ([`action_of`]). The form's status and note are read from their controls when
//! it is sent; only the chosen unit is a signal, because the history follows it.

use std::fmt::Write as _;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::mentoring::{self, LatestNote, MentoringError, MentoringEvent, MentoringUnit, STATUSES};
use crate::api::periods::Period;
use crate::api::published::unit_page_url;
use crate::auth::Permissions;
use crate::auth::{Role, use_auth};
use crate::components::html::{action_of, escape, push_option};
use crate::components::published::{Load, ResultsLoadError, cents_text, grade_badge_class, signed_cents_text};
use crate::components::simulator::{flag, text};
use crate::i18n::{Lang, Msg, t, use_document_title, use_i18n};
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
        Lang::Id => format!("{}-{}-{} {} UTC", &date[8..10], &date[5..7], &date[..4], time.replace(':', ".")),
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

async fn load_latest_results(sees_unpublished: bool) -> Result<Loaded, crate::api::ApiError> {
    let catalog = load_catalog(sees_unpublished).await?;
    for period in catalog.periods.iter().rev().filter(|period| !period.is_policy()) {
        let mut rankings = Vec::new();
        for population in &catalog.populations {
            match load_ranking(catalog.periods.clone(), period.id.clone(), population.code.clone()).await {
                Ok(data) => rankings.push(data),
                Err(crate::api::ApiError::Status { status: 404, .. }) => {
                    rankings.push(RankingData { rows: Vec::new(), movements: Vec::new(), previous_label: None })
                }
                Err(error) => return Err(error),
            }
        }
        if rankings.iter().any(|data| !data.rows.is_empty()) {
            return Ok(Loaded { period: Some(period.clone()), catalog, rankings });
        }
    }
    Ok(Loaded { catalog, period: None, rankings: Vec::new() })
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
    // A plain tracked function, not a memo: it is cheap and a memo would be one more signal type.
    let access = move || match auth.user().and_then(|user| user.role()) {
        Some(Role::Admin) => Access::Write,
        Some(Role::Viewer) => Access::Read,
        _ => Access::Hidden,
    };
    let fetch = move || {
        state.set(Load::Loading);
        leptos::task::spawn_local(async move {
            let loaded = load_latest_results(auth.sees_unpublished_results()).await;
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
        let (Some(period_id), true) = (period_id.get(), access() != Access::Hidden) else {
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

    // The follow-up form: which unit (a signal: the history below follows it), the new status
    // (empty: unchanged) and the note, both read from their controls when the form is sent.
    let chosen_unit = RwSignal::new(String::new());
    let saving = RwSignal::new(false);
    // The form's answer as HTML (success or error), see `form_message_html`.
    let form_message = RwSignal::new(None::<String>);
    let status_ref = NodeRef::<leptos::html::Select>::new();
    let note_ref = NodeRef::<leptos::html::Textarea>::new();
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (Some(period_id), unit_code) = (period_id.get_untracked(), chosen_unit.get_untracked()) else {
            return;
        };
        let status = status_ref.get_untracked().map(|select| select.value()).unwrap_or_default();
        let text = note_ref.get_untracked().map(|note| note.value()).unwrap_or_default();
        if unit_code.is_empty() || (status.is_empty() && text.trim().is_empty()) {
            form_message.set(Some(form_message_html(false, i18n.t(Msg::MenFormEmpty))));
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
                    records.update(|units| match units.iter_mut().find(|known| known.unit_code == unit.unit_code) {
                        Some(known) => *known = unit,
                        None => units.push(unit),
                    });
                    if let Some(select) = status_ref.get_untracked() {
                        select.set_value("");
                    }
                    if let Some(note) = note_ref.get_untracked() {
                        note.set_value("");
                    }
                    form_message.set(Some(form_message_html(true, i18n.t(Msg::MenFormSaved))));
                }
                Err(MentoringError::Status(_)) => {
                    form_message.set(Some(form_message_html(false, i18n.t(Msg::MenNoAccess))))
                }
                Err(MentoringError::Message(message)) => form_message.set(Some(form_message_html(false, &message))),
            }
        });
    };

    // Everything read-only above the form, as one text: it follows the threshold, the language,
    // the session's access and the records.
    let lists = text(move || {
        let Load::Ready(loaded) = state.get() else { return String::new() };
        let Some(period) = &loaded.period else { return String::new() };
        let lang = i18n.lang();
        let access = access();
        let mut html = format!(
            r#"<p class="results-footnote">{}: {}</p>"#,
            escape(t(lang, Msg::ResPeriod)),
            escape(&period.label)
        );
        let access_note = match access {
            Access::Hidden if auth.user().is_none() => Some(Msg::MenSignInToSee),
            Access::Hidden => Some(Msg::MenNoAccess),
            Access::Read => Some(Msg::MenReadOnly),
            Access::Write => None,
        };
        if let Some(msg) = access_note {
            let _ = write!(html, r#"<p class="note" data-testid="mentoring-access">{}</p>"#, escape(t(lang, msg)));
        }
        if let Some(problem) = records_problem.get() {
            let _ = write!(
                html,
                r#"<p class="alert" role="alert">{} {}</p>"#,
                escape(t(lang, Msg::MenLoadFailed)),
                escape(&problem)
            );
        }
        let threshold = fall_points.get() * 100;
        records.with(|records| {
            let shown = RecordsShown {
                records: (access != Access::Hidden).then_some(records.as_slice()),
                writes: access == Access::Write,
            };
            for (population, data) in loaded.catalog.populations.iter().zip(&loaded.rankings) {
                if data.rows.is_empty() {
                    continue;
                }
                let name = if lang == Lang::En { &population.name_en } else { &population.name };
                html.push_str(&population_html(name, data, &period.id, threshold, &shown, lang));
            }
        });
        html
    });
    // The row buttons "Tindak lanjuti" choose the unit in the form and move to its status.
    let follow_up = move |event: leptos::ev::MouseEvent| {
        if let Some((action, unit_code)) = action_of(&event)
            && action == "follow-up"
        {
            chosen_unit.set(unit_code);
            form_message.set(None);
            if let Some(select) = status_ref.get_untracked() {
                let _ = select.focus();
            }
        }
    };
    // The units on the watch-lists (all populations), the chosen one selected.
    let unit_options = text(move || {
        let Load::Ready(loaded) = state.get() else { return String::new() };
        let threshold = fall_points.get() * 100;
        let chosen = chosen_unit.get();
        let units: Vec<(&str, &str)> = loaded
            .rankings
            .iter()
            .flat_map(|data| {
                watch_list(&data.rows, &data.movements, threshold)
                    .into_iter()
                    .map(|entry| (data.rows[entry.row_idx].code.as_str(), data.rows[entry.row_idx].name.as_str()))
            })
            .collect();
        unit_options_html(&units, &chosen)
    });
    let history = text(move || {
        let chosen = chosen_unit.get();
        let lang = i18n.lang();
        records.with(|units| {
            units
                .iter()
                .find(|unit| unit.unit_code == chosen)
                .map(|record| history_html(&record.events, lang))
                .unwrap_or_default()
        })
    });
    let message = text(move || form_message.get().unwrap_or_default());

    let form = move || {
        (access() == Access::Write).then(|| {
            view! {
                <section class="report-section" aria-labelledby="mentoring-form-heading">
                    <h2 id="mentoring-form-heading">{i18n.tr(Msg::MenFormHeading)}</h2>
                    <form class="form" on:submit=save data-testid="mentoring-form">
                        <div class="form__field">
                            <label for="mentoring-unit">{i18n.tr(Msg::MenFormUnit)}</label>
                            <select id="mentoring-unit" inner_html=unit_options
                                on:change=move |event| chosen_unit.set(event_target_value(&event))>
                            </select>
                        </div>
                        <div class="form__field">
                            <label for="mentoring-status">{i18n.tr(Msg::MenFormStatus)}</label>
                            <select id="mentoring-status" name="status" node_ref=status_ref>
                                <option value="">{i18n.tr(Msg::MenFormKeepStatus)}</option>
                                {STATUSES.iter().map(|status| view! { <option value=*status>{i18n.tr(status_msg(status))}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="form__field">
                            <label for="mentoring-note">{i18n.tr(Msg::MenFormNote)}</label>
                            <textarea id="mentoring-note" name="note" rows="3" maxlength="2000" node_ref=note_ref></textarea>
                        </div>
                        <p><button type="submit" class="button" disabled=flag(move || saving.get())>
                            {text(move || i18n.t(if saving.get() { Msg::MenFormSaving } else { Msg::MenFormSave }))}
                        </button></p>
                        <p role="status" data-testid="mentoring-message" inner_html=message></p>
                    </form>
                    <h3>{i18n.tr(Msg::MenHistory)}</h3>
                    <ol class="mentoring-history" inner_html=history></ol>
                </section>
            }
        })
    };

    let content = move || match state.get() {
        Load::Idle | Load::Loading => {
            view! { <p class="loading" role="status">{i18n.tr(Msg::ResLoading)}</p> }.into_any()
        }
        Load::Failed(error) => view! { <ResultsLoadError error=error on_retry=fetch/> }.into_any(),
        Load::Ready(loaded) if loaded.period.is_none() => {
            view! { <p class="note">{i18n.tr(Msg::ResNoPeriods)}</p> }.into_any()
        }
        Load::Ready(_) => view! {
            <div inner_html=lists on:click=follow_up></div>
            {form}
        }
        .into_any(),
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
                        prop:value=text(move || fall_points.get().to_string())
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

/// Which mentoring columns the watch-list shows: the records (none: hidden from this reader) and
/// whether the row has the "Tindak lanjuti" button.
struct RecordsShown<'a> {
    records: Option<&'a [MentoringUnit]>,
    writes: bool,
}

/// One population: its reward list and its watch-list (with the mentoring columns when shown).
fn population_html(
    name: &str,
    data: &RankingData,
    period_id: &str,
    threshold: i64,
    shown: &RecordsShown<'_>,
    lang: Lang,
) -> String {
    let mut html = format!(
        r#"<section class="report-section"><h2>{}</h2><h3>{}</h3><ol class="reward-list">"#,
        escape(name),
        escape(t(lang, Msg::ResRewardHeading))
    );
    for row_idx in reward_list(&data.rows, REWARD_TOP) {
        let row = &data.rows[row_idx];
        let _ = write!(
            html,
            r#"<li data-testid="reward-row"><strong>#{} </strong><a href="{}">{}</a> — {} <span class="{}">{}</span></li>"#,
            row.rank,
            escape(&unit_page_url(period_id, &row.code)),
            escape(&row.name),
            cents_text(row.total, lang),
            grade_badge_class(&row.grade),
            escape(&row.grade)
        );
    }
    let _ = write!(html, "</ol><h3>{}</h3>", escape(t(lang, Msg::ResWatchHeading)));
    let watch = watch_list(&data.rows, &data.movements, threshold);
    if watch.is_empty() {
        let _ = write!(html, "<p>{}</p></section>", escape(t(lang, Msg::ResWatchEmpty)));
        return html;
    }
    html.push_str(r#"<div class="table-scroll" tabindex="0"><table class="data-table"><thead><tr>"#);
    let mut head = vec![Msg::ResColRank, Msg::ResColUnit, Msg::ResColTotal, Msg::ResColGrade, Msg::ResColReason];
    if shown.records.is_some() {
        head.extend([Msg::MenColStatus, Msg::MenColNote]);
    }
    for msg in head {
        let _ = write!(html, r#"<th scope="col">{}</th>"#, escape(t(lang, msg)));
    }
    if shown.writes {
        let _ = write!(
            html,
            r#"<th scope="col"><span class="visually-hidden">{}</span></th>"#,
            escape(t(lang, Msg::MenFollowUp))
        );
    }
    html.push_str("</tr></thead><tbody>");
    for entry in &watch {
        let row = &data.rows[entry.row_idx];
        let reasons = entry
            .reasons
            .iter()
            .map(|reason| match reason {
                WatchReason::LowGrade => t(lang, Msg::ResWatchLowGrade).to_owned(),
                WatchReason::Falling { points } => {
                    format!("{} {}", t(lang, Msg::ResWatchFalling), signed_cents_text(-points, lang))
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        let code = escape(&row.code);
        let _ = write!(
            html,
            r#"<tr data-testid="watch-row" data-unit="{code}"><td class="num">{}</td><th scope="row"><a href="{}">{}</a></th><td class="num">{}</td><td><span class="{}">{}</span></td><td>{}</td>"#,
            row.rank,
            escape(&unit_page_url(period_id, &row.code)),
            escape(&row.name),
            cents_text(row.total, lang),
            grade_badge_class(&row.grade),
            escape(&row.grade),
            escape(&reasons)
        );
        if let Some(records) = shown.records {
            let record = records.iter().find(|record| record.unit_code == row.code);
            let status = record.map_or(STATUSES[0], |record| record.status.as_str());
            let latest = record
                .and_then(MentoringUnit::latest_note)
                .map(|event| {
                    format!(
                        "{} — {}, {}",
                        event.note.as_deref().unwrap_or_default(),
                        event.author_name,
                        stamp_text(&event.created_at, lang)
                    )
                })
                .unwrap_or_default();
            let _ = write!(
                html,
                r#"<td data-testid="mentoring-status">{}</td><td data-testid="mentoring-note">{}</td>"#,
                escape(t(lang, status_msg(status))),
                escape(&latest)
            );
        }
        if shown.writes {
            let _ = write!(
                html,
                r#"<td><button type="button" class="button button--small" data-action="follow-up" data-id="{code}">{}</button></td>"#,
                escape(t(lang, Msg::MenFollowUp))
            );
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></div></section>");
    html
}

/// The form's answer: a success or an error, as the content of its status line.
fn form_message_html(ok: bool, text: &str) -> String {
    format!(r#"<span class="{}">{}</span>"#, if ok { "form__success" } else { "form__error" }, escape(text))
}

/// The form's unit choices: "—" then the units on the watch-lists, `chosen` selected.
fn unit_options_html(units: &[(&str, &str)], chosen: &str) -> String {
    let mut html = String::from(r#"<option value="">—</option>"#);
    for (code, name) in units {
        push_option(&mut html, code, name, *code == chosen);
    }
    html
}

/// A unit's mentoring history, newest first: date, author, the new status as a chip, the note.
fn history_html(events: &[MentoringEvent], lang: Lang) -> String {
    let mut html = String::new();
    for event in events {
        let _ = write!(
            html,
            r#"<li data-testid="mentoring-event"><strong>{}</strong> · {}: "#,
            escape(&stamp_text(&event.created_at, lang)),
            escape(&event.author_name)
        );
        if let Some(status) = &event.status {
            let _ = write!(html, r#"<span class="chip">{} </span>"#, escape(t(lang, status_msg(status))));
        }
        html.push_str(&escape(event.note.as_deref().unwrap_or_default()));
        html.push_str("</li>");
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ranking::{Movement, RankedUnit, test_unit};

    fn unit(rank: i64, code: &str, name: &str, total: i64, grade: &str) -> RankedUnit {
        test_unit(rank, code, name, total, grade, &[])
    }

    fn ranking() -> RankingData {
        RankingData {
            rows: vec![
                unit(1, "kota-batu", "Kota Batu", 8415, "A"),
                unit(2, "kota-blitar", "Kota <Blitar>", 7000, "B"),
                unit(3, "kabupaten-bangkalan", "Kabupaten Bangkalan", 6020, "C"),
            ],
            movements: vec![
                Movement::Moved { places: 0, points: 0 },
                Movement::Moved { places: -1, points: -620 },
                Movement::Moved { places: 0, points: 0 },
            ],
            previous_label: Some("2022".to_owned()),
        }
    }

    fn event(status: Option<&str>, note: Option<&str>) -> MentoringEvent {
        MentoringEvent {
            status: status.map(str::to_owned),
            note: note.map(str::to_owned),
            author: "admin".to_owned(),
            author_name: "Admin <Biro>".to_owned(),
            created_at: "2024-03-12T08:05:00.000Z".to_owned(),
        }
    }

    #[test]
    fn the_public_sees_rewards_and_the_watch_list_without_records() {
        let shown = RecordsShown { records: None, writes: false };
        let html = population_html("Kabupaten/Kota", &ranking(), "2023-annual", 500, &shown, Lang::Id);
        assert!(html.contains(r#"<li data-testid="reward-row"><strong>#1 </strong><a href="/unit/kota-batu?periode=2023-annual">Kota Batu</a> — 84,15 <span class="grade-badge grade-badge--a">A</span></li>"#), "{html}");
        assert!(html.contains(r#"<tr data-testid="watch-row" data-unit="kota-blitar"><td class="num">2</td><th scope="row"><a href="/unit/kota-blitar?periode=2023-annual">Kota &lt;Blitar&gt;</a></th><td class="num">70,00</td><td><span class="grade-badge grade-badge--b">B</span></td><td>nilai turun -6,20</td></tr>"#), "{html}");
        assert!(html.contains(r#"data-unit="kabupaten-bangkalan""#));
        assert!(!html.contains("mentoring-status") && !html.contains("<button"));
        // A higher threshold leaves only the low grade on the list.
        let calmer = population_html("Kabupaten/Kota", &ranking(), "2023-annual", 700, &shown, Lang::Id);
        assert_eq!(calmer.matches(r#"data-testid="watch-row""#).count(), 1);
    }

    #[test]
    fn an_administrator_sees_status_latest_note_and_a_follow_up_button() {
        let records = [MentoringUnit {
            unit_code: "kabupaten-bangkalan".to_owned(),
            status: "dijadwalkan".to_owned(),
            status_at: None,
            status_by: None,
            events: vec![event(Some("dijadwalkan"), None), event(None, Some("Kunjungan & <SAKIP>"))],
        }];
        let shown = RecordsShown { records: Some(&records), writes: true };
        let html = population_html("Kabupaten/Kota", &ranking(), "2023-annual", 500, &shown, Lang::Id);
        assert!(html.contains(r#"<td data-testid="mentoring-status">Dijadwalkan</td><td data-testid="mentoring-note">Kunjungan &amp; &lt;SAKIP&gt; — Admin &lt;Biro&gt;, 12-03-2024 08.05 UTC</td>"#), "{html}");
        assert!(
            html.contains(
                r#"<td data-testid="mentoring-status">Belum ditindaklanjuti</td><td data-testid="mentoring-note"></td>"#
            ),
            "{html}"
        );
        assert!(html.contains(r#"<button type="button" class="button button--small" data-action="follow-up" data-id="kabupaten-bangkalan">Tindak lanjuti</button>"#), "{html}");
        assert!(html.contains(r#"<th scope="col"><span class="visually-hidden">Tindak lanjuti</span></th>"#));
    }

    #[test]
    fn an_empty_watch_list_says_so() {
        let mut data = ranking();
        data.rows.truncate(1);
        data.movements.truncate(1);
        let shown = RecordsShown { records: None, writes: false };
        let html = population_html("A & B", &data, "p", 500, &shown, Lang::En);
        assert!(html.contains("<h2>A &amp; B</h2>"));
        assert!(html.contains("<p>No unit is on the watch-list.</p></section>"), "{html}");
    }

    #[test]
    fn the_form_lists_the_watched_units_and_the_history_escapes_notes() {
        let options = unit_options_html(&[("a", "Kota <A>"), ("b", "Kota B")], "b");
        assert_eq!(
            options,
            r#"<option value="">—</option><option value="a">Kota &lt;A&gt;</option><option value="b" selected>Kota B</option>"#
        );
        assert_eq!(form_message_html(false, "<x>"), r#"<span class="form__error">&lt;x&gt;</span>"#);
        let history = history_html(&[event(Some("selesai"), Some("<b>x</b>")), event(None, Some("y"))], Lang::Id);
        assert_eq!(
            history,
            r#"<li data-testid="mentoring-event"><strong>12-03-2024 08.05 UTC</strong> · Admin &lt;Biro&gt;: <span class="chip">Selesai </span>&lt;b&gt;x&lt;/b&gt;</li><li data-testid="mentoring-event"><strong>12-03-2024 08.05 UTC</strong> · Admin &lt;Biro&gt;: y</li>"#
        );
    }

    #[test]
    fn timestamps_read_as_dates_in_each_language() {
        assert_eq!(stamp_text("2024-03-12T08:05:00.000Z", Lang::Id), "12-03-2024 08.05 UTC");
        assert_eq!(stamp_text("2024-03-12T08:05:00.000Z", Lang::En), "2024-03-12 08:05 UTC");
        assert_eq!(stamp_text("kemarin", Lang::Id), "kemarin");
    }

    #[test]
    fn every_status_has_its_own_label() {
        let labels: Vec<Msg> = STATUSES.iter().map(|status| status_msg(status)).collect();
        assert_eq!(labels, [Msg::MenStatusOpen, Msg::MenStatusScheduled, Msg::MenStatusInProgress, Msg::MenStatusDone]);
    }
}
