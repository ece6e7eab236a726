//! `schema` checks: a yaml/json data file valid against an inline JSON Schema (a task list where
//! every task has an owner and a deadline; an indicator file with every field filled).
//!
//! Each violation is reported with the data file's line: JSON Pointers are mapped to lines with
//! the same source map that serves the standard's own diagnostics (JSON is YAML, so one map serves
//! both formats). Violations make the check unmet, not an error: the data was read and judged.

use super::context::{text, Ctx};
use super::{describe, errored, outcome};
use crate::diagnostic::Diagnostic;
use crate::outcome::CheckOutcome;
use crate::standard::model::SchemaCheck;
use crate::standard::source_map::SourceMap;

/// How many violations a check lists.
const SHOW: usize = 10;

pub fn run(ctx: &Ctx, c: &SchemaCheck) -> CheckOutcome {
    let mut o = outcome("schema", &c.label, &c.label_en);
    let n = describe::data_name(&c.label, &c.label_en, &c.file);
    let (nz, ne) = (n.zh.as_str(), n.en.as_str());
    o.detail.push(text(
        format!("数据文件位置：`{}`", c.file),
        format!("data file location: `{}`", c.file),
    ));
    let (path, doc) = match ctx.first_doc(&c.file, &n) {
        Ok(found) => found,
        Err(none) => {
            let mut o = none.outcome(o);
            if !o.error {
                let place = describe::files_place_n(&c.file, &[], 1);
                o.shortfall.push(text(
                    format!(
                        "缺少{}：请按标准规定的格式填写，补上{}",
                        describe::pad(nz),
                        describe::pad(&place.zh)
                    ),
                    format!(
                        "{ne} is missing: fill it in the standard's format, as {} {}",
                        crate::words::article(&place.en),
                        place.en
                    ),
                ));
            }
            return o;
        }
    };
    let validator = match crate::standard::schema::compile_inline(&c.schema) {
        Ok(v) => v,
        Err((zh, en)) => {
            return errored(
                o,
                super::Failure {
                    reason: text(
                        format!("{nz}: 标准中规定的格式写法有误，无法核对"),
                        format!(
                            "{ne}: the standard writes the required format wrongly; not checked"
                        ),
                    ),
                    detail: Some(text(
                        format!("JSON Schema 无效：{zh}"),
                        format!("the JSON Schema is invalid: {en}"),
                    )),
                },
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
            format!("{nz}: {path} 符合格式要求"),
            format!("{ne}: {path} matches the required format"),
        ));
        o.evidence.push(ctx.evidence(path));
        return o;
    }
    let map = SourceMap::build(&doc.text);
    o.reasons.push(text(
        format!("{nz}: {path} 有 {} 处不符合格式要求", errors.len()),
        format!(
            "{ne}: {path} has {} of the required format",
            crate::words::count(errors.len(), "violation")
        ),
    ));
    o.shortfall.push(text(
        format!(
            "{path} 有 {} 处不符合格式要求：逐处改正后重新评估",
            errors.len()
        ),
        format!(
            "{path} has {} of the required format: correct {}, then evaluate again",
            crate::words::count(errors.len(), "violation"),
            if errors.len() == 1 { "it" } else { "each" }
        ),
    ));
    for (pointer, zh, en) in errors.iter().take(SHOW) {
        let pos = map.value(pointer);
        let line = pos.map(|p| p.line);
        let at_zh = line.map(|l| format!(" 第 {l} 行")).unwrap_or_default();
        let at_en = line.map(|l| format!(" line {l}")).unwrap_or_default();
        let shown = if pointer.is_empty() { "/" } else { pointer };
        // each violation once, as what to fix; the finding is their count, the detail the
        // place of each in the data (the pointer), not the words again
        o.shortfall.push(text(
            format!("{path}{at_zh}：{zh}"),
            format!("{path}{at_en}: {en}"),
        ));
        o.detail.push(text(
            format!("{path}{at_zh}：`{shown}`"),
            format!("{path}{at_en}: `{shown}`"),
        ));
        ctx.problem(
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
        o.shortfall.push(text(
            format!("…… 另有 {} 处", errors.len() - SHOW),
            format!("… and {} more", errors.len() - SHOW),
        ));
    }
    o
}
