//! `--format table`: what an officer reads on a terminal — items grouped by level-1 area, a mark
//! for each status, under each item not met its first shortfall (what is missing; "等 N 项" when
//! there are more), totals and the grade. `--explain` prints, per check, what it requires, what
//! was found, what is missing and, labelled apart, the technical detail. Colour only on a terminal (and never with NO_COLOR).
//! Every name, title and reason is written through [`Screen`], so text from a pack or a standard
//! never reaches the terminal with its control characters raw.

use std::fmt::Write;

use crate::outcome::{CheckOutcome, FileFinding, ItemOutcome, Results, Status};
use crate::render::escape::Screen;
use crate::render::num::num;
use crate::Lang;

fn mark(status: Status) -> &'static str {
    match status {
        Status::Met => "✓",
        Status::Partial => "◐",
        Status::Unmet => "✗",
        Status::NotApplicable => "–",
        Status::Waived => "≈",
        Status::Error => "!",
    }
}

/// One line in its status colour; the colour codes are the only raw escapes on the screen.
fn paint(out: &mut Screen, text: &str, status: Status, color: bool) {
    if !color {
        let _ = writeln!(out, "{text}");
        return;
    }
    let code = match status {
        Status::Met => "32",
        Status::Partial => "33",
        Status::Unmet | Status::Error => "31",
        Status::NotApplicable | Status::Waived => "90",
    };
    out.raw(&format!("\x1b[{code}m"));
    let _ = write!(out, "{text}");
    out.raw("\x1b[0m");
    let _ = writeln!(out);
}

pub fn render(r: &Results, lang: Lang, color: bool) -> String {
    let zh = lang == Lang::Zh;
    // Names, titles and reasons come from the pack and the standard: all shown escaped.
    let mut out = Screen::default();
    let _ = writeln!(
        out,
        "{} · {} · {} {}",
        r.pack.community,
        r.pack.period.label,
        r.standard.title.get(lang),
        r.standard.version
    );
    let _ = writeln!(out);
    for group in r.groups.iter().filter(|g| g.level == 1) {
        let _ = writeln!(
            out,
            "{} {}  {}/{}",
            group.id,
            group.title.get(lang),
            num(group.score),
            num(group.points)
        );
        for item in r.items.iter().filter(|i| i.path.first() == Some(&group.id)) {
            item_lines(&mut out, item, "  ", lang, color);
        }
        let _ = writeln!(out);
    }
    // Items at the top of an uneven tree, outside any group.
    let top: Vec<&ItemOutcome> = r.items.iter().filter(|i| i.path.is_empty()).collect();
    for item in &top {
        item_lines(&mut out, item, "", lang, color);
    }
    if !top.is_empty() {
        let _ = writeln!(out);
    }
    let c = &r.score.counts;
    let _ = if zh {
        writeln!(
            out,
            "已完成 {}，部分完成 {}，未完成 {}，不适用 {}，已豁免 {}，出错 {}",
            c.met, c.partial, c.unmet, c.not_applicable, c.waived, c.error
        )
    } else {
        writeln!(
            out,
            "met {}, partial {}, unmet {}, not applicable {}, waived {}, error {}",
            c.met, c.partial, c.unmet, c.not_applicable, c.waived, c.error
        )
    };
    // With a review the reviewed total and grade are the community's result: they lead, and the
    // self-score follows, labelled as such. Without one the self-score is the result.
    let self_line = |out: &mut Screen, label: (&str, &str)| {
        let grade_word = match (zh, r.score.review.is_some()) {
            (true, true) => "自评等级",
            (true, false) => "等级",
            (false, true) => "self-assessed grade",
            (false, false) => "grade",
        };
        let (label, comma, colon) = if zh {
            (label.0, "，", "：")
        } else {
            (label.1, ", ", ": ")
        };
        let _ = writeln!(
            out,
            "{label} {} / {}{comma}{grade_word}{colon}{}",
            num(r.score.total),
            num(r.score.max),
            r.score.grade.title.get(lang)
        );
        for reason in &r.score.grade_reasons {
            let _ = writeln!(out, "  · {}", reason.get(lang));
        }
    };
    match &r.score.review {
        None => self_line(&mut out, ("总分", "total")),
        Some(review) => {
            let changed = review.changed_items.join(if zh { "、" } else { ", " });
            let _ = if zh {
                writeln!(
                    out,
                    "复评总分 {} / {}，复评等级：{}（以复评为准；复评改动 {} 项：{}）",
                    num(review.total),
                    num(r.score.max),
                    review.grade.title.get(lang),
                    review.changed_items.len(),
                    changed
                )
            } else {
                writeln!(
                    out,
                    "reviewed total {} / {}, reviewed grade: {} (the review decides; {} re-scored differently: {})",
                    num(review.total),
                    num(r.score.max),
                    review.grade.title.get(lang),
                    crate::words::count(review.changed_items.len(), "item"),
                    changed
                )
            };
            for reason in &review.grade_reasons {
                let _ = writeln!(out, "  · {}", reason.get(lang));
            }
            self_line(&mut out, ("自评分", "self-score"));
        }
    }
    if let Some(line) = crate::render::report::labels::quality_summary(&r.evidence_quality, lang) {
        let _ = writeln!(out);
        let hint = if zh {
            "（逐个文件见 --explain 条目编号）"
        } else {
            " (each file: --explain ITEM)"
        };
        let _ = writeln!(out, "{line}{hint}");
    }
    if !r.problems.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", if zh { "问题：" } else { "problems:" });
        for p in &r.problems {
            let item = p
                .item
                .as_deref()
                .map(|i| format!(" [{i}]"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {} {}{}{}{}",
                p.severity.label(lang),
                p.location(),
                item,
                crate::diagnostic::colon(lang),
                p.message_for_people(lang)
            );
            if let Some(help) = p.help_for_people(lang) {
                let label = if zh { "提示" } else { "help" };
                let _ = writeln!(
                    out,
                    "      = {label}{}{help}",
                    crate::diagnostic::colon(lang)
                );
            }
        }
    }
    out.into_string()
}

/// The line under an item that is not met: its first shortfall, with "（等 N 项）" when there are
/// more; for an item without one (not applicable, waived, or results written before version 3),
/// its first reason.
fn first_shortfall(item: &ItemOutcome, lang: Lang) -> Option<String> {
    if item.status == Status::Met {
        return None;
    }
    match item.shortfall.split_first() {
        Some((first, [])) => Some(first.get(lang).to_owned()),
        Some((first, _)) => Some(match lang {
            Lang::Zh => format!("{}（等 {} 项）", first.get(lang), item.shortfall.len()),
            Lang::En => format!(
                "{} (and {} more)",
                first.get(lang),
                item.shortfall.len() - 1
            ),
        }),
        None => item.reasons.first().map(|r| r.get(lang).to_owned()),
    }
}

/// What a row says when its item is not scored: outside the selected profile, or informational.
fn unscored(item: &ItemOutcome, lang: Lang) -> &'static str {
    match (item.by_profile, item.informational(), lang) {
        (true, _, Lang::Zh) => "（不在所选档次内）",
        (true, _, Lang::En) => " (outside the selected profile)",
        (false, true, Lang::Zh) => "（不计分）",
        (false, true, Lang::En) => " (not scored)",
        (false, false, _) => "",
    }
}

/// The whole trace of one item: every check, its credit, reasons and evidence, then the files
/// its checks discounted or doubted (the evidence-quality findings that name the item).
pub fn explain(item: &ItemOutcome, findings: &[FileFinding], lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut out = Screen::default();
    let _ = writeln!(out, "{} {}", item.id, item.title.get(lang));
    let _ = writeln!(
        out,
        "{}: {} ({})  {}: {}  {}: {} / {}",
        if lang == Lang::Zh { "状态" } else { "status" },
        mark(item.status),
        item.status_label().get(lang),
        if lang == Lang::Zh {
            "完成度"
        } else {
            "credit"
        },
        num(item.credit),
        if lang == Lang::Zh { "得分" } else { "score" },
        num(item.score),
        num(item.points),
    );
    if item.core {
        let _ = writeln!(
            out,
            "{}",
            if lang == Lang::Zh {
                "核心项"
            } else {
                "core item"
            }
        );
    }
    if !item.shortfall.is_empty() {
        let _ = writeln!(out, "{}", if zh { "还缺：" } else { "missing:" });
        for s in &item.shortfall {
            let _ = writeln!(out, "  · {}", s.get(lang));
        }
    }
    if let Some(b) = &item.basis {
        let note = match lang {
            Lang::En if !b.note_en.trim().is_empty() => &b.note_en,
            _ if b.note.trim().is_empty() => &b.note_en,
            _ => &b.note,
        };
        let _ = if zh {
            writeln!(
                out,
                "依据：话题（{}），计分规则（{}）。{note}",
                b.topic.describe(lang),
                b.rule.describe(lang)
            )
        } else {
            writeln!(
                out,
                "basis: topic ({}), scored rule ({}). {note}",
                b.topic.describe(lang),
                b.rule.describe(lang)
            )
        };
    }
    let _ = writeln!(out, "{}", if zh { "检查：" } else { "checks:" });
    for check in &item.checks {
        trace(check, 1, lang, &mut out);
    }
    let mine: Vec<&FileFinding> = findings
        .iter()
        .filter(|f| f.items.contains(&item.id))
        .collect();
    if !mine.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            if zh {
                "证据问题："
            } else {
                "evidence quality:"
            }
        );
        for f in mine {
            let kind = crate::render::report::labels::finding_kind(f.kind, lang);
            let words = crate::render::report::labels::labels(lang);
            let counted = words
                .get(if f.counted {
                    "finding_counted"
                } else {
                    "finding_not_counted"
                })
                .copied()
                .unwrap_or_default();
            let _ = if zh {
                writeln!(
                    out,
                    "  · {}：{kind}，{counted}。{}；请{}",
                    f.path,
                    f.reason.get(lang),
                    f.fix.get(lang)
                )
            } else {
                writeln!(
                    out,
                    "  · {}: {kind}, {counted}. {}; {}",
                    f.path,
                    f.reason.get(lang),
                    f.fix.get(lang)
                )
            };
        }
    }
    out.into_string()
}

fn trace(check: &CheckOutcome, depth: usize, lang: Lang, out: &mut Screen) {
    let pad = "  ".repeat(depth);
    let label = crate::check::describe::label(&check.label, &check.label_en)
        .map(|l| format!(" {}", l.get(lang)))
        .unwrap_or_default();
    let error = if check.error { " !" } else { "" };
    let _ = writeln!(
        out,
        "{pad}[{}]{label}  {}{error}",
        check.kind,
        num(check.credit)
    );
    let zh = lang == Lang::Zh;
    let section =
        |out: &mut Screen, title: (&str, &str), lines: &[crate::standard::model::Text]| {
            if lines.is_empty() {
                return;
            }
            let _ = writeln!(out, "{pad}  {}", if zh { title.0 } else { title.1 });
            for l in lines {
                let _ = writeln!(out, "{pad}    - {}", l.get(lang));
            }
        };
    if !check.requires.get(lang).is_empty() {
        let _ = writeln!(
            out,
            "{pad}  {}{}",
            if zh { "要求：" } else { "requires: " },
            check.requires.get(lang)
        );
    }
    section(out, ("发现：", "found:"), &check.reasons);
    section(out, ("还缺：", "missing:"), &check.shortfall);
    section(out, ("技术细节：", "technical detail:"), &check.detail);
    for e in &check.evidence {
        let _ = writeln!(
            out,
            "{pad}  = {}  sha256:{}",
            e.path,
            e.sha256.get(..12).unwrap_or(&e.sha256)
        );
    }
    for child in &check.children {
        trace(child, depth + 1, lang, out);
    }
}

/// One item of the table: its line, the first thing it lacks and the auditor's re-score, under
/// its group (`indent`) or at the top of an uneven tree.
fn item_lines(out: &mut Screen, item: &ItemOutcome, indent: &str, lang: Lang, color: bool) {
    let line = format!(
        "{indent}{} {:<6} {:>5}/{:<3} {}{}",
        mark(item.status),
        item.id,
        num(item.score),
        num(item.points),
        item.title.get(lang),
        unscored(item, lang)
    );
    paint(out, &line, item.status, color);
    let pad = format!("{indent}         ");
    if let Some(line) = first_shortfall(item, lang) {
        let _ = writeln!(out, "{pad}{line}");
    }
    if let Some(review) = &item.review {
        let (score, points) = (num(review.score), num(item.points));
        let _ = if lang == Lang::Zh {
            writeln!(
                out,
                "{pad}复评 {score}/{points}  {}（{}）",
                review.comment, review.by
            )
        } else {
            writeln!(
                out,
                "{pad}reviewed {score}/{points}  {} (by {})",
                review.comment, review.by
            )
        };
    }
}
