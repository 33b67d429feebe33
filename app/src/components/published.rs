//! Small pieces shared by the pages on published results (Peringkat, unit report card,
//! dashboard, Pendampingan): load state, the error box, the grade badge and number text.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::html::{action_of, escape};
use crate::components::simulator::text;
use crate::i18n::{Lang, Msg, format_fixed, t, use_i18n};
use crate::ranking::score_hundredths;

/// Where a load stands.
#[derive(Clone)]
pub enum Load<T> {
    Idle,
    Loading,
    Ready(T),
    Failed(ApiError),
}

/// Cents as text in the language's format: `84,15` / `84.15`.
pub fn cents_text(cents: i64, lang: Lang) -> String {
    format_fixed(cents, 2, lang)
}

/// A four-decimal score shown with two decimals (half-up): `85,12`.
pub fn score_text(score_ten_thousandths: i64, lang: Lang) -> String {
    format_fixed(score_hundredths(score_ten_thousandths), 2, lang)
}

/// A signed change in cents: `+1,25`, `-0,40`, `±0,00`.
pub fn signed_cents_text(cents: i64, lang: Lang) -> String {
    match cents {
        0 => format!("±{}", format_fixed(0, 2, lang)),
        positive if positive > 0 => format!("+{}", format_fixed(positive, 2, lang)),
        negative => format_fixed(negative, 2, lang),
    }
}

/// Any plain decimal text (`3.42`, `20`, `85.1234`) in the language's format, keeping its
/// decimals (`3,42`); text that is not a decimal is shown as it is.
pub fn decimal_text(text: &str, lang: Lang) -> String {
    let decimals = text.split_once('.').map_or(0, |(_, fraction)| fraction.len());
    match u32::try_from(decimals)
        .ok()
        .and_then(|decimals| crate::ranking::parse_scaled(text, decimals).map(|v| (v, decimals)))
    {
        Some((scaled, decimals)) => format_fixed(scaled, decimals, lang),
        None => text.to_owned(),
    }
}

/// The grade's category in the interface language (`Sangat Cettar`).
pub fn grade_category(grade: &str) -> Msg {
    match grade {
        "A" => Msg::GradeCategoryA,
        "B" => Msg::GradeCategoryB,
        "C" => Msg::GradeCategoryC,
        "D" => Msg::GradeCategoryD,
        _ => Msg::GradeCategoryE,
    }
}

/// The grade's name as the result's rubric gives it (`category`, from the server): a rubric that
/// names its own grades (the Sistem Kerja rubric: `Sangat efektif`) is shown as named; CETTAR's
/// names are shown in the interface language.
pub fn grade_category_text(lang: Lang, grade: &str, category: &str) -> String {
    let cettar = grade_category(grade);
    if category.is_empty() || category == t(Lang::Id, cettar) {
        t(lang, cettar).to_owned()
    } else {
        category.to_owned()
    }
}

/// The coloured grade badge: the letter is the text, the colour only repeats it.
pub fn grade_badge_class(grade: &str) -> String {
    format!("grade-badge grade-badge--{}", grade.to_ascii_lowercase())
}

/// The friendly error with a retry button, and the technical detail underneath.
#[component]
pub fn ResultsLoadError(error: ApiError, on_retry: impl Fn() + 'static) -> impl IntoView {
    // The body is not generic: one copy of it serves every caller's retry closure.
    load_error_view(error, Box::new(on_retry))
}

fn load_error_view(error: ApiError, on_retry: Box<dyn Fn()>) -> AnyView {
    let i18n = use_i18n();
    let html = text(move || load_error_html(&error.detail(i18n.lang()), i18n.lang()));
    view! {
        <div class="alert" role="alert" data-testid="results-error" inner_html=html
            on:click=move |event| { if action_of(&event).is_some() { on_retry() } }></div>
    }
    .into_any()
}

/// The error box's content: the message, the detail and the retry button (`data-action="retry"`).
fn load_error_html(detail: &str, lang: Lang) -> String {
    format!(
        r#"<p class="alert__message">{}</p><p class="alert__detail">{}: {}</p><button type="button" class="button" data-action="retry">{}</button>"#,
        escape(t(lang, Msg::ResLoadError)),
        escape(t(lang, Msg::RulesErrorDetail)),
        escape(detail),
        escape(t(lang, Msg::RulesRetry))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rubric_s_own_grade_name_is_shown_as_named_and_cettar_s_is_translated() {
        assert_eq!(grade_category_text(Lang::En, "A", "Sangat Cettar"), t(Lang::En, Msg::GradeCategoryA));
        assert_eq!(grade_category_text(Lang::Id, "A", ""), "Sangat Cettar");
        assert_eq!(grade_category_text(Lang::En, "A", "Sangat efektif"), "Sangat efektif");
        assert_eq!(grade_category_text(Lang::Id, "E", "Tidak efektif"), "Tidak efektif");
    }

    #[test]
    fn numbers_use_the_language_format() {
        assert_eq!(cents_text(7234, Lang::Id), "72,34");
        assert_eq!(cents_text(7757, Lang::En), "77.57");
        assert_eq!(score_text(85_1250, Lang::Id), "85,13");
        assert_eq!(signed_cents_text(125, Lang::Id), "+1,25");
        assert_eq!(signed_cents_text(-40, Lang::Id), "-0,40");
        assert_eq!(signed_cents_text(0, Lang::En), "±0.00");
        assert_eq!(decimal_text("3.42", Lang::Id), "3,42");
        assert_eq!(decimal_text("1250", Lang::Id), "1.250");
        assert_eq!(decimal_text("WTP", Lang::Id), "WTP");
        assert_eq!(grade_badge_class("B"), "grade-badge grade-badge--b");
    }

    #[test]
    fn the_error_box_escapes_the_detail_and_has_a_retry_button() {
        let html = load_error_html("HTTP 500 <internal>", Lang::Id);
        assert!(html.contains(": HTTP 500 &lt;internal&gt;</p>"), "{html}");
        assert!(html.contains(r#"<button type="button" class="button" data-action="retry">"#), "{html}");
    }
}
