//! `changai rank PATH...`: evaluate many packs (or read their results) and rank the communities —
//! the municipal union auditor's batch view.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{Env, Output};
use crate::fsutil::{OutputTarget, ReadPack};
use crate::rank::{self, Entry, Failure};
use crate::render::rank::{self as render, Format};
use crate::Lang;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 证据包文件夹、RESULTS.json，或包含多个证据包的文件夹 / pack folders, RESULTS.json files, or folders of packs
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// 标准文件或文件夹；缺省为内置的 6/17/55 标准 / standard file or folder; default: the embedded 6/17/55 standard
    #[arg(long)]
    pub standard: Option<PathBuf>,
    /// 按标准的这一档次评估每个证据包，代替各自 pack.yaml 的 `profile:` / assess every pack in this profile of the standard instead of its pack.yaml's `profile:`
    #[arg(long, value_name = "ID")]
    pub profile: Option<String>,
    /// 输出格式（缺省时按 --output 的扩展名：.txt、.md、.csv、.json；否则为表格）/ output format (default: from --output's extension, `.txt`, `.md`, `.csv` or `.json`; else table)
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// 写入文件（原子写入）而不是标准输出；`-` 为标准输出 / write to this file (atomically) instead of stdout; `-` is stdout
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// 上年的 RESULTS.json 或其所在文件夹，按社区名称比较 / last year's RESULTS.json files or folders of them, matched by community
    #[arg(long, num_args = 1.., value_name = "DIR_OR_FILE")]
    pub previous: Vec<PathBuf>,
    /// 把每个评估过的证据包的 RESULTS.json 写入此文件夹 / write each evaluated pack's RESULTS.json into this folder
    #[arg(long, value_name = "DIR")]
    pub results_dir: Option<PathBuf>,
}

/// The formats and the extensions of their files.
const KNOWN: [super::output_format::Known<Format>; 4] = [
    (Format::Table, "table", &["txt"]),
    (Format::Md, "md", &["md", "markdown"]),
    (Format::Csv, "csv", &["csv"]),
    (Format::Json, "json", &["json"]),
];

pub fn run(args: Args, lang: Lang, env: &Env) -> Output {
    let target = OutputTarget::parse(args.output.as_deref(), &env.cwd);
    let decided = super::output_format::decide(args.format, &target, &KNOWN, Format::Table);
    let json = args.format.or(decided.as_ref().ok().copied()) == Some(Format::Json);
    let cannot_run = |failure: &crate::CannotRun| {
        if json {
            Output::cannot_run_json(failure, lang)
        } else {
            Output::cannot_run(failure, lang)
        }
    };
    let cwd = env.cwd.clone();
    let shown = move |p: &Path| {
        p.strip_prefix(&cwd)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let paths: Vec<PathBuf> = args.paths.iter().map(|p| env.cwd.join(p)).collect();
    let (sources, mut failures) = rank::sources(&paths, &shown, lang);
    // Every target is checked against every pack read before anything is evaluated or written.
    let read: Vec<ReadPack> = sources
        .iter()
        .filter_map(|s| match s {
            rank::Source::Pack(path) => Some(ReadPack {
                path: path.clone(),
                shown: shown(path),
            }),
            rank::Source::Results(_) => None,
        })
        .collect();
    if let Err(refusal) = target.check(&read) {
        return cannot_run(&refusal.into());
    }
    let format = match decided {
        Ok(format) => format,
        Err(e) => return cannot_run(&e),
    };
    let results_dir = args
        .results_dir
        .as_ref()
        .map(|d| (env.cwd.join(d), d.to_string_lossy().replace('\\', "/")));
    if let Some((dir, dir_shown)) = &results_dir {
        if let Err(refusal) = crate::fsutil::check_output_folder(dir, dir_shown, &read) {
            return cannot_run(&refusal.into());
        }
    }
    let needs_standard = sources.iter().any(|s| matches!(s, rank::Source::Pack(_)));
    let standard = match (needs_standard, &args.standard) {
        (false, _) => None,
        (true, given) => {
            let full = given.as_ref().map(|s| env.cwd.join(s));
            match crate::pipeline::load_standard(full.as_deref()) {
                Ok(s) => Some(s),
                Err(e) => {
                    let e = match (&full, given) {
                        (Some(full), Some(given)) => e.shown_as(full, given),
                        _ => e,
                    };
                    return cannot_run(&e);
                }
            }
        }
    };
    if let (Some(standard), Some(p)) = (&standard, &args.profile) {
        // an unknown `--profile` stops the run before any pack is evaluated
        if let Err(e) = crate::pipeline::check_profile(standard, p, None) {
            return cannot_run(&e);
        }
    }
    let (entries, gather_failures) = match &standard {
        Some(standard) => rank::gather(
            &sources,
            standard,
            args.standard.is_some(),
            args.profile.as_deref(),
            &shown,
            lang,
        ),
        None => rank::gather_results_only(&sources, &shown, lang),
    };
    failures.extend(gather_failures);
    let (previous, previous_failures) = rank::previous(
        &args
            .previous
            .iter()
            .map(|p| env.cwd.join(p))
            .collect::<Vec<_>>(),
        &shown,
        lang,
    );
    failures.extend(previous_failures);

    let mut written = String::new();
    if let Some((dir, dir_shown)) = &results_dir {
        match write_results(dir, dir_shown, &entries, &read, lang) {
            Ok(lines) => written = lines,
            Err(e) => return cannot_run(&e),
        }
    }

    let ranking = rank::rank(&entries, &previous, failures, &shown);
    let failures_text = failures_text(&ranking.failures, lang);
    if ranking.rows.is_empty() {
        let mut out = cannot_run(&crate::CannotRun::plain(
            "nothing-to-rank",
            "没有可排名的社区",
            "nothing could be ranked",
        ));
        out.stderr.push_str(&failures_text);
        return out;
    }
    let bytes = match render::render(format, &ranking, lang) {
        Ok(b) => b,
        Err(e) => return Output::cannot_run(&e, lang),
    };
    // Table and Markdown list failures in the output itself; csv and json scripts read stderr.
    let stderr = if format.lists_failures() {
        String::new()
    } else {
        failures_text
    };
    // The warnings and the files already written are said even when the last write fails.
    let mut out = Output::deliver(&target, bytes, lang);
    out.stderr = format!("{stderr}{written}{}", out.stderr);
    out
}

fn failures_text(failures: &[Failure], lang: Lang) -> String {
    failures
        .iter()
        .map(|f| match lang {
            Lang::Zh => format!("警告：未能评估 {}：{}\n", f.source, f.message),
            Lang::En => format!("warning: could not rank {}: {}\n", f.source, f.message),
        })
        .collect()
}

/// A file name from a community name: path separators and characters Windows refuses become `_`.
fn file_stem(name: &str) -> String {
    let stem = crate::fsutil::safe_chars(name.trim());
    let stem = stem.trim_matches('.').to_owned();
    if stem.is_empty() {
        "results".to_owned()
    } else {
        stem
    }
}

/// Writes the RESULTS.json of every evaluated pack into `dir`, named by community (and by pack
/// folder when two packs share a community), each atomically, after every file target was
/// checked (the folder itself was checked before evaluating). Returns the lines naming the files.
fn write_results(
    dir: &Path,
    dir_shown: &str,
    entries: &[Entry],
    read: &[ReadPack],
    lang: Lang,
) -> Result<String, crate::CannotRun> {
    let mut used = BTreeSet::new();
    let mut files = Vec::new();
    for entry in entries.iter().filter(|e| e.evaluated) {
        let community = file_stem(&entry.results.pack.community);
        let mut name = format!("{community}.json");
        if !used.insert(name.clone()) {
            let folder = entry
                .source
                .file_name()
                .map(|n| file_stem(&n.to_string_lossy()))
                .unwrap_or_default();
            name = format!("{community}-{folder}.json");
            used.insert(name.clone());
        }
        let shown = if dir_shown.ends_with('/') {
            format!("{dir_shown}{name}")
        } else {
            format!("{dir_shown}/{name}")
        };
        files.push((OutputTarget::file(dir.join(&name), shown), entry));
    }
    // In an existing folder a file of the same name may be a pipe or a folder; a new one is empty.
    if dir.is_dir() {
        for (target, _) in &files {
            target.check(read)?;
        }
    } else {
        std::fs::create_dir_all(dir).map_err(|e| {
            let (_, zh, en) = crate::source::io_words(&e);
            crate::diagnostic::Diagnostic::error(
                "write-failed",
                "",
                format!("无法创建文件夹 {dir_shown}：{zh}"),
                format!("cannot create the folder {dir_shown}: {en}"),
            )
        })?;
    }
    let mut lines = String::new();
    for (target, entry) in &files {
        target.write(crate::render::json::pretty(&entry.results).as_bytes())?;
        lines.push_str(&target.written(lang));
    }
    Ok(lines)
}
