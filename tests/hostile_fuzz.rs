//! Regression tests from fuzzing (`fuzz/`): each input the fuzzer found, minimised, in
//! `tests/fixtures/fuzz/<target>-<name>.<ext>`, fed to the same public function as its fuzz target.
//! Bad input must come back as a value or a [`Diagnostic`] naming the file, never as a panic or an
//! abort.
//!
//! A finding still open is `#[ignore]`d with what it is, so the suite stays green (none is open
//! now); a finding that aborts (a failed allocation is not a panic) ends the whole test process:
//! run such a test alone.

use std::path::PathBuf;

use changai::diagnostic::Diagnostic;
use changai::evidence::read::{decode_text, table_from_csv, table_from_workbook};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The line of every data row of a csv, as the evaluator reports them.
fn csv_lines(bytes: &[u8]) -> Vec<usize> {
    let table = table_from_csv("data/台账.csv", &decode_text(bytes)).unwrap();
    table.rows.iter().map(|r| r.line).collect()
}

fn workbook_error(name: &str) -> Diagnostic {
    match table_from_workbook("data/台账.xlsx", fixture(name), None) {
        Ok(t) => panic!("{name}: read as a table of {} rows", t.rows.len()),
        Err(e) => e,
    }
}

#[test]
fn csv_rows_after_lf_line_ends_are_numbered_by_line() {
    assert_eq!(csv_lines(b"a,b\n1,2\n3,4\n"), vec![2, 3]);
}

/// Found by the `csv` target: the minimised input is `\xc6\r\xe1`, a header and one row
/// separated by a lone `\r`. Excel on Windows saves `\r\n`; old Mac exports `\r`.
#[test]
fn csv_rows_after_cr_line_ends_are_numbered_by_line() {
    assert_eq!(csv_lines(&fixture("csv-cr-line-numbers.csv")), vec![2]);
    assert_eq!(csv_lines(b"a,b\r\n1,2\r\n3,4\r\n"), vec![2, 3]);
    assert_eq!(csv_lines(b"a,b\r1,2\r3,4\r"), vec![2, 3]);
}

/// Found by the `xlsx` target: a sheet whose `<dimension ref="B1:A1"/>` ends before it starts.
/// calamine subtracts the start from the end (`xlsx/mod.rs:3049`, overflow: a panic in debug
/// builds, a wrapped size in release).
#[test]
fn xlsx_reversed_dimension_is_an_error() {
    let e = workbook_error("xlsx-reversed-dimension.xlsx");
    assert_eq!(e.file, "data/台账.xlsx");
    assert_eq!(
        e.message,
        "工作簿的组成部分 xl/worksheets/sheet1.xml 声明的范围“B1:A1”无效，拒绝读取"
    );
}

/// Known before fuzzing and written by hand (the `xlsx` target did not reach it in its runs): one
/// cell at `A1` and one at `XFD1048576`, the last cell of a sheet. A dense grid between them is
/// 512 GiB; the streamed reader keeps the two filled cells only. The far cell stands under no
/// column name, so the register is the header `a` and no row.
#[test]
fn xlsx_far_corner_cell_reads_within_bounds() {
    let t =
        table_from_workbook("data/台账.xlsx", fixture("xlsx-far-corner-cell.xlsx"), None).unwrap();
    assert_eq!((t.columns, t.rows.len()), (vec!["a".to_owned()], 0));
}
