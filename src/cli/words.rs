//! clap in the language of the run: help, usage and usage errors in Chinese, or in English with
//! `--lang en`.
//!
//! The help texts stay where clap derive puts them, in the doc comments, each written once as
//! "中文 / English" (a subcommand's `about` may put the English on a second line). [`command`]
//! builds the `clap::Command` from the derive and walks it, keeping the half of every text for the
//! language, so a new argument is localised without extra work. clap's own words — the headings,
//! `[default: …]`, `[possible values: …]`, the `-h`/`-V` flags, the `help` subcommand — are
//! replaced here; the one word clap offers no hook for, `[OPTIONS]` in a usage line, is replaced in
//! the rendered text.
//!
//! A usage error is not clap's sentence: [`usage_error`] reads the error's kind and context (the
//! argument, the value, the valid values, the suggestion) and says it in our words, through the
//! one renderer of failures ([`crate::CannotRun`]), followed by the usage line and where to read
//! more. The language is decided before clap parses ([`lang_of`]), so that an error about another
//! argument is still in the language asked for.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

use super::{Exit, Output};
use crate::diagnostic::{pick, Diagnostic};
use crate::Lang;

/// The language asked for on the command line: the last `--lang X` / `--lang=X` before a bare
/// `--`, Chinese when there is none or its value is not a language (clap then says why).
pub fn lang_of(args: &[OsString]) -> Lang {
    let mut lang = Lang::Zh;
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        let value = match word.as_ref() {
            "--" => break,
            "--lang" => words.next(),
            w => w.strip_prefix("--lang=").map(|v| v.to_owned().into()),
        };
        match value.as_deref() {
            Some("zh") => lang = Lang::Zh,
            Some("en") => lang = Lang::En,
            _ => {}
        }
    }
    lang
}

/// The arguments for clap. clap's `help` subcommand takes every word after it for a command name,
/// so there `--lang` (already read by [`lang_of`]) is taken out: `changai help report --lang en`
/// is the English help of `report`.
pub fn for_clap(args: Vec<OsString>, cmd: &Command) -> Vec<OsString> {
    if subcommand_of(&args, cmd).is_none_or(|s| s.get_name() != "help") {
        return args;
    }
    let mut out = Vec::with_capacity(args.len());
    let mut words = args.into_iter();
    while let Some(word) = words.next() {
        if word == "--lang" {
            words.next();
        } else if !word.to_string_lossy().starts_with("--lang=") {
            out.push(word);
        }
    }
    out
}

/// The subcommand named on the command line, if any: the first word that is not an option (nor
/// the value of `--lang`) and names one.
fn subcommand_of<'a>(args: &[OsString], cmd: &'a Command) -> Option<&'a Command> {
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--lang" {
            words.next();
        } else if !word.starts_with('-') {
            return cmd.find_subcommand(word.as_ref());
        }
    }
    None
}

fn has_han(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}'))
}

/// The half of a bilingual text for `lang`: "中文 / English" split at the first `/ ` after which no
/// Han character follows (a slash inside the Chinese half stays), or "中文\nEnglish". A text with no
/// English half is the same in both languages.
pub fn half(text: &str, lang: Lang) -> String {
    if let Some((zh, en)) = text.split_once('\n') {
        if !has_han(en) && has_han(zh) {
            return pick(lang, zh.trim(), en.trim()).to_owned();
        }
    }
    for (i, _) in text.match_indices("/ ") {
        let (zh, en) = (&text[..i], &text[i + 2..]);
        if has_han(zh) && !has_han(en) {
            return pick(lang, zh.trim_end(), en.trim()).to_owned();
        }
    }
    text.to_owned()
}

/// What clap prints without a hook, in the language of the run: `[OPTIONS]` in a usage line, and
/// the ASCII colon it puts after every heading.
fn plain(text: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => ["命令", "选项", "参数"]
            .iter()
            .fold(text.replace("[OPTIONS]", "[选项]"), |t, h| {
                t.replace(&format!("{h}:\n"), &format!("{h}：\n"))
            }),
        Lang::En => text.to_owned(),
    }
}

/// One argument's help in `lang`, with its possible values and default said in the help text
/// (clap's `[possible values: …]`, `[default: …]` hidden).
fn localise_arg(arg: Arg, lang: Lang) -> Arg {
    let mut help = arg
        .get_help()
        .map(|h| half(&h.to_string(), lang))
        .unwrap_or_default();
    let takes_value = arg.get_action().takes_values();
    let values: Vec<_> = arg
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    let mut notes = Vec::new();
    // Values that say what they are get a line each under the help (Chinese does not wrap at
    // spaces, so a list of them in one line would run past the terminal); bare ones are listed
    // in the brackets after the help.
    let mut listing = String::new();
    if takes_value && !values.is_empty() {
        if values.iter().any(|v| v.get_help().is_some()) {
            listing.push_str(pick(lang, "\n可选：", "\none of:"));
            let width = values.iter().map(|v| v.get_name().len()).max().unwrap_or(0);
            for v in &values {
                let h = v
                    .get_help()
                    .map(|h| half(&h.to_string(), lang))
                    .unwrap_or_default();
                listing.push_str(&format!("\n  {:width$}  {h}", v.get_name()));
            }
        } else {
            let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
            notes.push(match lang {
                Lang::Zh => format!("可选：{}", names.join("、")),
                Lang::En => format!("one of: {}", names.join(", ")),
            });
        }
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|d| d.to_string_lossy().into_owned())
        .filter(|d| !d.is_empty())
        .collect();
    if takes_value && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        // A default that is one of the possible values is a word of the interface; any other
        // (a community name, a year) is data, and quoted as such.
        let shown: Vec<String> = defaults
            .iter()
            .map(|d| {
                if values.iter().any(|v| v.get_name() == d) {
                    d.clone()
                } else {
                    format!("`{d}`")
                }
            })
            .collect();
        notes.push(match lang {
            Lang::Zh => format!("默认：{}", shown.join("、")),
            Lang::En => format!("default: {}", shown.join(", ")),
        });
    }
    if !notes.is_empty() && help.is_empty() {
        help = notes.join(pick(lang, "；", "; "));
    } else if let Some(open) = help.strip_suffix(['）', ')']) {
        // A help that ends in brackets takes the notes inside them.
        if !notes.is_empty() {
            let close = &help[open.len()..];
            help = format!(
                "{open}{}{}{close}",
                pick(lang, "；", "; "),
                notes.join(pick(lang, "；", "; "))
            );
        }
    } else if !notes.is_empty() {
        help = match lang {
            Lang::Zh => format!("{help}（{}）", notes.join("；")),
            Lang::En => format!("{help} ({})", notes.join("; ")),
        };
    }
    help.push_str(&listing);
    let mut arg = arg.help(help);
    if takes_value {
        arg = arg.hide_possible_values(true).hide_default_value(true);
    }
    if let Some(long) = arg.get_long_help().map(|h| half(&h.to_string(), lang)) {
        arg = arg.long_help(long);
    }
    if lang == Lang::Zh {
        let heading = if arg.is_positional() {
            "参数"
        } else {
            "选项"
        };
        arg = arg.help_heading(heading);
    }
    arg
}

/// clap's help layout with the usage heading in Chinese (the section headings are set per
/// command and per argument).
const TEMPLATE_ZH: &str =
    "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// One command (and, recursively, its subcommands) in `lang`: texts, headings, template, and our
/// own `-h`/`-V` flags in place of clap's.
fn localise(cmd: Command, lang: Lang) -> Command {
    let mut cmd = cmd
        .mut_args(|a| localise_arg(a, lang))
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .display_order(usize::MAX - 1)
                .help(pick(lang, "显示帮助", "show this help")),
        )
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .display_order(usize::MAX)
                .help(pick(lang, "显示版本", "show the version")),
        );
    if lang == Lang::Zh {
        cmd = cmd
            .mut_arg("help", |a| a.help_heading("选项"))
            .mut_arg("version", |a| a.help_heading("选项"))
            .subcommand_help_heading("命令")
            .subcommand_value_name("命令")
            .help_template(TEMPLATE_ZH);
    }
    if let Some(about) = cmd.get_about().map(|a| half(&a.to_string(), lang)) {
        cmd = cmd.about(about);
    }
    if let Some(long) = cmd.get_long_about().map(|a| half(&a.to_string(), lang)) {
        cmd = cmd.long_about(long);
    }
    cmd.mut_subcommands(|s| localise(s, lang))
}

/// The command line parser in `lang`, built (clap's `help` subcommand included and localised).
pub fn command(lang: Lang) -> Command {
    use clap::CommandFactory;
    // Wrapped to the terminal as clap finds it, and never wider than 100 columns (so a help text
    // reads the same in a wide terminal, in a pipe and in the tests).
    let mut cmd = localise(super::Cli::command(), lang).max_term_width(100);
    cmd.build();
    let about = pick(
        lang,
        "显示本帮助，或某个命令的帮助",
        "show this help, or the help of a command",
    );
    let value = pick(lang, "命令", "COMMAND");
    let localise_help = move |s: Command| {
        if s.get_name() != "help" {
            return s;
        }
        // clap's `help` lists the commands as its own subcommands (and, in older layouts, takes
        // them as an argument): both are named in the language of the run.
        let mut s = s
            .about(about)
            .subcommand_value_name(value)
            .mut_subcommands(|h| {
                if h.get_name() == "help" {
                    h.about(about)
                } else {
                    h
                }
            });
        if s.get_arguments().any(|a| a.get_id() == "subcommand") {
            s = s.mut_arg("subcommand", |a| {
                a.value_name(value).help(pick(
                    lang,
                    "要看帮助的命令",
                    "the command to show help of",
                ))
            });
        }
        if lang == Lang::Zh {
            s = s
                .subcommand_help_heading("命令")
                .help_template(TEMPLATE_ZH)
                .mut_args(|a| a.help_heading("参数"));
        }
        s
    };
    cmd.mut_subcommands(localise_help)
}

/// A string of the error's context (of a list, the last: clap puts the likeliest suggestion last).
fn context_str(err: &clap::Error, kind: ContextKind) -> Option<String> {
    match err.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => v.last().cloned(),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => v.first().map(|s| s.to_string()),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn context_strs(err: &clap::Error, kind: ContextKind) -> Vec<String> {
    match err.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

fn context_num(err: &clap::Error, kind: ContextKind) -> Option<isize> {
    match err.get(kind)? {
        ContextValue::Number(n) => Some(*n),
        _ => None,
    }
}

/// An argument as clap rendered it in the error (`--format <FORMAT>`, `<PACK>`): its name as a
/// person types it (`--format`, `PACK`) and its help in `lang`, found in `cmd`.
fn named(rendered: &str, cmd: &Command) -> (String, Option<String>) {
    let arg = cmd.get_arguments().find(|a| {
        a.to_string() == rendered || a.get_long().is_some_and(|l| rendered == format!("--{l}"))
    });
    match arg {
        Some(a) => {
            let name = match (a.get_long(), a.get_short()) {
                (Some(l), _) => format!("--{l}"),
                (None, Some(s)) => format!("-{s}"),
                (None, None) => a
                    .get_value_names()
                    .and_then(|v| v.first())
                    .map_or_else(|| a.get_id().to_string(), |v| v.to_string()),
            };
            // The help's first phrase: up to its first bracket or line (the notes appended to it,
            // a remark of its own), to be said in brackets after the name.
            let help = a.get_help().map(|h| {
                let h = h.to_string();
                let cut = h.find(['（', '(', '\n']).unwrap_or(h.len());
                h[..cut].trim().to_owned()
            });
            (name, help.filter(|h| !h.is_empty()))
        }
        None => (
            rendered
                .split_whitespace()
                .next()
                .unwrap_or(rendered)
                .trim_matches(['<', '>'])
                .to_owned(),
            None,
        ),
    }
}

/// A usage error (exit 2), or help or the version (exit 0), in `lang`.
pub fn usage_error(err: &clap::Error, args: &[OsString], cmd: &Command, lang: Lang) -> Output {
    let sub = subcommand_of(args, cmd);
    let here = sub.unwrap_or(cmd);
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            return Output::ok(plain(&err.render().to_string(), lang));
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return Output::error(plain(&err.render().to_string(), lang));
        }
        _ => {}
    }
    let arg = context_str(err, ContextKind::InvalidArg).map(|a| named(&a, here));
    let arg_name = arg.as_ref().map(|(n, _)| n.clone()).unwrap_or_default();
    let value = context_str(err, ContextKind::InvalidValue).unwrap_or_default();
    // The commands of the command named (`export` has its own), else the top level's.
    let listed = if here.has_subcommands() { here } else { cmd };
    let commands: Vec<&str> = listed
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name())
        .collect();
    let mut help: Option<(String, String)> = None;
    let (code, zh, en) = match err.kind() {
        ErrorKind::UnknownArgument => {
            let given = context_str(err, ContextKind::InvalidArg).unwrap_or_default();
            if let Some(s) = context_str(err, ContextKind::SuggestedArg) {
                help = Some((
                    format!("您是不是要用 `{s}`？"),
                    format!("did you mean `{s}`?"),
                ));
            } else if let Some(s) = context_str(err, ContextKind::SuggestedSubcommand) {
                help = Some((
                    format!("您是不是要用命令 `{s}`？"),
                    format!("did you mean the command `{s}`?"),
                ));
            }
            if given.starts_with('-') {
                (
                    "unknown-argument",
                    format!("未知的参数 `{given}`"),
                    format!("unknown argument `{given}`"),
                )
            } else {
                (
                    "unexpected-argument",
                    format!("多余的参数 `{given}`"),
                    format!("unexpected argument `{given}`"),
                )
            }
        }
        ErrorKind::InvalidSubcommand => {
            let given = context_str(err, ContextKind::InvalidSubcommand).unwrap_or_default();
            help = Some(match context_str(err, ContextKind::SuggestedSubcommand) {
                Some(s) => (
                    format!("您是不是要用 `{s}`？"),
                    format!("did you mean `{s}`?"),
                ),
                None => (
                    format!("可用的命令：{}", commands.join("、")),
                    format!("the commands are: {}", commands.join(", ")),
                ),
            });
            (
                "unknown-command",
                format!("未知的命令 `{given}`"),
                format!("unknown command `{given}`"),
            )
        }
        ErrorKind::MissingSubcommand => (
            "missing-command",
            format!("缺少命令；可用的命令：{}", commands.join("、")),
            format!(
                "a command is missing; the commands are: {}",
                commands.join(", ")
            ),
        ),
        ErrorKind::InvalidValue if value.is_empty() => (
            "missing-value",
            format!("`{arg_name}` 需要一个取值"),
            format!("`{arg_name}` needs a value"),
        ),
        ErrorKind::InvalidValue => {
            let valid = context_strs(err, ContextKind::ValidValue);
            if let Some(s) = context_str(err, ContextKind::SuggestedValue) {
                help = Some((
                    format!("您是不是要用 `{s}`？"),
                    format!("did you mean `{s}`?"),
                ));
            }
            (
                "invalid-value",
                format!(
                    "`{arg_name}` 的取值 `{value}` 无效；可用：{}",
                    valid.join("、")
                ),
                format!(
                    "invalid value `{value}` for `{arg_name}`; possible values: {}",
                    valid.join(", ")
                ),
            )
        }
        ErrorKind::ValueValidation => {
            let source = std::error::Error::source(err);
            let (zh, en) = if source.is_some_and(|s| s.is::<std::num::ParseFloatError>()) {
                ("不是数字", "is not a number")
            } else if source.is_some_and(|s| s.is::<std::num::ParseIntError>()) {
                ("不是整数", "is not a whole number")
            } else {
                ("无效", "is not valid")
            };
            (
                "invalid-value",
                format!("`{arg_name}` 的取值 `{value}` {zh}"),
                format!("the value `{value}` of `{arg_name}` {en}"),
            )
        }
        ErrorKind::MissingRequiredArgument => {
            let missing: Vec<(String, Option<String>)> = context_strs(err, ContextKind::InvalidArg)
                .iter()
                .map(|a| named(a, here))
                .collect();
            let zh: Vec<String> = missing
                .iter()
                .map(|(n, h)| match h {
                    Some(h) => format!("{n}（{h}）"),
                    None => n.clone(),
                })
                .collect();
            let en: Vec<String> = missing
                .iter()
                .map(|(n, h)| match h {
                    Some(h) => format!("{n} ({h})"),
                    None => n.clone(),
                })
                .collect();
            (
                "missing-argument",
                format!("缺少必需的参数：{}", zh.join("；")),
                format!("missing required argument: {}", en.join("; ")),
            )
        }
        ErrorKind::ArgumentConflict => {
            let prior = context_str(err, ContextKind::PriorArg)
                .map(|p| named(&p, here).0)
                .unwrap_or_default();
            if prior.is_empty() || prior == arg_name {
                (
                    "conflicting-arguments",
                    format!("`{arg_name}` 只能给一次"),
                    format!("`{arg_name}` can be given only once"),
                )
            } else {
                (
                    "conflicting-arguments",
                    format!("`{arg_name}` 不能与 `{prior}` 同时使用"),
                    format!("`{arg_name}` cannot be used with `{prior}`"),
                )
            }
        }
        ErrorKind::NoEquals => (
            "no-equals",
            format!("`{arg_name}` 的取值要用等号连写：{arg_name}=取值"),
            format!("the value of `{arg_name}` must follow an equals sign: {arg_name}=VALUE"),
        ),
        ErrorKind::TooManyValues => (
            "too-many-values",
            format!("`{arg_name}` 多给了取值 `{value}`"),
            format!("`{arg_name}` takes no more values; `{value}` is one too many"),
        ),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let expected = context_num(err, ContextKind::ExpectedNumValues)
                .or_else(|| context_num(err, ContextKind::MinValues))
                .unwrap_or(1);
            let actual = context_num(err, ContextKind::ActualNumValues).unwrap_or(0);
            (
                "wrong-number-of-values",
                format!("`{arg_name}` 需要 {expected} 个取值，给了 {actual} 个"),
                format!("`{arg_name}` needs {expected} value(s), {actual} given"),
            )
        }
        ErrorKind::InvalidUtf8 => (
            "invalid-utf8",
            "参数中有无法识别的字符（不是有效的 UTF-8）".to_owned(),
            "an argument is not valid UTF-8".to_owned(),
        ),
        _ => (
            "bad-usage",
            "命令行参数有误".to_owned(),
            "the command line is not valid".to_owned(),
        ),
    };
    let mut d = Diagnostic::error(code, "", zh, en);
    if let Some((hz, he)) = help {
        d = d.with_help(hz, he);
    }
    let mut text = crate::CannotRun::from(d).render(lang);
    // The command's usage, as its help shows it (not clap's usage of the arguments given).
    let usage = here.clone().render_usage().to_string();
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    if !usage.is_empty() {
        text.push('\n');
        text.push_str(pick(lang, "用法：", "Usage: "));
        text.push_str(&plain(usage, lang));
        text.push('\n');
    }
    // `help` has no `--help` of its own: the program's help says what it does.
    let path = match sub.filter(|s| s.get_name() != "help") {
        Some(s) => format!("{} {}", cmd.get_name(), s.get_name()),
        None => cmd.get_name().to_owned(),
    };
    text.push_str(&match lang {
        Lang::Zh => format!("更多信息请运行 `{path} --help`\n"),
        Lang::En => format!("for more information, run `{path} --help`\n"),
    });
    Output {
        code: Exit::Error,
        stdout: Vec::new(),
        stderr: text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves() {
        assert_eq!(half("输出格式 / output format", Lang::Zh), "输出格式");
        assert_eq!(half("输出格式 / output format", Lang::En), "output format");
        let t = "替换内置模板（report.md / report.html，或包含它们的目录）/ Override a built-in template by name";
        assert_eq!(
            half(t, Lang::Zh),
            "替换内置模板（report.md / report.html，或包含它们的目录）"
        );
        assert_eq!(half(t, Lang::En), "Override a built-in template by name");
        assert_eq!(half("引擎\nthe engine", Lang::En), "the engine");
        assert_eq!(half("no halves", Lang::Zh), "no halves");
    }

    #[test]
    fn lang_is_read_before_parsing() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_of(&args(&["changai", "evaluate", "--help"])), Lang::Zh);
        assert_eq!(
            lang_of(&args(&["changai", "--help", "--lang", "en"])),
            Lang::En
        );
        assert_eq!(lang_of(&args(&["changai", "--lang=en", "x"])), Lang::En);
        assert_eq!(lang_of(&args(&["changai", "--lang", "fr"])), Lang::Zh);
        assert_eq!(lang_of(&args(&["changai", "--", "--lang", "en"])), Lang::Zh);
    }

    /// Every help text of the command tree is written "中文 / English", so neither language shows
    /// the other's half.
    #[test]
    fn every_help_has_both_halves() {
        fn walk(cmd: &Command, path: &str, bad: &mut Vec<String>) {
            let path = format!("{path} {}", cmd.get_name());
            let mut texts: Vec<String> =
                cmd.get_about().map(|a| a.to_string()).into_iter().collect();
            for a in cmd.get_arguments() {
                texts.extend(a.get_help().map(|h| h.to_string()));
                for v in a.get_possible_values() {
                    texts.extend(v.get_help().map(|h| h.to_string()));
                }
            }
            for t in texts {
                if half(&t, Lang::Zh) == half(&t, Lang::En) {
                    bad.push(format!("{path}: {t}"));
                }
            }
            for s in cmd.get_subcommands() {
                walk(s, &path, bad);
            }
        }
        use clap::CommandFactory;
        let mut bad = Vec::new();
        walk(&crate::cli::Cli::command(), "", &mut bad);
        assert_eq!(bad, Vec::<String>::new());
    }
}
