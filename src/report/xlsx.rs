//! xlsx: the auditors' score sheet as a workbook they can fill in and sign — sheet 评分表 (one row
//! per leaf, 复评分 blank or filled from review.yaml's re-scores, totals by formula) and sheet
//! 整改清单.
//!
//! Totals are formulas *with cached values*: a reader that does not recalculate (a previewer,
//! calamine, a phone) still sees the number. The workbook's creation date is the report date, so
//! the same input gives the same bytes.

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook,
    Worksheet, XlsxError,
};

use super::context::{num, Context};
use super::csv::{item_cell, notes, notes_cell, reviewed_score, reviewed_sum, summary, COLUMNS};
use crate::outcome::Status;

const HEADER_FILL: u32 = 0x1F3A5F;
const TOTAL_FILL: u32 = 0xE8EEF5;
const FONT: &str = "Microsoft YaHei";

pub fn render(context: &Context, date: jiff::civil::Date) -> Result<Vec<u8>, String> {
    build(context, date).map_err(|e| format!("xlsx: {e}"))
}

fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(10)
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xB7C3D0))
        .set_align(FormatAlign::VerticalCenter)
}

fn header() -> Format {
    base()
        .set_bold()
        .set_font_color(Color::White)
        .set_background_color(Color::RGB(HEADER_FILL))
        .set_align(FormatAlign::Center)
        .set_text_wrap()
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

fn build(context: &Context, date: jiff::civil::Date) -> Result<Vec<u8>, XlsxError> {
    let label = |key: &str| context.labels.get(key).copied().unwrap_or_default();
    let mut workbook = Workbook::new();
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
            .set_creation_datetime(&created),
    );

    let text = base().set_text_wrap();
    let center = base().set_align(FormatAlign::Center);
    let number = base().set_num_format("0.00");
    let bold_total = base()
        .set_bold()
        .set_background_color(Color::RGB(TOTAL_FILL));
    let total_number = bold_total.clone().set_num_format("0.00");

    let sheet = workbook.add_worksheet();
    sheet.set_name(label("score_sheet"))?;
    page_setup(sheet, &context.title)?;
    let widths = [6.0, 16.0, 18.0, 34.0, 8.0, 8.0, 8.0, 10.0, 48.0, 36.0];
    for (col, (key, width)) in COLUMNS.iter().zip(widths).enumerate() {
        let col = col as u16;
        sheet.set_column_width(col, width)?;
        sheet.write_string_with_format(0, col, label(key), &header())?;
    }
    sheet.set_row_height(0, 24)?;
    sheet.set_freeze_panes(1, 0)?;
    let mut row: u32 = 1;
    for item in &context.items {
        let status = base()
            .set_align(FormatAlign::Center)
            .set_background_color(Color::RGB(status_fill(item.status)));
        sheet.write_number_with_format(row, 0, item.no as f64, &center)?;
        sheet.write_string_with_format(row, 1, &item.level1, &text)?;
        sheet.write_string_with_format(row, 2, &item.level2, &text)?;
        sheet.write_string_with_format(row, 3, item_cell(&item.id, &item.title), &text)?;
        sheet.write_number_with_format(row, 4, item.points, &number)?;
        sheet.write_number_with_format(row, 5, item.score, &number)?;
        match reviewed_score(context, item) {
            Some(score) => sheet.write_number_with_format(row, 6, score, &number)?,
            None => sheet.write_blank(row, 6, &number)?,
        };
        sheet.write_string_with_format(row, 7, &item.status_label, &status)?;
        sheet.write_string_with_format(
            row,
            8,
            notes_cell(&notes(context, item), context.lang),
            &text,
        )?;
        sheet.write_string_with_format(row, 9, item.evidence.join("\n"), &text)?;
        row += 1;
    }
    let last = row; // 1-based number of the last item row
    let points: f64 = context.items.iter().map(|i| i.points).sum();
    let score: f64 = context.items.iter().map(|i| i.score).sum();
    sheet.write_string_with_format(row, 0, "", &bold_total)?;
    sheet.merge_range(row, 1, row, 3, label("total"), &bold_total)?;
    let sum = |col: char, cached: f64| {
        Formula::new(format!("=SUM({col}2:{col}{last})")).set_result(num(cached))
    };
    sheet.write_formula_with_format(row, 4, sum('E', points), &total_number)?;
    sheet.write_formula_with_format(row, 5, sum('F', score), &total_number)?;
    let reviewed = reviewed_sum(context).unwrap_or(0.0);
    sheet.write_formula_with_format(row, 6, sum('G', reviewed), &total_number)?;
    for col in 7..10 {
        sheet.write_string_with_format(row, col, "", &bold_total)?;
    }
    // Below the table: the figures a formula cannot give (rescaling, bonus, grade).
    row += 2;
    let bold = base().set_bold();
    for (name, value) in summary(context) {
        sheet.merge_range(row, 1, row, 3, &name, &bold)?;
        sheet.merge_range(row, 4, row, 6, &value, &base().set_bold())?;
        row += 1;
    }

    let sheet = workbook.add_worksheet();
    sheet.set_name(label("rectification_sheet"))?;
    page_setup(sheet, &context.title)?;
    let columns = [
        ("col_no", 6.0),
        ("col_id", 8.0),
        ("col_item", 30.0),
        ("col_status", 10.0),
        ("col_points", 8.0),
        ("col_score", 8.0),
        ("col_lost", 8.0),
        ("col_missing", 48.0),
        ("col_measure", 30.0),
        ("col_owner", 12.0),
        ("col_deadline", 12.0),
    ];
    for (col, (key, width)) in columns.iter().enumerate() {
        let col = col as u16;
        sheet.set_column_width(col, *width)?;
        sheet.write_string_with_format(0, col, label(key), &header())?;
    }
    sheet.set_row_height(0, 24)?;
    sheet.set_freeze_panes(1, 0)?;
    for (index, r) in context.rectification.iter().enumerate() {
        let row = index as u32 + 1;
        let status = base()
            .set_align(FormatAlign::Center)
            .set_background_color(Color::RGB(status_fill(r.status)));
        let item = context.items.iter().find(|i| i.id == r.id);
        sheet.write_number_with_format(row, 0, r.no as f64, &center)?;
        sheet.write_string_with_format(row, 1, &r.id, &center)?;
        sheet.write_string_with_format(row, 2, &r.title, &text)?;
        sheet.write_string_with_format(row, 3, &r.status_label, &status)?;
        sheet.write_number_with_format(row, 4, item.map_or(0.0, |i| i.points), &number)?;
        sheet.write_number_with_format(row, 5, item.map_or(0.0, |i| i.score), &number)?;
        sheet.write_number_with_format(row, 6, r.lost, &number)?;
        sheet.write_string_with_format(row, 7, notes_cell(&r.missing, context.lang), &text)?;
        sheet.write_blank(row, 8, &text)?;
        sheet.write_string_with_format(row, 9, &r.owner, &text)?;
        sheet.write_string_with_format(row, 10, &r.deadline, &text)?;
    }
    workbook.save_to_buffer()
}

fn page_setup(sheet: &mut Worksheet, title: &str) -> Result<(), XlsxError> {
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    // `&` starts a code in Excel headers.
    sheet.set_header(format!("&C&\"{FONT},Bold\"{}", title.replace('&', "&&")));
    sheet.set_footer("&C&P / &N");
    Ok(())
}
