//! `files` checks: documents, photos and scans matched by a glob, counted after the filters an
//! officer can act on (extension, not empty, dated in the period, dated by a due day), and the
//! periods their dates cover.
//!
//! Rules: count (`min`, default 1; `max`) and `periods`. As in `records`, the check earns the
//! credit of its weakest rule.

use jiff::civil::Date;

use super::context::{count_credit, text, Ctx};
use super::{errored, name, outcome, periods};
use crate::evidence::dates::date_of_path;
use crate::evidence::read::extension;
use crate::outcome::CheckOutcome;
use crate::standard::model::FilesCheck;

pub fn run(ctx: &Ctx, c: &FilesCheck) -> CheckOutcome {
    let o = outcome("files", &c.label);
    let n = name(&c.label, &c.glob);
    let matched = match ctx.matches(&c.glob, &n) {
        Ok(m) => m,
        Err(reason) => return errored(o, reason),
    };
    let due = match &c.due {
        Some(d) => match due_date(d, ctx.review.from) {
            Some(date) => Some(date),
            None => {
                return errored(
                    o,
                    text(
                        format!("{n}: 截止日 `{d}` 不是 MM-DD 格式的日期"),
                        format!("{n}: due day `{d}` is not an MM-DD date"),
                    ),
                )
            }
        },
        None => None,
    };
    let mut o = o;
    let min = c.min.unwrap_or(1);
    if matched.is_empty() {
        o.reasons.push(text(
            format!("{n}: 未找到文件（{}）", c.glob),
            format!("{n}: no file found ({})", c.glob),
        ));
        if min == 0 && c.periods.is_none() {
            o.credit = 1.0;
        }
        return o;
    }
    let mut notes = Vec::new();
    let mut kept: Vec<&str> = matched;
    if !c.extensions.is_empty() {
        let before = kept.len();
        kept.retain(|p| {
            let ext = extension(p);
            c.extensions.iter().any(|e| e.eq_ignore_ascii_case(&ext))
        });
        let dropped = before - kept.len();
        if dropped > 0 {
            notes.push(text(
                format!(
                    "{n}: {dropped} 个文件类型不符，不计（可用：{}）",
                    c.extensions.join("、")
                ),
                format!(
                    "{n}: {dropped} files of another type not counted (allowed: {})",
                    c.extensions.join(", ")
                ),
            ));
        }
    }
    let before = kept.len();
    kept.retain(|p| ctx.size_of(p) > 0);
    let empty = before - kept.len();
    if empty > 0 {
        notes.push(text(
            format!("{n}: {empty} 个空文件（0 字节）不计"),
            format!("{n}: {empty} empty files (0 bytes) not counted"),
        ));
    }
    let dated_rule = c.in_period || due.is_some();
    let mut dated: Vec<(&str, Option<Date>)> = kept
        .iter()
        .map(|p| (*p, date_of_path(p).map(|f| f.date)))
        .collect();
    if dated_rule {
        let undated = dated.iter().filter(|(_, d)| d.is_none()).count();
        if undated > 0 {
            notes.push(text(
                format!("{n}: {undated} 个文件名中没有日期，不计（文件名请以日期开头，如 2025-03-15）"),
                format!("{n}: {undated} files have no date in their name; not counted (start the name with a date, e.g. 2025-03-15)"),
            ));
        }
        dated.retain(|(_, d)| d.is_some());
    }
    if c.in_period {
        let before = dated.len();
        dated.retain(|(_, d)| d.is_some_and(|d| ctx.review.contains(d)));
        let outside = before - dated.len();
        if outside > 0 {
            notes.push(text(
                format!(
                    "{n}: {outside} 个文件的日期不在评价期 {} 内，不计",
                    ctx.pack.period.label
                ),
                format!(
                    "{n}: {outside} files dated outside the review period {}; not counted",
                    ctx.pack.period.label
                ),
            ));
        }
    }
    if let Some(due) = due {
        let before = dated.len();
        dated.retain(|(_, d)| d.is_some_and(|d| d <= due));
        let late = before - dated.len();
        if late > 0 {
            notes.push(text(
                format!("{n}: {late} 个文件的日期晚于截止日 {due}，不计"),
                format!("{n}: {late} files dated after the due day {due}; not counted"),
            ));
        }
    }
    let count = dated.len();
    let mut credit = count_credit(count, min);
    o.reasons.push(if credit >= 1.0 {
        text(
            format!("{n}: {count} 个文件符合要求"),
            format!("{n}: {count} qualifying files"),
        )
    } else {
        text(
            format!("{n}: {count} 个文件符合要求，至少需要 {min} 个"),
            format!("{n}: {count} qualifying files; at least {min} needed"),
        )
    });
    if let Some(max) = c.max {
        if count > max as usize {
            credit = 0.0;
            o.reasons.push(text(
                format!("{n}: {count} 个文件，超过上限 {max} 个"),
                format!("{n}: {count} files, more than the maximum of {max}"),
            ));
        }
    }
    if let Some(rule) = &c.periods {
        let cov = periods::coverage(
            rule.per,
            rule.min,
            dated.iter().filter_map(|(_, d)| *d),
            ctx.review,
        );
        credit = credit.min(cov.credit);
        o.reasons
            .push(text(format!("{n}: {}", cov.zh), format!("{n}: {}", cov.en)));
    }
    o.reasons.extend(notes);
    o.credit = credit;
    if credit > 0.0 {
        o.evidence = dated.iter().map(|(p, _)| ctx.evidence(p)).collect();
    }
    o
}

/// `MM-DD` as the first such day on or after `from`, the start of the review period. The
/// documented meaning is "this day of the review year": for a calendar year that is the year of
/// `from`, but a period from July 2024 to June 2025 must read `03-31` as 31 March 2025, not a day
/// before the period even starts (which would make every file in the period late). `02-29` — a
/// valid month-day, and accepted by lint — is the last day of February in a common year.
fn due_date(text: &str, from: Date) -> Option<Date> {
    let (m, d) = text.trim().split_once('-')?;
    if m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (m, d): (i8, i8) = (m.parse().ok()?, d.parse().ok()?);
    // validate in a leap year, so that 02-29 is a month-day and 02-30 is not
    Date::new(2000, m, d).ok()?;
    let in_year = |year: i16| {
        Date::new(year, m, d)
            .or_else(|_| Date::new(year, m, d - 1))
            .ok()
    };
    let due = in_year(from.year())?;
    if due >= from {
        Some(due)
    } else {
        in_year(from.year().checked_add(1)?)
    }
}
