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
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::source::Limit;

/// Version of the cache file's layout.
pub const CACHE_VERSION: u32 = 2;
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

/// One file's entry as it is written: `[size, dev, ino, mtime_ns, ctime_ns, sha256]`, by its
/// path relative to the pack's root. An array rather than an object: a city's cache is mostly
/// these, and field names repeated half a million times were most of its bytes.
#[derive(Debug, Clone, Serialize)]
struct Entry<'a>(u64, u64, u64, i128, i128, &'a str);

/// One remembered file: where its path lies in [`Known::names`], its stamp and SHA-256, and
/// whether this run found it unchanged (a hit).
#[derive(Debug)]
struct KnownFile {
    name: (u32, u32),
    stamp: Stamp,
    sha256: [u8; 32],
    hit: AtomicBool,
}

/// The files of one pack remembered from the cache file, sorted by path. The paths share one
/// string, so that a city's cache is a few allocations per pack rather than two per file: it is
/// read, searched and dropped on every re-audit, and those were most of a warm run's own time.
#[derive(Debug, Default)]
struct Known {
    names: String,
    files: Vec<KnownFile>,
}

/// The path `span` of `names` (a [`KnownFile::name`]).
fn span(names: &str, (from, len): (u32, u32)) -> &str {
    let from = from as usize;
    names.get(from..from + len as usize).unwrap_or_default()
}

impl Known {
    fn name(&self, file: &KnownFile) -> &str {
        span(&self.names, file.name)
    }

    fn find(&self, rel: &str) -> Option<&KnownFile> {
        self.files
            .binary_search_by(|f| self.name(f).cmp(rel))
            .ok()
            .map(|i| &self.files[i])
    }
}

/// A string as the file has it (a path, a SHA-256): borrowed from the cache's text unless it had
/// escapes, so reading a pack's part makes no string per file.
struct Key<'de>(std::borrow::Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a path")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(Visit)
    }
}

/// A SHA-256 as 64 hex digits, read into its 32 bytes.
fn sha_bytes(hex: &str) -> Option<[u8; 32]> {
    let digits = hex.as_bytes();
    if digits.len() != 64 {
        return None;
    }
    let value = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = [0u8; 32];
    for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        *byte = value(pair[0])? << 4 | value(pair[1])?;
    }
    Some(out)
}

impl<'de> Deserialize<'de> for Known {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Known;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a pack's files by path")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Known, A::Error> {
                let mut known = Known::default();
                type Raw<'a> = (u64, u64, u64, i128, i128, Key<'a>);
                while let Some(Key(rel)) = map.next_key::<Key<'de>>()? {
                    let (size, dev, ino, mtime_ns, ctime_ns, Key(sha)): Raw<'de> =
                        map.next_value()?;
                    let sha256 = sha_bytes(&sha).ok_or_else(|| {
                        serde::de::Error::custom(format!("`{rel}`: not a SHA-256"))
                    })?;
                    let (Ok(from), Ok(len)) =
                        (u32::try_from(known.names.len()), u32::try_from(rel.len()))
                    else {
                        return Err(serde::de::Error::custom("too many paths"));
                    };
                    known.names.push_str(&rel);
                    known.files.push(KnownFile {
                        name: (from, len),
                        stamp: Stamp {
                            size,
                            dev,
                            ino,
                            mtime_ns,
                            ctime_ns,
                        },
                        sha256,
                        hit: AtomicBool::new(false),
                    });
                }
                // Written sorted; a file put in another order is sorted, a path given twice
                // counts once (its last entry, as a map reads it).
                let names = std::mem::take(&mut known.names);
                let name = |f: &KnownFile| span(&names, f.name);
                if !known.files.windows(2).all(|w| name(&w[0]) < name(&w[1])) {
                    let mut files = std::mem::take(&mut known.files);
                    files.reverse();
                    files.sort_by(|a, b| name(a).cmp(name(b)));
                    files.dedup_by(|later, earlier| name(later) == name(earlier));
                    known.files = files;
                }
                known.names = names;
                Ok(known)
            }
        }
        d.deserialize_map(Visit)
    }
}

/// The files of one pack this run hashed, by path (what a later run will find).
type Recorded = BTreeMap<String, (Stamp, String)>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CacheFile {
    format: String,
    version: u32,
    changai: String,
    /// Nanoseconds since 1970 when the run that wrote the cache began.
    #[serde(default)]
    stamped_ns: Option<i128>,
    /// By the pack's canonical root, then by the file's path under it; each pack's part read
    /// on its own, side by side.
    #[serde(default)]
    packs: Option<BTreeMap<String, Box<serde_json::value::RawValue>>>,
    /// The layout of version 1 (one entry per file, by absolute path): read only to be refused
    /// by its version, not as a malformed file.
    #[serde(default)]
    entries: Option<serde::de::IgnoredAny>,
}

/// [`CacheFile`] as it is written, borrowing what it writes.
#[derive(Serialize)]
struct CacheFileOut<'a> {
    format: &'a str,
    version: u32,
    changai: &'a str,
    stamped_ns: i128,
    packs: BTreeMap<&'a str, BTreeMap<&'a str, Entry<'a>>>,
}

const FORMAT: &str = "changai-hash-cache";

/// Hashes remembered from an earlier run, and the ones this run vouches for. Shared by every
/// thread of a run; each pack's scan looks files up through [`HashCache::pack`].
#[derive(Debug)]
pub struct HashCache {
    known: HashMap<String, Known>,
    /// A remembered file whose mtime is at or after this moment is hashed again (racily clean).
    trusted_before_ns: i128,
    /// When this run began: the stamp saved with the cache.
    started_ns: i128,
    /// Files hashed in this run, by pack root.
    recorded: Mutex<BTreeMap<String, Recorded>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl Default for HashCache {
    fn default() -> Self {
        HashCache {
            known: HashMap::new(),
            trusted_before_ns: i128::MIN,
            started_ns: nanos(SystemTime::now()),
            recorded: Mutex::new(BTreeMap::new()),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }
}

/// The cache as one pack's scan sees it: lookups by the path under the pack's root. What the
/// scan hashes is gathered here and handed to the cache when the scan is done (dropped); what it
/// finds unchanged is marked where it is remembered.
#[derive(Debug)]
pub struct PackCache<'a> {
    cache: &'a HashCache,
    root: String,
    known: Option<&'a Known>,
    recorded: Mutex<Vec<(String, Stamp, String)>>,
}

impl PackCache<'_> {
    /// The remembered SHA-256 of the file at `rel` under the pack's root, when its metadata is
    /// exactly what was recorded and it was not modified around the moment it was hashed.
    /// Counts a hit or a miss.
    pub fn lookup(&self, rel: &str, meta: &std::fs::Metadata) -> Option<String> {
        let stamp = Stamp::of(meta);
        let found = self
            .known
            .and_then(|k| k.find(rel))
            .filter(|known| known.stamp == stamp && stamp.mtime_ns < self.cache.trusted_before_ns);
        match found {
            Some(known) => {
                self.cache.hits.fetch_add(1, Ordering::Relaxed);
                known.hit.store(true, Ordering::Relaxed);
                Some(super::pack::hex(&known.sha256))
            }
            None => {
                self.cache.misses.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// Records the hash of a file just read, with the metadata it had while it was read.
    pub fn record(&self, rel: &str, meta: &std::fs::Metadata, sha256: &str) {
        if let Ok(mut recorded) = self.recorded.lock() {
            recorded.push((rel.to_owned(), Stamp::of(meta), sha256.to_owned()));
        }
    }
}

impl Drop for PackCache<'_> {
    fn drop(&mut self) {
        let files = match self.recorded.get_mut() {
            Ok(files) => std::mem::take(files),
            Err(_) => return,
        };
        if files.is_empty() {
            return;
        }
        if let Ok(mut recorded) = self.cache.recorded.lock() {
            let pack = recorded.entry(std::mem::take(&mut self.root)).or_default();
            for (rel, stamp, sha) in files {
                pack.insert(rel, (stamp, sha));
            }
        }
    }
}

/// Reads a cache file of this build: `Ok(None)` when there is none yet; `Err` with the reason,
/// in both languages, when it cannot be used — unreadable or too large (`limit`), not JSON of
/// this shape, or another `format`, layout `version` or version of changai (`header` gives the
/// file's three). Both caches (hashes here, results in `crate::audit`) read through it; what a
/// caller does with an unusable cache is its own warning and a fresh start.
pub fn read_versioned<T: serde::de::DeserializeOwned>(
    path: &Path,
    shown: &str,
    limit: Limit,
    header: impl Fn(&T) -> (String, u32, String),
    format: &str,
    version: u32,
) -> Result<Option<T>, (String, String)> {
    if let Err(e) = std::fs::symlink_metadata(path) {
        if e.kind() == std::io::ErrorKind::NotFound {
            return Ok(None);
        }
    }
    let read = crate::source::read(path, shown, limit).map_err(|d| (d.message, d.message_en))?;
    let file: T = serde_json::from_slice(&read.bytes).map_err(|e| crate::source::json_words(&e))?;
    let (file_format, file_version, changai) = header(&file);
    if file_format != format || file_version != version || changai != env!("CARGO_PKG_VERSION") {
        return Err((
            format!("由其他版本的 changai（{changai}）写入"),
            format!("written by another version of changai ({changai})"),
        ));
    }
    Ok(Some(file))
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
        let unusable = |zh: String, en: String| {
            Diagnostic::warning(
                "hash-cache-unusable",
                &shown,
                format!("核对记录无法使用（{zh}），所有文件将重新核对"),
                format!("the hash cache cannot be used ({en}); every file is hashed again"),
            )
        };
        let header = |f: &CacheFile| (f.format.clone(), f.version, f.changai.clone());
        let file: CacheFile =
            match read_versioned(path, &shown, CACHE_LIMIT, header, FORMAT, CACHE_VERSION) {
                Ok(Some(file)) => file,
                Ok(None) => return (cache, None),
                Err((zh, en)) => return (cache, Some(unusable(zh, en))),
            };
        let (Some(stamped_ns), Some(packs), None) = (file.stamped_ns, file.packs, file.entries)
        else {
            return (
                cache,
                Some(unusable(
                    "缺少 stamped_ns 或 packs".to_owned(),
                    "`stamped_ns` or `packs` is missing".to_owned(),
                )),
            );
        };
        // Each pack's part is read on its own thread; one that is not of this shape makes the
        // whole cache unusable, as a malformed file does.
        use rayon::prelude::*;
        let known: Result<HashMap<String, Known>, serde_json::Error> = packs
            .into_par_iter()
            .map(|(root, raw)| serde_json::from_str::<Known>(raw.get()).map(|k| (root, k)))
            .collect();
        let known = match known {
            Ok(known) => known,
            Err(e) => {
                let (zh, en) = crate::source::json_words(&e);
                return (cache, Some(unusable(zh, en)));
            }
        };
        // The earlier of the run's start and the file's own mtime: git compares with the index
        // file's mtime, which is the file system's clock rather than this machine's.
        let file_mtime = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .map(nanos)
            .unwrap_or(i128::MIN);
        cache.trusted_before_ns = stamped_ns.min(file_mtime);
        cache.known = known;
        (cache, None)
    }

    /// The cache for the pack whose canonical root is `root`.
    pub fn pack(&self, root: &Path) -> PackCache<'_> {
        let root = root.to_string_lossy().into_owned();
        PackCache {
            cache: self,
            known: self.known.get(&root),
            root,
            recorded: Mutex::new(Vec::new()),
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

    /// Writes what this run found unchanged or hashed to `path` (atomically; entries not seen in
    /// this run are dropped).
    pub fn save(&self, path: &Path) -> Result<(), Diagnostic> {
        let shown = crate::standard::load::display(path);
        let Ok(recorded) = self.recorded.lock() else {
            return Ok(());
        };
        // Every file remembered and found unchanged, none new, none gone: the file on disk says
        // exactly this already (its older stamp trusts no file the new one would not), so it is
        // not written again — on a large unchanged city that write was a good part of the run.
        let all_hit = || {
            self.known
                .values()
                .all(|k| k.files.iter().all(|f| f.hit.load(Ordering::Relaxed)))
        };
        if self.misses() == 0
            && recorded.is_empty()
            && !self.known.is_empty()
            && all_hit()
            && path.is_file()
        {
            return Ok(());
        }
        let hexes: BTreeMap<&str, Vec<String>> = self
            .known
            .iter()
            .map(|(root, k)| {
                let hexes = k
                    .files
                    .iter()
                    .map(|f| super::pack::hex(&f.sha256))
                    .collect();
                (root.as_str(), hexes)
            })
            .collect();
        let mut packs: BTreeMap<&str, BTreeMap<&str, Entry>> = BTreeMap::new();
        for (root, k) in &self.known {
            let hexes = &hexes[root.as_str()];
            for (f, sha) in k.files.iter().zip(hexes) {
                if f.hit.load(Ordering::Relaxed) {
                    let s = f.stamp;
                    let entry = Entry(s.size, s.dev, s.ino, s.mtime_ns, s.ctime_ns, sha);
                    packs
                        .entry(root.as_str())
                        .or_default()
                        .insert(k.name(f), entry);
                }
            }
        }
        for (root, files) in recorded.iter() {
            let pack = packs.entry(root.as_str()).or_default();
            for (rel, (s, sha)) in files {
                let entry = Entry(s.size, s.dev, s.ino, s.mtime_ns, s.ctime_ns, sha);
                pack.insert(rel.as_str(), entry);
            }
        }
        let file = CacheFileOut {
            format: FORMAT,
            version: CACHE_VERSION,
            changai: env!("CARGO_PKG_VERSION"),
            stamped_ns: self.started_ns,
            packs,
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
