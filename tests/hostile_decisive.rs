//! Tests: the decisive score — where the auditors' re-scores drop a community below 合格, the
//! reviewed total and grade are its result everywhere (report cover, overview, signature, csv and
//! xlsx headline, `rank`, `evaluate --fail-under`), with the self-score beside it, labelled so.
//!
//! The fixture is dagang-2025 with a review.yaml that re-scores seven 2-point items to 0: the
//! self-score stays 72.63 (合格), the reviewed total is 57.18 of 98 counted points → 58.35 (不合格).

use std::path::{Path, PathBuf};

use changai::cli::{run, Exit, Output};

use crate::evaluate::{copy_tree, env_at, repo};

const REVIEW: &str = "attestations:
  - {item: A2.1, by: 王敏, role: 区总工会, date: 2025-12-19, verdict: met}
  - {item: F1.4, by: 王敏, role: 区总工会, date: 2026-01-14, verdict: met}
rescores:
  - {item: A2.2, score: 0, by: 王敏, date: 2026-01-14, comment: 任务清单未经审定}
  - {item: A3.3, score: 0, by: 王敏, date: 2026-01-14, comment: 无保障文件}
  - {item: B1.2, score: 0, by: 王敏, date: 2026-01-14, comment: 发展党员材料不实}
  - {item: B2.2, score: 0, by: 王敏, date: 2026-01-14, comment: 典型材料不实}
  - {item: B3.1, score: 0, by: 王敏, date: 2026-01-14, comment: 未下沉}
  - {item: C1.1, score: 0, by: 王敏, date: 2026-01-14, comment: 面积不达标}
  - {item: C1.3, score: 0, by: 王敏, date: 2026-01-14, comment: 专职工作者兼职}
";

/// A temp dir holding `failed/`: dagang-2025 with the failing review.
fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("failed");
    copy_tree(&repo().join("evidence-samples/dagang-2025"), &pack);
    std::fs::write(pack.join("review.yaml"), REVIEW).unwrap();
    (dir, pack)
}

fn changai(cwd: &Path, args: &[&str]) -> Output {
    run(
        std::iter::once("changai").chain(args.iter().copied()),
        &env_at(cwd),
    )
}

fn report(cwd: &Path, args: &[&str]) -> String {
    let out = changai(cwd, args);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    String::from_utf8(out.stdout).unwrap()
}

/// The text from `start` up to (not including) the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start:?}"));
    let rest = &text[from..];
    &rest[..rest.find(end).unwrap_or_else(|| panic!("no {end:?}"))]
}

#[test]
fn decisive_is_the_review_when_there_is_one() {
    let (_dir, pack) = fixture();
    let r = changai::evaluate_pack(&pack, None).unwrap();
    assert_eq!((r.score.total, r.score.grade.id.as_str()), (72.63, "pass"));
    let d = r.score.decisive();
    assert_eq!(
        (d.total, d.grade.id.as_str(), d.source),
        (58.35, "fail", changai::outcome::ScoreSource::Review)
    );
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let plain =
        changai::evaluate_pack(&repo().join("evidence-samples/lingfeng-2025"), None).unwrap();
    let d = plain.score.decisive();
    assert_eq!(
        (d.total, d.grade.id.as_str(), d.source),
        (
            plain.score.total,
            plain.score.grade.id.as_str(),
            changai::outcome::ScoreSource::SelfScore
        )
    );
}

#[test]
fn html_cover_overview_and_signature_show_the_review_result() {
    let (dir, _pack) = fixture();
    let html = report(dir.path(), &["report", "failed", "--format", "html"]);
    assert_eq!(
        between(&html, "<div class=\"score-box\">", "<div class=\"counts\">"),
        "<div class=\"score-box\">
        <div class=\"muted\">复评总分</div>
        <div class=\"big\">58.35<span class=\"of\"> / 100</span></div>
        <div class=\"rate\">得分率 58.4%</div>
        <div class=\"rate self-score\">自评分 72.63（自评等级 合格）</div>
        <div class=\"grade-seal\">不合格</div>
      </div>
      "
    );
    assert_eq!(
        between(&html, "<p>复评总分 <b>", "<h3>"),
        "<p>复评总分 <b>58.35</b> / 100，复评等级 <b>不合格</b>。</p>
  <p>自评分 72.63 / 100（条目得分 71.18 / 98，加分 0），自评等级 合格。</p>
  "
    );
    assert_eq!(
        between(&html, "<p class=\"sign-statement\">", "\n"),
        "<p class=\"sign-statement\">经核对，以上对账结果与证据包（指纹前 16 位 <code>3370497e38311daf</code>，79 个文件）一致。 大港工业社区 2025：复评总分 <b>58.35</b> / 100，复评等级 <b>不合格</b>（自评分 72.63，自评等级 合格）。</p>"
    );

    let html = report(
        dir.path(),
        &["--lang", "en", "report", "failed", "--format", "html"],
    );
    assert_eq!(
        between(&html, "<div class=\"muted\">", "<div class=\"grade-seal"),
        "<div class=\"muted\">Review total</div>
        <div class=\"big\">58.35<span class=\"of\"> / 100</span></div>
        <div class=\"rate\">Score rate 58.4%</div>
        <div class=\"rate self-score\">Self-score 72.63 (Self-assessed grade Pass)</div>
        "
    );
}

#[test]
fn md_cover_and_overview_show_the_review_result() {
    let (dir, _pack) = fixture();
    let md = report(dir.path(), &["report", "failed", "--format", "md"]);
    assert_eq!(
        between(&md, "| 复评总分 |", "- 条目得分"),
        "| 复评总分 | 58.35 / 100（复评等级：不合格） |
| 自评分 | 72.63 / 100（自评等级：合格） |

> **重构说明**：本标准依据公开报道重构，不是原文件；条目、分值和计分规则均为假设。

## 一、总体得分

**复评总分：58.35 / 100（得分率 58.4%）　复评等级：不合格**

自评分：72.63 / 100（得分率 72.6%）　自评等级：合格

"
    );
}

#[test]
fn csv_and_xlsx_headline_give_the_review_result_and_the_self_score() {
    let (dir, _pack) = fixture();
    let text = report(dir.path(), &["report", "failed", "--format", "csv"]);
    let records: Vec<Vec<String>> = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    // the headline follows the items; the evidence-quality rows (if any) come after it
    let at = records
        .iter()
        .position(|r| r.get(1).map(String::as_str) == Some("合计（计入的条目，未折算）"))
        .unwrap();
    let tail: Vec<(String, String, String, String)> = records[at..at + 7]
        .iter()
        .map(|r| (r[1].clone(), r[4].clone(), r[5].clone(), r[6].clone()))
        .collect();
    let row = |a: &str, b: &str, c: &str, d: &str| (a.into(), b.into(), c.into(), d.into());
    assert_eq!(
        tail,
        vec![
            row("合计（计入的条目，未折算）", "98", "71.18", "57.18"),
            row("复评总分", "58.35 / 100", "", ""),
            row("复评等级", "不合格", "", ""),
            row("自评分", "72.63 / 100", "", ""),
            row("自评等级", "合格", "", ""),
            row("条目得分", "71.18", "", ""),
            row("加分", "0", "", ""),
        ]
    );

    let out = changai(dir.path(), &["report", "failed", "--output", "r.xlsx"]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let sheet = crate::report::formats::score_sheet(&dir.path().join("r.xlsx"));
    let cell = |row: u32, col: u32| crate::report::formats::cell(&sheet, row, col).to_string();
    let labelled = |label: &str| {
        let row = (0..sheet.height() as u32)
            .find(|&r| cell(r, 1) == label)
            .unwrap_or_else(|| panic!("no {label}"));
        format!("{label}={}", cell(row, 4))
    };
    let headline: Vec<String> = [
        "复评总分",
        "复评等级",
        "自评分",
        "自评等级",
        "条目得分",
        "加分",
    ]
    .iter()
    .map(|l| labelled(l))
    .collect();
    assert_eq!(
        headline,
        [
            "复评总分=58.35",
            "复评等级=不合格",
            "自评分=72.63",
            "自评等级=合格",
            "条目得分=57.18",
            "加分=0",
        ]
    );
}

#[test]
fn rank_orders_by_the_reviewed_total() {
    let (dir, _pack) = fixture();
    // The same pack without review and attestations, under another name: 70.08, above the
    // reviewed 58.35 though below the failed pack's self-score 72.63.
    let plain = dir.path().join("plain");
    copy_tree(&repo().join("evidence-samples/dagang-2025"), &plain);
    std::fs::remove_file(plain.join("review.yaml")).unwrap();
    let yaml = std::fs::read_to_string(plain.join("pack.yaml")).unwrap();
    std::fs::write(
        plain.join("pack.yaml"),
        yaml.replacen("community: 大港工业社区", "community: 大港未复评", 1),
    )
    .unwrap();
    let out = changai(dir.path(), &["rank", "failed", "plain", "--format", "json"]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows: Vec<(u64, &str, f64, f64, &str)> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["rank"].as_u64().unwrap(),
                r["community"].as_str().unwrap(),
                r["self_total"].as_f64().unwrap(),
                r["ranked_total"].as_f64().unwrap(),
                r["grade_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (1, "大港未复评", 70.08, 70.08, "pass"),
            (2, "大港工业社区", 72.63, 58.35, "fail"),
        ]
    );
}

#[test]
fn fail_under_gates_on_the_reviewed_total() {
    let (dir, _pack) = fixture();
    // Self-score 72.63 clears 60; the reviewed 58.35 does not.
    let out = changai(dir.path(), &["evaluate", "failed", "--fail-under", "60"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (Exit::Failed, "复评总分 58.35 低于 60\n")
    );
    let out = changai(
        dir.path(),
        &["--lang", "en", "evaluate", "failed", "--fail-under", "60"],
    );
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (Exit::Failed, "review total 58.35 is under 60\n")
    );
    let out = changai(dir.path(), &["evaluate", "failed", "--fail-under", "57"]);
    assert_eq!((out.code, out.stderr.as_str()), (Exit::Ok, ""));
    // Without a review the self-score gates, and the line says so.
    let out = changai(
        &repo(),
        &[
            "--lang",
            "en",
            "evaluate",
            "evidence-samples/lingfeng-2025",
            "--fail-under",
            "100",
        ],
    );
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (Exit::Failed, "self-score 96.87 is under 100\n")
    );
}

#[test]
fn year_over_year_compares_the_results() {
    let (dir, _pack) = fixture();
    let plain = dir.path().join("plain");
    copy_tree(&repo().join("evidence-samples/dagang-2025"), &plain);
    std::fs::remove_file(plain.join("review.yaml")).unwrap();
    let out = changai(
        dir.path(),
        &["evaluate", "plain", "--format", "json", "-o", "prev.json"],
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let md = report(
        dir.path(),
        &[
            "report",
            "failed",
            "--previous",
            "prev.json",
            "--format",
            "md",
        ],
    );
    assert_eq!(
        between(&md, "上期（", "\n"),
        "上期（2025）：70.08，合格　→　2025：58.35，不合格（变化 **-11.73**）"
    );
}
