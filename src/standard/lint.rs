//! Semantic lint of a loaded standard: what the schema cannot see.
//!
//! The schema says a value has the right type; lint says the standard makes sense: ids are unique
//! and extend their parent's, points add up to the total, grade bands cover the scale, globs and
//! expressions compile, thresholds fit their operator. Every finding of a standard is collected in
//! one run (an author fixes them all at once, not one per run), each with a stable code that
//! `docs/lint-codes.md` documents, and with the file, line and column of the faulty node.
//!
//! Positions come from the source map of the file the node was written in: a top-level item
//! `standard.items[i]` lives in `loaded.roots[i]` (the header or a file under `items/`), its
//! children at `{pointer}/items/{j}`, its checks at `{pointer}/checks/{k}`; scoring is always in the
//! header (file 0).

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::index::StandardIndex;
use super::load::Loaded;
use super::model::{Check, FilesCheck, Item, NoCase, Op, RecordsCheck, Standard, Text, ValueCheck};
use crate::diagnostic::{Diagnostic, Severity};

/// Every diagnostic code of `validate` (loading and lint), with a one-line description. The
/// SARIF reporter lists the codes it uses from here; `docs/lint-codes.md` documents each one (a
/// test keeps the two in step).
pub const CODES: &[(&str, &str)] = &[
    (
        "yaml-syntax",
        "the file is not valid YAML, or exceeds the parser's limits",
    ),
    ("unknown-key", "a key the format does not know"),
    ("missing-key", "a required key is missing"),
    ("schema", "a value does not match the format's schema"),
    (
        "check-shape",
        "a check is not a mapping with one key naming its kind",
    ),
    (
        "unknown-check-kind",
        "a check kind the vocabulary does not know",
    ),
    ("duplicate-id", "two items share an id"),
    (
        "unsafe-id",
        "an item id that is not a safe folder name on Linux and Windows",
    ),
    (
        "id-prefix",
        "a child's id does not start with its parent's id (`id_style: nested`)",
    ),
    (
        "shape-mismatch",
        "the items do not match the declared shape",
    ),
    ("points-total", "leaf points do not add up to the total"),
    (
        "leaf-points",
        "a leaf without points or with negative points, or a group with checks and no points",
    ),
    (
        "leaf-checks",
        "a leaf without checks, or a group with points and no checks",
    ),
    (
        "unknown-profile",
        "an item tagged with a profile the standard does not declare, or two profiles with one id",
    ),
    (
        "grade-bands",
        "grade bands not descending, not covering 0..total, or duplicated",
    ),
    (
        "unknown-item",
        "a core entry or core grade that names nothing",
    ),
    ("duplicate-veto", "two vetoes share an id"),
    ("duplicate-bonus", "two bonus items share an id"),
    ("bonus-cap", "a bonus cap not greater than 0"),
    ("bad-glob", "a glob that does not compile"),
    (
        "unsafe-path",
        "a path that leaves the pack or depends on the system",
    ),
    (
        "bad-expression",
        "a minijinja expression that does not compile",
    ),
    (
        "expr-too-complex",
        "an expression too long or nesting brackets too deeply to be parsed",
    ),
    (
        "threshold-type",
        "a value check's threshold or floor does not fit its operator",
    ),
    ("bad-rule", "a check rule that cannot hold as written"),
    (
        "missing-title",
        "a title without its Chinese or English text",
    ),
    ("empty-guidance", "a leaf without guidance for the officer"),
    (
        "plain-words",
        "a check the report cannot put in plain words: add `describe` and `describe_en`",
    ),
    (
        "no-label-en",
        "a check with a Chinese `label` and no English `label_en`",
    ),
    (
        "no-approver",
        "an item asks for the approver's confirmation and the standard names no approver",
    ),
    (
        "no-basis",
        "a reconstructed standard (with `provenance`) has a leaf that does not state its basis",
    ),
    (
        "register-extension",
        "a register or data file named with a `{csv,xlsx}` alternation: name it without its extension",
    ),
    (
        "shared-rows",
        "two leaves score the same rows of one register, and neither says so on purpose",
    ),
];

/// The description of a code, if it is one of [`CODES`].
pub fn describe(code: &str) -> Option<&'static str> {
    CODES.iter().find(|(c, _)| *c == code).map(|(_, d)| *d)
}

/// Every semantic finding of a standard, in one run, sorted by file and position.
pub fn lint(standard: &Standard, loaded: &Loaded) -> Vec<Diagnostic> {
    let mut lint = Lint {
        loaded,
        out: Vec::new(),
        ids: HashMap::new(),
        nested: standard.id_style == super::model::IdStyle::Nested,
        profiles: standard.profiles.iter().map(|p| p.id.clone()).collect(),
        points_unknown: false,
        env: minijinja::Environment::new(),
    };
    lint.header(standard);
    lint.profiles(standard);
    let leaves = lint.items(standard);
    lint.scoring(standard, &leaves);
    lint.shared_rows(standard);
    lint.no_approver(standard);
    lint.no_basis(standard);
    let order: HashMap<&str, usize> = loaded
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.as_str(), i))
        .collect();
    let mut out = lint.out;
    out.sort_by_key(|d| {
        (
            order.get(d.file.as_str()).copied().unwrap_or(usize::MAX),
            d.line,
            d.column,
        )
    });
    out
}

/// Where a node was written: a file of the standard and the JSON Pointer of the node in it.
#[derive(Debug, Clone)]
struct Place {
    file: usize,
    pointer: String,
}

impl Place {
    fn join(&self, token: impl std::fmt::Display) -> Place {
        Place {
            file: self.file,
            pointer: format!("{}/{token}", self.pointer),
        }
    }
}

/// Where every node of `index` was written, aligned with [`StandardIndex::nodes`]: a top-level
/// item where the loader put it (`loaded.roots`), a child at `{parent}/items/{j}`. `None` for a
/// top-level item the loader placed nowhere.
fn places(index: &StandardIndex, loaded: &Loaded) -> Vec<Option<Place>> {
    let mut out: Vec<Option<Place>> = Vec::with_capacity(index.nodes().len());
    for node in index.nodes() {
        let place = match node.parent {
            None => loaded.roots.get(node.child).map(|root| Place {
                file: root.file,
                pointer: root.pointer.clone(),
            }),
            Some(p) => out
                .get(p)
                .and_then(Option::as_ref)
                .map(|parent| parent.join("items").join(node.child)),
        };
        out.push(place);
    }
    out
}

/// Every item of the tree (groups and leaves, in tree order) with the place it was written.
fn placed_items<'s>(standard: &'s Standard, loaded: &Loaded) -> Vec<(&'s Item, Place)> {
    let index = StandardIndex::of(standard);
    index
        .nodes()
        .iter()
        .zip(places(&index, loaded))
        .filter_map(|(n, place)| place.map(|p| (n.item, p)))
        .collect()
}

struct Lint<'a> {
    loaded: &'a Loaded,
    out: Vec<Diagnostic>,
    /// First place of every item id, for `duplicate-id`.
    ids: HashMap<String, Place>,
    /// `id_style: nested`: a child's id must extend its parent's (`id-prefix`).
    nested: bool,
    /// The ids of the standard's profiles, for `unknown-profile`.
    profiles: Vec<String>,
    /// A leaf without valid points was reported: the sum is unknown, `points-total` stays quiet
    /// rather than repeat the same fault.
    points_unknown: bool,
    /// One environment for every expression: making one per expression cost a tenth of a second
    /// on a 10,000-leaf standard.
    env: minijinja::Environment<'static>,
}

impl Lint<'_> {
    /// A diagnostic at the value (or, with `key`, at the key) of the node at `place`.
    fn at(
        &self,
        severity: Severity,
        code: &str,
        place: &Place,
        key: bool,
        zh: String,
        en: String,
    ) -> Diagnostic {
        let path = self
            .loaded
            .files
            .get(place.file)
            .map(|f| f.path.clone())
            .unwrap_or_default();
        let d = Diagnostic::new(severity, code, path, zh, en);
        d.at(self.loaded.position(place.file, &place.pointer, key))
    }

    fn error(&self, code: &str, place: &Place, key: bool, zh: String, en: String) -> Diagnostic {
        self.at(Severity::Error, code, place, key, zh, en)
    }

    fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }

    fn file(&self, place: &Place) -> &str {
        self.loaded
            .files
            .get(place.file)
            .map(|f| f.path.as_str())
            .unwrap_or("")
    }

    fn location(&self, place: &Place) -> String {
        let path = self.file(place);
        match self.loaded.position(place.file, &place.pointer, false) {
            Some(p) => format!("{path}:{}:{}", p.line, p.column),
            None => path.to_owned(),
        }
    }

    fn header(&mut self, standard: &Standard) {
        let root = Place {
            file: 0,
            pointer: String::new(),
        };
        self.title(&standard.title, &root.join("title"), None);
    }

    /// The standard's profiles: one id each, with a title.
    fn profiles(&mut self, standard: &Standard) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, p) in standard.profiles.iter().enumerate() {
            let place = Place {
                file: 0,
                pointer: format!("/profiles/{i}"),
            };
            self.title(&p.title, &place.join("title"), None);
            if let Some(first) = seen.insert(p.id.as_str(), i) {
                let d = self.error(
                    "unknown-profile",
                    &place.join("id"),
                    false,
                    format!("档次编号 `{}` 重复（第 {} 个档次已使用）", p.id, first + 1),
                    format!(
                        "profile id `{}` is used twice (by profile {} too)",
                        p.id,
                        first + 1
                    ),
                );
                self.push(d);
            }
        }
    }

    /// A `missing-title` warning when one half of a title is empty.
    fn title(&mut self, title: &Text, place: &Place, item: Option<&str>) {
        for (lang, name, text) in [("zh", "中文", &title.zh), ("en", "英文", &title.en)] {
            if text.trim().is_empty() {
                let mut d = self
                    .at(
                        Severity::Warning,
                        "missing-title",
                        place,
                        true,
                        format!("标题缺少{name}（`{lang}`）"),
                        format!("title has no `{lang}` text"),
                    )
                    .with_help(
                        format!("在标题下补上 `{lang}:`"),
                        format!("add `{lang}:` to the title"),
                    );
                if let Some(id) = item {
                    d = d.item(id);
                }
                self.push(d);
            }
        }
    }

    /// Lints every item of the tree, in document order; returns the ids and points of what is
    /// scored (leaves and groups' own parts).
    fn items(&mut self, standard: &Standard) -> Vec<(String, f64)> {
        let mut leaves = Vec::new();
        let index = StandardIndex::of(standard);
        for (node, place) in index.nodes().iter().zip(places(&index, self.loaded)) {
            let Some(place) = place else { continue };
            let parent = node
                .parent
                .and_then(|p| index.node(p))
                .map(|p| p.item.id.as_str());
            self.item(node.item, &place, parent, &mut leaves);
        }
        if let Some(declared) = &standard.shape {
            let header = Place {
                file: 0,
                pointer: "/shape".into(),
            };
            let actual = index.shape();
            if *declared != actual {
                let d = self
                    .error(
                        "shape-mismatch",
                        &header,
                        false,
                        format!(
                            "声明的结构 `{}` 与条目实际的 `{}` 不符",
                            list(declared),
                            list(&actual)
                        ),
                        format!(
                            "declared shape `{}` but the items count `{}`",
                            list(declared),
                            list(&actual)
                        ),
                    )
                    .with_help(
                        format!("写作 `shape: {}`，或改正条目", list(&actual)),
                        format!("write `shape: {}` or fix the items", list(&actual)),
                    );
                self.push(d);
            }
        }
        leaves
    }

    /// Lints one item (not its children: [`Lint::items`] visits every node).
    fn item(
        &mut self,
        item: &Item,
        place: &Place,
        parent: Option<&str>,
        leaves: &mut Vec<(String, f64)>,
    ) {
        let id = item.id.as_str();
        let id_place = place.join("id");
        if let Some(why) = unsafe_id(id) {
            let d = self
                .error(
                    "unsafe-id",
                    &id_place,
                    false,
                    format!("条目编号 `{}` {}，不能用作文件夹名", why.shown, why.zh),
                    format!(
                        "item id `{}` {}; it cannot name a folder",
                        why.shown, why.en
                    ),
                )
                .item(id)
                .with_help(
                    "编号只用字母、数字、点、横线和下划线，例如 `A1.1`",
                    "use letters, digits, `.`, `-` and `_`, e.g. `A1.1`",
                );
            self.push(d);
        }
        match self.ids.get(id) {
            Some(first) => {
                let line = self
                    .loaded
                    .position(first.file, &first.pointer, false)
                    .map(|p| p.line);
                let where_zh = match (first.file == id_place.file, line) {
                    (true, Some(l)) => format!("（首次出现在第 {l} 行）"),
                    (false, Some(l)) => format!("（首次出现在 {} 第 {l} 行）", self.file(first)),
                    (_, None) => format!("（首次出现在 {}）", self.file(first)),
                };
                let first = self.location(first);
                let d = self
                    .error(
                        "duplicate-id",
                        &id_place,
                        false,
                        format!("重复的条目编号 `{id}`{where_zh}"),
                        format!("duplicate item id `{id}`"),
                    )
                    .item(id)
                    .with_help(
                        format!("编号已在 {first} 使用，请改用另一个编号"),
                        format!("first defined at {first}"),
                    );
                self.push(d);
            }
            None => {
                self.ids.insert(id.to_owned(), id_place.clone());
            }
        }
        if let Some(parent) = parent.filter(|_| self.nested) {
            if !id.starts_with(parent) {
                let d = self
                    .error(
                        "id-prefix",
                        &id_place,
                        false,
                        format!("编号 `{id}` 没有以上级编号 `{parent}` 开头"),
                        format!("id `{id}` does not start with its parent's id `{parent}`"),
                    )
                    .item(id)
                    .with_help(
                        format!("子项编号应以 `{parent}` 开头，例如 `{parent}1`；编号不按层级时，在标准中写 `id_style: free`"),
                        format!("a child's id extends its parent's, e.g. `{parent}1`; where ids do not nest, write `id_style: free` in the standard"),
                    );
                self.push(d);
            }
        }
        self.title(&item.title, &place.join("title"), Some(id));
        for (k, tag) in item.profiles.iter().enumerate() {
            if !self.profiles.contains(tag) {
                let mut d = self
                    .error(
                        "unknown-profile",
                        &place.join("profiles").join(k),
                        false,
                        format!("条目 `{id}` 所属的档次 `{tag}` 不在标准的 `profiles` 中"),
                        format!("item `{id}` is tagged with the profile `{tag}`, which the standard's `profiles` do not declare"),
                    )
                    .item(id);
                if let Some(s) =
                    crate::diagnostic::suggest(tag, self.profiles.iter().map(String::as_str))
                {
                    d = d.with_help(format!("是否应为 `{s}`？"), format!("did you mean `{s}`?"));
                }
                self.push(d);
            }
        }
        // A leaf is assessed; so is a group with its own points or checks (its own part).
        let what = if item.is_leaf() {
            ("末级条目", "leaf")
        } else if item.has_own_part() {
            ("分组", "group")
        } else {
            return;
        };
        if item.points.is_none_or(|p| p < 0.0 || !p.is_finite()) {
            self.points_unknown = true;
        }
        match item.points {
            None => {
                let d = self
                    .error(
                        "leaf-points",
                        &id_place,
                        true,
                        match item.is_leaf() {
                            true => format!("末级条目 `{id}` 没有分值"),
                            false => format!("分组 `{id}` 带有自己的检查，却没有分值"),
                        },
                        match item.is_leaf() {
                            true => format!("leaf `{id}` has no points"),
                            false => format!("group `{id}` has its own checks and no points"),
                        },
                    )
                    .item(id)
                    .with_help(
                        "加上 `points:`（只作参考、不计分的写 `points: 0`）",
                        "add `points:` (`points: 0` for an informational item, not scored)",
                    );
                self.push(d);
            }
            Some(p) if p < 0.0 || !p.is_finite() => {
                let d = self
                    .error(
                        "leaf-points",
                        &place.join("points"),
                        false,
                        format!("{} `{id}` 的分值 `{p}` 小于 0", what.0),
                        format!("{} `{id}` has points `{p}`, less than 0", what.1),
                    )
                    .item(id)
                    .with_help(
                        "分值不小于 0；0 表示只作参考、不计分",
                        "points are 0 or more; 0 marks an informational item, not scored",
                    );
                self.push(d);
            }
            Some(p) => leaves.push((id.to_owned(), p)),
        }
        if item.checks.is_empty() {
            let d = self
                .error(
                    "leaf-checks",
                    &id_place,
                    true,
                    match item.is_leaf() {
                        true => format!("末级条目 `{id}` 没有检查"),
                        false => format!("分组 `{id}` 有自己的分值，却没有检查"),
                    },
                    match item.is_leaf() {
                        true => format!("leaf `{id}` has no checks"),
                        false => format!("group `{id}` has its own points and no checks"),
                    },
                )
                .item(id)
                .with_help(
                    "在 `checks:` 下至少写一项检查",
                    "add at least one check under `checks:`",
                );
            self.push(d);
        }
        if item.guidance.as_deref().is_none_or(|g| g.trim().is_empty()) {
            let d = self
                .at(
                    Severity::Warning,
                    "empty-guidance",
                    &id_place,
                    true,
                    format!("{} `{id}` 没有填写指引", what.0),
                    format!("{} `{id}` has no guidance", what.1),
                )
                .item(id)
                .with_help(
                    "加上 `guidance:`，写明应留存哪些证据",
                    "add `guidance:` telling the officer what evidence to keep",
                );
            self.push(d);
        }
        for (k, check) in item.checks.iter().enumerate() {
            self.check(check, &place.join("checks").join(k), id);
        }
    }

    fn scoring(&mut self, standard: &Standard, leaves: &[(String, f64)]) {
        let scoring = &standard.scoring;
        let at = |pointer: &str| Place {
            file: 0,
            pointer: format!("/scoring{pointer}"),
        };
        let total = scoring.total;
        let sum: f64 = leaves.iter().map(|(_, p)| p).sum();
        if !self.points_unknown && (sum - total).abs() > 1e-6 {
            let d = self
                .error(
                    "points-total",
                    &at("/total"),
                    false,
                    format!(
                        "末级条目分值合计 {}，与总分 {} 不符",
                        number(sum),
                        number(total)
                    ),
                    format!(
                        "leaf points add up to `{}`, not `scoring.total` `{}`",
                        number(sum),
                        number(total)
                    ),
                )
                .with_help(
                    "改正末级条目的分值或 `scoring.total`，使两者相等",
                    "fix the points of the leaves or the total",
                );
            self.push(d);
        }

        // Grade bands: best first, strictly descending, covering 0..total.
        let grades = &scoring.grades;
        if grades.is_empty() {
            let d = self.error(
                "grade-bands",
                &at("/grades"),
                true,
                "没有等级".into(),
                "no grade bands".into(),
            );
            self.push(d);
        }
        let mut seen = HashSet::new();
        for (i, band) in grades.iter().enumerate() {
            let place = at(&format!("/grades/{i}"));
            self.title(&band.title, &place.join("title"), None);
            if !seen.insert(band.id.as_str()) {
                let d = self.error(
                    "grade-bands",
                    &place.join("id"),
                    false,
                    format!("重复的等级编号 `{}`", band.id),
                    format!("duplicate grade id `{}`", band.id),
                );
                self.push(d);
            }
            if i > 0 && band.min >= grades[i - 1].min {
                let d = self
                    .error(
                        "grade-bands",
                        &place.join("min"),
                        false,
                        format!(
                            "等级 `{}` 的分数线 {} 不低于上一等级的 {}",
                            band.id,
                            number(band.min),
                            number(grades[i - 1].min)
                        ),
                        format!(
                            "band `{}` starts at `{}`, not below the band before it (`{}`)",
                            band.id,
                            number(band.min),
                            number(grades[i - 1].min)
                        ),
                    )
                    .with_help(
                        "等级按分数线从高到低排列，每级的 `min` 低于上一级",
                        "list bands best first, each `min` lower than the one before",
                    );
                self.push(d);
            }
        }
        if let Some(best) = grades.first() {
            if best.min > total {
                let d = self
                    .error(
                        "grade-bands",
                        &at("/grades/0/min"),
                        false,
                        format!(
                            "最高等级 `{}` 的分数线 {} 高于总分 {}",
                            best.id,
                            number(best.min),
                            number(total)
                        ),
                        format!(
                            "best band `{}` starts at `{}`, above the total `{}`",
                            best.id,
                            number(best.min),
                            number(total)
                        ),
                    )
                    .with_help("任何得分都达不到该等级", "no score could reach it");
                self.push(d);
            }
        }
        if let Some(worst) = grades.last() {
            if worst.min > 0.0 {
                let last = grades.len() - 1;
                let d = self
                    .error(
                        "grade-bands",
                        &at(&format!("/grades/{last}/min")),
                        false,
                        format!(
                            "最低等级 `{}` 的分数线是 {}，低于它的得分没有等级",
                            worst.id,
                            number(worst.min)
                        ),
                        format!(
                            "lowest band `{}` starts at `{}`, so scores below it have no grade",
                            worst.id,
                            number(worst.min)
                        ),
                    )
                    .with_help("最低等级应设 `min: 0`", "give the lowest band `min: 0`");
                self.push(d);
            }
        }

        // Core items and the grade they guard.
        let leaf_ids: HashSet<&str> = leaves.iter().map(|(id, _)| id.as_str()).collect();
        let mut all_ids: Vec<String> = self.ids.keys().cloned().collect();
        all_ids.sort();
        for (j, core) in scoring.core.iter().enumerate() {
            if leaf_ids.contains(core.as_str()) {
                continue;
            }
            let (zh, en) = if self.ids.contains_key(core) {
                (
                    format!("核心条目 `{core}` 是分组，不是末级条目"),
                    format!("core entry `{core}` is a group, not a leaf"),
                )
            } else {
                (
                    format!("核心条目 `{core}` 不是标准中的条目"),
                    format!("core entry `{core}` names no item"),
                )
            };
            let mut d = self.error("unknown-item", &at(&format!("/core/{j}")), false, zh, en);
            if let Some(s) = crate::diagnostic::suggest(core, all_ids.iter().map(String::as_str)) {
                d = d.with_help(format!("是否应为 `{s}`？"), format!("did you mean `{s}`?"));
            }
            self.push(d);
        }
        if let Some(core_grade) = &scoring.core_grade {
            if !grades.iter().any(|g| &g.id == core_grade) {
                let ids: Vec<&str> = grades.iter().map(|g| g.id.as_str()).collect();
                let mut d = self.error(
                    "unknown-item",
                    &at("/core_grade"),
                    false,
                    format!("`core_grade` 的 `{core_grade}` 不是已有的等级"),
                    format!("`core_grade` `{core_grade}` names no grade band"),
                );
                d = match crate::diagnostic::suggest(core_grade, ids.iter().copied()) {
                    Some(s) => {
                        d.with_help(format!("是否应为 `{s}`？"), format!("did you mean `{s}`?"))
                    }
                    None => d.with_help(
                        format!("已有等级：{}", ids.join("、")),
                        format!("bands: {}", ids.join(", ")),
                    ),
                };
                self.push(d);
            }
        }

        let mut seen = HashSet::new();
        for (i, veto) in scoring.vetoes.iter().enumerate() {
            let place = at(&format!("/vetoes/{i}"));
            if !seen.insert(veto.id.as_str()) {
                let d = self.error(
                    "duplicate-veto",
                    &place.join("id"),
                    false,
                    format!("重复的否决项编号 `{}`", veto.id),
                    format!("duplicate veto id `{}`", veto.id),
                );
                self.push(d);
            }
            self.title(&veto.title, &place.join("title"), None);
        }
        if let Some(bonus) = &scoring.bonus {
            if bonus.cap <= 0.0 || !bonus.cap.is_finite() {
                let d = self
                    .error(
                        "bonus-cap",
                        &at("/bonus/cap"),
                        false,
                        format!("加分上限 `{}` 不大于 0", number(bonus.cap)),
                        format!("bonus cap `{}` is not more than 0", number(bonus.cap)),
                    )
                    .with_help(
                        "加分上限应大于 0，或删除 `bonus:`",
                        "give a positive cap, or remove `bonus:`",
                    );
                self.push(d);
            }
            let mut seen = HashSet::new();
            for (i, b) in bonus.items.iter().enumerate() {
                let place = at(&format!("/bonus/items/{i}"));
                if !seen.insert(b.id.as_str()) {
                    let d = self.error(
                        "duplicate-bonus",
                        &place.join("id"),
                        false,
                        format!("重复的加分项编号 `{}`", b.id),
                        format!("duplicate bonus id `{}`", b.id),
                    );
                    self.push(d);
                }
                self.title(&b.title, &place.join("title"), None);
            }
        }
    }

    /// Two leaves whose records checks read the same rows — the same file pattern and sheet, and
    /// the same row filter or none on either — score one piece of work twice. A warning naming
    /// both items and both places, unless one of them lists the other in `shares_evidence_with`.
    /// A `shares_evidence_with` naming no leaf is a warning too.
    fn shared_rows(&mut self, standard: &Standard) {
        struct Reads {
            item: String,
            shares: Vec<String>,
            key: (String, String, String),
            /// What the rules judge: the columns they read, and whether they count rows.
            judged: HashSet<String>,
            place: Place,
        }
        fn checks<'a>(check: &'a Check, place: &Place, out: &mut Vec<(Place, &'a RecordsCheck)>) {
            match check {
                Check::Records(c) => out.push((place.join("records"), c)),
                Check::All(list) => list
                    .iter()
                    .enumerate()
                    .for_each(|(j, c)| checks(c, &place.join("all").join(j), out)),
                Check::Any(list) => list
                    .iter()
                    .enumerate()
                    .for_each(|(j, c)| checks(c, &place.join("any").join(j), out)),
                Check::AtLeast(a) => {
                    a.of.iter().enumerate().for_each(|(j, c)| {
                        checks(c, &place.join("at_least").join("of").join(j), out)
                    })
                }
                _ => {}
            }
        }
        fn leaf(
            item: &Item,
            place: &Place,
            reads: &mut Vec<Reads>,
            shares: &mut Vec<(String, String, Place)>,
        ) {
            for (j, other) in item.shares_evidence_with.iter().enumerate() {
                shares.push((
                    item.id.clone(),
                    other.clone(),
                    place.join("shares_evidence_with").join(j),
                ));
            }
            let mut found = Vec::new();
            for (k, check) in item.checks.iter().enumerate() {
                checks(check, &place.join("checks").join(k), &mut found);
            }
            let squeeze = |s: &str| s.split_whitespace().collect::<String>();
            for (place, c) in found {
                let mut judged: HashSet<String> = c.required.iter().map(|r| squeeze(r)).collect();
                if c.min.is_some() || c.max.is_some() {
                    judged.insert("\u{0}rows".to_owned());
                }
                judged.extend(c.distinct.iter().map(|d| squeeze(&d.column)));
                judged.extend(c.periods.iter().map(|p| squeeze(&p.column)));
                judged.extend(c.sum.iter().map(|s| squeeze(&s.column)));
                if let Some(r) = &c.ratio {
                    judged.extend(
                        [&r.when, &r.numerator_column, &r.denominator_column]
                            .into_iter()
                            .flatten()
                            .map(|x| squeeze(x)),
                    );
                }
                reads.push(Reads {
                    judged,
                    item: item.id.clone(),
                    shares: item.shares_evidence_with.clone(),
                    key: (
                        c.file.trim().to_owned(),
                        c.sheet.as_deref().map(squeeze).unwrap_or_default(),
                        c.filter.as_deref().map(squeeze).unwrap_or_default(),
                    ),
                    place,
                });
            }
        }
        let mut reads = Vec::new();
        let mut shares = Vec::new();
        for (item, place) in placed_items(standard, self.loaded) {
            if item.is_assessed() {
                leaf(item, &place, &mut reads, &mut shares);
            }
        }
        let leaf_ids: HashSet<&str> = reads.iter().map(|r| r.item.as_str()).collect();
        for (id, other, place) in &shares {
            if leaf_ids.contains(other.as_str()) || self.ids.contains_key(other) {
                continue;
            }
            let d = self
                .at(
                    Severity::Warning,
                    "shared-rows",
                    place,
                    false,
                    format!(
                        "条目 `{id}` 的 `shares_evidence_with` 写的 `{other}` 不是标准中的条目"
                    ),
                    format!(
                        "`shares_evidence_with` of item `{id}` names `{other}`, which is no item"
                    ),
                )
                .item(id.as_str());
            self.push(d);
        }
        let mut by_key: HashMap<&(String, String, String), Vec<usize>> = HashMap::new();
        let mut pairs = Vec::new();
        for (n, r) in reads.iter().enumerate() {
            let earlier = by_key.entry(&r.key).or_default();
            for &f in earlier.iter() {
                pairs.push((f, n));
            }
            earlier.push(n);
        }
        let mut warned: HashSet<(&str, &str)> = HashSet::new();
        for (f, n) in pairs {
            let (Some(a), Some(r)) = (reads.get(f), reads.get(n)) else {
                continue;
            };
            if a.item == r.item
                || a.judged.is_disjoint(&r.judged)
                || a.shares.contains(&r.item)
                || r.shares.contains(&a.item)
                || !warned.insert((a.item.as_str(), r.item.as_str()))
            {
                continue;
            }
            let (file, filter) = (&r.key.0, &r.key.2);
            let (how_zh, how_en) = if filter.is_empty() {
                (
                    "都不筛选行".to_owned(),
                    "neither filters the rows".to_owned(),
                )
            } else {
                (
                    format!("筛选条件相同（{filter}）"),
                    format!("with the same filter ({filter})"),
                )
            };
            let there = self.location(&a.place);
            let d = self
                .at(
                    Severity::Warning,
                    "shared-rows",
                    &r.place,
                    false,
                    format!(
                        "条目 `{}` 和条目 `{}`（{there}）读取同一台账 `{file}` 的同一些行，{how_zh}：同一项工作计了两次分",
                        r.item, a.item
                    ),
                    format!(
                        "items `{}` and `{}` ({there}) read the same rows of `{file}`, {how_en}: one piece of work is scored twice",
                        r.item, a.item
                    ),
                )
                .item(r.item.as_str())
                .with_help(
                    format!("用筛选条件把两项的行分开；若确属有意，在其中一项写 `shares_evidence_with: [{}]`", a.item),
                    format!("tell the rows apart with a filter; if it is on purpose, write `shares_evidence_with: [{}]` on one of them", a.item),
                );
            self.push(d);
        }
    }

    /// A standard that says how faithful it is to its source (`provenance`) states, leaf by leaf,
    /// what the source supports (`basis`).
    fn no_basis(&mut self, standard: &Standard) {
        if standard.provenance.trim().is_empty() {
            return;
        }
        let missing: Vec<(&str, Place)> = placed_items(standard, self.loaded)
            .into_iter()
            .filter(|(item, _)| item.is_assessed() && item.basis.is_none())
            .map(|(item, place)| (item.id.as_str(), place))
            .collect();
        for (id, place) in missing {
            let d = self
                .at(
                    Severity::Warning,
                    "no-basis",
                    &place,
                    false,
                    format!("条目 `{id}` 没有写明在来源中的依据（`basis`），而标准说明了它是重构本（`provenance`）"),
                    format!("item `{id}` does not state its basis in the source (`basis`), and the standard says it is a reconstruction (`provenance`)"),
                )
                .item(id)
                .with_help(
                    "写明 `basis: {topic, rule, note, note_en}`：话题和计分规则各自在来源中的支持程度，并摘引原文",
                    "add `basis: {topic, rule, note, note_en}`: how far the source supports the topic and the scored rule, with a short quote",
                );
            self.push(d);
        }
    }

    /// An item whose 无此情形 needs the approver's confirmation (`no_case: attested`) in a standard
    /// that names no `scoring.approver`: no pack could ever have it confirmed.
    fn no_approver(&mut self, standard: &Standard) {
        if standard
            .scoring
            .approver
            .as_deref()
            .is_some_and(|a| !a.trim().is_empty())
        {
            return;
        }
        let attested: Vec<(&str, Place)> = placed_items(standard, self.loaded)
            .into_iter()
            .filter(|(item, _)| item.no_case == NoCase::Attested)
            .map(|(item, place)| (item.id.as_str(), place.join("no_case")))
            .collect();
        for (id, place) in attested {
            let d = self
                .at(
                    Severity::Warning,
                    "no-approver",
                    &place,
                    false,
                    format!("条目 `{id}` 申报“无此情形”须经确认，但标准没有写明由谁确认（`scoring.approver`）"),
                    format!("item `{id}` asks for the approver's confirmation of \"no case\", but the standard names no `scoring.approver`"),
                )
                .item(id)
                .with_help(
                    "在计分部分写明确认单位，例如 `approver: 区总工会`，或改为 `no_case: allowed`",
                    "name the approver in scoring, e.g. `approver: 区总工会`, or write `no_case: allowed`",
                );
            self.push(d);
        }
    }

    /// Lints one check at `place` (the `- kind: …` entry).
    fn check(&mut self, check: &Check, place: &Place, item: &str) {
        let before = self.out.len();
        self.kind(check, place, item);
        // A check in error is fixed first; its wording waits (and an `all` speaks through its
        // checks, each linted on its own).
        let in_error = self.out[before..]
            .iter()
            .any(|d| d.severity == Severity::Error && d.file == self.file(place));
        if !in_error || matches!(check, Check::All(_) | Check::Any(_) | Check::AtLeast(_)) {
            self.plain_words(check, place, item);
            self.no_label_en(check, place, item);
        }
    }

    /// A `no-label-en` warning on a check with a Chinese `label` and no `label_en`: the English
    /// report and terminal would name the files or register in Chinese.
    fn no_label_en(&mut self, check: &Check, place: &Place, item: &str) {
        let (kind, label, label_en) = match check {
            Check::Files(c) => ("files", &c.label, &c.label_en),
            Check::Records(c) => ("records", &c.label, &c.label_en),
            Check::Value(c) => ("value", &c.label, &c.label_en),
            Check::Expr(c) => ("expr", &c.label, &c.label_en),
            Check::Schema(c) => ("schema", &c.label, &c.label_en),
            Check::Text(c) => ("text", &c.label, &c.label_en),
            Check::Attest(c) => ("attest", &c.label, &c.label_en),
            Check::All(_) | Check::Any(_) | Check::AtLeast(_) => return,
        };
        let written = |t: &Option<String>| t.as_deref().is_some_and(|t| !t.trim().is_empty());
        if !written(label) || written(label_en) {
            return;
        }
        let nth = Nth::of(&place.pointer);
        let shown = label.as_deref().unwrap_or_default().trim();
        let d = self
            .at(
                Severity::Warning,
                "no-label-en",
                &place.join(kind).join("label"),
                true,
                format!("{item} 的{}有名称“{shown}”，缺英文名称 label_en：英文报告会显示中文名称", nth.zh),
                format!("check {} of `{item}` has `label` \"{shown}\" but no `label_en`: the English report would show the Chinese name", nth.en),
            )
            .with_help(
                "加上 label_en，用英文写同一个名称",
                "add `label_en`, the same name in English",
            )
            .item(item);
        self.push(d);
    }

    /// The lint of one check's kind.
    fn kind(&mut self, check: &Check, place: &Place, item: &str) {
        match check {
            Check::Files(c) => self.files(c, &place.join("files"), item),
            Check::Records(c) => self.records(c, &place.join("records"), item),
            Check::Value(c) => self.value(c, &place.join("value"), item),
            Check::Expr(c) => {
                let body = place.join("expr");
                self.expression(&c.expr, &body.join("expr"), item);
            }
            Check::Schema(c) => {
                let body = place.join("schema");
                self.path(&c.file, &body.join("file"), item, false);
                self.register_extension(&c.file, &body.join("file"), item);
                if let Err((zh, en)) = crate::standard::schema::compile_inline(&c.schema) {
                    let d = self
                        .error(
                            "bad-rule",
                            &body.join("schema"),
                            true,
                            format!("内嵌的 JSON Schema 无法编译：{zh}"),
                            format!("inline schema does not compile: {en}"),
                        )
                        .item(item);
                    self.push(d);
                }
            }
            Check::Text(c) => {
                let body = place.join("text");
                self.path(&c.glob, &body.join("glob"), item, true);
                if c.keywords.is_empty() {
                    let d = self
                        .error(
                            "bad-rule",
                            &body.join("keywords"),
                            true,
                            "`keywords` 是空的".into(),
                            "`keywords` is empty".into(),
                        )
                        .item(item)
                        .with_help(
                            "列出文档必须包含的关键词",
                            "list the words a document must contain",
                        );
                    self.push(d);
                }
            }
            Check::Attest(_) => {}
            Check::All(list) | Check::Any(list) => {
                let kind = if matches!(check, Check::All(_)) {
                    "all"
                } else {
                    "any"
                };
                let body = place.join(kind);
                if list.is_empty() {
                    let d = self
                        .error(
                            "bad-rule",
                            &body,
                            true,
                            format!("`{kind}` 下没有检查"),
                            format!("`{kind}` has no checks"),
                        )
                        .item(item)
                        .with_help(
                            format!("在 `{kind}:` 下至少写一项检查"),
                            format!("list checks under `{kind}:`"),
                        );
                    self.push(d);
                }
                for (j, c) in list.iter().enumerate() {
                    self.nested_gate(c, &body.join(j), kind, item);
                    self.check(c, &body.join(j), item);
                }
            }
            Check::AtLeast(c) => {
                let body = place.join("at_least");
                let n = c.of.len();
                if c.k == 0 || c.k as usize > n {
                    let d = self
                        .error(
                            "bad-rule",
                            &body.join("k"),
                            false,
                            format!(
                                "`at_least` 的 `k` 应在 1 到 {n}（其检查项数）之间，不能是 `{}`",
                                c.k
                            ),
                            format!(
                                "`at_least` needs `k` between 1 and {n} (its checks), not `{}`",
                                c.k
                            ),
                        )
                        .item(item);
                    self.push(d);
                }
                for (j, sub) in c.of.iter().enumerate() {
                    self.nested_gate(sub, &body.join("of").join(j), "at_least", item);
                    self.check(sub, &body.join("of").join(j), item);
                }
            }
        }
    }

    /// A gate decides the whole item, so it belongs on the item's own checks: inside `all`, `any`
    /// or `at_least` it would contradict the composite (an `any` met by another check).
    fn nested_gate(&mut self, check: &Check, place: &Place, within: &str, item: &str) {
        if !check.gate() {
            return;
        }
        let kind = match check {
            Check::Files(_) => "files",
            Check::Records(_) => "records",
            Check::Value(_) => "value",
            Check::Expr(_) => "expr",
            Check::Schema(_) => "schema",
            Check::Text(_) => "text",
            Check::Attest(_) => "attest",
            Check::AtLeast(_) => "at_least",
            Check::All(_) | Check::Any(_) => return,
        };
        let d = self
            .error(
                "bad-rule",
                &place.join(kind).join("gate"),
                true,
                format!("`gate` 只能写在条目自己的检查上，不能写在 `{within}` 之内"),
                format!("`gate` belongs on an item's own checks, not inside `{within}`"),
            )
            .item(item)
            .with_help(
                "把这项检查移到条目的 `checks:` 下，或去掉 `gate: true`",
                "move the check to the item's `checks:`, or drop `gate: true`",
            );
        self.push(d);
    }

    /// A `plain-words` warning on a check whose sentence in the report would still be technical:
    /// without a `describe`, the engine words a check from its parts, and an expression (an
    /// `expr` check, a row `filter`, a ratio's `when`) or a bare data key (a `value` check without
    /// a `label`) has no plain wording — the officer would read code. Also when only one half of
    /// `describe`/`describe_en` is written: the other language would fall back to it.
    fn plain_words(&mut self, check: &Check, place: &Place, item: &str) {
        let Some(words) = Words::of(check) else {
            return;
        };
        let nth = Nth::of(&place.pointer);
        let body = place.join(words.kind);
        let written = |t: Option<&String>| t.is_some_and(|t| !t.trim().is_empty());
        let (zh, en) = (written(words.describe), written(words.describe_en));
        let d = match (zh, en) {
            (true, true) => return,
            (true, false) => self
                .at(
                    Severity::Warning,
                    "plain-words",
                    &body.join("describe"),
                    true,
                    format!("{item} 的{}有中文说明 describe，缺英文 describe_en：英文报告会显示中文", nth.zh),
                    format!("check {} of `{item}` has `describe` but no `describe_en`: the English report would show the Chinese", nth.en),
                )
                .with_help("加上 describe_en，用英文写同一句话", "add `describe_en`, the same sentence in English"),
            (false, true) => self
                .at(
                    Severity::Warning,
                    "plain-words",
                    &body.join("describe_en"),
                    true,
                    format!("{item} 的{}有英文说明 describe_en，缺中文 describe：中文报告会显示英文", nth.zh),
                    format!("check {} of `{item}` has `describe_en` but no `describe`: the Chinese report would show the English", nth.en),
                )
                .with_help("加上 describe，用中文写同一句话", "add `describe`, the same sentence in Chinese"),
            (false, false) => {
                let Some((why_zh, why_en)) = words.technical else {
                    return;
                };
                self.at(
                    Severity::Warning,
                    "plain-words",
                    &body,
                    true,
                    format!("{item} 的{}{why_zh}，报告中无法用平常话说明：请加 describe（中文）和 describe_en", nth.zh),
                    format!("check {} of `{item}` {why_en}, which the report cannot put in plain words: add `describe` and `describe_en`", nth.en),
                )
                .with_help(
                    "describe 用经办人听得懂的话写明这项检查要求什么，例如“经费预算大于 0，且支出不超过预算”",
                    "`describe` says in an officer's words what the check asks for, e.g. \"a budget above 0 and spending within it\"",
                )
            }
        };
        self.push(d.item(item));
    }

    fn files(&mut self, c: &FilesCheck, body: &Place, item: &str) {
        self.path(&c.glob, &body.join("glob"), item, true);
        self.min_max(c.min, c.max, body, item);
        for (j, ext) in c.extensions.iter().enumerate() {
            if ext.contains('.') || ext.chars().any(char::is_uppercase) || ext.is_empty() {
                let fixed = ext.trim_start_matches('.').to_lowercase();
                let d = self
                    .error(
                        "bad-rule",
                        &body.join("extensions").join(j),
                        false,
                        format!("扩展名 `{ext}` 应为小写，且不带点"),
                        format!("extension `{ext}` must be lowercase, without a dot"),
                    )
                    .item(item)
                    .with_help(format!("写作 `{fixed}`"), format!("write `{fixed}`"));
                self.push(d);
            }
        }
        if let Some(due) = &c.due {
            if !is_month_day(due) {
                let d = self
                    .error(
                        "bad-rule",
                        &body.join("due"),
                        false,
                        format!("`due` 的 `{due}` 不是“月-日”（`MM-DD`）"),
                        format!("`due` `{due}` is not a month-day `MM-DD`"),
                    )
                    .item(item)
                    .with_help("例如 `due: \"03-31\"`", "e.g. `due: \"03-31\"`");
                self.push(d);
            }
        }
        let dated = c.in_period || c.due.is_some() || c.periods.is_some();
        let needs_date = [
            ("grace_days", c.grace_days.is_some()),
            ("dates_agree", c.dates_agree),
            ("date_tolerance_days", c.date_tolerance_days.is_some()),
        ];
        for (key, set) in needs_date {
            if set && !dated {
                self.undated_rule(
                    key,
                    "`in_period`、`due` 或 `periods`",
                    "`in_period`, `due` or `periods`",
                    body,
                    item,
                );
            }
        }
    }

    /// A date setting on a check that dates nothing: it would silently do nothing.
    fn undated_rule(
        &mut self,
        key: &str,
        zh_rules: &str,
        en_rules: &str,
        body: &Place,
        item: &str,
    ) {
        let d = self
            .error(
                "bad-rule",
                &body.join(key),
                true,
                format!("`{key}` 只对按日期计的检查有用，这个检查没有 {zh_rules}"),
                format!("`{key}` only matters for a dated check, and this one has no {en_rules}"),
            )
            .item(item)
            .with_help(
                format!("加上 {zh_rules}，或删去 `{key}`"),
                format!("add {en_rules}, or remove `{key}`"),
            );
        self.push(d);
    }

    fn records(&mut self, c: &RecordsCheck, body: &Place, item: &str) {
        self.path(&c.file, &body.join("file"), item, true);
        self.register_extension(&c.file, &body.join("file"), item);
        if c.grace_days.is_some() && c.date_column.is_none() && c.periods.is_none() {
            self.undated_rule(
                "grace_days",
                "`date_column` 或 `periods`",
                "`date_column` or `periods`",
                body,
                item,
            );
        }
        self.min_max(c.min, c.max, body, item);
        if let Some(filter) = &c.filter {
            self.expression(filter, &body.join("filter"), item);
        }
        if let Some(sum) = &c.sum {
            if let Some(floor) = sum.floor {
                if floor >= sum.min {
                    let d = self
                        .error(
                            "bad-rule",
                            &body.join("sum").join("floor"),
                            false,
                            format!(
                                "合计的 floor `{}` 不低于 min `{}`",
                                number(floor),
                                number(sum.min)
                            ),
                            format!(
                                "sum floor `{}` is not below its min `{}`",
                                number(floor),
                                number(sum.min)
                            ),
                        )
                        .item(item);
                    self.push(d);
                }
            }
        }
        if let Some(ratio) = &c.ratio {
            let rp = body.join("ratio");
            let columns = ratio.numerator_column.is_some() && ratio.denominator_column.is_some();
            let any_column = ratio.numerator_column.is_some() || ratio.denominator_column.is_some();
            match (&ratio.when, columns, any_column) {
                (Some(when), _, false) => self.expression(when, &rp.join("when"), item),
                (None, true, _) => {}
                (Some(_), _, true) => {
                    let d = self
                        .error(
                            "bad-rule",
                            &rp,
                            true,
                            "比例同时写了 `when` 和列".into(),
                            "ratio has both `when` and columns".into(),
                        )
                        .item(item)
                        .with_help(
                            "`when` 与 `numerator_column`+`denominator_column` 二选一",
                            "use either `when`, or `numerator_column` with `denominator_column`",
                        );
                    self.push(d);
                }
                (None, false, _) => {
                    let d = self
                        .error(
                            "bad-rule",
                            &rp,
                            true,
                            "比例既没有 `when`，也没有同时写 `numerator_column` 和 `denominator_column`".into(),
                            "ratio has neither `when` nor both `numerator_column` and `denominator_column`".into(),
                        )
                        .item(item)
                        .with_help(
                            "补上 `when:`（行表达式），或同时写两列",
                            "add `when:` (a row expression) or both columns",
                        );
                    self.push(d);
                }
            }
            let unit = |v: f64| (0.0..=1.0).contains(&v);
            if !unit(ratio.target) {
                let d = self
                    .error(
                        "bad-rule",
                        &rp.join("target"),
                        false,
                        format!("比例目标 `{}` 不在 0 到 1 之间", number(ratio.target)),
                        format!("ratio target `{}` is outside 0..1", number(ratio.target)),
                    )
                    .item(item)
                    .with_help(
                        "用小数表示比例，例如 80% 写作 `0.8`",
                        "write a share, e.g. `0.8` for 80%",
                    );
                self.push(d);
            }
            if let Some(floor) = ratio.floor {
                if !unit(floor) {
                    let d = self
                        .error(
                            "bad-rule",
                            &rp.join("floor"),
                            false,
                            format!("比例的 floor `{}` 不在 0 到 1 之间", number(floor)),
                            format!("ratio floor `{}` is outside 0..1", number(floor)),
                        )
                        .item(item);
                    self.push(d);
                } else if floor >= ratio.target {
                    let d = self
                        .error(
                            "bad-rule",
                            &rp.join("floor"),
                            false,
                            format!(
                                "比例的 floor `{}` 不低于目标 `{}`",
                                number(floor),
                                number(ratio.target)
                            ),
                            format!(
                                "ratio floor `{}` is not below its target `{}`",
                                number(floor),
                                number(ratio.target)
                            ),
                        )
                        .item(item);
                    self.push(d);
                }
            }
        }
    }

    fn value(&mut self, c: &ValueCheck, body: &Place, item: &str) {
        self.path(&c.file, &body.join("file"), item, false);
        self.register_extension(&c.file, &body.join("file"), item);
        let op = op_str(c.op);
        let at = body.join("threshold");
        let t = &c.threshold;
        let two_numbers = || {
            (
                format!("`between` 的阈值应为两个数 `[下限, 上限]`，不能是 `{t}`"),
                format!("`between` needs two numbers `[low, high]`, not `{t}`"),
            )
        };
        let problem = match c.op {
            Op::Ge | Op::Gt | Op::Le | Op::Lt if !t.is_number() => Some((
                format!("`{op}` 的阈值应为数字，不能是 `{t}`"),
                format!("`{op}` needs a number threshold, not `{t}`"),
            )),
            Op::Between => match t.as_array().map(Vec::as_slice) {
                Some([low, high]) => match (low.as_f64(), high.as_f64()) {
                    (Some(l), Some(h)) if l > h => Some((
                        format!("`between` 的阈值 `[下限, 上限]` 应下限 ≤ 上限，不能是 `{t}`"),
                        format!("`between` needs `[low, high]` with low ≤ high, not `{t}`"),
                    )),
                    (Some(_), Some(_)) => None,
                    _ => Some(two_numbers()),
                },
                _ => Some(two_numbers()),
            },
            Op::In if !t.is_array() => Some((
                format!("`in` 的阈值应为列表，不能是 `{t}`"),
                format!("`in` needs a list threshold, not `{t}`"),
            )),
            Op::Eq | Op::Ne if matches!(t, Value::Array(_) | Value::Object(_) | Value::Null) => {
                Some((
                    format!("`{op}` 的阈值应为数字、文本或布尔值，不能是 `{t}`"),
                    format!("`{op}` needs a number, string or bool threshold, not `{t}`"),
                ))
            }
            _ => None,
        };
        if let Some((zh, en)) = problem {
            let d = self.error("threshold-type", &at, false, zh, en).item(item);
            self.push(d);
        }
        if let Some(floor) = c.floor {
            let fp = body.join("floor");
            if !matches!(c.op, Op::Ge | Op::Gt) {
                let d = self
                    .error(
                        "threshold-type",
                        &fp,
                        true,
                        format!("`floor` 只能与 `>=` 或 `>` 一起用，不能与 `{op}`"),
                        format!("`floor` only goes with `>=` or `>`, not `{op}`"),
                    )
                    .item(item)
                    .with_help("删除 `floor:`", "remove `floor:`");
                self.push(d);
            } else if let Some(threshold) = t.as_f64() {
                if floor >= threshold {
                    let d = self
                        .error(
                            "threshold-type",
                            &fp,
                            false,
                            format!(
                                "floor `{}` 不低于阈值 `{}`",
                                number(floor),
                                number(threshold)
                            ),
                            format!(
                                "floor `{}` is not below the threshold `{}`",
                                number(floor),
                                number(threshold)
                            ),
                        )
                        .item(item)
                        .with_help(
                            "部分得分从 floor 起、到阈值止，floor 应低于阈值",
                            "partial credit grows from the floor up to the threshold",
                        );
                    self.push(d);
                }
            }
        }
    }

    fn min_max(&mut self, min: Option<u32>, max: Option<u32>, body: &Place, item: &str) {
        if let (Some(min), Some(max)) = (min, max) {
            if min > max {
                let d = self
                    .error(
                        "bad-rule",
                        &body.join("min"),
                        false,
                        format!("`min` `{min}` 大于 `max` `{max}`"),
                        format!("`min` `{min}` is greater than `max` `{max}`"),
                    )
                    .item(item);
                self.push(d);
            }
        }
    }

    /// A path or glob relative to the pack root: it must stay inside the pack, and a glob must
    /// compile.
    fn path(&mut self, text: &str, place: &Place, item: &str, glob: bool) {
        if let Some((why_zh, why_en)) = unsafe_path(text) {
            let d = self
                .error(
                    "unsafe-path",
                    place,
                    false,
                    format!("路径 `{text}` {why_zh}"),
                    format!("path `{text}` {why_en}"),
                )
                .item(item)
                .with_help(
                    "写相对证据包根目录的路径，用 `/` 分隔",
                    "write a path relative to the pack root, with `/`",
                );
            self.push(d);
            return;
        }
        if glob {
            if let Err((zh, en)) = crate::evidence::index::compile(text) {
                let d = self
                    .error(
                        "bad-glob",
                        place,
                        false,
                        format!("通配符 `{text}` 无法编译：{zh}"),
                        format!("glob `{text}` does not compile: {en}"),
                    )
                    .item(item);
                self.push(d);
            }
        }
    }

    /// `register-extension`: a data file named with an alternation of register extensions
    /// (`data/台账.{csv,xlsx}`) misses the same register saved as xls, ods or et; named without
    /// its extension (`data/台账`) it is found in any format the engine reads.
    fn register_extension(&mut self, text: &str, place: &Place, item: &str) {
        let last = text.rsplit('/').next().unwrap_or(text);
        let Some(alts) = last
            .rsplit_once(".{")
            .and_then(|(stem, alts)| (!stem.is_empty()).then_some(alts))
            .and_then(|alts| alts.strip_suffix('}'))
        else {
            return;
        };
        let exts: Vec<String> = alts.split(',').map(|a| a.trim().to_lowercase()).collect();
        let all_registers = exts.len() > 1
            && exts
                .iter()
                .all(|e| crate::evidence::read::REGISTER_EXTENSIONS.contains(&e.as_str()));
        if !all_registers {
            return;
        }
        let bare = &text[..text.len() - alts.len() - 3];
        let d = self
            .at(
                Severity::Warning,
                "register-extension",
                place,
                false,
                format!(
                    "`{text}` 逐个列出了扩展名（{}），存为其他格式（如 xls、ods、et）的同一份文件找不到",
                    exts.join("、")
                ),
                format!(
                    "`{text}` lists its extensions ({}): the same file saved in another format (xls, ods, et…) is not found",
                    exts.join(", ")
                ),
            )
            .item(item)
            .with_help(
                format!("去掉扩展名，写 `{bare}`：任何能读的格式都能找到"),
                format!("drop the extension and write `{bare}`: any readable format is found"),
            );
        self.push(d);
    }

    fn expression(&mut self, expr: &str, place: &Place, item: &str) {
        if let Err(why) = crate::check::jinja::guard(expr) {
            let why = why.text();
            let d = self
                .error("expr-too-complex", place, false, why.zh, why.en)
                .item(item)
                .with_help(
                    "把条件拆成几项较短的检查（写在 `all:` 下）",
                    "split the condition into shorter checks under `all:`",
                );
            self.push(d);
            return;
        }
        if let Err(e) = self.env.compile_expression_owned(expr.to_owned()) {
            let (zh, en) = crate::check::jinja::words(&e);
            let d = self
                .error(
                    "bad-expression",
                    place,
                    false,
                    format!("表达式 `{expr}` 无法编译：{zh}"),
                    format!("expression `{expr}` does not compile: {en}"),
                )
                .with_cause(crate::check::jinja::message(&e))
                .item(item);
            self.push(d);
        }
    }
}

/// What [`Lint::plain_words`] needs of a check: its kind (the key under the list entry), its
/// describe in both languages, and why its built sentence would be technical, if it would.
struct Words<'a> {
    kind: &'static str,
    describe: Option<&'a String>,
    describe_en: Option<&'a String>,
    technical: Option<(&'static str, &'static str)>,
}

impl<'a> Words<'a> {
    /// `None` for `all` and `any`, which have no sentence of their own (their checks are linted
    /// one by one).
    fn of(check: &'a Check) -> Option<Words<'a>> {
        let words = |kind, describe, describe_en, technical| {
            Some(Words {
                kind,
                describe,
                describe_en,
                technical,
            })
        };
        match check {
            Check::Expr(c) => words(
                "expr",
                c.describe.as_ref(),
                c.describe_en.as_ref(),
                Some(("是一个表达式", "is an expression")),
            ),
            Check::Records(c) => {
                let technical = if c.filter.is_some() {
                    Some((
                        "用表达式筛选记录（filter）",
                        "filters rows with an expression",
                    ))
                } else if c.ratio.as_ref().is_some_and(|r| r.when.is_some()) {
                    Some((
                        "用表达式计算比例（ratio 的 when）",
                        "counts a ratio with a row expression",
                    ))
                } else {
                    None
                };
                let technical = technical.or_else(|| {
                    unworded(
                        &c.label,
                        crate::check::describe::file_stem(&c.file).is_some(),
                    )
                });
                words(
                    "records",
                    c.describe.as_ref(),
                    c.describe_en.as_ref(),
                    technical,
                )
            }
            Check::Value(c) => {
                let technical = c.label.is_none().then_some((
                    "读取一个数据项，却没有名称（label）",
                    "reads a value without a `label`",
                ));
                words(
                    "value",
                    c.describe.as_ref(),
                    c.describe_en.as_ref(),
                    technical,
                )
            }
            Check::Files(c) => words(
                "files",
                c.describe.as_ref(),
                c.describe_en.as_ref(),
                unworded(&c.label, crate::check::describe::glob_worded(&c.glob)),
            ),
            Check::Schema(c) => words(
                "schema",
                c.describe.as_ref(),
                c.describe_en.as_ref(),
                unworded(
                    &c.label,
                    crate::check::describe::file_stem(&c.file).is_some(),
                ),
            ),
            Check::Text(c) => words(
                "text",
                c.describe.as_ref(),
                c.describe_en.as_ref(),
                unworded(&c.label, crate::check::describe::glob_worded(&c.glob)),
            ),
            Check::Attest(c) => words("attest", c.describe.as_ref(), c.describe_en.as_ref(), None),
            Check::AtLeast(c) => words(
                "at_least",
                c.describe.as_ref(),
                c.describe_en.as_ref(),
                None,
            ),
            Check::All(_) | Check::Any(_) => None,
        }
    }
}

/// Why a check without a `label` would read vaguely ("标准规定位置的文件"), if it would: its file
/// pattern cannot be put in words (`crate::check::describe` says which can).
fn unworded(label: &Option<String>, worded: bool) -> Option<(&'static str, &'static str)> {
    (label.as_deref().is_none_or(|l| l.trim().is_empty()) && !worded).then_some((
        "没有名称（label），文件位置的写法也不规则",
        "has no `label` and an irregular file pattern",
    ))
}

/// Which check of an item a pointer names, in words: the numbers after the item's `checks`,
/// one per level of `all`/`any`/`at_least` (`/checks/1/all/0` is the first check inside the
/// second).
struct Nth {
    zh: String,
    en: String,
}

impl Nth {
    fn of(pointer: &str) -> Nth {
        let tail = pointer.rsplit_once("/checks/").map_or("", |(_, t)| t);
        let numbers: Vec<usize> = tail
            .split('/')
            .filter_map(|t| t.parse::<usize>().ok())
            .map(|n| n + 1)
            .collect();
        let mut zh = String::new();
        for (i, n) in numbers.iter().enumerate() {
            if i == 0 {
                zh.push_str(&format!("第 {n} 项检查"));
            } else {
                zh.push_str(&format!("中的第 {n} 项"));
            }
        }
        let en: Vec<String> = numbers.iter().map(ToString::to_string).collect();
        Nth {
            zh,
            en: en.join("."),
        }
    }
}

/// Why a path would leave the pack or not mean the same on every system, if it would, in Chinese
/// and English.
fn unsafe_path(text: &str) -> Option<(&'static str, &'static str)> {
    let mut chars = text.chars();
    let drive =
        matches!((chars.next(), chars.next()), (Some(c), Some(':')) if c.is_ascii_alphabetic());
    if text.starts_with('/') {
        Some(("是绝对路径", "is absolute"))
    } else if drive {
        Some(("以盘符开头", "starts with a drive letter"))
    } else if text.contains('\\') {
        Some(("含有反斜杠", "has a backslash"))
    } else if text.split('/').any(|part| part == "..") {
        Some(("用 `..` 跳出了证据包", "climbs out with `..`"))
    } else {
        None
    }
}

/// Why an item id is not a safe path segment: the pack keeps an item's evidence in a folder
/// named after its id (`A/A1.1/`), and authors write globs over those folders (`A/A1.1/*.pdf`),
/// so an id must name one folder, the same on Linux and Windows, and match itself in a glob.
pub struct UnsafeId {
    /// The id as a message quotes it (control characters escaped).
    pub shown: String,
    pub zh: &'static str,
    pub en: &'static str,
}

/// Device names Windows reserves in every folder, with or without an extension.
const WINDOWS_DEVICES: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// `None` when `id` is a safe folder name on Linux and Windows and a literal in a glob; else
/// why not. `init` uses it to build folders, lint to report the id.
pub fn unsafe_id(id: &str) -> Option<UnsafeId> {
    let why = |zh, en| {
        Some(UnsafeId {
            shown: id.escape_debug().to_string(),
            zh,
            en,
        })
    };
    let device = id.split('.').next().unwrap_or(id).trim_end();
    if id.is_empty() {
        why("是空的", "is empty")
    } else if id.chars().any(char::is_control) {
        why("含有控制字符", "has a control character")
    } else if id.contains('/') || id.contains('\\') {
        why("含有斜杠", "has a slash")
    } else if id == "." || id.contains("..") {
        why("含有 `.` 或 `..`", "is `.` or has `..`")
    } else if id.contains(['*', '?', '[', ']', '{', '}', '!']) {
        why(
            "含有通配符（* ? [ ] { } !）",
            "has a glob character (* ? [ ] { } !)",
        )
    } else if id.contains(['<', '>', ':', '"', '|']) {
        why(
            "含有 Windows 不允许的字符（< > : \" |）",
            "has a character Windows forbids (< > : \" |)",
        )
    } else if id.trim() != id {
        why("首尾有空白", "starts or ends with whitespace")
    } else if id.ends_with('.') {
        why("以点结尾", "ends with a dot")
    } else if WINDOWS_DEVICES
        .iter()
        .any(|d| d.eq_ignore_ascii_case(device))
    {
        why(
            "是 Windows 保留的设备名",
            "is a device name Windows reserves",
        )
    } else {
        None
    }
}

/// `MM-DD` naming a real day of some year (02-29 included).
fn is_month_day(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 5
        || b[2] != b'-'
        || !b
            .iter()
            .enumerate()
            .all(|(i, c)| i == 2 || c.is_ascii_digit())
    {
        return false;
    }
    let month = u32::from(b[0] - b'0') * 10 + u32::from(b[1] - b'0');
    let day = u32::from(b[3] - b'0') * 10 + u32::from(b[4] - b'0');
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => 29,
        _ => return false,
    };
    (1..=days).contains(&day)
}

fn op_str(op: Op) -> &'static str {
    match op {
        Op::Eq => "==",
        Op::Ne => "!=",
        Op::Ge => ">=",
        Op::Gt => ">",
        Op::Le => "<=",
        Op::Lt => "<",
        Op::Between => "between",
        Op::In => "in",
    }
}

/// A number as an author wrote it: `55`, not `55.0`.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn list(v: &[usize]) -> String {
    let parts: Vec<String> = v.iter().map(ToString::to_string).collect();
    format!("[{}]", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_days() {
        assert!(is_month_day("03-31"));
        assert!(is_month_day("02-29"));
        assert!(!is_month_day("02-30"));
        assert!(!is_month_day("13-01"));
        assert!(!is_month_day("3-31"));
        assert!(!is_month_day("03/31"));
    }

    #[test]
    fn unsafe_ids() {
        let en = |t| unsafe_id(t).map(|w| w.en);
        for safe in [
            "A", "A1.1", "C3.4", "E2.2-b", "甲1", "CONSOLE", "COM10", "a b",
        ] {
            assert_eq!(en(safe), None, "{safe}");
        }
        for (id, why) in [
            ("", "is empty"),
            ("A\n1", "has a control character"),
            ("A\t1", "has a control character"),
            ("A/1", "has a slash"),
            ("A\\1", "has a slash"),
            (".", "is `.` or has `..`"),
            ("..", "is `.` or has `..`"),
            ("A..1", "is `.` or has `..`"),
            ("A[01]", "has a glob character (* ? [ ] { } !)"),
            ("A*", "has a glob character (* ? [ ] { } !)"),
            ("A?", "has a glob character (* ? [ ] { } !)"),
            ("A{1,2}", "has a glob character (* ? [ ] { } !)"),
            ("!A", "has a glob character (* ? [ ] { } !)"),
            ("A:1", "has a character Windows forbids (< > : \" |)"),
            ("A<1>", "has a character Windows forbids (< > : \" |)"),
            ("A|1", "has a character Windows forbids (< > : \" |)"),
            ("A\"1", "has a character Windows forbids (< > : \" |)"),
            (" A1", "starts or ends with whitespace"),
            ("A1 ", "starts or ends with whitespace"),
            ("A1\u{3000}", "starts or ends with whitespace"),
            ("A1.", "ends with a dot"),
            ("CON", "is a device name Windows reserves"),
            ("nul", "is a device name Windows reserves"),
            ("COM1.txt", "is a device name Windows reserves"),
            ("LPT9", "is a device name Windows reserves"),
        ] {
            assert_eq!(en(id), Some(why), "{id:?}");
        }
        assert_eq!(unsafe_id("A\n1").map(|w| w.shown), Some("A\\n1".into()));
    }

    #[test]
    fn unsafe_paths() {
        assert_eq!(unsafe_path("A/A1.1/*.pdf"), None);
        let en = |t| unsafe_path(t).map(|(_, en)| en);
        assert_eq!(en("/etc/passwd"), Some("is absolute"));
        assert_eq!(en("C:/x"), Some("starts with a drive letter"));
        assert_eq!(en("a\\b"), Some("has a backslash"));
        assert_eq!(en("a/../../b"), Some("climbs out with `..`"));
        assert_eq!(unsafe_path("a/..b/c"), None);
    }
}
