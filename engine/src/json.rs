//! A small JSON reader that keeps every number as its source text.
//!
//! serde_json turns non-integer numbers into `f64` unless its `arbitrary_precision` feature is
//! enabled, and that feature would change serde_json for the whole workspace. Rubrics and values
//! must be read exactly, and every problem must be reported with its path, so the engine reads
//! request documents with this reader (RFC 8259, nesting limited to [`MAX_DEPTH`]) and converts
//! the tree by hand.

/// Deepest nesting accepted, so hostile input cannot exhaust the stack.
pub const MAX_DEPTH: usize = 64;

/// Most values (numbers, strings, literals, arrays and objects) in one document, so hostile input
/// cannot make the tree cost far more memory than its text: a national batch (22,000 units × 25
/// values) is under 0.7 million.
pub const MAX_VALUES: usize = 2_000_000;

/// [`SyntaxError::detail`] of a document with more than [`MAX_VALUES`] values.
pub const TOO_MANY_VALUES: &str = "fewer values (at most 2,000,000 in one document)";

/// A parsed JSON value; numbers keep their text.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written (`81.00`, `1e2`).
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object; members in document order, duplicates kept so they can be reported.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// JSON type name used in error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "boolean",
            Json::Number(_) => "number",
            Json::String(_) => "string",
            Json::Array(_) => "array",
            Json::Object(_) => "object",
        }
    }

    /// First member named `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().find(|(name, _)| name == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Where and why a document is not JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in bytes).
    pub column: usize,
    /// What was expected.
    pub detail: &'static str,
}

/// Parses a whole JSON document.
///
/// # Errors
/// A [`SyntaxError`] with line and column when the text is not JSON, nests deeper than
/// [`MAX_DEPTH`] or holds more than [`MAX_VALUES`] values.
pub fn parse(text: &str) -> Result<Json, SyntaxError> {
    let mut reader = Reader { bytes: text.as_bytes(), text, position: 0, n_values: 0 };
    reader.skip_whitespace();
    let value = reader.value(0)?;
    reader.skip_whitespace();
    if reader.position != reader.bytes.len() {
        return Err(reader.error("end of document"));
    }
    Ok(value)
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    position: usize,
    /// Values begun so far (bounded by [`MAX_VALUES`]).
    n_values: usize,
}

impl<'a> Reader<'a> {
    fn error(&self, detail: &'static str) -> SyntaxError {
        let before = &self.bytes[..self.position.min(self.bytes.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        SyntaxError { line, column, detail }
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.position) {
            self.position += 1;
        }
    }

    fn expect_literal(&mut self, literal: &str, value: Json) -> Result<Json, SyntaxError> {
        if self.bytes[self.position..].starts_with(literal.as_bytes()) {
            self.position += literal.len();
            Ok(value)
        } else {
            Err(self.error("a JSON value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error("less deeply nested data"));
        }
        self.n_values += 1;
        if self.n_values > MAX_VALUES {
            return Err(self.error(TOO_MANY_VALUES));
        }
        match self.bytes.get(self.position) {
            None => Err(self.error("a JSON value")),
            Some(b'n') => self.expect_literal("null", Json::Null),
            Some(b't') => self.expect_literal("true", Json::Bool(true)),
            Some(b'f') => self.expect_literal("false", Json::Bool(false)),
            Some(b'"') => self.string().map(Json::String),
            Some(b'[') => {
                self.position += 1;
                let mut items = Vec::new();
                self.skip_whitespace();
                if self.bytes.get(self.position) == Some(&b']') {
                    self.position += 1;
                    return Ok(Json::Array(items));
                }
                loop {
                    self.skip_whitespace();
                    items.push(self.value(depth + 1)?);
                    self.skip_whitespace();
                    match self.bytes.get(self.position) {
                        Some(b',') => self.position += 1,
                        Some(b']') => {
                            self.position += 1;
                            return Ok(Json::Array(items));
                        }
                        _ => return Err(self.error("',' or ']'")),
                    }
                }
            }
            Some(b'{') => {
                self.position += 1;
                let mut members = Vec::new();
                self.skip_whitespace();
                if self.bytes.get(self.position) == Some(&b'}') {
                    self.position += 1;
                    return Ok(Json::Object(members));
                }
                loop {
                    self.skip_whitespace();
                    if self.bytes.get(self.position) != Some(&b'"') {
                        return Err(self.error("a member name in double quotes"));
                    }
                    let key = self.string()?;
                    self.skip_whitespace();
                    if self.bytes.get(self.position) != Some(&b':') {
                        return Err(self.error("':'"));
                    }
                    self.position += 1;
                    self.skip_whitespace();
                    let value = self.value(depth + 1)?;
                    members.push((key, value));
                    self.skip_whitespace();
                    match self.bytes.get(self.position) {
                        Some(b',') => self.position += 1,
                        Some(b'}') => {
                            self.position += 1;
                            return Ok(Json::Object(members));
                        }
                        _ => return Err(self.error("',' or '}'")),
                    }
                }
            }
            Some(b'-' | b'0'..=b'9') => {
                let start = self.position;
                while let Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') = self.bytes.get(self.position) {
                    self.position += 1;
                }
                let text = &self.text[start..self.position];
                if !is_json_number(text) {
                    self.position = start;
                    return Err(self.error("a JSON number"));
                }
                Ok(Json::Number(text.to_string()))
            }
            Some(_) => Err(self.error("a JSON value")),
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self.bytes.get(self.position..self.position + 4).ok_or_else(|| self.error("four hex digits"))?;
        let mut code = 0u32;
        for &digit in digits {
            let nibble = (digit as char).to_digit(16).ok_or_else(|| self.error("four hex digits"))?;
            code = code * 16 + nibble;
        }
        self.position += 4;
        Ok(code)
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        // Caller checked the opening quote.
        self.position += 1;
        let mut out = String::new();
        loop {
            let start = self.position;
            while let Some(&byte) = self.bytes.get(self.position) {
                if byte == b'"' || byte == b'\\' || byte < 0x20 {
                    break;
                }
                self.position += 1;
            }
            // The input is a &str and we stopped on an ASCII byte, so this slice is valid UTF-8.
            out.push_str(&self.text[start..self.position]);
            match self.bytes.get(self.position) {
                Some(b'"') => {
                    self.position += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.position += 1;
                    let escape = *self.bytes.get(self.position).ok_or_else(|| self.error("an escape"))?;
                    self.position += 1;
                    match escape {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let first = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&first) {
                                if self.bytes.get(self.position..self.position + 2) != Some(b"\\u") {
                                    return Err(self.error("a low surrogate escape"));
                                }
                                self.position += 2;
                                let second = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&second) {
                                    return Err(self.error("a low surrogate escape"));
                                }
                                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                            } else {
                                first
                            };
                            out.push(char::from_u32(code).ok_or_else(|| self.error("a valid code point"))?);
                        }
                        _ => {
                            self.position -= 1;
                            return Err(self.error("a valid escape"));
                        }
                    }
                }
                _ => return Err(self.error("a closing '\"'")),
            }
        }
    }
}

/// Whether `text` matches the JSON number grammar exactly.
fn is_json_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut index = 0;
    if bytes.first() == Some(&b'-') {
        index += 1;
    }
    let digits = |index: &mut usize| {
        let start = *index;
        while bytes.get(*index).is_some_and(u8::is_ascii_digit) {
            *index += 1;
        }
        *index - start
    };
    let integer_start = index;
    let integer_digits = digits(&mut index);
    if integer_digits == 0 || (integer_digits > 1 && bytes[integer_start] == b'0') {
        return false;
    }
    if bytes.get(index) == Some(&b'.') {
        index += 1;
        if digits(&mut index) == 0 {
            return false;
        }
    }
    if let Some(b'e' | b'E') = bytes.get(index) {
        index += 1;
        if let Some(b'+' | b'-') = bytes.get(index) {
            index += 1;
        }
        if digits(&mut index) == 0 {
            return false;
        }
    }
    index == bytes.len()
}

/// Writes `text` as a JSON string literal (with quotes), escaping as serde_json does.
pub fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_document_of_too_many_values_is_refused_where_the_limit_is_passed() {
        let at_limit = format!("[{}0]", "0,".repeat(super::MAX_VALUES - 2));
        assert!(super::parse(&at_limit).is_ok());
        let over = format!("[{}0]", "0,".repeat(super::MAX_VALUES - 1));
        let error = super::parse(&over).expect_err("too many values");
        assert_eq!((error.detail, error.line, error.column), (super::TOO_MANY_VALUES, 1, 2 * super::MAX_VALUES));
    }

    use super::*;

    fn check(input: &str, expected: Result<Json, (usize, usize)>) {
        let got = parse(input).map_err(|error| (error.line, error.column));
        assert_eq!(got, expected, "input {input:?}");
    }

    #[test]
    fn reads_documents_and_keeps_number_text() {
        check(" 81.00 ", Ok(Json::Number("81.00".into())));
        check(
            r#"{"a":[1,true,null,"x\u00e9\ud83d\ude00"],"a":{}}"#,
            Ok(Json::Object(vec![
                (
                    "a".into(),
                    Json::Array(vec![
                        Json::Number("1".into()),
                        Json::Bool(true),
                        Json::Null,
                        Json::String("xé😀".into()),
                    ]),
                ),
                ("a".into(), Json::Object(vec![])),
            ])),
        );
        check("{\"a\":01}", Err((1, 6)));
        check("[1,\n2,]", Err((2, 3)));
        check("{} x", Err((1, 4)));
        check("\"abc", Err((1, 5)));
        check(&"[".repeat(200), Err((1, 66)));
    }
}
