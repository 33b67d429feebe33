//! Read-only blocks rendered as HTML text by plain functions, then placed with `inner_html`
//! (or [`place_html`] where a block holds state the browser keeps: open `<details>`, focus).
//!
//! Why: every element written in `view!` makes Leptos generate its own build/update code, and
//! these blocks are many cells that are only ever replaced as a whole. Writing them as text keeps
//! their share of the wasm small and makes them testable natively. Every piece of data goes
//! through [`escape`]. Interactive pieces inside a text block are real `<a href>` (followed by the
//! router's global link handler) and `<button data-action=…>` read by one delegated handler on the
//! block.

use std::fmt::Write as _;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Escapes text for HTML content and double-quoted attributes (shared with the server).
pub use contract::html::escape;

/// An SVG coordinate with one decimal (`12.3`, `-0.5`), printed without float formatting, which
/// would add its code to the wasm. The dashboard's charts and the simulator's radar use it.
pub fn coordinate(value: f64) -> String {
    let tenths = (value * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    format!("{sign}{}.{}", (tenths / 10).abs(), (tenths % 10).abs())
}

/// A table: caption, header cells, then rows of (header cell, cells). Cells are already HTML.
pub struct Table<'a> {
    pub class: &'a str,
    pub test_id: &'a str,
    pub caption: &'a str,
    pub head: Vec<String>,
    pub rows: Vec<(String, Vec<String>, &'a str)>,
}

impl Table<'_> {
    pub fn to_html(&self) -> String {
        let mut html = String::new();
        let _ = write!(
            html,
            r#"<table class="data-table {}" data-testid="{}"><caption>{}</caption><thead><tr>"#,
            self.class,
            self.test_id,
            escape(self.caption)
        );
        for (index, cell) in self.head.iter().enumerate() {
            let class = if index == 0 { "" } else { r#" class="num""# };
            let _ = write!(html, r#"<th scope="col"{class}>{cell}</th>"#);
        }
        html.push_str("</tr></thead><tbody>");
        for (header, cells, row_class) in &self.rows {
            let _ = write!(html, r#"<tr class="{row_class}"><th scope="row">{header}</th>"#);
            for cell in cells {
                let _ = write!(html, r#"<td class="num">{cell}</td>"#);
            }
            html.push_str("</tr>");
        }
        html.push_str("</tbody></table>");
        html
    }
}

/// Appends one `<option>` (value and label escaped), marked `selected` when it is the chosen one.
pub fn push_option(html: &mut String, value: &str, label: &str, selected: bool) {
    let mark = if selected { " selected" } else { "" };
    let _ = write!(html, r#"<option value="{}"{mark}>{}</option>"#, escape(value), escape(label));
}

/// Column headers `(text, is a number column)` as `<th scope="col">` cells, texts escaped.
pub fn column_headers(html: &mut String, columns: &[(&str, bool)]) {
    for (text, number) in columns {
        let class = if *number { r#" class="num""# } else { "" };
        let _ = write!(html, r#"<th scope="col"{class}>{}</th>"#, escape(text));
    }
}

/// Keeps the element with `id` filled with `html`, replacing its content whenever the text
/// changes, and keeps what the browser holds inside it across the replacement: which
/// `<details data-keep=…>` are open and which `[data-keep]` control has the focus (a sort button
/// pressed from the keyboard stays focused, an opened section stays open when the language
/// changes). `data-keep` keys are plain codes (letters, digits, `-`), used in CSS selectors.
///
/// The element is found by id rather than a `NodeRef` so that no element-typed signal is
/// compiled in for it; the effect runs after the view that holds the element is mounted.
pub fn place_html(id: &'static str, html: Signal<String>) {
    Effect::new(move |previous: Option<String>| {
        let text = html.get();
        // A signal set to an equal value re-runs this: nothing to replace then.
        if previous.as_ref() != Some(&text)
            && let Some(document) = web_sys::window().and_then(|window| window.document())
            && let Some(element) = document.get_element_by_id(id)
        {
            replace_keeping_state(&document, &element, &text);
        }
        text
    });
}

fn replace_keeping_state(document: &web_sys::Document, element: &web_sys::Element, text: &str) {
    let keep = |found: &web_sys::Element| found.get_attribute("data-keep");
    let focused =
        document.active_element().filter(|active| element.contains(Some(active))).and_then(|active| keep(&active));
    // The open sections, found one query at a time (the app's web-sys has no `NodeList`); few
    // are ever open at once.
    let mut open: Vec<String> = Vec::new();
    let mut selector = "details[open][data-keep]".to_owned();
    while let Ok(Some(details)) = element.query_selector(&selector)
        && let Some(key) = keep(&details)
    {
        let _ = write!(selector, r#":not([data-keep="{key}"])"#);
        open.push(key);
    }
    element.set_inner_html(text);
    for key in open {
        if let Ok(Some(details)) = element.query_selector(&format!(r#"details[data-keep="{key}"]"#)) {
            let _ = details.set_attribute("open", "");
        }
    }
    if let Some(key) = focused
        && let Ok(Some(control)) = element.query_selector(&format!(r#"[data-keep="{key}"]"#))
        && let Ok(control) = control.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = control.focus();
    }
}

/// The element an event happened in, or its nearest ancestor, matching `selector`.
pub fn event_closest(event: &web_sys::Event, selector: &str) -> Option<web_sys::Element> {
    event.target()?.dyn_into::<web_sys::Element>().ok()?.closest(selector).ok().flatten()
}

/// The `data-action` and `data-id` of the control a click (or key) inside a block of HTML text
/// came from: the nearest element with `data-action` around the event's target. Text blocks take
/// one delegated handler on their container instead of a handler per row.
pub fn action_of(event: &web_sys::Event) -> Option<(String, String)> {
    let element = event_closest(event, "[data-action]")?;
    let action = element.get_attribute("data-action")?;
    Some((action, element.get_attribute("data-id").unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_have_one_decimal_and_keep_their_sign() {
        assert_eq!(coordinate(12.34), "12.3");
        assert_eq!(coordinate(140.0), "140.0");
        assert_eq!(coordinate(-0.45), "-0.5");
    }

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(escape(r#"<b>"A&B"</b> 'x'"#), "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; &#39;x&#39;");
        assert_eq!(escape("Zona Integritas"), "Zona Integritas");
    }

    #[test]
    fn table_escapes_its_caption_and_marks_number_columns() {
        let table = Table {
            class: "x",
            test_id: "t",
            caption: "A & B",
            head: vec!["Indikator".into(), "Nilai".into()],
            rows: vec![("IKM".into(), vec!["+0,05".into()], "")],
        };
        let html = table.to_html();
        assert!(html.contains("<caption>A &amp; B</caption>"));
        assert!(html.contains(r#"<th scope="col" class="num">Nilai</th>"#));
        assert!(html.contains(r#"<td class="num">+0,05</td>"#));
    }

    #[test]
    fn column_headers_escape_and_mark_numbers() {
        let mut html = String::new();
        column_headers(&mut html, &[("Unit & OPD", false), ("Nilai", true)]);
        assert_eq!(html, r#"<th scope="col">Unit &amp; OPD</th><th scope="col" class="num">Nilai</th>"#);
    }
}
