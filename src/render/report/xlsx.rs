//! xlsx: the auditors' score sheet as a workbook they can fill in, print and sign — sheet 评分表
//! (one row per leaf, a subtotal per area at every level, the total and grade below) and
//! sheet 整改清单.
//!
//! The sheet computes the result itself, the way the engine does (`crate::score`): each item
//! counts its 复评分 when one is typed in, else its 自评分 (the 计分 column); not-applicable and
//! waived items follow the standard's policy (out of the denominator and the rest rescaled to the
//! total, or awarded, or zero); the bonus is capped; the grade comes from the band thresholds
//! written below the table, lowered when a core item is not met and set to the worst band by a
//! veto. What no formula can know — whether a veto was declared — is a labelled value cell the
//! formula reads. So an auditor who types re-scores sees the total and the grade follow.
//!
//! Every formula carries its cached value, computed here by the same arithmetic ([`Tally`]), so
//! a reader that does not recalculate (a previewer, calamine, a phone) still sees the engine's
//! numbers. Without the standard's rules (a RESULTS.json of another standard) the grade is
//! written as the engine's value, labelled so.
//!
//! Printing: LibreOffice, Excel and WPS do not grow a row for wrapped text that rust_xlsxwriter
//! writes, so each row's height is set from the wrapped line count of its longest cell
//! ([`wrapped_lines`]); A4 landscape, one page wide, header rows repeated, a page break between
//! level-1 areas, the community, period and page number in the header and footer.
//!
//! The workbook's creation date is the report date, so the same input gives the same bytes.

use std::collections::BTreeMap;

use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthChar;

use super::context::{Context, ItemCtx, ReportInput};
use super::csv::{item_cell, notes, notes_cell};
use crate::outcome::Status;
use crate::standard::model::NotApplicablePolicy;
use crate::Lang;

const HEADER_FILL: u32 = 0x1F3A5F;
const SUBTOTAL_FILL: u32 = 0xF2F5F9;
const AREA_FILL: u32 = 0xE1E8F0;
const TOTAL_FILL: u32 = 0xD5DFEA;
/// The cells an auditor types in.
const INPUT_FILL: u32 = 0xFFF4C2;
const FONT: &str = "Microsoft YaHei";
const FONT_SIZE: f64 = 10.0;

/// Points per wrapped line of 10-point text, and the cell's padding: 微软雅黑 in Excel and WPS
/// takes about 13 points a line; LibreOffice's substitutes about 11.5, so its rows are a little
/// loose rather than clipped.
const LINE_POINTS: f64 = 13.0;
const PAD_POINTS: f64 = 3.0;
const MIN_ROW_POINTS: f64 = 18.0;

/// Columns of 评分表.
const C_NO: u16 = 0;
const C_L1: u16 = 1;
const C_L2: u16 = 2;
const C_ITEM: u16 = 3;
const C_POINTS: u16 = 4;
const C_SELF: u16 = 5;
const C_REVIEW: u16 = 6;
const C_COUNTED: u16 = 7;
const C_STATUS: u16 = 8;
const C_CORE: u16 = 9;
const C_NOTES: u16 = 10;
const C_EVIDENCE: u16 = 11;
/// The ids of the enclosing areas and the name of the item's level, after the columns an auditor
/// fills and reads (appended, so the columns the formulas read keep their places).
const C_PATH: u16 = 12;
const C_LEVEL: u16 = 13;
/// 复评说明: why the auditor's 复评分 differs (the review's `comment`), typed beside it. 说明
/// (C_NOTES) is the engine's account of the item; the auditor's reason has its own column, after
/// the appended ones, so that no formula's column moves.
pub const C_REASON: u16 = 14;
const LAST_COL: u16 = C_EVIDENCE;
const WIDTHS: [f64; 15] = [
    5.0, 10.0, 12.0, 24.0, 7.0, 7.0, 7.0, 7.0, 8.0, 8.0, 44.0, 34.0, 10.0, 9.0, 30.0,
];

/// The labels of the cells that say whom the sheet was made for (zh, en), in the 一级 column
/// below the score, each value in the 分值 column: `review import` finds them by these words,
/// in either language, so a sheet cannot be applied to another community, period or standard.
pub const FOR_COMMUNITY: (&str, &str) = ("本表适用社区", "Sheet made for community");
pub const FOR_FROM: (&str, &str) = ("本表评价期起", "Sheet period from");
pub const FOR_TO: (&str, &str) = ("本表评价期止", "Sheet period to");
pub const FOR_STANDARD: (&str, &str) = ("本表所用标准", "Sheet standard");
pub const FOR_VERSION: (&str, &str) = ("本表所用标准版本", "Sheet standard version");
pub const FOR_DIGEST: (&str, &str) = ("本表证据包摘要", "Sheet pack digest");

pub fn render(context: &Context, input: &ReportInput<'_>) -> Result<Vec<u8>, String> {
    build(context, input).map_err(|e| format!("xlsx: {e}"))
}

/// How many lines `text` takes in a cell `width` characters wide (Excel's column width unit,
/// about one Latin digit; a CJK character counts 2, as unicode-width measures it). Lines break
/// at `\n`, Latin words move whole to the next line when they fit there, CJK text breaks
/// anywhere — the way LibreOffice and Excel wrap. At least 1.
pub fn wrapped_lines(text: &str, width: f64) -> usize {
    // One unit of padding each side of the text, and never less than one character.
    let room = (width - 1.0).max(2.0);
    text.split('\n')
        .map(|line| line_count(line, room))
        .sum::<usize>()
        .max(1)
}

fn line_count(line: &str, room: f64) -> usize {
    // Latin letters and digits of 10-point 微软雅黑 are a little narrower than the width unit
    // (Calibri 11's digit); CJK characters take two.
    let width_of = |c: char| {
        let units = c.width().unwrap_or(0) as f64;
        if c.is_ascii() {
            units * 0.9
        } else {
            units
        }
    };
    let mut lines = 1;
    let mut used = 0.0;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        // A Latin word (no spaces, no CJK) is placed whole where it fits.
        let word: &str = if c.is_ascii_graphic() {
            let end = rest
                .find(|c: char| !c.is_ascii_graphic())
                .unwrap_or(rest.len());
            &rest[..end]
        } else {
            &rest[..c.len_utf8()]
        };
        rest = &rest[word.len()..];
        let wide: f64 = word.chars().map(width_of).sum();
        if used + wide <= room {
            used += wide;
        } else if wide <= room {
            lines += 1;
            used = if c == ' ' { 0.0 } else { wide };
        } else {
            // Longer than a line: broken by character.
            for ch in word.chars() {
                let w = width_of(ch);
                if used + w > room {
                    lines += 1;
                    used = 0.0;
                }
                used += w;
            }
        }
    }
    lines
}

/// The height, in points, of a row whose tallest cell has `lines` lines.
pub fn row_height(lines: usize) -> f64 {
    (lines as f64 * LINE_POINTS + PAD_POINTS).max(MIN_ROW_POINTS)
}

/// The words only the workbook uses, in the report's language.
struct Words {
    lang: Lang,
}

impl Words {
    fn get<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        if self.lang == Lang::Zh {
            zh
        } else {
            en
        }
    }
}

/// The scoring rules the formulas follow.
struct Rules {
    total: f64,
    /// Not-applicable and waived items leave the denominator (and the rest is rescaled).
    exclude: bool,
    policy: Option<NotApplicablePolicy>,
    /// The bonus cap; `None` when the rules are unknown (the bonus is then a value).
    cap: Option<f64>,
    /// Grade bands, best first (title, lowest score); `None` when unknown or not in descending
    /// order (the grade is then a value).
    bands: Option<Vec<(String, f64)>>,
    /// The band (1-based) that core items guard; 0 for none.
    guard: usize,
}

fn rules(context: &Context, input: &ReportInput<'_>) -> Rules {
    let results = input.results;
    let Some(scoring) = input.scoring else {
        // Only the results: what they show. Excluded items are seen in the denominator.
        let all: f64 = results.items.iter().map(|i| i.points).sum();
        let has_excluded = context.items.iter().any(|i| !i.counted);
        return Rules {
            total: results.score.max,
            exclude: has_excluded && results.score.items_max < all,
            policy: None,
            cap: None,
            bands: None,
            guard: 0,
        };
    };
    let descending = scoring.grades.windows(2).all(|w| w[0].min > w[1].min);
    let bands = (descending && !scoring.grades.is_empty()).then(|| {
        scoring
            .grades
            .iter()
            .map(|b| (b.title.get(context.lang).to_owned(), b.min))
            .collect()
    });
    let guard = match &scoring.core_grade {
        Some(id) => scoring
            .grades
            .iter()
            .position(|b| &b.id == id)
            .map_or(0, |p| p + 1),
        None => 1,
    };
    Rules {
        total: scoring.total,
        exclude: scoring.not_applicable == NotApplicablePolicy::Exclude
            || context.items.iter().any(|i| !i.counted),
        policy: Some(scoring.not_applicable),
        cap: Some(scoring.bonus.as_ref().map_or(0.0, |b| b.cap)),
        bands,
        guard,
    }
}

/// Whether an item's points left the denominator: as the score decided (`ItemCtx::counted`).
fn excluded(_rules: &Rules, item: &ItemCtx) -> bool {
    !item.counted
}

/// Whether a core item is met for the top grade: by its re-score when it has one, else by its
/// status (as `crate::score` decides).
fn core_met(item: &ItemCtx) -> bool {
    match &item.review {
        Some(r) => r.score >= item.points,
        None => matches!(
            item.status,
            Status::Met | Status::NotApplicable | Status::Waived
        ),
    }
}

/// The score an item counts for: its re-score, else its self-score.
fn counted_score(item: &ItemCtx) -> f64 {
    item.review.as_ref().map_or(item.score, |r| r.score)
}

/// The figures the formulas give for the sheet as written: the cached values.
struct Tally {
    items_score: f64,
    items_max: f64,
    scaled: f64,
    claimed: f64,
    bonus: f64,
    total: f64,
    core_unmet: usize,
    /// 1-based band, when the bands are known.
    band: Option<usize>,
}

fn tally(context: &Context, input: &ReportInput<'_>, rules: &Rules) -> Tally {
    let counted = || context.items.iter().filter(|i| !excluded(rules, i));
    let items_score: f64 = counted().map(counted_score).sum();
    let items_max: f64 = counted().map(|i| i.points).sum();
    let scaled = if rules.exclude && items_max > 0.0 && items_max < rules.total {
        items_score / items_max * rules.total
    } else {
        items_score
    };
    let claimed: f64 = input
        .results
        .score
        .bonus_claims
        .iter()
        .map(|c| c.points)
        .sum();
    let bonus = match rules.cap {
        Some(cap) => claimed.min(cap).max(0.0),
        None => input.results.score.bonus,
    };
    let total = crate::score::round2(scaled + bonus);
    let core_unmet = context
        .items
        .iter()
        .filter(|i| i.core && !core_met(i))
        .count();
    let band = rules.bands.as_ref().map(|bands| {
        let n = bands.len();
        if !input.results.score.vetoes.is_empty() {
            return n;
        }
        let raw = bands.iter().filter(|(_, min)| *min > total).count() + 1;
        let guarded = if core_unmet > 0 {
            raw.max(rules.guard + 1)
        } else {
            raw
        };
        guarded.min(n)
    });
    // A sum of no terms is `-0.0` in some builds: `+ 0.0` makes every cached value a plain zero, so
    // the debug and the release build write the same workbook.
    Tally {
        items_score: items_score + 0.0,
        items_max: items_max + 0.0,
        scaled: scaled + 0.0,
        claimed: claimed + 0.0,
        bonus: bonus + 0.0,
        total,
        core_unmet,
        band,
    }
}

struct Styles {
    header: Format,
    text: Format,
    center: Format,
    number: Format,
    input: Format,
    input_text: Format,
    input_plain: Format,
    derived: Format,
    derived_text: Format,
    subtotal: [Format; 3],
    subtotal_number: [Format; 3],
    label: Format,
    value: Format,
    value_text: Format,
    count: Format,
    note: Format,
    heading: Format,
}

fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(FONT_SIZE)
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xB7C3D0))
        .set_align(FormatAlign::VerticalCenter)
}

fn styles() -> Styles {
    let number = base().set_num_format("0.00");
    let fill = |f: Format, c: u32| f.set_background_color(Color::RGB(c));
    let sub = |c: u32| fill(base().set_bold().set_text_wrap(), c);
    let sub_number = |c: u32| fill(base().set_bold().set_num_format("0.00"), c);
    Styles {
        header: base()
            .set_bold()
            .set_font_color(Color::White)
            .set_background_color(Color::RGB(HEADER_FILL))
            .set_align(FormatAlign::Center)
            .set_text_wrap(),
        text: base().set_text_wrap(),
        center: base().set_align(FormatAlign::Center),
        input: fill(number.clone(), INPUT_FILL).set_unlocked(),
        input_plain: fill(base().set_text_wrap(), INPUT_FILL).set_unlocked(),
        input_text: fill(base().set_bold().set_align(FormatAlign::Center), INPUT_FILL)
            .set_unlocked(),
        derived: number
            .clone()
            .set_font_color(Color::RGB(0x1F3A5F))
            .set_bold(),
        derived_text: base()
            .set_align(FormatAlign::Center)
            .set_font_color(Color::RGB(0x555555)),
        number,
        subtotal: [sub(SUBTOTAL_FILL), sub(AREA_FILL), sub(TOTAL_FILL)],
        subtotal_number: [
            sub_number(SUBTOTAL_FILL),
            sub_number(AREA_FILL),
            sub_number(TOTAL_FILL),
        ],
        label: base().set_bold().set_text_wrap(),
        value: fill(base().set_bold().set_num_format("0.00"), TOTAL_FILL),
        count: fill(base().set_bold().set_num_format("0"), TOTAL_FILL),
        value_text: fill(base().set_bold().set_align(FormatAlign::Center), TOTAL_FILL),
        note: base().set_text_wrap().set_font_color(Color::RGB(0x444444)),
        heading: base()
            .set_bold()
            .set_font_size(11)
            .set_border(FormatBorder::None),
    }
}

fn status_fill(status: Status) -> u32 {
    match status {
        Status::Met => 0xE3F1E6,
        Status::Partial => 0xFDF1D8,
        Status::Unmet => 0xF9E0E0,
        Status::Error => 0xE9E2F3,
        Status::NotApplicable | Status::Waived => 0xEEEEEE,
    }
}

fn cell(row: u32, col: u16) -> String {
    row_col_to_cell(row, col)
}

fn range(col: u16, first: u32, last: u32) -> String {
    format!("{}:{}", cell(first, col), cell(last, col))
}

/// What a subtotal adds up: runs of item rows and subtotal rows below it.
#[derive(Clone, Copy)]
enum Term {
    Items(u32, u32),
    Row(u32),
}

/// A subtotal of `col` over `terms`: the counted points (应得分) leave out the items that do not
/// count (their 计分 is text), the scores add up.
fn subtotal(col: u16, terms: &[Term]) -> String {
    let parts: Vec<String> = terms
        .iter()
        .map(|t| match *t {
            Term::Items(a, b) if col == C_POINTS => format!(
                "SUMPRODUCT(ISNUMBER({})*{})",
                range(C_COUNTED, a, b),
                range(C_POINTS, a, b)
            ),
            Term::Items(a, b) => format!("SUM({})", range(col, a, b)),
            Term::Row(r) => cell(r, col),
        })
        .collect();
    format!("={}", parts.join("+"))
}

/// Sets a row's height from its tallest cell: (text, width in characters).
fn fit(sheet: &mut Worksheet, row: u32, cells: &[(&str, f64)]) -> Result<(), XlsxError> {
    let lines = cells
        .iter()
        .map(|(text, width)| wrapped_lines(text, *width))
        .max()
        .unwrap_or(1);
    sheet.set_row_height(row, row_height(lines))?;
    Ok(())
}

fn width(first: u16, last: u16) -> f64 {
    WIDTHS[usize::from(first)..=usize::from(last)].iter().sum()
}

fn build(context: &Context, input: &ReportInput<'_>) -> Result<Vec<u8>, XlsxError> {
    let label = |key: &str| context.label(key);
    let words = Words { lang: context.lang };
    let w = |zh: &'static str, en: &'static str| words.get(zh, en);
    let rules = rules(context, input);
    let figures = tally(context, input, &rules);
    let s = styles();
    let mut workbook = Workbook::new();
    let date = input.date;
    let created = ExcelDateTime::from_ymd(
        u16::try_from(date.year()).unwrap_or(1970),
        date.month().unsigned_abs(),
        date.day().unsigned_abs(),
    )?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&context.title)
            .set_author(&context.cover.preparer)
            .set_company(&context.cover.community)
            .set_creation_datetime(&created)
            .set_custom_property("changai:community", &context.cover.community)
            .set_custom_property("changai:period_from", &context.cover.period_from)
            .set_custom_property("changai:period_to", &context.cover.period_to)
            .set_custom_property("changai:standard_id", &context.cover.standard_id)
            .set_custom_property("changai:standard_version", &context.cover.standard_version)
            .set_custom_property("changai:pack_digest", &context.cover.digest),
    );

    let sheet = workbook.add_worksheet();
    sheet.set_name(label("score_sheet"))?;
    page_setup(sheet, context, label("score_sheet"))?;
    let met_word = w("达标", "met");
    let unmet_word = w("未达标", "not met");
    let headers = [
        label("col_no"),
        label("col_level1"),
        label("col_level2"),
        label("col_item"),
        label("col_points"),
        label("col_score"),
        label("col_review"),
        w("计分", "Counted"),
        label("col_status"),
        w("核心项", "Core item"),
        label("col_notes"),
        label("col_evidence"),
        label("col_path"),
        label("col_level"),
        w("复评说明", "Review reason"),
    ];
    for (col, (text, wide)) in headers.iter().zip(WIDTHS).enumerate() {
        let col = col as u16;
        sheet.set_column_width(col, wide)?;
        sheet.write_string_with_format(0, col, *text, &s.header)?;
    }
    let header_cells: Vec<(&str, f64)> = headers.iter().copied().zip(WIDTHS).collect();
    fit(sheet, 0, &header_cells)?;
    sheet.set_freeze_panes(1, 0)?;

    let not_counted = w("不计入", "not counted");
    let subtotal_of = w("小计：", "Subtotal: ");
    let titles: BTreeMap<&str, &str> = context
        .table
        .iter()
        .filter_map(|r| r.area.as_ref())
        .map(|a| (a.id.as_str(), a.title.as_str()))
        .collect();
    let mut walk = Walk {
        sheet,
        s: &s,
        context,
        rules: &rules,
        titles,
        subtotal_of,
        words: [not_counted, met_word, unmet_word],
        row: 1,
        breaks: Vec::new(),
        first_item_row: 0,
        last_item_row: 0,
    };
    let items = &context.items;
    let mut at = 0;
    let (terms, _) = walk.level(items, &mut at, 0)?;
    let Walk {
        sheet,
        row: total_row,
        mut breaks,
        first_item_row,
        last_item_row,
        ..
    } = walk;
    let own: f64 = items.iter().map(|i| i.score).sum();
    let sums = (figures.items_max, own, figures.items_score);
    write_subtotal(sheet, &s, 2, total_row, label("total"), &terms, sums)?;

    // Below the table: how the total and the grade come about, step by step.
    let mut row = total_row + 2;
    breaks.push(row);
    sheet.set_page_breaks(&breaks)?;
    sheet.merge_range(
        row,
        C_L1,
        row,
        LAST_COL,
        w(
            "得分与等级（随复评分自动计算）",
            "Score and grade (they follow the Review score column)",
        ),
        &s.heading,
    )?;
    sheet.set_row_height(row, 20)?;
    row += 1;
    let step = |sheet: &mut Worksheet,
                row: &mut u32,
                name: &str,
                value: Value,
                note: &str|
     -> Result<u32, XlsxError> {
        let r = *row;
        sheet.merge_range(r, C_L1, r, C_ITEM, name, &s.label)?;
        match value {
            Value::Number(n) => {
                sheet.write_number_with_format(r, C_POINTS, n, &s.value)?;
            }
            Value::Text(t) => {
                sheet.write_string_with_format(r, C_POINTS, t, &s.value_text)?;
            }
            Value::Choice(t, choices) => {
                sheet.write_string_with_format(r, C_POINTS, t, &s.input_text)?;
                let validation = DataValidation::new().allow_list_strings(&choices)?;
                sheet.add_data_validation(r, C_POINTS, r, C_POINTS, &validation)?;
            }
            Value::Formula(f, cached) => {
                sheet.write_formula_with_format(
                    r,
                    C_POINTS,
                    Formula::new(f).set_result(cached),
                    &s.value,
                )?;
            }
            Value::Count(f, cached) => {
                sheet.write_formula_with_format(
                    r,
                    C_POINTS,
                    Formula::new(f).set_result(cached),
                    &s.count,
                )?;
            }
            Value::TextFormula(f, cached) => {
                sheet.write_formula_with_format(
                    r,
                    C_POINTS,
                    Formula::new(f).set_result(cached),
                    &s.value_text,
                )?;
            }
        }
        sheet.merge_range(r, C_SELF, r, LAST_COL, note, &s.note)?;
        fit(
            sheet,
            r,
            &[(name, width(C_L1, C_ITEM)), (note, width(C_SELF, LAST_COL))],
        )?;
        *row += 1;
        Ok(r)
    };
    let num = super::context::num;
    let r_score = step(
        sheet,
        &mut row,
        label("items_score"),
        Value::Formula(format!("={}", cell(total_row, C_COUNTED)), num(figures.items_score)),
        w(
            "计分列合计：填了复评分的条目按复评分，其余按自评分",
            "the sum of the Counted column: an item's review score where one is typed in, else its self-score",
        ),
    )?;
    let policy_note = match rules.policy {
        Some(NotApplicablePolicy::Award) => w(
            "不适用、豁免的条目按满分计入",
            "not-applicable and waived items count at full points",
        ),
        Some(NotApplicablePolicy::Zero) => w(
            "不适用、豁免的条目按 0 分计入",
            "not-applicable and waived items count as 0",
        ),
        _ if rules.exclude => w(
            "不适用、豁免的条目不计入分母",
            "not-applicable and waived items leave the denominator",
        ),
        _ => w("全部条目计入", "every item counts"),
    };
    let r_max = step(
        sheet,
        &mut row,
        w("计入的应得分", "Points counted"),
        Value::Formula(
            format!("={}", cell(total_row, C_POINTS)),
            num(figures.items_max),
        ),
        policy_note,
    )?;
    let r_total = step(
        sheet,
        &mut row,
        w("标准总分", "Standard's total"),
        Value::Number(rules.total),
        w(
            "标准规定的满分（不含加分）",
            "the standard's full marks, bonus not included",
        ),
    )?;
    let (score, max, total) = (
        cell(r_score, C_POINTS),
        cell(r_max, C_POINTS),
        cell(r_total, C_POINTS),
    );
    let (scaled_formula, scaled_note) = if rules.exclude {
        (
            format!("=IF(AND({max}>0,{max}<{total}),{score}/{max}*{total},{score})"),
            w(
                "计入的应得分少于标准总分时按比例折算：条目得分 ÷ 计入的应得分 × 标准总分",
                "when fewer points count than the standard's total: item score ÷ points counted × total",
            ),
        )
    } else {
        (format!("={score}"), w("不折算", "not rescaled"))
    };
    let r_scaled = step(
        sheet,
        &mut row,
        w("折算得分", "Rescaled score"),
        Value::Formula(scaled_formula, num(figures.scaled)),
        scaled_note,
    )?;
    let r_bonus = match rules.cap {
        Some(cap) => {
            let r_claim = step(
                sheet,
                &mut row,
                w("申报加分", "Bonus claimed"),
                Value::Number(figures.claimed),
                w("证据包申报的加分合计", "the bonus points the pack claims"),
            )?;
            let r_cap = step(
                sheet,
                &mut row,
                w("加分上限", "Bonus cap"),
                Value::Number(cap),
                w("标准规定的加分上限", "the standard's cap on bonus points"),
            )?;
            step(
                sheet,
                &mut row,
                label("bonus"),
                Value::Formula(
                    format!(
                        "=MAX(0,MIN({},{}))",
                        cell(r_claim, C_POINTS),
                        cell(r_cap, C_POINTS)
                    ),
                    num(figures.bonus),
                ),
                w("申报加分，不超过上限", "the bonus claimed, at most the cap"),
            )?
        }
        None => step(
            sheet,
            &mut row,
            label("bonus"),
            Value::Number(figures.bonus),
            w(
                "评估结果中的加分（已按上限）",
                "the bonus in the results (capped)",
            ),
        )?,
    };
    let r_final = step(
        sheet,
        &mut row,
        &context.score.decisive.total_label,
        Value::Formula(
            format!(
                "=ROUND({}+{},2)",
                cell(r_scaled, C_POINTS),
                cell(r_bonus, C_POINTS)
            ),
            num(figures.total),
        ),
        w("折算得分 + 加分", "rescaled score + bonus"),
    )?;
    let (yes, no) = (w("是", "yes"), w("否", "no"));
    let vetoes: Vec<&str> = context
        .score
        .vetoes
        .iter()
        .map(|v| v.title.as_str())
        .collect();
    let veto_note = if vetoes.is_empty() {
        w(
            "证据包和复评未申报一票否决事项；如有，改为“是”",
            "no veto declared by the pack or the review; type “yes” if one applies",
        )
        .to_owned()
    } else {
        format!(
            "{}{}",
            w("已申报：", "declared: "),
            vetoes.join(w("；", "; "))
        )
    };
    let r_veto = step(
        sheet,
        &mut row,
        w("一票否决", "Veto"),
        Value::Choice(if vetoes.is_empty() { no } else { yes }, [yes, no]),
        &veto_note,
    )?;
    let r_core = step(
        sheet,
        &mut row,
        w("核心项未达标", "Core items not met"),
        Value::Count(
            format!(
                "=COUNTIF({},\"{unmet_word}\")",
                range(C_CORE, first_item_row, last_item_row)
            ),
            figures.core_unmet.to_string(),
        ),
        w(
            "核心项一栏为“未达标”的条目数",
            "items whose Core item cell says “not met”",
        ),
    )?;
    let decisive_grade = context.score.decisive.grade.clone();
    let grade_label = context.score.decisive.grade_label.clone();
    match (&rules.bands, figures.band) {
        (Some(bands), Some(band)) => {
            let n = bands.len();
            // The bands go below the grade: their rows are known now.
            let first_band = row + 2 + 1;
            let last_band = first_band + n as u32 - 1;
            let mins = range(C_POINTS, first_band, last_band);
            let titles = range(C_L1, first_band, last_band);
            let final_cell = cell(r_final, C_POINTS);
            let raw = format!("SUMPRODUCT(--({mins}>{final_cell}))+1");
            let guard = rules.guard + 1;
            let formula = format!(
                "=INDEX({titles},IF({veto}=\"{yes}\",{n},MIN({n},IF({core}>0,MAX({raw},{guard}),{raw}))))",
                veto = cell(r_veto, C_POINTS),
                core = cell(r_core, C_POINTS),
            );
            let guarded = bands
                .get(rules.guard.wrapping_sub(1))
                .map(|(t, _)| t.as_str())
                .unwrap_or_default();
            let worst = bands.last().map(|(t, _)| t.as_str()).unwrap_or_default();
            let note = if guarded.is_empty() {
                format!(
                    "{}{worst}",
                    w(
                        "按下方等级标准；一票否决时为",
                        "by the bands below; a veto gives "
                    )
                )
            } else {
                format!(
                    "{}{guarded}{}{worst}",
                    w(
                        "按下方等级标准；核心项未全部达标时不能评为",
                        "by the bands below; with a core item not met, not "
                    ),
                    w("；一票否决时为", "; a veto gives "),
                )
            };
            let cached = bands
                .get(band - 1)
                .map(|(t, _)| t.clone())
                .unwrap_or_default();
            step(
                sheet,
                &mut row,
                &grade_label,
                Value::TextFormula(formula, cached),
                &note,
            )?;
            row += 1;
            sheet.merge_range(
                row,
                C_L1,
                row,
                LAST_COL,
                w("等级标准", "Grade bands"),
                &s.heading,
            )?;
            sheet.set_row_height(row, 20)?;
            row += 1;
            for (title, min) in bands {
                step(
                    sheet,
                    &mut row,
                    title,
                    Value::Number(*min),
                    &format!("{}{}", w("得分不低于 ", "a score of at least "), num(*min)),
                )?;
            }
        }
        _ => {
            step(
                sheet,
                &mut row,
                &grade_label,
                Value::Text(&decisive_grade),
                w(
                    "评估结果中的等级：本表不知道标准的等级划分，不随复评分重算",
                    "the grade in the results: this sheet does not know the standard's bands and does not recompute it",
                ),
            )?;
        }
    }
    if context.score.review.is_some() {
        row += 1;
        step(
            sheet,
            &mut row,
            label("self_total"),
            Value::Number(context.score.total),
            w(
                "评估结果中的自评分（不随本表变化）",
                "the self-score in the results (fixed)",
            ),
        )?;
        step(
            sheet,
            &mut row,
            label("self_grade"),
            Value::Text(&context.score.grade),
            w(
                "评估结果中的自评等级（不随本表变化）",
                "the self-score's grade in the results (fixed)",
            ),
        )?;
    }

    // Whom the sheet was made for, read back by `review import`.
    row += 1;
    let cover = &context.cover;
    let made_for = [
        (FOR_COMMUNITY, cover.community.as_str()),
        (FOR_FROM, cover.period_from.as_str()),
        (FOR_TO, cover.period_to.as_str()),
        (FOR_STANDARD, cover.standard_id.as_str()),
        (FOR_VERSION, cover.standard_version.as_str()),
        (FOR_DIGEST, cover.digest.as_str()),
    ];
    for ((zh, en), value) in made_for {
        sheet.merge_range(row, C_L1, row, C_ITEM, w(zh, en), &s.label)?;
        sheet.merge_range(row, C_POINTS, row, LAST_COL, value, &s.note)?;
        row += 1;
    }
    // A guard, not a lock: no password; only the 复评分 and 复评说明 cells (and the veto choice)
    // take typing, so a filled sheet's ids, points and self-scores are the ones written here.
    let protection = rust_xlsxwriter::ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..Default::default()
    };
    sheet.protect_with_options(&protection);

    rectification_sheet(&mut workbook, context, &s)?;
    if !context.evidence_quality.is_empty() {
        quality_sheet(&mut workbook, context, &s)?;
    }
    workbook.save_to_buffer()
}

enum Value<'a> {
    Number(f64),
    Text(&'a str),
    /// A value the auditor may change, from a list.
    Choice(&'a str, [&'a str; 2]),
    Formula(String, String),
    /// A formula that counts (shown without decimals).
    Count(String, String),
    TextFormula(String, String),
}

/// What a subtotal caches: points counted, self-score, counted score.
type Sums = (f64, f64, f64);

/// The item rows of the score sheet, written in tree order: each area's leaves, then its
/// subtotal row (at every depth: a level-1 area's in the area style, deeper ones in the
/// subtotal style), each subtotal adding up the runs of leaf rows and the subtotal rows of the
/// sub-areas directly below it. A page break comes before each level-1 area but the first.
struct Walk<'a> {
    sheet: &'a mut Worksheet,
    s: &'a Styles,
    context: &'a Context,
    rules: &'a Rules,
    /// Area titles by id, for the subtotal rows below level 2.
    titles: BTreeMap<&'a str, &'a str>,
    subtotal_of: &'a str,
    words: [&'a str; 3],
    row: u32,
    breaks: Vec<u32>,
    first_item_row: u32,
    last_item_row: u32,
}

impl Walk<'_> {
    /// Writes the items from `*at` on whose path begins with `items[*at].path[..depth]`, and
    /// returns what their enclosing subtotal adds up, with the sums it caches (points counted,
    /// self-score, counted score).
    fn level(
        &mut self,
        items: &[ItemCtx],
        at: &mut usize,
        depth: usize,
    ) -> Result<(Vec<Term>, Sums), XlsxError> {
        let prefix: Vec<String> = items[*at].path.iter().take(depth).cloned().collect();
        let mut terms = Vec::new();
        let mut sums = (0.0, 0.0, 0.0);
        let mut run: Option<u32> = None;
        while *at < items.len() && items[*at].path.starts_with(&prefix) {
            let item = &items[*at];
            if item.path.len() == depth {
                if depth == 0 && run.is_none() && self.row > 1 {
                    self.breaks.push(self.row);
                }
                run.get_or_insert(self.row);
                write_item(
                    self.sheet,
                    self.s,
                    self.context,
                    self.rules,
                    item,
                    self.row,
                    self.words,
                )?;
                if self.first_item_row == 0 {
                    self.first_item_row = self.row;
                }
                self.last_item_row = self.row;
                sums.1 += item.score;
                if !excluded(self.rules, item) {
                    sums.0 += item.points;
                    sums.2 += counted_score(item);
                }
                self.row += 1;
                *at += 1;
                continue;
            }
            if let Some(first) = run.take() {
                terms.push(Term::Items(first, self.row - 1));
            }
            if depth == 0 && self.row > 1 {
                self.breaks.push(self.row);
            }
            let title = match depth {
                0 => item.level1.clone(),
                1 => item.level2.clone(),
                _ => {
                    let id = item.path[depth].as_str();
                    self.titles.get(id).copied().unwrap_or(id).to_owned()
                }
            };
            let (inner, inner_sums) = self.level(items, at, depth + 1)?;
            let name = format!("{}{title}", self.subtotal_of);
            let style = if depth == 0 { 1 } else { 0 };
            write_subtotal(
                self.sheet, self.s, style, self.row, &name, &inner, inner_sums,
            )?;
            terms.push(Term::Row(self.row));
            self.row += 1;
            sums.0 += inner_sums.0;
            sums.1 += inner_sums.1;
            sums.2 += inner_sums.2;
        }
        if let Some(first) = run {
            terms.push(Term::Items(first, self.row - 1));
        }
        Ok((terms, sums))
    }
}

fn write_item(
    sheet: &mut Worksheet,
    s: &Styles,
    context: &Context,
    rules: &Rules,
    item: &ItemCtx,
    row: u32,
    [not_counted, met_word, unmet_word]: [&str; 3],
) -> Result<(), XlsxError> {
    let status = base()
        .set_align(FormatAlign::Center)
        .set_background_color(Color::RGB(status_fill(item.status)));
    let name = item_cell(&item.id, &item.title);
    let note = notes_cell(&notes(context, item), context.lang);
    let evidence = item.evidence.join("\n");
    sheet.write_number_with_format(row, C_NO, item.no as f64, &s.center)?;
    sheet.write_string_with_format(row, C_L1, &item.level1, &s.text)?;
    sheet.write_string_with_format(row, C_L2, &item.subareas, &s.text)?;
    sheet.write_string_with_format(row, C_PATH, &item.path_text, &s.text)?;
    sheet.write_string_with_format(row, C_LEVEL, &item.level_name, &s.text)?;
    sheet.write_string_with_format(row, C_ITEM, &name, &s.text)?;
    sheet.write_number_with_format(row, C_POINTS, item.points, &s.number)?;
    sheet.write_number_with_format(row, C_SELF, item.score, &s.number)?;
    match &item.review {
        Some(review) => sheet.write_number_with_format(row, C_REVIEW, review.score, &s.input)?,
        None => sheet.write_blank(row, C_REVIEW, &s.input)?,
    };
    let review = cell(row, C_REVIEW);
    let own = cell(row, C_SELF);
    if excluded(rules, item) {
        sheet.write_string_with_format(row, C_COUNTED, not_counted, &s.derived_text)?;
    } else {
        let formula = Formula::new(format!("=IF(ISNUMBER({review}),{review},{own})"))
            .set_result(super::context::num(counted_score(item)));
        sheet.write_formula_with_format(row, C_COUNTED, formula, &s.derived)?;
    }
    sheet.write_string_with_format(row, C_STATUS, &item.status_label, &status)?;
    if item.core {
        let points = cell(row, C_POINTS);
        let by_status = if matches!(
            item.status,
            Status::Met | Status::NotApplicable | Status::Waived
        ) {
            met_word
        } else {
            unmet_word
        };
        let cached = if core_met(item) { met_word } else { unmet_word };
        let formula = Formula::new(format!(
            "=IF(ISNUMBER({review}),IF({review}>={points},\"{met_word}\",\"{unmet_word}\"),\"{by_status}\")"
        ))
        .set_result(cached);
        sheet.write_formula_with_format(row, C_CORE, formula, &s.derived_text)?;
    } else {
        sheet.write_blank(row, C_CORE, &s.center)?;
    }
    sheet.write_string_with_format(row, C_NOTES, &note, &s.text)?;
    sheet.write_string_with_format(row, C_EVIDENCE, &evidence, &s.text)?;
    let reason = item
        .review
        .as_ref()
        .map(|r| r.comment.as_str())
        .unwrap_or_default();
    sheet.write_string_with_format(row, C_REASON, reason, &s.input_plain)?;
    let wide = |c: u16| WIDTHS[usize::from(c)];
    fit(
        sheet,
        row,
        &[
            (&item.level1, wide(C_L1)),
            (&item.subareas, wide(C_L2)),
            (&item.path_text, wide(C_PATH)),
            (&name, wide(C_ITEM)),
            (&note, wide(C_NOTES)),
            (&evidence, wide(C_EVIDENCE)),
            (reason, wide(C_REASON)),
        ],
    )?;
    // 复评分: a number from 0 to the item's points, said in the report's language.
    let points = super::context::num(item.points);
    let (title, message, error) = if context.lang == Lang::Zh {
        (
            "复评分".to_owned(),
            format!("填写复评分：0 到 {points} 分之间的数，可带小数；不填则按自评分计"),
            format!("复评分须是 0 到 {points} 分之间的数"),
        )
    } else {
        (
            "Review score".to_owned(),
            format!(
                "Type the review score: a number from 0 to {points}; left blank, the self-score counts"
            ),
            format!("The review score must be a number from 0 to {points}"),
        )
    };
    let validation = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(0.0, item.points))
        .set_input_title(&title)?
        .set_input_message(message)?
        .set_error_title(&title)?
        .set_error_message(error)?;
    sheet.add_data_validation(row, C_REVIEW, row, C_REVIEW, &validation)?;
    Ok(())
}

/// A subtotal row: `depth` 0 for a level-2 area, 1 for a level-1 area, 2 for the total. `sums`
/// are the cached (counted points, self-score, counted score).
fn write_subtotal(
    sheet: &mut Worksheet,
    s: &Styles,
    depth: usize,
    row: u32,
    name: &str,
    terms: &[Term],
    (points, own, counted): (f64, f64, f64),
) -> Result<(), XlsxError> {
    let text = &s.subtotal[depth];
    let number = &s.subtotal_number[depth];
    let num = super::context::num;
    sheet.write_blank(row, C_NO, text)?;
    sheet.merge_range(row, C_L1, row, C_ITEM, name, text)?;
    for (col, cached) in [(C_POINTS, points), (C_SELF, own), (C_COUNTED, counted)] {
        let formula = Formula::new(subtotal(col, terms)).set_result(num(cached));
        sheet.write_formula_with_format(row, col, formula, number)?;
    }
    for col in [
        C_REVIEW, C_STATUS, C_CORE, C_NOTES, C_EVIDENCE, C_PATH, C_LEVEL,
    ] {
        sheet.write_blank(row, col, text)?;
    }
    fit(sheet, row, &[(name, width(C_L1, C_ITEM))])?;
    Ok(())
}

fn rectification_sheet(
    workbook: &mut Workbook,
    context: &Context,
    s: &Styles,
) -> Result<(), XlsxError> {
    let label = |key: &str| context.label(key);
    let sheet = workbook.add_worksheet();
    sheet.set_name(label("rectification_sheet"))?;
    page_setup(sheet, context, label("rectification_sheet"))?;
    let columns = [
        ("col_no", 5.0),
        ("col_id", 7.0),
        ("col_item", 24.0),
        ("col_status", 8.0),
        ("col_points", 7.0),
        ("col_score", 7.0),
        ("col_lost", 7.0),
        ("col_missing", 48.0),
        ("col_measure", 30.0),
        ("col_owner", 10.0),
        ("col_deadline", 11.0),
    ];
    let mut header_cells = Vec::new();
    for (col, (key, wide)) in columns.iter().enumerate() {
        let col = col as u16;
        sheet.set_column_width(col, *wide)?;
        sheet.write_string_with_format(0, col, label(key), &s.header)?;
        header_cells.push((label(key), *wide));
    }
    fit(sheet, 0, &header_cells)?;
    sheet.set_freeze_panes(1, 0)?;
    let wide = |c: usize| columns[c].1;
    for (index, r) in context.rectification.iter().enumerate() {
        let row = index as u32 + 1;
        let status = base()
            .set_align(FormatAlign::Center)
            .set_background_color(Color::RGB(status_fill(r.status)));
        let item = context.items.iter().find(|i| i.id == r.id);
        let missing = notes_cell(&r.missing, context.lang);
        sheet.write_number_with_format(row, 0, r.no as f64, &s.center)?;
        sheet.write_string_with_format(row, 1, &r.id, &s.center)?;
        sheet.write_string_with_format(row, 2, &r.title, &s.text)?;
        sheet.write_string_with_format(row, 3, &r.status_label, &status)?;
        sheet.write_number_with_format(row, 4, item.map_or(0.0, |i| i.points), &s.number)?;
        sheet.write_number_with_format(row, 5, item.map_or(0.0, |i| i.score), &s.number)?;
        sheet.write_number_with_format(row, 6, r.lost, &s.number)?;
        sheet.write_string_with_format(row, 7, &missing, &s.text)?;
        sheet.write_blank(row, 8, &s.input_plain)?;
        // Owner and deadline come from the task list; where it has none they are for the
        // auditor to fill in, like the measure.
        for (col, value) in [(9, &r.owner), (10, &r.deadline)] {
            let format = if value.is_empty() {
                &s.input_plain
            } else {
                &s.text
            };
            sheet.write_string_with_format(row, col, value, format)?;
        }
        fit(
            sheet,
            row,
            &[
                (&r.title, wide(2)),
                (&missing, wide(7)),
                (&r.owner, wide(9)),
                (&r.deadline, wide(10)),
            ],
        )?;
    }
    // the files to fix, one row each: the file under 条目, what to do under 缺失内容
    let files: Vec<&super::context::FindingCtx> = context
        .evidence_quality
        .iter()
        .filter(|f| !f.counted)
        .collect();
    if !files.is_empty() {
        let mut row = context.rectification.len() as u32 + 2;
        sheet.write_string_with_format(row, 2, label("rectification_files"), &s.header)?;
        for f in files {
            row += 1;
            let what = &f.todo;
            sheet.write_string_with_format(row, 2, &f.path, &s.text)?;
            sheet.write_string_with_format(row, 7, what, &s.text)?;
            sheet.write_blank(row, 8, &s.input_plain)?;
            fit(sheet, row, &[(&f.path, wide(2)), (what, wide(7))])?;
        }
    }
    Ok(())
}

/// The evidence-quality sheet (证据问题): the summary line, then one row per finding, the same
/// cells as the csv's rows.
fn quality_sheet(workbook: &mut Workbook, context: &Context, s: &Styles) -> Result<(), XlsxError> {
    let label = |key: &str| context.label(key);
    let sheet = workbook.add_worksheet();
    sheet.set_name(label("evidence_quality_sheet"))?;
    page_setup(sheet, context, label("evidence_quality_sheet"))?;
    let widths = [5.0, 36.0, 10.0, 12.0, 10.0, 44.0, 32.0];
    let mut header_cells = Vec::new();
    for (col, (key, wide)) in super::csv::QUALITY_COLUMNS.iter().zip(widths).enumerate() {
        let col = col as u16;
        sheet.set_column_width(col, wide)?;
        sheet.write_string_with_format(0, col, label(key), &s.header)?;
        header_cells.push((label(key), wide));
    }
    fit(sheet, 0, &header_cells)?;
    sheet.set_freeze_panes(1, 0)?;
    for (index, f) in context.evidence_quality.iter().enumerate() {
        let row = index as u32 + 1;
        let cells = super::csv::quality_row(context, f);
        sheet.write_number_with_format(row, 0, f.no as f64, &s.center)?;
        for (col, cell) in cells.iter().enumerate().skip(1) {
            let format = if col == 2 || col == 3 {
                &s.center
            } else {
                &s.text
            };
            sheet.write_string_with_format(row, col as u16, cell, format)?;
        }
        let fitted: Vec<(&str, f64)> = cells
            .iter()
            .zip(widths)
            .skip(1)
            .map(|(c, w)| (c.as_str(), w))
            .collect();
        fit(sheet, row, &fitted)?;
    }
    let below = context.evidence_quality.len() as u32 + 2;
    sheet.write_string_with_format(below, 1, &context.evidence_summary, &s.text)?;
    Ok(())
}

/// A4 landscape, one page wide, the header row on every page, the community and period in the
/// header and the page number in the footer.
fn page_setup(sheet: &mut Worksheet, context: &Context, name: &str) -> Result<(), XlsxError> {
    // `&` starts a code in Excel headers.
    let escape = |t: &str| t.replace('&', "&&");
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_margins(0.4, 0.4, 0.7, 0.7, 0.3, 0.3);
    sheet.set_print_gridlines(false);
    sheet.set_print_center_horizontally(true);
    sheet.set_header(format!(
        "&L&\"{FONT}\"&9{}&C&\"{FONT},Bold\"&11{}&R&\"{FONT}\"&9{}{}",
        escape(&context.cover.community),
        escape(name),
        escape(context.label("period")),
        escape(&format!(
            "{}{}",
            context.label("colon"),
            context.cover.period
        )),
    ));
    let pages = if context.lang == Lang::Zh {
        "第 &P 页 共 &N 页"
    } else {
        "Page &P of &N"
    };
    sheet.set_footer(format!(
        "&L&\"{FONT}\"&9{}&C&\"{FONT}\"&9{pages}",
        escape(&context.title)
    ));
    Ok(())
}
