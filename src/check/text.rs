//! `text` checks: documents (txt, md, docx) that contain every keyword — a plan that names its
//! measures, minutes that record a decision.
//!
//! A document counts when it contains every keyword; credit is count/min. When no document has
//! them all, the best document earns its share of the keywords (the item's `partial_credit: false`
//! still snaps that to 0), and the reason lists the keywords it lacks, so the officer knows what
//! to add.

use super::context::{count_credit, read_error_text, text, Ctx};
use super::{errored, name, outcome};
use crate::evidence::read::extension;
use crate::outcome::CheckOutcome;
use crate::standard::model::TextCheck;

const READABLE: [&str; 4] = ["txt", "md", "markdown", "docx"];

pub fn run(ctx: &Ctx, c: &TextCheck) -> CheckOutcome {
    let o = outcome("text", &c.label);
    let n = name(&c.label, &c.glob);
    let matched = match ctx.matches(&c.glob, &n) {
        Ok(m) => m,
        Err(reason) => return errored(o, reason),
    };
    let mut o = o;
    let (docs, other): (Vec<&str>, Vec<&str>) = matched
        .into_iter()
        .partition(|p| READABLE.contains(&extension(p).as_str()));
    if !other.is_empty() {
        o.reasons.push(text(
            format!(
                "{n}: {} 个文件不是 txt、md 或 docx，无法读取文字，未计（如 {}）",
                other.len(),
                other.first().copied().unwrap_or_default()
            ),
            format!(
                "{n}: {} files are not txt, md or docx; their text cannot be read (e.g. {})",
                other.len(),
                other.first().copied().unwrap_or_default()
            ),
        ));
    }
    if docs.is_empty() {
        o.reasons.insert(
            0,
            text(
                format!("{n}: 未找到可读取的文档（{}）", c.glob),
                format!("{n}: no readable document found ({})", c.glob),
            ),
        );
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
            Err(e) => return errored(o, read_error_text(&e)),
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
                    format!("{n}: {count} 份文档包含全部关键词（{words}）"),
                    format!("{n}: {count} documents contain every keyword ({words})"),
                )
            } else {
                text(
                    format!("{n}: {count} 份文档包含全部关键词（{words}），至少需要 {min} 份"),
                    format!(
                        "{n}: {count} documents contain every keyword ({words}); at least {min} needed"
                    ),
                )
            },
        );
        o.evidence = complete.iter().map(|p| ctx.evidence(p)).collect();
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
                    "{n}: 没有文档包含全部关键词；最接近的 {path} 含 {found}/{} 个，缺 {}",
                    keywords.len(),
                    missing.join("、")
                ),
                format!(
                    "{n}: no document contains every keyword; the closest, {path}, has {found} of {}; missing {}",
                    keywords.len(),
                    missing.join(", ")
                ),
            ),
        );
        if found > 0 {
            o.evidence.push(ctx.evidence(path));
        }
    }
    o
}
