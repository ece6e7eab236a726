//! The pack's files, read-only, for the links under each item.
//!
//! Only a file the latest scan listed is served (the scan already leaves out hidden files and
//! links that lead outside the pack), and only by a path of plain names: `..`, an absolute path,
//! a backslash or a NUL is refused before anything is looked up. The bytes come through the one
//! bounded reader. What the browser may do with them is decided by kind: PDF, pictures and plain
//! text are shown inline, with a policy that runs nothing; anything else (Office files, HTML) is
//! a download, never rendered as a page of this origin. The file's name goes into
//! `Content-Disposition` as ASCII with `_` for the rest plus the RFC 5987 UTF-8 form.

use std::path::{Component, Path};
use std::sync::Arc;

use axum::extract::{Path as UrlPath, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::guard::refusal;
use super::state::App;
use crate::source::Limit;

/// What a served file runs: nothing. Pictures may show; a PDF opens in the browser's viewer.
const FILE_CSP: &str = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'";

/// The content type and whether it is shown inline, by the file's extension.
pub fn kind_of(path: &str) -> (&'static str, bool) {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => ("application/pdf", true),
        "jpg" | "jpeg" => ("image/jpeg", true),
        "png" => ("image/png", true),
        "gif" => ("image/gif", true),
        "webp" => ("image/webp", true),
        "txt" | "md" | "csv" | "yaml" | "yml" | "json" => ("text/plain; charset=utf-8", true),
        "docx" => (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            false,
        ),
        "xlsx" => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            false,
        ),
        "pptx" => (
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            false,
        ),
        _ => ("application/octet-stream", false),
    }
}

/// `Content-Disposition` for `name`: never breaks out of its quotes, keeps the real name in
/// `filename*`.
pub fn disposition(inline: bool, name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' && c != '%' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded = percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC);
    format!(
        "{}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}",
        if inline { "inline" } else { "attachment" }
    )
}

/// Whether `path` is made of plain names only (no `..`, no root, no backslash, no NUL).
pub fn plain_path(path: &str) -> bool {
    !path.is_empty()
        && !path.contains(['\\', '\0'])
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        && !path
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
}

pub async fn serve_file(State(app): State<Arc<App>>, UrlPath(path): UrlPath<String>) -> Response {
    if !plain_path(&path) {
        return refusal(
            StatusCode::FORBIDDEN,
            "拒绝访问：只能打开证据包里的文件，路径中不能有“..”、“\\”或以“/”开头。",
            "forbidden: only files inside the pack can be opened; a path may not contain `..` or `\\` or begin with `/`",
        );
    }
    let snapshot = app.current();
    if !snapshot.files.contains(&path) {
        let shown = path.escape_debug().to_string();
        return refusal(
            StatusCode::NOT_FOUND,
            &format!("证据包里没有这个文件：{shown}"),
            &format!("the pack has no such file: {shown}"),
        );
    }
    let full = app.root.join(&path);
    // The file must still be inside the pack (a folder swapped for a link since the scan is not).
    let inside = std::fs::canonicalize(&full).is_ok_and(|c| c.starts_with(&app.root));
    if !inside {
        return refusal(
            StatusCode::FORBIDDEN,
            "拒绝访问：这个文件现在指向证据包以外。",
            "forbidden: the file now leads outside the pack",
        );
    }
    let read = tokio::task::spawn_blocking(move || {
        crate::source::read(&full, &path, Limit::EVIDENCE).map(|b| (path, b))
    })
    .await;
    let (path, bytes) = match read {
        Ok(Ok((path, b))) => (path, b.bytes),
        Ok(Err(d)) => {
            return refusal(
                StatusCode::UNPROCESSABLE_ENTITY,
                d.message(crate::Lang::Zh),
                d.message(crate::Lang::En),
            )
        }
        Err(_) => {
            return refusal(
                StatusCode::INTERNAL_SERVER_ERROR,
                "读取文件时出错。",
                "reading the file failed",
            )
        }
    };
    let (kind, inline) = kind_of(&path);
    let name = path.rsplit('/').next().unwrap_or(&path);
    let mut response = (StatusCode::OK, bytes).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(v) = HeaderValue::from_str(&disposition(inline, name)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(FILE_CSP),
    );
    response
}
