//! The seal of an evaluation: digests that cover everything that decides a score.
//!
//! A score depends on three things: the evidence files, the pack's declarations (`pack.yaml`,
//! `review.yaml`) and the standard. Results record a digest of each, the manifest of every file
//! (so that `verify` can name what was added, removed or changed), and a digest of the results'
//! own content, so that a RESULTS.json edited by hand is caught too.
//!
//! Every digest is taken over an unambiguous encoding. The pack digest hashes length-prefixed
//! fields (the old `path\tsha\n` lines let a file whose name holds a tab and a newline stand in
//! for two files); the standard and the results are hashed as canonical JSON (object keys sorted,
//! no whitespace), so the digest does not depend on key order, formatting or how the file was
//! written. An absent `review.yaml` and an empty one give different digests.
//!
//! A seal is a checksum, not a signature: anyone who edits RESULTS.json can recompute it. That is
//! why `changai verify` does not trust the recorded score but evaluates the pack again and compares.

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::pack::{hex, Pack, ScannedFile};
use crate::outcome::{Declarations, ManifestEntry};

/// Names the encoding, so that a digest of another layout can never be mistaken for this one.
const PACK_DIGEST_TAG: &[u8] = b"changai pack digest 2";

/// SHA-256 of a text, hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Writes one field: its length (8 bytes, big-endian), then its bytes.
fn field(hasher: &mut Sha256, bytes: &[u8]) {
    hasher.update((bytes.len() as u64).to_be_bytes());
    hasher.update(bytes);
}

/// The pack digest: every scanned file (path, size, sha256, in the scan's order) and the exact
/// texts of `pack.yaml` and `review.yaml` that were parsed (`None`: no `review.yaml`).
pub fn pack_digest(files: &[ScannedFile], pack_text: &str, review_text: Option<&str>) -> String {
    let review = review_text.map(|t| sha256_hex(t.as_bytes()));
    encode(
        &sha256_hex(pack_text.as_bytes()),
        review.as_deref(),
        files
            .iter()
            .map(|f| (f.path.as_str(), f.size, f.sha256.as_str())),
    )
}

/// The length-prefixed encoding behind the pack digest, from the hashes of the declarations and
/// the (path, size, sha256) of every file.
fn encode<'a>(
    pack_sha: &str,
    review_sha: Option<&str>,
    files: impl ExactSizeIterator<Item = (&'a str, u64, &'a str)>,
) -> String {
    let mut hasher = Sha256::new();
    field(&mut hasher, PACK_DIGEST_TAG);
    field(&mut hasher, pack_sha.as_bytes());
    match review_sha {
        Some(sha) => {
            field(&mut hasher, b"review");
            field(&mut hasher, sha.as_bytes());
        }
        None => field(&mut hasher, b"no review"),
    }
    hasher.update((files.len() as u64).to_be_bytes());
    for (path, size, sha) in files {
        field(&mut hasher, path.as_bytes());
        hasher.update(size.to_be_bytes());
        field(&mut hasher, sha.as_bytes());
    }
    hex(&hasher.finalize())
}

/// The hashes of the declaration files of an opened pack (`review_yaml` absent when the pack
/// has no `review.yaml`, which is not the same as an empty one).
pub fn declarations(pack: &Pack) -> Declarations {
    Declarations {
        pack_yaml: sha256_hex(pack.pack_text.as_bytes()),
        review_yaml: pack
            .review_text
            .as_deref()
            .map(|t| sha256_hex(t.as_bytes())),
    }
}

/// What the results record of a pack: its description, period, digest, manifest and the hashes
/// of its declaration files.
pub fn pack_info(pack: &Pack) -> crate::outcome::PackInfo {
    crate::outcome::PackInfo {
        community: pack.file.community.clone(),
        period: pack.period.clone(),
        preparer: pack.file.preparer.clone(),
        prepared_for: format!("{} {}", pack.file.standard.id, pack.file.standard.version),
        digest: pack.digest.clone(),
        files: pack.files.len(),
        manifest: manifest(pack),
        declarations: Some(declarations(pack)),
    }
}

/// Every scanned file of the pack: path, size and sha256.
pub fn manifest(pack: &Pack) -> Vec<ManifestEntry> {
    pack.files
        .iter()
        .map(|f| ManifestEntry {
            path: f.path.clone(),
            size: f.size,
            sha256: f.sha256.clone(),
        })
        .collect()
}

/// The pack digest recomputed from what results recorded (their manifest and declaration hashes).
pub fn recorded_pack_digest(manifest: &[ManifestEntry], declarations: &Declarations) -> String {
    encode(
        &declarations.pack_yaml,
        declarations.review_yaml.as_deref(),
        manifest
            .iter()
            .map(|f| (f.path.as_str(), f.size, f.sha256.as_str())),
    )
}

/// Canonical JSON: object keys sorted (by their UTF-8 bytes), no whitespace, strings and numbers
/// as serde_json writes them. The same value always gives the same text.
pub fn canonical_json(value: &Value) -> String {
    let mut out = Vec::new();
    write_canonical(value, &mut out, None);
    String::from_utf8(out).unwrap_or_default()
}

/// A SHA-256 fed as bytes are written: canonical JSON is hashed as it is made, never held.
struct Hashing(Sha256);

impl std::io::Write for Hashing {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The SHA-256 of the canonical JSON of `value`, leaving out the top-level field `skip`.
fn canonical_digest(value: &Value, skip: Option<&str>) -> String {
    let mut hashing = Hashing(Sha256::new());
    write_canonical(value, &mut hashing, skip);
    hex(&hashing.0.finalize())
}

/// Writes `value` as canonical JSON; `skip` names a top-level field left out. Writing into
/// memory or a hasher cannot fail, so what the writer says is not looked at.
fn write_canonical<W: std::io::Write>(value: &Value, out: &mut W, skip: Option<&str>) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map
                .iter()
                .filter(|(k, _)| Some(k.as_str()) != skip)
                .collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            let _ = out.write_all(b"{");
            for (n, (key, v)) in entries.into_iter().enumerate() {
                if n > 0 {
                    let _ = out.write_all(b",");
                }
                let _ = serde_json::to_writer(&mut *out, key);
                let _ = out.write_all(b":");
                write_canonical(v, out, None);
            }
            let _ = out.write_all(b"}");
        }
        Value::Array(items) => {
            let _ = out.write_all(b"[");
            for (n, v) in items.iter().enumerate() {
                if n > 0 {
                    let _ = out.write_all(b",");
                }
                write_canonical(v, out, None);
            }
            let _ = out.write_all(b"]");
        }
        scalar => {
            let _ = serde_json::to_writer(&mut *out, scalar);
        }
    }
}

/// SHA-256 of the canonical JSON of any serializable value (a loaded standard, for one).
pub fn value_digest<T: Serialize>(value: &T) -> String {
    let value = serde_json::to_value(value).unwrap_or_default();
    canonical_digest(&value, None)
}

/// Name of the field of RESULTS.json that holds the results' own digest.
pub const SEAL_FIELD: &str = "seal";

/// The digest of results as JSON: canonical JSON of everything but the `seal` field.
pub fn results_digest(results: &Value) -> String {
    canonical_digest(results, Some(SEAL_FIELD))
}

/// Seals results: records the digest of their content (taken last, over everything else).
pub fn seal(results: &mut crate::outcome::Results) {
    results.seal = None;
    let value = serde_json::to_value(&*results).unwrap_or_default();
    results.seal = Some(results_digest(&value));
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn file(path: &str, sha: &str) -> ScannedFile {
        ScannedFile {
            path: path.to_owned(),
            size: 1,
            sha256: sha.to_owned(),
            unreadable: None,
        }
    }

    /// Two files cannot be made to look like one, whatever their names hold.
    #[test]
    fn names_with_separators_do_not_collide() {
        let two = [file("a", "11"), file("b", "22")];
        let one = [file("a\t11\nb", "22")];
        assert_ne!(pack_digest(&two, "", None), pack_digest(&one, "", None));
    }

    #[test]
    fn absent_review_differs_from_empty_review() {
        assert_ne!(pack_digest(&[], "x", None), pack_digest(&[], "x", Some("")));
    }

    #[test]
    fn canonical_json_sorts_keys_and_drops_whitespace() {
        let v: Value =
            serde_json::from_str(r#"{ "b": [1, 2.5, "x"], "a": {"d": null, "c": true} }"#).unwrap();
        assert_eq!(
            canonical_json(&v),
            r#"{"a":{"c":true,"d":null},"b":[1,2.5,"x"]}"#
        );
    }
}
