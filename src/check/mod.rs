//! Deciding leaf items from a scanned evidence pack.

use crate::diagnostic::Diagnostic;
use crate::evidence::Pack;
use crate::outcome::ItemOutcome;
use crate::standard::Standard;

/// The decisions on every leaf, in tree order, and the problems met on the way.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub items: Vec<ItemOutcome>,
    pub problems: Vec<Diagnostic>,
}

/// Decides every leaf of `standard` from `pack`: checks, not-applicable declarations, waivers.
pub fn evaluate(_standard: &Standard, _pack: &Pack) -> Evaluation {
    Evaluation::default()
}
