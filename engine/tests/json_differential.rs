//! Differential test: `engine::json::parse` against serde_json on generated and mutated texts.
//!
//! The oracle is serde_json reading the same text into a tree whose numbers keep their source
//! text: every value is first read as a `RawValue` (serde_json's own grammar check), strings and
//! member names are then decoded by serde_json into `String` (which refuses lone surrogates), and
//! a number is its raw text. Comparing number text, not `f64`, is deliberate: serde_json without
//! `arbitrary_precision` rounds `0.1000000000000000055511151231257827` and `0.1` to the same `f64`
//! and refuses `1e400` as out of range, so a float comparison would both hide a reader that
//! changes digits and flag numbers the engine must keep exactly. Member order and duplicate names
//! are kept on both sides (`serde_json::Value` would keep the last duplicate only, while the
//! engine keeps all of them so that they can be reported).
//!
//! Deliberate differences, each tested on its own below:
//! - nesting: the engine refuses a value deeper than [`MAX_DEPTH`] so hostile input cannot exhaust
//!   the stack; serde_json's `RawValue` scan has no depth limit (its `Value` stops at 128);
//! - size: the engine refuses a document of more than [`MAX_VALUES`] values; serde_json has no
//!   such limit.
#![cfg(not(target_arch = "wasm32"))]

use std::fmt;

use engine::json::{Json, MAX_DEPTH, MAX_VALUES, TOO_MANY_VALUES, parse};
use proptest::prelude::*;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

/// What serde_json makes of `text`, as an engine tree with number text kept.
fn serde_tree(text: &str) -> Result<Json, serde_json::Error> {
    let raw: Box<RawValue> = serde_json::from_str(text)?;
    from_raw(&raw)
}

fn from_raw(raw: &RawValue) -> Result<Json, serde_json::Error> {
    let text = raw.get();
    match text.as_bytes().first() {
        Some(b'n') => serde_json::from_str::<()>(text).map(|()| Json::Null),
        Some(b't' | b'f') => serde_json::from_str(text).map(Json::Bool),
        Some(b'"') => serde_json::from_str(text).map(Json::String),
        Some(b'[') => {
            let items: Vec<Box<RawValue>> = serde_json::from_str(text)?;
            items.iter().map(|item| from_raw(item)).collect::<Result<_, _>>().map(Json::Array)
        }
        Some(b'{') => {
            let Members(members) = serde_json::from_str(text)?;
            let members = members
                .into_iter()
                .map(|(name, value)| from_raw(&value).map(|value| (name, value)))
                .collect::<Result<_, _>>()?;
            Ok(Json::Object(members))
        }
        // serde_json's scan accepted the raw text, so it is a number in JSON grammar.
        _ => Ok(Json::Number(text.to_string())),
    }
}

/// An object's members in document order, duplicates kept.
struct Members(Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor;
        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry::<String, Box<RawValue>>()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(MembersVisitor)
    }
}

/// Deepest nesting of a tree: a scalar is 0, `[]` is 1.
fn nesting(value: &Json) -> usize {
    match value {
        Json::Array(items) => 1 + items.iter().map(nesting).max().unwrap_or(0),
        Json::Object(members) => 1 + members.iter().map(|(_, value)| nesting(value)).max().unwrap_or(0),
        _ => 0,
    }
}

fn count_values(value: &Json) -> usize {
    match value {
        Json::Array(items) => 1 + items.iter().map(count_values).sum::<usize>(),
        Json::Object(members) => 1 + members.iter().map(|(_, value)| count_values(value)).sum::<usize>(),
        _ => 1,
    }
}

/// The one comparison: both refuse, or both read the same tree; the only texts serde_json reads
/// and the engine refuses are those past the documented limits.
fn check_agreement(text: &str) -> Result<(), TestCaseError> {
    let engine_result = parse(text);
    match (engine_result, serde_tree(text)) {
        (Ok(engine_tree), Ok(serde_tree)) => {
            prop_assert_eq!(engine_tree, serde_tree, "text {:?}", text);
        }
        (Err(_), Err(_)) => {}
        (Ok(engine_tree), Err(error)) => {
            prop_assert!(false, "engine read {text:?} as {engine_tree:?}, serde_json refused it: {error}");
        }
        (Err(engine_error), Ok(serde_tree)) => {
            // A value at depth d sits inside d containers; the engine reads depths 0..=MAX_DEPTH,
            // so a tree nested MAX_DEPTH + 1 deep is its deepest.
            let past_a_limit = nesting(&serde_tree) > MAX_DEPTH + 1 || count_values(&serde_tree) > MAX_VALUES;
            prop_assert!(past_a_limit, "engine refused {text:?} ({engine_error:?}), serde_json read {serde_tree:?}");
        }
    }
    Ok(())
}

/// Number text in JSON grammar, with the shapes readers get wrong: leading zero, exponent signs,
/// long digit runs that no `f64` holds, exponents past `f64`'s range.
fn number_text() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop_oneof![Just("0".to_string()), "[1-9][0-9]{0,25}"],
        proptest::option::of("[0-9]{1,25}"),
        proptest::option::of(("[eE]", prop_oneof![Just(""), Just("+"), Just("-")], "[0-9]{1,4}")),
    )
        .prop_map(|(negative, integer, fraction, exponent)| {
            let mut text = String::new();
            if negative {
                text.push('-');
            }
            text.push_str(&integer);
            if let Some(fraction) = fraction {
                text.push('.');
                text.push_str(&fraction);
            }
            if let Some((marker, sign, digits)) = exponent {
                text.push_str(&marker);
                text.push_str(sign);
                text.push_str(&digits);
            }
            text
        })
}

/// Strings with quotes, backslashes, control characters, non-ASCII and astral characters.
fn string_value() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::char::range('a', 'z'),
            1 => Just('"'),
            1 => Just('\\'),
            1 => Just('/'),
            1 => proptest::char::range('\u{0}', '\u{1f}'),
            1 => Just('\u{7f}'),
            1 => proptest::char::range('\u{80}', '\u{7ff}'),
            1 => Just('\u{2028}'),
            1 => proptest::char::range('\u{1f600}', '\u{1f64f}'),
            1 => any::<char>(),
        ],
        0..8,
    )
    .prop_map(|characters| characters.into_iter().collect())
}

fn json_value() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        number_text().prop_map(Json::Number),
        string_value().prop_map(Json::String),
    ];
    leaf.prop_recursive(6, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            // Names from a small set so that duplicate names are frequent.
            proptest::collection::vec((prop_oneof![string_value(), "[ab]"], inner), 0..6).prop_map(Json::Object),
        ]
    })
}

/// How a generated tree is written: where whitespace goes and how string characters are escaped.
#[derive(Clone, Debug)]
struct Layout {
    /// Whitespace to put at each gap, used in turn.
    gaps: Vec<&'static str>,
    /// For each character in turn: 0 plain where allowed, 1 as `\uXXXX` (surrogate pairs for
    /// astral characters), 2 as a short escape where one exists.
    escapes: Vec<u8>,
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        proptest::collection::vec(
            prop_oneof![4 => Just(""), 1 => Just(" "), 1 => Just("\n\t"), 1 => Just("\r\n  ")],
            1..16,
        ),
        proptest::collection::vec(0u8..3, 1..16),
    )
        .prop_map(|(gaps, escapes)| Layout { gaps, escapes })
}

struct Writer<'a> {
    layout: &'a Layout,
    out: String,
    n_gaps: usize,
    n_characters: usize,
}

impl Writer<'_> {
    fn gap(&mut self) {
        let gap = self.layout.gaps[self.n_gaps % self.layout.gaps.len()];
        self.n_gaps += 1;
        self.out.push_str(gap);
    }

    fn string(&mut self, text: &str) {
        self.out.push('"');
        for character in text.chars() {
            let escape = self.layout.escapes[self.n_characters % self.layout.escapes.len()];
            self.n_characters += 1;
            let short = match character {
                '"' => Some("\\\""),
                '\\' => Some("\\\\"),
                '/' => Some("\\/"),
                '\u{8}' => Some("\\b"),
                '\u{c}' => Some("\\f"),
                '\n' => Some("\\n"),
                '\r' => Some("\\r"),
                '\t' => Some("\\t"),
                _ => None,
            };
            let must_escape = matches!(character, '"' | '\\') || u32::from(character) < 0x20;
            match (escape, short) {
                (2, Some(short)) => self.out.push_str(short),
                (0, _) if !must_escape => self.out.push(character),
                _ => {
                    let mut units = [0u16; 2];
                    for unit in character.encode_utf16(&mut units) {
                        self.out.push_str(&format!("\\u{unit:04X}"));
                    }
                }
            }
        }
        self.out.push('"');
    }

    fn value(&mut self, value: &Json) {
        match value {
            Json::Null => self.out.push_str("null"),
            Json::Bool(flag) => self.out.push_str(if *flag { "true" } else { "false" }),
            Json::Number(text) => self.out.push_str(text),
            Json::String(text) => self.string(text),
            Json::Array(items) => {
                self.out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        self.out.push(',');
                    }
                    self.gap();
                    self.value(item);
                    self.gap();
                }
                if items.is_empty() {
                    self.gap();
                }
                self.out.push(']');
            }
            Json::Object(members) => {
                self.out.push('{');
                for (index, (name, item)) in members.iter().enumerate() {
                    if index > 0 {
                        self.out.push(',');
                    }
                    self.gap();
                    self.string(name);
                    self.gap();
                    self.out.push(':');
                    self.gap();
                    self.value(item);
                    self.gap();
                }
                if members.is_empty() {
                    self.gap();
                }
                self.out.push('}');
            }
        }
    }
}

fn write(value: &Json, layout: &Layout) -> String {
    let mut writer = Writer { layout, out: String::new(), n_gaps: 0, n_characters: 0 };
    writer.gap();
    writer.value(value);
    writer.gap();
    writer.out
}

/// One random edit of a text: the bytes that change the meaning of JSON, or any character.
#[derive(Clone, Debug)]
enum Edit {
    Insert {
        at: usize,
        text: &'static str,
    },
    InsertChar {
        at: usize,
        character: char,
    },
    Delete {
        at: usize,
        length: usize,
    },
    Replace {
        at: usize,
        text: &'static str,
    },
    Truncate {
        at: usize,
    },
    /// Copies a slice of the text to another place (brackets, quotes and escapes out of balance).
    Duplicate {
        from: usize,
        length: usize,
        to: usize,
    },
}

const FRAGMENTS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\\u",
    "\\ud800",
    "\\udc00",
    "\\ud83d\\ude00",
    "u00",
    "0",
    "00",
    "-",
    "+",
    ".",
    "e",
    "E",
    "1e",
    "-0",
    ".5",
    "tru",
    "nul",
    "null",
    "true",
    "false",
    " ",
    "\n",
    "\t",
    "\r",
    "\u{c}",
    "\u{0}",
    "\u{1f}",
    "\u{a0}",
    "\u{feff}",
    "/",
    "/*",
    "'",
    "NaN",
    "Infinity",
    "é",
];

fn edit() -> impl Strategy<Value = Edit> {
    let at = any::<usize>();
    let fragment = proptest::sample::select(FRAGMENTS);
    prop_oneof![
        4 => (at, fragment.clone()).prop_map(|(at, text)| Edit::Insert { at, text }),
        1 => (at, any::<char>()).prop_map(|(at, character)| Edit::InsertChar { at, character }),
        3 => (at, 1usize..4).prop_map(|(at, length)| Edit::Delete { at, length }),
        3 => (at, fragment).prop_map(|(at, text)| Edit::Replace { at, text }),
        1 => at.prop_map(|at| Edit::Truncate { at }),
        1 => (at, 1usize..12, at).prop_map(|(from, length, to)| Edit::Duplicate { from, length, to }),
    ]
}

/// Applies `edit` at character boundaries so that the text stays a `&str`.
fn apply(text: &str, edit: &Edit) -> String {
    let boundaries: Vec<usize> = text.char_indices().map(|(index, _)| index).chain([text.len()]).collect();
    let boundary = |at: usize| boundaries[at % boundaries.len()];
    let after = |start: usize, n_characters: usize| {
        let position = boundaries.iter().position(|&index| index == start).expect("start is a boundary");
        boundaries[(position + n_characters).min(boundaries.len() - 1)]
    };
    let mut out = text.to_string();
    match edit {
        Edit::Insert { at, text } => out.insert_str(boundary(*at), text),
        Edit::InsertChar { at, character } => out.insert(boundary(*at), *character),
        Edit::Delete { at, length } => {
            let start = boundary(*at);
            out.replace_range(start..after(start, *length), "");
        }
        Edit::Replace { at, text } => {
            let start = boundary(*at);
            out.replace_range(start..after(start, 1), text);
        }
        Edit::Truncate { at } => out.truncate(boundary(*at)),
        Edit::Duplicate { from, length, to } => {
            let start = boundary(*from);
            let slice = text[start..after(start, *length)].to_string();
            out.insert_str(boundary(*to), &slice);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn a_written_tree_is_read_back_as_itself_by_both_readers(value in json_value(), layout in layout()) {
        let text = write(&value, &layout);
        prop_assert_eq!(parse(&text), Ok(value.clone()), "text {:?}", text);
        prop_assert_eq!(serde_tree(&text).ok(), Some(value), "text {:?}", text);
    }

    #[test]
    fn both_readers_refuse_or_read_the_same_edited_text(
        value in json_value(),
        layout in layout(),
        edits in proptest::collection::vec(edit(), 1..4),
    ) {
        let text = edits.iter().fold(write(&value, &layout), |text, edit| apply(&text, edit));
        check_agreement(&text)?;
    }

    #[test]
    fn both_readers_refuse_or_read_the_same_short_text(text in r#"[\[\]{}:,"\\ \t\n\r0-9eE.+\-tfnrulsabu\u{0}\u{1f}é😀]{0,24}"#) {
        check_agreement(&text)?;
    }

    #[test]
    fn both_readers_refuse_or_read_the_same_number_text(
        text in r"-?(0|[0-9]{1,3}|0[0-9])?(\.[0-9]{0,3})?([eE][+-]?[0-9]{0,3})?[ .eE+-]?",
    ) {
        check_agreement(&text)?;
    }
}

fn nested_arrays(n_levels: usize) -> String {
    format!("{}{}", "[".repeat(n_levels), "]".repeat(n_levels))
}

#[test]
fn the_engine_reads_nesting_up_to_its_limit_and_refuses_one_level_more_where_serde_json_reads_on() {
    // Arrays nested MAX_DEPTH + 1 deep: the innermost `[]` is a value at depth MAX_DEPTH.
    let deepest = nested_arrays(MAX_DEPTH + 1);
    assert_eq!(parse(&deepest).map(|tree| nesting(&tree)), Ok(MAX_DEPTH + 1));
    assert_eq!(serde_tree(&deepest).map(|tree| nesting(&tree)).ok(), Some(MAX_DEPTH + 1));

    let too_deep = nested_arrays(MAX_DEPTH + 2);
    let error = parse(&too_deep).expect_err("nesting past MAX_DEPTH is refused");
    assert_eq!((error.detail, error.line, error.column), ("less deeply nested data", 1, MAX_DEPTH + 2));
    assert_eq!(serde_tree(&too_deep).map(|tree| nesting(&tree)).ok(), Some(MAX_DEPTH + 2));
    // The same holds inside objects.
    let objects = format!("{}0{}", "{\"a\":".repeat(MAX_DEPTH + 1), "}".repeat(MAX_DEPTH + 1));
    assert!(parse(&objects).is_err());
    assert!(serde_tree(&objects).is_ok());
}

#[test]
fn the_engine_refuses_more_values_than_its_limit_where_serde_json_reads_on() {
    let over = format!("[{}0]", "0,".repeat(MAX_VALUES - 1));
    assert_eq!(parse(&over).expect_err("more than MAX_VALUES values").detail, TOO_MANY_VALUES);
    let serde_count = serde_json::from_str::<Vec<u8>>(&over).expect("serde_json has no value limit").len();
    assert_eq!(serde_count, MAX_VALUES);
}

#[test]
fn duplicate_names_and_exact_numbers_are_kept_by_both_readers() {
    let text = r#"{"a":0.1000000000000000055511151231257827,"a":1e400,"b":-0.0,"a":12345678901234567890123}"#;
    let expected = Json::Object(vec![
        ("a".into(), Json::Number("0.1000000000000000055511151231257827".into())),
        ("a".into(), Json::Number("1e400".into())),
        ("b".into(), Json::Number("-0.0".into())),
        ("a".into(), Json::Number("12345678901234567890123".into())),
    ]);
    assert_eq!(parse(text), Ok(expected.clone()));
    assert_eq!(serde_tree(text).ok(), Some(expected));
    // serde_json's own tree would keep one "a" and refuse the out-of-range number, which is why
    // the oracle above reads numbers as raw text.
    assert!(serde_json::from_str::<serde_json::Value>(text).is_err());
}

#[test]
fn lone_surrogates_are_refused_by_both_readers() {
    for text in [r#""\ud800""#, r#""\udc00""#, r#""\ud800\u0041""#, r#""\ud800x""#, r#"{"\udfff":1}"#] {
        assert!(parse(text).is_err(), "engine read {text}");
        assert!(serde_tree(text).is_err(), "serde_json read {text}");
    }
}
