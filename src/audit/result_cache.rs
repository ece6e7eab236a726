//! The result cache of `changai audit`: what an earlier audit made of each pack, so that a
//! re-audit of an unchanged city evaluates and renders nothing again.
//!
//! A pack's entry is found by the pack's folder and used only when two things hold. First, its
//! key is this run's key: a SHA-256 over everything that decides the pack's three files — the
//! pack digest (every evidence file and the texts of `pack.yaml` and the review used, from the
//! scan that the hash cache makes cheap), what the scan skipped or could not read, the name the
//! review is shown by, the standard's digest and whether it was given, the profile, the
//! language, the report date, last year's row when one feeds the report, and the version of
//! changai (not the pack's folder as shown, which none of the three files names: an audit run
//! from another folder reuses them). Second, the three files in OUT are the ones that audit wrote: each
//! is stamped like the hash cache stamps evidence (size, device, inode, modification and
//! status-change times), so a file edited, replaced or deleted in OUT makes the pack evaluated
//! again. Then the remembered summary and the files' remembered hashes stand in for the
//! evaluation, and nothing of the pack is read but its metadata.
//!
//! The cache lives beside the hash cache (OUT, or `--cache DIR`), never in a pack. A cache that
//! cannot be used — corrupt, cut short, from another version — is a warning and an empty cache:
//! every pack is evaluated, the run never stops for it. Only the packs of this run are saved.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Summary;
use crate::diagnostic::Diagnostic;
use crate::evidence::cache::{read_versioned, Stamp};
use crate::source::Limit;

/// The result cache's file, beside the hash cache (not in the manifest: it is not a result).
pub const RESULT_CACHE_FILE: &str = ".changai-result-cache.json";
/// Version of the cache file's layout.
pub const RESULT_CACHE_VERSION: u32 = 1;
/// The largest result cache read (tens of thousands of packs).
pub const RESULT_CACHE_LIMIT: Limit = Limit::mib(256);
const FORMAT: &str = "changai-result-cache";

/// One output file of a pack as the audit wrote it into OUT.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Written {
    /// The file's name inside the community's folder.
    pub name: String,
    pub stamp: Stamp,
    pub sha256: String,
}

/// What an audit made of one pack: the key it was made under, its summary (with the folder in
/// OUT it was written to) and its files there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    pub key: String,
    pub summary: Summary,
    pub written: Vec<Written>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CacheFile {
    format: String,
    version: u32,
    changai: String,
    /// By the pack's folder (canonical path).
    packs: BTreeMap<String, Kept>,
}

/// [`CacheFile`] as it is written, borrowing what it writes (a city's summaries are not copied).
#[derive(Serialize)]
struct CacheFileOut<'a> {
    format: &'a str,
    version: u32,
    changai: &'a str,
    packs: &'a BTreeMap<String, Kept>,
}

/// The results remembered from an earlier audit, and the ones this run vouches for. Shared by
/// every thread of a run.
#[derive(Debug, Default)]
pub struct ResultCache {
    known: HashMap<String, Kept>,
    seen: Mutex<BTreeMap<String, Kept>>,
    reused: AtomicU64,
    evaluated: AtomicU64,
}

/// The key of one pack's outputs, from the parts that decide them (each length-prefixed, so no
/// two lists of parts give one key).
pub fn key(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    h.update(b"changai result key 1\0");
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    for part in parts {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    crate::evidence::pack::hex(&h.finalize())
}

/// A pack's folder as the cache knows it: its canonical path, the same from whatever folder the
/// audit is run (as given, where it cannot be resolved).
fn folder_id(pack: &Path) -> String {
    std::fs::canonicalize(pack)
        .as_deref()
        .unwrap_or(pack)
        .to_string_lossy()
        .into_owned()
}

impl ResultCache {
    /// An empty cache: every pack is evaluated and recorded.
    pub fn new() -> ResultCache {
        ResultCache::default()
    }

    /// The cache at `path`; empty (and no warning) when there is none yet. A cache that cannot be
    /// used gives an empty cache and a warning naming it — never a stop.
    pub fn load(path: &Path) -> (ResultCache, Option<Diagnostic>) {
        let cache = ResultCache::new();
        let shown = crate::standard::load::display(path);
        let unusable = |zh: String, en: String| {
            Diagnostic::warning(
                "result-cache-unusable",
                &shown,
                format!("评估记录无法使用（{zh}），所有证据包将重新评估"),
                format!("the result cache cannot be used ({en}); every pack is evaluated again"),
            )
        };
        let header = |f: &CacheFile| (f.format.clone(), f.version, f.changai.clone());
        let limit = RESULT_CACHE_LIMIT;
        let read = read_versioned(path, &shown, limit, header, FORMAT, RESULT_CACHE_VERSION);
        let file: CacheFile = match read {
            Ok(Some(file)) => file,
            Ok(None) => return (cache, None),
            Err((zh, en)) => return (cache, Some(unusable(zh, en))),
        };
        let mut cache = cache;
        cache.known = file.packs.into_iter().collect();
        (cache, None)
    }

    /// What an earlier audit made of the pack at `pack` under the same `key`, when its files in
    /// `out` are still exactly the ones it wrote (their stamps unchanged).
    pub fn lookup(&self, pack: &Path, key: &str, out: &Path) -> Option<Kept> {
        let kept = self.known.get(&folder_id(pack))?;
        if kept.key != key || kept.written.is_empty() {
            return None;
        }
        let folder = out.join(&kept.summary.folder);
        let intact = kept.written.iter().all(|w| {
            std::fs::symlink_metadata(folder.join(&w.name))
                .is_ok_and(|m| m.file_type().is_file() && Stamp::of(&m) == w.stamp)
        });
        intact.then(|| kept.clone())
    }

    /// Records what this run made of (or kept for) the pack at `pack`.
    pub fn record(&self, pack: &Path, kept: Kept, reused: bool) {
        let counter = if reused {
            &self.reused
        } else {
            &self.evaluated
        };
        counter.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert(folder_id(pack), kept);
        }
    }

    /// Packs whose remembered results were used.
    pub fn reused(&self) -> u64 {
        self.reused.load(Ordering::Relaxed)
    }

    /// Packs evaluated (not remembered, or something changed).
    pub fn evaluated(&self) -> u64 {
        self.evaluated.load(Ordering::Relaxed)
    }

    /// Writes what this run recorded to `path` (atomically; packs not in this run are dropped).
    pub fn save(&self, path: &Path) -> Result<(), Diagnostic> {
        let shown = crate::standard::load::display(path);
        let empty = BTreeMap::new();
        let seen = self.seen.lock();
        // Every pack reused as it was, none new, none gone: the file already says this.
        let unchanged = seen.as_deref().is_ok_and(|seen| {
            !seen.is_empty()
                && seen.len() == self.known.len()
                && seen
                    .iter()
                    .all(|(k, v)| self.known.get(k).is_some_and(|known| known == v))
        });
        if unchanged && self.evaluated() == 0 && path.is_file() {
            return Ok(());
        }
        let file = CacheFileOut {
            format: FORMAT,
            version: RESULT_CACHE_VERSION,
            changai: env!("CARGO_PKG_VERSION"),
            packs: seen.as_deref().unwrap_or(&empty),
        };
        let bytes = serde_json::to_vec(&file).map_err(|e| {
            Diagnostic::error(
                "result-cache-write",
                &shown,
                format!("评估记录无法写入：{e}"),
                format!("the result cache cannot be written: {e}"),
            )
        })?;
        crate::fsutil::write_atomic(path, &bytes)
            .map_err(|e| crate::source::io_diagnostic(&shown, &e))
    }
}
