//! An opened evidence pack: its declarations, its period, and the one scan of its files.
//!
//! Opening a pack reads `pack.yaml` and `review.yaml` strictly (a misspelled key is an error with
//! its line, never a silent drop) and walks the folder exactly once: every later question about
//! files ("which files match this glob?", "what is this file's hash?") is answered from that scan.
//! Nothing in the pack folder is ever written.

use std::path::{Path, PathBuf};

use super::dates::parse_iso;
use super::pack_model::{PackFile, PeriodSpec, ReviewFile};
use crate::cannot_run::CannotRun;
use crate::diagnostic::Diagnostic;
use crate::outcome::Period;
use crate::source::Limit;
use crate::standard::load::parse_strict;
use crate::standard::schema;
use crate::standard::source_map::SourceMap;

/// The pack's own description, at the pack root.
pub const PACK_FILE: &str = "pack.yaml";
/// Reviewers' attestations, at the pack root (optional).
pub const REVIEW_FILE: &str = "review.yaml";

/// One file of the pack, found by the single scan.
#[derive(Debug, Clone)]
pub struct ScannedFile {
    /// Relative to the pack root, `/`-separated.
    pub path: String,
    pub size: u64,
    /// Hex SHA-256 of the content (empty when the file could not be read).
    pub sha256: String,
    /// Why the file could not be read (permission denied, a read error): it is kept in the
    /// list so that a check matching it is an error naming it, not a silent "not found".
    pub unreadable: Option<crate::standard::model::Text>,
}

/// A pack ready to be evaluated. Read-only: nothing in the pack folder is ever written.
#[derive(Debug, Clone)]
pub struct Pack {
    pub root: PathBuf,
    pub file: PackFile,
    /// `review.yaml` (or the review file kept outside the pack), empty when absent.
    pub review: ReviewFile,
    /// The name the review file is shown by in messages: `review.yaml`, or the path of the
    /// review file kept outside the pack ([`Opening::review`]).
    pub review_name: String,
    pub period: Period,
    /// Every file of the pack, sorted by path (hidden, temp and outside-pointing files excluded).
    pub files: Vec<ScannedFile>,
    /// The pack digest (`seal::pack_digest`): every file and both declaration texts.
    pub digest: String,
    /// What the scan skipped or could not read, and why (links leading outside the pack, special
    /// files, unreadable files and folders, names that are not Unicode).
    pub problems: Vec<Diagnostic>,
    /// The texts of `pack.yaml` and `review.yaml` as they were parsed (`None`: no review.yaml),
    /// so that later findings point at their lines without reading the pack again, and the seal
    /// covers exactly what was parsed.
    pub pack_text: String,
    pub review_text: Option<String>,
}

/// How a pack is opened: where its review comes from, and which hashes an earlier run may vouch
/// for. The default reads the pack's own `review.yaml` and hashes every file.
#[derive(Debug, Default, Clone, Copy)]
pub struct Opening<'a> {
    /// A review file the auditor keeps outside the pack (`audit --reviews`), read instead of the
    /// pack's own `review.yaml`.
    pub review: Option<&'a Path>,
    /// The auditor's folder of review files (`audit --reviews`): the file in it for the pack's
    /// community and period is read instead of the pack's own `review.yaml`; with none there,
    /// the pack is unreviewed — its own `review.yaml`, which the community can edit, is not used.
    pub reviews: Option<&'a crate::declare::review_dir::ReviewDir>,
    /// Hashes remembered from an earlier run (`audit`'s cache); `None`: every file is hashed.
    pub cache: Option<&'a super::cache::HashCache>,
    /// Called with a file's path after it was hashed and before its metadata is taken again to
    /// see whether it moved meanwhile: the seam through which a test changes a file while it is
    /// hashed, deterministically. `None` everywhere but in tests.
    pub after_hash: Option<AfterHash<'a>>,
}

/// See [`Opening::after_hash`].
#[derive(Clone, Copy)]
pub struct AfterHash<'a>(pub &'a (dyn Fn(&Path) + Sync));

impl std::fmt::Debug for AfterHash<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AfterHash")
    }
}

impl Pack {
    /// Opens a pack: reads `pack.yaml` (and `review.yaml`), resolves the period, scans the files.
    /// A pack that cannot be opened (exit 2) names the file and, for a faulty declaration, every
    /// fault with its line, column and help, the texts kept for snippets.
    pub fn open(root: &Path) -> Result<Pack, CannotRun> {
        Pack::open_with(root, Opening::default())
    }

    /// [`Pack::open`] with a review kept elsewhere, or a hash cache ([`Opening`]).
    pub fn open_with(root: &Path, opening: Opening<'_>) -> Result<Pack, CannotRun> {
        let shown = crate::standard::load::display(root);
        if !root.is_dir() {
            return Err(Diagnostic::error(
                "not-a-pack",
                &shown,
                "不是文件夹，或不存在",
                "not a folder or does not exist",
            )
            .into());
        }
        let pack_text = read_declaration(&root.join(PACK_FILE), PACK_FILE)?.ok_or_else(|| {
            Diagnostic::error(
                "not-a-pack",
                &shown,
                format!("缺少 `{PACK_FILE}`"),
                format!("the folder has no `{PACK_FILE}`"),
            )
        })?;
        // A review kept outside the pack is read instead of the pack's own; it must exist.
        let mut notes = Vec::new();
        let kept = match (opening.review, opening.reviews) {
            (None, Some(dir)) => Some(review_in(dir, &pack_text)?),
            _ => None,
        };
        let own_unused = |notes: &mut Vec<Diagnostic>, name: &str| {
            if std::fs::symlink_metadata(root.join(REVIEW_FILE)).is_ok() {
                notes.push(Diagnostic::warning(
                    "review-not-used",
                    REVIEW_FILE,
                    format!("证据包自带的复核文件未采用，采用的是审核方保存的复核文件“{name}”"),
                    format!("the pack's own review file was not used; the auditor's review file `{name}` was used instead"),
                ));
            }
        };
        let (review_name, review_text) = match opening.review.or(kept.flatten()) {
            None if kept.is_some() => {
                if std::fs::symlink_metadata(root.join(REVIEW_FILE)).is_ok() {
                    notes.push(Diagnostic::warning(
                        "review-not-used",
                        REVIEW_FILE,
                        "证据包自带的复核文件未采用：审核方的复核文件夹中没有这个社区本期的复核文件，按未复评计",
                        "the pack's own review file was not used: the auditor's reviews folder has no review file for this community and period, so it counts as not reviewed",
                    ));
                }
                (REVIEW_FILE.to_owned(), None)
            }
            None => (
                REVIEW_FILE.to_owned(),
                read_declaration(&root.join(REVIEW_FILE), REVIEW_FILE)?,
            ),
            Some(path) => {
                let name = crate::standard::load::display(path);
                let text = crate::source::read(path, &name, Limit::DECLARATION)
                    .and_then(|read| crate::source::utf8(read.bytes, &name))?;
                own_unused(&mut notes, &name);
                (name, Some(text))
            }
        };
        // Both declarations are diagnosed before either fault stops the run: an officer fixes
        // them in one go.
        let file = parse_strict::<PackFile>(PACK_FILE, &pack_text, &schema::PACK);
        let review = match &review_text {
            Some(text) => parse_strict::<ReviewFile>(&review_name, text, &schema::REVIEW),
            None => Ok(ReviewFile::default()),
        };
        let (file, review) = match (file, review) {
            (Ok(file), Ok(review)) => (file, review),
            (file, review) => {
                let mut failure = CannotRun::new(
                    file.err()
                        .into_iter()
                        .chain(review.err())
                        .flatten()
                        .collect(),
                )
                .with_source(PACK_FILE, pack_text.clone());
                if let Some(text) = &review_text {
                    failure = failure.with_source(&review_name, text.clone());
                }
                return Err(failure);
            }
        };
        let in_pack_yaml =
            |d: Diagnostic| CannotRun::from(d).with_source(PACK_FILE, pack_text.clone());
        let period = resolve_period(&file.period, &pack_text, PACK_FILE).map_err(in_pack_yaml)?;
        if let Some(text) = &review_text {
            let outside = opening.review.is_some() || kept.is_some();
            check_review_for(&file, &period, &review, text, &review_name, outside)
                .map_err(|d| CannotRun::new(d).with_source(&review_name, text.clone()))?;
        }
        let (files, mut problems) = scan(root, opening.cache, opening.after_hash);
        problems.splice(0..0, notes);
        if let Some(plan) = &file.plan {
            check_plan_path(plan, &files, &pack_text).map_err(in_pack_yaml)?;
        }
        let digest = super::seal::pack_digest(&files, &pack_text, review_text.as_deref());
        Ok(Pack {
            root: root.to_path_buf(),
            file,
            review,
            review_name,
            period,
            files,
            digest,
            problems,
            pack_text,
            review_text,
        })
    }

    /// Names the review file kept outside the pack as the user gave it (`given`) instead of by
    /// the full path it was read from, in this pack's messages; called before the pack is
    /// evaluated, so the sealed results carry the name the user knows.
    pub fn show_review_as(&mut self, given: &Path) {
        let (full, given) = (
            self.review_name.clone(),
            crate::standard::load::display(given),
        );
        if full == REVIEW_FILE || full == given {
            return;
        }
        for d in &mut self.problems {
            d.replace_path(&full, &given);
        }
        self.review_name = given;
    }

    /// A review file that names its standard must name the one the pack is evaluated against
    /// (by id): a review made for another standard is not applied. The error points at the
    /// review's line and names both standards.
    pub fn check_review_standard(
        &self,
        standard: &crate::standard::Standard,
    ) -> Result<(), CannotRun> {
        let (Some(named), Some(text)) = (&self.review.standard, &self.review_text) else {
            return Ok(());
        };
        if named.id == standard.id {
            return Ok(());
        }
        let at = SourceMap::build(text).value("/standard/id");
        let (n_id, n_v, id, v) = (&named.id, &named.version, &standard.id, &standard.version);
        let d = Diagnostic::error(
            "review-standard",
            &self.review_name,
            format!("复核文件是按标准“{n_id} {n_v}”做的，而本次评估用的是标准“{id} {v}”，不能采用"),
            format!("the review was made against the standard `{n_id} {n_v}`, but this evaluation uses `{id} {v}`; it cannot be applied"),
        )
        .at(at);
        Err(CannotRun::from(d).with_source(&self.review_name, text.clone()))
    }

    /// The SHA-256 of a pack file by its relative path.
    pub fn sha256_of(&self, path: &str) -> Option<&str> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .and_then(|i| self.files.get(i))
            .map(|f| f.sha256.as_str())
    }

    /// The bytes of a scanned file, through the one bounded reader, refused when they are not
    /// the bytes the scan hashed: a file swapped during the run must not be used under the hash
    /// recorded for its old content.
    pub fn read(&self, path: &str, limit: Limit) -> Result<Vec<u8>, Diagnostic> {
        let Some(scanned) = self.file_at(path) else {
            return Err(Diagnostic::error(
                "not-found",
                path,
                "证据包中没有这个文件",
                "no such file in the pack",
            ));
        };
        if let Some(problem) = &scanned.unreadable {
            return Err(Diagnostic::error(
                "unreadable-file",
                path,
                problem.zh.clone(),
                problem.en.clone(),
            ));
        }
        let read = crate::source::read(&self.root.join(path), path, limit)?;
        if read.sha256 != scanned.sha256 {
            return Err(Diagnostic::error(
                "changed-during-run",
                path,
                "文件在评估过程中被改动（内容与开始时不同），本次不予采信；请在文件不再变动时重新评估",
                "the file changed during the run (its content differs from the scan); not used — evaluate again when files are no longer changing",
            ));
        }
        Ok(read.bytes)
    }

    /// The task list named by `plan:` in pack.yaml, read from the pack, if there is one.
    pub fn plan(&self) -> Result<Option<crate::render::report::Plan>, Diagnostic> {
        let Some(rel) = &self.file.plan else {
            return Ok(None);
        };
        let bytes = self.read(rel, Limit::PLAN)?;
        crate::render::report::Plan::parse(rel, bytes).map(Some)
    }

    /// The scanned file at a relative path.
    pub fn file_at(&self, path: &str) -> Option<&ScannedFile> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .and_then(|i| self.files.get(i))
    }
}

/// The text of a declaration file, `None` when it does not exist; read through the one bounded
/// reader (regular files only, [`Limit::DECLARATION`]).
fn read_declaration(path: &Path, name: &str) -> Result<Option<String>, Diagnostic> {
    if let Err(e) = std::fs::symlink_metadata(path) {
        if e.kind() == std::io::ErrorKind::NotFound {
            return Ok(None);
        }
    }
    let read = crate::source::read(path, name, Limit::DECLARATION)?;
    crate::source::utf8(read.bytes, name).map(Some)
}

/// `plan:` names a file of this pack: a relative path inside it, among the scanned files. A
/// path leaving the pack (`../`, absolute) would put any file of the machine into the report.
fn check_plan_path(plan: &str, files: &[ScannedFile], pack_text: &str) -> Result<(), Diagnostic> {
    let at = SourceMap::build(pack_text).value("/plan");
    let inside = std::path::Path::new(plan)
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)))
        && !plan.contains('\\');
    if !inside {
        return Err(Diagnostic::error(
            "plan-outside-pack",
            PACK_FILE,
            format!("任务清单“{plan}”不在证据包内；请把它放进证据包（如 data/任务清单.xlsx），或用 --plan 指定"),
            format!("the task list `{plan}` is outside the pack; put it in the pack (e.g. data/任务清单.xlsx) or pass it with --plan"),
        ).at(at));
    }
    if files
        .binary_search_by(|f| f.path.as_str().cmp(plan))
        .is_err()
    {
        return Err(Diagnostic::error(
            "plan-not-found",
            PACK_FILE,
            format!("找不到任务清单“{plan}”"),
            format!("the task list `{plan}` is not in the pack"),
        )
        .at(at));
    }
    Ok(())
}

/// A review says whom it is for: its `community` and `period`, when written (always, for a review
/// kept outside the pack), must be the pack's. Every mismatch is an error at its line, naming
/// both values.
fn check_review_for(
    file: &PackFile,
    period: &Period,
    review: &ReviewFile,
    text: &str,
    name: &str,
    outside: bool,
) -> Result<(), Vec<Diagnostic>> {
    let map = SourceMap::build(text);
    let mut faults = Vec::new();
    match &review.community {
        Some(c) if c.trim() != file.community.trim() => faults.push(
            Diagnostic::error(
                "review-community",
                name,
                format!("复核文件是为社区“{c}”做的，而证据包是社区“{}”的，不能采用", file.community),
                format!("the review is for the community `{c}`, but the pack is `{}`'s; it cannot be applied", file.community),
            )
            .at(map.value("/community")),
        ),
        None if outside => faults.push(
            Diagnostic::error(
                "review-community",
                name,
                "证据包外的复核文件必须写明社区（community），以免用错证据包",
                "a review file kept outside the pack must name its community (`community`), so that it cannot be applied to the wrong pack",
            )
            .with_help(
                format!("在文件开头写上 community: {}", file.community),
                format!("add `community: {}` at the top of the file", file.community),
            ),
        ),
        _ => {}
    }
    match &review.period {
        Some(spec) => match resolve_period(spec, text, name) {
            Err(d) => faults.push(d),
            Ok(p) if (p.from.as_str(), p.to.as_str()) != (period.from.as_str(), period.to.as_str()) => {
                faults.push(
                    Diagnostic::error(
                        "review-period",
                        name,
                        format!("复核文件的评价期是“{}”，而证据包的评价期是“{}”，不能采用", p.label, period.label),
                        format!("the review is for the period `{}`, but the pack's period is `{}`; it cannot be applied", p.label, period.label),
                    )
                    .at(map.value("/period")),
                )
            }
            Ok(_) => {}
        },
        None if outside => faults.push(
            Diagnostic::error(
                "review-period",
                name,
                "证据包外的复核文件必须写明评价期（period），以免用错证据包",
                "a review file kept outside the pack must name its period (`period`), so that it cannot be applied to the wrong pack",
            )
            .with_help(
                format!("在文件开头写上 period: {}", period.label),
                format!("add `period: {}` at the top of the file", period.label),
            ),
        ),
        None => {}
    }
    if faults.is_empty() {
        Ok(())
    } else {
        Err(faults)
    }
}

/// The review file that the auditor's folder holds for the pack whose `pack.yaml` is
/// `pack_text` (`Ok(None)`: none). A pack.yaml that cannot be read says nothing here: opening
/// the pack reports its faults. Two files claiming the pack are an error naming both.
fn review_in<'a>(
    dir: &'a crate::declare::review_dir::ReviewDir,
    pack_text: &str,
) -> Result<Option<&'a Path>, CannotRun> {
    let Ok(file) = parse_strict::<PackFile>(PACK_FILE, pack_text, &schema::PACK) else {
        return Ok(None);
    };
    let Ok(period) = resolve_period(&file.period, pack_text, PACK_FILE) else {
        return Ok(None);
    };
    dir.for_pack(&file.community, &period)
        .map_err(CannotRun::from)
}

/// The review period: a year is 1 January to 31 December; a range is checked to be real dates in
/// order.
pub(crate) fn resolve_period(
    spec: &PeriodSpec,
    pack_text: &str,
    file: &str,
) -> Result<Period, Diagnostic> {
    let at = |pointer: &str| SourceMap::build(pack_text).value(pointer);
    match spec {
        PeriodSpec::Year(year) => {
            if !(1900..=2199).contains(year) {
                return Err(Diagnostic::error(
                    "period",
                    file,
                    format!("年份 `{year}` 不合理"),
                    format!("`{year}` is not a plausible year"),
                )
                .at(at("/period")));
            }
            Ok(Period {
                from: format!("{year:04}-01-01"),
                to: format!("{year:04}-12-31"),
                label: year.to_string(),
            })
        }
        PeriodSpec::Range { from, to } => {
            let not_a_date = |text: &str, pointer: &str| {
                Diagnostic::error(
                    "period",
                    file,
                    format!("`{text}` 不是 YYYY-MM-DD 格式的日期"),
                    format!("`{text}` is not a YYYY-MM-DD date"),
                )
                .at(at(pointer))
            };
            let f = parse_iso(from).ok_or_else(|| not_a_date(from, "/period/from"))?;
            let t = parse_iso(to).ok_or_else(|| not_a_date(to, "/period/to"))?;
            if t < f {
                return Err(Diagnostic::error(
                    "period",
                    file,
                    "截止日期早于开始日期",
                    "`to` is before `from`",
                )
                .at(at("/period/to")));
            }
            Ok(Period {
                from: f.to_string(),
                to: t.to_string(),
                label: format!("{f} 至 {t}"),
            })
        }
    }
}

/// Whether a file or folder name is kept out of the evidence: hidden entries, Office lock files,
/// system litter and temporary files.
pub fn is_ignored_name(name: &str) -> bool {
    if name.starts_with('.') || name.starts_with("~$") {
        return true;
    }
    // Most names are compared without a lowercase copy (the walk asks this of every entry); a
    // name beyond ASCII is lowercased as before (the Kelvin sign lowercases to `k`).
    if name.is_ascii() {
        let tmp = name
            .get(name.len().saturating_sub(4)..)
            .is_some_and(|end| end.eq_ignore_ascii_case(".tmp"));
        name.eq_ignore_ascii_case("thumbs.db") || name.eq_ignore_ascii_case("desktop.ini") || tmp
    } else {
        let lower = name.to_lowercase();
        lower == "thumbs.db" || lower == "desktop.ini" || lower.ends_with(".tmp")
    }
}

/// How many files the walk hands to the hashing at a time, and how many such batches it may
/// list ahead of it.
const WALK_BATCH: usize = 32;
const WALK_AHEAD: usize = 64;

/// One step of the walk, in walk order: something skipped, or a regular file to hash.
enum Step {
    Problem(Diagnostic),
    File(String, PathBuf),
}

/// The one walk over the pack: sorted relative paths with sizes and hashes, and what was skipped.
/// The walk runs on one thread and hands each regular file, as it finds it, to rayon's one pool
/// (shared with packs evaluated side by side), which hashes it through `cache` when there is
/// one — the walk and the hashing overlap. What was skipped keeps the walk's order.
fn scan(
    root: &Path,
    cache: Option<&super::cache::HashCache>,
    after_hash: Option<AfterHash<'_>>,
) -> (Vec<ScannedFile>, Vec<Diagnostic>) {
    let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let cache = cache.map(|c| c.pack(&canonical_root));
    let cache = cache.as_ref();
    use rayon::iter::{ParallelBridge, ParallelIterator};
    type Done = Result<ScannedFile, (Option<ScannedFile>, Diagnostic)>;
    // The walk runs ahead on its own thread and hands out its steps in batches: no hashing thread
    // waits while another lists a folder, and one hand-over serves many files.
    let (send, batches) = std::sync::mpsc::sync_channel::<Vec<(usize, Step)>>(WALK_AHEAD);
    let mut done: Vec<(usize, Done)> = std::thread::scope(|scope| {
        let canonical_root = &canonical_root;
        scope.spawn(move || {
            let mut batch = Vec::with_capacity(WALK_BATCH);
            let walk = walker(root).filter_map(|entry| step_of(entry, root, canonical_root));
            for step in walk.enumerate() {
                batch.push(step);
                if batch.len() == WALK_BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(WALK_BATCH));
                    if send.send(full).is_err() {
                        return;
                    }
                }
            }
            if !batch.is_empty() {
                let _ = send.send(batch);
            }
        });
        let hashed: Vec<Vec<(usize, Done)>> = batches
            .into_iter()
            .par_bridge()
            .map(|batch| {
                batch
                    .into_iter()
                    .map(|(index, step)| {
                        let done = match step {
                            Step::Problem(d) => Err((None, d)),
                            Step::File(rel, path) => hash_one(&rel, &path, cache, after_hash)
                                .map_err(|(f, d)| (Some(f), d)),
                        };
                        (index, done)
                    })
                    .collect()
            })
            .collect();
        hashed.into_iter().flatten().collect()
    });
    done.sort_unstable_by_key(|(index, _)| *index);
    let mut files = Vec::with_capacity(done.len());
    let mut problems = Vec::new();
    for (_, step) in done {
        match step {
            Ok(file) => files.push(file),
            Err((file, d)) => {
                files.extend(file);
                problems.push(d);
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    (files, problems)
}

/// The size and mtime of a file, to tell whether it changed while it was hashed.
fn size_and_mtime(meta: &std::fs::Metadata) -> (u64, Option<std::time::SystemTime>) {
    (meta.len(), meta.modified().ok())
}

/// Hashes one regular file (or takes its hash from the cache). A file whose size or mtime moves
/// while it is read is read once more; moving again, it is unreadable: its hash would be of no
/// one state of the file.
fn hash_one(
    rel: &str,
    path: &Path,
    cache: Option<&super::cache::PackCache<'_>>,
    after_hash: Option<AfterHash<'_>>,
) -> Result<ScannedFile, (ScannedFile, Diagnostic)> {
    let unreadable = |zh: String, en: String, size: u64| {
        let d = Diagnostic::error(
            "unreadable-file",
            rel,
            format!("无法读取，与它有关的条目无法核对：{zh}"),
            format!("cannot be read; the items it concerns cannot be checked: {en}"),
        );
        let file = ScannedFile {
            size,
            path: rel.to_owned(),
            sha256: String::new(),
            unreadable: Some(crate::standard::model::Text { zh, en }),
        };
        (file, d)
    };
    for _attempt in 0..2 {
        // With a cache, the file's stamp by its path first: a file found unchanged is not
        // opened at all.
        if let Some(cache) = cache {
            let looked = match std::fs::metadata(path) {
                Ok(m) => m,
                Err(e) => {
                    let d = crate::source::io_diagnostic(rel, &e);
                    return Err(unreadable(d.message, d.message_en, 0));
                }
            };
            if let Some(sha256) = cache.lookup(rel, &looked) {
                return Ok(ScannedFile {
                    path: rel.to_owned(),
                    size: looked.len(),
                    sha256,
                    unreadable: None,
                });
            }
        }
        // Then the opened file itself, before and after it is read: one path lookup per file,
        // as `openssl dgst` makes, and a file replaced meanwhile is the file that was read.
        let (mut file, before) = match crate::source::open_listed(path, rel) {
            Ok(opened) => opened,
            Err(d) => return Err(unreadable(d.message, d.message_en, 0)),
        };
        let (size, sha256) = match crate::source::hash_open(&mut file, rel) {
            Ok(hashed) => hashed,
            Err(d) => return Err(unreadable(d.message, d.message_en, before.len())),
        };
        if let Some(seam) = after_hash {
            (seam.0)(path);
        }
        let after = file.metadata().ok();
        let steady = after.as_ref().is_some_and(|after| {
            size_and_mtime(after) == size_and_mtime(&before) && after.len() == size
        });
        if steady {
            if let (Some(cache), Some(after)) = (cache, &after) {
                cache.record(rel, after, &sha256);
            }
            return Ok(ScannedFile {
                path: rel.to_owned(),
                size,
                sha256,
                unreadable: None,
            });
        }
    }
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    Err(unreadable(
        "文件在核对过程中被修改".to_owned(),
        "the file changed while it was being hashed".to_owned(),
        size,
    ))
}

/// The walk itself, sorted by name, one entry at a time (see [`step_of`]).
fn walker(root: &Path) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> + Send {
    walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()))
}

/// What one entry of the walk is: something skipped, a regular file to hash, or nothing to say
/// (the root, a folder, the declarations).
fn step_of(
    entry: walkdir::Result<walkdir::DirEntry>,
    root: &Path,
    canonical_root: &Path,
) -> Option<Step> {
    let entry = match entry {
        Ok(e) => e,
        Err(e) => {
            let path = e
                .path()
                .and_then(|p| p.strip_prefix(root).ok())
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            // A folder that cannot be listed hides evidence: an error, not a footnote.
            let (zh, en) = match e.io_error() {
                Some(io) => {
                    let (_, zh, en) = crate::source::io_words(io);
                    (zh, en)
                }
                None => ("文件夹结构有循环".to_owned(), "the folder loops".to_owned()),
            };
            return Some(Step::Problem(Diagnostic::error(
                "unreadable-entry",
                path,
                format!("无法打开，其中的文件未能核对：{zh}"),
                format!("cannot be opened; the files in it were not checked: {en}"),
            )));
        }
    };
    if entry.depth() == 0 || entry.file_type().is_dir() {
        return None;
    }
    let Ok(relative) = entry.path().strip_prefix(root) else {
        return None;
    };
    let Some(rel) = relative.to_str().map(|s| s.replace('\\', "/")) else {
        return Some(Step::Problem(Diagnostic::warning(
            "file-name-encoding",
            relative.to_string_lossy().replace('\\', "/"),
            "文件名不是有效的 Unicode，已跳过",
            "file name is not valid Unicode; skipped",
        )));
    };
    if rel == PACK_FILE || rel == REVIEW_FILE {
        return None;
    }
    if entry.path_is_symlink() {
        match std::fs::canonicalize(entry.path()) {
            Ok(target) if target.starts_with(canonical_root) && target.is_dir() => {
                return Some(Step::Problem(Diagnostic::warning(
                    "symlink-skipped",
                    rel,
                    "链接指向文件夹，未跟随",
                    "link points to a folder; not followed",
                )));
            }
            Ok(target) if target.starts_with(canonical_root) => {}
            _ => {
                return Some(Step::Problem(Diagnostic::warning(
                    "symlink-outside",
                    rel,
                    "链接指向证据包以外（或已失效），未跟随",
                    "link leads outside the pack (or is broken); not followed",
                )));
            }
        }
    }
    // A FIFO, device or socket is never opened: reading one would hang or never end. The
    // listing says what an entry is; only a link's target needs a `stat`.
    let special = if entry.path_is_symlink() {
        std::fs::metadata(entry.path())
            .ok()
            .and_then(|m| crate::source::kind_of(&m))
    } else {
        crate::source::kind_of_type(entry.file_type())
    };
    if let Some(what) = special {
        return Some(Step::Problem(Diagnostic::warning(
            "not-a-regular-file",
            rel,
            format!("这是{}，不是普通文件，已跳过", what.0),
            format!("{} rather than a regular file; skipped", what.1),
        )));
    }
    Some(Step::File(rel, entry.path().to_path_buf()))
}

/// Lower-case hex of `bytes` (a SHA-256 is written this way tens of thousands of times a run).
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::is_ignored_name;

    /// The names left out, said by lowercasing every name: the shortcut for ASCII names must
    /// agree with it, whatever the case, and names beyond ASCII still go through it.
    #[test]
    fn ignored_names_agree_with_lowercasing() {
        let by_lowercase = |name: &str| {
            let lower = name.to_lowercase();
            name.starts_with('.')
                || name.starts_with("~$")
                || lower == "thumbs.db"
                || lower == "desktop.ini"
                || lower.ends_with(".tmp")
        };
        let names = [
            "Thumbs.db",
            "THUMBS.DB",
            "thumbs.db.pdf",
            "desktop.INI",
            "Desktop.ini ",
            "a.TMP",
            "a.tmp.pdf",
            ".tmp",
            "tmp",
            "~$纪要.docx",
            ".hidden",
            "会议纪要.docx",
            "照片.TMP",
            "DES\u{212A}TOP.INI",
            "\u{212A}.tmp",
            "a.\u{212A}",
            "ThUmBs.Db",
            "x.Tmp",
            "",
            "a",
        ];
        for name in names {
            assert_eq!(is_ignored_name(name), by_lowercase(name), "{name:?}");
        }
        assert!(is_ignored_name("DES\u{212A}TOP.INI"));
        assert!(!is_ignored_name("会议纪要.docx"));
    }
}
