//! Tests: reviews kept by the auditor outside the pack — `--review FILE` on evaluate and report,
//! whom a review file is for (community, period, standard), and the reviews folder
//! (`ReviewDir`) that `audit --reviews` matches packs against.

use std::path::Path;

use changai::cli::{run, Exit};
use changai::declare::review_dir::{self, ReviewDir};
use changai::outcome::Period;

use crate::evaluate::{env_at, repo};

const HEAD: &str =
    "community: 大港工业社区\nperiod: 2025\nstandard: {id: lingfeng-2021, version: \"2021.1\"}\n";
const RESCORE: &str = "rescores:\n  - {item: A1.1, score: 0.5, by: 李审, date: 2026-01-20}\n";

fn dagang() -> std::path::PathBuf {
    repo().join("evidence-samples/dagang-2025")
}

fn evaluate(dir: &Path, review: &str, extra: &[&str]) -> changai::cli::Output {
    std::fs::write(dir.join("r.yaml"), review).unwrap();
    let pack = dagang();
    let mut args = vec![
        "changai",
        "evaluate",
        pack.to_str().unwrap(),
        "--review",
        "r.yaml",
    ];
    args.extend_from_slice(extra);
    run(args, &env_at(dir))
}

fn year(y: i32) -> Period {
    Period {
        from: format!("{y}-01-01"),
        to: format!("{y}-12-31"),
        label: y.to_string(),
    }
}

#[test]
fn the_outside_review_replaces_the_packs_own_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = evaluate(
        dir.path(),
        &format!("{HEAD}{RESCORE}"),
        &["--format", "json"],
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let r: changai::outcome::Results = serde_json::from_slice(&out.stdout).unwrap();
    // Only A1.1 re-scored (2 → 0.5): 71.18 − 1.5 = 69.68 of 98 counted points → 68.55 of 100
    // (the pack's own review.yaml, with five re-scores, gives 70.85).
    let review = r.score.review.as_ref().unwrap();
    assert_eq!(
        (review.total, review.changed_items.clone()),
        (68.55, vec!["A1.1".to_owned()])
    );
    let notes: Vec<(&str, &str)> = r
        .problems
        .iter()
        .filter(|p| p.code == "review-not-used")
        .map(|p| (p.file.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(
        notes,
        [(
            "review.yaml",
            "证据包自带的复核文件未采用，采用的是审核方保存的复核文件“r.yaml”"
        )]
    );
    // The seal covers the text that was used: another review, another digest.
    let own = changai::evaluate_pack(&dagang(), None).unwrap();
    assert_ne!(own.pack.digest, r.pack.digest);
}

#[test]
fn the_report_takes_the_outside_review_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.yaml"), format!("{HEAD}{RESCORE}")).unwrap();
    let pack = dagang();
    let out = run(
        [
            "changai",
            "report",
            pack.to_str().unwrap(),
            "--review",
            "r.yaml",
            "--format",
            "md",
        ],
        &env_at(dir.path()),
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("68.55"), "{md}");
    assert!(!md.contains("70.85"), "{md}");
}

#[test]
fn a_review_for_another_community_period_or_standard_cannot_run() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            HEAD.replace("大港工业社区", "灵峰工业社区"),
            "错误[review-community]：复核文件是为社区“灵峰工业社区”做的，而证据包是社区“大港工业社区”的，不能采用\n  --> r.yaml:1:12",
        ),
        (
            HEAD.replace("period: 2025", "period: 2024"),
            "错误[review-period]：复核文件的评价期是“2024”，而证据包的评价期是“2025”，不能采用\n  --> r.yaml:2:9",
        ),
        (
            HEAD.replace("id: lingfeng-2021", "id: ningbo-2024"),
            "错误[review-standard]：复核文件是按标准“ningbo-2024 2021.1”做的，而本次评估用的是标准“lingfeng-2021 2021.1”，不能采用\n  --> r.yaml:3:16",
        ),
        (
            HEAD.replace("community: 大港工业社区\n", ""),
            "错误：r.yaml：证据包外的复核文件必须写明社区（community），以免用错证据包",
        ),
        (
            HEAD.replace("period: 2025\n", ""),
            "错误：r.yaml：证据包外的复核文件必须写明评价期（period），以免用错证据包",
        ),
    ];
    for (head, expected) in cases {
        let out = evaluate(dir.path(), &format!("{head}{RESCORE}"), &[]);
        assert_eq!(out.code, Exit::Error, "{head}");
        assert!(out.stdout.is_empty());
        assert!(out.stderr.starts_with(expected), "{head}\n{}", out.stderr);
    }
    // The same period written as a range is the same period.
    let range = HEAD.replace("period: 2025", "period: {from: 2025-01-01, to: 2025-12-31}");
    assert_eq!(
        evaluate(dir.path(), &format!("{range}{RESCORE}"), &[]).code,
        Exit::Ok
    );
}

#[test]
fn inside_the_pack_community_and_period_stay_optional_but_must_match() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    crate::evaluate::copy_tree(&dagang(), &pack);
    std::fs::write(pack.join("review.yaml"), RESCORE).unwrap();
    let r = changai::evaluate_pack(&pack, None).unwrap();
    assert_eq!(r.score.review.as_ref().unwrap().total, 68.55);
    std::fs::write(pack.join("review.yaml"), format!("period: 2026\n{RESCORE}")).unwrap();
    let e = changai::evaluate_pack(&pack, None).unwrap_err();
    assert_eq!(
        e.diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.file.as_str()))
            .collect::<Vec<_>>(),
        [("review-period", "review.yaml")]
    );
}

#[test]
fn a_missing_outside_review_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dagang();
    let out = run(
        [
            "changai",
            "evaluate",
            pack.to_str().unwrap(),
            "--review",
            "nowhere.yaml",
        ],
        &env_at(dir.path()),
    );
    assert_eq!(out.code, Exit::Error);
    assert!(out.stderr.contains("nowhere.yaml"), "{}", out.stderr);
    assert!(
        !out.stderr.contains(dir.path().to_str().unwrap()),
        "{}",
        out.stderr
    );
}

#[test]
fn the_reviews_folder_matches_by_community_and_period_and_refuses_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let w = |name: &str, text: &str| std::fs::write(d.join(name), text).unwrap();
    w("大港工业社区-2025.yaml", &format!("{HEAD}{RESCORE}"));
    // Matched by what the file says, not by its name.
    w(
        "灵峰.yaml",
        "community: 灵峰工业社区\nperiod: {from: 2025-01-01, to: 2025-12-31}\n",
    );
    w("灵峰-copy.yml", "community: 灵峰工业社区\nperiod: 2025\n");
    w("霞浦-2024.yaml", "community: 霞浦社区\nperiod: 2024\n");
    w("no-community.yaml", "period: 2025\n");
    w("typo.yaml", "community: 甲\nperiod: 2025\nrescore: []\n");
    w("notes.txt", "not a review");
    w(".hidden.yaml", "garbage: [");
    let (reviews, problems) = ReviewDir::scan(d);
    let found = reviews
        .for_pack("大港工业社区", &year(2025))
        .unwrap()
        .map(|p| p.file_name().unwrap().to_str().unwrap().to_owned());
    assert_eq!(found.as_deref(), Some("大港工业社区-2025.yaml"));
    assert_eq!(reviews.for_pack("大港工业社区", &year(2024)).unwrap(), None);
    let dup = reviews.for_pack("灵峰工业社区", &year(2025)).unwrap_err();
    assert_eq!(dup.code, "duplicate-review");
    let shown = |p: &str| changai::standard::load::display(&d.join(p));
    assert_eq!(
        dup.message,
        format!(
            "社区“灵峰工业社区”（2025-01-01 至 2025-12-31）有 2 份复核文件：{}、{}；都不采用，请只保留一份",
            shown("灵峰-copy.yml"),
            shown("灵峰.yaml")
        )
    );
    let mut codes: Vec<(String, &str)> = problems
        .iter()
        .map(|p| {
            (
                p.file.rsplit('/').next().unwrap().to_owned(),
                p.code.as_str(),
            )
        })
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            ("no-community.yaml".to_owned(), "review-community"),
            ("typo.yaml".to_owned(), "unknown-key"),
            ("灵峰-copy.yml".to_owned(), "duplicate-review"),
        ]
    );
    let p2025 = year(2025);
    let unmatched: Vec<String> = reviews
        .unmatched([("大港工业社区", &p2025)])
        .iter()
        .map(|p| p.file_name().unwrap().to_str().unwrap().to_owned())
        .collect();
    assert_eq!(unmatched, ["霞浦-2024.yaml"]);
}

#[test]
fn review_file_names_are_safe() {
    assert_eq!(
        review_dir::file_name("大港工业社区", &year(2025)),
        "大港工业社区-2025.yaml"
    );
    let odd = Period {
        from: "2025-07-01".into(),
        to: "2026-06-30".into(),
        label: String::new(),
    };
    assert_eq!(
        review_dir::file_name("../a/b:c", &odd),
        "_a_b_c-2025-07-01_2026-06-30.yaml"
    );
    assert_eq!(review_dir::file_name("  ", &year(2025)), "_-2025.yaml");
}

// ---- review import: the score sheet filled in and read back ----

/// The row (1-based, as Excel shows it) of item `id` on the first sheet.
fn row_of(xlsx: &[u8], id: &str) -> u32 {
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(xlsx.to_vec())).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    for (r, row) in range.rows().enumerate() {
        if let Some(calamine::Data::String(s)) = row.get(3) {
            if s.starts_with(&format!("{id} ")) {
                return r as u32 + 1;
            }
        }
    }
    panic!("no row for {id}");
}

/// The workbook with cells of its first sheet replaced, the way an auditor's spreadsheet
/// program saves them: a number (`Ok`) or a typed text (`Err`); the sheet's XML patched in
/// the zip, every other part copied.
fn fill(xlsx: &[u8], cells: &[(&str, Result<f64, &str>)]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx.to_vec())).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let mut xml = String::from_utf8(bytes).unwrap();
            for (at, value) in cells {
                let start = xml
                    .find(&format!("<c r=\"{at}\""))
                    .unwrap_or_else(|| panic!("{at}"));
                let rest = &xml[start..];
                let open_end = rest.find('>').unwrap();
                let end = if rest.as_bytes()[open_end - 1] == b'/' {
                    open_end + 1
                } else {
                    rest.find("</c>").unwrap() + 4
                };
                let cell = match value {
                    Ok(n) => format!("<c r=\"{at}\"><v>{n}</v></c>"),
                    Err(t) => format!("<c r=\"{at}\" t=\"inlineStr\"><is><t>{t}</t></is></c>"),
                };
                xml.replace_range(start..start + end, &cell);
            }
            bytes = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// dagang's score sheet, as `report --format xlsx` writes it.
fn dagang_sheet(dir: &Path) -> Vec<u8> {
    let pack = dagang();
    let out = run(
        [
            "changai",
            "report",
            pack.to_str().unwrap(),
            "--format",
            "xlsx",
            "-o",
            "s.xlsx",
        ],
        &env_at(dir),
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    std::fs::read(dir.join("s.xlsx")).unwrap()
}

fn import(dir: &Path, sheet: &[u8]) -> changai::cli::Output {
    std::fs::write(dir.join("filled.xlsx"), sheet).unwrap();
    std::fs::create_dir_all(dir.join("reviews")).unwrap();
    run(
        [
            "changai",
            "review",
            "import",
            "filled.xlsx",
            "--reviews",
            "reviews",
            "--by",
            "李审",
            "--date",
            "2026-01-20",
        ],
        &env_at(dir),
    )
}

#[test]
fn a_filled_score_sheet_becomes_the_review_that_evaluate_counts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let xlsx = dagang_sheet(d);
    // The sheet carries the pack's five re-scores; the auditor sets A1.1 to 0.5 with a reason,
    // clears A2.4 and leaves the others.
    let a11 = row_of(&xlsx, "A1.1");
    let a24 = row_of(&xlsx, "A2.4");
    let filled = fill(
        &xlsx,
        &[
            (&format!("G{a11}"), Ok(0.5)),
            (&format!("O{a11}"), Err("名单未更新")),
            (&format!("G{a24}"), Err("")),
        ],
    );
    let out = import(d, &filled);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    // A new file: nothing to clear yet.
    assert_eq!(
        out.stderr,
        "已写入 reviews/大港工业社区-2025.yaml：4 项复评分，清除 0 项\n"
    );
    let written = std::fs::read_to_string(d.join("reviews/大港工业社区-2025.yaml")).unwrap();
    assert!(
        written
            .starts_with("community: 大港工业社区\nperiod: 2025\nstandard:\n  id: lingfeng-2021\n"),
        "{written}"
    );
    assert!(written.contains("- item: A1.1\n  score: 0.5\n  by: 李审\n  date: \"2026-01-20\"\n  comment: 名单未更新\n"), "{written}");
    assert!(!written.contains("A2.4"), "{written}");
    let out = run(
        [
            "changai",
            "evaluate",
            dagang().to_str().unwrap(),
            "--review",
            "reviews/大港工业社区-2025.yaml",
            "--format",
            "json",
        ],
        &env_at(d),
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let r: changai::outcome::Results = serde_json::from_slice(&out.stdout).unwrap();
    let review = r.score.review.as_ref().unwrap();
    // The sheet imported unchanged gives 68.3 (the pack's five re-scores, but not its two
    // attestations A2.1 and F1.4, which the auditor's file does not hold): 66.93 of 98 counted
    // points. A1.1 1.5 → 0.5 (−1) and A2.4 back to its self-score 1.25 (+0.5): 66.43 of 98 →
    // 67.79 of 100.
    assert_eq!(
        (review.total, review.changed_items.clone()),
        (
            67.79,
            vec![
                "A1.1".to_owned(),
                "B2.1".into(),
                "D1.1".into(),
                "F2.4".into()
            ]
        )
    );
    // Imported again unchanged: the same bytes (reviewer and date kept for unchanged re-scores).
    let again = import(d, &filled);
    assert_eq!(again.code, Exit::Ok, "{}", again.stderr);
    assert_eq!(
        std::fs::read_to_string(d.join("reviews/大港工业社区-2025.yaml")).unwrap(),
        written
    );
    // A cell cleared on a later import removes that re-score from the file.
    let cleared = fill(&filled, &[(&format!("G{a11}"), Err(""))]);
    let out = import(d, &cleared);
    assert_eq!(
        out.stderr,
        "已写入 reviews/大港工业社区-2025.yaml：3 项复评分，清除 1 项\n"
    );
    let now = std::fs::read_to_string(d.join("reviews/大港工业社区-2025.yaml")).unwrap();
    assert!(!now.contains("A1.1") && now.contains("B2.1"), "{now}");
}

#[test]
fn invalid_cells_name_sheet_row_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let xlsx = dagang_sheet(d);
    let a11 = row_of(&xlsx, "A1.1");
    let a24 = row_of(&xlsx, "A2.4");
    let b21 = row_of(&xlsx, "B2.1");
    let filled = fill(
        &xlsx,
        &[
            (&format!("G{a11}"), Err("一分")),
            (&format!("G{a24}"), Ok(9.0)),
            (&format!("E{b21}"), Ok(5.0)),
        ],
    );
    let out = import(d, &filled);
    assert_eq!(out.code, Exit::Error);
    let lines: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("错误"))
        .collect();
    assert_eq!(
        lines,
        [
            format!("错误：filled.xlsx：工作表“评分表”第 {a11} 行 G 列：复评分“一分”不是数"),
            format!("错误：filled.xlsx：工作表“评分表”第 {a24} 行 G 列：复评分 9 不在 0 到 2 分之间"),
            format!("错误：filled.xlsx：工作表“评分表”第 {b21} 行 E 列：应得分“5”与标准中的 2 分不同（该列不可修改）"),
        ]
    );
    assert_eq!(std::fs::read_dir(d.join("reviews")).unwrap().count(), 0);
}

#[test]
fn a_sheet_for_another_standard_or_a_folder_with_two_files_for_it_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let xlsx = dagang_sheet(d);
    std::fs::create_dir_all(d.join("reviews")).unwrap();
    for name in ["a.yaml", "b.yaml"] {
        std::fs::write(
            d.join("reviews").join(name),
            "community: 大港工业社区\nperiod: 2025\n",
        )
        .unwrap();
    }
    let out = import(d, &xlsx);
    assert_eq!(out.code, Exit::Error);
    assert!(
        out.stderr.contains("社区“大港工业社区”（2025-01-01 至 2025-12-31）有 2 份复核文件：reviews/a.yaml、reviews/b.yaml"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read_to_string(d.join("reviews/a.yaml")).unwrap(),
        "community: 大港工业社区\nperiod: 2025\n"
    );
}

/// The row (1-based) of a labelled cell in column B of the first sheet.
fn label_row(xlsx: &[u8], label: &str) -> u32 {
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(xlsx.to_vec())).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range
        .rows()
        .position(|row| matches!(row.get(1), Some(calamine::Data::String(s)) if s == label))
        .map(|r| r as u32 + 1)
        .unwrap_or_else(|| panic!("no {label}"))
}

#[test]
fn a_sheet_naming_another_standard_or_an_unknown_item_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let xlsx = dagang_sheet(d);
    let standard = label_row(&xlsx, "本表所用标准");
    let a11 = row_of(&xlsx, "A1.1");
    let filled = fill(
        &xlsx,
        &[
            (&format!("E{standard}"), Err("ningbo-2024")),
            (&format!("D{a11}"), Err("Z9.9 假条目")),
        ],
    );
    let out = import(d, &filled);
    assert_eq!(out.code, Exit::Error);
    let lines: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("错误"))
        .collect();
    assert_eq!(
        lines,
        [
            format!("错误：filled.xlsx：工作表“评分表”第 {a11} 行 D 列：条目“Z9.9”不在标准“lingfeng-2021 2021.1”中（该列不可修改）"),
            "错误：filled.xlsx：评分表是按标准“ningbo-2024”做的，而本次用的是标准“lingfeng-2021 2021.1”".to_owned(),
        ]
    );
    assert_eq!(std::fs::read_dir(d.join("reviews")).unwrap().count(), 0);
    // In English, with the same places.
    let out = run(
        [
            "changai",
            "--lang",
            "en",
            "review",
            "import",
            "filled.xlsx",
            "--reviews",
            "reviews",
            "--by",
            "Li",
        ],
        &env_at(d),
    );
    assert_eq!(out.code, Exit::Error);
    assert!(
        out.stderr.contains(&format!("sheet `评分表`, row {a11}, column D: item `Z9.9` is not in the standard `lingfeng-2021 2021.1` (the column is locked)")),
        "{}",
        out.stderr
    );
}

#[test]
fn verify_takes_the_review_the_results_were_scored_with() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = evaluate(d, &format!("{HEAD}{RESCORE}"), &["-o", "R.json"]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let pack = dagang();
    let verify = |extra: &[&str]| {
        let mut args = vec!["changai", "verify", "R.json", pack.to_str().unwrap()];
        args.extend_from_slice(extra);
        run(args, &env_at(d))
    };
    let same = verify(&["--review", "r.yaml"]);
    assert_eq!(
        same.code,
        Exit::Ok,
        "{}",
        String::from_utf8_lossy(&same.stdout)
    );
    // Without it the pack's own review.yaml is read: not the review that was scored.
    let other = verify(&[]);
    assert_eq!(other.code, Exit::Failed);
    assert!(String::from_utf8_lossy(&other.stdout).contains("review.yaml 已改动"));
}

/// The score sheet is protected without a password, and on the item rows only 复评分 (G) and
/// 复评说明 (O) take typing.
#[test]
fn only_the_review_cells_of_the_score_sheet_are_unlocked() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dagang_sheet(dir.path());
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx.clone())).unwrap();
    let mut part = |name: &str| {
        let mut s = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    let sheet = part("xl/worksheets/sheet1.xml");
    let styles = part("xl/styles.xml");
    assert!(sheet.contains("<sheetProtection sheet=\"1\""), "{sheet}");
    assert!(!sheet.contains("password"));
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let unlocked: Vec<bool> = xfs
        .split("<xf ")
        .skip(1)
        .map(|xf| xf.split("</xf>").next().unwrap().contains("locked=\"0\""))
        .collect();
    let a11 = row_of(&xlsx, "A1.1");
    let mut open: Vec<String> = Vec::new();
    for cell in sheet.split("<c r=\"").skip(1) {
        let at: String = cell.chars().take_while(|c| *c != '"').collect();
        let row: u32 = at
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .unwrap();
        let style = cell
            .split('>')
            .next()
            .and_then(|open| open.split("s=\"").nth(1))
            .and_then(|s| s.split('"').next())
            .map(|s| s.parse::<usize>().unwrap())
            .unwrap_or(0);
        if row == a11 && unlocked[style] {
            open.push(at.trim_end_matches(char::is_numeric).to_owned());
        }
    }
    assert_eq!(open, ["G", "O"]);
}

/// `review import --pack PACK`: the sheet is held against the pack it was made from. Its own
/// pack imports; a sheet whose locked self-score cell was typed over, or a pack changed after
/// the sheet was made (another digest), is refused naming sheet, row and column, and nothing is
/// written.
#[test]
fn a_sheet_held_against_its_pack_refuses_edited_self_scores_and_another_digest() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let pack = d.join("dagang");
    crate::evaluate::copy_tree(&dagang(), &pack);
    let out = run(
        [
            "changai", "report", "dagang", "--format", "xlsx", "-o", "s.xlsx",
        ],
        &env_at(d),
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let xlsx = std::fs::read(d.join("s.xlsx")).unwrap();
    let import_with_pack = |sheet: &[u8]| {
        std::fs::write(d.join("filled.xlsx"), sheet).unwrap();
        std::fs::create_dir_all(d.join("reviews")).unwrap();
        run(
            [
                "changai",
                "review",
                "import",
                "filled.xlsx",
                "--reviews",
                "reviews",
                "--by",
                "李审",
                "--date",
                "2026-01-20",
                "--pack",
                "dagang",
            ],
            &env_at(d),
        )
    };
    let errors = |out: &changai::cli::Output| -> Vec<String> {
        out.stderr
            .lines()
            .filter(|l| l.starts_with("错误"))
            .map(str::to_owned)
            .collect()
    };

    // A self-score typed over (F is locked): refused at its cell.
    let a11 = row_of(&xlsx, "A1.1");
    let edited = fill(&xlsx, &[(&format!("F{a11}"), Ok(0.25))]);
    let out = import_with_pack(&edited);
    assert_eq!(out.code, Exit::Error, "{}", out.stderr);
    assert_eq!(
        errors(&out),
        [format!(
            "错误：filled.xlsx：工作表“评分表”第 {a11} 行 F 列：自评分 0.25 与证据包现在的自评分 2 不同（该列不可修改）"
        )]
    );
    assert_eq!(std::fs::read_dir(d.join("reviews")).unwrap().count(), 0);

    // The sheet as made: imported.
    let out = import_with_pack(&xlsx);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    std::fs::remove_dir_all(d.join("reviews")).unwrap();

    // The pack changed after the sheet was made: its digest differs.
    let before = changai::evidence::Pack::open(&pack).unwrap().digest;
    std::fs::write(pack.join("新增材料.txt"), "后补").unwrap();
    let after = changai::evidence::Pack::open(&pack).unwrap().digest;
    let out = import_with_pack(&xlsx);
    assert_eq!(out.code, Exit::Error, "{}", out.stderr);
    let found = errors(&out);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("错误：filled.xlsx：工作表“评分表”第 ")
            && found[0].ends_with(&format!(
                " 行 E 列：评分表是为证据包摘要 {before} 做的，而证据包“dagang”现在的摘要是 {after}：证据包在出表后有改动，请重新生成评分表"
            )),
        "{found:?}"
    );
    assert_eq!(std::fs::read_dir(d.join("reviews")).unwrap().count(), 0);
}
