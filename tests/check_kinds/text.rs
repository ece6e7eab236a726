//! `text` checks over txt, md and docx documents (every format: tests/documents.rs).

use changai::outcome::Status;

use super::support::*;

const CHECK: &str = "text: {label: 实施方案, glob: \"A/*\", keywords: [产改, 领导小组, 任务清单]}";

#[test]
fn met_by_a_docx_with_every_keyword() {
    let p = TestPack::new()
        .file(
            "A/方案.docx",
            docx(&["灵峰工业社区产改实施方案", "成立领导小组，制定任务清单"]),
        )
        .evidence("A/照片.jpg");
    let ev = p.eval(CHECK);
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(
        zh(&ev),
        [
            "实施方案: 1 份文档包含全部关键词（产改、领导小组、任务清单）",
            "实施方案: 1 个文件不是文档（docx、PDF、odt、html、txt、md），无法读取文字，未计（如 A/照片.jpg）",
        ]
    );
    assert_eq!(evidence(&ev), ["A/方案.docx"]);
}

#[test]
fn partial_by_the_best_share_of_keywords() {
    let (gbk, _, _) = encoding_rs::GBK.encode("产改工作要点");
    let p = TestPack::new()
        .file("A/a.md", "# 产改\n成立领导小组")
        .file("A/b.txt", &gbk);
    let ev = p.eval(CHECK);
    assert_eq!(decided(&ev), (Status::Partial, 0.6667));
    assert_eq!(
        zh(&ev),
        ["实施方案: 没有文档包含全部关键词；最接近的 A/a.md 含 2/3 个，缺 任务清单"]
    );
    let ev = p.eval_item("partial_credit: false", CHECK);
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
}

#[test]
fn unmet_without_documents() {
    let p = TestPack::new().evidence("A/scan.pdf");
    let ev = p.eval(CHECK);
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    assert_eq!(zh(&ev)[0], "实施方案: 未找到可读取的文档");
}

#[test]
fn corrupt_docx_is_not_counted_with_its_reason() {
    // the officer can replace the file: not an error of the run, a finding that says what to do
    // a Word document by its parts whose body is broken XML (a text file named .docx is not
    // counted at all: tests/evidence_quality.rs)
    let broken = {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(b"<w:document><w:body><w:p>\xff</w:body>")
            .unwrap();
        zip.finish().unwrap().into_inner()
    };
    let p = TestPack::new().file("A/方案.docx", broken);
    let ev = p.eval(CHECK);
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    assert_eq!(
        zh(&ev),
        [
            "实施方案: 未找到可读取的文档",
            "实施方案: A/方案.docx 无法作为 Word 文档（docx）打开（文件可能已损坏或不完整），不计"
        ]
    );
    assert!(ev.problems.is_empty());
    assert_eq!(ev.evidence_quality[0].path, "A/方案.docx");
    assert_eq!(
        ev.evidence_quality[0].kind,
        changai::outcome::FindingKind::Unreadable
    );
}
