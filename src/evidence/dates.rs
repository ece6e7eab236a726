//! Dates as officers write them: in file names (`2025-03-15 联席会议纪要.docx`) and in register
//! cells (`2025/3/15`, `2025年3月15日`, an Excel date).
//!
//! Evidence is dated by its name because that is what survives copying between machines (file
//! times do not). The parser is hand-written rather than a regular expression so that every form is
//! listed in one place and every candidate is validated as a real calendar date: `20251332` is not a
//! date, and neither is the `2025` of a `2025版` title.

use jiff::civil::Date;

/// A date found in a text, and how precise it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct FoundDate {
    pub date: Date,
    /// `false` for month-only forms (`2025年3月`, `2025-03`), which stand for the first of the month.
    pub has_day: bool,
}

/// The first real date in `text`, in any of the accepted forms:
/// `2025-03-15`, `2025.03.15`, `2025_03_15`, `2025/3/15`, `20250315`, `2025年3月15日`, and the
/// month-only `2025年3月` and `2025-03` (→ the first of the month).
pub fn find_date(text: &str) -> Option<FoundDate> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts_number = chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit());
        if starts_number {
            if let Some(found) = date_at(&chars, i) {
                return Some(found);
            }
        }
        i += 1;
    }
    None
}

/// A date that starts exactly at `chars[i]`.
fn date_at(chars: &[char], i: usize) -> Option<FoundDate> {
    let run = digits(chars, i);
    if run == 14 {
        return stamp_date(chars, i);
    }
    if run == 8 {
        let y = number(chars, i, 4)?;
        let m = number(chars, i + 4, 2)?;
        let d = number(chars, i + 6, 2)?;
        return real(y, m, d, true);
    }
    if run != 4 {
        return None;
    }
    let y = number(chars, i, 4)?;
    let sep = *chars.get(i + 4)?;
    let (month_end, day_sep): (char, Option<char>) = match sep {
        '年' => ('月', None),
        '-' | '.' | '_' | '/' => (sep, Some(sep)),
        _ => return None,
    };
    let m_start = i + 5;
    let m_len = digits(chars, m_start);
    if !(1..=2).contains(&m_len) {
        return None;
    }
    let m = number(chars, m_start, m_len)?;
    let after_month = m_start + m_len;
    let next = chars.get(after_month).copied();
    if sep == '年' {
        // 2025年3月15日 or 2025年3月
        if next != Some(month_end) {
            return None;
        }
        let d_start = after_month + 1;
        let d_len = digits(chars, d_start);
        if (1..=2).contains(&d_len) && chars.get(d_start + d_len) == Some(&'日') {
            let d = number(chars, d_start, d_len)?;
            return real(y, m, d, true);
        }
        return real(y, m, 1, false);
    }
    if next == day_sep {
        let d_start = after_month + 1;
        let d_len = digits(chars, d_start);
        if (1..=2).contains(&d_len) {
            let d = number(chars, d_start, d_len)?;
            return real(y, m, d, true);
        }
        return None;
    }
    // Month-only is accepted for the dash form with a two-digit month (`2025-03`): dots and
    // underscores after a year are too often version numbers (`2025.1版`).
    if sep == '-' && m_len == 2 {
        return real(y, m, 1, false);
    }
    None
}

/// Length of the run of ASCII digits starting at `i`.
fn digits(chars: &[char], i: usize) -> usize {
    chars
        .get(i..)
        .map(|rest| rest.iter().take_while(|c| c.is_ascii_digit()).count())
        .unwrap_or(0)
}

fn number(chars: &[char], i: usize, len: usize) -> Option<i64> {
    let s: String = chars.get(i..i + len)?.iter().collect();
    s.parse().ok()
}

/// A real calendar date between 1900 and 2199, or nothing.
fn real(y: i64, m: i64, d: i64, has_day: bool) -> Option<FoundDate> {
    if !(1900..=2199).contains(&y) {
        return None;
    }
    let date = Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()?;
    Some(FoundDate { date, has_day })
}

/// The date of a pack file from its path: the file name first, then the nearest folder whose name
/// carries a date (photos are often kept in a folder per event: `2025-03-15 宣讲会/IMG_001.jpg`).
pub fn date_of_path(path: &str) -> Option<FoundDate> {
    path.rsplit('/').find_map(date_of_name)
}

/// The date in one file or folder name, in the forms officers type ([`find_date`]) and the forms
/// phones, WeChat and screenshot tools write:
///
/// - `IMG20250601100000.jpg`, `微信图片_20250601100000.jpg`, `QQ图片20250601100000.jpg`: a date and
///   a time run together (14 digits, the time must be a real time too, [`stamp_date`]);
/// - `IMG_20250601_100000.jpg`, `VID_20250601_100000.mp4`, `PXL_20250601_100000123.jpg`,
///   `Screenshot_2025-06-01-10-00-00-123_com.tencent.mm.png`, `Screenshot 2025-06-01 at 10.00.00.png`,
///   `截屏2025-06-01 10.00.00.png`: the ordinary forms, found by [`find_date`];
/// - `mmexport1748743200000.jpg` (WeChat's "save image") and `wx_camera_1748743200000.jpg` (its
///   camera): milliseconds since 1970, read as a date in China time (UTC+8), [`epoch_date`];
/// - any of these in full-width digits and punctuation (`２０２５－０６－０１`), as a Chinese input
///   method types them.
pub fn date_of_name(name: &str) -> Option<FoundDate> {
    let name = half_width(name);
    find_date(&name).or_else(|| epoch_date(&name))
}

/// Full-width digits and date punctuation (`０`–`９`, `－`, `．`, `／`, `＿`, `：`, the ideographic
/// space) as their ASCII forms; everything else unchanged.
fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' | '－' | '．' | '／' | '＿' | '：' => {
                char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
            }
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// `YYYYMMDDhhmmss` starting at `chars[i]` (a run of exactly 14 digits): the date when both the
/// date and the time are real. A 14-digit number that is not a time stamp (an order number, a
/// phone id) gives no date.
fn stamp_date(chars: &[char], i: usize) -> Option<FoundDate> {
    let h = number(chars, i + 8, 2)?;
    let min = number(chars, i + 10, 2)?;
    let s = number(chars, i + 12, 2)?;
    if h > 23 || min > 59 || s > 60 {
        return None;
    }
    let y = number(chars, i, 4)?;
    let m = number(chars, i + 4, 2)?;
    let d = number(chars, i + 6, 2)?;
    real(y, m, d, true)
}

/// Names that WeChat gives the photos it saves or takes, followed by milliseconds since 1970.
const EPOCH_PREFIXES: [&str; 2] = ["mmexport", "wx_camera_"];

/// The date of a WeChat `mmexport…`/`wx_camera_…` name: exactly 13 digits after the prefix,
/// milliseconds since 1970-01-01 UTC, as a date in China time (UTC+8, where these photos are
/// taken and the day an officer would write). A number outside 2000–2099 is no date: the
/// prefix alone does not make any number a time. Without one of the prefixes a 13-digit number
/// is an id, never a date.
fn epoch_date(name: &str) -> Option<FoundDate> {
    let lower = name.to_ascii_lowercase();
    let rest = EPOCH_PREFIXES
        .iter()
        .find_map(|p| lower.find(p).map(|at| &lower[at + p.len()..]))?;
    let run: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if run.len() != 13 {
        return None;
    }
    let ms: i64 = run.parse().ok()?;
    let date = jiff::tz::offset(8)
        .to_datetime(jiff::Timestamp::from_millisecond(ms).ok()?)
        .date();
    if !(2000..=2099).contains(&date.year()) {
        return None;
    }
    Some(FoundDate {
        date,
        has_day: true,
    })
}

/// The date of a register cell written as text: the same forms as file names.
pub fn date_of_cell(text: &str) -> Option<FoundDate> {
    find_date(text.trim())
}

/// The date of a register cell as offices type it, within a review period `from..=to`: the
/// forms of [`find_date`]; full-width digits and separators (`２０２５／３／５`); an Excel date
/// serial left as a number (`45721`, days since 1899-12-30, the 1900 system — date-formatted
/// cells come from the workbook reader already as dates, in whichever system the workbook uses);
/// and a day without its year (`3月5日`, `3月5号`), placed in the year of the period that holds
/// it (else the period's first year).
pub fn date_in_register(text: &str, from: Date, to: Date) -> Option<FoundDate> {
    let text: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '／' => '/',
            '．' => '.',
            '－' => '-',
            c => c,
        })
        .collect();
    if let Some(found) = excel_serial(&text) {
        return Some(found);
    }
    if let Some(found) = find_date(&text) {
        return Some(found);
    }
    let chars: Vec<char> = text.chars().collect();
    let m_len = digits(&chars, 0);
    if !(1..=2).contains(&m_len) || chars.get(m_len) != Some(&'月') {
        return None;
    }
    let d_len = digits(&chars, m_len + 1);
    if !(1..=2).contains(&d_len) || !matches!(chars.get(m_len + 1 + d_len), Some('日' | '号')) {
        return None;
    }
    let m = number(&chars, 0, m_len)?;
    let d = number(&chars, m_len + 1, d_len)?;
    let candidates = (from.year()..=to.year()).filter_map(|y| real(i64::from(y), m, d, true));
    let mut first = None;
    for c in candidates {
        if from <= c.date && c.date <= to {
            return Some(c);
        }
        first.get_or_insert(c);
    }
    first
}

/// An Excel 1900-system serial between 1950 and 2099 written as a plain number.
fn excel_serial(text: &str) -> Option<FoundDate> {
    let whole = text.split_once('.').map_or(text, |(w, f)| {
        if f.chars().all(|c| c.is_ascii_digit()) {
            w
        } else {
            ""
        }
    });
    if whole.len() != 5 || !whole.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: i64 = whole.parse().ok()?;
    // 18264 = 1950-01-01, 73050 = 2099-12-31
    if !(18264..=73050).contains(&n) {
        return None;
    }
    let date = Date::constant(1899, 12, 30)
        .checked_add(jiff::Span::new().days(n))
        .ok()?;
    Some(FoundDate {
        date,
        has_day: true,
    })
}

/// Parses `YYYY-MM-DD` strictly (pack.yaml dates, waiver expiries, attestation dates).
pub fn parse_iso(text: &str) -> Option<Date> {
    let t = text.trim();
    if t.len() != 10 {
        return None;
    }
    t.parse::<Date>().ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(text: &str) -> Option<(String, bool)> {
        find_date(text).map(|f| (f.date.to_string(), f.has_day))
    }

    #[test]
    fn every_written_form() {
        let day = Some(("2025-03-15".to_string(), true));
        assert_eq!(d("2025-03-15 联席会议纪要.docx"), day);
        assert_eq!(d("联席会议2025.03.15.pdf"), day);
        assert_eq!(d("2025_03_15_纪要.pdf"), day);
        assert_eq!(d("20250315纪要.pdf"), day);
        assert_eq!(d("2025年3月15日 宣讲会签到表.jpg"), day);
        assert_eq!(d("2025年03月15日.jpg"), day);
        assert_eq!(d("2025/3/15"), day);
        assert_eq!(d("2025-3-15 纪要"), day);
        let month = Some(("2025-03-01".to_string(), false));
        assert_eq!(d("2025年3月 工作简报.docx"), month);
        assert_eq!(d("简报 2025-03.docx"), month);
    }

    #[test]
    fn not_dates() {
        assert_eq!(d("20251332.pdf"), None);
        assert_eq!(d("2025-02-30 纪要.pdf"), None);
        assert_eq!(d("2025版方案.pdf"), None);
        assert_eq!(d("2025.1版.pdf"), None);
        assert_eq!(d("照片001.jpg"), None);
        assert_eq!(d("123456789.pdf"), None);
        assert_eq!(d("2025-03-155.pdf"), None);
        assert_eq!(d("1850-01-01.pdf"), None);
        assert_eq!(d(""), None);
    }

    #[test]
    fn first_real_date_wins_and_folders_date_photos() {
        assert_eq!(
            d("20251332 改 2025-04-01.pdf"),
            Some(("2025-04-01".to_string(), true))
        );
        let f = date_of_path("B/2025-06-01 宣讲会/IMG_001.jpg").map(|f| f.date.to_string());
        assert_eq!(f.as_deref(), Some("2025-06-01"));
        let f = date_of_path("B/2025-06-01 宣讲会/2025-06-02 签到.jpg").map(|f| f.date.to_string());
        assert_eq!(f.as_deref(), Some("2025-06-02"));
    }

    #[test]
    fn register_cells_as_offices_type_them() {
        let (from, to) = (Date::constant(2025, 1, 1), Date::constant(2025, 12, 31));
        let r = |t: &str| date_in_register(t, from, to).map(|f| f.date.to_string());
        let day = Some("2025-03-05".to_string());
        for form in [
            "2025/3/5",
            "2025.3.5",
            "2025-3-5",
            "2025年3月5日",
            "3月5日",
            "3月5号",
            "２０２５年３月５日",
            "２０２５／３／５",
            "45721",
            "45721.5",
        ] {
            assert_eq!(r(form), day, "{form}");
        }
        assert_eq!(r("13月5日"), None);
        assert_eq!(r("99999"), None);
        assert_eq!(r("12345"), None);
        // a period across the new year places a day in the year that holds it
        let (from, to) = (Date::constant(2025, 7, 1), Date::constant(2026, 6, 30));
        let f = date_in_register("3月5日", from, to).map(|f| f.date.to_string());
        assert_eq!(f.as_deref(), Some("2026-03-05"));
    }

    #[test]
    fn iso_is_strict() {
        assert!(parse_iso("2025-12-31").is_some());
        assert!(parse_iso("2025-13-01").is_none());
        assert!(parse_iso("2025-1-1").is_none());
    }
}
