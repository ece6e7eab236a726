//! The whole job in one place: load the standard → open the pack → resolve its declarations →
//! check → score. Commands and reports call this.

use std::path::Path;

use crate::diagnostic::{render_human, Severity};
use crate::evidence::Pack;
use crate::outcome::Results;
use crate::standard::{self, Standard};
use crate::Lang;

/// Why the pipeline could not run (exit 2): a message for a person, already formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure(pub String);

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Failure {}

/// [`load_standard_in`], with messages in Chinese.
pub fn load_standard(path: Option<&Path>) -> Result<Standard, Failure> {
    load_standard_in(path, Lang::Zh)
}

/// Loads, validates and lints a standard: the one at `path`, or the embedded 6/17/55 standard.
/// A standard with errors cannot be evaluated against; the failure is told in `lang`.
pub fn load_standard_in(path: Option<&Path>, lang: Lang) -> Result<Standard, Failure> {
    let loaded = match path {
        Some(p) => standard::load(p)
            .map_err(|e| Failure(format!("error: {}: {}", e.path.display(), e.message(lang))))?,
        None => standard::embedded::load(),
    };
    let loaded = standard::validate(loaded);
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    match loaded.standard {
        Some(s) if errors.is_empty() => Ok(s),
        _ => {
            let shown = render_human(&errors, &|p| loaded.source(p).map(str::to_owned), lang);
            Err(Failure(match lang {
                Lang::Zh => format!("标准有错误，无法评估：\n\n{shown}"),
                Lang::En => format!("the standard has errors and cannot be used:\n\n{shown}"),
            }))
        }
    }
}

/// [`evaluate_pack_in`], with messages in Chinese.
pub fn evaluate_pack(pack: &Path, standard: Option<&Path>) -> Result<Results, Failure> {
    evaluate_pack_in(pack, standard, Lang::Zh)
}

/// Evaluates the pack at `pack` against a standard (the embedded one when `standard` is `None`);
/// a failure to run is told in `lang`.
pub fn evaluate_pack_in(
    pack: &Path,
    standard: Option<&Path>,
    lang: Lang,
) -> Result<Results, Failure> {
    let standard = load_standard_in(standard, lang)?;
    let pack = Pack::open(pack).map_err(|e| Failure(format!("error: {}", e.message(lang))))?;
    Ok(evaluate(&standard, &pack))
}

/// Resolve the declarations of an opened pack, check it and score it.
pub fn evaluate(standard: &Standard, pack: &Pack) -> Results {
    let declarations = crate::declare::resolve(standard, pack);
    let evaluation = crate::check::evaluate(standard, pack, &declarations);
    crate::score::score(
        standard,
        crate::evidence::seal::pack_info(pack),
        &declarations,
        evaluation,
    )
}
