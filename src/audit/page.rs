//! `城市汇总.html`: the city summary as one self-contained page (no external asset, no script),
//! for a browser or for print on A4: the ranking table, a heat map of item × community statuses
//! and a bar chart of grades in inline SVG; with `--previous`, the year-on-year table. Every text
//! from a pack (community names, titles, messages) is escaped.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::CitySummary;
use crate::outcome::Status;
use crate::Lang;

fn e(text: &str) -> String {
    html_escape::encode_quoted_attribute(text).into_owned()
}

fn z<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn class(s: Status) -> &'static str {
    match s {
        Status::Met => "met",
        Status::Partial => "partial",
        Status::Unmet => "unmet",
        Status::NotApplicable | Status::Waived => "na",
        Status::Error => "error",
    }
}

fn num(v: f64) -> String {
    crate::render::num::num(v)
}

const STYLE: &str = r#"
@page { size: A4; margin: 14mm 12mm; }
@page heat { size: A4 landscape; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; font-size: 10pt; color: #222; margin: 1.5em; }
h1 { font-size: 16pt; margin: 0 0 .3em; }
h2 { font-size: 12pt; margin: 1.4em 0 .4em; border-bottom: 1px solid #999; }
p.meta { color: #555; margin: 0 0 1em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: 2px 5px; text-align: left; vertical-align: top; }
th { background: #dde5f0; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.veto td { background: #fbe3e3; }
table.heat { width: auto; }
table.heat th.i { font-weight: normal; font-size: 8pt; white-space: nowrap; max-width: 30em; overflow: hidden; text-overflow: ellipsis; }
table.heat td { width: 1.6em; height: 1.2em; padding: 0; text-align: center; font-size: 8pt; }
table.heat th.c { writing-mode: vertical-rl; font-weight: normal; font-size: 8pt; }
td.met { background: #c6efce; } td.partial { background: #ffeb9c; } td.unmet { background: #ffc7ce; }
td.na { background: #e7e6e6; } td.error { background: #f4b183; }
.legend span { display: inline-block; padding: 0 .6em; margin-right: .4em; border: 1px solid #bbb; }
section.heat { page: heat; break-before: page; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
@media print { body { margin: 0; } }
"#;

/// Renders the page.
pub fn render(city: &CitySummary, lang: Lang) -> String {
    let mut h = String::new();
    let title = z(lang, "城市汇总", "City summary");
    let sep = z(lang, "、", ", ");
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n<p class=\"meta\">{} {} · {} {} · {} {}</p>\n",
        z(lang, "zh-CN", "en"),
        z(lang, "标准：", "Standard:"),
        e(&city.standard),
        z(lang, "日期：", "Date:"),
        e(&city.date),
        z(lang, "社区数：", "Communities:"),
        city.rows.len(),
    );

    // Ranking
    let _ = write!(
        h,
        "<h2>{}</h2>\n<table class=\"rank\">\n<thead><tr>",
        z(lang, "排名", "Ranking")
    );
    for c in [
        z(lang, "名次", "Rank"),
        z(lang, "社区", "Community"),
        z(lang, "考核期", "Period"),
        z(lang, "得分", "Total"),
        z(lang, "等级", "Grade"),
        z(lang, "自评分", "Self"),
        z(lang, "复评分", "Review"),
        z(lang, "已完成/部分/未完成", "Met/Partial/Unmet"),
        z(lang, "与上年比", "vs last year"),
        z(lang, "一票否决", "Veto"),
    ] {
        let _ = write!(h, "<th>{c}</th>");
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for row in &city.rows {
        let s = &row.summary;
        let vetoes: Vec<&str> = s.vetoes.iter().map(|v| v.get(lang)).collect();
        let _ = writeln!(
            h,
            "<tr{}><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}/{}/{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            if vetoes.is_empty() { "" } else { " class=\"veto\"" },
            row.rank,
            e(&s.community),
            e(&s.period),
            num(s.total),
            e(s.grade.get(lang)),
            num(s.self_total),
            s.review_total.map_or("—".to_owned(), num),
            s.met,
            s.partial,
            s.unmet,
            row.change.map_or("—".to_owned(), crate::render::num::signed),
            e(&vetoes.join(sep)),
        );
    }
    h.push_str("</tbody>\n</table>\n");

    // Grades chart
    let mut grades: BTreeMap<(usize, String), usize> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for row in &city.rows {
        let g = row.summary.grade.get(lang).to_owned();
        if !order.contains(&g) {
            order.push(g.clone());
        }
    }
    // highest grade first: the order in which the ranking meets them, vetoed grades after
    for row in &city.rows {
        let g = row.summary.grade.get(lang).to_owned();
        let pos = order.iter().position(|x| *x == g).unwrap_or(0);
        *grades.entry((pos, g)).or_insert(0) += 1;
    }
    let _ = writeln!(h, "<h2>{}</h2>", z(lang, "等级分布", "Grades"));
    let max = grades.values().copied().max().unwrap_or(1).max(1);
    let bar_h = 22;
    let height = grades.len() * (bar_h + 8) + 10;
    let _ = writeln!(
        h,
        "<svg width=\"520\" height=\"{height}\" role=\"img\" aria-label=\"{}\">",
        z(lang, "等级分布", "Grades")
    );
    for (i, ((_, g), n)) in grades.iter().enumerate() {
        let y = 5 + i * (bar_h + 8);
        let w = 360 * n / max;
        let _ = writeln!(
            h,
            "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text><rect x=\"110\" y=\"{y}\" width=\"{w}\" height=\"{bar_h}\" fill=\"#4a78b5\"/><text x=\"{}\" y=\"{}\" font-size=\"12\">{n}</text>",
            y + 16,
            e(g),
            116 + w,
            y + 16,
        );
    }
    h.push_str("</svg>\n");

    // Year on year
    if city.compared {
        let _ = write!(
            h,
            "<h2>{}</h2>\n<table class=\"yoy\">\n<thead><tr>",
            z(lang, "同比", "Year on year")
        );
        for c in [
            z(lang, "社区", "Community"),
            z(lang, "与上年比", "Change"),
            z(lang, "上年等级", "Last year's grade"),
            z(lang, "等级", "Grade"),
            z(lang, "新失分条目", "Newly failing"),
            z(lang, "新达标条目", "Newly met"),
        ] {
            let _ = write!(h, "<th>{c}</th>");
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        let mut rows: Vec<&super::Ranked> = city.rows.iter().collect();
        rows.sort_by(|a, b| {
            b.newly_failing
                .len()
                .cmp(&a.newly_failing.len())
                .then(a.change.unwrap_or(0.0).total_cmp(&b.change.unwrap_or(0.0)))
                .then_with(|| a.summary.community.cmp(&b.summary.community))
        });
        for row in rows {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                e(&row.summary.community),
                row.change.map_or("—".to_owned(), crate::render::num::signed),
                row.previous_grade.as_ref().map_or("—".to_owned(), |g| e(g.get(lang))),
                e(row.summary.grade.get(lang)),
                e(&row.newly_failing.join(sep)),
                e(&row.newly_met.join(sep)),
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }

    // The items not met most often: the workbook's 常见失分
    let common = super::common_failures(&city.rows);
    if !common.is_empty() {
        let _ = write!(
            h,
            "<h2>{}</h2>\n<table class=\"failures\">\n<thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th>{}</th></tr></thead>\n<tbody>\n",
            z(lang, "常见失分", "Items most often not met"),
            z(lang, "条目", "Item"),
            z(lang, "名称", "Title"),
            z(lang, "未达标社区数", "Communities not meeting it"),
            z(lang, "社区", "Communities"),
        );
        for (id, title, communities) in &common {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                e(id),
                e(title.get(lang)),
                communities.len(),
                e(&communities.join(sep))
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }

    // Failures
    if !city.failures.is_empty() {
        let _ = write!(h, "<h2>{}</h2>\n<table class=\"failures\">\n<thead><tr><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
            z(lang, "无法评估", "Not evaluated"), z(lang, "证据包", "Pack"), z(lang, "原因", "Reason"));
        for f in &city.failures {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td></tr>",
                e(&f.source),
                e(&f.message)
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }

    // Heat map
    let _ = write!(
        h,
        "<section class=\"heat\">\n<h2>{}</h2>\n<p class=\"legend\"><span style=\"background:#c6efce\">{}</span><span style=\"background:#ffeb9c\">{}</span><span style=\"background:#ffc7ce\">{}</span><span style=\"background:#e7e6e6\">{}</span><span style=\"background:#f4b183\">{}</span> {}</p>\n<table class=\"heat\">\n<thead><tr><th>{}</th>",
        z(lang, "条目×社区", "Items × communities"),
        Status::Met.title().get(lang),
        Status::Partial.title().get(lang),
        Status::Unmet.title().get(lang),
        Status::NotApplicable.title().get(lang),
        Status::Error.title().get(lang),
        z(
            lang,
            "颜色是起决定作用的状态（有复评时为复评）；* 表示复评与自评不同，悬停可见两者",
            "colours show the decisive status (the review's where there is one); * marks a review that differs from the self-assessment, both shown on hover",
        ),
        z(lang, "条目", "Item"),
    );
    for row in &city.rows {
        let _ = write!(h, "<th class=\"c\">{}</th>", e(&row.summary.community));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    let items = city
        .rows
        .first()
        .map(|r| r.summary.items.as_slice())
        .unwrap_or(&[]);
    for item in items {
        let _ = write!(
            h,
            "<tr><th class=\"i\" title=\"{}\">{} {}</th>",
            e(item.title.get(lang)),
            e(&item.id),
            e(item.title.get(lang))
        );
        for row in &city.rows {
            match row.summary.items.iter().find(|x| x.id == item.id) {
                // The decisive status colours the cell; where the review differs from the
                // self-assessment, a mark, and both in the tooltip.
                Some(found) if found.decisive() != found.status => {
                    let _ = write!(
                        h,
                        "<td class=\"{}\" title=\"{}\">*</td>",
                        class(found.decisive()),
                        e(&format!(
                            "{}{}{}{}",
                            z(lang, "复评：", "reviewed: "),
                            found.decisive().title().get(lang),
                            z(lang, "；自评：", "; self-assessed: "),
                            found.status.title().get(lang)
                        ))
                    );
                }
                Some(found) => {
                    let _ = write!(
                        h,
                        "<td class=\"{}\" title=\"{}\"></td>",
                        class(found.status),
                        e(found.status.title().get(lang))
                    );
                }
                None => h.push_str("<td></td>"),
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n</section>\n</body>\n</html>\n");
    h
}
