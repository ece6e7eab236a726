//! `changai init DIR`: an empty evidence pack for an officer to fill — `pack.yaml`, one folder per
//! leaf item (`<level-1 id>/<leaf id>/`), `data/`, and `填写说明.md` listing what each item needs.
//!
//! It only ever creates a new folder (or fills an empty one); it never overwrites a file.
//!
//! Item ids become folder names, and `--standard` may name a standard that was never linted: every
//! folder is planned from ids that pass [`unsafe_id`] and checked to stay inside the new pack
//! before anything is written, so a hostile id (`../x`, `C:`, `A[01]`) refuses the whole run.
//! Every value a person gave (community, preparer, the standard's id and version) is written into
//! `pack.yaml` by [`yaml_quoted`], the one scalar writer, so the file reads back exactly as given.

use std::fmt::Write;
use std::path::{Component, Path, PathBuf};

use super::{Env, Output};
use crate::standard::lint::unsafe_id;
use crate::standard::model::{Item, Standard};
use crate::Lang;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 新证据包的文件夹 / folder of the new pack
    pub dir: PathBuf,
    /// 受评单位名称；缺省为按标准的单位写的占位名（某某工业社区、某某企业）/ name of the assessed
    /// unit; default: a placeholder after the standard's unit
    #[arg(long)]
    pub community: Option<String>,
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

/// The name `pack.yaml` gets when none was given: `某某工业社区` for the built-in unit (社区),
/// `某某{unit}` for a standard that names its unit in Chinese (某某企业), `Example {unit}` for one
/// that names it in English only.
fn placeholder(standard: &Standard) -> String {
    let unit = &standard.unit;
    if *unit == crate::standard::model::default_unit() {
        "某某工业社区".to_owned()
    } else if !unit.zh.trim().is_empty() {
        format!("某某{}", unit.zh.trim())
    } else if !unit.en.trim().is_empty() {
        format!("Example {}", unit.en.trim())
    } else {
        "某某工业社区".to_owned()
    }
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
    let dir = env.cwd.join(&args.dir);
    let non_empty = std::fs::read_dir(&dir)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if non_empty {
        let given = args.dir.display();
        return Output::cannot_run(
            &crate::CannotRun::plain(
                "not-empty",
                format!("文件夹不是空的，不会覆盖：{given}"),
                format!("folder is not empty, nothing written: {given}"),
            ),
            lang,
        );
    }
    let folders = match plan(&standard) {
        Ok(f) => f,
        Err(refusal) => {
            let standard_name = args
                .standard
                .as_ref()
                .map_or_else(|| standard.id.clone(), |p| p.display().to_string());
            let d = crate::diagnostic::Diagnostic::error(
                "unsafe-id",
                standard_name,
                format!("{}；未写入任何文件", refusal.zh),
                format!("{}; nothing written", refusal.en),
            );
            return Output::cannot_run(&d.into(), lang);
        }
    };
    match scaffold(&dir, &standard, &args, &folders, lang) {
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
        Err(d) => Output::cannot_run(&d.into(), lang),
    }
}

/// One leaf's folder, relative to the pack root, built from checked segments.
struct Folder<'s> {
    leaf: &'s Item,
    path: PathBuf,
}

/// Why `init` refuses a standard.
struct Refusal {
    zh: String,
    en: String,
}

/// The folder of every leaf (`<level-1 id>/<leaf id>`, or `<id>` for a level-1 leaf), each
/// segment a safe id and the whole staying inside the pack; planned before anything is written.
fn plan(standard: &Standard) -> Result<Vec<Folder<'_>>, Refusal> {
    let mut folders = Vec::new();
    for top in &standard.items {
        let mut leaves = Vec::new();
        collect_leaves(top, &mut leaves);
        for leaf in leaves {
            let segments: Vec<&str> = if leaf.id == top.id {
                vec![&top.id]
            } else {
                vec![&top.id, &leaf.id]
            };
            for segment in &segments {
                if let Some(why) = unsafe_id(segment) {
                    return Err(Refusal {
                        zh: format!("条目编号 `{}` {}，不能用作文件夹名", why.shown, why.zh),
                        en: format!(
                            "item id `{}` {}; it cannot name a folder",
                            why.shown, why.en
                        ),
                    });
                }
            }
            let path: PathBuf = segments.iter().collect();
            // Second line of defence: only plain names, as many as there are segments.
            let plain = path.components().all(|c| matches!(c, Component::Normal(_)));
            if !plain || path.components().count() != segments.len() {
                return Err(Refusal {
                    zh: format!(
                        "条目 `{}` 的文件夹 `{}` 会超出证据包",
                        leaf.id.escape_debug(),
                        path.display()
                    ),
                    en: format!(
                        "the folder `{}` of item `{}` would leave the pack",
                        path.display(),
                        leaf.id.escape_debug()
                    ),
                });
            }
            folders.push(Folder { leaf, path });
        }
    }
    Ok(folders)
}

fn scaffold(
    dir: &Path,
    standard: &Standard,
    args: &Args,
    folders: &[Folder<'_>],
    lang: Lang,
) -> Result<usize, crate::diagnostic::Diagnostic> {
    // A failure names the file or folder as the user would write it (under `args.dir`).
    let failed = |rel: &Path| {
        let shown = crate::standard::load::display(&args.dir.join(rel));
        move |e: std::io::Error| crate::source::io_diagnostic(&shown, &e)
    };
    std::fs::create_dir_all(dir.join("data")).map_err(failed(Path::new("data")))?;
    let pack = format!(
        "# 本文件的 JSON Schema：changai schema pack\n\
         # 证据包说明：社区、年度、所依据的标准、编制人。生成于 changai init。\n\
         community: {}\nperiod: {}\nstandard:\n  id: {}\n  version: {}\npreparer: {}\n\
         # 不适用条目（须说明理由）/ items that do not apply, with a reason:\n\
         # not_applicable:\n#   - item: E2.2\n#     reason: 辖区内无集卡司机群体\n\
         # 一票否决情形 / veto conditions that occurred:\n# vetoes: []\n\
         # 本年度无此情形（须说明理由，仅限标准允许的条目）/ nothing to do this year, with a reason:\n\
         # no_case:\n#   - item: E1.3\n#     reason: 本年度辖区企业未发生劳动争议\n\
         # 加分申报（荣誉名称、获奖日期、获奖证书）/ bonus claims (honour, award date, certificate):\n# bonus:\n#   - id: honour-city\n#     title: 宁波市模范职工之家\n#     awarded: 2025-05-01\n#     certificate: bonus/2025-05-01 市级荣誉证书.pdf\n#     note: 获市级荣誉\n\
         # 年度任务清单 / the year's task list:\n# plan: data/任务清单.csv\n",
        yaml_quoted(&args.community.clone().unwrap_or_else(|| placeholder(standard))),
        args.year,
        yaml_quoted(&standard.id),
        yaml_quoted(&standard.version),
        yaml_quoted(&args.preparer),
    );
    write_new(&dir.join("pack.yaml"), &pack).map_err(failed(Path::new("pack.yaml")))?;
    let mut guide = guide_head(standard, lang);
    for folder in folders {
        let target = dir.join(&folder.path);
        if !target.starts_with(dir) {
            let shown = crate::standard::load::display(&folder.path);
            return Err(crate::diagnostic::Diagnostic::error(
                "unsafe-id",
                shown,
                "这个文件夹会落在证据包之外，未写入",
                "this folder would lie outside the pack; not written",
            ));
        }
        std::fs::create_dir_all(&target).map_err(failed(&folder.path))?;
        guide_leaf(&mut guide, folder.leaf, &args.year.to_string(), lang);
    }
    write_new(&dir.join("填写说明.md"), &guide).map_err(failed(Path::new("填写说明.md")))?;
    Ok(folders.len())
}

/// The guide's title and how to fill the pack, in the run's language; the standard's texts in
/// that language, falling back to the other (an English-only standard has no Chinese titles).
fn guide_head(standard: &Standard, lang: Lang) -> String {
    let mut guide = String::new();
    let title = standard.title.get(lang);
    let leaf_level = standard
        .levels
        .last()
        .map(|l| l.get(lang).trim().to_owned())
        .filter(|l| !l.is_empty());
    match lang {
        Lang::Zh => {
            let _ = writeln!(guide, "# 填写说明：{title} {}\n", standard.version);
            let leaf = leaf_level.map_or_else(|| "末级条目".to_owned(), |l| format!("{l}条目"));
            let _ = writeln!(
                guide,
                "每个{leaf}一个文件夹（如 `A/A1.1/`），文件名写上日期（2025-03-15、20250315 或 2025年3月15日）。\n\
                 名册、台账放在 `data/`（Excel、WPS 表格或 csv 均可；表格上方的标题行、下方的合计行和制表人签名会自动跳过，同一份台账只存一种格式），指标数值写在 `data/indicators.yaml`。\n"
            );
        }
        Lang::En => {
            let _ = writeln!(
                guide,
                "# How to fill this pack: {title} {}\n",
                standard.version
            );
            let leaf = leaf_level.map_or_else(|| "item".to_owned(), |l| l.to_lowercase());
            let _ = writeln!(
                guide,
                "One folder per {leaf} (e.g. `A/A1.1/`); put the date in each file name (2025-03-15, 20250315 or 2025年3月15日).\n\
                 Registers and lists go in `data/` (Excel, WPS or csv; a title row above the table, a totals row and the signature below it are skipped; keep one format per register); indicator values go in `data/indicators.yaml`.\n"
            );
        }
    }
    let provenance = match lang {
        Lang::En if !standard.provenance_en.trim().is_empty() => standard.provenance_en.trim(),
        _ if standard.provenance.trim().is_empty() => standard.provenance_en.trim(),
        _ => standard.provenance.trim(),
    };
    if !provenance.is_empty() {
        let word = if lang == Lang::Zh {
            "重构说明："
        } else {
            "Reconstruction notice: "
        };
        let _ = writeln!(guide, "> {word}{provenance}\n");
    }
    if !standard.terms.is_empty() {
        let (heading, note, colon) = match lang {
            Lang::Zh => ("术语", "本标准中以下用语的含义：", "："),
            Lang::En => (
                "Defined terms",
                "What these words mean in this standard:",
                ": ",
            ),
        };
        let _ = writeln!(guide, "## {heading}\n\n{note}\n");
        for term in &standard.terms {
            let definition = match lang {
                Lang::En if !term.definition_en.trim().is_empty() => term.definition_en.trim(),
                _ => term.definition.trim(),
            };
            let _ = writeln!(guide, "- **{}**{colon}{definition}", term.term);
        }
        let _ = writeln!(guide);
    }
    guide
}

/// One leaf of the guide: its id, title and points, what to keep, and its gates.
fn guide_leaf(guide: &mut String, leaf: &Item, year: &str, lang: Lang) {
    let points = crate::render::num::num(leaf.points.unwrap_or(0.0));
    let guidance = crate::standard::model::Text {
        zh: leaf.guidance.clone().unwrap_or_default(),
        en: leaf.guidance_en.clone().unwrap_or_default(),
    };
    let title = leaf.title.get(lang);
    let _ = match lang {
        Lang::Zh => writeln!(guide, "## {} {title}（{points} 分）\n", leaf.id),
        Lang::En => writeln!(guide, "## {} {title} ({points} points)\n", leaf.id),
    };
    let _ = writeln!(guide, "{}\n", guidance.get(lang));
    // a gate decides the whole item: say so where the officer reads what to keep
    for check in leaf.checks.iter().filter(|c| c.gate()) {
        let what = crate::check::describe::requires(check, year);
        let _ = match lang {
            Lang::Zh => writeln!(
                guide,
                "> 必备条件：{}。没有它，此项其他材料再齐全也不得分。\n",
                what.get(lang)
            ),
            Lang::En => writeln!(
                guide,
                "> Required: {}. Without it the item scores nothing, however complete the rest.\n",
                what.get(lang)
            ),
        };
    }
}

/// Every item assessed itself under `item`: the leaves, and groups with their own checks.
fn collect_leaves<'a>(item: &'a Item, out: &mut Vec<&'a Item>) {
    if item.is_assessed() {
        out.push(item);
    }
    for child in &item.items {
        collect_leaves(child, out);
    }
}

/// A YAML double-quoted scalar that reads back as exactly `s`: `\\`, `"`, line breaks and every
/// character YAML does not allow printed are escaped; the rest (Chinese, emoji, `#`, `: `) is
/// written as it is, which is safe inside double quotes.
pub fn yaml_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if (c as u32) < 0x20 || ('\u{7f}'..='\u{9f}').contains(&c) => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(text.as_bytes())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    /// A standard loaded without lint, as `--standard` could hand one to `init` if lint missed it.
    fn unlinted(top: &str, leaf: &str) -> Standard {
        let yaml = format!(
            "id: t\nversion: \"1\"\ntitle: {{zh: 测试, en: test}}\nissuer: {{zh: 区总工会, en: union}}\n\
             levels: [{{zh: 一级}}, {{zh: 二级}}]\n\
             scoring:\n  total: 1\n  grades: [{{id: ok, title: {{zh: 合格}}, min: 0}}]\n\
             items:\n  - id: {top}\n    title: {{zh: 甲}}\n    items:\n\
             \x20     - id: {leaf}\n        title: {{zh: 甲一}}\n        points: 1\n        checks: [{{files: {{glob: \"x/*\"}}}}]\n"
        );
        let loaded = crate::standard::load::load_sources(("s.yaml".into(), yaml), vec![]);
        match loaded.standard {
            Some(s) => s,
            None => panic!("{:?}", loaded.diagnostics),
        }
    }

    #[test]
    fn plan_refuses_any_folder_that_is_not_plain() {
        let en = |top: &str, leaf: &str| plan(&unlinted(top, leaf)).err().map(|r| r.en);
        assert_eq!(en("A", "A1"), None);
        assert_eq!(
            en("\"..\"", "A1"),
            Some("item id `..` is `.` or has `..`; it cannot name a folder".into())
        );
        assert_eq!(
            en("A", "\"../../etc\""),
            Some("item id `../../etc` has a slash; it cannot name a folder".into())
        );
        assert_eq!(
            en("A", "\"C:\\\\x\""),
            Some("item id `C:\\\\x` has a slash; it cannot name a folder".into())
        );
        assert_eq!(
            en("\"A\\n\"", "A1"),
            Some("item id `A\\n` has a control character; it cannot name a folder".into())
        );
        let standard = unlinted("A", "A1");
        let folders = plan(&standard).ok().unwrap();
        let paths: Vec<&Path> = folders.iter().map(|f| f.path.as_path()).collect();
        assert_eq!(paths, [Path::new("A/A1")]);
    }

    #[test]
    fn yaml_quoted_escapes_what_yaml_needs() {
        assert_eq!(yaml_quoted("灵峰"), "\"灵峰\"");
        assert_eq!(yaml_quoted(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(yaml_quoted("a\nb\tc\r"), r#""a\nb\tc\r""#);
        assert_eq!(yaml_quoted("\u{1}\u{7f}\u{2028}"), r#""\x01\x7f\L""#);
        assert_eq!(yaml_quoted("# x: y"), "\"# x: y\"");
    }
}
