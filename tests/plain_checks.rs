//! Issue 8, engine side: every check says what it requires, what was found, what is missing
//! (shortfall) and, apart, its technical trace (detail) — in Chinese and English, with no glob,
//! key or expression in the words an officer reads.

use changai::outcome::{CheckOutcome, Status};

use crate::check_kinds::support::*;

fn check(ev: &changai::check::Evaluation) -> &CheckOutcome {
    &item(ev).checks[0]
}

fn zh(texts: &[changai::standard::model::Text]) -> Vec<&str> {
    texts.iter().map(|t| t.zh.as_str()).collect()
}

fn en(texts: &[changai::standard::model::Text]) -> Vec<&str> {
    texts.iter().map(|t| t.en.as_str()).collect()
}

#[test]
fn files_glob_in_words_reasons_shortfall_and_detail() {
    let p = TestPack::new()
        .evidence("A/A2.3/2024-12-01 计划.pdf")
        .evidence("A/A2.3/说明.docx");
    let ev = p.eval(
        "files: {label: 年度重点工作计划, glob: \"A/A2.3/*计划*.{pdf,docx}\", in_period: true}",
    );
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    let c = check(&ev);
    assert_eq!(
        c.requires.zh,
        "年度重点工作计划：A/A2.3 文件夹中名称含“计划”的 PDF 或 Word 文件，至少 1 个，文件名或文件记录的日期在 2025 年内"
    );
    assert_eq!(
        c.requires.en,
        "年度重点工作计划: at least 1 PDF or Word file whose name contains “计划” in the folder A/A2.3, dated in 2025 by its file name or, without one, by the date it records"
    );
    assert_eq!(
        zh(&c.reasons),
        [
            "年度重点工作计划: 0 个文件符合要求，至少需要 1 个",
            "年度重点工作计划: 1 个文件的日期不在评价期 2025 内，不计",
        ]
    );
    assert_eq!(
        zh(&c.shortfall),
        [
            "还差 1 个：年度重点工作计划（A/A2.3 文件夹中名称含“计划”的 PDF 或 Word 文件，文件名或文件记录的日期在 2025 年内）",
            "有 1 个文件日期不在 2025 年内，不计：A/A2.3/2024-12-01 计划.pdf",
        ]
    );
    assert_eq!(
        en(&c.shortfall),
        [
            "1 more needed: 年度重点工作计划 (a PDF or Word file whose name contains “计划” in the folder A/A2.3, dated in 2025 by its file name or, without one, by the date it records)",
            "not counted, dated outside 2025: A/A2.3/2024-12-01 计划.pdf",
        ]
    );
    assert_eq!(zh(&c.detail), ["文件位置：`A/A2.3/*计划*.{pdf,docx}`"]);
    assert_eq!(en(&c.detail), ["location: `A/A2.3/*计划*.{pdf,docx}`"]);
    // the item leads with the check's shortfall
    assert_eq!(item(&ev).shortfall, c.shortfall);
}

#[test]
fn an_irregular_glob_is_the_place_the_standard_sets() {
    let p = TestPack::new();
    let ev = p.eval("files: {glob: \"A/*/x?.pdf\"}");
    let c = check(&ev);
    assert_eq!(c.requires.zh, "标准规定位置的文件，至少 1 个");
    assert_eq!(
        c.requires.en,
        "at least 1 file in the place the standard sets"
    );
    assert_eq!(zh(&c.reasons), ["标准规定位置的文件: 未找到文件"]);
    assert_eq!(zh(&c.shortfall), ["还差 1 个：标准规定位置的文件"]);
    assert_eq!(zh(&c.detail), ["文件位置：`A/*/x?.pdf`"]);
}

#[test]
fn a_describe_given_by_the_standard_is_the_requirement() {
    let p = TestPack::new().evidence("A/a.pdf");
    let ev = p.eval(
        "files: {label: 值班表, glob: \"A/*值班*\", describe: 每月的值班安排表, describe_en: the monthly duty roster}",
    );
    let c = check(&ev);
    assert_eq!(c.requires.zh, "每月的值班安排表");
    assert_eq!(c.requires.en, "the monthly duty roster");
    assert_eq!(
        zh(&c.shortfall),
        ["还差 1 个：值班表（A 文件夹中名称含“值班”的文件）"]
    );
}

#[test]
fn records_rows_columns_and_sums_in_words() {
    let p = TestPack::new().file(
        "data/培训台账.csv",
        "日期,人次,责任人\n2025-01-10,600,张三\n2025-03-10,500,\n2025-05-10,300,\n",
    );
    let ev = p.eval(
        "records: {label: 年度培训, file: data/培训台账.csv, filter: '人次 != \"\"', required: [责任人], sum: {column: 人次, min: 2000}}",
    );
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    let c = check(&ev);
    assert_eq!(
        c.requires.zh,
        "年度培训：至少 1 行符合条件的记录；每行都填写“责任人”；“人次”合计不少于 2000"
    );
    assert_eq!(
        zh(&c.reasons),
        [
            "年度培训: 3 行记录",
            "年度培训: 1/3 行填写完整；不完整：第 3 行（缺 责任人）、第 4 行（缺 责任人）",
            "年度培训: “人次”合计 1400，需要不少于 2000",
            "年度培训: 共 3 行，其中符合条件的 3 行",
        ]
    );
    assert_eq!(
        zh(&c.shortfall),
        [
            "2 行缺“责任人”：第 3、4 行",
            "“人次”合计 1400，还差 600 才到 2000"
        ]
    );
    assert_eq!(
        en(&c.shortfall),
        [
            "“责任人” is empty on rows 3, 4",
            "“人次” adds up to 1400, 600 short of 2000"
        ]
    );
    assert_eq!(
        zh(&c.detail),
        ["台账位置：`data/培训台账.csv`", "筛选条件：`人次 != \"\"`"]
    );
}

#[test]
fn a_ratio_names_no_expression() {
    let p = TestPack::new().file("data/问题.csv", "状态\n已办结\n已办结\n在办\n在办\n");
    let ev = p.eval(
        "records: {label: 问题办结, file: data/问题.csv, ratio: {when: '状态 == \"已办结\"', target: 0.9}}",
    );
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    let c = check(&ev);
    assert_eq!(
        c.requires.zh,
        "问题办结：至少 1 行记录；其中符合条件的行不低于 90%"
    );
    assert_eq!(
        zh(&c.reasons),
        [
            "问题办结: 4 行记录",
            "问题办结: 符合条件的行 2/4 = 50%，目标不低于 90%"
        ]
    );
    assert_eq!(
        zh(&c.shortfall),
        ["问题办结：符合条件的行占 50%，还差 40 个百分点才到 90%"]
    );
    // with the standard's describe, the shortfall says which condition
    let ev = p.eval(
        "records: {label: 问题办结, describe: 问题办结率不低于 90%, describe_en: at least 90% of issues closed, file: data/问题.csv, ratio: {when: '状态 == \"已办结\"', target: 0.9}}",
    );
    assert_eq!(check(&ev).requires.zh, "问题办结率不低于 90%");
    assert_eq!(
        zh(&check(&ev).shortfall),
        ["问题办结率不低于 90%：符合条件的行占 50%，还差 40 个百分点才到 90%"]
    );
    assert_eq!(
        en(&check(&ev).shortfall),
        ["at least 90% of issues closed: 50% (rows meeting the condition), 40 percentage points short of 90%"]
    );
    assert_eq!(
        zh(&c.detail),
        [
            "台账位置：`data/问题.csv`",
            "比例条件：`状态 == \"已办结\"`"
        ]
    );
}

#[test]
fn a_value_comparison_in_words_with_a_percentage() {
    let p = TestPack::new().file("data/indicators.yaml", "above_scale_coverage: 0.7\n");
    let ev = p.eval(
        "value: {label: 规上企业产改覆盖率, file: data/indicators.yaml, path: above_scale_coverage, op: '>', threshold: 0.9}",
    );
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    let c = check(&ev);
    assert_eq!(c.requires.zh, "规上企业产改覆盖率高于 90%");
    assert_eq!(c.requires.en, "规上企业产改覆盖率 above 90%");
    assert_eq!(zh(&c.reasons), ["规上企业产改覆盖率为 70%，要求高于 90%"]);
    assert_eq!(zh(&c.shortfall), ["规上企业产改覆盖率为 70%，要求高于 90%"]);
    assert_eq!(
        en(&c.shortfall),
        ["规上企业产改覆盖率 is 70%; above 90% is required"]
    );
    assert_eq!(
        zh(&c.detail),
        ["数据位置：`data/indicators.yaml` 中的 `above_scale_coverage`"]
    );
    // a plain count is no percentage; between and in read as words
    let p = TestPack::new().file("data/indicators.yaml", "staff: 5\nkind: 乙\n");
    let ev = p.eval(
        "value: {label: 专职人数, file: data/indicators.yaml, path: staff, op: between, threshold: [6, 10]}",
    );
    assert_eq!(check(&ev).requires.zh, "专职人数在 6 至 10 之间");
    assert_eq!(
        zh(&check(&ev).reasons),
        ["专职人数为 5，要求在 6 至 10 之间"]
    );
    let ev = p.eval(
        "value: {label: 类型, file: data/indicators.yaml, path: kind, op: in, threshold: [甲, 丙]}",
    );
    assert_eq!(check(&ev).requires.zh, "类型为 甲、丙 之一");
    assert_eq!(check(&ev).requires.en, "类型 one of 甲, 丙");
}

#[test]
fn an_expr_is_its_label_never_its_expression() {
    let p = TestPack::new().file(
        "data/indicators.yaml",
        "funds_budget_yuan: 10\nfunds_spent_yuan: 12\n",
    );
    let ev = p.eval(
        "expr: {label: 经费到位且收支相符, expr: \"indicators.funds_budget_yuan > 0 and indicators.funds_spent_yuan <= indicators.funds_budget_yuan\"}",
    );
    let c = check(&ev);
    assert_eq!(c.requires.zh, "经费到位且收支相符");
    assert_eq!(zh(&c.reasons), ["经费到位且收支相符: 条件不成立"]);
    assert_eq!(
        zh(&c.shortfall),
        ["经费到位且收支相符不成立：请核对并更新相关数据（data/indicators.yaml）"]
    );
    assert_eq!(
        zh(&c.detail),
        ["表达式：`indicators.funds_budget_yuan > 0 and indicators.funds_spent_yuan <= indicators.funds_budget_yuan`"]
    );
}

#[test]
fn schema_text_and_attest_say_what_they_ask() {
    let p = TestPack::new().file("A/方案.md", "本方案写明目标。");
    let ev = p.eval("text: {label: 实施方案, glob: \"A/*.md\", keywords: [目标, 措施]}");
    let c = check(&ev);
    assert_eq!(
        c.requires.zh,
        "实施方案：A 文件夹中的 Markdown 文件，至少 1 份写有“目标”“措施”"
    );
    assert_eq!(
        zh(&c.shortfall),
        ["没有文档写全关键词：最接近的 A/方案.md 还缺 措施"]
    );
    let ev = p.eval("attest: {label: 现场核查, role: 区总工会}");
    let c = check(&ev);
    assert_eq!(c.requires.zh, "现场核查：由区总工会审核签字确认");
    assert_eq!(
        zh(&c.shortfall),
        ["待区总工会审核签字：请区总工会核查后在 review.yaml 中签署"]
    );
    let ev = p.eval("schema: {file: data/tasks.yaml, schema: {type: array}}");
    let c = check(&ev);
    assert_eq!(c.requires.zh, "tasks：内容完整，符合标准规定的格式");
    assert_eq!(zh(&c.reasons), ["tasks: 未找到数据文件"]);
    assert_eq!(
        zh(&c.shortfall),
        ["缺少 tasks：请按标准规定的格式填写，补上 data 文件夹中名为“tasks”的 YAML 文件"]
    );
}

#[test]
fn composites_say_how_many_hold_and_what_the_nearest_lacks() {
    let p = TestPack::new().evidence("A/通知.pdf");
    let ev = p.eval(
        "all:\n  - files: {label: 通知, glob: \"A/*.pdf\"}\n  - files: {label: 名单, glob: \"A/*.xlsx\"}",
    );
    let c = check(&ev);
    assert_eq!(c.requires.zh, "以下各项都要满足");
    assert_eq!(zh(&c.reasons), ["2 项中已满足 1 项"]);
    assert_eq!(
        zh(&c.shortfall),
        ["还差 1 个：名单（A 文件夹中的 Excel 文件）"]
    );
    let ev = p.eval(
        "at_least:\n  k: 2\n  of:\n    - files: {label: 通知, glob: \"A/*.pdf\"}\n    - files: {label: 名单, glob: \"A/*.xlsx\"}\n    - files: {label: 照片, glob: \"A/*.jpg\", min: 2}",
    );
    let c = check(&ev);
    assert_eq!(c.requires.zh, "以下至少 2 项满足");
    assert_eq!(c.requires.en, "at least 2 of the following");
    assert_eq!(zh(&c.reasons), ["3 项中已满足 1 项"]);
    assert_eq!(
        zh(&c.shortfall),
        ["还需再满足 1 项，最接近的一项：还差 1 个：名单（A 文件夹中的 Excel 文件）"]
    );
    assert_eq!(
        en(&c.shortfall),
        ["1 more must hold; the nearest: 1 more needed: 名单 (an Excel file in the folder A)"]
    );
    let ev = p.eval("any:\n  - files: {label: 名单, glob: \"A/*.xlsx\"}\n  - files: {label: 通知, glob: \"A/*.pdf\"}");
    assert_eq!(check(&ev).requires.zh, "以下任一项满足即可");
    assert_eq!(check(&ev).shortfall, []);
    assert_eq!(item(&ev).shortfall, []);
}

#[test]
fn an_errored_check_says_what_to_fix_and_the_item_notes_no_partial_credit() {
    let p = TestPack::new().file("data/走访台账.csv", "a,b\n1,2\n3,4,5\n");
    let ev = p.eval("records: {label: 走访, file: data/走访台账.csv}");
    assert_eq!(decided(&ev).0, Status::Error);
    assert_eq!(
        zh(&item(&ev).shortfall),
        ["修正后重新评估：data/走访台账.csv 第 3 行: 字段数不一致（表头 2 列，此行 3 列）"]
    );
    let p = TestPack::new().evidence("A/a.pdf");
    let ev = p.eval_item(
        "partial_credit: false",
        "files: {label: 通知, glob: \"A/*.pdf\", min: 2}",
    );
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    assert_eq!(
        zh(&item(&ev).shortfall),
        [
            "还差 1 个：通知（A 文件夹中的 PDF 文件）",
            "此项不计部分分：以上各项全部补齐才得分",
        ]
    );
}

#[test]
fn the_terminal_shows_the_shortfall_not_the_first_finding() {
    let p = TestPack::new().file(
        "data/培训台账.csv",
        "日期,人次\n2025-01-10,600\n2025-03-10,800\n",
    );
    let standard = standard(
        "",
        &["records: {label: 年度培训人次, file: data/培训台账.csv, sum: {column: 人次, min: 2000, floor: 0}}"],
    );
    let pack = p.open();
    let results = changai::pipeline::evaluate(&standard, &pack);
    let i = &results.items[0];
    assert_eq!(i.status, Status::Partial);
    assert_eq!(i.reasons[0].zh, "年度培训人次: 2 行记录");
    let table = changai::render::evaluate::table::render(&results, changai::Lang::Zh, false);
    let lines: Vec<&str> = table.lines().collect();
    let at = lines.iter().position(|l| l.contains("A1.1")).unwrap();
    assert_eq!(lines[at + 1].trim(), "“人次”合计 1400，还差 600 才到 2000");
}

#[test]
fn the_terminal_counts_the_further_shortfalls() {
    let p = TestPack::new().file(
        "data/培训台账.csv",
        "日期,人次,责任人\n2025-01-10,600,\n2025-03-10,800,张三\n",
    );
    let standard = standard(
        "",
        &["records: {label: 年度培训人次, file: data/培训台账.csv, required: [责任人], sum: {column: 人次, min: 2000, floor: 0}}"],
    );
    let results = changai::pipeline::evaluate(&standard, &p.open());
    assert_eq!(results.items[0].status, Status::Partial);
    for (lang, want) in [
        (changai::Lang::Zh, "1 行缺“责任人”：第 2 行（等 2 项）"),
        (changai::Lang::En, "“责任人” is empty on row 2 (and 1 more)"),
    ] {
        let table = changai::render::evaluate::table::render(&results, lang, false);
        let lines: Vec<&str> = table.lines().collect();
        let at = lines.iter().position(|l| l.contains("A1.1")).unwrap();
        assert_eq!(lines[at + 1].trim(), want);
    }
}

#[test]
fn an_undecidable_alternative_says_what_to_fix() {
    let p = TestPack::new().file("data/走访台账.csv", "a,b\n1,2\n3,4,5\n");
    let ev = p.eval(
        "any:\n  - files: {label: 走访照片, glob: \"C/*.jpg\"}\n  - records: {label: 走访, file: data/走访台账.csv}",
    );
    assert_eq!(decided(&ev).0, Status::Error);
    assert_eq!(
        zh(&item(&ev).shortfall),
        [
            "还需再满足 1 项，最接近的一项：还差 1 个：走访照片（C 文件夹中的图片文件）",
            "修正后重新评估：data/走访台账.csv 第 3 行: 字段数不一致（表头 2 列，此行 3 列）",
        ]
    );
}
