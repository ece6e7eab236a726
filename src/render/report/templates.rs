//! The template engine: built-in templates embedded in the binary, overridable by name.
//!
//! `--template FILE` replaces the built-in template of the same file name (`report.md`,
//! `report.html`); `--template DIR` replaces every built-in found in the folder. Autoescape
//! follows the name: `.html` templates escape HTML, `.md` templates escape what would break a
//! Markdown table or smuggle in raw HTML, links or emphasis (`|`, `<`, `>`, `[`, `*`, line
//! breaks…, see [`crate::render::escape`]). Nothing from an evidence pack
//! reaches the output unescaped unless a template marks it `|safe`.

use std::path::Path;
use std::sync::OnceLock;

use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};

use super::context::{num, Context};
use crate::cannot_run::CannotRun;
use crate::diagnostic::Diagnostic;

/// The built-in templates: (name, source).
pub const BUILT_IN: &[(&str, &str)] = &[
    ("report.md", include_str!("templates/report.md")),
    ("report.html", include_str!("templates/report.html")),
];

/// Generous enough for any report of a real standard, small enough to stop a runaway template.
const FUEL: u64 = 50_000_000;

/// The templates a report is rendered with: the built-ins, with the user's overrides.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    overrides: Vec<(String, String)>,
    /// Each template (by its place in [`BUILT_IN`]) compiled on its first render and kept, or
    /// why it does not compile: a city audit renders hundreds of reports with one.
    compiled: [OnceLock<Result<Environment<'static>, Diagnostic>>; BUILT_IN.len()],
}

impl Templates {
    /// The built-in templates only.
    pub fn built_in() -> Self {
        Self::default()
    }

    /// Loads overrides from a template file or a folder of templates.
    pub fn with_overrides(path: &Path) -> Result<Self, Diagnostic> {
        let shown = crate::standard::load::display(path);
        let read = |p: &Path| {
            let shown = crate::standard::load::display(p);
            crate::source::read_utf8(p, &shown, crate::source::Limit::TEMPLATE)
        };
        let mut overrides = Vec::new();
        if path.is_dir() {
            for (name, _) in BUILT_IN {
                let candidate = path.join(name);
                if candidate.is_file() {
                    overrides.push(((*name).to_owned(), read(&candidate)?));
                }
            }
            if overrides.is_empty() {
                return Err(Diagnostic::error(
                    "template",
                    &shown,
                    format!("模板文件夹中没有 {} 中的任何一个", names().join("、")),
                    format!("the template folder holds none of {}", names().join(", ")),
                ));
            }
        } else {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if !BUILT_IN.iter().any(|(n, _)| *n == name) {
                return Err(Diagnostic::error(
                    "template",
                    &shown,
                    format!(
                        "模板文件名应为 {} 之一（替换同名的内置模板）",
                        names().join("、")
                    ),
                    format!(
                        "the file name must be one of {} (it replaces the built-in of that name)",
                        names().join(", ")
                    ),
                ));
            }
            overrides.push((name.to_owned(), read(path)?));
        }
        Ok(Self {
            overrides,
            ..Self::default()
        })
    }

    /// The source of a template, the override if there is one.
    pub fn source(&self, name: &str) -> Option<&str> {
        self.overrides
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s.as_str())
            .or_else(|| BUILT_IN.iter().find(|(n, _)| *n == name).map(|(_, s)| *s))
    }

    /// Renders the named template with the context; a failure names the template and its line,
    /// with the template's text for the snippet.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, CannotRun> {
        let (Some(source), Some(slot)) = (
            self.source(name),
            BUILT_IN
                .iter()
                .position(|(n, _)| *n == name)
                .and_then(|at| self.compiled.get(at)),
        ) else {
            return Err(Diagnostic::error(
                "template",
                name,
                "没有这个模板",
                "no template of that name",
            )
            .into());
        };
        let fail = |d: Diagnostic| CannotRun::from(d).with_source(name, source);
        let compiled = slot.get_or_init(|| {
            let mut env = environment();
            env.add_template_owned(name.to_owned(), source.to_owned())
                .map_err(|e| describe(name, source, &e))?;
            Ok(env)
        });
        let env = compiled.as_ref().map_err(|d| fail(d.clone()))?;
        let template = env
            .get_template(name)
            .map_err(|e| fail(describe(name, source, &e)))?;
        template
            .render(Value::from(minijinja::value::Serde(context)))
            .map_err(|e| fail(describe(name, source, &e)))
    }
}

fn names() -> Vec<String> {
    BUILT_IN.iter().map(|(n, _)| format!("`{n}`")).collect()
}

/// A template error as a diagnostic: the template, the line and column where minijinja knows
/// them, and the words by the error's kind (`crate::check::jinja::words`).
fn describe(name: &str, source: &str, error: &minijinja::Error) -> Diagnostic {
    let (zh, en) = crate::check::jinja::words(error);
    // The column from the byte offset of the error's span, counted in characters.
    let column = error.range().and_then(|r| {
        let before = source.get(..r.start)?;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Some(before.get(line_start..)?.chars().count() + 1)
    });
    Diagnostic::error(
        "template",
        error.name().unwrap_or(name),
        format!("模板无法渲染：{zh}"),
        format!("the template cannot be rendered: {en}"),
    )
    .at_line(error.line(), column.filter(|_| error.line().is_some()))
    .with_cause(crate::check::jinja::message(error))
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    env.set_fuel(Some(FUEL));
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") || name.ends_with(".htm") || name.ends_with(".svg") {
            AutoEscape::Html
        } else if name.ends_with(".md") {
            AutoEscape::Custom("markdown".into())
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(|out, state, value| {
        if matches!(state.auto_escape(), AutoEscape::Custom(name) if name == "markdown") {
            if value.is_safe() {
                return write!(out, "{value}").map_err(minijinja::Error::from);
            }
            let text = if value.is_none() || value.is_undefined() {
                String::new()
            } else {
                value.to_string()
            };
            write!(out, "{}", escape_markdown(&text)).map_err(minijinja::Error::from)
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    env.add_filter("num", |v: f64| num(v));
    env.add_filter("clip", clip);
    env.add_filter("code", code);
    env.add_filter("css_string", css_string);
    env
}

/// `text|css_string`: the text as a quoted CSS string, for `content:` in the print style (the
/// running header names the community). Quotes, backslashes, `<` (no `</style>`) and control
/// characters become CSS escapes; the result is marked safe, as HTML escaping means nothing
/// inside `<style>`.
fn css_string(value: Value) -> Value {
    let text = if value.is_none() || value.is_undefined() {
        String::new()
    } else {
        value.to_string()
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c == '<' || c == '>' || c == '&' || c.is_control() => {
                out.push_str(&format!("\\{:X} ", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    Value::from_safe_string(out)
}

/// Escapes what would break a Markdown table cell or pass through as raw HTML, a link or emphasis,
/// keeping the evaluator's `` `code spans` ``: the one Markdown rule of
/// [`crate::render::escape::markdown_keep_code`].
pub fn escape_markdown(text: &str) -> String {
    crate::render::escape::markdown_keep_code(text)
}

/// `text|code`: HTML-escaped text with each `` `span` `` set as `<code>` (the evaluator quotes
/// column names, expressions and file names that way). Marked safe, so for HTML templates only.
fn code(value: Value) -> Value {
    let text = if value.is_none() || value.is_undefined() {
        String::new()
    } else {
        value.to_string()
    };
    let mut out = String::with_capacity(text.len() + 16);
    let mut open = false;
    let pieces: Vec<&str> = text.split('`').collect();
    let last = pieces.len() - 1;
    for (index, piece) in pieces.iter().enumerate() {
        if index > 0 {
            // An unpaired final backtick stays a backtick.
            if !open && index == last {
                out.push('`');
            } else {
                out.push_str(if open { "</code>" } else { "<code>" });
                open = !open;
            }
        }
        out.push_str(&html_escape(piece));
    }
    if open {
        out.push_str("</code>");
    }
    Value::from_safe_string(out)
}

fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            _ => out.push(c),
        }
    }
    out
}

/// `text|clip(n)`: at most `n` characters, with `…` when cut (for chart labels).
fn clip(value: Value, n: usize) -> Value {
    let text = value.to_string();
    if text.chars().count() <= n {
        return value;
    }
    let mut cut: String = text.chars().take(n.saturating_sub(1)).collect();
    cut.push('…');
    Value::from(cut)
}

#[cfg(test)]
mod css_string_tests {
    use super::css_string;
    use minijinja::Value;

    #[test]
    fn quotes_backslashes_and_tags_are_escaped() {
        assert_eq!(
            css_string(Value::from("灵峰\"社区\\</style>\n")).to_string(),
            "\"灵峰\\\"社区\\\\\\3C /style\\3E \\A \""
        );
    }
}

#[cfg(test)]
mod markdown_tests {
    use super::escape_markdown;

    #[test]
    fn code_spans_keep_comparisons_and_html_stays_text() {
        assert_eq!(escape_markdown("`a >= 1 | b`"), "`a >= 1 \\| b`");
        assert_eq!(escape_markdown("<img src=x>"), "&lt;img src=x&gt;");
        // An unpaired backtick must not open a way for raw HTML.
        assert_eq!(escape_markdown("a`<img src=x>"), "a\\`&lt;img src=x&gt;");
        assert_eq!(escape_markdown("1\n2"), "1<br>2");
    }
}
