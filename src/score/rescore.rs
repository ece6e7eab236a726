//! The reviewer's re-scores (复评分) from `review.yaml`, checked against the standard and attached
//! to the leaves they name.
//!
//! A re-score is a person's judgement, so the tool only checks that it can be one: it names a leaf
//! of the standard (an unknown id is a warning, as for not-applicable declarations — the item may
//! have been renamed in a newer version) and lies between 0 and the item's points (anything else
//! is an error and the re-score is left out, so the item keeps its self-score). The first re-score
//! of an item wins; a second one is an error.

use std::collections::BTreeMap;

use crate::diagnostic::{suggest, Diagnostic};
use crate::evidence::dates::parse_iso;
use crate::evidence::pack::REVIEW_FILE;
use crate::evidence::Pack;
use crate::outcome::{ItemOutcome, ItemReview, Status};
use crate::score::round2;
use crate::standard::model::Item;
use crate::standard::Standard;

/// Attaches every valid re-score of `pack.review` to its leaf; returns the problems found.
pub fn apply(standard: &Standard, pack: &Pack, items: &mut [ItemOutcome]) -> Vec<Diagnostic> {
    let rescores = &pack.review.rescores;
    if rescores.is_empty() {
        return Vec::new();
    }
    let mut groups = Vec::new();
    for item in &standard.items {
        collect_groups(item, &mut groups);
    }
    // Lines come from the text that was parsed when the pack was opened.
    let map = pack.declaration_map(REVIEW_FILE);
    let at = |i: usize, key: &str| map.value(&format!("/rescores/{i}/{key}"));
    let mut problems = Vec::new();
    let mut first_at: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, rescore) in rescores.iter().enumerate() {
        let id = rescore.item.as_str();
        let Some(item) = items.iter_mut().find(|o| o.id == id) else {
            let mut d = if groups.contains(&id) {
                Diagnostic::warning(
                    "unknown-item",
                    REVIEW_FILE,
                    format!("复评的条目 `{id}` 是分组，只能对末级条目复评，已忽略"),
                    format!("re-scored item `{id}` is a group; only leaf items take a re-score; ignored"),
                )
            } else {
                Diagnostic::warning(
                    "unknown-item",
                    REVIEW_FILE,
                    format!("复评的条目 `{id}` 不在标准中，已忽略"),
                    format!("re-scored item `{id}` is not in the standard; ignored"),
                )
            }
            .at(at(i, "item"))
            .item(id);
            let leaves: Vec<&str> = leaf_ids(standard);
            if let Some(s) = suggest(id, leaves) {
                d = d.with_help(format!("是否应为 `{s}`？"), format!("did you mean `{s}`?"));
            }
            problems.push(d);
            continue;
        };
        if let Some(&first) = first_at.get(id) {
            let line = at(first, "item").map_or(String::new(), |p| p.line.to_string());
            problems.push(
                Diagnostic::error(
                    "duplicate-rescore",
                    REVIEW_FILE,
                    format!("条目 `{id}` 重复复评，只采用第一次（第 {line} 行）"),
                    format!("item `{id}` is re-scored twice; the first one (line {line}) is used"),
                )
                .at(at(i, "item"))
                .item(id),
            );
            continue;
        }
        if !(0.0..=item.points).contains(&rescore.score) {
            let points = round2(item.points);
            problems.push(
                Diagnostic::error(
                    "rescore-out-of-range",
                    REVIEW_FILE,
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
        if matches!(item.status, Status::NotApplicable | Status::Waived) {
            let what = item.status.title();
            problems.push(
                Diagnostic::warning(
                    "rescore-not-counted",
                    REVIEW_FILE,
                    format!("条目 `{id}` 已声明{}，复评分不计入", what.zh),
                    format!(
                        "item `{id}` is declared {}; its re-score is not counted",
                        what.en
                    ),
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
            problems.push(
                Diagnostic::warning(
                    "rescore-date",
                    REVIEW_FILE,
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
        item.review = Some(ItemReview {
            score: rescore.score,
            by: rescore.by.clone(),
            date: rescore.date.clone(),
            comment: rescore.comment.clone(),
        });
    }
    problems
}

fn collect_groups<'s>(item: &'s Item, out: &mut Vec<&'s str>) {
    if item.is_leaf() {
        return;
    }
    out.push(item.id.as_str());
    for child in &item.items {
        collect_groups(child, out);
    }
}

fn leaf_ids(standard: &Standard) -> Vec<&str> {
    fn walk<'s>(item: &'s Item, out: &mut Vec<&'s str>) {
        if item.is_leaf() {
            out.push(item.id.as_str());
        }
        for child in &item.items {
            walk(child, out);
        }
    }
    let mut out = Vec::new();
    for item in &standard.items {
        walk(item, &mut out);
    }
    out
}
