//! Tests: what an officer or auditor reads in Chinese is plain words (issue 8).
//!
//! The lingfeng, dagang and xiapu sample reports in Chinese — Markdown, HTML (its text, not its
//! markup), csv — and the terminal table of `evaluate` must not show programmer syntax outside the
//! authors' appendix: no `==`, `!=`, `>=`, `<=`, no `<`/`>` between names, no ` | ` filter, no
//! brace glob (`{csv,xlsx}`), no `*` in a path, no backtick, no dotted key (`indicators.x`), no
//! snake_case key, and no English sentence (three ASCII words in a row). Names of real files found
//! are fine: they are names, not patterns. The appendix (附录：检查规则) is the one place where
//! globs, keys and expressions may appear, and it must be there, after the signatures.

use std::path::PathBuf;

use changai::cli::{run, Env};

const PACKS: [&str; 3] = ["lingfeng-2025", "dagang-2025", "xiapu-2025"];

/// File extensions of the evidence the samples hold: a token ending in one names a file.
const EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "csv", "yaml", "yml", "json", "md", "txt", "jpg", "jpeg",
    "png",
];

fn env() -> Env {
    Env {
        cwd: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        color: false,
        source_date_epoch: Some("1767139200".into()),
    }
}

fn stdout(args: &[&str]) -> String {
    let mut argv = vec!["changai"];
    argv.extend_from_slice(args);
    let out = run(argv, &env());
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn report(pack: &str, format: &str) -> String {
    stdout(&[
        "report",
        &format!("evidence-samples/{pack}"),
        "--format",
        format,
    ])
}

/// The Markdown report up to the authors' appendix, as the text of its cells and lines: table
/// rows split on unescaped `|`, `<br>` as a line break, emphasis markers dropped, escapes undone
/// (an escaped `\*` is a literal star and stays one). The digest's code span is a number, not
/// syntax: it is dropped.
fn markdown_text(md: &str) -> Vec<String> {
    let body = md.split("\n## 附录：检查规则").next().unwrap_or(md);
    let mut out = Vec::new();
    for line in body.lines() {
        let cells: Vec<String> = if line.starts_with('|') {
            split_unescaped(line, '|')
        } else {
            vec![line.to_owned()]
        };
        for cell in cells {
            for part in cell.split("<br>") {
                let text = drop_digest_spans(part);
                let text = unescape_markdown(&text);
                let text = text.trim().trim_start_matches('#').trim();
                if !text.is_empty() && !text.chars().all(|c| matches!(c, '-' | ':' | ' ')) {
                    out.push(text.to_owned());
                }
            }
        }
    }
    out
}

fn split_unescaped(line: &str, sep: char) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&next) = chars.peek() {
                cells.last_mut().unwrap().push('\\');
                cells.last_mut().unwrap().push(next);
                chars.next();
                continue;
            }
        }
        if c == sep {
            cells.push(String::new());
        } else {
            cells.last_mut().unwrap().push(c);
        }
    }
    cells
}

/// `` `0123abcd…` `` (a hex digest in a code span) removed.
fn drop_digest_spans(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let after = &rest[open + 1..];
        match after.find('`') {
            Some(close) if close >= 8 && after[..close].chars().all(|c| c.is_ascii_hexdigit()) => {
                out.push_str(&rest[..open]);
                rest = &after[close + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Markdown's escapes undone; unescaped `*` (emphasis) dropped, escaped `\*` kept as `*`.
fn unescape_markdown(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '*' => {}
            _ => out.push(c),
        }
    }
    html_entities(&out)
}

fn html_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// The text of the HTML report up to the authors' appendix: no `<style>`, no tags, entities
/// decoded, one line per text node.
fn html_text(html: &str) -> Vec<String> {
    let body = html
        .split("<section class=\"sheet appendix\"")
        .next()
        .unwrap_or(html);
    let body = match (body.find("<style>"), body.find("</style>")) {
        (Some(a), Some(b)) if a < b => format!("{}{}", &body[..a], &body[b + 8..]),
        _ => body.to_owned(),
    };
    let mut out = Vec::new();
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' if !in_tag => {
                in_tag = true;
                let t = html_entities(text.trim());
                if !t.is_empty() {
                    out.push(t);
                }
                text.clear();
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    out
}

/// Lines of a csv, each cell on its own (the csv crate reads what Excel reads).
fn csv_text(csv: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    reader
        .records()
        .flat_map(|r| {
            r.expect("csv")
                .iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|c| !c.is_empty())
        .collect()
}

/// Every piece of programmer syntax in a text a person reads, as `what: text`.
fn syntax(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut say = |what: &str| {
        let line = format!("{what}: {text}");
        if !found.contains(&line) {
            found.push(line);
        }
    };
    for op in ["==", "!=", ">=", "<="] {
        if text.contains(op) {
            say(op);
        }
    }
    if text.contains('`') {
        say("backtick");
    }
    if text.contains(" | ") {
        say("filter");
    }
    let chars: Vec<char> = text.chars().collect();
    let name = |c: char| c.is_alphanumeric() || c == '_';
    for (i, &c) in chars.iter().enumerate() {
        if c == '<' || c == '>' {
            let before = chars[..i].iter().rev().find(|c| **c != ' ');
            let after = chars[i + 1..].iter().find(|c| **c != ' ');
            if before.is_some_and(|c| name(*c)) && after.is_some_and(|c| name(*c)) {
                say("comparison");
            }
        }
    }
    // ASCII runs: paths, globs, keys.
    let mut runs: Vec<String> = Vec::new();
    let mut run = String::new();
    for &c in &chars {
        if c.is_ascii_alphanumeric() || "_./{},*-".contains(c) {
            run.push(c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    runs.push(run);
    for run in runs.iter().filter(|r| !r.is_empty()) {
        if run.contains('*') {
            say("star");
        }
        if let (Some(open), Some(close)) = (run.find('{'), run.rfind('}')) {
            if open < close && run[open..close].contains(',') {
                say("brace glob");
            }
        }
        let is_file = EXTENSIONS
            .iter()
            .any(|ext| run.to_lowercase().ends_with(&format!(".{ext}")));
        if is_file {
            continue;
        }
        for word in run.split(['/', ',', '{', '}', '*', '-']) {
            let key = |part: &str| {
                part.starts_with(|c: char| c.is_ascii_lowercase())
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            };
            let parts: Vec<&str> = word.split('.').collect();
            if parts.len() > 1 && parts.iter().all(|p| key(p)) {
                say("dotted key");
            } else if word.contains('_') && key(word.trim_matches('.')) {
                say("snake_case key");
            }
        }
    }
    // An English sentence: three ASCII words in a row.
    let mut words = 0;
    for token in text.split(' ') {
        let word = token.trim_end_matches([',', '.', ';', ':']);
        if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic() || c == '\'') {
            words += 1;
            if words == 3 {
                say("English");
            }
        } else {
            words = 0;
        }
    }
    found
}

fn violations(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = lines.iter().flat_map(|l| syntax(l)).collect();
    out.dedup();
    out
}

fn assert_plain(what: &str, lines: &[String]) {
    let found = violations(lines);
    assert!(
        found.is_empty(),
        "{what}: {} texts show programmer syntax or English:\n  {}",
        found.len(),
        found.join("\n  ")
    );
}

#[test]
fn the_scanner_sees_what_it_must() {
    let seen = |t: &str| {
        syntax(t)
            .into_iter()
            .map(|s| s.split(':').next().unwrap_or("").to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        seen("条件不成立（indicators.funds_budget_yuan > 0）"),
        ["comparison", "dotted key"]
    );
    assert_eq!(seen("满足 状态 == \"已办结\" 的行 4/6"), ["=="]);
    assert_eq!(seen("A岗 != B岗"), ["!="]);
    assert_eq!(seen("职工人数 | int >= 80"), [">=", "filter"]);
    assert_eq!(seen("未找到 data/整改清单.{csv,xlsx}"), ["brace glob"]);
    assert_eq!(seen("E/E1.2/*备案*"), ["star"]);
    assert_eq!(
        seen("`open_days_per_week` = 5，要求 ≥ 5"),
        ["backtick", "snake_case key"]
    );
    assert_eq!(seen("Cannot detect file format"), ["English"]);
    assert_eq!(seen("undefined value"), Vec::<String>::new());
    // Names of real files, ids, numbers and units are plain.
    for plain in [
        "A/A1.1/2025-02-18 关于成立产改工作领导小组的通知.pdf",
        "data/indicators.yaml",
        "得分 1.5/2，A2.3 年度重点工作计划",
        "≥ 80%，changai 0.1.0",
        "缺：年度重点工作计划",
    ] {
        assert_eq!(seen(plain), Vec::<String>::new(), "{plain}");
    }
}

#[test]
fn chinese_markdown_reports_are_plain_outside_the_appendix() {
    for pack in PACKS {
        let md = report(pack, "md");
        assert_plain(&format!("{pack} md"), &markdown_text(&md));
        assert!(
            md.contains("\n## 附录：检查规则（供标准编写者核对）\n"),
            "{pack}: no appendix"
        );
        let signature = md.find("签字确认").expect("a signature section");
        let appendix = md.find("## 附录：检查规则").expect("an appendix");
        assert!(
            signature < appendix,
            "{pack}: the appendix comes after the signatures"
        );
    }
}

#[test]
fn chinese_html_reports_are_plain_outside_the_appendix() {
    for pack in PACKS {
        let html = report(pack, "html");
        assert_plain(&format!("{pack} html"), &html_text(&html));
        let signature = html.find("id=\"signature\"").expect("a signature section");
        let appendix = html
            .find("<section class=\"sheet appendix\" id=\"appendix\">")
            .expect("an appendix");
        assert!(
            signature < appendix,
            "{pack}: the appendix comes after the signatures"
        );
    }
}

#[test]
fn chinese_csv_score_sheets_are_plain() {
    for pack in PACKS {
        assert_plain(&format!("{pack} csv"), &csv_text(&report(pack, "csv")));
    }
}

#[test]
fn the_chinese_terminal_table_is_plain() {
    for pack in PACKS {
        let table = stdout(&["evaluate", &format!("evidence-samples/{pack}")]);
        let lines: Vec<String> = table.lines().map(str::to_owned).collect();
        assert_plain(&format!("{pack} terminal"), &lines);
    }
}

#[test]
fn the_shipped_standards_need_no_more_describe() {
    for standard in ["standards/lingfeng-2021", "standards/sanding-2022"] {
        let mut argv = vec![
            "changai",
            "validate",
            "--deny-warnings",
            "--format",
            "json",
            standard,
        ];
        let out = run(std::mem::take(&mut argv), &env());
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(doc["diagnostics"], serde_json::json!([]), "{standard}");
        assert_eq!(out.code, changai::cli::Exit::Ok, "{standard}");
    }
}

/// xiapu's A2.3 (the plan is dated 2024): the 整改清单 row is the item's shortfall, the 说明
/// column leads with it, marked, and the appendix keeps the glob for the authors.
#[test]
fn xiapu_a2_3_leads_with_what_is_missing() {
    let lacking = "还差 1 个：年度重点工作计划（A/A2.3 文件夹中名称含“计划”的文件，文件名或文件记录的日期在 2025 年内、不晚于 3 月 31 日）";
    let undated =
        "有 1 个文件日期不在 2025 年内，不计：A/A2.3/2024-03-25 2024年度重点工作计划.docx";
    let shortfall = format!("{lacking}；{undated}");
    let findings = "年度重点工作计划: 0 个文件符合要求，至少需要 1 个；年度重点工作计划: 1 个文件的日期不在评价期 2025 内，不计";
    let md = report("xiapu-2025", "md");
    let rows: Vec<&str> = md.lines().filter(|l| l.contains(" | A2.3 ")).collect();
    assert_eq!(
        rows,
        [
            format!("| 5 | A2.3 年度重点工作计划 | 1 | 0 | 未完成 | **缺：**{shortfall}<br>{findings} |  |"),
            format!("| 4 | A2.3 年度重点工作计划 | 未完成 | 1 | {shortfall} | ＿＿＿＿ | ＿＿＿＿ |"),
        ]
    );
    let appendix = &md[md.find("## 附录：检查规则").unwrap()..];
    assert!(appendix.contains("\n### A2.3 年度重点工作计划\n\n依据：话题（报道明确提到），计分规则（报道未提到，按常见做法重构）。报道：各工业社区均制订“年度重点工作计划”。3 月 31 日前印发为重构。\n\n| 检查 | 要求 | 技术细节 |\n|---|---|---|\n| 1 `files` | 年度重点工作计划：A/A2.3 文件夹中名称含“计划”的文件，至少 1 个，文件名或文件记录的日期在 2025 年内、不晚于 3 月 31 日 | 文件位置：`A/A2.3/*计划*` |\n"), "{appendix}");

    let csv = report("xiapu-2025", "csv");
    let row = csv.lines().find(|l| l.contains(",A2.3 ")).unwrap();
    assert_eq!(
        row,
        format!(
            "5,组织领导,规划部署,A2.3 年度重点工作计划,1,0,,未完成,缺：{shortfall}；{findings},,A › A2,三级标准"
        )
    );

    let html = report("xiapu-2025", "html");
    let cell = format!(
        "<td><div class=\"shortfall\"><b>缺：</b><ul class=\"reasons\"><li>{lacking}</li><li>{undated}</li></ul></div>\
         <ul class=\"reasons\"><li>年度重点工作计划: 0 个文件符合要求，至少需要 1 个</li>\
         <li>年度重点工作计划: 1 个文件的日期不在评价期 2025 内，不计</li></ul></td>"
    );
    assert!(html.contains(&cell), "no shortfall cell for A2.3");
    assert!(html.contains("<h2>附录：检查规则（供标准编写者核对）</h2>"));
}

/// The same report in English marks the shortfall in English and titles the appendix so.
#[test]
fn english_reports_mark_the_shortfall_in_english() {
    let md = stdout(&[
        "report",
        "evidence-samples/xiapu-2025",
        "--format",
        "md",
        "--lang",
        "en",
    ]);
    assert!(md.contains("\n## Appendix: check rules, for the standard's authors\n"));
    let row = md.lines().find(|l| l.starts_with("| 5 | A2.3 ")).unwrap();
    assert!(row.contains(" | **Missing:** "), "{row}");
}
