//! `files` checks: documents, photos and scans matched by a glob, counted after the filters an
//! officer can act on (extension; then `screen`: not empty, what its extension claims, at least
//! `min_bytes`, not a copy; dated in the period, dated by a due day, not the same bytes under
//! another date), and the periods their dates cover.
//!
//! Rules: count (`min`, default 1; `max`) and `periods`. As in `records`, the check earns the
//! credit of its weakest rule.

use jiff::civil::Date;

use super::context::{count_credit, text, Ctx};
use super::screen::{self, some};
use super::{describe, errored, outcome, periods};
use crate::evidence::dates::date_of_path;
use crate::evidence::read::extension;
use crate::outcome::{CheckOutcome, FindingKind};
use crate::standard::model::FilesCheck;
use crate::words;

pub fn run(ctx: &Ctx, c: &FilesCheck) -> CheckOutcome {
    let mut o = outcome("files", &c.label, &c.label_en);
    let name = describe::files_name(c);
    let (nz, ne) = (name.zh.as_str(), name.en.as_str());
    o.detail.push(text(
        format!("文件位置：`{}`", c.glob),
        format!("location: `{}`", c.glob),
    ));
    let matched = match ctx.matches(&c.glob, &name) {
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
    let conditions = describe::files_conditions(c, &ctx.pack.period.label);
    // what is wanted, for `k` more files (the English noun agrees with `k`)
    let wanted = |k: usize| {
        let mut place = describe::files_place_n(&c.glob, &c.extensions, k);
        if k == 1 {
            place.en = format!("{} {}", words::article(&place.en), place.en);
        }
        let zh: String = conditions.iter().map(|(z, _)| format!("，{z}")).collect();
        let en: String = conditions.iter().map(|(_, e)| format!(", {e}")).collect();
        match describe::label(&c.label, &c.label_en) {
            Some(l) => text(
                format!("{}（{}{zh}）", l.zh, place.zh),
                format!("{} ({}{en})", l.en, place.en),
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
            let w = wanted(k as usize);
            o.shortfall.push(text(
                format!("还差 {k} 个：{}", w.zh),
                format!("{k} more needed: {}", w.en),
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
                    "{ne}: {} of another type not counted (allowed: {allowed_en})",
                    words::count(dropped, "file")
                ),
            ));
            dropped_notes.push(text(
                format!("有 {dropped} 个文件类型不符，不计：{fz}（请存为 {allowed_zh}）"),
                format!("not counted, another type: {fe} (save as {allowed_en})"),
            ));
        }
    }
    let mut screened = screen::screen(ctx, &name, kept, c.min_bytes);
    kept = std::mem::take(&mut screened.kept);
    notes.append(&mut screened.notes);
    dropped_notes.append(&mut screened.dropped);
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
    let window = periods::Window::of_check(
        ctx.review,
        c.grace_days,
        c.periods.as_ref().and_then(|p| p.report_due_days),
    );
    let mut dated: Vec<(&str, Option<Date>)> = if dated_rule || c.periods.is_some() {
        let dating = date_files(ctx, c, &kept, window);
        o.detail.extend(dating.detail);
        if !dating.disagreeing.is_empty() && c.dates_agree {
            let k = dating.disagreeing.len();
            let (fz, fe) = some(&dating.disagreeing);
            notes.push(text(
                format!("{nz}: {k} 个文件的文件名日期与文件内记录的日期不符，不计"),
                format!("{ne}: {k} files whose name's date disagrees with the date inside them; not counted"),
            ));
            dropped_notes.push(text(
                format!("有 {k} 个文件的文件名日期与文件内记录的日期不符，不计：{fz}（请换成当时形成的原始文件，或改正文件名中的日期）"),
                format!("not counted, the name's date disagrees with the date inside: {fe} (use the original file made at the time, or correct the date in the name)"),
            ));
        }
        dating.dated
    } else {
        kept.iter()
            .map(|p| (*p, date_of_path(p).map(|f| f.date)))
            .collect()
    };
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
                format!(
                    "{ne}: {} no date in the name; not counted (start the name with a date, e.g. 2025-03-15)",
                    match k { 1 => "1 file has".to_owned(), k => format!("{k} files have") }
                ),
            ));
            dropped_notes.push(text(
                format!("有 {k} 个文件名中没有日期，不计：{fz}（文件名请以日期开头，如 2025-03-15）"),
                format!("not counted, no date in the name: {fe} (start the name with a date, e.g. 2025-03-15)"),
            ));
        }
        dated.retain(|(_, d)| d.is_some());
    }
    if dated_rule || c.periods.is_some() {
        dated = screen::dated_copies(ctx, &name, dated, &mut screened);
    }
    notes.append(&mut screened.notes);
    dropped_notes.append(&mut screened.dropped);
    if c.in_period {
        let (inside, outside): (Vec<_>, Vec<_>) = dated
            .into_iter()
            .partition(|(_, d)| d.is_some_and(|d| window.contains(d)));
        dated = inside;
        if !outside.is_empty() {
            let k = outside.len();
            let paths: Vec<&str> = outside.iter().map(|(p, _)| *p).collect();
            let (fz, fe) = some(&paths);
            let (pz, pe) = describe::period_words(&ctx.pack.period.label);
            let (wz, we) = window.within_words(&ctx.pack.period.label);
            let (gz, ge) = window.grace_note();
            notes.push(text(
                format!("{nz}: {k} 个文件的日期不在{wz}，不计"),
                format!(
                    "{ne}: {} dated outside {we}; not counted",
                    words::count(k, "file")
                ),
            ));
            dropped_notes.push(text(
                format!("有 {k} 个文件日期不在 {pz}{gz}，不计：{fz}"),
                format!("not counted, dated outside {pe}{ge}: {fe}"),
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
                format!(
                    "{ne}: {} dated after the due day {due}; not counted",
                    words::count(k, "file")
                ),
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
            format!("{ne}: {}", words::count(count, "qualifying file")),
        )
    } else {
        text(
            format!("{nz}: {count} 个文件符合要求，至少需要 {min} 个"),
            format!(
                "{ne}: {}; at least {min} needed",
                words::count(count, "qualifying file")
            ),
        )
    });
    if credit < 1.0 {
        let k = min as usize - count;
        let w = wanted(k);
        o.shortfall.push(text(
            format!("还差 {k} 个：{}", w.zh),
            format!("{k} more needed: {}", w.en),
        ));
    }
    if let Some(max) = c.max {
        if count > max as usize {
            credit = 0.0;
            o.reasons.push(text(
                format!("{nz}: {count} 个文件，超过上限 {max} 个"),
                format!(
                    "{ne}: {}, more than the maximum of {max}",
                    words::count(count, "file")
                ),
            ));
            o.shortfall.push(text(
                format!("文件有 {count} 个，超过上限 {max} 个：只保留符合要求的文件"),
                format!(
                    "{}, more than the maximum of {max}: keep only the ones that qualify",
                    words::count(count, "file")
                ),
            ));
        }
    }
    if let Some(rule) = &c.periods {
        let cov = periods::coverage(
            rule.per,
            rule.min,
            rule.report_due_days.unwrap_or(0),
            dated.iter().filter_map(|(_, d)| *d),
            window,
        );
        credit = credit.min(cov.credit);
        o.periods = Some(cov.periods);
        o.reasons.push(text(
            format!("{nz}: {}", cov.zh),
            format!("{ne}: {}", cov.en),
        ));
        if cov.credit < 1.0 {
            o.shortfall.push(text(
                format!("{}：{}", cov.short_zh, wanted(2).zh),
                format!("{}: {}", cov.short_en, wanted(2).en),
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

/// The files of a dated rule with the date that decides for each, and what the dating found.
struct Dating<'p> {
    dated: Vec<(&'p str, Option<Date>)>,
    /// Files whose content date disagrees with their name's date, when the check requires
    /// agreement (`dates_agree`): they are left out of `dated`.
    disagreeing: Vec<&'p str>,
    /// Which date decided each file, for `--explain`.
    detail: Vec<crate::standard::model::Text>,
}

/// Dates each file. The name's date decides where the officer wrote one (the minutes of a
/// meeting may be scanned days later; the name says when the meeting was), else the date the
/// device or program wrote inside the file ([`crate::evidence::content_date`]): a phone photo
/// named `IMG_0042.jpg` is dated by when it was taken.
///
/// A content date that lies after the check's window (the review period plus its grace), or more
/// than `date_tolerance_days` (default 31) from the name's date, is a `DateConflict` for the
/// auditor: the file still counts, unless the check sets `dates_agree`.
fn date_files<'p>(
    ctx: &Ctx,
    c: &FilesCheck,
    paths: &[&'p str],
    window: periods::Window,
) -> Dating<'p> {
    let tolerance = i64::from(c.date_tolerance_days.unwrap_or(DEFAULT_DATE_TOLERANCE_DAYS));
    let mut dating = Dating {
        dated: Vec::new(),
        disagreeing: Vec::new(),
        detail: Vec::new(),
    };
    let mut by_name = 0;
    for p in paths {
        let name = date_of_path(p).map(|f| f.date);
        let content = ctx.content_date(p);
        let decided = match (name, content) {
            (Some(n), Some(cd)) => {
                let apart = n
                    .until((jiff::Unit::Day, cd.date))
                    .map(|s| i64::from(s.get_days()))
                    .unwrap_or(0);
                // made after the window, for a file whose name puts it inside: made afterwards
                let late = cd.date > window.last && n <= window.last;
                let (vz, ve) = cd.source.verb();
                if late || apart.abs() > tolerance {
                    let (why_zh, why_en) = if late && window.grace_days() > 0 {
                        let g = window.grace_days();
                        (
                            format!("，晚于评价期结束后 {g} 天（{}）", window.last),
                            format!(
                                ", later than {g} days after the review period ends ({})",
                                window.last
                            ),
                        )
                    } else if late {
                        (
                            format!("，晚于评价期结束日 {}", window.last),
                            format!(", after the review period ends ({})", window.last),
                        )
                    } else {
                        (
                            format!("，相差 {} 天", apart.abs()),
                            format!(", {} days apart", apart.abs()),
                        )
                    };
                    let fix = if c.dates_agree {
                        text(
                            "换成当时形成的原始文件，或改正文件名中的日期",
                            "use the original file made at the time, or correct the date in the name",
                        )
                    } else {
                        text(
                            "核对日期：文件名日期有误的请改正；事后补做的材料请说明原因",
                            "check the date: correct the name if it is wrong, or explain why the file was made later",
                        )
                    };
                    ctx.flag(
                        p,
                        FindingKind::DateConflict,
                        !c.dates_agree,
                        text(
                            format!(
                                "文件名日期 {n}，但{} {}{why_zh}",
                                describe::pad(vz),
                                cd.date
                            ),
                            format!("the name's date is {n}, but {ve} {}{why_en}", cd.date),
                        ),
                        fix,
                        Vec::new(),
                    );
                    dating.detail.push(text(
                        format!(
                            "`{p}`：文件名日期 {n} 与文件内日期 {}（{}）不符{}",
                            cd.date,
                            cd.source.key(),
                            if c.dates_agree {
                                "，不计"
                            } else {
                                "，仍以文件名日期为准"
                            }
                        ),
                        format!(
                            "`{p}`: the name's date {n} disagrees with the date inside, {} ({}){}",
                            cd.date,
                            cd.source.key(),
                            if c.dates_agree {
                                "; not counted"
                            } else {
                                "; the name's date decides"
                            }
                        ),
                    ));
                    if c.dates_agree {
                        dating.disagreeing.push(p);
                        continue;
                    }
                } else {
                    by_name += 1;
                }
                Some(n)
            }
            (Some(n), None) => {
                by_name += 1;
                Some(n)
            }
            (None, Some(cd)) => {
                let (wz, we) = cd.source.words();
                dating.detail.push(text(
                    format!(
                        "`{p}`：文件名中没有日期，按{wz} {}（{}）",
                        cd.date,
                        cd.source.key()
                    ),
                    format!(
                        "`{p}`: no date in the name; dated by {we}, {} ({})",
                        cd.date,
                        cd.source.key()
                    ),
                ));
                Some(cd.date)
            }
            (None, None) => None,
        };
        dating.dated.push((p, decided));
    }
    // the rule (the name's date decides) needs no line per file; the exceptions do
    if !dating.detail.is_empty() && by_name > 0 {
        dating.detail.push(text(
            format!("其余 {by_name} 个文件按文件名中的日期"),
            format!("the other {by_name} files are dated by their names"),
        ));
    }
    dating
}

/// Days a content date may lie from the name's date before the two disagree.
pub const DEFAULT_DATE_TOLERANCE_DAYS: u32 = 31;

/// `MM-DD` as the first such day on or after `from`, the start of the review period. The
/// documented meaning is "this day of the review year": for a calendar year that is the year of
/// `from`, but a period from July 2024 to June 2025 must read `03-31` as 31 March 2025, not a day
/// before the period even starts (which would make every file in the period late). `02-29` — a
/// valid month-day, and accepted by lint — is the last day of February in a common year.
pub(crate) fn due_date(text: &str, from: Date) -> Option<Date> {
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
