//! `changai evaluate PACK`: decide every item of a standard from an evidence pack, score and grade.

use std::path::PathBuf;

use super::{Env, Exit, Output};
use crate::fsutil::{OutputTarget, ReadPack};
use crate::outcome::ScoreSource;
use crate::render::evaluate::{self as output, Format};
use crate::Lang;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 证据包文件夹（含 pack.yaml）/ the evidence pack folder (with pack.yaml)
    pub pack: PathBuf,
    /// 标准文件或文件夹；缺省为内置的 6/17/55 标准 / standard file or folder; default: the embedded 6/17/55 standard
    #[arg(long)]
    pub standard: Option<PathBuf>,
    /// 按标准的这一档次评估，代替 pack.yaml 的 `profile:`；档次外的条目不参加评估 / assess in this profile of the standard instead of pack.yaml's `profile:`; items outside it are not assessed
    #[arg(long, value_name = "ID")]
    pub profile: Option<String>,
    /// 输出格式（缺省时按 --output 的扩展名：.txt 为表格，.json 为 JSON；否则为表格）/ output format (default: from --output's extension, `.txt` table or `.json`; else table)
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// 写入文件（原子写入）而不是标准输出；`-` 为标准输出 / write to this file (atomically) instead of stdout; `-` is stdout
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// 社区得分（有复评分时为复评总分，否则为自评总分）低于此值时以 1 退出 / exit 1 when the community's result (the review total where there is one, else the self-score) is under this score
    #[arg(long, value_name = "N")]
    pub fail_under: Option<f64>,
    /// 审核方保存在证据包外的复核文件，代替证据包自带的 review.yaml / a review file the auditor keeps outside the pack, used instead of the pack's own review.yaml
    #[arg(long, value_name = "FILE")]
    pub review: Option<PathBuf>,
    /// 只显示一个条目的完整检查过程 / show the whole trace of one item
    #[arg(long, value_name = "ITEM")]
    pub explain: Option<String>,
}

/// The formats and the extensions of their files.
const KNOWN: [super::output_format::Known<Format>; 2] = [
    (Format::Table, "table", &["txt"]),
    (Format::Json, "json", &["json"]),
];

pub fn run(args: Args, lang: Lang, env: &Env) -> Output {
    let target = OutputTarget::parse(args.output.as_deref(), &env.cwd);
    let decided = super::output_format::decide(args.format, &target, &KNOWN, Format::Table);
    let json = args.format.or(decided.as_ref().ok().copied()) == Some(Format::Json);
    let cannot_run = |failure: &crate::CannotRun| match json {
        true => Output::cannot_run_json(failure, lang),
        false => Output::cannot_run(failure, lang),
    };
    let pack = env.cwd.join(&args.pack);
    let standard = args.standard.as_ref().map(|s| env.cwd.join(s));
    let read = [ReadPack::given(&args.pack, &env.cwd)];
    if let Err(refusal) = target.check(&read) {
        return cannot_run(&refusal.into());
    }
    let format = match decided {
        Ok(format) => format,
        Err(e) => return cannot_run(&e),
    };
    let review = args.review.as_ref().map(|r| env.cwd.join(r));
    let results = match crate::pipeline::evaluate_pack_with(
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
    let color = env.color && target.is_stdout();
    let text = match output::render(format, &results, lang, color, args.explain.as_deref()) {
        Ok(t) => t,
        Err(e) => return cannot_run(&e),
    };
    let mut out = Output::deliver(&target, text.into_bytes(), lang);
    if out.code != Exit::Ok {
        return out;
    }
    if let Some(min) = args.fail_under {
        // The gate reads the community's result: the reviewed total where there is one.
        let decisive = results.score.decisive();
        if decisive.total < min {
            let total = crate::render::num::num(decisive.total);
            out.code = Exit::Failed;
            out.stderr += &match (lang, decisive.source) {
                (Lang::Zh, ScoreSource::Review) => format!("复评总分 {total} 低于 {min}\n"),
                (Lang::Zh, ScoreSource::SelfScore) => format!("自评总分 {total} 低于 {min}\n"),
                (Lang::En, ScoreSource::Review) => {
                    format!("review total {total} is under {min}\n")
                }
                (Lang::En, ScoreSource::SelfScore) => {
                    format!("self-score {total} is under {min}\n")
                }
            };
        }
    }
    // Like a search tool that met an unreadable file: the results stand and are printed, but a
    // pipeline must not take a score with unread evidence for a clean run (exit 2 before 1).
    let faults = results
        .problems
        .iter()
        .filter(|p| p.severity == crate::diagnostic::Severity::Error)
        .count();
    if faults > 0 {
        out.code = Exit::Error;
        out.stderr += &match lang {
            Lang::Zh => format!(
                "有 {faults} 处证据或声明无法读取、格式有误，相关条目记为“出错”，得分可能偏低；请按问题列表修正后重新评估
"
            ),
            Lang::En => format!(
                "{faults} evidence or declaration files could not be read or are malformed; the items concerned are errors and the score may be too low — fix the problems listed and evaluate again
"
            ),
        };
    }
    out
}
