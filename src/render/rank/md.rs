//! `--format md`: the ranking as a Markdown table, for a district's summary document.

use std::fmt::Write;

use crate::rank::{cells, notes, words, Ranking};
use crate::render::escape::{markdown as escape, markdown_code};
use crate::Lang;

pub fn render(ranking: &Ranking, lang: Lang) -> String {
    let w = words(lang);
    let mut out = String::new();
    let _ = writeln!(out, "# {}", w.title);
    let _ = writeln!(out);
    let _ = writeln!(out, "| {} |", w.columns.join(" | "));
    let _ = writeln!(out, "|--:|---|---|--:|--:|---|---|--:|---|");
    for row in &ranking.rows {
        let mut c = cells(row, lang).map(|c| escape(&c));
        c[8] = markdown_code(&row.digest);
        let _ = writeln!(out, "| {} |", c.join(" | "));
    }
    let _ = writeln!(out);
    for note in notes(ranking, lang) {
        let _ = writeln!(out, "- {}", escape(&note));
    }
    if !ranking.failures.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "**{}**", w.failures);
        let _ = writeln!(out);
        for f in &ranking.failures {
            let _ = writeln!(
                out,
                "- {}{}{}",
                markdown_code(&f.source),
                w.colon,
                escape(&f.message)
            );
        }
    }
    out
}
