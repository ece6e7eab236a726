//! `changai export …`: results or a standard written in a format other tools read.
//!
//! One subcommand per target: `oscal` (a RESULTS.json as OSCAL assessment-results; the work is in
//! [`crate::render::oscal`]) and `standard` (a standard as the union's spreadsheet, in
//! [`super::export_standard`]). Output goes to stdout or, with `--output`, to a file written
//! atomically: a failure leaves nothing behind.

use std::path::PathBuf;

use super::{Env, Output};
use crate::fsutil::OutputTarget;
use crate::CannotRun;
use crate::Lang;

#[derive(Debug, clap::Args)]
// `changai export help oscal` would be clap's own English; `changai export oscal --help` is ours.
#[command(disable_help_subcommand = true)]
pub struct Args {
    #[command(subcommand)]
    pub to: To,
}

#[derive(Debug, clap::Subcommand)]
pub enum To {
    /// 导出为 OSCAL 1.1 评估结果（assessment-results JSON）/ OSCAL 1.1 assessment-results JSON
    Oscal(OscalArgs),
    /// 把标准写成标准清单表格（模板见 docs/import.md）/ Write a standard as the standard's spreadsheet (template in docs/import.md)
    Standard(super::export_standard::Args),
}

#[derive(Debug, clap::Args)]
pub struct OscalArgs {
    /// `evaluate --format json` 的结果文件 / A RESULTS.json written by `evaluate --format json`
    pub results: PathBuf,
    /// 输出文件；`-` 为标准输出 / Write to this file (atomically) instead of stdout; `-` is stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args, lang: Lang, env: &Env) -> Output {
    match args.to {
        To::Oscal(args) => {
            let given = args.results.clone();
            match oscal(args, lang, env) {
                Ok(output) => output,
                Err(failure) => {
                    Output::cannot_run(&failure.shown_as(&env.cwd.join(&given), &given), lang)
                }
            }
        }
        To::Standard(a) => super::export_standard::run(a, lang, env),
    }
}

fn oscal(args: OscalArgs, lang: Lang, env: &Env) -> Result<Output, CannotRun> {
    let input = env.cwd.join(&args.results);
    let target = OutputTarget::parse(args.output.as_deref(), &env.cwd);
    target.check(&[])?;
    if let Some(out) = target.path() {
        if crate::fsutil::resolve(out) == crate::fsutil::resolve(&input) {
            return Err(CannotRun::plain(
                "usage",
                "--output 不能是输入的评估结果文件本身：导出会覆盖它",
                "`--output` cannot be the RESULTS.json being exported: it would be overwritten",
            ));
        }
    }
    let now = crate::render::oscal::timestamp(env.source_date_epoch.as_deref())?;
    let results = crate::outcome::read_results(&input)?;
    let shown = crate::standard::load::display(&input);
    let text = crate::render::oscal::render(&results, &shown, lang, now)?;
    Ok(Output::deliver(&target, text.into_bytes(), lang))
}
