//! Tests: `changai audit` — a small city (three sample packs, a broken pack, two packs claiming
//! one community) audited into OUT: exactly the expected files, the city workbook read back with
//! calamine, the page escaped and self-contained, the manifest's hashes, `--previous`, and the
//! page in headless Chromium (a PNG kept under target/ for a person to look at).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::Reader;
use changai::cli::{run, Env, Exit, Output};
use sha2::Digest as _;

use crate::evaluate::{copy_tree, repo};

const SCRIPT_NAME: &str = "霞浦<script>alert(1)</script>社区";
const EPOCH: &str = "1767225600";

fn env_at(cwd: &Path) -> Env {
    Env {
        cwd: cwd.to_path_buf(),
        color: false,
        source_date_epoch: Some(EPOCH.to_owned()),
    }
}

fn audit(cwd: &Path, args: &[&str]) -> Output {
    let mut argv = vec!["changai", "audit"];
    argv.extend(args);
    run(argv, &env_at(cwd))
}

fn set_line(pack: &Path, from: &str, to: &str) {
    let file = pack.join("pack.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(from), "{} has `{from}`", file.display());
    std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
}

/// The city: lingfeng, dagang, xiapu (renamed with a <script>), a broken pack, and two copies of
/// dagang claiming the community 孪生社区. `period` is the year written into every pack.yaml.
fn city(root: &Path, period: &str) -> PathBuf {
    let city = root.join("city");
    let samples = repo().join("evidence-samples");
    for name in ["lingfeng-2025", "dagang-2025", "xiapu-2025"] {
        copy_tree(&samples.join(name), &city.join(name));
    }
    set_line(
        &city.join("xiapu-2025"),
        "community: 霞浦物流工业社区",
        &format!("community: \"{SCRIPT_NAME}\""),
    );
    for twin in ["twin-a", "twin-b"] {
        copy_tree(&samples.join("dagang-2025"), &city.join(twin));
        set_line(
            &city.join(twin),
            "community: 大港工业社区",
            "community: 孪生社区",
        );
    }
    std::fs::create_dir_all(city.join("broken")).unwrap();
    std::fs::write(city.join("broken/pack.yaml"), "community: [\n").unwrap();
    if period != "2025" {
        for name in [
            "lingfeng-2025",
            "dagang-2025",
            "xiapu-2025",
            "twin-a",
            "twin-b",
        ] {
            set_line(
                &city.join(name),
                "period: 2025",
                &format!("period: {period}"),
            );
        }
    }
    city
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

fn sheet(book: &Path, name: &str) -> Vec<Vec<String>> {
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(book).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

const XIAPU_FOLDER: &str = "霞浦_script_alert(1)__script_社区-2025";

#[test]
fn audit_writes_every_community_and_the_city_summary() {
    let dir = tempfile::tempdir().unwrap();
    city(dir.path(), "2025");
    let out = audit(dir.path(), &["city", "--output", "out"]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    let twins =
        "“孪生社区”2025 由多个证据包申报（city/twin-a、city/twin-b）：都未计入，请只保留一个";
    assert_eq!(
        out.stderr,
        format!(
            "警告：未能评估 city/broken：pack.yaml:1:12：YAML 格式有误\n\
             警告：未能评估 city/twin-a：{twins}\n\
             警告：未能评估 city/twin-b：{twins}\n\
             核对记录：0 个文件未改动、沿用上次的哈希，463 个文件重新计算\n\
             评估记录：0 个证据包未改动、沿用上次的结果，3 个证据包重新评估\n\
             已评估 3 个社区，3 个未能评估；已写入 out（13 个文件）\n"
        )
    );
    let o = dir.path().join("out");
    let mut expected = vec![
        ".changai-hash-cache.json".to_owned(),
        ".changai-result-cache.json".to_owned(),
        "MANIFEST.sha256".to_owned(),
        "城市汇总.html".to_owned(),
        "城市汇总.xlsx".to_owned(),
        "汇总.json".to_owned(),
    ];
    for folder in ["灵峰工业社区-2025", "大港工业社区-2025", XIAPU_FOLDER] {
        for f in ["RESULTS.json", "报告.html", "评分表.xlsx"] {
            expected.push(format!("{folder}/{f}"));
        }
    }
    expected.sort();
    assert_eq!(files(&o), expected);

    // The ranking: decisive total (review else self), the vetoed community last.
    let book = o.join("城市汇总.xlsx");
    let rank = sheet(&book, "排名");
    let cols = |row: &Vec<String>| -> Vec<String> { row[..7].to_vec() };
    assert_eq!(
        cols(&rank[0]),
        ["名次", "社区", "考核期", "得分", "等级", "自评分", "复评分"]
    );
    assert_eq!(
        rank.iter().skip(1).map(cols).collect::<Vec<_>>(),
        [
            ["1", "灵峰工业社区", "2025", "96.87", "优秀", "96.87", ""],
            [
                "2",
                "大港工业社区",
                "2025",
                "70.85",
                "合格",
                "72.63",
                "70.85"
            ],
            ["3", SCRIPT_NAME, "2025", "59.08", "不合格", "59.08", ""],
        ]
        .map(|r| r.map(str::to_owned).to_vec())
    );
    let veto_col = rank[0].iter().position(|c| c == "一票否决").unwrap();
    assert_eq!(rank[1][veto_col], "");
    assert_ne!(rank[3][veto_col], "", "xiapu's veto is named");
    // six level-1 areas between 复评分 and 一票否决
    assert_eq!(veto_col, 7 + 6);

    let items = sheet(&book, "条目×社区");
    assert_eq!(items[0][2..], ["灵峰工业社区", "大港工业社区", SCRIPT_NAME]);
    assert_eq!(
        items.len(),
        1 + 55,
        "one row per item of the 6/17/55 standard"
    );

    let failures = sheet(&book, "无法评估");
    assert_eq!(failures.len(), 4);
    assert_eq!(
        failures[1],
        ["city/broken", "pack.yaml:1:12：YAML 格式有误"]
    );
    assert_eq!(failures[2][1], twins);

    let common = sheet(&book, "常见失分");
    assert_eq!(common[0], ["条目", "名称", "未达标社区数", "社区"]);
    let counts: Vec<f64> = common[1..].iter().map(|r| r[2].parse().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "most often first");
    assert!(counts[0] >= 2.0);

    // The per-community files are the bytes `report` and `evaluate` give.
    let report = run(
        [
            "changai",
            "report",
            "city/dagang-2025",
            "--output",
            "r.html",
        ],
        &env_at(dir.path()),
    );
    assert_eq!(report.code, Exit::Ok, "{}", report.stderr);
    assert_eq!(
        std::fs::read(dir.path().join("r.html")).unwrap(),
        std::fs::read(o.join("大港工业社区-2025/报告.html")).unwrap()
    );

    // The manifest: every other file, sorted, with its SHA-256.
    let manifest = std::fs::read_to_string(o.join("MANIFEST.sha256")).unwrap();
    let listed: Vec<(String, String)> = manifest
        .lines()
        .map(|l| {
            let (h, p) = l.split_once("  ").unwrap();
            (p.to_owned(), h.to_owned())
        })
        .collect();
    let mut want: Vec<String> = expected
        .iter()
        .filter(|f| !f.starts_with(".changai-") && *f != "MANIFEST.sha256")
        .cloned()
        .collect();
    want.sort();
    assert_eq!(
        listed.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>(),
        want
    );
    for (path, hash) in &listed {
        let bytes = std::fs::read(o.join(path)).unwrap();
        assert_eq!(
            *hash,
            sha2::Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>(),
            "{path}"
        );
    }

    // The page: escaped, self-contained, for A4.
    let html = std::fs::read_to_string(o.join("城市汇总.html")).unwrap();
    assert!(
        !html.contains("<script"),
        "the community's <script> is escaped"
    );
    assert!(html.contains("霞浦&lt;script&gt;alert(1)&lt;/script&gt;社区"));
    for needle in [
        "http://", "https://", "src=", "href=", "<link", "@import", "url(",
    ] {
        assert!(!html.contains(needle), "the page holds `{needle}`");
    }
    assert!(html.contains("@page { size: A4"));
    // the workbook's 常见失分, row for row, under the same heading
    assert!(html.contains("<h2>常见失分</h2>"));
    for row in &common[1..] {
        let escaped = row[3].replace('<', "&lt;").replace('>', "&gt;");
        let line = format!(
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            row[0], row[1], row[2], escaped
        );
        assert!(html.contains(&line), "{line}");
    }
    assert_eq!(
        html.matches("<td class=\"unmet\"").count(),
        1 + 6 + 5,
        "the unmet cells of the heat map"
    );
    assert!(html.contains("<svg "), "the chart of grades");

    // Same inputs, same bytes.
    let again = audit(dir.path(), &["city", "--output", "out2"]);
    assert_eq!(again.code, Exit::Ok);
    let o2 = dir.path().join("out2");
    // (The hash cache records when it was written: it is not an output.)
    for f in expected.iter().filter(|f| !f.starts_with(".changai")) {
        assert_eq!(
            std::fs::read(o.join(f)).unwrap(),
            std::fs::read(o2.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn audit_out_inside_a_pack_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let city = dir.path().join("city");
    copy_tree(
        &repo().join("evidence-samples/dagang-2025"),
        &city.join("dagang"),
    );
    let out = audit(dir.path(), &["city", "--output", "city/dagang/out"]);
    assert_eq!(out.code, Exit::Error);
    assert!(out.stderr.contains("city/dagang/out"), "{}", out.stderr);
    assert!(!city.join("dagang/out").exists());
}

#[test]
fn audit_with_nothing_to_evaluate_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("city/broken")).unwrap();
    std::fs::write(dir.path().join("city/broken/pack.yaml"), "community: [\n").unwrap();
    let out = audit(dir.path(), &["city", "--output", "out"]);
    assert_eq!(out.code, Exit::Error, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("警告：未能评估 city/broken：pack.yaml:1:12：YAML 格式有误"),
        "{}",
        out.stderr
    );
}

/// Last year's audit (the same packs declared for 2024) and this year's with `--previous`.
#[test]
fn audit_previous_shows_the_change_per_community_and_item() {
    let dir = tempfile::tempdir().unwrap();
    let last = dir.path().join("last");
    city(&last, "2024");
    let o = audit(&last, &["city", "--output", "../out-2024"]);
    assert_eq!(o.code, Exit::Ok, "{}", o.stderr);
    let now = dir.path().join("now");
    city(&now, "2025");
    let o = audit(
        &now,
        &[
            "city",
            "--output",
            "../out-2025",
            "--previous",
            "../out-2024",
        ],
    );
    assert_eq!(o.code, Exit::Ok, "{}", o.stderr);

    let read = |p: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(dir.path().join(p)).unwrap()).unwrap()
    };
    let before = read("out-2024/汇总.json");
    let after = read("out-2025/汇总.json");
    let totals = |v: &serde_json::Value| -> BTreeMap<String, f64> {
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["community"].as_str().unwrap().to_owned(),
                    r["total"].as_f64().unwrap(),
                )
            })
            .collect()
    };
    let (t0, t1) = (totals(&before), totals(&after));
    assert_eq!(t0.len(), 3);
    let yoy = sheet(&dir.path().join("out-2025/城市汇总.xlsx"), "同比");
    assert_eq!(
        yoy[0],
        [
            "社区",
            "得分",
            "与上年比",
            "上年等级",
            "等级",
            "新失分条目",
            "新达标条目"
        ]
    );
    assert_eq!(yoy.len(), 4);
    for row in &yoy[1..] {
        let c = &row[0];
        let want = ((t1[c] - t0[c]) * 100.0).round() / 100.0;
        assert_eq!(row[2].parse::<f64>().unwrap(), want, "{c}");
    }
    // per item: newly failing = not met now, met (or n/a) last year, from the two RESULTS.json
    let statuses = |p: &str| -> BTreeMap<String, String> {
        read(p)["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| !i["group"].as_bool().unwrap_or(false))
            .map(|i| {
                (
                    i["id"].as_str().unwrap().to_owned(),
                    i["status"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let ok = |s: &str| matches!(s, "met" | "not_applicable" | "waived");
    let mut any_change = false;
    for row in &yoy[1..] {
        let folder = match row[0].as_str() {
            "灵峰工业社区" => "灵峰工业社区",
            "大港工业社区" => "大港工业社区",
            _ => "霞浦_script_alert(1)__script_社区",
        };
        let s0 = statuses(&format!("out-2024/{folder}-2024/RESULTS.json"));
        let s1 = statuses(&format!("out-2025/{folder}-2025/RESULTS.json"));
        let newly: Vec<String> = s1
            .iter()
            .filter(|(id, s)| !ok(s) && s0.get(*id).is_some_and(|o| ok(o)))
            .map(|(id, _)| id.clone())
            .collect();
        let mut shown: Vec<String> = row[5]
            .split('、')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        shown.sort();
        assert_eq!(shown, newly, "{}", row[0]);
        any_change |= row[2] != "0" || !row[5].is_empty() || !row[6].is_empty();
    }
    assert!(any_change, "moving the period changes something");
    // Each community's own report and sheet carry the year-on-year section: the very bytes of
    // `changai report PACK --previous` last year's RESULTS.json of that community.
    for (pack, folder) in [
        ("dagang-2025", "大港工业社区"),
        ("lingfeng-2025", "灵峰工业社区"),
    ] {
        for file in ["报告.html", "评分表.xlsx"] {
            let previous = format!("../out-2024/{folder}-2024/RESULTS.json");
            let target = format!("../{folder}-{file}");
            let out = run(
                [
                    "changai",
                    "report",
                    &format!("city/{pack}"),
                    "--previous",
                    &previous,
                    "--output",
                    &target,
                ],
                &env_at(&now),
            );
            assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
            assert_eq!(
                std::fs::read(dir.path().join(format!("out-2025/{folder}-2025/{file}"))).unwrap(),
                std::fs::read(dir.path().join(format!("{folder}-{file}"))).unwrap(),
                "{folder} {file}"
            );
        }
        // Last year's own report, made without a year before it, has no such section.
        let plain = run(
            [
                "changai",
                "report",
                &format!("city/{pack}"),
                "--output",
                "../plain.html",
            ],
            &env_at(&now),
        );
        assert_eq!(plain.code, Exit::Ok, "{}", plain.stderr);
        assert_ne!(
            std::fs::read(dir.path().join("plain.html")).unwrap(),
            std::fs::read(dir.path().join(format!("out-2025/{folder}-2025/报告.html"))).unwrap()
        );
    }
    let html = std::fs::read_to_string(dir.path().join("out-2025/城市汇总.html")).unwrap();
    assert!(html.contains("<h2>同比</h2>"));
    assert!(!o.stderr.contains("去年的结果文件"), "{}", o.stderr);

    // Last year's RESULTS.json of a community cut short, of another removed: each a warning
    // naming the file, the report without the section, the city still compared.
    let lf = dir.path().join("out-2024/灵峰工业社区-2024/RESULTS.json");
    let text = std::fs::read(&lf).unwrap();
    std::fs::write(&lf, &text[..text.len() / 2]).unwrap();
    std::fs::remove_file(dir.path().join("out-2024/大港工业社区-2024/RESULTS.json")).unwrap();
    let o = audit(
        &now,
        &["city", "--output", "../out-b", "--previous", "../out-2024"],
    );
    assert_eq!(o.code, Exit::Ok, "{}", o.stderr);
    let warnings: Vec<&str> = o
        .stderr
        .lines()
        .filter(|l| l.contains("去年的结果文件"))
        .collect();
    assert_eq!(warnings.len(), 2, "{}", o.stderr);
    assert_eq!(
        warnings[0],
        "警告：../out-2024/大港工业社区-2024/RESULTS.json：去年的结果文件无法读取（找不到这个文件或文件夹），“大港工业社区”的报告中没有同比部分"
    );
    assert!(
        warnings[1].starts_with(
            "警告：../out-2024/灵峰工业社区-2024/RESULTS.json：去年的结果文件无法使用（"
        ) && warnings[1].ends_with("），“灵峰工业社区”的报告中没有同比部分"),
        "{}",
        warnings[1]
    );
    let plain = run(
        [
            "changai",
            "report",
            "city/lingfeng-2025",
            "--output",
            "../plain.html",
        ],
        &env_at(&now),
    );
    assert_eq!(plain.code, Exit::Ok, "{}", plain.stderr);
    assert_eq!(
        std::fs::read(dir.path().join("out-b/灵峰工业社区-2025/报告.html")).unwrap(),
        std::fs::read(dir.path().join("plain.html")).unwrap()
    );
    assert_eq!(
        sheet(&dir.path().join("out-b/城市汇总.xlsx"), "同比").len(),
        4
    );
}

/// 城市汇总.html in headless Chromium: a screenshot kept at target/audit-城市汇总.png.
#[test]
fn audit_page_in_a_real_browser() {
    if !crate::report::browser::browser_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    city(dir.path(), "2025");
    let out = audit(dir.path(), &["city", "--output", "out"]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    let page = dir.path().join("out/城市汇总.html");
    let png = dir.path().join("shot.png");
    crate::report::browser::chromium(
        &dir.path().join("profile"),
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1240,1754",
        ],
        &format!("file://{}", page.display()),
    );
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert!(bytes.len() > 10_000, "the screenshot shows something");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"));
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("audit-城市汇总.png"), &bytes).unwrap();
}

/// The library tells progress through its callback: once at the start, once per pack, the last
/// call with every pack done; it prints nothing.
#[test]
fn audit_reports_progress_once_per_pack() {
    let dir = tempfile::tempdir().unwrap();
    let city = city(dir.path(), "2025");
    let standard = changai::pipeline::load_standard(None).unwrap();
    let packs: Vec<PathBuf> = [
        "broken",
        "dagang-2025",
        "lingfeng-2025",
        "twin-a",
        "twin-b",
        "xiapu-2025",
    ]
    .iter()
    .map(|p| city.join(p))
    .collect();
    let shown = |p: &Path| p.display().to_string();
    let out = dir.path().join("out");
    let request = changai::audit::Request {
        packs: &packs,
        compiled: &changai::check::Compiled::new(&standard),
        templates: &changai::render::report::templates::Templates::built_in(),
        given: false,
        profile: None,
        out: &out,
        lang: changai::Lang::Zh,
        date: jiff::civil::date(2026, 1, 1),
        previous: None,
        previous_dir: None,
        shown: &shown,
        reviews: None,
        cache: None,
        results: None,
    };
    let seen = std::sync::Mutex::new(Vec::new());
    let progress = |p: changai::audit::Progress| seen.lock().unwrap().push((p.done, p.total));
    let done = changai::audit::run(&request, Vec::new(), &progress).unwrap();
    assert_eq!(done.city.rows.len(), 3);
    assert_eq!(done.city.failures.len(), 3);
    let mut seen = seen.into_inner().unwrap();
    seen.sort();
    assert_eq!(seen, (0..=6).map(|n| (n, 6)).collect::<Vec<_>>());
}

/// `--reviews DIR`: the auditor's file for a community is read instead of the pack's own
/// review.yaml (which is named as not used); a community without a file there counts as not
/// reviewed; a file for no pack of the run is listed.
#[test]
fn audit_takes_the_reviews_the_auditor_keeps() {
    let dir = tempfile::tempdir().unwrap();
    let samples = repo().join("evidence-samples");
    for name in ["lingfeng-2025", "dagang-2025"] {
        copy_tree(&samples.join(name), &dir.path().join("city").join(name));
    }
    let reviews = dir.path().join("reviews");
    std::fs::create_dir_all(&reviews).unwrap();
    std::fs::write(
        reviews.join("大港.yaml"),
        "community: 大港工业社区\nperiod: 2025\n\
         rescores:\n  - {item: A1.1, score: 0.5, by: 李审, date: 2026-01-20}\n",
    )
    .unwrap();
    std::fs::write(
        reviews.join("无名.yaml"),
        "community: 无名社区\nperiod: 2025\n",
    )
    .unwrap();
    let out = audit(
        dir.path(),
        &["city", "--output", "out", "--reviews", "reviews"],
    );
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "警告：未能评估 reviews/无名.yaml：复核文件没有对应的证据包（本次审核中没有这个社区本期的证据包），未采用\n\
         核对记录：0 个文件未改动、沿用上次的哈希，204 个文件重新计算\n\
         评估记录：0 个证据包未改动、沿用上次的结果，2 个证据包重新评估\n\
         已评估 2 个社区，1 个未能评估；已写入 out（10 个文件）\n"
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/汇总.json")).unwrap()).unwrap();
    let rows: Vec<(String, f64, Option<f64>)> = summary["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["community"].as_str().unwrap().to_owned(),
                r["self_total"].as_f64().unwrap(),
                r["review_total"].as_f64(),
            )
        })
        .collect();
    // The signatures in the packs' own review.yaml are not used either (a community could
    // write them): lingfeng 96.87 → 96.37 and dagang 72.63 → 70.08 without them; dagang's review
    // total is the auditor's A1.1 re-score on top.
    assert_eq!(
        rows,
        [
            ("灵峰工业社区".to_owned(), 96.37, None),
            ("大港工业社区".to_owned(), 70.08, Some(68.55)),
        ]
    );
    // The heat map and the item × community sheet show the decisive status, the review's, with
    // the self-assessed one beside it where they differ; elsewhere the self-assessed one alone.
    let a11 = &summary["rows"][1]["items"][0];
    assert_eq!(
        (
            a11["id"].as_str(),
            a11["status"].as_str(),
            a11["reviewed"].as_str()
        ),
        (Some("A1.1"), Some("met"), Some("partial"))
    );
    assert!(summary["rows"][0]["items"][0].get("reviewed").is_none());
    let cells = sheet(&dir.path().join("out/城市汇总.xlsx"), "条目×社区");
    assert_eq!(
        cells[0][..4],
        ["条目", "名称", "灵峰工业社区", "大港工业社区"]
    );
    assert_eq!(cells[1][0], "A1.1");
    assert_eq!(cells[1][2..4], ["已完成", "部分完成（自评：已完成）"]);
    let page = std::fs::read_to_string(dir.path().join("out/城市汇总.html")).unwrap();
    assert_eq!(page.matches(">*</td>").count(), 1);
    assert!(
        page.contains("<td class=\"partial\" title=\"复评：部分完成；自评：已完成\">*</td>"),
        "{page}"
    );
    // The pack's own review.yaml is named as not used in the community's results.
    let results: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("out/大港工业社区-2025/RESULTS.json")).unwrap(),
    )
    .unwrap();
    let codes: Vec<&str> = results["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["code"].as_str())
        .filter(|c| *c == "review-not-used")
        .collect();
    assert_eq!(codes, ["review-not-used"]);
}

/// The hash cache in OUT: a second audit of an unchanged city reads no file again and writes the
/// same bytes; a file rewritten with its old size and modification time put back is read again
/// (its status-change time moved); `--no-cache` hashes everything and keeps no record.
#[test]
fn audit_remembers_hashes_between_runs() {
    let dir = tempfile::tempdir().unwrap();
    let samples = repo().join("evidence-samples");
    let pack = dir.path().join("city/dagang-2025");
    copy_tree(&samples.join("dagang-2025"), &pack);
    let tail = |out: &Output| {
        out.stderr
            .lines()
            .rev()
            .nth(2)
            .unwrap_or_default()
            .to_owned()
    };
    let first = audit(dir.path(), &["city", "--output", "out"]);
    assert_eq!(first.code, Exit::Ok, "{}", first.stderr);
    assert_eq!(
        tail(&first),
        "核对记录：0 个文件未改动、沿用上次的哈希，79 个文件重新计算"
    );
    let manifest = std::fs::read(dir.path().join("out/MANIFEST.sha256")).unwrap();
    let second = audit(dir.path(), &["city", "--output", "out"]);
    assert_eq!(
        tail(&second),
        "核对记录：79 个文件未改动、沿用上次的哈希，0 个文件重新计算"
    );
    assert_eq!(
        std::fs::read(dir.path().join("out/MANIFEST.sha256")).unwrap(),
        manifest
    );

    // One minute of minutes changed in place, same size, its mtime put back.
    let file = walkdir::WalkDir::new(&pack)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .expect("a csv register in the pack");
    let meta = std::fs::metadata(&file).unwrap();
    let mut bytes = std::fs::read(&file).unwrap();
    let last = bytes.len() - 1;
    bytes[last] = if bytes[last] == b' ' { b'\n' } else { b' ' };
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&file, &bytes).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(meta.modified().unwrap())
        .unwrap();
    assert_eq!(std::fs::metadata(&file).unwrap().len(), meta.len());
    let third = audit(dir.path(), &["city", "--output", "out"]);
    assert_eq!(
        tail(&third),
        "核对记录：78 个文件未改动、沿用上次的哈希，1 个文件重新计算"
    );
    assert_ne!(
        std::fs::read(dir.path().join("out/MANIFEST.sha256")).unwrap(),
        manifest
    );

    let fresh = audit(dir.path(), &["city", "--output", "again", "--no-cache"]);
    assert_eq!(fresh.code, Exit::Ok, "{}", fresh.stderr);
    assert!(!fresh.stderr.contains("核对记录"), "{}", fresh.stderr);
    assert!(!dir.path().join("again/.changai-hash-cache.json").exists());
    // The same evidence, hashed from scratch, gives the same files as the cached run.
    assert_eq!(
        std::fs::read(dir.path().join("again/MANIFEST.sha256")).unwrap(),
        std::fs::read(dir.path().join("out/MANIFEST.sha256")).unwrap()
    );
}

/// A community audited last time into the same OUT and absent now: the files the audit wrote
/// for it are removed, with its folder once empty; what no audit wrote stays.
#[test]
fn audit_into_the_same_out_drops_communities_no_longer_audited() {
    let dir = tempfile::tempdir().unwrap();
    let samples = repo().join("evidence-samples");
    for name in ["lingfeng-2025", "dagang-2025"] {
        copy_tree(&samples.join(name), &dir.path().join("city").join(name));
    }
    assert_eq!(
        audit(dir.path(), &["city", "--output", "out"]).code,
        Exit::Ok
    );
    let o = dir.path().join("out");
    std::fs::write(o.join("备注.txt"), "审核员的笔记").unwrap();
    std::fs::remove_dir_all(dir.path().join("city/dagang-2025")).unwrap();
    assert_eq!(
        audit(dir.path(), &["city", "--output", "out"]).code,
        Exit::Ok
    );
    assert!(!o.join("大港工业社区-2025").exists());
    assert!(o.join("灵峰工业社区-2025/RESULTS.json").is_file());
    assert_eq!(
        std::fs::read_to_string(o.join("备注.txt")).unwrap(),
        "审核员的笔记"
    );
    let manifest = std::fs::read_to_string(o.join("MANIFEST.sha256")).unwrap();
    assert!(!manifest.contains("大港"), "{manifest}");
}

/// The result cache does not depend on the folder the audit is run from: the packs' files name
/// no path, so run from another folder the same city reuses them, and only the city files show
/// the packs as seen from there.
#[test]
fn audit_from_another_folder_reuses_the_results() {
    let dir = tempfile::tempdir().unwrap();
    let samples = repo().join("evidence-samples");
    for name in ["lingfeng-2025", "dagang-2025"] {
        copy_tree(&samples.join(name), &dir.path().join("city").join(name));
    }
    let first = audit(dir.path(), &["city", "--output", "out"]);
    assert_eq!(first.code, Exit::Ok, "{}", first.stderr);
    let o = dir.path().join("out");
    let results = std::fs::read(o.join("灵峰工业社区-2025/RESULTS.json")).unwrap();
    let again = audit(&dir.path().join("city"), &[".", "--output", "../out"]);
    assert_eq!(again.code, Exit::Ok, "{}", again.stderr);
    assert!(
        again
            .stderr
            .contains("评估记录：2 个证据包未改动、沿用上次的结果，0 个证据包重新评估\n"),
        "{}",
        again.stderr
    );
    assert_eq!(
        std::fs::read(o.join("灵峰工业社区-2025/RESULTS.json")).unwrap(),
        results
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(o.join("汇总.json")).unwrap()).unwrap();
    let sources: Vec<&str> = summary["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["lingfeng-2025", "dagang-2025"]);
}

/// The result cache beside the hash cache: an unchanged city is not evaluated again and OUT's
/// files are left as they are; a pack with one file changed, a pack whose review file the
/// auditor changed, and a pack whose files in OUT were edited or deleted are evaluated again,
/// and only they; a cache that cannot be used is a warning and a full evaluation.
#[test]
fn audit_reuses_what_an_earlier_audit_made_of_an_unchanged_pack() {
    let dir = tempfile::tempdir().unwrap();
    let samples = repo().join("evidence-samples");
    for name in ["lingfeng-2025", "dagang-2025"] {
        copy_tree(&samples.join(name), &dir.path().join("city").join(name));
    }
    let reviews = dir.path().join("reviews");
    std::fs::create_dir_all(&reviews).unwrap();
    let review = |score: &str| {
        std::fs::write(
            reviews.join("大港.yaml"),
            format!(
                "community: 大港工业社区\nperiod: 2025\n\
                 rescores:\n  - {{item: A1.1, score: {score}, by: 李审, date: 2026-01-20}}\n"
            ),
        )
        .unwrap();
    };
    review("0.5");
    let args = ["city", "--output", "out", "--reviews", "reviews"];
    let line = |out: &Output| {
        assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
        out.stderr
            .lines()
            .find(|l| l.starts_with("评估记录"))
            .unwrap_or_default()
            .to_owned()
    };
    let o = dir.path().join("out");
    let lingfeng = o.join("灵峰工业社区-2025");
    let dagang = o.join("大港工业社区-2025");
    let stamp = |p: &Path| {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(p).unwrap();
        (m.ino(), m.mtime(), m.mtime_nsec())
    };
    let manifest = || std::fs::read(o.join("MANIFEST.sha256")).unwrap();

    assert_eq!(
        line(&audit(dir.path(), &args)),
        "评估记录：0 个证据包未改动、沿用上次的结果，2 个证据包重新评估"
    );
    let first = manifest();
    let report = std::fs::read(dagang.join("报告.html")).unwrap();
    let before = (
        stamp(&lingfeng.join("RESULTS.json")),
        stamp(&dagang.join("RESULTS.json")),
    );

    // Unchanged: nothing evaluated, nothing of OUT's community files rewritten.
    assert_eq!(
        line(&audit(dir.path(), &args)),
        "评估记录：2 个证据包未改动、沿用上次的结果，0 个证据包重新评估"
    );
    assert_eq!(manifest(), first);
    assert_eq!(
        (
            stamp(&lingfeng.join("RESULTS.json")),
            stamp(&dagang.join("RESULTS.json"))
        ),
        before
    );

    // The auditor's review of dagang changed: dagang only, with the new review total.
    review("0");
    assert_eq!(
        line(&audit(dir.path(), &args)),
        "评估记录：1 个证据包未改动、沿用上次的结果，1 个证据包重新评估"
    );
    assert_eq!(stamp(&lingfeng.join("RESULTS.json")), before.0);
    assert_ne!(stamp(&dagang.join("RESULTS.json")), before.1);
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(o.join("汇总.json")).unwrap()).unwrap();
    assert_eq!(summary["rows"][1]["review_total"].as_f64(), Some(68.04));
    review("0.5");
    assert_eq!(
        line(&audit(dir.path(), &args)),
        "评估记录：1 个证据包未改动、沿用上次的结果，1 个证据包重新评估"
    );
    assert_eq!(manifest(), first);

    // One evidence file of lingfeng changed: lingfeng only.
    let file = walkdir::WalkDir::new(dir.path().join("city/lingfeng-2025"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .find(|p| p.extension().is_some_and(|e| e == "jpg"))
        .expect("a photo in the pack");
    let mut text = std::fs::read(&file).unwrap();
    text.push(0);
    std::fs::write(&file, &text).unwrap();
    assert_eq!(
        line(&audit(dir.path(), &args)),
        "评估记录：1 个证据包未改动、沿用上次的结果，1 个证据包重新评估"
    );
    assert_ne!(stamp(&lingfeng.join("RESULTS.json")), before.0);
    let changed = manifest();
    assert_ne!(changed, first);

    // dagang's report edited in OUT (same size), then deleted: evaluated again each time and
    // written back with the very bytes of before.
    let mut edited = report.clone();
    let at = edited.len() / 2;
    edited[at] = edited[at].wrapping_add(1);
    std::fs::write(dagang.join("报告.html"), &edited).unwrap();
    assert_eq!(
        line(&audit(dir.path(), &args)),
        "评估记录：1 个证据包未改动、沿用上次的结果，1 个证据包重新评估"
    );
    assert_eq!(std::fs::read(dagang.join("报告.html")).unwrap(), report);
    std::fs::remove_file(dagang.join("评分表.xlsx")).unwrap();
    assert_eq!(
        line(&audit(dir.path(), &args)),
        "评估记录：1 个证据包未改动、沿用上次的结果，1 个证据包重新评估"
    );
    assert!(dagang.join("评分表.xlsx").is_file());
    assert_eq!(manifest(), changed);

    // Another language is another key: both evaluated again.
    let mut en = args.to_vec();
    en.push("--lang=en");
    let out = audit(dir.path(), &en);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "result cache: 0 packs unchanged and not evaluated again, 2 packs evaluated\n"
        ),
        "{}",
        out.stderr
    );

    // A cache that cannot be used: a warning, and everything evaluated again.
    std::fs::write(o.join(".changai-result-cache.json"), "{\"format\":").unwrap();
    let out = audit(dir.path(), &args);
    let warning = out.stderr.lines().next().unwrap_or_default();
    assert!(
        warning.starts_with("警告：")
            && warning.contains(".changai-result-cache.json：评估记录无法使用（")
            && warning.ends_with("），所有证据包将重新评估"),
        "{}",
        out.stderr
    );
    assert_eq!(
        line(&out),
        "评估记录：0 个证据包未改动、沿用上次的结果，2 个证据包重新评估"
    );
    assert_eq!(manifest(), changed);

    // --no-cache: neither cache is read or written.
    let out = audit(dir.path(), &["city", "--output", "bare", "--no-cache"]);
    assert_eq!(out.code, Exit::Ok, "{}", out.stderr);
    assert!(!out.stderr.contains("评估记录"), "{}", out.stderr);
    assert!(!dir.path().join("bare/.changai-result-cache.json").exists());
}
