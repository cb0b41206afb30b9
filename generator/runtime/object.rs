//! The JSON form of the structs of module `types`. One [`object!`](object) call lists the
//! fields with their wire names; it writes a fraction of the code serde's derive writes (no
//! field enum, no sequence form), which is most of the time `cargo check` spends on a client.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Deserialize, DeserializeOwned, Deserializer, Error, MapAccess, Visitor};

/// Declares a struct of module `types` with its JSON form (`Serialize` and `Deserialize` as an
/// object). The struct is written as usual, each field followed by `=> kind("wire name")`:
///
/// ```text
/// object! {
///     /// Docs.
///     #[derive(Debug, Clone, PartialEq)]
///     pub struct Name {
///         pub id: String => required("id"),
///         pub source_id: Option<String> => optional("sourceId"),
///         ..pub additional_properties: serde_json::Map<String, serde_json::Value>
///     }
/// }
/// ```
///
/// The kind is a module of this one: [`required`] (always present), [`nullable`] (always
/// written, `null` when absent) or [`optional`] (absent when `None`). A last `..field`, a
/// [`Rest`] map, collects the members not listed, and writes them back after the others; without
/// it they are skipped (a closed object). A member given twice keeps its last value. Fields are
/// written in declaration order.
macro_rules! object {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $($(#[$field_meta:meta])* $field_vis:vis $field:ident: $ty:ty => $kind:ident($wire:literal),)*
            $(..$rest_vis:vis $rest:ident: $rest_ty:ty $(,)?)?
        }
    ) => {
        $(#[$meta])*
        $vis struct $name {
            $($(#[$field_meta])* $field_vis $field: $ty,)*
            $(
                /// Properties not declared above.
                $rest_vis $rest: $rest_ty,
            )?
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let mut map = runtime::object::tri!(serializer.serialize_map(None));
                $(runtime::object::tri!(runtime::object::$kind::write(&mut map, $wire, &self.$field));)*
                $(for (key, value) in &self.$rest {
                    runtime::object::tri!(map.serialize_entry(key, value));
                })?
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct Members;

                impl<'de> ::serde::de::Visitor<'de> for Members {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<$name, A::Error> {
                        $(let mut $field = None;)*
                        $(let mut $rest: $rest_ty = Default::default();)?
                        while let Some(key) = runtime::object::tri!(map.next_key::<runtime::object::Key<'de>>()) {
                            match key.as_str() {
                                $($wire => $field = Some(runtime::object::tri!(map.next_value())),)*
                                _ => runtime::object::unlisted!(map, key $(, $rest)?),
                            }
                        }
                        Ok($name {
                            $($field: runtime::object::tri!(runtime::object::$kind::finish($field, $wire)),)*
                            $($rest,)?
                        })
                    }
                }

                deserializer.deserialize_map(Members)
            }
        }
    };
}
pub(crate) use object;

/// What `object!` does with a member it does not list: skips it, or keeps it in `$rest`.
macro_rules! unlisted {
    ($map:ident, $key:ident) => {
        drop(runtime::object::tri!($map.next_value::<::serde::de::IgnoredAny>()))
    };
    ($map:ident, $key:ident, $rest:ident) => {
        runtime::object::tri!(runtime::object::Rest::keep(&mut $rest, $key.into(), &mut $map))
    };
}
pub(crate) use unlisted;

/// Where an object keeps the members it does not declare: a typed map (`additionalProperties`
/// with a schema), or the JSON values of an open object, in their order.
pub trait Rest {
    fn keep<'de, A: MapAccess<'de>>(&mut self, key: String, map: &mut A) -> Result<(), A::Error>;
}

impl<T: DeserializeOwned> Rest for BTreeMap<String, T> {
    fn keep<'de, A: MapAccess<'de>>(&mut self, key: String, map: &mut A) -> Result<(), A::Error> {
        let value = tri!(map.next_value());
        self.insert(key, value);
        Ok(())
    }
}

impl Rest for serde_json::Map<String, serde_json::Value> {
    fn keep<'de, A: MapAccess<'de>>(&mut self, key: String, map: &mut A) -> Result<(), A::Error> {
        let value = tri!(map.next_value());
        UNDECLARED.set(UNDECLARED.get() + 1);
        self.insert(key, value);
        Ok(())
    }
}

/// Reads the members an open object does not declare (serde's `flatten`, in crates generated
/// with `serde-derive`), counted as [`Rest::keep`] counts them.
pub fn undeclared_members<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<serde_json::Map<String, serde_json::Value>, D::Error> {
    let members = serde_json::Map::deserialize(deserializer)?;
    UNDECLARED.set(UNDECLARED.get() + members.len());
    Ok(members)
}

thread_local! {
    /// How many members this thread has read that no type declares, for an untagged union to
    /// prefer the variant that declares the most of a value.
    static UNDECLARED: Cell<usize> = const { Cell::new(0) };
}

/// The count of members read into open objects' maps on this thread so far.
pub fn undeclared() -> usize {
    UNDECLARED.get()
}

/// Sets that count back, once a union has chosen a variant among several it read.
pub fn set_undeclared(count: usize) {
    UNDECLARED.set(count);
}

/// `?` without the `Try` and `From` conversions the compiler resolves anew at each use; it took
/// 7% off `cargo check` of a large client (serde_json has the same macro for the same reason).
macro_rules! tri {
    ($result:expr) => {
        match $result {
            Ok(value) => value,
            Err(error) => return Err(error),
        }
    };
}
pub(crate) use tri;

/// A member name, borrowed from the input when the deserializer allows it (no allocation for
/// the names of a `serde_json::from_slice`).
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<Key<'_>> for String {
    fn from(key: Key<'_>) -> String {
        key.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }

            fn visit_borrowed_str<E: Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(value)))
            }

            fn visit_str<E: Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }

            fn visit_string<E: Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A field the API always sends: missing is an error.
pub mod required {
    use serde::ser::SerializeMap;
    use serde::Serialize;

    pub fn write<M: SerializeMap, T: Serialize>(map: &mut M, key: &'static str, value: &T) -> Result<(), M::Error> {
        map.serialize_entry(key, value)
    }

    pub fn finish<T, E: serde::de::Error>(value: Option<T>, key: &'static str) -> Result<T, E> {
        value.ok_or_else(|| E::missing_field(key))
    }
}

/// A required field that may be `null`: always written, and read as `None` when missing too
/// (as serde's derive reads any `Option` field).
pub mod nullable {
    pub use super::required::write;

    pub fn finish<T, E>(value: Option<Option<T>>, _key: &'static str) -> Result<Option<T>, E> {
        Ok(value.flatten())
    }
}

/// A field the API may leave out: not written when `None`.
pub mod optional {
    use serde::ser::SerializeMap;
    use serde::Serialize;

    pub use super::nullable::finish;

    pub fn write<M: SerializeMap, T: Serialize>(
        map: &mut M,
        key: &'static str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => map.serialize_entry(key, value),
            None => Ok(()),
        }
    }
}
