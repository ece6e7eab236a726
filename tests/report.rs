//! Tests: report — every format rendered from one hand-written fixture (tests/fixtures/report/),
//! snapshot-tested, read back (xlsx), escaped (HTML), reproducible; the real sample packs' reports
//! pinned by snapshots; the fixture's and the lingfeng sample's HTML opened in a real browser.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod browser;
mod deep;
pub mod formats;
mod samples;

use std::path::{Path, PathBuf};

use changai::cli::{run, Env, Exit, Output};

/// 2025-12-31T00:00:00Z
pub const EPOCH: &str = "1767139200";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> String {
    Path::new("tests/fixtures/report")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// Runs `changai report …` from the repository root with a fixed SOURCE_DATE_EPOCH.
pub fn report(args: &[&str]) -> Output {
    let env = Env {
        cwd: root(),
        color: false,
        source_date_epoch: Some(EPOCH.to_owned()),
    };
    let mut all = vec!["changai"];
    all.extend_from_slice(args);
    run(all, &env)
}

/// Runs and expects success; returns stdout.
pub fn ok(args: &[&str]) -> Vec<u8> {
    let out = report(args);
    assert_eq!(out.code, Exit::Ok, "stderr: {}", out.stderr);
    out.stdout
}

pub fn text(args: &[&str]) -> String {
    String::from_utf8(ok(args)).expect("utf-8 output")
}

/// Renders the fixture's HTML report into a file and returns its text.
pub fn html_report(dir: &Path) -> (PathBuf, String) {
    let path = dir.join("report.html");
    let out = path.to_string_lossy().into_owned();
    ok(&[
        "report",
        &fixture("results.json"),
        "--previous",
        &fixture("previous.json"),
        "--plan",
        &fixture("plan.csv"),
        "--format",
        "html",
        "--output",
        &out,
    ]);
    let html = std::fs::read_to_string(&path).expect("html written");
    (path, html)
}

/// Renders the lingfeng-2025 sample pack's HTML report (six level-1 areas, so the radar is drawn;
/// with last year's results, so every section is present) into a file and returns its text.
pub fn sample_html_report(dir: &Path) -> (PathBuf, String) {
    let path = dir.join("lingfeng-2025.html");
    let out = path.to_string_lossy().into_owned();
    ok(&[
        "report",
        "evidence-samples/lingfeng-2025",
        "--previous",
        &fixture("lingfeng-2024.results.json"),
        "--format",
        "html",
        "--output",
        &out,
    ]);
    let html = std::fs::read_to_string(&path).expect("html written");
    (path, html)
}
