//! `attest` checks: what only a person can judge (on-site visits, interviews — 看、听、问) is signed
//! by a reviewer in `review.yaml`: met → 1, partial → 0.5, unmet → 0. Without a signature the item
//! waits for it.
//!
//! When the same role signed the same item more than once, the latest signature (by date, then by
//! position in the file) stands: a reviewer may revise a verdict.
//!
//! A signature is dated with a real `YYYY-MM-DD` day, or it does not count: `2025-13-45` or
//! `yesterday` is an error ([`date_problems`], `attestation-date`) and the check says why it waits.
//! A signature dated more than [`LATE_DAYS`] days after the review period ends is counted but
//! warned about (`late-attestation`): a year-end review is signed within a quarter.

use jiff::civil::Date;
use jiff::ToSpan;

use super::context::{text, Ctx};
use super::periods::Review;
use super::{name, outcome, Leaf};
use crate::diagnostic::Diagnostic;
use crate::evidence::dates::parse_iso;
use crate::evidence::pack::REVIEW_FILE;
use crate::evidence::pack_model::{Attestation, Verdict};
use crate::evidence::Pack;
use crate::outcome::CheckOutcome;
use crate::standard::model::AttestCheck;

/// Days after the end of the review period within which a signature is expected.
pub const LATE_DAYS: i32 = 90;

/// The day an attestation was signed, when its date is a real `YYYY-MM-DD` day.
fn signed_on(a: &Attestation) -> Option<Date> {
    parse_iso(&a.date)
}

/// The problems of attestation dates in `review.yaml`, each at the date's line and column and
/// naming the item: not a real date (error; the attestation does not count), or later than
/// [`LATE_DAYS`] days after the period ends (warning).
pub fn date_problems(pack: &Pack, review: &Review) -> Vec<Diagnostic> {
    let attestations = &pack.review.attestations;
    let late_after = review.to.checked_add(LATE_DAYS.days()).unwrap_or(review.to);
    let bad: Vec<(usize, &Attestation, Option<Date>)> = attestations
        .iter()
        .enumerate()
        .filter_map(|(i, a)| match signed_on(a) {
            None => Some((i, a, None)),
            Some(d) if d > late_after => Some((i, a, Some(d))),
            Some(_) => None,
        })
        .collect();
    if bad.is_empty() {
        return Vec::new();
    }
    // Lines come from the text that was parsed; mapped only when there is something to point at.
    let map = pack.declaration_map(REVIEW_FILE);
    bad.into_iter()
        .map(|(i, a, day)| {
            let at = map.value(&format!("/attestations/{i}/date"));
            let id = a.item.as_str();
            let date = a.date.escape_debug();
            match day {
                None => Diagnostic::error(
                    "attestation-date",
                    REVIEW_FILE,
                    format!("条目 `{id}` 的签署日期 `{date}` 不是真实的日期（应为 YYYY-MM-DD），该签署不计入"),
                    format!("attestation date `{date}` of item `{id}` is not a real YYYY-MM-DD date; the attestation does not count"),
                )
                .with_help("写成签署当天的日期，例如 `2026-01-15`", "write the day it was signed, e.g. `2026-01-15`"),
                Some(_) => Diagnostic::warning(
                    "late-attestation",
                    REVIEW_FILE,
                    format!(
                        "条目 `{id}` 的签署日期 {date} 晚于评价期末 {} 之后 {LATE_DAYS} 天",
                        review.to
                    ),
                    format!(
                        "attestation date {date} of item `{id}` is more than {LATE_DAYS} days after the period ends on {}",
                        review.to
                    ),
                )
                .with_help("核对签署日期是否写错了年份", "check the year of the date"),
            }
            .at(at)
            .item(id)
        })
        .collect()
}

pub fn run(ctx: &Ctx, leaf: &Leaf, c: &AttestCheck) -> CheckOutcome {
    let mut o = outcome("attest", &c.label);
    let n = name(&c.label, &c.role);
    let signed: Vec<(usize, &Attestation)> = ctx
        .pack
        .review
        .attestations
        .iter()
        .enumerate()
        .filter(|(_, a)| a.item == leaf.id && a.role.trim() == c.role.trim())
        .collect();
    let latest = signed
        .iter()
        .filter_map(|(i, a)| signed_on(a).map(|d| (d, *i, *a)))
        .max_by_key(|(d, i, _)| (*d, *i))
        .map(|(_, _, a)| a);
    let Some(a) = latest else {
        for (_, a) in signed.iter().filter(|(_, a)| signed_on(a).is_none()) {
            let date = a.date.escape_debug();
            o.reasons.push(text(
                format!(
                    "{n}: {} {} 的签署日期 `{date}` 不是真实的日期，不计入",
                    a.role, a.by
                ),
                format!(
                    "{n}: the signature of {} ({}) is dated `{date}`, not a real date; not counted",
                    a.by, a.role
                ),
            ));
        }
        o.reasons.push(text(
            format!("{n}: 待{}审核签字", c.role),
            format!("{n}: awaiting sign-off by {}", c.role),
        ));
        return o;
    };
    let (credit, zh, en) = match a.verdict {
        Verdict::Met => (1.0, "已完成", "met"),
        Verdict::Partial => (0.5, "部分完成", "partial"),
        Verdict::Unmet => (0.0, "未完成", "unmet"),
    };
    o.credit = credit;
    let (czh, cen) = if a.comment.trim().is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!("；意见：“{}”", a.comment.trim()),
            format!("; comment: \"{}\"", a.comment.trim()),
        )
    };
    o.reasons.push(text(
        format!("{n}: {} {} 于 {} 审核：{zh}{czh}", a.role, a.by, a.date),
        format!(
            "{n}: reviewed by {} ({}) on {}: {en}{cen}",
            a.by, a.role, a.date
        ),
    ));
    o
}
