//! Evidence packs: `pack.yaml`, the one scan of the pack's files, and readers for data files.

pub mod pack;
pub mod pack_model;

pub use pack::{Pack, PackError};
