//! An OSCAL catalog (or a resolved profile catalog, which has the same shape) as a [`Draft`].
//!
//! What is read, from the OSCAL 1.x catalog model: `catalog.metadata` (title, version), groups
//! (nested at any depth), controls, control enhancements (controls inside controls), and of each
//! control the `statement` and `guidance` parts (their prose, sub-parts numbered by their
//! `label`), its `label` prop, its `canonical` or first `reference` link. Parameters inserted in
//! prose (`{{ insert: param, ac-1_prm_1 }}`) are written as `[label]` of the parameter. Controls
//! whose `status` prop is `withdrawn` are left out. A `points` prop (any namespace) on a control or
//! an objective gives its points; otherwise every requirement weighs the same.
//!
//! With `objectives`, the innermost parts of each control's `assessment-objective` (OSCAL 1.x) or
//! `objective` (older catalogs) become the leaves under their control, and the control is a group;
//! without, each control is a requirement, and one with enhancements is a group that is a
//! requirement itself.
//!
//! Texts are the catalog's: a text that holds Chinese characters is written as the Chinese half of
//! the title or guidance, any other as the English half. Markup in a title (`**`, `<b>`) is kept as
//! text; reports escape it.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::{failure, short, Draft, Node, Origin};
use crate::standard::model::Text;
use crate::CannotRun;

#[derive(Deserialize)]
struct Doc {
    catalog: Option<Catalog>,
    profile: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Catalog {
    #[serde(default)]
    uuid: Option<String>,
    metadata: Metadata,
    #[serde(default)]
    params: Vec<Param>,
    #[serde(default)]
    groups: Vec<Group>,
    #[serde(default)]
    controls: Vec<Control>,
}

#[derive(Deserialize)]
struct Metadata {
    title: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    parties: Vec<Party>,
}

#[derive(Deserialize)]
struct Party {
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct Group {
    #[serde(default)]
    id: Option<String>,
    title: String,
    #[serde(default)]
    params: Vec<Param>,
    #[serde(default)]
    props: Vec<Prop>,
    #[serde(default)]
    parts: Vec<Part>,
    #[serde(default)]
    groups: Vec<Group>,
    #[serde(default)]
    controls: Vec<Control>,
}

#[derive(Deserialize)]
struct Control {
    #[serde(default)]
    id: Option<String>,
    title: String,
    #[serde(default)]
    params: Vec<Param>,
    #[serde(default)]
    props: Vec<Prop>,
    #[serde(default)]
    links: Vec<Link>,
    #[serde(default)]
    parts: Vec<Part>,
    #[serde(default)]
    controls: Vec<Control>,
}

#[derive(Deserialize)]
struct Part {
    #[serde(default)]
    id: Option<String>,
    name: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    prose: Option<String>,
    #[serde(default)]
    props: Vec<Prop>,
    #[serde(default)]
    parts: Vec<Part>,
}

#[derive(Deserialize)]
struct Prop {
    name: String,
    value: String,
}

#[derive(Deserialize)]
struct Link {
    href: String,
    #[serde(default)]
    rel: Option<String>,
}

#[derive(Deserialize)]
struct Param {
    id: String,
    #[serde(default)]
    label: Option<String>,
}

/// Options of `import oscal`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Assessment objectives as the leaves.
    pub objectives: bool,
}

/// Reads the catalog at `path` (named `shown` in messages).
pub fn read(path: &Path, shown: &str, options: Options) -> Result<Draft, CannotRun> {
    let text = super::read_input(path, shown, super::LIMIT)?;
    parse(&text, shown, options)
}

/// The catalog in `text`.
pub fn parse(text: &str, shown: &str, options: Options) -> Result<Draft, CannotRun> {
    let doc: Doc = serde_json::from_str(text).map_err(|e| {
        let (zh, en) = crate::source::json_words(&e);
        let d = failure(
            "json-syntax",
            shown,
            None,
            format!("不是可读的 OSCAL 目录 JSON：{zh}"),
            format!("not a readable OSCAL catalog JSON: {en}"),
        )
        .at_line(Some(e.line()), Some(e.column()))
        .with_cause(e.to_string());
        CannotRun::from(d).with_source(shown, text)
    })?;
    let Some(catalog) = doc.catalog else {
        let (zh, en) = if doc.profile.is_some() {
            (
                "这是 OSCAL 基线（profile），不是目录；请先把它解析成目录（resolved profile catalog），例如用 oscal-cli 的 profile resolve",
                "this is an OSCAL profile, not a catalog: resolve it into a catalog first (e.g. oscal-cli profile resolve)",
            )
        } else {
            (
                "文件里没有 `catalog`：不是 OSCAL 目录",
                "the file has no `catalog`: not an OSCAL catalog",
            )
        };
        return Err(failure("not-a-catalog", shown, None, zh, en).into());
    };
    let mut reader = Reader {
        shown,
        options,
        params: HashMap::new(),
        problems: Vec::new(),
    };
    reader.add_params(&catalog.params);
    let mut nodes = Vec::new();
    for (i, g) in catalog.groups.iter().enumerate() {
        nodes.push(reader.group(g, &format!("catalog.groups[{i}]")));
    }
    for (i, c) in catalog.controls.iter().enumerate() {
        if let Some(n) = reader.control(c, &format!("catalog.controls[{i}]")) {
            nodes.push(n);
        }
    }
    if !reader.problems.is_empty() {
        return Err(CannotRun::new(reader.problems));
    }
    let title = text_of(&catalog.metadata.title);
    let issuer = catalog
        .metadata
        .parties
        .iter()
        .find_map(|p| p.name.as_deref())
        .map(text_of)
        .unwrap_or_default();
    Ok(Draft {
        id: catalog
            .uuid
            .as_deref()
            .map(|u| format!("oscal-{}", &u[..u.len().min(8)]))
            .unwrap_or_else(|| "oscal-catalog".to_owned()),
        version: catalog
            .metadata
            .version
            .clone()
            .unwrap_or_else(|| "1".to_owned()),
        title,
        issuer,
        source: match &catalog.uuid {
            Some(u) => format!("OSCAL catalog {} (urn:uuid:{u})", catalog.metadata.title),
            None => format!("OSCAL catalog {}", catalog.metadata.title),
        },
        levels: Vec::new(),
        profiles: Vec::new(),
        nested_ids: false,
        generated_guidance: true,
        default_points: true,
        nodes,
    })
}

struct Reader<'a> {
    shown: &'a str,
    options: Options,
    params: HashMap<String, String>,
    problems: Vec<crate::diagnostic::Diagnostic>,
}

impl Reader<'_> {
    fn add_params(&mut self, params: &[Param]) {
        for p in params {
            let label = p.label.clone().unwrap_or_else(|| p.id.clone());
            self.params.insert(p.id.clone(), label);
        }
    }

    fn group(&mut self, g: &Group, place: &str) -> Node {
        self.add_params(&g.params);
        let mut children = Vec::new();
        for (i, sub) in g.groups.iter().enumerate() {
            children.push(self.group(sub, &format!("{place}.groups[{i}]")));
        }
        for (i, c) in g.controls.iter().enumerate() {
            if let Some(n) = self.control(c, &format!("{place}.controls[{i}]")) {
                children.push(n);
            }
        }
        let points = self.points(&g.props, g.id.as_deref(), place);
        let (guidance, guidance_en) =
            split(self.prose_of(&g.parts, &["overview", "statement", "guidance"]));
        Node {
            id: g.id.clone().unwrap_or_default(),
            title: text_of(&g.title),
            points,
            guidance,
            guidance_en,
            requirement: children.is_empty(),
            origin: Origin {
                reference: g.id.clone(),
                ..Origin::default()
            },
            place: Text {
                zh: format!("分组 `{}`（{place}）", g.id.as_deref().unwrap_or("")),
                en: format!("group `{}` ({place})", g.id.as_deref().unwrap_or("")),
            },
            children,
            ..Node::default()
        }
    }

    fn control(&mut self, c: &Control, place: &str) -> Option<Node> {
        if c.props
            .iter()
            .any(|p| p.name == "status" && p.value.eq_ignore_ascii_case("withdrawn"))
        {
            return None;
        }
        self.add_params(&c.params);
        let id = c.id.clone().unwrap_or_default();
        let mut children = Vec::new();
        if self.options.objectives {
            for part in c
                .parts
                .iter()
                .filter(|p| p.name == "assessment-objective" || p.name == "objective")
            {
                self.objectives(
                    part,
                    &id,
                    &format!("{place}.parts[{}]", part.name),
                    &mut children,
                );
            }
        }
        let objectives = !children.is_empty();
        for (i, e) in c.controls.iter().enumerate() {
            if let Some(n) = self.control(e, &format!("{place}.controls[{i}]")) {
                children.push(n);
            }
        }
        let label = c
            .props
            .iter()
            .find(|p| p.name == "label")
            .map(|p| p.value.as_str());
        let (guidance, guidance_en) = split(self.prose_of(&c.parts, &["statement", "guidance"]));
        let href = c
            .links
            .iter()
            .find(|l| l.rel.as_deref() == Some("canonical"))
            .or_else(|| {
                c.links
                    .iter()
                    .find(|l| l.rel.as_deref() == Some("reference"))
            })
            .map(|l| l.href.clone());
        let title = match label {
            Some(l) if !l.trim().is_empty() => format!("{l} {}", c.title),
            _ => c.title.clone(),
        };
        Some(Node {
            points: self.points(&c.props, Some(&id), place),
            title: text_of(&title),
            guidance,
            guidance_en,
            // With objectives, the objectives are what is checked; else the control itself.
            requirement: !objectives,
            origin: Origin {
                reference: c.id.clone(),
                href,
                urn: None,
            },
            place: match &c.id {
                Some(id) => Text {
                    zh: format!("控制项 `{id}`（{place}）"),
                    en: format!("control `{id}` ({place})"),
                },
                None => Text {
                    zh: place.to_owned(),
                    en: place.to_owned(),
                },
            },
            id,
            children,
            ..Node::default()
        })
    }

    /// The innermost parts of an objective, as leaves (an objective without sub-objectives is one).
    fn objectives(&mut self, part: &Part, control: &str, place: &str, out: &mut Vec<Node>) {
        let subs: Vec<&Part> = part
            .parts
            .iter()
            .filter(|p| p.name == "assessment-objective" || p.name == "objective")
            .collect();
        if subs.is_empty() {
            let prose = self.insert_params(part.prose.as_deref().unwrap_or(""));
            let label = part
                .props
                .iter()
                .find(|p| p.name == "label")
                .map(|p| p.value.clone());
            let head = match (&label, &part.title) {
                (_, Some(t)) => t.clone(),
                (Some(l), None) => format!("{l} {}", short(&prose)),
                (None, None) => short(&prose),
            };
            let (guidance, guidance_en) = split(Some(prose));
            let shown_id = part.id.clone().unwrap_or_default();
            out.push(Node {
                points: self.points(&part.props, part.id.as_deref(), place),
                title: text_of(if head.trim().is_empty() {
                    control
                } else {
                    &head
                }),
                guidance,
                guidance_en,
                requirement: true,
                origin: Origin {
                    reference: part.id.clone(),
                    ..Origin::default()
                },
                place: match &part.id {
                    Some(id) => Text {
                        zh: format!("评估目标 `{id}`（{place}）"),
                        en: format!("objective `{id}` ({place})"),
                    },
                    None => Text {
                        zh: format!("控制项 `{control}` 的评估目标（{place}）"),
                        en: format!("an objective of control `{control}` ({place})"),
                    },
                },
                id: shown_id,
                ..Node::default()
            });
            return;
        }
        for (i, sub) in subs.into_iter().enumerate() {
            self.objectives(sub, control, &format!("{place}.parts[{i}]"), out);
        }
    }

    fn points(&mut self, props: &[Prop], id: Option<&str>, place: &str) -> Option<f64> {
        let prop = props.iter().find(|p| p.name == "points")?;
        match prop.value.trim().parse::<f64>() {
            Ok(p) if p.is_finite() && p >= 0.0 => Some(p),
            _ => {
                self.problems.push(failure(
                    "bad-points",
                    self.shown,
                    id,
                    format!("{place} 的分值 `{}` 不是不小于 0 的数", prop.value),
                    format!(
                        "{place}: points `{}` is not a number of 0 or more",
                        prop.value
                    ),
                ));
                None
            }
        }
    }

    /// The prose of the named parts, in that order, sub-parts on their own lines with their label.
    fn prose_of(&self, parts: &[Part], names: &[&str]) -> Option<String> {
        let mut out = Vec::new();
        for name in names {
            for p in parts.iter().filter(|p| p.name == *name) {
                self.prose(p, &mut out);
            }
        }
        let text = out.join("\n");
        (!text.trim().is_empty()).then_some(text)
    }

    fn prose(&self, part: &Part, out: &mut Vec<String>) {
        let label = part
            .props
            .iter()
            .find(|p| p.name == "label")
            .map(|p| p.value.as_str());
        if let Some(prose) = part.prose.as_deref().filter(|p| !p.trim().is_empty()) {
            let prose = self.insert_params(prose);
            out.push(match label {
                Some(l) => format!("{l} {}", prose.trim()),
                None => prose.trim().to_owned(),
            });
        }
        for sub in &part.parts {
            self.prose(sub, out);
        }
    }

    /// `{{ insert: param, ID }}` as `[label]`.
    fn insert_params(&self, prose: &str) -> String {
        let mut out = String::with_capacity(prose.len());
        let mut rest = prose;
        while let Some(start) = rest.find("{{") {
            let Some(len) = rest[start..].find("}}") else {
                break;
            };
            let inner = &rest[start + 2..start + len];
            let mut words = inner.split(',').map(str::trim);
            match (words.next(), words.next()) {
                (Some("insert: param"), Some(id)) => {
                    out.push_str(&rest[..start]);
                    let label = self.params.get(id).map_or(id, String::as_str);
                    out.push('[');
                    out.push_str(label);
                    out.push(']');
                }
                _ => out.push_str(&rest[..start + len + 2]),
            }
            rest = &rest[start + len + 2..];
        }
        out.push_str(rest);
        out
    }
}

/// Whether a text is Chinese: it holds a CJK ideograph.
pub fn is_chinese(s: &str) -> bool {
    s.chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c))
}

/// A title in the half its language says.
pub fn text_of(s: &str) -> Text {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if is_chinese(&s) {
        Text {
            zh: s,
            en: String::new(),
        }
    } else {
        Text {
            zh: String::new(),
            en: s,
        }
    }
}

/// Guidance in the half its language says: `(zh, en)`.
fn split(text: Option<String>) -> (Option<String>, Option<String>) {
    match text {
        Some(t) if is_chinese(&t) => (Some(t), None),
        Some(t) => (None, Some(t)),
        None => (None, None),
    }
}
