//! The outcome of `validate`: which standards were read, and every diagnostic, as a value that
//! each output format renders.

use std::collections::BTreeMap;

use serde::Serialize;

use super::index::StandardIndex;
use super::load::Loaded;
use super::model::Standard;
use crate::diagnostic::{Diagnostic, Severity};

#[derive(Debug, Clone, Default)]
pub struct Validation {
    pub standards: Vec<Checked>,
    pub diagnostics: Vec<Diagnostic>,
    /// Texts of the files, by displayed path, for snippets.
    pub sources: BTreeMap<String, String>,
    /// Warnings make the run invalid.
    pub deny_warnings: bool,
}

/// One standard that was validated.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    pub path: String,
    pub id: Option<String>,
    pub version: Option<String>,
    /// Items counted per level, outermost first.
    pub shape: Vec<usize>,
    pub errors: usize,
    pub warnings: usize,
    /// The standard's statement of how faithful it is to its source; empty when it makes none.
    #[serde(skip_serializing_if = "is_blank")]
    pub provenance: crate::standard::model::Text,
    /// Leaves that state their basis in the source, and all leaves; then the same for groups with
    /// their own part (points or checks), counted apart so a summary saying "leaves" means leaves.
    #[serde(skip)]
    pub basis: Basis,
    /// Where this standard's diagnostics are in [`Validation::diagnostics`].
    #[serde(skip)]
    pub diagnostics: std::ops::Range<usize>,
}

fn is_blank(t: &crate::standard::model::Text) -> bool {
    t.zh.trim().is_empty() && t.en.trim().is_empty()
}

/// How many assessed items state their basis in the source: leaves and groups with their own part
/// counted apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Basis {
    pub leaves_with: usize,
    pub leaves: usize,
    pub groups_with: usize,
    pub groups: usize,
}

/// Assessed items (leaves, groups' own parts) with a `basis`, and all of them, leaves and groups
/// apart.
fn basis_count(standard: &Standard) -> Basis {
    let index = StandardIndex::of(standard);
    index.assessed().fold(Basis::default(), |mut b, (_, n)| {
        let with = usize::from(n.item.basis.is_some());
        if n.item.is_leaf() {
            b.leaves_with += with;
            b.leaves += 1;
        } else {
            b.groups_with += with;
            b.groups += 1;
        }
        b
    })
}

impl Validation {
    pub fn add(&mut self, path: String, mut loaded: Loaded) {
        // Findings in reading order: by file (header first), line, column. The sort is stable, so
        // findings at one place keep the order they were found in.
        let order: BTreeMap<&str, usize> = loaded
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.as_str(), i))
            .collect();
        let key = |d: &Diagnostic| {
            (
                order.get(d.file.as_str()).copied().unwrap_or(usize::MAX),
                d.line,
                d.column,
            )
        };
        let mut diagnostics = std::mem::take(&mut loaded.diagnostics);
        diagnostics.sort_by_key(key);
        loaded.diagnostics = diagnostics;
        let errors = count(&loaded.diagnostics, Severity::Error);
        let warnings = count(&loaded.diagnostics, Severity::Warning);
        let standard = loaded.standard.as_ref();
        let start = self.diagnostics.len();
        self.standards.push(Checked {
            path,
            id: standard.map(|s| s.id.clone()),
            version: standard.map(|s| s.version.clone()),
            shape: standard.map(shape).unwrap_or_default(),
            errors,
            warnings,
            provenance: standard
                .map(|s| crate::standard::model::Text {
                    zh: s.provenance.clone(),
                    en: s.provenance_en.clone(),
                })
                .unwrap_or_default(),
            basis: standard.map(basis_count).unwrap_or_default(),
            diagnostics: start..start + loaded.diagnostics.len(),
        });
        for f in loaded.files {
            self.sources.insert(f.path, f.text);
        }
        self.diagnostics.extend(loaded.diagnostics);
    }

    pub fn errors(&self) -> usize {
        count(&self.diagnostics, Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        count(&self.diagnostics, Severity::Warning)
    }

    /// The diagnostics of one standard.
    pub fn of(&self, standard: &Checked) -> &[Diagnostic] {
        self.diagnostics
            .get(standard.diagnostics.clone())
            .unwrap_or_default()
    }

    pub fn valid(&self) -> bool {
        self.errors() == 0 && !(self.deny_warnings && self.warnings() > 0)
    }
}

fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

/// Number of items at each level of the tree, outermost first (any tree: uneven depth counts
/// each item at its own level).
pub fn shape(standard: &Standard) -> Vec<usize> {
    StandardIndex::of(standard).shape()
}
