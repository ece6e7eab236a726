//! HTML: the report to read on screen, print to A4 and file. One self-contained file — inline CSS
//! and inline SVG charts, no fonts, scripts or images fetched from anywhere — so it opens the same
//! on an office PC without network. Rendered by the `report.html` template, autoescaped.

use super::context::Context;
use super::templates::Templates;

pub fn render(context: &Context, templates: &Templates) -> Result<Vec<u8>, crate::CannotRun> {
    templates
        .render("report.html", context)
        .map(String::into_bytes)
}
