//! The simulator's read-only blocks (radar chart, marginal table, scenario comparison) rendered
//! as HTML text by plain functions, then placed with `inner_html`.
//!
//! Why: every element written in `view!` makes Leptos generate its own build/update code, and
//! these blocks are many cells that are only ever replaced as a whole. Writing them as text keeps
//! the simulator's share of the wasm small and makes them testable natively. Every piece of data
//! goes through [`escape`]; nothing here is interactive (controls stay in `view!`). `escape` and
//! `Table` live in `components::html`, shared with the other read-only blocks.

use std::fmt::Write as _;

use crate::components::html::coordinate;

// Shared with the other read-only blocks of the app.
pub use crate::components::html::{Table, escape};

/// The radar chart's texts.
pub struct RadarText<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// Per axis: the label and the value text shown under it.
    pub axes: Vec<(String, String)>,
}

const WIDTH: f64 = 400.0;
const HEIGHT: f64 = 330.0;
const CENTER_X: f64 = 200.0;
const CENTER_Y: f64 = 165.0;
const RADIUS: f64 = 105.0;

/// A radar chart of scores in hundredths (0–10 000), official dashed and scenario filled.
pub fn radar_svg(text: &RadarText<'_>, baseline: &[i64], scenario: &[i64]) -> String {
    let count = text.axes.len().max(3);
    let directions: Vec<(f64, f64)> = (0..count)
        .map(|index| {
            let (sin, cos) = sin_cos(std::f64::consts::TAU * index as f64 / count as f64);
            (sin, -cos)
        })
        .collect();
    let point = |index: usize, fraction: f64| {
        let (dx, dy) = directions[index];
        (CENTER_X + dx * RADIUS * fraction, CENTER_Y + dy * RADIUS * fraction)
    };
    let polygon = |fractions: &mut dyn Iterator<Item = (usize, f64)>| {
        fractions
            .map(|(index, fraction)| {
                let (x, y) = point(index, fraction);
                format!("{},{}", coordinate(x), coordinate(y))
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let scores = |values: &[i64]| -> Vec<(usize, f64)> {
        (0..count).map(|i| (i, values.get(i).copied().unwrap_or(0).clamp(0, 10_000) as f64 / 10_000.0)).collect()
    };
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="radar__svg" viewBox="0 0 {} {}" role="img" aria-labelledby="sim-radar-title sim-radar-desc"><title id="sim-radar-title">{}</title><desc id="sim-radar-desc">{}</desc>"#,
        WIDTH as i64,
        HEIGHT as i64,
        escape(text.title),
        escape(text.description)
    );
    for fraction in [0.25, 0.5, 0.75, 1.0] {
        let points = polygon(&mut (0..count).map(|i| (i, fraction)));
        let _ = write!(svg, r#"<polygon class="radar__grid" points="{points}"/>"#);
    }
    for index in 0..count {
        let (x, y) = point(index, 1.0);
        let _ = write!(
            svg,
            r#"<line class="radar__axis" x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
            CENTER_X as i64,
            CENTER_Y as i64,
            coordinate(x),
            coordinate(y)
        );
    }
    let _ =
        write!(svg, r#"<polygon class="radar__baseline" points="{}"/>"#, polygon(&mut scores(baseline).into_iter()));
    let _ =
        write!(svg, r#"<polygon class="radar__scenario" points="{}"/>"#, polygon(&mut scores(scenario).into_iter()));
    for (index, (label, value)) in text.axes.iter().enumerate() {
        let (x, y) = point(index, 1.2);
        let dx = directions[index].0;
        let anchor = if dx > 0.2 {
            "start"
        } else if dx < -0.2 {
            "end"
        } else {
            "middle"
        };
        let (x, y) = (coordinate(x), coordinate(y));
        let _ = write!(
            svg,
            r#"<text class="radar__label" x="{x}" y="{y}" text-anchor="{anchor}"><tspan class="radar__code">{}</tspan><tspan class="radar__value" x="{x}" dy="1.15em">{}</tspan></text>"#,
            escape(label),
            escape(value)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Sine and cosine by their Taylor series on [-π, π]; `f64::sin` would bring libm's argument
/// reduction (several KB of wasm) for a handful of angles.
fn sin_cos(angle: f64) -> (f64, f64) {
    let pi = std::f64::consts::PI;
    let x = if angle > pi { angle - 2.0 * pi } else { angle };
    let (mut sin, mut cos) = (0.0, 0.0);
    let (mut sin_term, mut cos_term) = (x, 1.0);
    for n in 0..14 {
        sin += sin_term;
        cos += cos_term;
        let k = 2.0 * n as f64;
        sin_term *= -x * x / ((k + 2.0) * (k + 3.0));
        cos_term *= -x * x / ((k + 1.0) * (k + 2.0));
    }
    (sin, cos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_matches_the_library_within_a_millionth() {
        for step in 0..64 {
            let angle = std::f64::consts::TAU * f64::from(step) / 64.0;
            let (sin, cos) = sin_cos(angle);
            assert!((sin - angle.sin()).abs() < 1e-6 && (cos - angle.cos()).abs() < 1e-6, "{angle}");
        }
    }

    #[test]
    fn radar_has_title_axes_and_both_polygons() {
        let text = RadarText {
            title: "Nilai <semangat>",
            description: "C: 90,00",
            axes: (0..6).map(|i| (format!("S{i}"), "50,00".to_string())).collect(),
        };
        let svg = radar_svg(&text, &[5000; 6], &[10_000, 5000, 5000, 5000, 5000, 5000]);
        assert!(svg.contains("<title id=\"sim-radar-title\">Nilai &lt;semangat&gt;</title>"));
        assert_eq!(svg.matches("<line ").count(), 6);
        assert!(svg.contains(r#"class="radar__baseline" points="200.0,112.5 "#), "{svg}");
        // The scenario's first axis is at full marks: straight up by the radius.
        assert!(svg.contains(r#"class="radar__scenario" points="200.0,60.0 "#), "{svg}");
    }
}
