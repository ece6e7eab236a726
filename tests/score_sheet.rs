//! Tests: the auditors' score sheet (评分表.xlsx) — its formulas and cached values give the
//! engine's totals and grades, every 复评分 cell is validated, LibreOffice prints it legibly, and
//! a re-score typed into the sheet and recalculated by LibreOffice gives what the engine gives for
//! the same re-score in review.yaml.
//!
//! The LibreOffice tests need `soffice` and poppler's `pdfinfo`/`pdftotext` (`.ci/run` installs
//! them). Without them a test fails when `CI` is set and says it is skipped elsewhere.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use calamine::{open_workbook_auto, Data, Reader};
use changai::cli::{run, Exit};
use changai::render::report::xlsx::{row_height, wrapped_lines};

use crate::evaluate::{copy_tree, env_at, repo};

/// Writes the score sheet of `pack` to `dir/name.xlsx`.
fn write_sheet(dir: &Path, pack: &Path, name: &str) -> PathBuf {
    let path = dir.join(format!("{name}.xlsx"));
    let out = run(
        [
            "changai",
            "report",
            &pack.to_string_lossy(),
            "--output",
            &path.to_string_lossy(),
        ],
        &env_at(dir),
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    path
}

/// The 评分表 sheet: values and formulas.
struct Sheet {
    values: calamine::Range<Data>,
    formulas: calamine::Range<String>,
}

impl Sheet {
    fn open(path: &Path) -> Sheet {
        let mut book = open_workbook_auto(path).unwrap();
        Sheet {
            values: book.worksheet_range("评分表").unwrap(),
            formulas: book.worksheet_formula("评分表").unwrap(),
        }
    }

    fn value(&self, row: u32, col: u32) -> Data {
        self.values
            .get_value((row, col))
            .cloned()
            .unwrap_or(Data::Empty)
    }

    fn formula(&self, row: u32, col: u32) -> String {
        self.formulas
            .get_value((row, col))
            .cloned()
            .unwrap_or_default()
    }

    /// The row whose 一级 cell (merged label) is `label`, below the table.
    fn row_labelled(&self, label: &str) -> u32 {
        (0..self.values.height() as u32)
            .find(|r| self.value(*r, 1) == Data::String(label.into()))
            .unwrap_or_else(|| panic!("no row labelled {label:?}"))
    }

    /// The value beside a label (column E).
    fn figure(&self, label: &str) -> Data {
        self.value(self.row_labelled(label), 4)
    }

    /// The row of item `id` (三级 starts with the id and a space).
    fn item_row(&self, id: &str) -> u32 {
        (1..self.values.height() as u32)
            .find(|r| match self.value(*r, 3) {
                Data::String(s) => s.starts_with(&format!("{id} ")),
                _ => false,
            })
            .unwrap_or_else(|| panic!("no row for {id}"))
    }
}

fn float(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// Asserts that the sheet's headline is the engine's decisive total and grade, that item rows
/// count the re-score else the self-score, and that the formulas behind them are there.
fn assert_follows_engine(sheet: &Sheet, results: &changai::outcome::Results) {
    let decisive = results.score.decisive();
    let (total_label, grade_label) = match results.score.review {
        Some(_) => ("复评总分", "复评等级"),
        None => ("总得分", "评定等级"),
    };
    let row = sheet.row_labelled(total_label);
    assert_eq!(float(&sheet.value(row, 4)), decisive.total, "{total_label}");
    assert!(
        sheet.formula(row, 4).starts_with("ROUND("),
        "{}",
        sheet.formula(row, 4)
    );
    let row = sheet.row_labelled(grade_label);
    assert_eq!(
        sheet.value(row, 4),
        Data::String(decisive.grade.title.zh.clone())
    );
    assert!(
        sheet.formula(row, 4).starts_with("INDEX("),
        "{}",
        sheet.formula(row, 4)
    );
    assert_eq!(float(&sheet.figure("加分")), results.score.bonus);
    let counted_points: f64 = float(&sheet.figure("计入的应得分"));
    assert_eq!(counted_points, results.score.items_max);
    for item in &results.items {
        let r = sheet.item_row(&item.id);
        assert_eq!(float(&sheet.value(r, 4)), item.points, "{} 应得分", item.id);
        assert_eq!(float(&sheet.value(r, 5)), item.score, "{} 自评分", item.id);
        match &item.review {
            Some(review) => assert_eq!(float(&sheet.value(r, 6)), review.score, "{}", item.id),
            None => assert_eq!(sheet.value(r, 6), Data::Empty, "{} 复评分", item.id),
        }
        let excluded = matches!(
            item.status,
            changai::outcome::Status::NotApplicable | changai::outcome::Status::Waived
        );
        if excluded {
            assert_eq!(
                sheet.value(r, 7),
                Data::String("不计入".into()),
                "{}",
                item.id
            );
        } else {
            let counted = item.review.as_ref().map_or(item.score, |rv| rv.score);
            assert_eq!(float(&sheet.value(r, 7)), counted, "{} 计分", item.id);
            let g = r + 1;
            assert_eq!(
                sheet.formula(r, 7),
                format!("IF(ISNUMBER(G{g}),G{g},F{g})"),
                "{}",
                item.id
            );
        }
    }
}

fn sample(name: &str) -> PathBuf {
    repo().join("evidence-samples").join(name)
}

#[test]
fn totals_and_grades_follow_the_engine_for_every_sample() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["lingfeng-2025", "dagang-2025", "xiapu-2025"] {
        let results = changai::evaluate_pack(&sample(name), None).unwrap();
        let sheet = Sheet::open(&write_sheet(dir.path(), &sample(name), name));
        assert_follows_engine(&sheet, &results);
    }
}

#[test]
fn the_samples_headlines() {
    let dir = tempfile::tempdir().unwrap();
    let mut shown = Vec::new();
    for name in ["lingfeng-2025", "dagang-2025", "xiapu-2025"] {
        let sheet = Sheet::open(&write_sheet(dir.path(), &sample(name), name));
        let label = |l: &str| match sheet.figure(decisive_label(&sheet, l)) {
            Data::Float(f) => num(f),
            other => other.to_string(),
        };
        shown.push(format!(
            "{name}: {} / {} → {} + {} = {} {} (否决 {}, 核心项未达标 {})",
            label("条目得分"),
            label("计入的应得分"),
            label("折算得分"),
            label("加分"),
            label("复评总分"),
            label("复评等级"),
            label("一票否决"),
            label("核心项未达标"),
        ));
    }
    assert_eq!(
        shown,
        [
            "lingfeng-2025: 95.87 / 100 → 95.87 + 1 = 96.87 优秀 (否决 否, 核心项未达标 0)",
            "dagang-2025: 69.43 / 98 → 70.85 + 0 = 70.85 合格 (否决 否, 核心项未达标 3)",
            "xiapu-2025: 55.94 / 98 → 57.08 + 2 = 59.08 不合格 (否决 是, 核心项未达标 3)",
        ]
    );
}

/// With a review the headline says 复评总分/复评等级, without one 总得分/评定等级.
fn decisive_label<'a>(sheet: &Sheet, label: &'a str) -> &'a str {
    let reviewed = (0..sheet.values.height() as u32)
        .any(|r| sheet.value(r, 1) == Data::String("复评总分".into()));
    match label {
        "复评总分" if !reviewed => "总得分",
        "复评等级" if !reviewed => "评定等级",
        other => other,
    }
}

fn num(f: f64) -> String {
    let text = format!("{:.2}", (f * 100.0).round() / 100.0);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// dagang (not-applicable items, re-scores) with the review's re-scores replaced by `rescores`.
fn dagang_with(dir: &Path, rescores: &str) -> PathBuf {
    let pack = dir.join("pack");
    copy_tree(&sample("dagang-2025"), &pack);
    let review = std::fs::read_to_string(pack.join("review.yaml")).unwrap();
    let head = &review[..review.find("rescores:").unwrap()];
    std::fs::write(
        pack.join("review.yaml"),
        format!("{head}rescores:\n{rescores}"),
    )
    .unwrap();
    pack
}

#[test]
fn not_applicable_items_and_rescores_follow_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    // A core item re-scored to full points, others down; one not-applicable item re-scored (it
    // stays out of the denominator whatever its re-score).
    let pack = dagang_with(
        dir.path(),
        "  - {item: A1.1, score: 2, by: 王敏, date: 2026-01-14}
  - {item: A2.4, score: 0.25, by: 王敏, date: 2026-01-14}
  - {item: D1.1, score: 4, by: 王敏, date: 2026-01-14}
  - {item: C1.2, score: 1, by: 王敏, date: 2026-01-14}
",
    );
    let results = changai::evaluate_pack(&pack, None).unwrap();
    assert!(results.problems.is_empty(), "{:?}", results.problems);
    assert!(results.score.items_max < 100.0, "dagang has excluded items");
    let sheet = Sheet::open(&write_sheet(dir.path(), &pack, "na"));
    assert_follows_engine(&sheet, &results);
    // The rescaling formula and its inputs.
    let row = sheet.row_labelled("折算得分");
    let (s, m, t) = (row - 2, row - 1, row);
    assert_eq!(
        sheet.formula(row, 4),
        format!("IF(AND(E{m}>0,E{m}<E{t}),E{s}/E{m}*E{t},E{s})")
    );
}

/// `<dataValidation …>` elements of the first sheet: (cell, min, max).
fn validations(path: &Path) -> Vec<(String, String, String)> {
    let xml = zip_part(path, "xl/worksheets/sheet1.xml");
    let mut found = Vec::new();
    let mut rest = xml.as_str();
    while let Some(at) = rest.find("<dataValidation ") {
        rest = &rest[at..];
        let end = rest.find("</dataValidation>").unwrap();
        let element = &rest[..end];
        let attr = |name: &str| {
            let from = element.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            element[from..from + element[from..].find('"').unwrap()].to_owned()
        };
        let inner = |tag: &str| {
            let open = format!("<{tag}>");
            element.find(&open).map_or(String::new(), |from| {
                let from = from + open.len();
                element[from..from + element[from..].find('<').unwrap()].to_owned()
            })
        };
        if attr("type") == "decimal" {
            // `between` is the default operator, left out.
            assert!(!element.contains("operator="), "{element}");
            assert!(attr("promptTitle") == "复评分", "{element}");
            assert!(attr("prompt").starts_with("填写复评分：0 到 "), "{element}");
            assert!(attr("error").starts_with("复评分须是 0 到 "), "{element}");
            found.push((attr("sqref"), inner("formula1"), inner("formula2")));
        }
        rest = &rest[end..];
    }
    found
}

fn zip_part(path: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn every_rescore_cell_takes_a_number_from_0_to_the_points() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_sheet(dir.path(), &sample("lingfeng-2025"), "lingfeng");
    let results = changai::evaluate_pack(&sample("lingfeng-2025"), None).unwrap();
    let sheet = Sheet::open(&path);
    let mut expected: Vec<(String, String, String)> = results
        .items
        .iter()
        .map(|i| {
            (
                format!("G{}", sheet.item_row(&i.id) + 1),
                "0".to_owned(),
                num(i.points),
            )
        })
        .collect();
    let mut found = validations(&path);
    expected.sort();
    found.sort();
    assert_eq!(found.len(), 55);
    assert_eq!(found, expected);
}

#[test]
fn wrapped_lines_count_cjk_as_two_and_move_words_whole() {
    // 10 CJK characters are 20 units: two lines in 12 (11 units of room), one in 22.
    assert_eq!(wrapped_lines("领导小组成立通知文件", 12.0), 2);
    assert_eq!(wrapped_lines("领导小组成立通知文件", 22.0), 1);
    // Explicit line ends count, an empty cell is one line.
    assert_eq!(wrapped_lines("a\nb\nc", 30.0), 3);
    assert_eq!(wrapped_lines("", 10.0), 1);
    // A Latin word that does not fit moves whole: "data/企业名册.xlsx" breaks before ".xlsx"
    // rather than inside it.
    assert_eq!(wrapped_lines("abc defghij", 8.0), 2);
    // A word longer than a line is broken by character.
    assert_eq!(wrapped_lines("abcdefghijklmnopqrst", 8.0), 3);
    assert_eq!(row_height(1), 18.0);
    assert_eq!(row_height(3), 42.0);
}

// LibreOffice.

fn tools_available() -> bool {
    let works = |program: &str, arg: &str| {
        Command::new(program)
            .arg(arg)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if works("soffice", "--version") && works("pdfinfo", "-v") && works("pdftotext", "-v") {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("LibreOffice (soffice) or poppler-utils is not installed, and CI is set: .ci/run must install them");
    }
    #[allow(clippy::print_stderr)] // a skipped test says so
    {
        eprintln!("skipped: LibreOffice (soffice) not installed");
    }
    false
}

/// `soffice --headless --convert-to FORMAT` with a profile of its own (never the user's) and a
/// deadline; returns the converted file.
fn convert(file: &Path, format: &str, out: &Path) -> PathBuf {
    let profile = out.join("lo-profile");
    std::fs::create_dir_all(&profile).unwrap();
    let mut child = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            format,
            "--outdir",
        ])
        .arg(out)
        .arg(file)
        .env("HOME", &profile)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("soffice starts");
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        match child.try_wait().unwrap() {
            Some(status) => {
                assert!(status.success(), "soffice failed: {status}");
                break;
            }
            None if Instant::now() > deadline => {
                let _ = child.kill();
                panic!("soffice took more than 180 s");
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
    let ext = format.split(':').next().unwrap();
    let converted = out.join(format!("{stem}.{ext}"));
    assert!(
        converted.exists(),
        "soffice wrote no {}",
        converted.display()
    );
    converted
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

/// Words of a PDF whose boxes overlap another word's on the same page, as `pdftotext -bbox`
/// gives them: text of a cell drawn over the next row's text.
fn overlapping_words(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-bbox"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut found = Vec::new();
    for (page, body) in html.split("<page ").skip(1).enumerate() {
        let mut boxes: Vec<(f64, f64, f64, f64, String)> = Vec::new();
        for word in body.split("<word ").skip(1) {
            let attr = |name: &str| -> f64 {
                let from = word.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                word[from..from + word[from..].find('"').unwrap()]
                    .parse()
                    .unwrap()
            };
            let text = word[word.find('>').unwrap() + 1..word.find("</word>").unwrap()].to_owned();
            boxes.push((attr("xMin"), attr("yMin"), attr("xMax"), attr("yMax"), text));
        }
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                // Overlap by more than a sliver in both directions (glyph boxes touch).
                let dx = a.2.min(b.2) - a.0.max(b.0);
                let dy = a.3.min(b.3) - a.1.max(b.1);
                if dx > 1.0 && dy > 1.5 {
                    found.push(format!("page {}: {:?} over {:?}", page + 1, a.4, b.4));
                }
            }
        }
    }
    found
}

#[test]
fn libreoffice_prints_the_samples_legibly() {
    if !tools_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut shown = Vec::new();
    for name in ["lingfeng-2025", "xiapu-2025"] {
        let xlsx = write_sheet(dir.path(), &sample(name), name);
        let pdf = convert(&xlsx, "pdf", dir.path());
        let n = pages(&pdf);
        let overlaps = overlapping_words(&pdf);
        assert!(overlaps.is_empty(), "{name}: {overlaps:#?}");
        // Six level-1 areas (each from a new page), the score page and the 整改清单: at least 8;
        // with every shortfall written out, xiapu (44 items not met) printed to 14 pages. The
        // old sheet squeezed onto one page printed 2.
        assert!((8..=20).contains(&n), "{name}: {n} pages");
        shown.push(name);
    }
    assert_eq!(shown.len(), 2);
}

/// A copy of the workbook at `path` in `out`, its first sheet's XML passed through `edit`.
fn patched(path: &Path, out: &Path, edit: impl Fn(String) -> String) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut writer = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let name = part.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            bytes = edit(String::from_utf8(bytes).unwrap()).into_bytes();
        }
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(&bytes).unwrap();
    }
    writer.finish().unwrap();
}

/// The sheet with `cells` (e.g. `G5`) set to numbers and every formula's cached value dropped,
/// so that the next program to open it must calculate.
fn with_cells(path: &Path, cells: &[(String, f64)], out: &Path) {
    patched(path, out, |mut xml| {
        for (cell, value) in cells {
            let open = format!("<c r=\"{cell}\" ");
            let at = xml.find(&open).unwrap_or_else(|| panic!("no cell {cell}"));
            let end = at + xml[at..].find('>').unwrap();
            assert_eq!(&xml[end - 1..=end], "/>", "{cell} is blank");
            let attrs = &xml[at + 3..end - 1];
            let replaced = format!("<c {attrs}><v>{value}</v></c>");
            xml.replace_range(at..=end, &replaced);
        }
        // Drop the cached results: `<f>…</f><v>…</v>` → `<f>…</f>`.
        let mut cleaned = String::new();
        let mut rest = xml.as_str();
        while let Some(at) = rest.find("</f><v>") {
            cleaned.push_str(&rest[..at + 4]);
            rest = &rest[at + 4..];
            rest = &rest[rest.find("</v>").unwrap() + 4..];
        }
        cleaned.push_str(rest);
        cleaned
    });
}

/// The check of [`libreoffice_prints_the_samples_legibly`] can fail: the same sheet with the
/// row heights taken out (as rust_xlsxwriter leaves them by default) prints text over text.
#[test]
fn without_its_row_heights_the_sheet_prints_text_over_text() {
    if !tools_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let xlsx = write_sheet(dir.path(), &sample("lingfeng-2025"), "lingfeng");
    let plain_dir = dir.path().join("plain");
    std::fs::create_dir_all(&plain_dir).unwrap();
    let plain = plain_dir.join("default-heights.xlsx");
    patched(&xlsx, &plain, |xml| {
        let mut out = String::new();
        let mut rest = xml.as_str();
        while let Some(at) = rest.find(" ht=\"") {
            out.push_str(&rest[..at]);
            rest = &rest[at + 5..];
            rest = &rest[rest.find('"').unwrap() + 1..];
            rest = rest.strip_prefix(" customHeight=\"1\"").unwrap_or(rest);
        }
        out.push_str(rest);
        assert!(!out.contains("customHeight"), "every height is taken out");
        out
    });
    let pdf = convert(&plain, "pdf", &plain_dir);
    let overlaps = overlapping_words(&pdf);
    assert!(overlaps.len() > 50, "{overlaps:#?}");
}

#[test]
fn a_rescore_typed_into_the_sheet_gives_the_engines_total_after_libreoffice_recalculates() {
    if !tools_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // lingfeng without re-scores: 95.87 + 1 bonus = 96.87, 优秀. Type 1 into A1.1 (a core item
    // of 2 points) and 0.5 into A2.4: 93.37 + 1 = 94.37, and with a core item not met 良好.
    let pack = dir.path().join("pack");
    copy_tree(&sample("lingfeng-2025"), &pack);
    let xlsx = write_sheet(dir.path(), &pack, "before");
    let sheet = Sheet::open(&xlsx);
    let typed = [("A1.1", 1.0), ("A2.4", 0.5)];
    let cells: Vec<(String, f64)> = typed
        .iter()
        .map(|(id, v)| (format!("G{}", sheet.item_row(id) + 1), *v))
        .collect();
    let edited_dir = dir.path().join("edited");
    std::fs::create_dir_all(&edited_dir).unwrap();
    let edited = edited_dir.join("typed.xlsx");
    with_cells(&xlsx, &cells, &edited);
    let recalculated_dir = dir.path().join("recalculated");
    std::fs::create_dir_all(&recalculated_dir).unwrap();
    let recalculated = convert(&edited, "xlsx", &recalculated_dir);
    let after = Sheet::open(&recalculated);

    // The engine, given the same re-scores in review.yaml.
    let review = std::fs::read_to_string(pack.join("review.yaml")).unwrap();
    let rescores: String = typed
        .iter()
        .map(|(id, v)| format!("  - {{item: {id}, score: {v}, by: 王敏, date: 2026-01-14}}\n"))
        .collect();
    std::fs::write(
        pack.join("review.yaml"),
        format!("{review}rescores:\n{rescores}"),
    )
    .unwrap();
    let results = changai::evaluate_pack(&pack, None).unwrap();
    assert!(results.problems.is_empty(), "{:?}", results.problems);
    let review = results.score.review.as_ref().unwrap();
    assert_eq!((review.total, review.grade.id.as_str()), (94.37, "good"));
    assert_eq!(float(&after.figure("总得分")), review.total);
    assert_eq!(
        after.figure("评定等级"),
        Data::String(review.grade.title.zh.clone())
    );
    assert_eq!(float(&after.figure("核心项未达标")), 1.0);
    let row = after.item_row("A1.1");
    assert_eq!(after.value(row, 9), Data::String("未达标".into()));
}

/// `evaluate PACK --format json` into `dir/RESULTS.json`.
fn results_json(dir: &Path, pack: &Path) -> PathBuf {
    let out = run(
        [
            "changai",
            "evaluate",
            &pack.to_string_lossy(),
            "--format",
            "json",
        ],
        &env_at(dir),
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let path = dir.join("RESULTS.json");
    std::fs::write(&path, &out.stdout).unwrap();
    path
}

#[test]
fn from_results_of_the_embedded_standard_the_grade_is_still_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let results = changai::evaluate_pack(&sample("dagang-2025"), None).unwrap();
    let json = results_json(dir.path(), &sample("dagang-2025"));
    let sheet = Sheet::open(&write_sheet(dir.path(), &json, "from-json"));
    assert_follows_engine(&sheet, &results);
}

#[test]
fn without_the_standards_rules_the_grade_is_a_labelled_value() {
    // The results name a standard this build does not carry (its digest differs): the sheet
    // cannot know the grade bands or the bonus cap.
    let dir = tempfile::tempdir().unwrap();
    let json = results_json(dir.path(), &sample("dagang-2025"));
    let text = std::fs::read_to_string(&json).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["standard"]["digest"] = "0".repeat(64).into();
    let value = crate::support::resealed(value);
    std::fs::write(&json, serde_json::to_string(&value).unwrap()).unwrap();
    let sheet = Sheet::open(&write_sheet(dir.path(), &json, "other"));
    let row = sheet.row_labelled("复评等级");
    assert_eq!(
        (sheet.value(row, 4), sheet.formula(row, 4)),
        (Data::String("合格".into()), String::new())
    );
    assert_eq!(
        sheet.value(row, 5),
        Data::String("评估结果中的等级：本表不知道标准的等级划分，不随复评分重算".into())
    );
    // The total still follows the 复评分 column: the rescaling is seen in the results.
    let row = sheet.row_labelled("复评总分");
    assert_eq!(float(&sheet.value(row, 4)), 70.85);
    assert!(sheet.formula(row, 4).starts_with("ROUND("));
}
