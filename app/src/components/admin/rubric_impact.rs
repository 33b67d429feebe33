//! "Dampak": what the rubric being edited does to every unit of a population, before it is
//! adopted. A period's stored values are loaded once; on every edit of the draft they are
//! re-scored and re-ranked in the browser by the engine ([`engine::impact`]), with the same
//! rounding the server uses for official results. Read-only blocks are HTML text.
//!
//! The table of movers shows one page of [`MOVERS_PAGE`] rows (the largest changes first): an
//! edit against 600 units moves nearly all of them, and writing 600 rows on every keystroke
//! took several frames; a page of rows keeps an edit within one.

use std::fmt::Write as _;
use std::sync::Arc;

use engine::Rubric;
use engine::impact::{GRADES, Move, Population, Standing, StoredValue as Stored, ValuesCache, movers};
use leptos::prelude::*;

use crate::api::periods::{Period, fetch_periods};
use crate::components::html::{action_of, escape, push_option};
use crate::i18n::{Lang, Msg, format_fixed, t, use_i18n};

/// Rows of the table of movers shown at once.
pub const MOVERS_PAGE: usize = 50;

/// A period's name in `lang` from its kind and year (the server's label is Indonesian).
fn period_name(period: &Period, lang: Lang) -> String {
    let kind = match (period.kind.as_str(), lang) {
        ("annual", Lang::Id) => "Tahunan",
        ("annual", Lang::En) => "Annual",
        ("q1", Lang::Id) => "Triwulan I",
        ("q2", Lang::Id) => "Triwulan II",
        ("q3", Lang::Id) => "Triwulan III",
        ("q4", Lang::Id) => "Triwulan IV",
        ("q1", Lang::En) => "Quarter I",
        ("q2", Lang::En) => "Quarter II",
        ("q3", Lang::En) => "Quarter III",
        ("q4", Lang::En) => "Quarter IV",
        _ => return period.label.clone(),
    };
    format!("{kind} {}", period.year)
}

/// The first row of the page `page` of `count` movers, and that page (the last one when `page`
/// is past the end).
fn page_start(page: usize, count: usize) -> (usize, usize) {
    let last_page = count.saturating_sub(1) / MOVERS_PAGE;
    let page = page.min(last_page);
    (page * MOVERS_PAGE, page)
}

/// A period's population, loaded for comparison.
struct Loaded {
    population: Population,
    /// Places under the period's own rubric (the published results).
    before: Standing,
}

fn signed(hundredths: i64, lang: Lang) -> String {
    let text = format_fixed(hundredths, 2, lang);
    if hundredths > 0 { format!("+{text}") } else { text }
}

fn mover_row(html: &mut String, population: &Population, mover: &Move, lang: Lang) {
    let unit = &population.units()[mover.unit_index];
    let _ = write!(
        html,
        r#"<tr data-testid="impact-mover" data-unit="{}"><th scope="row">{}</th><td class="num">{}</td><td>{}</td><td class="num">{}</td><td class="num" data-testid="impact-new-total">{}</td><td>{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
        escape(&unit.code),
        escape(&unit.name),
        format_fixed(mover.before.total.hundredths(), 2, lang),
        mover.before.grade.letter(),
        mover.before.rank,
        format_fixed(mover.after.total.hundredths(), 2, lang),
        mover.after.grade.letter(),
        mover.after.rank,
        signed(mover.total_change(), lang),
    );
}

/// The panel's content for a loaded population and a valid draft, as HTML text, with page
/// `page` of the movers.
fn impact_html(loaded: &Loaded, after: &Standing, lang: Lang, page: usize) -> String {
    let moved = movers(&loaded.before, after);
    let population = &loaded.population;
    let mut html = String::new();
    // Grade distribution.
    let (before, now) = (loaded.before.grade_counts(), after.grade_counts());
    let _ = write!(
        html,
        r#"<table class="data-table" data-testid="impact-grades"><caption>{}</caption><thead><tr><th scope="col"></th>"#,
        escape(t(lang, Msg::ImpGrades))
    );
    for grade in GRADES {
        let _ = write!(html, r#"<th scope="col" class="num">{}</th>"#, grade.letter());
    }
    html.push_str("</tr></thead><tbody>");
    for (label, counts, id) in [(Msg::ImpBefore, before, "before"), (Msg::ImpAfter, now, "after")] {
        let _ = write!(html, r#"<tr data-testid="impact-grades-{id}"><th scope="row">{}</th>"#, escape(t(lang, label)));
        for count in counts {
            let _ = write!(html, r#"<td class="num">{count}</td>"#);
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
    let grade_changes = moved.iter().filter(|m| m.before.grade != m.after.grade).count();
    let _ = write!(
        html,
        r#"<p data-testid="impact-summary"><strong>{}</strong> {} · <strong>{grade_changes}</strong> {}</p>"#,
        moved.len(),
        escape(t(lang, Msg::ImpUnits)),
        escape(t(lang, Msg::ImpGradeChanges)),
    );
    if !after.refused.is_empty() {
        let list: Vec<String> = after.refused.iter().map(|(code, n)| format!("{code} ({n})")).collect();
        let _ = write!(
            html,
            r#"<p class="form__error" data-testid="impact-refused">{} {}</p>"#,
            escape(t(lang, Msg::ImpRefused)),
            escape(&list.join(", "))
        );
    }
    if moved.is_empty() {
        let _ = write!(html, r#"<p data-testid="impact-none">{}</p>"#, escape(t(lang, Msg::ImpNoMovers)));
        return html;
    }
    // Largest gains and losses.
    for (msg, list) in [
        (Msg::ImpGainers, moved.iter().filter(|m| m.total_change() > 0).take(3).collect::<Vec<_>>()),
        (Msg::ImpLosers, moved.iter().filter(|m| m.total_change() < 0).take(3).collect::<Vec<_>>()),
    ] {
        if !list.is_empty() {
            let names: Vec<String> = list
                .iter()
                .map(|m| format!("{} ({})", population.units()[m.unit_index].name, signed(m.total_change(), lang)))
                .collect();
            let _ = write!(html, "<p><strong>{}:</strong> {}</p>", escape(t(lang, msg)), escape(&names.join(", ")));
        }
    }
    // Every mover: the unit, then total, grade and rank before and after, under one header each.
    let _ = write!(
        html,
        r#"<div class="table-scroll" tabindex="0"><table class="data-table impact-movers" data-testid="impact-movers"><caption>{}</caption><colgroup><col><col span="3"><col span="3"><col></colgroup><thead><tr><th scope="col" rowspan="2">{}</th>"#,
        escape(t(lang, Msg::ImpMovers)),
        escape(t(lang, Msg::ImpUnit)),
    );
    for when in [Msg::ImpBefore, Msg::ImpAfter] {
        let _ = write!(
            html,
            r#"<th scope="colgroup" colspan="3" class="impact-movers__group">{}</th>"#,
            escape(t(lang, when))
        );
    }
    let _ =
        write!(html, r#"<th scope="col" rowspan="2" class="num">{}</th></tr><tr>"#, escape(t(lang, Msg::ImpChange)));
    for _ in 0..2 {
        for msg in [Msg::ImpTotal, Msg::ImpGrade, Msg::ImpRank] {
            let _ = write!(html, r#"<th scope="col" class="num">{}</th>"#, escape(t(lang, msg)));
        }
    }
    html.push_str("</tr></thead><tbody>");
    let (start, page) = page_start(page, moved.len());
    let end = (start + MOVERS_PAGE).min(moved.len());
    for mover in &moved[start..end] {
        mover_row(&mut html, population, mover, lang);
    }
    html.push_str("</tbody></table></div>");
    if moved.len() > MOVERS_PAGE {
        let button = |html: &mut String, action: &str, label: Msg, disabled: bool| {
            let disabled = if disabled { " disabled" } else { "" };
            let _ = write!(
                html,
                r#"<button type="button" class="button button--small" data-action="{action}" data-id="{page}" data-testid="impact-{action}"{disabled}>{}</button>"#,
                escape(t(lang, label))
            );
        };
        html.push_str(r#"<nav class="editor__pager" data-testid="impact-pager">"#);
        button(&mut html, "movers-previous", Msg::ImpPrevious, start == 0);
        let _ = write!(
            html,
            r#"<span data-testid="impact-movers-range">{}–{end} {} {}</span>"#,
            start + 1,
            escape(t(lang, Msg::ImpOf)),
            moved.len()
        );
        button(&mut html, "movers-next", Msg::ImpNext, end == moved.len());
        html.push_str("</nav>");
    }
    html
}

/// Loads a period's stored values of `population` with the names and its rubric.
async fn load(period_id: String, population_code: String, lang: Lang) -> Result<(Loaded, Arc<Rubric>), String> {
    let (values, _) =
        crate::api::units::fetch_population_values(&period_id, &population_code).await.map_err(|e| e.detail(lang))?;
    let (rubric, _) =
        crate::api::rubrics::fetch_rubric_version(&values.rubric_version_id).await.map_err(|e| e.detail(lang))?;
    let names = crate::api::published::fetch_ranking(&period_id, &population_code).await.unwrap_or_default();
    let mut population = Population::new();
    for unit in &values.units {
        let name = names.iter().find(|n| n.code == unit.code).map_or(unit.code.as_str(), |n| n.name.as_str());
        population.push_unit(
            &unit.code,
            name,
            unit.values.iter().filter_map(|(code, raw)| Some((code.as_str(), Stored::from_json_text(raw.get())?))),
        );
    }
    let before = population.score(&rubric);
    Ok((Loaded { population, before }, Arc::new(rubric)))
}

#[component]
pub fn ImpactPanel(draft: Signal<Option<Arc<Rubric>>>, population: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let periods = RwSignal::new(Vec::<Period>::new());
    let chosen = RwSignal::new(String::new());
    let loaded = RwSignal::new(None::<Arc<Loaded>>);
    let problem = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let page = RwSignal::new(0usize);
    let cache = StoredValue::new(ValuesCache::default());

    leptos::task::spawn_local(async move {
        if let Ok((list, _)) = fetch_periods().await {
            let comparable = list.into_iter().filter(|p| p.is_published() && !p.is_policy());
            let _ = periods.try_set(comparable.rev().collect());
        }
    });

    let reload = move || {
        let period_id = chosen.get_untracked();
        let population_code = population.get_untracked();
        loaded.set(None);
        problem.set(None);
        page.set(0);
        cache.set_value(ValuesCache::default());
        if period_id.is_empty() || population_code.is_empty() {
            return;
        }
        loading.set(true);
        leptos::task::spawn_local(async move {
            let result = load(period_id, population_code, i18n.lang_untracked()).await;
            let _ = loading.try_set(false);
            match result {
                Ok((value, _)) => _ = loaded.try_set(Some(Arc::new(value))),
                Err(text) => _ = problem.try_set(Some(text)),
            }
        });
    };
    // A different population in the draft needs that population's values.
    Effect::new(move |previous: Option<String>| {
        let now = population.get();
        if previous.is_some_and(|p| p != now) {
            reload();
        }
        now
    });

    let options = move || {
        let lang = i18n.lang();
        let current = chosen.get();
        let mut html = String::new();
        push_option(&mut html, "", t(lang, Msg::ImpChoose), current.is_empty());
        periods.with(|list| {
            for period in list {
                push_option(&mut html, &period.id, &period_name(period, lang), period.id == current);
            }
        });
        html
    };
    let content = move || {
        let lang = i18n.lang();
        if let Some(text) = problem.get() {
            return format!(r#"<p class="form__error">{}</p>"#, escape(&text));
        }
        if loading.get() {
            return format!("<p>{}</p>", escape(t(lang, Msg::ImpLoading)));
        }
        let Some(loaded) = loaded.get() else { return String::new() };
        let Some(rubric) = draft.get() else {
            return format!(r#"<p data-testid="impact-invalid">{}</p>"#, escape(t(lang, Msg::ImpInvalid)));
        };
        let after = cache.try_update_value(|cache| loaded.population.score_with(&rubric, cache));
        let page = page.get();
        after.map(|after| impact_html(&loaded, &after, lang, page)).unwrap_or_default()
    };
    let on_click = move |event: leptos::ev::MouseEvent| {
        let Some((action, id)) = action_of(&event) else { return };
        let shown: usize = id.parse().unwrap_or(0);
        match action.as_str() {
            "movers-previous" => page.set(shown.saturating_sub(1)),
            "movers-next" => page.set(shown + 1),
            _ => return,
        }
        // The pressed button is written again: keep the keyboard where it was.
        let selector = format!("[data-testid=impact-{action}]:not([disabled])");
        leptos::task::spawn_local(async move {
            if let Some(button) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector(&selector).ok().flatten())
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = button.focus();
            }
        });
    };

    view! {
        <section class="editor__impact" data-testid="impact-panel" aria-labelledby="impact-title">
            <h3 id="impact-title">{i18n.tr(Msg::ImpHeading)}</h3>
            <p class="admin-muted">{i18n.tr(Msg::ImpLead)}</p>
            <label class="editor__field">
                <span>{i18n.tr(Msg::ImpPeriod)}</span>
                <select data-testid="impact-period" inner_html=options
                    on:change=move |event| { chosen.set(event_target_value(&event)); reload(); }></select>
            </label>
            <div data-testid="impact-content" aria-live="polite" inner_html=content on:click=on_click></div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_past_the_end_shows_the_last_one() {
        assert_eq!(page_start(0, 0), (0, 0));
        assert_eq!(page_start(0, 600), (0, 0));
        assert_eq!(page_start(1, 600), (MOVERS_PAGE, 1));
        assert_eq!(page_start(99, 600), (550, 11));
        assert_eq!(page_start(1, MOVERS_PAGE), (0, 0));
        assert_eq!(page_start(1, MOVERS_PAGE + 1), (MOVERS_PAGE, 1));
    }
}
