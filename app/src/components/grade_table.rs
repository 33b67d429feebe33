//! The grade table (DOMAIN.md section 3), shown on "Beranda" and "Cara Penilaian", written as
//! HTML text (see `components::html`).

use std::fmt::Write as _;

use leptos::prelude::*;

use crate::components::html::{column_headers, escape};
use crate::i18n::{Lang, Msg, format_fixed_trimmed, t, use_i18n};
use crate::rules::grade_bands;

#[component]
pub fn GradeTable() -> impl IntoView {
    let i18n = use_i18n();
    let rows = Signal::derive(move || grade_table_content(i18n.lang()));
    view! { <table class="data-table grade-table" data-testid="grade-table" inner_html=rows></table> }
}

/// The whole grade table.
pub fn grade_table_html(lang: Lang) -> String {
    format!(r#"<table class="data-table grade-table" data-testid="grade-table">{}</table>"#, grade_table_content(lang))
}

/// The table's caption, head and one row per grade band.
fn grade_table_content(lang: Lang) -> String {
    let mut html = format!("<caption>{}</caption><thead><tr>", escape(t(lang, Msg::GradeTableCaption)));
    column_headers(
        &mut html,
        &[
            (t(lang, Msg::GradeColumnGrade), false),
            (t(lang, Msg::GradeColumnInterval), false),
            (t(lang, Msg::GradeColumnCategory), false),
        ],
    );
    html.push_str("</tr></thead><tbody>");
    for band in grade_bands() {
        let _ = write!(
            html,
            r#"<tr><th scope="row"><span class="grade-badge grade-badge--{}">{}</span></th><td class="num">{} – {}</td><td>{}</td></tr>"#,
            band.letter().to_ascii_lowercase(),
            band.letter(),
            format_fixed_trimmed(band.lower_cents, 2, 0, lang),
            format_fixed_trimmed(band.upper_cents, 2, 0, lang),
            escape(t(lang, band.category())),
        );
    }
    html.push_str("</tbody>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grade_table_lists_every_band_with_its_interval() {
        let html = grade_table_html(Lang::Id);
        assert!(html.starts_with(r#"<table class="data-table grade-table" data-testid="grade-table"><caption>"#));
        assert_eq!(html.matches("<tr>").count(), 6, "head and five bands");
        assert!(
            html.contains(r#"<th scope="row"><span class="grade-badge grade-badge--b">B</span></th><td class="num">61 – 80,99</td>"#),
            "{html}"
        );
        assert!(grade_table_html(Lang::En).contains("61 – 80.99"));
    }
}
