//! Every format from the shared fixture: snapshots (md, csv), the xlsx read back, HTML escaping,
//! reproducible bytes, and the refusals (unknown schema, xlsx to a terminal, writing into a pack).

use calamine::{open_workbook_auto, Data, Reader};
use changai::cli::Exit;

use super::{fixture, ok, report, text};

/// Snapshots live in tests/snapshots/, beside the other commands' snapshots.
macro_rules! snapshot {
    ($value:expr) => {
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => true }, {
            insta::assert_snapshot!($value);
        })
    };
}

#[test]
fn md_zh_with_plan() {
    let md = text(&[
        "report",
        &fixture("results.json"),
        "--plan",
        &fixture("plan.csv"),
    ]);
    snapshot!(md);
}

#[test]
fn md_year_over_year() {
    let md = text(&[
        "report",
        &fixture("results.json"),
        "--previous",
        &fixture("previous.json"),
        "--plan",
        &fixture("plan.csv"),
    ]);
    snapshot!(md);
}

#[test]
fn md_en() {
    let md = text(&[
        "--lang",
        "en",
        "report",
        &fixture("results.json"),
        "--previous",
        &fixture("previous.json"),
        "--plan",
        &fixture("plan.csv"),
    ]);
    snapshot!(md);
}

#[test]
fn csv_score_sheet() {
    let bytes = ok(&["report", &fixture("results.json"), "--format", "csv"]);
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "csv starts with a UTF-8 BOM"
    );
    let csv = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(csv.contains("\r\n"), "CRLF line ends");
    snapshot!(csv);
}

#[test]
fn csv_en() {
    let bytes = ok(&[
        "--lang",
        "en",
        "report",
        &fixture("results.json"),
        "--format",
        "csv",
    ]);
    let csv = String::from_utf8(bytes[3..].to_vec()).unwrap();
    snapshot!(csv);
}

#[test]
fn json_is_the_versioned_context() {
    let bytes = ok(&["report", &fixture("results.json"), "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(value["context_version"], 1);
    assert_eq!(value["cover"]["date"], "2025-12-31");
    assert_eq!(value["score"]["total_text"], "7");
    assert_eq!(value["rectification"].as_array().map(Vec::len), Some(3));
    assert!(value["plan"].is_null());
}

pub fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

/// The 评分表 sheet of a score sheet written by `report --format xlsx`, read back.
pub fn score_sheet(path: &std::path::Path) -> calamine::Range<Data> {
    let mut book = open_workbook_auto(path).unwrap();
    book.worksheet_range("评分表").unwrap()
}

#[test]
fn xlsx_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("评分表.xlsx");
    ok(&[
        "report",
        &fixture("results.json"),
        "--plan",
        &fixture("plan.csv"),
        "--output",
        &path.to_string_lossy(),
    ]);
    let mut book = open_workbook_auto(&path).unwrap();
    assert_eq!(book.sheet_names(), vec!["评分表", "整改清单"]);

    let sheet = book.worksheet_range("评分表").unwrap();
    let header: Vec<String> = (0..14).map(|c| cell(&sheet, 0, c).to_string()).collect();
    assert_eq!(
        header,
        [
            "序号",
            "一级标准",
            "二级标准",
            "条目",
            "应得分",
            "自评分",
            "复评分",
            "计分",
            "状态",
            "核心项",
            "说明",
            "证据",
            "所属",
            "层级"
        ]
    );
    // Row 2 (A1.2, partial).
    assert_eq!(cell(&sheet, 2, 0), Data::Float(2.0));
    assert_eq!(cell(&sheet, 2, 1), Data::String("组织领导".into()));
    assert_eq!(cell(&sheet, 2, 2), Data::String("领导机构".into()));
    assert_eq!(
        cell(&sheet, 2, 3),
        Data::String("A1.2 党建引领、协同推进机制".into())
    );
    assert_eq!(cell(&sheet, 2, 4), Data::Float(2.0));
    assert_eq!(cell(&sheet, 2, 5), Data::Float(1.0));
    assert_eq!(cell(&sheet, 2, 6), Data::Empty);
    assert_eq!(cell(&sheet, 2, 7), Data::Float(1.0));
    assert_eq!(cell(&sheet, 2, 8), Data::String("部分完成".into()));
    assert_eq!(cell(&sheet, 2, 12), Data::String("A › A1".into()));
    assert_eq!(cell(&sheet, 2, 13), Data::String("三级标准".into()));
    // Totals: cached values a non-recalculating reader sees, and the formulas behind them (the
    // score sheet's own tests, tests/score_sheet.rs, check them against the engine).
    let total = (0..sheet.height() as u32)
        .find(|&r| cell(&sheet, r, 1) == Data::String("合计".into()))
        .unwrap();
    let formulas = book.worksheet_formula("评分表").unwrap();
    let formula = |row: u32, col: u32| formulas.get_value((row, col)).cloned().unwrap_or_default();
    let shown: Vec<(Data, String)> = [4, 5, 7]
        .iter()
        .map(|&c| (cell(&sheet, total, c), formula(total, c)))
        .collect();
    // The fixture is hand-written (its waived item keeps a self-score of 2): the sheet counts the
    // points of the items that count (8) and their 计分 (3), whatever the fixture's headline says.
    let sum = |cached: f64, formula: &str| (Data::Float(cached), formula.to_owned());
    assert_eq!(
        shown,
        vec![sum(8.0, "E8+E12"), sum(5.0, "F8+F12"), sum(3.0, "H8+H12")]
    );

    let rect = book.worksheet_range("整改清单").unwrap();
    assert_eq!(cell(&rect, 0, 0), Data::String("序号".into()));
    assert_eq!(cell(&rect, 1, 1), Data::String("A1.2".into()));
    assert_eq!(cell(&rect, 1, 9), Data::String("张伟".into()));
    assert_eq!(cell(&rect, 1, 10), Data::String("2025-12-15".into()));
    assert_eq!(cell(&rect, 3, 1), Data::String("C1.3".into()));
    // No task for C1.3: a blank to fill in.
    assert!(cell(&rect, 3, 9).to_string().is_empty());
}

#[test]
fn html_escapes_every_pack_string() {
    let dir = tempfile::tempdir().unwrap();
    let (_, html) = super::html_report(dir.path());
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;.pdf"),
        "the evidence name is shown as text"
    );
    assert!(!html.contains("<img"), "no live <img> tag");
    assert!(!html.contains("onerror=alert(1)>"));
    assert!(!html.contains("<script"), "no script at all");
}

#[test]
fn md_escapes_raw_html_from_the_pack() {
    let md = text(&["report", &fixture("results.json")]);
    assert!(md.contains("&lt;img src=x onerror=alert(1)&gt;.pdf"));
    assert!(!md.contains("<img"));
}

#[test]
fn same_input_same_bytes_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["md", "html", "csv", "xlsx", "json"] {
        let mut outputs = Vec::new();
        for run in 0..2 {
            let path = dir.path().join(format!("{run}.{format}"));
            ok(&[
                "report",
                &fixture("results.json"),
                "--previous",
                &fixture("previous.json"),
                "--plan",
                &fixture("plan.csv"),
                "--format",
                format,
                "--output",
                &path.to_string_lossy(),
            ]);
            outputs.push(std::fs::read(&path).unwrap());
        }
        assert!(!outputs[0].is_empty(), "{format} is not empty");
        assert!(outputs[0] == outputs[1], "{format} is reproducible");
    }
}

#[test]
fn unknown_schema_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("results.json");
    let text = std::fs::read_to_string(super::root().join(fixture("results.json"))).unwrap();
    std::fs::write(
        &path,
        text.replacen("\"schema_version\": 1", "\"schema_version\": 99", 1),
    )
    .unwrap();
    let shown = changai::standard::load::display(&path);
    let out = report(&["report", &path.to_string_lossy()]);
    assert_eq!(out.code, Exit::Error);
    assert_eq!(
        out.stderr,
        format!("错误：{shown}：评估结果的版本 schema_version 99 不受支持；本 changai 读取第 1 至 6 版\n")
    );
    let out = report(&["--lang", "en", "report", &path.to_string_lossy()]);
    assert_eq!(
        out.stderr,
        format!("error: {shown}: results schema_version `99` is not supported; this changai reads versions 1 to 6\n")
    );
}

#[test]
fn xlsx_needs_an_output_file() {
    let out = report(&["report", &fixture("results.json"), "--format", "xlsx"]);
    assert_eq!(out.code, Exit::Error);
    assert_eq!(
        out.stderr,
        "错误：`--format xlsx` 需要 `--output FILE`：工作簿不能输出到终端\n"
    );
    assert!(out.stdout.is_empty());
    let out = report(&[
        "--lang",
        "en",
        "report",
        &fixture("results.json"),
        "--format",
        "xlsx",
    ]);
    assert_eq!(
        out.stderr,
        "error: `--format xlsx` needs `--output FILE`: a workbook is not for a terminal\n"
    );
}

#[test]
fn refuses_to_write_into_the_pack() {
    let pack = tempfile::tempdir().unwrap();
    std::fs::write(pack.path().join("pack.yaml"), "community: x\n").unwrap();
    let out_path = pack.path().join("report.md");
    let out = report(&[
        "report",
        &pack.path().to_string_lossy(),
        "--output",
        &out_path.to_string_lossy(),
    ]);
    assert_eq!(out.code, Exit::Error);
    // Evidence folders are never written: there is no flag to allow it.
    assert_eq!(
        out.stderr,
        format!(
            "错误：不能写入 {}：它在证据包 {} 里面，changai 从不改动证据包\n",
            out_path.display(),
            pack.path().display()
        )
    );
    assert!(!out_path.exists());
}

#[test]
fn template_override_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.md");
    std::fs::write(
        &path,
        "{{ cover.community }}|{{ score.grade }}|{{ rectification|length }}|{{ 2.5|num }}\n",
    )
    .unwrap();
    let md = text(&[
        "report",
        &fixture("results.json"),
        "--template",
        &dir.path().to_string_lossy(),
    ]);
    // `|` from the pack is escaped; the template's own text is not.
    assert_eq!(md, "灵峰工业社区|不合格|3|2.5\n");
}

#[test]
fn template_error_names_template_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    std::fs::write(
        &path,
        "<p>ok</p>\n<p>{{ score.total_text | nosuchfilter }}</p>\n",
    )
    .unwrap();
    let out = report(&[
        "report",
        &fixture("results.json"),
        "--format",
        "html",
        "--template",
        &path.to_string_lossy(),
    ]);
    assert_eq!(out.code, Exit::Error);
    assert_eq!(
        out.stderr,
        "错误[template]：模板无法渲染：未知的过滤器\n  --> report.html:2:26\n  |\n2 | <p>{{ score.total_text | nosuchfilter }}</p>\n  |                          ^\n\n"
    );
}

#[test]
fn plan_from_yaml_json_and_xlsx_agrees_with_csv() {
    use changai::render::report::Plan;
    let root = super::root();
    let csv = Plan::read(&root.join(fixture("plan.csv"))).unwrap();
    assert_eq!(csv.tasks.len(), 5);
    assert_eq!(csv.tasks[1].owner, "张伟");

    let dir = tempfile::tempdir().unwrap();
    let yaml = dir.path().join("plan.yaml");
    std::fs::write(
        &yaml,
        "tasks:\n  - 任务: 每半年召开一次党建联席会议\n    对应条目: A1.2\n    责任人: 张伟\n    完成时限: 2025-12-15\n    完成情况: 进行中\n",
    )
    .unwrap();
    assert_eq!(Plan::read(&yaml).unwrap().tasks[0], csv.tasks[1]);

    let json = dir.path().join("plan.json");
    std::fs::write(&json, serde_json::to_string(&csv.tasks).unwrap()).unwrap();
    assert_eq!(Plan::read(&json).unwrap(), csv);

    let xlsx = dir.path().join("plan.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["任务", "对应条目", "责任人", "完成时限", "完成情况"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet
        .write_string(1, 0, "每半年召开一次党建联席会议")
        .unwrap();
    sheet.write_string(1, 1, "A1.2").unwrap();
    sheet.write_string(1, 2, "张伟").unwrap();
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 12, 15).unwrap();
    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .write_datetime_with_format(1, 3, &date, &format)
        .unwrap();
    sheet.write_string(1, 4, "进行中").unwrap();
    book.save(&xlsx).unwrap();
    assert_eq!(Plan::read(&xlsx).unwrap().tasks[0], csv.tasks[1]);
}
