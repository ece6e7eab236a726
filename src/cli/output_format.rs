//! `--output`'s extension and `--format` agree: a file named `报告.pdf` never receives Markdown.
//!
//! Every command that writes a file takes both options. When `--format` is given, the file's
//! extension must be one of that format's; when it is absent, the extension decides the format;
//! a file without an extension (or stdout) takes the format given, else the command's default.
//! Each command lists its formats with their extensions once, here read as data.

use crate::fsutil::OutputTarget;
use crate::CannotRun;

/// One format of a command: its value, its name as `--format` takes it, and the extensions of
/// the files it is written to (lowercase, without the dot; the first is the usual one).
pub type Known<F> = (F, &'static str, &'static [&'static str]);

/// The format to write: `given` when the target's extension agrees with it, the extension's when
/// `--format` is absent, `default` when neither says. A mismatch, or an extension no format has,
/// is a usage error (exit 2) naming the file, its extension and the format.
pub fn decide<F: Copy + PartialEq>(
    given: Option<F>,
    target: &OutputTarget,
    known: &[Known<F>],
    default: F,
) -> Result<F, CannotRun> {
    let Some(shown) = target.shown() else {
        return Ok(given.unwrap_or(default));
    };
    let Some(ext) = std::path::Path::new(shown)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
    else {
        return Ok(given.unwrap_or(default));
    };
    let by_extension = known
        .iter()
        .find(|(_, _, exts)| exts.contains(&ext.as_str()));
    match given {
        None => match by_extension {
            Some((format, _, _)) => Ok(*format),
            None => {
                let all: Vec<&str> = known
                    .iter()
                    .flat_map(|(_, _, e)| e.iter().copied())
                    .collect();
                Err(CannotRun::plain(
                    "output-extension",
                    format!(
                        "无法从输出文件 {shown} 的扩展名 .{ext} 确定输出格式；可用的扩展名：{}；或用 --format 指定格式",
                        all.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join("、")
                    ),
                    format!(
                        "cannot tell the format from the extension `.{ext}` of `{shown}`; known extensions: {}; or give `--format`",
                        all.iter().map(|e| format!("`.{e}`")).collect::<Vec<_>>().join(", ")
                    ),
                ))
            }
        },
        Some(format) => {
            let Some((_, name, exts)) = known.iter().find(|(f, _, _)| *f == format) else {
                return Ok(format);
            };
            if exts.contains(&ext.as_str()) {
                return Ok(format);
            }
            let zh_exts = exts
                .iter()
                .map(|e| format!(".{e}"))
                .collect::<Vec<_>>()
                .join(" 或 ");
            let en_exts = exts
                .iter()
                .map(|e| format!("`.{e}`"))
                .collect::<Vec<_>>()
                .join(" or ");
            Err(CannotRun::plain(
                "output-extension",
                format!(
                    "输出文件 {shown} 的扩展名 .{ext} 与 --format {name} 不符：{name} 格式应写入 {zh_exts} 文件"
                ),
                format!(
                    "the output file `{shown}` ends in `.{ext}`, which does not match `--format {name}`: {name} is written to a {en_exts} file"
                ),
            ))
        }
    }
}
