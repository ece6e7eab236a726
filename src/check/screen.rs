//! The filters a file passes before a `files` or `text` check counts it, whatever the check asks
//! beyond: it has content, it is what its extension claims, it is as large as the standard asks
//! (`min_bytes`), and it is not a copy of another file the check already counts. Each file that
//! fails is a finding in the results' evidence-quality list (`Ctx::flag`) and a line in the
//! check's reasons and shortfall, so that an officer sees what was discounted and why.
//!
//! Copies, precisely:
//! - **Within one check**, files with the same bytes (SHA-256) count once, whatever their names
//!   or folders. The copy that counts is the first by path (the order `ls` shows them in); the
//!   others are flagged `copy`, naming it.
//! - **Under different dates, anywhere in the pack**: for a dated rule (`in_period`, `due`,
//!   `periods`) the same bytes can stand for one day only. Of all the pack files with those bytes
//!   that carry a date in their path, the first by path is the original; a file with the same
//!   bytes under another date is flagged `copy` and does not count for any dated rule
//!   ([`dated_copies`]).
//! - **Fine**: one file (one path) met by two items; the same bytes at two paths serving two
//!   different items, when neither is dated or both carry the same date (a notice filed under
//!   both the items it proves).

use jiff::civil::Date;

use super::context::{text, Ctx};
use crate::evidence::dates::date_of_path;
use crate::outcome::FindingKind;
use crate::standard::model::Text;

/// The files that passed, and the lines saying which did not.
pub struct Screened<'a> {
    pub kept: Vec<&'a str>,
    /// One line per cause, for the check's reasons ("会议纪要: 1 个文件类型不符，不计").
    pub notes: Vec<Text>,
    /// One line per cause, for the shortfall: the files and what to do.
    pub dropped: Vec<Text>,
}

/// "a、b、c" with at most three names, then "等".
pub fn some(paths: &[&str]) -> (String, String) {
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

/// Applies the filters, in order: empty, wrong type, too small, copies within the check.
pub fn screen<'a>(
    ctx: &Ctx<'_, 'a>,
    name: &Text,
    paths: Vec<&'a str>,
    min_bytes: Option<u64>,
) -> Screened<'a> {
    let (nz, ne) = (name.zh.as_str(), name.en.as_str());
    let mut s = Screened {
        kept: Vec::new(),
        notes: Vec::new(),
        dropped: Vec::new(),
    };
    let mut empty = Vec::new();
    let mut wrong = Vec::new();
    let mut small = Vec::new();
    for p in paths {
        let size = ctx.size_of(p);
        if size == 0 {
            ctx.flag(
                p,
                FindingKind::Empty,
                false,
                text("空文件（0 字节）", "empty file (0 bytes)"),
                text("换成有内容的文件", "replace it with the real file"),
                Vec::new(),
            );
            empty.push(p);
        } else if let Some(m) = ctx.mismatch(p) {
            ctx.flag_mismatch(p, &m);
            wrong.push((p, m));
        } else if min_bytes.is_some_and(|min| size < min) {
            let min = min_bytes.unwrap_or_default();
            ctx.flag(
                p,
                FindingKind::TooSmall,
                false,
                text(
                    format!("只有 {size} 字节，小于标准要求的 {min} 字节"),
                    format!("only {size} bytes, less than the {min} bytes the standard asks"),
                ),
                text("换成完整的文件", "replace it with the complete file"),
                Vec::new(),
            );
            small.push(p);
        } else {
            s.kept.push(p);
        }
    }
    if !empty.is_empty() {
        let k = empty.len();
        let (fz, fe) = some(&empty);
        s.notes.push(text(
            format!("{nz}: {k} 个空文件（0 字节）不计"),
            format!("{ne}: {k} empty files (0 bytes) not counted"),
        ));
        s.dropped.push(text(
            format!("有 {k} 个空文件（0 字节），不计：{fz}（请换成有内容的文件）"),
            format!("not counted, empty (0 bytes): {fe} (replace with the real files)"),
        ));
    }
    if !wrong.is_empty() {
        let k = wrong.len();
        let zh: Vec<String> = wrong
            .iter()
            .take(3)
            .map(|(p, m)| format!("{p}（{}）", m.reason().zh))
            .collect();
        let en: Vec<String> = wrong
            .iter()
            .take(3)
            .map(|(p, m)| format!("{p} ({})", m.reason().en))
            .collect();
        let more = if k > 3 { (" 等", ", …") } else { ("", "") };
        s.notes.push(text(
            format!(
                "{nz}: {k} 个文件的内容与文件类型不符，不计：{}{}",
                zh.join("、"),
                more.0
            ),
            format!(
                "{ne}: {k} files are not what their type claims; not counted: {}{}",
                en.join(", "),
                more.1
            ),
        ));
        let fixes: Vec<Text> = {
            let mut seen: Vec<Text> = Vec::new();
            for (_, m) in &wrong {
                let f = m.fix();
                if !seen.contains(&f) {
                    seen.push(f);
                }
            }
            seen
        };
        let paths: Vec<&str> = wrong.iter().map(|(p, _)| *p).collect();
        let (fz, fe) = some(&paths);
        let fix_zh: Vec<&str> = fixes.iter().map(|f| f.zh.as_str()).collect();
        let fix_en: Vec<&str> = fixes.iter().map(|f| f.en.as_str()).collect();
        s.dropped.push(text(
            format!(
                "有 {k} 个文件内容与类型不符，不计：{fz}（请{}）",
                fix_zh.join("；")
            ),
            format!(
                "not counted, not what their type claims: {fe} ({})",
                fix_en.join("; ")
            ),
        ));
    }
    if !small.is_empty() {
        let k = small.len();
        let min = min_bytes.unwrap_or_default();
        let (fz, fe) = some(&small);
        s.notes.push(text(
            format!("{nz}: {k} 个文件小于 {min} 字节，不计"),
            format!("{ne}: {k} files smaller than {min} bytes not counted"),
        ));
        s.dropped.push(text(
            format!("有 {k} 个文件小于 {min} 字节，不计：{fz}（请换成完整的文件）"),
            format!(
                "not counted, smaller than {min} bytes: {fe} (replace with the complete files)"
            ),
        ));
    }
    // copies within the check: the first by path counts
    let mut firsts: Vec<&str> = Vec::new();
    let mut copies: Vec<(&str, &str)> = Vec::new();
    for p in std::mem::take(&mut s.kept) {
        let sha = ctx.pack.sha256_of(p).unwrap_or_default();
        let original = firsts
            .iter()
            .find(|f| !sha.is_empty() && ctx.pack.sha256_of(f) == Some(sha))
            .copied();
        match original {
            Some(o) => copies.push((p, o)),
            None => firsts.push(p),
        }
    }
    s.kept = firsts;
    for (p, o) in &copies {
        ctx.flag(
            p,
            FindingKind::Copy,
            false,
            text(
                format!("与 {o} 内容完全相同，只计一次"),
                format!("the same content as {o}; counted once"),
            ),
            copy_fix(),
            vec![(*o).to_owned()],
        );
    }
    copy_lines(&mut s, name, &copies, None);
    s
}

fn copy_fix() -> Text {
    text(
        "删除重复的文件，或换成这次活动自己的材料",
        "delete the duplicate, or replace it with this activity's own record",
    )
}

/// The reason and shortfall lines for copies: "x（同 y）".
fn copy_lines(s: &mut Screened, name: &Text, copies: &[(&str, &str)], dated: Option<()>) {
    if copies.is_empty() {
        return;
    }
    let (nz, ne) = (name.zh.as_str(), name.en.as_str());
    let k = copies.len();
    let more = if k > 3 { (" 等", ", …") } else { ("", "") };
    let zh: Vec<String> = copies
        .iter()
        .take(3)
        .map(|(p, o)| format!("{p}（同 {o}）"))
        .collect();
    let en: Vec<String> = copies
        .iter()
        .take(3)
        .map(|(p, o)| format!("{p} (= {o})"))
        .collect();
    let (wz, we) = if dated.is_some() {
        (
            "与另一日期的文件内容完全相同，不计",
            "have the same content as a file under another date; not counted",
        )
    } else {
        (
            "与其他文件内容完全相同，只计一次",
            "have the same content as another file; counted once",
        )
    };
    s.notes.push(text(
        format!("{nz}: {k} 个文件{wz}：{}{}", zh.join("、"), more.0),
        format!("{ne}: {k} files {we}: {}{}", en.join(", "), more.1),
    ));
    let paths: Vec<&str> = copies.iter().map(|(p, _)| *p).collect();
    let (fz, fe) = some(&paths);
    s.dropped.push(text(
        format!("有 {k} 个重复文件（内容完全相同），不计：{fz}（请换成每次活动各自的材料）"),
        format!(
            "not counted, duplicates (the same content): {fe} (keep each activity's own record)"
        ),
    ));
}

/// For a dated rule: drops the files whose bytes the pack also holds under another date (the
/// original is the first dated one by path, see the module doc), flagging each as a copy.
pub fn dated_copies<'a>(
    ctx: &Ctx<'_, 'a>,
    name: &Text,
    dated: Vec<(&'a str, Option<Date>)>,
    s: &mut Screened<'a>,
) -> Vec<(&'a str, Option<Date>)> {
    let mut kept = Vec::new();
    let mut copies: Vec<(&str, &str)> = Vec::new();
    for (p, d) in dated {
        let original = ctx
            .same_content(p)
            .iter()
            .find_map(|o| date_of_path(o).map(|f| (*o, f.date)));
        match original {
            Some((o, od)) if o != p && d.is_some_and(|d| d != od) => {
                ctx.flag(
                    p,
                    FindingKind::Copy,
                    false,
                    text(
                        format!(
                            "与 {o} 内容完全相同，但文件名日期不同（{} 与 {od}），同一份材料只能算一次",
                            d.map(|d| d.to_string()).unwrap_or_default()
                        ),
                        format!(
                            "the same content as {o} under another date ({} and {od}); one record counts once",
                            d.map(|d| d.to_string()).unwrap_or_default()
                        ),
                    ),
                    copy_fix(),
                    vec![o.to_owned()],
                );
                copies.push((p, o));
            }
            _ => kept.push((p, d)),
        }
    }
    copy_lines(s, name, &copies, Some(()));
    kept
}
