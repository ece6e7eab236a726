//! Evidence packs: `pack.yaml`, the one scan of the pack's files, and readers for data files.

pub mod pack_model;
