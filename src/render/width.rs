//! Display width on a terminal, by the Unicode East Asian Width rules (the `unicode-width`
//! crate): a Chinese character takes two columns, a combining mark none. Columns of a table and
//! the caret under a snippet are placed by it, never by counting characters or bytes.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns `text` takes on a terminal.
pub fn width(text: &str) -> usize {
    text.width()
}

/// Columns one character takes (0 for a control character, which is shown escaped anyway).
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Where a cell's text sits in its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    /// Numbers: right-aligned so their units line up.
    Right,
}

/// `text` padded with spaces to `columns` display columns.
pub fn pad(text: &str, columns: usize, align: Align) -> String {
    let fill = " ".repeat(columns.saturating_sub(width(text)));
    match align {
        Align::Left => format!("{text}{fill}"),
        Align::Right => format!("{fill}{text}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_takes_two_columns_and_marks_none() {
        assert_eq!(width("社区"), 4);
        assert_eq!(width("A1 社区·"), 8);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(pad("社区", 6, Align::Left), "社区  ");
        assert_eq!(pad("1.5", 5, Align::Right), "  1.5");
        assert_eq!(pad("长名字", 2, Align::Right), "长名字");
        assert_eq!(char_width('分'), 2);
    }
}
