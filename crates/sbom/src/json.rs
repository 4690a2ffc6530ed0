//! JSON access shared by the readers and writers.
//!
//! - Lenient field access on `serde_json::Value` (writers, SPDX 3): a field that is absent or of
//!   the wrong type reads as absent (schema validation reports it).
//! - [`Json`], the tree the CycloneDX and SPDX 2 readers map from: a JSON value whose strings
//!   and keys borrow from the document text wherever they hold no escape, and whose objects are
//!   key/value vectors. Against a `serde_json::Value` it allocates a fraction of the strings and
//!   no maps, which is what makes reading a large SBOM fast and small (`scripts/bench/sbom`).
//!   The same lenient accessors apply: a field of the wrong type reads as absent.

use std::borrow::Cow;
use std::fmt;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::Value;

/// A string field.
pub(crate) fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// An array field's items (none when absent or not an array).
pub(crate) fn array_at<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
}

/// A JSON value borrowing from the text it was parsed from (see the module documentation).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Json<'a> {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string (borrowed unless it held an escape).
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Json<'a>>),
    /// An object, its members in document order.
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

/// A JSON number as serde_json reads it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Number {
    /// A non-negative integer.
    Unsigned(u64),
    /// A negative integer.
    Signed(i64),
    /// Anything else.
    Float(f64),
}

impl<'a> Json<'a> {
    /// Parses JSON text into a whole tree (the readers stream instead, see [`stream_object`]).
    #[cfg(test)]
    pub(crate) fn parse(text: &'a str) -> Result<Json<'a>, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// A tree over a `serde_json::Value` (the XML and tag-value readers build one), borrowing
    /// its strings.
    pub(crate) fn from_value(value: &'a Value) -> Json<'a> {
        match value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Number(if let Some(u) = n.as_u64() {
                Number::Unsigned(u)
            } else if let Some(i) = n.as_i64() {
                Number::Signed(i)
            } else {
                Number::Float(n.as_f64().unwrap_or(f64::NAN))
            }),
            Value::String(s) => Json::String(Cow::Borrowed(s)),
            Value::Array(items) => Json::Array(items.iter().map(Json::from_value).collect()),
            Value::Object(map) => Json::Object(
                map.iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Json::from_value(v)))
                    .collect(),
            ),
        }
    }

    /// An object's member (the last one, when a key repeats, as serde_json keeps it).
    pub(crate) fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub(crate) fn as_array(&self) -> Option<&[Json<'a>]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub(crate) fn as_object(&self) -> Option<&[(Cow<'a, str>, Json<'a>)]> {
        match self {
            Json::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The number, if this is a non-negative integer.
    pub(crate) fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Number(Number::Unsigned(u)) => Some(*u),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// Takes a string member out of an object (leaving `null`), keeping its borrow of the text.
    pub(crate) fn take_str(&mut self, key: &str) -> Option<Cow<'a, str>> {
        let Json::Object(members) = self else {
            return None;
        };
        let (_, value) = members.iter_mut().rev().find(|(k, _)| k == key)?;
        match std::mem::replace(value, Json::Null) {
            Json::String(s) => Some(s),
            other => {
                *value = other;
                None
            }
        }
    }

    /// A string member.
    pub(crate) fn str_at(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Json::as_str)
    }

    /// An array member's items (none when absent or not an array).
    pub(crate) fn array_at(&self, key: &str) -> &[Json<'a>] {
        self.get(key).and_then(Json::as_array).unwrap_or(&[])
    }
}

impl<'de> Deserialize<'de> for Json<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json<'de>, E> {
        Ok(Json::Number(match u64::try_from(v) {
            Ok(u) => Number::Unsigned(u),
            Err(_) => Number::Signed(v),
        }))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json<'de>, E> {
        Ok(Json::Number(Number::Unsigned(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Json<'de>, E> {
        Ok(Json::Number(Number::Float(v)))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(v)))
    }

    fn visit_unit<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_none<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json<'de>, D::Error> {
        Json::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        items.shrink_to_fit();
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(Key(key)) = map.next_key()? {
            members.push((key, map.next_value()?));
        }
        members.shrink_to_fit();
        Ok(Json::Object(members))
    }
}

/// An object key, borrowed from the text unless it held an escape.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// What [`stream_object`] does with a top-level member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Member {
    /// Kept in the returned tree.
    Keep,
    /// An array whose items are handed to the callback one at a time, each as its own tree,
    /// and dropped after it (a member that is not an array is kept instead).
    Stream,
    /// An array whose items are only counted: the callback gets `None` per item.
    Count,
}

/// Reads a JSON document whose top level is an object without ever holding all of it as a
/// tree: the items of the large arrays (`components`, `packages`, ...) go to `on_item(key,
/// index, item)` one by one as they are parsed, and the rest of the members come back as a small
/// tree (streamed members are absent from it). Peak memory is then the text, the caller's
/// model and one item's tree.
pub(crate) fn stream_object<'a>(
    text: &'a str,
    plan: &dyn Fn(&str) -> Member,
    on_item: &mut dyn FnMut(&str, usize, Option<Json<'a>>),
) -> Result<Json<'a>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let rest = de.deserialize_any(TopVisitor { plan, on_item })?;
    de.end()?;
    Ok(rest)
}

struct TopVisitor<'p, 'a> {
    plan: &'p dyn Fn(&str) -> Member,
    on_item: &'p mut dyn FnMut(&str, usize, Option<Json<'a>>),
}

impl<'a> Visitor<'a> for TopVisitor<'_, 'a> {
    type Value = Json<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<Json<'a>, A::Error> {
        let mut members = Vec::new();
        while let Some(Key(key)) = map.next_key()? {
            let member = (self.plan)(&key);
            if member == Member::Keep {
                let value = map.next_value()?;
                members.push((key, value));
                continue;
            }
            let seed = ItemsSeed {
                key: &key,
                count_only: member == Member::Count,
                on_item: &mut *self.on_item,
            };
            if let Some(value) = map.next_value_seed(seed)? {
                members.push((key, value));
            }
        }
        Ok(Json::Object(members))
    }
}

/// An array member streamed item by item; `Some(tree)` when the member is not an array.
struct ItemsSeed<'p, 'a> {
    key: &'p str,
    count_only: bool,
    on_item: &'p mut dyn FnMut(&str, usize, Option<Json<'a>>),
}

impl<'a> DeserializeSeed<'a> for ItemsSeed<'_, 'a> {
    type Value = Option<Json<'a>>;

    fn deserialize<D: Deserializer<'a>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'a> Visitor<'a> for ItemsSeed<'_, 'a> {
    type Value = Option<Json<'a>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<A: SeqAccess<'a>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut index = 0;
        if self.count_only {
            while seq.next_element::<IgnoredAny>()?.is_some() {
                (self.on_item)(self.key, index, None);
                index += 1;
            }
        } else {
            while let Some(item) = seq.next_element::<Json<'a>>()? {
                (self.on_item)(self.key, index, Some(item));
                index += 1;
            }
        }
        Ok(None)
    }

    // Any other value is kept as it is (the mapping reads it as absent; the schema reports it).
    fn visit_map<A: MapAccess<'a>>(self, map: A) -> Result<Self::Value, A::Error> {
        JsonVisitor.visit_map(map).map(Some)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        JsonVisitor.visit_bool(v).map(Some)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        JsonVisitor.visit_i64(v).map(Some)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        JsonVisitor.visit_u64(v).map(Some)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        JsonVisitor.visit_f64(v).map(Some)
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'a str) -> Result<Self::Value, E> {
        JsonVisitor.visit_borrowed_str(v).map(Some)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        JsonVisitor.visit_str(v).map(Some)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Some(Json::Null))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn borrows_plain_strings_and_decodes_escaped_ones() {
        let text = r#"{"a": "plain", "b\u0041": "esc\"aped", "n": [1, -2, 2.5, true, null]}"#;
        let json = Json::parse(text).expect("valid JSON");
        assert!(matches!(
            json.get("a"),
            Some(Json::String(Cow::Borrowed("plain")))
        ));
        assert_eq!(json.str_at("bA"), Some("esc\"aped"));
        let n = json.array_at("n");
        assert_eq!(n[0].as_u64(), Some(1));
        assert_eq!(n[1], Json::Number(Number::Signed(-2)));
        assert_eq!(n[2], Json::Number(Number::Float(2.5)));
        assert_eq!(n[3].as_bool(), Some(true));
        assert_eq!(n[4], Json::Null);
        assert_eq!(json.array_at("a"), &[] as &[Json<'_>]);
    }

    #[test]
    fn a_repeated_key_reads_as_its_last_value() {
        let json = Json::parse(r#"{"k": 1, "k": 2}"#).expect("valid JSON");
        assert_eq!(json.get("k").and_then(Json::as_u64), Some(2));
    }

    fn arbitrary_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            (-1e9f64..1e9).prop_map(Value::from),
            ".*".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
                prop::collection::btree_map(".*", inner, 0..8)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    #[test]
    fn streams_the_planned_arrays_and_keeps_the_rest() {
        let text = r#"{"a": [1, {"x": "y"}], "b": {"k": 2}, "c": [true, 3], "d": "not an array"}"#;
        let mut seen = Vec::new();
        let plan = |key: &str| match key {
            "a" | "d" => Member::Stream,
            "c" => Member::Count,
            _ => Member::Keep,
        };
        let rest = stream_object(text, &plan, &mut |key, i, item| {
            seen.push((key.to_owned(), i, item.map(|j| format!("{j:?}"))));
        })
        .expect("valid JSON");
        assert_eq!(seen.len(), 4);
        assert_eq!(seen[1].0, "a");
        assert_eq!(seen[1].1, 1);
        assert!(seen[1].2.as_deref().is_some_and(|s| s.contains("\"x\"")));
        assert_eq!((seen[2].0.as_str(), seen[2].2.clone()), ("c", None));
        // Streamed arrays are gone from the rest; a "streamed" member that is no array stays.
        assert_eq!(rest.get("a"), None);
        assert_eq!(rest.str_at("d"), Some("not an array"));
        assert_eq!(
            rest.get("b")
                .and_then(|b| b.get("k"))
                .and_then(Json::as_u64),
            Some(2)
        );
        assert!(stream_object("{} x", &plan, &mut |_, _, _| {}).is_err());
        assert!(stream_object("[1]", &plan, &mut |_, _, _| {}).is_err());
    }

    proptest! {
        /// Parsing text into the tree gives the tree of serde_json's own `Value` of that text.
        #[test]
        fn the_tree_of_text_equals_the_tree_of_its_value(value in arbitrary_value()) {
            let text = serde_json::to_string(&value).expect("serialisable");
            let parsed = Json::parse(&text).expect("valid JSON");
            let reparsed: Value = serde_json::from_str(&text).expect("valid JSON");
            prop_assert_eq!(parsed, Json::from_value(&reparsed));
        }
    }
}
