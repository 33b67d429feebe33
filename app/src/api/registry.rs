//! The unit registry (`/api/v1/units*`, `POST /api/v1/populations`), administrators only.
//!
//! Units and the checklist are the contract's types (`contract::units`); an import answers with
//! the report shape of the values import (`super::entries::ImportReport`).

use super::entries::ImportReport;
use crate::simulation::encode_query_value;

/// One registered unit; a write's answer ([`contract::UnitWritten`]) reads as one too.
pub use contract::RegisteredUnit as RegistryUnit;
pub use contract::SetupStatus;

/// `POST /units`, `PATCH /units/{code}` (only the members given) and `POST /populations`.
pub use contract::units::{NewPopulation, NewUnit, UnitChange};

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
            .chain(unit.former_names.iter().map(|former| &former.name))
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
        assert_eq!(unit.former_names[0].name, "Kabupaten C");
        assert!(!unit.active && unit.parent.is_none());
        assert!(matches_filter(&unit, "kabupaten c"));
        assert!(matches_filter(&unit, " "));
        assert!(!matches_filter(&unit, "opd"));
        let change = UnitChange { name: None, active: Some(false), parent: contract::json::Change::Keep };
        assert_eq!(super::super::json::ToJson::to_json(&change), r#"{"name":null,"active":false}"#);
    }
}
