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
