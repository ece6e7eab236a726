//! Every byte changai reads from a pack, a standard, a task list or a results file comes
//! through here, so that one set of rules holds for all of them.
//!
//! - **Regular files only.** A FIFO, a device or a socket where a file should be would hang the
//!   run or read without end. The path is checked before it is opened, opened without blocking,
//!   and the opened handle is checked again, so that nothing swapped in between is read either.
//! - **A budget per kind of file.** Each read names its [`Limit`]; a larger file is refused with
//!   the limit in the message, never read in part.
//! - **Hash what you score.** Each read returns the SHA-256 of the very bytes it returns, so a
//!   caller can compare them with the hash recorded at scan time and refuse a file that changed
//!   in between, instead of scoring new bytes under an old hash.
//! - **One bounded YAML entry point.** [`yaml_options`] holds the parser's budgets (depth, nodes,
//!   aliases); standards, `pack.yaml`, `review.yaml`, task lists and data files all parse with it.
//!
//! Failures are [`Diagnostic`]s in both languages, naming the file; the words are ours, not the
//! operating system's (its error kind decides which words).

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::diagnostic::Diagnostic;

/// How much of one kind of file may be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub bytes: u64,
}

impl Limit {
    /// A standard's YAML file.
    pub const STANDARD: Limit = Limit::mib(16);
    /// `pack.yaml`, `review.yaml`.
    pub const DECLARATION: Limit = Limit::mib(4);
    /// A register, a data file or a document of the evidence.
    pub const EVIDENCE: Limit = Limit::mib(50);
    /// A task list (任务清单).
    pub const PLAN: Limit = Limit::mib(16);
    /// A RESULTS.json written by `evaluate`.
    pub const RESULTS: Limit = Limit::mib(64);
    /// A report template.
    pub const TEMPLATE: Limit = Limit::mib(4);

    pub const fn mib(n: u64) -> Limit {
        Limit {
            bytes: n * 1024 * 1024,
        }
    }

    fn shown(self) -> String {
        if self.bytes % (1024 * 1024) == 0 {
            format!("{} MiB", self.bytes / (1024 * 1024))
        } else {
            format!("{} B", self.bytes)
        }
    }
}

/// The bytes of a file and the SHA-256 of exactly those bytes.
#[derive(Debug, Clone)]
pub struct Bytes {
    pub bytes: Vec<u8>,
    pub sha256: String,
}

/// Reads the regular file at `path`, at most `limit` bytes; `shown` is how the file is named
/// in messages (relative to the pack, or as given on the command line).
pub fn read(path: &Path, shown: &str, limit: Limit) -> Result<Bytes, Diagnostic> {
    let file = open_regular(path, shown)?;
    let mut bytes = Vec::new();
    file.take(limit.bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_diagnostic(shown, &e))?;
    if bytes.len() as u64 > limit.bytes {
        return Err(too_large(shown, limit));
    }
    let sha256 = crate::evidence::pack::hex(&Sha256::digest(&bytes));
    Ok(Bytes { bytes, sha256 })
}

/// The first `head` and the last `tail` bytes of the regular file at `path` (the whole file, in
/// `head`, when it is no longer than both together), and its size: what telling a file's type
/// needs (its magic bytes, a zip's directory, a PDF's end marker) without reading a large photo
/// or scan whole. Not hashed: the caller judges a shape, it does not score these bytes.
pub fn read_ends(path: &Path, shown: &str, head: u64, tail: u64) -> Result<Ends, Diagnostic> {
    use std::io::{Seek, SeekFrom};
    let mut file = open_regular(path, shown)?;
    let size = file.metadata().map_err(|e| io_diagnostic(shown, &e))?.len();
    let mut first = Vec::new();
    let whole = size <= head.saturating_add(tail);
    let want = if whole {
        head.saturating_add(tail)
    } else {
        head
    };
    (&mut file)
        .take(want)
        .read_to_end(&mut first)
        .map_err(|e| io_diagnostic(shown, &e))?;
    let mut last = Vec::new();
    if !whole {
        file.seek(SeekFrom::Start(size - tail))
            .map_err(|e| io_diagnostic(shown, &e))?;
        file.take(tail)
            .read_to_end(&mut last)
            .map_err(|e| io_diagnostic(shown, &e))?;
    }
    Ok(Ends {
        head: first,
        tail: last,
        size,
    })
}

/// The two ends of a file ([`read_ends`]); `tail` is empty when `head` holds the whole file.
#[derive(Debug, Clone, Default)]
pub struct Ends {
    pub head: Vec<u8>,
    pub tail: Vec<u8>,
    pub size: u64,
}

/// [`read`] as UTF-8 text (a BOM is dropped).
pub fn read_utf8(path: &Path, shown: &str, limit: Limit) -> Result<String, Diagnostic> {
    let read = read(path, shown, limit)?;
    utf8(read.bytes, shown)
}

/// UTF-8 text from bytes, a BOM dropped; the byte where it stops being UTF-8 otherwise.
pub fn utf8(mut bytes: Vec<u8>, shown: &str) -> Result<String, Diagnostic> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Diagnostic::error(
            "not-utf8",
            shown,
            format!("不是 UTF-8 编码的文本（第 {at} 字节起无法识别）；请另存为 UTF-8"),
            format!("not UTF-8 text (from byte {at}); save it as UTF-8"),
        )
    })
}

thread_local! {
    /// One read buffer per thread for [`hash`]: a fresh buffer per file was allocated (mapped,
    /// zeroed and unmapped each time) for files that are mostly a few kB — a measurable share of
    /// a cold audit. 32 KiB, so that what a read copies in is still in the core's cache when it
    /// is hashed (with 256 KiB, copying from the page cache took three times the hashing).
    static HASH_BUFFER: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(vec![0u8; 32 * 1024]);
}

/// Hashes the regular file at `path` by streaming it: its size and SHA-256.
pub fn hash(path: &Path, shown: &str) -> Result<(u64, String), Diagnostic> {
    let mut file = open_regular(path, shown)?;
    hash_open(&mut file, shown)
}

/// Opens a file the folder listing called regular, for hashing, without looking it up by path
/// first: opened without waiting (a FIFO swapped in since the listing does not block), then
/// refused unless the opened file itself is regular. Returns its metadata as opened, the state
/// a later `fstat` of the same file is compared with.
pub fn open_listed(
    path: &Path,
    shown: &str,
) -> Result<(std::fs::File, std::fs::Metadata), Diagnostic> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| io_diagnostic(shown, &e))?;
    let meta = file.metadata().map_err(|e| io_diagnostic(shown, &e))?;
    if let Some(what) = kind_of(&meta) {
        return Err(not_regular(shown, what));
    }
    Ok((file, meta))
}

/// Hashes an opened file from where it stands to its end: the bytes read and their SHA-256.
pub fn hash_open(file: &mut std::fs::File, shown: &str) -> Result<(u64, String), Diagnostic> {
    HASH_BUFFER.with(|cell| {
        let mut fresh = Vec::new();
        let mut borrowed = cell.try_borrow_mut();
        let buf: &mut Vec<u8> = match borrowed.as_deref_mut() {
            Ok(buf) => buf,
            Err(_) => {
                fresh.resize(32 * 1024, 0);
                &mut fresh
            }
        };
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        loop {
            let n = file.read(buf).map_err(|e| io_diagnostic(shown, &e))?;
            if n == 0 {
                break;
            }
            size += n as u64;
            hasher.update(buf.get(..n).unwrap_or_default());
        }
        Ok((size, crate::evidence::pack::hex(&hasher.finalize())))
    })
}

/// What stands at `path`, for refusing anything that is not a regular file before opening it.
pub fn kind_of(meta: &std::fs::Metadata) -> Option<(&'static str, &'static str)> {
    kind_of_type(meta.file_type())
}

/// [`kind_of`] from a file type alone (as a folder listing gives it, without a `stat`).
pub fn kind_of_type(t: std::fs::FileType) -> Option<(&'static str, &'static str)> {
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some(("文件夹", "a folder"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some(("命名管道（FIFO）", "a named pipe (FIFO)"));
        }
        if t.is_char_device() || t.is_block_device() {
            return Some(("设备", "a device"));
        }
        if t.is_socket() {
            return Some(("套接字", "a socket"));
        }
    }
    Some(("特殊文件", "a special file"))
}

/// The diagnostic for something that is not a regular file.
pub fn not_regular(shown: &str, what: (&str, &str)) -> Diagnostic {
    Diagnostic::error(
        "not-a-regular-file",
        shown,
        format!("这里应是普通文件，实际是{}，不读取", what.0),
        format!("{} stands here instead of a regular file; not read", what.1),
    )
}

/// Opens the regular file at `path` for reading: looked up first, so that a FIFO or a device is
/// refused before it is opened, then as [`open_listed`] opens it.
fn open_regular(path: &Path, shown: &str) -> Result<std::fs::File, Diagnostic> {
    // What stands at the path first: a device or FIFO is never opened at all.
    let meta = std::fs::metadata(path).map_err(|e| io_diagnostic(shown, &e))?;
    if let Some(what) = kind_of(&meta) {
        return Err(not_regular(shown, what));
    }
    open_listed(path, shown).map(|(file, _)| file)
}

fn too_large(shown: &str, limit: Limit) -> Diagnostic {
    Diagnostic::error(
        "file-too-large",
        shown,
        format!("文件超过上限 {}，未读取", limit.shown()),
        format!(
            "the file is larger than the limit of {}; not read",
            limit.shown()
        ),
    )
}

/// An operating-system failure in our own words, by its kind (reading or writing); the system's
/// code is kept in the English text for whoever debugs it.
pub fn io_diagnostic(shown: &str, e: &std::io::Error) -> Diagnostic {
    let (code, zh, en) = io_words(e);
    Diagnostic::error(code, shown, zh, en)
}

/// `(code, Chinese, English)` for an I/O failure.
pub fn io_words(e: &std::io::Error) -> (&'static str, String, String) {
    use std::io::ErrorKind as K;
    let os = e
        .raw_os_error()
        .map(|c| format!(" (os error {c})"))
        .unwrap_or_default();
    match e.kind() {
        K::NotFound => (
            "not-found",
            "找不到这个文件或文件夹".to_owned(),
            "no such file or folder".to_owned(),
        ),
        K::PermissionDenied => (
            "permission-denied",
            "没有读取权限".to_owned(),
            format!("permission denied{os}"),
        ),
        K::IsADirectory => (
            "not-a-regular-file",
            "这是文件夹，不是文件".to_owned(),
            "a folder, not a file".to_owned(),
        ),
        K::WouldBlock => (
            "not-a-regular-file",
            "不是普通文件（读取会一直等待）".to_owned(),
            "not a regular file (reading would wait forever)".to_owned(),
        ),
        K::StorageFull => (
            "disk-full",
            "磁盘已满".to_owned(),
            format!("no space left on the device{os}"),
        ),
        K::InvalidData => (
            "unreadable",
            "内容无法读取".to_owned(),
            format!("the content cannot be read{os}"),
        ),
        K::ReadOnlyFilesystem => (
            "read-only",
            "所在磁盘只读".to_owned(),
            format!("the file system is read-only{os}"),
        ),
        K::AlreadyExists => (
            "already-exists",
            "已存在同名文件".to_owned(),
            "a file of that name already exists".to_owned(),
        ),
        K::BrokenPipe => (
            "broken-pipe",
            "接收输出的程序已关闭".to_owned(),
            format!("the reading end was closed{os}"),
        ),
        // The kind's own words, never the error's text: that may carry a temporary file's name.
        kind => (
            "io-error",
            "操作系统报告了错误".to_owned(),
            format!("{kind}{os}"),
        ),
    }
}

/// The parser's budgets for every YAML text: alias bombs, deep nesting, huge node counts and
/// non-finite numbers (`.inf`, `.nan`) are refused before anything looks at the document.
pub fn yaml_options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 64;
    budget.max_nodes = 2_000_000;
    budget.max_events = 4_000_000;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    // An anchor is recorded (and an alias replayed) event by event: an alias bomb of ten levels of
    // ten aliases reaches the default limits of a million events only after seconds of work. Our
    // files reuse small snippets at most; 20,000 recorded and 100,000 replayed events are far
    // more than that, and stop a bomb in milliseconds.
    budget.max_recorded_anchor_events = 20_000;
    options.budget = Some(budget);
    let mut aliases = serde_saphyr::options::AliasLimits::default();
    aliases.max_total_replayed_events = 100_000;
    options.alias_limits = aliases;
    options.non_finite_float_policy = serde_saphyr::options::NonFiniteFloatPolicy::Reject;
    options
}

/// Parses YAML text into `T` with [`yaml_options`]; a failure names `shown` and the line.
pub fn parse_yaml<T: serde::de::DeserializeOwned>(
    text: &str,
    shown: &str,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options::<T>(text, yaml_options())
        .map_err(|e| yaml_diagnostic(&e, shown))
}

/// A YAML parse failure as a located diagnostic, in our words.
pub fn yaml_diagnostic(e: &serde_saphyr::Error, shown: &str) -> Diagnostic {
    let (code, zh, en) = yaml_words(e);
    let pos = e
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| crate::diagnostic::Position {
            line: l.line() as usize,
            column: l.column() as usize,
        });
    let mut inner = e;
    while let serde_saphyr::Error::WithSnippet { error, .. }
    | serde_saphyr::Error::AliasError { error, .. } = inner
    {
        inner = error;
    }
    Diagnostic::error(code, shown, zh, en)
        .at(pos)
        .with_cause(inner.to_string())
}

/// `(code, Chinese, English)` for a YAML failure, decided by the kind of error (never by its
/// text).
pub fn yaml_words(e: &serde_saphyr::Error) -> (&'static str, String, String) {
    use serde_saphyr::Error as E;
    let mut inner = e;
    while let E::WithSnippet { error, .. } | E::AliasError { error, .. } = inner {
        inner = error;
    }
    let too_big = || {
        (
            "yaml-budget",
            "YAML 过大、嵌套过深或别名展开过多，拒绝读取".to_owned(),
            "YAML too large, too deeply nested or expanding too many aliases; refused".to_owned(),
        )
    };
    match inner {
        E::Budget {
            breach: serde_saphyr::budget::BudgetBreach::Depth { .. },
            ..
        } => (
            "yaml-budget",
            "YAML 嵌套过深（超过 64 层），拒绝读取".to_owned(),
            "YAML nested more than 64 levels deep; refused".to_owned(),
        ),
        E::Budget { .. }
        | E::AliasReplayCounterOverflow { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. } => too_big(),
        E::NonFiniteFloat { value, .. } => (
            "non-finite-number",
            format!("数值“{value}”不是有限的数（无穷大或非数），不能使用"),
            format!("`{value}` is not a finite number"),
        ),
        E::SerdeUnknownField {
            field, expected, ..
        } => {
            let hint = crate::diagnostic::suggest(field, expected.iter().copied());
            let (hz, he) = match hint {
                Some(h) => (format!("，是不是“{h}”？"), format!("; did you mean `{h}`?")),
                None => (String::new(), String::new()),
            };
            (
                "unknown-key",
                format!("未知的键“{field}”{hz}"),
                format!("unknown key `{field}`{he}"),
            )
        }
        E::SerdeMissingField { field, .. } => (
            "missing-key",
            format!("缺少“{field}”"),
            format!("missing key `{field}`"),
        ),
        E::DuplicateMappingKey { key, .. } => {
            let key = key.as_deref().unwrap_or("");
            (
                "duplicate-key",
                format!("键“{key}”重复出现"),
                format!("duplicate key `{key}`"),
            )
        }
        E::SerdeInvalidType { .. } => (
            "invalid-type",
            "这里的值类型不对".to_owned(),
            "the value here has the wrong type".to_owned(),
        ),
        E::Eof { .. } => (
            "yaml-syntax",
            "文件意外结束（内容不完整）".to_owned(),
            "unexpected end of the file".to_owned(),
        ),
        E::MultipleDocuments { .. } => (
            "yaml-syntax",
            "文件里有多份 YAML 文档（用 --- 分隔），只能有一份".to_owned(),
            "the file holds more than one YAML document".to_owned(),
        ),
        E::InvalidUtf8Input => (
            "not-utf8",
            "不是 UTF-8 编码的文本".to_owned(),
            "not UTF-8 text".to_owned(),
        ),
        // Any other kind is a syntax fault at the error's position; its words are ours, the
        // position says where (the parser's text is never cut up into a message).
        _ => (
            "yaml-syntax",
            "YAML 格式有误".to_owned(),
            "invalid YAML".to_owned(),
        ),
    }
}

/// `(Chinese, English)` for a JSON failure, by its category.
pub fn json_words(e: &serde_json::Error) -> (String, String) {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => (
            "文件意外结束（内容不完整）".to_owned(),
            "unexpected end of the file".to_owned(),
        ),
        Category::Syntax => ("语法错误".to_owned(), "syntax error".to_owned()),
        Category::Data => (
            "内容与要求的格式不符".to_owned(),
            "does not have the expected form".to_owned(),
        ),
        Category::Io => ("读取失败".to_owned(), "cannot be read".to_owned()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_are_read_with_their_hash() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, b"abc").unwrap();
        let r = read(&p, "a.txt", Limit::mib(1)).unwrap();
        assert_eq!(r.bytes, b"abc");
        assert_eq!(
            r.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(hash(&p, "a.txt").unwrap(), (3, r.sha256));
    }

    #[test]
    fn over_the_limit_is_refused_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, vec![b'x'; 11]).unwrap();
        let e = read(&p, "a.txt", Limit { bytes: 10 }).unwrap_err();
        assert_eq!(e.code, "file-too-large");
        assert_eq!(e.message, "文件超过上限 10 B，未读取");
        assert!(read(&p, "a.txt", Limit { bytes: 11 }).is_ok());
    }

    #[test]
    fn folders_are_not_files() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(dir.path(), "d", Limit::mib(1)).unwrap_err();
        assert_eq!(e.code, "not-a-regular-file");
        assert_eq!(
            e.message_en,
            "a folder stands here instead of a regular file; not read"
        );
    }

    #[test]
    fn missing_files_in_our_words() {
        let e = read(Path::new("/nonexistent/x"), "x", Limit::mib(1)).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.message.as_str()),
            ("not-found", "找不到这个文件或文件夹")
        );
    }
}
