//! `changai serve`: the workbench server in this process on port 0, spoken to in raw HTTP/1.1 —
//! the refusals (no token, another Host or Origin, a path outside the pack, hostile names, a
//! folder-like empty file, a 2 GB upload), the drops (dated, the same file twice, two at once),
//! the live re-evaluation and the reports' bytes.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use changai::serve::{self, Config, Handle};
use serde_json::{json, Value};

use crate::evaluate::{copy_tree, repo};

/// The same report date as `changai report` gets from the test environment.
const EPOCH: &str = "1767139200";

/// A copy of the dagang sample, served.
pub fn served(limit: Option<u64>) -> (tempfile::TempDir, PathBuf, Handle) {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("dagang-2025");
    copy_tree(&repo().join("evidence-samples/dagang-2025"), &pack);
    let mut config = Config::new(&pack);
    config.source_date_epoch = Some(EPOCH.into());
    if let Some(limit) = limit {
        config.upload_limit = limit;
    }
    let handle = serve::start(config).unwrap();
    (dir, pack, handle)
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// Sends `head` (request line and headers, without the blank line) and `body`, and reads the
/// whole answer (`Connection: close`).
pub fn raw(addr: SocketAddr, head: &str, body: &[u8]) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let request = format!("{head}\r\nConnection: close\r\n\r\n");
    s.write_all(request.as_bytes()).unwrap();
    let _ = s.write_all(body);
    parse(&read_answer(&mut s))
}

/// Reads one answer: up to its `Content-Length`, the end of its chunks, or the end of the
/// connection (a server may keep it open despite `Connection: close`).
pub fn read_answer(s: &mut TcpStream) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        if let Some(split) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&bytes[..split]).to_ascii_lowercase();
            let body = bytes.len() - split - 4;
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            if length.is_some_and(|n| body >= n) {
                break;
            }
            if head.replace(' ', "").contains("transfer-encoding:chunked")
                && bytes.ends_with(b"\r\n0\r\n\r\n")
            {
                break;
            }
        }
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
        }
    }
    bytes
}

pub fn parse(bytes: &[u8]) -> Reply {
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP answer");
    let head = String::from_utf8_lossy(&bytes[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = bytes[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v == "chunked");
    if chunked {
        body = unchunk(&body);
    }
    Reply {
        status,
        headers,
        body,
    }
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(std::str::from_utf8(&data[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 2 + size + 2..];
    }
    out
}

/// The headers of a request from the workbench's own page.
pub fn own(h: &Handle) -> String {
    format!(
        "Host: 127.0.0.1:{}\r\nX-Changai-Token: {}",
        h.addr.port(),
        h.token
    )
}

pub fn get(h: &Handle, path: &str) -> Reply {
    raw(h.addr, &format!("GET {path} HTTP/1.1\r\n{}", own(h)), b"")
}

pub fn drop_file(h: &Handle, item: &str, name: &str, date: Option<&str>, body: &[u8]) -> Reply {
    let mut target = format!("/api/drop?item={}&name={}", enc(item), enc(name));
    if let Some(d) = date {
        target.push_str(&format!("&date={d}"));
    }
    raw(
        h.addr,
        &format!(
            "POST {target} HTTP/1.1\r\n{}\r\nOrigin: http://127.0.0.1:{}\r\nContent-Type: application/octet-stream\r\nContent-Length: {}",
            own(h),
            h.addr.port(),
            body.len()
        ),
        body,
    )
}

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// Every file under `root`, relative, sorted.
pub fn listing(root: &Path) -> Vec<String> {
    entries(root, false)
}

/// Every file and folder under `root`, relative, sorted; folders end in `/` (a folder left
/// behind by a refused drop shows).
pub fn tree(root: &Path) -> Vec<String> {
    entries(root, true)
}

fn entries(root: &Path, folders: bool) -> Vec<String> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(root).min_depth(1) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if entry.file_type().is_file() {
            out.push(rel);
        } else if folders && entry.file_type().is_dir() {
            out.push(format!("{rel}/"));
        }
    }
    out.sort();
    out
}

/// The item's status and score in the view, once the view's version is at least `version`.
pub fn item_in_state(h: &Handle, id: &str, version: u64) -> (u64, String, String) {
    let began = Instant::now();
    loop {
        let v = get(h, "/api/state").json();
        let at = v["version"].as_u64().unwrap();
        if at >= version {
            let item = find_item(&v["zh"]["areas"], id).unwrap();
            return (
                at,
                item["status"].as_str().unwrap().to_owned(),
                item["score_text"].as_str().unwrap().to_owned(),
            );
        }
        assert!(
            began.elapsed() < Duration::from_secs(20),
            "no new evaluation"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn find_item(areas: &Value, id: &str) -> Option<Value> {
    for area in areas.as_array()? {
        for item in area["items"].as_array()? {
            if item["id"] == id {
                return Some(item.clone());
            }
        }
        if let Some(found) = find_item(&area["children"], id) {
            return Some(found);
        }
    }
    None
}

const NO_TOKEN: &str = "拒绝访问：缺少访问令牌。请用 changai serve 在终端上显示的链接打开工作台。\nforbidden: no access token; open the workbench with the link changai serve showed in the terminal\n";

#[test]
fn requests_without_the_token_or_from_elsewhere_are_refused() {
    let (_dir, _pack, h) = served(None);
    let port = h.addr.port();
    // No token at all, on every route but the page and what it loads (which hold no data).
    for path in [
        "/api/state",
        "/api/events",
        "/files/pack.yaml",
        "/api/report/html",
        "/nowhere",
    ] {
        let r = raw(
            h.addr,
            &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}"),
            b"",
        );
        assert_eq!((r.status, r.text().as_str()), (403, NO_TOKEN), "{path}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    }
    // A wrong token in the header; the token in a cookie, or in the query of anything but the
    // event stream, is no token.
    let wrong = "00000000000000000000000000000000";
    for head in [
        format!("GET /api/state HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Changai-Token: {wrong}"),
        format!("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Changai-Token: {wrong}"),
        format!("GET /api/events?token={wrong} HTTP/1.1\r\nHost: 127.0.0.1:{port}"),
        format!(
            "GET /api/state HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: changai-{port}={}",
            h.token
        ),
        format!(
            "GET /api/state?token={} HTTP/1.1\r\nHost: 127.0.0.1:{port}",
            h.token
        ),
        format!(
            "GET /files/pack.yaml?token={} HTTP/1.1\r\nHost: 127.0.0.1:{port}",
            h.token
        ),
    ] {
        let r = raw(h.addr, &head, b"");
        assert_eq!((r.status, r.text().as_str()), (403, NO_TOKEN), "{head}");
    }
    // A drop without the token writes nothing.
    let r = raw(
        h.addr,
        &format!("POST /api/drop?item=A3.4&name=x.txt&date=2025-06-01 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 3"),
        b"abc",
    );
    assert_eq!((r.status, r.text().as_str()), (403, NO_TOKEN));
    // Another Host (DNS rebinding), even with the token.
    let r = raw(
        h.addr,
        &format!(
            "GET /api/state HTTP/1.1\r\nHost: evil.example:{port}\r\nX-Changai-Token: {}",
            h.token
        ),
        b"",
    );
    assert_eq!(r.status, 403);
    assert_eq!(
        r.text(),
        format!("拒绝访问：请求的主机名“evil.example:{port}”不是本机的 127.0.0.1:{port} 或 localhost:{port}。\nforbidden: the request's Host `evil.example:{port}` is not this machine's 127.0.0.1:{port} or localhost:{port}\n")
    );
    // Another Origin (a hostile page's script), even with the token.
    let r = raw(
        h.addr,
        &format!("POST /api/drop?item=A3.4&name=x.txt&date=2025-06-01 HTTP/1.1\r\n{}\r\nOrigin: http://evil.example\r\nContent-Length: 3", own(&h)),
        b"abc",
    );
    assert_eq!(r.status, 403);
    assert_eq!(
        r.text(),
        "拒绝访问：请求来自其他网页（Origin：http://evil.example），不是本工作台。\nforbidden: the request comes from another page (Origin `http://evil.example`), not this workbench\n"
    );
    // localhost:PORT is this machine too; so is the page's own origin.
    let r = raw(
        h.addr,
        &format!("GET /api/state HTTP/1.1\r\nHost: localhost:{port}\r\nOrigin: http://localhost:{port}\r\nX-Changai-Token: {}", h.token),
        b"",
    );
    assert_eq!(r.status, 200);
    h.shutdown();
}

#[test]
fn the_link_carries_the_token_in_its_fragment_no_cookie_is_set_and_the_page_has_a_strict_policy() {
    let (_dir, _pack, h) = served(None);
    let port = h.addr.port();
    // The fragment is never sent: the link's request is the bare page, which holds no data.
    assert_eq!(
        h.url(),
        format!("http://127.0.0.1:{port}/#token={}", h.token)
    );
    assert_eq!(h.token.len(), 32);
    assert!(h.token.chars().all(|c| c.is_ascii_hexdigit()));
    for path in ["/", "/assets/app.js", "/assets/app.css"] {
        let bare = raw(
            h.addr,
            &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}"),
            b"",
        );
        assert_eq!(bare.status, 200, "{path}");
        assert_eq!(bare.header("set-cookie"), None, "{path}");
        assert_eq!(
            bare.body,
            get(&h, path).body,
            "{path}: the same for everyone"
        );
    }
    let page = get(&h, "/");
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        page.header("content-security-policy"),
        Some(serve::guard::PAGE_CSP)
    );
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    // No inline script or style, nothing from elsewhere, nothing of the pack.
    let html = page.text();
    assert!(!html.contains("<script>") && !html.contains("style=") && !html.contains("http"));
    assert!(!html.contains("大港"));
    // Another Host is refused even for the page.
    let rebound = raw(
        h.addr,
        &format!("GET / HTTP/1.1\r\nHost: evil.example:{port}"),
        b"",
    );
    assert_eq!(rebound.status, 403);
    // No answer of the API sets a cookie either.
    assert_eq!(get(&h, "/api/state").header("set-cookie"), None);
    h.shutdown();
}

#[test]
fn only_files_inside_the_pack_are_served() {
    let (dir, _pack, h) = served(None);
    std::fs::write(dir.path().join("secret.txt"), "outside").unwrap();
    let traversal = "拒绝访问：只能打开证据包里的文件，路径中不能有“..”、“\\”或以“/”开头。\nforbidden: only files inside the pack can be opened; a path may not contain `..` or `\\` or begin with `/`\n";
    for path in [
        "/files/../secret.txt",
        "/files/A/../../secret.txt",
        "/files/%2e%2e/secret.txt",
        "/files/..%2Fsecret.txt",
        "/files/%2Fetc%2Fpasswd",
        "/files/A%5C..%5C..%5Csecret.txt",
    ] {
        let r = get(&h, path);
        assert_eq!((r.status, r.text().as_str()), (403, traversal), "{path}");
    }
    let r = get(&h, "/files/A/A3.4/nothing.txt");
    assert_eq!(r.status, 404);
    assert_eq!(
        r.text(),
        "证据包里没有这个文件：A/A3.4/nothing.txt\nthe pack has no such file: A/A3.4/nothing.txt\n"
    );
    // A file of the pack: its type by kind, shown inline, a safe disposition, nosniff.
    let r = get(&h, "/files/data/%E8%AE%B2%E5%B8%88%E5%9B%A2.csv");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.body,
        std::fs::read(repo().join("evidence-samples/dagang-2025/data/讲师团.csv")).unwrap()
    );
    assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(
        r.header("content-disposition"),
        Some("inline; filename=\"___.csv\"; filename*=UTF-8''%E8%AE%B2%E5%B8%88%E5%9B%A2%2Ecsv")
    );
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert!(r
        .header("content-security-policy")
        .unwrap()
        .starts_with("default-src 'none'"));
    h.shutdown();
}

#[test]
fn a_drop_lands_dated_in_the_item_folder_and_the_status_follows() {
    let (_dir, pack, h) = served(None);
    let before = listing(&pack);
    assert_eq!(
        item_in_state(&h, "A3.4", 1),
        (1, "partial".to_owned(), "0.5".to_owned())
    );
    let duty =
        "值班表：2025 年每周值班安排，张三、李四轮流值班，周一至周五 8:30-17:30。".as_bytes();

    // No date in the name or the content: the page must ask for one; nothing is written.
    let r = drop_file(&h, "A3.4", "值班表.txt", None, duty);
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json(),
        json!({"status": "need_date", "message": {
            "zh": "文件名和文件内容里都找不到日期：请填写“值班表.txt”的日期（如会议、活动的日期），再保存。",
            "en": "neither the name nor the content of `值班表.txt` gives a date: enter its date (the meeting's or the event's) and save again"}})
    );
    assert_eq!(listing(&pack), before);

    // With the date the officer typed.
    let began = Instant::now();
    let r = drop_file(&h, "A3.4", "值班表.txt", Some("2025-06-01"), duty);
    assert_eq!(r.status, 201);
    assert_eq!(
        r.json(),
        json!({"status": "saved", "path": "A/A3.4/2025-06-01 值班表.txt", "message": {
            "zh": "已保存为“A/A3.4/2025-06-01 值班表.txt”", "en": "saved as `A/A3.4/2025-06-01 值班表.txt`"}})
    );
    let (version, status, score) = item_in_state(&h, "A3.4", 2);
    let took = began.elapsed();
    assert_eq!((status.as_str(), score.as_str()), ("met", "1"));
    assert!(version >= 2);
    #[allow(clippy::print_stderr)] // the measurement is printed
    {
        eprintln!(
            "serve: drop to new status in the view: {} ms",
            took.as_millis()
        );
    }
    let mut expected = before.clone();
    expected.push("A/A3.4/2025-06-01 值班表.txt".to_owned());
    expected.sort();
    assert_eq!(listing(&pack), expected);
    assert_eq!(
        std::fs::read(pack.join("A/A3.4/2025-06-01 值班表.txt")).unwrap(),
        duty
    );

    // The same file again, under another name: recognised, not copied.
    let r = drop_file(&h, "A3.4", "2025-07-01 值班表 副本.txt", None, duty);
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json(),
        json!({"status": "identical", "path": "A/A3.4/2025-06-01 值班表.txt", "message": {
            "zh": "文件夹里已有内容相同的文件“A/A3.4/2025-06-01 值班表.txt”，未重复保存。",
            "en": "the folder already holds the same file, `A/A3.4/2025-06-01 值班表.txt`; not copied again"}})
    );
    // A name that begins with a date keeps it; a date inside the name dates it.
    let r = drop_file(
        &h,
        "A3.4",
        "2025-08-01 值班表.txt",
        None,
        b"August duty roster, full text",
    );
    assert_eq!(r.json()["path"], "A/A3.4/2025-08-01 值班表.txt");
    let r = drop_file(
        &h,
        "A3.4",
        "值班表20250901.txt",
        None,
        b"September duty roster, full text",
    );
    assert_eq!(r.json()["path"], "A/A3.4/2025-09-01 值班表20250901.txt");
    // Another file of the same dated name does not replace it.
    let r = drop_file(
        &h,
        "A3.4",
        "值班表.txt",
        Some("2025-06-01"),
        b"another roster",
    );
    assert_eq!(r.status, 201);
    assert_eq!(r.json()["path"], "A/A3.4/2025-06-01 值班表 (2).txt");
    assert_eq!(
        std::fs::read(pack.join("A/A3.4/2025-06-01 值班表.txt")).unwrap(),
        duty
    );
    h.shutdown();
}

#[test]
fn hostile_names_are_cleaned_and_land_only_in_the_item_folder() {
    let (dir, pack, h) = served(None);
    let outside = listing(dir.path());
    let before = listing(&pack);
    let hostile = "../../<img src=x onerror=alert(1)>\u{7}\u{202E}txt.exe";
    let r = drop_file(&h, "B2.3", hostile, Some("2025-05-04"), b"salon minutes");
    assert_eq!(r.status, 201);
    assert_eq!(
        r.json(),
        json!({"status": "saved", "path": "B/B2.3/2025-05-04 _img src=x onerror=alert(1)__txt.exe", "message": {
            "zh": "已保存为“B/B2.3/2025-05-04 _img src=x onerror=alert(1)__txt.exe”（文件名中不安全的部分已去掉或替换）",
            "en": "saved as `B/B2.3/2025-05-04 _img src=x onerror=alert(1)__txt.exe` (unsafe parts of the name were removed or replaced)"}})
    );
    // 300 characters: capped at 150 bytes of name before the extension.
    let long = format!("{}.pdf", "沙龙".repeat(150));
    let r = drop_file(&h, "B2.3", &long, Some("2025-05-05"), b"%PDF-1.4 salon");
    assert_eq!(r.status, 201);
    let path = r.json()["path"].as_str().unwrap().to_owned();
    assert_eq!(path, format!("B/B2.3/2025-05-05 {}.pdf", "沙龙".repeat(25)));
    // Names that leave nothing, or that the evaluation would pass over.
    for name in ["..", "../", ".", "x.tmp", "Thumbs.db", "\u{7}"] {
        let r = drop_file(&h, "B2.3", name, Some("2025-05-05"), b"x");
        assert_eq!(r.status, 400, "{name:?}");
        assert_eq!(r.json()["status"], "refused");
        assert!(r.json()["message"]["zh"]
            .as_str()
            .unwrap()
            .ends_with("不能用作证据的名称（清理后为空，或是隐藏、临时文件）。请改名后再放入。"));
    }
    // An unknown item, an item id that is a path, an empty file (what a dropped folder reads as).
    let r = drop_file(&h, "../A", "x.txt", Some("2025-05-05"), b"x");
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json(),
        json!({"status": "refused", "message": {
            "zh": "标准中没有条目“../A”，或它没有可放文件的文件夹。",
            "en": "the standard has no item `../A`, or it has no folder to put files in"}})
    );
    let r = drop_file(&h, "B2.3", "活动照片", Some("2025-05-05"), b"");
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["message"]["zh"],
        "文件是空的（0 字节），不能作为证据；若拖入的是文件夹，请打开它，选中其中的文件再拖入。"
    );
    let r = drop_file(&h, "B2.3", "x.txt", Some("2025-13-01"), b"x");
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["message"]["zh"],
        "日期“2025-13-01”不是有效的日期，请写成 2025-03-15 这样。"
    );
    // Two files landed, both in B/B2.3, nothing anywhere else.
    let mut expected = before;
    expected.push("B/B2.3/2025-05-04 _img src=x onerror=alert(1)__txt.exe".to_owned());
    expected.push(path.clone());
    expected.sort();
    assert_eq!(listing(&pack), expected);
    let mut outside_now: Vec<String> = listing(dir.path())
        .into_iter()
        .filter(|p| !p.starts_with("dagang-2025/"))
        .collect();
    outside_now.sort();
    let outside: Vec<String> = outside
        .into_iter()
        .filter(|p| !p.starts_with("dagang-2025/"))
        .collect();
    assert_eq!(outside_now, outside);
    h.shutdown();
}

#[test]
fn two_drops_at_once_both_land() {
    let (_dir, pack, h) = served(None);
    let addr = h.addr;
    let own = own(&h);
    let port = h.addr.port();
    let threads: Vec<_> = (0..2)
        .map(|i| {
            let own = own.clone();
            std::thread::spawn(move || {
                let body = format!("共建协议第 {i} 份，内容各不相同").repeat(20_000).into_bytes();
                let head = format!(
                    "POST /api/drop?item=B3.2&name={}&date=2025-04-01 HTTP/1.1\r\n{own}\r\nOrigin: http://127.0.0.1:{port}\r\nContent-Length: {}",
                    enc("共建协议.txt"),
                    body.len()
                );
                raw(addr, &head, &body)
            })
        })
        .collect();
    let mut paths: Vec<String> = threads
        .into_iter()
        .map(|t| {
            let r = t.join().unwrap();
            assert_eq!(r.status, 201);
            r.json()["path"].as_str().unwrap().to_owned()
        })
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "B/B3.2/2025-04-01 共建协议 (2).txt",
            "B/B3.2/2025-04-01 共建协议.txt"
        ]
    );
    let a = std::fs::read(pack.join(&paths[0])).unwrap();
    let b = std::fs::read(pack.join(&paths[1])).unwrap();
    assert_ne!(a, b);
    assert_eq!(a.len(), b.len());
    // The same bytes twice at once: one copy.
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let own = own.clone();
            std::thread::spawn(move || {
                let body = "同一份共建协议".repeat(20_000).into_bytes();
                let head = format!(
                    "POST /api/drop?item=B3.2&name={}&date=2025-04-02 HTTP/1.1\r\n{own}\r\nContent-Length: {}",
                    enc("协议.txt"),
                    body.len()
                );
                raw(addr, &head, &body).status
            })
        })
        .collect();
    let mut codes: Vec<u16> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    codes.sort();
    assert_eq!(codes, [200, 201]);
    let landed: Vec<String> = listing(&pack.join("B/B3.2"))
        .into_iter()
        .filter(|n| n.contains("协议.txt") && n.starts_with("2025-04-02"))
        .collect();
    assert_eq!(landed, ["2025-04-02 协议.txt"]);
    h.shutdown();
}

/// Sends `body` as one chunk (none when empty) of a chunked drop, as a browser streams a file.
fn drop_chunked(h: &Handle, item: &str, name: &str, date: Option<&str>, body: &[u8]) -> Reply {
    let mut target = format!("/api/drop?item={}&name={}", enc(item), enc(name));
    if let Some(d) = date {
        target.push_str(&format!("&date={d}"));
    }
    let mut chunks = Vec::new();
    if !body.is_empty() {
        chunks.extend(format!("{:x}\r\n", body.len()).as_bytes());
        chunks.extend(body);
        chunks.extend(b"\r\n");
    }
    chunks.extend(b"0\r\n\r\n");
    raw(
        h.addr,
        &format!(
            "POST {target} HTTP/1.1\r\n{}\r\nTransfer-Encoding: chunked",
            own(h)
        ),
        &chunks,
    )
}

#[test]
fn a_drop_that_saves_nothing_leaves_no_folder() {
    // B2.3 has no folder in the sample: a refused drop must not leave an empty one behind.
    let (_dir, pack, h) = served(None);
    let before = tree(&pack);
    assert!(!before.contains(&"B/B2.3/".to_owned()));
    let r = drop_chunked(&h, "B2.3", "活动照片", Some("2025-05-05"), b"");
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["message"]["zh"],
        "文件是空的（0 字节），不能作为证据；若拖入的是文件夹，请打开它，选中其中的文件再拖入。"
    );
    assert_eq!(tree(&pack), before);
    // A file with no date anywhere: the date is asked for, and nothing stays meanwhile.
    let r = drop_chunked(&h, "B2.3", "沙龙记录.txt", None, "职工沙龙记录".as_bytes());
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["status"], "need_date");
    assert_eq!(tree(&pack), before);
    // Saved with the date: the folder is made and holds the file.
    let r = drop_chunked(
        &h,
        "B2.3",
        "沙龙记录.txt",
        Some("2025-05-06"),
        "职工沙龙记录".as_bytes(),
    );
    assert_eq!(r.status, 201);
    let mut expected = before;
    expected.extend([
        "B/B2.3/".to_owned(),
        "B/B2.3/2025-05-06 沙龙记录.txt".to_owned(),
    ]);
    expected.sort();
    assert_eq!(tree(&pack), expected);
    // A refused drop into a folder that exists leaves it as it is.
    let r = drop_chunked(&h, "B2.3", "空.txt", Some("2025-05-07"), b"");
    assert_eq!(r.status, 400);
    assert_eq!(tree(&pack), expected);
    h.shutdown();
}

#[test]
fn an_oversize_upload_is_refused_without_being_read() {
    let (_dir, pack, h) = served(Some(64 * 1024));
    let before = tree(&pack);
    // 2 GB declared: refused at once, before a byte of the body.
    let began = Instant::now();
    let r = raw(
        h.addr,
        &format!("POST /api/drop?item=A3.4&name=big.mp4&date=2025-06-01 HTTP/1.1\r\n{}\r\nContent-Length: 2147483648", own(&h)),
        b"",
    );
    assert_eq!(r.status, 413);
    assert_eq!(
        r.json(),
        json!({"status": "refused", "message": {
            "zh": "文件太大（2048 MiB），上限是 64 KiB，未保存。",
            "en": "the file is too large (2048 MiB); the limit is 64 KiB; nothing saved"}})
    );
    assert!(began.elapsed() < Duration::from_secs(5));
    // No length given (chunked): cut off once it passes the limit, the temporary file removed.
    let mut s = TcpStream::connect(h.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let head = format!("POST /api/drop?item=A3.4&name=big.txt&date=2025-06-01 HTTP/1.1\r\n{}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n", own(&h));
    s.write_all(head.as_bytes()).unwrap();
    let chunk = vec![b'x'; 16 * 1024];
    for _ in 0..5 {
        let _ = s.write_all(format!("{:x}\r\n", chunk.len()).as_bytes());
        let _ = s.write_all(&chunk);
        let _ = s.write_all(b"\r\n");
    }
    let _ = s.write_all(b"0\r\n\r\n");
    let r = parse(&read_answer(&mut s));
    assert_eq!(r.status, 413);
    assert_eq!(r.json()["message"]["zh"], "文件超过上限 64 KiB，未保存。");
    // Neither the temporary file nor the item's folder (A3.4 had none) is left.
    assert_eq!(tree(&pack), before);
    // Still serving.
    assert_eq!(get(&h, "/api/state").status, 200);
    h.shutdown();
}

#[test]
fn the_reports_are_the_bytes_changai_report_writes() {
    let (_dir, pack, h) = served(None);
    let env = changai::cli::Env {
        cwd: pack.clone(),
        color: false,
        source_date_epoch: Some(EPOCH.into()),
    };
    let html = get(&h, "/api/report/html");
    assert_eq!(html.status, 200);
    assert_eq!(
        html.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(html
        .header("content-disposition")
        .unwrap()
        .starts_with("attachment; "));
    let expected = changai::cli::run(["changai", "report", ".", "--format", "html"], &env);
    assert_eq!(html.body, expected.stdout);
    let en = get(&h, "/api/report/html?lang=en");
    let expected = changai::cli::run(
        ["changai", "report", ".", "--format", "html", "--lang", "en"],
        &env,
    );
    assert_eq!(en.body, expected.stdout);
    let out = tempfile::tempdir().unwrap();
    let sheet = out.path().join("评分表.xlsx");
    let written = changai::cli::run(
        [
            "changai".into(),
            "report".into(),
            ".".into(),
            "--output".into(),
            sheet.clone().into_os_string(),
        ],
        &env,
    );
    assert_eq!(written.code, changai::cli::Exit::Ok);
    let xlsx = get(&h, "/api/report/xlsx");
    assert_eq!(xlsx.status, 200);
    assert_eq!(xlsx.body, std::fs::read(&sheet).unwrap());
    assert_eq!(get(&h, "/api/report/pdf").status, 404);
    h.shutdown();
}

#[test]
fn a_pack_that_cannot_be_opened_does_not_start() {
    let dir = tempfile::tempdir().unwrap();
    let env = changai::cli::Env {
        cwd: dir.path().to_path_buf(),
        color: false,
        source_date_epoch: None,
    };
    let out = changai::cli::run(["changai", "serve", "nowhere", "--no-open"], &env);
    assert_eq!(out.code, changai::cli::Exit::Error);
    assert_eq!(out.stderr, "错误：nowhere：不是文件夹，或不存在\n");
}

#[test]
fn a_pack_broken_while_served_is_said_and_mended() {
    let (_dir, pack, h) = served(None);
    let good = std::fs::read_to_string(pack.join("pack.yaml")).unwrap();
    std::fs::write(pack.join("pack.yaml"), "community: [\n").unwrap();
    let began = Instant::now();
    let error = loop {
        let v = get(&h, "/api/state").json();
        if !v["error"].is_null() {
            break v;
        }
        assert!(began.elapsed() < Duration::from_secs(20));
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(error["error"]["zh"].as_str().unwrap().contains("pack.yaml"));
    assert!(error["zh"].is_null());
    // Reports cannot be made from it meanwhile; the server stays up.
    assert_eq!(get(&h, "/api/report/html").status, 409);
    std::fs::write(pack.join("pack.yaml"), good).unwrap();
    let version = error["version"].as_u64().unwrap() + 1;
    let (_, status, _) = item_in_state(&h, "A3.4", version);
    assert_eq!(status, "partial");
    h.shutdown();
}

/// Reads from a held-open stream until `want` events (`event: state`) have come, or 20 s pass;
/// returns the text read.
fn read_events(s: &mut TcpStream, text: &mut String, want: usize) {
    let began = Instant::now();
    let mut buf = [0u8; 64 * 1024];
    // complete events: the last one ends with its blank line
    while text.matches("event: state").count() < want || !text.ends_with("\n\n") {
        assert!(
            began.elapsed() < Duration::from_secs(20),
            "no event: {text}"
        );
        match s.read(&mut buf) {
            Ok(0) => panic!("the stream ended: {text}"),
            Ok(n) => text.push_str(&String::from_utf8_lossy(&buf[..n])),
            Err(_) => {}
        }
    }
}

/// One held-open event stream carries every new evaluation: the current one at once, then the
/// one that a file landing in the folder causes, on the same connection.
#[test]
fn the_event_stream_stays_open_and_carries_each_evaluation() {
    let (_dir, pack, h) = served(None);
    let first = item_in_state(&h, "A3.4", 1).0;
    let mut s = TcpStream::connect(h.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    // HTTP/1.0: the stream comes unchunked, as the bytes of the events themselves
    s.write_all(format!("GET /api/events?after=0 HTTP/1.0\r\n{}\r\n\r\n", own(&h)).as_bytes())
        .unwrap();
    let mut text = String::new();
    read_events(&mut s, &mut text, 1);
    assert!(text.starts_with("HTTP/1.0 200"), "{text}");
    assert!(
        text.to_ascii_lowercase()
            .contains("content-type: text/event-stream"),
        "{text}"
    );
    assert!(text.contains(&format!("id: {first}\n")), "{text}");
    std::fs::create_dir_all(pack.join("A/A3.4")).unwrap();
    std::fs::write(pack.join("A/A3.4/2025-06-01 值班表.txt"), "值班表：6 月\n").unwrap();
    read_events(&mut s, &mut text, 2);
    let second = text.rsplit("id: ").next().unwrap();
    let version: u64 = second.lines().next().unwrap().trim().parse().unwrap();
    assert!(version > first, "{text}");
    let data = second
        .lines()
        .find_map(|l| l.strip_prefix("data: "))
        .unwrap();
    let view: Value = serde_json::from_str(data).unwrap();
    let item = find_item(&view["zh"]["areas"], "A3.4").unwrap();
    assert_eq!(item["status"], "met");
}

/// The command line's server stops on Ctrl+C even with a page's event stream open: exit 0 within
/// a few seconds, nothing left behind in the pack.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_command_line_server_with_a_page_open() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("dagang-2025");
    copy_tree(&repo().join("evidence-samples/dagang-2025"), &pack);
    let before = listing(&pack);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_changai"))
        .args(["serve", "dagang-2025", "--no-open"])
        .current_dir(dir.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first.split("http://").nth(1).unwrap();
    let (host, fragment) = url.split_once('/').unwrap();
    let token = fragment.trim_start_matches("#token=");
    let addr: SocketAddr = host.parse().unwrap();
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    s.write_all(
        // The token in the stream's query, as the page's `EventSource` sends it.
        format!("GET /api/events?token={token} HTTP/1.0\r\nHost: {host}\r\n\r\n").as_bytes(),
    )
    .unwrap();
    let mut text = String::new();
    read_events(&mut s, &mut text, 1);
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let began = Instant::now();
    let code = loop {
        if let Some(code) = child.try_wait().unwrap() {
            break code;
        }
        assert!(
            began.elapsed() < Duration::from_secs(10),
            "the server did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(code.success(), "{code:?}");
    assert_eq!(listing(&pack), before);
}
