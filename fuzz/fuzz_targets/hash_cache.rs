//! A hash cache file (`.changai-hash-cache.json`) from arbitrary bytes, through
//! [`HashCache::load`], then used to open a fixed pack (every lookup: a hit, a changed file, a
//! file it does not know) and saved again. Whatever it held, the pack opens with the same files
//! as without a cache; what the cache saves loads again with no warning and gives the same hashes.
//!
//! The pack lives at a fixed path under the temporary folder and is made once, never rewritten,
//! so that its files keep their stamps from one run to the next and a seed (the cache an audit
//! wrote for it: `CHANGAI_FUZZ_SEED=1` prints it) reaches the lookups that hit. A hit is trusted
//! as git trusts its index, so a mutated hash under a matching stamp is taken as it is: that is
//! the cache's rule, not a finding.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use changai::evidence::cache::HashCache;
use changai::evidence::pack::{Opening, Pack};
use libfuzzer_sys::fuzz_target;

/// The fixed pack, and the hashes it has without a cache.
fn pack() -> &'static (PathBuf, Vec<(String, String)>) {
    static PACK: OnceLock<(PathBuf, Vec<(String, String)>)> = OnceLock::new();
    PACK.get_or_init(|| {
        let root = std::env::temp_dir().join("changai-fuzz-hash-cache");
        for (name, bytes) in [
            (
                "pack.yaml",
                "community: 模糊测试社区\nperiod: 2025\nstandard: {id: lingfeng-2021, version: \"2021.1\"}\npreparer: 测试\n".as_bytes(),
            ),
            ("A/A1.1/2025-03-01 会议纪要.txt", &b"minutes"[..]),
            ("A/A1.1/2025-04-01 签到表.txt", b"roster"),
            ("A/说明.txt", b""),
            ("data/指标.yaml", b"a: 1\n"),
        ] {
            let path = root.join(name);
            if std::fs::read(&path).ok().as_deref() != Some(bytes) {
                std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
                std::fs::write(path, bytes).expect("file");
            }
        }
        let pack = Pack::open(&root).expect("the fixed pack opens");
        if std::env::var_os("CHANGAI_FUZZ_SEED").is_some() {
            let cache = HashCache::new();
            let opening = Opening {
                cache: Some(&cache),
                ..Opening::default()
            };
            Pack::open_with(&root, opening).expect("the fixed pack opens");
            let seed = scratch().join("seed.json");
            cache.save(&seed).expect("the seed saves");
            println!("{}", std::fs::read_to_string(seed).expect("the seed reads"));
        }
        (root, hashes(&pack))
    })
}

fn hashes(pack: &Pack) -> Vec<(String, String)> {
    pack.files
        .iter()
        .map(|f| (f.path.clone(), f.sha256.clone()))
        .collect()
}

fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"))
        .path()
}

fuzz_target!(|data: &[u8]| {
    let (root, want) = pack();
    let (given, saved) = (scratch().join("given.json"), scratch().join("saved.json"));
    std::fs::write(&given, data).expect("write the cache");
    let (cache, _warning) = HashCache::load(&given);
    let opening = Opening {
        cache: Some(&cache),
        ..Opening::default()
    };
    let opened = Pack::open_with(root, opening).expect("the fixed pack opens with any cache");
    let paths = |h: &[(String, String)]| h.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    let first = hashes(&opened);
    assert_eq!(paths(&first), paths(want), "the cache changed which files the pack holds");
    let _ = std::fs::remove_file(&saved);
    if cache.save(&saved).is_ok() && saved.exists() {
        let (again, warning) = HashCache::load(&saved);
        assert!(warning.is_none(), "a saved cache does not load: {warning:?}");
        let opening = Opening {
            cache: Some(&again),
            ..Opening::default()
        };
        let reopened = Pack::open_with(root, opening).expect("the fixed pack opens");
        assert_eq!(hashes(&reopened), first, "the saved cache gives other hashes");
    }
});
