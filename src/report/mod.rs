//! Rendering results: the year-end reconciliation report (年底对账复盘报告).
//!
//! One context ([`context::build`]) computed from the results (plus last year's results, the task
//! list, the language and the date) feeds one writer per format: Markdown and HTML through
//! minijinja templates that a user may override, csv and xlsx (the auditors' score sheet) and json
//! (the context itself) built in code. Every writer is deterministic: the only timestamp is the
//! report date, which comes from `SOURCE_DATE_EPOCH` when set.

use std::path::Path;

pub mod context;
pub mod csv;
pub mod html;
pub mod json;
pub mod labels;
pub mod md;
pub mod plan;
pub mod templates;
pub mod xlsx;

pub use context::{Context, ReportInput, CONTEXT_VERSION};
pub use plan::{Plan, Task};
pub use templates::Templates;

/// The output formats of `changai report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Html,
    Csv,
    Xlsx,
    Json,
}

impl Format {
    /// The format an output file's extension implies.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Md),
            "html" | "htm" => Some(Format::Html),
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// Whether the bytes are text a terminal can take.
    pub fn is_text(self) -> bool {
        self != Format::Xlsx
    }
}

/// Renders a report. Errors are a template's (name and line) or the xlsx writer's.
pub fn render(
    format: Format,
    input: &ReportInput<'_>,
    templates: &Templates,
) -> Result<Vec<u8>, String> {
    let context = context::build(input);
    match format {
        Format::Md => md::render(&context, templates),
        Format::Html => html::render(&context, templates),
        Format::Csv => csv::render(&context),
        Format::Xlsx => xlsx::render(&context, input.date),
        Format::Json => json::render(&context),
    }
}
