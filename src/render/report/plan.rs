//! The year's task list (任务清单): what the community planned in Q1, item by item.
//!
//! A report sets it beside what the evaluation found (plan vs actual) and takes each rectification
//! item's owner and deadline from it. Officers keep it in whatever they keep lists in — a
//! spreadsheet most often — so it is read from xlsx, csv, yaml or json, with Chinese or English
//! column names. Nothing here is scored: a bad plan file stops the report (exit 2) with the file
//! and row named, because a report with a silently half-read plan would mislead.

use std::collections::BTreeMap;
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

/// The task list: every task, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub tasks: Vec<Task>,
}

/// One planned task.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
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
    /// Reads a task list file (outside a pack, as given with `--plan`) through the one bounded
    /// reader, by its extension: `.xlsx`/`.xls`, `.csv`, `.yaml`/`.yml`, `.json`.
    pub fn read(path: &Path) -> Result<Plan, Diagnostic> {
        let shown = crate::standard::load::display(path);
        let read = crate::source::read(path, &shown, crate::source::Limit::PLAN)?;
        Plan::parse(&shown, read.bytes)
    }

    /// A task list from its bytes; `shown` names the file (and decides the format by its
    /// extension). Registers go through the evidence readers, so a task list is held to the
    /// same limits and strictness as any register.
    pub fn parse(shown: &str, bytes: Vec<u8>) -> Result<Plan, Diagnostic> {
        use crate::evidence::read;
        let ext = read::extension(shown);
        let rows = match ext.as_str() {
            "xlsx" | "xlsm" | "xls" | "csv" => {
                let table = read::read_table(shown, bytes, None)?;
                table
                    .rows
                    .into_iter()
                    .map(|row| {
                        row.cells
                            .into_iter()
                            .map(|(k, v)| (k, read::cell_str(&v)))
                            .collect()
                    })
                    .collect()
            }
            "yaml" | "yml" | "json" => {
                let doc = read::read_doc(shown, &bytes)?;
                read_value(doc.value).map_err(|(zh, en)| fault(shown, zh, en))?
            }
            _ => {
                return Err(fault(
                    shown,
                    "任务清单应为 xlsx、xls、csv、yaml 或 json 文件".into(),
                    "a task list is an xlsx, xls, csv, yaml or json file".into(),
                ))
            }
        };
        Plan::from_rows(rows).map_err(|(zh, en)| fault(shown, zh, en))
    }

    /// Builds the plan from rows of (column name → cell text); row numbers in errors are 1-based
    /// data rows.
    fn from_rows(rows: Vec<BTreeMap<String, String>>) -> Result<Plan, (String, String)> {
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
                let n = index + 1;
                return Err((
                    format!("第 {n} 项任务既没有写任务（任务），也没有写对应条目（对应条目）"),
                    format!("task {n} names neither a task (`任务`) nor an item (`对应条目`)"),
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

/// What is wrong with a task list, naming it.
fn fault(shown: &str, zh: String, en: String) -> Diagnostic {
    Diagnostic::error("plan", shown, zh, en)
}

/// A yaml/json task list: a list of tasks, or `{tasks: [...]}`.
fn read_value(value: serde_json::Value) -> Result<Vec<BTreeMap<String, String>>, (String, String)> {
    use serde_json::Value;
    let not_a_list = || {
        (
            "应是任务的列表，或 tasks 下的列表".to_owned(),
            "expected a list of tasks, or `tasks:` with a list".to_owned(),
        )
    };
    let list = match value {
        Value::Array(list) => list,
        Value::Object(mut map) => match map.remove("tasks").or_else(|| map.remove("任务清单")) {
            Some(Value::Array(list)) => list,
            _ => return Err(not_a_list()),
        },
        Value::Null => Vec::new(),
        _ => return Err(not_a_list()),
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
            _ => Err((
                format!("第 {} 项任务不是“键: 值”的映射", i + 1),
                format!("task {} is not a mapping", i + 1),
            )),
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_and_chinese_headers() {
        let bytes = "\u{feff}任务,对应条目,责任人,完成时限,完成情况,备注\n成立领导小组,A1.1,王芳,2025-03-31,已完成,\n";
        let plan = Plan::parse("data/任务清单.csv", bytes.as_bytes().to_vec()).unwrap();
        assert_eq!(plan.tasks.len(), 1);
        assert_eq!(plan.tasks[0].item, "A1.1");
        assert_eq!(plan.tasks[0].owner, "王芳");
    }

    #[test]
    fn other_formats_are_refused_in_plain_words() {
        let e = Plan::parse("plan.txt", b"x".to_vec()).unwrap_err();
        assert_eq!(
            e.line_text(crate::Lang::Zh),
            "plan.txt：任务清单应为 xlsx、xls、csv、yaml 或 json 文件"
        );
        assert_eq!(
            e.line_text(crate::Lang::En),
            "plan.txt: a task list is an xlsx, xls, csv, yaml or json file"
        );
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
