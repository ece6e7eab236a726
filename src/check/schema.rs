//! `schema` checks: a yaml/json data file valid against an inline JSON Schema (a task list where
//! every task has an owner and a deadline; an indicator file with every field filled).
//!
//! Each violation is reported with the data file's line: JSON Pointers are mapped to lines with
//! the same source map that serves the standard's own diagnostics (JSON is YAML, so one map serves
//! both formats). Violations make the check unmet, not an error: the data was read and judged.

use super::context::{text, Ctx};
use super::{errored, name, outcome};
use crate::diagnostic::Diagnostic;
use crate::outcome::CheckOutcome;
use crate::standard::model::SchemaCheck;
use crate::standard::source_map::SourceMap;

/// How many violations a check lists.
const SHOW: usize = 10;

pub fn run(ctx: &Ctx, c: &SchemaCheck) -> CheckOutcome {
    let mut o = outcome("schema", &c.label);
    let n = name(&c.label, &c.file);
    let (path, doc) = match ctx.first_doc(&c.file, &n) {
        Ok(found) => found,
        Err(none) => return none.outcome(o),
    };
    let validator = match crate::standard::schema::compile_inline(&c.schema) {
        Ok(v) => v,
        Err((zh, en)) => {
            return errored(
                o,
                text(
                    format!("{n}: 标准中的 JSON Schema 无效：{zh}"),
                    format!("{n}: the standard's JSON Schema is invalid: {en}"),
                ),
            )
        }
    };
    let errors: Vec<(String, String, String)> = validator
        .iter_errors(&doc.value)
        .map(|e| {
            (
                e.instance_path().as_str().to_owned(),
                crate::standard::schema::message_zh(&e),
                crate::standard::schema::message_en(&e),
            )
        })
        .collect();
    if errors.is_empty() {
        o.credit = 1.0;
        o.reasons.push(text(
            format!("{n}: {path} 符合格式要求"),
            format!("{n}: {path} matches the required format"),
        ));
        o.evidence.push(ctx.evidence(path));
        return o;
    }
    let map = SourceMap::build(&doc.text);
    o.reasons.push(text(
        format!("{n}: {path} 有 {} 处不符合格式要求", errors.len()),
        format!(
            "{n}: {path} has {} violations of the required format",
            errors.len()
        ),
    ));
    for (pointer, zh, en) in errors.iter().take(SHOW) {
        let pos = map.value(pointer);
        let line = pos.map(|p| p.line);
        let at_zh = line.map(|l| format!(" 第 {l} 行")).unwrap_or_default();
        let at_en = line.map(|l| format!(" line {l}")).unwrap_or_default();
        let shown = if pointer.is_empty() { "/" } else { pointer };
        o.reasons.push(text(
            format!("{path}{at_zh}（`{shown}`）：{zh}"),
            format!("{path}{at_en} (`{shown}`): {en}"),
        ));
        ctx.problems.borrow_mut().push(
            Diagnostic::warning(
                "evidence-schema",
                path,
                format!("`{shown}` 不符合格式要求：{zh}"),
                format!("`{shown}` does not match the required format: {en}"),
            )
            .at(pos),
        );
    }
    if errors.len() > SHOW {
        o.reasons.push(text(
            format!("…… 另有 {} 处", errors.len() - SHOW),
            format!("… and {} more", errors.len() - SHOW),
        ));
    }
    o
}
