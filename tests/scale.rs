//! Tests: a large standard is evaluated in full or not at all, never silently scored near 0.
//!
//! The standards and packs are generated here (small files), so each test stays fast: one past
//! the size where the glob index once failed (about 7,000 distinct globs), a pack that names
//! another standard, and a validation with thousands of findings. No test here times anything:
//! `bench/scale.sh` does, on a release build.

use std::fmt::Write as _;
use std::path::Path;

use changai::cli::{run, Env, Exit, Output};
use serde_json::Value;

fn env_at(cwd: &Path) -> Env {
    Env {
        cwd: cwd.to_path_buf(),
        color: false,
        source_date_epoch: None,
    }
}

fn changai(cwd: &Path, args: &[&str]) -> Output {
    let mut argv = vec!["changai"];
    argv.extend_from_slice(args);
    run(argv, &env_at(cwd))
}

/// A standard of `leaves` leaves (10 areas × groups × 10), `globs` files checks per leaf, each
/// on a glob of its own (`Tn/leaf/e0.txt`, then `Tn/leaf/{e0,x<j>}.txt`, all finding the leaf's one file `e0.txt`);
/// without `guidance` when `warn`.
fn standard(id: &str, leaves: usize, globs: usize, warn: bool) -> String {
    let mut s = String::new();
    writeln!(
        s,
        "id: {id}\nversion: \"1\"\ntitle: {{zh: 基准, en: Benchmark}}"
    )
    .unwrap();
    s.push_str("issuer: {zh: 基准, en: Benchmark}\n");
    s.push_str("levels:\n  - {zh: 一级, en: L1}\n  - {zh: 二级, en: L2}\n  - {zh: 三级, en: L3}\n");
    writeln!(s, "scoring:\n  total: {leaves}\n  grades:").unwrap();
    s.push_str("    - {id: good, title: {zh: 好, en: Good}, min: 1}\n");
    s.push_str("    - {id: fail, title: {zh: 差, en: Fail}, min: 0}\nitems:\n");
    for a in 0..10 {
        writeln!(
            s,
            "  - id: T{a}\n    title: {{zh: 一级{a}, en: Area {a}}}\n    items:"
        )
        .unwrap();
        for g in 0..leaves / 100 {
            let group = format!("T{a}-{g:03}");
            writeln!(
                s,
                "      - id: {group}\n        title: {{zh: 二级, en: Group}}\n        items:"
            )
            .unwrap();
            for k in 0..10 {
                let leaf = format!("{group}-{k}");
                writeln!(s, "          - id: {leaf}\n            title: {{zh: 三级, en: Leaf}}\n            points: 1").unwrap();
                if !warn {
                    writeln!(s, "            guidance: 把证据放进 T{a}/{leaf}/").unwrap();
                }
                s.push_str("            checks:\n");
                writeln!(
                    s,
                    "              - files: {{glob: \"T{a}/{leaf}/e0.txt\", min: 1}}"
                )
                .unwrap();
                for j in 1..globs {
                    writeln!(
                        s,
                        "              - files: {{glob: \"T{a}/{leaf}/{{e0,x{j}}}.txt\", min: 1}}"
                    )
                    .unwrap();
                }
            }
        }
    }
    s
}

/// A pack naming `standard_id` with the one file `e0.txt` of every leaf of [`standard`].
fn pack(dir: &Path, standard_id: &str, leaves: usize) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("pack.yaml"),
        format!("community: 基准社区\nperiod: 2025\npreparer: 基准\nstandard: {{id: {standard_id}, version: \"1\"}}\n"),
    )
    .unwrap();
    for a in 0..10 {
        for g in 0..leaves / 100 {
            for k in 0..10 {
                let leaf = format!("T{a}-{g:03}-{k}");
                let folder = dir.join(format!("T{a}/{leaf}"));
                std::fs::create_dir_all(&folder).unwrap();
                std::fs::write(folder.join("e0.txt"), "2025年工作记录\n").unwrap();
            }
        }
    }
}

/// 8,000 distinct globs, past the ~7,000 where the one glob set failed to build and every check
/// said "not found" with exit 0: every leaf finds all its files and is met, full score, no problem.
#[test]
fn eight_thousand_distinct_globs_find_their_files() {
    let dir = tempfile::tempdir().unwrap();
    let (leaves, globs) = (400, 20);
    std::fs::write(
        dir.path().join("big.yaml"),
        standard("big", leaves, globs, false),
    )
    .unwrap();
    pack(&dir.path().join("pack"), "big", leaves);
    let out = changai(
        dir.path(),
        &[
            "evaluate",
            "pack",
            "--standard",
            "big.yaml",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.stderr, "");
    assert_eq!(out.code, Exit::Ok);
    let results: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(results["problems"], serde_json::json!([]));
    let items = results["items"].as_array().unwrap();
    assert_eq!(items.len(), leaves);
    for item in items {
        assert_eq!(item["status"], "met", "{}", item["id"]);
        assert_eq!(
            item["checks"].as_array().unwrap().len(),
            globs,
            "{}",
            item["id"]
        );
    }
    assert_eq!(results["score"]["total"], serde_json::json!(400.0));
}

/// Without `--standard`, a pack prepared for another standard is not scored against the embedded
/// one: exit 2, naming the `standard:` line of pack.yaml and both standards. `report` and `rank`
/// refuse it the same way.
#[test]
fn a_pack_naming_another_standard_cannot_run_without_it() {
    let dir = tempfile::tempdir().unwrap();
    pack(&dir.path().join("pack"), "big", 100);
    let out = changai(dir.path(), &["evaluate", "pack"]);
    assert_eq!(out.code, Exit::Error);
    assert!(out.stdout.is_empty());
    assert_eq!(
        out.stderr,
        "错误[pack-standard]：证据包是按标准 `big 1` 准备的，不是内置的标准 `lingfeng-2021 2021.1`；未指定标准时不能评估\n  --> pack.yaml:4:16\n  |\n4 | standard: {id: big, version: \"1\"}\n  |                ^\n  = 提示：用 --standard 指定标准 `big 1` 的文件或文件夹；确要按内置标准评估，也用 --standard 写明\n\n"
    );
    let en = changai(dir.path(), &["--lang", "en", "evaluate", "pack"]);
    assert_eq!(en.code, Exit::Error);
    assert_eq!(
        en.stderr,
        "error[pack-standard]: the pack was prepared for the standard `big 1`, not the embedded `lingfeng-2021 2021.1`; it cannot be evaluated without its standard\n  --> pack.yaml:4:16\n  |\n4 | standard: {id: big, version: \"1\"}\n  |                ^\n  = help: give the standard `big 1` with --standard; to evaluate against another standard on purpose, name that one with --standard\n\n"
    );
    let report = changai(dir.path(), &["report", "pack", "--format", "md"]);
    assert_eq!(report.code, Exit::Error);
    assert_eq!(report.stderr, out.stderr);
    let rank = changai(dir.path(), &["rank", "pack"]);
    assert_eq!(rank.code, Exit::Error);
    assert!(rank.stderr.contains("`big 1`"), "{}", rank.stderr);
}

/// Another version of the embedded standard is another standard too (next year's revision
/// scores differently): without `--standard` the pack cannot run, and the message points at the
/// version.
#[test]
fn a_pack_naming_another_version_cannot_run_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    crate::evaluate::copy_tree(
        &crate::evaluate::repo().join("evidence-samples/xiapu-2025"),
        &pack,
    );
    let yaml = std::fs::read_to_string(pack.join("pack.yaml")).unwrap();
    let (line, _) = yaml
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("standard:"))
        .unwrap();
    std::fs::write(
        pack.join("pack.yaml"),
        yaml.replace("version: \"2021.1\"", "version: \"2020.1\""),
    )
    .unwrap();
    let out = changai(dir.path(), &["evaluate", "pack"]);
    assert_eq!(out.code, Exit::Error);
    assert!(out.stdout.is_empty());
    assert_eq!(
        line, 2,
        "the sample's pack.yaml names its standard on line 3"
    );
    assert_eq!(
        out.stderr,
        "错误[pack-standard]：证据包是按标准 `lingfeng-2021 2020.1` 准备的，不是内置的标准 `lingfeng-2021 2021.1`；未指定标准时不能评估\n  --> pack.yaml:3:40\n  |\n3 | standard: {id: lingfeng-2021, version: \"2020.1\"}\n  |                                        ^\n  = 提示：用 --standard 指定标准 `lingfeng-2021 2020.1` 的文件或文件夹；确要按内置标准评估，也用 --standard 写明\n\n"
    );
}

/// Given on purpose with `--standard`, another standard is used, with the warning saying so.
#[test]
fn with_standard_given_the_difference_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("small.yaml"),
        standard("small", 100, 1, false),
    )
    .unwrap();
    pack(&dir.path().join("pack"), "big", 100);
    let out = changai(
        dir.path(),
        &[
            "evaluate",
            "pack",
            "--standard",
            "small.yaml",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, Exit::Ok);
    assert_eq!(out.stderr, "");
    let results: Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems = results["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["severity"], "warning");
    assert_eq!(problems[0]["code"], "standard-mismatch");
    assert_eq!(problems[0]["line"], 4);
    assert_eq!(
        problems[0]["message"],
        "证据包按 `big 1` 准备，但按 `small 1` 评估"
    );
    assert_eq!(results["score"]["total"], serde_json::json!(100.0));
}

/// 3,000 findings in one file: every one is listed exactly once, in order, in every format.
#[test]
fn validate_lists_each_of_three_thousand_findings_once() {
    let dir = tempfile::tempdir().unwrap();
    let leaves = 3000;
    std::fs::write(dir.path().join("w.yaml"), standard("w", leaves, 1, true)).unwrap();
    let ids: Vec<String> = (0..10)
        .flat_map(|a| (0..30).flat_map(move |g| (0..10).map(move |k| format!("T{a}-{g:03}-{k}"))))
        .collect();

    let human = changai(dir.path(), &["validate", "w.yaml"]);
    assert_eq!(human.code, Exit::Ok);
    let text = String::from_utf8(human.stdout).unwrap();
    let found: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("警告[empty-guidance]：末级条目 `"))
        .filter_map(|l| l.strip_suffix("` 没有填写指引"))
        .collect();
    assert_eq!(found, ids);
    assert_eq!(
        text.lines()
            .filter(|l| l.starts_with("  --> w.yaml:"))
            .count(),
        leaves
    );
    assert!(
        text.ends_with("✓ w.yaml: w 1，结构 10/300/3000，3000 个警告\n"),
        "{}",
        &text[text.len() - 200..]
    );

    let json = changai(dir.path(), &["validate", "w.yaml", "--format", "json"]);
    let doc: Value = serde_json::from_slice(&json.stdout).unwrap();
    let items: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["item"].as_str().unwrap())
        .collect();
    assert_eq!(items, ids);

    for (format, each) in [
        ("github", "::warning file=w.yaml,"),
        ("junit", "<testcase name=\"empty-guidance w.yaml:"),
        ("sarif", "\"ruleId\": \"empty-guidance\""),
    ] {
        let out = changai(dir.path(), &["validate", "w.yaml", "--format", format]);
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(text.matches(each).count(), leaves, "{format}");
    }
}
