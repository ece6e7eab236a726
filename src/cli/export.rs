//! `changai export …`: a standard or results written in another format for other tools.

use super::{Env, Output};
use crate::Lang;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// 把标准写成标准清单表格（模板见 docs/import.md）/ Write a standard as the standard's spreadsheet (template in docs/import.md)
    Standard(super::export_standard::Args),
}

pub fn run(args: Args, lang: Lang, env: &Env) -> Output {
    match args.what {
        What::Standard(a) => super::export_standard::run(a, lang, env),
    }
}
