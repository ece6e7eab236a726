//! One presentation layer: every command's output is rendered here, from plain data.
//!
//! The commands in [`crate::cli`] compute values — a [`crate::standard::validation::Validation`],
//! [`crate::outcome::Results`], a verification, a [`crate::rank::Ranking`] — and hand them to one
//! submodule per command family ([`validate`], [`evaluate`], [`verify`], [`rank`]), one file per
//! output format. What every format shares lives once, beside them: how a number is written
//! ([`num`]), how wide text is on a terminal ([`width`]), how a csv is written ([`csv`]), and how
//! someone else's text is escaped for the medium it is shown in ([`escape`]). So a score reads
//! `1.5` in the table, the ranking and the verification alike, and a community named
//! `=HYPERLINK(…)` is text in every spreadsheet changai writes.
//!
//! `export oscal` writes [`oscal`]: the results as an OSCAL assessment-results document.
//!
//! The year-end report's writers (md, html, csv, xlsx, json over one context) are still in
//! [`crate::render::report`]; they use the helpers here.

pub mod csv;
pub mod escape;
pub mod evaluate;
pub mod json;
pub mod num;
pub mod oscal;
pub mod rank;
pub mod report;
pub mod status;
pub mod validate;
pub mod verify;
pub mod width;
