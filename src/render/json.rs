//! `--format json`: the results contract, pretty-printed, byte-identical for identical inputs.

pub fn pretty<T: serde::Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
