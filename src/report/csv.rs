//! csv: the auditors' score sheet as plain data — one row per leaf item and a totals row, and
//! with a review the headline of [`summary`] (the reviewed result and the self-score) below it.
//!
//! Written with a UTF-8 byte-order mark and CRLF line ends: without the mark, Excel on Chinese
//! Windows reads the file as GBK and shows mojibake. The 复评分 column is blank for the auditor
//! until review.yaml re-scores some items; then every row shows the score that counts in the
//! reviewed total (the re-score, or the self-score the reviewer left as it was).

use super::context::{Context, ItemCtx};
use crate::render::escape::csv_cell;
use crate::Lang;

/// The score sheet's columns, as label keys.
pub const COLUMNS: [&str; 10] = [
    "col_no",
    "col_level1",
    "col_level2",
    "col_level3",
    "col_points",
    "col_score",
    "col_review",
    "col_status",
    "col_notes",
    "col_evidence",
];

/// The 三级 cell: `A1.1 产改领导小组`.
pub fn item_cell(id: &str, title: &str) -> String {
    if title.is_empty() {
        id.to_owned()
    } else {
        format!("{id} {title}")
    }
}

/// Reasons joined into one cell.
pub fn notes_cell(reasons: &[String], lang: Lang) -> String {
    reasons.join(if lang == Lang::Zh { "；" } else { "; " })
}

/// The score an item counts for in the reviewed total: its re-score, else its self-score; `None`
/// when nothing was re-scored (the column stays blank for the auditor).
pub fn reviewed_score(context: &Context, item: &ItemCtx) -> Option<f64> {
    context.score.review.as_ref()?;
    Some(item.review.as_ref().map_or(item.score, |r| r.score))
}

/// The sum of the 复评分 column, when it is filled.
pub fn reviewed_sum(context: &Context) -> Option<f64> {
    context.score.review.as_ref()?;
    Some(
        context
            .items
            .iter()
            .filter_map(|i| reviewed_score(context, i))
            .sum(),
    )
}

fn review_cell(context: &Context, item: &ItemCtx) -> String {
    reviewed_score(context, item).map_or(String::new(), super::context::num)
}

/// The headline below the score sheet: the figures a column sum cannot give (rescaling, bonus,
/// grade), as (label, value). With a review the community's result — the reviewed total and grade —
/// comes first and the self-score is a row of its own, labelled as such; without one the
/// self-score is the result. The xlsx writer shows the same rows.
pub fn summary(context: &Context) -> Vec<(String, String)> {
    let label = |key: &str| {
        context
            .labels
            .get(key)
            .copied()
            .unwrap_or_default()
            .to_owned()
    };
    let score = &context.score;
    let of_max = |text: &str| format!("{text} / {}", score.max_text);
    let figures = [
        (label("items_score"), score.items_score_text.clone()),
        (label("bonus"), score.bonus_text.clone()),
    ];
    match &score.review {
        None => figures
            .into_iter()
            .chain([
                (label("total_score"), of_max(&score.total_text)),
                (label("grade"), score.grade.clone()),
            ])
            .collect(),
        Some(_) => [
            (
                score.decisive.total_label.clone(),
                of_max(&score.decisive.total_text),
            ),
            (
                score.decisive.grade_label.clone(),
                score.decisive.grade.clone(),
            ),
            (label("self_total"), of_max(&score.total_text)),
            (label("self_grade"), score.grade.clone()),
        ]
        .into_iter()
        .chain(figures)
        .collect(),
    }
}

/// The 说明 of an item: for an item not met, its shortfall first, marked (`缺：…`); then what was
/// found; and the reviewer's comment when the item was re-scored.
pub fn notes(context: &Context, item: &ItemCtx) -> Vec<String> {
    let mut notes = Vec::new();
    if !item.shortfall.is_empty() {
        let mark = context
            .labels
            .get("missing_mark")
            .copied()
            .unwrap_or_default();
        let space = if context.lang == Lang::En { " " } else { "" };
        notes.push(format!(
            "{mark}{space}{}",
            notes_cell(&item.shortfall, context.lang)
        ));
    }
    notes.extend(item.reasons.iter().cloned());
    if let Some(review) = &item.review {
        let label = context
            .labels
            .get("review_score")
            .copied()
            .unwrap_or_default();
        let colon = context.labels.get("colon").copied().unwrap_or_default();
        notes.push(format!("{label}{colon}{}（{}）", review.comment, review.by));
    }
    notes
}

pub fn render(context: &Context) -> Result<Vec<u8>, String> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let label = |key: &str| context.labels.get(key).copied().unwrap_or_default();
        // Every cell through the formula guard: a file named `=HYPERLINK(…).pdf` stays text,
        // while scores (plain numbers, `-0.5` too) stay numbers.
        let mut row = |cells: [String; 10]| {
            writer
                .write_record(cells.iter().map(|c| csv_cell(c).into_owned()))
                .map_err(|e| e.to_string())
        };
        row(COLUMNS.map(|k| label(k).to_owned()))?;
        for item in &context.items {
            row([
                item.no.to_string(),
                item.level1.clone(),
                item.level2.clone(),
                item_cell(&item.id, &item.title),
                item.points_text.clone(),
                item.score_text.clone(),
                review_cell(context, item),
                item.status_label.clone(),
                notes_cell(&notes(context, item), context.lang),
                item.evidence.join("; "),
            ])?;
        }
        let points: f64 = context.items.iter().map(|i| i.points).sum();
        let score: f64 = context.items.iter().map(|i| i.score).sum();
        row([
            String::new(),
            label("total").to_owned(),
            String::new(),
            String::new(),
            super::context::num(points),
            super::context::num(score),
            reviewed_sum(context).map_or(String::new(), super::context::num),
            String::new(),
            String::new(),
            String::new(),
        ])?;
        // With a review the sum of the 复评分 column is not the community's result (rescaling,
        // bonus, grade): the headline says it. Without one the sheet stays as it always was.
        if context.score.review.is_some() {
            for (name, value) in summary(context) {
                let mut cells: [String; 10] = Default::default();
                cells[1] = name;
                cells[4] = value;
                row(cells)?;
            }
        }
        writer.flush().map_err(|e| e.to_string())?;
    }
    Ok(out)
}
