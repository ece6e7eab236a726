//! Finishing issue 10: the report names no repository path where auditors read it, the bonus
//! table says why each claim counts or not, and what a report shows as counted follows the
//! standard's 无此情形 policy exactly as the score does.

use changai::outcome::Results;
use changai::render::report::{context, ReportInput};
use changai::standard::Standard;
use changai::Lang;

use crate::check_kinds::support::TestPack;

fn shipped(dir: &str) -> Standard {
    changai::standard::load(std::path::Path::new(dir))
        .unwrap()
        .standard
        .unwrap()
}

fn input(r: &Results, lang: Lang) -> ReportInput<'_> {
    ReportInput {
        results: r,
        previous: None,
        plan: None,
        lang,
        date: jiff::civil::date(2026, 1, 10),
        scoring: None,
    }
}

/// A text names a repository path: a folder of this project or a file with an extension.
fn names_a_path(text: &str) -> bool {
    ["docs/", "standards/", "src/", ".md", ".yaml", ".rs"]
        .iter()
        .any(|p| text.contains(p))
}

#[test]
fn provenance_and_source_name_no_repository_path_in_either_language() {
    for dir in ["standards/lingfeng-2021", "standards/sanding-2022"] {
        let s = shipped(dir);
        for text in [&s.provenance, &s.provenance_en, &s.source] {
            assert!(!names_a_path(text), "{dir}: {text}");
        }
        assert!(
            s.provenance.ends_with("逐项对照表见本标准随附的依据说明。"),
            "{dir}"
        );
    }
    // and so the printed report: cover, closing note (md) and the html's provenance
    let r = changai::pipeline::evaluate(
        &shipped("standards/lingfeng-2021"),
        &TestPack::with_pack_yaml(
            "community: 测试社区\nperiod: 2025\nstandard: {id: lingfeng-2021, version: \"2021.1\"}\npreparer: 王五\n",
        )
        .open(),
    );
    for lang in [Lang::Zh, Lang::En] {
        let c = context::build(&input(&r, lang));
        assert!(!c.cover.provenance.is_empty());
        assert!(!names_a_path(&c.cover.provenance), "{}", c.cover.provenance);
    }
}

const STANDARD: &str = r#"id: t
version: "1"
title: {zh: 测试标准, en: test}
issuer: {zh: 测试社区, en: test community}
levels: [{zh: 一级}, {zh: 二级}]
scoring:
  total: 10
  grades:
    - {id: good, title: {zh: 良好, en: Good}, min: 6}
    - {id: fail, title: {zh: 不合格, en: Fail}, min: 0}
  no_case: {NO_CASE}
  bonus:
    cap: 5
    items:
      - {id: national, title: {zh: 获国家级荣誉, en: National honour}, points: 3}
      - {id: city, title: {zh: 获市级荣誉, en: City honour}, points: 1}
items:
  - id: A
    title: {zh: 甲, en: A}
    items:
      - {id: A1, title: {zh: 一, en: one}, points: 6, checks: [{files: {glob: "A/A1/*"}}]}
      - {id: A2, title: {zh: 二, en: two}, points: 4, no_case: allowed, checks: [{files: {glob: "A/A2/*"}}]}
"#;

const HEAD: &str =
    "community: 测试社区\nperiod: 2025\nstandard: {id: t, version: \"1\"}\npreparer: 王五\n";

fn results(no_case: &str, pack_yaml: &str) -> Results {
    let loaded = changai::standard::load::load_sources(
        ("t.yaml".into(), STANDARD.replace("{NO_CASE}", no_case)),
        vec![],
    );
    let s = loaded.standard.unwrap();
    let p = TestPack::with_pack_yaml(&format!("{HEAD}{pack_yaml}"))
        .evidence("A/A1/2025-03-01 通知.pdf")
        .evidence("bonus/2025-09-01 证书.pdf");
    changai::pipeline::evaluate(&s, &p.open())
}

const A2_NO_CASE: &str = "no_case:\n  - {item: A2, reason: 本年度未发生劳动争议}\n";

#[test]
fn counted_follows_the_no_case_policy_as_the_score_does() {
    for (policy, counted, score_text, items_max, total) in [
        ("exclude", false, "—", 6.0, 10.0),
        ("award", true, "4", 10.0, 10.0),
    ] {
        let r = results(policy, A2_NO_CASE);
        assert_eq!(
            (r.score.items_max, r.score.total),
            (items_max, total),
            "{policy}"
        );
        let c = context::build(&input(&r, Lang::Zh));
        let a2 = c.items.iter().find(|i| i.id == "A2").unwrap();
        assert_eq!(a2.counted, counted, "{policy}");
        // the report's score column: a dash when not counted, the points awarded when counted
        let md = String::from_utf8(
            changai::render::report::render(
                changai::render::report::Format::Md,
                &input(&r, Lang::Zh),
                &changai::render::report::Templates::built_in(),
            )
            .unwrap(),
        )
        .unwrap();
        let row = format!("| 2 | A2 二 | 4 | {score_text} | 不适用 |");
        assert!(md.contains(&row), "{policy}: {row}");
        // the counted items add up to the points the score counted
        let sum: f64 = c.items.iter().filter(|i| i.counted).map(|i| i.points).sum();
        assert_eq!(sum, items_max, "{policy}");
    }
}

#[test]
fn the_bonus_table_says_why_each_claim_counts_or_not() {
    let claims = "bonus:\n\
        \x20 - {id: national, note: 荣誉, title: 全国模范职工之家, awarded: 2025-09-01, certificate: bonus/2025-09-01 证书.pdf}\n\
        \x20 - {id: city, note: 荣誉, title: 全国 模范职工之家, awarded: 2025-09-01, certificate: bonus/2025-09-01 证书.pdf}\n\
        \x20 - {id: city, note: 荣誉, title: 市级工人先锋号, awarded: 2024-12-18, certificate: bonus/没有的证书.pdf}\n";
    let r = results("exclude", claims);
    let zh: Vec<(String, Vec<String>)> = context::build(&input(&r, Lang::Zh))
        .score
        .bonus_claims
        .into_iter()
        .map(|b| (b.points_text, b.reasons))
        .collect();
    assert_eq!(
        zh,
        [
            (
                "3".to_owned(),
                vec![
                    "获奖日期 2025-09-01 在评价期内，附有获奖证书，计 3 分".to_owned(),
                    "同一荣誉另按“获市级荣誉”申报，只按最高一级计一次".to_owned(),
                ]
            ),
            (
                "0".to_owned(),
                vec!["同一荣誉已按“获国家级荣誉”计 3 分，不重复加分".to_owned()]
            ),
        ]
    );
    let en: Vec<Vec<String>> = context::build(&input(&r, Lang::En))
        .score
        .bonus_claims
        .into_iter()
        .map(|b| b.reasons)
        .collect();
    assert_eq!(
        en[0],
        [
            "awarded on 2025-09-01, inside the review period, with its certificate: 3 counted",
            "the same honour also claimed as \"City honour\": counted once, at its highest level",
        ]
    );
    // outside the period and without its certificate: both reasons, in the md line and the html cell
    let claims = "bonus:\n  - {id: city, note: 荣誉, title: 市级工人先锋号, awarded: 2024-12-18, certificate: bonus/没有的证书.pdf}\n";
    let r = results("exclude", claims);
    let render = |format| {
        String::from_utf8(
            changai::render::report::render(
                format,
                &input(&r, Lang::Zh),
                &changai::render::report::Templates::built_in(),
            )
            .unwrap(),
        )
        .unwrap()
    };
    let md = render(changai::render::report::Format::Md);
    assert!(md.contains("- 获市级荣誉：+0　荣誉（证据文件不在证据包中，未计分）。获奖日期 2024-12-18 不在评价期 2025-01-01 至 2025-12-31 内，不计分；获奖证书“bonus/没有的证书.pdf”不在证据包中，不计分\n"), "{md}");
    let html = render(changai::render::report::Format::Html);
    assert!(html.contains("<td>荣誉<ul class=\"reasons\"><li>获奖日期 2024-12-18 不在评价期 2025-01-01 至 2025-12-31 内，不计分</li><li>获奖证书“bonus&#x2f;没有的证书.pdf”不在证据包中，不计分</li></ul></td>"));
}

#[test]
fn init_guide_names_each_gate_under_its_item() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    let out = changai::cli::run(
        ["changai", "init", pack.to_str().unwrap()],
        &changai::cli::Env {
            cwd: std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            color: false,
            source_date_epoch: None,
        },
    );
    assert_eq!(out.code, changai::cli::Exit::Ok, "{}", out.stderr);
    let guide = std::fs::read_to_string(pack.join("填写说明.md")).unwrap();
    let d31 = &guide[guide.find("## D3.1 劳动和技能竞赛").unwrap()..guide.find("## D3.2").unwrap()];
    assert!(d31.ends_with(
        "\n> 必备条件：有本年度的竞赛台账，至少记有 1 场竞赛。没有它，此项其他材料再齐全也不得分。\n\n"
    ));
    assert_eq!(guide.matches("> 必备条件：").count(), 1);
    // the union-post register is what 三定一统筹 asks for
    assert!(guide.contains("“三定一统筹”管的是社区工会工作岗位。"));
    assert!(!guide.contains("data/岗位职责.csv"));
}
