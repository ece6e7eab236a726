//! `value`, `expr` and `schema` checks over yaml/json data files.

use changai::outcome::Status;

use super::support::*;

const INDICATORS: &str = "coverage:\n  above_scale: 0.85\nstaff:\n  full_time: 7\narea_m2: 520\nname: 灵峰\nopen: true\n";

#[test]
fn value_met_partial_unmet_and_error() {
    let p = TestPack::new().file("data/indicators.yaml", INDICATORS);
    let ev = p.eval("value: {label: 规上覆盖率, file: data/indicators.yaml, path: coverage.above_scale, op: \">=\", threshold: 0.8}");
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(zh(&ev), ["规上覆盖率为 85%，要求不低于 80%"]);
    assert_eq!(evidence(&ev), ["data/indicators.yaml"]);

    let ev = p.eval("value: {label: 规上覆盖率, file: data/indicators.yaml, path: coverage.above_scale, op: \">\", threshold: 0.9, floor: 0.8}");
    assert_eq!(decided(&ev), (Status::Partial, 0.5));
    assert_eq!(
        en(&ev),
        ["规上覆盖率 is 85%; required above 90% (pro rata from 80%)"]
    );

    let ev = p.eval("value: {label: 面积, file: data/indicators.yaml, path: floor.area, op: \">=\", threshold: 500}");
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    assert_eq!(zh(&ev), ["面积: data/indicators.yaml 中没有填写"]);

    let ev = p.eval(
        "value: {label: 名称, file: data/indicators.yaml, path: name, op: \">=\", threshold: 500}",
    );
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    assert_eq!(
        zh(&ev),
        ["名称: data/indicators.yaml 第 6 行：值是文字，需要数字"]
    );

    let ev = p.eval("value: {file: data/none.yaml, path: x, op: \"==\", threshold: 1}");
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    assert_eq!(zh(&ev), ["标准规定的指标: 未找到数据文件"]);
    assert_eq!(
        item(&ev).shortfall[0].zh,
        "未找到填写标准规定的指标的数据文件：请补上 data 文件夹中名为“none”的 YAML 文件，填写标准规定的指标（要求为 1）"
    );
}

#[test]
fn value_written_as_quoted_text_compares_as_the_number_it_reads() {
    // officers quote numbers in yaml; a register cell `"1,200"` is a number, so is this
    let p = TestPack::new().file(
        "data/indicators.yaml",
        "coverage: \"0.93\"\nstaff: \" 7 \"\narea_m2: \"1,200\"\nname: 灵峰\n",
    );
    for (check, decision) in [
        (
            "path: coverage, op: \">=\", threshold: 0.9",
            (Status::Met, 1.0),
        ),
        (
            "path: coverage, op: \">=\", threshold: 0.95",
            (Status::Unmet, 0.0),
        ),
        (
            "path: coverage, op: \">=\", threshold: 0.95, floor: 0.91",
            (Status::Partial, 0.5),
        ),
        (
            "path: staff, op: between, threshold: [6, 10]",
            (Status::Met, 1.0),
        ),
        ("path: staff, op: \"==\", threshold: 7", (Status::Met, 1.0)),
        ("path: staff, op: in, threshold: [6, 7]", (Status::Met, 1.0)),
        (
            "path: area_m2, op: \">=\", threshold: 1000",
            (Status::Met, 1.0),
        ),
        ("path: name, op: \">=\", threshold: 1", (Status::Error, 0.0)),
        ("path: name, op: \"==\", threshold: 1", (Status::Error, 0.0)),
    ] {
        let ev = p.eval(&format!("value: {{file: data/indicators.yaml, {check}}}"));
        assert_eq!(decided(&ev), decision, "{check}: {:?}", zh(&ev));
    }
    let ev = p.eval("value: {label: 覆盖率, file: data/indicators.yaml, path: coverage, op: \">=\", threshold: 0.9}");
    assert_eq!(zh(&ev), ["覆盖率为 93%，要求不低于 90%"]);
}

#[test]
fn value_between_in_equality_and_bools() {
    let p = TestPack::new().file(
        "data/indicators.json",
        r#"{"staff": {"full_time": 7}, "grade": "A", "open": true}"#,
    );
    for (check, status) in [
        (
            "path: staff.full_time, op: between, threshold: [6, 10]",
            Status::Met,
        ),
        (
            "path: staff.full_time, op: between, threshold: [8, 10]",
            Status::Unmet,
        ),
        ("path: grade, op: in, threshold: [A, B]", Status::Met),
        ("path: grade, op: \"!=\", threshold: A", Status::Unmet),
        ("path: open, op: \"==\", threshold: true", Status::Met),
        (
            "path: staff.full_time, op: \"==\", threshold: 7.0",
            Status::Met,
        ),
        (
            "path: staff.full_time, op: \"<\", threshold: 7",
            Status::Unmet,
        ),
        ("path: open, op: \"==\", threshold: yes-text", Status::Error),
    ] {
        let ev = p.eval(&format!("value: {{file: data/indicators.json, {check}}}"));
        assert_eq!(decided(&ev).0, status, "{check}: {:?}", zh(&ev));
    }
}

#[test]
fn value_in_a_broken_yaml_is_an_error_with_its_line() {
    let p = TestPack::new().file("data/indicators.yaml", "a: 1\nb: [1, 2\n");
    let ev = p.eval("value: {file: data/indicators.yaml, path: a, op: \"==\", threshold: 1}");
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    assert_eq!(ev.problems[0].file, "data/indicators.yaml");
    assert!(ev.problems[0].line.is_some(), "{:?}", ev.problems);
}

#[test]
fn expr_true_false_and_errors() {
    let p = TestPack::new()
        .file(
            "data/indicators.yaml",
            "funds_budget_yuan: 10000\nfunds_spent_yuan: 8000\n覆盖率: 0.95\n",
        )
        .file("data/staff.json", r#"{"full_time": 7}"#);
    let ev = p.eval("expr: {label: 收支相符, expr: \"indicators.funds_budget_yuan > 0 and indicators.funds_spent_yuan <= indicators.funds_budget_yuan\"}");
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(evidence(&ev), ["data/indicators.yaml"]);
    let ev = p.eval("expr: {label: 专职, expr: \"staff.full_time >= 8 and period.year == 2025\"}");
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    assert_eq!(zh(&ev), ["专职: 条件不成立"]);
    let ev = p.eval("expr: {label: 覆盖, expr: \"indicators.覆盖率 >= 0.9 and pack.community == '灵峰工业社区'\"}");
    assert_eq!(decided(&ev), (Status::Met, 1.0), "{:?}", zh(&ev));
    // a data file not kept is missing evidence
    let ev = p.eval("expr: {label: 拼错, expr: \"indicatorz.x > 1\"}");
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    assert_eq!(
        zh(&ev),
        ["拼错: 未找到数据文件 data/indicatorz.yaml（或 .json），条件无法成立"]
    );
    // a key missing inside a file that exists cannot be decided
    let ev = p.eval("expr: {label: 缺键, expr: \"staff.nope.deeper > 1\"}");
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    assert!(
        zh(&ev)[0] == "缺键: 条件无法按现有数据计算（请核对相关数据的填写）"
            && item(&ev).checks[0].detail[1]
                .zh
                .starts_with("表达式 `staff.nope.deeper > 1` 出错"),
        "{:?}",
        zh(&ev)
    );
    let ev = p.eval("expr: {label: 非真假, expr: \"staff.full_time\"}");
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    assert_eq!(zh(&ev), ["非真假: 标准中的条件算不出“是”或“否”，无法判定"]);
    let ev = p.eval("expr: {label: 失控, expr: \"('abcdefghij' * 100000000) | length > 0\"}");
    assert_eq!(decided(&ev), (Status::Error, 0.0), "{:?}", zh(&ev));
}

#[test]
fn schema_met_unmet_with_lines_and_error() {
    let schema = r#"schema: {label: 任务清单格式, file: data/tasks.yaml, schema: {type: array, items: {type: object, required: [task, owner], properties: {owner: {type: string, minLength: 1}}}}}"#;
    let p = TestPack::new().file(
        "data/tasks.yaml",
        "- {task: a, owner: 张三}\n- {task: b, owner: 李四}\n",
    );
    let ev = p.eval(schema);
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    let p = TestPack::new().file(
        "data/tasks.yaml",
        "- task: a\n  owner: 张三\n- task: b\n- task: c\n  owner: \"\"\n",
    );
    let ev = p.eval(schema);
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    assert_eq!(
        zh(&ev)[0],
        "任务清单格式: data/tasks.yaml 有 2 处不符合格式要求"
    );
    // each violation is listed once, as what to fix
    assert_eq!(zh(&ev).len(), 1, "{:?}", zh(&ev));
    let fix: Vec<String> = ev.items[0].checks[0]
        .shortfall
        .iter()
        .map(|t| t.zh.clone())
        .collect();
    assert!(fix[1].starts_with("data/tasks.yaml 第 3 行："), "{fix:?}");
    assert!(fix[2].starts_with("data/tasks.yaml 第 5 行："), "{fix:?}");
    assert_eq!(ev.problems.len(), 2);
    assert_eq!(ev.problems[1].line, Some(5));
    let p = TestPack::new().file("data/tasks.yaml", "- {task: a\n");
    let ev = p.eval(schema);
    assert_eq!(decided(&ev), (Status::Error, 0.0));
}
