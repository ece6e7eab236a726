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

/// The B3.1 register's quarters (小分队下沉记录) as xiapu's results carry them, and what status
/// makes of results edited in two ways: the structured finding, or the words of the reason.
mod register_periods {
    use changai::outcome::Results;
    use serde_json::Value;

    use crate::evaluate::repo;

    fn results() -> (
        changai::standard::model::Standard,
        Vec<changai::evidence::file_dates::FileDate>,
        Value,
    ) {
        let pack = repo().join("evidence-samples/xiapu-2025");
        let (standard, opened, results) =
            changai::pipeline::open_and_evaluate(&pack, None, None, None).unwrap();
        let files = changai::evidence::file_dates::file_dates(&opened);
        (standard, files, serde_json::to_value(&results).unwrap())
    }

    /// Every records check of item `id` with a quarterly periods rule, in the results as JSON.
    fn registers<'v>(results: &'v mut Value, id: &str) -> Vec<&'v mut Value> {
        fn walk<'v>(check: &'v mut Value, out: &mut Vec<&'v mut Value>) {
            if check["kind"] == "records" && check.get("periods").is_some() {
                out.push(check);
                return;
            }
            if let Some(children) = check.get_mut("children").and_then(Value::as_array_mut) {
                for c in children {
                    walk(c, out);
                }
            }
        }
        let mut out = Vec::new();
        for item in results["items"].as_array_mut().unwrap() {
            if item["id"] == id {
                for c in item["checks"].as_array_mut().unwrap() {
                    walk(c, &mut out);
                }
            }
        }
        out
    }

    /// What falls due on 20 December for `item`, from results given as JSON.
    fn due(
        item: &str,
        standard: &changai::standard::model::Standard,
        files: &[changai::evidence::file_dates::FileDate],
        results: &Value,
    ) -> Vec<String> {
        let results: Results = serde_json::from_value(results.clone()).unwrap();
        let as_of = jiff::civil::Date::new(2025, 12, 20).unwrap();
        let status = changai::render::status::context(&results, standard, files, as_of);
        status
            .due
            .iter()
            .filter(|d| d.item == item)
            .map(|d| format!("{} {}", d.date, d.what.zh))
            .collect()
    }

    const Q4_DUE: &str = "2025-12-31 小分队下沉记录：2025年第4季度";

    #[test]
    fn the_register_carries_its_quarters_as_data() {
        let (_, _, mut v) = results();
        assert_eq!(v["schema_version"], 6);
        let found = registers(&mut v, "B3.1");
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0]["periods"],
            serde_json::json!({
                "per": "quarter",
                "expected": ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"],
                "covered": ["2025-Q1", "2025-Q2", "2025-Q3"],
                "needed": 4,
                "due_days": 0,
                "window": {"from": "2025-01-01", "to": "2025-12-31"},
            })
        );
        let zh: Vec<&str> = found[0]["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["zh"].as_str().unwrap())
            .collect();
        assert!(
            zh.contains(&"小分队下沉记录: 覆盖 3/4 个季度，缺 2025年第4季度"),
            "{zh:?}"
        );
        // C3.3's register is malformed: no dates were matched, so it carries no finding, and
        // status takes none of its quarters for covered.
        assert!(registers(&mut v, "C3.3").is_empty());
        let (standard, files, v) = results();
        assert_eq!(
            due("C3.3", &standard, &files, &v),
            ["2025-12-31 走访台账：2025年第4季度"]
        );
    }

    /// Status reads the finding, not the words: reworded reasons change nothing, an edited
    /// finding changes what is due.
    #[test]
    fn status_follows_the_finding_whatever_the_reason_says() {
        let (standard, files, v) = results();
        assert_eq!(due("B3.1", &standard, &files, &v), [Q4_DUE]);

        // The reason reworded, and made to say the opposite in the very words a reader of
        // reasons would trust (all four quarters covered): the same answer.
        for words in [
            (
                "小分队下沉记录: 覆盖 4/4 个季度",
                "service squad visit records: 4 of 4 quarters covered",
            ),
            (
                "小分队下沉记录：四个季度里有三个有记录",
                "service squad visit records: three quarters of four",
            ),
        ] {
            let mut reworded = v.clone();
            for check in registers(&mut reworded, "B3.1") {
                for r in check["reasons"].as_array_mut().unwrap() {
                    r["zh"] = Value::from(words.0);
                    r["en"] = Value::from(words.1);
                }
            }
            assert_eq!(
                due("B3.1", &standard, &files, &reworded),
                [Q4_DUE],
                "{words:?}"
            );
        }

        // The finding edited (Q4 covered), the words untouched: nothing is due any more.
        let mut edited = v.clone();
        for check in registers(&mut edited, "B3.1") {
            check["periods"]["covered"] =
                serde_json::json!(["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]);
        }
        assert_eq!(
            due("B3.1", &standard, &files, &edited),
            Vec::<String>::new()
        );
    }

    /// Results written before version 6 carry no finding: status reads the reason in the words
    /// of the time, and gives the same answer as from today's results.
    #[test]
    fn results_before_version_6_are_read_from_their_words() {
        let (standard, files, v) = results();
        let mut old = v.clone();
        old["schema_version"] = Value::from(5);
        fn strip(v: &mut Value) {
            match v {
                Value::Object(map) => {
                    map.remove("periods");
                    map.values_mut().for_each(strip);
                }
                Value::Array(items) => items.iter_mut().for_each(strip),
                _ => {}
            }
        }
        strip(&mut old);
        assert!(!old.to_string().contains("\"covered\""));
        let today = changai::render::status::context(
            &serde_json::from_value(v.clone()).unwrap(),
            &standard,
            &files,
            jiff::civil::Date::new(2025, 12, 20).unwrap(),
        );
        let then = changai::render::status::context(
            &serde_json::from_value(old.clone()).unwrap(),
            &standard,
            &files,
            jiff::civil::Date::new(2025, 12, 20).unwrap(),
        );
        assert_eq!(then, today);
        // There the words decide: a reason saying every quarter is covered leaves none due.
        let mut words = old.clone();
        let items = words["items"].as_array_mut().unwrap();
        let b31 = items.iter_mut().find(|i| i["id"] == "B3.1").unwrap();
        let text = b31
            .to_string()
            .replace("覆盖 3/4 个季度，缺 2025年第4季度", "覆盖 4/4 个季度");
        *b31 = serde_json::from_str(&text).unwrap();
        assert_eq!(due("B3.1", &standard, &files, &words), Vec::<String>::new());
        assert_eq!(due("B3.1", &standard, &files, &old), [Q4_DUE]);
    }
}
