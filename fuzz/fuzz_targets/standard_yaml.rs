//! A standard from arbitrary text: load (bounded YAML, schema, typed tree), lint, and render the
//! findings the way `changai validate` does (human, with snippet and caret; SARIF).
//!
//! The input is the header file; every NUL byte starts another item file (`items/N.yaml`), so
//! folder standards are covered too. Input that is not UTF-8 is refused by the file loader before
//! the parser sees it, so it is skipped here.
#![no_main]

use changai::render::validate::{self as format, Format};
use changai::standard::validation::Validation;
use changai::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.split('\0');
    let header = (
        "fuzz/standard.yaml".to_owned(),
        parts.next().unwrap_or_default().to_owned(),
    );
    let items: Vec<(String, String)> = parts
        .enumerate()
        .map(|(i, t)| (format!("fuzz/items/{i}.yaml"), t.to_owned()))
        .collect();
    let loaded = changai::standard::load::load_sources(header, items);
    let loaded = changai::standard::validate(loaded);
    let mut validation = Validation::default();
    validation.add("fuzz".to_owned(), loaded);
    let _ = format::render(Format::Human, &validation, Lang::Zh);
    let _ = format::render(Format::Sarif, &validation, Lang::En);
});
