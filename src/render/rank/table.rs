//! `--format table`: the ranking on a terminal, columns aligned by display width (a Chinese
//! character takes two columns). Community names, notes and failures are shown with their control
//! characters escaped (measured after escaping, so columns stay aligned).

use std::fmt::Write;

use crate::rank::{cells, notes, words, Ranking};
use crate::render::escape::terminal;
use crate::render::width::{pad, width, Align};
use crate::Lang;

pub fn render(ranking: &Ranking, lang: Lang) -> String {
    let w = words(lang);
    let header: Vec<String> = w.columns.iter().map(|c| (*c).to_owned()).collect();
    let rows: Vec<Vec<String>> = ranking
        .rows
        .iter()
        .map(|r| {
            cells(r, lang)
                .iter()
                .map(|c| terminal(c).into_owned())
                .collect()
        })
        .collect();
    let mut widths = vec![0; header.len()];
    for row in std::iter::once(&header).chain(&rows) {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(width(cell));
        }
    }
    // Numbers right-aligned: rank, self-score, review, change.
    let align = {
        use Align::{Left as L, Right as R};
        [R, L, L, R, R, L, L, R, L]
    };
    let line = |row: &[String]| {
        row.iter()
            .enumerate()
            .map(|(i, c)| pad(c, widths[i], align[i]))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", line(&header));
    let _ = writeln!(
        out,
        "{}",
        widths
            .iter()
            .map(|n| "-".repeat(*n))
            .collect::<Vec<_>>()
            .join("  ")
    );
    for row in &rows {
        let _ = writeln!(out, "{}", line(row));
    }
    let _ = writeln!(out);
    for note in notes(ranking, lang) {
        let _ = writeln!(out, "· {}", terminal(&note));
    }
    if !ranking.failures.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", w.failures);
        for f in &ranking.failures {
            let _ = writeln!(
                out,
                "  ✗ {}{}{}",
                terminal(&f.source),
                w.colon,
                terminal(&f.message)
            );
        }
    }
    out
}
