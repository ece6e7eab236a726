//! The hash cache of `changai audit`: what an earlier run hashed, kept outside the packs, so that
//! a re-audit of an unchanged city reads only what changed.
//!
//! What the cache trusts is the rule git's index uses. A file is keyed by its path (under the
//! pack's canonical root) and stamped with its size, device and inode, and its modification and
//! status-change times in nanoseconds; a remembered hash is used only when every part of the
//! stamp is unchanged. Writing a file changes its ctime even when its mtime is put back, so a
//! file edited and then back-dated is hashed again. Git's "racily clean" rule is kept too: a file
//! whose mtime is not older than the moment the cache was stamped (the start of the run that
//! wrote it, or the cache file's own mtime if earlier) may have changed again within the clock's
//! granularity after it was hashed, so it is hashed again. On other systems than Unix, where
//! there is no inode or ctime, the stamp is size and mtime.
//!
//! A cache that cannot be used — corrupt, cut short, from another version of changai, too large
//! — is a warning naming the cache file and an empty cache: everything is hashed again, nothing
//! is lost, the run never stops for it. Only the entries a run looked up or recorded are saved, so
//! files that are gone drop out. `verify` never passes a cache.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::source::Limit;

/// Version of the cache file's layout.
pub const CACHE_VERSION: u32 = 1;
/// The largest cache file read (about half a million files).
pub const CACHE_LIMIT: Limit = Limit::mib(128);

/// What identifies one state of a file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub size: u64,
    pub dev: u64,
    pub ino: u64,
    pub mtime_ns: i128,
    pub ctime_ns: i128,
}

impl Stamp {
    /// The stamp of a file's metadata (size and mtime only where there is no inode or ctime).
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stamp {
                size: meta.len(),
                dev: meta.dev(),
                ino: meta.ino(),
                mtime_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
                ctime_ns: i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
            }
        }
        #[cfg(not(unix))]
        {
            Stamp {
                size: meta.len(),
                dev: 0,
                ino: 0,
                mtime_ns: meta.modified().map(nanos).unwrap_or(0),
                ctime_ns: 0,
            }
        }
    }
}

fn nanos(t: SystemTime) -> i128 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i128::try_from(d.as_nanos()).unwrap_or(i128::MAX),
        Err(e) => -i128::try_from(e.duration().as_nanos()).unwrap_or(i128::MAX),
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    path: String,
    stamp: Stamp,
    sha256: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CacheFile {
    format: String,
    version: u32,
    changai: String,
    /// Nanoseconds since 1970 when the run that wrote the cache began.
    stamped_ns: i128,
    entries: Vec<Entry>,
}

const FORMAT: &str = "changai-hash-cache";

/// Hashes remembered from an earlier run, and the ones this run vouches for. Shared by every
/// thread of a run (lookups and records go through `&self`).
#[derive(Debug)]
pub struct HashCache {
    known: HashMap<String, (Stamp, String)>,
    /// A remembered file whose mtime is at or after this moment is hashed again (racily clean).
    trusted_before_ns: i128,
    /// When this run began: the stamp saved with the cache.
    started_ns: i128,
    seen: Mutex<BTreeMap<String, (Stamp, String)>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl Default for HashCache {
    fn default() -> Self {
        HashCache {
            known: HashMap::new(),
            trusted_before_ns: i128::MIN,
            started_ns: nanos(SystemTime::now()),
            seen: Mutex::new(BTreeMap::new()),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }
}

impl HashCache {
    /// An empty cache: every file is hashed and recorded.
    pub fn new() -> HashCache {
        HashCache::default()
    }

    /// The cache at `path`; empty (and no warning) when there is none yet. A cache that cannot be
    /// used gives an empty cache and a warning naming it — never a stop.
    pub fn load(path: &Path) -> (HashCache, Option<Diagnostic>) {
        let mut cache = HashCache::new();
        let shown = crate::standard::load::display(path);
        if let Err(e) = std::fs::symlink_metadata(path) {
            if e.kind() == std::io::ErrorKind::NotFound {
                return (cache, None);
            }
        }
        let unusable = |zh: String, en: String| {
            Diagnostic::warning(
                "hash-cache-unusable",
                &shown,
                format!("核对记录无法使用（{zh}），所有文件将重新核对"),
                format!("the hash cache cannot be used ({en}); every file is hashed again"),
            )
        };
        let read = match crate::source::read(path, &shown, CACHE_LIMIT) {
            Ok(read) => read,
            Err(d) => return (cache, Some(unusable(d.message, d.message_en))),
        };
        let file: CacheFile = match serde_json::from_slice(&read.bytes) {
            Ok(f) => f,
            Err(e) => {
                let (zh, en) = crate::source::json_words(&e);
                return (cache, Some(unusable(zh, en)));
            }
        };
        let this = env!("CARGO_PKG_VERSION");
        if file.format != FORMAT || file.version != CACHE_VERSION || file.changai != this {
            return (
                cache,
                Some(unusable(
                    format!("由其他版本的 changai（{}）写入", file.changai),
                    format!("written by another version of changai ({})", file.changai),
                )),
            );
        }
        // The earlier of the run's start and the file's own mtime: git compares with the index
        // file's mtime, which is the file system's clock rather than this machine's.
        let file_mtime = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .map(nanos)
            .unwrap_or(i128::MIN);
        cache.trusted_before_ns = file.stamped_ns.min(file_mtime);
        cache.known = file
            .entries
            .into_iter()
            .map(|e| (e.path, (e.stamp, e.sha256)))
            .collect();
        (cache, None)
    }

    /// The remembered SHA-256 of the file at `abs_path`, when its metadata is exactly what was
    /// recorded and it was not modified around the moment it was hashed. Counts a hit or a miss.
    pub fn lookup(&self, abs_path: &Path, meta: &std::fs::Metadata) -> Option<String> {
        let key = abs_path.to_string_lossy();
        let stamp = Stamp::of(meta);
        let found = self.known.get(key.as_ref()).and_then(|(known, sha)| {
            (*known == stamp && stamp.mtime_ns < self.trusted_before_ns).then(|| sha.clone())
        });
        match &found {
            Some(sha) => {
                self.hits.fetch_add(1, Ordering::Relaxed);
                self.remember(key.into_owned(), stamp, sha.clone());
            }
            None => {
                self.misses.fetch_add(1, Ordering::Relaxed);
            }
        }
        found
    }

    /// Records the hash of a file just read, with the metadata it had while it was read.
    pub fn record(&self, abs_path: &Path, meta: &std::fs::Metadata, sha256: &str) {
        self.remember(
            abs_path.to_string_lossy().into_owned(),
            Stamp::of(meta),
            sha256.to_owned(),
        );
    }

    fn remember(&self, key: String, stamp: Stamp, sha256: String) {
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert(key, (stamp, sha256));
        }
    }

    /// Files whose remembered hash was used.
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }

    /// Files looked up and hashed (not remembered, or changed).
    pub fn misses(&self) -> u64 {
        self.misses.load(Ordering::Relaxed)
    }

    /// Writes what this run looked up or recorded to `path` (atomically; entries not seen in
    /// this run are dropped).
    pub fn save(&self, path: &Path) -> Result<(), Diagnostic> {
        let shown = crate::standard::load::display(path);
        // Every file remembered and found unchanged, none new, none gone: the file on disk says
        // exactly this already (its older stamp trusts no file the new one would not), so it is
        // not written again — on a large unchanged city that write was a good part of the run.
        if self.misses() == 0
            && self.seen.lock().is_ok_and(|seen| {
                seen.len() == self.known.len()
                    && seen
                        .iter()
                        .all(|(k, v)| self.known.get(k).is_some_and(|known| known == v))
            })
            && !self.known.is_empty()
            && path.is_file()
        {
            return Ok(());
        }
        let entries = match self.seen.lock() {
            Ok(seen) => seen
                .iter()
                .map(|(path, (stamp, sha))| Entry {
                    path: path.clone(),
                    stamp: *stamp,
                    sha256: sha.clone(),
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        let file = CacheFile {
            format: FORMAT.to_owned(),
            version: CACHE_VERSION,
            changai: env!("CARGO_PKG_VERSION").to_owned(),
            stamped_ns: self.started_ns,
            entries,
        };
        let bytes = serde_json::to_vec(&file).map_err(|e| {
            Diagnostic::error(
                "hash-cache-write",
                &shown,
                format!("核对记录无法写入：{e}"),
                format!("the hash cache cannot be written: {e}"),
            )
        })?;
        crate::fsutil::write_atomic(path, &bytes)
            .map_err(|e| crate::source::io_diagnostic(&shown, &e))
    }
}
