//! `--format md`: the year in progress as a Markdown page, to print or to send to the community's
//! leaders. Pack text is escaped so that it cannot become HTML, a link or a broken table.

use std::fmt::Write;

use super::{dated_words, days_left_words, score_lines, task_words, when, words, StatusContext};
use crate::render::escape::{markdown as esc, markdown_code};
use crate::render::num::num;
use crate::Lang;

pub fn render(status: &StatusContext, lang: Lang) -> String {
    let w = words(lang);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {} · {} · {}",
        esc(&status.community),
        esc(&status.period.label),
        w.title
    );
    let _ = writeln!(out);
    let (comma, stop) = match lang {
        Lang::Zh => ("，", "。"),
        Lang::En => (", ", ". "),
    };
    let _ = writeln!(
        out,
        "{} {}{comma}{}{stop}{} {}",
        w.as_of,
        status.as_of,
        days_left_words(status, lang),
        esc(status.standard.title.get(lang)),
        esc(&status.standard.version)
    );
    let _ = writeln!(out);

    let _ = writeln!(out, "## {}", w.score);
    let _ = writeln!(out);
    for line in score_lines(status, lang) {
        let _ = writeln!(out, "- {}", esc(&line));
    }
    let _ = writeln!(out);

    let _ = writeln!(out, "## {}", w.areas);
    let _ = writeln!(out);
    let _ = writeln!(out, "| {} |", w.columns_area.join(" | "));
    let _ = writeln!(out, "|---|--:|--:|--:|--:|--:|--:|");
    for a in &status.areas {
        let c = &a.counts;
        let _ = writeln!(
            out,
            "| {} {} | {} | {} | {} | {} | {} | {}/{} |",
            esc(&a.id),
            esc(a.title.get(lang)),
            c.met,
            c.partial,
            c.unmet,
            c.not_applicable + c.waived,
            c.error,
            num(a.score),
            num(a.points)
        );
    }
    let _ = writeln!(out);

    let _ = writeln!(out, "## {}", w.missing);
    let _ = writeln!(out);
    if status.missing.is_empty() {
        let _ = writeln!(out, "{}", w.missing_none);
    }
    for m in &status.missing {
        let points = match lang {
            Lang::Zh => format!("{} 分", num(m.points)),
            Lang::En => format!("{} pt", num(m.points)),
        };
        let mut line = match lang {
            Lang::Zh => format!(
                "- **{}** {}（{points}）",
                esc(&m.id),
                esc(m.title.get(lang))
            ),
            Lang::En => format!("- **{}** {} ({points})", esc(&m.id), esc(m.title.get(lang))),
        };
        if let Some(task) = task_words(m, lang) {
            line.push_str(&format!("{}{}", w.colon, esc(&task)));
        }
        let _ = writeln!(out, "{line}");
        if let Some(s) = &m.shortfall {
            let _ = writeln!(out, "  - {}", esc(s.get(lang)));
        }
    }
    let _ = writeln!(out);

    let _ = match lang {
        Lang::Zh => writeln!(out, "## {}（{} — {}）", w.due, status.as_of, status.horizon),
        Lang::En => writeln!(out, "## {} ({} – {})", w.due, status.as_of, status.horizon),
    };
    let _ = writeln!(out);
    if status.due.is_empty() {
        let _ = writeln!(out, "{}", w.due_none);
    }
    for d in &status.due {
        let item = if d.item.is_empty() {
            String::new()
        } else {
            format!("{} {}{}", d.item, d.title.get(lang), w.colon)
        };
        let owner = match (lang, d.owner.is_empty()) {
            (_, true) => String::new(),
            (Lang::Zh, false) => format!("（责任人 {}）", d.owner),
            (Lang::En, false) => format!(" (owner {})", d.owner),
        };
        let _ = writeln!(
            out,
            "- {}{}{}",
            when(d, lang),
            w.colon,
            esc(&format!("{item}{}{owner}", d.what.get(lang)))
        );
    }

    if !status.dated_files.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "## {}", w.dated);
        let _ = writeln!(out);
        for f in &status.dated_files {
            let _ = writeln!(
                out,
                "- {}{}{}",
                markdown_code(&f.path),
                w.colon,
                esc(&dated_words(f, status, lang))
            );
        }
    }
    out
}
