//! Tests: `changai import oscal|ciso|xlsx` and `changai export standard` — the written YAML, the
//! shipped standard through the spreadsheet and back, and every kind of bad input with its exact
//! message, exit 2 and nothing written.

use std::path::{Path, PathBuf};

use changai::cli::{run, Env, Exit, Output};
use changai::standard::model::{Item, Standard};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/import").join(name)
}

fn cli(cwd: &Path, args: &[&str]) -> Output {
    let mut argv = vec!["changai"];
    argv.extend_from_slice(args);
    run(
        argv,
        &Env {
            cwd: cwd.to_path_buf(),
            color: false,
            source_date_epoch: Some("1767225600".to_owned()),
        },
    )
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Every written file, by relative path, in order: what a snapshot shows.
fn written(dir: &Path) -> String {
    let mut files: Vec<PathBuf> = walk(dir);
    files.sort();
    files
        .iter()
        .map(|f| {
            let rel = f
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            format!("=== {rel}\n{}", std::fs::read_to_string(f).unwrap())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn load(dir: &Path) -> Standard {
    changai::pipeline::load_standard(Some(dir)).unwrap()
}

/// Imports `input` (copied into a temporary folder as `name`) with `args`; the folder, the output.
fn import(kind: &str, input: &Path, name: &str, extra: &[&str]) -> (tempfile::TempDir, Output) {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(input, tmp.path().join(name)).unwrap();
    let mut args = vec!["import", kind, name, "--output", "out"];
    args.extend_from_slice(extra);
    let out = cli(tmp.path(), &args);
    (tmp, out)
}

/// Imports `text` written to `name`; the failure's stderr, after checking exit 2 and no output.
fn refused(kind: &str, name: &str, bytes: &[u8], lang: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(name), bytes).unwrap();
    let out = cli(
        tmp.path(),
        &["--lang", lang, "import", kind, name, "--output", "out"],
    );
    assert_eq!(out.code, Exit::Error, "{}", out.stderr);
    assert!(!tmp.path().join("out").exists(), "nothing is written");
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != name)
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary folder left: {leftovers:?}"
    );
    out.stderr
}

#[test]
fn oscal_catalog_is_written_as_a_folder_standard() {
    let (tmp, out) = import("oscal", &fixture("catalog.json"), "catalog.json", &[]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    assert_eq!(
        stdout(&out),
        "已把 catalog.json 导入为标准 out：7 个条目，其中 4 项要求有检查。下一步：changai validate out\n"
    );
    insta::assert_snapshot!("import-oscal", written(&tmp.path().join("out")));
}

#[test]
fn oscal_objectives_are_the_leaves() {
    let (tmp, out) = import(
        "oscal",
        &fixture("catalog.json"),
        "catalog.json",
        &["--objectives"],
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let s = changai::standard::load(&tmp.path().join("out"))
        .unwrap()
        .standard
        .unwrap();
    let ac1 = &s.items[0].items[0];
    assert_eq!(ac1.id, "ac-1");
    assert!(
        ac1.checks.is_empty(),
        "the objectives are checked, not the control"
    );
    let ids: Vec<&str> = ac1.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["ac-1_obj.a", "ac-1_obj.b"]);
    assert_eq!(
        ac1.items[0].title.en,
        "AC-01a. an access control policy is developed and documented;"
    );
    // ac-2 has one objective and an enhancement with its own objective; ac-2.2 is withdrawn
    let ac2: Vec<&str> = s.items[0].items[1]
        .items
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(ac2, ["ac-2_obj", "ac-2.1"]);
    assert_eq!(s.scoring.total, 5.0);
    insta::assert_snapshot!("import-oscal-objectives", written(&tmp.path().join("out")));
}

#[test]
fn ciso_library_is_written_as_a_folder_standard() {
    let (tmp, out) = import("ciso", &fixture("library.yaml"), "library.yaml", &[]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let s = changai::standard::load(&tmp.path().join("out"))
        .unwrap()
        .standard
        .unwrap();
    let profiles: Vec<(&str, &str)> = s
        .profiles
        .iter()
        .map(|p| (p.id.as_str(), p.title.zh.as_str()))
        .collect();
    assert_eq!(profiles, [("basic", "基本"), ("extended", "扩展")]);
    let gov = &s.items[0];
    let kids: Vec<&str> = gov.items.iter().map(|i| i.id.as_str()).collect();
    // a node without ref_id takes the end of its urn
    assert_eq!(kids, ["GOV.1", "GOV.2", "gov.note"]);
    let gov2 = &gov.items[1];
    assert_eq!(gov2.title.zh, "危险源台账");
    assert_eq!(gov2.items[0].id, "gov.2.a");
    assert_eq!(
        gov2.items[0].source.as_ref().unwrap().urn.as_deref(),
        Some("urn:example:risk:req_node:plant-security:gov.2.a")
    );
    assert_eq!(gov2.items[0].source.as_ref().unwrap().reference, None);
    assert!(
        !gov2.checks.is_empty(),
        "an assessable parent is a requirement itself"
    );
    assert_eq!(gov2.profiles, ["extended"]);
    assert_eq!(gov.items[2].points, Some(0.0), "a note is informational");
    insta::assert_snapshot!("import-ciso", written(&tmp.path().join("out")));
}

/// Validate clean, then an empty pack evaluates with every item unmet.
fn validate_and_evaluate(cwd: &Path) {
    let v = cli(cwd, &["validate", "out", "--deny-warnings"]);
    assert_eq!(v.code, Exit::Ok, "{}{}", stdout(&v), v.stderr);
    let i = cli(cwd, &["init", "pack", "--standard", "out"]);
    assert_eq!(i.code, Exit::Ok, "{}", i.stderr);
    let e = cli(
        cwd,
        &["evaluate", "pack", "--standard", "out", "--format", "json"],
    );
    let results: serde_json::Value = serde_json::from_slice(&e.stdout).unwrap();
    assert_eq!(results["score"]["total"], 0.0, "{}", e.stderr);
    let items = results["items"].as_array().unwrap();
    assert!(!items.is_empty());
    for item in items {
        assert_eq!(item["status"], "unmet", "{}", item["id"]);
    }
}

#[test]
fn imported_library_validates_clean_and_evaluates() {
    let (tmp, out) = import("ciso", &fixture("library.yaml"), "library.yaml", &[]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    validate_and_evaluate(tmp.path());
    // an implementation group is a profile: items outside it are not applicable by profile
    let e = cli(
        tmp.path(),
        &[
            "evaluate",
            "pack",
            "--standard",
            "out",
            "--profile",
            "basic",
            "--format",
            "json",
        ],
    );
    let results: serde_json::Value = serde_json::from_slice(&e.stdout).unwrap();
    let statuses: Vec<String> = results["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            format!(
                "{} {} {}",
                i["id"].as_str().unwrap(),
                i["status"].as_str().unwrap(),
                i["by_profile"]
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            "GOV.1 unmet null",
            "GOV.2 not_applicable true",
            "gov.2.a not_applicable true",
            "gov.note unmet null",
            "TRN unmet null",
        ]
    );
}

/// An English-only catalog validates clean: the import declares the languages every title is
/// written in (`languages: [en]`), so no node is warned for its missing Chinese title.
#[test]
fn imported_catalogs_validate_clean_and_evaluate() {
    for (kind, name, extra) in [
        ("oscal", "catalog.json", &[][..]),
        ("oscal", "catalog.json", &["--objectives"][..]),
    ] {
        let (tmp, out) = import(kind, &fixture(name), name, extra);
        assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
        validate_and_evaluate(tmp.path());
        report_and_export(tmp.path());
    }
}

/// The pack `init` made, reported in every format and exported to OSCAL: each one runs, and the
/// OSCAL export has one finding per item, aimed at the catalog's control (`source.ref`).
fn report_and_export(cwd: &Path) {
    let e = cli(
        cwd,
        &[
            "evaluate",
            "pack",
            "--standard",
            "out",
            "--format",
            "json",
            "-o",
            "RESULTS.json",
        ],
    );
    assert_eq!(e.code, Exit::Ok, "{}", e.stderr);
    for format in ["md", "html", "csv", "xlsx", "json"] {
        let name = format!("report.{format}");
        let r = cli(cwd, &["report", "RESULTS.json", "-o", &name]);
        assert_eq!(r.code, Exit::Ok, "{format}: {}", r.stderr);
        assert!(
            std::fs::metadata(cwd.join(&name)).unwrap().len() > 0,
            "{format}"
        );
    }
    let x = cli(
        cwd,
        &["export", "oscal", "RESULTS.json", "--output", "sar.json"],
    );
    assert_eq!(x.code, Exit::Ok, "{}", x.stderr);
    let results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(cwd.join("RESULTS.json")).unwrap()).unwrap();
    let sar: serde_json::Value =
        serde_json::from_slice(&std::fs::read(cwd.join("sar.json")).unwrap()).unwrap();
    let refs: Vec<String> = results["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            i["source"]["ref"]
                .as_str()
                .unwrap_or_else(|| i["id"].as_str().unwrap())
                .to_owned()
        })
        .collect();
    let targets: Vec<String> = sar["assessment-results"]["results"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["target"]["target-id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(targets, refs);
}

fn leaves_and_groups(items: &[Item], out: &mut Vec<String>, depth: usize) {
    for i in items {
        out.push(format!(
            "{depth} {} | {} | {} | {:?} | {:?} | {:?}",
            i.id, i.title.zh, i.title.en, i.points, i.guidance, i.guidance_en
        ));
        leaves_and_groups(&i.items, out, depth + 1);
    }
}

#[test]
fn shipped_standard_round_trips_through_the_spreadsheet() {
    let tmp = tempfile::tempdir().unwrap();
    let std_dir = root().join("standards/lingfeng-2021");
    let std_arg = std_dir.to_string_lossy().into_owned();
    let e = cli(
        tmp.path(),
        &[
            "export",
            "standard",
            "--standard",
            &std_arg,
            "--output",
            "标准清单.xlsx",
        ],
    );
    assert_eq!(e.code, Exit::Ok, "{}", e.stderr);
    assert_eq!(e.stderr, "已写入 标准清单.xlsx\n");
    let i = cli(
        tmp.path(),
        &["import", "xlsx", "标准清单.xlsx", "--output", "out"],
    );
    assert_eq!(i.code, Exit::Ok, "{}", i.stderr);
    let (before, after) = (load(&std_dir), load(&tmp.path().join("out")));
    assert_eq!(after.id, before.id);
    assert_eq!(after.version, before.version);
    assert_eq!(after.title, before.title);
    assert_eq!(after.levels, before.levels);
    assert_eq!(after.scoring.total, before.scoring.total);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    leaves_and_groups(&before.items, &mut b, 1);
    leaves_and_groups(&after.items, &mut a, 1);
    assert_eq!(a.len(), 78);
    for (x, y) in b.iter().zip(&a) {
        assert_eq!(x, y);
    }
    assert_eq!(a.len(), b.len());
    validate_and_evaluate(tmp.path());
}

// ---- bad input ---------------------------------------------------------------------------

#[test]
fn truncated_json_is_located() {
    let text = std::fs::read_to_string(fixture("catalog.json")).unwrap();
    let cut = &text[..text.find("\"ac-2\"").unwrap()];
    let err = refused("oscal", "catalog.json", cut.as_bytes(), "zh");
    let lines: Vec<&str> = err.lines().take(2).collect();
    assert_eq!(
        lines,
        [
            "错误[json-syntax]：不是可读的 OSCAL 目录 JSON：文件意外结束（内容不完整）",
            "  --> catalog.json:41:18",
        ]
    );
}

#[test]
fn a_profile_or_other_json_is_not_a_catalog() {
    let err = refused("oscal", "p.json", br#"{"profile": {"imports": []}}"#, "en");
    assert_eq!(
        err,
        "error: p.json: this is an OSCAL profile, not a catalog: resolve it into a catalog first (e.g. oscal-cli profile resolve)\n"
    );
}

#[test]
fn truncated_yaml_is_located() {
    let text = std::fs::read_to_string(fixture("library.yaml")).unwrap();
    let cut = &text[..text.find("ref_id: GOV.2").unwrap()];
    let cut = format!("{cut}name: \"Hazard reg");
    let err = refused("ciso", "library.yaml", cut.as_bytes(), "zh");
    let lines: Vec<&str> = err.lines().take(2).collect();
    assert_eq!(
        lines,
        [
            "错误[yaml-syntax]：YAML 格式有误",
            "  --> library.yaml:59:15"
        ]
    );
}

#[test]
fn alias_bomb_is_refused() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        let prev = (b'a' + i - 1) as char;
        let name = (b'a' + i) as char;
        bomb.push_str(&format!(
            "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
    }
    bomb.push_str("objects: {framework: {requirement_nodes: *i}}\n");
    let started = std::time::Instant::now();
    let err = refused("ciso", "bomb.yaml", bomb.as_bytes(), "zh");
    assert!(started.elapsed().as_secs() < 5);
    assert!(
        err.contains("YAML 过大、嵌套过深或别名展开过多，拒绝读取"),
        "{err}"
    );
}

#[test]
fn a_100_mb_file_is_refused_unread() {
    let tmp = tempfile::tempdir().unwrap();
    let f = std::fs::File::create(tmp.path().join("big.json")).unwrap();
    f.set_len(100 * 1024 * 1024).unwrap();
    let out = cli(
        tmp.path(),
        &["import", "oscal", "big.json", "--output", "out"],
    );
    assert_eq!(out.code, Exit::Error);
    assert_eq!(out.stderr, "错误：big.json：文件超过上限 32 MiB，未读取\n");
    assert!(!tmp.path().join("out").exists());
}

const NODE: &str =
    "      - urn: urn:x:{u}\n        ref_id: {u}\n        name: {u}\n        assessable: true\n";

fn library(nodes: &[(&str, Option<&str>)]) -> String {
    let mut s = String::from("urn: urn:x:lib\nref_id: x\nname: X\nobjects:\n  framework:\n    urn: urn:x:fw\n    requirement_nodes:\n");
    for (u, parent) in nodes {
        s.push_str(&NODE.replace("{u}", u));
        if let Some(p) = parent {
            s.push_str(&format!("        parent_urn: urn:x:{p}\n"));
        }
    }
    s
}

#[test]
fn parent_cycles_and_dangling_parents_are_located() {
    let lib = library(&[
        ("a", None),
        ("b", Some("c")),
        ("c", Some("b")),
        ("d", Some("zz")),
    ]);
    let err = refused("ciso", "lib.yaml", lib.as_bytes(), "en");
    let firsts: Vec<&str> = err.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(
        firsts,
        [
            "error[dangling-parent]: the parent `urn:x:zz` of requirement node `urn:x:d` does not exist",
            "error[parent-cycle]: requirement nodes are their own ancestors: urn:x:b → urn:x:c → urn:x:b",
        ],
        "{err}"
    );
    assert!(err.contains("  --> lib.yaml:22\n"), "{err}");
    assert!(err.contains("  --> lib.yaml:12\n"), "{err}");
}

#[test]
fn a_chain_of_parents_deeper_than_the_limit_is_refused() {
    let names: Vec<String> = (0..40).map(|i| format!("n{i}")).collect();
    let nodes: Vec<(&str, Option<&str>)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i.checked_sub(1).map(|p| names[p].as_str())))
        .collect();
    let err = refused("ciso", "lib.yaml", library(&nodes).as_bytes(), "en");
    assert_eq!(
        err.lines().next().unwrap(),
        "error[too-deep]: requirement node `urn:x:n32` is at depth 33, deeper than 32 levels"
    );
}

#[test]
fn duplicate_and_missing_ids_name_the_node() {
    let text = std::fs::read_to_string(fixture("catalog.json")).unwrap();
    let dup = text.replace("\"id\": \"ir-8\"", "\"id\": \"ac-1\"");
    let err = refused("oscal", "c.json", dup.as_bytes(), "zh");
    assert_eq!(
        err,
        "错误：c.json：编号 `ac-1` 重复：控制项 `ac-1`（catalog.groups[0].controls[0]） 与 控制项 `ac-1`（catalog.groups[1].groups[0].controls[0]）\n"
    );
    let missing = text.replace("\"id\": \"ir-8\",", "");
    let err = refused("oscal", "c.json", missing.as_bytes(), "en");
    assert_eq!(
        err,
        "error: c.json: catalog.groups[1].groups[0].controls[0] has no id\n"
    );
}

#[test]
fn unsafe_ids_get_safe_folders_and_keep_the_source_id() {
    let text = std::fs::read_to_string(fixture("catalog.json"))
        .unwrap()
        .replace("\"id\": \"ir-8\"", "\"id\": \"../ir:8\"");
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("c.json"), text).unwrap();
    let out = cli(
        tmp.path(),
        &["import", "oscal", "c.json", "--output", "out"],
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let s = changai::standard::load(&tmp.path().join("out"))
        .unwrap()
        .standard
        .unwrap();
    let ir8 = &s.items[1].items[0].items[0];
    assert_eq!(ir8.id, "-ir-8");
    assert_eq!(
        ir8.source.as_ref().unwrap().reference.as_deref(),
        Some("../ir:8")
    );
    let changai::standard::model::Check::Files(f) = &ir8.checks[0] else {
        panic!("a files check first")
    };
    assert_eq!(f.glob, "ir/-ir-8/*");
}

#[test]
fn markup_in_titles_is_kept_as_text() {
    let (tmp, out) = import("oscal", &fixture("catalog.json"), "catalog.json", &[]);
    assert_eq!(out.code, Exit::Ok);
    let s = changai::standard::load(&tmp.path().join("out"))
        .unwrap()
        .standard
        .unwrap();
    assert_eq!(s.items[1].items[0].title.en, "Planning **and** Testing");
    assert!(s.items[0].items[1].items[0]
        .guidance_en
        .as_deref()
        .unwrap()
        .contains("using <b>automated</b> mechanisms"));
}

#[test]
fn a_full_output_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("out")).unwrap();
    std::fs::write(tmp.path().join("out/keep.txt"), "mine").unwrap();
    let input = fixture("catalog.json").to_string_lossy().into_owned();
    let out = cli(tmp.path(), &["import", "oscal", &input, "--output", "out"]);
    assert_eq!(out.code, Exit::Error);
    assert_eq!(out.stderr, "错误：文件夹不是空的，不会覆盖：out\n");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("out/keep.txt")).unwrap(),
        "mine"
    );
}

// ---- spreadsheets ------------------------------------------------------------------------

/// A workbook in the template: header, then `rows` (层级, 编号, 标题, 分值, 应留证据).
fn sheet(rows: &[(&str, &str, &str, &str, &str)], merge: bool) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    s.set_name("标准清单").unwrap();
    for (c, h) in ["层级", "编号", "标题", "分值", "应留证据", "指导说明"]
        .iter()
        .enumerate()
    {
        s.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (level, id, title, points, evidence)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in [level, id, title, points, evidence].iter().enumerate() {
            if !v.is_empty() {
                s.write_string(r, c as u16, **v).unwrap();
            }
        }
    }
    if merge {
        s.merge_range(2, 1, 3, 1, "A1", &rust_xlsxwriter::Format::new())
            .unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn spreadsheet_rows_become_items_blank_rows_skipped_points_as_text_read() {
    let book = sheet(
        &[
            ("1", "A", "组织", "", ""),
            ("2", "A1", "领导小组", "2分", "领导小组通知\n签认：区总工会"),
            ("", "", "", "", ""),
            ("2", "A2", "制度", "3", ""),
        ],
        false,
    );
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("标准清单.xlsx"), book).unwrap();
    let out = cli(
        tmp.path(),
        &["import", "xlsx", "标准清单.xlsx", "--output", "out"],
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    insta::assert_snapshot!("import-xlsx", written(&tmp.path().join("out")));
    // what is left to the author: guidance, English titles and labels
    let v = cli(tmp.path(), &["validate", "out", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&v.stdout).unwrap();
    let codes: Vec<String> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["code"].as_str().unwrap(),
                d["item"].as_str().unwrap_or("")
            )
        })
        .collect();
    // a sheet in Chinese only declares `languages: [zh]`: no English title is asked for
    assert_eq!(codes, ["empty-guidance A1", "empty-guidance A2"]);
}

#[test]
fn spreadsheet_faults_name_sheet_row_and_column() {
    let merged = sheet(
        &[
            ("1", "A", "组织", "", ""),
            ("2", "A1", "x", "1", ""),
            ("2", "", "y", "1", ""),
        ],
        true,
    );
    assert_eq!(
        refused("xlsx", "s.xlsx", &merged, "zh"),
        "错误：s.xlsx：标准清单 的 B3:B4 是合并单元格；请取消合并，把内容填到每一行\n"
    );
    let bad = sheet(
        &[
            ("1", "A", "组织", "", ""),
            ("3", "A1", "x", "1", ""),
            ("2", "A2", "y", "两分", ""),
            ("x", "A3", "z", "1", ""),
        ],
        false,
    );
    assert_eq!(
        refused("xlsx", "s.xlsx", &bad, "zh"),
        "错误：s.xlsx：标准清单 第 3 行 A 列：层级 3 跳过了一级（上一行是第 1 级）\n\
         错误：s.xlsx：标准清单 第 4 行 D 列：分值“两分”不是不小于 0 的数（可写 2 或 2分）\n\
         错误：s.xlsx：标准清单 第 5 行 A 列：层级“x”不是 1 到 32 的整数\n"
    );
    let dup = sheet(
        &[
            ("1", "A", "组织", "", ""),
            ("2", "A1", "x", "1", ""),
            ("2", "A1", "y", "1", ""),
        ],
        false,
    );
    assert_eq!(
        refused("xlsx", "s.xlsx", &dup, "en"),
        "error: s.xlsx: id `A1` is used twice: sheet 标准清单, row 3 and sheet 标准清单, row 4\n"
    );
}

#[test]
fn markup_in_a_title_is_escaped_in_the_report() {
    let text = std::fs::read_to_string(fixture("library.yaml"))
        .unwrap()
        .replace(
            "name: Training",
            "name: \"<script>alert(1)</script> Training\"",
        );
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("lib.yaml"), text).unwrap();
    let out = cli(
        tmp.path(),
        &["import", "ciso", "lib.yaml", "--output", "out"],
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let yaml = std::fs::read_to_string(tmp.path().join("out/items/02-TRN.yaml")).unwrap();
    assert!(
        yaml.contains("en: <script>alert(1)</script> Training\n"),
        "{yaml}"
    );
    assert_eq!(
        cli(tmp.path(), &["init", "pack", "--standard", "out"]).code,
        Exit::Ok
    );
    let report = cli(
        tmp.path(),
        &[
            "--lang",
            "en",
            "report",
            "pack",
            "--standard",
            "out",
            "--format",
            "html",
        ],
    );
    assert_eq!(report.code, Exit::Ok, "{}", report.stderr);
    let html = stdout(&report);
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt; Training"));
}

/// A catalog imported is a standard like any other, all the way to the auditor's files:
/// import → validate clean → init → one file of evidence → evaluate → the report in every format
/// → `export oscal`, the text formats pinned by snapshots.
#[test]
fn an_imported_library_is_reported_in_every_format_and_exported_to_oscal() {
    let (tmp, out) = import("ciso", &fixture("library.yaml"), "library.yaml", &[]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let cwd = tmp.path();
    let v = cli(cwd, &["validate", "out", "--deny-warnings"]);
    assert_eq!(v.code, Exit::Ok, "{}{}", stdout(&v), v.stderr);
    let i = cli(cwd, &["init", "pack", "--standard", "out"]);
    assert_eq!(i.code, Exit::Ok, "{}", i.stderr);
    std::fs::write(
        cwd.join("pack/GOV/GOV.1/2025-03-10 安全委员会会议纪要.txt"),
        "安全委员会第一季度会议纪要：出席 7 人，审议危险源台账。",
    )
    .unwrap();
    report_and_export(cwd);
    let results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(cwd.join("RESULTS.json")).unwrap()).unwrap();
    let decided: Vec<String> = results["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            format!(
                "{} {} {} {}",
                i["id"].as_str().unwrap(),
                i["status"].as_str().unwrap(),
                i["score"],
                i["source"]["urn"].as_str().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(
        decided,
        [
            "GOV.1 partial 0.5 urn:example:risk:req_node:plant-security:gov.1",
            "GOV.2 unmet 0.0 urn:example:risk:req_node:plant-security:gov.2",
            "gov.2.a unmet 0.0 urn:example:risk:req_node:plant-security:gov.2.a",
            "gov.note unmet 0.0 urn:example:risk:req_node:plant-security:gov.note",
            "TRN unmet 0.0 urn:example:risk:req_node:plant-security:trn",
        ]
    );
    let read = |name: &str| std::fs::read_to_string(cwd.join(name)).unwrap();
    insta::assert_snapshot!("imported-report-md", read("report.md"));
    insta::assert_snapshot!("imported-report-csv", read("report.csv"));
    let sar: serde_json::Value = serde_json::from_str(&read("sar.json")).unwrap();
    let findings = sar["assessment-results"]["results"][0]["findings"]
        .as_array()
        .unwrap();
    // each finding targets the catalog's own control (`source.ref`), its urn kept as a prop
    let targets: Vec<&str> = findings
        .iter()
        .map(|f| f["target"]["target-id"].as_str().unwrap())
        .collect();
    assert_eq!(targets, ["GOV.1", "GOV.2", "gov.2.a", "gov.note", "TRN"]);
    insta::assert_snapshot!("imported-oscal", read("sar.json"));
}

/// The template with rows typed into its items sheet, the way a spreadsheet program saves them
/// (inline strings in `xl/worksheets/sheet1.xml`); every other part copied as it is.
fn typed_into(template: &[u8], rows: &[[&str; 5]]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(template.to_vec())).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(bytes).unwrap();
            let mut typed = String::new();
            for (r, row) in rows.iter().enumerate() {
                let r = r + 2;
                typed.push_str(&format!("<row r=\"{r}\">"));
                // 层级, 编号, 标题, 分值 (column E), 应留证据 (column H)
                for (col, v) in ["A", "B", "C", "E", "H"].iter().zip(row) {
                    if !v.is_empty() {
                        typed.push_str(&format!(
                            "<c r=\"{col}{r}\" t=\"inlineStr\"><is><t>{v}</t></is></c>"
                        ));
                    }
                }
                typed.push_str("</row>");
            }
            let at = xml.find("</sheetData>").unwrap();
            let mut xml = xml;
            xml.insert_str(at, &typed);
            bytes = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn the_blank_template_names_every_column_and_imports_once_filled() {
    use calamine::Reader;
    let tmp = tempfile::tempdir().unwrap();
    let out = cli(tmp.path(), &["schema", "sheet", "--output", "模板.xlsx"]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    assert_eq!(out.stderr, "已写入 模板.xlsx\n");
    let bytes = std::fs::read(tmp.path().join("模板.xlsx")).unwrap();
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
    assert_eq!(book.sheet_names(), ["标准清单", "标准信息", "填写说明"]);
    let items = book.worksheet_range("标准清单").unwrap();
    let header: Vec<String> = items
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, changai::import::xlsx::COLUMNS);
    assert_eq!(items.height(), 1, "nothing but the header");
    let info = book.worksheet_range("标准信息").unwrap();
    let keys: Vec<String> = info.rows().map(|r| r[0].to_string()).collect();
    assert_eq!(keys, changai::import::xlsx::INFO);
    let guide = book.worksheet_range("填写说明").unwrap();
    assert_eq!(guide.get_value((1, 0)).unwrap().to_string(), "层级");
    assert_eq!(guide.get_value((1, 1)).unwrap().to_string(), "必填");
    // a note on each of the 14 headers
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let mut comments = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/comments1.xml").unwrap(), &mut comments)
        .unwrap();
    assert_eq!(comments.matches("<comment ").count(), 14);
    assert!(comments.contains("1 为最外一级"));

    // blank, it imports nothing, and says so
    let blank = cli(
        tmp.path(),
        &["import", "xlsx", "模板.xlsx", "--output", "out"],
    );
    assert_eq!(blank.code, Exit::Error);
    assert_eq!(blank.stderr, "错误：模板.xlsx：没有任何条目可以导入\n");
    assert!(!tmp.path().join("out").exists());

    // filled in, it imports as it is: the tree, the points, the evidence
    let filled = typed_into(
        &bytes,
        &[
            ["1", "A", "组织领导", "", ""],
            ["2", "A1", "领导小组", "2", "成立文件\n签认：区总工会"],
            ["2", "A2", "工作制度", "3分", "制度文本"],
            ["1", "B", "队伍建设", "", ""],
            ["2", "B1", "技能培训", "5", ""],
        ],
    );
    std::fs::write(tmp.path().join("标准清单.xlsx"), filled).unwrap();
    let out = cli(
        tmp.path(),
        &["import", "xlsx", "标准清单.xlsx", "--output", "out"],
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let standard = load(&tmp.path().join("out"));
    let mut tree = Vec::new();
    leaves_and_groups(&standard.items, &mut tree, 0);
    assert_eq!(
        tree,
        [
            "0 A | 组织领导 |  | None | None | None",
            "1 A1 | 领导小组 |  | Some(2.0) | None | None",
            "1 A2 | 工作制度 |  | Some(3.0) | None | None",
            "0 B | 队伍建设 |  | None | None | None",
            "1 B1 | 技能培训 |  | Some(5.0) | None | None",
        ]
    );
    let a1 = &standard.items[0].items[0];
    assert_eq!(a1.checks.len(), 2, "one files check and one signature");
    let v = cli(tmp.path(), &["validate", "out"]);
    assert_eq!(v.code, Exit::Ok, "{}", stdout(&v));
}

#[test]
fn the_blank_template_speaks_english_with_lang_en_and_needs_a_file() {
    use calamine::Reader;
    let tmp = tempfile::tempdir().unwrap();
    let out = cli(
        tmp.path(),
        &["schema", "sheet", "-o", "t.xlsx", "--lang", "en"],
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let bytes = std::fs::read(tmp.path().join("t.xlsx")).unwrap();
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let guide = book.worksheet_range("填写说明").unwrap();
    assert_eq!(guide.get_value((0, 0)).unwrap().to_string(), "Column");
    assert_eq!(guide.get_value((1, 1)).unwrap().to_string(), "required");
    // the column names stay: they are what the import reads
    let items = book.worksheet_range("标准清单").unwrap();
    assert_eq!(items.get_value((0, 0)).unwrap().to_string(), "层级");

    let none = cli(tmp.path(), &["schema", "sheet"]);
    assert_eq!(none.code, Exit::Error);
    assert_eq!(
        none.stderr,
        "错误：表格不能写到标准输出；请用 --output 指定 xlsx 文件，例如 --output 标准清单.xlsx\n"
    );
}
