//! Retrospect: check and publish incident postmortems.
//!
//! Data flows one way through plain values, one module per stage, each
//! owning its types:
//!
//! ```text
//! files on disk ─load→ SourceFile ─parse→ ParsedReport ─validate→ Report + Diagnostic
//!   ─site→ site::Untrimmed ─site::audience→ site::Site ─index→ Indexes     pipeline::prepare
//!   ─render→ [Output] ─write→ a folder (build)  |  output::Memory (serve)
//!   ─search→ [Output] (the Pagefind index)
//! ```
//!
//! - [`pipeline::run`] goes from the files to the valid reports and every
//!   diagnostic (`load`, `parse`, `validate`, then the rules across
//!   reports): `check` stops there.
//! - [`pipeline::prepare`] goes on to a [`pipeline::Prepared`] site: the
//!   model ([`site`]), trimmed once to one audience by
//!   [`site::audience::trim`] (the only way to make a [`site::Site`], so a
//!   forgotten trim does not compile), with its [`index::Indexes`]. `build`,
//!   `serve` and `actions` all call it.
//! - [`render::Plan`] turns a prepared site into every page and data file;
//!   [`search::index`] into its search index. Both hand [`output::Output`]s
//!   to an [`output::Sink`]: `write`'s folder, swapped in when complete, or
//!   [`output::Memory`].
//! - [`serve`] runs the same pipeline again after every change, keeping
//!   what did not change ([`pipeline::Memo`]), and answers HTTP from memory.
//!
//! Below the stages: [`model`] (the validated types), [`config`]
//! (`retrospect.yaml`), [`diagnostic`] (problems in reports, with file, line
//! and column, in four formats), [`error`] (every other error, with a kind
//! that gives the exit code), [`output`], [`display`] (how values read on
//! the site), [`time`], [`yaml`], [`source`], and the private helpers that
//! read files without leaving the site (`confine`, `load`) and write the
//! output folder (`write`). Commands in [`cmd`] compose the stages and
//! print; `main` only maps results to exit codes.
//!
//! The modules made public are those the binary, the tests, the examples
//! and the fuzz targets use.

pub mod cli;
pub mod cmd;
pub mod config;
mod confine;
pub mod diagnostic;
pub mod display;
mod draft;
pub mod error;
pub mod history;
pub mod index;
mod load;
pub mod memory;
pub mod metrics;
pub mod model;
pub mod output;
pub mod parse;
pub mod pipeline;
pub mod release;
pub mod render;
mod scaffold;
mod schema;
pub mod search;
pub mod serve;
pub mod site;
pub mod source;
pub mod time;
pub mod validate;
mod write;
pub mod yaml;
