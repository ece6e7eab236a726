//! `--format human`: diagnostics with snippets and carets, then one line per standard. The whole
//! text is shown with control characters escaped: file names, messages and snippet lines all come
//! from the standard's files, and nothing of ours needs a raw escape here.

use crate::diagnostic::{render_human, SourceLines};
use crate::standard::validation::Validation;
use crate::Lang;

pub fn render(v: &Validation, lang: Lang) -> String {
    let sources = SourceLines::new(v.sources.iter().map(|(f, t)| (f.as_str(), t.as_str())));
    let mut out = render_human(&v.diagnostics, &sources, lang);
    for s in &v.standards {
        let shape = s
            .shape
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("/");
        let name = match (&s.id, &s.version) {
            (Some(id), Some(version)) => format!("{id} {version}"),
            _ => "?".to_owned(),
        };
        let ok = s.errors == 0 && !(v.deny_warnings && s.warnings > 0);
        let line = match (lang, ok) {
            (Lang::Zh, true) => format!(
                "✓ {}: {name}，结构 {shape}，{} 个警告\n",
                s.path, s.warnings
            ),
            (Lang::Zh, false) => format!(
                "✗ {}: {name}，{} 个错误，{} 个警告\n",
                s.path, s.errors, s.warnings
            ),
            (Lang::En, true) => format!(
                "✓ {}: {name}, shape {shape}, {}\n",
                s.path,
                crate::words::count(s.warnings, "warning")
            ),
            (Lang::En, false) => format!(
                "✗ {}: {name}, {}, {}\n",
                s.path,
                crate::words::count(s.errors, "error"),
                crate::words::count(s.warnings, "warning")
            ),
        };
        out.push_str(&line);
        let provenance = s.provenance.get(lang).trim();
        if !provenance.is_empty() {
            let b = s.basis;
            out.push_str(&match lang {
                Lang::Zh => format!(
                    "  重构说明：{provenance}\n  依据：{} 个末级条目中 {} 个写明了在来源中的依据",
                    b.leaves, b.leaves_with
                ),
                Lang::En => format!(
                    "  Provenance: {provenance}\n  Basis: {} of {} leaf items state their basis in the source",
                    b.leaves_with, b.leaves
                ),
            });
            if b.groups > 0 {
                out.push_str(&match lang {
                    Lang::Zh => format!(
                        "；{} 个带自身检查的分组中 {} 个写明了依据",
                        b.groups, b.groups_with
                    ),
                    Lang::En => format!(
                        "; {} of {} groups with their own checks state theirs",
                        b.groups_with, b.groups
                    ),
                });
            }
            out.push('\n');
        }
    }
    crate::render::escape::terminal(&out).into_owned()
}
