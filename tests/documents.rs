//! Documents read for their text and pages (issue 9, item 2): every format made by real office
//! software (tests/fixtures/documents/make.sh), the content rules `min_pages` and `min_chars`,
//! what cannot be read reported as such (never "keyword not found"), and hostile files refused
//! with a clear reason.

use changai::check::Evaluation;
use changai::evidence::document::{self, Document};
use changai::outcome::{FindingKind, Status};

use crate::check_kinds::support::*;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("tests/fixtures/documents/{name}")).unwrap()
}

fn read(name: &str) -> Result<Document, document::Unreadable> {
    document::read(name, &fixture(name))
}

/// One marker word in each part of the minutes: header, body, table, footnote, footer.
const PARTS: &str =
    "text: {label: 会议纪要, glob: \"A/*\", keywords: [页眉标记, 正文标记, 表格标记, 脚注标记, 页脚标记]}";

/// `(path, kind, counted, reason zh, fix zh, items)` of each evidence-quality finding.
fn findings(ev: &Evaluation) -> Vec<(String, FindingKind, bool, String, String, Vec<String>)> {
    ev.evidence_quality
        .iter()
        .map(|f| {
            (
                f.path.clone(),
                f.kind,
                f.counted,
                f.reason.zh.clone(),
                f.fix.zh.clone(),
                f.items.clone(),
            )
        })
        .collect()
}

fn detail_zh(ev: &Evaluation) -> Vec<String> {
    item(ev).checks[0]
        .detail
        .iter()
        .map(|d| d.zh.clone())
        .collect()
}

fn shortfall_zh(ev: &Evaluation) -> Vec<String> {
    item(ev).shortfall.iter().map(|d| d.zh.clone()).collect()
}

#[test]
fn every_part_of_the_minutes_is_read_in_docx_odt_pdf_and_html() {
    for name in ["minutes.docx", "minutes.odt", "minutes.pdf", "minutes.html"] {
        let p = TestPack::new().file(&format!("A/{name}"), fixture(name));
        let ev = p.eval(PARTS);
        assert_eq!(decided(&ev), (Status::Met, 1.0), "{name}");
        assert_eq!(
            zh(&ev),
            ["会议纪要: 1 份文档包含全部关键词（页眉标记、正文标记、表格标记、脚注标记、页脚标记）"],
            "{name}"
        );
        assert_eq!(evidence(&ev), [format!("A/{name}")]);
        assert!(ev.evidence_quality.is_empty(), "{name}");
        assert!(ev.problems.is_empty(), "{name}");
    }
}

#[test]
fn texts_and_page_counts_exact() {
    let pdf = read("minutes.pdf").unwrap();
    assert_eq!(pdf.pages, Some(2));
    // pdftotext writes "2025 年 10 月"; keywords are compared without whitespace
    assert!(pdf.contains("2025年10月10日党工联席会议纪要"));
    assert!(pdf.contains("第二页：会议议定事项落实情况"));
    assert_eq!(read("note.pdf").unwrap().pages, Some(1));
    assert_eq!(read("minutes.odt").unwrap().pages, Some(2));
    // LibreOffice writes no <Pages> into a docx's app.xml (Word does): not known
    assert_eq!(read("minutes.docx").unwrap().pages, None);
    assert_eq!(read("minutes.html").unwrap().pages, None);
    for name in ["note.pdf", "note.docx"] {
        let d = read(name).unwrap();
        assert_eq!(d.compact, "签到表张三李四", "{name}");
        assert_eq!(d.chars(), 7, "{name}");
    }
    let docx = read("minutes.docx").unwrap();
    assert_eq!(
        docx.text.lines().next(),
        Some("灵峰工业社区工会 页眉标记"),
        "headers come first"
    );
}

#[test]
fn text_files_in_every_encoding() {
    for name in [
        "utf8.txt",
        "utf8-bom.txt",
        "gbk.txt",
        "utf16le.txt",
        "utf16be.md",
    ] {
        let d = read(name).unwrap();
        assert_eq!(
            d.text.trim_start_matches("# "),
            "产改工作要点：成立领导小组，制定任务清单。\n",
            "{name}"
        );
        let p = TestPack::new().file(&format!("A/{name}"), fixture(name));
        let ev =
            p.eval("text: {label: 实施方案, glob: \"A/*\", keywords: [产改, 领导小组, 任务清单]}");
        assert_eq!(decided(&ev), (Status::Met, 1.0), "{name}");
    }
}

#[test]
fn binary_word_rtf_and_scans_are_not_readable_never_keyword_not_found() {
    let p = TestPack::new()
        .file("A/2025-10-10 纪要.doc", fixture("minutes.doc"))
        .file("A/2025-10-11 纪要.rtf", fixture("minutes.rtf"))
        .file("A/2025-10-12 纪要扫描件.pdf", fixture("scan.pdf"))
        .file("A/2025-10-13 纪要.docx", fixture("minutes.doc"));
    let ev = p.eval("text: {label: 会议纪要, glob: \"A/*\", keywords: [正文标记]}");
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    assert_eq!(
        zh(&ev),
        [
            // a binary .doc renamed .docx is caught before reading, by its content (evidence::kind)
            "会议纪要: 1 个文件的内容与文件类型不符，不计：A/2025-10-13 纪要.docx（内容是旧版 Office 文件（如 doc、xls、wps），不是 Word 文档）",
            "会议纪要: 未找到可读取的文档",
            "会议纪要: A/2025-10-10 纪要.doc 旧版 Word/WPS 二进制文档（doc、wps），无法读取文字，不计",
            "会议纪要: A/2025-10-11 纪要.rtf RTF 文档，无法读取文字，不计",
            "会议纪要: A/2025-10-12 纪要扫描件.pdf PDF 没有文字层（可能是扫描件或照片），无法读取文字，不计",
        ]
    );
    assert_eq!(
        en(&ev)[4],
        "会议纪要: A/2025-10-12 纪要扫描件.pdf: the PDF has no text layer (a scan or a photo, it seems); its text cannot be read; not counted"
    );
    let resave = "另存为 docx 或带文字的 PDF".to_owned();
    let one = vec!["A1.1".to_owned()];
    assert_eq!(
        findings(&ev),
        [
            (
                "A/2025-10-10 纪要.doc".to_owned(),
                FindingKind::Unreadable,
                false,
                "旧版 Word/WPS 二进制文档（doc、wps），无法读取文字".to_owned(),
                resave.clone(),
                one.clone()
            ),
            (
                "A/2025-10-11 纪要.rtf".to_owned(),
                FindingKind::Unreadable,
                false,
                "RTF 文档，无法读取文字".to_owned(),
                resave.clone(),
                one.clone()
            ),
            (
                "A/2025-10-12 纪要扫描件.pdf".to_owned(),
                FindingKind::Unreadable,
                false,
                "PDF 没有文字层（可能是扫描件或照片），无法读取文字".to_owned(),
                "另存为 docx 或带文字的 PDF（扫描件可先做文字识别）".to_owned(),
                one.clone()
            ),
            (
                "A/2025-10-13 纪要.docx".to_owned(),
                FindingKind::WrongType,
                false,
                "内容是旧版 Office 文件（如 doc、xls、wps），不是 Word 文档".to_owned(),
                "用 Word 或 WPS 重新保存为 docx".to_owned(),
                one.clone()
            ),
        ]
    );
    assert_eq!(
        shortfall_zh(&ev)[1],
        "A/2025-10-10 纪要.doc 旧版 Word/WPS 二进制文档（doc、wps），无法读取文字，不计：请另存为 docx 或带文字的 PDF"
    );
    // not an error of the run: the officer can fix each of them
    assert!(ev.problems.is_empty());
}

#[test]
fn a_readable_document_beside_an_unreadable_one_meets_the_check() {
    let p = TestPack::new()
        .file("A/纪要.doc", fixture("minutes.doc"))
        .file("A/纪要.pdf", fixture("minutes.pdf"));
    let ev = p.eval("text: {label: 会议纪要, glob: \"A/*\", keywords: [正文标记]}");
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(
        zh(&ev),
        [
            "会议纪要: 1 份文档包含全部关键词（正文标记）",
            "会议纪要: A/纪要.doc 旧版 Word/WPS 二进制文档（doc、wps），无法读取文字，不计",
        ]
    );
    assert_eq!(evidence(&ev), ["A/纪要.pdf"]);
    assert_eq!(ev.evidence_quality.len(), 1);
}

#[test]
fn min_pages_on_files_counts_pdf_pages_and_photos_as_one_page() {
    let p = TestPack::new()
        .file("A/2025-03-01 签到表.pdf", fixture("note.pdf"))
        .file("A/2025-03-02 签到表.pdf", fixture("minutes.pdf"))
        .evidence("A/2025-03-03 签到表.jpg")
        .file("A/2025-03-04 签到表.docx", fixture("note.docx"))
        .file("A/2025-03-05 签到表.odt", fixture("minutes.odt"));
    let ev = p.eval("files: {label: 签到表, glob: \"A/*\", in_period: true, min: 3, min_pages: 2}");
    // the docx records no page count: not judged, counted, said in the detail
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(
        zh(&ev),
        [
            "签到表: 3 个文件符合要求",
            "签到表: A/2025-03-01 签到表.pdf 只有 1 页，至少需要 2 页，不计",
            "签到表: A/2025-03-03 签到表.jpg 只有 1 页，至少需要 2 页，不计",
        ]
    );
    assert_eq!(
        evidence(&ev),
        [
            "A/2025-03-02 签到表.pdf",
            "A/2025-03-04 签到表.docx",
            "A/2025-03-05 签到表.odt"
        ]
    );
    assert_eq!(
        detail_zh(&ev),
        [
            "文件位置：`A/*`",
            "A/2025-03-04 签到表.docx：文件未记录页数，页数要求（至少 2 页）未核对",
            // the fixture PDF was made by LibreOffice on 2026-12-02: its own date disagrees
            "`A/2025-03-02 签到表.pdf`：文件名日期 2025-03-02 与文件内日期 2026-12-02（PDF /CreationDate）不符，仍以文件名日期为准",
            "其余 2 个文件按文件名中的日期",
        ]
    );
    let fix = "补全材料（至少 2 页）".to_owned();
    let one = vec!["A1.1".to_owned()];
    assert_eq!(
        findings(&ev),
        [
            (
                "A/2025-03-01 签到表.pdf".to_owned(),
                FindingKind::TooFewPages,
                false,
                "只有 1 页，至少需要 2 页".to_owned(),
                fix.clone(),
                one.clone()
            ),
            (
                "A/2025-03-02 签到表.pdf".to_owned(),
                FindingKind::DateConflict,
                true,
                "文件名日期 2025-03-02，但 PDF 生成于 2026-12-02，晚于评价期结束日 2025-12-31"
                    .to_owned(),
                "核对日期：文件名日期有误的请改正；事后补做的材料请说明原因".to_owned(),
                one.clone()
            ),
            (
                "A/2025-03-03 签到表.jpg".to_owned(),
                FindingKind::TooFewPages,
                false,
                "只有 1 页，至少需要 2 页".to_owned(),
                fix.clone(),
                one.clone()
            ),
        ]
    );
    // one more required: the shortfall names the files that did not count
    let ev = p.eval("files: {label: 签到表, glob: \"A/*\", min: 4, min_pages: 2}");
    assert_eq!(decided(&ev), (Status::Partial, 0.75));
    assert_eq!(
        shortfall_zh(&ev),
        [
            "还差 1 个：签到表（A 文件夹中的文件，每份至少 2 页）",
            "A/2025-03-01 签到表.pdf 只有 1 页，至少需要 2 页，不计：请补全材料",
            "A/2025-03-03 签到表.jpg 只有 1 页，至少需要 2 页，不计：请补全材料",
        ]
    );
}

#[test]
fn min_chars_on_files_and_text_checks() {
    let p = TestPack::new()
        .file("A/2025-10-10 纪要.docx", fixture("minutes.docx"))
        .file("A/2025-10-11 纪要.pdf", fixture("note.pdf"))
        .evidence("A/2025-10-12 纪要.jpg");
    let ev = p.eval("files: {label: 会议纪要, glob: \"A/*\", min_chars: 50}");
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(
        zh(&ev),
        [
            "会议纪要: 1 个文件符合要求",
            "会议纪要: A/2025-10-11 纪要.pdf 只有 7 个字，至少需要 50 个字，不计",
            "会议纪要: A/2025-10-12 纪要.jpg 照片或图片，无法读取文字，不计",
        ]
    );
    assert_eq!(
        findings(&ev)
            .iter()
            .map(|f| (f.0.as_str(), f.1, f.3.as_str(), f.4.as_str()))
            .collect::<Vec<_>>(),
        [
            (
                "A/2025-10-11 纪要.pdf",
                FindingKind::TooFewChars,
                "只有 7 个字，至少需要 50 个字",
                "补全内容（至少 50 个字）"
            ),
            (
                "A/2025-10-12 纪要.jpg",
                FindingKind::Unreadable,
                "照片或图片，无法读取文字",
                "另存为 docx 或带文字的 PDF"
            ),
        ]
    );
    let ev = p.eval(
        "text: {label: 会议纪要, glob: \"A/*.{docx,pdf}\", keywords: [签到表], min_chars: 50}",
    );
    // the only document with the keyword is too short: the closest one lacks it
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    assert_eq!(
        zh(&ev),
        [
            "会议纪要: 没有文档包含全部关键词；最接近的 A/2025-10-10 纪要.docx 含 0/1 个，缺 签到表",
            "会议纪要: A/2025-10-11 纪要.pdf 只有 7 个字，至少需要 50 个字，不计",
        ]
    );
}

#[test]
fn min_pages_on_a_text_check() {
    let p = TestPack::new()
        .file("A/短.pdf", fixture("note.pdf"))
        .file("A/长.pdf", fixture("minutes.pdf"));
    let ev = p.eval("text: {label: 会议纪要, glob: \"A/*\", keywords: [张三], min_pages: 2}");
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(evidence(&ev), ["A/长.pdf"]);
    assert_eq!(
        zh(&ev),
        [
            "会议纪要: 1 份文档包含全部关键词（张三）",
            "会议纪要: A/短.pdf 只有 1 页，至少需要 2 页，不计",
        ]
    );
}

#[test]
fn hostile_documents_are_refused_with_a_reason() {
    let cases = [
        (
            "truncated.pdf",
            "无法作为 PDF 打开（文件可能已损坏或不完整）",
            "重新导出或重新下载完整的文件",
        ),
        (
            "loop.pdf",
            "无法作为 PDF 打开（文件可能已损坏或不完整）",
            "重新导出或重新下载完整的文件",
        ),
        (
            "bomb.pdf",
            "PDF 解压后超过 32 MiB，拒绝读取",
            "另存为较小的 docx 或 PDF",
        ),
        (
            "bomb.docx",
            "Word 文档（docx）解压后超过 64 MiB，拒绝读取",
            "另存为较小的 docx 或 PDF",
        ),
    ];
    for (name, reason, fix) in cases {
        // a PDF cut short is caught before it is read, by its missing end (`evidence::kind`)
        let found = match name {
            "truncated.pdf" => (
                FindingKind::WrongType,
                "PDF 文件不完整（缺少结尾，可能没有下载完或已损坏）",
            ),
            _ => (FindingKind::Unreadable, reason),
        };
        let u = read(name).unwrap_err();
        assert_eq!(
            (u.reason.zh.as_str(), u.fix.zh.as_str()),
            (reason, fix),
            "{name}"
        );
        let p = TestPack::new().file(&format!("A/{name}"), fixture(name));
        let ev = p.eval("text: {label: 会议纪要, glob: \"A/*\", keywords: [正文标记]}");
        assert_eq!(decided(&ev), (Status::Unmet, 0.0), "{name}");
        assert_eq!(
            findings(&ev)
                .iter()
                .map(|f| (f.1, f.3.as_str()))
                .collect::<Vec<_>>(),
            [found],
            "{name}"
        );
    }
    assert_eq!(
        read("loop.pdf").unwrap_err().detail.as_deref(),
        Some("no pages in the page tree")
    );
    // the reader's own words go to --explain
    let p = TestPack::new().file("A/x.pdf", fixture("loop.pdf"));
    let ev = p.eval("text: {glob: \"A/*\", keywords: [正文标记]}");
    assert_eq!(
        detail_zh(&ev),
        ["文档位置：`A/*`", "A/x.pdf：no pages in the page tree"]
    );
}

#[test]
fn each_document_is_read_once_per_run() {
    // two checks over one file: one finding, both items' checks saw the same reading
    let p = TestPack::new().file("A/纪要.doc", fixture("minutes.doc"));
    let ev = p.eval_item(
        "",
        "all:\n  - text: {glob: \"A/*\", keywords: [正文标记]}\n  - files: {glob: \"A/*\", min_chars: 10}",
    );
    assert_eq!(ev.evidence_quality.len(), 1);
    assert_eq!(ev.evidence_quality[0].items, ["A1.1"]);
}
