//! Evidence packs: `pack.yaml`, the one scan of the pack's files, the one pass that matches every
//! glob, dates in file names, and readers for data files and for documents (text and pages).

pub mod cache;
pub mod content_date;
pub mod dates;
pub mod document;
pub mod file_dates;
pub mod index;
pub mod kind;
pub mod layout;
pub mod pack;
pub mod pack_model;
pub mod read;
pub mod seal;
pub mod workbook;

pub use pack::Pack;
