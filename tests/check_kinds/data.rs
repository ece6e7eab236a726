//! Tests: data.
