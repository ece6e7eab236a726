//! Tests: every word a person reads is in the language of the run — clap's help, usage and usage
//! errors in Chinese by default and in English with `--lang en` — and the grade reasons read
//! naturally in both.

use changai::cli::{run, Exit, Output};
use changai::outcome::Status;

use crate::evaluate::env_at;
use crate::evaluate::scoring;

fn cli(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["changai"];
    all.extend_from_slice(args);
    run(all, &env_at(dir.path()))
}

/// Both streams as one text.
fn said(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), out.stderr)
}

/// The text without its code spans (`--format`, `pdf`) and quoted data ("…", “…”).
fn outside_quotes(text: &str) -> String {
    let mut out = String::new();
    let mut close: Option<char> = None;
    for c in text.chars() {
        match close {
            Some(end) if c == end => close = None,
            Some(_) => {}
            None => match c {
                '`' => close = Some('`'),
                '“' => close = Some('”'),
                '"' => close = Some('"'),
                _ => out.push(c),
            },
        }
    }
    out
}

/// Runs of three or more English words on one line (outside code spans): a word is a token of
/// ASCII letters (trailing punctuation allowed) that is not a flag, a placeholder or a path.
fn english_sentences(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in outside_quotes(text).lines() {
        let mut run: Vec<&str> = Vec::new();
        for token in line.split(' ') {
            let word = token.trim_end_matches([',', '.', ';', ':', '?', '!']);
            if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic()) {
                run.push(token);
            } else {
                if run.len() >= 3 {
                    found.push(run.join(" "));
                }
                run.clear();
            }
        }
        if run.len() >= 3 {
            found.push(run.join(" "));
        }
    }
    found
}

fn han(text: &str) -> Vec<char> {
    outside_quotes(text)
        .chars()
        .filter(|c| matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'))
        .collect()
}

#[test]
fn the_detectors_see_what_they_should() {
    assert_eq!(
        english_sentences("error: unexpected argument found\n用法：changai evaluate [选项] <PACK>"),
        vec!["error: unexpected argument found"]
    );
    assert_eq!(
        english_sentences("更多信息请运行 `changai evaluate --help`"),
        Vec::<String>::new()
    );
    assert_eq!(han("default: `某某工业社区` “灵峰”"), Vec::<char>::new());
    assert_eq!(han("默认 x"), vec!['默', '认']);
}

/// Every command with bad usage of each kind and with `--help`, in both languages: the exit code,
/// and no sentence of the other language.
#[test]
fn every_command_speaks_the_language_of_the_run() {
    let commands = [
        "validate", "evaluate", "report", "verify", "rank", "init", "schema",
    ];
    let mut cases: Vec<(Vec<&str>, Exit)> = vec![
        (vec![], Exit::Error),
        (vec!["--help"], Exit::Ok),
        (vec!["-h"], Exit::Ok),
        (vec!["help"], Exit::Ok),
        (vec!["help", "report"], Exit::Ok),
        (vec!["help", "help"], Exit::Ok),
        (vec!["help", "bogus"], Exit::Error),
        (vec!["evalute"], Exit::Error),
        (vec!["bogus", "x"], Exit::Error),
        (vec!["--bogus"], Exit::Error),
        (vec!["--lang", "fr", "validate"], Exit::Error),
    ];
    for c in commands {
        cases.push((vec![c, "--help"], Exit::Ok));
        cases.push((vec![c, "--bogus"], Exit::Error));
        cases.push((vec![c, "--formt", "json"], Exit::Error));
        if c != "validate" {
            cases.push((vec![c], Exit::Error));
        }
    }
    for c in ["validate", "evaluate", "report", "verify", "rank"] {
        let mut args = vec![c];
        args.extend(match c {
            "verify" => vec!["r.json", "p"],
            "validate" => vec![],
            _ => vec!["p"],
        });
        args.extend(["--format", "pdf"]);
        cases.push((args, Exit::Error));
    }
    cases.push((vec!["schema", "bogus"], Exit::Error));
    cases.push((vec!["init", "p", "--year", "abc"], Exit::Error));
    cases.push((vec!["evaluate", "p", "--fail-under", "abc"], Exit::Error));
    cases.push((vec!["evaluate", "p", "--format"], Exit::Error));
    cases.push((vec!["evaluate", "p", "q"], Exit::Error));
    cases.push((
        vec!["rank", "p", "--format", "json", "--format", "csv"],
        Exit::Error,
    ));

    for (args, code) in &cases {
        let zh = cli(args);
        assert_eq!(zh.code, *code, "{args:?}: {}", said(&zh));
        assert!(!said(&zh).trim().is_empty(), "{args:?}");
        assert_eq!(
            english_sentences(&said(&zh)),
            Vec::<String>::new(),
            "{args:?}:\n{}",
            said(&zh)
        );
        // `--lang en` anywhere: last, and first.
        let mut last = args.clone();
        last.extend(["--lang", "en"]);
        let mut first = vec!["--lang=en"];
        first.extend(args.iter().copied());
        for en_args in [last, first] {
            let en = cli(&en_args);
            assert_eq!(en.code, *code, "{en_args:?}: {}", said(&en));
            assert_eq!(
                han(&said(&en)),
                Vec::<char>::new(),
                "{en_args:?}:\n{}",
                said(&en)
            );
        }
    }
}

#[test]
fn unknown_flag_is_said_with_its_suggestion() {
    let out = cli(&["evaluate", "p", "--formt", "json"]);
    assert_eq!(out.code, Exit::Error);
    assert!(out.stdout.is_empty());
    assert_eq!(
        out.stderr,
        "错误：未知的参数 `--formt`\n  = 提示：您是不是要用 `--format`？\n\n\
         用法：changai evaluate [选项] <PACK>\n更多信息请运行 `changai evaluate --help`\n"
    );
    let out = cli(&["evaluate", "p", "--formt", "json", "--lang", "en"]);
    assert_eq!(
        out.stderr,
        "error: unknown argument `--formt`\n  = help: did you mean `--format`?\n\n\
         Usage: changai evaluate [OPTIONS] <PACK>\nfor more information, run `changai evaluate --help`\n"
    );
}

#[test]
fn missing_argument_is_named_with_its_help() {
    let out = cli(&["evaluate"]);
    assert_eq!(out.code, Exit::Error);
    assert_eq!(
        out.stderr,
        "错误：缺少必需的参数：PACK（证据包文件夹）\n\n\
         用法：changai evaluate [选项] <PACK>\n更多信息请运行 `changai evaluate --help`\n"
    );
    let out = cli(&["--lang", "en", "evaluate"]);
    assert_eq!(
        out.stderr,
        "error: missing required argument: PACK (the evidence pack folder)\n\n\
         Usage: changai evaluate [OPTIONS] <PACK>\nfor more information, run `changai evaluate --help`\n"
    );
}

#[test]
fn bad_value_lists_the_possible_ones() {
    let out = cli(&["report", "p", "--format", "pdf"]);
    assert_eq!(out.code, Exit::Error);
    assert_eq!(
        out.stderr,
        "错误：`--format` 的取值 `pdf` 无效；可用：md、html、csv、xlsx、json\n\n\
         用法：changai report [选项] <INPUT>\n更多信息请运行 `changai report --help`\n"
    );
    let out = cli(&["evaluate", "p", "--fail-under", "abc", "--lang", "en"]);
    assert_eq!(
        out.stderr,
        "error: the value `abc` of `--fail-under` is not a number\n\n\
         Usage: changai evaluate [OPTIONS] <PACK>\nfor more information, run `changai evaluate --help`\n"
    );
}

#[test]
fn unknown_command_suggests_the_likeliest() {
    let out = cli(&["evalute", "p"]);
    assert_eq!(out.code, Exit::Error);
    assert_eq!(
        out.stderr,
        "错误：未知的命令 `evalute`\n  = 提示：您是不是要用 `evaluate`？\n\n\
         用法：changai [选项] <命令>\n更多信息请运行 `changai --help`\n"
    );
    let out = cli(&["bogus", "--lang", "en"]);
    assert_eq!(
        out.stderr,
        "error: unknown command `bogus`\n  = help: the commands are: validate, evaluate, report, schema, init, verify, rank, audit, import, export, review, status, serve, completions, man, help\n\n\
         Usage: changai [OPTIONS] <COMMAND>\nfor more information, run `changai --help`\n"
    );
}

#[test]
fn help_is_in_chinese_by_default() {
    let out = cli(&["--help"]);
    assert_eq!(out.code, Exit::Ok);
    assert!(out.stderr.is_empty());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "产改标准清单引擎：把工作标准写成代码，检查台账证据，生成年底对账复盘报告

用法：changai [选项] <命令>

命令：
  validate     校验标准定义（结构、语义）
  evaluate     用证据包评估标准的每一项并打分
  report       生成年底对账复盘报告
  schema       打印 JSON Schema，或写出空白的标准清单表格
  init         按标准生成空白证据包目录
  verify       核对证据包在评分后是否被改动
  rank         批量评估多个社区并排名
  audit        一次审核全市：每个社区的报告和评分表，加城市汇总
  import       把 OSCAL 目录、CISO Assistant 框架库或标准清单表格导入为标准
  export       把评估结果或标准导出为其他工具使用的格式（OSCAL、标准清单表格）
  review       把评分表中的复评分写入审核方的复核文件
  status       年度进度：已证明多少、还缺什么、30 天内到期的事项
  serve        在浏览器中打开台账工作台：逐项状态、拖入文件、实时更新
  completions  打印 shell 的命令补全脚本
  man          生成手册页（man）
  help         显示本帮助，或某个命令的帮助

选项：
      --lang <LANG>  消息语言（可选：zh、en；默认：zh）
  -h, --help         显示帮助
  -V, --version      显示版本
"
    );
    let out = cli(&["--help", "--lang", "en"]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Standards-compliance checklists as code: evaluate evidence packs, write the year-end reconciliation
report

Usage: changai [OPTIONS] <COMMAND>

Commands:
  validate     Validate standard definitions (schema and lint)
  evaluate     Evaluate an evidence pack against a standard
  report       Render the year-end reconciliation report
  schema       Print a JSON Schema (standard, item, pack, review, results, status) or write the
               blank standard's spreadsheet
  init         Create an empty evidence pack to fill in
  verify       Check that a pack is unchanged since it was scored
  rank         Evaluate many communities and rank them
  audit        Audit a city: every community's report and score sheet, and the city summary
  import       Import an OSCAL catalog, a CISO Assistant library or a standard's spreadsheet
  export       Export results or a standard for other tools (OSCAL, the standard's spreadsheet)
  review       Write the re-scores typed into a score sheet into the auditor's review file
  status       The year in progress: what is proven, what is missing, what falls due in 30 days
  serve        Open the workbench in the browser: live status per item, drop files in
  completions  Print the shell completion script
  man          Write the manual pages
  help         show this help, or the help of a command

Options:
      --lang <LANG>  language of messages and reports (one of: zh, en; default: zh)
  -h, --help         show this help
  -V, --version      show the version
"
    );
    let out = cli(&["-V"]);
    assert_eq!(
        (out.code, String::from_utf8(out.stdout).unwrap()),
        (Exit::Ok, format!("changai {}\n", env!("CARGO_PKG_VERSION")))
    );
}

/// The first grade reason: the band reached is "reached" and named; the lowest band is what is
/// left under the line above it; where a veto or a core item lowers the grade, the score reason
/// names no grade and the reason that lowers it does.
#[test]
fn grade_reasons_read_naturally() {
    let reasons = |statuses, pack| {
        let r = scoring::run("exclude", statuses, pack);
        let zh: Vec<String> = r.score.grade_reasons.iter().map(|t| t.zh.clone()).collect();
        let en: Vec<String> = r.score.grade_reasons.iter().map(|t| t.en.clone()).collect();
        (zh, en)
    };
    let met = (Status::Met, 1.0);
    let unmet = (Status::Unmet, 0.0);
    assert_eq!(
        reasons([met; 4], scoring::pack()),
        (
            vec!["得分 10 分，达到优秀线 9 分，评为优秀".to_owned()],
            vec!["score 10 reaches the excellent line of 9: graded excellent".to_owned()]
        )
    );
    assert_eq!(
        reasons([unmet, met, unmet, unmet], scoring::pack()),
        (
            vec!["得分 3 分，低于合格线 6 分，评为不合格".to_owned()],
            vec!["score 3 is under the pass line of 6: graded fail".to_owned()]
        )
    );
    assert_eq!(
        reasons([unmet; 4], scoring::pack()).0,
        vec!["得分 0 分，低于合格线 6 分，评为不合格".to_owned()]
    );
    assert_eq!(
        reasons([unmet, met, met, met], scoring::pack()).0,
        vec!["得分 8 分，达到合格线 6 分，评为合格".to_owned()]
    );
    assert_eq!(
        reasons([(Status::Partial, 0.5), met, met, met], scoring::pack()),
        (
            vec![
                "得分 9 分，达到优秀线 9 分".to_owned(),
                "核心项 A.1 未完成：不能评为优秀，降为合格".to_owned()
            ],
            vec![
                "score 9 reaches the excellent line of 9".to_owned(),
                "core item A.1 not met: not excellent, graded pass".to_owned()
            ]
        )
    );
    let mut vetoed = scoring::pack();
    vetoed
        .review
        .vetoes
        .push(changai::evidence::pack_model::VetoDeclaration {
            id: "fraud".into(),
            note: "台账补造".into(),
        });
    assert_eq!(
        reasons([met; 4], vetoed).0,
        vec![
            "得分 10 分，达到优秀线 9 分".to_owned(),
            "一票否决（弄虚作假）：不论得分，评为不合格".to_owned()
        ]
    );
}

/// A standard whose values have the wrong type: the schema findings are in our words in both
/// languages, not the validator's English.
#[test]
fn schema_findings_are_in_our_words() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("s.yaml"),
        "id: x\nversion: \"1\"\ntitle: {zh: 甲, en: a}\nissuer: {zh: 甲, en: a}\nlevels: []\nshape: [1]\nscoring: {total: \"x\", grades: 3}\nitems: []\n",
    )
    .unwrap();
    // The JSON carries both languages.
    let messages = || {
        let out = run(
            ["changai", "validate", "s.yaml", "--format", "json"],
            &env_at(dir.path()),
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut found: Vec<(String, String)> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "schema")
            .map(|d| {
                (
                    d["message"].as_str().unwrap().to_owned(),
                    d["message_en"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        found.sort();
        found
    };
    assert_eq!(
        messages(),
        vec![
            (
                "\"x\" 的类型不对，应为数字".to_owned(),
                "`/scoring/total`: \"x\" has the wrong type: it should be a number".to_owned()
            ),
            (
                "3 的类型不对，应为列表".to_owned(),
                "`/scoring/grades`: 3 has the wrong type: it should be a list".to_owned()
            ),
        ]
    );
}

/// A bonus is said in points, singular for one, and the cap in the same words.
#[test]
fn bonus_reasons_read_naturally() {
    use changai::evidence::pack_model::BonusClaim;
    let claim = |id: &str| BonusClaim {
        id: id.into(),
        note: "荣誉".into(),
        title: Some(format!("{id} 荣誉")),
        awarded: Some("2025-06-01".into()),
        certificate: Some("bonus/cert.pdf".into()),
        evidence: vec![],
    };
    let reasons = |claims: Vec<BonusClaim>| {
        let mut p = scoring::pack();
        p.file.bonus = claims;
        let r = scoring::run("exclude", [(Status::Unmet, 0.0); 4], p);
        r.score
            .grade_reasons
            .iter()
            .skip(1)
            .map(|t| (t.zh.clone(), t.en.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        reasons(vec![claim("city")]),
        vec![("加分 1 分".to_owned(), "bonus of 1 point".to_owned())]
    );
    assert_eq!(
        reasons(vec![claim("city"), claim("prov")]),
        vec![(
            "加分 3 分，超过上限，按 1.5 分计".to_owned(),
            "bonus of 3 points over the cap: 1.5 points counted".to_owned()
        )]
    );
}
