//! Why a command could not run (exit 2): the one error type every command returns.
//!
//! A failure to run is told like any other finding: one or more [`Diagnostic`]s, in both
//! languages, naming the file and, where there is one, the line and column. Beside them it keeps
//! the texts they point into, so that the one renderer ([`CannotRun::render`], called by `cli`)
//! can show the line with a caret under the column and the `help` — the same gutter a standard's
//! lint findings get. Nothing else in the crate formats a failure for a person.

use crate::diagnostic::{pick, render_human, Diagnostic, SourceLines};
use crate::Lang;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannotRun {
    /// A line said before the diagnostics (`标准有错误，无法评估：`), in Chinese and English.
    pub heading: Option<(String, String)>,
    /// What stops the run; at least one.
    pub diagnostics: Vec<Diagnostic>,
    /// The texts the diagnostics point into, by their displayed file name (for snippets).
    pub sources: Vec<(String, String)>,
}

impl From<Diagnostic> for CannotRun {
    fn from(d: Diagnostic) -> Self {
        CannotRun::new(vec![d])
    }
}

impl CannotRun {
    pub fn new(diagnostics: Vec<Diagnostic>) -> Self {
        CannotRun {
            heading: None,
            diagnostics,
            sources: Vec::new(),
        }
    }

    /// A failure that is one message with no file of its own (`--explain` names no item).
    pub fn plain(code: &str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Diagnostic::error(code, "", zh, en).into()
    }

    /// Keeps the text of `file`, so its diagnostics show the line they point at.
    pub fn with_source(mut self, file: impl Into<String>, text: impl Into<String>) -> Self {
        self.sources.push((file.into(), text.into()));
        self
    }

    /// Says `zh` / `en` before the diagnostics.
    pub fn with_heading(mut self, zh: impl Into<String>, en: impl Into<String>) -> Self {
        self.heading = Some((zh.into(), en.into()));
        self
    }

    /// Names the file at `full` as the user gave it (`given`), where the command joined it with
    /// the working directory.
    pub fn shown_as(mut self, full: &std::path::Path, given: &std::path::Path) -> Self {
        let (full, given) = (
            crate::standard::load::display(full),
            crate::standard::load::display(given),
        );
        if full == given {
            return self;
        }
        for d in &mut self.diagnostics {
            d.replace_path(&full, &given);
        }
        for (file, _) in &mut self.sources {
            *file = file.replacen(&full, &given, 1);
        }
        self
    }

    /// For a person, in `lang`. A diagnostic with a line is shown with its snippet, caret and help
    /// (`render_human`); one without is one line, `error: file：message`. Under a heading every
    /// diagnostic gets the full form, as lint findings do.
    pub fn render(&self, lang: Lang) -> String {
        let sources = SourceLines::new(self.sources.iter().map(|(f, t)| (f.as_str(), t.as_str())));
        let mut out = String::new();
        if let Some((zh, en)) = &self.heading {
            out.push_str(pick(lang, zh, en));
            out.push_str("\n\n");
            out.push_str(&render_human(&self.diagnostics, &sources, lang));
            return out;
        }
        for d in &self.diagnostics {
            if d.line.is_some() {
                out.push_str(&render_human(std::slice::from_ref(d), &sources, lang));
            } else {
                let colon = crate::diagnostic::colon(lang);
                out.push_str(&format!(
                    "{}{colon}{}\n",
                    d.severity.label(lang),
                    d.line_text(lang)
                ));
                if let Some(help) = d.help(lang) {
                    let label = pick(lang, "提示", "help");
                    out.push_str(&format!("  = {label}{colon}{help}\n"));
                }
            }
        }
        out
    }

    /// Every diagnostic on one line each (`pack.yaml:2:1：未知的键 …`), for a list of packs that
    /// could not be ranked.
    pub fn one_line(&self, lang: Lang) -> String {
        self.diagnostics
            .iter()
            .map(|d| d.one_line(lang))
            .collect::<Vec<_>>()
            .join(pick(lang, "；", "; "))
    }
}

/// What a script reads on stdout when a command with a JSON format could not run.
#[derive(serde::Serialize)]
struct Json<'a> {
    cannot_run: bool,
    diagnostics: &'a [Diagnostic],
}

impl CannotRun {
    /// `{"cannot_run": true, "diagnostics": [...]}`, each diagnostic in both languages.
    pub fn to_json(&self) -> String {
        crate::render::json::pretty(&Json {
            cannot_run: true,
            diagnostics: &self.diagnostics,
        })
    }
}

impl std::fmt::Display for CannotRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Lang::Zh))
    }
}

impl std::error::Error for CannotRun {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Position;

    #[test]
    fn unlocated_is_one_line_located_has_its_snippet() {
        let plain = CannotRun::from(Diagnostic::error(
            "not-found",
            "x.yaml",
            "找不到这个文件或文件夹",
            "no such file or folder",
        ));
        assert_eq!(
            plain.render(Lang::Zh),
            "错误：x.yaml：找不到这个文件或文件夹\n"
        );
        assert_eq!(
            plain.render(Lang::En),
            "error: x.yaml: no such file or folder\n"
        );
        let located = CannotRun::from(
            Diagnostic::error(
                "unknown-key",
                "pack.yaml",
                "未知的键 `a`",
                "unknown key `a`",
            )
            .at(Some(Position { line: 2, column: 1 }))
            .with_help("是否应为 `b`？", "did you mean `b`?"),
        )
        .with_source("pack.yaml", "b: 1\na: 2\n");
        assert_eq!(
            located.render(Lang::En),
            "error[unknown-key]: unknown key `a`\n  --> pack.yaml:2:1\n  |\n2 | a: 2\n  | ^\n  = help: did you mean `b`?\n\n"
        );
        assert_eq!(
            located.one_line(Lang::Zh),
            "pack.yaml:2:1：未知的键 `a`（是否应为 `b`？）"
        );
    }
}
