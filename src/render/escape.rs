//! Escaping for whatever opens changai's output: a spreadsheet, a Markdown viewer, a terminal.
//!
//! Every string in an evidence pack or a standard is someone else's text — a community name, a file
//! name, a reason quoting a cell. Written raw it can act instead of being read: `=HYPERLINK(…)` runs
//! in Excel, `<img onerror=…>` or `[click](…)` renders in a Markdown viewer, `ESC ] 0 ; … BEL`
//! retitles a terminal and `ESC [ 2 J` clears it, a right-to-left override (U+202E) makes
//! `fdp.exe` read as `exe.pdf`. Each writer passes such text through the one helper for its medium
//! here, so the rule is written once and tested once:
//!
//! - [`csv_cell`]: the OWASP CSV-injection rule — a cell starting with `=`, `+`, `-`, `@`, tab or CR
//!   gets a leading `'` — except a real number, which stays numeric (`-1.5` is a score change);
//! - [`markdown`] and [`markdown_code`]: a table cell that can neither break the table nor inject
//!   HTML, links or emphasis; [`markdown_keep_code`] for text whose `` `code spans` `` (the evaluator
//!   quotes file names that way) should still render as code;
//! - [`terminal`]: control characters (C0 but newline and tab, DEL, C1) and bidirectional overrides
//!   shown as `\u{1b}`, never sent raw; [`Screen`] is a `fmt::Write` sink that applies it to all
//!   text written into it, so a renderer cannot forget a field.

use std::borrow::Cow;
use std::fmt;

/// Whether `c` must not reach a terminal raw: C0 controls except `\n` and `\t`, DEL, C1 controls,
/// and the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
pub fn is_unsafe_for_terminal(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text for a terminal: every character of [`is_unsafe_for_terminal`] shown as `\u{…}`.
pub fn terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_for_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_for_terminal(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A text sink for terminal renderers: everything written with `write!` is passed through
/// [`terminal`]; only [`Screen::raw`] (the renderer's own colour codes) goes in as it is.
#[derive(Debug, Default)]
pub struct Screen {
    text: String,
}

impl Screen {
    /// The renderer's own escape sequences (colour), written unescaped.
    pub fn raw(&mut self, code: &str) {
        self.text.push_str(code);
    }

    pub fn into_string(self) -> String {
        self.text
    }
}

impl fmt::Write for Screen {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.text.push_str(&terminal(s));
        Ok(())
    }
}

/// Whether a cell is a plain decimal number (`3`, `-1.5`, `+0.25`, `1e3`): a spreadsheet reads it
/// as a number, not a formula, so it is left as it is.
fn is_number(text: &str) -> bool {
    let s = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = !(int.is_empty() && frac.is_empty()) && digits(int) && digits(frac);
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// A csv cell a spreadsheet will not run as a formula: one starting with `=`, `+`, `-`, `@`, tab or
/// carriage return gets a leading `'`, unless it is a plain number.
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Text for a Markdown table cell: `|`, `` ` ``, `[`, `]`, `*`, `_`, `\` backslash-escaped, `<`, `>`,
/// `&` as entities, a line break as `<br>` (a raw newline would end the table row), `\r` dropped,
/// control characters as in [`terminal`]. Nothing in it renders as HTML, a link or emphasis.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_markdown_text(&mut out, text);
    out
}

fn push_markdown_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '|' | '`' | '[' | ']' | '*' | '_' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            '\n' => out.push_str("<br>"),
            c if is_unsafe_for_terminal(c) => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
}

/// The inside of a code span: only what would end the table row or the cell matters there
/// (`|` stays `\|` in a GFM table even in code; a newline becomes a space).
fn push_code_text(out: &mut String, code: &str) {
    for c in code.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\r' => {}
            '\n' => out.push(' '),
            c if is_unsafe_for_terminal(c) => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
}

/// `text` as one Markdown code span, fenced by a backtick run longer than any inside it (the
/// CommonMark way), so no backtick in the text can end the span early.
pub fn markdown_code(text: &str) -> String {
    let longest = backtick_runs(text).map(|(_, n)| n).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    let mut out = String::with_capacity(text.len() + 2 * fence.len() + 2);
    out.push_str(&fence);
    out.push_str(pad);
    push_code_text(&mut out, text);
    out.push_str(pad);
    out.push_str(&fence);
    out
}

/// Byte offset and length of every run of backticks in `text`.
fn backtick_runs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && bytes[i] != b'`' {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() && bytes[i] == b'`' {
            i += 1;
        }
        Some((start, i - start))
    })
}

/// Like [`markdown`], but a `` `code span` `` — a backtick run closed by a later run of the same
/// length, as CommonMark pairs them — is kept as code (its text left literal, as code shows it).
/// A run without its match is escaped like any text, so it cannot open a span the escaping did not
/// expect.
pub fn markdown_keep_code(text: &str) -> String {
    let runs: Vec<(usize, usize)> = backtick_runs(text).collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut at = 0; // bytes of `text` written so far
    let mut r = 0;
    while r < runs.len() {
        let (start, len) = runs[r];
        let Some(close) = (r + 1..runs.len()).find(|&k| runs[k].1 == len) else {
            r += 1;
            continue;
        };
        push_markdown_text(&mut out, &text[at..start]);
        let (end, _) = runs[close];
        out.push_str(&text[start..start + len]);
        push_code_text(&mut out, &text[start + len..end]);
        out.push_str(&text[end..end + len]);
        at = end + len;
        r = close + 1;
    }
    push_markdown_text(&mut out, &text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_shows_controls_and_bidi_overrides() {
        assert_eq!(
            terminal("\u{1b}]0;pwned\u{7}x.pdf"),
            "\\u{1b}]0;pwned\\u{7}x.pdf"
        );
        assert_eq!(
            terminal("a\u{202e}fdp.exe\u{2066}"),
            "a\\u{202e}fdp.exe\\u{2066}"
        );
        assert_eq!(terminal("\u{7f}\u{85}\u{9b}"), "\\u{7f}\\u{85}\\u{9b}");
        assert_eq!(terminal("行一\n\t行二 · ✓"), "行一\n\t行二 · ✓");
        assert!(matches!(terminal("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn csv_guard_keeps_numbers_numeric() {
        for formula in [
            "=1+1",
            "+SUM(A1)",
            "-2+3",
            "@x",
            "\tx",
            "\rx",
            "-",
            "=HYPERLINK(\"x\")",
        ] {
            assert_eq!(csv_cell(formula), format!("'{formula}"));
        }
        for plain in [
            "-1.5", "+2", "-0", "3", "1e3", "-2.5E-2", "-1.", "社区", "", "a=b",
        ] {
            assert_eq!(csv_cell(plain), plain);
        }
        for not_a_number in ["-inf", "-NaN", "-.", "-1e", "-1,5", "- 1"] {
            assert_eq!(
                csv_cell(not_a_number),
                format!("'{not_a_number}"),
                "{not_a_number}"
            );
        }
    }

    #[test]
    fn markdown_cell_escapes_html_links_and_table_breaks() {
        assert_eq!(
            markdown("<img src=x onerror=alert(1)>|=HYPERLINK(\"x\")"),
            "&lt;img src=x onerror=alert(1)&gt;\\|=HYPERLINK(\"x\")"
        );
        assert_eq!(
            markdown("[a](javascript:x) *b* _c_ `d` \\ &amp;\r\nz"),
            "\\[a\\](javascript:x) \\*b\\* \\_c\\_ \\`d\\` \\\\ &amp;amp;<br>z"
        );
    }

    #[test]
    fn code_span_fence_outgrows_backticks_inside() {
        assert_eq!(markdown_code("ab12"), "`ab12`");
        assert_eq!(markdown_code("a`b|c"), "``a`b\\|c``");
        assert_eq!(markdown_code("`x``"), "``` `x`` ```");
    }

    #[test]
    fn kept_code_spans_pair_as_commonmark_does() {
        assert_eq!(
            markdown_keep_code("缺少 `A_1.pdf` 和 <b>"),
            "缺少 `A_1.pdf` 和 &lt;b&gt;"
        );
        assert_eq!(markdown_keep_code("`a >= 1 | b`"), "`a >= 1 \\| b`");
        // A run of three has no match: its backticks are text, and the HTML after it is escaped.
        assert_eq!(markdown_keep_code("```<img>`"), "\\`\\`\\`&lt;img&gt;\\`");
        assert_eq!(markdown_keep_code("a`<img src=x>"), "a\\`&lt;img src=x&gt;");
        assert_eq!(markdown_keep_code("``a`b``"), "``a`b``");
        assert_eq!(markdown_keep_code("1\n`2\n3`"), "1<br>`2 3`");
    }
}
