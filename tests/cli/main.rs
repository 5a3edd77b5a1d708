//! End-to-end tests: the real binary on fixture folders.

mod actions;
mod browser;
mod build;
mod canaries;
mod check;
mod compiled;
mod corpus;
mod data_files;
mod docs;
mod hardening;
mod help;
mod history;
mod init;
mod leak;
mod links;
mod metrics;
mod new;
mod over_time;
mod pages;
mod practice;
mod reminders;
mod rules;
mod schema;
mod serve;
mod support;
