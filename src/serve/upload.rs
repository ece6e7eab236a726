//! A file dropped on an item: the one write changai makes into a pack.
//!
//! The request body is the file itself (`POST /api/drop?item=ID&name=NAME[&date=YYYY-MM-DD]`),
//! streamed to a temporary file in the item's own folder while it is hashed and counted: a
//! `Content-Length` over the cap is refused before a byte is read, and a body that grows past it
//! is cut off and its temporary file deleted, so a 2 GB upload is never held in memory or left on
//! disk. The temporary name is hidden (`.changai-drop-….tmp`), which the scan and the watcher
//! pass over.
//!
//! The name is cleaned ([`clean_name`]: the base name only, unsafe characters replaced, hidden
//! and trailing dots and spaces trimmed, capped at [`NAME_BYTES`]) and dated `YYYY-MM-DD 原名` as
//! the evidence checks read dates ([`crate::evidence::dates`]): a name that begins with a date
//! keeps it; else the date the officer typed, a date elsewhere in the name, or the date the
//! file's content carries ([`crate::evidence::content_date`]); with none of these the drop is
//! refused with `need_date` and the page asks for the date.
//!
//! Landing happens under one lock: a file whose SHA-256 is already in the folder is recognised
//! and not copied again; otherwise the temporary file is renamed to the first free name
//! (`原名`, `原名 (2)`, …) without ever replacing a file (`persist_noclobber`), so two drops at
//! once both land.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::{Body, HttpBody};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use super::state::App;
use crate::evidence::dates;
use crate::standard::model::Text;

/// The longest cleaned name, in bytes of UTF-8 before the date and the extension: with them the
/// final name stays well under the 255 bytes most file systems allow.
pub const NAME_BYTES: usize = 150;

#[derive(Debug, Deserialize)]
pub struct DropQuery {
    #[serde(default)]
    item: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    date: Option<String>,
}

/// The answer to a drop, as the page reads it.
#[derive(Debug, Serialize)]
struct Answer {
    /// `saved`, `identical`, `need_date` or `refused`.
    status: &'static str,
    message: Text,
    /// Where the file is, relative to the pack (`saved`, `identical`).
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
}

fn answer(
    code: StatusCode,
    status: &'static str,
    zh: String,
    en: String,
    path: Option<String>,
) -> Response {
    let body = Answer {
        status,
        message: Text { zh, en },
        path,
    };
    (
        code,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        serde_json::to_string(&body).unwrap_or_default(),
    )
        .into_response()
}

fn refuse(code: StatusCode, zh: impl Into<String>, en: impl Into<String>) -> Response {
    answer(code, "refused", zh.into(), en.into(), None)
}

/// A name cleaned for the pack, and whether anything had to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    pub name: String,
    pub changed: bool,
}

/// Characters that reorder or hide text (bidirectional controls, zero-width marks): a name with
/// them can read as another name.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// The dropped name as a safe file name: only its last part (a browser sends no folders, so
/// `../x` is hostile), characters unsafe on some system replaced ([`crate::fsutil::safe_chars`]),
/// invisible ones dropped, leading dots, `~$` and spaces and trailing dots and spaces trimmed
/// (a hidden name would be passed over by the evaluation), the stem capped at [`NAME_BYTES`].
/// `None` when no letter or digit is left, or when the name is one the evaluation leaves out (`*.tmp`,
/// `Thumbs.db`).
pub fn clean_name(raw: &str) -> Option<Cleaned> {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let safe: String = crate::fsutil::safe_chars(base)
        .chars()
        .filter(|c| !invisible(*c))
        .collect();
    let mut name = safe.trim();
    loop {
        let before = name;
        name = name
            .trim_start_matches(['.', ' '])
            .trim_start_matches("~$")
            .trim_end_matches(['.', ' '])
            .trim();
        if name == before {
            break;
        }
    }
    if name.is_empty() {
        return None;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e))
            if !s.is_empty() && e.len() <= 16 && e.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            (s, Some(e))
        }
        _ => (name, None),
    };
    let mut cut = String::new();
    for c in stem.chars() {
        if cut.len() + c.len_utf8() > NAME_BYTES {
            break;
        }
        cut.push(c);
    }
    let cut = cut.trim_end_matches(['.', ' ']).to_owned();
    let name = match ext {
        Some(e) => format!("{cut}.{e}"),
        None => cut,
    };
    // A name of nothing but replaced characters says nothing about the file.
    let says_something = name.chars().any(char::is_alphanumeric);
    if !says_something || name.starts_with('.') || crate::evidence::pack::is_ignored_name(&name) {
        return None;
    }
    Some(Cleaned {
        changed: name != raw,
        name,
    })
}

/// Whether `name` begins with a full date (`2025-03-15 …`, `20250315…`, `2025年3月15日…`).
fn begins_with_date(name: &str) -> bool {
    dates::find_date(name).is_some_and(|found| {
        let head: String = name.chars().take(11).collect();
        found.has_day
            && dates::find_date(&head).is_some_and(|h| h == found)
            && name.starts_with(|c: char| c.is_ascii_digit())
    })
}

/// `name` with ` (n)` before its extension (n ≥ 2).
fn numbered(name: &str, n: usize) -> String {
    if n < 2 {
        return name.to_owned();
    }
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem} ({n}).{ext}"),
        _ => format!("{name} ({n})"),
    }
}

fn size_text(bytes: u64) -> String {
    let (kib, mib) = (bytes as f64 / 1024.0, bytes as f64 / (1024.0 * 1024.0));
    let one = |x: f64| crate::render::num::num((x * 10.0).round() / 10.0);
    if mib >= 1.0 {
        format!("{} MiB", one(mib))
    } else if kib >= 1.0 {
        format!("{} KiB", one(kib))
    } else {
        format!("{bytes} B")
    }
}

pub async fn drop_file(
    State(app): State<Arc<App>>,
    query: Result<Query<DropQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Ok(Query(query)) = query else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "请求的参数无法识别。",
            "the request's parameters cannot be read",
        );
    };
    let Some(item) = query.item.filter(|i| !i.is_empty()) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "没有写明放入哪个条目。",
            "no item named",
        );
    };
    let Some(folder_rel) = app.folders.get(&item).cloned() else {
        let shown = item.escape_debug().to_string();
        return refuse(
            StatusCode::NOT_FOUND,
            format!("标准中没有条目“{shown}”，或它没有可放文件的文件夹。"),
            format!("the standard has no item `{shown}`, or it has no folder to put files in"),
        );
    };
    let raw = query.name.unwrap_or_default();
    let Some(cleaned) = clean_name(&raw) else {
        let shown: String = raw
            .chars()
            .take(80)
            .collect::<String>()
            .escape_debug()
            .to_string();
        return refuse(
            StatusCode::BAD_REQUEST,
            format!("文件名“{shown}”不能用作证据的名称（清理后为空，或是隐藏、临时文件）。请改名后再放入。"),
            format!("the name `{shown}` cannot name evidence (nothing is left once cleaned, or it is a hidden or temporary file); rename it and drop it again"),
        );
    };
    let limit = app.upload_limit;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(size) = declared.filter(|s| *s > limit) {
        return too_big(Some(size), limit);
    }
    if declared == Some(0) {
        return refuse(
            StatusCode::BAD_REQUEST,
            "文件是空的（0 字节），不能作为证据；若拖入的是文件夹，请打开它，选中其中的文件再拖入。",
            "the file is empty (0 bytes) and cannot be evidence; if you dropped a folder, open it and drop the files in it",
        );
    }
    let typed = match query
        .date
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(text) => match dates::parse_iso(text) {
            Some(d) => Some(d),
            None => {
                let shown = text.escape_debug().to_string();
                return refuse(
                    StatusCode::BAD_REQUEST,
                    format!("日期“{shown}”不是有效的日期，请写成 2025-03-15 这样。"),
                    format!("`{shown}` is not a valid date; write it as 2025-03-15"),
                );
            }
        },
        None => None,
    };

    // The item's folder, inside the pack (a folder that is a link leading out is not), and the
    // hidden temporary file the body streams into: made under the landing lock, so that a drop
    // that fails cannot remove a folder another drop is about to write into.
    let folder = app.root.join(&folder_rel);
    let (made, tmp) = {
        let _landing = app.commit.lock().await;
        let made = match make_folder(&app.root, &folder) {
            Ok(made) => made,
            Err(e) => {
                let (_, zh, en) = crate::source::io_words(&e);
                return refuse(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("无法建立条目文件夹 {folder_rel}：{zh}"),
                    format!("cannot make the item folder {folder_rel}: {en}"),
                );
            }
        };
        let inside =
            std::fs::canonicalize(&folder).is_ok_and(|c| c.starts_with(&app.root) && c.is_dir());
        if !inside {
            unmake(&made);
            return refuse(
                StatusCode::FORBIDDEN,
                format!("条目文件夹 {folder_rel} 指向证据包以外，或不是文件夹，未写入。"),
                format!("the item folder {folder_rel} leads outside the pack or is not a folder; nothing written"),
            );
        }
        match temporary(&folder) {
            Ok(tmp) => (made, tmp),
            Err(response) => {
                unmake(&made);
                return response;
            }
        }
    };
    let response = receive_and_land(&app, body, tmp, &folder, &folder_rel, cleaned, typed).await;
    // A drop that saved nothing leaves no folder it made (an empty body, a file too large, a
    // broken connection, a date asked for); a folder that holds anything stays.
    if !matches!(response.status(), StatusCode::CREATED | StatusCode::OK) && !made.is_empty() {
        let _landing = app.commit.lock().await;
        unmake(&made);
    }
    response
}

/// Makes `folder` and the folders above it inside `root` that are missing; returns the ones it
/// made, deepest first, for [`unmake`].
fn make_folder(root: &Path, folder: &Path) -> std::io::Result<Vec<PathBuf>> {
    let missing: Vec<PathBuf> = folder
        .ancestors()
        .take_while(|p| *p != root && p.starts_with(root))
        .filter(|p| std::fs::symlink_metadata(p).is_err())
        .map(Path::to_path_buf)
        .collect();
    std::fs::create_dir_all(folder)?;
    Ok(missing)
}

/// Removes the folders [`make_folder`] made, deepest first, each only while it is empty.
fn unmake(made: &[PathBuf]) {
    for dir in made {
        if std::fs::remove_dir(dir).is_err() {
            break;
        }
    }
}

/// The hidden temporary file a drop's body streams into.
fn temporary(folder: &Path) -> Result<tempfile::NamedTempFile, Response> {
    tempfile::Builder::new()
        .prefix(".changai-drop-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(|e| {
            let (_, zh, en) = crate::source::io_words(&e);
            refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("无法写入临时文件：{zh}"),
                format!("cannot write the temporary file: {en}"),
            )
        })
}

/// Receives the body into `tmp`, dates the name and lands the file in `folder`.
async fn receive_and_land(
    app: &App,
    body: Body,
    tmp: tempfile::NamedTempFile,
    folder: &Path,
    folder_rel: &str,
    cleaned: Cleaned,
    typed: Option<jiff::civil::Date>,
) -> Response {
    let limit = app.upload_limit;
    let received = match receive(body, tmp, limit).await {
        Ok(r) => r,
        Err(response) => return response,
    };
    if received.size == 0 {
        return refuse(
            StatusCode::BAD_REQUEST,
            "文件是空的（0 字节），不能作为证据；若拖入的是文件夹，请打开它，选中其中的文件再拖入。",
            "the file is empty (0 bytes) and cannot be evidence; if you dropped a folder, open it and drop the files in it",
        );
    }

    // The date: in the name's head, typed, elsewhere in the name, or in the content.
    let final_name = if begins_with_date(&cleaned.name) {
        cleaned.name.clone()
    } else {
        let date = match typed.or_else(|| {
            dates::date_of_name(&cleaned.name)
                .filter(|d| d.has_day)
                .map(|d| d.date)
        }) {
            Some(d) => Some(d),
            None => content_date(&received.file, &cleaned.name).await,
        };
        match date {
            Some(d) => format!("{d} {}", cleaned.name),
            None => {
                return answer(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "need_date",
                    format!("文件名和文件内容里都找不到日期：请填写“{}”的日期（如会议、活动的日期），再保存。", cleaned.name),
                    format!("neither the name nor the content of `{}` gives a date: enter its date (the meeting's or the event's) and save again", cleaned.name),
                    None,
                )
            }
        }
    };

    let _landing = app.commit.lock().await;
    let landed = {
        let folder = folder.to_path_buf();
        let sha = received.sha256.clone();
        let file = received.file;
        tokio::task::spawn_blocking(move || land(file, &folder, &final_name, &sha)).await
    };
    let note = if cleaned.changed {
        (
            "（文件名中不安全的部分已去掉或替换）",
            " (unsafe parts of the name were removed or replaced)",
        )
    } else {
        ("", "")
    };
    match landed {
        Ok(Ok(Landed::Saved(name))) => {
            app.changed();
            let path = format!("{folder_rel}/{name}");
            answer(
                StatusCode::CREATED,
                "saved",
                format!("已保存为“{path}”{}", note.0),
                format!("saved as `{path}`{}", note.1),
                Some(path),
            )
        }
        Ok(Ok(Landed::Identical(name))) => {
            let path = format!("{folder_rel}/{name}");
            answer(
                StatusCode::OK,
                "identical",
                format!("文件夹里已有内容相同的文件“{path}”，未重复保存。"),
                format!("the folder already holds the same file, `{path}`; not copied again"),
                Some(path),
            )
        }
        Ok(Err(e)) => {
            let (_, zh, en) = crate::source::io_words(&e);
            refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("无法保存文件：{zh}"),
                format!("cannot save the file: {en}"),
            )
        }
        Err(_) => refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            "保存文件时出错。",
            "saving the file failed",
        ),
    }
}

fn too_big(size: Option<u64>, limit: u64) -> Response {
    let (zh, en) = match size {
        Some(s) => (
            format!(
                "文件太大（{}），上限是 {}，未保存。",
                size_text(s),
                size_text(limit)
            ),
            format!(
                "the file is too large ({}); the limit is {}; nothing saved",
                size_text(s),
                size_text(limit)
            ),
        ),
        None => (
            format!("文件超过上限 {}，未保存。", size_text(limit)),
            format!(
                "the file is over the limit of {}; nothing saved",
                size_text(limit)
            ),
        ),
    };
    refuse(StatusCode::PAYLOAD_TOO_LARGE, zh, en)
}

/// A body received into a temporary file of the item's folder.
struct Received {
    file: tempfile::NamedTempFile,
    size: u64,
    sha256: String,
}

/// Streams the body into the hidden temporary file `tmp`, hashing and counting; past `limit`
/// the file is deleted and the drop refused.
async fn receive(
    mut body: Body,
    tmp: tempfile::NamedTempFile,
    limit: u64,
) -> Result<Received, Response> {
    let failed = |e: std::io::Error| {
        let (_, zh, en) = crate::source::io_words(&e);
        refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("无法写入临时文件：{zh}"),
            format!("cannot write the temporary file: {en}"),
        )
    };
    let mut out = tokio::fs::File::from_std(tmp.as_file().try_clone().map_err(failed)?);
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    loop {
        let frame = std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await;
        match frame {
            None => break,
            Some(Err(_)) => {
                return Err(refuse(
                    StatusCode::BAD_REQUEST,
                    "文件没有传完（连接中断），未保存。",
                    "the file did not arrive in full (the connection broke); nothing saved",
                ))
            }
            Some(Ok(frame)) => {
                let Ok(data) = frame.into_data() else {
                    continue;
                };
                size += data.len() as u64;
                if size > limit {
                    return Err(too_big(None, limit));
                }
                hasher.update(&data);
                out.write_all(&data).await.map_err(failed)?;
            }
        }
    }
    out.flush().await.map_err(failed)?;
    out.sync_all().await.map_err(failed)?;
    Ok(Received {
        file: tmp,
        size,
        sha256: crate::evidence::pack::hex(&hasher.finalize()),
    })
}

/// The date a received file's content carries, for the kinds that carry one.
async fn content_date(file: &tempfile::NamedTempFile, name: &str) -> Option<jiff::civil::Date> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    if !crate::evidence::content_date::may_have_date(&ext) {
        return None;
    }
    let path: PathBuf = file.path().to_path_buf();
    tokio::task::spawn_blocking(move || {
        let read = crate::source::read(&path, "", crate::source::Limit::EVIDENCE).ok()?;
        crate::evidence::content_date::content_date(&ext, &read.bytes).map(|d| d.date)
    })
    .await
    .ok()
    .flatten()
}

enum Landed {
    Saved(String),
    Identical(String),
}

/// Lands the file: the name of a file in `folder` with the same SHA-256, else renamed to the
/// first free name from `name` without replacing anything.
fn land(
    file: tempfile::NamedTempFile,
    folder: &Path,
    name: &str,
    sha256: &str,
) -> std::io::Result<Landed> {
    let tmp_path = file.path().to_path_buf();
    let mut present: Vec<(String, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        let path = entry.path();
        let Some(n) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        if path == tmp_path || crate::evidence::pack::is_ignored_name(&n) {
            continue;
        }
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            present.push((n, path));
        }
    }
    present.sort();
    for (n, path) in &present {
        if crate::source::hash(path, n).is_ok_and(|(_, h)| h == sha256) {
            return Ok(Landed::Identical(n.clone()));
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    let mut file = file;
    for n in 1..=999 {
        let candidate = numbered(name, n);
        match file.persist_noclobber(folder.join(&candidate)) {
            Ok(_) => {
                #[cfg(unix)]
                if let Ok(dir) = std::fs::File::open(folder) {
                    let _ = dir.sync_all();
                }
                return Ok(Landed::Saved(candidate));
            }
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => file = e.file,
            Err(e) => return Err(e.error),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "999 files of this name",
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_are_cleaned() {
        let c = |s: &str| clean_name(s).map(|c| c.name);
        assert_eq!(c("值班表.txt").unwrap(), "值班表.txt");
        assert_eq!(c("../../etc/passwd").unwrap(), "passwd");
        assert_eq!(c("..\\..\\win.ini").unwrap(), "win.ini");
        assert_eq!(c("<script>alert(1)</script>.pdf").unwrap(), "script_.pdf");
        assert_eq!(c("a\u{7}b\u{202E}fdp.exe").unwrap(), "a_bfdp.exe");
        assert_eq!(c(".hidden.txt").unwrap(), "hidden.txt");
        assert_eq!(c("~$lock.docx").unwrap(), "lock.docx");
        assert_eq!(c(" name . ").unwrap(), "name");
        assert_eq!(c(".."), None);
        assert_eq!(c("a/"), None);
        assert_eq!(c("x.tmp"), None);
        let long = format!("{}.pdf", "长".repeat(300));
        let cut = c(&long).unwrap();
        assert_eq!(cut, format!("{}.pdf", "长".repeat(50)));
        assert!(clean_name("值班表.txt").is_some_and(|c| !c.changed));
    }

    /// Every name of up to three hostile pieces (27,000 and more): what is kept is safe on
    /// every system the pack may be copied to, passed over by nothing in the evaluation, short
    /// enough, and cleaning it again changes nothing.
    #[test]
    fn every_cleaned_name_is_safe_and_stays_as_it_is() {
        let pieces = [
            "..",
            "/",
            "\\",
            "\u{0}",
            "\u{7}",
            "\n",
            "\t",
            "\u{202E}",
            "\u{200B}",
            "\u{FEFF}",
            " ",
            ".",
            "~$",
            "<",
            ">",
            ":",
            "\"",
            "|",
            "?",
            "*",
            "长",
            "a",
            "值班表",
            ".txt",
            ".tmp",
            "Thumbs.db",
            "2025-03-15 ",
            "%2e%2e",
            "\u{1F600}",
            "x.",
        ];
        let long = "沙".repeat(200);
        let mut names: Vec<String> = vec![long.clone(), format!("{long}.pdf"), format!(".{long}")];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    names.push(format!("{a}{b}{c}"));
                }
            }
        }
        let mut kept = 0;
        for raw in &names {
            let Some(cleaned) = clean_name(raw) else {
                continue;
            };
            kept += 1;
            let name = &cleaned.name;
            let shown = name.escape_debug();
            assert!(
                !name
                    .chars()
                    .any(|c| c.is_control() || invisible(c) || "/\\:*?\"<>|".contains(c)),
                "{shown}"
            );
            assert!(
                !name.starts_with(['.', ' ']) && !name.starts_with("~$"),
                "{shown}"
            );
            assert!(!name.ends_with(['.', ' ']), "{shown}");
            assert!(!crate::evidence::pack::is_ignored_name(name), "{shown}");
            assert!(name.chars().any(char::is_alphanumeric), "{shown}");
            assert!(name.len() <= NAME_BYTES + 17, "{shown}");
            assert_eq!(
                clean_name(name),
                Some(Cleaned {
                    name: name.clone(),
                    changed: false
                }),
                "{shown} from {}",
                raw.escape_debug()
            );
        }
        assert!(kept > 5_000, "{kept}");
    }

    #[test]
    fn dated_heads_and_numbers() {
        assert!(begins_with_date("2025-03-15 会议.pdf"));
        assert!(begins_with_date("20250315会议.pdf"));
        assert!(!begins_with_date("会议 2025-03-15.pdf"));
        assert!(!begins_with_date("2025-03 会议.pdf"));
        assert_eq!(numbered("a.pdf", 1), "a.pdf");
        assert_eq!(numbered("a.pdf", 2), "a (2).pdf");
        assert_eq!(numbered("a", 3), "a (3)");
    }
}
