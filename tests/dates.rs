//! Issue 9, items 5 and 7: dates from phone, WeChat and screenshot names and from the content
//! (EXIF, office core properties, PDF), which date decides, date conflicts, and windows that
//! cross the period's end (`grace_days`, `report_due_days`).
//!
//! The photos, documents and PDF are made by Pillow and LibreOffice:
//! `tests/fixtures/dates/make.py`.

use changai::evidence::content_date::{content_date, DateSource};
use changai::evidence::dates::date_of_path;
use changai::outcome::{FindingKind, Status};

use crate::check_kinds::support::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/dates")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn zh(texts: &[changai::standard::model::Text]) -> Vec<&str> {
    texts.iter().map(|t| t.zh.as_str()).collect()
}

fn en(texts: &[changai::standard::model::Text]) -> Vec<&str> {
    texts.iter().map(|t| t.en.as_str()).collect()
}

#[test]
fn phone_wechat_and_screenshot_names_are_dated_right() {
    let table: &[(&str, Option<&str>)] = &[
        ("IMG20250601100000.jpg", Some("2025-06-01")),
        ("IMG_20250601_100000.jpg", Some("2025-06-01")),
        ("IMG_20250601_100000_BURST001.jpg", Some("2025-06-01")),
        ("VID_20250602_213000.mp4", Some("2025-06-02")),
        ("PXL_20250603_101530123.jpg", Some("2025-06-03")),
        ("PXL_20250603_101530123.MP.jpg", Some("2025-06-03")),
        ("微信图片_20250604100000.jpg", Some("2025-06-04")),
        ("微信图片_20250604100000_2.jpg", Some("2025-06-04")),
        ("QQ图片20250605083000.png", Some("2025-06-05")),
        // 2025-06-01 02:00:00 UTC is 10:00 in China
        ("mmexport1748743200000.jpg", Some("2025-06-01")),
        // 2025-05-31 16:30 UTC is already 1 June in China
        ("mmexport1748709000000.jpg", Some("2025-06-01")),
        ("wx_camera_1748743200000.jpg", Some("2025-06-01")),
        (
            "Screenshot_2025-06-06-10-00-00-123_com.tencent.mm.png",
            Some("2025-06-06"),
        ),
        ("Screenshot_20250607-101500.png", Some("2025-06-07")),
        ("Screenshot 2025-06-08 at 10.00.00.png", Some("2025-06-08")),
        ("截屏2025-06-09 10.00.00.png", Some("2025-06-09")),
        ("截屏2025-06-09 下午3.20.15.png", Some("2025-06-09")),
        ("２０２５－０６－１０ 宣讲会.jpg", Some("2025-06-10")),
        ("２０２５年６月１１日 签到表.jpg", Some("2025-06-11")),
        (
            "微信图片_２０２５０６１２１０００００.jpg",
            Some("2025-06-12"),
        ),
        // folders date photos kept per event
        ("B/2025-06-13 宣讲会/IMG_0001.jpg", Some("2025-06-13")),
        // not dates: ids, impossible stamps, a bare 13-digit number, epochs out of range
        ("IMG_0042.jpg", None),
        ("DSC_0007.png", None),
        ("IMG20251301100000.jpg", None),
        ("IMG20250601250000.jpg", None),
        ("微信图片_20250601106100.jpg", None),
        ("1748743200000.jpg", None),
        ("订单号1748743200000.pdf", None),
        ("mmexport174874320000.jpg", None),
        ("mmexport0000000000001.jpg", None),
        ("mmexport9999999999999.jpg", None),
        ("13800138000.jpg", None),
        ("身份证330102199001011234.jpg", None),
    ];
    let got: Vec<(&str, Option<String>)> = table
        .iter()
        .map(|(name, _)| (*name, date_of_path(name).map(|f| f.date.to_string())))
        .collect();
    let want: Vec<(&str, Option<String>)> = table
        .iter()
        .map(|(name, d)| (*name, d.map(str::to_owned)))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn content_dates_of_files_made_by_real_software() {
    let table: &[(&str, Option<(&str, DateSource)>)] = &[
        (
            "IMG_0042.jpg",
            Some(("2025-06-01", DateSource::ExifOriginal)),
        ),
        (
            "2025-10-10 活动照片.jpg",
            Some(("2024-03-02", DateSource::ExifOriginal)),
        ),
        (
            "DSC_0007.png",
            Some(("2025-04-05", DateSource::ExifOriginal)),
        ),
        (
            "IMG_0043.jpg",
            Some(("2025-07-08", DateSource::ExifChanged)),
        ),
        ("IMG_0044.jpg", None),
        ("纪要.docx", Some(("2025-05-20", DateSource::OfficeCreated))),
        (
            "纪要.odt",
            Some(("2025-05-20", DateSource::OpenDocumentCreated)),
        ),
        ("纪要.pdf", Some(("2025-05-20", DateSource::PdfCreated))),
    ];
    for (name, want) in table {
        let ext = name.rsplit('.').next().unwrap();
        let got = content_date(ext, &fixture(name)).map(|c| (c.date.to_string(), c.source));
        assert_eq!(got, want.map(|(d, s)| (d.to_owned(), s)), "{name}");
    }
    // a truncated photo or document has no date, and no panic
    for name in ["IMG_0042.jpg", "纪要.docx", "纪要.pdf"] {
        let bytes = fixture(name);
        let ext = name.rsplit('.').next().unwrap();
        for cut in [0, 1, 10, bytes.len() / 2] {
            let _ = content_date(ext, &bytes[..cut]);
        }
    }
}

const PHOTOS: &str = "files: {label: 活动照片, glob: \"B/照片/*\", in_period: true}";

#[test]
fn a_photo_without_a_name_date_counts_by_its_exif_date() {
    let p = TestPack::new()
        .file("B/照片/IMG_0042.jpg", fixture("IMG_0042.jpg"))
        .file("B/照片/IMG_0044.jpg", fixture("IMG_0044.jpg"))
        .file(
            "B/照片/2025-06-01 宣讲会现场.jpg",
            fixture("2025-06-01 宣讲会现场.jpg"),
        );
    let ev = p.eval(PHOTOS);
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(
        evidence(&ev),
        ["B/照片/2025-06-01 宣讲会现场.jpg", "B/照片/IMG_0042.jpg"]
    );
    let c = &item(&ev).checks[0];
    assert_eq!(
        zh(&c.reasons),
        [
            "活动照片: 2 个文件符合要求",
            "活动照片: 1 个文件名中没有日期，不计（文件名请以日期开头，如 2025-03-15）"
        ]
    );
    assert_eq!(
        zh(&c.detail),
        [
            "文件位置：`B/照片/*`",
            "`B/照片/IMG_0042.jpg`：文件名中没有日期，按照片拍摄日期 2025-06-01（EXIF DateTimeOriginal）",
            "其余 1 个文件按文件名中的日期",
        ]
    );
    assert_eq!(
        en(&c.detail)[1],
        "`B/照片/IMG_0042.jpg`: no date in the name; dated by the photo's taken date, 2025-06-01 (EXIF DateTimeOriginal)"
    );
    assert!(ev.evidence_quality.is_empty());
}

#[test]
fn documents_without_a_name_date_count_by_their_created_date() {
    let p = TestPack::new()
        .file("A/纪要/纪要.docx", fixture("纪要.docx"))
        .file("A/纪要/纪要.odt", fixture("纪要.odt"))
        .file("A/纪要/纪要.pdf", fixture("纪要.pdf"));
    let ev = p.eval("files: {label: 会议纪要, glob: \"A/纪要/*\", in_period: true, periods: {per: half, min: 1}}");
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(evidence(&ev).len(), 3);
    let c = &item(&ev).checks[0];
    assert_eq!(
        zh(&c.detail)[1..],
        [
            "`A/纪要/纪要.docx`：文件名中没有日期，按文档创建日期 2025-05-20（docProps/core.xml dcterms:created）",
            "`A/纪要/纪要.odt`：文件名中没有日期，按文档创建日期 2025-05-20（meta.xml meta:creation-date）",
            "`A/纪要/纪要.pdf`：文件名中没有日期，按PDF 生成日期 2025-05-20（PDF /CreationDate）",
        ]
    );
}

#[test]
fn a_content_date_far_from_the_name_is_a_conflict_that_still_counts() {
    let p = TestPack::new().file(
        "B/照片/2025-10-10 活动照片.jpg",
        fixture("2025-10-10 活动照片.jpg"),
    );
    let ev = p.eval(PHOTOS);
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(ev.evidence_quality.len(), 1);
    let f = &ev.evidence_quality[0];
    assert_eq!(f.path, "B/照片/2025-10-10 活动照片.jpg");
    assert_eq!(f.kind, FindingKind::DateConflict);
    assert!(f.counted);
    assert_eq!(f.items, ["A1.1"]);
    assert_eq!(
        f.reason.zh,
        "文件名日期 2025-10-10，但照片拍摄于 2024-03-02，相差 587 天"
    );
    assert_eq!(
        f.reason.en,
        "the name's date is 2025-10-10, but the photo was taken on 2024-03-02, 587 days apart"
    );
    assert_eq!(
        f.fix.zh,
        "核对日期：文件名日期有误的请改正；事后补做的材料请说明原因"
    );
    let c = &item(&ev).checks[0];
    assert_eq!(
        zh(&c.detail)[1],
        "`B/照片/2025-10-10 活动照片.jpg`：文件名日期 2025-10-10 与文件内日期 2024-03-02（EXIF DateTimeOriginal）不符，仍以文件名日期为准"
    );
}

#[test]
fn dates_agree_discounts_a_conflict_and_tolerance_is_the_standards() {
    let p = TestPack::new()
        .file(
            "B/照片/2025-10-10 活动照片.jpg",
            fixture("2025-10-10 活动照片.jpg"),
        )
        .file(
            "B/照片/2025-06-01 宣讲会现场.jpg",
            fixture("2025-06-01 宣讲会现场.jpg"),
        );
    let check =
        "files: {label: 活动照片, glob: \"B/照片/*\", in_period: true, min: 2, dates_agree: true}";
    let ev = p.eval(check);
    assert_eq!(decided(&ev), (Status::Partial, 0.5));
    assert_eq!(evidence(&ev), ["B/照片/2025-06-01 宣讲会现场.jpg"]);
    let c = &item(&ev).checks[0];
    assert_eq!(
        zh(&c.reasons),
        [
            "活动照片: 1 个文件符合要求，至少需要 2 个",
            "活动照片: 1 个文件的文件名日期与文件内记录的日期不符，不计",
        ]
    );
    assert_eq!(
        zh(&c.shortfall)[1],
        "有 1 个文件的文件名日期与文件内记录的日期不符，不计：B/照片/2025-10-10 活动照片.jpg（请换成当时形成的原始文件，或改正文件名中的日期）"
    );
    let f = &ev.evidence_quality[0];
    assert_eq!((f.kind, f.counted), (FindingKind::DateConflict, false));
    assert_eq!(f.fix.zh, "换成当时形成的原始文件，或改正文件名中的日期");

    // a tolerance of 600 days makes the two agree
    let ev = p.eval(
        "files: {glob: \"B/照片/*\", in_period: true, min: 2, dates_agree: true, date_tolerance_days: 600}",
    );
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert!(ev.evidence_quality.is_empty());
}

#[test]
fn a_content_date_after_the_period_is_a_conflict() {
    // a photo named 2024-12-25 but stored in July 2025, in the 2024 period
    let p = TestPack::with_pack_yaml(&PACK_2025.replace("period: 2025", "period: 2024"))
        .file(
            "B/照片/2025-06-01 宣讲会现场.jpg",
            fixture("2025-06-01 宣讲会现场.jpg"),
        )
        .file("B/照片/2024-12-25 走访.jpg", fixture("IMG_0043.jpg"));
    let ev = p.eval("files: {glob: \"B/照片/*\", in_period: true, grace_days: 10}");
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    let reasons: Vec<(&str, &str)> = ev
        .evidence_quality
        .iter()
        .map(|f| (f.path.as_str(), f.reason.zh.as_str()))
        .collect();
    // the photo named and taken in 2025 is outside the period, not in conflict
    assert_eq!(
        reasons,
        [(
            "B/照片/2024-12-25 走访.jpg",
            "文件名日期 2024-12-25，但照片存储于 2025-07-08，晚于评价期结束后 10 天（2025-01-10）"
        )]
    );
    let ev = p.eval("files: {glob: \"B/照片/*\", in_period: true}");
    assert_eq!(
        ev.evidence_quality[0].reason.en,
        "the name's date is 2024-12-25, but the photo was stored on 2025-07-08, after the review period ends (2024-12-31)"
    );
}

const REPORTS: &str = "files: {label: 述职报告, glob: \"F/*述职*\", in_period: true, periods: {per: half, min: 2, report_due_days: 31}}";

#[test]
fn a_january_report_counts_for_the_second_half_year() {
    let p = TestPack::new()
        .evidence("F/2025-06-27 上半年述职报告.docx")
        .evidence("F/2026-01-31 下半年述职报告.docx");
    let ev = p.eval(REPORTS);
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(
        zh(&item(&ev).checks[0].reasons),
        ["述职报告: 2 个文件符合要求", "述职报告: 覆盖 2/2 个半年"]
    );
}

#[test]
fn a_report_a_day_too_late_does_not_count() {
    let p = TestPack::new()
        .evidence("F/2025-06-27 上半年述职报告.docx")
        .evidence("F/2026-02-01 下半年述职报告.docx");
    let ev = p.eval(REPORTS);
    assert_eq!(decided(&ev), (Status::Partial, 0.5));
    let c = &item(&ev).checks[0];
    assert_eq!(
        zh(&c.reasons),
        [
            "述职报告: 1 个文件符合要求",
            "述职报告: 覆盖 1/2 个半年，缺 2025年下半年",
            "述职报告: 1 个文件的日期不在评价期 2025 及其后 31 天内，不计",
        ]
    );
    assert_eq!(
        en(&c.reasons)[2],
        "述职报告: 1 file dated outside the review period 2025 and the 31 days after it; not counted"
    );
    assert_eq!(
        zh(&c.shortfall)[1],
        "有 1 个文件日期不在 2025 年内（期末后 31 天内的也计），不计：F/2026-02-01 下半年述职报告.docx"
    );
}

#[test]
fn a_report_due_after_its_half_counts_for_that_half() {
    // H1's report heard on 20 July, H2's on 20 January: both halves covered; without the due
    // days the July report is H2's and the January one outside the period
    let p = TestPack::new()
        .evidence("F/2025-07-20 上半年述职报告.docx")
        .evidence("F/2026-01-20 下半年述职报告.docx");
    assert_eq!(decided(&p.eval(REPORTS)), (Status::Met, 1.0));
    let ev = p.eval("files: {glob: \"F/*述职*\", in_period: true, periods: {per: half, min: 2}}");
    assert_eq!(decided(&ev), (Status::Partial, 0.5));
    // one report cannot count for two halves
    let p = TestPack::new().evidence("F/2025-07-20 述职报告.docx");
    assert_eq!(decided(&p.eval(REPORTS)), (Status::Partial, 0.5));
}

#[test]
fn grace_days_on_a_register() {
    let p = TestPack::new().file(
        "data/复盘.csv",
        "日期,事项\n2025-12-20,对账\n2026-01-10,复盘\n2026-01-20,补记\n",
    );
    let ev = p.eval("records: {file: data/复盘.csv, date_column: 日期, min: 2, grace_days: 15}");
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(
        zh(&item(&ev).checks[0].reasons)
            .into_iter()
            .filter(|r| r.contains("不计"))
            .collect::<Vec<_>>(),
        ["复盘: 1 行的日期不在评价期 2025 及其后 15 天内，不计"]
    );
    let ev = p.eval("records: {file: data/复盘.csv, date_column: 日期, min: 2}");
    assert_eq!(decided(&ev), (Status::Partial, 0.5));
}

#[test]
fn a_date_setting_on_an_undated_check_is_a_lint_error() {
    let yaml = standard_yaml(
        "",
        &[
            "files: {glob: \"A/*\", grace_days: 31}",
            "files: {glob: \"A/*\", in_period: true, grace_days: 31, dates_agree: true}",
            "records: {file: data/a.csv, grace_days: 10}",
        ],
    );
    let loaded = changai::standard::load::load_sources(("s.yaml".into(), yaml), vec![]);
    let standard = loaded.standard.as_ref().unwrap();
    let found: Vec<(String, Option<usize>, String)> =
        changai::standard::lint::lint(standard, &loaded)
            .into_iter()
            .filter(|d| d.code == "bad-rule")
            .map(|d| (d.code.clone(), d.line, d.message.clone()))
            .collect();
    assert_eq!(
        found,
        [
            (
                "bad-rule".to_owned(),
                Some(21),
                "`grace_days` 只对按日期计的检查有用，这个检查没有 `in_period`、`due` 或 `periods`"
                    .to_owned()
            ),
            (
                "bad-rule".to_owned(),
                Some(23),
                "`grace_days` 只对按日期计的检查有用，这个检查没有 `date_column` 或 `periods`"
                    .to_owned()
            ),
        ]
    );
}
