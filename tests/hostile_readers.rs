//! The hostile-input catalogue for the reader stack: one case per class of input that used to
//! hang, abort, eat memory or give a silently wrong score. Each asserts the exact outcome, and
//! the cases that must stay quick run under a time bound (and, through the binary, a memory
//! bound).

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use changai::evidence::Pack;
use changai::outcome::Status;

use crate::check_kinds::support::{decided, zh, TestPack, PACK_2025};

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Every file of a folder with its bytes and modification time, to show it was not written.
fn snapshot(root: &Path) -> Vec<(String, Vec<u8>, std::time::SystemTime)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(root).sort_by_file_name() {
        let e = e.unwrap();
        let meta = std::fs::symlink_metadata(e.path()).unwrap();
        if meta.is_file() {
            out.push((
                e.path().display().to_string(),
                std::fs::read(e.path()).unwrap(),
                meta.modified().unwrap(),
            ));
        }
    }
    out
}

/// Runs `f` and fails if it takes longer than `limit`.
fn within<T>(limit: Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    assert!(start.elapsed() < limit, "took {:?}", start.elapsed());
    out
}

/// An xlsx made by rust_xlsxwriter with the given cells.
fn xlsx(cells: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, c, v) in cells {
        sheet.write_string(*r, *c, *v).unwrap();
    }
    book.save_to_buffer().unwrap()
}

const REGISTER: &str = "records: {label: 台账, file: data/台账.xlsx}";

#[test]
fn a_fifo_as_pack_yaml_is_refused_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("pack.yaml"));
    let e = within(Duration::from_secs(5), || {
        Pack::open(dir.path()).unwrap_err()
    });
    assert_eq!(
        e.one_line(changai::Lang::Zh),
        "pack.yaml：这里应是普通文件，实际是命名管道（FIFO），不读取"
    );
    assert_eq!(
        e.one_line(changai::Lang::En),
        "pack.yaml: a named pipe (FIFO) stands here instead of a regular file; not read"
    );
}

#[test]
fn a_fifo_as_review_yaml_is_refused_without_waiting() {
    let p = TestPack::new();
    mkfifo(&p.path("review.yaml"));
    let e = within(Duration::from_secs(5), || Pack::open(p.root()).unwrap_err());
    assert_eq!(
        e.one_line(changai::Lang::Zh),
        "review.yaml：这里应是普通文件，实际是命名管道（FIFO），不读取"
    );
}

#[test]
fn a_fifo_in_a_standards_items_is_refused_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let src = crate::evaluate::repo().join("standards/sanding-2022");
    std::fs::create_dir(dir.path().join("items")).unwrap();
    std::fs::copy(src.join("standard.yaml"), dir.path().join("standard.yaml")).unwrap();
    mkfifo(&dir.path().join("items/A.yaml"));
    let out = within(Duration::from_secs(5), || {
        changai::cli::run(
            ["changai", "validate", dir.path().to_str().unwrap()],
            &crate::evaluate::env_at(dir.path()),
        )
    });
    assert_eq!(out.code, changai::cli::Exit::Error);
    assert!(
        out.stderr
            .ends_with("items/A.yaml：这里应是普通文件，实际是命名管道（FIFO），不读取\n"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_fifo_among_the_evidence_is_skipped_with_a_warning() {
    let p = TestPack::new().file("A/A1.1/2025-03-01 纪要.txt", "纪要");
    mkfifo(&p.path("A/A1.1/2025-04-01 管道.txt"));
    let pack = within(Duration::from_secs(5), || p.open());
    assert_eq!(pack.files.len(), 1);
    let w = &pack.problems[0];
    assert_eq!(
        (w.code.as_str(), w.file.as_str(), w.message.as_str()),
        (
            "not-a-regular-file",
            "A/A1.1/2025-04-01 管道.txt",
            "这是命名管道（FIFO），不是普通文件，已跳过"
        )
    );
}

#[test]
fn a_fifo_given_as_the_task_list_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("plan.csv");
    mkfifo(&fifo);
    let pack = crate::evaluate::repo().join("evidence-samples/lingfeng-2025");
    let out = within(Duration::from_secs(10), || {
        changai::cli::run(
            [
                "changai",
                "report",
                pack.to_str().unwrap(),
                "--plan",
                fifo.to_str().unwrap(),
            ],
            &crate::evaluate::env_at(dir.path()),
        )
    });
    assert_eq!(out.code, changai::cli::Exit::Error);
    assert_eq!(
        out.stderr,
        format!(
            "错误：{}：这里应是普通文件，实际是命名管道（FIFO），不读取\n",
            fifo.display()
        )
    );
}

#[test]
fn a_plan_outside_the_pack_is_refused_at_its_line() {
    for plan in ["../etc/passwd", "/etc/passwd", "data/../../x.csv"] {
        let p = TestPack::with_pack_yaml(&format!("{PACK_2025}plan: {plan}\n"));
        let e = Pack::open(p.root()).unwrap_err();
        assert_eq!(
            e.one_line(changai::Lang::Zh),
            format!("pack.yaml:5:7：任务清单“{plan}”不在证据包内；请把它放进证据包（如 data/任务清单.xlsx），或用 --plan 指定"),
        );
    }
    let p = TestPack::with_pack_yaml(&format!("{PACK_2025}plan: data/任务清单.csv\n"));
    assert_eq!(
        Pack::open(p.root())
            .unwrap_err()
            .one_line(changai::Lang::Zh),
        "pack.yaml:5:7：找不到任务清单“data/任务清单.csv”"
    );
}

#[test]
fn a_cell_at_the_far_corner_is_refused_quickly() {
    let p = TestPack::new().file("data/台账.xlsx", xlsx(&[(1_048_575, 16_383, "x")]));
    let ev = within(Duration::from_secs(10), || p.eval(REGISTER));
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    assert_eq!(
        zh(&ev),
        ["data/台账.xlsx 第 1048576 行: 工作表“Sheet1”的表头有 16384 列，超过上限 1024 列，拒绝读取"]
    );
}

#[test]
fn empty_rows_before_the_header_cost_nothing() {
    let p = TestPack::new().file(
        "data/台账.xlsx",
        xlsx(&[(1_000_000, 0, "姓名"), (1_000_001, 0, "张三")]),
    );
    let ev = within(Duration::from_secs(10), || p.eval(REGISTER));
    assert_eq!(decided(&ev), (Status::Met, 1.0));
    assert_eq!(zh(&ev), ["台账: 1 行记录"]);
}

/// A zip whose one sheet inflates far beyond the cap (the file itself is small).
fn inflating_xlsx() -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        // a workbook by its parts, so that the sheet's size is what is judged
        zip.start_file("xl/workbook.xml", options).unwrap();
        zip.write_all(b"<workbook/>").unwrap();
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        zip.write_all(b"<worksheet><sheetData>").unwrap();
        let spaces = vec![b' '; 1024 * 1024];
        for _ in 0..100 {
            zip.write_all(&spaces).unwrap();
        }
        zip.write_all(b"</sheetData></worksheet>").unwrap();
        zip.finish().unwrap();
    }
    buf.into_inner()
}

#[test]
fn a_sheet_that_inflates_beyond_the_cap_is_refused() {
    let bytes = inflating_xlsx();
    assert!(bytes.len() < 200 * 1024, "{} bytes", bytes.len());
    let p = TestPack::new().file("data/台账.xlsx", bytes);
    let ev = within(Duration::from_secs(30), || p.eval(REGISTER));
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    assert_eq!(
        zh(&ev),
        ["data/台账.xlsx: 工作簿的组成部分 xl/worksheets/sheet1.xml 解压后超过 64 MiB，拒绝读取"]
    );
}

/// An xls (BIFF8 in a compound file) whose DIMENSIONS record claims the whole grid.
fn xls_claiming(rows: u32, cols: u16) -> Vec<u8> {
    let mut biff = Vec::new();
    let mut record = |typ: u16, body: &[u8]| {
        biff.extend(typ.to_le_bytes());
        biff.extend((body.len() as u16).to_le_bytes());
        biff.extend(body);
    };
    record(0x0809, &[0, 6, 0x10, 0, 0, 0, 0, 0]); // BOF of a worksheet
    let mut dims = Vec::new();
    dims.extend(0u32.to_le_bytes());
    dims.extend(rows.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    dims.extend(cols.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    record(0x0200, &dims);
    record(0x000A, &[]); // EOF
    let mut cf = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    cf.create_stream("/Workbook")
        .unwrap()
        .write_all(&biff)
        .unwrap();
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

#[test]
fn an_xls_claiming_a_huge_grid_is_refused_before_it_is_built() {
    let p = TestPack::new().file("data/台账.xls", xls_claiming(1_048_576, 16_384));
    let ev = within(Duration::from_secs(10), || {
        p.eval("records: {label: 台账, file: data/台账.xls}")
    });
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    assert_eq!(
        zh(&ev),
        ["data/台账.xls: 工作表声明的范围有 17179869184 个单元格，超过上限 4000000，拒绝读取"]
    );
}

#[test]
fn a_file_swapped_after_the_scan_is_not_scored_under_the_old_hash() {
    let p = TestPack::new().file("data/台账.csv", "姓名\n张三\n");
    let pack = p.open();
    std::fs::write(p.path("data/台账.csv"), "姓名\n张三\n李四\n").unwrap();
    let standard = crate::check_kinds::support::standard(
        "",
        &["records: {label: 台账, file: data/台账.csv, min: 2}"],
    );
    let ev = crate::check_kinds::support::evaluate(&standard, &pack);
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    assert_eq!(
        zh(&ev),
        ["data/台账.csv: 文件在评估过程中被改动（内容与开始时不同），本次不予采信；请在文件不再变动时重新评估"]
    );
}

#[test]
fn an_unreadable_file_is_an_error_not_missing() {
    let p = TestPack::new().file("A/A1.1/2025-03-01 纪要.txt", "纪要");
    let mut pack = p.open();
    // As root every file is readable; mark the scanned file as the scan does for one that is not.
    pack.files[0].unreadable = Some(changai::standard::model::Text {
        zh: "没有读取权限".into(),
        en: "permission denied".into(),
    });
    let standard = crate::check_kinds::support::standard(
        "",
        &["files: {label: 纪要, glob: \"A/A1.1/*纪要*\"}"],
    );
    let ev = crate::check_kinds::support::evaluate(&standard, &pack);
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    assert_eq!(
        zh(&ev),
        ["纪要: A/A1.1/2025-03-01 纪要.txt 无法读取（没有读取权限），无法核对"]
    );
}

#[test]
fn infinite_and_not_a_number_amounts_are_errors_naming_file_row_and_column() {
    for bad in ["inf", "NaN", "-infinity", "1e999"] {
        let p = TestPack::new().file("data/经费.csv", format!("金额\n100\n{bad}\n"));
        let ev =
            p.eval("records: {label: 经费, file: data/经费.csv, sum: {column: 金额, min: 10}}");
        assert_eq!(decided(&ev), (Status::Error, 0.0), "{bad}");
        assert_eq!(
            zh(&ev)[1],
            format!("经费: data/经费.csv 第 3 行的“金额”不是数字：“{bad}”")
        );
    }
    let p = TestPack::new().file("data/指标.yaml", "经费: .inf\n");
    let ev =
        p.eval("value: {label: 经费, file: data/指标.yaml, path: 经费, op: \">=\", threshold: 1}");
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    assert_eq!(
        zh(&ev),
        ["data/指标.yaml 第 1 行: 数值“.inf”不是有限的数（无穷大或非数），不能使用"]
    );
}

#[test]
fn one_register_in_two_formats_is_an_error_naming_both() {
    let p = TestPack::new()
        .file("data/台账.csv", "姓名\n张三\n")
        .file("data/台账.xlsx", xlsx(&[(0, 0, "姓名"), (1, 0, "张三")]));
    let ev = p.eval("records: {label: 台账, file: \"data/台账.{csv,xlsx}\"}");
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    assert_eq!(
        zh(&ev),
        ["台账: 同一份台账存了两种格式（data/台账.csv 和 data/台账.xlsx），无法确定以哪份为准；请只保留一份"]
    );
}

#[test]
fn a_duplicate_column_name_is_an_error_at_its_cell() {
    let p = TestPack::new().file("data/台账.csv", "姓名,单位,姓名\n张三,甲厂,李四\n");
    let ev = p.eval("records: {label: 台账, file: data/台账.csv}");
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    assert_eq!(
        zh(&ev),
        ["data/台账.csv 第 1 行: 表头有两列都叫“姓名”（第 1 列和第 3 列），请改名其中一列"]
    );
    let p = TestPack::new().file(
        "data/台账.xlsx",
        xlsx(&[(2, 0, "姓名"), (2, 1, "姓名"), (3, 0, "张三")]),
    );
    let ev = p.eval(REGISTER);
    assert_eq!(
        zh(&ev),
        ["data/台账.xlsx 第 3 行: 表头有两列都叫“姓名”（第 1 列和第 2 列），请改名其中一列"]
    );
}

#[test]
fn crlf_registers_name_the_right_row() {
    let p = TestPack::new().file("data/台账.csv", "姓名,单位\r\n张三,甲厂\r\n李四\r\n");
    let ev = p.eval("records: {label: 台账, file: data/台账.csv}");
    assert_eq!(
        zh(&ev),
        ["data/台账.csv 第 3 行: 字段数不一致（表头 2 列，此行 1 列）"]
    );
}

#[test]
fn reading_hostile_packs_writes_nothing() {
    let p = TestPack::new()
        .file("data/台账.xlsx", xlsx(&[(1_048_575, 16_383, "x")]))
        .file("data/经费.csv", "金额\r\ninf\r\n")
        .file("data/明细.xlsx", inflating_xlsx());
    let outside = tempfile::tempdir().unwrap();
    let standard = outside.path().join("standard.yaml");
    let checks = [
        "records: {label: 台账, file: data/台账.xlsx}",
        "records: {label: 经费, file: data/经费.csv, sum: {column: 金额, min: 1}}",
        "records: {label: 明细, file: data/明细.xlsx}",
    ];
    std::fs::write(
        &standard,
        crate::check_kinds::support::standard_yaml("", &checks),
    )
    .unwrap();
    let before = snapshot(p.root());
    for format in ["table", "json"] {
        let out = changai::cli::run(
            [
                "changai",
                "evaluate",
                p.root().to_str().unwrap(),
                "--standard",
                standard.to_str().unwrap(),
                "--format",
                format,
            ],
            &crate::evaluate::env_at(outside.path()),
        );
        assert_eq!(out.code, changai::cli::Exit::Error, "{}", out.stderr);
    }
    assert_eq!(snapshot(p.root()), before);
}

/// The binary under an address-space limit: a reader that allocated from a sheet's declared
/// size would abort here; ours answers within it.
#[test]
fn the_far_corner_and_the_inflating_sheet_stay_within_memory() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("pack.yaml"), PACK_2025).unwrap();
    std::fs::create_dir(root.join("data")).unwrap();
    std::fs::write(
        root.join("data/台账.xlsx"),
        xlsx(&[(1_048_575, 16_383, "x")]),
    )
    .unwrap();
    std::fs::write(root.join("data/明细.xlsx"), inflating_xlsx()).unwrap();
    std::fs::write(root.join("data/旧表.xls"), xls_claiming(1_048_576, 16_384)).unwrap();
    let standard = root.join("standard.yaml");
    let checks = [
        "records: {label: 台账, file: data/台账.xlsx}",
        "records: {label: 明细, file: data/明细.xlsx}",
        "records: {label: 旧表, file: data/旧表.xls}",
    ];
    std::fs::write(
        &standard,
        crate::check_kinds::support::standard_yaml("", &checks),
    )
    .unwrap();
    let start = Instant::now();
    let out = Command::new("prlimit")
        .arg("--as=1073741824")
        .arg(env!("CARGO_BIN_EXE_changai"))
        .args(["evaluate", root.to_str().unwrap(), "--standard"])
        .arg(&standard)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
    // Three unreadable registers: the results are whole, the exit code says evidence was unread.
    assert_eq!(
        (out.status.code(), String::from_utf8_lossy(&out.stderr).as_ref()),
        (
            Some(2),
            "有 3 处证据或声明无法读取、格式有误，相关条目记为“出错”，得分可能偏低；请按问题列表修正后重新评估\n"
        )
    );
    let results: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reasons = &results["items"][0]["reasons"];
    assert_eq!(results["items"][0]["status"], "error");
    assert_eq!(
        reasons[0]["zh"],
        "data/台账.xlsx 第 1048576 行: 工作表“Sheet1”的表头有 16384 列，超过上限 1024 列，拒绝读取"
    );
}

#[test]
fn one_data_file_in_two_formats_is_an_error_for_expressions() {
    let p = TestPack::new()
        .file("data/指标.yaml", "经费: 5\n")
        .file("data/指标.json", "{\"经费\": 50}");
    let ev = p.eval("expr: {label: 经费, expr: \"指标.经费 > 10\"}");
    assert_eq!(decided(&ev), (Status::Error, 0.0));
    assert_eq!(
        zh(&ev),
        [
            "经费: 条件要用的数据文件无法使用，无法计算",
            "data/指标.yaml: 与 data/指标.json 是同一份数据（同名、不同格式），无法确定以哪份为准；请只保留一份"
        ]
    );
}

/// One crafted register in one community of a city must not end the city's ranking: that pack
/// ranks with the items concerned in error, the others as before.
#[test]
fn a_crafted_workbook_in_one_pack_does_not_end_a_ranking() {
    let dir = tempfile::tempdir().unwrap();
    let samples = crate::evaluate::repo().join("evidence-samples");
    for name in ["lingfeng-2025", "dagang-2025"] {
        crate::evaluate::copy_tree(&samples.join(name), &dir.path().join("city").join(name));
    }
    std::fs::write(
        dir.path().join("city/dagang-2025/data/企业名册.xlsx"),
        xlsx(&[(1_048_575, 16_383, "x")]),
    )
    .unwrap();
    let out = within(Duration::from_secs(60), || {
        changai::cli::run(
            ["changai", "rank", "city", "--format", "json"],
            &crate::evaluate::env_at(dir.path()),
        )
    });
    assert_eq!(out.code, changai::cli::Exit::Ok, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v["rows"].as_array().unwrap();
    let ranked: Vec<(&str, f64)> = rows
        .iter()
        .map(|r| {
            (
                r["community"].as_str().unwrap(),
                r["self_total"].as_f64().unwrap(),
            )
        })
        .collect();
    // 企业名册 proves items of dagang's; unreadable now, they are errors and its score drops.
    assert_eq!(ranked[0], ("灵峰工业社区", 96.87));
    assert_eq!(ranked[1].0, "大港工业社区");
    assert!(ranked[1].1 < 72.63, "{v}");
    assert_eq!(rows.len(), 2, "{v}");
}
