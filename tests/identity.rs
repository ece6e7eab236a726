//! Honest identity of the shipped standards (issue 10, items 1 and 4): the report cover of every
//! sample says the standard is a reconstruction, and the report's end gives the full statement;
//! results carry the provenance, the source, the terms and each item's basis; `--explain` shows
//! the basis; the glossary is in the report's appendix and in `init`'s guide; the shipped Chinese
//! guidance has no file keys, English keys or "列为"; `validate --deny-warnings` stays clean.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use changai::cli::{run, Env, Exit, Output};
use changai::outcome::Results;
use changai::standard::model::{Item, Standard};

const SAMPLES: [&str; 3] = ["lingfeng-2025", "dagang-2025", "xiapu-2025"];

const NOTICE_ZH: &str = "本标准依据公开报道重构，不是原文件；条目、分值和计分规则均为假设。";
const NOTICE_EN: &str = "This standard is reconstructed from public reporting, not the original; its items, points and rules are assumptions.";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cli(args: &[&str]) -> Output {
    let env = Env {
        cwd: repo(),
        color: false,
        source_date_epoch: Some("1767139200".into()),
    };
    let mut all = vec!["changai"];
    all.extend_from_slice(args);
    run(all, &env)
}

fn stdout(args: &[&str]) -> String {
    let out = cli(args);
    assert_eq!(out.code, Exit::Ok, "{args:?}: {}", out.stderr);
    String::from_utf8(out.stdout).expect("utf-8")
}

fn shipped(name: &str) -> Standard {
    let loaded = changai::standard::load::load(&repo().join("standards").join(name))
        .unwrap_or_else(|d| panic!("{name}: {d:?}"));
    loaded.standard.expect("the shipped standard loads")
}

fn leaves(items: &[Item]) -> Vec<&Item> {
    let mut out = Vec::new();
    for i in items {
        if i.is_leaf() {
            out.push(i);
        } else {
            out.extend(leaves(&i.items));
        }
    }
    out
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_sample_report_cover_shows_the_reconstruction_notice() {
    let lingfeng = shipped("lingfeng-2021");
    for sample in SAMPLES {
        let pack = format!("evidence-samples/{sample}");
        for (lang, notice, title, provenance) in [
            ("zh", NOTICE_ZH, "重构说明", lingfeng.provenance.as_str()),
            (
                "en",
                NOTICE_EN,
                "Reconstruction notice",
                lingfeng.provenance_en.as_str(),
            ),
        ] {
            let md = stdout(&["report", &pack, "--lang", lang, "--format", "md", "-o", "-"]);
            let colon = if lang == "zh" { "：" } else { ": " };
            let cover_box = format!("> **{title}**{colon}{notice}\n");
            let at = md
                .find(&cover_box)
                .unwrap_or_else(|| panic!("{sample} {lang}: no notice"));
            // On the cover: before the first section.
            let first_section = md.find("\n## ").expect("a section");
            assert!(
                at < first_section,
                "{sample} {lang}: the notice is not on the cover"
            );
            let full = format!("**{title}**{colon}{}\n", collapse(provenance));
            assert_eq!(md.matches(&full).count(), 1, "{sample} {lang}: full text");

            let html = stdout(&[
                "report", &pack, "--lang", lang, "--format", "html", "-o", "-",
            ]);
            let cover_div = format!(
                "<tr class=\"reconstruction\"><th>{title}</th><td>{}</td></tr>",
                notice.replace('\'', "&#x27;")
            );
            assert_eq!(
                html.matches(&cover_div).count(),
                1,
                "{sample} {lang}: html cover"
            );
            assert!(
                html.find(&cover_div) < html.find("<ol class=\"toc\">"),
                "{sample} {lang}: the html notice is not on the cover"
            );
            assert_eq!(
                html.matches("<div class=\"provenance note\">").count(),
                1,
                "{sample} {lang}: html footer"
            );
        }
    }
}

#[test]
fn results_carry_provenance_source_terms_and_basis() {
    let lingfeng = shipped("lingfeng-2021");
    let json = stdout(&[
        "evaluate",
        "evidence-samples/lingfeng-2025",
        "--format",
        "json",
    ]);
    let r: Results = serde_json::from_str(&json).expect("results");
    assert_eq!(r.standard.provenance.zh, lingfeng.provenance);
    assert_eq!(r.standard.provenance.en, lingfeng.provenance_en);
    assert!(r
        .standard
        .provenance
        .zh
        .starts_with("本标准是依据公开报道重构的文本"));
    assert_eq!(r.standard.source, lingfeng.source);
    assert!(r.standard.source.contains("报道原文未注明刊载媒体与日期"));
    assert_eq!(r.standard.terms, lingfeng.terms);
    let terms: Vec<&str> = r.standard.terms.iter().map(|t| t.term.as_str()).collect();
    assert_eq!(
        terms,
        [
            "产改覆盖",
            "产业工人",
            "建会",
            "面积",
            "锋领企服十条",
            "重大"
        ]
    );
    assert_eq!(r.items.len(), 55);
    assert_eq!(r.items.iter().filter(|i| i.basis.is_some()).count(), 55);
    let d11 = r.items.iter().find(|i| i.id == "D1.1").expect("D1.1");
    let basis = d11.basis.as_ref().expect("basis");
    assert_eq!(
        (basis.topic, basis.rule),
        (
            changai::standard::model::BasisTag::District,
            changai::standard::model::BasisTag::District
        )
    );
    // Results written before the field existed still read.
    let mut old: serde_json::Value = serde_json::from_str(&json).expect("json");
    let standard = old["standard"].as_object_mut().expect("object");
    standard.remove("provenance");
    standard.remove("source");
    standard.remove("terms");
    let old: Results = serde_json::from_value(old).expect("older results read");
    assert_eq!(old.standard.provenance.zh, "");
    assert!(old.standard.terms.is_empty());
}

#[test]
fn the_title_and_issuer_borrow_no_other_document() {
    let lingfeng = shipped("lingfeng-2021");
    assert_eq!(
        lingfeng.title.zh,
        "灵峰工业社区“产改”工作标准（依据公开报道重构）"
    );
    assert_eq!(
        lingfeng.issuer.zh,
        "灵峰工业社区（北仑区总工会指导；重构本）"
    );
    assert!(!lingfeng.title.zh.contains("宁波产业工人队伍建设改革"));
    let sanding = shipped("sanding-2022");
    assert_eq!(
        sanding.title.zh,
        "工业社区工会工作人员“三定一统筹”考核标准（依据公开报道重构）"
    );
    for s in [&lingfeng, &sanding] {
        assert!(s.issuer.zh.contains("重构本"), "{}", s.id);
        assert!(
            s.source.contains("报道原文未注明刊载媒体与日期"),
            "{}",
            s.id
        );
        assert!(!s.provenance_en.is_empty(), "{}", s.id);
    }
}

#[test]
fn explain_shows_the_basis_in_both_languages() {
    let zh = stdout(&[
        "evaluate",
        "evidence-samples/lingfeng-2025",
        "--explain",
        "C1.3",
    ]);
    assert_eq!(
        zh.lines().nth(2),
        Some("依据：话题（报道明确提到），计分规则（报道部分支持）。报道：“配备6~10名专职工作者”。报道描述配备情况；把它作为人数要求为重构。")
    );
    let en = stdout(&[
        "evaluate",
        "evidence-samples/lingfeng-2025",
        "--explain",
        "C1.3",
        "--lang",
        "en",
    ]);
    assert_eq!(
        en.lines().nth(2),
        Some("basis: topic (stated in the article), scored rule (partly supported by the article). Article: 配备6~10名专职工作者 describes the staffing; reading it as a required head count is reconstructed.")
    );
}

#[test]
fn the_appendix_carries_the_glossary_and_each_basis() {
    let lingfeng = shipped("lingfeng-2021");
    let md = stdout(&[
        "report",
        "evidence-samples/lingfeng-2025",
        "--format",
        "md",
        "-o",
        "-",
    ]);
    // the glossary is printed before the signatures, not in the screen-only appendix
    let at_appendix = md.find("## 附录").expect("appendix");
    let appendix = &md[at_appendix..];
    let terms_at = md
        .find("## 六、术语\n\n本标准中以下用语的含义。\n\n| 术语 | 含义 |\n|---|---|\n")
        .expect("a printed 术语 section");
    let signature_at = md.find("## 七、签字确认").expect("signature");
    assert!(terms_at < signature_at);
    for term in &lingfeng.terms {
        let row = format!("| {} | {} |\n", term.term, term.definition);
        assert_eq!(md.matches(&row).count(), 1, "{}", term.term);
        let at = md.find(&row).expect("the term's row");
        assert!(terms_at < at && at < signature_at, "{}", term.term);
        assert!(!appendix.contains(&row), "{}", term.term);
    }
    assert!(appendix.contains(
        "### B2.2 先进典型选树\n\n依据：话题（报道所述为一家企业的做法），计分规则（报道未提到，按常见做法重构）。"
    ));
    assert_eq!(appendix.matches("\n依据：话题（").count(), 55);
    let html = stdout(&[
        "report",
        "evidence-samples/lingfeng-2025",
        "--format",
        "html",
        "-o",
        "-",
    ]);
    assert_eq!(html.matches("<p class=\"basis\">").count(), 55);
    assert_eq!(
        html.matches("<table class=\"data fixed terms\">").count(),
        1
    );
    // printed: in its own sheet before the signatures, outside the appendix that print hides
    let terms = html
        .find("<section class=\"sheet terms\" id=\"terms\">\n  <h2>六、术语</h2>")
        .expect("the html 术语 section");
    assert!(
        terms
            < html
                .find("<section class=\"sheet signature\"")
                .expect("signature")
    );
    assert!(html.contains("<li><a href=\"#terms\">六、术语</a></li>"));
}

#[test]
fn init_writes_the_glossary_into_the_guide() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pack = dir.path().join("pack");
    let out = run(
        ["changai", "init", pack.to_str().expect("utf-8")],
        &Env {
            cwd: repo(),
            color: false,
            source_date_epoch: None,
        },
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let guide = std::fs::read_to_string(pack.join("填写说明.md")).expect("guide");
    assert!(guide.contains("\n## 术语\n\n本标准中以下用语的含义：\n\n- **产改覆盖**："));
    for term in &shipped("lingfeng-2021").terms {
        assert!(
            guide.contains(&format!("- **{}**：{}\n", term.term, term.definition)),
            "{}",
            term.term
        );
    }
    assert!(guide.contains("> 重构说明：本标准是依据公开报道重构的文本"));
}

/// Words an officer should not meet in the Chinese guidance: file keys, English keys, tags.
fn technical_words(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for bad in [
        "review.yaml",
        "pack.yaml",
        "列为",
        "role:",
        "[S]",
        "[I]",
        "[S-d]",
    ] {
        if text.contains(bad) {
            found.push(bad.to_owned());
        }
    }
    // An English key: a word of ASCII letters joined by underscores (funds_budget_yuan), or the
    // Markdown extension as a word.
    let mut word = String::new();
    for c in text.chars().chain([' ']) {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            if (word.contains('_') && word.chars().any(|c| c.is_ascii_alphabetic())) || word == "md"
            {
                found.push(word.clone());
            }
            word.clear();
        }
    }
    found
}

#[test]
fn shipped_chinese_guidance_has_no_technical_words_and_every_leaf_a_basis() {
    for (name, count) in [("lingfeng-2021", 55), ("sanding-2022", 13)] {
        let standard = shipped(name);
        let all = leaves(&standard.items);
        assert_eq!(all.len(), count, "{name}");
        for leaf in all {
            let guidance = leaf.guidance.as_deref().unwrap_or("");
            assert_eq!(
                technical_words(guidance),
                Vec::<String>::new(),
                "{name} {}",
                leaf.id
            );
            let en = leaf.guidance_en.as_deref().unwrap_or("");
            assert!(!en.contains("Source tag"), "{name} {}", leaf.id);
            let basis = leaf
                .basis
                .as_ref()
                .unwrap_or_else(|| panic!("{name} {}", leaf.id));
            assert!(
                !basis.note.is_empty() && !basis.note_en.is_empty(),
                "{name} {}",
                leaf.id
            );
        }
    }
}

#[test]
fn the_fidelity_corrections_are_in_the_tags() {
    use changai::standard::model::BasisTag::{District, Enterprise, Inferred, Partly, Stated};
    let standard = shipped("lingfeng-2021");
    let all = leaves(&standard.items);
    let tag = |id: &str| {
        let b = all
            .iter()
            .find(|i| i.id == id)
            .and_then(|i| i.basis.as_ref())
            .unwrap_or_else(|| panic!("{id}"));
        (b.topic, b.rule)
    };
    assert_eq!(tag("D1.1").0, District);
    assert_eq!(tag("B2.2").0, Enterprise);
    assert_eq!(tag("D3.2").0, Enterprise);
    for id in ["A1.2", "A3.4", "F1.1", "E1.3"] {
        assert_eq!(tag(id).1, Inferred, "{id}");
    }
    for id in ["A3.4", "F1.1", "E1.3"] {
        assert_eq!(tag(id).0, Stated, "{id}");
    }
    assert_eq!(tag("D3.4").0, Partly);
    assert_eq!(tag("E1.2").0, Partly);
}

#[test]
fn validate_deny_warnings_is_clean_and_shows_the_provenance() {
    for (name, shape, leaves) in [
        ("lingfeng-2021", "6/17/55", 55),
        ("sanding-2022", "4/13", 13),
    ] {
        let path = format!("standards/{name}");
        let out = stdout(&["validate", "--deny-warnings", &path]);
        let provenance = collapse(&shipped(name).provenance);
        assert_eq!(
            out,
            format!(
                "✓ {path}: {name} {}，结构 {shape}，0 个警告\n  重构说明：{provenance}\n  依据：{leaves} 个末级条目中 {leaves} 个写明了在来源中的依据\n",
                shipped(name).version
            )
        );
    }
}

#[test]
fn the_docs_table_agrees_with_every_basis() {
    let doc = std::fs::read_to_string(repo().join("docs/lingfeng-basis.md")).expect("docs table");
    for name in ["lingfeng-2021", "sanding-2022"] {
        let standard = shipped(name);
        for leaf in leaves(&standard.items) {
            let basis = leaf.basis.as_ref().expect("basis");
            let row = format!(" | {} | {} |\n", basis.note, basis.note_en);
            assert_eq!(doc.matches(&row).count(), 1, "{name} {}", leaf.id);
            assert!(
                doc.contains(&format!("| {} {}<br>", leaf.id, leaf.title.zh)),
                "{name} {}",
                leaf.id
            );
        }
    }
    assert!(!Path::new(&repo().join("docs/lingfeng-basis.md")).is_dir());
}
