//! `changai status`: the year in progress, for the community officer who keeps the pack.
//!
//! The year-end report looks back; this view looks ahead from a day in the year (`--as-of`):
//! how much of each level-1 area is already proven, which items have no evidence yet (in the
//! order the task list's deadlines ask for them), what falls due in the next 30 days (the task
//! list's deadlines, the next period of a periodic check — a quarter's minutes, a half-year's
//! 述职 — and a check's own due day), which files carry a date after that day or outside the
//! period, and the score and grade the year-end would give if nothing else came in.
//!
//! Nothing here evaluates: the results are those of `evaluate` (the one pipeline), the due
//! dates are read from the standard's check definitions (`periods`, `due`), and the files' dates
//! are the evaluator's rule ([`crate::evidence::file_dates`]). [`context`] builds one plain,
//! serialisable [`StatusContext`] from them, which the writers (one file per format) render and
//! which another front end can show as it is.

pub mod json;
pub mod md;
pub mod table;

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::Serialize;

use crate::check::periods::{self, Review, Window};
use crate::evidence::file_dates::{DateOrigin, FileDate};
use crate::outcome::{
    round2, CheckOutcome, GradeInfo, ItemOutcome, Period, Results, ScoreSource, Status,
    StatusCounts,
};
use crate::standard::index::StandardIndex;
use crate::standard::model::{Check, Per, Standard, Text};
use crate::Lang;

/// Version of the status document (`--format json`). Bump on any breaking change.
pub const STATUS_VERSION: u32 = 1;

/// The first results version whose checks carry the periods they cover
/// ([`CheckOutcome::periods`]).
pub const STRUCTURED_PERIODS: u32 = 6;

/// How many days ahead "due soon" looks.
pub const HORIZON_DAYS: i64 = 30;

/// The output formats of `changai status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// 终端表格 / a table for the terminal
    #[default]
    Table,
    /// Markdown 文档 / a Markdown page
    Md,
    /// 带版本的进度 JSON / the versioned status document
    Json,
}

/// The year in progress: everything the writers show, in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct StatusContext {
    pub schema_version: u32,
    /// Always `status`.
    pub kind: String,
    pub community: String,
    pub period: Period,
    pub standard: StandardRef,
    /// The day the view is taken on, YYYY-MM-DD.
    pub as_of: String,
    /// The last day of "due soon": `as_of` plus 30 days.
    pub horizon: String,
    /// Days from `as_of` to the period's last day (negative: the period has ended).
    pub days_left: i64,
    pub score: ScoreSoFar,
    /// Every level-1 area, in standard order.
    pub areas: Vec<Area>,
    /// Items with no evidence yet (unmet, or in error), ordered by the task list's deadlines;
    /// items with no task come after, in standard order.
    pub missing: Vec<Missing>,
    /// What falls due from `as_of` to `horizon`, by date.
    pub due: Vec<Due>,
    /// Files dated after `as_of` or outside the period, by path.
    pub dated_files: Vec<DatedFile>,
}

/// The standard the pack was evaluated against.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct StandardRef {
    pub id: String,
    pub version: String,
    pub title: Text,
}

/// The score so far, which is the year-end's if nothing else comes in.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ScoreSoFar {
    /// The community's result: the reviewed total where the auditors re-scored, else the
    /// self-score (as `evaluate` and the report decide).
    pub total: f64,
    pub max: f64,
    /// `review` or `self`.
    pub source: String,
    /// The self-score, shown beside a reviewed total.
    pub self_total: f64,
    pub grade: GradeInfo,
    /// Why the grade is what it is, one sentence each.
    pub grade_reasons: Vec<Text>,
    /// The next grade up by points, and how many points it needs (core items and vetoes may
    /// still hold the grade down: `grade_reasons` says so).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_grade: Option<NextGrade>,
}

/// The next grade band above the total.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct NextGrade {
    pub grade: GradeInfo,
    /// The band's lowest total.
    pub min: f64,
    /// Points still needed.
    pub gap: f64,
}

/// One level-1 area: how much of it is proven.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Area {
    pub id: String,
    pub title: Text,
    /// Points earned so far (self-score).
    pub score: f64,
    /// Points possible.
    pub points: f64,
    pub counts: StatusCounts,
}

/// An item with no evidence yet.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Missing {
    pub id: String,
    pub title: Text,
    /// The level-1 area it is in.
    pub area: String,
    pub status: Status,
    pub points: f64,
    /// What is missing and what to do, the first line of the evaluator's shortfall.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shortfall: Option<Text>,
    /// The task of the task list that serves it (the one with the earliest deadline).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<crate::render::report::Task>,
    /// The task's deadline has passed on `as_of`.
    pub overdue: bool,
}

/// Something that falls due soon.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Due {
    /// YYYY-MM-DD.
    pub date: String,
    /// Days after `as_of` (0: on the day).
    pub days: i64,
    /// `task` (the task list), `period` (the next period of a periodic check) or `deadline` (a
    /// check's due day).
    pub kind: String,
    /// The item it serves (empty for a task that names none).
    pub item: String,
    /// The item's title (empty for a task that names none).
    pub title: Text,
    /// What is due, in plain words.
    pub what: Text,
    /// Who is responsible (a task's owner; empty otherwise).
    pub owner: String,
}

/// A file dated after `as_of` or outside the period.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct DatedFile {
    pub path: String,
    /// YYYY-MM-DD.
    pub date: String,
    /// Where the date comes from: the file name, a photo's taken date, a document's created date.
    pub source: Text,
    /// `future` (after `as_of`), `before_period` or `after_period`.
    pub kind: String,
    /// The items it is counted for.
    pub items: Vec<String>,
}

/// Builds the year in progress from the results of `evaluate` and the standard they were
/// scored against, the pack's file dates ([`crate::evidence::file_dates::file_dates`]) and the
/// day to look from.
pub fn context(
    results: &Results,
    standard: &Standard,
    files: &[FileDate],
    as_of: Date,
) -> StatusContext {
    let review = Review::of(&results.pack.period);
    let horizon = as_of
        .checked_add(jiff::Span::new().days(HORIZON_DAYS))
        .unwrap_or(as_of);
    let days_left = days_between(as_of, review.to);
    let tasks: &[crate::render::report::Task] = results
        .recorded_plan()
        .map(|p| p.tasks.as_slice())
        .unwrap_or(&[]);
    StatusContext {
        schema_version: STATUS_VERSION,
        kind: "status".to_owned(),
        community: results.pack.community.clone(),
        period: results.pack.period.clone(),
        standard: StandardRef {
            id: results.standard.id.clone(),
            version: results.standard.version.clone(),
            title: results.standard.title.clone(),
        },
        as_of: as_of.to_string(),
        horizon: horizon.to_string(),
        days_left,
        score: score(results, standard),
        areas: results
            .groups
            .iter()
            .filter(|g| g.level == 1)
            .map(|g| Area {
                id: g.id.clone(),
                title: g.title.clone(),
                score: g.score,
                points: g.points,
                counts: g.counts.clone(),
            })
            .collect(),
        missing: missing(results, tasks, as_of),
        due: due(results, standard, tasks, files, review, as_of, horizon),
        dated_files: dated_files(results, files, review, as_of),
    }
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
fn days_between(a: Date, b: Date) -> i64 {
    a.until((jiff::Unit::Day, b))
        .map(|s| i64::from(s.get_days()))
        .unwrap_or(0)
}

fn score(results: &Results, standard: &Standard) -> ScoreSoFar {
    let s = &results.score;
    let decisive = s.decisive();
    let grade_reasons = match &s.review {
        Some(r) => r.grade_reasons.clone(),
        None => s.grade_reasons.clone(),
    };
    let next_grade = standard
        .scoring
        .grades
        .iter()
        .filter(|b| b.min > decisive.total)
        .min_by(|a, b| a.min.total_cmp(&b.min))
        .map(|b| NextGrade {
            grade: GradeInfo {
                id: b.id.clone(),
                title: b.title.clone(),
            },
            min: b.min,
            gap: round2(b.min - decisive.total),
        });
    ScoreSoFar {
        total: decisive.total,
        max: s.max,
        source: match decisive.source {
            ScoreSource::Review => "review",
            ScoreSource::SelfScore => "self",
        }
        .to_owned(),
        self_total: s.total,
        grade: decisive.grade.clone(),
        grade_reasons,
        next_grade,
    }
}

/// Whether an item still needs something: not met, not declared away, not outside the profile.
fn open(item: &ItemOutcome) -> bool {
    !item.by_profile && matches!(item.status, Status::Partial | Status::Unmet | Status::Error)
}

/// The task of the list that serves `item` first: the earliest deadline that is a date, else
/// the first task naming it.
fn task_for<'t>(
    tasks: &'t [crate::render::report::Task],
    item: &str,
) -> Option<(&'t crate::render::report::Task, Option<Date>)> {
    let mut mine = tasks.iter().filter(|t| t.item == item);
    let first = mine.clone().next()?;
    let dated = mine
        .by_ref()
        .filter_map(|t| crate::evidence::dates::parse_iso(&t.deadline).map(|d| (t, d)))
        .min_by_key(|(_, d)| *d);
    Some(match dated {
        Some((t, d)) => (t, Some(d)),
        None => (first, None),
    })
}

/// Where a missing item sorts: (0 a task with a dated deadline, 1 a task without, 2 no task;
/// the deadline; the item's place in the standard).
type MissingKey = (u8, Option<Date>, usize);

fn missing(results: &Results, tasks: &[crate::render::report::Task], as_of: Date) -> Vec<Missing> {
    let mut rows: Vec<(MissingKey, Missing)> = results
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| !i.by_profile && matches!(i.status, Status::Unmet | Status::Error))
        .map(|(at, i)| {
            let task = task_for(tasks, &i.id);
            let rank = match task {
                Some((_, Some(_))) => 0,
                Some((_, None)) => 1,
                None => 2,
            };
            let deadline = task.and_then(|(_, d)| d);
            let row = Missing {
                id: i.id.clone(),
                title: i.title.clone(),
                area: i.path.first().cloned().unwrap_or_default(),
                status: i.status,
                points: i.points,
                shortfall: i.shortfall.first().or(i.reasons.first()).cloned(),
                task: task.map(|(t, _)| t.clone()),
                overdue: deadline.is_some_and(|d| d < as_of),
            };
            ((rank, deadline, at), row)
        })
        .collect();
    rows.sort_by_key(|a| a.0);
    rows.into_iter().map(|(_, row)| row).collect()
}

/// A task's status that says it is done.
fn done(status: &str) -> bool {
    let s = status.trim().to_lowercase();
    s == "已完成" || s == "完成" || s == "done" || s == "completed"
}

#[allow(clippy::too_many_arguments)]
fn due(
    results: &Results,
    standard: &Standard,
    tasks: &[crate::render::report::Task],
    files: &[FileDate],
    review: Review,
    as_of: Date,
    horizon: Date,
) -> Vec<Due> {
    let soon = |d: Date| as_of <= d && d <= horizon;
    // Results from before the structured coverage (version 6) say it only in words.
    let legacy = results.schema_version < STRUCTURED_PERIODS;
    let by_id: BTreeMap<&str, (usize, &ItemOutcome)> = results
        .items
        .iter()
        .enumerate()
        .map(|(at, i)| (i.id.as_str(), (at, i)))
        .collect();
    let dates: BTreeMap<&str, Date> = files.iter().map(|f| (f.path.as_str(), f.date)).collect();
    // (date, kind order, item order, entry)
    let mut rows: Vec<(Date, u8, usize, Due)> = Vec::new();

    for t in tasks {
        let Some(d) = crate::evidence::dates::parse_iso(&t.deadline) else {
            continue;
        };
        if !soon(d) {
            continue;
        }
        let item = by_id.get(t.item.as_str());
        let still_open = match item {
            Some((_, i)) => open(i),
            None => !done(&t.status),
        };
        if !still_open {
            continue;
        }
        rows.push((
            d,
            0,
            item.map_or(usize::MAX, |(at, _)| *at),
            Due {
                date: d.to_string(),
                days: days_between(as_of, d),
                kind: "task".to_owned(),
                item: t.item.clone(),
                title: item.map(|(_, i)| i.title.clone()).unwrap_or_default(),
                what: Text {
                    zh: format!("任务“{}”", t.task),
                    en: format!("task “{}”", t.task),
                },
                owner: t.owner.clone(),
            },
        ));
    }

    let index = StandardIndex::of(standard);
    for (at, item) in results.items.iter().enumerate() {
        if !open(item) {
            continue;
        }
        let Some(node) = index.get(&item.id) else {
            continue;
        };
        let mut found = Vec::new();
        for (check, outcome) in node.item.checks.iter().zip(&item.checks) {
            periodic(check, outcome, review, &dates, legacy, &mut found);
        }
        for (d, kind, what) in found.into_iter().filter(|(d, _, _)| soon(*d)) {
            rows.push((
                d,
                kind,
                at,
                Due {
                    date: d.to_string(),
                    days: days_between(as_of, d),
                    kind: if kind == 1 { "period" } else { "deadline" }.to_owned(),
                    item: item.id.clone(),
                    title: item.title.clone(),
                    what,
                    owner: String::new(),
                },
            ));
        }
    }
    rows.sort_by_key(|a| (a.0, a.1, a.2));
    rows.dedup_by(|a, b| a.3 == b.3);
    rows.into_iter().map(|(_, _, _, d)| d).collect()
}

/// The check's label, else what it requires (in plain words).
fn label(label: &Option<String>, label_en: &Option<String>, outcome: &CheckOutcome) -> Text {
    match label {
        Some(zh) => Text {
            zh: zh.clone(),
            en: label_en.clone().unwrap_or_else(|| zh.clone()),
        },
        None => outcome.requires.clone(),
    }
}

/// The due dates of one check not yet met, and of the checks inside it: each period of a
/// `periods` rule not yet covered (its last day plus `report_due_days`), and a `files` check's
/// due day (`due: MM-DD`). Kind 1 is a period, 2 a due day.
///
/// Which periods are covered is the evaluator's finding, in the check's
/// [`CheckOutcome::periods`]. `legacy` results (before version 6) do not carry it: for them a
/// files check's periods are matched again from its counted files, and a register's are read
/// from the reason the evaluator wrote ([`register_covered_in_words`]).
fn periodic(
    check: &Check,
    outcome: &CheckOutcome,
    review: Review,
    dates: &BTreeMap<&str, Date>,
    legacy: bool,
    found: &mut Vec<(Date, u8, Text)>,
) {
    if outcome.credit >= 1.0 {
        return;
    }
    match check {
        Check::All(children) | Check::Any(children) => {
            for (c, o) in children.iter().zip(&outcome.children) {
                periodic(c, o, review, dates, legacy, found);
            }
        }
        Check::AtLeast(a) => {
            for (c, o) in a.of.iter().zip(&outcome.children) {
                periodic(c, o, review, dates, legacy, found);
            }
        }
        Check::Files(c) => {
            let what = label(&c.label, &c.label_en, outcome);
            if let Some(rule) = &c.periods {
                let due_days = rule.report_due_days.unwrap_or(0);
                let covered = if legacy {
                    // The periods the counted files cover, matched as the evaluator matches.
                    let window = Window::of_check(review, c.grace_days, rule.report_due_days);
                    let counted = outcome
                        .evidence
                        .iter()
                        .filter_map(|e| dates.get(e.path.as_str()).copied());
                    periods::covered(rule.per, due_days, counted, window)
                } else {
                    covered_periods(rule.per, outcome)
                };
                periods_due(rule.per, due_days, review, &covered, &what, found);
            }
            if let Some(d) = c
                .due
                .as_deref()
                .and_then(|d| crate::check::due_date(d, review.from))
            {
                found.push((
                    d,
                    2,
                    Text {
                        zh: format!("{}：截止日 {d}", what.zh),
                        en: format!("{}: due day {d}", what.en),
                    },
                ));
            }
        }
        Check::Records(c) => {
            if let Some(rule) = &c.periods {
                let what = label(&c.label, &c.label_en, outcome);
                let due_days = rule.report_due_days.unwrap_or(0);
                let covered = if legacy {
                    register_covered_in_words(rule.per, review, outcome)
                } else {
                    covered_periods(rule.per, outcome)
                };
                periods_due(rule.per, due_days, review, &covered, &what, found);
            }
        }
        Check::Value(_) | Check::Expr(_) | Check::Schema(_) | Check::Text(_) | Check::Attest(_) => {
        }
    }
}

/// The periods a check's evidence covers, as the evaluator matched them (which rows or files
/// count, and which date each one has, is the evaluator's business). Without a finding (the
/// register or its date column is missing, the check could not run) or with one for another
/// kind of period, none is covered.
fn covered_periods(per: Per, outcome: &CheckOutcome) -> BTreeSet<periods::Key> {
    match &outcome.periods {
        Some(found) if found.per == per => found
            .covered
            .iter()
            .filter_map(|k| periods::parse_key(per, k))
            .collect(),
        _ => BTreeSet::new(),
    }
}

/// The periods a register's rows cover in results written before version 6, which say it only
/// in the reason, in the words [`periods::coverage`] wrote then: "覆盖 2/4 个季度，缺
/// 2025年第3季度、2025年第4季度". The periods it names as missing are not covered; every other
/// one is. Without such a reason (the register or its date column is missing) none is covered.
/// Those results are history: their words no longer change, so reading them stays sound even if
/// today's wording does.
fn register_covered_in_words(
    per: Per,
    review: Review,
    outcome: &CheckOutcome,
) -> BTreeSet<periods::Key> {
    let expected = periods::expected(per, review);
    let Some(found) = outcome
        .reasons
        .iter()
        .find_map(|r| r.zh.split_once("覆盖 ").map(|(_, rest)| rest))
    else {
        return BTreeSet::new();
    };
    let missing: BTreeSet<&str> = match found.split_once("，缺 ") {
        Some((_, list)) => list.split('、').map(str::trim).collect(),
        None => BTreeSet::new(),
    };
    expected
        .into_iter()
        .filter(|k| !missing.contains(periods::label(per, *k).0.as_str()))
        .collect()
}

/// Each period of the review period not in `covered`, due on its last day plus `due_days`.
fn periods_due(
    per: Per,
    due_days: u32,
    review: Review,
    covered: &BTreeSet<periods::Key>,
    what: &Text,
    found: &mut Vec<(Date, u8, Text)>,
) {
    for key in periods::expected(per, review) {
        if covered.contains(&key) {
            continue;
        }
        let Some((_, end)) = periods::bounds(per, key) else {
            continue;
        };
        let due = end
            .checked_add(jiff::Span::new().days(i64::from(due_days.min(3660))))
            .unwrap_or(end);
        let (zh, en) = periods::label(per, key);
        found.push((
            due,
            1,
            Text {
                zh: format!("{}：{zh}", what.zh),
                en: format!("{}: {en}", what.en),
            },
        ));
    }
}

fn dated_files(
    results: &Results,
    files: &[FileDate],
    review: Review,
    as_of: Date,
) -> Vec<DatedFile> {
    let mut counted: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for item in &results.items {
        for e in &item.evidence {
            let ids = counted.entry(e.path.as_str()).or_default();
            if !ids.contains(&item.id) {
                ids.push(item.id.clone());
            }
        }
    }
    let mut out: Vec<DatedFile> = files
        .iter()
        .filter_map(|f| {
            let kind = if f.date > as_of {
                "future"
            } else if f.date < review.from {
                "before_period"
            } else if f.date > review.to {
                "after_period"
            } else {
                return None;
            };
            let (zh, en) = match f.origin {
                DateOrigin::Name => ("文件名", "the file name"),
                DateOrigin::Content(source) => source.words(),
            };
            Some(DatedFile {
                path: f.path.clone(),
                date: f.date.to_string(),
                source: Text {
                    zh: zh.to_owned(),
                    en: en.to_owned(),
                },
                kind: kind.to_owned(),
                items: counted.get(f.path.as_str()).cloned().unwrap_or_default(),
            })
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Renders the status in `format`.
pub fn render(format: Format, status: &StatusContext, lang: Lang) -> Vec<u8> {
    match format {
        Format::Table => table::render(status, lang).into_bytes(),
        Format::Md => md::render(status, lang).into_bytes(),
        Format::Json => json::render(status).into_bytes(),
    }
}

/// The words the table and the Markdown share.
pub(crate) struct Words {
    pub title: &'static str,
    pub as_of: &'static str,
    pub score: &'static str,
    pub areas: &'static str,
    pub missing: &'static str,
    pub missing_none: &'static str,
    pub due: &'static str,
    pub due_none: &'static str,
    pub dated: &'static str,
    pub columns_area: [&'static str; 7],
    pub colon: &'static str,
}

pub(crate) fn words(lang: Lang) -> Words {
    match lang {
        Lang::Zh => Words {
            title: "年度进度",
            as_of: "截至",
            score: "目前得分",
            areas: "各一级标准进度",
            missing: "还没有材料的条目（按任务清单的完成时限排序，没有任务的在后）",
            missing_none: "每个条目都已有材料。",
            due: "未来 30 天内到期",
            due_none: "未来 30 天内没有到期的事项。",
            dated: "日期晚于截至日或在评价期外的文件",
            columns_area: [
                "一级标准",
                "已完成",
                "部分完成",
                "未完成",
                "不适用",
                "出错",
                "得分",
            ],
            colon: "：",
        },
        Lang::En => Words {
            title: "year in progress",
            as_of: "as of",
            score: "Score so far",
            areas: "Areas",
            missing:
                "Items with no evidence yet (by the task list's deadlines; items with no task last)",
            missing_none: "Every item has some evidence.",
            due: "Due in the next 30 days",
            due_none: "Nothing falls due in the next 30 days.",
            dated: "Files dated after the as-of day or outside the period",
            columns_area: ["Area", "met", "partial", "unmet", "n/a", "error", "score"],
            colon: ": ",
        },
    }
}

/// "距评价期结束还有 184 天" / "184 days left in the period", or that it has ended.
pub(crate) fn days_left_words(status: &StatusContext, lang: Lang) -> String {
    let n = status.days_left;
    match (lang, n) {
        (Lang::Zh, n) if n > 0 => format!("距评价期结束还有 {n} 天"),
        (Lang::Zh, 0) => "今天是评价期最后一天".to_owned(),
        (Lang::Zh, n) => format!("评价期已于 {} 天前结束", -n),
        (Lang::En, n) if n > 0 => format!(
            "{} left in the period",
            crate::words::count(usize::try_from(n).unwrap_or(0), "day")
        ),
        (Lang::En, 0) => "the last day of the period".to_owned(),
        (Lang::En, n) => format!(
            "the period ended {} ago",
            crate::words::count(usize::try_from(-n).unwrap_or(0), "day")
        ),
    }
}

/// The score line: "72.63/100（复评；自评 74.1）等级：合格" and the next grade.
pub(crate) fn score_lines(status: &StatusContext, lang: Lang) -> Vec<String> {
    use crate::render::num::num;
    let s = &status.score;
    let mut lines = Vec::new();
    let source = match (lang, s.source.as_str()) {
        (Lang::Zh, "review") => format!("（复评总分；自评 {}）", num(s.self_total)),
        (Lang::En, "review") => format!(" (review total; self-score {})", num(s.self_total)),
        _ => String::new(),
    };
    lines.push(match lang {
        Lang::Zh => format!(
            "{}/{}{source}，如果不再补充材料，年底等级为“{}”",
            num(s.total),
            num(s.max),
            s.grade.title.get(lang)
        ),
        Lang::En => format!(
            "{}/{}{source}; if nothing else comes in, the year-end grade is “{}”",
            num(s.total),
            num(s.max),
            s.grade.title.get(lang)
        ),
    });
    if let Some(next) = &s.next_grade {
        lines.push(match lang {
            Lang::Zh => format!(
                "再得 {} 分可达“{}”（{} 分）",
                num(next.gap),
                next.grade.title.get(lang),
                num(next.min)
            ),
            Lang::En => format!(
                "{} more points reach “{}” ({})",
                num(next.gap),
                next.grade.title.get(lang),
                num(next.min)
            ),
        });
    }
    for r in &s.grade_reasons {
        lines.push(r.get(lang).to_owned());
    }
    lines
}

/// "2025-07-10（10 天后）" / "2025-07-10 (in 10 days)".
pub(crate) fn when(due: &Due, lang: Lang) -> String {
    match (lang, due.days) {
        (Lang::Zh, 0) => format!("{}（当天）", due.date),
        (Lang::Zh, n) => format!("{}（{n} 天后）", due.date),
        (Lang::En, 0) => format!("{} (on the day)", due.date),
        (Lang::En, n) => format!(
            "{} (in {})",
            due.date,
            crate::words::count(usize::try_from(n).unwrap_or(0), "day")
        ),
    }
}

/// What a missing item's task says: "任务“…”，责任人 王芳，时限 2025-03-31（已过期）".
pub(crate) fn task_words(m: &Missing, lang: Lang) -> Option<String> {
    let t = m.task.as_ref()?;
    let mut parts = Vec::new();
    match lang {
        Lang::Zh => {
            if !t.task.is_empty() {
                parts.push(format!("任务“{}”", t.task));
            }
            if !t.owner.is_empty() {
                parts.push(format!("责任人 {}", t.owner));
            }
            if !t.deadline.is_empty() {
                let late = if m.overdue { "（已过期）" } else { "" };
                parts.push(format!("时限 {}{late}", t.deadline));
            }
            Some(parts.join("，"))
        }
        Lang::En => {
            if !t.task.is_empty() {
                parts.push(format!("task “{}”", t.task));
            }
            if !t.owner.is_empty() {
                parts.push(format!("owner {}", t.owner));
            }
            if !t.deadline.is_empty() {
                let late = if m.overdue { " (overdue)" } else { "" };
                parts.push(format!("deadline {}{late}", t.deadline));
            }
            Some(parts.join(", "))
        }
    }
}

/// Why a file is listed: "晚于 2025-06-30" / "评价期开始之前" / "评价期结束之后", and what it counts for.
pub(crate) fn dated_words(f: &DatedFile, status: &StatusContext, lang: Lang) -> String {
    let why = match (lang, f.kind.as_str()) {
        (Lang::Zh, "future") => format!("晚于截至日 {}", status.as_of),
        (Lang::Zh, "before_period") => format!("早于评价期（{} 起）", status.period.from),
        (Lang::Zh, _) => format!("晚于评价期（{} 止）", status.period.to),
        (Lang::En, "future") => format!("after the as-of day {}", status.as_of),
        (Lang::En, "before_period") => format!("before the period (from {})", status.period.from),
        (Lang::En, _) => format!("after the period (to {})", status.period.to),
    };
    let counted = match (lang, f.items.is_empty()) {
        (Lang::Zh, true) => "；未计入任何条目".to_owned(),
        (Lang::Zh, false) => format!("；计入 {}", f.items.join("、")),
        (Lang::En, true) => "; not counted for any item".to_owned(),
        (Lang::En, false) => format!("; counted for {}", f.items.join(", ")),
    };
    match lang {
        Lang::Zh => format!("{}（{}）{why}{counted}", f.date, f.source.zh),
        Lang::En => format!("{} ({}) {why}{counted}", f.date, f.source.en),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn day(m: i8, d: i8) -> Date {
        Date::new(2025, m, d).unwrap()
    }

    fn year() -> Review {
        Review {
            from: day(1, 1),
            to: day(12, 31),
        }
    }

    fn records(reasons: &[&str], periods: Option<serde_json::Value>) -> CheckOutcome {
        let mut v = serde_json::json!({
            "kind": "records",
            "credit": 0.5,
            "error": false,
            "reasons": reasons.iter().map(|r| serde_json::json!({"zh": r, "en": ""})).collect::<Vec<_>>(),
            "evidence": [],
        });
        if let Some(p) = periods {
            v["periods"] = p;
        }
        serde_json::from_value(v).unwrap()
    }

    /// What results before version 6 say, in the words changai wrote then (frozen here: they
    /// are history, whatever today's evaluator writes).
    #[test]
    fn legacy_register_periods_are_read_from_the_reason_of_the_time() {
        let covered = register_covered_in_words(
            Per::Quarter,
            year(),
            &records(
                &[
                    "台账: 4 行记录",
                    "台账: 覆盖 2/4 个季度，缺 2025年第2季度、2025年第4季度",
                ],
                None,
            ),
        );
        assert_eq!(covered, BTreeSet::from([(2025, 1), (2025, 3)]));
        // Every quarter covered: no "缺" in the reason.
        let all = records(&["台账: 覆盖 4/4 个季度"], None);
        assert_eq!(
            register_covered_in_words(Per::Quarter, year(), &all).len(),
            4
        );
        // No coverage found (no register, no date column): nothing is covered.
        let none = records(&["缺少台账"], None);
        assert!(register_covered_in_words(Per::Quarter, year(), &none).is_empty());
        // Months are not confused with their tens: 1月 is not 11月.
        let months = records(&["台账: 覆盖 10/12 个月，缺 2025年1月、2025年2月"], None);
        let covered = register_covered_in_words(Per::Month, year(), &months);
        assert!(!covered.contains(&(2025, 1)) && !covered.contains(&(2025, 2)));
        assert!(covered.contains(&(2025, 11)) && covered.contains(&(2025, 12)));
        assert_eq!(covered.len(), 10);
    }

    /// From version 6 the evaluator's finding is read as data: the reason's words play no part.
    #[test]
    fn register_periods_are_read_from_the_structured_finding_not_the_words() {
        let cov = periods::coverage(
            Per::Quarter,
            Some(4),
            0,
            [day(2, 1), day(8, 1)],
            Window::new(year(), 0),
        );
        assert_eq!(cov.periods.covered, ["2025-Q1", "2025-Q3"]);
        assert_eq!(
            cov.periods.expected,
            ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
        );
        let periods = serde_json::to_value(&cov.periods).unwrap();
        // Words that say the opposite, and words that say nothing: the same answer.
        for words in [
            format!("台账: {}", cov.zh),
            "台账: 覆盖 0/4 个季度，缺 2025年第1季度、2025年第2季度、2025年第3季度、2025年第4季度"
                .to_owned(),
            "records: two quarters of four".to_owned(),
        ] {
            let outcome = records(&[&words], Some(periods.clone()));
            assert_eq!(
                covered_periods(Per::Quarter, &outcome),
                BTreeSet::from([(2025, 1), (2025, 3)]),
                "{words}"
            );
        }
        // A finding for another kind of period, or none at all: nothing is covered.
        assert!(covered_periods(Per::Half, &records(&[], Some(periods))).is_empty());
        assert!(covered_periods(Per::Quarter, &records(&[&cov.zh], None)).is_empty());
    }
}
