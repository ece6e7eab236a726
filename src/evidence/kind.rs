//! What a file really is, told from its bytes, and whether that is what its extension claims: a
//! text file renamed `纪要.docx`, a photo renamed `.pdf` or a PDF cut off half-way is not the
//! evidence its name promises, and must not count as such.
//!
//! Pure, on bytes, and bounded: it needs only the file's head (magic bytes, a text's first
//! kilobytes, an OpenDocument's `mimetype`) and its tail (a zip's central directory, a PDF's
//! `%%EOF`), never a large photo or scan whole. Magic bytes come from the `infer` crate; a zip
//! (docx, xlsx, odt, ods) is opened with the zip crate to see that it holds the parts of what it
//! claims (`word/document.xml`, `xl/workbook.xml`, `mimetype` + `content.xml`).
//!
//! Decisions:
//! - **Only the extensions in [`claim_of`] are judged**; any other (`xls`, `doc`, `yaml`, …) is
//!   never called wrong here: readers that parse it say what is wrong with it.
//! - **An image is an image**: a `.jpg` that is a PNG, or a `.png` that is a HEIC from a phone,
//!   is still a photo of the activity, so it counts. A `.jpg` that is text or a PDF does not.
//! - A PDF must start with `%PDF-` and end (within its last 1 KiB) with `%%EOF`; without the end
//!   marker it is a truncated or damaged download.
//! - Text (`txt`, `md`, `csv`, `tsv`) must decode in a supported encoding — UTF-8 (BOM or not),
//!   UTF-16 (by its BOM or its pattern of NUL bytes, as the readers tell it), GB18030 (covers GBK) — and hold no control bytes other than tab, line
//!   breaks and form feed: anything else is binary under a text name.

use std::cell::Cell;
use std::io::{Read, Seek, SeekFrom};

use crate::standard::model::Text;

/// How many bytes of a file's start [`detect`] looks at.
pub const HEAD: u64 = 64 * 1024;
/// How many bytes of a file's end [`detect`] looks at (a zip's central directory lies there).
pub const TAIL: u64 = 64 * 1024;

/// What a file claims to be, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    Word,
    Excel,
    OdfText,
    OdfSheet,
    Pdf,
    Image,
    Text,
    /// A register saved as text (`csv`, `tsv`).
    Csv,
}

/// What the bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actual {
    Word,
    Excel,
    PowerPoint,
    OdfText,
    OdfSheet,
    /// A zip that is none of the office formats above.
    Zip,
    /// A zip whose directory cannot be read (cut off or damaged).
    BrokenZip,
    /// `%PDF-` at the start; `complete`: `%%EOF` near the end.
    Pdf {
        complete: bool,
    },
    /// An image, with infer's name for its format (`png`, `jpg`, `heif`).
    Image(&'static str),
    /// An OLE compound file: old Word, Excel or WPS (`doc`, `xls`, `wps`, `et`).
    OldOffice,
    Text,
    /// Something infer knows (a video, an archive, a program), with its MIME type.
    Other(infer::MatcherType, &'static str),
    /// Bytes nothing recognises and that are not text.
    Binary,
}

/// What a file claimed and what it is, when the two disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub claim: Claim,
    pub actual: Actual,
}

/// The claim a lowercase extension makes, `None` for one that is not judged.
pub fn claim_of(ext: &str) -> Option<Claim> {
    Some(match ext {
        "docx" => Claim::Word,
        "xlsx" | "xlsm" => Claim::Excel,
        "odt" => Claim::OdfText,
        "ods" => Claim::OdfSheet,
        "pdf" => Claim::Pdf,
        "jpg" | "jpeg" | "png" | "heic" | "heif" | "webp" | "gif" | "bmp" | "tif" | "tiff" => {
            Claim::Image
        }
        "txt" | "md" | "markdown" => Claim::Text,
        "csv" | "tsv" => Claim::Csv,
        _ => return None,
    })
}

/// The two ends of a file, as [`crate::source::read_ends`] returns them: `tail` is empty when
/// `head` is the whole file.
pub struct Window<'a> {
    pub head: &'a [u8],
    pub tail: &'a [u8],
    pub size: u64,
}

impl Window<'_> {
    fn whole(&self) -> bool {
        self.tail.is_empty()
    }
    fn end(&self) -> &[u8] {
        if self.whole() {
            self.head
        } else {
            self.tail
        }
    }
}

/// The zip's directory does not lie within the window: read the whole file and ask again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NeedWhole;

/// Judges a non-empty file claiming `claim`: `None` when it is what it claims.
pub fn judge(claim: Claim, w: &Window) -> Result<Option<Mismatch>, NeedWhole> {
    let text_claim = matches!(claim, Claim::Text | Claim::Csv);
    let actual = detect(w, text_claim)?;
    let fits = match (claim, &actual) {
        (Claim::Word, Actual::Word)
        | (Claim::Excel, Actual::Excel)
        | (Claim::OdfText, Actual::OdfText)
        | (Claim::OdfSheet, Actual::OdfSheet)
        | (Claim::Pdf, Actual::Pdf { complete: true })
        | (Claim::Image, Actual::Image(_))
        | (Claim::Text | Claim::Csv, Actual::Text) => true,
        // an html or xml file infer names by its markup is text all the same
        (Claim::Text | Claim::Csv, Actual::Other(infer::MatcherType::Text, _)) => true,
        _ => false,
    };
    Ok((!fits).then_some(Mismatch { claim, actual }))
}

/// What the bytes are. `text_first`: a file claiming to be text is tried as text before infer's
/// weaker guesses (a csv starting with `ID3` is still a csv).
pub fn detect(w: &Window, text_first: bool) -> Result<Actual, NeedWhole> {
    let head = w.head;
    if head.starts_with(b"%PDF-") {
        let end = w.end();
        let last = end.get(end.len().saturating_sub(1024)..).unwrap_or(end);
        let complete = last.windows(5).any(|s| s == b"%%EOF");
        return Ok(Actual::Pdf { complete });
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Ok(Actual::OldOffice);
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return zip_kind(w);
    }
    if let Some(t) = infer::get(head) {
        if t.matcher_type() == infer::MatcherType::Image {
            return Ok(Actual::Image(t.extension()));
        }
        if !(text_first && is_text(head, !w.whole())) {
            return Ok(Actual::Other(t.matcher_type(), t.mime_type()));
        }
    }
    Ok(if is_text(head, !w.whole()) {
        Actual::Text
    } else {
        Actual::Binary
    })
}

/// Text in a supported encoding, without control bytes. `cut`: the bytes stop mid-file, so the
/// last character may be incomplete.
pub fn is_text(bytes: &[u8], cut: bool) -> bool {
    let trim = |b: &[u8], n: usize| -> Vec<u8> {
        if cut {
            b.get(..b.len().saturating_sub(n))
                .unwrap_or_default()
                .to_vec()
        } else {
            b.to_vec()
        }
    };
    let clean = |s: &str| {
        !s.chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
    };
    // the encoding as the register and document readers tell it (BOM, or UTF-16's NUL pattern)
    use super::read::{sniff, Encoding};
    let (skip, wide) = match sniff(bytes) {
        Encoding::Narrow { skip } => (skip, None),
        Encoding::Utf16Le { skip } => (skip, Some(encoding_rs::UTF_16LE)),
        Encoding::Utf16Be { skip } => (skip, Some(encoding_rs::UTF_16BE)),
    };
    let rest = bytes.get(skip..).unwrap_or_default();
    if let Some(enc) = wide {
        let rest = trim(rest, 4);
        let rest = rest.get(..rest.len() & !1).unwrap_or_default();
        return enc
            .decode_without_bom_handling_and_without_replacement(rest)
            .is_some_and(|s| clean(&s));
    }
    let body = trim(rest, 3);
    match std::str::from_utf8(&body) {
        Ok(s) => clean(s),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(&body)
            .is_some_and(|s| clean(&s)),
    }
}

/// The office format a zip holds, by its part names (and an OpenDocument's `mimetype`).
fn zip_kind(w: &Window) -> Result<Actual, NeedWhole> {
    let reader = Sparse::new(w);
    let gap = reader.gap.clone();
    let mut archive = match zip::ZipArchive::new(reader) {
        Ok(a) => a,
        Err(_) if gap.get() => return Err(NeedWhole),
        Err(_) => return Ok(Actual::BrokenZip),
    };
    let has = |name: &str| archive.index_for_name(name).is_some();
    if has("word/document.xml") {
        return Ok(Actual::Word);
    }
    if has("xl/workbook.xml") {
        return Ok(Actual::Excel);
    }
    if has("ppt/presentation.xml") {
        return Ok(Actual::PowerPoint);
    }
    if has("content.xml") && has("mimetype") {
        let mut mime = String::new();
        let read = archive
            .by_name("mimetype")
            .ok()
            .map(|e| e.take(128).read_to_string(&mut mime));
        match read {
            Some(Ok(_)) => {
                let mime = mime.trim();
                if mime == "application/vnd.oasis.opendocument.text" {
                    return Ok(Actual::OdfText);
                }
                if mime == "application/vnd.oasis.opendocument.spreadsheet" {
                    return Ok(Actual::OdfSheet);
                }
            }
            _ if gap.get() => return Err(NeedWhole),
            _ => {}
        }
    }
    Ok(Actual::Zip)
}

/// A `Read + Seek` over a window: the bytes of its head and tail where the file has them, an
/// error (and `gap` set) for anything in between.
struct Sparse<'a> {
    head: &'a [u8],
    tail: &'a [u8],
    tail_at: u64,
    size: u64,
    pos: u64,
    gap: std::rc::Rc<Cell<bool>>,
}

impl<'a> Sparse<'a> {
    fn new(w: &Window<'a>) -> Self {
        let size = if w.whole() {
            w.head.len() as u64
        } else {
            w.size
        };
        Sparse {
            head: w.head,
            tail: w.tail,
            tail_at: size.saturating_sub(w.tail.len() as u64),
            size,
            pos: 0,
            gap: std::rc::Rc::default(),
        }
    }
}

impl Read for Sparse<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pos >= self.size || buf.is_empty() {
            return Ok(0);
        }
        let (part, from) = if self.pos < self.head.len() as u64 {
            (self.head, self.pos)
        } else if self.pos >= self.tail_at && !self.tail.is_empty() {
            (self.tail, self.pos - self.tail_at)
        } else {
            self.gap.set(true);
            return Err(std::io::Error::other("outside the bytes read"));
        };
        let rest = part.get(from as usize..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), rest.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for Sparse<'_> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let pos = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.size.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        let Some(pos) = pos else {
            return Err(std::io::Error::other("seek before the start"));
        };
        self.pos = pos;
        Ok(pos)
    }
}

/// What a claim is, in plain words: "Word 文档".
fn claim_words(c: Claim) -> (&'static str, &'static str) {
    match c {
        Claim::Word => ("Word 文档", "a Word document"),
        Claim::Excel => ("Excel 表格", "an Excel workbook"),
        Claim::OdfText => ("OpenDocument 文字文档", "an OpenDocument text"),
        Claim::OdfSheet => ("OpenDocument 表格", "an OpenDocument spreadsheet"),
        Claim::Pdf => ("PDF 文件", "a PDF"),
        Claim::Image => ("图片", "an image"),
        Claim::Text => ("文本文件", "a text file"),
        Claim::Csv => ("CSV 表格文件", "a CSV file"),
    }
}

/// What the bytes are, in plain words: "纯文本", "PNG 图片".
fn actual_words(a: &Actual) -> (String, String) {
    let s = |z: &str, e: &str| (z.to_owned(), e.to_owned());
    match a {
        Actual::Word => s("Word 文档", "a Word document"),
        Actual::Excel => s("Excel 表格", "an Excel workbook"),
        Actual::PowerPoint => s("PowerPoint 演示文稿", "a PowerPoint presentation"),
        Actual::OdfText => s("OpenDocument 文字文档", "an OpenDocument text"),
        Actual::OdfSheet => s("OpenDocument 表格", "an OpenDocument spreadsheet"),
        Actual::Zip => s("压缩包", "a zip archive"),
        Actual::BrokenZip => s("损坏的压缩数据", "damaged zip data"),
        Actual::Pdf { .. } => s("PDF 文件", "a PDF"),
        Actual::Image(ext) => {
            let name = ext.to_uppercase();
            (format!("{name} 图片"), format!("a {name} image"))
        }
        Actual::OldOffice => s(
            "旧版 Office 文件（如 doc、xls、wps）",
            "an old Office file (doc, xls, wps)",
        ),
        Actual::Text => s("纯文本", "plain text"),
        Actual::Other(t, _) => {
            use infer::MatcherType as M;
            match t {
                M::Video => s("视频", "a video"),
                M::Audio => s("音频", "an audio file"),
                M::Archive => s("压缩包", "an archive"),
                M::App => s("程序文件", "a program"),
                M::Font => s("字体文件", "a font"),
                M::Book => s("电子书", "an e-book"),
                M::Doc => s("其他格式的文档", "a document of another format"),
                M::Image => s("图片", "an image"),
                M::Text => s("纯文本", "plain text"),
                M::Custom => s("无法识别的数据", "unrecognised data"),
            }
        }
        Actual::Binary => s("无法识别的二进制数据", "unrecognised binary data"),
    }
}

impl Mismatch {
    /// Why the file does not count, in plain words, without the file's name.
    pub fn reason(&self) -> Text {
        let (cz, ce) = claim_words(self.claim);
        if let Actual::Pdf { complete: false } = self.actual {
            if self.claim == Claim::Pdf {
                return text(
                    "PDF 文件不完整（缺少结尾，可能没有下载完或已损坏）",
                    "the PDF is incomplete (its end is missing: cut off or damaged)",
                );
            }
        }
        if self.actual == Actual::BrokenZip {
            return text(
                format!("文件已损坏，无法作为{}打开", pad(cz)),
                format!("the file is damaged and cannot be opened as {ce}"),
            );
        }
        let (az, ae) = actual_words(&self.actual);
        text(
            format!("内容是{}，不是{}", pad(&az), pad(cz)),
            format!("the content is {ae}, not {ce}"),
        )
    }

    /// What the officer should do.
    pub fn fix(&self) -> Text {
        match self.claim {
            Claim::Word => text(
                "用 Word 或 WPS 重新保存为 docx",
                "save it again as docx in Word or WPS",
            ),
            Claim::Excel => text(
                "用 Excel 或 WPS 重新保存为 xlsx",
                "save it again as xlsx in Excel or WPS",
            ),
            Claim::OdfText => text(
                "用 LibreOffice 重新保存为 odt",
                "save it again as odt in LibreOffice",
            ),
            Claim::OdfSheet => text(
                "用 LibreOffice 重新保存为 ods",
                "save it again as ods in LibreOffice",
            ),
            Claim::Pdf => text("重新导出或重新扫描为 PDF", "export or scan it again as PDF"),
            Claim::Image => text(
                "换成原始照片或截图",
                "replace it with the original photo or screenshot",
            ),
            Claim::Text => text("另存为文本文件（txt）", "save it as a text file (txt)"),
            Claim::Csv => text(
                "用 Excel 或 WPS 另存为 CSV（逗号分隔）",
                "save it as CSV (comma-separated) in Excel or WPS",
            ),
        }
    }

    /// The technical detail, for `--explain` and the authors: the MIME type infer saw.
    pub fn detail(&self) -> Option<String> {
        match &self.actual {
            Actual::Other(_, mime) => Some((*mime).to_owned()),
            _ => None,
        }
    }
}

/// A space before a word that starts in Latin letters, as Chinese typesetting writes it.
fn pad(s: &str) -> String {
    if s.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        format!(" {s}")
    } else {
        s.to_owned()
    }
}

fn text(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text {
        zh: zh.into(),
        en: en.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(b: &[u8]) -> Window<'_> {
        Window {
            head: b,
            tail: &[],
            size: b.len() as u64,
        }
    }

    #[test]
    fn text_under_a_word_name_is_text() {
        let m = judge(Claim::Word, &whole(b"hello\n")).unwrap().unwrap();
        assert_eq!(m.actual, Actual::Text);
        assert_eq!(m.reason().zh, "内容是纯文本，不是 Word 文档");
    }

    #[test]
    fn encodings_of_text() {
        assert!(is_text("会议纪要\r\n".as_bytes(), false));
        let (gbk, _, _) = encoding_rs::GBK.encode("会议纪要");
        assert!(is_text(&gbk, false));
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "纪要".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert!(is_text(&utf16, false));
        assert!(!is_text(b"\x00\x01\x02binary", false));
        // a window cut in the middle of a character is still text
        let s = "纪要纪要".as_bytes();
        assert!(is_text(s.get(..5).unwrap(), true));
    }

    #[test]
    fn pdf_without_end_is_incomplete() {
        let m = judge(Claim::Pdf, &whole(b"%PDF-1.4\n1 0 obj"))
            .unwrap()
            .unwrap();
        assert_eq!(m.actual, Actual::Pdf { complete: false });
        assert!(judge(Claim::Pdf, &whole(b"%PDF-1.4\n%%EOF\n"))
            .unwrap()
            .is_none());
    }

    #[test]
    fn a_zip_cut_before_its_directory_is_broken() {
        assert_eq!(
            detect(&whole(b"PK\x03\x04garbage"), false),
            Ok(Actual::BrokenZip)
        );
    }

    #[test]
    fn a_directory_outside_the_window_asks_for_the_whole_file() {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("word/document.xml", stored).unwrap();
        zip.write_all(&vec![b'x'; 4096]).unwrap();
        for i in 0..200 {
            zip.start_file(format!("word/media/image{i:04}.png"), stored)
                .unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        assert_eq!(detect(&whole(&bytes), false), Ok(Actual::Word));
        let (head, tail) = (
            bytes.get(..64).unwrap(),
            bytes.get(bytes.len() - 64..).unwrap(),
        );
        let w = Window {
            head,
            tail,
            size: bytes.len() as u64,
        };
        assert_eq!(detect(&w, false), Err(NeedWhole));
    }
}
