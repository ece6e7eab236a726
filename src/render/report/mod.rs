//! Rendering results: the year-end reconciliation report (年底对账复盘报告).
//!
//! One context ([`context::build`]) computed from the results (plus last year's results, the task
//! list, the language and the date) feeds one writer per format: Markdown and HTML through
//! minijinja templates that a user may override, csv and xlsx (the auditors' score sheet) and json
//! (the context itself) built in code. Every writer is deterministic: the only timestamp is the
//! report date, which comes from `SOURCE_DATE_EPOCH` when set.

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
    /// Every format with its name and the extensions of its files (`--output`'s extension must
    /// be one of the format's, or decides the format when `--format` is absent).
    pub const KNOWN: [crate::cli::output_format::Known<Format>; 5] = [
        (Format::Md, "md", &["md", "markdown"]),
        (Format::Html, "html", &["html", "htm"]),
        (Format::Csv, "csv", &["csv"]),
        (Format::Xlsx, "xlsx", &["xlsx"]),
        (Format::Json, "json", &["json"]),
    ];

    /// The format's name, as `--format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Json => "json",
        }
    }

    /// Whether the bytes are text a terminal can take.
    pub fn is_text(self) -> bool {
        self != Format::Xlsx
    }
}

/// Renders a report. Errors are a template's (name and line, with its text) or a writer's.
pub fn render(
    format: Format,
    input: &ReportInput<'_>,
    templates: &Templates,
) -> Result<Vec<u8>, crate::CannotRun> {
    let context = context::build(input);
    let written = match format {
        Format::Md => return md::render(&context, templates),
        Format::Html => return html::render(&context, templates),
        Format::Csv => csv::render(&context),
        Format::Xlsx => xlsx::render(&context, input),
        Format::Json => json::render(&context),
    };
    // The writers build bytes in memory; one that fails is told as what could not be built, the
    // writer's own words kept for whoever debugs it.
    written.map_err(|why| {
        crate::diagnostic::Diagnostic::error(
            "render-failed",
            "",
            format!("无法生成 {} 格式的报告", format.name()),
            format!("cannot build the {} report: {why}", format.name()),
        )
        .into()
    })
}
