//! Expressions of the standard (`filter`, `when`, `expr`) compiled with minijinja.
//!
//! Register columns are named in Chinese (`状态 == "已办结"`, `A岗 != B岗`): minijinja is built
//! with its `unicode` feature, so such names are ordinary identifiers. A column whose name is not
//! an identifier (`金额(元)`) is reachable as `row["金额(元)"]`; `row` is always the whole row.
//!
//! Every environment is strict about undefined names (a misspelled column is an error, not a silent
//! false) and runs on fuel, so an expression cannot run away.
//!
//! Every expression passes [`guard`] before minijinja sees it, in `validate` (lint) and in every
//! check that compiles one: minijinja's parser recurses once per bracket, and 100,000 nested `(`
//! overflow the stack long before its own recursion limit speaks. A standard's expressions are
//! short comparisons; anything past [`MAX_CHARS`] characters or [`MAX_DEPTH`] nested brackets is
//! refused with a plain message.
//!
//! minijinja's debug mode (which names the undefined value in an error, "`x` is undefined") is
//! on by default only in debug builds; it is set here explicitly, so that a message reads the same
//! in `cargo test` and in the released binary.

use minijinja::{Environment, UndefinedBehavior};

use crate::standard::model::Text;

/// Fuel per evaluation: ample for any comparison a standard makes, small enough to stop a loop.
const FUEL: u64 = 50_000;

/// Longest expression accepted, in characters.
pub const MAX_CHARS: usize = 4_000;

/// Deepest nesting of `(`, `[` and `{` accepted (brackets inside string literals do not count).
pub const MAX_DEPTH: usize = 32;

/// How many characters of an expression a message quotes before "…".
const SHOWN_CHARS: usize = 120;

pub fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.set_debug(true);
    env
}

/// Why an expression is refused before it is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooComplex {
    /// Longer than [`MAX_CHARS`]: how many characters it has.
    Long { chars: usize },
    /// Brackets nested deeper than [`MAX_DEPTH`]: the deepest nesting.
    Deep { depth: usize },
}

impl TooComplex {
    /// What is wrong, in Chinese and English (without the expression itself).
    pub fn text(self) -> Text {
        match self {
            TooComplex::Long { chars } => Text {
                zh: format!("表达式太长：{chars} 个字符，最多 {MAX_CHARS} 个"),
                en: format!("expression too long: {chars} characters, at most {MAX_CHARS}"),
            },
            TooComplex::Deep { depth } => Text {
                zh: format!("表达式的括号套得太深：{depth} 层，最多 {MAX_DEPTH} 层"),
                en: format!(
                    "expression nests brackets too deeply: {depth} levels, at most {MAX_DEPTH}"
                ),
            },
        }
    }
}

/// Refuses an expression that is too long or nests brackets too deeply; runs in one pass over
/// the text, whatever its size.
pub fn guard(expr: &str) -> Result<(), TooComplex> {
    let chars = expr.chars().count();
    if chars > MAX_CHARS {
        return Err(TooComplex::Long { chars });
    }
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in expr.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '(' | '[' | '{' => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                ')' | ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
    }
    if deepest > MAX_DEPTH {
        return Err(TooComplex::Deep { depth: deepest });
    }
    Ok(())
}

/// Why an expression could not be compiled.
pub enum CompileError {
    TooComplex(TooComplex),
    Syntax(minijinja::Error),
}

/// Compiles an expression after [`guard`]; the one way checks compile expressions.
pub fn compile<'e>(
    env: &'e Environment<'static>,
    expr: &'e str,
) -> Result<minijinja::Expression<'e, 'e>, CompileError> {
    guard(expr).map_err(CompileError::TooComplex)?;
    env.compile_expression(expr).map_err(CompileError::Syntax)
}

/// An expression as a message quotes it: whole when short, else its first characters and "…".
pub fn shown(expr: &str) -> String {
    match expr.char_indices().nth(SHOWN_CHARS) {
        Some((i, _)) => format!("{}…", &expr[..i]),
        None => expr.to_owned(),
    }
}

/// `(Chinese, English)` for a template or expression error, in our words, decided by its kind;
/// minijinja's own message ([`message`]) is the technical cause, kept apart from them.
pub fn words(e: &minijinja::Error) -> (String, String) {
    use minijinja::ErrorKind as K;
    let (zh, en) = match e.kind() {
        K::SyntaxError => ("语法错误", "syntax error"),
        K::UndefinedError => ("用到了没有定义的值", "uses a value that is not defined"),
        K::UnknownFilter => ("未知的过滤器", "unknown filter"),
        K::UnknownTest => ("未知的测试", "unknown test"),
        K::UnknownFunction => ("未知的函数", "unknown function"),
        K::UnknownMethod => ("未知的方法", "unknown method"),
        K::TooManyArguments => ("参数过多", "too many arguments"),
        K::MissingArgument => ("缺少参数", "a missing argument"),
        K::InvalidOperation | K::NonPrimitive | K::NonKey | K::CannotUnpack => (
            "无法对这个值做此运算",
            "an operation this value does not allow",
        ),
        K::BadEscape => ("转义写法有误", "a wrong escape"),
        K::TemplateNotFound | K::BadInclude => {
            ("找不到引用的模板", "a template it names is missing")
        }
        K::OutOfFuel => ("计算量超过上限", "too much computation"),
        _ => ("无法渲染", "cannot be rendered"),
    };
    (zh.to_owned(), en.to_owned())
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

    #[test]
    fn the_guard_counts_characters_and_brackets_outside_strings() {
        assert_eq!(guard(r#"row["金额(元)"] > 5"#), Ok(()));
        assert_eq!(guard(&"(".repeat(32)), Ok(()));
        assert_eq!(guard(&"(".repeat(33)), Err(TooComplex::Deep { depth: 33 }));
        assert_eq!(
            guard(&"[{(".repeat(11)),
            Err(TooComplex::Deep { depth: 33 })
        );
        let quoted = format!("\"{}\" == x", "(".repeat(100));
        assert_eq!(guard(&quoted), Ok(()));
        let escaped = format!(r#"'it\'s {}' == x"#, "[".repeat(100));
        assert_eq!(guard(&escaped), Ok(()));
        assert_eq!(guard(&"a".repeat(4_000)), Ok(()));
        assert_eq!(
            guard(&"甲".repeat(4_001)),
            Err(TooComplex::Long { chars: 4_001 })
        );
        assert_eq!(
            guard(&"(".repeat(100_000)),
            Err(TooComplex::Long { chars: 100_000 })
        );
    }

    #[test]
    fn shown_cuts_long_expressions() {
        assert_eq!(shown("a > 1"), "a > 1");
        assert_eq!(shown(&"甲".repeat(121)), format!("{}…", "甲".repeat(120)));
        assert_eq!(shown(&"甲".repeat(120)), "甲".repeat(120));
    }
}
