//! The declarations of a pack, resolved against the standard once, before any check runs.
//!
//! What only a person can say about a pack — not applicable, waivers and vetoes and bonus claims in
//! `pack.yaml`, attestations, vetoes and re-scores in `review.yaml` — used to be read where each was
//! needed, and each reader checked it against the standard in its own way. [`resolve`] is now the
//! one place: every declaration is checked here (an unknown id with "did you mean", a duplicate, a
//! waiver without an approver or a real expiry date, an attestation's date and role, a re-score's
//! range, a bonus claim's evidence), each finding a [`Diagnostic`] at its line and column naming
//! the item, and what stands is one immutable [`Declarations`]. `check` and `score` read that
//! value and never the pack's declarations.
//!
//! Rules that were already written down elsewhere stay as they were:
//! - a declaration on a group applies to every leaf under it; of several that cover a leaf, the
//!   first in the file stands (not applicable before any waiver);
//! - a waiver holds when it has an approver and its expiry is on or after the end of the review
//!   period; otherwise it is ignored with a note on the item (and, for a missing approver or an
//!   expiry that is no date, an error), and the item is checked;
//! - of two waivers for one leaf the first that holds stands: a renewed waiver written below an
//!   expired one is not a duplicate;
//! - the same veto twice in one file, the same bonus claimed twice, the same item declared not
//!   applicable twice are warnings (`duplicate-declaration`) and only the first stands — a bonus
//!   claimed twice used to count twice (under the cap);
//! - re-scores and attestations: see [`review`].
//!
//! [`Declarations`] is what the declarations say; `crate::outcome::Declarations` is the hashes of
//! the two files that the results record for the seal — same files, different questions.

mod review;

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;

use crate::check::periods::Review;
use crate::diagnostic::{suggest, Diagnostic};
use crate::evidence::dates::parse_iso;
use crate::evidence::pack::PACK_FILE;
use crate::evidence::pack_model::{Verdict, VetoDeclaration};
use crate::evidence::Pack;
use crate::outcome::{BonusOutcome, EvidenceRef, ItemReview, VetoOutcome};
use crate::standard::model::{Check, Item};
use crate::standard::source_map::SourceMap;
use crate::standard::Standard;

pub use review::LATE_DAYS;

/// Everything the pack declares, checked against the standard: per leaf its state, signatures
/// and re-score, the vetoes and bonus claims that stand, and the problems found on the way.
#[derive(Debug, Clone, Default)]
pub struct Declarations {
    leaves: BTreeMap<String, LeafDeclarations>,
    vetoes: Vec<VetoOutcome>,
    bonus: Vec<BonusOutcome>,
    problems: Vec<Diagnostic>,
}

/// What is declared about one leaf.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeafDeclarations {
    pub state: Declared,
    /// Waivers for this leaf that were not applied, and why (noted on the item).
    pub ignored_waivers: Vec<IgnoredWaiver>,
    /// Every signature naming this leaf, in file order, whatever its role or date.
    pub attestations: Vec<Signature>,
    /// The reviewer's score of this leaf (复评分), when one stands.
    pub rescore: Option<ItemReview>,
}

/// The state a declaration puts a leaf in, before any check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Declared {
    /// Nothing declared: the leaf is checked.
    #[default]
    Assessed,
    NotApplicable {
        reason: String,
    },
    Waived {
        reason: String,
        approved_by: String,
        expires: Date,
    },
}

/// Why a waiver was not applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IgnoredWaiver {
    /// It expired before the review period ends (`to`).
    Expired { expires: Date, to: Date },
    /// Its expiry is not a `YYYY-MM-DD` date.
    NotADate(String),
    /// It names no approver.
    NoApprover,
}

/// One signature of `review.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Its position among the attestations of the file (the later of two same-day ones stands).
    pub position: usize,
    pub by: String,
    pub role: String,
    /// The date as written.
    pub date: String,
    /// The day, when the date is a real `YYYY-MM-DD` day; otherwise the signature does not count.
    pub signed_on: Option<Date>,
    pub verdict: Verdict,
    pub comment: String,
}

static NOTHING: LeafDeclarations = LeafDeclarations {
    state: Declared::Assessed,
    ignored_waivers: Vec::new(),
    attestations: Vec::new(),
    rescore: None,
};

impl Declarations {
    /// What is declared about the leaf `id` (nothing, for an id the standard does not have).
    pub fn leaf(&self, id: &str) -> &LeafDeclarations {
        self.leaves.get(id).unwrap_or(&NOTHING)
    }

    /// The vetoes declared in `pack.yaml` then `review.yaml` that name a veto of the standard.
    pub fn vetoes(&self) -> &[VetoOutcome] {
        &self.vetoes
    }

    /// The bonus claims naming a bonus item of the standard, with the evidence found in the pack;
    /// a claim without any earns 0 points (无台账视同未开展). The cap is applied in scoring.
    pub fn bonus(&self) -> &[BonusOutcome] {
        &self.bonus
    }

    /// What is wrong with the declarations, `pack.yaml` first, each at its line and column.
    pub fn problems(&self) -> &[Diagnostic] {
        &self.problems
    }
}

/// A leaf of the standard with the groups above it.
pub(crate) struct LeafRef<'s> {
    pub item: &'s Item,
    pub path: Vec<&'s str>,
}

/// The ids of the standard's tree, for lookups and suggestions.
pub(crate) struct Tree<'s> {
    pub leaves: Vec<LeafRef<'s>>,
    pub groups: Vec<&'s str>,
    /// Leaf id → position in `leaves`; a pack may name thousands of items.
    leaf_at: BTreeMap<&'s str, usize>,
    group_ids: BTreeSet<&'s str>,
}

impl<'s> Tree<'s> {
    fn of(standard: &'s Standard) -> Self {
        fn walk<'s>(item: &'s Item, path: &mut Vec<&'s str>, tree: &mut Tree<'s>) {
            if item.is_leaf() {
                tree.leaves.push(LeafRef {
                    item,
                    path: path.clone(),
                });
                return;
            }
            tree.groups.push(&item.id);
            path.push(&item.id);
            for child in &item.items {
                walk(child, path, tree);
            }
            path.pop();
        }
        let mut tree = Tree {
            leaves: Vec::new(),
            groups: Vec::new(),
            leaf_at: BTreeMap::new(),
            group_ids: BTreeSet::new(),
        };
        for item in &standard.items {
            walk(item, &mut Vec::new(), &mut tree);
        }
        // the first of two equal ids wins, as a linear search would (lint rejects duplicates)
        for (i, l) in tree.leaves.iter().enumerate() {
            tree.leaf_at.entry(l.item.id.as_str()).or_insert(i);
        }
        tree.group_ids = tree.groups.iter().copied().collect();
        tree
    }

    pub fn leaf(&self, id: &str) -> Option<&LeafRef<'s>> {
        self.leaf_at.get(id).and_then(|&i| self.leaves.get(i))
    }

    pub fn is_group(&self, id: &str) -> bool {
        self.group_ids.contains(id)
    }

    pub fn leaf_ids(&self) -> impl Iterator<Item = &'s str> + '_ {
        self.leaves.iter().map(|l| l.item.id.as_str())
    }

    fn all_ids(&self) -> impl Iterator<Item = &'s str> + '_ {
        self.groups.iter().copied().chain(self.leaf_ids())
    }

    fn contains(&self, id: &str) -> bool {
        self.leaf_at.contains_key(id) || self.is_group(id)
    }
}

impl LeafRef<'_> {
    /// The roles the leaf's `attest` checks ask to sign, trimmed.
    pub fn roles(&self) -> Vec<&str> {
        fn collect<'c>(check: &'c Check, out: &mut Vec<&'c str>) {
            match check {
                Check::Attest(a) => out.push(a.role.trim()),
                Check::All(children) | Check::Any(children) => {
                    children.iter().for_each(|c| collect(c, out))
                }
                Check::AtLeast(c) => c.of.iter().for_each(|c| collect(c, out)),
                _ => {}
            }
        }
        let mut out = Vec::new();
        self.item.checks.iter().for_each(|c| collect(c, &mut out));
        out
    }
}

/// A "did you mean" line, when a near id exists.
pub(crate) fn did_you_mean<'a>(
    d: Diagnostic,
    id: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    match suggest(id, candidates) {
        Some(s) => d.with_help(format!("是否应为 `{s}`？"), format!("did you mean `{s}`?")),
        None => d,
    }
}

/// The line of a position, for messages that point back at an earlier declaration.
pub(crate) fn line_of(map: &SourceMap, pointer: &str) -> String {
    map.value(pointer)
        .map_or(String::new(), |p| p.line.to_string())
}

/// Checks every declaration of `pack` against `standard` and resolves what stands. Run once per
/// evaluation, before any check.
pub fn resolve(standard: &Standard, pack: &Pack) -> Declarations {
    let tree = Tree::of(standard);
    let review_period = Review::of(&pack.period);
    // Lines come from the texts that were parsed when the pack was opened.
    let map = SourceMap::build(&pack.pack_text);
    let mut out = Declarations::default();
    standard_mismatch(standard, pack, &map, &mut out.problems);
    let states = leaf_states(&tree, pack, &map, review_period.to, &mut out.problems);
    for leaf in &tree.leaves {
        out.leaves
            .insert(leaf.item.id.clone(), LeafDeclarations::default());
    }
    for (id, (state, ignored)) in states {
        if let Some(l) = out.leaves.get_mut(&id) {
            l.state = state;
            l.ignored_waivers = ignored;
        }
    }
    out.vetoes = vetoes(
        standard,
        &pack.file.vetoes,
        "pack",
        PACK_FILE,
        &map,
        &mut out.problems,
    );
    out.bonus = bonus(standard, pack, &map, &mut out.problems);
    review::resolve(standard, &tree, pack, review_period, &mut out);
    out
}

fn standard_mismatch(
    standard: &Standard,
    pack: &Pack,
    map: &SourceMap,
    problems: &mut Vec<Diagnostic>,
) {
    let declared = &pack.file.standard;
    if declared.id != standard.id || declared.version != standard.version {
        problems.push(
            Diagnostic::warning(
                "standard-mismatch",
                PACK_FILE,
                format!(
                    "证据包按 `{} {}` 准备，但按 `{} {}` 评估",
                    declared.id, declared.version, standard.id, standard.version
                ),
                format!(
                    "the pack was prepared for `{} {}` but is evaluated against `{} {}`",
                    declared.id, declared.version, standard.id, standard.version
                ),
            )
            .at(map.value("/standard/id")),
        );
    }
}

type States = BTreeMap<String, (Declared, Vec<IgnoredWaiver>)>;

/// Not applicable and waivers: unknown ids, duplicates, waivers without approver or a real
/// expiry; then the state of every leaf they cover.
fn leaf_states(
    tree: &Tree,
    pack: &Pack,
    map: &SourceMap,
    period_end: Date,
    problems: &mut Vec<Diagnostic>,
) -> States {
    let unknown = |id: &str, pointer: String| {
        let d = Diagnostic::warning(
            "unknown-item",
            PACK_FILE,
            format!("声明的条目 `{id}` 不在标准中"),
            format!("declared item `{id}` is not in the standard"),
        )
        .at(map.value(&pointer))
        .item(id);
        did_you_mean(d, id, tree.all_ids())
    };
    let mut first_na: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, d) in pack.file.not_applicable.iter().enumerate() {
        let id = d.item.as_str();
        if !tree.contains(id) {
            problems.push(unknown(id, format!("/not_applicable/{i}/item")));
            continue;
        }
        if let Some(&first) = first_na.get(id) {
            let line = line_of(map, &format!("/not_applicable/{first}/item"));
            problems.push(
                Diagnostic::warning(
                    "duplicate-declaration",
                    PACK_FILE,
                    format!("条目 `{id}` 重复声明不适用，只采用第一次（第 {line} 行）"),
                    format!("item `{id}` is declared not applicable twice; the first one (line {line}) is used"),
                )
                .at(map.value(&format!("/not_applicable/{i}/item")))
                .item(id),
            );
            continue;
        }
        first_na.insert(id, i);
    }
    // Each waiver judged once: known item, approver, expiry.
    let mut waivers: Vec<(usize, Result<Date, IgnoredWaiver>)> = Vec::new();
    for (i, w) in pack.file.waivers.iter().enumerate() {
        let id = w.item.as_str();
        if !tree.contains(id) {
            problems.push(unknown(id, format!("/waivers/{i}/item")));
            continue;
        }
        let expiry = match parse_iso(&w.expires) {
            Some(expires) if expires >= period_end => Ok(expires),
            Some(expires) => Err(IgnoredWaiver::Expired {
                expires,
                to: period_end,
            }),
            None => {
                problems.push(
                    Diagnostic::error(
                        "waiver-expiry",
                        PACK_FILE,
                        format!("条目 `{id}` 的豁免有效期 `{}` 不是真实的日期（应为 YYYY-MM-DD），该豁免不予采用", w.expires.escape_debug()),
                        format!("waiver expiry `{}` of item `{id}` is not a real YYYY-MM-DD date; the waiver is ignored", w.expires.escape_debug()),
                    )
                    .at(map.value(&format!("/waivers/{i}/expires")))
                    .item(id)
                    .with_help("写成豁免最后有效的那一天，例如 `2026-06-30`", "write the last day the waiver holds, e.g. `2026-06-30`"),
                );
                Err(IgnoredWaiver::NotADate(w.expires.clone()))
            }
        };
        let judged = if w.approved_by.trim().is_empty() {
            problems.push(
                Diagnostic::error(
                    "waiver-approver",
                    PACK_FILE,
                    format!("条目 `{id}` 的豁免没有写明批准单位，该豁免不予采用"),
                    format!("the waiver of item `{id}` names no approver; the waiver is ignored"),
                )
                .at(map.value(&format!("/waivers/{i}/approved_by")))
                .item(id)
                .with_help(
                    "写明批准豁免的单位，例如 `区总工会`",
                    "name who approved the waiver, e.g. `区总工会`",
                ),
            );
            match expiry {
                Err(e @ IgnoredWaiver::NotADate(_)) => Err(e),
                _ => Err(IgnoredWaiver::NoApprover),
            }
        } else {
            expiry
        };
        waivers.push((i, judged));
    }
    // Indexed by the id they name, so that the cost grows with leaves × depth, not leaves × lines.
    let mut na_first: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, d) in pack.file.not_applicable.iter().enumerate() {
        na_first.entry(d.item.as_str()).or_insert(i);
    }
    let mut waivers_of: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (n, (i, _)) in waivers.iter().enumerate() {
        if let Some(w) = pack.file.waivers.get(*i) {
            waivers_of.entry(w.item.as_str()).or_default().push(n);
        }
    }
    let mut states = BTreeMap::new();
    for leaf in &tree.leaves {
        let ids = || std::iter::once(leaf.item.id.as_str()).chain(leaf.path.iter().copied());
        let na = ids()
            .filter_map(|id| na_first.get(id).copied())
            .min()
            .and_then(|i| pack.file.not_applicable.get(i));
        if let Some(na) = na {
            let state = Declared::NotApplicable {
                reason: na.reason.clone(),
            };
            states.insert(leaf.item.id.clone(), (state, Vec::new()));
            continue;
        }
        let mut covering: Vec<usize> = ids()
            .filter_map(|id| waivers_of.get(id))
            .flatten()
            .copied()
            .collect();
        covering.sort_unstable();
        let mut ignored = Vec::new();
        let mut state = Declared::Assessed;
        for n in covering {
            let Some((i, judged)) = waivers.get(n) else {
                continue;
            };
            let Some(w) = pack.file.waivers.get(*i) else {
                continue;
            };
            match judged {
                Ok(expires) => {
                    state = Declared::Waived {
                        reason: w.reason.clone(),
                        approved_by: w.approved_by.clone(),
                        expires: *expires,
                    };
                    // the waiver that holds is all the item says
                    ignored.clear();
                    break;
                }
                Err(why) => ignored.push(why.clone()),
            }
        }
        if state != Declared::Assessed || !ignored.is_empty() {
            states.insert(leaf.item.id.clone(), (state, ignored));
        }
    }
    states
}

/// The vetoes of one file that name a veto of the standard; the others are errors.
pub(crate) fn vetoes(
    standard: &Standard,
    declared: &[VetoDeclaration],
    source: &str,
    file: &str,
    map: &SourceMap,
    problems: &mut Vec<Diagnostic>,
) -> Vec<VetoOutcome> {
    let mut out: Vec<VetoOutcome> = Vec::new();
    let mut first: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, v) in declared.iter().enumerate() {
        let at = map.value(&format!("/vetoes/{i}/id"));
        let Some(def) = standard.scoring.vetoes.iter().find(|d| d.id == v.id) else {
            let d = Diagnostic::error(
                "unknown-veto",
                file,
                format!("否决项 `{}` 不在标准中", v.id),
                format!("veto `{}` is not in the standard", v.id),
            )
            .at(at);
            problems.push(did_you_mean(
                d,
                &v.id,
                standard.scoring.vetoes.iter().map(|d| d.id.as_str()),
            ));
            continue;
        };
        if let Some(&f) = first.get(v.id.as_str()) {
            let line = line_of(map, &format!("/vetoes/{f}/id"));
            problems.push(
                Diagnostic::warning(
                    "duplicate-declaration",
                    file,
                    format!("否决项 `{}` 重复申报，只采用第一次（第 {line} 行）", v.id),
                    format!(
                        "veto `{}` is declared twice; the first one (line {line}) is used",
                        v.id
                    ),
                )
                .at(at),
            );
            continue;
        }
        first.insert(&v.id, i);
        out.push(VetoOutcome {
            id: v.id.clone(),
            title: def.title.clone(),
            note: v.note.clone(),
            source: source.into(),
        });
    }
    out
}

/// The bonus claims that name a bonus item of the standard, once each, with their evidence.
fn bonus(
    standard: &Standard,
    pack: &Pack,
    map: &SourceMap,
    problems: &mut Vec<Diagnostic>,
) -> Vec<BonusOutcome> {
    let mut claims = Vec::new();
    let Some(def) = &standard.scoring.bonus else {
        if !pack.file.bonus.is_empty() {
            problems.push(
                Diagnostic::warning(
                    "unknown-bonus",
                    PACK_FILE,
                    format!("标准 `{}` 没有加分项，加分申报被忽略", standard.id),
                    format!(
                        "the standard `{}` has no bonus items; claims ignored",
                        standard.id
                    ),
                )
                .at(map.key("/bonus")),
            );
        }
        return claims;
    };
    let mut first: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, claim) in pack.file.bonus.iter().enumerate() {
        let id = claim.id.as_str();
        let at = map.value(&format!("/bonus/{i}/id"));
        let Some(item) = def.items.iter().find(|b| b.id == id) else {
            let d = Diagnostic::warning(
                "unknown-bonus",
                PACK_FILE,
                format!("加分项 `{id}` 不在标准中"),
                format!("bonus item `{id}` is not in the standard"),
            )
            .at(at)
            .item(id);
            problems.push(did_you_mean(d, id, def.items.iter().map(|b| b.id.as_str())));
            continue;
        };
        if let Some(&f) = first.get(id) {
            let line = line_of(map, &format!("/bonus/{f}/id"));
            problems.push(
                Diagnostic::warning(
                    "duplicate-declaration",
                    PACK_FILE,
                    format!("加分项 `{id}` 重复申报，只采用第一次（第 {line} 行）"),
                    format!("bonus `{id}` is claimed twice; the first one (line {line}) is used"),
                )
                .at(at)
                .item(id),
            );
            continue;
        }
        first.insert(id, i);
        let mut evidence = Vec::new();
        for (j, path) in claim.evidence.iter().enumerate() {
            match pack.sha256_of(path) {
                Some(sha) => evidence.push(EvidenceRef {
                    path: path.clone(),
                    sha256: sha.to_owned(),
                }),
                None => problems.push(
                    Diagnostic::warning(
                        "missing-evidence",
                        PACK_FILE,
                        format!("加分项 `{id}` 的证据 `{path}` 不在证据包中"),
                        format!("evidence `{path}` of bonus `{id}` is not in the pack"),
                    )
                    .at(map.value(&format!("/bonus/{i}/evidence/{j}")))
                    .item(id),
                ),
            }
        }
        // A claim without any evidence in the pack earns nothing: 无台账视同未开展.
        let points = if evidence.is_empty() {
            0.0
        } else {
            item.points
        };
        claims.push(BonusOutcome {
            id: id.to_owned(),
            title: item.title.clone(),
            points,
            note: claim.note.clone(),
            evidence,
        });
    }
    claims
}
