//! A workbook from arbitrary bytes (xlsx, xls, ods: calamine picks by content), first sheet, as
//! `read_table` does for a `.xlsx` file. Run with `-rss_limit_mb=2048` and `-malloc_limit_mb`: a
//! sheet's declared size must not decide what is allocated.
#![no_main]

use changai::evidence::read::table_from_workbook;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = table_from_workbook("data/台账.xlsx", data.to_vec(), None);
});
