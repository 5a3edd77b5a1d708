//! Small multiples: one short panel of columns per series, one above the
//! other, sharing the categories (along the bottom) and one scale, so that
//! the panels compare at a glance whatever their number. For counts in
//! many groups over time (the recurring causes per quarter), where a stack
//! of as many colours as groups could not be told apart. Drawn as the
//! other charts are (`charts`): no colour of its own, a title and a
//! summary inside, a `<title>` on every mark.

use super::charts::{LEFT, RIGHT, Series, TOP, W, axis_x, escape, group, number, open};
use std::fmt::Write;

/// The height of a panel's name, of its plot, and the gap below it.
const NAME_H: f64 = 16.0;
const PLOT_H: f64 = 30.0;
const GAP: f64 = 8.0;

/// A panel of columns per series of `panels` (its name above it), over
/// `categories`; every panel drawn to the largest value of all. A zero or
/// a value not recorded draws no column: an empty period shows as empty.
pub fn small_multiples(
    id: &str,
    title: &str,
    summary: &str,
    categories: &[String],
    panels: &[Series],
) -> String {
    let panel_h = NAME_H + PLOT_H + GAP;
    let height = TOP + panel_h * panels.len().max(1) as f64 + 16.0;
    let max = panels
        .iter()
        .flat_map(|p| p.values.iter().flatten())
        .fold(0.0, |a: f64, b| a.max(*b))
        .max(1.0);
    let band = (W - LEFT - RIGHT) / categories.len().max(1) as f64;
    let bar = (band * 0.7).max(1.0);
    let mut out = open(id, title, summary, height);
    for (k, p) in panels.iter().enumerate() {
        let y0 = TOP + panel_h * k as f64;
        let base = y0 + NAME_H + PLOT_H;
        let _ = write!(
            out,
            "<text class=\"label\" x=\"{LEFT:.1}\" y=\"{:.1}\">{}</text>",
            y0 + 12.0,
            escape(&p.name)
        );
        for (v, y) in [(0.0, base), (max, base - PLOT_H)] {
            let _ = write!(
                out,
                "<line class=\"grid\" x1=\"{LEFT:.1}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>\
                 <text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                W - RIGHT,
                LEFT - 4.0,
                y + 4.0,
                number(v)
            );
        }
        group(&mut out, p);
        for (i, v) in p.values.iter().enumerate() {
            let Some(v) = v.filter(|v| *v > 0.0) else {
                continue;
            };
            let h = v / max * PLOT_H;
            let _ = write!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\"><title>{}: {} {}</title></rect>",
                LEFT + band * i as f64 + (band - bar) / 2.0,
                base - h,
                escape(categories.get(i).map_or("", String::as_str)),
                number(v),
                escape(&p.name)
            );
        }
        out.push_str("</g>");
    }
    // The categories under the last panel, from the newest back.
    axis_x(
        &mut out,
        categories,
        |i| LEFT + band * (i as f64 + 0.5),
        height - 6.0,
    );
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_panel_per_series_on_one_scale_and_no_colour() {
        let quarters: Vec<String> = ["2026-Q1", "2026-Q2", "2026-Q3"].map(String::from).to_vec();
        let panel = |name: &str, values: [f64; 3]| Series {
            name: name.into(),
            class: "c1".into(),
            colour: None,
            values: values.map(Some).to_vec(),
        };
        let svg = small_multiples(
            "f",
            "T",
            "S",
            &quarters,
            &[
                panel("Change <x>", [2.0, 0.0, 4.0]),
                panel("Capacity", [1.0, 0.0, 0.0]),
            ],
        );
        assert!(svg.contains("<title id=\"f-t\">T</title><desc id=\"f-d\">S</desc>"));
        assert!(!svg.contains("fill=") && !svg.contains("stroke=") && !svg.contains("<x>"));
        // Three columns (no column for a zero), each its own height on the
        // shared scale of 4: 4 is the whole plot, 2 half, 1 a quarter.
        assert_eq!(svg.matches("<rect").count(), 3);
        for (h, what) in [
            ("30.0", "2026-Q3: 4 Change"),
            ("15.0", "2026-Q1: 2 Change"),
            ("7.5", "2026-Q1: 1 Capacity"),
        ] {
            assert!(
                svg.contains(&format!("height=\"{h}\"><title>{what}")),
                "{h} {what}: {svg}"
            );
        }
        assert_eq!(
            svg.matches("2026-Q2</text>").count(),
            1,
            "each quarter labelled once"
        );
    }
}
