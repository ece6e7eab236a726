//! Helpers shared by the test files.

/// Results edited by a test to stage a case (another community, last year's total, a field an
/// older version did not write) get their seal recomputed, as an evaluation would have written
/// it: without it every reader refuses them as changed after scoring, which is a case of its own
/// (tests/hostile_verify.rs, `results_edited_by_hand_are_refused_everywhere`).
pub fn resealed(mut v: serde_json::Value) -> serde_json::Value {
    let seal = changai::evidence::seal::results_digest(&v);
    v[changai::evidence::seal::SEAL_FIELD] = seal.into();
    v
}
