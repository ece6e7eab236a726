//! `changai audit DIR… --output OUT`: the auditor's city in one run — every community's results,
//! report and score sheet, and the city workbook, page and manifest (see [`crate::audit`]).
//!
//! Arguments and messages are here; the work is in the library. The exit code follows `rank`: 0
//! when at least one community was evaluated (the packs that failed are warnings on stderr and a
//! sheet of the workbook), 2 when none could be or OUT cannot be written. The progress bar is
//! drawn on stderr only when stderr is a terminal and `CI` is unset — the one place where the
//! process's streams are looked at outside the binary, since `Env` does not carry it yet.

use std::path::{Path, PathBuf};

use super::{Env, Output};
use crate::audit::{self, Progress, Request};
use crate::fsutil::ReadPack;
use crate::rank::{self, Source};
use crate::Lang;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 证据包文件夹，或包含多个证据包的文件夹 / pack folders, or folders of packs
    #[arg(required = true, value_name = "DIR")]
    pub paths: Vec<PathBuf>,
    /// 输出文件夹（不能在证据包内）/ the output folder (never inside a pack)
    #[arg(long, short, value_name = "OUT")]
    pub output: PathBuf,
    /// 标准文件或文件夹；缺省为内置的 6/17/55 标准 / standard file or folder; default: the embedded standard
    #[arg(long, value_name = "PATH")]
    pub standard: Option<PathBuf>,
    /// 按标准的这一档次评估每个证据包 / assess every pack in this profile of the standard
    #[arg(long, value_name = "ID")]
    pub profile: Option<String>,
    /// 上年 changai audit 的输出文件夹，用于同比 / last year's audit output folder, for the year-on-year comparison
    #[arg(long, value_name = "OUT_OF_LAST_YEAR")]
    pub previous: Option<PathBuf>,
    /// 审核员保存的复评文件所在文件夹 / the folder of review files kept by the auditor
    #[arg(long, value_name = "DIR")]
    pub reviews: Option<PathBuf>,
    /// 不用哈希缓存和评估记录，每个文件都重新计算、每个证据包都重新评估 / hash every file and evaluate every pack again, without the caches
    #[arg(long)]
    pub no_cache: bool,
    /// 哈希缓存和评估记录所在文件夹 / the folder of the hash cache and the result cache
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    pub cache: Option<PathBuf>,
}

pub fn run(args: Args, lang: Lang, env: &Env) -> Output {
    let cwd = env.cwd.clone();
    let shown = move |p: &Path| {
        p.strip_prefix(&cwd)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let paths: Vec<PathBuf> = args.paths.iter().map(|p| env.cwd.join(p)).collect();
    let (sources, mut failures) = rank::sources(&paths, &shown, lang);
    let mut packs = Vec::new();
    for s in sources {
        match s {
            Source::Pack(p) => packs.push(p),
            Source::Results(p) => failures.push(rank::Failure {
                source: shown(&p),
                message: match lang {
                    Lang::Zh => "不是证据包文件夹：audit 只评估证据包".to_owned(),
                    Lang::En => "not a pack folder: audit evaluates packs only".to_owned(),
                },
            }),
        }
    }
    let read: Vec<ReadPack> = packs
        .iter()
        .map(|p| ReadPack {
            path: p.clone(),
            shown: shown(p),
        })
        .collect();
    let out = env.cwd.join(&args.output);
    let out_shown = args.output.to_string_lossy().replace('\\', "/");
    if let Err(refusal) = crate::fsutil::check_output_folder(&out, &out_shown, &read) {
        return Output::cannot_run(&refusal.into(), lang);
    }
    let standard_path = args.standard.as_ref().map(|s| env.cwd.join(s));
    let standard = match crate::pipeline::load_standard(standard_path.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            let e = match (&standard_path, &args.standard) {
                (Some(full), Some(given)) => e.shown_as(full, given),
                _ => e,
            };
            return Output::cannot_run(&e, lang);
        }
    };
    if let Some(p) = &args.profile {
        if let Err(e) = crate::pipeline::check_profile(&standard, p, None) {
            return Output::cannot_run(&e, lang);
        }
    }
    let date = match crate::render::report::context::report_date(env.source_date_epoch.as_deref()) {
        Ok(d) => d,
        Err(e) => return Output::cannot_run(&e.into(), lang),
    };
    let previous_dir = args.previous.as_ref().map(|d| env.cwd.join(d));
    let previous = match &args.previous {
        Some(dir) => {
            let dir_shown = dir.to_string_lossy().replace('\\', "/");
            match audit::read_previous(&env.cwd.join(dir), &dir_shown) {
                Ok(p) => Some(p),
                Err(e) => return Output::cannot_run(&e, lang),
            }
        }
        None => None,
    };
    // The auditor's review files: a file that cannot be read, or two for one community, is
    // listed; the others are used.
    let reviews = args.reviews.as_ref().map(|dir| {
        let (found, problems) = crate::declare::review_dir::ReviewDir::scan(&env.cwd.join(dir));
        for d in problems {
            failures.push(rank::Failure {
                source: shown(&env.cwd.join(&d.file)),
                message: d.message(lang).to_owned(),
            });
        }
        found
    });
    if packs.is_empty() {
        let mut out = Output::cannot_run(
            &crate::CannotRun::plain("nothing-to-audit", "没有可评估的证据包", "no pack to audit"),
            lang,
        );
        out.stderr.push_str(&failures_text(&failures, lang));
        return out;
    }

    // The hash cache: in OUT unless --cache names a folder; none with --no-cache. One that
    // cannot be used is a warning and an empty cache (everything is hashed again).
    let mut stderr_head = String::new();
    let cache_dir = (!args.no_cache).then(|| {
        args.cache
            .as_ref()
            .map_or_else(|| out.clone(), |d| env.cwd.join(d))
    });
    let cache_path = cache_dir.as_ref().map(|d| d.join(audit::CACHE_FILE));
    let cache = cache_path.as_ref().map(|path| {
        let (cache, warning) = crate::evidence::cache::HashCache::load(path);
        if let Some(w) = warning {
            stderr_head.push_str(&warning_line(&w, lang));
        }
        cache
    });
    // The result cache beside it: what an earlier audit made of each pack.
    let results_path = cache_dir
        .as_ref()
        .map(|d| d.join(audit::result_cache::RESULT_CACHE_FILE));
    let results = results_path.as_ref().map(|path| {
        let (cache, warning) = audit::result_cache::ResultCache::load(path);
        if let Some(w) = warning {
            stderr_head.push_str(&warning_line(&w, lang));
        }
        cache
    });

    use std::io::IsTerminal;
    let bar = (std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none_or(|v| v.is_empty()))
    .then(|| {
        let bar = indicatif::ProgressBar::new(packs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {elapsed_precise}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let progress = |p: Progress| {
        if let Some(bar) = &bar {
            bar.set_position(p.done as u64);
        }
    };
    let request = Request {
        packs: &packs,
        compiled: &crate::check::Compiled::new(&standard),
        templates: &crate::render::report::templates::Templates::built_in(),
        given: args.standard.is_some(),
        profile: args.profile.as_deref(),
        out: &out,
        lang,
        date,
        previous: previous.as_ref(),
        previous_dir: previous_dir.as_deref(),
        shown: &shown,
        reviews: reviews.as_ref(),
        cache: cache.as_ref(),
        results: results.as_ref(),
    };
    let result = audit::run(&request, failures, &progress);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let done = match result {
        Ok(done) => done,
        Err(e) => return Output::cannot_run(&e, lang),
    };
    let mut stderr = stderr_head;
    for note in &done.notes {
        stderr.push_str(&warning_line(note, lang));
    }
    stderr.push_str(&failures_text(&done.city.failures, lang));
    if let (Some(cache), Some(path)) = (&cache, &cache_path) {
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        if let Err(w) = cache.save(path) {
            stderr.push_str(&warning_line(&w, lang));
        }
        stderr.push_str(&match lang {
            Lang::Zh => format!(
                "核对记录：{} 个文件未改动、沿用上次的哈希，{} 个文件重新计算\n",
                cache.hits(),
                cache.misses()
            ),
            Lang::En => format!(
                "hash cache: {} files unchanged and not read again, {} files hashed\n",
                cache.hits(),
                cache.misses()
            ),
        });
    }
    if let (Some(results), Some(path)) = (&results, &results_path) {
        if let Err(w) = results.save(path) {
            stderr.push_str(&warning_line(&w, lang));
        }
        stderr.push_str(&match lang {
            Lang::Zh => format!(
                "评估记录：{} 个证据包未改动、沿用上次的结果，{} 个证据包重新评估\n",
                results.reused(),
                results.evaluated()
            ),
            Lang::En => format!(
                "result cache: {} packs unchanged and not evaluated again, {} packs evaluated\n",
                results.reused(),
                results.evaluated()
            ),
        });
    }
    stderr.push_str(&match lang {
        Lang::Zh => format!(
            "已评估 {} 个社区，{} 个未能评估；已写入 {out_shown}（{} 个文件）\n",
            done.city.rows.len(),
            done.city.failures.len(),
            done.files.len() + 1
        ),
        Lang::En => format!(
            "evaluated {} communities, {} could not be; wrote {out_shown} ({} files)\n",
            done.city.rows.len(),
            done.city.failures.len(),
            done.files.len() + 1
        ),
    });
    if done.city.rows.is_empty() {
        let mut out = Output::cannot_run(
            &crate::CannotRun::plain(
                "nothing-to-audit",
                "没有可评估的社区",
                "no community could be evaluated",
            ),
            lang,
        );
        out.stderr.insert_str(0, &stderr);
        return out;
    }
    Output {
        code: super::Exit::Ok,
        stdout: Vec::new(),
        stderr,
    }
}

fn warning_line(d: &crate::diagnostic::Diagnostic, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("警告：{}：{}\n", d.file, d.message(lang)),
        Lang::En => format!("warning: {}: {}\n", d.file, d.message(lang)),
    }
}

fn failures_text(failures: &[rank::Failure], lang: Lang) -> String {
    failures
        .iter()
        .map(|f| match lang {
            Lang::Zh => format!("警告：未能评估 {}：{}\n", f.source, f.message),
            Lang::En => format!("warning: could not evaluate {}: {}\n", f.source, f.message),
        })
        .collect()
}
