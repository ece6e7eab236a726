//! Tests: check_kinds.
