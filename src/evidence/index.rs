//! Every glob of a standard matched against every file of a pack, in one pass.
//!
//! A standard has dozens to hundreds of globs and a pack tens of thousands of files. Matching each
//! check's glob against every file would cost files × checks; instead all globs go into one
//! `GlobSet`, each file is matched once, and the matches are indexed by glob. Globs are relative to
//! the pack root, `*` does not cross `/` (`**` does), and matching ignores case: packs are made on
//! Windows, where `照片.JPG` and `照片.jpg` are the same file.
//!
//! A register may be named without its extension (`data/培训台账`): offices save the same 台账
//! as xlsx, xls, ods, et or csv, and which one they chose is no part of the standard. A glob
//! whose last segment has no `.` therefore also matches a register file by its path without the
//! extension (for the extensions of [`REGISTER_EXTENSIONS`]); `data/*.{csv,xlsx}` and
//! `data/台账.xlsx` match as they always did. Two formats of one register both match, and the
//! check that reads them says so (`Ctx::twins`).

use std::collections::BTreeMap;

use globset::{GlobBuilder, GlobSetBuilder};

use super::pack::ScannedFile;
use super::read::{extension, REGISTER_EXTENSIONS};

#[derive(Debug, Default)]
pub struct GlobIndex {
    /// Glob text → its slot in `matches`.
    ids: BTreeMap<String, usize>,
    /// Indexes into the pack's file list, ascending (so in path order), per glob.
    matches: Vec<Vec<usize>>,
    /// Globs that do not compile, with why in Chinese and English (by globset's error kind).
    invalid: BTreeMap<String, (String, String)>,
}

/// The form a glob is matched in: `./a/*.pdf` and `a/*.pdf` are the same glob.
fn normal(glob: &str) -> &str {
    glob.trim().trim_start_matches("./")
}

impl GlobIndex {
    pub fn build<'a>(globs: impl IntoIterator<Item = &'a str>, files: &[ScannedFile]) -> Self {
        let mut index = GlobIndex::default();
        let mut builder = GlobSetBuilder::new();
        // globs without an extension, also matched against register paths without theirs:
        // (slot in `matches`) per glob of `bare`
        let mut bare = GlobSetBuilder::new();
        let mut bare_slots: Vec<usize> = Vec::new();
        for glob in globs {
            let text = normal(glob);
            if index.ids.contains_key(text) || index.invalid.contains_key(text) {
                continue;
            }
            match compile(text) {
                Ok(g) => {
                    let slot = index.matches.len();
                    index.ids.insert(text.to_owned(), slot);
                    index.matches.push(Vec::new());
                    if !text.rsplit('/').next().unwrap_or(text).contains('.') {
                        bare.add(g.clone());
                        bare_slots.push(slot);
                    }
                    builder.add(g);
                }
                Err(words) => {
                    index.invalid.insert(text.to_owned(), words);
                }
            }
        }
        let Ok(set) = builder.build() else {
            // Every glob compiled alone; a failing set is a size limit of the regex engine.
            return index;
        };
        let bare = bare.build().ok();
        let mut hits = Vec::new();
        let mut bare_hits = Vec::new();
        for (fi, file) in files.iter().enumerate() {
            set.matches_into(&file.path, &mut hits);
            if let Some(bare) = &bare {
                let ext = extension(&file.path);
                if REGISTER_EXTENSIONS.contains(&ext.as_str()) {
                    let cut = file.path.len().saturating_sub(ext.len() + 1);
                    let stem_path = file.path.get(..cut).unwrap_or_default();
                    bare.matches_into(stem_path, &mut bare_hits);
                    hits.extend(bare_hits.iter().filter_map(|&b| bare_slots.get(b)));
                    hits.sort_unstable();
                    hits.dedup();
                }
            }
            for &gi in &hits {
                if let Some(m) = index.matches.get_mut(gi) {
                    m.push(fi);
                }
            }
        }
        index
    }

    /// The files (indexes into the pack's list, in path order) matching a glob of the standard;
    /// `Err` with why (Chinese, English) when the glob is invalid.
    pub fn matches(&self, glob: &str) -> Result<&[usize], (String, String)> {
        let text = normal(glob);
        if let Some(e) = self.invalid.get(text) {
            return Err(e.clone());
        }
        match self.ids.get(text).and_then(|&i| self.matches.get(i)) {
            Some(m) => Ok(m),
            None => Err((
                "这个通配符没有编入索引（程序错误）".to_owned(),
                "the glob was not indexed (a bug)".to_owned(),
            )),
        }
    }
}

/// A glob as evaluation matches it (`/` only between segments, any case, `\\` escapes), or why
/// it does not compile, in Chinese and English: lint compiles globs with this too, so what lint
/// passes evaluation accepts.
pub(crate) fn compile(text: &str) -> Result<globset::Glob, (String, String)> {
    GlobBuilder::new(text)
        .literal_separator(true)
        .case_insensitive(true)
        .backslash_escape(true)
        .build()
        .map_err(|e| glob_words(e.kind()))
}

/// Why a glob does not compile, in our words by globset's error kind.
fn glob_words(kind: &globset::ErrorKind) -> (String, String) {
    use globset::ErrorKind as K;
    let (zh, en) = match kind {
        K::InvalidRecursive => (
            "`**` 只能单独作为一段路径",
            "`**` must be a whole path segment",
        ),
        K::UnclosedClass => ("`[` 没有配对的 `]`", "unclosed character class `[`"),
        K::InvalidRange(a, b) => {
            return (
                format!("字符范围 `{a}-{b}` 无效"),
                format!("invalid character range `{a}-{b}`"),
            )
        }
        K::UnopenedAlternates => ("`}` 没有配对的 `{`", "`}` without an opening `{`"),
        K::UnclosedAlternates => ("`{` 没有配对的 `}`", "unclosed alternates `{`"),
        K::NestedAlternates | K::TooManyNestedAlternates => {
            ("`{…}` 嵌套过多", "alternates `{…}` nested too deeply")
        }
        K::DanglingEscape => (
            "末尾的 `\\` 后面缺少字符",
            "a trailing `\\` escapes nothing",
        ),
        _ => ("写法无效", "invalid glob"),
    };
    (zh.to_owned(), en.to_owned())
}
