//! The hash cache (`evidence::cache`) and the parallel scan that uses it: hits and misses, the
//! stamp that catches a file edited with its mtime put back, caches that cannot be used, and
//! the same digest with and without a cache.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use changai::evidence::cache::HashCache;
use changai::evidence::pack::{Opening, Pack};

const PACK_YAML: &str =
    "community: 灵峰工业社区\nperiod: 2025\nstandard: {id: t, version: \"1\"}\npreparer: 王五\n";

/// A pack of three files, all modified an hour ago (older than any cache a test writes, so the
/// racily-clean rule does not apply to them).
fn city_pack() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pack.yaml"), PACK_YAML).unwrap();
    for (rel, text) in [
        ("a/会议纪要.txt", "第一次会议"),
        ("a/b/名册.csv", "姓名,职务\n张三,主席\n"),
        ("c.txt", "ccc"),
    ] {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        age(&p, 3600);
    }
    dir
}

/// Sets a file's mtime `seconds` in the past.
fn age(path: &Path, seconds: u64) {
    let f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.set_modified(SystemTime::now() - Duration::from_secs(seconds))
        .unwrap();
}

fn open(root: &Path, cache: &HashCache) -> Pack {
    Pack::open_with(
        root,
        Opening {
            cache: Some(cache),
            ..Opening::default()
        },
    )
    .unwrap()
}

fn cache_path(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("hash-cache.json")
}

/// A cache saved after a first run over `root`.
fn warm(root: &Path, out: &tempfile::TempDir) -> PathBuf {
    let cache = HashCache::new();
    open(root, &cache);
    let path = cache_path(out);
    cache.save(&path).unwrap();
    path
}

#[test]
fn a_second_run_takes_every_hash_from_the_cache_and_a_changed_file_is_hashed_again() {
    let pack = city_pack();
    let out = tempfile::tempdir().unwrap();
    let plain = Pack::open(pack.path()).unwrap();

    let first = HashCache::new();
    let opened = open(pack.path(), &first);
    assert_eq!((first.hits(), first.misses()), (0, 3));
    assert_eq!(opened.digest, plain.digest);
    first.save(&cache_path(&out)).unwrap();

    let (second, warning) = HashCache::load(&cache_path(&out));
    assert!(warning.is_none());
    let opened = open(pack.path(), &second);
    assert_eq!((second.hits(), second.misses()), (3, 0));
    assert_eq!(opened.digest, plain.digest);
    let sha = |p: &Pack| -> Vec<(String, u64, String)> {
        p.files
            .iter()
            .map(|f| (f.path.clone(), f.size, f.sha256.clone()))
            .collect()
    };
    assert_eq!(sha(&opened), sha(&plain));
    second.save(&cache_path(&out)).unwrap();

    std::fs::write(pack.path().join("c.txt"), "changed").unwrap();
    age(&pack.path().join("c.txt"), 3600);
    let (third, _) = HashCache::load(&cache_path(&out));
    let opened = open(pack.path(), &third);
    assert_eq!((third.hits(), third.misses()), (2, 1));
    let fresh = Pack::open(pack.path()).unwrap();
    assert_ne!(fresh.digest, plain.digest);
    assert_eq!(opened.digest, fresh.digest);
    assert_eq!(sha(&opened), sha(&fresh));
}

#[test]
fn a_file_rewritten_with_the_same_size_and_its_mtime_put_back_is_caught_by_its_ctime() {
    let pack = city_pack();
    let out = tempfile::tempdir().unwrap();
    let path = warm(pack.path(), &out);
    let file = pack.path().join("c.txt");
    let mtime = std::fs::metadata(&file).unwrap().modified().unwrap();
    // Later than the first write by more than any file system's timestamp granularity.
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&file, "ddd").unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    assert_eq!(std::fs::metadata(&file).unwrap().modified().unwrap(), mtime);
    let (cache, _) = HashCache::load(&path);
    let opened = open(pack.path(), &cache);
    assert_eq!((cache.hits(), cache.misses()), (2, 1));
    assert_eq!(opened.digest, Pack::open(pack.path()).unwrap().digest);
    assert_eq!(
        opened.sha256_of("c.txt"),
        Some("730f75dafd73e047b86acb2dbd74e75dcb93272fa084a9082848f2341aa1abb6")
    );
}

#[test]
fn a_file_modified_after_the_cache_run_began_is_not_trusted_racily_clean() {
    let pack = city_pack();
    let out = tempfile::tempdir().unwrap();
    // A file whose mtime is ahead of the run: it may change again unseen within the same tick.
    let ahead = pack.path().join("c.txt");
    std::fs::OpenOptions::new()
        .write(true)
        .open(&ahead)
        .unwrap()
        .set_modified(SystemTime::now() + Duration::from_secs(3600))
        .unwrap();
    let path = warm(pack.path(), &out);
    let (cache, _) = HashCache::load(&path);
    open(pack.path(), &cache);
    assert_eq!((cache.hits(), cache.misses()), (2, 1));
}

fn assert_unusable(path: &Path, en_part: &str) {
    let (cache, warning) = HashCache::load(path);
    let w = warning.expect("a warning");
    assert_eq!(w.code, "hash-cache-unusable");
    assert_eq!(w.severity, changai::diagnostic::Severity::Warning);
    assert_eq!(w.file, path.to_string_lossy());
    assert!(w.message.starts_with("核对记录无法使用（"), "{}", w.message);
    assert!(
        w.message.ends_with("），所有文件将重新核对"),
        "{}",
        w.message
    );
    assert!(w.message_en.contains(en_part), "{}", w.message_en);
    assert!(
        w.message_en.ends_with("; every file is hashed again"),
        "{}",
        w.message_en
    );
    assert_eq!((cache.hits(), cache.misses()), (0, 0));
}

#[test]
fn a_corrupt_cut_short_or_foreign_cache_is_a_warning_and_everything_is_hashed_again() {
    let pack = city_pack();
    let out = tempfile::tempdir().unwrap();
    let path = warm(pack.path(), &out);
    let good = std::fs::read_to_string(&path).unwrap();
    let plain = Pack::open(pack.path()).unwrap();

    let cases: Vec<(String, &str)> = vec![
        (
            "not json at all".to_owned(),
            "the hash cache cannot be used (",
        ),
        (
            good[..good.len() / 2].to_owned(),
            "the hash cache cannot be used (",
        ),
        (
            good.replace(
                &format!("\"changai\":\"{}\"", env!("CARGO_PKG_VERSION")),
                "\"changai\":\"0.0.1-other\"",
            ),
            "written by another version of changai (0.0.1-other)",
        ),
        (
            good.replace("\"version\":2", "\"version\":99"),
            "written by another version of changai",
        ),
        // A pack's part of the wrong shape: a SHA-256 that is not one, an entry that is not
        // the six-field array, a size that is not a number.
        (
            first_sha_replaced(&good, "\"not-a-sha\""),
            "the hash cache cannot be used (does not have the expected form)",
        ),
        (
            first_entry_replaced(&good, "{\"size\":1}"),
            "the hash cache cannot be used (does not have the expected form)",
        ),
        (
            first_size_replaced(&good, "\"big\""),
            "the hash cache cannot be used (does not have the expected form)",
        ),
    ];
    for (text, en_part) in cases {
        assert_ne!(text, good);
        std::fs::write(&path, &text).unwrap();
        assert_unusable(&path, en_part);
        let (cache, _) = HashCache::load(&path);
        let opened = open(pack.path(), &cache);
        assert_eq!((cache.hits(), cache.misses()), (0, 3));
        assert_eq!(opened.digest, plain.digest);
    }
}

/// `text` with its first SHA-256 (64 hex digits in quotes) replaced by `with`.
fn first_sha_replaced(text: &str, with: &str) -> String {
    let at = text
        .match_indices('"')
        .map(|(i, _)| i)
        .find(|&i| {
            text.get(i + 1..i + 66)
                .is_some_and(|s| s.ends_with('"') && s[..64].bytes().all(|b| b.is_ascii_hexdigit()))
        })
        .unwrap();
    format!("{}{with}{}", &text[..at], &text[at + 66..])
}

/// `text` with its first entry (the array after `:`) replaced by `with`.
fn first_entry_replaced(text: &str, with: &str) -> String {
    let at = text.find(":[").unwrap() + 1;
    let end = at + text[at..].find(']').unwrap() + 1;
    format!("{}{with}{}", &text[..at], &text[end..])
}

/// `text` with its first entry's size (after `:[`) replaced by `with`.
fn first_size_replaced(text: &str, with: &str) -> String {
    let at = text.find(":[").unwrap() + 2;
    let end = at + text[at..].find(',').unwrap();
    format!("{}{with}{}", &text[..at], &text[end..])
}

#[test]
fn a_pack_part_out_of_order_or_with_a_path_twice_still_reads() {
    let pack = city_pack();
    let out = tempfile::tempdir().unwrap();
    let path = warm(pack.path(), &out);
    let good = std::fs::read_to_string(&path).unwrap();
    let value: serde_json::Value = serde_json::from_str(&good).unwrap();
    let (root, files) = value["packs"].as_object().unwrap().iter().next().unwrap();
    let files = files.as_object().unwrap();
    let mut keys: Vec<&String> = files.keys().collect();
    assert_eq!(keys, ["a/b/名册.csv", "a/会议纪要.txt", "c.txt"]);
    // Written in reverse, and the first path once more before its true entry with a stale one.
    keys.reverse();
    let mut stale = files["a/b/名册.csv"].clone();
    stale[0] = serde_json::json!(1);
    let mut part = String::from("{");
    part.push_str(&format!("\"a/b/名册.csv\":{stale},"));
    let entries: Vec<String> = keys
        .iter()
        .map(|k| format!("{}:{}", serde_json::json!(k), files[k.as_str()]))
        .collect();
    part.push_str(&entries.join(","));
    part.push('}');
    let text = format!(
        "{{\"format\":\"changai-hash-cache\",\"version\":2,\"changai\":{},\"stamped_ns\":{},\"packs\":{{{}:{part}}}}}",
        serde_json::json!(env!("CARGO_PKG_VERSION")),
        value["stamped_ns"],
        serde_json::json!(root)
    );
    std::fs::write(&path, text).unwrap();
    let (cache, warning) = HashCache::load(&path);
    assert!(warning.is_none(), "{warning:?}");
    open(pack.path(), &cache);
    // The last entry of a path counts: all three unchanged.
    assert_eq!((cache.hits(), cache.misses()), (3, 0));
}

#[test]
fn a_missing_cache_is_empty_without_a_warning_and_a_folder_in_its_place_is_a_warning() {
    let out = tempfile::tempdir().unwrap();
    let (cache, warning) = HashCache::load(&cache_path(&out));
    assert!(warning.is_none());
    assert_eq!((cache.hits(), cache.misses()), (0, 0));
    std::fs::create_dir(cache_path(&out)).unwrap();
    assert_unusable(&cache_path(&out), "the hash cache cannot be used (");
}

#[test]
fn files_gone_from_the_pack_drop_out_of_the_saved_cache() {
    let pack = city_pack();
    let out = tempfile::tempdir().unwrap();
    let path = warm(pack.path(), &out);
    assert!(std::fs::read_to_string(&path).unwrap().contains("c.txt"));
    std::fs::remove_file(pack.path().join("c.txt")).unwrap();
    let (cache, _) = HashCache::load(&path);
    open(pack.path(), &cache);
    assert_eq!((cache.hits(), cache.misses()), (2, 0));
    cache.save(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("c.txt"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let packs = json["packs"].as_object().unwrap();
    assert_eq!(packs.len(), 1);
    let files = packs.values().next().unwrap().as_object().unwrap();
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(names, ["a/b/名册.csv", "a/会议纪要.txt"]);
}

/// Entries are grouped by the pack's canonical root and keyed by the path under it, each a
/// `[size, dev, ino, mtime_ns, ctime_ns, sha256]` array: no absolute path per file.
#[test]
fn the_saved_cache_groups_files_by_pack_root_with_relative_paths() {
    let pack = city_pack();
    let out = tempfile::tempdir().unwrap();
    let path = warm(pack.path(), &out);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(json["format"], "changai-hash-cache");
    assert_eq!(json["version"], 2);
    let root = std::fs::canonicalize(pack.path()).unwrap();
    let packs = json["packs"].as_object().unwrap();
    assert_eq!(
        packs.keys().collect::<Vec<_>>(),
        [&root.to_string_lossy().into_owned()]
    );
    let files = packs[root.to_string_lossy().as_ref()].as_object().unwrap();
    assert_eq!(
        files.keys().map(String::as_str).collect::<Vec<_>>(),
        ["a/b/名册.csv", "a/会议纪要.txt", "c.txt"]
    );
    let c = files["c.txt"].as_array().unwrap();
    assert_eq!(c.len(), 6);
    assert_eq!(c[0], 3);
    assert_eq!(
        c[5],
        "64daa44ad493ff28a96effab6e77f1732a3d97d83241581b37dbd70a7a4900fe"
    );
}

/// A cache in the first layout (one entry per file, by absolute path), even from this version of
/// changai, is refused by its layout version: the usual warning, and every file hashed again.
#[test]
fn a_cache_in_the_older_layout_is_a_warning_and_everything_is_hashed_again() {
    let pack = city_pack();
    let out = tempfile::tempdir().unwrap();
    let path = cache_path(&out);
    let root = std::fs::canonicalize(pack.path()).unwrap();
    let meta = std::fs::metadata(root.join("c.txt")).unwrap();
    let old = serde_json::json!({
        "format": "changai-hash-cache",
        "version": 1,
        "changai": env!("CARGO_PKG_VERSION"),
        "stamped_ns": 0,
        "entries": [{
            "path": root.join("c.txt").to_string_lossy(),
            "stamp": {"size": meta.len(), "dev": 0, "ino": 0, "mtime_ns": 0, "ctime_ns": 0},
            "sha256": "64daa44ad493ff28a96effab6e77f1732a3d97d83241581b37dbd70a7a4900fe",
        }],
    });
    std::fs::write(&path, old.to_string()).unwrap();
    assert_unusable(
        &path,
        &format!(
            "written by another version of changai ({})",
            env!("CARGO_PKG_VERSION")
        ),
    );
    let (cache, _) = HashCache::load(&path);
    open(pack.path(), &cache);
    assert_eq!((cache.hits(), cache.misses()), (0, 3));
    cache.save(&path).unwrap();
    let (again, warning) = HashCache::load(&path);
    assert!(warning.is_none());
    open(pack.path(), &again);
    assert_eq!((again.hits(), again.misses()), (3, 0));
}

/// A file that changes while it is hashed (through the scan's seam, right after each hashing):
/// changed once, it is read again and the second, steady reading counts; changing every time, it
/// is unreadable with the reason named, never hashed as some state it was not in.
#[test]
fn a_file_changing_while_it_is_hashed_is_read_again_then_called_unreadable() {
    use changai::evidence::pack::AfterHash;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let append = |p: &Path| {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new().append(true).open(p).unwrap();
        f.write_all(b"+").unwrap();
    };
    let open_with = |root: &Path, seam: &(dyn Fn(&Path) + Sync)| {
        Pack::open_with(
            root,
            Opening {
                after_hash: Some(AfterHash(seam)),
                ..Opening::default()
            },
        )
        .unwrap()
    };

    let pack = city_pack();
    let hashings = AtomicUsize::new(0);
    let once = |p: &Path| {
        if p.ends_with("c.txt") && hashings.fetch_add(1, Ordering::SeqCst) == 0 {
            append(p);
        }
    };
    let opened = open_with(pack.path(), &once);
    assert_eq!(hashings.load(Ordering::SeqCst), 2);
    assert!(opened.problems.is_empty(), "{:?}", opened.problems);
    // SHA-256 of "ccc+", the content both the second reading and the file now have.
    assert_eq!(
        opened.sha256_of("c.txt"),
        Some("0bb7af8a25d9af25f10024f925948f510d7d230d53a42f105c14cc192adca945")
    );
    assert_eq!(
        opened.file_at("c.txt").map(|f| f.size),
        Some(4),
        "the size of the steady reading"
    );
    assert_eq!(opened.digest, Pack::open(pack.path()).unwrap().digest);

    let pack = city_pack();
    let always = |p: &Path| {
        if p.ends_with("c.txt") {
            append(p);
        }
    };
    let opened = open_with(pack.path(), &always);
    let file = opened.file_at("c.txt").unwrap();
    assert_eq!(file.sha256, "");
    assert_eq!(
        file.unreadable,
        Some(changai::standard::model::Text {
            zh: "文件在核对过程中被修改".to_owned(),
            en: "the file changed while it was being hashed".to_owned(),
        })
    );
    let problems: Vec<(&str, &str, &str)> = opened
        .problems
        .iter()
        .map(|d| (d.code.as_str(), d.file.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        problems,
        [(
            "unreadable-file",
            "c.txt",
            "无法读取，与它有关的条目无法核对：文件在核对过程中被修改"
        )]
    );
    // The other files are hashed as usual.
    assert_eq!(
        opened.sha256_of("a/会议纪要.txt"),
        Some("162b196c405d11eddbcb51cd60093fe7dd81b4dd3777b67290ea454ce69c62c0")
    );
}
