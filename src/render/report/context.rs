//! The template context: everything a report shows, computed once from the results.
//!
//! Every format reads this one value — the Markdown and HTML templates, the csv and xlsx writers,
//! and `--format json`, which prints it as is. Templates therefore never compute scores or look
//! things up: texts are already in the report's language, numbers already formatted (`*_text`
//! fields) beside the raw numbers, the rectification list already filtered. A user's template can
//! rely on every key documented in docs/templates.md for the `context_version` it names.

use std::collections::BTreeMap;

use serde::Serialize;

use super::plan::{Plan, Task};
use crate::outcome::{GroupOutcome, ItemOutcome, Results, ScoreSource, Status, StatusCounts};
use crate::standard::model::Text;
use crate::Lang;

/// Version of the template context. Bump when a key is renamed or removed; adding keys is not a
/// breaking change.
pub const CONTEXT_VERSION: u32 = 1;

/// What a report is rendered from.
#[derive(Debug, Clone)]
pub struct ReportInput<'a> {
    pub results: &'a Results,
    /// Last year's results, for the year-over-year section.
    pub previous: Option<&'a Results>,
    /// The year's task list.
    pub plan: Option<&'a Plan>,
    pub lang: Lang,
    /// The report's date: the one timestamp it carries.
    pub date: jiff::civil::Date,
    /// The standard's scoring rules, when known (an evaluated pack, or results of the embedded
    /// standard): the score sheet's formulas rebuild the total and grade from them. Without them
    /// the sheet writes the grade as a labelled value.
    pub scoring: Option<&'a crate::standard::model::Scoring>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Context {
    pub context_version: u32,
    pub lang: Lang,
    /// The report's title, e.g. `灵峰工业社区 2025 年产改工作年底对账复盘报告`.
    pub title: String,
    /// Fixed words of the report in its language (section titles, column names). The words that
    /// depend on the standard come from it: `community` and `sign_community` name its unit
    /// (社区, 企业 …), `report_kind` is its report title, `col_level1`, `col_level2` (and
    /// `col_level3`, …) its level names, `radar` and `bars` the charts' captions by level name.
    pub labels: BTreeMap<&'static str, String>,
    /// Numbered titles of the sections present in this report (`sections.rectification` →
    /// `四、整改清单`); the plan and year-over-year sections are absent without their input.
    pub sections: BTreeMap<&'static str, String>,
    pub cover: Cover,
    pub score: ScoreCtx,
    /// Level-1 areas with their sub-areas (any depth, `children`) and leaves.
    pub areas: Vec<AreaCtx>,
    /// Every area (group) of any level, in tree order: the 分项得分 table.
    pub area_rows: Vec<AreaRow>,
    /// The item-by-item table in tree order: an area's heading row before what it holds, at every
    /// level, then its leaves (`area` or `item` is set).
    pub table: Vec<TableRow>,
    /// Every leaf, in tree order.
    pub items: Vec<ItemCtx>,
    /// Partial, unmet and error leaves: the rectification list (整改清单).
    pub rectification: Vec<RectificationCtx>,
    pub plan: Option<PlanCtx>,
    pub previous: Option<PreviousCtx>,
    pub problems: Vec<ProblemCtx>,
    /// Files discounted or doubted for what they are (the results' evidence-quality list), in
    /// path order; the section is present when there is one.
    pub evidence_quality: Vec<FindingCtx>,
    /// The list in one line ("证据问题：3 个文件未计入（…）"), "" when it is empty.
    pub evidence_summary: String,
    /// For the rectification list: one line per file not counted, naming it and what to fix.
    pub rectification_files: Vec<String>,
    pub charts: Charts,
    /// The appendix for the standard's authors: per leaf, each check's plain requirement and its
    /// technical detail (globs, keys, expressions). The one place of a report where such syntax
    /// appears; empty for results written before version 3, which carry neither.
    pub appendix: Vec<AppendixItem>,
    /// The standard's defined terms (术语), printed in their own section before the signatures;
    /// empty when it defines none.
    pub terms: Vec<TermCtx>,
}

impl Context {
    /// A fixed word of the report (see [`Context::labels`]); "" for an unknown key.
    pub fn label(&self, key: &str) -> &str {
        self.labels.get(key).map(String::as_str).unwrap_or_default()
    }
}

/// One defined term of the standard, in the report's language.
#[derive(Debug, Clone, Serialize)]
pub struct TermCtx {
    pub term: String,
    pub definition: String,
}

/// What the standard's source supports for an item, in the report's language.
#[derive(Debug, Clone, Serialize)]
pub struct BasisCtx {
    /// How the topic is grounded, in plain words.
    pub topic: String,
    /// How the scored rule is grounded, in plain words.
    pub rule: String,
    /// A short quote from the source and what was reconstructed.
    pub note: String,
}

impl BasisCtx {
    pub fn new(b: &crate::standard::model::Basis, lang: Lang) -> Self {
        let note = match lang {
            Lang::Zh if !b.note.trim().is_empty() => &b.note,
            Lang::En if !b.note_en.trim().is_empty() => &b.note_en,
            _ if b.note.trim().is_empty() => &b.note_en,
            _ => &b.note,
        };
        BasisCtx {
            topic: b.topic.describe(lang).to_owned(),
            rule: b.rule.describe(lang).to_owned(),
            note: note.clone(),
        }
    }
}

/// One leaf of the authors' appendix.
#[derive(Debug, Clone, Serialize)]
pub struct AppendixItem {
    pub id: String,
    pub title: String,
    /// What the standard's source supports for the item, when the standard says.
    pub basis: Option<BasisCtx>,
    /// Its checks, depth first (a composite before the checks under it).
    pub checks: Vec<AppendixCheck>,
}

/// One check of the authors' appendix.
#[derive(Debug, Clone, Serialize)]
pub struct AppendixCheck {
    /// Its place in the item: `1`, `2`, `2.1` (the first check under the second).
    pub no: String,
    /// 0 for a check of the item, 1 for a check under a composite, …
    pub depth: usize,
    /// `files`, `records`, `value`, `expr`, `schema`, `text`, `attest`, `all`, `any`, `at_least`.
    pub kind: String,
    /// What the check asks for, in plain words.
    pub requires: String,
    /// The technical trace, code in `` `backticks` ``.
    pub detail: Vec<String>,
}

/// One area (group) of any level, for tables that list every level.
#[derive(Debug, Clone, Serialize)]
pub struct AreaRow {
    pub id: String,
    pub title: String,
    /// 1 for the outermost level.
    pub level: usize,
    /// The standard's name of its level (一级标准, Function …).
    pub level_name: String,
    /// Ids of the enclosing areas, outermost first, joined with ` › ` ("" at level 1).
    pub path_text: String,
    /// `labels.gap` once per level below the first: the indent of a sub-area's row.
    pub indent: String,
    pub points_text: String,
    pub score_text: String,
    pub ratio: f64,
    pub percent_text: String,
    pub counts: StatusCounts,
}

/// One row of the item-by-item table: an area's heading, a leaf, or (`ungrouped`) the heading
/// over top-level leaves that follow an area, so that they do not read as part of it.
#[derive(Debug, Clone, Serialize)]
pub struct TableRow {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<AreaRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<ItemCtx>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub ungrouped: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cover {
    pub community: String,
    /// What the standard assesses, in the report's language (社区, enterprise …).
    pub unit: String,
    /// The report's title after the unit's name and the period (the standard's `report_title`).
    pub report_title: String,
    pub period: String,
    pub period_from: String,
    pub period_to: String,
    pub standard_id: String,
    pub standard_version: String,
    pub standard_title: String,
    /// The body that issues the standard (发布单位); "" for results written before it was recorded.
    pub issuer: String,
    /// How faithful the standard is to its source (e.g. a reconstruction from a news report), in
    /// full; "" when the standard makes no such statement. When not empty the cover carries a
    /// short reconstruction notice and the footer this text.
    pub provenance: String,
    /// Where the standard comes from (document, article); "" when unknown.
    pub source: String,
    /// The body that signs and seals beside the community: the standard's approving role when it
    /// names one (e.g. 区总工会), else the issuer.
    pub signer: String,
    /// Names of the standard's levels, outermost first.
    pub levels: Vec<String>,
    pub preparer: String,
    /// YYYY-MM-DD.
    pub date: String,
    /// The date as people write it: `2025年12月31日` or `31 December 2025`.
    pub date_text: String,
    pub digest: String,
    pub files: usize,
    pub tool: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoreCtx {
    pub total: f64,
    pub total_text: String,
    pub max: f64,
    pub max_text: String,
    /// total / max, 0..1 (may exceed 1 with bonus).
    pub ratio: f64,
    pub percent_text: String,
    pub items_score: f64,
    pub items_score_text: String,
    /// Points of the items that counted: below `max` when not-applicable items left the denominator.
    pub items_max: f64,
    pub items_max_text: String,
    /// items_score / items_max, before rescaling and bonus.
    pub items_percent_text: String,
    pub bonus: f64,
    pub bonus_text: String,
    pub grade_id: String,
    pub grade: String,
    pub grade_reasons: Vec<String>,
    pub core_unmet: Vec<Named>,
    /// Items in error: their data could not be read, so they score 0 and stay in the denominator.
    pub error_items: Vec<Named>,
    /// Not-applicable and waived items: out of the count, and (when the standard says so) out of
    /// the denominator.
    pub excluded_items: Vec<ExcludedCtx>,
    pub vetoes: Vec<VetoCtx>,
    pub bonus_claims: Vec<BonusCtx>,
    pub counts: StatusCounts,
    /// The counts with their labels, in a fixed order, zeros included.
    pub status_counts: Vec<StatusCount>,
    /// The reviewed total (复评), when the review re-scored some items; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<ReviewCtx>,
    /// The community's result: the reviewed total and grade when there is a review, else the
    /// self-score (`total`, `grade` above). Cover, overview, signature and the score sheet's
    /// headline show this; with a review they show the self-score beside it.
    pub decisive: DecisiveCtx,
}

/// The total and grade that decide (`ScoreSummary::decisive`), formatted, with their labels.
#[derive(Debug, Clone, Serialize)]
pub struct DecisiveCtx {
    pub total: f64,
    pub total_text: String,
    /// total / max, 0..1 (may exceed 1 with bonus).
    pub ratio: f64,
    pub percent_text: String,
    pub grade_id: String,
    pub grade: String,
    /// `review` or `self`.
    pub source: ScoreSource,
    /// 复评总分 / 总得分 in the report's language.
    pub total_label: String,
    /// 复评等级 / 评定等级 in the report's language.
    pub grade_label: String,
}

/// The total after the reviewer's re-scores, beside the self-score.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewCtx {
    pub total: f64,
    pub total_text: String,
    pub grade_id: String,
    pub grade: String,
    pub grade_reasons: Vec<String>,
    pub core_unmet: Vec<Named>,
    /// Re-scored items whose re-score differs from the self-score, in tree order.
    pub changed_items: Vec<ChangedCtx>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangedCtx {
    pub id: String,
    pub title: String,
    pub points_text: String,
    pub score_text: String,
    pub review_text: String,
    /// review − self-score, signed: `-0.5`, `+0.5`.
    pub change_text: String,
    pub by: String,
    pub date: String,
    pub comment: String,
}

/// One item's re-score.
#[derive(Debug, Clone, Serialize)]
pub struct ItemReviewCtx {
    pub score: f64,
    pub score_text: String,
    pub by: String,
    pub date: String,
    pub comment: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Named {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExcludedCtx {
    pub id: String,
    pub title: String,
    pub status: Status,
    pub status_label: String,
    /// Why: the declaration or the waiver, as the evaluation recorded it.
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VetoCtx {
    pub id: String,
    pub title: String,
    pub note: String,
    /// `pack` or `review`.
    pub source: String,
    /// Who declared it, in words: 证据包申报 / 复评认定.
    pub source_label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BonusCtx {
    pub id: String,
    pub title: String,
    pub points: f64,
    pub points_text: String,
    pub note: String,
    pub evidence: Vec<String>,
    /// The claim earned nothing because its evidence is not in the pack (a problem names it).
    pub evidence_missing: bool,
    /// Why it counts or not, in plain words: for a claim that earns nothing, the reasons the
    /// score gave (not awarded in the period, no certificate, the same honour counted at a higher
    /// level); for one that counts, that it was awarded in the period with its certificate, and
    /// that it is the one level counted when the same honour was claimed at several.
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusCount {
    pub status: Status,
    pub label: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaCtx {
    pub id: String,
    pub title: String,
    pub level: usize,
    pub points: f64,
    pub points_text: String,
    pub score: f64,
    pub score_text: String,
    /// score / points, 0..1 (0 when the area has no points).
    pub ratio: f64,
    pub percent_text: String,
    pub counts: StatusCounts,
    /// Sub-areas (level 2 under a level-1 area; empty under level 2).
    pub children: Vec<AreaCtx>,
    /// Leaves directly under this area.
    pub items: Vec<ItemCtx>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemCtx {
    /// 序号, 1-based, in tree order.
    pub no: usize,
    pub id: String,
    pub title: String,
    /// Title of the enclosing level-1 area.
    pub level1: String,
    /// Title of the enclosing level-2 area ("" when there is none).
    pub level2: String,
    /// Ids of the enclosing areas, outermost first.
    pub path: Vec<String>,
    /// The same joined with ` › `: `A › A1`.
    pub path_text: String,
    /// Titles of the enclosing areas below level 1, outermost first, joined with ` › ` (the level-2
    /// title in a three-level standard; "" directly under a level-1 area).
    pub subareas: String,
    /// The leaf's level, 1 for the outermost.
    pub level: usize,
    /// The standard's name of that level (三级标准, Subcategory …).
    pub level_name: String,
    pub status: Status,
    pub status_label: String,
    pub core: bool,
    /// Whether the item's points stay in the denominator, as the score decided it
    /// (`crate::score::counted`: the standard's not-applicable and 无此情形 policies). An item not
    /// counted shows its score as a dash rather than a 0 that reads like a failure.
    pub counted: bool,
    pub points: f64,
    pub points_text: String,
    pub score: f64,
    pub score_text: String,
    /// What was found, in plain words.
    pub reasons: Vec<String>,
    /// What is missing and what to do, for an item not met (empty when met): the 说明 column leads
    /// with it, and the 整改清单 shows it.
    pub shortfall: Vec<String>,
    pub evidence: Vec<String>,
    /// Planned tasks for this item.
    pub tasks: Vec<Task>,
    /// The reviewer's re-score (复评分), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<ItemReviewCtx>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RectificationCtx {
    pub no: usize,
    pub id: String,
    pub title: String,
    pub level1: String,
    pub level2: String,
    /// Titles of every enclosing area, outermost first.
    pub area_titles: Vec<String>,
    pub status: Status,
    pub status_label: String,
    pub points_text: String,
    pub score_text: String,
    /// Points lost: points − score.
    pub lost: f64,
    pub lost_text: String,
    /// What is missing and what to do: the item's shortfall, the same text as the terminal's
    /// line. For results written before version 3 (no shortfall), the reasons of the checks that
    /// fell short, else the item's reasons.
    pub missing: Vec<String>,
    /// From the plan's tasks for the item; "" when the plan says nothing (a blank to fill in).
    pub owner: String,
    pub deadline: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanCtx {
    pub tasks: Vec<PlanTaskCtx>,
    pub total: usize,
    /// Tasks whose item is met.
    pub achieved: usize,
    /// Tasks whose item is partial, unmet or in error.
    pub not_achieved: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanTaskCtx {
    pub no: usize,
    pub task: String,
    pub item: String,
    pub item_title: String,
    pub owner: String,
    pub deadline: String,
    /// 完成情况 as the plan says.
    pub reported: String,
    /// The item's status, or `null` when the task names no known item.
    pub item_status: Option<Status>,
    /// The item's status in words, or a note that the item is unknown.
    pub item_status_label: String,
    pub achieved: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PreviousCtx {
    pub period: String,
    pub standard_version: String,
    /// Whether last year used the same standard id and version (when not, compare with care).
    pub same_standard: bool,
    pub total_text: String,
    pub grade: String,
    pub total_change: f64,
    pub total_change_text: String,
    /// Level-1 and level-2 areas, now and then.
    pub areas: Vec<AreaChange>,
    /// Items not met now that were met (or not applicable, or waived) last year.
    pub newly_unmet: Vec<ItemChange>,
    /// Items met now that were partial, unmet or in error last year.
    pub newly_met: Vec<ItemChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaChange {
    pub id: String,
    pub title: String,
    pub level: usize,
    /// `labels.gap` once per level below the first.
    pub indent: String,
    pub before_text: String,
    pub now_text: String,
    pub change: f64,
    pub change_text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemChange {
    pub id: String,
    pub title: String,
    pub level1: String,
    pub before: String,
    pub now: String,
    pub change_text: String,
}

/// One file of the evidence-quality list, in the report's language.
#[derive(Debug, Clone, Serialize)]
pub struct FindingCtx {
    pub no: usize,
    pub path: String,
    /// The stable word (`wrong_type`, `copy`, …).
    pub kind: crate::outcome::FindingKind,
    /// 类型不符, 重复文件, … in the report's language.
    pub kind_label: String,
    pub counted: bool,
    /// 未计入 / 已计入，存疑.
    pub counted_label: String,
    /// The items whose checks met the file.
    pub items: Vec<String>,
    pub reason: String,
    pub fix: String,
    /// The original a copy duplicates.
    pub related: Vec<String>,
    /// What is wrong and what to do, in one sentence (the rectification list's words).
    pub todo: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProblemCtx {
    pub severity: String,
    /// 错误 / 警告 in the report's language.
    pub severity_label: String,
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
    /// The item or bonus claim it concerns, where known.
    pub item: Option<String>,
    pub help: Option<String>,
}

/// Geometry of the charts, computed here so templates only draw.
#[derive(Debug, Clone, Serialize)]
pub struct Charts {
    /// How the level-1 areas are drawn: `radar` for 3 to [`RADAR_MAX`] areas, else `bars` (a
    /// radar's labels collide beyond that, and fewer than 3 axes make no polygon).
    pub kind: &'static str,
    pub radar: Radar,
}

/// The most level-1 areas a radar is drawn for: at 420 px with two-line labels, 12 axes (30°
/// apart) keep their labels apart; at 14 they overlap. More areas are drawn as bars.
pub const RADAR_MAX: usize = 12;

/// A radar of the level-1 areas in a `size`×`size` box; drawn only with 3 or more axes.
#[derive(Debug, Clone, Serialize)]
pub struct Radar {
    pub size: u32,
    pub center: f64,
    pub radius: f64,
    /// Polygons at 25, 50, 75 and 100 %, as SVG `points`.
    pub rings: Vec<String>,
    pub axes: Vec<RadarAxis>,
    /// The score polygon, as SVG `points`.
    pub shape: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RadarAxis {
    pub id: String,
    pub title: String,
    pub percent_text: String,
    pub x: f64,
    pub y: f64,
    pub px: f64,
    pub py: f64,
    pub label_x: f64,
    pub label_y: f64,
    /// `id title`, wrapped into at most two short lines so long area names are not cut off.
    pub label_lines: Vec<String>,
    /// `start`, `middle` or `end`.
    pub anchor: &'static str,
}

pub use crate::render::num::num;
use crate::render::num::{percent, signed};

fn ratio(score: f64, points: f64) -> f64 {
    if points > 0.0 {
        score / points
    } else {
        0.0
    }
}

/// The report date from `SOURCE_DATE_EPOCH` (UTC, as reproducible builds define it), else today.
pub fn report_date(
    source_date_epoch: Option<&str>,
) -> Result<jiff::civil::Date, crate::diagnostic::Diagnostic> {
    match source_date_epoch.map(str::trim).filter(|s| !s.is_empty()) {
        Some(text) => {
            let bad = || {
                crate::diagnostic::Diagnostic::error(
                    "source-date-epoch",
                    "",
                    format!("环境变量 SOURCE_DATE_EPOCH 的值“{text}”不是可用的秒数"),
                    format!("SOURCE_DATE_EPOCH `{text}` is not a number of seconds in range"),
                )
            };
            let seconds: i64 = text.parse().map_err(|_| bad())?;
            let ts = jiff::Timestamp::from_second(seconds).map_err(|_| bad())?;
            Ok(ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date())
        }
        None => Ok(jiff::ZonedDateTime::now().date()),
    }
}

fn date_text(date: jiff::civil::Date, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
        Lang::En => date.strftime("%-d %B %Y").to_string(),
    }
}

fn status_not_met(status: Status) -> bool {
    matches!(status, Status::Partial | Status::Unmet | Status::Error)
}

/// Builds the context.
/// Why a bonus claim counts or not (see [`BonusCtx::reasons`]).
fn bonus_reasons(
    claim: &crate::outcome::BonusOutcome,
    all: &[crate::outcome::BonusOutcome],
    lang: Lang,
) -> Vec<String> {
    if !claim.reasons.is_empty() {
        return claim
            .reasons
            .iter()
            .map(|t| t.get(lang).to_owned())
            .collect();
    }
    let mut out = Vec::new();
    let points = num(claim.points);
    match (&claim.awarded, claim.evidence.is_empty()) {
        (Some(day), false) => out.push(match lang {
            Lang::Zh => format!("获奖日期 {day} 在评价期内，附有获奖证书，计 {points} 分"),
            Lang::En => format!(
                "awarded on {day}, inside the review period, with its certificate: {points} counted"
            ),
        }),
        _ => out.push(match lang {
            Lang::Zh => format!("计 {points} 分"),
            Lang::En => format!("{points} counted"),
        }),
    }
    let key = |c: &crate::outcome::BonusOutcome| -> String {
        c.achievement
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let lower: Vec<&str> = all
        .iter()
        .filter(|c| !std::ptr::eq(*c, claim) && c.points == 0.0 && key(c) == key(claim))
        .map(|c| c.title.get(lang))
        .collect();
    if !lower.is_empty() && !key(claim).is_empty() {
        out.push(match lang {
            Lang::Zh => format!("同一荣誉另按“{}”申报，只按最高一级计一次", lower.join("”“")),
            Lang::En => format!(
                "the same honour also claimed as \"{}\": counted once, at its highest level",
                lower.join("\", \"")
            ),
        });
    }
    out
}

pub fn build(input: &ReportInput<'_>) -> Context {
    let lang = input.lang;
    let r = input.results;
    let t = |text: &Text| text.get(lang).to_owned();
    let group_titles: BTreeMap<&str, &GroupOutcome> =
        r.groups.iter().map(|g| (g.id.as_str(), g)).collect();
    let item_by_id: BTreeMap<&str, &ItemOutcome> =
        r.items.iter().map(|i| (i.id.as_str(), i)).collect();
    let labels = super::labels::labels(lang);
    let level_name = |level: usize| level_name(&r.standard.levels, level, lang);

    let items: Vec<ItemCtx> = r
        .items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let title_at = |depth: usize| {
                item.path
                    .get(depth)
                    .and_then(|id| group_titles.get(id.as_str()))
                    .map(|g| t(&g.title))
                    .unwrap_or_default()
            };
            ItemCtx {
                no: index + 1,
                id: item.id.clone(),
                title: t(&item.title),
                level1: title_at(0),
                level2: title_at(1),
                path: item.path.clone(),
                path_text: item.path.join(PATH_SEPARATOR),
                subareas: (1..item.path.len())
                    .map(title_at)
                    .collect::<Vec<_>>()
                    .join(PATH_SEPARATOR),
                level: item.path.len() + 1,
                level_name: level_name(item.path.len() + 1),
                status: item.status,
                status_label: t(&item.status_label()),
                core: item.core,
                counted: crate::score::counted(item, r.standard.not_applicable, r.standard.no_case),
                points: item.points,
                points_text: num(item.points),
                score: item.score,
                score_text: num(item.score),
                reasons: item.reasons.iter().map(t).collect(),
                shortfall: item.shortfall.iter().map(t).collect(),
                evidence: item.evidence.iter().map(|e| e.path.clone()).collect(),
                tasks: input
                    .plan
                    .map(|p| p.tasks_for(&item.id).cloned().collect())
                    .unwrap_or_default(),
                review: item.review.as_ref().map(|rv| ItemReviewCtx {
                    score: rv.score,
                    score_text: num(rv.score),
                    by: rv.by.clone(),
                    date: rv.date.clone(),
                    comment: rv.comment.clone(),
                }),
            }
        })
        .collect();

    let areas = build_areas(r, &items, lang);

    let rectification = items
        .iter()
        .zip(&r.items)
        .filter(|(i, _)| status_not_met(i.status))
        .enumerate()
        .map(|(index, (i, outcome))| {
            let join = |f: fn(&Task) -> &str| {
                let mut seen: Vec<&str> = Vec::new();
                for value in i.tasks.iter().map(f).filter(|v| !v.is_empty()) {
                    if !seen.contains(&value) {
                        seen.push(value);
                    }
                }
                seen.join(if lang == Lang::Zh { "、" } else { ", " })
            };
            let lost = (i.points - i.score).max(0.0);
            RectificationCtx {
                no: index + 1,
                id: i.id.clone(),
                title: i.title.clone(),
                level1: i.level1.clone(),
                level2: i.level2.clone(),
                area_titles: outcome
                    .path
                    .iter()
                    .filter_map(|id| group_titles.get(id.as_str()))
                    .map(|g| t(&g.title))
                    .collect(),
                status: i.status,
                status_label: i.status_label.clone(),
                points_text: i.points_text.clone(),
                score_text: i.score_text.clone(),
                lost,
                lost_text: num(lost),
                missing: if i.shortfall.is_empty() {
                    shortfalls(outcome, lang)
                } else {
                    i.shortfall.clone()
                },
                owner: join(|t| &t.owner),
                deadline: join(|t| &t.deadline),
            }
        })
        .collect();

    let plan = input.plan.map(|plan| {
        let tasks: Vec<PlanTaskCtx> = plan
            .tasks
            .iter()
            .enumerate()
            .map(|(index, task)| {
                let item = item_by_id.get(task.item.as_str());
                let status = item.map(|i| i.status);
                PlanTaskCtx {
                    no: index + 1,
                    task: task.task.clone(),
                    item: task.item.clone(),
                    item_title: item.map(|i| t(&i.title)).unwrap_or_default(),
                    owner: task.owner.clone(),
                    deadline: task.deadline.clone(),
                    reported: task.status.clone(),
                    item_status: status,
                    item_status_label: match status {
                        Some(s) => t(&s.title()),
                        None => labels
                            .get("unknown_item")
                            .copied()
                            .unwrap_or_default()
                            .to_owned(),
                    },
                    achieved: status == Some(Status::Met),
                }
            })
            .collect();
        let achieved = tasks.iter().filter(|t| t.achieved).count();
        let not_achieved = tasks
            .iter()
            .filter(|t| t.item_status.is_some_and(status_not_met))
            .count();
        PlanCtx {
            total: tasks.len(),
            achieved,
            not_achieved,
            tasks,
        }
    });

    let previous = input.previous.map(|p| build_previous(r, p, lang));

    let status_counts = [
        (Status::Met, r.score.counts.met),
        (Status::Partial, r.score.counts.partial),
        (Status::Unmet, r.score.counts.unmet),
        (Status::NotApplicable, r.score.counts.not_applicable),
        (Status::Waived, r.score.counts.waived),
        (Status::Error, r.score.counts.error),
    ]
    .into_iter()
    .map(|(status, count)| StatusCount {
        status,
        label: t(&status.title()),
        count,
    })
    .collect();

    let decisive = {
        let d = r.score.decisive();
        let label = |key: &str| labels.get(key).copied().unwrap_or_default().to_owned();
        let (total_label, grade_label) = match d.source {
            ScoreSource::Review => (label("review_total"), label("review_grade")),
            ScoreSource::SelfScore => (label("total_score"), label("grade")),
        };
        DecisiveCtx {
            total: d.total,
            total_text: num(d.total),
            ratio: ratio(d.total, r.score.max),
            percent_text: percent(ratio(d.total, r.score.max)),
            grade_id: d.grade.id.clone(),
            grade: t(&d.grade.title),
            source: d.source,
            total_label,
            grade_label,
        }
    };
    let score = ScoreCtx {
        decisive,
        total: r.score.total,
        total_text: num(r.score.total),
        max: r.score.max,
        max_text: num(r.score.max),
        ratio: ratio(r.score.total, r.score.max),
        percent_text: percent(ratio(r.score.total, r.score.max)),
        items_score: r.score.items_score,
        items_score_text: num(r.score.items_score),
        items_max: r.score.items_max,
        items_max_text: num(r.score.items_max),
        items_percent_text: percent(ratio(r.score.items_score, r.score.items_max)),
        bonus: r.score.bonus,
        bonus_text: num(r.score.bonus),
        grade_id: r.score.grade.id.clone(),
        grade: t(&r.score.grade.title),
        grade_reasons: r.score.grade_reasons.iter().map(t).collect(),
        core_unmet: r
            .score
            .core_unmet
            .iter()
            .map(|id| Named {
                id: id.clone(),
                title: item_by_id
                    .get(id.as_str())
                    .map(|i| t(&i.title))
                    .unwrap_or_default(),
            })
            .collect(),
        error_items: r
            .items
            .iter()
            .filter(|i| i.status == Status::Error)
            .map(|i| Named {
                id: i.id.clone(),
                title: t(&i.title),
            })
            .collect(),
        excluded_items: r
            .items
            .iter()
            .filter(|i| matches!(i.status, Status::NotApplicable | Status::Waived))
            .map(|i| ExcludedCtx {
                id: i.id.clone(),
                title: t(&i.title),
                status: i.status,
                status_label: t(&i.status_label()),
                reasons: i.reasons.iter().map(t).collect(),
            })
            .collect(),
        vetoes: r
            .score
            .vetoes
            .iter()
            .map(|v| VetoCtx {
                id: v.id.clone(),
                title: t(&v.title),
                note: v.note.clone(),
                source: v.source.clone(),
                source_label: labels
                    .get(if v.source == "review" {
                        "veto_by_review"
                    } else {
                        "veto_by_pack"
                    })
                    .copied()
                    .unwrap_or_default()
                    .to_owned(),
            })
            .collect(),
        bonus_claims: r
            .score
            .bonus_claims
            .iter()
            .map(|b| BonusCtx {
                id: b.id.clone(),
                title: t(&b.title),
                points: b.points,
                points_text: num(b.points),
                note: b.note.clone(),
                evidence: b.evidence.iter().map(|e| e.path.clone()).collect(),
                evidence_missing: b.points == 0.0
                    && r.problems
                        .iter()
                        .any(|d| d.item.as_deref() == Some(b.id.as_str())),
                reasons: bonus_reasons(b, &r.score.bonus_claims, lang),
            })
            .collect(),
        counts: r.score.counts.clone(),
        status_counts,
        review: r.score.review.as_ref().map(|rv| ReviewCtx {
            total: rv.total,
            total_text: num(rv.total),
            grade_id: rv.grade.id.clone(),
            grade: t(&rv.grade.title),
            grade_reasons: rv.grade_reasons.iter().map(t).collect(),
            core_unmet: rv
                .core_unmet
                .iter()
                .map(|id| Named {
                    id: id.clone(),
                    title: item_by_id
                        .get(id.as_str())
                        .map(|i| t(&i.title))
                        .unwrap_or_default(),
                })
                .collect(),
            changed_items: rv
                .changed_items
                .iter()
                .filter_map(|id| item_by_id.get(id.as_str()))
                .filter_map(|i| i.review.as_ref().map(|review| (i, review)))
                .map(|(i, review)| ChangedCtx {
                    id: i.id.clone(),
                    title: t(&i.title),
                    points_text: num(i.points),
                    score_text: num(i.score),
                    review_text: num(review.score),
                    change_text: signed(review.score - i.score),
                    by: review.by.clone(),
                    date: review.date.clone(),
                    comment: review.comment.clone(),
                })
                .collect(),
        }),
    };

    let community = r.pack.community.clone();
    let period = r.pack.period.label.clone();
    let unit = t(r
        .standard
        .unit
        .as_ref()
        .unwrap_or(&crate::standard::model::default_unit()));
    let report_title = t(r.standard.report_title.as_ref().unwrap_or(&Text {
        zh: "年度产改工作对账复盘报告".to_owned(),
        en: "year-end reconciliation report".to_owned(),
    }));
    let title = match lang {
        Lang::Zh => format!("{community} {period} {report_title}"),
        Lang::En => format!("{community}: {report_title}, {period}"),
    };

    let mut present = vec!["overview", "areas", "table", "rectification"];
    if !r.evidence_quality.is_empty() {
        present.push("evidence_quality");
    }
    if plan.is_some() {
        present.push("plan");
    }
    if previous.is_some() {
        present.push("previous");
    }
    if !r.problems.is_empty() {
        present.push("problems");
    }
    if !r.standard.terms.is_empty() {
        // printed before the signatures: the numbers signed depend on these words
        present.push("terms");
    }
    present.push("signature");
    let sections = super::labels::sections(lang, &present);

    let evidence_quality: Vec<FindingCtx> = r
        .evidence_quality
        .iter()
        .enumerate()
        .map(|(index, f)| FindingCtx {
            no: index + 1,
            path: f.path.clone(),
            kind: f.kind,
            kind_label: super::labels::finding_kind(f.kind, lang).to_owned(),
            counted: f.counted,
            counted_label: labels
                .get(if f.counted {
                    "finding_counted"
                } else {
                    "finding_not_counted"
                })
                .copied()
                .unwrap_or_default()
                .to_owned(),
            items: f.items.clone(),
            reason: t(&f.reason),
            fix: t(&f.fix),
            related: f.related.clone(),
            todo: match lang {
                Lang::Zh => format!("{}；请{}", t(&f.reason), t(&f.fix)),
                Lang::En => format!("{}; {}", t(&f.reason), t(&f.fix)),
            },
        })
        .collect();
    let rectification_files = evidence_quality
        .iter()
        .filter(|f| !f.counted)
        .map(|f| {
            format!(
                "{}{}{}",
                f.path,
                labels.get("colon").copied().unwrap_or_default(),
                f.todo
            )
        })
        .collect();
    let evidence_summary =
        super::labels::quality_summary(&r.evidence_quality, lang).unwrap_or_default();

    let gap = labels.get("gap").copied().unwrap_or_default();
    let area_rows: Vec<AreaRow> = r
        .groups
        .iter()
        .map(|g| area_row(g, &r.standard.levels, &group_titles, gap, lang))
        .collect();
    let table = table(&area_rows, &items);
    let chart_areas = areas.len();
    let labels = standard_labels(labels, &r.standard.levels, &unit, &report_title, lang);

    Context {
        context_version: CONTEXT_VERSION,
        area_rows,
        table,
        evidence_quality,
        evidence_summary,
        rectification_files,
        lang,
        title,
        labels,
        sections,
        cover: Cover {
            community,
            unit,
            report_title,
            period,
            period_from: r.pack.period.from.clone(),
            period_to: r.pack.period.to.clone(),
            standard_id: r.standard.id.clone(),
            standard_version: r.standard.version.clone(),
            standard_title: t(&r.standard.title),
            issuer: t(&r.standard.issuer),
            provenance: t(&r.standard.provenance).trim().to_owned(),
            source: r.standard.source.trim().to_owned(),
            signer: r
                .standard
                .approver
                .clone()
                .unwrap_or_else(|| t(&r.standard.issuer)),
            levels: r.standard.levels.iter().map(t).collect(),
            preparer: r.pack.preparer.clone(),
            date: input.date.to_string(),
            date_text: date_text(input.date, lang),
            digest: r.pack.digest.clone(),
            files: r.pack.files,
            tool: format!("{} {}", r.tool.name, r.tool.version),
        },
        charts: Charts {
            kind: if (3..=RADAR_MAX).contains(&chart_areas) {
                "radar"
            } else {
                "bars"
            },
            radar: radar(&areas),
        },
        appendix: appendix(r, lang),
        terms: r
            .standard
            .terms
            .iter()
            .map(|term| TermCtx {
                term: term.term.clone(),
                definition: match lang {
                    Lang::En if !term.definition_en.trim().is_empty() => term.definition_en.clone(),
                    _ => term.definition.clone(),
                },
            })
            .collect(),
        score,
        areas,
        items,
        rectification,
        plan,
        previous,
        problems: r
            .problems
            .iter()
            .map(|d| ProblemCtx {
                severity: d.severity.as_str().to_owned(),
                severity_label: d.severity.label(lang).to_owned(),
                file: d.file.clone(),
                line: d.line,
                message: d.message_for_people(lang),
                // The evaluator names the item for bonus claims; for an unreadable data file,
                // the items in error whose reasons name the file.
                item: d.item.clone().or_else(|| {
                    let ids: Vec<&str> = r
                        .items
                        .iter()
                        .filter(|i| i.status == Status::Error)
                        .filter(|i| {
                            i.reasons
                                .iter()
                                .any(|t| t.zh.contains(&d.file) || t.en.contains(&d.file))
                        })
                        .map(|i| i.id.as_str())
                        .collect();
                    (!ids.is_empty()).then(|| ids.join(", "))
                }),
                help: d.help_for_people(lang),
            })
            .collect(),
    }
}

/// The report's fixed words with those that depend on the standard (see [`Context::labels`]):
/// its unit, its report title and its level names.
fn standard_labels(
    fixed: BTreeMap<&'static str, &'static str>,
    levels: &[Text],
    unit: &str,
    report_title: &str,
    lang: Lang,
) -> BTreeMap<&'static str, String> {
    let level_name = |level: usize| level_name(levels, level, lang);
    // "Function" reads "function" inside a sentence; "NIST function" keeps its capitals.
    let lower_first = |text: String| {
        let mut chars = text.chars();
        match chars.next() {
            Some(c) if !text.chars().nth(1).is_some_and(char::is_uppercase) => {
                c.to_lowercase().chain(chars).collect()
            }
            _ => text,
        }
    };
    let upper_first = |text: &str| {
        let mut chars = text.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect::<String>())
            .unwrap_or_default()
    };
    let mut labels: BTreeMap<&'static str, String> =
        fixed.into_iter().map(|(k, v)| (k, v.to_owned())).collect();
    for (level, key) in ["col_level1", "col_level2", "col_level3"]
        .into_iter()
        .enumerate()
    {
        labels.insert(key, level_name(level + 1));
    }
    let by_level = |level: usize| match lang {
        Lang::Zh => format!("{}得分率", level_name(level)),
        Lang::En => format!("Score rate by {}", lower_first(level_name(level))),
    };
    labels.insert("radar", by_level(1));
    labels.insert("bars", by_level(2));
    labels.insert("community", upper_first(unit));
    labels.insert(
        "sign_community",
        match lang {
            Lang::Zh => format!("{unit}负责人"),
            Lang::En => format!("{} head", upper_first(unit)),
        },
    );
    labels.insert("report_kind", upper_first(report_title));
    labels
}

/// The authors' appendix: every leaf with a basis or whose checks carry a requirement or a detail.
fn appendix(r: &Results, lang: Lang) -> Vec<AppendixItem> {
    fn walk(
        check: &crate::outcome::CheckOutcome,
        no: String,
        depth: usize,
        lang: Lang,
        out: &mut Vec<AppendixCheck>,
    ) {
        out.push(AppendixCheck {
            no: no.clone(),
            depth,
            kind: check.kind.clone(),
            requires: check.requires.get(lang).to_owned(),
            detail: check
                .detail
                .iter()
                .map(|d| d.get(lang).to_owned())
                .collect(),
        });
        for (j, child) in check.children.iter().enumerate() {
            walk(child, format!("{no}.{}", j + 1), depth + 1, lang, out);
        }
    }
    r.items
        .iter()
        .filter_map(|item| {
            let mut checks = Vec::new();
            for (k, check) in item.checks.iter().enumerate() {
                walk(check, (k + 1).to_string(), 0, lang, &mut checks);
            }
            (item.basis.is_some()
                || checks
                    .iter()
                    .any(|c| !c.requires.is_empty() || !c.detail.is_empty()))
            .then(|| AppendixItem {
                id: item.id.clone(),
                title: item.title.get(lang).to_owned(),
                basis: item.basis.as_ref().map(|b| BasisCtx::new(b, lang)),
                checks,
            })
        })
        .collect()
}

/// The reasons of the checks that fell short, depth first: a combinator (`all`, `any`,
/// `at_least`) that fell short speaks through its children that did; a leaf check through its own
/// reasons. What was found in full is left out: the rectification list says what to do.
fn shortfalls(item: &ItemOutcome, lang: Lang) -> Vec<String> {
    fn walk(check: &crate::outcome::CheckOutcome, lang: Lang, out: &mut Vec<String>) {
        if check.credit >= 1.0 && !check.error {
            return;
        }
        let before = out.len();
        for child in &check.children {
            walk(child, lang, out);
        }
        if out.len() == before {
            out.extend(check.reasons.iter().map(|r| r.get(lang).to_owned()));
        }
    }
    let mut out = Vec::new();
    for check in &item.checks {
        walk(check, lang, &mut out);
    }
    if out.is_empty() {
        out = item
            .reasons
            .iter()
            .map(|r| r.get(lang).to_owned())
            .collect();
    }
    out
}

/// A radar label as at most two lines: `id title` when it is short (`width` Chinese characters),
/// else the title split near its middle — after a joining word (与, 和, 及, 、) or a space when there is one — with the id in
/// front of the first line. A line longer than `width` + 2 is cut with `…`.
fn label_lines(id: &str, title: &str, width: usize) -> Vec<String> {
    // Latin letters are about a third as wide as a Chinese character at the chart's font sizes.
    let width = if title.is_ascii() { width * 3 } else { width };
    let chars: Vec<char> = title.chars().collect();
    if chars.len() <= width {
        return vec![format!("{id} {title}")];
    }
    let middle = chars.len().div_ceil(2);
    let joint = |c: char| matches!(c, '与' | '和' | '及' | '、' | ' ');
    // The joint nearest the middle, within a third of the length either way.
    let reach = chars.len() / 3;
    let split = (0..=reach)
        .flat_map(|d| [middle + d, middle.saturating_sub(d)])
        .find(|&at| at > 0 && at < chars.len() && joint(chars[at - 1]))
        .unwrap_or(middle);
    let cut = |part: &[char]| {
        let text: String = part.iter().collect::<String>().trim().to_owned();
        if part.len() > width + 2 {
            let mut short: String = part[..width + 1].iter().collect();
            short.push('…');
            short
        } else {
            text
        }
    };
    vec![
        format!("{id} {}", cut(&chars[..split])),
        cut(&chars[split..]),
    ]
}

fn area_of(group: &GroupOutcome, lang: Lang) -> AreaCtx {
    let r = ratio(group.score, group.points);
    AreaCtx {
        id: group.id.clone(),
        title: group.title.get(lang).to_owned(),
        level: group.level,
        points: group.points,
        points_text: num(group.points),
        score: group.score,
        score_text: num(group.score),
        ratio: r,
        percent_text: percent(r),
        counts: group.counts.clone(),
        children: Vec::new(),
        items: Vec::new(),
    }
}

/// Joins the ids (or titles) of nested areas: `A › A1`.
pub const PATH_SEPARATOR: &str = " › ";

/// The standard's name of a level (1 for the outermost), in the report's language; a level the
/// standard does not name is 第 N 级 / Level N.
fn level_name(levels: &[Text], level: usize, lang: Lang) -> String {
    match levels
        .get(level.wrapping_sub(1))
        .map(|l| l.get(lang).trim())
    {
        Some(name) if !name.is_empty() => name.to_owned(),
        _ => match lang {
            Lang::Zh => format!("第 {level} 级"),
            Lang::En => format!("Level {level}"),
        },
    }
}

fn area_row(
    group: &GroupOutcome,
    levels: &[Text],
    groups: &BTreeMap<&str, &GroupOutcome>,
    gap: &str,
    lang: Lang,
) -> AreaRow {
    // The ancestors' ids, walked up from the parent (bounded by the number of groups, so a cycle
    // in hand-edited results cannot hang the report).
    let mut path = Vec::new();
    let mut parent = group.parent.as_deref();
    while let Some(id) = parent {
        if path.len() > groups.len() {
            break;
        }
        path.push(id.to_owned());
        parent = groups.get(id).and_then(|g| g.parent.as_deref());
    }
    path.reverse();
    let r = ratio(group.score, group.points);
    AreaRow {
        id: group.id.clone(),
        title: group.title.get(lang).to_owned(),
        level: group.level,
        level_name: level_name(levels, group.level, lang),
        path_text: path.join(PATH_SEPARATOR),
        indent: gap.repeat(group.level.saturating_sub(1)),
        points_text: num(group.points),
        score_text: num(group.score),
        ratio: r,
        percent_text: percent(r),
        counts: group.counts.clone(),
    }
}

/// The item-by-item table: before each leaf, the heading rows of its enclosing areas not yet
/// shown (groups and leaves are both in tree order, so this is the tree's pre-order), and its own
/// area's heading again when the rows before it belonged to a deeper sub-area, and an "other
/// items" heading before top-level leaves that follow an area; areas that hold no leaf follow at
/// the end.
fn table(area_rows: &[AreaRow], items: &[ItemCtx]) -> Vec<TableRow> {
    let mut shown = vec![false; area_rows.len()];
    let index: BTreeMap<&str, usize> = area_rows
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mut rows = Vec::with_capacity(area_rows.len() + items.len());
    // The area whose heading the last leaf sat under: a leaf that comes after a deeper sub-area of
    // its own area gets its area's heading again, so it does not read as part of that sub-area.
    let mut open: Option<usize> = None;
    for item in items {
        for id in &item.path {
            if let Some(&i) = index.get(id.as_str()) {
                if !shown[i] {
                    shown[i] = true;
                    open = Some(i);
                    rows.push(TableRow {
                        area: Some(area_rows[i].clone()),
                        item: None,
                        ungrouped: false,
                    });
                }
            }
        }
        let innermost = item
            .path
            .last()
            .and_then(|id| index.get(id.as_str()).copied());
        match innermost {
            Some(i) if open != Some(i) => rows.push(TableRow {
                area: Some(area_rows[i].clone()),
                item: None,
                ungrouped: false,
            }),
            None if open.is_some() => rows.push(TableRow {
                area: None,
                item: None,
                ungrouped: true,
            }),
            _ => {}
        }
        open = innermost;
        rows.push(TableRow {
            area: None,
            item: Some(item.clone()),
            ungrouped: false,
        });
    }
    for (i, area) in area_rows.iter().enumerate() {
        if !shown[i] {
            rows.push(TableRow {
                area: Some(area.clone()),
                item: None,
                ungrouped: false,
            });
        }
    }
    rows
}

/// Level-1 areas, each with its sub-areas at every depth (`children`); every leaf hangs under its
/// innermost area.
fn build_areas(r: &Results, items: &[ItemCtx], lang: Lang) -> Vec<AreaCtx> {
    // Build every area flat, hang leaves on their innermost area, then fold children into their
    // parents from the deepest level up.
    let mut all: Vec<(Option<String>, AreaCtx)> = r
        .groups
        .iter()
        .map(|g| (g.parent.clone(), area_of(g, lang)))
        .collect();
    let index: BTreeMap<String, usize> = all
        .iter()
        .enumerate()
        .map(|(i, (_, a))| (a.id.clone(), i))
        .collect();
    for (item, ctx) in r.items.iter().zip(items) {
        if let Some(&i) = item.path.last().and_then(|id| index.get(id)) {
            all[i].1.items.push(ctx.clone());
        }
    }
    let deepest = all.iter().map(|(_, a)| a.level).max().unwrap_or(1);
    for level in (2..=deepest).rev() {
        for i in 0..all.len() {
            if all[i].1.level != level {
                continue;
            }
            let Some(&p) = all[i].0.as_ref().and_then(|id| index.get(id)) else {
                continue;
            };
            if p == i || all[p].1.level >= level {
                continue;
            }
            let child = std::mem::replace(&mut all[i].1, area_of_placeholder());
            all[p].1.children.push(child);
        }
    }
    all.into_iter()
        .map(|(_, a)| a)
        .filter(|a| a.level == 1)
        .collect()
}

/// What stays in a folded area's slot (never shown: only level 1 is kept).
fn area_of_placeholder() -> AreaCtx {
    AreaCtx {
        id: String::new(),
        title: String::new(),
        level: 0,
        points: 0.0,
        points_text: String::new(),
        score: 0.0,
        score_text: String::new(),
        ratio: 0.0,
        percent_text: String::new(),
        counts: StatusCounts::default(),
        children: Vec::new(),
        items: Vec::new(),
    }
}

fn build_previous(now: &Results, before: &Results, lang: Lang) -> PreviousCtx {
    // Each year's result, as `rank --previous` compares them: the reviewed total where there is one.
    let then = before.score.decisive();
    let change = now.score.decisive().total - then.total;
    let t = |text: &Text| text.get(lang).to_owned();
    let before_groups: BTreeMap<&str, &GroupOutcome> =
        before.groups.iter().map(|g| (g.id.as_str(), g)).collect();
    let before_items: BTreeMap<&str, &ItemOutcome> =
        before.items.iter().map(|i| (i.id.as_str(), i)).collect();
    let now_groups: BTreeMap<&str, &GroupOutcome> =
        now.groups.iter().map(|g| (g.id.as_str(), g)).collect();
    let gap = super::labels::labels(lang)
        .get("gap")
        .copied()
        .unwrap_or_default();
    let areas = now
        .groups
        .iter()
        .map(|g| {
            let was = before_groups.get(g.id.as_str()).map(|b| b.score);
            AreaChange {
                id: g.id.clone(),
                title: t(&g.title),
                level: g.level,
                indent: gap.repeat(g.level.saturating_sub(1)),
                before_text: was.map(num).unwrap_or_else(|| "—".to_owned()),
                now_text: num(g.score),
                change: was.map(|w| g.score - w).unwrap_or(0.0),
                change_text: was
                    .map(|w| signed(g.score - w))
                    .unwrap_or_else(|| "—".to_owned()),
            }
        })
        .collect();
    let mut newly_unmet = Vec::new();
    let mut newly_met = Vec::new();
    for item in &now.items {
        let Some(was) = before_items.get(item.id.as_str()) else {
            continue;
        };
        let change = ItemChange {
            id: item.id.clone(),
            title: t(&item.title),
            level1: item
                .path
                .first()
                .and_then(|id| now_groups.get(id.as_str()))
                .map(|g| t(&g.title))
                .unwrap_or_default(),
            before: t(&was.status.title()),
            now: t(&item.status.title()),
            change_text: signed(item.score - was.score),
        };
        if status_not_met(item.status) && !status_not_met(was.status) {
            newly_unmet.push(change);
        } else if item.status == Status::Met && status_not_met(was.status) {
            newly_met.push(change);
        }
    }
    PreviousCtx {
        period: before.pack.period.label.clone(),
        standard_version: before.standard.version.clone(),
        same_standard: before.standard.id == now.standard.id
            && before.standard.version == now.standard.version,
        total_text: num(then.total),
        grade: t(&then.grade.title),
        total_change: change,
        total_change_text: signed(change),
        areas,
        newly_unmet,
        newly_met,
    }
}

fn radar(areas: &[AreaCtx]) -> Radar {
    const SIZE: u32 = 420;
    const RADIUS: f64 = 130.0;
    let center = f64::from(SIZE) / 2.0;
    let n = areas.len();
    let round = |v: f64| (v * 10.0).round() / 10.0;
    let point = |i: usize, r: f64| {
        let angle = -std::f64::consts::FRAC_PI_2 + (i as f64) * std::f64::consts::TAU / (n as f64);
        (
            round(center + r * angle.cos()),
            round(center + r * angle.sin()),
        )
    };
    let polygon = |r: &dyn Fn(usize) -> f64| {
        (0..n)
            .map(|i| {
                let (x, y) = point(i, r(i));
                format!("{x},{y}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let rings = [0.25, 0.5, 0.75, 1.0]
        .iter()
        .map(|f| polygon(&|_| RADIUS * f))
        .collect();
    let shape = polygon(&|i| RADIUS * areas[i].ratio.clamp(0.0, 1.0));
    let axes = areas
        .iter()
        .enumerate()
        .map(|(i, area)| {
            let (x, y) = point(i, RADIUS);
            let (px, py) = point(i, RADIUS * area.ratio.clamp(0.0, 1.0));
            let (label_x, label_y) = point(i, RADIUS + 18.0);
            let anchor = if (label_x - center).abs() < 1.0 {
                "middle"
            } else if label_x > center {
                "start"
            } else {
                "end"
            };
            RadarAxis {
                id: area.id.clone(),
                title: area.title.clone(),
                percent_text: area.percent_text.clone(),
                x,
                y,
                px,
                py,
                label_x,
                label_y,
                label_lines: label_lines(&area.id, &area.title, 7),
                anchor,
            }
        })
        .collect();
    Radar {
        size: SIZE,
        center,
        radius: RADIUS,
        rings,
        axes,
        shape,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_a_score_sheet() {
        assert_eq!(num(2.0), "2");
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(0.333), "0.33");
        assert_eq!(num(-0.0), "0");
        assert_eq!(signed(2.5), "+2.5");
        assert_eq!(signed(-1.0), "-1");
        assert_eq!(percent(0.8555), "85.6%");
    }

    #[test]
    fn radar_labels_split_after_a_joining_word() {
        assert_eq!(label_lines("A", "组织领导", 7), ["A 组织领导"]);
        assert_eq!(
            label_lines("B", "党建引领与思想引领", 7),
            ["B 党建引领与", "思想引领"]
        );
        assert_eq!(
            label_lines("F", "标准化运行与考核", 7),
            ["F 标准化运行与", "考核"]
        );
        assert_eq!(
            label_lines("E", "Rights protection and integrated services", 7),
            ["E Rights protection and", "integrated services"]
        );
    }

    #[test]
    fn a_level_the_standard_does_not_name_is_numbered() {
        let levels = [Text {
            zh: "一级标准".into(),
            en: "Function".into(),
        }];
        assert_eq!(level_name(&levels, 1, Lang::En), "Function");
        assert_eq!(level_name(&levels, 1, Lang::Zh), "一级标准");
        assert_eq!(level_name(&levels, 2, Lang::Zh), "第 2 级");
        assert_eq!(level_name(&levels, 2, Lang::En), "Level 2");
        assert_eq!(level_name(&levels, 0, Lang::En), "Level 0");
    }

    #[test]
    fn words_that_depend_on_the_standard_come_from_it() {
        let levels = [
            Text {
                zh: String::new(),
                en: "Function".into(),
            },
            Text {
                zh: String::new(),
                en: "NIST category".into(),
            },
        ];
        let en = standard_labels(
            super::super::labels::labels(Lang::En),
            &levels,
            "organisation",
            "cyber hygiene self-assessment",
            Lang::En,
        );
        let get = |key: &str| en.get(key).map(String::as_str);
        assert_eq!(get("community"), Some("Organisation"));
        assert_eq!(get("sign_community"), Some("Organisation head"));
        assert_eq!(get("report_kind"), Some("Cyber hygiene self-assessment"));
        assert_eq!(get("radar"), Some("Score rate by function"));
        assert_eq!(get("bars"), Some("Score rate by NIST category"));
        assert_eq!(get("col_level1"), Some("Function"));
        assert_eq!(get("col_level3"), Some("Level 3"));
        let zh = standard_labels(
            super::super::labels::labels(Lang::Zh),
            &levels,
            "企业",
            "年度安全自查报告",
            Lang::Zh,
        );
        assert_eq!(
            zh.get("sign_community").map(String::as_str),
            Some("企业负责人")
        );
        // an English-only level name, in a Chinese report, falls back to the English
        assert_eq!(zh.get("radar").map(String::as_str), Some("Function得分率"));
    }

    #[test]
    fn date_from_source_date_epoch_is_utc() {
        assert_eq!(
            report_date(Some("1767139200")).map(|d| d.to_string()),
            Ok("2025-12-31".to_owned())
        );
        assert!(report_date(Some("yesterday")).is_err());
    }
}
