//! Standards: the format ([`model`]), loading ([`load`]), the generated schemas ([`schema`]) and
//! the semantic lint ([`lint`]), and the flattened tree every pass reads ([`index`]). The standard shipped in the binary is in [`embedded`].

pub mod embedded;
pub mod index;
pub mod lint;
pub mod load;
pub mod model;
pub mod schema;
pub mod source_map;
pub mod validation;

pub use index::StandardIndex;
pub use load::{load, Loaded};
pub use model::{Check, Item, Standard};

/// Loads and lints: every diagnostic of a standard in one run.
pub fn validate(mut loaded: Loaded) -> Loaded {
    let extra = match &loaded.standard {
        Some(standard) => lint::lint(standard, &loaded),
        None => Vec::new(),
    };
    loaded.diagnostics.extend(extra);
    loaded
}
