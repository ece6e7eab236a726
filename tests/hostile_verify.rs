//! Tests: `changai verify` under tampering — every change to what decided a score is named.
//!
//! Each test copies a sample pack to a temporary folder, evaluates it to `results.json`, tampers
//! with one thing (an evidence file, a declaration, the results, the standard) and asserts the
//! exit code and the exact lines of the report.

use std::path::{Path, PathBuf};

use changai::cli::{run, Exit};
use changai::outcome::Results;

use crate::evaluate::{copy_tree, env_at, repo};

/// A sample pack copied to `dir/pack` and evaluated to `dir/results.json`.
struct Case {
    dir: tempfile::TempDir,
    results: Results,
}

impl Case {
    fn new(sample: &str) -> Case {
        Case::prepared(sample, |_| {})
    }

    /// The pack is changed by `prepare` before it is evaluated.
    fn prepared(sample: &str, prepare: impl FnOnce(&Path)) -> Case {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(
            &repo().join("evidence-samples").join(sample),
            &dir.path().join("pack"),
        );
        prepare(&dir.path().join("pack"));
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
            &env_at(dir.path()),
        );
        assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
        let results = changai::outcome::read_results(&dir.path().join("results.json")).unwrap();
        Case { dir, results }
    }

    fn pack(&self) -> PathBuf {
        self.dir.path().join("pack")
    }

    /// `changai [lang] verify results.json pack [extra…]`: exit code and stdout lines.
    fn verify_with(&self, before: &[&str], extra: &[&str]) -> (Exit, Vec<String>, String) {
        let mut args = vec!["changai"];
        args.extend_from_slice(before);
        args.extend_from_slice(&["verify", "results.json", "pack"]);
        args.extend_from_slice(extra);
        let out = run(args, &env_at(self.dir.path()));
        let stdout = String::from_utf8(out.stdout).unwrap();
        (
            out.code,
            stdout.lines().map(str::to_owned).collect(),
            out.stderr,
        )
    }

    fn verify(&self) -> (Exit, Vec<String>) {
        let (code, lines, stderr) = self.verify_with(&[], &[]);
        assert_eq!(stderr, "");
        (code, lines)
    }

    /// The first line when the pack changed: files and digests then and now.
    fn changed_header(&self) -> String {
        let now = changai::evidence::Pack::open(&self.pack()).unwrap();
        format!(
            "✗ 证据包在评分后有改动：评分时 {} 个文件（指纹 {}），现在 {} 个文件（指纹 {}）",
            self.results.pack.files,
            &self.results.pack.digest[..16],
            now.files.len(),
            &now.digest[..16]
        )
    }

    /// The evidence of an item as scored.
    fn evidence_of(&self, item: &str) -> Vec<String> {
        self.results
            .items
            .iter()
            .find(|i| i.id == item)
            .unwrap()
            .evidence
            .iter()
            .map(|e| e.path.clone())
            .collect()
    }

    /// A scanned file that proves no item and no bonus claim.
    fn non_proving_file(&self) -> String {
        let proving: Vec<&str> = self
            .results
            .items
            .iter()
            .flat_map(|i| i.evidence.iter())
            .chain(
                self.results
                    .score
                    .bonus_claims
                    .iter()
                    .flat_map(|b| b.evidence.iter()),
            )
            .map(|e| e.path.as_str())
            .collect();
        self.results
            .pack
            .manifest
            .iter()
            .map(|f| f.path.clone())
            .find(|p| !proving.contains(&p.as_str()) && p.starts_with("A/"))
            .unwrap()
    }
}

const SEAL_OK: &str = "✓ 结果文件自写出后未被改动";
const STANDARD_OK: &str = "✓ 标准与评分时相同（lingfeng-2021 2021.1，内置标准）";

fn lines(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn untouched_pack_verifies() {
    let case = Case::new("lingfeng-2025");
    let (code, out) = case.verify();
    assert_eq!(code, Exit::Ok);
    let first = format!(
        "✓ 证据包与评分时一致（125 个文件，指纹 {}）",
        &case.results.pack.digest[..16]
    );
    assert_eq!(
        out,
        lines(&[
            &first,
            SEAL_OK,
            STANDARD_OK,
            "✓ 按现在的证据和标准重新评估，得分与结果一致（总分 96.87，优秀）",
        ])
    );
    let (code, out, _) = case.verify_with(&["--lang", "en"], &[]);
    assert_eq!(code, Exit::Ok);
    let first = format!(
        "✓ the pack is as scored (125 files, digest {})",
        &case.results.pack.digest[..16]
    );
    assert_eq!(
        out,
        lines(&[
            &first,
            "✓ the results file is as written",
            "✓ the standard is the one scored (lingfeng-2021 2021.1, embedded)",
            "✓ evaluated again from the evidence and standard as they are now: the same score (total 96.87, Excellent)",
        ])
    );
}

#[test]
fn proving_file_altered_is_named_with_its_items() {
    let case = Case::new("lingfeng-2025");
    let proof = case.evidence_of("A1.1")[0].clone();
    // other bytes, still a PDF: the score stands, the change is named
    std::fs::write(case.pack().join(&proof), "%PDF-1.4\n% 换过的文件\n%%EOF\n").unwrap();
    let (code, out) = case.verify();
    assert_eq!(code, Exit::Failed);
    let named = format!("  内容已改：{proof}（证明 A1.1）");
    assert_eq!(
        out,
        lines(&[
            &case.changed_header(),
            &named,
            SEAL_OK,
            STANDARD_OK,
            "✓ 按现在的证据和标准重新评估，得分与结果一致（总分 96.87，优秀）",
        ])
    );
}

#[test]
fn non_proving_file_altered_is_named() {
    let case = Case::new("lingfeng-2025");
    let path = case.non_proving_file();
    std::fs::write(case.pack().join(&path), "换过").unwrap();
    let (code, out) = case.verify();
    assert_eq!(code, Exit::Failed);
    let named = format!("  内容已改：{path}");
    assert_eq!(
        out,
        lines(&[
            &case.changed_header(),
            &named,
            SEAL_OK,
            STANDARD_OK,
            "✓ 按现在的证据和标准重新评估，得分与结果一致（总分 96.87，优秀）",
        ])
    );
}

#[test]
fn removed_proving_file_is_named_and_the_score_derived_again() {
    let case = Case::new("lingfeng-2025");
    let proof = case.evidence_of("C1.1")[0].clone();
    std::fs::remove_file(case.pack().join(&proof)).unwrap();
    let (code, out) = case.verify();
    assert_eq!(code, Exit::Failed);
    let named = format!("  已删除：{proof}（证明 C1.1）");
    assert_eq!(
        out,
        lines(&[
            &case.changed_header(),
            &named,
            SEAL_OK,
            STANDARD_OK,
            "✗ 按现在的证据和标准重新评估，得分与结果不同：",
            "  总分：96.87 → 94.87",
            "  等级：优秀 → 良好",
            "  C1.1：已完成 2 分 → 未完成 0 分",
        ])
    );
}

#[test]
fn added_file_is_named() {
    let case = Case::new("lingfeng-2025");
    std::fs::write(case.pack().join("A/新增说明.txt"), "补充").unwrap();
    let (code, out) = case.verify();
    assert_eq!(code, Exit::Failed);
    assert_eq!(
        out,
        lines(&[
            &case.changed_header(),
            "  新增：A/新增说明.txt",
            SEAL_OK,
            STANDARD_OK,
            "✓ 按现在的证据和标准重新评估，得分与结果一致（总分 96.87，优秀）",
        ])
    );
}

/// The digest before version 2: SHA-256 over `path\tsha256\n` lines.
fn old_digest<'a>(files: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for (path, sha) in files {
        h.update(path.as_bytes());
        h.update(b"\t");
        h.update(sha.as_bytes());
        h.update(b"\n");
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Two files replaced by one whose name holds a tab and a newline: the old `path\tsha\n` digest
/// cannot tell them apart; the manifest names all three.
#[test]
fn delete_and_add_that_collided_under_the_old_digest_is_named() {
    let case = Case::prepared("lingfeng-2025", |pack| {
        std::fs::create_dir(pack.join("zz")).unwrap();
        std::fs::write(pack.join("zz/1.txt"), "一").unwrap();
        std::fs::write(pack.join("zz/2.txt"), "二").unwrap();
    });
    let sha = |p: &str| {
        case.results
            .pack
            .manifest
            .iter()
            .find(|f| f.path == p)
            .unwrap()
            .sha256
            .clone()
    };
    let (sha1, sha2) = (sha("zz/1.txt"), sha("zz/2.txt"));
    let odd_dir = format!("1.txt\t{sha1}\nzz");
    std::fs::remove_file(case.pack().join("zz/1.txt")).unwrap();
    std::fs::create_dir(case.pack().join("zz").join(&odd_dir)).unwrap();
    std::fs::rename(
        case.pack().join("zz/2.txt"),
        case.pack().join("zz").join(&odd_dir).join("2.txt"),
    )
    .unwrap();

    let now = changai::evidence::Pack::open(&case.pack()).unwrap();
    let odd = format!("zz/{odd_dir}/2.txt");
    assert!(now.files.iter().any(|f| f.path == odd && f.sha256 == sha2));
    assert_eq!(
        old_digest(
            case.results
                .pack
                .manifest
                .iter()
                .map(|f| (f.path.as_str(), f.sha256.as_str()))
        ),
        old_digest(
            now.files
                .iter()
                .map(|f| (f.path.as_str(), f.sha256.as_str()))
        ),
        "the case collides under the old encoding"
    );
    assert_ne!(now.digest, case.results.pack.digest);

    let (code, out) = case.verify();
    assert_eq!(code, Exit::Failed);
    let added = format!("  新增：zz/1.txt\\t{sha1}\\nzz/2.txt");
    assert_eq!(
        out,
        lines(&[
            &case.changed_header(),
            "  已删除：zz/1.txt",
            &added,
            "  已删除：zz/2.txt",
            SEAL_OK,
            STANDARD_OK,
            "✓ 按现在的证据和标准重新评估，得分与结果一致（总分 96.87，优秀）",
        ])
    );
}

#[test]
fn pack_yaml_declaring_an_item_not_applicable_is_named() {
    let case = Case::new("lingfeng-2025");
    let mut text = std::fs::read_to_string(case.pack().join("pack.yaml")).unwrap();
    text.push_str("not_applicable:\n  - item: B1.1\n    reason: 本社区没有此项工作\n");
    std::fs::write(case.pack().join("pack.yaml"), text).unwrap();
    let (code, out) = case.verify();
    assert_eq!(code, Exit::Failed);
    assert_eq!(
        out,
        lines(&[
            &case.changed_header(),
            "  pack.yaml 已改动",
            SEAL_OK,
            STANDARD_OK,
            "✗ 按现在的证据和标准重新评估，得分与结果不同：",
            "  总分：96.87 → 96.79",
            "  B1.1：已完成 2 分 → 不适用 0 分",
        ])
    );
}

#[test]
fn review_rescore_changed_is_named() {
    let case = Case::new("dagang-2025");
    let path = case.pack().join("review.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("    score: 1.5\n"));
    std::fs::write(
        &path,
        text.replacen("    score: 1.5\n", "    score: 2\n", 1),
    )
    .unwrap();
    let (code, out) = case.verify();
    assert_eq!(code, Exit::Failed);
    assert_eq!(
        out,
        lines(&[
            &case.changed_header(),
            "  review.yaml 已改动",
            SEAL_OK,
            STANDARD_OK,
            "✗ 按现在的证据和标准重新评估，得分与结果不同：",
            "  复评总分：70.85 → 71.36",
            "  A1.1 复评：1.5 分 → 2 分",
        ])
    );
}

#[test]
fn review_yaml_added_where_there_was_none_is_named() {
    let case = Case::prepared("dagang-2025", |pack| {
        std::fs::remove_file(pack.join("review.yaml")).unwrap();
    });
    assert_eq!(
        case.results.pack.declarations.as_ref().unwrap().review_yaml,
        None
    );
    copy_file(
        &repo().join("evidence-samples/dagang-2025/review.yaml"),
        &case.pack().join("review.yaml"),
    );
    let (code, out) = case.verify();
    assert_eq!(code, Exit::Failed);
    assert_eq!(
        out,
        lines(&[
            &case.changed_header(),
            "  review.yaml 是评分后新增的",
            SEAL_OK,
            STANDARD_OK,
            "✗ 按现在的证据和标准重新评估，得分与结果不同：",
            "  总分：70.08 → 72.63",
            "  复评总分：— → 70.85",
            "  复评等级：— → 合格",
            "  A1.1 复评：— → 1.5 分",
            "  A2.1：未完成 0 分 → 已完成 2 分",
            "  A2.4 复评：— → 0.75 分",
            "  B2.1 复评：— → 1.5 分",
            "  D1.1 复评：— → 2.5 分",
            "  F1.4：部分完成 1 分 → 部分完成 1.5 分",
            "  F2.4 复评：— → 1 分",
        ])
    );
}

/// An empty review.yaml is not the same as none.
#[test]
fn empty_review_yaml_added_is_named() {
    let case = Case::prepared("lingfeng-2025", |pack| {
        std::fs::remove_file(pack.join("review.yaml")).unwrap();
    });
    std::fs::write(case.pack().join("review.yaml"), "").unwrap();
    let (code, out) = case.verify();
    assert_eq!(code, Exit::Failed);
    assert_eq!(out[1], "  review.yaml 是评分后新增的");
}

fn copy_file(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap();
}

#[test]
fn results_edited_to_full_marks_fail_the_seal_and_the_score() {
    let case = Case::new("lingfeng-2025");
    let path = case.dir.path().join("results.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    v["score"]["total"] = serde_json::json!(100.0);
    std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let (code, out) = case.verify();
    assert_eq!(code, Exit::Failed);
    let first = format!(
        "✓ 证据包与评分时一致（125 个文件，指纹 {}）",
        &case.results.pack.digest[..16]
    );
    assert_eq!(
        out,
        lines(&[
            &first,
            "✗ 结果文件在写出后被改动过（校验码不符）",
            STANDARD_OK,
            "✗ 按现在的证据和标准重新评估，得分与结果不同：",
            "  总分：100 → 96.87",
        ])
    );
}

/// Results edited after scoring, or stripped of their seal, are not read by anything that would
/// certify them again: the report (its signed cover), the ranking and the OSCAL export each
/// refuse them with the same message and exit 2.
#[test]
fn results_edited_by_hand_are_refused_everywhere() {
    let case = Case::new("lingfeng-2025");
    let path = case.dir.path().join("results.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut edited: serde_json::Value = serde_json::from_str(&text).unwrap();
    edited["score"]["total"] = serde_json::json!(100.0);
    std::fs::write(case.dir.path().join("edited.json"), edited.to_string()).unwrap();
    let mut unsealed: serde_json::Value = serde_json::from_str(&text).unwrap();
    unsealed.as_object_mut().unwrap().remove("seal");
    std::fs::write(case.dir.path().join("unsealed.json"), unsealed.to_string()).unwrap();
    for file in ["edited.json", "unsealed.json"] {
        let message = format!(
            "错误：{file}：评估结果与它的校验码不符：文件在评估后被改动过（或没有校验码）。请重新评估证据包，不要手工修改评估结果\n"
        );
        for args in [vec!["report", file], vec!["export", "oscal", file]] {
            let mut argv = vec!["changai"];
            argv.extend_from_slice(&args);
            let out = run(argv, &env_at(case.dir.path()));
            assert_eq!(
                (out.code, out.stderr.as_str()),
                (Exit::Error, message.as_str()),
                "{args:?}"
            );
            assert!(out.stdout.is_empty());
        }
        // the ranking names the file and ranks nothing from it
        let out = run(["changai", "rank", file], &env_at(case.dir.path()));
        assert_eq!(out.code, Exit::Error, "{}", out.stderr);
        assert!(
            out.stderr.contains("评估结果与它的校验码不符"),
            "{}",
            out.stderr
        );
    }
    // the untouched results still report
    let out = run(
        ["changai", "report", "results.json"],
        &env_at(case.dir.path()),
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
}

/// Re-indenting or reordering RESULTS.json is not an edit of its content.
#[test]
fn results_reformatted_still_verify() {
    let case = Case::new("lingfeng-2025");
    let path = case.dir.path().join("results.json");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    std::fs::write(&path, changai::evidence::seal::canonical_json(&v)).unwrap();
    let (code, _) = case.verify();
    assert_eq!(code, Exit::Ok);
}

/// A copy of the shipped standard with `from` replaced by `to` in `file`.
fn standard_copy(dir: &Path, file: &str, from: &str, to: &str) -> PathBuf {
    let copy = dir.join("standard");
    copy_tree(&repo().join("standards/lingfeng-2021"), &copy);
    let path = copy.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    copy
}

#[test]
fn edited_standard_is_named() {
    let case = Case::new("lingfeng-2025");
    let std_dir = tempfile::tempdir().unwrap();
    let copy = standard_copy(
        std_dir.path(),
        "standard.yaml",
        "      min: 90\n",
        "      min: 97\n",
    );
    let (code, out, stderr) = case.verify_with(&[], &["--standard", copy.to_str().unwrap()]);
    assert_eq!((code, stderr.as_str()), (Exit::Failed, ""));
    let loaded = changai::pipeline::load_standard(Some(&copy)).unwrap();
    let standard = format!(
        "✗ 标准与评分时不同（lingfeng-2021 2021.1，{}）：评分时指纹 {}，现在 {}",
        copy.display(),
        &case.results.standard.digest[..16],
        &changai::evidence::seal::value_digest(&loaded)[..16]
    );
    let first = format!(
        "✓ 证据包与评分时一致（125 个文件，指纹 {}）",
        &case.results.pack.digest[..16]
    );
    assert_eq!(
        out,
        lines(&[
            &first,
            SEAL_OK,
            &standard,
            "✗ 按现在的证据和标准重新评估，得分与结果不同：",
            "  等级：优秀 → 良好",
        ])
    );
}

/// A standard edited where no score depends on it is still not the standard scored.
#[test]
fn standard_text_edit_is_named_even_when_the_score_holds() {
    let case = Case::new("lingfeng-2025");
    let std_dir = tempfile::tempdir().unwrap();
    let copy = standard_copy(
        std_dir.path(),
        "standard.yaml",
        "      title: {zh: 优秀, en: Excellent}\n",
        "      title: {zh: 优秀等次, en: Excellent}\n",
    );
    let (code, out, _) = case.verify_with(&[], &["--standard", copy.to_str().unwrap()]);
    assert_eq!(code, Exit::Failed);
    let loaded = changai::pipeline::load_standard(Some(&copy)).unwrap();
    let standard = format!(
        "✗ 标准与评分时不同（lingfeng-2021 2021.1，{}）：评分时指纹 {}，现在 {}",
        copy.display(),
        &case.results.standard.digest[..16],
        &changai::evidence::seal::value_digest(&loaded)[..16]
    );
    assert_eq!(
        out[2..],
        lines(&[
            &standard,
            "✓ 按现在的证据和标准重新评估，得分与结果一致（总分 96.87，优秀等次）",
        ])
    );
}

/// Results whose manifest was edited and resealed: the recorded digest no longer fits the
/// recorded files, and the manifest entry differs from the pack.
#[test]
fn resealed_results_with_an_edited_manifest_are_caught() {
    let case = Case::new("lingfeng-2025");
    let mut results = case.results.clone();
    let entry = results.pack.manifest.first_mut().unwrap();
    let path = entry.path.clone();
    entry.sha256 = "0".repeat(64);
    changai::evidence::seal::seal(&mut results);
    std::fs::write(
        case.dir.path().join("results.json"),
        serde_json::to_string_pretty(&results).unwrap(),
    )
    .unwrap();
    let (code, out) = case.verify();
    assert_eq!(code, Exit::Failed);
    let header = format!(
        "✗ 证据包在评分后有改动：评分时 125 个文件（指纹 {0}），现在 125 个文件（指纹 {0}）",
        &case.results.pack.digest[..16]
    );
    assert_eq!(case.evidence_of("A1.1")[0], path);
    let named = format!("  内容已改：{path}（证明 A1.1）");
    assert_eq!(
        out,
        lines(&[
            &header,
            &named,
            "  结果中记录的指纹与文件清单对不上",
            SEAL_OK,
            STANDARD_OK,
            "✓ 按现在的证据和标准重新评估，得分与结果一致（总分 96.87，优秀）",
        ])
    );
}

/// The same standard read from a folder has the embedded standard's digest.
#[test]
fn unedited_standard_copy_verifies() {
    let case = Case::new("lingfeng-2025");
    let copy = repo().join("standards/lingfeng-2021");
    let (code, out, stderr) = case.verify_with(&[], &["--standard", copy.to_str().unwrap()]);
    assert_eq!((code, stderr.as_str()), (Exit::Ok, ""), "{out:?}");
    let embedded = changai::pipeline::load_standard(None).unwrap();
    assert_eq!(
        changai::evidence::seal::value_digest(&embedded),
        case.results.standard.digest
    );
}

#[test]
fn results_of_another_standard_need_it_given() {
    let case = Case::new("lingfeng-2025");
    let path = case.dir.path().join("results.json");
    let mut results = case.results.clone();
    results.standard.id = "other-2030".into();
    changai::evidence::seal::seal(&mut results);
    std::fs::write(&path, serde_json::to_string_pretty(&results).unwrap()).unwrap();
    let (code, out, stderr) = case.verify_with(&[], &[]);
    assert_eq!((code, out.len()), (Exit::Error, 0));
    assert_eq!(
        stderr,
        "错误：results.json 是按标准 other-2030 2021.1 评分的，不是内置标准；请用 --standard 指定这个标准\n"
    );
}

#[test]
fn results_without_a_seal_are_refused() {
    let case = Case::new("lingfeng-2025");
    copy_file(
        &repo().join("tests/fixtures/report/results.json"),
        &case.dir.path().join("results.json"),
    );
    let (code, out, stderr) = case.verify_with(&[], &[]);
    assert_eq!((code, out.len()), (Exit::Error, 0));
    assert_eq!(
        stderr,
        "错误：results.json：结果没有校验码，是旧版 changai 写的；请重新评估\n"
    );
    let (_, _, stderr) = case.verify_with(&["--lang", "en"], &[]);
    assert_eq!(
        stderr,
        "error: results.json: the results have no seal: written by an older changai; evaluate again\n"
    );
}

#[test]
fn json_report_names_every_finding() {
    let case = Case::new("lingfeng-2025");
    let proof = case.evidence_of("C1.1")[0].clone();
    std::fs::remove_file(case.pack().join(&proof)).unwrap();
    std::fs::write(case.pack().join("A/新增说明.txt"), "补充").unwrap();
    let (code, out, _) = case.verify_with(&[], &["--format", "json"]);
    assert_eq!(code, Exit::Failed);
    let v: serde_json::Value = serde_json::from_str(&out.join("\n")).unwrap();
    assert_eq!(v["verified"], false);
    assert_eq!(v["results_intact"], true);
    assert_eq!(v["standard"]["same"], true);
    assert_eq!(v["pack"]["same"], false);
    assert_eq!(v["pack"]["declarations"], serde_json::json!([]));
    assert_eq!(
        v["pack"]["files"],
        serde_json::json!([
            {"path": "A/新增说明.txt", "change": "added", "proves": []},
            {"path": proof, "change": "removed", "proves": ["C1.1"]},
        ])
    );
    assert_eq!(v["reevaluation"]["same"], false);
    assert_eq!(
        (&v["reevaluation"]["scored"], &v["reevaluation"]["current"]),
        (
            &serde_json::json!({"total": 96.87, "grade": "excellent", "review_total": null, "review_grade": null}),
            &serde_json::json!({"total": 94.87, "grade": "good", "review_total": null, "review_grade": null}),
        )
    );
    assert_eq!(
        v["reevaluation"]["items"],
        serde_json::json!([{
            "id": "C1.1",
            "scored": {"status": "met", "score": 2.0, "review": null},
            "current": {"status": "unmet", "score": 0.0, "review": null},
        }])
    );
}

#[test]
fn english_report_of_a_change() {
    let case = Case::new("lingfeng-2025");
    let proof = case.evidence_of("C1.1")[0].clone();
    std::fs::remove_file(case.pack().join(&proof)).unwrap();
    let (code, out, _) = case.verify_with(&["--lang", "en"], &[]);
    assert_eq!(code, Exit::Failed);
    let now = changai::evidence::Pack::open(&case.pack()).unwrap();
    let header = format!(
        "✗ the pack changed after scoring: 125 files (digest {}) then, 124 files (digest {}) now",
        &case.results.pack.digest[..16],
        &now.digest[..16]
    );
    let named = format!("  removed: {proof} (proved C1.1)");
    assert_eq!(
        out,
        lines(&[
            &header,
            &named,
            "✓ the results file is as written",
            "✓ the standard is the one scored (lingfeng-2021 2021.1, embedded)",
            "✗ evaluated again from the evidence and standard as they are now, the score differs:",
            "  total: 96.87 → 94.87",
            "  grade: Excellent → Good",
            "  C1.1: met 2 → unmet 0",
        ])
    );
}

/// Every file of a tree with its bytes and modification time.
fn snapshot(root: &Path) -> Vec<(String, Vec<u8>, std::time::SystemTime)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(root).sort_by_file_name() {
        let e = e.unwrap();
        let m = e.metadata().unwrap();
        let bytes = if m.is_file() {
            std::fs::read(e.path()).unwrap()
        } else {
            Vec::new()
        };
        out.push((e.path().display().to_string(), bytes, m.modified().unwrap()));
    }
    out
}

#[test]
fn verify_never_writes_into_the_pack() {
    let case = Case::new("lingfeng-2025");
    std::fs::write(case.pack().join("A/新增说明.txt"), "补充").unwrap();
    let before = snapshot(&case.pack());
    let results_before = std::fs::read(case.dir.path().join("results.json")).unwrap();
    for args in [&["--format", "json"][..], &[][..]] {
        let (code, _, _) = case.verify_with(&[], args);
        assert_eq!(code, Exit::Failed);
    }
    assert_eq!(snapshot(&case.pack()), before);
    assert_eq!(
        std::fs::read(case.dir.path().join("results.json")).unwrap(),
        results_before
    );
}
