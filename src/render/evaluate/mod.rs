//! Output formats of `evaluate`, one file each, all rendering the same [`Results`].

use crate::outcome::Results;
use crate::Lang;

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
) -> Result<String, crate::CannotRun> {
    if let Some(id) = explain {
        let Some(item) = results.items.iter().find(|i| i.id == id) else {
            let ids = results.items.iter().map(|i| i.id.as_str());
            let mut d = crate::diagnostic::Diagnostic::error(
                "no-such-item",
                "",
                format!("标准中没有条目 `{id}`"),
                format!("no item `{id}` in the standard"),
            );
            if let Some(s) = crate::diagnostic::suggest(id, ids) {
                d = d.with_help(format!("是否应为 `{s}`？"), format!("did you mean `{s}`?"));
            }
            return Err(d.into());
        };
        return Ok(match format {
            Format::Table => table::explain(item, &results.evidence_quality, lang),
            Format::Json => crate::render::json::pretty(item),
        });
    }
    Ok(match format {
        Format::Table => table::render(results, lang, color),
        Format::Json => crate::render::json::pretty(results),
    })
}
