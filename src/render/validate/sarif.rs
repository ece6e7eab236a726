//! `--format sarif`: SARIF 2.1.0, the format of GitHub code scanning and most static-analysis
//! viewers. One run, the tool `changai` with a rule for every code the run uses, one result per
//! diagnostic. Tests validate the output against the official SARIF 2.1.0 schema.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use crate::diagnostic::{Diagnostic, Severity};
use crate::standard::lint::describe;
use crate::standard::validation::Validation;
use crate::Lang;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const DOCS: &str = "docs/lint-codes.md";

pub fn render(v: &Validation, lang: Lang) -> String {
    let codes: BTreeSet<&str> = v.diagnostics.iter().map(|d| d.code.as_str()).collect();
    let rules: Vec<Value> = codes
        .iter()
        .map(|code| {
            json!({
                "id": code,
                "shortDescription": {"text": describe(code).unwrap_or(code)},
                "help": {"text": format!("see `{DOCS}`, section `{code}`")},
            })
        })
        .collect();
    let results: Vec<Value> = v
        .diagnostics
        .iter()
        .map(|d| result(d, &codes, lang))
        .collect();
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "changai",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

fn result(d: &Diagnostic, codes: &BTreeSet<&str>, lang: Lang) -> Value {
    let mut text = d.message(lang).to_owned();
    if let Some(help) = d.help(lang) {
        text.push_str(&match lang {
            Lang::Zh => format!("\n提示：{help}"),
            Lang::En => format!("\nhelp: {help}"),
        });
    }
    let mut physical = Map::new();
    physical.insert("artifactLocation".into(), json!({"uri": uri(&d.file)}));
    if let Some(line) = d.line.filter(|l| *l > 0) {
        let mut region = Map::new();
        region.insert("startLine".into(), json!(line));
        if let Some(col) = d.column.filter(|c| *c > 0) {
            region.insert("startColumn".into(), json!(col));
        }
        physical.insert("region".into(), Value::Object(region));
    }
    let mut result = json!({
        "ruleId": d.code,
        "ruleIndex": codes.iter().position(|c| *c == d.code).unwrap_or(0),
        "level": match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        "message": {"text": text},
        "locations": [{"physicalLocation": physical}],
    });
    if let (Some(item), Value::Object(map)) = (&d.item, &mut result) {
        map.insert("properties".into(), json!({"item": item}));
    }
    result
}

/// A relative path as a URI reference: unreserved ASCII and `/` kept, everything else
/// percent-encoded (UTF-8), so Chinese file names stay valid URIs.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn uri_encodes_non_ascii() {
        assert_eq!(super::uri("a b/标.yaml"), "a%20b/%E6%A0%87.yaml");
    }
}
