//! `--format json`: the status context itself, versioned (`changai schema status`), both
//! languages in every text, for scripts and for another front end.

use super::StatusContext;

pub fn render(status: &StatusContext) -> String {
    crate::render::json::pretty(status)
}
