//! csv as changai writes it, for every command that writes one: a UTF-8 byte-order mark and CRLF
//! line ends (without the mark, Excel on Chinese Windows reads the file as GBK and shows
//! mojibake), quoting by the `csv` crate, and every cell through the formula guard
//! ([`crate::render::escape::csv_cell`]), so a community named `=HYPERLINK(…)` stays text.

use crate::render::escape::csv_cell;

/// A csv file of `header` and `rows`, every cell guarded. An error is the writer's own words.
pub fn sheet<R, C>(header: &[&str], rows: R) -> Result<Vec<u8>, String>
where
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        writer
            .write_record(header.iter().map(|c| csv_cell(c).into_owned()))
            .map_err(|e| e.to_string())?;
        for row in rows {
            writer
                .write_record(row.into_iter().map(|c| csv_cell(c.as_ref()).into_owned()))
                .map_err(|e| e.to_string())?;
        }
        writer.flush().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn bom_crlf_quotes_and_guard() {
        let rows = vec![vec!["=HYPERLINK(\"x\")", "-1.5", "a,b"]];
        let bytes = super::sheet(&["名称", "变化", "备注"], rows).unwrap_or_default();
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            "\u{feff}名称,变化,备注\r\n\"'=HYPERLINK(\"\"x\"\")\",-1.5,\"a,b\"\r\n"
        );
    }
}
