//! Rolling item outcomes up to groups, a total and a grade.
//!
//! The rules an auditor applies, in one place: the not-applicable policy (excluded points leave
//! the denominator and the score is rescaled to the total), bonus claims capped, the grade band by
//! score, the top grade guarded by core items, and vetoes (一票否决) that set the worst grade
//! whatever the score. Every decision is written down in `grade_reasons`.
//!
//! A core item the community declared out itself (not applicable, waived, 无此情形) counts as
//! met for the core rule only with the standard's `approver` confirming it in review.yaml; its
//! score is unchanged. Items declared 无此情形 score by `scoring.no_case` (excluded or full
//! points); a bonus claim that does not count says why among the grade reasons.
//!
//! The reviewer's re-scores (复评分, `review.yaml`) give a second total beside the self-score. Both
//! totals go through the same [`Rules`], so a rule changed for one is changed for the other.
//!
//! Scoring reads the pack's declarations only as `crate::declare` resolved them — re-scores,
//! vetoes and bonus claims already checked against the standard — and never the pack itself.

use std::collections::BTreeMap;

use crate::check::Evaluation;
use crate::declare::{Declarations, Declared};
use crate::outcome::{
    BonusOutcome, GradeInfo, GroupOutcome, ItemOutcome, PackInfo, Results, ReviewSummary,
    ScoreSummary, StandardInfo, Status, StatusCounts, ToolInfo, VetoOutcome, SCHEMA_VERSION,
};
use crate::standard::model::{NoCasePolicy, NotApplicablePolicy, Standard, Text};
use crate::standard::StandardIndex;

/// Rounds to 2 decimals, the precision of a score sheet.
pub use crate::outcome::round2;

fn text(zh: String, en: String) -> Text {
    Text { zh, en }
}

/// Builds the results of a pack from the decisions on its leaves and its resolved declarations
/// (re-scores, vetoes, bonus claims). `pack` is what the results record of the pack
/// (`crate::evidence::seal::pack_info`).
pub fn score(
    standard: &Standard,
    digest: &str,
    pack: PackInfo,
    declarations: &Declarations,
    evaluation: Evaluation,
) -> Results {
    let Evaluation {
        mut items,
        mut problems,
        evidence_quality,
    } = evaluation;
    // What the files said, then what the declarations say.
    problems.extend(declarations.problems().iter().cloned());
    let policy = standard.scoring.not_applicable;
    let no_case = standard.scoring.no_case;
    for item in &mut items {
        if item.by_profile {
            item.score = 0.0;
        } else if item.no_case {
            item.score = match no_case {
                NoCasePolicy::Award => item.points,
                NoCasePolicy::Exclude => 0.0,
            };
        } else if matches!(item.status, Status::NotApplicable | Status::Waived) {
            item.score = match policy {
                NotApplicablePolicy::Award => item.points,
                NotApplicablePolicy::Exclude | NotApplicablePolicy::Zero => 0.0,
            };
        }
    }
    let counted = |i: &ItemOutcome| counted(i, policy, no_case);

    let groups = roll_up(standard, &items, &counted);

    for item in &mut items {
        item.review = declarations.leaf(&item.id).rescore.clone();
    }
    let mut bonus_reasons = Vec::new();
    let bonus_claims = declarations.bonus().to_vec();
    let bonus = bonus(standard, &bonus_claims, &mut bonus_reasons);
    let vetoes = declarations.vetoes().to_vec();
    let unconfirmed = unconfirmed_core(standard, declarations, &items);
    let rules = Rules {
        standard,
        counted: &counted,
        bonus,
        bonus_reasons: &bonus_reasons,
        vetoes: &vetoes,
        unconfirmed: &unconfirmed,
    };
    let core_met = |i: &ItemOutcome| core_met_by_status(i) && !unconfirmed.contains_key(&i.id);

    let own = rules.tally(&items, &|i| i.score, &core_met);
    let review = items.iter().any(|i| i.review.is_some()).then(|| {
        let reviewed = rules.tally(
            &items,
            &|i| i.review.as_ref().map_or(i.score, |r| r.score),
            &|i| match &i.review {
                Some(r) => r.score >= i.points,
                None => core_met(i),
            },
        );
        ReviewSummary {
            total: reviewed.total,
            grade: reviewed.grade,
            grade_reasons: reviewed.reasons,
            core_unmet: reviewed.core_unmet,
            changed_items: items
                .iter()
                .filter(|i| i.review.as_ref().is_some_and(|r| r.score != i.score))
                .map(|i| i.id.clone())
                .collect(),
        }
    });
    let counts = count(items.iter());
    let total = standard.scoring.total;

    let results = Results {
        schema_version: SCHEMA_VERSION,
        tool: ToolInfo {
            name: "changai".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        standard: StandardInfo {
            id: standard.id.clone(),
            version: standard.version.clone(),
            title: standard.title.clone(),
            issuer: standard.issuer.clone(),
            levels: standard.levels.clone(),
            unit: Some(standard.unit.clone()),
            report_title: Some(standard.report_title()),
            profile: None,
            source: standard.source.clone(),
            provenance: Text {
                zh: standard.provenance.clone(),
                en: standard.provenance_en.clone(),
            },
            approver: standard.scoring.approver.clone(),
            terms: standard.terms.clone(),
            not_applicable: policy,
            no_case,
            digest: digest.to_owned(),
        },
        pack,
        score: ScoreSummary {
            total: own.total,
            max: total,
            items_score: round2(own.items_score),
            items_max: round2(own.items_max),
            bonus: round2(bonus),
            grade: own.grade,
            grade_reasons: own.reasons,
            core_unmet: own.core_unmet,
            vetoes,
            bonus_claims,
            counts,
            review,
        },
        groups,
        items,
        problems,
        evidence_quality,
        plan: None,
        seal: None,
    };
    // Unsealed: the pipeline adds the task list and the profile, then seals the whole once.
    results
}

/// Whether an item's points stay in the denominator: the one rule the total, the groups and
/// every report's "counted" follow. An item declared 无此情形 counts under `no_case: award` (it
/// earns its points); a not-applicable or waived one leaves under `not_applicable: exclude`.
pub fn counted(
    i: &ItemOutcome,
    not_applicable: NotApplicablePolicy,
    no_case: NoCasePolicy,
) -> bool {
    if i.by_profile {
        // outside the selected profile: never in a denominator, whatever the policies say
        return false;
    }
    if i.no_case {
        return no_case == NoCasePolicy::Award;
    }
    !(not_applicable == NotApplicablePolicy::Exclude
        && matches!(i.status, Status::NotApplicable | Status::Waived))
}

/// The core items the community declared out of the assessment itself (not applicable, waived,
/// 无此情形) without the standard's approver confirming it in the review file, each with the
/// sentence that says so. They are unmet for the core-item rule; their score is unchanged.
fn unconfirmed_core(
    standard: &Standard,
    declarations: &Declarations,
    items: &[ItemOutcome],
) -> BTreeMap<String, Text> {
    let approver = standard
        .scoring
        .approver
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty());
    let mut out = BTreeMap::new();
    for i in items.iter().filter(|i| i.core && !i.by_profile) {
        let declared = &declarations.leaf(&i.id).state;
        let (zh, en) = match declared {
            Declared::Assessed => continue,
            Declared::NotApplicable { .. } => (
                "由社区自行申报不适用",
                "declared not applicable by the community itself",
            ),
            Declared::Waived { .. } => ("由社区申报豁免", "declared waived by the community"),
            Declared::NoCase { .. } => (
                "由社区申报本年度无此情形",
                "declared to have no case this year by the community",
            ),
        };
        let confirmed =
            approver.is_some_and(|a| declarations.leaf(&i.id).confirmed_by(a).is_some());
        if confirmed {
            continue;
        }
        let id = &i.id;
        let why = match approver {
            Some(a) => text(
                format!("核心项 {id} {zh}，未经{a}确认，按未达标计"),
                format!("core item {id} is {en} without the confirmation of {a}; it counts as not met"),
            ),
            None => text(
                format!("核心项 {id} {zh}，标准没有规定由谁确认，按未达标计"),
                format!("core item {id} is {en} and the standard names no approver to confirm it; it counts as not met"),
            ),
        };
        out.insert(id.clone(), why);
    }
    out
}

/// Whether an item counts as met for the core-item rule of the top grade, by its status.
fn core_met_by_status(i: &ItemOutcome) -> bool {
    matches!(
        i.status,
        Status::Met | Status::NotApplicable | Status::Waived
    )
}

/// The rules that turn item scores into a total and a grade. The self-score and the reviewed
/// score (复评) both go through [`Rules::tally`]; only the score of each item and whether it is
/// met for the core rule differ.
struct Rules<'a> {
    standard: &'a Standard,
    /// Whether an item stays in the denominator (the not-applicable policy).
    counted: &'a dyn Fn(&ItemOutcome) -> bool,
    /// Bonus granted, after the cap, and the sentences that say so.
    bonus: f64,
    bonus_reasons: &'a [Text],
    vetoes: &'a [VetoOutcome],
    /// Core items declared out without the approver's confirmation, and why.
    unconfirmed: &'a BTreeMap<String, Text>,
}

/// A total and its grade.
struct Tally {
    items_score: f64,
    items_max: f64,
    total: f64,
    core_unmet: Vec<String>,
    grade: GradeInfo,
    reasons: Vec<Text>,
}

impl Rules<'_> {
    fn tally(
        &self,
        items: &[ItemOutcome],
        score_of: &dyn Fn(&ItemOutcome) -> f64,
        core_met: &dyn Fn(&ItemOutcome) -> bool,
    ) -> Tally {
        let standard = self.standard;
        let counted = |i: &&ItemOutcome| (self.counted)(i);
        let items_score: f64 = items.iter().filter(counted).map(score_of).sum();
        let items_max: f64 = items.iter().filter(counted).map(|i| i.points).sum();
        let total = standard.scoring.total;
        let mut reasons = Vec::new();
        // rescaled when points left the denominator: not-applicable items under `exclude`, or
        // 无此情形 under its own `exclude`, whatever the not-applicable policy
        let left = items.iter().any(|i| !(self.counted)(i));
        let base = if left && items_max > 0.0 && items_max < total {
            // which items left: outside the selected profile, declared out, or both
            let by_profile = items.iter().any(|i| i.by_profile);
            let declared = items.iter().any(|i| !i.by_profile && !(self.counted)(i));
            let (zh, en) = match (by_profile, declared) {
                (true, false) => (
                    "不在所选档次内的条目不计分母",
                    "items outside the selected profile leave the denominator",
                ),
                (true, true) => (
                    "不在所选档次内的条目和不适用、豁免条目不计分母",
                    "items outside the selected profile and not-applicable and waived items leave the denominator",
                ),
                _ => (
                    "不适用、豁免条目不计分母",
                    "not-applicable and waived items leave the denominator",
                ),
            };
            reasons.push(text(
                format!(
                    "{zh}：按 {} 分折算为 {} 分制",
                    round2(items_max),
                    round2(total)
                ),
                format!(
                    "{en}: {} points rescaled to {}",
                    round2(items_max),
                    round2(total)
                ),
            ));
            items_score / items_max * total
        } else {
            items_score
        };
        reasons.extend(self.bonus_reasons.iter().cloned());
        let final_total = round2(base + self.bonus);
        let core_unmet: Vec<String> = standard
            .scoring
            .core
            .iter()
            .filter(|id| {
                items
                    .iter()
                    .find(|i| &i.id == *id)
                    .is_some_and(|i| !core_met(i))
            })
            .cloned()
            .collect();
        // Which grade the core rule guards, to say what an unconfirmed declaration costs.
        let guarded = match &standard.scoring.core_grade {
            Some(id) => standard.scoring.grades.iter().find(|b| &b.id == id),
            None => standard.scoring.grades.first(),
        };
        for id in &core_unmet {
            if let Some(why) = self.unconfirmed.get(id) {
                let mut why = why.clone();
                if let Some(g) = guarded {
                    why.zh.push_str(&format!("，不能评为{}", g.title.zh));
                    why.en.push_str(&format!(": not {}", g.title.en));
                }
                reasons.push(why);
            }
        }
        let grade = grade(
            standard,
            final_total,
            &core_unmet,
            self.vetoes,
            &mut reasons,
        );
        Tally {
            items_score,
            items_max,
            total: final_total,
            core_unmet,
            grade,
            reasons,
        }
    }
}

fn count<'a>(items: impl Iterator<Item = &'a ItemOutcome>) -> StatusCounts {
    let mut c = StatusCounts::default();
    for i in items {
        add(&mut c, i.status);
    }
    c
}

/// The outcome of every group, in tree order, in one pass: each assessed item is added to the
/// group it belongs to (its parent, or for a group's own part the group itself), then, walking the
/// tree backwards so that every child comes before its parent, each group's sums are added to
/// its parent's. The cost grows with the number of nodes, whatever the depth.
fn roll_up(
    standard: &Standard,
    items: &[ItemOutcome],
    counted: &dyn Fn(&ItemOutcome) -> bool,
) -> Vec<GroupOutcome> {
    #[derive(Default, Clone)]
    struct Sum {
        points: f64,
        score: f64,
        counts: StatusCounts,
    }
    let index = StandardIndex::of(standard);
    let mut sums = vec![Sum::default(); index.nodes().len()];
    for item in items {
        let Some(at) = index.position(&item.id) else {
            continue;
        };
        let Some(node) = index.node(at) else { continue };
        let group = if node.item.is_leaf() {
            node.parent
        } else {
            Some(at)
        };
        if let Some(sum) = group.and_then(|g| sums.get_mut(g)) {
            if counted(item) {
                sum.points += item.points;
                sum.score += item.score;
            }
            add(&mut sum.counts, item.status);
        }
    }
    for at in (0..sums.len()).rev() {
        let Some(parent) = index.node(at).and_then(|n| n.parent) else {
            continue;
        };
        let child = sums.get(at).cloned().unwrap_or_default();
        if let Some(p) = sums.get_mut(parent) {
            p.points += child.points;
            p.score += child.score;
            p.counts = sum_counts(&p.counts, &child.counts);
        }
    }
    index
        .groups()
        .map(|(at, node)| {
            let sum = sums.get(at).cloned().unwrap_or_default();
            GroupOutcome {
                id: node.item.id.clone(),
                title: node.item.title.clone(),
                level: node.depth + 1,
                parent: node
                    .parent
                    .and_then(|p| index.node(p))
                    .map(|p| p.item.id.clone()),
                points: round2(sum.points),
                score: round2(sum.score),
                counts: sum.counts,
                source: node.item.source.clone(),
            }
        })
        .collect()
}

fn add(c: &mut StatusCounts, status: Status) {
    match status {
        Status::Met => c.met += 1,
        Status::Partial => c.partial += 1,
        Status::Unmet => c.unmet += 1,
        Status::NotApplicable => c.not_applicable += 1,
        Status::Waived => c.waived += 1,
        Status::Error => c.error += 1,
    }
}

fn sum_counts(a: &StatusCounts, b: &StatusCounts) -> StatusCounts {
    StatusCounts {
        met: a.met + b.met,
        partial: a.partial + b.partial,
        unmet: a.unmet + b.unmet,
        not_applicable: a.not_applicable + b.not_applicable,
        waived: a.waived + b.waived,
        error: a.error + b.error,
    }
}

/// Reasons joined by `sep`; when every one ends in the same consequence (`tail`, "; it earns
/// nothing"), it is said once, at the end.
fn join_once(parts: &[&str], sep: &str, tail: &str) -> String {
    if parts.len() > 1 && parts.iter().all(|p| p.ends_with(tail)) {
        let heads: Vec<&str> = parts
            .iter()
            .map(|p| p.strip_suffix(tail).unwrap_or(p))
            .collect();
        format!("{}{tail}", heads.join(sep))
    } else {
        parts.join(sep)
    }
}

/// The bonus granted (capped) for the claims that stand, and the sentence that says so.
fn bonus(standard: &Standard, claims: &[BonusOutcome], reasons: &mut Vec<Text>) -> f64 {
    let Some(def) = &standard.scoring.bonus else {
        return 0.0;
    };
    let claimed: f64 = claims.iter().map(|c| c.points).sum();
    for c in claims.iter().filter(|c| !c.reasons.is_empty()) {
        let zh: Vec<&str> = c.reasons.iter().map(|r| r.zh.as_str()).collect();
        let en: Vec<&str> = c.reasons.iter().map(|r| r.en.as_str()).collect();
        reasons.push(text(
            format!(
                "加分项“{}”（{}）：{}",
                c.title.zh,
                c.achievement,
                join_once(&zh, "；", "，不计分")
            ),
            format!(
                "bonus \"{}\" ({}): {}",
                c.title.en,
                c.achievement,
                join_once(&en, "; ", "; it earns nothing")
            ),
        ));
    }
    let granted = claimed.min(def.cap).max(0.0);
    if claimed > 0.0 {
        reasons.push(if claimed > def.cap {
            text(
                format!(
                    "加分 {} 分，超过上限，按 {} 分计",
                    round2(claimed),
                    round2(def.cap)
                ),
                format!(
                    "bonus of {} over the cap: {} counted",
                    points_en(round2(claimed)),
                    points_en(round2(def.cap))
                ),
            )
        } else {
            text(
                format!("加分 {} 分", round2(granted)),
                format!("bonus of {}", points_en(round2(granted))),
            )
        });
    }
    granted
}

/// `1 point`, `2.5 points`.
fn points_en(n: f64) -> String {
    if n == 1.0 {
        "1 point".to_owned()
    } else {
        format!("{n} points")
    }
}

fn grade(
    standard: &Standard,
    total: f64,
    core_unmet: &[String],
    vetoes: &[VetoOutcome],
    reasons: &mut Vec<Text>,
) -> GradeInfo {
    let bands = &standard.scoring.grades;
    let info = |i: usize| {
        bands
            .get(i)
            .map(|b| GradeInfo {
                id: b.id.clone(),
                title: b.title.clone(),
            })
            .unwrap_or(GradeInfo {
                id: String::new(),
                title: Text::default(),
            })
    };
    let worst = bands.len().saturating_sub(1);
    let mut band = bands.iter().position(|b| total >= b.min).unwrap_or(worst);
    let by_score = band;
    if let Some(v) = vetoes.first() {
        let ids: Vec<&str> = vetoes.iter().map(|v| v.id.as_str()).collect();
        reasons.push(text(
            format!(
                "一票否决（{}）：不论得分，评为{}",
                v.title.zh,
                info(worst).title.zh
            ),
            format!(
                "veto ({}): graded {} whatever the score",
                ids.join(", "),
                info(worst).title.en
            ),
        ));
        reasons.insert(0, score_reason(standard, total, by_score, worst));
        return info(worst);
    }
    let guarded = match &standard.scoring.core_grade {
        Some(id) => bands.iter().position(|b| &b.id == id),
        None => Some(0),
    };
    if let Some(g) = guarded {
        while band <= g && !core_unmet.is_empty() && band < worst {
            let from = info(band).title;
            band += 1;
            reasons.push(text(
                format!(
                    "核心项 {} 未完成：不能评为{}，降为{}",
                    core_unmet.join("、"),
                    from.zh,
                    info(band).title.zh
                ),
                format!(
                    "core {} {} not met: not {}, graded {}",
                    crate::words::noun(core_unmet.len(), "item"),
                    core_unmet.join(", "),
                    from.en,
                    info(band).title.en
                ),
            ));
        }
    }
    reasons.insert(0, score_reason(standard, total, by_score, band));
    info(band)
}

/// The first grade reason: the score against the band lines. The band the score reaches is
/// "reached" (达到良好线 75 分); the lowest band is not reached but what is left under the line
/// above it (低于合格线 60 分). The grade is named here only when the score alone decides it — a
/// veto or an unmet core item that lowers it says so in its own reason.
fn score_reason(standard: &Standard, total: f64, by_score: usize, graded: usize) -> Text {
    let bands = &standard.scoring.grades;
    let title = |i: usize| bands.get(i).map(|b| b.title.clone()).unwrap_or_default();
    let min = |i: usize| bands.get(i).map_or(0.0, |b| round2(b.min));
    let worst = bands.len().saturating_sub(1);
    let decided = by_score == graded;
    let (t, g) = (title(by_score), title(graded));
    if by_score == worst && (by_score > 0 || total < min(worst)) {
        // Under every line: the line missed is the one above, or the lowest band's own.
        let line = if total < min(worst) {
            worst
        } else {
            by_score - 1
        };
        let l = title(line);
        return text(
            format!(
                "得分 {total} 分，低于{}线 {} 分，评为{}",
                l.zh,
                min(line),
                g.zh
            ),
            format!(
                "score {total} is under the {} line of {}: graded {}",
                l.en,
                min(line),
                g.en
            ),
        );
    }
    if bands.len() <= 1 {
        return text(
            format!("得分 {total} 分，评为{}", g.zh),
            format!("score {total}: graded {}", g.en),
        );
    }
    if decided {
        text(
            format!(
                "得分 {total} 分，达到{}线 {} 分，评为{}",
                t.zh,
                min(by_score),
                t.zh
            ),
            format!(
                "score {total} reaches the {} line of {}: graded {}",
                t.en,
                min(by_score),
                t.en
            ),
        )
    } else {
        text(
            format!("得分 {total} 分，达到{}线 {} 分", t.zh, min(by_score)),
            format!(
                "score {total} reaches the {} line of {}",
                t.en,
                min(by_score)
            ),
        )
    }
}
