//! Spreadsheets read within a budget: the cells of one sheet, never more than [`MAX_CELLS`], and
//! never an allocation sized by what the file *says* its dimensions are.
//!
//! A workbook is small on disk and can claim anything inside: a 1.5 KB xlsx with one cell at
//! XFD1048576 makes a reader that builds a dense grid allocate hundreds of gigabytes; a sheet
//! whose XML inflates to a gigabyte eats memory; an xls whose DIMENSIONS record claims 4 billion
//! cells makes calamine reserve them at open. So:
//!
//! - **xlsx/xlsm** (a zip): every part's real inflated size is measured against [`MAX_PART`]
//!   (streamed and discarded, so declared sizes cannot lie), the shared strings against
//!   [`MAX_STRINGS`]; then the sheet's cells are *streamed* by calamine's cell reader into sparse
//!   rows. Empty rows cost nothing.
//! - **xls** (BIFF in a compound file): its records are walked first (without building
//!   anything) and a sheet whose declared or used area exceeds [`MAX_AREA`] is refused before
//!   calamine, which builds a dense grid per sheet, sees it.
//!
//! - **ods** (a zip): measured like an xlsx; then its `content.xml` is walked (streamed) and the
//!   filled cells counted *with* their `number-rows-repeated`/`number-columns-repeated`, against
//!   [`MAX_CELLS`] and [`MAX_AREA`], before calamine, which expands repeats into a dense grid of
//!   every sheet at open.
//!
//! The kind is told by the bytes, never the name: a WPS `.et` is an xls or an xlsx inside. What
//! cannot be read is refused with what to do: an encrypted workbook (an open password; for xlsx a
//! compound file holding `EncryptedPackage`, for xls a FILEPASS record), a Strict Open XML one.
//!
//! What comes out is the sheet as sparse rows: `(row index, [(column index, cell)])`, in order,
//! with each value merged down several rows copied to the rows it covers (see [`Book::sheet`]).

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use calamine::Data;

/// Filled cells read from one sheet.
pub const MAX_CELLS: usize = 500_000;
/// Columns of a register (header width).
pub const MAX_COLUMNS: usize = 1_024;
/// Inflated size of one part of an xlsx (a sheet's XML).
pub const MAX_PART: u64 = 64 * 1024 * 1024;
/// Inflated size of the shared strings, which calamine keeps in memory.
pub const MAX_STRINGS: u64 = 32 * 1024 * 1024;
/// Inflated size of all parts together.
pub const MAX_TOTAL: u64 = 128 * 1024 * 1024;
/// Cells of the grid an xls sheet spans (calamine allocates it whole).
pub const MAX_AREA: u64 = 4_000_000;

/// A sheet's filled cells by row, rows and cells in order (0-based indexes).
pub type SparseRows = Vec<(u32, Vec<(u32, Data)>)>;

/// Why a workbook was not read, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub zh: String,
    pub en: String,
    /// The spreadsheet or zip library's own words, kept apart from ours (`Diagnostic::cause`).
    pub cause: Option<String>,
}

fn refuse(zh: impl Into<String>, en: impl Into<String>) -> Refusal {
    Refusal {
        zh: zh.into(),
        en: en.into(),
        cause: None,
    }
}

fn damaged(e: impl std::fmt::Display) -> Refusal {
    Refusal {
        cause: Some(e.to_string()),
        ..refuse(
            "无法作为 Excel 工作簿打开（文件可能已损坏，或不是 Excel 文件）",
            "cannot be opened as an Excel workbook (damaged, or not an Excel file)",
        )
    }
}

/// The kind of workbook, from its first bytes (not its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A zip: xlsx, xlsm.
    Zip,
    /// A compound file: xls.
    Compound,
}

pub fn kind(bytes: &[u8]) -> Option<Kind> {
    if bytes.starts_with(b"PK\x03\x04") {
        Some(Kind::Zip)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some(Kind::Compound)
    } else {
        None
    }
}

/// The sheet names and the cells of the chosen sheet (`None`: the first).
///
/// A panic inside the spreadsheet library on a crafted file is caught and told as a damaged
/// workbook: one bad register must not end a city's ranking.
pub fn read(
    bytes: Vec<u8>,
    sheet: Option<&str>,
) -> Result<(Vec<String>, String, SparseRows), Refusal> {
    let mut book = open(bytes)?;
    let name = pick_sheet(book.names(), sheet)?;
    let rows = book.sheet(&name)?;
    Ok((book.names().to_vec(), name, rows))
}

/// An opened workbook whose guards have passed: its sheets are read one at a time, each with
/// its merged regions applied (see [`Book::sheet`]).
pub struct Book {
    names: Vec<String>,
    inner: Inner,
}

enum Inner {
    Xlsx(Box<calamine::Xlsx<Cursor<Vec<u8>>>>),
    Xls(Box<calamine::Xls<Cursor<Vec<u8>>>>),
    /// calamine reads every sheet of an ods at open; the merged regions come from our own walk
    /// of `content.xml` (calamine does not expose them for ods).
    Ods(
        Box<calamine::Ods<Cursor<Vec<u8>>>>,
        BTreeMap<String, Vec<Merge>>,
    ),
}

/// A merged region, 0-based and inclusive: (first row, first column, last row, last column).
pub type Merge = (u32, u32, u32, u32);

/// Runs a calamine call, telling a panic on a crafted file as a damaged workbook.
fn guarded<T>(f: impl FnOnce() -> Result<T, Refusal>) -> Result<T, Refusal> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(damaged("the spreadsheet reader failed on this file")))
}

/// Opens a workbook by its bytes (xlsx, xlsm, xls, ods, and WPS `.et`, which is one of the
/// first three inside), after the guards of this module.
pub fn open(bytes: Vec<u8>) -> Result<Book, Refusal> {
    use calamine::Reader;
    guarded(|| match kind(&bytes) {
        Some(Kind::Zip) => match check_zip(&bytes)? {
            ZipBook::Ods => {
                let merges = walk_ods(&bytes)?;
                let book = calamine::Ods::new(Cursor::new(bytes)).map_err(ods_error)?;
                Ok(Book {
                    names: book.sheet_names(),
                    inner: Inner::Ods(Box::new(book), merges),
                })
            }
            ZipBook::Ooxml => {
                let book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
                Ok(Book {
                    names: book.sheet_names(),
                    inner: Inner::Xlsx(Box::new(book)),
                })
            }
        },
        Some(Kind::Compound) => {
            check_biff(&bytes)?;
            let book = calamine::Xls::new(Cursor::new(bytes)).map_err(xls_error)?;
            Ok(Book {
                names: book.sheet_names(),
                inner: Inner::Xls(Box::new(book)),
            })
        }
        None => Err(damaged("no zip or compound-file signature")),
    })
}

impl Book {
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The merged regions of one sheet, as the file records them (for a reader that refuses
    /// merges rather than filling them in, such as `import xlsx`).
    pub fn merges(&mut self, name: &str) -> Result<Vec<Merge>, Refusal> {
        use calamine::Reader;
        guarded(|| match &mut self.inner {
            Inner::Xlsx(book) => Ok(book
                .merge_cells_by_sheet_name(name)
                .map_err(damaged)?
                .iter()
                .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                .collect()),
            Inner::Xls(book) => {
                let _ = book.worksheet_range(name).map_err(xls_error)?;
                Ok(book
                    .merge_cells_by_sheet_name(name)
                    .map_err(xls_error)?
                    .iter()
                    .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                    .collect())
            }
            Inner::Ods(_, merges) => Ok(merges.get(name).cloned().unwrap_or_default()),
        })
    }

    /// The filled cells of one sheet as sparse rows. A value merged over several rows counts
    /// for each row it covers (in its first column), but only on rows that hold other cells:
    /// a merge reaching below the data makes no rows of its own.
    pub fn sheet(&mut self, name: &str) -> Result<SparseRows, Refusal> {
        use calamine::Reader;
        guarded(|| {
            let (rows, merges) = match &mut self.inner {
                Inner::Xlsx(book) => {
                    let mut rows = Rows::default();
                    {
                        let mut reader = book.worksheet_cells_reader(name).map_err(damaged)?;
                        while let Some(cell) = reader.next_cell().map_err(damaged)? {
                            let (r, c) = cell.get_position();
                            rows.push(r, c, Data::from(cell.get_value().clone()))?;
                        }
                    }
                    let merges = book
                        .merge_cells_by_sheet_name(name)
                        .map_err(damaged)?
                        .iter()
                        .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                        .collect::<Vec<_>>();
                    (rows, merges)
                }
                Inner::Xls(book) => {
                    let range = book.worksheet_range(name).map_err(xls_error)?;
                    let rows = from_range(&range)?;
                    let merges = book
                        .merge_cells_by_sheet_name(name)
                        .map_err(xls_error)?
                        .iter()
                        .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                        .collect();
                    (rows, merges)
                }
                Inner::Ods(book, merges) => {
                    let range = book.worksheet_range(name).map_err(ods_error)?;
                    (
                        from_range(&range)?,
                        merges.get(name).cloned().unwrap_or_default(),
                    )
                }
            };
            Ok(fill_merges(rows, &merges))
        })
    }
}

fn from_range(range: &calamine::Range<Data>) -> Result<Rows, Refusal> {
    let mut rows = Rows::default();
    let (r0, c0) = range.start().unwrap_or_default();
    for (r, c, value) in range.used_cells() {
        rows.push(r0 + r as u32, c0 + c as u32, value.clone())?;
    }
    Ok(rows)
}

/// Copies the value of each region merged over several rows into the region's first column
/// on the rows below it that hold other cells (a 培训日期 merged over three sessions dates
/// each). The copies are bounded by the rows already read, so by [`MAX_CELLS`].
fn fill_merges(rows: Rows, merges: &[Merge]) -> SparseRows {
    let mut rows = rows.finish();
    for &(r0, c0, r1, _) in merges {
        if r1 <= r0 {
            continue;
        }
        let Ok(top) = rows.binary_search_by_key(&r0, |(r, _)| *r) else {
            continue;
        };
        let Some(value) = rows
            .get(top)
            .and_then(|(_, cells)| cells.iter().find(|(c, _)| *c == c0))
            .map(|(_, v)| v.clone())
        else {
            continue;
        };
        for (r, cells) in rows.iter_mut().skip(top + 1) {
            if *r > r1 {
                break;
            }
            if let Err(at) = cells.binary_search_by_key(&c0, |(c, _)| *c) {
                cells.insert(at, (c0, value.clone()));
            }
        }
    }
    rows
}

/// Words for what calamine refuses, with the reasons an officer can act on told apart.
fn xlsx_error(e: calamine::XlsxError) -> Refusal {
    match e {
        calamine::XlsxError::Password => encrypted(),
        e => damaged(e),
    }
}

fn xls_error(e: calamine::XlsError) -> Refusal {
    match e {
        calamine::XlsError::Password => encrypted(),
        e => damaged(e),
    }
}

fn ods_error(e: calamine::OdsError) -> Refusal {
    match e {
        calamine::OdsError::Password => encrypted(),
        e => damaged(e),
    }
}

fn encrypted() -> Refusal {
    refuse(
        "工作簿设置了打开密码（已加密），无法读取；请去掉密码后另存一份",
        "the workbook is encrypted (it has an open password); save a copy without the password",
    )
}

fn pick_sheet(names: &[String], sheet: Option<&str>) -> Result<String, Refusal> {
    match sheet {
        Some(s) if names.iter().any(|n| n == s) => Ok(s.to_owned()),
        Some(s) => Err(no_sheet(names, s)),
        None => names
            .first()
            .cloned()
            .ok_or_else(|| refuse("工作簿中没有工作表", "the workbook has no sheet")),
    }
}

/// The refusal for a sheet the standard names that the workbook does not have.
pub fn no_sheet(names: &[String], s: &str) -> Refusal {
    refuse(
        format!("没有名为“{s}”的工作表（现有：{}）", names.join("、")),
        format!("no sheet named `{s}` (sheets: {})", names.join(", ")),
    )
}

/// What a zip workbook is, by its parts.
enum ZipBook {
    /// xlsx, xlsm (and a WPS `.et` saved as one).
    Ooxml,
    /// OpenDocument spreadsheet (LibreOffice, WPS).
    Ods,
}

/// Measures every part of the zip by inflating it (the declared sizes are the file's word only),
/// and tells an Office Open XML workbook from an OpenDocument one. A workbook in "Strict Open
/// XML" (an option of Excel's Save As) names its parts in namespaces calamine does not read:
/// refused with what to do rather than read as an empty sheet.
fn check_zip(bytes: &[u8]) -> Result<ZipBook, Refusal> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut total = 0u64;
    let mut sink = vec![0u8; 64 * 1024];
    let mut ods = false;
    let mut ooxml = false;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(damaged)?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let cap = if name.ends_with("sharedStrings.xml") {
            MAX_STRINGS
        } else {
            MAX_PART
        };
        if entry.size() > cap {
            return Err(inflates(&name, cap));
        }
        let sheet = name.starts_with("xl/worksheets/");
        let looked_at = sheet || name == "xl/workbook.xml" || name == "mimetype";
        let mut head = Vec::new();
        let mut size = 0u64;
        loop {
            let n = entry.read(&mut sink).map_err(damaged)?;
            if n == 0 {
                break;
            }
            size += n as u64;
            if size > cap {
                return Err(inflates(&name, cap));
            }
            if looked_at && head.len() < HEAD_BYTES {
                head.extend_from_slice(sink.get(..n).unwrap_or_default());
            }
        }
        if sheet {
            check_dimension(&head, &name)?;
        }
        if name == "xl/workbook.xml" {
            ooxml = true;
            if contains(&head, b"purl.oclc.org/ooxml/spreadsheetml") {
                return Err(refuse(
                    "工作簿是“严格 Open XML”格式，无法读取；请在 Excel 中另存为普通的“Excel 工作簿（*.xlsx）”",
                    "the workbook is in Strict Open XML, which cannot be read; save it again as an ordinary Excel workbook (.xlsx)",
                ));
            }
        }
        if name == "mimetype" && head.starts_with(b"application/vnd.oasis.opendocument.spreadsheet")
        {
            ods = true;
        }
        total += size;
        if total > MAX_TOTAL {
            return Err(inflates("", MAX_TOTAL));
        }
    }
    match (ooxml, ods) {
        (true, _) => Ok(ZipBook::Ooxml),
        (false, true) => Ok(ZipBook::Ods),
        (false, false) => Err(damaged(
            "a zip with neither xl/workbook.xml nor an OpenDocument spreadsheet mimetype",
        )),
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Walks an ods's `content.xml` (already measured by [`check_zip`]) before calamine, which
/// builds a dense grid of every sheet at open and expands `number-rows-repeated` and
/// `number-columns-repeated` into cells: a 2 KB file repeating one filled cell a million times
/// a hundred wide would become 100 million cells. Counted here with the repeats, the filled
/// cells must stay within [`MAX_CELLS`] and each sheet's grid within [`MAX_AREA`]. The walk also
/// collects the merged regions (`number-rows-spanned`), which calamine does not expose.
fn walk_ods(bytes: &[u8]) -> Result<BTreeMap<String, Vec<Merge>>, Refusal> {
    use quick_xml::events::Event;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let entry = archive.by_name("content.xml").map_err(damaged)?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(entry.take(MAX_PART)));
    let mut buf = Vec::new();
    let mut merges: BTreeMap<String, Vec<Merge>> = BTreeMap::new();
    let mut cells = 0u64;
    // the sheet being walked: its name, next row, rows repeated of the current row, next column
    let mut table = String::new();
    let (mut row, mut row_repeat, mut col) = (0u64, 1u64, 0u64);
    // the filled span of the sheet: first row, last row, last column
    let mut span: Option<(u64, u64, u64)> = None;
    let attr = |e: &quick_xml::events::BytesStart, key: &str| -> Option<String> {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == key)
            .map(|a| a.value.to_string())
    };
    let repeat = |v: Option<String>| {
        v.and_then(|v| v.trim().parse::<u64>().ok())
            .unwrap_or(1)
            .max(1)
    };
    let end_sheet = |span: &mut Option<(u64, u64, u64)>| -> Result<(), Refusal> {
        if let Some((r0, r1, c1)) = span.take() {
            let area = (r1 - r0 + 1).saturating_mul(c1 + 1);
            if area > MAX_AREA {
                return Err(too_wide(area));
            }
        }
        Ok(())
    };
    loop {
        let event = reader.read_event_into(&mut buf).map_err(damaged)?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" => {
                    end_sheet(&mut span)?;
                    table = attr(&e, "table:name").unwrap_or_default();
                    row = 0;
                }
                "table:table-row" => {
                    row_repeat = repeat(attr(&e, "table:number-rows-repeated"));
                    col = 0;
                    if empty {
                        row = row.saturating_add(row_repeat);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let wide = repeat(attr(&e, "table:number-columns-repeated"));
                    let filled = attr(&e, "office:value-type").is_some() || !empty;
                    if filled && e.name().as_ref() == "table:table-cell" {
                        cells = cells.saturating_add(wide.saturating_mul(row_repeat));
                        if cells > MAX_CELLS as u64 {
                            return Err(too_many_cells());
                        }
                        let last_row = row.saturating_add(row_repeat - 1);
                        let last_col = col.saturating_add(wide - 1);
                        span = Some(match span {
                            None => (row, last_row, last_col),
                            Some((a, b, c)) => (a.min(row), b.max(last_row), c.max(last_col)),
                        });
                        let down = repeat(attr(&e, "table:number-rows-spanned"));
                        let across = repeat(attr(&e, "table:number-columns-spanned"));
                        if down > 1 || across > 1 {
                            let fit = |x: u64| u32::try_from(x).unwrap_or(u32::MAX);
                            merges.entry(table.clone()).or_default().push((
                                fit(row),
                                fit(col),
                                fit(row.saturating_add(down - 1)),
                                fit(col.saturating_add(across - 1)),
                            ));
                        }
                    }
                    col = col.saturating_add(wide);
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" => row = row.saturating_add(row_repeat),
                "table:table" => end_sheet(&mut span)?,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    end_sheet(&mut span)?;
    Ok(merges)
}

/// How much of a sheet's XML is looked at for its `<dimension>` (it stands before the cells).
const HEAD_BYTES: usize = 64 * 1024;

/// A sheet's declared range must be a range: `B1:A1` (ending before it starts) makes calamine
/// subtract past zero — a panic in a debug build, a wrapped size in a release build, so the two
/// builds would answer differently. Refused here, the same in every build. The range is
/// otherwise only the file's word and is never used to size anything.
fn check_dimension(head: &[u8], part: &str) -> Result<(), Refusal> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(head);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "dimension" => {
                    let Some(attr) = e.attributes().flatten().find(|a| a.key.as_ref() == "ref")
                    else {
                        return Ok(());
                    };
                    let text = attr.value.to_string();
                    return match dimension(&text) {
                        Some(_) => Ok(()),
                        None => Err(refuse(
                            format!("工作簿的组成部分 {part} 声明的范围“{text}”无效，拒绝读取"),
                            format!(
                                "part {part} of the workbook declares an invalid range `{text}`; refused"
                            ),
                        )),
                    };
                }
                "sheetData" => return Ok(()),
                _ => {}
            },
            // A head cut mid-element, or XML that calamine will judge itself.
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
        buf.clear();
    }
}

/// `A1` or `A1:XFD1048576` as (first row, first column, last row, last column), 0-based, when the
/// end is not before the start.
fn dimension(text: &str) -> Option<(u32, u32, u32, u32)> {
    let cell = |r: &str| -> Option<(u32, u32)> {
        let r = r.trim().replace('$', "");
        let split = r.find(|c: char| c.is_ascii_digit())?;
        let (letters, digits) = r.split_at(split);
        if letters.is_empty()
            || letters.len() > 3
            || !letters.chars().all(|c| c.is_ascii_alphabetic())
        {
            return None;
        }
        let col = letters
            .to_ascii_uppercase()
            .bytes()
            .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1));
        let row: u32 = digits.parse().ok()?;
        (row >= 1 && col >= 1).then(|| (row - 1, col - 1))
    };
    let (a, b) = match text.split_once(':') {
        Some((a, b)) => (cell(a)?, cell(b)?),
        None => (cell(text)?, cell(text)?),
    };
    (b.0 >= a.0 && b.1 >= a.1).then_some((a.0, a.1, b.0, b.1))
}

fn inflates(part: &str, cap: u64) -> Refusal {
    let mib = cap / (1024 * 1024);
    if part.is_empty() {
        refuse(
            format!("工作簿解压后超过 {mib} MiB，拒绝读取"),
            format!("the workbook inflates beyond {mib} MiB; refused"),
        )
    } else {
        refuse(
            format!("工作簿的组成部分 {part} 解压后超过 {mib} MiB，拒绝读取"),
            format!("part {part} of the workbook inflates beyond {mib} MiB; refused"),
        )
    }
}

fn too_many_cells() -> Refusal {
    refuse(
        format!("工作表的已填单元格超过 {MAX_CELLS} 个，拒绝读取（请拆分台账）"),
        format!("the sheet has more than {MAX_CELLS} filled cells; refused (split the register)"),
    )
}

/// Collects streamed cells into sparse rows, within [`MAX_CELLS`].
#[derive(Default)]
struct Rows {
    rows: BTreeMap<u32, Vec<(u32, Data)>>,
    cells: usize,
}

impl Rows {
    fn push(&mut self, row: u32, col: u32, value: Data) -> Result<(), Refusal> {
        if matches!(value, Data::Empty) {
            return Ok(());
        }
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(too_many_cells());
        }
        self.rows.entry(row).or_default().push((col, value));
        Ok(())
    }

    fn finish(self) -> SparseRows {
        self.rows
            .into_iter()
            .map(|(r, mut cells)| {
                cells.sort_by_key(|(c, _)| *c);
                (r, cells)
            })
            .collect()
    }
}

/// Walks the BIFF records of an xls and refuses a sheet whose grid would be too large for
/// calamine to build: by its DIMENSIONS record (which calamine reserves) and by its cells.
fn check_biff(bytes: &[u8]) -> Result<(), Refusal> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(damaged)?;
    let stream = if cf.is_stream("/Workbook") {
        "/Workbook"
    } else if cf.is_stream("/Book") {
        "/Book"
    } else if cf.is_stream("/EncryptedPackage") {
        // an xlsx with an open password is stored as a compound file around the encrypted zip
        return Err(encrypted());
    } else {
        return Err(damaged("no Workbook stream"));
    };
    let mut data = Vec::new();
    cf.open_stream(stream)
        .map_err(damaged)?
        .take(crate::source::Limit::EVIDENCE.bytes)
        .read_to_end(&mut data)
        .map_err(damaged)?;
    let u16_at = |d: &[u8], i: usize| -> Option<u32> {
        Some(u32::from(u16::from_le_bytes([*d.get(i)?, *d.get(i + 1)?])))
    };
    let u32_at = |d: &[u8], i: usize| -> Option<u64> {
        Some(u64::from(u32::from_le_bytes([
            *d.get(i)?,
            *d.get(i + 1)?,
            *d.get(i + 2)?,
            *d.get(i + 3)?,
        ])))
    };
    // (min row, max row, min col, max col) of the sheet being walked
    let mut span: Option<(u32, u32, u32, u32)> = None;
    let mut cells = 0usize;
    let check = |span: &mut Option<(u32, u32, u32, u32)>| -> Result<(), Refusal> {
        if let Some((r0, r1, c0, c1)) = span.take() {
            let area = u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
            if area > MAX_AREA {
                return Err(too_wide(area));
            }
        }
        Ok(())
    };
    let mut at = 0usize;
    while let (Some(typ), Some(len)) = (u16_at(&data, at), u16_at(&data, at + 2)) {
        let body = data.get(at + 4..at + 4 + len as usize).unwrap_or_default();
        at += 4 + len as usize;
        let mut widen = |r: u32, c0: u32, c1: u32| {
            span = Some(match span {
                None => (r, r, c0, c1),
                Some((a, b, c, d)) => (a.min(r), b.max(r), c.min(c0), d.max(c1)),
            });
        };
        match typ {
            // FILEPASS: the records after it are encrypted, so nothing below can be judged
            0x002F => return Err(encrypted()),
            // BOF / EOF: a new sheet, or the end of one
            0x0809 | 0x000A => check(&mut span)?,
            // DIMENSIONS (BIFF8: rows as u32, columns as u16; last row/col exclusive)
            0x0200 => {
                if let (Some(r0), Some(r1), Some(c0), Some(c1)) = (
                    u32_at(body, 0),
                    u32_at(body, 4),
                    u16_at(body, 8),
                    u16_at(body, 10),
                ) {
                    let area =
                        r1.saturating_sub(r0).max(1) * u64::from(c1.saturating_sub(c0).max(1));
                    if area > MAX_AREA {
                        return Err(too_wide(area));
                    }
                }
            }
            // cells: FORMULA, LABELSST, NUMBER, RK, BLANK, LABEL, BOOLERR, RSTRING
            0x0006 | 0x00FD | 0x0203 | 0x027E | 0x0201 | 0x0204 | 0x0205 | 0x00D6 => {
                if let (Some(r), Some(c)) = (u16_at(body, 0), u16_at(body, 2)) {
                    widen(r, c, c);
                    cells += 1;
                }
            }
            // MULRK, MULBLANK: row, first column, …, last column
            0x00BD | 0x00BE => {
                if let (Some(r), Some(c0), Some(c1)) = (
                    u16_at(body, 0),
                    u16_at(body, 2),
                    body.len().checked_sub(2).and_then(|i| u16_at(body, i)),
                ) {
                    widen(r, c0, c1.max(c0));
                    cells += (c1.saturating_sub(c0) + 1) as usize;
                }
            }
            _ => {}
        }
        if cells > MAX_CELLS {
            return Err(too_many_cells());
        }
    }
    check(&mut span)
}

fn too_wide(area: u64) -> Refusal {
    refuse(
        format!("工作表声明的范围有 {area} 个单元格，超过上限 {MAX_AREA}，拒绝读取"),
        format!("the sheet spans {area} cells, more than the limit of {MAX_AREA}; refused"),
    )
}
