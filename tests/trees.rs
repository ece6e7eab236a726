//! Tests: standards of any shape — uneven depth, free ids, groups that are requirements
//! themselves, informational items and profiles — evaluated on the fixture standard
//! `tests/fixtures/trees/standard.yaml`, with exact statuses, scores and exit codes.

use std::path::{Path, PathBuf};

use changai::cli::{run, Env, Exit, Output};
use changai::outcome::{GroupOutcome, ItemOutcome, Results, Status};

use crate::check_kinds::support::TestPack;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn standard_path() -> PathBuf {
    root().join("tests/fixtures/trees/standard.yaml")
}

fn pack_yaml(profile: Option<&str>) -> String {
    let mut yaml = String::from(
        "community: 灵峰工业社区\nperiod: 2025\nstandard: {id: trees, version: \"1\"}\npreparer: 王五\n",
    );
    if let Some(p) = profile {
        yaml.push_str(&format!("profile: {p}\n"));
    }
    yaml
}

/// The policy, one of the two sub-controls' records, and the background note; no review record
/// pair (one of two) and no hardening report.
fn pack(profile: Option<&str>) -> TestPack {
    TestPack::with_pack_yaml(&pack_yaml(profile))
        .evidence("G1/2025-03-01 制度.pdf")
        .evidence("x/2025-04-01 执行记录.pdf")
        .evidence("b/2025-05-01 复核记录.pdf")
        .evidence("info/背景说明.txt")
}

fn cli(cwd: &Path, args: &[&str]) -> Output {
    let env = Env {
        cwd: cwd.to_path_buf(),
        color: false,
        source_date_epoch: Some("1767139200".to_owned()),
    };
    let mut all = vec!["changai"];
    all.extend_from_slice(args);
    run(all, &env)
}

fn evaluate(pack: &TestPack, extra: &[&str]) -> (Output, Option<Results>) {
    let standard = standard_path();
    let mut args = vec![
        "evaluate",
        pack.root().to_str().unwrap(),
        "--standard",
        standard.to_str().unwrap(),
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let out = cli(&root(), &args);
    let results = serde_json::from_slice(&out.stdout).ok();
    (out, results)
}

fn item<'r>(r: &'r Results, id: &str) -> &'r ItemOutcome {
    r.items.iter().find(|i| i.id == id).unwrap()
}

fn group<'r>(r: &'r Results, id: &str) -> &'r GroupOutcome {
    r.groups.iter().find(|g| g.id == id).unwrap()
}

/// (id, status, points, score, path, group, by_profile) of every item, in order.
type Row = (
    &'static str,
    Status,
    f64,
    f64,
    Vec<&'static str>,
    bool,
    bool,
);

/// A [`Row`] with owned strings, as read from results.
type Owned = (String, Status, f64, f64, Vec<String>, bool, bool);

fn rows(r: &Results) -> Vec<Owned> {
    r.items
        .iter()
        .map(|i| {
            (
                i.id.clone(),
                i.status,
                i.points,
                i.score,
                i.path.clone(),
                i.group,
                i.by_profile,
            )
        })
        .collect()
}

fn want(rows: &[Row]) -> Vec<Owned> {
    rows.iter()
        .map(|(id, s, p, sc, path, g, b)| {
            (
                id.to_string(),
                *s,
                *p,
                *sc,
                path.iter().map(|s| s.to_string()).collect(),
                *g,
                *b,
            )
        })
        .collect()
}

#[test]
fn four_uneven_levels_a_group_with_its_own_checks_and_an_informational_item() {
    let p = pack(None);
    let (out, r) = evaluate(&p, &[]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr.clone());
    let r = r.unwrap();
    assert_eq!(
        rows(&r),
        want(&[
            ("G1", Status::Met, 2.0, 2.0, vec!["G", "G1"], true, false),
            (
                "x",
                Status::Met,
                3.0,
                3.0,
                vec!["G", "G1", "G1a"],
                false,
                false
            ),
            (
                "G1b",
                Status::Partial,
                1.0,
                0.5,
                vec!["G", "G1"],
                false,
                false
            ),
            ("G2", Status::Met, 0.0, 0.0, vec!["G"], false, false),
            ("H", Status::Unmet, 4.0, 0.0, vec![], false, false),
        ])
    );
    // the group rows: own part beside the children, every level, in tree order
    let groups: Vec<(&str, usize, Option<&str>, f64, f64)> = r
        .groups
        .iter()
        .map(|g| {
            (
                g.id.as_str(),
                g.level,
                g.parent.as_deref(),
                g.points,
                g.score,
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            ("G", 1, None, 6.0, 5.5),
            ("G1", 2, Some("G"), 6.0, 5.5),
            ("G1a", 3, Some("G1"), 3.0, 3.0),
        ]
    );
    assert_eq!(group(&r, "G").counts.met, 3);
    assert_eq!(group(&r, "G").counts.partial, 1);
    assert_eq!(r.score.total, 5.5);
    assert_eq!(r.score.items_max, 10.0);
    assert_eq!(r.score.grade.id, "pass");
    assert_eq!(r.standard.profile, None);
    // the source is kept verbatim, on items and groups
    let g1 = item(&r, "G1").source.clone().unwrap();
    assert_eq!(g1.urn.as_deref(), Some("urn:example:req:g1"));
    assert_eq!(g1.reference.as_deref(), Some("G-1"));
    assert_eq!(g1.href.as_deref(), Some("https://example.org/g1"));
    assert_eq!(
        item(&r, "x").source.as_ref().unwrap().reference.as_deref(),
        Some("G-1(a)(i)")
    );
    assert_eq!(
        group(&r, "G").source.as_ref().unwrap().urn.as_deref(),
        Some("urn:example:req:g")
    );
    // the informational item is evaluated, says why, and is marked in words as not scored
    assert_eq!(item(&r, "G2").status_label().zh, "已完成（不计分）");
    assert_eq!(item(&r, "G2").status_label().en, "met (not scored)");
}

#[test]
fn a_profile_in_pack_yaml_leaves_items_outside_it_out_of_every_denominator() {
    let p = pack(Some("basic"));
    let (out, r) = evaluate(&p, &[]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr.clone());
    let r = r.unwrap();
    let h = item(&r, "H");
    assert_eq!(
        (h.status, h.by_profile, h.score, h.checks.len()),
        (Status::NotApplicable, true, 0.0, 0)
    );
    assert_eq!(h.reasons[0].zh, "不在所选档次“基础档”内，不参加评估");
    assert_eq!(
        h.reasons[0].en,
        "outside the selected profile \"Basic\"; not assessed"
    );
    assert_eq!(h.status_label().zh, "不在所选档次内");
    // `not_applicable: award` would give H its 4 points; by profile it leaves the denominator
    assert_eq!(r.score.items_max, 6.0);
    assert_eq!(r.score.items_score, 5.5);
    assert_eq!(r.score.total, 9.17);
    assert_eq!(r.score.grade.id, "good");
    let reasons: Vec<&str> = r
        .score
        .grade_reasons
        .iter()
        .map(|t| t.zh.as_str())
        .collect();
    assert_eq!(
        reasons,
        [
            "得分 9.17 分，达到好线 8 分，评为好",
            "不在所选档次内的条目不计分母：按 6 分折算为 10 分制"
        ]
    );
    assert_eq!(r.standard.profile.as_ref().unwrap().id, "basic");
    // the other items are as without a profile
    assert_eq!(item(&r, "G1b").score, 0.5);
}

#[test]
fn profile_on_the_command_line_overrides_pack_yaml() {
    let p = pack(Some("basic"));
    let (out, r) = evaluate(&p, &["--profile", "full"]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr.clone());
    let r = r.unwrap();
    assert!(!item(&r, "H").by_profile);
    assert_eq!(item(&r, "H").status, Status::Unmet);
    assert_eq!(r.score.total, 5.5);
    assert_eq!(r.standard.profile.as_ref().unwrap().id, "full");
}

#[test]
fn an_unknown_profile_cannot_run() {
    let p = pack(Some("gold"));
    let (out, _) = evaluate(&p, &[]);
    assert_eq!(out.code, Exit::Error);
    let stderr = out.stderr.clone();
    assert!(
        stderr.starts_with(
            "错误[unknown-profile]：选择的档次 `gold` 不在标准 `trees 1` 中；标准规定的档次：basic、full\n"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("pack.yaml:5:10"), "{stderr}");

    let p = pack(None);
    let (out, _) = evaluate(&p, &["--profile", "ful"]);
    assert_eq!(out.code, Exit::Error);
    let stderr = out.stderr.clone();
    assert!(
        stderr.contains("档次 `ful` 不在标准 `trees 1` 中；标准规定的档次：basic、full"),
        "{stderr}"
    );
    assert!(stderr.contains("是否应为 `full`？"), "{stderr}");
}

#[test]
fn report_and_rank_take_the_profile_too() {
    let p = pack(None);
    let standard = standard_path();
    let out = cli(
        &root(),
        &[
            "report",
            p.root().to_str().unwrap(),
            "--standard",
            standard.to_str().unwrap(),
            "--profile",
            "basic",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr.clone());
    let out = cli(
        &root(),
        &[
            "rank",
            p.root().to_str().unwrap(),
            "--standard",
            standard.to_str().unwrap(),
            "--profile",
            "basic",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr.clone());
    let ranked: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        ranked.to_string().contains("9.17"),
        "rank scores in the profile: {ranked}"
    );
    let out = cli(
        &root(),
        &[
            "rank",
            p.root().to_str().unwrap(),
            "--standard",
            standard.to_str().unwrap(),
            "--profile",
            "gold",
        ],
    );
    assert_eq!(out.code, Exit::Error);
}

#[test]
fn ids_are_unique_across_levels_in_a_free_standard() {
    let text = std::fs::read_to_string(standard_path())
        .unwrap()
        .replace("      - id: G2\n", "      - id: x\n");
    let loaded = changai::standard::validate(changai::standard::load::load_sources(
        ("standard.yaml".into(), text),
        vec![],
    ));
    let found: Vec<(String, String, Option<usize>)> = loaded
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code.clone(),
                d.message(changai::Lang::Zh).to_owned(),
                d.line,
            )
        })
        .collect();
    assert_eq!(
        found,
        [(
            "duplicate-id".to_owned(),
            "重复的条目编号 `x`（首次出现在第 44 行）".to_owned(),
            Some(59)
        )]
    );
}

#[test]
fn nested_ids_are_the_default_and_free_turns_the_lint_off() {
    let text = std::fs::read_to_string(standard_path()).unwrap();
    let lint = |text: String| -> Vec<String> {
        changai::standard::validate(changai::standard::load::load_sources(
            ("standard.yaml".into(), text),
            vec![],
        ))
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.item.clone().unwrap_or_default()))
        .collect()
    };
    assert_eq!(lint(text.clone()), Vec::<String>::new());
    let nested = text.replace("id_style: free\n", "");
    assert_eq!(lint(nested), ["id-prefix x".to_owned()]);
}

/// The one-pass roll-up gives what the definition says, on every shipped sample: a group's points
/// and score are the sums over the counted items under it, its counts over all of them.
#[test]
fn the_roll_up_is_the_sum_over_the_items_under_each_group_on_every_sample() {
    for name in ["lingfeng-2025", "dagang-2025", "xiapu-2025"] {
        let pack = root().join("evidence-samples").join(name);
        let r = changai::evaluate_pack(&pack, None).unwrap();
        assert_eq!(r.groups.len(), 6 + 17, "{name}");
        for g in &r.groups {
            let under: Vec<&ItemOutcome> =
                r.items.iter().filter(|i| i.path.contains(&g.id)).collect();
            let counted = |i: &&&ItemOutcome| {
                changai::score::counted(i, r.standard.not_applicable, r.standard.no_case)
            };
            let points: f64 = under.iter().filter(counted).map(|i| i.points).sum();
            let score: f64 = under.iter().filter(counted).map(|i| i.score).sum();
            assert_eq!(
                g.points,
                changai::outcome::round2(points),
                "{name} {}",
                g.id
            );
            assert_eq!(g.score, changai::outcome::round2(score), "{name} {}", g.id);
            let statuses = |s: Status| under.iter().filter(|i| i.status == s).count();
            assert_eq!(
                (g.counts.met, g.counts.partial, g.counts.unmet),
                (
                    statuses(Status::Met),
                    statuses(Status::Partial),
                    statuses(Status::Unmet)
                ),
                "{name} {}",
                g.id
            );
        }
    }
}

#[test]
fn a_declaration_on_a_group_covers_its_own_part_and_everything_under_it() {
    let yaml = format!(
        "{}not_applicable:\n  - item: G1\n    reason: 本社区没有这类制度\n",
        pack_yaml(None)
    );
    let p = TestPack::with_pack_yaml(&yaml).evidence("info/背景说明.txt");
    let (out, r) = evaluate(&p, &[]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr.clone());
    let r = r.unwrap();
    let statuses: Vec<(&str, Status, bool)> = r
        .items
        .iter()
        .map(|i| (i.id.as_str(), i.status, i.by_profile))
        .collect();
    assert_eq!(
        statuses,
        [
            ("G1", Status::NotApplicable, false),
            ("x", Status::NotApplicable, false),
            ("G1b", Status::NotApplicable, false),
            ("G2", Status::Met, false),
            ("H", Status::Unmet, false),
        ]
    );
    // `not_applicable: award`: the declared items earn their points (an item outside a profile
    // would not)
    assert_eq!(group(&r, "G1").score, 6.0);
    assert_eq!(r.score.total, 6.0);
}

#[test]
fn verify_evaluates_again_in_the_profile_the_results_were_scored_in() {
    let p = pack(Some("basic"));
    let out_dir = tempfile::tempdir().unwrap();
    let results = out_dir.path().join("results.json");
    let (out, _) = evaluate(
        &p,
        &["--profile", "full", "--output", results.to_str().unwrap()],
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr.clone());
    let standard = standard_path();
    let out = cli(
        &root(),
        &[
            "verify",
            results.to_str().unwrap(),
            p.root().to_str().unwrap(),
            "--standard",
            standard.to_str().unwrap(),
        ],
    );
    assert_eq!(
        out.code,
        Exit::Ok,
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        out.stderr
    );
}

/// The report of a standard of any shape names every level by the standard's own names and shows
/// a group's own part, an informational item and an item outside the profile as such.
#[test]
fn the_report_shows_every_level_by_its_name_and_each_kind_of_row() {
    let p = pack(None);
    let standard = standard_path();
    let out = cli(
        &root(),
        &[
            "report",
            p.root().to_str().unwrap(),
            "--standard",
            standard.to_str().unwrap(),
            "--profile",
            "basic",
        ],
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr.clone());
    let md = String::from_utf8(out.stdout).unwrap();
    let table: Vec<&str> = md
        .lines()
        .skip_while(|l| !l.starts_with("| 序号 | 条目 |"))
        .take_while(|l| !l.is_empty())
        .collect();
    insta::assert_snapshot!("trees-report-table", table.join("\n"));
    for level in ["· 领域", "· 控制项", "· 子项"] {
        assert!(
            table.iter().any(|l| l.contains(level)),
            "{level}: {table:#?}"
        );
    }
    for fixed in ["三级", "一级标准", "二级标准"] {
        assert!(!md.contains(fixed), "{fixed}");
    }
    assert!(table.iter().any(|l| l.contains("（不计分）")), "{table:#?}");
    assert!(
        table.iter().any(|l| l.contains("不在所选档次内")),
        "{table:#?}"
    );
}

/// `init` names the new pack's unit after the standard's unit: 某某企业 for `unit: 企业`,
/// `Example organisation` for an English-only unit, 某某工业社区 for the built-in 社区.
#[test]
fn init_writes_a_placeholder_after_the_standards_unit() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(standard_path()).unwrap();
    let cases = [
        (
            "unit: {zh: 企业, en: enterprise}\n",
            "community: \"某某企业\"",
        ),
        (
            "unit: {en: organisation}\n",
            "community: \"Example organisation\"",
        ),
        ("", "community: \"某某工业社区\""),
    ];
    for (n, (unit, want)) in cases.iter().enumerate() {
        let std_file = dir.path().join(format!("s{n}.yaml"));
        std::fs::write(&std_file, format!("{unit}{base}")).unwrap();
        let pack = format!("p{n}");
        let out = cli(
            dir.path(),
            &["init", &pack, "--standard", std_file.to_str().unwrap()],
        );
        assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
        let yaml = std::fs::read_to_string(dir.path().join(&pack).join("pack.yaml")).unwrap();
        let line = yaml.lines().find(|l| l.starts_with("community:"));
        assert_eq!(line, Some(*want));
    }
}

/// `validate`'s basis line counts leaves as leaves and a group with its own checks (G1) apart.
#[test]
fn validate_counts_leaves_and_groups_with_their_own_checks_apart() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(standard_path()).unwrap();
    let std_file = dir.path().join("s.yaml");
    std::fs::write(&std_file, format!("provenance: 示例重构\n{base}")).unwrap();
    let out = cli(dir.path(), &["validate", "s.yaml"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let basis: Vec<&str> = text.lines().filter(|l| l.starts_with("  依据")).collect();
    assert_eq!(basis, ["  依据：4 个末级条目中 0 个写明了在来源中的依据；1 个带自身检查的分组中 0 个写明了依据"]);
    let out = cli(dir.path(), &["--lang", "en", "validate", "s.yaml"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let basis: Vec<&str> = text.lines().filter(|l| l.starts_with("  Basis")).collect();
    assert_eq!(basis, ["  Basis: 0 of 4 leaf items state their basis in the source; 0 of 1 groups with their own checks state theirs"]);
}

/// The score sheet of a four-level standard: a subtotal row under every area at every level,
/// each adding up its own leaf rows and the subtotal rows of the areas directly below it, with
/// the engine's numbers cached; the total adds up the level-1 subtotals and the top-level leaves.
#[test]
fn the_score_sheet_subtotals_every_area_at_every_level() {
    use calamine::Reader;
    let p = pack(None);
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("s.xlsx");
    let out = cli(
        &root(),
        &[
            "report",
            p.root().to_str().unwrap(),
            "--standard",
            standard_path().to_str().unwrap(),
            "--output",
            sheet.to_str().unwrap(),
        ],
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let mut book = calamine::open_workbook_auto(&sheet).unwrap();
    let values = book.worksheet_range("评分表").unwrap();
    let formulas = book.worksheet_formula("评分表").unwrap();
    let mut rows = Vec::new();
    for (r, row) in values.rows().enumerate() {
        let name = row.get(1).map(|c| c.to_string()).unwrap_or_default();
        let item = row.get(3).map(|c| c.to_string()).unwrap_or_default();
        let label = if name.starts_with("小计") || name == "合计" {
            name
        } else if !item.is_empty() && r > 0 {
            format!("  {item}")
        } else {
            continue;
        };
        let f = formulas
            .get_value((r as u32, 4))
            .cloned()
            .unwrap_or_default();
        rows.push(format!(
            "{:>3} {label} | {} | {}",
            r + 1,
            row.get(4).map(|c| c.to_string()).unwrap_or_default(),
            f
        ));
        if label == "合计" {
            break;
        }
    }
    insta::assert_snapshot!("trees-score-sheet-subtotals", rows.join("\n"));
}
