//! Scan + check time on a large pack. Ignored by default; run in release:
//! `cargo test --release --test lib bench_ -- --ignored --nocapture`
//! (`bench/evaluate.sh` does this and also times the CLI once it exists).

use std::time::Instant;

use super::support::evaluate;
use changai::evidence::Pack;
use changai::standard::load::load_sources;

/// Files in the generated pack, and leaves in the generated standard.
fn sizes() -> (usize, usize) {
    let files = std::env::var("BENCH_FILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let leaves = std::env::var("BENCH_LEAVES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000);
    (files, leaves)
}

#[test]
#[ignore]
#[allow(clippy::print_stderr)]
fn bench_scan_and_check() {
    let (n_files, n_leaves) = sizes();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("pack.yaml"),
        "community: 灵峰工业社区\nperiod: 2025\nstandard: {id: bench, version: \"1\"}\npreparer: 王五\n",
    )
    .unwrap();
    let folders = n_leaves.max(1);
    for i in 0..n_files {
        let folder = root.join(format!("F{:04}", i % folders));
        std::fs::create_dir_all(&folder).unwrap();
        let month = i % 12 + 1;
        std::fs::write(
            folder.join(format!("2025-{month:02}-{:02} 纪要{i}.docx", i % 28 + 1)),
            format!("evidence {i}"),
        )
        .unwrap();
    }
    std::fs::create_dir_all(root.join("data")).unwrap();
    let mut csv = String::from("日期,企业,状态\n");
    for i in 0..5_000 {
        csv.push_str(&format!(
            "2025-{:02}-01,企业{i},{}\n",
            i % 12 + 1,
            if i % 3 == 0 { "在办" } else { "已办结" }
        ));
    }
    std::fs::write(root.join("data/走访台账.csv"), csv).unwrap();
    std::fs::write(root.join("data/indicators.yaml"), "coverage: 0.93\n").unwrap();

    let mut yaml = String::from("id: bench\nversion: \"1\"\ntitle: {zh: 基准}\nissuer: {zh: 区总工会}\nlevels: [{zh: 一级}, {zh: 三级}]\nscoring: {total: 100, grades: [{id: ok, title: {zh: 合格}, min: 0}]}\nitems:\n");
    for g in 0..n_leaves.div_ceil(10) {
        yaml.push_str(&format!(
            "  - id: G{g}\n    title: {{zh: 组{g}}}\n    items:\n"
        ));
        for l in 0..10 {
            let i = g * 10 + l;
            if i >= n_leaves {
                break;
            }
            yaml.push_str(&format!("      - id: G{g}.{l}\n        title: {{zh: 项{i}}}\n        points: 1\n        checks:\n"));
            yaml.push_str(&format!("          - files: {{glob: \"F{i:04}/*.{{docx,pdf}}\", in_period: true, periods: {{per: quarter}}}}\n"));
            match i % 4 {
                0 => yaml.push_str("          - records: {file: data/走访台账.csv, date_column: 日期, periods: {column: 日期, per: month}, ratio: {when: '状态 == \"已办结\"', target: 0.6}}\n"),
                1 => yaml.push_str("          - value: {file: data/indicators.yaml, path: coverage, op: \">=\", threshold: 0.9}\n"),
                2 => yaml.push_str("          - expr: {expr: \"indicators.coverage > 0.5\"}\n"),
                _ => yaml.push_str(&format!("          - files: {{glob: \"F{i:04}/**/*纪要*\", min: 3}}\n")),
            }
        }
    }
    let standard = load_sources(("bench.yaml".into(), yaml), vec![])
        .standard
        .unwrap();

    let t0 = Instant::now();
    let pack = Pack::open(root).unwrap();
    let t_scan = t0.elapsed();
    let t1 = Instant::now();
    let ev = evaluate(&standard, &pack);
    let t_eval = t1.elapsed();
    assert_eq!(ev.items.len(), n_leaves);
    assert_eq!(pack.files.len(), n_files + 2);
    eprintln!(
        "bench: {} files, {} leaves: scan+hash {:.3}s, evaluate {:.3}s, total {:.3}s",
        pack.files.len(),
        ev.items.len(),
        t_scan.as_secs_f64(),
        t_eval.as_secs_f64(),
        (t_scan + t_eval).as_secs_f64()
    );
}
