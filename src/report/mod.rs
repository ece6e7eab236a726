//! Rendering results: Markdown, HTML, csv, xlsx and json reports through minijinja templates.
