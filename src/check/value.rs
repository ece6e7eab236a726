//! `value` checks: one value of a yaml/json data file (an indicator: coverage, floor area, head
//! count) compared with a threshold.
//!
//! Numbers compare as f64 (a number quoted as text, `"0.93"`, too); strings and bools compare
//! exactly. A missing file or key is evidence
//! not kept (unmet); a value of the wrong type (text where a number is needed) cannot be decided
//! (error). With a `floor`, `>=` and `>` earn partial credit linearly from the floor to the
//! threshold; there `>` at exactly the threshold earns full credit, because a floor turns the bound
//! into a scale.

use serde_json::Value;

use super::context::{text, Ctx};
use super::records::{cell_num, fmt_num, scale};
use super::{describe, errored, outcome};
use crate::evidence::read::lookup;
use crate::outcome::CheckOutcome;
use crate::standard::model::{Op, Text, ValueCheck};

fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

fn kind_zh(v: &Value) -> &'static str {
    match v {
        Value::Null => "空值",
        Value::Bool(_) => "是/否",
        Value::Number(_) => "数字",
        Value::String(_) => "文字",
        Value::Array(_) => "列表",
        Value::Object(_) => "映射",
    }
}

fn kind_en(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a bool",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// The value to compare: a number written as quoted text (`coverage: "0.93"`, `"1,200"`) is the
/// number it reads when the threshold is a number, with the same rules as a register cell
/// (`records::cell_num`). Officers quote numbers in yaml, and a register cell `"1,200"` already
/// counts as 1200; refusing the same text here made the item an error, not a decision. Text that
/// is not a number stays text (and is still an error against a number).
fn numeric_view(v: &Value, op: Op, t: &Value) -> Option<Value> {
    let numeric = match op {
        Op::Ge | Op::Gt | Op::Le | Op::Lt | Op::Between => true,
        Op::Eq | Op::Ne => t.is_number(),
        Op::In => t
            .as_array()
            .is_some_and(|items| items.iter().any(Value::is_number)),
    };
    if !numeric || !v.is_string() {
        return None;
    }
    match cell_num(v) {
        Some(Ok(x)) => serde_json::Number::from_f64(x).map(Value::Number),
        _ => None,
    }
}

/// Credit of a comparison, or why it cannot be made.
fn compare(v: &Value, op: Op, t: &Value, floor: Option<f64>) -> Result<f64, (String, String)> {
    let wrong = |want_zh: &str, want_en: &str| {
        Err((
            format!("值是{}，需要{want_zh}", kind_zh(v)),
            format!("the value is {}; {want_en} is needed", kind_en(v)),
        ))
    };
    let yes = |b: bool| Ok(if b { 1.0 } else { 0.0 });
    match op {
        Op::Eq | Op::Ne => {
            let comparable = matches!(
                (v, t),
                (Value::Number(_), Value::Number(_))
                    | (Value::String(_), Value::String(_))
                    | (Value::Bool(_), Value::Bool(_))
                    | (Value::Null, Value::Null)
            );
            if !comparable {
                return wrong(kind_zh(t), kind_en(t));
            }
            yes(same(v, t) == (op == Op::Eq))
        }
        Op::Ge | Op::Gt | Op::Le | Op::Lt => {
            let Some(x) = v.as_f64() else {
                return wrong("数字", "a number");
            };
            let Some(y) = t.as_f64() else {
                return Err((
                    "标准中的阈值不是数字".into(),
                    "the standard's threshold is not a number".into(),
                ));
            };
            let pass = match op {
                Op::Ge => x >= y,
                Op::Gt => x > y,
                Op::Le => x <= y,
                _ => x < y,
            };
            if pass {
                return Ok(1.0);
            }
            match (op, floor) {
                (Op::Ge | Op::Gt, Some(_)) => Ok(scale(x, floor, y)),
                _ => Ok(0.0),
            }
        }
        Op::Between => {
            let Some(x) = v.as_f64() else {
                return wrong("数字", "a number");
            };
            match t.as_array().map(Vec::as_slice) {
                Some([lo, hi]) => match (lo.as_f64(), hi.as_f64()) {
                    (Some(lo), Some(hi)) => yes(lo <= x && x <= hi),
                    _ => Err((
                        "标准中范围比较（在…至…之间）的上下限不是数字".into(),
                        "the standard's between bounds are not numbers".into(),
                    )),
                },
                _ => Err((
                    "标准中范围比较（在…至…之间）应给出下限和上限两个值".into(),
                    "the standard's between threshold must be [low, high]".into(),
                )),
            }
        }
        Op::In => match t.as_array() {
            Some(list) => yes(list.iter().any(|item| same(v, item))),
            None => Err((
                "标准中“为…之一”的比较应给出可选值的列表".into(),
                "the standard's in threshold must be a list".into(),
            )),
        },
    }
}

pub fn run(ctx: &Ctx, c: &ValueCheck) -> CheckOutcome {
    let mut o = outcome("value", &c.label, &c.label_en);
    let n = describe::value_name(c);
    let (nz, ne) = (n.zh.as_str(), n.en.as_str());
    o.detail.push(text(
        format!("数据位置：`{}` 中的 `{}`", c.file, c.path),
        format!("data: `{}` in `{}`", c.path, c.file),
    ));
    let pct = describe::is_percent(c);
    let (wz, we) = describe::comparison(c.op, &c.threshold, pct);
    let (path, doc) = match ctx.first_doc(&c.file, &n) {
        Ok(found) => found,
        Err(none) => {
            let mut o = none.outcome(o);
            if !o.error {
                let place = describe::files_place_n(&c.file, &[], 1);
                o.shortfall.push(text(
                    format!(
                        "未找到填写{}的数据文件：请补上{}，填写{nz}（要求{wz}）",
                        describe::pad(nz),
                        describe::pad(&place.zh)
                    ),
                    format!(
                        "no data file gives {ne}: add one ({} {}) that gives it ({we} is required)",
                        crate::words::article(&place.en),
                        place.en
                    ),
                ));
            }
            return o;
        }
    };
    let Some(v) = lookup(&doc.value, &c.path).filter(|v| !v.is_null()) else {
        o.reasons.push(text(
            format!("{nz}: {path} 中没有填写"),
            format!("{ne}: not filled in {path}"),
        ));
        o.shortfall.push(text(
            format!("请在 {path} 中填写{nz}（要求{wz}）"),
            format!("fill in {ne} in {path} ({we} is required)"),
        ));
        return o;
    };
    let floor_note: Text = match c.floor {
        Some(f) if matches!(c.op, Op::Ge | Op::Gt) => {
            let f = if pct {
                describe::percent(f)
            } else {
                fmt_num(f)
            };
            text(
                format!("（{f} 起按比例得分）"),
                format!(" (pro rata from {f})"),
            )
        }
        _ => text("", ""),
    };
    let number = numeric_view(v, c.op, &c.threshold);
    let shown = describe::show_value(number.as_ref().unwrap_or(v), pct);
    match compare(number.as_ref().unwrap_or(v), c.op, &c.threshold, c.floor) {
        Ok(credit) => {
            o.credit = credit;
            o.reasons.push(text(
                format!("{nz}为 {}，要求{wz}{}", shown.0, floor_note.zh),
                format!("{ne} is {}; required {we}{}", shown.1, floor_note.en),
            ));
            if credit < 1.0 {
                o.shortfall.push(text(
                    format!("{nz}为 {}，要求{wz}", shown.0),
                    format!("{ne} is {}; {we} is required", shown.1),
                ));
            }
            if credit > 0.0 {
                o.evidence.push(ctx.evidence(path));
            }
            o
        }
        Err((zh, en)) => {
            let line = crate::standard::source_map::SourceMap::build(&doc.text)
                .value(&crate::evidence::read::pointer_of(&c.path))
                .map(|p| p.line);
            let at_zh = line.map(|l| format!(" 第 {l} 行")).unwrap_or_default();
            let at_en = line.map(|l| format!(" line {l}")).unwrap_or_default();
            errored(
                o,
                text(
                    format!("{nz}: {path}{at_zh}：{zh}"),
                    format!("{ne}: {path}{at_en}: {en}"),
                ),
            )
        }
    }
}
