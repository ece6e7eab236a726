//! Where a register's table is on its sheet: the header row, found by the columns a check
//! needs, and the rows around the data that are not data.
//!
//! Offices do not save a bare table. A 台账 has a title merged across the sheet (“2025 年职工培训
//! 台账”), perhaps a line saying who keeps it, then the header; below the data a 合计 row and a
//! signature block (制表人：… 审核人：… 填表日期：…). Taking the first row as the header reports
//! every column missing; counting the footer as data adds rows that are not records. So:
//!
//! - **The header** is the first of the first [`HEADER_WINDOW`] filled rows that holds every
//!   column the check names (required, date, filter and rule columns). When none holds them all,
//!   the row holding most of them is used, and the check reports the missing columns as it
//!   always did. When the check names no column (or no row holds any), it is the first row
//!   filled over more than half as many cells as the fullest row near the top: a title or a
//!   "填报单位：…  单位：人" line is passed over, a header with a blank name or two is not.
//! - **Totals rows** (first filled cell 合计, 总计 or 小计, spaces ignored) are not records: each is
//!   left out.
//! - **The footer** starts at a signature line (first filled cell beginning 制表人, 审核人, 填表人,
//!   填报人, 填表日期, 制表日期, 负责人, 审批人 followed by `：` or 签字), or at a note (one filled
//!   cell beginning 注, 说明 or 备注 followed by `：`, or any single-cell row after a blank row):
//!   from there to the end nothing is data.
//!
//! What was passed over is said in one sentence for the check's detail (`--explain`), with the
//! rows as the sheet numbers them, so an auditor can find them.

use serde_json::Value;

use crate::standard::model::Text;

/// How many filled rows from the top are looked at for the header.
pub const HEADER_WINDOW: usize = 20;

/// A row as read, before the header is known: its line (csv) or row number (sheet), 1-based,
/// and its filled cells by 0-based column, in column order.
#[derive(Debug, Clone)]
pub struct RawRow {
    pub line: usize,
    pub cells: Vec<(usize, Value)>,
}

impl RawRow {
    fn texts(&self) -> impl Iterator<Item = String> + '_ {
        self.cells
            .iter()
            .map(|(_, v)| super::read::cell_str(v))
            .filter(|s| !s.is_empty())
    }

    fn filled(&self) -> usize {
        self.texts().count()
    }

    fn first_text(&self) -> Option<String> {
        self.texts().next()
    }
}

/// The table found on a sheet: which row is the header, which rows are data, and what was
/// passed over.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Index into the rows of the header row.
    pub header: usize,
    /// Indexes of the data rows, in order.
    pub data: Vec<usize>,
    /// What was passed over, when anything was (for the check's detail).
    pub note: Option<Text>,
}

/// Signature lines of a footer.
const SIGNATURES: [&str; 9] = [
    "制表人",
    "审核人",
    "填表人",
    "填报人",
    "填表日期",
    "制表日期",
    "负责人",
    "审批人",
    "制表",
];
const TOTALS: [&str; 3] = ["合计", "总计", "小计"];
const NOTES: [&str; 3] = ["注", "说明", "备注"];

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `text` begins with `word` and goes on with a colon (or 签字/签名): a bare 负责人 is as likely
/// a value in a 职务 column as a signature line.
fn labelled(text: &str, word: &str) -> bool {
    match squeeze(text).strip_prefix(word) {
        Some(rest) => {
            rest.starts_with(['：', ':'])
                || rest.starts_with("签字")
                || rest.starts_with("签名")
                || rest.starts_with("（签")
                || rest.starts_with("(签")
        }
        None => false,
    }
}

fn is_signature(row: &RawRow) -> bool {
    row.first_text()
        .is_some_and(|t| SIGNATURES.iter().any(|w| labelled(&t, w)))
}

fn is_totals(row: &RawRow) -> bool {
    row.first_text().is_some_and(|t| {
        let t = squeeze(&t);
        TOTALS
            .iter()
            .any(|w| t == *w || t.starts_with(&format!("{w}：")) || t.starts_with(&format!("{w}:")))
    })
}

fn is_note(row: &RawRow, after_blank: bool) -> bool {
    if row.filled() != 1 {
        return false;
    }
    let Some(t) = row.first_text() else {
        return false;
    };
    after_blank
        || NOTES.iter().any(|w| {
            let t = squeeze(&t);
            t.strip_prefix(w)
                .is_some_and(|r| r.starts_with(['：', ':']))
        })
}

/// Finds the table among `rows` (blank rows already left out; lines ascending).
pub fn locate(rows: &[RawRow], need: &[String]) -> Option<Layout> {
    if rows.is_empty() {
        return None;
    }
    let window = &rows[..rows.len().min(HEADER_WINDOW)];
    let need: Vec<&str> = need
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .collect();
    let score = |row: &RawRow| {
        let texts: Vec<String> = row.texts().collect();
        need.iter()
            .filter(|n| texts.iter().any(|t| t == *n))
            .count()
    };
    let mut header = None;
    if !need.is_empty() {
        let mut best = (0, 0);
        for (i, row) in window.iter().enumerate() {
            let s = score(row);
            if s == need.len() {
                best = (i, s);
                break;
            }
            if s > best.1 {
                best = (i, s);
            }
        }
        if best.1 > 0 {
            header = Some(best.0);
        }
    }
    let header = header.unwrap_or_else(|| {
        let widest = window.iter().map(RawRow::filled).max().unwrap_or(0);
        window
            .iter()
            .position(|r| r.filled() * 2 > widest)
            .unwrap_or(0)
    });

    let mut data = Vec::new();
    let mut totals = Vec::new();
    let mut footer: Option<usize> = None;
    let mut prev_line = rows.get(header).map_or(0, |r| r.line);
    for (i, row) in rows.iter().enumerate().skip(header + 1) {
        let after_blank = row.line > prev_line + 1;
        prev_line = row.line;
        if is_signature(row) || (!data.is_empty() && is_note(row, after_blank)) {
            footer = Some(i);
            break;
        }
        if is_totals(row) {
            totals.push(row.line);
            continue;
        }
        data.push(i);
    }

    let header_line = rows.get(header).map_or(1, |r| r.line);
    let titles: Vec<usize> = rows[..header].iter().map(|r| r.line).collect();
    let mut zh: Vec<String> = Vec::new();
    let mut en: Vec<String> = Vec::new();
    if !titles.is_empty() {
        let (z, e) = spans(&titles);
        zh.push(format!("{z}为标题，表头在第 {header_line} 行"));
        en.push(format!(
            "{e} {} a title, the header is row {header_line}",
            if titles.len() == 1 { "is" } else { "are" }
        ));
    }
    if !totals.is_empty() {
        let (z, e) = spans(&totals);
        zh.push(format!("{z}为合计行"));
        en.push(format!(
            "{e} {}",
            if totals.len() == 1 {
                "is a totals row"
            } else {
                "are totals rows"
            }
        ));
    }
    if let Some(f) = footer {
        let lines: Vec<usize> = rows[f..].iter().map(|r| r.line).collect();
        let first = rows
            .get(f)
            .and_then(RawRow::first_text)
            .map(|t| {
                let t: String = t
                    .split(['：', ':'])
                    .next()
                    .unwrap_or("")
                    .chars()
                    .take(8)
                    .collect();
                t.trim().to_owned()
            })
            .unwrap_or_default();
        let (z, e) = spans(&lines);
        zh.push(format!("{z}为表尾（{first}…）"));
        en.push(format!(
            "{e} {} the footer (signatures, date)",
            if lines.len() == 1 { "is" } else { "are" }
        ));
    }
    let note = (!zh.is_empty()).then(|| Text {
        zh: format!("{}，不计", zh.join("；")),
        en: format!("{}; not counted", en.join("; ")),
    });
    Some(Layout { header, data, note })
}

/// Lines as runs: "第 1–2、5 行" / "rows 1–2, 5" ("第 3 行" / "row 3").
fn spans(lines: &[usize]) -> (String, String) {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &l in lines {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == l => *end = l,
            _ => runs.push((l, l)),
        }
    }
    let words: Vec<String> = runs
        .iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect();
    let single = lines.len() == 1;
    (
        format!("第 {} 行", words.join("、")),
        format!(
            "{} {}",
            if single { "row" } else { "rows" },
            words.join(", ")
        ),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn row(line: usize, cells: &[&str]) -> RawRow {
        RawRow {
            line,
            cells: cells
                .iter()
                .enumerate()
                .filter(|(_, c)| !c.is_empty())
                .map(|(i, c)| (i, Value::String((*c).to_owned())))
                .collect(),
        }
    }

    fn need(cols: &[&str]) -> Vec<String> {
        cols.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn title_totals_and_footer() {
        let rows = vec![
            row(1, &["2025 年职工培训台账"]),
            row(2, &["填报单位：灵峰社区", "", "单位：人"]),
            row(3, &["序号", "日期", "人数"]),
            row(4, &["1", "2025-03-05", "20"]),
            row(5, &["2", "2025-04-05", "30"]),
            row(6, &["合 计", "", "50"]),
            row(8, &["制表人：张三", "", "审核人：李四"]),
            row(9, &["填表日期：2025年12月31日"]),
        ];
        let l = locate(&rows, &need(&["日期", "人数"])).unwrap();
        assert_eq!(l.header, 2);
        assert_eq!(l.data, vec![3, 4]);
        let note = l.note.unwrap();
        assert_eq!(
            note.zh,
            "第 1–2 行为标题，表头在第 3 行；第 6 行为合计行；第 8–9 行为表尾（制表人…），不计"
        );
        assert_eq!(
            note.en,
            "rows 1–2 are a title, the header is row 3; row 6 is a totals row; rows 8–9 are the footer (signatures, date); not counted"
        );
    }

    #[test]
    fn without_needed_columns_a_title_is_passed_over() {
        let rows = vec![row(1, &["台账"]), row(2, &["a", "b"]), row(3, &["1", "2"])];
        let l = locate(&rows, &[]).unwrap();
        assert_eq!((l.header, l.data.clone()), (1, vec![2]));
        // a one-column register keeps its first row as the header
        let rows = vec![row(1, &["姓名"]), row(2, &["张三"])];
        let l = locate(&rows, &[]).unwrap();
        assert_eq!((l.header, l.data, l.note), (0, vec![1], None));
    }

    #[test]
    fn best_row_when_none_has_all_and_notes_after_a_blank() {
        let rows = vec![
            row(1, &["标题"]),
            row(2, &["日期", "人数"]),
            row(3, &["2025-01-01", "3"]),
            row(5, &["以上数据由社区提供"]),
        ];
        let l = locate(&rows, &need(&["日期", "地点"])).unwrap();
        assert_eq!((l.header, l.data), (1, vec![2]));
        // a data value 负责人 is not a signature line
        let rows = vec![row(1, &["职务", "姓名"]), row(2, &["负责人", "张三"])];
        assert_eq!(locate(&rows, &need(&["职务"])).unwrap().data, vec![1]);
    }
}
