//! What every check of one run shares: the pack, its resolved declarations, the glob index, the
//! review period, and caches of parsed files (several checks read the same register; each file
//! is parsed once per run).
//!
//! Items are decided side by side ([`Shared`] is read by every thread; each file is read by
//! whichever item needs it first, once, while the others wait for it), and each item records its
//! own problems and flags in its [`Ctx`]. [`Shared::merge`] joins them in the standard's order,
//! so the results are the same bytes however the items were scheduled: a file that fails to
//! parse is reported once, as a problem with its file and line, naming the first item in the
//! standard that read it; each check that reads it is an error that names the file.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::periods::Review;
use crate::declare::Declarations;
use crate::diagnostic::Diagnostic;
use crate::evidence::content_date::{self, ContentDate};
use crate::evidence::document::{self, Document, Unreadable};
use crate::evidence::index::GlobIndex;
use crate::evidence::kind::{self, Mismatch};
use crate::evidence::read::{self, DataDoc, Table};
use crate::evidence::Pack;
use crate::outcome::{CheckOutcome, EvidenceRef, FileFinding, FindingKind};
use crate::source::Limit;
use crate::standard::model::Text;

type Cached<T> = Result<Arc<T>, Diagnostic>;

/// A register read for a check: its path, its sheet, and the columns the check needs.
type TableKey = (String, String, Vec<String>);

/// Values computed once per key by whichever thread asks first; a thread asking for a key being
/// computed waits for it (a key's computation never asks for the same key).
struct OnceMap<K, V>(Mutex<BTreeMap<K, Arc<OnceLock<V>>>>);

impl<K, V> Default for OnceMap<K, V> {
    fn default() -> Self {
        OnceMap(Mutex::new(BTreeMap::new()))
    }
}

impl<K: Ord, V: Clone> OnceMap<K, V> {
    fn get_or_init(&self, key: K, init: impl FnOnce() -> V) -> V {
        let cell = {
            // a panic elsewhere cannot leave the map itself half-changed
            let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(map.entry(key).or_default())
        };
        cell.get_or_init(init).clone()
    }
}

/// Why a check has no data file to read: none matches (the item is unmet), or the glob or the
/// file is unusable (the check is an error).
pub enum NoDoc {
    Missing(Text),
    Broken(super::Failure),
}

impl NoDoc {
    /// The finished outcome of a check that found no usable file.
    pub fn outcome(self, mut o: CheckOutcome) -> CheckOutcome {
        match self {
            NoDoc::Missing(reason) => {
                o.reasons.push(reason);
                o
            }
            NoDoc::Broken(reason) => super::errored(o, reason),
        }
    }
}

/// What the items of one run share, read by every thread deciding an item.
pub struct Shared<'a> {
    pack: &'a Pack,
    declarations: &'a Declarations,
    index: GlobIndex<'a>,
    review: Review,
    docs: OnceMap<String, Cached<DataDoc>>,
    /// By path, sheet and the columns the check needs (they decide which row is the header).
    tables: OnceMap<TableKey, Cached<Table>>,
    /// Dates inside files (EXIF, core properties, PDF), read once per run for the files a dated
    /// rule meets.
    content_dates: OnceMap<String, Option<ContentDate>>,
    /// Whether each file judged so far is not what its extension claims (`None`: it is, or its
    /// extension is not judged), told once per file from its two ends (`crate::evidence::kind`).
    kinds: OnceMap<String, Option<Arc<Mismatch>>>,
    /// Pack files by content (SHA-256), in path order: the copies of a file.
    by_content: OnceLock<BTreeMap<&'a str, Vec<&'a str>>>,
    /// Documents read for their text and pages, only for files a `text` check or a
    /// `min_pages`/`min_chars` rule needs, once per run.
    documents: OnceMap<String, Result<Arc<Document>, NoText>>,
    /// The variables of `expr` checks, built on first use.
    expr_vars: OnceLock<ExprVars>,
}

/// One item's view of the run: the shared caches, and what this item met on the way (problems
/// with files, files flagged), kept apart until [`Shared::merge`].
pub struct Ctx<'s, 'a> {
    pub pack: &'a Pack,
    /// The pack's declarations, resolved before any check (attestations are read from here).
    pub declarations: &'a Declarations,
    pub review: Review,
    shared: &'s Shared<'a>,
    /// The leaf being decided (empty while the expression variables are built).
    item: &'s str,
    problems: RefCell<Vec<Diagnostic>>,
    flags: RefCell<Vec<Flag>>,
}

/// A file discounted or doubted for what it is, as one item met it (`Ctx::flag`).
struct Flag {
    path: String,
    kind: FindingKind,
    counted: bool,
    reason: Text,
    fix: Text,
    related: Vec<String>,
}

/// What one item left besides its outcome: problems met, files flagged.
pub struct Met {
    item: String,
    problems: Vec<Diagnostic>,
    flags: Vec<Flag>,
}

/// The problems and file findings of a whole run, joined in the standard's order.
pub struct Merged {
    pub problems: Vec<Diagnostic>,
    /// Each file once per kind, sorted by path then kind, with every item that met it.
    pub findings: Vec<FileFinding>,
}

/// Data files under `data/` by stem, plus `pack` and `period`.
pub struct ExprVars {
    pub value: minijinja::Value,
    /// Names of the top-level variables.
    pub names: std::collections::BTreeSet<String>,
    /// Stems whose file could not be read, with the error.
    pub failed: BTreeMap<String, Diagnostic>,
    /// The data files that could not be read: every item that reads the variables is told.
    pub unreadable: Vec<String>,
}

impl<'a> Shared<'a> {
    pub fn new(pack: &'a Pack, index: GlobIndex<'a>, declarations: &'a Declarations) -> Self {
        Shared {
            pack,
            declarations,
            index,
            review: Review::of(&pack.period),
            docs: OnceMap::default(),
            tables: OnceMap::default(),
            content_dates: OnceMap::default(),
            kinds: OnceMap::default(),
            by_content: OnceLock::new(),
            documents: OnceMap::default(),
            expr_vars: OnceLock::new(),
        }
    }

    /// The view of the item `item` (its id) on this run.
    pub fn item<'s>(&'s self, item: &'s str) -> Ctx<'s, 'a> {
        Ctx {
            pack: self.pack,
            declarations: self.declarations,
            review: self.review,
            shared: self,
            item,
            problems: RefCell::default(),
            flags: RefCell::default(),
        }
    }

    /// Joins what the items met, given in the standard's order: a problem several items met is
    /// kept once, naming the first of them; a file flagged by several items is one finding that
    /// keeps the first record's texts and lists every item that met it, in order.
    pub fn merge(mets: impl IntoIterator<Item = Met>) -> Merged {
        let mut problems: Vec<Diagnostic> = Vec::new();
        let mut findings: BTreeMap<(String, FindingKind), FileFinding> = BTreeMap::new();
        for met in mets {
            for p in met.problems {
                // one register read by checks needing different columns is parsed once per set
                // of columns (they decide its header); a file that cannot be read is one problem
                let seen = problems.iter().any(|q| {
                    q.file == p.file
                        && q.line == p.line
                        && q.column == p.column
                        && q.message == p.message
                });
                if !seen {
                    problems.push(p);
                }
            }
            for f in met.flags {
                let entry =
                    findings
                        .entry((f.path.clone(), f.kind))
                        .or_insert_with(|| FileFinding {
                            path: f.path,
                            kind: f.kind,
                            counted: f.counted,
                            items: Vec::new(),
                            reason: f.reason,
                            fix: f.fix,
                            related: f.related,
                        });
                if !met.item.is_empty() && !entry.items.contains(&met.item) {
                    entry.items.push(met.item.clone());
                }
            }
        }
        Merged {
            problems,
            findings: findings.into_values().collect(),
        }
    }
}

impl<'s, 'a> Ctx<'s, 'a> {
    /// What this item met, for [`Shared::merge`].
    pub fn finish(self) -> Met {
        Met {
            item: self.item.to_owned(),
            problems: self.problems.into_inner(),
            flags: self.flags.into_inner(),
        }
    }

    /// Records a problem met by this item (a data file that does not match its schema).
    pub fn problem(&self, d: Diagnostic) {
        self.problems.borrow_mut().push(d);
    }

    /// The variables of `expr` checks, built by the first item that needs them. Every item that
    /// reads them is told of the data files that could not be read, as if it had read them.
    pub fn expr_vars(&self) -> &'s ExprVars {
        let vars = self.shared.expr_vars.get_or_init(|| {
            let builder = self.shared.item("");
            super::expr::build_vars(&builder)
        });
        for path in &vars.unreadable {
            let _ = self.doc(path);
        }
        vars
    }

    /// Records that the file at `path` is discounted (`counted: false`) or doubted for what it
    /// is; this item is added to the items that met it. The first record of a (path, kind), in
    /// the standard's order, keeps its texts: every check sees the same file the same way.
    pub fn flag(
        &self,
        path: &str,
        kind: FindingKind,
        counted: bool,
        reason: Text,
        fix: Text,
        related: Vec<String>,
    ) {
        let mut flags = self.flags.borrow_mut();
        if flags.iter().any(|f| f.path == path && f.kind == kind) {
            return;
        }
        flags.push(Flag {
            path: path.to_owned(),
            kind,
            counted,
            reason,
            fix,
            related,
        });
    }

    /// Why the file at `path` is not what its extension claims, `None` when it is (or when its
    /// extension is not judged, it is empty, or it cannot be read: those are said elsewhere).
    /// Judged once per file from its head and tail; the whole file is read only for a zip whose
    /// directory lies outside them.
    pub fn mismatch(&self, path: &str) -> Option<Arc<Mismatch>> {
        self.shared
            .kinds
            .get_or_init(path.to_owned(), || self.judge(path).map(Arc::new))
    }

    fn judge(&self, path: &str) -> Option<Mismatch> {
        let claim = kind::claim_of(&read::extension(path))?;
        let file = self.pack.file_at(path)?;
        if file.size == 0 || file.unreadable.is_some() {
            return None;
        }
        let ends =
            crate::source::read_ends(&self.pack.root.join(path), path, kind::HEAD, kind::TAIL)
                .ok()?;
        let window = kind::Window {
            head: &ends.head,
            tail: &ends.tail,
            size: ends.size,
        };
        match kind::judge(claim, &window) {
            Ok(m) => m,
            Err(kind::NeedWhole) => {
                let bytes = self.bytes(path).ok()?;
                let whole = kind::Window {
                    head: &bytes,
                    tail: &[],
                    size: bytes.len() as u64,
                };
                kind::judge(claim, &whole).ok().flatten()
            }
        }
    }

    /// Flags the file at `path` as not what it claims (`FindingKind::WrongType`).
    pub fn flag_mismatch(&self, path: &str, m: &Mismatch) {
        self.flag(
            path,
            FindingKind::WrongType,
            false,
            m.reason(),
            m.fix(),
            Vec::new(),
        );
    }

    /// The other pack files with the same bytes as `path`, in path order (with `path` itself).
    pub fn same_content(&self, path: &str) -> &'s [&'a str] {
        let map = self.shared.by_content.get_or_init(|| {
            let mut map: BTreeMap<&'a str, Vec<&'a str>> = BTreeMap::new();
            for f in &self.pack.files {
                if !f.sha256.is_empty() && f.size > 0 {
                    map.entry(f.sha256.as_str())
                        .or_default()
                        .push(f.path.as_str());
                }
            }
            map
        });
        self.pack
            .sha256_of(path)
            .and_then(|h| map.get(h))
            .map_or(&[], Vec::as_slice)
    }

    /// Paths of the pack files matching a glob, in path order.
    pub fn glob(&self, glob: &str) -> Result<Vec<&'a str>, (String, String)> {
        let files = &self.pack.files;
        self.shared.index.matches(glob).map(|ids| {
            ids.iter()
                .filter_map(|&i| files.get(i))
                .map(|f| f.path.as_str())
                .collect()
        })
    }

    /// The files a glob matches, or the reason — for the check named `name` — why the glob is
    /// unusable.
    /// A matched file that the scan could not read makes the check an error naming it: the
    /// evidence is there but cannot be weighed, which is not the same as missing.
    pub fn matches(&self, glob: &str, name: &Text) -> Result<Vec<&'a str>, super::Failure> {
        let (nz, ne) = (name.zh.as_str(), name.en.as_str());
        let matched = self.glob(glob).map_err(|(zh, en)| super::Failure {
            reason: text(
                format!("{nz}: 标准中文件位置的写法有误，无法核对"),
                format!("{ne}: the standard writes the file location wrongly; not checked"),
            ),
            detail: Some(text(
                format!("通配符 `{glob}` 无效：{zh}"),
                format!("invalid glob `{glob}`: {en}"),
            )),
        })?;
        for path in &matched {
            if let Some(problem) = self.pack.file_at(path).and_then(|f| f.unreadable.as_ref()) {
                return Err(text(
                    format!("{nz}: {path} 无法读取（{}），无法核对", problem.zh),
                    format!("{ne}: {path} cannot be read ({}); not checked", problem.en),
                )
                .into());
            }
        }
        Ok(matched)
    }

    /// Two of `paths` that are one register kept in two formats (`data/台账.csv` beside
    /// `data/台账.xlsx`): reading both would count every row twice, choosing one would be a guess.
    pub fn twins(&self, paths: &[&str], name: &Text) -> Option<Text> {
        let (nz, ne) = (name.zh.as_str(), name.en.as_str());
        let key = |p: &str| {
            let dir = p.rsplit_once('/').map_or("", |(d, _)| d);
            (dir.to_owned(), read::stem(p).to_lowercase())
        };
        let mut seen: BTreeMap<(String, String), &str> = BTreeMap::new();
        for p in paths {
            if let Some(first) = seen.insert(key(p), p) {
                return Some(text(
                    format!("{nz}: 同一份台账存了两种格式（{first} 和 {p}），无法确定以哪份为准；请只保留一份"),
                    format!("{ne}: one register is kept in two formats ({first} and {p}); keep only one"),
                ));
            }
        }
        None
    }

    /// The first yaml/json file `glob` matches, parsed, for checks that read one data file
    /// (`value`, `schema`), or why there is none.
    pub fn first_doc(&self, glob: &str, name: &Text) -> Result<(&'a str, Arc<DataDoc>), NoDoc> {
        let (nz, ne) = (name.zh.as_str(), name.en.as_str());
        let matched = self.matches(glob, name).map_err(NoDoc::Broken)?;
        if let Some(reason) = self.twins(&matched, name) {
            return Err(NoDoc::Broken(reason.into()));
        }
        let Some(path) = matched.first().copied() else {
            return Err(NoDoc::Missing(text(
                format!("{nz}: 未找到数据文件"),
                format!("{ne}: no data file found"),
            )));
        };
        match self.doc(path) {
            Ok(doc) => Ok((path, doc)),
            Err(e) => Err(NoDoc::Broken(read_failure(&e))),
        }
    }

    pub fn size_of(&self, path: &str) -> u64 {
        self.pack.file_at(path).map(|f| f.size).unwrap_or(0)
    }

    pub fn evidence(&self, path: &str) -> EvidenceRef {
        EvidenceRef {
            path: path.to_owned(),
            sha256: self.pack.sha256_of(path).unwrap_or_default().to_owned(),
        }
    }

    /// A file this item needed cannot be read: a problem naming the item (kept once per run by
    /// [`Shared::merge`], whichever items read it).
    fn report(&self, e: &Diagnostic) {
        let mut d = e.clone();
        d.code = "unreadable-evidence".to_owned();
        if !self.item.is_empty() {
            d = d.item(self.item);
        }
        self.problem(d);
    }

    /// A parse from `cache`, made by whichever item asks first; every item it fails for is told.
    fn cached<K: Ord, T>(
        &self,
        cache: &OnceMap<K, Cached<T>>,
        key: K,
        read: impl FnOnce() -> Result<T, Diagnostic>,
    ) -> Cached<T> {
        let result = cache.get_or_init(key, || read().map(Arc::new));
        if let Err(e) = &result {
            self.report(e);
        }
        result
    }

    fn bytes(&self, path: &str) -> Result<Vec<u8>, Diagnostic> {
        self.pack.read(path, Limit::EVIDENCE)
    }

    pub fn doc(&self, path: &str) -> Cached<DataDoc> {
        self.cached(&self.shared.docs, path.to_owned(), || {
            read::read_doc(path, &self.bytes(path)?)
        })
    }

    /// A register, its header found by `need` (the columns the check reads; see
    /// `crate::evidence::layout`).
    pub fn table(&self, path: &str, sheet: Option<&str>, need: &[String]) -> Cached<Table> {
        let key = (
            path.to_owned(),
            sheet.unwrap_or_default().to_owned(),
            need.to_vec(),
        );
        let ext = read::extension(path);
        if matches!(ext.as_str(), "yaml" | "yml" | "json") {
            // share the parse with value, schema and expr checks
            let doc = self.doc(path)?;
            return self.cached(&self.shared.tables, key, || {
                read::table_from_doc(path, &doc, sheet)
            });
        }
        // A renamed csv read as a workbook would fail with the zip's words: say what it is. Every
        // item that reads it flags it (the parse below is made once, by whichever item is first).
        let mismatch = self.mismatch(path);
        if let Some(m) = &mismatch {
            self.flag_mismatch(path, m);
        }
        self.cached(&self.shared.tables, key, || {
            if let Some(m) = mismatch {
                let (reason, fix) = (m.reason(), m.fix());
                return Err(Diagnostic::error(
                    "wrong-type",
                    path,
                    format!("{}；请{}", reason.zh, fix.zh),
                    format!("{}; {}", reason.en, fix.en),
                ));
            }
            read::read_register(path, self.bytes(path)?, sheet, need)
        })
    }

    /// The date written inside the file (photo taken, document created), read once per run. A
    /// file that cannot be read has none: whether it counts is for the other filters to say.
    pub fn content_date(&self, path: &str) -> Option<ContentDate> {
        self.shared.content_dates.get_or_init(path.to_owned(), || {
            let ext = read::extension(path);
            if content_date::may_have_date(&ext) {
                self.bytes(path)
                    .ok()
                    .and_then(|b| content_date::content_date(&ext, &b))
            } else {
                None
            }
        })
    }

    /// The document at `path` (text and pages), read once per run. A file that cannot be read at
    /// all is reported once as a problem; one whose text cannot be read is not.
    pub fn document(&self, path: &str) -> Result<Arc<Document>, NoText> {
        let result =
            self.shared
                .documents
                .get_or_init(path.to_owned(), || match document::not_text(path) {
                    Some(u) => Err(NoText::Unreadable(Arc::new(u))),
                    None => self.read_document(path),
                });
        if let Err(NoText::Read(e)) = &result {
            self.report(e);
        }
        result
    }

    fn read_document(&self, path: &str) -> Result<Arc<Document>, NoText> {
        match self.bytes(path) {
            Err(e) => Err(NoText::Read(Box::new(e))),
            Ok(bytes) => document::read(path, &bytes)
                .map(Arc::new)
                .map_err(|u| NoText::Unreadable(Arc::new(u))),
        }
    }

    /// Flags `path` as not counted: its text cannot be read (`u` says why and what to do).
    pub fn flag_unreadable(&self, path: &str, u: &Unreadable) {
        self.flag(
            path,
            FindingKind::Unreadable,
            false,
            u.reason.clone(),
            u.fix.clone(),
            Vec::new(),
        );
    }
}

/// Why a document has no text to weigh: the file could not be read at all (an error of the
/// check), or it was read and its text cannot be (the file is not counted, and flagged).
#[derive(Debug, Clone)]
pub enum NoText {
    Read(Box<Diagnostic>),
    Unreadable(Arc<Unreadable>),
}

pub fn text(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text {
        zh: zh.into(),
        en: en.into(),
    }
}

pub fn read_error_text(e: &Diagnostic) -> Text {
    text(e.reason_zh(), e.reason_en())
}

/// A read failure as a check's failure: the reason in our words, and the failing library's
/// own words (`Diagnostic::cause`), if any, in the technical detail.
pub fn read_failure(e: &Diagnostic) -> super::Failure {
    super::Failure {
        reason: read_error_text(e),
        detail: e.cause.as_ref().map(|c| {
            text(
                format!("读取程序报告的原因：{c}"),
                format!("cause reported by the reader: {c}"),
            )
        }),
    }
}

/// Rounds to 4 decimals so credits like 2/3 print and compare predictably.
pub use crate::outcome::{round2, round4};

/// `a/b` as a credit in 0..1 (0 when `b` is 0).
pub fn share(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        (a as f64 / b as f64).min(1.0)
    }
}

/// Count rule: `min(count/min, 1)`, 1 when `min` is 0.
pub fn count_credit(count: usize, min: u32) -> f64 {
    if min == 0 {
        1.0
    } else {
        (count as f64 / f64::from(min)).min(1.0)
    }
}
