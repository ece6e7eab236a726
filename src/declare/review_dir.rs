//! The auditor's folder of review files (`audit --reviews DIR`, `review import --reviews DIR`).
//!
//! A community must not be able to edit the re-scores it is judged by, so the auditor keeps one
//! review file per community outside the packs. Each file says whom it is for (`community`,
//! `period`): that, not its file name, is how it is matched to a pack, so a renamed file still
//! finds its pack and a file copied under the wrong name cannot be applied to another one. Two
//! files for the same community and period are an error naming both, and neither is used: which
//! one the auditor meant is not for the tool to guess. A file for no pack is listed
//! ([`ReviewDir::unmatched`]). The folder is only read, each file bounded like `review.yaml`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::evidence::pack::resolve_period;
use crate::evidence::pack_model::ReviewFile;
use crate::outcome::Period;
use crate::source::Limit;
use crate::standard::load::{display, parse_strict};
use crate::standard::schema;

/// At most this many entries are looked at in a reviews folder: a city has hundreds of
/// communities, not millions; a folder past it is an error, not a hang.
pub const MAX_ENTRIES: usize = 100_000;

/// Who a review file is for: the community (trimmed) and the period's first and last day.
type Key = (String, String, String);

/// The review files of a folder, by community and period.
#[derive(Debug, Default, Clone)]
pub struct ReviewDir {
    files: BTreeMap<Key, PathBuf>,
    /// Keys claimed by two or more files: the error naming them, given for the pack it concerns.
    conflicts: BTreeMap<Key, Diagnostic>,
}

impl ReviewDir {
    /// Reads every `.yaml`/`.yml` file of `dir` (not hidden, not in sub-folders). A file that
    /// cannot be read or parsed, or that does not say its community and period, is an error
    /// naming it, and is left out; the others are indexed.
    pub fn scan(dir: &Path) -> (ReviewDir, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut out = ReviewDir::default();
        let shown_dir = display(dir);
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                problems.push(crate::source::io_diagnostic(&shown_dir, &e));
                return (out, problems);
            }
        };
        let mut paths = Vec::new();
        for (n, entry) in entries.enumerate() {
            if n >= MAX_ENTRIES {
                problems.push(Diagnostic::error(
                    "too-many-files",
                    &shown_dir,
                    format!("复核文件夹中的文件超过 {MAX_ENTRIES} 个，其余未读"),
                    format!("the reviews folder holds more than {MAX_ENTRIES} entries; the rest were not read"),
                ));
                break;
            }
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    problems.push(crate::source::io_diagnostic(&shown_dir, &e));
                    continue;
                }
            };
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let yaml = name.ends_with(".yaml") || name.ends_with(".yml");
            if !yaml || name.starts_with('.') || name.starts_with('~') {
                continue;
            }
            paths.push(entry.path());
        }
        paths.sort();
        let mut by_key: BTreeMap<Key, Vec<PathBuf>> = BTreeMap::new();
        for path in paths {
            match whom_for(&path) {
                Ok(key) => by_key.entry(key).or_default().push(path),
                Err(mut d) => problems.append(&mut d),
            }
        }
        for (key, mut paths) in by_key {
            if paths.len() == 1 {
                if let Some(p) = paths.pop() {
                    out.files.insert(key, p);
                }
                continue;
            }
            let names: Vec<String> = paths.iter().map(|p| display(p)).collect();
            let (community, from, to) = &key;
            let d = Diagnostic::error(
                "duplicate-review",
                &names[0],
                format!(
                    "社区“{community}”（{from} 至 {to}）有 {} 份复核文件：{}；都不采用，请只保留一份",
                    names.len(),
                    names.join("、")
                ),
                format!(
                    "the community `{community}` ({from} to {to}) has {} review files: {}; neither is used — keep only one",
                    names.len(),
                    names.join(", ")
                ),
            );
            problems.push(d.clone());
            out.conflicts.insert(key, d);
        }
        (out, problems)
    }

    /// The review file for a pack's community and period: `Ok(None)` when the folder has none,
    /// `Err` when two files claim it (the pack's review cannot be decided).
    pub fn for_pack(&self, community: &str, period: &Period) -> Result<Option<&Path>, Diagnostic> {
        let key = key_of(community, period);
        if let Some(d) = self.conflicts.get(&key) {
            return Err(d.clone());
        }
        Ok(self.files.get(&key).map(PathBuf::as_path))
    }

    /// The review files that are for none of `packs` (community, period): a review for a
    /// community that has no pack, or for another period.
    pub fn unmatched<'a>(
        &self,
        packs: impl IntoIterator<Item = (&'a str, &'a Period)>,
    ) -> Vec<&Path> {
        let wanted: std::collections::BTreeSet<Key> =
            packs.into_iter().map(|(c, p)| key_of(c, p)).collect();
        self.files
            .iter()
            .filter(|(k, _)| !wanted.contains(*k))
            .map(|(_, p)| p.as_path())
            .collect()
    }

    /// Every indexed file, by community and period (duplicates left out).
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.files.values().map(PathBuf::as_path)
    }
}

/// The name `review import` gives the review file of a community and period: the community and
/// the period's label, with every character that is not safe in a file name on any system
/// replaced by `_`.
pub fn file_name(community: &str, period: &Period) -> String {
    let label = if period.from.ends_with("-01-01")
        && period.to.ends_with("-12-31")
        && period.from.get(..4) == period.to.get(..4)
    {
        period.from.get(..4).unwrap_or(&period.from).to_owned()
    } else {
        format!("{}_{}", period.from, period.to)
    };
    let safe = |s: &str| -> String {
        let s = crate::fsutil::safe_chars(s.trim());
        s.trim_start_matches('.').to_owned()
    };
    let community = match safe(community) {
        s if s.is_empty() => "_".to_owned(),
        s => s.chars().take(100).collect(),
    };
    format!("{community}-{}.yaml", safe(&label))
}

fn key_of(community: &str, period: &Period) -> Key {
    (
        community.trim().to_owned(),
        period.from.clone(),
        period.to.clone(),
    )
}

/// Whom a review file is for, read strictly; its faults are errors naming it.
fn whom_for(path: &Path) -> Result<Key, Vec<Diagnostic>> {
    let shown = display(path);
    let text = crate::source::read_utf8(path, &shown, Limit::DECLARATION).map_err(|d| vec![d])?;
    let review: ReviewFile = parse_strict(&shown, &text, &schema::REVIEW)?;
    let Some(community) = &review.community else {
        return Err(vec![Diagnostic::error(
            "review-community",
            &shown,
            "复核文件没有写明社区（community），无法对应到证据包",
            "the review file does not name its community (`community`); it cannot be matched to a pack",
        )]);
    };
    let Some(spec) = &review.period else {
        return Err(vec![Diagnostic::error(
            "review-period",
            &shown,
            "复核文件没有写明评价期（period），无法对应到证据包",
            "the review file does not name its period (`period`); it cannot be matched to a pack",
        )]);
    };
    let period = resolve_period(spec, &text, &shown).map_err(|d| vec![d])?;
    Ok(key_of(community, &period))
}
