//! `changai completions SHELL` and `changai man`: shell completions and manual pages generated
//! from the one CLI definition (clap_complete, clap_mangen), in the run's language, so that they
//! can never disagree with `--help`.
//!
//! Completions go to stdout (the shell's own directory is the user's choice: README, "安装").
//! Manual pages are one per command — `changai.1`, `changai-evaluate.1`, … — written atomically
//! into `--output DIR`, or, without it, the top page to stdout (`changai man | man -l -`).

use std::path::PathBuf;

use clap::Command;

use super::{Env, Output};
use crate::fsutil::OutputTarget;
use crate::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// 哪种 shell / the shell
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// 把每个命令的手册页写进这个文件夹（如 ~/.local/share/man/man1）；缺省把总页打印到标准输出 /
    /// write one manual page per command into this folder (e.g. ~/.local/share/man/man1); default: the top page to stdout
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

pub fn completions(args: CompletionsArgs, lang: Lang) -> Output {
    use clap_complete::{generate, shells};
    let mut cmd = super::words::command(lang);
    let mut out = Vec::new();
    match args.shell {
        Shell::Bash => generate(shells::Bash, &mut cmd, "changai", &mut out),
        Shell::Zsh => generate(shells::Zsh, &mut cmd, "changai", &mut out),
        Shell::Fish => generate(shells::Fish, &mut cmd, "changai", &mut out),
        Shell::Elvish => generate(shells::Elvish, &mut cmd, "changai", &mut out),
        Shell::Powershell => generate(shells::PowerShell, &mut cmd, "changai", &mut out),
    }
    Output::ok(out)
}

/// Every page: `(file name, roff text)`, the top command first, then each command and each
/// nested command (`changai-export-oscal.1`), in the order `--help` lists them.
pub fn pages(lang: Lang) -> Vec<(String, Vec<u8>)> {
    let cmd = super::words::command(lang);
    let mut out = Vec::new();
    collect(&cmd, "changai", &mut out);
    out
}

fn collect(cmd: &Command, name: &str, out: &mut Vec<(String, Vec<u8>)>) {
    let page = cmd
        .clone()
        .bin_name(name.replace('-', " "))
        .display_name(name.to_owned());
    let mut text = Vec::new();
    // Rendering into memory cannot fail but for the writer; a Vec never refuses.
    let man = clap_mangen::Man::new(page).title(name.to_uppercase());
    if man.render(&mut text).is_ok() {
        out.push((format!("{name}.1"), text));
    }
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" || sub.is_hide_set() {
            continue;
        }
        collect(sub, &format!("{name}-{}", sub.get_name()), out);
    }
}

pub fn man(args: ManArgs, lang: Lang, env: &Env) -> Output {
    let pages = pages(lang);
    let Some(dir) = args.output else {
        let top = pages.into_iter().next().map(|(_, t)| t).unwrap_or_default();
        return Output::ok(top);
    };
    let dir = env.cwd.join(dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        let (code, zh, en) = crate::source::io_words(&e);
        let shown = dir.display();
        return Output::cannot_run(
            &crate::CannotRun::plain(
                code,
                format!("{shown}：无法建立文件夹：{zh}"),
                format!("{shown}: cannot create the folder: {en}"),
            ),
            lang,
        );
    }
    let mut written = Vec::new();
    for (file, text) in &pages {
        let target = OutputTarget::parse(Some(&dir.join(file)), &env.cwd);
        if let Err(d) = target.write(text) {
            return Output::cannot_run(&d.into(), lang);
        }
        written.push(file.as_str());
    }
    let shown = dir.display();
    let n = written.len();
    let line = match lang {
        Lang::Zh => format!("已写入 {n} 个手册页到 {shown}（changai.1 等）\n"),
        Lang::En => format!("wrote {n} manual pages into {shown} (changai.1 and the rest)\n"),
    };
    Output {
        code: super::Exit::Ok,
        stdout: Vec::new(),
        stderr: line,
    }
}
