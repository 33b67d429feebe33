//! JSON schemas of the contract's types, written as JSON text for the OpenAPI 3.1 document.
//!
//! A named type ([`Named`]: every [`crate::object!`] and [`crate::enumeration!`]) is referred to
//! as `{"$ref":"#/components/schemas/<Name>"}`; its definition is listed once by
//! [`crate::all_schemas`].

use std::collections::BTreeMap;

use crate::json::{Json, string_literal};

/// A type with a JSON schema.
pub trait Schema {
    /// Whether an object member of this type may be absent (an `Option`).
    const OPTIONAL: bool = false;

    /// Appends this type's schema (a `$ref` for a named type).
    fn write_schema(out: &mut String);

    /// This type's schema as JSON text.
    fn schema() -> String {
        let mut out = String::new();
        Self::write_schema(&mut out);
        out
    }
}

/// A contract type with a name in `components.schemas`.
pub trait Named: Schema {
    const NAME: &'static str;

    /// Appends the type's full definition.
    fn write_definition(out: &mut String);
}

/// Appends a `$ref` to the named schema `name`.
pub fn write_ref(out: &mut String, name: &str) {
    out.push_str("{\"$ref\":");
    out.push_str(&string_literal(&format!("#/components/schemas/{name}")));
    out.push('}');
}

/// Joins doc-comment lines into one description (each line's leading space dropped).
pub fn description(lines: &[&str]) -> String {
    lines.iter().map(|line| line.strip_prefix(' ').unwrap_or(line)).collect::<Vec<_>>().join("\n").trim().to_owned()
}

impl Schema for String {
    fn write_schema(out: &mut String) {
        out.push_str(r#"{"type":"string"}"#);
    }
}

impl Schema for bool {
    fn write_schema(out: &mut String) {
        out.push_str(r#"{"type":"boolean"}"#);
    }
}

macro_rules! integer_schema {
    ($($integer:ty),*) => {$(
        impl Schema for $integer {
            fn write_schema(out: &mut String) {
                out.push_str(r#"{"type":"integer"}"#);
            }
        }
    )*};
}
integer_schema!(i64, u64, usize, u32);

/// A decimal number written exactly as computed (`81.00`).
impl Schema for engine::wire::WireNumber {
    fn write_schema(out: &mut String) {
        out.push_str(r#"{"type":"number"}"#);
    }
}

/// Any JSON value.
impl Schema for Json {
    fn write_schema(out: &mut String) {
        out.push_str("{}");
    }
}

/// A raw value as entered: a number, a label or a yes/no.
impl Schema for crate::json::RawJson {
    fn write_schema(out: &mut String) {
        out.push_str(
            r#"{"description":"A raw value as entered: a number, a label (string) or a boolean; null when none."}"#,
        );
    }
}

/// The engine's explanation of a score (the answer of `POST /api/v1/score`).
impl Schema for engine::wire::ScoreResponse {
    fn write_schema(out: &mut String) {
        out.push_str(concat!(
            r#"{"type":"object","description":"The engine's explanation: every spirit and indicator with its score and points.","#,
            r#""required":["total","grade","category","complete","missing","range","spirits","indicators"],"properties":{"#,
            r#""total":{"type":"number","description":"Exactly two decimals."},"grade":{"type":"string"},"#,
            r#""category":{"type":"string"},"complete":{"type":"boolean"},"#,
            r#""missing":{"type":"array","items":{"type":"string"},"description":"Codes of missing indicators."},"#,
            r#""range":{"type":"object","required":["min","max"],"properties":{"min":{"type":"number"},"max":{"type":"number"}}},"#,
            r#""spirits":{"type":"array","items":{"type":"object","required":["code","score","weight","contribution"],"#,
            r#""properties":{"code":{"type":"string"},"score":{"type":"number"},"weight":{"type":"number"},"contribution":{"type":"number"}}}},"#,
            r#""indicators":{"type":"array","items":{"type":"object","required":["code","value","score","points","missing"],"#,
            r#""properties":{"code":{"type":"string"},"value":{"description":"The raw value as entered; null when missing."},"#,
            r#""score":{"type":"number"},"points":{"type":"number"},"missing":{"type":"boolean"}}}}}}"#
        ));
    }
}

impl<T: Schema> Schema for Option<T> {
    const OPTIONAL: bool = true;

    fn write_schema(out: &mut String) {
        out.push_str(r#"{"anyOf":["#);
        T::write_schema(out);
        out.push_str(r#",{"type":"null"}]}"#);
    }
}

/// Absent keeps, `null` clears, a value sets.
impl<T: Schema> Schema for crate::json::Change<T> {
    const OPTIONAL: bool = true;

    fn write_schema(out: &mut String) {
        <Option<T> as Schema>::write_schema(out);
    }
}

impl<T: Schema> Schema for Vec<T> {
    fn write_schema(out: &mut String) {
        out.push_str(r#"{"type":"array","items":"#);
        T::write_schema(out);
        out.push('}');
    }
}

impl<T: Schema> Schema for BTreeMap<String, T> {
    fn write_schema(out: &mut String) {
        out.push_str(r#"{"type":"object","additionalProperties":"#);
        T::write_schema(out);
        out.push('}');
    }
}
