//! `files` checks: documents, photos and scans matched by a glob, counted after the filters an
//! officer can act on (extension, not empty, dated in the period, dated by a due day), and the
//! periods their dates cover.
//!
//! Rules: count (`min`, default 1; `max`) and `periods`. As in `records`, the check earns the
//! credit of its weakest rule.

use jiff::civil::Date;

use super::context::{count_credit, text, Ctx};
use super::{describe, errored, outcome, periods};
use crate::evidence::dates::date_of_path;
use crate::evidence::read::extension;
use crate::outcome::{CheckOutcome, FindingKind};
use crate::standard::model::FilesCheck;

/// "a、b" with at most three names, then "等".
fn some(paths: &[&str]) -> (String, String) {
    let shown: Vec<&str> = paths.iter().take(3).copied().collect();
    if paths.len() > 3 {
        (
            format!("{} 等", shown.join("、")),
            format!("{}, …", shown.join(", ")),
        )
    } else {
        (shown.join("、"), shown.join(", "))
    }
}

pub fn run(ctx: &Ctx, c: &FilesCheck) -> CheckOutcome {
    let mut o = outcome("files", &c.label);
    let name = describe::files_name(c);
    let (nz, ne) = (name.zh.as_str(), name.en.as_str());
    o.detail.push(text(
        format!("文件位置：`{}`", c.glob),
        format!("location: `{}`", c.glob),
    ));
    let matched = match ctx.matches(&c.glob, nz) {
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
                        format!("{nz}: 标准中的截止日“{d}”不是“月-日”格式的日期"),
                        format!("{ne}: the standard's due day “{d}” is not a month-day (MM-DD)"),
                    ),
                )
            }
        },
        None => None,
    };
    let min = c.min.unwrap_or(1);
    let place = describe::files_place(&c.glob, &c.extensions);
    let conditions = describe::files_conditions(c, &ctx.pack.period.label);
    let wanted = {
        let zh: String = conditions.iter().map(|(z, _)| format!("，{z}")).collect();
        let en: String = conditions.iter().map(|(_, e)| format!(", {e}")).collect();
        match &c.label {
            Some(l) if !l.trim().is_empty() => text(
                format!("{}（{}{zh}）", l.trim(), place.zh),
                format!("{} ({}{en})", l.trim(), place.en),
            ),
            _ => text(format!("{}{zh}", place.zh), format!("{}{en}", place.en)),
        }
    };
    if matched.is_empty() {
        o.reasons.push(text(
            format!("{nz}: 未找到文件"),
            format!("{ne}: no file found"),
        ));
        if min == 0 && c.periods.is_none() {
            o.credit = 1.0;
        } else {
            let k = min.max(1);
            o.shortfall.push(text(
                format!("还差 {k} 个：{}", wanted.zh),
                format!("{k} more needed: {}", wanted.en),
            ));
        }
        return o;
    }
    // files that do not count, and why: a finding and a shortfall each
    let mut notes = Vec::new();
    let mut dropped_notes = Vec::new();
    let mut kept: Vec<&str> = matched;
    if !c.extensions.is_empty() {
        let (ok, other): (Vec<&str>, Vec<&str>) = kept.into_iter().partition(|p| {
            let ext = extension(p);
            c.extensions.iter().any(|e| e.eq_ignore_ascii_case(&ext))
        });
        kept = ok;
        let dropped = other.len();
        if dropped > 0 {
            let (fz, fe) = some(&other);
            let allowed_zh = c.extensions.join("、");
            let allowed_en = c.extensions.join(", ");
            notes.push(text(
                format!("{nz}: {dropped} 个文件类型不符，不计（可用：{allowed_zh}）"),
                format!(
                    "{ne}: {dropped} files of another type not counted (allowed: {allowed_en})"
                ),
            ));
            dropped_notes.push(text(
                format!("有 {dropped} 个文件类型不符，不计：{fz}（请存为 {allowed_zh}）"),
                format!("not counted, another type: {fe} (save as {allowed_en})"),
            ));
        }
    }
    let (ok, empty_files): (Vec<&str>, Vec<&str>) =
        kept.into_iter().partition(|p| ctx.size_of(p) > 0);
    kept = ok;
    for p in &empty_files {
        ctx.flag(
            p,
            FindingKind::Empty,
            false,
            text("空文件（0 字节）", "empty file (0 bytes)"),
            text("换成有内容的文件", "replace it with the real file"),
            Vec::new(),
        );
    }
    let empty = empty_files.len();
    if empty > 0 {
        let (fz, fe) = some(&empty_files);
        notes.push(text(
            format!("{nz}: {empty} 个空文件（0 字节）不计"),
            format!("{ne}: {empty} empty files (0 bytes) not counted"),
        ));
        dropped_notes.push(text(
            format!("有 {empty} 个空文件（0 字节），不计：{fz}（请换成有内容的文件）"),
            format!("not counted, empty (0 bytes): {fe} (replace with the real files)"),
        ));
    }
    // min_pages / min_chars: files with too little in them do not count (read only when a rule
    // asks, once per run)
    if c.min_pages.is_some() || c.min_chars.is_some() {
        let mut content = super::text::ContentNotes::default();
        let mut enough = Vec::with_capacity(kept.len());
        for p in kept {
            match super::text::judge(ctx, p, c.min_pages, c.min_chars, false, &name, &mut content) {
                Ok(Some(_)) => enough.push(p),
                Ok(None) => {}
                Err(reason) => return errored(o, reason),
            }
        }
        kept = enough;
        notes.extend(content.reasons);
        dropped_notes.extend(content.shortfall);
        o.detail.extend(content.detail);
    }
    let dated_rule = c.in_period || due.is_some();
    let mut dated: Vec<(&str, Option<Date>)> = kept
        .iter()
        .map(|p| (*p, date_of_path(p).map(|f| f.date)))
        .collect();
    if dated_rule {
        let undated: Vec<&str> = dated
            .iter()
            .filter(|(_, d)| d.is_none())
            .map(|(p, _)| *p)
            .collect();
        if !undated.is_empty() {
            let k = undated.len();
            let (fz, fe) = some(&undated);
            notes.push(text(
                format!("{nz}: {k} 个文件名中没有日期，不计（文件名请以日期开头，如 2025-03-15）"),
                format!("{ne}: {k} files have no date in their name; not counted (start the name with a date, e.g. 2025-03-15)"),
            ));
            dropped_notes.push(text(
                format!("有 {k} 个文件名中没有日期，不计：{fz}（文件名请以日期开头，如 2025-03-15）"),
                format!("not counted, no date in the name: {fe} (start the name with a date, e.g. 2025-03-15)"),
            ));
        }
        dated.retain(|(_, d)| d.is_some());
    }
    if c.in_period {
        let (inside, outside): (Vec<_>, Vec<_>) = dated
            .into_iter()
            .partition(|(_, d)| d.is_some_and(|d| ctx.review.contains(d)));
        dated = inside;
        if !outside.is_empty() {
            let k = outside.len();
            let paths: Vec<&str> = outside.iter().map(|(p, _)| *p).collect();
            let (fz, fe) = some(&paths);
            let (pz, pe) = describe::period_words(&ctx.pack.period.label);
            notes.push(text(
                format!(
                    "{nz}: {k} 个文件的日期不在评价期 {} 内，不计",
                    ctx.pack.period.label
                ),
                format!(
                    "{ne}: {k} files dated outside the review period {}; not counted",
                    ctx.pack.period.label
                ),
            ));
            dropped_notes.push(text(
                format!("有 {k} 个文件日期不在 {pz}，不计：{fz}"),
                format!("not counted, dated outside {pe}: {fe}"),
            ));
        }
    }
    if let Some(due) = due {
        let (on_time, late): (Vec<_>, Vec<_>) = dated
            .into_iter()
            .partition(|(_, d)| d.is_some_and(|d| d <= due));
        dated = on_time;
        if !late.is_empty() {
            let k = late.len();
            let paths: Vec<&str> = late.iter().map(|(p, _)| *p).collect();
            let (fz, fe) = some(&paths);
            notes.push(text(
                format!("{nz}: {k} 个文件的日期晚于截止日 {due}，不计"),
                format!("{ne}: {k} files dated after the due day {due}; not counted"),
            ));
            dropped_notes.push(text(
                format!("有 {k} 个文件日期晚于截止日 {due}，不计：{fz}"),
                format!("not counted, dated after the due day {due}: {fe}"),
            ));
        }
    }
    let count = dated.len();
    let mut credit = count_credit(count, min);
    o.reasons.push(if credit >= 1.0 {
        text(
            format!("{nz}: {count} 个文件符合要求"),
            format!("{ne}: {count} qualifying files"),
        )
    } else {
        text(
            format!("{nz}: {count} 个文件符合要求，至少需要 {min} 个"),
            format!("{ne}: {count} qualifying files; at least {min} needed"),
        )
    });
    if credit < 1.0 {
        let k = min as usize - count;
        o.shortfall.push(text(
            format!("还差 {k} 个：{}", wanted.zh),
            format!("{k} more needed: {}", wanted.en),
        ));
    }
    if let Some(max) = c.max {
        if count > max as usize {
            credit = 0.0;
            o.reasons.push(text(
                format!("{nz}: {count} 个文件，超过上限 {max} 个"),
                format!("{ne}: {count} files, more than the maximum of {max}"),
            ));
            o.shortfall.push(text(
                format!("文件有 {count} 个，超过上限 {max} 个：只保留符合要求的文件"),
                format!("{count} files, more than the maximum of {max}: keep only the ones that qualify"),
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
        o.reasons.push(text(
            format!("{nz}: {}", cov.zh),
            format!("{ne}: {}", cov.en),
        ));
        if cov.credit < 1.0 {
            o.shortfall.push(text(
                format!("{}：{}", cov.short_zh, wanted.zh),
                format!("{}: {}", cov.short_en, wanted.en),
            ));
        }
    }
    o.reasons.extend(notes);
    if credit < 1.0 {
        o.shortfall.extend(dropped_notes);
    }
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
