//! Tests: pack.
