//! `--format json`: a small versioned document with every row and every failure.

use serde::Serialize;

use crate::rank::{Failure, Ranking, Row, RANKING_VERSION};

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    kind: &'static str,
    rows: &'a [Row],
    failures: &'a [Failure],
}

pub fn render(ranking: &Ranking) -> String {
    crate::render::json::pretty(&Document {
        schema_version: RANKING_VERSION,
        kind: "ranking",
        rows: &ranking.rows,
        failures: &ranking.failures,
    })
}
