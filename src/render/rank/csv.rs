//! `--format csv`: one row per community, with a UTF-8 byte-order mark and CRLF line ends so
//! Excel on Chinese Windows opens it as UTF-8. Failures are not rows: they go to stderr. Every
//! cell passes the formula guard ([`crate::render::csv::sheet`]): a community named `=HYPERLINK(…)` stays text.

use crate::rank::{cells, words, Ranking};
use crate::Lang;

pub fn render(ranking: &Ranking, lang: Lang) -> Result<Vec<u8>, String> {
    let w = words(lang);
    let rows = ranking.rows.iter().map(|row| {
        let mut c = cells(row, lang);
        // Blank, not a dash, where a spreadsheet expects a number.
        for i in [4, 7] {
            if c[i] == w.none {
                c[i] = String::new();
            }
        }
        c
    });
    crate::render::csv::sheet(&w.columns, rows)
}
