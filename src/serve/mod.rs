//! `retrospect serve`: the site built into memory, served on 127.0.0.1,
//! rebuilt when a file changes, and reloaded in the browser. The stages
//! are `build`'s; what is kept between rebuilds is what makes a rebuild
//! after one saved report fast on a large site (docs/serve.md).
//!
//! - `rebuild`: the pipeline run again, keeping what did not change;
//! - `watch`: which files changed, from the file system's notifications;
//! - `state`: the site being served, and the problems of the latest rebuild;
//! - `http`: requests to files, on 127.0.0.1;
//! - `live`: the live-reload script and the errors, added to served pages.

pub mod http;
pub mod live;
pub mod rebuild;
pub mod state;
pub mod watch;

use crate::render::{Output, Plan};

/// Files that stages after rendering make from the site, served from
/// memory beside the pages (a build writes them beside the pages). Made
/// after each rebuild that worked. None yet: the search index will be
/// the first (files under `search/`).
pub fn generated_files(plan: &Plan) -> Vec<Output> {
    let _ = plan;
    Vec::new()
}
