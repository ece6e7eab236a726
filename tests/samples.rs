//! Tests: every shipped evidence sample, evaluated against the embedded standard.
//!
//! Each pack's grade and total are asserted here; the status and score of every one of its 55
//! items is pinned by a snapshot (`tests/snapshots/lib__samples__<pack>.snap`), so any change in
//! a decision shows up as a reviewed diff.

use std::fmt::Write;
use std::path::PathBuf;

use changai::outcome::Results;

fn sample(name: &str) -> Results {
    let pack = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("evidence-samples")
        .join(name);
    changai::evaluate_pack(&pack, None).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// One line per item: id, status, score/points, and the first reason.
fn decisions(r: &Results) -> String {
    let mut out = String::new();
    for i in &r.items {
        let reason = i.reasons.first().map(|t| t.zh.as_str()).unwrap_or("");
        let _ = writeln!(
            out,
            "{:<6} {:<15} {:>5}/{:<3} {}",
            i.id,
            format!("{:?}", i.status),
            i.score,
            i.points,
            reason
        );
    }
    let _ = writeln!(out, "total {} grade {}", r.score.total, r.score.grade.id);
    for p in &r.problems {
        let _ = writeln!(out, "problem {} {} {}", p.code, p.location(), p.message);
        let _ = writeln!(out, "        en: {}", p.message_en);
    }
    out
}

fn check(name: &str, total: f64, grade: &str) {
    let r = sample(name);
    assert_eq!(r.items.len(), 55, "{name}");
    insta::assert_snapshot!(name, decisions(&r));
    assert_eq!(
        (r.score.total, r.score.grade.id.as_str()),
        (total, grade),
        "{name}"
    );
}

#[test]
fn lingfeng_is_excellent() {
    check("lingfeng-2025", 96.87, "excellent");
}

#[test]
fn dagang_passes_with_partial_and_unmet_items() {
    check("dagang-2025", 72.63, "pass");
}

#[test]
fn xiapu_fails_on_a_veto_with_errors_reported() {
    check("xiapu-2025", 59.08, "fail");
}

/// The sample reports of every pack in every format, pinned by snapshots: md, csv, html and the
/// json template context as text, the xlsx score sheet as its cells read back (cached values of
/// its formulas included).
#[test]
fn sample_reports_every_format() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let env = changai::cli::Env {
        cwd: repo.clone(),
        color: false,
        source_date_epoch: Some("1767139200".into()),
    };
    let dir = tempfile::tempdir().unwrap();
    for pack in ["lingfeng-2025", "dagang-2025", "xiapu-2025"] {
        let path = format!("evidence-samples/{pack}");
        for format in ["md", "csv", "html", "json"] {
            let out = changai::cli::run(["changai", "report", &path, "--format", format], &env);
            assert_eq!(
                out.code,
                changai::cli::Exit::Ok,
                "{pack} {format}: {}",
                out.stderr
            );
            let text = String::from_utf8(out.stdout).unwrap();
            insta::assert_snapshot!(format!("report-{pack}.{format}"), text);
        }
        let xlsx = dir.path().join(format!("{pack}.xlsx"));
        let out = changai::cli::run(
            [
                "changai",
                "report",
                &path,
                "--output",
                &xlsx.to_string_lossy(),
            ],
            &env,
        );
        assert_eq!(
            out.code,
            changai::cli::Exit::Ok,
            "{pack} xlsx: {}",
            out.stderr
        );
        insta::assert_snapshot!(format!("report-{pack}.xlsx"), workbook_cells(&xlsx));
    }
}

/// Every filled cell of every sheet, `A1=String("序号") | …`, one line per row (also used by
/// `tests/render.rs`).
pub fn workbook_cells(path: &std::path::Path) -> String {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let mut text = String::new();
    for name in book.sheet_names() {
        text.push_str(&format!("## {name}\n"));
        let range = book.worksheet_range(&name).unwrap();
        let (top, left) = range.start().unwrap_or((0, 0));
        for (r, row) in range.rows().enumerate() {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .filter(|(_, c)| !matches!(c, calamine::Data::Empty))
                .map(|(c, cell)| {
                    let col = char::from(b'A' + (left as usize + c) as u8);
                    format!("{col}{}={cell:?}", top as usize + r + 1)
                })
                .collect();
            if !cells.is_empty() {
                text.push_str(&cells.join(" | "));
                text.push('\n');
            }
        }
    }
    text
}

/// The check labelled `label` of item `id`, searched through `all`/`any` children.
fn check_of<'r>(r: &'r Results, id: &str, label: &str) -> &'r changai::outcome::CheckOutcome {
    fn find<'c>(
        cs: &'c [changai::outcome::CheckOutcome],
        label: &str,
    ) -> Option<&'c changai::outcome::CheckOutcome> {
        cs.iter().find_map(|c| {
            (c.label.as_deref() == Some(label))
                .then_some(c)
                .or_else(|| find(&c.children, label))
        })
    }
    let item = r.items.iter().find(|i| i.id == id).expect(id);
    find(&item.checks, label).unwrap_or_else(|| panic!("{id}: no check {label}"))
}

fn zh(texts: &[changai::standard::model::Text]) -> Vec<&str> {
    texts.iter().map(|t| t.zh.as_str()).collect()
}

fn paths(c: &changai::outcome::CheckOutcome) -> Vec<&str> {
    c.evidence.iter().map(|e| e.path.as_str()).collect()
}

/// The samples keep their registers as offices do (an Excel 97 file, a LibreOffice sheet, a WPS
/// file, a csv saved with its title row, a UTF-16 csv; title rows, 合计 rows and signature
/// footers) and their photos as phones name them; each is read as meant.
#[test]
fn samples_hold_office_registers_and_phone_photos_read_as_meant() {
    let lingfeng = sample("lingfeng-2025");
    let d23 = check_of(&lingfeng, "D2.3", "年度培训人次");
    assert_eq!(paths(d23), ["data/培训台账.xls"]);
    assert_eq!(
        zh(&d23.detail),
        [
            "台账位置：`data/培训台账`",
            "第 1–2 行为标题，表头在第 3 行；第 22 行为合计行；第 24–25 行为表尾（制表人…），不计"
        ]
    );
    // 18 rows, dates typed four ways, summed without the 合计 row
    assert_eq!(
        zh(&d23.reasons),
        [
            "年度培训人次: 18 行记录",
            "年度培训人次: “参训人次”合计 1025，需要不少于 2000（500 起按比例得分）"
        ]
    );
    let photos = check_of(&lingfeng, "E2.1", "假日学校照片");
    assert_eq!(photos.credit, 1.0);
    assert_eq!(
        paths(photos),
        [
            "E/E2.1/DSC_0806.jpg",
            "E/E2.1/IMG_20250714_090500.jpg",
            "E/E2.1/微信图片_20250722143000.jpg"
        ]
    );
    assert!(
        zh(&photos.detail).contains(
            &"`E/E2.1/DSC_0806.jpg`：文件名中没有日期，按照片拍摄日期 2025-08-06（EXIF DateTimeOriginal）"
        ),
        "{:?}",
        photos.detail
    );
    assert_eq!(
        paths(check_of(&lingfeng, "C2.1", "企服十条落实记录")),
        ["data/企服服务台账.ods"]
    );

    let dagang = sample("dagang-2025");
    let funds = check_of(&dagang, "A3.3", "经费支出台账");
    assert_eq!(paths(funds), ["data/经费台账.et"]);
    assert_eq!(
        zh(&funds.detail)[1],
        "第 1–2 行为标题，表头在第 3 行；第 15 行为合计行；第 17 行为表尾（制表人…），不计"
    );
    assert_eq!(
        paths(check_of(&dagang, "A2.4", "会议照片")),
        ["A/A2.4/IMG20250610140800.jpg"]
    );

    let xiapu = sample("xiapu-2025");
    // last year's photo renamed to this year's meeting: its EXIF says 2024-09-12
    let photos = check_of(&xiapu, "A2.4", "会议照片");
    assert_eq!(
        zh(&photos.reasons),
        [
            "会议照片: 1 个文件符合要求，至少需要 2 个",
            "会议照片: 1 个文件的文件名日期与文件内记录的日期不符，不计"
        ]
    );
    let conflict = xiapu
        .evidence_quality
        .iter()
        .find(|f| f.path == "A/A2.4/2025-09-12 推进会现场.jpg")
        .expect("date conflict");
    assert_eq!(
        conflict.reason.zh,
        "文件名日期 2025-09-12，但照片拍摄于 2024-09-12，相差 365 天"
    );
    // a general work review is not the item-by-item reconciliation
    let review = check_of(&xiapu, "F1.4", "复盘报告逐项对账");
    assert_eq!(review.credit, 0.0);
    assert_eq!(
        zh(&review.shortfall),
        ["没有文档写全关键词：最接近的 F/F1.4/2026-01-08 2025年工作复盘.docx 还缺 对账"]
    );
    assert_eq!(check_of(&xiapu, "E2.1", "假日学校照片").evidence.len(), 4);
    assert_eq!(
        paths(check_of(&xiapu, "A1.1", "领导小组成员名单")),
        ["data/领导小组成员.ods"]
    );
    let e31 = xiapu.items.iter().find(|i| i.id == "E3.1").expect("E3.1");
    assert_eq!(
        e31.evidence
            .iter()
            .map(|e| e.path.as_str())
            .collect::<Vec<_>>(),
        ["data/公益组织名册.csv"]
    );
}
