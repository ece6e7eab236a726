//! All integration tests, in one test binary (one link, one run).

// Tests may unwrap: a panic is a failed test with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod audit;
mod cache;
mod check_kinds;
mod dates;
mod declarations;
mod documents;
mod evaluate;
mod evidence_quality;
mod export_oscal;
mod faith_finish;
mod faithful;
mod hostile_decisive;
mod hostile_diag;
mod hostile_fuzz;
mod hostile_ids;
mod hostile_outputs;
mod hostile_readers;
mod hostile_verify;
mod identity;
mod import;
mod lang;
mod lang_en;
mod loopholes;
mod plain_checks;
mod plain_words;
mod print_and_results;
mod rank;
mod registers;
mod render;
mod report;
mod rescore;
mod review_dir;
mod samples;
mod scale;
mod score_sheet;
mod serve;
mod serve_browser;
mod shell;
mod status;
mod support;
mod trees;
mod validate;
