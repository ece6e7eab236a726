//! The workbench's state: the pack, the standard, and the latest evaluation, kept fresh.
//!
//! One evaluator thread owns re-evaluation. The file watcher (notify; a polling watcher where the
//! system's own cannot watch the folder) and a landed drop both wake it; it waits until the pack
//! has been quiet for the debounce time, evaluates through the same pipeline as `evaluate` and
//! `report`, and publishes a [`Snapshot`] on a watch channel that the page's event stream
//! listens to. Hashes are remembered in a cache in a temporary folder outside the pack (the pack
//! is never written except by a drop), so a re-evaluation hashes only what changed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::watch;

use crate::cannot_run::CannotRun;
use crate::evidence::cache::HashCache;
use crate::evidence::pack::{Opening, Pack};
use crate::outcome::Results;
use crate::standard::Standard;

/// One evaluation of the pack, as the page sees it.
#[derive(Debug)]
pub struct Snapshot {
    /// Counts up from 1 with every evaluation: the event id of the page's stream.
    pub version: u64,
    /// The results, or why the pack cannot be evaluated right now (a pack.yaml being edited).
    pub outcome: Result<Results, CannotRun>,
    /// The pack's files as the scan found them (the only files served).
    pub files: BTreeSet<String>,
    /// The page's view of it, as JSON ([`super::view`]).
    pub view: String,
    /// How long the evaluation took.
    pub took: Duration,
    /// When it was published.
    pub at: Instant,
}

impl Snapshot {
    pub fn results(&self) -> Option<&Results> {
        self.outcome.as_ref().ok()
    }
}

/// How the watcher learns of changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Watching {
    /// The system's own notifications (inotify, FSEvents, ReadDirectoryChangesW).
    Events,
    /// Polling the folder (where the system's notifications are not available).
    Polling,
}

/// What the request handlers share.
#[derive(Debug)]
pub struct App {
    /// The pack folder, canonical.
    pub root: PathBuf,
    /// The pack as the user named it, for messages.
    pub shown: String,
    pub standard: Standard,
    pub port: u16,
    pub token: String,
    pub source_date_epoch: Option<String>,
    pub upload_limit: u64,
    /// Each leaf's folder relative to the pack (`A/A1.1`), laid out as `init` makes it.
    pub folders: BTreeMap<String, String>,
    pub snapshot: watch::Receiver<Arc<Snapshot>>,
    trigger: Mutex<mpsc::Sender<()>>,
    /// Held while a drop decides its name and lands, so that two drops at once cannot take the
    /// same name or both copy the same content.
    pub commit: tokio::sync::Mutex<()>,
}

impl App {
    /// The latest evaluation.
    pub fn current(&self) -> Arc<Snapshot> {
        self.snapshot.borrow().clone()
    }

    /// Asks for a re-evaluation (a drop landed).
    pub fn changed(&self) {
        if let Ok(tx) = self.trigger.lock() {
            let _ = tx.send(());
        }
    }
}

/// What [`super::start`] checked before binding: the pack, the standard, the first results.
#[derive(Debug)]
pub struct Shared {
    root: PathBuf,
    shown: String,
    standard: Standard,
    standard_given: bool,
    source_date_epoch: Option<String>,
    upload_limit: u64,
    first: (Results, BTreeSet<String>, Duration),
}

impl Shared {
    /// Loads the standard and evaluates the pack once: a pack that cannot be evaluated now, or a
    /// standard with errors, does not start the server.
    pub fn open(config: &super::Config) -> Result<Shared, CannotRun> {
        let standard = crate::pipeline::load_standard(config.standard.as_deref())?;
        let shown = crate::standard::load::display(&config.pack);
        let root = std::fs::canonicalize(&config.pack)
            .ok()
            .filter(|r| r.is_dir())
            .ok_or_else(|| {
                crate::diagnostic::Diagnostic::error(
                    "not-a-pack",
                    &shown,
                    "不是文件夹，或不存在",
                    "not a folder or does not exist",
                )
            })?;
        let began = Instant::now();
        let (results, files) = evaluate(&root, &standard, config.standard.is_some(), None)?;
        Ok(Shared {
            root,
            shown,
            standard,
            standard_given: config.standard.is_some(),
            source_date_epoch: config.source_date_epoch.clone(),
            upload_limit: config.upload_limit,
            first: (results, files, began.elapsed()),
        })
    }
}

/// Evaluates the pack as `report PACK` does (pipeline, same standard check and profile), with
/// hashes remembered in `cache` when given.
pub fn evaluate(
    root: &Path,
    standard: &Standard,
    standard_given: bool,
    cache: Option<&Path>,
) -> Result<(Results, BTreeSet<String>), CannotRun> {
    let remembered = cache.map(|path| HashCache::load(path).0);
    let opening = Opening {
        cache: remembered.as_ref(),
        ..Default::default()
    };
    let mut pack = Pack::open_with(root, opening)?;
    if !standard_given {
        crate::pipeline::named_standard(standard, &pack)?;
    }
    crate::pipeline::select_profile(standard, &mut pack, None)?;
    let results = crate::pipeline::evaluate_compiled(&crate::check::Compiled::new(standard), &pack);
    if let (Some(remembered), Some(path)) = (&remembered, cache) {
        // A cache that cannot be saved only costs the next run its hashing.
        let _ = remembered.save(path);
    }
    let files = pack.files.iter().map(|f| f.path.clone()).collect();
    Ok((results, files))
}

/// The running parts: the handlers' state, the watcher, the evaluator thread and the cache.
pub struct Live {
    pub app: Arc<App>,
    pub watching: Watching,
    _watcher: Box<dyn notify::Watcher + Send>,
    _cache_dir: tempfile::TempDir,
}

impl std::fmt::Debug for Live {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Live")
            .field("watching", &self.watching)
            .finish()
    }
}

impl Live {
    pub fn start(
        shared: Shared,
        port: u16,
        token: String,
        debounce: Duration,
        poll: bool,
    ) -> Result<Live, CannotRun> {
        let io_failure = |e: std::io::Error| {
            let (code, zh, en) = crate::source::io_words(&e);
            CannotRun::plain(
                code,
                format!("无法启动服务：{zh}"),
                format!("cannot start the server: {en}"),
            )
        };
        let cache_dir = tempfile::Builder::new()
            .prefix("changai-serve-")
            .tempdir()
            .map_err(io_failure)?;
        let cache = cache_dir.path().join("hashes.json");
        let folders = item_folders(&shared.first.0);
        let (results, files, took) = shared.first;
        let view = super::view::build(
            1,
            took,
            &shared.shown,
            &shared.standard,
            &Ok(&results),
            &folders,
            shared.upload_limit,
        );
        let first = Snapshot {
            version: 1,
            outcome: Ok(results),
            files,
            view,
            took,
            at: Instant::now(),
        };
        let (publish, snapshot) = watch::channel(Arc::new(first));
        let (trigger, wake) = mpsc::channel::<()>();
        let app = Arc::new(App {
            root: shared.root,
            shown: shared.shown,
            standard: shared.standard,
            port,
            token,
            source_date_epoch: shared.source_date_epoch,
            upload_limit: shared.upload_limit,
            folders,
            snapshot,
            trigger: Mutex::new(trigger.clone()),
            commit: tokio::sync::Mutex::new(()),
        });
        let (watcher, watching) = watch_pack(&app.root, trigger, poll).map_err(|why| {
            CannotRun::plain(
                "watch",
                format!("无法监视证据包的变动：{why}"),
                format!("cannot watch the pack for changes: {why}"),
            )
        })?;
        let evaluator = Evaluator {
            app: Arc::downgrade(&app),
            standard_given: shared.standard_given,
            cache,
            debounce,
            publish,
        };
        std::thread::Builder::new()
            .name("changai-evaluate".to_owned())
            .spawn(move || evaluator.run(&wake))
            .map_err(io_failure)?;
        Ok(Live {
            app,
            watching,
            _watcher: watcher,
            _cache_dir: cache_dir,
        })
    }
}

struct Evaluator {
    /// Weak: the thread ends once the server has let go of the state.
    app: std::sync::Weak<App>,
    standard_given: bool,
    cache: PathBuf,
    debounce: Duration,
    publish: watch::Sender<Arc<Snapshot>>,
}

/// The longest a stream of changes (a big copy) holds back a re-evaluation.
const MOST_DELAY: Duration = Duration::from_secs(2);

impl Evaluator {
    fn run(self, wake: &mpsc::Receiver<()>) {
        let mut version = 1;
        while wake.recv().is_ok() {
            // Quiet for the debounce time, or at most MOST_DELAY after the first change.
            let first = Instant::now();
            loop {
                match wake.recv_timeout(self.debounce) {
                    Ok(()) if first.elapsed() < MOST_DELAY => continue,
                    Ok(()) | Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            }
            let Some(app) = self.app.upgrade() else {
                return;
            };
            let began = Instant::now();
            let outcome = evaluate(
                &app.root,
                &app.standard,
                self.standard_given,
                Some(&self.cache),
            );
            version += 1;
            let took = began.elapsed();
            let (outcome, files) = match outcome {
                Ok((results, files)) => (Ok(results), files),
                Err(why) => (Err(why), BTreeSet::new()),
            };
            let view = super::view::build(
                version,
                took,
                &app.shown,
                &app.standard,
                &outcome.as_ref(),
                &app.folders,
                app.upload_limit,
            );
            let snapshot = Snapshot {
                version,
                outcome,
                files,
                view,
                took,
                at: Instant::now(),
            };
            drop(app);
            if self.publish.send(Arc::new(snapshot)).is_err() {
                return;
            }
        }
    }
}

/// Every leaf's folder as `init` lays a pack out: `<level-1 id>/<leaf id>`, or `<id>` for a
/// level-1 leaf; a leaf whose id is not safe as a folder name has none (drops on it are refused).
pub fn item_folders(results: &Results) -> BTreeMap<String, String> {
    use crate::standard::lint::unsafe_id;
    let mut folders = BTreeMap::new();
    for item in &results.items {
        let top = item.path.first().unwrap_or(&item.id);
        let segments: Vec<&str> = if *top == item.id {
            vec![&item.id]
        } else {
            vec![top, &item.id]
        };
        if segments.iter().all(|s| unsafe_id(s).is_none()) {
            folders.insert(item.id.clone(), segments.join("/"));
        }
    }
    folders
}

/// Whether a change at `path` can alter the evaluation: changes to hidden and temporary files
/// (a drop being streamed, an editor's swap file) cannot, since the scan leaves them out.
fn matters(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_none_or(|n| !crate::evidence::pack::is_ignored_name(n))
}

/// Watches the pack folder: the system's notifications when they work, else polling.
fn watch_pack(
    root: &Path,
    trigger: mpsc::Sender<()>,
    poll: bool,
) -> Result<(Box<dyn notify::Watcher + Send>, Watching), String> {
    use notify::event::{AccessKind, AccessMode, EventKind};
    use notify::{RecursiveMode, Watcher};
    let handler = move |tx: mpsc::Sender<()>| {
        move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else {
                let _ = tx.send(());
                return;
            };
            // Reading files (the evaluation itself) is no change.
            let change = match event.kind {
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
                EventKind::Access(_) => false,
                _ => true,
            };
            if change && (event.paths.is_empty() || event.paths.iter().any(|p| matters(p))) {
                let _ = tx.send(());
            }
        }
    };
    if !poll {
        if let Ok(mut w) =
            notify::RecommendedWatcher::new(handler(trigger.clone()), notify::Config::default())
        {
            if w.watch(root, RecursiveMode::Recursive).is_ok() {
                return Ok((Box::new(w), Watching::Events));
            }
        }
    }
    let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
    let mut w = notify::PollWatcher::new(handler(trigger), config).map_err(|e| e.to_string())?;
    w.watch(root, RecursiveMode::Recursive)
        .map_err(|e| e.to_string())?;
    Ok((Box::new(w), Watching::Polling))
}
