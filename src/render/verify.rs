//! `verify`'s output formats: `human`, one line per finding, and `json`, the [`Verification`]
//! itself. Paths from the pack are shown on one line, their control characters escaped.

use crate::cli::verify::{Change, ItemState, Verification};
use crate::outcome::Results;
use crate::render::num::num;
use crate::standard::Standard;
use crate::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// 供人阅读 / for people
    #[default]
    Human,
    /// 机器可读 JSON / machine-readable JSON
    Json,
}

/// Renders what `verify` found; `results` and `standard` give the grades their titles.
pub fn render(
    format: Format,
    v: &Verification,
    results: &Results,
    standard: &Standard,
    lang: Lang,
) -> String {
    match format {
        Format::Json => crate::render::json::pretty(v),
        // Ids, titles and the standard's path come from files someone else wrote: a terminal shows
        // their control characters escaped (paths are already on one line).
        Format::Human => {
            crate::render::escape::terminal(&human(v, results, standard, lang)).into_owned()
        }
    }
}

/// A path as one line: control characters (a tab, a newline in a file name) are shown escaped,
/// and so is everything else a terminal would act on.
fn one_line(path: &str) -> String {
    let escaped: String = path
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    crate::render::escape::terminal(&escaped).into_owned()
}

fn short(digest: &str) -> &str {
    digest.get(..16).unwrap_or(digest)
}

/// The report for people, one line per finding.
fn human(v: &Verification, results: &Results, standard: &Standard, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut out = String::new();
    let mut line = |zh_text: String, en_text: String| {
        out.push_str(if zh { &zh_text } else { &en_text });
        out.push('\n');
    };

    let p = &v.pack;
    if p.same {
        line(
            format!(
                "✓ 证据包与评分时一致（{} 个文件，指纹 {}）",
                p.current_files,
                short(&p.current_digest)
            ),
            format!(
                "✓ the pack is as scored ({} files, digest {})",
                p.current_files,
                short(&p.current_digest)
            ),
        );
    } else {
        line(
            format!(
                "✗ 证据包在评分后有改动：评分时 {} 个文件（指纹 {}），现在 {} 个文件（指纹 {}）",
                p.scored_files,
                short(&p.scored_digest),
                p.current_files,
                short(&p.current_digest)
            ),
            format!(
                "✗ the pack changed after scoring: {} files (digest {}) then, {} files (digest {}) now",
                p.scored_files,
                short(&p.scored_digest),
                p.current_files,
                short(&p.current_digest)
            ),
        );
        for d in &p.declarations {
            let f = &d.file;
            match d.change {
                Change::Changed => line(format!("  {f} 已改动"), format!("  {f} edited")),
                Change::Added => line(format!("  {f} 是评分后新增的"), format!("  {f} added")),
                Change::Removed => line(format!("  {f} 已删除"), format!("  {f} removed")),
            }
        }
        for c in &p.files {
            let path = one_line(&c.path);
            let (zh_proves, en_proves) = if c.proves.is_empty() {
                (String::new(), String::new())
            } else {
                (
                    format!("（证明 {}）", c.proves.join("、")),
                    format!(" (proved {})", c.proves.join(", ")),
                )
            };
            match c.change {
                Change::Changed => line(
                    format!("  内容已改：{path}{zh_proves}"),
                    format!("  changed: {path}{en_proves}"),
                ),
                Change::Removed => line(
                    format!("  已删除：{path}{zh_proves}"),
                    format!("  removed: {path}{en_proves}"),
                ),
                Change::Added => line(format!("  新增：{path}"), format!("  added: {path}")),
            }
        }
        if !p.recorded_consistent {
            line(
                "  结果中记录的指纹与文件清单对不上".to_owned(),
                "  the recorded digest does not match the recorded list of files".to_owned(),
            );
        }
    }

    if v.results_intact {
        line(
            "✓ 结果文件自写出后未被改动".to_owned(),
            "✓ the results file is as written".to_owned(),
        );
    } else {
        line(
            "✗ 结果文件在写出后被改动过（校验码不符）".to_owned(),
            "✗ the results file was edited after it was written (seal mismatch)".to_owned(),
        );
    }

    let s = &v.standard;
    let (zh_source, en_source) = if s.source == "embedded" {
        ("内置标准".to_owned(), "embedded".to_owned())
    } else {
        (s.source.clone(), s.source.clone())
    };
    if s.same {
        line(
            format!("✓ 标准与评分时相同（{} {}，{zh_source}）", s.id, s.version),
            format!(
                "✓ the standard is the one scored ({} {}, {en_source})",
                s.id, s.version
            ),
        );
    } else {
        line(
            format!(
                "✗ 标准与评分时不同（{} {}，{zh_source}）：评分时指纹 {}，现在 {}",
                s.id,
                s.version,
                short(&s.scored_digest),
                short(&s.current_digest)
            ),
            format!(
                "✗ the standard differs from the one scored ({} {}, {en_source}): digest {} then, {} now",
                s.id,
                s.version,
                short(&s.scored_digest),
                short(&s.current_digest)
            ),
        );
    }

    let r = &v.reevaluation;
    let grade = |id: &str| grade_title(results, standard, id, lang);
    if r.same {
        // The community's result first: the reviewed total where there is one (one decisive
        // score, as everywhere else), then the self-score it was reviewed from.
        let c = &r.current;
        let (zh_score, en_score) = match (c.review_total, &c.review_grade) {
            (Some(total), Some(g)) => (
                format!(
                    "复评总分 {}，{}；自评总分 {}，{}",
                    num(total),
                    grade(g),
                    num(c.total),
                    grade(&c.grade)
                ),
                format!(
                    "review total {}, {}; self-score {}, {}",
                    num(total),
                    grade(g),
                    num(c.total),
                    grade(&c.grade)
                ),
            ),
            _ => (
                format!("总分 {}，{}", num(c.total), grade(&c.grade)),
                format!("total {}, {}", num(c.total), grade(&c.grade)),
            ),
        };
        line(
            format!("✓ 按现在的证据和标准重新评估，得分与结果一致（{zh_score}）"),
            format!(
                "✓ evaluated again from the evidence and standard as they are now: the same score ({en_score})"
            ),
        );
        return out;
    }
    line(
        "✗ 按现在的证据和标准重新评估，得分与结果不同：".to_owned(),
        "✗ evaluated again from the evidence and standard as they are now, the score differs:"
            .to_owned(),
    );
    let (a, b) = (&r.scored, &r.current);
    if a.total != b.total {
        line(
            format!("  总分：{} → {}", num(a.total), num(b.total)),
            format!("  total: {} → {}", num(a.total), num(b.total)),
        );
    }
    if a.grade != b.grade {
        line(
            format!("  等级：{} → {}", grade(&a.grade), grade(&b.grade)),
            format!("  grade: {} → {}", grade(&a.grade), grade(&b.grade)),
        );
    }
    let opt_num = |x: Option<f64>| x.map_or_else(|| "—".to_owned(), num);
    if a.review_total != b.review_total {
        let (x, y) = (opt_num(a.review_total), opt_num(b.review_total));
        line(
            format!("  复评总分：{x} → {y}"),
            format!("  reviewed total: {x} → {y}"),
        );
    }
    if a.review_grade != b.review_grade {
        let g = |x: &Option<String>| x.as_deref().map_or_else(|| "—".to_owned(), grade);
        let (x, y) = (g(&a.review_grade), g(&b.review_grade));
        line(
            format!("  复评等级：{x} → {y}"),
            format!("  reviewed grade: {x} → {y}"),
        );
    }
    for i in &r.items {
        let state = |s: &Option<ItemState>, zh: bool| match s {
            None => "—".to_owned(),
            Some(s) if zh => format!("{} {} 分", s.status.title().zh, num(s.score)),
            Some(s) => format!("{} {}", s.status.title().en, num(s.score)),
        };
        let self_differs = match (&i.scored, &i.current) {
            (Some(x), Some(y)) => x.status != y.status || x.score != y.score,
            _ => true,
        };
        if self_differs {
            line(
                format!(
                    "  {}：{} → {}",
                    i.id,
                    state(&i.scored, true),
                    state(&i.current, true)
                ),
                format!(
                    "  {}: {} → {}",
                    i.id,
                    state(&i.scored, false),
                    state(&i.current, false)
                ),
            );
        }
        let review = |s: &Option<ItemState>| s.as_ref().and_then(|s| s.review);
        let (x, y) = (review(&i.scored), review(&i.current));
        if x != y {
            let zh_of =
                |x: Option<f64>| x.map_or_else(|| "—".to_owned(), |x| format!("{} 分", num(x)));
            line(
                format!("  {} 复评：{} → {}", i.id, zh_of(x), zh_of(y)),
                format!("  {} reviewed: {} → {}", i.id, opt_num(x), opt_num(y)),
            );
        }
    }
    out
}

/// A grade's title in `lang`: from the standard, else from the results, else its id.
fn grade_title(results: &Results, standard: &Standard, id: &str, lang: Lang) -> String {
    if let Some(g) = standard.scoring.grades.iter().find(|g| g.id == id) {
        return g.title.get(lang).to_owned();
    }
    for g in [
        Some(&results.score.grade),
        results.score.review.as_ref().map(|r| &r.grade),
    ]
    .into_iter()
    .flatten()
    {
        if g.id == id {
            return g.title.get(lang).to_owned();
        }
    }
    id.to_owned()
}
