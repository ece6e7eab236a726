//! Expressions of the standard (`filter`, `when`, `expr`) compiled with minijinja.
//!
//! minijinja's identifiers are ASCII only (its `unicode` feature is not enabled here), but register
//! columns are named in Chinese (`状态 == "已办结"`). Before compiling, every identifier that holds
//! a non-ASCII character is rewritten outside string literals:
//!
//! - a bare name becomes a lookup in a map variable: `状态` → `row["状态"]` in row expressions,
//!   `data["走访台账"]` in `expr` checks;
//! - an attribute becomes a subscript: `indicators.覆盖率` → `indicators["覆盖率"]`.
//!
//! Authors may also write `row["列名"]` themselves; `row` is always the whole row (a column named
//! `row` is reachable only as `row["row"]`).
//!
//! Every environment is strict about undefined names (a misspelled column is an error, not a silent
//! false) and runs on fuel, so an expression cannot run away.

use minijinja::{Environment, UndefinedBehavior};

/// Fuel per evaluation: ample for any comparison a standard makes, small enough to stop a loop.
const FUEL: u64 = 50_000;

pub fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env
}

fn ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn ident_continue(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Rewrites non-ASCII identifiers so minijinja can lex them (see the module docs).
pub fn rewrite(expr: &str, bare_map: &str) -> String {
    let chars: Vec<char> = expr.chars().collect();
    let mut out = String::with_capacity(expr.len() + 16);
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '"' || c == '\'' {
            // a string literal, copied as is (with its escapes)
            out.push(c);
            i += 1;
            while let Some(&d) = chars.get(i) {
                out.push(d);
                i += 1;
                if d == '\\' {
                    if let Some(&e) = chars.get(i) {
                        out.push(e);
                        i += 1;
                    }
                } else if d == c {
                    break;
                }
            }
        } else if c.is_ascii_digit() {
            // a number literal (or digits inside one): not an identifier
            while let Some(&d) = chars.get(i) {
                if !(d.is_ascii_alphanumeric() || d == '.' || d == '_') {
                    break;
                }
                out.push(d);
                i += 1;
            }
        } else if ident_start(c) {
            let start = i;
            while chars.get(i).is_some_and(|&d| ident_continue(d)) {
                i += 1;
            }
            let word: String = chars.get(start..i).unwrap_or_default().iter().collect();
            if word.is_ascii() {
                out.push_str(&word);
                continue;
            }
            let quoted = serde_json::Value::String(word).to_string();
            // Is it an attribute (`x.名`)? Look back past spaces for a dot.
            let trimmed = out.trim_end();
            if trimmed.ends_with('.') {
                let cut = trimmed.len() - 1;
                out.truncate(cut);
                out.push('[');
                out.push_str(&quoted);
                out.push(']');
            } else {
                out.push_str(bare_map);
                out.push('[');
                out.push_str(&quoted);
                out.push(']');
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// minijinja's message for an error, with its detail when there is one.
pub fn message(e: &minijinja::Error) -> String {
    match e.detail() {
        Some(d) => format!("{}: {d}", e.kind()),
        None => e.kind().to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_chinese_names_only_outside_strings() {
        assert_eq!(
            rewrite(r#"状态 == "已办结""#, "row"),
            r#"row["状态"] == "已办结""#
        );
        assert_eq!(rewrite("A岗 != B岗", "row"), r#"row["A岗"] != row["B岗"]"#);
        assert_eq!(
            rewrite("归档天数 | int <= 30", "row"),
            r#"row["归档天数"] | int <= 30"#
        );
        assert_eq!(
            rewrite("indicators.覆盖率 >= 0.9 and x.y", "data"),
            r#"indicators["覆盖率"] >= 0.9 and x.y"#
        );
        assert_eq!(
            rewrite(r#"状态 in ["已完成", '部分 完成']"#, "row"),
            r#"row["状态"] in ["已完成", '部分 完成']"#
        );
        assert_eq!(rewrite("1.5e3 > 2", "row"), "1.5e3 > 2");
    }

    #[test]
    fn chinese_identifiers_evaluate_after_rewrite() {
        let env = environment();
        let expr = env
            .compile_expression_owned(rewrite(r#"状态 == "已办结""#, "row"))
            .unwrap();
        let ctx = serde_json::json!({"row": {"状态": "已办结"}});
        let v = expr
            .eval(minijinja::Value::from(minijinja::value::Serde(&ctx)))
            .unwrap();
        assert!(v.is_true());
    }
}
