//! A PDF from arbitrary bytes: lopdf's parse under our bounds (size, objects, time), the page
//! count and the text of every page.
#![no_main]

use changai::evidence::document::pdf;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = pdf(data);
});
