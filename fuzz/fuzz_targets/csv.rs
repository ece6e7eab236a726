//! A register from arbitrary bytes: decoding (UTF-8 with or without BOM, or GBK) and the csv
//! reader, exactly as `read_table` does for a `.csv` file.
//!
//! Besides "no panic", row numbers never go backwards: findings name them (`第 7 行`). The
//! stronger rule, one line per row after the header's, does not hold today for lines ending in
//! `\r\n` or `\r` (every row one line early, or all on line 1): that is the regression test
//! `csv_rows_after_cr_line_ends_are_numbered_by_line` in `tests/hostile_fuzz.rs`, not an
//! assertion here, where it would stop every run at the first seed.
#![no_main]

use changai::evidence::read::{decode_text, table_from_csv};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = decode_text(data);
    if let Ok(table) = table_from_csv("data/台账.csv", &text) {
        for pair in table.rows.windows(2) {
            assert!(
                pair[0].line <= pair[1].line,
                "rows numbered backwards: {} then {}",
                pair[0].line,
                pair[1].line
            );
        }
    }
});
