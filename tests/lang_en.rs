//! Tests: English output is English, and a dependency's words never follow ours.
//!
//! 1. `evaluate --lang en` (terminal) and `report --lang en --format md` of each sample pack hold
//!    no Chinese outside what the pack itself gives. Allowed, because they are names a person
//!    must find or type in Chinese and translating them would mislead:
//!    - the pack's own data: its file and folder names, every text of `pack.yaml` and
//!      `review.yaml` (community, preparer, reasons, reviewers' notes), the column names and
//!      cell values of its registers (`data/`);
//!    - the words the standard requires to appear in the pack: the name parts of file patterns
//!      (`*计划*`), column names, required values, keywords, reviewer roles — every string of a
//!      check except its `label` and `describe`, which have English halves;
//!    - the standard's Chinese source as it is cited: the article (`source`), its terms (`term`,
//!      explained in English beside it), the words of the article its English basis notes quote
//!      (`note_en`), and the approving body (`approver`, which the reviewer's role must match);
//!    - the blank fill-in lines `＿＿＿＿` and `＿＿＿＿＿＿＿＿` of the signature and rectification
//!      tables.
//!
//!    A line is offending when it holds a run of Chinese characters that is not a run of one of
//!    the allowed strings (runs are split at every non-Chinese character, so a sentence built
//!    around a name is caught, a name quoted whole is not).
//! 2. Hostile inputs (a truncated xlsx, an xls that is no compound file, a csv with a stray quote, broken
//!    json, broken yaml): the message is exactly our sentence in either language; the failing
//!    library's words are the diagnostic's `cause`, seen only in JSON and `--explain`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use changai::cli::{run, Env, Exit, Output};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn changai(cwd: &Path, args: &[&str]) -> Output {
    let mut argv = vec!["changai"];
    argv.extend_from_slice(args);
    run(
        argv,
        &Env {
            cwd: cwd.to_path_buf(),
            color: false,
            source_date_epoch: None,
        },
    )
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// A character of Chinese text: a Han character, CJK punctuation, or a full-width form.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// The maximal runs of Chinese characters in a text.
fn runs(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if is_cjk(c) {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn strings_of(v: &Value, skip: &[&str], out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings_of(x, skip, out)),
        Value::Object(m) => {
            for (k, x) in m {
                out.push(k.clone());
                if !skip.contains(&k.as_str()) {
                    strings_of(x, skip, out);
                }
            }
        }
        _ => {}
    }
}

fn yaml(path: &Path) -> Value {
    serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every string the standard's checks require to appear in a pack (see the module doc).
fn standard_words(dir: &Path) -> Vec<String> {
    fn checks(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    if matches!(k.as_str(), "source" | "term" | "note_en" | "approver") {
                        strings_of(x, &[], out);
                    } else if k == "checks" {
                        strings_of(x, &["label", "label_en", "describe", "describe_en"], out);
                    } else {
                        checks(x, out);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| checks(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "yaml") {
            checks(&yaml(e.path()), &mut out);
        }
    }
    out
}

/// Every name the pack gives (see the module doc).
fn pack_words(pack: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(pack).sort_by_file_name() {
        let e = e.unwrap();
        let rel = e
            .path()
            .strip_prefix(pack)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        out.push(rel.clone());
        if !e.file_type().is_file() {
            continue;
        }
        let bytes = std::fs::read(e.path()).unwrap();
        let ext = changai::evidence::read::extension(&rel);
        if rel == "pack.yaml" || rel == "review.yaml" {
            strings_of(&yaml(e.path()), &[], &mut out);
        } else if rel.starts_with("data/") && matches!(ext.as_str(), "csv" | "xlsx" | "xls") {
            if let Ok(t) = changai::evidence::read::read_table(&rel, bytes, None) {
                out.extend(t.columns.iter().cloned());
                for row in &t.rows {
                    for v in row.cells.values() {
                        out.push(changai::evidence::read::cell_str(v));
                    }
                }
            }
        } else if rel.starts_with("data/") && matches!(ext.as_str(), "yaml" | "yml" | "json") {
            if let Ok(d) = changai::evidence::read::read_doc(&rel, &bytes) {
                strings_of(&d.value, &[], &mut out);
            }
        }
    }
    out
}

/// The lines of `text` holding a Chinese run not in `allowed`.
fn offending(text: &str, allowed: &BTreeSet<String>) -> Vec<String> {
    text.lines()
        .filter(|l| runs(l).iter().any(|r| !allowed.contains(r)))
        .map(|l| {
            let bad: Vec<String> = runs(l)
                .into_iter()
                .filter(|r| !allowed.contains(r))
                .collect();
            format!("{bad:?} in: {l}")
        })
        .collect()
}

#[test]
fn english_output_of_the_samples_has_no_chinese_but_the_packs_own_names() {
    let standard = standard_words(&root().join("standards/lingfeng-2021"));
    for sample in ["lingfeng-2025", "dagang-2025", "xiapu-2025"] {
        let pack = root().join("evidence-samples").join(sample);
        let mut allowed: BTreeSet<String> =
            BTreeSet::from(["＿＿＿＿".to_owned(), "＿＿＿＿＿＿＿＿".to_owned()]);
        for s in pack_words(&pack).iter().chain(&standard) {
            allowed.extend(runs(s));
        }
        let shown = format!("evidence-samples/{sample}");
        let table = changai(&root(), &["evaluate", &shown, "--lang", "en"]);
        let md = changai(
            &root(),
            &["report", &shown, "--lang", "en", "--format", "md"],
        );
        let mut bad = Vec::new();
        for (what, text) in [
            ("evaluate stdout", stdout(&table)),
            ("evaluate stderr", table.stderr.clone()),
            ("report md", stdout(&md)),
            ("report stderr", md.stderr.clone()),
        ] {
            assert!(
                !text.is_empty() || what.contains("stderr"),
                "{sample}: {what} is empty"
            );
            bad.extend(
                offending(&text, &allowed)
                    .into_iter()
                    .map(|l| format!("{sample} {what}: {l}")),
            );
        }
        assert_eq!(bad, Vec::<String>::new(), "Chinese in English output");
    }
}

/// A pack with one broken file per reader, each the evidence of one item.
fn hostile_pack() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let w = |rel: &str, bytes: &[u8]| {
        let path = p.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    w(
        "pack.yaml",
        "community: 测试社区\nperiod: 2025\nstandard: {id: t, version: \"1\"}\npreparer: 王五\n"
            .as_bytes(),
    );
    // a csv whose quote never closes swallows the next line: one field where the header has two
    w("data/q.csv", b"a,b\n\"x,1\n2,3\n");
    w("data/j.json", b"{\"a\": [1, 2");
    w("data/y.yaml", b"a: [1, 2\nb: 3\n");
    // an old-format workbook whose compound file is broken: read (xls is not screened), refused
    w(
        "data/d.xls",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 this is no compound file",
    );
    // a real workbook, cut after its first 300 bytes
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write_string(0, 0, "姓名").unwrap();
    let xlsx = book.save_to_buffer().unwrap();
    w("data/x.xlsx", &xlsx[..300]);
    w(
        "std.yaml",
        r#"id: t
version: "1"
title: {zh: 测试标准, en: test}
issuer: {zh: 区总工会, en: district union}
levels: [{zh: 一级, en: one}, {zh: 二级, en: two}]
scoring:
  total: 10
  grades: [{id: ok, title: {zh: 合格, en: Pass}, min: 0}]
items:
  - id: A
    title: {zh: 组织, en: Organisation}
    items:
      - {id: A1, title: {zh: 台账, en: Register}, points: 2, guidance: 填, checks: [{records: {label: 台账, label_en: register, file: data/q.csv, min: 1}}]}
      - {id: A2, title: {zh: 指标, en: Indicators}, points: 2, guidance: 填, checks: [{value: {label: 人数, label_en: headcount, file: data/j.json, path: a, op: ">=", threshold: 1}}]}
      - {id: A3, title: {zh: 指标二, en: Indicators 2}, points: 2, guidance: 填, checks: [{value: {label: 人数, label_en: headcount, file: data/y.yaml, path: b, op: ">=", threshold: 1}}]}
      - {id: A4, title: {zh: 旧表, en: Old workbook}, points: 2, guidance: 填, checks: [{records: {label: 旧名册, label_en: old roster, file: data/d.xls, min: 1}}]}
      - {id: A5, title: {zh: 工作簿, en: Workbook}, points: 2, guidance: 填, checks: [{records: {label: 名册, label_en: roster, file: data/x.xlsx, min: 1}}]}
"#
        .as_bytes(),
    );
    dir
}

const XLS_CAUSE: &str = "Invalid CFB file (33 bytes is too small)";

/// `(item, location, message, message_en, cause)` of each problem, as JSON gives them.
fn problems(doc: &Value) -> Vec<(String, String, String, String, Option<String>)> {
    doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let s = |k: &str| p[k].as_str().unwrap_or_default().to_owned();
            let at = match (p["line"].as_u64(), p["column"].as_u64()) {
                (Some(l), Some(c)) => format!("{}:{l}:{c}", s("file")),
                (Some(l), None) => format!("{}:{l}", s("file")),
                _ => s("file"),
            };
            (
                s("item"),
                at,
                s("message"),
                s("message_en"),
                p["cause"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

#[test]
fn a_broken_file_is_told_in_our_words_and_the_readers_words_are_the_cause() {
    let pack = hostile_pack();
    let p = pack.path();
    let json = changai(
        p,
        &[
            "evaluate",
            ".",
            "--standard",
            "std.yaml",
            "--format",
            "json",
        ],
    );
    assert_eq!(json.code, Exit::Error);
    let doc: Value = serde_json::from_slice(&json.stdout).unwrap();
    let got = problems(&doc);
    let o = |s: &str| s.to_owned();
    assert_eq!(
        got,
        [
            (
                o("A1"),
                o("data/q.csv:2"),
                o("字段数不一致（表头 2 列，此行 1 列）"),
                o("wrong number of fields (header has 2, this row 1)"),
                None
            ),
            (
                o("A2"),
                o("data/j.json:1:11"),
                o("JSON 格式有误：文件意外结束（内容不完整）"),
                o("invalid JSON: unexpected end of the file"),
                Some(o("EOF while parsing a list at line 1 column 11"))
            ),
            (
                o("A3"),
                o("data/y.yaml:2:2"),
                o("YAML 格式有误"),
                o("invalid YAML"),
                got[2].4.clone()
            ),
            (
                o("A4"),
                o("data/d.xls"),
                o("无法作为 Excel 工作簿打开（文件可能已损坏，或不是 Excel 文件）"),
                o("cannot be opened as an Excel workbook (damaged, or not an Excel file)"),
                Some(o(XLS_CAUSE))
            ),
            // a cut-off xlsx is told by its content before any reader opens it: no reader's words
            (
                o("A5"),
                o("data/x.xlsx"),
                o("文件已损坏，无法作为 Excel 表格打开；请用 Excel 或 WPS 重新保存为 xlsx"),
                o("the file is damaged and cannot be opened as an Excel workbook; save it again as xlsx in Excel or WPS"),
                None
            ),
        ]
    );
    // the yaml reader's cause is its own text: present, and not ours
    assert!(got[2]
        .4
        .as_deref()
        .is_some_and(|c| !c.is_empty() && c != "invalid YAML"));
    let causes: Vec<String> = got.iter().filter_map(|g| g.4.clone()).collect();

    // the terminal, in both languages: the problem lines are exactly our sentences, and no
    // reader's words anywhere
    for (lang, lines) in [
        (
            "en",
            [
                "  error data/q.csv:2 [A1]: wrong number of fields (header has 2, this row 1)",
                "  error data/j.json:1:11 [A2]: invalid JSON: unexpected end of the file",
                "  error data/y.yaml:2:2 [A3]: invalid YAML",
                "  error data/d.xls [A4]: cannot be opened as an Excel workbook (damaged, or not an Excel file)",
                "  error data/x.xlsx [A5]: the file is damaged and cannot be opened as an Excel workbook; save it again as xlsx in Excel or WPS",
            ],
        ),
        (
            "zh",
            [
                "  错误 data/q.csv:2 [A1]：字段数不一致（表头 2 列，此行 1 列）",
                "  错误 data/j.json:1:11 [A2]：JSON 格式有误：文件意外结束（内容不完整）",
                "  错误 data/y.yaml:2:2 [A3]：YAML 格式有误",
                "  错误 data/d.xls [A4]：无法作为 Excel 工作簿打开（文件可能已损坏，或不是 Excel 文件）",
                "  错误 data/x.xlsx [A5]：文件已损坏，无法作为 Excel 表格打开；请用 Excel 或 WPS 重新保存为 xlsx",
            ],
        ),
    ] {
        let table = changai(p, &["evaluate", ".", "--standard", "std.yaml", "--lang", lang]);
        assert_eq!(table.code, Exit::Error);
        let out = stdout(&table);
        let tail: Vec<&str> = out.lines().rev().take(5).collect::<Vec<_>>().into_iter().rev().collect();
        assert_eq!(tail, lines, "{lang}:\n{out}");
        for cause in &causes {
            assert!(!out.contains(cause.as_str()), "{lang}: cause {cause:?} shown:\n{out}");
            assert!(!table.stderr.contains(cause.as_str()), "{lang}: cause in stderr");
        }
    }

    // --explain shows the cause, as technical detail of the check
    for (item, cause) in [("A2", causes[0].as_str()), ("A4", XLS_CAUSE)] {
        let en = changai(
            p,
            &[
                "evaluate",
                ".",
                "--standard",
                "std.yaml",
                "--lang",
                "en",
                "--explain",
                item,
            ],
        );
        let want = format!("      - cause reported by the reader: {cause}");
        assert!(
            stdout(&en).lines().any(|l| l == want),
            "{item}:\n{}",
            stdout(&en)
        );
        let zh = changai(
            p,
            &["evaluate", ".", "--standard", "std.yaml", "--explain", item],
        );
        let want = format!("      - 读取程序报告的原因：{cause}");
        assert!(
            stdout(&zh).lines().any(|l| l == want),
            "{item}:\n{}",
            stdout(&zh)
        );
    }
}

#[test]
fn a_schema_check_lists_each_violation_once() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("data")).unwrap();
    std::fs::write(
        p.join("pack.yaml"),
        "community: 测试社区\nperiod: 2025\nstandard: {id: t, version: \"1\"}\npreparer: 王五\n",
    )
    .unwrap();
    std::fs::write(
        p.join("data/s.yaml"),
        "staff:\n  - {name: 张三, age: \"x\"}\n  - {name: 李四, age: -3}\n",
    )
    .unwrap();
    std::fs::write(
        p.join("std.yaml"),
        r#"id: t
version: "1"
title: {zh: 测试标准, en: test}
issuer: {zh: 区总工会, en: district union}
levels: [{zh: 一级, en: one}, {zh: 二级, en: two}]
scoring:
  total: 2
  grades: [{id: ok, title: {zh: 合格, en: Pass}, min: 0}]
items:
  - id: A
    title: {zh: 组织, en: Organisation}
    items:
      - id: A1
        title: {zh: 名册, en: Roster}
        points: 2
        guidance: 填
        checks:
          - schema:
              label: 人员名册
              label_en: staff roster
              file: data/s.yaml
              schema:
                type: object
                properties:
                  staff:
                    type: array
                    items:
                      type: object
                      properties:
                        age: {type: integer, minimum: 0}
                        name: {type: string, minLength: 5}
"#,
    )
    .unwrap();
    let out = changai(
        p,
        &[
            "evaluate",
            ".",
            "--standard",
            "std.yaml",
            "--format",
            "json",
        ],
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let check = &doc["items"][0]["checks"][0];
    let en = |k: &str| -> Vec<String> {
        check[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["en"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        en("reasons"),
        ["staff roster: data/s.yaml has 4 violations of the required format"]
    );
    assert_eq!(
        en("shortfall"),
        [
            "data/s.yaml has 4 violations of the required format: correct each, then evaluate again",
            "data/s.yaml line 2: \"张三\" is too short: at least 5 characters",
            "data/s.yaml line 2: \"x\" has the wrong type: it should be a whole number",
            "data/s.yaml line 3: \"李四\" is too short: at least 5 characters",
            "data/s.yaml line 3: -3 is under the minimum 0",
        ]
    );
    assert_eq!(
        en("detail"),
        [
            "data file location: `data/s.yaml`",
            "data/s.yaml line 2: `/staff/0/name`",
            "data/s.yaml line 2: `/staff/0/age`",
            "data/s.yaml line 3: `/staff/1/name`",
            "data/s.yaml line 3: `/staff/1/age`",
        ]
    );
}
