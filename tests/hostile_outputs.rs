//! Tests: where output may go and what it may carry (issue #7, outputs) — the one output guard
//! (`--output` inside a pack, through `..` or a link, onto a device, a FIFO or a folder; `-`;
//! `rank --results-dir`), failed writes as exit 2 (the binary onto `/dev/full` and a closed pipe),
//! and escaping of hostile pack text in Markdown, csv and on the terminal.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use changai::cli::{run, Exit, Output};

use crate::evaluate::{copy_tree, env_at, repo};

/// A folder holding a copy of the lingfeng sample pack as `pack/` and an empty folder `out/`.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &repo().join("evidence-samples/lingfeng-2025"),
        &dir.path().join("pack"),
    );
    std::fs::create_dir(dir.path().join("out")).unwrap();
    dir
}

fn changai(cwd: &Path, args: &[&str]) -> Output {
    let mut argv = vec!["changai"];
    argv.extend(args);
    run(argv, &env_at(cwd))
}

/// Every entry under `root` with its bytes (files) and modification time (files and folders: a
/// temporary file created and removed in a folder changes the folder's mtime).
fn state(root: &Path) -> Vec<(PathBuf, Option<Vec<u8>>, SystemTime)> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            let meta = std::fs::symlink_metadata(e.path()).unwrap();
            let bytes = meta.is_file().then(|| std::fs::read(e.path()).unwrap());
            (e.path().to_path_buf(), bytes, meta.modified().unwrap())
        })
        .collect()
}

/// The three commands that write, each with an `--output` value.
fn commands(output: &str) -> Vec<Vec<String>> {
    let v = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    vec![
        v(&["evaluate", "pack", "--output", output]),
        v(&["report", "pack", "--output", output]),
        v(&["rank", "pack", "--output", output]),
    ]
}

fn refused(cwd: &Path, args: &[String], zh: &str, en: &str) {
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = changai(cwd, &argv);
    assert_eq!(
        (out.code, out.stderr.as_str(), out.stdout.is_empty()),
        (Exit::Error, zh, true),
        "{args:?}"
    );
    let mut english = vec!["--lang", "en"];
    english.extend(&argv);
    let out = changai(cwd, &english);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (Exit::Error, en),
        "{args:?}"
    );
}

#[test]
fn output_inside_the_pack_is_refused_directly_through_dotdot_and_through_links() {
    let dir = workspace();
    let cwd = dir.path();
    std::os::unix::fs::symlink(cwd.join("pack"), cwd.join("pack-link")).unwrap();
    std::os::unix::fs::symlink(cwd.join("pack/A/A1.1"), cwd.join("out/into-pack.txt")).unwrap();
    std::os::unix::fs::symlink(cwd.join("pack/pack.yaml"), cwd.join("out/pack.yaml.md")).unwrap();
    let before = state(&cwd.join("pack"));
    for output in [
        "pack/结果.md",
        "pack/A/A1.1/new.csv",
        "pack/pack.yaml",
        "out/../pack/x.md",
        "nowhere/../pack/x.md",
        "./pack/./A/../x.md",
        "pack-link/x.md",
        "out/into-pack.txt",
        "out/pack.yaml.md",
        "pack",
    ] {
        for args in commands(output) {
            refused(
                cwd,
                &args,
                &format!("错误：不能写入 {output}：它在证据包 pack 里面，changai 从不改动证据包\n"),
                &format!(
                    "error: refusing to write {output}: it is inside the evidence pack pack, and changai never writes into evidence\n"
                ),
            );
        }
    }
    assert_eq!(state(&cwd.join("pack")), before);
}

#[test]
fn rank_refuses_a_target_inside_any_pack_of_a_folder_of_packs() {
    let dir = tempfile::tempdir().unwrap();
    let cwd = dir.path();
    for name in ["a", "b"] {
        copy_tree(
            &repo().join("evidence-samples/lingfeng-2025"),
            &cwd.join("packs").join(name),
        );
    }
    let before = (state(&cwd.join("packs/a")), state(&cwd.join("packs/b")));
    refused(
        cwd,
        &["rank".into(), "packs".into(), "-o".into(), "packs/b/排名.csv".into()],
        "错误：不能写入 packs/b/排名.csv：它在证据包 packs/b 里面，changai 从不改动证据包\n",
        "error: refusing to write packs/b/排名.csv: it is inside the evidence pack packs/b, and changai never writes into evidence\n",
    );
    refused(
        cwd,
        &["rank".into(), "packs".into(), "--results-dir".into(), "packs/a/结果".into()],
        "错误：不能写入 packs/a/结果：它在证据包 packs/a 里面，changai 从不改动证据包\n",
        "error: refusing to write packs/a/结果: it is inside the evidence pack packs/a, and changai never writes into evidence\n",
    );
    assert!(!cwd.join("packs/a/结果").exists());
    assert_eq!(
        (state(&cwd.join("packs/a")), state(&cwd.join("packs/b"))),
        before
    );
    // Beside the packs (in the folder that holds them) is fine.
    let out = changai(
        cwd,
        &[
            "rank",
            "packs",
            "-o",
            "packs/排名.csv",
            "--results-dir",
            "packs/结果",
        ],
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "已写入 packs/结果/灵峰工业社区.json\n已写入 packs/结果/灵峰工业社区-b.json\n已写入 packs/排名.csv\n"
    );
    assert_eq!(
        (state(&cwd.join("packs/a")), state(&cwd.join("packs/b"))),
        before
    );
}

#[test]
fn results_dir_that_is_a_file_or_holds_a_fifo_is_refused_before_writing() {
    let dir = workspace();
    let cwd = dir.path();
    std::fs::write(cwd.join("out/file"), "x").unwrap();
    refused(
        cwd,
        &[
            "rank".into(),
            "pack".into(),
            "--results-dir".into(),
            "out/file".into(),
        ],
        "错误：不能写入 out/file：它不是文件夹\n",
        "error: refusing to write out/file: it is not a folder\n",
    );
    let status = Command::new("mkfifo")
        .arg(cwd.join("out/灵峰工业社区.json"))
        .status()
        .unwrap();
    assert!(status.success());
    refused(
        cwd,
        &["rank".into(), "pack".into(), "--results-dir".into(), "out".into()],
        "错误：不能写入 out/灵峰工业社区.json：它是命名管道，不是普通文件\n",
        "error: refusing to write out/灵峰工业社区.json: it is a named pipe (FIFO), not a regular file\n",
    );
}

#[test]
fn devices_folders_sockets_and_links_to_them_are_refused() {
    let dir = workspace();
    let cwd = dir.path();
    std::os::unix::fs::symlink("/dev/null", cwd.join("out/null-link")).unwrap();
    std::os::unix::fs::symlink(cwd.join("out"), cwd.join("out/dir-link")).unwrap();
    std::os::unix::fs::symlink(cwd.join("nothing"), cwd.join("out/broken")).unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(cwd.join("out/sock")).unwrap();
    std::fs::write(cwd.join("out/file"), "x").unwrap();
    let cases = [
        (
            "/dev/null",
            "它是设备，不是普通文件",
            "it is a device, not a regular file",
        ),
        (
            "out",
            "它是文件夹，不是普通文件",
            "it is a folder, not a regular file",
        ),
        (
            "out/",
            "它是文件夹，不是普通文件",
            "it is a folder, not a regular file",
        ),
        (
            ".",
            "它是文件夹，不是普通文件",
            "it is a folder, not a regular file",
        ),
        (
            "out/sock",
            "它是套接字，不是普通文件",
            "it is a socket, not a regular file",
        ),
        (
            "out/null-link",
            "它是指向设备的链接，不是普通文件",
            "it is a link to a device, not a regular file",
        ),
        (
            "out/dir-link",
            "它是指向文件夹的链接，不是普通文件",
            "it is a link to a folder, not a regular file",
        ),
        (
            "out/broken",
            "它是指向不存在位置的链接",
            "it is a link to nothing",
        ),
        (
            "no/such/x.md",
            "文件夹 no/such 不存在",
            "the folder no/such does not exist",
        ),
        (
            "out/file/x.md",
            "out/file 不是文件夹",
            "out/file is not a folder",
        ),
    ];
    for (output, zh, en) in cases {
        for args in commands(output) {
            refused(
                cwd,
                &args,
                &format!("错误：不能写入 {output}：{zh}\n"),
                &format!("error: refusing to write {output}: {en}\n"),
            );
        }
    }
    assert_eq!(std::fs::read(cwd.join("out/file")).unwrap(), b"x");
}

#[test]
fn a_fifo_as_output_is_refused_without_hanging() {
    let dir = workspace();
    let cwd = dir.path().to_path_buf();
    let fifo = cwd.join("out/pipe");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    for args in commands("out/pipe") {
        let (send, receive) = std::sync::mpsc::channel();
        let cwd = cwd.clone();
        let argv = args.clone();
        std::thread::spawn(move || {
            let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
            let _ = send.send(changai(&cwd, &argv));
        });
        let out = receive
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("{args:?} hung on the FIFO"));
        assert_eq!(
            (out.code, out.stderr.as_str()),
            (
                Exit::Error,
                "错误：不能写入 out/pipe：它是命名管道，不是普通文件\n"
            ),
            "{args:?}"
        );
    }
    let meta = std::fs::symlink_metadata(&fifo).unwrap();
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type()));
}

#[test]
fn dash_is_stdout_and_a_file_write_is_named_on_stderr() {
    let dir = workspace();
    let cwd = dir.path();
    for (args, file) in [
        (vec!["evaluate", "pack"], "out/结果.txt"),
        (vec!["report", "pack"], "out/报告.md"),
        (vec!["rank", "pack"], "out/排名.txt"),
    ] {
        let plain = changai(cwd, &args);
        assert_eq!(plain.code, Exit::Ok, "{}", plain.stderr);
        assert!(!plain.stdout.is_empty());
        let mut dash = args.clone();
        dash.extend(["--output", "-"]);
        assert_eq!(changai(cwd, &dash), plain, "{dash:?}");

        let mut to_file = args.clone();
        to_file.extend(["-o", file]);
        let out = changai(cwd, &to_file);
        assert_eq!(
            (out.code, out.stdout.as_slice(), out.stderr),
            (Exit::Ok, &[][..], format!("已写入 {file}\n"))
        );
        assert_eq!(std::fs::read(cwd.join(file)).unwrap(), plain.stdout);
        let mut english = vec!["--lang", "en"];
        english.extend(&to_file);
        assert_eq!(changai(cwd, &english).stderr, format!("wrote {file}\n"));
    }
    // A workbook still needs a real file.
    let out = changai(cwd, &["report", "pack", "--format", "xlsx", "-o", "-"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            Exit::Error,
            "错误：`--format xlsx` 需要 `--output FILE`：工作簿不能输出到终端\n"
        )
    );
}

#[test]
fn a_failed_write_is_exit_2_naming_the_file() {
    // `/proc` is a folder no file can be created in, even by root.
    let dir = workspace();
    for (args, file) in [
        (
            vec!["evaluate", "pack", "-o", "/proc/结果.txt"],
            "/proc/结果.txt",
        ),
        (
            vec!["report", "pack", "-o", "/proc/报告.md"],
            "/proc/报告.md",
        ),
        (
            vec!["rank", "pack", "-o", "/proc/排名.csv"],
            "/proc/排名.csv",
        ),
    ] {
        let out = changai(dir.path(), &args);
        assert_eq!(
            (out.code, out.stderr),
            (
                Exit::Error,
                format!("错误：写入 {file} 失败：找不到这个文件或文件夹\n")
            )
        );
    }
    let out = changai(
        dir.path(),
        &[
            "--lang",
            "en",
            "rank",
            "pack",
            "--results-dir",
            "out/r",
            "-o",
            "/proc/x.csv",
        ],
    );
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            Exit::Error,
            "wrote out/r/灵峰工业社区.json\nerror: failed to write /proc/x.csv: no such file or folder\n"
        )
    );
    let out = changai(dir.path(), &["rank", "pack", "--results-dir", "/proc/r"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            Exit::Error,
            "错误：无法创建文件夹 /proc/r：找不到这个文件或文件夹\n"
        )
    );
}

#[test]
fn fail_under_keeps_the_written_line() {
    let dir = workspace();
    let out = changai(
        dir.path(),
        &[
            "evaluate",
            "pack",
            "-o",
            "out/r.json",
            "--format",
            "json",
            "--fail-under",
            "100",
        ],
    );
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (Exit::Failed, "已写入 out/r.json\n自评总分 96.87 低于 100\n")
    );
}

/// The real binary with its stdout on `file`: exit code and stderr.
fn binary_to(stdout: Stdio, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_changai"))
        .args(args)
        .current_dir(repo())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn binary_exits_2_when_stdout_is_full_or_closed() {
    let full = || {
        Stdio::from(
            std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
    };
    assert_eq!(
        binary_to(full(), &["evaluate", "evidence-samples/lingfeng-2025"]),
        (Some(2), "错误：无法写出到标准输出：磁盘已满\n".to_owned())
    );
    assert_eq!(
        binary_to(
            full(),
            &["--lang", "en", "report", "evidence-samples/lingfeng-2025"]
        ),
        (
            Some(2),
            "error: cannot write to standard output: no space left on the device (os error 28)\n"
                .to_owned()
        )
    );
    // A warning the command had for stderr is still said, before the failure.
    let (code, stderr) = binary_to(
        full(),
        &[
            "rank",
            "evidence-samples",
            "no-such-pack",
            "--format",
            "csv",
        ],
    );
    assert_eq!(code, Some(2));
    assert!(
        stderr.ends_with("\n错误：无法写出到标准输出：磁盘已满\n"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 2, "{stderr}");

    // A pipe whose reader is gone before anything is written.
    let mut child = Command::new(env!("CARGO_BIN_EXE_changai"))
        .args(["--lang", "en", "evaluate", "evidence-samples/lingfeng-2025"])
        .current_dir(repo())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        (out.status.code(), String::from_utf8(out.stderr).unwrap()),
        (
            Some(2),
            "error: cannot write to standard output: the reading end was closed (os error 32)\n"
                .to_owned()
        )
    );
    // Messages on stderr quote pack paths: the terminal gets them escaped.
    assert_eq!(
        binary_to(
            Stdio::null(),
            &[
                "rank",
                "evidence-samples",
                "no\u{1b}]0;x\u{7}such",
                "--format",
                "csv"
            ]
        ),
        (
            Some(0),
            "警告：未能评估 no\\u{1b}]0;x\\u{7}such：不存在\n".to_owned()
        )
    );
    // And a normal run still exits 0 with nothing on stderr.
    assert_eq!(
        binary_to(
            Stdio::null(),
            &["evaluate", "evidence-samples/lingfeng-2025"]
        ),
        (Some(0), String::new())
    );
}

const IMG: &str = "<img src=x onerror=alert(1)>|=HYPERLINK(\"x\")";

/// Two packs: one named [`IMG`], one whose name is a formula.
fn hostile_communities() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (folder, community) in [("a", IMG), ("b", "=HYPERLINK(\"http://x\",\"点我\")")] {
        let pack = dir.path().join("packs").join(folder);
        copy_tree(&repo().join("evidence-samples/lingfeng-2025"), &pack);
        let yaml = std::fs::read_to_string(pack.join("pack.yaml")).unwrap();
        let yaml = yaml.replacen(
            "community: 灵峰工业社区",
            &format!("community: '{community}'"),
            1,
        );
        std::fs::write(pack.join("pack.yaml"), yaml).unwrap();
    }
    dir
}

#[test]
fn rank_md_and_csv_escape_hostile_community_names() {
    let dir = hostile_communities();
    let md = changai(dir.path(), &["rank", "packs", "--format", "md"]);
    assert_eq!(md.code, Exit::Ok, "{}", md.stderr);
    let md = String::from_utf8(md.stdout).unwrap();
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| 1 ")).collect();
    let digest = |s: &str| s.rsplit('`').nth(1).unwrap().to_owned();
    let d = digest(rows[0]);
    assert_eq!(
        rows,
        vec![
            format!("| 1 | &lt;img src=x onerror=alert(1)&gt;\\|=HYPERLINK(\"x\") | 2025 | 96.87 | — | 优秀 | 51/3/1 | — | `{d}` |"),
            format!("| 1 | =HYPERLINK(\"http://x\",\"点我\") | 2025 | 96.87 | — | 优秀 | 51/3/1 | — | `{}` |", digest(rows[1])),
        ]
    );

    let csv = changai(dir.path(), &["rank", "packs", "--format", "csv"]);
    assert_eq!(csv.code, Exit::Ok, "{}", csv.stderr);
    let csv = String::from_utf8(csv.stdout[3..].to_vec()).unwrap();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[1..],
        [
            format!("1,\"<img src=x onerror=alert(1)>|=HYPERLINK(\"\"x\"\")\",2025,96.87,,优秀,51/3/1,,{d}"),
            format!("1,\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\",2025,96.87,,优秀,51/3/1,,{}", digest(rows[1])),
            String::new(),
        ]
    );
}

#[test]
fn rank_csv_keeps_a_negative_change_numeric() {
    let dir = workspace();
    let cwd = dir.path();
    let out = changai(
        cwd,
        &[
            "evaluate",
            "pack",
            "--format",
            "json",
            "-o",
            "out/last.json",
        ],
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    // Last year scored higher: the change is negative.
    let last = std::fs::read_to_string(cwd.join("out/last.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&last).unwrap();
    v["score"]["total"] = serde_json::json!(98.37);
    v["pack"]["period"] =
        serde_json::json!({"from": "2024-01-01", "to": "2024-12-31", "label": "2024"});
    let v = crate::support::resealed(v);
    std::fs::write(cwd.join("out/last.json"), v.to_string()).unwrap();
    let csv = changai(
        cwd,
        &[
            "rank",
            "pack",
            "--previous",
            "out/last.json",
            "--format",
            "csv",
        ],
    );
    assert_eq!(csv.code, Exit::Ok, "{}", csv.stderr);
    let csv = String::from_utf8(csv.stdout[3..].to_vec()).unwrap();
    let row = csv.split("\r\n").nth(1).unwrap();
    assert!(
        row.starts_with("1,灵峰工业社区,2025,96.87,,优秀,51/3/1,-1.5,"),
        "{row}"
    );
}

#[test]
fn report_csv_guards_formulas_from_the_results() {
    let results =
        std::fs::read_to_string(repo().join("tests/fixtures/report/results.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&results).unwrap();
    v["groups"][0]["title"]["zh"] = serde_json::json!("+cmd|' /C calc'!A0");
    v["items"][0]["reasons"][0]["zh"] = serde_json::json!("=HYPERLINK(\"http://x\",\"点我\")");
    v["items"][0]["evidence"][0]["path"] = serde_json::json!("@SUM(A1).pdf");
    v["items"][0]["evidence"][1]["path"] = serde_json::json!("-2+3.xlsx");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("results.json"), v.to_string()).unwrap();
    let out = changai(dir.path(), &["report", "results.json", "--format", "csv"]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let csv = String::from_utf8(out.stdout[3..].to_vec()).unwrap();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[1],
        "1,'+cmd|' /C calc'!A0,领导机构,A1.1 产改领导小组,2,2,,已完成,\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\",'@SUM(A1).pdf; -2+3.xlsx,A › A1,三级标准"
    );
    // The totals row keeps its numbers as numbers: the items that count (a not-applicable item
    // leaves the denominator), before rescaling.
    assert_eq!(lines[7], ",合计（计入的条目，未折算）,,,10,5,,,,,,");
}

#[test]
fn report_md_escapes_links_html_and_unpaired_backticks_from_the_results() {
    let results =
        std::fs::read_to_string(repo().join("tests/fixtures/report/results.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&results).unwrap();
    v["items"][0]["reasons"][0]["zh"] = serde_json::json!(
        "[点我](javascript:alert(1)) ```<img src=x onerror=alert(1)>` 缺少 `A_1*.pdf`"
    );
    v["items"][0]["evidence"][0]["path"] = serde_json::json!("A1/<b>*x*</b>.pdf");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("results.json"), v.to_string()).unwrap();
    let out = changai(dir.path(), &["report", "results.json", "--format", "md"]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let md = String::from_utf8(out.stdout).unwrap();
    // The run of three backticks has no partner, so it is text and the HTML after it is escaped;
    // the next two single backticks pair into a code span, and the last one is text again.
    assert_eq!(
        md.lines().find(|l| l.starts_with("| 1 | A1.1")).unwrap(),
        "| 1 | A1.1 产改领导小组（核心项） | 2 | 2 | 已完成 | \\[点我\\](javascript:alert(1)) \\`\\`\\`&lt;img src=x onerror=alert(1)&gt;` 缺少 `A\\_1\\*.pdf\\` | A1/&lt;b&gt;\\*x\\*&lt;/b&gt;.pdf；A1/A1.1 成员名单.xlsx |"
    );
}

#[test]
fn terminal_table_shows_control_characters_in_file_and_community_names_escaped() {
    let dir = workspace();
    let cwd = dir.path();
    let a11 = cwd.join("pack/A/A1.1");
    for entry in std::fs::read_dir(&a11).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    std::fs::write(
        a11.join("2025-02-18 \u{1b}]0;pwned\u{7}领导小组通知\u{1b}[2J\u{202e}fdp.pdf"),
        // a PDF (header and end marker): counted, so its name is shown under the evidence
        "%PDF-1.4\n%%EOF\n",
    )
    .unwrap();
    let yaml = std::fs::read_to_string(cwd.join("pack/pack.yaml")).unwrap();
    std::fs::write(
        cwd.join("pack/pack.yaml"),
        yaml.replacen(
            "community: 灵峰工业社区",
            "community: \"灵峰\\e[2J\\u2066社区\"",
            1,
        ),
    )
    .unwrap();

    let out = changai(cwd, &["evaluate", "pack", "--explain", "A1.1"]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text.lines().find(|l| l.contains("pwned")).unwrap();
    assert_eq!(
        line,
        "    = A/A1.1/2025-02-18 \\u{1b}]0;pwned\\u{7}领导小组通知\\u{1b}[2J\\u{202e}fdp.pdf  sha256:14bcd090baf3"
    );

    let out = changai(cwd, &["evaluate", "pack"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.lines().next().unwrap(),
        "灵峰\\u{1b}[2J\\u{2066}社区 · 2025 · 灵峰工业社区“产改”工作标准（依据公开报道重构） 2021.1"
    );
    assert!(!text.contains('\u{1b}'));

    // With colour on, the only raw escapes are the colour codes.
    let mut env = env_at(cwd);
    env.color = true;
    let out = run(["changai", "evaluate", "pack"], &env);
    let text = String::from_utf8(out.stdout).unwrap();
    let head = text.lines().next().unwrap();
    assert_eq!(
        head,
        "灵峰\\u{1b}[2J\\u{2066}社区 · 2025 · 灵峰工业社区“产改”工作标准（依据公开报道重构） 2021.1"
    );
    assert_eq!(
        text.lines().find(|l| l.contains("A1.2")).unwrap(),
        "\u{1b}[32m  ✓ A1.2       2/2   党建引领、协同推进机制\u{1b}[0m"
    );

    let out = changai(cwd, &["rank", "pack"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .nth(2)
            .unwrap()
            .starts_with("   1  灵峰\\u{1b}[2J\\u{2066}社区  2025"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn verify_and_validate_show_hostile_names_escaped() {
    let dir = workspace();
    let cwd = dir.path();
    let out = changai(
        cwd,
        &["evaluate", "pack", "--format", "json", "-o", "out/r.json"],
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    // A file with control characters in its name is added after scoring; verify names it escaped.
    std::fs::write(cwd.join("pack/A/\u{1b}[2J\u{202e}x.pdf"), b"%PDF").unwrap();
    let out = changai(cwd, &["verify", "out/r.json", "pack"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .any(|l| l == "  新增：A/\\u{1b}[2J\\u{202e}x.pdf"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "{text}");

    // validate: a standard file with an ESC in a key is diagnosed, and shown escaped.
    std::fs::write(cwd.join("bad.yaml"), "id: x\u{1b}[2J\nnope\u{7}: 1\n").unwrap();
    let out = changai(cwd, &["validate", "bad.yaml"]);
    assert_eq!(
        (out.code, String::from_utf8(out.stdout).unwrap()),
        (
            Exit::Failed,
            "错误[yaml-syntax]：YAML 格式有误\n  --> bad.yaml:1:5\n  |\n1 | id: x\\u{1b}[2J\n  |     ^\n\n✗ bad.yaml: ?，1 个错误，0 个警告\n"
                .to_owned()
        )
    );

    // The caret still points at the key after a bidi override and a C1 control, shown escaped.
    std::fs::write(
        cwd.join("bidi.yaml"),
        "id: x\nversion: \"1\"\ntitle: {zh: \"\u{202e}\u{85}\", nope: 1}\n",
    )
    .unwrap();
    let out = changai(cwd, &["validate", "bidi.yaml"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let at = text.find("3 | title").unwrap();
    assert_eq!(
        text[at..].lines().take(2).collect::<Vec<_>>(),
        [
            "3 | title: {zh: \"\\u{202e}\\u{85}\", nope: 1}",
            "  |                               ^"
        ]
    );
}
