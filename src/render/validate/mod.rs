//! Output formats of `validate`, one file each, all rendering the same [`Validation`]. Messages
//! and helps are in `--lang` (Chinese by default); `json` carries both languages.

use crate::standard::validation::Validation;
use crate::Lang;

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// 供人阅读，带行号与代码片段 / for people, with snippets
    #[default]
    Human,
    /// 机器可读 JSON / machine-readable JSON
    Json,
    /// GitHub Actions 注释 / GitHub Actions annotations
    Github,
    /// JUnit XML，供 CI 测试报告 / JUnit XML for CI test reports
    Junit,
    /// SARIF 2.1.0，供代码扫描 / SARIF 2.1.0 for code scanning
    Sarif,
}

pub fn render(format: Format, validation: &Validation, lang: Lang) -> String {
    match format {
        Format::Human => human::render(validation, lang),
        Format::Json => json::render(validation),
        Format::Github => github::render(validation, lang),
        Format::Junit => junit::render(validation, lang),
        Format::Sarif => sarif::render(validation, lang),
    }
}
