//! `changai schema`: prints the JSON Schemas generated from the types, and writes the blank
//! standard's spreadsheet (`schema sheet --output 标准清单.xlsx`) that `import xlsx` reads.

use super::{Env, Output};
use crate::evidence::pack_model::{PackFile, ReviewFile};
use crate::fsutil::OutputTarget;
use crate::outcome::Results;
use crate::standard::model::{Item, Standard};
use crate::standard::schema::pretty;
use crate::{CannotRun, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Which {
    /// 标准文件 / a standard file (standard.yaml)
    Standard,
    /// 标准文件夹中的一项 / one item file of a folder standard (items/*.yaml)
    Item,
    /// 证据包说明 / pack.yaml
    Pack,
    /// 审核文件 / review.yaml
    Review,
    /// 评估结果 / results of `evaluate --format json`
    Results,
    /// 年度进度 / the year in progress (`status --format json`)
    Status,
    /// 空白的标准清单表格（xlsx，需 --output）/ the blank standard's spreadsheet (xlsx; needs --output)
    Sheet,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 要打印的 Schema / the schema to print
    #[arg(value_enum)]
    pub which: Which,
    /// 写到这个文件（原子写入）；缺省为标准输出 / write to this file (atomically); default: stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
}

/// The JSON Schema of `which` (`Sheet` is a workbook, not a schema: see [`run`]).
pub fn text(which: Which) -> String {
    match which {
        Which::Sheet => String::new(),
        Which::Standard => pretty::<Standard>(),
        Which::Item => pretty::<Item>(),
        Which::Pack => pretty::<PackFile>(),
        Which::Review => pretty::<ReviewFile>(),
        Which::Results => pretty::<Results>(),
        Which::Status => pretty::<crate::render::status::StatusContext>(),
    }
}

pub fn run(args: Args, lang: Lang, env: &Env) -> Output {
    let target = OutputTarget::parse(args.output.as_deref(), &env.cwd);
    if let Err(refusal) = target.check(&[]) {
        return Output::cannot_run(&refusal.diagnostic().into(), lang);
    }
    let bytes = match args.which {
        Which::Sheet if target.is_stdout() => return Output::cannot_run(
            &CannotRun::plain(
                "no-output",
                "表格不能写到标准输出；请用 --output 指定 xlsx 文件，例如 --output 标准清单.xlsx",
                "a workbook cannot go to standard output; name an xlsx file with --output",
            ),
            lang,
        ),
        Which::Sheet => match crate::import::xlsx::template(lang) {
            Ok(bytes) => bytes,
            Err(e) => return crate::import::xlsx::workbook_failed(&e, lang),
        },
        which => text(which).into_bytes(),
    };
    Output::deliver(&target, bytes, lang)
}
