//! `changai report`: the year-end reconciliation report from a RESULTS.json or an evidence pack.
//!
//! Arguments are plain data here; the work is in [`crate::render::report`]. Output goes to stdout or,
//! with `--output`, to a file written atomically — never into the evidence pack, whose digest
//! would change (see [`crate::fsutil`]).

use std::path::{Path, PathBuf};

use super::{Env, Output};
use crate::fsutil::{OutputTarget, ReadPack};
use crate::outcome::Results;
use crate::render::report::{self, Format, Plan, ReportInput, Templates};
use crate::CannotRun;
use crate::Lang;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 证据包目录，或 `evaluate --format json` 的结果文件 / An evidence pack folder, or a RESULTS.json
    pub input: PathBuf,
    /// 标准（证据包输入时）/ The standard to evaluate a pack against (pack input only)
    #[arg(long, value_name = "PATH")]
    pub standard: Option<PathBuf>,
    /// 按标准的这一档次评估，代替 pack.yaml 的 `profile:`（证据包输入时）/ Assess in this profile of the standard instead of pack.yaml's `profile:` (pack input only)
    #[arg(long, value_name = "ID")]
    pub profile: Option<String>,
    /// 输出格式（缺省时按 --output 的扩展名，否则 md）/ Output format (default: from --output's extension, else md)
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// 输出文件；`-` 为标准输出 / Write to this file (atomically) instead of stdout; `-` is stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// 替换内置模板（report.md / report.html，或包含它们的目录）/ Override a built-in template by name
    #[arg(long, value_name = "FILE|DIR")]
    pub template: Option<PathBuf>,
    /// 上期结果，用于同比（须是同一社区、同一标准的）/ Last period's RESULTS.json, for the year-over-year section (same community and standard)
    #[arg(long, value_name = "RESULTS.json")]
    pub previous: Option<PathBuf>,
    /// 允许 --previous 是另一社区或另一标准的结果 / Accept a `--previous` of another community or standard
    #[arg(long, requires = "previous")]
    pub allow_other_previous: bool,
    /// 审核方保存在证据包外的复核文件，代替证据包自带的 review.yaml（证据包输入时）/ A review file the auditor keeps outside the pack, used instead of the pack's own review.yaml (pack input only)
    #[arg(long, value_name = "FILE")]
    pub review: Option<PathBuf>,
    /// 任务清单（xlsx/csv/yaml/json），覆盖 pack.yaml 的 plan: / The task list; overrides pack.yaml `plan:`
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
}

pub fn run(args: Args, lang: Lang, env: &Env) -> Output {
    // The files a failure may name, as the user gave them.
    let given: Vec<PathBuf> = [&args.input]
        .into_iter()
        .chain(&args.standard)
        .chain(&args.template)
        .chain(&args.previous)
        .chain(&args.plan)
        .chain(&args.review)
        .cloned()
        .collect();
    let json = args.format == Some(Format::Json);
    match report(args, lang, env) {
        Ok(output) => output,
        Err(failure) => {
            let failure = given
                .iter()
                .fold(failure, |f, p| f.shown_as(&env.cwd.join(p), p));
            if json {
                Output::cannot_run_json(&failure, lang)
            } else {
                Output::cannot_run(&failure, lang)
            }
        }
    }
}

fn report(args: Args, lang: Lang, env: &Env) -> Result<Output, CannotRun> {
    let resolve = |p: &Path| env.cwd.join(p);
    let input = resolve(&args.input);
    let target = OutputTarget::parse(args.output.as_deref(), &env.cwd);
    // The pack is read only when the input is a folder; the target is checked before anything else.
    let read = if input.is_dir() {
        vec![ReadPack::given(&args.input, &env.cwd)]
    } else {
        Vec::new()
    };
    if let Err(refusal) = target.check(&read) {
        return Err(refusal.into());
    }
    let format = super::output_format::decide(args.format, &target, &Format::KNOWN, Format::Md)?;
    if format == Format::Xlsx && target.is_stdout() {
        return Err(CannotRun::plain(
            "usage",
            "`--format xlsx` 需要 `--output FILE`：工作簿不能输出到终端",
            "`--format xlsx` needs `--output FILE`: a workbook is not for a terminal",
        ));
    }
    let templates = match &args.template {
        Some(path) => Templates::with_overrides(&resolve(path))?,
        None => Templates::built_in(),
    };
    let date = report::context::report_date(env.source_date_epoch.as_deref())?;

    // The task list: `--plan`, else the one the pack names, as the results recorded it.
    let mut notes = String::new();
    let (results, standard) = if input.is_dir() {
        let standard = args.standard.as_deref().map(resolve);
        let standard = crate::pipeline::load_standard(standard.as_deref())?;
        let review = args.review.as_deref().map(resolve);
        let opening = crate::evidence::pack::Opening {
            review: review.as_deref(),
            ..Default::default()
        };
        let mut pack = crate::evidence::Pack::open_with(&input, opening)?;
        if let Some(given) = &args.review {
            pack.show_review_as(given);
        }
        if args.standard.is_none() {
            crate::pipeline::named_standard(&standard, &pack)?;
        }
        crate::pipeline::select_profile(&standard, &mut pack, args.profile.as_deref())?;
        // A task list that cannot be read stops the report (its file named), as a bad --plan does.
        let plan = pack.plan()?;
        let results = crate::pipeline::evaluate_with_plan(
            &crate::check::Compiled::new(&standard),
            &pack,
            Ok(plan),
        );
        (results, Some(standard))
    } else {
        if args.standard.is_some() {
            return Err(CannotRun::plain(
                "usage",
                "`--standard` 只用于证据包；评估结果 RESULTS.json 已经写明了所用标准",
                "`--standard` applies to an evidence pack; a RESULTS.json already names its standard",
            ));
        }
        if args.review.is_some() {
            return Err(CannotRun::plain(
                "usage",
                "`--review` 只用于证据包；评估结果 RESULTS.json 已经按评估时的复核打分",
                "`--review` applies to an evidence pack; a RESULTS.json was scored with the review it was evaluated with",
            ));
        }
        if args.profile.is_some() {
            return Err(CannotRun::plain(
                "usage",
                "`--profile` 只用于证据包；评估结果 RESULTS.json 已经按评估时的档次打分",
                "`--profile` applies to an evidence pack; a RESULTS.json was scored in the profile it was evaluated in",
            ));
        }
        let results = read_results(&input)?;
        if results.plan.is_none() && args.plan.is_none() {
            notes = match lang {
                Lang::Zh => "评估结果中没有任务清单（由旧版 changai 写出）：整改清单的责任人、完成时限空缺；可用 --plan 指定任务清单，或重新评估证据包\n",
                Lang::En => "the results hold no task list (written by an older changai): the rectification list's owners and deadlines are blank; give the task list with --plan, or evaluate the pack again\n",
            }
            .to_owned();
        }
        // The score sheet rebuilds the grade from the standard's rules: known here when the
        // results are of the embedded standard, exactly as it is (same digest). Only the
        // workbook needs it.
        let standard = (format == Format::Xlsx)
            .then(|| crate::pipeline::load_standard(None).ok())
            .flatten()
            .filter(|s| crate::evidence::seal::value_digest(s) == results.standard.digest);
        (results, standard)
    };

    let previous = match &args.previous {
        Some(path) => {
            let previous = read_results(&resolve(path))?;
            if !args.allow_other_previous {
                same_subject(
                    &results,
                    &previous,
                    &crate::standard::load::display(&resolve(path)),
                )?;
            }
            Some(previous)
        }
        None => None,
    };
    let plan = match args.plan.as_deref().map(resolve) {
        Some(path) => Some(Plan::read(&path)?),
        None => results.recorded_plan().map(|p| Plan {
            tasks: p.tasks.clone(),
        }),
    };

    let bytes = report::render(
        format,
        &ReportInput {
            results: &results,
            previous: previous.as_ref(),
            plan: plan.as_ref(),
            lang,
            date,
            scoring: standard.as_ref().map(|s| &s.scoring),
        },
        &templates,
    )?;

    let mut output = Output::deliver(&target, bytes, lang);
    output.stderr.insert_str(0, &notes);
    Ok(output)
}

/// Last year's results are the same community's, scored against the same standard (its version
/// may differ: the report says so). Otherwise the year-over-year section would compare two
/// different things; `--allow-other-previous` says the user means it.
fn same_subject(now: &Results, before: &Results, shown: &str) -> Result<(), CannotRun> {
    let help = (
        "确要对比，请加 --allow-other-previous",
        "to compare them anyway, add --allow-other-previous",
    );
    let refuse = |zh: String, en: String| -> Result<(), CannotRun> {
        Err(
            crate::diagnostic::Diagnostic::error("previous-other", shown, zh, en)
                .with_help(help.0, help.1)
                .into(),
        )
    };
    if before.pack.community != now.pack.community {
        let (was, is) = (&before.pack.community, &now.pack.community);
        return refuse(
            format!("上年结果是“{was}”的，不是“{is}”的，不能作为本报告的上年结果"),
            format!("the previous results are for `{was}`, not `{is}`: they cannot be this report's previous year"),
        );
    }
    if before.standard.id != now.standard.id {
        let (was, is) = (&before.standard, &now.standard);
        return refuse(
            format!(
                "上年结果按标准“{}”（{}）评估，本报告按“{}”（{}），两者不能对比",
                was.title.zh, was.id, is.title.zh, is.id
            ),
            format!(
                "the previous results were scored against the standard `{}` ({}), this report against `{}` ({}): they cannot be compared",
                was.title.en, was.id, is.title.en, is.id
            ),
        );
    }
    Ok(())
}

pub use crate::outcome::read_results;
