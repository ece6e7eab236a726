//! changai — 产改标准清单引擎: a standard as code, an evaluator of evidence packs, and the
//! year-end reconciliation report.
//!
//! The pipeline reads in one direction, and so does the module tree:
//!
//! 1. [`standard`] loads a standard (YAML, strictly), checks it against its JSON Schema and lints it;
//! 2. [`evidence`] scans an evidence pack once;
//! 3. [`declare`] checks the pack's declarations against the standard once and resolves them;
//! 4. [`check`] decides every leaf item from the scanned pack and the resolved declarations;
//! 5. [`score`] rolls the outcomes up to groups, a total and a grade;
//! 6. [`rank`] ranks many communities' results;
//! 7. [`render`] is the one presentation layer: every command's output, in every format, and the
//!    year-end report ([`render::report`]) through its templates.
//!
//! [`serve`] puts the same pipeline behind a local web workbench, the one place that writes into a
//! pack (a file dropped on an item, into that item's folder).
//!
//! The library never prints: commands in [`cli`] return what to print and an exit code, and the
//! binary writes them out.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod audit;
pub mod cannot_run;
pub mod check;
pub mod cli;
pub mod declare;
pub mod diagnostic;
pub mod evidence;
pub mod fsutil;
pub mod import;
pub mod outcome;
pub mod pipeline;
pub mod rank;
pub mod render;
pub mod score;
pub mod serve;
pub mod source;
pub mod words;

pub use cannot_run::CannotRun;
pub use pipeline::evaluate_pack;
pub mod standard;

/// The language of messages and reports. Chinese first.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Zh,
    En,
}
