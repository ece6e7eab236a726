//! Output formats of `rank`, one file each, all rendering the same [`crate::rank::Ranking`].

pub mod csv;
pub mod json;
pub mod md;
pub mod table;
