//! Tests: evaluate.
