//! [`object!`](crate::object) and [`enumeration!`](crate::enumeration): one definition of a
//! contract type gives its reader, writer, schema (and, with the `serde` feature, a serde
//! `Serialize` that writes the same text).

/// Declares a contract object: a struct whose members are read, written and described by name.
///
/// ```
/// contract::object! {
///     /// A thing.
///     pub struct Thing {
///         /// Its code.
///         pub code: String,
///         /// Left out of the JSON when `None` (without `= omit_none` it is written `null`).
///         pub note: Option<String> = omit_none,
///         /// Absent or `null` reads as the default (empty).
///         pub tags: Vec<String> = default,
///     }
/// }
/// use contract::json::{ToJson, from_str};
/// let thing: Thing = from_str(r#"{"code":"a"}"#).unwrap();
/// assert_eq!(thing.to_json(), r#"{"code":"a","tags":[]}"#);
/// ```
///
/// A member of type `Option<T>` may be absent when read; any other member is required unless
/// declared `= default`.
#[macro_export]
macro_rules! object {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            $(
                $(#[doc = $field_doc:literal])*
                pub $field:ident : $ty:ty $(= $mode:ident)?
            ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            $(
                $(#[doc = $field_doc])*
                pub $field: $ty,
            )*
        }

        impl $crate::json::FromJson for $name {
            fn from_json(value: &$crate::json::Json) -> ::core::result::Result<Self, $crate::json::ShapeError> {
                let fields = $crate::json::Fields::new(value)?;
                ::core::result::Result::Ok(Self {
                    $( $field: $crate::__read_member!(fields, stringify!($field) $(, $mode)?), )*
                })
            }

            fn check_members(value: &$crate::json::Json) -> ::core::result::Result<(), $crate::json::ShapeError> {
                let $crate::json::Json::Object(members) = value else { return ::core::result::Result::Ok(()) };
                for (name, member) in members {
                    match name.as_str() {
                        $( stringify!($field) => <$ty as $crate::json::FromJson>::check_members(member)
                            .map_err(|error| error.in_member(name))?, )*
                        _ => return ::core::result::Result::Err(
                            $crate::json::ShapeError::new("no such member (unknown field)").in_member(name),
                        ),
                    }
                }
                ::core::result::Result::Ok(())
            }
        }

        impl $crate::json::ToJson for $name {
            fn write_json(&self, out: &mut ::std::string::String) {
                out.push('{');
                let mut first = true;
                $( $crate::__write_member!(out, first, stringify!($field), &self.$field $(, $mode)?); )*
                let _ = first;
                out.push('}');
            }
        }

        impl $crate::schema::Schema for $name {
            fn write_schema(out: &mut ::std::string::String) {
                $crate::schema::write_ref(out, stringify!($name));
            }
        }

        impl $crate::schema::Named for $name {
            const NAME: &'static str = stringify!($name);

            fn write_definition(out: &mut ::std::string::String) {
                out.push_str("{\"type\":\"object\",\"description\":");
                out.push_str(&$crate::json::string_literal(&$crate::schema::description(&[$($doc),*])));
                out.push_str(",\"properties\":{");
                let mut first = true;
                $(
                    if !first {
                        out.push(',');
                    }
                    first = false;
                    out.push_str(&$crate::json::string_literal(stringify!($field)));
                    out.push_str(":{\"description\":");
                    out.push_str(&$crate::json::string_literal(&$crate::schema::description(&[$($field_doc),*])));
                    out.push_str(",\"allOf\":[");
                    <$ty as $crate::schema::Schema>::write_schema(out);
                    out.push_str("]}");
                )*
                let _ = first;
                out.push_str("},\"required\":[");
                let required: &[(&str, bool)] = &[
                    $( (stringify!($field), $crate::__member_required!($($mode)?) && !<$ty as $crate::schema::Schema>::OPTIONAL), )*
                ];
                let names: ::std::vec::Vec<::std::string::String> = required
                    .iter()
                    .filter(|(_, required)| *required)
                    .map(|(name, _)| $crate::json::string_literal(name))
                    .collect();
                out.push_str(&names.join(","));
                out.push_str("]}");
            }
        }

        $crate::__serde_bridge!($name);
    };
}

/// Declares a contract enum written as a string code.
///
/// ```
/// contract::enumeration! {
///     /// A colour.
///     pub enum Colour {
///         /// Red.
///         Red = "red",
///         Green = "green",
///     }
/// }
/// assert_eq!(Colour::parse("green"), Some(Colour::Green));
/// assert_eq!(Colour::Red.code(), "red");
/// ```
#[macro_export]
macro_rules! enumeration {
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident {
            $(
                $(#[doc = $variant_doc:literal])*
                $variant:ident = $code:literal
            ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $(
                $(#[doc = $variant_doc])*
                $variant,
            )*
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The code written in JSON and stored in the database.
            pub const fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)*
                }
            }

            /// The value with this code.
            pub fn parse(code: &str) -> ::core::option::Option<$name> {
                match code {
                    $($code => ::core::option::Option::Some($name::$variant),)*
                    _ => ::core::option::Option::None,
                }
            }
        }

        /// A stored or received code (for `#[sqlx(try_from = "String")]` on a row's member).
        impl ::core::convert::TryFrom<::std::string::String> for $name {
            type Error = $crate::UnknownCode;

            fn try_from(code: ::std::string::String) -> ::core::result::Result<$name, $crate::UnknownCode> {
                $name::parse(&code).ok_or($crate::UnknownCode { kind: stringify!($name), code })
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, formatter: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                formatter.write_str(self.code())
            }
        }

        impl $crate::json::FromJson for $name {
            fn from_json(value: &$crate::json::Json) -> ::core::result::Result<Self, $crate::json::ShapeError> {
                match value {
                    $crate::json::Json::String(code) => $name::parse(code),
                    _ => ::core::option::Option::None,
                }
                .ok_or($crate::json::ShapeError::new(concat!("one of ", $crate::__join_codes!($($code),*))))
            }
        }

        impl $crate::json::ToJson for $name {
            fn write_json(&self, out: &mut ::std::string::String) {
                $crate::json::ToJson::write_json(self.code(), out);
            }
        }

        impl $crate::schema::Schema for $name {
            fn write_schema(out: &mut ::std::string::String) {
                $crate::schema::write_ref(out, stringify!($name));
            }
        }

        impl $crate::schema::Named for $name {
            const NAME: &'static str = stringify!($name);

            fn write_definition(out: &mut ::std::string::String) {
                out.push_str("{\"type\":\"string\",\"description\":");
                let mut description = $crate::schema::description(&[$($doc),*]);
                $(
                    description.push_str(concat!("\n- `", $code, "`: "));
                    description.push_str(&$crate::schema::description(&[$($variant_doc),*]));
                )*
                out.push_str(&$crate::json::string_literal(&description));
                out.push_str(",\"enum\":[");
                let codes: &[&str] = &[$($code),*];
                let codes: ::std::vec::Vec<::std::string::String> =
                    codes.iter().map(|code| $crate::json::string_literal(code)).collect();
                out.push_str(&codes.join(","));
                out.push_str("]}");
            }
        }

        $crate::__serde_bridge!($name);
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __join_codes {
    ($first:literal $(, $rest:literal)*) => {
        concat!($first $(, ", ", $rest)*)
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __read_member {
    ($fields:ident, $name:expr) => {
        $fields.member($name)?
    };
    ($fields:ident, $name:expr, omit_none) => {
        $fields.member($name)?
    };
    ($fields:ident, $name:expr, default) => {
        $fields.or_default($name)?
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __write_member {
    ($out:ident, $first:ident, $name:expr, $value:expr) => {{
        if !$first {
            $out.push(',');
        }
        $first = false;
        $crate::json::ToJson::write_json($name, $out);
        $out.push(':');
        $crate::json::ToJson::write_json($value, $out);
    }};
    ($out:ident, $first:ident, $name:expr, $value:expr, default) => {
        $crate::__write_member!($out, $first, $name, $value)
    };
    ($out:ident, $first:ident, $name:expr, $value:expr, omit_none) => {
        if !$crate::json::ToJson::is_absent($value) {
            $crate::__write_member!($out, $first, $name, $value)
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __member_required {
    () => {
        true
    };
    (omit_none) => {
        false
    };
    (default) => {
        false
    };
}

#[cfg(feature = "serde")]
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_bridge {
    ($name:ident) => {
        /// Written as its contract JSON text (`serde_json` only).
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                use $crate::__private::serde::ser::Error as _;
                let text = $crate::json::ToJson::to_json(self);
                let raw =
                    $crate::__private::serde_json::value::RawValue::from_string(text).map_err(S::Error::custom)?;
                raw.serialize(serializer)
            }
        }

        /// Read from its contract JSON text (`serde_json` only).
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                use $crate::__private::serde::de::Error as _;
                let raw: ::std::boxed::Box<$crate::__private::serde_json::value::RawValue> =
                    $crate::__private::serde::Deserialize::deserialize(deserializer)?;
                $crate::json::from_str(raw.get()).map_err(|error| D::Error::custom(error.message()))
            }
        }
    };
}

#[cfg(not(feature = "serde"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_bridge {
    ($name:ident) => {};
}
