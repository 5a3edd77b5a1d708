//! One constructor for the metrics page's charts: each chart says only
//! what is its own (its id, title, summary, how it is drawn, its series
//! and its table), and the parts every chart has (the SVG with the title
//! and summary inside it, the legend from the series) are made here once.

use super::chart_panels::small_multiples;
use super::charts::{self, Series};
use super::contract::{Chart, LegendItem};

/// How a chart's series are drawn over its categories.
pub(super) enum Draw<'a> {
    /// Columns, the series stacked (`charts::stacked_columns`).
    StackedColumns,
    /// Lines, on a log scale when `log`, the axis written by `format`.
    Lines {
        log: bool,
        format: &'a dyn Fn(f64) -> String,
    },
    /// Horizontal bars, stacked or side by side (`charts::bars`).
    Bars { stacked: bool },
    /// A small panel per series, on one scale (`chart_panels`).
    SmallMultiples,
}

impl Chart {
    /// The chart `id` drawn from `series` over `categories`, its legend
    /// the series'; its table is given by [`Chart::table`].
    pub(super) fn drawn(
        id: &str,
        title: &str,
        summary: String,
        draw: Draw<'_>,
        categories: &[String],
        series: &[Series],
    ) -> Chart {
        let svg_html = match draw {
            Draw::StackedColumns => {
                charts::stacked_columns(id, title, &summary, categories, series)
            }
            Draw::Lines { log, format } => {
                charts::lines(id, title, &summary, categories, series, log, format)
            }
            Draw::Bars { stacked } => {
                charts::bars(id, title, &summary, categories, series, stacked)
            }
            Draw::SmallMultiples => small_multiples(id, title, &summary, categories, series),
        };
        Chart {
            svg_html,
            id: id.into(),
            title: title.into(),
            summary,
            legend: charts::legend(series),
            columns: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// The chart's data: the column headings, then rows of cells.
    pub(super) fn table<S: Into<String>>(
        mut self,
        columns: impl IntoIterator<Item = S>,
        rows: Vec<Vec<String>>,
    ) -> Chart {
        self.columns = columns.into_iter().map(Into::into).collect();
        self.rows = rows;
        self
    }

    /// A legend in place of the series' own (one item for panels that all
    /// mean the same).
    pub(super) fn legend(mut self, legend: Vec<LegendItem>) -> Chart {
        self.legend = legend;
        self
    }
}
