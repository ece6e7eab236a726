//! Tests: `changai status` — the year in progress on the three sample packs, on two days of the
//! year, in every format and both languages; bad input.

use std::path::Path;

use changai::cli::{run, Exit, Output};

use crate::evaluate::{env_at, repo};

fn status(cwd: &Path, args: &[&str]) -> Output {
    let mut argv = vec!["changai", "status"];
    argv.extend(args);
    run(argv, &env_at(cwd))
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn json(pack: &str, as_of: &str) -> serde_json::Value {
    let out = status(&repo(), &[pack, "--as-of", as_of, "--format", "json"]);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The message xiapu's two broken registers add on stderr (as `evaluate` does, exit 2).
const XIAPU_FAULTS: &str = "有 2 处证据或声明无法读取、格式有误，相关条目记为“出错”；请用 changai evaluate 查看问题列表并修正\n";

#[test]
fn samples_in_every_format_on_two_days() {
    for pack in ["dagang-2025", "lingfeng-2025", "xiapu-2025"] {
        for as_of in ["2025-06-30", "2025-12-20"] {
            let path = format!("evidence-samples/{pack}");
            for format in ["table", "md", "json"] {
                let out = status(&repo(), &[&path, "--as-of", as_of, "--format", format]);
                if pack == "xiapu-2025" {
                    assert_eq!(out.code, Exit::Error, "{pack} {as_of} {format}");
                    assert_eq!(out.stderr, XIAPU_FAULTS);
                } else {
                    assert_eq!(
                        out.code,
                        Exit::Ok,
                        "{pack} {as_of} {format}: {}",
                        out.stderr
                    );
                    assert_eq!(out.stderr, "");
                }
                let name = pack.trim_end_matches("-2025");
                insta::assert_snapshot!(format!("status-{name}-{as_of}-{format}"), stdout(&out));
            }
        }
    }
}

#[test]
fn dagang_mid_year_numbers() {
    let v = json("evidence-samples/dagang-2025", "2025-06-30");
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["kind"], "status");
    assert_eq!(v["as_of"], "2025-06-30");
    assert_eq!(v["horizon"], "2025-07-30");
    assert_eq!(v["days_left"], 184);
    // The score is evaluate's: the reviewed total decides, the self-score beside it.
    assert_eq!(v["score"]["total"], 70.85);
    assert_eq!(v["score"]["self_total"], 72.63);
    assert_eq!(v["score"]["source"], "review");
    assert_eq!(v["score"]["grade"]["id"], "pass");
    assert_eq!(v["score"]["next_grade"]["grade"]["id"], "good");
    assert_eq!(v["score"]["next_grade"]["gap"], 9.15);
    // Level-1 areas: D has 2 met, 7 partial, 2 unmet, 12.15 of 22 points.
    let areas = v["areas"].as_array().unwrap();
    assert_eq!(areas.len(), 6);
    assert_eq!(areas[3]["id"], "D");
    assert_eq!(areas[3]["score"], 12.15);
    assert_eq!(areas[3]["points"], 22.0);
    assert_eq!(areas[3]["counts"]["met"], 2);
    assert_eq!(areas[3]["counts"]["partial"], 7);
    assert_eq!(areas[3]["counts"]["unmet"], 2);
    // No evidence yet: the two with a task first, by deadline, then standard order.
    let missing: Vec<&str> = v["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(missing, ["E2.1", "F1.3", "B2.3", "D2.5", "D3.3", "F2.3"]);
    assert_eq!(v["missing"][0]["task"]["deadline"], "2025-10-15");
    assert_eq!(v["missing"][0]["task"]["owner"], "石立洋");
    assert_eq!(v["missing"][0]["overdue"], false);
    // Due in 30 days: two task deadlines on the day, the mid-year self-check's due day
    // (`due: "06-30"` in F1.3's check), two tasks at the horizon.
    let due: Vec<(&str, &str, &str, i64)> = v["due"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["date"].as_str().unwrap(),
                d["kind"].as_str().unwrap(),
                d["item"].as_str().unwrap(),
                d["days"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        due,
        [
            ("2025-06-30", "task", "B2.1", 0),
            ("2025-06-30", "deadline", "F1.3", 0),
            ("2025-07-30", "task", "D3.1", 30),
            ("2025-07-30", "task", "E3.3", 30),
        ]
    );
    assert_eq!(v["due"][1]["what"]["zh"], "年中自查表：截止日 2025-06-30");
    // Files: dated after the day (by name, or by the PDF's own date), or before the period.
    let files = v["dated_files"].as_array().unwrap();
    let kind = |path: &str| {
        files
            .iter()
            .find(|f| f["path"] == path)
            .map(|f| (f["kind"].as_str().unwrap(), f["date"].as_str().unwrap()))
    };
    assert_eq!(
        kind("F/F2.1/2026-01-09 下半年述职报告.docx"),
        Some(("future", "2026-01-09"))
    );
    assert_eq!(
        kind("A/A1.2/2022-06-01 党建引领协同推进工作机制.pdf"),
        Some(("before_period", "2022-06-01"))
    );
    let pdf = files
        .iter()
        .find(|f| f["path"] == "C/C2.1/锋领企服十条.pdf")
        .unwrap();
    assert_eq!(pdf["source"]["zh"], "PDF 生成日期");
    assert_eq!(pdf["items"], serde_json::json!(["C2.1"]));
}

#[test]
fn december_makes_tasks_overdue_and_quarters_due() {
    let v = json("evidence-samples/dagang-2025", "2025-12-20");
    assert_eq!(v["days_left"], 11);
    assert_eq!(v["missing"][0]["id"], "E2.1");
    assert_eq!(v["missing"][0]["overdue"], true);
    assert_eq!(v["due"], serde_json::json!([]));
    // A file dated after the period but before the day looked from.
    let v = json("evidence-samples/dagang-2025", "2026-01-20");
    assert_eq!(v["days_left"], -20);
    let files = v["dated_files"].as_array().unwrap();
    let f = files
        .iter()
        .find(|f| f["path"] == "F/F1.4/2026-01-08 2025年度对账复盘报告.docx")
        .unwrap();
    assert_eq!(f["kind"], "after_period");
    assert_eq!(f["items"], serde_json::json!(["F1.4"]));

    // xiapu: the quarter's visit records are due at the end of Q4 (its register misses Q4).
    let v = json("evidence-samples/xiapu-2025", "2025-12-20");
    let due: Vec<(&str, &str, &str)> = v["due"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["date"].as_str().unwrap(),
                d["item"].as_str().unwrap(),
                d["what"]["zh"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        due,
        [
            ("2025-12-31", "B3.1", "小分队下沉记录：2025年第4季度"),
            ("2025-12-31", "C3.3", "走访台账：2025年第4季度"),
        ]
    );
}

#[test]
fn half_year_work_report_is_due_a_month_after_june() {
    // F2.1: `periods: {per: half, min: 2, report_due_days: 31}` — the first half-year's minutes
    // are due on 31 July; xiapu's folder has the report but not the minutes of H1.
    let v = json("evidence-samples/xiapu-2025", "2025-07-15");
    let f21: Vec<(&str, &str)> = v["due"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["item"] == "F2.1")
        .map(|d| {
            (
                d["date"].as_str().unwrap(),
                d["what"]["zh"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(f21, [("2025-07-31", "听取述职会议纪要：2025年上半年")]);
    assert_eq!(v["due"][0]["kind"], "period");
    assert_eq!(v["due"][0]["days"], 16);
}

#[test]
fn a_pack_with_no_plan_lists_missing_items_in_standard_order() {
    let v = json("evidence-samples/xiapu-2025", "2025-06-30");
    let missing: Vec<(&str, &str)> = v["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["id"].as_str().unwrap(), m["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        missing,
        [
            ("A2.1", "unmet"),
            ("A2.3", "unmet"),
            ("A3.2", "unmet"),
            ("B2.3", "unmet"),
            ("C3.3", "error"),
            ("D2.1", "error"),
            ("F1.3", "unmet"),
        ]
    );
    assert!(v["missing"][0].get("task").is_none());
    // The vetoed pack: graded Fail whatever its score.
    assert_eq!(v["score"]["total"], 59.08);
    assert_eq!(v["score"]["grade"]["id"], "fail");
}

#[test]
fn in_english() {
    let out = run(
        [
            "changai",
            "--lang",
            "en",
            "status",
            "evidence-samples/dagang-2025",
            "--as-of",
            "2025-06-30",
        ],
        &env_at(&repo()),
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    insta::assert_snapshot!("status-dagang-2025-06-30-table-en", stdout(&out));
    let md = run(
        [
            "changai",
            "status",
            "evidence-samples/dagang-2025",
            "--as-of",
            "2025-06-30",
            "--format",
            "md",
            "--lang",
            "en",
        ],
        &env_at(&repo()),
    );
    assert_eq!(md.code, Exit::Ok);
    insta::assert_snapshot!("status-dagang-2025-06-30-md-en", stdout(&md));
}

#[test]
fn bad_input_cannot_run() {
    let out = status(
        &repo(),
        &["evidence-samples/nowhere", "--as-of", "2025-06-30"],
    );
    assert_eq!(out.code, Exit::Error);
    assert_eq!(out.stdout, b"");
    assert_eq!(
        out.stderr,
        "错误：evidence-samples/nowhere：不是文件夹，或不存在\n"
    );

    let out = status(
        &repo(),
        &["evidence-samples/dagang-2025", "--as-of", "2025-02-30"],
    );
    assert_eq!(out.code, Exit::Error);
    assert_eq!(
        out.stderr,
        "错误：--as-of 的值“2025-02-30”不是“年-月-日”格式的日期（如 2025-06-30）\n"
    );
    let out = run(
        [
            "changai",
            "status",
            "evidence-samples/dagang-2025",
            "--as-of",
            "30/6/2025",
            "--lang",
            "en",
        ],
        &env_at(&repo()),
    );
    assert_eq!(out.code, Exit::Error);
    assert_eq!(
        out.stderr,
        "error: `--as-of 30/6/2025` is not a YYYY-MM-DD date (e.g. 2025-06-30)\n"
    );

    // Asked for JSON, the failure is JSON on stdout too.
    let out = status(
        &repo(),
        &[
            "evidence-samples/nowhere",
            "--as-of",
            "2025-06-30",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, Exit::Error);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["cannot_run"], true);
    assert_eq!(v["diagnostics"][0]["code"], "not-a-pack");

    // A file the format does not fit.
    let out = status(
        &repo(),
        &[
            "evidence-samples/dagang-2025",
            "--as-of",
            "2025-06-30",
            "-o",
            "进度.pdf",
        ],
    );
    assert_eq!(out.code, Exit::Error);
}

#[test]
fn written_to_a_file_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let pack = repo().join("evidence-samples/dagang-2025");
    let out = status(
        dir.path(),
        &[
            pack.to_str().unwrap(),
            "--as-of",
            "2025-06-30",
            "-o",
            "进度.md",
        ],
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    assert_eq!(out.stderr, "已写入 进度.md\n");
    let written = std::fs::read_to_string(dir.path().join("进度.md")).unwrap();
    assert!(written.starts_with("# 大港工业社区 · 2025 · 年度进度\n"));
}

#[test]
fn without_as_of_the_day_is_source_date_epoch() {
    let mut env = env_at(&repo());
    // 2025-06-15T15:06:40Z
    env.source_date_epoch = Some("1750000000".to_owned());
    let out = run(
        [
            "changai",
            "status",
            "evidence-samples/dagang-2025",
            "--format",
            "json",
        ],
        &env,
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["as_of"], "2025-06-15");
    assert_eq!(v["horizon"], "2025-07-15");
}

#[test]
fn the_json_shape_is_in_changai_schema() {
    let out = run(["changai", "schema", "status"], &env_at(&repo()));
    assert_eq!(out.code, Exit::Ok);
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["title"], "StatusContext");
    for key in ["areas", "missing", "due", "dated_files", "score"] {
        assert!(schema["properties"].get(key).is_some(), "{key}");
    }
}

/// `--review` and `--profile` are `evaluate`'s: the auditor's review file kept outside the pack
/// decides the score shown, and a profile the standard lacks cannot run, with the same message.
#[test]
fn review_and_profile_are_evaluates() {
    let dir = tempfile::tempdir().unwrap();
    let own =
        std::fs::read_to_string(repo().join("evidence-samples/dagang-2025/review.yaml")).unwrap();
    let kept = format!(
        "community: 大港工业社区\nperiod: 2025\n{}",
        own.replace(
            "rescores:",
            "rescores:\n  - {item: C1.1, score: 0, by: 王敏, date: 2026-01-14, comment: 面积不足}"
        )
    );
    std::fs::write(dir.path().join("大港.yaml"), kept).unwrap();
    let pack = repo().join("evidence-samples/dagang-2025");
    let pack = pack.to_str().unwrap();
    let args = [
        pack,
        "--as-of",
        "2025-06-30",
        "--format",
        "json",
        "--review",
        "大港.yaml",
    ];
    let out = status(dir.path(), &args);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let argv = [
        "changai",
        "evaluate",
        pack,
        "--format",
        "json",
        "--review",
        "大港.yaml",
    ];
    let evaluated = run(argv, &env_at(dir.path()));
    assert_eq!(evaluated.code, Exit::Ok, "{}", evaluated.stderr);
    let e: serde_json::Value = serde_json::from_slice(&evaluated.stdout).unwrap();
    assert_eq!(v["score"]["source"], "review");
    assert_eq!(v["score"]["total"], e["score"]["review"]["total"]);
    assert_ne!(
        v["score"]["total"], 70.85,
        "the kept file, not the pack's own review"
    );

    let bad = status(
        dir.path(),
        &[pack, "--as-of", "2025-06-30", "--profile", "ig9"],
    );
    let bad_eval = run(
        ["changai", "evaluate", pack, "--profile", "ig9"],
        &env_at(dir.path()),
    );
    assert_eq!(bad.code, Exit::Error);
    assert_eq!(bad.stderr, bad_eval.stderr);
}
