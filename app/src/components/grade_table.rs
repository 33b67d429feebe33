//! The grade table (DOMAIN.md section 3), shown on "Beranda" and "Cara Penilaian".

use leptos::prelude::*;

use crate::i18n::{Msg, format_trimmed, use_i18n};
use crate::rules::GRADE_BANDS;

#[component]
pub fn GradeTable() -> impl IntoView {
    let i18n = use_i18n();
    let rows = move || {
        let lang = i18n.lang();
        GRADE_BANDS
            .iter()
            .map(|band| {
                let interval = format!(
                    "{} – {}",
                    format_trimmed(band.lower_cents as f64 / 100.0, 2, lang),
                    format_trimmed(band.upper_cents as f64 / 100.0, 2, lang),
                );
                let class = format!(
                    "grade-badge grade-badge--{}",
                    band.letter.to_ascii_lowercase()
                );
                view! {
                    <tr>
                        <th scope="row"><span class=class>{band.letter}</span></th>
                        <td class="num">{interval}</td>
                        <td>{i18n.t(band.category)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <table class="data-table grade-table" data-testid="grade-table">
            <caption>{i18n.tr(Msg::GradeTableCaption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{i18n.tr(Msg::GradeColumnGrade)}</th>
                    <th scope="col">{i18n.tr(Msg::GradeColumnInterval)}</th>
                    <th scope="col">{i18n.tr(Msg::GradeColumnCategory)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
