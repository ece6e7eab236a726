//! A register from arbitrary bytes: decoding (UTF-8 with or without BOM, or GBK) and the csv
//! reader, exactly as `read_table` does for a `.csv` file.
#![no_main]

use changai::evidence::read::{decode_text, table_from_csv};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = decode_text(data);
    if let Ok(table) = table_from_csv("data/台账.csv", &text) {
        for row in &table.rows {
            assert!(row.line >= 2, "a data row cannot stand before the header");
        }
    }
});
