//! `files` checks.

use changai::outcome::Status;

use super::support::*;

#[test]
fn met_when_enough_files() {
    let p = TestPack::new()
        .evidence("A/A1.1/2025-02-10 成立通知.pdf")
        .evidence("A/A1.1/成员名单.docx");
    let ev = p.eval("files: {label: 成立通知, glob: \"A/A1.1/*\", min: 2}");
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(zh(&ev), ["成立通知: 2 个文件符合要求"]);
    assert_eq!(en(&ev), ["成立通知: 2 qualifying files"]);
    assert_eq!(
        evidence(&ev),
        ["A/A1.1/2025-02-10 成立通知.pdf", "A/A1.1/成员名单.docx"]
    );
    assert_eq!(item(&ev).score, 2.0);
    assert!(item(&ev).core);
    assert_eq!(item(&ev).path, ["A", "A1"]);
}

#[test]
fn partial_with_wrong_extension_and_empty_file_explained() {
    let p = TestPack::new()
        .evidence("A/a.PDF")
        .file("A/b.pdf", "")
        .file("A/c.txt", "x");
    let ev = p.eval("files: {label: 成立通知, glob: \"A/*\", min: 2, extensions: [pdf]}");
    assert_eq!(decided(&ev), (Status::Partial, 0.5));
    assert_eq!(item(&ev).score, 1.0);
    assert_eq!(
        zh(&ev),
        [
            "成立通知: 1 个文件符合要求，至少需要 2 个",
            "成立通知: 1 个文件类型不符，不计（可用：pdf）",
            "成立通知: 1 个空文件（0 字节）不计",
        ]
    );
    assert_eq!(evidence(&ev), ["A/a.PDF"]);
}

#[test]
fn unmet_when_nothing_matches() {
    let p = TestPack::new().evidence("B/x.pdf");
    let ev = p.eval("files: {label: 成立通知, glob: \"A/*.pdf\"}");
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    assert_eq!(zh(&ev), ["成立通知: 未找到文件"]);
    assert_eq!(en(&ev), ["成立通知: no file found"]);
}

#[test]
fn error_on_invalid_glob_or_due() {
    let p = TestPack::new().evidence("A/x.pdf");
    let ev = p.eval("files: {label: 通知, glob: \"A/[.pdf\"}");
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    assert_eq!(zh(&ev), ["通知: 标准中文件位置的写法有误，无法核对"]);
    assert_eq!(
        en(&ev),
        ["通知: the standard writes the file location wrongly; not checked"]
    );
    let ev = p.eval("files: {label: 通知, glob: \"A/*\", due: \"13-01\"}");
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    assert_eq!(
        zh(&ev),
        ["通知: 标准中的截止日“13-01”不是“月-日”格式的日期"]
    );
}

#[test]
fn star_does_not_cross_folders_and_double_star_does() {
    let p = TestPack::new().evidence("A/sub/x.pdf");
    let ev = p.eval("files: {label: 通知, glob: \"A/*.pdf\"}");
    assert_eq!(decided(&ev).0, Status::Unmet);
    let ev = p.eval("files: {label: 通知, glob: \"A/**/*.pdf\"}");
    assert_eq!(decided(&ev).0, Status::Met);
}

#[test]
fn in_period_excludes_undated_and_outside_files_and_says_so() {
    let p = TestPack::new()
        .evidence("A/2025-03-15 纪要.docx")
        .evidence("A/2024-12-30 纪要.docx")
        .evidence("A/纪要.docx")
        .evidence("A/20251332 纪要.docx");
    let ev = p.eval("files: {label: 会议纪要, glob: \"A/*\", min: 2, in_period: true}");
    assert_eq!(decided(&ev), (Status::Partial, 0.5));
    assert_eq!(
        zh(&ev),
        [
            "会议纪要: 1 个文件符合要求，至少需要 2 个",
            "会议纪要: 2 个文件名中没有日期，不计（文件名请以日期开头，如 2025-03-15）",
            "会议纪要: 1 个文件的日期不在评价期 2025 内，不计",
        ]
    );
}

#[test]
fn due_day_of_the_review_year() {
    let p = TestPack::new()
        .evidence("A/2025年3月31日 计划.pdf")
        .evidence("A/2025.04.01 计划.pdf");
    let ev = p.eval("files: {label: 年度计划, glob: \"A/*\", due: \"03-31\", min: 1}");
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(evidence(&ev), ["A/2025年3月31日 计划.pdf"]);
    assert_eq!(
        zh(&ev)[1],
        "年度计划: 1 个文件的日期晚于截止日 2025-03-31，不计"
    );
}

#[test]
fn due_day_inside_a_review_period_that_is_not_a_calendar_year() {
    // July 2024 to June 2025: 03-31 is 31 March 2025, the one inside the period, not 2024's
    let p = TestPack::with_pack_yaml(
        "community: 灵峰\nperiod: {from: 2024-07-01, to: 2025-06-30}\nstandard: {id: t, version: \"1\"}\npreparer: 王五\n",
    )
    .evidence("A/2025-03-01 计划.pdf")
    .evidence("A/2025-04-01 计划.pdf");
    let ev = p.eval("files: {label: 年度计划, glob: \"A/*\", due: \"03-31\", in_period: true}");
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(evidence(&ev), ["A/2025-03-01 计划.pdf"]);
    assert_eq!(
        zh(&ev)[1],
        "年度计划: 1 个文件的日期晚于截止日 2025-03-31，不计"
    );
}

#[test]
fn due_on_29_february_is_the_last_day_of_february_in_a_common_year() {
    let p = TestPack::new()
        .evidence("A/2025-02-28 计划.pdf")
        .evidence("A/2025-03-01 计划.pdf");
    let ev = p.eval("files: {label: 年度计划, glob: \"A/*\", due: \"02-29\"}");
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(evidence(&ev), ["A/2025-02-28 计划.pdf"]);
}

#[test]
fn quarters_covered_names_the_missing_quarter() {
    let p = TestPack::new()
        .evidence("A/2025-01-15 纪要.docx")
        .evidence("A/2025-02-15 纪要.docx")
        .evidence("A/20250415 纪要.docx")
        .evidence("A/2025_12_01 纪要.docx")
        .evidence("A/2024-08-01 纪要.docx");
    let ev = p.eval("files: {label: 会议纪要, glob: \"A/*\", periods: {per: quarter}}");
    assert_eq!(decided(&ev), (Status::Partial, 0.75));
    assert_eq!(zh(&ev)[1], "会议纪要: 覆盖 3/4 个季度，缺 2025年第3季度");
    assert_eq!(
        en(&ev)[1],
        "会议纪要: 3 of 4 quarters covered; missing Q3 2025"
    );
    let ev = p.eval("files: {label: 述职, glob: \"A/*\", periods: {per: half, min: 2}}");
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(zh(&ev)[1], "述职: 覆盖 2/2 个半年");
}

#[test]
fn periods_of_a_review_period_that_is_not_a_calendar_year() {
    // July 2024 to June 2025 is one year, touching two calendar years: one report a year is one
    let fy = "community: 灵峰\nperiod: {from: 2024-07-01, to: 2025-06-30}\nstandard: {id: t, version: \"1\"}\npreparer: 王五\n";
    let p = TestPack::with_pack_yaml(fy).evidence("A/2024-09-01 述职.pdf");
    let ev = p.eval("files: {label: 述职, glob: \"A/*\", periods: {per: year}}");
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(zh(&ev)[1], "述职: 覆盖 1/1 个年度");
    // 15 March 2025 to 14 March 2026 is twelve months, touching thirteen calendar months
    let p = (4..=12)
        .map(|m| format!("A/2025-{m:02}-20 例会.pdf"))
        .chain(["A/2026-01-20 例会.pdf".into(), "A/2026-02-20 例会.pdf".into()])
        .fold(
            TestPack::with_pack_yaml(
                "community: 灵峰\nperiod: {from: 2025-03-15, to: 2026-03-14}\nstandard: {id: t, version: \"1\"}\npreparer: 王五\n",
            ),
            |p, f| p.evidence(&f),
        );
    let ev = p.eval("files: {label: 例会, glob: \"A/*\", periods: {per: month}}");
    assert_eq!(decided(&ev), (Status::Partial, 0.9167));
    assert_eq!(zh(&ev)[1], "例会: 覆盖 11/12 个月，缺 2025年3月、2026年3月");
    let p = p.evidence("A/2026-03-02 例会.pdf");
    let ev = p.eval("files: {label: 例会, glob: \"A/*\", periods: {per: month}}");
    assert_eq!(decided(&ev), (Status::Met, 1.0));
}

#[test]
fn max_exceeded_scores_zero() {
    let p = TestPack::new().evidence("A/a.pdf").evidence("A/b.pdf");
    let ev = p.eval("files: {label: 方案, glob: \"A/*\", max: 1}");
    assert_eq!(decided(&ev), (Status::Unmet, 0.0));
    assert_eq!(zh(&ev)[1], "方案: 2 个文件，超过上限 1 个");
}
