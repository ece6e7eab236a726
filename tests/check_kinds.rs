#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Tests: the evaluator's check kinds, the pack scan and the readers, on real files in temporary
//! packs. Each test builds its pack, evaluates a one-item standard and asserts exact statuses,
//! credits and reasons.

mod attest_combinators;
mod bench;
mod data;
mod files;
mod items;
mod pack;
mod records;
pub mod support;
mod text;
