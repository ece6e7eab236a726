//! The year's task list (任务清单): what the community planned in Q1, item by item.
//!
//! A report sets it beside what the evaluation found (plan vs actual) and takes each rectification
//! item's owner and deadline from it. Officers keep it in whatever they keep lists in — a
//! spreadsheet most often — so it is read from xlsx, csv, yaml or json, with Chinese or English
//! column names. Nothing here is scored: a bad plan file stops the report (exit 2) with the file
//! and row named, because a report with a silently half-read plan would mislead.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

/// The task list: every task, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub tasks: Vec<Task>,
}

/// One planned task.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Task {
    /// 任务: what is to be done.
    pub task: String,
    /// 对应条目: the id of the leaf item it serves (may be empty).
    pub item: String,
    /// 责任人
    pub owner: String,
    /// 完成时限, as written (normally YYYY-MM-DD).
    pub deadline: String,
    /// 完成情况, as the officer wrote it.
    pub status: String,
}

/// Accepted column names, per field. Matching ignores case and surrounding spaces.
const COLUMNS: [(&str, &[&str]); 5] = [
    ("task", &["任务", "任务名称", "工作任务", "task", "name"]),
    (
        "item",
        &[
            "对应条目",
            "条目",
            "条目编号",
            "对应标准",
            "item",
            "item_id",
        ],
    ),
    ("owner", &["责任人", "负责人", "owner", "responsible"]),
    (
        "deadline",
        &["完成时限", "时限", "截止日期", "deadline", "due"],
    ),
    ("status", &["完成情况", "状态", "status", "progress"]),
];

impl Plan {
    /// Reads a task list by its extension: `.xlsx`/`.xls`/`.ods`, `.csv`, `.yaml`/`.yml`, `.json`.
    pub fn read(path: &Path) -> Result<Plan, String> {
        let shown = path.display();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let rows = match ext.as_str() {
            "xlsx" | "xlsm" | "xls" | "ods" => read_sheet(path)?,
            "csv" => {
                let bytes = std::fs::read(path).map_err(|e| format!("`{shown}`: {e}"))?;
                read_csv(&bytes).map_err(|e| format!("`{shown}`: {e}"))?
            }
            "yaml" | "yml" | "json" => {
                let text = std::fs::read_to_string(path).map_err(|e| format!("`{shown}`: {e}"))?;
                let value: serde_json::Value = if ext == "json" {
                    serde_json::from_str(&text).map_err(|e| format!("`{shown}`: {e}"))?
                } else {
                    serde_saphyr::from_str(&text).map_err(|e| format!("`{shown}`: {e}"))?
                };
                read_value(value).map_err(|e| format!("`{shown}`: {e}"))?
            }
            _ => {
                return Err(format!(
                    "`{shown}`: a task list must be .xlsx, .csv, .yaml or .json"
                ))
            }
        };
        Plan::from_rows(rows).map_err(|e| format!("`{shown}`: {e}"))
    }

    /// Builds the plan from rows of (column name → cell text); row numbers in errors are 1-based
    /// data rows.
    fn from_rows(rows: Vec<BTreeMap<String, String>>) -> Result<Plan, String> {
        let mut tasks = Vec::with_capacity(rows.len());
        for (index, row) in rows.into_iter().enumerate() {
            let mut fields: BTreeMap<&str, String> = BTreeMap::new();
            for (column, value) in row {
                let key = column.trim().to_lowercase();
                match COLUMNS
                    .iter()
                    .find(|(_, names)| names.iter().any(|n| n.to_lowercase() == key))
                {
                    Some((field, _)) => {
                        fields.insert(field, value.trim().to_owned());
                    }
                    // Extra columns (备注, 序号 …) are the officer's business.
                    None => continue,
                }
            }
            if fields.values().all(|v| v.is_empty()) {
                continue;
            }
            let mut take = |k: &str| fields.remove(k).unwrap_or_default();
            let task = Task {
                task: take("task"),
                item: take("item"),
                owner: take("owner"),
                deadline: take("deadline"),
                status: take("status"),
            };
            if task.task.is_empty() && task.item.is_empty() {
                return Err(format!(
                    "task {} names neither a task (`任务`) nor an item (`对应条目`)",
                    index + 1
                ));
            }
            tasks.push(task);
        }
        Ok(Plan { tasks })
    }

    /// The tasks that serve an item.
    pub fn tasks_for<'a>(&'a self, item: &'a str) -> impl Iterator<Item = &'a Task> + 'a {
        self.tasks.iter().filter(move |t| t.item == item)
    }
}

fn read_csv(bytes: &[u8]) -> Result<Vec<BTreeMap<String, String>>, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_owned(),
        // Excel on Chinese Windows saves csv as GBK.
        Err(_) => encoding_rs::GBK.decode(bytes).0.into_owned(),
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        rows.push(
            headers
                .iter()
                .zip(record.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect(),
        );
    }
    Ok(rows)
}

fn read_sheet(path: &Path) -> Result<Vec<BTreeMap<String, String>>, String> {
    use calamine::{open_workbook_auto, Reader};
    let shown = path.display();
    let mut book = open_workbook_auto(path).map_err(|e| format!("`{shown}`: {e}"))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| format!("`{shown}`: the workbook has no sheet"))?
        .map_err(|e| format!("`{shown}`: {e}"))?;
    let mut rows = range.rows();
    let headers: Vec<String> = match rows.next() {
        Some(r) => r.iter().map(cell_text).collect(),
        None => return Ok(Vec::new()),
    };
    Ok(rows
        .map(|r| {
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.clone(), cell_text(v)))
                .collect()
        })
        .collect())
}

/// A cell as text; dates become YYYY-MM-DD, whole numbers lose their `.0`.
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => excel_date(d.as_f64()).unwrap_or_else(|| number_text(d.as_f64())),
        Data::Error(e) => e.to_string(),
    }
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// An Excel serial date (days since 1899-12-30) as YYYY-MM-DD.
fn excel_date(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let base = jiff::civil::date(1899, 12, 30);
    let date = base
        .checked_add(jiff::Span::new().days(serial.floor() as i64))
        .ok()?;
    Some(date.to_string())
}

/// A yaml/json task list: a list of tasks, or `{tasks: [...]}`.
fn read_value(value: serde_json::Value) -> Result<Vec<BTreeMap<String, String>>, String> {
    use serde_json::Value;
    let list = match value {
        Value::Array(list) => list,
        Value::Object(mut map) => match map.remove("tasks").or_else(|| map.remove("任务清单")) {
            Some(Value::Array(list)) => list,
            _ => return Err("expected a list of tasks, or `tasks:` with a list".to_owned()),
        },
        Value::Null => Vec::new(),
        _ => return Err("expected a list of tasks, or `tasks:` with a list".to_owned()),
    };
    list.into_iter()
        .enumerate()
        .map(|(i, entry)| match entry {
            Value::Object(map) => Ok(map
                .into_iter()
                .map(|(k, v)| {
                    let text = match v {
                        Value::String(s) => s,
                        Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    (k, text)
                })
                .collect()),
            _ => Err(format!("task {} is not a mapping", i + 1)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_and_chinese_headers() {
        let rows = read_csv("\u{feff}任务,对应条目,责任人,完成时限,完成情况,备注\n成立领导小组,A1.1,王芳,2025-03-31,已完成,\n".as_bytes()).unwrap_or_default();
        let plan = Plan::from_rows(rows).unwrap_or_default();
        assert_eq!(plan.tasks.len(), 1);
        assert_eq!(plan.tasks[0].item, "A1.1");
        assert_eq!(plan.tasks[0].owner, "王芳");
    }

    #[test]
    fn excel_serial_dates() {
        assert_eq!(excel_date(45747.0).as_deref(), Some("2025-03-31"));
    }

    #[test]
    fn yaml_object_with_tasks() {
        let value: serde_json::Value = serde_saphyr::from_str(
            "tasks:\n  - task: 写方案\n    item: A2.1\n    deadline: 2025-03-31\n",
        )
        .unwrap_or_default();
        let plan = Plan::from_rows(read_value(value).unwrap_or_default()).unwrap_or_default();
        assert_eq!(plan.tasks[0].deadline, "2025-03-31");
    }
}
