//! Tests: registers as offices write them (issue 9, item 1). One register — a merged title row,
//! a keeper's line, the header, six rows (one date merged down two rows), a 合计 row, a blank
//! row and a 制表人/填表日期 footer — saved by LibreOffice as xlsx, xls, ods and csv (UTF-8, GBK,
//! UTF-16), and as WPS `.et` (an xls): every format gives the same rows and the same outcome.
//! The fixtures and hostile files are made by `tests/fixtures/registers/make.py`.

use changai::evidence::read::{cell_str, read_register, Table};
use changai::outcome::Status;

use crate::check_kinds::support::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/registers")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const COLUMNS: [&str; 5] = ["序号", "培训日期", "培训内容", "参训人数", "主讲人"];

/// The six rows every format must give: (row number on the sheet, cells as a person sees them).
const ROWS: [(usize, [&str; 5]); 6] = [
    (4, ["1", "2025-03-05", "安全生产培训", "30", "张伟"]),
    (5, ["2", "2025-04-10", "职业技能提升", "25", "李娜"]),
    (6, ["3", "2025-04-10", "劳动法规宣讲", "40", "王强"]),
    (7, ["4", "2025-06-18", "产改政策解读", "35", "刘洋"]),
    (8, ["5", "2025-09-02", "班组长能力培训", "20", "陈静"]),
    (9, ["6", "2025-11-20", "职工心理健康", "28", "赵磊"]),
];

const LAYOUT_ZH: &str =
    "第 1–2 行为标题，表头在第 3 行；第 10 行为合计行；第 12–13 行为表尾（制表人…），不计";
const LAYOUT_EN: &str = "rows 1–2 are a title, the header is row 3; row 10 is a totals row; rows 12–13 are the footer (signatures, date); not counted";

/// The columns the outcome check below needs.
fn need() -> Vec<String> {
    ["主讲人", "参训人数", "培训内容", "培训日期"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect()
}

fn rows_of(t: &Table) -> Vec<(usize, Vec<String>)> {
    t.rows
        .iter()
        .map(|r| {
            (
                r.line,
                COLUMNS
                    .iter()
                    .map(|c| r.cells.get(*c).map(cell_str).unwrap_or_default())
                    .collect(),
            )
        })
        .collect()
}

fn expected_rows() -> Vec<(usize, Vec<String>)> {
    ROWS.iter()
        .map(|(l, cells)| (*l, cells.iter().map(|c| (*c).to_owned()).collect()))
        .collect()
}

/// (file name in the pack, fixture): every format of the one register.
fn formats() -> Vec<(String, Vec<u8>)> {
    let csv = fixture("培训台账.csv");
    let text = String::from_utf8(csv.clone()).unwrap();
    let tsv = text.replace(',', "\t").into_bytes();
    let bare_utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let utf16_be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    vec![
        ("培训台账.xlsx".into(), fixture("培训台账.xlsx")),
        ("培训台账.xls".into(), fixture("培训台账.xls")),
        ("培训台账.ods".into(), fixture("培训台账.ods")),
        ("培训台账.et".into(), fixture("培训台账.et")),
        ("培训台账.csv".into(), csv),
        ("培训台账.csv".into(), fixture("培训台账-gbk.csv")),
        ("培训台账.csv".into(), fixture("培训台账-utf16.csv")),
        ("培训台账.csv".into(), bare_utf16),
        ("培训台账.csv".into(), utf16_be),
        ("培训台账.tsv".into(), tsv.clone()),
        ("培训台账.txt".into(), tsv),
    ]
}

#[test]
fn every_format_gives_the_same_rows_and_says_what_it_passed_over() {
    for (name, bytes) in formats() {
        let rel = format!("data/{name}");
        let t = read_register(&rel, bytes, None, &need())
            .unwrap_or_else(|e| panic!("{rel}: {}", e.reason_en()));
        assert_eq!(t.columns, COLUMNS, "{rel}");
        assert_eq!(rows_of(&t), expected_rows(), "{rel}");
        let layout = t.layout.unwrap_or_else(|| panic!("{rel}: no layout note"));
        assert_eq!(
            (layout.zh.as_str(), layout.en.as_str()),
            (LAYOUT_ZH, LAYOUT_EN),
            "{rel}"
        );
    }
}

#[test]
fn without_needed_columns_the_title_row_is_still_passed_over() {
    for (name, bytes) in formats() {
        let rel = format!("data/{name}");
        let t = read_register(&rel, bytes, None, &[]).unwrap();
        assert_eq!(rows_of(&t), expected_rows(), "{rel}");
    }
}

const CHECK: &str = "records: {label: 培训台账, file: data/培训台账, date_column: 培训日期, \
                     required: [培训内容, 主讲人], sum: {column: 参训人数, min: 150}, min: 6}";

#[test]
fn every_format_named_without_extension_gives_the_same_outcome() {
    let mut first: Option<(String, Vec<String>, Vec<String>)> = None;
    for (name, bytes) in formats() {
        let p = TestPack::new().file(&format!("data/{name}"), bytes);
        let ev = p.eval(CHECK);
        assert_eq!(decided(&ev), (Status::Met, 1.0), "{name}: {:?}", zh(&ev));
        assert_eq!(
            zh(&ev),
            [
                "培训台账: 6 行记录",
                "培训台账: 必填列（培训内容、主讲人）均已填写",
                "培训台账: “参训人数”合计 178，需要不少于 150",
            ],
            "{name}"
        );
        assert_eq!(evidence(&ev), [format!("data/{name}")]);
        let detail: Vec<String> = item(&ev).checks[0]
            .detail
            .iter()
            .map(|d| d.zh.clone())
            .collect();
        assert_eq!(detail, ["台账位置：`data/培训台账`", LAYOUT_ZH], "{name}");
        let now = (name.clone(), zh(&ev), en(&ev));
        match &first {
            None => first = Some(now),
            Some(f) => assert_eq!((&f.1, &f.2), (&now.1, &now.2), "{} vs {}", f.0, now.0),
        }
    }
}

#[test]
fn two_formats_of_one_register_are_an_error_naming_both() {
    let p = TestPack::new()
        .file("data/培训台账.csv", fixture("培训台账.csv"))
        .file("data/培训台账.xls", fixture("培训台账.xls"));
    let ev = p.eval(CHECK);
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    assert_eq!(
        zh(&ev),
        ["培训台账: 同一份台账存了两种格式（data/培训台账.csv 和 data/培训台账.xls），无法确定以哪份为准；请只保留一份"]
    );
}

#[test]
fn names_with_an_extension_keep_working() {
    let p = TestPack::new()
        .file("data/培训台账.xlsx", fixture("培训台账.xlsx"))
        .file("data/培训台账说明.docx", b"not a register".as_slice());
    for file in [
        "data/培训台账.xlsx",
        "\"data/培训台账.{csv,xlsx}\"",
        "data/培训台账",
    ] {
        let ev = p.eval(&CHECK.replace("data/培训台账,", &format!("{file},")));
        assert_eq!(decided(&ev), (Status::Met, 1.0), "{file}: {:?}", zh(&ev));
        assert_eq!(evidence(&ev), ["data/培训台账.xlsx"], "{file}");
    }
    // a document of the same stem is no register: not matched by the bare name
    let p = TestPack::new().file("data/培训台账.docx", b"PK".as_slice());
    let ev = p.eval(CHECK);
    assert_eq!(zh(&ev), ["培训台账: 未找到台账文件"]);
}

#[test]
fn the_first_sheet_with_the_header_is_read() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let notes = book.add_worksheet().set_name("填表说明").unwrap();
    notes.write(0, 0, "每次培训记一行").unwrap();
    let sheet = book.add_worksheet().set_name("台账").unwrap();
    for (c, h) in COLUMNS.iter().enumerate() {
        sheet.write(0, c as u16, *h).unwrap();
    }
    for (r, (_, cells)) in ROWS.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            sheet.write(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    let bytes = book.save_to_buffer().unwrap();
    let t = read_register("data/培训台账.xlsx", bytes.clone(), None, &need()).unwrap();
    assert_eq!(t.rows.len(), 6);
    assert_eq!(t.rows[0].line, 2);
    assert_eq!(t.layout, None);
    // a named sheet is read as named
    let t = read_register("data/培训台账.xlsx", bytes, Some("填表说明"), &need()).unwrap();
    assert_eq!(t.columns, ["每次培训记一行"]);
    assert!(t.rows.is_empty());
}

#[test]
fn dates_as_offices_type_them_count_in_the_period() {
    let csv = "日期,事项\n2025/3/5,甲\n2025.3.6,乙\n2025-3-7,丙\n2025年3月8日,丁\n3月9日,戊\n\
               ２０２５年３月１０日,己\n45731,庚\n2024年3月5日,辛\n";
    let p = TestPack::new().file("data/走访台账.csv", csv);
    let ev = p.eval("records: {label: 走访台账, file: data/走访台账, date_column: 日期, min: 7}");
    assert_eq!(decided(&ev), (Status::Met, 1.0), "{:?}", zh(&ev));
    assert_eq!(
        zh(&ev),
        [
            "走访台账: 7 行记录",
            "走访台账: 1 行的日期不在评价期 2025 内，不计"
        ]
    );
}

fn refusal(name: &str, bytes: Vec<u8>) -> (String, String) {
    let rel = format!("data/{name}");
    match read_register(&rel, bytes, None, &need()) {
        Ok(t) => panic!("{rel} was read: {} rows", t.rows.len()),
        Err(e) => (e.reason_zh(), e.reason_en()),
    }
}

#[test]
fn hostile_registers_are_refused_with_a_reason() {
    assert_eq!(
        refusal("台账.ods", fixture("bomb.ods")),
        (
            "data/台账.ods: 工作表的已填单元格超过 500000 个，拒绝读取（请拆分台账）".to_owned(),
            "data/台账.ods: the sheet has more than 500000 filled cells; refused (split the register)"
                .to_owned()
        )
    );
    assert_eq!(
        refusal("台账.xls", fixture("huge.xls")),
        (
            "data/台账.xls: 工作表声明的范围有 16776960 个单元格，超过上限 4000000，拒绝读取".to_owned(),
            "data/台账.xls: the sheet spans 16776960 cells, more than the limit of 4000000; refused"
                .to_owned()
        )
    );
    assert_eq!(
        refusal("台账.csv", fixture("odd-utf16.csv")),
        (
            "data/台账.csv: 文件是 UTF-16 编码，但字节数为奇数，文件不完整（可能复制时被截断）；请重新导出".to_owned(),
            "data/台账.csv: the file is UTF-16 but has an odd number of bytes, so it is incomplete (cut short when copied?); export it again".to_owned()
        )
    );
}

#[test]
fn an_encrypted_workbook_is_refused_saying_so() {
    // Excel stores an xlsx with an open password as a compound file holding `EncryptedPackage`.
    let mut cf = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    std::io::Write::write_all(
        &mut cf.create_stream("/EncryptionInfo").unwrap(),
        b"\x04\0\x04\0",
    )
    .unwrap();
    std::io::Write::write_all(
        &mut cf.create_stream("/EncryptedPackage").unwrap(),
        &[0u8; 64],
    )
    .unwrap();
    let bytes = cf.into_inner().into_inner();
    assert_eq!(
        refusal("台账.xlsx", bytes).0,
        "data/台账.xlsx: 工作簿设置了打开密码（已加密），无法读取；请去掉密码后另存一份"
    );
}

#[test]
fn a_strict_open_xml_workbook_is_refused_saying_what_to_do() {
    use std::io::{Read, Write};
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(fixture("培训台账.xlsx"))).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let mut entry = src.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "xl/workbook.xml" {
            data = String::from_utf8(data)
                .unwrap()
                .replace(
                    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                    "http://purl.oclc.org/ooxml/spreadsheetml/main",
                )
                .into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    let bytes = out.finish().unwrap().into_inner();
    assert_eq!(
        refusal("台账.xlsx", bytes).0,
        "data/台账.xlsx: 工作簿是“严格 Open XML”格式，无法读取；请在 Excel 中另存为普通的“Excel 工作簿（*.xlsx）”"
    );
}
