//! The 6/17/55 standard shipped inside the binary, used when no `--standard` is given.

use super::load::{load_sources, Loaded};

/// The folder the embedded standard comes from, relative to the repository root.
pub const FOLDER: &str = "standards/lingfeng-2021";

/// (path inside the folder, text), header first.
pub const FILES: &[(&str, &str)] = &[
    (
        "standard.yaml",
        include_str!("../../standards/lingfeng-2021/standard.yaml"),
    ),
    (
        "items/A.yaml",
        include_str!("../../standards/lingfeng-2021/items/A.yaml"),
    ),
    (
        "items/B.yaml",
        include_str!("../../standards/lingfeng-2021/items/B.yaml"),
    ),
    (
        "items/C.yaml",
        include_str!("../../standards/lingfeng-2021/items/C.yaml"),
    ),
    (
        "items/D.yaml",
        include_str!("../../standards/lingfeng-2021/items/D.yaml"),
    ),
    (
        "items/E.yaml",
        include_str!("../../standards/lingfeng-2021/items/E.yaml"),
    ),
    (
        "items/F.yaml",
        include_str!("../../standards/lingfeng-2021/items/F.yaml"),
    ),
];

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
