//! `review.yaml` resolved: attestations, the review's vetoes and the reviewer's re-scores (复评分).
//!
//! An attestation names a leaf and a role its `attest` checks ask for; one naming an unknown item
//! or a group is a warning (`unknown-item`) and one by a role the item does not ask for is a
//! warning (`attestation-role`) — neither counts. Its date must be a real `YYYY-MM-DD` day, or the
//! signature does not count (`attestation-date`, an error); a date more than [`LATE_DAYS`] days
//! after the review period ends is counted but warned about (`late-attestation`): a year-end
//! review is signed within a quarter.
//!
//! A re-score is a person's judgement, so the tool only checks that it can be one: it names a leaf
//! of the standard (an unknown id is a warning, as for not-applicable declarations — the item may
//! have been renamed in a newer version) and lies between 0 and the item's points (anything else
//! is an error and the re-score is left out, so the item keeps its self-score). The first re-score
//! of an item wins; a second one is an error. A re-score of an item declared not applicable or
//! waived is not counted (a warning).

use std::collections::BTreeMap;

use jiff::ToSpan;

use super::{did_you_mean, line_of, Declarations, Declared, Signature, Tree};
use crate::check::periods::Review;
use crate::diagnostic::Diagnostic;
use crate::evidence::dates::parse_iso;
use crate::evidence::Pack;
use crate::outcome::ItemReview;
use crate::score::round2;
use crate::standard::model::NoCase;
use crate::standard::source_map::SourceMap;
use crate::standard::Standard;

/// Days after the end of the review period within which a signature is expected.
pub const LATE_DAYS: i32 = 90;

pub(super) fn resolve(
    standard: &Standard,
    tree: &Tree,
    pack: &Pack,
    period: Review,
    out: &mut Declarations,
) {
    let map = SourceMap::build(pack.review_text.as_deref().unwrap_or_default());
    attestations(standard, tree, pack, period, &map, out);
    let vetoes = super::vetoes(
        standard,
        &pack.review.vetoes,
        "review",
        &pack.review_name,
        &map,
        &mut out.problems,
    );
    out.vetoes.extend(vetoes);
    rescores(tree, pack, &map, out);
}

/// An attestation naming a group or no item of the standard.
fn not_a_leaf(tree: &Tree, id: &str, at: &str, map: &SourceMap, file: &str) -> Diagnostic {
    let d = if tree.is_group(id) {
        Diagnostic::warning(
            "unknown-item",
            file,
            format!("签署的条目 `{id}` 是分组，只能对末级条目签署，已忽略"),
            format!("attested item `{id}` is a group; only leaf items are signed; ignored"),
        )
    } else {
        Diagnostic::warning(
            "unknown-item",
            file,
            format!("签署的条目 `{id}` 不在标准中，已忽略"),
            format!("attested item `{id}` is not in the standard; ignored"),
        )
    }
    .at(map.value(at))
    .item(id);
    did_you_mean(d, id, tree.leaf_ids())
}

fn attestations(
    standard: &Standard,
    tree: &Tree,
    pack: &Pack,
    period: Review,
    map: &SourceMap,
    out: &mut Declarations,
) {
    let late_after = period.to.checked_add(LATE_DAYS.days()).unwrap_or(period.to);
    for (i, a) in pack.review.attestations.iter().enumerate() {
        let id = a.item.as_str();
        let signed_on = parse_iso(&a.date);
        let date = a.date.escape_debug();
        let at = map.value(&format!("/attestations/{i}/date"));
        match signed_on {
            None => out.problems.push(
                Diagnostic::error(
                    "attestation-date",
                    &pack.review_name,
                    format!("条目 `{id}` 的签署日期 `{date}` 不是真实的日期（应为 YYYY-MM-DD），该签署不计入"),
                    format!("attestation date `{date}` of item `{id}` is not a real YYYY-MM-DD date; the attestation does not count"),
                )
                .with_help("写成签署当天的日期，例如 `2026-01-15`", "write the day it was signed, e.g. `2026-01-15`")
                .at(at)
                .item(id),
            ),
            Some(d) if d > late_after => out.problems.push(
                Diagnostic::warning(
                    "late-attestation",
                    &pack.review_name,
                    format!("条目 `{id}` 的签署日期 {date} 比评价期末 {} 晚了 {LATE_DAYS} 天以上", period.to),
                    format!("attestation date {date} of item `{id}` is more than {LATE_DAYS} days after the period ends on {}", period.to),
                )
                .with_help("核对签署日期是否写错了年份", "check the year of the date")
                .at(at)
                .item(id),
            ),
            Some(_) => {}
        }
        let Some(leaf) = tree.leaf(id) else {
            out.problems.push(not_a_leaf(
                tree,
                id,
                &format!("/attestations/{i}/item"),
                map,
                &pack.review_name,
            ));
            continue;
        };
        let mut roles = leaf.roles();
        // The approver confirms what a community declares of a core item or of an item whose
        // 无此情形 needs confirmation.
        if let Some(approver) = standard.scoring.approver.as_deref().map(str::trim) {
            let core = standard.scoring.core.iter().any(|c| c == id);
            if (core || leaf.item.no_case == NoCase::Attested) && !roles.contains(&approver) {
                roles.push(approver);
            }
        }
        if !roles.contains(&a.role.trim()) {
            let (asked_zh, asked_en) = if roles.is_empty() {
                (
                    "该条目不需要审核签字".to_owned(),
                    "the item asks for no sign-off".to_owned(),
                )
            } else {
                (
                    format!("该条目需要签字的是：{}", roles.join("、")),
                    format!("the item asks for: {}", roles.join(", ")),
                )
            };
            out.problems.push(
                Diagnostic::warning(
                    "attestation-role",
                    &pack.review_name,
                    format!("条目 `{id}` 没有要求 `{}` 签署，该签署不计入", a.role),
                    format!(
                        "item `{id}` asks no sign-off by `{}`; the attestation does not count",
                        a.role
                    ),
                )
                .at(map.value(&format!("/attestations/{i}/role")))
                .item(id)
                .with_help(asked_zh, asked_en),
            );
        }
        if let Some(l) = out.leaves.get_mut(id) {
            l.attestations.push(Signature {
                position: i,
                by: a.by.clone(),
                role: a.role.clone(),
                date: a.date.clone(),
                signed_on,
                verdict: a.verdict,
                comment: a.comment.clone(),
            });
        }
    }
}

fn rescores(tree: &Tree, pack: &Pack, map: &SourceMap, out: &mut Declarations) {
    let at = |i: usize, key: &str| map.value(&format!("/rescores/{i}/{key}"));
    let mut first_at: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, rescore) in pack.review.rescores.iter().enumerate() {
        let id = rescore.item.as_str();
        let Some(leaf) = tree.leaf(id) else {
            let pointer = format!("/rescores/{i}/item");
            let d = if tree.is_group(id) {
                Diagnostic::warning(
                    "unknown-item",
                    &pack.review_name,
                    format!("复评的条目 `{id}` 是分组，只能对末级条目复评，已忽略"),
                    format!("re-scored item `{id}` is a group; only leaf items take a re-score; ignored"),
                )
            } else {
                Diagnostic::warning(
                    "unknown-item",
                    &pack.review_name,
                    format!("复评的条目 `{id}` 不在标准中，已忽略"),
                    format!("re-scored item `{id}` is not in the standard; ignored"),
                )
            }
            .at(map.value(&pointer))
            .item(id);
            out.problems.push(did_you_mean(d, id, tree.leaf_ids()));
            continue;
        };
        if let Some(&first) = first_at.get(id) {
            let line = line_of(map, &format!("/rescores/{first}/item"));
            out.problems.push(
                Diagnostic::error(
                    "duplicate-rescore",
                    &pack.review_name,
                    format!("条目 `{id}` 重复复评，只采用第一次（第 {line} 行）"),
                    format!("item `{id}` is re-scored twice; the first one (line {line}) is used"),
                )
                .at(at(i, "item"))
                .item(id),
            );
            continue;
        }
        let points = leaf.item.points.unwrap_or(0.0);
        if !(0.0..=points).contains(&rescore.score) {
            let points = round2(points);
            out.problems.push(
                Diagnostic::error(
                    "rescore-out-of-range",
                    &pack.review_name,
                    format!(
                        "条目 `{id}` 的复评分 `{}` 不在 0 到 {points} 分之间，未计入",
                        rescore.score
                    ),
                    format!(
                        "re-score `{}` of item `{id}` is not between 0 and {points}; not counted",
                        rescore.score
                    ),
                )
                .at(at(i, "score"))
                .item(id)
                .with_help(
                    format!("复评分不能超过该条目的应得分 {points} 分，也不能为负（不倒扣）"),
                    format!("a re-score is at most the item's {points} points and never negative"),
                ),
            );
            continue;
        }
        let Some(declared) = out.leaves.get_mut(id) else {
            continue;
        };
        let what = match declared.state {
            Declared::Assessed => None,
            Declared::NotApplicable { .. } => Some(("不适用", "not applicable")),
            Declared::Waived { .. } => Some(("已豁免", "waived")),
            Declared::NoCase { .. } => Some(("本年度无此情形", "to have no case this year")),
        };
        if let Some((zh, en)) = what {
            out.problems.push(
                Diagnostic::warning(
                    "rescore-not-counted",
                    &pack.review_name,
                    format!("条目 `{id}` 已声明{zh}，复评分不计入"),
                    format!("item `{id}` is declared {en}; its re-score is not counted"),
                )
                .at(at(i, "item"))
                .item(id)
                .with_help(
                    "如不认可该声明，应在审核意见中说明并退回证据包修改",
                    "to dispute the declaration, say so in the review and send the pack back",
                ),
            );
            first_at.insert(id, i);
            continue;
        }
        if parse_iso(&rescore.date).is_none() {
            out.problems.push(
                Diagnostic::warning(
                    "rescore-date",
                    &pack.review_name,
                    format!(
                        "条目 `{id}` 的复评日期 `{}` 不是 YYYY-MM-DD 格式",
                        rescore.date
                    ),
                    format!(
                        "review date `{}` of item `{id}` is not a YYYY-MM-DD date",
                        rescore.date
                    ),
                )
                .at(at(i, "date"))
                .item(id),
            );
        }
        first_at.insert(id, i);
        declared.rescore = Some(ItemReview {
            score: rescore.score,
            by: rescore.by.clone(),
            date: rescore.date.clone(),
            comment: rescore.comment.clone(),
        });
    }
}
