//! `changai import`: a standard kept somewhere else — an OSCAL catalog, a CISO Assistant framework
//! library, the spreadsheet a union keeps its standard in — written as a folder standard
//! (`standard.yaml` and `items/*.yaml`) that `changai validate` reads like any other.
//!
//! Each source format has one reader ([`oscal`], [`ciso`], [`xlsx`]) that turns its file into a
//! [`Draft`]: the tree of [`Node`]s with the source's own ids, titles and texts, and nothing of
//! changai's yet. This module then does what every format needs the same way:
//!
//! - **ids**: a source id that is unsafe as a folder name (a slash, `..`, a control or glob
//!   character, a Windows device name, longer than [`MAX_ID`] bytes) becomes a safe id by
//!   [`safe_id`]; the original is always kept in `source.ref`. Two nodes with the same source id
//!   are an error naming both; two ids that only become equal once made safe get `-2`, `-3`.
//! - **checks**: a node that is a requirement (a leaf, or a group that is a requirement itself)
//!   gets a `files` check on its folder in the pack (`<top id>/<id>/`, the folder `changai init`
//!   makes) and an `attest` check the assessor signs in the review file, unless its reader gave
//!   checks of its own (the spreadsheet's evidence column).
//! - **points**: a requirement without points of its own earns [`DEFAULT_POINTS`]; the total is
//!   the sum; grade bands are 90 %, 80 % and 60 % of it.
//! - **writing**: the folder is written completely or not at all: every file goes into a
//!   temporary folder beside the output, which is loaded back and checked, then renamed into
//!   place. An output folder that exists and is not empty is refused; nothing is overwritten.
//!
//! A reader's failure is a [`CannotRun`] whose diagnostics name the input file and the node (its
//! id or urn) or the row (sheet, row, column), with a line where the format has one.

pub mod ciso;
pub mod oscal;
pub mod xlsx;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::standard::model::{
    AttestCheck, Check, FilesCheck, GradeBand, IdStyle, Item, NoCase, NoCasePolicy,
    NotApplicablePolicy, Scoring, Standard, Text,
};
use crate::CannotRun;

/// Points of a requirement whose source says none: every requirement weighs the same.
pub const DEFAULT_POINTS: f64 = 1.0;
/// Longest id kept as it is, in bytes; a longer one is cut and given a hash (see [`safe_id`]).
pub const MAX_ID: usize = 64;
/// Deepest tree imported: deeper is refused (a chain of parents in a library is not bounded by
/// the YAML's nesting, and every walk over the tree would follow it).
pub const MAX_DEPTH: usize = 32;
/// The role that signs imported requirements off in the review file.
pub const ASSESSOR: &str = "评审员";

/// Where a node comes from in its original catalog, kept in the written item.
pub use crate::standard::model::ItemSource as Origin;
/// A profile of the imported standard (a baseline, an implementation group).
pub use crate::standard::model::Profile;

/// One node of an imported tree, in the source's own words.
#[derive(Debug, Clone, Default)]
pub struct Node {
    /// The source's id for the node (control id, ref_id, 编号); may be unsafe as a folder name.
    pub id: String,
    pub title: Text,
    /// Points the source gives; `None`: [`DEFAULT_POINTS`] for a requirement.
    pub points: Option<f64>,
    pub guidance: Option<String>,
    pub guidance_en: Option<String>,
    /// Whether the node is a requirement that is checked (a leaf always is; a group may be).
    pub requirement: bool,
    /// Checks the reader wrote; empty: the default `files` and `attest` checks.
    pub checks: Vec<Check>,
    pub origin: Origin,
    /// Profiles (implementation groups, baselines) the node belongs to.
    pub profiles: Vec<String>,
    /// Where the node is in the input, for messages, in Chinese and English
    /// (`控制项 `ac-1`（catalog.groups[0].controls[0]）`, `标准清单 第 5 行`).
    pub place: Text,
    pub children: Vec<Node>,
}

/// What a reader makes of its file: the standard's header and its tree.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub id: String,
    pub version: String,
    pub title: Text,
    pub issuer: Text,
    /// Where the standard comes from (the input's own name for itself, its URN).
    pub source: String,
    /// Names of the levels, outermost first; missing ones are named 第 n 级 / Level n.
    pub levels: Vec<Text>,
    pub profiles: Vec<Profile>,
    /// Whether children's ids extend their parents' (`id_style: nested`) — not so in most
    /// catalogs.
    pub nested_ids: bool,
    /// Whether each requirement's guidance starts with where to put its evidence (catalogs); the
    /// spreadsheet's guidance is the author's and is written as it is.
    pub generated_guidance: bool,
    /// Whether a requirement without points gets [`DEFAULT_POINTS`] (catalogs); in the
    /// spreadsheet a missing 分值 is left for `validate` to point out.
    pub default_points: bool,
    pub nodes: Vec<Node>,
}

/// The files of a folder standard: `standard.yaml` and each item file, by relative path.
#[derive(Debug, Clone)]
pub struct Written {
    pub files: Vec<(String, String)>,
    /// Requirements written (items with checks).
    pub requirements: usize,
    /// Items written (groups and leaves).
    pub items: usize,
}

/// The id a source id is written under: the same when it is safe as a folder name and a glob
/// literal; otherwise each unsafe character (slash, backslash, control or glob character, one
/// Windows forbids) becomes `-`, runs of dots one dot, spaces at either end and dots at the end
/// are dropped, a Windows device name gets a leading `_`, and an id longer than [`MAX_ID`] bytes
/// is cut at a character boundary and ends in `-` and 8 hex digits of the SHA-256 of the whole
/// original. Empty is `item`.
pub fn safe_id(id: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        let bad = c.is_control()
            || matches!(
                c,
                '/' | '\\' | '*' | '?' | '[' | ']' | '{' | '}' | '!' | '<' | '>' | ':' | '"' | '|'
            );
        let c = if bad { '-' } else { c };
        if c == '.' && out.ends_with('.') {
            continue;
        }
        out.push(c);
    }
    // A leading dot would hide the folder; a trailing one Windows drops.
    let mut out = out.trim().trim_matches('.').trim().to_owned();
    if out.is_empty() || out == "." {
        out = "item".to_owned();
    }
    if out.len() > MAX_ID || id.len() > MAX_ID {
        let digest = Sha256::digest(id.as_bytes());
        let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
        let mut cut = MAX_ID - 9;
        while !out.is_char_boundary(cut.min(out.len())) {
            cut -= 1;
        }
        out.truncate(cut.min(out.len()));
        out = format!("{}-{hex}", out.trim_end_matches(['.', ' ']));
    }
    if crate::standard::lint::unsafe_id(&out).is_some() {
        out = format!("_{out}");
    }
    if crate::standard::lint::unsafe_id(&out).is_some() {
        // Nothing above leaves it unsafe; a hash alone is always a plain name.
        let digest = Sha256::digest(id.as_bytes());
        out = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    }
    out
}

/// A failure of a reader: one located error naming the input, and the node or row.
pub fn failure(
    code: &str,
    file: &str,
    node: Option<&str>,
    zh: impl Into<String>,
    en: impl Into<String>,
) -> Diagnostic {
    let mut d = Diagnostic::error(code, file, zh, en);
    if let Some(node) = node {
        d = d.item(node);
    }
    d
}

/// The tree made ready for writing: safe unique ids, points, checks, the header.
pub fn build(draft: &Draft, shown: &str) -> Result<Written, CannotRun> {
    let mut problems = Vec::new();
    // Source ids must be unique: a catalog that names two nodes alike is ambiguous.
    let mut seen: HashMap<&str, &Text> = HashMap::new();
    let mut stack: Vec<&Node> = draft.nodes.iter().collect();
    let mut all = Vec::new();
    while let Some(n) = stack.pop() {
        all.push(n);
        stack.extend(n.children.iter());
    }
    all.reverse();
    for n in &all {
        if n.id.trim().is_empty() {
            problems.push(failure(
                "missing-id",
                shown,
                None,
                format!("{}没有编号", n.place.zh),
                format!("{} has no id", n.place.en),
            ));
            continue;
        }
        if let Some(first) = seen.insert(&n.id, &n.place) {
            problems.push(failure(
                "duplicate-id",
                shown,
                Some(&n.id),
                format!("编号 `{}` 重复：{} 与 {}", n.id, first.zh, n.place.zh),
                format!(
                    "id `{}` is used twice: {} and {}",
                    n.id, first.en, n.place.en
                ),
            ));
        }
    }
    if draft.nodes.is_empty() {
        problems.push(failure(
            "no-items",
            shown,
            None,
            "没有任何条目可以导入",
            "there are no items to import",
        ));
    }
    if !problems.is_empty() {
        return Err(CannotRun::new(problems));
    }
    let mut ids = IdMap::default();
    let mut items = Vec::new();
    let mut requirements = 0;
    let mut count = 0;
    for node in &draft.nodes {
        let top = ids.assign(&node.id);
        let mut ctx = Ctx {
            ids: &mut ids,
            requirements: &mut requirements,
            count: &mut count,
            generated: draft.generated_guidance,
            default_points: draft.default_points,
        };
        items.push(item(node, &top, top.clone(), &mut ctx));
    }
    let total = sum_points(&items);
    let depth = items.iter().map(depth_of).max().unwrap_or(1);
    let levels = (0..depth)
        .map(|i| {
            draft.levels.get(i).cloned().unwrap_or_else(|| Text {
                zh: format!("第 {} 级", i + 1),
                en: format!("Level {}", i + 1),
            })
        })
        .collect();
    let band = |id: &str, zh: &str, en: &str, share: f64| GradeBand {
        id: id.to_owned(),
        title: Text {
            zh: zh.to_owned(),
            en: en.to_owned(),
        },
        min: round(total * share),
    };
    let standard = Standard {
        id: draft.id.clone(),
        version: draft.version.clone(),
        title: draft.title.clone(),
        issuer: draft.issuer.clone(),
        source: draft.source.clone(),
        provenance: String::new(),
        provenance_en: String::new(),
        terms: Vec::new(),
        levels,
        id_style: if draft.nested_ids {
            IdStyle::Nested
        } else {
            IdStyle::Free
        },
        profiles: draft.profiles.clone(),
        unit: Text {
            zh: "单位".to_owned(),
            en: "organisation".to_owned(),
        },
        report_title: None,
        languages: written_languages(&items, &draft.title),
        items_order: Vec::new(),
        shape: None,
        scoring: Scoring {
            total,
            grades: vec![
                band("excellent", "优秀", "Excellent", 0.9),
                band("good", "良好", "Good", 0.8),
                band("pass", "合格", "Pass", 0.6),
                band("fail", "不合格", "Fail", 0.0),
            ],
            core: Vec::new(),
            core_grade: None,
            vetoes: Vec::new(),
            bonus: None,
            not_applicable: NotApplicablePolicy::Exclude,
            approver: Some(ASSESSOR.to_owned()),
            no_case: NoCasePolicy::Exclude,
        },
        items: Vec::new(),
    };
    let mut files = vec![(
        "standard.yaml".to_owned(),
        format!(
            "# 由 changai import 从 {} 生成；编写规则见 docs/standard-format.md，导入规则见 docs/import.md。\n{}",
            one_line(shown),
            yaml(&standard)?
        ),
    )];
    let width = items.len().to_string().len().max(2);
    for (i, it) in items.iter().enumerate() {
        files.push((format!("items/{:0width$}-{}.yaml", i + 1, it.id), yaml(it)?));
    }
    Ok(Written {
        files,
        requirements,
        items: count,
    })
}

/// The start of a long text, for a title: whitespace collapsed, at most 100 characters.
pub fn short(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= 100 {
        return s;
    }
    let mut cut: String = s.chars().take(99).collect();
    cut.push('…');
    cut
}

fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn yaml<T: serde::Serialize>(value: &T) -> Result<String, CannotRun> {
    serde_saphyr::to_string(value).map_err(|e| {
        Diagnostic::error("write-failed", "", "无法生成 YAML", "cannot write the YAML")
            .with_cause(e.to_string())
            .into()
    })
}

fn sum_points(items: &[Item]) -> f64 {
    round(
        items
            .iter()
            .map(|i| i.points.unwrap_or(0.0) + sum_points(&i.items))
            .sum(),
    )
}

/// The languages every title is written in (a catalog in English only declares `[en]`, so that
/// lint does not ask for a Chinese title on every node); when neither is complete, the one most
/// titles have.
fn written_languages(items: &[Item], title: &Text) -> Vec<crate::Lang> {
    fn count(item: &Item, zh: &mut usize, en: &mut usize, n: &mut usize) {
        *n += 1;
        *zh += usize::from(!item.title.zh.trim().is_empty());
        *en += usize::from(!item.title.en.trim().is_empty());
        for child in &item.items {
            count(child, zh, en, n);
        }
    }
    let (mut zh, mut en, mut n) = (
        usize::from(!title.zh.trim().is_empty()),
        usize::from(!title.en.trim().is_empty()),
        1,
    );
    for item in items {
        count(item, &mut zh, &mut en, &mut n);
    }
    let mut langs = Vec::new();
    if zh == n {
        langs.push(crate::Lang::Zh);
    }
    if en == n {
        langs.push(crate::Lang::En);
    }
    if langs.is_empty() {
        langs.push(if zh >= en {
            crate::Lang::Zh
        } else {
            crate::Lang::En
        });
    }
    langs
}

fn depth_of(item: &Item) -> usize {
    1 + item.items.iter().map(depth_of).max().unwrap_or(0)
}

/// Source ids to written ids, each written id used once.
#[derive(Default)]
struct IdMap {
    used: BTreeMap<String, usize>,
}

impl IdMap {
    fn assign(&mut self, source: &str) -> String {
        let base = safe_id(source);
        let mut id = base.clone();
        let mut n = 1;
        while self.used.contains_key(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.used.insert(id.clone(), n);
        id
    }
}

struct Ctx<'a> {
    ids: &'a mut IdMap,
    requirements: &'a mut usize,
    count: &'a mut usize,
    generated: bool,
    default_points: bool,
}

fn item(node: &Node, id: &str, top: String, ctx: &mut Ctx<'_>) -> Item {
    *ctx.count += 1;
    let children: Vec<Item> = node
        .children
        .iter()
        .map(|c| {
            let cid = ctx.ids.assign(&c.id);
            item(c, &cid, top.clone(), ctx)
        })
        .collect();
    let requirement = node.requirement || node.children.is_empty();
    let folder = if id == top {
        id.to_owned()
    } else {
        format!("{top}/{id}")
    };
    let (checks, points) = if requirement {
        *ctx.requirements += 1;
        let checks = if node.checks.is_empty() {
            default_checks(&folder)
        } else {
            node.checks.iter().map(|c| in_folder(c, &folder)).collect()
        };
        let points = node.points.or(ctx.default_points.then_some(DEFAULT_POINTS));
        (checks, points)
    } else {
        (Vec::new(), None)
    };
    let generated = ctx.generated && requirement;
    let guidance = if generated {
        guidance_zh(&folder, node.guidance.as_deref(), node.checks.is_empty())
    } else {
        node.guidance.clone()
    };
    let guidance_en = if generated {
        guidance_en(&folder, node.guidance_en.as_deref(), node.checks.is_empty())
    } else {
        node.guidance_en.clone()
    };
    let mut source = node.origin.clone();
    // A catalog's id is kept as its reference; a spreadsheet's only when it had to change.
    if source.reference.is_none() && source.urn.is_none() && (ctx.generated || id != node.id) {
        source.reference = Some(node.id.clone());
    }
    Item {
        id: id.to_owned(),
        title: node.title.clone(),
        source: (source != Origin::default()).then_some(source),
        profiles: node.profiles.clone(),
        points,
        guidance,
        guidance_en,
        basis: None,
        partial_credit: true,
        checks,
        no_case: NoCase::Never,
        shares_evidence_with: Vec::new(),
        items: children,
    }
}

/// The officer's guidance: where to put the evidence (for the default checks), then the source's
/// own text. `None` when there is nothing to say (the spreadsheet left it empty: `validate` asks
/// the author for it).
fn guidance_zh(folder: &str, text: Option<&str>, default_checks: bool) -> Option<String> {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    match (default_checks, text) {
        (true, Some(t)) => Some(format!(
            "把能证明本项做到的材料放进 {folder}/，并请评审员在审核文件中签认。要求：{t}"
        )),
        (true, None) => Some(format!(
            "把能证明本项做到的材料放进 {folder}/，并请评审员在审核文件中签认。"
        )),
        (false, t) => t.map(str::to_owned),
    }
}

fn guidance_en(folder: &str, text: Option<&str>, default_checks: bool) -> Option<String> {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    match (default_checks, text) {
        (true, Some(t)) => Some(format!(
            "Put the evidence that this is done in {folder}/ and have the assessor sign it off in the review file. Requirement: {t}"
        )),
        (true, None) => Some(format!(
            "Put the evidence that this is done in {folder}/ and have the assessor sign it off in the review file."
        )),
        (false, t) => t.map(str::to_owned),
    }
}

/// A reader's check with its folder filled in (see [`xlsx::FOLDER`]).
fn in_folder(check: &Check, folder: &str) -> Check {
    match check {
        Check::Files(f) => {
            let mut f = f.clone();
            f.glob = f.glob.replace(xlsx::FOLDER, folder);
            Check::Files(f)
        }
        other => other.clone(),
    }
}

/// The checks of a requirement whose source gives none: any file in its folder, and the
/// assessor's signature.
pub fn default_checks(folder: &str) -> Vec<Check> {
    vec![
        Check::Files(files_check(
            &format!("{folder}/*"),
            "证明材料",
            "supporting evidence",
        )),
        Check::Attest(AttestCheck {
            describe: None,
            describe_en: None,
            label: Some("评审员签认".to_owned()),
            label_en: Some("the assessor's sign-off".to_owned()),
            role: ASSESSOR.to_owned(),
            gate: false,
        }),
    ]
}

/// A `files` check: at least one file matching `glob`, named `label` in reasons.
pub fn files_check(glob: &str, label: &str, label_en: &str) -> FilesCheck {
    FilesCheck {
        describe: None,
        describe_en: None,
        label: Some(label.to_owned()),
        label_en: Some(label_en.to_owned()),
        glob: glob.to_owned(),
        min: Some(1),
        max: None,
        extensions: Vec::new(),
        in_period: false,
        due: None,
        periods: None,
        grace_days: None,
        dates_agree: false,
        date_tolerance_days: None,
        min_bytes: None,
        min_pages: None,
        min_chars: None,
        gate: false,
    }
}

/// Writes the folder standard into `output` completely or not at all: into a temporary folder
/// beside it, loaded back and checked to load, then renamed into place. `output` must not
/// exist, or be an empty folder.
pub fn write_folder(output: &Path, shown: &str, written: &Written) -> Result<(), CannotRun> {
    let io = |e: &std::io::Error| -> CannotRun { crate::source::io_diagnostic(shown, e).into() };
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match std::fs::symlink_metadata(output) {
        Ok(m) if m.is_dir() => {
            let empty = std::fs::read_dir(output)
                .map_err(|e| io(&e))?
                .next()
                .is_none();
            if !empty {
                return Err(CannotRun::plain(
                    "not-empty",
                    format!("文件夹不是空的，不会覆盖：{shown}"),
                    format!("folder is not empty, nothing written: {shown}"),
                ));
            }
        }
        Ok(_) => {
            return Err(CannotRun::plain(
                "not-a-folder",
                format!("{shown} 已存在且不是文件夹，未写入"),
                format!("{shown} exists and is not a folder; nothing written"),
            ))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(&e)),
    }
    if !parent.is_dir() {
        return Err(CannotRun::plain(
            "missing-folder",
            format!("{shown} 所在的文件夹不存在"),
            format!("the folder {shown} would be in does not exist"),
        ));
    }
    let tmp = tempfile::Builder::new()
        .prefix(".changai-import-")
        .tempdir_in(&parent)
        .map_err(|e| io(&e))?;
    std::fs::create_dir(tmp.path().join("items")).map_err(|e| io(&e))?;
    for (rel, text) in &written.files {
        crate::fsutil::write_atomic(&tmp.path().join(rel), text.as_bytes()).map_err(|e| io(&e))?;
    }
    // What was written must read back as a standard: a fault here is ours, and nothing lands.
    let loaded = crate::standard::load(tmp.path()).map_err(CannotRun::from)?;
    let errors: Vec<Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::diagnostic::Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() || loaded.standard.is_none() {
        return Err(CannotRun::new(errors).with_heading(
            "导入结果无法作为标准读回，未写入：",
            "the imported standard does not read back; nothing written:",
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755));
    }
    let kept = tmp.keep();
    // An empty folder in the way is replaced; `rename` refuses a non-empty one.
    if output.is_dir() {
        let _ = std::fs::remove_dir(output);
    }
    std::fs::rename(&kept, output).map_err(|e| {
        let _ = std::fs::remove_dir_all(&kept);
        io(&e)
    })?;
    Ok(())
}

/// Reads an input file within `limit`, as UTF-8 text.
pub fn read_input(
    path: &Path,
    shown: &str,
    limit: crate::source::Limit,
) -> Result<String, CannotRun> {
    crate::source::read_utf8(path, shown, limit).map_err(CannotRun::from)
}

/// The most an imported catalog or library may weigh: SP 800-53 with its objectives is 10 MB.
pub const LIMIT: crate::source::Limit = crate::source::Limit::mib(32);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_ids() {
        assert_eq!(safe_id("ac-2.1"), "ac-2.1");
        assert_eq!(safe_id("ID.AM-1/2"), "ID.AM-1-2");
        assert_eq!(safe_id("../etc"), "-etc");
        assert_eq!(safe_id("a..b."), "a.b");
        assert_eq!(safe_id("CON"), "_CON");
        assert_eq!(safe_id("x\u{1}y"), "x-y");
        assert_eq!(safe_id(""), "item");
        let long = "长".repeat(40);
        let s = safe_id(&long);
        assert!(s.len() <= MAX_ID, "{s}");
        assert!(crate::standard::lint::unsafe_id(&s).is_none());
        assert_ne!(safe_id(&"长".repeat(41)), s);
    }
}
