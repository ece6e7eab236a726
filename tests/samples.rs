//! Tests: samples.
