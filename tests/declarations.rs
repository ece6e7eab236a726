//! Declarations resolved in one stage (`changai::declare::resolve`): every finding with its exact
//! message, file, line and column and item; a declaration on a group reaching each of its leaves;
//! the sample packs scoring as they did before the stage existed.

use changai::declare::{resolve, Declarations, Declared, IgnoredWaiver};
use changai::outcome::Status;
use changai::standard::Standard;

use crate::check_kinds::support::TestPack;

/// Two groups of two leaves; A1.1 asks the district (区总工会) to sign; two vetoes, two bonus items.
const STANDARD: &str = r#"id: t
version: "1"
title: {zh: 测试标准, en: test}
issuer: {zh: 区总工会, en: district union}
levels: [{zh: 一级}, {zh: 二级}]
scoring:
  total: 10
  grades:
    - {id: good, title: {zh: 优秀, en: excellent}, min: 9}
    - {id: fail, title: {zh: 不合格, en: fail}, min: 0}
  vetoes:
    - {id: fraud, title: {zh: 弄虚作假, en: fraud}}
    - {id: accident, title: {zh: 重大事故, en: accident}}
  bonus:
    cap: 3
    items:
      - {id: city, title: {zh: 市级荣誉, en: city honour}, points: 1}
      - {id: prov, title: {zh: 省级荣誉, en: provincial honour}, points: 2}
items:
  - id: A
    title: {zh: 甲, en: A}
    items:
      - {id: A1.1, title: {zh: 一, en: one}, points: 2, checks: [{attest: {role: 区总工会}}]}
      - {id: A1.2, title: {zh: 二, en: two}, points: 3, checks: [{files: {glob: "A/*"}}]}
  - id: B
    title: {zh: 乙, en: B}
    items:
      - {id: B1.1, title: {zh: 三, en: three}, points: 4, checks: [{files: {glob: "B/*"}}]}
      - {id: B1.2, title: {zh: 四, en: four}, points: 1, checks: [{files: {glob: "B/*"}}]}
"#;

/// pack.yaml's first four lines; declarations start at line 5.
const HEAD: &str =
    "community: 灵峰工业社区\nperiod: 2025\nstandard: {id: t, version: \"1\"}\npreparer: 王五\n";

fn standard() -> Standard {
    let loaded = changai::standard::load::load_sources(("t.yaml".into(), STANDARD.into()), vec![]);
    match loaded.standard {
        Some(s) => s,
        None => panic!("{:?}", loaded.diagnostics),
    }
}

fn declared(pack_yaml: &str, review_yaml: Option<&str>) -> Declarations {
    let mut p = TestPack::with_pack_yaml(&format!("{HEAD}{pack_yaml}")).evidence("B/x.pdf");
    if let Some(r) = review_yaml {
        p = p.file("review.yaml", r);
    }
    resolve(&standard(), &p.open())
}

/// `severity code file:line:column [item]: message | message_en | help | help_en` of every problem.
fn problems(d: &Declarations) -> Vec<String> {
    d.problems()
        .iter()
        .map(|p| {
            format!(
                "{} {} {} [{}]: {} | {} | {} | {}",
                p.severity.as_str(),
                p.code,
                p.location(),
                p.item.as_deref().unwrap_or(""),
                p.message,
                p.message_en,
                p.help.as_deref().unwrap_or(""),
                p.help_en.as_deref().unwrap_or(""),
            )
        })
        .collect()
}

#[test]
fn nothing_declared_is_nothing_found() {
    let d = declared("", None);
    assert_eq!(problems(&d), Vec::<String>::new());
    assert_eq!(d.leaf("A1.1").state, Declared::Assessed);
    assert!(d.vetoes().is_empty() && d.bonus().is_empty());
}

#[test]
fn a_declaration_on_a_group_applies_to_each_of_its_leaves() {
    let d = declared(
        "not_applicable:\n  - {item: A, reason: 整组不适用}\nwaivers:\n  - {item: B, reason: 改造, approved_by: 区总工会, expires: 2026-03-31}\n",
        None,
    );
    assert_eq!(problems(&d), Vec::<String>::new());
    for id in ["A1.1", "A1.2"] {
        assert_eq!(
            d.leaf(id).state,
            Declared::NotApplicable {
                reason: "整组不适用".into()
            },
            "{id}"
        );
    }
    for id in ["B1.1", "B1.2"] {
        assert_eq!(
            d.leaf(id).state,
            Declared::Waived {
                reason: "改造".into(),
                approved_by: "区总工会".into(),
                expires: jiff::civil::date(2026, 3, 31),
            },
            "{id}"
        );
    }
    // and the whole run follows: every leaf is decided by its group's declaration
    let p = TestPack::with_pack_yaml(&format!(
        "{HEAD}not_applicable:\n  - {{item: A, reason: 整组不适用}}\nwaivers:\n  - {{item: B, reason: 改造, approved_by: 区总工会, expires: 2026-03-31}}\n"
    ));
    let r = changai::pipeline::evaluate(&standard(), &p.open());
    let statuses: Vec<(&str, Status)> = r.items.iter().map(|i| (i.id.as_str(), i.status)).collect();
    assert_eq!(
        statuses,
        [
            ("A1.1", Status::NotApplicable),
            ("A1.2", Status::NotApplicable),
            ("B1.1", Status::Waived),
            ("B1.2", Status::Waived),
        ]
    );
}

#[test]
fn unknown_declared_items_are_named_with_line_and_suggestion() {
    let d = declared(
        "not_applicable:\n  - {item: A1.3, reason: x}\nwaivers:\n  - {item: C, reason: y, approved_by: 区总工会, expires: 2026-03-31}\n",
        None,
    );
    assert_eq!(
        problems(&d),
        [
            "warning unknown-item pack.yaml:6:12 [A1.3]: 声明的条目 `A1.3` 不在标准中 | declared item `A1.3` is not in the standard | 是否应为 `A1.1`？ | did you mean `A1.1`?",
            "warning unknown-item pack.yaml:8:12 [C]: 声明的条目 `C` 不在标准中 | declared item `C` is not in the standard | 是否应为 `A`？ | did you mean `A`?",
        ]
    );
}

#[test]
fn an_item_declared_not_applicable_twice_is_a_duplicate() {
    let d = declared(
        "not_applicable:\n  - {item: A1.2, reason: 一}\n  - {item: A1.2, reason: 二}\n",
        None,
    );
    assert_eq!(
        problems(&d),
        ["warning duplicate-declaration pack.yaml:7:12 [A1.2]: 条目 `A1.2` 重复声明不适用，只采用第一次（第 6 行） | item `A1.2` is declared not applicable twice; the first one (line 6) is used |  | "]
    );
    assert_eq!(
        d.leaf("A1.2").state,
        Declared::NotApplicable {
            reason: "一".into()
        }
    );
}

#[test]
fn a_waiver_whose_expiry_is_no_date_is_an_error_and_is_ignored() {
    let d = declared(
        "waivers:\n  - {item: B1.1, reason: 改造, approved_by: 区总工会, expires: 明年}\n",
        None,
    );
    assert_eq!(
        problems(&d),
        ["error waiver-expiry pack.yaml:6:58 [B1.1]: 条目 `B1.1` 的豁免有效期 `明年` 不是真实的日期（应为 YYYY-MM-DD），该豁免不予采用 | waiver expiry `明年` of item `B1.1` is not a real YYYY-MM-DD date; the waiver is ignored | 写成豁免最后有效的那一天，例如 `2026-06-30` | write the last day the waiver holds, e.g. `2026-06-30`"]
    );
    let leaf = d.leaf("B1.1");
    assert_eq!(leaf.state, Declared::Assessed);
    assert_eq!(
        leaf.ignored_waivers,
        [IgnoredWaiver::NotADate("明年".into())]
    );
}

#[test]
fn a_waiver_without_an_approver_is_an_error_and_is_ignored() {
    let d = declared(
        "waivers:\n  - {item: B1.1, reason: 改造, approved_by: \" \", expires: 2026-03-31}\n",
        None,
    );
    assert_eq!(
        problems(&d),
        ["error waiver-approver pack.yaml:6:43 [B1.1]: 条目 `B1.1` 的豁免没有写明批准单位，该豁免不予采用 | the waiver of item `B1.1` names no approver; the waiver is ignored | 写明批准豁免的单位，例如 `区总工会` | name who approved the waiver, e.g. `区总工会`"]
    );
    assert_eq!(d.leaf("B1.1").ignored_waivers, [IgnoredWaiver::NoApprover]);
    // the item is checked, and says why the waiver was not applied
    let p = TestPack::with_pack_yaml(&format!(
        "{HEAD}waivers:\n  - {{item: B1.1, reason: 改造, approved_by: \" \", expires: 2026-03-31}}\n"
    ));
    let r = changai::pipeline::evaluate(&standard(), &p.open());
    let b11 = &r.items[2];
    assert_eq!(b11.status, Status::Unmet);
    let zh: Vec<&str> = b11.reasons.iter().map(|t| t.zh.as_str()).collect();
    assert_eq!(
        zh,
        [
            "B 文件夹中的文件: 未找到文件",
            "豁免没有写明批准单位，未予采用"
        ]
    );
}

#[test]
fn an_expired_waiver_is_a_note_and_a_renewed_one_below_it_holds() {
    let d = declared(
        "waivers:\n  - {item: B1.1, reason: 旧, approved_by: 区总工会, expires: 2025-06-30}\n  - {item: B1.1, reason: 新, approved_by: 区总工会, expires: 2026-06-30}\n  - {item: B1.2, reason: 旧, approved_by: 区总工会, expires: 2025-06-30}\n",
        None,
    );
    assert_eq!(problems(&d), Vec::<String>::new());
    assert_eq!(
        d.leaf("B1.1").state,
        Declared::Waived {
            reason: "新".into(),
            approved_by: "区总工会".into(),
            expires: jiff::civil::date(2026, 6, 30)
        }
    );
    assert!(d.leaf("B1.1").ignored_waivers.is_empty());
    assert_eq!(d.leaf("B1.2").state, Declared::Assessed);
    assert_eq!(
        d.leaf("B1.2").ignored_waivers,
        [IgnoredWaiver::Expired {
            expires: jiff::civil::date(2025, 6, 30),
            to: jiff::civil::date(2025, 12, 31)
        }]
    );
}

#[test]
fn unknown_and_duplicate_vetoes_are_named_with_their_lines() {
    let d = declared(
        "vetoes:\n  - {id: frad, note: 台账补造}\n  - {id: fraud, note: 台账补造}\n  - {id: fraud, note: 再报一次}\n",
        Some("vetoes:\n  - {id: acident, note: 事故}\n  - {id: fraud, note: 复核认定}\n"),
    );
    assert_eq!(
        problems(&d),
        [
            "error unknown-veto pack.yaml:6:10 []: 否决项 `frad` 不在标准中 | veto `frad` is not in the standard | 是否应为 `fraud`？ | did you mean `fraud`?",
            "warning duplicate-declaration pack.yaml:8:10 []: 否决项 `fraud` 重复申报，只采用第一次（第 7 行） | veto `fraud` is declared twice; the first one (line 7) is used |  | ",
            "error unknown-veto review.yaml:2:10 []: 否决项 `acident` 不在标准中 | veto `acident` is not in the standard | 是否应为 `accident`？ | did you mean `accident`?",
        ]
    );
    // one from each file stands: the pack's own and the review's finding are different facts
    let vetoes: Vec<(&str, &str, &str)> = d
        .vetoes()
        .iter()
        .map(|v| (v.id.as_str(), v.note.as_str(), v.source.as_str()))
        .collect();
    assert_eq!(
        vetoes,
        [
            ("fraud", "台账补造", "pack"),
            ("fraud", "复核认定", "review")
        ]
    );
}

#[test]
fn bonus_claims_unknown_duplicate_and_without_evidence() {
    let d = declared(
        "bonus:\n  - {id: ctiy, note: 市级, evidence: [B/x.pdf]}\n  - {id: city, note: 市级, evidence: [B/x.pdf], awarded: 2025-05-01, certificate: B/x.pdf}\n  - {id: city, note: 再报, evidence: [B/x.pdf]}\n  - {id: prov, note: 省级, evidence: [B/none.pdf]}\n",
        None,
    );
    assert_eq!(
        problems(&d),
        [
            "warning unknown-bonus pack.yaml:6:10 [ctiy]: 加分项 `ctiy` 不在标准中 | bonus item `ctiy` is not in the standard | 是否应为 `city`？ | did you mean `city`?",
            "warning duplicate-declaration pack.yaml:8:10 [city]: 加分项 `city` 重复申报，只采用第一次（第 7 行） | bonus `city` is claimed twice; the first one (line 7) is used |  | ",
            "warning missing-evidence pack.yaml:9:37 [prov]: 加分项 `prov` 的证据 `B/none.pdf` 不在证据包中 | evidence `B/none.pdf` of bonus `prov` is not in the pack |  | ",
        ]
    );
    let claims: Vec<(&str, f64, usize)> = d
        .bonus()
        .iter()
        .map(|c| (c.id.as_str(), c.points, c.evidence.len()))
        .collect();
    assert_eq!(claims, [("city", 1.0, 1), ("prov", 0.0, 0)]);
}

#[test]
fn bonus_claims_against_a_standard_without_bonus_items_are_ignored() {
    let text = STANDARD.replace(
        "  bonus:\n    cap: 3\n    items:\n      - {id: city, title: {zh: 市级荣誉, en: city honour}, points: 1}\n      - {id: prov, title: {zh: 省级荣誉, en: provincial honour}, points: 2}\n",
        "",
    );
    let s = changai::standard::load::load_sources(("t.yaml".into(), text), vec![])
        .standard
        .unwrap();
    let p = TestPack::with_pack_yaml(&format!("{HEAD}bonus:\n  - {{id: city, note: 市级}}\n"));
    let d = resolve(&s, &p.open());
    assert_eq!(
        problems(&d),
        ["warning unknown-bonus pack.yaml:5:1 []: 标准 `t` 没有加分项，加分申报被忽略 | the standard `t` has no bonus items; claims ignored |  | "]
    );
    assert!(d.bonus().is_empty());
}

#[test]
fn a_pack_prepared_for_another_standard_is_named_at_its_line() {
    let p = TestPack::with_pack_yaml(
        "community: 灵峰工业社区\nperiod: 2025\nstandard: {id: t, version: \"2\"}\npreparer: 王五\n",
    );
    let d = resolve(&standard(), &p.open());
    assert_eq!(
        problems(&d),
        ["warning standard-mismatch pack.yaml:3:16 []: 证据包按 `t 2` 准备，但按 `t 1` 评估 | the pack was prepared for `t 2` but is evaluated against `t 1` |  | "]
    );
}

#[test]
fn attestations_by_a_role_not_asked_for_or_of_no_leaf_are_named() {
    let review = "attestations:\n\
        \x20 - {item: A1.1, by: 李娜, role: 街道总工会, date: 2025-12-15, verdict: met}\n\
        \x20 - {item: A1.2, by: 王敏, role: 区总工会, date: 2025-12-15, verdict: met}\n\
        \x20 - {item: A, by: 王敏, role: 区总工会, date: 2025-12-15, verdict: met}\n\
        \x20 - {item: A1.3, by: 王敏, role: 区总工会, date: 2025-12-15, verdict: met}\n\
        \x20 - {item: A1.1, by: 王敏, role: 区总工会, date: 2025-12-16, verdict: partial}\n";
    let d = declared("", Some(review));
    assert_eq!(
        problems(&d),
        [
            "warning attestation-role review.yaml:2:32 [A1.1]: 条目 `A1.1` 没有要求 `街道总工会` 签署，该签署不计入 | item `A1.1` asks no sign-off by `街道总工会`; the attestation does not count | 该条目需要签字的是：区总工会 | the item asks for: 区总工会",
            "warning attestation-role review.yaml:3:32 [A1.2]: 条目 `A1.2` 没有要求 `区总工会` 签署，该签署不计入 | item `A1.2` asks no sign-off by `区总工会`; the attestation does not count | 该条目不需要审核签字 | the item asks for no sign-off",
            "warning unknown-item review.yaml:4:12 [A]: 签署的条目 `A` 是分组，只能对末级条目签署，已忽略 | attested item `A` is a group; only leaf items are signed; ignored |  | ",
            "warning unknown-item review.yaml:5:12 [A1.3]: 签署的条目 `A1.3` 不在标准中，已忽略 | attested item `A1.3` is not in the standard; ignored | 是否应为 `A1.1`？ | did you mean `A1.1`?",
        ]
    );
    // both signatures of A1.1 are kept with the leaf; the check counts only the asked role's
    let signed: Vec<(&str, usize)> = d
        .leaf("A1.1")
        .attestations
        .iter()
        .map(|s| (s.role.as_str(), s.position))
        .collect();
    assert_eq!(signed, [("街道总工会", 0), ("区总工会", 4)]);
    let p = TestPack::new().file("review.yaml", review);
    let r = changai::pipeline::evaluate(&standard(), &p.open());
    assert_eq!(
        (r.items[0].status, r.items[0].credit),
        (Status::Partial, 0.5)
    );
}

#[test]
fn a_rescore_of_a_group_is_named_and_a_valid_one_is_attached() {
    let d = declared(
        "",
        Some("rescores:\n  - {item: B, score: 1, by: 王敏, date: 2026-01-14}\n  - {item: B1.1, score: 3, by: 王敏, date: 2026-01-14}\n"),
    );
    assert_eq!(
        problems(&d),
        ["warning unknown-item review.yaml:2:12 [B]: 复评的条目 `B` 是分组，只能对末级条目复评，已忽略 | re-scored item `B` is a group; only leaf items take a re-score; ignored |  | "]
    );
    assert_eq!(d.leaf("B1.1").rescore.as_ref().map(|r| r.score), Some(3.0));
}

/// The three sample packs score exactly as they did when scoring read the pack itself (numbers
/// from `changai evaluate --format json` at bfe6375, before this stage existed): totals, grades,
/// the reviewed total, bonus and its claims, vetoes and the count of every status.
#[test]
fn the_sample_packs_score_as_before() {
    type Expected = (
        &'static str,
        f64,
        &'static str,
        Option<(f64, &'static str)>,
        f64,
        Vec<f64>,
        Vec<&'static str>,
        [usize; 6],
    );
    let expected: [Expected; 3] = [
        (
            "lingfeng-2025",
            96.87,
            "excellent",
            None,
            1.0,
            vec![1.0],
            vec![],
            [51, 3, 1, 0, 0, 0],
        ),
        (
            "dagang-2025",
            72.63,
            "pass",
            Some((70.85, "pass")),
            0.0,
            vec![],
            vec![],
            [21, 27, 6, 1, 0, 0],
        ),
        (
            "xiapu-2025",
            59.08,
            "fail",
            None,
            2.0,
            vec![2.0, 0.0],
            vec!["major-safety-accident"],
            [8, 39, 5, 0, 1, 2],
        ),
    ];
    for (name, total, grade, review, bonus, claims, vetoes, counts) in expected {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("evidence-samples")
            .join(name);
        let r = changai::evaluate_pack(&path, None).unwrap();
        let s = &r.score;
        let c = &s.counts;
        assert_eq!(
            (
                s.total,
                s.grade.id.as_str(),
                s.review.as_ref().map(|v| (v.total, v.grade.id.as_str())),
                s.bonus,
                s.bonus_claims.iter().map(|b| b.points).collect::<Vec<_>>(),
                s.vetoes.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(),
                [
                    c.met,
                    c.partial,
                    c.unmet,
                    c.not_applicable,
                    c.waived,
                    c.error
                ],
            ),
            (total, grade, review, bonus, claims, vetoes, counts),
            "{name}"
        );
    }
}
