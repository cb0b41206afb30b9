//! The JSON form of the types of module `types`. One [`object!`](object) call lists a struct's
//! fields with their wire names. Reading goes through [`FromJson`]: a body is parsed once into a
//! `serde_json::Value` and each type takes its part of it, so a type costs one small function
//! instead of serde's visitor, field enum and sequence form, which are most of the time a release
//! build of a client spends. Writing is the mirror image, [`ToJson`]: one function per type
//! building a `Value`, where serde's `Serialize` is compiled anew (and inlined, type into type)
//! for every serializer. `Deserialize` and `Serialize` impls are thin wrappers over the two.
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Deserialize, Deserializer, Error, Unexpected};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

/// Declares a struct of module `types` with its JSON form as an object ([`ToJson`],
/// [`FromJson`], and `Serialize` and `Deserialize` over them). The struct is written as usual,
/// each field followed by `=> kind("wire name")`:
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
/// it they are skipped (a closed object); a member of that map that a field declares is not
/// written (the field is). A member given twice keeps its last value. Fields are read and written
/// in declaration order: of several misfits, the first declared is reported.
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

        impl runtime::object::ToJson for $name {
            fn to_json(&self) -> ::serde_json::Value {
                #[allow(unused_mut)]
                let mut map = ::serde_json::Map::new();
                $(runtime::object::$kind::write(&mut map, $wire, &self.$field);)*
                $(runtime::object::Rest::write(&self.$rest, &mut map);)?
                ::serde_json::Value::Object(map)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                runtime::object::serialize(self, serializer)
            }
        }

        impl runtime::object::FromJson for $name {
            fn from_json(value: ::serde_json::Value) -> ::std::result::Result<Self, runtime::object::Misfit> {
                // Every member is read before any is checked: one way out on a misfit, not one
                // per field dropping the fields read so far (code that grows with the square of
                // the field count and dominated release builds).
                #[allow(unused_mut)]
                let mut members = runtime::object::tri!(runtime::object::Members::of(value, stringify!($name)));
                $(let $field = runtime::object::$kind::read(&mut members, $wire);)*
                $(let $rest = members.rest();)?
                runtime::object::tri!(members.check());
                Ok($name { $($field: runtime::object::$kind::fits($field),)* $($rest,)? })
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                runtime::object::deserialize(deserializer)
            }
        }
    };
}
pub(crate) use object;

/// Reads a JSON value into a type, as [`serde::Deserialize`] would, but without serde's generic
/// machinery: each type's reading code is compiled once, for one input (a [`Value`]), where a
/// `Deserialize` impl is compiled anew for each kind of deserializer and inlines it. That code is
/// most of what a release build of a client spends its time on. A misfit names the path of
/// members leading to it. The types' `Deserialize` impls read a `Value` and call this.
pub trait FromJson: Sized {
    fn from_json(value: Value) -> Result<Self, Misfit>;
}

/// Writes a value as JSON, as [`serde::Serialize`] would, but without serde's generic machinery
/// (see [`FromJson`]). Request bodies and parameters are written through this; the types'
/// `Serialize` impls write the `Value` it gives.
pub trait ToJson {
    fn to_json(&self) -> Value;
}

/// A JSON value that does not fit the type it is read into, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misfit {
    /// Members and indices leading to the value, innermost first.
    path: Vec<Step>,
    message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Member(String),
    Index(usize),
}

impl Misfit {
    pub fn new(message: impl fmt::Display) -> Self {
        Misfit { path: Vec::new(), message: message.to_string() }
    }

    /// `value` is not the kind of value `expected` names (as serde_json words it).
    pub fn invalid_type(value: &Value, expected: &str) -> Self {
        let unexpected = match value {
            Value::Null => Unexpected::Unit,
            Value::Bool(b) => Unexpected::Bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), ..) => Unexpected::Unsigned(u),
                (_, Some(i), _) => Unexpected::Signed(i),
                (.., f) => Unexpected::Float(f.unwrap_or(f64::NAN)),
            },
            Value::String(s) => Unexpected::Str(s),
            Value::Array(_) => Unexpected::Seq,
            Value::Object(_) => Unexpected::Map,
        };
        Misfit::new(<serde_json::Error as Error>::invalid_type(unexpected, &expected))
    }

    fn within(mut self, step: Step) -> Self {
        self.path.push(step);
        self
    }

    #[inline(never)]
    fn in_member(self, wire: &str) -> Self {
        self.within(Step::Member(wire.to_owned()))
    }

    #[inline(never)]
    fn at_index(self, index: usize) -> Self {
        self.within(Step::Index(index))
    }

    /// What is wrong, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Where: the JSON pointer (RFC 6901) of the value that does not fit, `""` for the whole.
    pub fn pointer(&self) -> String {
        let mut pointer = String::new();
        for step in self.path.iter().rev() {
            match step {
                Step::Member(name) => {
                    pointer.push('/');
                    pointer.push_str(&name.replace('~', "~0").replace('/', "~1"));
                }
                Step::Index(index) => pointer.push_str(&format!("/{index}")),
            }
        }
        pointer
    }
}

impl fmt::Display for Misfit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            return f.write_str(&self.message);
        }
        f.write_str("at `")?;
        for (i, step) in self.path.iter().rev().enumerate() {
            match step {
                Step::Member(name) if i == 0 => f.write_str(name)?,
                Step::Member(name) => write!(f, ".{name}")?,
                Step::Index(index) => write!(f, "[{index}]")?,
            }
        }
        write!(f, "`: {}", self.message)
    }
}

impl std::error::Error for Misfit {}

/// `Deserialize` for a [`FromJson`] type: the input read as a [`Value`], then the value read.
pub fn deserialize<'de, D: Deserializer<'de>, T: FromJson>(deserializer: D) -> Result<T, D::Error> {
    let value = tri!(Value::deserialize(deserializer));
    T::from_json(value).map_err(D::Error::custom)
}

/// `Serialize` for a [`ToJson`] type: the value written as a [`Value`], then that serialised.
pub fn serialize<T: ToJson + ?Sized, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    value.to_json().serialize(serializer)
}

/// Scalars and the types of other crates: read by their own `Deserialize`, from a `Value`.
macro_rules! from_json_by_serde {
    ($($ty:ty),* $(,)?) => {
        $(impl FromJson for $ty {
            fn from_json(value: Value) -> Result<Self, Misfit> {
                <$ty as Deserialize>::deserialize(value).map_err(Misfit::new)
            }
        })*
    };
}

from_json_by_serde!(
    String,
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    chrono::DateTime<chrono::Utc>,
    chrono::NaiveDate,
    uuid::Uuid,
);

/// Scalars: written as serde_json writes them (a float that is not finite as `null`).
macro_rules! to_json_by_from {
    ($($ty:ty),* $(,)?) => {
        $(impl ToJson for $ty {
            fn to_json(&self) -> Value {
                Value::from(*self)
            }
        })*
    };
}

to_json_by_from!(bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

impl ToJson for String {
    fn to_json(&self) -> Value {
        Value::String(self.clone())
    }
}

/// The types of other crates: written by their own `Serialize`.
macro_rules! to_json_by_serde {
    ($($ty:ty),* $(,)?) => {
        $(impl ToJson for $ty {
            fn to_json(&self) -> Value {
                serialized(self)
            }
        })*
    };
}

to_json_by_serde!(chrono::DateTime<chrono::Utc>, chrono::NaiveDate, uuid::Uuid);

/// A value written by its `Serialize` impl.
pub fn serialized<T: Serialize + ?Sized>(value: &T) -> Value {
    // serde_json's `Value` serializer fails only on a map with keys that are not strings, and on
    // an error of the impl itself; the types written here have neither.
    serde_json::to_value(value).expect("a type of the client converts to JSON")
}

impl ToJson for str {
    fn to_json(&self) -> Value {
        Value::String(self.to_owned())
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn to_json(&self) -> Value {
        T::to_json(self)
    }
}

/// `FromJson` and `ToJson` for the types of a crate generated with `serde-derive`, through their
/// derived `Deserialize` and `Serialize`.
macro_rules! by_serde {
    ($name:ident) => {
        impl runtime::object::FromJson for $name {
            fn from_json(value: ::serde_json::Value) -> ::std::result::Result<Self, runtime::object::Misfit> {
                <$name as ::serde::Deserialize>::deserialize(value).map_err(runtime::object::Misfit::new)
            }
        }

        impl runtime::object::ToJson for $name {
            fn to_json(&self) -> ::serde_json::Value {
                runtime::object::serialized(self)
            }
        }
    };
}
pub(crate) use by_serde;

impl FromJson for Value {
    fn from_json(value: Value) -> Result<Self, Misfit> {
        Ok(value)
    }
}

impl ToJson for Value {
    fn to_json(&self) -> Value {
        self.clone()
    }
}

impl FromJson for () {
    fn from_json(value: Value) -> Result<Self, Misfit> {
        match value {
            Value::Null => Ok(()),
            other => Err(Misfit::invalid_type(&other, "unit")),
        }
    }
}

impl ToJson for () {
    fn to_json(&self) -> Value {
        Value::Null
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: Value) -> Result<Self, Misfit> {
        match value {
            Value::Null => Ok(None),
            value => T::from_json(value).map(Some),
        }
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Value {
        match self {
            Some(value) => value.to_json(),
            None => Value::Null,
        }
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(value: Value) -> Result<Self, Misfit> {
        T::from_json(value).map(Box::new)
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn to_json(&self) -> Value {
        T::to_json(self)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: Value) -> Result<Self, Misfit> {
        let items = match value {
            Value::Array(items) => items,
            other => return Err(Misfit::invalid_type(&other, "a sequence")),
        };
        let mut read = Vec::with_capacity(items.len());
        tri!(each_item(items, &mut |item| T::from_json(item).map(|item| read.push(item))));
        Ok(read)
    }
}

impl<T: ToJson> ToJson for [T] {
    fn to_json(&self) -> Value {
        Value::Array(self.iter().map(T::to_json).collect())
    }
}

impl<T: ToJson, const N: usize> ToJson for [T; N] {
    fn to_json(&self) -> Value {
        self.as_slice().to_json()
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Value {
        self.as_slice().to_json()
    }
}

/// Reads each item with `read`, naming the index of the first that does not fit. Not generic, so
/// compiled once rather than once per item type.
#[inline(never)]
fn each_item(items: Vec<Value>, read: &mut dyn FnMut(Value) -> Result<(), Misfit>) -> Result<(), Misfit> {
    for (index, item) in items.into_iter().enumerate() {
        if let Err(misfit) = read(item) {
            return Err(misfit.at_index(index));
        }
    }
    Ok(())
}

impl FromJson for Map<String, Value> {
    fn from_json(value: Value) -> Result<Self, Misfit> {
        match value {
            Value::Object(map) => Ok(map),
            other => Err(Misfit::invalid_type(&other, "a map")),
        }
    }
}

impl ToJson for Map<String, Value> {
    fn to_json(&self) -> Value {
        Value::Object(self.clone())
    }
}

impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn from_json(value: Value) -> Result<Self, Misfit> {
        let map = tri!(Map::from_json(value));
        read_map(map)
    }
}

impl<T: ToJson> ToJson for BTreeMap<String, T> {
    fn to_json(&self) -> Value {
        let mut members = Map::new();
        for (key, value) in self {
            members.insert(key.clone(), value.to_json());
        }
        Value::Object(members)
    }
}

fn read_map<T: FromJson>(map: Map<String, Value>) -> Result<BTreeMap<String, T>, Misfit> {
    let mut read = BTreeMap::new();
    tri!(each_member(map, &mut |key, value| match T::from_json(value) {
        Ok(value) => {
            read.insert(key, value);
            Ok(())
        }
        Err(misfit) => Err(misfit.in_member(&key)),
    }));
    Ok(read)
}

/// Reads each member with `read`, up to the first that does not fit (as [`each_item`]).
#[inline(never)]
fn each_member(
    map: Map<String, Value>,
    read: &mut dyn FnMut(String, Value) -> Result<(), Misfit>,
) -> Result<(), Misfit> {
    for (key, value) in map {
        tri!(read(key, value));
    }
    Ok(())
}

/// The members of an object being read into a struct: each field takes its own, and the map of
/// the members the struct does not declare, if it has one, takes the rest, in their order. A
/// field that does not fit reads as `None` and is remembered (the first one) for the error.
pub struct Members {
    map: Map<String, Value>,
    misfit: Option<Misfit>,
}

impl Members {
    /// The members of `value`, which must be an object (for struct `name`).
    pub fn of(value: Value, name: &str) -> Result<Self, Misfit> {
        match value {
            Value::Object(map) => Ok(Members { map, misfit: None }),
            other => Err(Misfit::invalid_type(&other, &format!("struct {name}"))),
        }
    }

    fn take(&mut self, wire: &str) -> Option<Value> {
        self.map.shift_remove(wire)
    }

    /// The member, unless it is missing or `null`.
    #[inline(never)]
    fn take_present(&mut self, wire: &str) -> Option<Value> {
        self.take(wire).filter(|value| !value.is_null())
    }

    /// `read`'s value, or `None` with its misfit remembered.
    fn fits<T>(&mut self, read: Result<T, Misfit>) -> Option<T> {
        match read {
            Ok(value) => Some(value),
            Err(misfit) => {
                self.remember(misfit);
                None
            }
        }
    }

    #[inline(never)]
    fn remember(&mut self, misfit: Misfit) {
        self.misfit.get_or_insert(misfit);
    }

    /// What is left: the members the struct does not declare (empty when they do not fit).
    pub fn rest<R: Rest>(&mut self) -> R {
        let rest = R::read(std::mem::take(&mut self.map));
        self.fits(rest).unwrap_or_default()
    }

    /// The first misfit among the members read, if any.
    #[inline(never)]
    pub fn check(&mut self) -> Result<(), Misfit> {
        match self.misfit.take() {
            Some(misfit) => Err(misfit),
            None => Ok(()),
        }
    }
}

/// Where an object keeps the members it does not declare: a typed map (`additionalProperties`
/// with a schema), or the JSON values of an open object, in their order.
pub trait Rest: Default {
    fn read(members: Map<String, Value>) -> Result<Self, Misfit>;
    /// Adds the members to those the fields wrote, after them; a field's own member stays.
    fn write(&self, map: &mut Map<String, Value>);
}

impl<T: FromJson + ToJson> Rest for BTreeMap<String, T> {
    fn read(members: Map<String, Value>) -> Result<Self, Misfit> {
        read_map(members)
    }

    fn write(&self, map: &mut Map<String, Value>) {
        for (key, value) in self {
            if !map.contains_key(key) {
                map.insert(key.clone(), value.to_json());
            }
        }
    }
}

impl Rest for Map<String, Value> {
    fn read(members: Map<String, Value>) -> Result<Self, Misfit> {
        UNDECLARED.set(UNDECLARED.get() + members.len());
        Ok(members)
    }

    fn write(&self, map: &mut Map<String, Value>) {
        for (key, value) in self {
            if !map.contains_key(key) {
                map.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Reads the members an open object does not declare (serde's `flatten`, in crates generated
/// with `serde-derive`), counted as [`Rest`] counts them.
pub fn undeclared_members<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Map<String, Value>, D::Error> {
    let members = Map::deserialize(deserializer)?;
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

/// Reads member `wire` as a `T`, naming it in a misfit.
fn read<T: FromJson>(value: Value, wire: &str) -> Result<T, Misfit> {
    match T::from_json(value) {
        Ok(value) => Ok(value),
        Err(misfit) => Err(misfit.in_member(wire)),
    }
}

/// Adds member `key`; not generic, so compiled once.
#[inline(never)]
fn insert(map: &mut Map<String, Value>, key: &'static str, value: Value) {
    map.insert(key.to_owned(), value);
}

/// A field the API always sends: missing is a misfit.
pub mod required {
    use serde_json::{Map, Value};

    use super::{FromJson, Members, Misfit, ToJson};

    pub fn write<T: ToJson>(map: &mut Map<String, Value>, key: &'static str, value: &T) {
        super::insert(map, key, value.to_json());
    }

    /// The field's value; `None` when missing or not a `T`, the misfit remembered for
    /// [`Members::check`].
    #[inline(never)]
    pub fn read<T: FromJson>(members: &mut Members, wire: &'static str) -> Option<T> {
        let read = match members.take(wire) {
            Some(value) => super::read(value, wire),
            None => Err(Misfit::new(format_args!("missing field `{wire}`"))),
        };
        members.fits(read)
    }

    /// The value read, once [`Members::check`] found no misfit.
    pub fn fits<T>(read: Option<T>) -> T {
        read.expect("a field that did not fit was checked")
    }
}

/// A required field that may be `null`: always written, and read as `None` when missing too
/// (as serde's derive reads any `Option` field).
pub mod nullable {
    pub use super::optional::{fits, read};
    pub use super::required::write;
}

/// A field the API may leave out: not written when `None`, read as `None` when missing or `null`.
pub mod optional {
    use serde_json::{Map, Value};

    use super::{FromJson, Members, ToJson};

    pub fn write<T: ToJson>(map: &mut Map<String, Value>, key: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            super::insert(map, key, value.to_json());
        }
    }

    /// The field's value, `None` when missing or `null`, or when not a `T` (the misfit
    /// remembered for [`Members::check`]).
    #[inline(never)]
    pub fn read<T: FromJson>(members: &mut Members, wire: &'static str) -> Option<T> {
        let value = members.take_present(wire)?;
        let read = super::read(value, wire);
        members.fits(read)
    }

    /// The value read.
    pub fn fits<T>(read: Option<T>) -> Option<T> {
        read
    }
}
