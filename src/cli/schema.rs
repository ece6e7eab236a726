//! `changai schema`: prints the JSON Schemas generated from the types.

use super::Output;
use crate::evidence::pack_model::{PackFile, ReviewFile};
use crate::outcome::Results;
use crate::standard::model::{Item, Standard};
use crate::standard::schema::pretty;

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
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 要打印的 Schema / the schema to print
    #[arg(value_enum)]
    pub which: Which,
}

pub fn text(which: Which) -> String {
    match which {
        Which::Standard => pretty::<Standard>(),
        Which::Item => pretty::<Item>(),
        Which::Pack => pretty::<PackFile>(),
        Which::Review => pretty::<ReviewFile>(),
        Which::Results => pretty::<Results>(),
        Which::Status => pretty::<crate::render::status::StatusContext>(),
    }
}

pub fn run(args: Args) -> Output {
    Output::ok(text(args.which))
}
