//! Deciding leaf items from a scanned evidence pack.
//!
//! [`evaluate`] walks the standard's tree once (`crate::standard::index`): every leaf, and the
//! own part of every group that has one (its own checks and points), is decided like a leaf. Before any check runs, every glob of the standard
//! is matched against every file of the pack in one pass (`crate::evidence::index`), so the cost of
//! a run grows with the number of files, not files × checks. Each leaf's checks then produce a
//! [`CheckOutcome`] trace (credit 0..1, the evidence files, and four texts in Chinese and English:
//! `requires` — what the check asks for, from `describe.rs`; `reasons` — what was found, in plain
//! words; `shortfall` — what is missing and what to do, on every check short of full credit and
//! every error; `detail` — the technical trace of globs, keys and expressions, for authors only),
//! and the leaf an [`ItemOutcome`] whose `shortfall` lists its checks' shortfalls in order, then
//! the item's own notes (no partial credit, an ignored waiver, no check defined).
//!
//! The pack's declarations come resolved (`crate::declare`): a leaf declared not applicable or
//! waived runs no check (and has no shortfall), a waiver that was not applied is noted on the
//! item; points, groups and grades are `crate::score`'s business.

mod attest;
mod context;
pub mod describe;
mod expr;
mod files;
/// A files check's due day (`due: MM-DD`) as a date of the review year (the year-in-progress view shows it).
pub(crate) use files::due_date;
pub mod jinja;
pub mod periods;
mod records;
mod schema;
mod screen;
mod text;
mod value;

use std::collections::BTreeSet;

use crate::declare::{Declarations, Declared, IgnoredWaiver};
use crate::diagnostic::Diagnostic;
use crate::evidence::index::GlobSets;
use crate::evidence::Pack;
use crate::outcome::{CheckOutcome, EvidenceRef, ItemOutcome, Status};
use crate::standard::index::StandardIndex;
use crate::standard::model::{Check, Item, Text};
use crate::standard::Standard;
use context::{round2, round4, text, Ctx, Shared};
use rayon::prelude::*;

/// The decisions on every leaf, in tree order, and the problems met on the way.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub items: Vec<ItemOutcome>,
    pub problems: Vec<Diagnostic>,
    /// Files discounted or doubted for what they are, each once, sorted by path then kind.
    pub evidence_quality: Vec<crate::outcome::FileFinding>,
}

/// What a check needs to know about the leaf it belongs to.
pub(crate) struct Leaf<'i> {
    pub id: &'i str,
}

/// A standard made ready to evaluate packs against: its tree, every glob of its checks compiled
/// into sets, and its digest. Built once, however many packs are evaluated against it (a city
/// audit, a ranking); a command that evaluates one pack builds it for that pack.
pub struct Compiled<'s> {
    pub standard: &'s Standard,
    tree: StandardIndex<'s>,
    globs: GlobSets,
    /// The standard's digest (`crate::evidence::seal::value_digest`), recorded in every result.
    pub digest: String,
}

impl<'s> Compiled<'s> {
    pub fn new(standard: &'s Standard) -> Self {
        let tree = StandardIndex::of(standard);
        let mut globs = Vec::new();
        for node in tree.nodes() {
            for check in &node.item.checks {
                collect_check_globs(check, &mut globs);
            }
        }
        let globs = GlobSets::compile(globs.iter().map(String::as_str));
        Compiled {
            standard,
            tree,
            globs,
            digest: crate::evidence::seal::value_digest(standard),
        }
    }
}

/// Decides every leaf of the compiled standard from the files of `pack` and the resolved
/// `declarations` (not applicable, waivers, attestations).
pub fn evaluate(compiled: &Compiled, pack: &Pack, declarations: &Declarations) -> Evaluation {
    let (standard, tree) = (compiled.standard, &compiled.tree);
    let index = compiled.globs.index(&pack.files);
    let shared = Shared::new(pack, index, declarations);
    // An unknown profile is refused before evaluation (`crate::pipeline::check_profile`); here it
    // selects nothing, so that every item is assessed.
    let profile = pack
        .file
        .profile
        .as_deref()
        .and_then(|p| standard.profiles.iter().find(|q| q.id == p));
    let assessed: Vec<_> = tree.assessed().collect();
    // Items are decided side by side; each keeps what it met, joined below in the standard's
    // order (`Shared::merge`), so the outcome does not depend on which thread ran which item.
    let decided: Vec<(ItemOutcome, Option<context::Met>)> = assessed
        .par_iter()
        .map(|&(at, node)| {
            let path: Vec<String> = tree.enclosing(at).into_iter().map(str::to_owned).collect();
            match profile {
                Some(p) if !tree.in_profile(at, &p.id) => {
                    (outside_profile(standard, node.item, path, p), None)
                }
                _ => {
                    let ctx = shared.item(&node.item.id);
                    let outcome = decide_leaf(&ctx, standard, node.item, &path);
                    (outcome, Some(ctx.finish()))
                }
            }
        })
        .collect();
    let (items, mets): (Vec<_>, Vec<_>) = decided.into_iter().unzip();
    let merged = Shared::merge(mets.into_iter().flatten());
    let mut problems = pack.problems.clone();
    // several checks may read the same bad file: report it once
    for p in merged.problems {
        if !problems.contains(&p) {
            problems.push(p);
        }
    }
    let evidence_quality = merged.findings;
    Evaluation {
        items,
        problems,
        evidence_quality,
    }
}

/// An item outside the selected profile: not applicable by profile, no check run, whatever the
/// pack declares about it.
fn outside_profile(
    standard: &Standard,
    item: &Item,
    path: Vec<String>,
    profile: &crate::standard::model::Profile,
) -> ItemOutcome {
    let mut outcome = blank(standard, item, path);
    outcome.status = Status::NotApplicable;
    outcome.by_profile = true;
    outcome.reasons.push(text(
        format!(
            "不在所选档次“{}”内，不参加评估",
            profile.title.get(crate::Lang::Zh)
        ),
        format!(
            "outside the selected profile \"{}\"; not assessed",
            profile.title.get(crate::Lang::En)
        ),
    ));
    outcome
}

/// The outcome of an item before anything is decided.
fn blank(standard: &Standard, item: &Item, path: Vec<String>) -> ItemOutcome {
    ItemOutcome {
        id: item.id.clone(),
        title: item.title.clone(),
        path,
        status: Status::Unmet,
        core: standard.scoring.core.iter().any(|c| c == &item.id),
        points: item.points.unwrap_or(0.0),
        credit: 0.0,
        score: 0.0,
        reasons: Vec::new(),
        shortfall: Vec::new(),
        evidence: Vec::new(),
        checks: Vec::new(),
        review: None,
        no_case: false,
        basis: item.basis.clone(),
        source: item.source.clone(),
        by_profile: false,
        group: !item.is_leaf(),
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
    let mut outcome = blank(standard, item, path.to_vec());
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
                format!(
                    "豁免的有效期“{expires}”不是“年-月-日”（如 2026-06-30）格式的日期，未予采用"
                ),
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
    let mut notes: Vec<Text> = Vec::new();
    let (mut credit, error) = if checks.is_empty() {
        outcome.reasons.push(text(
            "标准没有为此项规定检查，无法判定",
            "the standard defines no check for this item; it cannot be decided",
        ));
        notes.push(text(
            "标准没有为此项规定检查：请标准的制定者补上检查后重新评估",
            "the standard defines no check for this item: its authors must add one, then evaluate again",
        ));
        (0.0, false)
    } else {
        // gates are conditions, not shares of the credit: the average is over the other checks
        let scored: Vec<f64> = checks
            .iter()
            .filter(|c| !c.gate)
            .map(|c| c.credit)
            .collect();
        let credit = if scored.is_empty() {
            1.0
        } else {
            scored.iter().sum::<f64>() / scored.len() as f64
        };
        (credit, checks.iter().any(|c| c.error))
    };
    for gate in checks
        .iter()
        .filter(|c| c.gate && !c.error && c.credit < 1.0)
    {
        let (zh, en) = match &gate.label {
            Some(l) => (l.clone(), format!("the {l}")),
            None => (gate.requires.zh.clone(), gate.requires.en.clone()),
        };
        outcome.reasons.push(text(
            format!("{zh}是此项的必备条件，未满足，此项记 0 分"),
            format!("{en} is required for this item and is not in place: the item scores 0"),
        ));
        notes.push(text(
            format!("{zh}必须有：缺了它，此项其他材料再齐全也不得分"),
            format!("{en} is required: without it the item scores 0, whatever else is in place"),
        ));
        credit = 0.0;
    }
    if !item.partial_credit && credit < 1.0 && credit > 0.0 {
        outcome.reasons.push(text(
            "此项不计部分分，未全部满足记 0 分",
            "this item earns no partial credit; anything short of full evidence scores 0",
        ));
        notes.push(text(
            "此项不计部分分：以上各项全部补齐才得分",
            "this item earns no partial credit: everything above must be in place to score",
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
    reasons.extend(waiver_notes.iter().cloned());
    outcome.reasons = once_each(reasons);
    if outcome.status != Status::Met {
        outcome.shortfall = once_each(
            checks
                .iter()
                .filter(|c| c.credit < 1.0 || c.error)
                .flat_map(|c| c.shortfall.iter().cloned())
                .chain(notes)
                .chain(waiver_notes)
                .collect(),
        );
    }
    let mut evidence: BTreeSet<EvidenceRef> = BTreeSet::new();
    for c in &checks {
        evidence.extend(c.evidence.iter().cloned());
    }
    outcome.evidence = evidence.into_iter().collect();
    outcome.checks = checks;
    outcome
}

/// The same sentence said once: two checks reading one file (a gate and a count of the same
/// register) find it missing twice, and the officer needs to read it once.
fn once_each(texts: Vec<Text>) -> Vec<Text> {
    let mut out: Vec<Text> = Vec::with_capacity(texts.len());
    for t in texts {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

fn flatten_reasons(c: &CheckOutcome, out: &mut Vec<Text>) {
    out.extend(c.reasons.iter().cloned());
    for child in &c.children {
        flatten_reasons(child, out);
    }
}

/// A fresh outcome of a kind, to be filled by the check.
pub(crate) fn outcome(
    kind: &str,
    label: &Option<String>,
    label_en: &Option<String>,
) -> CheckOutcome {
    CheckOutcome {
        kind: kind.to_owned(),
        label: label.clone(),
        label_en: label_en.clone(),
        credit: 0.0,
        error: false,
        requires: Text::default(),
        reasons: Vec::new(),
        shortfall: Vec::new(),
        detail: Vec::new(),
        evidence: Vec::new(),
        children: Vec::new(),
        gate: false,
        periods: None,
    }
}

/// Why a check cannot be decided: the reason in plain words, and the technical trace of it
/// (the glob, the expression, the parser's message) for the detail.
pub(crate) struct Failure {
    pub reason: Text,
    pub detail: Option<Text>,
}

impl From<Text> for Failure {
    fn from(reason: Text) -> Self {
        Failure {
            reason,
            detail: None,
        }
    }
}

/// Marks an outcome as undecidable. Its shortfall (what to fix) is filled in by [`run`].
pub(crate) fn errored(mut o: CheckOutcome, why: impl Into<Failure>) -> CheckOutcome {
    let why = why.into();
    o.error = true;
    o.credit = 0.0;
    o.reasons.push(why.reason);
    o.detail.extend(why.detail);
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
    o.requires = describe::requires(check, &ctx.pack.period.label);
    o.gate = check.gate();
    if o.gate {
        o.detail.push(text(
            "gate: true（门槛：此项不满足时，条目记 0 分；不计入条目的平均）",
            "gate: true (unless this check holds, the item scores 0; it is not part of the item's average)",
        ));
    }
    if o.error && o.shortfall.is_empty() {
        // what to fix: the reason the check could not be decided
        o.shortfall = o
            .reasons
            .iter()
            .take(1)
            .map(|r| {
                text(
                    format!("修正后重新评估：{}", r.zh),
                    format!("fix this, then evaluate again: {}", r.en),
                )
            })
            .collect();
    }
    if o.credit < 1.0 && o.shortfall.is_empty() {
        // a check that falls short always says what it still asks for
        o.shortfall.push(text(
            format!("未满足：{}", o.requires.zh),
            format!("not met: {}", o.requires.en),
        ));
    }
    if o.credit >= 1.0 && !o.error {
        o.shortfall.clear();
    }
    o.evidence.sort();
    o.evidence.dedup();
    o
}

/// Every child must hold: credit is the average; undecidable if any child is.
fn all(ctx: &Ctx, leaf: &Leaf, checks: &[Check]) -> CheckOutcome {
    let mut o = outcome("all", &None, &None);
    o.children = checks.iter().map(|c| run(ctx, leaf, c)).collect();
    if o.children.is_empty() {
        o.credit = 1.0;
        return o;
    }
    let met = o.children.iter().filter(|c| c.credit >= 1.0).count();
    o.credit = o.children.iter().map(|c| c.credit).sum::<f64>() / o.children.len() as f64;
    o.error = o.children.iter().any(|c| c.error);
    o.reasons.push(held(met, o.children.len()));
    o.shortfall = o
        .children
        .iter()
        .filter(|c| c.credit < 1.0 || c.error)
        .flat_map(|c| c.shortfall.iter().cloned())
        .collect();
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
    let mut o = outcome("any", &None, &None);
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
    o.reasons.push(held(met, o.children.len()));
    if met == 0 {
        o.shortfall = still_needed(1, &o.children);
        o.shortfall.extend(fixes(&o));
    }
    if !o.error {
        o.evidence = evidence;
    }
    o
}

/// At least `k` children must hold: credit is the sum of the best `k` credits over `k`.
fn at_least(ctx: &Ctx, leaf: &Leaf, k: u32, checks: &[Check]) -> CheckOutcome {
    let mut o = outcome("at_least", &None, &None);
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
    o.reasons.push(held(met, o.children.len()));
    if met < k_usize {
        o.shortfall = still_needed(k_usize - met, &o.children);
        o.shortfall.extend(fixes(&o));
    }
    if !o.error {
        o.evidence = best
            .iter()
            .flat_map(|c| c.evidence.iter().cloned())
            .collect();
    }
    o
}

/// When an undecidable child makes a composite undecidable, what to fix in it (unless it is
/// already the nearest child whose shortfall leads).
fn fixes(o: &CheckOutcome) -> Vec<Text> {
    if !o.error {
        return Vec::new();
    }
    o.children
        .iter()
        .filter(|c| c.error)
        .flat_map(|c| c.shortfall.iter())
        .filter(|s| !o.shortfall.iter().any(|t| t.zh.ends_with(&s.zh) || t == *s))
        .cloned()
        .collect()
}

/// A composite's finding: "4 项中已满足 2 项".
fn held(met: usize, of: usize) -> Text {
    text(
        format!("{of} 项中已满足 {met} 项"),
        format!("{met} of {of} hold"),
    )
}

/// The shortfall of `any`/`at_least`: how many more children must hold, then what the nearest
/// child that does not hold yet still lacks (the best credit; an undecidable child only when
/// no other is left).
fn still_needed(more: usize, children: &[CheckOutcome]) -> Vec<Text> {
    let mut nearest: Option<&CheckOutcome> = None;
    for c in children.iter().filter(|c| c.credit < 1.0 || c.error) {
        let better = match nearest {
            None => true,
            Some(n) => (!c.error, c.credit) > (!n.error, n.credit),
        };
        if better {
            nearest = Some(c);
        }
    }
    let lacks: &[Text] = nearest.map(|c| c.shortfall.as_slice()).unwrap_or_default();
    let Some((first, rest)) = lacks.split_first() else {
        return vec![text(
            format!("还需再满足 {more} 项"),
            format!("{more} more must hold"),
        )];
    };
    let mut out = vec![text(
        format!("还需再满足 {more} 项，最接近的一项：{}", first.zh),
        format!("{more} more must hold; the nearest: {}", first.en),
    )];
    out.extend(rest.iter().cloned());
    out
}
