//! Results of an evaluation: the versioned contract that `evaluate --format json` prints and that
//! reports, rankings and re-scores read back.
//!
//! Kept apart from the standard's types on purpose: the standard says what should be; an outcome
//! says what a pack showed. Nothing here points back into a mutable definition.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::standard::model::Text;

use std::path::Path;

/// Version of the results contract. Bump on any breaking change to these types.
pub const SCHEMA_VERSION: u32 = 6;

/// The oldest results contract this build still reads (for `report` and `rank`; `verify` needs the
/// seal that version 2 added).
pub const OLDEST_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Results {
    pub schema_version: u32,
    pub tool: ToolInfo,
    pub standard: StandardInfo,
    pub pack: PackInfo,
    pub score: ScoreSummary,
    /// Roll-ups of every group item (level-1, level-2, …), in tree order.
    pub groups: Vec<GroupOutcome>,
    /// Every assessed item, in tree order: each leaf, and the own part of each group that has
    /// one (`group: true`, before its children).
    pub items: Vec<ItemOutcome>,
    /// Problems met while evaluating (unreadable files, malformed data), each naming its file.
    #[serde(default)]
    pub problems: Vec<crate::diagnostic::Diagnostic>,
    /// Evidence files that were not counted, or counted with a doubt, for what they *are* rather
    /// than for the rule they were held to: the wrong type behind their extension, empty or too
    /// small, unreadable, a copy of another file, a date that disagrees with their content. Sorted
    /// by path, then kind. Absent from results written before version 4.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence_quality: Vec<FileFinding>,
    /// The task list (任务清单) that `plan:` in pack.yaml names, as read when the pack was scored,
    /// so that a report from these results shows the plan section and the rectification list's
    /// owners and deadlines as a report from the pack does. `null` (`Some(None)`): the pack names
    /// no task list, or it could not be read (a warning in `problems` says why). Absent (`None`):
    /// written by a changai that did not record it.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<PlanRecord>")]
    pub plan: Option<Option<PlanRecord>>,
    /// SHA-256 of the canonical JSON of these results without this field (keys sorted, no
    /// whitespace): changes when RESULTS.json is edited. A checksum, not a signature. Absent from
    /// results written before version 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<String>,
}

impl Results {
    /// The task list the results recorded, if the pack named one that could be read.
    pub fn recorded_plan(&self) -> Option<&PlanRecord> {
        self.plan.as_ref().and_then(Option::as_ref)
    }
}

/// A field that is present, even as `null`, is `Some`: told apart from a field that is absent.
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// The task list of a pack, as it was read when the pack was scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanRecord {
    /// The file `plan:` names, relative to the pack root.
    pub file: String,
    /// SHA-256 of the file's bytes (the same as its manifest entry).
    pub sha256: String,
    /// Every task, in file order.
    pub tasks: Vec<crate::render::report::Task>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StandardInfo {
    pub id: String,
    pub version: String,
    pub title: Text,
    /// The body that issues the standard (发布单位). Absent from results written before it was
    /// added, hence the default.
    #[serde(default)]
    pub issuer: Text,
    /// Names of the levels, outermost first.
    pub levels: Vec<Text>,
    /// What the standard assesses (its `unit`: 社区, 企业, 系统 …). Absent from older results:
    /// 社区 / community.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    /// The report's title after the unit's name and the period (the standard's `report_title`, or
    /// the one built from its title). Absent from older results, all written for the 产改
    /// standard: 年度产改工作对账复盘报告.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_title: Option<Text>,
    /// The profile (档次) the pack was assessed against (pack.yaml's `profile:` or `--profile`),
    /// absent when none was selected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<crate::standard::model::Profile>,
    /// Where the standard comes from (document, article). Absent from older results.
    #[serde(default)]
    pub source: String,
    /// How faithful the standard is to its source (e.g. a reconstruction); empty when the
    /// standard makes no such statement. Absent from older results.
    #[serde(default)]
    pub provenance: Text,
    /// The role that confirms what a community declares about itself and signs beside it (the
    /// standard's `scoring.approver`, e.g. 区总工会). Absent from older results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approver: Option<String>,
    /// The standard's defined terms (术语), for the report's appendix. Absent from older results.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<crate::standard::model::Term>,
    /// What a not-applicable or waived item does to the score (the standard's
    /// `scoring.not_applicable`), so that a report counts items as the score did. Absent from
    /// older results: `exclude`, the default.
    #[serde(default)]
    pub not_applicable: crate::standard::model::NotApplicablePolicy,
    /// What an item declared 无此情形 scores (the standard's `scoring.no_case`). Absent from older
    /// results: `exclude`, the default.
    #[serde(default)]
    pub no_case: crate::standard::model::NoCasePolicy,
    /// SHA-256 of the canonical JSON of the loaded standard: changes when the standard is edited.
    /// Empty in results written before version 2.
    #[serde(default)]
    pub digest: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PackInfo {
    pub community: String,
    pub period: Period,
    pub preparer: String,
    /// The standard the pack says it was prepared against.
    pub prepared_for: String,
    /// SHA-256 over a length-prefixed encoding of every file (path, size, sha256) and of the texts
    /// of `pack.yaml` and `review.yaml`: changes when any evidence file is added, removed or
    /// altered, or a declaration is edited, after scoring.
    pub digest: String,
    /// Number of files scanned.
    pub files: usize,
    /// Every scanned file, sorted by path. Empty in results written before version 2.
    #[serde(default)]
    pub manifest: Vec<ManifestEntry>,
    /// Hashes of the declaration files. Absent from results written before version 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declarations: Option<Declarations>,
}

/// One file of the pack as it was scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    /// Relative to the pack root, `/`-separated.
    pub path: String,
    /// Bytes.
    pub size: u64,
    pub sha256: String,
}

/// SHA-256 of the exact texts of the pack's declaration files that were parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Declarations {
    /// `pack.yaml`.
    pub pack_yaml: String,
    /// `review.yaml`; `null` when the pack has none (an empty file has the hash of no bytes).
    pub review_yaml: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day, YYYY-MM-DD.
    pub from: String,
    /// Last day, YYYY-MM-DD.
    pub to: String,
    /// How people name it: `2025` or `2025-01-01 至 2025-06-30`.
    pub label: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreSummary {
    /// Final score: items (rescaled for not-applicable items if the standard says so) plus bonus.
    pub total: f64,
    /// The standard's total points.
    pub max: f64,
    /// Sum of item scores before rescaling and bonus.
    pub items_score: f64,
    /// Points of the items that counted (not-applicable ones excluded when the policy says so).
    pub items_max: f64,
    /// Bonus points granted (after the cap).
    pub bonus: f64,
    pub grade: GradeInfo,
    /// Why the grade is what it is (band, core items, veto, bonus), one sentence each.
    pub grade_reasons: Vec<Text>,
    /// Core items not met.
    pub core_unmet: Vec<String>,
    /// Veto conditions declared in the pack or its review.
    pub vetoes: Vec<VetoOutcome>,
    /// Bonus claims and what they earned.
    pub bonus_claims: Vec<BonusOutcome>,
    /// Number of leaves per status.
    pub counts: StatusCounts,
    /// The total and grade after the reviewer's re-scores (复评), when review.yaml has any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<ReviewSummary>,
}

/// Which total is a community's result: the reviewed total (复评) when review.yaml re-scored
/// items, else the self-score (自评).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ScoreSource {
    #[serde(rename = "review")]
    Review,
    #[serde(rename = "self")]
    SelfScore,
}

/// The total and grade that decide a community's result (see [`ScoreSummary::decisive`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decisive<'a> {
    pub total: f64,
    pub grade: &'a GradeInfo,
    pub source: ScoreSource,
}

impl ScoreSummary {
    /// The community's result: where the auditors re-scored items, their reviewed total and grade
    /// decide — the report's cover, score section and signature, the score sheet's headline,
    /// `rank` and `evaluate --fail-under` all read this one answer; the self-score is shown
    /// beside it. Without a review the self-score decides.
    pub fn decisive(&self) -> Decisive<'_> {
        match &self.review {
            Some(review) => Decisive {
                total: review.total,
                grade: &review.grade,
                source: ScoreSource::Review,
            },
            None => Decisive {
                total: self.total,
                grade: &self.grade,
                source: ScoreSource::SelfScore,
            },
        }
    }
}

/// The reviewed total: the same rules as the self-score, with re-scored items at the reviewer's
/// score and every other item at its self-score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewSummary {
    pub total: f64,
    pub grade: GradeInfo,
    /// Why the reviewed grade is what it is, one sentence each.
    #[serde(default)]
    pub grade_reasons: Vec<Text>,
    /// Core items not met after re-scoring.
    #[serde(default)]
    pub core_unmet: Vec<String>,
    /// Items whose re-score differs from the self-score, in tree order.
    pub changed_items: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GradeInfo {
    pub id: String,
    pub title: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VetoOutcome {
    pub id: String,
    pub title: Text,
    pub note: String,
    /// `pack` or `review`.
    pub source: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BonusOutcome {
    pub id: String,
    pub title: Text,
    /// Points granted for this claim (before the cap): 0 when it does not count.
    pub points: f64,
    pub note: String,
    pub evidence: Vec<EvidenceRef>,
    /// The honour claimed, as the pack names it (`title`, else `note`).
    #[serde(default)]
    pub achievement: String,
    /// The award date as written, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awarded: Option<String>,
    /// Why the claim earns less than the bonus item's points, in plain words; empty when it
    /// counts in full.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<Text>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusCounts {
    pub met: usize,
    pub partial: usize,
    pub unmet: usize,
    pub not_applicable: usize,
    pub waived: usize,
    pub error: usize,
}

/// The decision on one leaf item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    Partial,
    Unmet,
    NotApplicable,
    Waived,
    Error,
}

impl Status {
    pub fn title(self) -> Text {
        let (zh, en) = match self {
            Status::Met => ("已完成", "met"),
            Status::Partial => ("部分完成", "partial"),
            Status::Unmet => ("未完成", "unmet"),
            Status::NotApplicable => ("不适用", "not applicable"),
            Status::Waived => ("已豁免", "waived"),
            Status::Error => ("出错", "error"),
        };
        Text {
            zh: zh.to_owned(),
            en: en.to_owned(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupOutcome {
    pub id: String,
    pub title: Text,
    /// 1 for the outermost level.
    pub level: usize,
    pub parent: Option<String>,
    pub points: f64,
    pub score: f64,
    pub counts: StatusCounts,
    /// Where the group comes from in its original catalog (the standard's `source`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<crate::standard::model::ItemSource>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemOutcome {
    pub id: String,
    pub title: Text,
    /// Ids of the enclosing groups, outermost first (for a group's own part, the group last).
    pub path: Vec<String>,
    pub status: Status,
    /// Whether the standard names it a core item.
    pub core: bool,
    pub points: f64,
    /// 0..1
    pub credit: f64,
    /// points × credit, rounded to 2 decimals.
    pub score: f64,
    /// What was found, in words a person can act on.
    pub reasons: Vec<Text>,
    /// What is missing and what to do about it, most important first: the line the terminal
    /// table, the reports and the 整改清单 lead with. Empty when the item is met.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shortfall: Vec<Text>,
    /// Files that satisfied the checks.
    pub evidence: Vec<EvidenceRef>,
    /// The trace of every check.
    pub checks: Vec<CheckOutcome>,
    /// The reviewer's re-score (复评分), when review.yaml gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<ItemReview>,
    /// Declared "无此情形" (nothing to do this year): a flavour of not applicable (`status` is
    /// `not_applicable`) whose score the standard's `scoring.no_case` sets.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_case: bool,
    /// What the standard's source supports for this item (the standard's `basis`), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<crate::standard::model::Basis>,
    /// Where the item comes from in its original catalog (the standard's `source`), verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<crate::standard::model::ItemSource>,
    /// Outside the selected profile (档次): `status` is `not_applicable`, the points leave every
    /// denominator whatever `scoring.not_applicable` says, and no check ran.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub by_profile: bool,
    /// The own part of a group (a requirement with sub-requirements): the group's own checks and
    /// points, scored beside its children; `id` is the group's id and `path` ends with it (the
    /// own part sits under its group, as its children do).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub group: bool,
}

impl ItemOutcome {
    /// Whether the item is informational (`points: 0`): evaluated and reported, never scored.
    pub fn informational(&self) -> bool {
        self.points == 0.0 && !self.by_profile
    }

    /// The status in words as reports show it: "不在所选档次内" for an item outside the selected
    /// profile, the status with "不计分" for an informational item, else the status.
    pub fn status_label(&self) -> Text {
        if self.by_profile {
            return Text {
                zh: "不在所选档次内".to_owned(),
                en: "outside the selected profile".to_owned(),
            };
        }
        let status = self.status.title();
        if self.informational() {
            return Text {
                zh: format!("{}（不计分）", status.zh),
                en: format!("{} (not scored)", status.en),
            };
        }
        status
    }
}

/// A reviewer's re-score of one leaf, as review.yaml gave it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemReview {
    pub score: f64,
    pub by: String,
    pub date: String,
    #[serde(default)]
    pub comment: String,
}

/// What is wrong with one evidence file, found while a check weighed it (`Results::evidence_quality`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileFinding {
    /// Path relative to the pack root, with `/` separators.
    pub path: String,
    pub kind: FindingKind,
    /// `false`: the file was not counted for any item; `true`: counted, but flagged for the
    /// auditor (a date that disagrees with the content, when the standard does not require
    /// agreement).
    pub counted: bool,
    /// The leaf items whose checks met the file, in the order they met it.
    pub items: Vec<String>,
    /// What is wrong, in plain words (without the file's own name: it is in `path`).
    pub reason: Text,
    /// What the officer should do about it.
    pub fix: Text,
    /// Other files the finding concerns: the original a copy duplicates, the copies of it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
}

/// Why a file is discounted or doubted: one word per cause, stable in JSON.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// The content is not what the extension claims (a text file named `.docx`).
    WrongType,
    /// No content at all (0 bytes).
    Empty,
    /// Smaller than the standard's `min_bytes` for this kind of evidence.
    TooSmall,
    /// Fewer pages than the standard's `min_pages`.
    TooFewPages,
    /// Less text than the standard's `min_chars`.
    TooFewChars,
    /// Its text cannot be read (a binary `.doc`, a scan without a text layer, a damaged file).
    Unreadable,
    /// The same bytes as another file that already counts.
    Copy,
    /// The date in its name disagrees with the date in its content (or the content date lies
    /// after the period).
    DateConflict,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRef {
    /// Path relative to the pack root, with `/` separators.
    pub path: String,
    pub sha256: String,
}

/// The trace of one check (and of its children for `all`/`any`/`at_least`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckOutcome {
    /// `files`, `records`, `value`, `expr`, `schema`, `text`, `attest`, `all`, `any`, `at_least`.
    pub kind: String,
    /// The check's label as the standard gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The check's English label as the standard gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    /// 0..1
    pub credit: f64,
    /// Whether the check could not be decided (bad or missing data).
    pub error: bool,
    /// What the check asks for, in plain words: the standard's `describe`, else a sentence built
    /// from the check. Empty in results written before version 3.
    #[serde(default)]
    pub requires: Text,
    /// What was found, in plain words (no globs, keys or expressions).
    pub reasons: Vec<Text>,
    /// What is missing and what to do about it, in plain words; empty when the check holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shortfall: Vec<Text>,
    /// The technical trace for the standard's authors (globs, keys, expressions, filters): shown
    /// by `--explain`, in JSON and in the report's appendix, never in an officer's text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub detail: Vec<Text>,
    pub evidence: Vec<EvidenceRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<CheckOutcome>,
    /// A gate of its item (the standard's `gate: true`): unless it holds, the item earns 0; it
    /// adds nothing to the item's average.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub gate: bool,
    /// For a check with a `periods` rule (one record per quarter, a report each half-year): the
    /// periods it asks for and those the evidence covers, as the evaluator matched them. Absent
    /// when the check has no such rule or never got to match dates (no register, no date
    /// column), and from results written before version 6.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periods: Option<PeriodCoverage>,
}

/// Which periods of a kind a check's dated evidence covers, in machine keys: `2025` (year),
/// `2025-H1` (half-year), `2025-Q3` (quarter), `2025-07` (month).
///
/// The plain-language reason ("覆盖 2/4 个季度，缺 2025年第3季度…") says the same for a person;
/// this is what a program reads (`status` finds the periods still due from it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodCoverage {
    /// The kind of period: `month`, `quarter`, `half` or `year`.
    pub per: crate::standard::model::Per,
    /// Every period of the kind that the review period touches, in order.
    pub expected: Vec<String>,
    /// The periods covered (a subset of `expected`), in order.
    pub covered: Vec<String>,
    /// How many periods the rule needs for full credit (its `min`, else as many as the review
    /// period lasts).
    pub needed: usize,
    /// Days after a period's end that its evidence may still be dated (`report_due_days`).
    pub due_days: u32,
    /// The dates the check accepted: the review period, widened after its end by the check's
    /// grace or due days.
    pub window: DateWindow,
}

/// A span of days, both ends included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateWindow {
    /// First day, YYYY-MM-DD.
    pub from: String,
    /// Last day, YYYY-MM-DD.
    pub to: String,
}

/// A score as results carry it: two decimals, and never `-0` (a sum of no terms, or a product with
/// a negative factor, can be `-0.0`, and whether it is may differ between a debug and a release
/// build; `-0` would then print and compare differently).
pub fn round2(x: f64) -> f64 {
    let rounded = (x * 100.0).round() / 100.0;
    if rounded == 0.0 {
        0.0
    } else {
        rounded
    }
}

/// A credit as results carry it: four decimals, never `-0`.
pub fn round4(x: f64) -> f64 {
    let rounded = (x * 10_000.0).round() / 10_000.0;
    if rounded == 0.0 {
        0.0
    } else {
        rounded
    }
}

/// Reads a RESULTS.json, refusing a contract version this build does not know. A failure names
/// the file and, for malformed JSON, the line and column, with the text for the snippet.
pub fn read_results(path: &Path) -> Result<Results, crate::CannotRun> {
    let shown = crate::standard::load::display(path);
    let text = crate::source::read_utf8(path, &shown, crate::source::Limit::RESULTS)?;
    parse_results(&text, &shown)
}

/// [`read_results`] of a text already read (`shown` names its file).
pub fn parse_results(text: &str, shown: &str) -> Result<Results, crate::CannotRun> {
    use crate::diagnostic::Diagnostic;
    let malformed = |e: serde_json::Error| {
        crate::CannotRun::from(malformed_results(shown, &e)).with_source(shown, text)
    };
    let value: serde_json::Value = serde_json::from_str(text).map_err(malformed)?;
    match value.get("schema_version").and_then(|v| v.as_u64()) {
        Some(v) if (u64::from(OLDEST_SCHEMA_VERSION)..=u64::from(SCHEMA_VERSION)).contains(&v) => {}
        Some(v) => {
            return Err(Diagnostic::error(
                "results-version",
                shown,
                format!("评估结果的版本 schema_version {v} 不受支持；本 changai 读取第 {OLDEST_SCHEMA_VERSION} 至 {SCHEMA_VERSION} 版"),
                format!("results schema_version `{v}` is not supported; this changai reads versions {OLDEST_SCHEMA_VERSION} to {SCHEMA_VERSION}"),
            )
            .into())
        }
        None => {
            return Err(Diagnostic::error(
                "results-version",
                shown,
                "没有 schema_version：这是 `changai evaluate --format json` 的输出吗？",
                "no `schema_version`: is this the output of `changai evaluate --format json`?",
            )
            .into())
        }
    }
    // Results that carry a seal must match it: a report, a ranking or an OSCAL export of a
    // RESULTS.json edited after scoring would certify numbers no evaluation gave. Version 1
    // results predate the seal and are read as they are; from version 2 on the seal is required.
    let version = value
        .get("schema_version")
        .and_then(|v| v.as_u64())
        .unwrap_or(0);
    let seal = value.get(crate::evidence::seal::SEAL_FIELD);
    let intact = match seal.and_then(|s| s.as_str()) {
        Some(recorded) => recorded == crate::evidence::seal::results_digest(&value),
        None => seal.is_none() && version < 2,
    };
    if !intact {
        return Err(Diagnostic::error(
            "results-seal",
            shown,
            "评估结果与它的校验码不符：文件在评估后被改动过（或没有校验码）。请重新评估证据包，不要手工修改评估结果",
            "the results do not match their seal: the file was changed after the evaluation (or has no seal). Evaluate the pack again; do not edit results by hand",
        )
        .into());
    }
    // Parse the text again (not the value) so errors carry a line and column.
    serde_json::from_str(text).map_err(malformed)
}

/// Results that are not JSON, or not results: the file, the line and column, in our words by
/// the error's category.
pub fn malformed_results(shown: &str, e: &serde_json::Error) -> crate::diagnostic::Diagnostic {
    let (zh, en) = crate::source::json_words(e);
    let at = (e.line() > 0).then(|| crate::diagnostic::Position {
        line: e.line(),
        column: e.column(),
    });
    crate::diagnostic::Diagnostic::error(
        "malformed-results",
        shown,
        format!("不是有效的评估结果 JSON（{zh}）"),
        format!("not valid results JSON ({en})"),
    )
    .at(at)
    .with_cause(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::{round2, round4};

    #[test]
    fn rounding_never_gives_negative_zero() {
        let empty: f64 = std::iter::empty::<f64>().sum();
        for x in [-0.0, -0.00001, empty] {
            assert!(round2(x).is_sign_positive(), "{x}");
            assert!(round4(x).is_sign_positive(), "{x}");
        }
        assert!(round2(-0.004).is_sign_positive());
        assert_eq!(round4(-0.004), -0.004);
        assert_eq!(round2(2.0 / 3.0), 0.67);
        assert_eq!(round4(2.0 / 3.0), 0.6667);
    }
}
