//! Diagnostics: findings about a standard or a pack, as values.
//!
//! Every diagnostic a person reads names the file, and where there is one, the line and column
//! (1-based) and the item. Lint results and evaluation problems are both `Diagnostic`s; `Err` is
//! kept for failures that stop a command.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Lang;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// The word a person reads: `错误` / `警告` in Chinese, `error` / `warning` in English.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
        }
    }
}

/// The colon after a label, as each language writes it: `：` in Chinese, `: ` in English.
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    }
}

/// A finding, in both languages: `message` and `help` in Chinese (what people read first),
/// `message_en` and `help_en` in English. Commands print the one `--lang` asks for; JSON carries
/// both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code, e.g. `duplicate-id`. Documented in docs/lint-codes.md.
    pub code: String,
    /// What is wrong, in Chinese: short and plain, user input in backticks.
    pub message: String,
    /// What is wrong, in English: lowercase, no final period, user input in backticks.
    #[serde(default)]
    pub message_en: String,
    /// File the finding is about, as given on the command line or relative to the pack root.
    pub file: String,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// 1-based column, where known.
    pub column: Option<usize>,
    /// The item the finding is about, where there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// How to fix it, in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// How to fix it, in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help_en: Option<String>,
    /// The technical cause: the words of the library that failed (the csv, zip, spreadsheet or
    /// JSON reader), as it gave them. Never part of `message`/`message_en`, which are ours in
    /// both languages; shown by `evaluate --explain` and carried in JSON for whoever debugs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

impl Diagnostic {
    /// An error, with its message in Chinese (`zh`) and English (`en`).
    pub fn error(
        code: &str,
        file: impl Into<String>,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Error, code, file, zh, en)
    }

    /// A warning, with its message in Chinese (`zh`) and English (`en`).
    pub fn warning(
        code: &str,
        file: impl Into<String>,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, file, zh, en)
    }

    pub fn new(
        severity: Severity,
        code: &str,
        file: impl Into<String>,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self {
            severity,
            code: code.to_owned(),
            message: zh.into(),
            message_en: en.into(),
            file: file.into(),
            line: None,
            column: None,
            item: None,
            help: None,
            help_en: None,
            cause: None,
        }
    }

    /// With the failing library's own words as the technical cause (see [`Diagnostic::cause`]).
    pub fn with_cause(mut self, cause: impl Into<Option<String>>) -> Self {
        self.cause = cause.into().filter(|c| !c.trim().is_empty());
        self
    }

    pub fn at(mut self, pos: Option<Position>) -> Self {
        if let Some(pos) = pos {
            self.line = Some(pos.line);
            self.column = Some(pos.column);
        }
        self
    }

    /// At a 1-based line (or a spreadsheet's row) and column, as far as they are known.
    pub fn at_line(mut self, line: Option<usize>, column: Option<usize>) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn item(mut self, item: impl Into<String>) -> Self {
        self.item = Some(item.into());
        self
    }

    /// Adds how to fix it, in Chinese (`zh`) and English (`en`).
    pub fn with_help(mut self, zh: impl Into<String>, en: impl Into<String>) -> Self {
        self.help = Some(zh.into());
        self.help_en = Some(en.into());
        self
    }

    /// The message in `lang`, or in the other language when that one is empty.
    pub fn message(&self, lang: Lang) -> &str {
        pick(lang, &self.message, &self.message_en)
    }

    /// The message as an officer reads it (the terminal's and the report's problem lists): in
    /// Chinese, the `` `code` `` quoting of names becomes “quotes” — backticks are programmer
    /// syntax; `validate`, read by the standard's authors, keeps them.
    pub fn message_for_people(&self, lang: Lang) -> String {
        plain_quotes(self.message(lang), lang)
    }

    /// The help as an officer reads it, quoted as [`Diagnostic::message_for_people`].
    pub fn help_for_people(&self, lang: Lang) -> Option<String> {
        self.help(lang).map(|h| plain_quotes(h, lang))
    }

    /// The help in `lang`, or in the other language when that one is missing or empty.
    pub fn help(&self, lang: Lang) -> Option<&str> {
        let zh = self.help.as_deref().unwrap_or_default();
        let en = self.help_en.as_deref().unwrap_or_default();
        Some(pick(lang, zh, en)).filter(|h| !h.is_empty())
    }

    /// Rewrites a path in the file name, and in the texts that may point at another place
    /// (`first defined at …`).
    pub fn replace_path(&mut self, from: &str, to: &str) {
        self.file = self.file.replacen(from, to, 1);
        self.message = self.message.replace(from, to);
        self.message_en = self.message_en.replace(from, to);
        for help in [&mut self.help, &mut self.help_en].into_iter().flatten() {
            *help = help.replace(from, to);
        }
    }

    /// `file:line:column：message` (`: ` in English), or the message alone when it names no
    /// file: a failure told on one line.
    pub fn line_text(&self, lang: Lang) -> String {
        let message = self.message(lang);
        if self.file.is_empty() {
            return message.to_owned();
        }
        format!("{}{}{message}", self.location(), pick(lang, "：", ": "))
    }

    /// [`Self::line_text`] with the help in brackets, for lists that give each failure one line.
    pub fn one_line(&self, lang: Lang) -> String {
        let text = self.line_text(lang);
        match (self.help(lang), lang) {
            (Some(h), Lang::Zh) => format!("{text}（{h}）"),
            (Some(h), Lang::En) => format!("{text} ({h})"),
            (None, _) => text,
        }
    }

    /// Why a file could not be read, as an item's reason: `data/走访台账.csv 第 7 行: 字段数不一致`.
    pub fn reason_zh(&self) -> String {
        match self.line {
            Some(l) => format!("{} 第 {l} 行: {}", self.file, self.message),
            None => format!("{}: {}", self.file, self.message),
        }
    }

    /// `data/走访台账.csv row 7: wrong number of fields`
    /// (`data/指标.yaml line 3: …` for a text file: a yaml or json file has lines, not rows).
    pub fn reason_en(&self) -> String {
        let ext = self
            .file
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase());
        let word = match ext.as_deref() {
            Some("yaml" | "yml" | "json") => "line",
            _ => "row",
        };
        match self.line {
            Some(l) => format!("{} {word} {l}: {}", self.file, self.message_en),
            None => format!("{}: {}", self.file, self.message_en),
        }
    }

    /// `file:line:column`, as much of it as is known.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", self.file),
            (Some(l), None) => format!("{}:{l}", self.file),
            _ => self.file.clone(),
        }
    }
}

/// `zh` or `en` by `lang`, falling back to the other when the chosen one is empty.
pub fn pick<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    let (first, second) = match lang {
        Lang::Zh => (zh, en),
        Lang::En => (en, zh),
    };
    if first.is_empty() {
        second
    } else {
        first
    }
}

/// A 1-based position in a text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// The closest candidate to a misspelled word, if one is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d > 0 && *d <= (c.chars().count().max(3) / 3).max(1))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// The lines of the texts diagnostics point into, split once: rendering thousands of findings
/// of one file looks each line up directly instead of copying and re-scanning the file for each.
#[derive(Debug, Default)]
pub struct SourceLines<'a> {
    files: std::collections::HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> SourceLines<'a> {
    /// From `(displayed file name, text)` pairs.
    pub fn new(sources: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        SourceLines {
            files: sources
                .into_iter()
                .map(|(file, text)| (file, text.lines().collect()))
                .collect(),
        }
    }

    /// Line `line` (1-based) of `file`, if the text is known and has it.
    pub fn line(&self, file: &str, line: usize) -> Option<&'a str> {
        self.files.get(file)?.get(line.checked_sub(1)?).copied()
    }
}

/// Renders diagnostics for a person: a `--> file:line:col` gutter, the source line and a caret.
pub fn render_human(diagnostics: &[Diagnostic], sources: &SourceLines<'_>, lang: Lang) -> String {
    let (item_label, help_label) = match lang {
        Lang::Zh => ("条目", "提示"),
        Lang::En => ("item", "help"),
    };
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&format!(
            "{}[{}]{}{}\n",
            d.severity.label(lang),
            d.code,
            colon(lang),
            d.message(lang)
        ));
        out.push_str(&format!("  --> {}\n", d.location()));
        if let Some(line) = d.line {
            if let Some(full) = sources.line(&d.file, line) {
                let width = line.to_string().len();
                let (text, col) = snippet_window(full, d.column.unwrap_or(1).max(1));
                let pad: String = text
                    .chars()
                    .take(col - 1)
                    .map(|c| match c {
                        '\t' => "\t".to_owned(),
                        // Shown as `\u{1b}` once the text is escaped for the terminal.
                        c if crate::render::escape::is_unsafe_for_terminal(c) => {
                            " ".repeat(c.escape_unicode().count())
                        }
                        c => " ".repeat(crate::render::width::char_width(c)),
                    })
                    .collect();
                out.push_str(&format!("{:width$} |\n", ""));
                out.push_str(&format!("{line} | {text}\n"));
                out.push_str(&format!("{:width$} | {pad}^\n", ""));
            }
        }
        if let Some(item) = &d.item {
            out.push_str(&format!("  = {item_label}{}{item}\n", colon(lang)));
        }
        if let Some(help) = d.help(lang) {
            out.push_str(&format!("  = {help_label}{}{help}\n", colon(lang)));
        }
        out.push('\n');
    }
    out
}

/// How many characters of a source line a snippet shows.
const SNIPPET_CHARS: usize = 160;

/// The part of a long line around `column` (1-based, in characters), with `…` where it was cut,
/// and the column within what is shown: a 100,000-character line is not printed whole.
fn snippet_window(line: &str, column: usize) -> (String, usize) {
    let count = line.chars().count();
    if count <= SNIPPET_CHARS {
        return (line.to_owned(), column);
    }
    let at = column.saturating_sub(1).min(count);
    let start = at.saturating_sub(SNIPPET_CHARS / 2);
    let end = (start + SNIPPET_CHARS).min(count);
    let mut shown: String = line.chars().skip(start).take(end - start).collect();
    let mut col = at - start + 1;
    if start > 0 {
        shown.insert(0, '…');
        col += 1;
    }
    if end < count {
        shown.push('…');
    }
    (shown, col)
}

/// In Chinese, each paired `` `span` `` becomes “span”; an unpaired backtick, and English text,
/// stay as they are.
pub fn plain_quotes(text: &str, lang: Lang) -> String {
    if lang != Lang::Zh || text.matches('`').count() < 2 {
        return text.to_owned();
    }
    let pieces: Vec<&str> = text.split('`').collect();
    let paired = pieces.len() - 1 - (pieces.len() - 1) % 2;
    let mut out = String::with_capacity(text.len() + 8);
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            out.push_str(match i {
                _ if i > paired => "`",
                _ if i % 2 == 1 => "“",
                _ => "”",
            });
        }
        out.push_str(piece);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_quotes_replace_code_spans_for_people() {
        assert_eq!(
            plain_quotes("加分项 `honour-city` 的证据 `a.pdf` 不在证据包中", Lang::Zh),
            "加分项 “honour-city” 的证据 “a.pdf” 不在证据包中"
        );
        assert_eq!(plain_quotes("a `b` c `d", Lang::Zh), "a “b” c `d");
        assert_eq!(plain_quotes("unknown key `x`", Lang::En), "unknown key `x`");
    }

    #[test]
    fn long_lines_are_shown_around_the_column() {
        let line = format!("{}x{}", "(".repeat(1000), ")".repeat(1000));
        let (shown, col) = snippet_window(&line, 1001);
        assert_eq!(shown.chars().count(), SNIPPET_CHARS + 2);
        assert_eq!(shown.chars().nth(col - 1), Some('x'));
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(snippet_window("abc", 2), ("abc".to_owned(), 2));
        let (head, col) = snippet_window(&"a".repeat(500), 1);
        assert_eq!((head.chars().count(), col), (SNIPPET_CHARS + 1, 1));
    }

    #[test]
    fn message_and_help_by_language_with_fallback() {
        let d = Diagnostic::error("x", "f", "中文", "english").with_help("提示", "hint");
        assert_eq!(d.message(Lang::Zh), "中文");
        assert_eq!(d.message(Lang::En), "english");
        assert_eq!(d.help(Lang::Zh), Some("提示"));
        assert_eq!(d.help(Lang::En), Some("hint"));
        let only_zh = Diagnostic::warning("x", "f", "中文", "");
        assert_eq!(only_zh.message(Lang::En), "中文");
        assert_eq!(only_zh.help(Lang::En), None);
        let only_en = Diagnostic::warning("x", "f", "", "english").with_help("", "hint");
        assert_eq!(only_en.message(Lang::Zh), "english");
        assert_eq!(only_en.help(Lang::Zh), Some("hint"));
    }

    #[test]
    fn reasons_and_one_line_texts() {
        let d = Diagnostic::error(
            "x",
            "data/走访台账.csv",
            "字段数不一致",
            "wrong number of fields",
        )
        .at_line(Some(7), None);
        assert_eq!(d.reason_zh(), "data/走访台账.csv 第 7 行: 字段数不一致");
        assert_eq!(
            d.reason_en(),
            "data/走访台账.csv row 7: wrong number of fields"
        );
        assert_eq!(d.line_text(Lang::Zh), "data/走访台账.csv:7：字段数不一致");
        let whole = Diagnostic::error(
            "x",
            "",
            "不能写入 a：它不是文件夹",
            "refusing to write a: it is not a folder",
        );
        assert_eq!(
            whole.line_text(Lang::En),
            "refusing to write a: it is not a folder"
        );
    }

    #[test]
    fn source_lines_are_looked_up_by_file_and_line() {
        let lines = SourceLines::new([("a.yaml", "x: 1\r\ny: 2\n")]);
        assert_eq!(lines.line("a.yaml", 2), Some("y: 2"));
        assert_eq!(lines.line("a.yaml", 0), None);
        assert_eq!(lines.line("a.yaml", 3), None);
        assert_eq!(lines.line("b.yaml", 1), None);
    }

    #[test]
    fn old_json_without_english_still_reads() {
        let d: Diagnostic = serde_json::from_str(
            r#"{"severity":"warning","code":"x","message":"中文","file":"f","line":null,"column":null}"#,
        )
        .expect("reads");
        assert_eq!(d.message_en, "");
        assert_eq!(d.message(Lang::En), "中文");
    }
}
