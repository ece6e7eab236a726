//! `城市汇总.xlsx`: the city workbook an auditor sorts, filters and prints.
//!
//! Sheets: 排名 (the ranking with every total, the level-1 area scores, vetoes, counts and the
//! change against last year), 条目×社区 (item rows × community columns of statuses, coloured by
//! conditional formatting so that a status typed over keeps its colour), 常见失分 (the items not
//! met most often across the city), 无法评估 (the packs that failed, with their error) and, with
//! `--previous`, 同比 (per community the change of total and grade, newly failing items first).
//! The creation date is the report date, so the same inputs give the same bytes.

use rust_xlsxwriter::{
    Color, ConditionalFormatText, ConditionalFormatTextRule, DocProperties, ExcelDateTime, Format,
    FormatAlign, Workbook, Worksheet, XlsxError,
};

use super::CitySummary;
use crate::outcome::Status;
use crate::Lang;

/// The sheet names, in `lang`.
pub fn sheet_names(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Zh => ["排名", "条目×社区", "常见失分", "无法评估", "同比"],
        Lang::En => [
            "Ranking",
            "Items x communities",
            "Common shortfalls",
            "Not evaluated",
            "Year on year",
        ],
    }
}

fn status_word(s: Status, lang: Lang) -> String {
    s.title().get(lang).to_owned()
}

fn z<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Renders the workbook.
pub fn render(
    city: &CitySummary,
    lang: Lang,
    date: jiff::civil::Date,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(date.year()).unwrap_or(1970),
        date.month().unsigned_abs(),
        date.day().unsigned_abs(),
    )?;
    book.set_properties(
        &DocProperties::new()
            .set_title(z(lang, "城市汇总", "City summary"))
            .set_creation_datetime(&created),
    );
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDE5F0));
    let names = sheet_names(lang);
    let sep = z(lang, "、", ", ");

    // 排名
    let sheet = book.add_worksheet().set_name(names[0])?;
    let areas: Vec<(String, String)> = city
        .rows
        .first()
        .map(|r| {
            r.summary
                .areas
                .iter()
                .map(|a| (a.id.clone(), a.title.get(lang).to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let mut columns: Vec<String> = [
        z(lang, "名次", "Rank"),
        z(lang, "社区", "Community"),
        z(lang, "考核期", "Period"),
        z(lang, "得分", "Total"),
        z(lang, "等级", "Grade"),
        z(lang, "自评分", "Self-score"),
        z(lang, "复评分", "Review"),
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    columns.extend(areas.iter().map(|(_, t)| t.clone()));
    columns.extend(
        [
            z(lang, "一票否决", "Vetoes"),
            z(lang, "已完成", "Met"),
            z(lang, "部分完成", "Partial"),
            z(lang, "未完成", "Unmet"),
            z(lang, "不适用", "N/A"),
            z(lang, "与上年比", "vs last year"),
            z(lang, "文件夹", "Folder"),
        ]
        .iter()
        .map(|s| (*s).to_owned()),
    );
    header(sheet, &columns, &head)?;
    for (i, row) in city.rows.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let s = &row.summary;
        let mut c: u16 = 0;
        let mut next = || {
            c += 1;
            c - 1
        };
        sheet.write_number(r, next(), row.rank as f64)?;
        sheet.write_string(r, next(), &s.community)?;
        sheet.write_string(r, next(), &s.period)?;
        sheet.write_number(r, next(), s.total)?;
        sheet.write_string(r, next(), s.grade.get(lang))?;
        sheet.write_number(r, next(), s.self_total)?;
        let col = next();
        if let Some(v) = s.review_total {
            sheet.write_number(r, col, v)?;
        }
        for (id, _) in &areas {
            let col = next();
            if let Some(a) = s.areas.iter().find(|a| &a.id == id) {
                sheet.write_number(r, col, a.score)?;
            }
        }
        let vetoes: Vec<&str> = s.vetoes.iter().map(|v| v.get(lang)).collect();
        sheet.write_string(r, next(), vetoes.join(sep))?;
        sheet.write_number(r, next(), s.met as f64)?;
        sheet.write_number(r, next(), s.partial as f64)?;
        sheet.write_number(r, next(), s.unmet as f64)?;
        sheet.write_number(r, next(), s.not_applicable as f64)?;
        let col = next();
        if let Some(v) = row.change {
            sheet.write_number(r, col, v)?;
        }
        sheet.write_string(r, next(), &s.folder)?;
    }
    sheet.set_freeze_panes(1, 2)?;
    sheet.set_column_width(1, 16)?;

    // 条目×社区
    let sheet = book.add_worksheet().set_name(names[1])?;
    let mut cols = vec![
        z(lang, "条目", "Item").to_owned(),
        z(lang, "名称", "Title").to_owned(),
    ];
    cols.extend(city.rows.iter().map(|r| r.summary.community.clone()));
    header(sheet, &cols, &head)?;
    let items = city
        .rows
        .first()
        .map(|r| r.summary.items.as_slice())
        .unwrap_or(&[]);
    for (i, item) in items.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        sheet.write_string(r, 0, &item.id)?;
        sheet.write_string(r, 1, item.title.get(lang))?;
        for (j, row) in city.rows.iter().enumerate() {
            let c = u16::try_from(j + 2).unwrap_or(u16::MAX);
            if let Some(found) = row.summary.items.iter().find(|x| x.id == item.id) {
                // The decisive status; the self-assessed one beside it where they differ.
                let mut word = status_word(found.decisive(), lang);
                if found.decisive() != found.status {
                    word.push_str(&format!(
                        "{}{}{}",
                        z(lang, "（自评：", " (self-assessed: "),
                        status_word(found.status, lang),
                        z(lang, "）", ")")
                    ));
                }
                sheet.write_string(r, c, word)?;
            }
        }
    }
    if !items.is_empty() && !city.rows.is_empty() {
        let last_row = u32::try_from(items.len()).unwrap_or(u32::MAX);
        let last_col = u16::try_from(city.rows.len() + 1).unwrap_or(u16::MAX);
        for (status, colour) in [
            (Status::Met, 0xC6EFCE),
            (Status::Partial, 0xFFEB9C),
            (Status::Unmet, 0xFFC7CE),
            (Status::NotApplicable, 0xE7E6E6),
            (Status::Waived, 0xE7E6E6),
            (Status::Error, 0xF4B183),
        ] {
            // By the first words: a cell may add the self-assessed status after the decisive one.
            let rule = ConditionalFormatText::new()
                .set_rule(ConditionalFormatTextRule::BeginsWith(status_word(
                    status, lang,
                )))
                .set_format(Format::new().set_background_color(Color::RGB(colour)));
            sheet.add_conditional_format(1, 2, last_row, last_col, &rule)?;
        }
    }
    sheet.set_freeze_panes(1, 2)?;
    sheet.set_column_width(1, 36)?;

    // 常见失分
    let sheet = book.add_worksheet().set_name(names[2])?;
    header(
        sheet,
        &[
            z(lang, "条目", "Item").to_owned(),
            z(lang, "名称", "Title").to_owned(),
            z(lang, "未达标社区数", "Communities not meeting it").to_owned(),
            z(lang, "社区", "Communities").to_owned(),
        ],
        &head,
    )?;
    for (i, (id, title, communities)) in super::common_failures(&city.rows).iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        sheet.write_string(r, 0, id)?;
        sheet.write_string(r, 1, title.get(lang))?;
        sheet.write_number(r, 2, communities.len() as f64)?;
        sheet.write_string(r, 3, communities.join(sep))?;
    }
    sheet.set_column_width(1, 36)?;

    // 无法评估
    let sheet = book.add_worksheet().set_name(names[3])?;
    header(
        sheet,
        &[
            z(lang, "证据包", "Pack").to_owned(),
            z(lang, "原因", "Reason").to_owned(),
        ],
        &head,
    )?;
    for (i, f) in city.failures.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        sheet.write_string(r, 0, &f.source)?;
        sheet.write_string_with_format(
            r,
            1,
            &f.message,
            &Format::new().set_text_wrap().set_align(FormatAlign::Top),
        )?;
    }
    sheet.set_column_width(0, 30)?;
    sheet.set_column_width(1, 90)?;

    // 同比
    if city.compared {
        let sheet = book.add_worksheet().set_name(names[4])?;
        header(
            sheet,
            &[
                z(lang, "社区", "Community").to_owned(),
                z(lang, "得分", "Total").to_owned(),
                z(lang, "与上年比", "Change").to_owned(),
                z(lang, "上年等级", "Last year's grade").to_owned(),
                z(lang, "等级", "Grade").to_owned(),
                z(lang, "新失分条目", "Newly failing items").to_owned(),
                z(lang, "新达标条目", "Newly met items").to_owned(),
            ],
            &head,
        )?;
        let mut rows: Vec<&super::Ranked> = city.rows.iter().collect();
        // newly failing first: most newly failing items, then the largest fall
        rows.sort_by(|a, b| {
            b.newly_failing
                .len()
                .cmp(&a.newly_failing.len())
                .then(a.change.unwrap_or(0.0).total_cmp(&b.change.unwrap_or(0.0)))
                .then_with(|| a.summary.community.cmp(&b.summary.community))
        });
        for (i, row) in rows.iter().enumerate() {
            let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
            sheet.write_string(r, 0, &row.summary.community)?;
            sheet.write_number(r, 1, row.summary.total)?;
            if let Some(v) = row.change {
                sheet.write_number(r, 2, v)?;
            }
            if let Some(g) = &row.previous_grade {
                sheet.write_string(r, 3, g.get(lang))?;
            }
            sheet.write_string(r, 4, row.summary.grade.get(lang))?;
            sheet.write_string(r, 5, row.newly_failing.join(sep))?;
            sheet.write_string(r, 6, row.newly_met.join(sep))?;
        }
    }
    book.save_to_buffer()
}

fn header(sheet: &mut Worksheet, columns: &[String], format: &Format) -> Result<(), XlsxError> {
    for (i, c) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, u16::try_from(i).unwrap_or(u16::MAX), c, format)?;
    }
    Ok(())
}
