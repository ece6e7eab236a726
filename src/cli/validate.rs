//! `changai validate [PATH…]`: schema and lint of standard definitions, for authors and CI.

use std::path::{Path, PathBuf};

use super::{Env, Exit, Output};
use crate::render::validate::{self as format, Format};
use crate::standard::load::{display, HEADER_FILE};
use crate::standard::validation::Validation;
use crate::Lang;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 标准文件或文件夹；缺省为 standards/ 下的全部标准 / standard files or folders; default: every standard under standards/
    pub paths: Vec<PathBuf>,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// 有警告也视为不通过 / treat warnings as errors
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn run(args: Args, lang: Lang, env: &Env) -> Output {
    let cannot_run = |failure: &crate::CannotRun| match args.format {
        format::Format::Json => Output::cannot_run_json(failure, lang),
        _ => Output::cannot_run(failure, lang),
    };
    let paths = if args.paths.is_empty() {
        match discover(&env.cwd.join("standards")) {
            Ok(found) if !found.is_empty() => found
                .into_iter()
                .map(|p| p.strip_prefix(&env.cwd).map(Path::to_path_buf).unwrap_or(p))
                .collect(),
            Ok(_) => {
                return cannot_run(&crate::CannotRun::plain(
                    "no-standard",
                    "`standards/` 下没有标准",
                    "no standard found under `standards/`",
                ))
            }
            Err(e) => return cannot_run(&crate::source::io_diagnostic("standards/", &e).into()),
        }
    } else {
        args.paths
    };
    let mut validation = Validation {
        deny_warnings: args.deny_warnings,
        ..Validation::default()
    };
    for path in &paths {
        let full = env.cwd.join(path);
        match crate::standard::load(&full) {
            Ok(loaded) => {
                let mut loaded = crate::standard::validate(loaded);
                // Show paths as the user gave them, not joined with the working directory.
                let shown = display(path);
                let full_shown = display(&full);
                for f in &mut loaded.files {
                    f.path = f.path.replacen(&full_shown, &shown, 1);
                }
                for d in &mut loaded.diagnostics {
                    d.replace_path(&full_shown, &shown);
                }
                validation.add(shown, loaded);
            }
            Err(mut e) => {
                // Name the file that failed (an item file of a folder standard, say), as the
                // user would write it.
                e.replace_path(&display(&full), &display(path));
                return cannot_run(&e.into());
            }
        }
    }
    let text = format::render(args.format, &validation, lang);
    Output {
        code: if validation.valid() {
            Exit::Ok
        } else {
            Exit::Failed
        },
        stdout: text.into_bytes(),
        stderr: String::new(),
    }
}

/// Standards under a folder: sub-folders holding `standard.yaml`, and `.yaml` files at its top.
pub fn discover(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(root)? {
        let path = entry?.path();
        let folder = path.is_dir() && path.join(HEADER_FILE).is_file();
        let file = path.is_file()
            && matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            );
        if folder || file {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}
