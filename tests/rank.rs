//! Tests: `changai rank` — many packs evaluated and ranked, failures listed, ties, last year.

use std::path::Path;

use changai::cli::{run, Exit, Output};

use crate::evaluate::{env_at, repo};

fn rank(cwd: &Path, args: &[&str]) -> Output {
    let mut argv = vec!["changai"];
    if args.first() == Some(&"--lang") {
        argv.extend(&args[..2]);
        argv.push("rank");
        argv.extend(&args[2..]);
    } else {
        argv.push("rank");
        argv.extend(args);
    }
    run(argv, &env_at(cwd))
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap()
}

/// (rank, community, ranked total) of every row.
fn order(v: &serde_json::Value) -> Vec<(u64, String, f64)> {
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["rank"].as_u64().unwrap(),
                r["community"].as_str().unwrap().to_owned(),
                r["ranked_total"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn samples_rank_lingfeng_dagang_then_vetoed_xiapu() {
    let out = rank(&repo(), &["evidence-samples", "--format", "json"]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let v = json(&out);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(
        order(&v),
        vec![
            (1, "灵峰工业社区".to_owned(), 96.87),
            (2, "大港工业社区".to_owned(), 70.85),
            (3, "霞浦物流工业社区".to_owned(), 59.08),
        ]
    );
    // dagang ranks by its reviewed total; its self-score is kept beside it.
    assert_eq!(v["rows"][1]["self_total"], 72.63);
    assert_eq!(
        v["rows"][2]["vetoes"][0]["zh"],
        "发生负有责任的重大安全生产责任事故"
    );
    assert_eq!(v["failures"], serde_json::json!([]));

    let table = rank(&repo(), &["evidence-samples"]);
    assert_eq!(table.code, Exit::Ok);
    insta::assert_snapshot!("rank-table", stdout(&table));
    let csv = rank(&repo(), &["evidence-samples", "--format", "csv"]);
    assert_eq!(csv.code, Exit::Ok);
    assert!(csv.stdout.starts_with(b"\xEF\xBB\xBF"));
    insta::assert_snapshot!("rank-csv", stdout(&csv));
}

#[test]
fn rank_in_english_and_as_markdown() {
    let out = rank(&repo(), &["--lang", "en", "evidence-samples"]);
    assert_eq!(out.code, Exit::Ok);
    insta::assert_snapshot!("rank-table-en", stdout(&out));
    let md = rank(&repo(), &["evidence-samples", "--format", "md"]);
    assert_eq!(md.code, Exit::Ok);
    insta::assert_snapshot!("rank-md", stdout(&md));
}

#[test]
fn a_broken_pack_is_a_failure_and_the_others_are_ranked() {
    let dir = tempfile::tempdir().unwrap();
    let packs = dir.path().join("packs");
    for name in ["lingfeng-2025", "xiapu-2025"] {
        crate::evaluate::copy_tree(
            &repo().join("evidence-samples").join(name),
            &packs.join(name),
        );
    }
    std::fs::create_dir_all(packs.join("broken")).unwrap();
    std::fs::write(
        packs.join("broken/pack.yaml"),
        "community: 某社区\nperiodd: 2025\n",
    )
    .unwrap();

    let out = rank(dir.path(), &["packs", "--format", "json"]);
    assert_eq!(out.code, Exit::Ok);
    let v = json(&out);
    assert_eq!(
        order(&v),
        vec![
            (1, "灵峰工业社区".to_owned(), 96.87),
            (2, "霞浦物流工业社区".to_owned(), 59.08),
        ]
    );
    assert_eq!(
        v["failures"],
        serde_json::json!([{"source": "packs/broken", "message": "pack.yaml:1:1：缺少键 `period`；pack.yaml:1:1：缺少键 `standard`；pack.yaml:1:1：缺少键 `preparer`；pack.yaml:2:1：未知的键 `periodd`（是否应为 `period`？）"}])
    );
    assert_eq!(
        out.stderr,
        "警告：未能评估 packs/broken：pack.yaml:1:1：缺少键 `period`；pack.yaml:1:1：缺少键 `standard`；pack.yaml:1:1：缺少键 `preparer`；pack.yaml:2:1：未知的键 `periodd`（是否应为 `period`？）\n"
    );

    // In the table the failure is listed under the ranking.
    let out = rank(dir.path(), &["packs"]);
    assert_eq!(out.code, Exit::Ok);
    assert!(stdout(&out).ends_with(
        "未能评估：\n  ✗ packs/broken：pack.yaml:1:1：缺少键 `period`；pack.yaml:1:1：缺少键 `standard`；pack.yaml:1:1：缺少键 `preparer`；pack.yaml:2:1：未知的键 `periodd`（是否应为 `period`？）\n"
    ));

    // Nothing rankable: exit 2, every failure named.
    let out = rank(dir.path(), &["packs/broken", "missing"]);
    assert_eq!(out.code, Exit::Error);
    assert_eq!(
        out.stderr,
        "错误：没有可排名的社区\n警告：未能评估 missing：不存在\n警告：未能评估 packs/broken：pack.yaml:1:1：缺少键 `period`；pack.yaml:1:1：缺少键 `standard`；pack.yaml:1:1：缺少键 `preparer`；pack.yaml:2:1：未知的键 `periodd`（是否应为 `period`？）\n"
    );
}

/// Writes a copy of `results` under another community name and total.
fn variant(results: &serde_json::Value, community: &str, total: f64) -> serde_json::Value {
    let mut v = results.clone();
    v["pack"]["community"] = community.into();
    v["score"]["total"] = total.into();
    crate::support::resealed(v)
}

#[test]
fn ties_share_a_rank_and_last_year_gives_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let results =
        changai::evaluate_pack(&repo().join("evidence-samples/lingfeng-2025"), None).unwrap();
    let base = serde_json::to_value(&results).unwrap();
    let write = |name: &str, v: &serde_json::Value| {
        std::fs::write(dir.path().join(name), serde_json::to_string(v).unwrap()).unwrap();
    };
    write("a.json", &variant(&base, "甲社区", 90.0));
    write("b.json", &variant(&base, "乙社区", 85.5));
    write("c.json", &variant(&base, "丙社区", 85.5));
    write("d.json", &variant(&base, "丁社区", 80.0));
    std::fs::create_dir(dir.path().join("2024")).unwrap();
    let mut last = variant(&base, "乙社区", 88.0);
    last["pack"]["period"] =
        serde_json::json!({"from": "2024-01-01", "to": "2024-12-31", "label": "2024"});
    std::fs::write(
        dir.path().join("2024/乙.json"),
        serde_json::to_string(&crate::support::resealed(last)).unwrap(),
    )
    .unwrap();

    let out = rank(
        dir.path(),
        &[
            "a.json",
            "b.json",
            "c.json",
            "d.json",
            "--format",
            "json",
            "--previous",
            "2024",
        ],
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let v = json(&out);
    let ranks: Vec<(u64, String)> = order(&v).into_iter().map(|(r, c, _)| (r, c)).collect();
    assert_eq!(
        ranks,
        vec![
            (1, "甲社区".to_owned()),
            (2, "丙社区".to_owned()),
            (2, "乙社区".to_owned()),
            (4, "丁社区".to_owned()),
        ]
    );
    assert_eq!(v["rows"][2]["change"], -2.5);
    assert_eq!(v["rows"][2]["previous_period"], "2024");
    assert_eq!(v["rows"][0]["change"], serde_json::Value::Null);

    let table = stdout(&rank(
        dir.path(),
        &["a.json", "b.json", "--previous", "2024/乙.json"],
    ));
    let line = table.lines().find(|l| l.contains("乙社区")).unwrap();
    assert!(line.contains("  -2.5  "), "{line}");
}

#[test]
fn results_dir_keeps_each_evaluated_pack_for_verify() {
    let dir = tempfile::tempdir().unwrap();
    let samples = repo().join("evidence-samples");
    let out = run(
        [
            "changai",
            "rank",
            samples.to_str().unwrap(),
            "--results-dir",
            "kept",
            "--output",
            "rank.md",
            "--format",
            "md",
        ],
        &env_at(dir.path()),
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    let mut kept: Vec<String> = std::fs::read_dir(dir.path().join("kept"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    kept.sort();
    assert_eq!(
        kept,
        [
            "大港工业社区.json",
            "灵峰工业社区.json",
            "霞浦物流工业社区.json"
        ]
    );
    let verify = run(
        [
            "changai",
            "verify",
            "kept/大港工业社区.json",
            samples.join("dagang-2025").to_str().unwrap(),
        ],
        &env_at(dir.path()),
    );
    assert_eq!(verify.code, Exit::Ok, "{}", verify.stderr);
    // The kept results rank the same as the packs.
    let again = rank(dir.path(), &["kept", "--format", "json"]);
    assert_eq!(
        again.code,
        Exit::Error,
        "a folder of results files is not a folder of packs"
    );
    let again = rank(
        dir.path(),
        &[
            "kept/灵峰工业社区.json",
            "kept/大港工业社区.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        order(&json(&again))[1],
        (2, "大港工业社区".to_owned(), 70.85)
    );
}

/// Results scored against different standards, or one community given twice, are ranked but
/// flagged under the table.
#[test]
fn mixed_standards_and_duplicates_are_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let results =
        changai::evaluate_pack(&repo().join("evidence-samples/lingfeng-2025"), None).unwrap();
    let base = serde_json::to_value(&results).unwrap();
    let mut other = variant(&base, "乙社区", 80.0);
    other["standard"]["id"] = "sanding-2022".into();
    other["standard"]["version"] = "2022.1".into();
    let other = crate::support::resealed(other);
    for (name, v) in [("a.json", &base), ("b.json", &base), ("c.json", &other)] {
        std::fs::write(dir.path().join(name), serde_json::to_string(v).unwrap()).unwrap();
    }
    let out = rank(dir.path(), &["a.json", "b.json", "c.json"]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let table = stdout(&out);
    let notes: Vec<&str> = table.lines().filter(|l| l.contains("注意")).collect();
    assert_eq!(
        notes,
        vec![
            "· 注意：这些结果依据不同的标准（lingfeng-2021 2021.1、sanding-2022 2022.1），分数不能直接比较",
            "· 注意：同一社区同一考核期出现多次：灵峰工业社区 2025 ×2",
        ]
    );
}
