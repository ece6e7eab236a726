//! All integration tests, in one test binary (one link, one run).

mod check_kinds;
mod evaluate;
mod report;
mod samples;
mod validate;
