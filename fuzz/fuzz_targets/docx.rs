//! A Word document from arbitrary bytes: the zip, the `word/document.xml` entry (bounded
//! inflation) and the paragraph text.
#![no_main]

use changai::evidence::document::docx;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = docx(data);
});
