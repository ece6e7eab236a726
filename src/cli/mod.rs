//! The command line: arguments as plain data, one file per subcommand.
//!
//! Each subcommand returns an [`Output`] — bytes for stdout, text for stderr and an [`Exit`] code —
//! and never prints. The binary writes them out; tests call [`run`] directly.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::fsutil::OutputTarget;
use crate::Lang;

pub mod audit;
pub mod evaluate;
pub mod export;
pub mod export_standard;
pub mod import;
pub mod init;
pub mod output_format;
pub mod rank;
pub mod report;
pub mod review;
pub mod schema;
pub mod serve;
pub mod shell;
pub mod status;
pub mod validate;
pub mod verify;
pub mod words;

/// What happened, as the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Ran, and the gate (validity, `--fail-under`) is met.
    Ok = 0,
    /// Ran, and found the gate not met: an invalid standard, a score under `--fail-under`.
    Failed = 1,
    /// Could not run: bad usage, unreadable or malformed input.
    Error = 2,
}

/// What a command wants printed, and its exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub code: Exit,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Output {
    pub fn ok(stdout: impl Into<Vec<u8>>) -> Self {
        Self {
            code: Exit::Ok,
            stdout: stdout.into(),
            stderr: String::new(),
        }
    }

    /// The rendered bytes for `target`: on stdout, or written to the file atomically with one line
    /// on stderr naming it. A failed write is exit 2 with the reason.
    pub fn deliver(target: &OutputTarget, bytes: Vec<u8>, lang: Lang) -> Self {
        if target.is_stdout() {
            return Self::ok(bytes);
        }
        match target.write(&bytes) {
            Ok(()) => Self {
                code: Exit::Ok,
                stdout: Vec::new(),
                stderr: target.written(lang),
            },
            Err(d) => Self::cannot_run(&d.into(), lang),
        }
    }

    /// A failure to run (exit 2), rendered once here for every command: each diagnostic in
    /// `lang`, with its snippet and caret where it has a line.
    pub fn cannot_run(failure: &crate::CannotRun, lang: Lang) -> Self {
        Self::error(failure.render(lang))
    }

    /// [`Self::cannot_run`] for a command asked for JSON: the diagnostics as JSON on stdout for
    /// the script, rendered on stderr for the person watching it.
    pub fn cannot_run_json(failure: &crate::CannotRun, lang: Lang) -> Self {
        let mut out = Self::cannot_run(failure, lang);
        out.stdout = failure.to_json().into_bytes();
        out
    }

    /// A failure to run: exit 2 with a message on stderr.
    pub fn error(message: impl Into<String>) -> Self {
        let mut stderr = message.into();
        if !stderr.ends_with('\n') {
            stderr.push('\n');
        }
        Self {
            code: Exit::Error,
            stdout: Vec::new(),
            stderr,
        }
    }
}

/// What the process environment says, gathered by the binary so the library reads no globals.
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// The directory relative paths are resolved against (normally the process's).
    pub cwd: PathBuf,
    /// Whether stdout is a terminal and colour is allowed (`NO_COLOR` unset).
    pub color: bool,
    /// `SOURCE_DATE_EPOCH`, if set: the one timestamp a report carries.
    pub source_date_epoch: Option<String>,
}

#[derive(Debug, Parser)]
#[command(
    name = "changai",
    version,
    about = "产改标准清单引擎：把工作标准写成代码，检查台账证据，生成年底对账复盘报告\nStandards-compliance checklists as code: evaluate evidence packs, write the year-end reconciliation report",
    propagate_version = true
)]
pub struct Cli {
    /// 消息语言 / language of messages and reports
    #[arg(long, global = true, value_enum, default_value_t = Lang::Zh)]
    pub lang: Lang,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 校验标准定义（结构、语义）/ Validate standard definitions (schema and lint)
    Validate(validate::Args),
    /// 用证据包评估标准的每一项并打分 / Evaluate an evidence pack against a standard
    Evaluate(evaluate::Args),
    /// 生成年底对账复盘报告 / Render the year-end reconciliation report
    Report(report::Args),
    /// 打印 JSON Schema，或写出空白的标准清单表格 / Print a JSON Schema (standard, item, pack, review, results, status) or write the blank standard's spreadsheet
    Schema(schema::Args),
    /// 按标准生成空白证据包目录 / Create an empty evidence pack to fill in
    Init(init::Args),
    /// 核对证据包在评分后是否被改动 / Check that a pack is unchanged since it was scored
    Verify(verify::Args),
    /// 批量评估多个社区并排名 / Evaluate many communities and rank them
    Rank(rank::Args),
    /// 一次审核全市：每个社区的报告和评分表，加城市汇总 / Audit a city: every community's report and score sheet, and the city summary
    Audit(audit::Args),
    /// 把 OSCAL 目录、CISO Assistant 框架库或标准清单表格导入为标准 / Import an OSCAL catalog, a CISO Assistant library or a standard's spreadsheet
    Import(import::Args),
    /// 把评估结果或标准导出为其他工具使用的格式（OSCAL、标准清单表格）/ Export results or a standard for other tools (OSCAL, the standard's spreadsheet)
    Export(export::Args),
    /// 把评分表中的复评分写入审核方的复核文件 / Write the re-scores typed into a score sheet into the auditor's review file
    Review(review::Args),
    /// 年度进度：已证明多少、还缺什么、30 天内到期的事项 / The year in progress: what is proven, what is missing, what falls due in 30 days
    Status(status::Args),
    /// 在浏览器中打开台账工作台：逐项状态、拖入文件、实时更新 / Open the workbench in the browser: live status per item, drop files in
    Serve(serve::Args),
    /// 打印 shell 的命令补全脚本 / Print the shell completion script
    Completions(shell::CompletionsArgs),
    /// 生成手册页（man）/ Write the manual pages
    Man(shell::ManArgs),
}

/// Parses arguments and runs the command.
pub fn run<I, T>(args: I, env: &Env) -> Output
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    parse_and_run(args, env, &mut std::io::sink()).1
}

/// Runs the command and writes its output to `stdout` and `stderr` (the binary passes the
/// process's streams). Output that cannot be written — a full disk, a closed pipe — is a failure
/// to run: one line on `stderr`, exit 2.
pub fn run_to<I, T>(
    args: I,
    env: &Env,
    stdout: &mut dyn std::io::Write,
    stderr: &mut dyn std::io::Write,
) -> Exit
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let (lang, output) = parse_and_run(args, env, stderr);
    let written = stdout
        .write_all(&output.stdout)
        .and_then(|()| stdout.flush());
    // stderr is the last place left to say anything: if it fails too, the exit code still tells.
    // Its messages quote pack text (file names, community names): a terminal shows them escaped.
    let _ = stderr.write_all(crate::render::escape::terminal(&output.stderr).as_bytes());
    match written {
        Ok(()) => output.code,
        Err(e) => {
            // In our words by the error's kind, through the one renderer of failures.
            let (code, zh, en) = crate::source::io_words(&e);
            let failure = crate::CannotRun::plain(
                code,
                format!("无法写出到标准输出：{zh}"),
                format!("cannot write to standard output: {en}"),
            );
            let _ = stderr.write_all(failure.render(lang).as_bytes());
            let _ = stderr.flush();
            Exit::Error
        }
    }
}

/// The language of the run (from `--lang`, read before parsing, so that usage errors and help
/// are in it too) and the command's output. `live` takes what a long-running command (`serve`)
/// says while it runs.
fn parse_and_run<I, T>(args: I, env: &Env, live: &mut dyn std::io::Write) -> (Lang, Output)
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let lang = words::lang_of(&args);
    let mut cmd = words::command(lang);
    let parsed = cmd
        .try_get_matches_from_mut(words::for_clap(args.clone(), &cmd))
        .and_then(|mut m| <Cli as clap::FromArgMatches>::from_arg_matches_mut(&mut m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return (lang, words::usage_error(&e, &args, &cmd, lang)),
    };
    let output = match cli.command {
        Command::Validate(args) => validate::run(args, cli.lang, env),
        Command::Evaluate(args) => evaluate::run(args, cli.lang, env),
        Command::Report(args) => report::run(args, cli.lang, env),
        Command::Schema(args) => schema::run(args, cli.lang, env),
        Command::Init(args) => init::run(args, cli.lang, env),
        Command::Verify(args) => verify::run(args, cli.lang, env),
        Command::Rank(args) => rank::run(args, cli.lang, env),
        Command::Audit(args) => audit::run(args, cli.lang, env),
        Command::Import(args) => import::run(args, cli.lang, env),
        Command::Export(args) => export::run(args, cli.lang, env),
        Command::Review(args) => review::run(args, cli.lang, env),
        Command::Status(args) => status::run(args, cli.lang, env),
        Command::Serve(args) => serve::run(args, cli.lang, env, live),
        Command::Completions(args) => shell::completions(args, cli.lang),
        Command::Man(args) => shell::man(args, cli.lang, env),
    };
    (cli.lang, output)
}
