//! Tests: the presentation layer — every format of every command, rendered from one shared fixture
//! (tests/fixtures/render/: a three-level standard with a core item, a not-applicable item and a
//! bonus, and a pack whose review.yaml re-scores one item), pinned by snapshots a person can read.
//! Chinese for every format, English for the tables and the Markdown. The fixture is copied into a
//! temporary folder so the paths in the output are the short ones a user would type.

use std::path::{Path, PathBuf};

use changai::cli::{run, Env, Exit, Output};

/// 2025-12-31T00:00:00Z, the one timestamp a report carries.
const EPOCH: &str = "1767139200";

/// Snapshots live in tests/snapshots/, beside the other commands' snapshots.
macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => true }, {
            insta::assert_snapshot!($name, $value);
        })
    };
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary folder holding `standard.yaml`, `findings.yaml`, `pack/` and `results.json` (the
/// pack evaluated with `--format json`).
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render");
        copy_dir(&from, dir.path());
        let fixture = Self { dir };
        let results = fixture.ok(&[
            "evaluate",
            "pack",
            "--standard",
            "standard.yaml",
            "--format",
            "json",
        ]);
        std::fs::write(fixture.path("results.json"), results).unwrap();
        fixture
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs `changai ARGS…` in the folder; a leading `--lang en` stays in front.
    fn run(&self, args: &[&str]) -> Output {
        let env = Env {
            cwd: self.dir.path().to_path_buf(),
            color: false,
            source_date_epoch: Some(EPOCH.to_owned()),
        };
        let mut argv = vec!["changai"];
        argv.extend_from_slice(args);
        run(argv, &env)
    }

    /// Runs and expects exit `code`; returns stdout, with stderr empty.
    fn expect(&self, code: Exit, args: &[&str]) -> Vec<u8> {
        let out = self.run(args);
        assert_eq!(out.code, code, "{args:?}: stderr: {}", out.stderr);
        assert_eq!(out.stderr, "", "{args:?}");
        out.stdout
    }

    fn ok(&self, args: &[&str]) -> Vec<u8> {
        self.expect(Exit::Ok, args)
    }

    fn text(&self, code: Exit, args: &[&str]) -> String {
        String::from_utf8(self.expect(code, args)).unwrap()
    }
}

/// A csv written with a byte-order mark and CRLF, as the text a snapshot can show.
fn csv_text(bytes: &[u8]) -> String {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a UTF-8 BOM");
    let text = String::from_utf8(text.to_vec()).unwrap();
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF line ends");
    text.replace("\r\n", "\n")
}

// validate ------------------------------------------------------------------------------------

#[test]
fn validate_every_format() {
    let f = Fixture::new();
    for format in ["human", "json", "github", "junit", "sarif"] {
        let valid = f.text(Exit::Ok, &["validate", "standard.yaml", "--format", format]);
        snapshot!(format!("validate-{format}"), valid);
        let findings = f.text(
            Exit::Failed,
            &["validate", "findings.yaml", "--format", format],
        );
        snapshot!(format!("validate-{format}-findings"), findings);
    }
    let en = f.text(Exit::Failed, &["--lang", "en", "validate", "findings.yaml"]);
    snapshot!("validate-human-findings-en", en);
}

// evaluate ------------------------------------------------------------------------------------

#[test]
fn evaluate_every_format() {
    let f = Fixture::new();
    let evaluate = ["evaluate", "pack", "--standard", "standard.yaml"];
    let table = f.text(Exit::Ok, &evaluate);
    snapshot!("evaluate-table", table);
    let en: Vec<&str> = ["--lang", "en"].iter().chain(&evaluate).copied().collect();
    snapshot!("evaluate-table-en", f.text(Exit::Ok, &en));
    let json: Vec<&str> = evaluate
        .iter()
        .chain(&["--format", "json"])
        .copied()
        .collect();
    snapshot!("evaluate-json", f.text(Exit::Ok, &json));
    let explain: Vec<&str> = evaluate
        .iter()
        .chain(&["--explain", "A1.2"])
        .copied()
        .collect();
    snapshot!("evaluate-explain", f.text(Exit::Ok, &explain));
    let en: Vec<&str> = ["--lang", "en"].iter().chain(&explain).copied().collect();
    snapshot!("evaluate-explain-en", f.text(Exit::Ok, &en));
    let explain_json: Vec<&str> = json.iter().chain(&["--explain", "A1.2"]).copied().collect();
    snapshot!("evaluate-explain-json", f.text(Exit::Ok, &explain_json));
}

// verify --------------------------------------------------------------------------------------

#[test]
fn verify_every_format_verified_and_tampered() {
    let f = Fixture::new();
    let verify = [
        "verify",
        "results.json",
        "pack",
        "--standard",
        "standard.yaml",
    ];
    snapshot!("verify-human", f.text(Exit::Ok, &verify));
    let en: Vec<&str> = ["--lang", "en"].iter().chain(&verify).copied().collect();
    snapshot!("verify-human-en", f.text(Exit::Ok, &en));
    let json: Vec<&str> = verify
        .iter()
        .chain(&["--format", "json"])
        .copied()
        .collect();
    snapshot!("verify-json", f.text(Exit::Ok, &json));

    // After scoring: the second meeting's minutes added, the leading group's notice emptied.
    std::fs::write(
        f.path("pack/A/A1.2/2025-09-18 工作会议纪要.txt"),
        "第二次工作会议纪要\n",
    )
    .unwrap();
    std::fs::write(f.path("pack/A/A1.1/2025-02-10 领导小组成立通知.txt"), "").unwrap();
    snapshot!("verify-human-tampered", f.text(Exit::Failed, &verify));
    let en: Vec<&str> = ["--lang", "en"].iter().chain(&verify).copied().collect();
    snapshot!("verify-human-tampered-en", f.text(Exit::Failed, &en));
    snapshot!("verify-json-tampered", f.text(Exit::Failed, &json));
}

// rank ----------------------------------------------------------------------------------------

#[test]
fn rank_every_format() {
    let f = Fixture::new();
    let rank = ["rank", "pack", "--standard", "standard.yaml"];
    for format in ["table", "md", "json"] {
        let args: Vec<&str> = rank.iter().chain(&["--format", format]).copied().collect();
        snapshot!(format!("rank-{format}"), f.text(Exit::Ok, &args));
    }
    for format in ["table", "md"] {
        let args: Vec<&str> = ["--lang", "en"]
            .iter()
            .chain(&rank)
            .chain(&["--format", format])
            .copied()
            .collect();
        snapshot!(format!("rank-{format}-en"), f.text(Exit::Ok, &args));
    }
    let args: Vec<&str> = rank.iter().chain(&["--format", "csv"]).copied().collect();
    snapshot!("rank-csv", csv_text(&f.ok(&args)));
}

// report --------------------------------------------------------------------------------------

#[test]
fn report_every_format() {
    let f = Fixture::new();
    for format in ["md", "html", "json"] {
        let md = f.text(Exit::Ok, &["report", "results.json", "--format", format]);
        snapshot!(format!("report-{format}"), md);
    }
    let en = f.text(
        Exit::Ok,
        &["--lang", "en", "report", "results.json", "--format", "md"],
    );
    snapshot!("report-md-en", en);
    let csv = f.ok(&["report", "results.json", "--format", "csv"]);
    snapshot!("report-csv", csv_text(&csv));
}

/// The score sheet read back with calamine: every sheet, every non-empty cell, one per line.
#[test]
fn report_xlsx_cells() {
    let f = Fixture::new();
    let out = f.run(&["report", "results.json", "--output", "score.xlsx"]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let text = crate::samples::workbook_cells(&f.path("score.xlsx"));
    snapshot!("report-xlsx-cells", text);
}
