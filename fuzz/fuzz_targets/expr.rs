//! Expression text from arbitrary bytes, three ways:
//!
//! 1. compiled and evaluated by `check::jinja::environment()` (strict, on fuel) against a small
//!    fixed set of variables, including Chinese names and `row["金额(元)"]` lookups;
//! 2. linted as the `expr`, `filter` and `when` of a one-leaf standard (`validate` compiles them);
//! 3. evaluated by the evaluator itself (`pipeline::evaluate`) as an `expr` check, a records
//!    `filter` and a ratio `when`, over a fixed pack in a temporary folder.
#![no_main]

use std::sync::OnceLock;

use changai::evidence::Pack;
use changai::standard::model::{Check, ExprCheck};
use changai::standard::{Loaded, Standard};
use libfuzzer_sys::fuzz_target;

const STANDARD: &str = r#"id: fuzz
version: "1"
title: {zh: 模糊测试, en: Fuzz}
issuer: {zh: 区总工会, en: District union}
levels:
  - {zh: 一级, en: Level 1}
  - {zh: 二级, en: Level 2}
shape: [1, 1]
scoring:
  total: 10
  grades:
    - {id: good, title: {zh: 好, en: Good}, min: 8}
    - {id: fail, title: {zh: 差, en: Fail}, min: 0}
items:
  - id: A
    title: {zh: 甲, en: A}
    items:
      - id: A1
        title: {zh: 甲一, en: A one}
        points: 10
        guidance: 填台账
        checks:
          - expr: {expr: "indicators.a > 1"}
          - records: {file: data/走访台账.csv, filter: "状态 == \"已办结\"", min: 1}
          - records: {file: data/走访台账.csv, ratio: {when: "状态 == \"已办结\"", target: 0.5}}
"#;

const PACK: &str =
    "community: 测试社区\nperiod: 2025\nstandard: {id: fuzz, version: \"1\"}\npreparer: 测试\n";
const INDICATORS: &str = "a: 3\nb: 0.5\nname: 灵峰\nlist: [1, 2, 3]\nnested: {x: {y: 1}}\n";
const REGISTER: &str =
    "日期,企业,状态,金额(元)\n2025-01-02,甲厂,已办结,100\n2025-03-04,乙厂,办理中,\n";

struct Fixed {
    _dir: tempfile::TempDir,
    pack: Pack,
    loaded: Loaded,
    standard: Standard,
    vars: minijinja::Value,
}

fn fixed() -> &'static Fixed {
    static FIXED: OnceLock<Fixed> = OnceLock::new();
    FIXED.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("data")).expect("data folder");
        std::fs::write(dir.path().join("pack.yaml"), PACK).expect("pack.yaml");
        std::fs::write(dir.path().join("data/indicators.yaml"), INDICATORS).expect("indicators");
        std::fs::write(dir.path().join("data/走访台账.csv"), REGISTER).expect("register");
        let pack = Pack::open(dir.path()).expect("the fixed pack opens");
        let loaded = changai::standard::validate(changai::standard::load::load_sources(
            ("fuzz/standard.yaml".to_owned(), STANDARD.to_owned()),
            Vec::new(),
        ));
        let standard = loaded.standard.clone().expect("the fixed standard loads");
        let vars = serde_json::json!({
            "indicators": {"a": 3, "b": 0.5, "name": "灵峰", "list": [1, 2, 3]},
            "状态": "已办结",
            "A岗": "张三",
            "B岗": "李四",
            "金额": 100,
            "row": {"金额(元)": 100, "状态": "已办结", "日期": "2025-01-02"},
            "period": {"from": "2025-01-01", "to": "2025-12-31", "year": 2025, "label": "2025"},
        });
        Fixed {
            _dir: dir,
            pack,
            loaded,
            standard,
            vars: minijinja::Value::from(minijinja::value::Serde(&vars)),
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(expr) = std::str::from_utf8(data) else {
        return;
    };
    let f = fixed();
    // 1. The environment on its own.
    let env = changai::check::jinja::environment();
    if let Ok(compiled) = env.compile_expression(expr) {
        if let Err(e) = compiled.eval(f.vars.clone()) {
            let _ = changai::check::jinja::message(&e);
        }
    }
    // 2. and 3. The same text as every expression of the leaf.
    let mut standard = f.standard.clone();
    let leaf = &mut standard.items[0].items[0];
    for check in &mut leaf.checks {
        match check {
            Check::Expr(c) => c.expr = expr.to_owned(),
            Check::Records(c) => {
                if let Some(filter) = &mut c.filter {
                    *filter = expr.to_owned();
                }
                if let Some(ratio) = &mut c.ratio {
                    ratio.when = Some(expr.to_owned());
                }
            }
            _ => {}
        }
    }
    leaf.checks.push(Check::Expr(ExprCheck {
        label: None,
        label_en: None,
        describe: None,
        describe_en: None,
        expr: format!("data[\"indicators\"].a > 0 and ({expr})"),
        gate: false,
    }));
    let _ = changai::standard::lint::lint(&standard, &f.loaded);
    let _ = changai::pipeline::evaluate(&standard, &f.pack);
});
