//! `changai import oscal|ciso|xlsx FILE --output DIR`: a standard kept in another format, written
//! as a folder standard (see `crate::import` and docs/import.md).
//!
//! The folder is written completely or not at all; a failure names the input file and the node
//! or row, exit 2. After a successful import the output says what to run next: `validate`, which
//! tells the author what is left to finish by hand.

use std::path::PathBuf;

use super::{Env, Output};
use crate::import;
use crate::standard::load::display;
use crate::Lang;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub source: Source,
}

#[derive(Debug, clap::Subcommand)]
pub enum Source {
    /// 导入 OSCAL 目录（catalog 或解析后的基线目录）/ Import an OSCAL catalog (or a resolved profile catalog)
    Oscal(OscalArgs),
    /// 导入 CISO Assistant 框架库 / Import a CISO Assistant framework library
    Ciso(FileArgs),
    /// 导入标准清单表格（模板见 docs/import.md）/ Import the standard's spreadsheet (template in docs/import.md)
    Xlsx(FileArgs),
}

#[derive(Debug, clap::Args)]
pub struct OscalArgs {
    #[command(flatten)]
    pub file: FileArgs,
    /// 以评估目标为末级条目 / make the assessment objectives the leaves
    #[arg(long)]
    pub objectives: bool,
}

#[derive(Debug, clap::Args)]
pub struct FileArgs {
    /// 要导入的文件 / the file to import
    pub input: PathBuf,
    /// 写出标准的新文件夹（不存在或为空）/ new folder for the standard (missing or empty)
    #[arg(long, short)]
    pub output: PathBuf,
}

pub fn run(args: Args, lang: Lang, env: &Env) -> Output {
    let file = match &args.source {
        Source::Oscal(a) => &a.file,
        Source::Ciso(a) | Source::Xlsx(a) => a,
    };
    let input = env.cwd.join(&file.input);
    let shown = display(&file.input);
    let output = env.cwd.join(&file.output);
    let output_shown = display(&file.output);
    let draft = match &args.source {
        Source::Oscal(a) => {
            let options = import::oscal::Options {
                objectives: a.objectives,
            };
            import::oscal::read(&input, &shown, options)
        }
        Source::Ciso(_) => import::ciso::read(&input, &shown),
        Source::Xlsx(_) => import::xlsx::read(&input, &shown),
    };
    let written = draft.and_then(|draft| import::build(&draft, &shown));
    let written = match written {
        Ok(w) => w,
        Err(e) => return Output::cannot_run(&e.shown_as(&input, &file.input), lang),
    };
    if let Err(e) = import::write_folder(&output, &output_shown, &written) {
        return Output::cannot_run(&e, lang);
    }
    Output::ok(match lang {
        Lang::Zh => format!(
            "已把 {shown} 导入为标准 {output_shown}：{} 个条目，其中 {} 项要求有检查。下一步：changai validate {output_shown}\n",
            written.items, written.requirements
        ),
        Lang::En => format!(
            "imported {shown} as the standard {output_shown}: {} items, {} of them requirements with checks; next: changai validate {output_shown}\n",
            written.items, written.requirements
        ),
    })
}
