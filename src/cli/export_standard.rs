//! `changai export standard [--standard PATH] --output 标准清单.xlsx`: any standard written into
//! the spreadsheet template that `changai import xlsx` reads (`crate::import::xlsx`), so that a
//! union can keep, review and change its standard in Excel or WPS and import it back.

use std::path::PathBuf;

use super::{Env, Output};
use crate::fsutil::OutputTarget;
use crate::Lang;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 标准文件或文件夹；缺省为内置标准 / standard; default: the embedded one
    #[arg(long)]
    pub standard: Option<PathBuf>,
    /// 写出的 xlsx 文件 / the xlsx file to write
    #[arg(long, short)]
    pub output: PathBuf,
}

pub fn run(args: Args, lang: Lang, env: &Env) -> Output {
    let standard_path = args.standard.as_ref().map(|s| env.cwd.join(s));
    let standard = match crate::pipeline::load_standard(standard_path.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            let e = match (&standard_path, &args.standard) {
                (Some(full), Some(given)) => e.shown_as(full, given),
                _ => e,
            };
            return Output::cannot_run(&e, lang);
        }
    };
    let target = OutputTarget::parse(Some(&args.output), &env.cwd);
    if target.is_stdout() {
        return Output::cannot_run(
            &crate::CannotRun::plain(
                "no-output",
                "表格不能写到标准输出；请用 --output 指定 xlsx 文件",
                "a workbook cannot go to standard output; name an xlsx file with --output",
            ),
            lang,
        );
    }
    if let Err(refusal) = target.check(&[]) {
        return Output::cannot_run(&refusal.diagnostic().into(), lang);
    }
    match crate::import::xlsx::export(&standard) {
        Ok(bytes) => Output::deliver(&target, bytes, lang),
        Err(e) => crate::import::xlsx::workbook_failed(&e, lang),
    }
}
