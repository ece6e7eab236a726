//! A temporary evidence pack and a one-item standard around a check written in YAML.

use std::path::{Path, PathBuf};

use changai::check::Evaluation;
use changai::evidence::Pack;
use changai::outcome::{ItemOutcome, Status};
use changai::standard::load::load_sources;
use changai::standard::Standard;

pub const PACK_2025: &str =
    "community: 灵峰工业社区\nperiod: 2025\nstandard: {id: t, version: \"1\"}\npreparer: 王五\n";

pub struct TestPack {
    pub dir: tempfile::TempDir,
}

impl TestPack {
    /// A pack for 2025 with the default pack.yaml.
    pub fn new() -> Self {
        Self::with_pack_yaml(PACK_2025)
    }

    pub fn with_pack_yaml(pack_yaml: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("pack.yaml"), pack_yaml).unwrap();
        TestPack { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file (creating folders).
    pub fn file(self, rel: &str, bytes: impl AsRef<[u8]>) -> Self {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
        self
    }

    /// Writes a small file that is what its extension claims — a PDF with its end marker, a
    /// JPEG or PNG signature, a Word document — with content unique to its path: evidence that
    /// counts when a test is about its name, folder or date, not about its bytes.
    pub fn evidence(self, rel: &str) -> Self {
        let bytes = real_bytes(rel);
        self.file(rel, bytes)
    }

    pub fn open(&self) -> Pack {
        Pack::open(self.root()).unwrap()
    }

    /// Evaluates a one-leaf standard whose only check is `check` (YAML).
    pub fn eval(&self, check: &str) -> Evaluation {
        self.eval_item("", check)
    }

    /// As [`eval`], with extra item keys (e.g. `partial_credit: false`).
    pub fn eval_item(&self, item_keys: &str, check: &str) -> Evaluation {
        let standard = standard(item_keys, &[check]);
        evaluate(&standard, &self.open())
    }
}

/// The bytes [`TestPack::evidence`] writes for `rel`.
pub fn real_bytes(rel: &str) -> Vec<u8> {
    let ext = rel.rsplit('.').next().unwrap_or_default().to_lowercase();
    match ext.as_str() {
        "pdf" => format!("%PDF-1.4\n% {rel}\n%%EOF\n").into_bytes(),
        "jpg" | "jpeg" => [&[0xFF, 0xD8, 0xFF, 0xE0][..], rel.as_bytes()].concat(),
        "png" => [&b"\x89PNG\r\n\x1a\n"[..], rel.as_bytes()].concat(),
        "docx" => {
            use std::io::Write;
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let options = zip::write::SimpleFileOptions::default();
            zip.start_file("word/document.xml", options).unwrap();
            write!(
                zip,
                "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>{rel}</w:t></w:r></w:p></w:body></w:document>"
            )
            .unwrap();
            zip.finish().unwrap().into_inner()
        }
        _ => rel.as_bytes().to_vec(),
    }
}

/// Resolves the declarations of `pack`, then checks it: what the pipeline does before scoring.
/// The problems are the checks' own; the declarations' are [`changai::declare::resolve`]'s.
pub fn evaluate(standard: &Standard, pack: &Pack) -> Evaluation {
    let declarations = changai::declare::resolve(standard, pack);
    let compiled = changai::check::Compiled::new(standard);
    changai::check::evaluate(&compiled, pack, &declarations)
}

/// A standard with one leaf `A1.1` (2 points, core) under `A` / `A1`.
pub fn standard(item_keys: &str, checks: &[&str]) -> Standard {
    let yaml = standard_yaml(item_keys, checks);
    let loaded = load_sources(("s.yaml".into(), yaml.clone()), vec![]);
    match loaded.standard {
        Some(s) => s,
        None => panic!("standard does not load: {:?}\n{yaml}", loaded.diagnostics),
    }
}

/// The YAML text of [`standard`].
pub fn standard_yaml(item_keys: &str, checks: &[&str]) -> String {
    let mut yaml = String::from(
        r#"id: t
version: "1"
title: {zh: 测试标准, en: test}
issuer: {zh: 区总工会, en: district union}
levels: [{zh: 一级}, {zh: 二级}, {zh: 三级}]
scoring:
  total: 2
  grades: [{id: ok, title: {zh: 合格}, min: 0}]
  core: [A1.1]
items:
  - id: A
    title: {zh: 组织}
    items:
      - id: A1
        title: {zh: 机构}
        items:
          - id: A1.1
            title: {zh: 领导小组, en: leading group}
            points: 2
"#,
    );
    for line in item_keys.lines().filter(|l| !l.trim().is_empty()) {
        yaml.push_str(&format!("            {}\n", line.trim()));
    }
    yaml.push_str("            checks:\n");
    for check in checks {
        let check = unindent(check);
        for (i, line) in check.lines().enumerate() {
            if i == 0 {
                yaml.push_str(&format!("              - {line}\n"));
            } else {
                yaml.push_str(&format!("                {line}\n"));
            }
        }
    }
    yaml
}

fn unindent(text: &str) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let indent = lines
        .iter()
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| &l[indent..])
        .collect::<Vec<_>>()
        .join("\n")
}

/// The only item of an evaluation.
pub fn item(ev: &Evaluation) -> &ItemOutcome {
    assert_eq!(ev.items.len(), 1, "{:#?}", ev.items);
    &ev.items[0]
}

/// Chinese reasons of the only item.
pub fn zh(ev: &Evaluation) -> Vec<String> {
    item(ev).reasons.iter().map(|r| r.zh.clone()).collect()
}

/// English reasons of the only item.
pub fn en(ev: &Evaluation) -> Vec<String> {
    item(ev).reasons.iter().map(|r| r.en.clone()).collect()
}

/// Status and credit of the only item.
pub fn decided(ev: &Evaluation) -> (Status, f64) {
    let i = item(ev);
    (i.status, i.credit)
}

/// Paths of the only item's evidence.
pub fn evidence(ev: &Evaluation) -> Vec<String> {
    item(ev).evidence.iter().map(|e| e.path.clone()).collect()
}

/// A minimal docx: [Content_Types].xml and word/document.xml, one paragraph per line.
pub fn docx(paragraphs: &[&str]) -> Vec<u8> {
    use std::io::Write;
    let mut body = String::new();
    for p in paragraphs {
        body.push_str(&format!(
            "<w:p><w:r><w:t xml:space=\"preserve\">{p}</w:t></w:r></w:p>"
        ));
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("[Content_Types].xml", options).unwrap();
        zip.write_all(b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>").unwrap();
        zip.start_file("word/document.xml", options).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    buf.into_inner()
}
