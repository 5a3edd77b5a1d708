//! `retrospect serve`: the site built into memory, served on 127.0.0.1,
//! rebuilt when a file changes, and reloaded in the browser. The stages
//! are `build`'s; what is kept between rebuilds is what makes a rebuild
//! after one saved report fast on a large site (docs/serve.md).
//!
//! - `rebuild`: the pipeline run again, keeping what did not change.

pub mod rebuild;
