//! End-to-end tests: the real binary on fixture folders.

mod actions;
mod browser;
mod build;
mod canaries;
mod check;
mod corpus;
mod data_files;
mod docs;
mod hardening;
mod help;
mod init;
mod leak;
mod new;
mod pages;
mod rules;
mod schema;
mod serve;
mod support;
