//! The date of every file of a pack, as the evaluator would date it: the date in its name (or
//! in a folder's name), else the date its camera or office program wrote inside it.
//!
//! The year-in-progress view (`changai status`) lists files dated after the day it is run or
//! outside the pack's period: a photo named for next month is a typing error the officer can
//! still correct, and a report of last year filed in this year's pack will not count. The rule
//! is the one of `check::files` (the name decides; [`crate::evidence::content_date`] dates a file
//! without one), so that the list says what the evaluator sees. One exception: spreadsheets
//! (registers, the task list) are not dated by their content, because the creation date of a
//! register says when its template was made, not when anything in it happened.

use jiff::civil::Date;

use crate::evidence::content_date::{self, DateSource};
use crate::evidence::dates::date_of_path;
use crate::evidence::pack::{Pack, PACK_FILE, REVIEW_FILE};
use crate::source::Limit;

/// Where a file's date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrigin {
    /// The date in the file's name or in the name of a folder it is in.
    Name,
    /// A date written inside the file.
    Content(DateSource),
}

/// A file of the pack and its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDate {
    /// Relative to the pack root, `/`-separated.
    pub path: String,
    pub date: Date,
    pub origin: DateOrigin,
}

/// Extensions of spreadsheets: registers and task lists, not dated by their content.
const SHEETS: [&str; 5] = ["xlsx", "xlsm", "xls", "ods", "et"];

/// Every file of the pack that has a date, in path order (the pack's declaration files and
/// unreadable files have none). Bounded like every evidence read; a file that cannot be read
/// again simply has no content date.
pub fn file_dates(pack: &Pack) -> Vec<FileDate> {
    let mut out = Vec::new();
    for f in &pack.files {
        if f.path == PACK_FILE || f.path == REVIEW_FILE || f.unreadable.is_some() {
            continue;
        }
        if let Some(found) = date_of_path(&f.path) {
            out.push(FileDate {
                path: f.path.clone(),
                date: found.date,
                origin: DateOrigin::Name,
            });
            continue;
        }
        let ext = crate::evidence::read::extension(&f.path);
        if SHEETS.contains(&ext.as_str()) || !content_date::may_have_date(&ext) {
            continue;
        }
        let found = pack
            .read(&f.path, Limit::EVIDENCE)
            .ok()
            .and_then(|bytes| content_date::content_date(&ext, &bytes));
        if let Some(cd) = found {
            out.push(FileDate {
                path: f.path.clone(),
                date: cd.date,
                origin: DateOrigin::Content(cd.source),
            });
        }
    }
    out
}
