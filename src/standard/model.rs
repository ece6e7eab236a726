//! The standard as data: the types an author writes in YAML.
//!
//! These types are the format. The JSON Schema in `standards/schema/standard.schema.json` is
//! generated from them (a test fails when it drifts), and the loader deserializes into them with
//! every struct closed (`deny_unknown_fields`), so a misspelled key is an error, never a silent drop.
//! Evaluation only ever borrows a [`Standard`]; results live in their own tree (`crate::outcome`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A text in Chinese and English. Chinese is what officers read first; English is for reports in
/// English and for reviewers from outside. A missing half is a lint warning, not an error.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// 中文
    #[serde(default)]
    pub zh: String,
    /// English
    #[serde(default)]
    pub en: String,
}

impl Text {
    /// The text in the wanted language, falling back to the other one when it is empty.
    pub fn get(&self, lang: crate::Lang) -> &str {
        let (first, second) = match lang {
            crate::Lang::Zh => (&self.zh, &self.en),
            crate::Lang::En => (&self.en, &self.zh),
        };
        if first.trim().is_empty() {
            second
        } else {
            first
        }
    }
}

/// The top of a standard file (`standard.yaml`, or a single-file standard).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    /// Stable identifier, e.g. `lingfeng-2021`. Evidence packs name it.
    pub id: String,
    /// Version of this standard, e.g. `2021.1`.
    pub version: String,
    pub title: Text,
    /// The body that issues the standard (发布单位).
    pub issuer: Text,
    /// Where the standard comes from (document, article).
    #[serde(default)]
    pub source: String,
    /// How faithful this text is to its source (e.g. a reconstruction), in Chinese. When not
    /// empty, reports print a reconstruction notice on the cover and this text in full.
    #[serde(default)]
    pub provenance: String,
    /// The same statement in English.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub provenance_en: String,
    /// Defined terms (术语) the numbers depend on: shown in the report's appendix and in the
    /// guide `init` writes into a new pack.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<Term>,
    /// Names of the levels, outermost first (一级标准, 二级标准, 三级标准).
    pub levels: Vec<Text>,
    /// How item ids relate to their parents' ids: `nested` (default, a child's id extends its
    /// parent's, lint `id-prefix`) or `free` (any id). Ids are unique in the whole standard either
    /// way.
    #[serde(default, skip_serializing_if = "IdStyle::is_nested")]
    pub id_style: IdStyle,
    /// Profiles (档次): baselines, implementation groups or assurance levels that items are
    /// tagged with (`profiles:` on an item); a pack selects one with `profile:` or `--profile`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<Profile>,
    /// Declared number of items per level, outermost first, e.g. `[6, 17, 55]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<Vec<usize>>,
    pub scoring: Scoring,
    /// The item tree. In a folder standard, files under `items/` add top-level items.
    #[serde(default)]
    pub items: Vec<Item>,
}

/// How item ids relate to their parents' ids.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IdStyle {
    /// A child's id starts with its parent's (`A` → `A1` → `A1.1`); lint `id-prefix` says when
    /// one does not.
    #[default]
    Nested,
    /// Ids are free (ISO clauses beside Annex A controls, catalogs without ids); only uniqueness
    /// is required.
    Free,
}

impl IdStyle {
    fn is_nested(&self) -> bool {
        *self == IdStyle::Nested
    }
}

/// One profile of a standard (档次): a baseline, an implementation group or an assurance level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Stable identifier that items (`profiles:`) and packs (`profile:`) name, e.g. `ig1`.
    pub id: String,
    pub title: Text,
}

/// Where an item comes from in its original catalog, kept verbatim in results so that results
/// can be exported back. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemSource {
    /// A URN that names the item in its catalog, e.g.
    /// `urn:intuitem:risk:req_node:iso27001-2022:a.5.1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urn: Option<String>,
    /// The item's own reference in its catalog, e.g. `AC-2(1)` or `A.5.1`.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// A link to the item's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
}

/// How points become a grade.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// Total points of all leaf items (bonus not included).
    pub total: f64,
    /// Grade bands, best first; a score at or above `min` earns the band.
    pub grades: Vec<GradeBand>,
    /// Core items (核心项): the top grade needs every one of them met.
    #[serde(default)]
    pub core: Vec<String>,
    /// The grade that core items guard; default: the best band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub core_grade: Option<String>,
    /// Veto conditions (一票否决): any one declared in a pack sets the worst grade.
    #[serde(default)]
    pub vetoes: Vec<Veto>,
    /// Bonus items (加分项) and their cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus: Option<Bonus>,
    /// What a not-applicable item does to the score.
    #[serde(default)]
    pub not_applicable: NotApplicablePolicy,
    /// The role that confirms, in the review file, what a community declares about itself (e.g.
    /// `区总工会`): a core item declared not applicable, waived or "无此情形" counts toward the
    /// core-item rule only with this role's signed confirmation; an item whose `no_case` is
    /// `attested` needs it too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approver: Option<String>,
    /// What an item declared "无此情形" (nothing to do this year) scores.
    #[serde(default)]
    pub no_case: NoCasePolicy,
}

/// What an item declared "无此情形" scores.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoCasePolicy {
    /// Its points leave the denominator, as a not-applicable item's do under `exclude`.
    #[default]
    Exclude,
    /// It earns its full points.
    Award,
}

/// Whether a pack may declare an item "无此情形" (nothing to do this year).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoCase {
    /// Never: the item is always checked.
    #[default]
    Never,
    /// With a reason.
    Allowed,
    /// With a reason and the approver's signed confirmation in the review file.
    Attested,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GradeBand {
    /// Stable identifier, e.g. `excellent`.
    pub id: String,
    pub title: Text,
    /// Lowest score (inclusive) of the band.
    pub min: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Veto {
    pub id: String,
    pub title: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bonus {
    /// Most bonus points a pack can add.
    pub cap: f64,
    pub items: Vec<BonusItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BonusItem {
    pub id: String,
    pub title: Text,
    pub points: f64,
}

/// What not-applicable items do to the score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotApplicablePolicy {
    /// Their points leave the denominator; the score is rescaled to the total.
    #[default]
    Exclude,
    /// They earn their full points.
    Award,
    /// They earn nothing.
    Zero,
}

/// One item of the tree. An item with `items` is a group (level-1, level-2 …); an item without is
/// a leaf (level-3 in the shipped standard) and carries points, guidance and checks. A group may
/// carry its own points, guidance and checks too (a requirement with sub-requirements): its own
/// part is scored like a leaf, beside its children.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Identifier, unique in the standard; under `id_style: nested` a child's id extends its
    /// parent's (`A` → `A1` → `A1.1`).
    pub id: String,
    pub title: Text,
    /// Where the item comes from in its original catalog (URN, reference, link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ItemSource>,
    /// The profiles (档次) the item belongs to, by id; a group's apply to all its descendants. An
    /// item with none on itself or any ancestor belongs to every profile.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<String>,
    /// Points of a leaf, or of a group's own part; `0` marks an informational item (evaluated and
    /// reported, never scored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
    /// What the officer should keep as evidence, in plain Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<String>,
    /// The same guidance in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance_en: Option<String>,
    /// What the source supports for this item's topic and for its scored rule (a reconstructed
    /// standard says so item by item).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    /// Whether a leaf may earn part of its points (default true). When false, anything short of
    /// full evidence scores 0.
    #[serde(default = "yes")]
    pub partial_credit: bool,
    /// Evidence checks of a leaf; all of them must hold (credit is their average).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    /// Whether a pack may declare this leaf "无此情形" (nothing to do this year); default never.
    #[serde(default, skip_serializing_if = "is_never")]
    pub no_case: NoCase,
    /// Leaves whose records checks read the same rows on purpose (lint `shared-rows` stays
    /// quiet for them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shares_evidence_with: Vec<String>,
    /// Children of a group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
}

/// One defined term of a standard's glossary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The term as the standard uses it, e.g. `产改覆盖`.
    pub term: String,
    /// Its definition in Chinese.
    pub definition: String,
    /// Its definition in English.
    #[serde(default)]
    pub definition_en: String,
}

/// How well the source supports an item: its topic and the rule that gets scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Basis {
    /// What the source says about the item's topic.
    pub topic: BasisTag,
    /// What the source says about the scored rule (count, deadline, share, threshold).
    pub rule: BasisTag,
    /// A short quote from the source and what was reconstructed, in Chinese.
    #[serde(default)]
    pub note: String,
    /// The same note in English.
    #[serde(default)]
    pub note_en: String,
}

/// How a topic or a rule is grounded in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BasisTag {
    /// The source states it for the community (or for every community).
    Stated,
    /// The source states it for the whole district; scaled to one community.
    District,
    /// The source describes it as one enterprise's practice.
    Enterprise,
    /// The source supports it in part.
    Partly,
    /// Not in the source: reconstructed from common practice.
    Inferred,
}

impl BasisTag {
    /// Plain words for the tag.
    pub fn describe(self, lang: crate::Lang) -> &'static str {
        match (self, lang) {
            (BasisTag::Stated, crate::Lang::Zh) => "报道明确提到",
            (BasisTag::District, crate::Lang::Zh) => "报道所述为全区情况，按一个社区折算",
            (BasisTag::Enterprise, crate::Lang::Zh) => "报道所述为一家企业的做法",
            (BasisTag::Partly, crate::Lang::Zh) => "报道部分支持",
            (BasisTag::Inferred, crate::Lang::Zh) => "报道未提到，按常见做法重构",
            (BasisTag::Stated, crate::Lang::En) => "stated in the article",
            (BasisTag::District, crate::Lang::En) => {
                "a district-wide fact of the article, scaled to one community"
            }
            (BasisTag::Enterprise, crate::Lang::En) => "one enterprise's practice in the article",
            (BasisTag::Partly, crate::Lang::En) => "partly supported by the article",
            (BasisTag::Inferred, crate::Lang::En) => {
                "not in the article: reconstructed from common practice"
            }
        }
    }
}

fn is_never(n: &NoCase) -> bool {
    *n == NoCase::Never
}

fn yes() -> bool {
    true
}

impl Item {
    pub fn is_leaf(&self) -> bool {
        self.items.is_empty()
    }

    /// Whether the item is assessed itself: every leaf, and a group with its own checks or
    /// points (a requirement with sub-requirements).
    pub fn is_assessed(&self) -> bool {
        self.is_leaf() || self.has_own_part()
    }

    /// Whether a group carries its own part (points or checks). Always false for a leaf.
    pub fn has_own_part(&self) -> bool {
        !self.is_leaf() && (self.points.is_some() || !self.checks.is_empty())
    }

    /// Whether the item is informational: `points: 0`, evaluated but never scored.
    pub fn is_informational(&self) -> bool {
        self.points == Some(0.0)
    }
}

/// The check vocabulary. Each check yields a credit between 0 and 1 and reasons.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[allow(clippy::large_enum_variant)] // definitions, built once per run
pub enum Check {
    /// Files matched by a glob: counts, extensions, dates, periods.
    Files(FilesCheck),
    /// Rows of a data file (yaml, json, csv, xlsx): filter, count, periods, sums, ratios.
    Records(RecordsCheck),
    /// One value of a data file compared with a threshold.
    Value(ValueCheck),
    /// A boolean minijinja expression over the pack's data.
    Expr(ExprCheck),
    /// A data file valid against a JSON Schema.
    Schema(SchemaCheck),
    /// Keywords present in documents (docx, PDF with a text layer, odt, html, txt, md).
    Text(TextCheck),
    /// A signed entry by a named reviewer in the pack's review file.
    Attest(AttestCheck),
    /// Every check must hold; credit is the average.
    All(Vec<Check>),
    /// One check must hold; credit is the best.
    Any(Vec<Check>),
    /// At least `k` of the checks must hold; credit is the sum of the best `k` divided by `k`.
    AtLeast(AtLeastCheck),
}

impl Check {
    /// Whether the check is a gate (门槛, `gate: true`): when a gate on an item's own checks is not
    /// met, the item earns 0 whatever its other checks earn. A gate is a condition, not a share of
    /// the credit: the item's credit is the average of its other checks (full when it has none).
    /// `all` and `any` cannot be gates; a gate inside a composite is a lint error.
    pub fn gate(&self) -> bool {
        match self {
            Check::Files(c) => c.gate,
            Check::Records(c) => c.gate,
            Check::Value(c) => c.gate,
            Check::Expr(c) => c.gate,
            Check::Schema(c) => c.gate,
            Check::Text(c) => c.gate,
            Check::Attest(c) => c.gate,
            Check::AtLeast(c) => c.gate,
            Check::All(_) | Check::Any(_) => false,
        }
    }
}

/// A period length for "distinct periods" rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    Month,
    Quarter,
    Half,
    Year,
}

/// Distinct periods covered: e.g. one record per quarter.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodsRule {
    pub per: Per,
    /// How many distinct periods must be covered; default: every period of the review period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    /// Each period's evidence may be dated up to this many days after the period ends (a
    /// half-year's report heard in the following month counts for that half-year); the last
    /// period's evidence counts up to as many days after the review period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_due_days: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FilesCheck {
    /// What the check asks for, in plain words an officer understands (shown in reports instead
    /// of globs, keys and expressions); when absent the engine builds a sentence from the check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub describe: Option<String>,
    /// The same in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub describe_en: Option<String>,
    /// What the files are, in words (used in reasons), e.g. `领导小组成立通知`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The same in English, e.g. `notice setting up the leading group`; English text falls back
    /// to `label` when absent (lint `no-label-en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    /// Glob relative to the pack root, e.g. `A1/领导小组/*.{pdf,docx}`.
    pub glob: String,
    /// Fewest matching files (default 1). With partial credit, fewer earn count/min.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    /// Most matching files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    /// Allowed extensions (lowercase, without dot); empty: any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<String>,
    /// Only files dated inside the review period count (by the date in their name, else the date
    /// inside them: see docs/standard-format.md §6).
    #[serde(default)]
    pub in_period: bool,
    /// Only files dated on or before this month-day of the review year count, e.g. `03-31`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// Distinct periods the files' dates must cover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periods: Option<PeriodsRule>,
    /// Files dated up to this many days after the end of the review period count too, for its
    /// last period (`in_period`, `periods`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grace_days: Option<u32>,
    /// A file whose content date (photo taken, document created) disagrees with the date in its
    /// name does not count. Without it such a file counts and is listed for the auditor.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dates_agree: bool,
    /// How many days the content date may lie from the name's date before they disagree
    /// (default 31).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_tolerance_days: Option<u32>,
    /// Smallest size in bytes a file must have to count (a smaller one is listed as too small).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_bytes: Option<u64>,
    /// Fewest pages a file must have to count (PDF pages; a docx's or odt's recorded page count;
    /// a photo or scan is one page). A file whose page count is not known (txt, html, a docx
    /// without one) is not judged by this rule, and `--explain` says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_pages: Option<u32>,
    /// Fewest characters of text (whitespace not counted) a file must have to count; a file whose
    /// text cannot be read (a scan, a photo, a binary `.doc`) does not count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_chars: Option<u32>,
    /// A gate (门槛): see [`Check::gate`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub gate: bool,
}

/// A column rule over the rows of a data file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordPeriods {
    /// The date column.
    pub column: String,
    pub per: Per,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    /// As for `files`: each period's rows may be dated up to this many days after it ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_due_days: Option<u32>,
}

/// Sum of a numeric column compared with a threshold.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SumRule {
    pub column: String,
    /// The sum must reach this.
    pub min: f64,
    /// Partial credit from this value up to `min`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<f64>,
}

/// A ratio compared with a target, with partial credit between a floor and the target.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RatioRule {
    /// Row expression for the numerator: the ratio is rows matching it over all (filtered) rows.
    /// Either this, or `numerator_column` with `denominator_column` (sums of two columns).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerator_column: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator_column: Option<String>,
    /// The ratio that earns full credit (0..1).
    pub target: f64,
    /// The ratio at or below which no credit is earned; between floor and target credit grows
    /// linearly. Without it the rule is all or nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<f64>,
}

/// Distinct values of a column: at least `min` of them, or every one of `values`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DistinctRule {
    pub column: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordsCheck {
    /// What the check asks for, in plain words an officer understands (shown in reports instead
    /// of globs, keys and expressions); when absent the engine builds a sentence from the check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub describe: Option<String>,
    /// The same in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub describe_en: Option<String>,
    /// What the check is about, in words (used in reasons and shortfalls), e.g. `走访台账`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The same in English; English text falls back to `label` when absent (lint `no-label-en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    /// Glob of the data file(s), relative to the pack root; rows of all matches are joined.
    /// Without an extension (`data/培训台账`) it finds the register in any format read.
    pub file: String,
    /// Sheet of a workbook (default: the first sheet whose header holds the columns the check
    /// uses), or a key path inside yaml/json whose value is the list of rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Row filter, a minijinja expression over the row's columns, e.g. `状态 == "已办结"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// Only rows whose date in this column is inside the review period count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_column: Option<String>,
    /// Fewest rows (after filter and date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    /// Most rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    /// Columns that must be filled in every row; credit is the share of complete rows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periods: Option<RecordPeriods>,
    /// Rows dated up to this many days after the end of the review period count too, for its
    /// last period (`date_column`, `periods`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grace_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distinct: Option<DistinctRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sum: Option<SumRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratio: Option<RatioRule>,
    /// A gate (门槛): see [`Check::gate`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub gate: bool,
}

/// Comparison operators of `value` checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Op {
    #[serde(rename = "==")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = "<")]
    Lt,
    /// `threshold` is `[low, high]`, both inclusive.
    #[serde(rename = "between")]
    Between,
    /// `threshold` is a list of allowed values.
    #[serde(rename = "in")]
    In,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueCheck {
    /// What the check asks for, in plain words an officer understands (shown in reports instead
    /// of globs, keys and expressions); when absent the engine builds a sentence from the check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub describe: Option<String>,
    /// The same in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub describe_en: Option<String>,
    /// What the check is about, in words (used in reasons and shortfalls), e.g. `走访台账`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The same in English; English text falls back to `label` when absent (lint `no-label-en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    /// Data file (yaml/json) relative to the pack root.
    pub file: String,
    /// Dotted path of the value inside the file, e.g. `coverage.above_scale`.
    pub path: String,
    pub op: Op,
    /// A number, string or bool; `[low, high]` for `between`; a list for `in`.
    pub threshold: serde_json::Value,
    /// For `>=` and `>`: partial credit grows linearly from this value to the threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<f64>,
    /// A gate (门槛): see [`Check::gate`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub gate: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExprCheck {
    /// What the check asks for, in plain words an officer understands (shown in reports instead
    /// of globs, keys and expressions); when absent the engine builds a sentence from the check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub describe: Option<String>,
    /// The same in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub describe_en: Option<String>,
    /// What the check is about, in words (used in reasons and shortfalls), e.g. `走访台账`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The same in English; English text falls back to `label` when absent (lint `no-label-en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    /// A minijinja expression; data files under `data/` are variables named by their file stem,
    /// `pack` is pack.yaml, e.g. `indicators.coverage >= 0.9 and staff.full_time >= 6`.
    pub expr: String,
    /// A gate (门槛): see [`Check::gate`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub gate: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SchemaCheck {
    /// What the check asks for, in plain words an officer understands (shown in reports instead
    /// of globs, keys and expressions); when absent the engine builds a sentence from the check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub describe: Option<String>,
    /// The same in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub describe_en: Option<String>,
    /// What the check is about, in words (used in reasons and shortfalls), e.g. `走访台账`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The same in English; English text falls back to `label` when absent (lint `no-label-en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    /// Data file (yaml/json) relative to the pack root.
    pub file: String,
    /// The JSON Schema, inline.
    pub schema: serde_json::Value,
    /// A gate (门槛): see [`Check::gate`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub gate: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TextCheck {
    /// What the check asks for, in plain words an officer understands (shown in reports instead
    /// of globs, keys and expressions); when absent the engine builds a sentence from the check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub describe: Option<String>,
    /// The same in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub describe_en: Option<String>,
    /// What the check is about, in words (used in reasons and shortfalls), e.g. `走访台账`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The same in English; English text falls back to `label` when absent (lint `no-label-en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    /// Glob of documents (docx, PDF with a text layer, odt, html, txt, md).
    pub glob: String,
    /// Words every counted document must contain (whitespace is ignored in the comparison).
    pub keywords: Vec<String>,
    /// Fewest documents containing every keyword (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    /// Smallest size in bytes a document must have to count (a smaller one is listed as too
    /// small).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_bytes: Option<u64>,
    /// Fewest pages a file must have to count (PDF pages; a docx's or odt's recorded page count;
    /// a photo or scan is one page). A file whose page count is not known (txt, html, a docx
    /// without one) is not judged by this rule, and `--explain` says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_pages: Option<u32>,
    /// Fewest characters of text (whitespace not counted) a file must have to count; a file whose
    /// text cannot be read (a scan, a photo, a binary `.doc`) does not count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_chars: Option<u32>,
    /// A gate (门槛): see [`Check::gate`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub gate: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AttestCheck {
    /// What the check asks for, in plain words an officer understands (shown in reports instead
    /// of globs, keys and expressions); when absent the engine builds a sentence from the check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub describe: Option<String>,
    /// The same in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub describe_en: Option<String>,
    /// What the check is about, in words (used in reasons and shortfalls), e.g. `走访台账`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The same in English; English text falls back to `label` when absent (lint `no-label-en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    /// The reviewer's role that must sign, e.g. `区总工会`.
    pub role: String,
    /// A gate (门槛): see [`Check::gate`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub gate: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AtLeastCheck {
    /// What the check asks for, in plain words an officer understands (shown in reports instead
    /// of globs, keys and expressions); when absent the engine builds a sentence from the check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub describe: Option<String>,
    /// The same in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub describe_en: Option<String>,
    pub k: u32,
    pub of: Vec<Check>,
    /// A gate (门槛): see [`Check::gate`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub gate: bool,
}
