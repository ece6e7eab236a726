//! The hash cache of `changai audit`: what an earlier run hashed, kept outside the packs, so that
//! a re-audit of an unchanged city reads only what changed.

/// Hashes remembered from an earlier run.
#[derive(Debug, Default)]
pub struct HashCache {}
