//! The reports of the real sample packs (evidence-samples/): what they must not contain (a path on
//! this machine, today's date), what the context must hold, and lingfeng year over year against a
//! hand-derived 2024 result (tests/fixtures/report/lingfeng-2024.results.json), pinned by a
//! snapshot. Every format of every sample is snapshot-tested in `tests/samples.rs`.

use super::{fixture, root, text};

macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => true }, {
            insta::assert_snapshot!($name, $value);
        })
    };
}

/// The report names no place on this machine and no time but the report date.
fn assert_portable(output: &str) {
    let here = root().to_string_lossy().into_owned();
    let temp = std::env::temp_dir().to_string_lossy().into_owned();
    for needle in [here.as_str(), temp.as_str(), "/home/", "/root/"] {
        assert!(!output.contains(needle), "the report contains `{needle}`");
    }
    // SOURCE_DATE_EPOCH is 2025-12-31; today's date must not leak in.
    let today = jiff::ZonedDateTime::now().date().to_string();
    if today != "2025-12-31" {
        assert!(
            !output.contains(&today),
            "the report contains today's date {today}"
        );
    }
}

#[test]
fn lingfeng_json() {
    let json = text(&[
        "report",
        "evidence-samples/lingfeng-2025",
        "--format",
        "json",
    ]);
    assert_portable(&json);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value["cover"]["issuer"],
        "灵峰工业社区（北仑区总工会指导；重构本）"
    );
    assert_eq!(value["cover"]["signer"], "区总工会");
    assert_eq!(
        value["charts"]["radar"]["axes"].as_array().map(Vec::len),
        Some(6)
    );
}

#[test]
fn xiapu_html() {
    let html = text(&["report", "evidence-samples/xiapu-2025", "--format", "html"]);
    assert_portable(&html);
}

#[test]
fn lingfeng_year_over_year_md() {
    let md = text(&[
        "report",
        "evidence-samples/lingfeng-2025",
        "--previous",
        &fixture("lingfeng-2024.results.json"),
    ]);
    assert_portable(&md);
    snapshot!("lingfeng-2025-vs-2024.md", md);
}

/// Results written before `standard.issuer` existed still load, and the cover leaves it out.
#[test]
fn results_without_issuer_still_load() {
    let mut value: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join(fixture("lingfeng-2024.results.json"))).unwrap(),
    )
    .unwrap();
    value["standard"].as_object_mut().unwrap().remove("issuer");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.json");
    std::fs::write(&path, value.to_string()).unwrap();
    let md = text(&["report", &path.to_string_lossy()]);
    assert!(md.contains("| 执行标准 |"));
    assert!(!md.contains("| 发布单位 |"));
}
