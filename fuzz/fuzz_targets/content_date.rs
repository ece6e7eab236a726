//! The date a file records from arbitrary bytes: EXIF of a JPEG/PNG/TIFF, core properties of a
//! docx/xlsx/odt, /CreationDate of a PDF. The first byte picks which reader sees the rest.
#![no_main]

use changai::evidence::content_date::content_date;
use libfuzzer_sys::fuzz_target;

const KINDS: [&str; 6] = ["jpg", "png", "docx", "xlsx", "odt", "pdf"];

fuzz_target!(|data: &[u8]| {
    if let Some((&k, rest)) = data.split_first() {
        let _ = content_date(KINDS[usize::from(k) % KINDS.len()], rest);
    }
});
