//! Tests: `changai evaluate`, scoring and the embedded standard.

use std::path::{Path, PathBuf};

use changai::cli::{run, Env, Exit};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn env_at(cwd: &Path) -> Env {
    Env {
        cwd: cwd.to_path_buf(),
        color: false,
        source_date_epoch: None,
    }
}

/// The embedded standard is exactly the files of `standards/lingfeng-2021/`, and nothing is left out.
#[test]
fn embedded_standard_is_the_shipped_folder() {
    let folder = repo().join(changai::standard::embedded::FOLDER);
    let mut on_disk = vec!["standard.yaml".to_owned()];
    let mut items: Vec<String> = std::fs::read_dir(folder.join("items"))
        .unwrap()
        .map(|e| format!("items/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    items.sort();
    on_disk.extend(items);
    let embedded: Vec<String> = changai::standard::embedded::FILES
        .iter()
        .map(|(n, _)| (*n).to_owned())
        .collect();
    assert_eq!(embedded, on_disk);
    for (name, text) in changai::standard::embedded::FILES {
        assert_eq!(
            &std::fs::read_to_string(folder.join(name)).unwrap(),
            text,
            "{name}"
        );
    }
    let loaded = changai::standard::validate(changai::standard::embedded::load());
    assert_eq!(loaded.diagnostics, vec![]);
    let standard = loaded.standard.unwrap();
    assert_eq!(
        changai::standard::validation::shape(&standard),
        vec![6, 17, 55]
    );
}

#[test]
fn evaluate_missing_pack_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(["changai", "evaluate", "nowhere"], &env_at(dir.path()));
    assert_eq!(out.code, Exit::Error);
    assert!(out.stdout.is_empty());
}

pub mod scoring {
    use changai::check::Evaluation;
    use changai::evidence::pack::{Pack, ScannedFile};
    use changai::evidence::pack_model::{
        BonusClaim, PackFile, PeriodSpec, ReviewFile, StandardRef, VetoDeclaration,
    };
    use changai::outcome::{ItemOutcome, Period, Results, Status};
    use changai::standard::model::Text;

    const STANDARD: &str = r#"
id: t
version: "1"
title: {zh: 测试, en: test}
issuer: {zh: 区总工会, en: union}
levels: [{zh: 一级, en: L1}, {zh: 二级, en: L2}]
shape: [2, 4]
scoring:
  total: 10
  grades:
    - {id: excellent, title: {zh: 优秀, en: excellent}, min: 9}
    - {id: pass, title: {zh: 合格, en: pass}, min: 6}
    - {id: fail, title: {zh: 不合格, en: fail}, min: 0}
  core: [A.1]
  vetoes: [{id: fraud, title: {zh: 弄虚作假, en: fraud}}]
  bonus:
    cap: 1.5
    items:
      - {id: city, title: {zh: 市级荣誉, en: city honour}, points: 1}
      - {id: prov, title: {zh: 省级荣誉, en: provincial honour}, points: 2}
items:
  - id: A
    title: {zh: 甲, en: A}
    items:
      - {id: A.1, title: {zh: 一, en: one}, points: 2, guidance: 留存, checks: [{files: {glob: "A/*"}}]}
      - {id: A.2, title: {zh: 二, en: two}, points: 3, guidance: 留存, checks: [{files: {glob: "A/*"}}]}
  - id: B
    title: {zh: 乙, en: B}
    items:
      - {id: B.1, title: {zh: 三, en: three}, points: 4, guidance: 留存, checks: [{files: {glob: "B/*"}}]}
      - {id: B.2, title: {zh: 四, en: four}, points: 1, guidance: 留存, checks: [{files: {glob: "B/*"}}]}
"#;

    fn standard(na: &str) -> changai::standard::Standard {
        let text = STANDARD.replace(
            "  core: [A.1]",
            &format!("  core: [A.1]\n  not_applicable: {na}"),
        );
        changai::standard::load::load_sources(("t.yaml".into(), text), vec![])
            .standard
            .unwrap()
    }

    pub fn pack() -> Pack {
        Pack {
            root: "pack".into(),
            file: PackFile {
                community: "灵峰工业社区".into(),
                period: PeriodSpec::Year(2025),
                standard: StandardRef {
                    id: "t".into(),
                    version: "1".into(),
                },
                preparer: "张三".into(),
                not_applicable: vec![],
                waivers: vec![],
                vetoes: vec![],
                no_case: vec![],
                bonus: vec![],
                plan: None,
                profile: None,
            },
            review: ReviewFile::default(),
            review_name: "review.yaml".into(),
            period: Period {
                from: "2025-01-01".into(),
                to: "2025-12-31".into(),
                label: "2025".into(),
            },
            files: vec![ScannedFile {
                path: "bonus/cert.pdf".into(),
                size: 3,
                sha256: "ab".repeat(32),
                unreadable: None,
            }],
            digest: "00".repeat(32),
            problems: vec![],
            pack_text: String::new(),
            review_text: None,
        }
    }

    fn leaf(id: &str, parent: &str, points: f64, status: Status, credit: f64) -> ItemOutcome {
        ItemOutcome {
            id: id.into(),
            title: Text::default(),
            path: vec![parent.into()],
            status,
            core: id == "A.1",
            points,
            credit,
            score: points * credit,
            reasons: vec![],
            shortfall: vec![],
            evidence: vec![],
            checks: vec![],
            review: None,
            no_case: false,
            basis: None,
            source: None,
            by_profile: false,
            group: false,
        }
    }

    pub fn run(na: &str, statuses: [(Status, f64); 4], pack: Pack) -> Results {
        let ids = [
            ("A.1", "A", 2.0),
            ("A.2", "A", 3.0),
            ("B.1", "B", 4.0),
            ("B.2", "B", 1.0),
        ];
        let items = ids
            .iter()
            .zip(statuses)
            .map(|((id, p, pts), (s, c))| leaf(id, p, *pts, s, c))
            .collect();
        let standard = standard(na);
        let declarations = changai::declare::resolve(&standard, &pack);
        changai::score::score(
            &standard,
            &changai::evidence::seal::value_digest(&standard),
            changai::evidence::seal::pack_info(&pack),
            &declarations,
            Evaluation {
                items,
                problems: vec![],
                evidence_quality: vec![],
            },
        )
    }

    #[test]
    fn all_met_is_excellent() {
        let r = run("exclude", [(Status::Met, 1.0); 4], pack());
        assert_eq!(
            (r.score.total, r.score.grade.id.as_str()),
            (10.0, "excellent")
        );
        assert_eq!(r.groups.len(), 2);
        assert_eq!((r.groups[0].points, r.groups[0].score), (5.0, 5.0));
        assert_eq!(
            r.score.grade_reasons[0].zh,
            "得分 10 分，达到优秀线 9 分，评为优秀"
        );
    }

    #[test]
    fn not_applicable_leaves_the_denominator_and_rescales() {
        let r = run(
            "exclude",
            [
                (Status::Met, 1.0),
                (Status::Met, 1.0),
                (Status::Partial, 0.75),
                (Status::NotApplicable, 0.0),
            ],
            pack(),
        );
        // (2 + 3 + 3) / 9 × 10 = 8.888…
        assert_eq!(
            (r.score.items_score, r.score.items_max, r.score.total),
            (8.0, 9.0, 8.89)
        );
        assert_eq!(r.score.grade.id, "pass");
        assert_eq!(r.groups[1].points, 4.0);
    }

    #[test]
    fn not_applicable_award_and_zero_policies() {
        let s = [
            (Status::Met, 1.0),
            (Status::Met, 1.0),
            (Status::Met, 1.0),
            (Status::NotApplicable, 0.0),
        ];
        assert_eq!(run("award", s, pack()).score.total, 10.0);
        assert_eq!(run("zero", s, pack()).score.total, 9.0);
    }

    #[test]
    fn core_item_unmet_blocks_the_top_grade() {
        let r = run(
            "exclude",
            [
                (Status::Partial, 0.5),
                (Status::Met, 1.0),
                (Status::Met, 1.0),
                (Status::Met, 1.0),
            ],
            pack(),
        );
        assert_eq!(r.score.total, 9.0);
        assert_eq!(r.score.grade.id, "pass");
        assert_eq!(r.score.core_unmet, vec!["A.1".to_owned()]);
        assert_eq!(
            r.score.grade_reasons[1].zh,
            "核心项 A.1 未完成：不能评为优秀，降为合格"
        );
    }

    #[test]
    fn veto_fails_whatever_the_score() {
        let mut p = pack();
        p.review.vetoes.push(VetoDeclaration {
            id: "fraud".into(),
            note: "台账补造".into(),
        });
        let r = run("exclude", [(Status::Met, 1.0); 4], p);
        assert_eq!((r.score.total, r.score.grade.id.as_str()), (10.0, "fail"));
        assert_eq!(r.score.vetoes[0].source, "review");
        assert_eq!(
            r.score.grade_reasons.last().unwrap().zh,
            "一票否决（弄虚作假）：不论得分，评为不合格"
        );
    }

    #[test]
    fn bonus_is_capped_and_needs_evidence_in_the_pack() {
        let mut p = pack();
        p.file.bonus = vec![
            BonusClaim {
                id: "city".into(),
                note: "市级".into(),
                evidence: vec!["bonus/cert.pdf".into()],
                title: None,
                awarded: Some("2025-06-01".into()),
                certificate: Some("bonus/cert.pdf".into()),
            },
            BonusClaim {
                id: "prov".into(),
                note: "省级".into(),
                evidence: vec!["bonus/cert.pdf".into()],
                title: None,
                awarded: Some("2025-06-01".into()),
                certificate: Some("bonus/cert.pdf".into()),
            },
            BonusClaim {
                id: "prov".into(),
                note: "无证据".into(),
                evidence: vec!["bonus/missing.pdf".into()],
                title: None,
                awarded: Some("2025-06-01".into()),
                certificate: Some("bonus/missing.pdf".into()),
            },
            BonusClaim {
                id: "nation".into(),
                note: "不存在".into(),
                evidence: vec![],
                title: None,
                awarded: None,
                certificate: None,
            },
        ];
        let r = run(
            "exclude",
            [
                (Status::Met, 1.0),
                (Status::Met, 1.0),
                (Status::Met, 1.0),
                (Status::Unmet, 0.0),
            ],
            p,
        );
        assert_eq!((r.score.bonus, r.score.total), (1.5, 10.5));
        // the second claim of `prov` is a duplicate: only the first stands (it used to count
        // twice, under the cap); a claim whose evidence is missing earns 0 (tests/declarations.rs)
        assert_eq!(
            r.score
                .bonus_claims
                .iter()
                .map(|c| c.points)
                .collect::<Vec<_>>(),
            vec![1.0, 2.0]
        );
        let codes: Vec<_> = r.problems.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, vec!["duplicate-declaration", "unknown-bonus"]);
    }
}

/// Copies a folder tree (the sample packs hold only files and folders).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn verify_names_swapped_evidence_after_scoring() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &repo().join("evidence-samples/lingfeng-2025"),
        &dir.path().join("pack"),
    );
    let env = env_at(dir.path());
    let out = run(
        [
            "changai",
            "evaluate",
            "pack",
            "--format",
            "json",
            "--output",
            "results.json",
        ],
        &env,
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);

    let out = run(["changai", "verify", "results.json", "pack"], &env);
    assert_eq!(out.code, Exit::Ok);
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("✓ 证据包与评分时一致（125 个文件"));

    // Verify as JSON after a change: exit 1, and the report.
    let verify_changed = || {
        let out = run(
            [
                "changai",
                "verify",
                "results.json",
                "pack",
                "--format",
                "json",
            ],
            &env,
        );
        assert_eq!(out.code, Exit::Failed);
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };

    // A file that proves nothing is added: it is named, and proves nothing.
    std::fs::write(dir.path().join("pack/A/新增说明.txt"), "补充").unwrap();
    let v = verify_changed();
    assert_eq!(
        (v["verified"].as_bool(), v["pack"]["current_files"].as_u64()),
        (Some(false), Some(126))
    );
    assert_eq!(
        v["pack"]["files"],
        serde_json::json!([{"path": "A/新增说明.txt", "change": "added", "proves": []}])
    );

    // A proving file is altered and another removed: both are named with the items they proved.
    let results: changai::outcome::Results =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("results.json")).unwrap())
            .unwrap();
    let a11 = &results
        .items
        .iter()
        .find(|i| i.id == "A1.1")
        .unwrap()
        .evidence;
    let c11 = &results
        .items
        .iter()
        .find(|i| i.id == "C1.1")
        .unwrap()
        .evidence;
    std::fs::write(dir.path().join("pack").join(&a11[0].path), "换过的文件").unwrap();
    std::fs::remove_file(dir.path().join("pack").join(&c11[0].path)).unwrap();
    let v = verify_changed();
    let changes: Vec<(String, String, String)> = v["pack"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["change"] != "added")
        .map(|c| {
            (
                c["path"].as_str().unwrap().to_owned(),
                c["change"].as_str().unwrap().to_owned(),
                c["proves"][0].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut expected = vec![
        (a11[0].path.clone(), "changed".to_owned(), "A1.1".to_owned()),
        (c11[0].path.clone(), "removed".to_owned(), "C1.1".to_owned()),
    ];
    expected.sort();
    assert_eq!(changes, expected);
}

#[test]
fn evaluate_is_byte_identical_and_never_writes_the_pack() {
    let pack = repo().join("evidence-samples/dagang-2025");
    let before = listing(&pack);
    let env = env_at(&repo());
    let a = run(
        [
            "changai",
            "evaluate",
            "evidence-samples/dagang-2025",
            "--format",
            "json",
        ],
        &env,
    );
    let b = run(
        [
            "changai",
            "evaluate",
            "evidence-samples/dagang-2025",
            "--format",
            "json",
        ],
        &env,
    );
    assert_eq!(a.code, Exit::Ok);
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(listing(&pack), before);
}

fn listing(root: &Path) -> Vec<(String, u64, std::time::SystemTime)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(root).sort_by_file_name() {
        let e = e.unwrap();
        let m = e.metadata().unwrap();
        out.push((
            e.path().display().to_string(),
            m.len(),
            m.modified().unwrap(),
        ));
    }
    out
}

#[test]
fn fail_under_gates_with_exit_1() {
    let env = env_at(&repo());
    let out = run(
        [
            "changai",
            "evaluate",
            "evidence-samples/dagang-2025",
            "--fail-under",
            "80",
        ],
        &env,
    );
    assert_eq!(out.code, Exit::Failed);
    assert_eq!(out.stderr, "复评总分 70.85 低于 80\n");
    let out = run(
        [
            "changai",
            "evaluate",
            "evidence-samples/dagang-2025",
            "--fail-under",
            "60",
        ],
        &env,
    );
    assert_eq!(out.code, Exit::Ok);
}

#[test]
fn explain_prints_the_trace_of_one_item() {
    let env = env_at(&repo());
    let out = run(
        [
            "changai",
            "evaluate",
            "evidence-samples/dagang-2025",
            "--explain",
            "F2.3",
        ],
        &env,
    );
    assert_eq!(out.code, Exit::Ok);
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
    let out = run(
        [
            "changai",
            "evaluate",
            "evidence-samples/dagang-2025",
            "--explain",
            "Z9.9",
        ],
        &env,
    );
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (Exit::Error, "错误：标准中没有条目 `Z9.9`\n")
    );
}

#[test]
fn malformed_pack_yaml_exits_2_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pack.yaml"),
        "community: 灵峰\nperiod: 2025\nstandrd: {id: x, version: '1'}\npreparer: 张三\n",
    )
    .unwrap();
    let out = run(["changai", "evaluate", "."], &env_at(dir.path()));
    assert_eq!(out.code, Exit::Error);
    assert!(out.stderr.contains("pack.yaml:3:1"), "{}", out.stderr);
}

/// Evaluation problems are told in `--lang`: the table's problem list, and a failure to run.
#[test]
fn evaluate_problems_follow_lang() {
    let table = |lang: &str| {
        let out = run(
            [
                "changai",
                "evaluate",
                "evidence-samples/xiapu-2025",
                "--lang",
                lang,
            ],
            &env_at(&repo()),
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let zh = table("zh");
    assert!(zh.contains("问题："), "{zh}");
    assert!(
        zh.contains(
            "  警告 pack.yaml:25:18 [honour-city]：加分项 “honour-city” 的获奖证书 “bonus/2024-12-18 市级模范职工之家命名文件.pdf” 不在证据包中\n"
        ),
        "{zh}"
    );
    assert!(
        zh.contains("  错误 data/走访台账.csv:7 [C3.3]：字段数不一致（表头 4 列，此行 5 列）\n"),
        "{zh}"
    );
    assert!(!zh.contains("is not in the pack"), "{zh}");
    let en = table("en");
    assert!(en.contains("problems:"), "{en}");
    assert!(
        en.contains(
            "  warning pack.yaml:25:18 [honour-city]: certificate `bonus/2024-12-18 市级模范职工之家命名文件.pdf` of bonus `honour-city` is not in the pack\n"
        ),
        "{en}"
    );
    assert!(
        en.contains(
            "  error data/走访台账.csv:7 [C3.3]: wrong number of fields (header has 4, this row 5)\n"
        ),
        "{en}"
    );
    assert!(!en.contains("不在证据包中"), "{en}");

    // The JSON results carry both languages, whatever `--lang`.
    let json = |lang: &str| {
        run(
            [
                "changai",
                "evaluate",
                "evidence-samples/xiapu-2025",
                "--format",
                "json",
                "--lang",
                lang,
            ],
            &env_at(&repo()),
        )
        .stdout
    };
    let doc: serde_json::Value = serde_json::from_slice(&json("en")).unwrap();
    let p = doc["problems"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["code"] == "missing-evidence"))
        .unwrap();
    assert_eq!(
        p["message"],
        "加分项 `honour-city` 的获奖证书 `bonus/2024-12-18 市级模范职工之家命名文件.pdf` 不在证据包中"
    );
    assert_eq!(
        p["message_en"],
        "certificate `bonus/2024-12-18 市级模范职工之家命名文件.pdf` of bonus `honour-city` is not in the pack"
    );

    // A pack that cannot be opened.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let failure = |lang: &str| {
        let out = run(
            ["changai", "evaluate", "empty", "--lang", lang],
            &env_at(dir.path()),
        );
        assert_eq!(out.code, Exit::Error);
        out.stderr
    };
    assert!(
        failure("zh").ends_with("：缺少 `pack.yaml`\n"),
        "{}",
        failure("zh")
    );
    assert!(
        failure("en").ends_with(": the folder has no `pack.yaml`\n"),
        "{}",
        failure("en")
    );
}

/// A standard with errors cannot be evaluated against; the refusal is in `--lang`.
#[test]
fn a_broken_standard_is_refused_in_lang() {
    let standard = repo().join("tests/fixtures/validate/points-total/standard.yaml");
    let standard = standard.to_str().unwrap();
    let refuse = |lang: &str| {
        let out = run(
            [
                "changai",
                "evaluate",
                "evidence-samples/xiapu-2025",
                "--standard",
                standard,
                "--lang",
                lang,
            ],
            &env_at(&repo()),
        );
        assert_eq!(out.code, Exit::Error);
        out.stderr
    };
    let zh = refuse("zh");
    assert!(zh.starts_with("标准有错误，无法评估：\n\n"), "{zh}");
    assert!(
        zh.contains("错误[points-total]：末级条目分值合计 10，与总分 12 不符\n"),
        "{zh}"
    );
    let en = refuse("en");
    assert!(
        en.starts_with("the standard has errors and cannot be used:\n\n"),
        "{en}"
    );
    assert!(
        en.contains("error[points-total]: leaf points add up to `10`, not `scoring.total` `12`\n"),
        "{en}"
    );
}

/// `init` makes a pack that loads and evaluates (every item unmet), and never overwrites.
#[test]
fn init_scaffold_evaluates_and_refuses_a_non_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let env = env_at(dir.path());
    let out = run(
        [
            "changai",
            "init",
            "new",
            "--community",
            "灵峰工业社区",
            "--year",
            "2026",
            "--preparer",
            "张三",
        ],
        &env,
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "已创建证据包 new：55 个条目文件夹。请按 填写说明.md 放入台账，然后运行 changai evaluate new\n"
    );
    assert!(dir.path().join("new/A/A1.1").is_dir());
    assert!(dir.path().join("new/F/F2.4").is_dir());
    let guide = std::fs::read_to_string(dir.path().join("new/填写说明.md")).unwrap();
    // One heading per leaf, and the glossary.
    assert_eq!(guide.matches("\n## ").count(), 56);
    assert_eq!(guide.matches("\n## 术语\n").count(), 1);

    let out = run(["changai", "evaluate", "new", "--format", "json"], &env);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let r: changai::outcome::Results = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            r.pack.community.as_str(),
            r.pack.period.label.as_str(),
            r.pack.preparer.as_str()
        ),
        ("灵峰工业社区", "2026", "张三")
    );
    assert_eq!(
        (
            r.score.counts.unmet,
            r.score.total,
            r.score.grade.id.as_str()
        ),
        (55, 0.0, "fail")
    );
    assert_eq!(r.problems, vec![]);

    let out = run(["changai", "init", "new"], &env);
    assert_eq!(out.code, Exit::Error);
    assert_eq!(out.stderr, "错误：文件夹不是空的，不会覆盖：new\n");
}

/// Every data file of a pack cut in half (csv, xlsx, yaml): the run goes on, nothing panics, and
/// each unreadable file is a problem naming it.
#[test]
fn a_pack_of_truncated_data_files_still_evaluates() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    copy_tree(&repo().join("evidence-samples/lingfeng-2025"), &pack);
    let mut cut = Vec::new();
    for entry in std::fs::read_dir(pack.join("data")).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        cut.push(path);
    }
    let out = run(
        ["changai", "evaluate", "pack", "--format", "json"],
        &env_at(dir.path()),
    );
    // The results are printed whole; the exit code says that evidence could not be read.
    assert_eq!(out.code, Exit::Error, "{}", out.stderr);
    let r: changai::outcome::Results = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        out.stderr,
        format!("有 {} 处证据或声明无法读取、格式有误，相关条目记为“出错”，得分可能偏低；请按问题列表修正后重新评估\n",
            r.problems.iter().filter(|p| p.severity == changai::diagnostic::Severity::Error).count())
    );
    // The cut task list is not scored: a warning, and the results record no task list.
    assert_eq!(r.plan, Some(None));
    assert!(r.problems.iter().any(|p| p.code == "plan-unreadable"
        && p.severity == changai::diagnostic::Severity::Warning
        && p.file == "data/任务清单.xlsx"));
    assert_eq!(r.items.len(), 55);
    assert!(r.score.counts.error > 0);
    for p in &r.problems {
        assert!(p.file.starts_with("data/"), "{p:?}");
        assert!(!p.message.is_empty() && !p.message_en.is_empty(), "{p:?}");
    }
    // Each cut workbook is one error (the task list, read as evidence by A2.2, is also the
    // warning above).
    let xlsx_problems = r
        .problems
        .iter()
        .filter(|p| p.file.ends_with(".xlsx"))
        .filter(|p| p.severity == changai::diagnostic::Severity::Error)
        .count();
    let xlsx_files = cut
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .count();
    assert_eq!(xlsx_problems, xlsx_files);
}
