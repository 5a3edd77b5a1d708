//! End-to-end tests: the real binary on fixture folders.

mod check;
mod rules;
mod support;
