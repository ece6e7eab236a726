//! Documents read for their text and pages: PDF, docx, odt, html, txt and md.
//!
//! Minutes, plans and sign-in sheets reach a pack as Word files, LibreOffice files, PDFs exported
//! from either, web pages saved from the union's site and plain text in whatever encoding the
//! office PC chose. A `text` check needs their words; `min_chars` and `min_pages` need how much
//! there is. This module turns the bytes that `crate::source` read (bounded, hashed) into a
//! [`Document`]: its text and, where the format records it, its page count.
//!
//! What cannot be read as text is an [`Unreadable`] with what the officer should do, never an
//! empty text that a check would report as "keyword not found": a binary `.doc`/`.wps`, an
//! `.rtf`, a PDF with no text layer (a scan), a damaged or encrypted file.
//!
//! Bounds, so that a crafted file neither eats memory nor hangs the run:
//! - a zip part (docx, odt) inflates to at most [`MAX_PART_BYTES`]; the declared size is checked
//!   first and the inflated stream is cut one byte past the limit (the header may lie);
//! - every compressed stream of a PDF (except images, which text extraction never inflates) is
//!   measured while the PDF is parsed, by inflating it into a small scratch buffer: one stream
//!   over [`MAX_PDF_STREAM_BYTES`], or all of them over [`MAX_PDF_INFLATE_BYTES`], refuses the
//!   file before anything keeps the inflated bytes;
//! - at most [`MAX_PDF_PAGES`] pages are read, and lopdf's page walk stops on a page tree that
//!   points at itself (it visits at most as many nodes as the file has objects);
//! - the PDF is parsed on a thread of its own with a large stack, so that nesting that lopdf
//!   accepts (up to its own depth limit) cannot overflow a small test-thread stack.
//!
//! Choices: PDF through lopdf (pure Rust; its text extraction follows ToUnicode maps, which is
//! how LibreOffice and Word write CJK text). HTML is not parsed into a tree: tags are dropped,
//! `script`/`style` contents skipped and entities decoded by `html-escape` — a page's words are
//! all a keyword check needs, and html5ever would be a large tree for that.

use std::cell::Cell;
use std::io::{Cursor, Read};

use crate::evidence::read::extension;
use crate::standard::model::Text;

/// Largest zip part (`word/document.xml`, `content.xml`, …) inflated from a docx or odt.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Largest single PDF stream, inflated.
pub const MAX_PDF_STREAM_BYTES: u64 = 32 * 1024 * 1024;
/// Largest sum of a PDF's inflated streams.
pub const MAX_PDF_INFLATE_BYTES: u64 = 256 * 1024 * 1024;
/// Most pages read from one PDF.
pub const MAX_PDF_PAGES: usize = 5_000;

/// Extensions whose text this module reads.
pub const READABLE: [&str; 9] = [
    "txt", "md", "markdown", "docx", "docm", "odt", "pdf", "html", "htm",
];
/// Document formats known to hold text that this module cannot read: reported as unreadable with
/// what to do, not passed over as "not a document".
pub const NOT_READABLE: [&str; 4] = ["doc", "wps", "rtf", "wpt"];
/// Photo and scan formats: one page each, no text.
pub const IMAGES: [&str; 8] = ["jpg", "jpeg", "png", "gif", "bmp", "webp", "tif", "tiff"];

/// A document's words and, where known, its pages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// The text, paragraphs on lines of their own.
    pub text: String,
    /// The text without any whitespace: what keywords are looked for in (a PDF may break
    /// `2025年` into `2025 年`, a line wrap may fall inside a word).
    pub compact: String,
    /// Pages: a PDF's page count, a docx's `<Pages>` (docProps/app.xml, written by Word), an
    /// odt's `meta:page-count`; `None` where the file does not say.
    pub pages: Option<u32>,
}

impl Document {
    pub fn new(text: String, pages: Option<u32>) -> Self {
        let compact = text.chars().filter(|c| !c.is_whitespace()).collect();
        Document {
            text,
            compact,
            pages,
        }
    }

    /// Characters of text, whitespace not counted (what `min_chars` compares).
    pub fn chars(&self) -> usize {
        self.compact.chars().count()
    }

    /// Whether the text holds `keyword` (whitespace ignored on both sides).
    pub fn contains(&self, keyword: &str) -> bool {
        let k: String = keyword.chars().filter(|c| !c.is_whitespace()).collect();
        self.compact.contains(&k)
    }
}

/// Why a document's text cannot be read, and what the officer should do about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    /// In plain words, without the file's name.
    pub reason: Text,
    pub fix: Text,
    /// The reader's own error, for `--explain` and JSON (English only).
    pub detail: Option<String>,
}

fn t(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text {
        zh: zh.into(),
        en: en.into(),
    }
}

fn unreadable(reason: Text, fix: Text) -> Unreadable {
    Unreadable {
        reason,
        fix,
        detail: None,
    }
}

fn resave() -> Text {
    t(
        "另存为 docx 或带文字的 PDF",
        "save it as docx or as a PDF with text",
    )
}

/// `what` with a space on a side where it meets Chinese with a Latin letter (`PDF 解压后`).
fn spaced(what: &str) -> String {
    let ascii = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let mut s = String::new();
    if ascii(what.chars().next()) {
        s.push(' ');
    }
    s.push_str(what);
    if ascii(what.chars().last()) {
        s.push(' ');
    }
    s
}

fn damaged(what_zh: &str, what_en: &str, e: impl std::fmt::Display) -> Unreadable {
    Unreadable {
        reason: t(
            format!("无法作为{}打开（文件可能已损坏或不完整）", spaced(what_zh)),
            format!("cannot be opened as {what_en} (the file may be damaged or incomplete)"),
        ),
        fix: t(
            "重新导出或重新下载完整的文件",
            "export it again or download the whole file again",
        ),
        detail: Some(e.to_string()),
    }
}

fn too_big(what_zh: &str, what_en: &str, limit: u64) -> Unreadable {
    unreadable(
        t(
            format!(
                "{}解压后超过 {} MiB，拒绝读取",
                spaced(what_zh).trim_start(),
                limit >> 20
            ),
            format!("{what_en} inflates beyond {} MiB; refused", limit >> 20),
        ),
        t(
            "另存为较小的 docx 或 PDF",
            "save it as a smaller docx or PDF",
        ),
    )
}

/// Whether `path` is a photo or scan (one page, no text).
pub fn is_image(path: &str) -> bool {
    IMAGES.contains(&extension(path).as_str())
}

/// Reads the document `rel` (named for its extension) from its bytes.
pub fn read(rel: &str, bytes: &[u8]) -> Result<Document, Unreadable> {
    if let Some(u) = not_text(rel) {
        return Err(u);
    }
    match extension(rel).as_str() {
        "pdf" => pdf(bytes),
        "docx" | "docm" => docx(bytes),
        "odt" => odt(bytes),
        "html" | "htm" => Ok(Document::new(html_text(&decode(bytes)), None)),
        _ => Ok(Document::new(decode(bytes), None)),
    }
}

/// Why a file of this type has no text to read, known from its extension alone (so that its
/// bytes need not be read): binary Word/WPS, rtf, photos, anything not a document.
pub fn not_text(rel: &str) -> Option<Unreadable> {
    let ext = extension(rel);
    match ext.as_str() {
        e if READABLE.contains(&e) => None,
        "doc" | "wps" | "wpt" => Some(unreadable(
            t(
                "旧版 Word/WPS 二进制文档（doc、wps），无法读取文字",
                "an old binary Word/WPS document (doc, wps); its text cannot be read",
            ),
            resave(),
        )),
        "rtf" => Some(unreadable(
            t(
                "RTF 文档，无法读取文字",
                "an RTF document; its text cannot be read",
            ),
            resave(),
        )),
        e if IMAGES.contains(&e) => Some(unreadable(
            t(
                "照片或图片，无法读取文字",
                "a photo or picture; its text cannot be read",
            ),
            resave(),
        )),
        e => Some(unreadable(
            t(
                format!("{}文件不是可读取文字的文档", spaced(e).trim_start()),
                format!("a .{e} file is not a document whose text can be read"),
            ),
            resave(),
        )),
    }
}

/// Text in the encoding its bytes show, told as the register readers tell it (one sniffing for
/// every text file): a BOM (UTF-8, UTF-16 LE/BE), else UTF-16's pattern of NUL bytes, else UTF-8,
/// else GB18030, which covers GBK and GB2312 (what Chinese Windows saves when nobody chose).
pub fn decode(bytes: &[u8]) -> String {
    super::read::decode_text(bytes)
}

// ---------------------------------------------------------------------------------------------
// zip documents: docx, odt

/// An old binary Office file (OLE compound document) under a zip extension.
fn is_ole(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// One part of a zip, inflated within [`MAX_PART_BYTES`]; `None` when absent.
fn part(archive: &mut Zip, name: &str, what: (&str, &str)) -> Result<Option<String>, Unreadable> {
    let entry = match archive.by_name(name) {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(damaged(what.0, what.1, e)),
    };
    if entry.size() > MAX_PART_BYTES {
        return Err(too_big(what.0, what.1, MAX_PART_BYTES));
    }
    let mut xml = Vec::new();
    entry
        .take(MAX_PART_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| damaged(what.0, what.1, e))?;
    if xml.len() as u64 > MAX_PART_BYTES {
        return Err(too_big(what.0, what.1, MAX_PART_BYTES));
    }
    String::from_utf8(xml)
        .map(Some)
        .map_err(|e| damaged(what.0, what.1, e))
}

fn open_zip<'a>(bytes: &'a [u8], what: (&str, &str)) -> Result<Zip<'a>, Unreadable> {
    if is_ole(bytes) {
        return Err(unreadable(
            t(
                format!(
                    "实为旧版 Word/WPS 二进制文档，不是{}，无法读取文字",
                    spaced(what.0).trim_end()
                ),
                format!(
                    "in fact an old binary Word/WPS document, not {}; its text cannot be read",
                    what.1
                ),
            ),
            resave(),
        ));
    }
    zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(what.0, what.1, e))
}

const DOCX: (&str, &str) = ("Word 文档（docx）", "a Word document (docx)");
const ODT: (&str, &str) = ("OpenDocument 文本（odt）", "an OpenDocument text (odt)");

/// A docx: headers, the body (paragraphs and tables), footnotes, endnotes and footers.
pub fn docx(bytes: &[u8]) -> Result<Document, Unreadable> {
    let mut archive = open_zip(bytes, DOCX)?;
    let mut names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .filter(|n| {
            let n = n.to_ascii_lowercase();
            (n.starts_with("word/header") || n.starts_with("word/footer")) && n.ends_with(".xml")
        })
        .collect();
    names.sort();
    let (headers, footers): (Vec<String>, Vec<String>) = names
        .into_iter()
        .partition(|n| n.to_ascii_lowercase().starts_with("word/header"));
    let Some(body) = part(&mut archive, "word/document.xml", DOCX)? else {
        return Err(damaged(DOCX.0, DOCX.1, "no word/document.xml"));
    };
    let mut text = String::new();
    let parts = headers
        .iter()
        .map(String::as_str)
        .chain([
            "word/document.xml",
            "word/footnotes.xml",
            "word/endnotes.xml",
        ])
        .chain(footers.iter().map(String::as_str));
    let mut total = 0u64;
    for name in parts.collect::<Vec<_>>() {
        let xml = if name == "word/document.xml" {
            Some(body.clone())
        } else {
            part(&mut archive, name, DOCX)?
        };
        if let Some(xml) = xml {
            total += xml.len() as u64;
            if total > MAX_PART_BYTES {
                return Err(too_big(DOCX.0, DOCX.1, MAX_PART_BYTES));
            }
            text.push_str(&word_xml_text(&xml).map_err(|e| damaged(DOCX.0, DOCX.1, e))?);
        }
    }
    let pages = part(&mut archive, "docProps/app.xml", DOCX)
        .ok()
        .flatten()
        .and_then(|xml| element_number(&xml, "Pages"));
    Ok(Document::new(text, pages))
}

/// The number in the first `<name>…</name>` of an XML text (any prefix).
fn element_number(xml: &str, name: &str) -> Option<u32> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut inside = false;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => inside = e.local_name().as_ref() == name,
            Event::Text(t) if inside => return t.xml10_content().trim().parse().ok(),
            Event::End(_) => inside = false,
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// The text of a WordprocessingML part: every `w:t` run, a line break per paragraph.
pub fn word_xml_text(xml: &str) -> Result<String, quick_xml::Error> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event()? {
            Event::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_text = false,
                "w:p" => out.push('\n'),
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                "w:tab" => out.push('\t'),
                "w:br" | "w:cr" => out.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text => out.push_str(&t.xml10_content()),
            Event::CData(t) if in_text => out.push_str(&t),
            Event::GeneralRef(r) if in_text => push_ref(&mut out, &r),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

fn push_ref(out: &mut String, r: &quick_xml::events::BytesRef) {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        out.push(c);
        return;
    }
    let name: &str = r;
    out.push_str(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    });
}

/// An odt: the body (`content.xml`), headers and footers (master pages in `styles.xml`); pages
/// from `meta.xml`.
pub fn odt(bytes: &[u8]) -> Result<Document, Unreadable> {
    let mut archive = open_zip(bytes, ODT)?;
    let Some(content) = part(&mut archive, "content.xml", ODT)? else {
        return Err(damaged(ODT.0, ODT.1, "no content.xml"));
    };
    let mut text = odf_text(&content, "office:body").map_err(|e| damaged(ODT.0, ODT.1, e))?;
    if let Some(styles) = part(&mut archive, "styles.xml", ODT)? {
        text.push_str(
            &odf_text(&styles, "office:master-styles").map_err(|e| damaged(ODT.0, ODT.1, e))?,
        );
    }
    let pages = part(&mut archive, "meta.xml", ODT)
        .ok()
        .flatten()
        .and_then(|xml| odf_page_count(&xml));
    Ok(Document::new(text, pages))
}

/// Text of an ODF part inside the element `within`: every text node, a line per paragraph or
/// heading, `text:s` as a space, `text:tab` and `text:line-break` as such.
fn odf_text(xml: &str, within: &str) -> Result<String, quick_xml::Error> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut depth = 0usize;
    loop {
        match reader.read_event()? {
            Event::Start(e) if depth > 0 || e.name().as_ref() == within => depth += 1,
            Event::End(e) if depth > 0 => {
                depth -= 1;
                if matches!(e.name().as_ref(), "text:p" | "text:h") {
                    out.push('\n');
                }
            }
            Event::Empty(e) if depth > 0 => match e.name().as_ref() {
                "text:s" => out.push(' '),
                "text:tab" => out.push('\t'),
                "text:line-break" => out.push('\n'),
                _ => {}
            },
            Event::Text(t) if depth > 0 => out.push_str(&t.xml10_content()),
            Event::CData(t) if depth > 0 => out.push_str(&t),
            Event::GeneralRef(r) if depth > 0 => push_ref(&mut out, &r),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

fn odf_page_count(xml: &str) -> Option<u32> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "meta:document-statistic" => {
                let a = e.try_get_attribute("meta:page-count").ok()??;
                return a.value.trim().parse().ok();
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// html

/// The words of an HTML page: tags dropped (block tags end a line), `script` and `style`
/// contents and comments skipped, entities decoded.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&html_escape::decode_html_entities(&rest[..lt]));
        let tag = &rest[lt..];
        if let Some(after) = tag.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let Some(gt) = tag.find('>') else {
            rest = "";
            break;
        };
        let inner = &tag[1..gt];
        let name: String = inner
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        rest = &tag[gt + 1..];
        if !inner.starts_with('/') && (name == "script" || name == "style") {
            let close = format!("</{name}");
            rest = find_ascii_ci(rest, &close).map_or("", |i| &rest[i..]);
            continue;
        }
        if matches!(
            name.as_str(),
            "p" | "br" | "div" | "tr" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "title"
        ) {
            out.push('\n');
        } else if matches!(name.as_str(), "td" | "th") {
            out.push('\t');
        }
    }
    out.push_str(&html_escape::decode_html_entities(rest));
    out
}

fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    h.windows(n.len()).position(|w| w.eq_ignore_ascii_case(n))
}

// ---------------------------------------------------------------------------------------------
// pdf

thread_local! {
    /// Bytes the PDF being loaded on this thread may still inflate.
    static INFLATE_LEFT: Cell<u64> = const { Cell::new(0) };
    /// Set when a stream broke a limit: the load is refused.
    static INFLATE_BROKEN: Cell<bool> = const { Cell::new(false) };
}

/// How many bytes `data` inflates to (zlib, or raw deflate as lopdf falls back to), counting
/// into a scratch buffer and stopping one past `limit`.
fn inflated_len(data: &[u8], limit: u64) -> u64 {
    let mut buf = [0u8; 64 * 1024];
    let mut count = |mut r: Box<dyn Read + '_>| -> u64 {
        let mut n = 0u64;
        loop {
            match r.read(&mut buf) {
                Ok(0) | Err(_) => return n,
                Ok(k) => {
                    n += k as u64;
                    if n > limit {
                        return n;
                    }
                }
            }
        }
    };
    let n = count(Box::new(flate2::read::ZlibDecoder::new(data)));
    if n == 0 && data.len() > 2 {
        count(Box::new(flate2::read::DeflateDecoder::new(
            data.get(2..).unwrap_or_default(),
        )))
    } else {
        n
    }
}

/// lopdf's load filter: measures every compressed stream but images before lopdf keeps or
/// inflates it. A `fn`, as lopdf wants, so its state lives in thread-locals set by [`pdf`].
fn guard_stream(
    id: lopdf::ObjectId,
    object: &mut lopdf::Object,
) -> Option<(lopdf::ObjectId, lopdf::Object)> {
    let lopdf::Object::Stream(stream) = object else {
        // ObjStm members are never streams; the copy is what lopdf keeps of them.
        return Some((id, object.clone()));
    };
    let image = stream
        .dict
        .get(b"Subtype")
        .and_then(lopdf::Object::as_name)
        .is_ok_and(|n| n == b"Image");
    let compressed = stream.filters().is_ok_and(|f| {
        f.iter()
            .any(|f| *f == b"FlateDecode".as_slice() || *f == b"Fl".as_slice())
    });
    if compressed && !image {
        let left = INFLATE_LEFT.get();
        let n = inflated_len(&stream.content, MAX_PDF_STREAM_BYTES.min(left));
        if n > MAX_PDF_STREAM_BYTES || n > left {
            INFLATE_BROKEN.set(true);
            stream.set_content(Vec::new());
            stream.dict.remove(b"Filter");
        } else {
            INFLATE_LEFT.set(left - n);
        }
    }
    // Only an ObjStm member's copy is kept; a top-level object stays where lopdf holds it.
    Some((id, lopdf::Object::Null))
}

/// A PDF's text and page count, parsed on a thread with a large stack.
pub fn pdf(bytes: &[u8]) -> Result<Document, Unreadable> {
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("changai-pdf".into())
            .stack_size(64 * 1024 * 1024)
            .spawn_scoped(s, || pdf_here(bytes))
            .map_err(|e| damaged("PDF", "a PDF", e))?
            .join()
            .unwrap_or_else(|_| Err(damaged("PDF", "a PDF", "the PDF reader failed")))
    })
}

const PDF: (&str, &str) = ("PDF", "a PDF");

fn pdf_here(bytes: &[u8]) -> Result<Document, Unreadable> {
    if !bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return Err(damaged(PDF.0, PDF.1, "no %PDF- header"));
    }
    if bytes.windows(8).any(|w| w == b"/Encrypt") {
        return Err(unreadable(
            t(
                "PDF 已加密，无法读取文字",
                "the PDF is encrypted; its text cannot be read",
            ),
            t(
                "去掉密码和权限限制后重新导出 PDF，或另存为 docx",
                "export it again without password or restrictions, or save it as docx",
            ),
        ));
    }
    INFLATE_LEFT.set(MAX_PDF_INFLATE_BYTES);
    INFLATE_BROKEN.set(false);
    let options = lopdf::LoadOptions {
        filter: Some(guard_stream),
        ..Default::default()
    };
    let loaded = lopdf::Document::load_mem_with_options(bytes, options);
    if INFLATE_BROKEN.get() {
        return Err(too_big(PDF.0, PDF.1, MAX_PDF_STREAM_BYTES));
    }
    let doc = loaded.map_err(|e| damaged(PDF.0, PDF.1, e))?;
    let mut seen = std::collections::BTreeSet::new();
    let mut pages: Vec<u32> = Vec::new();
    for id in doc.page_iter() {
        if seen.insert(id) {
            if pages.len() >= MAX_PDF_PAGES {
                return Err(unreadable(
                    t(
                        format!("PDF 超过 {MAX_PDF_PAGES} 页，拒绝读取"),
                        format!("the PDF has more than {MAX_PDF_PAGES} pages; refused"),
                    ),
                    t("分成几个文件保存", "split it into several files"),
                ));
            }
            pages.push(pages.len() as u32 + 1);
        }
    }
    if pages.is_empty() {
        return Err(damaged(PDF.0, PDF.1, "no pages in the page tree"));
    }
    let mut text = String::new();
    for chunk in doc.extract_text_chunks(&pages).into_iter().flatten() {
        text.push_str(&chunk);
    }
    let document = Document::new(text, Some(pages.len() as u32));
    if document.compact.is_empty() {
        return Err(unreadable(
            t(
                "PDF 没有文字层（可能是扫描件或照片），无法读取文字",
                "the PDF has no text layer (a scan or a photo, it seems); its text cannot be read",
            ),
            t(
                "另存为 docx 或带文字的 PDF（扫描件可先做文字识别）",
                "save it as docx or as a PDF with text (run text recognition on a scan)",
            ),
        ));
    }
    Ok(document)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn word_xml_paragraphs_and_entities() {
        let xml = r#"<w:document><w:body><w:p><w:r><w:t>产改</w:t></w:r><w:r><w:t xml:space="preserve"> 方案 &amp; 计划</w:t></w:r></w:p><w:p><w:r><w:t>第二段</w:t></w:r></w:p></w:body></w:document>"#;
        assert_eq!(word_xml_text(xml).unwrap(), "产改 方案 & 计划\n第二段\n");
    }

    #[test]
    fn pages_from_app_xml() {
        let xml = r#"<Properties xmlns="x"><Template>Normal</Template><Pages>3</Pages><Words>10</Words></Properties>"#;
        assert_eq!(element_number(xml, "Pages"), Some(3));
        assert_eq!(element_number("<Properties/>", "Pages"), None);
    }

    #[test]
    fn encodings() {
        let words = "产改要点";
        let mut le = vec![0xFF, 0xFE];
        le.extend(words.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le), words);
        let mut be = vec![0xFE, 0xFF];
        be.extend(words.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be), words);
        let (gbk, _, _) = encoding_rs::GBK.encode(words);
        assert_eq!(decode(&gbk), words);
        assert_eq!(decode("\u{feff}产改".as_bytes()), "产改");
    }

    #[test]
    fn html_tags_scripts_and_entities() {
        let html = "<html><head><style>p{}</style><script>var a='<p>';</script></head><body><!-- x --><p>产改&nbsp;方案 &amp; 计划</p><p>第二段&#x4e00;</p></body></html>";
        assert_eq!(html_text(html), "\n产改\u{a0}方案 & 计划\n\n第二段一\n");
    }

    #[test]
    fn keywords_ignore_whitespace() {
        let d = Document::new("2025 年 10 月\n会议纪\n要".into(), None);
        assert!(d.contains("2025年10月"));
        assert!(d.contains("会议 纪要"));
        assert_eq!(d.chars(), 12);
    }
}
