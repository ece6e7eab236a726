//! Tests: `changai validate` — loading, lint, output formats, exit codes, checked-in schemas.
//!
//! Lint rules are tested as data: each folder under `tests/fixtures/validate/` holds a standard
//! (`standard.yaml`, or a folder standard `standard/`) and `expected.txt`, the exact list of
//! diagnostics `validate` must report on it (`severity code file:line:column`, in order). Adding a
//! folder adds a case. To write a new `expected.txt`, run `changai validate --format json` in the
//! folder and check every line against the YAML by hand.

// Tests panic on purpose when the code under test misbehaves.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use changai::cli::{run, Env, Exit, Output};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/validate")
}

fn validate(cwd: &Path, args: &[&str]) -> Output {
    let mut argv = vec!["changai", "validate"];
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

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("--format json prints JSON")
}

/// `severity code file:line:column` of every diagnostic, in order.
fn diagnostic_lines(doc: &Value) -> Vec<String> {
    doc["diagnostics"]
        .as_array()
        .expect("diagnostics is a list")
        .iter()
        .map(|d| {
            format!(
                "{} {} {}:{}:{}",
                d["severity"].as_str().unwrap_or("?"),
                d["code"].as_str().unwrap_or("?"),
                d["file"].as_str().unwrap_or("?"),
                d["line"],
                d["column"]
            )
        })
        .collect()
}

/// The fixture cases: folders holding `expected.txt`, sorted.
fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("fixtures folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("expected.txt").is_file())
        .collect();
    cases.sort();
    cases
}

/// What to validate in a case folder: the folder standard `standard/`, else `standard.yaml`.
fn target(case: &Path) -> &'static str {
    if case.join("standard").is_dir() {
        "standard"
    } else {
        "standard.yaml"
    }
}

fn expected(case: &Path) -> Vec<String> {
    std::fs::read_to_string(case.join("expected.txt"))
        .expect("expected.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_fixture_reports_exactly_its_diagnostics() {
    let mut failures = Vec::new();
    let cases = cases();
    assert!(cases.len() >= 25, "fixtures went missing: {}", cases.len());
    for case in &cases {
        let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let output = validate(case, &["--format", "json", target(case)]);
        let want = expected(case);
        let got = diagnostic_lines(&json(&output));
        if got != want {
            failures.push(format!(
                "{name}:\n  expected:\n    {}\n  got:\n    {}",
                want.join("\n    "),
                got.join("\n    ")
            ));
        }
        let errors = want.iter().any(|l| l.starts_with("error "));
        let code = if errors { Exit::Failed } else { Exit::Ok };
        if output.code != code {
            failures.push(format!("{name}: exit {:?}, expected {code:?}", output.code));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_code_has_a_fixture_and_a_section_in_the_docs() {
    let all: Vec<String> = cases().iter().flat_map(|c| expected(c)).collect();
    let docs = std::fs::read_to_string(root().join("docs/lint-codes.md")).expect("docs");
    for (code, _) in changai::standard::lint::CODES {
        assert!(
            all.iter().any(|l| l.split(' ').nth(1) == Some(*code)),
            "no fixture reports `{code}`"
        );
        assert!(
            docs.contains(&format!("\n## `{code}`\n")),
            "docs/lint-codes.md has no section `## `{code}``"
        );
    }
}

#[test]
fn a_valid_standard_passes() {
    let output = validate(&fixtures().join("valid"), &["standard.yaml"]);
    assert_eq!(output.code, Exit::Ok);
    assert_eq!(
        stdout(&output),
        "✓ standard.yaml: demo 1，结构 1/2，0 个警告\n"
    );
    assert_eq!(output.stderr, "");
}

#[test]
fn a_folder_standard_names_the_item_file() {
    let case = fixtures().join("folder");
    let doc = json(&validate(&case, &["--format", "json", "standard"]));
    let dup = doc["diagnostics"]
        .as_array()
        .and_then(|ds| ds.iter().find(|d| d["code"] == "duplicate-id"))
        .expect("a duplicate-id");
    assert_eq!(dup["file"], "standard/items/B.yaml");
    assert_eq!(dup["line"], 10);
    assert_eq!(dup["column"], 9);
    assert_eq!(dup["item"], "A2");
    assert_eq!(
        dup["message"],
        "重复的条目编号 `A2`（首次出现在 standard/items/A.yaml 第 10 行）"
    );
    assert_eq!(dup["message_en"], "duplicate item id `A2`");
    assert_eq!(
        dup["help"],
        "编号已在 standard/items/A.yaml:10:9 使用，请改用另一个编号"
    );
    assert_eq!(
        dup["help_en"],
        "first defined at standard/items/A.yaml:10:9"
    );
    assert_eq!(doc["standards"][0]["shape"], serde_json::json!([2, 4]));
}

#[test]
fn several_faults_are_all_reported_in_one_run() {
    let output = validate(&fixtures(), &["--format", "json", "multi/standard.yaml"]);
    assert_eq!(output.code, Exit::Failed);
    let doc = json(&output);
    let codes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(
        codes,
        [
            "missing-title",
            "points-total",
            "grade-bands",
            "unknown-item",
            "bad-glob",
            "unsafe-path",
            "bad-expression",
            "empty-guidance",
            "id-prefix",
            "threshold-type",
            "duplicate-id",
            "id-prefix",
            "bad-rule",
        ]
    );
    assert_eq!(doc["valid"], false);
    assert_eq!(doc["errors"], 11);
    assert_eq!(doc["warnings"], 2);
}

#[test]
fn unknown_key_suggests_a_key_allowed_at_that_place() {
    let case = fixtures().join("unknown-key");
    let doc = json(&validate(&case, &["--format", "json", "standard.yaml"]));
    let texts = |key: &str| -> Vec<String> {
        doc["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| d[key].as_str().map(str::to_owned))
            .collect()
    };
    assert_eq!(texts("message"), ["未知的键 `mn`", "未知的键 `pionts`"]);
    assert_eq!(
        texts("message_en"),
        ["unknown key `mn`", "unknown key `pionts`"]
    );
    // `mn` inside a files check: `min` (a files key), not `en` (a title key).
    assert_eq!(texts("help"), ["是否应为 `min`？", "是否应为 `points`？"]);
    assert_eq!(
        texts("help_en"),
        ["did you mean `min`?", "did you mean `points`?"]
    );
}

#[test]
fn deny_warnings_turns_warnings_into_failure() {
    let case = fixtures().join("empty-guidance");
    assert_eq!(validate(&case, &["standard.yaml"]).code, Exit::Ok);
    assert_eq!(
        validate(&case, &["--deny-warnings", "standard.yaml"]).code,
        Exit::Failed
    );
    let doc = json(&validate(
        &case,
        &["--deny-warnings", "--format", "json", "standard.yaml"],
    ));
    assert_eq!(doc["valid"], false);
}

#[test]
fn an_unreadable_path_cannot_run() {
    let output = validate(&fixtures(), &["no-such-standard.yaml"]);
    assert_eq!(output.code, Exit::Error);
    assert_eq!(output.stdout, b"");
    assert_eq!(
        output.stderr,
        "错误：no-such-standard.yaml：找不到这个文件或文件夹\n"
    );
    let output = validate(&fixtures(), &["--lang", "en", "no-such-standard.yaml"]);
    assert_eq!(
        output.stderr,
        "error: no-such-standard.yaml: no such file or folder\n"
    );
    let empty = tempfile::tempdir().expect("tempdir");
    let output = validate(empty.path(), &["."]);
    assert_eq!(output.code, Exit::Error);
    assert_eq!(output.stderr, "错误：.：文件夹中没有 `standard.yaml`\n");
    let output = validate(empty.path(), &["--lang", "en", "."]);
    assert_eq!(output.stderr, "error: .: folder has no `standard.yaml`\n");
}

#[test]
fn bad_usage_cannot_run() {
    let output = validate(&fixtures(), &["--format", "xml", "valid/standard.yaml"]);
    assert_eq!(output.code, Exit::Error);
    assert_eq!(output.stdout, b"");
}

/// Runs `validate --format json` on a hostile file and returns its only diagnostic.
fn hostile(text: &str) -> (Value, Duration) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("bad.yaml"), text).expect("write");
    let start = Instant::now();
    let output = validate(dir.path(), &["--format", "json", "bad.yaml"]);
    let took = start.elapsed();
    assert_eq!(output.code, Exit::Failed);
    let doc = json(&output);
    let diagnostics = doc["diagnostics"].as_array().cloned().unwrap_or_default();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    (diagnostics[0].clone(), took)
}

#[test]
fn an_alias_bomb_is_refused_quickly() {
    // Ten levels of ten aliases each: 10^10 nodes if expanded.
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let (d, took) = hostile(&text);
    assert_eq!(d["code"], "yaml-syntax");
    assert_eq!(d["file"], "bad.yaml");
    // Stopped while recording `a4`, the first anchor past the limit of recorded events.
    assert_eq!(
        (d["line"].clone(), d["column"].clone()),
        (5.into(), 10.into())
    );
    assert_eq!(d["message"], "YAML 过大、嵌套过深或别名展开过多，拒绝读取");
    assert_eq!(
        d["message_en"],
        "YAML too large, too deeply nested or expanding too many aliases; refused"
    );
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

#[test]
fn deep_nesting_is_refused_quickly() {
    let flow = format!("{}{}\n", "[".repeat(200), "]".repeat(200));
    let block: String = (0..200)
        .map(|i| format!("{}a:\n", "  ".repeat(i)))
        .collect();
    // The 65th level is refused: at its bracket, or at the key that opens it.
    for (text, line, column) in [(flow, 1, 65), (block, 65, 129)] {
        let (d, took) = hostile(&text);
        assert_eq!(d["code"], "yaml-syntax");
        assert_eq!(d["file"], "bad.yaml");
        assert_eq!(
            (d["line"].clone(), d["column"].clone()),
            (line.into(), column.into())
        );
        assert_eq!(d["message"], "YAML 嵌套过深（超过 64 层），拒绝读取");
        assert_eq!(
            d["message_en"],
            "YAML nested more than 64 levels deep; refused"
        );
        assert!(took < Duration::from_secs(2), "took {took:?}");
    }
}

// --- Output formats, all on the shared multi-fault fixture. ---

fn render(format: &str) -> (Output, String) {
    let output = validate(&fixtures(), &["--format", format, "multi/standard.yaml"]);
    let text = stdout(&output);
    (output, text)
}

#[test]
fn format_human() {
    let (output, text) = render("human");
    assert_eq!(output.code, Exit::Failed);
    insta::assert_snapshot!("human", text);
}

#[test]
fn format_json() {
    let (output, text) = render("json");
    assert_eq!(output.code, Exit::Failed);
    insta::assert_snapshot!("json", text);
}

#[test]
fn format_github() {
    let (output, text) = render("github");
    assert_eq!(output.code, Exit::Failed);
    assert_eq!(text.lines().count(), 13);
    insta::assert_snapshot!("github", text);
}

#[test]
fn format_junit() {
    let (output, text) = render("junit");
    assert_eq!(output.code, Exit::Failed);
    insta::assert_snapshot!("junit", text);
    // Well-formed XML, read to the end; one failure per error.
    let mut reader = quick_xml::Reader::from_str(&text);
    let (mut cases, mut failures) = (0, 0);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                match e.name().as_ref() {
                    "testcase" => cases += 1,
                    "failure" => failures += 1,
                    _ => {}
                }
            }
            Ok(_) => {}
            Err(e) => panic!("JUnit output is not well-formed XML: {e}"),
        }
    }
    assert_eq!((cases, failures), (13, 11));
}

#[test]
fn format_junit_passing_standard() {
    let output = validate(&fixtures(), &["--format", "junit", "valid/standard.yaml"]);
    assert_eq!(output.code, Exit::Ok);
    insta::assert_snapshot!("junit_valid", stdout(&output));
}

#[test]
fn format_sarif() {
    let (output, text) = render("sarif");
    assert_eq!(output.code, Exit::Failed);
    insta::assert_snapshot!("sarif", text);
    let doc: Value = serde_json::from_str(&text).expect("SARIF is JSON");
    let rules: Vec<&str> = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(
        rules,
        [
            "bad-expression",
            "bad-glob",
            "bad-rule",
            "duplicate-id",
            "empty-guidance",
            "grade-bands",
            "id-prefix",
            "missing-title",
            "points-total",
            "threshold-type",
            "unknown-item",
            "unsafe-path",
        ]
    );
}

#[test]
fn format_sarif_matches_the_official_schema() {
    // The OASIS SARIF 2.1.0 (errata 01) schema; see sarif-schema-2.1.0.README.md beside it.
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("sarif-schema-2.1.0.json")).expect("schema"),
    )
    .expect("schema is JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    for target in [
        "multi/standard.yaml",
        "valid/standard.yaml",
        "folder/standard",
    ] {
        let output = validate(&fixtures(), &["--format", "sarif", target]);
        let doc: Value = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{}: {e}", e.instance_path().as_str()))
            .collect();
        assert!(errors.is_empty(), "{target}: {errors:#?}");
    }
}

#[test]
fn formats_are_deterministic() {
    for format in ["human", "json", "github", "junit", "sarif"] {
        assert_eq!(render(format).1, render(format).1, "{format}");
    }
}

// --- The checked-in schemas. ---

#[test]
fn checked_in_schemas_match_the_types() {
    use changai::cli::schema::{text, Which};
    for (which, file) in [
        (Which::Standard, "standard.schema.json"),
        (Which::Item, "item.schema.json"),
    ] {
        let path = root().join("standards/schema").join(file);
        let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
        let name = file.trim_end_matches(".schema.json");
        assert!(
            checked_in == text(which),
            "standards/schema/{file} differs from the types; regenerate it with\n  \
             cargo run -- schema {name} > standards/schema/{file}"
        );
    }
}

// --- Languages: every message and help in Chinese, or in English with `--lang en`. ---

/// The first line and the help line of each diagnostic `--format human` prints.
fn human_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| {
            ["error[", "warning[", "错误[", "警告[", "  = "]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .collect()
}

#[test]
fn lint_messages_follow_lang() {
    let case = fixtures().join("unknown-key");
    let zh = stdout(&validate(&case, &["standard.yaml"]));
    assert_eq!(
        zh,
        stdout(&validate(&case, &["--lang", "zh", "standard.yaml"]))
    );
    assert_eq!(
        human_lines(&zh),
        [
            "错误[unknown-key]：未知的键 `mn`",
            "  = 提示：是否应为 `min`？",
            "错误[unknown-key]：未知的键 `pionts`",
            "  = 提示：是否应为 `points`？",
        ]
    );
    let en = stdout(&validate(&case, &["--lang", "en", "standard.yaml"]));
    assert_eq!(
        human_lines(&en),
        [
            "error[unknown-key]: unknown key `mn`",
            "  = help: did you mean `min`?",
            "error[unknown-key]: unknown key `pionts`",
            "  = help: did you mean `points`?",
        ]
    );

    let case = fixtures().join("points-total");
    let zh = stdout(&validate(&case, &["standard.yaml"]));
    assert_eq!(
        human_lines(&zh),
        [
            "错误[points-total]：末级条目分值合计 10，与总分 12 不符",
            "  = 提示：改正末级条目的分值或 `scoring.total`，使两者相等",
        ]
    );
    let en = stdout(&validate(&case, &["--lang", "en", "standard.yaml"]));
    assert_eq!(
        human_lines(&en),
        [
            "error[points-total]: leaf points add up to `10`, not `scoring.total` `12`",
            "  = help: fix the points of the leaves or the total",
        ]
    );
}

#[test]
fn machine_formats_follow_lang_and_json_carries_both() {
    let case = fixtures().join("unknown-key");
    let github = |lang: &str| {
        stdout(&validate(
            &case,
            &["--lang", lang, "--format", "github", "standard.yaml"],
        ))
    };
    assert!(
        github("zh").contains("title=unknown-key::未知的键 `pionts`%0A提示：是否应为 `points`？"),
        "{}",
        github("zh")
    );
    assert!(
        github("en")
            .contains("title=unknown-key::unknown key `pionts`%0Ahelp: did you mean `points`?"),
        "{}",
        github("en")
    );
    let sarif = |lang: &str| -> Value {
        serde_json::from_slice(
            &validate(
                &case,
                &["--lang", lang, "--format", "sarif", "standard.yaml"],
            )
            .stdout,
        )
        .expect("SARIF is JSON")
    };
    assert_eq!(
        sarif("zh")["runs"][0]["results"][1]["message"]["text"],
        "未知的键 `pionts`\n提示：是否应为 `points`？"
    );
    assert_eq!(
        sarif("en")["runs"][0]["results"][1]["message"]["text"],
        "unknown key `pionts`\nhelp: did you mean `points`?"
    );
    let junit = stdout(&validate(
        &case,
        &["--lang", "en", "--format", "junit", "standard.yaml"],
    ));
    assert!(
        junit.contains(r#"<failure message="unknown key `pionts`" type="unknown-key">"#),
        "{junit}"
    );
    // JSON is the same whatever `--lang`, with both languages.
    let json_of = |lang: &str| {
        validate(
            &case,
            &["--lang", lang, "--format", "json", "standard.yaml"],
        )
        .stdout
    };
    assert_eq!(json_of("zh"), json_of("en"));
    let doc: Value = serde_json::from_slice(&json_of("en")).expect("JSON");
    let d = &doc["diagnostics"][1];
    assert_eq!(d["message"], "未知的键 `pionts`");
    assert_eq!(d["message_en"], "unknown key `pionts`");
    assert_eq!(d["help"], "是否应为 `points`？");
    assert_eq!(d["help_en"], "did you mean `points`?");
}

#[test]
fn every_lint_diagnostic_has_both_languages() {
    for case in cases() {
        let doc = json(&validate(&case, &["--format", "json", target(&case)]));
        for d in doc["diagnostics"].as_array().into_iter().flatten() {
            let zh = d["message"].as_str().unwrap_or_default();
            let en = d["message_en"].as_str().unwrap_or_default();
            assert!(!zh.is_empty() && !en.is_empty(), "{case:?}: {d}");
            assert_ne!(zh, en, "{case:?}: {d}");
            assert!(!zh.contains(" / ") && !en.contains(" / "), "glued: {d}");
            assert!(
                en.starts_with(|c: char| !c.is_uppercase()) || en.starts_with("YAML"),
                "english starts lowercase: {d}"
            );
            assert!(!en.ends_with('.'), "no final period: {d}");
            assert_eq!(d["help"].is_null(), d["help_en"].is_null(), "{d}");
        }
    }
}

/// `changai validate` with no path: every standard shipped under `standards/`, clean, with the
/// shapes they declare.
#[test]
fn the_shipped_standards_validate_clean() {
    let out = validate(&root(), &["--format", "json", "--deny-warnings"]);
    assert_eq!(out.code, Exit::Ok, "{}", stdout(&out));
    let doc = json(&out);
    assert_eq!(doc["valid"], Value::Bool(true));
    assert_eq!(doc["diagnostics"], serde_json::json!([]));
    let standards: Vec<(String, String, Value)> = doc["standards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().to_owned(),
                s["id"].as_str().unwrap().to_owned(),
                s["shape"].clone(),
            )
        })
        .collect();
    assert_eq!(
        standards,
        vec![
            (
                "standards/lingfeng-2021".to_owned(),
                "lingfeng-2021".to_owned(),
                serde_json::json!([6, 17, 55])
            ),
            (
                "standards/sanding-2022".to_owned(),
                "sanding-2022".to_owned(),
                serde_json::json!([4, 13])
            ),
        ]
    );
}

/// Bad input never panics: every prefix of the shipped standard files (cut every 61 bytes, on
/// character boundaries) and a few byte-level mutations load and lint to diagnostics, not a crash.
#[test]
fn truncated_and_mutated_standards_never_panic() {
    let folder = root().join("standards/lingfeng-2021");
    let header = std::fs::read_to_string(folder.join("standard.yaml")).unwrap();
    let item = std::fs::read_to_string(folder.join("items/C.yaml")).unwrap();
    let mut cases = Vec::new();
    for text in [&header, &item] {
        let cuts = (0..text.len())
            .step_by(61)
            .filter(|&i| text.is_char_boundary(i));
        cases.extend(cuts.map(|i| text[..i].to_owned()));
        for (from, to) in [
            (": ", ":"),
            ("- ", "-"),
            ("  ", "\t"),
            ("\n", "\n  "),
            ("}", ""),
            ("\"", "'"),
        ] {
            cases.push(text.replacen(from, to, 7));
        }
    }
    for (n, text) in cases.into_iter().enumerate() {
        let loaded = changai::standard::load::load_sources(
            ("standard.yaml".into(), header.clone()),
            vec![(format!("items/case-{n}.yaml"), text)],
        );
        let loaded = changai::standard::validate(loaded);
        // Either it loaded, or it says why, with a position where the fault is in the text.
        assert!(
            loaded.standard.is_some() || !loaded.diagnostics.is_empty(),
            "case {n}"
        );
    }
}
