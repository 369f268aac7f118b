//! The TOML file's keys, read from the serde types the file deserializes
//! into, so that documentation can be checked against them
//! (`crates/config/tests/docs.rs` holds `docs/configuration.md` to this list).
//!
//! A recording [`serde::Deserializer`] stands in for the TOML parser: each
//! `deserialize_struct` records its field names and hands the visitor every
//! field, recursing into nested tables and one element of each array. Leaves
//! get a zero value; a field whose own deserializer refuses that value (a
//! MAC address, a suite name) is recorded anyway, with the names its
//! "unknown variant" error lists, and left out of the next pass.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, Visitor};
use serde::Deserialize;

/// What a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Shape {
    /// A value: string, number, boolean or an array of them.
    Value,
    /// A table (`[radio.bss.cache]`).
    Table,
    /// An array of tables (`[[radio.bss]]`).
    ArrayOfTables,
}

/// One key of the TOML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// Its dotted path from the top, without array indices
    /// (`radio.bss.cache.mode`).
    pub path: String,
    /// What it holds.
    pub shape: Shape,
    /// The names it accepts, where the type has a fixed set (an enum or a
    /// suite list); empty otherwise.
    pub values: Vec<&'static str>,
}

/// Every key of roamd's TOML file, in declaration order.
pub fn keys() -> Vec<Key> {
    let state = RefCell::new(State::default());
    // Each pass leaves out the fields that failed in the one before; a
    // pass per such field at most.
    for _ in 0..256 {
        let skipped = state.borrow().skip.len();
        let recorder = Recorder {
            path: String::new(),
            state: &state,
        };
        if crate::raw::RawConfig::deserialize(recorder).is_ok()
            || state.borrow().skip.len() == skipped
        {
            break;
        }
    }
    state.into_inner().keys
}

#[derive(Default)]
struct State {
    keys: Vec<Key>,
    /// Paths whose value the recorder cannot give: not visited again.
    skip: HashSet<String>,
    /// Paths deserialized as sequences (their struct is an array of tables).
    seqs: HashSet<String>,
}

impl State {
    fn key(&mut self, path: &str) -> &mut Key {
        let index = match self.keys.iter().position(|k| k.path == path) {
            Some(i) => i,
            None => {
                self.keys.push(Key {
                    path: path.to_string(),
                    shape: Shape::Value,
                    values: Vec::new(),
                });
                self.keys.len() - 1
            }
        };
        &mut self.keys[index]
    }

    fn set_values(&mut self, path: &str, values: &'static [&'static str]) {
        if !path.is_empty() {
            self.key(path).values = values.to_vec();
        }
    }
}

/// The recorder's error; `expected` keeps the names of an unknown-variant
/// error, `attributed` whether a field already took the blame.
#[derive(Debug)]
struct RecordError {
    message: String,
    expected: Option<&'static [&'static str]>,
    attributed: bool,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RecordError {}

impl de::Error for RecordError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        RecordError {
            message: msg.to_string(),
            expected: None,
            attributed: false,
        }
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        RecordError {
            message: format!("unknown variant {variant:?}"),
            expected: Some(expected),
            attributed: false,
        }
    }
}

/// Deserializes whatever is asked of it at `path`.
struct Recorder<'s> {
    path: String,
    state: &'s RefCell<State>,
}

impl Recorder<'_> {
    fn child(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.path)
        }
    }
}

macro_rules! zero {
    ($($method:ident => $visit:ident($($value:expr)?)),* $(,)?) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, RecordError> {
            visitor.$visit($($value)?)
        })*
    };
}

impl<'de, 's> Deserializer<'de> for Recorder<'s> {
    type Error = RecordError;

    zero! {
        deserialize_any => visit_unit(),
        deserialize_bool => visit_bool(false),
        deserialize_i8 => visit_i64(0),
        deserialize_i16 => visit_i64(0),
        deserialize_i32 => visit_i64(0),
        deserialize_i64 => visit_i64(0),
        deserialize_u8 => visit_u64(0),
        deserialize_u16 => visit_u64(0),
        deserialize_u32 => visit_u64(0),
        deserialize_u64 => visit_u64(0),
        deserialize_f32 => visit_f64(0.0),
        deserialize_f64 => visit_f64(0.0),
        deserialize_char => visit_char(' '),
        deserialize_str => visit_str(""),
        deserialize_string => visit_str(""),
        deserialize_bytes => visit_bytes(&[]),
        deserialize_byte_buf => visit_bytes(&[]),
        deserialize_unit => visit_unit(),
        deserialize_identifier => visit_str(""),
        deserialize_ignored_any => visit_unit(),
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, RecordError> {
        visitor.visit_some(self)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, RecordError> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, RecordError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, RecordError> {
        self.state.borrow_mut().seqs.insert(self.path.clone());
        visitor.visit_seq(OneElement(Some(self)))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, RecordError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, RecordError> {
        self.deserialize_seq(visitor)
    }

    /// A table of named tables (`[cache_domain.NAME]`): one entry, whose
    /// name is the placeholder `NAME`.
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, RecordError> {
        if !self.path.is_empty() {
            self.state.borrow_mut().key(&self.path).shape = Shape::Table;
        }
        visitor.visit_map(Fields {
            recorder: self,
            fields: &["NAME"],
            next: 0,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, RecordError> {
        {
            let mut state = self.state.borrow_mut();
            if !self.path.is_empty() {
                let shape = if state.seqs.contains(&self.path) {
                    Shape::ArrayOfTables
                } else {
                    Shape::Table
                };
                state.key(&self.path).shape = shape;
            }
            for field in fields {
                state.key(&self.child(field));
            }
        }
        visitor.visit_map(Fields {
            recorder: self,
            fields,
            next: 0,
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, RecordError> {
        self.state.borrow_mut().set_values(&self.path, variants);
        let first = variants
            .first()
            .copied()
            .ok_or_else(|| de::Error::custom("an enum without variants"))?;
        visitor.visit_enum(FirstVariant {
            name: first,
            recorder: self,
        })
    }
}

/// The one element of an array the recorder hands out.
struct OneElement<'s>(Option<Recorder<'s>>);

impl<'de> de::SeqAccess<'de> for OneElement<'_> {
    type Error = RecordError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, RecordError> {
        match self.0.take() {
            Some(recorder) => seed.deserialize(recorder).map(Some),
            None => Ok(None),
        }
    }
}

/// A struct's fields, each with a recorder for its value.
struct Fields<'s> {
    recorder: Recorder<'s>,
    fields: &'static [&'static str],
    next: usize,
}

impl<'de> de::MapAccess<'de> for Fields<'_> {
    type Error = RecordError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, RecordError> {
        let state = self.recorder.state.borrow();
        while let Some(field) = self.fields.get(self.next) {
            if !state.skip.contains(&self.recorder.child(field)) {
                break;
            }
            self.next += 1;
        }
        drop(state);
        match self.fields.get(self.next) {
            Some(field) => seed.deserialize(field.into_deserializer()).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, RecordError> {
        let field = self.fields.get(self.next).copied().unwrap_or_default();
        self.next += 1;
        let path = self.recorder.child(field);
        let value = Recorder {
            path: path.clone(),
            state: self.recorder.state,
        };
        seed.deserialize(value).map_err(|mut e| {
            if !e.attributed {
                let mut state = self.recorder.state.borrow_mut();
                if let Some(expected) = e.expected {
                    state.set_values(&path, expected);
                }
                state.skip.insert(path);
                e.attributed = true;
            }
            e
        })
    }
}

/// An enum value: its first variant, as a unit (or, for data, recorded).
struct FirstVariant<'s> {
    name: &'static str,
    recorder: Recorder<'s>,
}

impl<'de, 's> de::EnumAccess<'de> for FirstVariant<'s> {
    type Error = RecordError;
    type Variant = Recorder<'s>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Recorder<'s>), RecordError> {
        let name: de::value::BorrowedStrDeserializer<'de, RecordError> =
            de::value::BorrowedStrDeserializer::new(self.name);
        Ok((seed.deserialize(name)?, self.recorder))
    }
}

impl<'de> de::VariantAccess<'de> for Recorder<'_> {
    type Error = RecordError;

    fn unit_variant(self) -> Result<(), RecordError> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, RecordError> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, RecordError> {
        self.deserialize_seq(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, RecordError> {
        self.deserialize_struct("", fields, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(keys: &[Key], path: &str) -> Key {
        keys.iter()
            .find(|k| k.path == path)
            .cloned()
            .unwrap_or_else(|| panic!("{path} not recorded"))
    }

    #[test]
    fn records_tables_arrays_and_values_with_their_names() {
        let keys = keys();
        assert_eq!(key(&keys, "daemon").shape, Shape::Table);
        assert_eq!(key(&keys, "radio").shape, Shape::ArrayOfTables);
        assert_eq!(key(&keys, "radio.bss").shape, Shape::ArrayOfTables);
        assert_eq!(key(&keys, "radio.bss.cache").shape, Shape::Table);
        assert_eq!(
            key(&keys, "radio.bss.auth_server").shape,
            Shape::ArrayOfTables
        );
        assert_eq!(
            key(&keys, "radio.bss.sae.passwords").shape,
            Shape::ArrayOfTables
        );
        let mode = key(&keys, "radio.bss.cache.mode");
        assert_eq!(mode.shape, Shape::Value);
        assert_eq!(mode.values, ["none", "sticky", "okc"]);
        // Fields past one whose deserializer refuses the zero value are
        // still visited (accept_macs parses MAC addresses).
        assert!(key(&keys, "radio.bss.accept_macs").values.is_empty());
        assert!(key(&keys, "radio.bss.key_mgmt").values.contains(&"ft-sae"));
        assert!(key(&keys, "radio.bss.pairwise")
            .values
            .contains(&"gcmp-256"));
        assert!(key(&keys, "radio.bss.sae.pwe").values.contains(&"both"));
        assert_eq!(key(&keys, "radio.bss.ft.r0kh").shape, Shape::Value);
        assert_eq!(
            key(&keys, "radio.bss.sae.passwords.mac").shape,
            Shape::Value
        );
        // serde(skip) fields are not keys of the file.
        assert!(keys.iter().all(|k| k.path != "radio.bss.auth_server.port"));
    }
}
