//! Semantic lint of a loaded standard: what the schema cannot see.

use super::load::Loaded;
use super::model::Standard;
use crate::diagnostic::Diagnostic;

/// Every semantic finding of a standard, in one run.
pub fn lint(_standard: &Standard, _loaded: &Loaded) -> Vec<Diagnostic> {
    Vec::new()
}
