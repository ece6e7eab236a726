//! The 6/17/55 standard shipped inside the binary, used when no `--standard` is given.

use super::load::{load_sources, Loaded};

/// The folder the embedded standard comes from, relative to the repository root.
pub const FOLDER: &str = "standards/lingfeng-2021";

/// (path inside the folder, text), header first.
pub const FILES: &[(&str, &str)] = &[];

/// Loads the embedded standard. Its files are shown as `embedded:standards/lingfeng-2021/…`.
pub fn load() -> Loaded {
    let mut files = FILES
        .iter()
        .map(|(name, text)| (format!("embedded:{FOLDER}/{name}"), (*text).to_owned()));
    let header = files
        .next()
        .unwrap_or_else(|| (format!("embedded:{FOLDER}/standard.yaml"), String::new()));
    load_sources(header, files.collect())
}
