//! `attest` checks: what only a person can judge (on-site visits, interviews — 看、听、问) is signed
//! by a reviewer in `review.yaml`: met → 1, partial → 0.5, unmet → 0. Without a signature the item
//! waits for it.
//!
//! When the same role signed the same item more than once, the latest signature (by date, then by
//! position in the file) stands: a reviewer may revise a verdict.

use super::context::{text, Ctx};
use super::{name, outcome, Leaf};
use crate::evidence::pack_model::Verdict;
use crate::outcome::CheckOutcome;
use crate::standard::model::AttestCheck;

pub fn run(ctx: &Ctx, leaf: &Leaf, c: &AttestCheck) -> CheckOutcome {
    let mut o = outcome("attest", &c.label);
    let n = name(&c.label, &c.role);
    let latest = ctx
        .pack
        .review
        .attestations
        .iter()
        .enumerate()
        .filter(|(_, a)| a.item == leaf.id && a.role.trim() == c.role.trim())
        .max_by(|(i, a), (j, b)| a.date.cmp(&b.date).then(i.cmp(j)))
        .map(|(_, a)| a);
    let Some(a) = latest else {
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
