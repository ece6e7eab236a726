//! Output formats of `evaluate`, one file each, all rendering the same [`Results`].

use crate::outcome::Results;
use crate::Lang;

pub mod escape;
pub mod json;
pub mod table;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// 按一级标准分组的表格 / a table grouped by level-1 area
    #[default]
    Table,
    /// 带版本的结果 JSON / the versioned results contract
    Json,
}

/// Renders results; with `explain`, only the full trace of that item.
pub fn render(
    format: Format,
    results: &Results,
    lang: Lang,
    color: bool,
    explain: Option<&str>,
) -> Result<String, String> {
    if let Some(id) = explain {
        let Some(item) = results.items.iter().find(|i| i.id == id) else {
            return Err(match lang {
                Lang::Zh => format!("error: 标准中没有条目 `{id}`"),
                Lang::En => format!("error: no item `{id}` in the standard"),
            });
        };
        return Ok(match format {
            Format::Table => table::explain(item, lang),
            Format::Json => json::pretty(item),
        });
    }
    Ok(match format {
        Format::Table => table::render(results, lang, color),
        Format::Json => json::pretty(results),
    })
}
