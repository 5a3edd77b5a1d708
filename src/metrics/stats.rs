//! Medians and percentiles, defined once for every figure of the site.
//!
//! - The **median** of an odd number of values is the middle one; of an
//!   even number, the mean of the two middle ones.
//! - The **p90** is the nearest-rank 90th percentile: the smallest value
//!   that at least 90 % of the values are less than or equal to (the value
//!   at rank ⌈0.9 × n⌉ of the sorted values). It is always one of the
//!   values, never an interpolation: of 10 values, the 9th.
//! - Nothing recorded gives no figure (`None`), never 0.

use serde::Serialize;

/// How a set of values spreads: how many, their median, p90 and largest.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    /// How many values were recorded.
    pub count: usize,
    pub median: Option<f64>,
    pub p90: Option<f64>,
    pub max: Option<f64>,
}

impl Spread {
    /// The spread of `values` (in any order).
    pub fn of(mut values: Vec<f64>) -> Spread {
        values.sort_by(f64::total_cmp);
        Spread {
            count: values.len(),
            median: median(&values),
            p90: percentile(&values, 90),
            max: values.last().copied(),
        }
    }
}

/// The median of sorted `values`.
pub fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// The nearest-rank `p`th percentile of sorted `values` (`p` in 1..=100).
pub fn percentile(sorted: &[f64], p: usize) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    // ⌈p × n / 100⌉, in integers: no rounding error at the boundaries.
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    Some(sorted[rank - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[7.0]), Some(7.0));
        assert_eq!(median(&[1.0, 5.0, 9.0]), Some(5.0));
        assert_eq!(median(&[1.0, 4.0, 6.0, 100.0]), Some(5.0));
        assert_eq!(median(&[10.0, 11.0]), Some(10.5));
    }

    #[test]
    fn p90_is_the_nearest_rank() {
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&ten, 90), Some(9.0));
        let eleven: Vec<f64> = (1..=11).map(f64::from).collect();
        // ⌈9.9⌉ = 10.
        assert_eq!(percentile(&eleven, 90), Some(10.0));
        assert_eq!(percentile(&[3.0], 90), Some(3.0));
        assert_eq!(percentile(&[3.0, 8.0], 90), Some(8.0));
        assert_eq!(percentile(&[], 90), None);
    }

    #[test]
    fn a_spread_sorts_its_values_and_says_nothing_of_none() {
        let s = Spread::of(vec![30.0, 10.0, 20.0]);
        assert_eq!(
            (s.count, s.median, s.p90, s.max),
            (3, Some(20.0), Some(30.0), Some(30.0))
        );
        let none = Spread::of(Vec::new());
        assert_eq!((none.count, none.median, none.max), (0, None, None));
    }
}
