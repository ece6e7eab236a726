//! Markdown: the report as text an officer can paste into a document or a chat, and that diffs
//! well from one year to the next. Rendered by the `report.md` template.

use super::context::Context;
use super::templates::Templates;

pub fn render(context: &Context, templates: &Templates) -> Result<Vec<u8>, crate::CannotRun> {
    templates
        .render("report.md", context)
        .map(String::into_bytes)
}
