//! `retrospect serve`: the site built into memory, served on 127.0.0.1,
//! rebuilt when a file changes, and reloaded in the browser. The stages
//! are `build`'s; what is kept between rebuilds is what makes a rebuild
//! after one saved report fast on a large site (docs/serve.md).
//!
//! - `rebuild`: the pipeline run again, keeping what did not change;
//! - `watch`: which files changed, from the file system's notifications;
//! - `state`: the site being served, and the problems of the latest rebuild;
//! - `http`: requests to files, on 127.0.0.1;
//! - `live`: the live-reload script and the errors, added to served pages;
//! - `search`: the search index, rebuilt in the background.

pub mod http;
pub mod live;
pub mod rebuild;
pub mod search;
pub mod state;
pub mod watch;
