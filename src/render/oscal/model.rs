//! The part of the OSCAL 1.1 assessment-results model that changai writes, as serde types.
//!
//! Hand-written because no maintained Rust crate carries the OSCAL models, and only a small part
//! is needed: field names and nesting follow `oscal_assessment-results_metaschema.xml` and
//! `oscal_assessment-common_metaschema.xml` (OSCAL 1.1.3). Optional fields are skipped when
//! empty: OSCAL forbids empty arrays (`min-occurs` of a group is 1 once it is present).
//! Serialize only: changai writes these documents and never reads them back.

use serde::Serialize;

/// The root object: `{"assessment-results": {...}}`.
#[derive(Debug, Serialize)]
pub struct Document {
    #[serde(rename = "assessment-results")]
    pub assessment_results: AssessmentResults,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct AssessmentResults {
    pub uuid: String,
    pub metadata: Metadata,
    pub import_ap: ImportAp,
    pub results: Vec<AssessmentResult>,
    pub back_matter: BackMatter,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Metadata {
    pub title: String,
    pub last_modified: String,
    pub version: String,
    pub oscal_version: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<Party>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub responsible_parties: Vec<ResponsibleParty>,
}

#[derive(Debug, Serialize)]
pub struct Property {
    pub name: String,
    pub ns: &'static str,
    pub value: String,
}

#[derive(Debug, Serialize)]
pub struct Role {
    pub id: &'static str,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct Party {
    pub uuid: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ResponsibleParty {
    pub role_id: &'static str,
    pub party_uuids: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ImportAp {
    pub href: String,
    pub remarks: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct AssessmentResult {
    pub uuid: String,
    pub title: String,
    pub description: String,
    pub start: String,
    pub end: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    pub reviewed_controls: ReviewedControls,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub observations: Vec<Observation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ReviewedControls {
    pub control_selections: Vec<ControlSelection>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ControlSelection {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_all: Option<IncludeAll>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub include_controls: Vec<SelectControl>,
}

/// `{}`: every control.
#[derive(Debug, Serialize)]
pub struct IncludeAll {}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct SelectControl {
    pub control_id: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Observation {
    pub uuid: String,
    pub title: String,
    pub description: String,
    pub props: Vec<Property>,
    pub methods: Vec<&'static str>,
    pub types: Vec<&'static str>,
    pub relevant_evidence: Vec<RelevantEvidence>,
    pub collected: String,
}

#[derive(Debug, Serialize)]
pub struct RelevantEvidence {
    pub href: String,
    pub description: String,
    pub props: Vec<Property>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Finding {
    pub uuid: String,
    pub title: String,
    pub description: String,
    pub props: Vec<Property>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub origins: Vec<Origin>,
    pub target: Target,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_observations: Vec<RelatedObservation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Link {
    pub href: String,
    pub rel: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Origin {
    pub actors: Vec<Actor>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Actor {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub actor_uuid: String,
    pub role_id: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Target {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub target_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ObjectiveStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub implementation_status: Option<ImplementationStatus>,
}

#[derive(Debug, Serialize)]
pub struct ObjectiveStatus {
    pub state: &'static str,
    pub reason: &'static str,
}

#[derive(Debug, Serialize)]
pub struct ImplementationStatus {
    pub state: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct RelatedObservation {
    pub observation_uuid: String,
}

#[derive(Debug, Serialize)]
pub struct BackMatter {
    pub resources: Vec<Resource>,
}

/// A back-matter resource: here, the standard the pack was assessed against.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Resource {
    pub uuid: String,
    pub title: String,
    pub description: String,
    pub props: Vec<Property>,
}
