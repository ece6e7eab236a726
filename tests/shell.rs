//! Tests: `changai completions` and `changai man` — generated from the one CLI definition, so
//! they name every command and option `--help` names, in the run's language.

use std::path::Path;

use changai::cli::{run, Exit, Output};

use crate::evaluate::env_at;

fn cli(cwd: &Path, args: &[&str]) -> Output {
    let mut argv = vec!["changai"];
    argv.extend_from_slice(args);
    run(argv, &env_at(cwd))
}

/// What bash offers after `words`, with the completion script sourced.
fn bash_offers(script: &Path, words: &[&str]) -> String {
    let line = words.join(" ");
    let cword = words.len() - 1;
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let prog = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={cword}; COMP_LINE='{line}'; COMP_POINT={}; \
         _changai changai '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        line.len(),
        words[cword],
        words[cword - 1],
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &prog])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn bash_completion_offers_the_commands_and_their_options() {
    let dir = tempfile::tempdir().unwrap();
    let out = cli(dir.path(), &["completions", "bash"]);
    assert_eq!((out.code, out.stderr.as_str()), (Exit::Ok, ""));
    let script = dir.path().join("changai.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    assert_eq!(bash_offers(&script, &["changai", "ev"]), "evaluate\n");
    assert_eq!(bash_offers(&script, &["changai", "au"]), "audit\n");
    assert_eq!(
        bash_offers(&script, &["changai", "evaluate", "--f"]),
        "--format\n--fail-under\n"
    );
    assert_eq!(
        bash_offers(&script, &["changai", "evaluate", "--format", ""]),
        "table\njson\n"
    );
}

#[test]
fn every_shell_gets_a_script_and_an_unknown_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("zsh", "#compdef changai"),
        ("fish", "complete -c changai"),
        ("elvish", "edit:completion:arg-completer[changai]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = cli(dir.path(), &["completions", shell]);
        assert_eq!(out.code, Exit::Ok, "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(marker), "{shell}: {text}");
        assert!(text.contains("evaluate"), "{shell}");
    }
    let out = cli(dir.path(), &["completions", "tcsh"]);
    assert_eq!(out.code, Exit::Error);
    assert!(out.stderr.contains("tcsh"), "{}", out.stderr);
}

#[test]
fn man_writes_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = cli(dir.path(), &["man", "--output", "man1"]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("man1"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let expected = [
        "changai-audit.1",
        "changai-completions.1",
        "changai-evaluate.1",
        "changai-export-oscal.1",
        "changai-export-standard.1",
        "changai-export.1",
        "changai-import-ciso.1",
        "changai-import-oscal.1",
        "changai-import-xlsx.1",
        "changai-import.1",
        "changai-init.1",
        "changai-man.1",
        "changai-rank.1",
        "changai-report.1",
        "changai-review-import.1",
        "changai-review.1",
        "changai-schema.1",
        "changai-validate.1",
        "changai-verify.1",
        "changai.1",
    ];
    // commands added later (status, serve) get their pages too: the list is every command
    let mut commands: Vec<String> = vec!["changai.1".to_owned()];
    collect(
        &changai::cli::words::command(changai::Lang::Zh),
        "changai",
        &mut commands,
    );
    commands.sort();
    assert_eq!(names, commands);
    for page in expected {
        assert!(names.iter().any(|n| n == page), "{page}");
    }
    assert_eq!(
        out.stderr,
        format!(
            "已写入 {} 个手册页到 {}（changai.1 等）\n",
            names.len(),
            dir.path().join("man1").display()
        )
    );
    let evaluate = std::fs::read_to_string(dir.path().join("man1/changai-evaluate.1")).unwrap();
    assert!(evaluate.contains(".TH CHANGAI-EVALUATE 1"), "{evaluate}");
    assert!(
        evaluate.contains("用证据包评估标准的每一项并打分"),
        "{evaluate}"
    );
    assert!(evaluate.contains("\\-\\-fail\\-under"), "{evaluate}");

    // without --output, the top page on stdout, in the run's language
    let en = cli(dir.path(), &["--lang", "en", "man"]);
    assert_eq!(en.code, Exit::Ok);
    let top = String::from_utf8(en.stdout).unwrap();
    assert!(top.starts_with(".ie \\n(.g .ds Aq"), "{top}");
    assert!(
        top.contains("Evaluate an evidence pack against a standard"),
        "{top}"
    );
}

fn collect(cmd: &clap::Command, name: &str, out: &mut Vec<String>) {
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        let n = format!("{name}-{}", sub.get_name());
        out.push(format!("{n}.1"));
        collect(sub, &n, out);
    }
}
