//! A CISO Assistant framework library (`backend/library/libraries/*.yaml` of CISO Assistant) as a
//! [`Draft`].
//!
//! What is read: the library's `urn`, `ref_id`, `name`, `version`, `provider`, `locale` and its
//! `translations`; of `objects.framework`, the `implementation_groups_definition` (each group is
//! a profile) and the `requirement_nodes`: `urn`, `ref_id`, `name`, `description`, `parent_urn`,
//! `assessable`, `implementation_groups` (the node's profiles) and `translations` (`zh.name` and
//! `zh.description` are the Chinese title and guidance). Everything else in the file is left as
//! it is. The file is parsed with the same YAML budgets as a standard (an alias bomb is refused).
//!
//! The tree comes from `parent_urn` (not `depth`, which the file may get wrong): a node without one
//! is at the top; a `parent_urn` naming no node, or parents that lead round in a circle, are errors
//! naming the node and its line. A node that is not `assessable` is a group; an assessable node
//! with children is a group that is a requirement itself; a node that is neither assessable nor a
//! parent (a heading, a note) is an informational leaf (`points: 0`). A node's id is its `ref_id`;
//! without one, the last part of its urn after `:` (`urn:…:iso27001-2022:a.5.1` → `a.5.1`).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{failure, short, Draft, Node, Origin, Profile};
use crate::diagnostic::Diagnostic;
use crate::standard::model::Text;
use crate::CannotRun;

#[derive(Deserialize)]
struct Library {
    #[serde(default)]
    urn: Option<String>,
    #[serde(default)]
    ref_id: Option<Scalar>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    version: Option<Scalar>,
    #[serde(default)]
    provider: Option<String>,
    #[serde(default)]
    locale: Option<String>,
    #[serde(default)]
    translations: BTreeMap<String, Translation>,
    objects: Objects,
}

#[derive(Deserialize)]
struct Objects {
    framework: Option<Framework>,
}

#[derive(Deserialize)]
struct Framework {
    #[serde(default)]
    urn: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    translations: BTreeMap<String, Translation>,
    #[serde(default)]
    implementation_groups_definition: Vec<GroupDefinition>,
    #[serde(default)]
    requirement_nodes: Vec<Spanned<RequirementNode>>,
}

#[derive(Deserialize)]
struct GroupDefinition {
    ref_id: Scalar,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    translations: BTreeMap<String, Translation>,
}

#[derive(Deserialize)]
struct RequirementNode {
    #[serde(default)]
    urn: Option<String>,
    #[serde(default)]
    ref_id: Option<Scalar>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    parent_urn: Option<String>,
    #[serde(default)]
    assessable: bool,
    #[serde(default)]
    implementation_groups: Option<Vec<Scalar>>,
    #[serde(default)]
    translations: BTreeMap<String, Translation>,
}

#[derive(Deserialize, Default)]
struct Translation {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

/// A YAML scalar read as text: `ref_id: 4.1` is a number to YAML and `4.1` to the author.
#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Text(s) => s.clone(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Bool(b) => b.to_string(),
        }
    }
}

/// Reads the library at `path` (named `shown` in messages).
pub fn read(path: &Path, shown: &str) -> Result<Draft, CannotRun> {
    let text = super::read_input(path, shown, super::LIMIT)?;
    parse(&text, shown)
}

/// The library in `text`.
pub fn parse(text: &str, shown: &str) -> Result<Draft, CannotRun> {
    let library: Library = crate::source::parse_yaml(text, shown)
        .map_err(|d| CannotRun::from(d).with_source(shown, text))?;
    let Some(framework) = library.objects.framework else {
        return Err(failure(
            "not-a-framework",
            shown,
            None,
            "库里没有 `objects.framework`：不是框架库（可能只有参考控制或威胁）",
            "the library has no `objects.framework`: not a framework library",
        )
        .into());
    };
    let zh_locale = library
        .locale
        .as_deref()
        .is_some_and(|l| l.starts_with("zh"));
    let title_of = |name: Option<&str>, translations: &BTreeMap<String, Translation>| {
        let name = name.unwrap_or("").trim().to_owned();
        let zh = translations
            .get("zh")
            .and_then(|t| t.name.clone())
            .unwrap_or_default();
        if zh_locale {
            Text {
                zh: name,
                en: String::new(),
            }
        } else {
            Text { zh, en: name }
        }
    };
    let profiles: Vec<Profile> = framework
        .implementation_groups_definition
        .iter()
        .map(|g| Profile {
            id: g.ref_id.text(),
            title: {
                let t = title_of(g.name.as_deref(), &g.translations);
                if t.zh.is_empty() && t.en.is_empty() {
                    Text {
                        zh: String::new(),
                        en: g.ref_id.text(),
                    }
                } else {
                    t
                }
            },
        })
        .collect();
    let mut problems: Vec<Diagnostic> = Vec::new();
    let nodes = &framework.requirement_nodes;
    let line = |i: usize| Some(nodes[i].referenced.line() as usize).filter(|l| *l > 0);
    // Ids and the urn index.
    let mut by_urn: HashMap<&str, usize> = HashMap::new();
    let mut ids = Vec::with_capacity(nodes.len());
    for (i, n) in nodes.iter().enumerate() {
        let n = &n.value;
        let id = match (&n.ref_id, &n.urn) {
            (Some(r), _) if !r.text().trim().is_empty() => r.text().trim().to_owned(),
            (_, Some(urn)) => urn.rsplit(':').next().unwrap_or("").trim().to_owned(),
            _ => String::new(),
        };
        match n.urn.as_deref() {
            Some(urn) if !urn.trim().is_empty() => {
                if let Some(first) = by_urn.insert(urn, i) {
                    problems.push(
                        failure(
                            "duplicate-urn",
                            shown,
                            Some(urn),
                            format!(
                                "urn `{urn}` 重复：第 {} 个与第 {} 个需求节点",
                                first + 1,
                                i + 1
                            ),
                            format!(
                                "urn `{urn}` is used twice: requirement nodes {} and {}",
                                first + 1,
                                i + 1
                            ),
                        )
                        .at_line(line(i), None),
                    );
                }
            }
            _ => problems.push(
                failure(
                    "missing-id",
                    shown,
                    None,
                    format!("第 {} 个需求节点没有 urn", i + 1),
                    format!("requirement node {} has no urn", i + 1),
                )
                .at_line(line(i), None),
            ),
        }
        if id.is_empty() {
            problems.push(
                failure(
                    "missing-id",
                    shown,
                    n.urn.as_deref(),
                    format!("第 {} 个需求节点既没有 ref_id，urn 也给不出编号", i + 1),
                    format!(
                        "requirement node {} has no ref_id and its urn gives none",
                        i + 1
                    ),
                )
                .at_line(line(i), None),
            );
        }
        ids.push(id);
    }
    // Parents: each must exist, and following them must reach the top.
    let mut parent: Vec<Option<usize>> = vec![None; nodes.len()];
    for (i, n) in nodes.iter().enumerate() {
        let Some(p) = n
            .value
            .parent_urn
            .as_deref()
            .filter(|p| !p.trim().is_empty())
        else {
            continue;
        };
        let urn = n.value.urn.as_deref().unwrap_or("");
        match by_urn.get(p) {
            Some(&j) => parent[i] = Some(j),
            None => problems.push(
                failure(
                    "dangling-parent",
                    shown,
                    Some(urn),
                    format!("需求节点 `{urn}` 的上级 `{p}` 不存在"),
                    format!("the parent `{p}` of requirement node `{urn}` does not exist"),
                )
                .at_line(line(i), None),
            ),
        }
    }
    let mut in_cycle = vec![false; nodes.len()];
    for start in 0..nodes.len() {
        let mut path = vec![start];
        let mut at = start;
        while let Some(p) = parent[at] {
            if p == start {
                if !in_cycle[start] {
                    for &k in &path {
                        in_cycle[k] = true;
                    }
                    let urns: Vec<&str> = path
                        .iter()
                        .chain(std::iter::once(&start))
                        .map(|&k| nodes[k].value.urn.as_deref().unwrap_or(""))
                        .collect();
                    let urn = urns[0];
                    problems.push(
                        failure(
                            "parent-cycle",
                            shown,
                            Some(urn),
                            format!("需求节点的上级关系形成循环：{}", urns.join(" → ")),
                            format!(
                                "requirement nodes are their own ancestors: {}",
                                urns.join(" → ")
                            ),
                        )
                        .at_line(line(start), None),
                    );
                }
                break;
            }
            if path.len() > nodes.len() || in_cycle[p] {
                break;
            }
            path.push(p);
            at = p;
        }
    }
    if problems.is_empty() {
        // Depth by parents, each node's once (no cycles are left here).
        let mut depth: Vec<usize> = vec![0; nodes.len()];
        for start in 0..nodes.len() {
            let mut chain = vec![start];
            let mut at = start;
            while let Some(p) = parent[at] {
                if depth[p] > 0 {
                    break;
                }
                chain.push(p);
                at = p;
            }
            let mut d = parent[at].map_or(0, |p| depth[p]);
            for &k in chain.iter().rev() {
                d += 1;
                depth[k] = d;
            }
        }
        if let Some(deep) = (0..nodes.len()).find(|&i| depth[i] > super::MAX_DEPTH) {
            let urn = nodes[deep].value.urn.as_deref().unwrap_or("");
            problems.push(
                failure(
                    "too-deep",
                    shown,
                    Some(urn),
                    format!(
                        "需求节点 `{urn}` 位于第 {} 层，超过 {} 层的上限",
                        depth[deep],
                        super::MAX_DEPTH
                    ),
                    format!(
                        "requirement node `{urn}` is at depth {}, deeper than {} levels",
                        depth[deep],
                        super::MAX_DEPTH
                    ),
                )
                .at_line(line(deep), None),
            );
        }
    }
    let known: Vec<&str> = profiles.iter().map(|p| p.id.as_str()).collect();
    for (i, n) in nodes.iter().enumerate() {
        for g in n.value.implementation_groups.iter().flatten() {
            let g = g.text();
            if !known.contains(&g.as_str()) {
                let urn = n.value.urn.as_deref().unwrap_or("");
                problems.push(
                    failure(
                        "unknown-profile",
                        shown,
                        Some(urn),
                        format!("需求节点 `{urn}` 属于未定义的实施组 `{g}`"),
                        format!("requirement node `{urn}` names the undefined implementation group `{g}`"),
                    )
                    .at_line(line(i), None),
                );
            }
        }
    }
    if !problems.is_empty() {
        return Err(CannotRun::new(problems).with_source(shown, text));
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    let mut roots = Vec::new();
    for (i, p) in parent.iter().enumerate() {
        match p {
            Some(p) => children[*p].push(i),
            None => roots.push(i),
        }
    }
    let build = Builder {
        nodes,
        ids: &ids,
        children: &children,
        zh_locale,
    };
    let tree = roots.iter().map(|&r| build.node(r)).collect();
    let lib_title = title_of(
        library.name.as_deref().or(framework.name.as_deref()),
        if library.translations.is_empty() {
            &framework.translations
        } else {
            &library.translations
        },
    );
    let id = library
        .ref_id
        .as_ref()
        .map(Scalar::text)
        .or_else(|| {
            library
                .urn
                .as_deref()
                .and_then(|u| u.rsplit(':').next())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "ciso-framework".to_owned());
    Ok(Draft {
        id: super::safe_id(&id),
        version: library
            .version
            .as_ref()
            .map_or_else(|| "1".to_owned(), Scalar::text),
        title: lib_title,
        issuer: library
            .provider
            .as_deref()
            .map(|p| Text {
                zh: String::new(),
                en: p.to_owned(),
            })
            .unwrap_or_default(),
        source: [library.urn.as_deref(), framework.urn.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" "),
        levels: Vec::new(),
        profiles,
        nested_ids: false,
        generated_guidance: true,
        default_points: true,
        nodes: tree,
    })
}

struct Builder<'a> {
    nodes: &'a [Spanned<RequirementNode>],
    ids: &'a [String],
    children: &'a [Vec<usize>],
    zh_locale: bool,
}

impl Builder<'_> {
    fn node(&self, i: usize) -> Node {
        let n = &self.nodes[i].value;
        let zh = n.translations.get("zh");
        let (name, description) = (n.name.as_deref(), n.description.as_deref());
        let (zh_name, zh_description) = if self.zh_locale {
            (name, description)
        } else {
            (
                zh.and_then(|t| t.name.as_deref()),
                zh.and_then(|t| t.description.as_deref()),
            )
        };
        let (en_name, en_description) = if self.zh_locale {
            (None, None)
        } else {
            (name, description)
        };
        let pick = |name: Option<&str>, description: Option<&str>| {
            name.filter(|s| !s.trim().is_empty())
                .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
                .or_else(|| description.map(short))
                .unwrap_or_default()
        };
        let mut title = Text {
            zh: pick(zh_name, zh_description),
            en: pick(en_name, en_description),
        };
        if title.zh.is_empty() && title.en.is_empty() {
            title.en = self.ids[i].clone();
        }
        let kids: Vec<Node> = self.children[i].iter().map(|&c| self.node(c)).collect();
        let informational = !n.assessable && kids.is_empty();
        Node {
            id: self.ids[i].clone(),
            title,
            points: informational.then_some(0.0),
            guidance: zh_description.map(str::to_owned),
            guidance_en: en_description.map(str::to_owned),
            requirement: n.assessable || kids.is_empty(),
            checks: Vec::new(),
            origin: Origin {
                urn: n.urn.clone(),
                reference: n.ref_id.as_ref().map(Scalar::text),
                href: None,
            },
            profiles: n
                .implementation_groups
                .iter()
                .flatten()
                .map(Scalar::text)
                .collect(),
            place: Text {
                zh: format!("需求节点 `{}`", n.urn.as_deref().unwrap_or("")),
                en: format!("requirement node `{}`", n.urn.as_deref().unwrap_or("")),
            },
            children: kids,
        }
    }
}
