//! The wire form of the string enums of module `types`, which keep values they do not list.

/// Declares a string enum of module `types` with its wire form. Each listed variant is
/// `Variant = "wire value"`; the last, `Other(String)` after its docs, keeps the values the API
/// description does not list:
///
/// ```text
/// string_enum! {
///     /// Docs.
///     pub enum Name {
///         Variant = "VARIANT",
///         /// Docs of the catch-all.
///         Other(String),
///     }
/// }
/// ```
///
/// Gives the enum (its variants documented by their wire values, ordered as listed) with `as_str`,
/// `Display`, an infallible `FromStr`, its JSON form and `Serialize` and `Deserialize`. Paths are
/// absolute because the enum's own crate may define types named `Result` or `String`.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($variant:ident = $wire:literal,)*
            $(#[$other_meta:meta])+
            $other:ident(String) $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $(#[doc = concat!("`", stringify!($wire), "`")] $variant,)*
            $(#[$other_meta])+
            $other(::std::string::String),
        }

        runtime::string_enum_text!($name { $($variant = $wire,)* } $other);

        impl runtime::object::ToJson for $name {
            fn to_json(&self) -> ::serde_json::Value {
                ::serde_json::Value::String(self.as_str().to_owned())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl runtime::object::FromJson for $name {
            fn from_json(value: ::serde_json::Value) -> ::std::result::Result<Self, runtime::object::Misfit> {
                let value = runtime::object::tri!(runtime::string_enum::text(value));
                Ok(match value.as_str() {
                    $($wire => Self::$variant,)*
                    _ => Self::$other(value),
                })
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                runtime::object::deserialize(deserializer)
            }
        }
    };
}
pub(crate) use string_enum;

/// The text of a string enum's value.
pub fn text(value: serde_json::Value) -> Result<String, super::object::Misfit> {
    match value {
        serde_json::Value::String(text) => Ok(text),
        other => Err(super::object::Misfit::invalid_type(&other, "a string")),
    }
}

/// The text form of a string enum (`as_str`, `Display`, an infallible `FromStr`): for
/// [`string_enum!`], and for the enums of crates generated with `serde-derive`, declared with
/// serde's derive:
///
/// ```text
/// string_enum_text!(Name { Variant = "VARIANT", } Other);
/// ```
macro_rules! string_enum_text {
    ($name:ident { $($variant:ident = $wire:literal,)* } $other:ident) => {
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$other(value) => value,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(match value {
                    $($wire => Self::$variant,)*
                    other => Self::$other(other.to_owned()),
                })
            }
        }
    };
}
pub(crate) use string_enum_text;
