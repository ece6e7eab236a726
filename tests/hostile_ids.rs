//! Tests: hostile item ids, hostile names given to `init`, expressions that behave the same in
//! every build (run these under `cargo test --release` too), attestation dates, and expressions
//! too large to parse.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::check_kinds::support::evaluate;
use changai::check::Evaluation;
use changai::cli::{run, Env, Exit, Output};
use changai::diagnostic::Severity;
use changai::evidence::Pack;
use changai::outcome::{Results, Status};
use changai::standard::load::load_sources;
use changai::standard::Standard;

fn env_at(cwd: &Path) -> Env {
    Env {
        cwd: cwd.to_path_buf(),
        color: false,
        source_date_epoch: None,
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// A 2025 pack with `pack.yaml` and the given files.
fn pack(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pack.yaml"),
        "community: 灵峰工业社区\nperiod: 2025\nstandard: {id: t, version: \"1\"}\npreparer: 王五\n",
    )
    .unwrap();
    for (rel, text) in files {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// The YAML of a standard with one leaf `A1` (2 points) whose checks are `checks` (one YAML flow
/// mapping each).
fn standard_yaml(checks: &[&str]) -> String {
    let mut yaml = String::from(
        "id: t\nversion: \"1\"\ntitle: {zh: 测试标准, en: test}\nissuer: {zh: 区总工会, en: district union}\n\
         levels: [{zh: 一级, en: level 1}, {zh: 二级, en: level 2}]\n\
         scoring:\n  total: 2\n  grades: [{id: ok, title: {zh: 合格, en: pass}, min: 0}]\n\
         items:\n  - id: A\n    title: {zh: 组织, en: organisation}\n    items:\n\
         \x20     - id: A1\n        title: {zh: 机构, en: body}\n        points: 2\n        guidance: 放材料\n        checks:\n",
    );
    for check in checks {
        yaml.push_str(&format!("          - {check}\n"));
    }
    yaml
}

/// The standard as loaded, without lint: what a library caller may hand to `evaluate`.
fn unlinted(yaml: &str) -> Standard {
    let loaded = load_sources(("s.yaml".into(), yaml.to_owned()), vec![]);
    match loaded.standard {
        Some(s) => s,
        None => panic!("standard does not load: {:?}", loaded.diagnostics),
    }
}

fn eval(checks: &[&str], dir: &Path) -> Evaluation {
    evaluate(&unlinted(&standard_yaml(checks)), &Pack::open(dir).unwrap())
}

/// `severity code line:column` and both messages of every diagnostic of `validate --format json`.
fn validate_json(dir: &Path, file: &str) -> (Exit, Vec<(String, String, String, String)>) {
    let out = run(
        ["changai", "validate", "--format", "json", file],
        &env_at(dir),
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                format!(
                    "{} {} {}:{}:{}",
                    d["severity"].as_str().unwrap(),
                    d["code"].as_str().unwrap(),
                    d["file"].as_str().unwrap(),
                    d["line"],
                    d["column"]
                ),
                d["message"].as_str().unwrap().to_owned(),
                d["message_en"].as_str().unwrap().to_owned(),
                d["help_en"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    (out.code, lines)
}

// --- Item ids ---

#[test]
fn an_unsafe_id_is_a_lint_error_at_the_id_with_help() {
    let dir = tempfile::tempdir().unwrap();
    // Labelled, so that the unworded glob raises no plain-words warning beside the error.
    let yaml = standard_yaml(&["files: {label: 通知, label_en: notice, glob: \"A/*/*.pdf\"}"])
        .replace("id: A1\n", "id: \"A[01]\"\n");
    std::fs::write(dir.path().join("s.yaml"), yaml).unwrap();
    let (code, diagnostics) = validate_json(dir.path(), "s.yaml");
    assert_eq!(code, Exit::Failed);
    assert_eq!(
        diagnostics,
        [(
            "error unsafe-id s.yaml:13:13".to_owned(),
            "条目编号 `A[01]` 含有通配符（* ? [ ] { } !），不能用作文件夹名".to_owned(),
            "item id `A[01]` has a glob character (* ? [ ] { } !); it cannot name a folder"
                .to_owned(),
            "use letters, digits, `.`, `-` and `_`, e.g. `A1.1`".to_owned(),
        )]
    );
}

#[test]
fn init_refuses_a_standard_whose_id_climbs_out_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = standard_yaml(&["files: {glob: \"A/*/*.pdf\"}"])
        .replace("  - id: A\n", "  - id: \"../../outside\"\n")
        .replace("id: A1\n", "id: \"../../outside1\"\n");
    std::fs::write(dir.path().join("s.yaml"), yaml).unwrap();
    let out = run(
        [
            "changai",
            "--lang",
            "en",
            "init",
            "new",
            "--standard",
            "s.yaml",
        ],
        &env_at(dir.path()),
    );
    assert_eq!(out.code, Exit::Error);
    // Named as given on the command line, not joined with the working directory.
    let file = "s.yaml";
    assert_eq!(
        out.stderr,
        format!(
            "the standard has errors and cannot be used:\n\n\
         error[unsafe-id]: item id `../../outside` has a slash; it cannot name a folder\n  \
         --> {file}:10:9\n   |\n10 |   - id: \"../../outside\"\n   |         ^\n  \
         = item: ../../outside\n  \
         = help: use letters, digits, `.`, `-` and `_`, e.g. `A1.1`\n\n\
         error[unsafe-id]: item id `../../outside1` has a slash; it cannot name a folder\n  \
         --> {file}:13:13\n   |\n13 |       - id: \"../../outside1\"\n   |             ^\n  \
         = item: ../../outside1\n  \
         = help: use letters, digits, `.`, `-` and `_`, e.g. `A1.1`\n\n"
        )
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["s.yaml"]);
    assert!(!dir.path().join("../outside").exists());
}

// --- init: names written into pack.yaml ---

#[test]
fn init_writes_hostile_names_that_read_back_exactly() {
    let long = "社".repeat(300);
    let names = [
        "灵峰工业社区",
        "say \"hi\"",
        r"C:\社区\x",
        "第一行\n第二行",
        "a\r\nb",
        "\ttab",
        "# not a comment",
        "key: value",
        "- x",
        "&a",
        "*a",
        "!x",
        "@",
        "%",
        "'",
        "it's",
        "null",
        "yes",
        "~",
        "",
        "  leading and trailing  ",
        "😀 社区 🏭",
        "\u{1}\u{7f}\u{85}\u{2028}\u{feff}",
        "{a: 1}",
        "[1, 2]",
        "|",
        ">",
        "2025",
        long.as_str(),
    ];
    for name in names {
        let dir = tempfile::tempdir().unwrap();
        let community = format!("--community={name}");
        let preparer = format!("--preparer={name}");
        let out = run(
            ["changai", "init", "p", &community, &preparer],
            &env_at(dir.path()),
        );
        assert_eq!(out.code, Exit::Ok, "{name:?}: {}", out.stderr);
        let pack = Pack::open(&dir.path().join("p")).unwrap_or_else(|e| {
            panic!(
                "{name:?}: {e}\n{}",
                std::fs::read_to_string(dir.path().join("p/pack.yaml")).unwrap()
            )
        });
        assert_eq!(
            (pack.file.community.as_str(), pack.file.preparer.as_str()),
            (name, name),
            "{name:?}"
        );
        assert_eq!(
            (
                pack.file.standard.id.as_str(),
                pack.file.standard.version.as_str()
            ),
            ("lingfeng-2021", "2021.1")
        );
    }
}

#[test]
fn a_blank_init_pack_is_55_unmet_items_and_no_error() {
    let dir = tempfile::tempdir().unwrap();
    let env = env_at(dir.path());
    let out = run(["changai", "init", "blank"], &env);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let out = run(["changai", "evaluate", "blank", "--format", "json"], &env);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let r: Results = serde_json::from_slice(&out.stdout).unwrap();
    let c = &r.score.counts;
    assert_eq!(
        (
            c.met,
            c.partial,
            c.unmet,
            c.not_applicable,
            c.waived,
            c.error
        ),
        (0, 0, 55, 0, 0, 0)
    );
    let errors = r
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    assert_eq!((r.problems.len(), errors), (0, 0), "{:?}", r.problems);
    // the expr items say which data file is missing, in every build
    let reasons = |id: &str| -> Vec<String> {
        let item = r.items.iter().find(|i| i.id == id).unwrap();
        assert_eq!(item.status, Status::Unmet, "{id}");
        item.reasons.iter().map(|t| t.en.clone()).collect()
    };
    assert_eq!(
        reasons("A3.3"),
        [
            "working budget: no file found",
            "register of spending: no register file found",
            "funds received and spending matches the budget: no data file data/indicators.yaml (or .json); the condition cannot hold"
        ]
    );
    assert_eq!(
        reasons("D3.2"),
        [
            "proposal figures: no data file found",
            "no more proposals adopted than submitted: no data file data/indicators.yaml (or .json); the condition cannot hold",
            "register of suggestions: no register file found"
        ]
    );
}

// --- expr: the same decision in every build ---

#[test]
fn an_expr_naming_a_missing_data_file_is_unmet_in_every_build() {
    let dir = pack(&[]);
    let ev = eval(
        &["expr: {label: 经费, expr: \"indicators.funds_spent_yuan <= indicators.funds_budget_yuan\"}"],
        dir.path(),
    );
    let item = &ev.items[0];
    assert_eq!((item.status, item.credit), (Status::Unmet, 0.0));
    let reasons: Vec<(&str, &str)> = item
        .reasons
        .iter()
        .map(|r| (r.zh.as_str(), r.en.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [(
            "经费: 未找到数据文件 data/indicators.yaml（或 .json），条件无法成立",
            "经费: no data file data/indicators.yaml (or .json); the condition cannot hold"
        )]
    );
    assert_eq!(ev.problems, []);
}

#[test]
fn an_expr_error_reads_the_same_in_every_build() {
    let dir = pack(&[("data/indicators.yaml", "funds_budget_yuan: 10\n")]);
    let ev = eval(
        &["expr: {label: 经费, expr: \"indicators.funds_spent_yuan <= indicators.funds_budget_yuan\"}"],
        dir.path(),
    );
    let item = &ev.items[0];
    assert_eq!(item.status, Status::Error);
    let en: Vec<&str> = item.reasons.iter().map(|r| r.en.as_str()).collect();
    assert_eq!(
        en,
        ["经费: the condition cannot be evaluated on the data (check what the data says)"]
    );
    assert_eq!(
        item.checks[0].detail[1].en,
        "expression `indicators.funds_spent_yuan <= indicators.funds_budget_yuan` failed: \
         undefined value: `indicators.funds_spent_yuan` is undefined"
    );
    // a name guarded by `is defined` is not a missing file
    let ev = eval(
        &["expr: {expr: \"absent is defined and absent.x > 1\"}"],
        dir.path(),
    );
    assert_eq!(ev.items[0].status, Status::Unmet);
    assert_eq!(
        ev.items[0].reasons[0].en,
        "the condition the standard sets: does not hold"
    );
}

// --- expressions too large to parse ---

#[test]
fn a_hundred_thousand_brackets_are_refused_promptly_in_validate_and_evaluate() {
    let parens = "(".repeat(100_000);
    let dir = pack(&[("data/a.csv", "姓名\n张三\n")]);
    let expr_check = format!("expr: {{expr: \"{parens}\"}}");
    let filter_check = format!("records: {{file: data/a.csv, filter: \"{parens}\"}}");
    let yaml = standard_yaml(&[&expr_check, &filter_check]);
    std::fs::write(dir.path().join("s.yaml"), &yaml).unwrap();

    let start = Instant::now();
    let (code, diagnostics) = validate_json(dir.path(), "s.yaml");
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(code, Exit::Failed);
    let too_long = |at: &str| {
        (
            format!("error expr-too-complex s.yaml:{at}"),
            "表达式太长：100000 个字符，最多 4000 个".to_owned(),
            "expression too long: 100000 characters, at most 4000".to_owned(),
            "split the condition into shorter checks under `all:`".to_owned(),
        )
    };
    assert_eq!(diagnostics, [too_long("18:26"), too_long("19:49")]);

    // The CLI refuses the standard; a library caller that skips lint gets an error outcome.
    let out = run(
        [
            "changai",
            "--lang",
            "en",
            "evaluate",
            ".",
            "--standard",
            "s.yaml",
        ],
        &env_at(dir.path()),
    );
    assert_eq!(out.code, Exit::Error);
    // Named as given on the command line, not joined with the working directory.
    let file = "s.yaml";
    let shown = |line: usize, column: usize, text: &str| {
        format!(
            "error[expr-too-complex]: expression too long: 100000 characters, at most 4000\n  \
             --> {file}:{line}:{column}\n   |\n{line} | {text}\n   |{}^\n  = item: A1\n  \
             = help: split the condition into shorter checks under `all:`\n\n",
            " ".repeat(column)
        )
    };
    // A long line is shown around the column: its first 160 characters here, then `…`.
    let cut = |line: &str| format!("{}…", line.chars().take(160).collect::<String>());
    assert_eq!(
        out.stderr,
        format!(
            "the standard has errors and cannot be used:\n\n{}{}",
            shown(18, 26, &cut(&format!("          - {expr_check}"))),
            shown(19, 49, &cut(&format!("          - {filter_check}")))
        )
    );
    let start = Instant::now();
    let ev = eval(&[&expr_check, &filter_check], dir.path());
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    let item = &ev.items[0];
    assert_eq!(item.status, Status::Error);
    let reasons: Vec<(&str, &str)> = item
        .reasons
        .iter()
        .map(|r| (r.zh.as_str(), r.en.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            (
                "标准规定的条件: 标准中的条件写得过于复杂，无法计算",
                "the condition the standard sets: the standard's condition is too complex to evaluate",
            ),
            (
                "a: 标准中的筛选条件写得过于复杂，无法计算",
                "a: the standard's filter is too complex to evaluate",
            ),
        ]
    );
    // the why is the authors' business: in the detail
    assert_eq!(
        item.checks[0].detail.last().unwrap().zh,
        "表达式太长：100000 个字符，最多 4000 个"
    );
    assert_eq!(
        item.checks[1].detail.last().unwrap().en,
        "expression too long: 100000 characters, at most 4000"
    );

    // 33 nested brackets, short: refused by depth
    let deep = format!("expr: {{expr: \"{}1{}\"}}", "(".repeat(33), ")".repeat(33));
    let ev = eval(&[&deep], dir.path());
    assert_eq!(ev.items[0].status, Status::Error);
    assert_eq!(
        ev.items[0].reasons[0].en,
        "the condition the standard sets: the standard's condition is too complex to evaluate"
    );
    assert_eq!(
        ev.items[0].checks[0].detail.last().unwrap().en,
        "expression nests brackets too deeply: 33 levels, at most 32"
    );
    let ok = format!(
        "expr: {{expr: \"{}1 == 1{}\"}}",
        "(".repeat(32),
        ")".repeat(32)
    );
    assert_eq!(eval(&[&ok], dir.path()).items[0].status, Status::Met);
}

// --- attestation dates ---

#[test]
fn attestation_dates_must_be_real_and_not_long_after_the_period() {
    let review = "attestations:\n\
        \x20 - {item: A1, by: 赵六, role: 区总工会, date: 2025-13-45, verdict: met}\n\
        \x20 - {item: A1, by: 钱七, role: 街道, date: yesterday, verdict: met}\n\
        \x20 - {item: A1, by: 孙八, role: 市总工会, date: 2026-04-01, verdict: partial}\n\
        \x20 - {item: A1, by: 李九, role: 市总工会, date: 2026-03-31, verdict: met}\n";
    let dir = pack(&[("review.yaml", review)]);
    let ev = eval(
        &[
            "attest: {label: 区复核, role: 区总工会}",
            "attest: {label: 街道复核, role: 街道}",
            "attest: {label: 市复核, role: 市总工会}",
        ],
        dir.path(),
    );
    // attestation dates are judged where declarations are resolved, before any check
    let declarations = changai::declare::resolve(
        &unlinted(&standard_yaml(&[
            "attest: {label: 区复核, role: 区总工会}",
            "attest: {label: 街道复核, role: 街道}",
            "attest: {label: 市复核, role: 市总工会}",
        ])),
        &Pack::open(dir.path()).unwrap(),
    );
    assert!(ev.problems.is_empty(), "{:?}", ev.problems);
    let problems: Vec<(String, &str, &str, Option<&str>)> = declarations
        .problems()
        .iter()
        .map(|d| {
            (
                format!("{} {} {}", d.severity.as_str(), d.code, d.location()),
                d.message.as_str(),
                d.message_en.as_str(),
                d.item.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            (
                "error attestation-date review.yaml:2:42".to_owned(),
                "条目 `A1` 的签署日期 `2025-13-45` 不是真实的日期（应为 YYYY-MM-DD），该签署不计入",
                "attestation date `2025-13-45` of item `A1` is not a real YYYY-MM-DD date; the attestation does not count",
                Some("A1"),
            ),
            (
                "error attestation-date review.yaml:3:40".to_owned(),
                "条目 `A1` 的签署日期 `yesterday` 不是真实的日期（应为 YYYY-MM-DD），该签署不计入",
                "attestation date `yesterday` of item `A1` is not a real YYYY-MM-DD date; the attestation does not count",
                Some("A1"),
            ),
            (
                "warning late-attestation review.yaml:4:42".to_owned(),
                "条目 `A1` 的签署日期 2026-04-01 比评价期末 2025-12-31 晚了 90 天以上",
                "attestation date 2026-04-01 of item `A1` is more than 90 days after the period ends on 2025-12-31",
                Some("A1"),
            ),
        ]
    );
    let item = &ev.items[0];
    // the district and street signatures do not count; the city's latest (2026-04-01) does
    assert_eq!((item.status, item.credit), (Status::Partial, 0.1667));
    let en: Vec<&str> = item.reasons.iter().map(|r| r.en.as_str()).collect();
    assert_eq!(
        en,
        [
            "区复核: the signature of 赵六 (区总工会) is dated “2025-13-45”, not a real date; not counted",
            "区复核: awaiting sign-off by 区总工会",
            "街道复核: the signature of 钱七 (街道) is dated “yesterday”, not a real date; not counted",
            "街道复核: awaiting sign-off by 街道",
            "市复核: reviewed by 孙八 (市总工会) on 2026-04-01: partial",
        ]
    );
    let zh: Vec<&str> = item.reasons.iter().map(|r| r.zh.as_str()).collect();
    assert_eq!(
        zh[0],
        "区复核: 区总工会 赵六 的签署日期“2025-13-45”不是真实的日期，不计入"
    );
}

#[test]
fn the_blank_init_report_of_init_names_its_folders() {
    // init's own message stays as it was
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        ["changai", "--lang", "en", "init", "p"],
        &env_at(dir.path()),
    );
    assert_eq!(out.code, Exit::Ok);
    assert_eq!(
        stdout(&out),
        "created pack p with 55 item folders; fill them as 填写说明.md says, then run changai evaluate p\n"
    );
    let yaml = std::fs::read_to_string(dir.path().join("p/pack.yaml")).unwrap();
    let values: Vec<&str> = yaml.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        values,
        [
            "community: \"某某工业社区\"",
            "period: 2025",
            "standard:",
            "  id: \"lingfeng-2021\"",
            "  version: \"2021.1\"",
            "preparer: \"\"",
        ]
    );
}
