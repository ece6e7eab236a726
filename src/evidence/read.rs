//! Readers for the registers officers keep: yaml, json, csv, tsv, xlsx, xls, ods and WPS et.
//! Documents read for their text are `super::document`'s.
//!
//! Registers come from Excel and WPS on office PCs, so a csv may be UTF-8 with or without a BOM,
//! GBK or UTF-16, and tab-separated; where the table sits on its sheet (title rows above, a
//! footer below) is found by `crate::evidence::layout`; dates may be Excel serial numbers. Every
//! reader takes the bytes that `crate::source` read (bounded, regular files only, hashed) and
//! returns a value or a [`Diagnostic`] naming the file and, where there is one, the line or row;
//! nothing here panics on what it reads. Registers are strict: a duplicate column name, or a
//! number that is not finite, is an error rather than data silently lost or summed.
//! Readers are pure: reading and caching per run is the caller's business (`crate::check`).

use serde_json::{Map, Value};

use crate::diagnostic::Diagnostic;
use crate::standard::source_map::{escape, SourceMap};

/// Why a file could not be read: a [`Diagnostic`] naming the file (relative to the pack root)
/// and, where known, the line (text formats) or row (spreadsheets).
fn unreadable(file: &str, zh: impl Into<String>, en: impl Into<String>) -> Diagnostic {
    Diagnostic::error("unreadable-evidence", file, zh, en)
}

/// A parsed yaml or json file, with its text kept for line lookups.
#[derive(Debug, Clone)]
pub struct DataDoc {
    pub value: Value,
    pub text: String,
}

/// The rows of a register.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Column names in file order (header row, trimmed).
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    /// What was passed over around the table (title rows, totals rows, the footer), for the
    /// check's detail; `None` when the header is the first row and every row below is data.
    pub layout: Option<crate::standard::model::Text>,
}

#[derive(Debug, Clone)]
pub struct Row {
    /// The file the row came from (relative to the pack root).
    pub file: String,
    /// The row's line (csv, yaml, json) or spreadsheet row number (xlsx), 1-based.
    pub line: usize,
    /// Every column of the table; a cell missing in this row is `null`.
    pub cells: Map<String, Value>,
    /// The row as expression variables, built once however many checks filter this register.
    pub expr_value: std::sync::OnceLock<minijinja::Value>,
}

impl Row {
    pub fn new(file: &str, line: usize, cells: Map<String, Value>) -> Self {
        Row {
            file: file.to_owned(),
            line,
            cells,
            expr_value: std::sync::OnceLock::new(),
        }
    }
}

/// A cell as the text a person sees ("" for blanks).
pub fn cell_str(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

/// The lowercase extension of a relative path.
pub fn extension(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_lowercase(),
        _ => String::new(),
    }
}

/// The file stem (`data/indicators.yaml` → `indicators`).
pub fn stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    }
}

/// Text in UTF-8 (a BOM is dropped), else GB18030 (which covers GBK and GB2312): what Chinese
/// Windows saves when nobody chose an encoding; UTF-16 (little- or big-endian) by its BOM or,
/// without one, by the pattern of its NUL bytes.
pub fn decode_text(bytes: &[u8]) -> String {
    decode_as(bytes, sniff(bytes))
}

/// Parses a yaml or json data file.
pub fn read_doc(rel: &str, bytes: &[u8]) -> Result<DataDoc, Diagnostic> {
    let ext = extension(rel);
    if !matches!(ext.as_str(), "yaml" | "yml" | "json") {
        return Err(unreadable(
            rel,
            "不是 yaml 或 json 数据文件",
            "not a yaml or json data file",
        ));
    }
    let text = decode_text(bytes);
    let value = if ext == "json" {
        serde_json::from_str::<Value>(&text).map_err(|e| {
            unreadable(
                rel,
                format!("JSON 格式有误：{}", crate::source::json_words(&e).0),
                format!("invalid JSON: {}", crate::source::json_words(&e).1),
            )
            .at_line(Some(e.line()), Some(e.column()))
            .with_cause(e.to_string())
        })?
    } else {
        crate::source::parse_yaml::<Value>(&text, rel)?
    };
    Ok(DataDoc { value, text })
}

/// Follows a dotted key path (`coverage.above_scale`, `items.0.name`) inside a value.
pub fn lookup<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    let mut current = value;
    for key in path.split('.').filter(|k| !k.is_empty()) {
        current = match current {
            Value::Object(map) => map.get(key)?,
            Value::Array(items) => items.get(key.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

/// The JSON Pointer of a dotted key path.
pub fn pointer_of(path: &str) -> String {
    path.split('.')
        .filter(|k| !k.is_empty())
        .map(|k| format!("/{}", escape(k)))
        .collect()
}

/// The extensions a register may have, so that a standard may name one without its extension
/// (`data/培训台账`) and find it in whichever format the office saved (`crate::evidence::index`).
pub const REGISTER_EXTENSIONS: [&str; 11] = [
    "csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods", "et", "yaml", "yml", "json",
];

/// Reads a register from its bytes: a csv, an xlsx/xls workbook, or a yaml/json list of mappings.
/// `sheet` is the workbook's sheet, or the dotted key path of the list in yaml/json.
pub fn read_table(rel: &str, bytes: Vec<u8>, sheet: Option<&str>) -> Result<Table, Diagnostic> {
    read_register(rel, bytes, sheet, &[])
}

/// Reads a register, finding its header by `need`, the columns the check reads (see
/// `crate::evidence::layout`): csv, tsv and tab-separated txt in any encoding offices save;
/// xlsx, xlsm, xls, ods and WPS `.et` (told apart by their bytes); yaml or json lists.
pub fn read_register(
    rel: &str,
    bytes: Vec<u8>,
    sheet: Option<&str>,
    need: &[String],
) -> Result<Table, Diagnostic> {
    match extension(rel).as_str() {
        ext @ ("csv" | "tsv" | "txt") => {
            let text = decode_register(rel, &bytes)?;
            let tab = ext == "tsv" || tab_separated(&text);
            table_from_delimited(rel, &text, if tab { b'\t' } else { b',' }, need)
        }
        "xlsx" | "xlsm" | "xls" | "ods" | "et" => table_from_book(rel, bytes, sheet, need),
        "yaml" | "yml" | "json" => {
            let doc = read_doc(rel, &bytes)?;
            table_from_doc(rel, &doc, sheet)
        }
        other => Err(unreadable(
            rel,
            format!("不支持的数据文件类型“.{other}”（可用 csv、xlsx、xls、ods、et、yaml、json）"),
            format!(
                "unsupported data file type `.{other}` (use csv, xlsx, xls, ods, et, yaml or json)"
            ),
        )),
    }
}

/// The text encodings a register or a plain-text document comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// UTF-8 (a BOM of `skip` bytes is dropped), or GB18030 when it is not valid UTF-8.
    Narrow {
        skip: usize,
    },
    Utf16Le {
        skip: usize,
    },
    Utf16Be {
        skip: usize,
    },
}

/// The encoding of a text by its BOM, or, without one, by where its NUL bytes fall: ASCII
/// (commas, line ends, digits) in UTF-16 has a NUL in every other byte — after the character in
/// little-endian, before it in big-endian. Notepad's "Unicode" and Excel's "Unicode text" save
/// UTF-16 LE.
pub(crate) fn sniff(bytes: &[u8]) -> Encoding {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Encoding::Narrow { skip: 3 };
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Encoding::Utf16Le { skip: 2 };
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Encoding::Utf16Be { skip: 2 };
    }
    let head = &bytes[..bytes.len().min(4096)];
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, b) in head.iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let pairs = head.len() / 2;
    if pairs > 0 && odd * 8 > pairs && even * 8 < odd {
        Encoding::Utf16Le { skip: 0 }
    } else if pairs > 0 && even * 8 > pairs && odd * 8 < even {
        Encoding::Utf16Be { skip: 0 }
    } else {
        Encoding::Narrow { skip: 0 }
    }
}

fn decode_as(bytes: &[u8], encoding: Encoding) -> String {
    match encoding {
        Encoding::Narrow { skip } => {
            let bytes = bytes.get(skip..).unwrap_or_default();
            match std::str::from_utf8(bytes) {
                Ok(s) => s.to_owned(),
                Err(_) => {
                    let (text, _) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
                    text.into_owned()
                }
            }
        }
        Encoding::Utf16Le { skip } => encoding_rs::UTF_16LE
            .decode_without_bom_handling(bytes.get(skip..).unwrap_or_default())
            .0
            .into_owned(),
        Encoding::Utf16Be { skip } => encoding_rs::UTF_16BE
            .decode_without_bom_handling(bytes.get(skip..).unwrap_or_default())
            .0
            .into_owned(),
    }
}

/// A register's text: as [`decode_text`], but a UTF-16 file cut in the middle of a character
/// (an odd number of bytes) is refused rather than read with its last character guessed.
pub fn decode_register(rel: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    let encoding = sniff(bytes);
    if let Encoding::Utf16Le { skip } | Encoding::Utf16Be { skip } = encoding {
        if (bytes.len() - skip) % 2 == 1 {
            return Err(unreadable(
                rel,
                "文件是 UTF-16 编码，但字节数为奇数，文件不完整（可能复制时被截断）；请重新导出",
                "the file is UTF-16 but has an odd number of bytes, so it is incomplete (cut short when copied?); export it again",
            ));
        }
    }
    Ok(decode_as(bytes, encoding))
}

/// Whether a csv or txt register separates its fields with tabs (Excel's "Unicode text" and
/// "Text (tab delimited)"): more of its first lines hold a tab than a comma.
fn tab_separated(text: &str) -> bool {
    let lines = text.lines().filter(|l| !l.trim().is_empty()).take(20);
    let (mut tabs, mut commas) = (0, 0);
    for l in lines {
        tabs += usize::from(l.contains('\t'));
        commas += usize::from(l.contains(','));
    }
    tabs > commas
}

/// Whether every cell of a row is empty: Excel saves such rows at the end of a sheet.
fn blank(cells: &Map<String, Value>) -> bool {
    cells.values().all(|v| match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    })
}

/// Column names from a header row (trimmed; a blank one becomes `列N`). Two columns with one
/// name are an error: which of them a rule reads would be a guess, and the other's data lost.
fn header_names(
    rel: &str,
    line: usize,
    raw: impl Iterator<Item = String>,
) -> Result<Vec<String>, Diagnostic> {
    let mut names: Vec<String> = Vec::new();
    for (i, h) in raw.enumerate() {
        let h = h.trim().to_owned();
        let h = if h.is_empty() {
            format!("列{}", i + 1)
        } else {
            h
        };
        if let Some(first) = names.iter().position(|n| *n == h) {
            return Err(unreadable(
                rel,
                format!(
                    "表头有两列都叫“{h}”（第 {} 列和第 {} 列），请改名其中一列",
                    first + 1,
                    i + 1
                ),
                format!(
                    "two columns are named `{h}` (columns {} and {}); rename one",
                    first + 1,
                    i + 1
                ),
            )
            .at_line(Some(line), Some(i + 1)));
        }
        names.push(h);
    }
    Ok(names)
}

pub fn table_from_csv(rel: &str, text: &str) -> Result<Table, Diagnostic> {
    table_from_delimited(rel, text, b',', &[])
}

/// A csv or tsv register: the rows read as they are, then the table located among them.
pub fn table_from_delimited(
    rel: &str,
    text: &str,
    delimiter: u8,
    need: &[String],
) -> Result<Table, Diagnostic> {
    // The csv reader counts a CRLF record end as a line of its own kind and reports every row
    // one line early; Windows saves CRLF. One line ending makes the row numbers right.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let csv_error = |e: csv::Error| {
        let line = e.position().map(|p| p.line() as usize);
        match e.kind() {
            // Not UTF-8 inside a field: the text was decoded before, so this is a stray byte.
            csv::ErrorKind::Utf8 { .. } => unreadable(
                rel,
                "CSV 中有无法识别的字符",
                "a CSV field is not valid UTF-8",
            )
            .at_line(line, None),
            // The csv reader's words are the technical cause, not part of the message.
            _ => unreadable(
                rel,
                "CSV 格式有误（例如引号没有成对）",
                "invalid CSV (for example, an unclosed quote)",
            )
            .at_line(line, None)
            .with_cause(e.to_string()),
        }
    };
    // (row, number of fields)
    let mut raws: Vec<(super::layout::RawRow, usize)> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record
            .position()
            .map(|p| p.line() as usize)
            .unwrap_or_default();
        let cells: Vec<(usize, Value)> = record
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.trim().is_empty())
            .map(|(i, c)| (i, Value::String(c.trim().to_owned())))
            .collect();
        if !cells.is_empty() {
            raws.push((super::layout::RawRow { line, cells }, record.len()));
        }
    }
    let rows: Vec<super::layout::RawRow> = raws.iter().map(|(r, _)| r.clone()).collect();
    let Some(layout) = super::layout::locate(&rows, need) else {
        return Ok(Table::default());
    };
    let (header, width) = &raws[layout.header];
    let mut raw = vec![String::new(); *width];
    for (c, v) in &header.cells {
        if let Some(slot) = raw.get_mut(*c) {
            *slot = cell_str(v);
        }
    }
    let columns = header_names(rel, header.line, raw.into_iter())?;
    let mut out = Vec::new();
    for &i in &layout.data {
        let (row, len) = &raws[i];
        if len != width {
            return Err(unreadable(
                rel,
                format!("字段数不一致（表头 {width} 列，此行 {len} 列）"),
                format!("wrong number of fields (header has {width}, this row {len})"),
            )
            .at_line(Some(row.line), None));
        }
        let mut cells: Map<String, Value> = columns
            .iter()
            .map(|c| (c.clone(), Value::String(String::new())))
            .collect();
        for (c, v) in &row.cells {
            if let Some(name) = columns.get(*c) {
                cells.insert(name.clone(), v.clone());
            }
        }
        out.push(Row::new(rel, row.line, cells));
    }
    Ok(Table {
        columns,
        rows: out,
        layout: layout.note,
    })
}

pub fn table_from_workbook(
    rel: &str,
    bytes: Vec<u8>,
    sheet: Option<&str>,
) -> Result<Table, Diagnostic> {
    table_from_book(rel, bytes, sheet, &[])
}

/// A workbook register: the named sheet, or else the first sheet whose header holds every
/// needed column (the first sheet when none does).
pub fn table_from_book(
    rel: &str,
    bytes: Vec<u8>,
    sheet: Option<&str>,
    need: &[String],
) -> Result<Table, Diagnostic> {
    use super::layout::{locate, RawRow};
    let refused = |r: super::workbook::Refusal| unreadable(rel, r.zh, r.en).with_cause(r.cause);
    let mut book = super::workbook::open(bytes).map_err(refused)?;
    let names: Vec<String> = match sheet {
        Some(s) => {
            if !book.names().iter().any(|n| n == s) {
                return Err(refused(super::workbook::no_sheet(book.names(), s)));
            }
            vec![s.to_owned()]
        }
        None => book.names().to_vec(),
    };
    if names.is_empty() {
        return Err(unreadable(
            rel,
            "工作簿中没有工作表",
            "the workbook has no sheet",
        ));
    }
    let mut chosen: Option<(String, Vec<RawRow>, super::layout::Layout)> = None;
    for name in &names {
        let rows: Vec<RawRow> = book
            .sheet(name)
            .map_err(refused)?
            .into_iter()
            .map(|(r, cells)| RawRow {
                line: r as usize + 1,
                cells: cells
                    .into_iter()
                    .map(|(c, v)| (c as usize, cell_value(&v)))
                    .filter(|(_, v)| !cell_str(v).is_empty())
                    .collect(),
            })
            .filter(|r| !r.cells.is_empty())
            .collect();
        let Some(layout) = locate(&rows, need) else {
            continue;
        };
        let complete = rows.get(layout.header).is_some_and(|h| {
            need.iter()
                .all(|n| h.cells.iter().any(|(_, v)| cell_str(v) == n.trim()))
        });
        if chosen.is_none() || complete {
            chosen = Some((name.clone(), rows, layout));
        }
        if complete {
            break;
        }
    }
    let Some((name, rows, layout)) = chosen else {
        return Ok(Table::default());
    };
    let header = &rows[layout.header];
    let width = header.cells.last().map_or(0, |(c, _)| *c + 1);
    if width > super::workbook::MAX_COLUMNS {
        return Err(unreadable(
            rel,
            format!(
                "工作表“{name}”的表头有 {width} 列，超过上限 {} 列，拒绝读取",
                super::workbook::MAX_COLUMNS
            ),
            format!(
                "the header of sheet `{name}` has {width} columns, more than the limit of {}; refused",
                super::workbook::MAX_COLUMNS
            ),
        )
        .at_line(Some(header.line), None));
    }
    let mut raw = vec![String::new(); width];
    for (c, v) in &header.cells {
        if let Some(slot) = raw.get_mut(*c) {
            *slot = cell_str(v);
        }
    }
    let columns = header_names(rel, header.line, raw.into_iter())?;
    let mut out = Vec::new();
    for &i in &layout.data {
        let row = &rows[i];
        let mut cells: Map<String, Value> =
            columns.iter().map(|c| (c.clone(), Value::Null)).collect();
        for (c, v) in &row.cells {
            if let Some(name) = columns.get(*c) {
                cells.insert(name.clone(), v.clone());
            }
        }
        if !blank(&cells) {
            out.push(Row::new(rel, row.line, cells));
        }
    }
    Ok(Table {
        columns,
        rows: out,
        layout: layout.note,
    })
}

/// A cell as data: numbers stay numbers (whole floats become integers), Excel dates become
/// `YYYY-MM-DD` (with the time when there is one), errors and blanks become null.
fn cell_value(cell: &calamine::Data) -> Value {
    use calamine::Data;
    match cell {
        Data::Int(i) => Value::from(*i),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 9.0e15 {
                Value::from(*f as i64)
            } else {
                // A non-finite number (only a crafted file holds one) stays visible as text, so
                // that a rule reading it fails loudly instead of seeing a blank.
                serde_json::Number::from_f64(*f)
                    .map(Value::Number)
                    .unwrap_or_else(|| Value::String(f.to_string()))
            }
        }
        Data::String(s) => Value::String(s.trim().to_owned()),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => {
            let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
            if dt.is_duration() {
                Value::from(dt.as_f64())
            } else if (hh, mm, ss) == (0, 0, 0) {
                Value::String(format!("{y:04}-{m:02}-{d:02}"))
            } else {
                Value::String(format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}"))
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::String(s.clone()),
        Data::Error(_) | Data::Empty => Value::Null,
    }
}

pub fn table_from_doc(rel: &str, doc: &DataDoc, sheet: Option<&str>) -> Result<Table, Diagnostic> {
    let key = sheet.unwrap_or("");
    let list = lookup(&doc.value, key)
        .ok_or_else(|| unreadable(rel, format!("找不到键 `{key}`"), format!("no key `{key}`")))?;
    let Value::Array(items) = list else {
        let (zh, en) = if key.is_empty() {
            (
                "顶层不是列表（每行一项）".to_owned(),
                "the top level is not a list (one entry per row)".to_owned(),
            )
        } else {
            (
                format!("`{key}` 不是列表"),
                format!("`{key}` is not a list"),
            )
        };
        return Err(unreadable(rel, zh, en));
    };
    let map = SourceMap::build(&doc.text);
    let base = pointer_of(key);
    let mut columns: Vec<String> = Vec::new();
    for item in items {
        if let Value::Object(m) = item {
            for k in m.keys() {
                if !columns.contains(k) {
                    columns.push(k.clone());
                }
            }
        }
    }
    let mut rows = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let line = map
            .value(&format!("{base}/{i}"))
            .map(|p| p.line)
            .unwrap_or_default();
        let Value::Object(m) = item else {
            return Err(unreadable(
                rel,
                "这一项不是键值映射（每行应为 `列名: 值`）",
                "this entry is not a mapping (each row should be `column: value`)",
            )
            .at_line(Some(line), None));
        };
        let cells = columns
            .iter()
            .map(|c| (c.clone(), m.get(c).cloned().unwrap_or(Value::Null)))
            .collect();
        rows.push(Row::new(rel, line, cells));
    }
    Ok(Table {
        columns,
        rows,
        layout: None,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_and_gbk() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend("姓名, 单位 \n张三,甲厂\n".as_bytes());
        let t = table_from_csv("a.csv", &decode_text(&bytes)).unwrap();
        assert_eq!(t.columns, vec!["姓名", "单位"]);
        assert_eq!(t.rows[0].cells["姓名"], "张三");
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,单位\n李四,乙厂\n");
        let t = table_from_csv("a.csv", &decode_text(&gbk)).unwrap();
        assert_eq!(t.rows[0].cells["单位"], "乙厂");
        assert_eq!(t.rows[0].line, 2);
    }

    #[test]
    fn csv_rows_keep_their_lines_with_crlf_endings() {
        let t = table_from_csv("x.csv", "a,b\r\n1,2\r\n3,4\r\n").unwrap();
        assert_eq!(t.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3]);
        let e = table_from_csv("x.csv", "a,b\r\n1,2\r\n3,4\r\n5\r\n").unwrap_err();
        assert_eq!(e.line, Some(4));
    }

    #[test]
    fn csv_ragged_row_names_line() {
        let e = table_from_csv("data/x.csv", "a,b\n1,2\n1,2,3\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(
            e.reason_en(),
            "data/x.csv row 3: wrong number of fields (header has 2, this row 3)"
        );
    }

    #[test]
    fn date_cells_in_both_date_systems() {
        use calamine::{Data, ExcelDateTime, ExcelDateTimeType};
        // 2025-03-05 is 45721 days after 1899-12-30 and 44259 after 1904-01-01
        let d1900 = Data::DateTime(ExcelDateTime::new(
            45721.0,
            ExcelDateTimeType::DateTime,
            false,
        ));
        let d1904 = Data::DateTime(ExcelDateTime::new(
            44259.0,
            ExcelDateTimeType::DateTime,
            true,
        ));
        assert_eq!(cell_value(&d1900), "2025-03-05");
        assert_eq!(cell_value(&d1904), "2025-03-05");
    }

    #[test]
    fn utf16_without_bom_is_told_by_its_nul_bytes() {
        let le: Vec<u8> = "日期,事项\n2025-03-05,甲\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "日期,事项\n2025-03-05,甲\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(decode_text(&le), "日期,事项\n2025-03-05,甲\n");
        assert_eq!(decode_text(&be), "日期,事项\n2025-03-05,甲\n");
        // GBK has no NUL bytes: still GBK
        let (gbk, _, _) = encoding_rs::GBK.encode("日期,事项\n");
        assert_eq!(decode_text(&gbk), "日期,事项\n");
    }

    #[test]
    fn paths() {
        assert_eq!(extension("data/a.CSV"), "csv");
        assert_eq!(extension("data/.hidden"), "");
        assert_eq!(stem("data/indicators.yaml"), "indicators");
        assert_eq!(pointer_of("a.b/c"), "/a/b~1c");
    }
}
