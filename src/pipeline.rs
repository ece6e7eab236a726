//! The whole job in one place: load the standard → open the pack → resolve its declarations →
//! check → score. Commands and reports call this.

use std::path::Path;

use crate::cannot_run::CannotRun;
use crate::diagnostic::Severity;
use crate::evidence::Pack;
use crate::outcome::Results;
use crate::standard::{self, Standard};

/// Loads, validates and lints a standard: the one at `path`, or the embedded 6/17/55 standard.
/// A standard with errors cannot be evaluated against: its error findings, with the texts
/// they point into.
pub fn load_standard(path: Option<&Path>) -> Result<Standard, CannotRun> {
    let loaded = match path {
        Some(p) => standard::load(p)?,
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
            let mut failure = CannotRun::new(errors).with_heading(
                "标准有错误，无法评估：",
                "the standard has errors and cannot be used:",
            );
            failure.sources = loaded.files.into_iter().map(|f| (f.path, f.text)).collect();
            Err(failure)
        }
    }
}

/// Evaluates the pack at `pack` against a standard (the embedded one when `standard` is `None`).
pub fn evaluate_pack(pack: &Path, standard: Option<&Path>) -> Result<Results, CannotRun> {
    let standard = load_standard(standard)?;
    let pack = Pack::open(pack)?;
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
