//! Tests: attest_combinators.
