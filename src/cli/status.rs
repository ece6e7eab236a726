//! `changai status PACK`: the year in progress for the officer who keeps the pack — what is
//! proven, what has no evidence yet, what falls due in the next 30 days, which files are dated
//! oddly, and the grade the year-end would give today.
//!
//! The pack is evaluated by the one pipeline ([`crate::pipeline::open_and_evaluate`], as
//! `evaluate` does); the view is [`crate::render::status`]. Exit codes are `evaluate`'s: 0, or 2
//! when it cannot run or evidence could not be read.

use std::path::PathBuf;

use super::{Env, Exit, Output};
use crate::fsutil::{OutputTarget, ReadPack};
use crate::render::status::{self as output, Format};
use crate::CannotRun;
use crate::Lang;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 证据包文件夹（含 pack.yaml）/ the evidence pack folder (with pack.yaml)
    pub pack: PathBuf,
    /// 标准文件或文件夹；缺省为内置的 6/17/55 标准 / standard file or folder; default: the embedded 6/17/55 standard
    #[arg(long, value_name = "PATH")]
    pub standard: Option<PathBuf>,
    /// 按标准的这一档次评估，代替 pack.yaml 的 `profile:` / assess in this profile of the standard instead of pack.yaml's `profile:`
    #[arg(long, value_name = "ID")]
    pub profile: Option<String>,
    /// 审核方保存在证据包外的复核文件，代替证据包自带的 review.yaml / a review file kept outside the pack, used instead of the pack's own review.yaml
    #[arg(long, value_name = "FILE")]
    pub review: Option<PathBuf>,
    /// 以这一天为“今天”（YYYY-MM-DD），缺省为 SOURCE_DATE_EPOCH 或今天 / the day to look from (YYYY-MM-DD); default SOURCE_DATE_EPOCH or today
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// 输出格式（缺省时按 --output 的扩展名：.txt、.md、.json；否则为表格）/ output format (default: from --output's extension, `.txt`, `.md` or `.json`; else table)
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// 写入文件（原子写入）而不是标准输出；`-` 为标准输出 / write to this file (atomically) instead of stdout; `-` is stdout
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// The formats and the extensions of their files.
const KNOWN: [super::output_format::Known<Format>; 3] = [
    (Format::Table, "table", &["txt"]),
    (Format::Md, "md", &["md", "markdown"]),
    (Format::Json, "json", &["json"]),
];

pub fn run(args: Args, lang: Lang, env: &Env) -> Output {
    let target = OutputTarget::parse(args.output.as_deref(), &env.cwd);
    let decided = super::output_format::decide(args.format, &target, &KNOWN, Format::Table);
    let json = args.format.or(decided.as_ref().ok().copied()) == Some(Format::Json);
    let cannot_run = |failure: &CannotRun| match json {
        true => Output::cannot_run_json(failure, lang),
        false => Output::cannot_run(failure, lang),
    };
    let read = [ReadPack::given(&args.pack, &env.cwd)];
    if let Err(refusal) = target.check(&read) {
        return cannot_run(&refusal.into());
    }
    let format = match decided {
        Ok(format) => format,
        Err(e) => return cannot_run(&e),
    };
    let as_of = match as_of(args.as_of.as_deref(), env) {
        Ok(d) => d,
        Err(e) => return cannot_run(&e),
    };
    let pack = env.cwd.join(&args.pack);
    let standard = args.standard.as_ref().map(|s| env.cwd.join(s));
    let review = args.review.as_ref().map(|r| env.cwd.join(r));
    let (standard_def, opened, results) = match crate::pipeline::open_and_evaluate(
        &pack,
        standard.as_deref(),
        args.profile.as_deref(),
        review.as_deref().zip(args.review.as_deref()),
    ) {
        Ok(r) => r,
        Err(mut e) => {
            if let (Some(full), Some(given)) = (&standard, &args.standard) {
                e = e.shown_as(full, given);
            }
            if let (Some(full), Some(given)) = (&review, &args.review) {
                e = e.shown_as(full, given);
            }
            return cannot_run(&e.shown_as(&pack, &args.pack));
        }
    };
    let files = crate::evidence::file_dates::file_dates(&opened);
    let status = output::context(&results, &standard_def, &files, as_of);
    let mut out = Output::deliver(&target, output::render(format, &status, lang), lang);
    if out.code != Exit::Ok {
        return out;
    }
    // As `evaluate`: a view over unread evidence is shown, but not taken for a clean run.
    let faults = results
        .problems
        .iter()
        .filter(|p| p.severity == crate::diagnostic::Severity::Error)
        .count();
    if faults > 0 {
        out.code = Exit::Error;
        out.stderr += &match lang {
            Lang::Zh => format!(
                "有 {faults} 处证据或声明无法读取、格式有误，相关条目记为“出错”；请用 changai evaluate 查看问题列表并修正\n"
            ),
            Lang::En => format!(
                "{faults} evidence or declaration files could not be read or are malformed; the items concerned are errors — see the problems with changai evaluate and fix them\n"
            ),
        };
    }
    out
}

/// The day to look from: `--as-of`, else the report date (SOURCE_DATE_EPOCH, else today).
fn as_of(given: Option<&str>, env: &Env) -> Result<jiff::civil::Date, CannotRun> {
    match given {
        Some(text) => crate::evidence::dates::parse_iso(text).ok_or_else(|| {
            CannotRun::plain(
                "usage",
                format!("--as-of 的值“{text}”不是“年-月-日”格式的日期（如 2025-06-30）"),
                format!("`--as-of {text}` is not a YYYY-MM-DD date (e.g. 2025-06-30)"),
            )
        }),
        None => crate::render::report::context::report_date(env.source_date_epoch.as_deref())
            .map_err(CannotRun::from),
    }
}
