//! `changai audit`: the auditor's city in one run.
//!
//! Every pack of a district or city is evaluated against one standard, in parallel from one work
//! queue (rayon), and as each pack finishes its outputs — RESULTS.json, the HTML report and the
//! score sheet, the same bytes `changai report` gives — are written into a staging folder inside
//! OUT; only a small [`Summary`] stays in memory. When every pack is done, two packs claiming the
//! same community and period are both set aside as failures (their staged folders dropped), the
//! rest are moved into their folders, and the city files are written: the workbook
//! `城市汇总.xlsx` ([`workbook`]), the page `城市汇总.html` ([`page`]), the summary
//! `汇总.json` that a later `--previous` reads, and `MANIFEST.sha256` naming every file written
//! with its SHA-256. The ranking rules are `rank`'s ([`crate::rank`]). This module never prints:
//! progress is told through a callback, and the CLI owns the bar.

pub mod page;
pub mod result_cache;
pub mod workbook;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diagnostic::Diagnostic;
use crate::evidence::pack::Opening;
use crate::evidence::Pack;
use crate::outcome::{Results, Status};
use crate::rank::Failure;
use crate::render::report::{self as report, Format, Plan, ReportInput, Templates};
use crate::standard::model::Text;
use crate::{CannotRun, Lang};

/// Version of `汇总.json`.
pub const SUMMARY_VERSION: u32 = 1;
/// The city workbook, page, summary and manifest names.
pub const WORKBOOK: &str = "城市汇总.xlsx";
pub const PAGE: &str = "城市汇总.html";
pub const SUMMARY: &str = "汇总.json";
pub const MANIFEST: &str = "MANIFEST.sha256";
/// The hash cache's file, in OUT or in `--cache DIR` (not in the manifest: it is not a result).
pub const CACHE_FILE: &str = ".changai-hash-cache.json";
/// The files of one community's folder.
pub const RESULTS_FILE: &str = "RESULTS.json";
pub const REPORT_FILE: &str = "报告.html";
pub const SHEET_FILE: &str = "评分表.xlsx";

/// What the audit is asked to do.
pub struct Request<'a> {
    /// The pack folders, in the order `rank::sources` found them.
    pub packs: &'a [PathBuf],
    /// The standard, compiled once for every pack.
    pub compiled: &'a crate::check::Compiled<'a>,
    /// The report templates, compiled once for every pack.
    pub templates: &'a Templates,
    /// Whether the standard was given (`--standard`): then a pack naming another is not refused.
    pub given: bool,
    pub profile: Option<&'a str>,
    /// The output folder (already checked to lie in no pack).
    pub out: &'a Path,
    pub lang: Lang,
    /// The report date (from SOURCE_DATE_EPOCH).
    pub date: jiff::civil::Date,
    /// Last year's audit summary, when `--previous` was given.
    pub previous: Option<&'a CitySummary>,
    /// Last year's audit folder (`--previous`): each community's RESULTS.json there gives its
    /// report the year-on-year section.
    pub previous_dir: Option<&'a Path>,
    /// How a path is shown in messages.
    pub shown: &'a (dyn Fn(&Path) -> String + Sync),
    /// The auditor's review files (`--reviews`), read instead of each pack's own review.yaml.
    pub reviews: Option<&'a crate::declare::review_dir::ReviewDir>,
    /// Hashes remembered from an earlier audit (`None`: `--no-cache`, every file hashed).
    pub cache: Option<&'a crate::evidence::cache::HashCache>,
    /// What an earlier audit made of each pack (`None`: `--no-cache`, every pack evaluated).
    pub results: Option<&'a result_cache::ResultCache>,
}

/// One item's status in one community.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ItemStatus {
    pub id: String,
    pub title: Text,
    /// The self-assessed status (自评).
    pub status: Status,
    /// The status the reviewer's re-score gives (复评: full points met, none unmet, between
    /// partial), when the item was re-scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<Status>,
}

impl ItemStatus {
    /// The status that decides: the reviewed one where a review re-scored the item, else the
    /// self-assessed one.
    pub fn decisive(&self) -> Status {
        self.reviewed.unwrap_or(self.status)
    }
}

/// The status a re-score gives an item worth `points`.
fn reviewed_status(score: f64, points: f64) -> Status {
    if score >= points {
        Status::Met
    } else if score <= 0.0 {
        Status::Unmet
    } else {
        Status::Partial
    }
}

/// A level-1 area's score in one community.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Area {
    pub id: String,
    pub title: Text,
    pub score: f64,
    pub points: f64,
}

/// What stays in memory of one evaluated pack (a few kB, not the full results).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    pub community: String,
    pub period: String,
    /// The period's first day, to match the auditor's review file.
    #[serde(default)]
    pub period_from: String,
    /// The period's end, to tell last year's from this year's.
    pub period_to: String,
    /// The community's folder inside OUT.
    pub folder: String,
    /// The pack folder, as shown.
    pub source: String,
    pub self_total: f64,
    pub review_total: Option<f64>,
    /// The total that ranks (review else self).
    pub total: f64,
    pub grade_id: String,
    pub grade: Text,
    pub vetoes: Vec<Text>,
    pub met: usize,
    pub partial: usize,
    pub unmet: usize,
    pub not_applicable: usize,
    pub areas: Vec<Area>,
    pub items: Vec<ItemStatus>,
    pub standard: String,
    pub digest: String,
}

/// One ranked community, with its change against last year.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Ranked {
    pub rank: usize,
    #[serde(flatten)]
    pub summary: Summary,
    /// Change of the ranked total against last year.
    pub change: Option<f64>,
    /// Last year's grade, when it differs or not.
    pub previous_grade: Option<Text>,
    /// Items met (or not applicable) last year and not met now: newly failing.
    pub newly_failing: Vec<String>,
    /// Items not met last year and met now.
    pub newly_met: Vec<String>,
}

/// The city: what `汇总.json` holds and every city output is drawn from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CitySummary {
    pub version: u32,
    pub standard: String,
    pub date: String,
    pub rows: Vec<Ranked>,
    pub failures: Vec<Failure>,
    /// Whether `--previous` was given.
    pub compared: bool,
}

/// Progress of the run, for the CLI's bar.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// What the audit wrote.
#[derive(Debug)]
pub struct Audit {
    pub city: CitySummary,
    /// Every file written, relative to OUT with `/`, sorted, with its SHA-256.
    pub files: Vec<(String, String)>,
    /// Warnings that stopped nothing (last year's results of a community that cannot be used),
    /// by file.
    pub notes: Vec<Diagnostic>,
}

/// A safe folder name from a community and period: separators, characters Windows refuses and
/// control characters become `_`; leading dots are dropped.
pub fn folder_name(community: &str, period: &str) -> String {
    let raw = format!("{}-{}", community.trim(), period.trim());
    let stem: String = crate::fsutil::safe_chars(&raw).chars().take(120).collect();
    let stem = stem.trim_matches(|c| c == '.' || c == ' ').to_owned();
    if stem.is_empty() {
        "community".to_owned()
    } else {
        stem
    }
}

fn io_failure(shown: &str, e: &std::io::Error) -> CannotRun {
    let (_, zh, en) = crate::source::io_words(e);
    Diagnostic::error(
        "write-failed",
        "",
        format!("无法写入 {shown}：{zh}"),
        format!("cannot write {shown}: {en}"),
    )
    .into()
}

/// One pack's outcome: evaluated now (its files in the staging folder), or kept from an earlier
/// audit (its files already in OUT, where that audit wrote them).
enum Made {
    Fresh {
        summary: Summary,
        /// Each file's name and SHA-256, from the bytes written.
        written: Vec<(String, String)>,
        key: Option<String>,
    },
    Kept(result_cache::Kept),
}

/// What every pack's key shares: the standard, how it was chosen, the profile, language, date.
fn run_key_parts(req: &Request<'_>, standard_digest: &str) -> Vec<u8> {
    let mut parts = Vec::new();
    for part in [
        standard_digest,
        if req.given { "given" } else { "named" },
        req.profile.unwrap_or("\0"),
        match req.lang {
            Lang::Zh => "zh",
            Lang::En => "en",
        },
        &req.date.to_string(),
    ] {
        parts.extend((part.len() as u64).to_le_bytes());
        parts.extend(part.as_bytes());
    }
    parts
}

/// The key of one opened pack's outputs (see [`result_cache`]).
/// The pack's folder as shown is not part of it: none of the three files names it (only the
/// city files do, which are made again each run), so an audit run from another folder reuses
/// them.
fn pack_key(run_parts: &[u8], pack: &Pack, previous: &str) -> String {
    let problems = serde_json::to_vec(&pack.problems).unwrap_or_default();
    result_cache::key(&[
        run_parts,
        pack.digest.as_bytes(),
        pack.review_name.as_bytes(),
        &problems,
        previous.as_bytes(),
    ])
}

/// Last year's results of the pack's community, for its report's year-on-year section: the
/// RESULTS.json that last year's audit wrote into the community's folder, when `--previous`
/// ranks the community (same name, an earlier period) and the file reads as results of the same
/// community and standard; with the file's SHA-256 for the key. A community last year's audit
/// ranks whose file is missing, unreadable or of another community or standard gets no section
/// and a warning naming the file (the city files still compare the totals and items); one it
/// does not rank gets no section, silently.
fn previous_results(
    req: &Request<'_>,
    pack: &Pack,
) -> (Option<Results>, String, Option<Diagnostic>) {
    let (Some(city), Some(dir)) = (req.previous, req.previous_dir) else {
        return (None, String::new(), None);
    };
    let Some(row) = city
        .rows
        .iter()
        .filter(|b| {
            b.summary.community == pack.file.community && b.summary.period_to < pack.period.to
        })
        .max_by(|a, b| a.summary.period_to.cmp(&b.summary.period_to))
    else {
        return (None, String::new(), None);
    };
    let path = dir.join(&row.summary.folder).join(RESULTS_FILE);
    let shown = (req.shown)(&path);
    let community = &pack.file.community;
    let unusable = |zh: &str, en: &str| {
        Some(Diagnostic::warning(
            "previous-results-unusable",
            &shown,
            format!("去年的结果文件{zh}，“{community}”的报告中没有同比部分"),
            format!("last year's results file {en}; the report of `{community}` has no year-on-year section"),
        ))
    };
    // Read once: the hash that keys the report is of the very bytes the section is made from.
    let bytes = match crate::source::read(&path, &shown, crate::source::Limit::RESULTS) {
        Ok(read) => read.bytes,
        Err(d) => {
            let note = unusable(
                &format!("无法读取（{}）", d.message),
                &format!("cannot be read ({})", d.message_en),
            );
            return (None, String::new(), note);
        }
    };
    let sha256 = crate::evidence::seal::sha256_hex(&bytes);
    let parsed = crate::source::utf8(bytes, &shown)
        .map_err(crate::CannotRun::from)
        .and_then(|text| crate::outcome::parse_results(&text, &shown));
    match parsed {
        Ok(before)
            if before.pack.community == *community
                && before.standard.id == req.compiled.standard.id =>
        {
            (Some(before), sha256, None)
        }
        Ok(before) => {
            let note = unusable(
                &format!("是“{}”按标准 {} 的结果，不是这个社区按本标准的", before.pack.community, before.standard.id),
                &format!("holds the results of `{}` against standard {}, not this community's against this standard", before.pack.community, before.standard.id),
            );
            (None, String::new(), note)
        }
        Err(e) => {
            let zh = format!("无法使用（{}）", e.one_line(Lang::Zh));
            let en = format!("cannot be used ({})", e.one_line(Lang::En));
            (None, String::new(), unusable(&zh, &en))
        }
    }
}

/// Evaluates one pack and writes its three files into `stage` — unless the result cache holds
/// what an earlier audit made of it under the same key, with its files in OUT untouched, and
/// `reuse` allows taking it.
fn one_pack(
    req: &Request<'_>,
    run_parts: &[u8],
    path: &Path,
    stage: &Path,
    reuse: bool,
    notes: &std::sync::Mutex<Vec<Diagnostic>>,
) -> Result<Made, CannotRun> {
    let opening = Opening {
        reviews: req.reviews,
        cache: req.cache,
        ..Opening::default()
    };
    let mut pack = Pack::open_with(path, opening)?;
    if !req.given {
        crate::pipeline::named_standard(req.compiled.standard, &pack)?;
    }
    let shown = (req.shown)(path);
    let (previous, previous_hash, note) = previous_results(req, &pack);
    if let (Some(note), true, Ok(mut notes)) = (note, reuse, notes.lock()) {
        notes.push(note);
    }
    let key = req
        .results
        .map(|_| pack_key(run_parts, &pack, &previous_hash));
    if let (Some(cache), Some(key), true) = (req.results, &key, reuse) {
        if let Some(mut kept) = cache.lookup(path, key, req.out) {
            kept.summary.source = shown;
            return Ok(Made::Kept(kept));
        }
    }
    crate::pipeline::select_profile(req.compiled.standard, &mut pack, req.profile)?;
    let plan = pack.plan();
    let results = crate::pipeline::evaluate_with_plan(req.compiled, &pack, plan);
    drop(pack);
    let plan = results.recorded_plan().map(|p| Plan {
        tasks: p.tasks.clone(),
    });
    let input = ReportInput {
        results: &results,
        previous: previous.as_ref(),
        plan: plan.as_ref(),
        lang: req.lang,
        date: req.date,
        scoring: Some(&req.compiled.standard.scoring),
    };
    let html = report::render(Format::Html, &input, req.templates)?;
    let sheet = report::render(Format::Xlsx, &input, req.templates)?;
    let json = crate::render::json::pretty(&results);
    std::fs::create_dir_all(stage).map_err(|e| io_failure(&stage.display().to_string(), &e))?;
    let mut written = Vec::new();
    for (name, bytes) in [
        (RESULTS_FILE, json.as_bytes()),
        (REPORT_FILE, html.as_slice()),
        (SHEET_FILE, sheet.as_slice()),
    ] {
        std::fs::write(stage.join(name), bytes).map_err(|e| io_failure(name, &e))?;
        written.push((
            name.to_owned(),
            crate::evidence::pack::hex(&Sha256::digest(bytes)),
        ));
    }
    Ok(Made::Fresh {
        summary: summarize(&results, shown),
        written,
        key,
    })
}

/// A community folder that an earlier audit into the same OUT wrote (its `MANIFEST.sha256`
/// lists it) and this run did not: the files that audit wrote there are removed, and the folder
/// if nothing else is left in it, so OUT holds this run's city only. Nothing that no audit wrote
/// is ever removed; what cannot be removed stays (the new manifest does not list it).
fn remove_stale(req: &Request<'_>, summaries: &[Summary]) {
    let Ok(read) = crate::source::read(
        &req.out.join(MANIFEST),
        MANIFEST,
        crate::source::Limit::mib(64),
    ) else {
        return;
    };
    let text = String::from_utf8_lossy(&read.bytes);
    let kept: std::collections::BTreeSet<&str> =
        summaries.iter().map(|s| s.folder.as_str()).collect();
    let mut stale = std::collections::BTreeSet::new();
    for line in text.lines() {
        let Some((_, name)) = line.split_once("  ") else {
            continue;
        };
        let Some((folder, file)) = name.split_once('/') else {
            continue;
        };
        let ours = [RESULTS_FILE, REPORT_FILE, SHEET_FILE].contains(&file);
        let safe = !folder.is_empty() && folder != "." && folder != ".." && !folder.contains('\\');
        if ours && safe && !kept.contains(folder) {
            let _ = std::fs::remove_file(req.out.join(folder).join(file));
            stale.insert(folder.to_owned());
        }
    }
    for folder in stale {
        // Only an empty folder is removed.
        let _ = std::fs::remove_dir(req.out.join(folder));
    }
}

/// The summary of one community's results.
pub fn summarize(r: &Results, source: String) -> Summary {
    let decisive = r.score.decisive();
    Summary {
        community: r.pack.community.clone(),
        period: r.pack.period.label.clone(),
        period_from: r.pack.period.from.clone(),
        period_to: r.pack.period.to.clone(),
        folder: folder_name(&r.pack.community, &r.pack.period.label),
        source,
        self_total: r.score.total,
        review_total: r.score.review.as_ref().map(|v| v.total),
        total: decisive.total,
        grade_id: decisive.grade.id.clone(),
        grade: decisive.grade.title.clone(),
        vetoes: r.score.vetoes.iter().map(|v| v.title.clone()).collect(),
        met: r.score.counts.met,
        partial: r.score.counts.partial,
        unmet: r.score.counts.unmet,
        not_applicable: r.score.counts.not_applicable,
        areas: r
            .groups
            .iter()
            .filter(|g| g.level == 1)
            .map(|g| Area {
                id: g.id.clone(),
                title: g.title.clone(),
                score: g.score,
                points: g.points,
            })
            .collect(),
        items: r
            .items
            .iter()
            .filter(|i| !i.group)
            .map(|i| ItemStatus {
                id: i.id.clone(),
                title: i.title.clone(),
                status: i.status,
                reviewed: i
                    .review
                    .as_ref()
                    .filter(|_| i.points > 0.0)
                    .map(|r| reviewed_status(r.score, i.points)),
            })
            .collect(),
        standard: format!("{} {}", r.standard.id, r.standard.version),
        digest: r.pack.digest.chars().take(12).collect(),
    }
}

fn met_like(s: Status) -> bool {
    matches!(s, Status::Met | Status::NotApplicable | Status::Waived)
}

/// Ranks the summaries by `rank`'s rules: vetoed last, then by decisive total descending, ties
/// share a rank, equal rows ordered by community, period and source.
pub fn rank(mut summaries: Vec<Summary>, previous: Option<&CitySummary>) -> Vec<Ranked> {
    let ranks = crate::rank::order(&mut summaries, |s| crate::rank::RankKey {
        vetoed: !s.vetoes.is_empty(),
        total: s.total,
        community: &s.community,
        period: &s.period,
        source: &s.source,
    });
    let mut rows = Vec::with_capacity(summaries.len());
    for (summary, rank) in summaries.into_iter().zip(ranks) {
        let before = previous.and_then(|p| {
            p.rows
                .iter()
                .filter(|b| {
                    b.summary.community == summary.community
                        && b.summary.period_to < summary.period_to
                })
                .max_by(|a, b| a.summary.period_to.cmp(&b.summary.period_to))
        });
        let (mut newly_failing, mut newly_met) = (Vec::new(), Vec::new());
        if let Some(b) = before {
            let was: BTreeMap<&str, Status> = b
                .summary
                .items
                .iter()
                .map(|i| (i.id.as_str(), i.status))
                .collect();
            for item in &summary.items {
                match was.get(item.id.as_str()) {
                    Some(&old) if met_like(old) && !met_like(item.status) => {
                        newly_failing.push(item.id.clone());
                    }
                    Some(&old) if !met_like(old) && met_like(item.status) => {
                        newly_met.push(item.id.clone());
                    }
                    _ => {}
                }
            }
        }
        rows.push(Ranked {
            rank,
            change: before.map(|b| crate::score::round2(summary.total - b.summary.total)),
            previous_grade: before.map(|b| b.summary.grade.clone()),
            newly_failing,
            newly_met,
            summary,
        });
    }
    rows
}

/// The items not met most often across the city, by their decisive status (the review's where
/// an item was re-scored): (id, title, communities), most first, ties in the standard's order.
pub fn common_failures(rows: &[Ranked]) -> Vec<(String, Text, Vec<String>)> {
    let mut by_item: BTreeMap<&str, (&Text, Vec<String>, usize)> = BTreeMap::new();
    for row in rows {
        for (pos, item) in row.summary.items.iter().enumerate() {
            let entry = by_item
                .entry(item.id.as_str())
                .or_insert((&item.title, Vec::new(), pos));
            if !met_like(item.decisive()) {
                entry.1.push(row.summary.community.clone());
            }
        }
    }
    let mut out: Vec<(usize, String, Text, Vec<String>)> = by_item
        .into_iter()
        .filter(|(_, (_, c, _))| !c.is_empty())
        .map(|(id, (t, c, pos))| (pos, id.to_owned(), t.clone(), c))
        .collect();
    out.sort_by(|a, b| b.3.len().cmp(&a.3.len()).then(a.0.cmp(&b.0)));
    out.into_iter().map(|(_, id, t, c)| (id, t, c)).collect()
}

/// Reads last year's `汇总.json` from its audit folder.
pub fn read_previous(dir: &Path, shown: &str) -> Result<CitySummary, CannotRun> {
    let path = dir.join(SUMMARY);
    let file_shown = format!("{shown}/{SUMMARY}");
    let bytes = crate::source::read(&path, &file_shown, crate::source::Limit::RESULTS)?;
    let city: CitySummary = serde_json::from_slice(&bytes.bytes).map_err(|e| {
        CannotRun::from(Diagnostic::error(
            "previous-unreadable",
            &file_shown,
            format!("不是 changai audit 写出的汇总文件：{e}"),
            format!("not a summary written by changai audit: {e}"),
        ))
    })?;
    if city.version != SUMMARY_VERSION {
        return Err(Diagnostic::error(
            "previous-unreadable",
            &file_shown,
            format!(
                "汇总文件的版本 {} 无法读取（应为 {SUMMARY_VERSION}）",
                city.version
            ),
            format!(
                "summary version {} cannot be read (expected {SUMMARY_VERSION})",
                city.version
            ),
        )
        .into());
    }
    Ok(city)
}

/// Runs the audit: evaluates every pack, writes every output into OUT. A pack that fails is a
/// [`Failure`] in the result; only a failure to write OUT stops the run.
pub fn run(
    req: &Request<'_>,
    mut failures: Vec<Failure>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Audit, CannotRun> {
    let out_shown = (req.shown)(req.out);
    std::fs::create_dir_all(req.out).map_err(|e| io_failure(&out_shown, &e))?;
    let staging = tempfile::Builder::new()
        .prefix(".changai-audit-")
        .tempdir_in(req.out)
        .map_err(|e| io_failure(&out_shown, &e))?;
    let total = req.packs.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    progress(Progress { done: 0, total });
    let run_parts = run_key_parts(req, &req.compiled.digest);
    let notes = std::sync::Mutex::new(Vec::new());
    let failure = |path: &Path, e: CannotRun| Failure {
        source: (req.shown)(path),
        message: e.one_line(req.lang),
    };
    let outcomes: Vec<Result<Made, Failure>> = req
        .packs
        .par_iter()
        .enumerate()
        .map(|(index, path)| {
            let stage = staging.path().join(index.to_string());
            let outcome =
                one_pack(req, &run_parts, path, &stage, true, &notes).map_err(|e| failure(path, e));
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(Progress { done: n, total });
            outcome
        })
        .collect();

    // Two packs claiming one community and period: both set aside, naming each other.
    let summary_of = |made: &Made| match made {
        Made::Fresh { summary, .. } => (summary.community.clone(), summary.period.clone()),
        Made::Kept(kept) => (kept.summary.community.clone(), kept.summary.period.clone()),
    };
    let source_of = |made: &Made| match made {
        Made::Fresh { summary, .. } => summary.source.clone(),
        Made::Kept(kept) => kept.summary.source.clone(),
    };
    let mut claims: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for made in outcomes.iter().flatten() {
        claims
            .entry(summary_of(made))
            .or_default()
            .push(source_of(made));
    }
    let mut summaries = Vec::new();
    // Each community folder's files with their SHA-256, for the manifest.
    let mut hashes: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut folders: BTreeMap<String, usize> = BTreeMap::new();
    for (index, outcome) in outcomes.into_iter().enumerate() {
        let made = match outcome {
            Err(f) => {
                failures.push(f);
                continue;
            }
            Ok(made) => made,
        };
        let (community, period) = summary_of(&made);
        let same = &claims[&(community.clone(), period.clone())];
        if same.len() > 1 {
            let list = same.join(match req.lang {
                Lang::Zh => "、",
                Lang::En => ", ",
            });
            failures.push(Failure {
                source: source_of(&made),
                message: match req.lang {
                    Lang::Zh => format!(
                        "“{community}”{period} 由多个证据包申报（{list}）：都未计入，请只保留一个"
                    ),
                    Lang::En => format!(
                        "`{community}` {period} is claimed by more than one pack ({list}): none is counted; keep one"
                    ),
                },
            });
            continue;
        }
        // Distinct names that become one folder name get a number.
        let base = folder_name(&community, &period);
        let n = folders.entry(base.clone()).or_insert(0);
        *n += 1;
        let folder = if *n > 1 { format!("{base}-{n}") } else { base };
        let path = &req.packs[index];
        let stage = staging.path().join(index.to_string());
        let made = match made {
            Made::Kept(kept) if kept.summary.folder == folder => {
                hashes.insert(
                    folder,
                    kept.written
                        .iter()
                        .map(|w| (w.name.clone(), w.sha256.clone()))
                        .collect(),
                );
                summaries.push(kept.summary.clone());
                if let Some(cache) = req.results {
                    cache.record(path, kept, true);
                }
                continue;
            }
            // Kept in another folder than this run gives it: made again, there.
            Made::Kept(_) => match one_pack(req, &run_parts, path, &stage, false, &notes) {
                Ok(made) => made,
                Err(e) => {
                    failures.push(failure(path, e));
                    continue;
                }
            },
            fresh => fresh,
        };
        let Made::Fresh {
            mut summary,
            written,
            key,
        } = made
        else {
            continue;
        };
        summary.folder = folder.clone();
        let target = req.out.join(&folder);
        if target.exists() {
            std::fs::remove_dir_all(&target).map_err(|e| io_failure(&(req.shown)(&target), &e))?;
        }
        std::fs::rename(&stage, &target).map_err(|e| io_failure(&(req.shown)(&target), &e))?;
        if let (Some(cache), Some(key)) = (req.results, key) {
            // Stamped as they stand in OUT, so that an edit there is seen next time.
            let stamped: Option<Vec<result_cache::Written>> = written
                .iter()
                .map(|(name, sha256)| {
                    std::fs::symlink_metadata(target.join(name)).ok().map(|m| {
                        result_cache::Written {
                            name: name.clone(),
                            stamp: crate::evidence::cache::Stamp::of(&m),
                            sha256: sha256.clone(),
                        }
                    })
                })
                .collect();
            let kept = result_cache::Kept {
                key,
                summary: summary.clone(),
                written: stamped.unwrap_or_default(),
            };
            cache.record(path, kept, false);
        }
        hashes.insert(folder, written);
        summaries.push(summary);
    }
    drop(staging);
    remove_stale(req, &summaries);
    // A review file the auditor keeps for no community of this run: for a community without a
    // pack here, or for another period.
    if let Some(dir) = req.reviews {
        let periods: Vec<(String, crate::outcome::Period)> = summaries
            .iter()
            .map(|s| {
                let period = crate::outcome::Period {
                    from: s.period_from.clone(),
                    to: s.period_to.clone(),
                    label: s.period.clone(),
                };
                (s.community.clone(), period)
            })
            .collect();
        for file in dir.unmatched(periods.iter().map(|(c, p)| (c.as_str(), p))) {
            failures.push(Failure {
                source: (req.shown)(file),
                message: match req.lang {
                    Lang::Zh => "复核文件没有对应的证据包（本次审核中没有这个社区本期的证据包），未采用"
                        .to_owned(),
                    Lang::En => "review file for no pack of this audit (no pack of its community and period); not used"
                        .to_owned(),
                },
            });
        }
    }
    failures.sort_by(|a, b| a.source.cmp(&b.source).then(a.message.cmp(&b.message)));

    let rows = rank(summaries, req.previous);
    let city = CitySummary {
        version: SUMMARY_VERSION,
        standard: format!(
            "{} {}",
            req.compiled.standard.id, req.compiled.standard.version
        ),
        date: req.date.to_string(),
        rows,
        failures,
        compared: req.previous.is_some(),
    };
    let book = workbook::render(&city, req.lang, req.date).map_err(|why| {
        CannotRun::from(Diagnostic::error(
            "render-failed",
            "",
            format!("无法生成 {WORKBOOK}"),
            format!("cannot build {WORKBOOK}: {why}"),
        ))
    })?;
    let html = page::render(&city, req.lang);
    let summary = crate::render::json::pretty(&city);
    // The manifest, from the bytes as they were written (a kept community's files were checked
    // against their stamps, and their hashes are the ones recorded when they were written).
    let mut files = Vec::new();
    for (name, bytes) in [
        (WORKBOOK, book.as_slice()),
        (PAGE, html.as_bytes()),
        (SUMMARY, summary.as_bytes()),
    ] {
        crate::fsutil::write_atomic(&req.out.join(name), bytes)
            .map_err(|e| io_failure(&format!("{out_shown}/{name}"), &e))?;
        files.push((
            name.to_owned(),
            crate::evidence::pack::hex(&Sha256::digest(bytes)),
        ));
    }
    for row in &city.rows {
        for (name, sha256) in hashes.get(&row.summary.folder).into_iter().flatten() {
            files.push((format!("{}/{name}", row.summary.folder), sha256.clone()));
        }
    }
    files.sort();
    let mut manifest = String::new();
    for (name, hash) in &files {
        manifest.push_str(&format!("{hash}  {name}\n"));
    }
    crate::fsutil::write_atomic(&req.out.join(MANIFEST), manifest.as_bytes())
        .map_err(|e| io_failure(&format!("{out_shown}/{MANIFEST}"), &e))?;
    let mut notes = notes.into_inner().unwrap_or_default();
    notes.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(Audit { city, files, notes })
}
