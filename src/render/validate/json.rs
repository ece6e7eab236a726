//! `--format json`: `{valid, standards, diagnostics}` for machines.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::standard::validation::{Checked, Validation};

#[derive(Serialize)]
struct Doc<'a> {
    valid: bool,
    errors: usize,
    warnings: usize,
    standards: &'a [Checked],
    diagnostics: &'a [Diagnostic],
}

pub fn render(v: &Validation) -> String {
    let doc = Doc {
        valid: v.valid(),
        errors: v.errors(),
        warnings: v.warnings(),
        standards: &v.standards,
        diagnostics: &v.diagnostics,
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
