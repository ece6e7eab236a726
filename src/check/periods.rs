//! The review period, and "distinct periods covered" rules (one record per quarter, one report in
//! each half-year) shared by `files` and `records` checks.
//!
//! Windows that cross the period's end. Some evidence of a period is made after it: the second
//! half-year's 述职 is heard in January, the year-end 对账复盘 is held in the new year. Two
//! settings, and no more, say so:
//!
//! - `grace_days` on a dated check: evidence dated up to that many days after the end of the
//!   review period counts, as evidence of the period's last part ([`Window`]);
//! - `report_due_days` on a `periods` rule: each period's evidence may be dated up to that many
//!   days after the period ends (H1's report in July counts for H1). The last period's report is
//!   then due after the review period: the check's window is widened by as much (the larger of the
//!   two settings applies). A date that two periods could claim counts once, for the period that
//!   needs it ([`coverage`]: the earliest period first takes the earliest date it may take, which
//!   covers as many periods as any assignment can).

use std::collections::BTreeSet;

use jiff::civil::Date;

use crate::evidence::dates::parse_iso;
use crate::outcome::Period;
use crate::standard::model::Per;

/// The review period as dates.
#[derive(Debug, Clone, Copy)]
pub struct Review {
    pub from: Date,
    pub to: Date,
}

impl Review {
    /// The pack's period was validated when the pack was opened; a hand-built pack with a bad
    /// period falls back to one day, which makes every dated rule fail visibly rather than panic.
    pub fn of(period: &Period) -> Review {
        let from = parse_iso(&period.from).unwrap_or(Date::constant(2000, 1, 1));
        let to = parse_iso(&period.to).unwrap_or(from);
        Review { from, to }
    }

    pub fn contains(&self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }
}

/// The dates a dated check accepts: the review period, and after its end `grace` days more.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub review: Review,
    /// The last day accepted: the review period's end plus the grace days.
    pub last: Date,
}

impl Window {
    /// The review period widened by `days` after its end (0: the review period itself).
    pub fn new(review: Review, days: u32) -> Window {
        let last = review
            .to
            .checked_add(jiff::Span::new().days(i64::from(days.min(3660))))
            .unwrap_or(review.to);
        Window { review, last }
    }

    /// The window of a dated check: the larger of its `grace_days` and its periods rule's
    /// `report_due_days` (the last period's report may come after the review period ends).
    pub fn of_check(review: Review, grace_days: Option<u32>, periods_due: Option<u32>) -> Window {
        Window::new(
            review,
            grace_days.unwrap_or(0).max(periods_due.unwrap_or(0)),
        )
    }

    pub fn contains(&self, d: Date) -> bool {
        self.review.from <= d && d <= self.last
    }

    /// "评价期 2025 内" / "the review period 2025", with the grace when there is one.
    pub fn within_words(&self, label: &str) -> (String, String) {
        match self.grace_days() {
            0 => (
                format!("评价期 {label} 内"),
                format!("the review period {label}"),
            ),
            n => (
                format!("评价期 {label} 及其后 {n} 天内"),
                format!("the review period {label} and the {n} days after it"),
            ),
        }
    }

    /// What the grace adds to a shortfall: "（期末后 31 天内的也计）", or nothing.
    pub fn grace_note(&self) -> (String, String) {
        match self.grace_days() {
            0 => (String::new(), String::new()),
            n => (
                format!("（期末后 {n} 天内的也计）"),
                format!(" (the {n} days after its end count too)"),
            ),
        }
    }

    /// Days accepted after the review period's end.
    pub fn grace_days(&self) -> i32 {
        self.review
            .to
            .until((jiff::Unit::Day, self.last))
            .map(|s| s.get_days())
            .unwrap_or(0)
    }
}

/// A period of a kind, as (year, index): month 1–12, quarter 1–4, half 1–2, year 0.
pub type Key = (i16, i8);

pub fn key(per: Per, d: Date) -> Key {
    let m = d.month();
    let index = match per {
        Per::Month => m,
        Per::Quarter => (m - 1) / 3 + 1,
        Per::Half => (m - 1) / 6 + 1,
        Per::Year => 0,
    };
    (d.year(), index)
}

/// Every period of the kind that the review period touches.
pub fn expected(per: Per, review: Review) -> BTreeSet<Key> {
    let mut keys = BTreeSet::new();
    let mut d = review.from.first_of_month();
    // at most a few hundred months in any sane review period
    for _ in 0..2400 {
        if d > review.to {
            break;
        }
        keys.insert(key(per, d));
        match d.checked_add(jiff::Span::new().months(1)) {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    keys
}

/// The first and last day of a period.
pub fn bounds(per: Per, (y, i): Key) -> Option<(Date, Date)> {
    let (first_month, months) = match per {
        Per::Month => (i, 1),
        Per::Quarter => ((i - 1) * 3 + 1, 3),
        Per::Half => ((i - 1) * 6 + 1, 6),
        Per::Year => (1, 12),
    };
    let start = Date::new(y, first_month, 1).ok()?;
    let end = start
        .checked_add(jiff::Span::new().months(months))
        .ok()?
        .yesterday()
        .ok()?;
    Some((start, end))
}

pub fn label(per: Per, (y, i): Key) -> (String, String) {
    match per {
        Per::Month => (format!("{y}年{i}月"), format!("{y}-{i:02}")),
        Per::Quarter => (format!("{y}年第{i}季度"), format!("Q{i} {y}")),
        Per::Half => (
            format!("{y}年{}", if i == 1 { "上半年" } else { "下半年" }),
            format!("H{i} {y}"),
        ),
        Per::Year => (format!("{y}年"), format!("{y}")),
    }
}

/// A period's machine key, as results carry it: `2025` (year), `2025-H1`, `2025-Q3`, `2025-07`.
pub fn key_text(per: Per, (y, i): Key) -> String {
    match per {
        Per::Month => format!("{y}-{i:02}"),
        Per::Quarter => format!("{y}-Q{i}"),
        Per::Half => format!("{y}-H{i}"),
        Per::Year => format!("{y}"),
    }
}

/// The period a machine key names ([`key_text`] read back), if it is one of the kind.
pub fn parse_key(per: Per, text: &str) -> Option<Key> {
    let (year, rest) = match per {
        Per::Year => (text, None),
        _ => {
            let (y, r) = text.split_once('-')?;
            (y, Some(r))
        }
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i16 = year.parse().ok()?;
    let index = |digits: &str, max: i8| -> Option<i8> {
        let i: i8 = digits.parse().ok()?;
        (digits.bytes().all(|b| b.is_ascii_digit()) && (1..=max).contains(&i)).then_some(i)
    };
    let i = match (per, rest) {
        (Per::Year, _) => 0,
        (Per::Month, Some(m)) if m.len() == 2 => index(m, 12)?,
        (Per::Quarter, Some(q)) => index(q.strip_prefix('Q')?, 4)?,
        (Per::Half, Some(h)) => index(h.strip_prefix('H')?, 2)?,
        _ => return None,
    };
    Some((y, i))
}

fn unit(per: Per) -> (&'static str, &'static str) {
    match per {
        Per::Month => ("个月", "month"),
        Per::Quarter => ("个季度", "quarter"),
        Per::Half => ("个半年", "half-year"),
        Per::Year => ("个年度", "year"),
    }
}

/// How far dates cover the periods of a kind.
pub struct Coverage {
    pub credit: f64,
    pub zh: String,
    pub en: String,
    /// What is missing, when short: "还缺 2025年第3季度、2025年第4季度" (empty when covered).
    pub short_zh: String,
    pub short_en: String,
    /// The same finding for programs: the periods asked for and covered, in machine keys.
    pub periods: crate::outcome::PeriodCoverage,
}

/// How many periods of a kind the review period lasts: its length in months (a started month
/// counts), divided by the months of the kind, rounded up; never more than the periods it touches.
///
/// This is the default `min`. Periods are calendar periods (第一季度 is January to March, as in
/// every report an officer writes), but a review period need not start on one: July 2024 to June
/// 2025 touches the calendar years 2024 and 2025, and 15 March 2025 to 14 March 2026 touches
/// thirteen calendar months. Requiring every period touched would ask for two annual reports in
/// one year and thirteen monthly meetings in twelve months. A calendar year gives the same number
/// either way (12, 4, 2, 1).
pub fn default_min(per: Per, review: Review) -> usize {
    let touched = expected(per, review).len();
    let months = review
        .to
        .tomorrow()
        .ok()
        .and_then(|end| review.from.until((jiff::Unit::Month, end)).ok())
        .map(|span| i64::from(span.get_months()) + i64::from(span.get_days() > 0))
        .unwrap_or(0);
    let per_months = match per {
        Per::Month => 1,
        Per::Quarter => 3,
        Per::Half => 6,
        Per::Year => 12,
    };
    let lasts = usize::try_from((months + per_months - 1) / per_months).unwrap_or(0);
    if lasts == 0 {
        touched
    } else {
        lasts.min(touched)
    }
}

/// The periods of a kind that dates cover (by dates inside the check's window): a period is
/// covered by a date in it, or up to `due_days` after its end; the last period also by a date
/// after the review period inside the window (its grace). Each date covers one period.
pub fn covered(
    per: Per,
    due_days: u32,
    dates: impl IntoIterator<Item = Date>,
    window: Window,
) -> BTreeSet<Key> {
    let expected = expected(per, window.review);
    let mut dates: Vec<Date> = dates.into_iter().filter(|d| window.contains(*d)).collect();
    dates.sort();
    let last_key = expected.iter().next_back().copied();
    let mut used = vec![false; dates.len()];
    let mut covered: BTreeSet<Key> = BTreeSet::new();
    // Periods in order have windows in order of their ends: taking for each the earliest free
    // date it may take is the greedy matching of points to intervals, which is maximal.
    for k in &expected {
        let Some((start, end)) = bounds(per, *k) else {
            continue;
        };
        let mut until = end
            .checked_add(jiff::Span::new().days(i64::from(due_days.min(3660))))
            .unwrap_or(end);
        if Some(*k) == last_key && window.last > until {
            until = window.last;
        }
        let free = dates
            .iter()
            .zip(used.iter())
            .position(|(d, u)| !*u && start <= *d && *d <= until);
        if let Some(at) = free {
            used[at] = true;
            covered.insert(*k);
        }
    }
    covered
}

/// Credit = distinct periods covered (by dates inside the check's window) / `min` (default: as
/// many periods as the review period lasts, [`default_min`]), at most 1.
///
/// A period is covered by a date in it, or up to `due_days` after its end; the last period also
/// by a date after the review period inside the window (its grace). Each date covers one period.
pub fn coverage(
    per: Per,
    min: Option<u32>,
    due_days: u32,
    dates: impl IntoIterator<Item = Date>,
    window: Window,
) -> Coverage {
    let review = window.review;
    let expected = expected(per, review);
    let covered = covered(per, due_days, dates, window);
    let needed = min
        .map(|m| m as usize)
        .unwrap_or_else(|| default_min(per, review));
    let credit = if needed == 0 {
        1.0
    } else {
        (covered.len() as f64 / needed as f64).min(1.0)
    };
    let (uz, ue) = unit(per);
    let mut zh = if covered.len() > needed {
        format!("覆盖 {} {uz}，需要 {needed} {uz}", covered.len())
    } else {
        format!("覆盖 {}/{needed} {uz}", covered.len())
    };
    // "12 months covered; 10 needed" when more are covered than the rule asks
    let mut en = if covered.len() > needed {
        format!(
            "{} covered; {needed} needed",
            crate::words::count(covered.len(), ue)
        )
    } else {
        format!(
            "{} of {} covered",
            covered.len(),
            crate::words::count(needed, ue)
        )
    };
    let (mut short_zh, mut short_en) = (String::new(), String::new());
    if credit < 1.0 {
        let more = needed.saturating_sub(covered.len());
        short_zh = format!("还差 {more} {uz}");
        short_en = format!("{more} more {} needed", crate::words::noun(more, ue));
        let missing: Vec<(String, String)> = expected
            .difference(&covered)
            .map(|k| label(per, *k))
            .collect();
        if !missing.is_empty() {
            let zhs: Vec<&str> = missing.iter().map(|(z, _)| z.as_str()).collect();
            let ens: Vec<&str> = missing.iter().map(|(_, e)| e.as_str()).collect();
            zh.push_str(&format!("，缺 {}", zhs.join("、")));
            en.push_str(&format!("; missing {}", ens.join(", ")));
            short_zh = format!("{short_zh}（缺 {}）", zhs.join("、"));
            short_en = format!("{short_en} (missing {})", ens.join(", "));
        }
    }
    let keys = |set: &BTreeSet<Key>| set.iter().map(|k| key_text(per, *k)).collect();
    Coverage {
        credit,
        zh,
        en,
        short_zh,
        short_en,
        periods: crate::outcome::PeriodCoverage {
            per,
            expected: keys(&expected),
            covered: keys(&covered),
            needed,
            due_days,
            window: crate::outcome::DateWindow {
                from: review.from.to_string(),
                to: window.last.to_string(),
            },
        },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn machine_keys_read_back_and_refuse_what_is_not_one() {
        let cases = [
            (Per::Month, (2025, 7), "2025-07"),
            (Per::Month, (2025, 12), "2025-12"),
            (Per::Quarter, (2025, 3), "2025-Q3"),
            (Per::Half, (2026, 1), "2026-H1"),
            (Per::Year, (2025, 0), "2025"),
        ];
        for (per, key, text) in cases {
            assert_eq!(key_text(per, key), text);
            assert_eq!(parse_key(per, text), Some(key), "{text}");
        }
        for (per, text) in [
            (Per::Month, "2025-7"),
            (Per::Month, "2025-13"),
            (Per::Month, "2025-Q3"),
            (Per::Quarter, "2025-Q5"),
            (Per::Quarter, "2025-Q0"),
            (Per::Quarter, "2025-3"),
            (Per::Half, "2025-H3"),
            (Per::Half, "2025-Q1"),
            (Per::Year, "2025-H1"),
            (Per::Year, "25"),
            (Per::Quarter, "+025-Q1"),
            (Per::Quarter, "2025年第3季度"),
        ] {
            assert_eq!(parse_key(per, text), None, "{text}");
        }
    }
}
