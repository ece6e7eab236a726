//! Tests: every shipped evidence sample, evaluated against the embedded standard.
//!
//! Each pack's grade and total are asserted here; the status and score of every one of its 55
//! items is pinned by a snapshot (`tests/snapshots/lib__samples__<pack>.snap`), so any change in
//! a decision shows up as a reviewed diff.

#![allow(dead_code)] // until the sample packs land

use std::fmt::Write;
use std::path::PathBuf;

use changai::outcome::Results;

fn sample(name: &str) -> Results {
    let pack = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("evidence-samples")
        .join(name);
    changai::evaluate_pack(&pack, None).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// One line per item: id, status, score/points, and the first reason.
fn decisions(r: &Results) -> String {
    let mut out = String::new();
    for i in &r.items {
        let reason = i.reasons.first().map(|t| t.zh.as_str()).unwrap_or("");
        let _ = writeln!(
            out,
            "{:<6} {:<15} {:>5}/{:<3} {}",
            i.id,
            format!("{:?}", i.status),
            i.score,
            i.points,
            reason
        );
    }
    let _ = writeln!(out, "total {} grade {}", r.score.total, r.score.grade.id);
    for p in &r.problems {
        let _ = writeln!(out, "problem {} {} {}", p.code, p.location(), p.message);
    }
    out
}

fn check(name: &str, total: f64, grade: &str) {
    let r = sample(name);
    assert_eq!(r.items.len(), 55, "{name}");
    insta::assert_snapshot!(name, decisions(&r));
    assert_eq!(
        (r.score.total, r.score.grade.id.as_str()),
        (total, grade),
        "{name}"
    );
}
