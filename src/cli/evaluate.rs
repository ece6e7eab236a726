//! `changai evaluate PACK`: decide every item of a standard from an evidence pack, score and grade.

use std::path::PathBuf;

use super::{Env, Exit, Output};
use crate::output::{self, Format};
use crate::Lang;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 证据包文件夹（含 pack.yaml）/ the evidence pack folder (with pack.yaml)
    pub pack: PathBuf,
    /// 标准文件或文件夹；缺省为内置的 6/17/55 标准 / standard file or folder; default: the embedded 6/17/55 standard
    #[arg(long)]
    pub standard: Option<PathBuf>,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// 写入文件（原子写入）而不是标准输出 / write to this file (atomically) instead of stdout
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// 总分低于此值时以 1 退出 / exit 1 when the total is under this score
    #[arg(long, value_name = "N")]
    pub fail_under: Option<f64>,
    /// 只显示一个条目的完整检查过程 / show the whole trace of one item
    #[arg(long, value_name = "ITEM")]
    pub explain: Option<String>,
}

pub fn run(args: Args, lang: Lang, env: &Env) -> Output {
    let pack = env.cwd.join(&args.pack);
    let standard = args.standard.as_ref().map(|s| env.cwd.join(s));
    let results = match crate::evaluate_pack_in(&pack, standard.as_deref(), lang) {
        Ok(r) => r,
        Err(e) => return Output::error(e.0),
    };
    let color = env.color && args.output.is_none();
    let text = match output::render(args.format, &results, lang, color, args.explain.as_deref()) {
        Ok(t) => t,
        Err(e) => return Output::error(e),
    };
    let mut out = match &args.output {
        Some(path) => {
            let path = env.cwd.join(path);
            if crate::fsutil::is_inside(&path, &pack) {
                return Output::error(match lang {
                    Lang::Zh => format!("error: 不能写入证据包内：{}", path.display()),
                    Lang::En => format!(
                        "error: refusing to write inside the evidence pack: {}",
                        path.display()
                    ),
                });
            }
            if let Err(e) = crate::fsutil::write_atomic(&path, text.as_bytes()) {
                return Output::error(format!("error: {}: {e}", path.display()));
            }
            Output::ok(Vec::new())
        }
        None => Output::ok(text),
    };
    if let Some(min) = args.fail_under {
        if results.score.total < min {
            out.code = Exit::Failed;
            out.stderr = match lang {
                Lang::Zh => format!(
                    "总分 {} 低于 {min}\n",
                    output::table::num(results.score.total)
                ),
                Lang::En => format!(
                    "total {} is under {min}\n",
                    output::table::num(results.score.total)
                ),
            };
        }
    }
    out
}
