//! An opened evidence pack: its declarations, its period, and the one scan of its files.

use std::path::{Path, PathBuf};

use super::pack_model::{PackFile, ReviewFile};
use crate::outcome::Period;

/// One file of the pack, found by the single scan.
#[derive(Debug, Clone)]
pub struct ScannedFile {
    /// Relative to the pack root, `/`-separated.
    pub path: String,
    pub size: u64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
}

/// A pack ready to be evaluated. Read-only: nothing in the pack folder is ever written.
#[derive(Debug, Clone)]
pub struct Pack {
    pub root: PathBuf,
    pub file: PackFile,
    /// `review.yaml`, empty when absent.
    pub review: ReviewFile,
    pub period: Period,
    /// Every file of the pack, sorted by path (hidden, temp and outside-pointing files excluded).
    pub files: Vec<ScannedFile>,
    /// SHA-256 over the sorted (path, sha256) list.
    pub digest: String,
}

/// Why a pack could not be opened at all (exit 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    pub message: String,
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PackError {}

impl Pack {
    /// Opens a pack: reads `pack.yaml` (and `review.yaml`), resolves the period, scans the files.
    pub fn open(root: &Path) -> Result<Pack, PackError> {
        Err(PackError {
            message: format!("{}: not yet implemented", root.display()),
        })
    }

    /// The SHA-256 of a pack file by its relative path.
    pub fn sha256_of(&self, path: &str) -> Option<&str> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .map(|i| self.files[i].sha256.as_str())
    }
}
