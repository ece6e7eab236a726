//! What every check of one run shares: the pack, its resolved declarations, the glob index, the
//! review period, and caches of parsed files (several checks read the same register; each file
//! is parsed once per run).
//!
//! A file that fails to parse is reported once, as a problem with its file and line, however many
//! checks read it; each of those checks is an error that names the file.

use std::cell::{OnceCell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use super::periods::Review;
use crate::declare::Declarations;
use crate::diagnostic::Diagnostic;
use crate::evidence::document::{self, Document, Unreadable};
use crate::evidence::index::GlobIndex;
use crate::evidence::read::{self, DataDoc, Table};
use crate::evidence::Pack;
use crate::outcome::{CheckOutcome, EvidenceRef, FileFinding, FindingKind};
use crate::source::Limit;
use crate::standard::model::Text;

type Cached<T> = Result<Rc<T>, Diagnostic>;

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

pub struct Ctx<'a> {
    pub pack: &'a Pack,
    /// The pack's declarations, resolved before any check (attestations are read from here).
    pub declarations: &'a Declarations,
    pub index: GlobIndex,
    pub review: Review,
    docs: RefCell<BTreeMap<String, Cached<DataDoc>>>,
    tables: RefCell<BTreeMap<(String, String), Cached<Table>>>,
    /// Documents read for their text and pages, only for files a `text` check or a
    /// `min_pages`/`min_chars` rule needs, once per run.
    documents: RefCell<BTreeMap<String, Result<Rc<Document>, NoText>>>,
    /// The variables of `expr` checks, built on first use.
    pub expr_vars: OnceCell<ExprVars>,
    pub problems: RefCell<Vec<Diagnostic>>,
    /// Files discounted or doubted for what they are (`Ctx::flag`), by path and kind, so that a
    /// file met by several checks is listed once with every item that met it.
    pub findings: RefCell<BTreeMap<(String, FindingKind), FileFinding>>,
    /// The leaf being decided: a file that cannot be read is reported once, naming the first
    /// item that needed it.
    pub current_item: RefCell<String>,
}

/// Data files under `data/` by stem, plus `pack` and `period`.
pub struct ExprVars {
    pub value: minijinja::Value,
    /// Names of the top-level variables.
    pub names: std::collections::BTreeSet<String>,
    /// Stems whose file could not be read, with the error.
    pub failed: BTreeMap<String, Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub fn new(pack: &'a Pack, index: GlobIndex, declarations: &'a Declarations) -> Self {
        Ctx {
            pack,
            declarations,
            index,
            review: Review::of(&pack.period),
            docs: RefCell::default(),
            tables: RefCell::default(),
            documents: RefCell::default(),
            expr_vars: OnceCell::new(),
            problems: RefCell::default(),
            findings: RefCell::default(),
            current_item: RefCell::default(),
        }
    }

    /// Records that the file at `path` is discounted (`counted: false`) or doubted for what it
    /// is; the current leaf is added to the items that met it. The first record of a (path, kind)
    /// keeps its texts: every check sees the same file the same way.
    pub fn flag(
        &self,
        path: &str,
        kind: FindingKind,
        counted: bool,
        reason: Text,
        fix: Text,
        related: Vec<String>,
    ) {
        let item = self.current_item.borrow().clone();
        let mut findings = self.findings.borrow_mut();
        let entry = findings
            .entry((path.to_owned(), kind))
            .or_insert_with(|| FileFinding {
                path: path.to_owned(),
                kind,
                counted,
                items: Vec::new(),
                reason,
                fix,
                related,
            });
        if !item.is_empty() && !entry.items.contains(&item) {
            entry.items.push(item);
        }
    }

    /// Paths of the pack files matching a glob, in path order.
    pub fn glob(&self, glob: &str) -> Result<Vec<&'a str>, (String, String)> {
        let files = &self.pack.files;
        self.index.matches(glob).map(|ids| {
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
    pub fn matches(&self, glob: &str, name: &str) -> Result<Vec<&'a str>, super::Failure> {
        let matched = self.glob(glob).map_err(|(zh, en)| super::Failure {
            reason: text(
                format!("{name}: 标准中文件位置的写法有误，无法核对"),
                format!("{name}: the standard writes the file location wrongly; not checked"),
            ),
            detail: Some(text(
                format!("通配符 `{glob}` 无效：{zh}"),
                format!("invalid glob `{glob}`: {en}"),
            )),
        })?;
        for path in &matched {
            if let Some(problem) = self.pack.file_at(path).and_then(|f| f.unreadable.as_ref()) {
                return Err(text(
                    format!("{name}: {path} 无法读取（{}），无法核对", problem.zh),
                    format!(
                        "{name}: {path} cannot be read ({}); not checked",
                        problem.en
                    ),
                )
                .into());
            }
        }
        Ok(matched)
    }

    /// Two of `paths` that are one register kept in two formats (`data/台账.csv` beside
    /// `data/台账.xlsx`): reading both would count every row twice, choosing one would be a guess.
    pub fn twins(&self, paths: &[&str], name: &str) -> Option<Text> {
        let key = |p: &str| {
            let dir = p.rsplit_once('/').map_or("", |(d, _)| d);
            (dir.to_owned(), read::stem(p).to_lowercase())
        };
        let mut seen: BTreeMap<(String, String), &str> = BTreeMap::new();
        for p in paths {
            if let Some(first) = seen.insert(key(p), p) {
                return Some(text(
                    format!("{name}: 同一份台账存了两种格式（{first} 和 {p}），无法确定以哪份为准；请只保留一份"),
                    format!("{name}: one register is kept in two formats ({first} and {p}); keep only one"),
                ));
            }
        }
        None
    }

    /// The first yaml/json file `glob` matches, parsed, for checks that read one data file
    /// (`value`, `schema`), or why there is none.
    pub fn first_doc(&self, glob: &str, name: &str) -> Result<(&'a str, Rc<DataDoc>), NoDoc> {
        let matched = self.matches(glob, name).map_err(NoDoc::Broken)?;
        if let Some(reason) = self.twins(&matched, name) {
            return Err(NoDoc::Broken(reason.into()));
        }
        let Some(path) = matched.first().copied() else {
            return Err(NoDoc::Missing(text(
                format!("{name}: 未找到数据文件"),
                format!("{name}: no data file found"),
            )));
        };
        match self.doc(path) {
            Ok(doc) => Ok((path, doc)),
            Err(e) => Err(NoDoc::Broken(read_error_text(&e).into())),
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

    fn report(&self, e: &Diagnostic) {
        let mut d = e.clone();
        d.code = "unreadable-evidence".to_owned();
        let item = self.current_item.borrow();
        if !item.is_empty() {
            d = d.item(item.as_str());
        }
        self.problems.borrow_mut().push(d);
    }

    fn cached<K: Ord + Clone, T>(
        &self,
        cache: &RefCell<BTreeMap<K, Cached<T>>>,
        key: K,
        read: impl FnOnce() -> Result<T, Diagnostic>,
    ) -> Cached<T> {
        if let Some(hit) = cache.borrow().get(&key) {
            return hit.clone();
        }
        let result = read().map(Rc::new);
        if let Err(e) = &result {
            self.report(e);
        }
        cache.borrow_mut().insert(key, result.clone());
        result
    }

    fn bytes(&self, path: &str) -> Result<Vec<u8>, Diagnostic> {
        self.pack.read(path, Limit::EVIDENCE)
    }

    pub fn doc(&self, path: &str) -> Cached<DataDoc> {
        self.cached(&self.docs, path.to_owned(), || {
            read::read_doc(path, &self.bytes(path)?)
        })
    }

    pub fn table(&self, path: &str, sheet: Option<&str>) -> Cached<Table> {
        let key = (path.to_owned(), sheet.unwrap_or_default().to_owned());
        let ext = read::extension(path);
        if matches!(ext.as_str(), "yaml" | "yml" | "json") {
            // share the parse with value, schema and expr checks
            let doc = self.doc(path)?;
            return self.cached(&self.tables, key, || {
                read::table_from_doc(path, &doc, sheet)
            });
        }
        self.cached(&self.tables, key, || {
            read::read_table(path, self.bytes(path)?, sheet)
        })
    }

    /// The document at `path` (text and pages), read once per run. A file that cannot be read at
    /// all is reported once as a problem; one whose text cannot be read is not.
    pub fn document(&self, path: &str) -> Result<Rc<Document>, NoText> {
        if let Some(hit) = self.documents.borrow().get(path) {
            return hit.clone();
        }
        let result = match document::not_text(path) {
            Some(u) => Err(NoText::Unreadable(Rc::new(u))),
            None => self.read_document(path),
        };
        self.documents
            .borrow_mut()
            .insert(path.to_owned(), result.clone());
        result
    }

    fn read_document(&self, path: &str) -> Result<Rc<Document>, NoText> {
        match self.bytes(path) {
            Err(e) => {
                self.report(&e);
                Err(NoText::Read(e))
            }
            Ok(bytes) => document::read(path, &bytes)
                .map(Rc::new)
                .map_err(|u| NoText::Unreadable(Rc::new(u))),
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
    Read(Diagnostic),
    Unreadable(Rc<Unreadable>),
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
