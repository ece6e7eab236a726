//! One diagnostic for "cannot run" (exit 2): `pack.yaml` and `review.yaml` faults are told like a
//! standard's — every fault, `file:line:column`, the line with a caret and a did-you-mean — in
//! the run's language, through the binary's entry point; a missing standard and an unreadable or
//! malformed results file are one rendered diagnostic each.

use std::path::Path;
use std::process::Command;

use changai::cli::{run, Exit, Output};

use crate::evaluate::{env_at, repo};

fn at(dir: &Path, args: &[&str]) -> Output {
    run(
        std::iter::once("changai").chain(args.iter().copied()),
        &env_at(dir),
    )
}

/// `(exit, stdout, stderr)` of a run, for exact comparison.
fn told(out: Output) -> (Exit, String, String) {
    (out.code, String::from_utf8(out.stdout).unwrap(), out.stderr)
}

fn pack_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// A misspelled (optional) key and a list where a name should be.
const PACK_TWO_FAULTS: &str = "community: 灵峰工业社区\nperiod: 2025\nstandard: {id: chanye-6-17-55, version: \"2024\"}\npreparer: [张三, 李四]\nnot_aplicable:\n  - item: E2.2\n    reason: 辖区内无集卡司机群体\n";

const PACK_OK: &str =
    "community: 灵峰工业社区\nperiod: 2025\nstandard: {id: x, version: \"1\"}\npreparer: 张三\n";

/// A misspelled key in an attestation and a word where a re-score's number should be.
const REVIEW_TWO_FAULTS: &str = "attestations:\n  - item: A1.1\n    by: 赵六\n    role: 区总工会\n    date: 2025-12-20\n    verdict: met\n    comentt: 已核\nrescores:\n  - {item: A1.2, score: 满分, by: 赵六, date: 2025-12-20}\n";

#[test]
fn pack_yaml_faults_are_all_told_with_caret_snippet_and_help() {
    let dir = pack_with(&[("pack.yaml", PACK_TWO_FAULTS)]);
    assert_eq!(
        told(at(dir.path(), &["evaluate", "."])),
        (
            Exit::Error,
            String::new(),
            "错误[schema]：[\"张三\",\"李四\"] 的类型不对，应为文本\n  --> pack.yaml:4:11\n  |\n4 | preparer: [张三, 李四]\n  |           ^\n\n\
             错误[unknown-key]：未知的键 `not_aplicable`\n  --> pack.yaml:5:1\n  |\n5 | not_aplicable:\n  | ^\n  = 提示：是否应为 `not_applicable`？\n\n"
                .to_owned()
        )
    );
    assert_eq!(
        told(at(dir.path(), &["--lang", "en", "evaluate", "."])),
        (
            Exit::Error,
            String::new(),
            "error[schema]: `/preparer`: [\"张三\",\"李四\"] has the wrong type: it should be text\n  --> pack.yaml:4:11\n  |\n4 | preparer: [张三, 李四]\n  |           ^\n\n\
             error[unknown-key]: unknown key `not_aplicable`\n  --> pack.yaml:5:1\n  |\n5 | not_aplicable:\n  | ^\n  = help: did you mean `not_applicable`?\n\n"
                .to_owned()
        )
    );
}

#[test]
fn review_yaml_faults_are_all_told_with_caret_snippet_and_help() {
    let dir = pack_with(&[("pack.yaml", PACK_OK), ("review.yaml", REVIEW_TWO_FAULTS)]);
    assert_eq!(
        told(at(dir.path(), &["evaluate", "."])),
        (
            Exit::Error,
            String::new(),
            "错误[unknown-key]：未知的键 `comentt`\n  --> review.yaml:7:5\n  |\n7 |     comentt: 已核\n  |     ^\n  = 提示：是否应为 `comment`？\n\n\
             错误[schema]：\"满分\" 的类型不对，应为数字\n  --> review.yaml:9:25\n  |\n9 |   - {item: A1.2, score: 满分, by: 赵六, date: 2025-12-20}\n  |                         ^\n\n"
                .to_owned()
        )
    );
    assert_eq!(
        told(at(dir.path(), &["--lang", "en", "evaluate", "."])),
        (
            Exit::Error,
            String::new(),
            "error[unknown-key]: unknown key `comentt`\n  --> review.yaml:7:5\n  |\n7 |     comentt: 已核\n  |     ^\n  = help: did you mean `comment`?\n\n\
             error[schema]: `/rescores/0/score`: \"满分\" has the wrong type: it should be a number\n  --> review.yaml:9:25\n  |\n9 |   - {item: A1.2, score: 满分, by: 赵六, date: 2025-12-20}\n  |                         ^\n\n"
                .to_owned()
        )
    );
}

/// Both declarations are diagnosed before the run stops: the officer fixes them in one go.
#[test]
fn faults_of_both_declarations_come_together_in_file_order() {
    let dir = pack_with(&[
        ("pack.yaml", PACK_TWO_FAULTS),
        ("review.yaml", REVIEW_TWO_FAULTS),
    ]);
    let err = changai::evidence::Pack::open(dir.path()).unwrap_err();
    assert_eq!(
        err.diagnostics
            .iter()
            .map(|d| d.location())
            .collect::<Vec<_>>(),
        [
            "pack.yaml:4:11",
            "pack.yaml:5:1",
            "review.yaml:7:5",
            "review.yaml:9:25"
        ]
    );
}

/// A correct declaration is one typed parse; nothing changes for the samples.
#[test]
fn correct_declarations_still_open() {
    let pack = changai::evidence::Pack::open(&repo().join("evidence-samples/dagang-2025")).unwrap();
    assert!(pack.problems.is_empty(), "{:?}", pack.problems);
}

#[test]
fn a_missing_standard_is_one_rendered_diagnostic() {
    let dir = pack_with(&[("pack.yaml", PACK_OK)]);
    assert_eq!(
        told(at(
            dir.path(),
            &["evaluate", ".", "--standard", "no-such.yaml"]
        )),
        (
            Exit::Error,
            String::new(),
            "错误：no-such.yaml：找不到这个文件或文件夹\n".to_owned()
        )
    );
    assert_eq!(
        told(at(
            dir.path(),
            &[
                "--lang",
                "en",
                "evaluate",
                ".",
                "--standard",
                "no-such.yaml"
            ]
        )),
        (
            Exit::Error,
            String::new(),
            "error: no-such.yaml: no such file or folder\n".to_owned()
        )
    );
}

#[test]
fn an_unreadable_results_file_is_one_rendered_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("mkfifo")
        .arg(dir.path().join("results.json"))
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(
        told(at(dir.path(), &["report", "results.json"])),
        (
            Exit::Error,
            String::new(),
            "错误：results.json：这里应是普通文件，实际是命名管道（FIFO），不读取\n".to_owned()
        )
    );
    assert_eq!(
        told(at(dir.path(), &["--lang", "en", "report", "results.json"])),
        (
            Exit::Error,
            String::new(),
            "error: results.json: a named pipe (FIFO) stands here instead of a regular file; not read\n"
                .to_owned()
        )
    );
}

/// Malformed results point at the line and column, with the snippet, in report and verify alike.
#[test]
fn malformed_results_show_their_line() {
    let dir = pack_with(&[
        ("pack.yaml", PACK_OK),
        (
            "bad.json",
            "{\n  \"schema_version\": 2,\n  \"pack\": {,\n}\n",
        ),
    ]);
    let expected = "错误[malformed-results]：不是有效的评估结果 JSON（语法错误）\n  --> bad.json:3:12\n  |\n3 |   \"pack\": {,\n  |            ^\n\n";
    for args in [
        &["report", "bad.json"][..],
        &["verify", "bad.json", "."][..],
    ] {
        assert_eq!(
            told(at(dir.path(), args)),
            (Exit::Error, String::new(), expected.to_owned()),
            "{args:?}"
        );
    }
    let en = told(at(dir.path(), &["--lang", "en", "report", "bad.json"]));
    assert_eq!(
        en.2,
        "error[malformed-results]: not valid results JSON (syntax error)\n  --> bad.json:3:12\n  |\n3 |   \"pack\": {,\n  |            ^\n\n"
    );
}

/// Asked for JSON, a command that cannot run gives the script its diagnostics on stdout (both
/// languages) and the person the rendered ones on stderr.
#[test]
fn json_formats_carry_the_diagnostics_on_stdout() {
    let dir = pack_with(&[("pack.yaml", PACK_TWO_FAULTS)]);
    let out = at(dir.path(), &["evaluate", ".", "--format", "json"]);
    assert_eq!(out.code, Exit::Error);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v,
        serde_json::json!({
            "cannot_run": true,
            "diagnostics": [
                {
                    "severity": "error", "code": "schema",
                    "message": "[\"张三\",\"李四\"] 的类型不对，应为文本",
                    "message_en": "`/preparer`: [\"张三\",\"李四\"] has the wrong type: it should be text",
                    "file": "pack.yaml", "line": 4, "column": 11
                },
                {
                    "severity": "error", "code": "unknown-key",
                    "message": "未知的键 `not_aplicable`",
                    "message_en": "unknown key `not_aplicable`",
                    "file": "pack.yaml", "line": 5, "column": 1,
                    "help": "是否应为 `not_applicable`？",
                    "help_en": "did you mean `not_applicable`?"
                }
            ]
        })
    );
    assert_eq!(
        out.stderr,
        at(dir.path(), &["evaluate", "."]).stderr,
        "stderr is the same rendering as without --format json"
    );
    let out = at(
        dir.path(),
        &["validate", "no-such.yaml", "--format", "json"],
    );
    assert_eq!(
        (
            out.code,
            serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
        ),
        (
            Exit::Error,
            serde_json::json!({"cannot_run": true, "diagnostics": [{
                "severity": "error", "code": "not-found",
                "message": "找不到这个文件或文件夹", "message_en": "no such file or folder",
                "file": "no-such.yaml", "line": null, "column": null
            }]})
        )
    );
    let dir = pack_with(&[
        ("pack.yaml", PACK_OK),
        ("bad.json", "{\n  \"pack\": {,\n}\n"),
    ]);
    for args in [
        &["verify", "bad.json", ".", "--format", "json"][..],
        &["rank", "bad.json", "--format", "json"][..],
        &["report", "bad.json", "--format", "json"][..],
    ] {
        let out = at(dir.path(), args);
        assert_eq!(out.code, Exit::Error, "{args:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["cannot_run"], true, "{args:?}");
    }
    let out = at(dir.path(), &["verify", "bad.json", ".", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["diagnostics"],
        serde_json::json!([{
            "severity": "error", "code": "malformed-results",
            "message": "不是有效的评估结果 JSON（语法错误）",
            "message_en": "not valid results JSON (syntax error)",
            "file": "bad.json", "line": 2, "column": 12,
            // the JSON reader's own words: the technical cause, apart from ours
            "cause": "key must be a string at line 2 column 12"
        }])
    );
    let out = at(dir.path(), &["rank", "bad.json", "--format", "json"]);
    assert_eq!(
        (
            serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["diagnostics"][0]
                ["code"]
                .clone(),
            out.stderr
        ),
        (
            serde_json::json!("nothing-to-rank"),
            "错误：没有可排名的社区\n警告：未能评估 bad.json：不是有效的评估结果 JSON（语法错误）（第 2 行第 12 列）\n"
                .to_owned()
        )
    );
}
