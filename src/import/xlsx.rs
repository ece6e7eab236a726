//! The standard's spreadsheet (标准清单): the template a union keeps its standard in, read by
//! `import xlsx` and written by `export standard`. One definition of the template ([`COLUMNS`],
//! [`INFO`]) serves both, so what `export` writes `import` reads back (docs/import.md).
//!
//! Sheet `标准清单`: a header row, then one row per item in the order of the tree. `层级` (1 for
//! the outermost level) places a row under the nearest row above it one level up; `编号` is the
//! item's id. A row with `分值` and rows under it is a requirement with sub-requirements; a row
//! with nothing under it is a leaf. `应留证据` lists the evidence to keep, one per line: each
//! becomes a `files` check on the item's folder (`<top id>/<id>/`) for files whose name contains
//! it; a line `签认：角色` becomes an `attest` check signed by that role. Sheet `标准信息` holds the
//! standard's id, version, titles, issuer and level names (optional: the file's name stands in).
//!
//! Reading is strict where a silent guess would change the standard: a merged cell, a row with
//! cells but no `编号` or `层级`, a level that skips one, points that are not a number (`2分` and
//! `2 分` are read as 2; `两分` is an error) are each an error naming the sheet, row and column.
//! Blank rows are skipped. Reading goes through the one bounded workbook reader
//! (`crate::evidence::workbook`).

use std::path::Path;

use calamine::Data;
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, Format, FormatAlign, Note, Workbook, Worksheet, XlsxError,
};

use super::{failure, files_check, Draft, Node, Origin};
use crate::diagnostic::Diagnostic;
use crate::standard::model::{AttestCheck, Check, IdStyle, Item, Standard, Text};
use crate::CannotRun;

/// The items sheet.
pub const SHEET: &str = "标准清单";
/// The header sheet.
pub const INFO_SHEET: &str = "标准信息";

/// The columns of [`SHEET`], in the order `export` writes them (`import` finds them by name).
pub const COLUMNS: [&str; 14] = [
    "层级",
    "编号",
    "标题",
    "英文标题",
    "分值",
    "指导说明",
    "英文指导说明",
    "应留证据",
    "英文应留证据",
    "档次",
    "来源编号",
    "来源URN",
    "来源网址",
    "检查说明",
];

/// The rows of [`INFO_SHEET`] (first column the name, second the value).
pub const INFO: [&str; 9] = [
    "标准编号",
    "版本",
    "标题",
    "英文标题",
    "发布单位",
    "英文发布单位",
    "层级名称",
    "英文层级名称",
    "编号规则",
];

/// A workbook that could not be built (`export standard`, `schema sheet`): exit 2, one message.
pub fn workbook_failed(e: &XlsxError, lang: crate::Lang) -> crate::cli::Output {
    let d = Diagnostic::error(
        "write-failed",
        "",
        "无法生成 xlsx",
        "cannot build the xlsx workbook",
    )
    .with_cause(e.to_string());
    crate::cli::Output::cannot_run(&d.into(), lang)
}

/// The instructions sheet of the blank template (not read by `import`).
pub const GUIDE_SHEET: &str = "填写说明";

/// The prefix of an evidence line that asks for a signature: `签认：区总工会`.
pub const ATTEST: &str = "签认";

/// Reads the workbook at `path` (named `shown` in messages).
pub fn read(path: &Path, shown: &str) -> Result<Draft, CannotRun> {
    let bytes = crate::source::read(path, shown, crate::source::Limit::EVIDENCE)?.bytes;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    parse(bytes, shown, &stem)
}

fn refusal(shown: &str, r: crate::evidence::workbook::Refusal) -> CannotRun {
    Diagnostic::error("unreadable-workbook", shown, r.zh, r.en)
        .with_cause(r.cause)
        .into()
}

/// `A`, `B`, … `AA` for a 0-based column.
fn column_name(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Where a cell is, in words: `标准清单 第 5 行 E 列` / `sheet 标准清单, row 5, column E`.
fn at(row: u32, col: Option<u32>) -> (String, String) {
    match col {
        Some(c) => (
            format!("{SHEET} 第 {} 行 {} 列", row + 1, column_name(c)),
            format!("sheet {SHEET}, row {}, column {}", row + 1, column_name(c)),
        ),
        None => (
            format!("{SHEET} 第 {} 行", row + 1),
            format!("sheet {SHEET}, row {}", row + 1),
        ),
    }
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        other => other.to_string().trim().to_owned(),
    }
}

/// Points from a cell: a number, or a number followed by `分`.
fn points(d: &Data) -> Result<Option<f64>, String> {
    let value = match d {
        Data::Empty => return Ok(None),
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => {
            let s = text(other);
            if s.is_empty() {
                return Ok(None);
            }
            let number = s.strip_suffix('分').unwrap_or(&s).trim();
            number.parse::<f64>().map_err(|_| s.clone())?
        }
    };
    if value.is_finite() && value >= 0.0 {
        Ok(Some(value))
    } else {
        Err(text(d))
    }
}

struct Row {
    level: usize,
    node: Node,
}

/// The workbook in `bytes`; `stem` names the standard when it has no `标准信息` sheet.
pub fn parse(bytes: Vec<u8>, shown: &str, stem: &str) -> Result<Draft, CannotRun> {
    use crate::evidence::workbook;
    let mut book = workbook::open(bytes).map_err(|r| refusal(shown, r))?;
    let names = book.names().to_vec();
    let sheet = if names.iter().any(|n| n == SHEET) {
        SHEET.to_owned()
    } else {
        return Err(refusal(shown, workbook::no_sheet(&names, SHEET)));
    };
    let merges = book.merges(&sheet).map_err(|r| refusal(shown, r))?;
    if let Some(&(r0, c0, r1, c1)) = merges.first() {
        let range = format!(
            "{}{}:{}{}",
            column_name(c0),
            r0 + 1,
            column_name(c1),
            r1 + 1
        );
        return Err(failure(
            "merged-cells",
            shown,
            None,
            format!("{SHEET} 的 {range} 是合并单元格；请取消合并，把内容填到每一行"),
            format!("{range} of sheet {SHEET} is a merged cell; unmerge it and fill every row"),
        )
        .into());
    }
    let rows = book.sheet(&sheet).map_err(|r| refusal(shown, r))?;
    let cell_text = |cells: &[(u32, Data)]| cells.iter().map(|(_, d)| text(d)).collect::<Vec<_>>();
    let Some(header_at) = rows.iter().position(|(_, cells)| {
        let t = cell_text(cells);
        t.iter().any(|c| c == "编号") && t.iter().any(|c| c == "层级")
    }) else {
        return Err(failure(
            "no-header",
            shown,
            None,
            format!("{SHEET} 没有表头行（须有“层级”“编号”两列）"),
            format!("sheet {SHEET} has no header row (it needs the columns 层级 and 编号)"),
        )
        .into());
    };
    let (header_row, header) = &rows[header_at];
    let col = |name: &str| {
        header
            .iter()
            .find(|(_, d)| text(d) == name)
            .map(|(c, _)| *c)
    };
    let cols: Vec<Option<u32>> = COLUMNS.iter().map(|n| col(n)).collect();
    if cols[2].is_none() && cols[3].is_none() {
        return Err(failure(
            "no-header",
            shown,
            None,
            format!(
                "{SHEET} 第 {} 行的表头没有“标题”或“英文标题”",
                header_row + 1
            ),
            format!(
                "the header in row {} of sheet {SHEET} has no 标题 or 英文标题",
                header_row + 1
            ),
        )
        .into());
    }
    let mut problems = Vec::new();
    let mut flat: Vec<Row> = Vec::new();
    for (r, cells) in &rows[header_at + 1..] {
        let get = |i: usize| -> &Data {
            cols[i]
                .and_then(|c| cells.iter().find(|(cc, _)| *cc == c))
                .map_or(&Data::Empty, |(_, d)| d)
        };
        if cells.iter().all(|(_, d)| text(d).is_empty()) {
            continue;
        }
        let id = text(get(1));
        let level_text = text(get(0));
        let level = match level_text.parse::<usize>() {
            Ok(l) if (1..=super::MAX_DEPTH).contains(&l) => l,
            _ => {
                let (zh, en) = at(*r, cols[0]);
                problems.push(failure(
                    "bad-level",
                    shown,
                    Some(&id).filter(|i| !i.is_empty()).map(String::as_str),
                    format!(
                        "{zh}：层级“{level_text}”不是 1 到 {} 的整数",
                        super::MAX_DEPTH
                    ),
                    format!(
                        "{en}: level `{level_text}` is not a whole number from 1 to {}",
                        super::MAX_DEPTH
                    ),
                ));
                continue;
            }
        };
        let above = flat.last().map_or(0, |p| p.level);
        if level > above + 1 {
            let (zh, en) = at(*r, cols[0]);
            problems.push(failure(
                "bad-level",
                shown,
                Some(&id).filter(|i| !i.is_empty()).map(String::as_str),
                format!("{zh}：层级 {level} 跳过了一级（上一行是第 {above} 级）"),
                format!("{en}: level {level} skips a level (the row above is level {above})"),
            ));
            continue;
        }
        let points = match points(get(4)) {
            Ok(p) => p,
            Err(t) => {
                let (zh, en) = at(*r, cols[4]);
                problems.push(failure(
                    "bad-points",
                    shown,
                    Some(&id).filter(|i| !i.is_empty()).map(String::as_str),
                    format!("{zh}：分值“{t}”不是不小于 0 的数（可写 2 或 2分）"),
                    format!("{en}: points `{t}` is not a number of 0 or more (write 2 or 2分)"),
                ));
                None
            }
        };
        let opt = |i: usize| Some(text(get(i))).filter(|t| !t.is_empty());
        let evidence = lines(&text(get(7)));
        let evidence_en: Vec<String> = text(get(8))
            .split('\n')
            .map(|l| l.trim().to_owned())
            .collect();
        let (zh, en) = at(*r, None);
        flat.push(Row {
            level,
            node: Node {
                id,
                title: Text {
                    zh: text(get(2)),
                    en: text(get(3)),
                },
                points,
                guidance: opt(5),
                guidance_en: opt(6),
                requirement: points.is_some() || !evidence.is_empty(),
                checks: Vec::new(),
                origin: Origin {
                    reference: opt(10),
                    urn: opt(11),
                    href: opt(12),
                },
                profiles: lines(&text(get(9))),
                place: Text { zh, en },
                children: Vec::new(),
            },
        });
        // The checks need the item's folder, known once the tree is built: keep the lines.
        if let Some(last) = flat.last_mut() {
            last.node.checks = evidence_checks(&evidence, &evidence_en);
        }
    }
    if !problems.is_empty() {
        return Err(CannotRun::new(problems));
    }
    let nodes = nest(&mut flat.into_iter().peekable(), 1);
    let info = read_info(&mut book, &names, shown)?;
    let get = |k: &str| info.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let levels_zh = get("层级名称").map(|s| lines(&s)).unwrap_or_default();
    let levels_en = get("英文层级名称").map(|s| lines(&s)).unwrap_or_default();
    let levels = (0..levels_zh.len().max(levels_en.len()))
        .map(|i| Text {
            zh: levels_zh.get(i).cloned().unwrap_or_default(),
            en: levels_en.get(i).cloned().unwrap_or_default(),
        })
        .collect();
    let mut profiles: Vec<String> = Vec::new();
    collect_profiles(&nodes, &mut profiles);
    Ok(Draft {
        id: super::safe_id(&get("标准编号").unwrap_or_else(|| stem.to_owned())),
        version: get("版本").unwrap_or_else(|| "1".to_owned()),
        title: Text {
            zh: get("标题").unwrap_or_else(|| stem.to_owned()),
            en: get("英文标题").unwrap_or_default(),
        },
        issuer: Text {
            zh: get("发布单位").unwrap_or_default(),
            en: get("英文发布单位").unwrap_or_default(),
        },
        source: String::new(),
        levels,
        profiles: profiles
            .into_iter()
            .map(|p| super::Profile {
                title: Text {
                    zh: p.clone(),
                    en: p.clone(),
                },
                id: p,
            })
            .collect(),
        nested_ids: get("编号规则").as_deref() != Some("自由"),
        generated_guidance: false,
        default_points: false,
        nodes,
    })
}

fn collect_profiles(nodes: &[Node], out: &mut Vec<String>) {
    for n in nodes {
        for p in &n.profiles {
            if !out.contains(p) {
                out.push(p.clone());
            }
        }
        collect_profiles(&n.children, out);
    }
}

/// Rows of level `level` and, under each, the rows one level deeper that follow it.
fn nest(rows: &mut std::iter::Peekable<impl Iterator<Item = Row>>, level: usize) -> Vec<Node> {
    let mut out = Vec::new();
    while let Some(next) = rows.peek() {
        if next.level < level {
            break;
        }
        let Some(row) = rows.next() else { break };
        let mut node = row.node;
        node.children = nest(rows, level + 1);
        out.push(node);
    }
    out
}

/// `name: value` pairs of the `标准信息` sheet; none when the workbook has no such sheet.
fn read_info(
    book: &mut crate::evidence::workbook::Book,
    names: &[String],
    shown: &str,
) -> Result<Vec<(String, String)>, CannotRun> {
    if !names.iter().any(|n| n == INFO_SHEET) {
        return Ok(Vec::new());
    }
    let rows = book.sheet(INFO_SHEET).map_err(|r| refusal(shown, r))?;
    Ok(rows
        .iter()
        .filter_map(|(_, cells)| {
            let key = text(&cells.first()?.1);
            let value = cells.get(1).map(|(_, d)| text(d)).unwrap_or_default();
            (!key.is_empty() && !value.is_empty()).then_some((key, value))
        })
        .collect())
}

/// The lines of a cell: split at line breaks and `；`, each trimmed, empty ones dropped.
fn lines(s: &str) -> Vec<String> {
    s.split(['\n', '；', ';'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A placeholder for the item's folder in the globs of evidence checks, filled in by
/// [`super::build`] once the folder is known.
pub const FOLDER: &str = "\u{0}folder\u{0}";

/// The checks an evidence column asks for: a `files` check per line, an `attest` check per
/// `签认：角色` line. English lines, where given, are the English labels, line by line.
fn evidence_checks(zh: &[String], en: &[String]) -> Vec<Check> {
    zh.iter()
        .enumerate()
        .map(|(i, line)| {
            let english = en.get(i).cloned().filter(|e| !e.is_empty());
            let role = line
                .strip_prefix(ATTEST)
                .and_then(|r| r.strip_prefix('：').or_else(|| r.strip_prefix(':')))
                .map(str::trim)
                .filter(|r| !r.is_empty());
            match role {
                Some(role) => Check::Attest(AttestCheck {
                    describe: None,
                    describe_en: None,
                    label: Some(format!("{role}签认")),
                    label_en: english,
                    role: role.to_owned(),
                    gate: false,
                }),
                None => {
                    let literal = !line.contains([
                        '*', '?', '[', ']', '{', '}', '!', '/', '\\', '<', '>', ':', '"', '|',
                    ]);
                    let glob = if literal {
                        format!("{FOLDER}/*{line}*")
                    } else {
                        format!("{FOLDER}/*")
                    };
                    let mut check = files_check(&glob, line, english.as_deref().unwrap_or(""));
                    check.label_en = english;
                    Check::Files(check)
                }
            }
        })
        .collect()
}

// ---- export ------------------------------------------------------------------------------

/// The standard as a workbook in the template: sheet `标准清单` (one row per item) and sheet
/// `标准信息`. Checks other than `files` and `attest` are listed by their label in the evidence
/// column and their plain description in `检查说明`; `import` makes `files` checks of them.
pub fn export(standard: &Standard) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let header = header_format();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let sheet = book.add_worksheet();
    items_header(sheet, &header)?;
    let mut row = 1u32;
    let mut rows = Vec::new();
    for item in &standard.items {
        flatten(item, 1, &mut rows);
    }
    for (level, item) in rows {
        sheet.write_number(row, 0, level as f64)?;
        sheet.write_string(row, 1, &item.id)?;
        sheet.write_string_with_format(row, 2, &item.title.zh, &wrap)?;
        sheet.write_string_with_format(row, 3, &item.title.en, &wrap)?;
        if let Some(p) = item.points {
            sheet.write_number(row, 4, p)?;
        }
        let opt = |s: &Option<String>| s.clone().unwrap_or_default();
        sheet.write_string_with_format(row, 5, opt(&item.guidance), &wrap)?;
        sheet.write_string_with_format(row, 6, opt(&item.guidance_en), &wrap)?;
        let (zh, en, plain) = evidence_of(&item.checks);
        sheet.write_string_with_format(row, 7, zh.join("\n"), &wrap)?;
        sheet.write_string_with_format(row, 8, en.join("\n"), &wrap)?;
        sheet.write_string_with_format(row, 9, item.profiles.join("\n"), &wrap)?;
        let source = item.source.clone().unwrap_or_default();
        sheet.write_string(row, 10, opt(&source.reference))?;
        sheet.write_string(row, 11, opt(&source.urn))?;
        sheet.write_string(row, 12, opt(&source.href))?;
        sheet.write_string_with_format(row, 13, plain.join("\n"), &wrap)?;
        row += 1;
    }
    let info = book.add_worksheet();
    info.set_name(INFO_SHEET)?;
    info.set_column_width(0, 14.0)?;
    info.set_column_width(1, 60.0)?;
    let levels =
        |f: fn(&Text) -> &str| standard.levels.iter().map(f).collect::<Vec<_>>().join("\n");
    let values = [
        standard.id.clone(),
        standard.version.clone(),
        standard.title.zh.clone(),
        standard.title.en.clone(),
        standard.issuer.zh.clone(),
        standard.issuer.en.clone(),
        levels(|t| &t.zh),
        levels(|t| &t.en),
        match standard.id_style {
            IdStyle::Nested => "嵌套".to_owned(),
            IdStyle::Free => "自由".to_owned(),
        },
    ];
    for (r, (k, v)) in INFO.iter().zip(values).enumerate() {
        info.write_string_with_format(r as u32, 0, *k, &header)?;
        info.write_string_with_format(r as u32, 1, v, &wrap)?;
    }
    book.save_to_buffer()
}

/// The header of the items sheet, its widths and frozen panes: one definition for the export
/// and the blank template.
fn items_header(sheet: &mut Worksheet, header: &Format) -> Result<(), XlsxError> {
    sheet.set_name(SHEET)?;
    let widths = [
        6.0, 10.0, 28.0, 28.0, 6.0, 50.0, 50.0, 28.0, 28.0, 10.0, 12.0, 20.0, 20.0, 40.0,
    ];
    for (c, (name, w)) in COLUMNS.iter().zip(widths).enumerate() {
        sheet.set_column_width(c as u16, w)?;
        sheet.write_string_with_format(0, c as u16, *name, header)?;
    }
    sheet.set_freeze_panes(1, 2)?;
    Ok(())
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(0xD5DFEA)
        .set_align(FormatAlign::Center)
}

/// What each column of [`SHEET`] holds, in Chinese and English: whether it must be filled, what
/// it means, an example. The blank template shows it as a note on each header and on its
/// instructions sheet.
pub const COLUMN_HELP: [[&str; 5]; 14] = [
    ["必填", "required", "1 为最外一级（一级指标），2 为它下面的一级，依此类推；一行挂在它上方最近的、层级小 1 的行下面，不能跳级", "1 for the outermost level, 2 for the level under it, and so on; a row hangs under the nearest row above it one level up; no level may be skipped", "1"],
    ["必填", "required", "条目编号，在整个标准里不能重复", "the item's id, unique in the whole standard", "A1.1"],
    ["标题和英文标题至少填一个", "this or the English title", "条目的中文标题", "the item's Chinese title", "建立产改工作领导小组"],
    ["可选", "optional", "条目的英文标题", "the item's English title", "Set up a reform leading group"],
    ["末级条目必填", "required on leaves", "这一项的分值，填数字（写成 2分 也可以）；有下级的行填了分值，表示它本身也是一项要求；填 0 表示只作说明、不计分", "the item's points, a number (2分 reads as 2); on a row with rows under it, points make it a requirement of its own; 0 marks an item that is reported but not scored", "2"],
    ["建议填写", "recommended", "告诉社区这一项要做什么、留存哪些证据", "what the assessed unit must do and which evidence to keep", "成立领导小组并印发文件，年内至少开会两次"],
    ["可选", "optional", "指导说明的英文", "the guidance in English", "Issue the founding document; meet at least twice a year"],
    ["建议填写", "recommended", "每行一项应留存的证据（也可以用；分开），文件名里要有这几个字；写“签认：区总工会”表示要由这个角色签字确认", "one piece of evidence per line (or separated by ；): a file whose name holds these words; a line 签认：区总工会 asks that role to sign", "成立文件\n会议纪要\n签认：区总工会"],
    ["可选", "optional", "与“应留证据”逐行对应的英文名称", "the English name of each evidence line, line by line", "founding document\nminutes"],
    ["可选", "optional", "这一项属于哪些档次（比如基础版、提高版），每行一个", "the profiles (baselines, tiers) the item belongs to, one per line", "基础版"],
    ["可选", "optional", "这一项在原标准里的编号", "the item's id in the source standard", "5.1"],
    ["可选", "optional", "这一项在原标准里的唯一标识", "the item's unique identifier (URN) in the source", ""],
    ["可选", "optional", "原标准中这一项的网址", "the web address of the item in the source", ""],
    ["不用填", "not read", "导出时写出每项检查的白话说明，供人阅读；导入时不读", "written by the export: each check in plain words, for people; the import does not read it", ""],
];

/// What each row of [`INFO_SHEET`] holds, in Chinese and English.
pub const INFO_HELP: [[&str; 2]; 9] = [
    ["标准的编号，用字母、数字和连字符，例如 beilun-2027；不填时取文件名", "the standard's id: letters, digits and hyphens, e.g. beilun-2027; default: the file's name"],
    ["版本，例如 2027.1；不填时为 1", "the version, e.g. 2027.1; default: 1"],
    ["标准的中文名称", "the standard's Chinese title"],
    ["标准的英文名称", "the standard's English title"],
    ["发布标准的单位", "the body that issues the standard"],
    ["发布单位的英文名称", "the issuing body in English"],
    ["每一级的名称，每行一级，例如：一级指标、二级指标、三级指标", "the name of each level, one per line, e.g. 一级指标, 二级指标, 三级指标"],
    ["每一级的英文名称，每行一级", "the English name of each level, one per line"],
    ["嵌套（下级编号以上级编号开头，如 A 下面是 A1）或 自由", "嵌套 (nested: a child's id starts with its parent's, A then A1) or 自由 (free)"],
];

/// An empty standard's spreadsheet to fill in: the items sheet with its header (a note on each
/// column saying what goes in it) and the checks Excel and WPS can make while typing (levels 1
/// to 9, points 0 or more), the header sheet with its row names, and an instructions sheet. What
/// the template holds is what [`parse`] reads: filled in, it imports as it is.
pub fn template(lang: crate::Lang) -> Result<Vec<u8>, XlsxError> {
    let en = matches!(lang, crate::Lang::En);
    let pick = |zh: &'static str, en_text: &'static str| if en { en_text } else { zh };
    const ROWS: u32 = 2000;
    let mut book = Workbook::new();
    let header = header_format();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let sheet = book.add_worksheet();
    items_header(sheet, &header)?;
    for (c, [need, need_en, meaning, meaning_en, _]) in COLUMN_HELP.iter().enumerate() {
        let note = Note::new(format!(
            "{}{}{}",
            pick(need, need_en),
            pick("：", ": "),
            pick(meaning, meaning_en)
        ))
        .set_author("changai")
        .set_width(320)
        .set_height(120);
        sheet.insert_note(0, c as u16, &note)?;
    }
    let level = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(1, 9))
        .set_error_title("层级")?
        .set_error_message(pick(
            "层级填 1 到 9 的整数：1 为最外一级",
            "a level is a whole number from 1 to 9: 1 is the outermost",
        ))?;
    sheet.add_data_validation(1, 0, ROWS, 0, &level)?;
    let points = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_error_title("分值")?
        .set_error_message(pick(
            "分值填 0 或更大的数字",
            "points are a number, 0 or more",
        ))?;
    sheet.add_data_validation(1, 4, ROWS, 4, &points)?;

    let info = book.add_worksheet();
    info.set_name(INFO_SHEET)?;
    info.set_column_width(0, 14.0)?;
    info.set_column_width(1, 40.0)?;
    info.set_column_width(2, 60.0)?;
    for (r, (k, [help, help_en])) in INFO.iter().zip(INFO_HELP).enumerate() {
        info.write_string_with_format(r as u32, 0, *k, &header)?;
        info.write_string_with_format(r as u32, 2, pick(help, help_en), &wrap)?;
    }
    let style = DataValidation::new().allow_list_strings(&["嵌套", "自由"])?;
    let style_row = (INFO.len() - 1) as u32;
    info.add_data_validation(style_row, 1, style_row, 1, &style)?;

    let guide = book.add_worksheet();
    guide.set_name(GUIDE_SHEET)?;
    let heads = [
        (pick("列", "Column"), 14.0),
        (pick("是否必填", "Required"), 22.0),
        (pick("填写什么", "What goes in it"), 70.0),
        (pick("例子", "Example"), 30.0),
    ];
    for (c, (name, w)) in heads.into_iter().enumerate() {
        guide.set_column_width(c as u16, w)?;
        guide.write_string_with_format(0, c as u16, name, &header)?;
    }
    for (r, (name, [need, need_en, meaning, meaning_en, example])) in
        COLUMNS.iter().zip(COLUMN_HELP).enumerate()
    {
        let r = r as u32 + 1;
        guide.write_string_with_format(r, 0, *name, &wrap)?;
        guide.write_string_with_format(r, 1, pick(need, need_en), &wrap)?;
        guide.write_string_with_format(r, 2, pick(meaning, meaning_en), &wrap)?;
        guide.write_string_with_format(r, 3, example, &wrap)?;
    }
    let after = COLUMNS.len() as u32 + 2;
    let notes = [
        pick("在“标准清单”工作表里每个条目填一行，按从上到下的顺序：先写一级指标，再写它下面的各项。", "On the sheet 标准清单, one row per item, top to bottom: a level-1 area first, then what it holds."),
        pick("在“标准信息”工作表的 B 列填标准的编号、名称和各级名称。", "On the sheet 标准信息, fill column B: the standard's id, titles and level names."),
        pick("不要合并单元格：合并的编号或分值会被读错，导入时会报错。", "Do not merge cells: a merged id or points would be read wrongly, and the import refuses them."),
        pick("填好后运行 changai import xlsx 这个文件 --output 标准文件夹，再用 changai validate 检查还要补什么。", "When done, run changai import xlsx THIS-FILE --output FOLDER, then changai validate to see what is left to finish."),
        pick("这一页只是说明，导入时不读。", "This sheet is instructions only: the import does not read it."),
    ];
    for (i, line) in notes.iter().enumerate() {
        guide.merge_range(after + i as u32, 0, after + i as u32, 3, line, &wrap)?;
    }
    book.save_to_buffer()
}

fn flatten<'a>(item: &'a Item, level: usize, out: &mut Vec<(usize, &'a Item)>) {
    out.push((level, item));
    for child in &item.items {
        flatten(child, level + 1, out);
    }
}

/// The evidence lines (Chinese, English) and plain descriptions of an item's checks.
fn evidence_of(checks: &[Check]) -> (Vec<String>, Vec<String>, Vec<String>) {
    let (mut zh, mut en, mut plain) = (Vec::new(), Vec::new(), Vec::new());
    let mut stack: Vec<&Check> = checks.iter().rev().collect();
    while let Some(check) = stack.pop() {
        let (label, label_en) = match check {
            Check::Attest(c) => (Some(format!("{ATTEST}：{}", c.role)), c.label_en.clone()),
            Check::Files(c) => (c.label.clone(), c.label_en.clone()),
            Check::Records(c) => (c.label.clone(), c.label_en.clone()),
            Check::Value(c) => (c.label.clone(), c.label_en.clone()),
            Check::Expr(c) => (c.label.clone(), c.label_en.clone()),
            Check::Schema(c) => (c.label.clone(), c.label_en.clone()),
            Check::Text(c) => (c.label.clone(), c.label_en.clone()),
            Check::All(v) | Check::Any(v) => {
                stack.extend(v.iter().rev());
                continue;
            }
            Check::AtLeast(c) => {
                stack.extend(c.of.iter().rev());
                continue;
            }
        };
        if let Some(label) = label.filter(|l| !l.trim().is_empty()) {
            zh.push(label.replace(['\n', '；', ';'], " "));
            en.push(label_en.unwrap_or_default().replace(['\n', '；', ';'], " "));
        }
        plain.push(crate::check::describe::requires(check, "").zh);
    }
    // English lines pair with Chinese ones by position; a missing one stays an empty line.
    if en.iter().all(String::is_empty) {
        en.clear();
    }
    (zh, en, plain)
}
