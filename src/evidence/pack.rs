//! An opened evidence pack: its declarations, its period, and the one scan of its files.
//!
//! Opening a pack reads `pack.yaml` and `review.yaml` strictly (a misspelled key is an error with
//! its line, never a silent drop) and walks the folder exactly once: every later question about
//! files ("which files match this glob?", "what is this file's hash?") is answered from that scan.
//! Nothing in the pack folder is ever written.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::dates::parse_iso;
use super::pack_model::{PackFile, PeriodSpec, ReviewFile};
use crate::diagnostic::{pick, Diagnostic, Position};
use crate::outcome::Period;
use crate::standard::source_map::SourceMap;
use crate::Lang;

/// The pack's own description, at the pack root.
pub const PACK_FILE: &str = "pack.yaml";
/// Reviewers' attestations, at the pack root (optional).
pub const REVIEW_FILE: &str = "review.yaml";
/// Largest `pack.yaml` / `review.yaml` read.
const MAX_DECLARATION_BYTES: u64 = 4 * 1024 * 1024;

/// One file of the pack, found by the single scan.
#[derive(Debug, Clone)]
pub struct ScannedFile {
    /// Relative to the pack root, `/`-separated.
    pub path: String,
    pub size: u64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
}

/// A pack ready to be evaluated. Read-only: nothing in the pack folder is ever written.
#[derive(Debug, Clone)]
pub struct Pack {
    pub root: PathBuf,
    pub file: PackFile,
    /// `review.yaml`, empty when absent.
    pub review: ReviewFile,
    pub period: Period,
    /// Every file of the pack, sorted by path (hidden, temp and outside-pointing files excluded).
    pub files: Vec<ScannedFile>,
    /// The pack digest (`seal::pack_digest`): every file and both declaration texts.
    pub digest: String,
    /// What the scan skipped and why (links leading outside the pack, unreadable files, names that
    /// are not Unicode). Warnings: the pack could still be opened.
    pub problems: Vec<Diagnostic>,
    /// The texts of `pack.yaml` and `review.yaml` as they were parsed (empty when absent), so that
    /// later findings point at their lines without reading the pack again.
    pub pack_text: String,
    pub review_text: String,
}

/// Why a pack could not be opened at all (exit 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    /// Why, in Chinese.
    pub message: String,
    /// Why, in English.
    pub message_en: String,
}

impl PackError {
    /// Why, in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        pick(lang, &self.message, &self.message_en)
    }
}

/// The message in Chinese.
impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PackError {}

fn fail(zh: impl Into<String>, en: impl Into<String>) -> PackError {
    PackError {
        message: zh.into(),
        message_en: en.into(),
    }
}

impl Pack {
    /// Opens a pack: reads `pack.yaml` (and `review.yaml`), resolves the period, scans the files.
    pub fn open(root: &Path) -> Result<Pack, PackError> {
        let shown = crate::standard::load::display(root);
        if !root.is_dir() {
            return Err(fail(
                format!("{shown}：不是文件夹，或不存在"),
                format!("{shown}: not a folder or does not exist"),
            ));
        }
        let pack_text = read_declaration(&root.join(PACK_FILE), PACK_FILE)?.ok_or_else(|| {
            fail(
                format!("{shown}：缺少 `{PACK_FILE}`"),
                format!("{shown}: the folder has no `{PACK_FILE}`"),
            )
        })?;
        let file: PackFile = parse_declaration(&pack_text, PACK_FILE)?;
        let review_text = read_declaration(&root.join(REVIEW_FILE), REVIEW_FILE)?;
        let review = match &review_text {
            Some(text) => parse_declaration(text, REVIEW_FILE)?,
            None => ReviewFile::default(),
        };
        let period = resolve_period(&file.period, &pack_text)?;
        let (files, problems) = scan(root);
        let digest = super::seal::pack_digest(&files, &pack_text, review_text.as_deref());
        Ok(Pack {
            root: root.to_path_buf(),
            file,
            review,
            period,
            files,
            digest,
            problems,
            pack_text,
            review_text: review_text.unwrap_or_default(),
        })
    }

    /// Where the node at `pointer` stands in `pack.yaml` or `review.yaml` (by file name).
    pub fn declaration_map(&self, file: &str) -> SourceMap {
        let text = if file == REVIEW_FILE {
            &self.review_text
        } else {
            &self.pack_text
        };
        SourceMap::build(text)
    }

    /// The SHA-256 of a pack file by its relative path.
    pub fn sha256_of(&self, path: &str) -> Option<&str> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .and_then(|i| self.files.get(i))
            .map(|f| f.sha256.as_str())
    }

    /// The scanned file at a relative path.
    pub fn file_at(&self, path: &str) -> Option<&ScannedFile> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .and_then(|i| self.files.get(i))
    }
}

/// The text of a declaration file, `None` when it does not exist.
fn read_declaration(path: &Path, name: &str) -> Result<Option<String>, PackError> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(fail(
                format!("{name}：无法读取：{e}"),
                format!("{name}: cannot read: {e}"),
            ))
        }
    };
    if meta.len() > MAX_DECLARATION_BYTES {
        return Err(fail(
            format!("{name}：文件过大（{} 字节）", meta.len()),
            format!("{name}: file too large ({} bytes)", meta.len()),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        fail(
            format!("{name}：无法读取：{e}"),
            format!("{name}: cannot read: {e}"),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        fail(
            format!("{name}：不是 UTF-8 文本（第 {at} 字节）"),
            format!("{name}: not UTF-8 text (byte {at})"),
        )
    })?;
    Ok(Some(text))
}

/// Bounded YAML parsing: alias bombs and deep nesting are refused before anything looks at them.
pub(crate) fn yaml_options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 64;
    budget.max_nodes = 2_000_000;
    budget.max_events = 4_000_000;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    options.budget = Some(budget);
    options
}

/// Deserializes a declaration file strictly; errors name the file, line and column.
fn parse_declaration<T: DeserializeOwned>(text: &str, name: &str) -> Result<T, PackError> {
    serde_saphyr::from_str_with_options::<T>(text, yaml_options()).map_err(|e| {
        let (zh, en) = yaml_error_text(&e);
        let at = match e.location() {
            Some(l) if l.line() > 0 => format!("{name}:{}:{}", l.line(), l.column()),
            _ => name.to_owned(),
        };
        fail(format!("{at}：{zh}"), format!("{at}: {en}"))
    })
}

/// serde-saphyr's first message line, without its location suffix, in Chinese and English.
pub(crate) fn yaml_error_text(e: &serde_saphyr::Error) -> (String, String) {
    let full = e.to_string();
    let first = full.lines().next().unwrap_or("invalid YAML").trim();
    let first = match first.find(" at line ") {
        Some(cut) => first.get(..cut).unwrap_or(first),
        None => first,
    };
    let first = first.strip_prefix("error: ").unwrap_or(first);
    if let Some(key) = between(first, "missing field `", "`") {
        return (format!("缺少 `{key}`"), format!("missing key `{key}`"));
    }
    if let Some(key) = between(first, "unknown field `", "`") {
        return (format!("未知的键 `{key}`"), format!("unknown key `{key}`"));
    }
    if first.contains("did not match any variant") {
        return (
            "格式不对".to_owned(),
            "value does not have an accepted form".to_owned(),
        );
    }
    (
        format!("YAML 有误：{first}"),
        format!("invalid YAML: {first}"),
    )
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let rest = text.get(from..)?;
    let to = rest.find(end)?;
    rest.get(..to)
}

/// The review period: a year is 1 January to 31 December; a range is checked to be real dates in
/// order.
fn resolve_period(spec: &PeriodSpec, pack_text: &str) -> Result<Period, PackError> {
    let at = |pointer: &str| {
        let pos = SourceMap::build(pack_text).value(pointer);
        match pos {
            Some(Position { line, column }) => format!("{PACK_FILE}:{line}:{column}"),
            None => PACK_FILE.to_owned(),
        }
    };
    match spec {
        PeriodSpec::Year(year) => {
            if !(1900..=2199).contains(year) {
                let at = at("/period");
                return Err(fail(
                    format!("{at}：年份 `{year}` 不合理"),
                    format!("{at}: `{year}` is not a plausible year"),
                ));
            }
            Ok(Period {
                from: format!("{year:04}-01-01"),
                to: format!("{year:04}-12-31"),
                label: year.to_string(),
            })
        }
        PeriodSpec::Range { from, to } => {
            let not_a_date = |text: &str, pointer: &str| {
                let at = at(pointer);
                fail(
                    format!("{at}：`{text}` 不是 YYYY-MM-DD 格式的日期"),
                    format!("{at}: `{text}` is not a YYYY-MM-DD date"),
                )
            };
            let f = parse_iso(from).ok_or_else(|| not_a_date(from, "/period/from"))?;
            let t = parse_iso(to).ok_or_else(|| not_a_date(to, "/period/to"))?;
            if t < f {
                let at = at("/period/to");
                return Err(fail(
                    format!("{at}：截止日期早于开始日期"),
                    format!("{at}: `to` is before `from`"),
                ));
            }
            Ok(Period {
                from: f.to_string(),
                to: t.to_string(),
                label: format!("{f} 至 {t}"),
            })
        }
    }
}

/// Whether a file or folder name is kept out of the evidence: hidden entries, Office lock files,
/// system litter and temporary files.
pub fn is_ignored_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    name.starts_with('.')
        || name.starts_with("~$")
        || lower == "thumbs.db"
        || lower == "desktop.ini"
        || lower.ends_with(".tmp")
}

/// The one walk over the pack: sorted relative paths with sizes and hashes, and what was skipped.
fn scan(root: &Path) -> (Vec<ScannedFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                problems.push(Diagnostic::warning(
                    "unreadable-entry",
                    path,
                    format!("无法读取，已跳过：{e}"),
                    format!("cannot be read, skipped: {e}"),
                ));
                continue;
            }
        };
        if entry.depth() == 0 || entry.file_type().is_dir() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(root) else {
            continue;
        };
        let Some(rel) = relative.to_str().map(|s| s.replace('\\', "/")) else {
            problems.push(Diagnostic::warning(
                "file-name-encoding",
                relative.to_string_lossy().replace('\\', "/"),
                "文件名不是有效的 Unicode，已跳过",
                "file name is not valid Unicode; skipped",
            ));
            continue;
        };
        if rel == PACK_FILE || rel == REVIEW_FILE {
            continue;
        }
        if entry.path_is_symlink() {
            match std::fs::canonicalize(entry.path()) {
                Ok(target) if target.starts_with(&canonical_root) && target.is_file() => {}
                Ok(target) if target.starts_with(&canonical_root) => {
                    problems.push(Diagnostic::warning(
                        "symlink-skipped",
                        rel,
                        "链接指向文件夹，未跟随",
                        "link points to a folder; not followed",
                    ));
                    continue;
                }
                _ => {
                    problems.push(Diagnostic::warning(
                        "symlink-outside",
                        rel,
                        "链接指向证据包以外（或已失效），未跟随",
                        "link leads outside the pack (or is broken); not followed",
                    ));
                    continue;
                }
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        match hash_file(entry.path()) {
            Ok((size, sha256)) => files.push(ScannedFile {
                path: rel,
                size,
                sha256,
            }),
            Err(e) => problems.push(Diagnostic::warning(
                "unreadable-file",
                rel,
                format!("无法读取，已跳过：{e}"),
                format!("cannot be read, skipped: {e}"),
            )),
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    (files, problems)
}

fn hash_file(path: &Path) -> std::io::Result<(u64, String)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(buf.get(..n).unwrap_or_default());
    }
    Ok((size, hex(&hasher.finalize())))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}
