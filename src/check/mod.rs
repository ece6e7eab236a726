//! Deciding leaf items from a scanned evidence pack.
//!
//! [`evaluate`] walks the standard's tree once. Before any check runs, every glob of the standard
//! is matched against every file of the pack in one pass (`crate::evidence::index`), so the cost of
//! a run grows with the number of files, not files × checks. Each leaf's checks then produce a
//! [`CheckOutcome`] trace (credit 0..1, reasons in Chinese and English, the evidence files), and the
//! leaf an [`ItemOutcome`]. The pack's declarations come resolved (`crate::declare`): a leaf
//! declared not applicable or waived runs no check, a waiver that was not applied is noted on the
//! item; points, groups and grades are `crate::score`'s business.

mod attest;
mod context;
mod expr;
mod files;
pub mod jinja;
pub mod periods;
mod records;
mod schema;
mod text;
mod value;

use std::collections::BTreeSet;

use crate::declare::{Declarations, Declared, IgnoredWaiver};
use crate::diagnostic::Diagnostic;
use crate::evidence::index::GlobIndex;
use crate::evidence::Pack;
use crate::outcome::{CheckOutcome, EvidenceRef, ItemOutcome, Status};
use crate::standard::model::{Check, Item, Text};
use crate::standard::Standard;
use context::{round2, round4, text, Ctx};

/// The decisions on every leaf, in tree order, and the problems met on the way.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub items: Vec<ItemOutcome>,
    pub problems: Vec<Diagnostic>,
}

/// What a check needs to know about the leaf it belongs to.
pub(crate) struct Leaf<'i> {
    pub id: &'i str,
}

/// Decides every leaf of `standard` from the files of `pack` and the resolved `declarations`
/// (not applicable, waivers, attestations).
pub fn evaluate(standard: &Standard, pack: &Pack, declarations: &Declarations) -> Evaluation {
    let mut globs = Vec::new();
    for item in &standard.items {
        collect_item_globs(item, &mut globs);
    }
    let index = GlobIndex::build(globs.iter().map(String::as_str), &pack.files);
    let ctx = Ctx::new(pack, index, declarations);
    let mut items = Vec::new();
    let mut path = Vec::new();
    for item in &standard.items {
        walk(&ctx, standard, item, &mut path, &mut items);
    }
    let mut problems = pack.problems.clone();
    // several checks may read the same bad file: report it once
    for p in ctx.problems.into_inner() {
        if !problems.contains(&p) {
            problems.push(p);
        }
    }
    Evaluation { items, problems }
}

fn walk(
    ctx: &Ctx,
    standard: &Standard,
    item: &Item,
    path: &mut Vec<String>,
    out: &mut Vec<ItemOutcome>,
) {
    if item.is_leaf() {
        ctx.current_item.replace(item.id.clone());
        out.push(decide_leaf(ctx, standard, item, path));
        return;
    }
    path.push(item.id.clone());
    for child in &item.items {
        walk(ctx, standard, child, path, out);
    }
    path.pop();
}

fn collect_item_globs(item: &Item, out: &mut Vec<String>) {
    for check in &item.checks {
        collect_check_globs(check, out);
    }
    for child in &item.items {
        collect_item_globs(child, out);
    }
}

fn collect_check_globs(check: &Check, out: &mut Vec<String>) {
    match check {
        Check::Files(c) => out.push(c.glob.clone()),
        Check::Records(c) => out.push(c.file.clone()),
        Check::Value(c) => out.push(c.file.clone()),
        Check::Schema(c) => out.push(c.file.clone()),
        Check::Text(c) => out.push(c.glob.clone()),
        Check::Expr(_) => out.push(expr::DATA_GLOB.to_owned()),
        Check::Attest(_) => {}
        Check::All(children) | Check::Any(children) => {
            for c in children {
                collect_check_globs(c, out);
            }
        }
        Check::AtLeast(c) => {
            for c in &c.of {
                collect_check_globs(c, out);
            }
        }
    }
}

fn decide_leaf(ctx: &Ctx, standard: &Standard, item: &Item, path: &[String]) -> ItemOutcome {
    let points = item.points.unwrap_or(0.0);
    let mut outcome = ItemOutcome {
        id: item.id.clone(),
        title: item.title.clone(),
        path: path.to_vec(),
        status: Status::Unmet,
        core: standard.scoring.core.iter().any(|c| c == &item.id),
        points,
        credit: 0.0,
        score: 0.0,
        reasons: Vec::new(),
        shortfall: Vec::new(),
        evidence: Vec::new(),
        checks: Vec::new(),
        review: None,
        no_case: false,
    };
    let declared = ctx.declarations.leaf(&item.id);
    match &declared.state {
        Declared::NotApplicable { reason } => {
            outcome.status = Status::NotApplicable;
            outcome.reasons.push(text(
                format!("不适用：“{reason}”"),
                format!("not applicable: \"{reason}\""),
            ));
            return outcome;
        }
        Declared::Waived {
            reason,
            approved_by,
            expires,
        } => {
            outcome.status = Status::Waived;
            outcome.reasons.push(text(
                format!("已豁免（{approved_by} 批准，有效至 {expires}）：“{reason}”"),
                format!("waived (approved by {approved_by}, valid until {expires}): \"{reason}\""),
            ));
            return outcome;
        }
        Declared::NoCase { reason } => {
            outcome.status = Status::NotApplicable;
            outcome.no_case = true;
            outcome.reasons.push(text(
                format!("本年度无此情形：“{reason}”"),
                format!("no case this year: \"{reason}\""),
            ));
            return outcome;
        }
        Declared::Assessed => {}
    }
    let mut waiver_notes: Vec<Text> = declared
        .ignored_waivers
        .iter()
        .map(|w| match w {
            IgnoredWaiver::Expired { expires, to } => text(
                format!("豁免已于 {expires} 过期（早于评价期末 {to}），未予采用"),
                format!("waiver expired on {expires} (before the period ends on {to}); ignored"),
            ),
            IgnoredWaiver::NotADate(expires) => text(
                format!("豁免的有效期 `{expires}` 不是 YYYY-MM-DD 日期，未予采用"),
                format!("waiver expiry `{expires}` is not a YYYY-MM-DD date; ignored"),
            ),
            IgnoredWaiver::NoApprover => text(
                "豁免没有写明批准单位，未予采用",
                "the waiver names no approver; ignored",
            ),
        })
        .collect();
    if let Some(who) = &declared.unconfirmed_no_case {
        waiver_notes.push(text(
            format!("申报本年度无此情形，未经{who}确认，未予采用，按实际情况检查"),
            format!("declared to have no case this year without the confirmation of {who}; ignored, the item is checked"),
        ));
    }
    let leaf = Leaf { id: &item.id };
    let checks: Vec<CheckOutcome> = item.checks.iter().map(|c| run(ctx, &leaf, c)).collect();
    let (mut credit, error) = if checks.is_empty() {
        outcome.reasons.push(text(
            "标准没有为此项规定检查，无法判定",
            "the standard defines no check for this item; it cannot be decided",
        ));
        (0.0, false)
    } else {
        let credit = checks.iter().map(|c| c.credit).sum::<f64>() / checks.len() as f64;
        (credit, checks.iter().any(|c| c.error))
    };
    if !item.partial_credit && credit < 1.0 && credit > 0.0 {
        outcome.reasons.push(text(
            "此项不计部分分，未全部满足记 0 分",
            "this item earns no partial credit; anything short of full evidence scores 0",
        ));
        credit = 0.0;
    }
    credit = round4(credit.clamp(0.0, 1.0));
    outcome.status = if error {
        credit = 0.0;
        Status::Error
    } else if credit >= 1.0 {
        Status::Met
    } else if credit > 0.0 {
        Status::Partial
    } else {
        Status::Unmet
    };
    outcome.credit = credit;
    outcome.score = round2(points * credit);
    let mut reasons = Vec::new();
    for c in &checks {
        flatten_reasons(c, &mut reasons);
    }
    reasons.append(&mut outcome.reasons);
    reasons.extend(waiver_notes);
    outcome.reasons = reasons;
    let mut evidence: BTreeSet<EvidenceRef> = BTreeSet::new();
    for c in &checks {
        evidence.extend(c.evidence.iter().cloned());
    }
    outcome.evidence = evidence.into_iter().collect();
    outcome.checks = checks;
    outcome
}

fn flatten_reasons(c: &CheckOutcome, out: &mut Vec<Text>) {
    out.extend(c.reasons.iter().cloned());
    for child in &c.children {
        flatten_reasons(child, out);
    }
}

/// A fresh outcome of a kind, to be filled by the check.
pub(crate) fn outcome(kind: &str, label: &Option<String>) -> CheckOutcome {
    CheckOutcome {
        kind: kind.to_owned(),
        label: label.clone(),
        credit: 0.0,
        error: false,
        requires: Text::default(),
        reasons: Vec::new(),
        shortfall: Vec::new(),
        detail: Vec::new(),
        evidence: Vec::new(),
        children: Vec::new(),
    }
}

/// The name a check goes by in reasons: its label, else what it reads.
pub(crate) fn name(label: &Option<String>, fallback: &str) -> String {
    match label {
        Some(l) if !l.trim().is_empty() => l.clone(),
        _ => fallback.to_owned(),
    }
}

/// Marks an outcome as undecidable.
pub(crate) fn errored(mut o: CheckOutcome, reason: Text) -> CheckOutcome {
    o.error = true;
    o.credit = 0.0;
    o.reasons.push(reason);
    o.evidence.clear();
    o
}

pub(crate) fn run(ctx: &Ctx, leaf: &Leaf, check: &Check) -> CheckOutcome {
    let mut o = match check {
        Check::Files(c) => files::run(ctx, c),
        Check::Records(c) => records::run(ctx, c),
        Check::Value(c) => value::run(ctx, c),
        Check::Expr(c) => expr::run(ctx, c),
        Check::Schema(c) => schema::run(ctx, c),
        Check::Text(c) => text::run(ctx, c),
        Check::Attest(c) => attest::run(ctx, leaf, c),
        Check::All(children) => all(ctx, leaf, children),
        Check::Any(children) => any(ctx, leaf, children),
        Check::AtLeast(c) => at_least(ctx, leaf, c.k, &c.of),
    };
    o.credit = round4(o.credit.clamp(0.0, 1.0));
    if o.error {
        o.credit = 0.0;
    }
    o.evidence.sort();
    o.evidence.dedup();
    o
}

/// Every child must hold: credit is the average; undecidable if any child is.
fn all(ctx: &Ctx, leaf: &Leaf, checks: &[Check]) -> CheckOutcome {
    let mut o = outcome("all", &None);
    o.children = checks.iter().map(|c| run(ctx, leaf, c)).collect();
    if o.children.is_empty() {
        o.credit = 1.0;
        return o;
    }
    let met = o.children.iter().filter(|c| c.credit >= 1.0).count();
    o.credit = o.children.iter().map(|c| c.credit).sum::<f64>() / o.children.len() as f64;
    o.error = o.children.iter().any(|c| c.error);
    o.reasons.push(text(
        format!("全部满足：{met}/{} 项已满足", o.children.len()),
        format!("all of: {met} of {} hold", o.children.len()),
    ));
    if !o.error {
        o.evidence = o
            .children
            .iter()
            .flat_map(|c| c.evidence.iter().cloned())
            .collect();
    }
    o
}

/// One child must hold: credit is the best. An error in another child does not matter once one
/// child is met; when none is, an error might have hidden the one that was, so it is an error.
fn any(ctx: &Ctx, leaf: &Leaf, checks: &[Check]) -> CheckOutcome {
    let mut o = outcome("any", &None);
    o.children = checks.iter().map(|c| run(ctx, leaf, c)).collect();
    let best = o
        .children
        .iter()
        .filter(|c| !c.error)
        .max_by(|a, b| a.credit.total_cmp(&b.credit));
    let best_credit = best.map(|c| c.credit).unwrap_or(0.0);
    let evidence = best.map(|c| c.evidence.clone()).unwrap_or_default();
    o.credit = best_credit;
    o.error = best_credit < 1.0 && o.children.iter().any(|c| c.error);
    let met = o.children.iter().filter(|c| c.credit >= 1.0).count();
    o.reasons.push(text(
        format!("满足其一即可：{met}/{} 项已满足", o.children.len()),
        format!("any of: {met} of {} hold", o.children.len()),
    ));
    if !o.error {
        o.evidence = evidence;
    }
    o
}

/// At least `k` children must hold: credit is the sum of the best `k` credits over `k`.
fn at_least(ctx: &Ctx, leaf: &Leaf, k: u32, checks: &[Check]) -> CheckOutcome {
    let mut o = outcome("at_least", &None);
    o.children = checks.iter().map(|c| run(ctx, leaf, c)).collect();
    let mut decided: Vec<&CheckOutcome> = o.children.iter().filter(|c| !c.error).collect();
    decided.sort_by(|a, b| b.credit.total_cmp(&a.credit));
    let k_usize = k as usize;
    let best: Vec<&CheckOutcome> = decided.into_iter().take(k_usize).collect();
    o.credit = if k == 0 {
        1.0
    } else {
        best.iter().map(|c| c.credit).sum::<f64>() / f64::from(k)
    };
    let met = o.children.iter().filter(|c| c.credit >= 1.0).count();
    o.error = o.credit < 1.0 && o.children.iter().any(|c| c.error);
    o.reasons.push(text(
        format!("至少满足 {k} 项：{met}/{} 项已满足", o.children.len()),
        format!("at least {k} of {}: {met} hold", o.children.len()),
    ));
    if !o.error {
        o.evidence = best
            .iter()
            .flat_map(|c| c.evidence.iter().cloned())
            .collect();
    }
    o
}
