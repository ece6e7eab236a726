//! Loading a standard: YAML text → JSON value (bounded) → JSON Schema → typed [`Standard`].
//!
//! All YAML parsing of standards goes through here. The order matters: the bounded YAML parse
//! stops alias bombs, deep nesting and huge files before anything else looks at them; the schema
//! pass collects every structural error of a file with its line (not only the first, as serde
//! would); only a file that passed the schema is turned into the typed tree.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::model::{Item, Standard};
use super::schema;
use super::source_map::{escape, SourceMap};
use crate::diagnostic::{suggest, Diagnostic, Position};

/// Largest standard file read; larger ones are refused at once.
pub const MAX_FILE_BYTES: u64 = crate::source::Limit::STANDARD.bytes;

/// The file name of a folder standard's metadata.
pub const HEADER_FILE: &str = "standard.yaml";
/// The folder of a folder standard whose files each hold one top-level item.
pub const ITEMS_DIR: &str = "items";

/// One file of a standard, kept for diagnostics (line lookups and snippets).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// As shown to people: relative to where the command was run, or `embedded:…`.
    pub path: String,
    pub text: String,
    /// Built on the first position asked for. Mapping a file costs a second parse, as much time
    /// as the first (0.7 s for a 10,000-leaf standard): a valid standard never asks, so never
    /// pays it.
    map: std::sync::OnceLock<SourceMap>,
    /// Whether the parser accepted the file; the map of a refused one would be partial, so the
    /// file's diagnostic keeps the parser's own position.
    mappable: bool,
}

impl SourceFile {
    pub fn new(path: String, text: String, mappable: bool) -> Self {
        Self {
            path,
            text,
            map: std::sync::OnceLock::new(),
            mappable,
        }
    }

    /// Where every node of the file stands.
    pub fn map(&self) -> &SourceMap {
        self.map.get_or_init(|| {
            if self.mappable {
                SourceMap::build(&self.text)
            } else {
                SourceMap::default()
            }
        })
    }
}

/// Where a top-level item was written: the file and the JSON Pointer of the item in it.
#[derive(Debug, Clone)]
pub struct ItemRoot {
    pub file: usize,
    pub pointer: String,
}

/// A loaded standard with everything needed to point at its lines.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// `None` when a file failed to parse or to match the schema.
    pub standard: Option<Standard>,
    /// `files[0]` is the header (the standard file itself).
    pub files: Vec<SourceFile>,
    /// Aligned with `standard.items`.
    pub roots: Vec<ItemRoot>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    fn empty() -> Self {
        Loaded {
            standard: None,
            files: Vec::new(),
            roots: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Position of the node at `pointer` in file `file`; with `key`, of its key.
    pub fn position(&self, file: usize, pointer: &str, key: bool) -> Option<Position> {
        let f = self.files.get(file)?;
        if key {
            f.map().key(pointer)
        } else {
            f.map().value(pointer)
        }
    }

    /// The text of a file by its displayed path.
    pub fn source(&self, path: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.text.as_str())
    }
}

/// Loads a standard from a file, or from a folder holding `standard.yaml` (and `items/*.yaml`).
/// A standard that cannot be read at all (exit 2, as opposed to an invalid one, exit 1) is a
/// [`Diagnostic`] naming the file that failed.
pub fn load(path: &Path) -> Result<Loaded, Diagnostic> {
    let shown = display(path);
    let io = |e: &std::io::Error| crate::source::io_diagnostic(&shown, e);
    let meta = std::fs::metadata(path).map_err(|e| io(&e))?;
    if meta.is_dir() {
        let header_path = path.join(HEADER_FILE);
        if !header_path.is_file() {
            return Err(Diagnostic::error(
                "not-found",
                &shown,
                format!("文件夹中没有 `{HEADER_FILE}`"),
                format!("folder has no `{HEADER_FILE}`"),
            ));
        }
        let header = read(&header_path)?;
        let mut items = Vec::new();
        let items_dir = path.join(ITEMS_DIR);
        if items_dir.is_dir() {
            let mut paths: Vec<PathBuf> = std::fs::read_dir(&items_dir)
                .map_err(|e| crate::source::io_diagnostic(&display(&items_dir), &e))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| is_yaml(p))
                .collect();
            paths.sort();
            for p in paths {
                items.push(read(&p)?);
            }
        }
        Ok(load_sources(header, items))
    } else {
        Ok(load_sources(read(path)?, Vec::new()))
    }
}

fn is_yaml(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
}

/// One file of the standard through the one bounded reader: a regular file (a FIFO or device
/// in `items/` is refused, never opened), at most [`Limit::STANDARD`], UTF-8.
fn read(path: &Path) -> Result<(String, String), Diagnostic> {
    let shown = display(path);
    let text = crate::source::read_utf8(path, &shown, crate::source::Limit::STANDARD)?;
    Ok((shown, text))
}

/// Paths are shown with `/` separators so diagnostics are the same on every system.
pub fn display(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}

/// Loads a standard from texts already in memory: the header and the item files, each as
/// (displayed path, text). Used for files on disk and for the standard embedded in the binary.
pub fn load_sources(header: (String, String), item_files: Vec<(String, String)>) -> Loaded {
    let mut loaded = Loaded::empty();
    let header_typed: Option<Standard> = load_one(&mut loaded, header, &schema::STANDARD);
    // Item files are independent: parse them on every core, then join them in file order.
    let mut items: Vec<(usize, Item)> = Vec::new();
    for (part, item) in parse_items(item_files) {
        let file = loaded.files.len();
        loaded.files.extend(part.files);
        loaded.diagnostics.extend(part.diagnostics);
        if let Some(item) = item {
            items.push((file, item));
        }
    }
    let failed = loaded
        .diagnostics
        .iter()
        .any(|d| d.severity == crate::diagnostic::Severity::Error);
    if let (Some(mut standard), false) = (header_typed, failed) {
        loaded.roots = (0..standard.items.len())
            .map(|i| ItemRoot {
                file: 0,
                pointer: format!("/items/{i}"),
            })
            .collect();
        for (file, item) in items {
            standard.items.push(item);
            loaded.roots.push(ItemRoot {
                file,
                pointer: String::new(),
            });
        }
        if standard.items_order.is_empty() || order_items(&mut standard, &mut loaded) {
            loaded.standard = Some(standard);
        }
    }
    loaded
}

/// Puts the top-level items in the order `items_order` gives (keeping `roots` aligned). An id
/// listed that names no top-level item, listed twice, or a top-level item not listed is an
/// error at its place (and `false`: the standard is not loaded, as with a schema error).
fn order_items(standard: &mut Standard, loaded: &mut Loaded) -> bool {
    let mut found = Vec::new();
    let mut rank: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, id) in standard.items_order.iter().enumerate() {
        let at = loaded.position(0, &format!("/items_order/{i}"), false);
        let path = loaded
            .files
            .first()
            .map(|f| f.path.clone())
            .unwrap_or_default();
        if rank.insert(id.as_str(), i).is_some() {
            found.push(
                Diagnostic::error(
                    "items-order",
                    &path,
                    format!("`items_order` 两次列出 `{id}`"),
                    format!("`items_order` lists `{id}` twice"),
                )
                .at(at),
            );
        } else if !standard.items.iter().any(|item| item.id == *id) {
            found.push(
                Diagnostic::error(
                    "items-order",
                    &path,
                    format!("`items_order` 列出的 `{id}` 不是一级条目"),
                    format!("`items_order` lists `{id}`, which is not a top-level item"),
                )
                .at(at),
            );
        }
    }
    for (item, root) in standard.items.iter().zip(&loaded.roots) {
        if !rank.contains_key(item.id.as_str()) {
            let file = loaded.files.get(root.file);
            let path = file.map(|f| f.path.clone()).unwrap_or_default();
            let at = loaded.position(root.file, &format!("{}/id", root.pointer), false);
            found.push(
                Diagnostic::error(
                    "items-order",
                    &path,
                    format!("一级条目 `{}` 不在 `items_order` 中", item.id),
                    format!("top-level item `{}` is not in `items_order`", item.id),
                )
                .at(at)
                .with_help(
                    format!(
                        "在 standard.yaml 的 `items_order` 中按顺序加上 `{}`",
                        item.id
                    ),
                    format!(
                        "add `{}` to `items_order` in standard.yaml, in its place",
                        item.id
                    ),
                ),
            );
        }
    }
    if !found.is_empty() {
        loaded.diagnostics.extend(found);
        return false;
    }
    let mut pairs: Vec<(Item, ItemRoot)> = std::mem::take(&mut standard.items)
        .into_iter()
        .zip(std::mem::take(&mut loaded.roots))
        .collect();
    pairs.sort_by_key(|(item, _)| rank.get(item.id.as_str()).copied().unwrap_or(usize::MAX));
    for (item, root) in pairs {
        standard.items.push(item);
        loaded.roots.push(root);
    }
    true
}

/// Loads item files, each into a one-file [`Loaded`], on as many threads as there are cores.
fn parse_items(sources: Vec<(String, String)>) -> Vec<(Loaded, Option<Item>)> {
    let one = |source| {
        let mut part = Loaded::empty();
        let item = load_one::<Item>(&mut part, source, &schema::ITEM);
        (part, item)
    };
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    if threads < 2 || sources.len() < 2 {
        return sources.into_iter().map(one).collect();
    }
    let per_thread = sources.len().div_ceil(threads);
    let mut chunks: Vec<Vec<(String, String)>> = Vec::new();
    let mut rest = sources.into_iter().peekable();
    while rest.peek().is_some() {
        chunks.push(rest.by_ref().take(per_thread).collect());
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| scope.spawn(move || chunk.into_iter().map(one).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            // A parser panic is a bug: pass it on rather than lose the file's items.
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// One YAML file into `T`, diagnosed like a standard's file: the correct case is one bounded,
/// strict, typed parse; a faulty file is parsed again into a value and checked against
/// `validator`, and every fault comes back with its line, column and help. `pack.yaml` and
/// `review.yaml` are read with this.
pub(crate) fn parse_strict<T: DeserializeOwned>(
    shown: &str,
    text: &str,
    validator: &schema::Compiled,
) -> Result<T, Vec<Diagnostic>> {
    let mut loaded = Loaded::empty();
    match load_one::<T>(&mut loaded, (shown.to_owned(), text.to_owned()), validator) {
        Some(value) => Ok(value),
        None => {
            // In the order of the file, as a person reads it (the validator's order is the
            // schema's); faults without a line last.
            let mut found = loaded.diagnostics;
            found.sort_by_key(|d| (d.line.is_none(), d.line, d.column));
            Err(found)
        }
    }
}

/// One file into its type. The common case — a correct file — is one bounded, strict, typed
/// parse. Only a file that fails it is parsed again into a JSON value and checked against the
/// schema, which collects every fault of the file with its line instead of serde's first one.
fn load_one<T: DeserializeOwned>(
    loaded: &mut Loaded,
    (path, text): (String, String),
    validator: &schema::Compiled,
) -> Option<T> {
    if let Ok(value) =
        serde_saphyr::from_str_with_options::<T>(&text, crate::source::yaml_options())
    {
        loaded.files.push(SourceFile::new(path, text, true));
        return Some(value);
    }
    let file = loaded.files.len();
    let value = parse_file(loaded, (path, text))?;
    typed(loaded, file, value, validator)
}

/// Parses one YAML file into a JSON value; records it in `loaded.files` either way.
fn parse_file(loaded: &mut Loaded, (path, text): (String, String)) -> Option<Value> {
    let result = serde_saphyr::from_str_with_options::<Value>(&text, crate::source::yaml_options());
    let value = match result {
        Ok(v) => Some(v),
        Err(e) => {
            let pos = e.location().map(|l| Position {
                line: l.line() as usize,
                column: l.column() as usize,
            });
            let (zh, en) = yaml_message(&e);
            loaded
                .diagnostics
                .push(Diagnostic::error("yaml-syntax", &path, zh, en).at(pos));
            None
        }
    };
    loaded
        .files
        .push(SourceFile::new(path, text, value.is_some()));
    value
}

/// serde-saphyr's error in our words, by its kind (`crate::source::yaml_words`).
fn yaml_message(e: &serde_saphyr::Error) -> (String, String) {
    let (_, zh, en) = crate::source::yaml_words(e);
    (zh, en)
}

/// Validates a parsed file against its schema, then deserializes it.
fn typed<T: DeserializeOwned>(
    loaded: &mut Loaded,
    file: usize,
    value: Value,
    compiled: &schema::Compiled,
) -> Option<T> {
    let mut diagnostics = Vec::new();
    schema_errors(loaded, file, compiled, &value, "", &mut diagnostics);
    let had_errors = !diagnostics.is_empty();
    loaded.diagnostics.extend(diagnostics);
    if had_errors {
        return None;
    }
    match serde_json::from_value::<T>(value) {
        Ok(t) => Some(t),
        Err(e) => {
            let path = loaded.files[file].path.clone();
            loaded.diagnostics.push(
                Diagnostic::error(
                    "schema",
                    path,
                    "不符合格式要求",
                    "does not have the required form",
                )
                .with_cause(e.to_string()),
            );
            None
        }
    }
}

/// Turns JSON Schema errors into diagnostics with lines. Errors on a check are re-validated
/// against that check kind's own schema, so the author hears what is wrong inside it.
fn schema_errors(
    loaded: &Loaded,
    file: usize,
    compiled: &schema::Compiled,
    instance: &Value,
    base: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(validator) = &compiled.validator else {
        return;
    };
    let path = &loaded.files[file].path;
    for err in validator.iter_errors(instance) {
        let pointer = format!("{base}{}", err.instance_path().as_str());
        let at = |key: bool| loaded.position(file, &pointer, key);
        match err.kind() {
            jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected } => {
                // Suggest among the keys allowed where the error is, not among every key.
                let allowed = compiled.allowed_keys(err.schema_path().as_str());
                for key in unexpected {
                    let child = format!("{pointer}/{}", escape(key));
                    let mut d = Diagnostic::error(
                        "unknown-key",
                        path,
                        format!("未知的键 `{key}`"),
                        format!("unknown key `{key}`"),
                    )
                    .at(loaded.position(file, &child, true));
                    let suggestion = if allowed.is_empty() {
                        suggest(key, schema::KNOWN_KEYS.iter().map(String::as_str))
                    } else {
                        suggest(key, allowed.iter().copied())
                    };
                    d = match suggestion {
                        Some(s) => {
                            d.with_help(format!("是否应为 `{s}`？"), format!("did you mean `{s}`?"))
                        }
                        None if !allowed.is_empty() => d.with_help(
                            format!("此处可用的键：{}", allowed.join("、")),
                            format!("allowed here: {}", allowed.join(", ")),
                        ),
                        None => d,
                    };
                    out.push(d);
                }
            }
            jsonschema::error::ValidationErrorKind::Required { property } => {
                let name = property
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| property.to_string());
                out.push(
                    Diagnostic::error(
                        "missing-key",
                        path,
                        format!("缺少键 `{name}`"),
                        format!("missing key `{name}`"),
                    )
                    .at(at(false)),
                );
            }
            jsonschema::error::ValidationErrorKind::OneOfNotValid { .. }
                if is_check_pointer(&pointer) =>
            {
                let local = err.instance_path().as_str().to_owned();
                let value = instance.pointer(&local).unwrap_or(&Value::Null);
                check_errors(loaded, file, value, &pointer, out);
            }
            kind => {
                let message = schema::message_en(&err);
                let zh = schema::message_zh(&err);
                let pos = at(false);
                // A person reading Chinese is shown the line; the pointer is for the English
                // reader's tools, and for the Chinese one only when there is no line to show.
                let zh = match pos {
                    Some(_) => zh,
                    None => format!("`{pointer}`：{zh}"),
                };
                let mut d =
                    Diagnostic::error("schema", path, zh, format!("`{pointer}`: {message}"))
                        .at(pos);
                if let (
                    jsonschema::error::ValidationErrorKind::Enum { options },
                    Value::String(given),
                ) = (kind, err.instance().as_ref())
                {
                    let choices = options
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str);
                    if let Some(s) = suggest(given, choices) {
                        d = d
                            .with_help(format!("是否应为 `{s}`？"), format!("did you mean `{s}`?"));
                    }
                }
                out.push(d);
            }
        }
    }
}

/// Whether a pointer names one check: `…/checks/3`, `…/all/0`, `…/any/1`, `…/of/2`.
fn is_check_pointer(pointer: &str) -> bool {
    let mut parts = pointer.rsplit('/');
    let last = parts.next().unwrap_or("");
    let parent = parts.next().unwrap_or("");
    last.parse::<usize>().is_ok() && matches!(parent, "checks" | "all" | "any" | "of")
}

fn check_errors(
    loaded: &Loaded,
    file: usize,
    value: &Value,
    pointer: &str,
    out: &mut Vec<Diagnostic>,
) {
    let path = &loaded.files[file].path;
    let kinds = schema::check_kinds();
    let single = value
        .as_object()
        .filter(|m| m.len() == 1)
        .and_then(|m| m.iter().next());
    let Some((kind, body)) = single else {
        out.push(
            Diagnostic::error(
                "check-shape",
                path,
                "一项检查应是只有一个键的映射，键名即检查种类",
                "a check is a mapping with one key naming its kind",
            )
            .at(loaded.position(file, pointer, false))
            .with_help(
                format!("检查种类：{}", kinds.join("、")),
                format!("kinds: {}", kinds.join(", ")),
            ),
        );
        return;
    };
    let body_pointer = format!("{pointer}/{}", escape(kind));
    let Some((_, compiled)) = schema::CHECK_KINDS.iter().find(|(k, _)| k == kind) else {
        let mut d = Diagnostic::error(
            "unknown-check-kind",
            path,
            format!("未知的检查种类 `{kind}`"),
            format!("unknown check kind `{kind}`"),
        )
        .at(loaded.position(file, &body_pointer, true));
        d = match suggest(kind, kinds.iter().copied()) {
            Some(s) => d.with_help(format!("是否应为 `{s}`？"), format!("did you mean `{s}`?")),
            None => d.with_help(
                format!("检查种类：{}", kinds.join("、")),
                format!("kinds: {}", kinds.join(", ")),
            ),
        };
        out.push(d);
        return;
    };
    schema_errors(loaded, file, compiled, body, &body_pointer, out);
}
