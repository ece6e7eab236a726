//! `attest` checks: what only a person can judge (on-site visits, interviews — 看、听、问) is signed
//! by a reviewer in `review.yaml`: met → 1, partial → 0.5, unmet → 0. Without a signature the item
//! waits for it.
//!
//! When the same role signed the same item more than once, the latest signature (by date, then by
//! position in the file) stands: a reviewer may revise a verdict.
//!
//! The signatures come resolved (`crate::declare`): a date that is not a real `YYYY-MM-DD` day
//! was reported there (`attestation-date`) and such a signature does not count — the check says
//! why it waits.

use super::context::{text, Ctx};
use super::{describe, outcome, Leaf};
use crate::declare::Signature;
use crate::evidence::pack_model::Verdict;
use crate::outcome::CheckOutcome;
use crate::standard::model::AttestCheck;

pub fn run(ctx: &Ctx, leaf: &Leaf, c: &AttestCheck) -> CheckOutcome {
    let mut o = outcome("attest", &c.label, &c.label_en);
    let name = describe::label(&c.label, &c.label_en)
        .unwrap_or_else(|| text("现场核查", "on-site review"));
    let (nz, ne) = (name.zh.as_str(), name.en.as_str());
    let signed: Vec<&Signature> = ctx
        .declarations
        .leaf(leaf.id)
        .attestations
        .iter()
        .filter(|a| a.role.trim() == c.role.trim())
        .collect();
    let latest = signed
        .iter()
        .filter_map(|a| a.signed_on.map(|d| (d, a.position, *a)))
        .max_by_key(|(d, i, _)| (*d, *i))
        .map(|(_, _, a)| a);
    let Some(a) = latest else {
        for a in signed.iter().filter(|a| a.signed_on.is_none()) {
            let date = a.date.escape_debug();
            o.reasons.push(text(
                format!(
                    "{nz}: {} {} 的签署日期“{date}”不是真实的日期，不计入",
                    a.role, a.by
                ),
                format!(
                    "{ne}: the signature of {} ({}) is dated “{date}”, not a real date; not counted",
                    a.by, a.role
                ),
            ));
        }
        o.reasons.push(text(
            format!("{nz}: 待{}审核签字", c.role),
            format!("{ne}: awaiting sign-off by {}", c.role),
        ));
        o.shortfall.push(text(
            format!(
                "待{}审核签字：请{}核查后在 review.yaml 中签署",
                c.role, c.role
            ),
            format!(
                "awaiting sign-off by {}: they sign it in review.yaml after their review",
                c.role
            ),
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
    if credit < 1.0 {
        o.shortfall.push(text(
            format!("{}审核结论为“{zh}”{czh}", a.role),
            format!("{} reviewed it as {en}{cen}", a.role),
        ));
    }
    // The signer names their unit (`区总工会组织部 王敏`) where it already says the role asked for
    // (`区总工会`): the role is said once.
    let (by_zh, by_en) = if a.by.starts_with(a.role.as_str()) {
        (a.by.clone(), a.by.clone())
    } else {
        (
            format!("{} {}", a.role, a.by),
            format!("{} ({})", a.by, a.role),
        )
    };
    o.reasons.push(text(
        format!("{nz}: {by_zh} 于 {} 审核：{zh}{czh}", a.date),
        format!("{ne}: reviewed by {by_en} on {}: {en}{cen}", a.date),
    ));
    o
}
