//! `records` checks: the rows of registers (台账) — csv, xlsx, yaml or json — filtered, dated, and
//! held to rules: row count, required columns, periods covered, distinct values, sums, ratios.
//!
//! A records check with several rules earns the credit of its weakest rule, not their average: a
//! register is as good as its weakest part — 20 visits of which none is dated in the year is no
//! evidence of visits this year, however many rows it has. Averaging would let a long register
//! buy off a missing column.

use serde_json::Value;

use super::context::{count_credit, read_error_text, share, text, Ctx};
use super::{errored, jinja, name, outcome, periods};
use crate::evidence::dates::date_of_cell;
use crate::evidence::read::Row;
use crate::outcome::CheckOutcome;
use crate::standard::model::{RatioRule, RecordsCheck, Text};

/// How many incomplete rows a reason lists before "…".
const SHOW_ROWS: usize = 5;

pub use crate::evidence::read::cell_str;

/// A cell as a number: `None` for blanks, `Err` for text that is not a number. Thousands
/// separators and spaces are allowed (`12,000`).
pub fn cell_num(v: &Value) -> Option<Result<f64, String>> {
    match v {
        Value::Null => None,
        Value::Number(n) => n.as_f64().map(Ok),
        Value::Bool(_) | Value::Array(_) | Value::Object(_) => Some(Err(v.to_string())),
        Value::String(s) => {
            let cleaned: String = s
                .chars()
                .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{3000}'))
                .collect();
            if cleaned.is_empty() {
                None
            } else {
                // `inf`, `NaN` and `1e999` parse as floats but are no amount anyone kept: a sum
                // over them would pass or fail silently.
                Some(
                    cleaned
                        .parse::<f64>()
                        .ok()
                        .filter(|x| x.is_finite())
                        .ok_or_else(|| s.clone()),
                )
            }
        }
    }
}

pub use crate::render::num::{num as fmt_num, percent as pct};

struct Where {
    zh: String,
    en: String,
}

/// "第 7 行" or "data/a.csv 第 7 行" when rows come from several files.
fn where_row(row: &Row, many_files: bool) -> Where {
    if many_files {
        Where {
            zh: format!("{} 第 {} 行", row.file, row.line),
            en: format!("{} row {}", row.file, row.line),
        }
    } else {
        Where {
            zh: format!("第 {} 行", row.line),
            en: format!("row {}", row.line),
        }
    }
}

/// The row's columns as variables, and the whole row as `row`; built once per row per run.
fn row_context(row: &Row) -> minijinja::Value {
    row.expr_value
        .get_or_init(|| {
            let mut map = row.cells.clone();
            map.insert("row".to_owned(), Value::Object(row.cells.clone()));
            minijinja::Value::from(minijinja::value::Serde(&map))
        })
        .clone()
}

/// Evaluates a row expression on every row; `Err` names the expression and the row.
fn eval_rows(
    n: &str,
    what: (&str, &str),
    expr: &str,
    rows: &[&Row],
    many_files: bool,
) -> Result<Vec<bool>, Text> {
    let env = jinja::environment();
    let shown = jinja::shown(expr);
    let compiled = jinja::compile(&env, expr).map_err(|e| match e {
        jinja::CompileError::TooComplex(why) => {
            let why = why.text();
            text(
                format!("{n}: {}：{}，无法计算", what.0, why.zh),
                format!("{n}: {}: {}; it cannot be evaluated", what.1, why.en),
            )
        }
        jinja::CompileError::Syntax(e) => {
            let (zh, en) = jinja::words(&e);
            text(
                format!("{n}: {} `{shown}` 无法解析：{zh}", what.0),
                format!("{n}: {} `{shown}` does not parse: {en}", what.1),
            )
        }
    })?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let value = compiled.eval(row_context(row)).map_err(|e| {
            let w = where_row(row, many_files);
            let (zh, en) = jinja::words(&e);
            text(
                format!("{n}: {} `{shown}` 在{}出错：{zh}", what.0, w.zh),
                format!("{n}: {} `{shown}` failed on {}: {en}", what.1, w.en),
            )
        })?;
        out.push(value.is_true());
    }
    Ok(out)
}

pub fn run(ctx: &Ctx, c: &RecordsCheck) -> CheckOutcome {
    let o = outcome("records", &c.label);
    let n = name(&c.label, &c.file);
    let matched = match ctx.matches(&c.file, &n) {
        Ok(m) => m,
        Err(reason) => return errored(o, reason),
    };
    let mut o = o;
    if matched.is_empty() {
        o.reasons.push(text(
            format!("{n}: 未找到 {}", c.file),
            format!("{n}: not found: {}", c.file),
        ));
        return o;
    }
    if let Some(reason) = ctx.twins(&matched, &n) {
        return errored(o, reason);
    }
    let mut tables = Vec::new();
    for path in &matched {
        match ctx.table(path, c.sheet.as_deref()) {
            Ok(t) => tables.push(t),
            Err(e) => return errored(o, read_error_text(&e)),
        }
    }
    let many_files = tables.len() > 1;
    let mut columns: Vec<&str> = Vec::new();
    for t in &tables {
        for col in &t.columns {
            if !columns.contains(&col.as_str()) {
                columns.push(col);
            }
        }
    }
    let has = |col: &str| columns.contains(&col);
    let mut rows: Vec<&Row> = tables.iter().flat_map(|t| t.rows.iter()).collect();
    let total = rows.len();
    let mut notes: Vec<Text> = Vec::new();

    if let Some(filter) = &c.filter {
        match eval_rows(&n, ("筛选条件", "filter"), filter, &rows, many_files) {
            Ok(keep) => {
                let mut it = keep.into_iter();
                rows.retain(|_| it.next().unwrap_or(false));
                notes.push(text(
                    format!(
                        "{n}: 共 {total} 行，符合筛选条件 `{filter}` 的 {} 行",
                        rows.len()
                    ),
                    format!(
                        "{n}: {} of {total} rows match the filter `{filter}`",
                        rows.len()
                    ),
                ));
            }
            Err(reason) => return errored(o, reason),
        }
    }

    let mut credits: Vec<f64> = Vec::new();
    if let Some(col) = &c.date_column {
        if !has(col) {
            credits.push(0.0);
            notes.push(missing_column(&n, col));
            rows.clear();
        } else {
            let before = rows.len();
            let mut undated = 0;
            rows.retain(|r| {
                match r
                    .cells
                    .get(col.as_str())
                    .map(cell_str)
                    .and_then(|s| date_of_cell(&s))
                {
                    Some(d) => ctx.review.contains(d.date),
                    None => {
                        undated += 1;
                        false
                    }
                }
            });
            let outside = before - rows.len() - undated;
            if undated > 0 {
                notes.push(text(
                    format!("{n}: {undated} 行的 `{col}` 没有可识别的日期，不计"),
                    format!("{n}: {undated} rows have no readable date in `{col}`; not counted"),
                ));
            }
            if outside > 0 {
                notes.push(text(
                    format!(
                        "{n}: {outside} 行的日期不在评价期 {} 内，不计",
                        ctx.pack.period.label
                    ),
                    format!(
                        "{n}: {outside} rows dated outside the review period {}; not counted",
                        ctx.pack.period.label
                    ),
                ));
            }
        }
    }

    // count rule: an empty register is no evidence (无台账视同未开展), so `min` defaults to 1
    let count = rows.len();
    let min = c.min.unwrap_or(1);
    let count_c = count_credit(count, min);
    credits.push(count_c);
    o.reasons.push(if count_c >= 1.0 {
        text(format!("{n}: {count} 行记录"), format!("{n}: {count} rows"))
    } else {
        text(
            format!("{n}: {count} 行记录，至少需要 {min} 行"),
            format!("{n}: {count} rows; at least {min} needed"),
        )
    });
    if let Some(max) = c.max {
        if count > max as usize {
            credits.push(0.0);
            o.reasons.push(text(
                format!("{n}: {count} 行，超过上限 {max} 行"),
                format!("{n}: {count} rows, more than the maximum of {max}"),
            ));
        }
    }

    if !c.required.is_empty() {
        let absent: Vec<&String> = c.required.iter().filter(|col| !has(col)).collect();
        if !absent.is_empty() {
            credits.push(0.0);
            for col in absent {
                o.reasons.push(missing_column(&n, col));
            }
        } else if !rows.is_empty() {
            let mut incomplete: Vec<(Where, Vec<&str>)> = Vec::new();
            for row in &rows {
                let missing: Vec<&str> = c
                    .required
                    .iter()
                    .filter(|col| {
                        row.cells
                            .get(col.as_str())
                            .map(cell_str)
                            .unwrap_or_default()
                            .is_empty()
                    })
                    .map(String::as_str)
                    .collect();
                if !missing.is_empty() {
                    incomplete.push((where_row(row, many_files), missing));
                }
            }
            let complete = rows.len() - incomplete.len();
            credits.push(share(complete, rows.len()));
            if incomplete.is_empty() {
                o.reasons.push(text(
                    format!("{n}: 必填列（{}）均已填写", c.required.join("、")),
                    format!(
                        "{n}: required columns ({}) filled in every row",
                        c.required.join(", ")
                    ),
                ));
            } else {
                let more = incomplete.len() > SHOW_ROWS;
                let shown = &incomplete[..incomplete.len().min(SHOW_ROWS)];
                let zh: Vec<String> = shown
                    .iter()
                    .map(|(w, m)| format!("{}（缺 {}）", w.zh, m.join("、")))
                    .collect();
                let en: Vec<String> = shown
                    .iter()
                    .map(|(w, m)| format!("{} (missing {})", w.en, m.join(", ")))
                    .collect();
                o.reasons.push(text(
                    format!(
                        "{n}: {complete}/{} 行填写完整；不完整：{}{}",
                        rows.len(),
                        zh.join("、"),
                        if more { " 等" } else { "" }
                    ),
                    format!(
                        "{n}: {complete} of {} rows complete; incomplete: {}{}",
                        rows.len(),
                        en.join(", "),
                        if more { ", …" } else { "" }
                    ),
                ));
            }
        }
    }

    if let Some(rule) = &c.periods {
        if !has(&rule.column) {
            credits.push(0.0);
            o.reasons.push(missing_column(&n, &rule.column));
        } else {
            let dates = rows.iter().filter_map(|r| {
                r.cells
                    .get(rule.column.as_str())
                    .map(cell_str)
                    .and_then(|s| date_of_cell(&s))
                    .map(|f| f.date)
            });
            let cov = periods::coverage(rule.per, rule.min, dates, ctx.review);
            credits.push(cov.credit);
            o.reasons
                .push(text(format!("{n}: {}", cov.zh), format!("{n}: {}", cov.en)));
        }
    }

    if let Some(rule) = &c.distinct {
        if !has(&rule.column) {
            credits.push(0.0);
            o.reasons.push(missing_column(&n, &rule.column));
        } else {
            let col = rule.column.as_str();
            let values: std::collections::BTreeSet<String> = rows
                .iter()
                .map(|r| r.cells.get(col).map(cell_str).unwrap_or_default())
                .filter(|s| !s.is_empty())
                .collect();
            if let Some(min) = rule.min {
                let cr = count_credit(values.len(), min);
                credits.push(cr);
                o.reasons.push(text(
                    format!("{n}: `{col}` 有 {} 个不同的值，需要 {min} 个", values.len()),
                    format!(
                        "{n}: {} distinct values of `{col}`; {min} needed",
                        values.len()
                    ),
                ));
            }
            if !rule.values.is_empty() {
                let missing: Vec<&str> = rule
                    .values
                    .iter()
                    .filter(|v| !values.contains(v.trim()))
                    .map(String::as_str)
                    .collect();
                let present = rule.values.len() - missing.len();
                credits.push(share(present, rule.values.len()));
                o.reasons.push(if missing.is_empty() {
                    text(
                        format!("{n}: `{col}` 的 {} 个值均已出现", rule.values.len()),
                        format!("{n}: all {} values of `{col}` present", rule.values.len()),
                    )
                } else {
                    text(
                        format!(
                            "{n}: `{col}` 已有 {present}/{} 个值，缺 {}",
                            rule.values.len(),
                            missing.join("、")
                        ),
                        format!(
                            "{n}: {present} of {} values of `{col}` present; missing {}",
                            rule.values.len(),
                            missing.join(", ")
                        ),
                    )
                });
            }
        }
    }

    if let Some(rule) = &c.sum {
        if !has(&rule.column) {
            credits.push(0.0);
            o.reasons.push(missing_column(&n, &rule.column));
        } else {
            match sum_column(&n, &rule.column, &rows) {
                Err(reason) => return errored(o, reason),
                Ok(total) => {
                    let cr = scale(total, rule.floor, rule.min);
                    credits.push(cr);
                    o.reasons.push(text(
                        format!(
                            "{n}: `{}` 合计 {}，需要 ≥ {}{}",
                            rule.column,
                            fmt_num(total),
                            fmt_num(rule.min),
                            floor_zh(rule.floor, fmt_num)
                        ),
                        format!(
                            "{n}: `{}` sums to {}; ≥ {} needed{}",
                            rule.column,
                            fmt_num(total),
                            fmt_num(rule.min),
                            floor_en(rule.floor, fmt_num)
                        ),
                    ));
                }
            }
        }
    }

    if let Some(rule) = &c.ratio {
        match ratio(&n, rule, &rows, &has, many_files) {
            Err(reason) => return errored(o, reason),
            Ok((cr, reason)) => {
                credits.push(cr);
                o.reasons.push(reason);
            }
        }
    }

    o.reasons.extend(notes);
    o.credit = credits.iter().copied().fold(1.0, f64::min);
    if o.credit > 0.0 {
        o.evidence = matched.iter().map(|p| ctx.evidence(p)).collect();
    }
    o
}

fn missing_column(n: &str, col: &str) -> Text {
    text(
        format!("{n}: 表中没有 `{col}` 列"),
        format!("{n}: the register has no column `{col}`"),
    )
}

fn floor_zh(floor: Option<f64>, f: fn(f64) -> String) -> String {
    floor
        .map(|x| format!("（{} 起按比例得分）", f(x)))
        .unwrap_or_default()
}

fn floor_en(floor: Option<f64>, f: fn(f64) -> String) -> String {
    floor
        .map(|x| format!(" (pro rata from {})", f(x)))
        .unwrap_or_default()
}

/// 1 at or above `target`; with a floor, linear from 0 at the floor to 1 at the target; without
/// one, all or nothing.
pub fn scale(x: f64, floor: Option<f64>, target: f64) -> f64 {
    if x >= target {
        return 1.0;
    }
    match floor {
        Some(f) if x > f && target > f => ((x - f) / (target - f)).clamp(0.0, 1.0),
        _ => 0.0,
    }
}

/// A sum or ratio computed from register cells, rounded to 9 decimals. Cells are decimals written
/// by people (`0.1`, `0.7`), but their binary sum is not (`0.7999999999999999`): compared as is,
/// a register whose column adds up to the target — and whose reason prints `合计 0.8，需要 ≥ 0.8`
/// — would be unmet. No register keeps more than 9 decimals, so the rounding only removes the
/// noise of the arithmetic.
fn settle(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

fn sum_column(n: &str, col: &str, rows: &[&Row]) -> Result<f64, Text> {
    let mut total = 0.0;
    for row in rows {
        if let Some(v) = row.cells.get(col) {
            match cell_num(v) {
                None => {}
                Some(Ok(x)) => total += x,
                Some(Err(s)) => {
                    // a bad amount is named with its file whatever the number of files
                    let w = where_row(row, true);
                    return Err(text(
                        format!("{n}: {}的 `{col}` 不是数字：`{s}`", w.zh),
                        format!("{n}: `{col}` on {} is not a number: `{s}`", w.en),
                    ));
                }
            }
        }
    }
    Ok(settle(total))
}

fn ratio(
    n: &str,
    rule: &RatioRule,
    rows: &[&Row],
    has: &dyn Fn(&str) -> bool,
    many_files: bool,
) -> Result<(f64, Text), Text> {
    let target = format!("{}{}", pct(rule.target), {
        match rule.floor {
            Some(f) => format!("（{} 起按比例得分）", pct(f)),
            None => String::new(),
        }
    });
    let target_en = format!("{}{}", pct(rule.target), {
        match rule.floor {
            Some(f) => format!(" (pro rata from {})", pct(f)),
            None => String::new(),
        }
    });
    let (num, den, zh_what, en_what) = if let Some(when) = &rule.when {
        let hits = eval_rows(n, ("比例条件", "ratio condition"), when, rows, many_files)?;
        let num = hits.iter().filter(|h| **h).count() as f64;
        (
            num,
            rows.len() as f64,
            format!("满足 `{when}` 的行"),
            format!("rows matching `{when}`"),
        )
    } else {
        match (&rule.numerator_column, &rule.denominator_column) {
            (Some(nc), Some(dc)) => {
                for col in [nc, dc] {
                    if !has(col) {
                        return Ok((0.0, missing_column(n, col)));
                    }
                }
                let num = sum_column(n, nc, rows)?;
                let den = sum_column(n, dc, rows)?;
                (
                    num,
                    den,
                    format!("`{nc}` 合计 / `{dc}` 合计"),
                    format!("sum of `{nc}` / sum of `{dc}`"),
                )
            }
            _ => {
                return Err(text(
                    format!("{n}: 比例规则需要 `when`，或同时给出 `numerator_column` 与 `denominator_column`"),
                    format!("{n}: a ratio needs `when`, or both `numerator_column` and `denominator_column`"),
                ))
            }
        }
    };
    if den <= 0.0 {
        return Ok((
            0.0,
            text(
                format!("{n}: 分母为 0，比例无法计算（{zh_what}）"),
                format!("{n}: the denominator is 0; no ratio ({en_what})"),
            ),
        ));
    }
    let r = settle(num / den);
    let credit = scale(r, rule.floor, rule.target);
    Ok((
        credit,
        text(
            format!(
                "{n}: {zh_what} {}/{} = {}，目标 ≥ {target}",
                fmt_num(num),
                fmt_num(den),
                pct(r)
            ),
            format!(
                "{n}: {en_what} {}/{} = {}; target ≥ {target_en}",
                fmt_num(num),
                fmt_num(den),
                pct(r)
            ),
        ),
    ))
}
