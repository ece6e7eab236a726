//! `changai init DIR`: an empty evidence pack for an officer to fill — `pack.yaml`, one folder per
//! leaf item (`<level-1 id>/<leaf id>/`), `data/`, and `填写说明.md` listing what each item needs.
//!
//! It only ever creates a new folder (or fills an empty one); it never overwrites a file.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use super::{Env, Output};
use crate::standard::model::{Item, Standard};
use crate::Lang;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 新证据包的文件夹 / folder of the new pack
    pub dir: PathBuf,
    /// 社区名称 / community name
    #[arg(long, default_value = "某某工业社区")]
    pub community: String,
    /// 评估年度 / review year
    #[arg(long, default_value_t = 2025)]
    pub year: i32,
    /// 编制人 / preparer
    #[arg(long, default_value = "")]
    pub preparer: String,
    /// 标准文件或文件夹；缺省为内置标准 / standard; default: the embedded one
    #[arg(long)]
    pub standard: Option<PathBuf>,
}

pub fn run(args: Args, lang: Lang, env: &Env) -> Output {
    let standard_path = args.standard.as_ref().map(|s| env.cwd.join(s));
    let standard = match crate::pipeline::load_standard_in(standard_path.as_deref(), lang) {
        Ok(s) => s,
        Err(e) => return Output::error(e.0),
    };
    let dir = env.cwd.join(&args.dir);
    let non_empty = std::fs::read_dir(&dir)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if non_empty {
        return Output::error(match lang {
            Lang::Zh => format!("error: 文件夹不是空的，不会覆盖：{}", args.dir.display()),
            Lang::En => format!(
                "error: folder is not empty, nothing written: {}",
                args.dir.display()
            ),
        });
    }
    match scaffold(&dir, &standard, &args) {
        Ok(n) => Output::ok(match lang {
            Lang::Zh => format!(
                "已创建证据包 {}：{n} 个条目文件夹。请按 填写说明.md 放入台账，然后运行 changai evaluate {}\n",
                args.dir.display(),
                args.dir.display()
            ),
            Lang::En => format!(
                "created pack {} with {n} item folders; fill them as 填写说明.md says, then run changai evaluate {}\n",
                args.dir.display(),
                args.dir.display()
            ),
        }),
        Err(e) => Output::error(format!("error: {}: {e}", args.dir.display())),
    }
}

fn scaffold(dir: &Path, standard: &Standard, args: &Args) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir.join("data"))?;
    let pack = format!(
        "# 本文件的 JSON Schema：changai schema pack\n\
         # 证据包说明：社区、年度、所依据的标准、编制人。生成于 changai init。\n\
         community: {}\nperiod: {}\nstandard:\n  id: {}\n  version: \"{}\"\npreparer: \"{}\"\n\
         # 不适用条目（须说明理由）/ items that do not apply, with a reason:\n\
         # not_applicable:\n#   - item: E2.2\n#     reason: 辖区内无集卡司机群体\n\
         # 一票否决情形 / veto conditions that occurred:\n# vetoes: []\n\
         # 加分申报 / bonus claims:\n# bonus:\n#   - id: honour-city\n#     note: 获市级荣誉\n#     evidence: [bonus/2025-05-01 市级荣誉证书.pdf]\n\
         # 年度任务清单 / the year's task list:\n# plan: data/任务清单.csv\n",
        yaml_string(&args.community),
        args.year,
        standard.id,
        standard.version,
        args.preparer.replace('"', "'"),
    );
    write_new(&dir.join("pack.yaml"), &pack)?;
    let mut guide = String::new();
    let _ = writeln!(
        guide,
        "# 填写说明：{} {}\n",
        standard.title.zh, standard.version
    );
    let _ = writeln!(
        guide,
        "每个三级条目一个文件夹（如 `A/A1.1/`），文件名写上日期（2025-03-15、20250315 或 2025年3月15日）。\n\
         名册、台账放在 `data/`（csv 或 xlsx，第一行为列名），指标数值写在 `data/indicators.yaml`。\n"
    );
    let mut folders = 0;
    for top in &standard.items {
        let mut leaves = Vec::new();
        collect_leaves(top, &mut leaves);
        for leaf in leaves {
            let folder = if leaf.id == top.id {
                dir.join(&top.id)
            } else {
                dir.join(&top.id).join(&leaf.id)
            };
            std::fs::create_dir_all(&folder)?;
            folders += 1;
            let _ = writeln!(
                guide,
                "## {} {}（{} 分）\n\n{}\n",
                leaf.id,
                leaf.title.zh,
                crate::output::table::num(leaf.points.unwrap_or(0.0)),
                leaf.guidance.as_deref().unwrap_or("")
            );
        }
    }
    write_new(&dir.join("填写说明.md"), &guide)?;
    Ok(folders)
}

fn collect_leaves<'a>(item: &'a Item, out: &mut Vec<&'a Item>) {
    if item.is_leaf() {
        out.push(item);
    }
    for child in &item.items {
        collect_leaves(child, out);
    }
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(text.as_bytes())
}
