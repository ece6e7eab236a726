//! `changai serve`: the officer's workbench in the browser, served by the binary itself.
//!
//! The one command that writes into a pack, so it is built as a narrow door. The server listens on
//! 127.0.0.1 only, answers only requests that carry the one-time token it was started with
//! ([`guard`]: the token travels in the printed link's fragment and then in a header the page
//! sets, never in a cookie; `Host` must be this address and a present `Origin` this origin), and
//! writes only a
//! dropped file into the dropped-on item's own folder ([`upload`]: streamed with a cap, cleaned
//! name, dated, never overwriting, atomic). Everything else is read-only: the pack's files are
//! served from the scan's own list ([`files`]), the page and its assets are compiled in
//! ([`assets`]), and the reports are the bytes `changai report` writes.
//!
//! Status is live: a file watcher wakes one evaluator thread ([`state`]), which re-evaluates
//! through the same pipeline as `evaluate` (hashes remembered in a cache kept outside the pack)
//! and publishes a new snapshot; the page hears of it as a server-sent event.
//!
//! [`start`] returns a [`Handle`] at once (address, token, shutdown), so tests run the server in
//! their own process; the command line prints the link and waits ([`crate::cli::serve`]).

pub mod assets;
pub mod files;
pub mod guard;
pub mod state;
pub mod upload;
pub mod view;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::routing::{get, post};
use axum::Router;

use crate::cannot_run::CannotRun;

/// The largest file a drop accepts (200 MiB); a larger one is refused before it is read.
pub const UPLOAD_LIMIT: u64 = 200 * 1024 * 1024;
/// How long the watcher waits for the pack to go quiet before re-evaluating it.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// What to serve and how.
#[derive(Debug, Clone)]
pub struct Config {
    /// The evidence pack folder.
    pub pack: PathBuf,
    /// The standard (file or folder); the embedded one when `None`.
    pub standard: Option<PathBuf>,
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// `SOURCE_DATE_EPOCH`, for the reports' date (as `changai report` reads it).
    pub source_date_epoch: Option<String>,
    /// The largest file a drop accepts.
    pub upload_limit: u64,
    /// The watcher's quiet time before a re-evaluation.
    pub debounce: Duration,
    /// Poll the folder instead of using the system's change notifications.
    pub poll: bool,
    /// Stop on Ctrl+C (the command line): uploads in flight are dropped and their temporary
    /// files removed, open pages told the stream ended. Off for a server started in-process.
    pub stop_on_interrupt: bool,
}

impl Config {
    pub fn new(pack: impl Into<PathBuf>) -> Config {
        Config {
            pack: pack.into(),
            standard: None,
            port: 0,
            source_date_epoch: None,
            upload_limit: UPLOAD_LIMIT,
            debounce: DEBOUNCE,
            poll: false,
            stop_on_interrupt: false,
        }
    }
}

/// A running workbench: where it listens, its token, and the way to stop it.
#[derive(Debug)]
pub struct Handle {
    pub addr: SocketAddr,
    pub token: String,
    /// How the file watcher learns of changes: `inotify`-style events, or polling.
    pub watching: state::Watching,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Handle {
    /// The link to open: the address with the one-time token.
    pub fn url(&self) -> String {
        format!(
            "http://127.0.0.1:{}/#token={}",
            self.addr.port(),
            self.token
        )
    }

    /// Stops the server and waits for it (the watcher and the evaluator end with it).
    pub fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    /// Waits until the server stops (for the command line: until the process is interrupted).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Starts the workbench: loads the standard, evaluates the pack once (a pack that cannot be
/// evaluated now does not start), binds 127.0.0.1, and serves on a thread of its own.
pub fn start(config: Config) -> Result<Handle, CannotRun> {
    let shared = state::Shared::open(&config)?;
    let listener = std::net::TcpListener::bind(("127.0.0.1", config.port))
        .and_then(|l| l.set_nonblocking(true).map(|()| l))
        .map_err(|e| {
            let (code, zh, en) = crate::source::io_words(&e);
            CannotRun::plain(
                code,
                format!("无法在 127.0.0.1:{} 上监听：{zh}", config.port),
                format!("cannot listen on 127.0.0.1:{}: {en}", config.port),
            )
        })?;
    let addr = listener.local_addr().map_err(|e| {
        let (code, zh, en) = crate::source::io_words(&e);
        CannotRun::plain(
            code,
            format!("无法取得监听地址：{zh}"),
            format!("cannot read the listening address: {en}"),
        )
    })?;
    let token = guard::new_token();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| {
            let (code, zh, en) = crate::source::io_words(&e);
            CannotRun::plain(
                code,
                format!("无法启动服务：{zh}"),
                format!("cannot start the server: {en}"),
            )
        })?;
    let live = state::Live::start(
        shared,
        addr.port(),
        token.clone(),
        config.debounce,
        config.poll,
    )?;
    let watching = live.watching;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let interrupt = config.stop_on_interrupt;
    let app = router(live.app.clone());
    let thread = std::thread::Builder::new()
        .name("changai-serve".to_owned())
        .spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                // Asked to stop (the handle, or Ctrl+C on the command line): open connections
                // get a moment to finish — a page's event stream never does — then are dropped,
                // so that uploads in flight remove their temporary files.
                let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
                tokio::spawn(async move {
                    if interrupt {
                        tokio::select! {
                            _ = rx => {}
                            _ = tokio::signal::ctrl_c() => {}
                        }
                    } else {
                        let _ = rx.await;
                    }
                    let _ = stop_tx.send(true);
                });
                let mut graceful = stop_rx.clone();
                let server = axum::serve(listener, app).with_graceful_shutdown(async move {
                    let _ = graceful.wait_for(|stop| *stop).await;
                });
                let mut hard = stop_rx;
                tokio::select! {
                    _ = server => {}
                    _ = async move {
                        let _ = hard.wait_for(|stop| *stop).await;
                        tokio::time::sleep(Duration::from_millis(500)).await;
                    } => {}
                }
            });
            // The watcher and the evaluator stop once the server is done.
            drop(live);
            runtime.shutdown_timeout(Duration::from_secs(1));
        })
        .map_err(|e| {
            let (code, zh, en) = crate::source::io_words(&e);
            CannotRun::plain(
                code,
                format!("无法启动服务：{zh}"),
                format!("cannot start the server: {en}"),
            )
        })?;
    Ok(Handle {
        addr,
        token,
        watching,
        shutdown: Some(tx),
        thread: Some(thread),
    })
}

/// Every route, behind the guard.
fn router(app: Arc<state::App>) -> Router {
    Router::new()
        .route("/", get(assets::index))
        .route("/assets/app.js", get(assets::script))
        .route("/assets/app.css", get(assets::style))
        .route("/api/state", get(view::state))
        .route("/api/events", get(view::events))
        .route("/api/drop", post(upload::drop_file))
        .route("/api/report/{format}", get(view::report))
        .route("/files/{*path}", get(files::serve_file))
        .fallback(guard::not_found)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            guard::guard,
        ))
        .with_state(app)
}
