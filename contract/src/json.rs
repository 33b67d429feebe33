//! JSON in and out without serde: answers and stored documents are read with the engine's exact
//! reader ([`engine::json::parse`], numbers keep their text) and converted through [`FromJson`]
//! and [`Fields`]; they are written through [`ToJson`] and [`Object`]. The contract's types get
//! both from their one definition (`crate::object!`); the app's own stored documents implement
//! them by hand.
//!
//! Why not serde: every serde-derived `Deserialize` compiled into the wasm as a visitor of its own
//! (about 13% of the app's code for ~70 types). These plain functions are shared by every type
//! and cost little per type.
//!
//! The reading rules follow what serde's derive did, so every answer and stored document read
//! before still reads: unknown members are ignored, a missing `Option` member is `None`, a
//! missing member with a default (`Fields::or_default`) is the default. `null` is accepted where
//! a default exists (serde refused it for non-`Option` types; being lenient there loses nothing).

use std::collections::BTreeMap;

use engine::wire::{ScoreResponse, WireIndicator, WireRange, WireSpirit, WireValue};

pub use engine::json::Json;

/// Where a document did not have the expected shape: the JSON path of the value
/// (`entries[3].value`, empty for the whole document) and what was expected there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShapeError {
    pub path: String,
    /// What the value should have been (`string`, `integer`, `object`, `a member`…).
    pub expected: &'static str,
}

impl ShapeError {
    pub fn new(expected: &'static str) -> ShapeError {
        ShapeError { path: String::new(), expected }
    }

    /// The same error seen from the enclosing object's member `name`.
    pub fn in_member(mut self, name: &str) -> ShapeError {
        self.path = engine::error::member_path(name, &self.path);
        self
    }

    /// The same error seen from the enclosing array's item `index`.
    pub fn in_item(mut self, index: usize) -> ShapeError {
        self.path = if self.path.is_empty() || self.path.starts_with('[') {
            format!("[{index}]{}", self.path)
        } else {
            format!("[{index}].{}", self.path)
        };
        self
    }
}

/// Why a JSON text could not be read as the expected type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Not JSON at all; where reading stopped (1-based).
    Syntax { line: usize, column: usize },
    /// JSON, but not of the expected shape.
    Shape(ShapeError),
}

impl ReadError {
    /// A one-line English description, for places that show a technical message as is.
    pub fn message(&self) -> String {
        match self {
            ReadError::Syntax { line, column } => format!("invalid JSON at line {line}, column {column}"),
            ReadError::Shape(error) if error.path.is_empty() => format!("expected {}", error.expected),
            ReadError::Shape(error) => format!("{}: expected {}", error.path, error.expected),
        }
    }
}

/// Reads a whole JSON text.
///
/// # Errors
/// [`ReadError::Syntax`] when it is not JSON.
pub fn parse(text: &str) -> Result<Json, ReadError> {
    engine::json::parse(text).map_err(|error| ReadError::Syntax { line: error.line, column: error.column })
}

/// Reads a JSON text as a `T`.
///
/// # Errors
/// [`ReadError::Syntax`] when it is not JSON, [`ReadError::Shape`] when it is not a `T`.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, ReadError> {
    T::from_json(&parse(text)?).map_err(ReadError::Shape)
}

/// Reads a request as the server does: like [`from_str`], and a member the type does not declare,
/// at any depth, is an error (a misspelt optional member must not be silently ignored).
///
/// # Errors
/// As [`from_str`], and a [`ShapeError`] naming the first undeclared member.
pub fn from_request_str<T: FromJson>(text: &str) -> Result<T, ReadError> {
    let value = parse(text)?;
    T::check_members(&value).map_err(ReadError::Shape)?;
    T::from_json(&value).map_err(ReadError::Shape)
}

/// A type read from a JSON value.
pub trait FromJson: Sized {
    /// # Errors
    /// A [`ShapeError`] naming the path of the first value that does not fit.
    fn from_json(value: &Json) -> Result<Self, ShapeError>;

    /// The value of an object member that is absent, if absence is allowed (`None` for an
    /// `Option`); `None` here means the member is required.
    fn missing() -> Option<Self> {
        None
    }

    /// Whether every object member in `value` is one the type declares (for requests, see
    /// [`from_request_str`]); types that are not objects accept anything here.
    ///
    /// # Errors
    /// A [`ShapeError`] naming the first undeclared member.
    fn check_members(_value: &Json) -> Result<(), ShapeError> {
        Ok(())
    }
}

impl FromJson for String {
    fn from_json(value: &Json) -> Result<String, ShapeError> {
        match value {
            Json::String(text) => Ok(text.clone()),
            _ => Err(ShapeError::new("string")),
        }
    }
}

impl FromJson for bool {
    fn from_json(value: &Json) -> Result<bool, ShapeError> {
        match value {
            Json::Bool(flag) => Ok(*flag),
            _ => Err(ShapeError::new("boolean")),
        }
    }
}

/// The value of an integer written without fraction or exponent (as serde required).
fn integer(value: &Json) -> Option<i128> {
    match value {
        Json::Number(text) if text.len() <= 30 && !text.contains(['.', 'e', 'E']) => text.parse().ok(),
        _ => None,
    }
}

macro_rules! integer_from_json {
    ($($integer:ty),*) => {$(
        impl FromJson for $integer {
            fn from_json(value: &Json) -> Result<$integer, ShapeError> {
                integer(value).and_then(|number| <$integer>::try_from(number).ok()).ok_or(ShapeError::new("integer"))
            }
        }
    )*};
}
integer_from_json!(i64, u64, usize, u32);

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: &Json) -> Result<Option<T>, ShapeError> {
        match value {
            Json::Null => Ok(None),
            other => T::from_json(other).map(Some),
        }
    }

    fn missing() -> Option<Option<T>> {
        Some(None)
    }

    fn check_members(value: &Json) -> Result<(), ShapeError> {
        T::check_members(value)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Json) -> Result<Vec<T>, ShapeError> {
        let Json::Array(items) = value else { return Err(ShapeError::new("array")) };
        items.iter().enumerate().map(|(index, item)| T::from_json(item).map_err(|error| error.in_item(index))).collect()
    }

    fn check_members(value: &Json) -> Result<(), ShapeError> {
        let Json::Array(items) = value else { return Ok(()) };
        items
            .iter()
            .enumerate()
            .try_for_each(|(index, item)| T::check_members(item).map_err(|error| error.in_item(index)))
    }
}

impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn from_json(value: &Json) -> Result<BTreeMap<String, T>, ShapeError> {
        let Json::Object(members) = value else { return Err(ShapeError::new("object")) };
        members
            .iter()
            .map(|(name, member)| {
                T::from_json(member).map(|read| (name.clone(), read)).map_err(|error| error.in_member(name))
            })
            .collect()
    }

    fn check_members(value: &Json) -> Result<(), ShapeError> {
        let Json::Object(members) = value else { return Ok(()) };
        members.iter().try_for_each(|(name, member)| T::check_members(member).map_err(|error| error.in_member(name)))
    }
}

/// A member of a partial update (`PATCH`): absent keeps the stored value, `null` clears it, a
/// value sets it. Declare it `= omit_none` so that `Keep` is left out when written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Change<T> {
    #[default]
    Keep,
    Clear,
    Set(T),
}

impl<T: FromJson> FromJson for Change<T> {
    fn from_json(value: &Json) -> Result<Change<T>, ShapeError> {
        match value {
            Json::Null => Ok(Change::Clear),
            other => T::from_json(other).map(Change::Set),
        }
    }

    fn missing() -> Option<Change<T>> {
        Some(Change::Keep)
    }

    fn check_members(value: &Json) -> Result<(), ShapeError> {
        T::check_members(value)
    }
}

impl<T: ToJson> ToJson for Change<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Change::Set(value) => value.write_json(out),
            Change::Keep | Change::Clear => out.push_str("null"),
        }
    }

    fn is_absent(&self) -> bool {
        matches!(self, Change::Keep)
    }
}

/// A number kept as its text (`84.15`).
impl FromJson for engine::wire::WireNumber {
    fn from_json(value: &Json) -> Result<engine::wire::WireNumber, ShapeError> {
        engine::wire::WireNumber::from_json(value).ok_or(ShapeError::new("number"))
    }
}

/// A JSON value kept as it is (an answer's free-form part, read later by the page).
impl FromJson for Json {
    fn from_json(value: &Json) -> Result<Json, ShapeError> {
        Ok(value.clone())
    }
}

/// The members of an object, read by name. The first of duplicate members counts.
#[derive(Clone, Copy, Debug)]
pub struct Fields<'a>(&'a [(String, Json)]);

impl<'a> Fields<'a> {
    /// # Errors
    /// When `value` is not an object.
    pub fn new(value: &'a Json) -> Result<Fields<'a>, ShapeError> {
        match value {
            Json::Object(members) => Ok(Fields(members)),
            _ => Err(ShapeError::new("object")),
        }
    }

    /// The member's value as it is, if present.
    pub fn get(&self, name: &str) -> Option<&'a Json> {
        self.0.iter().find(|(member, _)| member == name).map(|(_, value)| value)
    }

    /// A member that must be present.
    ///
    /// # Errors
    /// When it is missing or not a `T`.
    pub fn req<T: FromJson>(&self, name: &str) -> Result<T, ShapeError> {
        let value = self.get(name).ok_or_else(|| ShapeError::new("a value").in_member(name))?;
        T::from_json(value).map_err(|error| error.in_member(name))
    }

    /// A member that may be missing or `null` (`None` then).
    ///
    /// # Errors
    /// When it is present and not a `T`.
    pub fn opt<T: FromJson>(&self, name: &str) -> Result<Option<T>, ShapeError> {
        match self.get(name) {
            None | Some(Json::Null) => Ok(None),
            Some(value) => T::from_json(value).map(Some).map_err(|error| error.in_member(name)),
        }
    }

    /// A member read by its type's own rule for absence ([`FromJson::missing`]): an `Option` may be
    /// absent, anything else must be present.
    ///
    /// # Errors
    /// When it is missing but required, or not a `T`.
    pub fn member<T: FromJson>(&self, name: &str) -> Result<T, ShapeError> {
        match self.get(name) {
            Some(value) => T::from_json(value).map_err(|error| error.in_member(name)),
            None => T::missing().ok_or_else(|| ShapeError::new("a value").in_member(name)),
        }
    }

    /// A member whose absence (or `null`) means `T::default()`.
    ///
    /// # Errors
    /// When it is present and not a `T`.
    pub fn or_default<T: FromJson + Default>(&self, name: &str) -> Result<T, ShapeError> {
        Ok(self.opt(name)?.unwrap_or_default())
    }
}

/// Writes a value as compact JSON: numbers as their text, strings escaped as serde_json does.
pub fn write_json(out: &mut String, value: &Json) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Json::Number(text) => out.push_str(text),
        Json::String(text) => engine::json::write_string(out, text),
        Json::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_json(out, item);
            }
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (index, (name, member)) in members.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                engine::json::write_string(out, name);
                out.push(':');
                write_json(out, member);
            }
            out.push('}');
        }
    }
}

/// A value as compact JSON text.
pub fn json_text(value: &Json) -> String {
    let mut out = String::new();
    write_json(&mut out, value);
    out
}

/// A JSON value kept as its exact text (`85.5`, `"WTP"`, `true`, `null`): raw values pass
/// through the app unchanged, with no float conversion on the way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawJson(pub String);

impl RawJson {
    pub fn new(text: &str) -> RawJson {
        RawJson(text.trim().to_string())
    }

    pub fn null() -> RawJson {
        RawJson("null".to_string())
    }

    pub fn text(&self) -> &str {
        &self.0
    }

    pub fn is_null(&self) -> bool {
        self.0 == "null"
    }

    /// The JSON text (as `serde_json::value::RawValue::get` gave it before).
    pub fn get(&self) -> &str {
        &self.0
    }
}

impl Default for RawJson {
    fn default() -> RawJson {
        RawJson::null()
    }
}

/// Any JSON value, kept as compact text: numbers exactly as written, strings escaped as the
/// server (serde_json) writes them.
impl FromJson for RawJson {
    fn from_json(value: &Json) -> Result<RawJson, ShapeError> {
        Ok(RawJson(json_text(value)))
    }
}

/// Written verbatim: the text is JSON already (a stored raw value).
impl ToJson for RawJson {
    fn write_json(&self, out: &mut String) {
        out.push_str(&self.0);
    }
}

/// The engine's explanation of a score (the answer of `POST /api/v1/score`), read without serde.
impl FromJson for ScoreResponse {
    fn from_json(value: &Json) -> Result<ScoreResponse, ShapeError> {
        let fields = Fields::new(value)?;
        let range = Fields::new(fields.get("range").ok_or(ShapeError::new("a value").in_member("range"))?)
            .map_err(|error| error.in_member("range"))?;
        let list = |name: &str| match fields.get(name) {
            Some(Json::Array(items)) => Ok(items.as_slice()),
            _ => Err(ShapeError::new("array").in_member(name)),
        };
        let spirits = list("spirits")?
            .iter()
            .enumerate()
            .map(|(index, spirit)| {
                {
                    let spirit = Fields::new(spirit)?;
                    Ok(WireSpirit {
                        code: spirit.req("code")?,
                        score: spirit.req("score")?,
                        weight: spirit.req("weight")?,
                        contribution: spirit.req("contribution")?,
                    })
                }
                .map_err(|error: ShapeError| error.in_item(index).in_member("spirits"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let indicators = list("indicators")?
            .iter()
            .enumerate()
            .map(|(index, indicator)| {
                {
                    let indicator = Fields::new(indicator)?;
                    let value = match indicator.get("value") {
                        None | Some(Json::Null) => None,
                        Some(value) => Some(
                            WireValue::from_json(value)
                                .ok_or(ShapeError::new("number, string or boolean").in_member("value"))?,
                        ),
                    };
                    Ok(WireIndicator {
                        code: indicator.req("code")?,
                        value,
                        score: indicator.req("score")?,
                        points: indicator.req("points")?,
                        missing: indicator.req("missing")?,
                    })
                }
                .map_err(|error: ShapeError| error.in_item(index).in_member("indicators"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ScoreResponse {
            total: fields.req("total")?,
            grade: fields.req("grade")?,
            category: fields.req("category")?,
            complete: fields.req("complete")?,
            missing: fields.req("missing")?,
            range: WireRange {
                min: range.req("min").map_err(|error| error.in_member("range"))?,
                max: range.req("max").map_err(|error| error.in_member("range"))?,
            },
            spirits,
            indicators,
        })
    }
}

/// Written as the engine writes it.
impl ToJson for ScoreResponse {
    fn write_json(&self, out: &mut String) {
        out.push_str(&engine::wire::to_json(self));
    }
}

/// A JSON string literal (with quotes) of `text`.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    engine::json::write_string(&mut out, text);
    out
}

/// A JSON array of already written values.
pub fn array(items: &[String]) -> String {
    format!("[{}]", items.join(","))
}

/// Builds a JSON object member by member, in the order written:
/// `Object::new().string("unit", "a").raw("value", "85.5").finish()` is `{"unit":"a","value":85.5}`.
#[derive(Clone, Debug)]
pub struct Object(String);

impl Default for Object {
    fn default() -> Object {
        Object::new()
    }
}

impl Object {
    pub fn new() -> Object {
        Object(String::from("{"))
    }

    /// A member whose value is already JSON text (a number as written, a nested object).
    pub fn raw(mut self, name: &str, json_text: &str) -> Object {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        engine::json::write_string(&mut self.0, name);
        self.0.push(':');
        self.0.push_str(json_text);
        self
    }

    pub fn string(self, name: &str, text: &str) -> Object {
        self.raw(name, &string_literal(text))
    }

    /// A string member, or `null` for `None`.
    pub fn string_or_null(self, name: &str, text: Option<&str>) -> Object {
        match text {
            Some(text) => self.string(name, text),
            None => self.raw(name, "null"),
        }
    }

    /// A string member only when there is one (serde's `skip_serializing_if = "Option::is_none"`).
    pub fn string_if(self, name: &str, text: Option<&str>) -> Object {
        match text {
            Some(text) => self.string(name, text),
            None => self,
        }
    }

    pub fn integer(self, name: &str, number: i64) -> Object {
        self.raw(name, &number.to_string())
    }

    pub fn boolean(self, name: &str, flag: bool) -> Object {
        self.raw(name, if flag { "true" } else { "false" })
    }

    /// An array of strings.
    pub fn strings(self, name: &str, texts: &[String]) -> Object {
        let items: Vec<String> = texts.iter().map(|text| string_literal(text)).collect();
        self.raw(name, &array(&items))
    }

    /// An object of strings (`{"key":"value"}`), in the map's order.
    pub fn string_map(self, name: &str, map: &BTreeMap<String, String>) -> Object {
        let inner = map.iter().fold(Object::new(), |object, (key, value)| object.string(key, value));
        self.raw(name, &inner.finish())
    }

    pub fn finish(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

/// A value written as JSON text: request bodies, answers and stored documents.
///
/// Implement one of the two methods (each has the other as its default).
pub trait ToJson {
    /// Appends the value's JSON text to `out`.
    fn write_json(&self, out: &mut String) {
        out.push_str(&self.to_json());
    }

    /// The value's JSON text.
    fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    /// Whether an object member holding this value is left out (an `Option`'s `None` in a member
    /// declared `omit_none`; see `crate::object!`).
    fn is_absent(&self) -> bool {
        false
    }
}

/// No body (`write::<()>(…, None)`); never written.
impl ToJson for () {
    fn to_json(&self) -> String {
        "null".to_owned()
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        engine::json::write_string(out, self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        engine::json::write_string(out, self);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

macro_rules! integer_to_json {
    ($($integer:ty),*) => {$(
        impl ToJson for $integer {
            fn write_json(&self, out: &mut String) {
                out.push_str(&self.to_string());
            }
        }
    )*};
}
integer_to_json!(i64, u64, usize, u32);

/// A number written as its text (`84.15`, never `84.1500000001`).
impl ToJson for engine::wire::WireNumber {
    fn write_json(&self, out: &mut String) {
        out.push_str(self.as_str());
    }
}

impl ToJson for Json {
    fn write_json(&self, out: &mut String) {
        write_json(out, self);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(value) => value.write_json(out),
            None => out.push_str("null"),
        }
    }

    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (index, item) in self.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            item.write_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for BTreeMap<String, T> {
    fn write_json(&self, out: &mut String) {
        out.push('{');
        for (index, (name, value)) in self.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            engine::json::write_string(out, name);
            out.push(':');
            value.write_json(out);
        }
        out.push('}');
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Item {
        name: String,
        count: i64,
        note: Option<String>,
        tags: Vec<String>,
    }

    impl FromJson for Item {
        fn from_json(value: &Json) -> Result<Item, ShapeError> {
            let fields = Fields::new(value)?;
            Ok(Item {
                name: fields.req("name")?,
                count: fields.or_default("count")?,
                note: fields.opt("note")?,
                tags: fields.or_default("tags")?,
            })
        }
    }

    #[test]
    fn members_are_read_by_name_and_unknown_ones_ignored() {
        let items: Vec<Item> =
            from_str(r#"[{"name":"a","count":3,"note":null,"extra":[1,{}]},{"name":"b","tags":["x"],"note":"n"}]"#)
                .unwrap();
        assert_eq!(items[0], Item { name: "a".into(), count: 3, note: None, tags: vec![] });
        assert_eq!(items[1], Item { name: "b".into(), count: 0, note: Some("n".into()), tags: vec!["x".into()] });
    }

    #[test]
    fn errors_name_the_path_of_the_wrong_value() {
        let shape = |text: &str| match from_str::<BTreeMap<String, Vec<Item>>>(text) {
            Err(ReadError::Shape(error)) => (error.path, error.expected),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            shape(r#"{"entries":[{"name":"a"},{"name":"b","count":1.5}]}"#),
            ("entries[1].count".into(), "integer")
        );
        assert_eq!(shape(r#"{"entries":[{"name":"a","tags":["x",2]}]}"#), ("entries[0].tags[1]".into(), "string"));
        assert_eq!(shape(r#"{"entries":[{}]}"#), ("entries[0].name".into(), "a value"));
        assert_eq!(shape("[]"), (String::new(), "object"));
        assert_eq!(from_str::<Vec<Item>>("[1,"), Err(ReadError::Syntax { line: 1, column: 4 }));
        assert_eq!(from_str::<Vec<Vec<String>>>("[[],[1]]").unwrap_err().message(), "[1][0]: expected string");
    }

    #[test]
    fn integers_must_be_whole_and_in_range() {
        assert_eq!(from_str::<i64>("-42"), Ok(-42));
        assert!(from_str::<u32>("-1").is_err());
        assert!(from_str::<i64>("1e2").is_err());
        assert!(from_str::<i64>("99999999999999999999999999999999999999999").is_err());
        assert_eq!(from_str::<usize>("7"), Ok(7));
    }

    #[test]
    fn values_are_written_back_as_compact_json_with_numbers_as_written() {
        let text = r#"{ "a" : [ 85.50, -0.25, 1e2, true, null ], "b": "x\"y\u00e9\n" }"#;
        assert_eq!(json_text(&parse(text).unwrap()), r#"{"a":[85.50,-0.25,1e2,true,null],"b":"x\"yé\n"}"#);
    }

    #[test]
    fn objects_are_written_in_order_and_none_is_left_out() {
        let body = Object::new()
            .string("unit", "kota \"batu\"")
            .raw("value", "85.50")
            .integer("base_version", 3)
            .string_if("reason", None)
            .string_or_null("note", None)
            .boolean("ok", true)
            .strings("codes", &["A".into(), "B".into()])
            .string_map("values", &BTreeMap::from([("X".to_owned(), "y".to_owned())]))
            .finish();
        assert_eq!(
            body,
            r#"{"unit":"kota \"batu\"","value":85.50,"base_version":3,"note":null,"ok":true,"codes":["A","B"],"values":{"X":"y"}}"#
        );
        assert_eq!(Object::new().finish(), "{}");
    }
}
