//! The whole job in one place: load the standard → open the pack → resolve its declarations →
//! check → score. Commands and reports call this.

use std::path::Path;

use crate::cannot_run::CannotRun;
use crate::check::Compiled;
use crate::diagnostic::{Diagnostic, Severity};
use crate::evidence::Pack;
use crate::outcome::{PlanRecord, Results};
use crate::render::report::Plan;
use crate::standard::{self, Standard};

/// Loads, validates and lints a standard: the one at `path`, or the embedded 6/17/55 standard.
/// A standard with errors cannot be evaluated against: its error findings, with the texts
/// they point into.
pub fn load_standard(path: Option<&Path>) -> Result<Standard, CannotRun> {
    let loaded = match path {
        Some(p) => standard::load(p)?,
        None => standard::embedded::load(),
    };
    let loaded = standard::validate(loaded);
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    match loaded.standard {
        Some(s) if errors.is_empty() => Ok(s),
        _ => {
            let mut failure = CannotRun::new(errors).with_heading(
                "标准有错误，无法评估：",
                "the standard has errors and cannot be used:",
            );
            failure.sources = loaded.files.into_iter().map(|f| (f.path, f.text)).collect();
            Err(failure)
        }
    }
}

/// Evaluates the pack at `pack` against a standard (the embedded one when `standard` is `None`).
/// A pack that names another standard is refused when no standard was given
/// ([`named_standard`]).
pub fn evaluate_pack(pack: &Path, standard: Option<&Path>) -> Result<Results, CannotRun> {
    evaluate_pack_in(pack, standard, None)
}

/// [`evaluate_pack`] in the profile `profile` (`--profile`) instead of the one pack.yaml names.
pub fn evaluate_pack_in(
    pack: &Path,
    standard: Option<&Path>,
    profile: Option<&str>,
) -> Result<Results, CannotRun> {
    evaluate_pack_with(pack, standard, profile, None)
}

/// [`evaluate_pack_in`] with a review file kept outside the pack (`--review`), read instead of
/// the pack's own review.yaml: `(the file to read, the path as the user wrote it)`.
pub fn evaluate_pack_with(
    pack: &Path,
    standard: Option<&Path>,
    profile: Option<&str>,
    review: Option<(&Path, &Path)>,
) -> Result<Results, CannotRun> {
    open_and_evaluate(pack, standard, profile, review).map(|(_, _, results)| results)
}

/// [`evaluate_pack_with`], keeping the loaded standard and the opened pack beside the results
/// (`status` reads the standard's check definitions and dates the pack's files).
pub fn open_and_evaluate(
    pack: &Path,
    standard: Option<&Path>,
    profile: Option<&str>,
    review: Option<(&Path, &Path)>,
) -> Result<(Standard, Pack, Results), CannotRun> {
    let given = standard.is_some();
    let standard = load_standard(standard)?;
    let opening = crate::evidence::pack::Opening {
        review: review.map(|(full, _)| full),
        ..Default::default()
    };
    let mut pack = Pack::open_with(pack, opening)?;
    if let Some((_, given)) = review {
        pack.show_review_as(given);
    }
    if !given {
        named_standard(&standard, &pack)?;
    }
    select_profile(&standard, &mut pack, profile)?;
    let results = evaluate(&standard, &pack);
    Ok((standard, pack, results))
}

/// Settles the profile (档次) an opened pack is assessed in: `chosen` (`--profile`) when given,
/// else the pack's own `profile:`. A profile the standard does not declare cannot run. Every
/// command calls this once the standard and the pack are both open, so it also refuses a review
/// made against another standard ([`Pack::check_review_standard`]).
pub fn select_profile(
    standard: &Standard,
    pack: &mut Pack,
    chosen: Option<&str>,
) -> Result<(), CannotRun> {
    pack.check_review_standard(standard)?;
    match chosen {
        Some(p) => {
            check_profile(standard, p, None)?;
            pack.file.profile = Some(p.to_owned());
            Ok(())
        }
        None => match pack.file.profile.as_deref() {
            Some(p) => check_profile(standard, p, Some(&pack.pack_text)),
            None => Ok(()),
        },
    }
}

/// Whether `standard` declares the profile `id`; when not, the error names pack.yaml and its line
/// (`pack_text`, the pack.yaml that selects it) or the `--profile` option (`None`).
pub fn check_profile(
    standard: &Standard,
    id: &str,
    pack_text: Option<&str>,
) -> Result<(), CannotRun> {
    use crate::evidence::pack::PACK_FILE;
    if standard.profiles.iter().any(|p| p.id == id) {
        return Ok(());
    }
    let known: Vec<&str> = standard.profiles.iter().map(|p| p.id.as_str()).collect();
    let (zh_known, en_known) = if known.is_empty() {
        (
            "标准没有规定任何档次".to_owned(),
            "the standard declares no profiles".to_owned(),
        )
    } else {
        (
            format!("标准规定的档次：{}", known.join("、")),
            format!("the standard's profiles: {}", known.join(", ")),
        )
    };
    let name = format!("{} {}", standard.id, standard.version);
    let d = match pack_text {
        None => Diagnostic::error(
            "unknown-profile",
            "--profile",
            format!("档次 `{id}` 不在标准 `{name}` 中；{zh_known}"),
            format!("profile `{id}` is not in the standard `{name}`; {en_known}"),
        ),
        Some(text) => Diagnostic::error(
            "unknown-profile",
            PACK_FILE,
            format!("选择的档次 `{id}` 不在标准 `{name}` 中；{zh_known}"),
            format!("the selected profile `{id}` is not in the standard `{name}`; {en_known}"),
        )
        .at(crate::standard::source_map::SourceMap::build(text).value("/profile")),
    };
    let d = match crate::diagnostic::suggest(id, known.iter().copied()) {
        Some(s) => d.with_help(format!("是否应为 `{s}`？"), format!("did you mean `{s}`?")),
        None => d,
    };
    let failure = CannotRun::from(d);
    Err(match pack_text {
        Some(text) => failure.with_source(PACK_FILE, text),
        None => failure,
    })
}

/// A pack is prepared for one standard (`standard:` in pack.yaml). Evaluated without
/// `--standard`, against the embedded one, a pack that names another standard (another id, or
/// another version of the same id: next year's revision scores differently) cannot run: its
/// score would be the embedded standard's, taken for its own. Every command that evaluates a
/// pack asks this when no standard was given; given on purpose, the difference is a warning
/// (`standard-mismatch`).
pub fn named_standard(standard: &Standard, pack: &Pack) -> Result<(), CannotRun> {
    let declared = &pack.file.standard;
    if declared.id == standard.id && declared.version == standard.version {
        return Ok(());
    }
    let file = crate::evidence::pack::PACK_FILE;
    let field = if declared.id == standard.id {
        "/standard/version"
    } else {
        "/standard/id"
    };
    let at = crate::standard::source_map::SourceMap::build(&pack.pack_text).value(field);
    let (d_id, d_v, id, v) = (
        &declared.id,
        &declared.version,
        &standard.id,
        &standard.version,
    );
    let d = Diagnostic::error(
        "pack-standard",
        file,
        format!("证据包是按标准 `{d_id} {d_v}` 准备的，不是内置的标准 `{id} {v}`；未指定标准时不能评估"),
        format!("the pack was prepared for the standard `{d_id} {d_v}`, not the embedded `{id} {v}`; it cannot be evaluated without its standard"),
    )
    .at(at)
    .with_help(
        format!("用 --standard 指定标准 `{d_id} {d_v}` 的文件或文件夹；确要按内置标准评估，也用 --standard 写明"),
        format!("give the standard `{d_id} {d_v}` with --standard; to evaluate against another standard on purpose, name that one with --standard"),
    );
    Err(CannotRun::from(d).with_source(file, pack.pack_text.clone()))
}

/// Resolve the declarations of an opened pack, check it and score it; the task list that
/// `plan:` names is recorded beside the score (a task list that cannot be read is a warning:
/// nothing is scored from it).
pub fn evaluate(standard: &Standard, pack: &Pack) -> Results {
    evaluate_compiled(&Compiled::new(standard), pack)
}

/// [`evaluate`] against a standard compiled once for many packs.
pub fn evaluate_compiled(compiled: &Compiled, pack: &Pack) -> Results {
    evaluate_with_plan(compiled, pack, pack.plan())
}

/// [`evaluate_compiled`] with the pack's task list already read (`report` reads it first, so
/// that a task list that cannot be read stops the report, with its file named, before anything
/// is scored).
pub fn evaluate_with_plan(
    compiled: &Compiled,
    pack: &Pack,
    plan: Result<Option<Plan>, Diagnostic>,
) -> Results {
    let standard = compiled.standard;
    let declarations = crate::declare::resolve(standard, pack);
    let evaluation = crate::check::evaluate(compiled, pack, &declarations);
    let mut results = crate::score::score(
        standard,
        &compiled.digest,
        crate::evidence::seal::pack_info(pack),
        &declarations,
        evaluation,
    );
    results.plan = Some(match plan {
        Ok(plan) => plan.map(|plan| record(pack, plan)),
        Err(why) => {
            let mut warning = Diagnostic::warning(
                "plan-unreadable",
                why.file.clone(),
                format!(
                    "任务清单无法读取，报告中的任务清单和整改清单的责任人、完成时限将空缺：{}",
                    why.message(crate::Lang::Zh)
                ),
                format!(
                    "the task list cannot be read, so the report's plan section and the rectification list's owners and deadlines will be blank: {}",
                    why.message(crate::Lang::En)
                ),
            );
            warning.line = why.line;
            warning.column = why.column;
            results.problems.push(warning);
            None
        }
    });
    // The profile the items were assessed in (`select_profile` refused an unknown one).
    results.standard.profile = pack
        .file
        .profile
        .as_deref()
        .and_then(|id| standard.profiles.iter().find(|p| p.id == id))
        .cloned();
    // Last: the seal covers everything, the task list included.
    crate::evidence::seal::seal(&mut results);
    results
}

/// What the results keep of a task list: its file, the file's hash, and the tasks as read.
fn record(pack: &Pack, plan: Plan) -> PlanRecord {
    let file = pack.file.plan.clone().unwrap_or_default();
    PlanRecord {
        sha256: pack
            .file_at(&file)
            .map(|f| f.sha256.clone())
            .unwrap_or_default(),
        file,
        tasks: plan.tasks,
    }
}
