//! `pack.yaml` and `review.yaml` from arbitrary bytes, through [`Pack::open`] on a real folder,
//! then checked and scored against the embedded standard (declarations, waivers, rescores).
//!
//! The input is split at its first NUL byte: before it `pack.yaml`, after it `review.yaml`; no
//! NUL means no `review.yaml`. One temporary folder serves the whole process.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use changai::evidence::Pack;
use changai::standard::Standard;
use libfuzzer_sys::fuzz_target;

fn folder() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"))
        .path()
}

fn standard() -> &'static Standard {
    static STANDARD: OnceLock<Standard> = OnceLock::new();
    STANDARD.get_or_init(|| {
        changai::standard::embedded::load()
            .standard
            .expect("the embedded standard loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = folder();
    let (pack, review) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], Some(&data[at + 1..])),
        None => (data, None),
    };
    std::fs::write(dir.join("pack.yaml"), pack).expect("write pack.yaml");
    match review {
        Some(r) => std::fs::write(dir.join("review.yaml"), r).expect("write review.yaml"),
        None => {
            let _ = std::fs::remove_file(dir.join("review.yaml"));
        }
    }
    if let Ok(pack) = Pack::open(dir) {
        let _ = changai::pipeline::evaluate(standard(), &pack);
    }
});
