//! `changai init`.

use super::{Env, Output};
use crate::Lang;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args, _lang: Lang, _env: &Env) -> Output {
    Output::error("not yet available / 尚未实现")
}
