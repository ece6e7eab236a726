//! Dates written inside a file by the camera or the office program that made it: EXIF in photos,
//! the core properties of Office and OpenDocument files, the creation date of a PDF.
//!
//! A file name is what an officer wrote; the content date is what the device wrote. The name
//! decides where there is one (an officer may scan the minutes a week after the meeting); the
//! content date dates a photo that has no date in its name, and disagreeing with the name it is a
//! finding for the auditor (see `check::files`).
//!
//! Pure on bytes and bounded: the bytes come through the one reader (`source.rs`, capped), a zip
//! part is inflated at most [`MAX_PART_BYTES`], and a PDF is only scanned for two keys. Any damage
//! gives no date, never an error: the file's readability is judged by other checks.

use std::io::{Cursor, Read};

use jiff::civil::Date;

/// Largest `docProps/core.xml` / `meta.xml` inflated (they are a few hundred bytes).
pub const MAX_PART_BYTES: u64 = 256 * 1024;

/// Where a content date was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// EXIF `DateTimeOriginal`: when the photo was taken.
    ExifOriginal,
    /// EXIF `DateTimeDigitized`: when it was scanned or stored.
    ExifDigitized,
    /// EXIF `DateTime`: when the file was last changed by the camera or an editor.
    ExifChanged,
    /// `dcterms:created` in `docProps/core.xml` (docx, xlsx, pptx).
    OfficeCreated,
    /// `meta:creation-date` in `meta.xml` (odt, ods, odp).
    OpenDocumentCreated,
    /// `/CreationDate` in the PDF's document information.
    PdfCreated,
    /// `xmp:CreateDate` in the PDF's XMP metadata.
    PdfXmpCreated,
}

impl DateSource {
    /// Plain words for the source: (Chinese, English).
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            DateSource::ExifOriginal => ("照片拍摄日期", "the photo's taken date"),
            DateSource::ExifDigitized => ("照片存储日期", "the photo's digitised date"),
            DateSource::ExifChanged => ("照片修改日期", "the photo's changed date"),
            DateSource::OfficeCreated | DateSource::OpenDocumentCreated => {
                ("文档创建日期", "the document's created date")
            }
            DateSource::PdfCreated | DateSource::PdfXmpCreated => {
                ("PDF 生成日期", "the PDF's created date")
            }
        }
    }

    /// The verb for a reason: 照片拍摄于 / 文档创建于.
    pub fn verb(self) -> (&'static str, &'static str) {
        match self {
            DateSource::ExifOriginal => ("照片拍摄于", "the photo was taken on"),
            DateSource::ExifDigitized | DateSource::ExifChanged => {
                ("照片存储于", "the photo was stored on")
            }
            DateSource::OfficeCreated | DateSource::OpenDocumentCreated => {
                ("文档创建于", "the document was created on")
            }
            DateSource::PdfCreated | DateSource::PdfXmpCreated => {
                ("PDF 生成于", "the PDF was made on")
            }
        }
    }

    /// The technical name, for `detail`.
    pub fn key(self) -> &'static str {
        match self {
            DateSource::ExifOriginal => "EXIF DateTimeOriginal",
            DateSource::ExifDigitized => "EXIF DateTimeDigitized",
            DateSource::ExifChanged => "EXIF DateTime",
            DateSource::OfficeCreated => "docProps/core.xml dcterms:created",
            DateSource::OpenDocumentCreated => "meta.xml meta:creation-date",
            DateSource::PdfCreated => "PDF /CreationDate",
            DateSource::PdfXmpCreated => "PDF XMP xmp:CreateDate",
        }
    }
}

/// A date found inside a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentDate {
    pub date: Date,
    pub source: DateSource,
}

/// The extensions whose content can carry a date.
pub fn may_have_date(ext: &str) -> bool {
    matches!(
        ext,
        "jpg"
            | "jpeg"
            | "heic"
            | "heif"
            | "tif"
            | "tiff"
            | "png"
            | "webp"
            | "docx"
            | "xlsx"
            | "xlsm"
            | "pptx"
            | "odt"
            | "ods"
            | "odp"
            | "pdf"
    )
}

/// The content date of a file with extension `ext` (lowercase), or none.
pub fn content_date(ext: &str, bytes: &[u8]) -> Option<ContentDate> {
    match ext {
        "jpg" | "jpeg" | "heic" | "heif" | "tif" | "tiff" | "png" | "webp" => exif_date(bytes),
        "docx" | "xlsx" | "xlsm" | "pptx" => zip_part(bytes, "docProps/core.xml")
            .and_then(|xml| element_text(&xml, "dcterms:created"))
            .and_then(|t| date_of_stamp(&t))
            .map(|date| ContentDate {
                date,
                source: DateSource::OfficeCreated,
            }),
        "odt" | "ods" | "odp" => zip_part(bytes, "meta.xml")
            .and_then(|xml| element_text(&xml, "meta:creation-date"))
            .and_then(|t| date_of_stamp(&t))
            .map(|date| ContentDate {
                date,
                source: DateSource::OpenDocumentCreated,
            }),
        "pdf" => pdf_date(bytes),
        _ => None,
    }
}

/// EXIF `DateTimeOriginal`, else `DateTimeDigitized`, else `DateTime` (kamadak-exif reads the
/// EXIF of JPEG, TIFF, HEIF, PNG `eXIf` and WebP containers).
fn exif_date(bytes: &[u8]) -> Option<ContentDate> {
    let exif = exif::Reader::new()
        .read_from_container(&mut Cursor::new(bytes))
        .ok()?;
    let tags = [
        (exif::Tag::DateTimeOriginal, DateSource::ExifOriginal),
        (exif::Tag::DateTimeDigitized, DateSource::ExifDigitized),
        (exif::Tag::DateTime, DateSource::ExifChanged),
    ];
    tags.iter().find_map(|(tag, source)| {
        let field = exif.get_field(*tag, exif::In::PRIMARY)?;
        let exif::Value::Ascii(ref parts) = field.value else {
            return None;
        };
        let dt = exif::DateTime::from_ascii(parts.first()?).ok()?;
        let date = Date::new(
            i16::try_from(dt.year).ok()?,
            i8::try_from(dt.month).ok()?,
            i8::try_from(dt.day).ok()?,
        )
        .ok()?;
        Some(ContentDate {
            date,
            source: *source,
        })
    })
}

/// One part of a zip container, inflated at most [`MAX_PART_BYTES`].
fn zip_part(bytes: &[u8], name: &str) -> Option<String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let entry = archive.by_name(name).ok()?;
    if entry.size() > MAX_PART_BYTES {
        return None;
    }
    let mut xml = Vec::new();
    entry.take(MAX_PART_BYTES + 1).read_to_end(&mut xml).ok()?;
    if xml.len() as u64 > MAX_PART_BYTES {
        return None;
    }
    String::from_utf8(xml).ok()
}

/// The text of the first element named `qname` (prefix included, as these parts always write it).
fn element_text(xml: &str, qname: &str) -> Option<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut inside = false;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.name().as_ref() == qname => inside = true,
            Event::Text(t) if inside => {
                return Some(t.xml10_content().trim().to_owned());
            }
            Event::End(_) if inside => return None,
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// The day of an ISO 8601 time stamp (`2025-06-01`, `2025-06-01T10:00:00`, `…Z`, `…+08:00`). A
/// time with a zone is read in China time (UTC+8); one without is taken as written.
fn date_of_stamp(text: &str) -> Option<Date> {
    let t = text.trim();
    if let Ok(ts) = t.parse::<jiff::Timestamp>() {
        return Some(jiff::tz::offset(8).to_datetime(ts).date());
    }
    let day = t.get(..10)?;
    let date = day.parse::<Date>().ok()?;
    (1900..=2199).contains(&date.year()).then_some(date)
}

/// The PDF's creation date: `/CreationDate (D:YYYYMMDDHHmmSS+HH'mm')` in its document
/// information, else `xmp:CreateDate` in its XMP packet. A bounded byte scan rather than a parse:
/// both are written uncompressed by every producer we met (LibreOffice, Word, scanners), and a
/// scan costs nothing on a 10 MB scan. Kept small and alone so that a PDF parser (lopdf), once
/// the pack reads PDFs for their text, can replace it.
fn pdf_date(bytes: &[u8]) -> Option<ContentDate> {
    if let Some(date) = find(bytes, b"/CreationDate").and_then(|at| pdf_info_date(&bytes[at..])) {
        return Some(ContentDate {
            date,
            source: DateSource::PdfCreated,
        });
    }
    let at = find(bytes, b"xmp:CreateDate")?;
    let rest = bytes.get(at + b"xmp:CreateDate".len()..)?;
    // attribute (`xmp:CreateDate="…"`) or element (`<xmp:CreateDate>…</…>`)
    let start = rest.iter().take(8).position(|b| *b == b'"' || *b == b'>')? + 1;
    let value: Vec<u8> = rest
        .get(start..)?
        .iter()
        .take(40)
        .take_while(|b| **b != b'"' && **b != b'<')
        .copied()
        .collect();
    let date = date_of_stamp(std::str::from_utf8(&value).ok()?)?;
    Some(ContentDate {
        date,
        source: DateSource::PdfXmpCreated,
    })
}

/// `(D:20250601100000+08'00')` after `/CreationDate` → 2025-06-01 (a zone, when written, read
/// in China time as for the other stamps).
fn pdf_info_date(rest: &[u8]) -> Option<Date> {
    let rest = rest.get(b"/CreationDate".len()..)?;
    let open = rest.iter().take(8).position(|b| *b == b'(')?;
    let s: Vec<u8> = rest
        .get(open + 1..)?
        .iter()
        .take(40)
        .take_while(|b| **b != b')')
        .copied()
        .collect();
    let s = std::str::from_utf8(&s).ok()?;
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 8 {
        return None;
    }
    let part = |a: usize, b: usize, default: &str| digits.get(a..b).unwrap_or(default).to_owned();
    let (y, m, d) = (part(0, 4, ""), part(4, 6, ""), part(6, 8, ""));
    let (h, mi, sec) = (part(8, 10, "00"), part(10, 12, "00"), part(12, 14, "00"));
    let zone = &s[digits.len()..];
    let zone = match zone.chars().next() {
        Some('Z') => "Z".to_owned(),
        Some(sign @ ('+' | '-')) => {
            let zd: String = zone.chars().filter(char::is_ascii_digit).take(4).collect();
            if zd.len() == 4 {
                format!("{sign}{}:{}", &zd[..2], &zd[2..])
            } else {
                String::new()
            }
        }
        _ => String::new(),
    };
    date_of_stamp(&format!("{y}-{m}-{d}T{h}:{mi}:{sec}{zone}"))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn pdf_info_and_xmp() {
        let d = |b: &[u8]| pdf_date(b).map(|c| (c.date.to_string(), c.source));
        assert_eq!(
            d(b"<< /CreationDate (D:20250601100000+08'00') >>"),
            Some(("2025-06-01".into(), DateSource::PdfCreated))
        );
        assert_eq!(
            d(b"/CreationDate(D:20250531200000Z')"),
            Some(("2025-06-01".into(), DateSource::PdfCreated))
        );
        assert_eq!(
            d(b"<xmp:CreateDate>2025-06-01T10:00:00+08:00</xmp:CreateDate>"),
            Some(("2025-06-01".into(), DateSource::PdfXmpCreated))
        );
        assert_eq!(
            d(b"xmp:CreateDate=\"2025-06-02\""),
            Some(("2025-06-02".into(), DateSource::PdfXmpCreated))
        );
        assert_eq!(d(b"/CreationDate (D:2025)"), None);
        assert_eq!(d(b"/CreationDate (D:20251340)"), None);
        assert_eq!(d(b""), None);
    }

    #[test]
    fn stamps() {
        let d = |t: &str| date_of_stamp(t).map(|d| d.to_string());
        assert_eq!(d("2025-06-01T10:00:00Z").as_deref(), Some("2025-06-01"));
        assert_eq!(d("2025-06-01T20:00:00Z").as_deref(), Some("2025-06-02"));
        assert_eq!(d("2025-06-01T23:30:00.123").as_deref(), Some("2025-06-01"));
        assert_eq!(d("garbage"), None);
    }

    #[test]
    fn damaged_gives_no_date() {
        for ext in ["jpg", "docx", "odt", "pdf", "png"] {
            assert_eq!(content_date(ext, b"PK\x03\x04 not really"), None);
        }
    }
}
