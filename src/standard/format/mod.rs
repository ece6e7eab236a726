//! Output formats of `validate`, one file each, all rendering the same [`Validation`].

use super::validation::Validation;
use crate::Lang;

pub mod human;
pub mod json;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// 供人阅读，带行号与代码片段 / for people, with snippets
    #[default]
    Human,
    /// 机器可读 JSON / machine-readable JSON
    Json,
}

pub fn render(format: Format, validation: &Validation, lang: Lang) -> String {
    match format {
        Format::Human => human::render(validation, lang),
        Format::Json => json::render(validation),
    }
}
