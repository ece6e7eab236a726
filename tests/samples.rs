//! Tests: every shipped evidence sample, evaluated against the embedded standard.
//!
//! Each pack's grade and total are asserted here; the status and score of every one of its 55
//! items is pinned by a snapshot (`tests/snapshots/lib__samples__<pack>.snap`), so any change in
//! a decision shows up as a reviewed diff.

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
        let _ = writeln!(out, "        en: {}", p.message_en);
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

#[test]
fn lingfeng_is_excellent() {
    check("lingfeng-2025", 96.87, "excellent");
}

#[test]
fn dagang_passes_with_partial_and_unmet_items() {
    check("dagang-2025", 72.63, "pass");
}

#[test]
fn xiapu_fails_on_a_veto_with_errors_reported() {
    check("xiapu-2025", 59.59, "fail");
}

/// The sample reports of every pack in every format, pinned by snapshots: md, csv, html and the
/// json template context as text, the xlsx score sheet as its cells read back (cached values of
/// its formulas included).
#[test]
fn sample_reports_every_format() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let env = changai::cli::Env {
        cwd: repo.clone(),
        color: false,
        source_date_epoch: Some("1767139200".into()),
    };
    let dir = tempfile::tempdir().unwrap();
    for pack in ["lingfeng-2025", "dagang-2025", "xiapu-2025"] {
        let path = format!("evidence-samples/{pack}");
        for format in ["md", "csv", "html", "json"] {
            let out = changai::cli::run(["changai", "report", &path, "--format", format], &env);
            assert_eq!(
                out.code,
                changai::cli::Exit::Ok,
                "{pack} {format}: {}",
                out.stderr
            );
            let text = String::from_utf8(out.stdout).unwrap();
            insta::assert_snapshot!(format!("report-{pack}.{format}"), text);
        }
        let xlsx = dir.path().join(format!("{pack}.xlsx"));
        let out = changai::cli::run(
            [
                "changai",
                "report",
                &path,
                "--output",
                &xlsx.to_string_lossy(),
            ],
            &env,
        );
        assert_eq!(
            out.code,
            changai::cli::Exit::Ok,
            "{pack} xlsx: {}",
            out.stderr
        );
        insta::assert_snapshot!(format!("report-{pack}.xlsx"), workbook_cells(&xlsx));
    }
}

/// Every filled cell of every sheet, `A1=String("序号") | …`, one line per row (also used by
/// `tests/render.rs`).
pub fn workbook_cells(path: &std::path::Path) -> String {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let mut text = String::new();
    for name in book.sheet_names() {
        text.push_str(&format!("## {name}\n"));
        let range = book.worksheet_range(&name).unwrap();
        let (top, left) = range.start().unwrap_or((0, 0));
        for (r, row) in range.rows().enumerate() {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .filter(|(_, c)| !matches!(c, calamine::Data::Empty))
                .map(|(c, cell)| {
                    let col = char::from(b'A' + (left as usize + c) as u8);
                    format!("{col}{}={cell:?}", top as usize + r + 1)
                })
                .collect();
            if !cells.is_empty() {
                text.push_str(&cells.join(" | "));
                text.push('\n');
            }
        }
    }
    text
}
