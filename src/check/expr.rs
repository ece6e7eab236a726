//! `expr` checks: a boolean minijinja expression over the pack's data, for rules that relate
//! several values (`indicators.funds_spent_yuan <= indicators.funds_budget_yuan`).
//!
//! Variables: every yaml/json file under `data/` by its file stem (`data/indicators.yaml` →
//! `indicators`; files directly under `data/` win over deeper ones with the same stem), the same
//! files as the map `data` (`data["走访台账"]`),
//! `pack` (pack.yaml as data) and `period` (`from`, `to`, `year`, `label`). Undefined names are
//! errors, not false: a misspelled variable must not quietly fail an item.

use std::collections::BTreeMap;

use minijinja::value::ValueKind;
use serde_json::{Map, Value};

use super::context::{read_error_text, text, Ctx, ExprVars};
use super::{describe, errored, jinja, outcome, Failure};
use crate::diagnostic::Diagnostic;
use crate::evidence::read::stem;
use crate::outcome::CheckOutcome;
use crate::standard::model::ExprCheck;

/// The data files that become variables.
pub const DATA_GLOB: &str = "data/**/*.{yaml,yml,json}";

pub(super) fn build_vars(ctx: &Ctx) -> ExprVars {
    let mut paths = ctx.glob(DATA_GLOB).unwrap_or_default();
    paths.sort_by_key(|p| (p.matches('/').count(), *p));
    let mut data = Map::new();
    let mut failed = BTreeMap::new();
    let mut unreadable = Vec::new();
    // Which file each variable came from: a shallower file wins over a deeper one of the same
    // stem (documented), but two at the same depth (`data/指标.yaml` and `data/指标.json`) are
    // one data file kept twice, and which one an expression reads would be a guess.
    let mut source: BTreeMap<String, &str> = BTreeMap::new();
    for path in paths {
        let s = stem(path).to_owned();
        if let Some(first) = source.get(&s) {
            if first.matches('/').count() == path.matches('/').count() {
                let e = Diagnostic::error(
                    "same-data-twice",
                    path,
                    format!("与 {first} 是同一份数据（同名、不同格式），无法确定以哪份为准；请只保留一份"),
                    format!("the same data as {first} (same name, another format); keep only one"),
                );
                data.remove(&s);
                failed.insert(s, e);
            }
            continue;
        }
        source.insert(s.clone(), path);
        match ctx.doc(path) {
            Ok(doc) => {
                data.insert(s, doc.value.clone());
            }
            Err(e) => {
                unreadable.push(path.to_owned());
                failed.insert(s, e);
            }
        }
    }
    let mut vars = data.clone();
    vars.insert("data".to_owned(), Value::Object(data));
    vars.insert(
        "pack".to_owned(),
        serde_json::to_value(&ctx.pack.file).unwrap_or(Value::Null),
    );
    vars.insert(
        "period".to_owned(),
        serde_json::json!({
            "from": ctx.pack.period.from,
            "to": ctx.pack.period.to,
            "label": ctx.pack.period.label,
            "year": ctx.review.from.year(),
        }),
    );
    ExprVars {
        names: vars.keys().cloned().collect(),
        value: minijinja::Value::from(minijinja::value::Serde(&Value::Object(vars))),
        failed,
        unreadable,
    }
}

pub fn run(ctx: &Ctx, c: &ExprCheck) -> CheckOutcome {
    let mut o = outcome("expr", &c.label, &c.label_en);
    let shown = jinja::shown(&c.expr);
    let n = describe::expr_name(c);
    let (nz, ne) = (n.zh.as_str(), n.en.as_str());
    o.detail.push(text(
        format!("表达式：`{shown}`"),
        format!("expression: `{shown}`"),
    ));
    let vars = ctx.expr_vars();
    let env = jinja::environment();
    let compiled = match jinja::compile(&env, &c.expr) {
        Ok(e) => e,
        Err(jinja::CompileError::TooComplex(why)) => {
            return errored(
                o,
                Failure {
                    reason: text(
                        format!("{nz}: 标准中的条件写得过于复杂，无法计算"),
                        format!("{ne}: the standard's condition is too complex to evaluate"),
                    ),
                    detail: Some(why.text()),
                },
            );
        }
        Err(jinja::CompileError::Syntax(e)) => {
            let (zh, en) = (jinja::words(&e).0, jinja::message(&e));
            return errored(
                o,
                Failure {
                    reason: text(
                        format!("{nz}: 标准中的条件写法有误，无法计算"),
                        format!("{ne}: the standard's condition is written wrongly; not evaluated"),
                    ),
                    detail: Some(text(
                        format!("表达式 `{shown}` 无法解析：{zh}"),
                        format!("expression `{shown}` does not parse: {en}"),
                    )),
                },
            );
        }
    };
    // Decided from the expression itself, never from an error's text: the top-level names it
    // reads that no variable provides.
    let unknown = unknown_names(&compiled, vars);
    let fail = |o, why: Failure| {
        let mut o = errored(o, why);
        // an unreadable data file the expression names is the likely cause: say which
        for (s, e) in &vars.failed {
            if c.expr.contains(s.as_str()) {
                o.reasons.push(read_error_text(e));
            }
        }
        o
    };
    match compiled.eval(vars.value.clone()) {
        Ok(v) if v.kind() == ValueKind::Bool => {
            let yes = v.is_true();
            o.credit = if yes { 1.0 } else { 0.0 };
            o.reasons.push(if yes {
                text(format!("{nz}: 条件成立"), format!("{ne}: holds"))
            } else {
                text(format!("{nz}: 条件不成立"), format!("{ne}: does not hold"))
            });
            if yes {
                let mut used: Vec<&str> = ctx
                    .glob(DATA_GLOB)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|p| c.expr.contains(stem(p)))
                    .collect();
                used.sort();
                o.evidence = used.into_iter().map(|p| ctx.evidence(p)).collect();
            } else {
                let mut used: Vec<&str> = ctx
                    .glob(DATA_GLOB)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|p| c.expr.contains(stem(p)))
                    .collect();
                used.sort();
                let files = if used.is_empty() {
                    (String::new(), String::new())
                } else {
                    (
                        format!("（{}）", used.join("、")),
                        format!(" ({})", used.join(", ")),
                    )
                };
                o.shortfall.push(text(
                    format!("{nz}不成立：请核对并更新相关数据{}", files.0),
                    format!("{ne} does not hold: check and update the data{}", files.1),
                ));
            }
            o
        }
        Ok(v) => fail(
            o,
            Failure {
                reason: text(
                    format!("{nz}: 标准中的条件算不出“是”或“否”，无法判定"),
                    format!("{ne}: the standard's condition gives neither true nor false"),
                ),
                detail: Some(text(
                    format!("表达式 `{shown}` 的结果不是真/假（而是 `{v}`）"),
                    format!("expression `{shown}` gives `{v}`, not true or false"),
                )),
            },
        ),
        Err(e) => {
            let unreadable = unknown.iter().any(|s| vars.failed.contains_key(s));
            if !unreadable && !unknown.is_empty() {
                // a data file not kept is missing evidence, not a broken rule
                for missing in &unknown {
                    o.reasons.push(text(
                        format!("{nz}: 未找到数据文件 data/{missing}.yaml（或 .json），条件无法成立"),
                        format!("{ne}: no data file data/{missing}.yaml (or .json); the condition cannot hold"),
                    ));
                    o.shortfall.push(text(
                        format!("缺少数据文件 data/{missing}.yaml（或 .json）：请补上后重新评估"),
                        format!("the data file data/{missing}.yaml (or .json) is missing: add it, then evaluate again"),
                    ));
                }
                return o;
            }
            if unreadable {
                // the expression is fine; a data file it reads is not usable: say which
                return fail(
                    o,
                    text(
                        format!("{nz}: 条件要用的数据文件无法使用，无法计算"),
                        format!("{ne}: a data file the condition reads cannot be used"),
                    )
                    .into(),
                );
            }
            let (zh, en) = (jinja::words(&e).0, jinja::message(&e));
            fail(
                o,
                Failure {
                    reason: text(
                        format!("{nz}: 条件无法按现有数据计算（请核对相关数据的填写）"),
                        format!("{ne}: the condition cannot be evaluated on the data (check what the data says)"),
                    ),
                    detail: Some(text(
                        format!("表达式 `{shown}` 出错：{zh}"),
                        format!("expression `{shown}` failed: {en}"),
                    )),
                },
            )
        }
    }
}

/// The top-level names an expression reads that are not variables of this pack, sorted: data
/// files that were not kept (or could not be read, see [`ExprVars::failed`]).
fn unknown_names(compiled: &minijinja::Expression<'_, '_>, vars: &ExprVars) -> Vec<String> {
    let mut unknown: Vec<String> = compiled
        .undeclared_variables(false)
        .into_iter()
        .filter(|name| !vars.names.contains(name))
        .collect();
    unknown.sort();
    unknown
}
