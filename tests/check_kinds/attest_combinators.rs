//! `attest` checks and the `all`, `any`, `at_least` combinators.

use changai::outcome::Status;

use super::support::*;

fn review(verdict: &str) -> TestPack {
    TestPack::new().file(
        "review.yaml",
        format!("attestations:\n  - {{item: A1.1, by: 赵六, role: 区总工会, date: 2025-12-20, verdict: {verdict}, comment: 现场查看属实}}\n"),
    )
}

#[test]
fn attest_met_partial_unmet_and_missing() {
    let check = "attest: {label: 现场核查, role: 区总工会}";
    let ev = review("met").eval(check);
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(
        zh(&ev),
        ["现场核查: 区总工会 赵六 于 2025-12-20 审核：已完成；意见：“现场查看属实”"]
    );
    assert_eq!(
        en(&ev),
        ["现场核查: reviewed by 赵六 (区总工会) on 2025-12-20: met; comment: \"现场查看属实\""]
    );
    assert_eq!(
        decided(&review("partial").eval(check)),
        (Status::Partial, 0.5)
    );
    assert_eq!(decided(&review("unmet").eval(check)), (Status::Unmet, 0.0));
    let ev = TestPack::new().eval(check);
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    assert_eq!(zh(&ev), ["现场核查: 待区总工会审核签字"]);
    // review.yaml is not evidence
    assert!(review("met").open().files.is_empty());
}

#[test]
fn bad_review_yaml_stops_the_pack_with_its_line() {
    let p = TestPack::new().file("review.yaml", "attestations:\n  - {item: A1.1, by: 赵六, role: 区总工会, date: 2025-12-20, verdict: ok}\n");
    let err = changai::evidence::Pack::open(p.root()).unwrap_err();
    let zh = err.one_line(changai::Lang::Zh);
    assert_eq!(
        zh,
        "review.yaml:2:65：\"ok\" 不是可选值之一（可选：[\"met\",\"partial\",\"unmet\"]）"
    );
}

const PDF: &str = "files: {label: 通知, glob: \"A/*.pdf\"}";
const XLS: &str = "files: {label: 名单, glob: \"A/*.xlsx\"}";
const BAD: &str = "records: {label: 坏表, file: data/bad.csv}";

fn pack() -> TestPack {
    TestPack::new()
        .evidence("A/a.pdf")
        .file("data/bad.csv", "a,b\n1\n")
}

#[test]
fn all_averages_any_takes_the_best_at_least_sums_the_best_k() {
    let p = pack();
    let ev = p.eval(&format!("all:\n  - {PDF}\n  - {XLS}"));
    assert_eq!(decided(&ev), (Status::Partial, 0.5));
    assert_eq!(
        zh(&ev),
        [
            "2 项中已满足 1 项",
            "通知: 1 个文件符合要求",
            "名单: 未找到文件"
        ]
    );
    let ev = p.eval(&format!("any:\n  - {XLS}\n  - {PDF}"));
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(evidence(&ev), ["A/a.pdf"]);
    let ev = p.eval(&format!(
        "at_least:\n  k: 2\n  of:\n    - {XLS}\n    - {PDF}\n    - {XLS}"
    ));
    assert_eq!(decided(&ev), (Status::Partial, 0.5));
    let ev = p.eval(&format!(
        "at_least:\n  k: 1\n  of:\n    - {XLS}\n    - {PDF}"
    ));
    assert_eq!(decided(&ev), (Status::Met, 1.0));
}

#[test]
fn errors_in_combinators() {
    let p = pack();
    // a met branch decides `any` whatever the other branch
    let ev = p.eval(&format!("any:\n  - {BAD}\n  - {PDF}"));
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    // no met branch: the error might have hidden it
    let ev = p.eval(&format!("any:\n  - {BAD}\n  - {XLS}"));
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    let ev = p.eval(&format!("all:\n  - {BAD}\n  - {PDF}"));
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    let ev = p.eval(&format!(
        "at_least:\n  k: 1\n  of:\n    - {BAD}\n    - {PDF}"
    ));
    assert_eq!(decided(&ev), (Status::Met, 1.0));
}
