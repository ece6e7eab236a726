//! A standard unlike the shipped one (tests/fixtures/deep/, written by its make.py): four levels
//! named Function, Category, Subcategory and Objective, leaves at levels 2, 3 and 4, 14 areas,
//! English only, an `organisation` as the assessed unit and its own report title. Every report
//! format names the unit, the title and every level with the standard's names; the chart is bars.

use calamine::{open_workbook_auto, Reader};
use changai::cli::Exit;

use super::formats::cell;
use super::{ok, report, text};

macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => true }, {
            insta::assert_snapshot!($name, $value);
        })
    };
}

const PACK: &str = "tests/fixtures/deep/pack";
const STANDARD: &str = "tests/fixtures/deep/standard";

fn deep(format: &str, lang: &str) -> String {
    text(&[
        "report",
        PACK,
        "--standard",
        STANDARD,
        "--format",
        format,
        "--lang",
        lang,
    ])
}

#[test]
fn an_english_only_standard_validates_without_a_warning_per_missing_chinese_title() {
    let out = report(&["validate", STANDARD, "--deny-warnings", "--format", "json"]);
    assert_eq!(
        out.code,
        Exit::Ok,
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["diagnostics"], serde_json::json!([]));
}

#[test]
fn md_names_the_unit_the_title_and_every_level() {
    let md = deep("md", "en");
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(
        lines[0],
        "# Example Ltd: cyber hygiene self-assessment, 2025"
    );
    assert!(lines.contains(&"| Organisation | Example Ltd |"));
    // every level with its name and the ids of the areas above it, in the standard's order
    // (items_order puts B before A, whose file comes first)
    let table: Vec<&str> = lines
        .iter()
        .copied()
        .skip_while(|l| !l.starts_with("| No. | Item |"))
        .take(12)
        .collect();
    assert_eq!(
        table,
        [
            "| No. | Item | Points | Self-score | Status | Notes | Evidence |",
            "|--:|---|--:|--:|---|---|---|",
            "| | **B Identify** · Function | | | | | |",
            "| | \u{2003}*B.1 Identify practice* · Category | | | | | |",
            "| 1 | B.1.a Identify done | 2 | 2 | met | text files in the folder B/B.1.a: 1 qualifying file | B/B.1.a/2025-03-04 record.txt |",
            "| | **A Govern** · Function | | | | | |",
            "| | \u{2003}*A.1 Policy* · Category | | | | | |",
            "| | \u{2003}\u{2003}*A.1.a Written policy* · Subcategory | | | | | |",
            "| 2 | A.1.a.i Policy approved | 2 | 2 | met | text files in the folder A/A.1.a.i: 1 qualifying file | A/A.1.a.i/2025-03-01 record.txt |",
            "| 3 | A.1.a.ii Policy published | 2 | 2 | met | text files in the folder A/A.1.a.ii: 1 qualifying file | A/A.1.a.ii/2025-03-02 record.txt |",
            // back to A.1 after its sub-area A.1.a: its heading again
            "| | \u{2003}*A.1 Policy* · Category | | | | | |",
            "| 4 | A.1.b Policy reviewed | 2 | 0 | unmet | **Missing:** 1 more needed: a text file in the folder A/A.1.b<br>text files in the folder A/A.1.b: no file found |  |",
        ]
    );
    // a leaf straight under its area
    assert!(md.contains(
        "\n| 6 | D.1 Alerts triaged | 2 | 0 | unmet | **Missing:** 1 more needed: a text file in the folder D/D.1<br>text files in the folder D/D.1: no file found |  |\n"
    ));
    // the areas table lists every area level, indented by level
    assert!(md.contains("\n| **A Govern** | **6** | **4** | **66.7%** |\n| \u{2003}A.1 Policy | 6 | 4 | 66.7% |\n| \u{2003}\u{2003}A.1.a Written policy | 4 | 4 | 100.0% |\n"));
    assert!(md.contains("Organisation head: "));
    for fixed in ["Level 3", "Level-3", "三级", "Community", "community"] {
        assert!(!md.contains(fixed), "{fixed}");
    }
    snapshot!("deep-md-en", md);
}

#[test]
fn html_draws_bars_for_fourteen_areas_with_the_level_names() {
    let html = deep("html", "en");
    assert!(!html.contains("class=\"chart radar\""));
    let captions: Vec<&str> = html
        .split("<figcaption>")
        .skip(1)
        .filter_map(|s| s.split("</figcaption>").next())
        .collect();
    assert_eq!(
        captions,
        ["Score rate by function", "Score rate by category"]
    );
    // the level-1 bars: one label per area, in the standard's order
    let first_chart = html.split("<figure class=\"chart bars\">").nth(1).unwrap();
    let first_chart = first_chart.split("</figure>").next().unwrap();
    let labels: Vec<&str> = first_chart
        .split("text-anchor=\"end\">")
        .skip(1)
        .filter_map(|s| s.split(' ').next())
        .collect();
    assert_eq!(
        labels,
        ["B", "A", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N"]
    );
    // every area row names its level; the printed table has no path column (the area rows are
    // the path), the csv and xlsx do
    assert!(html.contains(">A.1.a Written policy<span class=\"muted\" style=\"font-weight:400\">\u{2003}Subcategory · 4 / 4</span></td></tr>"), "{html}");
    assert!(html.contains("<div class=\"cover-sub\">2025 Cyber hygiene self-assessment</div>"));
    assert!(html.contains("<div>Organisation head: </div>"));
}

#[test]
fn csv_and_xlsx_carry_every_level() {
    let csv = deep("csv", "en");
    let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(
        rows[..3],
        [
            "No.,Function,Category,Item,Points,Self-score,Review score,Status,Notes,Evidence,Path,Level",
            "1,Identify,Identify practice,B.1.a Identify done,2,2,,met,text files in the folder B/B.1.a: 1 qualifying file,B/B.1.a/2025-03-04 record.txt,B › B.1,Subcategory",
            "2,Govern,Policy › Written policy,A.1.a.i Policy approved,2,2,,met,text files in the folder A/A.1.a.i: 1 qualifying file,A/A.1.a.i/2025-03-01 record.txt,A › A.1 › A.1.a,Objective",
        ]
    );
    snapshot!("deep-csv-en", csv);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.xlsx");
    ok(&[
        "report",
        PACK,
        "--standard",
        STANDARD,
        "--lang",
        "en",
        "--output",
        &path.to_string_lossy(),
    ]);
    let mut book = open_workbook_auto(&path).unwrap();
    let sheet = book.worksheet_range("Score sheet").unwrap();
    let row = |r: u32| -> Vec<String> { (0..14).map(|c| cell(&sheet, r, c).to_string()).collect() };
    let header = row(0);
    assert_eq!(
        [&header[1], &header[2], &header[3], &header[12], &header[13]],
        ["Function", "Category", "Item", "Path", "Level"]
    );
    // B's one leaf, B's subtotal rows, then A's first leaf
    let a = (1..40)
        .find(|&r| cell(&sheet, r, 3).to_string().starts_with("A.1.a.i "))
        .unwrap();
    let cells = row(a);
    assert_eq!(
        [&cells[1], &cells[2], &cells[12], &cells[13]],
        [
            "Govern",
            "Policy › Written policy",
            "A › A.1 › A.1.a",
            "Objective"
        ]
    );
}

#[test]
fn init_writes_an_english_guide_with_the_english_titles() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("new");
    let standard = super::root().join(STANDARD);
    let out = report(&[
        "init",
        &pack.to_string_lossy(),
        "--standard",
        &standard.to_string_lossy(),
        "--lang",
        "en",
    ]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let guide = std::fs::read_to_string(pack.join("填写说明.md")).unwrap();
    let headings: Vec<&str> = guide.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        headings[0],
        "# How to fill this pack: Cyber hygiene baseline 1"
    );
    assert_eq!(headings[1], "## B.1.a Identify done (2 points)");
    assert_eq!(headings[2], "## A.1.a.i Policy approved (2 points)");
    assert_eq!(headings.len(), 17);
    assert!(guide.contains("\nOne folder per objective (e.g. `A/A1.1/`)"));
    assert!(guide.contains(
        "\n## A.1.a.i Policy approved (2 points)\n\nkeep the dated record of policy approved\n"
    ));
    assert!(pack.join("A/A.1.a.i").is_dir());
}
