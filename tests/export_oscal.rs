//! Tests: `changai export oscal` — the lingfeng sample's assessment-results pinned by a snapshot
//! and byte-identical on every run; every item a reviewed control with one finding, its evidence
//! with the manifest's hashes; the status mapping; reviewers as parties; ids made tokens; bad
//! RESULTS.json refused with nothing written; and the documents read by a third party's OSCAL
//! models (compliance-trestle, installed by `.ci/run` into a venv named by
//! `CHANGAI_OSCAL_PYTHON`). Without that interpreter the last test fails when `CI` is set and
//! says it is skipped elsewhere.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command;

use changai::cli::{run, Env, Exit, Output};
use changai::outcome::{ItemReview, Results, Status, SCHEMA_VERSION};
use changai::Lang;
use serde_json::Value;

use crate::evaluate::repo;

/// 2025-12-31T00:00:00Z, as the sample reports use.
const EPOCH: &str = "1767139200";

fn changai(cwd: &Path, epoch: Option<&str>, args: &[&str]) -> Output {
    let mut argv = vec!["changai"];
    argv.extend(args);
    let env = Env {
        cwd: cwd.to_path_buf(),
        color: false,
        source_date_epoch: epoch.map(str::to_owned),
    };
    run(argv, &env)
}

fn sample(name: &str) -> Results {
    changai::evaluate_pack(&repo().join("evidence-samples").join(name), None).unwrap()
}

/// The sample evaluated through the command line into `dir/NAME.json` (xiapu's unreadable
/// evidence makes `evaluate` exit 2, its results written all the same).
fn results_file(dir: &Path, name: &str) -> String {
    let file = format!("{name}.json");
    let pack = repo().join("evidence-samples").join(name);
    let out = changai(
        dir,
        Some(EPOCH),
        &[
            "evaluate",
            pack.to_str().unwrap(),
            "--format",
            "json",
            "--output",
            &file,
        ],
    );
    let code = if name == "xiapu-2025" {
        Exit::Error
    } else {
        Exit::Ok
    };
    assert_eq!(out.code, code, "{}", out.stderr);
    assert!(dir.join(&file).is_file());
    file
}

fn export(results: &Results, lang: Lang, epoch: Option<&str>) -> Value {
    let now = changai::render::oscal::timestamp(epoch).unwrap();
    let text = changai::render::oscal::render(results, "r.json", lang, now).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn result(doc: &Value) -> &Value {
    &doc["assessment-results"]["results"][0]
}

fn prop<'a>(v: &'a Value, name: &str) -> Option<&'a str> {
    v["props"]
        .as_array()?
        .iter()
        .find(|p| p["name"] == name)
        .map(|p| {
            assert_eq!(p["ns"], changai::render::oscal::NS);
            p["value"].as_str().unwrap()
        })
}

fn finding<'a>(doc: &'a Value, item: &str) -> &'a Value {
    result(doc)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| prop(f, "item-id") == Some(item))
        .unwrap_or_else(|| panic!("no finding for {item}"))
}

#[test]
fn lingfeng_export_is_pinned_and_the_same_bytes_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let file = results_file(dir.path(), "lingfeng-2025");
    let first = changai(dir.path(), Some(EPOCH), &["export", "oscal", &file]);
    assert_eq!((first.code, first.stderr.as_str()), (Exit::Ok, ""));
    let written = changai(
        dir.path(),
        Some(EPOCH),
        &["export", "oscal", &file, "--output", "sar.json"],
    );
    assert_eq!(
        (written.code, written.stderr.as_str(), written.stdout.len()),
        (Exit::Ok, "已写入 sar.json\n", 0)
    );
    let again = std::fs::read(dir.path().join("sar.json")).unwrap();
    assert_eq!(first.stdout, again, "same input, same bytes");
    // The library gives the same document as the command (the results read back are the same).
    let from_lib = changai::render::oscal::render(
        &sample("lingfeng-2025"),
        &file,
        Lang::Zh,
        changai::render::oscal::timestamp(Some(EPOCH)).unwrap(),
    )
    .unwrap();
    assert_eq!(String::from_utf8(first.stdout).unwrap(), from_lib);
    insta::assert_snapshot!("oscal-lingfeng-2025", from_lib);
}

#[test]
fn every_item_is_a_reviewed_control_with_one_finding_and_its_evidence() {
    let results = sample("lingfeng-2025");
    let doc = export(&results, Lang::Zh, Some(EPOCH));
    let ar = &doc["assessment-results"];
    assert_eq!(ar["metadata"]["oscal-version"], "1.1.3");
    assert_eq!(ar["metadata"]["last-modified"], "2025-12-31T00:00:00Z");
    assert_eq!(
        ar["metadata"]["version"].as_str().unwrap(),
        &results.seal.as_deref().unwrap()[..12]
    );
    let r = result(&doc);
    assert_eq!(
        (r["start"].as_str(), r["end"].as_str()),
        (Some("2025-01-01T00:00:00Z"), Some("2025-12-31T23:59:59Z"))
    );
    let ids: Vec<&str> = results.items.iter().map(|i| i.id.as_str()).collect();
    let reviewed: Vec<&str> = r["reviewed-controls"]["control-selections"][0]["include-controls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["control-id"].as_str().unwrap())
        .collect();
    assert_eq!(reviewed, ids, "the sample's ids are tokens already");
    let findings = r["findings"].as_array().unwrap();
    let targets: Vec<&str> = findings
        .iter()
        .map(|f| {
            assert_eq!(f["target"]["type"], "objective-id");
            f["target"]["target-id"].as_str().unwrap()
        })
        .collect();
    assert_eq!(targets, ids);

    // One observation per item with counted evidence, each file with the manifest's hash.
    let manifest: HashMap<&str, (&str, u64)> = results
        .pack
        .manifest
        .iter()
        .map(|m| (m.path.as_str(), (m.sha256.as_str(), m.size)))
        .collect();
    let observations = r["observations"].as_array().unwrap();
    let with_evidence: Vec<&str> = results
        .items
        .iter()
        .filter(|i| !i.evidence.is_empty())
        .map(|i| i.id.as_str())
        .collect();
    let observed: Vec<&str> = observations
        .iter()
        .map(|o| prop(o, "item-id").unwrap())
        .collect();
    assert_eq!(observed, with_evidence);
    let mut files = 0;
    for (o, item) in observations
        .iter()
        .zip(results.items.iter().filter(|i| !i.evidence.is_empty()))
    {
        assert_eq!(o["methods"], serde_json::json!(["EXAMINE"]));
        let evidence = o["relevant-evidence"].as_array().unwrap();
        assert_eq!(evidence.len(), item.evidence.len(), "{}", item.id);
        for (e, expected) in evidence.iter().zip(&item.evidence) {
            let (sha, size) = manifest[expected.path.as_str()];
            // OSCAL's description is markdown: the path's punctuation comes escaped (`DSC\_0806`)
            assert_eq!(
                e["description"].as_str().map(unescape_markdown),
                Some(expected.path.clone())
            );
            assert_eq!(prop(e, "sha256"), Some(sha));
            assert_eq!(prop(e, "size"), Some(size.to_string().as_str()));
            files += 1;
        }
    }
    assert_eq!(
        files,
        results
            .items
            .iter()
            .map(|i| i.evidence.len())
            .sum::<usize>()
    );
    assert_eq!(
        observations[0]["relevant-evidence"][0]["href"],
        "A/A1.1/2025-02-18%20%E5%85%B3%E4%BA%8E%E8%B0%83%E6%95%B4%E4%BA%A7%E6%94%B9%E5%B7%A5%E4%BD%9C%E9%A2%86%E5%AF%BC%E5%B0%8F%E7%BB%84%E6%88%90%E5%91%98%E7%9A%84%E9%80%9A%E7%9F%A5.pdf"
    );

    // A finding points at its observation; every UUID is a version-5 UUID, and unique.
    let observation_uuids: HashSet<&str> = observations
        .iter()
        .map(|o| o["uuid"].as_str().unwrap())
        .collect();
    for f in findings {
        let id = prop(f, "item-id").unwrap();
        let related = f["related-observations"].as_array();
        assert_eq!(related.is_some(), with_evidence.contains(&id), "{id}");
        for rel in related.into_iter().flatten() {
            assert!(observation_uuids.contains(rel["observation-uuid"].as_str().unwrap()));
        }
    }
    let mut uuids = Vec::new();
    collect_uuids(&doc, &mut uuids);
    assert_eq!(uuids.len(), 1 + 1 + 1 + observations.len() + findings.len());
    let unique: HashSet<&String> = uuids.iter().collect();
    assert_eq!(unique.len(), uuids.len());
    for u in &uuids {
        let parsed = uuid::Uuid::parse_str(u).unwrap();
        assert_eq!(parsed.get_version_num(), 5, "{u}");
    }
    // The plan is the standard, in the back matter.
    let resource = &ar["back-matter"]["resources"][0];
    assert_eq!(
        ar["import-ap"]["href"].as_str().unwrap(),
        format!("#{}", resource["uuid"].as_str().unwrap())
    );
    assert_eq!(prop(resource, "standard-id"), Some("lingfeng-2021"));
    assert_eq!(
        prop(resource, "standard-digest"),
        Some(results.standard.digest.as_str())
    );

    // Without SOURCE_DATE_EPOCH the document is dated by the results: the period's last day.
    let undated = export(&results, Lang::Zh, None);
    assert_eq!(
        undated["assessment-results"]["metadata"]["last-modified"],
        "2025-12-31T23:59:59Z"
    );
}

/// The UUIDs a document defines (not those it refers to).
fn collect_uuids(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("uuid", Value::String(s)) => out.push(s.clone()),
                    _ => collect_uuids(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_uuids(v, out)),
        _ => {}
    }
}

#[test]
fn each_status_maps_to_an_objective_status() {
    let mut results = sample("lingfeng-2025");
    let cases = [
        (Status::Met, 1.0),
        (Status::Partial, 0.5),
        (Status::Unmet, 0.0),
        (Status::Error, 0.0),
        (Status::NotApplicable, 0.0),
        (Status::Waived, 0.0),
    ];
    for (item, (status, credit)) in results.items.iter_mut().zip(cases) {
        item.status = status;
        item.credit = credit;
        item.score = item.points * credit;
    }
    let doc = export(&results, Lang::En, Some(EPOCH));
    let got: Vec<(String, Value, Value, String, String)> = results.items[..6]
        .iter()
        .map(|i| {
            let f = finding(&doc, &i.id);
            (
                prop(f, "status").unwrap().to_owned(),
                f["target"]["status"].clone(),
                f["target"]["implementation-status"].clone(),
                prop(f, "credit").unwrap().to_owned(),
                prop(f, "score").unwrap().to_owned(),
            )
        })
        .collect();
    let s = |state: &str, reason: &str| serde_json::json!({"state": state, "reason": reason});
    let none = Value::Null;
    let na = serde_json::json!({"state": "not-applicable"});
    // The standard's points of the first six items: the partial one (2 points) scores 1.
    let points: Vec<f64> = results.items[..6].iter().map(|i| i.points).collect();
    assert_eq!(points, [2.0, 2.0, 2.0, 2.0, 1.0, 2.0]);
    let expected = vec![
        (
            "met".into(),
            s("satisfied", "pass"),
            none.clone(),
            "1".into(),
            "2".into(),
        ),
        (
            "partial".into(),
            s("not-satisfied", "fail"),
            none.clone(),
            "0.5".into(),
            "1".into(),
        ),
        (
            "unmet".into(),
            s("not-satisfied", "fail"),
            none.clone(),
            "0".into(),
            "0".into(),
        ),
        (
            "error".into(),
            s("not-satisfied", "other"),
            none.clone(),
            "0".into(),
            "0".into(),
        ),
        (
            "not-applicable".into(),
            none.clone(),
            na,
            "0".into(),
            "0".into(),
        ),
        ("waived".into(), none.clone(), none, "0".into(), "0".into()),
    ];
    assert_eq!(got, expected);
}

#[test]
fn reviewers_are_parties_and_their_rescores_props() {
    let results = sample("dagang-2025");
    let doc = export(&results, Lang::En, Some(EPOCH));
    let metadata = &doc["assessment-results"]["metadata"];
    let parties: Vec<(&str, &str)> = metadata["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["type"].as_str().unwrap(), p["name"].as_str().unwrap()))
        .collect();
    assert_eq!(
        parties,
        [
            ("person", "区总工会组织部 王敏"),
            ("person", "区总工会宣传教育部 陈立"),
            ("person", "区总工会经济技术部 周航"),
        ]
    );
    assert_eq!(
        metadata["roles"],
        serde_json::json!([{"id": "assessor", "title": "reviewer"}])
    );
    let f = finding(&doc, "A1.1");
    assert_eq!(
        (
            prop(f, "status"),
            prop(f, "score"),
            prop(f, "review-score"),
            prop(f, "review-date"),
            prop(f, "reviewer")
        ),
        (
            Some("met"),
            Some("2"),
            Some("1.5"),
            Some("2026-01-14"),
            Some("区总工会组织部 王敏")
        )
    );
    assert_eq!(
        f["origins"][0]["actors"][0],
        serde_json::json!({
            "type": "party",
            "actor-uuid": metadata["parties"][0]["uuid"],
            "role-id": "assessor"
        })
    );
    assert_eq!(
        f["remarks"],
        "re-scored 1.5: 领导小组成员名单仍为 2024 年调整后的名单，未随 2025 年人事变动更新，扣 0.5 分"
    );
    let r = result(&doc);
    let review = results.score.review.as_ref().unwrap();
    assert_eq!(
        prop(r, "review-total"),
        Some(changai::render::num::num(review.total).as_str())
    );
    assert_eq!(prop(r, "total"), Some("72.63"));
    // Without a reviewer's date the document is dated by the latest review date.
    let undated = export(&results, Lang::En, None);
    assert_eq!(
        undated["assessment-results"]["metadata"]["last-modified"],
        "2026-01-15T23:59:59Z"
    );
}

#[test]
fn an_imported_item_is_its_catalogs_control() {
    let mut results = sample("lingfeng-2025");
    results.items[0].source = Some(changai::standard::model::ItemSource {
        urn: Some("urn:example:catalog:ac-2.1".into()),
        reference: Some("AC-2(1)".into()),
        href: Some("https://example.org/catalog#ac-2.1".into()),
    });
    results.items[1].source = Some(changai::standard::model::ItemSource {
        urn: None,
        reference: Some(" ".into()),
        href: None,
    });
    let doc = export(&results, Lang::En, Some(EPOCH));
    let f = finding(&doc, "A1.1");
    assert_eq!(
        (
            f["target"]["target-id"].as_str(),
            prop(f, "source-ref"),
            prop(f, "urn")
        ),
        (
            Some("AC-2_1_"),
            Some("AC-2(1)"),
            Some("urn:example:catalog:ac-2.1")
        )
    );
    assert_eq!(
        f["links"],
        serde_json::json!([{"href": "https://example.org/catalog#ac-2.1", "rel": "reference"}])
    );
    // A blank reference is no reference: the item's own id stands.
    let second = &results.items[1].id;
    assert_eq!(
        finding(&doc, second)["target"]["target-id"].as_str(),
        Some(second.as_str())
    );
    let reviewed = &result(&doc)["reviewed-controls"]["control-selections"][0]["include-controls"];
    assert_eq!(reviewed[0]["control-id"], "AC-2_1_");
}

#[test]
fn ids_that_are_not_tokens_become_tokens_and_stay_as_props() {
    let mut results = sample("lingfeng-2025");
    let ids = ["1.1", "a b", "a:b", "条目*一"];
    for (item, id) in results.items.iter_mut().zip(ids) {
        item.id = id.to_owned();
    }
    results.items[4].review = Some(ItemReview {
        score: 1.0,
        by: "  李 \n 四 ".into(),
        date: "2026-02-01".into(),
        comment: "*不* <b>全</b>".into(),
    });
    let doc = export(&results, Lang::Zh, Some(EPOCH));
    let controls: Vec<&str> = result(&doc)["reviewed-controls"]["control-selections"][0]
        ["include-controls"]
        .as_array()
        .unwrap()[..5]
        .iter()
        .map(|c| c["control-id"].as_str().unwrap())
        .collect();
    let fifth = results.items[4].id.clone();
    assert_eq!(
        controls,
        ["_1.1", "a_b", "a_b-2", "条目_一", fifth.as_str()]
    );
    let f = finding(&doc, "条目*一");
    assert_eq!(f["target"]["target-id"], "条目_一");
    assert!(f["title"].as_str().unwrap().starts_with("条目\\*一 "));
    let reviewed = finding(&doc, &fifth);
    assert_eq!(prop(reviewed, "reviewer"), Some("李 四"));
    assert_eq!(
        reviewed["remarks"].as_str().unwrap().rsplit('；').next(),
        Some("复评分 1：\\*不\\* \\<b\\>全\\</b\\>")
    );
    assert_eq!(
        doc["assessment-results"]["metadata"]["parties"][0]["name"],
        "李 四"
    );
}

/// Each bad RESULTS.json: exit 2, the file named (with its line where there is one), and no
/// output file.
#[test]
fn bad_results_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = results_file(dir.path(), "lingfeng-2025");
    let good = std::fs::read_to_string(dir.path().join(&file)).unwrap();
    let version = format!("\"schema_version\": {SCHEMA_VERSION}");
    assert!(good.contains(&version));
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "v99.json",
        &good.replacen(&version, "\"schema_version\": 99", 1),
    );
    write("cut.json", &good[..good.len() / 2]);
    write(
        "standard.json",
        "{\n  \"id\": \"lingfeng-2021\",\n  \"items\": []\n}\n",
    );
    let big = std::fs::File::create(dir.path().join("big.json")).unwrap();
    big.set_len(100 * 1024 * 1024).unwrap();
    drop(big);
    // The line the end of the file is on (after a final newline: the next one, at column 0).
    let cut_line = good[..good.len() / 2].matches('\n').count() + 1;
    let cases: Vec<(&str, String, String)> = vec![
        (
            "v99.json",
            format!("错误：v99.json：评估结果的版本 schema_version 99 不受支持；本 changai 读取第 1 至 {SCHEMA_VERSION} 版\n"),
            format!("error: v99.json: results schema_version `99` is not supported; this changai reads versions 1 to {SCHEMA_VERSION}\n"),
        ),
        (
            "cut.json",
            format!("错误[malformed-results]：不是有效的评估结果 JSON（文件意外结束（内容不完整））\n  --> cut.json:{cut_line}:"),
            format!("error[malformed-results]: not valid results JSON (unexpected end of the file)\n  --> cut.json:{cut_line}:"),
        ),
        (
            "standard.json",
            "错误：standard.json：没有 schema_version：这是 `changai evaluate --format json` 的输出吗？\n".into(),
            "error: standard.json: no `schema_version`: is this the output of `changai evaluate --format json`?\n".into(),
        ),
        (
            "big.json",
            "错误：big.json：文件超过上限 64 MiB，未读取\n".into(),
            "error: big.json: the file is larger than the limit of 64 MiB; not read\n".into(),
        ),
    ];
    for (name, zh, en) in cases {
        for (lang, expected) in [("zh", &zh), ("en", &en)] {
            let out = changai(
                dir.path(),
                Some(EPOCH),
                &[
                    "export", "oscal", name, "--output", "sar.json", "--lang", lang,
                ],
            );
            assert_eq!(out.code, Exit::Error, "{name}");
            assert!(out.stdout.is_empty(), "{name}");
            if name == "cut.json" {
                // The line and column, then the snippet of that line with a caret.
                assert!(out.stderr.starts_with(expected.as_str()), "{}", out.stderr);
            } else {
                assert_eq!(&out.stderr, expected, "{name} {lang}");
            }
            assert!(
                !dir.path().join("sar.json").exists(),
                "{name}: nothing written"
            );
        }
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            ![
                "lingfeng-2025.json",
                "v99.json",
                "cut.json",
                "standard.json",
                "big.json",
            ]
            .contains(&n.as_str())
        })
        .collect();
    assert_eq!(
        leftovers,
        Vec::<String>::new(),
        "no temporary file left behind"
    );
}

#[test]
fn the_output_cannot_be_the_results_themselves() {
    let dir = tempfile::tempdir().unwrap();
    let file = results_file(dir.path(), "lingfeng-2025");
    let before = std::fs::read(dir.path().join(&file)).unwrap();
    let out = changai(dir.path(), None, &["export", "oscal", &file, "-o", &file]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            Exit::Error,
            "错误：--output 不能是输入的评估结果文件本身：导出会覆盖它\n"
        )
    );
    assert_eq!(std::fs::read(dir.path().join(&file)).unwrap(), before);
}

/// The script the third party's models run: each file parsed as OSCAL assessment-results by
/// compliance-trestle (pydantic models generated from the OSCAL 1.1 schema, unknown fields
/// forbidden), and its `oscal-version` one that trestle's models are for.
const TRESTLE: &str = r#"
import json, re, sys
import trestle.oscal as oscal
from trestle.oscal.assessment_results import AssessmentResults
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    model = AssessmentResults.parse_obj(doc["assessment-results"])
    version = model.metadata.oscal_version.__root__
    if not re.match(oscal.OSCAL_VERSION_REGEX, version):
        sys.exit(f"{path}: oscal-version {version} is not trestle's {oscal.OSCAL_VERSION}")
    results = model.results[0]
    print(f"valid {path.rsplit('/', 1)[-1]} {len(results.findings)} findings {len(results.observations or [])} observations")
"#;

/// The interpreter of the venv `.ci/run` makes, or `None` (the test then says it is skipped;
/// under CI it fails).
fn trestle_python() -> Option<String> {
    match std::env::var("CHANGAI_OSCAL_PYTHON") {
        Ok(python) if !python.is_empty() => Some(python),
        _ => {
            if std::env::var_os("CI").is_some() {
                panic!("CHANGAI_OSCAL_PYTHON is not set, and CI is set: .ci/run must install compliance-trestle and set it");
            }
            #[allow(clippy::print_stderr)] // a skipped test says so
            {
                eprintln!("skipped: CHANGAI_OSCAL_PYTHON not set (a Python with compliance-trestle; .ci/run makes one)");
            }
            None
        }
    }
}

#[test]
fn exports_are_valid_oscal_for_compliance_trestle() {
    let Some(python) = trestle_python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, lang) in [
        ("lingfeng-2025", "zh"),
        ("dagang-2025", "en"),
        ("xiapu-2025", "zh"),
    ] {
        let results = results_file(dir.path(), name);
        let sar = format!("{name}.oscal.json");
        let out = changai(
            dir.path(),
            Some(EPOCH),
            &[
                "export", "oscal", &results, "--output", &sar, "--lang", lang,
            ],
        );
        assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
        files.push(dir.path().join(sar));
    }
    // A status of every kind, and ids that had to be made tokens.
    let mut mixed = sample("lingfeng-2025");
    let statuses = [
        Status::Met,
        Status::Partial,
        Status::Unmet,
        Status::Error,
        Status::NotApplicable,
        Status::Waived,
    ];
    for (item, status) in mixed.items.iter_mut().zip(statuses) {
        item.status = status;
    }
    mixed.items[0].id = "1 a".into();
    let mixed_file = dir.path().join("mixed.oscal.json");
    std::fs::write(
        &mixed_file,
        changai::render::oscal::render(&mixed, "mixed.json", Lang::En, None).unwrap(),
    )
    .unwrap();
    files.push(mixed_file);
    let out = Command::new(&python)
        .arg("-c")
        .arg(TRESTLE)
        .args(&files)
        .output()
        .unwrap_or_else(|e| panic!("{python}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "trestle refused an export:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout,
        "valid lingfeng-2025.oscal.json 55 findings 54 observations\n\
         valid dagang-2025.oscal.json 55 findings 47 observations\n\
         valid xiapu-2025.oscal.json 55 findings 48 observations\n\
         valid mixed.oscal.json 55 findings 54 observations\n"
    );
}

#[test]
fn export_without_a_format_lists_its_own_formats() {
    let dir = tempfile::tempdir().unwrap();
    let out = changai(dir.path(), None, &["export", "--lang", "en"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            Exit::Error,
            "error: a command is missing; the commands are: oscal, standard\n\nUsage: changai export [OPTIONS] <COMMAND>\nfor more information, run `changai export --help`\n"
        )
    );
    let out = changai(dir.path(), None, &["export", "pdf"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            Exit::Error,
            "错误：未知的命令 `pdf`\n  = 提示：可用的命令：oscal、standard\n\n用法：changai export [选项] <命令>\n更多信息请运行 `changai export --help`\n"
        )
    );
}

#[test]
fn a_period_that_is_not_a_date_is_refused_and_markup_is_text() {
    let mut results = sample("lingfeng-2025");
    results.pack.community = "*某* <b>社区</b>".into();
    let doc = export(&results, Lang::Zh, Some(EPOCH));
    assert_eq!(
        doc["assessment-results"]["metadata"]["title"],
        "灵峰工业社区“产改”工作标准（依据公开报道重构） \\*某\\* \\<b\\>社区\\</b\\> 2025 评估结果"
    );
    assert_eq!(prop(result(&doc), "community"), Some("*某* <b>社区</b>"));
    results.pack.period.to = "2025-13-01".into();
    let e = changai::render::oscal::render(&results, "r.json", Lang::Zh, None).unwrap_err();
    assert_eq!(
        (
            e.code.as_str(),
            e.file.as_str(),
            e.message.as_str(),
            e.message_en.as_str()
        ),
        (
            "results-date",
            "r.json",
            "评估结果中评价期的末日“2025-13-01”不是 YYYY-MM-DD 格式的日期",
            "the last day of the period in the results, `2025-13-01`, is not a YYYY-MM-DD date"
        )
    );
}

/// Markdown text without its backslash escapes of ASCII punctuation.
fn unescape_markdown(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        out.push(c);
    }
    out
}
