//! What the page shows, as JSON, and how it hears of a new evaluation.
//!
//! The view is cut from the report's own context ([`crate::render::report::context`]), built once
//! per language, so the page says exactly what the report says: areas by level with each leaf's
//! status, score, shortfall and findings, the score that decides, and the 整改清单. Beside it, per
//! leaf, what the report keeps for its appendix or leaves to `init`'s instructions: the checks in
//! plain words, the standard's guidance, the files that prove it and the folder a drop lands in.
//!
//! New evaluations reach the page as server-sent events on one held-open `/api/events` stream
//! (the watch channel of evaluations as a stream, keep-alive comments between); should it
//! break, the browser's `EventSource` reconnects at once (`retry: 100`) and says which
//! evaluation it has (`Last-Event-ID`), so no evaluation is missed.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::guard::refusal;
use super::state::App;
use crate::cannot_run::CannotRun;
use crate::outcome::{CheckOutcome, Results};
use crate::render::report::context::{
    AreaCtx, DecisiveCtx, RectificationCtx, ReportInput, StatusCount,
};
use crate::render::report::{self, Format, Plan, Templates};
use crate::standard::model::{Item, Text};
use crate::standard::Standard;
use crate::Lang;

#[derive(Debug, Serialize)]
struct View<'a> {
    version: u64,
    /// How long the evaluation took, in milliseconds.
    took_ms: u128,
    pack: &'a str,
    upload_limit: u64,
    /// Why the pack cannot be evaluated right now, in both languages.
    error: Option<Text>,
    zh: Option<LangView>,
    en: Option<LangView>,
}

#[derive(Debug, Serialize)]
struct LangView {
    title: String,
    community: String,
    period: String,
    standard: String,
    score: DecisiveCtx,
    max_text: String,
    status_counts: Vec<StatusCount>,
    areas: Vec<AreaCtx>,
    rectification: Vec<RectificationCtx>,
    items: BTreeMap<String, ItemExtra>,
}

#[derive(Debug, Serialize)]
struct ItemExtra {
    guidance: String,
    checks: Vec<CheckView>,
    /// Files that satisfied the checks, relative to the pack.
    files: Vec<String>,
    /// Where a drop lands, relative to the pack; absent when the id cannot name a folder.
    folder: Option<String>,
}

#[derive(Debug, Serialize)]
struct CheckView {
    requires: String,
    /// 0..1
    credit: f64,
    depth: usize,
}

fn find<'s>(items: &'s [Item], id: &str) -> Option<&'s Item> {
    items.iter().find_map(|i| {
        if i.id == id {
            Some(i)
        } else {
            find(&i.items, id)
        }
    })
}

fn checks(list: &[CheckOutcome], depth: usize, lang: Lang, out: &mut Vec<CheckView>) {
    for c in list {
        out.push(CheckView {
            requires: c.requires.get(lang).to_owned(),
            credit: c.credit,
            depth,
        });
        checks(&c.children, depth + 1, lang, out);
    }
}

fn lang_view(
    results: &Results,
    standard: &Standard,
    folders: &BTreeMap<String, String>,
    lang: Lang,
) -> LangView {
    let plan = results.recorded_plan().map(|p| Plan {
        tasks: p.tasks.clone(),
    });
    let context = report::context::build(&ReportInput {
        results,
        previous: None,
        plan: plan.as_ref(),
        lang,
        date: jiff::civil::date(2000, 1, 1),
        scoring: Some(&standard.scoring),
    });
    let items = results
        .items
        .iter()
        .map(|item| {
            let guidance = find(&standard.items, &item.id)
                .map(|i| match lang {
                    Lang::Zh => i.guidance.clone().or_else(|| i.guidance_en.clone()),
                    Lang::En => i.guidance_en.clone().or_else(|| i.guidance.clone()),
                })
                .unwrap_or_default()
                .unwrap_or_default();
            let mut list = Vec::new();
            checks(&item.checks, 0, lang, &mut list);
            let extra = ItemExtra {
                guidance,
                checks: list,
                files: item.evidence.iter().map(|e| e.path.clone()).collect(),
                folder: folders.get(&item.id).cloned(),
            };
            (item.id.clone(), extra)
        })
        .collect();
    LangView {
        title: context.title,
        community: context.cover.community,
        period: context.cover.period,
        standard: context.cover.standard_title,
        score: context.score.decisive,
        max_text: context.score.max_text,
        status_counts: context.score.status_counts,
        areas: context.areas,
        rectification: context.rectification,
        items,
    }
}

/// The page's view of one evaluation, as JSON.
pub fn build(
    version: u64,
    took: std::time::Duration,
    pack: &str,
    standard: &Standard,
    outcome: &Result<&Results, &CannotRun>,
    folders: &BTreeMap<String, String>,
    upload_limit: u64,
) -> String {
    let view = match outcome {
        Ok(results) => View {
            version,
            took_ms: took.as_millis(),
            pack,
            upload_limit,
            error: None,
            zh: Some(lang_view(results, standard, folders, Lang::Zh)),
            en: Some(lang_view(results, standard, folders, Lang::En)),
        },
        Err(why) => View {
            version,
            took_ms: took.as_millis(),
            pack,
            upload_limit,
            error: Some(Text {
                zh: why.render(Lang::Zh),
                en: why.render(Lang::En),
            }),
            zh: None,
            en: None,
        },
    };
    serde_json::to_string(&view).unwrap_or_else(|_| "{}".to_owned())
}

fn json(body: String) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

/// The latest view.
pub async fn state(State(app): State<Arc<App>>) -> Response {
    json(app.current().view.clone())
}

#[derive(Debug, Deserialize)]
pub struct EventsQuery {
    #[serde(default)]
    after: u64,
}

/// How often a held-open event stream sends a comment line, so that idle connections are not
/// closed by the browser or anything between.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The page's live status: one held-open stream of server-sent events, one `state` event with
/// the newest view for every evaluation newer than the page's (`after`, or `Last-Event-ID` when
/// the browser reconnects), a keep-alive comment while nothing happens.
pub async fn events(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    query: Result<Query<EventsQuery>, QueryRejection>,
) -> Response {
    use axum::response::sse::{Event, KeepAlive, Sse};
    use tokio_stream::StreamExt;
    let after = query.map_or(0, |q| q.after);
    let known = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(0)
        .max(after);
    let stream = tokio_stream::wrappers::WatchStream::new(app.snapshot.clone())
        .filter(move |snapshot| snapshot.version > known)
        .map(|snapshot| {
            Ok::<_, std::convert::Infallible>(
                Event::default()
                    .retry(Duration::from_millis(100))
                    .id(snapshot.version.to_string())
                    .event("state")
                    .data(snapshot.view.as_str()),
            )
        });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response()
}

#[derive(Debug, Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    lang: Option<Lang>,
}

/// The report (`html`) or the score sheet (`xlsx`) of the latest evaluation, the same bytes as
/// `changai report PACK --format …` writes.
pub async fn report(
    State(app): State<Arc<App>>,
    UrlPath(format): UrlPath<String>,
    query: Result<Query<ReportQuery>, QueryRejection>,
) -> Response {
    let lang = query.ok().and_then(|q| q.lang).unwrap_or(Lang::Zh);
    let (format, kind, name) = match format.as_str() {
        "html" => (
            Format::Html,
            "text/html; charset=utf-8",
            "对账复盘报告.html",
        ),
        "xlsx" => (
            Format::Xlsx,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "评分表.xlsx",
        ),
        _ => {
            return refusal(
                StatusCode::NOT_FOUND,
                "报告只有 html 和 xlsx 两种。",
                "the report comes as html or xlsx only",
            )
        }
    };
    let rendered = tokio::task::spawn_blocking(move || render(&app, format, lang)).await;
    let bytes = match rendered {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(why)) => {
            return refusal(
                StatusCode::CONFLICT,
                &why.render(Lang::Zh),
                &why.render(Lang::En),
            )
        }
        Err(_) => {
            return refusal(
                StatusCode::INTERNAL_SERVER_ERROR,
                "生成报告时出错。",
                "building the report failed",
            )
        }
    };
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(v) = HeaderValue::from_str(&super::files::disposition(false, name)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

fn render(app: &App, format: Format, lang: Lang) -> Result<Vec<u8>, CannotRun> {
    let snapshot = app.current();
    let results = match &snapshot.outcome {
        Ok(results) => results,
        Err(why) => return Err(why.clone()),
    };
    // As `report PACK` does: a task list that cannot be read stops the report.
    if let Some(warning) = results
        .problems
        .iter()
        .find(|p| p.code == "plan-unreadable")
    {
        return Err(warning.clone().into());
    }
    let date = report::context::report_date(app.source_date_epoch.as_deref())?;
    let plan = results.recorded_plan().map(|p| Plan {
        tasks: p.tasks.clone(),
    });
    report::render(
        format,
        &ReportInput {
            results,
            previous: None,
            plan: plan.as_ref(),
            lang,
            date,
            scoring: Some(&app.standard.scoring),
        },
        &Templates::built_in(),
    )
}
