//! `changai review import SHEET.xlsx --reviews DIR --by NAME [--date YYYY-MM-DD]`: the re-scores
//! an auditor typed into a score sheet (`report --format xlsx`), written into that community's
//! review file in the auditor's folder (`audit --reviews DIR`, `evaluate --review FILE`).
//!
//! The sheet says whom it was made for (community, period, standard: the labelled cells below
//! the score), so the review file says so too and cannot be applied to another pack. Each item
//! row gives its id, its 复评分 (G) and the reason (复评说明, O). The file is
//! `DIR/<community>-<period>.yaml`, or the file already in DIR for that community and period
//! under another name; its attestations and vetoes are kept, and the re-scores of the items on
//! the sheet are replaced: a filled cell sets the re-score, a blank cell removes it (the sheet
//! is made with the existing re-scores filled in, so a cell left blank is one the auditor
//! cleared). A re-score whose score and reason are unchanged keeps its reviewer and date.
//! Re-scores of items not on the sheet are kept. Comments in an existing file are not kept (it
//! is rewritten from its contents).
//!
//! Every fault of the sheet — a text score, one out of 0..points, an unknown id, a locked column
//! (id, points) that differs from the standard, a missing community/period/standard cell — is
//! an error naming the sheet, the row as Excel shows it and the column letter; nothing is
//! written when there is any (exit 2). The file is written atomically. With `--pack PACK` the
//! sheet is also held against the pack it was made from: its pack digest cell and every locked
//! self-score cell must be what the pack gives now, so a sheet made before the pack changed, or
//! one whose self-scores were typed over, is refused cell by cell.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use calamine::Data;

use super::{Env, Output};
use crate::declare::review_dir::{self, ReviewDir};
use crate::diagnostic::Diagnostic;
use crate::evidence::pack_model::{PeriodSpec, Rescore, ReviewFile, StandardRef};
use crate::outcome::Period;
use crate::render::report::xlsx as sheet_cols;
use crate::standard::load::display;
use crate::CannotRun;
use crate::Lang;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// 把评分表中填写的复评分写入审核方的复核文件 / Write the re-scores typed into a score sheet into the auditor's review file
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// 填好复评分的评分表（report --format xlsx 生成）/ the score sheet with its re-scores filled in (made by report --format xlsx)
    pub sheet: PathBuf,
    /// 审核方保存复核文件的文件夹 / the folder where the auditor keeps the review files
    #[arg(long, value_name = "DIR")]
    pub reviews: PathBuf,
    /// 复评人 / the reviewer
    #[arg(long, value_name = "NAME")]
    pub by: String,
    /// 复评日期（YYYY-MM-DD），缺省为 SOURCE_DATE_EPOCH 或今天 / the review date (YYYY-MM-DD); default SOURCE_DATE_EPOCH or today
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// 标准文件或文件夹；缺省为内置标准 / standard file or folder; default: the embedded standard
    #[arg(long)]
    pub standard: Option<PathBuf>,
    /// 评分表所对应的证据包：核对表上的证据包摘要和自评分与它现在的结果一致 / the pack the sheet was made from: its digest and self-scores on the sheet are checked against the pack's current results
    #[arg(long, value_name = "PACK")]
    pub pack: Option<PathBuf>,
}

pub fn run(args: Args, lang: Lang, env: &Env) -> Output {
    let Action::Import(args) = args.action;
    let given: Vec<PathBuf> = [&args.sheet, &args.reviews]
        .into_iter()
        .chain(&args.standard)
        .chain(&args.pack)
        .cloned()
        .collect();
    match import(&args, lang, env) {
        Ok(out) => out,
        Err(failure) => {
            let failure = given
                .iter()
                .fold(failure, |f, p| f.shown_as(&env.cwd.join(p), p));
            Output::cannot_run(&failure, lang)
        }
    }
}

/// One item row of the sheet.
struct SheetRow {
    id: String,
    score: Option<f64>,
    reason: String,
}

fn import(args: &ImportArgs, lang: Lang, env: &Env) -> Result<Output, CannotRun> {
    let path = env.cwd.join(&args.sheet);
    let shown = display(&path);
    let date = match &args.date {
        Some(d) => match crate::evidence::dates::parse_iso(d) {
            Some(d) => d.to_string(),
            None => {
                return Err(CannotRun::plain(
                    "usage",
                    format!("--date “{d}”不是 YYYY-MM-DD 格式的日期"),
                    format!("--date `{d}` is not a YYYY-MM-DD date"),
                ))
            }
        },
        None => crate::render::report::context::report_date(env.source_date_epoch.as_deref())?
            .to_string(),
    };
    let by = args.by.trim();
    if by.is_empty() {
        return Err(CannotRun::plain(
            "usage",
            "--by 须写明复评人",
            "--by must name the reviewer",
        ));
    }
    let standard_path = args.standard.as_ref().map(|s| env.cwd.join(s));
    let standard = crate::pipeline::load_standard(standard_path.as_deref())?;

    let bytes = crate::source::read(&path, &shown, crate::source::Limit::EVIDENCE)?.bytes;
    let refusal = |r: crate::evidence::workbook::Refusal| -> CannotRun {
        Diagnostic::error("unreadable-workbook", &shown, r.zh, r.en)
            .with_cause(r.cause)
            .into()
    };
    let mut book = crate::evidence::workbook::open(bytes).map_err(refusal)?;
    let Some(name) = book.names().first().cloned() else {
        return Err(Diagnostic::error(
            "unreadable-workbook",
            &shown,
            "表格中没有工作表",
            "the workbook has no sheet",
        )
        .into());
    };
    let rows = book.sheet(&name).map_err(refusal)?;
    let mut faults: Vec<Diagnostic> = Vec::new();
    let fault = |row: u32, col: u16, zh: String, en: String| {
        let letter = column_letter(col);
        Diagnostic::error(
            "sheet-cell",
            &shown,
            format!("工作表“{name}”第 {} 行 {letter} 列：{zh}", row + 1),
            format!("sheet `{name}`, row {}, column {letter}: {en}", row + 1),
        )
    };

    // Whom the sheet was made for.
    let labels = [
        sheet_cols::FOR_COMMUNITY,
        sheet_cols::FOR_FROM,
        sheet_cols::FOR_TO,
        sheet_cols::FOR_STANDARD,
        sheet_cols::FOR_VERSION,
    ];
    let mut made_for: BTreeMap<&str, String> = BTreeMap::new();
    // The row of each labelled cell, and each item row's self-score, for `--pack`.
    let mut label_rows: BTreeMap<&str, u32> = BTreeMap::new();
    let mut self_scores: Vec<(u32, String, f64)> = Vec::new();
    let index = crate::standard::index::StandardIndex::of(&standard);
    let mut items: Vec<SheetRow> = Vec::new();
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    for (row, cells) in &rows {
        let at = |col: u16| {
            cells
                .iter()
                .find(|(c, _)| *c == u32::from(col))
                .map(|(_, d)| d)
                .unwrap_or(&Data::Empty)
        };
        let label = text(at(1));
        if let Some((zh, _)) = labels
            .iter()
            .chain([&sheet_cols::FOR_DIGEST])
            .find(|(zh, en)| label == *zh || label == *en)
        {
            made_for.insert(zh, text(at(4)));
            label_rows.insert(zh, *row);
            continue;
        }
        // An item row has its number in column A.
        if !matches!(at(0), Data::Float(_) | Data::Int(_)) {
            continue;
        }
        let cell = text(at(3));
        let id = cell
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned();
        let Some(node) = index.get(&id).filter(|n| n.item.is_leaf()) else {
            faults.push(fault(
                *row,
                3,
                format!(
                    "条目“{id}”不在标准“{} {}”中（该列不可修改）",
                    standard.id, standard.version
                ),
                format!(
                    "item `{id}` is not in the standard `{} {}` (the column is locked)",
                    standard.id, standard.version
                ),
            ));
            continue;
        };
        if let Some(first) = seen.insert(id.clone(), *row) {
            faults.push(fault(
                *row,
                3,
                format!("条目“{id}”在第 {} 行已经出现过", first + 1),
                format!("item `{id}` already appears on row {}", first + 1),
            ));
            continue;
        }
        let points = node.item.points.unwrap_or(0.0);
        match number(at(4)) {
            Some(p) if (p - points).abs() < 1e-9 => {}
            _ => faults.push(fault(
                *row,
                4,
                format!(
                    "应得分“{}”与标准中的 {} 分不同（该列不可修改）",
                    text(at(4)),
                    crate::render::num::num(points)
                ),
                format!(
                    "the points `{}` differ from the standard's {} (the column is locked)",
                    text(at(4)),
                    crate::render::num::num(points)
                ),
            )),
        }
        if let Some(own) = number(at(5)) {
            self_scores.push((*row, id.clone(), own));
        } else {
            faults.push(fault(
                *row,
                5,
                format!("自评分“{}”不是数（该列不可修改）", text(at(5))),
                format!(
                    "the self-score `{}` is not a number (the column is locked)",
                    text(at(5))
                ),
            ));
        }
        let review = at(6);
        let score = match review {
            Data::Empty => None,
            Data::String(s) if s.trim().is_empty() => None,
            other => match number(other) {
                Some(n) if (0.0..=points).contains(&n) => Some(n),
                Some(n) => {
                    faults.push(fault(
                        *row,
                        6,
                        format!(
                            "复评分 {} 不在 0 到 {} 分之间",
                            crate::render::num::num(n),
                            crate::render::num::num(points)
                        ),
                        format!(
                            "the review score {} is not between 0 and {}",
                            crate::render::num::num(n),
                            crate::render::num::num(points)
                        ),
                    ));
                    continue;
                }
                None => {
                    faults.push(fault(
                        *row,
                        6,
                        format!("复评分“{}”不是数", text(other)),
                        format!("the review score `{}` is not a number", text(other)),
                    ));
                    continue;
                }
            },
        };
        items.push(SheetRow {
            id,
            score,
            reason: text(at(sheet_cols::C_REASON)),
        });
    }
    for (zh, en) in labels {
        if made_for.get(zh).is_none_or(|v| v.is_empty()) {
            faults.push(Diagnostic::error(
                "sheet-cell",
                &shown,
                format!("工作表“{name}”中找不到“{zh}”一格：这不是 changai 生成的评分表，或被改动过"),
                format!("sheet `{name}` has no `{en}` cell: it is not a score sheet made by changai, or it was edited"),
            ));
        }
    }
    if let Some(id) = made_for.get(sheet_cols::FOR_STANDARD.0) {
        if !id.is_empty() && *id != standard.id {
            faults.push(Diagnostic::error(
                "sheet-standard",
                &shown,
                format!(
                    "评分表是按标准“{id}”做的，而本次用的是标准“{} {}”",
                    standard.id, standard.version
                ),
                format!(
                    "the sheet was made for the standard `{id}`, but this run uses `{} {}`",
                    standard.id, standard.version
                ),
            ));
        }
    }
    let period = match (
        made_for.get(sheet_cols::FOR_FROM.0),
        made_for.get(sheet_cols::FOR_TO.0),
    ) {
        (Some(from), Some(to)) => {
            match (
                crate::evidence::dates::parse_iso(from),
                crate::evidence::dates::parse_iso(to),
            ) {
                (Some(f), Some(t)) if f <= t => Some(Period {
                    from: f.to_string(),
                    to: t.to_string(),
                    label: String::new(),
                }),
                _ => {
                    faults.push(Diagnostic::error(
                    "sheet-cell",
                    &shown,
                    format!("工作表“{name}”中的评价期“{from}”至“{to}”不是有效的日期"),
                    format!("the period `{from}` to `{to}` of sheet `{name}` is not a pair of dates"),
                ));
                    None
                }
            }
        }
        _ => None,
    };
    let community = made_for
        .get(sheet_cols::FOR_COMMUNITY.0)
        .cloned()
        .unwrap_or_default();
    // The pack the sheet was made from, when given: the sheet's digest and its locked self-score
    // cells must be what the pack gives now — a sheet for another state of the pack, or one
    // whose locked cells were typed over, is not imported.
    if let Some(pack) = &args.pack {
        let results =
            crate::pipeline::evaluate_pack_in(&env.cwd.join(pack), standard_path.as_deref(), None)?;
        let digest = made_for
            .get(sheet_cols::FOR_DIGEST.0)
            .cloned()
            .unwrap_or_default();
        if digest.is_empty() {
            faults.push(Diagnostic::error(
                "sheet-cell",
                &shown,
                format!("工作表“{name}”中找不到“{}”一格，无法与证据包核对：请用 changai report 重新生成评分表", sheet_cols::FOR_DIGEST.0),
                format!("sheet `{name}` has no `{}` cell to hold against the pack: make the sheet again with changai report", sheet_cols::FOR_DIGEST.1),
            ));
        } else if digest != results.pack.digest {
            let row = label_rows
                .get(sheet_cols::FOR_DIGEST.0)
                .copied()
                .unwrap_or(0);
            faults.push(fault(
                row,
                4,
                format!(
                    "评分表是为证据包摘要 {digest} 做的，而证据包“{}”现在的摘要是 {}：证据包在出表后有改动，请重新生成评分表",
                    pack.display(),
                    results.pack.digest
                ),
                format!(
                    "the sheet was made for the pack digest {digest}, but the pack `{}` now has the digest {}: the pack changed after the sheet was made; make the sheet again",
                    pack.display(),
                    results.pack.digest
                ),
            ));
        }
        let now: BTreeMap<&str, f64> = results
            .items
            .iter()
            .filter(|i| !i.group)
            .map(|i| (i.id.as_str(), i.score))
            .collect();
        for (row, id, own) in &self_scores {
            if let Some(score) = now.get(id.as_str()) {
                if (score - own).abs() > 1e-9 {
                    faults.push(fault(
                        *row,
                        5,
                        format!(
                            "自评分 {} 与证据包现在的自评分 {} 不同（该列不可修改）",
                            crate::render::num::num(*own),
                            crate::render::num::num(*score)
                        ),
                        format!(
                            "the self-score {} differs from the pack's current self-score {} (the column is locked)",
                            crate::render::num::num(*own),
                            crate::render::num::num(*score)
                        ),
                    ));
                }
            }
        }
    }
    let (Some(period), true) = (period, faults.is_empty()) else {
        return Err(CannotRun::new(faults));
    };

    // The review file: the one already in DIR for this community and period, else a new one.
    let dir = env.cwd.join(&args.reviews);
    if !dir.is_dir() {
        return Err(Diagnostic::error(
            "not-a-folder",
            display(&dir),
            "复核文件夹不存在",
            "the reviews folder does not exist",
        )
        .into());
    }
    let (reviews, problems) = ReviewDir::scan(&dir);
    let target = match reviews.for_pack(&community, &period) {
        Err(d) => return Err(d.into()),
        Ok(Some(p)) => p.to_path_buf(),
        Ok(None) => {
            // A file that cannot be read may be this community's: its fault stops the import.
            if let Some(p) = problems
                .into_iter()
                .find(|p| p.severity == crate::diagnostic::Severity::Error)
            {
                return Err(p.into());
            }
            dir.join(review_dir::file_name(&community, &period))
        }
    };
    let mut review: ReviewFile = if target.exists() {
        let shown_target = display(&target);
        let text =
            crate::source::read_utf8(&target, &shown_target, crate::source::Limit::DECLARATION)?;
        crate::standard::load::parse_strict(&shown_target, &text, &crate::standard::schema::REVIEW)
            .map_err(|d| CannotRun::new(d).with_source(&shown_target, text.clone()))?
    } else {
        ReviewFile::default()
    };
    review.community = Some(community.clone());
    review.period = Some(period_spec(&period));
    review.standard = Some(StandardRef {
        id: standard.id.clone(),
        version: made_for
            .get(sheet_cols::FOR_VERSION.0)
            .cloned()
            .unwrap_or_default(),
    });
    let on_sheet: BTreeSet<&str> = items.iter().map(|i| i.id.as_str()).collect();
    let old: BTreeMap<String, Rescore> = review
        .rescores
        .iter()
        .filter(|r| on_sheet.contains(r.item.as_str()))
        .map(|r| (r.item.clone(), r.clone()))
        .collect();
    review
        .rescores
        .retain(|r| !on_sheet.contains(r.item.as_str()));
    let (mut set, mut removed) = (0, 0);
    for item in &items {
        let before = old.get(&item.id);
        let Some(score) = item.score else {
            removed += usize::from(before.is_some());
            continue;
        };
        set += 1;
        match before {
            Some(b) if b.score == score && b.comment.trim() == item.reason => {
                review.rescores.push(b.clone())
            }
            _ => review.rescores.push(Rescore {
                item: item.id.clone(),
                score,
                by: by.to_owned(),
                date: date.clone(),
                comment: item.reason.clone(),
            }),
        }
    }
    let yaml = serde_saphyr::to_string(&review).map_err(|e| {
        CannotRun::from(
            Diagnostic::error(
                "write-failed",
                display(&target),
                "无法生成 YAML",
                "cannot write the YAML",
            )
            .with_cause(e.to_string()),
        )
    })?;
    crate::fsutil::write_atomic(&target, yaml.as_bytes())
        .map_err(|e| CannotRun::from(crate::source::io_diagnostic(&display(&target), &e)))?;
    let written = display(&target);
    let written = written
        .strip_prefix(&format!("{}/", display(&env.cwd)))
        .unwrap_or(&written)
        .to_owned();
    let mut out = Output::ok(Vec::new());
    out.stderr = match lang {
        Lang::Zh => format!("已写入 {written}：{set} 项复评分，清除 {removed} 项\n"),
        Lang::En => format!("wrote {written}: {set} re-scores, {removed} cleared\n"),
    };
    Ok(out)
}

/// A whole calendar year is written as the year, as pack.yaml does.
fn period_spec(p: &Period) -> PeriodSpec {
    let year = p.from.get(..4).and_then(|y| y.parse::<i32>().ok());
    match year {
        Some(y) if p.from == format!("{y:04}-01-01") && p.to == format!("{y:04}-12-31") => {
            PeriodSpec::Year(y)
        }
        _ => PeriodSpec::Range {
            from: p.from.clone(),
            to: p.to.clone(),
        },
    }
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        other => other.to_string().trim().to_owned(),
    }
}

fn number(d: &Data) -> Option<f64> {
    match d {
        Data::Float(f) if f.is_finite() => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

/// `A`, `B`, … `O` for a 0-based column (the sheet has fewer than 26).
fn column_letter(col: u16) -> String {
    let mut s = Vec::new();
    let mut c = u32::from(col);
    loop {
        s.push(char::from(b'A' + (c % 26) as u8));
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.iter().rev().collect()
}
