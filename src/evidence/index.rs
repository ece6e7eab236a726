//! Every glob of a standard matched against every file of a pack, in one pass.
//!
//! A standard has dozens to hundreds of globs and a pack tens of thousands of files. Matching each
//! check's glob against every file would cost files × checks; instead the globs go into a few
//! `GlobSet`s (below), each file is matched once, and the matches are indexed by glob. Globs are relative to
//! the pack root, `*` does not cross `/` (`**` does), and matching ignores case: packs are made on
//! Windows, where `照片.JPG` and `照片.jpg` are the same file.
//!
//! A register may be named without its extension (`data/培训台账`): offices save the same 台账
//! as xlsx, xls, ods, et or csv, and which one they chose is no part of the standard. A glob
//! whose last segment has no `.` therefore also matches a register file by its path without the
//! extension (for the extensions of [`REGISTER_EXTENSIONS`]); `data/*.{csv,xlsx}` and
//! `data/台账.xlsx` match as they always did. Two formats of one register both match, and the
//! check that reads them says so (`Ctx::twins`).
//!
//! How many globs one run holds. globset compiles a set into one regex, and the regex engine
//! refuses an automaton (Thompson NFA) above 10 MiB (`nfa_size_limit`, fixed inside globset). A
//! case-blind glob never takes globset's cheap paths (literal, extension, prefix: they compare
//! bytes), so each one is a regex of about 1.5 KiB and one set failed beyond about 7,000 globs —
//! and with it every match. So the globs are split: bucketed by their leading literal folders
//! (`a1/A1.2/*.pdf` → `A1/A1.2`, compared case-blind by Unicode's simple case folding, the folding
//! the regex uses), the buckets packed in order into sets of at most [`CHUNK`] globs, and a set
//! that still fails split in two until it builds. Each file is matched only against the sets of
//! its own folders (and of globs with no literal folder), so a run costs about files × the globs
//! of their folders, not files × all globs. A glob that cannot be built even alone is invalid,
//! with why, like one that does not parse: its check is an error, never "not found", and lint
//! ([`compile`]) refuses it before any evaluation.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};

use super::pack::ScannedFile;
use super::read::{extension, REGISTER_EXTENSIONS};

/// Globs per set: small enough that a set's regex stays far under the engine's limit and a file
/// is matched against few patterns, large enough that building the sets stays cheap.
const CHUNK: usize = 256;

/// A glob longer than this is also built alone when it is compiled ([`compile`]): a shorter one
/// cannot come near the regex engine's size limit, and building every glob would double the
/// cost of linting a large standard.
const LONG_GLOB: usize = 1024;

/// Every glob of a standard compiled into sets: built once, matched against the files of every
/// pack evaluated against the standard ([`GlobSets::index`]).
#[derive(Default)]
pub struct GlobSets {
    /// Glob text → its slot in a [`GlobIndex`]'s matches.
    ids: BTreeMap<String, usize>,
    /// Globs that do not compile, with why in Chinese and English (by globset's error kind).
    invalid: BTreeMap<String, (String, String)>,
    chunks: Vec<Chunk>,
    /// Folded folder key → the chunks holding the globs of that folder.
    by_key: HashMap<String, Vec<usize>>,
}

/// The files of one pack that each glob of a standard matches.
pub struct GlobIndex<'g> {
    sets: &'g GlobSets,
    /// Indexes into the pack's file list, ascending (so in path order), per glob.
    matches: Vec<Vec<usize>>,
}

/// The form a glob is matched in: `./a/*.pdf` and `a/*.pdf` are the same glob.
fn normal(glob: &str) -> &str {
    glob.trim().trim_start_matches("./")
}

/// One pattern of a set: the glob's slot, and whether it is matched against a register's path
/// without its extension (`bare`) rather than the file's path.
#[derive(Clone, Copy)]
struct Entry {
    slot: usize,
    bare: bool,
}

/// One built set and what its patterns stand for, in the set's order.
struct Chunk {
    set: GlobSet,
    entries: Vec<Entry>,
}

impl GlobSets {
    /// Compiles `globs` (the same glob written twice is one).
    pub fn compile<'a>(globs: impl IntoIterator<Item = &'a str>) -> Self {
        let mut index = GlobSets::default();
        let mut slots = 0;
        let mut fold = Fold::default();
        // folder key → (glob text, compiled glob, entry), in key order
        let mut buckets: BTreeMap<String, Vec<(String, Glob, Entry)>> = BTreeMap::new();
        for glob in globs {
            let text = normal(glob);
            if index.ids.contains_key(text) || index.invalid.contains_key(text) {
                continue;
            }
            match compile(text) {
                Ok(g) => {
                    let slot = slots;
                    slots += 1;
                    index.ids.insert(text.to_owned(), slot);
                    let bucket = buckets.entry(folder_key(text, &mut fold)).or_default();
                    // a glob without an extension also matches register paths without theirs
                    if !text.rsplit('/').next().unwrap_or(text).contains('.') {
                        let bare = Entry { slot, bare: true };
                        bucket.push((text.to_owned(), g.clone(), bare));
                    }
                    bucket.push((text.to_owned(), g, Entry { slot, bare: false }));
                }
                Err(words) => {
                    index.invalid.insert(text.to_owned(), words);
                }
            }
        }

        // Pack the buckets in order into chunks; remember which chunks hold each folder key.
        let mut chunks: Vec<Chunk> = Vec::new();
        let mut by_key: HashMap<String, BTreeSet<usize>> = HashMap::new();
        let mut pending: Vec<(String, Glob, Entry)> = Vec::new();
        let mut pending_keys: Vec<String> = Vec::new();
        let mut flush = |pending: &mut Vec<(String, Glob, Entry)>,
                         keys: &mut Vec<String>,
                         chunks: &mut Vec<Chunk>,
                         invalid: &mut BTreeMap<String, (String, String)>| {
            if pending.is_empty() {
                return;
            }
            let first = chunks.len();
            build_sets(std::mem::take(pending), chunks, invalid);
            for key in keys.drain(..) {
                by_key.entry(key).or_default().extend(first..chunks.len());
            }
        };
        for (key, entries) in buckets {
            for e in entries {
                if pending.len() >= CHUNK {
                    let last = pending_keys.last().cloned();
                    flush(
                        &mut pending,
                        &mut pending_keys,
                        &mut chunks,
                        &mut index.invalid,
                    );
                    // the bucket goes on in the next chunk
                    pending_keys.extend(last.filter(|k| *k == key));
                }
                pending.push(e);
                if pending_keys.last() != Some(&key) {
                    pending_keys.push(key.clone());
                }
            }
        }
        flush(
            &mut pending,
            &mut pending_keys,
            &mut chunks,
            &mut index.invalid,
        );
        index.by_key = by_key
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().collect()))
            .collect();
        index.chunks = chunks;
        index
    }

    /// Matches every file of a pack, once, against the sets of its folders.
    pub fn index(&self, files: &[ScannedFile]) -> GlobIndex<'_> {
        let mut matches = vec![Vec::new(); self.ids.len()];
        let mut fold = Fold::default();
        let mut hits = Vec::new();
        let mut slots = Vec::new();
        let mut wanted = Vec::new();
        for (fi, file) in files.iter().enumerate() {
            // the chunks of the file's folders: "", "a", "a/b" for `a/b/c.pdf`
            let folded = fold.text(&file.path);
            wanted.clear();
            let folders = std::iter::once(0)
                .chain(folded.match_indices('/').map(|(i, _)| i))
                .filter_map(|end| folded.get(..end));
            for folder in folders {
                if let Some(ids) = self.by_key.get(folder) {
                    wanted.extend_from_slice(ids);
                }
            }
            if wanted.is_empty() {
                continue;
            }
            wanted.sort_unstable();
            wanted.dedup();
            let ext = extension(&file.path);
            let stem_path = REGISTER_EXTENSIONS.contains(&ext.as_str()).then(|| {
                let cut = file.path.len().saturating_sub(ext.len() + 1);
                file.path.get(..cut).unwrap_or_default()
            });
            slots.clear();
            for chunk in wanted.iter().filter_map(|&c| self.chunks.get(c)) {
                chunk.set.matches_into(&file.path, &mut hits);
                let entries = hits.iter().filter_map(|&h| chunk.entries.get(h));
                slots.extend(entries.filter(|e| !e.bare).map(|e| e.slot));
                if let Some(stem_path) = stem_path {
                    chunk.set.matches_into(stem_path, &mut hits);
                    let entries = hits.iter().filter_map(|&h| chunk.entries.get(h));
                    slots.extend(entries.filter(|e| e.bare).map(|e| e.slot));
                }
            }
            slots.sort_unstable();
            slots.dedup();
            for &slot in &slots {
                if let Some(m) = matches.get_mut(slot) {
                    m.push(fi);
                }
            }
        }
        GlobIndex {
            sets: self,
            matches,
        }
    }
}

impl GlobIndex<'_> {
    /// The files (indexes into the pack's list, in path order) matching a glob of the standard;
    /// `Err` with why (Chinese, English) when the glob is invalid.
    pub fn matches(&self, glob: &str) -> Result<&[usize], (String, String)> {
        let text = normal(glob);
        if let Some(e) = self.sets.invalid.get(text) {
            return Err(e.clone());
        }
        match self.sets.ids.get(text).and_then(|&i| self.matches.get(i)) {
            Some(m) => Ok(m),
            None => Err((
                "这个通配符没有编入索引（程序错误）".to_owned(),
                "the glob was not indexed (a bug)".to_owned(),
            )),
        }
    }
}

/// Builds `entries` as one set, or, when the regex engine refuses it (its size limit), as two
/// halves, recursively. A glob refused alone is invalid, with why.
fn build_sets(
    entries: Vec<(String, Glob, Entry)>,
    out: &mut Vec<Chunk>,
    invalid: &mut BTreeMap<String, (String, String)>,
) {
    let mut builder = GlobSetBuilder::new();
    for (_, g, _) in &entries {
        builder.add(g.clone());
    }
    match builder.build() {
        Ok(set) => out.push(Chunk {
            set,
            entries: entries.into_iter().map(|(_, _, e)| e).collect(),
        }),
        Err(_) if entries.len() > 1 => {
            let mut first = entries;
            let second = first.split_off(first.len() / 2);
            build_sets(first, out, invalid);
            build_sets(second, out, invalid);
        }
        Err(_) => {
            for (text, _, _) in entries {
                invalid.insert(text, too_large());
            }
        }
    }
}

/// Why a glob that parses cannot be matched: its regex is beyond the engine's size limit.
fn too_large() -> (String, String) {
    (
        "写得太长太复杂，无法用于查找文件，请拆成几个较短的写法".to_owned(),
        "too long or complex to match files with; split it into shorter ones".to_owned(),
    )
}

/// The bucket of a glob: its leading segments before the last that hold no glob syntax, folded
/// and joined with `/` (`a1/A1.2/*.pdf` → `A1/A1.2`, `**/*.pdf` → ``). Every path the glob matches
/// has this folder, folded the same way, among its own.
fn folder_key(text: &str, fold: &mut Fold) -> String {
    let mut segments: Vec<&str> = text.split('/').collect();
    segments.pop();
    let literal = segments
        .iter()
        .take_while(|s| !s.contains(['*', '?', '[', ']', '{', '}', '\\']))
        .copied()
        .collect::<Vec<_>>()
        .join("/");
    fold.text(&literal)
}

/// Case-blind keys: every character replaced by the smallest of the characters it matches
/// case-insensitively (Unicode simple case folding, as the regex engine matches `(?i)`), so that
/// `照片/A1`, `照片/a1` give one key and `K` (Kelvin) goes with `k`.
#[derive(Default)]
struct Fold {
    seen: HashMap<char, char>,
}

impl Fold {
    fn text(&mut self, text: &str) -> String {
        text.chars().map(|c| self.char(c)).collect()
    }

    fn char(&mut self, c: char) -> char {
        if c.is_ascii() {
            // within ASCII the smallest of a pair is the capital ('k' and 's' have partners
            // beyond ASCII, the Kelvin and long s signs, which are larger still)
            return c.to_ascii_uppercase();
        }
        *self.seen.entry(c).or_insert_with(|| {
            let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
            match class.try_case_fold_simple() {
                Ok(()) => class.ranges().first().map_or(c, |r| r.start().min(c)),
                Err(_) => c,
            }
        })
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
        .and_then(|g| {
            // built alone through a set, which says so; `Glob::compile_matcher` would panic
            let refused = text.len() > LONG_GLOB && GlobSet::new([g.clone()]).is_err();
            match refused {
                true => Err(too_large()),
                false => Ok(g),
            }
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn files(paths: &[&str]) -> Vec<ScannedFile> {
        let mut paths = paths.to_vec();
        paths.sort_unstable();
        paths
            .into_iter()
            .map(|p| ScannedFile {
                path: p.to_owned(),
                size: 1,
                sha256: String::new(),
                unreadable: None,
            })
            .collect()
    }

    fn matched<'f>(index: &GlobIndex, glob: &str, files: &'f [ScannedFile]) -> Vec<&'f str> {
        let ids = index.matches(glob).unwrap_or_default();
        ids.iter().map(|&i| files[i].path.as_str()).collect()
    }

    /// Every glob matches exactly what it matches alone (one set of one glob, no buckets),
    /// whatever folder, case or register form it has.
    #[test]
    fn buckets_match_what_each_glob_matches_alone() {
        let files = files(&[
            "A1/a1.2/会议.PDF",
            "a1/A1.2/x/y.pdf",
            "a1/b.pdf",
            "top.pdf",
            "data/培训台账.XLSX",
            "data/培训台账.csv",
            "Ｋ/ſ.txt",
            "K/s.txt",
            "deep/a/b/c/d.docx",
        ]);
        let globs = [
            "a1/A1.2/*.pdf",
            "A1/**/*.pdf",
            "a1/*.pdf",
            "*.pdf",
            "**/*.pdf",
            "data/培训台账",
            "k/S.txt",
            "deep/**",
            "deep/a/*/c/*.docx",
            "{a1,deep}/**/*.pdf",
            "a1/a1.2/[x]/*.pdf",
        ];
        let sets = GlobSets::compile(globs);
        let index = sets.index(&files);
        for glob in globs {
            let alone = GlobSet::new([compile(glob).unwrap()]).unwrap();
            let mut want: Vec<&str> = files
                .iter()
                .map(|f| f.path.as_str())
                .filter(|p| alone.is_match(p))
                .collect();
            if glob == "data/培训台账" {
                want = vec!["data/培训台账.XLSX", "data/培训台账.csv"];
            }
            assert_eq!(matched(&index, glob, &files), want, "{glob}");
        }
        assert_eq!(matched(&index, "k/S.txt", &files), ["K/s.txt"]);
        assert_eq!(
            matched(&index, "a1/A1.2/*.pdf", &files),
            ["A1/a1.2/会议.PDF"]
        );
    }

    /// Far more globs than one set holds (the regex engine's limit was about 7,000), each finds
    /// its file.
    #[test]
    fn twelve_thousand_globs_each_find_their_file() {
        let paths: Vec<String> = (0..12_000)
            .map(|i| format!("T{}/T{i}/证据{i}.pdf", i % 10))
            .collect();
        let globs: Vec<String> = (0..12_000)
            .map(|i| format!("T{}/T{i}/*.{{pdf,docx}}", i % 10))
            .collect();
        let files = files(&paths.iter().map(String::as_str).collect::<Vec<_>>());
        let sets = GlobSets::compile(globs.iter().map(String::as_str));
        let index = sets.index(&files);
        for (glob, path) in globs.iter().zip(&paths) {
            assert_eq!(matched(&index, glob, &files), [path.as_str()], "{glob}");
        }
    }

    /// A glob whose regex is beyond the engine's limit even alone is invalid, with why: lint
    /// refuses it, and evaluation says so instead of matching nothing.
    #[test]
    fn a_glob_too_large_to_build_is_invalid_not_empty() {
        let huge = format!("a/{}", "*a".repeat(200_000));
        let why = compile(&huge).map(|_| ()).unwrap_err();
        assert_eq!(why, too_large());
        let files = files(&["a/x1"]);
        let sets = GlobSets::compile([huge.as_str(), "a/*"]);
        let index = sets.index(&files);
        assert_eq!(index.matches(&huge).map(|_| ()), Err(too_large()));
        assert_eq!(matched(&index, "a/*", &files), ["a/x1"]);
    }

    /// Globs compiled once match every pack they are used on, each by its own files: what one
    /// pack's files matched is never carried into another's.
    #[test]
    fn one_compiled_set_indexes_each_pack_by_its_own_files() {
        let sets = GlobSets::compile(["A/*.pdf", "data/台账", "**/*.jpg"]);
        let first = files(&["A/通知.pdf", "B/照片.JPG", "data/台账.xlsx"]);
        let second = files(&["A/a.PDF", "A/b.pdf", "C/x.docx"]);
        let (one, two) = (sets.index(&first), sets.index(&second));
        assert_eq!(matched(&one, "A/*.pdf", &first), ["A/通知.pdf"]);
        assert_eq!(matched(&one, "data/台账", &first), ["data/台账.xlsx"]);
        assert_eq!(matched(&one, "**/*.jpg", &first), ["B/照片.JPG"]);
        assert_eq!(matched(&two, "A/*.pdf", &second), ["A/a.PDF", "A/b.pdf"]);
        assert!(matched(&two, "data/台账", &second).is_empty());
        assert!(matched(&two, "**/*.jpg", &second).is_empty());
    }
}
