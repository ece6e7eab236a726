//! `changai verify RESULTS.json PACK`: has the evidence changed since it was scored?
//!
//! Results carry the pack's digest (SHA-256 over every file's path and hash) and the hash of every
//! file that proved an item or a bonus claim. An auditor re-scans the pack: the same digest means
//! nothing was added, removed or altered; otherwise every proving file that is now missing or
//! different is named, with the items it proved.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use super::{Env, Exit, Output};
use crate::evidence::Pack;
use crate::outcome::Results;
use crate::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// 供人阅读 / for people
    #[default]
    Human,
    /// 机器可读 JSON / machine-readable JSON
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 评估结果（changai evaluate --format json 的输出）/ results written by `evaluate --format json`
    pub results: PathBuf,
    /// 证据包文件夹 / the evidence pack folder
    pub pack: PathBuf,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// What changed in one proving file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Missing,
    Altered,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileChange {
    pub path: String,
    pub change: Change,
    /// Items (or bonus claims) the file proved.
    pub proves: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    /// The pack is exactly as scored.
    pub unchanged: bool,
    pub scored_digest: String,
    pub current_digest: String,
    pub scored_files: usize,
    pub current_files: usize,
    /// Proving files now missing or altered.
    pub changes: Vec<FileChange>,
}

pub fn verify(results: &Results, pack: &Pack) -> Verification {
    let mut proving: BTreeMap<&str, (&str, Vec<String>)> = BTreeMap::new();
    let refs = results
        .items
        .iter()
        .flat_map(|i| i.evidence.iter().map(move |e| (e, i.id.clone())))
        .chain(
            results
                .score
                .bonus_claims
                .iter()
                .flat_map(|b| b.evidence.iter().map(move |e| (e, b.id.clone()))),
        );
    for (e, id) in refs {
        let entry = proving
            .entry(e.path.as_str())
            .or_insert((e.sha256.as_str(), Vec::new()));
        if !entry.1.contains(&id) {
            entry.1.push(id);
        }
    }
    let changes = proving
        .into_iter()
        .filter_map(|(path, (sha, proves))| {
            let change = match pack.sha256_of(path) {
                None => Change::Missing,
                Some(now) if now != sha => Change::Altered,
                Some(_) => return None,
            };
            Some(FileChange {
                path: path.to_owned(),
                change,
                proves,
            })
        })
        .collect();
    Verification {
        unchanged: results.pack.digest == pack.digest,
        scored_digest: results.pack.digest.clone(),
        current_digest: pack.digest.clone(),
        scored_files: results.pack.files,
        current_files: pack.files.len(),
        changes,
    }
}

pub fn run(args: Args, lang: Lang, env: &Env) -> Output {
    let zh = lang == Lang::Zh;
    let path = env.cwd.join(&args.results);
    let results: Results = match std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
    {
        Ok(r) => r,
        Err(e) => {
            return Output::error(if zh {
                format!("error: 无法读取评估结果 {}：{e}", args.results.display())
            } else {
                format!("error: cannot read results {}: {e}", args.results.display())
            })
        }
    };
    let pack = match Pack::open(&env.cwd.join(&args.pack)) {
        Ok(p) => p,
        Err(e) => return Output::error(format!("error: {}", e.message(lang))),
    };
    let v = verify(&results, &pack);
    let text = match args.format {
        Format::Json => crate::output::json::pretty(&v),
        Format::Human => human(&v, zh),
    };
    Output {
        code: if v.unchanged { Exit::Ok } else { Exit::Failed },
        stdout: text.into_bytes(),
        stderr: String::new(),
    }
}

fn human(v: &Verification, zh: bool) -> String {
    let mut out = String::new();
    if v.unchanged {
        out.push_str(&if zh {
            format!(
                "✓ 证据包与评分时一致（{} 个文件，指纹 {}）\n",
                v.current_files,
                short(&v.current_digest)
            )
        } else {
            format!(
                "✓ the pack is as scored ({} files, digest {})\n",
                v.current_files,
                short(&v.current_digest)
            )
        });
        return out;
    }
    out.push_str(&if zh {
        format!(
            "✗ 证据包在评分后有改动：评分时 {} 个文件（指纹 {}），现在 {} 个文件（指纹 {}）\n",
            v.scored_files,
            short(&v.scored_digest),
            v.current_files,
            short(&v.current_digest)
        )
    } else {
        format!(
            "✗ the pack changed after scoring: {} files (digest {}) then, {} files (digest {}) now\n",
            v.scored_files,
            short(&v.scored_digest),
            v.current_files,
            short(&v.current_digest)
        )
    });
    for c in &v.changes {
        let what = match (&c.change, zh) {
            (Change::Missing, true) => "已删除",
            (Change::Altered, true) => "内容已改",
            (Change::Missing, false) => "missing",
            (Change::Altered, false) => "altered",
        };
        out.push_str(&format!(
            "  {what}: {}  ({})\n",
            crate::output::escape::terminal(&c.path),
            crate::output::escape::terminal(&c.proves.join(", "))
        ));
    }
    if v.changes.is_empty() {
        out.push_str(if zh {
            "  证明各条目的文件都未改动；改动在其他文件（新增、删除或修改了非证明文件）\n"
        } else {
            "  no proving file changed; other files were added, removed or altered\n"
        });
    }
    out
}

fn short(digest: &str) -> &str {
    digest.get(..16).unwrap_or(digest)
}
