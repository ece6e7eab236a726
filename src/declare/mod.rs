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
//! Rules against the loopholes (issue 10, docs/standard-format.md §3.1–3.3):
//! - "无此情形" (`no_case:` in pack.yaml) stands on a leaf whose item allows it, with a reason; on
//!   an item with `no_case: attested` only with the approver's signed confirmation, else the item
//!   is checked with a note (`no-case-unconfirmed`). A first not-applicable declaration wins over it;
//! - a bonus claim earns its points only when awarded inside the period with its certificate in
//!   the pack; the same achievement under several bonus ids counts once, at the highest points;
//! - whether a core item declared out counts for the core rule is decided in `crate::score`, from
//!   [`LeafDeclarations::confirmed_by`] the standard's approver.
//!
//! [`Declarations`] is what the declarations say; `crate::outcome::Declarations` is the hashes of
//! the two files that the results record for the seal — same files, different questions.

mod review;
pub mod review_dir;

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;

use crate::check::periods::Review;
use crate::diagnostic::{suggest, Diagnostic};
use crate::evidence::dates::parse_iso;
use crate::evidence::pack::PACK_FILE;
use crate::evidence::pack_model::{Verdict, VetoDeclaration};
use crate::evidence::Pack;
use crate::outcome::{BonusOutcome, EvidenceRef, ItemReview, VetoOutcome};
use crate::standard::model::{BonusItem, Check, Item, NoCase, Text};
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
    /// A "无此情形" declaration that was not applied because the item asks for the approver's
    /// confirmation and the review file has none: the approver's role (noted on the item).
    pub unconfirmed_no_case: Option<String>,
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
    /// Nothing to do this year (无此情形), where the standard's item allows it.
    NoCase {
        reason: String,
    },
}

impl Declared {
    /// Whether the community declared the leaf out of the assessment (not applicable, waived,
    /// 无此情形) instead of having it checked.
    pub fn is_declared(&self) -> bool {
        !matches!(self, Declared::Assessed)
    }
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
    unconfirmed_no_case: None,
};

impl LeafDeclarations {
    /// The signature of `role` confirming this leaf, when the latest valid one by that role (by
    /// date, then position in the file) says `met`.
    pub fn confirmed_by(&self, role: &str) -> Option<&Signature> {
        self.attestations
            .iter()
            .filter(|s| s.role.trim() == role.trim() && s.signed_on.is_some())
            .max_by_key(|s| (s.signed_on, s.position))
            .filter(|s| s.verdict == Verdict::Met)
    }
}

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
        // What is assessed (leaves, and the own part of a group) is what a pack declares about;
        // a group's own part sits under the group itself, so a declaration on the group covers it.
        let index = crate::standard::index::StandardIndex::of(standard);
        let mut tree = Tree {
            leaves: index
                .assessed()
                .map(|(at, n)| LeafRef {
                    item: n.item,
                    path: index.enclosing(at),
                })
                .collect(),
            groups: index.groups().map(|(_, n)| n.item.id.as_str()).collect(),
            leaf_at: BTreeMap::new(),
            group_ids: BTreeSet::new(),
        };
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
    out.bonus = bonus(standard, pack, &map, review_period, &mut out.problems);
    review::resolve(standard, &tree, pack, review_period, &mut out);
    unconfirmed_no_case(standard, &tree, pack, &map, &mut out);
    out
}

/// A "无此情形" on an item whose `no_case` is `attested` stands only with the approver's
/// confirmation in the review file; without it the item is checked, with a note and a warning.
fn unconfirmed_no_case(
    standard: &Standard,
    tree: &Tree,
    pack: &Pack,
    map: &SourceMap,
    out: &mut Declarations,
) {
    let role = standard.scoring.approver.as_deref().unwrap_or("").trim();
    for leaf in &tree.leaves {
        if leaf.item.no_case != NoCase::Attested {
            continue;
        }
        let Some(l) = out.leaves.get_mut(&leaf.item.id) else {
            continue;
        };
        if !matches!(l.state, Declared::NoCase { .. })
            || (!role.is_empty() && l.confirmed_by(role).is_some())
        {
            continue;
        }
        let id = leaf.item.id.as_str();
        let who = if role.is_empty() {
            "审核单位"
        } else {
            role
        };
        l.state = Declared::Assessed;
        l.unconfirmed_no_case = Some(who.to_owned());
        let i = pack
            .file
            .no_case
            .iter()
            .position(|d| d.item == id || leaf.path.contains(&d.item.as_str()))
            .unwrap_or(0);
        out.problems.push(
            Diagnostic::warning(
                "no-case-unconfirmed",
                PACK_FILE,
                format!("条目 `{id}` 申报本年度无此情形，须经{who}确认，审核文件中没有确认，按实际情况检查"),
                format!("item `{id}` is declared to have no case this year, which needs the confirmation of {who}; the review file has none, so the item is checked"),
            )
            .at(map.value(&format!("/no_case/{i}/item")))
            .item(id)
            .with_help(
                format!("请{who}核实后，在审核文件中对该条目签署确认意见"),
                format!("{who} checks it and signs `{id}` in the review file with verdict `met`"),
            ),
        );
    }
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
    // 无此情形: a known leaf whose item allows it, with a reason.
    let mut no_case_first: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, d) in pack.file.no_case.iter().enumerate() {
        let id = d.item.as_str();
        let at = map.value(&format!("/no_case/{i}/item"));
        let Some(leaf) = tree.leaf(id) else {
            if tree.is_group(id) {
                problems.push(
                    Diagnostic::error(
                        "no-case-not-allowed",
                        PACK_FILE,
                        format!("`{id}` 是分组；“无此情形”只能对末级条目逐项申报，该申报不予采用"),
                        format!("`{id}` is a group; \"no case this year\" is declared leaf by leaf; the declaration is ignored"),
                    )
                    .at(at)
                    .item(id),
                );
            } else {
                problems.push(unknown(id, format!("/no_case/{i}/item")));
            }
            continue;
        };
        if leaf.item.no_case == NoCase::Never {
            problems.push(
                Diagnostic::error(
                    "no-case-not-allowed",
                    PACK_FILE,
                    format!("条目 `{id}` 不允许申报“无此情形”，该申报不予采用，按实际情况检查"),
                    format!("item `{id}` does not allow \"no case this year\"; the declaration is ignored and the item is checked"),
                )
                .at(at)
                .item(id)
                .with_help(
                    "标准只对本年度可能确实没有发生的事项（如劳动争议）允许此申报",
                    "the standard allows it only where nothing may honestly have happened this year (e.g. labour disputes)",
                ),
            );
            continue;
        }
        if d.reason.trim().is_empty() {
            problems.push(
                Diagnostic::error(
                    "no-case-reason",
                    PACK_FILE,
                    format!("条目 `{id}` 申报“无此情形”没有写明理由，该申报不予采用"),
                    format!("the \"no case this year\" declaration of item `{id}` gives no reason; it is ignored"),
                )
                .at(map.value(&format!("/no_case/{i}")))
                .item(id)
                .with_help(
                    "写明本年度为什么没有此事项，例如 `本年度辖区企业未发生劳动争议`",
                    "say why nothing happened this year, e.g. `no labour dispute in the year`",
                ),
            );
            continue;
        }
        if let Some(&first) = no_case_first.get(id) {
            let line = line_of(map, &format!("/no_case/{first}/item"));
            problems.push(
                Diagnostic::warning(
                    "duplicate-declaration",
                    PACK_FILE,
                    format!("条目 `{id}` 重复申报无此情形，只采用第一次（第 {line} 行）"),
                    format!("item `{id}` is declared \"no case\" twice; the first one (line {line}) is used"),
                )
                .at(at)
                .item(id),
            );
            continue;
        }
        no_case_first.insert(id, i);
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
        if let Some(d) = no_case_first
            .get(leaf.item.id.as_str())
            .and_then(|&i| pack.file.no_case.get(i))
        {
            let state = Declared::NoCase {
                reason: d.reason.clone(),
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
///
/// A claim earns its bonus item's points only when it gives the award date, inside the review
/// period, and its certificate file is in the pack; otherwise it earns 0 and says why. The same
/// achievement (its `title`, else its `note`, spaces ignored) claimed under several bonus ids
/// counts once, under the one worth most (the first of equals).
fn bonus(
    standard: &Standard,
    pack: &Pack,
    map: &SourceMap,
    period: Review,
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
            // the certificate is judged on its own, below
            if claim.certificate.as_deref().map(str::trim) == Some(path.trim()) {
                continue;
            }
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
        let reasons = bonus_proof(claim, i, item, pack, map, period, &mut evidence, problems);
        let achievement = claim
            .title
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(&claim.note)
            .trim()
            .to_owned();
        claims.push(BonusOutcome {
            id: id.to_owned(),
            title: item.title.clone(),
            points: if reasons.is_empty() { item.points } else { 0.0 },
            note: claim.note.clone(),
            evidence,
            achievement,
            awarded: claim.awarded.clone(),
            reasons,
        });
    }
    once_per_achievement(&mut claims);
    claims
}

/// Why a claim earns nothing: no award date, a date outside the period, no certificate in the
/// pack. The certificate, when found, joins the claim's evidence.
#[allow(clippy::too_many_arguments)]
fn bonus_proof(
    claim: &crate::evidence::pack_model::BonusClaim,
    i: usize,
    item: &BonusItem,
    pack: &Pack,
    map: &SourceMap,
    period: Review,
    evidence: &mut Vec<EvidenceRef>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Text> {
    let id = item.id.as_str();
    let mut reasons = Vec::new();
    match claim.awarded.as_deref().map(str::trim) {
        None | Some("") => reasons.push(text(
            "没有写明获奖日期，不计分",
            "no award date is given; it earns nothing",
        )),
        Some(written) => match parse_iso(written) {
            None => {
                let w = written.escape_debug();
                reasons.push(text(
                    format!("获奖日期“{w}”不是真实的日期，不计分"),
                    format!("the award date \"{w}\" is not a real date; it earns nothing"),
                ));
                problems.push(
                    Diagnostic::warning(
                        "bonus-date",
                        PACK_FILE,
                        format!("加分项 `{id}` 的获奖日期 `{w}` 不是真实的日期（应为 YYYY-MM-DD），不计分"),
                        format!("award date `{w}` of bonus `{id}` is not a real YYYY-MM-DD date; it earns nothing"),
                    )
                    .at(map.value(&format!("/bonus/{i}/awarded")))
                    .item(id)
                    .with_help("写成证书上的授予日期，例如 `2025-11-20`", "write the date on the certificate, e.g. `2025-11-20`"),
                );
            }
            Some(day) if day < period.from || day > period.to => reasons.push(text(
                format!(
                    "获奖日期 {day} 不在评价期 {} 至 {} 内，不计分",
                    period.from, period.to
                ),
                format!(
                    "awarded on {day}, outside the review period {} to {}; it earns nothing",
                    period.from, period.to
                ),
            )),
            Some(_) => {}
        },
    }
    match claim.certificate.as_deref().map(str::trim) {
        None | Some("") => reasons.push(text(
            "没有附获奖证书，不计分",
            "no certificate is given; it earns nothing",
        )),
        Some(path) => match pack.sha256_of(path) {
            Some(sha) => {
                if !evidence.iter().any(|e| e.path == path) {
                    evidence.insert(
                        0,
                        EvidenceRef {
                            path: path.to_owned(),
                            sha256: sha.to_owned(),
                        },
                    );
                }
            }
            None => {
                reasons.push(text(
                    format!("获奖证书“{path}”不在证据包中，不计分"),
                    format!("the certificate \"{path}\" is not in the pack; it earns nothing"),
                ));
                problems.push(
                    Diagnostic::warning(
                        "missing-evidence",
                        PACK_FILE,
                        format!("加分项 `{id}` 的获奖证书 `{path}` 不在证据包中"),
                        format!("certificate `{path}` of bonus `{id}` is not in the pack"),
                    )
                    .at(map.value(&format!("/bonus/{i}/certificate")))
                    .item(id),
                );
            }
        },
    }
    reasons
}

/// The same achievement claimed under several bonus ids counts once, under the claim worth most.
fn once_per_achievement(claims: &mut [BonusOutcome]) {
    let key = |c: &BonusOutcome| -> String {
        c.achievement
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let mut best: BTreeMap<String, usize> = BTreeMap::new();
    for (n, c) in claims.iter().enumerate() {
        if c.points <= 0.0 {
            continue;
        }
        let k = key(c);
        match best.get(&k) {
            Some(&b) if claims.get(b).is_some_and(|b| b.points >= c.points) => {}
            _ => {
                best.insert(k, n);
            }
        }
    }
    let kept: Vec<(Text, f64)> = claims.iter().map(|c| (c.title.clone(), c.points)).collect();
    for (n, c) in claims.iter_mut().enumerate() {
        let Some(&b) = best.get(&key(c)) else {
            continue;
        };
        if b == n || c.points <= 0.0 {
            continue;
        }
        let Some((by, points)) = kept.get(b) else {
            continue;
        };
        let points = crate::score::round2(*points);
        c.points = 0.0;
        c.reasons.push(text(
            format!("同一荣誉已按“{}”计 {points} 分，不重复加分", by.zh),
            format!(
                "the same honour already counts as \"{}\" ({points} points); it is not added twice",
                by.en
            ),
        ));
    }
}

fn text(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text {
        zh: zh.into(),
        en: en.into(),
    }
}
