//! `--format github`: GitHub Actions workflow commands, one `::error`/`::warning` line per
//! diagnostic, so findings show as annotations on the pull request's files.
//!
//! Escaping follows the runner (`actions/toolkit`, `command.ts`): `%`, `\r`, `\n` in the message;
//! those and `:` and `,` in property values.

use crate::diagnostic::Diagnostic;
use crate::standard::validation::Validation;
use crate::Lang;

pub fn render(v: &Validation, lang: Lang) -> String {
    let mut out = String::new();
    for d in &v.diagnostics {
        out.push_str(&line(d, lang));
        out.push('\n');
    }
    out
}

fn line(d: &Diagnostic, lang: Lang) -> String {
    let mut props = vec![format!("file={}", property(&d.file))];
    if let Some(l) = d.line {
        props.push(format!("line={l}"));
    }
    if let Some(c) = d.column {
        props.push(format!("col={c}"));
    }
    props.push(format!("title={}", property(&d.code)));
    let mut message = d.message(lang).to_owned();
    if let Some(item) = &d.item {
        message.push_str(&match lang {
            Lang::Zh => format!("（条目 `{item}`）"),
            Lang::En => format!(" (item `{item}`)"),
        });
    }
    if let Some(help) = d.help(lang) {
        message.push_str(&match lang {
            Lang::Zh => format!("\n提示：{help}"),
            Lang::En => format!("\nhelp: {help}"),
        });
    }
    format!(
        "::{} {}::{}",
        d.severity.as_str(),
        props.join(","),
        data(&message)
    )
}

/// The runner's escaping, then the control characters it leaves (ESC, BEL, bidi overrides) made
/// visible: the log viewer would otherwise act on them (colours, cursor moves) as a terminal does.
fn data(s: &str) -> String {
    let runner = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    crate::render::escape::terminal(&runner).into_owned()
}

fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_data_and_properties() {
        assert_eq!(data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(data("\u{1b}[2Jx\u{202e}"), "\\u{1b}[2Jx\\u{202e}");
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
