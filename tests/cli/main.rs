//! End-to-end tests: the real binary on fixture folders.

mod build;
mod check;
mod leak;
mod rules;
mod support;
