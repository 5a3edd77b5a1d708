//! Retrospect: check and publish incident postmortems.
//!
//! The data flows one way, one module per stage:
//! `load` → `parse` → `validate` → (`pipeline` ties them together) →
//! output. Commands in `cmd` compose the stages; `main` only maps results
//! to exit codes.

pub mod cli;
pub mod cmd;
pub mod config;
pub mod confine;
pub mod diagnostic;
pub mod display;
pub mod draft;
pub mod error;
pub mod index;
pub mod load;
pub mod memory;
pub mod model;
pub mod output;
pub mod parse;
pub mod pipeline;
pub mod release;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site;
pub mod source;
pub mod time;
pub mod validate;
pub mod write;
pub mod yaml;
