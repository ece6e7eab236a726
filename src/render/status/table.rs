//! `--format table`: the year in progress on a terminal, in the officer's language. Pack text
//! (community, file names, task names) goes through [`Screen`], so a control character in it is
//! shown escaped; columns are aligned by display width.

use std::fmt::Write;

use super::{dated_words, days_left_words, score_lines, task_words, when, words, StatusContext};
use crate::render::escape::Screen;
use crate::render::num::num;
use crate::render::width::{pad, width, Align};
use crate::Lang;

pub fn render(status: &StatusContext, lang: Lang) -> String {
    let w = words(lang);
    let mut out = Screen::default();
    let _ = writeln!(
        out,
        "{} · {} · {}",
        status.community,
        status.period.label,
        match lang {
            Lang::Zh => format!(
                "{}（{} {}，{}）",
                w.title,
                w.as_of,
                status.as_of,
                days_left_words(status, lang)
            ),
            Lang::En => format!(
                "{} ({} {}, {})",
                w.title,
                w.as_of,
                status.as_of,
                days_left_words(status, lang)
            ),
        }
    );
    let _ = writeln!(
        out,
        "{} {}",
        status.standard.title.get(lang),
        status.standard.version
    );
    let _ = writeln!(out);

    let mut lines = score_lines(status, lang).into_iter();
    if let Some(first) = lines.next() {
        let _ = writeln!(out, "{}{}{first}", w.score, w.colon);
    }
    for line in lines {
        let _ = writeln!(out, "  {line}");
    }
    let _ = writeln!(out);

    let _ = writeln!(out, "{}", w.areas);
    let header: Vec<String> = w.columns_area.iter().map(|c| (*c).to_owned()).collect();
    let rows: Vec<Vec<String>> = status
        .areas
        .iter()
        .map(|a| {
            let c = &a.counts;
            vec![
                format!("{} {}", a.id, a.title.get(lang)),
                c.met.to_string(),
                c.partial.to_string(),
                c.unmet.to_string(),
                (c.not_applicable + c.waived).to_string(),
                c.error.to_string(),
                format!("{}/{}", num(a.score), num(a.points)),
            ]
        })
        .collect();
    let mut widths = vec![0; header.len()];
    for row in std::iter::once(&header).chain(&rows) {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(width(cell));
        }
    }
    let line = |row: &[String]| {
        row.iter()
            .enumerate()
            .map(|(i, c)| {
                let align = if i == 0 { Align::Left } else { Align::Right };
                pad(c, widths[i], align)
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    let _ = writeln!(out, "  {}", line(&header));
    for row in &rows {
        let _ = writeln!(out, "  {}", line(row));
    }
    let _ = writeln!(out);

    let _ = writeln!(out, "{}", w.missing);
    if status.missing.is_empty() {
        let _ = writeln!(out, "  {}", w.missing_none);
    }
    let id_width = status
        .missing
        .iter()
        .map(|m| width(&m.id))
        .max()
        .unwrap_or(0);
    for m in &status.missing {
        let mark = match m.status {
            crate::outcome::Status::Error => "!",
            _ => "✗",
        };
        let points = match lang {
            Lang::Zh => format!("{} 分", num(m.points)),
            Lang::En => format!("{} pt", num(m.points)),
        };
        let _ = writeln!(
            out,
            "  {mark} {}  {}  {}",
            pad(&m.id, id_width, Align::Left),
            m.title.get(lang),
            points
        );
        if let Some(task) = task_words(m, lang) {
            let _ = writeln!(out, "      {task}");
        }
        if let Some(s) = &m.shortfall {
            let _ = writeln!(out, "      {}", s.get(lang));
        }
    }
    let _ = writeln!(out);

    let _ = match lang {
        Lang::Zh => writeln!(out, "{}（{} — {}）", w.due, status.as_of, status.horizon),
        Lang::En => writeln!(out, "{} ({} – {})", w.due, status.as_of, status.horizon),
    };
    if status.due.is_empty() {
        let _ = writeln!(out, "  {}", w.due_none);
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
            "  {}  {item}{}{owner}",
            when(d, lang),
            d.what.get(lang)
        );
    }

    if !status.dated_files.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", w.dated);
        for f in &status.dated_files {
            let _ = writeln!(out, "  {}", f.path);
            let _ = writeln!(out, "      {}", dated_words(f, status, lang));
        }
    }
    out.into_string()
}
