//! Who may talk to the workbench: this machine, through the printed link, from this page.
//!
//! A local server is reachable by every web page the officer has open (a hostile page can make
//! the browser send requests to 127.0.0.1) and by DNS rebinding (a hostile name resolving to
//! 127.0.0.1). So every request must pass three tests, in this order, else it is refused with a
//! 403 and a plain message (Chinese, then English):
//!
//! 1. `Host` is `127.0.0.1:PORT` or `localhost:PORT` (a rebound name is not);
//! 2. an `Origin`, when present, is `http://127.0.0.1:PORT` or `http://localhost:PORT` (another
//!    site's script is not);
//! 3. the request carries the one-time token in the header `X-Changai-Token` — or, for the
//!    event stream alone (a browser's `EventSource` sets no header), as `token=` in its query.
//!
//! The token travels in the printed link's fragment (`/#token=…`), which a browser never sends
//! to any server; the page keeps it in the tab's session storage, which belongs to this origin —
//! port included — alone. No cookie is used: a browser sends a cookie set by 127.0.0.1 to every
//! port of 127.0.0.1, so any other local server the browser visits would receive it. The page
//! and its script and style carry no data and need no token; everything else does.
//!
//! Every answer carries `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`,
//! `X-Frame-Options: DENY`, `Cache-Control: no-store` and, unless the handler set its own, a
//! content security policy that allows scripts, styles and connections from this origin only
//! (no inline script).

use std::io::Read;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::state::App;

/// The page's policy: everything from this origin only, no inline script, never framed.
pub const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// A fresh token: 128 bits from the system's random source, as 32 hex digits.
pub fn new_token() -> String {
    let mut bytes = [0u8; 16];
    let read = std::fs::File::open("/dev/urandom").and_then(|f| f.take(16).read_exact(&mut bytes));
    if read.is_err() {
        // Where there is no /dev/urandom: the standard library's hasher keys, which it draws
        // from the system's random source (128 bits of key, spread over two hashes).
        use std::hash::{BuildHasher, Hasher};
        let state = std::collections::hash_map::RandomState::new();
        for (half, chunk) in bytes.chunks_mut(8).enumerate() {
            let mut h = state.build_hasher();
            h.write_usize(half);
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or(0),
            );
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The header that carries the token.
pub const TOKEN_HEADER: &str = "x-changai-token";

/// A refusal: `status`, with a plain message in Chinese and then English.
pub fn refusal(status: StatusCode, zh: &str, en: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{zh}\n{en}\n"),
    )
        .into_response()
}

/// Compares without stopping at the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A header's value for a message: printable, at most 80 characters.
fn quoted(value: &HeaderValue) -> String {
    let text = String::from_utf8_lossy(value.as_bytes());
    let mut shown: String = text
        .chars()
        .take(80)
        .collect::<String>()
        .escape_debug()
        .to_string();
    if text.chars().count() > 80 {
        shown.push('…');
    }
    shown
}

fn token_in_query(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
}

/// The page and what it loads: static, the same for everyone, no data of the pack.
fn is_public(path: &str) -> bool {
    matches!(path, "/" | "/assets/app.js" | "/assets/app.css")
}

/// The three tests above, then the handler, then the common headers.
pub async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let port = app.port;
    let headers = request.headers();
    let hosts = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    match headers.get(header::HOST) {
        Some(host) if hosts.iter().any(|h| host.as_bytes() == h.as_bytes()) => {}
        Some(host) => {
            let shown = quoted(host);
            return secured(refusal(
                StatusCode::FORBIDDEN,
                &format!("拒绝访问：请求的主机名“{shown}”不是本机的 127.0.0.1:{port} 或 localhost:{port}。"),
                &format!("forbidden: the request's Host `{shown}` is not this machine's 127.0.0.1:{port} or localhost:{port}"),
            ));
        }
        None => {
            return secured(refusal(
                StatusCode::FORBIDDEN,
                "拒绝访问：请求没有写明主机名（Host）。",
                "forbidden: the request names no Host",
            ));
        }
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origins = hosts.iter().map(|h| format!("http://{h}"));
        if !origins
            .into_iter()
            .any(|o| origin.as_bytes() == o.as_bytes())
        {
            let shown = quoted(origin);
            return secured(refusal(
                StatusCode::FORBIDDEN,
                &format!("拒绝访问：请求来自其他网页（Origin：{shown}），不是本工作台。"),
                &format!("forbidden: the request comes from another page (Origin `{shown}`), not this workbench"),
            ));
        }
    }
    let uri = request.uri();
    let given = headers
        .get(TOKEN_HEADER)
        .and_then(|v| v.to_str().ok())
        .or_else(|| {
            (uri.path() == "/api/events")
                .then(|| token_in_query(uri.query()))
                .flatten()
        });
    let has_token = given.is_some_and(|t| same(t, &app.token));
    if !has_token && !is_public(uri.path()) {
        return secured(refusal(
            StatusCode::FORBIDDEN,
            "拒绝访问：缺少访问令牌。请用 changai serve 在终端上显示的链接打开工作台。",
            "forbidden: no access token; open the workbench with the link changai serve showed in the terminal",
        ));
    }
    secured(next.run(request).await)
}

/// The headers every answer carries.
fn secured(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(PAGE_CSP),
        );
    }
    response
}

/// Anything else.
pub async fn not_found() -> Response {
    refusal(StatusCode::NOT_FOUND, "没有这个页面。", "no such page")
}
