//! The evidence pack's own description: `pack.yaml` and the review file `review.yaml`.
//!
//! An officer writes `pack.yaml` once a year: which community, which period, which standard, who
//! prepared it, and the declarations that only a person can make (not applicable, waivers, vetoes,
//! bonus claims). Reviewers sign attestations in `review.yaml`. Both are read, never written.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    /// The community, e.g. `灵峰工业社区`.
    pub community: String,
    /// The review period: a year (`2025`) or `{from: 2025-01-01, to: 2025-12-31}`.
    pub period: PeriodSpec,
    /// The standard this pack is prepared against.
    pub standard: StandardRef,
    /// Who prepared the pack (编制人).
    pub preparer: String,
    /// Items that do not apply to this community, each with a justification.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_applicable: Vec<Declaration>,
    /// Items waived by the district, with a justification and an expiry date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waivers: Vec<Waiver>,
    /// Veto conditions that occurred (一票否决).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vetoes: Vec<VetoDeclaration>,
    /// Leaves with nothing to do this year (无此情形), each with the reason, e.g. no labour
    /// dispute happened. Allowed only where the standard's item says `no_case`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub no_case: Vec<Declaration>,
    /// Bonus claims (加分), each naming a bonus item of the standard and its evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bonus: Vec<BonusClaim>,
    /// The year's task list (任务清单): a data file with task, item, owner, deadline, status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// The profile (档次) of the standard the pack is assessed against, by id; items outside it
    /// are not applicable by profile. `--profile` overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum PeriodSpec {
    Year(i32),
    Range { from: String, to: String },
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StandardRef {
    pub id: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Declaration {
    pub item: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    pub item: String,
    pub reason: String,
    /// Who approved the waiver.
    pub approved_by: String,
    /// Last day the waiver holds (YYYY-MM-DD).
    pub expires: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VetoDeclaration {
    /// The id of a veto condition of the standard.
    pub id: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BonusClaim {
    /// The id of a bonus item of the standard.
    pub id: String,
    pub note: String,
    /// The honour or achievement, as named on its certificate (e.g. `宁波市模范职工之家`). The
    /// same achievement claimed under several bonus ids counts once; without it, `note` names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The day it was awarded (YYYY-MM-DD); it must fall inside the review period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awarded: Option<String>,
    /// The certificate (or award document) file, relative to the pack root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    /// Evidence file(s), relative to the pack root.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
}

/// `review.yaml`: attestations signed by reviewers, veto findings of the review, and the
/// reviewer's own scores (复评分).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewFile {
    /// The community the review is for. Required in a review file kept outside the pack (the
    /// auditor's `--review` / `--reviews`), where it must equal pack.yaml's; optional inside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community: Option<String>,
    /// The review period, written as in pack.yaml; required outside the pack, like `community`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<PeriodSpec>,
    /// The standard the review was made against (`{id, version}`); its id must be the id of the
    /// standard the pack is evaluated against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<StandardRef>,
    #[serde(default)]
    pub attestations: Vec<Attestation>,
    #[serde(default)]
    pub vetoes: Vec<VetoDeclaration>,
    /// The reviewer's scores of leaf items (复评分), beside the community's self-scores.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rescores: Vec<Rescore>,
}

/// One re-score: the points a reviewer gives a leaf item, from 0 to the item's points.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rescore {
    pub item: String,
    pub score: f64,
    /// Reviewer's name.
    pub by: String,
    /// Date of the review (YYYY-MM-DD).
    pub date: String,
    /// Why the score differs, e.g. `台账缺少签到表，扣 0.5 分`.
    #[serde(default)]
    pub comment: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attestation {
    pub item: String,
    /// Reviewer's name.
    pub by: String,
    /// Reviewer's role, matched against the check's `role`.
    pub role: String,
    /// Date signed (YYYY-MM-DD).
    pub date: String,
    pub verdict: Verdict,
    #[serde(default)]
    pub comment: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Met,
    Partial,
    Unmet,
}
