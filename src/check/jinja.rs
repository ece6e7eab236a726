//! Expressions of the standard (`filter`, `when`, `expr`) compiled with minijinja.
//!
//! Register columns are named in Chinese (`状态 == "已办结"`, `A岗 != B岗`): minijinja is built
//! with its `unicode` feature, so such names are ordinary identifiers. A column whose name is not
//! an identifier (`金额(元)`) is reachable as `row["金额(元)"]`; `row` is always the whole row.
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
    fn chinese_identifiers_and_row_lookups_evaluate() {
        let env = environment();
        let ctx =
            serde_json::json!({"状态": "已办结", "A岗": "张", "B岗": "李", "row": {"金额(元)": 3}});
        let ctx = minijinja::Value::from(minijinja::value::Serde(&ctx));
        for (expr, want) in [
            (r#"状态 == "已办结""#, true),
            ("A岗 != B岗", true),
            (r#"row["金额(元)"] > 5"#, false),
        ] {
            let v = env
                .compile_expression(expr)
                .unwrap()
                .eval(ctx.clone())
                .unwrap();
            assert_eq!(v.is_true(), want, "{expr}");
        }
    }
}
