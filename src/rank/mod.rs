//! Ranking many communities: the municipal union auditor's batch view (排名).
//!
//! An auditor gathers a district's packs (or the RESULTS.json kept from an earlier run), has every
//! pack evaluated against one standard, and ranks the communities. The rules of the ranking live
//! here, as data: the score that ranks is the reviewed total (复评) when there is one, else the
//! self-score; a community with a veto (一票否决) ranks after every other, whatever its score;
//! equal scores share a rank (1, 2, 2, 4). A pack that cannot be opened is a [`Failure`] listed
//! beside the ranking, never a reason to stop the batch. Its output formats are in
//! [`crate::render::rank`].

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::evidence::pack::PACK_FILE;
use crate::evidence::Pack;
use crate::outcome::{read_results, Results};
use crate::standard::model::Text;
use crate::standard::Standard;
use crate::Lang;

/// Version of the ranking document (`--format json`).
pub const RANKING_VERSION: u32 = 1;

/// Where one community's results come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A pack folder, to be evaluated.
    Pack(PathBuf),
    /// A RESULTS.json written by `changai evaluate --format json`.
    Results(PathBuf),
}

/// One community's results, and where they came from.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The path as the auditor named it.
    pub source: PathBuf,
    /// Whether the results were computed in this run (false: read from a RESULTS.json).
    pub evaluated: bool,
    pub results: Results,
}

/// Something that could not be ranked, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Failure {
    pub source: String,
    pub message: String,
}

/// Expands the paths on the command line: a pack folder, a RESULTS.json, or a folder whose direct
/// sub-folders with a `pack.yaml` are packs (sorted by name).
pub fn sources(
    paths: &[PathBuf],
    shown: &dyn Fn(&Path) -> String,
    lang: Lang,
) -> (Vec<Source>, Vec<Failure>) {
    let mut found = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        if path.is_file() {
            found.push(Source::Results(path.clone()));
        } else if path.join(PACK_FILE).is_file() {
            found.push(Source::Pack(path.clone()));
        } else if path.is_dir() {
            let mut packs: Vec<PathBuf> = match std::fs::read_dir(path) {
                Ok(entries) => entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.join(PACK_FILE).is_file())
                    .collect(),
                Err(e) => {
                    failures.push(unreadable_folder(shown(path), &e, lang));
                    continue;
                }
            };
            if packs.is_empty() {
                failures.push(Failure {
                    source: shown(path),
                    message: pick(
                        lang,
                        format!("既不是证据包（没有 `{PACK_FILE}`），也不含证据包子文件夹"),
                        format!("neither a pack (no `{PACK_FILE}`) nor a folder of packs"),
                    ),
                });
            }
            packs.sort();
            found.extend(packs.into_iter().map(Source::Pack));
        } else {
            failures.push(Failure {
                source: shown(path),
                message: pick(lang, "不存在".to_owned(), "does not exist".to_owned()),
            });
        }
    }
    (found, failures)
}

/// Why a results file could not be read, for a failure that already names the file: the message,
/// and the line and column where there are some.
fn reason(failure: &crate::CannotRun, lang: Lang) -> String {
    let Some(d) = failure.diagnostics.first() else {
        return String::new();
    };
    let message = d.message(lang);
    match (d.line, d.column, lang) {
        (Some(l), Some(c), Lang::Zh) => format!("{message}（第 {l} 行第 {c} 列）"),
        (Some(l), Some(c), Lang::En) => format!("{message} (line {l}, column {c})"),
        _ => message.to_owned(),
    }
}

fn pick(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Evaluates every pack (in parallel, one standard for all, in the profile `profile` when given
/// instead of each pack's own) and reads every results file. The entries come back in the order
/// of `sources`. Without a standard `given`, a pack naming another standard is a failure
/// (`pipeline::named_standard`).
pub fn gather(
    sources: &[Source],
    standard: &Standard,
    given: bool,
    profile: Option<&str>,
    shown: &(dyn Fn(&Path) -> String + Sync),
    lang: Lang,
) -> (Vec<Entry>, Vec<Failure>) {
    let compiled = crate::check::Compiled::new(standard);
    let one = |source: &Source| -> Result<Entry, Failure> {
        match source {
            Source::Pack(path) => {
                let fail = |e: crate::CannotRun| Failure {
                    source: shown(path),
                    message: e.one_line(lang),
                };
                let mut pack = Pack::open(path).map_err(fail)?;
                if !given {
                    crate::pipeline::named_standard(standard, &pack).map_err(fail)?;
                }
                crate::pipeline::select_profile(standard, &mut pack, profile).map_err(fail)?;
                Ok(Entry {
                    source: path.clone(),
                    evaluated: true,
                    results: crate::pipeline::evaluate_compiled(&compiled, &pack),
                })
            }
            Source::Results(path) => read_results(path)
                .map(|results| Entry {
                    source: path.clone(),
                    evaluated: false,
                    results,
                })
                .map_err(|d| Failure {
                    source: shown(path),
                    message: reason(&d, lang),
                }),
        }
    };
    // One work queue on rayon's one pool: a large pack does not hold back a fixed half of the
    // city, and the files within each pack are hashed on the same pool (work stealing).
    use rayon::prelude::*;
    let outcomes: Vec<Result<Entry, Failure>> = sources.par_iter().map(one).collect();
    let mut entries = Vec::new();
    let mut failures = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(e) => entries.push(e),
            Err(f) => failures.push(f),
        }
    }
    (entries, failures)
}

/// Reads results files only (no pack among the sources, so no standard is needed).
pub fn gather_results_only(
    sources: &[Source],
    shown: &dyn Fn(&Path) -> String,
    lang: Lang,
) -> (Vec<Entry>, Vec<Failure>) {
    let mut entries = Vec::new();
    let mut failures = Vec::new();
    for source in sources {
        if let Source::Results(path) = source {
            match read_results(path) {
                Ok(results) => entries.push(Entry {
                    source: path.clone(),
                    evaluated: false,
                    results,
                }),
                Err(d) => failures.push(Failure {
                    source: shown(path),
                    message: reason(&d, lang),
                }),
            }
        }
    }
    (entries, failures)
}

/// Reads last year's results: RESULTS.json files, or folders of them (every `*.json` directly
/// inside; files that are not results are failures).
pub fn previous(
    paths: &[PathBuf],
    shown: &dyn Fn(&Path) -> String,
    lang: Lang,
) -> (Vec<Results>, Vec<Failure>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        if path.is_dir() {
            match std::fs::read_dir(path) {
                Ok(entries) => {
                    let mut found: Vec<PathBuf> = entries
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| {
                            p.is_file()
                                && p.extension()
                                    .is_some_and(|x| x.eq_ignore_ascii_case("json"))
                        })
                        .collect();
                    found.sort();
                    files.extend(found);
                }
                Err(e) => failures.push(unreadable_folder(shown(path), &e, lang)),
            }
        } else {
            files.push(path.clone());
        }
    }
    let mut out = Vec::new();
    for file in files {
        match read_results(&file) {
            Ok(r) => out.push(r),
            Err(d) => failures.push(Failure {
                source: shown(&file),
                message: reason(&d, lang),
            }),
        }
    }
    (out, failures)
}

/// One line of the ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// 1-based; equal scores share a rank.
    pub rank: usize,
    pub community: String,
    pub period: String,
    /// The self-score total.
    pub self_total: f64,
    /// The reviewed total, when the review re-scored items.
    pub review_total: Option<f64>,
    /// The score that ranks: the reviewed total when there is one, else the self-score.
    pub ranked_total: f64,
    /// The grade that goes with the ranked total.
    pub grade_id: String,
    pub grade: Text,
    /// Veto conditions that placed the community last, by title.
    pub vetoes: Vec<Text>,
    pub met: usize,
    pub partial: usize,
    pub unmet: usize,
    /// Change of the ranked total against last year's results of the same community.
    pub change: Option<f64>,
    /// The previous period it was compared with.
    pub previous_period: Option<String>,
    /// First 12 hex digits of the pack digest.
    pub digest: String,
    /// The pack folder or results file, as given.
    pub source: String,
    /// `id version` of the standard it was scored against.
    pub standard: String,
}

/// The ranking, and what could not be ranked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranking {
    pub rows: Vec<Row>,
    pub failures: Vec<Failure>,
}

fn ranked_total(r: &Results) -> f64 {
    r.score.decisive().total
}

/// The last results of the same community before `now`'s period (by period end), if any.
fn last_year<'a>(now: &Results, previous: &'a [Results]) -> Option<&'a Results> {
    previous
        .iter()
        .filter(|p| {
            p.pack.community == now.pack.community && p.pack.period.to < now.pack.period.from
        })
        .max_by(|a, b| a.pack.period.to.cmp(&b.pack.period.to))
}

/// Ranks the entries: vetoed communities last, then by ranked total descending; ties share a
/// rank; equal rows are ordered by community, period and source so the output is deterministic.
pub fn rank(
    entries: &[Entry],
    previous: &[Results],
    failures: Vec<Failure>,
    shown: &dyn Fn(&Path) -> String,
) -> Ranking {
    let mut rows: Vec<Row> = entries
        .iter()
        .map(|e| {
            let r = &e.results;
            let decisive = r.score.decisive().grade;
            let (grade_id, grade) = (decisive.id.clone(), decisive.title.clone());
            let before = last_year(r, previous);
            Row {
                rank: 0,
                community: r.pack.community.clone(),
                period: r.pack.period.label.clone(),
                self_total: r.score.total,
                review_total: r.score.review.as_ref().map(|v| v.total),
                ranked_total: ranked_total(r),
                grade_id,
                grade,
                vetoes: r.score.vetoes.iter().map(|v| v.title.clone()).collect(),
                met: r.score.counts.met,
                partial: r.score.counts.partial,
                unmet: r.score.counts.unmet,
                change: before.map(|b| crate::score::round2(ranked_total(r) - ranked_total(b))),
                previous_period: before.map(|b| b.pack.period.label.clone()),
                digest: r.pack.digest.chars().take(12).collect(),
                source: shown(&e.source),
                standard: format!("{} {}", r.standard.id, r.standard.version),
            }
        })
        .collect();
    let ranks = order(&mut rows, |r| RankKey {
        vetoed: !r.vetoes.is_empty(),
        total: r.ranked_total,
        community: &r.community,
        period: &r.period,
        source: &r.source,
    });
    for (row, rank) in rows.iter_mut().zip(ranks) {
        row.rank = rank;
    }
    Ranking { rows, failures }
}

/// What a row is ranked by ([`order`]).
pub struct RankKey<'a> {
    pub vetoed: bool,
    pub total: f64,
    pub community: &'a str,
    pub period: &'a str,
    pub source: &'a str,
}

/// The ranking rule, for `rank` and `audit` alike: vetoed communities last, then by total
/// descending; equal rows are ordered by community, period and source so the output is
/// deterministic. Sorts `rows` and returns their ranks in that order: equal totals (and the same
/// veto) share a rank (1, 2, 2, 4).
pub fn order<T>(rows: &mut [T], key: impl for<'a> Fn(&'a T) -> RankKey<'a>) -> Vec<usize> {
    rows.sort_by(|a, b| {
        let (a, b) = (key(a), key(b));
        a.vetoed
            .cmp(&b.vetoed)
            .then(b.total.total_cmp(&a.total))
            .then_with(|| a.community.cmp(b.community))
            .then_with(|| a.period.cmp(b.period))
            .then_with(|| a.source.cmp(b.source))
    });
    let mut ranks = Vec::with_capacity(rows.len());
    let mut before: Option<(bool, f64, usize)> = None;
    for (index, row) in rows.iter().enumerate() {
        let k = key(row);
        let rank = match before {
            Some((v, t, r)) if v == k.vetoed && t == k.total => r,
            _ => index + 1,
        };
        before = Some((k.vetoed, k.total, rank));
        ranks.push(rank);
    }
    ranks
}

/// Whether any row has a reviewed total (the 复评分 column is worth a note).
pub fn any_review(ranking: &Ranking) -> bool {
    ranking.rows.iter().any(|r| r.review_total.is_some())
}

/// The fixed words of the ranking, in `lang`.
pub(crate) fn words(lang: Lang) -> Words {
    match lang {
        Lang::Zh => Words {
            columns: ["名次", "社区", "考核期", "自评分", "复评分", "等级", "已完成/部分/未完成", "与上年比", "证据包指纹"],
            title: "社区排名",
            veto_note: "一票否决的社区不论得分排在最后：",
            review_note: "有复评分的按复评分排名，其余按自评分排名；同分同名次。",
            failures: "未能评估：",
            none: "—",
            sep: "、",
            colon: "：",
        },
        Lang::En => Words {
            columns: ["Rank", "Community", "Period", "Self-score", "Review", "Grade", "Met/Partial/Unmet", "vs last year", "Pack digest"],
            title: "Ranking of communities",
            veto_note: "Vetoed communities rank last whatever their score: ",
            review_note: "Ranked by the review score where there is one, else by the self-score; equal scores share a rank.",
            failures: "Could not be ranked:",
            none: "—",
            sep: ", ",
            colon: ": ",
        },
    }
}

pub(crate) struct Words {
    pub columns: [&'static str; 9],
    pub title: &'static str,
    pub veto_note: &'static str,
    pub review_note: &'static str,
    pub failures: &'static str,
    pub none: &'static str,
    pub sep: &'static str,
    pub colon: &'static str,
}

/// The cells of a row, as every text format shows them.
pub(crate) fn cells(row: &Row, lang: Lang) -> [String; 9] {
    let w = words(lang);
    use crate::render::num::{num, signed};
    let mut grade = row.grade.get(lang).to_owned();
    if !row.vetoes.is_empty() {
        grade.push_str(match lang {
            Lang::Zh => "（否决）",
            Lang::En => " (veto)",
        });
    }
    [
        row.rank.to_string(),
        row.community.clone(),
        row.period.clone(),
        num(row.self_total),
        row.review_total.map_or(w.none.to_owned(), num),
        grade,
        format!("{}/{}/{}", row.met, row.partial, row.unmet),
        row.change.map_or(w.none.to_owned(), signed),
        row.digest.clone(),
    ]
}

/// The notes under a table: why vetoed rows are last, and which score ranks.
pub(crate) fn notes(ranking: &Ranking, lang: Lang) -> Vec<String> {
    let w = words(lang);
    let mut notes = vec![w.review_note.to_owned()];
    let vetoed: Vec<String> = ranking
        .rows
        .iter()
        .filter(|r| !r.vetoes.is_empty())
        .map(|r| {
            let titles: Vec<&str> = r.vetoes.iter().map(|t| t.get(lang)).collect();
            match lang {
                Lang::Zh => format!("{}（{}）", r.community, titles.join("、")),
                Lang::En => format!("{} ({})", r.community, titles.join(", ")),
            }
        })
        .collect();
    if !vetoed.is_empty() {
        notes.push(format!("{}{}", w.veto_note, vetoed.join(w.sep)));
    }
    // Scores against different standards, or one community counted twice, do not rank fairly.
    let standards: std::collections::BTreeSet<&str> =
        ranking.rows.iter().map(|r| r.standard.as_str()).collect();
    if standards.len() > 1 {
        let list: Vec<&str> = standards.into_iter().collect();
        notes.push(match lang {
            Lang::Zh => format!("注意：这些结果依据不同的标准（{}），分数不能直接比较", list.join("、")),
            Lang::En => format!("note: these results were scored against different standards ({}); their scores are not comparable", list.join(", ")),
        });
    }
    let mut seen = std::collections::BTreeMap::new();
    for r in &ranking.rows {
        *seen
            .entry((r.community.as_str(), r.period.as_str()))
            .or_insert(0) += 1;
    }
    let twice: Vec<String> = seen
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|((c, p), n)| format!("{c} {p} ×{n}"))
        .collect();
    if !twice.is_empty() {
        notes.push(match lang {
            Lang::Zh => format!("注意：同一社区同一考核期出现多次：{}", twice.join("、")),
            Lang::En => format!(
                "note: the same community and period appear more than once: {}",
                twice.join(", ")
            ),
        });
    }
    notes
}

/// A folder given to rank that cannot be listed: a line of the ranking's failures.
fn unreadable_folder(source: String, e: &std::io::Error, lang: Lang) -> Failure {
    let (_, zh, en) = crate::source::io_words(e);
    Failure {
        source,
        message: pick(
            lang,
            format!("无法读取文件夹：{zh}"),
            format!("cannot read the folder: {en}"),
        ),
    }
}
