//! The unit registry (`/api/v1/units*`, `POST /api/v1/populations`), administrators only.
//!
//! Mirrors `server/src/units/routes.rs`: a unit is `{"code","name","population","active",
//! "parent","created_at","former_names":[{"name","until"}]}`; an import answers with the report
//! shape of the values import (`super::entries::ImportReport`).

use super::entries::ImportReport;
use super::json::{Fields, FromJson, Json, Object, ShapeError, ToJson};
use crate::simulation::encode_query_value;

/// One registered unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistryUnit {
    pub code: String,
    pub name: String,
    pub population: String,
    pub active: bool,
    pub parent: Option<String>,
    /// Names the unit had before, oldest first.
    pub former_names: Vec<String>,
}

struct FormerName(String);

impl FromJson for FormerName {
    fn from_json(value: &Json) -> Result<FormerName, ShapeError> {
        Ok(FormerName(Fields::new(value)?.req("name")?))
    }
}

impl FromJson for RegistryUnit {
    fn from_json(value: &Json) -> Result<RegistryUnit, ShapeError> {
        let fields = Fields::new(value)?;
        let former: Vec<FormerName> = fields.or_default("former_names")?;
        Ok(RegistryUnit {
            code: fields.req("code")?,
            name: fields.req("name")?,
            population: fields.req("population")?,
            active: fields.req("active")?,
            parent: fields.opt("parent")?,
            former_names: former.into_iter().map(|FormerName(name)| name).collect(),
        })
    }
}

/// `POST /units`.
pub struct NewUnit<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub population: &'a str,
    pub parent: Option<&'a str>,
}

impl ToJson for NewUnit<'_> {
    fn to_json(&self) -> String {
        Object::new()
            .string("code", self.code)
            .string("name", self.name)
            .string("population", self.population)
            .string_if("parent", self.parent)
            .finish()
    }
}

/// `PATCH /units/{code}`: only the members given.
#[derive(Default)]
pub struct UnitChange<'a> {
    pub name: Option<&'a str>,
    pub active: Option<bool>,
}

impl ToJson for UnitChange<'_> {
    fn to_json(&self) -> String {
        let mut object = Object::new().string_if("name", self.name);
        if let Some(active) = self.active {
            object = object.boolean("active", active);
        }
        object.finish()
    }
}

/// `POST /populations`.
pub struct NewPopulation<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub name_en: &'a str,
}

impl ToJson for NewPopulation<'_> {
    fn to_json(&self) -> String {
        Object::new().string("code", self.code).string("name", self.name).string("name_en", self.name_en).finish()
    }
}

/// `GET /setup`: the first-run checklist.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetupStatus {
    /// Until the first period is opened.
    pub show: bool,
    /// `(key, done)` in order: `populations`, `units`, `rubric`, `period`, `owners`, `open`.
    pub steps: Vec<(String, bool)>,
}

struct SetupStep(String, bool);

impl FromJson for SetupStep {
    fn from_json(value: &Json) -> Result<SetupStep, ShapeError> {
        let fields = Fields::new(value)?;
        Ok(SetupStep(fields.req("key")?, fields.req("done")?))
    }
}

impl FromJson for SetupStatus {
    fn from_json(value: &Json) -> Result<SetupStatus, ShapeError> {
        let fields = Fields::new(value)?;
        let steps: Vec<SetupStep> = fields.req("steps")?;
        Ok(SetupStatus {
            show: fields.req("show")?,
            steps: steps.into_iter().map(|SetupStep(key, done)| (key, done)).collect(),
        })
    }
}

pub fn unit_url(code: &str) -> String {
    format!("/api/v1/units/{}", encode_query_value(code))
}

/// Which units a filter text keeps: the text in the code, the name, a former name or the
/// population, without regard to case; an empty filter keeps every unit.
pub fn matches_filter(unit: &RegistryUnit, filter: &str) -> bool {
    let filter = filter.trim().to_lowercase();
    filter.is_empty()
        || [&unit.code, &unit.name, &unit.population]
            .into_iter()
            .chain(unit.former_names.iter())
            .any(|text| text.to_lowercase().contains(&filter))
}

/// Sends a unit import file: a dry run (nothing written) or the commit (all rows or none).
///
/// # Errors
/// The server's message, or the browser's when no answer came.
pub async fn send_unit_import(file: &web_sys::File, dry_run: bool) -> Result<ImportReport, String> {
    super::entries::send_spreadsheet(&format!("/api/v1/units/import?dry_run={dry_run}"), file, dry_run).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_is_read_with_its_former_names_and_written_with_only_what_changes() {
        let unit: RegistryUnit = super::super::json::from_str(
            r#"{"code":"kota-c","name":"Kota C","population":"kabkota","active":false,"parent":null,
                "created_at":"2025-01-01T00:00:00.000Z","former_names":[{"name":"Kabupaten C","until":"x"}]}"#,
        )
        .expect("a unit");
        assert_eq!(unit.former_names, ["Kabupaten C"]);
        assert!(!unit.active && unit.parent.is_none());
        assert!(matches_filter(&unit, "kabupaten c"));
        assert!(matches_filter(&unit, " "));
        assert!(!matches_filter(&unit, "opd"));
        assert_eq!(UnitChange { active: Some(false), ..UnitChange::default() }.to_json(), r#"{"active":false}"#);
        assert_eq!(
            NewUnit { code: "a", name: "A", population: "opd", parent: None }.to_json(),
            r#"{"code":"a","name":"A","population":"opd"}"#
        );
    }
}
