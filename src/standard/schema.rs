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
pub fn compile_inline(schema: &Value) -> Result<jsonschema::Validator, String> {
    jsonschema::options()
        .offline()
        .build(schema)
        .map_err(|e| e.to_string())
}
