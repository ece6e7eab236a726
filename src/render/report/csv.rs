//! csv: the auditors' score sheet as plain data — one row per leaf item, a totals row over the
//! items that count, and the headline of [`summary`] below it (with a review: the reviewed result
//! first, then the self-score). Written by [`crate::render::csv::sheet`] (byte-order mark, CRLF,
//! formula guard) like every csv changai writes. The 复评分 column is blank for the auditor
//! until review.yaml re-scores some items; then every row shows the score that counts in the
//! reviewed total (the re-score, or the self-score the reviewer left as it was).
//!
//! When evidence was discounted, the evidence-quality list follows after a blank row: a header
//! row of its own ([`QUALITY_COLUMNS`]) and one row per finding, its kind in plain words in the
//! third column.

use super::context::{Context, ItemCtx};
use crate::Lang;

/// The score sheet's columns, as label keys.
/// `col_level1` and `col_level2` are named by the standard's first two levels: the level-1
/// area's title, and the titles of every area between it and the item (so no level of a deep
/// tree is lost); `col_path` holds the ids of the enclosing areas, `col_level` the name of the
/// item's own level (last, as in the xlsx sheet, so the score columns keep their places).
pub const COLUMNS: [&str; 12] = [
    "col_no",
    "col_level1",
    "col_level2",
    "col_item",
    "col_points",
    "col_score",
    "col_review",
    "col_status",
    "col_notes",
    "col_evidence",
    "col_path",
    "col_level",
];

/// The index of `col_points` in [`COLUMNS`].
const POINTS: usize = 4;

/// The evidence-quality rows' columns, as label keys.
pub const QUALITY_COLUMNS: [&str; 7] = [
    "col_no",
    "col_file",
    "col_kind",
    "col_counted",
    "col_affects",
    "col_reason",
    "col_fix",
];

/// One finding as the cells of [`QUALITY_COLUMNS`] (the xlsx sheet writes the same), the
/// related files named in the reason cell.
pub fn quality_row(context: &Context, f: &super::context::FindingCtx) -> Vec<String> {
    let label = |key: &str| context.label(key);
    let reason = if f.related.is_empty() {
        f.reason.clone()
    } else {
        format!(
            "{}{}{}{}{}{}",
            f.reason,
            label("lparen"),
            label("col_related"),
            label("colon"),
            f.related.join(label("semi")),
            label("rparen")
        )
    };
    vec![
        f.no.to_string(),
        f.path.clone(),
        f.kind_label.clone(),
        f.counted_label.clone(),
        f.items.join(label("semi")),
        reason,
        f.fix.clone(),
    ]
}

/// The item cell: `A1.1 产改领导小组`.
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
    let label = |key: &str| context.label(key).to_owned();
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
        let mark = context.label("missing_mark");
        let space = if context.lang == Lang::En { " " } else { "" };
        notes.push(format!(
            "{mark}{space}{}",
            notes_cell(&item.shortfall, context.lang)
        ));
    }
    notes.extend(item.reasons.iter().cloned());
    if let Some(review) = &item.review {
        let label = context.label("review_score");
        let colon = context.label("colon");
        notes.push(format!("{label}{colon}{}（{}）", review.comment, review.by));
    }
    notes
}

pub fn render(context: &Context) -> Result<Vec<u8>, String> {
    let label = |key: &str| context.label(key).to_owned();
    let header = COLUMNS.map(|k| context.label(k));
    let mut rows: Vec<Vec<String>> = Vec::new();
    for item in &context.items {
        // An item that does not count (not applicable, waived) has no score to add up: blank,
        // so a column sum in a spreadsheet is the sum of what counts.
        let (score, review) = if item.counted {
            (item.score_text.clone(), review_cell(context, item))
        } else {
            (String::new(), String::new())
        };
        rows.push(vec![
            item.no.to_string(),
            item.level1.clone(),
            item.subareas.clone(),
            item_cell(&item.id, &item.title),
            item.points_text.clone(),
            score,
            review,
            item.status_label.clone(),
            notes_cell(&notes(context, item), context.lang),
            item.evidence.join("; "),
            item.path_text.clone(),
            item.level_name.clone(),
        ]);
    }
    // The totals row is the engine's own sum before rescaling: the items that count (under the
    // standard's not-applicable rule) and their points; the headline below gives what a column
    // sum cannot (rescaling, bonus, grade).
    let counted = || context.items.iter().filter(|i| i.counted);
    let reviewed = context.score.review.as_ref().map(|_| {
        counted()
            .filter_map(|i| reviewed_score(context, i))
            .sum::<f64>()
    });
    let mut total = vec![String::new(); COLUMNS.len()];
    total[1] = label("total_counted");
    total[POINTS] = context.score.items_max_text.clone();
    total[POINTS + 1] = context.score.items_score_text.clone();
    total[POINTS + 2] = reviewed.map_or(String::new(), super::context::num);
    rows.push(total);
    for (name, value) in summary(context) {
        let mut cells = vec![String::new(); COLUMNS.len()];
        cells[1] = name;
        cells[POINTS] = value;
        rows.push(cells);
    }
    if !context.evidence_quality.is_empty() {
        let pad = |mut cells: Vec<String>| {
            cells.resize(COLUMNS.len(), String::new());
            cells
        };
        rows.push(vec![String::new(); COLUMNS.len()]);
        rows.push(pad(vec![
            label("evidence_quality"),
            context.evidence_summary.clone(),
        ]));
        rows.push(pad(QUALITY_COLUMNS.iter().map(|k| label(k)).collect()));
        for f in &context.evidence_quality {
            rows.push(pad(quality_row(context, f)));
        }
    }
    crate::render::csv::sheet(&header, rows)
}
