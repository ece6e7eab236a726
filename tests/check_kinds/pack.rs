//! Opening a pack: strict pack.yaml, the period, the one scan (ignored files, links, digest), and
//! the promise that evaluation never writes into the pack.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

use changai::evidence::Pack;

use super::support::*;

/// Why the pack cannot be opened, in Chinese and in English.
fn open_err(pack_yaml: &str) -> (String, String) {
    let p = TestPack::with_pack_yaml(pack_yaml);
    let e = Pack::open(p.root()).unwrap_err();
    (e.one_line(changai::Lang::Zh), e.one_line(changai::Lang::En))
}

#[test]
fn pack_yaml_problems_name_file_line_and_column() {
    let (zh, en) = open_err("community: 灵峰\nstandard: {id: t, version: \"1\"}\npreparer: 王五\n");
    assert_eq!(zh, "pack.yaml:1:1：缺少键 `period`");
    assert_eq!(en, "pack.yaml:1:1: missing key `period`");
    let (zh, en) = open_err(&format!("{PACK_2025}prepraer: x\n"));
    assert_eq!(
        zh,
        "pack.yaml:5:1：未知的键 `prepraer`（是否应为 `preparer`？）"
    );
    assert_eq!(
        en,
        "pack.yaml:5:1: unknown key `prepraer` (did you mean `preparer`?)"
    );
    let (zh, en) = open_err("community: 灵峰\nperiod: {from: 2025-07-01, to: 2025-02-30}\nstandard: {id: t, version: \"1\"}\npreparer: 王五\n");
    assert_eq!(
        zh,
        "pack.yaml:2:32：`2025-02-30` 不是 YYYY-MM-DD 格式的日期"
    );
    assert_eq!(en, "pack.yaml:2:32: `2025-02-30` is not a YYYY-MM-DD date");
    let dir = tempfile::tempdir().unwrap();
    let e = Pack::open(dir.path()).unwrap_err();
    let shown = changai::standard::load::display(dir.path());
    assert_eq!(
        e.one_line(changai::Lang::Zh),
        format!("{shown}：缺少 `pack.yaml`")
    );
    assert_eq!(
        e.one_line(changai::Lang::En),
        format!("{shown}: the folder has no `pack.yaml`")
    );
    assert_eq!(e.to_string(), format!("错误：{shown}：缺少 `pack.yaml`\n"));
}

#[test]
fn periods_resolve_from_a_year_or_a_range() {
    let p = TestPack::new();
    let pack = p.open();
    assert_eq!(
        (
            pack.period.from.as_str(),
            pack.period.to.as_str(),
            pack.period.label.as_str()
        ),
        ("2025-01-01", "2025-12-31", "2025")
    );
    let p = TestPack::with_pack_yaml("community: 灵峰\nperiod: {from: 2025-01-01, to: 2025-06-30}\nstandard: {id: t, version: \"1\"}\npreparer: 王五\n");
    assert_eq!(p.open().period.label, "2025-01-01 至 2025-06-30");
    // half a year: two quarters expected
    let p = TestPack::with_pack_yaml("community: 灵峰\nperiod: {from: 2025-01-01, to: 2025-06-30}\nstandard: {id: t, version: \"1\"}\npreparer: 王五\n")
        .evidence("A/2025-02-01 纪要.pdf");
    let ev = p.eval("files: {label: 纪要, glob: \"A/*\", periods: {per: quarter}}");
    assert_eq!(zh(&ev)[1], "纪要: 覆盖 1/2 个季度，缺 2025年第2季度");
}

#[test]
fn hidden_temp_and_declaration_files_are_not_evidence() {
    let p = TestPack::new()
        .file("A/方案.docx", "x")
        .file("A/~$方案.docx", "lock")
        .file("A/.DS_Store", "x")
        .file(".git/config", "x")
        .file("A/.hidden/a.pdf", "x")
        .file("A/Thumbs.db", "x")
        .file("A/draft.tmp", "x")
        .file("review.yaml", "attestations: []\n");
    let pack = p.open();
    let paths: Vec<&str> = pack.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["A/方案.docx"]);
    assert_eq!(pack.files[0].size, 1);
    // sha256("x")
    assert_eq!(
        pack.files[0].sha256,
        "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"
    );
}

#[test]
fn digest_changes_when_evidence_changes() {
    let p = TestPack::new().evidence("A/a.pdf");
    let before = p.open().digest;
    assert_eq!(before, p.open().digest);
    std::fs::write(p.path("A/a.pdf"), "y").unwrap();
    assert_ne!(before, p.open().digest);
}

#[cfg(unix)]
#[test]
fn links_leading_outside_the_pack_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.pdf"), "s").unwrap();
    let p = TestPack::new().evidence("A/a.pdf");
    std::os::unix::fs::symlink(outside.path().join("secret.pdf"), p.path("A/link.pdf")).unwrap();
    std::os::unix::fs::symlink(outside.path(), p.path("A/outdir")).unwrap();
    std::os::unix::fs::symlink(p.path("A/a.pdf"), p.path("A/inside.pdf")).unwrap();
    let pack = p.open();
    let paths: Vec<&str> = pack.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["A/a.pdf", "A/inside.pdf"]);
    let skipped: Vec<(&str, &str)> = pack
        .problems
        .iter()
        .map(|d| (d.file.as_str(), d.code.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            ("A/link.pdf", "symlink-outside"),
            ("A/outdir", "symlink-outside")
        ]
    );
    let ev = p.eval("files: {glob: \"A/**\"}");
    assert_eq!(ev.problems.len(), 2);
}

fn listing(root: &Path) -> BTreeMap<String, (u64, SystemTime)> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let m = e.metadata().unwrap();
            (
                e.path().display().to_string(),
                (m.len(), m.modified().unwrap()),
            )
        })
        .collect()
}

#[test]
fn evaluation_leaves_the_pack_unchanged() {
    let p = TestPack::new()
        .file("A/2025-03-01 纪要.docx", docx(&["产改"]))
        .file("data/a.csv", "日期,x\n2025-01-01,1\n")
        .file("data/indicators.yaml", "x: 1\n")
        .file("data/bad.xlsx", "broken");
    let before = listing(p.root());
    std::thread::sleep(std::time::Duration::from_millis(20));
    let s = standard(
        "",
        &[
            "files: {glob: \"A/*\", in_period: true}",
            "records: {file: data/a.csv, date_column: 日期}",
            "records: {file: data/bad.xlsx}",
            "value: {file: data/indicators.yaml, path: x, op: \"==\", threshold: 1}",
            "expr: {expr: \"indicators.x == 1\"}",
            "text: {glob: \"A/*.docx\", keywords: [产改]}",
        ],
    );
    let ev = crate::check_kinds::support::evaluate(&s, &p.open());
    assert_eq!(ev.items[0].status, changai::outcome::Status::Error);
    assert_eq!(before, listing(p.root()));
}
