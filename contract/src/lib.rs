//! The `/api/v1` contract, written once: every request and answer type that the server, the app
//! and the tests exchange, and the shared enums (roles, period states, entry statuses).
//!
//! Each type is declared with [`object!`] or [`enumeration!`], which give it from that one
//! definition:
//! - a serde-free reader ([`json::FromJson`]) — what the app and the server's API tests use;
//! - a writer ([`json::ToJson`]) — what the server answers with;
//! - its JSON schema ([`schema::Schema`]) — what the OpenAPI document
//!   (`GET /api/v1/openapi.json`) shows, descriptions taken from the doc comments.
//!
//! Why not serde derives: in the wasm app every derived visitor is code of its own (measured at
//! 13% of the app); these readers and writers are shared functions. The server may still embed a
//! contract type in one of its own serde answers through the `serde` feature (a bridge that
//! writes the type's JSON text verbatim), while its answers move here one by one.
//!
//! Dependencies: `engine` only (its exact JSON reader and its numbers). Never `server` or `app`.

pub mod json;
pub mod schema;

mod macros;

pub mod aspirations;
pub mod auth;
pub mod entries;
pub mod error;
pub mod html;
pub mod imports;
pub mod mentoring;
pub mod periods;
pub mod policy;
pub mod results;
pub mod units;

pub use auth::{
    Account, Accounts, DemoAccount, DemoAccounts, Me, Role, Scope, Session, SetupLinkInfo, TokenIdentity, User,
};
pub use entries::{BatchAnswer, ChangeError, ChangeResult, EntriesPage, Entry, EntryStatus, Evidence, HistoryRecord};
pub use mentoring::{MentoringEvent, MentoringList, MentoringStatus, MentoringUnit, Scenario, Scenarios};
pub use periods::{Period, PeriodState, Population};
pub use results::{
    EntryView, IndicatorAverage, IndicatorAverages, OfficialResult, PopulationValues, RankingRow, ScoreRange,
    SpiritAverage, SpiritResult, UnitDetail, UnitInPopulation, UnitRef, UnitValues,
};
pub use units::{FormerName, RegisteredUnit, Rescored, SetupStatus, SetupStep, UnitWritten};

#[cfg(feature = "serde")]
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}

/// A code that names no value of the enum `kind` (a row written by a newer release, or a bad
/// request).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCode {
    pub kind: &'static str,
    pub code: String,
}

impl std::fmt::Display for UnknownCode {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "`{}` is not a known {}", self.code, self.kind)
    }
}

impl std::error::Error for UnknownCode {}

/// The schemas of every named contract type, by name, for the OpenAPI document's
/// `components.schemas`.
pub fn all_schemas() -> Vec<(&'static str, String)> {
    use schema::Named;
    fn definition<T: Named>() -> (&'static str, String) {
        let mut out = String::new();
        T::write_definition(&mut out);
        (T::NAME, out)
    }
    vec![
        definition::<Role>(),
        definition::<Scope>(),
        definition::<User>(),
        definition::<Account>(),
        definition::<Accounts>(),
        definition::<Session>(),
        definition::<TokenIdentity>(),
        definition::<Me>(),
        definition::<DemoAccount>(),
        definition::<DemoAccounts>(),
        definition::<SetupLinkInfo>(),
        definition::<PeriodState>(),
        definition::<EntryStatus>(),
        definition::<Evidence>(),
        definition::<Entry>(),
        definition::<EntriesPage>(),
        definition::<ChangeError>(),
        definition::<ChangeResult>(),
        definition::<BatchAnswer>(),
        definition::<HistoryRecord>(),
        definition::<MentoringStatus>(),
        definition::<MentoringEvent>(),
        definition::<MentoringUnit>(),
        definition::<MentoringList>(),
        definition::<Scenario>(),
        definition::<Scenarios>(),
        definition::<Period>(),
        definition::<Population>(),
        definition::<UnitRef>(),
        definition::<SpiritResult>(),
        definition::<RankingRow>(),
        definition::<UnitInPopulation>(),
        definition::<EntryView>(),
        definition::<ScoreRange>(),
        definition::<OfficialResult>(),
        definition::<UnitDetail>(),
        definition::<UnitValues>(),
        definition::<PopulationValues>(),
        definition::<SpiritAverage>(),
        definition::<IndicatorAverage>(),
        definition::<IndicatorAverages>(),
        definition::<FormerName>(),
        definition::<RegisteredUnit>(),
        definition::<Rescored>(),
        definition::<UnitWritten>(),
        definition::<SetupStep>(),
        definition::<SetupStatus>(),
        definition::<auth::Login>(),
        definition::<auth::PasswordChange>(),
        definition::<auth::SetupUse>(),
        definition::<auth::NewAccount>(),
        definition::<auth::AccountChange>(),
        definition::<auth::SetupLink>(),
        definition::<auth::CreatedAccount>(),
        definition::<auth::NewToken>(),
        definition::<auth::ApiToken>(),
        definition::<auth::ApiTokens>(),
        definition::<auth::CreatedToken>(),
        definition::<auth::SecurityEvent>(),
        definition::<auth::AuditPage>(),
        definition::<mentoring::MentoringChange>(),
        definition::<mentoring::ScenarioSave>(),
        definition::<periods::NewPeriod>(),
        definition::<periods::CreatedPeriod>(),
        definition::<periods::PeriodStateChange>(),
        definition::<periods::PeriodAnswer>(),
        definition::<periods::RubricVersion>(),
        definition::<periods::StoredRubric>(),
        definition::<units::NewUnit>(),
        definition::<units::UnitChange>(),
        definition::<units::NewPopulation>(),
        definition::<entries::EntryChange>(),
        definition::<entries::BatchChange>(),
        definition::<entries::Batch>(),
        definition::<entries::StatusStep>(),
        definition::<entries::EntryAnswer>(),
        definition::<entries::ConflictAnswer>(),
        definition::<error::ProblemDetail>(),
        definition::<error::ErrorDetail>(),
        definition::<error::ErrorBody>(),
        definition::<imports::ImportProblem>(),
        definition::<imports::ImportSummary>(),
        definition::<imports::RowOutcome>(),
        definition::<imports::ImportedUnit>(),
        definition::<imports::ImportReport>(),
        definition::<aspirations::AspirationCategory>(),
        definition::<aspirations::AspirationStatus>(),
        definition::<aspirations::AspirationAction>(),
        definition::<aspirations::AspirationEvent>(),
        definition::<aspirations::AspirationMeasure>(),
        definition::<aspirations::AspirationUnit>(),
        definition::<aspirations::AspirationUnits>(),
        definition::<aspirations::AspirationChallenge>(),
        definition::<aspirations::AspirationSubmission>(),
        definition::<aspirations::AspirationReceipt>(),
        definition::<aspirations::AspirationPublic>(),
        definition::<aspirations::AspirationPublicList>(),
        definition::<aspirations::AspirationHistoryRecord>(),
        definition::<aspirations::AspirationModerationItem>(),
        definition::<aspirations::AspirationModerationList>(),
        definition::<aspirations::AspirationModerationRequest>(),
        definition::<aspirations::AspirationAnswerRequest>(),
        definition::<aspirations::AspirationHoliday>(),
        definition::<aspirations::AspirationHolidays>(),
        definition::<aspirations::AspirationUnitMeasures>(),
        definition::<aspirations::AspirationMeasures>(),
        definition::<aspirations::AspirationBinding>(),
        definition::<aspirations::AspirationBindingRequest>(),
        definition::<aspirations::AspirationBindings>(),
        definition::<policy::StageStatus>(),
        definition::<policy::PlanStatus>(),
        definition::<policy::ActionStatus>(),
        definition::<policy::ActionDisplayStatus>(),
        definition::<policy::ActorRole>(),
        definition::<policy::ProposalStatus>(),
        definition::<policy::StageDefinition>(),
        definition::<policy::ElementDefinition>(),
        definition::<policy::GuidelineItemDefinition>(),
        definition::<policy::PolicyRubricIndicator>(),
        definition::<policy::PolicyRubricSpirit>(),
        definition::<policy::GradeLabel>(),
        definition::<policy::PolicyRubric>(),
        definition::<policy::PolicyDefinitions>(),
        definition::<policy::GovernmentRef>(),
        definition::<policy::TargetProposal>(),
        definition::<policy::StageView>(),
        definition::<policy::Checkpoint>(),
        definition::<policy::ActionView>(),
        definition::<policy::AgencyElement>(),
        definition::<policy::AgencyView>(),
        definition::<policy::ElementSummary>(),
        definition::<policy::GuidelineItemView>(),
        definition::<policy::GuidelineView>(),
        definition::<policy::PolicyPeriodRef>(),
        definition::<policy::PolicyAssessment>(),
        definition::<policy::AssessmentWritten>(),
        definition::<policy::PolicyChecklist>(),
        definition::<policy::StageSummary>(),
        definition::<policy::GovernmentLine>(),
        definition::<policy::OverdueAction>(),
        definition::<policy::PolicyRollup>(),
        definition::<policy::PolicyChange>(),
        definition::<policy::PolicyHistory>(),
        definition::<policy::PolicyPublication>(),
        definition::<policy::StageInput>(),
        definition::<policy::TargetInput>(),
        definition::<policy::CheckpointInput>(),
        definition::<policy::PlanInput>(),
        definition::<policy::ProposalInput>(),
        definition::<policy::ProposalDecision>(),
        definition::<policy::ElementInput>(),
        definition::<policy::GuidelineInput>(),
        definition::<policy::ActionInput>(),
        definition::<policy::ActionCancel>(),
        definition::<policy::AssessmentInput>(),
        definition::<policy::EvidenceUploaded>(),
    ]
}

#[cfg(test)]
mod tests {
    use super::json::{FromJson, ReadError, ToJson, from_str, parse};
    use super::*;

    #[test]
    fn a_period_reads_and_writes_back_the_same_text() {
        let text = r#"{"id":"2024-q1","year":2024,"kind":"q1","state":"open","label":"Triwulan I 2024","populations":["opd"]}"#;
        let period: Period = from_str(text).unwrap();
        assert_eq!(period.state, PeriodState::Open);
        assert!(period.scores("opd") && !period.scores("kabkota"));
        assert_eq!(period.to_json(), text);
        // `populations` is left out when there are none; absent, it reads as `None`.
        let bare = Period { populations: None, ..period };
        assert!(!bare.to_json().contains("populations"));
        assert_eq!(from_str::<Period>(&bare.to_json()).unwrap(), bare);
    }

    #[test]
    fn an_unknown_code_or_a_missing_member_is_named() {
        let wrong = r#"{"id":"x","year":2024,"kind":"q1","state":"locked","label":"x"}"#;
        match from_str::<Period>(wrong) {
            Err(ReadError::Shape(error)) => {
                assert_eq!(error.path, "state");
                assert_eq!(error.expected, "one of draft, open, closed, published");
            }
            other => panic!("{other:?}"),
        }
        match from_str::<Period>(r#"{"id":"x","year":2024,"kind":"q1","state":"open"}"#) {
            Err(ReadError::Shape(error)) => assert_eq!(error.path, "label"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_enum_code_reads_back_as_its_value() {
        for role in Role::ALL {
            assert_eq!(Role::from_json(&parse(&role.to_json()).unwrap()).unwrap(), *role);
        }
        for state in PeriodState::ALL {
            assert_eq!(PeriodState::parse(state.code()), Some(*state));
        }
        assert_eq!(EntryStatus::parse("verified"), Some(EntryStatus::Verified));
        assert_eq!(EntryStatus::parse(""), None);
    }

    #[test]
    fn every_schema_is_json_with_its_required_members() {
        for (name, schema) in all_schemas() {
            let parsed = parse(&schema).unwrap_or_else(|error| panic!("{name}: {error:?} in {schema}"));
            let engine::json::Json::Object(members) = parsed else { panic!("{name} is not an object") };
            assert!(members.iter().any(|(member, _)| member == "description"), "{name}");
        }
        let period = all_schemas().into_iter().find(|(name, _)| *name == "Period").unwrap().1;
        assert!(period.contains(r#""required":["id","year","kind","state","label"]"#), "{period}");
        assert!(period.contains(r##"{"$ref":"#/components/schemas/PeriodState"}"##), "{period}");
        let state = all_schemas().into_iter().find(|(name, _)| *name == "PeriodState").unwrap().1;
        assert!(state.contains(r#""enum":["draft","open","closed","published"]"#), "{state}");
    }

    #[test]
    fn a_request_with_an_undeclared_member_at_any_depth_is_refused_by_name() {
        use json::from_request_str;
        let shape = |text: &str| match from_request_str::<auth::NewAccount>(text) {
            Err(ReadError::Shape(error)) => error.path,
            other => panic!("{other:?}"),
        };
        assert_eq!(shape(r#"{"username":"a","role":"owner","rol":"x"}"#), "rol");
        assert_eq!(shape(r#"{"username":"a","role":"owner","scope":{"unit":"x"}}"#), "scope.unit");
        assert_eq!(shape(r#"[]"#), "");
        let read = from_request_str::<auth::NewAccount>(r#"{"username":"a","role":"owner"}"#).unwrap();
        assert_eq!(read.scope, Scope::default());
        // Answers stay lenient: a newer server may add members the app does not know yet.
        let answer = r#"{"username":"a","role":"owner","added_later":1}"#;
        assert!(from_str::<auth::NewAccount>(answer).is_ok());
        assert!(matches!(from_request_str::<auth::NewAccount>("{"), Err(ReadError::Syntax { .. })));
        // Items of a list are checked too.
        let tokens = r#"{"tokens":[{"id":"t","name":"n","indicator_codes":[],"created_by":"a","created_at":"x",
            "last_used_at":null,"revoked_at":null,"secret":"leak"}]}"#;
        match from_request_str::<auth::ApiTokens>(tokens) {
            Err(ReadError::Shape(error)) => assert_eq!(error.path, "tokens[0].secret"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_partial_update_tells_absent_from_null() {
        use json::{Change, from_request_str};
        let change = |text: &str| from_request_str::<units::UnitChange>(text).unwrap().parent;
        assert_eq!(change("{}"), Change::Keep);
        assert_eq!(change(r#"{"parent":null}"#), Change::Clear);
        assert_eq!(change(r#"{"parent":"kabupaten-paser"}"#), Change::Set("kabupaten-paser".to_owned()));
        let kept = units::UnitChange { name: None, active: Some(false), parent: Change::Keep };
        assert_eq!(kept.to_json(), r#"{"name":null,"active":false}"#);
        let cleared = units::UnitChange { parent: Change::Clear, ..kept };
        assert_eq!(from_request_str::<units::UnitChange>(&cleared.to_json()).unwrap(), cleared);
    }
}
