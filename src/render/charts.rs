//! Charts drawn at build time as inline SVG, readable without JavaScript.
//! No colour is written into them: every mark has a class (`c1`…`c4`, or
//! `sev-accent` with the severity's configured colour as `--sev`, as the
//! badges have), and the theme colours those from its custom properties,
//! in light and dark and for print. Numbers are written with fixed
//! decimals, so the same figures give the same bytes.
//!
//! Each chart has a `<title>` and a `<desc>` (its text summary) that name
//! it for screen readers; the page puts its data in a table beside it.

use super::contract::LegendItem;
use std::fmt::Write;

/// The drawing's size in SVG units: scaled to the page's width, with text
/// large enough to stay legible on a phone.
pub(super) const W: f64 = 480.0;
const H: f64 = 220.0;
pub(super) const LEFT: f64 = 56.0;
pub(super) const RIGHT: f64 = 26.0;
pub(super) const TOP: f64 = 10.0;
const BOTTOM: f64 = 34.0;

/// The ticks of a logarithmic axis of minutes: 1 min, 5 min, 15 min, 1 h,
/// 4 h, 1 d, 3 d, 1 week, 30 days.
const LOG_TICKS: [f64; 9] = [
    1.0, 5.0, 15.0, 60.0, 240.0, 1440.0, 4320.0, 10080.0, 43200.0,
];

/// A series of values: one per category; `None` is "not recorded" (a gap).
pub struct Series {
    pub name: String,
    /// The marks' class: `c1`…`c4`, or `sev-accent`.
    pub class: String,
    /// A severity's colour, given to the marks as `--sev`.
    pub colour: Option<String>,
    pub values: Vec<Option<f64>>,
}

impl Series {
    /// `N` series of counts stacked in a bar or column, named and classed
    /// by `names`: item `i` has the counts `counts[i]` (`None`: nothing
    /// known for it, drawn as no mark).
    pub(super) fn stacked<const N: usize>(
        names: [(&str, &str); N],
        counts: &[Option<[usize; N]>],
    ) -> Vec<Series> {
        names
            .iter()
            .enumerate()
            .map(|(k, (name, class))| Series {
                name: (*name).into(),
                class: (*class).into(),
                colour: None,
                values: counts.iter().map(|c| c.map(|c| c[k] as f64)).collect(),
            })
            .collect()
    }

    /// Two series of counts, one value of each per item (`counts` gives
    /// both): the two parts of a stacked bar or column.
    pub(super) fn two<T>(
        items: &[T],
        names: [(&str, &str); 2],
        counts: impl Fn(&T) -> [usize; 2],
    ) -> Vec<Series> {
        let counts: Vec<_> = items.iter().map(|t| Some(counts(t))).collect();
        Series::stacked(names, &counts)
    }
}

/// The opening of a chart's SVG, with its title and summary.
pub(super) fn open(id: &str, title: &str, summary: &str, height: f64) -> String {
    format!(
        "<svg class=\"chart-svg\" viewBox=\"0 0 {W:.0} {height:.0}\" role=\"img\" \
         aria-labelledby=\"{id}-t {id}-d\" preserveAspectRatio=\"xMidYMid meet\">\
         <title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        escape(title),
        escape(summary)
    )
}

pub(super) fn group(out: &mut String, s: &Series) {
    let style = s
        .colour
        .as_deref()
        .filter(|c| !c.is_empty())
        .map(|c| format!(" style=\"--sev: {}\"", escape(c)))
        .unwrap_or_default();
    let _ = write!(out, "<g class=\"series {}\"{style}>", escape(&s.class));
}

/// "Nice" ticks from 0 to at least `max`: 0, step, 2×step, …
fn ticks(max: f64) -> Vec<f64> {
    if max <= 0.0 {
        return vec![0.0, 1.0];
    }
    let raw = max / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude)
        .max(1.0);
    let mut out = vec![0.0];
    while *out.last().unwrap_or(&0.0) < max {
        out.push(out.len() as f64 * step);
    }
    out
}

pub(super) fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// Every `every`-th category is labelled under the axis (all on a short
/// axis), so that labels never overlap.
pub(super) fn label_every(n: usize) -> usize {
    n.div_ceil(8).max(1)
}

/// Columns, one per category, the series stacked: incidents per month.
pub fn stacked_columns(
    id: &str,
    title: &str,
    summary: &str,
    categories: &[String],
    series: &[Series],
) -> String {
    let totals: Vec<f64> = (0..categories.len())
        .map(|i| series.iter().filter_map(|s| s.values[i]).sum())
        .collect();
    let ticks = ticks(totals.iter().copied().fold(0.0, f64::max));
    let top = *ticks.last().unwrap_or(&1.0);
    let (plot_w, plot_h) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let y = |v: f64| TOP + plot_h - v / top * plot_h;
    let mut out = open(id, title, summary, H);
    axis_y(&mut out, &ticks, y, &number);
    let n = categories.len().max(1) as f64;
    let band = plot_w / n;
    let bar = (band * 0.7).max(1.0);
    for s in series {
        group(&mut out, s);
        for (i, v) in s.values.iter().enumerate() {
            let Some(v) = v.filter(|v| *v > 0.0) else {
                continue;
            };
            let below: f64 = series
                .iter()
                .take_while(|o| !std::ptr::eq(*o, s))
                .filter_map(|o| o.values[i])
                .sum();
            let x = LEFT + band * i as f64 + (band - bar) / 2.0;
            let _ = write!(
                out,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{:.1}\"><title>{}: {} {}</title></rect>",
                y(below + v),
                y(below) - y(below + v),
                escape(&categories[i]),
                number(v),
                escape(&s.name)
            );
        }
        out.push_str("</g>");
    }
    axis_x(
        &mut out,
        categories,
        |i| LEFT + band * (i as f64 + 0.5),
        H - BOTTOM + 18.0,
    );
    out.push_str("</svg>");
    out
}

/// Lines, one per series, over the categories; on a log scale when
/// `log`. A value not recorded leaves a gap.
pub fn lines(
    id: &str,
    title: &str,
    summary: &str,
    categories: &[String],
    series: &[Series],
    log: bool,
    format: &dyn Fn(f64) -> String,
) -> String {
    let values = || {
        series
            .iter()
            .flat_map(|s| s.values.iter().flatten().copied())
    };
    let max = values().fold(0.0, f64::max).max(1.0);
    let min = values().filter(|v| *v > 0.0).fold(max, f64::min).max(1.0);
    let (plot_w, plot_h) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let (scale, ticks): (Box<dyn Fn(f64) -> f64>, Vec<f64>) = if log {
        let below = LOG_TICKS
            .iter()
            .rev()
            .find(|t| **t <= min)
            .copied()
            .unwrap_or(LOG_TICKS[0]);
        let above = LOG_TICKS
            .iter()
            .find(|t| **t >= max)
            .copied()
            .unwrap_or(max);
        let ticks: Vec<f64> = LOG_TICKS
            .iter()
            .copied()
            .filter(|t| *t >= below && *t <= above)
            .collect();
        let (lo, hi) = (below.log10(), above.log10().max(below.log10() + 1.0));
        (
            Box::new(move |v: f64| TOP + plot_h - (v.max(1.0).log10() - lo) / (hi - lo) * plot_h),
            ticks,
        )
    } else {
        let ticks = ticks(max);
        let top = *ticks.last().unwrap_or(&1.0);
        (
            Box::new(move |v: f64| TOP + plot_h - v / top * plot_h),
            ticks,
        )
    };
    let mut out = open(id, title, summary, H);
    axis_y(&mut out, &ticks, &scale, format);
    let n = categories.len().max(1) as f64;
    let band = plot_w / n;
    let x = |i: usize| LEFT + band * (i as f64 + 0.5);
    for s in series {
        group(&mut out, s);
        // One path per run of recorded values.
        let mut d = String::new();
        let mut pen_down = false;
        for (i, v) in s.values.iter().enumerate() {
            match v {
                Some(v) => {
                    let _ = write!(
                        d,
                        "{}{:.1} {:.1}",
                        if pen_down { " L" } else { " M" },
                        x(i),
                        scale(*v)
                    );
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        if !d.is_empty() {
            let _ = write!(out, "<path d=\"{}\"/>", d.trim_start());
        }
        for (i, v) in s.values.iter().enumerate() {
            if let Some(v) = v {
                let _ = write!(
                    out,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\"><title>{}: {} {}</title></circle>",
                    x(i),
                    scale(*v),
                    escape(&categories[i]),
                    escape(&s.name),
                    escape(&format(*v))
                );
            }
        }
        out.push_str("</g>");
    }
    axis_x(&mut out, categories, x, H - BOTTOM + 18.0);
    out.push_str("</svg>");
    out
}

/// Horizontal bars, one row per category, the series stacked (`stacked`)
/// or side by side: completion by team, incidents by service.
pub fn bars(
    id: &str,
    title: &str,
    summary: &str,
    categories: &[String],
    series: &[Series],
    stacked: bool,
) -> String {
    let per_row = if stacked { 1 } else { series.len().max(1) };
    let row_h = 8.0 + 14.0 * per_row as f64;
    let label_h = 18.0;
    let height = TOP + (row_h + label_h) * categories.len().max(1) as f64 + 24.0;
    let extent = (0..categories.len())
        .map(|i| {
            let vals = series.iter().filter_map(|s| s.values[i]);
            if stacked {
                vals.sum()
            } else {
                vals.fold(0.0, f64::max)
            }
        })
        .fold(0.0, f64::max);
    let ticks = ticks(extent);
    let top = *ticks.last().unwrap_or(&1.0);
    let (left, plot_w) = (8.0, W - 8.0 - RIGHT - 24.0);
    let x = |v: f64| left + v / top * plot_w;
    let mut out = open(id, title, summary, height);
    let bottom = height - 24.0;
    for t in &ticks {
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{TOP:.1}\" y2=\"{bottom:.1}\"/>\
             <text class=\"tick\" x=\"{0:.1}\" y=\"{1:.1}\" text-anchor=\"middle\">{2}</text>",
            x(*t),
            bottom + 16.0,
            number(*t)
        );
    }
    for (i, name) in categories.iter().enumerate() {
        let y0 = TOP + (row_h + label_h) * i as f64;
        let _ = write!(
            out,
            "<text class=\"label\" x=\"{left:.1}\" y=\"{:.1}\">{}</text>",
            y0 + 13.0,
            escape(name)
        );
    }
    for (k, s) in series.iter().enumerate() {
        group(&mut out, s);
        for (i, v) in s.values.iter().enumerate() {
            let Some(v) = v.filter(|v| *v > 0.0) else {
                continue;
            };
            let y0 = TOP + (row_h + label_h) * i as f64 + label_h;
            let (start, y) = if stacked {
                let before: f64 = series[..k].iter().filter_map(|o| o.values[i]).sum();
                (before, y0)
            } else {
                (0.0, y0 + 14.0 * k as f64)
            };
            let _ = write!(
                out,
                "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"12\"><title>{}: {} {}</title></rect>",
                x(start),
                x(start + v) - x(start),
                escape(name_of(categories, i)),
                number(v),
                escape(&s.name)
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

fn name_of(categories: &[String], i: usize) -> &str {
    categories.get(i).map_or("", String::as_str)
}

fn axis_y(out: &mut String, ticks: &[f64], y: impl Fn(f64) -> f64, format: &dyn Fn(f64) -> String) {
    for t in ticks {
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{LEFT:.1}\" x2=\"{0:.1}\" y1=\"{1:.1}\" y2=\"{1:.1}\"/>\
             <text class=\"tick\" x=\"{2:.1}\" y=\"{3:.1}\" text-anchor=\"end\">{4}</text>",
            W - RIGHT,
            y(*t),
            LEFT - 4.0,
            y(*t) + 4.0,
            escape(&format(*t))
        );
    }
}

/// The categories' labels along the bottom, at height `y`.
pub(super) fn axis_x(out: &mut String, categories: &[String], x: impl Fn(usize) -> f64, y: f64) {
    let every = label_every(categories.len());
    // Label from the last category back, so the newest is always labelled.
    let last = categories.len().saturating_sub(1);
    for (i, c) in categories.iter().enumerate() {
        if (last - i).is_multiple_of(every) {
            let _ = write!(
                out,
                "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                x(i),
                y,
                escape(c)
            );
        }
    }
}

pub(super) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The legend beside a chart: each series' name, class and colour.
pub(super) fn legend(series: &[Series]) -> Vec<LegendItem> {
    series
        .iter()
        .map(|s| LegendItem {
            label: s.name.clone(),
            class: s.class.clone(),
            colour: s.colour.clone().filter(|c| !c.is_empty()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(name: &str, values: &[Option<f64>]) -> Series {
        Series {
            name: name.into(),
            class: "c1".into(),
            colour: Some("#b3261e".into()),
            values: values.to_vec(),
        }
    }

    #[test]
    fn charts_have_no_colour_of_their_own_and_name_themselves() {
        let cats: Vec<String> = ["2026-01", "2026-02", "2026-03"].map(String::from).to_vec();
        let s = [series("Major <b>", &[Some(1.0), None, Some(3.0)])];
        for svg in [
            stacked_columns("x", "T", "Sum", &cats, &s),
            lines("x", "T", "Sum", &cats, &s, true, &number),
            bars("x", "T", "Sum", &cats, &s, false),
        ] {
            assert!(
                svg.contains("<title id=\"x-t\">T</title><desc id=\"x-d\">Sum</desc>"),
                "{svg}"
            );
            assert!(!svg.contains("fill=") && !svg.contains("stroke="), "{svg}");
            assert!(svg.contains("style=\"--sev: #b3261e\""));
            assert!(!svg.contains("<b>"));
        }
        // A gap: two paths would be drawn if the line crossed it.
        let line = lines("x", "T", "S", &cats, &s, false, &number);
        assert_eq!(line.matches("<path").count(), 1);
        assert_eq!(line.matches("<circle").count(), 2);
    }

    #[test]
    fn ticks_are_round_and_reach_the_largest_value() {
        assert_eq!(ticks(7.0), [0.0, 2.0, 4.0, 6.0, 8.0]);
        assert_eq!(ticks(0.0), [0.0, 1.0]);
        assert_eq!(ticks(3.0), [0.0, 1.0, 2.0, 3.0]);
    }
}
