//! Tests: re-scores (复评分) in review.yaml — the reviewed total, its diagnostics, and the report's
//! 复评分 column.

use changai::cli::{run, Exit};
use changai::diagnostic::Severity;

use crate::evaluate::{copy_tree, env_at, repo};

#[test]
fn dagang_reviewed_total_and_grade() {
    let r = changai::evaluate_pack(&repo().join("evidence-samples/dagang-2025"), None).unwrap();
    assert_eq!((r.score.total, r.score.grade.id.as_str()), (72.63, "pass"));
    let review = r.score.review.as_ref().unwrap();
    // 71.18 − 0.5 − 0.5 − 0.25 + 0.5 − 1 = 69.43 of 98 counted points → 70.85 of 100.
    assert_eq!((review.total, review.grade.id.as_str()), (70.85, "pass"));
    assert_eq!(
        review.changed_items,
        ["A1.1", "A2.4", "B2.1", "D1.1", "F2.4"]
    );
    // A1.1 is a core item: re-scored below its points, it is no longer met for the top grade.
    assert_eq!(review.core_unmet, ["A1.1", "D1.1", "F1.4"]);
    assert_eq!(r.score.core_unmet, ["D1.1", "F1.4"]);
    let a24 = r.items.iter().find(|i| i.id == "A2.4").unwrap();
    let rv = a24.review.as_ref().unwrap();
    assert_eq!(
        (a24.score, rv.score, rv.comment.as_str()),
        (1.25, 0.75, "培训会台账缺少签到表，扣 0.5 分")
    );
    assert!(r.problems.is_empty(), "{:?}", r.problems);
}

/// dagang with its attestations and other re-scores (prefixed with 4 lines of attestations so
/// line numbers stay readable: the re-scores start at line 5).
fn with_review(review: &str) -> changai::outcome::Results {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    copy_tree(&repo().join("evidence-samples/dagang-2025"), &pack);
    let attestations = "attestations:
  - {item: A2.1, by: 王敏, role: 区总工会, date: 2025-12-19, verdict: met}
  - {item: F1.4, by: 王敏, role: 区总工会, date: 2026-01-14, verdict: met}
";
    std::fs::write(pack.join("review.yaml"), format!("{attestations}{review}")).unwrap();
    changai::evaluate_pack(&pack, None).unwrap()
}

#[test]
fn out_of_range_and_unknown_rescores_are_named_with_their_line() {
    let r = with_review(
        "rescores:
  - {item: A1.1, score: 2, by: 王敏, date: 2026-01-14}
  - item: A2.4
    score: 2.5
    by: 王敏
    date: 2026-01-14
  - {item: B2.1, score: -1, by: 王敏, date: 2026-01-14}
  - {item: A9.9, score: 1, by: 王敏, date: 2026-01-14}
  - {item: A1, score: 1, by: 王敏, date: 2026-01-14}
",
    );
    let shown: Vec<(Severity, String, String, String)> = r
        .problems
        .iter()
        .map(|d| (d.severity, d.code.clone(), d.location(), d.message.clone()))
        .collect();
    assert_eq!(
        shown,
        vec![
            (
                Severity::Error,
                "rescore-out-of-range".to_owned(),
                "review.yaml:7:12".to_owned(),
                "条目 `A2.4` 的复评分 `2.5` 不在 0 到 2 分之间，未计入".to_owned()
            ),
            (
                Severity::Error,
                "rescore-out-of-range".to_owned(),
                "review.yaml:10:25".to_owned(),
                "条目 `B2.1` 的复评分 `-1` 不在 0 到 2 分之间，未计入".to_owned()
            ),
            (
                Severity::Warning,
                "unknown-item".to_owned(),
                "review.yaml:11:12".to_owned(),
                "复评的条目 `A9.9` 不在标准中，已忽略".to_owned()
            ),
            (
                Severity::Warning,
                "unknown-item".to_owned(),
                "review.yaml:12:12".to_owned(),
                "复评的条目 `A1` 是分组，只能对末级条目复评，已忽略".to_owned()
            ),
        ]
    );
    assert_eq!(r.problems[0].item.as_deref(), Some("A2.4"));
    assert_eq!(
        r.problems[1].message_en,
        "re-score `-1` of item `B2.1` is not between 0 and 2; not counted"
    );
    // Only A1.1 counts; it equals the self-score, so nothing changed and the totals agree.
    let review = r.score.review.unwrap();
    assert_eq!(review.total, 72.63);
    assert!(review.changed_items.is_empty());
}

#[test]
fn a_full_rescore_meets_a_core_item_for_the_top_grade() {
    // D1.1 and F1.4 are dagang's unmet core items; giving them full points moves the total but the
    // grade band (合格) is what decides here, so check the core list.
    let r = with_review(
        "rescores:
  - {item: D1.1, score: 4, by: 周航, date: 2026-01-15}
  - {item: F1.4, score: 2, by: 王敏, date: 2026-01-14}
",
    );
    let review = r.score.review.unwrap();
    assert!(review.core_unmet.is_empty());
    assert_eq!(r.score.core_unmet, ["D1.1", "F1.4"]);
    // (71.18 + 2 + 0.5) / 98 × 100
    assert_eq!(review.total, 75.18);
}

#[test]
fn old_results_without_review_fields_still_load() {
    let r = changai::evaluate_pack(&repo().join("evidence-samples/lingfeng-2025"), None).unwrap();
    let text = serde_json::to_string(&r).unwrap();
    // No re-scores: the new fields are not written, so this is exactly what an older build wrote.
    assert!(!text.contains("\"review\""));
    let back: changai::outcome::Results = serde_json::from_str(&text).unwrap();
    assert!(back.score.review.is_none());
    assert!(back.items.iter().all(|i| i.review.is_none()));
}

#[test]
fn the_report_fills_the_review_column_in_csv_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let mut env = env_at(dir.path());
    env.source_date_epoch = Some("1767139200".into());
    let pack = repo().join("evidence-samples/dagang-2025");
    let out = run(
        [
            "changai",
            "report",
            pack.to_str().unwrap(),
            "--format",
            "csv",
        ],
        &env,
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rows =
        ::csv::ReaderBuilder::new().from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let records: Vec<::csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    let a24 = records.iter().find(|r| r[3].starts_with("A2.4 ")).unwrap();
    assert_eq!((&a24[5], &a24[6]), ("1.25", "0.75"));
    assert!(a24[8].ends_with("复评：培训会台账缺少签到表，扣 0.5 分（区总工会组织部 王敏）"));
    let total = records
        .iter()
        .find(|r| &r[1] == "合计（计入的条目，未折算）")
        .unwrap();
    assert_eq!((&total[5], &total[6]), ("71.18", "69.43"));

    let out = run(
        [
            "changai",
            "report",
            pack.to_str().unwrap(),
            "--output",
            "r.xlsx",
        ],
        &env,
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let sheet = crate::report::formats::score_sheet(&dir.path().join("r.xlsx"));
    let cell = |row: u32, col: u32| crate::report::formats::cell(&sheet, row, col).to_string();
    assert_eq!(cell(0, 6), "复评分");
    let row = (1..=55).find(|&r| cell(r, 3).starts_with("D1.1 ")).unwrap();
    assert_eq!(
        (cell(row, 5), cell(row, 6)),
        ("2".to_owned(), "2.5".to_owned())
    );
    // The 合计 row's 计分 (re-score, else self-score) and the headline below the table.
    let labelled = |label: &str| {
        let row = (0..sheet.height() as u32)
            .find(|&r| cell(r, 1) == label)
            .unwrap_or_else(|| panic!("no {label}"));
        cell(row, 7 - 3 * u32::from(label != "合计"))
    };
    assert_eq!(labelled("合计"), "69.43");
    assert_eq!(labelled("复评总分"), "70.85");
    assert_eq!(labelled("复评等级"), "合格");
}

/// A second re-score of one item, a malformed date, and a re-score of a not-applicable item
/// (dagang declares E2.2 not applicable) are each named with their line.
#[test]
fn duplicate_undated_and_not_applicable_rescores_are_named() {
    let r = with_review(
        "rescores:
  - {item: A1.1, score: 1.5, by: 王敏, date: 2026-01-14}
  - {item: A1.1, score: 1, by: 王敏, date: 2026-01-14}
  - {item: A2.4, score: 1, by: 王敏, date: 2026年1月14日}
  - {item: E2.2, score: 1, by: 王敏, date: 2026-01-14}
",
    );
    let shown: Vec<(String, String, String)> = r
        .problems
        .iter()
        .map(|d| (d.code.clone(), d.location(), d.message.clone()))
        .collect();
    assert_eq!(
        shown,
        vec![
            (
                "duplicate-rescore".to_owned(),
                "review.yaml:6:12".to_owned(),
                "条目 `A1.1` 重复复评，只采用第一次（第 5 行）".to_owned()
            ),
            (
                "rescore-date".to_owned(),
                "review.yaml:7:42".to_owned(),
                "条目 `A2.4` 的复评日期 `2026年1月14日` 不是 YYYY-MM-DD 格式".to_owned()
            ),
            (
                "rescore-not-counted".to_owned(),
                "review.yaml:8:12".to_owned(),
                "条目 `E2.2` 已声明不适用，复评分不计入".to_owned()
            ),
        ]
    );
    let review = r.score.review.unwrap();
    // A1.1 1.5 (first one) and A2.4 1 (dated badly, still counted); E2.2 ignored.
    assert_eq!(review.changed_items, ["A1.1", "A2.4"]);
    let e22 = r.items.iter().find(|i| i.id == "E2.2").unwrap();
    assert!(e22.review.is_none());
}
