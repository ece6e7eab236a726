//! `records` checks, and the register readers behind them (csv in UTF-8, UTF-8 with BOM and GBK;
//! xlsx with date cells; yaml lists).

use changai::outcome::Status;

use super::support::*;

const VISITS: &str = "日期,企业,规上,问题,状态\n\
2025-01-10,甲厂,是,用工,已办结\n\
2025-04-12,乙厂,是,社保,已办结\n\
2025-07-01,丙厂,否,,在办\n\
2024-12-01,丁厂,是,培训,已办结\n\
,戊厂,是,住房,已办结\n";

#[test]
fn met_register_with_required_columns() {
    let p = TestPack::new().file(
        "data/成员.csv",
        "姓名,职务\n张三,组长\n李四,副组长\n王五,成员\n",
    );
    let ev =
        p.eval("records: {label: 成员名单, file: data/成员.csv, required: [姓名, 职务], min: 3}");
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(
        zh(&ev),
        [
            "成员名单: 3 行记录",
            "成员名单: 必填列（姓名、职务）均已填写"
        ]
    );
    assert_eq!(evidence(&ev), ["data/成员.csv"]);
}

#[test]
fn partial_when_rows_are_incomplete_lists_the_rows() {
    let p = TestPack::new().file(
        "data/任务.csv",
        "任务,责任人,完成时限\n甲,张三,2025-03-01\n乙,,2025-04-01\n丙,李四,\n丁,王五,2025-06-01\n",
    );
    let ev = p.eval("records: {label: 任务清单, file: \"data/任务.{csv,xlsx}\", required: [任务, 责任人, 完成时限]}");
    assert_eq!(decided(&ev), (Status::Partial, 0.5));
    assert_eq!(
        zh(&ev)[1],
        "任务清单: 2/4 行填写完整；不完整：第 3 行（缺 责任人）、第 4 行（缺 完成时限）"
    );
    assert_eq!(
        en(&ev)[1],
        "任务清单: 2 of 4 rows complete; incomplete: row 3 (missing 责任人), row 4 (missing 完成时限)"
    );
}

#[test]
fn unmet_when_the_register_is_missing() {
    let p = TestPack::new();
    let ev = p.eval("records: {label: 走访台账, file: data/走访台账.csv}");
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    assert_eq!(zh(&ev), ["走访台账: 未找到台账文件"]);
    assert_eq!(en(&ev), ["走访台账: no register file found"]);
}

#[test]
fn error_on_a_ragged_csv_names_file_and_row() {
    let p = TestPack::new().file(
        "data/走访台账.csv",
        "日期,企业\n2025-01-01,甲\n2025-02-01,乙,多余\n",
    );
    let ev = p.eval("records: {label: 走访台账, file: data/走访台账.csv}");
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    assert_eq!(
        zh(&ev),
        ["data/走访台账.csv 第 3 行: 字段数不一致（表头 2 列，此行 3 列）"]
    );
    let problem = &ev.problems[0];
    assert_eq!(
        (problem.file.as_str(), problem.line),
        ("data/走访台账.csv", Some(3))
    );
}

#[test]
fn gbk_and_bom_csv_read_alike() {
    let (gbk, _, _) = encoding_rs::GBK.encode(VISITS);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(VISITS.as_bytes());
    for bytes in [gbk.into_owned(), bom] {
        let p = TestPack::new().file("data/走访台账.csv", bytes);
        let ev = p.eval(
            "records: {label: 走访台账, file: data/走访台账.csv, filter: '规上 == \"是\"', date_column: 日期, min: 2}",
        );
        assert_eq!(decided(&ev), (Status::Met, 1.0), "{:?}", zh(&ev));
        assert_eq!(
            zh(&ev),
            [
                "走访台账: 2 行记录",
                "走访台账: 共 5 行，其中符合条件的 4 行",
                "走访台账: 1 行的“日期”没有可识别的日期，不计",
                "走访台账: 1 行的日期不在评价期 2025 内，不计",
            ]
        );
    }
}

#[test]
fn ratio_with_floor_is_pro_rata() {
    let p = TestPack::new().file("data/走访台账.csv", VISITS);
    let ev = p.eval(
        "records:\n  label: 办结率\n  file: data/走访台账.csv\n  ratio: {when: '状态 == \"已办结\"', target: 0.95, floor: 0.5}",
    );
    // 4 of 5 = 80%: (0.8 - 0.5) / (0.95 - 0.5) = 0.6667
    assert_eq!(decided(&ev), (Status::Partial, 0.6667));
    assert_eq!(
        zh(&ev)[1],
        "办结率: 符合条件的行 4/5 = 80%，目标不低于 95%（50% 起按比例得分）"
    );
}

#[test]
fn ratio_of_column_sums_and_all_or_nothing_without_floor() {
    let p = TestPack::new().file(
        "data/覆盖.csv",
        "企业,规上企业数,已覆盖\n甲,10,9\n乙,10,10\n",
    );
    let ev = p.eval("records: {file: data/覆盖.csv, ratio: {numerator_column: 已覆盖, denominator_column: 规上企业数, target: 0.9}}");
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    let ev = p.eval("records: {file: data/覆盖.csv, ratio: {numerator_column: 已覆盖, denominator_column: 规上企业数, target: 0.99}}");
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
}

#[test]
fn distinct_values_name_what_is_missing() {
    let p = TestPack::new().file("data/服务.csv", "类别\n就业\n创业\n就业\n");
    let ev = p.eval("records: {label: 服务台账, file: data/服务.csv, distinct: {column: 类别, values: [就业, 创业, 住房, 教育]}}");
    assert_eq!(decided(&ev), (Status::Partial, 0.5));
    assert_eq!(zh(&ev)[1], "服务台账: “类别”已有 2/4 个值，缺 住房、教育");
    let ev =
        p.eval("records: {label: 服务台账, file: data/服务.csv, distinct: {column: 类别, min: 2}}");
    assert_eq!(decided(&ev), (Status::Met, 1.0));
}

#[test]
fn sum_with_floor_and_a_non_number_is_an_error() {
    let p = TestPack::new().file(
        "data/培训.csv",
        "日期,人次\n2025-03-01,\"1,200\"\n2025-04-01,300\n",
    );
    let ev = p.eval("records: {label: 培训人次, file: data/培训.csv, sum: {column: 人次, min: 2000, floor: 1000}}");
    assert_eq!(decided(&ev), (Status::Partial, 0.5));
    assert_eq!(
        zh(&ev)[1],
        "培训人次: “人次”合计 1500，需要不少于 2000（1000 起按比例得分）"
    );
    let p = TestPack::new().file("data/培训.csv", "日期,人次\n2025-03-01,很多\n");
    let ev =
        p.eval("records: {label: 培训人次, file: data/培训.csv, sum: {column: 人次, min: 10}}");
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    assert_eq!(
        zh(&ev),
        [
            "培训人次: 1 行记录",
            "培训人次: data/培训.csv 第 2 行的“人次”不是数字：“很多”"
        ]
    );
}

#[test]
fn decimal_sums_reach_a_target_they_equal() {
    // 0.1 + 0.7 is 0.7999999999999999 in binary floating point; the register says 0.8
    let p = TestPack::new().file("data/经费.csv", "项目,万元,预算\n甲,0.1,0.5\n乙,0.7,0.5\n");
    let ev = p.eval("records: {label: 经费, file: data/经费.csv, sum: {column: 万元, min: 0.8}}");
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(zh(&ev)[1], "经费: “万元”合计 0.8，需要不少于 0.8");
    let ev = p.eval("records: {label: 经费, file: data/经费.csv, ratio: {numerator_column: 万元, denominator_column: 预算, target: 0.8}}");
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(
        zh(&ev)[1],
        "经费: “万元”合计 / “预算”合计 0.8/1 = 80%，目标不低于 80%"
    );
    // with a floor, exactly at the floor is 0 and exactly at the target is full credit
    let ev = p.eval(
        "records: {label: 经费, file: data/经费.csv, sum: {column: 万元, min: 1.6, floor: 0.8}}",
    );
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    let ev = p.eval(
        "records: {label: 经费, file: data/经费.csv, sum: {column: 万元, min: 0.8, floor: 0.4}}",
    );
    assert_eq!(decided(&ev), (Status::Met, 1.0));
}

#[test]
fn filter_naming_a_column_the_register_lacks_says_which_column_to_add() {
    // an older register (or a column renamed): not a failure to run, a shortfall naming the column
    let p = TestPack::new().file("data/a.csv", "甲\n1\n");
    let ev = p.eval(
        "records: {label: 台账, file: data/a.csv, filter: '乙 == \"1\"', required: [甲, 丙]}",
    );
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    assert_eq!(zh(&ev), ["台账: 表中没有“乙”列", "台账: 表中没有“丙”列"]);
    assert_eq!(
        item(&ev).shortfall.iter().map(|t| (t.zh.as_str(), t.en.as_str())).collect::<Vec<_>>(),
        [(
            "台账：“a.csv”缺少“乙”“丙”列，请在表头补上这 2 列，并逐行填写",
            "台账: “a.csv” lacks the columns “乙”, “丙”: add them to the header and fill them in on every row"
        )]
    );
}

#[test]
fn xlsx_with_date_cells_covers_quarters() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet.write(0, 0, "日期").unwrap();
    sheet.write(0, 1, "企业").unwrap();
    let days = [(2025, 1, 15), (2025, 5, 20), (2025, 11, 3)];
    for (i, (y, m, d)) in days.iter().enumerate() {
        let row = i as u32 + 1;
        let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
        sheet.write_with_format(row, 0, &dt, &date).unwrap();
        sheet.write(row, 1, "甲厂").unwrap();
    }
    // a date typed as text in the same column
    sheet.write(4, 0, "2025年8月1日").unwrap();
    sheet.write(4, 1, 12).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let p = TestPack::new().file("data/走访.xlsx", bytes);
    let ev = p.eval(
        "records: {label: 走访台账, file: data/走访.xlsx, periods: {column: 日期, per: quarter}}",
    );
    assert_eq!(decided(&ev), (Status::Met, 1.0), "{:?}", zh(&ev));
    assert_eq!(zh(&ev), ["走访台账: 4 行记录", "走访台账: 覆盖 4/4 个季度"]);
    let ev = p.eval(
        "records: {label: 走访台账, file: data/走访.xlsx, periods: {column: 日期, per: month}}",
    );
    assert_eq!(decided(&ev), (Status::Partial, 0.3333));
}

#[test]
fn corrupt_xlsx_is_an_error_and_a_problem() {
    let p = TestPack::new().file(
        "data/走访.xlsx",
        [0x13u8, 0x37, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3],
    );
    let ev = p.eval("records: {label: 走访台账, file: data/走访.xlsx}");
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    assert_eq!(
        zh(&ev),
        ["data/走访.xlsx: 内容是无法识别的二进制数据，不是 Excel 表格；请用 Excel 或 WPS 重新保存为 xlsx"]
    );
    assert_eq!(ev.problems.len(), 1);
    assert_eq!(ev.problems[0].code, "unreadable-evidence");
}

#[test]
fn yaml_rows_at_a_key_path_and_several_files_joined() {
    let p = TestPack::new()
        .file(
            "data/a.yaml",
            "register:\n  rows:\n    - {姓名: 张三, 岗位: 主任}\n    - {姓名: 李四}\n",
        )
        .file(
            "data/b.yaml",
            "register:\n  rows:\n    - {姓名: 王五, 岗位: 干事}\n",
        );
    let ev = p.eval(
        "records: {label: 岗位表, file: \"data/*.yaml\", sheet: register.rows, required: [岗位]}",
    );
    assert_eq!(decided(&ev), (Status::Partial, 0.6667));
    assert_eq!(
        zh(&ev)[1],
        "岗位表: 2/3 行填写完整；不完整：data/a.yaml 第 4 行（缺 岗位）"
    );
}

#[test]
fn a_register_read_by_several_checks_is_parsed_and_reported_once() {
    let p = TestPack::new().file("data/x.csv", "a,b\n1\n");
    let standard = standard(
        "",
        &[
            "records: {file: data/x.csv}",
            "records: {file: data/x.csv, min: 1}",
        ],
    );
    let ev = crate::check_kinds::support::evaluate(&standard, &p.open());
    assert_eq!(ev.items[0].status, Status::Error);
    assert_eq!(ev.problems.len(), 1);
}
