//! Tests: a file is what it claims, copies count once, and the evidence-quality section (issue 9,
//! items 3, 4, 6) — on files made by real software (tests/fixtures/evidence_quality/make.sh:
//! a docx and a PDF from LibreOffice, a JPEG and a PNG from Pillow) and on the outputs of
//! `evaluate` and `report`.

use std::path::Path;

use changai::cli::{run, Exit};
use changai::outcome::{FileFinding, FindingKind, Status};
use changai::standard::model::Text;

use crate::check_kinds::support::*;
use crate::evaluate::{env_at, repo};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("tests/fixtures/evidence_quality").join(name)).unwrap()
}

fn t(zh: &str, en: &str) -> Text {
    Text {
        zh: zh.to_owned(),
        en: en.to_owned(),
    }
}

fn finding(
    path: &str,
    kind: FindingKind,
    reason: Text,
    fix: Text,
    related: &[&str],
) -> FileFinding {
    FileFinding {
        path: path.to_owned(),
        kind,
        counted: false,
        items: vec!["A1.1".to_owned()],
        reason,
        fix,
        related: related.iter().map(|s| (*s).to_owned()).collect(),
    }
}

fn shortfall(ev: &changai::check::Evaluation) -> Vec<String> {
    item(ev).shortfall.iter().map(|s| s.zh.clone()).collect()
}

const MINUTES: &str = "files: {label: 联席会议纪要, glob: \"A/*\", min: 2, in_period: true}";

#[test]
fn a_six_byte_text_file_renamed_docx_is_not_counted_with_its_reason() {
    let p = TestPack::new()
        .file(
            "A/2025-03-15 党工联席会议纪要.docx",
            fixture("minutes.docx"),
        )
        .file("A/2025-10-10 党工联席会议纪要.docx", "纪要");
    assert_eq!("纪要".len(), 6);
    let ev = p.eval(MINUTES);
    assert_eq!(decided(&ev), (Status::Partial, 0.5));
    assert_eq!(
        zh(&ev),
        [
            "联席会议纪要: 1 个文件符合要求，至少需要 2 个",
            "联席会议纪要: 1 个文件的内容与文件类型不符，不计：A/2025-10-10 党工联席会议纪要.docx（内容是纯文本，不是 Word 文档）",
        ]
    );
    assert_eq!(
        en(&ev)[1],
        "联席会议纪要: 1 files are not what their type claims; not counted: A/2025-10-10 党工联席会议纪要.docx (the content is plain text, not a Word document)"
    );
    assert_eq!(
        shortfall(&ev),
        [
            "还差 1 个：联席会议纪要（A 文件夹中的文件，文件名或文件记录的日期在 2025 年内）",
            "有 1 个文件内容与类型不符，不计：A/2025-10-10 党工联席会议纪要.docx（请用 Word 或 WPS 重新保存为 docx）",
        ]
    );
    assert_eq!(evidence(&ev), ["A/2025-03-15 党工联席会议纪要.docx"]);
    assert_eq!(
        ev.evidence_quality,
        [finding(
            "A/2025-10-10 党工联席会议纪要.docx",
            FindingKind::WrongType,
            t(
                "内容是纯文本，不是 Word 文档",
                "the content is plain text, not a Word document"
            ),
            t(
                "用 Word 或 WPS 重新保存为 docx",
                "save it again as docx in Word or WPS"
            ),
            &[],
        )]
    );
}

#[test]
fn a_truncated_pdf_is_not_counted_and_the_whole_one_is() {
    let pdf = fixture("notice.pdf");
    let half = pdf[..pdf.len() / 2].to_vec();
    let p = TestPack::new()
        .file("A/2025-02-10 领导小组成立通知.pdf", &pdf)
        .file("A/2025-02-11 领导小组成立通知.pdf", half);
    let ev = p.eval("files: {label: 成立通知, glob: \"A/*\", min: 2}");
    assert_eq!(decided(&ev), (Status::Partial, 0.5));
    assert_eq!(evidence(&ev), ["A/2025-02-10 领导小组成立通知.pdf"]);
    assert_eq!(
        ev.evidence_quality,
        [finding(
            "A/2025-02-11 领导小组成立通知.pdf",
            FindingKind::WrongType,
            t(
                "PDF 文件不完整（缺少结尾，可能没有下载完或已损坏）",
                "the PDF is incomplete (its end is missing: cut off or damaged)"
            ),
            t("重新导出或重新扫描为 PDF", "export or scan it again as PDF"),
            &[],
        )]
    );
}

#[test]
fn an_empty_image_is_not_counted_and_a_png_named_jpg_is_an_image() {
    // an image is an image: a phone's PNG saved as .jpg is still a photo of the activity
    let p = TestPack::new()
        .file("A/2025-05-01 活动照片.jpg", fixture("photo.png"))
        .file("A/2025-05-02 活动照片.jpg", fixture("photo.jpg"))
        .file("A/2025-05-03 活动照片.jpg", "");
    let ev = p.eval("files: {label: 活动照片, glob: \"A/*\", min: 3}");
    assert_eq!(decided(&ev), (Status::Partial, 0.6667));
    assert_eq!(
        evidence(&ev),
        ["A/2025-05-01 活动照片.jpg", "A/2025-05-02 活动照片.jpg"]
    );
    assert_eq!(
        ev.evidence_quality,
        [finding(
            "A/2025-05-03 活动照片.jpg",
            FindingKind::Empty,
            t("空文件（0 字节）", "empty file (0 bytes)"),
            t("换成有内容的文件", "replace it with the real file"),
            &[],
        )]
    );
}

#[test]
fn a_pdf_named_jpg_and_a_photo_named_pdf_are_not_counted() {
    let p = TestPack::new()
        .file("A/2025-05-01 活动照片.jpg", fixture("notice.pdf"))
        .file("A/2025-05-02 签到表.pdf", fixture("photo.jpg"));
    let ev = p.eval("files: {label: 活动材料, glob: \"A/*\"}");
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    let reasons: Vec<(&str, &str)> = ev
        .evidence_quality
        .iter()
        .map(|f| (f.path.as_str(), f.reason.zh.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            ("A/2025-05-01 活动照片.jpg", "内容是 PDF 文件，不是图片"),
            ("A/2025-05-02 签到表.pdf", "内容是 JPG 图片，不是 PDF 文件"),
        ]
    );
}

#[test]
fn four_copies_under_four_dated_names_count_once() {
    let docx = fixture("minutes.docx");
    let names = [
        "A/2025-03-15 党工联席会议纪要.docx",
        "A/2025-06-15 党工联席会议纪要.docx",
        "A/2025-09-15 党工联席会议纪要.docx",
        "A/2025-12-15 党工联席会议纪要.docx",
    ];
    let p = names.iter().fold(TestPack::new(), |p, n| p.file(n, &docx));
    let ev = p.eval(
        "files: {label: 联席会议纪要, glob: \"A/*\", min: 4, in_period: true, periods: {per: quarter}}",
    );
    assert_eq!(decided(&ev), (Status::Partial, 0.25));
    assert_eq!(evidence(&ev), [names[0]]);
    assert_eq!(
        zh(&ev),
        [
            "联席会议纪要: 1 个文件符合要求，至少需要 4 个",
            "联席会议纪要: 覆盖 1/4 个季度，缺 2025年第2季度、2025年第3季度、2025年第4季度",
            "联席会议纪要: 3 个文件与其他文件内容完全相同，只计一次：A/2025-06-15 党工联席会议纪要.docx（同 A/2025-03-15 党工联席会议纪要.docx）、A/2025-09-15 党工联席会议纪要.docx（同 A/2025-03-15 党工联席会议纪要.docx）、A/2025-12-15 党工联席会议纪要.docx（同 A/2025-03-15 党工联席会议纪要.docx）",
        ]
    );
    let copy = |path: &str| {
        finding(
            path,
            FindingKind::Copy,
            t(
                "与 A/2025-03-15 党工联席会议纪要.docx 内容完全相同，只计一次",
                "the same content as A/2025-03-15 党工联席会议纪要.docx; counted once",
            ),
            t(
                "删除重复的文件，或换成这次活动自己的材料",
                "delete the duplicate, or replace it with this activity's own record",
            ),
            &[names[0]],
        )
    };
    assert_eq!(
        ev.evidence_quality,
        [copy(names[1]), copy(names[2]), copy(names[3])]
    );
}

#[test]
fn the_same_bytes_under_another_date_elsewhere_in_the_pack_count_for_one_date() {
    let docx = fixture("minutes.docx");
    let p = TestPack::new()
        .file("A/2025-03-15 会议纪要.docx", &docx)
        .file("B/2025-09-15 会议纪要.docx", &docx);
    // each check sees one file; the B copy carries another date than the original in A
    let ev = p.eval_item(
        "",
        "all:\n  - files: {label: 一季度纪要, glob: \"A/*\", in_period: true}\n  - files: {label: 三季度纪要, glob: \"B/*\", in_period: true}",
    );
    assert_eq!(decided(&ev), (Status::Partial, 0.5));
    assert_eq!(
        ev.evidence_quality,
        [finding(
            "B/2025-09-15 会议纪要.docx",
            FindingKind::Copy,
            t(
                "与 A/2025-03-15 会议纪要.docx 内容完全相同，但文件名日期不同（2025-09-15 与 2025-03-15），同一份材料只能算一次",
                "the same content as A/2025-03-15 会议纪要.docx under another date (2025-09-15 and 2025-03-15); one record counts once",
            ),
            t(
                "删除重复的文件，或换成这次活动自己的材料",
                "delete the duplicate, or replace it with this activity's own record",
            ),
            &["A/2025-03-15 会议纪要.docx"],
        )]
    );
}

#[test]
fn the_same_bytes_serving_two_checks_undated_or_dated_alike_are_fine() {
    let pdf = fixture("notice.pdf");
    let p = TestPack::new()
        .file("A/领导小组成立通知.pdf", &pdf)
        .file("B/领导小组成立通知.pdf", &pdf)
        .file("C/2025-02-10 通知.pdf", &pdf)
        .file("D/2025-02-10 通知.pdf", &pdf);
    let ev = p.eval_item(
        "",
        "all:\n  - files: {glob: \"A/*\"}\n  - files: {glob: \"B/*\"}\n  - files: {glob: \"C/*\", in_period: true}\n  - files: {glob: \"D/*\", in_period: true}",
    );
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    // no copy is flagged; the dated two are doubted only for the PDF's own date (it was made
    // when the fixture was, after the 2025 period) and still count
    assert_eq!(
        ev.evidence_quality
            .iter()
            .map(|f| (f.path.as_str(), f.kind, f.counted))
            .collect::<Vec<_>>(),
        [
            ("C/2025-02-10 通知.pdf", FindingKind::DateConflict, true),
            ("D/2025-02-10 通知.pdf", FindingKind::DateConflict, true),
        ]
    );
}

#[test]
fn min_bytes_discounts_a_small_file_and_text_checks_screen_alike() {
    let p = TestPack::new()
        .file("A/方案.docx", fixture("minutes.docx"))
        .file("A/2025-10-10 方案.docx", "纪要")
        .file("A/说明.txt", "产改");
    let ev = p
        .eval("text: {label: 会议纪要, glob: \"A/*\", keywords: [产改, 任务清单], min_bytes: 100}");
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(evidence(&ev), ["A/方案.docx"]);
    let kinds: Vec<(&str, FindingKind, &str)> = ev
        .evidence_quality
        .iter()
        .map(|f| (f.path.as_str(), f.kind, f.reason.zh.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (
                "A/2025-10-10 方案.docx",
                FindingKind::WrongType,
                "内容是纯文本，不是 Word 文档"
            ),
            (
                "A/说明.txt",
                FindingKind::TooSmall,
                "只有 6 字节，小于标准要求的 100 字节"
            ),
        ]
    );
}

#[test]
fn a_register_named_xlsx_that_is_a_csv_says_so() {
    let p = TestPack::new().file("data/走访.xlsx", "姓名,日期\n张三,2025-03-01\n");
    let ev = p.eval("records: {label: 走访台账, file: data/走访.xlsx}");
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    assert_eq!(
        zh(&ev),
        ["data/走访.xlsx: 内容是纯文本，不是 Excel 表格；请用 Excel 或 WPS 重新保存为 xlsx"]
    );
    assert_eq!(ev.evidence_quality.len(), 1);
    assert_eq!(ev.evidence_quality[0].kind, FindingKind::WrongType);
}

/// A pack on disk with its standard beside it, for the command line.
struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Case {
        let dir = tempfile::tempdir().unwrap();
        let pack = dir.path().join("pack");
        let write = |rel: &str, bytes: &[u8]| {
            let p = pack.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        };
        let docx = fixture("minutes.docx");
        write("pack.yaml", PACK_2025.as_bytes());
        write("A/2025-03-15 党工联席会议纪要.docx", &docx);
        write("A/2025-10-10 党工联席会议纪要.docx", "纪要".as_bytes());
        write("A/2025-11-10 党工联席会议纪要.docx", &docx);
        write("A/2025-12-01 党工联席会议纪要.pdf", b"");
        std::fs::write(
            dir.path().join("standard.yaml"),
            standard_yaml("", &[MINUTES]),
        )
        .unwrap();
        Case { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn run(&self, args: &[&str]) -> String {
        let mut argv = vec!["changai"];
        argv.extend(args);
        let out = run(argv, &env_at(self.root()));
        assert!(
            matches!(out.code, Exit::Ok | Exit::Failed),
            "{}",
            out.stderr
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn report(&self, format: &str) -> String {
        self.run(&[
            "report",
            "pack",
            "--standard",
            "standard.yaml",
            "--format",
            format,
            "-o",
            "-",
        ])
    }
}

fn between(text: &str, start: &str, end: &str) -> String {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("no `{start}` in\n{text}"));
    let rest = &text[from..];
    let to = rest[start.len()..]
        .find(end)
        .map_or(rest.len(), |i| i + start.len());
    rest[..to].to_owned()
}

#[test]
fn evaluate_prints_the_summary_and_explain_lists_each_file() {
    let case = Case::new();
    let table = case.run(&["evaluate", "pack", "--standard", "standard.yaml"]);
    let line = table.lines().find(|l| l.starts_with("证据问题")).unwrap();
    assert_eq!(
        line,
        "证据问题：3 个文件未计入（类型不符 1，空文件 1，重复文件 1）（逐个文件见 --explain 条目编号）"
    );
    let explain = case.run(&[
        "evaluate",
        "pack",
        "--standard",
        "standard.yaml",
        "--explain",
        "A1.1",
    ]);
    let tail = between(&explain, "证据问题：", "\u{0}");
    assert_eq!(
        tail,
        "证据问题：\n\
         \x20 · A/2025-10-10 党工联席会议纪要.docx：类型不符，未计入。内容是纯文本，不是 Word 文档；请用 Word 或 WPS 重新保存为 docx\n\
         \x20 · A/2025-11-10 党工联席会议纪要.docx：重复文件，未计入。与 A/2025-03-15 党工联席会议纪要.docx 内容完全相同，只计一次；请删除重复的文件，或换成这次活动自己的材料\n\
         \x20 · A/2025-12-01 党工联席会议纪要.pdf：空文件，未计入。空文件（0 字节）；请换成有内容的文件\n"
    );
    let en = case.run(&[
        "evaluate",
        "pack",
        "--standard",
        "standard.yaml",
        "--lang",
        "en",
    ]);
    let line = en
        .lines()
        .find(|l| l.starts_with("evidence quality"))
        .unwrap();
    assert_eq!(
        line,
        "evidence quality: 3 files not counted (wrong type 1, empty 1, copy 1) (each file: --explain ITEM)"
    );
}

#[test]
fn the_json_results_carry_every_finding() {
    let case = Case::new();
    let json = case.run(&[
        "evaluate",
        "pack",
        "--standard",
        "standard.yaml",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let list = serde_json::to_string_pretty(&v["evidence_quality"]).unwrap();
    insta::assert_snapshot!("evidence-quality-json", list);
}

#[test]
fn the_report_has_the_section_in_md_html_and_csv() {
    let case = Case::new();
    let md = case.report("md");
    insta::assert_snapshot!(
        "evidence-quality-md",
        between(&md, "## 五、证据问题", "\n## ")
    );
    insta::assert_snapshot!(
        "evidence-quality-md-rectification",
        between(&md, "### 需要整改的证据文件", "\n## ")
    );
    let html = case.report("html");
    insta::assert_snapshot!(
        "evidence-quality-html",
        between(
            &html,
            "<section class=\"sheet\" id=\"evidence_quality\">",
            "</section>"
        )
    );
    assert!(html.contains("<li><a href=\"#evidence_quality\">五、证据问题</a></li>"));
    let csv = case.report("csv");
    insta::assert_snapshot!("evidence-quality-csv", between(&csv, "证据问题,", "\u{0}"));
    let en = case.run(&[
        "report",
        "pack",
        "--standard",
        "standard.yaml",
        "--lang",
        "en",
        "--format",
        "md",
        "-o",
        "-",
    ]);
    insta::assert_snapshot!(
        "evidence-quality-md-en",
        between(&en, "## 5. Evidence quality", "\n## ")
    );
}

#[test]
fn the_xlsx_report_has_a_sheet_for_it() {
    let case = Case::new();
    let out = case.root().join("r.xlsx");
    case.run(&[
        "report",
        "pack",
        "--standard",
        "standard.yaml",
        "-o",
        &out.to_string_lossy(),
    ]);
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), ["评分表", "整改清单", "证据问题"]);
    let range = book.worksheet_range("证据问题").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows[0],
        [
            "序号",
            "文件",
            "问题类型",
            "是否计入",
            "涉及",
            "原因",
            "处理办法"
        ]
    );
    assert_eq!(
        rows[1],
        [
            "1",
            "A/2025-10-10 党工联席会议纪要.docx",
            "类型不符",
            "未计入",
            "A1.1",
            "内容是纯文本，不是 Word 文档",
            "用 Word 或 WPS 重新保存为 docx"
        ]
    );
    assert_eq!(rows.len(), 6);
}

#[test]
fn binary_under_a_text_name_is_not_counted_and_unjudged_extensions_are_left_alone() {
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("产改工作总结".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let p = TestPack::new()
        .file("A/总结.txt", utf16)
        .file("A/总结.md", fixture("photo.jpg"))
        // `.doc` is not judged here: whatever its bytes, a files check counts it
        .file("A/旧版总结.doc", "纪要");
    let ev = p.eval("files: {label: 经验总结, glob: \"A/*\", min: 3}");
    assert_eq!(decided(&ev), (Status::Partial, 0.6667));
    assert_eq!(evidence(&ev), ["A/总结.txt", "A/旧版总结.doc"]);
    let reasons: Vec<(&str, &str, &str)> = ev
        .evidence_quality
        .iter()
        .map(|f| (f.path.as_str(), f.reason.zh.as_str(), f.fix.zh.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [(
            "A/总结.md",
            "内容是 JPG 图片，不是文本文件",
            "另存为文本文件（txt）"
        )]
    );
}

#[test]
fn a_register_named_csv_that_is_a_workbook_says_so() {
    let p = TestPack::new().file("data/走访.csv", docx(&["不是表格"]));
    let ev = p.eval("records: {label: 走访台账, file: data/走访.csv}");
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    assert_eq!(
        zh(&ev),
        ["data/走访.csv: 内容是 Word 文档，不是 CSV 表格文件；请用 Excel 或 WPS 另存为 CSV（逗号分隔）"]
    );
}
