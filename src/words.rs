//! English words that agree with a number and file types in plain words, in one place, so that
//! no message says "1 files" or lists six extensions: `count(1, "file")` is `1 file`,
//! `count(2, "file")` is `2 files`; `[pdf, doc, docx, jpg]` reads "PDF, Word or image".
//! Chinese has no plural; it uses these only for the file types.

/// The noun for `n` of it: `one` for exactly 1, else its regular plural (`+s`), or `many`
/// when given through [`noun_irregular`].
pub fn noun(n: usize, one: &str) -> String {
    if n == 1 {
        one.to_owned()
    } else {
        format!("{one}s")
    }
}

/// `one` for exactly 1, else `many`.
pub fn noun_irregular<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// `1 file`, `2 files`, `0 files`.
pub fn count(n: usize, one: &str) -> String {
    format!("{n} {}", noun(n, one))
}

/// The indefinite article before an English noun phrase: `an` before a vowel (`an Excel
/// file`, `an image`), else `a` (`a PDF file`, `a CSV file`, `a file`).
pub fn article(phrase: &str) -> &'static str {
    match phrase.trim_start().chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'A' | 'E' | 'I' | 'O') => "an",
        _ => "a",
    }
}

/// What people call a file type, `(Chinese, English)`: `PDF`, `Word`, `图片`/`image`, `Excel`…;
/// an extension it does not know is shown as itself, upper-cased.
fn kind(ext: &str) -> (String, String) {
    let e = ext.trim().trim_start_matches('.').to_lowercase();
    let (zh, en) = match e.as_str() {
        "pdf" => ("PDF", "PDF"),
        "doc" | "docx" | "wps" => ("Word", "Word"),
        "xls" | "xlsx" | "xlsm" | "et" => ("Excel", "Excel"),
        "csv" => ("CSV", "CSV"),
        "ppt" | "pptx" => ("PowerPoint", "PowerPoint"),
        "jpg" | "jpeg" | "png" | "gif" | "bmp" | "webp" | "heic" | "tif" | "tiff" => {
            ("图片", "image")
        }
        "txt" => ("文本", "text"),
        "md" => ("Markdown", "Markdown"),
        "yaml" | "yml" => ("YAML", "YAML"),
        "json" => ("JSON", "JSON"),
        "mp4" | "mov" | "avi" => ("视频", "video"),
        _ => return (e.to_uppercase(), e.to_uppercase()),
    };
    (zh.to_owned(), en.to_owned())
}

/// Extensions as the kinds of file they are, each once, in the order first named:
/// `[pdf, doc, docx, jpg, png]` → ("PDF、Word 或图片", "PDF, Word or image").
pub fn file_kinds(extensions: &[String]) -> (String, String) {
    let mut kinds: Vec<(String, String)> = Vec::new();
    for e in extensions {
        let k = kind(e);
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    let zh: Vec<String> = kinds.iter().map(|(z, _)| z.clone()).collect();
    let en: Vec<String> = kinds.iter().map(|(_, e)| e.clone()).collect();
    let zh = match zh.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        // a space only between Chinese and Latin text: "PDF、Word 或图片"
        Some((last, rest)) => {
            let head = rest.join("、");
            let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            let before = if latin(head.chars().last()) { " " } else { "" };
            let after = if latin(last.chars().next()) { " " } else { "" };
            format!("{head}{before}或{after}{last}")
        }
    };
    let en = match en.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    };
    (zh, en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(count(1, "file"), "1 file");
        assert_eq!(count(0, "file"), "0 files");
        assert_eq!(count(3, "half-year"), "3 half-years");
        assert_eq!(noun_irregular(2, "entry", "entries"), "entries");
        assert_eq!(article("Excel file"), "an");
        assert_eq!(article("CSV or Excel file"), "a");
    }

    #[test]
    fn file_types_read_as_kinds() {
        let exts = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            file_kinds(&exts(&["pdf", "doc", "docx", "jpg", "jpeg", "png"])),
            (
                "PDF、Word 或图片".to_owned(),
                "PDF, Word or image".to_owned()
            )
        );
        assert_eq!(
            file_kinds(&exts(&["csv", "xlsx"])),
            ("CSV 或 Excel".to_owned(), "CSV or Excel".to_owned())
        );
        assert_eq!(
            file_kinds(&exts(&["dwg"])),
            ("DWG".to_owned(), "DWG".to_owned())
        );
    }
}
