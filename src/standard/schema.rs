//! JSON Schemas generated from the types: the standard, an item file, the pack and the results.
//!
//! The checked-in copies under `standards/schema/` let editors validate while an author types; a
//! test fails when they drift from these.

use std::sync::LazyLock;

use schemars::JsonSchema;
use serde_json::Value;

use super::model::{Check, Item, Standard};

/// The schema of `T` as pretty JSON, with a trailing newline.
pub fn pretty<T: JsonSchema>() -> String {
    let schema = schemars::schema_for!(T);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

fn value<T: JsonSchema>() -> Value {
    serde_json::to_value(schemars::schema_for!(T)).unwrap_or(Value::Bool(true))
}

fn compile(schema: &Value) -> Option<jsonschema::Validator> {
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .ok()
}

/// A schema and its validator. The schema is kept to answer "which keys are allowed here" for an
/// error's schema path.
pub(crate) struct Compiled {
    pub schema: Value,
    pub validator: Option<jsonschema::Validator>,
}

impl Compiled {
    fn new(schema: Value) -> Self {
        let validator = compile(&schema);
        Self { schema, validator }
    }

    /// The property names allowed by the schema object that holds the keyword at `schema_path`
    /// (e.g. `/$defs/Item/additionalProperties` → the keys of `Item`), sorted.
    pub fn allowed_keys(&self, schema_path: &str) -> Vec<&str> {
        let parent = match schema_path.rfind('/') {
            Some(cut) => &schema_path[..cut],
            None => "",
        };
        let mut keys: Vec<&str> = self
            .schema
            .pointer(parent)
            .and_then(|o| o.get("properties"))
            .and_then(Value::as_object)
            .map(|props| props.keys().map(String::as_str).collect())
            .unwrap_or_default();
        keys.sort_unstable();
        keys
    }
}

pub(crate) static STANDARD: LazyLock<Compiled> =
    LazyLock::new(|| Compiled::new(value::<Standard>()));
pub(crate) static ITEM: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(value::<Item>()));
/// `pack.yaml` and `review.yaml`, diagnosed like a standard's files.
pub(crate) static PACK: LazyLock<Compiled> =
    LazyLock::new(|| Compiled::new(value::<crate::evidence::pack_model::PackFile>()));
pub(crate) static REVIEW: LazyLock<Compiled> =
    LazyLock::new(|| Compiled::new(value::<crate::evidence::pack_model::ReviewFile>()));
/// One validator per check kind, so that a faulty check gets precise errors instead of "not valid
/// under any of the schemas".
pub(crate) static CHECK_KINDS: LazyLock<Vec<(String, Compiled)>> = LazyLock::new(|| {
    let schema = value::<Check>();
    let mut kinds = Vec::new();
    // Inside a kind's body, the recursive `#` (a nested check) must still mean `Check`.
    let mut root = schema.clone();
    let mut defs = serde_json::Map::new();
    if let Value::Object(map) = &mut root {
        if let Some(Value::Object(d)) = map.remove("$defs") {
            defs = d;
        }
        map.remove("$schema");
    }
    retarget_root_refs(&mut root);
    defs.insert("Check".into(), root);
    let defs = Value::Object(defs);
    for variant in schema
        .get("oneOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(props) = variant.get("properties").and_then(Value::as_object) else {
            continue;
        };
        for (kind, body) in props {
            let mut sub = body.clone();
            retarget_root_refs(&mut sub);
            if let Value::Object(map) = &mut sub {
                map.insert("$defs".into(), defs.clone());
            }
            kinds.push((kind.clone(), Compiled::new(sub)));
        }
    }
    kinds
});

fn retarget_root_refs(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if map.get("$ref").and_then(Value::as_str) == Some("#") {
                map.insert("$ref".into(), Value::String("#/$defs/Check".into()));
            }
            map.values_mut().for_each(retarget_root_refs);
        }
        Value::Array(items) => items.iter_mut().for_each(retarget_root_refs),
        _ => {}
    }
}

/// Names of the check kinds, in the order of the vocabulary.
pub fn check_kinds() -> Vec<&'static str> {
    CHECK_KINDS.iter().map(|(k, _)| k.as_str()).collect()
}

/// Every property name the standard's schema knows, for "did you mean" suggestions.
pub(crate) static KNOWN_KEYS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut keys = Vec::new();
    collect_keys(&value::<Standard>(), &mut keys);
    keys.sort();
    keys.dedup();
    keys
});

fn collect_keys(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                out.extend(props.keys().cloned());
            }
            for child in map.values() {
                collect_keys(child, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|c| collect_keys(c, out)),
        _ => {}
    }
}

/// Compiles a JSON Schema written inline in a standard (`schema` checks). Offline: a `$ref` to a
/// file or a URL is refused, so neither lint nor evaluation reads anything a standard points at.
/// A failure is told in Chinese and English, decided by the error's kind (a refused `$ref`, or
/// what [`message_zh`] and [`message_en`] say of the faulty keyword).
pub fn compile_inline(schema: &Value) -> Result<jsonschema::Validator, (String, String)> {
    jsonschema::options().offline().build(schema).map_err(|e| {
        let at = e.instance_path().as_str().to_owned();
        let at_en = if at.is_empty() {
            String::new()
        } else {
            format!(" at `{at}`")
        };
        match e.kind() {
            jsonschema::error::ValidationErrorKind::Referencing(_) => (
                "用 $ref 引用了其他文件或网址，不予读取".to_owned(),
                format!("a `$ref`{at_en} points at another file or a URL, which is never read"),
            ),
            _ => (message_zh(&e), format!("{}{at_en}", message_en(&e))),
        }
    })
}

/// A JSON Schema error in plain Chinese. The kinds an author or an officer meets are said in
/// Chinese; the rest quote the validator's English.
pub fn message_zh(err: &jsonschema::ValidationError<'_>) -> String {
    use jsonschema::error::{TypeKind, ValidationErrorKind as K};
    let value: &Value = err.instance();
    let type_zh = |t: &str| match t {
        "array" => "列表",
        "boolean" => "布尔值（true/false）",
        "integer" => "整数",
        "null" => "空值",
        "number" => "数字",
        "object" => "映射（键: 值）",
        "string" => "文本",
        _ => "其他类型",
    };
    match err.kind() {
        K::Type {
            kind: TypeKind::Single(t),
        } => format!("{value} 的类型不对，应为{}", type_zh(t.as_str())),
        K::Type {
            kind: TypeKind::Multiple(set),
        } => {
            // `null` stands for an optional key: say what the value should be.
            let wanted: Vec<&str> = set
                .iter()
                .filter(|t| *t != jsonschema::JsonType::Null)
                .map(|t| type_zh(t.as_str()))
                .collect();
            if wanted.is_empty() {
                format!("{value} 的类型不对")
            } else {
                format!("{value} 的类型不对，应为{}", wanted.join("或"))
            }
        }
        K::Enum { options } => format!("{value} 不是可选值之一（可选：{options}）"),
        K::Constant { expected_value } => format!("应为 {expected_value}，不是 {value}"),
        K::Minimum { limit } => format!("{value} 小于下限 {limit}"),
        K::Maximum { limit } => format!("{value} 大于上限 {limit}"),
        K::ExclusiveMinimum { limit } => format!("{value} 应大于 {limit}"),
        K::ExclusiveMaximum { limit } => format!("{value} 应小于 {limit}"),
        K::MinItems { limit } => format!("至少要有 {limit} 项"),
        K::MaxItems { limit } => format!("最多只能有 {limit} 项"),
        K::MinLength { limit } => format!("{value} 太短，至少 {limit} 个字符"),
        K::MaxLength { limit } => format!("{value} 太长，最多 {limit} 个字符"),
        K::Pattern { pattern } => format!("{value} 不符合格式 `{pattern}`"),
        K::MinProperties { limit } => format!("至少要有 {limit} 个键"),
        K::UniqueItems => format!("{value} 中有重复项"),
        K::Required { property } => format!("缺少键 {property}"),
        K::AdditionalProperties { unexpected } => format!(
            "不允许的键：{}",
            unexpected
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join("、")
        ),
        // The validator's own sentence is English and technical: it stays in the English text of
        // `--explain`/JSON (`message_en`'s caller keeps it), not here.
        _ => "不符合格式要求".to_owned(),
    }
}

/// [`message_zh`] in English: the same kinds in the same plain words, the validator's own sentence
/// only for the kinds we do not word.
pub fn message_en(err: &jsonschema::ValidationError<'_>) -> String {
    use jsonschema::error::{TypeKind, ValidationErrorKind as K};
    let value: &Value = err.instance();
    let type_en = |t: &str| match t {
        "array" => "a list",
        "boolean" => "true or false",
        "integer" => "a whole number",
        "null" => "empty",
        "number" => "a number",
        "object" => "a mapping (key: value)",
        "string" => "text",
        _ => "another type",
    };
    match err.kind() {
        K::Type {
            kind: TypeKind::Single(t),
        } => format!(
            "{value} has the wrong type: it should be {}",
            type_en(t.as_str())
        ),
        K::Type {
            kind: TypeKind::Multiple(set),
        } => {
            let wanted: Vec<&str> = set
                .iter()
                .filter(|t| *t != jsonschema::JsonType::Null)
                .map(|t| type_en(t.as_str()))
                .collect();
            if wanted.is_empty() {
                format!("{value} has the wrong type")
            } else {
                format!(
                    "{value} has the wrong type: it should be {}",
                    wanted.join(" or ")
                )
            }
        }
        K::Enum { options } => format!("{value} is not one of the possible values ({options})"),
        K::Constant { expected_value } => format!("should be {expected_value}, not {value}"),
        K::Minimum { limit } => format!("{value} is under the minimum {limit}"),
        K::Maximum { limit } => format!("{value} is over the maximum {limit}"),
        K::ExclusiveMinimum { limit } => format!("{value} should be more than {limit}"),
        K::ExclusiveMaximum { limit } => format!("{value} should be less than {limit}"),
        K::MinItems { limit } => format!("needs at least {limit} entries"),
        K::MaxItems { limit } => format!("takes at most {limit} entries"),
        K::MinLength { limit } => format!("{value} is too short: at least {limit} characters"),
        K::MaxLength { limit } => format!("{value} is too long: at most {limit} characters"),
        K::Pattern { pattern } => format!("{value} does not match the form `{pattern}`"),
        K::MinProperties { limit } => format!("needs at least {limit} keys"),
        K::UniqueItems => format!("{value} has repeated entries"),
        K::Required { property } => format!("the key {property} is missing"),
        K::AdditionalProperties { unexpected } => format!(
            "keys not allowed: {}",
            unexpected
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => "does not have the required form".to_owned(),
    }
}
