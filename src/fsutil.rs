//! Where changai's output may go, and writing it there.
//!
//! Every command that writes parses its `--output` value into an [`OutputTarget`] and checks it
//! before anything is written: `-` is stdout; an existing path must be a regular file (or a link to
//! one) — a folder, a device such as `/dev/null`, a named pipe or a socket is refused, since the
//! atomic rename below would replace it, and a pipe would hang or leak the report to whoever reads
//! it; a new path needs an existing folder; and no target may lie inside an evidence pack the
//! command reads — evidence is never written by changai, whose digest would otherwise change under
//! the auditor. Paths are resolved through symlinks and `..` for the pack check, also for a file
//! that does not exist yet, so `out/../pack/x` or a link into the pack is caught.
//!
//! [`write_atomic`] is the one file writer: a temporary file beside the target, fsync, then a
//! rename, so that a reader never sees half a report and a failed run leaves the old file in place.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::Lang;

pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".changai-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // A temporary file is private (0600); a report is an ordinary file others may read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    // The rename is durable once the folder is synced. Some file systems refuse to sync a
    // folder; the file itself is complete and in place by now, so that is not a failure.
    #[cfg(unix)]
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// The absolute form of `path` with symlinks and `..` resolved, for a path that need not exist:
/// its longest existing ancestor is canonicalized and the rest appended (`.` dropped, `..` taking
/// off the last part).
pub fn resolve(path: &Path) -> PathBuf {
    let parts: Vec<Component> = path.components().collect();
    for split in (0..=parts.len()).rev() {
        let head: PathBuf = parts[..split].iter().collect();
        let base = if head.as_os_str().is_empty() {
            Ok(PathBuf::new())
        } else {
            head.canonicalize()
        };
        let Ok(mut resolved) = base else { continue };
        for part in &parts[split..] {
            match part {
                Component::CurDir => {}
                Component::ParentDir => {
                    resolved.pop();
                }
                other => resolved.push(other.as_os_str()),
            }
        }
        return resolved;
    }
    path.to_path_buf()
}

/// An evidence pack a command reads: where it is, and its name as the user gave it.
#[derive(Debug, Clone)]
pub struct ReadPack {
    pub path: PathBuf,
    pub shown: String,
}

impl ReadPack {
    /// The pack named `value` on the command line, relative to `cwd`.
    pub fn given(value: &Path, cwd: &Path) -> Self {
        Self {
            path: cwd.join(value),
            shown: show(value),
        }
    }
}

/// Where a command's output goes, from the `--output` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputTarget {
    /// `-`, or no `--output`.
    Stdout,
    /// A file: its full path, and the path as the user gave it (for messages).
    File { path: PathBuf, shown: String },
}

/// What a path is when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Folder,
    Device,
    NamedPipe,
    Socket,
    Special,
}

impl Kind {
    fn of(file_type: std::fs::FileType) -> Option<Kind> {
        if file_type.is_file() {
            return None;
        }
        if file_type.is_dir() {
            return Some(Kind::Folder);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_block_device() || file_type.is_char_device() {
                return Some(Kind::Device);
            }
            if file_type.is_fifo() {
                return Some(Kind::NamedPipe);
            }
            if file_type.is_socket() {
                return Some(Kind::Socket);
            }
        }
        Some(Kind::Special)
    }

    fn words(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Kind::Folder, Lang::Zh) => "文件夹",
            (Kind::Device, Lang::Zh) => "设备",
            (Kind::NamedPipe, Lang::Zh) => "命名管道",
            (Kind::Socket, Lang::Zh) => "套接字",
            (Kind::Special, Lang::Zh) => "特殊文件",
            (Kind::Folder, Lang::En) => "a folder",
            (Kind::Device, Lang::En) => "a device",
            (Kind::NamedPipe, Lang::En) => "a named pipe (FIFO)",
            (Kind::Socket, Lang::En) => "a socket",
            (Kind::Special, Lang::En) => "a special file",
        }
    }
}

/// Why an output target is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// It lies inside this evidence pack (as the user named the pack).
    InsidePack(String),
    /// It exists and is not a regular file; `link` when reached through a symbolic link.
    NotAFile { kind: Kind, link: bool },
    /// A results folder that exists and is not a folder.
    NotAFolder,
    /// A symbolic link to nothing.
    BrokenLink,
    /// Its folder (as shown) does not exist.
    MissingFolder(String),
    /// What should be its folder (as shown) is not one.
    ParentNotAFolder(String),
    /// Its metadata could not be read.
    /// Its metadata cannot be read: the reason in Chinese and in English.
    Unreadable(String, String),
}

/// A refused output target: the path as the user gave it, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub shown: String,
    pub why: Why,
}

/// A refusal is a finding about the target, told through the one renderer of failures.
impl From<Refusal> for crate::CannotRun {
    fn from(r: Refusal) -> Self {
        r.diagnostic().into()
    }
}

impl Refusal {
    /// The refusal as a diagnostic. The message names the target as the user gave it (the file
    /// field stays empty, so it is said once).
    pub fn diagnostic(&self) -> crate::diagnostic::Diagnostic {
        crate::diagnostic::Diagnostic::error(
            "output-refused",
            "",
            self.sentence(Lang::Zh),
            self.sentence(Lang::En),
        )
    }

    /// `错误：不能写入 …：…` / `error: cannot write …`, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        format!(
            "{}{}{}",
            crate::diagnostic::Severity::Error.label(lang),
            crate::diagnostic::colon(lang),
            self.sentence(lang)
        )
    }

    fn sentence(&self, lang: Lang) -> String {
        let path = &self.shown;
        let why = match (&self.why, lang) {
            (Why::InsidePack(pack), Lang::Zh) => {
                format!("它在证据包 {pack} 里面，changai 从不改动证据包")
            }
            (Why::InsidePack(pack), Lang::En) => format!(
                "it is inside the evidence pack {pack}, and changai never writes into evidence"
            ),
            (Why::NotAFile { kind, link: false }, Lang::Zh) => {
                format!("它是{}，不是普通文件", kind.words(lang))
            }
            (Why::NotAFile { kind, link: true }, Lang::Zh) => {
                format!("它是指向{}的链接，不是普通文件", kind.words(lang))
            }
            (Why::NotAFile { kind, link: false }, Lang::En) => {
                format!("it is {}, not a regular file", kind.words(lang))
            }
            (Why::NotAFile { kind, link: true }, Lang::En) => {
                format!("it is a link to {}, not a regular file", kind.words(lang))
            }
            (Why::NotAFolder, Lang::Zh) => "它不是文件夹".to_owned(),
            (Why::NotAFolder, Lang::En) => "it is not a folder".to_owned(),
            (Why::BrokenLink, Lang::Zh) => "它是指向不存在位置的链接".to_owned(),
            (Why::BrokenLink, Lang::En) => "it is a link to nothing".to_owned(),
            (Why::MissingFolder(dir), Lang::Zh) => format!("文件夹 {dir} 不存在"),
            (Why::MissingFolder(dir), Lang::En) => format!("the folder {dir} does not exist"),
            (Why::ParentNotAFolder(dir), Lang::Zh) => format!("{dir} 不是文件夹"),
            (Why::ParentNotAFolder(dir), Lang::En) => format!("{dir} is not a folder"),
            (Why::Unreadable(zh, _), Lang::Zh) => format!("无法查看它（{zh}）"),
            (Why::Unreadable(_, en), Lang::En) => format!("it cannot be inspected ({en})"),
        };
        match lang {
            Lang::Zh => format!("不能写入 {path}：{why}"),
            Lang::En => format!("refusing to write {path}: {why}"),
        }
    }
}

/// The operating system's reason in our words, by its kind (`crate::source::io_words`), in the
/// run's language; never the error's text, which names the temporary file.
fn os_reason(e: &std::io::Error, lang: Lang) -> String {
    let (_, zh, en) = crate::source::io_words(e);
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A path as a message shows it: `/` separators, lossy for names that are not UTF-8.
fn show(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The folder a path's file goes in, as shown: `.` for a bare file name.
fn shown_parent(shown: &str) -> String {
    match Path::new(shown).parent() {
        Some(p) if !p.as_os_str().is_empty() => show(p),
        _ => ".".to_owned(),
    }
}

/// The first pack that any of `targets` lies in (or is).
fn inside_pack(targets: &[PathBuf], packs: &[ReadPack]) -> Option<Why> {
    packs.iter().find_map(|pack| {
        let folder = resolve(&pack.path);
        targets
            .iter()
            .any(|t| t.starts_with(&folder))
            .then(|| Why::InsidePack(pack.shown.clone()))
    })
}

impl OutputTarget {
    /// `-` or nothing is stdout; anything else a file, relative to `cwd`.
    pub fn parse(value: Option<&Path>, cwd: &Path) -> Self {
        match value {
            None => OutputTarget::Stdout,
            Some(v) if v.as_os_str() == "-" => OutputTarget::Stdout,
            Some(v) => OutputTarget::File {
                path: cwd.join(v),
                shown: show(v),
            },
        }
    }

    /// A file target from a full path and the name to show for it.
    pub fn file(path: PathBuf, shown: String) -> Self {
        OutputTarget::File { path, shown }
    }

    pub fn is_stdout(&self) -> bool {
        matches!(self, OutputTarget::Stdout)
    }

    /// The file's name as the user gave it; `None` for stdout.
    pub fn shown(&self) -> Option<&str> {
        match self {
            OutputTarget::Stdout => None,
            OutputTarget::File { shown, .. } => Some(shown),
        }
    }

    pub fn path(&self) -> Option<&Path> {
        match self {
            OutputTarget::Stdout => None,
            OutputTarget::File { path, .. } => Some(path),
        }
    }

    /// Checks, with metadata and before anything is written, that the target is a regular file
    /// or a new one in an existing folder, and lies in none of `packs`.
    pub fn check(&self, packs: &[ReadPack]) -> Result<(), Refusal> {
        let OutputTarget::File { path, shown } = self else {
            return Ok(());
        };
        let refuse = |why| {
            Err(Refusal {
                shown: shown.clone(),
                why,
            })
        };
        // Where the bytes would land (through a link), and where the rename puts the new file.
        let mut targets = vec![resolve(path)];
        if let (Some(parent), Some(name)) = (path.parent(), path.file_name()) {
            targets.push(resolve(parent).join(name));
        }
        if let Some(why) = inside_pack(&targets, packs) {
            return refuse(why);
        }
        match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.file_type().is_symlink() => match std::fs::metadata(path) {
                Ok(target) => match Kind::of(target.file_type()) {
                    None => Ok(()),
                    Some(kind) => refuse(Why::NotAFile { kind, link: true }),
                },
                Err(_) => refuse(Why::BrokenLink),
            },
            Ok(meta) => match Kind::of(meta.file_type()) {
                None => Ok(()),
                Some(kind) => refuse(Why::NotAFile { kind, link: false }),
            },
            // Not there: a new file, if its folder is one (`file.txt/x` says "not a directory").
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                let parent = match path.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p,
                    _ => Path::new("."),
                };
                match std::fs::metadata(parent) {
                    Ok(m) if m.is_dir() => Ok(()),
                    Ok(_) => refuse(Why::ParentNotAFolder(shown_parent(shown))),
                    Err(_) => refuse(Why::MissingFolder(shown_parent(shown))),
                }
            }
            Err(e) => refuse(Why::Unreadable(
                os_reason(&e, Lang::Zh),
                os_reason(&e, Lang::En),
            )),
        }
    }

    /// Writes `bytes` to the file atomically; `Err` is the message naming the file and the reason.
    /// (Stdout is written by the binary; nothing happens here for it.)
    pub fn write(&self, bytes: &[u8]) -> Result<(), crate::diagnostic::Diagnostic> {
        let OutputTarget::File { path, shown } = self else {
            return Ok(());
        };
        write_atomic(path, bytes).map_err(|e| {
            crate::diagnostic::Diagnostic::error(
                "write-failed",
                "",
                format!("写入 {shown} 失败：{}", os_reason(&e, Lang::Zh)),
                format!("failed to write {shown}: {}", os_reason(&e, Lang::En)),
            )
        })
    }

    /// The line on stderr after a successful write to a file.
    pub fn written(&self, lang: Lang) -> String {
        match (self, lang) {
            (OutputTarget::Stdout, _) => String::new(),
            (OutputTarget::File { shown, .. }, Lang::Zh) => format!("已写入 {shown}\n"),
            (OutputTarget::File { shown, .. }, Lang::En) => format!("wrote {shown}\n"),
        }
    }
}

/// Checks a folder that files will be written into (`rank --results-dir`): it lies in none of
/// `packs`, and if it exists it is a folder (or a link to one). A missing folder is created later.
pub fn check_output_folder(path: &Path, shown: &str, packs: &[ReadPack]) -> Result<(), Refusal> {
    let refuse = |why| {
        Err(Refusal {
            shown: shown.to_owned(),
            why,
        })
    };
    if let Some(why) = inside_pack(&[resolve(path)], packs) {
        return refuse(why);
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => refuse(Why::NotAFolder),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if std::fs::symlink_metadata(path).is_ok() {
                refuse(Why::BrokenLink)
            } else {
                Ok(())
            }
        }
        Err(e) => refuse(Why::Unreadable(
            os_reason(&e, Lang::Zh),
            os_reason(&e, Lang::En),
        )),
    }
}

/// `name` with every character that is unsafe in a file name on some system — path separators,
/// the characters Windows refuses, control characters — replaced by `_` (callers trim as they need).
pub fn safe_chars(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_follows_dotdot_past_missing_parts() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("pack")).unwrap();
        assert_eq!(
            resolve(&root.join("out/../pack/./new/x.md")),
            root.join("pack/new/x.md")
        );
        assert_eq!(resolve(&root.join("pack/..")), root);
    }
}
