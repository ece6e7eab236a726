//! `text` checks: documents that contain every keyword — a plan that names its measures, minutes
//! that record a decision — and the content rules `min_pages` and `min_chars` that `text` and
//! `files` checks share.
//!
//! Documents are read by `crate::evidence::document` (docx with its headers, footers, tables
//! and footnotes; PDF with a text layer; odt; html; txt and md in any common encoding), once per
//! run through the `Ctx` cache. A document whose text cannot be read — a binary `.doc`/`.wps`,
//! an `.rtf`, a scan without a text layer, a damaged file — is not counted, is listed in the
//! evidence-quality findings with what to do, and is never reported as "keyword not found".
//!
//! A document counts when it contains every keyword; credit is count/min. When no document has
//! them all, the best document earns its share of the keywords (the item's `partial_credit: false`
//! still snaps that to 0), and the reason lists the keywords it lacks, so the officer knows what
//! to add. Before reading, documents pass the same screen as `files` checks (`screen`: empty,
//! not what the extension claims, smaller than `min_bytes`, a copy): such a file is never read.

use std::sync::Arc;

use super::context::{count_credit, read_failure, text, Ctx, NoText};
use super::{describe, errored, outcome, screen, Failure};
use crate::evidence::document::{self, Document, NOT_READABLE, READABLE};
use crate::evidence::read::extension;
use crate::outcome::{CheckOutcome, FindingKind};
use crate::standard::model::{Text, TextCheck};

/// What the content rules said about the files they looked at, for the check's reasons, its
/// shortfall and its `--explain` detail.
#[derive(Default)]
pub(super) struct ContentNotes {
    pub reasons: Vec<Text>,
    pub shortfall: Vec<Text>,
    pub detail: Vec<Text>,
}

/// Whether the file at `path` passes `min_pages` and `min_chars`; `Ok(None)` when it does not
/// count (flagged, with a note). `need_text`: the caller reads the text anyway (a `text` check),
/// so a document whose text cannot be read never counts. An image is one page and is not read
/// unless its text is needed. `Err`: the file could not be read at all (the check is an error).
pub(super) fn judge(
    ctx: &Ctx,
    path: &str,
    min_pages: Option<u32>,
    min_chars: Option<u32>,
    need_text: bool,
    name: &Text,
    notes: &mut ContentNotes,
) -> Result<Option<Option<Arc<Document>>>, Failure> {
    let wants_text = need_text || min_chars.is_some();
    if !wants_text && min_pages.is_none() {
        return Ok(Some(None));
    }
    let doc = if !wants_text && document::is_image(path) {
        None
    } else {
        match ctx.document(path) {
            Ok(d) => Some(d),
            Err(NoText::Read(e)) => return Err(read_failure(&e)),
            Err(NoText::Unreadable(u)) => {
                ctx.flag_unreadable(path, &u);
                notes.reasons.push(text(
                    format!("{}: {path} {}，不计", name.zh, u.reason.zh),
                    format!("{}: {path}: {}; not counted", name.en, u.reason.en),
                ));
                notes.shortfall.push(text(
                    format!("{path} {}，不计：请{}", u.reason.zh, u.fix.zh),
                    format!("not counted, {path}: {}: {}", u.reason.en, u.fix.en),
                ));
                if let Some(d) = &u.detail {
                    notes
                        .detail
                        .push(text(format!("{path}：{d}"), format!("{path}: {d}")));
                }
                return Ok(None);
            }
        }
    };
    let mut counts = true;
    if let Some(min) = min_pages {
        let pages = if document::is_image(path) {
            Some(1)
        } else {
            doc.as_ref().and_then(|d| d.pages)
        };
        match pages {
            None => notes.detail.push(text(
                format!("{path}：文件未记录页数，页数要求（至少 {min} 页）未核对"),
                format!("{path}: the file records no page count; the page rule (at least {min}) not judged"),
            )),
            Some(p) if p < min => {
                counts = false;
                let (rz, re) = (
                    format!("只有 {p} 页，至少需要 {min} 页"),
                    format!("only {p} pages, at least {min} needed"),
                );
                ctx.flag(
                    path,
                    FindingKind::TooFewPages,
                    false,
                    text(rz.clone(), re.clone()),
                    text(
                        format!("补全材料（至少 {min} 页）"),
                        format!("complete it (at least {min} pages)"),
                    ),
                    Vec::new(),
                );
                notes.reasons.push(text(
                    format!("{}: {path} {rz}，不计", name.zh),
                    format!("{}: {path}: {re}; not counted", name.en),
                ));
                notes.shortfall.push(text(
                    format!("{path} {rz}，不计：请补全材料"),
                    format!("not counted, {path}: {re}: complete it"),
                ));
            }
            Some(_) => {}
        }
    }
    if let (Some(min), Some(d)) = (min_chars, &doc) {
        let chars = d.chars();
        if chars < min as usize {
            counts = false;
            let (rz, re) = (
                format!("只有 {chars} 个字，至少需要 {min} 个字"),
                format!("only {chars} characters of text, at least {min} needed"),
            );
            ctx.flag(
                path,
                FindingKind::TooFewChars,
                false,
                text(rz.clone(), re.clone()),
                text(
                    format!("补全内容（至少 {min} 个字）"),
                    format!("complete it (at least {min} characters)"),
                ),
                Vec::new(),
            );
            notes.reasons.push(text(
                format!("{}: {path} {rz}，不计", name.zh),
                format!("{}: {path}: {re}; not counted", name.en),
            ));
            notes.shortfall.push(text(
                format!("{path} {rz}，不计：请补全内容"),
                format!("not counted, {path}: {re}: complete it"),
            ));
        }
    }
    Ok(counts.then_some(doc))
}

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
    let (docs, other): (Vec<&str>, Vec<&str>) = matched.into_iter().partition(|p| {
        let ext = extension(p);
        READABLE.contains(&ext.as_str()) || NOT_READABLE.contains(&ext.as_str())
    });
    // empty, not what it claims, too small, a copy: not counted, said in reasons and shortfall
    let screened = screen::screen(ctx, &n, docs, c.min_bytes);
    let docs = screened.kept;
    o.reasons.extend(screened.notes);
    let dropped = screened.dropped;
    let mut notes = ContentNotes::default();
    if !other.is_empty() {
        notes.reasons.push(text(
            format!(
                "{nz}: {} 个文件不是文档（docx、PDF、odt、html、txt、md），无法读取文字，未计（如 {}）",
                other.len(),
                other.first().copied().unwrap_or_default()
            ),
            format!(
                "{ne}: {} not documents (docx, PDF, odt, html, txt, md); their text cannot be read (e.g. {})",
                match other.len() {
                    1 => "1 file is".to_owned(),
                    k => format!("{k} files are"),
                },
                other.first().copied().unwrap_or_default()
            ),
        ));
    }
    let keywords: Vec<&str> = c
        .keywords
        .iter()
        .map(|k| k.trim())
        .filter(|k| !k.is_empty())
        .collect();
    let mut complete: Vec<&str> = Vec::new();
    let mut read = 0usize;
    // the document with the most keywords, and the keywords it lacks
    let mut best: Option<(usize, &str, Vec<&str>)> = None;
    for path in &docs {
        let body = match judge(ctx, path, c.min_pages, c.min_chars, true, &n, &mut notes) {
            Ok(Some(Some(d))) => d,
            Ok(_) => continue,
            Err(reason) => return errored(o, reason),
        };
        read += 1;
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
    o.detail.extend(notes.detail);
    if read == 0 {
        o.reasons.push(text(
            format!("{nz}: 未找到可读取的文档"),
            format!("{ne}: no readable document found"),
        ));
        o.reasons.extend(notes.reasons);
        o.shortfall.push(text(
            format!(
                "缺少{}：请补上{}（docx、带文字的 PDF、odt、html、txt 或 md）",
                describe::pad(nz),
                describe::pad(&place.zh)
            ),
            format!(
                "{ne} is missing: keep the documents as docx, PDF with text, odt, html, txt or md, {}",
                place.en
            ),
        ));
        o.shortfall.extend(notes.shortfall);
        o.shortfall.extend(dropped);
        return o;
    }
    let min = c.min.unwrap_or(1);
    let count = complete.len();
    let words = keywords.join("、");
    if count > 0 {
        o.credit = count_credit(count, min);
        o.reasons.push(if o.credit >= 1.0 {
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
        });
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
        o.reasons.push(text(
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
        ));
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
    o.reasons.extend(notes.reasons);
    if o.credit < 1.0 {
        o.shortfall.extend(notes.shortfall);
        o.shortfall.extend(dropped);
    }
    o
}
