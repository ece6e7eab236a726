//! `changai verify RESULTS.json PACK`: does the score still hold?
//!
//! A score holds when nothing that decided it changed, so `verify` checks all of it:
//!
//! - the results themselves: their seal (a digest of their own content) must match, or RESULTS.json
//!   was edited after it was written;
//! - the pack: every file (by the manifest the results recorded: path, size, sha256) and the two
//!   declaration files, `pack.yaml` and `review.yaml`; each file added, removed or changed is named,
//!   with the items a removed or changed file proved;
//! - the standard: its digest must be the one scored (the embedded standard when the results name
//!   it, otherwise the one given with `--standard`);
//! - the score: the pack is evaluated again against the standard, and a total, grade, reviewed
//!   total or grade, or item status or score that differs is listed, old → new.
//!
//! The seal is a checksum, not a signature: anyone can recompute it after editing the results.
//! That is why the last check does not trust the recorded score but derives it again from the
//! evidence. Exit 0 only when everything holds, 1 on any finding, 2 when verify cannot run.
//! Nothing in the pack is written.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::Serialize;

use super::{Env, Exit, Output};
use crate::evidence::seal;
use crate::evidence::Pack;
use crate::outcome::{ManifestEntry, Results, Status, SCHEMA_VERSION};
use crate::render::verify::{self as render, Format};
use crate::standard::Standard;
use crate::CannotRun;
use crate::Lang;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 评估结果（changai evaluate --format json 的输出）/ results written by `evaluate --format json`
    pub results: PathBuf,
    /// 证据包文件夹 / the evidence pack folder
    pub pack: PathBuf,
    /// 评分时用的标准文件或文件夹；结果按内置标准评分时可省略 / the standard scored against; may be left out when it is the embedded one
    #[arg(long)]
    pub standard: Option<PathBuf>,
    /// 评分时用的证据包外的复核文件（evaluate --review）/ the review file kept outside the pack that the results were scored with (`evaluate --review`)
    #[arg(long, value_name = "FILE")]
    pub review: Option<PathBuf>,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// How a file differs from the one scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// There now, not when scored.
    Added,
    /// Scored, gone now.
    Removed,
    /// Same path, other content.
    Changed,
}

/// One evidence file that is not as scored.
#[derive(Debug, Clone, Serialize)]
pub struct FileChange {
    pub path: String,
    pub change: Change,
    /// Items (or bonus claims) the file proved when scored; empty for an added file.
    pub proves: Vec<String>,
}

/// A declaration file (`pack.yaml`, `review.yaml`) that is not as scored.
#[derive(Debug, Clone, Serialize)]
pub struct DeclarationChange {
    pub file: String,
    pub change: Change,
}

/// The pack against the manifest the results recorded.
#[derive(Debug, Clone, Serialize)]
pub struct PackCheck {
    /// Every file and both declarations are as scored.
    pub same: bool,
    /// The recorded digest is the digest of the recorded manifest and declaration hashes.
    pub recorded_consistent: bool,
    pub scored_digest: String,
    pub current_digest: String,
    pub scored_files: usize,
    pub current_files: usize,
    /// `pack.yaml` / `review.yaml` edited, added or removed.
    pub declarations: Vec<DeclarationChange>,
    /// Evidence files added, removed or changed, by path.
    pub files: Vec<FileChange>,
}

/// The standard against the one scored.
#[derive(Debug, Clone, Serialize)]
pub struct StandardCheck {
    pub same: bool,
    pub id: String,
    pub version: String,
    /// `embedded`, or the path given with `--standard`.
    pub source: String,
    pub scored_digest: String,
    pub current_digest: String,
}

/// Total and grade, self-scored and reviewed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    pub total: f64,
    /// Grade id.
    pub grade: String,
    /// Reviewed total (复评), when there are re-scores.
    pub review_total: Option<f64>,
    pub review_grade: Option<String>,
}

/// One leaf item as recorded and as evaluated again (`None`: not in that evaluation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemState {
    pub status: Status,
    pub score: f64,
    /// The reviewer's re-score, if any.
    pub review: Option<f64>,
}

/// A leaf item whose status, score or re-score differs.
#[derive(Debug, Clone, Serialize)]
pub struct ItemChange {
    pub id: String,
    pub scored: Option<ItemState>,
    pub current: Option<ItemState>,
}

/// The pack evaluated again against the standard, beside the recorded score.
#[derive(Debug, Clone, Serialize)]
pub struct Reevaluation {
    pub same: bool,
    pub scored: Totals,
    pub current: Totals,
    /// Items whose status, score or re-score differs, in the recorded order (new ones last).
    pub items: Vec<ItemChange>,
}

/// Everything `verify` found.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    /// Everything holds (exit 0).
    pub verified: bool,
    /// The results' seal matches their content.
    pub results_intact: bool,
    pub pack: PackCheck,
    pub standard: StandardCheck,
    pub reevaluation: Reevaluation,
}

/// Compares sealed results with the pack and the standard as they are now.
///
/// `results_intact` says whether RESULTS.json as it was read matches its seal; `source` names
/// where `standard` came from.
pub fn verify(
    results: &Results,
    results_intact: bool,
    mut pack: Pack,
    standard: &Standard,
    source: &str,
) -> Verification {
    let pack_check = check_pack(results, &pack);
    let compiled = crate::check::Compiled::new(standard);
    let current_digest = compiled.digest.clone();
    let standard_check = StandardCheck {
        same: current_digest == results.standard.digest,
        id: standard.id.clone(),
        version: standard.version.clone(),
        source: source.to_owned(),
        scored_digest: results.standard.digest.clone(),
        current_digest,
    };
    // again in the profile the results were scored in (pack.yaml's, or `--profile`'s)
    pack.file.profile = results.standard.profile.as_ref().map(|p| p.id.clone());
    let again = crate::pipeline::evaluate_compiled(&compiled, &pack);
    let reevaluation = compare(results, &again);
    Verification {
        verified: results_intact && pack_check.same && standard_check.same && reevaluation.same,
        results_intact,
        pack: pack_check,
        standard: standard_check,
        reevaluation,
    }
}

/// Which items (and bonus claims) each file proved, by path.
fn proving(results: &Results) -> BTreeMap<&str, Vec<String>> {
    let mut proving: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let refs = results
        .items
        .iter()
        .flat_map(|i| i.evidence.iter().map(move |e| (e, &i.id)))
        .chain(
            results
                .score
                .bonus_claims
                .iter()
                .flat_map(|b| b.evidence.iter().map(move |e| (e, &b.id))),
        );
    for (e, id) in refs {
        let ids = proving.entry(e.path.as_str()).or_default();
        if !ids.contains(id) {
            ids.push(id.clone());
        }
    }
    proving
}

fn check_pack(results: &Results, pack: &Pack) -> PackCheck {
    let proves = proving(results);
    let scored: BTreeMap<&str, &ManifestEntry> = results
        .pack
        .manifest
        .iter()
        .map(|f| (f.path.as_str(), f))
        .collect();
    let mut files = Vec::new();
    for (path, was) in &scored {
        let change = match pack.file_at(path) {
            None => Change::Removed,
            Some(now) if now.sha256 != was.sha256 || now.size != was.size => Change::Changed,
            Some(_) => continue,
        };
        files.push(FileChange {
            path: (*path).to_owned(),
            change,
            proves: proves.get(path).cloned().unwrap_or_default(),
        });
    }
    for now in &pack.files {
        if !scored.contains_key(now.path.as_str()) {
            files.push(FileChange {
                path: now.path.clone(),
                change: Change::Added,
                proves: Vec::new(),
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));

    let recorded = results.pack.declarations.clone().unwrap_or_default();
    let current = seal::declarations(pack);
    let mut declarations = Vec::new();
    if recorded.pack_yaml != current.pack_yaml {
        declarations.push(DeclarationChange {
            file: crate::evidence::pack::PACK_FILE.to_owned(),
            change: Change::Changed,
        });
    }
    let review = match (&recorded.review_yaml, &current.review_yaml) {
        (None, Some(_)) => Some(Change::Added),
        (Some(_), None) => Some(Change::Removed),
        (Some(a), Some(b)) if a != b => Some(Change::Changed),
        _ => None,
    };
    if let Some(change) = review {
        declarations.push(DeclarationChange {
            file: crate::evidence::pack::REVIEW_FILE.to_owned(),
            change,
        });
    }
    let recorded_consistent =
        seal::recorded_pack_digest(&results.pack.manifest, &recorded) == results.pack.digest;
    PackCheck {
        same: recorded_consistent
            && results.pack.digest == pack.digest
            && files.is_empty()
            && declarations.is_empty(),
        recorded_consistent,
        scored_digest: results.pack.digest.clone(),
        current_digest: pack.digest.clone(),
        scored_files: results.pack.files,
        current_files: pack.files.len(),
        declarations,
        files,
    }
}

fn totals(r: &Results) -> Totals {
    Totals {
        total: r.score.total,
        grade: r.score.grade.id.clone(),
        review_total: r.score.review.as_ref().map(|v| v.total),
        review_grade: r.score.review.as_ref().map(|v| v.grade.id.clone()),
    }
}

fn states(r: &Results) -> Vec<(&str, ItemState)> {
    r.items
        .iter()
        .map(|i| {
            (
                i.id.as_str(),
                ItemState {
                    status: i.status,
                    score: i.score,
                    review: i.review.as_ref().map(|v| v.score),
                },
            )
        })
        .collect()
}

fn compare(scored: &Results, current: &Results) -> Reevaluation {
    let was = states(scored);
    let now: BTreeMap<&str, ItemState> = states(current).into_iter().collect();
    let mut seen = BTreeSet::new();
    let mut items = Vec::new();
    for (id, state) in &was {
        seen.insert(*id);
        let new = now.get(id);
        if new != Some(state) {
            items.push(ItemChange {
                id: (*id).to_owned(),
                scored: Some(state.clone()),
                current: new.cloned(),
            });
        }
    }
    for (id, state) in states(current) {
        if !seen.contains(id) {
            items.push(ItemChange {
                id: id.to_owned(),
                scored: None,
                current: Some(state),
            });
        }
    }
    let (scored, current) = (totals(scored), totals(current));
    Reevaluation {
        same: scored == current && items.is_empty(),
        scored,
        current,
        items,
    }
}

/// Why verify could not run, in both languages.
fn cannot(zh: String, en: String) -> CannotRun {
    CannotRun::plain("cannot-verify", zh, en)
}

fn malformed(shown: &str, e: &serde_json::Error) -> CannotRun {
    crate::outcome::malformed_results(shown, e).into()
}

pub fn run(args: Args, lang: Lang, env: &Env) -> Output {
    match (check(&args, lang, env), args.format) {
        (Ok(out), _) => out,
        (Err(failure), Format::Json) => Output::cannot_run_json(&failure, lang),
        (Err(failure), Format::Human) => Output::cannot_run(&failure, lang),
    }
}

/// RESULTS.json read, parsed and checked against its seal: the results, and whether they are
/// intact.
fn read_sealed(args: &Args, env: &Env) -> Result<(Results, bool), CannotRun> {
    let shown = args.results.display().to_string();
    let text = crate::source::read_utf8(
        &env.cwd.join(&args.results),
        &shown,
        crate::source::Limit::RESULTS,
    )
    .map_err(|d| {
        let mut d = d;
        d.message = format!("无法读取评估结果：{}", d.message);
        d.message_en = format!("cannot read the results: {}", d.message_en);
        CannotRun::from(d)
    })?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| malformed(&shown, &e).with_source(&shown, text.as_str()))?;
    let version = value.get("schema_version").and_then(|v| v.as_u64());
    if version.is_none_or(|v| v > u64::from(SCHEMA_VERSION)) {
        return Err(cannot(
            format!("{shown}：不是这一版 changai 能读的评估结果（结果格式的版本不符）"),
            format!("{shown}: not results this version of changai can read (the results format version differs)"),
        ));
    }
    if value.get(seal::SEAL_FIELD).is_none() {
        return Err(cannot(
            format!("{shown}：结果没有校验码，是旧版 changai 写的；请重新评估"),
            format!(
                "{shown}: the results have no seal: written by an older changai; evaluate again"
            ),
        ));
    }
    let intact = value.get(seal::SEAL_FIELD).and_then(|v| v.as_str())
        == Some(seal::results_digest(&value).as_str());
    drop(value);
    let results: Results = serde_json::from_str(&text)
        .map_err(|e| malformed(&shown, &e).with_source(&shown, text.as_str()))?;
    Ok((results, intact))
}

fn check(args: &Args, lang: Lang, env: &Env) -> Result<Output, CannotRun> {
    let shown = args.results.display().to_string();
    // The pack is scanned while the results are read: the two are independent, and the scan is
    // most of the run. What is wrong with the results is still said first.
    let full = env.cwd.join(&args.pack);
    let review = args.review.as_ref().map(|r| env.cwd.join(r));
    let opening = crate::evidence::pack::Opening {
        review: review.as_deref(),
        ..Default::default()
    };
    let (sealed, opened) = rayon::join(
        || read_sealed(args, env),
        || Pack::open_with(&full, opening),
    );
    let (results, results_intact) = sealed?;
    let (standard, source) = match &args.standard {
        Some(path) => {
            let full = env.cwd.join(path);
            let standard =
                crate::pipeline::load_standard(Some(&full)).map_err(|e| e.shown_as(&full, path))?;
            (standard, path.display().to_string())
        }
        None => {
            let embedded = crate::pipeline::load_standard(None)?;
            if embedded.id != results.standard.id || embedded.version != results.standard.version {
                let (id, version) = (&results.standard.id, &results.standard.version);
                return Err(cannot(
                    format!(
                        "{shown} 是按标准 {id} {version} 评分的，不是内置标准；请用 --standard 指定这个标准"
                    ),
                    format!(
                        "{shown} was scored against {id} {version}, not the embedded standard; give that standard with --standard"
                    ),
                ));
            }
            (embedded, "embedded".to_owned())
        }
    };
    let shown_review = |e: crate::CannotRun| match (&review, &args.review) {
        (Some(full), Some(given)) => e.shown_as(full, given),
        _ => e,
    };
    let pack = opened.map_err(|e| shown_review(e.shown_as(&full, &args.pack)))?;
    if args.standard.is_none() {
        crate::pipeline::named_standard(&standard, &pack)?;
    }
    pack.check_review_standard(&standard)
        .map_err(shown_review)?;
    let v = verify(&results, results_intact, pack, &standard, &source);
    let text = render::render(args.format, &v, &results, &standard, lang);
    Ok(Output {
        code: if v.verified { Exit::Ok } else { Exit::Failed },
        stdout: text.into_bytes(),
        stderr: String::new(),
    })
}
