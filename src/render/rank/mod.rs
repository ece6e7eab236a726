//! Output formats of `rank`, one file each, all rendering the same [`crate::rank::Ranking`].

pub mod csv;
pub mod json;
pub mod md;
pub mod table;

use crate::rank::Ranking;
use crate::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// 终端表格 / an aligned table
    #[default]
    Table,
    /// Markdown 表格 / a Markdown table
    Md,
    /// 带 BOM 的 csv / csv with a UTF-8 byte-order mark
    Csv,
    /// 带版本的排名 JSON / the versioned ranking document
    Json,
}

impl Format {
    /// Whether the output lists the packs that could not be ranked (table and Markdown are read
    /// by people; a csv or json is read by a script, which finds them on stderr).
    pub fn lists_failures(self) -> bool {
        matches!(self, Format::Table | Format::Md)
    }
}

/// Renders a ranking in `format`.
pub fn render(format: Format, ranking: &Ranking, lang: Lang) -> Result<Vec<u8>, crate::CannotRun> {
    Ok(match format {
        Format::Table => table::render(ranking, lang).into_bytes(),
        Format::Md => md::render(ranking, lang).into_bytes(),
        Format::Json => json::render(ranking).into_bytes(),
        Format::Csv => csv::render(ranking, lang).map_err(|e| {
            crate::CannotRun::plain(
                "render-failed",
                "无法生成 csv 格式的排名",
                format!("cannot build the csv ranking: {e}"),
            )
        })?,
    })
}
