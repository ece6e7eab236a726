//! `--format csv`: one row per community, with a UTF-8 byte-order mark and CRLF line ends so
//! Excel on Chinese Windows opens it as UTF-8. Failures are not rows: they go to stderr. Every
//! cell passes the formula guard ([`csv_cell`]): a community named `=HYPERLINK(…)` stays text.

use crate::rank::{cells, words, Ranking};
use crate::render::escape::csv_cell;
use crate::Lang;

pub fn render(ranking: &Ranking, lang: Lang) -> Result<Vec<u8>, String> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        writer
            .write_record(words(lang).columns)
            .map_err(|e| e.to_string())?;
        for row in &ranking.rows {
            let mut c = cells(row, lang);
            // Blank, not a dash, where a spreadsheet expects a number.
            for i in [4, 7] {
                if c[i] == words(lang).none {
                    c[i] = String::new();
                }
            }
            writer
                .write_record(c.iter().map(|c| csv_cell(c).into_owned()))
                .map_err(|e| e.to_string())?;
        }
        writer.flush().map_err(|e| e.to_string())?;
    }
    Ok(out)
}
