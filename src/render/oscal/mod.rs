//! `changai export oscal`: a RESULTS.json as an OSCAL 1.1 assessment-results document, so that a
//! GRC tool that reads OSCAL can take a community's (or a firm's, a system's) assessment as it was
//! scored, without learning changai's own contract.
//!
//! The mapping, and why (docs/export-oscal.md says the same to users):
//! - One `result` per RESULTS.json; every leaf item is a reviewed control, has one finding, and has
//!   one observation when evidence was counted for it (method `EXAMINE`: changai reads files).
//! - A finding's target is the item as an assessment objective (`objective-id`): changai has no
//!   separate statement and objective parts. Met is `satisfied` (`pass`); partial, unmet and error
//!   are `not-satisfied` (`fail`, `fail`, `other`) with the credit, score and points as props;
//!   not applicable has no objective status and the implementation status `not-applicable`
//!   (OSCAL's objective status knows only satisfied or not); waived has neither (its `status` prop
//!   says so). Every finding also carries changai's own status as a prop.
//! - There is no assessment plan: the standard is the plan. `import-ap` points at a back-matter
//!   resource that names the standard, its version and digest.
//! - Reviewers who re-scored items (review.yaml) are parties with the role `assessor`; a re-scored
//!   finding names its reviewer as origin and carries the re-score as props.
//! - Deterministic: UUIDs are version 5, named from the results' seal (else their digests) and the
//!   item id; times come from the results' dates, or from `SOURCE_DATE_EPOCH`. Same input, same
//!   bytes.
//! - Ids become OSCAL tokens (XML NCName): a character a token cannot hold is `_`, an id that cannot
//!   start a token gets a leading `_`, and a token met twice gets `-2`, `-3`, … The item's own id
//!   is always kept as the prop `item-id`.
//! - An item imported from another catalog is that catalog's control: its `source.ref` is the
//!   control id (made a token as above), its URN the prop `urn`, its `href` a link.

pub mod model;

use std::collections::{BTreeMap, HashMap, HashSet};

use uuid::Uuid;

use crate::diagnostic::Diagnostic;
use crate::outcome::{ItemOutcome, Results, Status};
use crate::render::num::num;
use crate::Lang;
use model::*;

/// The namespace of changai's props. A name, not a page: `.example` is a reserved domain
/// (RFC 2606) and never resolves, and OSCAL asks for a URI that tools read as a URL.
pub const NS: &str = "https://changai.example/ns/oscal";

/// The OSCAL version the documents follow.
pub const OSCAL_VERSION: &str = "1.1.3";

/// The role of a reviewer who re-scored items.
const ASSESSOR: &str = "assessor";

/// The document's one timestamp: `SOURCE_DATE_EPOCH` (seconds, UTC), when set.
pub fn timestamp(source_date_epoch: Option<&str>) -> Result<Option<jiff::Timestamp>, Diagnostic> {
    let Some(text) = source_date_epoch.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let bad = || {
        Diagnostic::error(
            "source-date-epoch",
            "",
            format!("环境变量 SOURCE_DATE_EPOCH 的值“{text}”不是可用的秒数"),
            format!("SOURCE_DATE_EPOCH `{text}` is not a number of seconds in range"),
        )
    };
    let seconds: i64 = text.parse().map_err(|_| bad())?;
    jiff::Timestamp::from_second(seconds)
        .map(Some)
        .map_err(|_| bad())
}

/// The assessment-results document for `results`, pretty JSON ending in a newline. `shown` names
/// the RESULTS.json in errors; `now` is [`timestamp`]'s answer.
pub fn render(
    results: &Results,
    shown: &str,
    lang: Lang,
    now: Option<jiff::Timestamp>,
) -> Result<String, Diagnostic> {
    let doc = document(results, shown, lang, now)?;
    Ok(crate::render::json::pretty(&doc))
}

/// The document as data (see the module doc for the mapping).
pub fn document(
    results: &Results,
    shown: &str,
    lang: Lang,
    now: Option<jiff::Timestamp>,
) -> Result<Document, Diagnostic> {
    let names = Names::of(results);
    let words = Words { lang };
    let times = Times::of(results, shown, now)?;
    let controls = ControlIds::of(&results.items);

    let standard = &results.standard;
    let pack = &results.pack;
    // Markup fields (titles, descriptions) take someone else's text escaped.
    let community = md(&pack.community);
    let standard_title = md(standard.title.get(lang));

    // Reviewers, in the order they first appear.
    let mut reviewers: Vec<&str> = Vec::new();
    for review in results.items.iter().filter_map(|i| i.review.as_ref()) {
        let by = review.by.trim();
        if !by.is_empty() && !reviewers.contains(&by) {
            reviewers.push(by);
        }
    }
    let party_uuid = |name: &str| names.party(name);
    let parties: Vec<Party> = reviewers
        .iter()
        .map(|name| Party {
            uuid: party_uuid(name),
            kind: "person",
            name: line(name),
        })
        .collect();

    // Each file's size from the manifest, looked up once per file of every item.
    let sizes: HashMap<&str, u64> = pack
        .manifest
        .iter()
        .map(|m| (m.path.as_str(), m.size))
        .collect();
    let mut observations = Vec::new();
    let mut findings = Vec::new();
    for (item, control) in results.items.iter().zip(&controls.ids) {
        let observation = (!item.evidence.is_empty()).then(|| {
            let obs = observation(item, &sizes, &names, &words, &times);
            let uuid = obs.uuid.clone();
            observations.push(obs);
            uuid
        });
        findings.push(finding(
            item,
            control,
            observation,
            &names,
            &words,
            &party_uuid,
        ));
    }

    let standard_resource = names.of_standard();
    let mut standard_props = vec![
        prop("standard-id", &standard.id),
        prop("standard-version", &standard.version),
        prop("standard-digest", &standard.digest),
        prop("source", &standard.source),
    ];
    standard_props.retain(|p| !p.value.is_empty());

    let mut result_props = vec![
        prop("community", &pack.community),
        prop("period", &pack.period.label),
        prop("total", &num(results.score.total)),
        prop("max", &num(results.score.max)),
        prop("grade", &results.score.grade.id),
    ];
    if let Some(profile) = &standard.profile {
        result_props.push(prop("profile", &profile.id));
    }
    if let Some(review) = &results.score.review {
        result_props.push(prop("review-total", &num(review.total)));
        result_props.push(prop("review-grade", &review.grade.id));
    }
    result_props.push(prop("pack-digest", &pack.digest));
    if let Some(seal) = &results.seal {
        result_props.push(prop("seal", seal));
    }
    result_props.retain(|p| !p.value.is_empty());

    let mut metadata_props = vec![prop(
        "tool",
        &format!("{} {}", results.tool.name, results.tool.version),
    )];
    metadata_props.retain(|p| !p.value.is_empty());

    let (roles, responsible_parties) = if parties.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        (
            vec![Role {
                id: ASSESSOR,
                title: words.pick("复评人", "reviewer").to_owned(),
            }],
            vec![ResponsibleParty {
                role_id: ASSESSOR,
                party_uuids: parties.iter().map(|p| p.uuid.clone()).collect(),
            }],
        )
    };

    let period = md(&pack.period.label);
    let title = match lang {
        Lang::Zh => format!("{standard_title} {community} {period} 评估结果"),
        Lang::En => format!("{standard_title}: {community}, {period}, assessment results"),
    };
    let counts = &results.score.counts;
    let description = match lang {
        Lang::Zh => format!(
            "{community}按{standard_title}（{}）对 {} 至 {} 的自评：{} 项，已完成 {}、部分完成 {}、未完成 {}、不适用 {}、已豁免 {}、出错 {}；总分 {}/{}，{}。",
            md(&standard.version),
            md(&pack.period.from),
            md(&pack.period.to),
            results.items.len(),
            counts.met,
            counts.partial,
            counts.unmet,
            counts.not_applicable,
            counts.waived,
            counts.error,
            num(results.score.total),
            num(results.score.max),
            md(results.score.grade.title.get(lang)),
        ),
        Lang::En => format!(
            "{community}'s self-assessment against {standard_title} ({}) for {} to {}: {} items, {} met, {} partial, {} unmet, {} not applicable, {} waived, {} errors; total {}/{}, {}.",
            md(&standard.version),
            md(&pack.period.from),
            md(&pack.period.to),
            results.items.len(),
            counts.met,
            counts.partial,
            counts.unmet,
            counts.not_applicable,
            counts.waived,
            counts.error,
            num(results.score.total),
            num(results.score.max),
            md(results.score.grade.title.get(lang)),
        ),
    };

    let include_controls: Vec<SelectControl> = controls
        .ids
        .iter()
        .map(|id| SelectControl {
            control_id: id.clone(),
        })
        .collect();

    Ok(Document {
        assessment_results: AssessmentResults {
            uuid: names.document(),
            metadata: Metadata {
                title: title.clone(),
                last_modified: times.modified.clone(),
                version: names.version(),
                oscal_version: OSCAL_VERSION.to_owned(),
                props: metadata_props,
                roles,
                parties,
                responsible_parties,
            },
            import_ap: ImportAp {
                href: format!("#{standard_resource}"),
                remarks: words
                    .pick(
                        "没有单独的评估计划：评估所依据的标准就是计划，见附录中的标准。",
                        "There is no separate assessment plan: the standard assessed against is the plan (see the standard in the back matter).",
                    )
                    .to_owned(),
            },
            results: vec![AssessmentResult {
                uuid: names.result(),
                title,
                description,
                start: times.start.clone(),
                end: times.end.clone(),
                props: result_props,
                reviewed_controls: ReviewedControls {
                    // A selection must select something: no items (a hand-made file) is all.
                    control_selections: vec![ControlSelection {
                        include_all: include_controls.is_empty().then_some(IncludeAll {}),
                        include_controls,
                    }],
                },
                observations,
                findings,
            }],
            back_matter: BackMatter {
                resources: vec![Resource {
                    uuid: standard_resource,
                    title: standard_title,
                    description: words
                        .pick(
                            "评估所依据的标准（changai 标准）。",
                            "The standard assessed against (a changai standard).",
                        )
                        .to_owned(),
                    props: standard_props,
                }],
            },
        },
    })
}

/// The observation of one item's counted evidence: every file with its path and SHA-256.
fn observation(
    item: &ItemOutcome,
    sizes: &HashMap<&str, u64>,
    names: &Names,
    words: &Words,
    times: &Times,
) -> Observation {
    let relevant_evidence = item
        .evidence
        .iter()
        .map(|e| {
            let mut props = vec![prop("sha256", &e.sha256)];
            if let Some(size) = sizes.get(e.path.as_str()) {
                props.push(prop("size", &size.to_string()));
            }
            props.retain(|p| !p.value.is_empty());
            RelevantEvidence {
                href: href(&e.path),
                description: md(&e.path),
                props,
            }
        })
        .collect();
    let n = item.evidence.len();
    let id = md(&item.id);
    Observation {
        uuid: names.observation(&item.id),
        title: format!("{id} {}", md(item.title.get(words.lang))),
        description: match words.lang {
            Lang::Zh => format!("条目 {id} 计入的 {n} 个证据文件。"),
            Lang::En if n == 1 => format!("The evidence file counted for item {id}."),
            Lang::En => format!("The {n} evidence files counted for item {id}."),
        },
        props: vec![prop("item-id", &item.id)],
        methods: vec!["EXAMINE"],
        types: vec!["control-objective"],
        relevant_evidence,
        collected: times.modified.clone(),
    }
}

/// The finding of one item (see the module doc for the status mapping).
fn finding(
    item: &ItemOutcome,
    control: &str,
    observation: Option<String>,
    names: &Names,
    words: &Words,
    party_uuid: &dyn Fn(&str) -> String,
) -> Finding {
    let status_word = match item.status {
        Status::Met => "met",
        Status::Partial => "partial",
        Status::Unmet => "unmet",
        Status::NotApplicable => "not-applicable",
        Status::Waived => "waived",
        Status::Error => "error",
    };
    let objective = |state, reason| Some(ObjectiveStatus { state, reason });
    let (status, implementation_status) = match item.status {
        Status::Met => (objective("satisfied", "pass"), None),
        Status::Partial | Status::Unmet => (objective("not-satisfied", "fail"), None),
        Status::Error => (objective("not-satisfied", "other"), None),
        Status::NotApplicable => (
            None,
            Some(ImplementationStatus {
                state: "not-applicable",
            }),
        ),
        Status::Waived => (None, None),
    };
    let mut props = vec![
        prop("item-id", &item.id),
        prop("status", status_word),
        prop("points", &num(item.points)),
        prop("credit", &crate::outcome::round4(item.credit).to_string()),
        prop("score", &num(item.score)),
    ];
    if item.core {
        props.push(prop("core", "true"));
    }
    if item.no_case {
        props.push(prop("no-case", "true"));
    }
    if item.by_profile {
        props.push(prop("by-profile", "true"));
    }
    if item.group {
        props.push(prop("group", "true"));
    }
    let mut links = Vec::new();
    if let Some(source) = &item.source {
        if let Some(reference) = &source.reference {
            props.push(prop("source-ref", reference));
        }
        if let Some(urn) = &source.urn {
            props.push(prop("urn", urn));
        }
        if let Some(href) = source
            .href
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
        {
            links.push(Link {
                href: href.to_owned(),
                rel: "reference",
            });
        }
    }
    let mut origins = Vec::new();
    let mut remarks: Vec<String> = item
        .shortfall
        .iter()
        .map(|t| md(t.get(words.lang)))
        .filter(|t| !t.is_empty())
        .collect();
    if let Some(review) = &item.review {
        props.push(prop("review-score", &num(review.score)));
        props.push(prop("review-date", &review.date));
        if !review.by.trim().is_empty() {
            props.push(prop("reviewer", &review.by));
            origins.push(Origin {
                actors: vec![Actor {
                    kind: "party",
                    actor_uuid: party_uuid(review.by.trim()),
                    role_id: ASSESSOR,
                }],
            });
        }
        let comment = md(&review.comment);
        remarks.push(match words.lang {
            Lang::Zh if comment.is_empty() => format!("复评分 {}", num(review.score)),
            Lang::Zh => format!("复评分 {}：{comment}", num(review.score)),
            Lang::En if comment.is_empty() => format!("re-scored {}", num(review.score)),
            Lang::En => format!("re-scored {}: {comment}", num(review.score)),
        });
    }
    props.retain(|p| !p.value.is_empty());
    let mut reasons: Vec<String> = item
        .reasons
        .iter()
        .map(|t| md(t.get(words.lang)))
        .filter(|t| !t.is_empty())
        .collect();
    if reasons.is_empty() {
        reasons.push(md(item.status.title().get(words.lang)));
    }
    let sep = words.pick("；", "; ");
    Finding {
        uuid: names.finding(&item.id),
        title: format!("{} {}", md(&item.id), md(item.title.get(words.lang))),
        description: reasons.join(sep),
        props,
        links,
        origins,
        target: Target {
            kind: "objective-id",
            target_id: control.to_owned(),
            status,
            implementation_status,
        },
        related_observations: observation
            .into_iter()
            .map(|observation_uuid| RelatedObservation { observation_uuid })
            .collect(),
        remarks: (!remarks.is_empty()).then(|| remarks.join(sep)),
    }
}

struct Words {
    lang: Lang,
}

impl Words {
    fn pick<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        crate::diagnostic::pick(self.lang, zh, en)
    }
}

/// Version-5 UUIDs, each named by what it identifies within these results.
struct Names {
    namespace: Uuid,
    /// The seal of the results, else their standard and pack digests.
    basis: String,
}

impl Names {
    fn of(results: &Results) -> Self {
        let basis = match &results.seal {
            Some(seal) if !seal.is_empty() => seal.clone(),
            _ => format!("{}:{}", results.standard.digest, results.pack.digest),
        };
        Self {
            namespace: Uuid::new_v5(&Uuid::NAMESPACE_URL, NS.as_bytes()),
            basis,
        }
    }

    fn name(&self, what: &str) -> String {
        Uuid::new_v5(&self.namespace, what.as_bytes()).to_string()
    }

    fn document(&self) -> String {
        self.name(&format!("{}/document", self.basis))
    }

    fn result(&self) -> String {
        self.name(&format!("{}/result", self.basis))
    }

    fn observation(&self, item: &str) -> String {
        self.name(&format!("{}/observation/{item}", self.basis))
    }

    fn finding(&self, item: &str) -> String {
        self.name(&format!("{}/finding/{item}", self.basis))
    }

    fn of_standard(&self) -> String {
        self.name(&format!("{}/standard", self.basis))
    }

    /// A person is the same party in every document (OSCAL asks for one UUID per subject).
    fn party(&self, name: &str) -> String {
        self.name(&format!("party/{name}"))
    }

    /// The document's version: the first 12 hex digits of the basis, which changes whenever the
    /// results do.
    fn version(&self) -> String {
        let hex: String = self
            .basis
            .chars()
            .filter(char::is_ascii_hexdigit)
            .take(12)
            .collect();
        if hex.is_empty() {
            "1".to_owned()
        } else {
            hex
        }
    }
}

/// The document's times, all UTC: the result spans the period, from its first day's start to its
/// last day's end; the document was last modified at `SOURCE_DATE_EPOCH`, else at the end of the latest day
/// the results name (the period's end or a review date); evidence was collected then too.
struct Times {
    start: String,
    end: String,
    modified: String,
}

impl Times {
    fn of(
        results: &Results,
        shown: &str,
        now: Option<jiff::Timestamp>,
    ) -> Result<Self, Diagnostic> {
        let period = &results.pack.period;
        let day = |text: &str, (zh, en): (&str, &str)| {
            text.parse::<jiff::civil::Date>().map_err(|_| {
                Diagnostic::error(
                    "results-date",
                    shown,
                    format!("评估结果中评价期的{zh}“{text}”不是 YYYY-MM-DD 格式的日期"),
                    format!(
                        "the {en} of the period in the results, `{text}`, is not a YYYY-MM-DD date"
                    ),
                )
            })
        };
        let from = day(&period.from, ("首日", "first day"))?;
        let to = day(&period.to, ("末日", "last day"))?;
        let modified = match now {
            Some(ts) => ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
            None => {
                // A review date that is not a date is left out: review.yaml's dates were checked
                // when the pack was scored, and the period's end stands without them.
                let latest = results
                    .items
                    .iter()
                    .filter_map(|i| i.review.as_ref())
                    .filter_map(|r| r.date.parse::<jiff::civil::Date>().ok())
                    .fold(to, std::cmp::max);
                format!("{latest}T23:59:59Z")
            }
        };
        Ok(Self {
            start: format!("{from}T00:00:00Z"),
            end: format!("{to}T23:59:59Z"),
            modified,
        })
    }
}

/// Each item's control id, an OSCAL token (see the module doc), unique in the document.
struct ControlIds {
    ids: Vec<String>,
}

impl ControlIds {
    fn of(items: &[ItemOutcome]) -> Self {
        let mut seen: HashSet<String> = HashSet::new();
        let mut next: BTreeMap<String, usize> = BTreeMap::new();
        let mut ids = Vec::with_capacity(items.len());
        for item in items {
            let base = token(control_of(item));
            let mut id = base.clone();
            while seen.contains(&id) {
                let n = next.entry(base.clone()).or_insert(1);
                *n += 1;
                id = format!("{base}-{n}");
            }
            seen.insert(id.clone());
            ids.push(id);
        }
        Self { ids }
    }
}

/// The id an item has as a control: its reference in the catalog it was imported from
/// (`source.ref`), else its changai id.
fn control_of(item: &ItemOutcome) -> &str {
    item.source
        .as_ref()
        .and_then(|s| s.reference.as_deref())
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .unwrap_or(&item.id)
}

/// Whether `c` may start an OSCAL token (XML NCName, as OSCAL's `token` pattern lists it).
fn token_start(c: char) -> bool {
    matches!(c,
        '_' | 'A'..='Z' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}')
}

/// Whether `c` may stand after the first character of an OSCAL token.
fn token_char(c: char) -> bool {
    token_start(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// `id` as an OSCAL token: characters a token cannot hold become `_`; an id that cannot start a
/// token (a digit, `-`, `.`) gets a leading `_`; nothing at all is `_`.
pub fn token(id: &str) -> String {
    let mut out: String = id
        .chars()
        .map(|c| if token_char(c) { c } else { '_' })
        .collect();
    if !out.chars().next().is_some_and(token_start) {
        out.insert(0, '_');
    }
    out
}

/// A prop in changai's namespace; its value on one line, trimmed (OSCAL's `string` pattern).
fn prop(name: &str, value: &str) -> Property {
    Property {
        name: name.to_owned(),
        ns: NS,
        value: value.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// Someone else's text on one line, for a `string` field.
fn line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Someone else's text as OSCAL markup (Markdown): on one line, with Markdown's special
/// characters escaped, so a title with `*` or `<b>` is text, not emphasis or HTML.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in line(text).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A pack path as a relative URI reference (percent-encoded UTF-8, `/` kept): relative to the
/// evidence pack's root.
fn href(path: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const KEEP: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    // `:` is encoded too, so a first segment never reads as a scheme (RFC 3986, 4.2).
    utf8_percent_encode(path, KEEP).to_string()
}

#[cfg(test)]
mod tests {
    use super::{href, md, token};

    #[test]
    fn ids_become_tokens() {
        assert_eq!(token("A1.2"), "A1.2");
        assert_eq!(token("1.2"), "_1.2");
        assert_eq!(token("-x"), "_-x");
        assert_eq!(token(""), "_");
        assert_eq!(token("a b/c:d"), "a_b_c_d");
        assert_eq!(token("条目一"), "条目一");
        assert_eq!(token("GV.OC-01"), "GV.OC-01");
        assert_eq!(token("x\u{1F600}"), "x_");
    }

    #[test]
    fn markup_is_escaped_and_on_one_line() {
        assert_eq!(md("a *b*\n<i>c</i>"), "a \\*b\\* \\<i\\>c\\</i\\>");
        assert_eq!(md("  领导小组  名单 "), "领导小组 名单");
    }

    #[test]
    fn paths_are_percent_encoded() {
        assert_eq!(href("A/A1.1/a b.pdf"), "A/A1.1/a%20b.pdf");
        assert_eq!(href("data/名单.csv"), "data/%E5%90%8D%E5%8D%95.csv");
        assert_eq!(href("x:y#z?.txt"), "x%3Ay%23z%3F.txt");
    }
}
