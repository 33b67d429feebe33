//! The live result: total, grade, rank and deltas (the summary, kept in view), then the spirits
//! as bars and as a radar chart, baseline against scenario.

use leptos::prelude::*;

use super::html::{RadarText, radar_svg};
use super::{text, use_sim};
use crate::i18n::{Msg, format_fixed, use_i18n};
use crate::simulation::{Trend, exact_scaled, format_cents, format_decimal, format_delta, rank_text};

#[component]
pub fn Summary() -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let baseline_total = sim.baseline_result.total;
    let baseline_grade = sim.baseline_result.grade;
    // Plain closures rather than memos: one memo type less in the wasm, and the scoring memo
    // already stops equal results.
    let result = sim.result;
    let total = move || result.with(|r| r.total);
    let grade = move || result.with(|r| r.grade);
    let rank = sim.rank;
    let baseline_rank = sim.baseline_rank;
    let unit_count = sim.unit_count();
    let delta = move || total().hundredths() - baseline_total.hundredths();
    let official = sim.model.official;
    let check = move || {
        let lang = i18n.lang();
        match official {
            Some((official_total, _)) if official_total == baseline_total => {
                format!("{} {} ✓", i18n.t(Msg::SimOfficialTotal), format_cents(official_total, lang))
            }
            Some((official_total, _)) => format!(
                "{} {} · {} {}",
                i18n.t(Msg::SimOfficialTotal),
                format_cents(official_total, lang),
                i18n.t(Msg::SimRecomputedDiffers),
                format_cents(baseline_total, lang)
            ),
            None => format!("{} {}", i18n.t(Msg::SimRecomputed), format_cents(baseline_total, lang)),
        }
    };
    let missing = {
        let sim = sim.clone();
        move || {
            let count = sim.result.with(|r| r.missing.len());
            (count > 0).then(|| {
                let range = sim.result.with(|r| r.range);
                let lang = i18n.lang();
                view! {
                    <p class="sim-summary__missing" data-testid="sim-missing">
                        {format!(
                            "{count} {} {}–{}",
                            i18n.t(Msg::SimMissingCount),
                            format_cents(range.min, lang),
                            format_cents(range.max, lang)
                        )}
                    </p>
                }
            })
        }
    };
    let sim_reset = sim.clone();
    let sim_share = sim.clone();
    let share_link = RwSignal::new(String::new());
    let copied = RwSignal::new(false);
    let on_share = move |_| {
        let path = sim_share.url();
        let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
        let link = format!("{origin}{path}");
        copied.set(copy_to_clipboard(&link));
        share_link.set(link);
    };

    view! {
        <section class="sim-summary" aria-labelledby="sim-summary-heading" aria-live="polite">
            <h2 id="sim-summary-heading" class="sim-summary__heading">{i18n.tr(Msg::SimResultHeading)}</h2>
            <div class="sim-summary__figures">
                <div class="sim-figure">
                    <span class="sim-figure__label">{i18n.tr(Msg::SimTotal)}</span>
                    <span class="sim-figure__value" data-testid="sim-total">{text(move || format_cents(total(), i18n.lang()))}</span>
                    <span class=text(move || Trend::of(delta()).class()) data-testid="sim-total-delta">
                        {text(move || format_delta(delta(), i18n.lang()))}
                    </span>
                </div>
                <div class="sim-figure">
                    <span class="sim-figure__label">{i18n.tr(Msg::GradeColumnGrade)}</span>
                    <span class="sim-figure__value">
                        <span
                            class=text(move || format!("grade-badge grade-badge--{}", grade().letter().to_ascii_lowercase()))
                            data-testid="sim-grade"
                        >
                            {text(move || grade().letter())}
                        </span>
                    </span>
                    <span class="sim-figure__sub">
                        {text(move || {
                            let category = grade().category();
                            if grade() == baseline_grade {
                                category.to_string()
                            } else {
                                format!("{} → {} · {category}", baseline_grade.letter(), grade().letter())
                            }
                        })}
                    </span>
                </div>
                <div class="sim-figure">
                    <span class="sim-figure__label">{i18n.tr(Msg::SimRank)}</span>
                    <span class="sim-figure__rank" data-testid="sim-rank">
                        {text(move || rank_text(baseline_rank, rank.get(), unit_count, i18n.lang()))}
                    </span>
                </div>
            </div>
            <p class="sim-summary__check">{text(check)}</p>
            {missing}
            <div class="sim-summary__actions">
                <button type="button" class="button button--secondary" data-testid="sim-reset" on:click=move |_| sim_reset.reset(i18n.lang_untracked())>
                    {i18n.tr(Msg::SimReset)}
                </button>
                <button type="button" class="button" data-testid="sim-share" on:click=on_share>
                    {i18n.tr(Msg::SimShare)}
                </button>
            </div>
            {move || (!share_link.get().is_empty()).then(|| view! {
                <div class="sim-share">
                    <label for="sim-share-link">
                        {text(move || if copied.get() { i18n.t(Msg::SimShareCopied) } else { i18n.t(Msg::SimShareCopy) })}
                    </label>
                    <input id="sim-share-link" type="text" readonly data-testid="sim-share-link" prop:value=share_link.get_untracked()
                        on:focus=move |event| {
                            use wasm_bindgen::JsCast;
                            if let Some(input) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                input.select();
                            }
                        }
                    />
                </div>
            })}
        </section>
    }
}

/// Writes `text` to the clipboard when the browser allows it; says whether it tried.
fn copy_to_clipboard(text: &str) -> bool {
    match web_sys::window() {
        Some(window) => {
            let clipboard = window.navigator().clipboard();
            let _ = clipboard.write_text(text);
            true
        }
        None => false,
    }
}

/// The spirits: bars of contribution against weight, and the radar chart.
#[component]
pub fn Analysis() -> impl IntoView {
    let i18n = use_i18n();
    let sim = use_sim();
    let rubric = &sim.model.rubric;
    let rows = rubric
        .spirits()
        .iter()
        .enumerate()
        .map(|(position, spirit)| {
            let weight = spirit.weight().value();
            // Weight in hundredths of a point (weights have at most two decimals in practice;
            // finer weights are rounded for the bar only).
            let weight_cents = (weight.micros() / 10_000).max(1);
            let before = sim.baseline_result.spirits[position].contribution;
            let result = sim.result;
            let after = move || result.with(|r| r.spirits[position].contribution);
            // Integer percent with two decimals: no float printing in the wasm.
            let percent = move |cents: i64| {
                let basis_points = (cents * 10_000 / weight_cents).clamp(0, 10_000);
                format!("{}.{:02}%", basis_points / 100, basis_points % 100)
            };
            let delta = move || after().hundredths() - before.hundredths();
            view! {
                <tr>
                    <th scope="row">
                        <span class="spirit-code">{spirit.code().as_str().to_string()}</span>
                        " " {spirit.name().to_string()}
                    </th>
                    <td class="sim-bar-cell">
                        <div class="sim-bar" aria-hidden="true">
                            <div class="sim-bar__fill" style:width=text(move || percent(after().hundredths()))></div>
                            <div class="sim-bar__base" style:left=percent(before.hundredths())></div>
                        </div>
                    </td>
                    <td class="num">
                        {text(move || format!("{} / {}", format_cents(after(), i18n.lang()), format_decimal(weight, i18n.lang())))}
                    </td>
                    <td class="num">
                        <span class=text(move || Trend::of(delta()).class())>{text(move || format_delta(delta(), i18n.lang()))}</span>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let labels: Vec<String> = rubric.spirits().iter().map(|s| s.code().as_str().to_string()).collect();
    let names: Vec<String> = rubric.spirits().iter().map(|s| s.name().to_string()).collect();
    let baseline_scores: Vec<i64> = sim.baseline_result.spirits.iter().map(|s| exact_scaled(s.score, 2)).collect();
    let sim_scores = sim.clone();
    let scenario_scores = Memo::new(move |_| {
        sim_scores.result.with(|r| r.spirits.iter().map(|s| exact_scaled(s.score, 2)).collect::<Vec<i64>>())
    });
    let radar = move || {
        let lang = i18n.lang();
        let scenario = scenario_scores.get();
        let score_text = |index: usize| {
            let (before, now) = (baseline_scores[index], scenario[index]);
            if before == now {
                format_fixed(now, 2, lang)
            } else {
                format!("{} → {}", format_fixed(before, 2, lang), format_fixed(now, 2, lang))
            }
        };
        let description = names
            .iter()
            .enumerate()
            .map(|(index, name)| format!("{name}: {}", score_text(index)))
            .collect::<Vec<_>>()
            .join("; ");
        let text = RadarText {
            title: i18n.t(Msg::SimRadarTitle),
            description: &description,
            axes: labels.iter().enumerate().map(|(index, label)| (label.clone(), score_text(index))).collect(),
        };
        radar_svg(&text, &baseline_scores, &scenario)
    };
    view! {
        <section class="sim-analysis" aria-labelledby="sim-spirits-heading">
            <h2 id="sim-spirits-heading">{i18n.tr(Msg::SimSpiritsHeading)}</h2>
            <div class="table-scroll" tabindex="0">
                <table class="data-table sim-spirit-table" data-testid="sim-spirits">
                    <caption>{i18n.tr(Msg::SimSpiritsCaption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.tr(Msg::RulesColumnSpirit)}</th>
                            <th scope="col"><span class="visually-hidden">{i18n.tr(Msg::SimBar)}</span></th>
                            <th scope="col" class="num">{i18n.tr(Msg::SimContributionOfWeight)}</th>
                            <th scope="col" class="num">{i18n.tr(Msg::SimChange)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <figure class="radar" data-testid="sim-radar">
                <div inner_html=text(radar)></div>
                <figcaption>
                    <strong>{i18n.tr(Msg::SimRadarTitle)}</strong>
                    <span class="radar__legend">
                        <span class="radar__key radar__key--baseline" aria-hidden="true"></span>
                        {i18n.tr(Msg::SimLegendOfficial)}
                        <span class="radar__key radar__key--scenario" aria-hidden="true"></span>
                        {i18n.tr(Msg::SimLegendScenario)}
                    </span>
                    <span class="radar__note">{i18n.tr(Msg::SimRadarNote)}</span>
                </figcaption>
            </figure>
        </section>
    }
}
