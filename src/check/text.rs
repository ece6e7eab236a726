//! `text` checks: documents (txt, md, docx) that contain every keyword — a plan that names its
//! measures, minutes that record a decision.
//!
//! A document counts when it contains every keyword; credit is count/min. When no document has
//! them all, the best document earns its share of the keywords (the item's `partial_credit: false`
//! still snaps that to 0), and the reason lists the keywords it lacks, so the officer knows what
//! to add. Before reading, documents pass the same screen as `files` checks (`screen`: empty,
//! not what the extension claims, smaller than `min_bytes`, a copy): such a file is never read.

use super::context::{count_credit, read_failure, text, Ctx};
use super::{describe, errored, outcome, screen};
use crate::evidence::read::extension;
use crate::outcome::CheckOutcome;
use crate::standard::model::TextCheck;

const READABLE: [&str; 4] = ["txt", "md", "markdown", "docx"];

pub fn run(ctx: &Ctx, c: &TextCheck) -> CheckOutcome {
    let mut o = outcome("text", &c.label, &c.label_en);
    let n = describe::documents_name(c);
    let (nz, ne) = (n.zh.as_str(), n.en.as_str());
    o.detail.push(text(
        format!("文档位置：`{}`", c.glob),
        format!("document location: `{}`", c.glob),
    ));
    let place = describe::files_place(&c.glob, &[]);
    let matched = match ctx.matches(&c.glob, &n) {
        Ok(m) => m,
        Err(reason) => return errored(o, reason),
    };
    let (docs, other): (Vec<&str>, Vec<&str>) = matched
        .into_iter()
        .partition(|p| READABLE.contains(&extension(p).as_str()));
    // empty, not what it claims, too small, a copy: not counted, said in reasons and shortfall
    let screened = screen::screen(ctx, &n, docs, c.min_bytes);
    let docs = screened.kept;
    o.reasons.extend(screened.notes);
    let dropped = screened.dropped;
    if !other.is_empty() {
        o.reasons.push(text(
            format!(
                "{nz}: {} 个文件不是 txt、md 或 docx，无法读取文字，未计（如 {}）",
                other.len(),
                other.first().copied().unwrap_or_default()
            ),
            format!(
                "{ne}: {} not txt, md or docx; their text cannot be read (e.g. {})",
                match other.len() {
                    1 => "1 file is".to_owned(),
                    k => format!("{k} files are"),
                },
                other.first().copied().unwrap_or_default()
            ),
        ));
    }
    if docs.is_empty() {
        o.shortfall.extend(dropped);
        o.reasons.insert(
            0,
            text(
                format!("{nz}: 未找到可读取的文档"),
                format!("{ne}: no readable document found"),
            ),
        );
        o.shortfall.push(text(
            format!(
                "缺少{}：请补上{}（txt、md 或 docx）",
                describe::pad(nz),
                describe::pad(&place.zh)
            ),
            format!(
                "{ne} is missing: keep the documents as txt, md or docx, {}",
                place.en
            ),
        ));
        return o;
    }
    let keywords: Vec<&str> = c
        .keywords
        .iter()
        .map(|k| k.trim())
        .filter(|k| !k.is_empty())
        .collect();
    let mut complete: Vec<&str> = Vec::new();
    // the document with the most keywords, and the keywords it lacks
    let mut best: Option<(usize, &str, Vec<&str>)> = None;
    for path in &docs {
        let body = match ctx.text(path) {
            Ok(t) => t,
            Err(e) => return errored(o, read_failure(&e)),
        };
        let missing: Vec<&str> = keywords
            .iter()
            .copied()
            .filter(|k| !body.contains(k))
            .collect();
        let found = keywords.len() - missing.len();
        if missing.is_empty() {
            complete.push(path);
        }
        if best.as_ref().is_none_or(|(f, _, _)| found > *f) {
            best = Some((found, path, missing));
        }
    }
    let min = c.min.unwrap_or(1);
    let count = complete.len();
    let words = keywords.join("、");
    if count > 0 {
        o.credit = count_credit(count, min);
        o.reasons.insert(
            0,
            if o.credit >= 1.0 {
                text(
                    format!("{nz}: {count} 份文档包含全部关键词（{words}）"),
                    format!(
                        "{ne}: {} every keyword ({words})",
                        match count {
                            1 => "1 document contains".to_owned(),
                            k => format!("{k} documents contain"),
                        }
                    ),
                )
            } else {
                text(
                    format!("{nz}: {count} 份文档包含全部关键词（{words}），至少需要 {min} 份"),
                    format!(
                        "{ne}: {} every keyword ({words}); at least {min} needed",
                        match count {
                            1 => "1 document contains".to_owned(),
                            k => format!("{k} documents contain"),
                        }
                    ),
                )
            },
        );
        o.evidence = complete.iter().map(|p| ctx.evidence(p)).collect();
        if o.credit < 1.0 {
            let k = min as usize - count;
            o.shortfall.push(text(
                format!("还差 {k} 份写有全部关键词（{words}）的文档"),
                format!(
                    "{k} more {} mentioning every keyword ({words}) needed",
                    crate::words::noun(k, "document")
                ),
            ));
        }
    } else if let Some((found, path, missing)) = best {
        o.credit = if keywords.is_empty() {
            0.0
        } else {
            found as f64 / keywords.len() as f64 / f64::from(min.max(1))
        };
        o.reasons.insert(
            0,
            text(
                format!(
                    "{nz}: 没有文档包含全部关键词；最接近的 {path} 含 {found}/{} 个，缺 {}",
                    keywords.len(),
                    missing.join("、")
                ),
                format!(
                    "{ne}: no document contains every keyword; the closest, {path}, has {found} of {}; missing {}",
                    keywords.len(),
                    missing.join(", ")
                ),
            ),
        );
        o.shortfall.push(text(
            format!(
                "没有文档写全关键词：最接近的 {path} 还缺 {}",
                missing.join("、")
            ),
            format!(
                "no document mentions every keyword: the closest, {path}, lacks {}",
                missing.join(", ")
            ),
        ));
        if found > 0 {
            o.evidence.push(ctx.evidence(path));
        }
    }
    if o.credit < 1.0 {
        o.shortfall.extend(dropped);
    }
    o
}
