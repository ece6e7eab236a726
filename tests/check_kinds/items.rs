//! Item outcomes: several checks, partial credit, not applicable, waivers, unknown declarations.

use changai::outcome::Status;

use super::support::*;

const PDF: &str = "files: {label: 通知, glob: \"A/*.pdf\"}";
const XLS: &str = "files: {label: 名单, glob: \"A/*.xlsx\"}";

fn with(decl: &str) -> TestPack {
    TestPack::with_pack_yaml(&format!("{PACK_2025}{decl}")).evidence("A/a.pdf")
}

#[test]
fn checks_of_a_leaf_average_and_partial_credit_false_snaps_to_zero() {
    let p = with("");
    let s = standard("", &[PDF, XLS]);
    let ev = evaluate(&s, &p.open());
    assert_eq!(decided(&ev), (Status::Partial, 0.5));
    assert_eq!(item(&ev).score, 1.0);
    assert_eq!(item(&ev).checks.len(), 2);
    let s = standard("partial_credit: false", &[PDF, XLS]);
    let ev = evaluate(&s, &p.open());
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    assert_eq!(zh(&ev).last().unwrap(), "此项不计部分分，未全部满足记 0 分");
}

#[test]
fn not_applicable_quotes_the_reason_and_runs_no_check() {
    let p = with("not_applicable:\n  - {item: A1.1, reason: 辖区内无规上企业}\n");
    let ev = p.eval(XLS);
    assert_eq!(decided(&ev), (Status::NotApplicable, 0.0));
    assert_eq!(zh(&ev), ["不适用：“辖区内无规上企业”"]);
    assert!(item(&ev).checks.is_empty());
    // a group id applies to its leaves
    let p = with("not_applicable:\n  - {item: A1, reason: 整组不适用}\n");
    assert_eq!(decided(&p.eval(XLS)).0, Status::NotApplicable);
}

#[test]
fn waivers_hold_until_they_expire() {
    let p = with("waivers:\n  - {item: A1.1, reason: 场地改造, approved_by: 区总工会, expires: 2026-03-31}\n");
    let ev = p.eval(XLS);
    assert_eq!(decided(&ev), (Status::Waived, 0.0));
    assert_eq!(
        zh(&ev),
        ["已豁免（区总工会 批准，有效至 2026-03-31）：“场地改造”"]
    );
    let p = with("waivers:\n  - {item: A1.1, reason: 场地改造, approved_by: 区总工会, expires: 2025-06-30}\n");
    let ev = p.eval(XLS);
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    assert_eq!(
        zh(&ev),
        [
            "名单: 未找到文件",
            "豁免已于 2025-06-30 过期（早于评价期末 2025-12-31），未予采用",
        ]
    );
}

#[test]
fn declarations_naming_unknown_items_are_problems_with_lines() {
    let p = with("not_applicable:\n  - {item: A1.1, reason: x}\n  - {item: A1.2, reason: y}\n");
    let declarations = changai::declare::resolve(&standard("", &[PDF]), &p.open());
    let problems = declarations.problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let d = &problems[0];
    assert_eq!(
        (d.file.as_str(), d.code.as_str(), d.line),
        ("pack.yaml", "unknown-item", Some(7))
    );
    assert_eq!(d.message, "声明的条目 `A1.2` 不在标准中");
    assert_eq!(d.message_en, "declared item `A1.2` is not in the standard");
    assert_eq!(d.help(changai::Lang::Zh), Some("是否应为 `A1.1`？"));
    assert_eq!(d.help(changai::Lang::En), Some("did you mean `A1.1`?"));
}

#[test]
fn a_leaf_without_checks_is_unmet_not_a_panic() {
    let s = changai::standard::load::load_sources(
        (
            "s.yaml".into(),
            "id: t\nversion: \"1\"\ntitle: {zh: t}\nissuer: {zh: t}\nlevels: [{zh: 一级}]\nscoring: {total: 1, grades: [{id: ok, title: {zh: 合格}, min: 0}]}\nitems:\n  - {id: X, title: {zh: x}, points: 1}\n".into(),
        ),
        vec![],
    )
    .standard
    .unwrap();
    let ev = evaluate(&s, &with("").open());
    assert_eq!(ev.items[0].status, Status::Unmet);
    assert!(!ev.items[0].core);
}

#[test]
fn shipped_standards_evaluate_on_an_empty_pack_without_errors() {
    for dir in ["standards/lingfeng-2021", "standards/sanding-2022"] {
        let loaded = changai::standard::load(std::path::Path::new(dir)).unwrap();
        let s = loaded.standard.unwrap();
        let ev = evaluate(&s, &TestPack::new().open());
        assert!(!ev.items.is_empty());
        let errors: Vec<_> = ev
            .items
            .iter()
            .filter(|i| i.status == Status::Error)
            .map(|i| (&i.id, &i.reasons))
            .collect();
        assert!(errors.is_empty(), "{dir}: {errors:#?}");
        let not_unmet: Vec<_> = ev
            .items
            .iter()
            .filter(|i| i.status != Status::Unmet)
            .map(|i| (&i.id, i.status, &i.reasons))
            .collect();
        assert!(not_unmet.is_empty(), "{dir}: {not_unmet:#?}");
    }
}

/// Items are decided side by side: what several items meet (a data file that does not parse, a
/// file that is not what its name says) is still reported once, naming the first item in the
/// standard's order, and the file's finding lists every item in that order — run after run.
#[test]
fn items_decided_side_by_side_report_in_the_standards_order() {
    let p = TestPack::new()
        .file("data/指标.yaml", "a: 1\nb: [1, 2\n")
        .file("A/2025-03-15 会议纪要.docx", "纪要")
        .evidence("A/2025-04-15 会议纪要.docx")
        .file("data/名册.xlsx", "姓名,职务\n张三,主任\n");
    let mut yaml = String::from(
        "id: t\nversion: \"1\"\ntitle: {zh: 测试标准}\nissuer: {zh: 区总工会}\nlevels: [{zh: 一级}, {zh: 二级}]\nscoring:\n  total: 120\n  grades: [{id: ok, title: {zh: 合格}, min: 0}]\nitems:\n  - id: A\n    title: {zh: 组织}\n    items:\n",
    );
    for i in 1..=40 {
        yaml.push_str(&format!(
            "      - id: A{i}\n        title: {{zh: 第{i}项}}\n        points: 3\n        checks:\n          - files: {{label: 纪要, glob: \"A/*.docx\", min: 2}}\n          - value: {{file: data/指标.yaml, path: a, op: \">=\", threshold: 1}}\n          - expr: {{label: 指标, expr: \"指标.a >= 1\"}}\n          - records: {{label: 名册, file: data/名册.xlsx, required: [姓名]}}\n"
        ));
    }
    let loaded = changai::standard::load::load_sources(("s.yaml".into(), yaml), vec![]);
    let s = match loaded.standard {
        Some(s) => s,
        None => panic!("{:?}", loaded.diagnostics),
    };
    let pack = p.open();
    let first = evaluate(&s, &pack);
    let unreadable: Vec<_> = first
        .problems
        .iter()
        .map(|d| (d.code.as_str(), d.file.as_str(), d.item.as_deref()))
        .collect();
    assert_eq!(
        unreadable,
        [
            ("unreadable-evidence", "data/指标.yaml", Some("A1")),
            ("unreadable-evidence", "data/名册.xlsx", Some("A1"))
        ]
    );
    // the renamed text file, then the renamed register: each met by every item, in order
    let expected: Vec<String> = (1..=40).map(|i| format!("A{i}")).collect();
    let findings: Vec<_> = first
        .evidence_quality
        .iter()
        .map(|f| (f.path.as_str(), &f.items))
        .collect();
    assert_eq!(
        findings,
        [
            ("A/2025-03-15 会议纪要.docx", &expected),
            ("data/名册.xlsx", &expected)
        ]
    );
    assert!(first
        .items
        .iter()
        .all(|i| i.status == Status::Error && i.checks.len() == 4));
    let shown = |ev: &changai::check::Evaluation| {
        format!("{:?}{:?}{:?}", ev.items, ev.problems, ev.evidence_quality)
    };
    let want = shown(&first);
    for _ in 0..20 {
        assert_eq!(shown(&evaluate(&s, &pack)), want);
    }
}
