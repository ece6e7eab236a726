//! What a check asks for, in plain words: the one place that turns a check's definition into the
//! sentence an officer reads as its `requires` — and the words for its parts (where the files go,
//! what a comparison means) that the checks reuse in their findings and shortfalls.
//!
//! The standard's own `describe`/`describe_en` always wins. Otherwise the sentence is built from
//! the check and never quotes a glob, a key or an expression: those are the authors' business and
//! go to the check's technical `detail`.
//!
//! - A glob is worded when it is regular: literal folders (optionally followed by `**`), then a
//!   file name that is `*`, a literal, `*X*` (name contains X), `X*` (starts with), `*X` (ends
//!   with), with an optional extension or `{a,b}` extension list. Anything else is "标准规定的位置"
//!   ("the place the standard sets") — the glob itself is still in the detail.
//! - A row rule (`filter`, ratio `when`) is "符合条件的行": an expression has no plain reading.
//! - A value's threshold reads as a percentage when it is a ratio (0 ≤ t ≤ 1) and the check's label
//!   or key names one: 率, 比例, 占比, 覆盖, coverage, rate, ratio, share, percent.

use serde_json::Value;

use super::context::text;
use super::records::fmt_num;
use crate::standard::model::{
    AttestCheck, Check, ExprCheck, FilesCheck, Op, Per, RecordsCheck, SchemaCheck, Text, TextCheck,
    ValueCheck,
};

/// The `requires` of a check: the standard's describe, else a built sentence. `period` is the
/// review period's label (`2025`).
pub fn requires(check: &Check, period: &str) -> Text {
    let given = |zh: &Option<String>, en: &Option<String>| -> Option<Text> {
        let zh = zh.as_deref().map(str::trim).unwrap_or_default();
        let en = en.as_deref().map(str::trim).unwrap_or_default();
        (!zh.is_empty() || !en.is_empty()).then(|| text(zh, en))
    };
    match check {
        Check::Files(c) => given(&c.describe, &c.describe_en).unwrap_or_else(|| files(c, period)),
        Check::Records(c) => {
            given(&c.describe, &c.describe_en).unwrap_or_else(|| records(c, period))
        }
        Check::Value(c) => given(&c.describe, &c.describe_en).unwrap_or_else(|| value(c)),
        Check::Expr(c) => given(&c.describe, &c.describe_en).unwrap_or_else(|| expr(c)),
        Check::Schema(c) => given(&c.describe, &c.describe_en).unwrap_or_else(|| schema(c)),
        Check::Text(c) => given(&c.describe, &c.describe_en).unwrap_or_else(|| text_check(c)),
        Check::Attest(c) => given(&c.describe, &c.describe_en).unwrap_or_else(|| attest(c)),
        Check::All(_) => text("以下各项都要满足", "all of the following"),
        Check::Any(_) => text("以下任一项满足即可", "any one of the following"),
        Check::AtLeast(c) => given(&c.describe, &c.describe_en).unwrap_or_else(|| {
            text(
                format!("以下至少 {} 项满足", c.k),
                format!("at least {} of the following", c.k),
            )
        }),
    }
}

/// A check's label in both languages, if the standard gives a non-blank one: `label_en` in
/// English, falling back to the Chinese `label` when absent (and the other way round).
pub fn label(zh: &Option<String>, en: &Option<String>) -> Option<Text> {
    let given = |l: &Option<String>| {
        l.as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
    };
    let en = given(en);
    let zh = given(zh).or_else(|| en.clone())?;
    let en = en.unwrap_or_else(|| zh.clone());
    Some(text(zh, en))
}

/// How a file name is matched.
#[derive(Debug, Clone, PartialEq, Eq)]
enum NameRule {
    Any,
    Named(String),
    Contains(String),
    Starts(String),
    Ends(String),
}

/// A glob read as a place: folder, whether subfolders count, the name rule, the extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Place {
    folder: String,
    deep: bool,
    name: NameRule,
    extensions: Vec<String>,
}

fn literal(s: &str) -> bool {
    !s.is_empty() && !s.contains(['*', '?', '[', ']', '{', '}', '\\', '!'])
}

/// Whether a glob can be put in words (a folder, a name rule, extensions); when not, a check
/// without a label reads "标准规定位置的文件" and lint asks for a `describe`.
pub fn glob_worded(glob: &str) -> bool {
    place(glob).is_some()
}

fn place(glob: &str) -> Option<Place> {
    let parts: Vec<&str> = glob.trim().trim_start_matches("./").split('/').collect();
    let (last, dirs) = parts.split_last()?;
    let mut folder = Vec::new();
    let mut deep = false;
    for d in dirs {
        if *d == "**" {
            deep = true;
        } else if deep || !literal(d) {
            return None;
        } else {
            folder.push(*d);
        }
    }
    if *last == "**" {
        return Some(Place {
            folder: folder.join("/"),
            deep: true,
            name: NameRule::Any,
            extensions: Vec::new(),
        });
    }
    // the extension part: `.pdf` or `.{pdf,docx}`
    let (stem, extensions) = if let Some(open) = last.rfind(".{") {
        let list = last[open + 2..].strip_suffix('}')?;
        let exts: Vec<String> = list.split(',').map(|e| e.trim().to_owned()).collect();
        if exts.iter().any(|e| !literal(e) || e.contains('.')) {
            return None;
        }
        (&last[..open], exts)
    } else {
        match last.rsplit_once('.') {
            Some((stem, ext)) if literal(ext) => (stem, vec![ext.to_owned()]),
            _ => (*last, Vec::new()),
        }
    };
    let name = if stem == "*" {
        NameRule::Any
    } else if literal(stem) {
        NameRule::Named(stem.to_owned())
    } else if let Some(mid) = stem.strip_prefix('*').and_then(|s| s.strip_suffix('*')) {
        literal(mid).then(|| NameRule::Contains(mid.to_owned()))?
    } else if let Some(tail) = stem.strip_prefix('*') {
        literal(tail).then(|| NameRule::Ends(tail.to_owned()))?
    } else if let Some(head) = stem.strip_suffix('*') {
        literal(head).then(|| NameRule::Starts(head.to_owned()))?
    } else {
        return None;
    };
    Some(Place {
        folder: folder.join("/"),
        deep,
        name,
        extensions,
    })
}

/// Where files go, as a noun phrase: "A/A1.1 文件夹中名称含“值班”的 PDF 或 Word 文件" /
/// "PDF or Word files whose name contains “值班” in the folder A/A1.1"; "标准规定位置的文件" when
/// the glob is too irregular to word. `extensions`, when given, are the check's allowed types,
/// named by their kind (`crate::words::file_kinds`).
pub fn files_place(glob: &str, extensions: &[String]) -> Text {
    files_place_n(glob, extensions, 2)
}

/// [`files_place`] for `n` files: the English noun agrees ("PDF file" for 1).
pub fn files_place_n(glob: &str, extensions: &[String], n: usize) -> Text {
    let file = crate::words::noun(n, "file");
    let Some(p) = place(glob) else {
        return text(
            "标准规定位置的文件",
            format!("{file} in the place the standard sets"),
        );
    };
    let exts = if extensions.is_empty() {
        p.extensions.clone()
    } else {
        extensions.to_vec()
    };
    let (kinds_zh, kinds_en) = crate::words::file_kinds(&exts);
    let (what_zh, what_en) = if exts.is_empty() {
        ("文件".to_owned(), file)
    } else {
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        let before = if latin(kinds_zh.chars().next()) {
            " "
        } else {
            ""
        };
        let after = if latin(kinds_zh.chars().last()) {
            " "
        } else {
            ""
        };
        (
            format!("{before}{kinds_zh}{after}文件"),
            format!("{kinds_en} {file}"),
        )
    };
    let (name_zh, name_en) = match &p.name {
        NameRule::Any => (String::new(), String::new()),
        NameRule::Named(s) => (format!("名为“{s}”的"), format!(" named “{s}”")),
        NameRule::Contains(s) => (
            format!("名称含“{s}”的"),
            format!(" whose name contains “{s}”"),
        ),
        NameRule::Starts(s) => (
            format!("名称以“{s}”开头的"),
            format!(" whose name starts with “{s}”"),
        ),
        NameRule::Ends(s) => (
            format!("名称以“{s}”结尾的"),
            format!(" whose name ends with “{s}”"),
        ),
    };
    let (folder_zh, folder_en) = match (p.folder.is_empty(), p.deep) {
        (true, false) => (
            "证据包根目录".to_owned(),
            "at the top of the pack".to_owned(),
        ),
        (true, true) => ("证据包中".to_owned(), "anywhere in the pack".to_owned()),
        (false, false) => (
            format!("{} 文件夹", p.folder),
            format!("in the folder {}", p.folder),
        ),
        (false, true) => (
            format!("{} 文件夹（含子文件夹）", p.folder),
            format!("in the folder {} (and its subfolders)", p.folder),
        ),
    };
    let zh_sep = if folder_zh.ends_with('中') {
        ""
    } else {
        "中"
    };
    let de = if name_zh.is_empty() { "的" } else { "" };
    text(
        format!("{folder_zh}{zh_sep}{de}{name_zh}{what_zh}"),
        format!("{what_en}{name_en} {folder_en}"),
    )
}

/// Where a register goes: as [`files_place`], but a register named without its extension
/// (`data/整改清单`, found in any spreadsheet format) is "…名为“整改清单”的表格（Excel、WPS 表格或
/// csv）" rather than "…的文件".
pub fn register_place(glob: &str) -> Text {
    let t = files_place_n(glob, &[], 1);
    if !place(glob).is_some_and(|p| p.extensions.is_empty()) {
        return t;
    }
    match (t.zh.strip_suffix("文件"), t.en.strip_prefix("file")) {
        (Some(zh), Some(en)) => text(
            format!("{zh}表格（Excel、WPS 表格或 csv）"),
            format!("a spreadsheet (Excel, WPS or csv){en}"),
        ),
        _ => t,
    }
}

/// `s` with a space before it when it starts with a Latin letter or digit, for joining after
/// Chinese text ("缺少 tasks", "补上 data 文件夹…").
pub fn pad(s: &str) -> String {
    if s.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        format!(" {s}")
    } else {
        s.to_owned()
    }
}

/// The name of the one data file a glob names (`data/走访台账.csv` → `走访台账`), if it names one.
pub fn file_stem(glob: &str) -> Option<String> {
    match place(glob)?.name {
        NameRule::Named(s) => Some(s),
        _ => None,
    }
}

/// "Within the review period" in words: `2025` → "2025 年内" / "2025"; a range
/// → "2025-01-01 至 2025-06-30 期间" / the range.
pub fn period_words(label: &str) -> (String, String) {
    let l = label.trim();
    if l.len() == 4 && l.chars().all(|c| c.is_ascii_digit()) {
        (format!("{l} 年内"), l.to_owned())
    } else {
        (format!("{l} 期间"), l.to_owned())
    }
}

/// A due day `03-31` in words: "3 月 31 日" / "31 March"… kept as `03-31` in English.
pub fn due_words(due: &str) -> (String, String) {
    match due.trim().split_once('-') {
        Some((m, d)) => match (m.parse::<u8>(), d.parse::<u8>()) {
            (Ok(m), Ok(d)) => (format!("{m} 月 {d} 日"), format!("{m:02}-{d:02}")),
            _ => (due.to_owned(), due.to_owned()),
        },
        None => (due.to_owned(), due.to_owned()),
    }
}

/// A period kind: 月 / 季度 / 半年 / 年度.
pub fn per_words(per: Per) -> (&'static str, &'static str) {
    match per {
        Per::Month => ("月", "month"),
        Per::Quarter => ("季度", "quarter"),
        Per::Half => ("半年", "half-year"),
        Per::Year => ("年度", "year"),
    }
}

/// "每个季度都有" / "至少覆盖 3 个季度" (and English).
pub fn periods_rule(per: Per, min: Option<u32>) -> (String, String) {
    let (zh, en) = per_words(per);
    match min {
        None => (format!("每个{zh}都有"), format!("one in every {en}")),
        Some(m) => (
            format!("至少覆盖 {m} 个{zh}"),
            format!("covering at least {m} {en}s"),
        ),
    }
}

/// The files' conditions besides the count: dated in the period, by the due day, per period,
/// at most. Each a short phrase.
pub fn files_conditions(c: &FilesCheck, period: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let (pz, pe) = period_words(period);
    // the date rules share one phrase: the date is the one in the file name, else the one the
    // file records (a photo's EXIF, a document's creation date), as `check::files` decides
    match (c.in_period, &c.due) {
        (true, Some(due)) => {
            let (dz, de) = due_words(due);
            out.push((
                format!("文件名或文件记录的日期在 {pz}、不晚于 {dz}"),
                format!("dated in {pe} and on or before {de} by its file name or, without one, by the date it records"),
            ));
        }
        (true, None) => out.push((
            format!("文件名或文件记录的日期在 {pz}"),
            format!("dated in {pe} by its file name or, without one, by the date it records"),
        )),
        (false, Some(due)) => {
            let (dz, de) = due_words(due);
            out.push((
                format!("文件名或文件记录的日期不晚于 {dz}"),
                format!("dated on or before {de} by its file name or, without one, by the date it records"),
            ));
        }
        (false, None) => {}
    }
    if let Some(rule) = &c.periods {
        let (z, e) = periods_rule(rule.per, rule.min);
        out.push((z, e));
        if let Some(n) = rule.report_due_days.filter(|n| *n > 0) {
            out.push((
                format!("每期结束后 {n} 天内的也计入该期"),
                format!("a period's files may be dated up to {n} days after it ends"),
            ));
        }
    }
    if let Some(n) = c.grace_days.filter(|n| *n > 0) {
        out.push((
            format!("评价期结束后 {n} 天内的也计"),
            format!("files dated up to {n} days after the review period count too"),
        ));
    }
    if c.dates_agree {
        out.push((
            "照片拍摄或文档创建的日期须与文件名日期相符".to_owned(),
            "the date the photo was taken or the document made must agree with the name's date"
                .to_owned(),
        ));
    }
    if let Some(max) = c.max {
        out.push((format!("最多 {max} 个"), format!("at most {max}")));
    }
    out.extend(content_conditions(c.min_pages, c.min_chars));
    out
}

/// "每份至少 2 页" / "每份至少 200 字" (and English): the content rules of files and documents.
pub fn content_conditions(min_pages: Option<u32>, min_chars: Option<u32>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(p) = min_pages {
        out.push((
            format!("每份至少 {p} 页"),
            format!("each at least {p} pages"),
        ));
    }
    if let Some(n) = min_chars {
        out.push((
            format!("每份至少 {n} 字"),
            format!("each at least {n} characters of text"),
        ));
    }
    out
}

fn join_conditions(conds: &[(String, String)]) -> (String, String) {
    let zh: String = conds.iter().map(|(z, _)| format!("，{z}")).collect();
    let en: String = conds.iter().map(|(_, e)| format!(", {e}")).collect();
    (zh, en)
}

/// The name a files check goes by: its label, else where the files are.
pub fn files_name(c: &FilesCheck) -> Text {
    label(&c.label, &c.label_en).unwrap_or_else(|| files_place(&c.glob, &c.extensions))
}

fn files(c: &FilesCheck, period: &str) -> Text {
    let min = c.min.unwrap_or(1);
    let where_ = files_place_n(&c.glob, &c.extensions, min as usize);
    let (cz, ce) = join_conditions(&files_conditions(c, period));
    match label(&c.label, &c.label_en) {
        Some(l) => text(
            format!("{}：{}，至少 {min} 个{cz}", l.zh, where_.zh),
            format!("{}: at least {min} {}{ce}", l.en, where_.en),
        ),
        None => text(
            format!("{}，至少 {min} 个{cz}", where_.zh),
            format!("at least {min} {}{ce}", where_.en),
        ),
    }
}

/// The name a register goes by: its label, else the name of the file, else "标准规定的台账".
pub fn register_name(l: &Option<String>, l_en: &Option<String>, glob: &str) -> Text {
    match label(l, l_en) {
        Some(l) => l,
        None => match file_stem(glob) {
            Some(s) => text(s.clone(), s),
            None => text("标准规定的台账", "the register the standard names"),
        },
    }
}

/// Column names quoted for reading: “责任人”“日期”.
pub fn columns(cols: &[String]) -> String {
    cols.iter().map(|c| format!("“{c}”")).collect()
}

/// `0.9` → `90%`, `0.125` → `12.5%`.
pub fn percent(x: f64) -> String {
    format!("{}%", fmt_num(x * 100.0))
}

fn records(c: &RecordsCheck, period: &str) -> Text {
    let name = register_name(&c.label, &c.label_en, &c.file);
    let min = c.min.unwrap_or(1);
    let (pz, pe) = period_words(period);
    let rows_zh = if c.filter.is_some() {
        "符合条件的记录"
    } else {
        "记录"
    };
    let rows_en = match (c.filter.is_some(), min == 1) {
        (true, true) => "matching row",
        (true, false) => "matching rows",
        (false, true) => "row",
        (false, false) => "rows",
    };
    let mut zh = format!("{}：至少 {min} 行{rows_zh}", name.zh);
    let mut en = format!("{}: at least {min} {rows_en}", name.en);
    if let Some(col) = &c.date_column {
        zh.push_str(&format!("，“{col}”在 {pz}"));
        en.push_str(&format!(", “{col}” in {pe}"));
    }
    if let Some(max) = c.max {
        zh.push_str(&format!("，最多 {max} 行"));
        en.push_str(&format!(", at most {max}"));
    }
    if !c.required.is_empty() {
        zh.push_str(&format!("；每行都填写{}", columns(&c.required)));
        en.push_str(&format!(
            "; every row fills in {}",
            c.required
                .iter()
                .map(|c| format!("“{c}”"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(rule) = &c.periods {
        let (z, e) = periods_rule(rule.per, rule.min);
        zh.push_str(&format!("；按“{}”{z}记录", rule.column));
        en.push_str(&format!("; by “{}”, {e}", rule.column));
    }
    if let Some(rule) = &c.distinct {
        if let Some(m) = rule.min {
            zh.push_str(&format!("；“{}”至少有 {m} 种不同的值", rule.column));
            en.push_str(&format!("; at least {m} different “{}”", rule.column));
        }
        if !rule.values.is_empty() {
            zh.push_str(&format!(
                "；“{}”包括{}",
                rule.column,
                rule.values.join("、")
            ));
            en.push_str(&format!(
                "; “{}” includes {}",
                rule.column,
                rule.values.join(", ")
            ));
        }
    }
    if let Some(rule) = &c.sum {
        zh.push_str(&format!(
            "；“{}”合计不少于 {}",
            rule.column,
            fmt_num(rule.min)
        ));
        en.push_str(&format!(
            "; “{}” adds up to at least {}",
            rule.column,
            fmt_num(rule.min)
        ));
    }
    if let Some(rule) = &c.ratio {
        let t = percent(rule.target);
        match (&rule.numerator_column, &rule.denominator_column) {
            (Some(nc), Some(dc)) if rule.when.is_none() => {
                zh.push_str(&format!("；“{nc}”合计占“{dc}”合计不低于 {t}"));
                en.push_str(&format!("; the sum of “{nc}” is at least {t} of “{dc}”"));
            }
            _ => {
                zh.push_str(&format!("；其中符合条件的行不低于 {t}"));
                en.push_str(&format!("; at least {t} of them meet the condition"));
            }
        }
    }
    text(zh, en)
}

/// The name an indicator goes by: its label, else "标准规定的指标".
pub fn value_name(c: &ValueCheck) -> Text {
    label(&c.label, &c.label_en)
        .unwrap_or_else(|| text("标准规定的指标", "the indicator the standard names"))
}

/// Whether a value check's numbers read as percentages (see the module doc).
pub fn is_percent(c: &ValueCheck) -> bool {
    let words = format!(
        "{} {} {}",
        c.label.as_deref().unwrap_or_default(),
        c.label_en.as_deref().unwrap_or_default().to_lowercase(),
        c.path.to_lowercase()
    );
    let named = [
        "率", "比例", "占比", "覆盖", "coverage", "rate", "ratio", "share", "percent",
    ]
    .iter()
    .any(|w| words.contains(w));
    let ratio = |v: &Value| v.as_f64().is_some_and(|x| (0.0..=1.0).contains(&x));
    let threshold = match &c.threshold {
        Value::Array(items) => !items.is_empty() && items.iter().all(ratio),
        v => ratio(v),
    };
    named && threshold
}

/// A value as a person reads it: numbers (as percentages when `pct`), text as is, booleans 是/否.
pub fn show_value(v: &Value, pct: bool) -> (String, String) {
    match v {
        Value::String(s) => (s.clone(), s.clone()),
        Value::Number(n) => match n.as_f64() {
            Some(x) if pct => (percent(x), percent(x)),
            Some(x) => (fmt_num(x), fmt_num(x)),
            None => (n.to_string(), n.to_string()),
        },
        Value::Bool(true) => ("是".into(), "yes".into()),
        Value::Bool(false) => ("否".into(), "no".into()),
        Value::Null => ("空".into(), "empty".into()),
        other => (other.to_string(), other.to_string()),
    }
}

/// A comparison in words: "高于 90%", "在 1 至 3 之间", "为 甲、乙 之一".
pub fn comparison(op: Op, t: &Value, pct: bool) -> (String, String) {
    let one = |v: &Value| show_value(v, pct);
    let (tz, te) = one(t);
    match op {
        Op::Ge => (format!("不低于 {tz}"), format!("at least {te}")),
        Op::Gt => (format!("高于 {tz}"), format!("above {te}")),
        Op::Le => (format!("不高于 {tz}"), format!("at most {te}")),
        Op::Lt => (format!("低于 {tz}"), format!("below {te}")),
        Op::Eq => (format!("为 {tz}"), format!("equal to {te}")),
        Op::Ne => (format!("不为 {tz}"), format!("not {te}")),
        Op::Between => match t.as_array().map(Vec::as_slice) {
            Some([lo, hi]) => {
                let (lz, le) = one(lo);
                let (hz, he) = one(hi);
                (
                    format!("在 {lz} 至 {hz} 之间"),
                    format!("between {le} and {he}"),
                )
            }
            _ => (
                "在标准规定的范围内".into(),
                "within the standard's range".into(),
            ),
        },
        Op::In => {
            let items: Vec<(String, String)> = t
                .as_array()
                .map(|a| a.iter().map(one).collect())
                .unwrap_or_default();
            let zh: Vec<&str> = items.iter().map(|(z, _)| z.as_str()).collect();
            let en: Vec<&str> = items.iter().map(|(_, e)| e.as_str()).collect();
            (
                format!("为 {} 之一", zh.join("、")),
                format!("one of {}", en.join(", ")),
            )
        }
    }
}

fn value(c: &ValueCheck) -> Text {
    let name = value_name(c);
    let (z, e) = comparison(c.op, &c.threshold, is_percent(c));
    text(format!("{}{z}", name.zh), format!("{} {e}", name.en))
}

/// The name a condition goes by: its label, else "标准规定的条件".
pub fn expr_name(c: &ExprCheck) -> Text {
    label(&c.label, &c.label_en)
        .unwrap_or_else(|| text("标准规定的条件", "the condition the standard sets"))
}

fn expr(c: &ExprCheck) -> Text {
    label(&c.label, &c.label_en).unwrap_or_else(|| {
        text(
            "满足标准规定的条件",
            "the condition the standard sets holds",
        )
    })
}

/// The name a data file goes by: its label, else the file's name, else "标准规定的数据文件".
pub fn data_name(l: &Option<String>, l_en: &Option<String>, glob: &str) -> Text {
    match label(l, l_en) {
        Some(l) => l,
        None => match file_stem(glob) {
            Some(s) => text(s.clone(), s),
            None => text("标准规定的数据文件", "the data file the standard names"),
        },
    }
}

fn schema(c: &SchemaCheck) -> Text {
    let name = data_name(&c.label, &c.label_en, &c.file);
    text(
        format!("{}：内容完整，符合标准规定的格式", name.zh),
        format!("{}: complete, in the format the standard sets", name.en),
    )
}

/// The name documents go by: their label, else where they are.
pub fn documents_name(c: &TextCheck) -> Text {
    label(&c.label, &c.label_en).unwrap_or_else(|| files_place(&c.glob, &[]))
}

fn text_check(c: &TextCheck) -> Text {
    let min = c.min.unwrap_or(1);
    let where_ = files_place(&c.glob, &[]);
    let words: Vec<&str> = c.keywords.iter().map(|k| k.trim()).collect();
    let zh_words: String = words.iter().map(|w| format!("“{w}”")).collect();
    let en_words = words
        .iter()
        .map(|w| format!("“{w}”"))
        .collect::<Vec<_>>()
        .join(", ");
    let (lz, le) = match label(&c.label, &c.label_en) {
        Some(l) => (format!("{}：", l.zh), format!("{}: ", l.en)),
        None => (String::new(), String::new()),
    };
    let (cz, ce) = join_conditions(&content_conditions(c.min_pages, c.min_chars));
    // where the glob names the file types, the place already says them
    let typed = place(&c.glob).is_some_and(|p| !p.extensions.is_empty());
    let (kz, ke) = if typed {
        ("", "")
    } else {
        (
            "（docx、带文字的 PDF、txt 等可读取文字的文档）",
            " (docx, PDF with text, txt or other documents whose text can be read)",
        )
    };
    text(
        format!("{lz}{}，至少 {min} 份写有{zh_words}{kz}{cz}", where_.zh),
        format!(
            "{le}at least {min} of the {}{ke} mention {en_words}{ce}",
            where_.en
        ),
    )
}

fn attest(c: &AttestCheck) -> Text {
    let role = c.role.trim();
    match label(&c.label, &c.label_en) {
        Some(l) => text(
            format!("{}：由{role}审核签字确认", l.zh),
            format!("{}: signed off by {role}", l.en),
        ),
        None => text(
            format!("由{role}审核签字确认"),
            format!("signed off by {role}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh(glob: &str) -> String {
        files_place(glob, &[]).zh
    }

    #[test]
    fn globs_in_words() {
        assert_eq!(zh("A/A1.1/*"), "A/A1.1 文件夹中的文件");
        assert_eq!(
            zh("A/A1.1/*值班*.{pdf,docx}"),
            "A/A1.1 文件夹中名称含“值班”的 PDF 或 Word 文件"
        );
        assert_eq!(
            zh("data/整改清单.{csv,xlsx}"),
            "data 文件夹中名为“整改清单”的 CSV 或 Excel 文件"
        );
        assert_eq!(zh("A/**/*.pdf"), "A 文件夹（含子文件夹）中的 PDF 文件");
        assert_eq!(zh("A/*.{jpg,png}"), "A 文件夹中的图片文件");
        assert_eq!(zh("E/E1.2/*备案*"), "E/E1.2 文件夹中名称含“备案”的文件");
        assert_eq!(
            register_place("data/整改清单").zh,
            "data 文件夹中名为“整改清单”的表格（Excel、WPS 表格或 csv）"
        );
        assert_eq!(
            register_place("data/整改清单").en,
            "a spreadsheet (Excel, WPS or csv) named “整改清单” in the folder data"
        );
        assert_eq!(zh("A/*/x?.pdf"), "标准规定位置的文件");
        assert_eq!(zh("*.pdf"), "证据包根目录中的 PDF 文件");
        assert_eq!(
            files_place("A/A1.1/*值班*.{pdf,docx}", &[]).en,
            "PDF or Word files whose name contains “值班” in the folder A/A1.1"
        );
        assert_eq!(
            files_place_n("A/*.{pdf,docx,jpg,jpeg,png}", &[], 1).en,
            "PDF, Word or image file in the folder A"
        );
    }
}
