//! Engine rules that close the scoring loopholes (issue 10): a core item the community declares
//! out itself counts toward the core rule only with the approver's confirmation; a bonus counts
//! once, dated inside the period and proven by its certificate; "无此情形" scores as the standard
//! says, and only where it allows it; lint warns of rows scored by two items.

use changai::cli::{run, Exit};
use changai::outcome::{Results, Status};
use changai::standard::Standard;

use crate::check_kinds::support::TestPack;
use crate::evaluate::{env_at, repo};

/// One group of four leaves: A1 is core (the approver is 区总工会), A2 allows 无此情形, A3 allows it
/// with the approver's confirmation, A4 never. `{NO_CASE}` is the scoring policy.
const STANDARD: &str = r#"id: t
version: "1"
title: {zh: 测试标准, en: test}
issuer: {zh: 测试社区, en: test community}
levels: [{zh: 一级}, {zh: 二级}]
scoring:
  total: 10
  grades:
    - {id: excellent, title: {zh: 优秀, en: Excellent}, min: 9}
    - {id: good, title: {zh: 良好, en: Good}, min: 7}
    - {id: fail, title: {zh: 不合格, en: Fail}, min: 0}
  core: [A1]
  core_grade: excellent
  approver: 区总工会
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
      - {id: A1, title: {zh: 一, en: one}, points: 2, checks: [{files: {glob: "A/A1/*"}}]}
      - {id: A2, title: {zh: 二, en: two}, points: 4, no_case: allowed, checks: [{files: {glob: "A/A2/*"}}]}
      - {id: A3, title: {zh: 三, en: three}, points: 2, no_case: attested, checks: [{files: {glob: "A/A3/*"}}]}
      - {id: A4, title: {zh: 四, en: four}, points: 2, checks: [{files: {glob: "A/A4/*"}}]}
"#;

/// pack.yaml's first four lines; declarations start at line 5.
const HEAD: &str =
    "community: 测试社区\nperiod: 2025\nstandard: {id: t, version: \"1\"}\npreparer: 王五\n";

const CONFIRM_A1: &str =
    "attestations:\n  - {item: A1, by: 王敏, role: 区总工会, date: 2026-01-10, verdict: met}\n";

fn standard_yaml(no_case: &str) -> String {
    STANDARD.replace("{NO_CASE}", no_case)
}

fn standard(no_case: &str) -> Standard {
    let loaded =
        changai::standard::load::load_sources(("t.yaml".into(), standard_yaml(no_case)), vec![]);
    match loaded.standard {
        Some(s) => s,
        None => panic!("{:?}", loaded.diagnostics),
    }
}

/// A pack with evidence for every leaf, the declarations `pack_yaml` and `review.yaml`.
fn pack(pack_yaml: &str, review_yaml: Option<&str>) -> TestPack {
    let mut p = TestPack::with_pack_yaml(&format!("{HEAD}{pack_yaml}"))
        .evidence("A/A1/2025-03-01 通知.pdf")
        .evidence("A/A2/2025-03-01 台账.pdf")
        .evidence("A/A3/2025-03-01 台账.pdf")
        .evidence("A/A4/2025-03-01 台账.pdf")
        .evidence("bonus/2025-09-01 证书.pdf");
    if let Some(r) = review_yaml {
        p = p.file("review.yaml", r);
    }
    p
}

fn evaluate(no_case: &str, pack_yaml: &str, review_yaml: Option<&str>) -> Results {
    changai::pipeline::evaluate(&standard(no_case), &pack(pack_yaml, review_yaml).open())
}

fn reasons_zh(r: &Results) -> Vec<&str> {
    r.score
        .grade_reasons
        .iter()
        .map(|t| t.zh.as_str())
        .collect()
}

fn reasons_en(r: &Results) -> Vec<&str> {
    r.score
        .grade_reasons
        .iter()
        .map(|t| t.en.as_str())
        .collect()
}

/// `severity code file:line:column [item]: zh | en` of every problem.
fn problems(r: &Results) -> Vec<String> {
    r.problems
        .iter()
        .map(|d| {
            format!(
                "{} {} {}:{}:{} [{}]: {} | {}",
                d.severity.as_str(),
                d.code,
                d.file,
                d.line.unwrap_or(0),
                d.column.unwrap_or(0),
                d.item.as_deref().unwrap_or(""),
                d.message,
                d.message_en
            )
        })
        .collect()
}

fn item<'r>(r: &'r Results, id: &str) -> &'r changai::outcome::ItemOutcome {
    r.items.iter().find(|i| i.id == id).unwrap()
}

// --- 1. A core item declared out by the community needs the approver's confirmation. ---

const A1_NA: &str = "not_applicable:\n  - {item: A1, reason: 辖区没有此类企业}\n";

#[test]
fn a_self_declared_not_applicable_core_item_blocks_the_top_grade() {
    let r = evaluate("exclude", A1_NA, None);
    assert_eq!(item(&r, "A1").status, Status::NotApplicable);
    // the score is unchanged: A1 leaves the denominator, 8 of 8 → 10
    assert_eq!((r.score.total, r.score.grade.id.as_str()), (10.0, "good"));
    assert_eq!(r.score.core_unmet, ["A1"]);
    assert_eq!(
        reasons_zh(&r),
        [
            "得分 10 分，达到优秀线 9 分",
            "不适用、豁免条目不计分母：按 8 分折算为 10 分制",
            "核心项 A1 由社区自行申报不适用，未经区总工会确认，按未达标计，不能评为优秀",
            "核心项 A1 未完成：不能评为优秀，降为良好",
        ]
    );
    assert_eq!(
        reasons_en(&r),
        [
            "score 10 reaches the Excellent line of 9",
            "not-applicable and waived items leave the denominator: 8 points rescaled to 10",
            "core item A1 is declared not applicable by the community itself without the confirmation of 区总工会; it counts as not met: not Excellent",
            "core item A1 not met: not Excellent, graded Good",
        ]
    );
    assert_eq!(problems(&r), Vec::<String>::new());
}

#[test]
fn the_approvers_confirmation_lets_a_not_applicable_core_item_count() {
    let r = evaluate("exclude", A1_NA, Some(CONFIRM_A1));
    assert_eq!(
        (r.score.total, r.score.grade.id.as_str()),
        (10.0, "excellent")
    );
    assert!(r.score.core_unmet.is_empty());
    assert_eq!(
        reasons_zh(&r),
        [
            "得分 10 分，达到优秀线 9 分，评为优秀",
            "不适用、豁免条目不计分母：按 8 分折算为 10 分制",
        ]
    );
    // the approver may sign a core item although its checks ask no sign-off
    assert_eq!(problems(&r), Vec::<String>::new());
}

#[test]
fn a_confirmation_by_another_role_or_saying_unmet_does_not_count() {
    let other = "attestations:\n  - {item: A1, by: 李娜, role: 街道总工会, date: 2026-01-10, verdict: met}\n";
    let r = evaluate("exclude", A1_NA, Some(other));
    assert_eq!(r.score.grade.id, "good");
    assert_eq!(
        problems(&r),
        ["warning attestation-role review.yaml:2:30 [A1]: 条目 `A1` 没有要求 `街道总工会` 签署，该签署不计入 | item `A1` asks no sign-off by `街道总工会`; the attestation does not count"]
    );
    let refused = "attestations:\n  - {item: A1, by: 王敏, role: 区总工会, date: 2026-01-10, verdict: met}\n  - {item: A1, by: 王敏, role: 区总工会, date: 2026-01-20, verdict: unmet}\n";
    let r = evaluate("exclude", A1_NA, Some(refused));
    assert_eq!(r.score.grade.id, "good");
    assert_eq!(r.score.core_unmet, ["A1"]);
}

#[test]
fn a_waived_core_item_needs_the_confirmation_too() {
    let waived =
        "waivers:\n  - {item: A1, reason: 场地改造, approved_by: 区总工会, expires: 2026-06-30}\n";
    let r = evaluate("exclude", waived, None);
    assert_eq!(r.score.grade.id, "good");
    assert_eq!(
        reasons_zh(&r).get(2).copied(),
        Some("核心项 A1 由社区申报豁免，未经区总工会确认，按未达标计，不能评为优秀")
    );
    let r = evaluate("exclude", waived, Some(CONFIRM_A1));
    assert_eq!(r.score.grade.id, "excellent");
}

// --- 2. A bonus counts once, dated inside the period, proven by its certificate. ---

fn claim(id: &str, title: &str, awarded: &str, certificate: &str) -> String {
    format!("  - {{id: {id}, note: 荣誉, title: {title}, awarded: {awarded}, certificate: {certificate}}}\n")
}

fn bonus_of(r: &Results) -> Vec<(&str, f64, Vec<&str>)> {
    r.score
        .bonus_claims
        .iter()
        .map(|c| {
            (
                c.id.as_str(),
                c.points,
                c.reasons.iter().map(|t| t.zh.as_str()).collect(),
            )
        })
        .collect()
}

#[test]
fn the_same_bonus_claimed_twice_counts_once() {
    let yaml = format!(
        "bonus:\n{}{}",
        claim(
            "city",
            "市级模范职工之家",
            "2025-09-01",
            "bonus/2025-09-01 证书.pdf"
        ),
        claim(
            "city",
            "市级工人先锋号",
            "2025-09-01",
            "bonus/2025-09-01 证书.pdf"
        ),
    );
    let r = evaluate("exclude", &yaml, None);
    assert_eq!((r.score.bonus, r.score.total), (1.0, 11.0));
    assert_eq!(bonus_of(&r), [("city", 1.0, vec![])]);
    assert_eq!(
        problems(&r),
        ["warning duplicate-declaration pack.yaml:7:10 [city]: 加分项 `city` 重复申报，只采用第一次（第 6 行） | bonus `city` is claimed twice; the first one (line 6) is used"]
    );
}

#[test]
fn one_achievement_at_two_levels_counts_once_at_the_higher() {
    let yaml = format!(
        "bonus:\n{}{}",
        claim(
            "city",
            "全国模范职工之家",
            "2025-09-01",
            "bonus/2025-09-01 证书.pdf"
        ),
        claim(
            "national",
            "全国 模范职工之家",
            "2025-09-01",
            "bonus/2025-09-01 证书.pdf"
        ),
    );
    let r = evaluate("exclude", &yaml, None);
    assert_eq!((r.score.bonus, r.score.total), (3.0, 13.0));
    assert_eq!(
        bonus_of(&r),
        [
            (
                "city",
                0.0,
                vec!["同一荣誉已按“获国家级荣誉”计 3 分，不重复加分"]
            ),
            ("national", 3.0, vec![]),
        ]
    );
    assert_eq!(
        reasons_zh(&r),
        [
            "得分 13 分，达到优秀线 9 分，评为优秀",
            "加分项“获市级荣誉”（全国模范职工之家）：同一荣誉已按“获国家级荣誉”计 3 分，不重复加分",
            "加分 3 分",
        ]
    );
    assert_eq!(
        reasons_en(&r).get(1).copied(),
        Some("bonus \"City honour\" (全国模范职工之家): the same honour already counts as \"National honour\" (3 points); it is not added twice")
    );
}

#[test]
fn a_bonus_outside_the_period_or_without_its_certificate_earns_nothing() {
    let yaml = format!(
        "bonus:\n{}{}  - {{id: city, note: 市级荣誉}}\n",
        claim(
            "national",
            "全国工人先锋号",
            "2024-12-18",
            "bonus/2025-09-01 证书.pdf"
        ),
        claim(
            "city",
            "市级工人先锋号",
            "2025-09-01",
            "bonus/没有的证书.pdf"
        ),
    );
    let r = evaluate("exclude", &yaml, None);
    assert_eq!((r.score.bonus, r.score.total), (0.0, 10.0));
    assert_eq!(
        bonus_of(&r),
        [
            (
                "national",
                0.0,
                vec!["获奖日期 2024-12-18 不在评价期 2025-01-01 至 2025-12-31 内，不计分"]
            ),
            (
                "city",
                0.0,
                vec!["获奖证书“bonus/没有的证书.pdf”不在证据包中，不计分"]
            ),
        ]
    );
    assert_eq!(
        reasons_en(&r),
        [
            "score 10 reaches the Excellent line of 9: graded Excellent",
            "bonus \"National honour\" (全国工人先锋号): awarded on 2024-12-18, outside the review period 2025-01-01 to 2025-12-31; it earns nothing",
            "bonus \"City honour\" (市级工人先锋号): the certificate \"bonus/没有的证书.pdf\" is not in the pack; it earns nothing",
        ]
    );
    assert_eq!(
        problems(&r),
        [
            "warning missing-evidence pack.yaml:7:76 [city]: 加分项 `city` 的获奖证书 `bonus/没有的证书.pdf` 不在证据包中 | certificate `bonus/没有的证书.pdf` of bonus `city` is not in the pack",
            "warning duplicate-declaration pack.yaml:8:10 [city]: 加分项 `city` 重复申报，只采用第一次（第 7 行） | bonus `city` is claimed twice; the first one (line 7) is used",
        ]
    );
    // an old claim without date or certificate still reads, and says why it earns nothing
    let r = evaluate("exclude", "bonus:\n  - {id: city, note: 市级荣誉}\n", None);
    assert_eq!(
        bonus_of(&r),
        [(
            "city",
            0.0,
            vec!["没有写明获奖日期，不计分", "没有附获奖证书，不计分"]
        )]
    );
    let r = evaluate(
        "exclude",
        "bonus:\n  - {id: city, note: 市级荣誉, awarded: 2025-02-30, certificate: bonus/2025-09-01 证书.pdf}\n",
        None,
    );
    assert_eq!(
        bonus_of(&r),
        [(
            "city",
            0.0,
            vec!["获奖日期“2025-02-30”不是真实的日期，不计分"]
        )]
    );
    assert_eq!(
        problems(&r),
        ["warning bonus-date pack.yaml:6:37 [city]: 加分项 `city` 的获奖日期 `2025-02-30` 不是真实的日期（应为 YYYY-MM-DD），不计分 | award date `2025-02-30` of bonus `city` is not a real YYYY-MM-DD date; it earns nothing"]
    );
}

// --- 3. 无此情形: nothing to do this year. ---

const A2_NO_CASE: &str = "no_case:\n  - {item: A2, reason: 本年度辖区企业未发生劳动争议}\n";

#[test]
fn no_case_with_a_reason_leaves_the_denominator_by_default() {
    let r = evaluate("exclude", A2_NO_CASE, None);
    let a2 = item(&r, "A2");
    assert_eq!(
        (a2.status, a2.no_case, a2.score),
        (Status::NotApplicable, true, 0.0)
    );
    assert_eq!(
        a2.reasons[0].zh,
        "本年度无此情形：“本年度辖区企业未发生劳动争议”"
    );
    assert_eq!(
        a2.reasons[0].en,
        "no case this year: \"本年度辖区企业未发生劳动争议\""
    );
    // 6 of 6 → 10
    assert_eq!(
        (r.score.items_max, r.score.total, r.score.grade.id.as_str()),
        (6.0, 10.0, "excellent")
    );
    assert_eq!(problems(&r), Vec::<String>::new());
}

#[test]
fn no_case_earns_full_points_under_award() {
    let r = evaluate("award", A2_NO_CASE, None);
    let a2 = item(&r, "A2");
    assert_eq!(
        (a2.status, a2.no_case, a2.score),
        (Status::NotApplicable, true, 4.0)
    );
    assert_eq!((r.score.items_max, r.score.total), (10.0, 10.0));
    // and without evidence for the others, the award shows: 4 of 10
    let p = TestPack::with_pack_yaml(&format!("{HEAD}{A2_NO_CASE}"));
    let r = changai::pipeline::evaluate(&standard("award"), &p.open());
    assert_eq!((r.score.items_max, r.score.total), (10.0, 4.0));
    let r = changai::pipeline::evaluate(&standard("exclude"), &p.open());
    assert_eq!((r.score.items_max, r.score.total), (6.0, 0.0));
}

#[test]
fn no_case_without_a_reason_is_a_located_error_and_the_item_is_checked() {
    let r = evaluate(
        "exclude",
        "no_case:\n  - {item: A2, reason: \"  \"}\n",
        None,
    );
    assert_eq!(item(&r, "A2").status, Status::Met);
    assert_eq!(
        problems(&r),
        ["error no-case-reason pack.yaml:6:5 [A2]: 条目 `A2` 申报“无此情形”没有写明理由，该申报不予采用 | the \"no case this year\" declaration of item `A2` gives no reason; it is ignored"]
    );
}

#[test]
fn no_case_on_an_item_that_does_not_allow_it_is_a_located_error_naming_the_item() {
    let r = evaluate(
        "exclude",
        "no_case:\n  - {item: A4, reason: 本年度没有}\n  - {item: A, reason: 本年度没有}\n",
        None,
    );
    assert_eq!(
        (item(&r, "A4").status, item(&r, "A4").no_case),
        (Status::Met, false)
    );
    assert_eq!(
        problems(&r),
        [
            "error no-case-not-allowed pack.yaml:6:12 [A4]: 条目 `A4` 不允许申报“无此情形”，该申报不予采用，按实际情况检查 | item `A4` does not allow \"no case this year\"; the declaration is ignored and the item is checked",
            "error no-case-not-allowed pack.yaml:7:12 [A]: `A` 是分组；“无此情形”只能对末级条目逐项申报，该申报不予采用 | `A` is a group; \"no case this year\" is declared leaf by leaf; the declaration is ignored",
        ]
    );
}

#[test]
fn an_attested_no_case_needs_the_approvers_confirmation() {
    let yaml = "no_case:\n  - {item: A3, reason: 本年度没有困难职工}\n";
    let r = evaluate("exclude", yaml, None);
    let a3 = item(&r, "A3");
    assert_eq!((a3.status, a3.no_case), (Status::Met, false));
    assert_eq!(
        a3.reasons.last().map(|t| t.zh.as_str()),
        Some("申报本年度无此情形，未经区总工会确认，未予采用，按实际情况检查")
    );
    assert_eq!(
        problems(&r),
        ["warning no-case-unconfirmed pack.yaml:6:12 [A3]: 条目 `A3` 申报本年度无此情形，须经区总工会确认，审核文件中没有确认，按实际情况检查 | item `A3` is declared to have no case this year, which needs the confirmation of 区总工会; the review file has none, so the item is checked"]
    );
    let confirm =
        "attestations:\n  - {item: A3, by: 王敏, role: 区总工会, date: 2026-01-10, verdict: met}\n";
    let r = evaluate("exclude", yaml, Some(confirm));
    let a3 = item(&r, "A3");
    assert_eq!(
        (a3.status, a3.no_case, r.score.items_max),
        (Status::NotApplicable, true, 8.0)
    );
    assert_eq!(problems(&r), Vec::<String>::new());
}

#[test]
fn a_refused_no_case_through_the_cli_exits_2_and_says_so_in_both_languages() {
    let p = pack("no_case:\n  - {item: A4, reason: 本年度没有}\n", None);
    let std_path = p.path("std.yaml");
    std::fs::write(&std_path, standard_yaml("exclude")).unwrap();
    let out = |lang: &str| {
        run(
            [
                "changai",
                "evaluate",
                p.root().to_str().unwrap(),
                "--standard",
                std_path.to_str().unwrap(),
                "--lang",
                lang,
            ],
            &env_at(&repo()),
        )
    };
    // an error among the declarations: the results stand, the exit code is 2
    let zh = out("zh");
    assert_eq!(zh.code, Exit::Error);
    let zh = String::from_utf8(zh.stdout).unwrap();
    assert!(
        zh.contains("  错误 pack.yaml:6:12 [A4]：条目 “A4” 不允许申报“无此情形”，该申报不予采用，按实际情况检查\n"),
        "{zh}"
    );
    let en = String::from_utf8(out("en").stdout).unwrap();
    assert!(
        en.contains("  error pack.yaml:6:12 [A4]: item `A4` does not allow \"no case this year\"; the declaration is ignored and the item is checked\n"),
        "{en}"
    );
}

// --- 4. Rows scored twice: the shipped standard says so on purpose. ---

#[test]
fn the_shipped_standard_marks_its_shared_rows_and_validates_clean() {
    let out = run(
        [
            "changai",
            "validate",
            "standards/lingfeng-2021",
            "--deny-warnings",
        ],
        &env_at(&repo()),
    );
    assert_eq!(
        out.code,
        Exit::Ok,
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // The summary line, then the provenance and the basis count (tests/identity.rs pins them).
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().lines().next(),
        Some("✓ standards/lingfeng-2021: lingfeng-2021 2021.1，结构 6/17/55，0 个警告")
    );
}

#[test]
fn shared_rows_names_both_items_in_both_languages() {
    let fixture = "tests/fixtures/validate/shared-rows/standard.yaml";
    let human = |lang: &str| {
        let out = run(
            ["changai", "validate", fixture, "--lang", lang],
            &env_at(&repo()),
        );
        assert_eq!(out.code, Exit::Ok);
        String::from_utf8(out.stdout).unwrap()
    };
    let zh = human("zh");
    assert!(
        zh.contains("警告[shared-rows]：条目 `A2` 和条目 `A1`（tests/fixtures/validate/shared-rows/standard.yaml:24:15）读取同一台账 `data/服务台账.csv` 的同一些行，都不筛选行：同一项工作计了两次分\n"),
        "{zh}"
    );
    let en = human("en");
    assert!(
        en.contains("warning[shared-rows]: items `A2` and `A1` (tests/fixtures/validate/shared-rows/standard.yaml:24:15) read the same rows of `data/服务台账.csv`, neither filters the rows: one piece of work is scored twice\n"),
        "{en}"
    );
    let out = run(
        ["changai", "validate", fixture, "--deny-warnings"],
        &env_at(&repo()),
    );
    assert_eq!(out.code, Exit::Failed);
}

// --- 5. A gate (`gate: true`): unless it holds, the item earns 0. ---

const LEDGER_GATE: &str =
    r#"records: {label: 竞赛台账, file: "data/竞赛台账.csv", min: 1, gate: true}"#;
const PLAN: &str = r#"files: {label: 竞赛方案, glob: "A/A1.1/*方案*"}"#;
const RESULTS: &str = r#"files: {label: 获奖名单, glob: "A/A1.1/*获奖*"}"#;

#[test]
fn an_item_whose_gate_does_not_hold_earns_0_whatever_the_rest_earns() {
    use crate::check_kinds::support::{decided, evaluate, standard};
    let s = standard("", &[LEDGER_GATE, PLAN, RESULTS]);
    let files = TestPack::new()
        .evidence("A/A1.1/2025-05-08 竞赛方案.docx")
        .evidence("A/A1.1/2025-06-20 获奖名单.pdf");
    let ev = evaluate(&s, &files.open());
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    let i = &ev.items[0];
    assert_eq!(
        i.reasons.last().map(|t| (t.zh.as_str(), t.en.as_str())),
        Some((
            "竞赛台账是此项的必备条件，未满足，此项记 0 分",
            "the 竞赛台账 is required for this item and is not in place: the item scores 0"
        ))
    );
    assert_eq!(
        i.shortfall
            .iter()
            .map(|t| t.zh.as_str())
            .collect::<Vec<_>>(),
        [
            "缺少竞赛台账：请补上 data 文件夹中名为“竞赛台账”的 CSV 文件",
            "竞赛台账必须有：缺了它，此项其他材料再齐全也不得分"
        ]
    );
    assert!(i.checks[0].gate && !i.checks[1].gate);
    // the gate open, it adds nothing to the average: only the plan (1) and results (0) count
    // (credit, not points)
    let ledger = TestPack::new()
        .evidence("A/A1.1/2025-05-08 竞赛方案.docx")
        .file("data/竞赛台账.csv", "日期,竞赛名称\n2025-05-08,技能比武\n");
    let ev = evaluate(&s, &ledger.open());
    assert_eq!(decided(&ev), (Status::Partial, 0.5));
    // an item of gates only earns everything once they hold
    let s = standard("", &[LEDGER_GATE]);
    assert_eq!(decided(&evaluate(&s, &ledger.open())), (Status::Met, 1.0));
}

#[test]
fn the_shipped_d3_1_without_its_contest_ledger_scores_0_saying_the_ledger_is_required() {
    let p = TestPack::new()
        .evidence("D/D3.1/2025-05-08 技能竞赛方案.docx")
        .evidence("D/D3.1/2025-06-20 技能竞赛获奖名单.pdf");
    let shipped = changai::standard::load(std::path::Path::new("standards/lingfeng-2021"))
        .unwrap()
        .standard
        .unwrap();
    let r = changai::pipeline::evaluate(&shipped, &p.open());
    let d = item(&r, "D3.1");
    assert_eq!((d.status, d.score), (Status::Unmet, 0.0));
    assert!(d
        .reasons
        .iter()
        .any(|t| t.zh == "竞赛台账是此项的必备条件，未满足，此项记 0 分"));
}

#[test]
fn a_gate_inside_a_composite_is_a_located_lint_error() {
    let yaml = crate::check_kinds::support::standard_yaml(
        "",
        &[r#"any: [{files: {glob: "A/*", gate: true}}, {files: {glob: "B/*"}}]"#],
    );
    let loaded = changai::standard::validate(changai::standard::load::load_sources(
        ("s.yaml".into(), yaml),
        vec![],
    ));
    let found: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == "bad-rule")
        .map(|d| {
            format!(
                "{}:{}:{} {} | {}",
                d.file,
                d.line.unwrap_or(0),
                d.column.unwrap_or(0),
                d.message,
                d.message_en
            )
        })
        .collect();
    assert_eq!(
        found,
        ["s.yaml:21:45 `gate` 只能写在条目自己的检查上，不能写在 `any` 之内 | `gate` belongs on an item's own checks, not inside `any`"]
    );
}
