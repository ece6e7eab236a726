//! Numbers as a score sheet writes them, the same in every format: a score is `2`, `1.5` or
//! `0.75` (at most two decimals, no trailing zeros, never `-0`), a change is signed (`+2.5`, `-1`,
//! `0`), a share is a percentage with one decimal (`87.5%`). Rounding happens before formatting,
//! so binary fractions never show (`0.1 + 0.2` is `0.3`, not `0.30000000000000004`).

/// A number as a person writes it: at most two decimals, no trailing zeros, never `-0`.
pub fn num(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded == 0.0 {
        return "0".to_owned();
    }
    let text = format!("{rounded:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A signed change: `+2.5`, `-1`, `0`.
pub fn signed(value: f64) -> String {
    let text = num(value);
    if text != "0" && !text.starts_with('-') {
        format!("+{text}")
    } else {
        text
    }
}

/// A ratio (`0.875`) as a percentage with one decimal (`87.5%`).
pub fn percent(ratio: f64) -> String {
    let tenths = (ratio * 1000.0).round() / 10.0;
    if tenths == 0.0 {
        return "0.0%".to_owned();
    }
    format!("{tenths:.1}%")
}

/// A ratio as a share in a sentence, without trailing zeros: `83.3%`, `100%`, `0%`.
pub fn share(ratio: f64) -> String {
    let text = percent(ratio);
    let digits = text.trim_end_matches('%');
    format!("{}%", digits.trim_end_matches('0').trim_end_matches('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_written_by_hand() {
        let cases = [
            (2.0, "2"),
            (1.5, "1.5"),
            (0.75, "0.75"),
            (2.0 / 3.0, "0.67"),
            (0.1 + 0.2, "0.3"),
            (-0.001, "0"),
            (-1.25, "-1.25"),
            (12000.0, "12000"),
            (100.0, "100"),
        ];
        for (x, shown) in cases {
            assert_eq!(num(x), shown, "{x}");
        }
        assert_eq!(signed(2.5), "+2.5");
        assert_eq!(signed(-1.0), "-1");
        assert_eq!(signed(-0.0001), "0");
        assert_eq!(percent(0.875), "87.5%");
        assert_eq!(percent(2.0 / 3.0), "66.7%");
        assert_eq!(percent(1.0), "100.0%");
        assert_eq!(percent(-0.0001), "0.0%");
        assert_eq!(share(1.0), "100%");
        assert_eq!(share(5.0 / 6.0), "83.3%");
        assert_eq!(share(0.0), "0%");
    }
}
