//! `records` checks: the rows of registers (台账) — csv, xlsx, yaml or json — filtered, dated, and
//! held to rules: row count, required columns, periods covered, distinct values, sums, ratios.
//!
//! A records check with several rules earns the credit of its weakest rule, not their average: a
//! register is as good as its weakest part — 20 visits of which none is dated in the year is no
//! evidence of visits this year, however many rows it has. Averaging would let a long register
//! buy off a missing column.

use serde_json::Value;

use super::context::{count_credit, read_failure, share, text, Ctx};
use super::{describe, errored, jinja, outcome, periods, Failure};
use crate::evidence::dates::date_in_register;
use crate::evidence::read::Row;
use crate::outcome::CheckOutcome;
use crate::standard::model::{RatioRule, RecordsCheck, Text};
use crate::words;

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

pub use crate::render::num::{num as fmt_num, share as pct};

struct Where {
    zh: String,
    en: String,
    /// The row's line, when rows come from one file (then a list reads "第 4、6、9 行").
    line: Option<usize>,
}

/// "第 7 行" or "data/a.csv 第 7 行" when rows come from several files.
fn where_row(row: &Row, many_files: bool) -> Where {
    if many_files {
        Where {
            zh: format!("{} 第 {} 行", row.file, row.line),
            en: format!("{} row {}", row.file, row.line),
            line: None,
        }
    } else {
        Where {
            zh: format!("第 {} 行", row.line),
            en: format!("row {}", row.line),
            line: Some(row.line),
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

/// Every column a records check reads, in the order its rules name them: the filter's, the date
/// column, the required columns, the period, distinct and sum columns, the ratio's. Names in an
/// expression are the columns it uses (`row` is the whole row, not a column).
fn read_columns(c: &RecordsCheck) -> Vec<String> {
    fn of_expr(expr: &str, out: &mut Vec<String>) {
        let env = jinja::environment();
        let Ok(compiled) = jinja::compile(&env, expr) else {
            return; // a broken expression is reported where it is evaluated
        };
        let mut names: Vec<String> = compiled
            .undeclared_variables(false)
            .into_iter()
            .filter(|v| v != "row")
            .collect();
        names.sort_by_key(|v| (expr.find(v.as_str()), v.clone()));
        out.extend(names);
    }
    let mut out: Vec<String> = Vec::new();
    if let Some(f) = &c.filter {
        of_expr(f, &mut out);
    }
    out.extend(c.date_column.iter().cloned());
    out.extend(c.required.iter().cloned());
    out.extend(c.periods.iter().map(|p| p.column.clone()));
    out.extend(c.distinct.iter().map(|d| d.column.clone()));
    out.extend(c.sum.iter().map(|s| s.column.clone()));
    if let Some(r) = &c.ratio {
        if let Some(w) = &r.when {
            of_expr(w, &mut out);
        }
        out.extend(r.numerator_column.iter().cloned());
        out.extend(r.denominator_column.iter().cloned());
    }
    let mut seen = Vec::new();
    out.retain(|c| {
        let fresh = !seen.contains(c);
        if fresh {
            seen.push(c.clone());
        }
        fresh
    });
    out
}

/// Evaluates a row expression on every row; `Err` names the rule and the row (the expression
/// itself is in the check's detail).
fn eval_rows(
    n: &Text,
    what: (&str, &str),
    expr: &str,
    rows: &[&Row],
    many_files: bool,
) -> Result<Vec<bool>, Failure> {
    let (nz, ne) = (n.zh.as_str(), n.en.as_str());
    let env = jinja::environment();
    let shown = jinja::shown(expr);
    let compiled = jinja::compile(&env, expr).map_err(|e| match e {
        jinja::CompileError::TooComplex(why) => {
            let why = why.text();
            Failure {
                reason: text(
                    format!("{nz}: 标准中的{}写得过于复杂，无法计算", what.0),
                    format!("{ne}: the standard's {} is too complex to evaluate", what.1),
                ),
                detail: Some(why),
            }
        }
        jinja::CompileError::Syntax(e) => {
            let (zh, en) = (jinja::words(&e).0, jinja::message(&e));
            Failure {
                reason: text(
                    format!("{nz}: 标准中的{}写法有误，无法计算", what.0),
                    format!(
                        "{ne}: the standard's {} is written wrongly; not evaluated",
                        what.1
                    ),
                ),
                detail: Some(text(
                    format!("{} `{shown}` 无法解析：{zh}", what.0),
                    format!("{} `{shown}` does not parse: {en}", what.1),
                )),
            }
        }
    })?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let value = compiled.eval(row_context(row)).map_err(|e| {
            let w = where_row(row, many_files);
            let (zh, en) = (jinja::words(&e).0, jinja::message(&e));
            Failure {
                reason: text(
                    format!("{nz}: {}无法按{}计算（请核对这一行的填写）", w.zh, what.0),
                    format!(
                        "{ne}: the {} cannot be evaluated on {} (check what the row says)",
                        what.1, w.en
                    ),
                ),
                detail: Some(text(
                    format!("{} `{shown}` 在{}出错：{zh}", what.0, w.zh),
                    format!("{} `{shown}` failed on {}: {en}", what.1, w.en),
                )),
            }
        })?;
        out.push(value.is_true());
    }
    Ok(out)
}

/// "第 4、6、9 行" / "rows 4, 6, 9" (with " 等" / ", …" past [`SHOW_ROWS`]).
fn row_list(rows: &[&Where]) -> (String, String) {
    let more = rows.len() > SHOW_ROWS;
    let shown = &rows[..rows.len().min(SHOW_ROWS)];
    let lines: Option<Vec<String>> = shown
        .iter()
        .map(|w| w.line.map(|l| l.to_string()))
        .collect();
    if let Some(lines) = lines {
        return (
            format!(
                "第 {}{} 行",
                lines.join("、"),
                if more { " 等" } else { "" }
            ),
            format!(
                "{} {}{}",
                if lines.len() == 1 { "row" } else { "rows" },
                lines.join(", "),
                if more { ", …" } else { "" }
            ),
        );
    }
    let zh: Vec<&str> = shown.iter().map(|w| w.zh.as_str()).collect();
    let en: Vec<&str> = shown.iter().map(|w| w.en.as_str()).collect();
    (
        format!("{}{}", zh.join("、"), if more { " 等" } else { "" }),
        format!("{}{}", en.join(", "), if more { ", …" } else { "" }),
    )
}

pub fn run(ctx: &Ctx, c: &RecordsCheck) -> CheckOutcome {
    let mut o = outcome("records", &c.label, &c.label_en);
    let n = describe::register_name(&c.label, &c.label_en, &c.file);
    let (nz, ne) = (n.zh.as_str(), n.en.as_str());
    o.detail.push(text(
        format!("台账位置：`{}`", c.file),
        format!("register location: `{}`", c.file),
    ));
    if let Some(sheet) = &c.sheet {
        o.detail.push(text(
            format!("工作表或数据路径：`{sheet}`"),
            format!("sheet or data path: `{sheet}`"),
        ));
    }
    if let Some(filter) = &c.filter {
        o.detail.push(text(
            format!("筛选条件：`{}`", jinja::shown(filter)),
            format!("filter: `{}`", jinja::shown(filter)),
        ));
    }
    if let Some(when) = c.ratio.as_ref().and_then(|r| r.when.as_ref()) {
        o.detail.push(text(
            format!("比例条件：`{}`", jinja::shown(when)),
            format!("ratio condition: `{}`", jinja::shown(when)),
        ));
    }
    let matched = match ctx.matches(&c.file, &n) {
        Ok(m) => m,
        Err(reason) => return errored(o, reason),
    };
    if matched.is_empty() {
        o.reasons.push(text(
            format!("{nz}: 未找到台账文件"),
            format!("{ne}: no register file found"),
        ));
        let place = describe::register_place(&c.file);
        o.shortfall.push(text(
            format!(
                "缺少{}：请补上{}",
                describe::pad(nz),
                describe::pad(&place.zh)
            ),
            format!(
                "{ne} is missing: add it ({} {})",
                crate::words::article(&place.en),
                place.en
            ),
        ));
        return o;
    }
    if let Some(reason) = ctx.twins(&matched, &n) {
        return errored(o, reason);
    }
    let need = needed_columns(c);
    let mut tables = Vec::new();
    for path in &matched {
        match ctx.table(path, c.sheet.as_deref(), &need) {
            Ok(t) => {
                if let Some(layout) = &t.layout {
                    o.detail.push(if matched.len() > 1 {
                        text(
                            format!("{path}：{}", layout.zh),
                            format!("{path}: {}", layout.en),
                        )
                    } else {
                        layout.clone()
                    });
                }
                tables.push(t)
            }
            Err(e) => return errored(o, read_failure(&e)),
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
    // A register kept to an older form lacks columns a rule now reads: say in one line exactly
    // which columns to add, rather than fail on the first row or count a filter that finds nothing.
    let absent: Vec<String> = read_columns(c)
        .into_iter()
        .filter(|col| !has(col))
        .collect();
    if !absent.is_empty() && !columns.is_empty() {
        for col in &absent {
            o.reasons.push(missing_column(&n, col));
        }
        let quoted: Vec<String> = absent.iter().map(|c| format!("“{c}”")).collect();
        let file: Vec<&str> = matched
            .iter()
            .map(|p| p.rsplit('/').next().unwrap_or(p))
            .collect();
        let (fz, fe) = (file.join("”“"), file.join("”, “"));
        o.shortfall.push(if absent.len() == 1 {
            text(
                format!("{nz}：“{fz}”缺少{}列，请在表头补上这一列，并逐行填写", quoted.concat()),
                format!("{ne}: “{fe}” has no column {}: add it to the header and fill it in on every row", quoted.concat()),
            )
        } else {
            text(
                format!("{nz}：“{fz}”缺少{}列，请在表头补上这 {} 列，并逐行填写", quoted.concat(), absent.len()),
                format!("{ne}: “{fe}” lacks the columns {}: add them to the header and fill them in on every row", quoted.join(", ")),
            )
        });
        return o;
    }
    let mut rows: Vec<&Row> = tables.iter().flat_map(|t| t.rows.iter()).collect();
    let total = rows.len();
    let mut notes: Vec<Text> = Vec::new();
    let mut dropped_notes: Vec<Text> = Vec::new();
    let (pz, pe) = describe::period_words(&ctx.pack.period.label);

    if let Some(filter) = &c.filter {
        match eval_rows(&n, ("筛选条件", "filter"), filter, &rows, many_files) {
            Ok(keep) => {
                let mut it = keep.into_iter();
                rows.retain(|_| it.next().unwrap_or(false));
                notes.push(text(
                    format!("{nz}: 共 {total} 行，其中符合条件的 {} 行", rows.len()),
                    format!(
                        "{ne}: {} of {} meet the condition",
                        rows.len(),
                        words::count(total, "row")
                    ),
                ));
            }
            Err(reason) => return errored(o, reason),
        }
    }

    let mut credits: Vec<f64> = Vec::new();
    // rows dated after the period's end by its grace (or its last period's due days) count too
    let window = periods::Window::of_check(
        ctx.review,
        c.grace_days,
        c.periods.as_ref().and_then(|p| p.report_due_days),
    );
    if let Some(col) = &c.date_column {
        if !has(col) {
            credits.push(0.0);
            notes.push(missing_column(&n, col));
            o.shortfall.push(add_column(col));
            rows.clear();
        } else {
            let before = rows.len();
            let mut undated: Vec<Where> = Vec::new();
            let mut outside_rows: Vec<Where> = Vec::new();
            rows.retain(|r| {
                match r
                    .cells
                    .get(col.as_str())
                    .map(cell_str)
                    .and_then(|s| date_in_register(&s, ctx.review.from, ctx.review.to))
                {
                    Some(d) => {
                        let inside = window.contains(d.date);
                        if !inside {
                            outside_rows.push(where_row(r, many_files));
                        }
                        inside
                    }
                    None => {
                        undated.push(where_row(r, many_files));
                        false
                    }
                }
            });
            let outside = outside_rows.len();
            debug_assert_eq!(before, rows.len() + undated.len() + outside);
            if !undated.is_empty() {
                let k = undated.len();
                let (lz, le) = row_list(&undated.iter().collect::<Vec<_>>());
                notes.push(text(
                    format!("{nz}: {k} 行的“{col}”没有可识别的日期，不计"),
                    format!(
                        "{ne}: {} no readable date in “{col}”; not counted",
                        match k {
                            1 => "1 row has".to_owned(),
                            k => format!("{k} rows have"),
                        }
                    ),
                ));
                dropped_notes.push(text(
                    format!("{k} 行的“{col}”没有可识别的日期，不计：{lz}（请写成 2025-03-15 这样的日期）"),
                    format!("not counted, no readable date in “{col}”: {le} (write a date like 2025-03-15)"),
                ));
            }
            if outside > 0 {
                let (lz, le) = row_list(&outside_rows.iter().collect::<Vec<_>>());
                let (wz, we) = window.within_words(&ctx.pack.period.label);
                let (gz, ge) = window.grace_note();
                notes.push(text(
                    format!("{nz}: {outside} 行的日期不在{wz}，不计"),
                    format!(
                        "{ne}: {} dated outside {we}; not counted",
                        words::count(outside, "row")
                    ),
                ));
                dropped_notes.push(text(
                    format!("有 {outside} 行日期不在 {pz}{gz}，不计：{lz}"),
                    format!("not counted, dated outside {pe}{ge}: {le}"),
                ));
            }
        }
    }

    // count rule: an empty register is no evidence (无台账视同未开展), so `min` defaults to 1
    let count = rows.len();
    let min = c.min.unwrap_or(1);
    let count_c = count_credit(count, min);
    credits.push(count_c);
    let kind_zh = if c.filter.is_some() {
        "符合条件的"
    } else {
        ""
    };
    let kind_en = if c.filter.is_some() { " matching" } else { "" };
    o.reasons.push(if count_c >= 1.0 {
        text(
            format!("{nz}: {count} 行记录"),
            format!("{ne}: {}", words::count(count, "row")),
        )
    } else {
        text(
            format!("{nz}: {count} 行记录，至少需要 {min} 行"),
            format!(
                "{ne}: {}; at least {min} needed",
                words::count(count, "row")
            ),
        )
    });
    if count_c < 1.0 {
        let k = min as usize - count;
        let dated_zh = c
            .date_column
            .as_ref()
            .map(|col| format!("，“{col}”在 {pz}"))
            .unwrap_or_default();
        let dated_en = c
            .date_column
            .as_ref()
            .map(|col| format!(", “{col}” in {pe}"))
            .unwrap_or_default();
        o.shortfall.push(text(
            format!("{nz}还差 {k} 行{kind_zh}记录（至少 {min} 行{dated_zh}）"),
            format!(
                "{ne}: {k} more{kind_en} {} needed (at least {min}{dated_en})",
                words::noun(k, "row")
            ),
        ));
    }
    if let Some(max) = c.max {
        if count > max as usize {
            credits.push(0.0);
            o.reasons.push(text(
                format!("{nz}: {count} 行，超过上限 {max} 行"),
                format!(
                    "{ne}: {}, more than the maximum of {max}",
                    words::count(count, "row")
                ),
            ));
            o.shortfall.push(text(
                format!("{nz}有 {count} 行，超过上限 {max} 行：只保留应当记录的行"),
                format!(
                    "{ne} has {}, more than the maximum of {max}: keep only the rows that belong",
                    words::count(count, "row")
                ),
            ));
        }
    }

    if !c.required.is_empty() {
        let absent: Vec<&String> = c.required.iter().filter(|col| !has(col)).collect();
        if !absent.is_empty() {
            credits.push(0.0);
            for col in absent {
                o.reasons.push(missing_column(&n, col));
                o.shortfall.push(add_column(col));
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
                    format!("{nz}: 必填列（{}）均已填写", c.required.join("、")),
                    format!(
                        "{ne}: required columns ({}) filled in every row",
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
                        "{nz}: {complete}/{} 行填写完整；不完整：{}{}",
                        rows.len(),
                        zh.join("、"),
                        if more { " 等" } else { "" }
                    ),
                    format!(
                        "{ne}: {complete} of {} rows complete; incomplete: {}{}",
                        rows.len(),
                        en.join(", "),
                        if more { ", …" } else { "" }
                    ),
                ));
                // one shortfall per column: "3 行缺“责任人”：第 4、6、9 行"
                for col in &c.required {
                    let at: Vec<&Where> = incomplete
                        .iter()
                        .filter(|(_, m)| m.contains(&col.as_str()))
                        .map(|(w, _)| w)
                        .collect();
                    if at.is_empty() {
                        continue;
                    }
                    let (lz, le) = row_list(&at);
                    o.shortfall.push(text(
                        format!("{} 行缺“{col}”：{lz}", at.len()),
                        format!("“{col}” is empty on {le}"),
                    ));
                }
            }
        }
    }

    if let Some(rule) = &c.periods {
        if !has(&rule.column) {
            credits.push(0.0);
            o.reasons.push(missing_column(&n, &rule.column));
            o.shortfall.push(add_column(&rule.column));
        } else {
            let dates = rows.iter().filter_map(|r| {
                r.cells
                    .get(rule.column.as_str())
                    .map(cell_str)
                    .and_then(|s| date_in_register(&s, ctx.review.from, ctx.review.to))
                    .map(|f| f.date)
            });
            let cov = periods::coverage(
                rule.per,
                rule.min,
                rule.report_due_days.unwrap_or(0),
                dates,
                window,
            );
            credits.push(cov.credit);
            o.periods = Some(cov.periods);
            o.reasons.push(text(
                format!("{nz}: {}", cov.zh),
                format!("{ne}: {}", cov.en),
            ));
            if cov.credit < 1.0 {
                o.shortfall.push(text(
                    format!("{nz}{}的记录", cov.short_zh),
                    format!("{ne}: {}", cov.short_en),
                ));
            }
        }
    }

    if let Some(rule) = &c.distinct {
        if !has(&rule.column) {
            credits.push(0.0);
            o.reasons.push(missing_column(&n, &rule.column));
            o.shortfall.push(add_column(&rule.column));
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
                    format!("{nz}: “{col}”有 {} 种不同的值，需要 {min} 种", values.len()),
                    format!(
                        "{ne}: {} of “{col}”; {min} needed",
                        words::count(values.len(), "different value")
                    ),
                ));
                if cr < 1.0 {
                    let k = min as usize - values.len();
                    o.shortfall.push(text(
                        format!(
                            "“{col}”还差 {k} 种不同的值（已有 {}，需要 {min} 种）",
                            values.len()
                        ),
                        format!(
                            "{k} more different {} of “{col}” needed ({} so far, {min} needed)",
                            words::noun(k, "value"),
                            values.len()
                        ),
                    ));
                }
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
                        format!("{nz}: “{col}”的 {} 个值均已出现", rule.values.len()),
                        format!("{ne}: all {} values of “{col}” present", rule.values.len()),
                    )
                } else {
                    text(
                        format!(
                            "{nz}: “{col}”已有 {present}/{} 个值，缺 {}",
                            rule.values.len(),
                            missing.join("、")
                        ),
                        format!(
                            "{ne}: {present} of {} values of “{col}” present; missing {}",
                            rule.values.len(),
                            missing.join(", ")
                        ),
                    )
                });
                if !missing.is_empty() {
                    o.shortfall.push(text(
                        format!("“{col}”还缺：{}", missing.join("、")),
                        format!("“{col}” still lacks: {}", missing.join(", ")),
                    ));
                }
            }
        }
    }

    if let Some(rule) = &c.sum {
        if !has(&rule.column) {
            credits.push(0.0);
            o.reasons.push(missing_column(&n, &rule.column));
            o.shortfall.push(add_column(&rule.column));
        } else {
            match sum_column(&n, &rule.column, &rows) {
                Err(reason) => return errored(o, reason),
                Ok(total) => {
                    let cr = scale(total, rule.floor, rule.min);
                    credits.push(cr);
                    let col = &rule.column;
                    o.reasons.push(text(
                        format!(
                            "{nz}: “{col}”合计 {}，需要不少于 {}{}",
                            fmt_num(total),
                            fmt_num(rule.min),
                            floor_zh(rule.floor, fmt_num)
                        ),
                        format!(
                            "{ne}: “{col}” adds up to {}; at least {} needed{}",
                            fmt_num(total),
                            fmt_num(rule.min),
                            floor_en(rule.floor, fmt_num)
                        ),
                    ));
                    if cr < 1.0 {
                        o.shortfall.push(text(
                            format!(
                                "“{col}”合计 {}，还差 {} 才到 {}",
                                fmt_num(total),
                                fmt_num(settle(rule.min - total)),
                                fmt_num(rule.min)
                            ),
                            format!(
                                "“{col}” adds up to {}, {} short of {}",
                                fmt_num(total),
                                fmt_num(settle(rule.min - total)),
                                fmt_num(rule.min)
                            ),
                        ));
                    }
                }
            }
        }
    }

    if let Some(rule) = &c.ratio {
        let lead = match (c.describe.as_deref(), c.describe_en.as_deref()) {
            (Some(zh), en) if !zh.trim().is_empty() => text(
                zh.trim(),
                en.map(str::trim)
                    .filter(|e| !e.is_empty())
                    .unwrap_or(zh.trim()),
            ),
            _ => n.clone(),
        };
        match ratio(&n, &lead, rule, &rows, &has, many_files) {
            Err(reason) => return errored(o, reason),
            Ok((cr, reason, short)) => {
                credits.push(cr);
                o.reasons.push(reason);
                if cr < 1.0 {
                    o.shortfall.extend(short);
                }
            }
        }
    }

    o.reasons.extend(notes);
    o.credit = credits.iter().copied().fold(1.0, f64::min);
    if o.credit < 1.0 {
        o.shortfall.extend(dropped_notes);
    }
    if o.credit > 0.0 {
        o.evidence = matched.iter().map(|p| ctx.evidence(p)).collect();
    }
    o
}

/// The columns a records check reads, sorted: required, date and rule columns, and the names
/// its filter and ratio condition use. They find the register's header row.
pub fn needed_columns(c: &RecordsCheck) -> Vec<String> {
    let mut need: std::collections::BTreeSet<String> = c.required.iter().cloned().collect();
    need.extend(c.date_column.iter().cloned());
    need.extend(c.periods.iter().map(|p| p.column.clone()));
    need.extend(c.distinct.iter().map(|d| d.column.clone()));
    need.extend(c.sum.iter().map(|s| s.column.clone()));
    if let Some(r) = &c.ratio {
        need.extend(r.numerator_column.iter().cloned());
        need.extend(r.denominator_column.iter().cloned());
    }
    let env = jinja::environment();
    for expr in c
        .filter
        .iter()
        .chain(c.ratio.as_ref().and_then(|r| r.when.as_ref()))
    {
        if let Ok(compiled) = jinja::compile(&env, expr) {
            need.extend(
                compiled
                    .undeclared_variables(false)
                    .into_iter()
                    .filter(|v| v != "row"),
            );
        }
    }
    need.into_iter()
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .collect()
}

fn missing_column(n: &Text, col: &str) -> Text {
    text(
        format!("{}: 表中没有“{col}”列", n.zh),
        format!("{}: the register has no column “{col}”", n.en),
    )
}

fn add_column(col: &str) -> Text {
    text(
        format!("台账缺少“{col}”列：请补上该列并逐行填写"),
        format!("the register has no column “{col}”: add it and fill it in on every row"),
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

fn sum_column(n: &Text, col: &str, rows: &[&Row]) -> Result<f64, Text> {
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
                        format!("{}: {}的“{col}”不是数字：“{s}”", n.zh, w.zh),
                        format!("{}: “{col}” on {} is not a number: “{s}”", n.en, w.en),
                    ));
                }
            }
        }
    }
    Ok(settle(total))
}

/// A ratio rule's credit, its finding and its shortfall.
/// `lead` opens the shortfall: the check's describe when the standard gives one (it says what
/// the condition is), else the register's name.
fn ratio(
    n: &Text,
    lead: &Text,
    rule: &RatioRule,
    rows: &[&Row],
    has: &dyn Fn(&str) -> bool,
    many_files: bool,
) -> Result<(f64, Text, Vec<Text>), Failure> {
    let (nz, ne) = (n.zh.as_str(), n.en.as_str());
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
            "符合条件的行".to_owned(),
            "rows meeting the condition".to_owned(),
        )
    } else {
        match (&rule.numerator_column, &rule.denominator_column) {
            (Some(nc), Some(dc)) => {
                for col in [nc, dc] {
                    if !has(col) {
                        return Ok((0.0, missing_column(n, col), vec![add_column(col)]));
                    }
                }
                let num = sum_column(n, nc, rows)?;
                let den = sum_column(n, dc, rows)?;
                (
                    num,
                    den,
                    format!("“{nc}”合计 / “{dc}”合计"),
                    format!("sum of “{nc}” / sum of “{dc}”"),
                )
            }
            _ => return Err(Failure {
                reason: text(
                    format!("{nz}: 标准中的比例规则不完整，无法计算"),
                    format!("{ne}: the standard's ratio rule is incomplete; not evaluated"),
                ),
                detail: Some(text(
                    "比例规则需要 `when`，或同时给出 `numerator_column` 与 `denominator_column`",
                    "a ratio needs `when`, or both `numerator_column` and `denominator_column`",
                )),
            }),
        }
    };
    if den <= 0.0 {
        return Ok((
            0.0,
            text(
                format!("{nz}: 分母为 0，比例无法计算（{zh_what}）"),
                format!("{ne}: the denominator is 0; no ratio ({en_what})"),
            ),
            vec![text(
                format!("{nz}没有可计算比例的记录：请补上记录"),
                format!("{ne} has nothing to compute the ratio on: add the records"),
            )],
        ));
    }
    let r = settle(num / den);
    let credit = scale(r, rule.floor, rule.target);
    let gap = ((rule.target - r) * 1000.0).round() / 10.0;
    Ok((
        credit,
        text(
            format!(
                "{nz}: {zh_what} {}/{} = {}，目标不低于 {target}",
                fmt_num(num),
                fmt_num(den),
                pct(r)
            ),
            format!(
                "{ne}: {en_what} {}/{} = {}; target at least {target_en}",
                fmt_num(num),
                fmt_num(den),
                pct(r)
            ),
        ),
        vec![text(
            format!(
                "{}：{}占 {}，还差 {} 个百分点才到 {}",
                lead.zh,
                zh_what,
                pct(r),
                fmt_num(gap),
                pct(rule.target)
            ),
            format!(
                "{}: {} ({en_what}), {} percentage points short of {}",
                lead.en,
                pct(r),
                fmt_num(gap),
                pct(rule.target)
            ),
        )],
    ))
}
