//! End-to-end tests: the real binary on fixture folders.

mod browser;
mod build;
mod check;
mod leak;
mod rules;
mod serve;
mod support;
